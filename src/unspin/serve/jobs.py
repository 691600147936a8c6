"""Long work as jobs, with their state in the store so they survive a restart.

A job either adds sources to the store and then analyses what is pending (``add``: a feed, a WARC, a
table or a folder from the server's inbox folder, or http(s) URLs), or only analyses what is pending
(``run``: new articles, or analyses of an older analyzer version). One job runs at a time, in a thread
of the server, through the server's own runner (:class:`~unspin.serve.analysis.Analyst`): no second
copy of the models, and interactive requests are served between a job's batches.

Both steps are safe to repeat, which is what resuming is: adding skips articles already stored (exact
duplicates), and analysing takes only what is still pending, a batch at a time, each batch's analyses
and the job's progress committed in one transaction. A job that was queued or running when the server
stopped (even by ``kill -9``) runs again at the next start from where the store stands, so no article is
lost or stored or analysed twice. The table ``serve_jobs`` is the server's own: it is created in the
store when missing and nothing else reads it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from unspin.article import Article
from unspin.corpus import AddReport, ReadOptions, add_sources
from unspin.errors import InputError, UnspinError
from unspin.serve.analysis import BATCH, Analyst
from unspin.serve.config import ServeConfig
from unspin.store import Store

log = logging.getLogger("unspin.serve")
KINDS = ("add", "run")
UNFINISHED = ("queued", "running")
MAX_SOURCES = 100

metadata = sa.MetaData()
jobs = sa.Table(
    "serve_jobs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("params", sa.JSON, nullable=False),
    sa.Column("state", sa.String(16), nullable=False),  # queued, running, done, failed
    sa.Column("phase", sa.String(16), nullable=False),  # add, analyse (where a resumed job goes on)
    sa.Column("read", sa.Integer, nullable=False, default=0),
    sa.Column("added", sa.Integer, nullable=False, default=0),
    sa.Column("duplicates", sa.Integer, nullable=False, default=0),
    sa.Column("skipped", sa.Integer, nullable=False, default=0),  # malformed or not English
    sa.Column("total", sa.Integer),  # articles to analyse, once known
    sa.Column("analysed", sa.Integer, nullable=False, default=0),
    sa.Column("failed", sa.Integer, nullable=False, default=0),
    sa.Column("error", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)


def _now() -> datetime:
    return datetime.now(UTC)


def expected_versions(analyst: Analyst) -> dict[str, str]:
    """{analyzer: version} of the server's runner: what "analysed" means for the store."""
    return {a.name: a.version for a in analyst.runner.pipeline.analyzers}


def save_outcomes(
    store: Store, connection: sa.Connection, done: Sequence[tuple[int, frozenset[str], Article | UnspinError]]
) -> int:
    """Store each article's analyses of ``names`` (or its error); the number that failed."""
    failed = 0
    for article_id, names, outcome in done:
        if isinstance(outcome, Article):
            store.save_analyses(connection, article_id, outcome, names)
        else:
            store.record_error(connection, article_id, str(outcome))
            failed += 1
    return failed


def check_sources(config: ServeConfig, sources: Sequence[str]) -> list[str]:
    """The sources of an ``add`` job, as the job will read them; :class:`InputError` for any the server
    may not read: files only from its ``--inbox`` folder, otherwise http(s) URLs (fetched safely)."""
    if not sources:
        raise InputError("an add job needs at least one source")
    if len(sources) > MAX_SOURCES:
        raise InputError(f"at most {MAX_SOURCES} sources a job")
    checked = []
    for source in sources:
        if source[:8].lower().startswith(("http://", "https://")):
            checked.append(source)
            continue
        if config.inbox is None:
            raise InputError(f"{source!r}: this server reads no files (start it with --inbox DIR); give URLs")
        inbox = Path(config.inbox).resolve()
        path = (inbox / source).resolve()
        if not path.is_relative_to(inbox):
            raise InputError(f"{source!r} is outside the server's inbox folder")
        if not path.exists():
            raise InputError(f"{source!r}: no such file or folder in the server's inbox")
        checked.append(str(path))
    return checked


class Jobs:
    """The jobs of one store, run one at a time by a thread that :meth:`start` starts."""

    def __init__(self, store: Store, analyst: Analyst, config: ServeConfig) -> None:
        self.store = store
        self.analyst = analyst
        self.config = config
        metadata.create_all(store.engine, checkfirst=True)
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    # --- the API's side ------------------------------------------------------------------------------

    def create(self, kind: str, params: dict[str, Any]) -> dict[str, Any]:
        """Queue a job; it starts when the jobs before it are finished."""
        if kind not in KINDS:
            raise InputError(f"unknown job kind {kind!r}; one of: {', '.join(KINDS)}")
        now = _now()
        row = {
            "kind": kind,
            "params": params,
            "state": "queued",
            "phase": "add" if kind == "add" else "analyse",
        }
        with self.store.transaction() as connection:
            result = connection.execute(jobs.insert().values(**row, created_at=now, updated_at=now))
            job_id = int(result.inserted_primary_key[0])  # type: ignore[index]
        self._wake.set()
        return self.get(job_id)

    def get(self, job_id: int) -> dict[str, Any]:
        with self.store.reading() as connection:
            row = connection.execute(sa.select(jobs).where(jobs.c.id == job_id)).first()
        if row is None:
            raise InputError(f"no job {job_id}")
        return describe(row._mapping)

    def recent(self, limit: int = 50) -> list[dict[str, Any]]:
        with self.store.reading() as connection:
            rows = connection.execute(sa.select(jobs).order_by(jobs.c.id.desc()).limit(limit)).all()
        return [describe(row._mapping) for row in rows]

    # --- the worker's side ---------------------------------------------------------------------------

    def start(self) -> None:
        """Run queued jobs, first any that a stopped server left unfinished."""
        if self._thread is None:
            self._stopping.clear()
            self._thread = threading.Thread(target=self._loop, name="unspin-jobs", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 60.0) -> None:
        """Stop after the batch in flight; an unfinished job stays queued for the next start."""
        if self._thread is not None:
            self._stopping.set()
            self._wake.set()
            self._thread.join(timeout)
            self._thread = None

    def _next(self) -> dict[str, Any] | None:
        with self.store.reading() as connection:
            row = connection.execute(
                sa.select(jobs).where(jobs.c.state.in_(UNFINISHED)).order_by(jobs.c.id).limit(1)
            ).first()
        return None if row is None else dict(row._mapping)

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                job = self._next()
            except UnspinError as exc:  # the database went away: try again later
                log.warning("jobs: %s", exc)
                job = None
            if job is None:
                self._wake.wait(5.0)
                self._wake.clear()
                continue
            self._run(job)

    def _update(self, job_id: int, *, connection: sa.Connection | None = None, **values: Any) -> None:
        statement = jobs.update().where(jobs.c.id == job_id).values(**values, updated_at=_now())
        if connection is not None:
            connection.execute(statement)
            return
        with self.store.transaction() as own:
            own.execute(statement)

    def _run(self, job: dict[str, Any]) -> None:
        job_id = int(job["id"])
        try:
            self._update(job_id, state="running")
            if job["phase"] == "add":
                self._add(job)
                self._update(job_id, phase="analyse")
            if self._analyse(job):
                self._update(job_id, state="done")
        except UnspinError as exc:
            self._update(job_id, state="failed", error=str(exc))
        except Exception as exc:  # a bug: the job fails with a line, the server goes on
            log.exception("job %s failed", job_id)
            self._update(job_id, state="failed", error=f"internal error: {type(exc).__name__}")

    def _add(self, job: dict[str, Any]) -> None:
        """Add the job's sources. Repeated after a restart, it reads every source again and finds its
        first attempt's articles as duplicates, which are counted as this job's adds, not duplicates."""
        job_id = int(job["id"])
        before = int(job["added"])  # what earlier attempts of this job committed
        committed = [-1]

        def counts(report: AddReport) -> dict[str, Any]:
            return {
                "read": report.read,
                "added": before + report.added,
                "duplicates": max(0, report.duplicates - before),
                "skipped": len(report.malformed) + report.non_english,
            }

        def progress(report: AddReport) -> None:
            stored = report.added + report.duplicates + report.non_english
            if stored != committed[0]:  # a batch was committed: keep the counts with it
                committed[0] = stored
                self._update(job_id, **counts(report))

        sources = list(job["params"].get("sources") or [])
        report = add_sources(self.store, sources, ReadOptions(ingest=self.config.ingest), on_record=progress)
        self._update(job_id, **counts(report))

    def _analyse(self, job: dict[str, Any]) -> bool:
        """Analyse what is pending, a batch a transaction; False if the server is stopping first."""
        job_id = int(job["id"])
        retry = bool(job["params"].get("retry_errors"))
        expected = expected_versions(self.analyst)
        row = self.get(job_id)
        analysed, failed = int(row["progress"]["analysed"]), int(row["progress"]["failed"])
        self._update(job_id, total=analysed + failed + self.store.count_pending(expected, retry))
        after = 0
        while True:
            if self._stopping.is_set():
                return False
            chunk = self.store.pending(expected, after=after, limit=BATCH * 2, retry_errors=retry)
            if not chunk:
                return True
            after = chunk[-1][0]  # an article that fails stays pending with retry_errors: not again
            outcomes = self.analyst.analyse_many([article for _, article, _ in chunk])
            done = [(i, names, outcome) for (i, _, names), outcome in zip(chunk, outcomes, strict=True)]
            with self.store.transaction() as connection:
                bad = save_outcomes(self.store, connection, done)
                analysed, failed = analysed + len(done) - bad, failed + bad
                self._update(job_id, connection=connection, analysed=analysed, failed=failed)


def describe(row: Any) -> dict[str, Any]:
    """A job as the API shows it."""
    return {
        "id": int(row["id"]),
        "kind": row["kind"],
        "params": row["params"],
        "state": row["state"],
        "phase": row["phase"],
        "added": {
            "read": row["read"],
            "added": row["added"],
            "duplicates": row["duplicates"],
            "skipped": row["skipped"],
        },
        "progress": {"total": row["total"], "analysed": row["analysed"], "failed": row["failed"]},
        "error": row["error"],
        "created_at": row["created_at"].isoformat() if row["created_at"] else None,
        "updated_at": row["updated_at"].isoformat() if row["updated_at"] else None,
    }
