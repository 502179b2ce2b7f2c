"""Monthly-to-annual sums and country-group sums that keep track of what is missing.

A year is complete only when all 12 months are present; a group only when every member is.
Nothing here fills a gap: incomplete totals are returned with ``complete = False`` and a
``note`` saying what is missing, so a chart or a sentence can say so.
"""

from __future__ import annotations

import pandas as pd

from tradebook import language, reference

_GROUP = ["source", "reporter", "partner", "flow", "year", "classification", "product"]


def join_flags(flags: pd.Series) -> str:
    """The union of ';'-separated data-quality flags, sorted and joined with ';'."""
    return ";".join(sorted({part for flag in flags for part in str(flag).split(";") if part}))


def join_notes(notes: pd.Series) -> str:
    """The distinct non-empty notes, sorted and joined with '; '."""
    return "; ".join(sorted({note for note in notes if note}))


def grouped_flags(flagged: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``join_flags`` of the rows of each ``keys`` group that carry a flag: ``keys`` + ``flag``, one row a group.

    Most groups carry one flag on every row (an IMF estimate, a converted currency): those are
    taken as they are, and only the few with mixed flags are joined row by row, which keeps the
    time to one pass over the distinct (group, flag) pairs.
    """
    distinct = flagged[[*keys, "flag"]].drop_duplicates()
    single = ~distinct.duplicated(keys, keep=False) & ~distinct["flag"].str.contains(";", regex=False)
    mixed = distinct[~single].groupby(keys, observed=True)["flag"].agg(join_flags).reset_index()
    return pd.concat([distinct[single], mixed], ignore_index=True)


def annual(flows: pd.DataFrame) -> pd.DataFrame:
    """Annual totals from canonical rows (monthly rows summed, annual rows passed through).

    Adds ``n_months`` (months present, <NA> for annual data), ``complete`` and ``note``.
    """
    monthly = flows["month"].notna()
    summed = (
        flows[monthly]
        .groupby(_GROUP, observed=True)
        .agg(value_usd=("value_usd", "sum"), n_months=("month", "nunique"))
        .reset_index()
    )
    summed = summed.merge(grouped_flags(flows[monthly & (flows["flag"] != "")], _GROUP), on=_GROUP, how="left")
    summed["flag"] = summed["flag"].fillna("")
    summed["complete"] = summed["n_months"] == 12
    summed["note"] = summed["n_months"].map(
        lambda n: "" if n == 12 else language.text("{months} of 12 months", months=n)
    )  # in the run's language: notes reach the briefing's tables
    yearly = flows[~monthly].drop(columns="month").assign(n_months=pd.NA, complete=True, note="")
    out = pd.concat([summed, yearly], ignore_index=True)
    out["n_months"] = out["n_months"].astype("Int8")
    return out


def two_way(annual_rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Exports, imports and their total per ``keys`` from annual rows (see ``annual``).

    ``total_usd`` = X + M, NaN unless both flows are present; ``complete`` only if both are
    present and complete; ``note`` joins the rows' notes and names a missing flow ("no import
    data"); ``flag`` joins their data-quality flags.
    """
    grouped = annual_rows.groupby(keys, observed=True)
    wide = annual_rows.pivot_table(index=keys, columns="flow", values="value_usd", aggfunc="sum")
    out = pd.DataFrame({"export_usd": wide.get("export"), "import_usd": wide.get("import")}, index=wide.index)
    out["total_usd"] = out["export_usd"] + out["import_usd"]
    complete = annual_rows.groupby(keys + ["flow"], observed=True)["complete"].all().unstack()
    out["complete"] = (
        complete.reindex(columns=["export", "import"]).eq(True).all(axis=1)
    )  # a missing flow is not complete
    notes = grouped["note"].agg(join_notes).reindex(out.index).fillna("")
    for flow, said in (("export", language.marked("no export data")), ("import", language.marked("no import data"))):
        missing = out[f"{flow}_usd"].isna()
        notes[missing] = (notes[missing] + "; " + language.text(said)).str.strip("; ")
    out["note"] = notes
    flags = grouped_flags(annual_rows[annual_rows["flag"] != ""], keys).set_index(keys)["flag"]
    out["flag"] = flags.reindex(out.index).fillna("")
    return out.reset_index()


def group_total(annual_rows: pd.DataFrame, group: str, *, side: str = "partner") -> pd.DataFrame:
    """Sum ``annual_rows`` over the members of ``group`` on one side (partner or reporter).

    Membership is taken year by year (reference.members(group, year)). Adds ``n_members``,
    ``members_expected``; ``complete`` is True only if every member is present and complete.
    """
    other = "reporter" if side == "partner" else "partner"
    keys = ["source", other, "flow", "year", "classification", "product"]
    frames = []
    for year, rows in annual_rows.groupby("year"):
        expected = reference.members(group, int(year))
        rows = rows[rows[side].isin(expected)]
        if rows.empty:
            continue
        summed = (
            rows.groupby(keys, observed=True)
            .agg(
                value_usd=("value_usd", "sum"),
                n_members=(side, "nunique"),
                flag=("flag", join_flags),
                all_complete=("complete", "all"),
                missing_from=(side, lambda s, expected=expected: sorted(set(expected) - set(s))),
                incomplete=(side, lambda s, rows=rows: sorted(s[~rows.loc[s.index, "complete"]])),
            )
            .reset_index()
        )
        summed["members_expected"] = len(expected)
        frames.append(summed)
    if not frames:
        return pd.DataFrame(columns=[*keys, side, "value_usd", "n_members", "members_expected", "complete", "note"])
    out = pd.concat(frames, ignore_index=True)
    out[side] = group
    out["complete"] = out["all_complete"] & (out["n_members"] == out["members_expected"])
    out["note"] = [
        "; ".join(
            filter(
                None,
                [
                    language.text("no data for {members}", members=", ".join(m)) if m else "",
                    language.text("incomplete months for {members}", members=", ".join(i)) if i else "",
                ],
            )
        )
        for m, i in zip(out["missing_from"], out["incomplete"])
    ]
    return out.drop(columns=["all_complete", "missing_from", "incomplete"])
