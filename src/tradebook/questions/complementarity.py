"""Notebook 03's question: do the reporter's exports fit what the members import, where do they compete,
how hard are its supplies to replace, how integrated are the supply chains, and are members upgrading?

Complementarity (WITS's trade complementarity index, on OEC's 21 HS sections, beside Japan, Korea
and Australia as the yardstick), specialisation (RCA/RSCA on CEPII BACI HS2 exports to the World),
export similarity, the reporter's share of each member's imports (IMF DOTS, member-recorded),
intra-industry trade (Grubel–Lloyd) where bilateral product data exist, intermediate goods in
members' imports (WITS stages), upgrading (HS 84, 85, 90 in members' exports and their relative
unit values) and, after ``make refresh``, the same questions at the refreshed product level.
Claims C02, C04 and C05 are judged here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradebook import indicators, language, params, reference, shared_tables
from tradebook.context import Workbook
from tradebook.flows import dataset, panels, products, series
from tradebook.publish import figures, tables
from tradebook.publish.section import Section
from tradebook.questions import Judged
from tradebook.roles import Roles
from tradebook.sources import baci_hs2, curated, dosm
from tradebook.sources.live import external
from tradebook.themes import claims

UPGRADE_CHAPTERS = ["84", "85", "90"]  # machinery, electrical and electronic equipment, instruments
SECTIONS_NOTE = language.marked(
    "21 HS sections, OEC: an index over 21 sections runs higher than WITS's HS6 index and is not comparable with "
    "published WITS values"
)


@dataclass(frozen=True)
class Complementarity:
    """What notebook 03 shows and saves."""

    tci: pd.DataFrame  # 03_tci
    tci_latest: pd.DataFrame  # 03_tci_latest (empty without the reporter's index)
    tci_panels: pd.DataFrame  # the reporter's index and the benchmarks' median, by member and year
    yardstick: str  # the benchmark exporters by name ("Japan, Korea, Australia")
    no_tci_note: str | None
    c05: Judged
    rca: pd.DataFrame  # the run's years, every exporter
    overlap: pd.DataFrame  # 03_rca_overlap
    latest_rca: int | None
    rsca: pd.DataFrame  # the 20 largest chapters × economies, latest year
    similarity: pd.DataFrame  # 03_export_similarity
    suppliers: pd.DataFrame  # 03_supplier_share: the reporter's share and rank in each member's imports
    ranks: pd.DataFrame  # the last year's share and rank by member (names)
    chapter_share: pd.DataFrame  # 03_share_of_world_exports
    last_baci: int | None
    mys_by_product: pd.DataFrame | None  # 03_mys_imports_share_by_sitc2 (Malaysia a partner only)
    mys_note: str | None
    c02_aggregate: Judged  # on aggregate import shares
    gl: pd.DataFrame  # 03_grubel_lloyd
    intermediate: pd.DataFrame  # 03_intermediate_import_share
    intermediate_cny_note: str | None
    upgrading: pd.DataFrame  # 03_upgrading
    upgrade_years: tuple[int, int] | None  # its first and last year
    quality: pd.DataFrame | None  # 03_unit_values
    c04: Judged
    product_source: str | None
    product_level: str | None
    product_label: str
    tci_by_member: pd.DataFrame  # refreshed product data only (else empty)
    gl_by_member: pd.DataFrame
    dominant_by_member: pd.DataFrame
    c05_refreshed: Judged | None
    c02_refreshed: Judged | None
    no_refresh_note: str  # what the sections use without refreshed product data
    dominant_world: (
        pd.DataFrame
    )  # the HS chapters where the reporter supplies more than half of world exports, last BACI year
    dominant_sentence: str | None


def tci_latest(tci: pd.DataFrame, reporter: str, benchmarks: list[str], names: dict[str, str]) -> pd.DataFrame:
    """The last year's index by member (rows) and exporter (columns), with the benchmarks' median and the reporter's gap to it."""
    latest = tci[tci["year"] == int(tci["year"].max())].pivot(index="importer", columns="exporter", values="tci")
    latest["benchmark median"] = latest[[b for b in benchmarks if b in latest]].median(axis=1)
    latest[f"{reporter} − median"] = latest[reporter] - latest["benchmark median"]
    return latest.rename(index=names).reset_index()


def rca_overlap(
    rca: pd.DataFrame, reporter: str, members: list[str], names: dict[str, str]
) -> tuple[pd.DataFrame, int | None, pd.DataFrame]:
    """Chapters where the reporter and each member both specialise (RCA > 1: compete) or only one does (complement), latest year."""
    if not len(rca):
        return pd.DataFrame(), None, pd.DataFrame()
    latest = int(rca["year"].max())
    wide = rca[rca["year"] == latest].pivot(index="product", columns="reporter", values="rca")
    rows = []
    for member in members:
        if member not in wide or reporter not in wide:
            continue
        rows.append(
            {
                "member": names[member],
                "compete (both RCA>1)": int(((wide[reporter] > 1) & (wide[member] > 1)).sum()),
                f"complement ({reporter} RCA>1, member not)": int(((wide[reporter] > 1) & (wide[member] <= 1)).sum()),
                f"complement (member RCA>1, {reporter} not)": int(((wide[member] > 1) & (wide[reporter] <= 1)).sum()),
            }
        )
    return pd.DataFrame(rows), latest, wide


def rsca_grid(flows: pd.DataFrame, rca: pd.DataFrame, economies: list[str], year: int) -> pd.DataFrame:
    """RSCA of the 20 chapters these economies export most in ``year`` (rows, "84 Machinery…") by economy (columns, names)."""
    names = baci_hs2.chapter_names()
    exports = flows[(flows["source"] == baci_hs2.SOURCE) & (flows["year"] == year) & flows["reporter"].isin(economies)]
    top = exports.groupby("product")["value_usd"].sum().nlargest(20).index
    grid = rca[(rca["year"] == year) & rca["product"].isin(top) & rca["reporter"].isin(economies)]
    grid = (
        grid.pivot(index="product", columns="reporter", values="rsca")
        .reindex(columns=economies)
        .rename(columns=reference.name_of)
    )
    grid.index = [f"{c} {names.get(c, '')}"[:40] for c in grid.index]
    return grid


def share_of_world_exports(flows: pd.DataFrame, reporter: str, years: range) -> tuple[pd.DataFrame, int | None]:
    """The reporter's share of world exports by HS chapter in the last BACI year of the run, largest first."""
    chapters = flows[(flows["source"] == baci_hs2.SOURCE) & flows["year"].between(years.start, years.stop - 1)]
    if not len(chapters):
        return pd.DataFrame(), None
    last = int(chapters["year"].max())
    world = chapters[chapters["year"] == last].groupby("product")["value_usd"].sum()
    mine = chapters[(chapters["year"] == last) & (chapters["reporter"] == reporter)].set_index("product")["value_usd"]
    table = pd.DataFrame(
        {
            "share_of_world_exports_pct": indicators.share(mine, world.reindex(mine.index)),
            "world_exports_usd_bn": world.reindex(mine.index) / 1e9,
        }
    )
    table.index = [f"{c} {baci_hs2.chapter_names().get(c, '')}" for c in table.index]
    return table.sort_values("share_of_world_exports_pct", ascending=False), last


PARTNER_LARGEST = language.marked(
    "{reporter} was {partner}'s largest import source in {last}; its share of {partner}'s imports moved from "
    "{first_share:.1f}% ({first}) to {last_share:.1f}% ({last}): {change} (threshold {threshold:g} percentage point)."
)
PARTNER_RANKED = language.marked(
    "{reporter} was {partner}'s number {rank} import source in {last}; its share of {partner}'s imports moved from "
    "{first_share:.1f}% ({first}) to {last_share:.1f}% ({last}): {change} (threshold {threshold:g} percentage point)."
)
GROUP_LARGEST = language.marked(
    "{reporter} was the largest import source of {largest} of {members} members in {last}; its median share of their "
    "imports moved from {first_share:.1f}% ({first}) to {last_share:.1f}% ({last}): {change} (threshold "
    "{threshold:g} percentage point)."
)


def c02_on_aggregates(
    suppliers: pd.DataFrame, ranks: pd.DataFrame, dominant: int, last_baci: int | None, reporter_name: str
) -> tuple[Judged, str, str]:
    """C02 on aggregate import shares (largest supplier; the median share's direction), recorded with the aggregate-only note;
    and, for the test at the product level, the direction and the sentence without that note."""
    if not len(suppliers):
        sentence = language.text("No complete member import records in the chosen years.")
        return (
            Judged(
                claims.Verdict.NOT_TESTABLE,
                sentence,
                {"largest_supplier_of": 0, "members": 0, "median_share_by_year": {}},
            ),
            "no data",
            sentence,
        )
    first, last = int(suppliers["year"].min()), int(suppliers["year"].max())
    top_n = int((ranks["rank"] == 1).sum())
    first_median, last_median = (suppliers[suppliers["year"] == y]["share_pct"].median() for y in (first, last))
    change = claims.direction(first_median, last_median, claims.threshold("C02"))
    moved = {
        "first_share": first_median,
        "first": first,
        "last_share": last_median,
        "last": last,
        "change": language.text(change),
        "threshold": claims.threshold("C02"),
        "reporter": reporter_name,
    }
    if len(ranks) == 1:  # one partner: its rank and China's share of its imports, no count or median
        rank, partner = int(ranks["rank"].iat[0]), reference.name_of(str(ranks.index[0]))
        sentence = language.text(PARTNER_LARGEST if rank == 1 else PARTNER_RANKED, partner=partner, rank=rank, **moved)
    else:
        sentence = language.text(GROUP_LARGEST, largest=top_n, members=len(ranks), **moved)
    if last_baci is not None:
        sentence = language.joined(
            sentence,
            language.text(
                "It supplied over half of world exports in {chapters} HS chapters ({year}).",
                chapters=dominant,
                year=last_baci,
            ),
        )
    medians = {
        int(y): float(v) for y, v in suppliers.groupby("year")["share_pct"].median().items()
    }  # for the sensitivity check
    values = {"largest_supplier_of": top_n, "members": len(ranks), "median_share_by_year": medians}
    return (
        Judged(
            claims.c02_hard_to_substitute(top_n, len(ranks), change),
            language.joined(sentence, language.text(claims.AGGREGATE_ONLY_NOTE)),
            values,
        ),
        change,
        sentence,
    )


def upgrading(
    flows: pd.DataFrame, rca: pd.DataFrame, members: list[str], years: range, names: dict[str, str]
) -> tuple[pd.DataFrame, int | None, int | None]:
    """Members' export share of HS 84, 85 and 90 and their mean RCA, first and last BACI year, sorted by the change."""
    structure = tables.in_years(series.export_structure(flows, baci_hs2.SOURCE, members, "HS2"), years)
    share = (
        structure[structure["product"].isin(UPGRADE_CHAPTERS)]
        .groupby(["reporter", "year"])["share_pct"]
        .sum()
        .unstack("year")
    )
    if share.shape[1] < 2:
        return pd.DataFrame(), None, None
    first, last = int(share.columns.min()), int(share.columns.max())
    table = pd.DataFrame({f"share {first}, %": share[first], f"share {last}, %": share[last]})
    table["change, points"] = table[f"share {last}, %"] - table[f"share {first}, %"]
    mean_rca = (
        rca[rca["product"].isin(UPGRADE_CHAPTERS) & rca["reporter"].isin(members)]
        .groupby(["reporter", "year"])["rca"]
        .mean()
        .unstack("year")
    )
    table[f"mean RCA 84/85/90, {first}"] = mean_rca.get(first)
    table[f"mean RCA 84/85/90, {last}"] = mean_rca.get(last)
    return table.rename(index=names).sort_values("change, points"), first, last


def intermediate_cny_note(reporter: str) -> str | None:
    """GACC's own share of intermediate goods in China–ASEAN trade (both figures in yuan, from one report); None outside China's runs."""
    aggregates = curated.load_table("china_asean_trade_aggregates_news.csv")
    cny = aggregates[aggregates["unit"] == "CNY trillion"]
    pairs = (
        cny[cny["flow"].isin(["intermediate goods trade with ASEAN", "total trade"])]
        .pivot_table(index="period", columns="flow", values="value", aggfunc="first")
        .dropna()
    )
    if reporter != "CHN" or not len(pairs):
        return None
    period = pairs.index[-1]
    share = indicators.share(
        float(pairs.loc[period, "intermediate goods trade with ASEAN"]), float(pairs.loc[period, "total trade"])
    )
    return language.text(
        "GACC (curated): intermediate goods were {share:.1f}% of China–ASEAN trade in {period} (both figures in yuan, "
        "from the same report).",
        share=share,
        period=curated.period_label(str(period)),
    )


def tci_section(wb: Workbook, answer: Complementarity) -> Section:
    """The reporter's complementarity with each member beside the benchmarks' median, drawn, and the last year's gap,
    shown; without the reporter's index, the sentence naming what the OEC files cover."""
    tables = {shared_tables.TCI: answer.tci}
    if answer.no_tci_note:
        return Section("03_tci", tables=tables, said=(answer.no_tci_note,))
    figure = figures.complementarity(
        answer.tci_panels, names=wb.names, reporter_name=wb.reporter_name, yardstick=answer.yardstick
    )
    return Section(
        "03_tci",
        tables={**tables, shared_tables.TCI_LATEST: answer.tci_latest},
        figure=figure,
        caption=language.text(
            "Trade complementarity of {reporter_name}'s exports with {each_s} imports beside the benchmark exporters' median{panels}.",
            reporter_name=wb.reporter_name,
            each_s=wb.roles.each_s,
            panels=wb.roles.panels,
        ),
        briefing="complementarity",
        shown=answer.tci_latest,
    )


def specialisation_section(wb: Workbook, answer: Complementarity) -> Section:
    """RCA by HS chapter (saved), the chapters where the reporter and the members compete or complement (shown) and the
    symmetric RCA of the largest chapters (the notebook's figure)."""
    tables = {shared_tables.RCA_BACI_HS2: answer.rca[answer.rca["reporter"].isin([wb.reporter, *wb.members])]}
    if not answer.latest_rca:
        return Section("03_rsca", tables=tables)
    return Section(
        "03_rsca",
        tables={**tables, shared_tables.RCA_OVERLAP: answer.overlap},
        figure=figures.rsca(answer.rsca, year=answer.latest_rca),
        said=(f"HS chapters by specialisation, {answer.latest_rca}:",),
        shown=answer.overlap,
    )


def similarity_section(wb: Workbook, answer: Complementarity) -> Section:
    """Export similarity (Finger–Kreinin, 0–100) of the reporter with each member, the notebook's figure."""
    tables = {shared_tables.EXPORT_SIMILARITY: answer.similarity}
    if not len(answer.similarity):
        return Section("03_similarity", tables=tables)
    figure = figures.similarity(answer.similarity, names=wb.names, reporter_name=wb.reporter_name)
    return Section("03_similarity", tables=tables, figure=figure)


def supplier_section(wb: Workbook, answer: Complementarity) -> Section:
    """The reporter's share of each member's imports, drawn, and its rank among suppliers, shown."""
    tables = {shared_tables.SUPPLIER_SHARE: answer.suppliers}
    if not len(answer.suppliers):
        return Section("03_supplier_share", tables=tables, shown=answer.ranks)
    return Section(
        "03_supplier_share",
        tables=tables,
        figure=figures.supplier_share(answer.suppliers, names=wb.names, reporter_name=wb.reporter_name),
        caption=language.text(
            "{reporter_name}'s share of {each_s} imports ({recorded}).",
            reporter_name=wb.reporter_name,
            each_s=wb.roles.each_s,
            recorded=wb.roles.recorded,
        ),
        briefing="complementarity",
        shown=answer.ranks,
    )


def dominance_section(answer: Complementarity) -> Section:
    """The HS chapters where the reporter supplies more than half of world exports, and, where Malaysia is a partner, the
    reporter's share of its imports by SITC group (the one member whose product data list every supplier)."""
    world = answer.chapter_share.reset_index(names="chapter")
    dominant = {shared_tables.SHARE_OF_WORLD_EXPORTS: world} if answer.dominant_sentence else {}
    malaysia = {shared_tables.MYS_IMPORTS_BY_SITC2: answer.mys_by_product} if answer.mys_by_product is not None else {}
    said = (answer.dominant_sentence or "", answer.mys_note or "")
    return Section(
        "03_share_of_world_exports",
        tables={**dominant, **malaysia},
        said=tuple(sentence for sentence in said if sentence),
        shown=answer.dominant_world if answer.dominant_sentence else None,
    )


def supply_chain_section(wb: Workbook, answer: Complementarity) -> Section:
    """Intra-industry trade where product data exist beside intermediate goods in imports, drawn panel by panel (a panel
    without data left out, and the caption saying so); GACC's own intermediate-goods share, said, in China's runs."""
    tables = {shared_tables.GRUBEL_LLOYD: answer.gl, shared_tables.INTERMEDIATE_IMPORT_SHARE: answer.intermediate}
    said = (answer.intermediate_cny_note,) if answer.intermediate_cny_note else ()
    caption = supply_chain_caption(answer.gl, answer.intermediate, wb.roles)
    if not caption:
        return Section("03_supply_chain", tables=tables, said=said)
    figure = figures.supply_chain(answer.gl, answer.intermediate, names=wb.names, reporter_name=wb.reporter_name)
    return Section(
        "03_supply_chain", tables=tables, figure=figure, caption=caption, briefing="complementarity", said=said
    )


def upgrading_section(wb: Workbook, answer: Complementarity) -> Section:
    """Machinery, electronics and instruments in the members' exports, first and last year: drawn as a dumbbell with two
    members or more (one member: the table, not a dumbbell on a stretched axis), shown as a table always."""
    if not answer.upgrade_years:
        return Section("03_upgrading", shown=answer.upgrading)
    tables = {shared_tables.UPGRADING: answer.upgrading.reset_index(names="member")}
    if len(answer.upgrading) < 2:
        return Section("03_upgrading", tables=tables, shown=answer.upgrading)
    first, last = answer.upgrade_years
    return Section(
        "03_upgrading",
        tables=tables,
        figure=figures.upgrading(answer.upgrading, first=first, last=last),
        caption=language.text(
            "Machinery, electronics and instruments (HS 84, 85, 90) in {partners_s} exports, first and last year.",
            partners_s=wb.roles.partners_s,
        ),
        briefing="complementarity",
        shown=answer.upgrading,
    )


def refreshed_section(wb: Workbook, answer: Complementarity) -> Section:
    """Complementarity, intra-industry trade and dependence by product for every member from refreshed product data
    (``make refresh``), or why there are none."""
    if not answer.product_source:
        return Section("03_tci_by_member", said=(answer.no_refresh_note,))
    return Section(
        "03_tci_by_member",
        tables={
            shared_tables.TCI_BY_MEMBER: answer.tci_by_member,
            shared_tables.GRUBEL_LLOYD_BY_MEMBER: answer.gl_by_member,
            shared_tables.DOMINANT_PRODUCTS_BY_MEMBER: answer.dominant_by_member,
        },
        said=(f"Refreshed data: {answer.product_label}.",),
        shown=answer.dominant_by_member.assign(member=answer.dominant_by_member["member"].map(wb.names)),
    )


def supply_chain_caption(gl: pd.DataFrame, intermediate: pd.DataFrame, roles: Roles) -> str | None:
    """The supply-chain figure's caption for the panels that have data, saying which is not drawn and why; None when neither has."""
    if not len(gl) and not len(intermediate):
        return None
    if not len(gl):
        return language.text(
            "Intermediate goods in {partners} imports. Intra-industry trade is not drawn: the shipped data hold no "
            "bilateral product detail for this run's pairs (Appendix D lists what is held).",
            partners=roles.partners_s,
        )
    if not len(intermediate):
        return language.text(
            "Intra-industry trade (Grubel–Lloyd) where product data exist. Intermediate goods are not drawn: no "
            "stages-of-processing data for this run's years."
        )
    return language.text(
        "Intra-industry trade (Grubel–Lloyd) where product data exist; intermediate goods in {partners} imports.",
        partners=roles.partners_s,
    )


def findings(results: pd.DataFrame, gl: pd.DataFrame, *, names: dict[str, str], reporter_name: str) -> list[str]:
    """The notebook's findings as Markdown list items: each claim judged here, then the latest Grubel–Lloyd index of each pair and source."""
    lines = [f"- **{row.claim_id} {row.claim}** — {row.verdict}. {row.evidence}" for row in results.itertuples()]
    latest = gl.sort_values("year").groupby(["reporter", "source"]).tail(1)
    lines += [
        f"- Intra-industry trade {names.get(r.reporter, r.reporter)}–{reporter_name} ({r.source}, {r.year}, {r.products} products): Grubel–Lloyd {r.grubel_lloyd:.2f}."
        for r in latest.itertuples()
    ]
    return lines


def complementarity_index(wb: Workbook, benchmarks: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, str | None, Judged]:
    """The complementarity index of the reporter's and the benchmarks' exports with each member's imports (OEC sections,
    ``panels.tci``), the panels drawn (the reporter's index and the benchmarks' median), why there is none, and C05."""
    flows, reporter, members = wb.flows, wb.reporter, wb.members
    tci = tables.in_years(panels.tci(flows, [reporter, *benchmarks], members), wb.years)
    no_tci_note = None
    if reporter not in set(tci["exporter"]):
        oec = dataset.load_flows(["oec_sections"])
        no_tci_note = language.text(
            "No complementarity index for {reporter} with {partner} in {window}: the OEC section files cover "
            "{covered} in {years} only.",
            reporter=wb.reporter_name,
            partner=wb.partner_label,
            window=language.years(wb.year_start, wb.year_end),
            covered=language.listed([reference.name_of(r) for r in sorted(set(oec["reporter"]))]),
            years=language.years(int(oec["year"].min()), int(oec["year"].max())),
        )
    bench = tci[tci["exporter"].isin(benchmarks)].groupby(["importer", "year"])["tci"].median().reset_index()
    tci_panels = pd.concat(
        [
            tci[tci["exporter"] == reporter].assign(series=wb.reporter_name),
            bench.assign(series=language.text("median of {benchmarks}", benchmarks="/".join(benchmarks))),
        ]
    )
    backward = tables.in_years(panels.tci(flows, members, [reporter]), wb.years)  # members' exports, reporter's imports
    c05 = Judged(
        *claims.c05_complementarity_test(
            tci, backward, reporter, benchmarks, names=wb.names, about=language.text(SECTIONS_NOTE), product_level=False
        )
    )
    return tci, tci_panels, no_tci_note, c05


def supplier_ranks(wb: Workbook) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reporter's share of each member's imports by year (member-recorded), and its share and rank among each
    member's suppliers in the last year (rows named)."""
    suppliers = tables.in_years(panels.supplier_shares(wb.flows, wb.members), wb.years)
    mine = suppliers[suppliers["partner"] == wb.reporter]
    if not len(mine):
        return mine, pd.DataFrame()
    last = mine[mine["year"] == mine["year"].max()]
    return mine, last.set_index("importer")[["share_pct", "rank"]].rename(index=wb.names)


def malaysia_by_product(wb: Workbook) -> tuple[pd.DataFrame | None, str | None]:
    """The reporter's share of Malaysia's imports by SITC group (DOSM, the one member whose product data list every
    supplier) and in how many groups it supplies more than half; None where Malaysia is not a partner."""
    if "MYS" not in wb.members:
        return None, None
    by_group = panels.partner_share_by_product(
        wb.flows, "MYS", wb.reporter, "import", source=dosm.SOURCE, classification="SITC2"
    )
    mys = tables.in_years(by_group, wb.years)
    if not len(mys):
        return mys, None
    last_mys = int(mys["year"].max())
    latest = mys[mys["year"] == last_mys]
    return mys, language.text(
        "{member}, {year}: {reporter} supplied more than half of {member}'s imports in {dominated} of {groups} SITC "
        "2-digit groups it sells there.",
        member=reference.name_of("MYS"),
        year=last_mys,
        reporter=wb.reporter_name,
        dominated=int((latest["share_pct"] > 50).sum()),
        groups=len(latest),
    )


def grubel_lloyd_panels(flows: pd.DataFrame, reporter: str) -> pd.DataFrame:
    """Intra-industry trade with the reporter where bilateral product data are shipped: Malaysia (DOSM SITC2) and
    Singapore (HS2 from WITS and from UN Comtrade)."""
    return pd.concat(
        [
            panels.grubel_lloyd_by_year(flows, "MYS", reporter, source=dosm.SOURCE, classification="SITC2"),
            panels.grubel_lloyd_by_year(flows, "SGP", reporter, source="singapore_wits_hs2", classification="HS2"),
            panels.grubel_lloyd_by_year(flows, "SGP", reporter, source="singapore_comtrade_hs2", classification="HS2"),
        ],
        ignore_index=True,
    )


def c04_quality(
    flows: pd.DataFrame,
    upgrade: pd.DataFrame,
    members: list[str],
    first: int | None,
    last: int | None,
    names: dict[str, str],
) -> tuple[pd.DataFrame | None, Judged]:
    """C04 on its proxy: the change of each member's export unit value relative to the world's in HS 84/85/90 (BACI),
    counted for members whose exports in those chapters reach the ledger's floor; not testable with under two years."""
    if not len(upgrade) or first is None or last is None:
        return None, Judged(
            claims.Verdict.NOT_TESTABLE,
            "BACI HS2 holds fewer than two years in the chosen range.",
            {"members_quality_rising": 0, "members": len(upgrade), "quality_change_pct": None},
        )
    quality = panels.unit_value_change(baci_hs2.quantities(), members, UPGRADE_CHAPTERS, first, last)
    chapters = flows[
        (flows["source"] == baci_hs2.SOURCE)
        & (flows["year"] == last)
        & flows["reporter"].isin(members)
        & (flows["flow"] == "export")
    ]
    weights = chapters[chapters["product"].isin(UPGRADE_CHAPTERS)].groupby("reporter")["value_usd"].sum()
    shares = (100 * weights / chapters.groupby("reporter")["value_usd"].sum()).dropna()
    counted = quality[quality["member"].isin(shares[shares >= claims.floor("C04")].index)].dropna(subset=["change_pct"])
    rising = int((counted["change_pct"] >= claims.threshold("C04")).sum())
    return quality, Judged(
        claims.c04_upgrading(
            rising, len(counted), product_level=False, quantity_held=quality["change_pct"].notna().any()
        ),
        claims.c04_evidence(quality, shares, weights, first, last, names=names),
        {
            "members_quality_rising": rising,
            "members_counted": len(counted),
            "members": len(upgrade),
            "quality_change_pct": counted.set_index("member")["change_pct"].round(2).to_dict(),
        },
    )


def refreshed_products(
    wb: Workbook, benchmarks: list[str], ranks: pd.DataFrame, c02: Judged, change: str, c02_sentence: str
) -> tuple:
    """From refreshed product data (``make refresh``): the source and level, its label, complementarity, intra-industry
    trade and the products each member imports mostly from the reporter, and C05 and C02 judged again at that level."""
    in_years = tables.in_years(wb.flows, wb.years)
    reporter, members, names = wb.reporter, wb.members, wb.names
    source, level = products.refreshed_source(in_years, reporter, members)
    if not (source and level):
        return source, level, "", pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), None, None
    by_member = products.bilateral(in_years, source, level, reporter, members)
    tci_members = products.complementarity(in_years, source, level, reporter, members, benchmarks)
    gl_members = products.intra_industry(by_member, level)
    dominant_by_member = products.dominant_products(products.import_share(in_years, source, level, reporter, members))
    label = f"{external.describe().get(source, source)}, {level}"
    c05_refreshed = c02_refreshed = None
    if set(benchmarks) & set(tci_members["exporter"]):  # the yardstick at the same product level
        backward = products.complementarity(in_years, source, level, reporter, members, benchmarks, reverse=True)
        c05_refreshed = Judged(
            *claims.c05_complementarity_test(
                tci_members, backward, reporter, benchmarks, names=names, about=label, product_level=True
            )
        )
    if len(dominant_by_member):
        dependent, by_product = claims.c02_dependence(dominant_by_member, names=names, about=label)
        counted = max(len(ranks), len(dominant_by_member))
        c02_refreshed = Judged(
            claims.c02_hard_to_substitute(c02.values["largest_supplier_of"], counted, change, dependent),
            c02_sentence + by_product,
            {**c02.values, "members": counted, "dependent_members": dependent},
        )
    return source, level, label, tci_members, gl_members, dominant_by_member, c05_refreshed, c02_refreshed


def answer(wb: Workbook, benchmarks: list[str]) -> Complementarity:
    """Notebook 03's tables, figures' data and C02, C04, C05 (again at the refreshed product level where held)."""
    for code in benchmarks:
        params.check_reporter(code)
    flows, reporter, members, names, years = wb.flows, wb.reporter, wb.members, wb.names, wb.years
    tci, tci_panels, no_tci_note, c05 = complementarity_index(wb, benchmarks)
    has_tci = no_tci_note is None
    rca = tables.in_years(panels.rca_by_year(flows), years)
    overlap, latest_rca, _ = rca_overlap(rca, reporter, members, names)
    mine, ranks = supplier_ranks(wb)
    chapter_share, last_baci = share_of_world_exports(flows, reporter, years)
    dominant_world = (
        chapter_share[chapter_share["share_of_world_exports_pct"] > 50] if len(chapter_share) else pd.DataFrame()
    )
    dominant = len(dominant_world)  # HS chapters where the reporter supplies more than half of world exports
    mys, mys_note = malaysia_by_product(wb)
    c02, change, c02_sentence = c02_on_aggregates(
        mine, ranks, dominant, last_baci if len(chapter_share) else None, wb.reporter_name
    )
    gl = grubel_lloyd_panels(flows, reporter)
    stages = series.export_structure(flows, "wits_summary", members, "stage", flow="import")
    upgrade, first_u, last_u = upgrading(flows, rca, members, years, names)
    quality, c04 = c04_quality(flows, upgrade, members, first_u, last_u, names)
    refreshed = refreshed_products(wb, benchmarks, ranks, c02, change, c02_sentence)
    source, level, label, tci_members, gl_members, dominant_by_member, c05_refreshed, c02_refreshed = refreshed
    gl_run = gl[gl["partner"].isin([reporter]) & gl["reporter"].isin(members)]
    intermediate = tables.in_years(stages[stages["product"] == "Intermediate goods"], years)
    return Complementarity(
        tci=tci,
        tci_latest=tci_latest(tci, reporter, benchmarks, names) if has_tci else pd.DataFrame(),
        tci_panels=tci_panels,
        no_tci_note=no_tci_note,
        c05=c05,
        yardstick=", ".join(map(reference.name_of, benchmarks)),
        rca=rca,
        overlap=overlap,
        latest_rca=latest_rca,
        rsca=rsca_grid(flows, rca, [reporter, *members], latest_rca) if latest_rca else pd.DataFrame(),
        similarity=tables.in_years(panels.similarity(flows, reporter, members), years),
        suppliers=mine,
        ranks=ranks,
        chapter_share=chapter_share,
        last_baci=last_baci,
        mys_by_product=mys,
        mys_note=mys_note,
        c02_aggregate=c02,
        gl=gl_run,
        intermediate=intermediate,
        intermediate_cny_note=intermediate_cny_note(reporter),
        upgrading=upgrade,
        upgrade_years=(first_u, last_u) if first_u is not None and last_u is not None else None,
        quality=quality,
        c04=c04,
        product_source=source,
        product_level=level,
        product_label=label,
        tci_by_member=tci_members,
        gl_by_member=gl_members,
        dominant_by_member=dominant_by_member,
        c05_refreshed=c05_refreshed,
        c02_refreshed=c02_refreshed,
        dominant_world=dominant_world,
        dominant_sentence=(
            language.text(
                "In {year} {reporter} supplied more than half of world exports in {chapters} HS chapters:",
                year=last_baci,
                reporter=wb.reporter_name,
                chapters=len(dominant_world),
            )
            if last_baci
            else None
        ),
        no_refresh_note=language.text(
            "No refreshed product data between {reporter} and {partner} (`make refresh`): the sections above use the "
            "shipped snapshot (OEC sections, BACI world exports, Malaysia and Singapore).",
            reporter=wb.reporter_name,
            partner=wb.partner_label,
        ),
    )
