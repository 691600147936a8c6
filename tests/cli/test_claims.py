"""``unspin claims score``: CSV and JSONL in, one JSON line per row out, and clean failures.

Scoring runs against a small model folder trained here on sentences written for the tests (the shipped
model is used when installed, in one test), so the command is tested whether or not it ships.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from unspin.analyzers.claims import Claims
from unspin.analyzers.claims.features import doc_bags
from unspin.analyzers.claims.model import load_model, parse_texts
from unspin.analyzers.claims.rows import read_rows
from unspin.cli import main
from unspin.errors import InputError

FACTS = [
    "Unemployment in Marrow County rose to 8.4 percent in January.",
    "Police seized 450 kilograms of explosives in Brenholt on Monday.",
    "Exports to Kestria fell by 17 percent in 2025.",
    "The company laid off 2,300 workers last year.",
    "Tax revenue reached 48 billion crowns in 2024.",
    "Rents in Port Sarel have risen by 35 percent since 2022.",
]
TALK = [
    "Thank you all for coming tonight.",
    "I think we can do better than this.",
    "We must stand together and never give up.",
    "Let me be very clear about where I stand.",
    "Our future is bright if we believe in ourselves.",
    "Good evening, and welcome to the debate.",
]


@dataclass
class Result:
    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture
def unspin(capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*args: str | Path) -> Result:
        capsys.readouterr()
        code = 0
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real model folder (n-grams only, identity calibration) trained on the sentences above."""
    pytest.importorskip("sklearn")
    from unspin.train.claims import ClaimSettings, fit_ngrams

    folder = tmp_path_factory.mktemp("claims-model")
    bags = [doc_bags(d) for d in parse_texts(FACTS + TALK)]
    y = np.asarray([1] * len(FACTS) + [0] * len(TALK))
    ngrams = fit_ngrams(bags, y, ClaimSettings(data=folder, out=folder, min_df=1, c_ngrams=10.0))
    np.savez_compressed(folder / "ngrams.npz", **ngrams.to_arrays(), head_w=np.zeros(4), head_b=np.zeros(1))
    identity = {"x": [0.0, 1.0], "y": [0.0, 1.0]}
    modes = {m: {"encoder_weight": 0.0, "calibration": identity, "threshold": 0.5} for m in ("fast", "full")}
    (folder / "model.json").write_text(json.dumps({"version": "test", "modes": modes}), encoding="utf-8")
    return folder


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _one_error(result: Result, *fragments: str) -> str:
    assert result.code == 2, result
    assert "Traceback" not in result.err + result.out
    lines = result.err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("unspin: error: ") and "internal error" not in lines[0]
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def _write_csv(path: Path, header: str, rows: list[str]) -> Path:
    body = "".join(f'"{r}",x\n' for r in rows)
    path.write_text(f"{header}\n{body}", encoding="utf-8")
    return path


def test_csv_scores_every_row_in_order(unspin: Run, model_dir: Path, tmp_path: Path) -> None:
    rows = [FACTS[0], TALK[0], FACTS[2], TALK[3]]
    src = _write_csv(tmp_path / "in.csv", "Text,other", rows)
    out = tmp_path / "out.jsonl"
    result = unspin("claims", "score", src, "-o", out, "--model", model_dir, "--mode", "fast")
    assert result.code == 0, result.err
    lines = _lines(out)
    assert [r["row"] for r in lines] == [0, 1, 2, 3]
    scores = [float(r["score"]) for r in lines]  # type: ignore[arg-type]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert min(scores[0], scores[2]) > max(scores[1], scores[3])
    assert [r["claim"] for r in lines] == [s >= 0.5 for s in scores]
    # The same sentences alone score the same: rows do not influence each other.
    model = load_model(str(model_dir))
    alone = model.score_docs(list(parse_texts([rows[2]])), "fast")
    assert abs(alone[0] - scores[2]) < 1e-6


def test_default_and_named_columns(tmp_path: Path) -> None:
    for header in ("text", "Text", "sentence", "Sentence"):
        path = _write_csv(tmp_path / f"{header}.csv", f"{header},other", ["A.", "B."])
        assert read_rows(path) == ["A.", "B."]
    path = tmp_path / "both.csv"
    path.write_text("id,sentence,text\n1,first,second\n", encoding="utf-8")
    assert read_rows(path) == ["second"]  # "text" comes before "sentence"
    assert read_rows(path, "sentence") == ["first"]
    assert read_rows(path, "id") == ["1"]


def test_csv_details(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        '\ufefftext\r\n"Prices rose, then fell."\r\n\r\n"He said ""no"" twice."\r\n"two\nlines"\r\n',
        encoding="utf-8",
    )
    assert read_rows(path) == ["Prices rose, then fell.", 'He said "no" twice.', "two\nlines"]
    tsv = tmp_path / "in.tsv"
    tsv.write_text("id\ttext\n1\tTabs work, too.\n", encoding="utf-8")
    assert read_rows(tsv) == ["Tabs work, too."]


def test_jsonl(unspin: Run, model_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    records = [{"id": 7, "sentence": FACTS[1]}, {"id": 8, "sentence": TALK[2], "text": None}]
    src.write_text("\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8")
    assert read_rows(src) == [FACTS[1], TALK[2]]  # the first row has no "text": "sentence" it is
    with pytest.raises(InputError, match=r"line 1 \(row 0\) has no string 'text' \(key missing\)"):
        read_rows(src, "text")
    out = tmp_path / "out.jsonl"
    result = unspin("claims", "score", src, "--text-column", "sentence", "-o", out, "--model", model_dir)
    assert result.code == 0, result.err
    lines = _lines(out)
    assert [r["row"] for r in lines] == [0, 1]
    assert float(lines[0]["score"]) > float(lines[1]["score"])  # type: ignore[arg-type]


def test_format_is_sniffed_without_a_known_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text('{"text": "One."}\n{"text": "Two."}\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text("text\nOne.\nTwo.\n", encoding="utf-8")
    assert read_rows(tmp_path / "a.txt") == read_rows(tmp_path / "b.txt") == ["One.", "Two."]


@pytest.mark.parametrize(
    ("name", "content", "fragments"),
    [
        ("empty.csv", b"", ("empty file",)),
        ("blank.csv", b"  \n\n", ("empty file",)),
        ("binary.csv", b"text\n\x00\x01\x02", ("binary",)),
        ("latin1.csv", "text\ncaf\xe9\n".encode("latin-1"), ("not UTF-8",)),
        ("header-only.csv", b"text\n", ("no rows",)),
        ("no-column.csv", b"id,body\n1,Hello.\n", ("no text column", "--text-column")),
        ("ragged.csv", b"text,id\nHello.,1\nWorld.\n", ("malformed CSV", "row 1")),
        ("quote.csv", b'text\n"unterminated\n', ("malformed CSV",)),
        ("bad.jsonl", b'{"text": "fine"}\n{"text": \n', ("malformed JSONL", "line 2")),
        ("list.jsonl", b'["text"]\n', ("not a JSON object",)),
        ("number.jsonl", b'{"text": "fine"}\n{"text": 5}\n', ("line 2", "row 1")),
        ("missing.jsonl", b'{"text": "fine"}\n{"body": "x"}\n', ("key missing",)),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    unspin: Run, model_dir: Path, tmp_path: Path, name: str, content: bytes, fragments: tuple[str, ...]
) -> None:
    src = tmp_path / name
    src.write_bytes(content)
    out = tmp_path / "out.jsonl"
    out.write_text("previous results\n", encoding="utf-8")
    _one_error(unspin("claims", "score", src, "-o", out, "--model", model_dir), name, *fragments)
    assert out.read_text(encoding="utf-8") == "previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "out.jsonl"])


def test_other_failures(unspin: Run, model_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    _one_error(
        unspin("claims", "score", tmp_path / "nope.csv", "-o", out, "--model", model_dir), "no such file"
    )
    _one_error(unspin("claims", "score", tmp_path, "-o", out, "--model", model_dir), "not a file")
    src = _write_csv(tmp_path / "in.csv", "text,other", ["A sentence."])
    _one_error(
        unspin("claims", "score", src, "--text-column", "body", "-o", out, "--model", model_dir),
        "no column 'body'",
    )
    _one_error(unspin("claims", "score", src, "-o", out, "--model", tmp_path / "none"), "lacks model.json")
    result = unspin("claims", "score", src, "-o", out, "--model", model_dir, "--mode", "quick")
    _one_error(result, "--mode")
    assert not out.exists()


def test_many_rows_in_batches(unspin: Run, model_dir: Path, tmp_path: Path) -> None:
    rows = [FACTS[i % len(FACTS)] if i % 3 else TALK[i % len(TALK)] for i in range(600)]
    src = _write_csv(tmp_path / "in.csv", "text,other", rows)
    out = tmp_path / "out.jsonl"
    result = unspin("claims", "score", src, "-o", out, "--model", model_dir, "-q")
    assert result.code == 0 and result.err == ""
    lines = _lines(out)
    assert [r["row"] for r in lines] == list(range(600))
    by_text: dict[str, set[object]] = {}
    for text, r in zip(rows, lines, strict=True):
        by_text.setdefault(text, set()).add(r["score"])
    assert all(len(s) == 1 for s in by_text.values())  # the same sentence scores the same in any batch


@pytest.mark.skipif(not Claims().available().ok, reason="the claims model is not installed")
def test_shipped_model_full_mode(unspin: Run, tmp_path: Path) -> None:
    src = _write_csv(tmp_path / "in.csv", "text,other", [FACTS[0], TALK[0]])
    out = tmp_path / "out.jsonl"
    result = unspin("claims", "score", src, "-o", out)
    assert result.code == 0, result.err
    first, second = _lines(out)
    assert float(first["score"]) > float(second["score"])  # type: ignore[arg-type]
    assert first["claim"] is True and second["claim"] is False


def test_a_cell_longer_than_one_parse_is_refused(unspin: Run, model_dir: Path, tmp_path: Path) -> None:
    src = _write_csv(tmp_path / "in.csv", "text,other", ["A short sentence.", "word " * 200_001])
    out = tmp_path / "out.jsonl"
    result = unspin("claims", "score", src, "-o", out, "--model", model_dir, "--mode", "fast")
    _one_error(result, "in.csv: row 1 is 1,000,005 characters long", "1,000,000-character limit")
    assert not out.exists()
