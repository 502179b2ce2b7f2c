"""IMF Direction of Trade Statistics (DOTS), monthly workbooks ``dots_<ISO3>.xlsx``.

Layout: one workbook per reporter; sheets "Exports, FOB" and "Imports, CIF"; row 4 names the
reporter, row 5 the unit ("US Dollars, Millions"), row 7 holds months as ``2011M01``;
column B lists about 230 partners, including World and IMF regional aggregates.

Quirks handled here:
- Cells may be text with a trailing marker: ``"0.10 e"`` (IMF estimate) or ``"3,124.20 r"``.
  In these files ``r`` marks months the reporter did not report on its own, which the IMF
  allocated across months. For China it sits on 2020M01–M02 alone (GACC published January and
  February 2020 as one figure); other reporters carry it on whole years (see data/README.md).
  Both markers become ``flag`` values.
- Empty cells are missing data, not zero: they produce no row.
- Every sheet lists Australia twice (first row, then in order); identical repeats are dropped,
  differing ones stop the load.
- IMF aggregates other than World (Advanced Economies, Euro Area …) are dropped; we build
  groups from members. Partner spellings map to ISO3 through data/reference/country_names.csv.
Units: USD millions in the file; value_usd is in USD.
"""

from __future__ import annotations

import re

import pandas as pd

from tradebook import reference, schema
from tradebook.errors import SchemaError
from tradebook.sources import manifest

SOURCE = "imf_dots"
SHEETS = {"Exports, FOB": "export", "Imports, CIF": "import"}
MARKERS = {"e": "imf_estimate", "r": "imf_allocated"}
_CELL = re.compile(r"^\s*(-?[\d,]*\.?\d+)\s*([a-z]?)\s*$")


def parse_cell(cell: object) -> tuple[float, str]:
    """Value and flag of one DOTS cell: ``"3,124.20 r"`` → (3124.2, "imf_allocated")."""
    if isinstance(cell, (int, float)):
        return float(cell), ""
    match = _CELL.match(str(cell))
    if not match:
        raise SchemaError(f"IMF DOTS cell {cell!r} is neither a number nor a number with an e/r marker")
    number, marker = match.groups()
    return float(number.replace(",", "")), MARKERS.get(marker, "")


def read_sheet(path, sheet: str, reporter: str) -> pd.DataFrame:
    """One sheet of one DOTS workbook as canonical rows."""
    grid = pd.read_excel(
        path, sheet_name=sheet, header=None, dtype=object, engine="calamine"
    )  # the Rust reader: same cells as openpyxl, a tenth of the time
    named = reference.to_iso3(pd.Series([grid.iat[3, 1]]), "imf").iat[0]
    if named != reporter:
        raise SchemaError(
            f"{path.name} [{sheet}] reports for {grid.iat[3, 1]!r} ({named}), not {reporter}: check the file name"
        )
    unit = str(grid.iat[4, 1])
    if unit != "US Dollars, Millions":
        raise SchemaError(f"{path.name} [{sheet}]: unit is {unit!r}, expected 'US Dollars, Millions'")
    periods = grid.iloc[6, 2:]
    body = grid.iloc[7:, 1:].rename(columns={1: "partner_name"})
    body.columns = ["partner_name", *periods]
    body = body[body["partner_name"].notna() & (body["partner_name"] != "Scale: Millions")].drop_duplicates()
    repeated = body["partner_name"][body["partner_name"].duplicated()]
    if not repeated.empty:
        raise SchemaError(
            f"{path.name} [{sheet}]: partner rows {sorted(set(repeated))} appear twice with different values"
        )
    long = body.melt(id_vars="partner_name", var_name="period", value_name="cell").dropna(subset=["cell"])
    parsed = long["cell"].map(parse_cell)
    long["value_usd"] = [value * 1e6 for value, _ in parsed]
    long["flag"] = [flag for _, flag in parsed]
    long["partner"] = reference.to_iso3(long["partner_name"], "imf")
    long = long[long["partner"] != ""]
    headers = pd.Series(long["period"].unique())  # parsed once per column, not once per cell
    year_month = headers.astype(str).str.extract(r"^(\d{4})M(\d{2})$")
    if year_month.isna().any().any():
        raise SchemaError(f"{path.name} [{sheet}]: period headers must look like 2011M01")
    period = [long["period"].map(dict(zip(headers, year_month[part]))) for part in (0, 1)]
    return pd.DataFrame(
        {
            "source": SOURCE,
            "reporter": reporter,
            "partner": long["partner"].to_numpy(),
            "flow": SHEETS[sheet],
            "year": period[0].astype(int).to_numpy(),
            "month": period[1].astype(int).to_numpy(),
            "classification": "TOTAL",
            "product": "TOTAL",
            "value_usd": long["value_usd"].to_numpy(),
            "flag": long["flag"].to_numpy(),
        }
    )


def load() -> pd.DataFrame:
    """All DOTS workbooks as canonical monthly rows (value_usd in USD)."""
    frames = []
    for relative in manifest.files_of(SOURCE):
        path = manifest.verified(relative)
        (reporter,) = manifest.name_parts(r"dots_([A-Z]{3})\.xlsx$", relative)
        for sheet in SHEETS:
            frames.append(read_sheet(path, sheet, reporter))
    return schema.coerce(pd.concat(frames, ignore_index=True))
