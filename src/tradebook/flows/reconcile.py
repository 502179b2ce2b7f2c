"""Cross-checks between sources: mirror statistics and official published totals.

Mirror gap (UNCTAD/WITS usage): the same trade as recorded by the two partners. For the pair
(China, m) in year t, ``gap_pct = 100 · (partner-reported − China-reported) / China-reported``,
on total trade (exports + imports). Exports are FOB and imports CIF, so a few percent of gap is
expected from freight and insurance alone; timing, re-exports via third places and
classification of origin explain the rest.
"""

from __future__ import annotations

import pandas as pd

from tradebook import language
from tradebook.flows import aggregate, series


def mirror_totals(
    flows: pd.DataFrame,
    reporter: str,
    partners: list[str],
    *,
    source: str = "imf_dots",
    mirror_source: str | None = None,
) -> pd.DataFrame:
    """Reporter-recorded (``source``) vs partner-recorded (``mirror_source``, default the same) total trade.

    Columns: partner, year, reported_usd, mirror_usd, gap_pct, complete, note, sources.
    """
    mirror_source = mirror_source or source
    yearly = aggregate.annual(
        flows[flows["source"].isin([source, mirror_source]) & (flows["classification"] == "TOTAL")]
    )
    own_rows = yearly[
        (yearly["source"] == source) & (yearly["reporter"] == reporter) & yearly["partner"].isin(partners)
    ]
    mirror_rows = yearly[
        (yearly["source"] == mirror_source) & yearly["reporter"].isin(partners) & (yearly["partner"] == reporter)
    ]
    result_columns = ["partner", "year", "reported_usd", "mirror_usd", "gap_pct", "complete", "note", "sources"]
    if own_rows.empty or mirror_rows.empty:  # nothing to compare: one side holds no record at all
        return pd.DataFrame(
            {
                "partner": pd.Series(dtype="string"),
                "year": pd.Series(dtype="int64"),
                **{c: pd.Series(dtype="float64") for c in ("reported_usd", "mirror_usd", "gap_pct")},
                "complete": pd.Series(dtype="bool"),
                "note": pd.Series(dtype="string"),
                "sources": pd.Series(dtype="string"),
            }
        )
    own = aggregate.two_way(own_rows, ["partner", "year"])
    mirror = aggregate.two_way(mirror_rows, ["reporter", "year"])
    mirror = mirror.rename(columns={"reporter": "partner"})
    for table in (own, mirror):  # what each side recorded, even where one flow is missing
        table["value_usd"] = table[["export_usd", "import_usd"]].sum(axis=1, min_count=1)
    columns = ["partner", "year", "value_usd", "complete", "note"]
    out = own[columns].merge(mirror[columns], on=["partner", "year"], how="outer", suffixes=("_reported", "_mirror"))
    out = out.rename(columns={"value_usd_reported": "reported_usd", "value_usd_mirror": "mirror_usd"})
    out["gap_pct"] = 100 * (out["mirror_usd"] - out["reported_usd"]) / out["reported_usd"]
    out["complete"] = out["complete_reported"].fillna(False).astype(bool) & out["complete_mirror"].fillna(False).astype(
        bool
    )
    out["note"] = [
        "; ".join(
            filter(
                None,
                [
                    language.text("{reporter}-reported: {note}", reporter=reporter, note=a)
                    if isinstance(a, str) and a
                    else ("" if pd.notna(r) else language.text("no {reporter}-reported data", reporter=reporter)),
                    language.text("partner-reported: {note}", note=b)
                    if isinstance(b, str) and b
                    else ("" if pd.notna(m) else language.text("no partner-reported data")),
                ],
            )
        )
        for a, b, r, m in zip(out["note_reported"], out["note_mirror"], out["reported_usd"], out["mirror_usd"])
    ]
    out.loc[~out["complete"], "gap_pct"] = float("nan")
    label = series.SOURCE_LABELS.get
    out["sources"] = (
        label(source, source)
        if mirror_source == source
        else language.text(
            "{source} against {mirror}", source=label(source, source), mirror=label(mirror_source, mirror_source)
        )
    )
    return out[result_columns].sort_values(["partner", "year"]).reset_index(drop=True)


def mirror_by_direction(
    flows: pd.DataFrame, reporter: str, partners: list[str], *, source: str = "imf_dots"
) -> pd.DataFrame:
    """Each direction of trade as both sides record it (``source``, complete years both sides hold):

    - ``to partner``: the reporter's exports to the partner (FOB) against the partner's imports
      from the reporter (CIF);
    - ``from partner``: the partner's exports to the reporter (FOB) against the reporter's imports
      from the partner (CIF).

    Columns: partner, year, direction, exporter_usd (the exporter's record), importer_usd (the
    importer's), gap_pct = 100 · (importer's − exporter's) / exporter's. With CIF valuation alone
    the importer's record runs a few percent above the exporter's.
    """
    yearly = aggregate.annual(flows[(flows["source"] == source) & (flows["classification"] == "TOTAL")])
    yearly = yearly[yearly["complete"]]
    own = yearly[(yearly["reporter"] == reporter) & yearly["partner"].isin(partners)].set_index(
        ["partner", "year", "flow"]
    )["value_usd"]
    theirs = yearly[yearly["reporter"].isin(partners) & (yearly["partner"] == reporter)]
    theirs = theirs.rename(columns={"reporter": "partner_code"}).set_index(["partner_code", "year", "flow"])[
        "value_usd"
    ]
    rows = []
    for (partner, year, flow), value in own.items():
        other = theirs.get((partner, year, "import" if flow == "export" else "export"))
        if other is None or pd.isna(other):
            continue
        exporter, importer = (value, other) if flow == "export" else (other, value)
        rows.append(
            {
                "partner": partner,
                "year": int(year),
                "direction": "to partner" if flow == "export" else "from partner",
                "exporter_usd": exporter,
                "importer_usd": importer,
                "gap_pct": 100 * (importer - exporter) / exporter,
            }
        )
    return pd.DataFrame(rows, columns=["partner", "year", "direction", "exporter_usd", "importer_usd", "gap_pct"])


def mirror_all_sources(flows: pd.DataFrame, reporter: str, partners: list[str]) -> pd.DataFrame:
    """``mirror_totals`` from IMF DOTS (both sides), then, for the years after the reporter's DOTS
    record, GACC 2024 (China's record) against the partners' UN Comtrade records. ``sources`` says which."""
    dots = mirror_totals(flows, reporter, partners)
    later = mirror_totals(flows, reporter, partners, source="gacc_2024", mirror_source="comtrade_mirror")
    dots_years = dots.dropna(subset=["reported_usd"])["year"]
    if len(dots_years):
        later = later[later["year"] > dots_years.max()]
    return pd.concat([frame for frame in (dots, later) if len(frame)] or [dots], ignore_index=True)


def partner_records_compared(
    flows: pd.DataFrame, reporter: str, partners: list[str], sources: tuple[str, str] = ("imf_dots", "comtrade_mirror")
) -> pd.DataFrame:
    """The partners' own records of trade with ``reporter`` as two publishers hold them, where both are complete.

    Columns: partner, year, one per source (total USD), diff_pct = 100 · (second − first) / first.
    """
    frames = [series.partner_recorded(flows, reporter, partners, source=s).assign(source=s) for s in sources]
    both = pd.concat(frames, ignore_index=True)
    both = both[both["complete"]].pivot_table(index=["partner", "year"], columns="source", values="total_usd")
    if not set(sources) <= set(both.columns):
        return pd.DataFrame(columns=["partner", "year", *sources, "diff_pct"])
    both = both[list(sources)].dropna()
    both["diff_pct"] = 100 * (both[sources[1]] - both[sources[0]]) / both[sources[0]]
    return both.reset_index()


def group_two_way(flows: pd.DataFrame, reporter: str, group: str, *, source: str = "imf_dots") -> pd.DataFrame:
    """Reporter's exports, imports and total trade with ``group`` by year (USD).

    Columns: year, export_usd, import_usd, total_usd, complete, note, flag (data-quality
    markers of any month summed, e.g. imf_allocated for China's Jan–Feb 2020).
    """
    rows = flows[(flows["source"] == source) & (flows["classification"] == "TOTAL") & (flows["reporter"] == reporter)]
    by_group = aggregate.group_total(aggregate.annual(rows), group, side="partner")
    return aggregate.two_way(by_group, ["year"])


def against_official(two_way: pd.DataFrame, official: pd.DataFrame, *, tolerance_pct: float = 2.0) -> pd.DataFrame:
    """Compare computed China–group totals with the published ones (flow 'total').

    Columns: year, computed_usd, official_usd, diff_pct = 100·(computed − official)/official,
    status ("within ±2%", "outside ±2%", or "incomplete: …"), computed_flag, official_flag, source_url.
    """
    published = official[official["flow"] == "total"][["year", "value_usd", "flag", "source_url"]]
    out = two_way.merge(published, on="year", how="inner", suffixes=("", "_official")).rename(
        columns={
            "total_usd": "computed_usd",
            "value_usd": "official_usd",
            "flag": "computed_flag",
            "flag_official": "official_flag",
        }
    )
    out["diff_pct"] = 100 * (out["computed_usd"] - out["official_usd"]) / out["official_usd"]
    within = out["diff_pct"].abs() <= tolerance_pct
    out["status"] = [
        f"incomplete: {note}"
        if not complete
        else (f"within ±{tolerance_pct:g}%" if ok else f"outside ±{tolerance_pct:g}%")
        for complete, note, ok in zip(out["complete"], out["note"], within)
    ]
    keep = [
        "year",
        "computed_usd",
        "official_usd",
        "diff_pct",
        "status",
        "computed_flag",
        "official_flag",
        "source_url",
    ]
    return out[keep + (["source"] if "source" in out else [])]
