"""UN Comtrade fetcher, offline: answers are made here in Comtrade Plus's real format."""

import pandas as pd
import pytest

from tradebook.errors import FetchError
from tradebook.sources import comtrade_records
from tradebook.sources.live import comtrade

SECRET = "sk-test-0123456789abcdef"  # a made-up key: the tests check it never leaks
QUERY = dict(
    typeCode="C",
    freqCode="A",
    clCode="HS",
    period="2023",
    reporterCode="702",
    cmdCode="85",
    flowCode="X",
    partnerCode="156",
    partner2Code=None,
    customsCode=None,
    motCode=None,
)


def records():
    """Two Comtrade Plus records (column names as the API serves them; values synthetic)."""
    base = dict(
        refYear=2023,
        refMonth=52,
        reporterISO="SGP",
        partner2Code=0,
        customsCode="C00",
        motCode=0,
        classificationCode="H6",
        flowCode="X",
        cmdCode="85",
    )
    return pd.DataFrame(
        [
            {**base, "partnerISO": "CHN", "primaryValue": 1.5e9},
            {**base, "partnerISO": "W00", "primaryValue": 9.0e9},
            {**base, "partnerISO": "_X", "primaryValue": 1.0e6},  # "areas nes": no ISO3, dropped
            {**base, "partnerISO": "CHN", "motCode": 1000, "primaryValue": 1.0e8},  # a transport-mode breakdown
        ]
    )


def test_normalise_keeps_totals_and_maps_world():
    flows = comtrade_records.normalise(records(), source="comtrade").set_index("partner")
    assert set(flows.index) == {"CHN", "WLD"}
    assert flows.at["CHN", "value_usd"] == 1.5e9 and flows.at["CHN", "classification"] == "HS2"
    assert pd.isna(flows.at["CHN", "month"])


def test_retries_429_then_succeeds():
    answers = iter(
        [
            (None, '{"statusCode": 429, "message": "Rate limit is exceeded."}'),
            (None, '{ "statusCode": 503, "message": "Service Unavailable" }'),
            (records(), ""),
        ]
    )
    waits = []
    data = comtrade.fetch(QUERY, call=lambda q: next(answers), sleep=waits.append, backoff_s=1.0)
    assert len(data) == 4 and waits == [1.0, 2.0]


def test_bad_key_stops_with_the_fix(monkeypatch):
    monkeypatch.setenv(comtrade.KEY_VARIABLE, SECRET)
    body = '{ "statusCode": 401, "message": "Access denied due to invalid subscription key." }'
    with pytest.raises(FetchError, match="HTTP 401.*COMTRADE_API_KEY") as error:
        comtrade.fetch(QUERY, call=lambda q: (None, body), sleep=lambda s: None)
    assert SECRET not in str(error.value)


def test_network_failure_message_never_shows_the_key(monkeypatch):
    monkeypatch.setenv(comtrade.KEY_VARIABLE, SECRET)
    printed = f"Request error: HTTPSConnectionPool: /data/v1/get/C/A/HS?subscription-key={SECRET}&period=2023 (timeout)"
    with pytest.raises(
        FetchError, match="could not reach UN Comtrade after 3 attempts: the connection timed out"
    ) as error:
        comtrade.fetch(QUERY, attempts=3, call=lambda q: (None, printed), sleep=lambda s: None)
    assert SECRET not in str(error.value) and "subscription-key=***" in str(error.value)


def test_dns_failure_is_retried_and_named_not_taken_for_an_http_status():
    """A name-resolution failure prints port 443; it is a network failure, retried, never 'HTTP 443'."""
    printed = (
        "Request error: HTTPSConnectionPool(host='comtradeapi.un.org', port=443): Max retries exceeded with url: "
        "/public/v1/preview/C/A/HS (Caused by NameResolutionError(\"Failed to resolve 'comtradeapi.un.org'\"))"
    )
    waits = []
    with pytest.raises(FetchError, match="after 4 attempts: the host name could not be resolved") as error:
        comtrade.fetch(QUERY, attempts=4, call=lambda q: (None, printed), sleep=waits.append, backoff_s=1.0)
    assert waits == [1.0, 2.0, 4.0] and "HTTP 443" not in str(error.value)


def test_keyless_preview_when_no_key(monkeypatch):
    monkeypatch.delenv(comtrade.KEY_VARIABLE, raising=False)
    called = {}
    import comtradeapicall

    monkeypatch.setattr(comtradeapicall, "previewFinalData", lambda **q: called.setdefault("preview", records()))
    monkeypatch.setattr(comtradeapicall, "getFinalData", lambda key, **q: pytest.fail("keyed call without a key"))
    data, _ = comtrade._call(QUERY)
    assert "preview" in called and len(data) == 4


def test_keyed_call_passes_the_key_and_cache_holds_no_trace_of_it(monkeypatch, project_copy):
    monkeypatch.setenv(comtrade.KEY_VARIABLE, SECRET)
    import comtradeapicall

    seen = {}

    def fake_get(key, **query):
        seen["key"] = key
        print(f"GET https://comtradeapi.un.org/data/v1/get/C/A/HS?subscription-key={key}")  # the library prints
        return records()

    monkeypatch.setattr(comtradeapicall, "getFinalData", fake_get)
    data = comtrade.fetch_cached(QUERY)
    assert seen["key"] == SECRET and len(data) == 4
    written = [p for p in (project_copy / "data" / "external").rglob("*") if p.is_file()]
    assert {p.name for p in written} == {comtrade.cache_path(QUERY).name, "MANIFEST.csv"}
    for path in written:
        assert SECRET not in path.read_text()
    again = comtrade.fetch_cached(QUERY, call=lambda q: pytest.fail("cache not used"))
    assert len(again) == 4
