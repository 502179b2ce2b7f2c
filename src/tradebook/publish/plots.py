"""House style for figures: one seaborn theme, units in axis labels, a source note under each.

Helpers take an ``ax`` and return it; ``save`` writes PNG (and SVG or PDF when asked) to a figures folder through
a temporary file. No titles inside images: captions live in the notebook's Markdown.
"""

from __future__ import annotations

import json
import re
import textwrap
import unicodedata
from pathlib import Path

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from tradebook import atomic, config, language, reference, shared_tables
from tradebook.sources import curated

FIGSIZE = (9, 4.8)
# The briefing shows a figure this wide (inches, as saved) across the page and a narrower one
# narrower, so that type set in points has one size on the page whatever the figure's width.
FULL_WIDTH_IN = 10.5
SAVE_DPI = 150
# A4's text width (182 mm) over FULL_WIDTH_IN: the briefing prints a figure's type at 0.68 of its size, so the smallest type
# is set at 11 pt to print at 7.5 pt (``tests/test_editing_loop.py`` measures it in the PDF); titles and labels a step above.
SMALLEST_PT = 11.0
TITLE_PT = 12.0
HIGHLIGHT = "black"  # the reporter's line among the members' ten colours


CJK_FONT = "Noto Sans CJK SC"  # Debian's fonts-noto-cjk (make setup); Simplified Chinese glyphs, Latin included


def house_style() -> None:
    """Apply the workbook's seaborn theme (white grid, readable fonts, colour-blind palette); in the Chinese edition
    every text is set in Noto Sans CJK SC (``CJK_FONT``), with DejaVu Sans after it for any glyph it lacks."""
    fonts = [CJK_FONT, "DejaVu Sans"] if language.chinese() else ["DejaVu Sans"]
    sns.set_theme(
        style="whitegrid",
        context="notebook",
        palette="colorblind",
        rc={
            "figure.figsize": FIGSIZE,
            # one resolution for laying out and for saving: the text measured for the source note and
            # for the tight crop is measured once (matplotlib caches text extents by dpi)
            "figure.dpi": SAVE_DPI,
            "savefig.dpi": SAVE_DPI,
            "axes.titlesize": 13,
            "axes.labelsize": TITLE_PT,
            "legend.fontsize": SMALLEST_PT,
            "xtick.labelsize": SMALLEST_PT,
            "ytick.labelsize": SMALLEST_PT,
            "legend.title_fontsize": SMALLEST_PT,
            "figure.autolayout": False,
            "svg.fonttype": "none",
            "font.family": "sans-serif",
            "font.sans-serif": fonts,
        },
    )  # SVG text stays text: editable, smaller, faster to write


def not_drawn(drawn: object, economies: object, *, why: str) -> str:
    """What a figure's note adds for the run's ``economies`` (ISO3 codes) it has no point for, by name and with ``why``
    (" Not drawn (no US-recorded imports): Myanmar."); empty when every one is drawn, so no economy vanishes unsaid."""
    shown = set(drawn)  # type: ignore[call-overload]
    missing = [reference.name_of(code) for code in economies if code not in shown]  # type: ignore[attr-defined]
    if not missing:
        return ""
    return language.after(language.text("Not drawn ({why}): {economies}.", why=why, economies=language.listed(missing)))


def source_note(fig: plt.Figure, text: str) -> plt.Figure:
    """Write ``text`` ("Source: …") in small grey type just below everything already drawn.

    Call it last: the note is placed under the lowest tick label or legend, and saving with
    bbox_inches="tight" (as ``save`` and the notebook display do) keeps it in the image.
    """
    box = fig.get_tightbbox()
    wrapped = wrap_note(text, NOTE_CHARS)  # a long note breaks into lines instead of widening the figure
    fig.text(
        box.x0 / fig.get_figwidth(),
        box.y0 / fig.get_figheight() - 0.015,
        wrapped,
        ha="left",
        va="top",
        fontsize=SMALLEST_PT,
        color="0.35",
    )
    return fig


NOTE_CHARS = int(
    0.9 * FULL_WIDTH_IN * 72 / (0.6 * SMALLEST_PT)
)  # characters of the smallest type across a full-width figure
WIDE_CHARACTER = 1.7  # a CJK character's width in Latin characters (1 em against about 0.6 em)
NO_LINE_START = "、，。；：！？）》」』】%,.;:!?)"  # closing punctuation stays with the character before it
_TOKENS = re.compile(r"\s+|[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]|[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+")


def wrap_note(text: str, width: int) -> str:
    """``text`` in lines of at most ``width`` Latin characters' width: at spaces in English (``textwrap``), and in
    Chinese between any two characters (a CJK character counts ``WIDE_CHARACTER``), never inside a Latin word nor
    before closing punctuation."""
    if not re.search(r"[\u2e80-\u9fff\uff00-\uffef]", text):
        return textwrap.fill(text, width=width)
    lines, line, used = [], "", 0.0
    for token in _TOKENS.findall(text):
        size = sum(WIDE_CHARACTER if unicodedata.east_asian_width(c) in "WF" else 1 for c in token)
        if line and used + size > width and not token.isspace() and token[0] not in NO_LINE_START:
            lines.append(line.rstrip())
            line, used = "", 0.0
        if not (token.isspace() and not line):
            line, used = line + token, used + size
    return "\n".join([*lines, line.rstrip()])


def fit_width(fig: plt.Figure, width_in: float = FULL_WIDTH_IN) -> plt.Figure:
    """Narrow ``fig``'s canvas until everything drawn (legends beside the axes included) is at most ``width_in`` wide, so the briefing
    never shrinks a wide figure below the common type scale; the type keeps its size and the axes give way."""
    target = width_in - 2 * plt.rcParams["savefig.pad_inches"]  # saving adds this margin on each side
    for _ in range(8):
        drawn = fig.get_tightbbox().width
        if drawn <= target + 0.01:
            break
        width, height = fig.get_size_inches()
        fig.set_size_inches(max(width - (drawn - target) - 0.05, 2.0), height)
    return fig


def _y_values(ax: plt.Axes) -> np.ndarray:
    """The y values of the data drawn on ``ax`` in data coordinates: lines, bars, markers and error bars."""
    values = [
        np.asarray(line.get_ydata(), dtype=float) for line in ax.get_lines() if line.get_transform() == ax.transData
    ]
    values += [
        np.array([patch.get_y(), patch.get_y() + patch.get_height()])
        for patch in ax.patches
        if isinstance(patch, Rectangle)
    ]
    for collection in ax.collections:
        if isinstance(collection, PathCollection):
            values.append(np.asarray(collection.get_offsets(), dtype=float).reshape(-1, 2)[:, 1])
        elif isinstance(collection, LineCollection):
            values += [np.asarray(segment, dtype=float)[:, 1] for segment in collection.get_segments() if len(segment)]
    flat = np.concatenate(values) if values else np.empty(0)
    return flat[np.isfinite(flat)]


def levels_from_zero(fig: plt.Figure) -> list[plt.Axes]:
    """Start at zero every linear y axis whose data are all levels (no value below zero) and whose axis starts above
    zero, so a small change is never drawn as a steep one; return the axes moved. A log axis, an axis with a negative
    value (growth, effects, changes) and an axis without data (heatmaps, bar labels) are left as drawn."""
    moved = []
    for ax in fig.axes:
        values = _y_values(ax) if ax.get_visible() and ax.get_yscale() == "linear" else np.empty(0)
        if len(values) and values.min() >= 0 and ax.get_ylim()[0] > 0:
            ax.set_ylim(bottom=0)
            moved.append(ax)
    return moved


def save(fig: plt.Figure, folder: Path, name: str) -> list[Path]:
    """Save ``fig`` as <folder>/<name>.png and .svg, and as PDF when the run asks (``figure_formats``); atomic; return
    the paths, PNG first.

    The briefing shows the SVG on screen (sharp at any zoom, its text searchable) and prints the PNG. The SVG is the same
    bytes for the same figure: no date in its metadata, and its element ids salted with the figure's name rather than
    at random, so an unchanged figure never makes the briefing rerun.
    """
    levels_from_zero(fig)
    fit_width(fig)
    paths = []
    for suffix in dict.fromkeys(["png", "svg", *config.formats()]):
        target = Path(folder) / f"{name}.{suffix}"
        metadata = {"Date": None} if suffix in ("svg", "pdf") else None
        with atomic.atomic_path(target) as tmp, plt.rc_context({"svg.hashsalt": name, "svg.fonttype": "none"}):
            fig.savefig(tmp, format=suffix, bbox_inches="tight", metadata=metadata)
        paths.append(target)
    return paths


# Where a captioned figure goes in the briefing (notebook 07 places each section's figures).
SECTIONS = (
    "headline",
    "projection",
    "structure",
    "complementarity",
    "themes",
    "agreements",
    "specifications",
    "coverage",
)


def publish(
    fig: plt.Figure,
    folder: Path,
    name: str,
    *,
    caption: str | None = None,
    section: str | None = None,
    order: int = 0,
    data: list[str] | None = None,
) -> plt.Figure:
    """Save ``fig`` (``save``), show the saved PNG in the notebook, and return the figure.

    With a ``caption`` and a briefing ``section`` (one of SECTIONS), ``figures/<name>.json``
    records both (and ``order``, its place among the notebook's figures, and ``data``, the tables it is drawn from:
    ``figure_tables``), and the briefing shows the figure there with that caption and its data: a new figure needs
    no change to notebook 07. The figure is closed for pyplot (so it is not drawn twice) but
    stays usable: restyle it and call ``publish`` again to replace the files. Showing the saved
    file rather than drawing again halves the rendering work, and the reader sees what was saved.
    """
    if (caption is None) != (section is None) or (section is not None and section not in SECTIONS):
        raise ValueError(f"publish({name!r}): give both caption and section (one of {SECTIONS}), or neither")
    drawn_from = figure_tables(name, data) if caption is not None else []
    paths = save(fig, folder, name)
    if caption is not None:
        entry = {
            "caption": caption,
            "section": section,
            "order": order,
            "data": drawn_from,
            "smallest_pt": smallest_text_pt(fig),
            "legend_covers": legend_covers_data(fig),
        }
        atomic.write_text(json.dumps(entry), Path(folder) / f"{name}.json")
    plt.close(fig)
    try:
        from IPython import get_ipython
        from IPython.display import Image, display
    except ImportError:
        return fig
    if get_ipython() is not None:
        display(Image(filename=str(paths[0])))
    return fig


def smallest_text_pt(fig: plt.Figure) -> float:
    """The size (pt, as set in the figure) of the smallest visible text drawn in ``fig``: tick labels, legends, notes, numbers.

    Call it once the figure is drawn (``save`` draws it; tick labels exist only then): drawing it again here cost a fifth of a second a figure.
    """
    sizes = [
        text.get_fontsize()
        for text in fig.findobj(Text)
        if text.get_visible() and text.get_text().strip() and text.get_window_extent().width > 0
    ]
    return float(min(sizes, default=0.0))


def _under(box: Bbox, points: np.ndarray) -> bool:
    """Whether any of the (finite) display points lies inside ``box``."""
    points = points[np.isfinite(points).all(axis=1)]
    inside = (points[:, 0] >= box.x0) & (points[:, 0] <= box.x1) & (points[:, 1] >= box.y0) & (points[:, 1] <= box.y1)
    return bool(inside.any())


def covered_on(ax: plt.Axes) -> list[str]:
    """The data of ``ax`` under its legend, if the legend is drawn inside the axes (``legend_covers_data``)."""
    legend = ax.get_legend()
    if legend is None or not legend.get_visible():
        return []
    box = legend.get_window_extent()
    if not box.overlaps(ax.get_window_extent()):
        return []  # beside the axes (bbox_to_anchor outside): covers nothing
    covered = []
    for line in ax.get_lines():
        if line.get_transform() != ax.transData or not line.get_visible():
            continue
        xy = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
        steps = np.linspace(0, 1, 20)[:, None, None]
        along = (xy[:-1] + steps * (xy[1:] - xy[:-1])).reshape(-1, 2) if len(xy) > 1 else xy
        if _under(box, np.vstack([xy, along])):
            covered.append(f"{ax.get_title()}: {line.get_label()}")
    for patch in ax.patches:
        if patch.get_visible() and box.overlaps(patch.get_window_extent()):
            covered.append(f"{ax.get_title()}: bar {patch.get_label()}")
    for collection in ax.collections:
        if isinstance(collection, PathCollection | LineCollection) and collection.get_visible():
            offsets = collection.get_offset_transform().transform(collection.get_offsets())
            segments = [s for s in getattr(collection, "get_segments", list)() if len(s)]
            vertices = ax.transData.transform(np.vstack(segments)) if segments else np.empty((0, 2))
            if _under(box, np.vstack([offsets, vertices]) if len(offsets) else vertices):
                covered.append(f"{ax.get_title()}: {collection.get_label()}")
    return covered


def legend_off_data(ax: plt.Axes, **style: object) -> None:
    """A legend inside the axes at matplotlib's "best" place when that covers no data (``covered_on``), else under the
    axes: whatever a run's data look like, none hides behind it."""
    ax.legend(loc="best", **style)  # type: ignore[arg-type]
    ax.figure.canvas.draw()
    if covered_on(ax):
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, **style)  # type: ignore[arg-type]


def legend_covers_data(fig: plt.Figure) -> list[str]:
    """Where a legend drawn inside its axes covers data: the label of each line, bar, marker set or error bar with a point
    under the legend's box (lines sampled along each segment), as "axes title: label"; empty when no legend covers any.

    Reference lines drawn across the axes (``axhline``, ``axvline``: not in data coordinates) and shaded bands are not
    data. Call it once the figure is drawn (``save`` draws it), as ``smallest_text_pt``.
    """
    return [found for ax in fig.axes for found in covered_on(ax)]


def figure_tables(name: str, data: list[str] | None) -> list[str]:
    """The tables a briefing figure is drawn from: ``data`` as given, else the declared table of the figure's own name.

    Each must be declared in ``shared_tables`` with an annex sheet, so that every figure's data is in the annex and,
    in the HTML briefing, under the figure; one line names the figure and the fix otherwise.
    """
    named = data if data is not None else ([name] if name in shared_tables.DECLARED else [])
    without = [
        table for table in named if table not in shared_tables.DECLARED or shared_tables.DECLARED[table].sheet is None
    ]
    if not named or without:
        raise ValueError(
            f"publish({name!r}): a briefing figure needs its data in the annex: pass data=[table names] declared with a sheet in "
            f"tradebook.shared_tables{f' (no sheet for {without})' if without else ''}"
        )
    return list(named)


ANNOTATION_PT = SMALLEST_PT  # a heatmap cell's number; left out (the values are in the figure's data) where the cells are too narrow for it
DIGIT_EM = 0.64  # width of a digit, minus sign or point in the house font (DejaVu Sans), in ems


def heatmap(
    ax: plt.Axes,
    table: pd.DataFrame,
    *,
    fmt: str = ".0f",
    center: float | None = 0,
    cmap: str = "vlag",
    label: str = "",
) -> plt.Axes:
    """Annotated heatmap of a rows × years table; NaN cells stay blank (missing, not zero).

    The numbers are set at ANNOTATION_PT where the widest of them fits its cell with a margin; where it
    would not (many years across a narrow panel) they are left out, never shrunk below legible type:
    the colours carry the pattern and the values are in the figure's data (the annex, the HTML table).
    """
    values = table.astype(float)
    sns.heatmap(
        values,
        ax=ax,
        annot=True,
        fmt=fmt,
        center=center,
        cmap=cmap,
        linewidths=0.5,
        cbar_kws={"label": label},
        annot_kws={"fontsize": ANNOTATION_PT},
    )
    widest = max(
        (len(text.get_text()) for text in ax.texts), default=1
    )  # the numbers as seaborn drew them (NaN cells have none)
    cell_pt = (
        ax.get_window_extent().width / ax.figure.dpi * 72 / max(values.shape[1], 1)
    )  # after the colour bar took its share
    if 0.8 * cell_pt < DIGIT_EM * widest * ANNOTATION_PT:
        for text in list(ax.texts):
            text.remove()
    ax.set_xlabel(language.text("year"))
    ax.set_ylabel("")
    return ax


def billions_label(value: float, _position: object = None) -> str:
    """A tick label in USD billions (in 亿, 10^8, in the Chinese edition, whose axes say 亿美元): thousands separators
    from 10 up, two significant digits below (0.25, 2.5), so small values and log scales read sensibly instead of "0, 0, 0"."""
    billions = value / (language.YI if language.chinese() else 1e9)
    if billions == 0:
        return "0"
    return f"{billions:,.0f}" if abs(billions) >= 10 else f"{billions:.2g}"


def usd_billions(ax: plt.Axes, axis: str = "y") -> plt.Axes:
    """Show an axis holding USD values in billions (``billions_label``); on a log scale, major ticks only."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(mticker.FuncFormatter(billions_label))
    if (ax.get_yscale() if axis == "y" else ax.get_xscale()) == "log":
        target.set_minor_formatter(mticker.NullFormatter())
    return ax


def year_axis(ax: plt.Axes) -> plt.Axes:
    """Integer year ticks on the x axis, at most about six of them (years at legible type never run into each other)."""
    ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True, nbins=6))
    return ax


def lines(
    ax: plt.Axes, table: pd.DataFrame, *, x: str, y: str, hue: str, highlight: str | None = None, **options
) -> plt.Axes:
    """One line per ``hue`` value with markers; missing points break the line (no interpolation).

    The ``highlight`` value (the reporter) is drawn in black and thicker; the others take the ten
    distinct colours of ``tab10`` in order, so eleven lines never share a colour.
    """
    others = iter(sns.color_palette("tab10", 10) * 2)
    for key, rows in table.groupby(hue, sort=False):
        rows = rows.sort_values(x)
        full = rows.set_index(x)[y].reindex(range(int(rows[x].min()), int(rows[x].max()) + 1))
        style = {"color": HIGHLIGHT, "linewidth": 2.6, "zorder": 3} if key == highlight else {"color": next(others)}
        ax.plot(full.index, full.to_numpy(), marker="o", markersize=3, label=str(key), **{**style, **options})
    year_axis(ax)
    return ax


def stacked_shares(ax: plt.Axes, wide: pd.DataFrame) -> plt.Axes:
    """Shares (%) stacked in one bar per year (rows: years, columns: parts, largest in the last year at the bottom).

    A year no source holds has no bar, so a year held after a gap (e.g. a customs table two
    years after the last statistical year) is drawn on its own instead of being lost, as an
    area chart loses it.
    """
    held = wide.dropna(how="all")
    order = held.iloc[-1].sort_values(ascending=False).index
    bottom = pd.Series(0.0, index=held.index)
    for part, colour in zip(order, sns.color_palette("tab10", len(order))):
        ax.bar(held.index, held[part].fillna(0), bottom=bottom, label=str(part), color=colour, width=0.8)
        bottom += held[part].fillna(0)
    ax.set_ylim(0, 100)
    year_axis(ax)
    ax.legend(loc="center left", bbox_to_anchor=(1, 0.5), fontsize=SMALLEST_PT)
    return ax


FLOWS = (language.marked("exports"), language.marked("imports"))  # the flow words tables hold, as shown


def shares_by_period(ax: plt.Axes, table: pd.DataFrame, *, value: str, xlabel: str) -> plt.Axes:
    """One horizontal bar per row (flow and period, as "exports Jan–Nov 2024"), exports and imports in two colours, values at the bar ends."""
    labels = [
        language.text(
            "{flow} {period}", flow=language.text(flow), period=curated.period_label(str(period).split(" (")[0])
        )
        for flow, period in zip(table["flow"], table["period"])
    ]
    colours = sns.color_palette("colorblind", 2)
    ax.barh(labels, table[value], color=[colours[0] if flow == "exports" else colours[1] for flow in table["flow"]])
    for position, share in enumerate(table[value]):
        ax.text(share, position, f" {share:.1f}", va="center", fontsize=SMALLEST_PT)
    ax.set_xlabel(xlabel)
    ax.margins(x=0.1)
    return ax


def barh(ax: plt.Axes, values: pd.Series, *, label: str) -> plt.Axes:
    """Horizontal bars, largest on top, value labels at the bar ends."""
    values = values.sort_values()
    ax.barh([str(i) for i in values.index], values.to_numpy(), color=sns.color_palette()[0])
    for position, value in enumerate(values.to_numpy()):
        ax.text(value, position, f" {value:,.1f}", va="center", fontsize=SMALLEST_PT)
    ax.set_xlabel(label)
    ax.margins(x=0.15)
    return ax


def nowcast(
    ax: plt.Axes,
    history: pd.DataFrame,
    projection: dict,
    backtest: pd.DataFrame,
    *,
    line: float,
    line_label: str,
    year: int,
) -> plt.Axes:
    """The projection with its interval, the backtest and a threshold line, on one axis (USD).

    ``history``: series, year, value_usd (recorded totals, one line per series); ``projection``:
    nowcast.project's dict; ``backtest``: nowcast.backtest rows in USD (year, projected, low, high).
    """
    for (name, rows), shade in zip(history.groupby("series", sort=False), ("0.35", "0.6", "0.75")):
        ax.plot(rows["year"], rows["value_usd"], marker="o", color=shade, label=name)
    ax.errorbar(
        backtest["year"],
        backtest["projected"],
        yerr=[backtest["projected"] - backtest["low"], backtest["high"] - backtest["projected"]],
        fmt="x",
        color="tab:blue",
        capsize=3,
        label=language.text(
            "backtest: projected from January–month, {coverage_pct:.0f}% interval from the other years",
            coverage_pct=projection["coverage_pct"],
        ),
    )
    ax.errorbar(
        [year],
        [projection["point"]],
        yerr=[[projection["point"] - projection["low"]], [projection["high"] - projection["point"]]],
        fmt="D",
        color="tab:red",
        capsize=5,
        markersize=7,
        label=language.text(
            "{year} projection, {coverage_pct:.0f}% prediction interval",
            year=year,
            coverage_pct=projection["coverage_pct"],
        ),
    )
    ax.axhline(line, color="tab:red", linestyle="--", linewidth=1, label=line_label)
    usd_billions(ax)
    year_axis(ax)
    ax.set_xlabel(language.text("year"))
    ax.set_ylabel(language.text("total trade, USD billion"))
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=SMALLEST_PT
    )  # under the axes, off the data
    return ax


# marker per source id, so single-year sources stand out beside the long series
SOURCE_MARKERS = {"imf_dots": ".", "gacc_2024": "s", "comtrade_mirror": "D"}


def headline(ax: plt.Axes, headline_rows: pd.DataFrame) -> plt.Axes:
    """Total trade by year, one line per series (series.headline); 'exceeded' figures as triangles.

    Statistical series keep a marker per source (SOURCE_MARKERS) and break where a year is missing (left out as
    incomplete: never bridged by a line); official figures are dotted and join the years published.
    """
    for name, rows in headline_rows.groupby("series", sort=False):
        rows = rows.dropna(subset=["value_usd"]).sort_values("year")
        is_official = (rows["side"] == "official").all()
        exact = rows[rows["flag"] != "lower_bound"]
        if not is_official and len(exact):
            span = pd.Index(range(int(exact["year"].min()), int(exact["year"].max()) + 1), name="year")
            exact = exact.set_index("year").reindex(span).reset_index()
        marker = "o" if is_official else SOURCE_MARKERS.get(rows["source"].iloc[0] if len(rows) else "", ".")
        ax.plot(
            exact["year"],
            exact["value_usd"],
            marker=marker,
            linestyle=":" if is_official else "-",
            markersize=6 if marker != "." else 5,
            label=name,
        )
        bound = rows[rows["flag"] == "lower_bound"]
        if len(bound):
            ax.scatter(
                bound["year"],
                bound["value_usd"],
                marker="^",
                s=80,
                color=ax.lines[-1].get_color(),
                zorder=3,
                label=language.text("{name}: published as 'exceeded'", name=name),
            )
            for row in bound.itertuples():
                ax.annotate(
                    language.text("> {value}", value=language.amount(row.value_usd, language.DOLLAR)),
                    (row.year, row.value_usd),
                    textcoords="offset points",
                    xytext=(-80, 8),
                    fontsize=SMALLEST_PT,
                )
    usd_billions(ax)
    year_axis(ax)
    ax.set_ylabel(language.text("total trade, USD billion"))
    ax.set_xlabel(language.text("year"))
    legend_off_data(ax)
    return ax


def grey_note(panels: int) -> str:
    """The sentence a small-multiples figure needs under it: only when there is more than one panel."""
    return language.after(language.text("Grey: the other members.")) if panels > 1 else ""


def small_multiples(
    table: pd.DataFrame,
    *,
    x: str,
    y: str,
    panel: str,
    hue: str | None = None,
    titles: dict | None = None,
    ylabel: str = "",
    columns: int = 5,
    reference: float | None = None,
) -> plt.Figure:
    """One small panel per ``panel`` value instead of ten tangled lines.

    Each panel draws its own series in colour (one line per ``hue`` value, if given) over every
    other panel's series in light grey, so a reader finds one member and still sees the range
    (``grey_note`` says so under the figure when there are other panels).
    ``reference`` draws a dashed horizontal line (e.g. 1 for an intensity index).
    """
    keys = list(dict.fromkeys(table[panel]))
    columns = max(1, min(columns, len(keys)))
    rows_n = -(-len(keys) // columns)
    size = (
        (1.9 * columns + 1, 2.1 * rows_n + 1) if len(keys) > 1 else (7, 3.8)
    )  # at most FULL_WIDTH_IN wide: one type scale
    fig, axes = plt.subplots(rows_n, columns, figsize=size, sharex=True, sharey=True, squeeze=False)
    groups = [hue] if hue else []
    for ax, key in zip(axes.flat, keys):
        for _, rows in table[table[panel] != key].groupby([panel, *groups]):
            ax.plot(rows[x], rows[y], color="0.85", linewidth=0.8, zorder=1)
        own = table[table[panel] == key]
        for (label, rows), colour in zip(own.groupby(hue) if hue else [("", own)], sns.color_palette("colorblind")):
            ax.plot(rows[x], rows[y], color=colour, marker=".", linewidth=1.6, zorder=2, label=label or None)
        if reference is not None:
            ax.axhline(reference, color="0.3", linewidth=0.8, linestyle="--", zorder=1)
        ax.set_title((titles or {}).get(key, key), fontsize=TITLE_PT)
        ax.tick_params(axis="x", labelrotation=45, labelsize=SMALLEST_PT)
        year_axis(ax)
    for ax in list(axes.flat)[len(keys) :]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel(ylabel, fontsize=SMALLEST_PT)
    fig.tight_layout()
    if hue:
        panel_legend(fig, axes.flat[0])
    return fig


def panel_legend(fig: plt.Figure, ax: plt.Axes) -> None:
    """The legend of small multiples, once, centred above the panels: over no panel's data (``ax`` holds the labelled lines)."""
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        fig.legend(
            handles,
            labels,
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncol=min(len(labels), 4),
            fontsize=SMALLEST_PT,
        )


def effects(ax: plt.Axes, table: pd.DataFrame, *, terms: dict[str, str]) -> plt.Axes:
    """Percent effects with 95% intervals: one row per specification and term, one colour per term.

    ``table``: gravity.effects_table rows (specification, term, pct, pct_low, pct_high);
    ``terms``: term → label, in drawing order. Rows read "specification · term" top to bottom,
    so no legend covers the data; a dashed line marks zero (no effect).
    """
    colours = dict(zip(terms, sns.color_palette("colorblind")))
    rows = [
        (spec, term)
        for spec in dict.fromkeys(table["specification"])
        for term in terms
        if ((table["specification"] == spec) & (table["term"] == term)).any()
    ]
    for position, (spec, term) in enumerate(reversed(rows)):
        row = table[(table["specification"] == spec) & (table["term"] == term)].iloc[0]
        ax.errorbar(
            [row["pct"]],
            [position],
            xerr=[[row["pct"] - row["pct_low"]], [row["pct_high"] - row["pct"]]],
            fmt="o",
            color=colours[term],
            capsize=3,
        )
    ax.axvline(0, color="0.3", linestyle="--", linewidth=1)
    ax.set_yticks(
        range(len(rows)), [textwrap.fill(f"{spec} · {terms[term]}", 42) for spec, term in reversed(rows)]
    )  # long names on two lines
    for label, (_, term) in zip(ax.get_yticklabels(), reversed(rows)):
        label.set_color(colours[term])
    ax.set_xlabel(language.text("effect on trade between members, % (exp(b) − 1), with 95% interval"))
    return ax


def dumbbell(ax: plt.Axes, table: pd.DataFrame, *, first: str, last: str, labels: tuple[str, str]) -> plt.Axes:
    """One row per index entry: a grey bar from column ``first`` to ``last``, dots coloured by end; legend ``labels``.

    The axis starts at zero: the values are levels (shares), and a stretched axis would turn a small change into a long bar.
    """
    for position, (_, row) in enumerate(table.iterrows()):
        ax.plot([row[first], row[last]], [position, position], color="0.6")
        ax.scatter(
            row[first], position, color=sns.color_palette()[1], zorder=3, label=labels[0] if position == 0 else None
        )
        ax.scatter(
            row[last], position, color=sns.color_palette()[0], zorder=3, label=labels[1] if position == 0 else None
        )
    ax.set_yticks(range(len(table)), table.index)
    ax.set_xlim(0, 1.05 * float(table[[first, last]].max().max()))
    legend_off_data(ax)
    return ax
