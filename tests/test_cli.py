"""The ``unspin`` command, tested through its real entry point.

Most tests call :func:`unspin.cli.main` in-process (stdout/stderr captured, stdin replaced); a few run the
installed ``unspin`` script to check the whole thing end to end. Sample articles are short fictional
texts in ``tests/cli/``. Every analysis runs with ``--only sentences`` (or a stand-in ``techniques``
analyzer), so the tests pass whether or not the techniques model is installed.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import random
import re
import subprocess
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

from unspin.article import Article, json_schema
from unspin.cli import main
from unspin.ingest.ptc import techniques_list
from unspin.pipeline import _REGISTRY, Analyzer, Availability, register, registered

DATA = Path(__file__).resolve().parent / "cli"
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
    }

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            page = pages.get(self.path, Page(404, b"not found", "text/plain"))
            self.send_response(page.status)
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
    registered()  # load the built-in analyzers first
    register(KeywordTechniques)
    try:
        yield KeywordTechniques
    finally:
        _REGISTRY.pop(KeywordTechniques.name, None)


@pytest.fixture
def no_techniques_model(monkeypatch: pytest.MonkeyPatch) -> None:
    registered()
    monkeypatch.setitem(_REGISTRY, "techniques", MissingTechniques)


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


def test_analyze_terminal(unspin: Run, source: Source) -> None:
    result = unspin("analyze", *source.args, *SENTENCES, "--details", stdin=source.stdin)
    assert result.code == 0, result.err
    assert source.word in result.out
    assert "Traceback" not in result.err


def test_analyze_json(unspin: Run, source: Source) -> None:
    result = unspin("analyze", *source.args, *SENTENCES, "--format", "json", stdin=source.stdin)
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    check_document(doc, source.text)
    assert source.word in doc["article"]["text"]
    assert doc["summary"]["analyzers"] == {"sentences": registered()["sentences"].version}


def test_analyze_jsonl(unspin: Run, source: Source) -> None:
    result = unspin("analyze", *source.args, *SENTENCES, "--format", "jsonl", stdin=source.stdin)
    assert result.code == 0, result.err
    assert result.out.endswith("\n")
    lines = result.out.splitlines()  # splitlines also breaks at U+2028 etc.: none may be left raw
    assert len(lines) == 1
    check_document(json.loads(lines[0]), source.text)


def test_analyze_html(unspin: Run, source: Source) -> None:
    result = unspin("analyze", *source.args, *SENTENCES, "--format", "html", stdin=source.stdin)
    assert result.code == 0, result.err
    scan = check_inert_html(result.out)
    assert source.word in "".join(scan.text)


def test_html_from_a_web_page_does_not_link_back(unspin: Run, http_server: Server) -> None:
    url = f"{http_server.base}/story"
    result = unspin("analyze", url, "--allow-private-hosts", *SENTENCES, "--format", "html")
    assert result.code == 0, result.err
    scan = check_inert_html(result.out)
    assert url in "".join(scan.text)  # shown as text, never as a link


def test_analyze_a_plain_text_url(unspin: Run, http_server: Server) -> None:
    result = unspin(
        "analyze", f"{http_server.base}/plain", "--allow-private-hosts", *SENTENCES, "--format", "json"
    )
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    check_document(doc, ARTICLE_TXT.read_text(encoding="utf-8"))
    assert doc["article"]["url"] == f"{http_server.base}/plain"


def test_a_loopback_url_is_refused_without_the_flag(unspin: Run, http_server: Server) -> None:
    url = f"{http_server.base}/story"
    one_error(unspin("analyze", url, *SENTENCES), url, "loopback")


@pytest.mark.parametrize("path", [HOSTILE_TXT, HOSTILE_HTML], ids=["text", "html"])
def test_html_report_of_hostile_text_is_inert(unspin: Run, path: Path) -> None:
    result = unspin(
        "analyze",
        path,
        *SENTENCES,
        "--format",
        "html",
        "--title",
        '<script>alert("title")</script>',
        "--url",
        "javascript:alert(2)",
        "--outlet",
        '"><img src=x onerror=alert(3)>',
    )
    assert result.code == 0, result.err
    scan = check_inert_html(result.out)
    shown = "".join(scan.text)
    # The hostile strings are shown as the text they are ...
    assert "<script>alert(1)</script>" in shown
    assert "<img src=x onerror=alert(1)>" in shown
    assert '<a href="javascript:alert(1)">' in shown
    assert '<script>alert("title")</script>' in shown
    # ... and the page's own scripts and trackers are gone.
    assert "SCRIPT_MARKER" not in result.out
    assert "tracker.example" not in result.out
    assert "img" not in scan.tags


def test_html_report_is_deterministic(unspin: Run) -> None:
    first = unspin("analyze", ARTICLE_TXT, *SENTENCES, "--format", "html")
    second = unspin("analyze", ARTICLE_TXT, *SENTENCES, "--format", "html")
    assert first.code == second.code == 0
    assert first.out == second.out


def test_jsonl_keeps_line_separators_inside_the_line(unspin: Run) -> None:
    text = "A line\u2028with separators\u2029that JSON readers may take for line ends.\n"
    result = unspin("analyze", "-", *SENTENCES, "--format", "jsonl", stdin=text.encode())
    assert result.code == 0, result.err
    assert len(result.out.splitlines()) == 1
    assert json.loads(result.out)["article"]["text"] == text


def test_skipped_analyzer_note(unspin: Run, no_techniques_model: None) -> None:
    result = unspin("analyze", ARTICLE_TXT, "--format", "json")
    assert result.code == 0, result.err
    assert result.err_lines == ["unspin: note: analyzer 'techniques' skipped: test stand-in: no model here"]
    doc = json.loads(result.out)
    check_document(doc)
    assert doc["summary"]["skipped"] == {"techniques": "test stand-in: no model here"}
    assert "techniques" not in doc["layers"]
    # Picked explicitly, a missing model is an error rather than a note.
    one_error(unspin("analyze", ARTICLE_TXT, "--only", "techniques"), "techniques", "no model here")


def test_the_real_techniques_analyzer_runs_or_is_skipped_with_a_note(unspin: Run) -> None:
    available = registered()["techniques"]().available().ok
    if available:
        pytest.skip("the techniques model is installed: no note to check (and a full run is slow)")
    result = unspin("analyze", ARTICLE_TXT, "--format", "json")
    assert result.code == 0, result.err
    assert len(result.err_lines) == 1
    assert result.err_lines[0].startswith("unspin: note: analyzer 'techniques' skipped: ")
    assert "techniques" in json.loads(result.out)["summary"]["skipped"]


# --- metadata flags ------------------------------------------------------------------------------------


def test_metadata_flags_land_in_the_json(unspin: Run) -> None:
    result = unspin(
        "analyze",
        ARTICLE_TXT,
        *SENTENCES,
        "--format",
        "json",
        "--title",
        "Ferry fees up by a tenth",
        "--url",
        "https://wexmoor-post.example/ferry-fees",
        "--outlet",
        "wexmoor-post.example",
        "--published",
        "2026-03-14",
    )
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    check_document(doc)
    assert doc["article"]["title"] == "Ferry fees up by a tenth"
    assert doc["article"]["url"] == "https://wexmoor-post.example/ferry-fees"
    assert doc["article"]["outlet"] == "wexmoor-post.example"
    assert doc["article"]["published"] == "2026-03-14"


def test_metadata_flags_override_what_the_html_says(unspin: Run) -> None:
    result = unspin(
        "analyze",
        ARTICLE_HTML,
        *SENTENCES,
        "--format",
        "json",
        "--title",
        "Override",
        "--published",
        "2026-01-02",
    )
    assert result.code == 0, result.err
    article = json.loads(result.out)["article"]
    assert (article["title"], article["published"]) == ("Override", "2026-01-02")
    assert article["authors"] == ["Petra Oswin"]  # not overridden: kept from the page


def test_published_date_time(unspin: Run) -> None:
    result = unspin(
        "analyze", ARTICLE_TXT, *SENTENCES, "--format", "json", "--published", "2026-03-14T09:30:00+01:00"
    )
    assert result.code == 0, result.err
    assert json.loads(result.out)["article"]["published"] == "2026-03-14T09:30:00+01:00"


@pytest.mark.parametrize("value", ["yesterday", "14/03/2026", "2026-02-30", "2026-03-14T25:00", ""])
def test_bad_published_is_a_one_line_error(unspin: Run, value: str) -> None:
    one_error(unspin("analyze", ARTICLE_TXT, *SENTENCES, "--published", value), repr(value))
    one_error(unspin("extract", ARTICLE_TXT, "--published", value), repr(value))


# --- several sources, output files -------------------------------------------------------------------------


@pytest.fixture
def two_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Two short articles in the working folder (relative paths keep error lines short)."""
    monkeypatch.chdir(tmp_path)
    first = tmp_path / "north.txt"
    second = tmp_path / "south.txt"
    first.write_text("The northern ferry will stop on Sundays.\nCommuters are angry.\n", encoding="utf-8")
    second.write_text("The southern pier reopens in May after repairs.\n", encoding="utf-8")
    return first, second


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_several_sources_to_a_folder(unspin: Run, two_articles: tuple[Path, Path], fmt: str) -> None:
    out = Path("reports")
    result = unspin("analyze", "north.txt", "south.txt", *SENTENCES, "--format", fmt, "-o", out, "-q")
    assert result.code == 0, result.err
    assert result.out == "" and result.err == ""
    assert sorted(p.name for p in out.iterdir()) == [f"north.{fmt}", f"south.{fmt}"]
    for path, written in zip(two_articles, sorted(out.iterdir()), strict=True):
        content = written.read_text(encoding="utf-8")
        if fmt == "json":
            check_document(json.loads(content), path.read_text(encoding="utf-8"))
        else:
            check_inert_html(content)
            assert path.read_text(encoding="utf-8").split()[1] in content


def test_same_stem_twice_gets_two_files(unspin: Run, two_articles: tuple[Path, Path]) -> None:
    Path("other").mkdir()
    Path("other/north.txt").write_text("Another northern story, about the lighthouse.\n", encoding="utf-8")
    result = unspin(
        "analyze", "north.txt", "other/north.txt", *SENTENCES, "--format", "json", "-o", "out", "-q"
    )
    assert result.code == 0, result.err
    texts = {json.loads(p.read_text(encoding="utf-8"))["article"]["text"] for p in Path("out").iterdir()}
    assert len(texts) == 2


def test_several_sources_as_json_need_a_folder(unspin: Run, two_articles: tuple[Path, Path]) -> None:
    one_error(unspin("analyze", "north.txt", "south.txt", *SENTENCES, "--format", "json"), "-o FOLDER")
    one_error(
        unspin("analyze", "north.txt", "south.txt", *SENTENCES, "--format", "html", "-o", "north.txt"),
        "is a file",
    )


def test_several_sources_to_jsonl(unspin: Run, two_articles: tuple[Path, Path]) -> None:
    result = unspin(
        "analyze", "north.txt", "south.txt", *SENTENCES, "--format", "jsonl", "-o", "all.jsonl", "-q"
    )
    assert result.code == 0, result.err
    lines = Path("all.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    for path, line in zip(two_articles, lines, strict=True):
        check_document(json.loads(line), path.read_text(encoding="utf-8"))
    # To stdout as well.
    result = unspin("analyze", "north.txt", "south.txt", *SENTENCES, "--format", "jsonl", "-q")
    assert [json.loads(line)["article"]["text"] for line in result.out.splitlines()] == [
        p.read_text(encoding="utf-8") for p in two_articles
    ]


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_one_bad_source_among_good_ones(unspin: Run, two_articles: tuple[Path, Path], fmt: str) -> None:
    result = unspin(
        "analyze", "north.txt", "missing.txt", "south.txt", *SENTENCES, "--format", fmt, "-o", "out", "-q"
    )
    assert result.code != 0
    assert "Traceback" not in result.err
    assert sorted(p.name for p in Path("out").iterdir()) == [f"north.{fmt}", f"south.{fmt}"]
    assert all(line.startswith("unspin: error: ") for line in result.err_lines), result.err_lines
    about_missing = [line for line in result.err_lines if "missing.txt" in line]
    assert len(about_missing) == 1
    assert "no such file" in about_missing[0]


def test_one_bad_source_in_jsonl(unspin: Run, two_articles: tuple[Path, Path]) -> None:
    result = unspin(
        "analyze",
        "north.txt",
        "missing.txt",
        "south.txt",
        *SENTENCES,
        "--format",
        "jsonl",
        "-o",
        "a.jsonl",
        "-q",
    )
    assert result.code != 0
    assert len([line for line in result.err_lines if "missing.txt" in line]) == 1
    assert len(Path("a.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_worker_processes_write_what_one_process_writes(unspin: Run, two_articles: tuple[Path, Path]) -> None:
    sources = ("north.txt", "missing.txt", "south.txt", "north.txt")
    one = unspin("analyze", *sources, *SENTENCES, "--format", "jsonl", "-o", "one.jsonl", "-q")
    two = unspin("analyze", *sources, *SENTENCES, "--format", "jsonl", "-o", "two.jsonl", "-q", "-j", "2")
    assert one.code == two.code != 0
    assert one.err_lines == two.err_lines
    assert len([line for line in two.err_lines if "missing.txt" in line]) == 1
    lines = Path("two.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines == Path("one.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["article"]["text"] for line in lines]
    north, south = (p.read_text(encoding="utf-8") for p in two_articles)
    assert texts == [north, south, north]


def test_per_source_errors_are_shown_without_quiet(unspin: Run, two_articles: tuple[Path, Path]) -> None:
    result = unspin("analyze", "north.txt", "missing.txt", *SENTENCES, "--format", "json", "-o", "out")
    assert result.code != 0
    assert "Traceback" not in result.err
    assert len([line for line in result.err_lines if line.startswith("unspin: error: missing.txt")]) == 1


@pytest.mark.parametrize("fmt", ["json", "jsonl", "html", "terminal"])
def test_a_failed_run_keeps_the_old_output(unspin: Run, two_articles: tuple[Path, Path], fmt: str) -> None:
    old = Path(f"report.{fmt}")
    old.write_text("OLD REPORT\n", encoding="utf-8")
    one_error(unspin("analyze", "missing.txt", *SENTENCES, "--format", fmt, "-o", old), "missing.txt")
    assert old.read_text(encoding="utf-8") == "OLD REPORT\n"
    assert sorted(p.name for p in Path().iterdir()) == sorted(["north.txt", "south.txt", old.name])


def test_a_good_run_replaces_the_old_output(unspin: Run, two_articles: tuple[Path, Path]) -> None:
    old = Path("report.json")
    old.write_text("OLD REPORT\n", encoding="utf-8")
    result = unspin("analyze", "north.txt", *SENTENCES, "--format", "json", "-o", old)
    assert result.code == 0, result.err
    check_document(json.loads(old.read_text(encoding="utf-8")))
    assert not [p for p in Path().iterdir() if p.name.endswith(".tmp")]


def test_a_jsonl_run_where_every_source_fails_keeps_the_old_output(
    unspin: Run, two_articles: tuple[Path, Path]
) -> None:
    old = Path("all.jsonl")
    old.write_text("OLD REPORT\n", encoding="utf-8")
    result = unspin("analyze", "gone1.txt", "gone2.txt", *SENTENCES, "--format", "jsonl", "-o", old, "-q")
    assert result.code != 0
    assert old.read_text(encoding="utf-8") == "OLD REPORT\n"


def test_terminal_output_of_several_sources_keeps_every_article(
    unspin: Run, two_articles: tuple[Path, Path]
) -> None:
    result = unspin("analyze", "north.txt", "south.txt", *SENTENCES, "-o", "both.txt", "-q", "--details")
    if result.code != 0:  # refusing the combination with one clear line is fine too
        one_error(result)
        return
    written = Path("both.txt").read_text(encoding="utf-8")
    assert "northern" in written and "southern" in written


def test_unwritable_jsonl_output_is_a_one_line_error(unspin: Run, two_articles: tuple[Path, Path]) -> None:
    # The output's parent folder is a file.
    one_error(
        unspin("analyze", "north.txt", *SENTENCES, "--format", "jsonl", "-o", "south.txt/out.jsonl"),
        "cannot write",
    )


@pytest.mark.parametrize("fmt", ["json", "html", "terminal"])
def test_unwritable_output_is_a_one_line_error(
    unspin: Run, two_articles: tuple[Path, Path], fmt: str
) -> None:
    one_error(
        unspin("analyze", "north.txt", *SENTENCES, "--format", fmt, "-o", f"south.txt/out.{fmt}"),
        "cannot write",
    )
    assert Path("south.txt").read_text(encoding="utf-8").startswith("The southern pier")


def test_a_long_per_source_error_stays_on_one_line(unspin: Run, two_articles: tuple[Path, Path]) -> None:
    missing = Path("a-folder-with-a-rather-long-name-for-reports") / ("missing-" + "x" * 60 + ".txt")
    result = unspin("analyze", "north.txt", missing, *SENTENCES, "--format", "jsonl", "-o", "a.jsonl", "-q")
    assert result.code != 0
    about_missing = [line for line in result.err_lines if str(missing) in line]
    assert len(about_missing) == 1
    assert all(line.startswith("unspin: error: ") for line in result.err_lines), result.err_lines


def test_quiet_good_run_prints_nothing_on_stderr(
    unspin: Run, two_articles: tuple[Path, Path], no_techniques_model: None
) -> None:
    # Without --quiet this run shows a progress bar and a note about the missing model.
    loud = unspin("analyze", "north.txt", "south.txt", "--format", "json", "-o", "loud")
    assert loud.code == 0 and loud.err != ""
    quiet = unspin("analyze", "north.txt", "south.txt", "--format", "json", "-o", "quiet", "--quiet")
    assert quiet.code == 0
    assert quiet.err == ""
    assert len(list(Path("quiet").iterdir())) == 2


def test_stdin_among_several_sources(unspin: Run, two_articles: tuple[Path, Path]) -> None:
    result = unspin("analyze", "north.txt", "-", *SENTENCES, "--format", "jsonl", "-q", stdin=STDIN_BYTES)
    assert result.code == 0, result.err
    texts = [json.loads(line)["article"]["text"] for line in result.out.splitlines()]
    assert texts == [two_articles[0].read_text(encoding="utf-8"), STDIN_TEXT]


# --- bad input: one line, non-zero exit, never a traceback ---------------------------------------------


@dataclass
class BadCase:
    args: list[str]
    fragment: str = ""
    stdin: bytes | None = None


def _bad_case(name: str, tmp: Path, request: pytest.FixtureRequest) -> BadCase:
    def file(data: bytes, suffix: str = ".txt") -> str:
        path = tmp / f"{name}{suffix}"
        path.write_bytes(data)
        return str(path)

    def url(path: str) -> str:
        server: Server = request.getfixturevalue("http_server")
        return f"{server.base}{path}"

    rng = random.Random(7)
    if name == "empty file":
        return BadCase([file(b"")], "empty")
    if name == "whitespace-only file":
        return BadCase([file(b"  \n\t\r\n \n")], "empty")
    if name == "PNG file":
        return BadCase([file(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), ".txt")], "PNG")
    if name == "random bytes with NULs":
        return BadCase([file(bytes(rng.randrange(256) for _ in range(4000)) + b"\x00", ".dat")], "binary")
    if name == "too large":
        return BadCase([str(ARTICLE_TXT), "--max-bytes", "100"], "100-byte limit")
    if name == "undecodable bytes":
        return BadCase([file(bytes(rng.randrange(0x80, 0x100) for _ in range(3000)))], "encoding")
    if name == "directory":
        (tmp / "folder").mkdir()
        return BadCase([str(tmp / "folder")], "directory")
    if name == "missing file":
        return BadCase([str(tmp / "nowhere.txt")], "no such file")
    if name == "unreachable URL":
        port = request.getfixturevalue("closed_port")
        return BadCase([f"http://127.0.0.1:{port}/news", "--allow-private-hosts"], "cannot fetch")
    if name == "HTTP 404":
        return BadCase([url("/no-such-page"), "--allow-private-hosts"], "404")
    if name == "PDF content type":
        return BadCase([url("/report.pdf"), "--allow-private-hosts"], "application/pdf")
    if name == "non-http scheme":
        return BadCase(["ftp://files.example/news.txt"], "ftp")
    if name == "file scheme":
        return BadCase(["file:///etc/hostname"], "file")
    if name == "empty stdin":
        return BadCase(["-"], "stdin", b"")
    if name == "binary stdin":
        return BadCase(["-"], "stdin", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    if name == "stdin twice":
        return BadCase(["-", "-"], "only once", b"Some text.\n")
    if name == "unknown analyzer":
        return BadCase([str(ARTICLE_TXT), "--only", "sentences,nonesuch"], "nonesuch")
    if name == "unknown skipped analyzer":
        return BadCase([str(ARTICLE_TXT), "--skip", "nonesuch"], "nonesuch")
    if name == "unknown format":
        return BadCase([str(ARTICLE_TXT), "--format", "pdf"], "--format")
    if name == "bad max-bytes":
        return BadCase([str(ARTICLE_TXT), "--max-bytes", "0"], "--max-bytes")
    if name == "unknown option":
        return BadCase([str(ARTICLE_TXT), "--colour"], "--colour")
    raise AssertionError(name)


BAD_CASES = (
    "empty file",
    "whitespace-only file",
    "PNG file",
    "random bytes with NULs",
    "too large",
    "undecodable bytes",
    "directory",
    "missing file",
    "unreachable URL",
    "HTTP 404",
    "PDF content type",
    "non-http scheme",
    "file scheme",
    "empty stdin",
    "binary stdin",
    "stdin twice",
    "unknown analyzer",
    "unknown skipped analyzer",
    "unknown format",
    "bad max-bytes",
    "unknown option",
)


@pytest.mark.parametrize("name", BAD_CASES)
@pytest.mark.parametrize("fmt", ["terminal", "json"])
def test_bad_input_is_one_line(
    unspin: Run, tmp_path: Path, request: pytest.FixtureRequest, name: str, fmt: str
) -> None:
    case = _bad_case(name, tmp_path, request)
    format_args = [] if "--format" in case.args else ["--format", fmt]
    only = [] if "--only" in case.args else list(SENTENCES)
    result = unspin("analyze", *case.args, *only, *format_args, stdin=case.stdin)
    one_error(result, case.fragment)
    assert result.out == ""


@pytest.mark.parametrize("name", ["empty file", "PNG file", "missing file", "HTTP 404", "non-http scheme"])
def test_bad_input_to_extract_is_one_line(
    unspin: Run, tmp_path: Path, request: pytest.FixtureRequest, name: str
) -> None:
    case = _bad_case(name, tmp_path, request)
    one_error(unspin("extract", *case.args, stdin=case.stdin), case.fragment)


@pytest.mark.parametrize(
    "args",
    [
        ["analyze"],
        ["frobnicate"],
        ["eval", "xx", "--pred", "a", "--gold", "b"],
        ["ptc", "predict"],
        ["analyzers", "--yaml"],
    ],
    ids=" ".join,
)
def test_usage_errors_are_one_line(unspin: Run, args: list[str]) -> None:
    one_error(unspin(*args))


@pytest.mark.parametrize("args", [[], ["ptc"], ["eval"]], ids=["unspin", "unspin ptc", "unspin eval"])
def test_bare_group_shows_readable_help(unspin: Run, args: list[str]) -> None:
    result = unspin(*args)
    assert "Commands:" in [line.strip() for line in (result.out + result.err).splitlines()]
    assert "unspin: error:" not in result.err


def test_help_and_version(unspin: Run) -> None:
    result = unspin("analyze", "--help")
    assert result.code == 0
    assert result.out.startswith("Usage: unspin analyze")
    result = unspin("--version")
    assert result.code == 0
    assert "unspin" in result.out


# --- extract ---------------------------------------------------------------------------------------------


def test_extract_html(unspin: Run) -> None:
    result = unspin("extract", ARTICLE_HTML)
    assert result.code == 0, result.err
    record = json.loads(result.out)
    assert {"title", "date", "authors", "url", "text"} <= record.keys()
    assert record["title"] == "Glassworks strike enters second week"
    assert record["date"] == "2025-11-03"
    assert record["authors"] == ["Petra Oswin"]
    assert record["url"] == "https://news.millbrook-ledger.example/labour/glassworks-strike"
    assert "night-shift pay" in record["text"]
    assert "TRACKER_MARKER" not in record["text"]
    assert "Fictional test page" not in record["text"]  # the footer is boilerplate


def test_extract_to_a_file(unspin: Run, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "extract.json"
    result = unspin("extract", ARTICLE_HTML, "-o", out)
    assert result.code == 0, result.err
    assert result.out == ""
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(unspin("extract", ARTICLE_HTML).out)


def test_extract_text_with_overrides(unspin: Run) -> None:
    result = unspin("extract", "-", "--title", "Quarry road", "--published", "2026-05-01", stdin=STDIN_BYTES)
    assert result.code == 0, result.err
    record = json.loads(result.out)
    assert record["text"] == STDIN_TEXT
    assert (record["title"], record["date"], record["authors"], record["url"]) == (
        "Quarry road",
        "2026-05-01",
        [],
        None,
    )


def test_extract_a_url(unspin: Run, http_server: Server) -> None:
    result = unspin("extract", f"{http_server.base}/story", "--allow-private-hosts")
    assert result.code == 0, result.err
    assert json.loads(result.out)["title"] == "Glassworks strike enters second week"


# --- analyzers, schema -----------------------------------------------------------------------------------


def test_analyzers_table(unspin: Run) -> None:
    result = unspin("analyzers")
    assert result.code == 0, result.err
    for name in ("sentences", "tokens", "techniques"):
        assert name in result.out
        assert registered()[name].version in result.out


def test_analyzers_json(unspin: Run) -> None:
    result = unspin("analyzers", "--json")
    assert result.code == 0, result.err
    rows = {row["name"]: row for row in json.loads(result.out)}
    assert {"sentences", "tokens", "techniques"} <= rows.keys()
    for name, row in rows.items():
        assert row["version"] == registered()[name].version
        assert isinstance(row["available"], bool)
    assert rows["sentences"]["available"] is True
    assert rows["tokens"]["default"] is False
    assert rows["techniques"]["requires"] == ["sentences"]


def test_analyzers_lists_a_registered_plugin(unspin: Run, keyword_techniques: type[Analyzer]) -> None:
    rows = {row["name"]: row for row in json.loads(unspin("analyzers", "--json").out)}
    assert rows["keyword_techniques"]["version"] == "0.0.1"


def test_schema(unspin: Run) -> None:
    result = unspin("schema")
    assert result.code == 0
    assert json.loads(result.out) == json_schema()


# --- eval ------------------------------------------------------------------------------------------------


def write_labels(path: Path, rows: list[tuple[Any, ...]]) -> Path:
    path.write_text("".join("\t".join(str(v) for v in row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def si_example(tmp_path: Path) -> tuple[Path, Path]:
    """The organisers' worked example of the SI metric (one article)."""
    pred = write_labels(
        tmp_path / "pred.labels", [("1", 0, 50), ("1", 161, 172), ("1", 0, 10), ("1", 115, 167)]
    )
    gold = [("1", 0, 59), ("1", 171, 181), ("1", 0, 9), ("1", 115, 167), ("1", 740, 759)]
    return pred, write_labels(tmp_path / "gold.labels", gold)


def test_eval_si_worked_example(unspin: Run, si_example: tuple[Path, Path]) -> None:
    pred, gold = si_example
    result = unspin("eval", "si", "--pred", pred, "--gold", gold, "--json")
    assert result.code == 0, result.err
    score = json.loads(result.out)
    assert score["task"] == "si"
    assert round(score["precision"], 6) == 0.964912
    assert round(score["recall"], 6) == 0.486864
    assert round(score["f1"], 6) == 0.647181
    assert (score["predicted_spans"], score["gold_spans"]) == (4, 5)

    text = unspin("eval", "si", "--pred", pred, "--gold", gold)
    assert text.code == 0, text.err
    for number in ("0.964912", "0.486864", "0.647181"):
        assert number in text.out


def test_eval_si_gold_folder(unspin: Run, si_example: tuple[Path, Path], tmp_path: Path) -> None:
    pred, gold = si_example
    folder = tmp_path / "gold"
    folder.mkdir()
    gold.rename(folder / "article1.labels")
    score = json.loads(unspin("eval", "si", "--pred", pred, "--gold", folder, "--json").out)
    assert round(score["f1"], 6) == 0.647181


TC_GOLD = [
    ("7", "Loaded_Language", 10, 20),
    ("7", "Name_Calling,Labeling", 10, 20),  # one span, two techniques
    ("7", "Doubt", 30, 40),
    ("8", "Slogans", 0, 5),
]


def test_eval_tc(unspin: Run, tmp_path: Path) -> None:
    gold = write_labels(tmp_path / "gold.labels", TC_GOLD)
    pred = write_labels(
        tmp_path / "pred.labels",
        [
            ("8", "Repetition", 0, 5),
            ("7", "Flag-Waving", 10, 20),
            ("7", "Loaded_Language", 10, 20),
            ("7", "Doubt", 30, 40),
        ],
    )
    result = unspin("eval", "tc", "--pred", pred, "--gold", gold, "--json")
    assert result.code == 0, result.err
    score = json.loads(result.out)
    assert score["task"] == "tc"
    assert (score["precision"], score["recall"], score["f1"]) == (0.5, 0.5, 0.5)
    per = score["per_technique"]
    assert list(per)[:14] == list(techniques_list())
    assert per["Loaded_Language"] == per["Doubt"] == 1.0
    assert per["Name_Calling,Labeling"] == per["Slogans"] == per["Flag-Waving"] == 0.0

    text = unspin("eval", "tc", "--pred", pred, "--gold", gold)
    assert text.code == 0
    assert "0.500000" in text.out
    assert "Name_Calling,Labeling" in text.out

    # Both techniques of the shared span right, in either order: a perfect score.
    perfect = write_labels(tmp_path / "perfect.labels", [TC_GOLD[1], TC_GOLD[0], *TC_GOLD[2:]])
    score = json.loads(unspin("eval", "tc", "--pred", perfect, "--gold", gold, "--json").out)
    assert score["f1"] == 1.0


@pytest.mark.parametrize(
    "pred_rows",
    [
        TC_GOLD[:3],  # a gold row left out
        [*TC_GOLD, ("7", "Doubt", 30, 40)],  # a row too many
        [*TC_GOLD[:3], ("8", "Slogans", 0, 6)],  # a span that is not in the gold
        [("7", "Loaded_Language", 10, 20), ("7", "Doubt", 10, 20), ("7", "Doubt", 10, 20), TC_GOLD[3]],
    ],
    ids=["missing", "extra", "other span", "same keys, wrong counts"],
)
def test_eval_tc_mismatched_rows(unspin: Run, tmp_path: Path, pred_rows: list[tuple[Any, ...]]) -> None:
    gold = write_labels(tmp_path / "gold.labels", TC_GOLD)
    pred = write_labels(tmp_path / "pred.labels", pred_rows)
    one_error(unspin("eval", "tc", "--pred", pred, "--gold", gold), "gold spans")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b'{"1": [[0, 50], [161, 172]]}\n', "columns"),  # JSON is not a label file
        (b'[{"id": "1", "start": 0', "columns"),  # nor is broken JSON
        (b"1\t0\tfifty\n", "not an integer"),
        (b"1\t50\t10\n", "after end"),
        (b"1\t-5\t10\n", "negative"),
        (b"1\t0\t10\textra\n", "columns"),
        (b"\t0\t10\n", "empty article id"),
        (b"1\t0\t\xff\xfe\n", "UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "UTF-8"),
    ],
    ids=[
        "json",
        "broken json",
        "word offset",
        "start after end",
        "negative",
        "extra column",
        "no id",
        "latin",
        "png",
    ],
)
@pytest.mark.parametrize("side", ["pred", "gold"])
def test_eval_malformed_label_files(
    unspin: Run, si_example: tuple[Path, Path], tmp_path: Path, content: bytes, fragment: str, side: str
) -> None:
    pred, gold = si_example
    bad = tmp_path / "bad.labels"
    bad.write_bytes(content)
    args = {"pred": pred, "gold": gold, side: bad}
    line = one_error(unspin("eval", "si", "--pred", args["pred"], "--gold", args["gold"]), fragment)
    assert "bad.labels" in line


def test_eval_other_errors(unspin: Run, si_example: tuple[Path, Path], tmp_path: Path) -> None:
    pred, gold = si_example
    one_error(unspin("eval", "si", "--pred", tmp_path / "nope.labels", "--gold", gold), "nope.labels")
    one_error(unspin("eval", "si", "--pred", pred, "--gold", tmp_path / "nope"), "nope")
    empty = tmp_path / "empty.labels"
    empty.write_text("\n\n", encoding="utf-8")
    one_error(unspin("eval", "si", "--pred", pred, "--gold", empty), "no gold rows")
    (tmp_path / "no-labels").mkdir()
    one_error(unspin("eval", "si", "--pred", pred, "--gold", tmp_path / "no-labels"), "no *.labels")
    one_error(unspin("eval", "tc", "--pred", pred, "--gold", gold), "4 tab-separated columns")
    one_error(unspin("eval", "si", "--pred", pred), "--gold")


def test_eval_empty_prediction_scores_zero(
    unspin: Run, si_example: tuple[Path, Path], tmp_path: Path
) -> None:
    _, gold = si_example
    empty = tmp_path / "empty.labels"
    empty.write_text("", encoding="utf-8")
    score = json.loads(unspin("eval", "si", "--pred", empty, "--gold", gold, "--json").out)
    assert (score["precision"], score["recall"], score["f1"]) == (0.0, 0.0, 0.0)


# --- ptc predict -----------------------------------------------------------------------------------------

PTC_ARTICLES = {
    "111": "Mayor Dunmore is a traitor, said the flyer.\nThe flood plan was a disaster, a real disaster.\n",
    "222": "The bridge reopened on time.\n",
    "333": "Critics call the union leaders traitors.\n",
}


@pytest.fixture
def ptc_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for article_id, text in PTC_ARTICLES.items():
        (folder / f"article{article_id}.txt").write_text(text, encoding="utf-8", newline="")
    return folder


@pytest.fixture
def predict(unspin: Run, ptc_folder: Path, keyword_techniques: type[Analyzer]) -> Run:
    """``unspin ptc predict`` with the keyword analyzer on the sample articles (both overridable)."""

    def run(*args: str | Path, quiet: bool = True) -> Result:
        options = ["--analyzer", "keyword_techniques", "--articles", ptc_folder, *(["-q"] if quiet else [])]
        return unspin("ptc", "predict", *options, *args)

    return run


def span_of(article_id: str, word: str, nth: int = 0) -> tuple[int, int]:
    starts = [m.start() for m in re.finditer(re.escape(word), PTC_ARTICLES[article_id])]
    return starts[nth], starts[nth] + len(word)


def test_ptc_predict_si(unspin: Run, predict: Run, tmp_path: Path) -> None:
    out = tmp_path / "out" / "si.labels"
    result = predict("--task", "si", "-o", out)
    assert result.code == 0, result.err
    assert result.out == result.err == ""
    expected = [
        ("111", *span_of("111", "traitor")),
        ("111", *span_of("111", "disaster", 0)),
        ("111", *span_of("111", "disaster", 1)),
        ("333", *span_of("333", "traitors")),
    ]
    assert out.read_text(encoding="utf-8") == "".join(f"{a}\t{s}\t{e}\n" for a, s, e in expected)
    # A valid SI submission: it scores against itself perfectly.
    assert json.loads(unspin("eval", "si", "--pred", out, "--gold", out, "--json").out)["f1"] == 1.0


def test_ptc_predict_tc(unspin: Run, predict: Run, tmp_path: Path) -> None:
    disaster = span_of("111", "disaster", 1)
    template_rows = [
        ("333", "?", *span_of("333", "traitors")),
        ("111", "?", *disaster),
        ("111", "?", *span_of("111", "traitor")),
        ("111", "?", *disaster),  # the same span again: it gets its second most likely technique
        ("222", "?", 4, 10),
    ]
    template = write_labels(tmp_path / "template.labels", template_rows)
    out = tmp_path / "tc.labels"
    result = predict("--task", "tc", "--spans", template, "-o", out)
    assert result.code == 0, result.err
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r[0], int(r[2]), int(r[3])) for r in rows] == [(a, s, e) for a, _, s, e in template_rows]
    ranking = KeywordTechniques.RANKING
    assert [r[1] for r in rows] == [
        ranking["traitor"][0],
        ranking["disaster"][0],
        ranking["traitor"][0],
        ranking["disaster"][1],
        ranking["disaster"][0],  # "bridge" is no keyword: the stand-in scores it like "disaster"
    ]
    # A valid TC submission for the template's spans.
    gold = write_labels(tmp_path / "gold.labels", [tuple(r) for r in rows])
    assert json.loads(unspin("eval", "tc", "--pred", out, "--gold", gold, "--json").out)["f1"] == 1.0


def test_ptc_predict_errors(unspin: Run, predict: Run, ptc_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.labels"
    unknown = write_labels(tmp_path / "unknown.labels", [("111", "?", 0, 5), ("999", "?", 0, 5)])
    one_error(predict("--task", "tc", "--spans", unknown, "-o", out), "999", "unknown article")
    outside = write_labels(tmp_path / "outside.labels", [("222", "?", 0, 500)])
    one_error(predict("--task", "tc", "--spans", outside, "-o", out), "outside")
    one_error(predict("--task", "tc", "-o", out), "--spans")
    one_error(predict("--task", "si", "--spans", unknown, "-o", out), "--spans")
    one_error(predict("--task", "tc", "--spans", tmp_path / "none.labels", "-o", out), "none.labels")
    one_error(predict("--task", "si", "--articles", tmp_path / "no-such-folder", "-o", out), "no-such-folder")
    (tmp_path / "empty").mkdir()
    one_error(predict("--task", "si", "--articles", tmp_path / "empty", "-o", out), "no article")
    one_error(predict("--task", "xx", "-o", out), "--task")
    one_error(predict("--task", "si", "-o", out, "--analyzer", "nope"), "nope")
    one_error(predict("--task", "si", "-o", out, "--analyzer", "sentences"), "does not predict")
    one_error(predict("--task", "si"), "-o")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    one_error(predict("--task", "si", "-o", blocker / "si.labels"), "cannot write")
    assert not out.exists()


def test_ptc_predict_missing_model_is_one_line(
    unspin: Run, ptc_folder: Path, tmp_path: Path, no_techniques_model: None
) -> None:
    args = ["--task", "si", "--articles", ptc_folder, "-o", tmp_path / "o.labels"]
    one_error(unspin("ptc", "predict", *args), "techniques", "no model here")


def test_ptc_predict_bad_template_is_one_line_without_quiet(predict: Run, tmp_path: Path) -> None:
    unknown = write_labels(tmp_path / "unknown.labels", [("999", "?", 0, 5)])
    one_error(predict("--task", "tc", "--spans", unknown, "-o", tmp_path / "tc.labels", quiet=False), "999")


def test_ptc_predict_model_for_an_analyzer_without_models(predict: Run, tmp_path: Path) -> None:
    result = predict("--task", "si", "-o", tmp_path / "o.labels", "--model", tmp_path)
    one_error(result, "keyword_techniques")


# --- the installed script, end to end -------------------------------------------------------------------

SCRIPT = Path(sys.executable).with_name("unspin")
needs_script = pytest.mark.skipif(
    not SCRIPT.exists(), reason="the unspin script is not installed next to python"
)


@needs_script
def test_script_analyze_stdin_to_json() -> None:
    proc = subprocess.run(
        [str(SCRIPT), "analyze", "-", "--only", "sentences", "--format", "json"],
        input=STDIN_BYTES,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    check_document(json.loads(proc.stdout), STDIN_TEXT)


@needs_script
def test_script_error_is_one_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(SCRIPT), "analyze", str(tmp_path / "gone.txt"), "--only", "sentences"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == f"unspin: error: no such file: {tmp_path / 'gone.txt'}\n"


@needs_script
def test_script_schema() -> None:
    proc = subprocess.run([str(SCRIPT), "schema"], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == json_schema()


def test_eval_layers_scores_hand_written_cases(unspin: Run, tmp_path: Path) -> None:
    case = {
        "id": "s1",
        "text": "One line.\nAnother line.",
        "expect": {"sentences": [{"text": "One line.", "label": "sentence"}]},
    }
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps(case) + "\n", encoding="utf-8")
    result = unspin("eval", "layers", path, "--json", "--errors")
    assert result.code == 0, result.err
    score = json.loads(result.out)["sentences"]
    assert (score["spans"]["tp"], score["spans"]["predicted"], score["spans"]["gold"]) == (1, 2, 1)
    assert "extra 'Another line.'" in result.err
    text = unspin("eval", "layers", path)
    assert "1 cases" in text.out and "sentences (labelled)" in text.out


def test_eval_layers_bad_set_is_one_line(unspin: Run, tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text("{not json\n", encoding="utf-8")
    one_error(unspin("eval", "layers", path), "set.jsonl:1")
    one_error(unspin("eval", "layers", tmp_path / "missing.jsonl"), "cannot read")


def test_analyze_geojson_maps_the_geocoded_places(unspin: Run, tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text(
        "Protesters gathered in Berlin on Monday. Police in Vienna said the march in Berlin was calm.\n",
        encoding="utf-8",
    )
    out = tmp_path / "map.geojson"
    result = unspin("analyze", source, "--only", "sentences", "--format", "geojson", "-o", out)
    assert result.code == 0, result.err
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    names = [f["properties"]["text"] for f in collection["features"]]
    assert names[:2] == ["Berlin", "Vienna"]
    lon, lat = collection["features"][0]["geometry"]["coordinates"]
    assert 52 < lat < 53 and 13 < lon < 14


def test_analyze_several_sources_as_geojson_need_a_folder(unspin: Run, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Rain fell in Oslo.\n", encoding="utf-8")
    b.write_text("Snow fell in Bergen.\n", encoding="utf-8")
    one_error(unspin("analyze", a, b, "--format", "geojson"), "need -o FOLDER")
    result = unspin("analyze", a, b, "--format", "geojson", "-o", tmp_path / "maps", "--quiet")
    assert result.code == 0, result.err
    assert len(list((tmp_path / "maps").glob("*.geojson"))) == 2
