"""The Markdown report: the brief in words, quotes escaped so article text never becomes syntax."""

from __future__ import annotations

from unspin import Article
from unspin.report.markdown import md, render_markdown

from ._articles import crowded


def test_the_brief_in_markdown() -> None:
    out = render_markdown(crowded())
    assert out.startswith("## Crowded\n")
    assert "**Propaganda: 89% (very high)** — Heavy use of propaganda techniques." in out
    assert "- **Loaded Language** 59%: “brutal” `@2609`" in out
    assert "*Unsourced:*" in out and "| 12 people killed | no source given |" in out
    assert "**Places:** Tarn ×30" in out


def test_article_text_is_escaped() -> None:
    hostile = "[click](javascript:alert(1)) <b>x</b> *y* $x$ ![i](http://e/i.png) | # h"
    assert md(hostile) == (
        "\\[click\\](javascript:alert(1)) \\<b\\>x\\</b\\> \\*y\\* \\$x\\$"
        " \\!\\[i\\](http://e/i.png) \\| \\# h"
    )
    article = Article(hostile + "\x1b[31m", title="# [t](http://e)")
    article.set_layer("techniques", [article.span(0, len(article.text), "Doubt", score=0.5)])
    out = render_markdown(article)
    assert out.startswith("## \\# \\[t\\](http://e)\n") and "\x1b" not in out and "␛" in out
    assert "“\\[click\\]" in out


def test_analyze_writes_markdown(tmp_path: object) -> None:
    from pathlib import Path

    from click.testing import CliRunner

    from unspin.cli import cli

    source = Path(str(tmp_path)) / "a.txt"
    source.write_text("Officials said 12 people were killed in Tarn.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(source), "--only", "figures", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "### Tolls and figures" in result.output and "12 people killed" in result.output
