"""Notebook 04's question: can "SMEs are roughly 90% of bilateral participants" be tested, and what is the closest evidence?

No public source counts the firms in China–ASEAN trade by size (the claim needs customs firm
records by enterprise size), so the verdict is "not testable" and the answer gathers the closest
published evidence: private enterprises' share of China's trade (GACC tables (6) and (7) by
type of enterprise), the number of private trading firms, cross-border e-commerce, ASEAN's
MSME indicators (ASEAN Secretariat, ESCAP) and the extensive margin (WITS counts of export
partners and HS6 products).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradebook import indicators, language, reference, shared_tables
from tradebook.context import Workbook
from tradebook.flows import series
from tradebook.publish import figures
from tradebook.publish.section import Section
from tradebook.sources import curated, dosm, wits
from tradebook.themes import claims

# WITS indicator → how the figure names it
MARGIN_INDICATORS = {  # WITS's indicator → the measure's name (a message: the figure shows it in the edition's words)
    "No. Of Export partners": language.marked("export partners"),
    "No. Of Export products": language.marked("export products (HS6)"),
}


@dataclass(frozen=True)
class Smes:
    """What notebook 04 shows and saves."""

    private: pd.DataFrame  # 04_private_enterprise_share: shares by flow and period, chronological
    firms: pd.DataFrame  # 04_private_trading_firms, as published
    cbec: pd.DataFrame  # 04_cross_border_ecommerce, as published
    cbec_annual: pd.Series  # CNY trillion by year, the years published
    msme: pd.DataFrame  # 04_asean_msme, ranges as published
    margin: pd.DataFrame  # 04_extensive_margin_wits: reporter, year, value, measure
    margin_missing: list[str]  # the run's economies with no WITS file
    guangxi: pd.DataFrame  # Guangxi's figures as published (the province bordering Viet Nam)
    cbec_sentence: str | None  # growth between the first and last published years; None with fewer than two
    mys_groups: (
        pd.DataFrame | None
    )  # SITC 2-digit groups Malaysia trades with the reporter, by flow and year (DOSM); None if Malaysia is not a partner
    mys_sentence: str | None
    verdict: str
    evidence: str
    values: dict
    closest_sentence: str  # the latest private share of exports and count of private trading firms


def private_enterprise_shares(by_type: pd.DataFrame) -> pd.DataFrame:
    """Private, foreign-invested and state-owned enterprises' shares (%) of the TOTAL row of each GACC table, chronological.

    share = part / total × 100 (``indicators.share``); "2024 full year" sorts after "2024-01..11"
    (the curated table names periods both ways).
    """
    numbers = by_type[["total", "soe", "fie", "poe"]].astype(float)
    shares = pd.DataFrame(
        {
            "flow": by_type["flow"],
            "period": by_type["period"],
            "private_share_pct": indicators.share(numbers["poe"], numbers["total"]),
            "foreign_invested_share_pct": indicators.share(numbers["fie"], numbers["total"]),
            "state_owned_share_pct": indicators.share(numbers["soe"], numbers["total"]),
            "source_url": by_type["source_url"],
        }
    )
    order = shares["period"].str.replace(r" full year.*", "-01..12", regex=True)
    return shares.assign(order=order).sort_values(["flow", "order"]).drop(columns="order").reset_index(drop=True)


def annual_values(table: pd.DataFrame, unit: str) -> pd.Series:
    """The rows of a published indicator given for a whole year (period "2023") in ``unit``, as a series by year."""
    annual = table[table["period"].str.fullmatch(r"\d{4}") & (table["unit"] == unit)]
    return pd.Series(
        annual["value"].astype(float).to_numpy(), index=annual["period"].astype(int), name="value"
    ).sort_index()


def extensive_margin(published: dict[str, pd.DataFrame], economies: list[str], years: range) -> pd.DataFrame:
    """WITS's published counts (``measure`` → reporter, year, value) for ``economies`` in ``years``, one table."""
    frames = [
        table[table["reporter"].isin(economies) & table["year"].between(years.start, years.stop - 1)].assign(
            measure=measure
        )
        for measure, table in published.items()
    ]
    return pd.concat(frames, ignore_index=True)


def groups_traded(flows: pd.DataFrame, source: str, reporter: str) -> pd.DataFrame:
    """Number of product groups with a positive value in ``source``'s bilateral records with ``reporter``, by year (columns: flows)."""
    rows = flows[(flows["source"] == source) & (flows["partner"] == reporter) & (flows["value_usd"] > 0)]
    return rows.groupby(["flow", "year"])["product"].nunique().unstack("flow")


def cbec_growth(annual: pd.Series) -> str | None:
    """The compound annual growth of cross-border e-commerce between the first and last published years (``indicators.cagr``)."""
    if len(annual) < 2:
        return None
    first, last = int(annual.index.min()), int(annual.index.max())
    return f"China's cross-border e-commerce trade grew {indicators.cagr(annual, first, last):+.1f}% a year between {first} and {last} (CNY, as published)."


def private_section(answer: Smes) -> Section:
    """Private enterprises' share of China's exports and imports (GACC tables by type of enterprise), drawn."""
    return Section(
        "04_private_share",
        tables={shared_tables.PRIVATE_ENTERPRISE_SHARE: answer.private},
        figure=figures.private_share(answer.private),
        caption=language.text("Private enterprises' share of China's exports and imports."),
        briefing="themes",
    )


def firms_section(answer: Smes) -> Section:
    """The number of private enterprises with foreign trade, as published."""
    return Section(
        "04_private_trading_firms",
        tables={shared_tables.PRIVATE_TRADING_FIRMS: answer.firms},
        said=("Number of private enterprises with foreign trade (as published):",),
        shown=answer.firms,
    )


def ecommerce_section(answer: Smes) -> Section:
    """Cross-border e-commerce in yuan as published, drawn with its growth where two years or more are published (the
    notebook's figure, not the briefing's), and Guangxi's figures beside it."""
    tables = {shared_tables.CROSS_BORDER_ECOMMERCE: answer.cbec}
    if not answer.cbec_sentence:
        return Section("04_cbec", tables=tables, shown=answer.guangxi)
    figure = figures.cross_border_ecommerce(answer.cbec_annual)
    return Section("04_cbec", tables=tables, figure=figure, said=(answer.cbec_sentence,), shown=answer.guangxi)


MSME_COLUMNS = ["indicator", "scope", "value_low", "value_high", "value_point", "unit", "source_agency"]


def msme_section(answer: Smes) -> Section:
    """MSMEs in ASEAN economies: ranges across member states, as published."""
    return Section("04_asean_msme", tables={shared_tables.ASEAN_MSME: answer.msme}, shown=answer.msme[MSME_COLUMNS])


def margin_section(wb: Workbook, answer: Smes) -> Section:
    """The extensive margin: export partners and HS6 products (WITS counts), drawn; the SITC groups Malaysia sells to the
    reporter (DOSM), said, where Malaysia is a partner."""
    groups = {} if answer.mys_groups is None else {shared_tables.MYS_GROUPS_TRADED: answer.mys_groups.reset_index()}
    tables = {shared_tables.EXTENSIVE_MARGIN: answer.margin, **groups}
    return Section(
        "04_extensive_margin",
        tables=tables,
        figure=figures.extensive_margin(answer.margin, reporter_name=wb.reporter_name, missing=answer.margin_missing),
        caption=language.text("Number of export partners and HS6 products."),
        briefing="themes",
        said=(answer.mys_sentence,) if answer.mys_sentence else (),
    )


def fta_chapters() -> pd.DataFrame:
    """The chapters the ACFTA 3.0 upgrade protocol adds (``data/reference/acfta_3_0_chapters.csv``, each row with its source)."""
    return reference.read_table(
        "acfta_3_0_chapters.csv", ["item", "topic", "source_url"], dtype=str, keep_default_na=False
    )


def answer(wb: Workbook) -> Smes:
    """Notebook 04's tables, figure data and C06 (not testable, with the closest evidence)."""
    private = private_enterprise_shares(curated.load_table("gacc_trade_by_enterprise_type.csv"))
    published = curated.load_table("china_private_enterprise_and_cbec_indicators.csv")
    firms = published[published["indicator"] == "number_of_private_enterprises_with_trade"][
        ["period", "value", "unit", "yoy_pct", "notes", "source_url"]
    ]
    cbec = published[published["indicator"] == "cross_border_ecommerce_trade"]
    msme = curated.load_table("asean_msme_indicators.csv")
    margin = extensive_margin(
        {label: wits.load_published(name) for name, label in MARGIN_INDICATORS.items()},
        [wb.reporter, *wb.members],
        wb.years,
    )
    latest = private[private["flow"] == "exports"].iloc[-1]
    cbec_annual = annual_values(cbec, "CNY trillion")
    mys_groups = groups_traded(wb.flows, dosm.SOURCE, wb.reporter) if "MYS" in wb.members else None
    mys_sentence = None
    if mys_groups is not None and len(mys_groups):
        mys_sentence = (
            f"Malaysia traded {mys_groups['export'].iloc[0]} SITC 2-digit groups with {wb.reporter_name} as exports in {mys_groups.index[0]} "
            f"and {mys_groups['export'].iloc[-1]} in {mys_groups.index[-1]} ({series.SOURCE_LABELS[dosm.SOURCE]})."
        )
    return Smes(
        private=private,
        firms=firms,
        cbec=cbec,
        cbec_annual=cbec_annual,
        msme=msme,
        margin=margin,
        margin_missing=sorted(set([wb.reporter, *wb.members]) - set(margin["reporter"])),
        guangxi=published[published["indicator"].str.startswith("guangxi")][
            ["indicator", "period", "value", "unit", "notes", "source_url"]
        ],
        cbec_sentence=cbec_growth(cbec_annual),
        mys_groups=mys_groups,
        mys_sentence=mys_sentence,
        closest_sentence=(
            f"private enterprises' share of China's exports: {latest.private_share_pct:.1f}% ({latest.period.split(' (')[0]}); "
            f"private trading firms: {int(float(firms.iloc[-1].value)):,} ({firms.iloc[-1].period})"
        ),
        verdict=claims.c06_smes(),
        evidence=claims.c06_evidence(latest, firms.iloc[-1], msme),
        values={"private_export_share_pct": float(latest["private_share_pct"])},
    )
