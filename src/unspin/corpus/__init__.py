"""Corpora: read many sources into the store (``add``) and analyse what is pending (``run``)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from unspin.corpus.add import AddReport, add_records, add_sources
    from unspin.corpus.readers import Columns, ReadOptions, Record, canonical_url, read
    from unspin.corpus.run import RunReport, run_pending

__all__ = [
    "AddReport",
    "Columns",
    "ReadOptions",
    "Record",
    "RunReport",
    "add_records",
    "add_sources",
    "canonical_url",
    "read",
    "run_pending",
]
_MODULES = {
    **dict.fromkeys(("AddReport", "add_records", "add_sources"), "unspin.corpus.add"),
    **dict.fromkeys(("Columns", "ReadOptions", "Record", "canonical_url", "read"), "unspin.corpus.readers"),
    **dict.fromkeys(("RunReport", "run_pending"), "unspin.corpus.run"),
}


def __getattr__(name: str) -> Any:
    """Load the corpus modules (and the store's database layer) on first use: the ``unspin`` command
    imports this package for its commands, and ``unspin analyze`` (with each worker process it starts)
    should not pay for SQLAlchemy."""
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_MODULES[name]), name)
