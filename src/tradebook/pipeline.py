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

import os
import sys
from pathlib import Path

import yaml

from . import config, dataset, export, params, reference
from .errors import ParameterError, TradebookError

KERNEL_NAME = "tradebook"
BRIEFING = "06_briefing.ipynb"


def ensure_kernel() -> str:
    """Register this interpreter as the Jupyter kernel ``tradebook`` (in sys.prefix) if missing."""
    from ipykernel.kernelspec import install
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
        if Path(spec.argv[0]).resolve() == Path(sys.executable).resolve():
            return KERNEL_NAME
    except NoSuchKernel:
        pass
    install(kernel_name=KERNEL_NAME, display_name="Python (tradebook)", prefix=sys.prefix)
    return KERNEL_NAME


def read_params(path: Path) -> dict:
    """A parameter set from YAML: {'notebooks': [...], 'parameters': {...}}.

    ``extends: other.yaml`` (relative to the file) starts from another set; the file's own
    ``notebooks`` replace the parent's and its ``parameters`` override them one by one.
    """
    path = Path(path)
    if not path.exists():
        raise ParameterError(f"parameter file {path} does not exist: see notebooks/params/default.yaml")
    try:
        spec = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as error:
        raise ParameterError(f"parameter file {path} is not valid YAML ({str(error).splitlines()[0]})") from None
    if not isinstance(spec, dict):
        raise ParameterError(f"parameter file {path} must be a mapping with 'notebooks' and 'parameters'")
    if "extends" in spec:
        parent = read_params(path.parent / spec.pop("extends"))
        spec = {"notebooks": spec.get("notebooks", parent["notebooks"]),
                "parameters": {**parent.get("parameters", {}), **(spec.get("parameters") or {})}}
    if not isinstance(spec.get("notebooks"), list) or not spec["notebooks"]:
        raise ParameterError(f"parameter file {path} needs a non-empty 'notebooks' list")
    if not isinstance(spec.get("parameters", {}), dict):
        raise ParameterError(f"parameter file {path}: 'parameters' must be a mapping")
    return spec


def check(parameters: dict) -> None:
    """Validate the shared parameters the notebooks understand, before any notebook runs."""
    if "reporter" in parameters:
        params.check_reporter(parameters["reporter"])
    if "partner" in parameters:
        params.partner_members(parameters["partner"])
    if "year_start" in parameters or "year_end" in parameters:
        params.check_years(parameters.get("year_start", params.FIRST_YEAR), parameters.get("year_end", params.LAST_YEAR))
    if "sources" in parameters:
        dataset.check_sources(parameters["sources"])


def run_notebook(notebook: Path, output: Path, parameters: dict, *, progress: bool = True) -> Path:
    """Execute one notebook with the parameters it declares; atomic replace of ``output``."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    declared = papermill.inspect_notebook(str(notebook))
    injected = {k: v for k, v in parameters.items() if k in declared}
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.stem}.running.ipynb")
    failed = output.with_name(f"{output.stem}.failed.ipynb")
    try:
        papermill.execute_notebook(str(notebook), str(partial), parameters=injected, kernel_name=ensure_kernel(),
                                   cwd=str(notebook.parent), progress_bar=progress, log_output=False)
    except PapermillExecutionError as error:
        os.replace(partial, failed)
        raise TradebookError(f"{notebook.name} failed in cell {error.exec_count}: {error.ename}: {error.evalue} "
                             f"(executed copy: {failed})") from None
    os.replace(partial, output)
    failed.unlink(missing_ok=True)
    return output


def run(params_file: Path, *, output_root: Path | None = None, progress: bool = True) -> list[Path]:
    """Run every notebook of a parameter set in order; return the executed notebooks' paths."""
    spec = read_params(params_file)
    parameters = spec.get("parameters", {})
    check(parameters)
    notebooks = [config.NOTEBOOKS_DIR / name for name in spec["notebooks"]]
    missing = [n.name for n in notebooks if not n.exists()]
    if missing:
        raise ParameterError(f"{params_file}: notebooks {missing} do not exist in notebooks/")
    done = []
    with config.outputs_at(output_root or config.OUTPUTS_DIR) as root:   # kernels inherit it
        for index, notebook in enumerate(notebooks, start=1):
            print(f"[{index}/{len(notebooks)}] {notebook.name}", file=sys.stderr, flush=True)
            done.append(run_notebook(notebook, root / "notebooks" / notebook.name, parameters, progress=progress))
        if BRIEFING in spec["notebooks"]:
            export.publish(parameters, title=briefing_title(parameters))
    return done


def briefing_title(parameters: dict) -> str:
    """Title of a run's briefing, e.g. 'China–Vietnam trade: evidence briefing'."""
    reporter = reference.name_of(parameters.get("reporter", "CHN"))
    partner = parameters.get("partner", "ASEAN-10")
    partner = partner if partner in reference.group_ids() else reference.name_of(partner)
    return f"{reporter}–{partner} trade: evidence briefing"
