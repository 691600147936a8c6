"""``unspin run --engine ray``: the same analysis spread over a Ray cluster with Ray Data.

The articles come from the store (its pending ones: only their ids travel; each actor reads the texts
from the store itself, so the store must be reachable from the workers: an SQLite file on a local Ray
instance, PostgreSQL on a cluster) or straight from files (``--input``: Parquet, JSONL, CSV or WARC,
read one file per task by the same readers as ``unspin add``; non-English texts are marked there and not
analysed). They are analysed in ``map_batches`` by a pool of actors, each holding loaded runners (the
models load once per actor) with its numeric libraries (ONNX Runtime, BLAS) on the actor's CPUs only.
Results come back to the driver in input order as rows of :func:`schema` and go either into the store
(:func:`save_rows`: the same transactions as ``unspin run``, so a killed run resumes, and for rows read
from files the same duplicate, cluster and language rules as ``unspin add``) or into Parquet files
(:func:`write_parquet`) that ``unspin db import`` loads later.
"""

from __future__ import annotations

import itertools
import logging
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

from unspin.article import Article
from unspin.corpus.add import AddReport, write_records
from unspin.corpus.language import non_english
from unspin.corpus.readers import ReadOptions, Record, read
from unspin.corpus.run import (
    Job,
    Outcome,
    RunOptions,
    RunReport,
    analyse,
    expected_versions,
    runner_for,
    save_outcomes,
)
from unspin.errors import InputError, UnspinError
from unspin.runner import Runner
from unspin.store import Store, open_store

ROWS_PER_FILE = 5_000  # rows per Parquet file written
COMMIT_EVERY = 64  # rows per store transaction
BLOCK_BYTES = 1 << 20
_THREAD_VARIABLES = ("UNSPIN_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def schema() -> Any:
    """One row per article, before and after analysis.

    ``article_id``: the store's id (0: read from a file, not stored yet); ``analyzers``: the
    comma-separated analyzers to run (empty: the run's own choice); ``where``: the record's position in
    its file; ``skip``: the language of a non-English text (not analysed); ``document``: the article as
    unspin/1 JSON, analysed once it has been through the actors; ``error``: why the record could not be
    read or analysed.
    """
    import pyarrow as pa

    return pa.schema(
        [
            ("article_id", pa.int64()),
            ("analyzers", pa.string()),
            ("where", pa.string()),
            ("skip", pa.string()),
            ("document", pa.large_string()),
            ("error", pa.string()),
        ]
    )


def _row(article_id: int = 0, analyzers: str = "", where: str = "", **values: str) -> dict[str, Any]:
    row: dict[str, Any] = {"article_id": article_id, "analyzers": analyzers, "where": where}
    row.update({name: values.get(name, "") for name in ("skip", "document", "error")})
    return row


@dataclass(frozen=True)
class RayOptions:
    """Where and how wide: a Ray address (None: a local instance on this machine's cores), the number
    of actors (0: as many as the cluster's CPUs allow) and the CPUs each actor gets."""

    address: str | None = None
    actors: int = 0
    cpus_per_actor: int = 1


@dataclass
class ImportReport:
    """What became of every row: analyses stored (``run``) and, for rows read from files, what adding
    them did (``add``)."""

    run: RunReport = field(default_factory=RunReport)
    add: AddReport = field(default_factory=AddReport)


def connect(options: RayOptions) -> Any:
    """Ray, joined to the cluster at ``options.address`` or to a new local instance; an existing
    connection (a notebook's, a test's) is reused."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise UnspinError("--engine ray needs Ray: pip install 'unspin[ray]'") from None
    if not ray.is_initialized():
        try:
            ray.init(
                address=options.address,
                include_dashboard=False,
                log_to_driver=False,
                logging_level=logging.WARNING,
            )
        except (ConnectionError, ValueError, RuntimeError) as exc:
            where = options.address or "a new local instance"
            raise UnspinError(f"cannot start Ray at {where}: {str(exc).splitlines()[0]}") from None
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # results in input order: the same clusters
    context.enable_progress_bars = False  # the command shows its own
    # A file's records leave its reader in blocks of this size (~100 articles), each one actor's task:
    # small enough to spread one big WARC over many actors. (A repartition would need a CPU of its own,
    # and the actors hold them all.)
    context.target_max_block_size = BLOCK_BYTES
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    # Ray Data's advice about how a small run uses its actors is no concern of the command's users.
    warnings.filterwarnings("ignore", category=UserWarning, module=r"ray\.data\.")
    return ray


class AnalyseRows:
    """The Ray actor: loaded runners (one per set of analyzers asked for), reused for every batch."""

    def __init__(self, options: RunOptions, db: str | None) -> None:
        self.options = options
        self.db = db
        self.store: Store | None = None
        self.runners: dict[str, Runner] = {}

    def _runner(self, names: str) -> Runner:
        if names not in self.runners:
            if names:
                self.runners[names] = runner_for(self.options, names.split(","), ())
            else:
                self.runners[names] = runner_for(self.options, self.options.only, self.options.skip)
        return self.runners[names]

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        rows: list[dict[str, Any]] = batch.to_pylist()
        self._load(rows)
        groups: dict[str, list[Job]] = {}
        for index, row in enumerate(rows):
            if row["document"] and not row["skip"] and not row["error"]:
                article = Article.from_json(row["document"])
                groups.setdefault(row["analyzers"], []).append((index, article, frozenset()))
        for names, jobs in groups.items():
            for index, analysed, error in analyse(self._runner(names), jobs):
                if analysed is not None:
                    rows[index]["document"] = analysed.to_json(indent=None)
                rows[index]["error"] = error or ""
        return pa.Table.from_pylist(rows, schema=schema())

    def _load(self, rows: list[dict[str, Any]]) -> None:
        """Fill in the stored articles' texts (only their ids travel through Ray)."""
        wanted = [row["article_id"] for row in rows if row["article_id"] and not row["document"]]
        if not wanted:
            return
        if self.store is None:
            self.store = open_store(self.db, create=False)
        stored = self.store.articles(wanted)
        for row in rows:
            if row["article_id"] and not row["document"]:
                article = stored.get(row["article_id"])
                if article is None:
                    row["error"] = "no longer in the store"
                else:
                    row["document"] = article.to_json(indent=None)


def read_source(item: dict[str, Any], options: ReadOptions) -> list[dict[str, Any]]:
    """Ray ``flat_map``: every record of one input file as a row (non-English ones marked to skip)."""
    rows = []
    for record in read(item["source"], options):
        if record.article is None:
            rows.append(_row(where=record.where, error=record.error or "unreadable"))
            continue
        language = non_english(record.article.text) or ""
        rows.append(_row(where=record.where, skip=language, document=record.article.to_json(indent=None)))
    return rows


def analysed_rows(
    store: Store | None,
    sources: Sequence[str],
    options: RunOptions,
    ray_options: RayOptions,
    read_options: ReadOptions | None = None,
) -> Iterator[dict[str, Any]]:
    """Analyse on Ray and yield the result rows in input order: every record of ``sources``, or (none
    given) the store's pending articles."""
    ray = connect(ray_options)
    db = None
    if sources:
        items = [{"source": source} for source in sources]
        # Reading takes no CPU of its own in the scheduler's books: the actors hold every CPU for as long
        # as the run lasts, and a reader waiting for one would wait forever.
        dataset = ray.data.from_items(items).flat_map(
            read_source, fn_kwargs={"options": read_options or ReadOptions()}, num_cpus=0
        )
    else:
        assert store is not None
        db = _absolute(store.url)
        jobs = pending_ids(store, options)
        if not jobs:
            return
        dataset = ray.data.from_items([_row(i, ",".join(sorted(names))) for i, names in jobs])
    cpus = max(1, ray_options.cpus_per_actor)
    actors = ray_options.actors or max(1, int(ray.cluster_resources().get("CPU", 1)) // cpus)
    analysed = dataset.map_batches(
        AnalyseRows,
        fn_constructor_kwargs={"options": options, "db": db},
        batch_format="pyarrow",
        batch_size=max(1, options.batch_size),
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=cpus,
        runtime_env={"env_vars": {name: str(cpus) for name in _THREAD_VARIABLES}},
    )
    for batch in analysed.iter_batches(batch_format="pyarrow", batch_size=None):
        yield from batch.to_pylist()


def _absolute(url: str) -> str:
    """An SQLite URL with an absolute path: Ray's workers need not start in the driver's folder."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
        return prefix + str(Path(url[len(prefix) :]).resolve())
    return url


def pending_ids(store: Store, options: RunOptions) -> list[tuple[int, frozenset[str]]]:
    """Every pending article's id with the analyzers it needs (ids only: 10 M of them fit in memory)."""
    pipeline = runner_for(options, options.only, options.skip).pipeline
    expected = expected_versions(pipeline)
    jobs: list[tuple[int, frozenset[str]]] = []
    while chunk := store.pending_ids(
        expected, after=jobs[-1][0] if jobs else 0, limit=10_000, retry_errors=options.retry_errors
    ):
        jobs.extend(chunk)
    return jobs


def save_rows(
    store: Store, rows: Iterable[dict[str, Any]], report: ImportReport | None = None
) -> ImportReport:
    """Store analysed rows, :data:`COMMIT_EVERY` to a transaction: analyses of stored articles replace
    their old ones; articles read from files are added as ``unspin add`` adds them, with their analyses
    (or their analysis error) in the same transaction."""
    report = report or ImportReport()
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, COMMIT_EVERY)):
        _save_chunk(store, chunk, report)
    return report


def _save_chunk(store: Store, rows: list[dict[str, Any]], report: ImportReport) -> None:
    stored: dict[str, list[Outcome]] = {}
    records: list[Record] = []
    errors: dict[int, str] = {}  # id(article) → its analysis error, for articles new to the store
    for row in rows:
        report.add.read += not row["article_id"]
        article = _document(row)
        error = row["error"] or None
        if row["article_id"]:
            outcome = (row["article_id"], None if error else article, error)
            stored.setdefault(row["analyzers"], []).append(outcome)
        elif row["skip"]:
            report.add.non_english += 1
            report.add.languages[row["skip"]] = report.add.languages.get(row["skip"], 0) + 1
        elif article is None:
            report.add.malformed.append((row["where"], error or "unreadable"))
        else:
            records.append(Record(row["where"], article=article))
            if error:
                errors[id(article)] = error
    for names, outcomes in stored.items():
        save_outcomes(store, frozenset(names.split(",")), outcomes, report.run)
    if records:

        def store_analyses(connection: Connection, article_id: int, article: Article) -> None:
            error = errors.get(id(article))
            if error is None:
                store.save_analyses(connection, article_id, article, list(article.layers))
            else:
                store.record_error(connection, article_id, error)
            report.run.count(article_id, error)

        write_records(store, records, report.add, on_insert=store_analyses)


def _document(row: dict[str, Any]) -> Article | None:
    if not row["document"]:
        return None
    try:
        return Article.from_json(row["document"])
    except UnspinError as exc:
        raise InputError(f"{row['where'] or row['article_id']}: not an analysed article: {exc}") from None


def write_parquet(rows: Iterable[dict[str, Any]], folder: Path) -> int:
    """Write rows to ``folder/part-NNNNN.parquet`` (:data:`ROWS_PER_FILE` each, in order); each file is
    written under a temporary name and renamed when complete. Returns the number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    iterator = iter(rows)
    count = 0
    for number in itertools.count():
        chunk = list(itertools.islice(iterator, ROWS_PER_FILE))
        if not chunk:
            return count
        target = folder / f"part-{number:05d}.parquet"
        partial = target.with_name(f".{target.name}.partial")
        pq.write_table(pa.Table.from_pylist(chunk, schema=schema()), partial)
        partial.replace(target)
        count += len(chunk)
    return count


def read_parquet(paths: Sequence[str]) -> Iterator[dict[str, Any]]:
    """The rows of Parquet files written by :func:`write_parquet` (folders: their part files in order)."""
    import pyarrow.parquet as pq

    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(sorted(path.glob("part-*.parquet")))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"no such file or folder: {given}")
    if not files:
        raise InputError(f"no part-*.parquet files in {', '.join(paths)}")
    wanted = set(schema().names)
    for file in files:
        try:
            parquet = pq.ParquetFile(file)
        except (OSError, ValueError) as exc:
            raise InputError(f"{file}: not a Parquet file: {exc}") from None
        if not wanted <= set(parquet.schema_arrow.names):
            raise InputError(f"{file}: not written by 'unspin run --engine ray' (columns {sorted(wanted)})")
        for batch in parquet.iter_batches(columns=sorted(wanted)):
            yield from batch.to_pylist()
