"""The registry of tables one notebook writes and a later stage reads back (the briefing, ``themes.findings``).

Each is declared once here, with the notebook that writes it; readers name the declaration
(``briefing.table(shared_tables.HEADLINE)``), never a typed string, so a table renamed in its
notebook fails a test (``tests/test_notebooks.py`` checks each declaration against the notebook's
``wb.save`` calls), not a reader. The annex needs no entry: it takes every table saved with a sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

from tradebook.errors import TradebookError


@dataclass(frozen=True)
class Shared:
    """A table written by ``notebook`` (file stem) under ``tables/<name>.csv`` and read back by a later stage."""

    name: str
    notebook: str
    holds: str


COVERAGE_GAPS = Shared("01_coverage_gaps", "01_load_data", "the years and months each source misses, by pair")
DATA_VINTAGE = Shared("01_data_vintage", "01_load_data", "the years each source holds and the last year used")
IMF_ESTIMATES = Shared("01_imf_estimates", "01_load_data", "the pair-years the IMF estimated rather than a reporter recorded")
OFFICIAL_CHECK = Shared("01_official_check", "01_load_data", "China-recorded totals against the published China–ASEAN totals")
HEADLINE = Shared("02_headline", "02_trade_structure", "total trade by year, one series per source and side")
GROWTH = Shared("02_growth", "02_trade_structure", "the reporter-recorded total of complete years and its growth")
BALANCE_GROUP = Shared("02_balance_group", "02_trade_structure", "the reporter's exports, imports and balance with the group")
MEMBER_SHARES = Shared("02_member_shares", "02_trade_structure", "each member's share of the reporter's trade with the group")
CAGR_PERIODS = Shared("02_cagr_periods", "02_trade_structure", "compound annual growth by policy period")
CONTEXT = Shared("02_context", "02_trade_structure", "the context sentences: prices, the yuan rate, trade through Hong Kong")
EXPORT_SECTIONS_BACI = Shared("02_export_sections_baci", "02_trade_structure", "export structure by HS section (CEPII BACI HS2)")
WITS_GROUPS = Shared("02_wits_groups", "02_trade_structure", "trade by WITS product group and stage")
TOP_PRODUCTS_BY_MEMBER = Shared("02_top_products_by_member", "02_trade_structure", "each member's top products from the reporter")
TOP_IMPORT_BY_MEMBER = Shared("02_top_import_by_member", "02_trade_structure", "each member's largest import from the reporter, with its name")
NOWCAST = Shared("02_nowcast", "02_trade_structure", "the projections from each published year-to-date figure")
NOWCAST_BACKTEST = Shared("02_nowcast_backtest", "02_trade_structure", "each past year projected the same way, against its actual total")
TCI = Shared("03_tci", "03_complementarity", "trade complementarity with each member, beside the benchmarks")
SUPPLIER_SHARE = Shared("03_supplier_share", "03_complementarity", "the reporter's share of each member's imports")
DOMINANT_PRODUCTS_BY_MEMBER = Shared("03_dominant_products_by_member", "03_complementarity", "products each member imports mostly from the reporter")
EFFECTS = Shared("06_effects", "06_gravity", "agreement effects by specification (PPML), with 95% confidence intervals")
EFFECT_SENTENCES = Shared("06_effect_sentences", "06_gravity", "the effect sentences, each with its checks")

SHARED = {table.name: table for table in globals().values() if isinstance(table, Shared)}


def declared(name: str) -> Shared:
    """The declaration of ``name``; one line if no notebook declares it here."""
    if name not in SHARED:
        raise TradebookError(f"table {name!r} is not declared in tradebook.shared_tables: declare it there with the notebook that writes it")
    return SHARED[name]
