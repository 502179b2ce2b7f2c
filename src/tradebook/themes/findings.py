"""The briefing's executive summary: one function per finding, each one sentence from the run's tables.

Every finding states its number, its year and its source, and returns None when the tables of
this run cannot support it (another partner, a short window), so the summary holds only what
the data say. ``executive_summary`` puts them in order of importance.
"""

from __future__ import annotations

import json

import pandas as pd

from tradebook import language, reference, shared_tables
from tradebook.flows import series
from tradebook.roles import Roles
from tradebook.themes import nowcast


def _bn(value: float) -> str:
    return language.amount(value, language.DOLLAR)


def projection(projections: pd.DataFrame | None, backtest: pd.DataFrame | None) -> str | None:
    """The latest projection in USD with its interval, the published figure behind it and the backtest error."""
    if projections is None or backtest is None or projections.empty or backtest.empty:
        return None
    usd = projections[projections["currency"] == "USD"]
    if usd.empty:
        return None
    row = usd.sort_values("month").iloc[-1]
    accuracy = nowcast.backtest_summary(backtest)
    converted = row.get("native_currency") == "CNY"
    return language.text(
        PROJECTED_FROM_YUAN if converted else PROJECTED,
        point=_bn(row["point"]),
        year=int(row["year"]),
        interval=nowcast.interval_label(row["coverage_pct"]),
        low=_bn(row["low"]),
        high=_bn(row["high"]),
        inside=accuracy["inside"],
        years=accuracy["years"],
        agency=reference.publisher_name(row["source_agency"]),
        months=nowcast.months_label(int(row["month"])),
        ytd=_bn(row["ytd"]),
        missed=accuracy["mape_pct"],
    )


PROJECTED = language.marked(
    "China–ASEAN trade is projected at **{point}** for {year} ({interval} {low}–{high}, which held the actual total in "
    "{inside} of {years} past years), from {agency}'s {months} figure of {ytd}; the method missed past years by "
    "{missed:.1f}% on average (projected)."
)
PROJECTED_FROM_YUAN = language.marked(
    "China–ASEAN trade is projected at **{point}** for {year} ({interval} {low}–{high}, which held the actual total in "
    "{inside} of {years} past years), from {agency}'s {months} figure (in yuan, converted) of {ytd}; the method missed "
    "past years by {missed:.1f}% on average (projected)."
)


def published_total(results: pd.DataFrame) -> str | None:
    """China's published total for the article's year, when claim C01 was judged on it (its values), with the projection's score."""
    rows = results[results["claim_id"] == "C01"] if "claim_id" in results else results.iloc[:0]
    values = json.loads(rows["values"].iat[0]) if len(rows) and rows["values"].iat[0] else {}
    if values.get("basis") != "published":
        return None
    year = int(rows["about_year"].iat[0])
    sentence = language.text(
        "China's customs (GACC) published China–ASEAN trade of **{cny}** for {year}, **{usd}** at GACC's own rate for "
        "the year (published; {low}–{high} at the ends of the figures' rounding).",
        cny=language.amount(values["value_cny"], language.YUAN, "trn"),
        year=year,
        usd=language.amount(values["value_usd"], language.DOLLAR, precise=True),
        low=language.amount(values["low_usd"], language.DOLLAR, precise=True),
        high=language.amount(values["high_usd"], language.DOLLAR, precise=True),
    )
    if "projected_usd" in values:
        scored = {"projected": _bn(values["projected_usd"]), "error": values["error_usd_pct"]}
        sentence = language.joined(
            sentence,
            language.text(
                language.marked(
                    "The workbook's projection from the year-to-date figure, made before, said {projected}: {error:+.1f}% "
                    "off, inside its prediction interval."
                )
                if values["inside"]
                else language.marked(
                    "The workbook's projection from the year-to-date figure, made before, said {projected}: "
                    "{error:+.1f}% off, outside its prediction interval."
                ),
                **scored,
            ),
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
    name = reference.term("ASEAN") if first["partner"] == "ASEAN-10" else reference.name_of(first["partner"])
    change = by_flow.at["total", "yoy_pct"]
    return language.text(
        language.marked(
            "In {months} {year} China's trade with {partner} rose **{change:.1f}%** on a year earlier (exports "
            "{exports:+.1f}%, imports {imports:+.1f}%; GACC release of {released}, published)."
        )
        if change >= 0
        else language.marked(
            "In {months} {year} China's trade with {partner} fell **{change:.1f}%** on a year earlier (exports "
            "{exports:+.1f}%, imports {imports:+.1f}%; GACC release of {released}, published)."
        ),
        months=months,
        year=int(first["year"]),
        partner=name,
        change=abs(change),
        exports=by_flow.at["export", "yoy_pct"],
        imports=by_flow.at["import", "yoy_pct"],
        released=first["release_date"],
    )


def latest_total(headline: pd.DataFrame, partner_name: str) -> str | None:
    """The latest complete year of the reporter's own record, with its source, and its change on the year
    before in the same source (no change is given across two sources or over a gap of years)."""
    own = headline[(headline["side"] == "reporter") & headline["value_usd"].notna()].sort_values("year")
    if own.empty:
        return None
    last = own.iloc[-1]
    before = own[(own["year"] == last["year"] - 1) & (own["series"] == last["series"])]
    said = {
        "series": last["series"],
        "partner": partner_name,
        "value": _bn(last["value_usd"]),
        "year": int(last["year"]),
    }
    if not len(before):
        return language.text("{series} trade with {partner} was **{value}** in {year} (statistical).", **said)
    return language.text(
        "{series} trade with {partner} was **{value}** in {year}, {change:+.1f}% on {before} (statistical).",
        **said,
        change=100 * (last["value_usd"] / before["value_usd"].iloc[0] - 1),
        before=int(last["year"]) - 1,
    )


def balance(balance_group: pd.DataFrame, reporter_name: str, partner_name: str) -> str | None:
    """The reporter's balance with the group: first and last year of the run, normalised."""
    rows = balance_group.dropna(subset=["normalized_balance"]).sort_values("year")
    if len(rows) < 2:
        return None
    first, last = rows.iloc[0], rows.iloc[-1]
    return language.text(
        language.marked(
            "{reporter}'s surplus with {partner} was **{value}** in {year} (normalised {last:+.2f}, against {first:+.2f} in "
            "{first_year}; {source})."
        )
        if last["balance_usd"] >= 0
        else language.marked(
            "{reporter}'s deficit with {partner} was **{value}** in {year} (normalised {last:+.2f}, against {first:+.2f} "
            "in {first_year}; {source})."
        ),
        reporter=reporter_name,
        partner=partner_name,
        value=_bn(abs(last["balance_usd"])),
        year=int(last["year"]),
        last=last["normalized_balance"],
        first=first["normalized_balance"],
        first_year=int(first["year"]),
        source=series.SOURCE_LABELS.get(last["source"], last["source"]),
    )


def mirror_gap(headline: pd.DataFrame, roles: Roles) -> str | None:
    """How much less (or more) the partner side records than the reporter, latest year both hold."""
    row = series.mirror_pair(headline)
    if row is None:
        return None
    gap = 100 * (row["value_usd_mirror"] / row["value_usd_own"] - 1)
    return language.text(
        language.marked(
            "{partners} own statistics record **{gap:.0f}% less** of this trade than {reporter}'s in {year}: {mirror} "
            "against {own}."
        )
        if gap < 0
        else language.marked(
            "{partners} own statistics record **{gap:.0f}% more** of this trade than {reporter}'s in {year}: {mirror} "
            "against {own}."
        ),
        partners=roles.partners_s_opening,
        gap=abs(gap),
        reporter=roles.reporter_name,
        year=int(row["year"]),
        mirror=row["series_mirror"],
        own=row["series_own"],
    )


def largest_member(member_shares: pd.DataFrame, reporter_name: str, partner_name: str) -> str | None:
    """The member with the largest share of the reporter's trade with the group, latest year."""
    if member_shares.empty or member_shares["partner"].nunique() < 2:
        return None
    latest = member_shares[member_shares["year"] == member_shares["year"].max()].sort_values("share_pct")
    top = latest.iloc[-1]
    return language.text(
        "{member} is the largest member: **{share:.1f}%** of {reporter}'s trade with {partner} in {year} (statistical).",
        member=reference.name_of(top["partner"]),
        share=top["share_pct"],
        reporter=reporter_name,
        partner=partner_name,
        year=int(top["year"]),
    )


def largest_supplier(supplier_share: pd.DataFrame | None, roles: Roles) -> str | None:
    """In how many members the reporter is the largest import source, latest year (the partner side's record)."""
    reporter_name = roles.reporter_name
    if supplier_share is None or supplier_share.empty:
        return None
    latest = supplier_share[supplier_share["year"] == supplier_share["year"].max()]
    if len(latest) == 1:
        row = latest.iloc[0]
        return language.text(
            language.marked(
                "{reporter} was {partner}'s **largest** import source in {year}, {share:.1f}% of its imports ({recorded}, "
                "IMF DOTS)."
            )
            if row["rank"] == 1
            else language.marked(
                "{reporter} was {partner}'s **number {rank}** import source in {year}, {share:.1f}% of its imports "
                "({recorded}, IMF DOTS)."
            ),
            reporter=reporter_name,
            partner=reference.name_of(row["importer"]),
            rank=int(row["rank"]),
            year=int(row["year"]),
            share=row["share_pct"],
            recorded=roles.recorded,
        )
    return language.text(
        "{reporter} was the largest import source of **{largest} of {members}** members in {year} (member-recorded, "
        "IMF DOTS).",
        reporter=reporter_name,
        largest=int((latest["rank"] == 1).sum()),
        members=len(latest),
        year=int(latest["year"].iloc[0]),
    )


def verdict_tally(results: pd.DataFrame) -> str | None:
    """How the article's claims fared; nothing when none was weighed in this run (the first page says so in one line)."""
    counts = results["verdict"].replace("", "not computed").value_counts()
    if counts.empty or set(counts.index) == {"not evaluated for this run"}:
        return None
    parts = language.text(", ").join(
        language.text("{count} {verdict}", count=n, verdict=reference.verdict_word(verdict))
        for verdict, n in counts.items()
    )
    return language.text(
        "Of the article's {claims} claims: {tally} (the table above; each in full in Appendix A).",
        claims=len(results),
        tally=parts,
    )


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
    rows = rows[~series.is_official(rows["series"])]
    fitted = "fitted_pct" in rows and rows["fitted_pct"].notna().any()
    if fitted:
        rows = rows.dropna(subset=["fitted_pct"])
    if len(rows) < 2:
        return None
    rate = rows["fitted_pct"] if fitted else rows["cagr_pct"]
    top = rows.loc[rate.idxmax()]
    said = {
        "period": reference.period_name(top["period"]),
        "fitted": top.get("fitted_pct"),
        "endpoints": top["cagr_pct"],
        "first": int(top["from_year"]),
        "last": int(top["to_year"]),
        "series": top["series"],
    }
    if "fitted_pct" in rows and pd.notna(top["fitted_pct"]):
        return language.text(
            "Trade grew fastest in the {period} period: **{fitted:+.1f}%** a year on the fitted trend, {endpoints:+.1f}% "
            "between the endpoints ({first}–{last}, {series}, current dollars).",
            **said,
        )
    return language.text(
        "Trade grew fastest in the {period} period: **{endpoints:+.1f}%** a year between the endpoints ({first}–{last}, "
        "{series}, current dollars).",
        **said,
    )


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
    return language.text(
        "{member} gained most: its share of {reporter}'s trade with the group moved from {first_share:.1f}% ({first}) to "
        "**{last_share:.1f}%** ({last}).",
        member=reference.name_of(member),
        reporter=reporter_name,
        first_share=wide.at[member, first],
        first=first,
        last_share=wide.at[member, last],
        last=last,
    )


def first_sentence(results: pd.DataFrame, claim_id: str) -> str | None:
    """The first sentence of a claim's evidence, when it was evaluated for this run."""
    rows = results[results["claim_id"] == claim_id]
    if rows.empty or not rows["evidence"].iat[0] or rows["verdict"].iat[0] == "not evaluated for this run":
        return None
    return rows["evidence"].iat[0].split(". ")[0].rstrip(".") + "."
