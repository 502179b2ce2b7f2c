"""The reader's words for the workbook's internal names: one table, used by every table heading and sentence a reader sees.

Column names (``source_agency``), model terms (``ACFTA_UPGRADE_lead2to4``) and parameter names
(``year_start``) are how the code and the CSV tables speak; the briefing and the annex's headings
speak as a trade report does. A name missing from ``LABELS`` is shown with its underscores as
spaces, and ``tests/test_labels.py`` fails on any snake_case word left in the briefing's text.
"""

from __future__ import annotations

import re

import pandas as pd

LABELS = {
    # table columns
    "source_agency": "source",
    "source_url": "source page",
    "source_kind": "kind of source",
    # gravity terms (themes.gravity): the agreements, the known shocks, the pair covariates
    "RCEP": "RCEP",
    "ACFTA_UPGRADE": "ACFTA upgrade (2.0)",
    "AANZFTA": "ASEAN–Australia–New Zealand FTA",
    "CPTPP": "CPTPP",
    "ChAFTA": "China–Australia FTA",
    "CKFTA": "China–Korea FTA",
    "ASEAN_US_DIVERSION": "diversion of US imports to ASEAN",
    "CHINA_TARIFFS_ON_US": "China's tariffs on US goods",
    "US_TARIFFS_ON_CHINA": "US tariffs on China",
    "ln_distance": "distance (log)",
    "contiguous": "common border",
    "common_language": "common language",
    # the run's parameters (the appendix lists them)
    "reporter": "reporting economy",
    "partner": "partner",
    "year_start": "first year",
    "year_end": "last year",
    "sources": "data sources",
    "currency_note": "currency and valuation",
    "benchmarks": "benchmark economies",
    "basket_file": "AI-goods basket",
}

# a model term's timing suffix, as a reader says it
TIMING = {
    "_lead1": "a year before entry",
    "_lead2to4": "2–4 years before entry",
    "_lag4": "from the fourth year in force",
}

SNAKE_CASE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b|\b[A-Z]+(?:_[A-Z]+)+\b")


def label(name: str) -> str:
    """The reader's label of an internal name: from ``LABELS``, a timing suffix said in words, else underscores as spaces."""
    if name in LABELS:
        return LABELS[name]
    for suffix, words in TIMING.items():
        if name.endswith(suffix):
            return f"{label(name[: -len(suffix)])}, {words}"
    return name.replace("_", " ")


def columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every column heading as its reader's label."""
    return frame.rename(columns=lambda column: label(str(column)))


def internal_names(text: str) -> list[str]:
    """The snake_case and SCREAMING_CASE words in ``text`` (a reader's text should have none), outside web addresses and file names."""
    prose = re.sub(r"\S*(?:https?://|www\.|/)\S*|\S+\.(?:csv|xlsx|rds|json|txt|zip|parquet|html|pdf)\b", " ", text)
    return sorted(set(SNAKE_CASE.findall(prose)))
