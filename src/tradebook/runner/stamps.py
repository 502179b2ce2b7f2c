"""Content stamps beside a run's executed notebooks: a notebook reruns only when what it depends on changed.

A notebook's stamp is a sha256 over its own file, the parameters it receives, the inputs of the
data (``dataset.input_stamp``: every raw file, manifest row, reference table and loader), the
package's code, and the stamps of the notebooks it reads. ``make run`` after editing notebook
02 reruns 02 and the briefing, which reads it, and reuses the rest; ``FORCE=1`` reruns all.
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


def of_notebook(notebook: Path, parameters: dict, reads: set[str], outputs: Path, *, inputs: dict, code: str) -> str:
    """The stamp ``notebook`` would have now, with ``parameters``, reading ``reads`` (their stamps in ``outputs``)."""
    needs = {name: (read(outputs, name) or "absent") for name in sorted(reads)}
    content = {"notebook": hashlib.sha256(Path(notebook).read_bytes()).hexdigest(), "parameters": parameters, "inputs": inputs, "code": code, "reads": needs}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def read(outputs: Path, notebook: str) -> str | None:
    """The stamp written when ``notebook`` last ran into ``outputs`` (None if it never did)."""
    path = _stamp_path(outputs, notebook)
    return path.read_text().strip() if path.exists() else None


def write(outputs: Path, notebook: str, stamp: str) -> None:
    """Record ``stamp`` for ``notebook`` (after it ran) in ``outputs``."""
    path = _stamp_path(outputs, notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(stamp + "\n")


def current_inputs() -> dict:
    """What every stamp of a run shares: the data's inputs (raw files by checksum, manifest, references, loaders)."""
    stamp = dataset.input_stamp()
    return {"code": stamp["code"], "raw": {path: digest for path, (_, _, digest) in stamp["raw"].items()}}
