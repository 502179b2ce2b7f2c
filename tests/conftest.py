"""Shared fixtures: a private copy of the project's data for tests that alter files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built_project(tmp_path_factory):
    """The project's raw data, reference tables and notebooks with data/processed built from them once per session.

    Each ``project_copy`` starts from it, as a clone does after its first ``make run``: a test that
    changes a raw file still sees a rebuild (the copy's stamps are checked as usual), and the
    others no longer pay for the same build (about 13 s) each.
    """
    from tradebook.flows import dataset

    template = tmp_path_factory.mktemp("built-project")
    shutil.copytree(ROOT / "data" / "raw", template / "data" / "raw")
    shutil.copytree(ROOT / "data" / "reference", template / "data" / "reference")
    shutil.copytree(ROOT / "notebooks", template / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRADEBOOK_ROOT", str(template))
        patch.setenv("TRADEBOOK_OUTPUTS", str(template / "outputs"))
        dataset.build()
        assert dataset.is_current()
    return template


@pytest.fixture
def project_copy(tmp_path, monkeypatch, built_project):
    """Point tradebook (here, and in kernels started from here) at a temporary project copy.

    The copy holds data/raw, data/reference, data/processed (built, ``built_project``) and
    notebooks/; everything generated lands in it. ``config.paths()`` reads the two variables on
    every call, and the reference caches are kept per project root, so setting them is all the
    isolation a test needs. Files are copied with their modification times, which the build's
    stamp compares.
    """
    for folder in ("data/raw", "data/reference", "data/processed", "notebooks"):
        shutil.copytree(built_project / folder, tmp_path / folder)
    monkeypatch.setenv("TRADEBOOK_ROOT", str(tmp_path))
    monkeypatch.setenv("TRADEBOOK_OUTPUTS", str(tmp_path / "outputs"))
    yield tmp_path
