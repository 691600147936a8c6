"""``unspin eval``: SemEval si/tc scores and layer evaluation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from unspin.ingest.ptc import techniques_list

from ._helpers import (
    Run,
    one_error,
    write_labels,
)

# --- eval ------------------------------------------------------------------------------------------------


@pytest.fixture
def si_example(tmp_path: Path) -> tuple[Path, Path]:
    """The organisers' worked example of the SI metric (one article)."""
    pred = write_labels(
        tmp_path / "pred.labels", [("1", 0, 50), ("1", 161, 172), ("1", 0, 10), ("1", 115, 167)]
    )
    gold = [("1", 0, 59), ("1", 171, 181), ("1", 0, 9), ("1", 115, 167), ("1", 740, 759)]
    return pred, write_labels(tmp_path / "gold.labels", gold)


def test_eval_si_worked_example(unspin: Run, si_example: tuple[Path, Path]) -> None:
    pred, gold = si_example
    result = unspin("eval", "si", "--pred", pred, "--gold", gold, "--json")
    assert result.code == 0, result.err
    score = json.loads(result.out)
    assert score["task"] == "si"
    assert round(score["precision"], 6) == 0.964912
    assert round(score["recall"], 6) == 0.486864
    assert round(score["f1"], 6) == 0.647181
    assert (score["predicted_spans"], score["gold_spans"]) == (4, 5)

    text = unspin("eval", "si", "--pred", pred, "--gold", gold)
    assert text.code == 0, text.err
    for number in ("0.964912", "0.486864", "0.647181"):
        assert number in text.out


def test_eval_si_gold_folder(unspin: Run, si_example: tuple[Path, Path], tmp_path: Path) -> None:
    pred, gold = si_example
    folder = tmp_path / "gold"
    folder.mkdir()
    gold.rename(folder / "article1.labels")
    score = json.loads(unspin("eval", "si", "--pred", pred, "--gold", folder, "--json").out)
    assert round(score["f1"], 6) == 0.647181


TC_GOLD = [
    ("7", "Loaded_Language", 10, 20),
    ("7", "Name_Calling,Labeling", 10, 20),  # one span, two techniques
    ("7", "Doubt", 30, 40),
    ("8", "Slogans", 0, 5),
]


def test_eval_tc(unspin: Run, tmp_path: Path) -> None:
    gold = write_labels(tmp_path / "gold.labels", TC_GOLD)
    pred = write_labels(
        tmp_path / "pred.labels",
        [
            ("8", "Repetition", 0, 5),
            ("7", "Flag-Waving", 10, 20),
            ("7", "Loaded_Language", 10, 20),
            ("7", "Doubt", 30, 40),
        ],
    )
    result = unspin("eval", "tc", "--pred", pred, "--gold", gold, "--json")
    assert result.code == 0, result.err
    score = json.loads(result.out)
    assert score["task"] == "tc"
    assert (score["precision"], score["recall"], score["f1"]) == (0.5, 0.5, 0.5)
    per = score["per_technique"]
    assert list(per)[:14] == list(techniques_list())
    assert per["Loaded_Language"] == per["Doubt"] == 1.0
    assert per["Name_Calling,Labeling"] == per["Slogans"] == per["Flag-Waving"] == 0.0

    text = unspin("eval", "tc", "--pred", pred, "--gold", gold)
    assert text.code == 0
    assert "0.500000" in text.out
    assert "Name_Calling,Labeling" in text.out

    # Both techniques of the shared span right, in either order: a perfect score.
    perfect = write_labels(tmp_path / "perfect.labels", [TC_GOLD[1], TC_GOLD[0], *TC_GOLD[2:]])
    score = json.loads(unspin("eval", "tc", "--pred", perfect, "--gold", gold, "--json").out)
    assert score["f1"] == 1.0


@pytest.mark.parametrize(
    "pred_rows",
    [
        TC_GOLD[:3],  # a gold row left out
        [*TC_GOLD, ("7", "Doubt", 30, 40)],  # a row too many
        [*TC_GOLD[:3], ("8", "Slogans", 0, 6)],  # a span that is not in the gold
        [("7", "Loaded_Language", 10, 20), ("7", "Doubt", 10, 20), ("7", "Doubt", 10, 20), TC_GOLD[3]],
    ],
    ids=["missing", "extra", "other span", "same keys, wrong counts"],
)
def test_eval_tc_mismatched_rows(unspin: Run, tmp_path: Path, pred_rows: list[tuple[Any, ...]]) -> None:
    gold = write_labels(tmp_path / "gold.labels", TC_GOLD)
    pred = write_labels(tmp_path / "pred.labels", pred_rows)
    one_error(unspin("eval", "tc", "--pred", pred, "--gold", gold), "gold spans")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b'{"1": [[0, 50], [161, 172]]}\n', "columns"),  # JSON is not a label file
        (b'[{"id": "1", "start": 0', "columns"),  # nor is broken JSON
        (b"1\t0\tfifty\n", "not an integer"),
        (b"1\t50\t10\n", "after end"),
        (b"1\t-5\t10\n", "negative"),
        (b"1\t0\t10\textra\n", "columns"),
        (b"\t0\t10\n", "empty article id"),
        (b"1\t0\t\xff\xfe\n", "UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "UTF-8"),
    ],
    ids=[
        "json",
        "broken json",
        "word offset",
        "start after end",
        "negative",
        "extra column",
        "no id",
        "latin",
        "png",
    ],
)
@pytest.mark.parametrize("side", ["pred", "gold"])
def test_eval_malformed_label_files(
    unspin: Run, si_example: tuple[Path, Path], tmp_path: Path, content: bytes, fragment: str, side: str
) -> None:
    pred, gold = si_example
    bad = tmp_path / "bad.labels"
    bad.write_bytes(content)
    args = {"pred": pred, "gold": gold, side: bad}
    line = one_error(unspin("eval", "si", "--pred", args["pred"], "--gold", args["gold"]), fragment)
    assert "bad.labels" in line


def test_eval_other_errors(unspin: Run, si_example: tuple[Path, Path], tmp_path: Path) -> None:
    pred, gold = si_example
    one_error(unspin("eval", "si", "--pred", tmp_path / "nope.labels", "--gold", gold), "nope.labels")
    one_error(unspin("eval", "si", "--pred", pred, "--gold", tmp_path / "nope"), "nope")
    empty = tmp_path / "empty.labels"
    empty.write_text("\n\n", encoding="utf-8")
    one_error(unspin("eval", "si", "--pred", pred, "--gold", empty), "no gold rows")
    (tmp_path / "no-labels").mkdir()
    one_error(unspin("eval", "si", "--pred", pred, "--gold", tmp_path / "no-labels"), "no *.labels")
    one_error(unspin("eval", "tc", "--pred", pred, "--gold", gold), "4 tab-separated columns")
    one_error(unspin("eval", "si", "--pred", pred), "--gold")


def test_eval_empty_prediction_scores_zero(
    unspin: Run, si_example: tuple[Path, Path], tmp_path: Path
) -> None:
    _, gold = si_example
    empty = tmp_path / "empty.labels"
    empty.write_text("", encoding="utf-8")
    score = json.loads(unspin("eval", "si", "--pred", empty, "--gold", gold, "--json").out)
    assert (score["precision"], score["recall"], score["f1"]) == (0.0, 0.0, 0.0)


def test_eval_layers_scores_hand_written_cases(unspin: Run, tmp_path: Path) -> None:
    case = {
        "id": "s1",
        "text": "One line.\nAnother line.",
        "expect": {"sentences": [{"text": "One line.", "label": "sentence"}]},
    }
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps(case) + "\n", encoding="utf-8")
    result = unspin("eval", "layers", path, "--json", "--errors")
    assert result.code == 0, result.err
    score = json.loads(result.out)["sentences"]
    assert (score["spans"]["tp"], score["spans"]["predicted"], score["spans"]["gold"]) == (1, 2, 1)
    assert "extra 'Another line.'" in result.err
    text = unspin("eval", "layers", path)
    assert "1 cases" in text.out and "sentences (labelled)" in text.out


def test_eval_layers_bad_set_is_one_line(unspin: Run, tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text("{not json\n", encoding="utf-8")
    one_error(unspin("eval", "layers", path), "set.jsonl:1")
    one_error(unspin("eval", "layers", tmp_path / "missing.jsonl"), "cannot read")
