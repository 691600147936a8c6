"""Dispatch: which route a source takes, and the checks every route shares."""

from __future__ import annotations

import io
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from unspin.article import Article
from unspin.errors import InputError
from unspin.ingest import IngestOptions, load, load_bytes

TEXT = "Ferry fares rise again.\r\n\r\nCommuters call it “a tax on the northern shore”. 🚢\r\n"


def test_stdin_text_is_exact() -> None:
    article = load("-", stdin=io.BytesIO(TEXT.encode()))
    assert article.text == TEXT
    assert article.url is None


def test_stdin_defaults_to_sys_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbfFrom a pipe.\n")))
    assert load("-").text == "\ufeffFrom a pipe.\n"


def test_stdin_too_large() -> None:
    with pytest.raises(InputError, match="stdin is larger than the 100-byte limit"):
        load("-", IngestOptions(max_bytes=100), stdin=io.BytesIO(b"x" * 101))
    assert load("-", IngestOptions(max_bytes=100), stdin=io.BytesIO(b"x" * 100)).text == "x" * 100


def test_stdin_empty() -> None:
    with pytest.raises(InputError, match="empty input: stdin"):
        load("-", stdin=io.BytesIO(b""))


def test_stdin_binary() -> None:
    with pytest.raises(InputError, match=r"stdin looks like binary data \(PDF\)"):
        load("-", stdin=io.BytesIO(b"%PDF-1.4\n"))


def test_load_bytes_with_url_sets_url_and_outlet() -> None:
    article = load_bytes(TEXT.encode(), kind="text", url="https://www.example.org/a")
    assert (article.text, article.url, article.outlet) == (TEXT, "https://www.example.org/a", "example.org")


def test_unknown_kind() -> None:
    with pytest.raises(InputError, match="unknown input kind 'pdf'"):
        load_bytes(b"text", kind="pdf")


def test_default_options() -> None:
    options = IngestOptions()
    assert (options.max_bytes, options.timeout, options.max_redirects) == (5_000_000, 20.0, 5)
    assert options.allow_private_hosts is False


# --- pipes and FIFOs: a silent writer ends in an error, not a wait forever ---------------------------------


def _in_thread(job: Callable[[], object], seconds: float) -> object:
    """Run ``job`` in a daemon thread; fail if it is still running after ``seconds`` (it would hang)."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(job())
        except BaseException as exc:  # handed to the test
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still waiting after {seconds} s"
    return outcome[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_nobody_writes_to_times_out(tmp_path: Path) -> None:
    fifo = tmp_path / "feed"
    os.mkfifo(fifo)
    outcome = _in_thread(lambda: load(str(fifo), IngestOptions(timeout=0.3)), 10)
    assert isinstance(outcome, InputError)
    assert str(outcome) == (
        f"{fifo}: no data for 0.3 s (is anything writing to it?); give a slow writer more time with --timeout"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_with_a_slow_writer_is_read_to_its_end(tmp_path: Path) -> None:
    fifo = tmp_path / "feed"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "wb") as handle:
            for part in (b"Troops arrived ", b"in the valley.\n"):
                time.sleep(0.2)
                handle.write(part)
                handle.flush()

    threading.Thread(target=write, daemon=True).start()
    article = _in_thread(lambda: load(str(fifo), IngestOptions(timeout=2)), 10)
    assert isinstance(article, Article) and article.text == "Troops arrived in the valley.\n"


def test_a_silent_pipe_on_stdin_times_out() -> None:
    read_end, write_end = os.pipe()
    try:
        with os.fdopen(read_end, "rb", closefd=False) as stdin:
            outcome = _in_thread(lambda: load("-", IngestOptions(timeout=0.3), stdin=stdin), 10)
        assert isinstance(outcome, InputError) and str(outcome).startswith("stdin: no data for 0.3 s")
        os.write(write_end, b"Troops arrived.\n")
        os.close(write_end)
        write_end = -1
        with os.fdopen(read_end, "rb", closefd=False) as stdin:
            article = load("-", IngestOptions(timeout=0.3), stdin=stdin)
        assert article.text == "Troops arrived.\n" and article.source == "-"
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)
