"""The Excel annex: one sheet per key table, a README sheet, number formats, frozen headers.

Reads the tables the notebooks saved for it (``tables.save(…, sheet=…)``, discovered in
``<outputs>/tables``); writes ``<outputs>/annex.xlsx``
through a temporary file. Values are plain numbers (no formulas); USD values are shown in
billions with a number format, so the cell still holds the exact figure.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tradebook import atomic, config
from tradebook.publish import tables
from tradebook.sources import manifest
from tradebook.themes import claims

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
    target = Path(target or config.paths().outputs / "annex.xlsx")
    frames: dict[str, pd.DataFrame] = {}
    readme_rows = []
    for name, meta in tables.annex_tables():  # every table a notebook saved with sheet=…, in notebook order
        frames[meta["sheet"]] = pd.read_csv(config.paths().tables / f"{name}.csv")
        readme_rows.append(
            {"sheet": meta["sheet"], "contents": meta["about"], "units": meta["units"], "sources": meta["sources"], "rows": len(frames[meta["sheet"]])}
        )
    frames["claims"] = claims.results()[["claim_id", "speaker", "theme", "claim", "verdict", "evidence", "rule", "indicator", "data", "source_url"]]
    readme_rows.append(
        {
            "sheet": "claims",
            "contents": "The claims ledger with computed verdicts and evidence",
            "units": "text",
            "sources": "data/reference/claims.csv; this run's notebooks",
            "rows": len(frames["claims"]),
        }
    )
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
