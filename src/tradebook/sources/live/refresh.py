"""``make refresh``: bring newer and product-level data for a parameter set into data/external/.

UN Comtrade (through ``live.comtrade``): for every year of the run and every partner member,
the reporter's and the member's own records of their trade with each other by HS chapter
(one call per reporter × partner × year × flow, under 100 records at HS2, so each stays within
the keyless preview's 500-record cap), plus each member's imports from the World and the
reporter's and the benchmark exporters' exports to the World by chapter (the denominators of
shares and complementarity).
With ``COMTRADE_API_KEY`` set, ``level: HS4`` or ``HS6`` fetches finer codes. Every call is
cached with its manifest row (``comtrade.fetch_cached``), so a rerun skips what is cached and
an interrupted refresh continues where it stopped.

CEPII BACI: a release zip given by path is reduced once, with DuckDB, to the bilateral HS6
flows among the reporter, the partner members and the benchmark exporters, written as parquet
under data/external/baci/ with its manifest row.

China Customs (GACC): release pages of "(4) China's Total Export & Import Values by
Country/Region" saved from GACC's site are checked and copied under data/external/gacc_release/
with their manifest rows (``add_gacc_pages``): China's own record by partner after the
shipped statistics, month by month as GACC publishes it.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tradebook import atomic, config, params, reference
from tradebook.errors import FetchError, ParameterError
from tradebook.sources import gacc_release, manifest
from tradebook.sources.live import baci, comtrade, engines, external

KEYLESS_CAP = 500  # records the keyless preview returns at most per call
LEVEL_CODES = {"HS2": "AG2", "HS4": "AG4", "HS6": "AG6"}
WORLD_CODE = "0"
BENCHMARKS = ["JPN", "KOR", "AUS"]  # the exporters notebook 03 compares with
INTERVAL_S = {False: 1.0, True: 0.2}  # pause between live calls, keyless and keyed (the API's rate limits)


@dataclass(frozen=True)
class Call:
    """One planned Comtrade request: who reports, with whom, which year and flow."""

    reporter: str
    partner: str  # ISO3, or WLD for the World
    year: int
    flow: str  # X or M
    level: str

    def query(self) -> dict:
        """The comtradeapicall keyword arguments (final annual data, HS as reported)."""
        return dict(
            typeCode="C",
            freqCode="A",
            clCode="HS",
            period=str(self.year),
            reporterCode=m49(self.reporter),
            cmdCode=LEVEL_CODES[self.level],
            flowCode=self.flow,
            partnerCode=WORLD_CODE if self.partner == "WLD" else m49(self.partner),
            partner2Code="0",
            customsCode="C00",
            motCode="0",
            includeDesc=True,
        )


@reference.per_folder
def _codes() -> dict[str, str]:
    """ISO3 → Comtrade numeric code: as the shipped Comtrade records write it, else the ISO numeric code.

    Comtrade's codes are M49 with a few exceptions (the United States is 842, not 840): the
    shipped real Comtrade extract is the authority for every code it contains.
    """
    atlas = pd.read_csv(manifest.verified("atlas_reference/country.csv"), dtype={"country_id": "Int64"})
    codes = {iso: str(int(code)) for iso, code in zip(atlas["iso3_code"], atlas["country_id"]) if pd.notna(code)}
    for name in ("Export", "Import"):
        shipped = pd.read_csv(
            manifest.verified(f"singapore_hs2/{name}_Top_Industries_Trade_Data.csv"),
            usecols=["reporterCode", "reporterISO", "partnerCode", "partnerISO"],
        )
        for code_column, iso_column in (("reporterCode", "reporterISO"), ("partnerCode", "partnerISO")):
            codes.update(dict(zip(shipped[iso_column], shipped[code_column].astype(str))))
    return codes


def m49(iso3: str) -> str:
    """Comtrade's numeric code for ``iso3`` (see ``_codes``)."""
    try:
        return _codes()[iso3]
    except KeyError:
        raise ParameterError(
            f"no UN Comtrade code known for {iso3!r}: use an ISO3 code of data/reference/countries.csv"
        ) from None


def plan(parameters: dict, level: str = "HS2", *, keyed: bool | None = None) -> list[Call]:
    """Every call a refresh makes for a parameter set, in a fixed order.

    Per year and member: the reporter's exports and imports with the member, the member's
    exports and imports with the reporter, and the member's imports from the World; per year,
    the reporter's and the benchmark exporters' exports to the World (complementarity needs
    both at the same product level).
    """
    keyed = comtrade.api_key() is not None if keyed is None else keyed
    if level not in LEVEL_CODES:
        raise ParameterError(f"level {level!r} is not one of {list(LEVEL_CODES)}")
    if level != "HS2" and not keyed:
        raise ParameterError(
            f"level {level} needs a UN Comtrade key in COMTRADE_API_KEY (the keyless preview returns at most "
            f"{KEYLESS_CAP} records a call, fewer than a year of {level} lines): use level HS2, or set the key"
        )
    reporter = params.check_reporter(parameters.get("reporter", "CHN"))
    year_end = parameters.get("year_end", params.LAST_YEAR)
    years = params.check_years(parameters.get("year_start", params.FIRST_YEAR), year_end)
    members = [m for m in params.partner_members(parameters.get("partner", "ASEAN-10"), year_end) if m != reporter]
    benchmarks = [b for b in BENCHMARKS if b != reporter and b not in members]
    calls = []
    for year in years:
        calls += [Call(reporter, "WLD", year, "X", level)]
        calls += [Call(benchmark, "WLD", year, "X", level) for benchmark in benchmarks]
        for member in members:
            calls += [Call(reporter, member, year, flow, level) for flow in ("X", "M")]
            calls += [Call(member, reporter, year, flow, level) for flow in ("X", "M")]
            calls += [Call(member, "WLD", year, "M", level)]
    return calls


@dataclass
class Summary:
    """What a refresh did: counts, the calls that failed or hit the cap, records by reporter and year."""

    planned: int = 0
    fetched: int = 0
    cached: int = 0
    failed: list[str] = field(default_factory=list)
    capped: list[str] = field(default_factory=list)
    records: dict[tuple[str, int], int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [
            f"{self.planned} calls planned: {self.fetched} fetched, {self.cached} already cached, {len(self.failed)} failed; "
            f"{sum(self.records.values()):,} records"
        ]
        out += [f"capped at {KEYLESS_CAP} records (more exist; set COMTRADE_API_KEY): {c}" for c in self.capped]
        out += [f"failed: {f}" for f in self.failed]
        if self.records:
            table = pd.Series(self.records).unstack(fill_value=0)
            out += ["records by reporting economy (rows) and year (columns):", table.to_string()]
        return out


def _describe(call: Call) -> str:
    return f"{call.reporter}→{call.partner} {call.year} {'exports' if call.flow == 'X' else 'imports'} ({call.level})"


def run_comtrade(
    parameters: dict,
    level: str = "HS2",
    *,
    progress: bool = True,
    fetch: Callable[..., pd.DataFrame] = comtrade.fetch_cached,
    sleep: Callable[[float], None] = time.sleep,
    **fetch_options,
) -> Summary:
    """Make every planned call not yet cached; return the summary (never raises on one failed call).

    A network failure (no answer at all) stops the refresh: the calls made so far stay cached
    and the next refresh continues from there.
    """
    from tqdm.auto import tqdm

    keyed = comtrade.api_key() is not None
    calls = plan(parameters, level, keyed=keyed)
    summary = Summary(planned=len(calls))
    for call in tqdm(calls, desc="UN Comtrade", unit="call", disable=not progress):
        query = call.query()
        cached = comtrade.cache_path(query).exists()
        try:
            data = fetch(query, sleep=sleep, **fetch_options)
        except FetchError as error:
            summary.failed.append(f"{_describe(call)}: {error}")
            if "could not reach" in str(error):
                break
            continue
        if cached:
            summary.cached += 1
        else:
            summary.fetched += 1
            sleep(INTERVAL_S[keyed])
        if not keyed and len(data) >= KEYLESS_CAP:
            summary.capped.append(_describe(call))
        key = (call.reporter, call.year)
        summary.records[key] = summary.records.get(key, 0) + len(data)
    return summary


def reduce_baci(
    zip_path: Path, parameters: dict, *, benchmarks: list[str] = BENCHMARKS, engine: str = "duckdb"
) -> Path:
    """Reduce a BACI release once to what the run's economies need (``baci.reduce``, HS6); parquet under data/external/baci/.

    Economies: the reporter, the partner members and the benchmark exporters. The parquet's
    name carries the zip's content digest, so a new download under the same file name is
    reduced anew and replaces the older reduction of that name (files and manifest rows);
    the same content and economies again are reused. The release's product names are kept
    beside it (``<parquet stem>.names.csv``). ``engine`` runs the reduction (``engines``: "duckdb"
    here, "spark" on ``SPARK_MASTER``); both give the same rows. Returns the parquet path.
    """
    engines.check(engine)
    reporter = params.check_reporter(parameters.get("reporter", "CHN"))
    members = params.partner_members(parameters.get("partner", "ASEAN-10"), parameters.get("year_end"))
    economies = sorted({reporter, *members, *benchmarks})
    zip_path = baci.check_zip_path(zip_path)
    content = baci.digest(zip_path)
    economies_key = hashlib.sha256(json.dumps(economies).encode()).hexdigest()[:10]
    folder = config.paths().external / "baci"
    target = folder / f"{zip_path.stem}_{content}_{economies_key}.parquet"
    names_path = target.with_suffix(".names.csv")
    if target.exists() and names_path.exists():
        return target
    extracted = baci.extract(zip_path, folder / f"{zip_path.stem}_{content}")
    flows = baci.reduce(extracted, economies, engine=engine)
    external.drop_superseded_baci(zip_path.name, content)
    atomic.write_parquet(flows, target)
    atomic.write_csv(baci.product_names(extracted), names_path)
    query = {
        "release": zip_path.name,
        "version": baci.release_version(zip_path.name),
        "content_sha256": content,
        "economies": economies,
        "level": "HS6",
        "years": sorted(int(y) for y in flows["year"].unique()),
    }
    external.record(target, baci.SOURCE, query)
    external.record(names_path, external.BACI_NAMES, query)
    return target


def add_gacc_pages(path: Path) -> list[str]:
    """Bring GACC release pages saved from its site (one ``.html`` file, or a folder of them) into data/external/gacc_release/.

    Each page is read and checked as the shipped pages are (``gacc_release.read_page``: the
    table, its unit and currency, its sums) before it is copied, unchanged, with a manifest row
    naming its period and release date; a page that fails stops the whole refresh with its one
    line and nothing is copied. Returns one line per page added. The next run reads them beside
    the shipped pages (``dataset.load_gacc_releases``).
    """
    path = Path(path)
    if not path.exists():
        raise FetchError(
            f"{path} does not exist: give a release page saved from {gacc_release.RELEASES_URL} (Save Page As…, HTML) or a folder of them"
        )
    pages = sorted(path.glob("*.htm*")) if path.is_dir() else [path]
    if not pages:
        raise FetchError(f"{path} holds no .html page: save the release from {gacc_release.RELEASES_URL} as HTML")
    tables = [(page, gacc_release.read_page(page)) for page in pages]  # every page checked before any is copied
    added = []
    for page, table in tables:
        target = config.paths().external / gacc_release.SOURCE / page.name
        atomic.write_text(page.read_text(encoding="utf-8"), target)
        first = table[table["period"] == "year_to_date"].iloc[0]
        period = gacc_release.Period(
            int(first["year"]), int(first["first_month"]), int(first["last_month"]), has_month_column=False
        ).label
        external.record(
            target,
            gacc_release.SOURCE,
            {"page": page.name, "period": period, "release_date": str(first["release_date"])},
        )
        added.append(
            f"{page.name}: GACC release for {period} (released {first['release_date']}), {table['partner'].nunique()} partners and groups"
        )
    return added
