"""Shared fixtures: a private copy of the project's data for tests that alter files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project_copy(tmp_path, monkeypatch):
    """Point tradebook (here, and in kernels started from here) at a temporary project copy.

    The copy holds data/raw, data/reference and notebooks/; everything generated lands in it.
    ``config.paths()`` reads the two variables on every call, and the reference caches are kept
    per project root, so setting them is all the isolation a test needs.
    """
    shutil.copytree(ROOT / "data" / "raw", tmp_path / "data" / "raw")
    shutil.copytree(ROOT / "data" / "reference", tmp_path / "data" / "reference")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    monkeypatch.setenv("TRADEBOOK_ROOT", str(tmp_path))
    monkeypatch.setenv("TRADEBOOK_OUTPUTS", str(tmp_path / "outputs"))
    yield tmp_path
