"""Notebook 02's question: how large is the reporter's trade with the partner, how fast has it grown,
how balanced is it, which members and products carry it, how intense is it, and what does the
latest year look like?

The headline from every source held (each its own series), growth by year and by policy period,
the monthly momentum, the balance, the members' shares and the rival's, concentration, export
structure (CEPII BACI by HS section, WITS groups and stages, OEC as a cross-check), the bilateral
product snapshots shipped (DOSM for Malaysia, WITS for Singapore) and, after ``make refresh``, the
refreshed product detail; trade intensity; and the full-year projection from the published
year-to-date figures (``themes.nowcast``). Claims C01, C03 and C07 are judged here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradebook import indicators, language, reference, schema
from tradebook.context import Workbook
from tradebook.flows import dataset, panels, products, series
from tradebook.publish import tables
from tradebook.publish.page import usd_bn
from tradebook.questions import Judged
from tradebook.sources import baci_hs2, curated, dosm, gacc_release, manifest, singapore, wdi
from tradebook.themes import claims, context_notes, nowcast

PROJECTION_SHOWN = [
    "year",
    "month",
    "native_currency",
    "native_value",
    "ytd",
    "point",
    "low",
    "high",
    "coverage_pct",
    "backtest_coverage_pct",
    "source_agency",
]
BALANCE_COLUMNS = [
    "partner",
    "year",
    "export_usd",
    "import_usd",
    "balance_usd",
    "normalized_balance",
    "complete",
    "source",
]
STAGES = [
    "Raw materials",
    "Intermediate goods",
    "Consumer goods",
    "Capital goods",
]  # WITS stages of processing, upstream first
MACHINERY_GROUP = "Mach and Elec"  # WITS product group of HS 84–85
MACHINERY_SECTION = "16"  # HS section XVI, machinery and electrical (HS 84–85)
SECTION_FLOOR_PCT = 2.0  # sections drawn: those reaching this share of exports in at least one economy
# the bilateral product snapshots shipped: (member, source, classification, how the title names it)
SNAPSHOTS = (
    ("MYS", dosm.SOURCE, "SITC2", "SITC 2-digit; DOSM, converted from ringgit"),
    ("SGP", singapore.SOURCE_WITS, "HS2", "HS 2-digit; WITS"),
)


@dataclass(frozen=True)
class Projection:
    """The full-year projection from the published year-to-date figures, its backtest, or why there is none."""

    target_year: int | None
    about_year: int  # the year claim C01 is about
    projections: pd.DataFrame  # 02_nowcast: one row per published figure (empty without a projection)
    primary: pd.Series | None  # the latest published figure's projection
    backtest: pd.DataFrame | None  # 02_nowcast_backtest
    accuracy: dict | None  # nowcast.backtest_summary
    sentence: str  # the backtest in one sentence, or why there is no projection
    summary_line: str | None  # the projection behind C01 in one line, for the notebook's check
    why_none: str | None  # the reason C01 is not evaluated (None: evaluated, or no published figure)

    @property
    def months(self) -> str | None:
        """The published months the primary projection starts from ("January–November"); None without one."""
        return None if self.primary is None else nowcast.months_label(int(self.primary["month"]))


@dataclass(frozen=True)
class Structure:
    """What notebook 02 shows and saves, section by section."""

    official: pd.DataFrame  # the published totals (curated)
    headline: pd.DataFrame  # 02_headline: every source held, each its own series
    headline_lines: list[str]  # the last complete reporter-recorded year and the latest published total
    own: pd.DataFrame  # reporter-recorded trade with each member, one source per year
    growth: pd.DataFrame  # 02_growth: complete years and their growth
    cagr: pd.DataFrame  # 02_cagr_periods
    context: pd.DataFrame  # 02_context: topic, sentence, source
    momentum: pd.DataFrame  # 02_monthly: by month, value, year-on-year growth, 12-month total, flag
    balance: pd.DataFrame  # 02_balance: by member and year
    group_balance: pd.DataFrame  # 02_balance_group: with the group, complete years, indexed by year
    shares: pd.DataFrame  # 02_member_shares
    shares_note: str | None  # why there are no member shares to draw
    eastward: pd.DataFrame  # 02_partner_vs_usa_share: the reporter's and the rival's shares in each member's trade
    concentration: pd.DataFrame  # 02_concentration: Herfindahl–Hirschman across members
    sections: pd.DataFrame  # 02_export_sections_baci
    sections_grid: pd.DataFrame | None  # shares by economy (rows) and section (columns), latest BACI year
    latest_baci: int | None
    sections_note: str | None
    wits_groups: pd.DataFrame  # 02_wits_groups
    wits_stages: pd.DataFrame  # 02_wits_stages
    machinery: pd.DataFrame  # the machinery and electrical group's share of exports, by economy and year
    stage_grid: pd.DataFrame | None  # stage shares by economy, latest WITS year
    latest_stage: int | None
    wits_missing: list[str]  # economies with no WITS file
    machines_check: pd.DataFrame  # 02_machines_share_baci_oec
    machines_sentence: str | None
    snapshots: list[tuple[str, str, pd.DataFrame]]  # (table name, title, the ten largest products) per member and flow
    snapshots_note: str | None  # why there are none
    product_source: str | None  # refreshed product data (UN Comtrade, CEPII BACI)
    product_level: str | None
    product_label: str
    top_by_member: pd.DataFrame  # 02_top_products_by_member
    import_share: pd.DataFrame  # 02_import_share_by_product
    top_import: pd.DataFrame  # 02_top_import_by_member
    import_grid: pd.DataFrame | None  # the reporter's share of each member's imports, the 15 products they import most
    refreshed_sentence: str
    intensity: pd.DataFrame  # 02_intensity
    intensity_panels: pd.DataFrame  # both directions, one row per member, year and direction
    world_countries: tuple[int, int] | None  # fewest and most countries summed into world exports, the run's years
    intensity_note: str | None
    projection: Projection
    gacc_latest: (
        pd.DataFrame
    )  # 02_gacc_latest: GACC's latest release by country, year to date (empty outside China–ASEAN)
    after_trillion: list[str]  # what that release shows, and leaves out
    c01: Judged
    c03: Judged
    c07: Judged
    findings: list[str]  # Markdown list items


def complete_years(own: pd.DataFrame, years: range, n_members: int) -> pd.DataFrame:
    """Reporter-recorded totals (USD) of the years complete for every member, with the year's source."""
    by_year = own.groupby("year").agg(
        total_usd=("total_usd", "sum"),
        complete=("complete", "all"),
        n=("partner", "nunique"),
        source=("source", "first"),
    )
    by_year = tables.in_years(by_year.reset_index(), years).set_index("year")
    return by_year[by_year["complete"] & (by_year["n"] == n_members)]


def growth_table(by_year: pd.DataFrame) -> pd.DataFrame:
    """Total and annual growth (%, ``indicators.growth_rate``) of the complete years, with their source."""
    totals = by_year["total_usd"]
    return pd.DataFrame(
        {"total_usd": totals, "growth_pct": indicators.growth_rate(totals), "source": by_year["source"]}
    ).reset_index()


def momentum_table(monthly: pd.DataFrame, years: range) -> pd.DataFrame:
    """Monthly value, year-on-year growth (%) and 12-month rolling total (USD) over the run's years.

    The year before the first is read so the first months have a year-on-year value; months the
    record misses (the growth series run over every calendar month) have no value and an empty flag.
    """
    monthly = monthly[
        (monthly["period"].dt.year >= years.start - 1) & (monthly["period"].dt.year <= years.stop - 1)
    ].set_index("period")
    momentum = pd.DataFrame(
        {
            "value_usd": monthly["value_usd"],
            "yoy_pct": indicators.yoy_monthly(monthly["value_usd"]),
            "rolling_12m_usd": indicators.rolling_12m(monthly["value_usd"]),
            "flag": monthly["flag"],
        }
    )
    momentum["flag"] = momentum["flag"].fillna(
        ""
    )  # after alignment: the growth series run over every month, held or not
    return momentum[momentum.index.year >= years.start].rename_axis("period")


def group_balance(balance: pd.DataFrame, n_members: int) -> pd.DataFrame:
    """Exports, imports, balance (X − M) and normalised balance (X − M)/(X + M) with the whole group, years complete for every member."""
    complete = balance[balance["complete"]]
    group = complete.groupby("year").agg(
        export_usd=("export_usd", "sum"), import_usd=("import_usd", "sum"), source=("source", "first")
    )
    group = group[complete.groupby("year")["partner"].nunique() == n_members]
    group["balance_usd"] = indicators.trade_balance(group["export_usd"], group["import_usd"])
    group["normalized_balance"] = indicators.normalized_balance(group["export_usd"], group["import_usd"])
    return group


def concentration(shares: pd.DataFrame) -> pd.DataFrame:
    """Herfindahl–Hirschman index of the members' shares by year, raw and normalised (``indicators.hhi``)."""
    rows = [
        {
            "year": year,
            "members": rows["partner"].nunique(),
            "hhi": indicators.hhi(rows["share_pct"]),
            "hhi_normalized": indicators.hhi_normalized(rows["share_pct"]),
        }
        for year, rows in shares.groupby("year")
    ]
    return pd.DataFrame(rows, columns=["year", "members", "hhi", "hhi_normalized"])


def outweighed(wb: Workbook, ahead: int, total: int, year: int | None, *, who: str | None = None) -> str:
    """In how many members' trade the reporter outweighs the rival: "China outweighed the United States in the trade of 10 of 10 members in 2022",
    or for one partner whether it did ("… in Indonesia's trade in 2022")."""
    who, rival = who or wb.reporter_name, reference.name_of(wb.rival)
    said = dict(who=who, rival=rival, partners_s=wb.roles.partners_s, year=year, ahead=ahead, total=total)
    if year is None or not total:
        return language.text("No year holds both {who}'s and {rival}'s shares of {partners_s} trade.", **said)
    if wb.roles.grouped:
        return language.text(
            "In {year}, {who} outweighed {rival} in the trade of {ahead} of {total} members with complete records.",
            **said,
        )
    return language.text(
        language.marked("In {year}, {who} outweighed {rival} in {partners_s} trade.")
        if ahead
        else language.marked("In {year}, {who} did not outweigh {rival} in {partners_s} trade."),
        **said,
    )


def members_ahead(eastward: pd.DataFrame, reporter: str, rival: str) -> tuple[int, int, int | None]:
    """In the latest year held, the members where the reporter's share of their trade exceeds the rival's, of those with both."""
    if not len(eastward):
        return 0, 0, None
    latest = int(eastward["year"].max())
    ahead = eastward[eastward["year"] == latest].pivot(index="reporter", columns="partner", values="share_pct").dropna()
    if reporter not in ahead or rival not in ahead:
        return 0, 0, latest
    return int((ahead[reporter] > ahead[rival]).sum()), len(ahead), latest


def sections_grid(sections: pd.DataFrame, year: int) -> pd.DataFrame:
    """Export shares (%) by economy (rows, names) and HS section (columns, names) in ``year``; sections reaching the floor somewhere."""
    grid = sections[sections["year"] == year].pivot(index="reporter", columns="product", values="share_pct")
    grid = grid.reindex(columns=[str(s) for s in range(1, 22)]).rename(
        columns=reference.section_names(), index=reference.name_of
    )
    return grid.loc[:, grid.max() >= SECTION_FLOOR_PCT]


def machines_check(oec: pd.DataFrame, baci_sections: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """The machinery share (HS section XVI) of exports in OEC beside BACI, by economy and year; the median and largest gap (points)."""
    both_sources = pd.concat(
        [
            oec[oec["product"] == MACHINERY_SECTION].assign(source="OEC"),
            baci_sections[baci_sections["product"] == MACHINERY_SECTION].assign(source="BACI"),
        ]
    )[["reporter", "year", "source", "share_pct"]]
    check = both_sources.pivot_table(index=["reporter", "year"], columns="source", values="share_pct").reset_index()
    if not {"OEC", "BACI"} <= set(check.columns):
        return check, None
    both = check.dropna(subset=["OEC", "BACI"])
    gap = (both["BACI"] - both["OEC"]).abs()
    sentence = language.text(
        "Over {held} economy-years held by both, the machinery share differs by {median:.1f} percentage points at the "
        "median (largest {largest:.1f}).",
        held=len(both),
        median=gap.median(),
        largest=gap.max(),
    )
    return check, sentence


def snapshot_names(classification: str) -> dict[str, str]:
    """Product names of a shipped snapshot's classification: SITC 2-digit (DOSM's list) or HS chapters (BACI's)."""
    if classification == "SITC2":
        return (
            pd.read_csv(manifest.verified("dosm_malaysia_sitc2/sitc_2.csv"), dtype=str)
            .set_index("SITC 2 DIGIT")["2D DESC"]
            .str.title()
            .to_dict()
        )
    return baci_hs2.chapter_names().to_dict()


def snapshots(
    flows: pd.DataFrame, reporter: str, reporter_name: str, members: list[str]
) -> list[tuple[str, str, pd.DataFrame]]:
    """The ten largest products each way in each member's own shipped record of its trade with the reporter: (table name, title, table)."""
    found = []
    for member, source, classification, described in SNAPSHOTS:
        if member not in members:
            continue
        names = snapshot_names(classification)
        for flow, towards in (("export", "to"), ("import", "from")):
            table, year = products.top_shipped(flows, source, member, reporter, flow, classification, names)
            if table is not None:
                what = f"{reference.name_of(member)} {flow}s {towards} {reporter_name}"
                name = "02_bilateral_" + what.lower().replace(" ", "_")
                found.append((name, f"{what}, {year} ({described})", table.reset_index(names="product")))
    return found


def snapshots_held(flows: pd.DataFrame) -> str:
    """What the shipped bilateral snapshots cover, from the data: "Malaysia–China (SITC2, 2013–2019)", one per source."""
    held = []
    for _member, source, classification, _described in SNAPSHOTS:
        rows = flows[(flows["source"] == source) & (flows["partner"] != schema.WORLD)]
        for (reporter, partner), pair in rows.groupby(["reporter", "partner"]):
            held.append(
                language.text(
                    "{reporter}–{partner} ({classification}, {years})",
                    reporter=reference.name_of(reporter),
                    partner=reference.name_of(partner),
                    classification=classification,
                    years=language.years(int(pair["year"].min()), int(pair["year"].max())),
                )
            )
    return (
        language.text("{first} and {second}", first=held[0], second=held[1])
        if len(held) == 2
        else (language.listed(held) if held else language.text("none"))
    )


def import_grid(import_share: pd.DataFrame, names: dict[str, str], *, n: int = 15) -> pd.DataFrame | None:
    """The reporter's share (%) of each member's imports (rows) in the ``n`` products the members import most from it, latest year per member."""
    if not len(import_share):
        return None
    latest = import_share[import_share["year"] == import_share.groupby("member")["year"].transform("max")]
    top = latest.groupby("product")["value_usd"].sum().nlargest(n).index
    return (
        latest[latest["product"].isin(top)]
        .pivot(index="member", columns="product", values="share_pct")
        .rename(index=names)
    )


def intensity_panels(intensity: pd.DataFrame, reporter: str, reporter_name: str) -> pd.DataFrame:
    """The intensity of trade each way, one row per member, year and direction ("China → member", "member → China")."""
    return pd.concat(
        [
            intensity[intensity["exporter"] == reporter].assign(
                member=lambda t: t["importer"], direction=language.text("{reporter} → member", reporter=reporter_name)
            ),
            intensity[intensity["importer"] == reporter].assign(
                member=lambda t: t["exporter"], direction=language.text("member → {reporter}", reporter=reporter_name)
            ),
        ]
    )


def headline_lines(
    headline: pd.DataFrame, official: pd.DataFrame, years: range, *, published_applies: bool
) -> list[str]:
    """The last complete reporter-recorded year and, for China with ASEAN, the latest official total with its qualifier."""
    own = tables.in_years(headline[headline["side"] == "reporter"].dropna(subset=["value_usd"]), years)
    lines = []
    if len(own):
        last = own.loc[own["year"].idxmax()]
        lines.append(f"{last.series}, {int(last.year)}: USD {last.value_usd / 1e9:,.1f} bn")
    if published_applies:
        top = official[official["flow"] == "total"].sort_values("year").iloc[-1]
        qualifier = {"lower_bound": "published as 'exceeded'", "approximate": "approximate"}.get(
            top.flag, "as published"
        )
        lines.append(f"latest official total: {int(top.year)}, USD {top.value_usd / 1e9:,.0f} bn ({qualifier})")
    return lines


def projection(wb: Workbook, official: pd.DataFrame) -> Projection:
    """The full-year projection of the latest published year from each year-to-date figure, with its backtest (``themes.nowcast``).

    Only for China with ASEAN (the published figures cover it as a whole), when the run's years
    reach the year before the one claim C01 is about, and with ``nowcast.MIN_PAST_YEARS``
    complete past years of monthly records to take the interval and the backtest from.
    """
    about_year = int(claims.ledger().set_index("claim_id").at["C01", "about_year"])
    target_year = int(official["year"].max()) if wb.china_with_asean else None
    why, past = past_shares(wb, about_year)
    published = curated.year_to_date(target_year) if why is None and target_year is not None else pd.DataFrame()
    if len(published):
        rate = nowcast.stated_cny_rate(
            target_year
        )  # GACC's own rate for the year projected where published, with its method
        published = nowcast.in_usd(published, rate.cny_per_usd, rate.source)
    if why is not None or not len(published):
        none = (
            language.text("No projection in this run: {why}.", why=why)
            if why
            else language.text(
                "No projection in this run: no published {year} year-to-date figure is held.", year=about_year
            )
        )
        return Projection(target_year, about_year, pd.DataFrame(), None, None, None, none, None, why)
    projections = projected(published, past, rate)
    projections.insert(0, "year", target_year)
    primary = projections.sort_values("month").iloc[
        -1
    ]  # the latest published figure (yuan ones converted at the stated rate)
    backtest = nowcast.backtest(past, int(primary["month"]))
    accuracy = nowcast.backtest_summary(backtest)
    sentence = backtest_sentence(past, primary, accuracy)
    summary = (
        f"{target_year} from {nowcast.months_label(int(primary['month']))} ({primary.native_currency}): {primary.point / 1e9:,.0f} bn "
        f"({nowcast.interval_label(primary.coverage_pct)} {primary.low / 1e9:,.0f}–{primary.high / 1e9:,.0f}, held in {accuracy['inside']} "
        f"of {accuracy['years']} past years); backtest mean error {accuracy['mape_pct']:.1f}%"
    )
    return Projection(target_year, about_year, projections, primary, backtest, accuracy, sentence, summary, None)


def past_shares(wb: Workbook, about_year: int) -> tuple[str | None, pd.DataFrame]:
    """The share each January-to-month total made of its full year in the run's past years (USD, ``nowcast``), or why
    this run projects nothing: not China with ASEAN, a window short of the year before ``about_year``, too few years."""
    if not wb.china_with_asean:
        return language.text(
            "the published year-to-date figures cover China with ASEAN as a whole, not {reporter}–{partner}",
            reporter=wb.reporter_name,
            partner=reference.name_of(wb.partner),
        ), pd.DataFrame()
    if wb.year_end < about_year - 1:  # the projection extends the run's statistics by one year, no more
        return language.text(
            "this run's window ends in {end}; a projection of {year} needs the window to reach {needed}",
            end=wb.year_end,
            year=about_year,
            needed=about_year - 1,
        ), pd.DataFrame()
    past = nowcast.seasonal_cumulative(wb.flows, reference.members("ASEAN-10"))
    past = nowcast.in_currency(nowcast.cumulative_shares(past[past["year"].between(wb.year_start, wb.year_end)]), "USD")
    if nowcast.past_years(past) < nowcast.MIN_PAST_YEARS:
        return language.text(
            "the run's years hold {held} complete year(s) of monthly records; a projection with an interval and a "
            "backtest needs {needed}",
            held=nowcast.past_years(past),
            needed=nowcast.MIN_PAST_YEARS,
        ), past
    return None, past


def projected(published: pd.DataFrame, past: pd.DataFrame, rate: pd.Series) -> pd.DataFrame:
    """The full year projected from each published year-to-date figure (``nowcast.project``); a yuan figure's interval
    widened by the range of the yuan rate, whose own uncertainty it carries."""
    kept = ["currency", "native_currency", "native_value", "cny_per_usd", "rate_source", "source_agency", "source_url"]
    rows = []
    for r in published.itertuples():
        found = nowcast.project(r.value, r.last_month, past)
        if r.native_currency == "CNY":
            low_rate, high_rate = (rate["low"], rate["high"]) if pd.notna(rate["low"]) else latest_rate_range(rate)
            found = nowcast.with_rate_range(found, rate.cny_per_usd, low_rate, high_rate)
        rows.append({**found, **{k: getattr(r, k) for k in kept}})
    return pd.DataFrame(rows)


def backtest_sentence(past: pd.DataFrame, primary: pd.Series, accuracy: dict) -> str:
    """The backtest in words: each past year left out in turn, then in real time (each year from the years before it
    only), with how often the interval held the actual total, and the yuan rate's range where it widens the interval."""
    rolling = nowcast.rolling_backtest(past, int(primary["month"]))
    real_time = nowcast.backtest_summary(rolling) if len(rolling) else None
    sentence = language.text(
        "Backtest from {months}, each past year left out in turn: {years} past years, mean absolute error {mape:.1f}%, "
        "worst {worst:+.1f}% ({worst_year}); the {interval}, built each time from the other years' errors, held the "
        "actual total in {inside} of {years} years.",
        months=nowcast.months_label(int(primary["month"])),
        years=accuracy["years"],
        mape=accuracy["mape_pct"],
        worst=accuracy["worst_error_pct"],
        worst_year=accuracy["worst_year"],
        interval=nowcast.interval_label(primary["coverage_pct"]),
        inside=accuracy["inside"],
    )
    if real_time is not None:
        judged = rolling.dropna(subset=["low"])
        short = len(judged) and judged["inside"].mean() < primary["coverage_pct"] / 100
        sentence += language.after(
            language.text(
                language.marked(
                    "In real time (each year projected from the years before it only, as a forecaster then would have, "
                    "resting on {fewest}–{most} earlier years): {years} years, mean absolute error {mape:.1f}%; its "
                    "interval, once two earlier errors existed, held {inside} of {judged}, fewer than the "
                    "{coverage:.0f}% it states: in real time the interval was too narrow."
                )
                if short
                else language.marked(
                    "In real time (each year projected from the years before it only, as a forecaster then would have, "
                    "resting on {fewest}–{most} earlier years): {years} years, mean absolute error {mape:.1f}%; its "
                    "interval, once two earlier errors existed, held {inside} of {judged}."
                ),
                fewest=int(rolling["years_used"].min()),
                most=int(rolling["years_used"].max()),
                years=real_time["years"],
                mape=real_time["mape_pct"],
                inside=int(judged["inside"].sum()),
                judged=len(judged),
                coverage=primary["coverage_pct"],
            )
        )
    if primary.native_currency == "CNY":
        sentence += language.after(
            language.text(
                "The interval includes the yuan rate's range, {low:.3f}–{high:.3f} yuan per dollar.",
                low=primary.rate_low,
                high=primary.rate_high,
            )
        )
    return sentence


LISTED = ("VNM", "MYS", "THA", "SGP", "IDN", "PHL")  # the members GACC's release lists under ASEAN
GACC_LATEST_COLUMNS = [
    "partner",
    "label",
    "flow",
    "year",
    "first_month",
    "last_month",
    "value_cny",
    "yoy_pct",
    "release_date",
    "page",
]


def newest_members(group: str, base: str) -> str:
    """Who joined ``group`` beyond the historic ``base`` membership, with the date (``country_groups.csv``), e.g.
    "Timor-Leste, which joined on 26 October 2025"."""
    table = reference.groups()
    joined = table[(table["group"] == group) & ~table["iso3"].isin(reference.members(base))]
    return language.text("; ").join(
        language.text(
            "{member}, which joined on {day}",
            member=reference.name_of(r.iso3),
            day=f"{r.joined:%-d %B %Y}" if not language.chinese() else language.day(r.joined),
        )
        for r in joined.itertuples()
    )


def after_trillion(wb: Workbook) -> tuple[pd.DataFrame, list[str]]:
    """China's latest monthly release by country (GACC's page, ``dataset.load_gacc_releases``): the year to date with
    ASEAN and each member the page lists, and sentences saying what it shows and what it leaves out.

    For China with ASEAN or one ASEAN-10 member only (the release is China's record); empty elsewhere.
    """
    releases = dataset.load_gacc_releases()
    china_with_a_member = wb.reporter == "CHN" and wb.partner in reference.members("ASEAN-10")
    if not (wb.china_with_asean or china_with_a_member) or releases.empty:
        return pd.DataFrame(columns=GACC_LATEST_COLUMNS), []
    latest = gacc_release.latest(releases)
    wanted = ["ASEAN-10", *LISTED] if wb.partner in ("ASEAN-10", "ASEAN") else [wb.partner]
    rows = latest[latest["partner"].isin(wanted) & (latest["period"] == "year_to_date")]
    table = rows[GACC_LATEST_COLUMNS].reset_index(drop=True)
    first = latest[latest["period"] == "year_to_date"].iloc[0]
    months = gacc_release.Period(
        int(first["year"]), int(first["first_month"]), int(first["last_month"]), has_month_column=False
    ).label
    release = {"months": months, "released": first["release_date"]}
    if table.empty:
        return table, [
            language.text(
                "GACC's release for {months}, published {released} (published; China's record, in yuan) does not list "
                "{partner}: GACC lists only {listed} under ASEAN.",
                **release,
                partner=reference.name_of(wb.partner),
                listed=", ".join(reference.name_of(c) for c in LISTED)
                if not language.chinese()
                else language.listed([reference.name_of(c) for c in LISTED]),
            )
        ]
    pick = table.set_index(["partner", "flow"])
    head = "ASEAN-10" if "ASEAN-10" in table["partner"].values else wb.partner
    name = reference.term("ASEAN") if head == "ASEAN-10" else reference.name_of(head)
    sentences = [
        language.text(
            "GACC's release for {months}, published {released} (published; China's record, in yuan): China's trade with "
            "{partner} was {value}, {total:+.1f}% on a year earlier (exports {exports:+.1f}%, imports {imports:+.1f}%).",
            **release,
            partner=name,
            value=language.amount(pick.at[(head, "total"), "value_cny"], language.YUAN, "trn"),
            total=pick.at[(head, "total"), "yoy_pct"],
            exports=pick.at[(head, "export"), "yoy_pct"],
            imports=pick.at[(head, "import"), "yoy_pct"],
        )
    ]
    if head == "ASEAN-10":
        members = table[(table["partner"] != "ASEAN-10") & (table["flow"] == "total")].sort_values(
            "yoy_pct", ascending=False
        )
        unlisted = [reference.name_of(c) for c in sorted(set(wb.members) - set(LISTED))]
        sentences.append(
            language.text(
                "By member, as the release lists them: {members}. The release does not list {unlisted}: they count in "
                "the ASEAN total only. ASEAN there is the {listed} members its note names, without {newest}.",
                members=language.text("; ").join(
                    language.text("{member} {change:+.1f}%", member=reference.name_of(r.partner), change=r.yoy_pct)
                    for r in members.itertuples()
                ),
                unlisted=", ".join(unlisted) if not language.chinese() else language.listed(unlisted),
                listed=int(first["asean_members_listed"]),
                newest=newest_members("ASEAN", "ASEAN-10"),
            )
        )
    return table, sentences


def latest_rate_range(rate: pd.Series) -> tuple[float, float]:
    """For a year whose own rate GACC has not published: the rate used, widened by how far GACC's two latest held rates
    differ (the 2024 table's and 2025's), the size of a year's move the record shows."""
    other = nowcast.stated_cny_rate(int(rate["year"]) + 1)
    move = (
        abs(float(other["cny_per_usd"]) - float(rate["cny_per_usd"]))
        if other["cny_per_usd"] != rate["cny_per_usd"]
        else 0.01 * float(rate["cny_per_usd"])
    )
    return float(rate["cny_per_usd"]) - move, float(rate["cny_per_usd"]) + move


def c01(official: pd.DataFrame, headline: pd.DataFrame, found: Projection) -> Judged:
    """C01, the USD 1 trillion milestone, on China's own record: the full year as GACC published it once it is published
    (in yuan, converted at GACC's own rate for the year), the projection's interval before; never the article's statement.

    Once the year is published, the projection made from the year-to-date figures is scored out
    of sample against it (``scored``) and reported beside the verdict.
    """
    statement = official[(official["flow"] == "total") & (official["flag"] == "lower_bound")].sort_values("year")
    said = (
        language.after(
            language.text(
                "The article's statement ({agency}: more than {value}) is the claim itself, not evidence.",
                agency=reference.publisher_name(statement.iloc[-1].source_agency),
                value=usd_bn(statement.iloc[-1].value_usd),
            )
        )
        if len(statement)
        else ""
    )
    published, rate = curated.full_year(found.about_year), curated.gacc_rate(found.about_year)
    if found.why_none:
        return Judged(claims.Verdict.NOT_EVALUATED, claims.not_evaluated(found.why_none), {})
    if published is not None and rate is not None:
        return c01_published(published, rate, found, headline, said)
    primary, accuracy = found.primary, found.accuracy
    if primary is None or accuracy is None:
        return Judged(
            claims.Verdict.NOT_TESTABLE,
            language.text(
                "No published {year} total and no year-to-date figure to project it from are held.",
                year=found.about_year,
            )
            + said,
            {},
        )
    figure = (
        language.text(
            "{value}, converted at {rate:.2f} yuan per dollar ({rate_source}) to {usd}",
            value=language.amount(primary.native_value, language.YUAN, "trn"),
            rate=primary.cny_per_usd,
            rate_source=primary.rate_source,
            usd=usd_bn(primary["ytd"]),
        )
        if primary.native_currency == "CNY"
        else usd_bn(primary["ytd"])
    )
    evidence = (
        language.text(
            "Projected {year} total {point} ({interval} {low}–{high}, which held the actual total in {inside} of "
            "{years} past years) from {agency}'s {months} figure of {figure}; backtest error {mape:.1f}% on average, "
            "{worst:+.1f}% at worst ({worst_year}).",
            year=found.target_year,
            point=usd_bn(primary["point"]),
            interval=nowcast.interval_label(primary["coverage_pct"]),
            low=usd_bn(primary["low"]),
            high=usd_bn(primary["high"]),
            inside=accuracy["inside"],
            years=accuracy["years"],
            agency=reference.publisher_name(primary.source_agency),
            months=nowcast.months_label(int(primary["month"])),
            figure=figure,
            mape=accuracy["mape_pct"],
            worst=accuracy["worst_error_pct"],
            worst_year=accuracy["worst_year"],
        )
        + said
        + claims.c01_record_note(headline, primary.source_agency)
    )
    values = {
        "basis": "projected",
        "point": primary["point"],
        "low": primary["low"],
        "high": primary["high"],
        "month": int(primary["month"]),
        "mape_pct": accuracy["mape_pct"],
    }
    return Judged(claims.c01_trillion(primary["low"], primary["high"]), evidence, values)


def c01_published(published: pd.Series, rate: dict, found: Projection, headline: pd.DataFrame, said: str) -> Judged:
    """C01 on the published full year: the figure in yuan, in dollars at GACC's rate, the range its rounding allows, and the projection's score."""
    usd = published["value_native"] / rate["cny_per_usd"]
    low = (published["value_native"] - published["rounding"]) / rate["high"]
    high = (published["value_native"] + published["rounding"]) / rate["low"]
    values_said = dict(
        value=language.amount(published["value_native"], language.YUAN, "trn"),
        year=int(published["year"]),
        publisher=reference.publisher_name(published["publisher"]),
        title=published["source_title"],
        kind=reference.in_edition(published, "source_kind"),
        usd=usd_bn(usd),
        rate=rate["cny_per_usd"],
        method=rate["method"],
        low=usd_bn(low),
        high=usd_bn(high),
        asean=reference.in_edition(published, "partner_definition"),
    )
    evidence = (
        language.text(
            "Published: {value} in {year}, {growth} ({publisher}, {title}; {kind}), that is {usd} at "
            "GACC's own {year} rate of {rate:.2f} yuan per dollar ({method}); {low}–{high} at the ends of the published "
            "figures' rounding. ASEAN here is {asean}.",
            growth=language.growth(published["yoy_pct"]),
            **values_said,
        )
        if pd.notna(published["yoy_pct"])
        else language.text(
            "Published: {value} in {year} ({publisher}, {title}; {kind}), that is {usd} at GACC's own {year} rate of "
            "{rate:.2f} yuan per dollar ({method}); {low}–{high} at the ends of the published figures' rounding. ASEAN "
            "here is {asean}.",
            **values_said,
        )
    )
    values = {
        "basis": "published",
        "value_cny": float(published["value_native"]),
        "value_usd": float(usd),
        "low_usd": float(low),
        "high_usd": float(high),
    }
    score = scored(found, published, rate)
    if score is not None:
        evidence = language.joined(evidence, score["sentence"])
        values |= {k: v for k, v in score.items() if k != "sentence"}
    evidence += said + claims.c01_record_note(headline, str(published["publisher"]))
    return Judged(claims.c01_published(low, high), evidence, values)


def scored(found: Projection, published: pd.Series, rate: dict) -> dict | None:
    """The projection from the latest year-to-date figure scored out of sample against the published full year:
    its error in yuan and in dollars (%) and whether the published total fell inside its prediction interval."""
    primary = found.primary
    if primary is None:
        return None
    usd = published["value_native"] / rate["cny_per_usd"]
    projected_cny = primary["point"] * (
        primary["cny_per_usd"] if pd.notna(primary["cny_per_usd"]) else rate["cny_per_usd"]
    )
    error_usd = 100 * (primary["point"] / usd - 1)
    error_cny = 100 * (projected_cny / published["value_native"] - 1)
    inside = bool(primary["low"] <= usd <= primary["high"])
    label = nowcast.interval_label(primary["coverage_pct"])
    sentence = language.text(
        language.marked(
            "Scored out of sample: the projection made from {agency}'s {months} figure before the total was published "
            "said {point} ({interval} {low}–{high}), {error_usd:+.1f}% off in dollars and {error_cny:+.1f}% in yuan; the "
            "published total fell inside the interval."
        )
        if inside
        else language.marked(
            "Scored out of sample: the projection made from {agency}'s {months} figure before the total was published "
            "said {point} ({interval} {low}–{high}), {error_usd:+.1f}% off in dollars and {error_cny:+.1f}% in yuan; the "
            "published total fell outside the interval."
        ),
        agency=reference.publisher_name(primary["source_agency"]),
        months=nowcast.months_label(int(primary["month"])),
        point=usd_bn(primary["point"]),
        interval=label,
        low=usd_bn(primary["low"]),
        high=usd_bn(primary["high"]),
        error_usd=error_usd,
        error_cny=error_cny,
    )
    return {
        "sentence": sentence,
        "projected_usd": float(primary["point"]),
        "error_usd_pct": float(error_usd),
        "error_cny_pct": float(error_cny),
        "inside": inside,
    }


def c03(group: pd.DataFrame, mirror: pd.Series, *, reporter_name: str, partner_label: str, years: range) -> Judged:
    """C03, imbalances easing, a forecast tested on the trend so far: the normalised balance in the reporter's record over the
    last five complete years held and over the whole window, with the partners' own record (the mirror) beside it."""
    recent, whole = group["normalized_balance"].dropna().tail(5), group["normalized_balance"].dropna()
    threshold = claims.threshold("C03")
    verdict = claims.c03_imbalances_ease(recent, threshold, whole=whole)
    if len(recent) < 2:
        evidence = language.text(
            "Fewer than two complete years of {reporter}–{partner} trade in {first}–{last}.",
            reporter=reporter_name,
            partner=partner_label,
            first=years.start,
            last=years.stop - 1,
        )
        return Judged(verdict, evidence, {"normalized_balance": {}})
    held = language.listed(
        [
            language.text("{year} ({source})", year=y, source=series.SOURCE_LABELS[group.loc[y, "source"]])
            for y in recent.index
        ]
    )
    first, last = recent.index[0], recent.index[-1]
    evidence = language.text(
        "A forecast (“will ease”): the data test the trend so far. {reporter}'s normalised balance with {partner}, last "
        "five complete years: {recent} (balance {first} → {last}; years held: {held}); over the whole window: {whole} "
        "(threshold {threshold:g}).",
        reporter=reporter_name,
        partner=partner_label,
        recent=claims.c03_reading(recent, threshold),
        first=usd_bn(group.loc[first, "balance_usd"]),
        last=usd_bn(group.loc[last, "balance_usd"]),
        held=held,
        whole=claims.c03_reading(whole, threshold),
        threshold=threshold,
    )
    mirror = mirror.dropna()
    mirror = mirror[mirror.index >= first]  # the same recent years, as far as the partners' record reaches
    if len(mirror) >= 2:
        evidence += language.after(
            language.text(
                "The partners' own record of the same trade (the mirror, IMF DOTS): {reading}.",
                reading=claims.c03_reading(mirror, threshold),
            )
        )
    if verdict == claims.Verdict.INCONCLUSIVE:
        evidence += language.after(
            language.text(
                "The two windows disagree, so the reading is sensitive to the years chosen: {verdict}.",
                verdict=reference.verdict_word(claims.Verdict.INCONCLUSIVE),
            )
        )
    evidence += claims.shortfall_note(last, claims.ledger().set_index("claim_id").at["C03", "about_year"])
    values = {
        "normalized_balance": recent.round(4).to_dict(),
        "whole_window": whole.round(4).to_dict(),
        "mirror": mirror.round(4).to_dict(),
    }
    return Judged(verdict, evidence, values)


def mirror_balance(flows: pd.DataFrame, reporter: str, members: list[str], years: range) -> pd.Series:
    """The partners' own record of their trade with the reporter as a normalised balance from the reporter's side,
    (their imports from it − their exports to it) / (the sum), years every member's record is complete (IMF DOTS)."""
    rows = tables.in_years(series.partner_recorded(flows, reporter, members), years)
    complete = rows[rows["complete"]]
    per_year = complete.groupby("year").agg(
        exports=("export_usd", "sum"), imports=("import_usd", "sum"), n=("partner", "nunique")
    )
    per_year = per_year[per_year["n"] == len(members)]
    return indicators.normalized_balance(per_year["imports"], per_year["exports"])


def c07(wb: Workbook, eastward: pd.DataFrame) -> Judged:
    """C07, the eastward shift: RCEP-15's share of world GDP and goods exports (WDI, fixed membership, the trend over the window), and the reporter against the rival in members' trade."""
    rcep = reference.members("RCEP-15")
    # the world's economic centre by real output: GDP at constant prices (a share in current dollars moves with
    # exchange rates, and the dollar's rise after 2021 alone made RCEP-15's share "fall"); constant PPP as the check
    gdp_table, export_table = wdi.share(rcep, "gdp_const"), wdi.share(rcep, "exports_goods_bop")
    ppp_table = wdi.share(rcep, "gdp_ppp_const")
    first, last = wb.year_start, min(wb.year_end, int(gdp_table["year"].max()))
    threshold = claims.threshold("C07")
    gdp_trend, gdp_gap = claims.share_trend(
        gdp_table, first, last, threshold
    )  # the trend over the window, not two endpoints
    ppp_trend, ppp_gap = claims.share_trend(ppp_table, first, last, threshold)
    export_trend, export_gap = claims.share_trend(export_table, first, last, threshold)
    ahead, total, latest = members_ahead(eastward, wb.reporter, wb.rival)
    gdp_label = language.text("RCEP-15 share of world GDP at constant prices")  # outside the call: extraction
    exports_label = language.text("of world goods exports (current dollars)")  # misses a message nested two deep
    evidence = language.joined(
        language.text(
            "{gdp} (at constant PPP, the check: {ppp}, {ppp_change:+.1f} points fitted); {exports} (WDI, fixed "
            "membership; threshold {threshold:g} point).",
            gdp=claims.c07_share_sentence(gdp_label, gdp_trend, gdp_gap),
            ppp=language.text(ppp_trend["direction"]),
            ppp_change=ppp_trend["change"],
            exports=claims.c07_share_sentence(exports_label, export_trend, export_gap),
            threshold=threshold,
        ),
        outweighed(wb, ahead, total, latest),
    )
    values = {
        "gdp_share_by_year": claims.complete_shares(gdp_table, first, last),
        "china_ahead": ahead,
        "members": total,
        "export_share_by_year": claims.complete_shares(export_table, first, last),
    }
    return Judged(
        claims.c07_eastward_shift(gdp_trend["direction"] == "rose", export_trend["direction"] == "rose", ahead, total),
        evidence,
        values,
    )


def findings(
    wb: Workbook,
    growth: pd.DataFrame,
    cagr: pd.DataFrame,
    group: pd.DataFrame,
    shares: pd.DataFrame,
    eastward: pd.DataFrame,
    intensity: pd.DataFrame,
) -> list[str]:
    """The notebook's findings as Markdown list items: growth, the periods, the balance, the largest member, the rival, intensity."""
    who, partner = wb.reporter_name, wb.partner_label
    lines = []
    valid = tables.in_years(growth.dropna(subset=["growth_pct"]), wb.years)
    if len(valid):
        best, worst = valid.loc[valid["growth_pct"].idxmax()], valid.loc[valid["growth_pct"].idxmin()]
        lines.append(
            f"- {who}-recorded trade with {partner} grew fastest in {int(best.year)} ({best.growth_pct:+.1f}%) and slowest in {int(worst.year)} ({worst.growth_pct:+.1f}%)."
        )
    for row in cagr.dropna(subset=["cagr_pct"]).itertuples():
        fitted = f"; fitted trend {row.fitted_pct:+.1f}% a year" if pd.notna(row.fitted_pct) else ""
        lines.append(
            f"- {row.period} ({row.series}, {row.from_year}–{row.to_year}): {row.cagr_pct:+.1f}% a year between the endpoints{fitted}{' — ' + row.note if row.note else ''}."
        )
    if len(group):
        first, last = group.iloc[0], group.iloc[-1]
        lines.append(
            f"- {who}'s balance with {partner}: USD {first.balance_usd / 1e9:+,.1f} bn in {group.index[0]} (normalised {first.normalized_balance:+.2f}) "
            f"→ USD {last.balance_usd / 1e9:+,.1f} bn in {group.index[-1]} (normalised {last.normalized_balance:+.2f})."
        )
    if len(shares) and len(wb.members) > 1:
        latest = shares["year"].max()
        top = shares[shares["year"] == latest].sort_values("share_pct").iloc[-1]
        lines.append(f"- Largest member in {latest}: {wb.names[top.partner]}, {top.share_pct:.1f}% of the trade.")
    reporter_rows = eastward[eastward["partner"] == wb.reporter]
    if len(reporter_rows):
        ahead, total, latest_east = members_ahead(
            eastward[eastward["year"] == reporter_rows["year"].max()], wb.reporter, wb.rival
        )
        if total:
            lines.append(f"- {outweighed(wb, ahead, total, latest_east, who=who)}")
    if len(intensity):
        latest_int = intensity["year"].max()
        outward = intensity[(intensity["exporter"] == wb.reporter) & (intensity["year"] == latest_int)]
        above = (
            f"above 1 for {int((outward['intensity'] > 1).sum())} of {len(outward)} members"
            if len(outward) > 1
            else (f"{outward['intensity'].iat[0]:.2f} with {wb.roles.partners}" if len(outward) else "no complete year")
        )
        lines.append(f"- Trade intensity of {who}'s exports in {latest_int}: {above}.")
    return lines


def growth_by_period(wb: Workbook, by_year: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """Compound annual growth by policy period of the pair's agreements (``reference.periods_for``), on the reporter's
    complete years and, for China with ASEAN, on the published totals; each with the world's price change beside it."""
    official_total = tables.in_years(
        official[(official["flow"] == "total") & (official["flag"] != "lower_bound")], wb.years
    ).set_index("year")["value_usd"]
    pair_periods = reference.periods_for(
        wb.reporter, wb.members
    )  # the periods of this pair's agreements, or the window
    prices = context_notes.world_unit_value(baci_hs2.quantities())  # the world's export unit value, for the price note
    cagr = [
        series.cagr_by_period(
            by_year["total_usd"],
            language.text("{economy}-recorded", economy=wb.reporter_name),
            by_year["source"],
            policy_periods=pair_periods,
            prices=prices,
        )
    ]
    if wb.china_with_asean:
        cagr.append(
            series.cagr_by_period(official_total, series.official_label(), policy_periods=pair_periods, prices=prices)
        )
    return pd.concat(cagr, ignore_index=True)


def member_shares_note(wb: Workbook, shares: pd.DataFrame) -> str | None:
    """Why there are no member shares to draw: one partner, or no year with every member's record complete."""
    if len(wb.members) == 1:
        return language.text(
            "A single partner ({partner}): there is no member structure to show.", partner=wb.names[wb.members[0]]
        )
    if not len(shares):
        return language.text(
            "No year in which {reporter}'s record of trade with every member of {group} is complete: no member shares "
            "to show.",
            reporter=wb.reporter_name,
            group=wb.partner_label,
        )
    return None


def export_sections_by_year(wb: Workbook, economies: list[str]) -> tuple[pd.DataFrame, int | None, str | None]:
    """Exports to the world by HS section (BACI HS2 summed to sections) in the run's years, the latest year held, and
    what BACI covers when none of it falls in the window."""
    flows = wb.flows
    baci = flows[
        (flows["source"] == baci_hs2.SOURCE)
        & flows["reporter"].isin(economies)
        & flows["year"].between(wb.year_start, wb.year_end)
    ]
    sections = series.export_structure(reference.hs2_to_section(baci), baci_hs2.SOURCE, economies, "HS-section")
    if len(sections):
        return sections, int(sections["year"].max()), None
    held = flows.loc[flows["source"] == baci_hs2.SOURCE, "year"]
    note = (
        f"BACI HS2 covers {held.min()}–{held.max()}; nothing falls in {wb.year_start}–{wb.year_end}."
        if len(held)
        else "No BACI HS2 data are held."
    )
    return sections, None, note


def stage_grid(wits_stages: pd.DataFrame, latest: int | None) -> pd.DataFrame | None:
    """Shares by stage of processing (columns, upstream first) and economy (rows, named) in the latest WITS year."""
    if not latest:
        return None
    grid = wits_stages[wits_stages["year"] == latest].pivot(index="reporter", columns="product", values="share_pct")
    return grid.reindex(columns=STAGES).rename(index=reference.name_of)


def refreshed_products(wb: Workbook) -> tuple:
    """From refreshed product data (``make refresh``): the source, level and label, the reporter's largest products
    with each member, its share of each member's imports by product, each member's largest import from it, and the
    sentence saying what is held (or that nothing is)."""
    run_flows = tables.in_years(wb.flows, wb.years)
    reporter, members = wb.reporter, wb.members
    source, level = products.refreshed_source(run_flows, reporter, members)
    if not (source and level):
        return (
            source,
            level,
            "",
            pd.DataFrame(),
            pd.DataFrame(),
            pd.DataFrame(),
            language.text(
                "No refreshed product data between {reporter} and {partner} in {years} (`make refresh`): the product "
                "sections use the shipped snapshot.",
                reporter=wb.reporter_name,
                partner=wb.partner_label,
                years=language.years(wb.year_start, wb.year_end),
            ),
        )
    by_member = products.bilateral(run_flows, source, level, reporter, members)
    top_by_member = products.top_products(by_member).assign(source=source, level=level)
    import_share = products.import_share(run_flows, source, level, reporter, members)
    label = products.describe(source, level)
    top_import = products.top_import_by_member(import_share, products.product_names(level))
    sentence = (
        f"Refreshed product data: **{label}**, {by_member['partner'].nunique()} of {len(members)} members, "
        f"{by_member['year'].min()}–{by_member['year'].max()}."
    )
    return source, level, label, top_by_member, import_share, top_import, sentence


def answer(wb: Workbook) -> Structure:
    """Notebook 02's tables, figures' data, findings and C01, C03, C07."""
    flows, members, years, reporter = wb.flows, wb.members, wb.years, wb.reporter
    official = dataset.load_official_totals()
    headline = series.headline(flows, official, reporter, wb.partner, members)
    own = series.reporter_recorded(flows, reporter, members)  # one source per year, named in `source`
    by_year = complete_years(own, years, len(members))
    cagr_table = growth_by_period(wb, by_year, official)
    balance = tables.in_years(own, years)[BALANCE_COLUMNS]
    group = group_balance(balance, len(members))
    shares = tables.in_years(series.member_shares(own), years)
    shares_note = member_shares_note(wb, shares)
    eastward = pd.concat(
        [
            series.partner_share_of_total(flows, members, reporter),
            series.partner_share_of_total(flows, members, wb.rival),
        ],
        ignore_index=True,
    )
    eastward = tables.in_years(eastward, years)
    economies = [reporter, *members]
    sections, latest_baci, sections_note = export_sections_by_year(wb, economies)
    wits_groups = series.export_structure(flows, "wits_summary", economies, "WITS-group")
    wits_stages = series.export_structure(flows, "wits_summary", economies, "stage")
    latest_stage = int(wits_stages["year"].max()) if len(wits_stages) else None
    check, machines_sentence = machines_check(
        series.export_structure(flows, "oec_sections", economies, "HS-section"), sections
    )
    found_snapshots = snapshots(flows, reporter, wb.reporter_name, members)
    snapshots_note = None
    if not found_snapshots:
        snapshots_note = language.text(
            "The shipped data hold no bilateral product detail between {reporter} and {partner}: only {held} exist. "
            "UN Comtrade or BACI (see README) fill this gap.",
            reporter=wb.reporter_name,
            partner=wb.partner_label,
            held=snapshots_held(flows),
        )
    refreshed = refreshed_products(wb)
    product_source, product_level, product_label, top_by_member, import_share, top_import, refreshed_sentence = (
        refreshed
    )
    world = wdi.world_exports()
    intensity = tables.in_years(panels.intensity(flows, reporter, members, world), years)
    both_ways = intensity_panels(intensity, reporter, wb.reporter_name)
    world_n = world.set_index("year")["n_countries"].reindex(list(years)).dropna()
    intensity_note = (
        None
        if len(both_ways)
        else language.text(
            "No year with complete records on both sides: no trade intensity for {reporter} with {partner}.",
            reporter=wb.reporter_name,
            partner=wb.partner_label,
        )
    )
    found_projection = projection(wb, official)
    gacc_latest, after_sentences = after_trillion(wb)
    growth = growth_table(by_year)
    return Structure(
        official=official,
        headline=headline,
        headline_lines=headline_lines(headline, official, years, published_applies=wb.china_with_asean),
        own=own,
        growth=growth,
        cagr=cagr_table,
        context=context_notes.block(flows, roles=wb.roles),
        momentum=momentum_table(series.monthly_total(flows, reporter, members), years),
        balance=balance,
        group_balance=group,
        shares=shares,
        shares_note=shares_note,
        eastward=eastward,
        concentration=concentration(shares),
        sections=sections,
        sections_grid=sections_grid(sections, latest_baci) if latest_baci else None,
        latest_baci=latest_baci,
        sections_note=sections_note,
        wits_groups=wits_groups,
        wits_stages=wits_stages,
        machinery=wits_groups[wits_groups["product"] == MACHINERY_GROUP],
        stage_grid=stage_grid(wits_stages, latest_stage),
        latest_stage=latest_stage,
        wits_missing=sorted(set(economies) - set(wits_groups["reporter"])),
        machines_check=check,
        machines_sentence=machines_sentence,
        snapshots=found_snapshots,
        snapshots_note=snapshots_note,
        product_source=product_source,
        product_level=product_level,
        product_label=product_label,
        top_by_member=top_by_member,
        import_share=import_share,
        top_import=top_import,
        import_grid=import_grid(import_share, wb.names),
        refreshed_sentence=refreshed_sentence,
        intensity=intensity,
        intensity_panels=both_ways,
        world_countries=(int(world_n.min()), int(world_n.max())) if len(world_n) else None,
        intensity_note=intensity_note,
        projection=found_projection,
        gacc_latest=gacc_latest,
        after_trillion=after_sentences,
        c01=c01(official, headline, found_projection),
        c03=c03(
            group,
            mirror_balance(flows, reporter, members, years),
            reporter_name=wb.reporter_name,
            partner_label=wb.partner_label,
            years=years,
        ),
        c07=c07(wb, eastward),
        findings=findings(wb, growth, cagr_table, group, shares, eastward, intensity),
    )
