"""Run the notebooks in order with papermill, from a YAML parameter set.

A parameter file (``notebooks/params/default.yaml``) looks like::

    notebooks: [01_load_data.ipynb, 02_trade_structure.ipynb]
    parameters: {reporter: CHN, partner: ASEAN-10, year_start: 2011, year_end: 2022}

Each notebook receives only the parameters its ``parameters`` cell declares. Parameters are
checked before anything runs. Executed notebooks are written to ``<outputs>/notebooks/`` via a
temporary file: a failed run leaves ``<name>.failed.ipynb`` beside the last good output and
never replaces it. ``<outputs>`` is ``outputs/`` or the ``output_root`` given; the kernels see it
as ``TRADEBOOK_OUTPUTS`` so their figures and tables land there too. When the set includes the
briefing notebook, the run ends by publishing briefing.html, briefing.pdf and annex.xlsx.
"""

from __future__ import annotations

import ast
import difflib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import yaml

from tradebook import atomic, config, errors, params, reference
from tradebook import language as edition
from tradebook.errors import ParameterError, TradebookError
from tradebook.flows import dataset, run_checks
from tradebook.runner import export, outputs, scheduler, stamps
from tradebook.runner.notebooks import check_runnable, declarations, declared_seconds, last_seconds

KERNEL_NAME = "tradebook"
BRIEFING = config.BRIEFING_NOTEBOOK


# The kernel talks to papermill over loopback TCP; ipykernel 7 warns at every start that the
# channel is unencrypted, which buries the run's own messages. Errors are still logged.
KERNEL_QUIET = "--IPKernelApp.log_level=ERROR"
# The same inputs give the same bytes: with Python's string hashing salted per process, the order of sets of names
# varies from run to run, and with it the gravity estimator's order of summation (its estimates moved in the ninth
# digit, so the briefing reran after an unchanged notebook 06). Kernels the runner starts hash without a salt.
KERNEL_ENVIRONMENT = {"PYTHONHASHSEED": "0"}


def ensure_kernel() -> str:
    """Register this interpreter as the Jupyter kernel ``tradebook`` (in sys.prefix) if missing."""
    from ipykernel.kernelspec import install
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
        if Path(spec.argv[0]).resolve() == Path(sys.executable).resolve() and KERNEL_QUIET in spec.argv:
            return KERNEL_NAME
    except NoSuchKernel:
        pass
    folder = Path(install(kernel_name=KERNEL_NAME, display_name="Python (tradebook)", prefix=sys.prefix))
    spec_file = folder / "kernel.json"
    spec = json.loads(spec_file.read_text())
    spec["argv"].append(KERNEL_QUIET)
    atomic.write_text(json.dumps(spec, indent=1), spec_file)
    return KERNEL_NAME


# refresh: {level: HS6} for `make refresh`; figure_formats: [png, svg, pdf] (PNG and SVG always: the briefing embeds both)
SPEC_KEYS = {"notebooks", "parameters", "extends", "refresh", "figure_formats"}
FIGURE_FORMATS = {"png", "svg", "pdf"}
NOTEBOOK_NAME = re.compile(r"^\d\d_[A-Za-z0-9_-]+\.ipynb$")


def read_params(path: Path, _chain: tuple[Path, ...] = ()) -> dict:
    """A parameter set from YAML: {'notebooks': [...], 'parameters': {...}}.

    ``extends: other.yaml`` (relative to the file) starts from another set; the file's own
    ``notebooks`` replace the parent's and its ``parameters`` override them one by one. A cycle
    or a missing parent stops with the chain of files named.
    """
    path = Path(path)
    chain = " → ".join(p.name for p in (*_chain, path))
    where = f" (extended by {chain})" if _chain else ""
    if path.resolve() in {p.resolve() for p in _chain}:
        raise ParameterError(f"parameter files extend each other in a cycle ({chain}): remove one 'extends:'")
    if path.is_dir():
        raise ParameterError(
            f"parameter file {path} is a folder{where}: name a YAML file such as notebooks/params/default.yaml"
        )
    if not path.exists():
        raise ParameterError(f"parameter file {path} does not exist{where}: see notebooks/params/default.yaml")
    try:
        spec = yaml.load(path.read_text(), Loader=_StrictLoader) or {}
    except yaml.YAMLError as error:
        raise ParameterError(
            f"parameter file {path} is not valid YAML ({' '.join(str(error).split())[:200]})"
        ) from None
    except UnicodeDecodeError:
        raise ParameterError(
            f"parameter file {path} is not a text file: name a YAML file such as notebooks/params/default.yaml"
        ) from None
    if not isinstance(spec, dict):
        raise ParameterError(f"parameter file {path} must be a mapping with 'notebooks' and 'parameters'")
    unknown = sorted(set(spec) - SPEC_KEYS, key=str)
    if unknown:
        shown_keys = [errors.shown(k, 40) if not isinstance(k, str) or len(k) > 40 else k for k in unknown]
        raise ParameterError(
            f"parameter file {path}: unknown key(s) {shown_keys}{_did_you_mean(str(unknown[0]), SPEC_KEYS)}; a parameter file has {sorted(SPEC_KEYS)}"
        )
    _check_refresh(spec.get("refresh"), path)
    if "extends" in spec:
        parent_name = spec.pop("extends")
        if not isinstance(parent_name, str) or not parent_name.strip():
            raise ParameterError(
                f"parameter file {path}: extends must name one parameter file, e.g. 'extends: default.yaml', got {errors.shown(parent_name)}"
            )
        parent = read_params(path.parent / parent_name, (*_chain, path))
        spec = {
            "notebooks": spec.get("notebooks", parent["notebooks"]),
            "parameters": {**parent.get("parameters", {}), **(spec.get("parameters") or {})},
            "refresh": {**(parent.get("refresh") or {}), **(spec.get("refresh") or {})},
            **(
                {"figure_formats": spec.get("figure_formats", parent.get("figure_formats"))}
                if "figure_formats" in spec or "figure_formats" in parent
                else {}
            ),
        }
    if not isinstance(spec.get("notebooks"), list) or not spec["notebooks"]:
        raise ParameterError(f"parameter file {path} needs a non-empty 'notebooks' list")
    bad = [entry for entry in spec["notebooks"] if not isinstance(entry, str)]
    if bad:
        raise ParameterError(
            f"parameter file {path}: notebooks must be file names such as 02_trade_structure.ipynb, got {errors.shown(bad)}"
        )
    if not isinstance(spec.get("parameters") or {}, dict):
        raise ParameterError(f"parameter file {path}: 'parameters' must be a mapping")
    spec["parameters"] = spec.get("parameters") or {}
    formats = spec.get("figure_formats", ["png", "svg"])
    if (
        not isinstance(formats, list)
        or not all(isinstance(f, str) for f in formats)
        or not set(formats) <= FIGURE_FORMATS
    ):
        raise ParameterError(
            f"parameter file {path}: figure_formats must be a list from {sorted(FIGURE_FORMATS)} (PNG and SVG are always written: the briefing embeds both)"
        )
    return spec


class _StrictLoader(yaml.SafeLoader):
    """YAML's safe loader that refuses a key given twice in one mapping (YAML itself keeps the last silently)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"key {errors.shown(key, 40)} is given twice (line {key_node.start_mark.line + 1}): keep one",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _check_refresh(refresh: object, path: Path) -> None:
    """``refresh:`` is absent or a mapping such as ``{level: HS6}``."""
    if refresh is None:
        return
    levels = ("HS2", "HS4", "HS6")
    if not isinstance(refresh, dict) or not set(refresh) <= {"level"}:
        raise ParameterError(
            f"parameter file {path}: refresh must be a mapping such as 'refresh: {{level: HS6}}', got {errors.shown(refresh)}"
        )
    if "level" in refresh and refresh["level"] not in levels:
        raise ParameterError(
            f"parameter file {path}: refresh level {errors.shown(refresh['level'])} is not one of {list(levels)}"
        )


def _did_you_mean(name: str, known) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def notebook_paths(names: list) -> list[Path]:
    """The notebooks of a set, as paths inside notebooks/; a name with a folder or no such file stops."""
    bad = [n for n in names if not isinstance(n, str) or not NOTEBOOK_NAME.match(n)]
    if bad:
        raise ParameterError(
            f"notebook entries {errors.shown(bad)} are not notebook names: list files of notebooks/ by name, e.g. 02_trade_structure.ipynb"
        )
    missing = [n for n in names if not (config.paths().notebooks / n).exists()]
    if missing:
        raise ParameterError(
            f"notebooks {missing} do not exist in notebooks/: choose from {sorted(p.name for p in config.paths().notebooks.glob('[0-9][0-9]_*.ipynb'))}"
        )
    paths = [config.paths().notebooks / n for n in names]
    for path in paths:
        check_runnable(path)
    return paths


def declared_parameters(notebooks: list[Path]) -> dict[str, object]:
    """What the notebooks' ``parameters`` cells declare: name → default (the first notebook's, as a value)."""
    import papermill

    declared = {}
    for notebook in notebooks:
        for name, spec in papermill.inspect_notebook(str(notebook)).items():
            if name not in declared:
                try:
                    declared[name] = ast.literal_eval(spec["default"])
                except (ValueError, SyntaxError):
                    declared[name] = spec["default"]
    return declared


def effective_parameters(parameters: dict, notebooks: list[Path]) -> dict:
    """The values the notebooks will run with: their declared defaults, overridden by ``parameters``."""
    return {**declared_parameters(notebooks), **parameters}


def check_names(parameters: dict, notebooks: list[Path]) -> None:
    """Stop on a parameter no notebook of the set declares (a typo would otherwise run the default)."""
    known = set(declared_parameters(notebooks))
    for name in parameters:
        if name not in known:
            raise ParameterError(
                f"unknown parameter {errors.shown(name, 40)}{_did_you_mean(str(name), known)}: the notebooks of this set declare {sorted(known)}"
            )


def check(parameters: dict) -> None:
    """Validate the shared parameters the notebooks understand, before any notebook runs."""
    if "reporter" in parameters:
        params.check_reporter(parameters["reporter"])
    if "partner" in parameters:
        params.partner_members(parameters["partner"])
    if "year_start" in parameters or "year_end" in parameters:
        params.check_years(
            parameters.get("year_start", params.FIRST_YEAR), parameters.get("year_end", params.LAST_YEAR)
        )
    if "sources" in parameters:
        dataset.check_sources(parameters["sources"])
    if "currency_note" in parameters:
        params.check_note("currency_note", parameters["currency_note"])
    if "language" in parameters:
        edition.checked(parameters["language"])


def checked_parameters(params_file: Path) -> tuple[dict, dict]:
    """A parameter file read and checked as a run checks it: (the spec, the effective parameters).

    For commands that plan from a parameter set without running it (``refresh``): a misspelt
    parameter stops here instead of planning with the notebooks' defaults.
    """
    spec = read_params(params_file)
    notebooks = notebook_paths(spec["notebooks"])
    check_names(spec["parameters"], notebooks)
    effective = effective_parameters(spec["parameters"], notebooks)
    check(effective)
    return spec, effective


def run_notebook(
    notebook: Path, output: Path, parameters: dict, *, progress: bool = True, failed_dir: Path | None = None
) -> Path:
    """Execute one notebook with the parameters it declares, in a process of its own; atomic replace of ``output``.

    Each notebook runs in its own ``python -m tradebook.runner.execute`` process, so two notebooks
    running at once share nothing process-wide (``runner.execute`` says what that avoids). A
    failure, a kernel that died among them, leaves ``<name>.failed.ipynb`` in ``failed_dir``
    (default: beside ``output``) and stops with one line naming the notebook and the cell.
    """
    injected = injected_parameters(notebook, parameters)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.stem}.running.ipynb")
    failed = Path(failed_dir or output.parent) / f"{output.stem}.failed.ipynb"
    command = [
        sys.executable,
        "-m",
        "tradebook.runner.execute",
        str(notebook),
        str(partial),
        "--kernel",
        ensure_kernel(),
        "--cwd",
        str(notebook.parent),
    ]
    process = subprocess.Popen(
        [*command, *(["--progress"] if progress else [])],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, **KERNEL_ENVIRONMENT},
    )
    try:
        reported, _ = process.communicate(json.dumps(injected, default=str))
    except BaseException:  # interrupted: the notebook's process ends (its kernel follows it), no stray partial copy
        process.terminate()
        process.wait()
        partial.unlink(missing_ok=True)
        raise
    if process.returncode != 0:
        raise TradebookError(f"{notebook.name} {_failure(reported, process.returncode)}{_keep_failed(partial, failed)}")
    os.replace(partial, output)
    for stale in {failed, output.with_name(failed.name)}:
        stale.unlink(missing_ok=True)
    return output


def injected_parameters(notebook: Path, parameters: dict) -> dict:
    """The ``parameters`` that ``notebook``'s ``parameters`` cell declares (papermill injects only those)."""
    known = declared_parameters([notebook])
    return {name: value for name, value in parameters.items() if name in known}


def _failure(reported: str, returncode: int) -> str:
    """What the notebook's process said of its failure, as the middle of one line."""
    try:
        result = json.loads(reported.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        return f"failed: its process ended with exit code {returncode} and said nothing"
    if result["status"] == "cell_error":
        return f"failed in cell {result['cell']}: {result['ename']}: {result['evalue']}"
    if result["status"] == "kernel_died":
        where = (
            f" in cell {result['cell']} (id {result['cell_id']})"
            if result["cell"] is not None
            else " before its first cell"
        )
        return f"failed: its kernel died{where}, {result['exit']}"
    return f"failed: {result['ename']}: {result['evalue']}"


def _keep_failed(partial: Path, failed: Path) -> str:
    """Move the partial executed copy to ``failed`` (if one was written) and say where it is."""
    if not partial.exists():
        return ""
    failed.parent.mkdir(parents=True, exist_ok=True)
    os.replace(partial, failed)
    return f" (executed copy: {failed})"


def notebook_reads(notebooks: list[Path]) -> dict[str, set[str]]:
    """What each notebook reads, from its metadata (``"tradebook": {"reads": [...]}``, notebook names).

    A notebook that declares nothing is taken to read every notebook before it in the list, the
    safe assumption. 01–06 read only the data (built before any notebook starts, by
    ``run_checks.check_run``), the briefing reads them all.
    """
    reads = {}
    for position, notebook in enumerate(notebooks):
        declared = declarations(notebook).get("reads")
        reads[notebook.name] = (
            {f"{name}.ipynb" for name in declared} if declared is not None else {n.name for n in notebooks[:position]}
        )
    return reads


def run(
    params_file: Path,
    *,
    output_root: Path | None = None,
    progress: bool = True,
    only: list[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    language: str | None = None,
) -> list[Path]:
    """Run the notebooks of a parameter set, each after those it reads; return the executed notebooks' paths.

    Up to ``jobs`` notebooks run at once (default: the number of cores); a notebook whose stamp
    (``stamps``: its source, parameters, the data's inputs, the code, what it reads) matches the
    last run's and whose outputs are as it left them is reused unless ``force``. ``only`` runs
    those notebooks of the set and every notebook that reads them, with the set's parameters
    (``make run ONLY=02`` reruns 02 and the briefing; ``make briefing`` is ``only=[07]``), and
    reruns what they read where it is stale (a table edited by hand), as make does; ``force``
    then forces only the named notebooks and their readers. A set
    that lists only some of the notebooks runs into ``outputs/<its file's name>/`` unless
    ``output_root`` is given, so it never replaces part of the full run's outputs.
    Notebooks that took longest when they last ran (else as they declare, ``declared_seconds``)
    start first (``scheduler.critical_path``).
    Everything is checked before a notebook starts. One run at a time writes to an outputs
    folder (``outputs.lock``); the run works in a staging copy of the folder and replaces the
    folder's contents only when every notebook (and the export) succeeded, so the folder never
    mixes two runs. A failed notebook leaves ``notebooks/<name>.failed.ipynb``; the notebooks
    that read it do not run, the others do, and the run then stops with one line naming each.
    """
    spec = read_params(params_file)
    parameters = spec["parameters"] | ({"language": language} if language else {})
    only = [notebook_named(name) for name in only or []]
    declared_by = notebook_paths(list(dict.fromkeys(spec["notebooks"] + only)))
    check_names(parameters, declared_by)
    effective = effective_parameters(parameters, declared_by)
    chosen = with_dependants(only, declared_by) if only else declared_by
    notebooks = with_prerequisites(chosen, declared_by)  # what they read runs too when it is stale, as make does
    forced = {notebook.name for notebook in chosen} if force else set()
    check(effective)
    root = outputs.checked_root(output_root or default_root(params_file, spec["notebooks"], effective.get("language")))
    run_checks.check_run(effective)
    jobs = jobs or os.cpu_count() or 1
    for note in run_checks.window_notes(effective):
        print(f"note: {note}", file=sys.stderr, flush=True)
    by_name = {notebook.name: notebook for notebook in notebooks}
    reads = notebook_reads(declared_by)
    needs = {name: reads[name] & set(by_name) for name in by_name}  # what the run itself must finish first
    ensure_kernel()
    # the longest notebooks start first: times of their last run here, else in the project's outputs folder, else as declared
    expected = declared_seconds(notebooks) | last_seconds([root / "notebooks", config.paths().executed], list(by_name))
    formats = spec.get("figure_formats", ["png", "svg"])
    with outputs.lock(root), outputs.staging(root) as stage:
        with config.outputs_at(stage), config.figure_formats(formats):  # kernels inherit both
            inputs, code = {**stamps.current_inputs(), "figure_formats": formats}, stamps.package_digest()

            def work(name: str) -> str:
                notebook = by_name[name]
                injected = injected_parameters(notebook, parameters)
                stamp = stamps.of_notebook(notebook, injected, reads[name], stage, inputs=inputs, code=code)
                reasons[name] = "forced" if name in forced else stamps.why_stale(stage, name, stamp)
                if reasons[name] is None:
                    return "reused"
                outputs.clear_products(stage, name)
                run_notebook(
                    notebook,
                    stage / "notebooks" / name,
                    parameters,
                    progress=progress and jobs == 1,
                    failed_dir=root / "notebooks",
                )
                stamps.write(stage, name, stamp)
                return "ran"

            started: dict[str, float] = {}
            reasons: dict[str, str | None] = {}
            began = time.monotonic()

            def starting(name: str) -> None:
                started[name] = time.monotonic()
                print(f"[start] {name}", file=sys.stderr, flush=True)

            def finished(outcome: scheduler.Outcome) -> None:  # each notebook's line as it ends, with its time
                took = [f"{time.monotonic() - started[outcome.name]:.1f} s"] if outcome.name in started else []
                reason = reasons.get(outcome.name)
                why = [reason] if outcome.result == "ran" and reason else []
                detail = f" ({'; '.join(took + why)})" if took or why else ""
                print(f"[{outcome.result or outcome.status}] {outcome.name}{detail}", file=sys.stderr, flush=True)

            outcomes = scheduler.run(
                list(by_name), needs, work, jobs=jobs, expected=expected, on_start=starting, on_finish=finished
            )
            print(
                f"[done] {len(outcomes)} notebook(s) in {time.monotonic() - began:.1f} s", file=sys.stderr, flush=True
            )
            failed = [outcome for outcome in outcomes if outcome.status != "ok"]
            if failed:  # the staging folder is gone once the run ends: name the outputs folder instead
                lines = [
                    outcome.detail if outcome.status == "failed" else f"{outcome.name} {outcome.detail}"
                    for outcome in failed
                ]
                raise TradebookError("; ".join(lines).replace(str(stage), str(root)))
            briefing_ran = any(o.name == BRIEFING and o.result == "ran" for o in outcomes)
            briefing_file = outputs.products(effective.get("language", edition.DEFAULT))["html"]
            if BRIEFING in by_name and (briefing_ran or not (stage / briefing_file).exists()):
                export.publish(effective, title=briefing_title(effective))
        outputs.promote(stage, root)
    return [root / "notebooks" / notebook.name for notebook in notebooks]


def notebook_named(name: str) -> str:
    """The file name of the notebook ``name`` stands for: its number ("02"), its stem or its file name."""
    every = sorted(path.name for path in config.paths().notebooks.glob("[0-9][0-9]_*.ipynb"))
    matches = [n for n in every if name in (n, Path(n).stem) or n.startswith(f"{name}_")]
    if len(matches) != 1:
        raise ParameterError(
            f"{errors.shown(name, 60)} names no notebook: give a number such as 02 or a file name from {every}"
        )
    return matches[0]


def with_dependants(named: list[str], notebooks: list[Path]) -> list[Path]:
    """The ``named`` notebooks (file names) and every notebook of ``notebooks`` that reads one of them, directly or not, in order."""
    chosen = set(named)
    reads = notebook_reads(notebooks)
    while True:
        readers = {name for name, needed in reads.items() if needed & chosen} - chosen
        if not readers:
            return [notebook for notebook in notebooks if notebook.name in chosen]
        chosen |= readers


def with_prerequisites(chosen: list[Path], notebooks: list[Path]) -> list[Path]:
    """``chosen`` and every notebook of ``notebooks`` they read, directly or not, in the order of ``notebooks``."""
    reads, listed = notebook_reads(notebooks), {notebook.name for notebook in notebooks}
    needed = {notebook.name for notebook in chosen}
    while True:
        more = set().union(*(reads[name] & listed for name in needed)) - needed
        if not more:
            return [notebook for notebook in notebooks if notebook.name in needed]
        needed |= more


def default_root(params_file: Path, listed: list[str], language: str | None = None) -> Path:
    """``outputs/`` for a set of every notebook, ``outputs/<file name>/`` for a set that lists only some of them;
    a language other than English runs in a folder of its own inside that one (``outputs/zh-Hans/``).

    Part of the notebooks written into the full run's folder would leave its briefing and
    annex beside tables of other parameters; so would one edition's figures beside the other's.
    """
    every = {path.name for path in config.paths().notebooks.glob("[0-9][0-9]_*.ipynb")}
    if set(listed) >= every:
        folder = config.paths().outputs
    else:
        folder = config.paths().outputs / Path(params_file).stem
        print(
            f"note: {Path(params_file).name} lists {len(listed)} of the {len(every)} notebooks: this run writes into {folder} "
            "(give --output-dir to choose another folder)",
            file=sys.stderr,
            flush=True,
        )
    return folder if language in (None, edition.DEFAULT) else folder / str(language)


def run_language(params_file: Path, override: str | None = None) -> str:
    """The edition a run of ``params_file`` writes: ``override`` (``--language``), else the set's ``language``, else English."""
    return override or read_params(params_file)["parameters"].get("language", edition.DEFAULT)


def briefing_title(parameters: dict) -> str:
    """Title of a run's briefing in its language, e.g. 'China–Vietnam trade: evidence briefing' (中国—越南贸易：证据简报)."""
    with edition.speaking(parameters.get("language", edition.DEFAULT)):
        reporter = reference.name_of(parameters.get("reporter", "CHN"))
        partner = reference.label(parameters.get("partner", "ASEAN-10"))
        return edition.text("{reporter}–{partner} trade: evidence briefing", reporter=reporter, partner=partner)
