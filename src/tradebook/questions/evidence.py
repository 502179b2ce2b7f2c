"""Notebook 07's question: what does the evidence of this run say, claim by claim, and how sure is it?

The briefing recomputes nothing: it reads the tables notebooks 01–06 wrote (``shared_tables``) and
turns them into the sentences of each section — the title line, the data vintage, the key
numbers (each labelled statistical, published or projected), the projection's backtest, the growth
periods, the product detail, the agreement effects and the coverage caveats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from tradebook import config, language, reference, schema, shared_tables
from tradebook.context import Workbook
from tradebook.flows import series
from tradebook.publish import labels, page
from tradebook.publish.page import usd_bn
from tradebook.sources import dosm, singapore
from tradebook.sources.live import external
from tradebook.themes import claims, findings, gravity, nowcast

COVERAGE_TABLES = (
    shared_tables.OFFICIAL_CHECK,
    shared_tables.COVERAGE_GAPS,
    shared_tables.IMF_ESTIMATES,
    shared_tables.WITS_GROUPS,
    shared_tables.TCI,
    shared_tables.EXPORT_SECTIONS_BACI,
)


@dataclass(frozen=True)
class Briefing:
    """The briefing's sentences and tables, section by section."""

    title: str  # Markdown: the title and the line under it
    article: str  # Markdown: the article the claims come from, as it presents itself
    results: pd.DataFrame  # the claims ledger with this run's verdicts
    tables: dict[str, pd.DataFrame | None]  # the tables the executive summary and the sections read, by declared name
    vintage: pd.DataFrame
    vintage_sentence: str
    vintage_rows: pd.DataFrame  # source, kind, years held, used to
    statistical: pd.DataFrame  # the vintage's statistical sources with a last year used
    key_numbers: list[str]  # Markdown list items
    projection_note: str | None  # the backtest in one paragraph
    projection_rows: pd.DataFrame | None  # every projection from the published year-to-date figures
    official: pd.DataFrame  # the published totals inside the run's years (their source URLs are listed)
    context_block: str | None  # the context the figures need (notebook 02's sentences), Markdown
    structure_lead: tuple[str | None, str | None]  # the fastest period and the members' share shift
    growth_block: str | None  # compound annual growth by policy period, Markdown
    product_line: str | None  # where the product detail with every member comes from (refreshed data only)
    effect_sentences: list[str]  # each agreement's effect with its checks (notebook 06)
    effects: pd.DataFrame | None  # every specification's percent effects with their 95% confidence intervals
    coverage: list[str]  # the data coverage and caveats, Markdown list items
    after_trillion: list[str]  # what GACC's latest release by country shows and leaves out (notebook 02)
    gacc_latest: pd.DataFrame | None  # that release's rows as the briefing shows them
    summary: list[str]  # the executive summary's findings (``findings.executive_summary``)
    top_imports: pd.DataFrame | None  # each member's largest import from the reporter (refreshed product data only)


def vintage_sentence(
    statistical: pd.DataFrame, published: pd.DataFrame, *, year_end: int, article_year: int, projected: bool
) -> str:
    """Where the statistics by member end, what China's published figures add after them, and whether the years asked for reach beyond.

    ``published``: the vintage's rows of kind "published" (label, last_year). The sentence never
    says the data end in a year when a published figure for a later year is shown beside it.
    """
    last, held_to = int(statistical["last_year_used"].max()), int(statistical["last_year"].max())
    sentences = [language.text("Statistics by member in this briefing run to **{last}**.", last=last)]
    if held_to > year_end:
        sentences.append(
            language.text(
                "{last} is the end of this run's years; the sources hold data to {held_to}.", last=last, held_to=held_to
            )
        )
    after = published[published["last_year"] > last].sort_values("last_year")
    if len(after):
        sentences.append(
            language.text(
                "After {last} come figures China published: {figures}.",
                last=last,
                figures=language.text("; ").join(after["label"]),
            )
        )
    elif article_year > last:
        sentences.append(
            language.text(
                language.marked("The statistics end {gap} years short of {year}, the year the article is about.")
                if article_year - last > 1
                else language.marked("The statistics end a year short of {year}, the year the article is about."),
                gap=article_year - last,
                year=article_year,
            )
        )
    if year_end > last:
        sentences.append(
            language.text(
                "The years asked for run to {year_end}, which no statistical source holds.", year_end=year_end
            )
        )
    if projected and not len(after):
        sentences.append(
            language.text(
                "For {year} the briefing has figures published by authorities and a projection from them.",
                year=article_year,
            )
        )
    return language.joined(*sentences)


def vintage_rows(vintage: pd.DataFrame) -> pd.DataFrame:
    """The vintage as the briefing shows it: source, kind, years held, used to ("not used" where the run uses none)."""
    shown = vintage.assign(
        kind=vintage["kind"].map(lambda kind: language.text(kind) if kind in VINTAGE_KINDS else kind),
        years=[language.years(int(a), int(b)) for a, b in zip(vintage["first_year"], vintage["last_year"])],
        used_to=vintage["last_year_used"].map(
            lambda y: language.text("not used") if pd.isna(y) else language.years(int(y), int(y))
        ),
    )
    return shown[["label", "kind", "years", "used_to"]].rename(
        columns={
            "label": language.text("source"),
            "kind": language.text("kind"),
            "years": language.text("years held"),
            "used_to": language.text("used to"),
        }
    )


VINTAGE_KINDS = (language.marked("statistical"), language.marked("published"), language.marked("projected"))


def projection_line(primary: pd.Series, *, after_publication: bool = False) -> str:
    """The projected key number: point, interval with its coverage, and the published figure it rests on (with the yuan rate if converted);
    ``after_publication``: the full year has since been published, so the line says the projection came before it."""
    said = {
        "point": usd_bn(primary["point"]),
        "year": int(primary["year"]),
        "interval": nowcast.interval_label(primary["coverage_pct"]),
        "low": usd_bn(primary["low"]),
        "high": usd_bn(primary["high"]),
        "agency": reference.publisher_name(primary["source_agency"]),
        "months": nowcast.months_label(int(primary["month"])),
        "ytd": usd_bn(primary["ytd"]),
        "published": language.amount(primary["native_value"], language.YUAN, "trn"),
        "rate": primary["cny_per_usd"],
        "rate_source": primary["rate_source"],
    }
    converted = primary["native_currency"] == "CNY"
    return "- " + language.text(PROJECTION_LINES[after_publication, converted], **said)


PROJECTION_LINES = {  # (made before the full year was published, converted from yuan) → the key number's line
    (False, False): language.marked(
        "**{point}** (projected, {year}; {interval} {low}–{high}): China–ASEAN trade projected from {agency}'s {months} "
        "figure of {ytd}."
    ),
    (True, False): language.marked(
        "**{point}** (projected before the full year was published, {year}; {interval} {low}–{high}): China–ASEAN "
        "trade projected from {agency}'s {months} figure of {ytd}."
    ),
    (False, True): language.marked(
        "**{point}** (projected, {year}; {interval} {low}–{high}): China–ASEAN trade projected from {agency}'s {months} "
        "figure of {ytd}, published as {published} and converted at {rate:.2f} yuan per dollar; the rate: "
        "{rate_source}."
    ),
    (True, True): language.marked(
        "**{point}** (projected before the full year was published, {year}; {interval} {low}–{high}): China–ASEAN "
        "trade projected from {agency}'s {months} figure of {ytd}, published as {published} and converted at "
        "{rate:.2f} yuan per dollar; the rate: {rate_source}."
    ),
}


def key_numbers(
    wb: Workbook,
    headline: pd.DataFrame,
    growth: pd.DataFrame,
    balance_group: pd.DataFrame,
    official: pd.DataFrame,
    primary: pd.Series | None,
) -> list[str]:
    """The key numbers, each labelled statistical, published or projected, with its year and series."""
    lines = published_lines(official, primary) + statistical_lines(wb, headline, growth, balance_group)
    if not lines:
        lines.append(
            "- "
            + language.text(
                "No year in which {reporter}'s record of trade with every member of {partner} is complete in "
                "{first}–{last}: there is no total to report; the coverage section below lists what is missing.",
                reporter=wb.reporter_name,
                partner=wb.partner_label,
                first=wb.year_start,
                last=wb.year_end,
            )
        )
    return lines


def published_lines(official: pd.DataFrame, primary: pd.Series | None) -> list[str]:
    """The key numbers China published (the latest total, or a "more than" statement with the last exact one) and the
    projection made from its year-to-date figure."""
    lines = []
    latest = official.sort_values("year").iloc[-1] if len(official) else None
    if latest is not None and latest.flag != "lower_bound":
        said = {"value": usd_bn(latest.value_usd), "year": int(latest.year), "notes": latest.notes}
        lines.append(
            "- "
            + language.text(
                language.marked(
                    "**{value}** (published, {year}): China–ASEAN trade as China's customs (GACC) published it; {notes}."
                )
                if latest.notes and not language.chinese()
                else language.marked(
                    "**{value}** (published, {year}): China–ASEAN trade as China's customs (GACC) published it."
                ),
                **said,
            )
        )
    if primary is not None:
        lines.append(
            projection_line(
                primary,
                after_publication=latest is not None
                and latest.flag != "lower_bound"
                and int(latest.year) == int(primary["year"]),
            )
        )
    if latest is not None and latest.flag == "lower_bound":
        exact = official[official["flag"] != "lower_bound"].sort_values("year").iloc[-1]
        lines.append(
            "- "
            + language.text(
                "**more than {value}** (published, {year}): China–ASEAN trade as stated by Chinese authorities; the last "
                "exact published total is {exact} ({exact_year}).",
                value=usd_bn(latest.value_usd),
                year=int(latest.year),
                exact=usd_bn(exact.value_usd),
                exact_year=int(exact.year),
            )
        )
    return lines


def statistical_lines(
    wb: Workbook, headline: pd.DataFrame, growth: pd.DataFrame, balance_group: pd.DataFrame
) -> list[str]:
    """The key numbers from the statistics: the reporter's latest complete year, the partner side's record of the same
    trade, the range of annual growth and the balance, first year to last."""
    years = headline["year"].between(wb.year_start, wb.year_end) & headline["value_usd"].notna()
    own, mirror = headline[years & (headline["side"] == "reporter")], headline[years & (headline["side"] == "partner")]
    lines = []
    if len(own):
        last = own.sort_values("year").iloc[-1]
        lines.append(
            "- "
            + language.text(
                "**{value}** (statistical, {year}): {series} trade with {partner}, the latest complete year in the "
                "statistical data.",
                value=usd_bn(last.value_usd),
                year=int(last.year),
                series=last.series,
                partner=wb.partner_label,
            )
        )
    row = series.mirror_pair(pd.concat([own, mirror]))  # the latest year of the run both sides' records hold
    if row is not None:
        gap_pct = 100 * (row.value_usd_mirror / row.value_usd_own - 1)
        lines.append(
            "- "
            + language.text(
                MIRROR_LINES[wb.roles.grouped, gap_pct < 0],
                value=usd_bn(row.value_usd_mirror),
                year=int(row.year),
                partners=wb.roles.partners,
                mirror=row.series_mirror,
                gap=abs(gap_pct),
                reporter=wb.reporter_name,
                own=row.series_own,
            )
        )
    grown = growth.dropna(subset=["growth_pct"])
    grown = grown[grown["year"].between(wb.year_start, wb.year_end)]
    if len(grown):
        lines.append(
            "- "
            + language.text(
                "Growth ranged from {low:+.1f}% ({low_year}) to {high:+.1f}% ({high_year}) a year (statistical, "
                "consecutive years of one source).",
                low=grown["growth_pct"].min(),
                low_year=int(grown.loc[grown["growth_pct"].idxmin(), "year"]),
                high=grown["growth_pct"].max(),
                high_year=int(grown.loc[grown["growth_pct"].idxmax(), "year"]),
            )
        )
    if len(balance_group):
        first, last = balance_group.iloc[0], balance_group.iloc[-1]
        lines.append(
            "- "
            + language.text(
                "{reporter}'s balance (exports − imports): {first} in {first_year} → {last} in {last_year} (statistical; "
                "{sources}).",
                reporter=wb.reporter_name,
                first=usd_bn(first.balance_usd),
                first_year=int(first.year),
                last=usd_bn(last.balance_usd),
                last_year=int(last.year),
                sources=", ".join(sorted(set(balance_group["source"].map(series.SOURCE_LABELS)))),
            )
        )
    return lines


MIRROR_LINES = {  # (a group of partners, the partners record less) → the key number's line
    (True, True): language.marked(
        "**{value}** (statistical, {year}): the same trade as {partners} record it ({mirror}), {gap:.0f}% less than "
        "{reporter}'s record ({own}); the gap between the two sides' statistics is part of the evidence."
    ),
    (True, False): language.marked(
        "**{value}** (statistical, {year}): the same trade as {partners} record it ({mirror}), {gap:.0f}% more than "
        "{reporter}'s record ({own}); the gap between the two sides' statistics is part of the evidence."
    ),
    (False, True): language.marked(
        "**{value}** (statistical, {year}): the same trade as {partners} records it ({mirror}), {gap:.0f}% less than "
        "{reporter}'s record ({own}); the gap between the two sides' statistics is part of the evidence."
    ),
    (False, False): language.marked(
        "**{value}** (statistical, {year}): the same trade as {partners} records it ({mirror}), {gap:.0f}% more than "
        "{reporter}'s record ({own}); the gap between the two sides' statistics is part of the evidence."
    ),
}


def projection_table(projections: pd.DataFrame, note: str) -> tuple[str, pd.DataFrame]:
    """The backtests in one paragraph (``note``, the sentence notebook 02 saved), and every projection from the published
    year-to-date figures."""
    note = language.joined(note, language.text("All projections from the published year-to-date figures:"))
    rows = projections.assign(
        figure=[
            language.text("{months} {year}, {currency}", months=nowcast.months_label(int(m)), year=y, currency=c)
            for m, y, c in zip(projections["month"], projections["year"], projections["native_currency"])
        ],
        published=[
            language.text(
                "{value} ({usd} at {rate:.2f})",
                value=language.amount(v, c),
                usd=language.amount(u, language.DOLLAR),
                rate=r,
            )
            if c == "CNY"
            else language.amount(v, c)
            for v, u, c, r in zip(
                projections["native_value"],
                projections["ytd"],
                projections["native_currency"],
                projections["cny_per_usd"],
            )
        ],
        projection=[
            language.text(
                "{point} ({interval}: {low}–{high})",
                point=language.amount(p, language.DOLLAR, precise=True),
                interval=nowcast.interval_label(c),
                low=language.amount(lo, language.DOLLAR, precise=True),
                high=language.amount(hi, language.DOLLAR, precise=True),
            )
            for p, lo, hi, c in zip(
                projections["point"], projections["low"], projections["high"], projections["coverage_pct"]
            )
        ],
    )
    return note, rows[["figure", "published", "projection", "source_agency"]]


def cagr_lines(cagr: pd.DataFrame) -> list[str]:
    """Growth by policy period as Markdown list items: the endpoints' rate, the fitted trend beside it, the source, the world's
    export prices over the same years where held, and the period's note."""
    held = cagr.dropna(subset=["cagr_pct"])
    known_periods = set(reference.periods()["period"])
    lines = []
    for r in held.itertuples():
        clauses = [
            language.text(", fitted trend {fitted:+.1f}% a year", fitted=r.fitted_pct)
            if pd.notna(r.fitted_pct)
            else "",
            language.text(
                "; world export prices {prices:+.1f}% a year over the same years (nominal values include them)",
                prices=r.price_pct,
            )
            if pd.notna(r.price_pct)
            else "",
            language.text("; {note}", note=r.note) if isinstance(r.note, str) and r.note else "",
        ]
        source = r.source if isinstance(r.source, str) and r.source else ""
        period = reference.period_name(r.period) if r.period in known_periods else r.period  # else: the whole window
        growth = language.text(
            language.marked(
                "- {period}, {series}, {source}: {cagr:+.1f}% a year between the endpoints ({first}–{last})"
            )
            if source
            else language.marked("- {period}, {series}: {cagr:+.1f}% a year between the endpoints ({first}–{last})"),
            period=period,
            series=r.series,
            source=source,
            cagr=r.cagr_pct,
            first=int(r.from_year),
            last=int(r.to_year),
        )
        lines.append(growth + "".join(clauses))
    return lines


def product_line(top_by_member: pd.DataFrame, dominant_by_member: pd.DataFrame | None, reporter_name: str) -> str:
    """Where the product detail with every member comes from, and how much of a member's imports the reporter dominates."""
    label = (series.SOURCE_LABELS | external.describe())[top_by_member["source"].iloc[0]]
    line = language.text(
        "Product detail with every member comes from {source} at {level} ({members} members).",
        source=label,
        level=top_by_member["level"].iloc[0],
        members=top_by_member["partner"].nunique(),
    )
    if dominant_by_member is not None and len(dominant_by_member):
        most = dominant_by_member.sort_values("over_half").iloc[-1]
        line += language.after(
            language.text(
                "{reporter} supplies more than half of a member's imports in up to {dominated} of {products} products "
                "({member}, {year}).",
                reporter=reporter_name,
                dominated=int(most.over_half),
                products=int(most.products),
                member=reference.name_of(most.member),
                year=int(most.year),
            )
        )
    return line


def effects_by_specification(effects: pd.DataFrame) -> pd.DataFrame:
    """The policy terms' and the tariff control's percent effects with their 95% intervals, one row per specification."""
    compact = effects[effects["term"].str.split("_lead").str[0].isin(gravity.POLICY_TERMS + ["US_TARIFFS_ON_CHINA"])]
    compact = compact.assign(
        effect=[
            language.text("{pct:+.1f}% ({low:+.1f} to {high:+.1f})", pct=p, low=lo, high=hi)
            for p, lo, hi in zip(compact["pct"], compact["pct_low"], compact["pct_high"])
        ]
    )
    wide = compact.pivot(index="specification", columns="term", values="effect").reindex(
        list(dict.fromkeys(compact["specification"]))
    )
    return (
        wide.rename(columns=labels.label, index=gravity.specification_name)
        .rename_axis(index=None, columns=None)
        .fillna("")
    )


def pair_label(reporter: str, partner: str) -> str:
    """ "Thailand→China": a reporter and its partner by name."""
    return f"{reference.name_of(reporter)}→{reference.name_of(partner)}"


def product_detail_held(flows: pd.DataFrame) -> str:
    """What bilateral product detail the shipped data hold, from the data: each snapshot's reporter, partners, classification and years."""
    parts = []
    for source in (dosm.SOURCE, singapore.SOURCE_WITS):
        rows = flows[(flows["source"] == source) & (flows["partner"] != schema.WORLD)]
        for reporter, held in rows.groupby("reporter"):
            classification = "/".join(held["classification"].unique())
            parts.append(
                language.text(
                    "{reporter}'s own record with {partners} partners ({classification}, {years})",
                    reporter=reference.name_of(reporter),
                    partners=held["partner"].nunique(),
                    classification=classification,
                    years=language.years(held["year"].min(), held["year"].max()),
                )
            )
    hs6 = flows[(flows["source"] == series.COMTRADE_MIRROR) & (flows["classification"] == "HS6")]
    if len(hs6):
        parts.append(
            language.text(
                "{economies} economies' own HS6 records of selected products traded with {partners} ({source}, {years})",
                economies=hs6["reporter"].nunique(),
                partners=language.listed(sorted(map(reference.name_of, hs6["partner"].unique()))),
                source=series.SOURCE_LABELS[series.COMTRADE_MIRROR],
                years=language.years(hs6["year"].min(), hs6["year"].max()),
            )
        )
    return language.text("; ").join(parts) if parts else language.text("none")


def official_check_note(check: pd.DataFrame | None) -> str | None:
    """China's records against the published China–ASEAN totals, with the tolerance the check used (notebook 01)."""
    if check is None or not len(check):
        return None
    within = check["status"].str.startswith("within")
    stated = re.search(r"±([\d.]+)%", check.loc[within, "status"].iloc[0]) if within.any() else None
    said = dict(
        source=series.SOURCE_LABELS[series.DOTS],
        within=int(within.sum()),
        years=len(check),
        largest=check["diff_pct"].abs().max(),
    )
    if stated:
        return language.text(
            "- The China-recorded totals ({source}; GACC 2024) match the published China–ASEAN totals within "
            "±{tolerance}% in {within} of {years} years compared (largest difference {largest:.2f}%).",
            tolerance=stated.group(1),
            **said,
        )
    return language.text(
        "- The China-recorded totals ({source}; GACC 2024) match the published China–ASEAN totals within the tolerance "
        "in {within} of {years} years compared (largest difference {largest:.2f}%).",
        **said,
    )


def incomplete_cells_note(gaps: pd.DataFrame | None) -> str | None:
    """How many IMF DOTS reporter–partner–year cells are incomplete, and what is done with them."""
    if gaps is None or not len(gaps):
        return None
    n = int((gaps["source"] == series.DOTS).sum())
    return language.text(
        language.marked(
            "- {cells} reporter–partner–year cells of {source} are incomplete (a missing flow or months), left out of "
            "totals and never counted as zero."
        )
        if n != 1
        else language.marked(
            "- {cells} reporter–partner–year cell of {source} is incomplete (a missing flow or months), left out of "
            "totals and never counted as zero."
        ),
        cells=n,
        source=series.SOURCE_LABELS[series.DOTS],
    )


def estimates_note(estimated: pd.DataFrame | None) -> str | None:
    """The pairs whose monthly values the IMF estimated rather than a reporter recorded (the first eight), and those
    wholly estimated."""
    if estimated is None or not len(estimated):
        return None
    whole = estimated[estimated["estimated_pct"] == 100]
    listed = language.text("; ").join(
        [
            language.text(
                "{pair} {estimated} of {rows} monthly values",
                pair=pair_label(r.reporter, r.partner),
                estimated=r.estimated,
                rows=r.rows,
            )
            for r in estimated.head(8).itertuples()
        ]
    )
    wholly = language.listed([pair_label(r.reporter, r.partner) for r in whole.itertuples()])
    if len(whole):
        return language.text(
            "- IMF estimates, not the reporter's own statistics: {listed}. Wholly estimated: {wholly}.",
            listed=listed,
            wholly=wholly,
        )
    return language.text("- IMF estimates, not the reporter's own statistics: {listed}.", listed=listed)


SOURCES_BY_MEMBER = {  # source label (a message) → (declared table, the column naming the economy)
    language.marked("WITS trade summary (product groups, stages)"): (shared_tables.WITS_GROUPS, "reporter"),
    language.marked("OEC sections (complementarity index)"): (shared_tables.TCI, "importer"),
    language.marked("CEPII BACI HS2 (export structure, RCA)"): (shared_tables.EXPORT_SECTIONS_BACI, "reporter"),
}


def sources_missing_notes(members: list[str], read: dict[str, pd.DataFrame | None]) -> list[str]:
    """For each shipped source with a file per economy, the members it holds nothing for."""
    notes = []
    for label, (table, column) in SOURCES_BY_MEMBER.items():
        found = read.get(table.name)
        absent = [reference.name_of(m) for m in members if found is None or m not in set(found[column])]
        if absent:
            notes.append(
                language.text(
                    "- No {source} data for: {members}.", source=language.text(label), members=language.listed(absent)
                )
            )
    return notes


def coverage_notes(
    wb: Workbook,
    vintage: pd.DataFrame,
    statistical: pd.DataFrame,
    read: dict[str, pd.DataFrame | None],
    *,
    product_detail: str,
    bilateral_figure: bool,
) -> list[str]:
    """The briefing's "data coverage and caveats" as Markdown list items, from the tables notebooks 01–03 wrote (``read``, by declared name).

    The official check (China's records against the published totals, with the tolerance the
    check used), IMF DOTS cells left out as incomplete, the IMF's estimates, each source's last
    year, what product detail is held, the sources with no file for a member, the GACC table's
    conversion and the refreshed data.
    """
    notes = [
        note
        for note in (
            official_check_note(read.get(shared_tables.OFFICIAL_CHECK.name)),
            incomplete_cells_note(read.get(shared_tables.COVERAGE_GAPS.name)),
            estimates_note(read.get(shared_tables.IMF_ESTIMATES.name)),
        )
        if note
    ]
    refreshed = vintage[vintage["source"].isin(external.SOURCES)]
    last_years = language.text("; ").join(
        [language.text("{source} {year}", source=r.label, year=int(r.last_year)) for r in statistical.itertuples()]
    )
    notes += [
        language.text("- Last year each statistical source holds for these economies: {sources}.", sources=last_years),
        language.text(
            language.marked(
                "- Bilateral product detail in the shipped data: {detail}; every member's product detail here comes "
                "from the refreshed data named below."
            )
            if len(refreshed)
            else language.marked(
                "- Bilateral product detail in the shipped data: {detail}; other pairs need a UN Comtrade or BACI refresh."
            ),
            detail=product_detail,
        ),
        language.text(
            "- Exports are valued FOB and imports CIF, so with freight alone the importer's record runs a few percent "
            "above the exporter's; where the importer records less, under-declaration at import, informal trade or "
            "transit explain it, and where a re-exporting partner records more exports than the importer records "
            "imports, origin rules do (the context note computes both by partner)."
        ),
        language.text("- Services (data services, AI models) and firm counts by size are not in any shipped source."),
    ]
    notes += sources_missing_notes(wb.members, read)
    if series.GACC in set(vintage["source"]):
        notes.append(
            language.text(
                "- GACC's 2024 table is in yuan (10,000s) except September; yuan values are converted at the rate the "
                "table itself implies (notebook 01), and March is derived from the cumulative columns."
            )
        )
    if len(refreshed):
        used = language.text("; ").join(
            [
                language.text(
                    "{source} {years}", source=r.label, years=language.years(int(r.first_year), int(r.last_year))
                )
                for r in refreshed.itertuples()
            ]
        )
        notes.append(
            language.text(
                "- Refreshed data used (fetched by the workbook's refresh from the publishers' services): {sources}.",
                sources=used,
            )
        )
    if not bilateral_figure and not len(refreshed):
        notes.append(
            language.text(
                "- No bilateral product detail between {reporter} and {partner} is shipped.",
                reporter=wb.reporter_name,
                partner=wb.partner_label,
            )
        )
    return notes


def article_note() -> str:
    """The article the claims come from, as it presents itself: its title and page, its notice that it holds
    AI-assisted content, and its three experts with the institutions it gives them (data/reference/article.csv)."""
    table = reference.read_table(
        "article.csv", ["item", "name", "text", "source_url"], key=["item", "name"], dtype=str, keep_default_na=False
    )
    one = table.set_index("item")
    speakers = table[table["item"] == "speaker"]
    named = language.text("; ").join(
        language.text("{name}, {role}", name=reference.in_edition(row, "name"), role=reference.in_edition(row, "text"))
        for _, row in speakers.iterrows()
    )
    return language.text(
        "**The article.** “{title}” ({url}) carries the notice “{notice}”. It attributes its claims to {experts} "
        "experts, as it names them: {named}; and its headline figure to China's customs (GACC). Each claim is tested "
        "below against data, never against the article itself.",
        title=reference.in_edition(one.loc["title"], "text"),
        url=one.at["title", "source_url"],
        notice=reference.in_edition(one.loc["notice"], "text"),
        experts=len(speakers),
        named=named,
    )


def gacc_shown(table: pd.DataFrame | None) -> pd.DataFrame | None:
    """GACC's latest release as the briefing shows it: one row per partner, the year to date in CNY 100 million (亿元) and its change, by flow."""
    if table is None or table.empty:
        return None
    wide = table.pivot_table(
        index=["partner", "label"], columns="flow", values=["value_cny", "yoy_pct"], aggfunc="first", sort=False
    )
    shown = pd.DataFrame(
        {
            # GACC's English page names the partners in English; its Chinese tables use the names the glossary holds
            language.text("partner (as GACC names it)"): [
                reference.name_of(partner) if language.chinese() else label for partner, label in wide.index
            ],
            language.text("trade, CNY 100 million"): (wide[("value_cny", "total")] / 1e8).round(1).to_numpy(),
            language.text("trade, y/y %"): wide[("yoy_pct", "total")].to_numpy(),
            language.text("exports, y/y %"): wide[("yoy_pct", "export")].to_numpy(),
            language.text("imports, y/y %"): wide[("yoy_pct", "import")].to_numpy(),
        }
    )
    return shown


# the tables the executive summary reads beyond those the key numbers read (``findings.executive_summary``)
SUMMARY_TABLES = (
    shared_tables.MEMBER_SHARES,
    shared_tables.GACC_LATEST,
    shared_tables.SUPPLIER_SHARE,
    shared_tables.TOP_IMPORT_BY_MEMBER,
)


def official_shown(wb: Workbook, headline: pd.DataFrame) -> pd.DataFrame:
    """The published totals the briefing shows: those inside the run's years and, after them, to the latest published."""
    official = headline["side"] == "official"
    latest = int(headline.loc[official, "year"].max()) if official.any() else wb.year_end
    return headline[official & headline["year"].between(wb.year_start, max(latest, wb.year_end))]


def title(
    wb: Workbook, statistical: pd.DataFrame, published: pd.DataFrame, *, article_year: int, projected: bool
) -> str:
    """The briefing's title and the line under it: the statistics' years and what is shown after them, labelled."""
    last = int(statistical["last_year_used"].max())
    after = published[published["last_year"] > last]
    said = {
        "reporter": wb.reporter_name,
        "partner": wb.partner_label,
        "first": wb.year_start,
        "last": last,
        "year": article_year,
        "until": int(after["last_year"].max()) if len(after) else article_year,
        "made": language.day(date.today()),
    }
    if len(after):
        label = after.iloc[-1]["label"]
        if " for " in label and not language.chinese():  # the release's own period ("Jan–Mar 2026")
            said["until"] = label.split(" for ")[-1].split(" (")[0]
        line = language.text(
            "*Statistics {first}–{last}; China's published figures after them, to {until}, each labelled · generated "
            "{made} by the China–ASEAN trade research workbook*",
            **said,
        )
    elif projected:
        line = language.text(
            "*Statistics {first}–{last}; published and projected figures for {year}, each labelled · generated {made} "
            "by the China–ASEAN trade research workbook*",
            **said,
        )
    else:
        line = language.text(
            "*Statistics {first}–{last}; published figures only within these years · generated {made} by the "
            "China–ASEAN trade research workbook*",
            **said,
        )
    return f"# {briefing_title(wb.reporter_name, wb.partner_label)}\n\n{line}"


def briefing_title(reporter_name: str, partner_name: str) -> str:
    """The briefing's title: "China–ASEAN-10 trade: evidence briefing" (中国—东盟10国贸易：证据简报)."""
    return language.text("{reporter}–{partner} trade: evidence briefing", reporter=reporter_name, partner=partner_name)


def answer(wb: Workbook) -> Briefing:
    """The briefing's sentences and tables from what notebooks 01–06 wrote in this run's outputs."""
    page.check_same_run(wb.run)
    headline = page.table(shared_tables.HEADLINE)
    vintage = page.table(shared_tables.DATA_VINTAGE)
    projections = page.table(shared_tables.NOWCAST, required=False)
    backtest = page.table(shared_tables.NOWCAST_BACKTEST, required=False)
    assert headline is not None and vintage is not None  # required tables: a missing one stops in briefing.table
    statistical = vintage[vintage["kind"] == "statistical"].dropna(subset=["last_year_used"])
    article_year = int(claims.ledger()["about_year"].astype(int).max())
    projected = projections is not None and len(projections) > 0
    primary = (
        projections.sort_values("month").iloc[-1] if projections is not None and projected else None
    )  # the latest published figure, as notebook 02 chose it
    official = official_shown(wb, headline)
    published = vintage[vintage["kind"] == "published"]
    note, rows = None, None
    saved_note = page.table(shared_tables.NOWCAST_NOTE, required=False)
    if projections is not None and primary is not None and saved_note is not None and len(saved_note):
        note, rows = projection_table(projections, str(saved_note["sentence"].iloc[0]))
    growth, balance_group = page.table(shared_tables.GROWTH), page.table(shared_tables.BALANCE_GROUP)
    assert growth is not None and balance_group is not None
    read = {table.name: page.table(table, required=False) for table in COVERAGE_TABLES}
    summary_tables = {  # what the executive summary reads: the frames read above, and those below
        shared_tables.HEADLINE.name: headline,
        shared_tables.BALANCE_GROUP.name: balance_group,
        shared_tables.NOWCAST.name: projections,
        shared_tables.NOWCAST_BACKTEST.name: backtest,
        shared_tables.CAGR_PERIODS.name: page.table(shared_tables.CAGR_PERIODS),
        **{table.name: page.table(table, required=False) for table in SUMMARY_TABLES},
    }
    cagr = summary_tables[shared_tables.CAGR_PERIODS.name]
    growth_lines = cagr_lines(cagr) if cagr is not None else []
    context = page.table(shared_tables.CONTEXT, required=False)  # computed in notebook 02
    top_by_member = page.table(shared_tables.TOP_PRODUCTS_BY_MEMBER, required=False)
    product = None
    if top_by_member is not None and len(top_by_member):
        product = product_line(
            top_by_member, page.table(shared_tables.DOMINANT_PRODUCTS_BY_MEMBER, required=False), wb.reporter_name
        )
    effects = page.table(shared_tables.EFFECTS, required=False)
    results = claims.results()
    said = page.table(shared_tables.EFFECT_SENTENCES, required=False)
    with_effects = effects is not None and said is not None and len(effects) > 0
    after_trillion = page.table(shared_tables.AFTER_TRILLION, required=False)
    return Briefing(
        title=title(wb, statistical, published, article_year=article_year, projected=projected),
        results=results,
        article=article_note(),
        tables=summary_tables,
        vintage=vintage,
        vintage_sentence=vintage_sentence(
            statistical, published, year_end=wb.year_end, article_year=article_year, projected=projected
        ),
        vintage_rows=vintage_rows(vintage),
        statistical=statistical,
        key_numbers=key_numbers(wb, headline, growth, balance_group, official, primary),
        projection_note=note,
        projection_rows=rows,
        official=official,
        context_block=(
            language.text("**Context the figures need.**") + "\n\n" + "\n".join(f"- {s}" for s in context["sentence"])
        )
        if context is not None and len(context)
        else None,
        structure_lead=(
            findings.fastest_period(cagr),
            findings.share_shift(summary_tables[shared_tables.MEMBER_SHARES.name], wb.reporter_name),
        ),
        growth_block=(
            language.text("Compound annual growth by policy period (years actually covered in brackets):")
            + "\n\n"
            + "\n".join(growth_lines)
        )
        if growth_lines
        else None,
        product_line=product,
        effect_sentences=list(said["sentence"]) if with_effects and said is not None else [],
        effects=effects_by_specification(effects) if with_effects and effects is not None else None,
        coverage=coverage_notes(
            wb,
            vintage,
            statistical,
            read,
            product_detail=product_detail_held(wb.flows),
            bilateral_figure=(config.paths().figures / "02_bilateral_products.png").exists(),
        ),
        after_trillion=list(after_trillion["sentence"]) if after_trillion is not None else [],
        gacc_latest=gacc_shown(summary_tables[shared_tables.GACC_LATEST.name]),
        summary=findings.executive_summary(summary_tables, results, roles=wb.roles, years=wb.years),
        top_imports=summary_tables[shared_tables.TOP_IMPORT_BY_MEMBER.name],
    )
