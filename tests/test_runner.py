"""The runner: sources in, one result per source out, in input order, errors named by their source."""

from __future__ import annotations

import io
import multiprocessing
from collections.abc import Iterator
from pathlib import Path

import pytest

from unspin.errors import InputError
from unspin.runner import Overrides, Result, Runner, RunOptions, iso_published

SENTENCES = RunOptions(only=("sentences",))


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("north.txt").write_text("The ferry stops on Sundays. Commuters are angry.\n", encoding="utf-8")
    Path("south.txt").write_text("The southern pier reopens in May.\n", encoding="utf-8")
    Path("empty.txt").write_bytes(b"")
    return tmp_path


def _summary(results: list[Result]) -> list[tuple[str, bool]]:
    return [(r.source, r.ok) for r in results]


@pytest.mark.parametrize("batch_size", [1, 2, 4])
def test_results_come_in_input_order_with_each_failure_in_its_place(folder: Path, batch_size: int) -> None:
    sources = ["missing.txt", "north.txt", "empty.txt", "south.txt", "north.txt", "missing.txt"]
    options = RunOptions(only=("sentences",), batch_size=batch_size)
    with Runner(options) as runner:
        results = list(runner.run(sources))
    assert _summary(results) == [(s, s in ("north.txt", "south.txt")) for s in sources]
    for result in results:
        if result.article is not None:
            assert result.error is None
            assert result.article.source == result.source
            assert result.article.text == Path(result.source).read_text(encoding="utf-8")
            assert result.article.layer("sentences")
        else:
            assert result.error is not None and result.source in str(result.error)


def test_a_stream_of_sources_is_read_lazily(folder: Path) -> None:
    read: list[str] = []

    def sources() -> Iterator[str]:
        for name in ["north.txt", "south.txt", "north.txt"]:
            read.append(name)
            yield name

    runner = Runner(RunOptions(only=("sentences",), batch_size=1))
    first = next(runner.run(sources()))
    assert first.source == "north.txt" and first.ok
    assert len(read) < 3


def test_overrides_replace_what_ingestion_found(folder: Path) -> None:
    overrides = Overrides(
        title="Ferry", url="https://example.com/f", outlet="example.com", published="2026-03-14"
    )
    [result] = Runner(RunOptions(only=("sentences",), overrides=overrides)).run(["north.txt"])
    assert result.article is not None
    meta = result.article.metadata()
    assert (meta["title"], meta["url"], meta["outlet"], meta["published"]) == (
        "Ferry",
        "https://example.com/f",
        "example.com",
        "2026-03-14",
    )


@pytest.mark.parametrize("value", ["yesterday", "14/03/2026", "2026-02-30", ""])
def test_a_bad_published_override_is_refused_before_any_source_is_read(value: str) -> None:
    with pytest.raises(InputError, match="ISO date"):
        Overrides(published=value)


def test_published_keeps_a_date_time_and_shortens_nothing_else() -> None:
    assert iso_published("2026-03-14") == "2026-03-14"
    assert iso_published("2026-03-14T09:30:00+01:00") == "2026-03-14T09:30:00+01:00"


def test_standard_input_once_and_only_once(folder: Path) -> None:
    runner = Runner(SENTENCES, stdin=io.BytesIO(b"Read from standard input.\n"))
    [result] = runner.run(["-"])
    assert result.article is not None and result.article.source == "-"
    with pytest.raises(InputError, match="only once"):
        list(runner.run(["-", "north.txt", "-"]))


def test_nothing_in_nothing_out() -> None:
    assert list(Runner(SENTENCES).run([])) == []


def test_articles_already_read_go_through_with_the_overrides(folder: Path) -> None:
    from unspin.article import Article

    made = Article("Made in Python. It has two sentences.")
    stored = Article("Read from a store.", source="db:7")
    runner = Runner(RunOptions(only=("sentences",), overrides=Overrides(outlet="example.com")))
    results = list(runner.run([made, "north.txt", stored, "missing.txt"]))
    assert _summary(results) == [("input", True), ("north.txt", True), ("db:7", True), ("missing.txt", False)]
    assert results[0].article is made and made.outlet == "example.com" and made.layer("sentences")
    assert [r.source for r in runner.analyse([stored])] == ["db:7"]


def test_start_starts_the_workers_before_any_source_is_read() -> None:
    with Runner(RunOptions(only=("sentences",), jobs=2)) as runner:
        runner.start()
        assert len(multiprocessing.active_children()) == 2
    assert not multiprocessing.active_children()
    with Runner(RunOptions(only=("sentences",))) as runner:
        runner.start()  # one job: no worker
        assert not multiprocessing.active_children()
