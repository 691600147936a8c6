"""Article-body extraction on generated pages that imitate real news layouts, each with a known body.

Every layout wraps the same kind of fictional story (written for this bench) in the furniture real pages
carry: navigation, sidebars, an obituary box, "Also on …" and "Read more" teasers, related-story lists,
photo captions and credits, wire credit lines, author bios, press-release contact blocks, share bars and
newsletter boxes. Body F1 is the F1 of word tokens (as multisets) of the extracted text against the known
body; a navigation-only page must be refused ("not an article").

    PYTHONPATH=src python bench/real/extraction.py [--show NAME]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from unspin.errors import InputError
from unspin.ingest.html import extract_html

STORY = [
    "VELMAR, March 3 (Northwire) - Gunmen attacked a police checkpoint on the outskirts of Velmar on "
    "Monday, killing at least 12 officers and wounding nine others, the interior ministry said.",
    "The attackers arrived in two pickup trucks shortly before dawn and opened fire on the "
    "post, which guards "
    "the main road to the port, according to a ministry statement.",
    "No group has claimed responsibility for the attack. Local officials said the area had been quiet for "
    "several months before the assault.",
    "\u201cWe heard shooting for almost an hour,\u201d said a shopkeeper who lives near the "
    "checkpoint and asked "
    "not to be named. \u201cThen the trucks drove off towards the hills.\u201d",
    "The government has ordered an inquiry and sent reinforcements to the region, where three "
    "similar attacks "
    "were reported last year.",
]

PROTEST = [
    "Thousands of nurses marched through the centre of Port Sarel on Friday to demand higher wages and safer "
    "staffing levels in public hospitals.",
    "The union that organised the march said more than 8,000 people took part; the city police put the "
    "figure at about 5,000.",
    "Marchers carried banners reading \u201cCare costs\u201d and stopped traffic on the main "
    "bridge for an hour "
    "before gathering outside the health ministry.",
    "The ministry said talks with the union would resume next week. The union has threatened a strike if no "
    "agreement is reached by the end of the month.",
]

NAV = """<header><nav class="main-nav"><ul><li><a href="/">Home</a></li>
<li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li>
</ul></nav></header>"""
FOOTER = """<footer><p>\u00a9 2026 Example News Group. All rights reserved.</p><ul>
<li><a href="/about">About us</a></li><li><a href="/privacy">Privacy policy</a></li>
<li><a href="/contact">Contact</a></li></ul></footer>"""


def paras(body: list[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "\n".join(f"<p{attr}>{p}</p>" for p in body)


def page(title: str, main: str, head: str = "") -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
        f"<body>{NAV}<main>{main}</main>{FOOTER}</body></html>"
    )


def wire_credit() -> tuple[str, list[str]]:
    main = (
        "<article><h1>Gunmen kill 12 police at Velmar checkpoint</h1>"
        + paras(STORY)
        + '<p class="credit">Reporting by Ana Ruiz; Editing by Tom Lee</p></article>'
    )
    return page("Gunmen kill 12", main), STORY


def sidebar_obituary() -> tuple[str, list[str]]:
    aside = (
        '<aside class="sidebar"><h3>Obituary</h3><p>Former mayor Karel Dunn, 84, died at his home on Sunday '
        "after a long illness, his family said. He led the city for two terms.</p>"
        '<h3>Most read</h3><ol><li><a href="/a">Floods close schools</a></li>'
        '<li><a href="/b">Port strike enters third day</a></li></ol></aside>'
    )
    main = (
        '<div class="layout"><article class="story"><h1>Checkpoint attack</h1>'
        + paras(STORY[:3])
        + aside
        + paras(STORY[3:])
        + "</article></div>"
    )
    return page("Checkpoint attack", main), STORY


def also_on_teaser() -> tuple[str, list[str]]:
    teaser = (
        '<div class="also-on"><p><strong>Also on Example News:</strong> '
        '<a href="/x">Why the port matters to the region</a></p></div>'
    )
    main = "<article><h1>Attack</h1>" + paras(STORY[:2]) + teaser + paras(STORY[2:]) + "</article>"
    return page("Attack", main), STORY


def read_more_inline() -> tuple[str, list[str]]:
    main = (
        "<article><h1>Nurses march</h1>"
        + paras(PROTEST[:2])
        + '<p><strong>Read more:</strong> <a href="/y">Hospitals short of 3,000 nurses, report says</a></p>'
        + paras(PROTEST[2:])
        + '<p>READ MORE: <a href="/z">Union leader profile</a></p></article>'
    )
    return page("Nurses march", main), PROTEST


def lead_paragraph() -> tuple[str, list[str]]:
    main = (
        '<article><header><h1>Nurses march in Port Sarel</h1><div class="standfirst"><p class="lead">'
        + PROTEST[0]
        + '</p></div><div class="byline">By <a href="/authors/jd">Jane Dorr</a>, Health correspondent'
        "</div></header>" + '<div class="article-body">' + paras(PROTEST[1:]) + "</div></article>"
    )
    return page("Nurses march", main), PROTEST


def related_list() -> tuple[str, list[str]]:
    related = (
        '<section class="related"><h2>Related</h2><ul><li><a href="/r1">Police chief replaced after '
        'attacks</a></li><li><a href="/r2">Timeline: violence on the port road</a></li>'
        '<li><a href="/r3">Velmar: a city on edge</a></li></ul></section>'
    )
    main = "<article><h1>Attack</h1>" + paras(STORY[:4]) + related + paras(STORY[4:]) + "</article>"
    return page("Attack", main), STORY


def photo_credits() -> tuple[str, list[str]]:
    figure = (
        '<figure><img src="/p.jpg" alt="Checkpoint"><figcaption>Police at the checkpoint on Monday. '
        '<span class="credit">Photo: Lena Brask/Northwire</span></figcaption></figure>'
    )
    main = (
        "<article><h1>Attack</h1>"
        + figure
        + paras(STORY[:3])
        + '<p class="photo-credit">(Photo credit: Example News/Mira Holt)</p>'
        + paras(STORY[3:])
        + "</article>"
    )
    return page("Attack", main), STORY


def opinion_bio() -> tuple[str, list[str]]:
    column = [
        "Every government promises to listen to nurses. Few do. The march in Port Sarel on Friday showed how "
        "far patience has worn.",
        "The figures are not in dispute: wards are short of staff, shifts run long, and pay has "
        "lagged behind "
        "prices for a decade.",
        "A wage deal will not fix everything, but refusing one will make every other problem worse. The "
        "ministry should return to the table this week.",
    ]
    main = (
        '<article class="opinion"><h1>Listen to the nurses</h1>'
        + paras(column)
        + '<div class="author-bio"><p><em>Tomas Vell is a columnist for Example News and a former hospital '
        "administrator. The views expressed are his own.</em></p></div>"
        + '<div class="share"><a href="#">Share on social media</a> <a href="#">Email</a></div>'
        + "</article>"
    )
    return page("Listen to the nurses", main), column


def press_release() -> tuple[str, list[str]]:
    release = [
        "VELMAR POLICE DEPARTMENT \u2013 On March 2, officers executed a search warrant at a "
        "residence on the "
        "east side of the city following a three-month investigation into stolen vehicles.",
        "Six people were arrested and charged with receiving stolen property. Officers seized four vehicles "
        "and a quantity of tools.",
        "Anyone with information is asked to call the department's tip line.",
    ]
    main = (
        '<div class="press-release"><h1>Six arrested after search warrant</h1>'
        + paras(release)
        + '<div class="contact"><p>Media contact: Sgt. Olek Brand, Public Information Office, '
        "555-0100, press@velmar-police.example</p></div><p>###</p></div>"
    )
    return page("Six arrested", main), release


def newsletter_box() -> tuple[str, list[str]]:
    box = (
        '<div class="newsletter-signup"><h3>Get the morning briefing</h3><p>Sign up for our newsletter and '
        'get the top stories in your inbox every morning.</p><form><input type="email"></form></div>'
    )
    main = "<article><h1>March</h1>" + paras(PROTEST[:2]) + box + paras(PROTEST[2:]) + "</article>"
    return page("March", main), PROTEST


def state_media_table() -> tuple[str, list[str]]:
    main = (
        '<table class="layout"><tr><td class="left-col"><ul><li><a href="/n1">Leader meets delegation</a>'
        '</li><li><a href="/n2">Harvest exceeds plan</a></li></ul></td><td class="content"><h1>Attack</h1>'
        '<div id="content">'
        + paras(STORY)
        + '</div><p class="editor">(Editor: Wen Lu)</p><p class="source">Source: Northwire</p></td></tr>'
        "</table>"
    )
    return page("Attack", main), STORY


def unnamed_teaser_box() -> tuple[str, list[str]]:
    box = (
        '<div class="box box-3"><h4>Read more</h4><ul>'
        '<li><a href="/t1">Port road reopens after attack</a></li>'
        '<li><a href="/t2">Who guards the checkpoints?</a></li></ul></div>'
        '<div class="box box-4"><p>Also on Example News: <a href="/t3">Velmar mayor Karel Dunn, 84, dies</a>'
        "</p></div>"
    )
    main = '<div class="post">' + "<h1>Attack</h1>" + paras(STORY[:3]) + box + paras(STORY[3:]) + "</div>"
    return page("Attack", main), STORY


def navigation_only() -> tuple[str, list[str]]:
    items = "".join(
        f'<li><a href="/s{i}">{headline}</a></li>'
        for i, headline in enumerate(
            [
                "Gunmen kill 12 police at Velmar checkpoint",
                "Nurses march in Port Sarel for higher wages",
                "Port strike enters third day as talks stall",
                "Floods close schools across the northern province",
                "Central bank holds rates steady",
                "Election commission publishes final candidate list",
                "Opinion: Listen to the nurses",
                "Velmar football club signs new coach",
            ]
        )
    )
    main = f'<section class="front"><h1>World</h1><ul class="headlines">{items}</ul></section>'
    return page("World news", main), []


LAYOUTS: dict[str, Callable[[], tuple[str, list[str]]]] = {
    f.__name__: f
    for f in (
        wire_credit,
        sidebar_obituary,
        also_on_teaser,
        read_more_inline,
        lead_paragraph,
        related_list,
        photo_credits,
        opinion_bio,
        press_release,
        newsletter_box,
        state_media_table,
        unnamed_teaser_box,
        navigation_only,
    )
}

_WORD = re.compile(r"\w+")


def body_f1(got: str, expected: str) -> float:
    """F1 of word tokens (lower-cased multisets) of the extracted body against the known one."""
    g, e = Counter(_WORD.findall(got.lower())), Counter(_WORD.findall(expected.lower()))
    common = sum((g & e).values())
    if not common:
        return 0.0
    p, r = common / sum(g.values()), common / sum(e.values())
    return 2 * p * r / (p + r)


@dataclass
class Result:
    name: str
    f1: float | None  # None: refused
    expected_refusal: bool
    text: str

    @property
    def ok(self) -> bool:
        return self.f1 is None if self.expected_refusal else self.f1 is not None


_H1 = re.compile(r"<h1>(.*?)</h1>")


def run(name: str) -> Result:
    """Extract one layout; its known body is the headline (as PTC texts have it) and the story."""
    html, body = LAYOUTS[name]()
    headline = _H1.search(html)
    if body and headline:
        body = [headline.group(1), *body]
    try:
        text = extract_html(html).text
    except InputError as exc:
        return Result(name, None, not body, str(exc))
    return Result(name, body_f1(text, "\n\n".join(body)) if body else 0.0, not body, text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", help="print the extracted text of one layout")
    args = ap.parse_args(argv)
    if args.show:
        print(run(args.show).text)
        return 0
    scores = []
    for name in LAYOUTS:
        r = run(name)
        shown = "refused" if r.f1 is None else f"{r.f1:.3f}"
        print(f"{name:<20} {shown:>8}  {'ok' if r.ok else 'WRONG'}")
        if r.f1 is not None and not r.expected_refusal:
            scores.append(r.f1)
    mean = sum(scores) / len(scores)
    print(f"{'mean body F1':<20} {mean:>8.3f}  min {min(scores):.3f} over {len(scores)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
