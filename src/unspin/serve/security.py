"""The guard every request passes before any route: host, origin, token, body size, rate, headers.

One pure ASGI middleware, so it also covers streaming responses and request bodies read in pieces:

- **Host**: a server bound to loopback answers only to loopback host names, so a web page cannot reach
  it through DNS rebinding.
- **Origin**: a browser's cross-site ``POST`` (it sends ``Origin``) is refused; with the JSON-only API
  and the form's CSRF token this keeps other sites from making the analyst's browser write.
- **Token**: once a token is set (always when bound beyond loopback), writes need it, as
  ``Authorization: Bearer …``, ``X-Unspin-Token`` or the session cookie the sign-in page sets.
- **JSON**: API writes must be ``application/json``.
- **Body**: ``Content-Length`` over the limit is refused before reading; a chunked body is counted.
- **Rate**: a token bucket per client address (``/healthz``, ``/metrics`` and static files are free).
- **Headers**: a strict Content-Security-Policy (unless the route set its own), ``nosniff``, no
  referrer to other sites, no framing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any

from unspin.serve.config import ServeConfig, is_loopback
from unspin.serve.errors import BodyTooLarge, error_body
from unspin.serve.metrics import Metrics

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SESSION_COOKIE = "unspin_session"
CSRF_COOKIE = "unspin_csrf"
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FREE = ("/healthz", "/metrics", "/static/", "/favicon.ico")
_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # "no-referrer" would make form posts send Origin: null
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]


class RateLimiter:
    """Token buckets per client: ``rate`` requests a minute on average, ``burst`` at once."""

    def __init__(self, rate: int, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate / 60.0
        self.burst = float(max(burst, 1))
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> float:
        """0 if ``client`` may go on now, else the seconds until it may."""
        if self.rate <= 0:
            return 0.0
        now = self.clock()
        with self._lock:
            tokens, seen = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - seen) * self.rate)
            if tokens < 1.0:
                self._buckets[client] = (tokens, now)
                return (1.0 - tokens) / self.rate
            self._buckets[client] = (tokens - 1.0, now)
            if len(self._buckets) > 10_000:  # forget clients whose bucket has refilled
                full = [k for k, (t, s) in self._buckets.items() if t + (now - s) * self.rate >= self.burst]
                for key in full:
                    del self._buckets[key]
            return 0.0


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def cookies(scope: Scope) -> dict[str, str]:
    raw = _header(scope, b"cookie")
    if not raw:
        return {}
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed cookie header is the client's problem: treat it as absent
        return {}
    return {k: m.value for k, m in jar.items()}


def _host_name(host: str) -> str:
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def presented_token(scope: Scope) -> str | None:
    """The token a request carries: bearer header or ``X-Unspin-Token``."""
    auth = _header(scope, b"authorization")
    if auth and auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    return _header(scope, b"x-unspin-token")


def token_ok(config: ServeConfig, given: str | None) -> bool:
    if config.token is None:
        return True
    return given is not None and hmac.compare_digest(given.encode(), config.token.encode())


def session_value(config: ServeConfig) -> str:
    """The sign-in cookie's value: derived from the token, so the cookie never holds the token itself."""
    return hmac.new((config.token or "").encode(), b"unspin session", hashlib.sha256).hexdigest()


def session_ok(config: ServeConfig, cookie: str | None) -> bool:
    if config.token is None:
        return True
    return cookie is not None and hmac.compare_digest(cookie.encode(), session_value(config).encode())


def authorised(config: ServeConfig, scope: Scope) -> bool:
    """Whether a request may write: the token in a header, or the sign-in cookie."""
    return token_ok(config, presented_token(scope)) or session_ok(config, cookies(scope).get(SESSION_COOKIE))


class Guard:
    """The ASGI middleware described in the module docstring; it also times every request."""

    def __init__(self, app: ASGIApp, config: ServeConfig, metrics: Metrics) -> None:
        self.app = app
        self.config = config
        self.metrics = metrics
        self.limiter = RateLimiter(config.rate_limit, config.burst)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status_seen = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status_seen
            if message["type"] == "http.response.start":
                status_seen = message["status"]
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in _HEADERS if k not in names]
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                message["headers"] = headers
            await send(message)

        try:
            refusal = self._refusal(scope)
            if refusal is not None:
                status, message, extra = refusal
                await _send_error(send_with_headers, status, message, extra)
                return
            await self.app(scope, self._limited(receive), send_with_headers)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or (
                "static" if scope["path"].startswith("/static/") else "other"
            )
            self.metrics.request(scope["method"], template, status_seen, time.perf_counter() - started)

    def _refusal(self, scope: Scope) -> tuple[int, str, dict[str, str]] | None:
        path: str = scope["path"]
        method: str = scope["method"]
        host = _header(scope, b"host") or ""
        if self.config.loopback and not is_loopback(_host_name(host)):
            self.metrics.reject("host")
            return 400, "this server answers only to localhost", {}
        if not path.startswith(_FREE):
            client = (scope.get("client") or ("unknown", 0))[0]
            wait = self.limiter.allow(str(client))
            if wait > 0:
                self.metrics.reject("rate")
                return 429, "too many requests; slow down", {"Retry-After": str(max(1, round(wait)))}
        if method in _UNSAFE:
            origin = _header(scope, b"origin")
            if origin is not None and origin.split("://", 1)[-1] != host:  # "null" never matches
                self.metrics.reject("origin")
                return 403, "cross-site requests are not allowed", {}
            if path.startswith("/api/") and not authorised(self.config, scope):
                self.metrics.reject("token")
                return (
                    401,
                    "this server needs a token for writes (Authorization: Bearer …)",
                    {"WWW-Authenticate": "Bearer"},
                )
            kind = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
            if path.startswith("/api/") and kind != "application/json":
                # A browser cannot send JSON cross-site without asking first (CORS preflight).
                return 415, "send the request body as application/json", {}
            length = _header(scope, b"content-length")
            if length is not None:
                if not length.isdigit():
                    return 400, "invalid Content-Length", {}
                if int(length) > self.config.max_body:
                    self.metrics.reject("body")
                    return 413, f"request body larger than the {self.config.max_body:,}-byte limit", {}
        return None

    def _limited(self, receive: Receive) -> Receive:
        limit = self.config.max_body
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    self.metrics.reject("body")
                    raise BodyTooLarge(f"request body larger than the {limit:,}-byte limit")
            return message

        return counted


async def _send_error(send: Send, status: int, message: str, extra: dict[str, str]) -> None:
    body = json.dumps(error_body(status, message)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in extra.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
