"""Validation of the run parameters shared by the notebooks (partner, reporter, years)."""

from __future__ import annotations

from tradebook import reference
from tradebook.errors import ParameterError, shown

FIRST_YEAR, LAST_YEAR = 1988, 2026  # the span any shipped source covers
SUPPORTED = (
    "reporter: an economy whose IMF DOTS file is shipped (CHN, USA or an ASEAN-10 member); "
    "partner: a group (ASEAN-10, ASEAN, RCEP-15) or an ISO3 country the reporter trades with; "
    "the article's claims are evaluated for reporter CHN with ASEAN or an ASEAN-10 member"
)


def partner_members(partner: str, year: int | None = None) -> list[str]:
    """ISO3 members behind ``partner``: a group id (ASEAN-10 …) or one ISO3 country."""
    if not isinstance(partner, str):
        raise ParameterError(
            f"partner must be one code, got {shown(partner)}: run one partner per parameter set (a batch of files in notebooks/params/batch/ runs several)"
        )
    if partner in reference.group_ids():
        return reference.members(partner, year)
    if partner in set(reference.countries()["iso3"]):
        return [partner]
    raise ParameterError(
        f"unknown partner code {shown(partner)}: use a group ({', '.join(reference.group_ids())}) or an ISO3 country code such as VNM (data/reference/countries.csv)"
    )


def check_reporter(reporter: str) -> str:
    """``reporter`` if it is a known ISO3 country code."""
    if not isinstance(reporter, str) or reporter not in set(reference.countries()["iso3"]):
        raise ParameterError(f"unknown reporter code {shown(reporter)}: use an ISO3 country code such as CHN")
    return reporter


def check_years(year_start: int, year_end: int) -> range:
    """The inclusive year range, or ParameterError if reversed or outside the data."""
    if not (isinstance(year_start, int) and isinstance(year_end, int)):
        raise ParameterError(f"years must be integers, got {shown(year_start)} and {shown(year_end)}")
    if year_start > year_end:
        raise ParameterError(f"year_start {year_start} is after year_end {year_end}: swap them")
    if year_start < FIRST_YEAR or year_end > LAST_YEAR:
        raise ParameterError(
            f"years {year_start}–{year_end} fall outside {FIRST_YEAR}–{LAST_YEAR}, the span of the shipped data"
        )
    return range(year_start, year_end + 1)


NOTE_LENGTH = 120
FORMULA_START = ("=", "+", "-", "@")  # a spreadsheet reads a cell starting with one of these as a formula


def check_note(name: str, value: object) -> str:
    """A free-text parameter shown under figures and in the annex (``currency_note``): one printable line
    of at most ``NOTE_LENGTH`` characters that does not start like a spreadsheet formula."""
    if not isinstance(value, str) or not value.strip():
        raise ParameterError(f"{name} must be a short text such as 'current US dollars', got {shown(value)}")
    if len(value) > NOTE_LENGTH or not value.isprintable():
        raise ParameterError(
            f"{name} must be one line of at most {NOTE_LENGTH} printable characters, got {shown(value, 60)}"
        )
    if value.lstrip().startswith(FORMULA_START):
        raise ParameterError(
            f"{name} {shown(value, 60)} starts like a spreadsheet formula ({' '.join(FORMULA_START)}): start it with a word"
        )
    return value
