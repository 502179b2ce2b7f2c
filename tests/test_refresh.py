"""`make refresh` offline: the Comtrade client's HTTP transport is replaced by recorded answers in the
Comtrade Plus JSON format (values are SYNTHETIC, generated here), and a tiny BACI release is built here.
"""

import json
import zipfile
from urllib.parse import urlparse

import pandas as pd
import pytest
import urllib3

from tradebook.errors import ParameterError
from tradebook.flows import dataset, products
from tradebook.runner import pipeline
from tradebook.sources.live import baci, comtrade, external, refresh
from tradebook.themes import claims

SECRET = "sk-refresh-0123456789abcdef"  # made up; must appear nowhere
WINDOW = {"reporter": "CHN", "partner": "ASEAN-10", "year_start": 2023, "year_end": 2024}
ISO = {"156": "CHN", "0": "W00"} | {code: iso for iso, code in refresh._codes().items()}
CHAPTERS = ["27", "84", "85", "90"]


def record(reporter: str, partner: str, flow: str, year: str, chapter: str, value: float) -> dict:
    """One Comtrade Plus record (the API's field names, as in the shipped Singapore extract); synthetic value."""
    return {
        "typeCode": "C",
        "freqCode": "A",
        "refPeriodId": int(f"{year}0101"),
        "refYear": int(year),
        "refMonth": 52,
        "period": year,
        "reporterCode": int(reporter),
        "reporterISO": ISO[reporter],
        "flowCode": flow,
        "partnerCode": int(partner),
        "partnerISO": ISO[partner],
        "partner2Code": 0,
        "partner2ISO": "W00",
        "classificationCode": "H6",
        "cmdCode": chapter,
        "aggrLevel": 2,
        "isLeaf": False,
        "customsCode": "C00",
        "mosCode": "0",
        "motCode": 0,
        "qtyUnitCode": -1,
        "qty": 0,
        "cifvalue": None,
        "fobvalue": value,
        "primaryValue": value,
        "legacyEstimationFlag": 0,
        "isReported": True,
        "isAggregate": True,
    }


def value(flow: str, partner: str, index: int) -> float:
    """The synthetic value of a chapter's record: exports twice imports, the World three times one partner."""
    return 1e6 * (1 + index) * (2 if flow == "X" else 1) * (3 if partner == "0" else 1)


class FakeComtrade:
    """Answers comtradeapicall's GET requests; ``script`` maps a call number to (status, body) overrides."""

    def __init__(self):
        self.calls, self.script, self.records_per_call = [], {}, None

    def request(self, pool, method, url, fields=None, timeout=None):
        self.calls.append({"url": url, "fields": dict(fields or {})})
        number = len(self.calls)
        if number in self.script:
            outcome = self.script[number]
            if isinstance(outcome, BaseException):
                raise outcome
            status, body = outcome
            return type("Answer", (), {"status": status, "data": body.encode()})()
        f = fields
        chapters = [f"{k:02d}" for k in range(1, self.records_per_call + 1)] if self.records_per_call else CHAPTERS
        data = [
            record(
                f["reportercode"],
                f["partnerCode"],
                f["flowCode"],
                f["period"],
                chapter,
                value(f["flowCode"], f["partnerCode"], index),
            )
            for index, chapter in enumerate(chapters)
        ]
        body = json.dumps({"elapsedTime": "0.01 secs", "count": len(data), "data": data, "error": ""})
        return type("Answer", (), {"status": 200, "data": body.encode()})()


@pytest.fixture
def server(monkeypatch, project_copy):
    fake = FakeComtrade()
    monkeypatch.setattr(urllib3.PoolManager, "request", lambda pool, *a, **k: fake.request(pool, *a, **k))
    monkeypatch.delenv(comtrade.KEY_VARIABLE, raising=False)
    return fake


def quiet(**options):
    return dict(progress=False, sleep=lambda s: None, **options)


def test_plan_keeps_every_keyless_call_under_the_cap_and_hs6_needs_a_key():
    calls = refresh.plan(WINDOW, "HS2", keyed=False)
    assert len(calls) == 2 * (1 + 3 + 10 * 5)  # per year: reporter→World, 3 benchmarks→World, 10 members × 5
    assert {c.query()["cmdCode"] for c in calls} == {"AG2"}
    assert refresh.m49("USA") == "842" and refresh.m49("VNM") == "704"  # Comtrade's code, from the shipped extract
    with pytest.raises(ParameterError, match="level HS6 needs a UN Comtrade key"):
        refresh.plan(WINDOW, "HS6", keyed=False)


def test_refresh_fetches_caches_and_is_idempotent(server):
    small = {**WINDOW, "partner": "VNM", "year_start": 2024}
    first = refresh.run_comtrade(small, **quiet())
    assert (first.planned, first.fetched, first.cached, first.failed) == (
        9,
        9,
        0,
        [],
    )  # 1 + 3 benchmarks + 5 with the member
    assert first.records[("CHN", 2024)] == 3 * len(CHAPTERS)
    again = refresh.run_comtrade(small, **quiet())
    assert (again.fetched, again.cached) == (0, 9) and len(server.calls) == 9  # nothing fetched twice
    assert len(external.rows()) == 9 and set(external.rows()["source"]) == {"comtrade"}


def test_keyless_cap_is_reported_not_silent(server):
    server.records_per_call = refresh.KEYLESS_CAP
    summary = refresh.run_comtrade({**WINDOW, "partner": "VNM", "year_start": 2024}, **quiet())
    assert len(summary.capped) == 9
    assert any("capped at 500 records" in line for line in summary.lines())


def test_429_then_success_and_5xx_exhausted(server):
    server.script = {1: (429, '{"statusCode": 429, "message": "Rate limit is exceeded. Try again in 1 seconds."}')}
    server.script.update({n: (503, '{ "statusCode": 503, "message": "Service Unavailable" }') for n in range(3, 8)})
    summary = refresh.run_comtrade({**WINDOW, "partner": "VNM", "year_start": 2024}, **quiet())
    assert summary.fetched == 8 and len(summary.failed) == 1  # 429 retried; one call 503 five times
    assert "HTTP 503 5 times" in summary.failed[0] and "JPN→WLD 2024 exports" in summary.failed[0]


def test_interrupted_refresh_resumes_without_fetching_again(server):
    small = {**WINDOW, "partner": "VNM", "year_start": 2024}
    server.script = {4: KeyboardInterrupt()}
    with pytest.raises(KeyboardInterrupt):
        refresh.run_comtrade(small, **quiet())
    assert len(external.rows()) == 3  # the three answered calls stay cached
    server.script = {}
    resumed = refresh.run_comtrade(small, **quiet())
    assert (resumed.cached, resumed.fetched) == (3, 6) and len(server.calls) == 4 + 6


def test_a_network_failure_stops_the_refresh_with_one_line(server):
    server.script = {
        n: urllib3.exceptions.MaxRetryError(None, "/public/v1/preview", "NameResolutionError") for n in range(1, 6)
    }
    summary = refresh.run_comtrade({**WINDOW, "partner": "VNM", "year_start": 2024}, **quiet())
    assert summary.fetched == 0 and len(summary.failed) == 1 and "could not reach UN Comtrade" in summary.failed[0]


def test_the_key_is_used_but_never_written(server, monkeypatch, project_copy, capsys):
    monkeypatch.setenv(comtrade.KEY_VARIABLE, SECRET)
    summary = refresh.run_comtrade({**WINDOW, "partner": "VNM", "year_start": 2024}, **quiet())
    assert summary.fetched == 9
    assert all(call["fields"].get("subscription-key") == SECRET for call in server.calls)
    assert all("/data/v1/get/" in urlparse(call["url"]).path for call in server.calls)
    for path in (project_copy / "data" / "external").rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert SECRET not in "\n".join(summary.lines()) + capsys.readouterr().out


VERSION = "V202501"
BACI_2022 = """t,i,j,k,v,q
2022,156,704,851712,100.0,1.0
2022,704,156,851712,40.0,1.0
2022,156,392,847130,30.0,1.0
2022,156,842,847130,999.0,1.0
"""


def test_baci_release_reduced_to_the_run_economies(project_copy, tmp_path):
    zip_path = tmp_path / f"BACI_HS92_{VERSION}.zip"
    with zipfile.ZipFile(zip_path, "w") as archive:  # synthetic values in the release's layout
        archive.writestr(f"BACI_HS92_Y2022_{VERSION}.csv", BACI_2022)
        archive.writestr(
            f"country_codes_{VERSION}.csv",
            "country_code,country_name,country_iso2,country_iso3\n156,China,CN,CHN\n704,Viet Nam,VN,VNM\n392,Japan,JP,JPN\n842,USA,US,USA\n",
        )
    with pytest.warns(
        baci.UnknownCodeWarning, match="economies \\['AUS', 'KOR'\\] are not in the release's country table"
    ):
        target = refresh.reduce_baci(zip_path, {"reporter": "CHN", "partner": "VNM", "year_end": 2022})
    reduced = pd.read_parquet(target)
    flows = reduced[reduced["flow"] == "export"].set_index(["reporter", "partner", "product"])["value_usd"]
    assert flows[("CHN", "VNM", "851712")] == 100_000 and flows[("VNM", "CHN", "851712")] == 40_000
    assert flows[("CHN", "JPN", "847130")] == 30_000 and "USA" not in flows.index.get_level_values("partner")
    assert flows[("CHN", "WLD", "847130")] == 30_000 + 999_000  # the World total counts every partner, the USA too
    imports = reduced[reduced["flow"] == "import"].set_index(["reporter", "partner", "product"])["value_usd"]
    assert imports[("VNM", "CHN", "851712")] == 100_000 and "USA" not in imports.index.get_level_values("reporter")
    assert external.rows()["source"].tolist() == ["baci", "baci_names"]
    merged = dataset.load_flows(["baci"])  # the dataset layer picks it up under its own id
    bilateral = merged[(merged["flow"] == "export") & (merged["partner"] != "WLD")]
    assert set(merged["source"]) == {"baci"} and bilateral["value_usd"].sum() == 170_000


@pytest.mark.workbook
def test_after_a_refresh_the_notebooks_show_every_member(server, project_copy):
    """End to end: refreshed (synthetic) Comtrade data reach notebooks 02, 03, 05 and the briefing."""
    refresh.run_comtrade(WINDOW, **quiet())
    flows = dataset.load_flows(["comtrade"])
    assert products.refreshed_source(flows, "CHN", ["VNM"]) == ("comtrade", "HS2")
    params = project_copy / "refreshed.yaml"
    params.write_text(
        "extends: notebooks/params/default.yaml\n"
        "notebooks: [01_load_data.ipynb, 02_trade_structure.ipynb, 03_complementarity.ipynb, 05_ai_drivers.ipynb, 07_briefing.ipynb]\n"
        "parameters: {year_start: 2023, year_end: 2024}\n"
    )
    root = project_copy / "runs" / "refreshed"
    pipeline.run(params, output_root=root, progress=False)
    members = {"BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM"}
    for table, column in (
        ("02_top_products_by_member", "partner"),
        ("02_import_share_by_product", "member"),
        ("02_top_import_by_member", "member"),
        ("03_grubel_lloyd_by_member", "partner"),
        ("03_tci_by_member", "importer"),
        ("03_dominant_products_by_member", "member"),
        ("05_basket_by_member", "partner"),
    ):
        assert set(pd.read_csv(root / "tables" / f"{table}.csv")[column]) == members, table
    page = (root / "briefing.html").read_text()
    # by hand from the recorded answers: each member imports chapter 90 most (4th chapter), three times as much from the World
    top = value("M", "156", CHAPTERS.index("90"))
    assert "<td>Vietnam</td><td>2024</td><td>90 " in page and f"USD {top / 1e6:,.1f} m</td><td>{100 / 3:.1f}%" in page
    assert "supplies more than half of a member's imports in up to 0 of 4 products" in page
    gl = pd.read_csv(root / "tables" / "03_grubel_lloyd_by_member.csv")
    exports, imports = [value("X", "704", i) for i in range(4)], [value("M", "704", i) for i in range(4)]
    by_hand = 1 - sum(abs(x - m) for x, m in zip(exports, imports)) / sum(
        exports + imports
    )  # Grubel–Lloyd, trade-weighted
    assert gl["grubel_lloyd"].tolist() == pytest.approx([by_hand] * len(gl))
    assert page.count("UN Comtrade (HS2; refreshed") >= 3  # vintage table, sources, product lines
    assert "other pairs need a UN Comtrade or BACI refresh" not in page
    evidence = pd.read_csv(root / "tables" / claims.RESULTS_NAME, dtype=str).set_index("claim_id")
    assert (
        evidence.at["C08", "verdict"] == "inconclusive"
        and "Only whole chapters or groups are held (HS2, SITC2)" in evidence.at["C08", "evidence"]
    )
    assert "By product (UN Comtrade (HS2; refreshed" in evidence.at["C02", "evidence"]
