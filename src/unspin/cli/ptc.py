"""``unspin ptc``: predictions in the Propaganda Techniques Corpus label format."""

from __future__ import annotations

from pathlib import Path

import click

from unspin.cli.common import cli, progress
from unspin.errors import InputError
from unspin.report.writers import atomic_output, cannot_write


@cli.group()
def ptc() -> None:
    """SemEval-2020 Task 11 tools: predictions in the Propaganda Techniques Corpus format."""


@ptc.command("predict")
@click.option("--task", type=click.Choice(["si", "tc"]), required=True)
@click.option(
    "--articles",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder of article<ID>.txt files.",
)
@click.option(
    "--spans",
    "template",
    type=click.Path(path_type=Path),
    help="TC only: template of spans to label, lines 'id<TAB>?<TAB>start<TAB>end'.",
)
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="Label file to write.")
@click.option("--analyzer", default="techniques", show_default=True, help="Technique analyzer to use.")
@click.option("--model", type=click.Path(path_type=Path), help="Model folder (default: the shipped model).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def ptc_predict(
    task: str,
    articles: Path,
    template: Path | None,
    output: Path,
    analyzer: str,
    model: Path | None,
    quiet: bool,
) -> None:
    """Predict spans (si) or label given spans (tc) for a folder of PTC articles."""
    from unspin.ingest.ptc import check_offsets, read_articles, read_template, write_rows
    from unspin.train.predict import predict_si, predict_tc, technique_analyzer

    if task == "tc" and template is None:
        raise click.UsageError("--task tc needs --spans TEMPLATE")
    if task == "si" and template is not None:
        raise click.UsageError("--spans is for --task tc only")
    if not articles.is_dir():
        raise InputError(f"{articles}: not a folder of articles")
    docs = read_articles(articles)
    wanted = []
    if template is not None:
        if not template.is_file():
            raise InputError(f"{template}: no such file")
        wanted = read_template(template)
        check_offsets(wanted, {a.source_id or "": a for a in docs})
    detector = technique_analyzer(analyzer, model)
    with progress(len(docs), quiet, f"ptc {task}") as bar:
        task_id = bar.add_task(task, total=len(docs))

        def advance() -> None:
            bar.advance(task_id)

        if task == "si":
            rows = predict_si(detector, docs, advance)
        else:
            rows = predict_tc(detector, docs, wanted, advance)
    try:
        with atomic_output(output) as handle:
            write_rows(rows, handle, task)
    except OSError as exc:
        raise cannot_write(output, exc) from None
