"""China–ASEAN trade research workbook: the package behind the notebooks, in the pipeline's stages.

- ``tradebook.sources``: loaders of the shipped raw files (checksums first) and ``sources.live``
  (UN Comtrade, CEPII BACI) for refreshes;
- ``tradebook.flows``: the canonical flows table (schema, build, completeness-aware sums,
  reconciliation, coverage) and the series the notebooks read;
- ``tradebook.indicators``: one function per trade indicator (WITS/UNCTAD definitions);
- ``tradebook.themes``: the claims and their rules, the 2025 projection, the gravity model, the findings;
- ``tradebook.publish``: what the notebooks publish: figures, tables, the briefing's helpers;
- ``tradebook.runner``: the pipeline of notebooks, its scheduler and stamps, the outputs folder,
  the notebook strip, the HTML/PDF export, the Excel annex, batches;
- at the top: ``config`` (every path), ``schema`` (the flows table), ``params``, ``reference``.

Notebooks import modules by name from the top (``from tradebook import claims, plots``): each
stage module is found here on first use, so the folders can show the pipeline without making
notebook imports long.
"""

from importlib import import_module

__version__ = "0.1.0"

STAGES = {
    "sources": [
        "manifest",
        "baci_hs2",
        "comtrade_mirror",
        "comtrade_records",
        "curated",
        "dosm",
        "dots",
        "gacc",
        "imf_annual",
        "oec",
        "singapore",
        "wdi",
        "wits",
    ],
    "sources.live": ["baci", "comtrade", "external", "refresh"],
    "flows": ["dataset", "run_checks", "aggregate", "reconcile", "coverage", "series", "panels", "products", "basket"],
    "themes": ["claims", "nowcast", "gravity", "findings", "context_notes", "sensitivity"],
    "publish": ["plots", "figures", "tables", "briefing"],
    "runner": ["pipeline", "scheduler", "stamps", "outputs", "notebooks", "export", "annex", "batch"],
}
_WHERE = {module: stage for stage, modules in STAGES.items() for module in modules}


def __getattr__(name: str):
    """``tradebook.<module>`` for a stage module (PEP 562), e.g. ``tradebook.claims`` is ``tradebook.themes.claims``;
    ``tradebook.workbook`` is the notebooks' entry point (``context.workbook``)."""
    if name == "workbook":
        return import_module("tradebook.context").workbook
    if name in _WHERE:
        module = import_module(f"tradebook.{_WHERE[name]}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'tradebook' has no attribute {name!r}")
