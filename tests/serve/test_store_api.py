"""The store-backed routes (``--db``): lists with filters and cursor pages, one article, outlets."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from unspin.errors import UnspinError

from ._helpers import ARTICLE, error_of


@pytest.fixture
def stored(make_client: Callable[..., TestClient], db: str) -> TestClient:
    return make_client(db=db)


def ids(response: object) -> list[int]:
    return [item["id"] for item in response.json()["items"]]  # type: ignore[attr-defined]


def test_list_is_newest_first_with_scores(stored: TestClient) -> None:
    page = stored.get("/api/articles").json()
    assert [item["id"] for item in page["items"]] == [3, 2, 1] and page["next"] is None
    first = page["items"][-1]
    assert first["outlet"] == "valdoria-today.example" and first["published"] == "2026-03-14"
    assert first["technique_spans"] > 0
    calm = page["items"][1]
    assert calm["technique_spans"] == 0 and calm["unsourced_claims"] == 0


def test_cursor_pages_cover_everything_once(stored: TestClient) -> None:
    seen: list[int] = []
    cursor = None
    while True:
        params = {"limit": "2"} | ({"cursor": cursor} if cursor else {})
        page = stored.get("/api/articles", params=params).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == [3, 2, 1]


def test_filters(stored: TestClient) -> None:
    assert ids(stored.get("/api/articles", params={"outlet": "quiet-news.example"})) == [2]
    assert ids(stored.get("/api/articles", params={"since": "2026-03-01"})) == [3, 1]
    assert ids(stored.get("/api/articles", params={"until": "2026-03-14"})) == [2, 1]
    labels = stored.get("/api/articles/1").json()["layers"]["techniques"]
    technique = labels[0]["label"]
    assert 2 not in ids(stored.get("/api/articles", params={"technique": technique}))
    assert 1 in ids(stored.get("/api/articles", params={"label": technique}))
    assert ids(stored.get("/api/articles", params={"technique": "No_Such_Technique"})) == []
    assert 2 in ids(stored.get("/api/articles", params={"unsourced": "false"}))
    hits = stored.get("/api/articles", params={"q": "library"}).json()["items"]
    assert [hit["id"] for hit in hits] == [2] and "library" in hits[0]["snippet"]


@pytest.mark.parametrize(
    "params",
    [{"limit": "0"}, {"limit": "999"}, {"cursor": "abc"}, {"since": "yesterday"}, {"unsourced": "maybe"}],
)
def test_bad_list_parameters_are_422(stored: TestClient, params: dict[str, str]) -> None:
    response = stored.get("/api/articles", params=params)
    assert response.status_code == 422 and error_of(response)


def test_one_article_is_its_stored_analysis(stored: TestClient) -> None:
    doc = stored.get("/api/articles/1").json()
    assert doc["schema"] == "unspin/1" and doc["article"]["text"] == ARTICLE
    assert doc["layers"]["techniques"]
    missing = stored.get("/api/articles/999")
    assert missing.status_code == 404 and "999" in error_of(missing)
    assert stored.get("/api/articles/x").status_code == 422


def test_outlets(stored: TestClient) -> None:
    listed = {row["name"]: row for row in stored.get("/api/outlets").json()}
    assert listed["valdoria-today.example"]["articles"] == 2 and listed["quiet-news.example"]["articles"] == 1
    detail = stored.get("/api/outlets/valdoria-today.example").json()
    assert [m["month"] for m in detail["months"]] == ["2026-03", "2026-04"]
    assert detail["months"][0]["techniques_per_1000_chars"] > 0 and detail["top_techniques"]
    # both of its articles name the ministry; each article counts a name once
    assert {"name": "Ministry of Defence of Valdoria", "label": "organisation", "articles": 2} in detail[
        "top_entities"
    ]
    assert all(e["label"] in ("person", "organisation", "group") for e in detail["top_entities"])
    assert stored.get("/api/outlets/nowhere.example").status_code == 404


def test_without_a_store_the_routes_say_so(client: TestClient) -> None:
    response = client.get("/api/articles")
    assert response.status_code == 404 and "--db" in error_of(response)


def test_a_bad_db_fails_at_start(make_client: Callable[..., TestClient], tmp_path: Path) -> None:
    (tmp_path / "not-a-db").write_text("hello")
    with pytest.raises(UnspinError) as failure:
        make_client(db=str(tmp_path / "not-a-db"))
    assert "not-a-db" in str(failure.value) and "\n" not in str(failure.value)


def test_export_downloads_what_unspin_export_writes(stored: TestClient) -> None:
    jsonl = stored.get("/api/export")
    assert jsonl.status_code == 200 and jsonl.headers["content-type"] == "application/x-ndjson"
    assert "attachment" in jsonl.headers["content-disposition"]
    records = [json.loads(line) for line in jsonl.text.splitlines()]
    assert records[0]["text"] == ARTICLE and len(records) == 3
    csv_rows = list(csv.reader(io.StringIO(stored.get("/api/export", params={"format": "csv"}).text)))
    assert len(csv_rows) == 4 and "text" in csv_rows[0]
    spans = stored.get("/api/export", params={"layer": "techniques", "outlet": "quiet-news.example"}).text
    assert spans == ""  # the calm article has no technique spans
    assert stored.get("/api/export", params={"layer": "techniques"}).text.count("\n") > 0
    assert stored.get("/api/export", params={"format": "xml"}).status_code == 422
    unknown = stored.get("/api/export", params={"layer": "horoscope"})
    assert 400 <= unknown.status_code < 500 and "horoscope" in error_of(unknown)
