"""The HTML report: safe against hostile articles, self-contained, faithful to the text, deterministic."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin import Article, Pipeline
from unspin.report import render_html
from unspin.report.html import esc, json_for_script, render_fragment

from ._articles import TEXT, crowded

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '"><svg onload=alert(1)>',
    "</script>",
    "<!--",
    "'><style>body{display:none}</style>",
]
TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "p", "h1", "h2", "h3", "dl", "dt", "dd",
    "code", "main", "section", "ul", "li", "label", "input", "span", "b", "div", "mark", "table", "thead",
    "tbody", "tr", "th", "td", "footer", "script", "h4", "ol", "a", "br", "details", "summary",
}  # fmt: skip


class Page(HTMLParser):
    """Collects what the tests look at: every tag with its attributes, scripts, and the article text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], list[str]]] = []
        self.text: list[str] = []
        self._depth = 0  # > 0 while inside <div id="text">
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "script":
            self._in_script = True
            self.scripts.append((attributes, []))
        if self._depth:
            self._depth += 1
        elif tag == "div" and attributes.get("id") == "text":
            self._depth = 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1][1].append(data)
        elif self._depth:
            self.text.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def hostile_article() -> Article:
    text = "Intro. " + " ".join(HOSTILE) + "\nEnd."
    article = Article(
        text,
        title=" ".join(HOSTILE),
        url='javascript:alert(1)//"><script>alert(2)</script>',
        outlet="<b>evil.example</b>",
        authors=["<svg onload=alert(3)>"],
        language='en" onmouseover="alert(4)',
    )
    article.published = "<i>2024</i>"  # the constructor refuses it; a JSON document read back may hold it
    article.set_layer(
        '<img src=x onerror=alert("layer")>',
        [article.span(text.index("<img"), text.index("<svg") + 5, '"><script>alert(5)</script>', score=0.5)],
    )
    article.set_layer(
        "techniques",
        [
            article.span(0, len(text), "Loaded_Language", attrs={"<x onclick=alert(6)>": "<y>"}),
            article.span(text.index("</script>"), len(text), "</script><script>alert(7)</script>"),
        ],
    )
    article.summary['<svg onload="alert(8)">'] = {"<td onclick=alert(9)>": ["</table><script>"]}
    return article


def test_hostile_article_produces_no_markup() -> None:
    page = render_html(hostile_article())
    parsed = parse(page)
    names = {tag for tag, _ in parsed.tags}
    assert names <= TAGS, names - TAGS
    assert "img" not in names and "svg" not in names
    for tag, attrs in parsed.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in ("src", "action", "formaction", "srcset", "style"), (tag, name)
            # The only links are the brief's jumps to its evidence in the page.
            assert name != "href" or re.fullmatch(r"#e\d+-\d+", value or ""), (tag, value)
            assert not (value or "").strip().lower().startswith("javascript:")
    # Exactly two script elements, both ours: the data block and the pinned tooltip script.
    assert [attrs for attrs, _ in parsed.scripts] == [{"type": "application/json", "id": "unspin-data"}, {}]
    assert sum(1 for tag, _ in parsed.tags if tag == "style") == 1
    # Attribute values cannot break out: the only lang on the text is absent (it was not a language tag).
    assert all("onmouseover" not in (attrs.get("lang") or "") for _, attrs in parsed.tags)


def test_script_is_pinned_by_the_csp_hash() -> None:
    page = render_html(hostile_article())
    parsed = parse(page)
    (csp,) = [
        a["content"]
        for t, a in parsed.tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp is not None
    assert csp.startswith("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-")
    (digest,) = re.findall(r"script-src 'sha256-([A-Za-z0-9+/=]+)'", csp)
    code = "".join(parsed.scripts[1][1])
    assert base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() == digest
    assert "connect-src" not in csp and "http" not in csp


def test_embedded_json_cannot_close_its_script_and_round_trips() -> None:
    article = hostile_article()
    article.set_layer("claims", [article.span(0, 6, "claim\u2028<!--")])
    page = render_html(article)
    parsed = parse(page)
    data = "".join(parsed.scripts[0][1])
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in data
    assert Article.from_dict(json.loads(data)).to_dict() == article.to_dict()
    assert json_for_script('"</script>&\u2029"') == '"\\u003c/script\\u003e\\u0026\\u2029"'


def test_page_is_self_contained() -> None:
    page = render_html(hostile_article())
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    script = "".join(parse(page).scripts[1][1])
    assert not re.search(r"fetch|XMLHttpRequest|innerHTML|eval\(|document\.write", script)


def text_of(page: str) -> str:
    return "".join(parse(page).text)


def test_overlapping_spans_render_every_character_once_in_order() -> None:
    text = "0123456789" * 5
    article = Article(text)
    article.set_layer("techniques", [article.span(0, 20, "Loaded_Language"), article.span(10, 30, "Doubt")])
    article.set_layer("claims", [article.span(5, 40, "claim"), article.span(12, 12, "empty")])
    page = render_html(article)
    assert text_of(page) == text
    div = page[page.index('<div class="text"') : page.index("</div>", page.index('<div class="text"'))]
    assert div.count("<mark") == div.count("</mark>")
    # The 10..20 piece sits inside three marks, one per covering span.
    assert re.search(r"(<mark[^>]*>){3}0123456789</mark></mark></mark>", div)


def test_unusual_text_survives(article: Article) -> None:
    text = "\ufeffA\r\nB \ufeff C 😀👍🏽 مرحبا بالعالم 中文\r\n\r\n\tend\x1b[31m!\x00\x85"
    odd = Article(text, title="\ufeff😀 مرحبا")
    odd.set_layer("techniques", [odd.span(0, 4, "x"), odd.span(3, len(text) - 3, "y")])
    Pipeline(only=["sentences"])(odd)
    page = render_html(odd)
    page.encode("utf-8")
    # NUL and C1 controls cannot live in HTML: they become U+FFFD, one for one.
    assert text_of(page) == text.replace("\x00", "\ufffd").replace("\x85", "\ufffd").replace("\x1b", "")
    assert "\x1b" not in page and "&#27;" in page  # the DOM gets ESC back; the file never holds one
    assert "\r" not in page  # CR travels as &#13;, so the DOM keeps CRLF but the file has plain lines
    assert text_of(render_html(article)) == TEXT


def test_html_is_deterministic_and_explains_spans(article: Article, fake_analyzers: None) -> None:
    page = render_html(article)
    assert page == render_html(article)
    assert '<h1 dir="auto">Regime lies</h1>' in page
    assert "<code>https://example.com/news/1?a=1&amp;b=2</code>" in page  # shown, not linked
    # Legend: labels with counts and explanations; structural layer absent.
    assert 'Loaded Language</b> <span class="n">× 2</span>' in page
    assert "Words chosen for their emotional charge rather than their meaning." in page
    assert "Document" not in page and 'data-layer="structure"' not in page
    # Hover text on the span: label, layer, score as a percentage, explanation, covered text.
    marks = [a for t, a in parse(page).tags if t == "mark" and a.get("data-label") == "Loaded_Language"]
    title = marks[0]["title"] or ""
    assert title.startswith("Loaded Language (techniques) · 87%\nWords chosen")
    assert "“shameful regime”" in title and "Sentence score: 64%" in title
    assert sum(1 for m in marks if "tabindex" in m) == 2  # one tab stop per annotation, not per piece
    # Summary tables
    assert '<th scope="row">Mean score</th><td>61%</td>' in page
    assert '<th scope="col">Label</th>' in page


@pytest.mark.parametrize("language", ["ar", "pt-BR", None, "", "x", "en gb"])
def test_language_attribute_only_when_valid(language: str | None) -> None:
    page = render_html(Article("text", language=language))
    expected = language in ("ar", "pt-BR")
    assert (f'id="text" lang="{language}"' in page) == expected


def test_esc() -> None:
    assert esc("<a href='x'>&\"\r\n") == "&lt;a href=&#x27;x&#x27;&gt;&amp;&quot;&#13;\n"
    assert esc("\udc80\x00") == "\ufffd\ufffd"


@st.composite
def article_with_spans(draw: st.DrawFn) -> Article:
    # Python's parser drops C0 controls that browsers keep (see esc), so they are left out here.
    pieces = st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=6)
    text = "".join(draw(st.lists(pieces | st.sampled_from(["\r\n", "\n", "\t", "\ufeff", "😀", "مرحبا"]))))
    article = Article(text)
    for layer in ("techniques", "claims", "plugin"):
        spans = []
        for _ in range(draw(st.integers(0, 5))):
            start, end = sorted(draw(st.tuples(st.integers(0, len(text)), st.integers(0, len(text)))))
            spans.append(article.span(start, end, draw(st.sampled_from(["A", "B", "<c>"]))))
        article.set_layer(layer, spans)
    return article


@settings(deadline=None)
@given(article_with_spans())
def test_any_spans_render_the_text_exactly_once(article: Article) -> None:
    page = render_html(article)
    assert text_of(page) == article.text
    assert render_html(article) == page


def test_the_page_opens_with_the_brief_and_every_brief_link_has_its_target() -> None:
    article = crowded()
    page = render_html(article)
    assert page.index('id="brief"') < page.index('id="text"')
    brief = page[page.index('id="brief"') : page.index('id="h-text"')]
    assert "89%" in brief and "very high" in brief and "Heavy use of propaganda techniques" in brief
    assert "Unsourced" in brief and "12 people killed" in brief and "Tarn ×30" in brief
    targets = set(re.findall(r'href="#(e\d+-\d+)"', page))
    assert targets
    for key in targets:
        start, end = (int(x) for x in key[1:].split("-"))
        assert page.count(f'id="{key}"') == 1  # one target, its other pieces carry data-e only
        assert 0 <= start < end <= len(article.text)
    assert text_of(page) == article.text  # the anchors add no text


def test_one_layer_group_is_highlighted_at_a_time() -> None:
    page = render_html(crowded())
    radios = re.findall(r'<input type="radio" name="unspin-g" id="g-(\w+)" value="\w+"( checked)?>', page)
    assert [g for g, _ in radios] == ["techniques", "claims", "figures", "events", "places"]
    assert [g for g, checked in radios if checked] == ["techniques"]
    assert ".report:has(#g-figures:checked) .m.g-figures{background:var(--b)" in page
    assert re.search(
        r'<mark class="m c\d+ g-claims l0" data-a="a\d+" data-layer="claims" data-label="claim"'
        r' data-g="claims"',
        page,
    )
    assert '<div class="legend"><ul class="lg-techniques">' in page and "Loaded Language</b>" in page
    assert "onclick" not in page  # no inline handlers; report.js adds its listeners


def test_the_fragment_and_the_notebook_view_carry_no_executable_script(article: Article) -> None:
    fragment = render_fragment(article)
    assert fragment.body.count("<script") == 1 and 'type="application/json"' in fragment.body
    assert fragment.style.startswith("/* unspin report")
    assert fragment.body in render_html(article)
    shown = article._repr_html_()
    assert shown.startswith("<style>") and 'id="brief"' in shown and "<mark" in shown
    assert shown.count("<script") == 1
