"""``unspin analyze``, ``extract``, ``analyzers`` and ``schema`` (unspin/cli/analyze.py)."""

from __future__ import annotations

import json
import os
import random
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest

from unspin.analyzer import Analyzer, registered
from unspin.article import json_schema

from ._helpers import (
    ARTICLE_HTML,
    ARTICLE_TXT,
    HOSTILE_HTML,
    HOSTILE_TXT,
    SENTENCES,
    STDIN_BYTES,
    STDIN_TEXT,
    Run,
    Server,
    Source,
    check_document,
    check_inert_html,
    one_error,
)


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
    assert one.err_lines == [line.replace("two.jsonl", "one.jsonl") for line in two.err_lines]
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


# --- hardening: what a corpus user and a colleague reading the output need ---------------------------


def test_every_jsonl_record_names_its_source(unspin: Run, two_articles: tuple[Path, Path]) -> None:
    sources = ["north.txt", "south.txt", "./north.txt", "-"]
    result = unspin("analyze", *sources, *SENTENCES, "--format", "jsonl", "-q", stdin=STDIN_BYTES)
    assert result.code == 0, result.err
    docs = [json.loads(line) for line in result.out.splitlines()]
    assert [d["article"]["source"] for d in docs] == sources
    for doc in docs:
        check_document(doc)


def test_a_partial_failure_replaces_the_file_and_says_so_in_one_summary_line(
    unspin: Run, two_articles: tuple[Path, Path]
) -> None:
    Path("all.jsonl").write_text("the old results\n", encoding="utf-8")
    result = unspin(
        "analyze", "north.txt", "missing.txt", "south.txt", *SENTENCES, "--format", "jsonl", "-o", "all.jsonl"
    )
    assert result.code == 2
    assert len(result.err_lines) == 2, result.err_lines
    assert "missing.txt" in result.err_lines[0]
    assert result.err_lines[1] == (
        "unspin: error: 1 of 3 sources failed; the other 2 were written to all.jsonl, "
        "replacing the file that was there"
    )
    assert len(Path("all.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_output_files_get_the_mode_the_umask_gives(unspin: Run, two_articles: tuple[Path, Path]) -> None:
    previous = os.umask(0o022)
    try:
        for fmt in ("json", "jsonl", "html", "terminal"):
            result = unspin("analyze", "north.txt", *SENTENCES, "--format", fmt, "-o", f"report.{fmt}")
            assert result.code == 0, result.err
            assert stat.S_IMODE(Path(f"report.{fmt}").stat().st_mode) == 0o644, fmt
    finally:
        os.umask(previous)


@pytest.mark.parametrize("only", ["sentences", "attribution"])
def test_a_text_longer_than_one_parse_is_refused(unspin: Run, tmp_path: Path, only: str) -> None:
    long = tmp_path / "long.txt"
    long.write_text("Troops arrived. " * 62_501, encoding="utf-8")  # 1,000,016 characters, 1 MB
    result = unspin("analyze", long, "--only", only, "--format", "json")
    one_error(result, "1,000,016 characters long", "1,000,000-character limit")
    assert result.code == 2


def test_untrusted_strings_cannot_drive_the_terminal(
    unspin: Run, http_server: Server, tmp_path: Path
) -> None:
    for args in (
        [f"{http_server.base}/escape-status", "--allow-private-hosts"],
        [f"{http_server.base}/escape-type", "--allow-private-hosts"],
        [str(tmp_path / "\x1b]0;owned\x07\x1b[2Jmissing.txt")],
    ):
        line = one_error(unspin("analyze", *args, *SENTENCES))
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", line), repr(line)
        assert "\u241b" in line  # the ESC is shown as its control picture
