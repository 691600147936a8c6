"""The store's tables, as SQLAlchemy Core metadata (the migrations in ``migrations/`` create them).

One row per outlet, per article, per (article, analyzer) analysis, and per span of the five layers
that corpus queries ask about most (techniques, claims, figures, events, places). Span rows carry the
article and outlet ids so "techniques by outlet by month" is one join. Full-text search is added by
the migration per dialect (SQLite FTS5 table ``articles_fts``; PostgreSQL tsvector column ``search``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeEngine

# SQLite only autoincrements an INTEGER PRIMARY KEY; PostgreSQL gets 64-bit ids.
Id = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData()

outlets = Table(
    "outlets",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(255), nullable=False, unique=True),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("content_hash", String(64), nullable=False, unique=True),  # SHA-256 of the exact text
    Column("url", Text),
    Column("canonical_url", Text, unique=True),
    Column("outlet_id", Id, ForeignKey("outlets.id"), index=True),
    Column("published", String(32), index=True),  # ISO date or date-time, as ingestion found it
    Column("title", Text),
    Column("authors", JSON, nullable=False),
    Column("text", Text, nullable=False),
    Column("language", String(16)),
    Column("source", Text, nullable=False),  # where it came from: path, URL, feed, WARC record
    Column("added_at", DateTime(timezone=True), nullable=False),
    # Near-duplicates (MinHash LSH): every member of a cluster has the id of its first article here.
    Column("cluster_id", Id, index=True),
    Column("minhash", LargeBinary),
    # The last analysis error, if any (``unspin run`` skips these until ``--retry-errors``).
    Column("error", Text),
)

# One row per (band, band hash) of an article's MinHash signature: the LSH index, kept in the store so
# near-duplicates are found across separate ``unspin add`` runs without loading every signature.
minhash_bands = Table(
    "minhash_bands",
    metadata,
    Column("key", BigInteger, nullable=False),
    Column("article_id", Id, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Index("ix_minhash_bands_key", "key"),
)

analyses = Table(
    "analyses",
    metadata,
    Column("article_id", Id, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("analyzer", String(64), primary_key=True),
    Column("version", String(32), nullable=False),
    Column("layer", JSON, nullable=False),  # the layer's annotations, as in the unspin/1 JSON
    Column("summary", JSON, nullable=False),
    Column("analysed_at", DateTime(timezone=True), nullable=False),
)

# Typed columns each flat span table adds, read from the annotation's attrs of the same name.
SPAN_COLUMNS: dict[str, dict[str, TypeEngine[Any]]] = {
    "techniques": {},
    "claims": {"flag": String(32), "attribution": String(32), "source": Text()},
    "figures": {"value": Float(), "unit": String(64), "counts": Text(), "source": Text()},
    "events": {
        "sub_type": String(64),
        "date": String(32),
        "place": Text(),
        "country": String(8),
        "lat": Float(),
        "lon": Float(),
    },
    "places": {"country": String(8), "lat": Float(), "lon": Float()},
}


def _span_table(name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("id", Id, primary_key=True, autoincrement=True),
        Column("article_id", Id, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
        Column("outlet_id", Id, ForeignKey("outlets.id"), index=True),
        Column("start_offset", Integer, nullable=False),
        Column("end_offset", Integer, nullable=False),
        Column("label", String(64), nullable=False, index=True),
        Column("score", Float),
        Column("text", Text, nullable=False),
        *(Column(column, kind) for column, kind in SPAN_COLUMNS[name].items()),
        Column("attrs", JSON, nullable=False),
    )


span_tables: dict[str, Table] = {name: _span_table(name) for name in SPAN_COLUMNS}
