"""``unspin ptc predict``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from unspin.analyzer import Analyzer

from ._helpers import (
    KeywordTechniques,
    Result,
    Run,
    one_error,
    write_labels,
)

# --- ptc predict -----------------------------------------------------------------------------------------

PTC_ARTICLES = {
    "111": "Mayor Dunmore is a traitor, said the flyer.\nThe flood plan was a disaster, a real disaster.\n",
    "222": "The bridge reopened on time.\n",
    "333": "Critics call the union leaders traitors.\n",
}


@pytest.fixture
def ptc_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for article_id, text in PTC_ARTICLES.items():
        (folder / f"article{article_id}.txt").write_text(text, encoding="utf-8", newline="")
    return folder


@pytest.fixture
def predict(unspin: Run, ptc_folder: Path, keyword_techniques: type[Analyzer]) -> Run:
    """``unspin ptc predict`` with the keyword analyzer on the sample articles (both overridable)."""

    def run(*args: str | Path, quiet: bool = True) -> Result:
        options = ["--analyzer", "keyword_techniques", "--articles", ptc_folder, *(["-q"] if quiet else [])]
        return unspin("ptc", "predict", *options, *args)

    return run


def span_of(article_id: str, word: str, nth: int = 0) -> tuple[int, int]:
    starts = [m.start() for m in re.finditer(re.escape(word), PTC_ARTICLES[article_id])]
    return starts[nth], starts[nth] + len(word)


def test_ptc_predict_si(unspin: Run, predict: Run, tmp_path: Path) -> None:
    out = tmp_path / "out" / "si.labels"
    result = predict("--task", "si", "-o", out)
    assert result.code == 0, result.err
    assert result.out == result.err == ""
    expected = [
        ("111", *span_of("111", "traitor")),
        ("111", *span_of("111", "disaster", 0)),
        ("111", *span_of("111", "disaster", 1)),
        ("333", *span_of("333", "traitors")),
    ]
    assert out.read_text(encoding="utf-8") == "".join(f"{a}\t{s}\t{e}\n" for a, s, e in expected)
    # A valid SI submission: it scores against itself perfectly.
    assert json.loads(unspin("eval", "si", "--pred", out, "--gold", out, "--json").out)["f1"] == 1.0


def test_ptc_predict_tc(unspin: Run, predict: Run, tmp_path: Path) -> None:
    disaster = span_of("111", "disaster", 1)
    template_rows = [
        ("333", "?", *span_of("333", "traitors")),
        ("111", "?", *disaster),
        ("111", "?", *span_of("111", "traitor")),
        ("111", "?", *disaster),  # the same span again: it gets its second most likely technique
        ("222", "?", 4, 10),
    ]
    template = write_labels(tmp_path / "template.labels", template_rows)
    out = tmp_path / "tc.labels"
    result = predict("--task", "tc", "--spans", template, "-o", out)
    assert result.code == 0, result.err
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r[0], int(r[2]), int(r[3])) for r in rows] == [(a, s, e) for a, _, s, e in template_rows]
    ranking = KeywordTechniques.RANKING
    assert [r[1] for r in rows] == [
        ranking["traitor"][0],
        ranking["disaster"][0],
        ranking["traitor"][0],
        ranking["disaster"][1],
        ranking["disaster"][0],  # "bridge" is no keyword: the stand-in scores it like "disaster"
    ]
    # A valid TC submission for the template's spans.
    gold = write_labels(tmp_path / "gold.labels", [tuple(r) for r in rows])
    assert json.loads(unspin("eval", "tc", "--pred", out, "--gold", gold, "--json").out)["f1"] == 1.0


def test_ptc_predict_errors(unspin: Run, predict: Run, ptc_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.labels"
    unknown = write_labels(tmp_path / "unknown.labels", [("111", "?", 0, 5), ("999", "?", 0, 5)])
    one_error(predict("--task", "tc", "--spans", unknown, "-o", out), "999", "unknown article")
    outside = write_labels(tmp_path / "outside.labels", [("222", "?", 0, 500)])
    one_error(predict("--task", "tc", "--spans", outside, "-o", out), "outside")
    one_error(predict("--task", "tc", "-o", out), "--spans")
    one_error(predict("--task", "si", "--spans", unknown, "-o", out), "--spans")
    one_error(predict("--task", "tc", "--spans", tmp_path / "none.labels", "-o", out), "none.labels")
    one_error(predict("--task", "si", "--articles", tmp_path / "no-such-folder", "-o", out), "no-such-folder")
    (tmp_path / "empty").mkdir()
    one_error(predict("--task", "si", "--articles", tmp_path / "empty", "-o", out), "no article")
    one_error(predict("--task", "xx", "-o", out), "--task")
    one_error(predict("--task", "si", "-o", out, "--analyzer", "nope"), "nope")
    one_error(predict("--task", "si", "-o", out, "--analyzer", "sentences"), "does not predict")
    one_error(predict("--task", "si"), "-o")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    one_error(predict("--task", "si", "-o", blocker / "si.labels"), "cannot write")
    assert not out.exists()


def test_ptc_predict_missing_model_is_one_line(
    unspin: Run, ptc_folder: Path, tmp_path: Path, no_techniques_model: None
) -> None:
    args = ["--task", "si", "--articles", ptc_folder, "-o", tmp_path / "o.labels"]
    one_error(unspin("ptc", "predict", *args), "techniques", "no model here")


def test_ptc_predict_bad_template_is_one_line_without_quiet(predict: Run, tmp_path: Path) -> None:
    unknown = write_labels(tmp_path / "unknown.labels", [("999", "?", 0, 5)])
    one_error(predict("--task", "tc", "--spans", unknown, "-o", tmp_path / "tc.labels", quiet=False), "999")


def test_ptc_predict_model_for_an_analyzer_without_models(predict: Run, tmp_path: Path) -> None:
    result = predict("--task", "si", "-o", tmp_path / "o.labels", "--model", tmp_path)
    one_error(result, "keyword_techniques")
