"""Notebook 05's question: is trade in AI-related goods growing faster than trade as a whole?

The basket (``data/reference/ai_goods_basket.csv``) names HS6/HS4 codes; the shipped bilateral
product data hold only whole chapters or groups (Malaysia's SITC 2-digit, Singapore's HS 2-digit),
an upper bound that cannot tell AI goods from the rest of those chapters, so C08 is inconclusive
on them; refreshed HS6 data (``make refresh``) decide. Services (data, models) are not goods and
are not measured. Context: world exports of HS 84 and 85 (CEPII BACI), and China's customs
figures for AI-related commodities as published.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradebook import indicators, language, reference, shared_tables
from tradebook.context import Workbook
from tradebook.flows import basket, products
from tradebook.publish import figures
from tradebook.publish.section import Section
from tradebook.sources import baci_hs2, curated
from tradebook.themes import claims

# the customs commodity lines of AI-related goods (computing, chips, robots, 3D printing), as GACC names them
AI_COMMODITIES = "integrated circuits|automatic data processing|robots|notebook computers|3D printers"


@dataclass(frozen=True)
class AiGoods:
    """What notebook 05 shows and saves."""

    goods: pd.DataFrame  # the basket
    bilateral: (
        pd.DataFrame
    )  # 05_basket_bilateral: the basket's share of shipped bilateral product trade, by member and year
    growth: pd.DataFrame  # 05_basket_growth: basket vs total CAGR per bilateral series
    product_source: str | None  # refreshed product data ("comtrade", "baci") or None
    product_level: str | None
    basket_by_member: pd.DataFrame  # 05_basket_by_member (empty without refreshed product data)
    world_exports: pd.DataFrame  # 05_hs84_85_world_exports: reporter × year, USD
    chapters: list[str]  # the HS chapters indexed (84, 85 where the basket has them)
    commodities: pd.DataFrame  # 05_china_ai_commodities: GACC's AI-related commodity lines, as published
    verdict: str
    evidence: str
    values: dict
    faster: int
    series: int
    no_bilateral_note: str  # said when no bilateral product data are shipped for the pair
    no_refresh_note: str  # said without refreshed product data


def world_exports(flows: pd.DataFrame, chapters: list[str], economies: list[str], years: range) -> pd.DataFrame:
    """Exports to the World of ``chapters`` summed by economy (rows) and year (columns), USD (CEPII BACI HS2)."""
    rows = flows[
        (flows["source"] == baci_hs2.SOURCE) & flows["product"].isin(chapters) & flows["reporter"].isin(economies)
    ]
    return (
        rows[rows["year"].between(years.start, years.stop - 1)]
        .groupby(["reporter", "year"])["value_usd"]
        .sum()
        .unstack("year")
    )


def indexed(by_year: pd.DataFrame) -> pd.DataFrame:
    """Each economy's series indexed to its first year (= 100), long: reporter, year, index, name."""
    first = by_year.columns.min()
    long = (by_year.div(by_year[first], axis=0) * 100).stack().rename("index").reset_index()
    return long.assign(name=long["reporter"].map(reference.name_of))


def first_and_last(by_year: pd.DataFrame) -> pd.DataFrame:
    """Each economy's first- and last-year value (USD bn) and the compound annual growth between them (%, ``indicators.cagr``)."""
    first, last = by_year.columns.min(), by_year.columns.max()
    summary = pd.DataFrame(
        {
            f"{first}, USD bn": by_year[first] / 1e9,
            f"{last}, USD bn": by_year[last] / 1e9,
            "CAGR, %": [indicators.cagr(by_year.loc[r], first, last) for r in by_year.index],
        }
    )
    return summary.rename(index=reference.name_of).sort_values("CAGR, %", ascending=False)


def ai_commodities(commodities: pd.DataFrame) -> pd.DataFrame:
    """The customs commodity lines of AI-related goods (``AI_COMMODITIES``)."""
    return commodities[commodities["commodity"].str.contains(AI_COMMODITIES, case=False)]


def basket_section(wb: Workbook, answer: AiGoods, basket_file: str) -> Section:
    """The basket's share of bilateral trade where product data are shipped (an upper bound at HS2/SITC2), drawn, and its
    growth against total trade, shown; without shipped bilateral product data, the sentence saying so."""
    tables = {shared_tables.BASKET_BILATERAL: answer.bilateral, shared_tables.BASKET_GROWTH: answer.growth}
    if not len(answer.bilateral):
        return Section("05_basket_share", tables=tables, said=(answer.no_bilateral_note,), shown=answer.growth)
    return Section(
        "05_basket_share",
        tables=tables,
        figure=figures.basket_share(
            answer.bilateral, names=wb.names, reporter_name=wb.reporter_name, basket_file=basket_file
        ),
        caption=language.text("AI-related goods (upper bound at HS2/SITC2) in bilateral trade."),
        briefing="themes",
        shown=answer.growth,
    )


def refreshed_section(wb: Workbook, answer: AiGoods) -> Section:
    """The basket's share of every member's trade from refreshed product data (``make refresh``), or why there is none."""
    if not answer.product_source:
        return Section("05_basket_by_member", said=(answer.no_refresh_note,))
    shares = answer.basket_by_member.assign(partner=answer.basket_by_member["partner"].map(wb.names))
    return Section(
        "05_basket_by_member",
        tables={shared_tables.BASKET_BY_MEMBER: answer.basket_by_member},
        shown=shares.pivot(index="partner", columns="year", values="basket_share_pct").round(1),
    )


def world_exports_section(wb: Workbook, answer: AiGoods) -> Section:
    """World exports of HS 84 and 85 by the reporter and the members, indexed to the first year held (drawn), with each
    economy's first and last value and growth (shown); fewer than two years: nothing to index, said."""
    by_year = answer.world_exports
    tables = {shared_tables.HS84_85_WORLD_EXPORTS: by_year.reset_index()}
    chapters = "+".join(answer.chapters)
    if by_year.shape[1] < 2:
        return Section(
            "05_hs84_85_index",
            tables=tables,
            said=(language.text("HS {chapters}: fewer than two years held, nothing to index.", chapters=chapters),),
        )
    figure = figures.chapter_index(
        indexed(by_year), reporter_name=wb.reporter_name, chapters=answer.chapters, base_year=by_year.columns.min()
    )
    return Section(
        "05_hs84_85_index",
        tables=tables,
        figure=figure,
        caption=language.text(
            "World exports of HS {chapters}, indexed to the first year.",
            chapters=language.text(" and ").join(answer.chapters),
        ),
        briefing="themes",
        shown=first_and_last(by_year),
    )


COMMODITY_COLUMNS = ["period", "flow", "commodity", "value", "value_unit", "value_yoy_pct", "quantity", "quantity_unit"]


def commodities_section(answer: AiGoods) -> Section:
    """China's customs figures for AI-related commodities as published: each row in its own unit and period."""
    return Section(
        "05_china_ai_commodities",
        tables={shared_tables.CHINA_AI_COMMODITIES: answer.commodities},
        shown=answer.commodities[[*COMMODITY_COLUMNS, "source_agency_cited"]],
    )


def answer(wb: Workbook, basket_file: str) -> AiGoods:
    """Notebook 05's tables, figures' data and C08 (on refreshed HS6 data where held, else the shipped chapters)."""
    goods = basket.load(basket_file)
    in_years = wb.flows[wb.flows["year"].between(wb.year_start, wb.year_end)]
    bilateral = basket.bilateral_series(wb.flows, goods, wb.reporter, wb.members, wb.years)
    growth = basket.growth(bilateral, wb.names)
    source, level = products.refreshed_source(in_years, wb.reporter, wb.members)
    by_member = (
        products.basket_share(products.bilateral(in_years, source, level, wb.reporter, wb.members), level, goods)
        if source and level
        else pd.DataFrame()
    )
    judged = basket.growth(products.basket_series(by_member, source), wb.names) if source and len(by_member) else growth
    held = (
        products.describe(source, level)
        if source and level and len(by_member)
        else language.text("shipped bilateral product data")
    )
    commodities = ai_commodities(curated.load_table("china_key_commodities_news.csv"))
    threshold = claims.threshold("C08")
    gaps = judged["basket_cagr_pct"] - judged["total_cagr_pct"] if len(judged) else pd.Series(dtype=float)
    faster = int((gaps >= threshold).sum())
    levels = set(judged["level_used"]) if len(judged) else set()
    verdict = claims.c08_ai_goods(faster, len(judged), levels) if len(judged) else claims.Verdict.NOT_TESTABLE
    chapters = sorted(basket.codes_for(goods, "HS2") & {"84", "85"})
    return AiGoods(
        goods=goods,
        bilateral=bilateral,
        growth=growth,
        product_source=source,
        product_level=level,
        basket_by_member=by_member,
        world_exports=world_exports(wb.flows, chapters, [wb.reporter, *wb.members], wb.years),
        chapters=chapters,
        commodities=commodities,
        verdict=verdict,
        evidence=claims.c08_evidence(
            judged,
            faster,
            threshold,
            held,
            commodities,
            pair=language.text("{reporter} and {partner}", reporter=wb.reporter_name, partner=wb.partner_label),
            basis=basket.references_note(basket.references()),
        ),
        values={"faster": faster, "series": len(judged), "levels": sorted(levels), "growth_gaps_pct": gaps.tolist()},
        faster=faster,
        series=len(judged),
        no_bilateral_note=language.text(
            "No bilateral product data between {reporter} and {partner} are shipped; load UN Comtrade HS6 data to "
            "apply the basket exactly.",
            reporter=wb.reporter_name,
            partner=wb.partner_label,
        ),
        no_refresh_note=language.text(
            "No refreshed product data between {reporter} and {partner} (`make refresh`): the basket is applied to "
            "the shipped snapshot only.",
            reporter=wb.reporter_name,
            partner=wb.partner_label,
        ),
    )
