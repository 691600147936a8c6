"""The server-rendered pages: the analyse form and its report, CSRF, sign-in, and the shipped assets."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

from fastapi.testclient import TestClient

from unspin import Article
from unspin.serve.ui.report import asset, render_fragment

from ._helpers import ARTICLE, FIXTURES


class _Elements(HTMLParser):
    """Every element as parsed by an HTML parser: tag and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def active_content(page: str) -> list[str]:
    """What in ``page`` could run or load something: inline handlers, inline scripts, foreign URLs."""
    parser = _Elements()
    parser.feed(page)
    found = []
    for tag, attrs in parser.elements:
        found += [f"{tag} {name}" for name in attrs if name.startswith("on")]
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            found.append("inline script")
        if (
            tag in ("iframe", "object", "embed", "img", "svg", "base", "math", "link")
            and attrs.get("rel") != "stylesheet"
            and attrs.get("rel") != "icon"
        ):
            found.append(tag)
        if tag == "meta" and "http-equiv" in attrs:
            found.append("meta http-equiv")
        for name in ("src", "href", "action", "data"):
            value = attrs.get(name) or ""
            if ":" in value.split("/", 1)[0] and value != "data:,":
                found.append(f"{tag} {name}={value}")
    return found


def _csrf(client: TestClient) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)
    assert match
    return match.group(1)


def analyse(client: TestClient, text: str, **fields: str) -> tuple[int, str, str]:
    response = client.post("/analyse", data={"csrf": _csrf(client), "text": text, **fields})
    return response.status_code, response.text, response.headers["content-security-policy"]


def test_the_analyse_page_is_a_form_with_no_inline_code(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.text
    assert '<form method="post" action="/analyse"' in page and 'name="csrf"' in page
    assert active_content(page) == []
    assert "http://" not in page and "https://" not in page.replace('placeholder="https://…"', "")
    cookie = response.headers["set-cookie"]
    assert "unspin_csrf=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_pasting_an_article_shows_the_report_with_legend(client: TestClient) -> None:
    status, page, csp = analyse(client, ARTICLE, published="2026-03-14", title="Clashes <near> Merovan")
    assert status == 200
    assert "<title>Clashes &lt;near&gt; Merovan · unspin</title>" in page
    assert 'id="report"' in page and 'class="legend"' in page
    assert re.search(r'<mark class="m c\d+[^"]*" data-a="[^"]+" data-layer="techniques"', page)
    assert '<script src="/static/report/report.js"></script>' in page
    assert active_content(page) == []
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce and f'<style nonce="{nonce.group(1)}">' in page
    assert page.count("<style") == 1


def test_hostile_article_text_is_escaped(client: TestClient) -> None:
    text = (FIXTURES / "xss.txt").read_text(encoding="utf-8")
    status, page, _ = analyse(client, text)
    assert status == 200
    for raw in (
        "<script>alert",
        "<img src",
        "<svg onload",
        "<iframe",
        "<body onload",
        '<meta http-equiv="refresh',
        "<object",
        '<link rel="stylesheet" href="http',
        "<details open ontoggle",
    ):
        assert raw not in page, raw
    assert active_content(page) == []
    assert "&lt;script&gt;alert(&#x27;xss-1&#x27;)&lt;/script&gt;" in page


def test_form_posts_need_the_csrf_token(client: TestClient) -> None:
    client.get("/")
    missing = client.post("/analyse", data={"text": ARTICLE})
    assert missing.status_code == 403
    forged = client.post("/analyse", data={"text": ARTICLE, "csrf": "x" * 32})
    assert forged.status_code == 403
    fresh = TestClient(client.app, base_url="http://127.0.0.1:8000")
    no_cookie = fresh.post("/analyse", data={"text": ARTICLE, "csrf": _csrf(client)})
    assert no_cookie.status_code == 403


def test_form_errors_come_back_on_the_page_with_the_input_kept(client: TestClient) -> None:
    status, page, _ = analyse(client, ARTICLE, url="https://example.com/a")
    assert status == 422 and 'role="alert"' in page and "not both" in page
    assert ARTICLE[:40] in page
    status, page, _ = analyse(client, "", url="http://10.1.2.3/secret")
    assert status == 422 and 'role="alert"' in page
    status, page, _ = analyse(client, "")
    assert status == 422 and "exactly one" in page


def test_sign_in_gates_the_form_when_the_server_has_a_token(make_client: Callable[..., TestClient]) -> None:
    client = make_client(token="s3cret-token-value")
    assert 'href="/login"' in client.get("/").text
    status, page, _ = analyse(client, ARTICLE)
    assert status == 401 and "Sign in" in page
    csrf = _csrf(client)
    wrong = client.post("/login", data={"csrf": csrf, "token": "guess"})
    assert wrong.status_code == 401
    right = client.post("/login", data={"csrf": csrf, "token": "s3cret-token-value"}, follow_redirects=False)
    assert right.status_code == 303 and "unspin_session=" in right.headers["set-cookie"]
    assert "s3cret-token-value" not in right.headers["set-cookie"]  # the cookie is derived, not the token
    status, page, _ = analyse(client, ARTICLE)
    assert status == 200 and 'id="report"' in page
    signed_in_api = client.post("/api/analyze", json={"text": ARTICLE})  # the sign-in also covers the API
    assert signed_in_api.status_code == 200


def test_pages_show_the_cli_reports_own_fragment() -> None:
    article = Article(ARTICLE)
    parts = render_fragment(article)
    assert asset("report.css").strip() in parts.style
    assert '<div class="text" id="text"' in parts.body and 'id="unspin-data"' in parts.body
    assert active_content(parts.body) == []


def test_the_report_assets_are_served_from_the_package(client: TestClient) -> None:
    js = client.get("/static/report/report.js")
    assert js.status_code == 200 and js.text == asset("report.js")
    assert js.headers["content-type"].startswith("text/javascript")
    assert client.get("/static/report/other.js").status_code == 404
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/../serve/app.py").status_code == 404
