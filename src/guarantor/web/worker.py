"""Killable worker processes for the web app's heavy work (evaluations, downloads, uploads).

Why processes: a thread cannot be stopped, so a request that timed out kept burning CPU and
memory in the server (issue 17). Here every heavy request runs in a worker process that is
killed (its whole process group, so a Monte Carlo pool inside it dies too) when the request
outlives its time limit, and whose address space is capped (``RLIMIT_AS``) so a request that
needs too much memory fails with ``MemoryError`` instead of taking the machine.

Workers are forked by a ``forkserver`` that imports :mod:`guarantor.web.warm`, which loads the
bundled data once; a replacement for a killed worker is therefore a fork (milliseconds), not a
reload (seconds). If the forkserver was started elsewhere without that preload, a worker loads
the data itself before it says it is ready (slower start, same results).

A job is a module-level function ``fn(state, *args)`` (picklable by reference) that the worker
calls with its own :class:`~guarantor.web.app.WebState`. It answers ``("ok", value)`` or
``("error", status, message)`` for a :class:`~guarantor.errors.GuarantorError` (the CLI's
message) or a request that needed too much memory.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import resource
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

#: The worker's state, loaded once per process (by the forkserver's preload when possible).
_STATE: Any = None
#: Seconds a new worker may take to say it is ready (loading the data when not preloaded).
START_TIMEOUT_S = 120.0


class PoolError(Exception):
    """A job could not be answered: timed out, no worker free in time, or the worker died.

    ``status`` is the HTTP status the web app answers (503) and ``str()`` the message.
    """

    def __init__(self, message: str, status: int = 503) -> None:
        super().__init__(message)
        self.status = status


class JobError(Exception):
    """The job itself refused the input (the CLI's message) or ran out of memory."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def status_for(exc: Exception) -> int:
    """HTTP status of a refused input: 404 for an unknown scenario, else 422."""
    return 404 if getattr(exc, "message", None) == "scenario not found" else 422


def state(factory: Callable[[], Any] | None = None) -> Any:
    """This process's web state, made by ``factory`` on first use (the app's ``WebState``).

    The factory is passed in (a class pickles by reference) rather than imported, so this
    module does not import the app that imports it.
    """
    global _STATE
    if _STATE is None:
        if factory is None:
            raise RuntimeError("no web state and no factory to make one")
        _STATE = factory()
    return _STATE


def _vm_bytes() -> int:
    """Current virtual memory size of this process [bytes] (0 where /proc is absent)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _worker_main(conn: Connection, memory_bytes: int, factory: Callable[[], Any]) -> None:
    """Serve jobs from ``conn`` until it closes; one job at a time."""
    os.setsid()  # own process group: the pool kills the group, children included
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    st = state(factory)
    if memory_bytes > 0:
        vm = _vm_bytes()
        if vm:
            limit = vm + memory_bytes
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    conn.send(("ready", os.getpid()))
    from guarantor.errors import GuarantorError

    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):
            return
        retire = False
        try:
            reply: tuple[Any, ...] = ("ok", fn(st, *args))
        except GuarantorError as exc:
            reply = ("error", status_for(exc), str(exc))
        except MemoryError:
            reply = ("error", 503, "the request needed more memory than the web app allows "
                                   f"({memory_bytes // 2**20} MiB); ask for fewer draws")
            retire = True  # the heap may be fragmented: a fresh worker takes over
        except Exception:  # a bug, not bad input: say so without the traceback
            traceback.print_exc(file=sys.stderr)
            reply = ("error", 500, "internal error while computing the request")
        try:
            conn.send(reply)
        except (OSError, ValueError, MemoryError):
            return
        if retire:
            return


@dataclass
class _Worker:
    proc: Any
    conn: Connection
    pid: int


class WorkerPool:
    """A fixed number of killable worker processes; :meth:`call` runs one job on one of them.

    Thread-safe: :meth:`call` blocks its calling thread (the web app calls it from its thread
    pool) and may be called from many threads at once; each job gets a whole worker.

    Parameters
    ----------
    factory : callable
        Makes a worker's state when the forkserver did not preload it (the app's ``WebState``).
    size : int
        Worker processes [count]; 2 on the 2-core machines the project targets.
    memory_mb : int
        Address space a worker may add to what it has once loaded [MiB]; 0 = no limit.
    """

    def __init__(self, factory: Callable[[], Any], size: int = 2,
                 memory_mb: int = 1024) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one worker")
        self.factory = factory
        self.size = size
        self.memory_bytes = max(0, int(memory_mb)) * 2**20
        self._ctx = _context()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: dict[int, _Worker] = {}
        self._started = False
        self._ready = threading.Event()
        self._closed = False
        #: jobs answered by a worker (ok or refused); the cache tests read it
        self.jobs = 0
        #: workers killed because their job outlived its time limit
        self.killed = 0

    # ------------------------------------------------------------------ life cycle

    def start(self, wait: bool = True) -> WorkerPool:
        """Start the workers (idempotent); with ``wait``, return once each has loaded its data."""
        with self._lock:
            first = not self._started
            self._started = True
        if first:
            try:
                for _ in range(self.size):
                    self._idle.put(self._spawn())
            finally:
                self._ready.set()
        if wait:
            self._ready.wait()
        return self

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(target=_worker_main,
                                 args=(child, self.memory_bytes, self.factory),
                                 daemon=True, name="guarantor-web-worker")
        proc.start()
        child.close()
        if not parent.poll(START_TIMEOUT_S):
            _kill(proc.pid)
            raise PoolError("a web worker did not start")
        tag, pid = parent.recv()
        w = _Worker(proc, parent, int(pid))
        with self._lock:
            self._workers[w.pid] = w
        return w

    def _replace(self, w: _Worker) -> None:
        """Kill ``w`` (and its process group) and put a fresh worker in its place."""
        _kill(w.pid)
        try:
            w.conn.close()
        except OSError:
            pass
        w.proc.join(timeout=2)
        with self._lock:
            self._workers.pop(w.pid, None)
            closed = self._closed
        if not closed:
            self._idle.put(self._spawn())

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._workers.values())
            self._workers.clear()
        for w in workers:
            _kill(w.pid)
            w.proc.join(timeout=2)

    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        with self._lock:
            return sorted(self._workers)

    # ------------------------------------------------------------------ jobs

    def call(self, fn: Callable[..., Any], *args: Any, timeout: float,
             wait: float | None = None) -> Any:
        """``fn(state, *args)`` in a worker within ``timeout`` seconds of computing.

        ``wait`` bounds the wait for a free worker [s] (default: ``timeout``).
        Raises :class:`PoolError` (503) when no worker is free in time, when the job outlives
        the limit (its worker is killed at once and replaced) or when the worker died; raises
        :class:`JobError` with the job's own status and message when the job refused its input.
        """
        self.start(wait=False)
        # while the workers load their data (server start-up) a job waits for them; after
        # that it waits for a free worker within its patience
        if not self._ready.wait(START_TIMEOUT_S):
            raise PoolError("the web workers are still starting; try again")
        patience = timeout if wait is None else wait
        try:
            w = self._idle.get(timeout=max(patience, 0.0))
        except queue.Empty:
            raise PoolError(f"the server is busy: no worker was free within {patience:g} s; "
                            "try again") from None
        deadline = time.monotonic() + timeout
        try:
            w.conn.send((fn, args))
            if not w.conn.poll(max(deadline - time.monotonic(), 0.0)):
                with self._lock:
                    self.killed += 1
                self._replace(w)
                raise PoolError(f"the request took longer than {timeout:g} s and was stopped; "
                                "ask for fewer draws")
            reply = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(w)
            raise PoolError("the worker computing the request stopped; try again") from None
        if reply[0] == "error" and reply[1] == 503:  # out of memory: that worker retires
            self._replace(w)
        else:
            self._idle.put(w)
        with self._lock:
            self.jobs += 1
        if reply[0] == "ok":
            return reply[1]
        raise JobError(reply[2], reply[1])


def _kill(pid: int) -> None:
    """SIGKILL the process group of ``pid`` (the worker did ``setsid``), else the process."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _context() -> Any:
    """A forkserver that preloads the bundled data (spawn where there is no fork)."""
    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["guarantor.web.warm"])
    return ctx
