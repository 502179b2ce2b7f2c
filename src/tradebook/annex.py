"""The Excel annex: one sheet per key table, a README sheet, number formats, frozen headers.

Reads the tables the notebooks wrote (``<outputs>/tables``); writes ``<outputs>/annex.xlsx``
through a temporary file. Values are plain numbers (no formulas); USD values are shown in
billions with a number format, so the cell still holds the exact figure.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import atomic, claims, config, manifest

# sheet name → (table file, what it is, units, sources)
SHEETS = {
    "vintage": (
        "01_data_vintage",
        "Data vintage: years each source holds for this run's economies and the last year used",
        "years",
        "data/raw/MANIFEST.csv; curated official figures",
    ),
    "totals": (
        "02_headline",
        "Total trade by year and series (reporter-recorded, partner-recorded, official)",
        "USD (current)",
        "IMF DOTS; GACC/MOFCOM as reported (source column: URL per official figure)",
    ),
    "growth": ("02_growth", "Annual total of complete years and its growth", "USD; percent", "IMF DOTS"),
    "periods": ("02_cagr_periods", "Compound annual growth by policy period", "percent a year", "IMF DOTS; official series"),
    "balance": ("02_balance", "Exports, imports, balance and normalised balance with each member", "USD; ratio −1…1", "IMF DOTS (reporter-recorded)"),
    "members": ("02_member_shares", "Each member's share of the reporter's trade with the group", "percent", "IMF DOTS"),
    "partner_vs_usa": ("02_partner_vs_usa_share", "Reporter's and US shares in each member's trade", "percent", "IMF DOTS (member-recorded)"),
    "products": ("02_export_sections_baci", "Export structure by HS section, exports to the World", "USD; percent", "CEPII BACI HS92"),
    "tci": ("03_tci", "Trade complementarity index by exporter, importer and year", "index 0–100", "OEC HS sections"),
    "supplier_share": ("03_supplier_share", "Reporter's share and rank among each member's import sources", "percent; rank", "IMF DOTS (member-recorded)"),
    "upgrading": ("03_upgrading", "Members' export share of HS 84, 85, 90 and mean RCA, first vs last year", "percent; RCA", "CEPII BACI HS92"),
    "intensity": ("02_intensity", "Trade intensity index, both directions", "index (1 = neutral); USD inputs", "IMF DOTS; WDI"),
    "nowcast": (
        "02_nowcast",
        "Full-year projections from each published year-to-date figure, with intervals",
        "USD or CNY (column currency)",
        "curated GACC/MOFCOM year-to-date figures; IMF DOTS and GACC 2024 monthly",
    ),
    "nowcast_backtest": (
        "02_nowcast_backtest",
        "Backtest: each past year projected from its own January-to-month total",
        "currency of the series; percent",
        "IMF DOTS (USD); GACC 2024 (CNY)",
    ),
    "cny_rate": (
        "01_cny_per_usd",
        "Yuan per US dollar implied by the GACC 2024 table (and the full-year check)",
        "CNY per USD",
        "GACC table (2) 2024; UN Comtrade",
    ),
    "gravity": (
        "06_effects",
        "Agreement effects on trade between members: PPML structural gravity, by specification",
        "coefficient; percent, exp(b) − 1, with 95% interval; observations",
        "IMF DOTS; data/reference/trade_agreements.csv",
    ),
    "agreements": (
        "06_agreements",
        "Trade agreements coded in the gravity panel: members, entry into force, years in force",
        "dates; counts",
        "data/reference/trade_agreements.csv (source URL per member)",
    ),
    "rerouting": (
        "06_rerouting",
        "China's exports to each member and the member's exports to and share of the United States, before vs after the US tariffs",
        "USD; percent; percentage points",
        "IMF DOTS; data/reference/trade_events.csv",
    ),
    "claims": (None, "The claims ledger with computed verdicts and evidence", "text", "data/reference/claims.csv; this run's notebooks"),
}
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")


def _format_sheet(sheet, table: pd.DataFrame) -> None:
    sheet.freeze_panes = "A2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        name = str(column)
        if name.endswith("_usd") or name == "value_usd":
            number_format = '#,##0.0,,," bn"'  # exact USD in the cell, shown in billions
        elif name.endswith("_pct") or "share" in name or name in ("tci", "intensity", "hhi", "hhi_normalized", "normalized_balance", "rca"):
            number_format = "0.00"
        else:
            number_format = None
        if number_format:
            for cell in sheet[letter][1:]:
                cell.number_format = number_format
        longest = max([len(name)] + [len(str(v)) for v in table[column].head(200)])
        sheet.column_dimensions[letter].width = min(max(10, longest + 2), 60)
        if longest > 60:
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def write(run: dict, target: Path | None = None) -> Path:
    """Write the annex for this run's tables; ``run`` holds the run parameters shown on the README sheet."""
    target = Path(target or config.OUTPUTS_DIR / "annex.xlsx")
    frames: dict[str, pd.DataFrame] = {}
    for sheet, (name, *_rest) in SHEETS.items():
        if name is None:
            frames[sheet] = claims.results()[["claim_id", "speaker", "theme", "claim", "verdict", "evidence", "rule", "indicator", "data", "source_url"]]
            continue
        path = config.TABLES_DIR / f"{name}.csv"
        if path.exists():
            frames[sheet] = pd.read_csv(path)
    readme_rows = [{"sheet": s, "contents": SHEETS[s][1], "units": SHEETS[s][2], "sources": SHEETS[s][3], "rows": len(frames[s])} for s in frames]
    readme = pd.DataFrame(readme_rows)
    about = pd.DataFrame(
        {
            "item": ["workbook", "generated (UTC)", *[f"parameter: {k}" for k in run], "raw data", "USD values"],
            "value": [
                "China–ASEAN trade research workbook",
                datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
                *map(str, run.values()),
                f"{len(manifest.read_manifest())} files, sha256-verified (data/raw/MANIFEST.csv)",
                "cells hold exact US dollars; the format shows billions",
            ],
        }
    )
    with atomic.atomic_path(target) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            about.to_excel(writer, sheet_name="README", index=False)
            readme.to_excel(writer, sheet_name="README", index=False, startrow=len(about) + 2)
            for sheet, table in frames.items():
                table.to_excel(writer, sheet_name=sheet, index=False)
            for sheet, table in frames.items():
                _format_sheet(writer.sheets[sheet], table)
            readme_sheet = writer.sheets["README"]
            for column, width in zip("ABCDE", (18, 70, 22, 60, 8)):
                readme_sheet.column_dimensions[column].width = width
            for row in (1, len(about) + 3):
                for cell in readme_sheet[row]:
                    cell.font = Font(bold=True)
                    cell.fill = HEADER_FILL
    return target
