"""HTML article extraction: body text, metadata, and what must never happen (scripts, fetches, hangs)."""

from __future__ import annotations

import contextlib
import io
import time
from pathlib import Path

import pytest

from unspin.errors import InputError
from unspin.ingest import html as html_module
from unspin.ingest import load, load_bytes
from unspin.ingest.html import extract_html, looks_like_html, meta_charset, outlet_of

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"
PARAGRAPH = (
    "The harbour council met again on Thursday to discuss the ferry timetable, and several members asked "
    "for a full account of the costs before any further vote."
)


def test_html_file_metadata_and_body() -> None:
    article = load(str(FIXTURES / "article.html"))
    assert article.title == "Harbour council approves new ferry timetable"
    assert article.published == "2023-04-17"
    assert article.authors == ["Mara Velk", "Tobias Renn"]
    assert article.url == "https://www.lakeside-courier.example/news/ferry-timetable"  # canonical link
    assert article.outlet == "lakeside-courier.example"
    assert article.language == "en"
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == "Harbour council approves new ferry timetable"
    assert paragraphs[1].startswith("The harbour council voted on Monday evening")
    assert "“years of complaints”" in article.text
    assert "- Weekday departures from 05:40\n- Friday return at 23:15" in article.text
    assert article.text.endswith("summer season. 🚢")
    assert "\n\n\n" not in article.text


def test_script_style_and_boilerplate_are_not_text() -> None:
    for name in ("article.html", "article_jsonld.html"):
        text = load(str(FIXTURES / name)).text
        for marker in ("SCRIPT_MARKER", "STYLE_MARKER", "trackingSecret", "injected", "font-family"):
            assert marker not in text
        for boilerplate in ("All rights reserved", "Meistgelesen", "Lokales"):
            assert boilerplate not in text


def test_json_ld_metadata_and_html_lang() -> None:
    article = load(str(FIXTURES / "article_jsonld.html"))
    assert article.title == "Neuer Fährplan für den Nordhafen"
    assert article.published == "2024-02-09"
    assert article.authors == ["Jana Oberlin", "Piet Kessler"]
    assert article.language == "de"  # primary subtag of de-DE
    assert article.url is None and article.outlet is None  # no canonical URL, no source URL
    assert article.text.count("\n\n") == 3


def test_given_url_sets_url_and_outlet() -> None:
    html = (FIXTURES / "article_jsonld.html").read_text(encoding="utf-8")
    article = extract_html(html, "https://WWW.Seeblick-Anzeiger.example:8443/lokales/faehre?id=7")
    assert article.url == "https://WWW.Seeblick-Anzeiger.example:8443/lokales/faehre?id=7"
    assert article.outlet == "seeblick-anzeiger.example"


def test_sniffed_from_stdin_and_bytes() -> None:
    data = (FIXTURES / "article.html").read_bytes()
    assert load("-", stdin=io.BytesIO(data)).title == "Harbour council approves new ferry timetable"
    assert load_bytes(data).authors == ["Mara Velk", "Tobias Renn"]
    # Forced to text, the markup is kept verbatim.
    assert load_bytes(data, kind="text").text == data.decode("utf-8")


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.download"
    path.write_bytes((FIXTURES / "article.html").read_bytes())
    assert load(str(path)).published == "2023-04-17"
    txt = tmp_path / "page.txt"  # a .txt file stays text, whatever it contains
    txt.write_bytes((FIXTURES / "article.html").read_bytes())
    assert load(str(txt)).text.startswith("<!DOCTYPE html>")


def test_fragment_without_html_tag() -> None:
    article = load_bytes(f"<article><p>{PARAGRAPH}</p><p>Second paragraph.</p></article>".encode())
    assert article.text == f"{PARAGRAPH}\n\nSecond paragraph."


def test_meta_charset_is_honoured() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        "<title>Паромы</title></head><body><article><p>Городской совет утвердил новое расписание паромов "
        "в понедельник вечером. Пассажиры довольны, но просят добавить рейсы.</p></article></body></html>"
    )
    article = load_bytes(page.encode("cp1251"))
    assert article.title == "Паромы"
    assert article.text.startswith("Городской совет утвердил")


def test_no_article_text() -> None:
    page = (
        b"<!doctype html><html><head><title>App</title><script>render()</script></head><body></body></html>"
    )
    with pytest.raises(InputError, match="no article text found in the HTML"):
        load_bytes(page)


def test_nothing_is_fetched_or_expanded(server, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    base = server.base
    page = f"""<!DOCTYPE html [<!ENTITY leak SYSTEM "file://{secret}">]>
<html><head><link rel="stylesheet" href="{base}/style.css"><script src="{base}/app.js"></script>
<meta http-equiv="refresh" content="0; url={base}/refresh"></head>
<body><img src="{base}/pixel.gif"><iframe src="{base}/frame"></iframe>
<article><p>{PARAGRAPH} &leak;</p><p>{PARAGRAPH}</p></article></body></html>"""
    article = load_bytes(page.encode())
    assert "TOP-SECRET" not in article.text
    assert "harbour council" in article.text
    assert server.requests == []


def test_too_many_elements_is_refused_quickly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_module, "MAX_ELEMENTS", 5_000)
    page = "<html><body>" + "<span>a</span>" * 6_000 + f"<p>{PARAGRAPH}</p></body></html>"
    start = time.monotonic()
    with pytest.raises(InputError, match="too complex"):
        load_bytes(page.encode())
    assert time.monotonic() - start < 1


def test_svg_does_not_count_against_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_module, "MAX_ELEMENTS", 5_000)
    icon = "<svg>" + "<path d='M0 0'/>" * 100 + "</svg>"
    page = f"<html><body><nav>{icon * 60}</nav><article><p>{PARAGRAPH}</p></article></body></html>"
    assert load_bytes(page.encode()).text == PARAGRAPH


def test_deep_nesting_does_not_hang() -> None:
    page = "<html><body>" + "<div>" * 20_000 + f"<p>{PARAGRAPH}</p>" + "</div>" * 20_000 + "</body></html>"
    start = time.monotonic()
    # libxml2 drops what lies deeper than 255 levels: refusing is fine, hanging is not.
    with contextlib.suppress(InputError):
        load_bytes(page.encode())
    assert time.monotonic() - start < 2


def test_date_from_the_page_and_from_the_url_trafilatura_did_not_search() -> None:
    body = f"<body><p>Posted <time datetime='2021-06-05'>5 June</time></p><p>{PARAGRAPH}</p></body>"
    assert extract_html(f"<html>{body}</html>").published == "2021-06-05"
    # trafilatura searches the canonical URL; the date is in the address the page was fetched from.
    canonical = "<head><link rel='canonical' href='https://example.org/news/ferry'></head>"
    page = f"<html>{canonical}<body><p>{PARAGRAPH}</p></body></html>"
    assert extract_html(page, "https://example.org/2024/03/05/ferry.html").published == "2024-03-05"
    assert extract_html(page, "https://example.org/news/ferry").published is None
    dated = "<head><link rel='canonical' href='https://example.org/2019/04/07/ferry'></head>"
    page = f"<html>{dated}<body><p>{PARAGRAPH}</p></body></html>"
    assert extract_html(page, "https://example.org/ferry.html").published == "2019-04-07"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<!DOCTYPE html><html>", True),
        (b"\xef\xbb\xbf\n  <!doctype HTML>", True),
        (b"<?xml version='1.0'?>\n<!-- saved page -->\n<html xmlns='http://www.w3.org/1999/xhtml'>", True),
        (b"<HEAD><title>x</title>", True),
        (b"<body><p>x</p>", True),
        (b"<article><p>x</p>", True),
        ("<!DOCTYPE html><p>Grüße</p>".encode("utf-16"), True),
        (b"<3 the new ferry", False),
        (b"The tag <html> appears later in this text.", False),
        (b"<p>paragraph only</p>", False),
    ],
)
def test_looks_like_html(data: bytes, expected: bool) -> None:
    assert looks_like_html(data) is expected


def test_meta_charset() -> None:
    assert meta_charset(b'<html><head><meta charset="ISO-8859-15">') == "ISO-8859-15"
    assert meta_charset(b"<meta http-equiv=content-type content='text/html; charset=koi8-r'>") == "koi8-r"
    assert meta_charset(b"<html><head><title>none</title>") is None


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.bbc.co.uk/news/world-1", "bbc.co.uk"),
        ("http://WWW2.Example.COM.:8080/a", "example.com"),
        ("https://news.example.org/", "news.example.org"),
        ("https://www.lakeside-courier.example", "lakeside-courier.example"),
        ("not a url", None),
        (None, None),
    ],
)
def test_outlet_of(url: str | None, outlet: str | None) -> None:
    assert outlet_of(url) == outlet


STORY_PARAGRAPHS = [
    "Gunmen attacked a checkpoint outside Velmar on Monday, killing 12 officers, the ministry said.",
    "The attackers arrived in two trucks before dawn and opened fire on the post that guards the port road.",
    "The government has ordered an inquiry and sent reinforcements to the region.",
]


def story_page(body: str) -> str:
    nav = '<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
    return (
        f"<!doctype html><html><head><title>Attack</title></head><body>{nav}<main>{body}</main></body></html>"
    )


def p(text: str, cls: str = "") -> str:
    return f'<p class="{cls}">{text}</p>' if cls else f"<p>{text}</p>"


def test_sidebars_teasers_and_credit_lines_stay_out_of_the_body() -> None:
    one, two, three = STORY_PARAGRAPHS
    page = story_page(
        '<div class="story">'
        + p(one)
        + '<div class="sidebar-box"><h3>Obituary</h3>'
        + "<p>Former mayor Karel Dunn, 84, died on Sunday.</p></div>"
        + p('Also on Example News: <a href="/x">Why the port matters</a>')
        + p(two)
        + p('<strong>Read more:</strong> <a href="/y">Timeline of attacks</a>')
        + p(three)
        + p("Reporting by Ana Ruiz; Editing by Tom Lee", "credit-line")
        + p("Photo: Lena Brask/Northwire")
        + "<p>###</p></div>"
    )
    text = extract_html(page).text
    assert text.split("\n\n") == STORY_PARAGRAPHS
    for furniture in ("84", "Also on", "Read more", "Reporting by", "Lena Brask", "###"):
        assert furniture not in text


def test_a_container_named_like_furniture_that_holds_the_story_is_kept() -> None:
    page = story_page(
        '<div class="article-body with-sidebar">' + "".join(map(p, STORY_PARAGRAPHS)) + "</div>"
    )
    assert extract_html(page).text.split("\n\n") == STORY_PARAGRAPHS


def test_long_paragraphs_are_kept_whatever_they_start_with() -> None:
    long = (
        "Photographs released by the ministry on Tuesday showed the burnt trucks at the checkpoint, and "
        "officials said the images proved that the attackers had come from the hills north of the city."
    )
    text = extract_html(story_page("<article>" + p(STORY_PARAGRAPHS[0]) + p(long) + "</article>")).text
    assert long in text


def test_a_dropped_lead_paragraph_is_put_back_first() -> None:
    lead = (
        "Thousands of nurses marched through Port Sarel on Friday to demand higher wages and safer staffing."
    )
    rest = "".join(map(p, STORY_PARAGRAPHS))
    page = story_page(
        '<article><header><h1>Nurses march</h1><div class="standfirst"><p>'
        + lead
        + '</p></div><div class="byline">By Jane Dorr</div></header><div class="article-body">'
        + rest
        + "</div></article>"
    )
    paragraphs = extract_html(page).text.split("\n\n")
    assert paragraphs[0] == lead and paragraphs[1:] == STORY_PARAGRAPHS


def test_a_navigation_only_page_is_not_an_article() -> None:
    headlines = ["Gunmen kill 12 at checkpoint", "Nurses march for wages", "Port strike enters third day"]
    links = "".join(f'<li><a href="/s{i}">{h}</a></li>' for i, h in enumerate(headlines))
    page = story_page(f'<section class="front"><h1>World</h1><ul class="headlines">{links}</ul></section>')
    with pytest.raises(InputError, match=r"^not an article"):
        extract_html(page)
