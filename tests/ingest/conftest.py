"""A local HTTP server for the URL tests: a thread on 127.0.0.1, an ephemeral port, canned routes."""

from __future__ import annotations

import contextlib
import gzip
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"
ARTICLE_HTML = (FIXTURES / "article.html").read_bytes()
PLAIN_TEXT = "Ferry fares rise again.\r\nCommuters call it “a tax on the northern shore”. 🚢\r\n"


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Instead of a canned reply: write the raw response yourself (slow and malformed servers).
    raw: Callable[[BaseHTTPRequestHandler, threading.Event], None] | None = None


def _routes(stop: threading.Event) -> dict[str, Route]:
    html = {"Content-Type": "text/html; charset=utf-8"}
    big = b"<html><body>" + b"<p>Ferry news paragraph.</p>" * 8000 + b"</body></html>"

    def stream_big(handler: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        # No Content-Length: the size is only known by reading, so the cap must apply while streaming.
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")
        for _ in range(400):
            if stop.is_set():
                return
            handler.wfile.write(b"<p>" + b"x" * 1000 + b"</p>")

    def slow_head(handler: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        stop.wait(5)  # answers nothing until the test is over

    def drip_body(handler: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        # A byte every 50 ms: no single read ever times out, only the overall deadline can stop it.
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n")
        while not stop.wait(0.05):
            handler.wfile.write(b"x")
            handler.wfile.flush()

    def drip_headers(handler: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
        while not stop.wait(0.05):
            handler.wfile.write(b"X-Slow: y\r\n")
            handler.wfile.flush()

    return {
        "/article": Route(body=ARTICLE_HTML, headers=html),
        "/xhtml": Route(body=ARTICLE_HTML, headers={"Content-Type": "application/xhtml+xml"}),
        "/plain": Route(body=PLAIN_TEXT.encode(), headers={"Content-Type": "text/plain; charset=utf-8"}),
        "/plain-latin1": Route(
            body="“Outrageous”, said the mayor – café owners agreed.\n".encode("cp1252"),
            headers={"Content-Type": "text/plain; charset=ISO-8859-1"},
        ),
        "/plain-bad-charset": Route(
            body="Déjà vu at the harbour.\n".encode(),
            headers={"Content-Type": "text/plain; charset=nonsense"},
        ),
        "/untyped": Route(body=ARTICLE_HTML),
        "/gzip": Route(body=gzip.compress(ARTICLE_HTML), headers={**html, "Content-Encoding": "gzip"}),
        "/hop1": Route(302, headers={"Location": "/hop2"}),
        "/hop2": Route(301, headers={"Location": "/hop3?x=1"}),
        "/hop3": Route(307, headers={"Location": "article"}),
        "/loop": Route(302, headers={"Location": "/loop"}),
        "/no-location": Route(302),
        "/to-ftp": Route(302, headers={"Location": "ftp://files.example/article.txt"}),
        "/to-private": Route(302, headers={"Location": "http://10.20.30.40/admin"}),
        "/to-metadata": Route(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}),
        "/to-metadata-v6": Route(302, headers={"Location": "http://[fd00:ec2::254]/latest/meta-data/"}),
        "/to-link-local-v6": Route(302, headers={"Location": "http://[fe80::1]/"}),
        "/to-bad-ipv6": Route(302, headers={"Location": "http://[::1/admin"}),
        "/pdf": Route(body=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", headers={"Content-Type": "application/pdf"}),
        "/error": Route(500, body=b"oops", headers={"Content-Type": "text/plain"}),
        "/big": Route(body=big, headers=html),
        "/big-stream": Route(raw=stream_big),
        "/slow": Route(raw=slow_head),
        "/drip-body": Route(raw=drip_body),
        "/drip-headers": Route(raw=drip_headers),
        "/empty": Route(body=b"", headers={"Content-Type": "text/plain"}),
    }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        self.server.requests.append((self.path, dict(self.headers.items())))
        path = self.path.split("?", 1)[0]
        if path == "/echo":
            body = "\n".join(f"{k}: {v}" for k, v in self.headers.items()).encode()
            route = Route(body=body, headers={"Content-Type": "text/plain"})
        else:
            route = self.server.routes.get(path, Route(404, b"not found", {"Content-Type": "text/plain"}))
        if route.raw is not None:
            self.close_connection = True
            with contextlib.suppress(OSError):  # the client hung up, as it should
                route.raw(self, self.server.stop)
            return
        self.send_response(route.status)
        for name, value in route.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(route.body)))
        self.send_header("Connection", "close")
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(route.body)
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stop = threading.Event()
        self.routes = _routes(self.stop)
        self.requests: list[tuple[str, dict[str, str]]] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def port(self) -> int:
        return int(self.server_address[1])


@pytest.fixture
def server() -> Iterator[_Server]:
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.stop.set()
        srv.shutdown()
        srv.server_close()
        thread.join(2)
