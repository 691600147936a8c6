"""``unspin claims``: score sentences of a CSV or JSONL file for check-worthiness."""

from __future__ import annotations

import json
from pathlib import Path

import click

from unspin.cli.common import cli, progress
from unspin.ingest.source import check_length
from unspin.report.writers import atomic_output, cannot_write


@cli.group()
def claims() -> None:
    """Check-worthy claims: score sentences with the claims model."""


@claims.command("score")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--text-column", metavar="NAME", help="Column (CSV) or key (JSONL) holding the sentence.")
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help="JSON lines to write, one per row."
)
@click.option(
    "--mode",
    type=click.Choice(["full", "fast"]),
    default="full",
    show_default=True,
    help="full: n-grams + sentence encoder; fast: n-grams and syntax only.",
)
@click.option("--model", type=click.Path(path_type=Path), help="Model folder (default: the shipped model).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def claims_score(
    file: Path, text_column: str | None, output: Path, mode: str, model: Path | None, quiet: bool
) -> None:
    """Score every sentence of FILE (CSV with a header row, or JSONL) for check-worthiness.

    Writes one JSON line per input row, in order: {"row": i, "score": s, "claim": true|false}.
    """
    from unspin.analyzers.claims.model import FOLDER, load_model
    from unspin.analyzers.claims.rows import read_rows, score_rows

    texts = read_rows(file, text_column)
    for row, text in enumerate(texts):
        check_length(text, f"{file}: row {row}")
    claims_model = load_model(str(FOLDER.path(model)))
    threshold = claims_model.threshold(mode)
    batch = 256
    try:
        with (
            atomic_output(output) as handle,
            progress(len(texts), quiet or len(texts) < 2 * batch, "scoring") as bar,
        ):
            task = bar.add_task("scoring", total=len(texts))
            for first, scores in score_rows(claims_model, texts, mode, batch):
                for k, score in enumerate(scores):
                    record = {
                        "row": first + k,
                        "score": round(float(score), 6),
                        "claim": bool(score >= threshold),
                    }
                    handle.write(json.dumps(record) + "\n")
                bar.advance(task, len(scores))
    except OSError as exc:
        raise cannot_write(output, exc) from None
