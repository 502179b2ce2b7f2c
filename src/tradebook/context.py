"""One entry point for notebooks: ``workbook(reporter, partner, year_start, year_end)``.

It checks the parameters once and gives what every notebook starts from: the members, their
names, the run's years and the flows table, with ``select`` for the row filters notebooks
repeat and ``save`` for their tables::

    wb = workbook("CHN", "ASEAN-10", 2011, 2024)
    dots_exports = wb.select(source="imf_dots", reporter=wb.reporter, flow="export")
    wb.save(table, "02_balance", sheet="balance", about="…", units="USD", sources="IMF DOTS")
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from tradebook import params, reference
from tradebook.flows import dataset
from tradebook.publish import tables


@dataclass(frozen=True)
class Workbook:
    """The run a notebook serves: its economies and years, and the data it reads."""

    reporter: str
    partner: str
    year_start: int
    year_end: int

    @cached_property
    def years(self) -> range:
        return range(self.year_start, self.year_end + 1)

    @cached_property
    def members(self) -> list[str]:
        """The partner's members (the partner itself for one economy), without the reporter."""
        return [m for m in params.partner_members(self.partner, self.year_end) if m != self.reporter]

    @cached_property
    def names(self) -> dict[str, str]:
        return {m: reference.name_of(m) for m in self.members}

    @cached_property
    def reporter_name(self) -> str:
        return reference.name_of(self.reporter)

    @cached_property
    def partner_label(self) -> str:
        return reference.label(self.partner)

    @cached_property
    def run(self) -> dict:
        """The run parameters, as the claims ledger records them."""
        return {"reporter": self.reporter, "partner": self.partner, "year_start": self.year_start, "year_end": self.year_end}

    @cached_property
    def flows(self) -> pd.DataFrame:
        """The canonical flows table (``flows.dataset``), every year held."""
        return dataset.load_flows()

    def select(self, table: pd.DataFrame | None = None, *, in_years: bool = True, **columns: str | list[str]) -> pd.DataFrame:
        """Rows of ``table`` (default: the flows) where each given column equals the value or is in the list.

        ``in_years`` keeps only the run's years (when the table has a ``year`` column).
        """
        table = self.flows if table is None else table
        mask = pd.Series(True, index=table.index)
        for column, wanted in columns.items():
            mask &= table[column].isin(wanted) if isinstance(wanted, list) else table[column] == wanted
        rows = table[mask]
        return tables.in_years(rows, self.years) if in_years and "year" in rows else rows

    def save(self, table: pd.DataFrame, name: str, **annex: str) -> pd.DataFrame:
        """``tables.save``: the table under ``<outputs>/tables/<name>.csv``, in the annex with ``sheet=…``."""
        return tables.save(table, name, **annex)


def workbook(reporter: str, partner: str, year_start: int, year_end: int) -> Workbook:
    """Check the parameters (one line on a bad value) and return the run's ``Workbook``."""
    params.check_reporter(reporter)
    params.check_years(year_start, year_end)
    params.partner_members(partner, year_end)
    return Workbook(reporter, partner, year_start, year_end)
