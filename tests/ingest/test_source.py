"""Dispatch: which route a source takes, and the checks every route shares."""

from __future__ import annotations

import io
import sys

import pytest

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
