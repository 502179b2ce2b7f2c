"""Cross-checks between sources: mirror statistics and official published totals.

Mirror gap (UNCTAD/WITS usage): the same trade as recorded by the two partners. For the pair
(China, m) in year t, ``gap_pct = 100 · (partner-reported − China-reported) / China-reported``,
on total trade (exports + imports). Exports are FOB and imports CIF, so a few percent of gap is
expected from freight and insurance alone; timing, re-exports via third places and
classification of origin explain the rest.
"""

from __future__ import annotations

import pandas as pd

from . import aggregate, reference


def _two_way(annual_rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Exports + imports per ``keys``, complete only if both flows are present and complete."""
    both = annual_rows.groupby(keys, observed=True).agg(
        value_usd=("value_usd", "sum"), n_flows=("flow", "nunique"), complete=("complete", "all"),
        note=("note", aggregate.join_notes),
    ).reset_index()
    one_way = both["n_flows"] < 2
    both.loc[one_way, "note"] = (both.loc[one_way, "note"] + "; only one flow").str.strip("; ")
    both["complete"] = both["complete"] & ~one_way
    return both.drop(columns="n_flows")


def mirror_totals(flows: pd.DataFrame, reporter: str, partners: list[str], *, source: str = "imf_dots") -> pd.DataFrame:
    """Reporter-recorded vs partner-recorded total trade for each partner and year.

    Columns: partner, year, reported_usd, mirror_usd, gap_pct, complete, note.
    """
    rows = flows[(flows["source"] == source) & (flows["classification"] == "TOTAL")]
    yearly = aggregate.annual(rows)
    own = _two_way(yearly[(yearly["reporter"] == reporter) & yearly["partner"].isin(partners)], ["partner", "year"])
    mirror = _two_way(yearly[yearly["reporter"].isin(partners) & (yearly["partner"] == reporter)], ["reporter", "year"])
    mirror = mirror.rename(columns={"reporter": "partner"})
    out = own.merge(mirror, on=["partner", "year"], how="outer", suffixes=("_reported", "_mirror"))
    out = out.rename(columns={"value_usd_reported": "reported_usd", "value_usd_mirror": "mirror_usd"})
    out["gap_pct"] = 100 * (out["mirror_usd"] - out["reported_usd"]) / out["reported_usd"]
    out["complete"] = out["complete_reported"].fillna(False).astype(bool) & out["complete_mirror"].fillna(False).astype(bool)
    out["note"] = [
        "; ".join(filter(None, [
            f"{reporter}-reported: {a}" if isinstance(a, str) and a else ("" if pd.notna(r) else f"no {reporter}-reported data"),
            f"partner-reported: {b}" if isinstance(b, str) and b else ("" if pd.notna(m) else "no partner-reported data"),
        ]))
        for a, b, r, m in zip(out["note_reported"], out["note_mirror"], out["reported_usd"], out["mirror_usd"])
    ]
    out.loc[~out["complete"], "gap_pct"] = float("nan")
    return out[["partner", "year", "reported_usd", "mirror_usd", "gap_pct", "complete", "note"]].sort_values(
        ["partner", "year"]).reset_index(drop=True)


def group_two_way(flows: pd.DataFrame, reporter: str, group: str, *, source: str = "imf_dots") -> pd.DataFrame:
    """Reporter's exports, imports and total trade with ``group`` by year (USD).

    Columns: year, export_usd, import_usd, total_usd, complete, note, flag (data-quality
    markers of any month summed, e.g. imf_allocated for China's Jan–Feb 2020).
    """
    rows = flows[(flows["source"] == source) & (flows["classification"] == "TOTAL") & (flows["reporter"] == reporter)]
    by_group = aggregate.group_total(aggregate.annual(rows), group, side="partner")
    wide = by_group.pivot_table(index="year", columns="flow", values="value_usd", aggfunc="sum")
    complete = by_group.groupby(["year", "flow"])["complete"].all().unstack()
    notes = by_group.groupby("year")["note"].agg(aggregate.join_notes)
    flags = by_group.groupby("year")["flag"].agg(aggregate.join_flags)
    out = pd.DataFrame({"year": wide.index,
                        "export_usd": wide.get("export"), "import_usd": wide.get("import")}).reset_index(drop=True)
    out["total_usd"] = out["export_usd"] + out["import_usd"]
    both = complete.reindex(columns=["export", "import"]).fillna(False).astype(bool).all(axis=1)
    out["complete"] = out["year"].map(both).fillna(False).astype(bool)
    out["note"] = out["year"].map(notes).fillna("")
    out["flag"] = out["year"].map(flags).fillna("")
    missing_import = out["import_usd"].isna()
    out.loc[missing_import, "note"] = (out.loc[missing_import, "note"] + "; no import data").str.strip("; ")
    return out


def against_official(two_way: pd.DataFrame, official: pd.DataFrame, *, tolerance_pct: float = 2.0) -> pd.DataFrame:
    """Compare computed China–group totals with the published ones (flow 'total').

    Columns: year, computed_usd, official_usd, diff_pct = 100·(computed − official)/official,
    status ("within ±2%", "outside ±2%", or "incomplete: …"), computed_flag, official_flag, source_url.
    """
    published = official[official["flow"] == "total"][["year", "value_usd", "flag", "source_url"]]
    out = two_way.merge(published, on="year", how="inner", suffixes=("", "_official")).rename(
        columns={"total_usd": "computed_usd", "value_usd": "official_usd", "flag": "computed_flag",
                 "flag_official": "official_flag"})
    out["diff_pct"] = 100 * (out["computed_usd"] - out["official_usd"]) / out["official_usd"]
    within = out["diff_pct"].abs() <= tolerance_pct
    out["status"] = [
        f"incomplete: {note}" if not complete else (f"within ±{tolerance_pct:g}%" if ok else f"outside ±{tolerance_pct:g}%")
        for complete, note, ok in zip(out["complete"], out["note"], within)
    ]
    return out[["year", "computed_usd", "official_usd", "diff_pct", "status", "computed_flag", "official_flag", "source_url"]]


def members_table(group: str) -> pd.DataFrame:
    """Members of ``group`` with names and accession dates (for coverage captions)."""
    rows = reference.groups()
    rows = rows[rows["group"] == group].copy()
    rows["name"] = rows["iso3"].map(reference.name_of)
    return rows[["iso3", "name", "joined", "note"]].reset_index(drop=True)
