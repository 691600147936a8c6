"""``unspin train``: cross-validate and train the technique and check-worthy claims models."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import click

from unspin.cli.common import cli
from unspin.errors import InputError


@cli.group()
def train() -> None:
    """Train models (needs the 'train' extra: pip install -e '.[train]')."""


@train.command("techniques")
@click.option("--data", type=click.Path(path_type=Path), help="PTC folder (e.g. ../shared/data/ptc).")
@click.option(
    "--folds", type=click.IntRange(min=0), default=5, show_default=True, help="Cross-validation folds."
)
@click.option("--out", type=click.Path(path_type=Path), help="Run folder (default: runs/techniques-<time>).")
@click.option("--epochs", type=click.IntRange(min=1), default=None, help="Training epochs of the network.")
@click.option("--seed", type=int, default=13, show_default=True)
@click.option("--encoder", help="Base encoder: a folder or a model name (default: all-MiniLM-L6-v2).")
@click.option("--no-quantize", is_flag=True, help="Ship the fp32 encoder instead of int8.")
@click.option(
    "--validation/--no-validation",
    default=True,
    show_default=True,
    help="Set the fixed validation articles aside (never trained or tuned on) and score them at the end.",
)
@click.option(
    "--class-balance",
    type=click.FloatRange(min=0.0),
    default=0.0,
    show_default=True,
    help="Weight rare techniques up in the span loss: weight ∝ count^-x.",
)
@click.option("--threads", type=click.IntRange(min=1), default=2, show_default=True, help="torch threads.")
@click.option(
    "--resume",
    type=click.Path(path_type=Path, file_okay=False),
    help="Continue the run in this folder where it stopped (its own settings; other options ignored).",
)
@click.option(
    "--limit", type=click.IntRange(min=2), hidden=True, help="Use only the first N articles (smoke tests)."
)
def train_techniques(
    data: Path | None,
    folds: int,
    out: Path | None,
    epochs: int | None,
    seed: int,
    encoder: str | None,
    no_quantize: bool,
    validation: bool,
    class_balance: float,
    threads: int,
    resume: Path | None,
    limit: int | None,
) -> None:
    """Cross-validate and train the technique model; writes a model folder and metrics."""
    from unspin.train import neural
    from unspin.train.data import committed_validation_ids
    from unspin.train.techniques import TrainSettings, run

    if resume is not None:
        if not (resume / "config.json").is_file():
            raise InputError(f"{resume}: not a training run (no config.json)")
        try:
            resumed = TrainSettings.load(resume)
        except (ValueError, TypeError, KeyError) as exc:
            raise InputError(f"{resume}/config.json: unreadable ({exc})") from exc
        _logged_run(resume, lambda log: run(resumed, log, resume=True))
        return
    if data is None:
        raise click.UsageError("--data is required (or --resume RUN_DIR)")
    if not (data / "train-articles").is_dir():
        raise InputError(f"{data}: not a PTC folder (no train-articles/)")
    if folds == 1:
        raise click.BadParameter("use 0 (no cross-validation) or at least 2", param_hint="'--folds'")
    out = out or Path("runs") / f"techniques-{datetime.now().strftime('%Y%m%d-%H%M%S')}"
    if (out / "config.json").is_file():
        raise InputError(
            f"{out} already holds a run: continue it with --resume {out}, or choose another --out"
        )
    config = neural.NeuralConfig(
        seed=seed, encoder=encoder or "", class_balance=class_balance, threads=threads
    )
    if epochs:
        config.epochs = epochs
    settings = TrainSettings(
        data=data,
        out=out,
        folds=folds,
        seed=seed,
        neural=config,
        quantize=not no_quantize,
        limit=limit,
        validation=committed_validation_ids() if validation else None,
    )
    _logged_run(out, lambda log: run(settings, log))


@train.command("combine")
@click.argument("runs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--data", required=True, type=click.Path(path_type=Path), help="The PTC folder the runs used.")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Folder for the ensemble.")
@click.option("--limit", type=click.IntRange(min=2), hidden=True, help="Use only the first N articles.")
def train_combine(runs: tuple[Path, ...], data: Path, out: Path, limit: int | None) -> None:
    """Combine training runs of `train techniques` into one ensemble model (settings re-tuned)."""
    from unspin.train.techniques import combine

    for run_dir in runs:
        if not (run_dir / "held_out.pkl").is_file() or not (run_dir / "model" / "model.json").is_file():
            raise InputError(f"{run_dir}: not a cross-validated training run (no held_out.pkl or model/)")
    out.mkdir(parents=True, exist_ok=True)
    folder = combine(list(runs), out, data, lambda m: click.echo(m, err=True), limit)
    click.echo(str(folder))


@train.command("claims")
@click.option(
    "--data",
    required=True,
    type=click.Path(path_type=Path),
    help="ClaimBuster folder holding crowdsourced.csv (e.g. ../shared/data/claimbuster).",
)
@click.option(
    "--folds", type=click.IntRange(min=0), default=5, show_default=True, help="Cross-validation folds."
)
@click.option("--out", type=click.Path(path_type=Path), help="Run folder (default: runs/claims-<time>).")
@click.option("--seed", type=int, default=13, show_default=True)
@click.option(
    "--encoder", help="Base sentence encoder: a folder or a model name (default: all-MiniLM-L6-v2)."
)
@click.option("--no-encoder", is_flag=True, help="Train the n-gram model only (both modes use it).")
@click.option(
    "--limit", type=click.IntRange(min=20), hidden=True, help="Use only the first N sentences (smoke tests)."
)
def train_claims(
    data: Path,
    folds: int,
    out: Path | None,
    seed: int,
    encoder: str | None,
    no_encoder: bool,
    limit: int | None,
) -> None:
    """Cross-validate and train the check-worthy claims model; writes a model folder and metrics."""
    from unspin.train.claims import ClaimSettings, load_claimbuster, run

    if folds == 1:
        raise click.BadParameter("use 0 (no cross-validation) or at least 2", param_hint="'--folds'")
    sentences = load_claimbuster(data, limit)  # bad data fails here, before anything is written
    if folds >= 2 and len(set(sentences.groups)) < folds:
        raise InputError(f"{folds} folds need at least {folds} debates (File_id values) in {data}")
    out = out or Path("runs") / f"claims-{datetime.now().strftime('%Y%m%d-%H%M%S')}"
    settings = ClaimSettings(
        data=data,
        out=out,
        folds=folds,
        seed=seed,
        encoder=encoder or "",
        use_encoder=not no_encoder,
        limit=limit,
    )
    _logged_run(out, lambda log: run(settings, log))


def _logged_run(out: Path, job: Callable[[Callable[[str], None]], Path]) -> None:
    """Run a training job, its log lines time-stamped on stderr and appended to ``OUT/train.log``."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "train.log", "a", encoding="utf-8") as log_file:

        def log(message: str) -> None:
            line = f"{datetime.now().strftime('%H:%M:%S')} {message}"
            click.echo(line, err=True)
            log_file.write(line + "\n")
            log_file.flush()

        folder = job(log)
    click.echo(str(folder))
