"""The UI in a real browser: Debian's chromium driven by Playwright, against `unspin serve` on loopback.

The server runs as the user runs it (the ``serve`` command in a subprocess). Screenshots of the main
pages go to out/screenshots/ (git-ignored) as test artifacts. Without chromium or Playwright these tests
skip, except in CI (``CI`` set), where .ci/run installs both and a skip would hide a broken UI.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ._helpers import ARTICLE, FIXTURES
from .conftest import SHOTS

CHROMIUM = os.environ.get("UNSPIN_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "valdoria-report.txt"

pytestmark = pytest.mark.slow


def _need(ok: bool, why: str) -> None:
    if not ok:
        if os.environ.get("CI"):
            pytest.fail(f"{why} (CI must install it: see .ci/run)")
        pytest.skip(why)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _need(Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None, f"no chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(False, "Playwright is not installed")
        raise
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


class Watched:
    """A page with everything worth failing on recorded: console errors, dialogs, foreign requests."""

    def __init__(self, browser: Any, base: str, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.context.route("**/*", self._route)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith((self.base + "/", "data:")):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def analyse(self, text: str) -> None:
        self.page.goto(self.base + "/")
        self.page.fill("#text-input", text)
        with self.page.expect_navigation(timeout=180_000):
            self.page.click("#go")
        self.page.wait_for_selector("#report", timeout=10_000)

    def clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.dialogs == [], self.dialogs
        assert self.foreign == [], self.foreign

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize(
    "path", ["/", "/docs", "/login", "/articles", "/articles/1", "/outlets/valdoria-today.example"]
)
def test_pages_load_without_console_errors(browser: Any, server: str, path: str) -> None:
    watched = Watched(browser, server)
    try:
        response = watched.page.goto(server + path)
        assert response is not None and response.status == 200
        watched.page.wait_for_load_state("networkidle")
        if path == "/docs":
            watched.page.wait_for_selector(".opblock-summary-path", timeout=30_000)
            assert "/api/analyze" in watched.page.inner_text("#swagger-ui")
        name = path.strip("/").replace("/", "-") or "analyse"
        watched.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        watched.clean()
    finally:
        watched.close()


def test_pasting_an_article_shows_highlights_legend_and_explanations(browser: Any, server: str) -> None:
    watched = Watched(browser, server)
    try:
        watched.analyse(EXAMPLE.read_text(encoding="utf-8"))
        page = watched.page
        assert page.locator("#report mark[data-layer='techniques']").count() > 0
        assert page.locator("#report .legend").is_visible()
        first = page.locator("#report mark[data-layer='techniques']").first
        first.hover()
        page.wait_for_selector("#tip:not([hidden])", timeout=5_000)
        assert page.inner_text("#tip").strip()
        page.screenshot(path=str(SHOTS / "analyse-report.png"), full_page=False)
        page.screenshot(path=str(SHOTS / "analyse-report-full.png"), full_page=True)
        watched.clean()
    finally:
        watched.close()


def test_phone_width_report_fits_the_screen(browser: Any, server: str) -> None:
    watched = Watched(browser, server, width=390, height=844)
    try:
        watched.analyse(ARTICLE)
        overflow = watched.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1
        watched.page.screenshot(path=str(SHOTS / "analyse-report-phone.png"), full_page=True)
        watched.clean()
    finally:
        watched.close()


def test_an_article_of_xss_payloads_runs_nothing_and_loads_nothing(browser: Any, server: str) -> None:
    watched = Watched(browser, server)
    try:
        text = (FIXTURES / "xss.txt").read_text(encoding="utf-8")
        watched.analyse(text)
        page = watched.page
        marks = page.locator("#report mark")
        for i in range(min(marks.count(), 25)):  # tooltips put the text into the DOM too
            marks.nth(i).hover()
        page.wait_for_timeout(500)
        assert (
            page.evaluate("document.querySelectorAll('#report img, #report iframe, #report svg').length") == 0
        )
        shown = page.inner_text("#text")
        assert "<script>alert('xss-1')</script>" in shown  # shown as text, exactly
        page.screenshot(path=str(SHOTS / "analyse-xss.png"), full_page=False)
        watched.clean()
    finally:
        watched.close()


def test_search_and_filters_work_in_the_list(browser: Any, server: str) -> None:
    watched = Watched(browser, server)
    try:
        page = watched.page
        page.goto(server + "/articles")
        assert page.locator("#results tbody tr").count() == 3
        page.fill("#q", "library")
        with page.expect_navigation():
            page.click("#filters button[type=submit]")
        assert page.locator("#results tbody tr").count() == 1
        assert page.inner_text("#results mark.hit") == "library"
        page.goto(server + "/articles")
        page.fill("#outlet", "valdoria-today.example")
        page.select_option("#unsourced", "")
        with page.expect_navigation():
            page.click("#filters button[type=submit]")
        assert page.locator("#results tbody tr").count() == 2
        page.screenshot(path=str(SHOTS / "articles-filtered.png"), full_page=True)
        with page.expect_navigation():
            page.click("#results tbody tr:first-child td:first-child a")
        assert page.locator("#report mark").count() > 0
        watched.clean()
    finally:
        watched.close()
