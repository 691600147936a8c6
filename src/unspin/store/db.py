"""Opening, migrating and writing the store; every database failure becomes one-line :class:`StoreError`.

Writes happen in explicit transactions (:meth:`Store.transaction`): a killed process, a locked or
read-only database or a full disk rolls the whole transaction back, so no half-written article or
analysis is ever visible. Writes are idempotent: an analysis is keyed by (article, analyzer) and its
span rows are replaced with it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, Engine

from unspin.article import Annotation, Article
from unspin.errors import UnspinError
from unspin.store.schema import SPAN_COLUMNS, analyses, articles, minhash_bands, outlets, span_tables

DEFAULT_DB = "unspin.db"
HEAD = "0001"
BUSY_TIMEOUT_MS = 10_000  # how long a write waits for another writer before "database is locked"


class StoreError(UnspinError):
    """The database cannot be opened, migrated, read or written."""


def resolve_url(db: str | None) -> str:
    """The SQLAlchemy URL for ``--db``: a URL, a path to an SQLite file, or None for ``./unspin.db``."""
    value = db or os.environ.get("UNSPIN_DB") or DEFAULT_DB
    if "://" not in value:
        return f"sqlite:///{value}"
    scheme, rest = value.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    if scheme == "sqlite" or scheme.startswith("postgresql+"):
        return value
    raise StoreError(f"unsupported database URL {redact(value)}: use sqlite:///PATH or postgresql://…")


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    with contextlib.suppress(Exception):
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    return url.split("://", 1)[0] + "://…"


def _describe(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


@contextlib.contextmanager
def db_errors(url: str) -> Iterator[None]:
    """Turn database driver errors into :class:`StoreError` naming the database (never its password)."""
    try:
        yield
    except (sa_exc.DBAPIError, sa_exc.ArgumentError, sa_exc.NoSuchModuleError) as exc:
        raise StoreError(f"database {redact(url)}: {_describe(exc)}") from None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL: readers never block the writer; NORMAL sync is durable against a killed process; the busy
    # timeout waits for another writer instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
    cursor.execute("PRAGMA foreign_keys = ON")
    with contextlib.suppress(Exception):  # a read-only file cannot switch journal mode: fine for reads
        cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    with db_errors(url):
        engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    elif engine.dialect.name != "postgresql":
        raise StoreError(f"unsupported database {engine.dialect.name}: use SQLite or PostgreSQL")
    return engine


def _alembic_config(connection: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("unspin.store") / "migrations"))
    config.attributes["connection"] = connection
    return config


def upgrade(url: str) -> tuple[str | None, str]:
    """Migrate the database at ``url`` to the newest schema; returns (revision before, revision after)."""
    from alembic import command

    engine = make_engine(url)
    try:
        with db_errors(url), engine.begin() as connection:
            before = _revision(connection)
            command.upgrade(_alembic_config(connection), "head")
        return before, HEAD
    finally:
        engine.dispose()


def _revision(connection: Connection) -> str | None:
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def content_hash(text: str) -> str:
    """SHA-256 of the exact text: the exact-duplicate key (its first 16 digits are the article id)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class NewArticle:
    """An article to insert with :meth:`Store.insert_articles`, with its keys."""

    article: Article
    digest: str
    canonical_url: str | None
    source: str
    cluster_id: int | None = None
    minhash: bytes | None = None


@dataclass(frozen=True)
class Filters:
    """Which articles an export or search reads: outlets (any of), published on or after ``since``."""

    outlets: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None

    def apply(self, query: sa.Select[Any]) -> sa.Select[Any]:
        if self.outlets:
            query = query.where(outlets.c.name.in_(self.outlets))
        if self.since:
            query = query.where(articles.c.published >= self.since)
        if self.until:
            # An ISO date-time on the last day sorts after the bare date: compare with the next character.
            query = query.where(articles.c.published < self.until + "~")
        return query


class Store:
    """A corpus database: open with :func:`open_store`; close it (or use it as a context manager)."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self._outlets: dict[str, int] = {}

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back whole on any error."""
        with db_errors(self.url), self.engine.begin() as connection:
            try:
                yield connection
            except BaseException:
                self._outlets.clear()  # ids made in the rolled-back transaction are gone
                raise

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        with db_errors(self.url), self.engine.connect() as connection:
            yield connection

    # --- adding articles ----------------------------------------------------------------------------

    def outlet_id(self, connection: Connection, name: str | None) -> int | None:
        if not name:
            return None
        if name not in self._outlets:
            found = connection.execute(sa.select(outlets.c.id).where(outlets.c.name == name)).scalar()
            if found is None:
                found = _new_id(connection.execute(outlets.insert().values(name=name)))
            self._outlets[name] = int(found)
        return self._outlets[name]

    def duplicate_of(self, connection: Connection, digest: str, canonical_url: str | None) -> int | None:
        """The id of a stored article with the same text or the same canonical URL, if any."""
        condition = articles.c.content_hash == digest
        if canonical_url:
            condition = condition | (articles.c.canonical_url == canonical_url)
        found = connection.execute(sa.select(articles.c.id).where(condition).limit(1)).scalar()
        return None if found is None else int(found)

    def stored_keys(
        self, connection: Connection, digests: Sequence[str], canonical_urls: Sequence[str]
    ) -> tuple[set[str], set[str]]:
        """Which of these content hashes and canonical URLs are stored already (a batch's exact
        duplicates in a few queries rather than one per record)."""
        hashes: set[str] = set()
        urls: set[str] = set()
        for chunk in _chunks(list(digests)):
            query = sa.select(articles.c.content_hash).where(articles.c.content_hash.in_(chunk))
            hashes.update(connection.execute(query).scalars())
        for chunk in _chunks(list(canonical_urls)):
            query = sa.select(articles.c.canonical_url).where(articles.c.canonical_url.in_(chunk))
            urls.update(connection.execute(query).scalars())
        return hashes, urls

    def band_candidates(
        self, connection: Connection, keys: Iterable[int]
    ) -> dict[int, list[tuple[int, bytes]]]:
        """{band key: [(id, MinHash signature bytes), oldest first]} of the stored articles that have
        any of ``keys``: a whole batch's near-duplicate candidates in a few queries."""
        found: dict[int, list[tuple[int, bytes]]] = {}
        for chunk in _chunks(sorted(set(keys))):
            query = (
                sa.select(minhash_bands.c.key, articles.c.id, articles.c.minhash)
                .join(articles, articles.c.id == minhash_bands.c.article_id)
                .where(minhash_bands.c.key.in_(chunk))
                .order_by(articles.c.id)
            )
            for key, article_id, minhash in connection.execute(query):
                found.setdefault(int(key), []).append((int(article_id), bytes(minhash)))
        return found

    def add_bands(self, connection: Connection, rows: Sequence[tuple[int, int]]) -> None:
        """Index (band key, article id) pairs for near-duplicate lookups, in one statement."""
        if rows:
            # The driver's own executemany with tuples: SQLAlchemy's per-row parameter handling cost
            # more than the insert itself (twenty rows per article).
            mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
            connection.exec_driver_sql(
                f"INSERT INTO {minhash_bands.name} (key, article_id) VALUES ({mark}, {mark})", list(rows)
            )

    def cluster_of(self, connection: Connection, article_id: int) -> int:
        """The cluster id of a stored article, making it the head of a new cluster if it had none."""
        cluster = connection.execute(
            sa.select(articles.c.cluster_id).where(articles.c.id == article_id)
        ).scalar()
        if cluster is None:
            connection.execute(
                articles.update().where(articles.c.id == article_id).values(cluster_id=article_id)
            )
            return article_id
        return int(cluster)

    def insert_articles(self, connection: Connection, rows: Sequence[NewArticle]) -> list[int]:
        """Insert a batch of articles in one statement (per-row INSERTs cost more than everything else
        an ``add`` does beside extraction); their new ids, in the order given."""
        if not rows:
            return []
        added_at = _now()
        values = [
            {
                "content_hash": row.digest,
                "url": row.article.url,
                "canonical_url": row.canonical_url,
                "outlet_id": self.outlet_id(connection, row.article.outlet),
                "published": row.article.published,
                "title": row.article.title,
                "authors": list(row.article.authors),
                "text": row.article.text,
                "language": row.article.language,
                "source": row.source,
                "added_at": added_at,
                "cluster_id": row.cluster_id,
                "minhash": row.minhash,
            }
            for row in rows
        ]
        # Plain executemany, then the ids by content hash (unique): asking for them with RETURNING in
        # parameter order makes SQLAlchemy fall back to one INSERT per row on SQLite.
        connection.execute(articles.insert(), values)
        ids: dict[str, int] = {}
        for chunk in _chunks([row.digest for row in rows]):
            query = sa.select(articles.c.content_hash, articles.c.id).where(
                articles.c.content_hash.in_(chunk)
            )
            ids.update((digest, int(new_id)) for digest, new_id in connection.execute(query))
        return [ids[row.digest] for row in rows]

    def set_clusters(self, connection: Connection, clusters: Sequence[tuple[int, int]]) -> None:
        """Put articles in clusters: (article id, cluster id) pairs, in one statement."""
        if clusters:
            connection.execute(
                articles.update()
                .where(articles.c.id == sa.bindparam("article"))
                .values(cluster_id=sa.bindparam("cluster")),
                [{"article": article, "cluster": cluster} for article, cluster in clusters],
            )

    def insert_article(
        self,
        connection: Connection,
        article: Article,
        *,
        digest: str,
        canonical_url: str | None,
        source: str,
        cluster_id: int | None = None,
        minhash: bytes | None = None,
        bands: Iterable[int] = (),
    ) -> int:
        row = {
            "content_hash": digest,
            "url": article.url,
            "canonical_url": canonical_url,
            "outlet_id": self.outlet_id(connection, article.outlet),
            "published": article.published,
            "title": article.title,
            "authors": list(article.authors),
            "text": article.text,
            "language": article.language,
            "source": source,
            "added_at": _now(),
            "cluster_id": cluster_id,
            "minhash": minhash,
        }
        new_id = _new_id(connection.execute(articles.insert().values(**row)))
        keys = [{"key": key, "article_id": new_id} for key in bands]
        if keys:
            connection.execute(minhash_bands.insert(), keys)
        return new_id

    # --- analysing ----------------------------------------------------------------------------------

    def _stale(self, expected: dict[str, str]) -> sa.ColumnElement[bool]:
        """True for an article that lacks a current analysis by one of ``expected`` {analyzer: version}."""
        current = sa.or_(
            *(
                (analyses.c.analyzer == name) & (analyses.c.version == version)
                for name, version in expected.items()
            )
        )
        done = (
            sa.select(sa.func.count())
            .select_from(analyses)
            .where((analyses.c.article_id == articles.c.id) & current)
            .scalar_subquery()
        )
        return done < len(expected)

    def count_pending(self, expected: dict[str, str], retry_errors: bool = False) -> int:
        query = sa.select(sa.func.count()).select_from(articles).where(self._stale(expected))
        if not retry_errors:
            query = query.where(articles.c.error.is_(None))
        with self.reading() as connection:
            return int(connection.execute(query).scalar() or 0)

    def pending(
        self, expected: dict[str, str], *, after: int = 0, limit: int = 256, retry_errors: bool = False
    ) -> list[tuple[int, Article, frozenset[str]]]:
        """Up to ``limit`` articles with id > ``after`` that need analysing, each with the analyzers whose
        analysis is missing or of another version (only those are re-run)."""
        ids = self.pending_ids(expected, after=after, limit=limit, retry_errors=retry_errors)
        stored = self.articles([article_id for article_id, _ in ids])
        return [(article_id, stored[article_id], names) for article_id, names in ids]

    def pending_ids(
        self, expected: dict[str, str], *, after: int = 0, limit: int = 256, retry_errors: bool = False
    ) -> list[tuple[int, frozenset[str]]]:
        """:meth:`pending` without the articles: (id, analyzers to run), in id order."""
        query = (
            sa.select(articles.c.id)
            .where((articles.c.id > after) & self._stale(expected))
            .order_by(articles.c.id)
            .limit(limit)
        )
        if not retry_errors:
            query = query.where(articles.c.error.is_(None))
        with self.reading() as connection:
            ids = [int(i) for i in connection.execute(query).scalars()]
            done: dict[int, set[str]] = {i: set() for i in ids}
            if ids:
                for article_id, name, version in connection.execute(
                    sa.select(analyses.c.article_id, analyses.c.analyzer, analyses.c.version).where(
                        analyses.c.article_id.in_(ids)
                    )
                ):
                    if expected.get(name) == version:
                        done[article_id].add(name)
        return [(i, frozenset(set(expected) - done[i])) for i in ids]

    def articles(self, ids: Sequence[int]) -> dict[int, Article]:
        """The stored articles with these ids (text and metadata, no analyses), by id."""
        if not ids:
            return {}
        query = (
            sa.select(articles, outlets.c.name.label("outlet"))
            .outerjoin(outlets, articles.c.outlet_id == outlets.c.id)
            .where(articles.c.id.in_(list(ids)))
        )
        with self.reading() as connection:
            return {int(row.id): _article(row) for row in connection.execute(query)}

    def save_analyses(
        self, connection: Connection, article_id: int, article: Article, names: Iterable[str]
    ) -> None:
        """Replace the analyses (and span rows) of ``names`` for one article with those on ``article``."""
        names = [n for n in names if n in article.layers]
        if not names:
            return
        connection.execute(
            analyses.delete().where((analyses.c.article_id == article_id) & analyses.c.analyzer.in_(names))
        )
        outlet_id = connection.execute(
            sa.select(articles.c.outlet_id).where(articles.c.id == article_id)
        ).scalar()
        versions = article.summary.get("analyzers", {})
        now = _now()
        connection.execute(
            analyses.insert(),
            [
                {
                    "article_id": article_id,
                    "analyzer": name,
                    "version": str(versions.get(name, "")),
                    "layer": [a.to_dict() for a in article.layers[name]],
                    "summary": article.summary.get(name, {}),
                    "analysed_at": now,
                }
                for name in names
            ],
        )
        for name in names:
            table = span_tables.get(name)
            if table is None:
                continue
            connection.execute(table.delete().where(table.c.article_id == article_id))
            rows = [_span_row(name, article_id, outlet_id, a) for a in article.layers[name]]
            if rows:
                connection.execute(table.insert(), rows)
        connection.execute(articles.update().where(articles.c.id == article_id).values(error=None))

    def record_error(self, connection: Connection, article_id: int, message: str) -> None:
        connection.execute(articles.update().where(articles.c.id == article_id).values(error=message[:2000]))

    # --- reading ------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with self.reading() as connection:
            total = connection.execute(sa.select(sa.func.count()).select_from(articles)).scalar() or 0
            errors = connection.execute(
                sa.select(sa.func.count()).select_from(articles).where(articles.c.error.is_not(None))
            ).scalar()
            clustered = connection.execute(
                sa.select(sa.func.count()).select_from(articles).where(articles.c.cluster_id.is_not(None))
            ).scalar()
            analysed = connection.execute(
                sa.select(sa.func.count(sa.distinct(analyses.c.article_id)))
            ).scalar()
        return {
            "articles": int(total),
            "analysed": int(analysed or 0),
            "errors": int(errors or 0),
            "in_near_duplicate_clusters": int(clustered or 0),
        }

    def article(self, article_id: int) -> Article:
        """One stored article with every stored layer and summary (an unspin/1 document's content)."""
        with self.reading() as connection:
            row = connection.execute(
                sa.select(articles, outlets.c.name.label("outlet"))
                .outerjoin(outlets, articles.c.outlet_id == outlets.c.id)
                .where(articles.c.id == article_id)
            ).first()
            if row is None:
                raise StoreError(f"no article {article_id} in the store")
            article = _article(row)
            versions: dict[str, str] = {}
            for layer in connection.execute(
                sa.select(analyses).where(analyses.c.article_id == article_id).order_by(analyses.c.analyzer)
            ):
                article.set_layer(layer.analyzer, [Annotation.from_dict(a) for a in layer.layer])
                article.summary[layer.analyzer] = layer.summary
                versions[layer.analyzer] = layer.version
            if versions:
                article.summary["analyzers"] = versions
        return article

    def search(self, query: str, *, limit: int = 20, filters: Filters = Filters()) -> list[dict[str, Any]]:
        """Articles matching a full-text query, best first: id, outlet, published, title, url, snippet."""
        if not query.strip():
            raise StoreError("the search query is empty")
        columns = (
            articles.c.id,
            outlets.c.name.label("outlet"),
            articles.c.published,
            articles.c.title,
            articles.c.url,
        )
        if self.dialect == "postgresql":
            tsquery = sa.func.websearch_to_tsquery("english", query)
            search: sa.ColumnClause[Any] = sa.column("search")
            rank = sa.func.ts_rank(search, tsquery)
            snippet = sa.func.ts_headline(
                "english",
                articles.c.text,
                tsquery,
                "MaxFragments=1, MaxWords=20, MinWords=8, StartSel=[, StopSel=]",
            )
            select: sa.Select[Any] = sa.select(*columns, snippet.label("snippet")).where(
                search.op("@@")(tsquery)
            )
            order: Any = rank.desc()
        else:
            fts = sa.table("articles_fts", sa.column("rowid"), sa.column("articles_fts"))
            snippet = sa.func.snippet(sa.literal_column("articles_fts"), 1, "[", "]", "…", 20)
            select = (
                sa.select(*columns, snippet.label("snippet"))
                .join(fts, fts.c.rowid == articles.c.id)
                .where(sa.literal_column("articles_fts").op("MATCH")(query))
            )
            order = sa.func.bm25(sa.literal_column("articles_fts"))
        select = filters.apply(select.outerjoin(outlets, articles.c.outlet_id == outlets.c.id))
        select = select.order_by(order, articles.c.id).limit(limit)
        try:
            with self.engine.connect() as connection:
                return [dict(row._mapping) for row in connection.execute(select)]
        except sa_exc.DBAPIError as exc:
            message = _describe(exc)
            if "fts5" in message or "syntax" in message or "tsquery" in message:
                raise StoreError(f"cannot search for {query!r}: {message}") from None
            raise StoreError(f"database {redact(self.url)}: {message}") from None


def _chunks(values: list[Any], size: int = 500) -> Iterator[list[Any]]:
    """``values`` in lists short enough for one IN (...) on any database."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _new_id(result: sa.CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None  # an INSERT of one row always has one
    return int(key[0])


def _article(row: Any) -> Article:
    return Article(
        text=row.text,
        title=row.title,
        url=row.url,
        outlet=row.outlet,
        published=row.published,
        authors=list(row.authors or []),
        language=row.language,
        source_id=str(row.id),
    )


def _span_row(name: str, article_id: int, outlet_id: int | None, a: Annotation) -> dict[str, Any]:
    row: dict[str, Any] = {
        "article_id": article_id,
        "outlet_id": outlet_id,
        "start_offset": a.start,
        "end_offset": a.end,
        "label": a.label,
        "score": a.score,
        "text": a.text,
        "attrs": a.attrs,
    }
    for column, kind in SPAN_COLUMNS[name].items():
        value = a.attrs.get(column)
        if isinstance(kind, sa.Float):
            value = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        elif value is not None:
            value = str(value)
        row[column] = value
    return row


def open_store(db: str | None = None, *, create: bool = True) -> Store:
    """Open the store at ``db`` (see :func:`resolve_url`). A new, empty database is created at the
    newest schema when ``create``; an older schema must be migrated with ``unspin db upgrade`` first."""
    url = resolve_url(db)
    if url.startswith("sqlite:///") and not create:
        path = url[len("sqlite:///") :]
        if path and not path.startswith((":memory:", "file:")) and not os.path.exists(path):
            raise StoreError(f"no store at {path}: add articles first (unspin add …)")
    engine = make_engine(url)
    try:
        with db_errors(url), engine.connect() as connection:
            revision = _revision(connection)
            empty = revision is None and not sa.inspect(connection).get_table_names()
        if revision is None and empty and create:
            upgrade(url)
        elif revision != HEAD:
            found = "not an unspin store" if revision is None else f"at schema {revision}"
            raise StoreError(
                f"database {redact(url)} is {found}; this unspin needs {HEAD}: run 'unspin db upgrade'"
            )
    except BaseException:
        engine.dispose()
        raise
    return Store(url, engine)
