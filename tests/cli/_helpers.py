"""What the CLI tests share: running ``unspin`` in-process, a local web server, stand-in analyzers.

Most tests call :func:`unspin.cli.main` in-process (stdout/stderr captured, stdin replaced); a few run the
installed ``unspin`` script to check the whole thing end to end. Sample articles are short fictional
texts in this folder. Every analysis runs with ``--only sentences`` (or a stand-in ``techniques``
analyzer), so the tests pass whether or not the techniques model is installed.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import jsonschema
import numpy as np
import pytest

from unspin.analyzer import ANALYZERS, Analyzer, Availability
from unspin.article import Article, json_schema
from unspin.cli import main
from unspin.ingest.ptc import techniques_list

DATA = Path(__file__).resolve().parent
ARTICLE_TXT = DATA / "article.txt"  # word to look for: "Wexmoor"
ARTICLE_HTML = DATA / "article.html"  # word to look for: "glassworks"
HOSTILE_TXT = DATA / "hostile.txt"
HOSTILE_HTML = DATA / "hostile.html"
SENTENCES = ("--only", "sentences")

# Standard input with a byte-order mark, CRLF line ends and an emoji: offsets must count code points of
# the text exactly as received.
STDIN_BYTES = "\ufeffQuarry road closes for repairs 🚧\r\nDrivers in Pellham face a detour.\r\n".encode()
STDIN_TEXT = STDIN_BYTES.decode("utf-8")


# --- running the command -------------------------------------------------------------------------------


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def _plain_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same console everywhere: 80 columns, no colour, whatever the developer's terminal says."""
    monkeypatch.setenv("COLUMNS", "80")
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "LINES"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def unspin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run ``unspin ARGS`` in-process; ``stdin`` (bytes) replaces standard input."""

    def run(*args: str | Path, stdin: bytes | None = None) -> Result:
        capsys.readouterr()
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        code = 0
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


def one_error(result: Result, *fragments: str) -> str:
    """Assert the run failed with exactly one ``unspin: error:`` line (naming ``fragments``); return it."""
    assert result.code != 0, result
    assert "Traceback" not in result.err + result.out
    assert len(result.err_lines) == 1, result.err_lines
    line = result.err_lines[0]
    assert line.startswith("unspin: error: "), line
    assert "internal error" not in line, line
    for fragment in fragments:
        assert fragment in line, (fragment, line)
    return line


def check_document(doc: dict[str, Any], text: str | None = None) -> None:
    """Valid ``unspin/1``, every annotation's offsets index the text exactly, and (if given) the text."""
    jsonschema.validate(doc, json_schema())
    article_text = doc["article"]["text"]
    if text is not None:
        assert article_text == text
    assert doc["layers"]["sentences"], "the sentences layer should not be empty"
    for layer in doc["layers"].values():
        for ann in layer:
            assert article_text[ann["start"] : ann["end"]] == ann["text"], ann
    assert Article.from_dict(doc).text == article_text


# --- a local web server ---------------------------------------------------------------------------------


@dataclass
class Page:
    status: int
    body: bytes
    content_type: str
    reason: str | None = None  # the status line's text (the standard one if None)


@dataclass
class Server:
    httpd: ThreadingHTTPServer

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"


@pytest.fixture
def http_server() -> Iterator[Server]:
    """A web server on 127.0.0.1 (an ephemeral port) with a few canned pages; anything else is a 404."""
    pages = {
        "/story": Page(200, ARTICLE_HTML.read_bytes(), "text/html; charset=utf-8"),
        "/plain": Page(200, ARTICLE_TXT.read_bytes(), "text/plain; charset=utf-8"),
        "/report.pdf": Page(200, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "application/pdf"),
        "/escape-status": Page(404, b"gone", "text/plain", "Not Found\x1b[2J\x1b]0;owned\x07"),
        "/escape-type": Page(200, b"%PDF", "application/x-\x1b[31mpdf"),
    }

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            page = pages.get(self.path, Page(404, b"not found", "text/plain"))
            self.send_response(page.status, page.reason)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(page.body)
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Server(httpd)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(2)


# --- HTML reports: what may and may not be in them ----------------------------------------------------------


class _PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.metas: list[dict[str, str]] = []
        self.scripts: list[tuple[dict[str, str], list[str]]] = []
        self.text: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append(tag)
        self.attrs.extend((tag, name, value) for name, value in values.items())
        if tag == "meta":
            self.metas.append(values)
        if tag == "script":
            self._script = []
            self.scripts.append((values, self._script))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        (self._script if self._script is not None else self.text).append(data)


_URL_ATTRS = {"src", "href", "srcset", "action", "formaction", "poster", "data", "background", "xlink:href"}


def check_inert_html(page: str) -> _PageScan:
    """A self-contained page that cannot run or load anything but its own pinned script."""
    scan = _PageScan()
    scan.feed(page)
    scan.close()
    csp = [m["content"] for m in scan.metas if m.get("http-equiv", "").lower() == "content-security-policy"]
    assert len(csp) == 1, scan.metas
    assert "default-src 'none'" in csp[0]
    hashes = set(re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", csp[0]))
    assert not {"iframe", "frame", "object", "embed", "base", "form", "link"} & set(scan.tags)
    for tag, name, value in scan.attrs:
        assert not name.startswith("on"), (tag, name, value)
        if name in _URL_ATTRS:
            target = re.sub(r"[\x00-\x20]", "", value).lower()
            assert not target.startswith(("javascript:", "vbscript:", "http:", "https:", "//")), (tag, value)
    assert len(scan.scripts) <= 2
    for attrs, chunks in scan.scripts:
        assert "src" not in attrs
        content = "".join(chunks)
        if attrs.get("type") == "application/json":
            json.loads(content)  # data, never code
        else:
            digest = base64.b64encode(hashlib.sha256(content.encode()).digest()).decode()
            assert digest in hashes, "an inline script the CSP does not pin"
    return scan


# --- stand-in technique analyzers -------------------------------------------------------------------------


class KeywordTechniques(Analyzer):
    """Test-only technique analyzer: "traitor(s)" and "disaster" are propaganda, nothing else is."""

    name = "keyword_techniques"
    version = "0.0.1"
    description = "Test stand-in: flags two keywords."
    default = False
    techniques: ClassVar[list[str]] = list(techniques_list())
    # For each keyword: the techniques it gets, most likely first.
    RANKING: ClassVar[dict[str, tuple[str, ...]]] = {
        "traitor": ("Name_Calling,Labeling", "Loaded_Language", "Flag-Waving"),
        "disaster": ("Exaggeration,Minimisation", "Loaded_Language", "Appeal_to_fear-prejudice"),
    }

    def available(self) -> Availability:
        return Availability(True, "keywords")

    def annotate(self, article: Article) -> list[Any]:
        return []

    def predict_spans(self, article: Article) -> list[tuple[int, int, float]]:
        return [(m.start(), m.end(), 0.9) for m in re.finditer(r"traitors?|disaster", article.text)]

    def classify_spans(self, article: Article, spans: list[tuple[int, int]]) -> np.ndarray:
        probs = np.full((len(spans), len(self.techniques)), 0.01)
        for row, (start, end) in enumerate(spans):
            word = "traitor" if "traitor" in article.text[start:end] else "disaster"
            for rank, technique in enumerate(self.RANKING[word]):
                probs[row, self.techniques.index(technique)] = 0.6 / (rank + 1)
        return probs / probs.sum(axis=1, keepdims=True)


class MissingTechniques(Analyzer):
    """Stands in for the techniques analyzer when its model is not installed."""

    name = "techniques"
    version = "9.9.9"
    requires = ("sentences",)
    description = "Test stand-in without a model."

    def available(self) -> Availability:
        return Availability(False, "test stand-in: no model here")

    def predict_spans(self, article: Article) -> list[tuple[int, int, float]]:
        raise AssertionError("never called: there is no model")

    def classify_spans(self, article: Article, spans: list[tuple[int, int]]) -> np.ndarray:
        raise AssertionError("never called: there is no model")


@pytest.fixture
def keyword_techniques() -> Iterator[type[KeywordTechniques]]:
    with ANALYZERS.override(KeywordTechniques):
        yield KeywordTechniques


@pytest.fixture
def no_techniques_model() -> Iterator[None]:
    with ANALYZERS.override(MissingTechniques):
        yield


# --- analyze: every source, every format ----------------------------------------------------------------


@dataclass
class Source:
    args: list[str]
    stdin: bytes | None
    word: str  # a word of the article text, short enough never to be wrapped
    text: str | None  # the exact article text, when it is known


SOURCE_KINDS = ("text", "stdin", "html", "url")


@pytest.fixture(params=SOURCE_KINDS)
def source(request: pytest.FixtureRequest) -> Source:
    if request.param == "text":
        return Source([str(ARTICLE_TXT)], None, "Wexmoor", ARTICLE_TXT.read_text(encoding="utf-8"))
    if request.param == "stdin":
        return Source(["-"], STDIN_BYTES, "Pellham", STDIN_TEXT)
    if request.param == "html":
        return Source([str(ARTICLE_HTML)], None, "glassworks", None)
    server: Server = request.getfixturevalue("http_server")
    return Source([f"{server.base}/story", "--allow-private-hosts"], None, "glassworks", None)


@pytest.fixture
def two_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Two short articles in the working folder (relative paths keep error lines short)."""
    monkeypatch.chdir(tmp_path)
    first = tmp_path / "north.txt"
    second = tmp_path / "south.txt"
    first.write_text("The northern ferry will stop on Sundays.\nCommuters are angry.\n", encoding="utf-8")
    second.write_text("The southern pier reopens in May after repairs.\n", encoding="utf-8")
    return first, second


def write_labels(path: Path, rows: list[tuple[Any, ...]]) -> Path:
    path.write_text("".join("\t".join(str(v) for v in row) + "\n" for row in rows), encoding="utf-8")
    return path
