"""House style for figures: one seaborn theme, units in axis labels, a source note under each.

Helpers take an ``ax`` and return it; ``save`` writes PNG and SVG to outputs/figures/ through
a temporary file. No titles inside images: captions live in the notebook's Markdown.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from . import atomic, config

FIGSIZE = (9, 4.8)


def house_style() -> None:
    """Apply the workbook's seaborn theme (white grid, readable fonts, colour-blind palette)."""
    sns.set_theme(style="whitegrid", context="notebook", palette="colorblind",
                  rc={"figure.figsize": FIGSIZE, "figure.dpi": 110, "savefig.dpi": 150,
                      "axes.titlesize": 12, "axes.labelsize": 11, "legend.fontsize": 9,
                      "figure.autolayout": False})


def source_note(fig: plt.Figure, text: str) -> plt.Figure:
    """Write ``text`` ("Source: …") in small grey type under the figure."""
    fig.text(0.01, 0.005, text, ha="left", va="bottom", fontsize=8, color="0.35", wrap=True)
    fig.subplots_adjust(bottom=0.2)
    return fig


def save(fig: plt.Figure, name: str) -> list:
    """Save ``fig`` as outputs/figures/<name>.png and .svg (atomic); return the paths."""
    paths = []
    for suffix in ("png", "svg"):
        target = config.FIGURES_DIR / f"{name}.{suffix}"
        with atomic.atomic_path(target) as tmp:
            fig.savefig(tmp, format=suffix, bbox_inches="tight")
        paths.append(target)
    return paths


def heatmap(ax: plt.Axes, table: pd.DataFrame, *, fmt: str = ".0f", center: float | None = 0,
            cmap: str = "vlag", label: str = "") -> plt.Axes:
    """Annotated heatmap of a rows × years table; NaN cells stay blank (missing, not zero)."""
    sns.heatmap(table, ax=ax, annot=True, fmt=fmt, center=center, cmap=cmap, linewidths=0.5,
                cbar_kws={"label": label}, annot_kws={"fontsize": 8})
    ax.set_xlabel("year")
    ax.set_ylabel("")
    return ax
