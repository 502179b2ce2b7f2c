"""Content stamps beside a run's executed notebooks: a notebook reruns only when what it depends on changed.

A notebook's stamp is a sha256, part by part, of its own file, the parameters it receives, the
inputs of the data (``dataset.input_stamp``: every raw file, manifest row, reference table and
loader), the package's code, and the current outputs of the notebooks it reads; a rerun names
the parts that changed. Beside the stamp
the runner keeps a digest of what the notebook wrote (``figures/NN_*``, ``tables/NN_*``): a
notebook whose outputs changed since (a file edited or replaced by hand) is not reused, and
neither is a notebook that reads them. ``make run`` after editing notebook 02 reruns 02 and the
briefing, which reads it, and reuses the rest; ``FORCE=1`` reruns all.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from tradebook.flows import dataset
from tradebook.themes import claims

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
    """sha256 over what ``notebook`` wrote in ``outputs``: the names and bytes of ``figures/NN_*`` and ``tables/NN_*``,
    and its rows of the claims table (``tables/claims_results.csv``, which several notebooks write)."""
    digest = hashlib.sha256()
    prefix = Path(notebook).name[:3]  # "02_"
    for folder in ("figures", "tables"):
        for path in sorted((Path(outputs) / folder).glob(f"{prefix}*")):
            digest.update(f"{folder}/{path.name}".encode() + hashlib.sha256(path.read_bytes()).digest())
    digest.update(_claim_rows(Path(outputs) / "tables" / claims.RESULTS_NAME, Path(notebook).stem))
    return digest.hexdigest()


def _claim_rows(path: Path, stem: str) -> bytes:
    """The rows ``stem`` recorded in the claims table, as bytes to digest; the file's bytes if it cannot be read as that table."""
    if not path.exists():
        return b"absent"
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        rows = table[table["recorded_by"] == stem].drop(
            columns=["computed_at"], errors="ignore"
        )  # the time alone is no change
        return rows.to_csv(index=False).encode()
    except (ValueError, KeyError, UnicodeDecodeError):  # edited into something else: any change shows
        return path.read_bytes()


def of_notebook(
    notebook: Path, parameters: dict, reads: set[str], outputs: Path, *, inputs: dict, code: str
) -> dict[str, str]:
    """The stamp ``notebook`` would have now, part by part: a sha256 of its source, of the ``parameters`` it
    receives, of the data's ``inputs``, of the package's ``code``, and of the outputs of each notebook it reads.

    What a notebook reads enters by content (``products``), not by that notebook's own stamp: an
    edit of 02's prose that leaves its tables and figures byte for byte as they were does not
    rerun the briefing.
    """
    parts = {
        "source": hashlib.sha256(Path(notebook).read_bytes()).hexdigest(),
        "parameters": _digest(parameters),
        "data": _digest(inputs),
        "code": code,
    }
    return parts | {f"reads {name}": products(outputs, name) for name in sorted(reads)}


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def _recorded(outputs: Path, notebook: str) -> dict:
    path = _stamp_path(outputs, notebook)
    try:
        recorded = json.loads(path.read_text())
    except (OSError, ValueError):  # never ran here, or a stamp of an older format
        return {}
    return recorded if isinstance(recorded, dict) and isinstance(recorded.get("parts"), dict) else {}


CHANGES = {
    "source": "the notebook was edited",
    "parameters": "its parameters changed",
    "data": "the data changed (a raw file, manifest row, reference table or loader)",
    "code": "the package's code changed",
}


def why_stale(outputs: Path, notebook: str, stamp: dict[str, str]) -> str | None:
    """None when ``notebook`` can be reused with ``stamp``, else what changed since it last ran, in words."""
    recorded = _recorded(outputs, notebook)
    if not recorded or not (Path(outputs) / "notebooks" / Path(notebook).name).exists():
        return "no earlier run in this folder"
    changed = [
        CHANGES.get(part, f"the outputs of {part.removeprefix('reads ').removesuffix('.ipynb')} that it reads changed")
        for part in stamp
        if recorded["parts"].get(part) != stamp[part]
    ]
    changed += ["it now reads fewer notebooks"] if set(recorded["parts"]) - set(stamp) else []
    if changed:
        return "; ".join(changed)
    if recorded.get("products") != products(outputs, notebook):
        return "its tables or figures were changed since it ran"
    return None


def write(outputs: Path, notebook: str, stamp: dict[str, str]) -> None:
    """Record ``stamp`` for ``notebook`` (after it ran) in ``outputs``, with the digest of what it wrote."""
    path = _stamp_path(outputs, notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"parts": stamp, "products": products(outputs, notebook)}) + "\n")


def current_inputs() -> dict:
    """What every stamp of a run shares: the data's inputs (raw files by checksum, manifest, references, loaders)."""
    stamp = dataset.input_stamp()
    return {"code": stamp["code"], "raw": {path: digest for path, (_, _, digest) in stamp["raw"].items()}}
