"""What the shipped data cover: a source × pair × year matrix of complete / partial / missing."""

from __future__ import annotations

import pandas as pd

from tradebook import schema
from tradebook.flows import aggregate


def matrix(
    flows: pd.DataFrame, reporters: list[str], partners: list[str], years: range, *, classification: str = "TOTAL"
) -> pd.DataFrame:
    """Coverage of reporter→partner trade by source and year.

    Cell values: "✓" both flows complete; "½" only one flow, or months missing (see
    ``details``); "·" nothing. Rows: (source, reporter, partner); columns: years.
    Returns the matrix; its ``attrs["details"]`` lists every partial cell with its note.
    """
    rows = flows[
        flows["reporter"].isin(reporters)
        & flows["partner"].isin(partners)
        & flows["year"].isin(years)
        & (flows["classification"] == classification)
    ]
    yearly = aggregate.annual(rows)
    per_cell = (
        yearly.groupby(["source", "reporter", "partner", "year"], observed=True)
        .agg(
            n_flows=("flow", "nunique"),
            complete=("complete", "all"),
            note=("note", aggregate.join_notes),
            flows=("flow", lambda s: "+".join(sorted(set(s)))),
        )
        .reset_index()
    )
    two_way = per_cell["n_flows"] >= 2
    per_cell["cell"] = "½"
    per_cell.loc[two_way & per_cell["complete"], "cell"] = "✓"
    grid = (
        per_cell.pivot_table(index=["source", "reporter", "partner"], columns="year", values="cell", aggfunc="first")
        .reindex(columns=list(years))
        .astype(object)
        .fillna("·")
    )
    details = per_cell[per_cell["cell"] == "½"].copy()
    details["note"] = [n or f"only {f}" for n, f in zip(details["note"], details["flows"])]
    grid.attrs["details"] = details[["source", "reporter", "partner", "year", "flows", "note"]].reset_index(drop=True)
    return grid


def summary(flows: pd.DataFrame) -> pd.DataFrame:
    """One row per source and classification: reporters, partners, years, rows."""
    return (
        flows.groupby(["source", "classification"], observed=True)
        .agg(
            reporters=("reporter", "nunique"),
            partners=("partner", "nunique"),
            first_year=("year", "min"),
            last_year=("year", "max"),
            rows=("value_usd", "size"),
        )
        .reset_index()
    )


def vintage(
    flows: pd.DataFrame, reporter: str, partners: list[str], year_end: int, labels: dict[str, str]
) -> pd.DataFrame:
    """Data vintage: for each source, the years it holds for this run's pair.

    Rows counted: the reporter's record of trade with the partners or the world, and the
    partners' records of trade with the reporter or the world. Columns: source, label
    (``labels`` or the id), kind ("statistical"), first_year, last_year (last year held),
    last_year_used (last year within the run, i.e. ≤ ``year_end``).
    """
    rows = flows[
        ((flows["reporter"] == reporter) & flows["partner"].isin([*partners, schema.WORLD]))
        | (flows["reporter"].isin(partners) & flows["partner"].isin([reporter, schema.WORLD]))
    ]
    out = rows.groupby("source", observed=True)["year"].agg(first_year="min", last_year="max").reset_index()
    out["label"] = out["source"].map(lambda s: labels.get(s, s))
    out["kind"] = "statistical"
    out["last_year_used"] = out["last_year"].clip(upper=year_end)
    out.loc[out["first_year"] > year_end, "last_year_used"] = pd.NA
    return (
        out[["source", "label", "kind", "first_year", "last_year", "last_year_used"]]
        .sort_values(["last_year", "source"], ascending=[False, True])
        .reset_index(drop=True)
    )


def estimates(
    flows: pd.DataFrame, reporter: str, partners: list[str], years: range, *, source: str = "imf_dots"
) -> pd.DataFrame:
    """How much of each record between the reporter and a partner is IMF estimates (flag imf_estimate).

    Both directions (the reporter's record and each partner's). Columns: reporter, partner,
    rows, estimated, estimated_pct; only pairs with any estimate.
    """
    rows = flows[
        (flows["source"] == source)
        & flows["year"].isin(years)
        & (
            ((flows["reporter"] == reporter) & flows["partner"].isin(partners))
            | (flows["reporter"].isin(partners) & (flows["partner"] == reporter))
        )
    ]
    table = (
        rows.assign(estimated=rows["flag"].str.contains("imf_estimate"))
        .groupby(["reporter", "partner"], observed=True)
        .agg(rows=("value_usd", "size"), estimated=("estimated", "sum"))
        .reset_index()
    )
    table["estimated_pct"] = 100 * table["estimated"] / table["rows"]
    return table[table["estimated"] > 0].sort_values("estimated_pct", ascending=False).reset_index(drop=True)


def gap_spans(details: pd.DataFrame) -> pd.DataFrame:
    """The coverage gaps (``matrix(...).attrs["details"]``) by source, pair and note, with the years as a span ("2013–2016") or one year."""
    spans = details.groupby(["source", "reporter", "partner", "note"])["year"].agg(
        lambda y: f"{min(y)}–{max(y)}" if len(y) > 1 else str(min(y))
    )
    return spans.reset_index()
