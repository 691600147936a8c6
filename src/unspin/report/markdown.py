"""The Markdown report: the brief and the highlighted quotes, for a newsroom chat, a ticket or a notebook.

Plain CommonMark (bold, italics, lists, one table) that pastes well anywhere; no HTML. Article text and
metadata are untrusted: every ASCII punctuation character Markdown could read as syntax is escaped with a
backslash, and control characters become visible pictures, so a quote never turns into a link, an image,
a heading or raw HTML. Each quote carries ``@N``, the offset where its evidence starts in the text.
"""

from __future__ import annotations

import re

from unspin.article import Article
from unspin.brief import Claim
from unspin.report.terminal import terminal_safe
from unspin.report.view import (
    event_phrase,
    excerpt,
    figure_phrase,
    humanize,
    name_phrase,
    percent,
    source_phrase,
    sourcing_phrase,
)
from unspin.report.writers import Writer, register_writer

_SYNTAX = re.compile(r"([\\`*_\[\]<>#|~&!$])")  # what could start syntax mid-line ($: notebook maths)


def md(text: str, *, limit: int | None = None) -> str:
    """``text`` on one line, shortened to ``limit`` if given, with Markdown syntax escaped."""
    flat = excerpt(terminal_safe(text, one_line=True), limit) if limit else " ".join(text.split())
    return _SYNTAX.sub(r"\\\1", terminal_safe(flat, one_line=True))


def _quote(start: int, text: str, limit: int = 200) -> str:
    return f"“{md(text, limit=limit)}” `@{start}`"


def _claims(title: str, claims: tuple[Claim, ...]) -> list[str]:
    if not claims:
        return []
    lines = [f"*{title}:*", ""]
    for c in claims:
        who = f" — {md(source_phrase(c.source, c.sourcing))}" if c.source else ""
        score = f"{percent(c.score)} " if c.score is not None else ""
        lines.append(f"- {score}{_quote(c.evidence.start, c.evidence.text)}{who}")
    return [*lines, ""]


def render_markdown(article: Article) -> str:
    """The brief of ``article`` as Markdown, ending in a newline."""
    brief = article.brief
    v = brief.verdict
    facts = [article.outlet, article.published, ", ".join(article.authors) or None, article.url]
    out = [f"## {md(article.title or 'Untitled article')}", ""]
    out += [" · ".join([*(md(f) for f in facts if f), f"id `{article.id}`"]), ""]
    head = (
        f"**Propaganda: {percent(v.score)} ({v.band})** — {v.says}."
        if v.score is not None
        else f"**{v.says}.**"
    )
    out += [head + f" *Score: {md(v.basis)}.*", ""]
    for t in brief.techniques:
        score = f" {percent(t.score)}" if t.score is not None else ""
        out.append(f"- **{md(humanize(t.technique))}**{score}: {_quote(t.evidence.start, t.evidence.text)}")
    covered = [(t.evidence.start, t.evidence.end) for t in brief.techniques]
    for s in brief.sentences:
        if not any(a <= s.evidence.start and s.evidence.end <= b for a, b in covered):
            out.append(f"- *loaded sentence* {percent(s.score)}: {_quote(s.evidence.start, s.evidence.text)}")
    out.append("")
    if brief.sourcing is not None:
        out += ["### Sourcing", "", md(sourcing_phrase(brief.sourcing)), ""]
        out += _claims("Unsourced", brief.sourcing.unsourced)
        out += _claims("Vaguely or anonymously sourced", brief.sourcing.weakly_sourced)
    if brief.figures:
        out += ["### Tolls and figures", "", "*As reported, never added up.*", ""]
        out += ["| Figure | Who says so | In the text |", "|---|---|---|"]
        for f in brief.figures:
            where = ", ".join(f"“{md(e.text, limit=40)}” `@{e.start}`" for e in f.evidence)
            out.append(f"| {md(figure_phrase(f))} | {md(source_phrase(f.source, f.attribution))} | {where} |")
        out.append("")
    if brief.events:
        out += ["### Events", ""]
        out += [f"- {md(event_phrase(e))} `@{e.evidence.start}`" for e in brief.events]
        out.append("")
    who = [(name, items) for name, items in (("Actors", brief.actors), ("Places", brief.places)) if items]
    if who:
        out += ["### Who and where", ""]
        out += [f"- **{name}:** " + ", ".join(md(name_phrase(n)) for n in items) for name, items in who]
        out.append("")
    out.append("*`@N`: where the evidence starts in the article text (code points). Made by unspin.*")
    return "\n".join(out) + "\n"


@register_writer
class MarkdownWriter(Writer):
    name = "markdown"
    suffix = ".md"
    description = "The brief and its quotes as Markdown, one document per article."
    per_article = True

    def render(self, article: Article) -> str:
        return render_markdown(article)
