"""Structural gravity: the trade effect of agreements, estimated by PPML with fixed effects.

The specification is the one the WTO/UNCTAD *Advanced Guide to Trade Policy Analysis: The
Structural Gravity Model* (Yotov, Piermartini, Monteiro and Larch, 2016, ch. 1, C.3, pp. 49–54)
recommends for the average effect of trade agreements:

    X_ij,t = exp( b · AGREEMENT_ij,t + π_i,t + χ_j,t + μ_ij ) · ε_ij,t

X_ij,t is the value of goods exported from i to j in year t (levels, zeros kept); π_i,t and χ_j,t
are exporter-year and importer-year fixed effects (the multilateral resistances and country
size); μ_ij is a symmetric pair effect, μ_ij = μ_ji, as in the Guide (it absorbs distance,
contiguity, language and every other time-invariant cost, so those are not estimated; ``ppml``
offers one effect per direction as an option). Estimated by Poisson pseudo-maximum
likelihood (Santos Silva and Tenreyro, 2006) with pyfixest's ``fepois``; standard errors
clustered by symmetric pair, with the Guide's small-sample convention (``SMALL_SAMPLE``). ``exp(b) − 1`` is the proportional change in trade between members that
the agreement brings, beyond what size, year shocks and each pair's own level explain.

Intra-national flows (X_ii) are not available here, so the estimates are relative to
international trade with non-members, not to domestic sales (the Guide, ch. 3, section B).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from tradebook import language, reference
from tradebook.errors import SchemaError
from tradebook.flows import aggregate, series
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
        [
            "agreement",
            "agreement_name",
            "structure",
            "member",
            "entry_into_force",
            "date_precision",
            "date_basis",
            "source_url",
            "note",
        ],
        key=["agreement", "member"],
        dtype=str,
        keep_default_na=False,
    )
    where = f"data/reference/{AGREEMENTS}"
    dates = pd.to_datetime(table["entry_into_force"], format="%Y-%m-%d", errors="coerce")
    problems = {
        "entry_into_force is not a YYYY-MM-DD date": dates.isna(),
        f"structure is not one of {sorted(STRUCTURES)}": ~table["structure"].isin(STRUCTURES),
        "source_url is not an http(s) address": ~table["source_url"].str.match(r"^https?://\S+$"),
        "member is not an ISO3 code in data/reference/countries.csv": ~table["member"].isin(
            reference.countries()["iso3"]
        ),
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


def in_force(
    pairs: pd.DataFrame, agreement: str, *, lead: int = 0, lag: int = 0, table: pd.DataFrame | None = None
) -> pd.Series:
    """1 where ``agreement`` covers the exporter–importer pair in the row's year, else 0.

    ``pairs`` has columns exporter, importer, year. ``lead = k`` marks instead the k years just
    before the agreement applies to the pair (a placebo: trade should not respond before entry;
    with the agreement itself in the regression this is the Guide's test of RTA_t+k, ch. 1,
    C.3); ``lag = k`` marks the years from the k-th year in force on (phase-in, the Guide's
    RTA_LAG terms).
    """
    table = agreements() if table is None else table
    rows = table[table["agreement"] == agreement]
    if rows.empty:
        raise SchemaError(f"agreement {agreement!r} is not in data/reference/{AGREEMENTS}")
    start = dict(zip(rows["member"], rows["entry_into_force"].map(first_year_in_force)))
    # the later of the two members' first years; NaN (never covered) unless both are members
    pair_start = pd.concat([pairs["exporter"].map(start), pairs["importer"].map(start)], axis=1).max(
        axis=1, skipna=False
    )
    covered = pairs["year"] + lead - lag >= pair_start
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


def lead_name(term: str, window: tuple[int, int]) -> str:
    """The column of a lead window (years before entry, first to last): RCEP_lead1 for the year before, RCEP_lead2to4 for years 2–4."""
    first, last = window
    return f"{term}_lead{first}" if first == last else f"{term}_lead{first}to{last}"


def with_agreements(
    trade: pd.DataFrame, names: list[str], *, leads: tuple[tuple[int, int], ...] = (), lags: tuple[int, ...] = ()
) -> pd.DataFrame:
    """``trade`` plus one 0/1 column per agreement, ``<name>_lead…`` columns for the lead windows asked (years before
    entry, which never overlap: the year before, then years 2–4) and ``<name>_lag<k>`` columns for the lags."""
    table = agreements()
    out = trade.copy()
    for name in names:
        out[name] = in_force(out, name, table=table)
        for first, last in leads:
            before_last = in_force(out, name, lead=last, table=table)
            before_first = in_force(out, name, lead=first - 1, table=table) if first > 1 else 0
            out[lead_name(name, (first, last))] = before_last - before_first
        for years in lags:
            out[f"{name}_lag{years}"] = in_force(out, name, lag=years, table=table)
    return out


def event_study(
    trade: pd.DataFrame, term: str, controls: list[str], *, pairs: str = "symmetric"
) -> tuple[pd.DataFrame, int]:
    """The agreement's pairs year by year against the year before its first entry: an event study by PPML.

    The treated pairs are those ``term`` covers at some point inside the sample (their status
    changes). For every sample year but the base year, ``ES_<year>`` is 1 for a treated pair in
    that year; with exporter-year, importer-year and pair effects (and the controls already in
    ``controls``, other agreements and shocks), its coefficient is how far the treated pairs' trade stood in that year relative
    to the base year, beyond what size and each pair's own level explain. Before entry the
    coefficients should be flat around zero; a steady fall or rise before entry is a
    pre-existing trend (Yotov et al. 2016, ch. 1, C.3, on reverse causality and anticipation).
    Returns (year, coef, se, pct, pct_low, pct_high with 95% confidence intervals, and the base
    year's zero row), and the base year.
    """
    covered = pair_id(trade, pairs)
    changing = trade.groupby(covered)[term].transform("nunique") > 1
    first_entry = int(trade.loc[changing & (trade[term] == 1), "year"].min())
    base = first_entry - 1
    sample = trade.copy()
    years = sorted(int(y) for y in sample["year"].unique() if y != base)
    for year in years:
        sample[f"ES_{year}"] = (changing & (sample["year"] == year)).astype(int)
    fit = ppml(sample, [f"ES_{y}" for y in years] + [c for c in controls if c != term], pairs=pairs)
    rows = fit.coefficients[fit.coefficients["term"].str.startswith("ES_")].assign(
        year=lambda t: t["term"].str[3:].astype(int)
    )
    base_row = pd.DataFrame([{"year": base, "coef": 0.0, "se": 0.0, "pct": 0.0, "pct_low": 0.0, "pct_high": 0.0}])
    table = pd.concat(
        [rows[["year", "coef", "se", "pct", "pct_low", "pct_high"]], base_row], ignore_index=True
    ).sort_values("year")
    return table.assign(agreement=term, entry_year=first_entry).reset_index(drop=True), base


def shocks() -> pd.DataFrame:
    """Known shocks to particular pairs (data/reference/trade_events.csv grouped by ``shock``): shock, economies, first_year.

    ``first_year``: the first year counted as hit, from the earliest dated event of the shock by
    the rule of ``first_year_in_force``.
    """
    events = reference.read_table(
        EVENTS,
        ["event", "shock", "economies", "date", "description", "source_url"],
        key=["event"],
        dtype=str,
        keep_default_na=False,
    )
    events = events.assign(first=pd.to_datetime(events["date"], format="%Y-%m-%d").dt.date.map(first_year_in_force))
    grouped = events.groupby(["shock", "economies"], as_index=False)["first"].min()
    return grouped.rename(columns={"first": "first_year"})


def shock_pairs(trade: pd.DataFrame, economies: str) -> pd.Series:
    """The rows a shock hits, from its ``economies`` (data/reference/trade_events.csv):

    ``"A > B"``: flows from any of A to any of B (one direction: tariffs on B's imports from A);
    ``"A | B"``: flows between any of A and any of B, either way (two groups, e.g. ASEAN and the US);
    ``"A B …"``: flows between any two of the economies listed, either way.
    """
    if ">" in economies:
        exporters, importers = (set(side.split()) for side in economies.split(">"))
        return trade["exporter"].isin(exporters) & trade["importer"].isin(importers)
    if "|" in economies:
        left, right = (set(side.split()) for side in economies.split("|"))
        return (trade["exporter"].isin(left) & trade["importer"].isin(right)) | (
            trade["exporter"].isin(right) & trade["importer"].isin(left)
        )
    listed = set(economies.split())
    return trade["exporter"].isin(listed) & trade["importer"].isin(listed) & (trade["exporter"] != trade["importer"])


def with_shocks(trade: pd.DataFrame, *, leave_out: tuple[str, ...] = ()) -> tuple[pd.DataFrame, list[str]]:
    """``trade`` plus one 0/1 pair-time column per known shock (``shocks``, except ``leave_out``): 1 for the flows
    it hits (``shock_pairs``) from its first year on. Returns (panel, the shock columns).

    Without these controls the fall of China–US trade after the 2018–2019 tariffs loads onto
    China's other routes, ASEAN included, and the diversion of US imports towards ASEAN reads
    as an agreement between ASEAN members and China; the tariffs are split by direction (the US
    tariffs on China's exports, China's tariffs on US exports), which hit differently.
    """
    out, names = trade.copy(), []
    for shock in shocks().itertuples():
        if shock.shock in leave_out:
            continue
        out[shock.shock] = (shock_pairs(out, shock.economies) & (out["year"] >= shock.first_year)).astype(int)
        names.append(shock.shock)
    return out, names


def identification(sample: pd.DataFrame, terms: list[str]) -> pd.DataFrame:
    """What identifies each agreement term: treated pair-years, symmetric pairs treated and the years they span.

    Only pairs whose status changes inside the sample identify an effect (the pair effects
    absorb the rest). Columns: term, treated_obs, treated_pairs, asean_pairs (both sides ASEAN
    members), first_year, last_year, years.
    """
    asean = set(reference.members("ASEAN-10"))
    rows = []
    pairs = pair_id(sample)
    for term in terms:
        if term not in sample:
            continue
        changing = sample.groupby(pairs)[term].transform("nunique") > 1
        treated = sample[changing & (sample[term] == 1)]
        treated_pairs = pairs[treated.index].unique()
        both_asean = sum(1 for p in treated_pairs if set(p.split("-")) <= asean)
        years = sorted(int(y) for y in treated["year"].unique())
        rows.append(
            {
                "term": term,
                "treated_obs": len(treated),
                "treated_pairs": len(treated_pairs),
                "asean_pairs": both_asean,
                "first_year": years[0] if years else pd.NA,
                "last_year": years[-1] if years else pd.NA,
                "years": len(years),
            }
        )
    return pd.DataFrame(
        rows, columns=["term", "treated_obs", "treated_pairs", "asean_pairs", "first_year", "last_year", "years"]
    )


@dataclass
class Estimate:
    """A fitted PPML gravity model: its coefficient table, their covariance and what the sample held."""

    coefficients: pd.DataFrame  # term, coef, se, ci_low, ci_high, pct, pct_low, pct_high, p_value
    n_obs: int  # observations used
    n_pairs: int  # pairs used (symmetric or directional, as estimated)
    n_dropped: int  # dropped as singletons or separated (no information on b)
    n_separated: int
    vcov: pd.DataFrame | None = None  # the terms' clustered covariance matrix (terms × terms)

    def total(self, terms: list[str]) -> dict:
        """The sum of ``terms``' coefficients with its standard error from the covariance, e.g. an agreement's
        total effect over its lags as the Guide reports it (ch. 1, C.3): coef, se, pct with its 95% interval."""
        assert self.vcov is not None
        weights = pd.Series(1.0, index=terms)
        coef = float(self.coefficients.set_index("term").loc[terms, "coef"].sum())
        se = float(np.sqrt(weights @ self.vcov.loc[terms, terms] @ weights))
        low, high = coef - 1.959964 * se, coef + 1.959964 * se
        return {
            "coef": coef,
            "se": se,
            "pct": 100 * np.expm1(coef),
            "pct_low": 100 * np.expm1(low),
            "pct_high": 100 * np.expm1(high),
        }


# Small-sample corrections of the clustered covariance. "guide": the cluster correction G/(G−1) only,
# no adjustment for the number of parameters (k), as the Advanced Guide's estimates are reported: the
# standard errors then equal the Guide's. "pyfixest": pyfixest's default, which also scales by (N−1)/(N−k)
# with the fixed effects counted in k (wider intervals in panels with many effects).
SMALL_SAMPLE: dict[str, dict[str, Any]] = {
    "guide": {"k_adj": False, "G_adj": True},
    "pyfixest": {"k_adj": True, "k_fixef": "nonnested", "G_adj": True},
}


PAIR_KINDS = ("symmetric", "directional")


def pair_id(panel: pd.DataFrame, pairs: str = "symmetric") -> pd.Series:
    """The pair of each row: ``symmetric`` (i–j and j–i one pair, the Guide's) or ``directional`` (i>j and j>i apart).

    An intra-national row (exporter equal to importer) is its own pair in both kinds.
    """
    if pairs not in PAIR_KINDS:
        raise SchemaError(f"pairs must be one of {list(PAIR_KINDS)}, got {pairs!r}")
    if pairs == "directional":
        return panel["exporter"] + ">" + panel["importer"]
    exporter, importer = panel["exporter"].astype(str), panel["importer"].astype(str)
    first = exporter <= importer
    return exporter.where(first, importer) + "-" + importer.where(first, exporter)


def varying_terms(trade: pd.DataFrame, terms: list[str]) -> list[str]:
    """The ``terms`` that change within at least one exporter–importer pair (only those can be estimated)."""
    pairs = trade.groupby(["exporter", "importer"])
    return [t for t in terms if t in trade and pairs[t].nunique().gt(1).any()]


def ppml(
    panel: pd.DataFrame,
    terms: list[str],
    *,
    pairs: str = "symmetric",
    cluster: str | None = None,
    covariates: list[str] | None = None,
    small_sample: str = "guide",
) -> Estimate:
    """Structural gravity by PPML on any panel: value_usd on ``terms`` with exporter-year, importer-year and pair effects.

        X_ij,t = exp( Σ_k b_k · term_k,ij,t + π_i,t + χ_j,t + μ_ij ) · ε_ij,t

    ``panel``: columns exporter, importer, year, value_usd (levels, zeros kept) and one column
    per term. Intra-national rows (exporter equal to importer) are kept where the panel has
    them, as in the Guide's own data: then the estimates are relative to domestic sales
    (Yotov et al. 2016, ch. 1, C.3, p. 49). ``pairs="symmetric"`` (default, the Guide's) gives
    i–j and j–i one pair effect μ_ij = μ_ji; ``"directional"`` one each. Standard errors are
    clustered by ``cluster`` (a column of ``panel``), by default the pair of the chosen kind, so
    the symmetric default clusters by symmetric pair as the Guide does. Terms that never vary
    within a pair are left out before estimation (the pair effects absorb them). With
    ``covariates`` (e.g. ln distance, contiguity) the pair effects are replaced by those
    time-invariant pair variables, the traditional specification. 95% confidence intervals from
    the clustered standard errors; ``pct = exp(coef) − 1`` in percent, its interval mapped the
    same way. ``small_sample`` names the correction of the clustered covariance
    (``SMALL_SAMPLE``): "guide" (default: G/(G−1), no k adjustment, the Guide's standard
    errors) or "pyfixest" (pyfixest's default). The covariance comes back as ``vcov``, so
    ``Estimate.total`` gives the Guide's total effects (a sum of lags with its standard error).
    Estimated with pyfixest's ``fepois`` (Santos Silva and Tenreyro 2006).
    """
    import pyfixest

    if small_sample not in SMALL_SAMPLE:
        raise SchemaError(f"small_sample must be one of {list(SMALL_SAMPLE)}, got {small_sample!r}")
    missing = [c for c in ["exporter", "importer", "year", "value_usd", *terms, *(covariates or [])] if c not in panel]
    if missing:
        raise SchemaError(
            f"gravity panel lacks columns {missing}: it needs exporter, importer, year, value_usd and one column per term"
        )
    data = panel.assign(
        pair=pair_id(panel, pairs),
        exporter_year=panel["exporter"].astype(str) + panel["year"].astype(str),
        importer_year=panel["importer"].astype(str) + panel["year"].astype(str),
    )
    cluster = cluster or "pair"
    if cluster not in data:
        raise SchemaError(
            f"cluster column {cluster!r} is not in the panel: name a column, or leave it out to cluster by pair"
        )
    varying = varying_terms(data, terms)
    if not varying:
        raise SchemaError(f"none of {terms} changes within any pair over these years: nothing to estimate")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # one per dropped singleton group: we report the count
        warnings.simplefilter("ignore", DeprecationWarning)  # pyfixest 0.60 uses pandas' deprecated inplace=
        effects = "exporter_year + importer_year" + ("" if covariates else " + pair")
        fit = pyfixest.fepois(
            f"value_usd ~ {' + '.join(varying + (covariates or []))} | {effects}",
            data=data,
            vcov={"CRV1": cluster},
            ssc=pyfixest.ssc(**SMALL_SAMPLE[small_sample]),
        )
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
    names = list(coefficients["term"])
    vcov = pd.DataFrame(np.asarray(fit._vcov), index=names, columns=names)
    return Estimate(
        coefficients, int(fit._N), int(used["pair"].nunique()), len(fit._na_index), int(fit.n_separation_na or 0), vcov
    )


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
        rows = dots[
            (dots["reporter"] == reporter)
            & (dots["flow"] == flow)
            & (dots["partner"] == partner)
            & dots["year"].isin(window)
        ]
        return rows["value_usd"].mean() if rows["year"].nunique() == len(window) else np.nan

    records = []
    for member in members:
        china_before, china_after = (mean_of("CHN", "export", member, w) for w in (before, after))
        us_before, us_after = (mean_of(member, "export", "USA", w) for w in (before, after))
        share_before, share_after = (
            100 * mean_of("USA", "import", member, w) / mean_of("USA", "import", "WLD", w) for w in (before, after)
        )
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
# The Guide's interval for leads and lags (ch. 1, C.3, pp. 49–54: RTA_t+4 for reverse causality,
# RTA_LAG4/8/12 for phase-in; it finds most of an agreement's effect 4–12 years after entry).
GUIDE_INTERVAL = 4
EVENTS = "trade_events.csv"
# A change in a member's share of US imports smaller than this (percentage points) is "no clear change".
SHARE_THRESHOLD_PP = 0.1
MAIN = "main"
LEADS = "with leads (placebo)"
WITHOUT_SHOCKS = "without the known shocks (US–China tariffs, diversion)"
DIVERSION = "ASEAN_US_DIVERSION"
WITHOUT_DIVERSION = "without the ASEAN–US diversion control"
WITHOUT_ESTIMATES = "without the IMF-estimated or allocated flows"
IMF_FILLED = "imf_"  # flags of flows IMF DOTS estimated or allocated rather than took from a reporter (imf_estimate, imf_allocated)
UPGRADE_EARLY = "the upgrade dated at the earliest its source allows"
LABELS = {"RCEP": "RCEP", "ACFTA_UPGRADE": language.marked("the ACFTA upgrade (2.0)")}  # shown via language.text
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
    geo = pd.read_csv(
        manifest.verified("atlas_reference/geo_dist.csv"),
        usecols=["exporter", "importer", "contig", "comlang_off", "distw"],
    )
    geo = geo.dropna().assign(
        ln_distance=lambda t: np.log(t["distw"]),
        contiguous=lambda t: t["contig"],
        common_language=lambda t: t["comlang_off"],
    )
    return trade.merge(geo[["exporter", "importer", *GEO_COVARIATES]], on=["exporter", "importer"], how="inner")


def min_years_in_force() -> int:
    """Years in force an effect needs before it is read as the agreement's: the C09 threshold of the claims
    ledger, set from the Guide's finding that effects phase in over 4–12 years (its shortest lag)."""
    from tradebook.themes import claims

    return int(claims.threshold("C09"))


def lead_years(years: range) -> tuple[tuple[int, int], ...]:
    """The lead windows a panel allows, never overlapping: the year before entry, and years 2 to the Guide's four
    (RTA_t+4; fewer in a short window)."""
    longest = min(GUIDE_INTERVAL, len(years) - 2)
    return ((1, 1), (2, longest)) if longest > 1 else ((1, 1),)


def reported_only(trade: pd.DataFrame) -> pd.DataFrame:
    """The flows a reporter recorded: rows IMF DOTS estimated or allocated (flag ``imf_…``) left out."""
    return trade[~trade["flag"].fillna("").str.contains(IMF_FILLED)]


def specifications(flows: pd.DataFrame, years: range, terms: list[str]) -> dict[str, tuple[pd.DataFrame, Estimate]]:
    """The main estimate and its robustness checks: name → (sample, estimate).

    - main: exporter-recorded flows, every year of ``years``, symmetric pair effects clustered
      by symmetric pair, the agreements and the known shocks (``with_shocks``: the US–China
      tariffs) as controls;
    - without the known shocks: what the estimate would say if the tariff war were left in it;
    - without the ASEAN–US diversion control: how much of an effect is US imports diverted to ASEAN;
    - without the IMF-estimated flows (``imf_estimate`` and ``imf_allocated``, about a quarter of the panel): the
      estimate on reported flows only;
    - the upgrade dated at the earliest its source allows (``ACFTA_UPGRADE_EARLY``: members
      without their own date coded from the year after China and Viet Nam);
    - without the pandemic years (PANDEMIC_YEARS left out);
    - with leads (placebo): the year before entry and years 2–4 before it (``lead_years``, never
      overlapping) for each policy agreement; a significant lead is a pre-existing trend
      (``pretrends``);
    - with phase-in lags: the agreement from its GUIDE_INTERVAL-th year in force (only where
      some pair has been in force that long);
    - directional pairs: one pair effect per direction, clustered by directional pair;
    - mirror: the same flows as the importer records them;
    - without pair effects: distance, contiguity and common language instead (``with_geography``),
      the traditional specification, which the pair effects improve on.
    """
    exporter_side, shock_terms = with_shocks(panel(flows, years))
    leads, lags = lead_years(years), (GUIDE_INTERVAL,)
    exporter_side = with_agreements(exporter_side, terms, leads=leads, lags=lags)
    importer_side = with_agreements(with_shocks(panel(flows, years, record="importer"))[0], terms)
    controlled = terms + shock_terms
    policy = [t for t in POLICY_TERMS if t in terms]
    lead_terms = [lead_name(t, window) for t in policy for window in leads]
    lag_terms = [t for t in (f"{p}_lag{GUIDE_INTERVAL}" for p in policy) if varying_terms(exporter_side, [t])]
    without = exporter_side[~exporter_side["year"].isin(PANDEMIC_YEARS)]
    samples = {
        MAIN: (exporter_side, controlled, "symmetric"),
        WITHOUT_SHOCKS: (exporter_side, terms, "symmetric"),
        WITHOUT_DIVERSION: (exporter_side, [t for t in controlled if t != DIVERSION], "symmetric"),
        f"without {PANDEMIC_YEARS[0]}–{PANDEMIC_YEARS[-1]}": (without, controlled, "symmetric"),
        LEADS: (exporter_side, controlled + lead_terms, "symmetric"),
        "directional pairs": (exporter_side, controlled, "directional"),
        "mirror (importer-recorded)": (importer_side, controlled, "symmetric"),
        WITHOUT_ESTIMATES: (reported_only(exporter_side), controlled, "symmetric"),
    }
    if "ACFTA_UPGRADE" in terms:
        early = exporter_side.assign(ACFTA_UPGRADE=in_force(exporter_side, "ACFTA_UPGRADE_EARLY"))
        samples[UPGRADE_EARLY] = (early, controlled, "symmetric")
    if lag_terms:
        samples["with phase-in lags"] = (exporter_side, controlled + lag_terms, "symmetric")
    estimates = {}
    for name, (sample, sample_terms, pairs) in samples.items():
        varying = varying_terms(sample, sample_terms)
        if sample["year"].nunique() > 1 and varying:
            estimates[name] = (sample, ppml(sample, varying, pairs=pairs))
    geography = with_geography(exporter_side)
    varying = varying_terms(geography, controlled)
    if geography["year"].nunique() > 1 and varying:
        estimates["without pair effects (distance, contiguity, language)"] = (
            geography,
            ppml(geography, varying, covariates=GEO_COVARIATES),
        )
    return estimates


def pretrends(effects: pd.DataFrame) -> pd.DataFrame:
    """The leads of the placebo specification whose 95% interval excludes zero: agreement, term, pct, pct_low, pct_high.

    A significant lead means trade between the members was already moving before the agreement
    applied: the main estimate then mixes that trend with any effect and is not identified.
    """
    leads = effects[(effects["specification"] == LEADS) & effects["term"].str.contains("_lead")]
    failed = leads[(leads["pct_low"] > 0) | (leads["pct_high"] < 0)]
    return failed.assign(agreement=failed["term"].str.split("_lead").str[0])[
        ["agreement", "term", "pct", "pct_low", "pct_high"]
    ]


def lead_label(term: str) -> str:
    """'the year before entry' for RCEP_lead1, 'years 2–4 before entry' for RCEP_lead2to4."""
    window = term.split("_lead")[1]
    if "to" not in window:
        if window in ("", "1"):
            return language.text("the year before entry")
        return language.text("year {window} before entry", window=window)
    first, last = window.split("to")
    return language.text("years {first}–{last} before entry", first=first, last=last)


def _interval(row) -> str:
    return language.text(
        "{pct:+.1f}% (95% confidence interval {low:+.1f}% to {high:+.1f}%)",
        pct=row.pct,
        low=row.pct_low,
        high=row.pct_high,
    )


SPECIFICATIONS = (  # the specifications' names as the briefing shows them (``specification_name``)
    language.marked("main"),
    language.marked("with leads (placebo)"),
    language.marked("without the known shocks (US–China tariffs, diversion)"),
    language.marked("without the ASEAN–US diversion control"),
    language.marked("without the IMF-estimated or allocated flows"),
    language.marked("the upgrade dated at the earliest its source allows"),
    language.marked("directional pairs"),
    language.marked("mirror (importer-recorded)"),
    language.marked("with phase-in lags"),
    language.marked("without pair effects (distance, contiguity, language)"),
)


def specification_name(specification: str) -> str:
    """A specification's name in the edition's language ("without 2020–2021" → 不含2020—2021年)."""
    if specification in SPECIFICATIONS:
        return language.text(specification)
    years = re.fullmatch(r"without (\d{4})–(\d{4})", specification)
    if years:
        return language.text("without {first}–{last}", first=years.group(1), last=years.group(2))
    return specification


def _other(effects: pd.DataFrame, specification: str, term: str) -> str | None:
    rows = effects[(effects["specification"] == specification) & (effects["term"] == term)]
    return _interval(rows.iloc[0]) if len(rows) else None


def effect_sentences(effects: pd.DataFrame, identified: pd.DataFrame, *, held: str) -> dict[str, str]:
    """Policy agreement → one sentence: the main estimate, what identifies it, the estimate without each control that
    matters to it (the tariffs and the diversion, the diversion alone), on reported flows only, with the upgrade
    dated at the earliest its source allows, and what its checks allow it to be called (a pre-trend or too few
    years make it no effect). Also ``controls``: a warning where a control agreement's effect is significantly negative.

    ``effects``: ``effects_table``; ``identified``: ``identification`` on the main sample.
    """
    main = effects[effects["specification"] == MAIN].set_index("term")
    failed = pretrends(effects)
    ident = identified.set_index("term")
    min_years = min_years_in_force()
    sentences = {}
    for term, name in LABELS.items():
        label = language.text(name)
        label = label[:1].upper() + label[1:]
        if term not in main.index:
            sentences[term] = language.text(
                "{label}: not estimable on {held} (no pair changes status inside the panel).", label=label, held=held
            )
            continue
        row = main.loc[term]
        text = language.text(
            "{label}: {interval}, clustered by symmetric pair, with the US tariffs on China, China's tariffs on US goods "
            "and the diversion of US imports to ASEAN controlled",
            label=label,
            interval=_interval(row),
        )
        if term in ident.index:
            who = ident.loc[term]
            text += language.text(
                "; identified by {observations} treated pair-years of {pairs} pairs ({asean} of them between two ASEAN "
                "members) in {years}",
                observations=int(who.treated_obs),
                pairs=int(who.treated_pairs),
                asean=int(who.asean_pairs),
                years=language.years(int(who.first_year), int(who.last_year)),
            )
        checks = [
            (WITHOUT_DIVERSION, language.marked("; without the diversion control {found}")),
            (WITHOUT_SHOCKS, language.marked("; without any of these controls {found}")),
            (
                WITHOUT_ESTIMATES,
                language.marked("; on reported flows only (IMF estimates and allocations left out) {found}"),
            ),
            (
                UPGRADE_EARLY,
                language.marked(
                    "; with the members whose own date is not established dated from the year after China and Viet Nam "
                    "{found}"
                ),
            ),
        ]
        text += "".join(
            language.text(words, found=found)
            for spec, words in checks
            if (found := _other(effects, spec, term)) and (spec != UPGRADE_EARLY or term == "ACFTA_UPGRADE")
        )
        leads = failed[failed["agreement"] == term]
        if len(leads):
            said = language.text("; ").join(
                [
                    language.text("{interval} in {lead}", interval=_interval(lead), lead=lead_label(lead.term))
                    for lead in leads.itertuples()
                ]
            )
            text += language.text(". Pre-existing trend, effect not identified: trade already moved {said}.", said=said)
        elif row.years_in_force < min_years:
            text += language.text(
                ". Only {years} year(s) in force, fewer than the {needed} the Guide's results ask: too early to read as an "
                "effect.",
                years=int(row.years_in_force),
                needed=min_years,
            )
        elif row.pct_low > 0 or row.pct_high < 0:
            text += language.text(". The leads show no pre-existing trend: read as the agreement's effect.")
        else:
            text += language.text(". The interval covers zero: no effect shown.")
        sentences[term] = text
    negative = main[main.index.isin(CONTROL_TERMS) & (main["pct_high"] < 0)] if len(main) else main
    if len(negative):
        named = language.text("; ").join([f"{t} {_interval(r)}" for t, r in negative.iterrows()])
        sentences["controls"] = language.text(
            "A warning from the controls: {named}. An agreement does not cut trade between its members; a significant "
            "negative effect says that pair-specific shocks of those years, which the model does not control, load onto "
            "agreement terms.",
            named=named,
        )
    return sentences


def drifted_before_entry(table: pd.DataFrame) -> bool:
    """Whether the event study's years before entry stand apart from the base year (a 95% interval excluding zero): a
    pre-existing trend."""
    before = table[table["year"] < int(table["entry_year"].iat[0])]
    return bool(((before["pct_low"] > 0) | (before["pct_high"] < 0)).any())


def event_sentence(table: pd.DataFrame, label: str) -> str:
    """What the event study shows, in words: each year's level against the base year, the drift before entry and
    whether entry breaks it (the entry year against the pre-entry trend extended, 95% confidence)."""
    entry, base = int(table["entry_year"].iat[0]), int(table.loc[table["coef"] == 0, "year"].iat[0])
    years = language.listed(
        [language.text("{year} {pct:+.0f}%", year=int(r.year), pct=r.pct) for r in table.itertuples() if r.year != base]
    )
    before = table[table["year"] < entry]
    moved = before[(before["pct_low"] > 0) | (before["pct_high"] < 0)]
    text = language.text(
        "Event study ({label}'s pairs, each year against {base}, the year before entry, 95% confidence intervals): "
        "{years}.",
        label=language.text(label),
        base=base,
        years=years,
    )
    if len(moved):
        text += language.after(
            language.text(
                "Before entry the pairs' trade already stood apart in {years}: a pre-existing trend.",
                years=language.listed([str(int(y)) for y in moved["year"]]),
            )
        )
    after = table[table["year"] >= entry]
    if len(before) >= 3 and len(after):
        slope, intercept = np.polyfit(before["year"], before["coef"], 1)
        first = after.iloc[0]
        expected = intercept + slope * first["year"]
        broke = abs(first["coef"] - expected) > 1.959964 * first["se"]
        above = first["coef"] > expected
        stood = {
            (True, True): language.marked(
                "In {year}, the first year in force, they stood at {pct:+.0f}%, above the {expected:+.0f}% that the "
                "pre-entry trend extended gives: outside its 95% interval, a break at entry."
            ),
            (True, False): language.marked(
                "In {year}, the first year in force, they stood at {pct:+.0f}%, above the {expected:+.0f}% that the "
                "pre-entry trend extended gives: within its 95% interval, no break at entry."
            ),
            (False, True): language.marked(
                "In {year}, the first year in force, they stood at {pct:+.0f}%, below the {expected:+.0f}% that the "
                "pre-entry trend extended gives: outside its 95% interval, a break at entry."
            ),
            (False, False): language.marked(
                "In {year}, the first year in force, they stood at {pct:+.0f}%, below the {expected:+.0f}% that the "
                "pre-entry trend extended gives: within its 95% interval, no break at entry."
            ),
        }[(above, broke)]
        text += language.after(
            language.text(stood, year=int(first["year"]), pct=first["pct"], expected=100 * np.expm1(expected))
        )
    return text


def not_in_force() -> pd.DataFrame:
    """Agreements the claims name that are signed but not in force (data/reference/agreements_not_in_force.csv)."""
    return reference.read_table(
        "agreements_not_in_force.csv",
        ["agreement", "agreement_name", "agreement_name_zh_hans", "signed", "status", "status_zh_hans", "source_url"],
        key=["agreement"],
        dtype=str,
    )


def panel_note(flows: pd.DataFrame, held: str) -> str:
    """What the panel can and cannot identify, computed from it (reporters, years), with the Guide's reference."""
    reporters = flows.loc[flows["source"] == DOTS, "reporter"].nunique()
    return language.text(
        "The panel is built around the {reporters} shipped {source} reporters' trade with all their partners ({held}): a "
        "pair of two other economies is never seen, so an agreement is identified from the reporters' pairs only, and a "
        "partner's other trade shifts are not. Without intra-national (domestic) flows the estimates are relative to "
        "trade with non-members, not to domestic sales, and cannot show trade created or diverted overall (Yotov et al. "
        "2016, ch. 1, C.3, pp. 49–54, which estimates the same model with domestic trade).",
        reporters=reporters,
        source=series.SOURCE_LABELS[DOTS],
        held=held,
    )


def effects_table(estimates: dict[str, tuple[pd.DataFrame, Estimate]]) -> pd.DataFrame:
    """One row per specification and term, with the sample sizes; percent effects exp(b) − 1 (no rows if nothing was estimated)."""
    rows = [pd.DataFrame(columns=EFFECT_COLUMNS)]
    for name, (sample, estimate) in estimates.items():
        table = estimate.coefficients.assign(
            specification=name,
            n_obs=estimate.n_obs,
            n_pairs=estimate.n_pairs,
            n_dropped=estimate.n_dropped,
            n_separated=estimate.n_separated,
        )
        table["years_in_force"] = table["term"].map(
            lambda t, sample=sample: years_in_force(sample, t) if t in sample else 0
        )
        rows.append(table)
    return pd.concat(rows, ignore_index=True)[EFFECT_COLUMNS]


def tariff_windows(year_start: int, year_end: int, *, before_years: int = 2) -> tuple[list[int], list[int]]:
    """Years before and after the US tariffs on China (data/reference/trade_events.csv), inside the run.

    Before: the ``before_years`` years up to the year before the first tariff; after: from the
    year after the last tariff step to ``year_end``. The tariff years themselves are left out.
    """
    events = reference.read_table(
        EVENTS, ["event", "date", "description", "source_url"], dtype=str, keep_default_na=False
    )
    event_years = pd.to_datetime(events["date"], format="%Y-%m-%d").dt.year
    first, last = int(event_years.min()), int(event_years.max())
    before = [y for y in range(first - before_years, first) if year_start <= y <= year_end]
    after = list(range(max(last + 1, year_start), year_end + 1))
    return before, after
