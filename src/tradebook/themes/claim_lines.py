"""Each claim's verdict in one plain line, for the briefing's first page: the figure that decided it, from its recorded values.

The full evidence sentence and the rule stay in the appendix; this line says what a reader must
know in one breath. A line is composed only from the values the claim's notebook recorded with
its verdict (``claims_results.csv``, column ``values``) and the ledger's threshold; where the
values do not hold what a line needs (a claim judged another way, not evaluated), the line is
the first sentence of the evidence. Nothing here judges: the verdict is the recorded one.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable

import pandas as pd

from tradebook import language
from tradebook.roles import Roles
from tradebook.themes import claims, nowcast


def _bn(value: float) -> str:
    return language.amount(value, language.DOLLAR)


def _has(values: dict, *keys: str) -> bool:
    """Whether ``values`` holds every key with a number (not None, not NaN): a line is composed only from values that exist."""
    return all(isinstance(values.get(key), int | float) and not math.isnan(values[key]) for key in keys)


def _first_sentence(evidence: str) -> str:
    """The evidence's first sentence (to the first full stop, English or Chinese)."""
    if not evidence:
        return ""
    if "。" in evidence:
        return evidence.split("。")[0] + "。"
    return evidence.split(". ")[0].rstrip(".") + "."


def c01(values: dict, row: pd.Series) -> str | None:
    """The published total with the range its rounding allows; before publication, the projection with its interval."""
    if values.get("basis") == "published" and _has(values, "value_usd", "value_cny", "low_usd", "high_usd"):
        return language.text(
            "China's customs published {usd} for {year} ({cny} at its own rate; {low}–{high} at the ends of the "
            "figures' rounding).",
            usd=language.amount(values["value_usd"], language.DOLLAR, precise=True),
            year=row["about_year"],
            cny=language.amount(values["value_cny"], language.YUAN, "trn"),
            low=language.amount(values["low_usd"], language.DOLLAR, precise=True),
            high=language.amount(values["high_usd"], language.DOLLAR, precise=True),
        )
    if values.get("basis") == "projected" and _has(values, "month", "point", "low", "high"):
        return language.text(
            "Projected from the published {months} figure: {usd} for {year} (prediction interval {low}–{high}, its "
            "level and backtest in the appendix).",
            months=nowcast.months_label(int(values["month"])),
            usd=_bn(values["point"]),
            year=row["about_year"],
            low=_bn(values["low"]),
            high=_bn(values["high"]),
        )
    return None


def c03(values: dict, row: pd.Series) -> str | None:
    """The normalised balance over the last complete years, and whether the imbalance widened or narrowed by more than the threshold."""
    balance = values.get("normalized_balance") or {}
    if len(balance) < 2:
        return None
    (first_year, first), (last_year, last) = list(balance.items())[0], list(balance.items())[-1]
    threshold = float(row["threshold"]) if row.get("threshold") else 0.0
    moved = abs(last) - abs(first)
    sentence = (
        BALANCE_WIDENED if moved > threshold else BALANCE_NARROWED if moved < -threshold else BALANCE_BARELY_CHANGED
    )
    return language.text(sentence, first=first, first_year=first_year, last=last, last_year=last_year)


BALANCE_WIDENED = language.marked(
    "The normalised balance (exports − imports) ÷ (exports + imports) went from {first:+.3f} ({first_year}) to "
    "{last:+.3f} ({last_year}): the imbalance widened."
)
BALANCE_NARROWED = language.marked(
    "The normalised balance (exports − imports) ÷ (exports + imports) went from {first:+.3f} ({first_year}) to "
    "{last:+.3f} ({last_year}): the imbalance narrowed."
)
BALANCE_BARELY_CHANGED = language.marked(
    "The normalised balance (exports − imports) ÷ (exports + imports) went from {first:+.3f} ({first_year}) to "
    "{last:+.3f} ({last_year}): the imbalance barely changed."
)


def c04(values: dict, row: pd.Series) -> str | None:
    """How many members' relative export unit values rose, with the evidence's own caution about what HS2 unit values can show."""
    if not _has(values, "members_quality_rising", "members_counted"):
        return None  # judged without the quality proxy (no quantities held): the evidence's first sentence says why
    roles = _roles(row)
    changes = values.get("quality_change_pct") or {}
    if roles.grouped:
        line = language.text(
            "Export unit values relative to the world's rose in {rising} of the {counted} members whose machinery and "
            "electronics exports pass the ledger's floor.",
            rising=values["members_quality_rising"],
            counted=values["members_counted"],
        )
    elif changes:
        line = language.text(
            "{partner} export unit value relative to the world's changed by {change:+.1f}%.",
            partner=roles.partners_s_opening,
            change=next(iter(changes.values())),
        )
    else:
        return None
    cautious = claims.HS2_CAUTION in str(row["evidence"]) or language.text(claims.HS2_CAUTION) in str(row["evidence"])
    return language.joined(line, language.text(claims.HS2_CAUTION) if cautious else "")


def c05(values: dict, row: pd.Series) -> str | None:
    """The two directions' complementarity index (medians over members) against the ledger's floor, and how often the reporter's
    fit matched or beat the benchmark suppliers' median."""
    if not _has(values, "forward_median", "backward_median", "members_at_or_above", "members", "year") or not row.get(
        "floor"
    ):
        return None
    roles = _roles(row)
    reporter, floor = roles.reporter_name, float(row["floor"])
    above = min(values["forward_median"], values["backward_median"]) >= floor
    numbers = {
        "year": values["year"],
        "reporter": reporter,
        "forward": values["forward_median"],
        "backward": values["backward_median"],
        "floor": floor,
    }
    if roles.grouped:
        return language.text(
            GROUP_FIT[above], **numbers, matched=values["members_at_or_above"], members=values["members"]
        )
    return language.text(PARTNER_FIT[above, bool(values["members_at_or_above"])], **numbers, partner=roles.partners_s)


GROUP_FIT = {
    True: language.marked(
        "On the 0–100 complementarity index ({year}), {reporter}'s exports fit members' imports at a median of "
        "{forward:.0f} and members' exports fit {reporter}'s imports at {backward:.0f}, at or above the floor of "
        "{floor:g} in both directions; {reporter} matched or beat the benchmark suppliers' median in {matched} of "
        "{members} members' imports."
    ),
    False: language.marked(
        "On the 0–100 complementarity index ({year}), {reporter}'s exports fit members' imports at a median of "
        "{forward:.0f} and members' exports fit {reporter}'s imports at {backward:.0f}, not at or above the floor of "
        "{floor:g} in both directions; {reporter} matched or beat the benchmark suppliers' median in {matched} of "
        "{members} members' imports."
    ),
}
PARTNER_FIT = {
    (True, True): language.marked(
        "On the 0–100 complementarity index ({year}), {reporter}'s exports fit {partner} imports at {forward:.0f} and "
        "{partner} exports fit {reporter}'s imports at {backward:.0f}, at or above the floor of {floor:g} in both "
        "directions; {reporter} matched or beat the benchmark suppliers' median in {partner} imports."
    ),
    (True, False): language.marked(
        "On the 0–100 complementarity index ({year}), {reporter}'s exports fit {partner} imports at {forward:.0f} and "
        "{partner} exports fit {reporter}'s imports at {backward:.0f}, at or above the floor of {floor:g} in both "
        "directions; {reporter} fell short of the benchmark suppliers' median in {partner} imports."
    ),
    (False, True): language.marked(
        "On the 0–100 complementarity index ({year}), {reporter}'s exports fit {partner} imports at {forward:.0f} and "
        "{partner} exports fit {reporter}'s imports at {backward:.0f}, not at or above the floor of {floor:g} in both "
        "directions; {reporter} matched or beat the benchmark suppliers' median in {partner} imports."
    ),
    (False, False): language.marked(
        "On the 0–100 complementarity index ({year}), {reporter}'s exports fit {partner} imports at {forward:.0f} and "
        "{partner} exports fit {reporter}'s imports at {backward:.0f}, not at or above the floor of {floor:g} in both "
        "directions; {reporter} fell short of the benchmark suppliers' median in {partner} imports."
    ),
}


def _roles(row: pd.Series) -> Roles:
    """The roles of the run that recorded ``row`` (its reporter, partner and last year)."""
    return Roles.of(str(row["reporter"]), str(row["partner"]), int(row["year_end"]))


def c07(values: dict, row: pd.Series) -> str | None:
    """The RCEP members' share of world GDP (constant prices) and of world goods exports, first and last year held."""
    gdp, exports = values.get("gdp_share_by_year") or {}, values.get("export_share_by_year") or {}
    if len(gdp) < 2:
        return None

    (gdp_first_year, gdp_first), (gdp_last_year, gdp_last) = list(gdp.items())[0], list(gdp.items())[-1]
    shares = {
        "gdp_first": gdp_first,
        "gdp_first_year": gdp_first_year,
        "gdp_last": gdp_last,
        "gdp_last_year": gdp_last_year,
    }
    if len(exports) < 2:
        return language.text(
            "The RCEP members' share of world GDP at constant prices went from {gdp_first:.1f}% ({gdp_first_year}) to "
            "{gdp_last:.1f}% ({gdp_last_year}).",
            **shares,
        )
    (first_year, first), (last_year, last) = list(exports.items())[0], list(exports.items())[-1]
    return language.text(
        "The RCEP members' share of world GDP at constant prices went from {gdp_first:.1f}% ({gdp_first_year}) to "
        "{gdp_last:.1f}% ({gdp_last_year}); of world goods exports from {first:.1f}% ({first_year}) to {last:.1f}% "
        "({last_year}).",
        **shares,
        first=first,
        first_year=first_year,
        last=last,
        last_year=last_year,
    )


def c09(values: dict, row: pd.Series) -> str | None:
    """The main agreement estimate with its interval, and whether a pre-existing trend rules out reading it as an effect."""
    if not _has(values, "pct", "pct_low", "pct_high"):
        return None
    estimate = {"pct": values["pct"], "low": values["pct_low"], "high": values["pct_high"]}
    if values.get("pretrend"):
        return language.text(
            "RCEP members' trade with each other moved {pct:+.1f}% (95% confidence interval {low:+.1f}% to "
            "{high:+.1f}%) after entry, but it was already moving before: a pre-existing trend, not an effect.",
            **estimate,
        )
    return language.text(
        "RCEP members' trade with each other moved {pct:+.1f}% (95% confidence interval {low:+.1f}% to {high:+.1f}%) "
        "after entry, with no pre-existing trend detected.",
        **estimate,
    )


COMPOSERS: dict[str, Callable[[dict, pd.Series], str | None]] = {
    "C01": c01,
    "C03": c03,
    "C04": c04,
    "C05": c05,
    "C07": c07,
    "C09": c09,
}


def line(row: pd.Series) -> str:
    """One claim's plain line: composed from its values where a composer exists and the values hold what it needs, else the evidence's first sentence."""
    values = json.loads(row["values"]) if row.get("values") else {}
    composer = COMPOSERS.get(str(row["claim_id"]))
    composed = composer(values, row) if composer and values and row["verdict"] != "not evaluated for this run" else None
    return composed or _first_sentence(str(row["evidence"]))
