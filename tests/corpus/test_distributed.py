"""``unspin run --engine ray`` on a local Ray instance with 2 CPUs gives exactly the local run's results:
from the store's pending articles, and from a file through Parquet and ``unspin db import``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from unspin.cli import main
from unspin.store import open_store
from unspin.store.schema import analyses, articles

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'unspin[ray]')")

# Short news items written for this test: claims with and without sources, figures, places, dates,
# loaded words, so that every layer has something to mark.
TEXTS = [
    "The ministry of health said on Monday that 42 patients were treated after the flood in Port Sarel. "
    "Officials warned that the damage to the northern bridge would cost at least 3 million euros.",
    "Protesters gathered outside the parliament in Valdoria on Friday, demanding the resignation of the "
    "interior minister. Police said 12 people were arrested; organisers claimed thousands had marched.",
    "This shameful betrayal by corrupt elites will destroy our great nation unless every patriot stands up "
    "now. Everyone knows the so-called experts have lied to you for years.",
    "According to a report by the regional council, unemployment fell to 6.2 percent in March. The mayor "
    "of Lisbon welcomed the figures, while opposition leaders called them misleading.",
    "Two soldiers were killed and five wounded when a roadside bomb exploded near the border town of "
    "Kessel on Sunday, the army said in a statement. No group has claimed responsibility.",
]


def _corpus(path: Path) -> Path:
    lines = [json.dumps({"text": t, "url": f"https://news.example/{n}"}) for n, t in enumerate(TEXTS)]
    lines.append(json.dumps({"text": TEXTS[0], "url": "https://news.example/copy"}))  # exact duplicate
    lines.append("{not json")  # malformed, counted with its line number
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _unspin(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    capsys.readouterr()
    code = 0
    try:
        main([str(a) for a in args])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    return code, capsys.readouterr().err


def _stored(db: str) -> dict[str, Any]:
    """Everything a run writes, keyed by text hash (ids and timestamps aside)."""
    with open_store(db, create=False) as store, store.reading() as connection:
        rows = connection.execute(
            sa.select(articles.c.content_hash, articles.c.error, analyses).join(
                analyses, articles.c.id == analyses.c.article_id, isouter=True
            )
        )
        return {f"{r.content_hash}/{r.analyzer}": (r.error, r.version, r.layer, r.summary) for r in rows}


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()


@pytest.mark.slow
def test_ray_runs_equal_the_local_run(
    local_ray: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path / "news.jsonl")
    local, on_ray, imported = (f"sqlite:///{tmp_path / name}.db" for name in ("local", "ray", "imported"))
    code, added = _unspin(capsys, "add", corpus, "--db", local, "--quiet")
    assert code == 0 and "added 5" in added, added
    assert _unspin(capsys, "run", "--db", local, "--quiet")[0] == 0
    expected = _stored(local)
    assert len(expected) > 5 * 5  # every article has its layers

    # The store's pending articles, two actors of one CPU each.
    assert _unspin(capsys, "add", corpus, "--db", on_ray, "--quiet")[0] == 0
    code, err = _unspin(capsys, "run", "--db", on_ray, "--engine", "ray", "--quiet")
    assert code == 0 and "analysed 5 in" in err, err
    assert _stored(on_ray) == expected
    code, err = _unspin(capsys, "run", "--db", on_ray, "--engine", "ray", "--quiet")
    assert code == 0 and "analysed 0 in" in err, err  # nothing left pending

    # The file itself, one actor on both CPUs, to Parquet; then imported as 'unspin add' would add it.
    out = tmp_path / "results"
    code, err = _unspin(
        capsys, "run", "--engine", "ray", "--input", corpus, "--actors", "1", "--cpus-per-actor", "2",
        "-o", out, "--quiet",
    )  # fmt: skip
    assert code == 0 and f"wrote 7 rows to {out}" in err, err
    code, err = _unspin(capsys, "db", "import", out, "--db", imported)
    assert code == 0, err
    assert err.splitlines()[-2] == added.splitlines()[-1]  # the same counts as 'unspin add'
    assert "news.jsonl:7" in err  # the malformed line, with its position
    assert _stored(imported) == expected


def test_bad_engine_options_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.db"
    code, err = _unspin(capsys, "run", "--db", db, "--input", tmp_path / "x.jsonl")
    assert code == 2 and "--input needs --engine ray" in err, err
    code, err = _unspin(capsys, "run", "--db", db, "--engine", "ray", "--input", tmp_path / "missing.jsonl")
    assert code == 2 and err.strip() == f"unspin: error: no such file or folder: {tmp_path / 'missing.jsonl'}"
    (tmp_path / "junk.parquet").write_bytes(b"not parquet")
    code, err = _unspin(capsys, "db", "import", tmp_path / "junk.parquet", "--db", db)
    assert code == 2 and "not a Parquet file" in err and "Traceback" not in err, err
