"""``POST /api/articles``: articles added to the store and analysed through the server's runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from unspin.store import open_store

from ._helpers import ARTICLE, error_of

FRENCH = (
    "Le conseil municipal s'est réuni mardi soir pour discuter du budget de la nouvelle bibliothèque. "
    "Les habitants attendent le vote avec impatience, et la maire a promis une décision avant l'été. "
    "Plusieurs associations de quartier ont demandé que les horaires d'ouverture soient prolongés le samedi."
)


def test_one_article_is_stored_analysed_and_then_a_duplicate(
    make_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    db = str(tmp_path / "unspin.db")
    client = make_client(db=db)
    given = {"text": ARTICLE, "outlet": "valdoria-today.example", "published": "2026-03-14"}
    first = client.post("/api/articles", json=given)
    assert first.status_code == 200, first.text
    [item] = first.json()["items"]
    assert item["status"] == "added" and "message" not in item
    stored = client.get(f"/api/articles/{item['id']}").json()
    assert stored["article"]["outlet"] == "valdoria-today.example"
    assert stored["layers"]["techniques"] and "events" in stored["layers"]
    again = client.post("/api/articles", json={"text": ARTICLE})
    assert again.json()["items"] == [{"status": "duplicate", "id": item["id"]}]
    with open_store(db) as store:
        assert store.counts()["articles"] == 1 and store.counts()["analysed"] == 1


def test_a_batch_reports_each_article_in_order(
    make_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    client = make_client(db=str(tmp_path / "unspin.db"))
    batch = {
        "articles": [
            {"text": ARTICLE},
            {"text": "   "},
            {"text": FRENCH},
            {"text": ARTICLE + " The port stayed closed."},
            {"text": ARTICLE},
        ]
    }
    items = client.post("/api/articles", json=batch).json()["items"]
    assert [i["status"] for i in items] == ["added", "error", "skipped", "added", "duplicate"]
    assert items[4]["id"] == items[0]["id"] != items[3]["id"]
    assert "\n" not in items[1]["message"] and items[1]["message"]
    listed = client.get("/api/articles").json()["items"]
    assert sorted(i["id"] for i in listed) == sorted([items[0]["id"], items[3]["id"]])


def test_refusals_are_one_line_errors(make_client: Callable[..., TestClient], tmp_path: Path) -> None:
    without_store = make_client()
    assert without_store.post("/api/articles", json={"text": ARTICLE}).status_code == 404
    client = make_client(db=str(tmp_path / "unspin.db"))
    empty = client.post("/api/articles", json={"text": ""})
    assert empty.status_code == 422 and "exactly one of" in error_of(empty)
    too_many = client.post("/api/articles", json={"articles": [{"text": ARTICLE}] * 101})
    assert too_many.status_code == 422 and error_of(too_many)
    guarded = make_client(db=str(tmp_path / "unspin.db"), token="s3cret-token-value")
    refused = guarded.post("/api/articles", json={"text": ARTICLE})
    assert refused.status_code == 401 and error_of(refused)
    with open_store(str(tmp_path / "unspin.db")) as store:
        assert store.counts()["articles"] == 0
