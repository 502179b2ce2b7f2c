"""The context the briefing's figures need, computed from the shipped data: prices, the yuan rate, Hong Kong.

Three facts a reader needs before comparing values across years or sources: the values are
nominal (price swings move them), yuan figures are converted at one rate, and China's trade
through Hong Kong (re-exports) is part of why the two sides' records differ. Each sentence
names its source and years; the function returns a table for the briefing and the annex.
"""

from __future__ import annotations

import pandas as pd

from tradebook.flows import aggregate, series
from tradebook.sources import baci_hs2
from tradebook.themes import nowcast


def world_unit_value(quantities: pd.DataFrame) -> pd.Series:
    """World export unit value of goods by year, USD per tonne: Σ value / Σ tonnes over every exporter and chapter with a quantity."""
    held = quantities.dropna(subset=["tonnes"])
    totals = held.groupby("year")[["value_usd", "tonnes"]].sum()
    return totals["value_usd"] / totals["tonnes"]


def block(flows: pd.DataFrame, headline: pd.DataFrame, rate: pd.Series | None = None, *, reporter: str, pair: str) -> pd.DataFrame:
    """The context sentences: topic, sentence, source.

    ``flows``: the run's flows (IMF DOTS for Hong Kong); ``headline``: 02_headline rows (for
    the mirror gap); ``rate``: a ``gacc.implied_cny_rate`` row (cny_per_usd, period, year, method),
    by default the one the projection uses (``nowcast.stated_cny_rate``); ``pair``: the trade the
    headline covers, as the sentence names it ("China–Malaysia").
    """
    rate = nowcast.stated_cny_rate() if rate is None else rate
    rows = []
    unit = world_unit_value(baci_hs2.quantities())
    first, last = int(unit.index.min()), int(unit.index.max())
    rows.append(
        {
            "topic": "prices",
            "sentence": (
                f"Values are current US dollars, so growth mixes prices and volumes: the world's export unit value of goods moved "
                f"{100 * (unit[last] / unit[first] - 1):+.0f}% from {first} to {last} (USD per tonne, all chapters), and no price index "
                f"after {last} is shipped, so the price swings of later years are inside the values, not separated from volumes."
            ),
            "source": f"{series.SOURCE_LABELS['baci_hs2']} (value and tonnes)",
        }
    )
    rows.append(
        {
            "topic": "yuan rate",
            "sentence": (
                f"GACC's {rate['year']} table implies {rate['cny_per_usd']:.2f} yuan per US dollar ({rate['period']} {rate['year']}); every yuan "
                "figure here is converted at that one rate, so a move of the yuan moves a converted figure by the same percentage."
            ),
            "source": f"GACC {rate['year']} table ({rate['method']})",
        }
    )
    if reporter == "CHN":
        dots = aggregate.annual(flows[(flows["source"] == series.DOTS) & (flows["reporter"] == "CHN") & (flows["partner"] == "HKG")])
        exports = dots[(dots["flow"] == "export") & dots["complete"]].sort_values("year")
        gap = series.mirror_pair(headline)
        if len(exports) and gap is not None:
            same_year = exports[exports["year"] == gap["year"]]
            hk = same_year.iloc[-1] if len(same_year) else exports.iloc[-1]
            rows.append(
                {
                    "topic": "Hong Kong",
                    "sentence": (
                        f"China recorded USD {hk['value_usd'] / 1e9:,.1f} bn of exports to Hong Kong in {int(hk['year'])}; goods re-exported from there "
                        f"reach ASEAN members, who may record them by origin or as imports from Hong Kong: one reason the partners record "
                        f"USD {(gap['value_usd_own'] - gap['value_usd_mirror']) / 1e9:,.1f} bn less of {pair} trade than China does in {int(gap['year'])}."
                    ),
                    "source": f"{series.SOURCE_LABELS[series.DOTS]} (China-recorded exports to Hong Kong); the headline's two records",
                }
            )
    return pd.DataFrame(rows, columns=["topic", "sentence", "source"])
