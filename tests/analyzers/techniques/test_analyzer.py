"""The ``techniques`` analyzer end to end, with the model shipped in the package."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from unspin import Article, Pipeline
from unspin.analyzers.techniques import TECHNIQUES, Techniques
from unspin.cli import main

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = (ROOT / "examples" / "valdoria-report.txt").read_text(encoding="utf-8")
LABELS = {t.label for t in TECHNIQUES}

pytestmark = pytest.mark.skipif(
    not Techniques().available().ok, reason="the technique model is not installed in this checkout"
)


@pytest.fixture(scope="module")
def analysed() -> Article:
    return Pipeline()(Article(EXAMPLE, published="2026-03-14"))


def test_spans_index_the_text_and_carry_techniques(analysed: Article) -> None:
    spans = analysed.layer("techniques")
    assert spans, "the example article is full of loaded language; the model should find some"
    for a in spans:
        assert analysed.text[a.start : a.end] == a.text
        assert a.label in LABELS
        assert a.score is not None and 0.0 <= a.score <= 1.0
        assert 0.0 <= a.attrs["span_score"] <= 1.0 and 0.0 <= a.attrs["technique_score"] <= 1.0
        assert a.attrs["rank"] in (1, 2)
        assert a.attrs["alternatives"][0]["label"] == a.label or a.attrs["rank"] == 2


def test_summary_figures_are_consistent(analysed: Article) -> None:
    summary = analysed.summary["techniques"]
    assert len(summary["sentence_scores"]) == len(analysed.layer("sentences"))
    assert all(0.0 <= s <= 1.0 for s in summary["sentence_scores"])
    assert 0.0 < summary["share_of_text"] <= 1.0
    assert summary["count"] == sum(1 for a in analysed.layer("techniques") if a.attrs["rank"] == 1)
    assert sum(summary["by_label"].values()) == summary["labels"] == len(analysed.layer("techniques"))
    assert summary["sentences_with_propaganda"] == sum(s >= 0.5 for s in summary["sentence_scores"])


def test_output_is_deterministic(analysed: Article) -> None:
    again = Pipeline()(Article(EXAMPLE, published="2026-03-14"))
    assert again.to_json() == analysed.to_json()


@pytest.mark.parametrize(
    "text",
    [
        "Traitors!",
        "\ufeff😀 🚀 🔥",
        "وقال المتحدث إن الوضع تحت السيطرة.",
        "Shameful.\r\nThe regime's thugs lied again.\r\n",
        "word " * 3000,  # many windows
    ],
)
def test_unusual_texts_give_valid_layers(text: str) -> None:
    article = Pipeline(only=["techniques"])(Article(text))
    for a in article.layer("techniques"):
        assert article.text[a.start : a.end] == a.text
    assert len(article.summary["techniques"]["sentence_scores"]) == len(article.layer("sentences"))


def test_classify_spans_returns_distributions() -> None:
    analyzer = Techniques()
    article = Article("The corrupt regime of cowardly thugs will destroy our great nation.")
    probs = analyzer.classify_spans(article, [(4, 18), (22, 36), (52, 68), (5, 5)])
    assert probs.shape == (4, len(analyzer.techniques))
    assert np.allclose(probs.sum(axis=1), 1.0)


def _run(args: list[str]) -> None:
    """Run the CLI in-process; success returns normally or exits with status 0."""
    try:
        main(args)
    except SystemExit as done:
        assert done.code in (0, None)


def _ptc_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "article1.txt").write_text(
        "Cowards and traitors\n\nThe corrupt regime keeps lying to every honest citizen.\n"
        "Only a fool would believe its shameless propaganda.\n",
        encoding="utf-8",
    )
    (folder / "article2.txt").write_text(
        "\ufeffA calm report.\n\nThe council met on Monday.\n", encoding="utf-8"
    )
    return folder


def test_ptc_predict_with_the_shipped_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _ptc_folder(tmp_path)
    si = tmp_path / "si.txt"
    _run(["ptc", "predict", "--task", "si", "--articles", str(folder), "-o", str(si), "-q"])
    texts = {i: (folder / f"article{i}.txt").read_text(encoding="utf-8") for i in ("1", "2")}
    for line in si.read_text(encoding="utf-8").splitlines():
        aid, start, end = line.split("\t")
        assert 0 <= int(start) < int(end) <= len(texts[aid])

    template = tmp_path / "template.txt"
    template.write_text("1\t?\t0\t6\n1\t?\t11\t20\n1\t?\t11\t20\n2\t?\t1\t5\n", encoding="utf-8")
    tc = tmp_path / "tc.txt"
    _run(
        [
            "ptc",
            "predict",
            "--task",
            "tc",
            "--articles",
            str(folder),
            "--spans",
            str(template),
            "-o",
            str(tc),
        ]
    )
    rows = [line.split("\t") for line in tc.read_text(encoding="utf-8").splitlines()]
    assert [(r[0], r[2], r[3]) for r in rows] == [
        ("1", "0", "6"),
        ("1", "11", "20"),
        ("1", "11", "20"),
        ("2", "1", "5"),
    ]
    assert all(r[1] in LABELS for r in rows)
    assert rows[1][1] != rows[2][1], "a span listed twice gets its two most likely techniques"


def test_analyzers_command_reports_the_model(capsys: pytest.CaptureFixture[str]) -> None:
    _run(["analyzers", "--json"])
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["techniques"]["available"] is True


# --- the article score ----------------------------------------------------------------------------------

FIXTURES = ROOT / "tests" / "fixtures" / "techniques"


def _summary(name: str) -> dict[str, object]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    summary = Pipeline(["techniques"])(Article(text)).summary["techniques"]
    assert isinstance(summary, dict)
    return summary


def test_war_report_scores_clearly_above_a_neutral_wire_story() -> None:
    war, wire = _summary("war-report.txt"), _summary("wire-story.txt")
    p_war, p_wire = war["propaganda_probability"], wire["propaganda_probability"]
    assert isinstance(p_war, float) and isinstance(p_wire, float)
    assert 0.0 <= p_wire < 0.5 <= p_war <= 1.0
    assert p_war - p_wire >= 0.4
    assert not wire["technique_rates"]


def test_technique_rates_add_up_to_the_spans_per_1000_words(analysed: Article) -> None:
    summary = analysed.summary["techniques"]
    rates = summary["technique_rates"]
    assert rates and set(rates) <= LABELS
    assert sum(rates.values()) == pytest.approx(summary["per_1000_words"], abs=0.02 * len(rates))
    assert list(rates.values()) == sorted(rates.values(), reverse=True)
