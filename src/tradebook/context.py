"""One entry point for notebooks: ``workbook(reporter, partner, year_start, year_end, notebook=…)``.

It checks the parameters once and gives what every notebook starts from: the members, their
names, the run's years and scope, the flows table, ``select`` for the row filters notebooks
repeat, and the notebook's output sink (``publish.sink``: the run's folder under the runner, a
scratch folder of the notebook's own otherwise) with ``save``, ``publish`` and ``record``::

    wb = workbook("CHN", "ASEAN-10", 2011, 2024, notebook="02_trade_structure")
    dots_exports = wb.select(source="imf_dots", reporter=wb.reporter, flow="export")
    wb.save(table, "02_balance")   # declared, with its annex sheet, in tradebook.shared_tables
    wb.publish(fig, "02_balance", section="structure", caption="…")
    wb.record("C03", verdict, evidence, values)
    wb.verdicts()                  # the claims this notebook judges, with their verdicts
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from tradebook import language as edition
from tradebook import params, reference
from tradebook.flows import dataset
from tradebook.publish import plots, tables
from tradebook.publish.section import Section
from tradebook.publish.sink import Sink
from tradebook.roles import Roles
from tradebook.themes import claims


@dataclass(frozen=True)
class Workbook:
    """The run a notebook serves: its economies and years, and the data it reads."""

    reporter: str
    partner: str
    year_start: int
    year_end: int
    sink: Sink

    @cached_property
    def years(self) -> range:
        return range(self.year_start, self.year_end + 1)

    @cached_property
    def roles(self) -> Roles:
        """The words for the run's economies (``tradebook.roles``): every caption and sentence names the partner side through it."""
        return Roles.of(self.reporter, self.partner, self.year_end)

    @cached_property
    def members(self) -> list[str]:
        """The partner's members (the partner itself for one economy), without the reporter (``Roles.members``)."""
        return list(self.roles.members)

    @cached_property
    def names(self) -> dict[str, str]:
        return {m: reference.name_of(m) for m in self.members}

    @cached_property
    def reporter_name(self) -> str:
        return self.roles.reporter_name

    @cached_property
    def partner_label(self) -> str:
        return self.roles.partner_name

    @cached_property
    def china_with_asean(self) -> bool:
        """True for China's record of its trade with ASEAN as a group: the runs with official (GACC/MOFCOM) totals to set beside the statistics."""
        return self.reporter == "CHN" and self.partner in ("ASEAN-10", "ASEAN")

    @cached_property
    def rival(self) -> str:
        """The economy each member's trade with the reporter is compared with: the United States, or China when the United States reports."""
        return "CHN" if self.reporter == "USA" else "USA"

    @cached_property
    def rival_name(self) -> str:
        return reference.name_of(self.rival)

    @cached_property
    def run(self) -> dict:
        """The run parameters, as the claims ledger records them."""
        return {
            "reporter": self.reporter,
            "partner": self.partner,
            "year_start": self.year_start,
            "year_end": self.year_end,
        }

    @cached_property
    def flows(self) -> pd.DataFrame:
        """The canonical flows table (``flows.dataset``), every year held."""
        return dataset.load_flows()

    def select(
        self, table: pd.DataFrame | None = None, *, in_years: bool = True, **columns: str | list[str]
    ) -> pd.DataFrame:
        """Rows of ``table`` (default: the flows) where each given column equals the value or is in the list.

        ``in_years`` keeps only the run's years (when the table has a ``year`` column).
        """
        table = self.flows if table is None else table
        mask = pd.Series(True, index=table.index)
        for column, wanted in columns.items():
            mask &= table[column].isin(wanted) if isinstance(wanted, list) else table[column] == wanted
        rows = table[mask]
        return tables.in_years(rows, self.years) if in_years and "year" in rows else rows

    def save(self, table: pd.DataFrame, name: str) -> pd.DataFrame:
        """The table under ``<sink>/tables/<name>.csv`` (``Sink.save``); in the annex if ``shared_tables`` declares it with a sheet."""
        return self.sink.save(table, name)

    def publish(
        self,
        fig: plt.Figure,
        name: str,
        *,
        caption: str | None = None,
        section: str | None = None,
        data: list[str] | None = None,
    ) -> plt.Figure:
        """The figure under ``<sink>/figures/``, in the briefing's ``section`` with ``caption`` and the ``data`` tables it is drawn from
        (default: the table of its own name; ``Sink.publish``)."""
        return self.sink.publish(fig, name, caption=caption, section=section, data=data)

    def record(self, claim_id: str, verdict: str, evidence: str, values: dict) -> pd.DataFrame:
        """One claim's verdict for this run (``claims.record`` through the sink)."""
        return self.sink.record(claim_id, verdict, evidence, values, run=self.run)

    def show(self, section: Section, *, caption: str | None = None) -> Section:
        """Save the section's tables under their declared names, show its sentences, publish its figure (with the tables
        it is drawn from) and show its table: one notebook step in one call (``publish.section``).

        ``caption`` replaces the section's caption: a caption edited in the notebook reaches the briefing.
        """
        if caption is not None and section.figure is not None:
            section = dataclasses.replace(section, caption=caption)
        for table, frame in section.tables.items():
            self.save(frame, table.name)
        if section.said:
            display(Markdown("\n\n".join(section.said)))
        if section.figure is not None:
            self.publish(
                section.figure,
                section.name,
                caption=section.caption,
                section=section.briefing,
                data=section.data,
            )
        if section.shown is not None:
            display(section.shown)
        return section

    def verdicts(self) -> pd.DataFrame:
        """The claims this notebook judges (the ledger's ``notebook`` column) with the verdicts recorded so far (``claims.results``)."""
        results = claims.results()
        return results[results["notebook"] == self.sink.notebook]


def workbook(
    reporter: str, partner: str, year_start: int, year_end: int, *, notebook: str, language: str = "en"
) -> Workbook:
    """Check the parameters (one line on a bad value) and return the run's ``Workbook`` for ``notebook`` (its file name without .ipynb).

    A kernel the runner did not start writes into a scratch folder and says so here, first. Sentences,
    names and numbers are written in ``language`` (``tradebook.language``) and figures drawn in the house
    style (``plots.house_style``) from here on.
    """
    edition.use(language)
    params.check_reporter(reporter)
    params.check_years(year_start, year_end)
    params.partner_members(partner, year_end)
    sink = Sink.for_notebook(notebook)
    if sink.scratch:
        print(sink.announcement())
    plots.house_style()
    return Workbook(reporter, partner, year_start, year_end, sink)
