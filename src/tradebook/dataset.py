"""Build data/processed from data/raw: load every source, validate, write parquet once.

Later notebooks read the parquet (``load_flows``); it is rebuilt only when a raw file, a
reference table or a loader changes (a stamp of their checksums sits beside it).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable

import pandas as pd

from . import atomic, config, manifest, reference, schema
from .errors import ParameterError
from .loaders import baci_hs2, comtrade_mirror, curated, dosm, dots, gacc, imf_annual, oec, singapore, wits

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
ALL_SOURCES = [*LOADERS, dosm.SOURCE]

MYR_RATES = config.PROCESSED_DIR / "myr_per_usd.parquet"
OFFICIAL_TOTALS = config.PROCESSED_DIR / "official_china_asean_totals.parquet"
STAMP = config.PROCESSED_DIR / "build_stamp.json"


def check_sources(sources: list[str] | None) -> list[str]:
    """The requested source ids (all by default), or ParameterError naming an unknown one."""
    if sources is None:
        return list(ALL_SOURCES)
    unknown = [s for s in sources if s not in ALL_SOURCES]
    if unknown:
        raise ParameterError(f"unknown source(s) {unknown}: choose from {ALL_SOURCES}")
    return list(sources)


def _stamp() -> str:
    digest = hashlib.sha256()
    digest.update((config.RAW_DIR / "MANIFEST.csv").read_bytes())
    package = Path(__file__).parent
    # what the parquet depends on: reference tables and the code that reads and validates sources
    code = [package / "dataset.py", package / "schema.py", package / "reference.py", package / "manifest.py",
            *sorted((package / "loaders").glob("*.py")), package / "live" / "comtrade.py"]
    for path in sorted(config.REFERENCE_DIR.glob("*.csv")) + code:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build() -> pd.DataFrame:
    """Load and validate every source; write flows, ringgit rates and official totals to parquet."""
    manifest.verify_all()
    frames = {source: loader() for source, loader in LOADERS.items()}
    rates = dosm.implied_myr_rates(dosm.load_myr(), frames[dots.SOURCE])
    frames[dosm.SOURCE] = dosm.load(rates)
    flows = schema.validate(pd.concat(frames.values(), ignore_index=True), reference.allowed_codes())
    atomic.write_parquet(flows, config.FLOWS_PARQUET)
    atomic.write_parquet(rates, MYR_RATES)
    atomic.write_parquet(curated.official_totals(), OFFICIAL_TOTALS)
    atomic.write_text(json.dumps({"stamp": _stamp()}), STAMP)
    return flows


def is_current() -> bool:
    """True if the processed parquet was built from the current raw files, references and code."""
    if not (config.FLOWS_PARQUET.exists() and STAMP.exists()):
        return False
    return json.loads(STAMP.read_text()).get("stamp") == _stamp()


def load_flows(sources: list[str] | None = None) -> pd.DataFrame:
    """The canonical flows table (building it first if stale), optionally for some sources only.

    ``sources`` uses the manifest ids; ``singapore_hs2`` covers both Singapore extracts.
    """
    wanted = check_sources(sources)
    if not is_current():
        build()
    flows = schema.coerce(pd.read_parquet(config.FLOWS_PARQUET))
    prefixes = tuple(s.removesuffix("_hs2") if s == "singapore_hs2" else s for s in wanted)
    return flows[flows["source"].str.startswith(prefixes)].reset_index(drop=True)


def load_myr_rates() -> pd.DataFrame:
    """Ringgit per US dollar implied by DOSM and DOTS (see loaders.dosm.implied_myr_rates)."""
    if not is_current():
        build()
    return pd.read_parquet(MYR_RATES)


def load_official_totals() -> pd.DataFrame:
    """The curated official China–ASEAN annual totals with their source URLs."""
    if not is_current():
        build()
    return pd.read_parquet(OFFICIAL_TOTALS)


if __name__ == "__main__":
    built = build()
    print(f"wrote {config.FLOWS_PARQUET.relative_to(config.PROJ_ROOT)}: {len(built):,} rows")
