"""China–ASEAN trade research workbook: loaders, schema, indicators, plots and the pipeline runner."""

__version__ = "0.1.0"
