"""Batch runs: one briefing per parameter file, in worker processes (``scheduler.run``), with an index page.

Each parameter file (``notebooks/params/batch/<name>.yaml``, usually ``extends: ../default.yaml``
plus a partner) runs in its own process into ``outputs/batch/<name>/``. A failing file is
reported with its one-line error while the others complete; ``index.html`` links every
briefing with its headline, data vintage and verdicts, read from that run's tables.
"""

from __future__ import annotations

import contextlib
import html
import io
import sys
from functools import partial
from pathlib import Path
from typing import TextIO, cast
from urllib.parse import quote

import pandas as pd

from tradebook import atomic, config, reference, shared_tables
from tradebook import language as edition
from tradebook.errors import ParameterError, TradebookError
from tradebook.flows import dataset
from tradebook.publish.page import verdict_label
from tradebook.runner import outputs, pipeline, scheduler
from tradebook.themes import claims


def index_path(output_root: Path | None = None, language: str | None = None) -> Path:
    """Where the batch index page goes."""
    return Path(output_root or default_root(language)) / "index.html"


class Prefixed(io.TextIOBase):
    """A text stream that writes each line to ``stream`` after ``prefix``: the runs of a batch print side by side, each line names its run."""

    def __init__(self, prefix: str, stream: TextIO) -> None:
        self.prefix, self.stream, self.pending = prefix, stream, ""

    def write(self, text: str) -> int:
        lines = (self.pending + text).split("\n")
        self.pending = lines.pop()
        for line in lines:
            self.stream.write(f"{self.prefix}{line}\n")
        self.stream.flush()
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(f"{self.prefix}{self.pending}\n")
            self.pending = ""
        self.stream.flush()


def run_one(params_file: Path, output_root: Path, language: str | None = None) -> dict:
    """Run one parameter set into ``output_root`` (in edition ``language``, default the set's), each line it prints
    prefixed with its name; never raises: returns status, headline or error."""
    prefix = f"[{params_file.stem}] "
    out, err = Prefixed(prefix, sys.stdout), Prefixed(prefix, sys.stderr)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            return _run_one(params_file, output_root, language)
        finally:
            out.flush()
            err.flush()


def _run_one(params_file: Path, output_root: Path, language: str | None) -> dict:
    name = params_file.stem
    result = {"name": name, "label": name, "folder": output_root, "products": outputs.products(edition.DEFAULT)}
    try:
        code = pipeline.run_language(params_file, language)
        result["products"] = outputs.products(code)
        with edition.speaking(code):  # the index's lines in the run's own language
            result["label"] = run_label(pipeline.read_params(params_file)["parameters"])
        pipeline.run(
            params_file, output_root=output_root, progress=False, jobs=1, language=language
        )  # the batch runs sets side by side instead
        parameters = pipeline.checked_parameters(params_file)[1]
        years = range(int(parameters["year_start"]), int(parameters["year_end"]) + 1)
        with edition.speaking(code):
            return {
                **result,
                "status": "ok",
                "headline": headline(output_root, years),
                "vintage": vintage(output_root),
                "verdicts": verdicts(output_root),
            }
    except TradebookError as error:
        return {**result, "status": "failed", "error": str(error)}
    except Exception as error:  # a worker must report, not die: the other members go on
        return {**result, "status": "failed", "error": f"{type(error).__name__}: {error}"}


def run_label(parameters: dict) -> str:
    """What a run is about, from the parameters it ran with (not the file name): 'China–Cambodia, 2011–2024'."""
    reporter, partner = parameters.get("reporter", "CHN"), parameters.get("partner", "ASEAN-10")
    partner = reference.name_of(partner)  # a group by its id in English (ASEAN-10), its glossary name in Chinese
    return edition.text(
        "{reporter}–{partner}, {first}–{last}",
        reporter=reference.name_of(reporter),
        partner=partner,
        first=parameters.get("year_start", ""),
        last=parameters.get("year_end", ""),
    )


def headline(output_root: Path, years: range) -> str:
    """One line from a run's tables: latest complete total and the surplus inside the run's ``years``, with the year."""
    tables = Path(output_root) / "tables"
    if not (tables / f"{shared_tables.HEADLINE.name}.csv").exists():
        return edition.text("no headline: this parameter set does not run 02_trade_structure")
    totals = pd.read_csv(tables / f"{shared_tables.HEADLINE.name}.csv")
    own = totals[
        (totals["side"] == "reporter")
        & totals["value_usd"].notna()
        & totals["year"].between(years.start, years.stop - 1)
    ]
    if own.empty:
        return edition.text(
            "no complete year of bilateral trade in {first}–{last}", first=years.start, last=years.stop - 1
        )
    last = own.sort_values("year").iloc[-1]
    line = edition.text(
        "{series}: {value} in {year}",
        series=last.series,
        value=edition.amount(last.value_usd, edition.DOLLAR),
        year=int(last.year),
    )
    balance = tables / f"{shared_tables.BALANCE_GROUP.name}.csv"
    if balance.exists():
        rows = pd.read_csv(balance)
        rows = rows[rows["year"].between(years.start, years.stop - 1)]
        if len(rows):
            row = rows.iloc[-1]
            line += edition.text(
                "; balance {balance} ({year})",
                balance=edition.amount(row.balance_usd, edition.DOLLAR),
                year=int(row.year),
            )
    return line


def vintage(output_root: Path) -> str:
    """The run's last statistical year and the source it comes from (the briefing's data-vintage table)."""
    path = Path(output_root) / "tables" / f"{shared_tables.DATA_VINTAGE.name}.csv"
    if not path.exists():
        return ""
    table = pd.read_csv(path).dropna(subset=["last_year_used"])
    table = table[table["kind"] == "statistical"]
    if table.empty:
        return edition.text("no statistical year used")
    last = int(table["last_year_used"].max())
    return edition.text(
        "statistics to {year} ({sources})",
        year=last,
        sources=edition.listed(list(table.loc[table["last_year_used"] == last, "label"])),
    )


def verdicts(output_root: Path) -> list[tuple[str, str]]:
    """The claims' verdicts of a run: (the claim's id and short name, its verdict), in the ledger's order."""
    path = Path(output_root) / "tables" / "claims_results.csv"
    if not path.exists():
        return []
    table = pd.read_csv(path, dtype=str, keep_default_na=False).merge(
        claims.ledger()[["claim_id", "short_name"]], on="claim_id", how="left"
    )
    return [(f"{row.claim_id} {row.short_name}", row.verdict) for row in table.sort_values("claim_id").itertuples()]


def verdict_labels(said: list[tuple[str, str]]) -> str:
    """The verdicts as the briefing colours them: each claim's short name on its verdict's colour, the verdict in words beside it."""
    return " ".join(
        f"{verdict_label(verdict, claim)}<small> {html.escape(reference.verdict_word(verdict))}</small><br>"
        for claim, verdict in said
    )


def write_index(results: list[dict], output_root: Path, code: str | None = None) -> Path:
    """The index page linking each run's briefing (HTML, PDF, annex) with its headline or error, in edition ``code``
    (default English)."""
    with edition.speaking(code or edition.DEFAULT):
        return atomic.write_text(index_page(results), index_path(output_root))


def index_page(results: list[dict]) -> str:
    """The batch index as HTML, in the current edition's words."""
    rows = []
    for result in sorted(results, key=lambda r: r["label"]):
        folder = Path(result["folder"])
        label = result["label"]
        if result["status"] == "ok":
            links = " · ".join(
                f'<a href="{html.escape(quote(folder.name), quote=True)}/{f}">{f.split(".")[-1].upper()}</a>'
                for f in result.get("products", outputs.products(edition.DEFAULT)).values()
                if (folder / f).exists()
            )
            rows.append(
                f"<tr><td>{html.escape(label)}</td><td>{html.escape(result['headline'])}</td><td>{html.escape(result.get('vintage', ''))}</td>"
                f'<td class="verdicts">{verdict_labels(result.get("verdicts", []))}</td><td>{links}</td></tr>'
            )
        else:
            failed = html.escape(edition.text("failed: {error}", error=result["error"]))
            rows.append(f'<tr class="failed"><td>{html.escape(label)}</td><td colspan="3">{failed}</td><td></td></tr>')
    headers = (
        edition.text("run (from its parameters)"),
        edition.text("headline"),
        edition.text("data vintage"),
        edition.text("verdicts"),
        edition.text("files"),
    )
    fonts = "'Noto Sans CJK SC','DejaVu Sans',sans-serif" if edition.chinese() else "'DejaVu Sans',Arial,sans-serif"
    return (
        f'<!DOCTYPE html><html lang="{html.escape(edition.current())}"><head><meta charset="utf-8"><title>'
        + html.escape(edition.text("China–ASEAN briefings"))
        + "</title><style>"
        f"body{{font-family:{fonts};max-width:960px;margin:2em auto;color:#1a1a1a}}"
        "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:6px;text-align:left}"
        "tr.failed td{color:#b2182b}td.verdicts{font-size:85%;line-height:1.9}"
        ".verdict{color:white;padding:1px 5px;border-radius:3px;white-space:nowrap}</style></head><body><h1>"
        + html.escape(edition.text("China–ASEAN trade: one briefing per partner"))
        + "</h1><table><thead><tr>"
        + "".join(f"<th>{html.escape(header)}</th>" for header in headers)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></body></html>\n"
    )


def _run_named(name: str, *, names: dict[str, Path], output_root: Path, language: str | None) -> dict:
    return run_one(names[name], output_root / name, language)


def default_root(language: str | None = None) -> Path:
    """outputs/batch/, or for an edition other than English outputs/batch/<language>/ (its own index beside)."""
    root = config.paths().outputs / "batch"
    return root if language in (None, edition.DEFAULT) else root / language


def run(params_dir: Path, *, output_root: Path | None = None, jobs: int = 2, language: str | None = None) -> list[dict]:
    """Run every ``*.yaml`` in ``params_dir`` with ``jobs`` worker processes, in edition ``language`` (default each
    set's own); write the index; return results."""
    files = sorted(Path(params_dir).glob("*.yaml"))
    if not files:
        raise ParameterError(f"no *.yaml parameter files in {params_dir}")
    if jobs < 1:
        raise ParameterError(f"-j must be at least 1, got {jobs}")
    if language is not None:
        edition.checked(language)
    output_root = outputs.checked_root(
        Path(output_root or default_root(language))
    )  # the run's rule: never the project's own folders
    pipeline.ensure_kernel()
    dataset.load_flows()  # build the shared parquet once, before workers read it
    names = {f.stem: f for f in files}
    outcomes = scheduler.run(
        list(names),
        {},
        partial(_run_named, names=names, output_root=output_root, language=language),
        jobs=jobs,
        processes=True,
    )
    results: list[dict] = [
        cast(dict, outcome.result) for outcome in outcomes
    ]  # run_one never raises: each result says ok or failed
    for result in results:
        print(f"{result['name']}: {result['status']}", flush=True)
    write_index(results, output_root, language)
    return results
