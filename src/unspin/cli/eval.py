"""``unspin eval``: SemEval-2020 Task 11 scores (si, tc) and precision/recall of layers on our cases."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from unspin.cli.common import cli
from unspin.errors import InputError


@cli.group("eval")
def eval_group() -> None:
    """Score predictions: SemEval-2020 Task 11 (si, tc) and hand-written layer cases (layers)."""


def semeval_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")(func)
    func = click.option(
        "--gold", required=True, type=click.Path(path_type=Path), help="Gold label file or folder of them."
    )(func)
    return click.option(
        "--pred", required=True, type=click.Path(path_type=Path), help="Predictions (label file)."
    )(func)


@eval_group.command("si")
@semeval_options
def eval_si(pred: Path, gold: Path, as_json: bool) -> None:
    """Span identification: the official SemEval-2020 Task 11 SI metric."""
    _semeval("si", pred, gold, as_json)


@eval_group.command("tc")
@semeval_options
def eval_tc(pred: Path, gold: Path, as_json: bool) -> None:
    """Technique classification: micro-F1 over the gold spans, and F1 per technique."""
    _semeval("tc", pred, gold, as_json)


@eval_group.command("layers")
@click.argument("sets", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--errors", "show_errors", is_flag=True, help="List every miss, extra and wrong attribute.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def eval_layers(sets: tuple[Path, ...], show_errors: bool, as_json: bool) -> None:
    """Precision and recall of analyzer layers on evaluation cases (JSONL; see unspin.eval.layers)."""
    from unspin.eval.layers import evaluate, format_scores, load_cases
    from unspin.pipeline import Pipeline

    cases = load_cases(sets)
    pipeline = Pipeline(only=sorted({layer for case in cases for layer in case.expect}))
    scores = evaluate(cases, pipeline)
    if as_json:
        click.echo(json.dumps({k: v.as_dict() for k, v in scores.items()}, indent=2))
    else:
        click.echo(f"{len(cases)} cases")
        click.echo(format_scores(scores))
    if show_errors:
        for layer_score in scores.values():
            for line in layer_score.errors:
                click.echo(line, err=True)


@eval_group.command("real")
@click.option("--ptc", required=True, type=click.Path(path_type=Path), help="PTC folder (train-articles/).")
@click.option(
    "--split",
    type=click.Choice(["tune", "heldout", "heldout2", "heldout3", "heldout4", "all"]),
    default="tune",
    show_default=True,
    help="all = tune + heldout; the later batches are scored only when named; heldout4 is the unread half.",
)
@click.option("--layer", "layers", multiple=True, type=click.Choice(["numbers", "events", "attribution"]))
@click.option(
    "--set",
    "set_dir",
    type=click.Path(path_type=Path),
    default=Path("bench/real"),
    show_default=True,
    help="Folder with articles.tsv and gold/.",
)
@click.option("--errors", "show_errors", is_flag=True, help="List every miss and extra (not heldout4).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def eval_real(
    ptc: Path, split: str, layers: tuple[str, ...], set_dir: Path, show_errors: bool, as_json: bool
) -> None:
    """Figures, events and attribution on the hand-annotated real-news set (bench/real/README.md)."""
    from unspin.eval.real import LAYERS, UNREAD, evaluate, format_scores, load
    from unspin.pipeline import Pipeline

    if show_errors and split in UNREAD:
        raise InputError(f"--errors refuses the {split} split: it is held out, scored but never read")
    articles, total = load(set_dir, ptc, split)
    if not articles:
        raise InputError(f"{set_dir}: no gold yet for the {split} split")
    chosen = layers or tuple(LAYERS)
    pipeline = Pipeline(only=sorted({LAYERS[layer] for layer in chosen}))
    scores = evaluate(articles, pipeline, chosen)
    if as_json:
        out = {"split": split, "articles": len(articles), "of": total}
        out["layers"] = {k: v.as_dict() for k, v in scores.items()}
        click.echo(json.dumps(out, indent=2))
    else:
        click.echo(f"{split}: {len(articles)} of {total} articles have gold")
        click.echo(format_scores(scores))
    if show_errors:
        for real_score in scores.values():
            for line in real_score.score.errors:
                click.echo(f"{real_score.layer} {line}", err=True)


def _semeval(task: str, pred: Path, gold: Path, as_json: bool) -> None:
    from unspin.eval.semeval import format_report, si_score, tc_score
    from unspin.ingest.ptc import read_rows

    for path in (pred, gold):
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
    pred_rows, gold_rows = read_rows(pred, task), read_rows(gold, task)
    if not gold_rows:
        raise InputError(f"{gold}: no gold rows")
    if task == "si":
        score = si_score(pred_rows, gold_rows)
        result: dict[str, Any] = {
            "task": "si",
            "precision": score.precision,
            "recall": score.recall,
            "f1": score.f1,
            "predicted_spans": len(pred_rows),
            "gold_spans": len(gold_rows),
        }
        text = format_report(score, overall_label="SI")
    else:
        pred_keys = {(r.article_id, r.start, r.end) for r in pred_rows}
        gold_keys = {(r.article_id, r.start, r.end) for r in gold_rows}
        if pred_keys != gold_keys or len(pred_rows) != len(gold_rows):
            raise InputError(
                "TC predictions must list exactly the gold spans (article, start, end), one row per gold row"
            )
        micro, per = tc_score(pred_rows, gold_rows)
        result = {
            "task": "tc",
            "precision": micro.precision,
            "recall": micro.recall,
            "f1": micro.f1,
            "per_technique": {k: v.f1 for k, v in per.items()},
        }
        text = format_report(micro, per)
    click.echo(json.dumps(result, indent=2) if as_json else text)
