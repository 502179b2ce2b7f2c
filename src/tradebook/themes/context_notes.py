"""The context the briefing's figures need, computed from the shipped data: prices, the yuan rate, the two records.

Three facts a reader needs before comparing values across years or sources: the values are
nominal (price swings move them), yuan figures are converted at one rate, and the two sides'
records of the same trade differ, in a direction each cause explains only one way
(``mirror_sentence``). Each sentence names its source and years; the function returns a table
for the briefing and the annex.
"""

from __future__ import annotations

import pandas as pd

from tradebook import language, reference
from tradebook.flows import reconcile, series
from tradebook.roles import Roles
from tradebook.sources import baci_hs2
from tradebook.themes import nowcast

CHINA = "CHN"  # yuan figures are China's customs' (GACC): the rate note applies to China's own record only


def world_unit_value(quantities: pd.DataFrame) -> pd.Series:
    """World export unit value of goods by year, USD per tonne: Σ value / Σ tonnes over every exporter and chapter with a quantity."""
    held = quantities.dropna(subset=["tonnes"])
    totals = held.groupby("year")[["value_usd", "tonnes"]].sum()
    return totals["value_usd"] / totals["tonnes"]


def block(flows: pd.DataFrame, rates: list[pd.Series] | None = None, *, roles: Roles) -> pd.DataFrame:
    """The context sentences: topic, sentence, source.

    ``flows``: the run's flows; ``rates``: the yuan rates yuan figures are converted at, each a row
    of ``nowcast.stated_cny_rate`` (year, period, cny_per_usd, method): by default GACC's 2024
    table's and GACC's own 2025 rate where published, said only when China reports (yuan figures are China's customs');
    ``roles``: the run's reporter and the partners whose two records of the trade are compared (``mirror_sentence``).
    """
    reporter, members = roles.reporter, list(roles.members)
    rates = rates if rates is not None else [nowcast.stated_cny_rate(), nowcast.stated_cny_rate(2025)]
    rows = []
    unit = world_unit_value(baci_hs2.quantities())
    first, last = int(unit.index.min()), int(unit.index.max())
    rows.append(
        {
            "topic": language.text("prices"),
            "sentence": language.text(
                "Values are current US dollars, so growth mixes prices and volumes: the world's export unit value of "
                "goods moved {change:+.0f}% from {first} to {last} (USD per tonne, all chapters), and no price index after "
                "{last} is shipped, so the price swings of later years are inside the values, not separated from volumes.",
                change=100 * (unit[last] / unit[first] - 1),
                first=first,
                last=last,
            ),
            "source": language.text("{source} (value and tonnes)", source=series.SOURCE_LABELS["baci_hs2"]),
        }
    )
    distinct = list({round(float(r["cny_per_usd"]), 4): r for r in rates}.values())
    said = language.text("; ").join(
        [
            language.text(
                "{rate:.2f} for {year} ({period}: {method})",
                rate=r["cny_per_usd"],
                year=r["year"],
                period=r["period"],
                method=r["method"],
            )
            for r in distinct
        ]
    )
    if reporter == CHINA:
        rows.append(
            {
                "topic": language.text("yuan rate"),
                "sentence": language.text(
                    "Yuan figures are converted at GACC's own yuan-per-dollar rate for their year: {rates}. A move of the "
                    "yuan within a year moves a converted figure by the same percentage.",
                    rates=said,
                ),
                "source": language.text("GACC (its figures in both currencies)"),
            }
        )
    directions = reconcile.mirror_by_direction(flows, reporter, members)
    mirrored = mirror_sentence(directions, roles=roles)
    if mirrored:
        rows.append(
            {
                "topic": language.text("the two records"),
                "sentence": mirrored,
                "source": language.text(
                    "{source} (both sides' records, each direction)", source=series.SOURCE_LABELS[series.DOTS]
                ),
            }
        )
    return pd.DataFrame(rows, columns=["topic", "sentence", "source"])


def mirror_sentence(directions: pd.DataFrame, *, roles: Roles, share: float = 0.5) -> str:
    """Why the two sides' records of the same trade differ, with the direction each cause pushes, computed by partner.

    ``directions``: ``reconcile.mirror_by_direction`` rows. In the latest year every partner's
    record is held both ways: the partners' imports from the reporter (CIF) against the
    reporter's exports (FOB). CIF valuation, and a partner recording goods re-exported through
    Hong Kong by their origin, would both make the partners' record *larger*; a shortfall points
    the other way: under-declaration at import ("missing imports", Fisman and Wei 2004, JPE
    112(2)), informal border trade, and goods in transit recorded elsewhere. The partners it sits
    in are named (those whose gap is at least ``share`` of the largest). In the other direction a
    partner that re-exports (Singapore) records more exports than the reporter records imports
    from it, since the reporter records imports by origin.
    """
    if directions.empty:
        return ""
    to_partner = directions[directions["direction"] == "to partner"]
    if to_partner.empty:
        return ""
    reporter_name = roles.reporter_name
    counts = to_partner.groupby("year")["partner"].nunique()
    year = int(max(y for y, n in counts.items() if n == counts.max()))  # the latest year that holds the most partners
    rows = to_partner[to_partner["year"] == year]
    mine, theirs = rows["exporter_usd"].sum(), rows["importer_usd"].sum()
    gap = 100 * (theirs / mine - 1)
    recorded = (
        (
            language.marked(
                "In {year} {partners} recorded {theirs} of imports from {reporter} (CIF) against {reporter}'s {mine} of "
                "exports to them (FOB): {gap:.1f}% less."
            )
            if gap < 0
            else language.marked(
                "In {year} {partners} recorded {theirs} of imports from {reporter} (CIF) against {reporter}'s {mine} of "
                "exports to them (FOB): {gap:.1f}% more."
            )
        )
        if roles.grouped
        else (
            language.marked(
                "In {year} {partners} recorded {theirs} of imports from {reporter} (CIF) against {reporter}'s {mine} of "
                "exports to it (FOB): {gap:.1f}% less."
            )
            if gap < 0
            else language.marked(
                "In {year} {partners} recorded {theirs} of imports from {reporter} (CIF) against {reporter}'s {mine} of "
                "exports to it (FOB): {gap:.1f}% more."
            )
        )
    )
    text = language.text(
        recorded,
        year=year,
        partners=roles.partners,
        reporter=reporter_name,
        theirs=language.amount(theirs, language.DOLLAR, "bn", precise=True),
        mine=language.amount(mine, language.DOLLAR, "bn", precise=True),
        gap=abs(gap),
    )
    if gap < 0 and len(rows) > 1:
        low = rows[rows["gap_pct"] <= share * rows["gap_pct"].min()].sort_values("gap_pct")
        named = language.listed(
            [
                language.text("{partner} ({gap:+.0f}%)", partner=reference.name_of(r.partner), gap=r.gap_pct)
                for r in low.itertuples()
            ]
        )
        text += language.text(
            " CIF valuation (freight and insurance added to the importer's value) and a partner recording goods "
            "re-exported through Hong Kong by their origin would both make {partners_s} record larger, not smaller; the "
            "shortfall sits in {named}: under-declaration at import (“missing imports”, Fisman and Wei 2004), informal "
            "border trade and goods in transit recorded elsewhere push the other way.",
            partners_s=roles.partners_s,
            named=named,
        )
    back = directions[(directions["direction"] == "from partner") & (directions["year"] == year)]
    high = back[back["gap_pct"] < -33].sort_values("gap_pct")
    if len(high):
        top = high.iloc[0]
        excess = 100 * (top["exporter_usd"] / top["importer_usd"] - 1)
        text += language.text(
            " The other way, {partner} records {excess:.0f}% more exports to {reporter} than {reporter} records imports "
            "from it: its exports include re-exports of goods made elsewhere, which {reporter} records by their country "
            "of origin.",
            partner=reference.name_of(top["partner"]),
            excess=excess,
            reporter=reporter_name,
        )
    return text
