"""Errors a user can act on: each message names the thing that is wrong and the fix."""


class TradebookError(Exception):
    """Base class: the message is one line, meant to be shown as it is."""


class RawDataError(TradebookError):
    """A raw file is missing, altered, or not listed in data/raw/MANIFEST.csv."""


class SchemaError(TradebookError):
    """A table does not satisfy the canonical schema."""


class ParameterError(TradebookError):
    """A run parameter (partner, years, sources ...) is not valid."""


class FetchError(TradebookError):
    """A live source (UN Comtrade, CEPII BACI) could not be fetched."""


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, for quoting a user's value in a one-line message."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}… ({len(text):,} characters)"
