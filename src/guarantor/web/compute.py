"""Heavy web requests: answered from the cache, else computed once in a killable worker.

The path of a lever change (``POST /api/evaluate``; downloads alike):

1. the request's canonical JSON (levers with unset ones dropped, numbers as the model types
   them, the seed only when draws are asked for) is looked up in the cache: a repeat costs
   no scenario work at all;
2. else the scenario is resolved here, in the server process (about 0.5 ms: the levers applied
   to the parsed scenario and validated), so bad input answers 4xx with the CLI's message
   without a worker; the answer is cached under the request key too;
3. the evaluation is keyed by the scenario's canonical hash
   (:meth:`~guarantor.scenario.schema.Scenario.digest`), so two lever sets that make the same
   scenario share one computation; it runs in a worker (:mod:`guarantor.web.worker`) under the
   time and memory limits, once however many clients ask at the same time.

The answer of an evaluation echoes the overrides that were asked for (``provenance.overrides``):
when a second lever set reaches the same scenario, that field is rewritten for it, nothing else.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import HTTPException
from fastapi.concurrency import run_in_threadpool

from guarantor.errors import GuarantorError
from guarantor.web.cache import Answer, AnswerCache
from guarantor.web.limits import Limits
from guarantor.web.worker import JobError, PoolError, WorkerPool, status_for


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def request_key(kind: str, req: Any, **extra: Any) -> str:
    """The canonical text of a request: equal for requests that must get the same answer."""
    draws = int(req.draws) if req.draws >= 2 else 0  # fewer than 2 draws: no Monte Carlo
    return _canonical({
        "kind": kind, "scenario": req.scenario, "draws": draws,
        "seed": int(req.seed) if draws else 0,
        "levers": req.levers.model_dump(exclude_none=True, exclude_defaults=True),
        **extra})


def _error_answer(status: int, message: str) -> Answer:
    return Answer(status, json.dumps({"error": message}).encode())


# --------------------------------------------------------------------------- jobs (in a worker)

def job_evaluate(st: Any, req: Any, resolved: Any) -> bytes:
    """The evaluation's JSON (the worker's :meth:`WebState.evaluate` on the resolved scenario)."""
    return bytes(st.evaluate(req, resolved=resolved).model_dump_json().encode())


def job_download(st: Any, download: Any, req: Any, fmt: str, table: str,
                 resolved: Any) -> tuple[bytes, str, str]:
    """A download's bytes, media type and Content-Disposition (``download``: the app's)."""
    resp = download(st, req, fmt, table, resolved=resolved)
    return bytes(resp.body), str(resp.media_type), resp.headers["content-disposition"]


def job_upload(st: Any, text: str, filename: str) -> str:
    """Parse and validate an uploaded scenario (the YAML is untrusted: it runs here, bounded)."""
    entry = st.add_upload(text, filename)
    with st._lock:
        st.uploads.pop(entry.name, None)  # the server process keeps uploads, not the worker
    return str(entry.name)


# --------------------------------------------------------------------------- the server side

class Computer:
    """The cache and the worker pool of one app (one server process)."""

    def __init__(self, state: Any, limits: Limits, download: Any) -> None:
        self.state = state
        self.limits = limits
        self.download_fn = download  # the app's download maker (a module function: picklable)
        self.pool = WorkerPool(type(state), limits.workers, limits.memory_mb)
        self.cache = AnswerCache(limits.cache_entries, limits.cache_bytes)

    def close(self) -> None:
        """Stop the workers."""
        self.pool.close()

    def _call(self, fn: Any, *args: Any, timeout: float) -> Any:
        try:
            return self.pool.call(fn, *args, timeout=timeout, wait=self.limits.timeout_s)
        except (PoolError, JobError) as exc:
            raise HTTPException(exc.status, str(exc)) from None

    async def _once(self, key: Any, compute: Any, timeout: float) -> tuple[Answer, bool]:
        """The cached answer, else ``compute()`` once for every request that waits on it."""
        patience = timeout + self.limits.timeout_s  # the computing request may queue, too
        try:
            return await run_in_threadpool(self.cache.get_or_compute, key, compute, patience)
        except TimeoutError:
            raise HTTPException(503, f"the same request is still computing after "
                                     f"{patience:g} s; try again") from None

    def _start(self, key: str, req: Any) -> tuple[Answer | None, bool, Any]:
        """``(answer, True, None)`` on a cache hit, ``(4xx answer, False, None)`` for refused
        levers, else ``(None, False, (scenario, overrides))`` to compute."""
        hit = self.cache.get(key)
        if hit is not None:
            return hit, True, None
        resolved, refused = self._resolve(key, req)
        return refused, False, resolved

    def _resolve(self, key: str, req: Any) -> tuple[Any, Answer | None]:
        """The resolved scenario, or the 4xx answer (cached) for levers the schema refuses."""
        try:
            return self.state.scenario(req), None
        except GuarantorError as exc:
            ans = _error_answer(status_for(exc), str(exc))
        except (KeyError, TypeError, ValueError) as exc:  # the loader's own slip: still a 4xx
            ans = _error_answer(422, f"the levers cannot be applied to the scenario: {exc!r}; "
                                     "allowed: paths and values of the scenario schema")
        self.cache.put(key, ans)
        return None, ans

    async def evaluate(self, req: Any) -> tuple[Answer, bool]:
        """``(answer, from_cache)`` for ``POST /api/evaluate``."""
        key = request_key("evaluate", req)
        done, hit, resolved = self._start(key, req)
        if done is not None:
            return done, hit
        sc, over = resolved
        draws = int(req.draws) if req.draws >= 2 else 0
        dkey = ("evaluate", req.scenario, sc.digest(), draws, int(req.seed) if draws else 0)
        over_text = _canonical(over)

        def compute() -> Answer:
            body = self._call(job_evaluate, req, resolved, timeout=self.limits.timeout_s)
            return Answer(200, body, meta=over_text)

        ans, shared = await self._once(dkey, compute, self.limits.timeout_s)
        if ans.meta != over_text:  # same scenario reached by other levers: echo these
            doc = json.loads(ans.body)
            doc["provenance"]["overrides"] = json.loads(over_text)
            ans = Answer(200, json.dumps(doc, separators=(",", ":"), allow_nan=False).encode(),
                         meta=over_text)
        self.cache.put(key, ans)
        return ans, shared

    async def download(self, req: Any, fmt: str, table: str) -> tuple[Answer, bool]:
        """``(answer, from_cache)`` for ``GET /api/download/{fmt}``."""
        key = request_key("download", req, fmt=fmt, table=table if fmt == "csv" else "")
        done, hit, resolved = self._start(key, req)
        if done is not None:
            return done, hit
        sc, over = resolved
        heavy = fmt == "html" and req.draws >= 2
        dkey = ("download", fmt, table if fmt == "csv" else "", req.scenario, sc.digest(),
                int(req.draws) if heavy else 0, int(req.seed) if heavy else 0, _canonical(over))

        def compute() -> Answer:
            body, media, disp = self._call(job_download, self.download_fn, req, fmt, table,
                                           resolved,
                                           timeout=self.limits.download_timeout_s)
            return Answer(200, body, media, (("Content-Disposition", disp),))

        ans, shared = await self._once(dkey, compute, self.limits.download_timeout_s)
        self.cache.put(key, ans)
        return ans, shared

    async def upload(self, text: str, filename: str) -> Any:
        """Check an upload in a worker (bounded), then keep it in the server's state."""
        await run_in_threadpool(self._call, job_upload, text, filename,
                                timeout=self.limits.upload_timeout_s)
        return await run_in_threadpool(self.state.add_upload, text, filename)
