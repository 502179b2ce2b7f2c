"""One module per notebook question: each ``answer(wb)`` takes the run's ``Workbook`` and returns a frozen result.

A result holds the tables the notebook saves, the data of its figures, its claim's verdict with
the evidence sentence (built beside the rule in ``themes.claims``) and its finding sentences; the
notebook narrates: the question, the call, the figure with its caption. The pure steps are
functions of plain frames, tested on tables the tests build by hand.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Judged:
    """A claim's verdict, its evidence sentence and the values behind it, as ``wb.record`` takes them."""

    verdict: str
    evidence: str
    values: dict
