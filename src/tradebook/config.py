"""Every path the project uses. Nothing else spells a path.

The project root can be moved with the ``TRADEBOOK_ROOT`` environment variable (tests), and
the outputs folder with ``TRADEBOOK_OUTPUTS`` (the runner sets it so that a run's figures and
tables land beside its executed notebooks, e.g. one folder per member in a batch).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROJ_ROOT = Path(os.environ.get("TRADEBOOK_ROOT", Path(__file__).resolve().parents[2]))

DATA_DIR = PROJ_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"  # real source files, read-only
RAW_MANIFEST = RAW_DIR / "MANIFEST.csv"  # one row per raw file, with sha256
REFERENCE_DIR = DATA_DIR / "reference"  # small hand-kept tables with sources
PROCESSED_DIR = DATA_DIR / "processed"  # rebuilt by the pipeline; safe to delete
EXTERNAL_DIR = DATA_DIR / "external"  # live downloads (Comtrade, BACI), cached

NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
PARAMS_DIR = NOTEBOOKS_DIR / "params"
DEFAULT_PARAMS = PARAMS_DIR / "default.yaml"

OUTPUTS_DIR = Path(os.environ.get("TRADEBOOK_OUTPUTS", PROJ_ROOT / "outputs"))
FIGURES_DIR = OUTPUTS_DIR / "figures"
TABLES_DIR = OUTPUTS_DIR / "tables"
EXECUTED_DIR = OUTPUTS_DIR / "notebooks"

FLOWS_PARQUET = PROCESSED_DIR / "flows.parquet"


@contextmanager
def outputs_at(root: Path) -> Iterator[Path]:
    """Send this process's outputs (and those of kernels it starts) to ``root`` for a while."""
    global OUTPUTS_DIR, FIGURES_DIR, TABLES_DIR, EXECUTED_DIR
    saved = (OUTPUTS_DIR, FIGURES_DIR, TABLES_DIR, EXECUTED_DIR, os.environ.get("TRADEBOOK_OUTPUTS"))
    root = Path(root).resolve()
    OUTPUTS_DIR, FIGURES_DIR, TABLES_DIR, EXECUTED_DIR = root, root / "figures", root / "tables", root / "notebooks"
    os.environ["TRADEBOOK_OUTPUTS"] = str(root)
    try:
        yield root
    finally:
        OUTPUTS_DIR, FIGURES_DIR, TABLES_DIR, EXECUTED_DIR, previous = saved
        if previous is None:
            os.environ.pop("TRADEBOOK_OUTPUTS", None)
        else:
            os.environ["TRADEBOOK_OUTPUTS"] = previous
