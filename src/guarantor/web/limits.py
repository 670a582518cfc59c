"""Bounds on every web request: compute time and memory, header and body time, body size.

Why: a hostile or broken client must not be able to hold the server (issue 17 item 6). The
bounds act at three places:

* the HTTP protocol (:data:`GuardedProtocol`): the request line and headers must arrive
  within :attr:`Limits.header_timeout_s` of the connection (or of the previous answer on a
  kept-alive one), else the connection is closed — a client trickling header bytes ("slow
  loris") no longer holds a connection open forever;
* the ASGI app (:class:`BodyLimitMiddleware`): a body over :attr:`Limits.max_body_bytes`
  answers 413 (from ``Content-Length`` before reading, or as soon as the streamed bytes pass
  the bound) and a body not complete within :attr:`Limits.body_timeout_s` answers 408;
* the worker pool (:mod:`guarantor.web.worker`): compute time (:attr:`Limits.timeout_s`) and
  memory (:attr:`Limits.memory_mb`) per request, enforced by killing the worker.
"""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException
from uvicorn.protocols.http.h11_impl import H11Protocol


@dataclass(frozen=True)
class Limits:
    """The web app's bounds (defaults suit the 2-core machine the project targets)."""

    #: longest a request may compute before it is answered 503 and its worker killed [s]
    timeout_s: float = 20.0
    #: longest a download may compute (the HTML report renders every section) [s]
    download_timeout_s: float = 60.0
    #: longest an upload's YAML may take to parse and validate [s]
    upload_timeout_s: float = 2.0
    #: memory a worker may add to what it holds after loading the data [MiB]
    memory_mb: int = 1024
    #: worker processes for heavy requests [count]
    workers: int = 2
    #: largest request body [bytes] (uploads are at most 64 KiB of YAML plus the form's framing)
    max_body_bytes: int = 96 * 1024
    #: time for the request line and headers to arrive [s]
    header_timeout_s: float = 10.0
    #: time for the whole body to arrive, from the first read [s]
    body_timeout_s: float = 10.0
    #: answers kept in the evaluation cache [count] and their total size [bytes]
    cache_entries: int = 512
    cache_bytes: int = 64 * 2**20

    @classmethod
    def from_env(cls) -> Limits:
        """Defaults, with the pool size from ``GUARANTOR_WEB_WORKERS`` when set (``serve``)."""
        raw = os.environ.get("GUARANTOR_WEB_WORKERS")
        if raw and raw.isdigit() and 1 <= int(raw) <= 64:
            return cls(workers=int(raw))
        return cls()


class BodyTooLarge(HTTPException):
    """413: the body passed :attr:`Limits.max_body_bytes` (FastAPI re-raises HTTPException)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body too large; allowed: at most {limit} bytes")


class BodyTimeout(HTTPException):
    """408: the body did not arrive within :attr:`Limits.body_timeout_s`."""

    def __init__(self, limit: float) -> None:
        super().__init__(408, f"request body not received within {limit:g} s")


def _json_answer(status: int, message: str) -> tuple[dict[str, Any], dict[str, Any]]:
    body = json.dumps({"error": message}).encode()
    start = {"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close")]}
    return start, {"type": "http.response.body", "body": body}


class BodyLimitMiddleware:
    """Pure ASGI middleware: body size (413) and body time (408) limits, before any parsing."""

    def __init__(self, app: Any, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lim = self.limits
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0 or declared > lim.max_body_bytes:
                    msg = (f"request body too large; allowed: at most {lim.max_body_bytes} bytes"
                           if declared > 0 else "bad Content-Length header")
                    start, body = _json_answer(413 if declared > 0 else 400, msg)
                    await send(start)
                    await send(body)
                    return
        loop = asyncio.get_running_loop()
        deadline: float | None = None
        seen = 0

        async def guarded_receive() -> Any:
            nonlocal deadline, seen
            if deadline is None:
                deadline = loop.time() + lim.body_timeout_s
            try:
                async with asyncio.timeout_at(deadline):
                    msg = await receive()
            except TimeoutError:
                raise BodyTimeout(lim.body_timeout_s) from None
            if msg.get("type") == "http.request":
                seen += len(msg.get("body", b""))
                if seen > lim.max_body_bytes:
                    raise BodyTooLarge(lim.max_body_bytes)
            return msg

        await self.app(scope, guarded_receive, send)


class _HeaderDeadline:
    """A deadline for the request line and headers, mixed into a uvicorn HTTP protocol.

    uvicorn closes a kept-alive connection only while it is idle and resets that timer on every
    byte, so a client sending one header byte at a time held it forever. Here the headers of
    each request must be complete within :attr:`header_timeout_s` of the connection (or of the
    previous answer); otherwise the connection is closed. A request being answered is never cut.
    """

    header_timeout_s: float = Limits.header_timeout_s
    _header_timer: asyncio.TimerHandle | None = None
    _timed_cycle: Any = None
    loop: Any
    transport: Any
    cycle: Any

    def connection_made(self, transport: Any) -> None:  # noqa: D102 - see class docstring
        super().connection_made(transport)  # type: ignore[misc]
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout_s, self._headers_late)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_in(self) -> None:
        if self.cycle is not None and self.cycle is not self._timed_cycle:
            self._timed_cycle = self.cycle  # the headers of a new request are in
            self._disarm()

    def _headers_late(self) -> None:
        self._header_timer = None
        if self.cycle is not None and not self.cycle.response_complete:
            return  # a request is being answered
        if not self.transport.is_closing():
            self.transport.close()

    def on_response_complete(self) -> None:  # noqa: D102 - see class docstring
        super().on_response_complete()  # type: ignore[misc]
        if not self.transport.is_closing():
            self._arm()  # the next request's headers are due within the limit

    def connection_lost(self, exc: Exception | None) -> None:  # noqa: D102
        self._disarm()
        super().connection_lost(exc)  # type: ignore[misc]


class GuardedH11Protocol(_HeaderDeadline, H11Protocol):
    """uvicorn's pure-Python h11 protocol with the header deadline."""

    def handle_events(self) -> None:  # noqa: D102 - see _HeaderDeadline
        super().handle_events()
        self._headers_in()


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class GuardedHttpToolsProtocol(_HeaderDeadline, HttpToolsProtocol):
        """uvicorn's httptools (C parser) protocol with the header deadline."""

        def on_headers_complete(self) -> None:  # noqa: D102 - see _HeaderDeadline
            super().on_headers_complete()
            self._headers_in()

    #: The protocol ``serve`` uses: httptools' C parser (about half the CPU of h11 per
    #: request) when installed, else h11; both with the header deadline.
    GuardedProtocol: type[Any] = GuardedHttpToolsProtocol
except ImportError:  # httptools is optional for uvicorn
    GuardedProtocol = GuardedH11Protocol


def protocol_class(limits: Limits) -> type[Any]:
    """:data:`GuardedProtocol` with ``limits.header_timeout_s``."""
    if limits.header_timeout_s == _HeaderDeadline.header_timeout_s:
        return GuardedProtocol
    return type("GuardedProtocol", (GuardedProtocol,),
                {"header_timeout_s": limits.header_timeout_s})


def uvicorn_options(limits: Limits) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run``/``uvicorn.Config`` that apply ``limits``.

    Headers are limited to 16 KiB (h11's incomplete-event bound); idle kept-alive connections
    close after 5 s; more than 2,048 open connections and tasks answer 503.
    """
    return {
        "http": protocol_class(limits),
        "h11_max_incomplete_event_size": 16 * 1024,
        "timeout_keep_alive": 5,
        "limit_concurrency": 2048,
        "timeout_graceful_shutdown": 5,
    }
