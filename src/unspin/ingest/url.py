"""Fetching one web page safely: public hosts only, bounded in size and time, no surprises.

A URL given to unspin may come from anyone, so fetching must not become a way to reach the machine's own
network (SSRF): every host name is resolved once, every address checked, and the connection goes to the
checked address (a second lookup could be rebound to 127.0.0.1); redirects are followed by hand so each hop
is checked again. The body is streamed and cut off at the size cap, and a watchdog closes the socket at the
overall deadline, so a server that trickles bytes cannot hold us past it.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError as Urllib3HTTPError

from unspin.errors import FetchError
from unspin.ingest.options import IngestOptions
from unspin.ingest.text import normalize_charset

SUPPORTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 65_536
_NETWORK_ERRORS = (Urllib3HTTPError, http.client.HTTPException, OSError)
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Cloud instance-metadata services outside the link-local ranges (AWS's IPv6 one is in fd00::/8, a
# private range; Alibaba's sits in the carrier-grade NAT range): refused even with allow_private_hosts.
_METADATA = frozenset(ipaddress.ip_address(ip) for ip in ("fd00:ec2::254", "fd00:ec2::23", "100.100.100.200"))
# What allow_private_hosts lets through; link-local, metadata, multicast and the rest stay refused.
_ALLOWED_WITH_PRIVATE = frozenset({"a loopback address", "a private address", "a carrier-grade NAT address"})


@dataclass(frozen=True)
class FetchedPage:
    """A fetched response: the final URL after redirects, its media type and charset, the raw body."""

    url: str
    content_type: str | None
    charset: str | None
    body: bytes


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str  # ASCII (IDNA) host name or IP literal, for Host, SNI and certificate checks
    port: int
    path: str
    addresses: tuple[str, ...]


def fetch(url: str, options: IngestOptions, *, extra_types: tuple[str, ...] = ()) -> FetchedPage:
    """GET ``url`` following at most ``options.max_redirects`` redirects; raise :class:`FetchError` on
    anything unsafe, unreachable, too large, too slow, an HTTP error, or a type that is not a web page
    (nor one of ``extra_types``: corpus ingestion also takes feeds and sitemaps)."""
    deadline = time.monotonic() + options.timeout
    current = url
    for _hop in range(options.max_redirects + 1):
        target = _resolve(current, options, deadline)
        with _Watchdog(deadline) as watchdog:
            response = _request(target, options, deadline, watchdog)
            try:
                if response.status in _REDIRECTS:
                    location = response.headers.get("Location", "").strip()
                    if not location:
                        raise FetchError(f"{current} redirects (HTTP {response.status}) without a Location")
                    try:
                        current = urljoin(current, location)
                    except ValueError as exc:  # e.g. "http://[::1" (an unclosed IPv6 literal)
                        shown = location[:200]
                        raise FetchError(f"{current} redirects to an invalid URL {shown!r}: {exc}") from None
                    continue
                return _page(current, response, options, watchdog, extra_types)
            except _NETWORK_ERRORS as exc:
                raise _error(current, exc, options, watchdog) from None
            finally:
                response.release_conn()
                response.close()
    raise FetchError(f"too many redirects fetching {url} (more than {options.max_redirects})")


def check_address(ip: str) -> str | None:
    """Why an address must not be fetched from ("a loopback address"), or None if it is public."""
    address = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return check_address(str(embedded))
    if address in _METADATA:
        return "a cloud metadata address"
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return "a carrier-grade NAT address"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private:
        return "a private address"
    if not address.is_global:
        return "not a public address"
    return None


def refusal(ip: str, allow_private_hosts: bool) -> str | None:
    """Why ``ip`` must not be fetched from under these options, or None. ``allow_private_hosts`` lets
    through loopback and private networks only: link-local and cloud metadata addresses never."""
    reason = check_address(ip)
    if reason in _ALLOWED_WITH_PRIVATE and allow_private_hosts:
        return None
    return reason


# --- one hop ------------------------------------------------------------------------------------------


def _resolve(url: str, options: IngestOptions, deadline: float) -> _Target:
    """Check the URL's form, resolve its host once and check every address it resolves to."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"invalid URL {url}: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"refusing to fetch {url}: only http and https URLs are supported")
    if parts.username is not None or parts.password is not None:
        raise FetchError(f"refusing to fetch {_redact(url)}: URLs with credentials are not supported")
    if not parts.hostname:
        raise FetchError(f"invalid URL {url}: no host name")
    try:
        host = parts.hostname.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError(f"invalid URL {url}: bad host name {parts.hostname!r}") from None
    if not host:
        raise FetchError(f"invalid URL {url}: no host name")
    port = port or (443 if scheme == "https" else 80)
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")

    infos = _getaddrinfo(host, port, url, deadline)
    addresses: list[str] = []
    for family, _type, _proto, _canon, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        ip = str(sockaddr[0])
        reason = refusal(ip, options.allow_private_hosts)
        if reason:
            shown = ip if ip == host.strip("[]") else f"{host} resolves to {ip}, which"
            raise FetchError(f"refusing to fetch {url}: {shown} is {reason}")
        if ip not in addresses:
            addresses.append(ip)
    if not addresses:
        raise FetchError(f"cannot fetch {url}: {host} has no IP address")
    return _Target(url, scheme, host, port, path, tuple(addresses))


def _getaddrinfo(host: str, port: int, url: str, deadline: float) -> list[Any]:
    """getaddrinfo cannot time out by itself: run it in a daemon thread and stop waiting at the deadline."""
    result: list[Any] = []
    failure: list[OSError] = []

    def lookup() -> None:
        try:
            result.extend(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as exc:
            failure.append(exc)

    thread = threading.Thread(target=lookup, name="unspin-dns", daemon=True)
    thread.start()
    thread.join(max(0.0, deadline - time.monotonic()))
    if thread.is_alive():
        raise FetchError(f"cannot fetch {url}: looking up {host} timed out")
    if failure:
        exc = failure[0]
        reason = (exc.strerror or str(exc)) if isinstance(exc, socket.gaierror) else _describe(exc)
        raise FetchError(f"cannot fetch {url}: cannot resolve {host} ({reason})")
    return result


def _request(target: _Target, options: IngestOptions, deadline: float, watchdog: _Watchdog) -> Any:
    """Connect to the first checked address that answers and send the GET; returns the response head."""
    host_header = f"[{target.host}]" if ":" in target.host else target.host
    if target.port != (443 if target.scheme == "https" else 80):
        host_header += f":{target.port}"
    headers = {
        "Host": host_header,
        "User-Agent": options.user_agent,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9",
        "Accept-Encoding": "gzip, deflate",
        "Connection": "close",
    }
    last: BaseException | None = None
    for ip in target.addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        conn = _connection(target, ip, min(options.timeout, remaining))
        try:
            conn.connect()
            watchdog.watch(conn.sock)
            read_timeout = max(0.001, min(options.timeout, deadline - time.monotonic()))
            conn.timeout = read_timeout
            if conn.sock is not None:
                conn.sock.settimeout(read_timeout)
            conn.request("GET", target.path, headers=headers, preload_content=False, decode_content=True)
            return conn.getresponse()
        except _NETWORK_ERRORS as exc:
            conn.close()
            last = exc
            if watchdog.expired or not _is_connect_error(exc):  # only a failed connect tries the next address
                raise _error(target.url, exc, options, watchdog) from None
    if last is None:
        raise FetchError(f"cannot fetch {target.url}: timed out after {options.timeout:g} s")
    raise _error(target.url, last, options, watchdog) from None


def _connection(target: _Target, ip: str, timeout: float) -> HTTPConnection:
    if target.scheme == "https":
        # Connect to the checked IP, but send SNI and verify the certificate for the URL's host name.
        return HTTPSConnection(
            ip,
            target.port,
            timeout=timeout,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
        )
    return HTTPConnection(ip, target.port, timeout=timeout)


def _is_connect_error(exc: BaseException) -> bool:
    return isinstance(exc, urllib3.exceptions.NewConnectionError | urllib3.exceptions.ConnectTimeoutError)


def _page(
    url: str, response: Any, options: IngestOptions, watchdog: _Watchdog, extra_types: tuple[str, ...] = ()
) -> FetchedPage:
    if response.status >= 400:
        reason = f" {response.reason}" if response.reason else ""
        raise FetchError(f"cannot fetch {url}: HTTP {response.status}{reason}")
    if not 200 <= response.status < 300:
        raise FetchError(f"cannot fetch {url}: unexpected HTTP status {response.status}")
    content_type, charset = _content_type(response.headers.get("Content-Type"))
    if content_type is not None and content_type not in SUPPORTED_TYPES + extra_types:
        expected = "a web page" + (", feed or sitemap" if extra_types else "")
        raise FetchError(f"cannot use {url}: unsupported content type {content_type} (expected {expected})")
    length = response.headers.get("Content-Length", "").strip()
    limit = options.max_bytes
    if length.isdigit() and int(length) > limit:
        size = int(length)
        raise FetchError(f"cannot fetch {url}: it is {size:,} bytes, larger than the {limit:,}-byte limit")
    body = bytearray()
    while chunk := response.read(_CHUNK):
        body += chunk
        if len(body) > limit:
            raise FetchError(f"cannot fetch {url}: it is larger than the {limit:,}-byte limit")
        if watchdog.expired:
            break
    if watchdog.expired:  # the watchdog's shutdown may read as a normal end of the body
        raise FetchError(f"cannot fetch {url}: timed out after {options.timeout:g} s")
    return FetchedPage(url, content_type, normalize_charset(charset), bytes(body))


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    """The media type (lower-cased) and charset parameter of a Content-Type header."""
    if not header or not header.strip():
        return None, None
    message = Message()
    message["Content-Type"] = header
    charset = message.get_param("charset")
    return message.get_content_type(), charset if isinstance(charset, str) else None


# --- errors and the deadline --------------------------------------------------------------------------


class _Watchdog:
    """Shuts the connection's socket down at the deadline, so no read can block past it."""

    def __init__(self, deadline: float) -> None:
        self.expired = False
        self._lock = threading.Lock()
        self._socks: list[Any] = []
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def watch(self, sock: Any) -> None:
        """Watch a connected socket (not the connection: http.client drops its reference early)."""
        with self._lock:
            self._socks.append(sock)
            if self.expired:
                _shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._socks:
                _shutdown(sock)


def _shutdown(sock: Any) -> None:
    # The plain-socket shutdown, also for TLS sockets: it wakes a blocked read without a TLS exchange.
    with contextlib.suppress(OSError, TypeError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _error(url: str, exc: BaseException, options: IngestOptions, watchdog: _Watchdog) -> FetchError:
    if isinstance(exc, FetchError):
        return exc
    if watchdog.expired or _timed_out(exc):
        return FetchError(f"cannot fetch {url}: timed out after {options.timeout:g} s")
    return FetchError(f"cannot fetch {url}: {_describe(exc)}")


def _timed_out(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        # NewConnectionError subclasses ConnectTimeoutError for historical reasons: its cause tells.
        if not isinstance(seen, urllib3.exceptions.NewConnectionError) and isinstance(
            seen, TimeoutError | urllib3.exceptions.TimeoutError
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _describe(exc: BaseException) -> str:
    """A short reason from an exception chain: the OS error text if there is one ("Connection refused")."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, urllib3.exceptions.SSLError | ssl.SSLError):
            return f"TLS error ({_first_line(seen)})"
        if isinstance(seen, OSError) and seen.strerror:
            return str(seen.strerror)
        seen = seen.__cause__ or seen.__context__
    if isinstance(exc, http.client.RemoteDisconnected):
        return "the server closed the connection without a response"
    if isinstance(exc, http.client.HTTPException):
        return f"invalid HTTP response ({type(exc).__name__})"
    if isinstance(exc, urllib3.exceptions.ProtocolError):
        return "the connection broke off"
    if isinstance(exc, urllib3.exceptions.DecodeError):
        return "the compressed body is corrupt"
    return _first_line(exc) or type(exc).__name__


def _first_line(exc: BaseException) -> str:
    text = str(exc.args[-1] if exc.args and isinstance(exc.args[-1], BaseException) else exc)
    return text.splitlines()[0][:200] if text else ""


def _redact(url: str) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return parts._replace(netloc=f"***@{netloc}").geturl()
