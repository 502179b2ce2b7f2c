"""Structural gravity: the trade effect of agreements, estimated by PPML with fixed effects.

The specification is the one the WTO/UNCTAD *Advanced Guide to Trade Policy Analysis: The
Structural Gravity Model* (Yotov, Piermartini, Monteiro and Larch, 2016, ch. 3) recommends for
the average effect of trade agreements:

    X_ij,t = exp( b · AGREEMENT_ij,t + π_i,t + χ_j,t + μ_ij ) · ε_ij,t

X_ij,t is the value of goods exported from i to j in year t (levels, zeros kept); π_i,t and χ_j,t
are exporter-year and importer-year fixed effects (the multilateral resistances and country
size); μ_ij is a directional pair effect (it absorbs distance, contiguity, language and every
other time-invariant cost, so those are not estimated). Estimated by Poisson pseudo-maximum
likelihood (Santos Silva and Tenreyro, 2006) with pyfixest's ``fepois``; standard errors
clustered by pair. ``exp(b) − 1`` is the proportional change in trade between members that
the agreement brings, beyond what size, year shocks and each pair's own level explain.

Intra-national flows (X_ii) are not available here, so the estimates are relative to
international trade with non-members, not to domestic sales (the Guide, ch. 3, section B).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from tradebook import reference
from tradebook.errors import SchemaError
from tradebook.flows import aggregate
from tradebook.sources import manifest

AGREEMENTS = "trade_agreements.csv"
STRUCTURES = {"plurilateral", "asean_plus_one"}
DOTS = "imf_dots"


def agreements() -> pd.DataFrame:
    """The reference table of trade agreements (data/reference/trade_agreements.csv), checked.

    One row per agreement and member: ``entry_into_force`` (a date), ``date_precision`` (day,
    month or year as published), ``date_basis`` (what the date means for that member) and a
    ``source_url``. ``structure`` is ``plurilateral`` (every pair of members is covered) or
    ``asean_plus_one`` (pairs across the two sides, and among the non-ASEAN parties; trade among
    ASEAN members stays under their own agreement).
    """
    table = reference.read_table(
        AGREEMENTS,
        ["agreement", "agreement_name", "structure", "member", "entry_into_force", "date_precision", "date_basis", "source_url", "note"],
        dtype=str,
        keep_default_na=False,
    )
    where = f"data/reference/{AGREEMENTS}"
    dates = pd.to_datetime(table["entry_into_force"], format="%Y-%m-%d", errors="coerce")
    problems = {
        "entry_into_force is not a YYYY-MM-DD date": dates.isna(),
        f"structure is not one of {sorted(STRUCTURES)}": ~table["structure"].isin(STRUCTURES),
        "source_url is not an http(s) address": ~table["source_url"].str.match(r"^https?://\S+$"),
        "member is not an ISO3 code in data/reference/countries.csv": ~table["member"].isin(reference.countries()["iso3"]),
        "the agreement lists the member twice": table.duplicated(["agreement", "member"]),
    }
    for why, bad in problems.items():
        if bad.any():
            raise SchemaError(f"{where}: {why} (rows {list(table.index[bad] + 2)[:5]})")
    return table.assign(entry_into_force=dates.dt.date)


def first_year_in_force(entry: date) -> int:
    """The first calendar year an agreement counts as in force in annual data.

    The year of entry if it entered into force on or before 1 July (in force for at least half
    the year), otherwise the next year.
    """
    return entry.year if (entry.month, entry.day) <= (7, 1) else entry.year + 1


def in_force(pairs: pd.DataFrame, agreement: str, *, lead: int = 0, table: pd.DataFrame | None = None) -> pd.Series:
    """1 where ``agreement`` covers the exporter–importer pair in ``year + lead``, else 0.

    ``pairs`` has columns exporter, importer, year. ``lead = 1`` gives the year-before-entry
    placebo (1 in the last year before the agreement applies to the pair).
    """
    table = agreements() if table is None else table
    rows = table[table["agreement"] == agreement]
    if rows.empty:
        raise SchemaError(f"agreement {agreement!r} is not in data/reference/{AGREEMENTS}")
    start = dict(zip(rows["member"], rows["entry_into_force"].map(first_year_in_force)))
    # the later of the two members' first years; NaN (never covered) unless both are members
    pair_start = pd.concat([pairs["exporter"].map(start), pairs["importer"].map(start)], axis=1).max(axis=1, skipna=False)
    covered = pairs["year"] + lead >= pair_start
    if lead:
        covered &= pairs["year"] < pair_start
    if rows["structure"].iat[0] == "asean_plus_one":
        asean = set(reference.members("ASEAN-10"))
        covered &= ~(pairs["exporter"].isin(asean) & pairs["importer"].isin(asean))
    return covered.fillna(False).astype(int)


def panel(flows: pd.DataFrame, years: range, *, record: str = "exporter") -> pd.DataFrame:
    """Annual exporter × importer × year goods trade (USD) from the IMF DOTS reporters' records.

    Each shipped DOTS reporter records its exports (FOB) to and imports (CIF) from every partner.
    A flow i → j is taken from one record only: with ``record="exporter"``, i's exports where i
    is a shipped reporter, else j's imports from i; with ``record="importer"`` (the mirror),
    j's imports where j is a shipped reporter, else i's exports. The record type is then a
    property of the exporter (or of the importer), which the fixed effects absorb. Only complete
    years (12 months) are kept; partner groups, the World and self-pairs are left out.
    Columns: exporter, importer, year, value_usd, recorded_by, flag (IMF estimate/allocation).
    """
    if record not in ("exporter", "importer"):
        raise ValueError("record must be 'exporter' or 'importer'")
    dots = flows[(flows["source"] == DOTS) & flows["year"].between(years.start, years.stop - 1)]
    yearly = aggregate.annual(dots)
    yearly = yearly[yearly["complete"] & yearly["partner"].isin(reference.countries()["iso3"])]
    yearly = yearly[yearly["partner"] != yearly["reporter"]]
    exports = yearly[yearly["flow"] == "export"].rename(columns={"reporter": "exporter", "partner": "importer"})
    imports = yearly[yearly["flow"] == "import"].rename(columns={"partner": "exporter", "reporter": "importer"})
    columns = ["exporter", "importer", "year", "value_usd", "flag"]
    exports = exports[columns].assign(recorded_by="exporter")
    imports = imports[columns].assign(recorded_by="importer")
    preferred, other = (exports, imports) if record == "exporter" else (imports, exports)
    both = pd.concat([preferred, other], ignore_index=True)
    out = both.drop_duplicates(["exporter", "importer", "year"], keep="first")
    return out.sort_values(["exporter", "importer", "year"]).reset_index(drop=True)


def with_agreements(trade: pd.DataFrame, names: list[str], *, leads: bool = False) -> pd.DataFrame:
    """``trade`` plus one 0/1 column per agreement (and ``<name>_lead`` placebo columns when asked)."""
    table = agreements()
    out = trade.copy()
    for name in names:
        out[name] = in_force(out, name, table=table)
        if leads:
            out[f"{name}_lead"] = in_force(out, name, lead=1, table=table)
    return out


@dataclass
class Estimate:
    """A fitted PPML gravity model: its coefficient table and what the sample held."""

    coefficients: pd.DataFrame  # term, coef, se, ci_low, ci_high, pct, pct_low, pct_high, p_value
    n_obs: int  # observations used
    n_pairs: int  # directional pairs used
    n_dropped: int  # dropped as singletons or separated (no information on b)
    n_separated: int


def varying_terms(trade: pd.DataFrame, terms: list[str]) -> list[str]:
    """The ``terms`` that change within at least one exporter–importer pair (only those can be estimated)."""
    pairs = trade.groupby(["exporter", "importer"])
    return [t for t in terms if t in trade and pairs[t].nunique().gt(1).any()]


def ppml(trade: pd.DataFrame, terms: list[str], *, cluster: str = "pair", covariates: list[str] | None = None) -> Estimate:
    """PPML of value_usd on ``terms`` with exporter-year, importer-year and pair fixed effects.

    Terms that never vary within pairs (all 0 or all 1 over the sample) are left out before
    estimation: the pair effects absorb them. With ``covariates`` (e.g. ln distance, contiguity)
    the pair effects are replaced by those time-invariant pair variables, the traditional
    gravity specification. 95% intervals from pair-clustered standard errors;
    ``pct = exp(coef) − 1`` in percent, with its interval mapped the same way.
    """
    import pyfixest

    data = trade.assign(
        pair=trade["exporter"] + ">" + trade["importer"],
        exporter_year=trade["exporter"] + trade["year"].astype(str),
        importer_year=trade["importer"] + trade["year"].astype(str),
    )
    varying = varying_terms(data, terms)
    if not varying:
        raise SchemaError(f"none of {terms} changes within any pair over these years: nothing to estimate")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # one per dropped singleton group: we report the count
        warnings.simplefilter("ignore", DeprecationWarning)  # pyfixest 0.60 uses pandas' deprecated inplace=
        effects = "exporter_year + importer_year" + ("" if covariates else " + pair")
        fit = pyfixest.fepois(f"value_usd ~ {' + '.join(varying + (covariates or []))} | {effects}", data=data, vcov={"CRV1": cluster})
    tidy = fit.tidy().reset_index()
    coefficients = pd.DataFrame(
        {
            "term": tidy["Coefficient"],
            "coef": tidy["Estimate"],
            "se": tidy["Std. Error"],
            "ci_low": tidy["2.5%"],
            "ci_high": tidy["97.5%"],
            "p_value": tidy["Pr(>|t|)"],
        }
    )
    for column, source in (("pct", "coef"), ("pct_low", "ci_low"), ("pct_high", "ci_high")):
        coefficients[column] = 100 * np.expm1(coefficients[source])
    used = data.drop(index=list(fit._na_index), errors="ignore")
    return Estimate(coefficients, int(fit._N), int(used["pair"].nunique()), len(fit._na_index), int(fit.n_separation_na or 0))


def years_in_force(trade: pd.DataFrame, term: str) -> int:
    """How many sample years the agreement ``term`` is in force for at least one pair."""
    return int(trade.loc[trade[term] == 1, "year"].nunique())


def rerouting(flows: pd.DataFrame, members: list[str], before: list[int], after: list[int]) -> pd.DataFrame:
    """China's exports to each member and the member's exports to the United States, before vs after.

    Mean annual USD over the ``before`` and ``after`` years (complete years only), and the change
    in percent; plus the member's share of US imports (US-recorded imports, percent of US
    imports from the World) in both windows, and its change in percentage points. A rise in both
    is consistent with rerouting through the member, but aggregate data cannot tell rerouting
    from new production (that needs product-level data and rules-of-origin evidence).
    """
    dots = aggregate.annual(flows[(flows["source"] == DOTS) & flows["year"].isin(before + after)])
    dots = dots[dots["complete"]]

    def mean_of(reporter: str, flow: str, partner: str, window: list[int]) -> float:
        rows = dots[(dots["reporter"] == reporter) & (dots["flow"] == flow) & (dots["partner"] == partner) & dots["year"].isin(window)]
        return rows["value_usd"].mean() if rows["year"].nunique() == len(window) else np.nan

    records = []
    for member in members:
        china_before, china_after = (mean_of("CHN", "export", member, w) for w in (before, after))
        us_before, us_after = (mean_of(member, "export", "USA", w) for w in (before, after))
        share_before, share_after = (100 * mean_of("USA", "import", member, w) / mean_of("USA", "import", "WLD", w) for w in (before, after))
        records.append(
            {
                "member": member,
                "china_exports_before_usd": china_before,
                "china_exports_after_usd": china_after,
                "china_exports_change_pct": 100 * (china_after / china_before - 1),
                "exports_to_us_before_usd": us_before,
                "exports_to_us_after_usd": us_after,
                "exports_to_us_change_pct": 100 * (us_after / us_before - 1),
                "us_import_share_before_pct": share_before,
                "us_import_share_after_pct": share_after,
                "us_import_share_change_pp": share_after - share_before,
            }
        )
    return pd.DataFrame(records)


# What the notebook estimates: the two agreements the article's claims concern, and the other
# agreements in the reference table that enter into force inside the panel (controls, so their
# effect is not credited to RCEP or the upgrade).
POLICY_TERMS = ["RCEP", "ACFTA_UPGRADE"]
CONTROL_TERMS = ["AANZFTA", "CPTPP", "ChAFTA", "CKFTA"]
# Robustness: the pandemic years, left out to check that they do not drive the estimate.
PANDEMIC_YEARS = (2020, 2021)
# An effect estimated on fewer years in force than this is early (the Guide, ch. 3: agreements phase in over years).
MIN_YEARS_IN_FORCE = 2
EVENTS = "trade_events.csv"
# A change in a member's share of US imports smaller than this (percentage points) is "no clear change".
SHARE_THRESHOLD_PP = 0.1
EFFECT_COLUMNS = [
    "specification",
    "term",
    "coef",
    "se",
    "ci_low",
    "ci_high",
    "p_value",
    "pct",
    "pct_low",
    "pct_high",
    "years_in_force",
    "n_obs",
    "n_pairs",
    "n_dropped",
    "n_separated",
]


def complete_reporter_years(flows: pd.DataFrame) -> pd.DataFrame:
    """(reporter, year) of every IMF DOTS year with 12 months of both exports and imports with the World."""
    world = aggregate.annual(flows[(flows["source"] == DOTS) & (flows["partner"] == "WLD")])
    both = world[world["complete"]].groupby(["reporter", "year"])["flow"].nunique()
    return both[both == 2].reset_index()[["reporter", "year"]]


def estimation_years(flows: pd.DataFrame, year_start: int, year_end: int) -> range:
    """The run's years in which every shipped DOTS reporter has a complete year of trade with the World.

    The panel stops where the reporters do: a year held by some reporters (or only China's
    records of other sources) would compare pairs observed from one side alone.
    """
    complete = complete_reporter_years(flows)
    reporters = flows.loc[flows["source"] == DOTS, "reporter"].nunique()
    per_year = complete.groupby("year")["reporter"].nunique()
    years = sorted(int(y) for y in per_year[per_year == reporters].index if year_start <= y <= year_end)
    return range(years[0], years[-1] + 1) if years else range(year_start, year_start)


def complete_after(flows: pd.DataFrame, last_year: int) -> list[str]:
    """The DOTS reporters with a complete year (``complete_reporter_years``) after ``last_year``, the panel's end."""
    complete = complete_reporter_years(flows)
    return sorted(complete.loc[complete["year"] > last_year, "reporter"].unique())


GEO_COVARIATES = ["ln_distance", "contiguous", "common_language"]


def with_geography(trade: pd.DataFrame) -> pd.DataFrame:
    """``trade`` with ln distance (population-weighted, km), contiguity and common official language
    (CEPII GeoDist in the Atlas reference, ``atlas_reference/geo_dist.csv``); pairs it lacks are dropped."""
    geo = pd.read_csv(manifest.verified("atlas_reference/geo_dist.csv"), usecols=["exporter", "importer", "contig", "comlang_off", "distw"])
    geo = geo.dropna().assign(ln_distance=lambda t: np.log(t["distw"]), contiguous=lambda t: t["contig"], common_language=lambda t: t["comlang_off"])
    return trade.merge(geo[["exporter", "importer", *GEO_COVARIATES]], on=["exporter", "importer"], how="inner")


def specifications(flows: pd.DataFrame, years: range, terms: list[str]) -> dict[str, tuple[pd.DataFrame, Estimate]]:
    """The main estimate and its robustness checks: name → (sample, estimate).

    - main: exporter-recorded flows, every year of ``years``;
    - without the pandemic years (PANDEMIC_YEARS left out);
    - with one-year leads (placebo: a significant lead is an effect before entry into force);
    - mirror: the same flows as the importer records them;
    - without pair effects: distance, contiguity and common language instead (``with_geography``),
      the traditional specification, which the pair effects improve on (the Guide, ch. 3).
    """
    exporter_side = with_agreements(panel(flows, years), terms, leads=True)
    importer_side = with_agreements(panel(flows, years, record="importer"), terms)
    without = exporter_side[~exporter_side["year"].isin(PANDEMIC_YEARS)]
    leads = [f"{t}_lead" for t in POLICY_TERMS if t in terms]
    samples = {
        "main": (exporter_side, terms),
        f"without {PANDEMIC_YEARS[0]}–{PANDEMIC_YEARS[-1]}": (without, terms),
        "with one-year leads (placebo)": (exporter_side, terms + leads),
        "mirror (importer-recorded)": (importer_side, terms),
    }
    geography = with_geography(exporter_side)
    estimates = {}
    for name, (sample, sample_terms) in samples.items():
        varying = varying_terms(sample, sample_terms)
        if sample["year"].nunique() > 1 and varying:
            estimates[name] = (sample, ppml(sample, varying))
    varying = varying_terms(geography, terms)
    if geography["year"].nunique() > 1 and varying:
        estimates["without pair effects (distance, contiguity, language)"] = (geography, ppml(geography, varying, covariates=GEO_COVARIATES))
    return estimates


def effects_table(estimates: dict[str, tuple[pd.DataFrame, Estimate]]) -> pd.DataFrame:
    """One row per specification and term, with the sample sizes; percent effects exp(b) − 1 (no rows if nothing was estimated)."""
    rows = [pd.DataFrame(columns=EFFECT_COLUMNS)]
    for name, (sample, estimate) in estimates.items():
        table = estimate.coefficients.assign(
            specification=name, n_obs=estimate.n_obs, n_pairs=estimate.n_pairs, n_dropped=estimate.n_dropped, n_separated=estimate.n_separated
        )
        table["years_in_force"] = table["term"].map(lambda t, sample=sample: years_in_force(sample, t) if t in sample else 0)
        rows.append(table)
    return pd.concat(rows, ignore_index=True)[EFFECT_COLUMNS]


def tariff_windows(year_start: int, year_end: int, *, before_years: int = 2) -> tuple[list[int], list[int]]:
    """Years before and after the US tariffs on China (data/reference/trade_events.csv), inside the run.

    Before: the ``before_years`` years up to the year before the first tariff; after: from the
    year after the last tariff step to ``year_end``. The tariff years themselves are left out.
    """
    events = reference.read_table(EVENTS, ["event", "date", "description", "source_url"], dtype=str, keep_default_na=False)
    event_years = pd.to_datetime(events["date"], format="%Y-%m-%d").dt.year
    first, last = int(event_years.min()), int(event_years.max())
    before = [y for y in range(first - before_years, first) if year_start <= y <= year_end]
    after = list(range(max(last + 1, year_start), year_end + 1))
    return before, after
