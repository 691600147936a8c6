"""Fetching URLs from a local server: content types, redirects, limits, deadlines and SSRF refusals."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from unspin.errors import FetchError
from unspin.ingest import IngestOptions, load
from unspin.ingest import url as url_module
from unspin.ingest.url import check_address, fetch

PRIVATE = IngestOptions(allow_private_hosts=True, timeout=2.0)
QUICK = IngestOptions(allow_private_hosts=True, timeout=0.4)


# --- fake DNS -------------------------------------------------------------------------------------------


class FakeDNS:
    """Resolves made-up names to chosen addresses (counting lookups); everything else goes to the real
    resolver, which urllib3 also calls on the IP literals we connect to."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self.real = real
        self.names: dict[str, list[str] | BaseException | float] = {}
        self.lookups: list[str] = []

    def __call__(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in self.names:
            return self.real(host, port, *args, **kwargs)
        self.lookups.append(host)
        answer = self.names[host]
        if isinstance(answer, BaseException):
            raise answer
        if isinstance(answer, float):
            time.sleep(answer)
            return self.real("127.0.0.1", port, *args, **kwargs)
        return [
            (socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))
            for ip in answer
        ]


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDNS:
    fake = FakeDNS(socket.getaddrinfo)
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake


@pytest.fixture
def public_test_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend 127.0.0.1 (the test server) is a public address; every other address is checked as usual."""
    real = url_module.check_address
    monkeypatch.setattr(url_module, "check_address", lambda ip: None if ip == "127.0.0.1" else real(ip))


# --- pages and content types ----------------------------------------------------------------------------


def test_html_article(server) -> None:
    article = load(f"{server.base}/article", PRIVATE)
    assert article.title == "Harbour council approves new ferry timetable"
    assert article.published == "2023-04-17"
    assert article.authors == ["Mara Velk", "Tobias Renn"]
    assert article.url == f"{server.base}/article"  # where it was fetched from, not the canonical link
    assert article.outlet == "127.0.0.1"
    assert "\n\nThe harbour council voted" in article.text
    assert "SCRIPT_MARKER" not in article.text


def test_request_headers(server) -> None:
    text = load(f"{server.base}/echo", PRIVATE).text
    assert f"Host: 127.0.0.1:{server.port}" in text
    assert "User-Agent: unspin/0.1" in text


@pytest.mark.parametrize("path", ["/xhtml", "/untyped", "/gzip"])
def test_html_variants(server, path: str) -> None:
    assert load(f"{server.base}{path}", PRIVATE).authors == ["Mara Velk", "Tobias Renn"]


def test_plain_text_kept_exactly(server) -> None:
    article = load(f"{server.base}/plain", PRIVATE)
    assert article.text == server.routes["/plain"].body.decode()
    assert "\r\n" in article.text
    assert article.url == f"{server.base}/plain"
    assert article.title is None


def test_declared_latin1_means_windows_1252(server) -> None:
    assert load(f"{server.base}/plain-latin1", PRIVATE).text.startswith("“Outrageous”, said the mayor –")


def test_unknown_charset_falls_back_to_detection(server) -> None:
    page = fetch(f"{server.base}/plain-bad-charset", PRIVATE)
    assert page.charset is None
    assert load(f"{server.base}/plain-bad-charset", PRIVATE).text == "Déjà vu at the harbour.\n"


def test_pdf_is_refused(server) -> None:
    with pytest.raises(FetchError, match="unsupported content type application/pdf"):
        load(f"{server.base}/pdf", PRIVATE)


@pytest.mark.parametrize(("path", "status"), [("/missing", "404"), ("/error", "500")])
def test_http_errors(server, path: str, status: str) -> None:
    with pytest.raises(FetchError, match=f"HTTP {status}"):
        load(f"{server.base}{path}", PRIVATE)


# --- redirects ------------------------------------------------------------------------------------------


def test_redirect_chain(server) -> None:
    page = fetch(f"{server.base}/hop1", PRIVATE)
    assert page.url == f"{server.base}/article"
    assert [path for path, _ in server.requests] == ["/hop1", "/hop2", "/hop3?x=1", "/article"]
    assert load(f"{server.base}/hop1", PRIVATE).url == f"{server.base}/article"


def test_redirect_limit(server) -> None:
    fetch(f"{server.base}/hop1", IngestOptions(allow_private_hosts=True, max_redirects=3))
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(f"{server.base}/hop1", IngestOptions(allow_private_hosts=True, max_redirects=2))


def test_redirect_loop(server) -> None:
    with pytest.raises(FetchError, match=r"too many redirects .*\(more than 5\)"):
        fetch(f"{server.base}/loop", PRIVATE)
    assert len(server.requests) == 6


def test_redirect_without_location(server) -> None:
    with pytest.raises(FetchError, match="without a Location"):
        fetch(f"{server.base}/no-location", PRIVATE)


def test_redirect_to_other_scheme(server) -> None:
    with pytest.raises(FetchError, match=r"refusing to fetch ftp://files\.example/article\.txt"):
        fetch(f"{server.base}/to-ftp", PRIVATE)


@pytest.mark.usefixtures("public_test_server")
@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-private", "10.20.30.40 is a private address"),
        ("/to-metadata", "169.254.169.254 is a link-local address"),
    ],
)
def test_redirect_to_private_host_is_refused(server, dns: FakeDNS, path: str, reason: str) -> None:
    dns.names["news.example"] = ["127.0.0.1"]
    start = f"http://news.example:{server.port}"
    assert fetch(f"{start}/article", IngestOptions()).url == f"{start}/article"  # the first hop is allowed
    with pytest.raises(FetchError, match=f"refusing to fetch .*: {reason}"):
        fetch(f"{start}{path}", IngestOptions())


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-metadata", "169.254.169.254 is a link-local address"),
        ("/to-metadata-v6", "fd00:ec2::254 is a cloud metadata address"),
        ("/to-link-local-v6", "fe80::1 is a link-local address"),
    ],
)
def test_allowing_private_hosts_never_allows_link_local_or_metadata(server, path: str, reason: str) -> None:
    with pytest.raises(FetchError, match=f"refusing to fetch .*: {reason}"):
        fetch(f"{server.base}{path}", PRIVATE)


@pytest.mark.parametrize(
    "url",
    ["http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://100.100.100.200/"],
)
def test_metadata_addresses_are_refused_even_when_named_first(url: str) -> None:
    with pytest.raises(FetchError, match="refusing to fetch"):
        fetch(url, PRIVATE)


def test_a_malformed_redirect_is_a_fetch_error(server) -> None:
    with pytest.raises(FetchError, match=r"redirects to an invalid URL 'http://\[::1/admin'"):
        fetch(f"{server.base}/to-bad-ipv6", PRIVATE)


# --- size and time limits -------------------------------------------------------------------------------


def test_oversize_by_content_length(server) -> None:
    options = IngestOptions(allow_private_hosts=True, max_bytes=100_000)
    with pytest.raises(FetchError, match=r"224,026 bytes, larger than the 100,000-byte limit"):
        fetch(f"{server.base}/big", options)


def test_oversize_while_streaming(server) -> None:
    options = IngestOptions(allow_private_hosts=True, max_bytes=100_000)
    with pytest.raises(FetchError, match=r"larger than the 100,000-byte limit"):
        fetch(f"{server.base}/big-stream", options)


@pytest.mark.parametrize("path", ["/slow", "/drip-body", "/drip-headers"])
def test_deadline(server, path: str) -> None:
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0.4 s"):
        fetch(f"{server.base}{path}", QUICK)
    assert time.monotonic() - start < 1.2


def test_empty_body(server) -> None:
    from unspin.errors import InputError

    with pytest.raises(InputError, match="empty input"):
        load(f"{server.base}/empty", PRIVATE)


# --- where we refuse to go ------------------------------------------------------------------------------


def test_loopback_refused_by_default(server) -> None:
    url = f"{server.base}/article"
    with pytest.raises(FetchError) as caught:
        load(url)
    assert str(caught.value) == f"refusing to fetch {url}: 127.0.0.1 is a loopback address"
    assert server.requests == []
    assert load(url, IngestOptions(allow_private_hosts=True)).title  # allowed when asked


def test_localhost_name_refused(server) -> None:
    with pytest.raises(FetchError, match=r"localhost resolves to .*, which is a loopback address"):
        fetch(f"http://localhost:{server.port}/article", IngestOptions())
    assert server.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1]/",
        "http://0.0.0.0/",
        "http://[::ffff:127.0.0.1]/",
        "http://2130706433/",  # 127.0.0.1 as one decimal number
        "http://127.1/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_private_literals_refused(url: str) -> None:
    with pytest.raises(FetchError, match="refusing to fetch"):
        fetch(url, IngestOptions(timeout=1))


def test_every_address_must_be_public(dns: FakeDNS) -> None:
    dns.names["mixed.example"] = ["93.184.216.34", "10.0.0.5"]
    with pytest.raises(FetchError, match=r"mixed.example resolves to 10.0.0.5, which is a private address"):
        fetch("http://mixed.example/", IngestOptions())


def test_host_resolved_once_and_sent_as_host_header(server, dns: FakeDNS) -> None:
    dns.names["news.example"] = ["127.0.0.1"]
    text = load(f"http://news.example:{server.port}/echo", PRIVATE).text
    assert f"Host: news.example:{server.port}" in text
    assert dns.lookups == ["news.example"]  # no second lookup that could be rebound


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/a.txt", "file:///etc/passwd", "gopher://example.com/", "javascript:alert(1)"],
)
def test_other_schemes_refused(url: str) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetch(url, IngestOptions())


def test_other_schemes_refused_by_load() -> None:
    with pytest.raises(FetchError, match="only http and https"):
        load("ftp://example.com/article.txt")


def test_credentials_refused() -> None:
    with pytest.raises(FetchError, match="credentials") as caught:
        fetch("http://editor:hunter2@example.com/article", IngestOptions())
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize("url", ["http://", "http:///path", "http://example.com:99999/"])
def test_malformed_urls(url: str) -> None:
    with pytest.raises(FetchError, match="invalid URL"):
        fetch(url, IngestOptions())


# --- unreachable ----------------------------------------------------------------------------------------


def test_connection_refused(closed_port: int) -> None:
    with pytest.raises(FetchError, match=r"cannot fetch http://127.0.0.1:\d+/: Connection refused"):
        fetch(f"http://127.0.0.1:{closed_port}/", PRIVATE)


def test_dns_failure(dns: FakeDNS) -> None:
    dns.names["gone.example"] = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    with pytest.raises(FetchError, match=r"cannot resolve gone.example \(Name or service not known\)"):
        fetch("https://gone.example/news", IngestOptions())


def test_dns_timeout(dns: FakeDNS) -> None:
    dns.names["slow.example"] = 1.0
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"looking up slow\.example timed out"):
        fetch("http://slow.example/", IngestOptions(timeout=0.2))
    assert time.monotonic() - start < 0.8


# --- TLS ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=news.example",
         "-addext", "subjectAltName=DNS:news.example"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_server(self_signed: tuple[Path, Path]) -> Iterator[tuple[int, list[str | None]]]:
    """Accepts one TLS connection and records the SNI name the client sent."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*self_signed)
    names: list[str | None] = []
    context.sni_callback = lambda _sock, name, _ctx: names.append(name)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(2)

    def serve() -> None:
        try:
            conn, _ = listener.accept()
            with context.wrap_socket(conn, server_side=True) as tls:
                tls.recv(1024)
        except OSError:
            pass  # the client rejects our certificate and hangs up

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], names
    thread.join(2)
    listener.close()


def test_https_sends_sni_and_verifies_the_certificate(tls_server, dns: FakeDNS) -> None:
    port, names = tls_server
    dns.names["news.example"] = ["127.0.0.1"]
    with pytest.raises(FetchError, match="certificate") as caught:
        fetch(f"https://news.example:{port}/article", PRIVATE)
    assert "\n" not in str(caught.value)
    assert names == ["news.example"]  # SNI names the host, though we connected to the checked IP


# --- the address check ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ip", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.0.10", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1%1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("240.0.0.1", "reserved"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("2002:7f00:1::", "loopback"),  # 6to4 wrapping 127.0.0.1
        ("64:ff9b::a00:1", "private"),  # NAT64 wrapping 10.0.0.1
        ("192.0.2.1", "private"),  # documentation range
        ("fd00:ec2::254", "cloud metadata"),
        ("100.100.100.200", "cloud metadata"),
        ("::ffff:100.100.100.200", "cloud metadata"),
    ],
)
def test_check_address_refuses(ip: str, reason: str) -> None:
    assert reason in (check_address(ip) or "")


@pytest.mark.parametrize("ip", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_check_address_allows_public(ip: str) -> None:
    assert check_address(ip) is None
