"""Ingestion: turn a file, standard input or a URL into an :class:`~unspin.article.Article`.

>>> from unspin.ingest import load_bytes
>>> load_bytes(b"Troops arrived.\\r\\n").text
'Troops arrived.\\r\\n'
"""

from unspin.ingest.source import IngestOptions, load, load_bytes

__all__ = ["IngestOptions", "load", "load_bytes"]
