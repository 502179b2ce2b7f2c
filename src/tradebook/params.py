"""Validation of the run parameters shared by the notebooks (partner, reporter, years)."""

from __future__ import annotations

import re

from tradebook import reference
from tradebook.errors import ParameterError, shown
from tradebook.sources import manifest

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


def dots_reporters() -> list[str]:
    """The reporters whose IMF DOTS workbooks are shipped (their own monthly record of trade)."""
    return sorted(re.search(r"dots_([A-Z]{3})\.xlsx$", path).group(1) for path in manifest.files_of("imf_dots"))


def check_run(parameters: dict) -> None:
    """Hold the supported parameter space (``SUPPORTED``) before any notebook runs.

    The reporter must be a DOTS reporter; the partner must not be the reporter, and the
    reporter's DOTS record must hold some trade with it inside the years asked for.
    """
    from tradebook import series  # the data are read only once the cheap checks pass
    from tradebook.flows import dataset

    reporter, partner = parameters.get("reporter", "CHN"), parameters.get("partner", "ASEAN-10")
    year_start, year_end = parameters.get("year_start", FIRST_YEAR), parameters.get("year_end", LAST_YEAR)
    if "sources" in parameters and not isinstance(parameters["sources"], list):
        raise ParameterError(f"sources must be a list such as [imf_dots, gacc_2024], got {shown(parameters['sources'])}")
    if reporter not in dots_reporters():
        raise ParameterError(f"reporter {reporter} is not supported: {SUPPORTED}")
    members = [m for m in partner_members(partner, year_end) if m != reporter]
    if not members:
        raise ParameterError(f"partner {partner} is the reporter itself: choose another partner ({SUPPORTED})")
    flows = dataset.load_flows(["imf_dots", "gacc_2024", "comtrade_mirror"])
    held = series.reporter_recorded(flows[flows["year"].between(year_start, year_end)], reporter, members)
    label = partner if partner in reference.group_ids() else reference.name_of(partner)
    if held.empty:
        raise ParameterError(
            f"{reference.name_of(reporter)}'s statistics hold no trade with {label} in {year_start}–{year_end}: choose another partner or years ({SUPPORTED})"
        )
    if not held["complete"].any():
        raise ParameterError(
            f"{reference.name_of(reporter)}'s statistics hold no complete year of trade with {label} in "
            f"{year_start}–{year_end} (only some months or one flow): choose another partner or years ({SUPPORTED})"
        )


def window_notes(parameters: dict) -> list[str]:
    """One line for each part of the window that no statistical source holds for the run's pair."""
    from tradebook.flows import dataset

    reporter, partner = parameters.get("reporter", "CHN"), parameters.get("partner", "ASEAN-10")
    year_start, year_end = parameters.get("year_start", FIRST_YEAR), parameters.get("year_end", LAST_YEAR)
    members = [m for m in partner_members(partner, year_end) if m != reporter]
    flows = dataset.load_flows(["imf_dots", "gacc_2024"])
    years = flows.loc[(flows["reporter"] == reporter) & flows["partner"].isin(members), "year"]

    def span(first: int, last: int) -> str:
        return str(first) if first == last else f"{first}–{last}"

    notes = []
    if len(years) and year_end > years.max():
        notes.append(
            f"{reference.name_of(reporter)}'s statistics of trade with {partner} end in {int(years.max())}; "
            f"{span(int(years.max()) + 1, year_end)} of the years asked for hold no data (see the briefing's data vintage)"
        )
    if len(years) and year_start < years.min():
        notes.append(
            f"{reference.name_of(reporter)}'s statistics of trade with {partner} begin in {int(years.min())}; "
            f"{span(year_start, int(years.min()) - 1)} of the years asked for hold no data"
        )
    return notes


def check_years(year_start: int, year_end: int) -> range:
    """The inclusive year range, or ParameterError if reversed or outside the data."""
    if not (isinstance(year_start, int) and isinstance(year_end, int)):
        raise ParameterError(f"years must be integers, got {shown(year_start)} and {shown(year_end)}")
    if year_start > year_end:
        raise ParameterError(f"year_start {year_start} is after year_end {year_end}: swap them")
    if year_start < FIRST_YEAR or year_end > LAST_YEAR:
        raise ParameterError(f"years {year_start}–{year_end} fall outside {FIRST_YEAR}–{LAST_YEAR}, the span of the shipped data")
    return range(year_start, year_end + 1)
