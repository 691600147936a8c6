"""POST /api/analyze, /healthz, /metrics and the one error shape."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from unspin.ingest import IngestOptions

from ._helpers import ARTICLE, error_of


def test_analyze_text_returns_the_unspin_1_document(client: TestClient) -> None:
    response = client.post(
        "/api/analyze", json={"text": ARTICLE, "published": "2026-03-14", "outlet": "a.example"}
    )
    assert response.status_code == 200
    doc = response.json()
    assert doc["schema"] == "unspin/1"
    assert doc["article"]["text"] == ARTICLE
    assert doc["article"]["published"] == "2026-03-14" and doc["article"]["outlet"] == "a.example"
    assert {"techniques", "claims", "attribution", "figures", "places", "events"} <= set(doc["layers"])
    assert doc["layers"]["figures"], "212 fighters killed is a figure"
    for spans in doc["layers"].values():
        for span in spans:
            assert ARTICLE[span["start"] : span["end"]] == span["text"]


def test_analyze_html_extracts_the_article(client: TestClient) -> None:
    page = (
        "<html><head><title>Clashes near Merovan</title></head><body><nav>Home | World</nav>"
        f"<article><h1>Clashes near Merovan</h1><p>{ARTICLE}</p><p>{ARTICLE}</p></article></body></html>"
    )
    response = client.post("/api/analyze", json={"html": page, "page_url": "https://news.example/a/1"})
    assert response.status_code == 200
    article = response.json()["article"]
    assert article["title"] == "Clashes near Merovan"
    assert "Home | World" not in article["text"] and "212 fighters" in article["text"]
    assert article["outlet"] == "news.example"


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({}, "exactly one of text, html or url"),
        ({"text": ARTICLE, "url": "https://example.com/"}, "exactly one"),
        ({"text": ARTICLE, "colour": "red"}, "colour"),
        ({"text": ARTICLE, "published": "next tuesday"}, "ISO date"),
        ({"text": "   \n  "}, ""),
        ({"text": 42}, "text"),
        ({"url": "file:///etc/passwd"}, "http"),
        ({"url": "ftp://example.com/x"}, "http"),
    ],
)
def test_bad_input_is_a_4xx_with_one_message(
    client: TestClient, body: dict[str, object], needle: str
) -> None:
    response = client.post("/api/analyze", json=body)
    assert 400 <= response.status_code < 500
    assert needle in error_of(response)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/a",
        "http://localhost/a",
        "http://10.0.0.1/a",
        "http://192.168.1.1/a",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/a",
        "http://0.0.0.0/a",
    ],
)
def test_urls_to_private_loopback_link_local_and_metadata_addresses_are_refused(
    client: TestClient, url: str
) -> None:
    response = client.post("/api/analyze", json={"url": url})
    assert response.status_code == 422
    assert "address" in error_of(response) or "refused" in error_of(response)


@pytest.fixture
def local_site() -> Iterator[str]:
    """A real HTTP server on loopback: an article page, and a redirect to a loopback page."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = f"<html><head><title>Local</title></head><body><article><p>{ARTICLE}</p></article></body>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/news/1"
    server.shutdown()
    server.server_close()


def test_url_is_fetched_with_the_servers_ingest_options(
    make_client: Callable[..., TestClient], local_site: str
) -> None:
    refused = make_client().post("/api/analyze", json={"url": local_site})
    assert refused.status_code == 422
    allowed = make_client(ingest=IngestOptions(allow_private_hosts=True)).post(
        "/api/analyze", json={"url": local_site}
    )
    assert allowed.status_code == 200
    assert "212 fighters" in allowed.json()["article"]["text"]


def test_text_over_the_ingest_limit_is_refused(make_client: Callable[..., TestClient]) -> None:
    client = make_client(ingest=IngestOptions(max_bytes=100))
    response = client.post("/api/analyze", json={"text": ARTICLE})
    assert response.status_code == 422
    assert "limit" in error_of(response)


def test_non_json_and_malformed_json_are_refused(client: TestClient) -> None:
    plain = client.post("/api/analyze", content=ARTICLE, headers={"content-type": "text/plain"})
    assert plain.status_code == 415 and "application/json" in error_of(plain)
    broken = client.post(
        "/api/analyze", content=b'{"text": "unterminated', headers={"content-type": "application/json"}
    )
    assert broken.status_code == 422
    assert "unterminated" not in error_of(broken)  # the input is never echoed


def test_unknown_routes_and_methods_use_the_error_shape(client: TestClient) -> None:
    assert "not found" in error_of(client.get("/api/nothing-here"))
    wrong = client.get("/api/analyze")
    assert wrong.status_code == 405 and error_of(wrong)


def test_an_internal_error_is_a_500_without_a_traceback(make_client: Callable[..., TestClient]) -> None:
    client = make_client(raise_server_exceptions=False)

    def boom() -> None:
        raise RuntimeError("secret internal detail")

    client.app.add_api_route("/api/boom", boom)  # type: ignore[attr-defined]
    response = client.get("/api/boom")
    assert response.status_code == 500
    assert "secret" not in error_of(response)


def test_healthz_lists_the_warm_analyzers(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert "techniques" in body["analyzers"] and body["queue"] == 0


def test_metrics_count_requests_and_articles(client: TestClient) -> None:
    before = client.get("/metrics").text
    client.post("/api/analyze", json={"text": ARTICLE})
    after = client.get("/metrics").text

    def value(page: str, prefix: str) -> float:
        lines = [line for line in page.splitlines() if line.startswith(prefix)]
        return float(lines[0].rsplit(" ", 1)[1]) if lines else 0.0

    assert (
        value(after, "unspin_articles_analysed_total") == value(before, "unspin_articles_analysed_total") + 1
    )
    ok = 'unspin_http_requests_total{method="POST",route="/api/analyze",status="200"}'
    assert value(after, ok) == value(before, ok) + 1
    assert "unspin_analysis_queue_length 0" in after
    assert 'unspin_http_request_duration_seconds_bucket{route="/api/analyze",le="+Inf"}' in after


def test_openapi_documents_the_analyze_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/analyze" in spec["paths"] and "/healthz" in spec["paths"]
    responses = spec["paths"]["/api/analyze"]["post"]["responses"]
    for status in ("413", "415", "422", "429", "503"):
        assert responses[status]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/swagger/swagger-ui-bundle.js" in docs.text
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
