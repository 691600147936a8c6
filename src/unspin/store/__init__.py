"""The corpus store: articles, their analyses and flat span tables in SQLite or PostgreSQL.
``open_store(None)`` opens (and creates) ``./unspin.db``; ``open_store("postgresql://…")`` a server.
"""

from unspin.store.db import (
    DEFAULT_DB,
    Filters,
    NewArticle,
    Store,
    StoreError,
    content_hash,
    open_store,
    redact,
    resolve_url,
    upgrade,
)

__all__ = [
    "DEFAULT_DB",
    "Filters",
    "NewArticle",
    "Store",
    "StoreError",
    "content_hash",
    "open_store",
    "redact",
    "resolve_url",
    "upgrade",
]
