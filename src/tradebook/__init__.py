"""China–ASEAN trade research workbook: the package behind the notebooks, in the pipeline's stages.

- ``tradebook.sources``: loaders of the shipped raw files (checksums first) and ``sources.live``
  (UN Comtrade, CEPII BACI, GACC release pages) for refreshes;
- ``tradebook.flows``: the canonical flows table (schema, build, completeness-aware sums,
  reconciliation, coverage) and the series the notebooks read;
- ``tradebook.indicators``: one function per trade indicator (WITS/UNCTAD definitions);
- ``tradebook.themes``: the claims and their rules, the 2025 projection, the gravity model, the findings;
- ``tradebook.publish``: what the notebooks publish: figures, tables, the briefing page's parts;
- ``tradebook.context``: the run's ``Workbook`` (``workbook()``), the notebooks' entry point;
- ``tradebook.questions``: one module per notebook question;
- ``tradebook.runner``: the pipeline of notebooks, its scheduler and stamps, the outputs folder,
  the notebook strip, the HTML/PDF export, the Excel annex, batches;
- at the top: ``config`` (every path), ``schema`` (the flows table), ``params``, ``reference``,
  ``roles``.

Every module is imported by its full path (``from tradebook.themes import claims``): one name per module.
"""

__version__ = "0.1.0"
