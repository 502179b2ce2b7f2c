"""Does a verdict survive other reasonable choices? Each claim's rule applied again to the values it recorded.

The variants (the ledger names the threshold each rule uses):
- the threshold halved and doubled;
- the last five complete years instead of the run's whole window (where the recorded values
  hold the series by year).

A claim whose verdict changes under a variant is *sensitive*, and the briefing says which
variant changes it to what. Claims without a threshold or a yearly series (C01, C05, C06) have
no variant here. Values are read from ``claims_results.csv``'s ``values`` column, written by
the notebooks beside each verdict.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pandas as pd

from tradebook import language, reference
from tradebook.themes import claims

LAST_YEARS = 5  # the "recent" window: the last five complete years
SCALES = {"threshold halved": 0.5, "threshold doubled": 2.0}


def _by_year(mapping: dict) -> pd.Series:
    return pd.Series({int(year): float(value) for year, value in mapping.items()}).sort_index()


def _recent(series: pd.Series) -> pd.Series:
    return series[series.index >= series.index.max() - (LAST_YEARS - 1)]


def _c02(values: dict, threshold: float, recent: bool) -> claims.Verdict | None:
    medians = _by_year(values.get("median_share_by_year", {}))
    if medians.empty or "members" not in values:
        return None
    medians = _recent(medians) if recent else medians
    change = claims.direction(medians.iloc[0], medians.iloc[-1], threshold)
    return claims.c02_hard_to_substitute(
        values["largest_supplier_of"], values["members"], change, values.get("dependent_members")
    )


def _c03(values: dict, threshold: float, recent: bool) -> claims.Verdict | None:
    balance = _by_year(values.get("normalized_balance", {}))
    whole = _by_year(values.get("whole_window", {}))
    return (
        claims.c03_imbalances_ease(
            _recent(balance) if recent else balance, threshold, whole=whole if len(whole) else None
        )
        if len(balance)
        else None
    )


def _c04(values: dict, threshold: float, recent: bool) -> claims.Verdict | None:
    changes = values.get("quality_change_pct")
    if recent or changes is None:
        return None  # the unit values are recorded for the window's two ends only
    changes = list(changes.values()) if isinstance(changes, dict) else changes
    return claims.c04_upgrading(
        sum(c >= threshold for c in changes), len(changes), product_level=False, quantity_held=len(changes) > 0
    )


def _c07(values: dict, threshold: float, recent: bool) -> claims.Verdict | None:
    if "gdp_share_by_year" not in values:
        return None
    found = []
    for key in ("gdp_share_by_year", "export_share_by_year"):
        shares = _by_year(values[key])
        found.append(claims.trend(_recent(shares) if recent else shares, threshold)["direction"] == "rose")
    return claims.c07_eastward_shift(found[0], found[1], values["china_ahead"], values["members"])


def _c08(values: dict, threshold: float, recent: bool) -> claims.Verdict | None:
    gaps = values.get("growth_gaps_pct")
    if recent or gaps is None:
        return None
    return claims.c08_ai_goods(sum(g >= threshold for g in gaps), len(gaps), set(values.get("levels", [])))


def _c09(values: dict, threshold: float, recent: bool) -> claims.Verdict | None:
    if recent or "pct" not in values:
        return None
    verdict, _ = claims.c09_rcep(
        values["pct"],
        values["pct_low"],
        values["pct_high"],
        values["years_in_force"],
        min_years=max(1, round(threshold)),
        pretrend=values.get("pretrend", False),
    )
    return verdict


RULES: dict[str, Callable[[dict, float, bool], claims.Verdict | None]] = {
    "C02": _c02,
    "C03": _c03,
    "C04": _c04,
    "C07": _c07,
    "C08": _c08,
    "C09": _c09,
}


def variants(claim_id: str, values: dict) -> dict[str, str]:
    """Variant name → the verdict the claim's rule gives under it (only the variants its values allow)."""
    rule = RULES.get(claim_id)
    if rule is None or not values:
        return {}
    base = claims.threshold(claim_id)
    found = {}
    for name, scale in SCALES.items():
        verdict = rule(values, base * scale, False)
        if verdict is not None:
            found[f"{name} ({base * scale:g})"] = str(verdict)
    recent = rule(values, base, True)
    if recent is not None:
        found[f"the last {LAST_YEARS} complete years only"] = str(recent)
    return found


def table(results: pd.DataFrame) -> pd.DataFrame:
    """One row per claim and variant: claim_id, variant, verdict, changed (differs from the recorded verdict)."""
    rows = []
    for row in results.itertuples():
        values = json.loads(row.values) if isinstance(row.values, str) and row.values else {}
        for variant, verdict in variants(row.claim_id, values).items():
            rows.append(
                {"claim_id": row.claim_id, "variant": variant, "verdict": verdict, "changed": verdict != row.verdict}
            )
    return pd.DataFrame(rows, columns=["claim_id", "variant", "verdict", "changed"])


def note(sensitivity: pd.DataFrame, claim_id: str) -> str:
    """'sensitive: the threshold doubled (2) gives "not supported"' or 'the same under: …' ('' without variants)."""
    rows = sensitivity[sensitivity["claim_id"] == claim_id]
    if rows.empty:
        return ""
    changed = rows[rows["changed"]]
    if len(changed):
        return language.text(
            "sensitive: {variants}",
            variants=language.text("; ").join(
                language.text(
                    '{variant} gives "{verdict}"',
                    variant=variant_words(r.variant),
                    verdict=reference.verdict_word(r.verdict),
                )
                for r in changed.itertuples()
            ),
        )
    return language.text(
        "the same under: {variants}", variants=language.text("; ").join(map(variant_words, rows["variant"]))
    )


def variant_words(variant: str) -> str:
    """A variant as the edition says it: "threshold halved (0.5)" (阈值减半（0.5）), "the last 5 complete years only"."""
    found = re.fullmatch(r"(threshold halved|threshold doubled) \((.*)\)", variant)
    if found:
        return language.text(
            language.marked("threshold halved ({value})")
            if found.group(1) == "threshold halved"
            else language.marked("threshold doubled ({value})"),
            value=found.group(2),
        )
    recent = re.fullmatch(r"the last (\d+) complete years only", variant)
    if recent:
        return language.text("the last {years} complete years only", years=recent.group(1))
    return variant
