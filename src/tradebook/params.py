"""Validation of the run parameters shared by the notebooks (partner, reporter, years)."""

from __future__ import annotations

from . import reference
from .errors import ParameterError

FIRST_YEAR, LAST_YEAR = 1988, 2026  # the span any shipped source covers


def partner_members(partner: str, year: int | None = None) -> list[str]:
    """ISO3 members behind ``partner``: a group id (ASEAN-10 …) or one ISO3 country."""
    if partner in reference.group_ids():
        return reference.members(partner, year)
    if partner in set(reference.countries()["iso3"]):
        return [partner]
    raise ParameterError(
        f"unknown partner code {partner!r}: use a group ({', '.join(reference.group_ids())}) "
        "or an ISO3 country code such as VNM (data/reference/countries.csv)"
    )


def check_reporter(reporter: str) -> str:
    """``reporter`` if it is a known ISO3 country code."""
    if reporter not in set(reference.countries()["iso3"]):
        raise ParameterError(f"unknown reporter code {reporter!r}: use an ISO3 country code such as CHN")
    return reporter


def check_years(year_start: int, year_end: int) -> range:
    """The inclusive year range, or ParameterError if reversed or outside the data."""
    if not (isinstance(year_start, int) and isinstance(year_end, int)):
        raise ParameterError(f"years must be integers, got {year_start!r} and {year_end!r}")
    if year_start > year_end:
        raise ParameterError(f"year_start {year_start} is after year_end {year_end}: swap them")
    if year_start < FIRST_YEAR or year_end > LAST_YEAR:
        raise ParameterError(f"years {year_start}–{year_end} fall outside {FIRST_YEAR}–{LAST_YEAR}, the span of the shipped data")
    return range(year_start, year_end + 1)
