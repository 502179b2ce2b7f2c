"""UN Comtrade (Comtrade Plus) fetcher on top of ``comtradeapicall``, with retries and a file cache.

- The subscription key comes from the ``COMTRADE_API_KEY`` environment variable only. Without
  it the keyless preview endpoint is used (at most 500 records per call).
- ``comtradeapicall`` prints the body of a non-200 answer and returns None, and prints network
  errors with the request URL (which carries the key). We capture what it prints, read the HTTP
  status from the body, retry 429 and 5xx with exponential backoff, and raise one FetchError
  line for anything else. The key is scrubbed from every message before it is shown.
- Results are cached as CSV under ``data/external/comtrade/`` with one row each in
  ``data/external/MANIFEST.csv`` (path, sha256, query, fetched_at; never the key).

``normalise`` turns Comtrade Plus records (the API's JSON fields, or its CSV download, whose
columns are the same) into the canonical flows table.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tradebook import atomic, config
from tradebook.errors import FetchError
from tradebook.sources.live import external

KEY_VARIABLE = "COMTRADE_API_KEY"
RETRY_STATUSES = {429, 500, 502, 503, 504}
SOURCE = "comtrade"


def api_key() -> str | None:
    """The Comtrade subscription key from the environment, or None for the keyless preview."""
    key = os.environ.get(KEY_VARIABLE, "").strip()
    return key or None


def scrub(text: str, key: str | None = None) -> str:
    """``text`` with the subscription key (and any subscription-key=… parameter) removed."""
    key = key if key is not None else api_key()
    if key:
        text = text.replace(key, "***")
    return re.sub(r"(subscription-key=)[^&\s'\"]+", r"\1***", text)


def _status_of(printed: str) -> int | None:
    """The HTTP status of a failed answer, or None for a network failure (no answer at all).

    comtradeapicall prints the body of a non-200 answer ('{"statusCode": 429, …}') and
    'Request error: …' for a network error, whose text holds the port (443), not a status.
    """
    if "Request error:" in printed:
        return None
    match = re.search(r'"statusCode"\s*:\s*(\d{3})', printed) or re.search(
        r"\b(?:HTTP|[Ss]tatus)\D{0,12}([45]\d\d)\b", printed
    )
    return int(match.group(1)) if match else None


def _network_reason(printed: str) -> str:
    if re.search(r"NameResolution|Name or service not known|name resolution|nodename nor servname", printed):
        return "the host name could not be resolved (no DNS: offline?)"
    if re.search(r"timed out|timeout", printed, re.IGNORECASE):
        return "the connection timed out"
    if re.search(r"refused|reset|Max retries exceeded", printed):
        return "the connection failed"
    return "no answer"


def _call(query: dict) -> tuple[pd.DataFrame | None, str]:
    """One comtradeapicall request; returns (data or None, what the library printed)."""
    import comtradeapicall  # imported here: the package is only needed when fetching

    printed = io.StringIO()
    key = api_key()
    with contextlib.redirect_stdout(printed):
        if key:
            data = comtradeapicall.getFinalData(key, **query)
        else:
            data = comtradeapicall.previewFinalData(**query)
    return data, printed.getvalue()


def fetch(
    query: dict,
    *,
    attempts: int = 5,
    backoff_s: float = 2.0,
    call: Callable[[dict], tuple[pd.DataFrame | None, str]] = _call,
    sleep: Callable[[float], None] = time.sleep,
) -> pd.DataFrame:
    """Fetch Comtrade Plus final data for ``query`` (comtradeapicall's keyword arguments).

    Example query: dict(typeCode="C", freqCode="A", clCode="HS", period="2023",
    reporterCode="156", cmdCode="TOTAL", flowCode="X,M", partnerCode=None, partner2Code=None,
    customsCode=None, motCode=None). Retries HTTP 429/5xx and network errors with backoff
    backoff_s·2^n; raises FetchError with the status and the fix otherwise.
    """
    last, status = "", None
    for attempt in range(attempts):
        data, printed = call(query)
        if data is not None:
            return data
        status = _status_of(printed)
        last = scrub(printed.strip().splitlines()[-1] if printed.strip() else "no answer")
        if status is not None and status not in RETRY_STATUSES:
            hint = (
                "set a valid key in COMTRADE_API_KEY (https://comtradedeveloper.un.org)"
                if status in (401, 403)
                else "check the query parameters"
            )
            raise FetchError(f"UN Comtrade answered HTTP {status}: {last[:160]} — {hint}")
        if attempt < attempts - 1:
            sleep(backoff_s * 2**attempt)
    if status is not None:
        raise FetchError(
            f"UN Comtrade answered HTTP {status} {attempts} times ({last[:120]}): the service is busy or down — try again later (cached calls are kept)"
        )
    raise FetchError(
        f"could not reach UN Comtrade after {attempts} attempts: {_network_reason(printed)} ({last[:120]}) — check the network connection or try again later"
    )


def cache_path(query: dict) -> Path:
    """Where the result of ``query`` is cached (name from a hash of the query)."""
    digest = hashlib.sha256(json.dumps(query, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return config.paths().external / "comtrade" / f"comtrade_{digest}.csv"


def fetch_cached(query: dict, *, refresh: bool = False, **fetch_options) -> pd.DataFrame:
    """``fetch`` with a file cache under data/external/comtrade and a manifest row per file."""
    path = cache_path(query)
    if path.exists() and not refresh:
        if not external.has_row(path):  # a cached answer without its row would never be read: record it again
            external.record(path, SOURCE, json.loads(scrub(json.dumps(query, sort_keys=True, default=str))))
        return pd.read_csv(path, dtype={"cmdCode": str})
    data = fetch(query, **fetch_options)
    atomic.write_csv(data, path)
    external.record(path, SOURCE, json.loads(scrub(json.dumps(query, sort_keys=True, default=str))))
    return data
