"""The corpus commands end to end: add → run → search → export, and one-line errors with exit 2."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from unspin.cli import main

TEXTS = {
    "budget.txt": "The council approved the budget on Thursday after a debate about roads and schools.",
    "fire.txt": "A fire broke out at a textile factory near the harbour on Sunday, the fire service said.",
}


def _unspin(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = 0
    try:
        main([str(a) for a in args])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_add_run_search_export(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    code, _, err = _unspin(capsys, "add", folder, "--db", db_url)
    assert code == 0 and "added 2" in err, err
    code, _, err = _unspin(capsys, "run", "--db", db_url, "--only", "claims", "--quiet")
    assert code == 0 and "analysed 2 of 2" in err, err
    code, out, _ = _unspin(capsys, "search", "harbour", "--db", db_url, "--json")
    assert code == 0 and [json.loads(line)["id"] for line in out.splitlines()] == [2]
    code, out, _ = _unspin(capsys, "export", "--db", db_url, "--format", "csv", "--layer", "claims")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows
    assert all(r["label"] == "claim" and r["text"] in TEXTS.values() for r in rows)
    target = tmp_path / "out" / "articles.parquet"
    code, _, err = _unspin(capsys, "export", "--db", db_url, "--format", "parquet", "-o", target)
    assert code == 0, err
    import pyarrow.parquet as pq

    table = pq.read_table(target).to_pylist()
    assert [Path(r["source"]).name for r in table] == ["budget.txt", "fire.txt"]
    assert json.loads(table[0]["analyzers"])["claims"] == "1.0.0"
    code, out, _ = _unspin(capsys, "db", "status", "--db", db_url, "--json")
    assert json.loads(out)["articles"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "{tmp}/missing.txt", "--db", "{tmp}/s.db"], "no such file or folder"),
        (["add", "{tmp}/bad.jsonl", "--db", "{tmp}/s.db"], "nothing could be read"),
        (["run", "--db", "{tmp}/none.db"], "no store at"),
        (["search", "x", "--db", "mysql://u@h/d"], "unsupported database URL"),
        (["search", "troops AND (", "--db", "{tmp}/s.db"], "cannot search for"),
        (["export", "--format", "parquet", "--db", "{tmp}/s.db"], "Parquet needs an output file"),
        (["export", "--format", "csv", "--layer", "nope", "--db", "{tmp}/s.db"], "no layer 'nope'"),
        (["export", "--format", "csv", "--since", "yesterday", "--db", "{tmp}/s.db"], "not an ISO date"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Troops arrived in the capital.", encoding="utf-8")
    assert _unspin(capsys, "add", tmp_path / "a.txt", "--db", tmp_path / "s.db")[0] == 0
    code, _, err = _unspin(capsys, *[a.format(tmp=tmp_path) for a in args])
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("unspin: error: ") and message in err, err
