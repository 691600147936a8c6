"""``add``: exact duplicates skipped, near-duplicates kept and clustered, non-English skipped."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa

from unspin.corpus import add_sources
from unspin.store import open_store
from unspin.store.schema import articles

STORY = (
    "The regional council approved a new budget on Thursday after a long debate about road repairs, "
    "school buildings and the water supply in the eastern districts. The mayor said the plan would "
    "create two hundred jobs and finish the bridge over the river before the winter floods arrive. "
    "Opposition members said the figures were optimistic and asked for an independent audit of the "
    "spending, which the council rejected by eleven votes to seven after three hours of argument."
)
OTHER = (
    "A fire broke out at a textile factory near the harbour late on Sunday night, and firefighters "
    "worked until dawn to stop it spreading to the warehouses along the quay. Nobody was hurt, the "
    "fire service said, but the owners expect the building to stay closed for several months while "
    "engineers check the roof and the machines. The cause of the fire is not yet known."
)
GERMAN = (
    "Der Regionalrat hat am Donnerstag nach einer langen Debatte über Straßenreparaturen, Schulgebäude "
    "und die Wasserversorgung in den östlichen Bezirken einen neuen Haushalt verabschiedet. Der "
    "Bürgermeister sagte, der Plan werde zweihundert Arbeitsplätze schaffen."
)


def _jsonl(path: Path, rows: list[dict[str, str]]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "not json\n", encoding="utf-8")
    return str(path)


def test_add_dedups_clusters_and_skips(db_url: str, tmp_path: Path) -> None:
    rewrite = STORY.replace("on Thursday", "late on Thursday").replace("eleven votes", "11 votes")
    rows = [
        {"text": STORY, "url": "https://a.example/budget?utm_source=feed"},
        {"text": STORY + " ", "url": "https://a.example/budget"},  # same canonical URL: duplicate
        {"text": STORY, "url": "https://b.example/copy"},  # same text: duplicate
        {"text": rewrite, "url": "https://c.example/syndicated"},  # near-duplicate: kept, clustered
        {"text": OTHER, "url": "https://a.example/fire"},
        {"text": GERMAN, "url": "https://d.example/haushalt"},
    ]
    with open_store(db_url) as store:
        report = add_sources(store, [_jsonl(tmp_path / "in.jsonl", rows)])
        with store.reading() as connection:
            stored = connection.execute(
                sa.select(articles.c.id, articles.c.canonical_url, articles.c.cluster_id).order_by(
                    articles.c.id
                )
            ).all()
    assert (report.read, report.added, report.duplicates, report.near_duplicates) == (7, 3, 2, 1)
    assert (report.non_english, report.languages) == (1, {"de": 1})
    assert report.malformed == [(f"{tmp_path / 'in.jsonl'}:7", report.malformed[0][1])]
    assert [(r.canonical_url, r.cluster_id) for r in stored] == [
        ("https://a.example/budget", 1),
        ("https://c.example/syndicated", 1),
        ("https://a.example/fire", None),
    ]


def test_near_duplicates_are_found_across_separate_runs(db_url: str, tmp_path: Path) -> None:
    with open_store(db_url) as store:
        add_sources(store, [_jsonl(tmp_path / "one.jsonl", [{"text": STORY}])])
        report = add_sources(
            store, [_jsonl(tmp_path / "two.jsonl", [{"text": STORY.replace("two hundred", "200")}])]
        )
    assert (report.added, report.near_duplicates) == (1, 1)


THIRD = (
    "Train drivers in the northern region will strike for two days next week over pay and the length "
    "of shifts, their union announced on Monday after talks with the rail operator broke down. The "
    "operator said it would run a reduced timetable on the main lines and advised passengers to check "
    "before travelling, while the transport minister urged both sides to return to the table."
)


def test_near_duplicates_within_one_batch_and_of_stored_articles(db_url: str, tmp_path: Path) -> None:
    """One batch holds copies of a stored article and of its own earlier article: every copy joins the
    cluster of the first article it resembles, and an unclustered first article heads a new one."""
    with open_store(db_url) as store:
        add_sources(store, [_jsonl(tmp_path / "one.jsonl", [{"text": STORY}, {"text": OTHER}])])
        report = add_sources(
            store,
            [
                _jsonl(
                    tmp_path / "two.jsonl",
                    [
                        {"text": STORY.replace("two hundred", "200")},
                        {"text": STORY.replace("eleven votes", "11 votes")},
                        {"text": THIRD},
                        {"text": THIRD.replace("two days", "48 hours")},
                    ],
                )
            ],
        )
        with store.reading() as connection:
            stored = connection.execute(
                sa.select(articles.c.id, articles.c.cluster_id).order_by(articles.c.id)
            ).all()
    assert (report.added, report.near_duplicates) == (4, 3)
    assert [tuple(row) for row in stored] == [(1, 1), (2, None), (3, 1), (4, 1), (5, 5), (6, 5)]
