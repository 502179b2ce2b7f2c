"""Each claim's verdict in one plain line, for the briefing's first page: the figure that decided it, from its recorded values.

The full evidence sentence and the rule stay in the appendix; this line says what a reader must
know in one breath. A line is composed only from the values the claim's notebook recorded with
its verdict (``claims_results.csv``, column ``values``) and the ledger's threshold; where the
values do not hold what a line needs (a claim judged another way, not evaluated), the line is
the first sentence of the evidence. Nothing here judges: the verdict is the recorded one.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable

import pandas as pd

from tradebook.roles import Roles
from tradebook.themes import nowcast


def _bn(value: float) -> str:
    return f"USD {value / 1e9:,.1f} bn"


def _has(values: dict, *keys: str) -> bool:
    """Whether ``values`` holds every key with a number (not None, not NaN): a line is composed only from values that exist."""
    return all(isinstance(values.get(key), int | float) and not math.isnan(values[key]) for key in keys)


def _first_sentence(evidence: str) -> str:
    return evidence.split(". ")[0].rstrip(".") + "." if evidence else ""


def c01(values: dict, row: pd.Series) -> str | None:
    """The published total with the range its rounding allows; before publication, the projection with its interval."""
    if values.get("basis") == "published" and _has(values, "value_usd", "value_cny", "low_usd", "high_usd"):
        return (
            f"China's customs published {_bn(values['value_usd'])} for {row['about_year']} (CNY {values['value_cny'] / 1e12:,.2f} trn at its own rate; "
            f"{_bn(values['low_usd'])}–{_bn(values['high_usd'])} at the ends of the figures' rounding)."
        )
    if values.get("basis") == "projected" and _has(values, "month", "point", "low", "high"):
        return (
            f"Projected from the published {nowcast.months_label(int(values['month']))} figure: {_bn(values['point'])} for {row['about_year']} "
            f"(prediction interval {_bn(values['low'])}–{_bn(values['high'])}, its level and backtest in the appendix)."
        )
    return None


def c03(values: dict, row: pd.Series) -> str | None:
    """The normalised balance over the last complete years, and whether the imbalance widened or narrowed by more than the threshold."""
    balance = values.get("normalized_balance") or {}
    if len(balance) < 2:
        return None
    (first_year, first), (last_year, last) = list(balance.items())[0], list(balance.items())[-1]
    threshold = float(row["threshold"]) if row.get("threshold") else 0.0
    moved = abs(last) - abs(first)
    change = "widened" if moved > threshold else "narrowed" if moved < -threshold else "barely changed"
    return f"The normalised balance (exports − imports) ÷ (exports + imports) went from {first:+.3f} ({first_year}) to {last:+.3f} ({last_year}): the imbalance {change}."


def c04(values: dict, row: pd.Series) -> str | None:
    """How many members' relative export unit values rose, with the evidence's own caution about what HS2 unit values can show."""
    if not _has(values, "members_quality_rising", "members_counted"):
        return None  # judged without the quality proxy (no quantities held): the evidence's first sentence says why
    roles = _roles(row)
    changes = values.get("quality_change_pct") or {}
    if roles.grouped:
        line = (
            f"Export unit values relative to the world's rose in {values['members_quality_rising']} of the {values['members_counted']} members "
            "whose machinery and electronics exports pass the ledger's floor."
        )
    elif changes:
        line = f"{roles.partners_s_opening} export unit value relative to the world's changed by {next(iter(changes.values())):+.1f}%."
    else:
        return None
    caution = [sentence for sentence in str(row["evidence"]).split(". ") if sentence.startswith("At HS 2 digits")]
    return line + (f" {caution[0].rstrip('.')}." if caution else "")


def c05(values: dict, row: pd.Series) -> str | None:
    """The two directions' complementarity index (medians over members) against the ledger's floor, and how often the reporter's
    fit matched or beat the benchmark suppliers' median."""
    if not _has(values, "forward_median", "backward_median", "members_at_or_above", "members", "year") or not row.get(
        "floor"
    ):
        return None
    roles = _roles(row)
    reporter, floor = roles.reporter_name, float(row["floor"])
    against = "at or above" if min(values["forward_median"], values["backward_median"]) >= floor else "not at or above"
    if roles.grouped:
        return (
            f"On the 0–100 complementarity index ({values['year']}), {reporter}'s exports fit members' imports at a median of "
            f"{values['forward_median']:.0f} and members' exports fit {reporter}'s imports at {values['backward_median']:.0f}, {against} the floor of "
            f"{floor:g} in both directions; {reporter} matched or beat the benchmark suppliers' median in {values['members_at_or_above']} of "
            f"{values['members']} members' imports."
        )
    matched = "matched or beat" if values["members_at_or_above"] else "fell short of"
    return (
        f"On the 0–100 complementarity index ({values['year']}), {reporter}'s exports fit {roles.partners_s} imports at {values['forward_median']:.0f} "
        f"and {roles.partners_s} exports fit {reporter}'s imports at {values['backward_median']:.0f}, {against} the floor of {floor:g} in both "
        f"directions; {reporter} {matched} the benchmark suppliers' median in {roles.partners_s} imports."
    )


def _roles(row: pd.Series) -> Roles:
    """The roles of the run that recorded ``row`` (its reporter, partner and last year)."""
    return Roles.of(str(row["reporter"]), str(row["partner"]), int(row["year_end"]))


def c07(values: dict, row: pd.Series) -> str | None:
    """The RCEP members' share of world GDP (constant prices) and of world goods exports, first and last year held."""
    gdp, exports = values.get("gdp_share_by_year") or {}, values.get("export_share_by_year") or {}
    if len(gdp) < 2:
        return None

    def went(shares: dict) -> str:
        (first_year, first), (last_year, last) = list(shares.items())[0], list(shares.items())[-1]
        return f"{first:.1f}% ({first_year}) to {last:.1f}% ({last_year})"

    line = f"The RCEP members' share of world GDP at constant prices went from {went(gdp)}"
    return line + (f"; of world goods exports from {went(exports)}." if len(exports) >= 2 else ".")


def c09(values: dict, row: pd.Series) -> str | None:
    """The main agreement estimate with its interval, and whether a pre-existing trend rules out reading it as an effect."""
    if not _has(values, "pct", "pct_low", "pct_high"):
        return None
    estimate = (
        f"{values['pct']:+.1f}% (95% confidence interval {values['pct_low']:+.1f}% to {values['pct_high']:+.1f}%)"
    )
    if values.get("pretrend"):
        return f"RCEP members' trade with each other moved {estimate} after entry, but it was already moving before: a pre-existing trend, not an effect."
    return f"RCEP members' trade with each other moved {estimate} after entry, with no pre-existing trend detected."


COMPOSERS: dict[str, Callable[[dict, pd.Series], str | None]] = {
    "C01": c01,
    "C03": c03,
    "C04": c04,
    "C05": c05,
    "C07": c07,
    "C09": c09,
}


def line(row: pd.Series) -> str:
    """One claim's plain line: composed from its values where a composer exists and the values hold what it needs, else the evidence's first sentence."""
    values = json.loads(row["values"]) if row.get("values") else {}
    composer = COMPOSERS.get(str(row["claim_id"]))
    composed = composer(values, row) if composer and values and row["verdict"] != "not evaluated for this run" else None
    return composed or _first_sentence(str(row["evidence"]))
