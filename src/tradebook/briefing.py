"""Helpers for the briefing notebook: read what earlier notebooks wrote, show it, never recompute it."""

from __future__ import annotations

import base64
import html

import pandas as pd
from IPython.display import HTML, Markdown, display

from . import config
from .errors import TradebookError

VERDICT_COLOURS = {"supported": "#1b7837", "partly supported": "#b8860b", "not supported": "#b2182b",
                   "not testable with the shipped data": "#555555", "inconclusive": "#6a51a3"}


def table(name: str, *, required: bool = True) -> pd.DataFrame | None:
    """A table written by an earlier notebook (``tables/<name>.csv`` of this run)."""
    path = config.TABLES_DIR / f"{name}.csv"
    if not path.exists():
        if required:
            number = name[:2]
            raise TradebookError(f"{path} is missing: run notebook {number} of this parameter set before the briefing")
        return None
    return pd.read_csv(path)


def figure(name: str, caption: str) -> None:
    """Embed ``figures/<name>.png`` (base64, so the HTML stands alone) with a caption; nothing if absent.

    A figure is absent when it does not apply (a member-share chart for a single partner).
    """
    path = config.FIGURES_DIR / f"{name}.png"
    if not path.exists():
        return
    data = base64.b64encode(path.read_bytes()).decode()
    display(HTML(f'<figure class="briefing-figure"><img alt="{html.escape(caption)}" src="data:image/png;base64,{data}"/>'
                 f"<figcaption>{html.escape(caption)}</figcaption></figure>"))


def usd_bn(value: float) -> str:
    """'USD 979.3 bn' from a value in USD."""
    return f"USD {value / 1e9:,.1f} bn"


def verdict_label(verdict: str) -> str:
    """The verdict as a coloured HTML label."""
    colour = VERDICT_COLOURS.get(verdict, "#555555")
    return f'<span class="verdict" style="background:{colour}">{html.escape(verdict or "not computed")}</span>'


def claims_table(results: pd.DataFrame) -> None:
    """Show the claims ledger with verdicts and evidence as an HTML table."""
    rows = "".join(
        f"<tr><td>{html.escape(r.claim_id)}</td><td><b>{html.escape(r.claim)}</b><br><small>{html.escape(r.speaker)}</small></td>"
        f"<td>{verdict_label(r.verdict)}</td><td>{html.escape(r.evidence)}<br><small>Rule: {html.escape(r.rule)}</small></td></tr>"
        for r in results.itertuples())
    display(HTML(f'<table class="claims"><thead><tr><th>#</th><th>claim</th><th>verdict</th><th>evidence</th></tr></thead>'
                 f"<tbody>{rows}</tbody></table>"))


def say(text: str) -> None:
    """Show Markdown built from computed values."""
    display(Markdown(text))
