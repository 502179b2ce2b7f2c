"""OEC (oec.world) trade with the World by HS section, ``<ISO3>_exports.csv`` / ``<ISO3>_imports.csv``.

Columns: Section, Section ID, Trade Value, Year, Country (the last always empty in data rows).
Quirks handled here:
- Some files end with extra rows with an empty Year (top partners per section, partly in
  GBK-encoded Chinese, units unstated): these are not part of the table and are dropped.
- Values written in E-notation (``2.10E+11``) were stored rounded to 3 significant digits
  (China, Japan, Korea, Singapore files; some Malaysia and Australia export rows):
  ``flag = rounded_3sf``, so a reader knows the precision is about ±0.5%.
- A section absent in a year (Brunei 2010 has 19 of 21) is missing, not zero.
Units: USD.
"""

from __future__ import annotations

import csv
import io

import pandas as pd

from tradebook import schema
from tradebook.errors import SchemaError
from tradebook.sources import manifest

SOURCE = "oec_sections"
FLOWS = {"exports": "export", "imports": "import"}


def read_file(relative: str) -> pd.DataFrame:
    """One OEC section file as canonical rows, with the trailing non-year rows dropped."""
    path = manifest.verified(relative)
    reporter, flow = manifest.name_parts(r"([A-Z]{3})_(exports|imports)\.csv$", relative)
    text = path.read_bytes().decode("latin-1")  # trailing rows carry GBK text we never use
    rows = list(csv.reader(io.StringIO(text)))
    if rows[0][:4] != ["Section", "Section ID", "Trade Value", "Year"]:
        raise SchemaError(f"data/raw/{relative}: header must start Section, Section ID, Trade Value, Year")
    records = [r[:4] for r in rows[1:] if len(r) >= 4 and r[3].strip()]
    table = pd.DataFrame(records, columns=["section", "section_id", "value", "year"])
    return pd.DataFrame(
        {
            "source": SOURCE,
            "reporter": reporter,
            "partner": schema.WORLD,
            "flow": FLOWS[flow],
            "year": table["year"].astype(int),
            "classification": "HS-section",
            "product": table["section_id"].astype(int).astype(str),
            "value_usd": table["value"].astype(float),
            "flag": table["value"].str.contains("E+", regex=False).map({True: "rounded_3sf", False: ""}),
        }
    )


def load() -> pd.DataFrame:
    """All OEC section files as canonical annual rows (value_usd in USD)."""
    return schema.coerce(pd.concat([read_file(r) for r in manifest.files_of(SOURCE)], ignore_index=True))
