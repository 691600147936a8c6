"""The first store schema: outlets, articles, analyses, flat span tables, MinHash bands, full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-12-03
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
SPAN_COLUMNS: dict[str, list[tuple[str, Any]]] = {
    "techniques": [],
    "claims": [("flag", sa.String(32)), ("attribution", sa.String(32)), ("source", sa.Text())],
    "figures": [("value", sa.Float()), ("unit", sa.String(64)), ("counts", sa.Text()), ("source", sa.Text())],
    "events": [
        ("sub_type", sa.String(64)),
        ("date", sa.String(32)),
        ("place", sa.Text()),
        ("country", sa.String(8)),
        ("lat", sa.Float()),
        ("lon", sa.Float()),
    ],
    "places": [("country", sa.String(8)), ("lat", sa.Float()), ("lon", sa.Float())],
}


def _article_id() -> sa.Column[int]:
    return sa.Column("article_id", Id, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "outlets",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(255), nullable=False, unique=True),
    )
    op.create_table(
        "articles",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("url", sa.Text()),
        sa.Column("canonical_url", sa.Text(), unique=True),
        sa.Column("outlet_id", Id, sa.ForeignKey("outlets.id")),
        sa.Column("published", sa.String(32)),
        sa.Column("title", sa.Text()),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(16)),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cluster_id", Id),
        sa.Column("minhash", sa.LargeBinary()),
        sa.Column("error", sa.Text()),
    )
    for column in ("outlet_id", "published", "cluster_id"):
        op.create_index(f"ix_articles_{column}", "articles", [column])
    op.create_table("minhash_bands", sa.Column("key", sa.BigInteger(), nullable=False), _article_id())
    op.create_index("ix_minhash_bands_key", "minhash_bands", ["key"])
    op.create_table(
        "analyses",
        sa.Column("article_id", Id, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("analyzer", sa.String(64), primary_key=True),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("layer", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("analysed_at", sa.DateTime(timezone=True), nullable=False),
    )
    for name, extra in SPAN_COLUMNS.items():
        op.create_table(
            name,
            sa.Column("id", Id, primary_key=True, autoincrement=True),
            _article_id(),
            sa.Column("outlet_id", Id, sa.ForeignKey("outlets.id")),
            sa.Column("start_offset", sa.Integer(), nullable=False),
            sa.Column("end_offset", sa.Integer(), nullable=False),
            sa.Column("label", sa.String(64), nullable=False),
            sa.Column("score", sa.Float()),
            sa.Column("text", sa.Text(), nullable=False),
            *(sa.Column(column, kind) for column, kind in extra),
            sa.Column("attrs", sa.JSON(), nullable=False),
        )
        for column in ("article_id", "outlet_id", "label"):
            op.create_index(f"ix_{name}_{column}", name, [column])
    _full_text_search()


def _full_text_search() -> None:
    """SQLite: an FTS5 index kept in step with ``articles`` by triggers; PostgreSQL: a stored tsvector."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS "
            "(to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED"
        )
        op.execute("CREATE INDEX ix_articles_search ON articles USING gin (search)")
        return
    op.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id')"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
        "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
        "VALUES ('delete', old.id, old.title, old.text); END"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
        "VALUES ('delete', old.id, old.title, old.text); "
        "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS articles_fts")
    for name in (*reversed(SPAN_COLUMNS), "analyses", "minhash_bands", "articles", "outlets"):
        op.drop_table(name)
