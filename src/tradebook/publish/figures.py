"""Figures of several axes, each drawn whole from the tables of one question (``tradebook.questions``).

A notebook cell calls one of these and publishes the figure with its caption; the axes, labels
and source note are drawn here in the house style (``plots``), so the cell reads as the question
and the figure, not as matplotlib.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from tradebook import reference
from tradebook.flows import series
from tradebook.publish import plots


def momentum(table: pd.DataFrame) -> plt.Figure:
    """Year-on-year growth of monthly trade (bars; red: months the IMF allocated) above the 12-month rolling total (USD billion).

    ``table``: indexed by monthly period, with yoy_pct, rolling_12m_usd and flag.
    """
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6.4), sharex=True)
    x = table.index.to_timestamp()
    colours = ["tab:red" if "imf_allocated" in f else ("tab:blue" if v >= 0 else "tab:orange") for f, v in zip(table["flag"], table["yoy_pct"].fillna(0))]
    top.bar(x, table["yoy_pct"], width=25, color=colours)
    top.axhline(0, color="0.3", linewidth=0.8)
    top.set_ylabel("year-on-year growth, %")
    bottom.plot(x, table["rolling_12m_usd"])
    plots.usd_billions(bottom)
    bottom.set_ylabel("12-month total, USD billion")
    bottom.set_xlabel("month")
    plots.source_note(fig, "Source: IMF DOTS, reporter-recorded. Red bars: months the reporter did not report on its own (IMF-allocated).")
    return fig


def balance(by_member: pd.DataFrame, group: pd.DataFrame, *, names: dict[str, str], reporter_name: str, partner_label: str) -> plt.Figure:
    """The normalised balance (X − M)/(X + M) by member and year (heatmap) beside the balance with the group (bars, USD billion)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.5, 0.42 * len(names) + 2.4), gridspec_kw={"width_ratios": [2.2, 1], "wspace": 0.5})
    grid = by_member.pivot(index="partner", columns="year", values="normalized_balance").rename(index=names)
    plots.heatmap(left, grid, fmt=".2f", label="(X − M) / (X + M)")
    right.bar(group.index, group["balance_usd"], color=sns.color_palette()[0])
    plots.usd_billions(right)
    plots.year_axis(right)
    right.set_ylabel(f"{reporter_name}'s balance with {partner_label}, USD billion")
    right.set_xlabel("year")
    right.tick_params(axis="x", labelrotation=45)
    sources = ", ".join(series.SOURCE_LABELS[s] for s in by_member["source"].unique())
    plots.source_note(fig, f"Sources: {sources}, {reporter_name}-recorded exports (FOB) and imports (CIF); one source per year (table column `source`).")
    return fig


def member_shares(shares: pd.DataFrame, own: pd.DataFrame, *, names: dict[str, str], reporter_name: str, partner_label: str) -> plt.Figure:
    """Each member's share (%) of the reporter's trade with the group, one stacked bar per year held."""
    fig, ax = plt.subplots()
    plots.stacked_shares(ax, shares.pivot(index="year", columns="partner", values="share_pct").rename(columns=names))
    ax.set_ylabel(f"share of {reporter_name}'s trade with {partner_label}, %")
    ax.set_xlabel("year")
    sources = ", ".join(series.SOURCE_LABELS[s] for s in own["source"].unique())
    plots.source_note(fig, f"Sources: {sources}, {reporter_name}-recorded exports + imports; blank: a year no source holds in full.")
    return fig


def rival_shares(eastward: pd.DataFrame, *, members: list[str], names: dict[str, str], years: range) -> plt.Figure:
    """The reporter's and the rival's shares (%) in each member's own trade, one panel per member; gaps are years a record is incomplete."""
    columns = min(len(members), 5)
    rows_n = -(-len(members) // columns)
    fig, axes = plt.subplots(rows_n, columns, figsize=(1.9 * columns + 1, 2.3 * rows_n + 1.2), sharey=True, squeeze=False)
    for ax, member in zip(axes.flat, members):
        for who, rows in eastward[eastward["reporter"] == member].groupby("partner"):
            full = rows.set_index("year")["share_pct"].reindex(years)
            ax.plot(full.index, full.to_numpy(), marker=".", label=reference.name_of(who))
        ax.set_title(names[member], fontsize=10)
        plots.year_axis(ax)
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    for ax in list(axes.flat)[len(members) :]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("share of member's trade, %")
    axes.flat[0].legend(fontsize=8)
    plots.source_note(
        fig, "Source: IMF DOTS, member-recorded exports + imports with each partner / with the World. Gaps: years a member's record is incomplete."
    )
    fig.tight_layout()
    return fig


def export_sections(grid: pd.DataFrame, *, year: int, floor_pct: float) -> plt.Figure:
    """Export shares (%) by economy and HS section in ``year``, the sections reaching ``floor_pct`` somewhere."""
    fig, ax = plt.subplots(figsize=(11, 0.45 * len(grid) + 2.8))
    plots.heatmap(ax, grid, fmt=".0f", center=None, cmap="Blues", label="share of exports to the world, %")
    ax.set_xlabel("HS section")
    ax.tick_params(axis="x", labelrotation=40)
    plt.setp(ax.get_xticklabels(), ha="right")
    plots.source_note(fig, f"Source: CEPII BACI (HS92) exports to the World, {year}; sections reaching {floor_pct:g}% in at least one economy.")
    return fig


def wits_structure(machinery: pd.DataFrame, stages: pd.DataFrame | None, *, stage_year: int | None, missing: list[str]) -> plt.Figure:
    """The machinery and electrical share of exports over time (left) beside exports by stage of processing in the latest year (right)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.5, 4.8), gridspec_kw={"width_ratios": [1.6, 1]})
    plots.lines(left, machinery.assign(name=machinery["reporter"].map(reference.name_of)), x="year", y="share_pct", hue="name")
    left.set_ylabel("machinery & electrical, % of exports")
    left.set_xlabel("year")
    left.legend(fontsize=8, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.15))
    if stages is not None:
        stages.plot.barh(stacked=True, ax=right, width=0.75)
        right.set_xlabel(f"share of exports by stage of processing, {stage_year}, %")
        right.set_ylabel("")
        right.legend(fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)
    note = "Source: World Bank WITS trade summary (partner World)."
    if missing:
        note = f"Source: World Bank WITS trade summary (partner World). No WITS file for: {', '.join(map(reference.name_of, missing))}."
    plots.source_note(fig, note)
    return fig


def top_products(panels: list[tuple[str, str, pd.DataFrame]]) -> plt.Figure:
    """The ten largest products each way in each member's own record (USD billion), one panel per (name, title, table)."""
    fig, axes = plt.subplots(len(panels), 1, figsize=(9, 3.1 * len(panels)), squeeze=False)
    for ax, (_name, title, table) in zip(axes.flat, panels):
        plots.barh(ax, table.set_index("product")["usd_bn"], label="USD billion")
        ax.set_title(title, fontsize=10, loc="left")
    fig.tight_layout()
    plots.source_note(fig, "Sources: DOSM external trade (Malaysia-recorded); WITS/UN Comtrade (Singapore-recorded). Top 10 products.")
    return fig


def import_share(grid: pd.DataFrame, *, reporter_name: str, level: str, label: str) -> plt.Figure:
    """The reporter's share (%) of each member's imports by product, the 15 products the members import most from it."""
    fig, ax = plt.subplots(figsize=(11, 0.42 * len(grid) + 2.4))
    plots.heatmap(ax, grid, fmt=".0f", center=None, cmap="Reds", label=f"{reporter_name}'s share of member imports, %")
    ax.set_xlabel(f"product ({level}); the 15 the members import most from {reporter_name}")
    plots.source_note(fig, f"Source: {label}; imports from {reporter_name} and from the World, latest year held.")
    return fig
