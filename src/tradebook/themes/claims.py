"""The claims ledger (data/reference/claims.csv) and the verdicts the notebooks compute for it.

Each claim has one rule function here (``c01_trillion`` … ``c09_rcep``): the ledger's ``rule``
column written as code, taking the indicator the notebook computed and returning a ``Verdict``.
The notebooks compute the indicators and the evidence sentence and call ``record``; the results
table (``<outputs>/tables/claims_results.csv``) has one row per claim and run parameters, which
the briefing reads. tests/test_claims.py exercises every branch of every rule.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

import numpy as np
import pandas as pd

from tradebook import atomic, config, language, locks, reference
from tradebook.errors import SchemaError
from tradebook.flows import series
from tradebook.sources import curated


class Verdict(StrEnum):
    """The verdicts a rule can give (their values are the words the briefing prints)."""

    SUPPORTED = "supported"
    PARTLY = "partly supported"
    NOT_SUPPORTED = "not supported"
    NOT_TESTABLE = "not testable with the shipped data"
    INCONCLUSIVE = "inconclusive"
    NOT_EVALUATED = "not evaluated for this run"


RESULTS_NAME = "claims_results.csv"


def ledger() -> pd.DataFrame:
    """The claims ledger: claim_id, speaker, theme, claim, short_name (a few words, for the batch index), about_year, indicator, data, rule,
    threshold, floor, notebook, source_url.

    ``about_year`` is the year the claim speaks of (the article's present, 2025, for most);
    ``threshold`` the smallest change the rule counts (a smaller one is "no clear change"), in
    the unit of the indicator, or empty where the rule has none.
    """
    table = reference.read_table(
        "claims.csv",
        [
            "claim_id",
            "speaker",
            "theme",
            "claim",
            "short_name",
            "about_year",
            "indicator",
            "data",
            "rule",
            "threshold",
            "floor",
            "notebook",
            "source_url",
        ],
        key=["claim_id"],
        dtype=str,
        keep_default_na=False,
    )
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
        return language.text(
            "the claims are about China's trade with ASEAN as China records it; this run is {reporter}'s record of its "
            "trade with China (run reporter CHN, partner {code} to test them)",
            reporter=reference.name_of(reporter),
            code=reporter,
        )
    return language.text(
        "the claims are about China's trade with ASEAN; this run is {reporter} with {partner}",
        reporter=reference.name_of(reporter),
        partner=reference.name_of(partner),  # a group by its id in English (ASEAN-10), its glossary name in Chinese
    )


def not_evaluated(reason: str) -> str:
    """The evidence of a claim outside the run's scope: "Not evaluated: <reason>." in the run's language."""
    return language.text("Not evaluated: {reason}.", reason=reason)


def not_evaluated_reason(evidence: str) -> str:
    """The reason in a not-evaluated claim's evidence (``not_evaluated``), without the words around it."""
    before, after = not_evaluated("\0").split("\0")
    return evidence.removeprefix(before).removesuffix(after).rstrip(".")


def record(
    claim_id: str, verdict: str, evidence: str, values: dict, *, run: dict, root: Path | None = None, notebook: str = ""
) -> pd.DataFrame:
    """Write (or replace) the result of one claim for this run's parameters in ``<root>/tables/`` (default: the run's outputs); return the table.

    ``values``: the computed figures behind the evidence sentence (stored as JSON).
    ``run``: the run parameters (reporter, partner, year_start, year_end). ``notebook``: the
    notebook that recorded it (its stem, kept as ``recorded_by``), so the runner's digest of that notebook's outputs
    covers its rows of the table. Outside the claims'
    ``scope`` the verdict is "not evaluated for this run" with the reason, whatever was computed.
    """
    if claim_id not in set(ledger()["claim_id"]):
        raise SchemaError(f"claim {claim_id!r} is not in data/reference/claims.csv")
    if verdict not in set(Verdict):
        raise SchemaError(f"verdict {verdict!r} must be one of {[str(v) for v in Verdict]}")
    reason = scope(run)
    if reason:
        verdict, evidence, values = Verdict.NOT_EVALUATED, not_evaluated(reason), {}
    path = (config.paths().outputs if root is None else Path(root)) / "tables" / RESULTS_NAME
    row = {
        "claim_id": claim_id,
        "verdict": str(verdict),
        "evidence": evidence,
        "values": json.dumps(values, default=float, sort_keys=True),
        "recorded_by": notebook,
        **{k: str(v) for k, v in run.items()},
        "computed_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with locks.exclusive(path.parent, wait=True):  # notebooks running at once record into one table
        table = pd.read_csv(path, dtype=str, keep_default_na=False) if path.exists() else pd.DataFrame()
        if not table.empty:
            table = table[table["claim_id"] != claim_id]
        table = pd.concat([table, pd.DataFrame([row])], ignore_index=True).sort_values("claim_id")
        atomic.write_csv(table, path)
    return table


def results() -> pd.DataFrame:
    """The ledger joined with the recorded verdicts (claims not yet tested have an empty verdict)."""
    path = config.paths().tables / RESULTS_NAME
    found = (
        pd.read_csv(path, dtype=str, keep_default_na=False)
        if path.exists()
        else pd.DataFrame(columns=["claim_id", "verdict", "evidence", "values"])
    )
    return ledger().merge(found, on="claim_id", how="left").fillna("")


def threshold(claim_id: str) -> float:
    """The ledger's materiality threshold for ``claim_id`` (0 where the rule states none)."""
    value = ledger().set_index("claim_id").at[claim_id, "threshold"]
    return float(value) if value else 0.0


def floor(claim_id: str) -> float:
    """The ledger's floor for ``claim_id``: the level below which a member or a reading does not count (0 where the rule states none)."""
    value = ledger().set_index("claim_id").at[claim_id, "floor"]
    return float(value) if value else 0.0


def direction(first: float, last: float, threshold: float) -> str:
    """'rose', 'fell' or 'no clear change' (|last − first| smaller than ``threshold``)."""
    change = last - first
    if abs(change) < threshold:
        return "no clear change"
    return "rose" if change > 0 else "fell"


def interval_against(low: float, high: float, line: float) -> Verdict:
    """SUPPORTED if the interval [low, high] lies wholly at or above ``line``, NOT_SUPPORTED if wholly
    below, INCONCLUSIVE if it straddles it, NOT_TESTABLE if there is no interval."""
    if pd.isna(low) or pd.isna(high):
        return Verdict.NOT_TESTABLE
    if low >= line:
        return Verdict.SUPPORTED
    return Verdict.NOT_SUPPORTED if high < line else Verdict.INCONCLUSIVE


def c01_trillion(low: float, high: float, *, line: float = 1e12) -> Verdict:
    """C01: the projected 2025 total's interval (USD) against USD 1 trillion (``interval_against``);
    NOT_TESTABLE when no projection in USD exists (NaN bounds)."""
    return interval_against(low, high, line)


def c01_published(low: float, high: float, *, line: float = 1e12) -> Verdict:
    """C01 on the published full year: the range of the published figure in USD that its rounding allows (yuan figure
    and GACC's rate each at the ends of their last printed digit) against USD 1 trillion (``interval_against``)."""
    return interval_against(low, high, line)


def c01_record_note(headline: pd.DataFrame, agency: str) -> str:
    """Whose record C01's figure is, and how much less the partners record of the same trade (the mirror, latest year both hold).

    ``headline``: the 02_headline rows (year, series, side, value_usd); ``agency``: who published the figure (GACC).
    """
    row = series.mirror_pair(headline)
    note = language.after(
        language.text(
            "The figure is China's own record (its customs, {agency}).", agency=reference.publisher_name(agency)
        )
    )
    if row is None:
        return note + language.after(language.text("No year holds the partners' record beside it."))
    gap = 100 * (row["value_usd_mirror"] / row["value_usd_own"] - 1)
    recorded = (
        language.marked(
            "In {year} the partners recorded {gap:.0f}% less of the same trade — {mirror} against {own}. CIF valuation "
            "and re-exports through Hong Kong would make the partners' record larger, not smaller: the shortfall points "
            "to under-declaration at import, informal border trade and transit (the context note names the members it "
            "sits in)."
        )
        if gap < 0
        else language.marked(
            "In {year} the partners recorded {gap:.0f}% more of the same trade — {mirror} against {own}. CIF valuation "
            "and re-exports through Hong Kong would make the partners' record larger, not smaller: the shortfall points "
            "to under-declaration at import, informal border trade and transit (the context note names the members it "
            "sits in)."
        )
    )
    return note + language.after(
        language.text(recorded, year=int(row["year"]), gap=abs(gap), mirror=row["series_mirror"], own=row["series_own"])
    )


def c02_hard_to_substitute(
    largest_for: int, members: int, median_share_change: str, dependent_members: int | None = None
) -> Verdict:
    """C02 "hard to substitute", at the level the data reach.

    With product data (``dependent_members``: members for which the products where China
    supplies more than half of the member's imports carry at least half of its imports from
    China): China the largest import source of a majority of members and a majority dependent
    SUPPORTED, one of the two PARTLY, neither NOT_SUPPORTED. With aggregate data only
    (``dependent_members`` None), an import share measures importance, not substitutability:
    at most PARTLY (the largest source of a majority, or a median share that ``"rose"``),
    NOT_SUPPORTED if neither.
    """
    if members == 0:
        return Verdict.NOT_TESTABLE
    if dependent_members is None:
        return Verdict.PARTLY if largest_for > members / 2 or median_share_change == "rose" else Verdict.NOT_SUPPORTED
    held = [largest_for > members / 2, dependent_members > members / 2]
    return Verdict.SUPPORTED if all(held) else Verdict.PARTLY if any(held) else Verdict.NOT_SUPPORTED


def c03_imbalances_ease(recent: pd.Series, threshold: float, *, whole: pd.Series | None = None) -> Verdict:
    """C03 "imbalances will ease", a forecast: the data test the trend so far.

    ``recent``: the normalised balance over the last five complete years held; ``whole``: over
    the run's whole window. SUPPORTED if |balance| fell by at least ``threshold`` over the last
    five years (and over the whole window when given); NOT_SUPPORTED if it rose or moved less,
    over both; INCONCLUSIVE when the two windows disagree (the reading is sensitive to the
    window); NOT_TESTABLE with fewer than two years.
    """
    values = recent.dropna()
    if len(values) < 2:
        return Verdict.NOT_TESTABLE
    eased = direction(abs(values.iloc[0]), abs(values.iloc[-1]), threshold) == "fell"
    if whole is not None and len(whole.dropna()) >= 2:
        long = whole.dropna()
        if (direction(abs(long.iloc[0]), abs(long.iloc[-1]), threshold) == "fell") != eased:
            return Verdict.INCONCLUSIVE
    return Verdict.SUPPORTED if eased else Verdict.NOT_SUPPORTED


def c03_reading(values: pd.Series, threshold: float) -> str:
    """'+0.12 (2019) → +0.19 (2024): moved away from zero' for a normalised balance by year."""
    values = values.dropna()
    moved = {
        "rose": language.marked("moved away from zero"),
        "fell": language.marked("moved towards zero"),
        "no clear change": language.marked("no clear change"),
    }[direction(abs(values.iloc[0]), abs(values.iloc[-1]), threshold)]
    return language.text(
        "{first:+.3f} ({first_year}) → {last:+.3f} ({last_year}): {moved}",
        first=values.iloc[0],
        first_year=values.index[0],
        last=values.iloc[-1],
        last_year=values.index[-1],
        moved=language.text(moved),
    )


def c04_upgrading(
    members_quality_rising: int, members_counted: int, *, product_level: bool, quantity_held: bool = True
) -> Verdict:
    """C04 "upgrading … export quality", judged on a quality proxy among the members where the chapters matter.

    ``members_counted``: members whose exports of HS 84, 85 and 90 reach the ledger's floor
    (``floor("C04")``, % of the member's exports): a rise in a chapter a member hardly exports
    says nothing of its export quality. The proxy is the export unit value relative to the
    world's. At HS 2 digits a chapter's unit value moves with the mix of products inside it as
    much as with their quality, so the verdict is INCONCLUSIVE whatever the count. With unit
    values within HS 6 lines (``product_level``; Schott 2004, QJE 119(2), the field's standard
    proxy of quality) a majority of the members counted rising is PARTLY (the investment half
    cannot be tested: never SUPPORTED), a minority NOT_SUPPORTED. No member counted, or no
    usable quantity: INCONCLUSIVE; no data at all: NOT_TESTABLE.
    """
    if members_counted < 0:
        return Verdict.NOT_TESTABLE
    if not quantity_held or members_counted == 0 or not product_level:
        return Verdict.INCONCLUSIVE
    return Verdict.PARTLY if members_quality_rising > members_counted / 2 else Verdict.NOT_SUPPORTED


def c04_evidence(
    quality: pd.DataFrame, shares: pd.Series, weights: pd.Series, first: int, last: int, *, names: dict[str, str]
) -> str:
    """C04's evidence: which members the chapters matter for (their share of exports against the floor), the quality proxy
    among them, counted and weighted by the chapters' exports, and why HS 2 digits cannot decide.

    ``quality``: ``panels.unit_value_change`` rows (member, change_pct); ``shares``: HS 84/85/90 as % of each member's
    exports in ``last`` (ISO3 index); ``weights``: the chapters' exports in ``last`` (USD, ISO3 index).
    """
    step, floor_pct = threshold("C04"), floor("C04")
    counted = shares[shares >= floor_pct].index
    left_out = shares[shares < floor_pct].sort_values()
    held = quality[quality["member"].isin(counted)].dropna(subset=["change_pct"]).set_index("member")
    if len(shares) == 1:  # one partner: its share against the floor, no count
        only = shares.index[0]
        said = language.text(
            language.marked(
                "HS 84, 85 and 90 make {share:.1f}% of {member}'s exports in {year}, at or above the floor of {floor:g}%."
            )
            if len(counted)
            else language.marked(
                "HS 84, 85 and 90 make {share:.1f}% of {member}'s exports in {year}, below the floor of {floor:g}%."
            ),
            share=shares.iat[0],
            member=names.get(only, only),
            year=last,
            floor=floor_pct,
        )
    else:
        left = language.listed(
            [language.text("{member} ({share:.1f}%)", member=names.get(m, m), share=v) for m, v in left_out.items()]
        )
        said = language.text(
            language.marked(
                "HS 84, 85 and 90 make at least {floor:g}% of exports in {counted} of {members} members in {year}; left "
                "out below that floor: {left}."
            )
            if len(left_out)
            else language.marked(
                "HS 84, 85 and 90 make at least {floor:g}% of exports in {counted} of {members} members in {year}."
            ),
            floor=floor_pct,
            counted=len(counted),
            members=len(shares),
            year=last,
            left=left,
        )
    not_tested = language.text("No investment data are shipped, so the role of Chinese investment is not tested.")
    if held.empty:
        return language.joined(
            said,
            language.text(
                "No usable export quantity is held for those chapters in {first} and {last}: the quality proxy cannot be "
                "formed. At HS 2 digits it would mix product composition with quality in any case; no investment data "
                "are shipped.",
                first=first,
                last=last,
            ),
        )
    rising = int((held["change_pct"] >= step).sum())
    weighted = float((held["change_pct"] * weights.reindex(held.index)).sum() / weights.reindex(held.index).sum())
    top, bottom = held["change_pct"].idxmax(), held["change_pct"].idxmin()
    proxy = dict(source=series.SOURCE_LABELS["baci_hs2"], first=first, last=last, step=step)
    if len(held) == 1:
        moved = language.text(
            language.marked(
                "The export unit value relative to the world's (USD per tonne, {source}) changed by {change:+.1f}% "
                "between {first} and {last} (at least {step:g}%)."
            )
            if rising
            else language.marked(
                "The export unit value relative to the world's (USD per tonne, {source}) changed by {change:+.1f}% "
                "between {first} and {last} (less than {step:g}%)."
            ),
            change=held["change_pct"].iat[0],
            **proxy,
        )
    else:
        moved = language.text(
            "Among them, the export unit value relative to the world's (USD per tonne, {source}) rose by at least "
            "{step:g}% between {first} and {last} in {rising} of {members} (a count of members, unweighted); weighted by "
            "the chapters' exports the change is {weighted:+.1f}% (from {bottom} {low:+.0f}% to {top} {high:+.0f}%).",
            rising=rising,
            members=len(held),
            weighted=weighted,
            bottom=names.get(bottom, bottom),
            low=held.at[bottom, "change_pct"],
            top=names.get(top, top),
            high=held.at[top, "change_pct"],
            **proxy,
        )
    return language.joined(said, moved, language.text(HS2_CAUTION), not_tested)


HS2_CAUTION = language.marked(
    "At HS 2 digits a chapter's unit value moves with the mix of products inside it as much as with their quality, so "
    "these moves cannot be read as upgrading: relative unit values within HS 6 lines (Schott 2004), which need "
    "product-level quantities, would decide."
)


def spread(values: pd.Series) -> str:
    """An index's values across members as words: "77" for one, "45–77 (median 62)" for several."""
    if len(values) == 1:
        return f"{float(values.iloc[0]):.0f}"
    return language.text(
        "{low:.0f}–{high:.0f} (median {median:.0f})", low=values.min(), high=values.max(), median=values.median()
    )


def c05_complementarity(
    relative_hits: int,
    members: int,
    forward_median: float,
    backward_median: float,
    *,
    floor: float,
    product_level: bool,
) -> Verdict:
    """C05 "strong complementarity", read two ways.

    Absolute: the index's level on its 0–100 scale, in both directions of trade (the reporter's
    exports against members' imports, members' exports against the reporter's imports), median
    member at or above ``floor``. Relative: the reporter's index at or above the benchmark
    exporters' median for a majority of members. With product-level data (``product_level``)
    both SUPPORTED, one PARTLY, neither NOT_SUPPORTED; at HS sections (21 groups, one year) the
    index runs high and cannot see fit within a section, so PARTLY at most, NOT_SUPPORTED if
    neither holds. NOT_TESTABLE without an index for any member.
    """
    if members == 0:
        return Verdict.NOT_TESTABLE
    held = [relative_hits > members / 2, min(forward_median, backward_median) >= floor]
    if not product_level:
        return Verdict.PARTLY if any(held) else Verdict.NOT_SUPPORTED
    return Verdict.SUPPORTED if all(held) else Verdict.PARTLY if any(held) else Verdict.NOT_SUPPORTED


def c05_complementarity_test(
    tci: pd.DataFrame,
    backward: pd.DataFrame,
    reporter: str,
    benchmarks: list[str],
    *,
    names: dict[str, str],
    about: str,
    product_level: bool,
) -> tuple[Verdict, str, dict]:
    """C05 on complementarity tables (``exporter, importer, year, tci``): in the latest year the reporter holds,
    its index with each member (``tci``) and each member's index with it (``backward``), against the ledger's
    floor on the 0–100 scale and against the benchmark exporters with the same member.

    ``about`` names the data (e.g. OEC's 21 HS sections); ``product_level`` whether they are products
    rather than sections. Returns (verdict, evidence sentence, values).
    """
    name = reference.name_of(reporter)
    mine = tci[tci["exporter"] == reporter]
    if mine.empty:
        return (
            Verdict.NOT_TESTABLE,
            language.text(
                "No complementarity index for {reporter} in the chosen years ({about}).", reporter=name, about=about
            ),
            {},
        )
    latest = int(mine["year"].max())
    wide = tci[tci["year"] == latest].pivot(index="importer", columns="exporter", values="tci")
    present = [b for b in benchmarks if b in wide]
    if not present:
        return (
            Verdict.NOT_TESTABLE,
            language.text(
                "No benchmark exporter's index in {year} to compare {reporter} with ({about}).",
                year=latest,
                reporter=name,
                about=about,
            ),
            {},
        )
    level_floor = floor("C05")
    forward = wide[reporter].dropna()
    back = (
        backward[(backward["year"] == latest) & (backward["importer"] == reporter)]
        .set_index("exporter")["tci"]
        .reindex(forward.index)
        .dropna()
    )
    gaps = (wide[reporter] - wide[present].median(axis=1)).dropna()
    hits, total = int((gaps >= 0).sum()), len(gaps)
    beaten = language.listed(
        [
            language.text(
                "{benchmark} for {members}",
                benchmark=reference.name_of(b),
                members=int((wide[reporter] >= wide[b]).sum()),
            )
            for b in present
        ]
    )
    forward_median, back_median = float(forward.median()), float(back.median()) if len(back) else float("nan")
    one = total == 1
    above = min(forward_median, back_median) >= level_floor
    fit = dict(
        year=latest,
        about=about,
        reporter=name,
        partner=reference.name_of(str(forward.index[0])),
        forward=spread(forward),
        back=spread(back) if len(back) else language.text("no index (no import record of the reporter)"),
        floor=level_floor,
    )
    levels = {
        (True, True): language.marked(
            "In {year} ({about}), {reporter}'s exports fit {partner}'s imports at {forward} on the 0–100 scale and "
            "{partner}'s exports fit {reporter}'s imports at {back}: at or above the ledger's floor of {floor:g} in both "
            "directions."
        ),
        (True, False): language.marked(
            "In {year} ({about}), {reporter}'s exports fit {partner}'s imports at {forward} on the 0–100 scale and "
            "{partner}'s exports fit {reporter}'s imports at {back}: below the ledger's floor of {floor:g} in at least "
            "one direction."
        ),
        (False, True): language.marked(
            "In {year} ({about}), {reporter}'s exports fit members' imports at {forward} on the 0–100 scale and "
            "members' exports fit {reporter}'s imports at {back}: at or above the ledger's floor of {floor:g} in both "
            "directions."
        ),
        (False, False): language.marked(
            "In {year} ({about}), {reporter}'s exports fit members' imports at {forward} on the 0–100 scale and "
            "members' exports fit {reporter}'s imports at {back}: below the ledger's floor of {floor:g} in at least one "
            "direction."
        ),
    }[(one, above)]
    suppliers = dict(
        reporter=name,
        benchmarks=language.listed([reference.name_of(b) for b in present]),
        partner=fit["partner"],
        gap=gaps.median(),
        hits=hits,
        total=total,
    )
    if one:
        at_or_above = language.listed([reference.name_of(b) for b in present if (wide[reporter] >= wide[b]).all()])
        against = language.text(
            language.marked(
                "Against other suppliers, {reporter} matched or beat the median of {benchmarks} in {partner}'s imports "
                "(gap {gap:+.1f} points); it was at or above {beaten}."
            )
            if hits
            else language.marked(
                "Against other suppliers, {reporter} fell short of the median of {benchmarks} in {partner}'s imports "
                "(gap {gap:+.1f} points); it was at or above {beaten}."
            ),
            beaten=at_or_above or language.text("none of them"),
            **suppliers,
        )
    else:
        against = language.text(
            "Against other suppliers, {reporter} matched or beat the median of {benchmarks} for {hits} of {total} "
            "members (median gap {gap:+.1f} points); it was at or above {beaten} of {total}.",
            beaten=beaten,
            **suppliers,
        )
    sentence = language.joined(language.text(levels, **fit), against)
    if not product_level:
        sentence = language.joined(
            sentence,
            language.text(
                "At {grain} and one year the index runs high and cannot see whether products fit within a section: at "
                "most partly supported without product-level data (UN Comtrade or CEPII BACI at HS6, which the "
                "workbook's refresh fetches).",
                grain=re.split("[,，]", about)[0],
            ),
        )
    values = {
        "members_at_or_above": hits,
        "members": total,
        "year": latest,
        "forward_median": forward_median,
        "backward_median": back_median,
    }
    return (
        c05_complementarity(hits, total, forward_median, back_median, floor=level_floor, product_level=product_level),
        sentence,
        values,
    )


def c02_dependence(dominant: pd.DataFrame, *, names: dict[str, str], about: str) -> tuple[int, str]:
    """C02's product-level evidence from ``products.dominant_products`` rows: (members dependent, sentence).

    A member is dependent when the products in which the reporter supplies more than half of its
    imports carry at least half of what it imports from the reporter.
    """
    dependent = int((dominant["over_half_value_pct"] >= 50).sum())
    most = dominant.sort_values("over_half_value_pct").iloc[-1]
    sentence = language.after(
        language.text(
            "By product ({about}): the products in which it supplies more than half of a member's imports carry at least "
            "half of that member's imports from it for {dependent} of {members} members (highest {member}, {share:.0f}% of "
            "its imports from it, {dominated} of {products} products, {year}).",
            about=about,
            dependent=dependent,
            members=len(dominant),
            member=names.get(most.member, most.member),
            share=most.over_half_value_pct,
            dominated=int(most.over_half),
            products=int(most.products),
            year=int(most.year),
        )
    )
    return dependent, sentence


AGGREGATE_ONLY_NOTE = language.marked(
    "Aggregate import shares measure importance, not substitutability: without product-level data (UN Comtrade or "
    "CEPII BACI at HS6, which the workbook's refresh fetches) the verdict is at most partly supported."
)
DIRECTIONS = (  # ``direction`` and ``trend``'s words
    language.marked("rose"),
    language.marked("fell"),
    language.marked("no clear change"),
    language.marked("rose, then fell"),
)


def trend(values: pd.Series, threshold: float) -> dict:
    """The trend of a yearly series over the whole window, not two endpoints.

    slope: least-squares slope on the year (units a year); change: the fitted change over the
    window (slope × (last − first year)); peak_year and since_peak: the highest year and the
    fall from it to the last year. direction: "rose" (fitted change ≥ ``threshold`` and no fall
    of ``threshold`` since the peak), "rose, then fell" (a rise that has since fallen back by the
    threshold), "fell" (fitted change ≤ −threshold), else "no clear change".
    """
    values = values.dropna().sort_index()
    span = (
        {"first_year": int(values.index.min()), "last_year": int(values.index.max())}
        if len(values)
        else {"first_year": None, "last_year": None}
    )
    if len(values) < 2:
        peak_year = int(values.idxmax()) if len(values) else None
        return {
            "slope": float("nan"),
            "change": float("nan"),
            "peak_year": peak_year,
            "since_peak": 0.0 if len(values) else float("nan"),
            "direction": "no clear change",
            **span,
        }
    years = values.index.to_numpy(dtype=float)
    slope = float(np.polyfit(years, values.to_numpy(dtype=float), 1)[0])
    change = slope * (years[-1] - years[0])
    peak_year = int(values.idxmax())
    since_peak = float(values.iloc[-1] - values.max())
    if change >= threshold:
        direction = "rose, then fell" if -since_peak >= threshold else "rose"
    elif change <= -threshold:
        direction = "fell"
    else:
        direction = "no clear change"
    return {
        "slope": slope,
        "change": change,
        "peak_year": peak_year,
        "since_peak": since_peak,
        "direction": direction,
        **span,
    }


def share_trend(table: pd.DataFrame, first: int, last: int, threshold: float) -> tuple[dict, str]:
    """``trend`` of a WDI share (``series.wdi_share`` rows) over ``first``–``last``, leaving out years with a member missing.

    Returns (trend, sentence part naming the years left out).
    """
    inside = table[table["year"].between(first, last)]
    complete = inside[inside["reporting"] == inside["expected"]]
    left_out = sorted(int(y) for y in inside.loc[inside["reporting"] < inside["expected"], "year"])
    found = trend(complete.set_index("year")["share_pct"], threshold)
    gap = (
        language.text("; {years} left out (a member missing)", years=language.listed([str(y) for y in left_out]))
        if left_out
        else ""
    )
    return found, gap


def complete_shares(table: pd.DataFrame, first: int, last: int) -> dict[int, float]:
    """Year → share for the years of ``first``–``last`` with every member reporting (what ``share_trend`` reads), for the record."""
    inside = table[table["year"].between(first, last) & (table["reporting"] == table["expected"])]
    return {int(year): float(share) for year, share in zip(inside["year"], inside["share_pct"])}


def c07_share_sentence(label: str, found: dict, gap: str) -> str:
    """'RCEP-15 share of world GDP: +0.15 point a year, fitted over 2011–2024 (fitted change +1.9 points), peak 2021, −0.6 since: rose, then fell'.

    The years named are those the fit used (``trend``'s first and last year), never the window asked for.
    """
    if found["first_year"] is None:
        return language.text("{label}: no year with every member reporting{gap}", label=label, gap=gap)
    return language.text(
        "{label}: {slope:+.2f} point a year, fitted over {first}–{last} (fitted change {change:+.1f} points), peak "
        "{peak} ({since:+.1f} since){gap}: {direction}",
        label=label,
        slope=found["slope"],
        first=found["first_year"],
        last=found["last_year"],
        change=found["change"],
        peak=found["peak_year"],
        since=found["since_peak"],
        gap=gap,
        direction=language.text(found["direction"]),
    )


def c06_smes() -> Verdict:
    """C06: firm counts by enterprise size in China–ASEAN trade are not public: NOT_TESTABLE."""
    return Verdict.NOT_TESTABLE


def c06_evidence(latest_private: pd.Series, latest_firms: pd.Series, msme: pd.DataFrame) -> str:
    """C06's sentence: why the claim cannot be checked, then the closest published evidence, each figure with its source.

    ``latest_private``: the latest row of private enterprises' share of China's exports (period,
    private_share_pct); ``latest_firms``: the latest count of private trading firms (period,
    value); ``msme``: ASEAN MSME indicators (the first export-share range is quoted).
    """
    export_share = msme[msme["indicator"].str.contains("export", case=False) & (msme["value_low"] != "")].iloc[0]
    return language.joined(
        language.text(
            "No public source counts the firms in China–ASEAN trade by size, so the article's share of small and "
            "medium-sized firms cannot be checked."
        ),
        language.text(
            "Closest evidence: private enterprises handled {private:.1f}% of China's exports in {period} (GACC); "
            "{firms:,} private firms traded in {firms_period}; across ASEAN, SMEs account for {low:g}–{high:g}% of "
            "exports ({agency}), far less than their share of firms.",
            private=latest_private["private_share_pct"],
            period=curated.period_label(str(latest_private["period"]).split(" (")[0]),
            firms=int(float(latest_firms["value"])),
            firms_period=curated.period_label(str(latest_firms["period"])),
            low=float(export_share["value_low"]),
            high=float(export_share["value_high"]),
            agency=export_share["source_agency"],
        ),
    )


def c07_eastward_shift(gdp_share_rose: bool, export_share_rose: bool, china_ahead: int, members: int) -> Verdict:
    """C07: RCEP-15's world GDP and export shares both rose (by the threshold) and China's share in
    members' trade beats the US share for a majority: all three SUPPORTED, some PARTLY, none NOT_SUPPORTED."""
    held = [gdp_share_rose, export_share_rose, members > 0 and china_ahead > members / 2]
    return Verdict.SUPPORTED if all(held) else Verdict.PARTLY if any(held) else Verdict.NOT_SUPPORTED


COARSE_LEVELS = {"HS2", "SITC2"}  # whole chapters or groups: the AI basket is only an upper bound there


def c08_ai_goods(series_faster: int, series: int, levels: set[str] | frozenset[str] = frozenset({"HS6"})) -> Verdict:
    """C08: AI-related goods grew faster than total trade (by the threshold) in a majority of the bilateral
    series. Needs the basket's own codes (HS4/HS6 ``levels``): PARTLY for a majority (services cannot be
    measured, so never SUPPORTED), NOT_SUPPORTED otherwise. Where only whole chapters (HS2/SITC2) are
    held the series is an upper bound that cannot tell AI goods from the rest: INCONCLUSIVE."""
    if series == 0:
        return Verdict.NOT_TESTABLE
    if set(levels) <= COARSE_LEVELS:
        return Verdict.INCONCLUSIVE
    return Verdict.PARTLY if series_faster > series / 2 else Verdict.NOT_SUPPORTED


def c08_level_note(levels: set[str]) -> str:
    """The sentence C08's evidence adds when only whole chapters are held ('' when the basket's own codes are)."""
    if not set(levels) <= COARSE_LEVELS:
        return ""
    return language.text(
        "Only whole chapters or groups are held (HS2, SITC2): an upper bound of the basket that cannot tell AI goods "
        "from the rest of those chapters; HS6 data (UN Comtrade or CEPII BACI, which the workbook's refresh fetches) decide."
    )


def c08_evidence(
    growth: pd.DataFrame,
    faster: int,
    threshold: float,
    held: str,
    commodities: pd.DataFrame,
    *,
    pair: str,
    basis: str = "",
) -> str:
    """C08's sentence: in how many bilateral series the basket outgrew total trade, each series' two growth rates, the level caveat,
    China's IC exports as customs published them, where the basket's lines come from (``basis``, from
    ``basket.references_note``) and what goods statistics cannot measure.

    ``growth``: per series member, from, to, level_used, basket_cagr_pct, total_cagr_pct (% a year);
    ``commodities``: the customs AI-related commodity lines (flow, commodity, period, value_yoy_pct).
    """
    if len(growth):
        parts = [
            language.text(
                "{member} {first}–{last} ({level}): {basket:+.1f}% vs {total:+.1f}% a year",
                member=r.member,
                first=r["from"],
                last=r["to"],
                level=r.level_used,
                basket=r.basket_cagr_pct,
                total=r.total_cagr_pct,
            )
            for _, r in growth.iterrows()
        ]
        sentences = [
            language.text(
                "AI-related goods grew faster than total bilateral trade, by at least {threshold:g} percentage point a "
                "year, in {faster} of {series} series ({held}: {parts}).",
                threshold=threshold,
                faster=faster,
                series=len(growth),
                held=held,
                parts=language.text("; ").join(parts),
            ),
            c08_level_note(set(growth["level_used"])),
        ]
    else:
        sentences = [
            language.text("No bilateral product data between {pair} are held (shipped or refreshed).", pair=pair)
        ]
    chips = commodities[
        (commodities["flow"] == "exports")
        & commodities["commodity"].str.contains("integrated circuits")
        & (commodities["value_yoy_pct"] != "")
    ]
    if len(chips):
        latest = chips.iloc[-1]
        sentences.append(
            language.text(
                "China's IC exports grew {growth:+.1f}% in {period} (GACC).",
                growth=float(latest["value_yoy_pct"]),
                period=curated.period_label(str(latest["period"])),
            )
        )
    return language.joined(
        *sentences,
        basis.strip(),
        language.text("Data services, models and applications are services and are not measured here."),
    )


def shortfall_note(data_last_year: int, about_year: int) -> str:
    """A sentence for evidence whose statistics stop before the year the claim is about ('' if not)."""
    gap = int(about_year) - int(data_last_year)
    if gap <= 0:
        return ""
    said = (
        language.marked("The statistics end in {end}, {gap} years before {year}, the year the claim is about.")
        if gap > 1
        else language.marked("The statistics end in {end}, {gap} year before {year}, the year the claim is about.")
    )
    return language.after(language.text(said, end=int(data_last_year), gap=gap, year=int(about_year)))


def c09_rcep(
    pct: float, pct_low: float, pct_high: float, years_in_force: int, *, min_years: int, pretrend: bool = False
) -> tuple[Verdict, str]:
    """C09's verdict and the clause that qualifies it, from the RCEP gravity estimate (percent effect, 95% confidence interval).

    The ledger's rule: NOT_TESTABLE if no estimation year has RCEP in force; INCONCLUSIVE when a
    lead is significant (``pretrend``: trade was already moving, the effect is not identified),
    when RCEP has been in force fewer than ``min_years`` years (early: agreements phase in over
    years), or when the interval spans zero; otherwise SUPPORTED if the interval lies wholly
    above zero, NOT_SUPPORTED if wholly below.
    """
    if years_in_force == 0 or pd.isna(pct):
        return Verdict.NOT_TESTABLE, language.text("no estimation year has RCEP in force")
    if pretrend:
        return (
            Verdict.INCONCLUSIVE,
            language.text("; a lead of RCEP is significant: a pre-existing trend, the effect is not identified"),
        )
    if years_in_force < min_years:
        return Verdict.INCONCLUSIVE, language.text(
            language.marked(
                "; only {years} years in force in the data, fewer than the {needed} an agreement needs to show its "
                "effect: an early, uninformative estimate"
            )
            if years_in_force > 1
            else language.marked(
                "; only {years} year in force in the data, fewer than the {needed} an agreement needs to show its "
                "effect: an early, uninformative estimate"
            ),
            years=years_in_force,
            needed=min_years,
        )
    return interval_against(pct_low, pct_high, 0.0), ""
