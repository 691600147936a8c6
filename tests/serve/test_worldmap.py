"""The offline map: shipped country outlines, places as dots, everything escaped, no script or fetch."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from unspin import Article
from unspin.article import Annotation
from unspin.serve.ui.worldmap import HEIGHT, MIN_VIEW, WIDTH, Place, frame, outlines, places_of, svg

from .test_pages import _csrf, active_content

TRAVEL = (
    "Protesters marched in Paris on Monday. Later that week, crowds also gathered in Nairobi and in Paris."
)


def test_the_outlines_are_shipped_with_their_notice() -> None:
    shapes = outlines()
    assert len(shapes) > 170
    assert shapes["France"][1] == "FR" and shapes["Kenya"][1] == "KE"
    for path, _ in shapes.values():  # every point inside the drawing
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]
        assert all(0 <= n <= max(WIDTH, HEIGHT) for n in numbers)
    notice = Path(__file__).parents[2] / "src" / "unspin" / "serve" / "ui" / "geo" / "NOTICE.md"
    assert "public domain" in notice.read_text(encoding="utf-8")


def test_places_become_dots_over_their_shaded_countries() -> None:
    drawn = str(svg([Place("Paris", 48.86, 2.35, "FR", 2), Place("<b>x</b>", -1.29, 36.82, "KE")]))
    assert drawn.startswith('<svg class="worldmap"') and drawn.endswith("</svg>")
    assert "<title>Paris: named 2 times</title>" in drawn
    assert "&lt;b&gt;x&lt;/b&gt;: named once" in drawn and "<b>" not in drawn
    assert re.search(r'class="land named" d="[^"]+"><title>France</title>', drawn)
    assert re.search(r'class="land" d="[^"]+"><title>Spain</title>', drawn)
    paris = re.search(r'cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"><title>Paris', drawn)
    assert paris and float(paris.group(1)) == round((2.35 + 180) * WIDTH / 360, 1)
    nairobi = re.search(r'r="([\d.]+)"><title>&lt;b&gt;', drawn)
    assert nairobi and float(nairobi.group(1)) < float(paris.group(3))  # named less: smaller
    assert str(svg([])) == ""


def test_the_view_frames_the_places() -> None:
    europe = [Place("Gdansk", 54.35, 18.65, "PL"), Place("Prague", 50.09, 14.42, "CZ")]
    x, y, width = frame(europe)
    assert width == MIN_VIEW and x >= 0 and x + width <= WIDTH and y >= 0 and y + width / 2 <= HEIGHT
    for place in europe:  # both inside the view
        assert x < (place.lon + 180) * WIDTH / 360 < x + width
    assert frame([Place("Anchorage", 61.2, -149.9, "US"), Place("Auckland", -36.85, 174.76, "NZ")]) == (
        0,
        0,
        WIDTH,
    )
    assert frame([Place("Longyearbyen", 78.22, 15.65, "SJ")])[1] == 0  # clamped at the top edge
    assert 'viewBox="' + " ".join(str(v) for v in (x, y, width, width / 2)) + '"' in str(svg(europe))


def test_an_articles_geocoded_places_are_counted() -> None:
    article = Article("Paris and Paris and Atlantis.")
    article.set_layer(
        "places",
        [
            Annotation(
                0, 5, "Paris", "city", 0.9, {"lat": 48.86, "lon": 2.35, "country": "FR", "name": "Paris"}
            ),
            Annotation(
                10, 15, "Paris", "city", 0.9, {"lat": 48.86, "lon": 2.35, "country": "FR", "name": "Paris"}
            ),
            Annotation(20, 28, "Atlantis", "unresolved", 0.2, {}),
        ],
    )
    assert places_of(article) == [Place("Paris", 48.86, 2.35, "FR", 2)]


def test_the_analyse_page_draws_the_map_offline(client: TestClient) -> None:
    response = client.post("/analyse", data={"csrf": _csrf(client), "text": TRAVEL})
    assert response.status_code == 200
    page = response.text
    assert '<svg class="worldmap"' in page and "Paris: named 2 times" in page
    assert [found for found in active_content(page) if found != "svg"] == []
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy


def test_the_article_list_maps_the_places_of_its_page(
    make_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    client = make_client(db=str(tmp_path / "unspin.db"))
    assert client.post("/api/articles", json={"text": TRAVEL}).json()["items"][0]["status"] == "added"
    listed = client.get("/articles").text
    assert "Places named in these articles" in listed and "Nairobi: named once" in listed
    stored_id = client.get("/api/articles").json()["items"][0]["id"]
    assert "Paris: named 2 times" in client.get(f"/articles/{stored_id}").text
