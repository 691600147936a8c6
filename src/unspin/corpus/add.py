"""``unspin add``: read sources into the store, skipping exact duplicates and non-English texts, and
recording near-duplicates as clusters.

Records are written in transactions of :data:`COMMIT_EVERY`; a killed ``add`` keeps every committed
batch, and running it again skips what is already stored (exact duplicates), so it is safe to repeat.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy.engine import Connection

from unspin.article import Article
from unspin.corpus import dedup
from unspin.corpus.language import non_english
from unspin.corpus.readers import ReadOptions, Record, canonical_url, extracted, read
from unspin.store import NewArticle, Store, content_hash

COMMIT_EVERY = 200


@dataclass
class AddReport:
    """What ``add`` did with every record it read."""

    read: int = 0
    added: int = 0
    duplicates: int = 0
    near_duplicates: int = 0  # added, and put in a cluster with an earlier article
    non_english: int = 0
    languages: dict[str, int] = field(default_factory=dict)
    malformed: list[tuple[str, str]] = field(default_factory=list)  # (where, why)


def add_sources(
    store: Store,
    sources: Iterable[str],
    options: ReadOptions | None = None,
    *,
    on_record: Callable[[AddReport], None] | None = None,
    jobs: int = 1,
) -> AddReport:
    """Add every article in ``sources`` to the store; a malformed record is counted, never fatal.
    With ``jobs`` > 1, WARC pages are extracted in that many worker processes."""
    options = dataclasses.replace(options or ReadOptions(), defer=jobs > 1)
    records = extracted((r for source in sources for r in read(source, options)), jobs)
    return add_records(store, records, on_record=on_record)


def add_records(
    store: Store, records: Iterable[Record], *, on_record: Callable[[AddReport], None] | None = None
) -> AddReport:
    """Add articles already read (a server's requests, or :func:`read`'s records) with the same rules;
    committed in transactions of :data:`COMMIT_EVERY`; ``on_record`` is called after each record."""
    report = AddReport()
    pending: list[Record] = []
    for record in records:
        report.read += 1
        if record.article is None:
            report.malformed.append((record.where, record.error or "unreadable"))
        else:
            pending.append(record)
        if len(pending) >= COMMIT_EVERY:
            write_records(store, pending, report)
            pending = []
        if on_record is not None:
            on_record(report)
    if pending:
        write_records(store, pending, report)
    return report


def write_records(
    store: Store,
    records: list[Record],
    report: AddReport,
    on_insert: Callable[[Connection, int, Article], None] | None = None,
) -> None:
    """Write one batch in one transaction (the counts change only once it has committed): English
    articles that are no exact duplicate are inserted, near-duplicates put in a cluster.
    ``on_insert(connection, id, article)`` runs for each inserted article, in the same transaction
    (``unspin db import`` stores the article's analyses there).

    The batch's duplicates and near-duplicate candidates are looked up in a few queries, and its band
    keys written in one statement (per-record queries cost more than the rest of an add but
    extraction); the batch's own earlier articles are matched in memory, as the store would, and the
    batch is inserted in one statement."""
    batch = AddReport()
    english: list[tuple[Article, str, str | None, str]] = []  # (article, hash, canonical URL, where)
    for record in records:
        article = record.article
        assert article is not None
        language = non_english(article.text)
        if language is not None:
            batch.non_english += 1
            batch.languages[language] = batch.languages.get(language, 0) + 1
            continue
        english.append((article, content_hash(article.text), canonical_url(article.url), record.where))
    with store.transaction() as connection:
        hashes, urls = store.stored_keys(connection, [e[1] for e in english], [e[2] for e in english if e[2]])
        fresh: list[tuple[Article, str, str | None, str]] = []
        for entry in english:
            _, digest, canonical, _ = entry
            if digest in hashes or (canonical and canonical in urls):
                batch.duplicates += 1
                continue
            hashes.add(digest)
            if canonical:
                urls.add(canonical)
            fresh.append(entry)
        signatures = [dedup.signature(entry[0].text) for entry in fresh]
        keys = [dedup.band_keys(values) for values in signatures]
        stored = store.band_candidates(connection, (key for row in keys for key in row))
        matches = _first_matches(signatures, keys, stored)
        rows = [
            NewArticle(
                article, digest, canonical, where, _stored_cluster(store, connection, match), values.tobytes()
            )
            for (article, digest, canonical, where), values, match in zip(
                fresh, signatures, matches, strict=True
            )
        ]
        new_ids = store.insert_articles(connection, rows)
        store.set_clusters(connection, _batch_clusters(matches, new_ids, [row.cluster_id for row in rows]))
        store.add_bands(
            connection, [(key, new_id) for row, new_id in zip(keys, new_ids, strict=True) for key in row]
        )
        if on_insert is not None:
            for (article, *_), new_id in zip(fresh, new_ids, strict=True):
                on_insert(connection, new_id, article)
        batch.added += len(new_ids)
        batch.near_duplicates += sum(match is not None for match in matches)
    report.added += batch.added
    report.duplicates += batch.duplicates
    report.near_duplicates += batch.near_duplicates
    report.non_english += batch.non_english
    for language, count in batch.languages.items():
        report.languages[language] = report.languages.get(language, 0) + count


def _stored_cluster(store: Store, connection: Connection, match: tuple[int, int] | None) -> int | None:
    """The cluster of a stored near-duplicate (which heads a new one if it had none); None otherwise."""
    return store.cluster_of(connection, match[1]) if match is not None and match[0] == 0 else None


def _first_matches(
    signatures: list[np.ndarray], keys: list[list[int]], stored: dict[int, list[tuple[int, bytes]]]
) -> list[tuple[int, int] | None]:
    """Each new signature's first near-duplicate: a stored article ``(0, id)`` or one of the batch's
    earlier ones ``(1, index)``, or None. Candidates share a band key; stored ones come first, oldest
    first, then the batch's in order (the order their ids will have)."""
    candidates: dict[int, list[tuple[tuple[int, int], bytes]]] = {
        key: [((0, other), minhash) for other, minhash in found] for key, found in stored.items()
    }
    matches: list[tuple[int, int] | None] = []
    for index, (values, row) in enumerate(zip(signatures, keys, strict=True)):
        others = sorted({other for key in row for other in candidates.get(key, ())})
        similar = (other for other, minhash in others if dedup.similarity(values, minhash) >= dedup.THRESHOLD)
        matches.append(next(similar, None))
        entry = ((1, index), values.tobytes())
        for key in row:
            candidates.setdefault(key, []).append(entry)
    return matches


def _batch_clusters(
    matches: list[tuple[int, int] | None], new_ids: list[int], inserted: list[int | None]
) -> list[tuple[int, int]]:
    """(article id, cluster id) for the batch's near-duplicates of its own earlier articles (``inserted``:
    the cluster each was inserted with); an earlier article in no cluster heads a new one, as a stored
    one does."""
    clusters = list(inserted)
    changes: list[tuple[int, int]] = []
    for index, match in enumerate(matches):
        if match is None or match[0] == 0:
            continue
        earlier = match[1]
        if clusters[earlier] is None:
            clusters[earlier] = new_ids[earlier]
            changes.append((new_ids[earlier], new_ids[earlier]))
        cluster = clusters[earlier]
        assert cluster is not None
        clusters[index] = cluster
        changes.append((new_ids[index], cluster))
    return changes
