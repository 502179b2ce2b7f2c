"""What the data can give a run's parameters: a supported reporter, trade with the partner in the window, the years no source holds.

The cheap checks of the parameters' form are in ``tradebook.params``; these read the data, so
they run once those pass (``pipeline.run`` calls both before any notebook starts).
"""

from __future__ import annotations

from tradebook import params, reference
from tradebook.errors import ParameterError
from tradebook.flows import dataset, series
from tradebook.sources import manifest


def dots_reporters() -> list[str]:
    """The reporters whose IMF DOTS workbooks are shipped (their own monthly record of trade)."""
    return sorted(manifest.name_parts(r"dots_([A-Z]{3})\.xlsx$", path)[0] for path in manifest.files_of("imf_dots"))


def check_run(parameters: dict) -> None:
    """Hold the supported parameter space (``SUPPORTED``) before any notebook runs.

    The reporter must be a DOTS reporter; the partner must not be the reporter, and the
    reporter's DOTS record must hold some trade with it inside the years asked for.
    """
    reporter, partner = parameters.get("reporter", "CHN"), parameters.get("partner", "ASEAN-10")
    year_start, year_end = parameters.get("year_start", params.FIRST_YEAR), parameters.get("year_end", params.LAST_YEAR)
    if "sources" in parameters:
        dataset.check_sources(parameters["sources"])
    if reporter not in dots_reporters():
        raise ParameterError(f"reporter {reporter} is not supported: {params.SUPPORTED}")
    members = [m for m in params.partner_members(partner, year_end) if m != reporter]
    if not members:
        raise ParameterError(f"partner {partner} is the reporter itself: choose another partner ({params.SUPPORTED})")
    flows = dataset.load_flows(["imf_dots", "gacc_2024", "comtrade_mirror"])
    held = series.reporter_recorded(flows[flows["year"].between(year_start, year_end)], reporter, members)
    label = partner if partner in reference.group_ids() else reference.name_of(partner)
    if held.empty:
        raise ParameterError(
            f"{reference.name_of(reporter)}'s statistics hold no trade with {label} in {year_start}–{year_end}: choose another partner or years ({params.SUPPORTED})"
        )
    if not held["complete"].any():
        raise ParameterError(
            f"{reference.name_of(reporter)}'s statistics hold no complete year of trade with {label} in "
            f"{year_start}–{year_end} (only some months or one flow): choose another partner or years ({params.SUPPORTED})"
        )


def window_notes(parameters: dict) -> list[str]:
    """One line for each part of the window that no statistical source holds for the run's pair."""
    reporter, partner = parameters.get("reporter", "CHN"), parameters.get("partner", "ASEAN-10")
    year_start, year_end = parameters.get("year_start", params.FIRST_YEAR), parameters.get("year_end", params.LAST_YEAR)
    members = [m for m in params.partner_members(partner, year_end) if m != reporter]
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
