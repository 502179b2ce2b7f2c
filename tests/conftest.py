"""Shared fixtures: a private copy of the project's data for tests that alter files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tradebook import config, reference

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project_copy(tmp_path, monkeypatch):
    """Point tradebook.config (here, and in kernels started from here) at a temporary project copy.

    The copy holds data/raw, data/reference and notebooks/; everything generated lands in it.
    """
    shutil.copytree(ROOT / "data" / "raw", tmp_path / "data" / "raw")
    shutil.copytree(ROOT / "data" / "reference", tmp_path / "data" / "reference")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    monkeypatch.setenv("TRADEBOOK_ROOT", str(tmp_path))
    for name, value in {
        "PROJ_ROOT": tmp_path,
        "NOTEBOOKS_DIR": tmp_path / "notebooks",
        "PARAMS_DIR": tmp_path / "notebooks" / "params",
        "DEFAULT_PARAMS": tmp_path / "notebooks" / "params" / "default.yaml",
        "RAW_DIR": tmp_path / "data" / "raw",
        "REFERENCE_DIR": tmp_path / "data" / "reference",
        "PROCESSED_DIR": tmp_path / "data" / "processed",
        "EXTERNAL_DIR": tmp_path / "data" / "external",
        "FLOWS_PARQUET": tmp_path / "data" / "processed" / "flows.parquet",
        "OUTPUTS_DIR": tmp_path / "outputs",
        "FIGURES_DIR": tmp_path / "outputs" / "figures",
        "TABLES_DIR": tmp_path / "outputs" / "tables",
        "EXECUTED_DIR": tmp_path / "outputs" / "notebooks",
    }.items():
        monkeypatch.setattr(config, name, value)
    for cached in (reference.countries, reference.groups, reference.hs_sections, reference.source_spellings):
        cached.cache_clear()
    yield tmp_path
    for cached in (reference.countries, reference.groups, reference.hs_sections, reference.source_spellings):
        cached.cache_clear()
