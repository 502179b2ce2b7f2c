"""Content stamps beside a run's executed notebooks: a notebook reruns only when what it depends on changed.

A notebook's stamp is a sha256 over its own file, the parameters it receives, the inputs of the
data (``dataset.input_stamp``: every raw file, manifest row, reference table and loader), the
package's code, and the stamps and current outputs of the notebooks it reads. Beside the stamp
the runner keeps a digest of what the notebook wrote (``figures/NN_*``, ``tables/NN_*``): a
notebook whose outputs changed since (a file edited or replaced by hand) is not reused, and
neither is a notebook that reads them. ``make run`` after editing notebook 02 reruns 02 and the
briefing, which reads it, and reuses the rest; ``FORCE=1`` reruns all.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tradebook.flows import dataset

PACKAGE = Path(__file__).resolve().parents[1]  # src/tradebook: every module of the package


def _stamp_path(outputs: Path, notebook: str) -> Path:
    return Path(outputs) / "notebooks" / f".{Path(notebook).stem}.stamp"


def package_digest() -> str:
    """sha256 over the package's Python sources (a changed function changes every notebook's stamp)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def products(outputs: Path, notebook: str) -> str:
    """sha256 over the names and bytes of what ``notebook`` wrote in ``outputs`` (``figures/NN_*``, ``tables/NN_*``)."""
    digest = hashlib.sha256()
    prefix = Path(notebook).name[:3]  # "02_"
    for folder in ("figures", "tables"):
        for path in sorted((Path(outputs) / folder).glob(f"{prefix}*")):
            digest.update(f"{folder}/{path.name}".encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def of_notebook(notebook: Path, parameters: dict, reads: set[str], outputs: Path, *, inputs: dict, code: str) -> str:
    """The stamp ``notebook`` would have now, with ``parameters``, reading ``reads`` (their stamps and outputs in ``outputs``)."""
    needs = {name: [read(outputs, name) or "absent", products(outputs, name)] for name in sorted(reads)}
    content = {"notebook": hashlib.sha256(Path(notebook).read_bytes()).hexdigest(), "parameters": parameters, "inputs": inputs, "code": code, "reads": needs}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def _recorded(outputs: Path, notebook: str) -> dict:
    path = _stamp_path(outputs, notebook)
    try:
        recorded = json.loads(path.read_text())
    except (OSError, ValueError):  # never ran here, or a stamp of an older format
        return {}
    return recorded if isinstance(recorded, dict) else {}


def read(outputs: Path, notebook: str) -> str | None:
    """The stamp written when ``notebook`` last ran into ``outputs`` (None if it never did)."""
    return _recorded(outputs, notebook).get("stamp")


def why_stale(outputs: Path, notebook: str, stamp: str) -> str | None:
    """None when ``notebook`` can be reused with ``stamp``, else why it must run, in words."""
    recorded = _recorded(outputs, notebook)
    if not recorded or not (Path(outputs) / "notebooks" / Path(notebook).name).exists():
        return "no earlier run in this folder"
    if recorded.get("stamp") != stamp:
        return "the notebook, its parameters, data, code or what it reads changed"
    if recorded.get("products") != products(outputs, notebook):
        return "its tables or figures were changed since it ran"
    return None


def write(outputs: Path, notebook: str, stamp: str) -> None:
    """Record ``stamp`` for ``notebook`` (after it ran) in ``outputs``, with the digest of what it wrote."""
    path = _stamp_path(outputs, notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"stamp": stamp, "products": products(outputs, notebook)}) + "\n")


def current_inputs() -> dict:
    """What every stamp of a run shares: the data's inputs (raw files by checksum, manifest, references, loaders)."""
    stamp = dataset.input_stamp()
    return {"code": stamp["code"], "raw": {path: digest for path, (_, _, digest) in stamp["raw"].items()}}
