"""Property-based: no web request, however malformed, gets a 5xx or hangs (issue 17 item 6).

Requests are built from the API's own vocabulary (bundled scenario names, the lever names of
``LEVERS`` with their kinds of value, draws and seeds) with bad values injected: wrong types,
out-of-range and non-finite numbers, unknown names, nested junk, unknown keys. Sent to the
session's real server on loopback; bounded examples and a per-request time limit."""

from __future__ import annotations

import time

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guarantor.scenario import bundled_scenarios
from guarantor.scenario.levers import LEVERS

JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["nan", "inf", "-inf", "1e309", "", "[/x]", "\x1b[31m", "../../etc/passwd"]),
    st.text(max_size=20), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _good_value(kind: str) -> st.SearchStrategy[object]:
    return {
        "category": st.sampled_from(["none", "intelligence", "enablers", "full", "capacity",
                                     "historical", "gdp", "lottery"]),
        "number": st.floats(-0.5, 1.5, allow_nan=False),
        "integer": st.integers(1990, 2100),
        "bool": st.booleans(),
        "force": st.integers(-1000, 300_000),
    }[kind]


LEVER_VALUES = st.fixed_dictionaries({}, optional={
    name: st.one_of(_good_value(lv.value_type), JUNK) for name, lv in LEVERS.items()})

REQUESTS = st.fixed_dictionaries(
    {"scenario": st.one_of(st.sampled_from(bundled_scenarios()), st.text(max_size=12),
                           st.sampled_from(["upload:nope", "upload:", "/etc/passwd"]))},
    optional={
        "levers": st.one_of(
            LEVER_VALUES,
            LEVER_VALUES.map(lambda d: {**d, "willingness_by_country": {"POL": 0.3,
                                                                        "XXX": 2}}),
            LEVER_VALUES.map(lambda d: {**d, "overrides": {"missions.air_shield.commit_share"
                                                           ".low": 0.1}}),
            JUNK),
        "draws": st.one_of(st.integers(-5, 40), JUNK),
        "seed": st.one_of(st.integers(-5, 10), JUNK),
        "extra": JUNK,
    })


@pytest.fixture(scope="module", autouse=True)
def _workers_ready(live) -> None:
    """The session server's workers have loaded their data (slow on a loaded machine)."""
    live.app.state.computer.pool.start()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=REQUESTS)
def test_no_request_gets_a_5xx_or_hangs(live, body) -> None:
    with httpx.Client(base_url=live.url, trust_env=False, timeout=30) as c:
        t0 = time.monotonic()
        r = c.post("/api/evaluate", json=body)
        assert time.monotonic() - t0 < 25
        assert r.status_code < 500, (body, r.text[:300])
        if r.status_code != 200:
            assert isinstance(r.json()["error"], str) and r.json()["error"]
        assert r.headers["x-content-type-options"] == "nosniff"


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300), ctype=st.sampled_from(
    ["application/json", "text/plain", "multipart/form-data; boundary=x", ""]),
    path=st.sampled_from(["/api/evaluate", "/api/upload", "/api/download/json?scenario=aug2025"
                          "&levers=%7B", "/api/download/csv?scenario=aug2025&table=x"]))
def test_raw_bytes_never_get_a_5xx(live, raw, ctype, path) -> None:
    with httpx.Client(base_url=live.url, trust_env=False, timeout=30) as c:
        method = "GET" if path.startswith("/api/download") else "POST"
        r = c.request(method, path, content=raw, headers={"content-type": ctype} if ctype else {})
        assert r.status_code < 500, (raw, ctype, path, r.text[:300])
