"""Where one notebook's tables, figures and claim verdicts go: the run's folder, or a scratch folder of its own.

A kernel the runner started (``python -m tradebook run``, ``make run``) is told its run's
staging folder (``config.run_outputs``) and writes there. A kernel told a runner's own outputs
folder (``TRADEBOOK_OUTPUTS`` exported by hand) is a scratch run like any other: only the runner
writes a runner's folder, under its lock. A folder no runner uses (nbval's ``outputs/nbval``) is
written as named. Any other kernel — JupyterLab, a
plain ``papermill`` or ``jupyter nbconvert --execute`` call — writes into
``outputs/scratch/<notebook>/``, emptied when the notebook starts, so an experiment never
replaces a table the briefing and the annex read, and the runner never reuses it unknowingly.
The sink also keeps the order of saving and publishing within the notebook (the annex and the
briefing list tables and figures in that order).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from tradebook import config, locks
from tradebook.errors import ParameterError
from tradebook.publish import plots, tables
from tradebook.themes import claims


@dataclass
class Sink:
    """The outputs folder of one notebook's kernel (``root``) and the order of what it wrote there."""

    root: Path
    notebook: str
    scratch: bool
    published: int = field(default=0, init=False)

    @classmethod
    def for_notebook(cls, notebook: str) -> Sink:
        """The run's folder when the runner started this kernel, else ``outputs/scratch/<notebook>/`` (emptied first).

        ``notebook`` is the notebook's file name without ``.ipynb`` (e.g. "02_trade_structure").
        """
        if not (config.paths().notebooks / f"{notebook}.ipynb").exists():
            known = sorted(p.stem for p in config.paths().notebooks.glob("[0-9][0-9]_*.ipynb"))
            raise ParameterError(
                f"workbook(notebook={notebook!r}) names no notebook in notebooks/: use this notebook's file name, one of {known}"
            )
        run_folder = config.run_outputs()
        # a runner's folder is written by its runner alone, through the staging copy the runner names
        if run_folder is not None and (locks.is_run_stage(run_folder) or not locks.is_run_folder(run_folder)):
            return cls(run_folder, notebook, scratch=False)
        scratch = config.paths().scratch(notebook)
        shutil.rmtree(scratch, ignore_errors=True)  # a scratch run never mixes with the one before it
        scratch.mkdir(parents=True)
        return cls(scratch, notebook, scratch=True)

    def announcement(self) -> str | None:
        """What a scratch run says first: where its outputs went and how to bring an edit into the briefing."""
        if not self.scratch:
            return None
        number = self.notebook[:2]
        return (
            f"Scratch run: this kernel was not started by the workbook's runner, so its tables and figures go to "
            f"{self.root} and the briefing and annex in {config.paths().outputs} are left as they are. "
            f"To bring this notebook's edits into the briefing: make run ONLY={number} (or python -m tradebook run {number})."
        )

    def save(self, table: pd.DataFrame, name: str) -> pd.DataFrame:
        """``tables.write`` into this sink's ``tables/``; returns ``table``, for display (the annex takes it if ``shared_tables`` declares a sheet)."""
        return tables.write(table, self.root / "tables", name)

    def publish(
        self,
        fig: plt.Figure,
        name: str,
        *,
        caption: str | None = None,
        section: str | None = None,
        data: list[str] | None = None,
    ) -> plt.Figure:
        """``plots.publish`` into this sink's ``figures/``, numbered in publication order within the notebook, with the tables it is drawn from."""
        if caption is not None:
            self.published += 1
        return plots.publish(
            fig, self.root / "figures", name, caption=caption, section=section, order=self.published, data=data
        )

    def record(self, claim_id: str, verdict: str, evidence: str, values: dict, run: dict) -> pd.DataFrame:
        """``claims.record`` into this sink's claims table."""
        return claims.record(claim_id, verdict, evidence, values, run=run, root=self.root, notebook=self.notebook)
