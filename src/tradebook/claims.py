"""The claims ledger (data/reference/claims.csv) and the verdicts the notebooks compute for it.

Each theme notebook tests its claims and calls ``record``; the results table
(``<outputs>/tables/claims_results.csv``) has one row per claim and run parameters, which the
briefing reads. The verdict rules below are the ledger's ``rule`` column written as code.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pandas as pd

from . import atomic, config, reference
from .errors import SchemaError

VERDICTS = ("supported", "partly supported", "not supported", "not testable with the shipped data", "inconclusive",
            "not evaluated for this run")
RESULTS_NAME = "claims_results.csv"


def ledger() -> pd.DataFrame:
    """The claims ledger: claim_id, speaker, theme, claim, about_year, indicator, data, rule, threshold, notebook, source_url.

    ``about_year`` is the year the claim speaks of (the article's present, 2025, for most);
    ``threshold`` the smallest change the rule counts (a smaller one is "no clear change"), in
    the unit of the indicator, or empty where the rule has none.
    """
    table = reference.read_table("claims.csv", ["claim_id", "speaker", "theme", "claim", "about_year", "indicator", "data",
                                                "rule", "threshold", "notebook", "source_url"], dtype=str, keep_default_na=False)
    if table["claim_id"].duplicated().any():
        raise SchemaError("data/reference/claims.csv: claim_id values must be unique")
    return table


def scope(run: dict) -> str:
    """'' when the article's claims apply to this run, else the reason they are not evaluated.

    The claims are about China's trade with ASEAN, so they are evaluated for reporter CHN with
    ASEAN-10, ASEAN or one ASEAN-10 member as partner, and nowhere else.
    """
    reporter, partner = run.get("reporter", "CHN"), run.get("partner", "ASEAN-10")
    asean = reference.members("ASEAN-10")
    if reporter == "CHN" and (partner in ("ASEAN-10", "ASEAN") or partner in asean):
        return ""
    if partner == "CHN" and reporter in asean:
        return (f"the claims are about China's trade with ASEAN as China records it; this run is "
                f"{reference.name_of(reporter)}'s record of its trade with China (run reporter CHN, partner {reporter} to test them)")
    return (f"the claims are about China's trade with ASEAN; this run is {reference.name_of(reporter)} with "
            f"{partner if partner in reference.group_ids() else reference.name_of(partner)}")


def record(claim_id: str, verdict: str, evidence: str, values: dict, *, run: dict) -> pd.DataFrame:
    """Write (or replace) the result of one claim for this run's parameters; return the table.

    ``values``: the computed figures behind the evidence sentence (stored as JSON).
    ``run``: the run parameters (reporter, partner, year_start, year_end). Outside the claims'
    ``scope`` the verdict is "not evaluated for this run" with the reason, whatever was computed.
    """
    if claim_id not in set(ledger()["claim_id"]):
        raise SchemaError(f"claim {claim_id!r} is not in data/reference/claims.csv")
    if verdict not in VERDICTS:
        raise SchemaError(f"verdict {verdict!r} must be one of {VERDICTS}")
    reason = scope(run)
    if reason:
        verdict, evidence, values = VERDICTS[5], f"Not evaluated: {reason}.", {}
    path = config.TABLES_DIR / RESULTS_NAME
    table = pd.read_csv(path, dtype=str, keep_default_na=False) if path.exists() else pd.DataFrame()
    row = {"claim_id": claim_id, "verdict": verdict, "evidence": evidence,
           "values": json.dumps(values, default=float, sort_keys=True),
           **{k: str(v) for k, v in run.items()},
           "computed_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    if not table.empty:
        table = table[table["claim_id"] != claim_id]
    table = pd.concat([table, pd.DataFrame([row])], ignore_index=True).sort_values("claim_id")
    atomic.write_csv(table, path)
    return table


def results() -> pd.DataFrame:
    """The ledger joined with the recorded verdicts (claims not yet tested have an empty verdict)."""
    path = config.TABLES_DIR / RESULTS_NAME
    found = pd.read_csv(path, dtype=str, keep_default_na=False) if path.exists() else pd.DataFrame(columns=["claim_id", "verdict", "evidence", "values"])
    return ledger().merge(found, on="claim_id", how="left").fillna("")


def by_majority(hits: int, total: int, *, also: bool | None = None) -> str:
    """'supported' if a majority holds (and ``also`` when given), 'partly supported' if some, else 'not supported'."""
    if total == 0:
        return VERDICTS[3]
    majority = hits > total / 2
    if majority and also in (None, True):
        return VERDICTS[0]
    if majority or hits > 0 or also:
        return VERDICTS[1]
    return VERDICTS[2]


def threshold(claim_id: str) -> float:
    """The ledger's materiality threshold for ``claim_id`` (0 where the rule states none)."""
    value = ledger().set_index("claim_id").at[claim_id, "threshold"]
    return float(value) if value else 0.0


def direction(first: float, last: float, threshold: float) -> str:
    """'rose', 'fell' or 'no clear change' (|last − first| smaller than ``threshold``)."""
    change = last - first
    if abs(change) < threshold:
        return "no clear change"
    return "rose" if change > 0 else "fell"


def both_or_one(first: bool, second: bool) -> str:
    """'supported' if both conditions hold, 'partly supported' if exactly one does, 'not supported' if neither
    (the C02 rule: China the largest supplier of a majority of members; its median share rose)."""
    if first and second:
        return VERDICTS[0]
    return VERDICTS[1] if first or second else VERDICTS[2]


def trend_towards_zero(values: pd.Series, threshold: float = 0.0) -> str:
    """'supported' if |values| fell from the first to the last point by at least ``threshold``;
    'not supported' if it rose or changed less than that (no clear easing)."""
    values = values.dropna()
    if len(values) < 2:
        return VERDICTS[3]
    return VERDICTS[0] if direction(abs(values.iloc[0]), abs(values.iloc[-1]), threshold) == "fell" else VERDICTS[2]


def interval_against(low: float, high: float, threshold: float) -> str:
    """'supported' if the interval [low, high] lies wholly at or above ``threshold``, 'not supported'
    if wholly below, 'inconclusive' if it straddles it, 'not testable' if there is no interval."""
    if pd.isna(low) or pd.isna(high):
        return VERDICTS[3]
    if low >= threshold:
        return VERDICTS[0]
    if high < threshold:
        return VERDICTS[2]
    return VERDICTS[4]


def shortfall_note(data_last_year: int, about_year: int) -> str:
    """A sentence for evidence whose statistics stop before the year the claim is about ('' if not)."""
    gap = int(about_year) - int(data_last_year)
    if gap <= 0:
        return ""
    return f" The statistics end in {int(data_last_year)}, {gap} year{'s' if gap > 1 else ''} before {int(about_year)}, the year the claim is about."


def rcep_effect(pct: float, pct_low: float, pct_high: float, years_in_force: int, *, min_years: int) -> tuple[str, str]:
    """C09's verdict and the clause that qualifies it, from the RCEP gravity estimate (percent effect, 95% interval).

    The ledger's rule: supported if the interval lies wholly above zero, not supported if wholly
    below, inconclusive if it spans zero, not testable if no estimation year has RCEP in force.
    With fewer than ``min_years`` years in force the estimate is early, and the clause says so.
    """
    if years_in_force == 0 or pd.isna(pct):
        return VERDICTS[3], "no estimation year has RCEP in force"
    verdict = interval_against(pct_low, pct_high, 0.0)
    early = (f"; only {years_in_force} year{'s' if years_in_force > 1 else ''} in force in the data, "
             f"fewer than the {min_years} an agreement needs to show its effect: an early, uninformative estimate"
             if years_in_force < min_years else "")
    return verdict, early
