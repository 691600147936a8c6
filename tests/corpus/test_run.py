"""``run``: resumable after ``kill -9``, exactly once per article, per-article errors recorded."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from unspin.analyzer import ANALYZERS, Analyzer
from unspin.article import Annotation, Article
from unspin.corpus import add_sources
from unspin.corpus.run import RunOptions, run_pending
from unspin.runner import Runner
from unspin.runner import RunOptions as RunnerOptions
from unspin.store import open_store
from unspin.store.schema import analyses, span_tables

TOWNS = ["Port Sarel", "Valdoria", "Paris", "Berlin", "Madrid", "Lisbon", "Vienna", "Warsaw"]


def _corpus(path: Path, count: int) -> str:
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            town, other = TOWNS[n % len(TOWNS)], TOWNS[(n * 3 + 1) % len(TOWNS)]
            text = (
                f"Report {n}: delegates from {town} met their peers from {other} on day {n} of the talks. "
                f"The mayor of {town} said {n + 2} agreements were signed, and officials in {other} agreed. "
            ) * 3
            handle.write(json.dumps({"text": text, "url": f"https://news.example/{n}"}) + "\n")
    return str(path)


def _analysed(url: str) -> dict[tuple[int, str], object]:
    with open_store(url, create=False) as store, store.reading() as connection:
        return {(r.article_id, r.analyzer): r.analysed_at for r in connection.execute(sa.select(analyses))}


@pytest.mark.slow
def test_kill_9_mid_run_then_rerun_analyses_every_article_exactly_once(db_url: str, tmp_path: Path) -> None:
    total = 40
    with open_store(db_url) as store:
        assert add_sources(store, [_corpus(tmp_path / "in.jsonl", total)]).added == total
    command = [sys.executable, "-c", "from unspin.cli import main; main()", "run", "--db", db_url]
    command += ["--only", "places", "--batch-size", "1", "--quiet"]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=os.environ.copy()
    )
    deadline = time.monotonic() + 240
    try:
        while len(_analysed(db_url)) < 3 * 3 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL, process.stderr.read() if process.stderr else ""
    before = _analysed(db_url)
    done = {article for article, _ in before}
    assert 0 < len(done) < total, "the run was not killed mid-way"
    assert all(len([k for k in before if k[0] == a]) == 3 for a in done)  # sentences, entities, places

    rerun = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy(), check=False)
    assert rerun.returncode == 0, rerun.stderr
    after = _analysed(db_url)
    assert len(after) == 3 * total
    assert {k: after[k] for k in before} == before  # nothing analysed twice
    with open_store(db_url, create=False) as store:
        assert store.count_pending({"sentences": "1.0.0", "entities": "1.0.0", "places": "1.0.0"}) == 0
        for article_id in (1, total // 2, total):
            stored = store.article(article_id)
            with store.reading() as connection:
                rows = connection.execute(
                    sa.select(span_tables["places"]).where(span_tables["places"].c.article_id == article_id)
                ).all()
            assert len(rows) == len(stored.layer("places")) > 0


class _Fragile(Analyzer):
    """An analyzer that fails on articles containing 'explode', as a buggy plugin would."""

    name = "fragile"
    version = "1.0.0"
    description = "Fails on one article."
    default = False

    def annotate(self, article: Article) -> list[Annotation]:
        if "explode" in article.text:
            raise RuntimeError("cannot handle this article")
        return []


@pytest.fixture
def fragile_analyzer() -> Iterator[None]:
    with ANALYZERS.override(_Fragile):
        yield


@pytest.mark.usefixtures("fragile_analyzer")
def test_a_failing_article_is_recorded_and_the_rest_are_analysed(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n, text in enumerate(["A calm report.", "This one will explode.", "Another calm report."]):
        (folder / f"{n}.txt").write_text(text, encoding="utf-8")
    options = RunOptions(only=("fragile",), batch_size=4)
    with open_store(db_url) as store:
        add_sources(store, [str(folder)])
        report = run_pending(store, options)
        assert (report.analysed, report.failed) == (2, 1)
        assert report.errors == [(2, "RuntimeError: cannot handle this article")]
        assert store.counts()["errors"] == 1
        assert run_pending(store, options).pending == 0  # failed articles wait for --retry-errors
        retry = run_pending(store, RunOptions(only=("fragile",), retry_errors=True))
        assert (retry.pending, retry.failed) == (1, 1)


@pytest.mark.usefixtures("fragile_analyzer")
def test_a_failure_mid_stream_costs_only_its_article_and_commits_stay_batch_sized(
    db_url: str, tmp_path: Path
) -> None:
    """The articles stream through the runner: a failure in the third batch is retried article by article,
    the stream resumes after it, and every commit holds at most one batch."""
    texts = [f"Calm report number {n}." for n in range(9)]
    texts[5] = "This one will explode."
    folder = tmp_path / "in"
    folder.mkdir()
    for n, text in enumerate(texts):
        (folder / f"{n}.txt").write_text(text, encoding="utf-8")
    commits: list[int] = []
    with open_store(db_url) as store:
        add_sources(store, [str(folder)])
        report = run_pending(store, RunOptions(only=("fragile",), batch_size=2), on_done=commits.append)
        assert (report.pending, report.analysed, report.failed) == (9, 8, 1)
        assert report.errors == [(6, "RuntimeError: cannot handle this article")]
        assert commits == [2, 2, 2, 2, 1]
        assert len(_analysed(db_url)) == 8 and (6, "fragile") not in _analysed(db_url)
        assert run_pending(store, RunOptions(only=("fragile",))).pending == 0


def test_a_given_runner_does_all_the_work_and_stays_open(db_url: str, tmp_path: Path) -> None:
    """A server passes its started runner: pending articles, including ones that need only some of its
    analyzers, are analysed by it, and it is still usable afterwards."""
    corpus = _corpus(tmp_path / "in.jsonl", 3)
    with open_store(db_url) as store, Runner(RunnerOptions(only=("places",))) as runner:
        add_sources(store, [corpus])
        with store.transaction() as connection:  # article 2 already has a current 'sentences' layer
            store.save_analyses(connection, 2, runner.pipeline(store.article(2)), ["sentences"])
        report = run_pending(store, runner=runner)
        assert (report.pending, report.analysed, report.failed) == (3, 3, 0)
        assert len(_analysed(db_url)) == 3 * 3
        assert [r.ok for r in runner.analyse([Article("Talks resumed in Vienna.")])] == [True]
