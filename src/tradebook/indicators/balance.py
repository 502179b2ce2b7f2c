"""Trade balance, absolute and normalised."""

from __future__ import annotations

from tradebook.indicators._safe import divide


def trade_balance(exports, imports):
    """Trade balance X − M (same units as the inputs; positive = surplus)."""
    return exports - imports


def normalized_balance(exports, imports):
    """Normalised trade balance (X − M) / (X + M), unitless in [−1, 1].

    WITS "Trade balance index": 1 = exports only, −1 = imports only, 0 = balanced.
    NaN where X + M = 0 (no trade).
    """
    return divide(exports - imports, exports + imports, what="normalised balance")
