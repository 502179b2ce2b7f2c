"""Trade indicators, one small function each, with the formula and its source in the docstring.

Definitions follow the World Bank WITS "Online Trade Outcomes Indicators" user manual and
UNCTADstat's methodological notes. Every function is pure: data in, data out; a value that
cannot be computed (a zero or missing denominator) is NaN and an ``IndicatorWarning`` says why.
"""

from tradebook.indicators._safe import IndicatorWarning
from tradebook.indicators.balance import normalized_balance, trade_balance
from tradebook.indicators.complementarity import (
    export_similarity,
    grubel_lloyd,
    grubel_lloyd_aggregate,
    trade_complementarity,
)
from tradebook.indicators.concentration import hhi, hhi_normalized
from tradebook.indicators.growth import cagr, growth_rate, rolling_12m, share, yoy_monthly
from tradebook.indicators.intensity import trade_intensity
from tradebook.indicators.quality import relative_unit_value
from tradebook.indicators.specialization import rca, rsca

__all__ = [
    "IndicatorWarning",
    "cagr",
    "export_similarity",
    "growth_rate",
    "grubel_lloyd",
    "grubel_lloyd_aggregate",
    "hhi",
    "hhi_normalized",
    "normalized_balance",
    "rca",
    "relative_unit_value",
    "rolling_12m",
    "rsca",
    "share",
    "trade_balance",
    "trade_complementarity",
    "trade_intensity",
    "yoy_monthly",
]
