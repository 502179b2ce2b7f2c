"""The briefing's executive summary: one function per finding, each one sentence from the run's tables.

Every finding states its number, its year and its source, and returns None when the tables of
this run cannot support it (another partner, a short window), so the summary holds only what
the data say. ``executive_summary`` puts them in order of importance.
"""

from __future__ import annotations

import json

import pandas as pd

from tradebook import reference, shared_tables
from tradebook.flows import series
from tradebook.roles import Roles
from tradebook.themes import nowcast


def _bn(value: float) -> str:
    return f"USD {value / 1e9:,.1f} bn"


def projection(projections: pd.DataFrame | None, backtest: pd.DataFrame | None) -> str | None:
    """The latest projection in USD with its interval, the published figure behind it and the backtest error."""
    if projections is None or backtest is None or projections.empty or backtest.empty:
        return None
    usd = projections[projections["currency"] == "USD"]
    if usd.empty:
        return None
    row = usd.sort_values("month").iloc[-1]
    accuracy = nowcast.backtest_summary(backtest)
    return (
        f"China–ASEAN trade is projected at **{_bn(row['point'])}** for {int(row['year'])} ({nowcast.interval_label(row['coverage_pct'])} "
        f"{_bn(row['low'])}–{_bn(row['high'])}, which held the actual total in {accuracy['inside']} of {accuracy['years']} past years), "
        f"from {row['source_agency']}'s {nowcast.months_label(int(row['month']))} figure{' (in yuan, converted)' if row.get('native_currency') == 'CNY' else ''} "
        f"of {_bn(row['ytd'])}; the method missed past years by {accuracy['mape_pct']:.1f}% on average (projected)."
    )


def published_total(results: pd.DataFrame) -> str | None:
    """China's published total for the article's year, when claim C01 was judged on it (its values), with the projection's score."""
    rows = results[results["claim_id"] == "C01"] if "claim_id" in results else results.iloc[:0]
    values = json.loads(rows["values"].iat[0]) if len(rows) and rows["values"].iat[0] else {}
    if values.get("basis") != "published":
        return None
    year = int(rows["about_year"].iat[0])
    sentence = (
        f"China's customs (GACC) published China–ASEAN trade of **CNY {values['value_cny'] / 1e12:,.2f} trn** for {year}, "
        f"**{_bn(values['value_usd'])}** at GACC's own rate for the year (published; {_bn(values['low_usd'])}–{_bn(values['high_usd'])} "
        "at the ends of the figures' rounding)."
    )
    if "projected_usd" in values:
        sentence += (
            f" The workbook's projection from the year-to-date figure, made before, said {_bn(values['projected_usd'])}: "
            f"{values['error_usd_pct']:+.1f}% off, {'inside' if values['inside'] else 'outside'} its prediction interval."
        )
    return sentence


def latest_release(gacc_latest: pd.DataFrame | None) -> str | None:
    """China's trade with the partner in GACC's latest monthly release: the year to date and its change on a year earlier."""
    if gacc_latest is None or gacc_latest.empty:
        return None
    head = (
        gacc_latest[gacc_latest["partner"] == "ASEAN-10"]
        if (gacc_latest["partner"] == "ASEAN-10").any()
        else gacc_latest
    )
    by_flow = head.set_index("flow")
    first = head.iloc[0]
    months = nowcast.months_label(int(first["last_month"]))
    name = "ASEAN" if first["partner"] == "ASEAN-10" else reference.name_of(first["partner"])
    change = by_flow.at["total", "yoy_pct"]
    return (
        f"In {months} {int(first['year'])} China's trade with {name} {'rose' if change >= 0 else 'fell'} **{abs(change):.1f}%** on a year earlier "
        f"(exports {by_flow.at['export', 'yoy_pct']:+.1f}%, imports {by_flow.at['import', 'yoy_pct']:+.1f}%; GACC release of {first['release_date']}, published)."
    )


def latest_total(headline: pd.DataFrame, partner_name: str) -> str | None:
    """The latest complete year of the reporter's own record, with its source, and its change on the year
    before in the same source (no change is given across two sources or over a gap of years)."""
    own = headline[(headline["side"] == "reporter") & headline["value_usd"].notna()].sort_values("year")
    if own.empty:
        return None
    last = own.iloc[-1]
    before = own[(own["year"] == last["year"] - 1) & (own["series"] == last["series"])]
    change = (
        f", {100 * (last['value_usd'] / before['value_usd'].iloc[0] - 1):+.1f}% on {int(last['year']) - 1}"
        if len(before)
        else ""
    )
    return f"{last['series']} trade with {partner_name} was **{_bn(last['value_usd'])}** in {int(last['year'])}{change} (statistical)."


def balance(balance_group: pd.DataFrame, reporter_name: str, partner_name: str) -> str | None:
    """The reporter's balance with the group: first and last year of the run, normalised."""
    rows = balance_group.dropna(subset=["normalized_balance"]).sort_values("year")
    if len(rows) < 2:
        return None
    first, last = rows.iloc[0], rows.iloc[-1]
    word = "surplus" if last["balance_usd"] >= 0 else "deficit"
    return (
        f"{reporter_name}'s {word} with {partner_name} was **{_bn(abs(last['balance_usd']))}** in {int(last['year'])} "
        f"(normalised {last['normalized_balance']:+.2f}, against {first['normalized_balance']:+.2f} in {int(first['year'])}; "
        f"{series.SOURCE_LABELS.get(last['source'], last['source'])})."
    )


def mirror_gap(headline: pd.DataFrame, roles: Roles) -> str | None:
    """How much less (or more) the partner side records than the reporter, latest year both hold."""
    row = series.mirror_pair(headline)
    if row is None:
        return None
    gap = 100 * (row["value_usd_mirror"] / row["value_usd_own"] - 1)
    return (
        f"{roles.partners_s_opening} own statistics record **{abs(gap):.0f}% {'less' if gap < 0 else 'more'}** of this trade than "
        f"{roles.reporter_name}'s in {int(row['year'])}: {row['series_mirror']} against {row['series_own']}."
    )


def largest_member(member_shares: pd.DataFrame, reporter_name: str, partner_name: str) -> str | None:
    """The member with the largest share of the reporter's trade with the group, latest year."""
    if member_shares.empty or member_shares["partner"].nunique() < 2:
        return None
    latest = member_shares[member_shares["year"] == member_shares["year"].max()].sort_values("share_pct")
    top = latest.iloc[-1]
    return (
        f"{reference.name_of(top['partner'])} is the largest member: **{top['share_pct']:.1f}%** of {reporter_name}'s trade "
        f"with {partner_name} in {int(top['year'])} (statistical)."
    )


def largest_supplier(supplier_share: pd.DataFrame | None, roles: Roles) -> str | None:
    """In how many members the reporter is the largest import source, latest year (the partner side's record)."""
    reporter_name = roles.reporter_name
    if supplier_share is None or supplier_share.empty:
        return None
    latest = supplier_share[supplier_share["year"] == supplier_share["year"].max()]
    if len(latest) == 1:
        row = latest.iloc[0]
        place = "largest" if row["rank"] == 1 else f"number {int(row['rank'])}"
        return (
            f"{reporter_name} was {reference.name_of(row['importer'])}'s **{place}** import source in {int(row['year'])}, "
            f"{row['share_pct']:.1f}% of its imports ({roles.recorded}, IMF DOTS)."
        )
    first = int((latest["rank"] == 1).sum())
    return f"{reporter_name} was the largest import source of **{first} of {len(latest)}** members in {int(latest['year'].iloc[0])} (member-recorded, IMF DOTS)."


def verdict_tally(results: pd.DataFrame) -> str | None:
    """How the article's claims fared; nothing when none was weighed in this run (the first page says so in one line)."""
    counts = results["verdict"].replace("", "not computed").value_counts()
    if counts.empty or set(counts.index) == {"not evaluated for this run"}:
        return None
    parts = ", ".join(f"{n} {verdict}" for verdict, n in counts.items())
    return f"Of the article's {len(results)} claims: {parts} (the table above; each in full in Appendix A)."


WINDOWED = tuple(
    t.name
    for t in (
        shared_tables.HEADLINE,
        shared_tables.BALANCE_GROUP,
        shared_tables.MEMBER_SHARES,
        shared_tables.SUPPLIER_SHARE,
    )
)  # tables some notebooks save beyond the run's years


def in_window(tables: dict[str, pd.DataFrame | None], years: range) -> dict[str, pd.DataFrame | None]:
    """``tables`` with the rows of ``WINDOWED`` tables cut to the run's years (the projection keeps its own year)."""
    return {
        name: table[table["year"].between(years.start, years.stop - 1)]
        if name in WINDOWED and table is not None
        else table
        for name, table in tables.items()
    }


def executive_summary(
    tables: dict[str, pd.DataFrame | None], results: pd.DataFrame, *, roles: Roles, years: range
) -> list[str]:
    """The findings that this run's tables support, most important first (five to seven).

    Every statistical sentence speaks of a year inside ``years``; only figures China published
    after the statistics (the article's year, the months since) and the projection, each
    labelled as such, speak of later years.
    """
    tables = in_window(tables, years)
    reporter_name, partner_name = roles.reporter_name, roles.partner_name
    published = published_total(results)
    found = [
        published
        or projection(tables.get(shared_tables.NOWCAST.name), tables.get(shared_tables.NOWCAST_BACKTEST.name)),
        latest_release(tables.get(shared_tables.GACC_LATEST.name)),
        latest_total(tables[shared_tables.HEADLINE.name], partner_name),
        balance(tables[shared_tables.BALANCE_GROUP.name], reporter_name, partner_name),
        largest_supplier(tables.get(shared_tables.SUPPLIER_SHARE.name), roles),
        mirror_gap(tables[shared_tables.HEADLINE.name], roles),
        largest_member(tables[shared_tables.MEMBER_SHARES.name], reporter_name, partner_name),
        verdict_tally(results),
    ]
    return [sentence for sentence in found if sentence]


def fastest_period(cagr: pd.DataFrame | None) -> str | None:
    """The policy period with the fastest growth of the reporter-recorded series (``02_cagr_periods``), both rates named.

    Periods are ranked on one footing only: on the fitted log-linear trend (an annual rate over three years or more)
    where any period has one, and then a shorter period's endpoint rate is not ranked against them (two years' change
    is not a trend); on the endpoints' annual rate where none has.
    """
    if cagr is None:
        return None
    rows = cagr.dropna(subset=["cagr_pct"])
    rows = rows[~rows["series"].str.startswith("official")]
    fitted = "fitted_pct" in rows and rows["fitted_pct"].notna().any()
    if fitted:
        rows = rows.dropna(subset=["fitted_pct"])
    if len(rows) < 2:
        return None
    rate = rows["fitted_pct"] if fitted else rows["cagr_pct"]
    top = rows.loc[rate.idxmax()]
    years = f"{int(top['from_year'])}–{int(top['to_year'])}, {top['series']}, current dollars"
    if "fitted_pct" in rows and pd.notna(top["fitted_pct"]):
        return (
            f"Trade grew fastest in the {top['period']} period: **{top['fitted_pct']:+.1f}%** a year on the fitted trend, "
            f"{top['cagr_pct']:+.1f}% between the endpoints ({years})."
        )
    return f"Trade grew fastest in the {top['period']} period: **{top['cagr_pct']:+.1f}%** a year between the endpoints ({years})."


def share_shift(member_shares: pd.DataFrame | None, reporter_name: str) -> str | None:
    """The member whose share of the reporter's trade with the group rose most between the first and last year."""
    if member_shares is None or member_shares["partner"].nunique() < 2:
        return None
    wide = member_shares.pivot_table(index="partner", columns="year", values="share_pct")
    first, last = wide.columns.min(), wide.columns.max()
    change = (wide[last] - wide[first]).dropna()
    if first == last or change.empty:
        return None
    member = change.idxmax()
    return (
        f"{reference.name_of(member)} gained most: its share of {reporter_name}'s trade with the group moved "
        f"from {wide.at[member, first]:.1f}% ({first}) to **{wide.at[member, last]:.1f}%** ({last})."
    )


def first_sentence(results: pd.DataFrame, claim_id: str) -> str | None:
    """The first sentence of a claim's evidence, when it was evaluated for this run."""
    rows = results[results["claim_id"] == claim_id]
    if rows.empty or not rows["evidence"].iat[0] or rows["verdict"].iat[0] == "not evaluated for this run":
        return None
    return rows["evidence"].iat[0].split(". ")[0].rstrip(".") + "."
