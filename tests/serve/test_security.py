"""The guard: host, origin, token, JSON only, body size, rate limit and the headers on every response."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from unspin.serve.config import ServeConfig, is_loopback
from unspin.serve.security import RateLimiter

from ._helpers import ARTICLE, error_of


def test_loopback_detection() -> None:
    for host in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2", "app.localhost"):
        assert is_loopback(host), host
    for host in ("0.0.0.0", "192.168.1.4", "example.com", "::", "localhost.example.com"):
        assert not is_loopback(host), host
    assert ServeConfig().loopback and not ServeConfig(host="0.0.0.0").loopback


def test_a_loopback_server_answers_only_to_loopback_host_names(
    make_client: Callable[..., TestClient],
) -> None:
    rebound = make_client(base_url="http://attacker.example:8000")
    response = rebound.get("/healthz")
    assert response.status_code == 400 and "localhost" in error_of(response)
    assert make_client(base_url="http://localhost:8000").get("/healthz").status_code == 200
    assert make_client(base_url="http://[::1]:8000").get("/healthz").status_code == 200
    exposed = make_client(base_url="http://news-desk.example", host="0.0.0.0", token="s3cret-token-value")
    assert exposed.get("/healthz").status_code == 200


def test_cross_site_posts_are_refused(client: TestClient) -> None:
    for origin in ("http://attacker.example", "null", "http://127.0.0.1:9999"):
        response = client.post("/api/analyze", json={"text": ARTICLE}, headers={"origin": origin})
        assert response.status_code == 403 and "cross-site" in error_of(response)
    same = client.post("/api/analyze", json={"text": ARTICLE}, headers={"origin": "http://127.0.0.1:8000"})
    assert same.status_code == 200


def test_writes_need_the_token_once_one_is_set(make_client: Callable[..., TestClient]) -> None:
    client = make_client(token="s3cret-token-value")
    missing = client.post("/api/analyze", json={"text": ARTICLE})
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert "token" in error_of(missing)
    wrong = client.post("/api/analyze", json={"text": ARTICLE}, headers={"authorization": "Bearer nope"})
    assert wrong.status_code == 401
    bearer = client.post(
        "/api/analyze", json={"text": ARTICLE}, headers={"authorization": "Bearer s3cret-token-value"}
    )
    assert bearer.status_code == 200
    header = client.post(
        "/api/analyze", json={"text": ARTICLE}, headers={"x-unspin-token": "s3cret-token-value"}
    )
    assert header.status_code == 200
    assert client.get("/healthz").status_code == 200  # reads stay open


def test_body_limit_by_length_and_while_streaming(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_body=2_000)
    big = client.post("/api/analyze", json={"text": ARTICLE * 20})
    assert big.status_code == 413 and "2,000-byte" in error_of(big)

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(20):
            yield ARTICLE.encode()
        yield b'"}'

    streamed = client.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in streamed.request.headers
    assert streamed.status_code == 413 and "limit" in error_of(streamed)
    bad = client.post(
        "/api/analyze", content=b"{}", headers={"content-type": "application/json", "content-length": "x"}
    )
    assert bad.status_code == 400


def test_rate_limit_per_client(make_client: Callable[..., TestClient]) -> None:
    client = make_client(rate_limit=60, burst=3)
    codes = [client.get("/docs").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/openapi.json")
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert "slow down" in error_of(limited)
    assert client.get("/healthz").status_code == 200  # probes are never limited


def test_rate_limiter_refills_over_time() -> None:
    now = [0.0]
    limiter = RateLimiter(rate=60, burst=2, clock=lambda: now[0])
    assert limiter.allow("a") == 0 and limiter.allow("a") == 0
    assert limiter.allow("a") == pytest.approx(1.0)
    assert limiter.allow("b") == 0  # buckets are per client
    now[0] = 1.0
    assert limiter.allow("a") == 0
    assert RateLimiter(rate=0, burst=1).allow("a") == 0  # 0 turns the limit off


@pytest.mark.parametrize("path", ["/", "/docs", "/login", "/healthz", "/api/analyze", "/nothing"])
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
