"""Notebook 01's question: what do the shipped sources say, how complete are they, and do they agree?

The coverage of every pair and year, the data vintage (the years each source holds and the last
one this run uses, the published figures apart), the check of China's records against the
published China–ASEAN totals (GACC/MOFCOM, curated with a URL per row), the yuan rate GACC's own
table implies, and the mirror gap: the partner's record of the same trade against the reporter's.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradebook import language, reference, shared_tables
from tradebook.context import Workbook
from tradebook.flows import coverage, dataset, reconcile, series
from tradebook.publish import figures
from tradebook.publish.section import Section
from tradebook.sources import curated, gacc, gacc_release
from tradebook.sources.live import external

CHECK_COLUMNS = ["year", "computed_usd", "official_usd", "diff_pct", "status", "computed_flag", "official_flag"]


def published_totals_apply(wb: Workbook) -> bool:
    """The published China–ASEAN totals belong to runs of China with a group (they are totals for ASEAN as a whole)."""
    return wb.reporter == "CHN" and wb.partner in reference.group_ids()


@dataclass(frozen=True)
class Coverage:
    """Which pairs and years each source holds for the run's economies, and what the partial cells miss."""

    matrix: pd.DataFrame  # 01_coverage_matrix: ✓ ½ · by source, pair and year, to the last year any source holds
    bilateral: pd.DataFrame  # its rows with the reporter on either side
    details: pd.DataFrame  # 01_coverage_gaps: the partial cells of those rows, with what is missing
    spans: pd.DataFrame  # the gaps by source, pair and note, years as spans


def coverage_of(wb: Workbook, flows: pd.DataFrame) -> Coverage:
    """The coverage matrix of the run's economies, its columns running past ``year_end`` to the last year any source holds for them."""
    economies = [wb.reporter, *wb.members]
    held_years = flows.loc[flows["reporter"].isin(economies) & flows["partner"].isin(economies), "year"]
    matrix = coverage.matrix(
        flows, economies, economies, range(wb.year_start, max(wb.year_end, int(held_years.max())) + 1)
    )
    sides = (matrix.index.get_level_values("reporter") == wb.reporter) | (
        matrix.index.get_level_values("partner") == wb.reporter
    )
    details = matrix.attrs["details"]
    details = details[(details["reporter"] == wb.reporter) | (details["partner"] == wb.reporter)]
    return Coverage(matrix, matrix[sides], details, coverage.gap_spans(details))


def vintage(wb: Workbook, flows: pd.DataFrame, sources: list[str]) -> pd.DataFrame:
    """The data vintage: for each source the years it holds for the run's economies and the last year used; published figures apart."""
    refreshed = dataset.refreshed_sources()  # what `make refresh` added, named with its release
    held = dataset.load_flows([*sources, *refreshed]) if refreshed else flows
    table = coverage.vintage(held, wb.reporter, wb.members, wb.year_end, series.SOURCE_LABELS | external.describe())
    if not published_totals_apply(wb):
        return table
    published = dataset.load_official_totals()
    latest = int(published["year"].max())
    exact = published[published["flag"] != "lower_bound"]
    rows = [
        {
            "source": "curated",
            "label": language.text(
                "China's published totals with ASEAN to {year} (GACC/MOFCOM, a page per figure)",
                year=int(exact["year"].max()),
            ),
            "kind": "published",
            "first_year": int(published["year"].min()),
            "last_year": int(exact["year"].max()),
            "last_year_used": int(exact["year"].max()),
        }
    ]
    ytd = curated.year_to_date(latest)
    if len(ytd) and latest not in set(exact["year"]):
        rows.append(
            {
                "source": "curated",
                "label": language.text(
                    "year-to-date totals as published, to {period}",
                    period=language.period(latest, 1, int(ytd["last_month"].max())),
                ),
                "kind": "published",
                "first_year": latest,
                "last_year": latest,
                "last_year_used": latest,
            }
        )
    releases = dataset.load_gacc_releases()
    if len(releases):
        latest = gacc_release.latest(releases)
        newest = latest[latest["period"] == "year_to_date"].iloc[0]
        period = gacc_release.Period(
            int(newest["year"]), int(newest["first_month"]), int(newest["last_month"]), has_month_column=False
        ).label
        rows.append(
            {
                "source": gacc_release.SOURCE,
                "label": language.text(
                    "GACC's release by country for {period} (released {released})",
                    period=period,
                    released=newest["release_date"],
                ),
                "kind": "published",
                "first_year": int(releases["year"].min()),
                "last_year": int(newest["year"]),
                "last_year_used": int(newest["year"]),
            }
        )
    return pd.concat([table, pd.DataFrame(rows)], ignore_index=True)


def official_check(wb: Workbook, flows: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """China's records (IMF DOTS, GACC 2024) of its trade with ASEAN-10 against the published totals, by year; empty with the reason elsewhere."""
    if not (wb.reporter == "CHN" and wb.partner in ("ASEAN-10", "ASEAN")):
        return pd.DataFrame(columns=CHECK_COLUMNS), language.text(
            "The official series covers China–ASEAN as a whole; it is not compared for {reporter}→{partner}.",
            reporter=wb.reporter_name,
            partner=wb.partner_label,
        )
    two_way = pd.concat(
        [
            reconcile.group_two_way(flows, wb.reporter, "ASEAN-10", source=source).assign(source=source)
            for source in (series.DOTS, series.GACC)
        ],
        ignore_index=True,
    )
    return reconcile.against_official(two_way[two_way["year"].isin(wb.years)], dataset.load_official_totals()), None


def official_check_shown(check: pd.DataFrame) -> pd.DataFrame:
    """The official check as the notebook shows it: USD billions to one decimal, the difference (%) to two."""
    shown = check.assign(
        computed_usd_bn=(check["computed_usd"] / 1e9).round(1),
        official_usd_bn=(check["official_usd"] / 1e9).round(1),
        diff_pct=check["diff_pct"].round(2),
    )
    return shown[["year", "computed_usd_bn", "official_usd_bn", "diff_pct", "status", "computed_flag", "official_flag"]]


def yuan_rates(flows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The yuan per dollar GACC's table implies (Jan–Sep, and Jan–Dec against China's UN Comtrade world total), and the September check."""
    native = gacc.read_native()
    rates = gacc.implied_cny_rate(native)
    world = flows[
        (flows["source"] == series.COMTRADE_MIRROR)
        & (flows["reporter"] == "CHN")
        & (flows["partner"] == "WLD")
        & (flows["year"] == gacc.YEAR)
    ]
    world_cny = native[
        (native["partner"] == "WLD")
        & (native["month"] == 12)
        & (native["flow"] == "total")
        & (native["currency"] == "CNY")
    ]["cumulative"].sum()
    full_year = {
        "year": gacc.YEAR,
        "period": language.text("Jan–Dec"),
        "cny_per_usd": world_cny / world["value_usd"].sum(),
        "method": language.text(
            "GACC world total trade in yuan (December cumulative) ÷ China's world totals in UN Comtrade (USD)"
        ),
    }
    september = gacc.usd_check(native, rates["cny_per_usd"].iat[0])  # January–September, gacc's first row
    rates = pd.concat([rates, pd.DataFrame([full_year])], ignore_index=True)
    return rates, september.assign(partner=september["partner"].map(reference.name_of))


def march_sentence() -> str:
    """March of the GACC year, which the table lacks, derived from the cumulative columns (yuan bn), by partner."""
    monthly = gacc.monthly_cny(gacc.read_native())
    march = monthly[(monthly["month"] == 3) & (monthly["flow"] == "total")]
    values = "; ".join(f"{reference.name_of(p)} {v / 1e9:,.1f}" for p, v in zip(march["partner"], march["value_cny"]))
    return f"March {gacc.YEAR}, derived from the cumulative columns (yuan bn): {values}"


@dataclass(frozen=True)
class Mirror:
    """The partner's record of the trade against the reporter's, by partner and year."""

    table: pd.DataFrame  # 01_mirror_totals
    gap: pd.DataFrame  # gap_pct, partners (names) × years; NaN where a side is incomplete
    compared: (
        str  # which sources were compared in which years, e.g. "GACC against UN Comtrade 2024; IMF DOTS 2011–2022"
    )
    none_note: str  # said when no year has both sides complete


def mirror(wb: Workbook, flows: pd.DataFrame) -> Mirror:
    table = reconcile.mirror_all_sources(flows, wb.reporter, wb.members)
    table = table[table["year"].isin(wb.years)]
    gap = table.pivot(index="partner", columns="year", values="gap_pct").rename(index=reference.name_of).astype(float)
    ranges = table.dropna(subset=["gap_pct"]).groupby("sources")["year"].agg(["min", "max"])
    compared = language.text("; ").join(
        [
            language.text("{sources} {years}", sources=s, years=language.years(int(lo), int(hi)))
            for s, (lo, hi) in ranges.iterrows()
        ]
    )
    none_note = language.text(
        "No year in which both {reporter}'s and the partner's own records are complete: there is no mirror gap to "
        "show (the partner's own statistics may not be shipped).",
        reporter=wb.reporter_name,
    )
    return Mirror(table, gap, compared, none_note)


def partner_records_sentence(both: pd.DataFrame) -> str:
    """How far the two records of each partner (IMF DOTS and UN Comtrade) differ where both hold the year complete."""
    if not len(both):
        return language.text("No partner-year is held complete by both.")
    return language.text(
        "{held} partner-years held by both: median difference {median:.2f}%, largest {largest:.1f}%.",
        held=len(both),
        median=both["diff_pct"].abs().median(),
        largest=both["diff_pct"].abs().max(),
    )


def summary(
    wb: Workbook, flows: pd.DataFrame, details: pd.DataFrame, check: pd.DataFrame, mirrored: Mirror
) -> list[str]:
    """The notebook's closing points: rows and partial cells, the official check, IMF-allocated months, the latest mirror gap."""
    lines = [
        f"{len(flows):,} validated rows from {flows['source'].nunique()} sources; {int((details['note'] != '').sum())} reporter–partner–year cells are partial (listed above)."
    ]
    compared = check[check["status"].str.startswith("within") | check["status"].str.startswith("outside")]
    if len(compared):
        worst = compared.loc[compared["diff_pct"].abs().idxmax()]
        lines.append(
            f"Against the official China–ASEAN totals, {int(compared['status'].str.startswith('within').sum())} of {len(compared)} compared years are within ±2%; "
            f"the largest difference is {worst['diff_pct']:+.2f}% in {int(worst['year'])}."
        )
        allocated = flows[
            (flows["source"] == series.DOTS)
            & (flows["reporter"] == wb.reporter)
            & flows["year"].isin(wb.years)
            & flows["flag"].str.contains("imf_allocated")
        ]
        months = ", ".join(
            f"{y}-{m:02d}"
            for y, m in allocated[["year", "month"]]
            .drop_duplicates()
            .sort_values(["year", "month"])
            .itertuples(index=False)
        )
        if months:
            lines.append(
                f"{wb.reporter_name} did not report {months} month by month; the IMF allocated those months (flag `imf_allocated`). "
                "Annual sums keep the true total; monthly comparisons for those months are not reliable."
            )
        incomplete = check[check["status"].str.startswith("incomplete")]
        if len(incomplete):
            lines.append(
                f"Not compared because incomplete: {', '.join(f'{y} ({s})' for y, s in zip(incomplete['year'], incomplete['status']))}."
            )
    complete = mirrored.table[mirrored.table["complete"]]
    if len(complete):
        last = complete[complete["year"] == complete["year"].max()].set_index("partner")["gap_pct"]
        lines.append(
            f"Mirror gap in {complete['year'].max()}: from {last.min():+.1f}% ({reference.name_of(last.idxmin())}) to {last.max():+.1f}% ({reference.name_of(last.idxmax())})."
        )
    return lines


def mirror_section(wb: Workbook, mirror: Mirror) -> Section:
    """The mirror gap, partner-recorded minus reporter-recorded trade by partner and year, drawn where some year has both
    sides complete; said otherwise."""
    tables = {shared_tables.MIRROR_TOTALS: mirror.table}
    if not mirror.gap.notna().any().any():
        return Section("01_mirror_gap", tables=tables, said=(mirror.none_note,))
    who = wb.reporter_name
    return Section(
        "01_mirror_gap",
        tables=tables,
        figure=figures.mirror_gap(mirror.gap, reporter_name=who, compared=mirror.compared),
        caption=language.text(
            "Mirror gap: partner-recorded minus {who}-recorded trade, % of {who}-recorded ({compared}).",
            who=who,
            compared=mirror.compared,
        ),
        briefing="coverage",
    )
