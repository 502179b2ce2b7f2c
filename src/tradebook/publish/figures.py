"""Figures of several axes, each drawn whole from the tables of one question (``tradebook.questions``).

A notebook cell calls one of these and publishes the figure with its caption; the axes, labels
and source note are drawn here in the house style (``plots``), so the cell reads as the question
and the figure, not as matplotlib.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import pandas as pd
import seaborn as sns

from tradebook import language, reference
from tradebook.flows import series
from tradebook.publish import plots


def momentum(table: pd.DataFrame) -> plt.Figure:
    """Year-on-year growth of monthly trade (bars; red: months the IMF allocated) above the 12-month rolling total (USD billion).

    ``table``: indexed by monthly period, with yoy_pct, rolling_12m_usd and flag.
    """
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 5.6), sharex=True)
    x = table.index.to_timestamp()
    colours = [
        "tab:red" if "imf_allocated" in f else ("tab:blue" if v >= 0 else "tab:orange")
        for f, v in zip(table["flag"], table["yoy_pct"].fillna(0))
    ]
    top.bar(x, table["yoy_pct"], width=25, color=colours)
    top.axhline(0, color="0.3", linewidth=0.8)
    top.set_ylabel(language.text("year-on-year growth, %"))
    bottom.plot(x, table["rolling_12m_usd"])
    plots.usd_billions(bottom)
    bottom.set_ylabel(language.text("12-month total, USD billion"))
    bottom.set_xlabel(language.text("month"))
    plots.source_note(
        fig,
        language.text(
            "Source: IMF DOTS, reporter-recorded. Red bars: months the reporter did not report on its own (IMF-allocated)."
        ),
    )
    return fig


def balance(
    by_member: pd.DataFrame, group: pd.DataFrame, *, names: dict[str, str], reporter_name: str, partner_label: str
) -> plt.Figure:
    """The normalised balance (X − M)/(X + M) by member and year (heatmap) beside the balance with the group (bars, USD billion)."""
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(10.5, 0.42 * len(names) + 2.4), gridspec_kw={"width_ratios": [2.2, 1], "wspace": 0.5}
    )
    grid = by_member.pivot(index="partner", columns="year", values="normalized_balance").rename(index=names)
    plots.heatmap(left, grid, fmt=".2f", label="(X − M) / (X + M)")
    right.bar(group.index, group["balance_usd"], color=sns.color_palette()[0])
    plots.usd_billions(right)
    plots.year_axis(right)
    right.set_ylabel(
        language.text(
            "{reporter_name}'s balance with {partner_label}, USD billion",
            reporter_name=reporter_name,
            partner_label=partner_label,
        )
    )
    right.set_xlabel(language.text("year"))
    right.tick_params(axis="x", labelrotation=45)
    sources = ", ".join(series.SOURCE_LABELS[s] for s in by_member["source"].unique())
    plots.source_note(
        fig,
        language.text(
            "Sources: {sources}, {reporter_name}-recorded exports (FOB) and imports (CIF); one source per year (table column `source`).",
            sources=sources,
            reporter_name=reporter_name,
        ),
    )
    return fig


def member_shares(
    shares: pd.DataFrame, own: pd.DataFrame, *, names: dict[str, str], reporter_name: str, partner_label: str
) -> plt.Figure:
    """Each member's share (%) of the reporter's trade with the group, one stacked bar per year held."""
    fig, ax = plt.subplots()
    plots.stacked_shares(ax, shares.pivot(index="year", columns="partner", values="share_pct").rename(columns=names))
    ax.set_ylabel(
        language.text(
            "share of {reporter_name}'s trade with {partner_label}, %",
            reporter_name=reporter_name,
            partner_label=partner_label,
        )
    )
    ax.set_xlabel(language.text("year"))
    sources = ", ".join(series.SOURCE_LABELS[s] for s in own["source"].unique())
    plots.source_note(
        fig,
        language.text(
            "Sources: {sources}, {reporter_name}-recorded exports + imports; blank: a year no source holds in full.",
            sources=sources,
            reporter_name=reporter_name,
        ),
    )
    return fig


def rival_shares(eastward: pd.DataFrame, *, members: list[str], names: dict[str, str], years: range) -> plt.Figure:
    """The reporter's and the rival's shares (%) in each member's own trade, one panel per member; gaps are years a record is incomplete."""
    columns = min(len(members), 5)
    rows_n = -(-len(members) // columns)
    fig, axes = plt.subplots(
        rows_n, columns, figsize=(1.9 * columns + 1, 2.3 * rows_n + 1.2), sharey=True, squeeze=False
    )
    for ax, member in zip(axes.flat, members):
        for who, rows in eastward[eastward["reporter"] == member].groupby("partner"):
            full = rows.set_index("year")["share_pct"].reindex(years)
            ax.plot(full.index, full.to_numpy(), marker=".", label=reference.name_of(who))
        ax.set_title(names[member], fontsize=plots.TITLE_PT)
        plots.year_axis(ax)
        ax.tick_params(axis="x", labelrotation=45, labelsize=plots.SMALLEST_PT)
    for ax in list(axes.flat)[len(members) :]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel(language.text("share of member's trade, %"))
    plots.panel_legend(fig, axes.flat[0])
    plots.source_note(
        fig,
        language.text(
            "Source: IMF DOTS, member-recorded exports + imports with each partner / with the World. Gaps: years a member's record is incomplete."
        ),
    )
    fig.tight_layout()
    return fig


def export_sections(grid: pd.DataFrame, *, year: int, floor_pct: float) -> plt.Figure:
    """Export shares (%) by economy and HS section in ``year``, the sections reaching ``floor_pct`` somewhere."""
    fig, ax = plt.subplots(figsize=(11, 0.45 * len(grid) + 2.8))
    plots.heatmap(
        ax, grid, fmt=".0f", center=None, cmap="Blues", label=language.text("share of exports to the world, %")
    )
    ax.set_xlabel(language.text("HS section"))
    ax.tick_params(axis="x", labelrotation=40)
    plt.setp(ax.get_xticklabels(), ha="right")
    plots.source_note(
        fig,
        language.text(
            "Source: CEPII BACI (HS92) exports to the World, {year}; sections reaching {floor_pct:g}% in at least one economy.",
            year=year,
            floor_pct=floor_pct,
        ),
    )
    return fig


def wits_structure(
    machinery: pd.DataFrame, stages: pd.DataFrame | None, *, stage_year: int | None, missing: list[str]
) -> plt.Figure:
    """The machinery and electrical share of exports over time (left) beside exports by stage of processing in the latest year (right)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.5, 4.8), gridspec_kw={"width_ratios": [1.6, 1]})
    plots.lines(
        left, machinery.assign(name=machinery["reporter"].map(reference.name_of)), x="year", y="share_pct", hue="name"
    )
    left.set_ylabel(language.text("machinery & electrical, % of exports"))
    left.set_xlabel(language.text("year"))
    left.legend(fontsize=plots.SMALLEST_PT, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.15))
    if stages is not None:
        stages.plot.barh(stacked=True, ax=right, width=0.75)
        right.set_xlabel(
            language.text("share of exports by stage of processing, {stage_year}, %", stage_year=stage_year)
        )
        right.set_ylabel("")
        right.legend(fontsize=plots.SMALLEST_PT, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)
    note = language.text("Source: World Bank WITS trade summary (partner World).")
    if missing:
        note = language.text(
            "Source: World Bank WITS trade summary (partner World). No WITS file for: {members}.",
            members=language.listed([reference.name_of(m) for m in missing]),
        )
    plots.source_note(fig, note)
    return fig


def top_products(panels: list[tuple[str, str, pd.DataFrame]]) -> plt.Figure:
    """The ten largest products each way in each member's own record (USD billion), one panel per (name, title, table)."""
    fig, axes = plt.subplots(len(panels), 1, figsize=(9, 3.1 * len(panels)), squeeze=False)
    for ax, (_name, title, table) in zip(axes.flat, panels):
        plots.barh(ax, table.set_index("product")["usd_bn"], label=language.text("USD billion"))
        ax.set_title(title, fontsize=plots.TITLE_PT, loc="left")
    fig.tight_layout()
    plots.source_note(
        fig,
        language.text(
            "Sources: DOSM external trade (Malaysia-recorded); WITS/UN Comtrade (Singapore-recorded). Top 10 products."
        ),
    )
    return fig


def import_share(grid: pd.DataFrame, *, reporter_name: str, level: str, label: str) -> plt.Figure:
    """The reporter's share (%) of each member's imports by product, the 15 products the members import most from it."""
    fig, ax = plt.subplots(figsize=(11, 0.42 * len(grid) + 2.4))
    plots.heatmap(
        ax,
        grid,
        fmt=".0f",
        center=None,
        cmap="Reds",
        label=language.text("{reporter_name}'s share of member imports, %", reporter_name=reporter_name),
    )
    ax.set_xlabel(
        language.text(
            "product ({level}); the 15 the members import most from {reporter_name}",
            level=level,
            reporter_name=reporter_name,
        )
    )
    plots.source_note(
        fig,
        language.text(
            "Source: {label}; imports from {reporter_name} and from the World, latest year held.",
            label=label,
            reporter_name=reporter_name,
        ),
    )
    return fig


GL_LABELS = {  # how each bilateral product source is described beside its Grubel–Lloyd line
    "dosm_sitc2": "SITC2, all groups (DOSM)",
    "singapore_wits_hs2": "HS2, all chapters (WITS)",
    "singapore_comtrade_hs2": "HS2, 10 chapters (Comtrade)",
}


def supply_chain(
    gl: pd.DataFrame, intermediate: pd.DataFrame, *, names: dict[str, str], reporter_name: str
) -> plt.Figure:
    """Intra-industry trade (Grubel–Lloyd, 0–1) where bilateral product data exist beside intermediate goods' share (%) of
    members' imports: a panel for each that has data, never an empty one (at least one must have rows)."""
    drawn = [panel for panel, rows in (("gl", gl), ("intermediate", intermediate)) if len(rows)]
    if not drawn:
        raise ValueError("supply_chain: neither Grubel–Lloyd nor intermediate-goods rows to draw")
    fig, axes = plt.subplots(1, len(drawn), figsize=(10.5 if len(drawn) == 2 else 6.5, 4.4), squeeze=False)
    panel = dict(zip(drawn, axes[0]))
    sources = []
    if "gl" in panel:
        left = panel["gl"]
        for (who, source), rows in gl.groupby(["reporter", "source"]):
            left.plot(
                rows["year"],
                rows["grubel_lloyd"],
                marker="o",
                label=language.text(
                    "{economy}: {source}", economy=names.get(who, who), source=GL_LABELS.get(source, source)
                ),
            )
        left.set_ylim(0, 1)
        left.set_ylabel(language.text("Grubel–Lloyd index with {reporter_name} (0–1)", reporter_name=reporter_name))
        plots.legend_off_data(left, fontsize=plots.SMALLEST_PT)
        left.set_xlabel(language.text("year"))
        plots.year_axis(left)
        sources.append(language.text("DOSM (Malaysia-recorded), WITS/UN Comtrade (Singapore-recorded)"))
    if "intermediate" in panel:
        right = panel["intermediate"]
        plots.lines(
            right, intermediate.assign(name=intermediate["reporter"].map(names)), x="year", y="share_pct", hue="name"
        )
        right.legend(
            fontsize=plots.SMALLEST_PT, loc="center left", bbox_to_anchor=(1, 0.5)
        )  # beside the lines, never over one
        plots.year_axis(right)
        right.set_ylabel(language.text("intermediate goods, % of imports"))
        right.set_xlabel(language.text("year"))
        sources.append(language.text("WITS trade summary (stages)"))
    finer = language.after(language.text("Finer product levels give lower GL values.")) if "gl" in panel else ""
    missing = (
        plots.not_drawn(intermediate["reporter"], names, why=language.text("no WITS stages file"))
        if "intermediate" in panel
        else ""
    )
    plots.source_note(
        fig,
        language.text(
            language.marked("Sources: {sources}.{finer}{missing}")
            if len(sources) > 1
            else language.marked("Source: {sources}.{finer}{missing}"),
            sources=", ".join(sources),
            finer=finer,
            missing=missing,
        ),
    )
    return fig


def upgrading(change: pd.DataFrame, *, first: int, last: int) -> plt.Figure:
    """Machinery, electronics and instruments (HS 84, 85, 90) as a share (%) of each member's exports, first against last year."""
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(change) + 1.8))
    plots.dumbbell(
        ax,
        change,
        first=f"share {first}, %",  # the table's columns
        last=f"share {last}, %",
        labels=(language.years(first, first), language.years(last, last)),
    )
    ax.set_xlabel(language.text("HS 84 + 85 + 90, % of exports to the world"))
    plots.source_note(fig, language.text("Source: CEPII BACI (HS92) exports to the World by HS chapter."))
    return fig


def intensity(panels: pd.DataFrame, *, names: dict[str, str], world_countries: tuple[int, int]) -> plt.Figure:
    """Trade intensity, both directions, one small panel per member; 1 = trade in line with the partner's weight in world trade."""
    fig = plots.small_multiples(
        panels,
        x="year",
        y="intensity",
        panel="member",
        hue="direction",
        titles=names,
        ylabel=language.text("trade intensity (1 = neutral)"),
        reference=1,
    )
    fewest, most = world_countries
    plots.source_note(
        fig,
        language.text(
            "Sources: IMF DOTS; world exports = WDI goods exports (BoP) summed over {fewest}–{most} reporting "
            "countries.",
            fewest=fewest,
            most=most,
        )
        + plots.grey_note(panels["member"].nunique()),
    )
    return fig


def projection(
    headline_rows: pd.DataFrame, primary: pd.Series, backtest: pd.DataFrame, *, year: int, months: str
) -> plt.Figure:
    """The projected full year with its interval beside the reporter-recorded totals and each past year projected the same way (USD), with the USD 1 trillion line."""
    recorded = headline_rows[headline_rows["side"] == "reporter"].dropna(subset=["value_usd"])
    in_usd = backtest[backtest["series"].str.endswith("(USD)")]
    fig, ax = plt.subplots()
    plots.nowcast(
        ax,
        recorded,
        primary.to_dict(),
        in_usd,
        line=1e12,
        line_label=language.text("USD 1 trillion"),
        year=year,
    )
    plots.source_note(
        fig,
        language.text(
            "Projection from {source_agency}'s {months} figure (curated); recorded totals: {recorded}; backtest: each past year projected from its own January-to-month total.",
            source_agency=reference.publisher_name(primary.source_agency),
            months=months,
            recorded=series.headline_sources(recorded),
        ),
    )
    return fig


def rsca(grid: pd.DataFrame, *, year: int) -> plt.Figure:
    """Revealed symmetric comparative advantage by HS chapter (rows) and economy (columns) in ``year``."""
    fig, ax = plt.subplots(figsize=(0.45 * grid.shape[1] + 5, 8))
    plots.heatmap(ax, grid, fmt=".1f", label=language.text("RSCA = (RCA − 1)/(RCA + 1); > 0 specialised"))
    ax.set_xlabel("")
    ax.tick_params(axis="x", labelrotation=45)
    plots.source_note(
        fig,
        language.text(
            "Source: CEPII BACI (HS92) exports to the World, {year}; the 20 HS chapters these economies export most.",
            year=year,
        ),
    )
    return fig


def similarity(similar: pd.DataFrame, *, names: dict[str, str], reporter_name: str) -> plt.Figure:
    """Finger–Kreinin export similarity (0–100) of each economy's exports with the reporter's, by year."""
    fig, ax = plt.subplots()
    plots.lines(ax, similar.assign(name=similar["other"].map(names)), x="year", y="similarity", hue="name")
    ax.set_ylabel(language.text("export similarity with {reporter_name} (0–100)", reporter_name=reporter_name))
    ax.set_xlabel(language.text("year"))
    ax.legend(fontsize=plots.SMALLEST_PT, ncol=2, loc="center left", bbox_to_anchor=(1, 0.5))
    plots.source_note(
        fig, language.text("Source: CEPII BACI (HS92) exports to the World by HS chapter; Finger–Kreinin index.")
    )
    return fig


def private_share(private: pd.DataFrame) -> plt.Figure:
    """Private enterprises' share (%) of China's exports and imports, one bar per flow and period published."""
    fig, ax = plt.subplots(figsize=(10, 4.6))
    plots.shares_by_period(
        ax,
        private,
        value="private_share_pct",
        xlabel=language.text("private enterprises' share of China's exports or imports, %"),
    )
    plots.source_note(
        fig,
        language.text(
            "Source: GACC tables (6) Exports and (7) Imports by type of enterprise, TOTAL rows (curated, one URL per row)."
        ),
    )
    return fig


def cross_border_ecommerce(annual: pd.Series) -> plt.Figure:
    """China's cross-border e-commerce trade (CNY trillion) in the years published."""
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(annual.index, annual.to_numpy(), marker="o")
    plots.year_axis(ax)
    ax.set_ylabel(language.text("cross-border e-commerce trade, CNY trillion"))
    ax.set_xlabel(language.text("year"))
    plots.source_note(
        fig,
        language.text(
            "Sources: GACC, MOFCOM figures as reported (curated; one URL per row). Years not published are not drawn."
        ),
    )
    return fig


def extensive_margin(counts: pd.DataFrame, *, reporter_name: str, missing: list[str]) -> plt.Figure:
    """The number of export partners and of HS6 products exported (WITS's published counts), one panel per measure."""
    fig, axes = plt.subplots(1, 2, figsize=(10.5, 4.4))
    for ax, (measure, rows) in zip(axes, counts.groupby("measure")):
        plots.lines(
            ax,
            rows.assign(name=rows["reporter"].map(reference.name_of)),
            x="year",
            y="value",
            hue="name",
            highlight=reporter_name,
        )
        ax.set_ylabel(language.text("number of {measure}", measure=language.text(measure)))
        ax.set_xlabel(language.text("year"))
        plots.year_axis(ax)
    axes[1].legend(fontsize=plots.SMALLEST_PT, ncol=2, loc="center left", bbox_to_anchor=(1, 0.5))
    note = language.text("Source: World Bank WITS trade summary (published counts).")
    if missing:
        note += language.after(
            language.text(
                "No WITS file for {members}.", members=language.listed([reference.name_of(m) for m in missing])
            )
        )
    plots.source_note(fig, note)
    return fig


def basket_share(bilateral: pd.DataFrame, *, names: dict[str, str], reporter_name: str, basket_file: str) -> plt.Figure:
    """AI-related goods (an upper bound at HS2/SITC2) as a share (%) of each member's trade with the reporter, by source."""
    fig, ax = plt.subplots()
    for (source, member), table in bilateral.groupby(["source", "member"]):
        ax.plot(
            table["year"],
            table["basket_share_pct"],
            marker="o",
            label=language.text(
                "{member} ({source}, {level})",
                member=names[member],
                source=series.SOURCE_LABELS.get(source, source),
                level=table["level_used"].iloc[0],
            ),
        )
    plots.year_axis(ax)
    ax.set_ylabel(
        language.text("AI-related goods (upper bound), % of trade with {reporter_name}", reporter_name=reporter_name)
    )
    ax.set_xlabel(language.text("year"))
    plots.legend_off_data(ax, fontsize=plots.SMALLEST_PT)
    missing = plots.not_drawn(bilateral["member"], names, why=language.text("no bilateral product data shipped"))
    plots.source_note(
        fig,
        language.text(
            "Sources: DOSM (Malaysia-recorded, SITC2); UN Comtrade / WITS (Singapore-recorded, HS2). Basket: data/reference/{basket_file}.{missing}",
            basket_file=basket_file,
            missing=missing,
        ),
    )
    return fig


LOG_SCALE_RATIO = 10  # an index whose largest value is ten times its median goes to a log scale


def chapter_index(indexed: pd.DataFrame, *, reporter_name: str, chapters: list[str], base_year: int) -> plt.Figure:
    """Each economy's exports of the given HS chapters to the World, indexed to ``base_year`` = 100; on a log scale when one
    economy's index outruns the rest (Cambodia's reached about 4,100), so the others are not flattened against the axis."""
    fig, ax = plt.subplots()
    plots.lines(ax, indexed, x="year", y="index", hue="name", highlight=reporter_name)
    positive = indexed.loc[indexed["index"] > 0, "index"]
    logged = len(positive) > 0 and positive.max() / positive.median() > LOG_SCALE_RATIO
    if logged:
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda value, _: f"{value:,.0f}"))
    ax.set_ylabel(
        language.text(
            language.marked("exports of HS {chapters}, {base_year} = 100 (log scale)")
            if logged
            else language.marked("exports of HS {chapters}, {base_year} = 100"),
            chapters="+".join(chapters),
            base_year=base_year,
        )
    )
    ax.set_xlabel(language.text("year"))
    ax.legend(fontsize=plots.SMALLEST_PT, ncol=2, loc="center left", bbox_to_anchor=(1, 0.5))
    plots.source_note(fig, language.text("Source: CEPII BACI (HS92) exports to the World by HS chapter."))
    return fig


def agreement_effects(shown: pd.DataFrame, *, labels: dict[str, str], held: str) -> plt.Figure:
    """Each agreement's percent effect with its 95% confidence interval, by specification (PPML structural gravity)."""
    fig, ax = plt.subplots(figsize=(9, 1 + 0.5 * len(shown)))
    plots.effects(ax, shown, terms=labels)
    plots.source_note(
        fig,
        language.text(
            "PPML, exporter-year, importer-year and symmetric pair fixed effects; IMF DOTS {held}; agreement dates: data/reference/trade_agreements.csv.",
            held=held,
        ),
    )
    return fig


def event_study(table: pd.DataFrame, *, labels: dict[str, str], held: str) -> plt.Figure:
    """Each agreement's pairs year by year against the year before entry (percent, 95% confidence intervals), entry marked."""
    agreements = list(dict.fromkeys(table["agreement"]))
    fig, axes = plt.subplots(1, len(agreements), figsize=(9, 3.6), sharey=True, squeeze=False)
    for ax, agreement in zip(axes[0], agreements):
        rows = table[table["agreement"] == agreement].sort_values("year")
        ax.errorbar(
            rows["year"],
            rows["pct"],
            yerr=[rows["pct"] - rows["pct_low"], rows["pct_high"] - rows["pct"]],
            fmt="o-",
            color="tab:blue",
            capsize=2,
        )
        ax.axhline(0, color="0.4", linewidth=0.8, linestyle="--")
        ax.axvline(int(rows["entry_year"].iat[0]) - 0.5, color="tab:red", linewidth=1)
        ax.set_title(labels.get(agreement, agreement), fontsize=plots.TITLE_PT)
        ax.set_xlabel(language.text("year (red line: entry into force)"))
        plots.year_axis(ax)  # years, never 2012.5
    axes[0][0].set_ylabel(language.text("trade of the pairs, %\nagainst the year before entry"))
    plots.source_note(
        fig,
        language.text(
            "PPML event study: exporter-year, importer-year and symmetric pair effects, the other agreements and shocks controlled; IMF DOTS {held}.",
            held=held,
        ),
    )
    return fig


def rerouting(table: pd.DataFrame, *, before: list[int], after: list[int]) -> plt.Figure:
    """The change in China's exports to each member (%) against the change in the member's share of US imports (points);
    a member without both is named in the note."""
    fig, ax = plt.subplots(figsize=(9, 4.8))
    drawn = table.dropna(subset=["china_exports_change_pct", "us_import_share_change_pp"])
    ax.scatter(drawn["china_exports_change_pct"], drawn["us_import_share_change_pp"], color="tab:blue")
    for row in drawn.itertuples():
        ax.annotate(
            reference.name_of(row.member),
            (row.china_exports_change_pct, row.us_import_share_change_pp),
            textcoords="offset points",
            xytext=(4, 3),
            fontsize=plots.SMALLEST_PT,
        )
    ax.axhline(0, color="0.4", linewidth=0.8)
    ax.set_xlabel(
        language.text(
            "change in China's exports to the member, % ({before}–{before_2} → {after}–{after_2})",
            before=before[0],
            before_2=before[-1],
            after=after[0],
            after_2=after[-1],
        )
    )
    ax.set_ylabel(language.text("change in share of US imports, pp"))
    missing = plots.not_drawn(
        drawn["member"], table["member"], why=language.text("no complete US-recorded imports in a window")
    )
    plots.source_note(
        fig,
        language.text(
            "IMF DOTS: China-recorded exports; US-recorded imports. Means of complete years.{missing}", missing=missing
        ),
    )
    return fig


def mirror_gap(gap: pd.DataFrame, *, reporter_name: str, compared: str) -> plt.Figure:
    """Partner-recorded minus reporter-recorded trade, % of reporter-recorded, by pair and year; blank where a side is incomplete or absent."""
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(gap) + 1.6))
    plots.heatmap(
        ax, gap, label=language.text("mirror gap, % of {reporter_name}-recorded", reporter_name=reporter_name)
    )
    plots.source_note(fig, language.text("Sources: {compared}. Blank: a side incomplete or absent.", compared=compared))
    return fig


def headline(headline_rows: pd.DataFrame) -> plt.Figure:
    """Total trade by year from every source held, each its own series (USD billion)."""
    fig, ax = plt.subplots()
    plots.headline(ax, headline_rows)
    plots.source_note(
        fig,
        language.text(
            "Sources: {sources}. Each source is its own series; a gap is a year left out as incomplete.",
            sources=series.headline_sources(headline_rows),
        ),
    )
    return fig


def complementarity(panels: pd.DataFrame, *, names: dict[str, str], reporter_name: str, yardstick: str) -> plt.Figure:
    """The reporter's complementarity index (0–100) with each member's imports beside the benchmark exporters' median, one panel per member."""
    fig = plots.small_multiples(
        panels,
        x="year",
        y="tci",
        panel="importer",
        hue="series",
        titles=names,
        ylabel=language.text("complementarity (0–100)"),
    )
    plots.source_note(
        fig,
        language.text(
            "Source: OEC trade by HS section with the World: {reporter}'s exports and the median of {yardstick} "
            "against each member's imports.",
            reporter=reporter_name,
            yardstick=yardstick,
        )
        + plots.grey_note(panels["importer"].nunique()),
    )
    return fig


def supplier_share(shares: pd.DataFrame, *, names: dict[str, str], reporter_name: str) -> plt.Figure:
    """The reporter's share (%) of each member's imports (member-recorded), one panel per member."""
    fig = plots.small_multiples(
        shares,
        x="year",
        y="share_pct",
        panel="importer",
        titles=names,
        ylabel=language.text("{reporter_name}'s share of imports, %", reporter_name=reporter_name),
    )
    plots.source_note(
        fig,
        "Source: IMF DOTS, member-recorded imports (CIF); complete years only."
        + plots.grey_note(shares["importer"].nunique()),
    )
    return fig
