"""The server's defences against hostile input (issue 17 item 6) and its cache (issue 18), over
HTTP on loopback against real uvicorn servers and real worker processes — nothing mocked.

Two servers: the session's ``live`` one (default limits), and ``tight`` here, with limits small
enough that a real request crosses them (a 20,000-draw Monte Carlo takes about 5 s: it outlives
1 s)."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from guarantor.web.app import MAX_DRAWS
from guarantor.web.limits import Limits, uvicorn_options
from guarantor.web.security import SECURITY_HEADERS

from .conftest import free_port


class TightServer:
    """uvicorn with ``limits`` (and their protocol options), sharing the session's loaded data."""

    def __init__(self, state: object, limits: Limits) -> None:
        import uvicorn

        from guarantor.web.app import create_app

        self.limits = limits
        self.app = create_app(state, limits=limits)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="critical", lifespan="off",
            **uvicorn_options(limits)))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "no server"
            time.sleep(0.02)
        self.pool.start()

    @property
    def pool(self):  # noqa: ANN201 - the app's WorkerPool
        return self.app.state.computer.pool

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.app.state.computer.close()


@pytest.fixture(scope="module", autouse=True)
def _workers_ready(live) -> None:
    """The session server's workers have loaded their data (slow on a loaded machine)."""
    live.app.state.computer.pool.start()


# a 20,000-draw Monte Carlo takes about 0.5-1 s on a quiet 2-core machine since the compiled
# kernel: the limit sits well below it so the timeout is certain, not a race (a plain
# evaluation, which must pass, takes well under 0.1 s)
TIGHT = Limits(timeout_s=0.4, upload_timeout_s=2.0, memory_mb=1024, workers=1,
               max_body_bytes=4096, header_timeout_s=0.5, body_timeout_s=0.5)


@pytest.fixture(scope="module")
def tight(live) -> Iterator[TightServer]:
    srv = TightServer(live.app.state.guarantor, TIGHT)
    try:
        yield srv
    finally:
        srv.stop()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far [s], from /proc."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


# --------------------------------------------------------------------------- headers, origin

@pytest.mark.parametrize("method, path, body, status", [
    ("GET", "/", None, 200),
    ("GET", "/api/health", None, 200),
    ("GET", "/static/nope.js", None, 404),
    ("POST", "/api/evaluate", {"scenario": "aug2025", "levers": {"force": -5}}, 422),
    ("POST", "/api/evaluate", {"scenario": "aug2025"}, 200),
])
def test_security_headers_on_every_answer(client, method, path, body, status) -> None:
    r = client.request(method, path, json=body)
    assert r.status_code == status
    for name, value in SECURITY_HEADERS:
        assert r.headers[name] == value
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"},
    {"Origin": "null"},
    {"Origin": "http://127.0.0.1:1"},  # another port is another origin
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://sub.127.0.0.1"},
])
def test_cross_origin_state_changes_are_refused(live, client, headers) -> None:
    before = len(live.app.state.guarantor.uploads)
    r = client.post("/api/upload", headers=headers, files={
        "file": ("x.yaml", b"name: x\ntitle: X\nbaseline: aug2025\n", "text/yaml")})
    assert r.status_code == 403 and "cross-origin request refused" in r.json()["error"]
    assert len(live.app.state.guarantor.uploads) == before  # nothing stored
    r = client.post("/api/evaluate", headers=headers, json={"scenario": "aug2025"})
    assert r.status_code == 403
    assert r.headers["x-frame-options"] == "DENY"
    # reading stays open to any page: GET changes nothing
    assert client.get("/api/health", headers=headers).status_code == 200


def test_same_origin_and_non_browser_posts_pass(live, client) -> None:
    own = {"Origin": live.url, "Sec-Fetch-Site": "same-origin"}
    assert client.post("/api/evaluate", headers=own, json={"scenario": "aug2025"}) \
        .status_code == 200
    assert client.post("/api/evaluate", json={"scenario": "aug2025"}).status_code == 200


# --------------------------------------------------------------------------- size and time

def test_oversize_body_is_413_before_and_while_reading(tight) -> None:
    big = {"scenario": "aug2025", "levers": {"overrides": {"title": "x" * 5000}}}
    with httpx.Client(base_url=tight.url, trust_env=False, timeout=10) as c:
        r = c.post("/api/evaluate", json=big)  # Content-Length says 5 KB > 4,096
        assert r.status_code == 413
        assert r.json()["error"] == "request body too large; allowed: at most 4096 bytes"

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
            yield json.dumps(big).encode()

        r = c.post("/api/evaluate", content=chunks(),
                   headers={"content-type": "application/json"})
        assert r.status_code == 413 and "4096 bytes" in r.json()["error"]
        assert c.get("/api/health").status_code == 200


def _raw(port: int, data: bytes) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(data)
    return s


def test_slow_body_is_408(tight) -> None:
    t0 = time.monotonic()
    s = _raw(tight.port, b"POST /api/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: "
                         b"application/json\r\nContent-Length: 100\r\n\r\n{\"scen")
    with s:
        answer = s.recv(65536)
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b"not received within 0.5 s" in answer
    assert time.monotonic() - t0 < 3


def test_slow_headers_close_the_connection(tight) -> None:
    t0 = time.monotonic()
    s = _raw(tight.port, b"GET /api/health HTTP/1.1\r\nHo")
    with s:
        got = b""
        closed = False
        while time.monotonic() - t0 < 3:  # trickle a byte every 0.1 s: slow loris
            try:
                s.sendall(b"s")
                s.settimeout(0.1)
                chunk = s.recv(1024)
                if chunk == b"":
                    closed = True
                    break
                got += chunk
            except TimeoutError:
                continue
            except (ConnectionResetError, BrokenPipeError):
                closed = True
                break
    assert closed and got == b""
    assert 0.4 < time.monotonic() - t0 < 2.0


def test_timed_out_request_is_503_and_its_worker_stops_within_1s(tight) -> None:
    before = tight.pool.pids()
    t0 = time.monotonic()
    with httpx.Client(base_url=tight.url, trust_env=False, timeout=30) as c:
        r = c.post("/api/evaluate", json={"scenario": "aug2025", "draws": MAX_DRAWS, "seed": 1})
        elapsed = time.monotonic() - t0
        assert r.status_code == 503, r.text[:300]
        assert r.json()["error"].startswith("the request took longer than 0.4 s and was stopped")
        assert elapsed < 4
        killed = set(before) - set(tight.pool.pids())
        assert len(killed) == 1 and not any(_alive(p) for p in killed)
        # the server's compute is idle: no worker keeps burning CPU
        now = tight.pool.pids()
        cpu0 = {p: _cpu_seconds(p) for p in now}
        time.sleep(1.0)
        assert sum(_cpu_seconds(p) - cpu0[p] for p in now) < 0.2
        # and it still answers, from the replacement worker. A small evaluation takes ~50 ms,
        # but with the rest of the suite on both cores (CI) it can outlast this server's 0.4 s
        # limit now and then (seen once in CI: 503 here). A try stopped by the limit is the
        # limit working, not a server that failed to recover, so such a try may be repeated;
        # anything else, or no answer in five tries, fails.
        for _ in range(5):
            r = c.post("/api/evaluate", json={"scenario": "feb2025", "levers": {"force": 12345}})
            if r.status_code != 503:
                break
            assert r.json()["error"].startswith("the request took longer than 0.4 s")
        assert r.status_code == 200 and r.json()["summary"]["troops_required"] == 12345
        # a timed-out request is not cached: asked again, it is computed (and stopped) again
        r = c.post("/api/evaluate", json={"scenario": "aug2025", "draws": MAX_DRAWS, "seed": 1})
        assert r.status_code == 503


def test_request_over_the_memory_limit_is_503_and_the_server_stays_up(live) -> None:
    srv = TightServer(live.app.state.guarantor, Limits(memory_mb=8, workers=1))
    try:
        with httpx.Client(base_url=srv.url, trust_env=False, timeout=60) as c:
            r = c.post("/api/evaluate",
                       json={"scenario": "aug2025", "draws": MAX_DRAWS, "seed": 2})
            assert r.status_code == 503, r.text[:300]
            assert "more memory than the web app allows (8 MiB)" in r.json()["error"]
            r = c.post("/api/evaluate", json={"scenario": "aug2025"})
            assert r.status_code == 200
    finally:
        srv.stop()


# --------------------------------------------------------------------------- errors

def test_every_request_error_at_once(client) -> None:
    r = client.post("/api/evaluate", json={
        "scenario": "aug2025", "draws": -1, "seed": "x",
        "levers": {"force": "many", "unstated": [1], "no_such_lever": 1}})
    assert r.status_code == 422
    body = r.json()
    where = [e.split("; ")[1] for e in body["errors"]]
    assert sorted(where) == ["at draws", "at levers.force", "at levers.no_such_lever",
                             "at levers.unstated", "at seed"]
    assert body["error"].startswith("5 problems: ")
    assert all(e in body["error"] for e in body["errors"])


def test_bad_scenario_answers_the_cli_message_and_is_cached(client) -> None:
    from guarantor.errors import GuarantorError
    from guarantor.scenario import load_scenario

    with pytest.raises(GuarantorError) as exc:
        load_scenario("aug2025", {"missions.reassurance_force.troops": -7})
    r1 = client.post("/api/evaluate", json={"scenario": "aug2025", "levers": {"force": -7}})
    r2 = client.post("/api/evaluate", json={"scenario": "aug2025", "levers": {"force": -7.0}})
    assert r1.status_code == r2.status_code == 422
    assert r1.json() == r2.json() == {"error": str(exc.value)}
    assert r2.headers["x-guarantor-cache"] == "hit"


# --------------------------------------------------------------------------- the cache

def test_cache_hit_returns_identical_json(live, client) -> None:
    body = {"scenario": "may2025", "levers": {"force": 33_333, "us_posture": "none"}}
    r1 = client.post("/api/evaluate", json=body)
    r2 = client.post("/api/evaluate", json=body)
    # the same levers spelled otherwise (key order, int for float) are the same request
    r3 = client.post("/api/evaluate", json={"levers": {"us_posture": "none", "force": 33333.0},
                                            "scenario": "may2025"})
    assert r1.status_code == 200 and r1.headers["x-guarantor-cache"] == "miss"
    assert r2.headers["x-guarantor-cache"] == r3.headers["x-guarantor-cache"] == "hit"
    assert r1.content == r2.content == r3.content
    assert r1.json()["summary"]["troops_required"] == 33_333


def test_each_distinct_scenario_is_computed_once(live) -> None:
    pool = live.app.state.computer.pool
    body = {"scenario": "aug2025", "levers": {"force": 41_234, "burden_rule": "capacity"}}

    async def storm(n: int) -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=live.url, trust_env=False, timeout=60) as c:
            return list(await asyncio.gather(*[c.post("/api/evaluate", json=body)
                                               for _ in range(n)]))

    jobs = pool.jobs
    answers = asyncio.run(storm(12))
    assert {r.status_code for r in answers} == {200}
    assert len({r.content for r in answers}) == 1
    assert pool.jobs - jobs == 1  # twelve clients, one computation
    # a lever set at the scenario's own value is the same scenario (same hash): no new work
    own = client_levers = {"force": 41_234, "burden_rule": "capacity",
                           "us_posture": "enablers"}  # aug2025's own posture
    with httpx.Client(base_url=live.url, trust_env=False, timeout=60) as c:
        r = c.post("/api/evaluate", json={"scenario": "aug2025", "levers": client_levers})
    assert r.status_code == 200 and pool.jobs - jobs == 1
    a, b = answers[0].json(), r.json()
    assert a["summary"] == b["summary"] and a["missions"] == b["missions"]
    assert b["provenance"]["overrides"]["us_posture"] == own["us_posture"]
    assert "us_posture" not in a["provenance"]["overrides"]


# --------------------------------------------------------------------------- stays up

@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, int]]:
    """``guarantor serve`` in its own process (so the test's clients do not share its GIL)."""
    import subprocess
    import sys

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "guarantor", "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert time.monotonic() < deadline and proc.poll() is None, "serve did not start"
            try:
                if httpx.get(url + "/api/health", timeout=1, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        # the workers are up when a first evaluation answers
        assert httpx.post(url + "/api/evaluate", json={"scenario": "aug2025"}, timeout=120,
                          trust_env=False).status_code == 200
        yield url, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _bench() -> object:
    """benchmarks/bench_web.py, whose storm of bad requests this test sends too."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parents[2] / "benchmarks" / "bench_web.py"
    spec = importlib.util.spec_from_file_location("bench_web", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_500_concurrent_bad_requests_leave_a_good_one_under_1s(served) -> None:
    """Wall-clock depends on what else runs on the machine (2 cores shared by a whole team), so
    the bound is checked on what the server spends: its CPU time for the 500 bad requests and
    the good one is under 1 s, so on a core of its own it answers the good one within 1 s; the
    wall-clock time is bounded loosely (and reported by benchmarks/bench_web.py)."""
    url, pid = served
    bench: Any = _bench()
    # 500 distinct bad requests all sent first, then a good uncached one queued behind them
    good_ms, _, codes, cpu = bench.storm(url, 500, 23_456, pid)
    assert codes == {403: 100, 404: 100, 422: 300}
    assert cpu < 1.0, f"the server spent {cpu:.2f} s of CPU on 500 bad requests and a good one"
    assert good_ms < 10_000, f"the good request took {good_ms:.0f} ms behind 500 bad ones"
    good = httpx.post(url + "/api/evaluate", json={"scenario": "feb2025",
                                                    "levers": {"force": 23_456}},
                      timeout=60, trust_env=False)
    assert good.headers["x-guarantor-cache"] == "hit"
    assert good.json()["summary"]["troops_required"] == 23_456
    assert httpx.get(url + "/api/health", trust_env=False).status_code == 200
