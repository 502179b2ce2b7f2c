"""Analytical series pulled from the canonical table: bilateral totals, shares, structures.

Each function returns a tidy DataFrame with the completeness of what it summed, so figures and
sentences can say what is missing. Values in USD unless a column name says otherwise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradebook import indicators, language, reference, schema
from tradebook.flows import aggregate

DOTS = "imf_dots"
GACC = "gacc_2024"
COMTRADE_MIRROR = "comtrade_mirror"
SOURCE_LABELS = {
    DOTS: "IMF DOTS",
    GACC: "GACC",
    COMTRADE_MIRROR: "UN Comtrade",
    "imf_china_imports": "IMF China imports (annual)",
    "wits_summary": "WITS trade summary",
    "oec_sections": "OEC HS sections",
    "baci_hs2": "CEPII BACI HS2",
    "dosm_sitc2": "DOSM Malaysia SITC2",
    "singapore_wits_hs2": "Singapore HS2 (WITS)",
    "singapore_comtrade_hs2": "Singapore HS2 (UN Comtrade)",
    "comtrade": "UN Comtrade (refreshed)",
    "baci": "CEPII BACI (refreshed)",
    # the manifest's ids of shipped files that are not flows of their own
    "atlas_reference": "WDI and classification tables (atlas-common-data)",
    "curated": "published figures (curated, a page per figure)",
    "gacc_release": "GACC monthly releases by country",
    "singapore_hs2": "Singapore HS2 (UN Comtrade, WITS)",
}
# Which source gives a year when several hold it: the first whose record of the year is complete
# for every partner. DOTS first (the long monthly series), then the newer sources: GACC holds
# China's own record (2024), UN Comtrade each partner's own record of its trade with China.
PRECEDENCE = (DOTS, GACC, COMTRADE_MIRROR)


def bilateral(flows: pd.DataFrame, reporter: str, partners: list[str], *, source: str = DOTS) -> pd.DataFrame:
    """Reporter-recorded exports, imports and total with each partner by year (plus balance)."""
    rows = flows[
        (flows["source"] == source)
        & (flows["classification"] == "TOTAL")
        & (flows["reporter"] == reporter)
        & flows["partner"].isin(partners)
    ]
    out = aggregate.two_way(aggregate.annual(rows), ["partner", "year"])
    both = out["complete"]  # a balance needs both flows: incomplete years stay NaN
    out.loc[both, "balance_usd"] = indicators.trade_balance(out.loc[both, "export_usd"], out.loc[both, "import_usd"])
    out.loc[both, "normalized_balance"] = indicators.normalized_balance(
        out.loc[both, "export_usd"], out.loc[both, "import_usd"]
    )
    return out


def partner_recorded(flows: pd.DataFrame, reporter: str, partners: list[str], *, source: str = DOTS) -> pd.DataFrame:
    """Each partner's own record of its trade with ``reporter`` (the mirror), by year.

    export_usd here is the partner's exports to the reporter (its imports mirror).
    """
    rows = flows[
        (flows["source"] == source)
        & (flows["classification"] == "TOTAL")
        & flows["reporter"].isin(partners)
        & (flows["partner"] == reporter)
    ]
    return aggregate.two_way(aggregate.annual(rows), ["reporter", "year"]).rename(columns={"reporter": "partner"})


def _one_source_per_year(frames: dict[str, pd.DataFrame], partners: list[str]) -> pd.DataFrame:
    """Rows of one source per year, the first in ``frames`` order whose year is complete for every partner.

    A year no source holds completely keeps the first source that has it (its rows say
    ``complete = False``). Adds a ``source`` column; a year is never a mix of two sources.
    """
    held = [rows.assign(source=source) for source, rows in frames.items() if len(rows)]
    if not held:
        return next(iter(frames.values())).assign(source=pd.Series(dtype="string"))
    table = pd.concat(held, ignore_index=True)
    order = list(frames)
    chosen = {}
    for year, rows in table.groupby("year"):
        by_source = rows.groupby("source")
        full = [
            s
            for s in order
            if s in by_source.groups
            and len(by_source.get_group(s)) == len(partners)
            and by_source.get_group(s)["complete"].all()
        ]
        chosen[year] = full[0] if full else next(s for s in order if s in by_source.groups)
    return table[table["source"] == table["year"].map(chosen)].sort_values(["year", "partner"]).reset_index(drop=True)


def reporter_recorded(
    flows: pd.DataFrame, reporter: str, partners: list[str], *, sources: tuple[str, ...] = PRECEDENCE
) -> pd.DataFrame:
    """``bilateral`` from every source that holds the reporter's own record, one source per year.

    Precedence is ``sources`` order (PRECEDENCE: IMF DOTS, GACC, UN Comtrade), shown in the
    ``source`` column of every row.
    """
    return _one_source_per_year({s: bilateral(flows, reporter, partners, source=s) for s in sources}, partners)


def partners_recorded(
    flows: pd.DataFrame, reporter: str, partners: list[str], *, sources: tuple[str, ...] = PRECEDENCE
) -> pd.DataFrame:
    """``partner_recorded`` (the mirror) from IMF DOTS, GACC, UN Comtrade, one source per year."""
    return _one_source_per_year({s: partner_recorded(flows, reporter, partners, source=s) for s in sources}, partners)


def _group_years(rows: pd.DataFrame, n_partners: int) -> pd.DataFrame:
    out = (
        rows.groupby(["year", "source"])
        .agg(
            value_usd=("total_usd", "sum"),
            complete=("complete", "all"),
            n=("partner", "nunique"),
            flag=("flag", aggregate.join_flags),
        )
        .reset_index()
    )
    out["complete"] &= out["n"] == n_partners
    out.loc[~out["complete"], "value_usd"] = float("nan")  # never plot a partial sum as a total
    return out


OFFICIAL_SERIES = language.marked("official (GACC/MOFCOM, curated)")  # the published totals' series, as labelled
OFFICIAL_WORD = language.marked("official")  # what every published series' label starts with


def is_official(labels: pd.Series) -> pd.Series:
    """Whether each series label is one of the published totals' ("official …", 官方公布…), not a statistical series."""
    return labels.str.startswith(language.text(OFFICIAL_WORD))


def official_label() -> str:
    """The published totals' series label in the edition's language ("official (GACC/MOFCOM, curated)")."""
    return language.text(OFFICIAL_SERIES)


def headline(
    flows: pd.DataFrame, official: pd.DataFrame, reporter: str, partner: str, members: list[str]
) -> pd.DataFrame:
    """Reporter–partner total trade by year from every source held, long format.

    Columns: year, series, side (reporter, partner or official), value_usd, complete, flag,
    source. Series: reporter-recorded (IMF DOTS, GACC), partner-recorded (IMF DOTS, UN Comtrade;
    sum of members), and the official published totals when the partner is ASEAN and the
    reporter China. Each point keeps the source it comes from; one series never joins two sources.
    """
    partner_label = reference.label(partner)
    frames = []
    for side, label, rows in (
        ("reporter", reference.name_of(reporter), reporter_recorded(flows, reporter, members)),
        ("partner", partner_label, partners_recorded(flows, reporter, members)),
    ):
        if rows.empty:
            continue
        yearly = _group_years(rows, len(members))
        # a source whose every year is IMF-estimated is not the economy's own record: say so
        estimated = rows.groupby("source")["flag"].agg(lambda flags: flags.str.contains("imf_estimate").all())
        yearly["series"] = [
            language.text(
                language.marked("{economy}-recorded ({source}, IMF estimates)")
                if estimated[s]
                else language.marked("{economy}-recorded ({source})"),
                economy=label,
                source=SOURCE_LABELS[s],
            )
            for s in yearly["source"]
        ]
        frames.append(yearly.assign(side=side))
    if reporter == "CHN" and partner in ("ASEAN-10", "ASEAN"):
        published = official[official["flow"] == "total"]
        frames.append(
            pd.DataFrame(
                {
                    "year": published["year"],
                    "value_usd": published["value_usd"],
                    "complete": True,
                    "flag": published["flag"],
                    "series": official_label(),
                    "source": published["source_url"],
                    "source_kind": published["source_kind"],
                    "notes": published["notes"],
                    "side": "official",
                }
            )
        )
    columns = ["year", "series", "side", "value_usd", "complete", "flag", "source", "source_kind", "notes"]
    if not frames:
        return pd.DataFrame(columns=columns)
    table = pd.concat(frames, ignore_index=True).reindex(columns=columns)
    return table.astype({"source_kind": "object", "notes": "object"}).fillna({"source_kind": "", "notes": ""})


def monthly_total(flows: pd.DataFrame, reporter: str, members: list[str], *, source: str = DOTS) -> pd.DataFrame:
    """Reporter's monthly X+M with the members, only months where every member and flow is present.

    Columns: period (monthly Period), value_usd, flag.
    """
    rows = flows[
        (flows["source"] == source)
        & (flows["classification"] == "TOTAL")
        & (flows["reporter"] == reporter)
        & flows["partner"].isin(members)
        & flows["month"].notna()
    ]
    grouped = rows.groupby(["year", "month"], observed=True).agg(
        value_usd=("value_usd", "sum"), cells=("value_usd", "size"), flag=("flag", aggregate.join_flags)
    )
    grouped = grouped[grouped["cells"] == 2 * len(members)].reset_index()
    grouped["period"] = pd.PeriodIndex(
        [pd.Period(year=int(y), month=int(m), freq="M") for y, m in zip(grouped["year"], grouped["month"])]
    )
    return grouped[["period", "value_usd", "flag"]]


def partner_share_of_total(
    flows: pd.DataFrame, reporters: list[str], partner: str, *, source: str = DOTS
) -> pd.DataFrame:
    """Share of ``partner`` in each reporter's total trade, percent (reporter-recorded, X+M).

    share = 100 · (X+M with partner) / (X+M with the World). Complete years only.
    """
    rows = flows[
        (flows["source"] == source)
        & (flows["classification"] == "TOTAL")
        & flows["reporter"].isin(reporters)
        & flows["partner"].isin([partner, schema.WORLD])
    ]
    totals = aggregate.two_way(aggregate.annual(rows), ["reporter", "partner", "year"])
    totals = totals[totals["complete"]]
    wide = totals.pivot_table(index=["reporter", "year"], columns="partner", values="total_usd")
    if partner not in wide or schema.WORLD not in wide:
        return pd.DataFrame(columns=["reporter", "year", "partner", "share_pct"])
    share = indicators.share(wide[partner], wide[schema.WORLD]).dropna().rename("share_pct").reset_index()
    return share.assign(partner=partner)


def member_shares(bilateral_rows: pd.DataFrame) -> pd.DataFrame:
    """Each member's share of the reporter's trade with the group, percent, complete years only."""
    complete_years = bilateral_rows.groupby("year")["complete"].all()
    rows = bilateral_rows[bilateral_rows["year"].isin(complete_years[complete_years].index)]
    total = rows.groupby("year")["total_usd"].transform("sum")
    return rows.assign(share_pct=indicators.share(rows["total_usd"], total))[["partner", "year", "share_pct"]]


def export_structure(
    flows: pd.DataFrame,
    source: str,
    reporters: list[str],
    classification: str,
    *,
    flow: str = "export",
    partner: str = schema.WORLD,
) -> pd.DataFrame:
    """Product shares of each reporter's trade with ``partner``, percent (shares sum to 100 per year)."""
    rows = flows[
        (flows["source"] == source)
        & (flows["classification"] == classification)
        & (flows["flow"] == flow)
        & flows["reporter"].isin(reporters)
        & (flows["partner"] == partner)
    ]
    annual = rows.groupby(["reporter", "year", "product"], observed=True)["value_usd"].sum().reset_index()
    total = annual.groupby(["reporter", "year"])["value_usd"].transform("sum")
    return annual.assign(share_pct=indicators.share(annual["value_usd"], total))


CAGR_COLUMNS = [
    "period",
    "series",
    "from_year",
    "to_year",
    "cagr_pct",
    "fitted_pct",
    "years",
    "source",
    "price_pct",
    "note",
]


def _one_source(inside: pd.Series, sources: pd.Series | None) -> tuple[pd.Series, str | None, list[str]]:
    """The years of a period from one source only: the source holding most of its years (the later on a tie)."""
    if sources is None:
        return inside, None, []
    held = sources.reindex(inside.index)
    counts = held.value_counts()
    if counts.empty:
        return inside, None, []
    best = max(counts.index, key=lambda s: (counts[s], held[held == s].index.max()))
    left_out = sorted({SOURCE_LABELS.get(s, s) for s in held[held != best].dropna()})
    return inside[held == best], best, left_out


def cagr_by_period(
    values: pd.Series,
    series_name: str,
    sources: pd.Series | None = None,
    *,
    policy_periods: pd.DataFrame | None = None,
    prices: pd.Series | None = None,
) -> pd.DataFrame:
    """Growth of ``values`` (indexed by year) over each policy period, one source per period.

    ``cagr_pct``: the compound rate between the period's first and last years held, 100 · ((V_T/V_0)^(1/(T−0)) − 1);
    ``fitted_pct``: the log-linear trend over every year held, 100 · (exp(b) − 1) with b the slope of ln V on the
    year (three years or more), which an endpoint at a price trough or peak moves far less. ``sources`` (source id by
    year): each period uses the years of one source only (the one holding most of them), so a rate never joins two
    publishers' records; the others are named in the note. ``prices`` (a price index by year, e.g. the world's export
    unit value): ``price_pct`` is its compound change a year over the same years, where held, so a reader sees how much
    of nominal growth is prices. ``policy_periods``: the run's periods (``reference.periods_for``); all of periods.csv by
    default. Rows report ``from_year``, ``to_year`` and ``years`` so a period only partly covered shows.
    """
    values = values.dropna()
    policy_periods = reference.periods() if policy_periods is None else policy_periods
    if policy_periods.empty and len(values) >= 2:  # no policy period belongs to the pair: the whole window
        whole = f"{int(values.index.min())}–{int(values.index.max())}"
        policy_periods = pd.DataFrame(
            [
                {
                    "period": language.text("whole window {years}", years=whole),
                    "first_year": int(values.index.min()),
                    "last_year": pd.NA,
                }
            ]
        )
    rows = []
    for period in policy_periods.itertuples():
        last = period.last_year if pd.notna(period.last_year) else values.index.max()
        inside, source, others = _one_source(
            values[(values.index >= period.first_year) & (values.index <= last)], sources
        )
        notes = (
            [language.text("{sources} left out: one source per period", sources=language.listed(others))]
            if others
            else []
        )
        if len(inside) < 2:
            notes.insert(0, language.text("fewer than two years of one source in the period"))
            rows.append(
                dict(
                    period=period.period,
                    series=series_name,
                    from_year=pd.NA,
                    to_year=pd.NA,
                    cagr_pct=float("nan"),
                    fitted_pct=float("nan"),
                    years=len(inside),
                    source=SOURCE_LABELS.get(source or "", source or ""),
                    price_pct=float("nan"),
                    note=language.text("; ").join(notes),
                )
            )
            continue
        start, end = int(inside.index.min()), int(inside.index.max())
        if start != period.first_year or (pd.notna(period.last_year) and end != period.last_year):
            notes.insert(0, language.text("covers part of the period"))
        fitted = float("nan")
        if len(inside) >= 3:
            slope = np.polyfit(inside.index.to_numpy(dtype=float), np.log(inside.to_numpy(dtype=float)), 1)[0]
            fitted = 100 * float(np.expm1(slope))
        price = float("nan")
        if prices is not None and start in prices.index and end in prices.index and end > start:
            price = indicators.cagr(prices, start, end)
        rows.append(
            dict(
                period=period.period,
                series=series_name,
                from_year=start,
                to_year=end,
                cagr_pct=indicators.cagr(inside, start, end),
                fitted_pct=fitted,
                years=len(inside),
                source=SOURCE_LABELS.get(source or "", source or ""),
                price_pct=price,
                note=language.text("; ").join(notes),
            )
        )
    return pd.DataFrame(rows, columns=CAGR_COLUMNS)  # no period and under two years: no row, the columns all the same


def mirror_pair(headline_rows: pd.DataFrame) -> pd.Series | None:
    """The latest year in which both sides' records of the trade are held (``headline`` rows), or None.

    Fields: year, value_usd_own, series_own (the reporter's record), value_usd_mirror,
    series_mirror (the partners' record of the same trade), and the other headline columns.
    """
    own = headline_rows[(headline_rows["side"] == "reporter") & headline_rows["value_usd"].notna()]
    mirror = headline_rows[(headline_rows["side"] == "partner") & headline_rows["value_usd"].notna()]
    both = own.merge(mirror, on="year", suffixes=("_own", "_mirror"))
    return both.sort_values("year").iloc[-1] if len(both) else None


def headline_sources(headline_rows: pd.DataFrame) -> str:
    """The sources a headline table draws on, named for a figure note: 'IMF DOTS; GACC; …; official figures as reported'."""
    statistical = [
        SOURCE_LABELS.get(s, s) for s in dict.fromkeys(headline_rows.loc[headline_rows["side"] != "official", "source"])
    ]
    official = (
        [language.text("GACC/MOFCOM figures as reported (curated)")]
        if (headline_rows["side"] == "official").any()
        else []
    )
    return language.text("; ").join(statistical + official)
