"""Corpora: read many sources into the store (``add``) and analyse what is pending (``run``)."""

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
