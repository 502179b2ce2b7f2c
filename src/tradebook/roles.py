"""How a run's sentences and captions name its economies: one place for the reporter, the partner side, number and sign.

A run is one reporter's record of its trade with a partner, which is either a group (ASEAN-10,
RCEP-15: its members, the reporter left out) or one economy. Every sentence that names the
partner side takes its words from here, so that a run with one partner never reads "1 of 1
members" or "their imports", the reporter is never called a member, and "member" is said only of
the members of a partner group::

    roles = Roles.of("VNM", "CHN", 2024)
    roles.recorded      # "China-recorded" (a group's partners: "member-recorded")
"""

from __future__ import annotations

from dataclasses import dataclass

from tradebook import language, params, reference


@dataclass(frozen=True)
class Roles:
    """The reporter and the partner side of a run, with the words each sentence needs."""

    reporter: str
    partner: str
    members: tuple[
        str, ...
    ]  # the partner group's members in the run's last year, the reporter left out; the partner alone for one economy

    @classmethod
    def of(cls, reporter: str, partner: str, year: int) -> Roles:
        """The roles of a run of ``reporter`` with ``partner``, membership as of ``year``."""
        return cls(reporter, partner, tuple(m for m in params.partner_members(partner, year) if m != reporter))

    @property
    def reporter_name(self) -> str:
        return reference.name_of(self.reporter)

    @property
    def partner_name(self) -> str:
        """The partner as a run names it: a group by its id ("ASEAN-10"), an economy by its short name."""
        return reference.label(self.partner)

    @property
    def grouped(self) -> bool:
        """True when the partner side is several members of a group (then, and only then, "member" is said)."""
        return len(self.members) > 1

    @property
    def each(self) -> str:
        """ "each member" (各成员), or the one partner's name."""
        return language.text("each member") if self.grouped else reference.name_of(self.members[0])

    @property
    def each_s(self) -> str:
        """ "each member's" (各成员的), or "China's" (中国的)."""
        return language.text("{economy}'s", economy=self.each)

    @property
    def partners(self) -> str:
        """The partner side as a subject: "the members" (各成员), or "China"."""
        return language.text("the members") if self.grouped else reference.name_of(self.members[0])

    @property
    def partners_s(self) -> str:
        """The partner side's possessive: "the members'" (各成员的), or "China's"."""
        return language.text("the members'") if self.grouped else language.text("{economy}'s", economy=self.partners)

    @property
    def partners_s_opening(self) -> str:
        """``partners_s`` at the start of a sentence: "The members'", or "China's"."""
        return self.partners_s[:1].upper() + self.partners_s[1:]

    @property
    def recorded(self) -> str:
        """Whose record a partner-side figure is: "member-recorded" (成员方记录), or "China-recorded"."""
        if self.grouped:
            return language.text("member-recorded")
        return language.text("{economy}-recorded", economy=self.partners)

    @property
    def panels(self) -> str:
        """ ", one panel per member" for a group; nothing for one partner (one panel)."""
        return language.text(", one panel per member") if self.grouped else ""
