"""The Excel annex: one sheet per key table, a README sheet, number formats, frozen headers.

Reads the tables declared with a sheet in ``tradebook.shared_tables`` that this run saved in
``<outputs>/tables`` (a table the run did not make is left out); writes ``<outputs>/annex.xlsx``
through a temporary file. Values are plain numbers and text, never formulas (a text from the data
that starts with '=' is stored as text); each column's number format
follows its unit (USD in billions, or millions for small values, so the cell still holds the
exact figure; rates, percentages, indices and estimates with their own digits); headers are
readable and carry the unit; every sheet has an autofilter, and rows of wrapped text get heights.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tradebook import atomic, config, language, reference, shared_tables
from tradebook.publish import labels, page
from tradebook.shared_tables import Table
from tradebook.sources import manifest
from tradebook.themes import claims

HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")


# Columns holding US dollars though their name does not end in _usd (the projection's, the backtest's, intensity's parts)
USD_COLUMNS = {"ytd", "point", "low", "high", "actual", "projected", "x_ij", "x_i", "x_wj", "x_w", "native_value"}
INDEX_COLUMNS = {
    "tci",
    "intensity",
    "hhi",
    "hhi_normalized",
    "normalized_balance",
    "rca",
    "rsca",
    "grubel_lloyd",
    "similarity",
    "ratio",
}
ESTIMATE_COLUMNS = {"coef", "se", "ci_low", "ci_high", "p_value"}
UNIT_WORDS = {"_usd": " (USD)", "_pct": " (%)", "_pp": " (percentage points)", "_bn": " (USD bn)"}
ROW_HEIGHT_PT = 15  # one line of 11-point text
USD = "usd"  # money: each cell shown in billions, or in millions below a billion (Brunei's lines are not "0.0 bn")
BILLIONS, MILLIONS = '#,##0.0,,," bn"', '#,##0.0,," m"'  # the cell keeps the exact dollars


def number_format(name: str, values: pd.Series) -> str | None:
    """The Excel number format of a column, from its unit: ``USD`` for money (billions or millions, cell by
    cell), rates, percentages, indices and estimates with the digits they carry; None for text, years and counts."""
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    if numbers.empty or name in ("year", "month") or name.endswith(("_year", "years", "_obs", "_pairs", "rank")):
        return None
    if "_per_" in name:
        return "0.00"  # a rate is a rate, not money (cny_per_usd)
    if name in ("share_mean", "share_min", "share_max"):
        return "0.0000"  # a share of the year as a fraction, not a percentage
    if name.endswith("_usd") or name == "value_usd" or name in USD_COLUMNS:
        return USD
    if name.endswith(("_pct", "_pp")) or "share" in name or name in ("pct", "pct_low", "pct_high"):
        return "0.0"
    if name in ESTIMATE_COLUMNS:
        return "0.000"
    if name in INDEX_COLUMNS or name.startswith("ruv"):
        return "0.00"
    return "0.00" if (numbers % 1 != 0).any() else None


ACRONYMS = {"usd", "cny", "us", "tci", "rca", "rsca", "ruv", "hs", "gdp", "hhi", "iso3", "ytd", "url", "id"}


README_COLUMNS = {  # the README sheet's columns, as a reader reads them
    "sheet": language.marked("sheet"),
    "contents": language.marked("contents"),
    "units": language.marked("units"),
    "sources": language.marked("sources"),
    "rows": language.marked("rows"),
}


def header(name: str) -> str:
    """A readable header with its unit: 'value_usd' → 'Value (USD)', 'share_pct' → 'Share (%)', 'cny_per_usd' → 'CNY per USD';
    in the Chinese edition '金额（美元）' (``labels.chinese_header``)."""
    if language.chinese():
        return labels.chinese_header(str(name))
    text = str(name)
    unit = "" if "_per_" in text else next((words for suffix, words in UNIT_WORDS.items() if text.endswith(suffix)), "")
    if unit:
        text = text[: text.rindex("_")]
    words = [word.upper() if word in ACRONYMS else word for word in text.split("_") if word]
    if not words:
        return str(name)
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + unit


def _text_as_text(sheet) -> None:
    """Store every text cell as text: openpyxl takes a string starting with '=' for a formula, and a
    product description or country name from the data (``=HYPERLINK(…)``) must never become one."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def _format_sheet(sheet, table: pd.DataFrame) -> None:
    sheet.freeze_panes = "A2"
    for cell, column in zip(sheet[1], table.columns):
        cell.value = header(column)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if len(table):
        sheet.auto_filter.ref = sheet.dimensions
    lines = [1] * (len(table) + 1)  # text lines per row, for the row heights of wrapped cells
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        name = str(column)
        fmt = number_format(name, table[column])
        for cell in sheet[letter][1:] if fmt else []:
            if fmt == USD:
                small = isinstance(cell.value, int | float) and abs(cell.value) < 1e9
                cell.number_format = MILLIONS if small else BILLIONS
            else:
                cell.number_format = fmt
        texts = [header(column)] + [str(v) for v in table[column]]
        longest = max(len(t) for t in texts[:201])
        width = min(max(10, longest + 2), 60)
        sheet.column_dimensions[letter].width = width
        if longest > 60:
            for row, cell in enumerate(sheet[letter], start=0):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                lines[row] = max(lines[row], -(-len(texts[row]) // (width - 2)))
    for row, count in enumerate(lines, start=1):
        if count > 1:
            sheet.row_dimensions[row].height = ROW_HEIGHT_PT * count


def write(run: dict, target: Path | None = None, *, declared: list[Table] | None = None) -> Path:
    """Write the annex for this run's tables; ``run`` holds the run parameters shown on the README sheet.

    ``declared``: the tables to show, in order (default ``shared_tables.ANNEX``).
    """
    target = Path(target or config.paths().outputs / "annex.xlsx")
    frames: dict[str, pd.DataFrame] = {}
    readme_rows = []
    for table in shared_tables.ANNEX if declared is None else declared:
        path = config.paths().tables / f"{table.name}.csv"
        if (
            table.sheet is None or not path.exists()
        ):  # a table this run did not make (e.g. product detail without a refresh)
            continue
        frame = frames[table.sheet] = pd.read_csv(path)
        named = [table.sources, *frame[table.sources_column].astype(str)] if table.sources_column else [table.sources]
        sources = "; ".join(text for text in named if text)
        readme_rows.append(
            {
                "sheet": table.sheet,
                "contents": language.text(table.about),
                "units": language.text(table.units) if table.units else "",
                "sources": sources,
                "rows": len(frame),
            }
        )
    ledger = page.in_edition(claims.results())
    frames["claims"] = ledger.assign(verdict=ledger["verdict"].map(reference.verdict_word))[
        ["claim_id", "speaker", "theme", "claim", "verdict", "evidence", "rule", "indicator", "data", "source_url"]
    ]
    readme_rows.append(
        {
            "sheet": "claims",
            "contents": language.text("The claims ledger with computed verdicts and evidence"),
            "units": language.text("text"),
            "sources": language.text("data/reference/claims.csv; this run's notebooks"),
            "rows": len(frames["claims"]),
        }
    )
    readme = pd.DataFrame(readme_rows).rename(columns=lambda column: language.text(README_COLUMNS[column]))
    about = pd.DataFrame(
        {
            language.text("item"): [
                language.text("workbook"),
                language.text("generated (UTC)"),
                *[language.text("parameter: {name}", name=labels.label(name)) for name in run],
                language.text("raw data"),
                language.text("USD values"),
            ],
            language.text("value"): [
                language.text("China–ASEAN trade research workbook"),
                datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
                *map(str, run.values()),
                language.text(
                    "{files} files, sha256-verified (data/raw/MANIFEST.csv)", files=len(manifest.read_manifest())
                ),
                language.text(
                    "cells hold exact US dollars; the format shows billions (millions where a column holds small values)"
                ),
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
            for sheet in writer.sheets.values():
                _text_as_text(sheet)
            readme_sheet = writer.sheets["README"]
            for column, width in zip("ABCDE", (18, 70, 22, 60, 8)):
                readme_sheet.column_dimensions[column].width = width
            for row in (1, len(about) + 3):
                for cell in readme_sheet[row]:
                    cell.font = Font(bold=True)
                    cell.fill = HEADER_FILL
    return target
