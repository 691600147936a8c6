"""The writer registry: formats by name, one registration for a new one, atomic files with umask modes."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from unspin.article import Article
from unspin.errors import InputError, UnspinError
from unspin.report.writers import (
    WRITERS,
    Writer,
    atomic_output,
    get_writer,
    register_writer,
    write_results,
    writer_names,
)
from unspin.runner import Result


class Shout(Writer):
    """A test format: the title in capitals, one file per article."""

    name = "shout-test"
    suffix = ".shout"
    per_article = True

    def render(self, article: Article) -> str:
        if article.title is None:
            raise InputError("this format needs a title")
        return article.title.upper() + "\n"


@pytest.fixture
def shout() -> Iterator[Writer]:
    with WRITERS.override(Shout):
        yield get_writer("shout-test")


def test_the_built_in_formats_are_registered() -> None:
    assert set(writer_names()) >= {"terminal", "json", "jsonl", "html", "geojson"}
    assert get_writer("geojson").requires == ("places",)


def test_an_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(UnspinError, match=r"unknown output format 'pdf'; known: .*jsonl"):
        get_writer("pdf")


def test_two_formats_cannot_share_a_name(shout: Writer) -> None:
    class Other(Shout):
        pass

    with pytest.raises(ValueError, match="two writers named 'shout-test'"):
        register_writer(Other)


def test_a_new_format_is_one_registration(shout: Writer, tmp_path: Path) -> None:
    results = [
        Result("a.txt", article=Article("Some text.", title="Ferry stops")),
        Result("b.txt", error=InputError("no such file: b.txt")),
        Result("c.txt", article=Article("Other text.")),  # render refuses it: no title
        Result("d.txt", article=Article("More text.", title="Pier opens")),
    ]
    failed: list[str] = []
    done = write_results(
        shout, results, tmp_path / "out", several=True, on_error=lambda source, exc: failed.append(source)
    )
    assert (done.written, done.failed) == (2, 2)
    assert failed == ["b.txt", "c.txt"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.shout", "d.shout"]
    assert (tmp_path / "out" / "a.shout").read_text(encoding="utf-8") == "FERRY STOPS\n"


def test_a_stream_where_every_source_failed_keeps_the_old_file(tmp_path: Path) -> None:
    old = tmp_path / "all.jsonl"
    old.write_text("old\n", encoding="utf-8")
    with pytest.raises(UnspinError, match="all 1 sources failed"):
        write_results(
            get_writer("jsonl"),
            [Result("x.txt", error=InputError("no such file: x.txt"))],
            old,
            several=True,
            on_error=lambda source, exc: None,
        )
    assert old.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["all.jsonl"]


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path: Path, umask: None) -> None:
    with atomic_output(tmp_path / "report.html") as handle:
        handle.write("x")
    assert stat.S_IMODE((tmp_path / "report.html").stat().st_mode) == 0o644
    os.umask(0o077)
    with atomic_output(tmp_path / "private.html") as handle:
        handle.write("x")
    assert stat.S_IMODE((tmp_path / "private.html").stat().st_mode) == 0o600


def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask: None) -> None:
    target = tmp_path / "shared.jsonl"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o664)
    with atomic_output(target) as handle:
        handle.write("new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o664
    assert target.read_text(encoding="utf-8") == "new"
