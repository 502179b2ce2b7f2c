"""Indicators applied year by year to the canonical table: TCI, RCA, similarity, Grubel–Lloyd, supplier shares.

Each function picks its rows, applies one measure from ``tradebook.indicators`` per year and
returns a tidy table with the years it could compute (a missing side gives no row, not a zero).
"""

from __future__ import annotations

import pandas as pd

from tradebook import indicators, schema
from tradebook.flows import aggregate


def _product_values(
    flows: pd.DataFrame, source: str, classification: str, flow: str, reporter: str, partner: str = schema.WORLD
) -> pd.DataFrame:
    rows = flows[
        (flows["source"] == source)
        & (flows["classification"] == classification)
        & (flows["flow"] == flow)
        & (flows["reporter"] == reporter)
        & (flows["partner"] == partner)
    ]
    return rows.groupby(["year", "product"], observed=True)["value_usd"].sum().unstack("product")


def tci(
    flows: pd.DataFrame,
    exporters: list[str],
    importers: list[str],
    *,
    source: str = "oec_sections",
    classification: str = "HS-section",
) -> pd.DataFrame:
    """Trade complementarity of each exporter's world exports with each importer's world imports, by year.

    Columns: exporter, importer, year, tci (0–100). Source default: OEC HS sections 2010–2018.
    """
    flows = flows[(flows["source"] == source) & flows["reporter"].isin([*exporters, *importers])]  # filter once
    rows = []
    for exporter in exporters:
        exports = _product_values(flows, source, classification, "export", exporter)
        for importer in importers:
            if importer == exporter:
                continue
            imports = _product_values(flows, source, classification, "import", importer)
            for year in exports.index.intersection(imports.index):
                rows.append(
                    {
                        "exporter": exporter,
                        "importer": importer,
                        "year": int(year),
                        "tci": indicators.trade_complementarity(exports.loc[year].dropna(), imports.loc[year].dropna()),
                    }
                )
    return pd.DataFrame(rows, columns=["exporter", "importer", "year", "tci"])


def rca_by_year(flows: pd.DataFrame, *, source: str = "baci_hs2", classification: str = "HS2") -> pd.DataFrame:
    """Balassa RCA of every exporter in ``source`` by product and year (world = all its exporters).

    Columns: reporter, product, year, rca, rsca.
    """
    rows = flows[
        (flows["source"] == source)
        & (flows["classification"] == classification)
        & (flows["flow"] == "export")
        & (flows["partner"] == schema.WORLD)
    ]
    frames = []
    for year, table in rows.groupby("year"):
        values = indicators.rca(table[["reporter", "product", "value_usd"]]).reset_index()
        frames.append(values.assign(year=int(year)))
    out = pd.concat(frames, ignore_index=True)
    out["rsca"] = indicators.rsca(out["rca"])
    return out


def similarity(
    flows: pd.DataFrame, reporter: str, others: list[str], *, source: str = "baci_hs2", classification: str = "HS2"
) -> pd.DataFrame:
    """Finger–Kreinin export similarity of ``reporter`` with each of ``others`` (world exports), by year."""
    flows = flows[(flows["source"] == source) & flows["reporter"].isin([reporter, *others])]  # filter once
    mine = _product_values(flows, source, classification, "export", reporter)
    rows = []
    for other in others:
        theirs = _product_values(flows, source, classification, "export", other)
        for year in mine.index.intersection(theirs.index):
            rows.append(
                {
                    "reporter": reporter,
                    "other": other,
                    "year": int(year),
                    "similarity": indicators.export_similarity(mine.loc[year].dropna(), theirs.loc[year].dropna()),
                }
            )
    return pd.DataFrame(rows, columns=["reporter", "other", "year", "similarity"])


def grubel_lloyd_by_year(
    flows: pd.DataFrame, reporter: str, partner: str, *, source: str, classification: str
) -> pd.DataFrame:
    """Aggregate Grubel–Lloyd index of reporter–partner trade by year, and the number of products."""
    exports = _product_values(flows, source, classification, "export", reporter, partner)
    imports = _product_values(flows, source, classification, "import", reporter, partner)
    rows = [
        {
            "reporter": reporter,
            "partner": partner,
            "source": source,
            "year": int(year),
            "products": int(exports.loc[year].notna().sum()),
            "grubel_lloyd": indicators.grubel_lloyd_aggregate(exports.loc[year], imports.loc[year]),
        }
        for year in exports.index.intersection(imports.index)
    ]
    return pd.DataFrame(rows, columns=["reporter", "partner", "source", "year", "products", "grubel_lloyd"])


def supplier_shares(flows: pd.DataFrame, importers: list[str], *, source: str = "imf_dots") -> pd.DataFrame:
    """Every supplier's share of each importer's imports (importer-recorded, complete years), with its rank.

    Columns: importer, partner, year, share_pct, rank (1 = largest supplier).
    """
    rows = flows[
        (flows["source"] == source)
        & (flows["classification"] == "TOTAL")
        & (flows["flow"] == "import")
        & flows["reporter"].isin(importers)
    ]
    yearly = aggregate.annual(rows)
    yearly = yearly[yearly["complete"]]
    world = yearly[yearly["partner"] == schema.WORLD][["reporter", "year", "value_usd"]].rename(
        columns={"value_usd": "world_usd"}
    )
    partners = yearly[yearly["partner"] != schema.WORLD].merge(world, on=["reporter", "year"], how="inner")
    partners["share_pct"] = indicators.share(partners["value_usd"], partners["world_usd"])
    partners = partners.dropna(subset=["share_pct"])
    partners["rank"] = (
        partners.groupby(["reporter", "year"])["share_pct"].rank(ascending=False, method="min").astype(int)
    )
    return partners.rename(columns={"reporter": "importer"})[["importer", "partner", "year", "share_pct", "rank"]]


def partner_share_by_product(
    flows: pd.DataFrame, reporter: str, partner: str, flow: str, *, source: str, classification: str
) -> pd.DataFrame:
    """Share of ``partner`` in ``reporter``'s trade of each product, percent; world = sum over all partners held.

    Valid only for sources that list every partner (DOSM does; the Singapore extracts do not).
    """
    rows = flows[
        (flows["source"] == source)
        & (flows["classification"] == classification)
        & (flows["flow"] == flow)
        & (flows["reporter"] == reporter)
        & (flows["partner"] != schema.WORLD)
    ]
    total = rows.groupby(["year", "product"], observed=True)["value_usd"].sum()
    mine = rows[rows["partner"] == partner].groupby(["year", "product"], observed=True)["value_usd"].sum()
    table = pd.DataFrame({"value_usd": mine, "total_usd": total.reindex(mine.index)})
    table["share_pct"] = indicators.share(table["value_usd"], table["total_usd"])
    return table.reset_index()


def unit_value_change(
    quantities: pd.DataFrame, members: list[str], chapters: list[str], first: int, last: int
) -> pd.DataFrame:
    """Each member's export unit value relative to the world's in ``chapters``, first and last year, and its change.

    Per year, ``indicators.relative_unit_value`` over every exporter with a quantity (the world),
    averaged over the chapters with the member's export values as weights. ``quantities``:
    sources.baci_hs2.quantities() rows. Columns: member, ruv_first, ruv_last, change_pct; a
    member without a usable quantity in either year has NaN.
    """
    rows = []
    by_year = {}
    for year in (first, last):
        held = quantities[(quantities["year"] == year) & quantities["product"].isin(chapters)]
        ruv = indicators.relative_unit_value(held).rename("ruv").reset_index()
        weights = (
            held.dropna(subset=["tonnes"])
            .groupby(["reporter", "product"])["value_usd"]
            .sum()
            .rename("weight")
            .reset_index()
        )
        merged = ruv.merge(weights, on=["reporter", "product"])
        by_year[year] = merged.groupby("reporter").apply(
            lambda t: (t["ruv"] * t["weight"]).sum() / t["weight"].sum(), include_groups=False
        )
    for member in members:
        before, after = by_year[first].get(member, float("nan")), by_year[last].get(member, float("nan"))
        rows.append(
            {"member": member, "ruv_first": before, "ruv_last": after, "change_pct": 100 * (after / before - 1)}
        )
    return pd.DataFrame(rows, columns=["member", "ruv_first", "ruv_last", "change_pct"])


def intensity(
    flows: pd.DataFrame, reporter: str, partners: list[str], world: pd.DataFrame, *, source: str = "imf_dots"
) -> pd.DataFrame:
    """Trade intensity both ways between ``reporter`` and each partner, by year (WITS definition).

    TII_ij = (x_ij / X_i) / (x_wj / X_w): x_ij and X_i from the exporter's own DOTS record; x_wj =
    the importer's imports from the World (its DOTS record); X_w = ``world`` (e.g.
    sources.wdi.world_exports()). Complete years only. Columns: exporter, importer, year, x_ij, x_i,
    x_wj, x_w, intensity.
    """
    rows = flows[
        (flows["source"] == source)
        & (flows["classification"] == "TOTAL")
        & flows["reporter"].isin([reporter, *partners])
    ]
    rows = aggregate.annual(rows)  # once for both directions
    rows = rows[rows["complete"]].set_index(["reporter", "partner", "flow", "year"])["value_usd"]
    world_by_year = world.set_index("year")["value_usd"]
    frames = []
    for exporter, importer in [(reporter, p) for p in partners] + [(p, reporter) for p in partners]:
        try:
            x_ij = rows.loc[(exporter, importer, "export")]
            x_i = rows.loc[(exporter, schema.WORLD, "export")]
            x_wj = rows.loc[(importer, schema.WORLD, "import")]
        except KeyError:
            continue  # a side with no complete year
        table = pd.concat({"x_ij": x_ij, "x_i": x_i, "x_wj": x_wj}, axis=1).dropna()
        table["x_w"] = table.index.map(world_by_year)
        table = table.dropna().reset_index()
        frames.append(table.assign(exporter=exporter, importer=importer))
    if not frames:
        return pd.DataFrame(columns=["exporter", "importer", "year", "x_ij", "x_i", "x_wj", "x_w", "intensity"])
    out = pd.concat(frames, ignore_index=True)
    out["intensity"] = indicators.trade_intensity(out["x_ij"], out["x_i"], out["x_wj"], out["x_w"])
    return out[["exporter", "importer", "year", "x_ij", "x_i", "x_wj", "x_w", "intensity"]]
