"""Build data/processed from data/raw: load every source, validate, write parquet once.

Later notebooks read the parquet (``load_flows``); it is rebuilt when a raw file, a manifest
row, a reference table or a loader changes (``is_current``: a stamp of their checksums sits
beside it), so a run of any notebook sees the current inputs, and a changed raw file stops the
rebuild with its name (``manifest.verify_all``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tradebook import atomic, config, reference, schema
from tradebook.errors import ParameterError, RawDataError, SchemaError, TradebookError, shown
from tradebook.sources import (
    baci_hs2,
    comtrade_mirror,
    curated,
    dosm,
    dots,
    gacc,
    gacc_release,
    imf_annual,
    manifest,
    oec,
    singapore,
    wits,
)
from tradebook.sources.live import external

# Manifest source id → loader. DOSM needs DOTS (for its ringgit rates), so it is built after.
LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    dots.SOURCE: dots.load,
    imf_annual.SOURCE: imf_annual.load,
    wits.SOURCE: wits.load,
    oec.SOURCE: oec.load,
    baci_hs2.SOURCE: baci_hs2.load,
    "singapore_hs2": singapore.load,
    gacc.SOURCE: gacc.load,
    comtrade_mirror.SOURCE: comtrade_mirror.load,
}
# What `make refresh` fetched into data/external/ (none on a fresh clone): added under its own
# source ids, beside the shipped sources and never in their place.
EXTERNAL_SOURCES = list(external.SOURCES)
ALL_SOURCES = [*LOADERS, dosm.SOURCE, *EXTERNAL_SOURCES]
# manifest ids whose rows carry finer source ids in the flows table
SOURCE_IDS = {"singapore_hs2": [singapore.SOURCE_WITS, singapore.SOURCE_COMTRADE]}

# file names inside config.paths().processed (read at call time, so a moved project root is honoured)
MYR_RATES = "myr_per_usd.parquet"
OFFICIAL_TOTALS = "official_china_asean_totals.parquet"
GACC_RELEASES = (
    "gacc_releases.parquet"  # GACC's monthly releases by country, in yuan (shipped pages and refreshed ones)
)
GACC_UNREAD = "gacc_releases_unread.parquet"  # one line per release page that holds its table only as an image
STAMP = "build_stamp.json"


def check_sources(sources: list[str] | None) -> list[str]:
    """The requested source ids (all by default), or ParameterError naming an unknown one."""
    if sources is None:
        return list(ALL_SOURCES)
    if not isinstance(sources, list) or not sources:
        raise ParameterError(f"sources must be a non-empty list such as [imf_dots, gacc_2024], got {shown(sources)}")
    unknown = [s for s in sources if not isinstance(s, str) or s not in ALL_SOURCES]
    if unknown:
        raise ParameterError(f"unknown source(s) {shown(unknown)}: choose from {ALL_SOURCES}")
    return list(sources)


def refreshed_sources() -> list[str]:
    """The refreshed source ids present in data/external (``comtrade``, ``baci``), none on a fresh clone."""
    held = set(external.rows()["source"])
    return [source for source in EXTERNAL_SOURCES if source in held]


def _code_digest() -> str:
    """sha256 over the manifest, the reference tables and the code that reads and validates sources."""
    digest = hashlib.sha256()
    digest.update(config.paths().raw_manifest.read_bytes())
    if external.manifest_path().exists():  # a refresh changes what the flows table holds
        digest.update(external.manifest_path().read_bytes())
    package = Path(__file__).parents[1]  # src/tradebook
    code = [
        package / "flows" / "dataset.py",
        package / "schema.py",
        package / "reference.py",
        package / "sources" / "manifest.py",
        *sorted((package / "sources").glob("*.py")),
        package / "sources" / "live" / "comtrade.py",
        package / "sources" / "live" / "external.py",
    ]
    for path in sorted(config.paths().reference.glob("*.csv")) + code:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _raw_files() -> dict[str, list]:
    """Each manifest file's [size, mtime_ns, sha256] as found on disk now (hashing only what is read)."""
    files = {}
    for relative in manifest.read_manifest().index:
        path = config.paths().raw / relative
        stat = path.stat()
        files[relative] = [stat.st_size, stat.st_mtime_ns, manifest.sha256(path)]
    return files


def input_stamp() -> dict:
    return {"code": _code_digest(), "raw": _raw_files()}


def build() -> pd.DataFrame:
    """Load and validate every source; write flows, ringgit rates and official totals to parquet."""
    manifest.verify_all()
    frames = {source: _loaded(source, loader) for source, loader in LOADERS.items()}
    rates = _loaded(dosm.SOURCE, lambda: dosm.implied_myr_rates(dosm.load_myr(), frames[dots.SOURCE]))
    frames[dosm.SOURCE] = _loaded(dosm.SOURCE, lambda: dosm.load(rates))
    frames["external"] = external.load()
    try:
        schema.validate(frames["external"], reference.allowed_codes(), name="the refreshed data in data/external")
    except SchemaError as error:
        raise SchemaError(f"{error} — run `make refresh` again, or `make clean` to drop the refreshed data") from None
    flows = schema.validate(pd.concat(frames.values(), ignore_index=True), reference.allowed_codes())
    atomic.write_parquet(flows, config.paths().flows_parquet)
    atomic.write_parquet(rates, config.paths().processed / MYR_RATES)
    atomic.write_parquet(curated.official_totals(), config.paths().processed / OFFICIAL_TOTALS)
    pages = [manifest.verified(relative) for relative in manifest.files_of(gacc_release.SOURCE)] + external.files_of(
        gacc_release.SOURCE
    )
    releases, unread = _loaded(gacc_release.SOURCE, lambda: gacc_release.read_pages(pages))
    atomic.write_parquet(releases, config.paths().processed / GACC_RELEASES)
    atomic.write_parquet(pd.DataFrame({"note": unread}, dtype="string"), config.paths().processed / GACC_UNREAD)
    atomic.write_text(json.dumps(input_stamp()), config.paths().processed / STAMP)
    return flows


def _loaded(source: str, loader: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """``loader()``, with any failure that is not already one line turned into one naming the source's files.

    A raw file that passes its checksum can still fail to read (a new release of another
    format, with its sha256 put in the manifest): the line names the files and the fix.
    """
    try:
        return loader()
    except TradebookError:
        raise
    except Exception as error:  # noqa: BLE001 - every reader's failure (zip, Excel, CSV, parquet) becomes the same line
        files = manifest.files_of(source) or [source]
        reason = " ".join(str(error).split())[:140] or type(error).__name__
        raise RawDataError(
            f"data/raw/{files[0]}{f' (or another of its {len(files)} files)' if len(files) > 1 else ''} could not be read as {source} data "
            f"({type(error).__name__}: {reason}): restore the files with `git checkout -- data/raw` and their rows of data/raw/MANIFEST.csv"
        ) from None


def is_current() -> bool:
    """True if the processed parquet was built from the current raw files, references and code.

    Raw files are compared by size and modification time, and by sha256 where those differ
    (a fresh checkout touches every file without changing it): any changed, added or removed
    raw file, manifest row, reference table or loader makes the build stale.
    """
    stamp_path = config.paths().processed / STAMP
    if not (config.paths().flows_parquet.exists() and stamp_path.exists()):
        return False
    try:
        stamp = json.loads(stamp_path.read_text())
    except ValueError:
        return False
    if stamp.get("code") != _code_digest():
        return False
    built = stamp.get("raw", {})
    listed = set(manifest.read_manifest().index)
    if set(built) != listed:
        return False
    for relative, (size, mtime_ns, digest) in built.items():
        path = config.paths().raw / relative
        if not path.exists():
            return False
        stat = path.stat()
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime_ns) and manifest.sha256(path) != digest:
            return False
    return True


def _read_processed(path: Path) -> pd.DataFrame:
    """A processed parquet, rebuilt first when stale; a damaged file is rebuilt once, not reused."""
    if not is_current():
        build()
    try:
        return pd.read_parquet(path)
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
        print(f"note: {path.name} could not be read ({str(error).splitlines()[0][:80]}); rebuilding data/processed")
        build()
        return pd.read_parquet(path)


def load_flows(sources: list[str] | None = None) -> pd.DataFrame:
    """The canonical flows table (building it first if stale), optionally for some sources only.

    ``sources`` uses the manifest ids; ``singapore_hs2`` covers both Singapore extracts
    (``SOURCE_IDS``).
    """
    wanted = check_sources(sources)
    flows = schema.coerce(_read_processed(config.paths().flows_parquet))
    ids = {part for s in wanted for part in SOURCE_IDS.get(s, [s])}
    return flows[flows["source"].isin(ids)].reset_index(drop=True)


def load_myr_rates() -> pd.DataFrame:
    """Ringgit per US dollar implied by DOSM and DOTS (see sources.dosm.implied_myr_rates)."""
    return _read_processed(config.paths().processed / MYR_RATES)


def load_gacc_releases() -> pd.DataFrame:
    """China Customs' monthly releases by country as read from the pages (``sources.gacc_release``), in whole yuan:
    the shipped pages and those added by ``make refresh GACC=…``."""
    return _read_processed(config.paths().processed / GACC_RELEASES)


def gacc_releases_unread() -> list[str]:
    """One line per release page the workbook holds but cannot read (its table is an image)."""
    return list(_read_processed(config.paths().processed / GACC_UNREAD)["note"])


def load_official_totals() -> pd.DataFrame:
    """The curated official China–ASEAN annual totals with their source URLs."""
    return _read_processed(config.paths().processed / OFFICIAL_TOTALS)


if __name__ == "__main__":
    built = build()
    print(f"wrote {config.paths().flows_parquet.relative_to(config.paths().root)}: {len(built):,} rows")
