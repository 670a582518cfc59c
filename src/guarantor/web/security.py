"""Security headers on every answer, and an origin (CSRF) check on state-changing requests.

Why: the web app had no ``X-Content-Type-Options``, CSP or frame protection, and a page on any
other site could post an upload to a server on the user's machine (issue 17 item 6).

* Every answer carries :data:`SECURITY_HEADERS`: no MIME sniffing, a Content-Security-Policy
  that allows only this server's own scripts, styles and connections (Vega compiles its
  expressions with ``Function``, hence ``'unsafe-eval'``; vega-embed injects its menu's style,
  hence ``style-src 'unsafe-inline'``), no framing (``frame-ancestors 'none'`` and
  ``X-Frame-Options: DENY``), and no referrer sent to other sites.
* A state-changing request (any method but GET, HEAD, OPTIONS) from a browser must come from this
  server's own origin: an ``Origin`` header must equal ``scheme://Host`` (``null`` is refused), and
  a ``Sec-Fetch-Site`` header must say ``same-origin`` or ``none``. Browsers send at least one of
  them on every cross-site POST; a request with neither is not from a browser page (curl, the
  CLI, scripts) and cannot carry a victim's ambient authority, so it passes.
"""

from __future__ import annotations

import json
from typing import Any

#: Content-Security-Policy of every answer (the page, its scripts, the API).
CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval' "
       # the page's `onsubmit="return false"` (web/static/index.html), by its hash
       "'unsafe-hashes' 'sha256-GZIcz60Uwd6wT3vaYke/atSr53TehbYAPepOa3d03Vw='; "
       "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")

#: Headers added to every answer (an answer's own value for the same header wins).
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Content-Type-Options", "nosniff"),
    ("Content-Security-Policy", CSP),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
)

#: Methods that do not change state and so need no origin check.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def cross_origin(scope: Any) -> str | None:
    """Why a state-changing request is refused as cross-origin, or None when it may pass."""
    if scope.get("method", "GET") in SAFE_METHODS:
        return None
    headers = {k.decode("latin-1").lower(): v.decode("latin-1")
               for k, v in scope.get("headers", ())}
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return f"Sec-Fetch-Site {site!r}"
    origin = headers.get("origin")
    if origin is None:
        return None
    host = headers.get("host", "")
    own = f"{scope.get('scheme', 'http')}://{host}".lower()
    if origin.lower().rstrip("/") != own:
        return f"Origin {origin!r} (this server is {own})"
    return None


class SecurityMiddleware:
    """Pure ASGI middleware: 403 for cross-origin state changes; security headers on all."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._extra = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", ())}
                message = dict(message)
                message["headers"] = list(message.get("headers", ())) + [
                    (k, v) for k, v in self._extra if k not in have]
            await send(message)

        why = cross_origin(scope)
        if why is not None:
            body = json.dumps({"error": f"cross-origin request refused: {why}; allowed: "
                                        "requests from this server's own page"}).encode()
            await send_with_headers({"type": "http.response.start", "status": 403, "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode())]})
            await send_with_headers({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send_with_headers)
