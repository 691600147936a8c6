"""Read-only views of the corpus store for the API: article lists with filters and cursor pages, one
article, outlets. Queries run over the store's public schema (``unspin.store.schema``); writing stays
with the store's own code (``unspin add`` / ``unspin run``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from unspin.store import Filters, Store, StoreError
from unspin.store.schema import analyses, articles, outlets, span_tables

MAX_PAGE = 200


@dataclass(frozen=True)
class ArticleQuery:
    """Filters of ``GET /api/articles``; ``after`` is the cursor (the last id of the previous page)."""

    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    technique: str | None = None
    label: str | None = None
    unsourced: bool | None = None
    q: str | None = None
    after: int | None = None
    limit: int = 50


def _count(table: sa.Table, *where: sa.ColumnElement[bool]) -> sa.ScalarSelect[Any]:
    return (
        sa.select(sa.func.count())
        .select_from(table)
        .where(table.c.article_id == articles.c.id, *where)
        .scalar_subquery()
    )


def _has(table: sa.Table, *where: sa.ColumnElement[bool]) -> sa.Exists:
    return sa.exists().where(table.c.article_id == articles.c.id, *where)


def list_articles(store: Store, query: ArticleQuery) -> dict[str, Any]:
    """One page, newest id first: each article's metadata, technique spans and unsourced claims.

    ``label`` matches a span label in any flat layer (techniques, claims, figures, events, places);
    ``q`` is the store's full-text search (its best matches, one page, no cursor).
    """
    techniques, claims = span_tables["techniques"], span_tables["claims"]
    columns = [
        articles.c.id,
        articles.c.title,
        outlets.c.name.label("outlet"),
        articles.c.published,
        articles.c.url,
        sa.func.length(articles.c.text).label("characters"),
        _count(techniques).label("technique_spans"),
        _count(claims, claims.c.flag == "unsourced").label("unsourced_claims"),
    ]
    select = sa.select(*columns).outerjoin(outlets, articles.c.outlet_id == outlets.c.id)
    filters = Filters(outlets=(query.outlet,) if query.outlet else (), since=query.since, until=query.until)
    select = filters.apply(select)
    if query.technique:
        select = select.where(_has(techniques, techniques.c.label == query.technique))
    if query.label:
        select = select.where(sa.or_(*(_has(t, t.c.label == query.label) for t in span_tables.values())))
    if query.unsourced is not None:
        unsourced = _has(claims, claims.c.flag == "unsourced")
        select = select.where(unsourced if query.unsourced else ~unsourced)
    limit = max(1, min(query.limit, MAX_PAGE))
    snippets: dict[int, str] = {}
    if query.q:
        hits = store.search(query.q, limit=limit, filters=filters)
        snippets = {int(hit["id"]): str(hit.get("snippet") or "") for hit in hits}
        select = select.where(articles.c.id.in_(list(snippets)))
    elif query.after is not None:
        select = select.where(articles.c.id < query.after)
    select = select.order_by(articles.c.id.desc()).limit(limit + 1)
    with store.reading() as connection:
        rows = [dict(row._mapping) for row in connection.execute(select)]
    more = len(rows) > limit and not query.q
    rows = rows[:limit]
    if query.q:
        order = list(snippets)
        rows.sort(key=lambda row: order.index(row["id"]))
        for row in rows:
            row["snippet"] = snippets[row["id"]]
    return {"items": rows, "next": str(rows[-1]["id"]) if more and rows else None}


def places_in(store: Store, ids: list[int]) -> list[dict[str, Any]]:
    """The geocoded places named in the articles ``ids``: name, lat, lon, country, mentions."""
    places = span_tables["places"]
    if not ids:
        return []
    select = (
        sa.select(
            places.c.text.label("name"),
            places.c.lat,
            places.c.lon,
            places.c.country,
            sa.func.count().label("mentions"),
        )
        .where(places.c.article_id.in_(ids), places.c.lat.is_not(None), places.c.lon.is_not(None))
        .group_by(places.c.text, places.c.lat, places.c.lon, places.c.country)
    )
    with store.reading() as connection:
        return [dict(row._mapping) for row in connection.execute(select)]


def outlet_list(store: Store) -> list[dict[str, Any]]:
    """Every outlet with its article count, technique spans and unsourced claims."""
    techniques, claims = span_tables["techniques"], span_tables["claims"]

    def per_outlet(table: sa.Table, *where: sa.ColumnElement[bool]) -> sa.ScalarSelect[Any]:
        return (
            sa.select(sa.func.count())
            .select_from(table)
            .where(table.c.outlet_id == outlets.c.id, *where)
            .scalar_subquery()
        )

    count = (
        sa.select(sa.func.count()).select_from(articles).where(articles.c.outlet_id == outlets.c.id)
    ).scalar_subquery()
    select = sa.select(
        outlets.c.name,
        count.label("articles"),
        per_outlet(techniques).label("technique_spans"),
        per_outlet(claims, claims.c.flag == "unsourced").label("unsourced_claims"),
    ).order_by(outlets.c.name)
    with store.reading() as connection:
        return [dict(row._mapping) for row in connection.execute(select)]


ENTITY_SAMPLE = 500  # an outlet's latest articles read for its top entities: the page stays fast
ACTOR_LABELS = ("person", "organisation", "group")


def top_entities(connection: sa.Connection, outlet_id: int, limit: int = 10) -> list[dict[str, Any]]:
    """The people, organisations and groups the outlet's latest articles name in most articles.

    Read from the stored entities layers (there is no flat entities table), each article counting a
    name once, over the outlet's :data:`ENTITY_SAMPLE` latest articles.
    """
    rows = connection.execute(
        sa.select(analyses.c.layer)
        .join(articles, articles.c.id == analyses.c.article_id)
        .where(articles.c.outlet_id == outlet_id, analyses.c.analyzer == "entities")
        .order_by(articles.c.id.desc())
        .limit(ENTITY_SAMPLE)
    )
    counts: Counter[tuple[str, str]] = Counter()
    for (layer,) in rows:
        counts.update(
            {
                ((span.get("attrs") or {}).get("canonical") or span["text"], span["label"])
                for span in layer
                if span.get("label") in ACTOR_LABELS
            }
        )
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [{"name": name, "label": label, "articles": n} for (name, label), n in ranked]


def outlet_detail(store: Store, name: str) -> dict[str, Any]:
    """One outlet's figures by month (articles, technique spans per 1,000 characters, unsourced claims),
    its top techniques and its top entities."""
    techniques, claims = span_tables["techniques"], span_tables["claims"]
    month = sa.func.substr(articles.c.published, 1, 7)
    with store.reading() as connection:
        outlet_id = connection.execute(sa.select(outlets.c.id).where(outlets.c.name == name)).scalar()
        if outlet_id is None:
            raise StoreError(f"no outlet {name!r} in the store")
        select = (
            sa.select(
                month.label("month"),
                sa.func.count().label("articles"),
                sa.func.sum(sa.func.length(articles.c.text)).label("characters"),
                sa.func.sum(_count(techniques)).label("technique_spans"),
                sa.func.sum(_count(claims, claims.c.flag == "unsourced")).label("unsourced_claims"),
            )
            .where(articles.c.outlet_id == outlet_id, articles.c.published.is_not(None))
            .group_by(month)
            .order_by(month)
        )
        months = [dict(row._mapping) for row in connection.execute(select)]
        top = connection.execute(
            sa.select(techniques.c.label, sa.func.count().label("spans"))
            .where(techniques.c.outlet_id == outlet_id)
            .group_by(techniques.c.label)
            .order_by(sa.func.count().desc(), techniques.c.label)
            .limit(10)
        )
        top_techniques = [dict(row._mapping) for row in top]
        entities = top_entities(connection, outlet_id)
    for row in months:
        chars = int(row["characters"] or 0)
        row["techniques_per_1000_chars"] = (
            round(1000 * int(row["technique_spans"] or 0) / chars, 3) if chars else None
        )
    return {"name": name, "months": months, "top_techniques": top_techniques, "top_entities": entities}
