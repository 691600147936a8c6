"""The store on SQLite and PostgreSQL: schema, idempotent writes, version-driven re-analysis, search,
and failures (read-only, locked, full) that must leave no partial rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from unspin.corpus import ReadOptions, add_sources
from unspin.corpus.run import RunOptions, run_pending
from unspin.store import Filters, StoreError, open_store, resolve_url, upgrade
from unspin.store.schema import analyses, articles, span_tables

TEXTS = [
    "The ministry said on Monday that 14 civilians were killed when shells hit the market in Port Sarel.",
    "Protesters gathered outside parliament on Friday, demanding the resignation of the finance minister.",
    "Officials confirmed that the bridge over the river will reopen next week after three months of repairs.",
]


def _corpus(folder: Path, texts: list[str] = TEXTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number, text in enumerate(texts):
        (folder / f"{number:03d}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def _rows(url: str, table: sa.Table) -> list[sa.Row]:
    with open_store(url, create=False) as store, store.reading() as connection:
        return list(connection.execute(sa.select(table)))


def test_new_store_is_created_at_the_newest_schema_and_upgrade_is_idempotent(db_url: str) -> None:
    with open_store(db_url) as store:
        assert store.counts() == {"articles": 0, "analysed": 0, "errors": 0, "in_near_duplicate_clusters": 0}
    assert upgrade(resolve_url(db_url)) == ("0001", "0001")


def test_adding_twice_stores_each_article_once(db_url: str, tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "in")
    with open_store(db_url) as store:
        first = add_sources(store, [str(folder)])
        second = add_sources(store, [str(folder)])
        assert store.counts()["articles"] == 3
    assert (first.added, first.duplicates) == (3, 0)
    assert (second.added, second.duplicates) == (0, 3)
    sources = sorted(row.source for row in _rows(db_url, articles))
    assert sources == [str(folder / f"{n:03d}.txt") for n in range(3)]


def test_run_analyses_pending_once_and_only_the_layer_whose_version_changed(
    db_url: str, tmp_path: Path
) -> None:
    options = RunOptions(only=("sentences", "dates"))
    with open_store(db_url) as store:
        add_sources(store, [str(_corpus(tmp_path / "in"))])
        report = run_pending(store, options)
        assert (report.pending, report.analysed, report.failed) == (3, 3, 0)
        assert run_pending(store, options).pending == 0
        before = {(r.article_id, r.analyzer): r.analysed_at for r in _rows(db_url, analyses)}
        with store.transaction() as connection:  # as if the dates analyzer had been upgraded since
            connection.execute(
                analyses.update()
                .where((analyses.c.article_id == 2) & (analyses.c.analyzer == "dates"))
                .values(version="0.0.1")
            )
        again = run_pending(store, options)
    assert (again.pending, again.analysed) == (1, 1)
    after = {(r.article_id, r.analyzer): (r.analysed_at, r.version) for r in _rows(db_url, analyses)}
    assert len(after) == 6
    changed = {key for key, (when, _) in after.items() if when != before[key]}
    assert changed == {(2, "dates")}
    assert after[(2, "dates")][1] == "1.0.0"


def test_span_tables_hold_one_row_per_span_with_article_and_outlet(db_url: str, tmp_path: Path) -> None:
    table = tmp_path / "in.jsonl"
    table.write_text(
        '{"text": "The ministry said 14 civilians were killed in Port Sarel on Monday.", '
        '"url": "https://valdoria-today.example/a", "published": "2026-03-14"}\n',
        encoding="utf-8",
    )
    with open_store(db_url) as store:
        add_sources(store, [str(table)])
        run_pending(store, RunOptions(only=("figures", "claims")))
        run_pending(store, RunOptions(only=("figures", "claims")))
        stored = store.article(1)
    figures = _rows(db_url, span_tables["figures"])
    assert len(figures) == len(stored.layer("figures")) >= 1
    assert [(f.start_offset, f.end_offset, f.text) for f in figures] == [
        (a.start, a.end, a.text) for a in stored.layer("figures")
    ]
    assert all(f.outlet_id == 1 and f.article_id == 1 for f in figures)
    assert figures[0].value == 14.0
    assert len(_rows(db_url, span_tables["claims"])) == len(stored.layer("claims"))
    for name, layer in stored.layers.items():
        assert all(stored.text[a.start : a.end] == a.text for a in layer), name


def test_search_finds_words_ranks_and_filters(db_url: str, tmp_path: Path) -> None:
    with open_store(db_url) as store:
        add_sources(store, [str(_corpus(tmp_path / "in"))])
        hits = store.search("bridge")
        assert [h["id"] for h in hits] == [3]
        assert "bridge" in hits[0]["snippet"]
        assert store.search("bridge", filters=Filters(outlets=("nowhere.example",))) == []
        assert store.search("zeppelin") == []
        with pytest.raises(StoreError, match="empty"):
            store.search("  ")


def test_a_failed_transaction_leaves_no_rows(db_url: str, tmp_path: Path) -> None:
    with open_store(db_url) as store:
        add_sources(store, [str(_corpus(tmp_path / "in"))])
        run_pending(store, RunOptions(only=("sentences",)))
        article = store.article(1)
        with pytest.raises(RuntimeError), store.transaction() as connection:
            connection.execute(analyses.delete())
            store.save_analyses(connection, 1, article, ["sentences"])
            raise RuntimeError("killed half-way")
        assert len(_rows(db_url, analyses)) == 3


def test_sqlite_read_only_database_is_one_error_and_nothing_changes(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    with open_store(f"sqlite:///{path}") as store:
        add_sources(store, [str(_corpus(tmp_path / "in", TEXTS[:1]))])
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    with open_store(read_only, create=False) as store:
        with pytest.raises(StoreError, match="readonly"):
            add_sources(store, [str(_corpus(tmp_path / "more", TEXTS[1:]))])
        assert store.counts()["articles"] == 1


def test_sqlite_locked_database_is_one_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import unspin.store.db as db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "store.db"
    with open_store(f"sqlite:///{path}"):
        pass
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with open_store(f"sqlite:///{path}") as store, pytest.raises(StoreError, match="locked"):
            add_sources(store, [str(_corpus(tmp_path / "in"))])
    finally:
        holder.rollback()
        holder.close()
    with open_store(f"sqlite:///{path}") as store:
        assert store.counts()["articles"] == 0


def test_sqlite_full_disk_rolls_the_batch_back(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    with open_store(f"sqlite:///{path}") as store:
        add_sources(store, [str(_corpus(tmp_path / "in", TEXTS[:1]))])
        pages = sqlite3.connect(path).execute("PRAGMA page_count").fetchone()[0]

        # SQLite's page cap makes the file "full" a few pages on, as a full disk would.
        @sa.event.listens_for(store.engine, "connect")
        def cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

        store.engine.dispose()
        big = [f"Report number {n}: " + " ".join(f"word{n}x{i}" for i in range(400)) for n in range(40)]
        with pytest.raises(StoreError, match="full"):
            add_sources(store, [str(_corpus(tmp_path / "big", big))], ReadOptions())
    with open_store(f"sqlite:///{path}") as store:
        assert store.counts()["articles"] == 1


def test_bad_database_urls_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unsupported database URL"):
        resolve_url("mysql://x@y/z")
    with pytest.raises(StoreError, match="no store at"):
        open_store(str(tmp_path / "missing.db"), create=False)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StoreError, match="not an unspin store"):
        open_store(str(other))
