"""One step of a notebook's story as the briefing shows it: a ``Section`` holds the tables the step saves (keyed by
their declaration in ``shared_tables``, so a name is written once), its figure with its caption and briefing section,
and the sentences a reader needs with it. A question module builds it; the notebook shows it with one call
(``wb.show(section)``), which saves, publishes and displays, so a notebook cell reads: one call, one figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import pandas as pd

from tradebook.publish import plots
from tradebook.shared_tables import Table


@dataclass(frozen=True)
class Section:
    """What one notebook step saves and shows.

    ``tables``: each declared table with its frame, saved under the declared name (the annex takes those with a sheet);
    the figure is drawn from those with an annex sheet. ``figure``: None when there is nothing to draw, and then ``said``
    says why. ``briefing``: the briefing section the figure goes to (one of ``plots.SECTIONS``), with ``caption``.
    ``said``: Markdown sentences shown in the notebook, above the figure. ``shown``: a small table displayed under it.
    ``drawn_from``: the tables the figure is drawn from when the step saves others beside them.
    """

    name: str  # the figure's file name under figures/ (e.g. "05_basket_share")
    tables: Mapping[Table, pd.DataFrame] = field(default_factory=dict)
    figure: plt.Figure | None = None
    caption: str | None = None
    briefing: str | None = None
    said: tuple[str, ...] = ()
    shown: pd.DataFrame | None = None
    drawn_from: tuple[Table, ...] = ()  # the tables the figure is drawn from, where not every annexed one of ``tables``

    def __post_init__(self) -> None:
        if self.figure is not None and (self.caption is None) != (self.briefing is None):
            raise ValueError(f"section {self.name!r}: a figure in the briefing needs both its caption and its section")
        if self.briefing is not None and self.briefing not in plots.SECTIONS:
            raise ValueError(
                f"section {self.name!r}: briefing section {self.briefing!r} is not one of {plots.SECTIONS}"
            )

    @property
    def data(self) -> list[str]:
        """The tables the figure is drawn from: ``drawn_from`` where given, else those of ``tables`` the annex shows."""
        return [table.name for table in (self.drawn_from or self.tables) if table.sheet is not None]
