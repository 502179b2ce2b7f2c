"""The registry of declared tables: those a later stage reads back (the briefing, ``themes.findings``) and those the Excel annex shows.

Each table is declared once here, with the notebook that writes it, what it holds and, for the
annex, its sheet, units and sources. Writers name it (``wb.save(frame, "02_headline")``);
readers name the declaration (``page.table(shared_tables.HEADLINE)``), never a typed string,
and the annex takes every declaration with a sheet, in the order declared here. A table renamed
in its notebook fails a test (``tests/test_notebooks.py`` checks each declaration against the
notebook's ``wb.save`` calls), not a reader.
"""

from __future__ import annotations

from dataclasses import dataclass

from tradebook.errors import TradebookError
from tradebook.language import marked


@dataclass(frozen=True)
class Table:
    """A table written by ``notebook`` (file stem) under ``tables/<name>.csv``.

    ``sheet`` (at most 31 characters, Excel's limit) puts it in the annex, described by
    ``about``, ``units`` and ``sources``; ``sources_column`` names a column giving each row's
    source, which the annex lists after ``sources``.
    """

    name: str
    notebook: str
    about: str
    sheet: str | None = None
    units: str = ""
    sources: str = ""
    sources_column: str | None = None

    def __post_init__(self) -> None:
        if self.sheet is not None and len(self.sheet) > 31:
            raise TradebookError(
                f"table {self.name!r}: annex sheet {self.sheet!r} is longer than Excel's 31 characters: shorten it"
            )


DATA_VINTAGE = Table(
    "01_data_vintage", "01_load_data", marked("Data vintage: years each source holds for this run's economies and the last year used"),
    sheet="vintage", units=marked("years"), sources="data/raw/MANIFEST.csv; curated official figures",
)  # fmt: skip
CNY_PER_USD = Table(
    "01_cny_per_usd", "01_load_data", marked("Yuan per US dollar implied by the GACC 2024 table (and the full-year check)"),
    sheet="cny_rate", units=marked("CNY per USD"), sources="GACC table (2) 2024; UN Comtrade",
)  # fmt: skip
COVERAGE_GAPS = Table("01_coverage_gaps", "01_load_data", marked("the years and months each source misses, by pair"))
IMF_ESTIMATES = Table(
    "01_imf_estimates", "01_load_data", marked("the pair-years the IMF estimated rather than a reporter recorded")
)
OFFICIAL_CHECK = Table(
    "01_official_check", "01_load_data", marked("China-recorded totals against the published China–ASEAN totals")
)
MIRROR_TOTALS = Table(
    "01_mirror_totals", "01_load_data", marked("Each partner's record of its trade with the reporter against the reporter's record (the mirror gap)"),
    sheet="mirror", units=marked("USD; percent"), sources="IMF DOTS; UN Comtrade; GACC 2024", sources_column="sources",
)  # fmt: skip
HEADLINE = Table(
    "02_headline", "02_trade_structure", marked("Total trade by year and series (reporter-recorded, partner-recorded, official)"),
    sheet="totals", units=marked("USD (current)"), sources="IMF DOTS; GACC/MOFCOM as reported (source column: URL per official figure)",
)  # fmt: skip
GROWTH = Table(
    "02_growth", "02_trade_structure", marked("Annual total of complete years and its growth"),
    sheet="growth", units=marked("USD; percent"), sources="IMF DOTS",
)  # fmt: skip
CAGR_PERIODS = Table(
    "02_cagr_periods", "02_trade_structure", marked("Compound annual growth by policy period"),
    sheet="periods", units=marked("percent a year"), sources="IMF DOTS; official series",
)  # fmt: skip
MONTHLY = Table(
    "02_monthly", "02_trade_structure", marked("Monthly total trade, its year-on-year change and its 12-month rolling total"),
    sheet="monthly", units=marked("USD; percent"), sources="IMF DOTS monthly; GACC 2024 monthly (China-recorded)",
)  # fmt: skip
CONTEXT = Table(
    "02_context", "02_trade_structure", marked("The context the figures need: prices, the yuan rate, trade through Hong Kong"),
    sheet="context", units=marked("sentences"), sources_column="source",
)  # fmt: skip
BALANCE = Table(
    "02_balance", "02_trade_structure", marked("Exports, imports, balance and normalised balance with each member"),
    sheet="balance", units=marked("USD; ratio −1…1"), sources="IMF DOTS (reporter-recorded)",
)  # fmt: skip
BALANCE_GROUP = Table(
    "02_balance_group", "02_trade_structure", marked("the reporter's exports, imports and balance with the group")
)
MEMBER_SHARES = Table(
    "02_member_shares", "02_trade_structure", marked("Each member's share of the reporter's trade with the group"),
    sheet="members", units=marked("percent"), sources="IMF DOTS",
)  # fmt: skip
PARTNER_VS_USA_SHARE = Table(
    "02_partner_vs_usa_share", "02_trade_structure", marked("Reporter's and US shares in each member's trade"),
    sheet="partner_vs_usa", units=marked("percent"), sources="IMF DOTS (member-recorded)",
)  # fmt: skip
EXPORT_SECTIONS_BACI = Table(
    "02_export_sections_baci", "02_trade_structure", marked("Export structure by HS section, exports to the World"),
    sheet="products", units=marked("USD; percent"), sources="CEPII BACI HS92",
)  # fmt: skip
WITS_GROUPS = Table("02_wits_groups", "02_trade_structure", marked("trade by WITS product group and stage"))
WITS_STAGES = Table("02_wits_stages", "02_trade_structure", marked("trade by WITS stage of processing"))
TOP_PRODUCTS_BY_MEMBER = Table(
    "02_top_products_by_member", "02_trade_structure", marked("each member's top products from the reporter")
)
TOP_IMPORT_BY_MEMBER = Table(
    "02_top_import_by_member", "02_trade_structure", marked("Each member's largest import from the reporter, latest year"),
    sheet="member_top_imports", units=marked("USD; percent"), sources="refreshed product data (UN Comtrade or CEPII BACI, fetched by the workbook's refresh; the data vintage names the release)",
)  # fmt: skip
IMPORT_SHARE_BY_PRODUCT = Table(
    "02_import_share_by_product", "02_trade_structure", marked("The reporter's share of each member's imports by product, latest year held"),
    sheet="import_share_by_product", units=marked("USD; percent"), sources="refreshed product data (UN Comtrade or CEPII BACI; the data vintage names the release)",
)  # fmt: skip
INTENSITY = Table(
    "02_intensity", "02_trade_structure", marked("Trade intensity index, both directions"),
    sheet="intensity", units=marked("index (1 = neutral); USD inputs"), sources="IMF DOTS; WDI",
)  # fmt: skip
NOWCAST = Table(
    "02_nowcast", "02_trade_structure", marked("Full-year projections from each published year-to-date figure, with intervals"),
    sheet="nowcast", units=marked("USD or CNY (column currency)"), sources="curated GACC/MOFCOM year-to-date figures; IMF DOTS and GACC 2024 monthly",
)  # fmt: skip
GACC_LATEST = Table(
    "02_gacc_latest", "02_trade_structure", marked("China's latest monthly release by country as GACC published it: the year to date and its change on a year earlier"),
    sheet="gacc_latest", units=marked("CNY (whole yuan); percent"), sources="GACC release (4) China's Total Export & Import Values by Country/Region", sources_column="page",
)  # fmt: skip
AFTER_TRILLION = Table(
    "02_after_trillion",
    "02_trade_structure",
    marked("What GACC's latest release by country shows, and leaves out, in sentences"),
)
NOWCAST_NOTE = Table(
    "02_nowcast_note",
    "02_trade_structure",
    marked("The projection's backtests (each year left out; in real time) and its yuan-rate range, in one sentence"),
)
NOWCAST_BACKTEST = Table(
    "02_nowcast_backtest", "02_trade_structure", marked("Backtest: each past year projected from its own January-to-month total"),
    sheet="nowcast_backtest", units=marked("currency of the series; percent"), sources="IMF DOTS (USD); GACC 2024 (CNY)",
)  # fmt: skip
TCI = Table(
    "03_tci", "03_complementarity", marked("Trade complementarity index by exporter, importer and year"),
    sheet="tci", units=marked("index 0–100"), sources="OEC HS sections",
)  # fmt: skip
TCI_LATEST = Table(
    "03_tci_latest", "03_complementarity", marked("the last year's index by member beside the benchmarks' median")
)
RCA_BACI_HS2 = Table(
    "03_rca_baci_hs2", "03_complementarity", marked("Balassa RCA by HS chapter, the reporter and the members (BACI)")
)
RCA_OVERLAP = Table(
    "03_rca_overlap",
    "03_complementarity",
    marked("HS chapters by specialisation: where both compete, where they complement"),
)
EXPORT_SIMILARITY = Table(
    "03_export_similarity", "03_complementarity", marked("Finger–Kreinin export similarity by member and year")
)
SHARE_OF_WORLD_EXPORTS = Table(
    "03_share_of_world_exports", "03_complementarity", marked("the reporter's share of world exports by HS chapter")
)
MYS_IMPORTS_BY_SITC2 = Table(
    "03_mys_imports_share_by_sitc2",
    "03_complementarity",
    marked("the reporter's share of Malaysia's imports by SITC group"),
)
TCI_BY_MEMBER = Table(
    "03_tci_by_member", "03_complementarity", marked("complementarity at the refreshed product level, by member")
)
GRUBEL_LLOYD_BY_MEMBER = Table(
    "03_grubel_lloyd_by_member",
    "03_complementarity",
    marked("Grubel–Lloyd index at the refreshed product level, by member"),
)
SUPPLIER_SHARE = Table(
    "03_supplier_share", "03_complementarity", marked("Reporter's share and rank among each member's import sources"),
    sheet="supplier_share", units=marked("percent; rank"), sources="IMF DOTS (member-recorded)",
)  # fmt: skip
GRUBEL_LLOYD = Table(
    "03_grubel_lloyd", "03_complementarity", marked("Intra-industry trade (Grubel–Lloyd index) where bilateral product data exist"),
    sheet="grubel_lloyd", units=marked("index 0–1; count of products"), sources="DOSM Malaysia SITC2; Singapore HS2 (WITS, UN Comtrade); refreshed product data",
)  # fmt: skip
INTERMEDIATE_IMPORT_SHARE = Table(
    "03_intermediate_import_share", "03_complementarity", marked("Intermediate goods' share of each member's imports from the world"),
    sheet="intermediate_imports", units=marked("USD; percent"), sources="WITS trade summary (by stage of processing)",
)  # fmt: skip
UPGRADING = Table(
    "03_upgrading", "03_complementarity", marked("Members' export share of HS 84, 85, 90 and mean RCA, first vs last year"),
    sheet="upgrading", units=marked("percent; RCA"), sources="CEPII BACI HS92",
)  # fmt: skip
UNIT_VALUES = Table(
    "03_unit_values", "03_complementarity", marked("Export unit value of HS 84/85/90 relative to the world's, first and last year"),
    sheet="unit_values", units=marked("ratio (1 = the world's USD per tonne); percent"), sources="CEPII BACI HS92 (value and tonnes)",
)  # fmt: skip
DOMINANT_PRODUCTS_BY_MEMBER = Table(
    "03_dominant_products_by_member",
    "03_complementarity",
    marked("products each member imports mostly from the reporter"),
)
PRIVATE_ENTERPRISE_SHARE = Table(
    "04_private_enterprise_share", "04_smes", marked("Private, foreign-invested and state-owned enterprises' shares of China's exports and imports"),
    sheet="enterprise_shares", units=marked("percent"), sources="GACC releases (a page per row)", sources_column="source_url",
)  # fmt: skip
PRIVATE_TRADING_FIRMS = Table(
    "04_private_trading_firms", "04_smes", marked("the number of private enterprises with foreign trade, as published")
)
CROSS_BORDER_ECOMMERCE = Table(
    "04_cross_border_ecommerce", "04_smes", marked("China's cross-border e-commerce, as published (yuan)")
)
ASEAN_MSME = Table("04_asean_msme", "04_smes", marked("MSME indicators of ASEAN member states, ranges as published"))
MYS_GROUPS_TRADED = Table(
    "04_mys_sitc2_groups_traded", "04_smes", marked("SITC 2-digit groups Malaysia trades with the reporter (DOSM)")
)
EXTENSIVE_MARGIN = Table(
    "04_extensive_margin_wits", "04_smes", marked("Number of export partners and of HS6 products exported, by reporter and year"),
    sheet="extensive_margin", units=marked("count"), sources="WITS trade summary",
)  # fmt: skip
BASKET_BILATERAL = Table(
    "05_basket_bilateral", "05_ai_drivers", marked("AI-related goods (upper bound at HS2/SITC2) and total bilateral trade, by source and year"),
    sheet="ai_basket", units=marked("USD; percent"), sources="DOSM Malaysia SITC2; Singapore HS2 (WITS, UN Comtrade); basket: data/reference/ai_goods_basket.csv",
)  # fmt: skip
BASKET_GROWTH = Table(
    "05_basket_growth", "05_ai_drivers", marked("the basket's and total trade's compound growth, per bilateral series")
)
BASKET_BY_MEMBER = Table(
    "05_basket_by_member",
    "05_ai_drivers",
    marked("the basket's share of each member's trade, from refreshed product data"),
)
CHINA_AI_COMMODITIES = Table(
    "05_china_ai_commodities", "05_ai_drivers", marked("GACC's AI-related commodity lines, as published")
)
HS84_85_WORLD_EXPORTS = Table(
    "05_hs84_85_world_exports", "05_ai_drivers", marked("World exports of HS 84 and 85 by exporter and year"),
    sheet="hs84_85_exports", units=marked("USD"), sources="CEPII BACI HS92",
)  # fmt: skip
AGREEMENTS = Table(
    "06_agreements", "06_gravity", marked("Trade agreements coded in the gravity panel: members, entry into force, years in force"),
    sheet="agreements", units=marked("dates; counts"), sources="data/reference/trade_agreements.csv (source URL per member)",
)  # fmt: skip
IDENTIFICATION = Table(
    "06_identification", "06_gravity",
    marked("What identifies each agreement: treated pair-years of pairs whose status changes in the panel, and their years"),
    sheet="identification", units=marked("counts; years"), sources="IMF DOTS; data/reference/trade_agreements.csv",
)  # fmt: skip
EFFECTS = Table(
    "06_effects", "06_gravity", marked("Agreement effects on trade between members: PPML structural gravity, by specification"),
    sheet="gravity", units=marked("coefficient; percent, exp(b) − 1, with 95% interval; observations"), sources="IMF DOTS; data/reference/trade_agreements.csv",
)  # fmt: skip
EVENT_STUDY = Table(
    "06_event_study", "06_gravity", marked("Each policy agreement's pairs year by year against the year before entry: PPML event study"),
    sheet="event_study", units=marked("coefficient; percent against the base year, with 95% interval"), sources="IMF DOTS; data/reference/trade_agreements.csv",
)  # fmt: skip
EFFECT_SENTENCES = Table("06_effect_sentences", "06_gravity", marked("the effect sentences, each with its checks"))
REROUTING = Table(
    "06_rerouting", "06_gravity",
    marked("China's exports to each member and the member's exports to and share of the United States, before vs after the US tariffs"),
    sheet="rerouting", units=marked("USD; percent; percentage points"), sources="IMF DOTS; data/reference/trade_events.csv",
)  # fmt: skip

DECLARED = {table.name: table for table in globals().values() if isinstance(table, Table)}
ANNEX = [table for table in DECLARED.values() if table.sheet is not None]  # in the order declared: notebook by notebook


def declared(name: str) -> Table:
    """The declaration of ``name``; one line if no notebook declares it here."""
    if name not in DECLARED:
        raise TradebookError(
            f"table {name!r} is not declared in tradebook.shared_tables: declare it there with the notebook that writes it"
        )
    return DECLARED[name]
