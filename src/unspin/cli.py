"""The ``unspin`` command.

Every error a user can cause ends as one line on stderr and a non-zero exit status: ``UnspinError``
carries the message; anything else is reported as an internal error (``--debug`` shows the traceback).
Outputs are written atomically, so a failure never leaves a half-written file or destroys an old one.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO

import click
from rich.console import Console

from unspin import __version__
from unspin.article import Article, json_schema
from unspin.errors import InputError, UnspinError

EXIT_INPUT = 2
EXIT_INTERNAL = 70
# click >= 8.2 raises this for a group called without a command; older versions have no such class.
_NO_ARGS_IS_HELP: type[click.UsageError] = getattr(click.exceptions, "NoArgsIsHelpError", click.UsageError)


def _fail(message: str, code: int = EXIT_INPUT) -> NoReturn:
    click.echo(f"unspin: error: {message}", err=True)
    sys.exit(code)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[TextIO]:
    """Write text to ``path`` through a temporary file in the same folder, renamed into place on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_text(path: Path | None, text: str) -> None:
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        with atomic_output(path) as handle:
            handle.write(text)
    except OSError as exc:
        raise UnspinError(f"cannot write {path}: {exc.strerror or exc}") from None


def _published(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO date such as 2026-03-14", param_hint="'--published'"
        ) from None
    return parsed.date().isoformat() if len(value) <= 10 else parsed.isoformat()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="unspin")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def cli(debug: bool) -> None:
    """Read news the way a disinformation analyst does."""


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI, turning every error into one line on stderr and a non-zero exit."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        cli.main(args, prog_name="unspin", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        _fail("interrupted", 130)
    except _NO_ARGS_IS_HELP as exc:
        # A bare group (`unspin`, `unspin ptc`): show its help, as click does in standalone mode.
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc), err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        hint = ""
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            hint = f" (see '{exc.ctx.command_path} --help')"
        _fail(exc.format_message().replace("\n", " ") + hint, exc.exit_code)
    except UnspinError as exc:
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error worth a message.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except Exception as exc:
        if "--debug" in args:
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)", EXIT_INTERNAL)


# --- shared options ----------------------------------------------------------------------------------


def ingest_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options for reading sources: size cap, network limits, private hosts, metadata overrides."""
    options = [
        click.option("--title", help="Article title (overrides what ingestion found)."),
        click.option("--url", "url_", metavar="URL", help="Article URL (overrides what ingestion found)."),
        click.option("--outlet", help="Outlet domain, e.g. example.com."),
        click.option(
            "--published",
            metavar="DATE",
            help="Publication date (ISO, e.g. 2026-03-14); dates in the text are resolved against it.",
        ),
        click.option(
            "--max-bytes",
            type=click.IntRange(min=1),
            default=5_000_000,
            show_default=True,
            help="Refuse inputs larger than this.",
        ),
        click.option(
            "--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True, help="URL seconds."
        ),
        click.option(
            "--allow-private-hosts",
            is_flag=True,
            help="Allow fetching URLs on loopback and private networks (refused by default).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _load(source: str, kw: dict[str, Any]) -> Article:
    from unspin.ingest import IngestOptions, load

    options = IngestOptions(
        max_bytes=kw["max_bytes"], timeout=kw["timeout"], allow_private_hosts=kw["allow_private_hosts"]
    )
    article = load(source, options)
    for name, value in (
        ("title", kw["title"]),
        ("url", kw["url_"]),
        ("outlet", kw["outlet"]),
        ("published", _published(kw["published"])),
    ):
        if value is not None:
            setattr(article, name, value)
    return article


def _progress(total: int, quiet: bool, label: str) -> Any:
    """A progress bar on stderr for multi-item runs (nothing when quiet or for a single item)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    disabled = quiet or total <= 1
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=disabled,
        transient=False,
    )


# --- analyze -----------------------------------------------------------------------------------------


def _target(
    output: Path | None, many: bool, article: Article, source: str, suffix: str, used: set[str]
) -> Path | None:
    """Where one article's json/html goes: ``output`` itself, or a file in the ``output`` folder."""
    if not many or output is None:
        return output
    return output / _output_name(article, source, suffix, used)


def _output_name(article: Article, source: str, suffix: str, used: set[str]) -> str:
    stem = Path(source).stem if not source.startswith(("http://", "https://")) and source != "-" else ""
    stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem)[:80] or article.id
    name = f"{stem}{suffix}"
    if name in used:
        name = f"{stem}-{article.id}{suffix}"
    used.add(name)
    return name


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["terminal", "json", "jsonl", "html", "geojson"]),
    default="terminal",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Output file; a folder when several sources are written as json, html or geojson.",
)
@click.option(
    "--only", multiple=True, help="Run only these analyzers (comma-separated; requirements come along)."
)
@click.option("--skip", multiple=True, help="Skip these analyzers (comma-separated).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or notes on stderr.")
@click.option(
    "--details",
    is_flag=True,
    help="Terminal: after the brief, the highlighted article, its legend, every span and each summary.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Worker processes for several sources (0: one per CPU core). Each loads its own models.",
)
@ingest_options
def analyze(
    sources: tuple[str, ...],
    fmt: str,
    output: Path | None,
    only: Sequence[str],
    skip: Sequence[str],
    quiet: bool,
    details: bool,
    jobs: int,
    **kw: Any,
) -> None:
    """Analyze articles: text files, HTML files, URLs, or '-' for standard input."""
    from unspin.pipeline import Pipeline
    from unspin.report import render_html, render_terminal, to_json, to_jsonl_line

    if list(sources).count("-") > 1:
        raise UnspinError("standard input ('-') can be read only once")
    many = len(sources) > 1
    per_file = fmt in ("json", "html", "geojson")
    if many and per_file and output is None:
        raise UnspinError(f"several sources as {fmt} need -o FOLDER (or use --format jsonl)")
    if many and per_file and output is not None and output.exists() and not output.is_dir():
        raise UnspinError(f"{output} is a file; several sources as {fmt} need -o FOLDER")
    if fmt == "geojson" and only:
        only = (*only, "places")  # the map needs the geocoded places, whatever else was picked
    pipeline = Pipeline(only=only, skip=skip, jobs=jobs if many else 1)
    if pipeline.unavailable and not quiet:
        for name, why in pipeline.unavailable.items():
            click.echo(f"unspin: note: analyzer {name!r} skipped: {why}", err=True)

    failures = 0
    used: set[str] = set()
    terminal_pages: list[str] = []
    with contextlib.ExitStack() as stack:
        stack.enter_context(pipeline)
        jsonl_stream: TextIO = sys.stdout
        if fmt == "jsonl" and output is not None:
            try:
                jsonl_stream = stack.enter_context(atomic_output(output))
            except OSError as exc:
                raise UnspinError(f"cannot write {output}: {exc.strerror or exc}") from None
        progress = stack.enter_context(_progress(len(sources), quiet, "analyzing"))
        task = progress.add_task("analyzing", total=len(sources))
        loaded: collections.deque[str] = collections.deque()

        def fail(source: str, exc: UnspinError) -> None:
            nonlocal failures
            if not many:
                raise exc
            failures += 1
            progress.console.print(
                f"unspin: error: {source}: {exc}", markup=False, highlight=False, soft_wrap=True
            )
            progress.advance(task)

        def articles() -> Iterator[Article]:
            for source in sources:
                try:
                    article = _load(source, kw)
                except UnspinError as exc:
                    fail(source, exc)
                    continue
                loaded.append(source)
                yield article

        # Articles come back in input order, so each one's source is the oldest one still waiting.
        for article in pipeline.pipe(articles()):
            source = loaded.popleft()
            try:
                if fmt == "jsonl":
                    jsonl_stream.write(to_jsonl_line(article) + "\n")
                    jsonl_stream.flush()
                elif fmt == "json":
                    target = _target(output, many, article, source, ".json", used)
                    _write_text(target, to_json(article) + "\n")
                elif fmt == "html":
                    _write_text(_target(output, many, article, source, ".html", used), render_html(article))
                elif fmt == "geojson":
                    from unspin.report.geojson import render as render_geojson

                    target = _target(output, many, article, source, ".geojson", used)
                    _write_text(target, render_geojson(article))
                elif output is None:
                    render_terminal(article, Console(highlight=False), details=details)
                else:
                    terminal_pages.append(
                        _terminal_text(article, functools.partial(render_terminal, details=details))
                    )
            except UnspinError as exc:
                fail(source, exc)
                continue
            progress.advance(task)
        if failures == len(sources):
            # Raising inside the stack discards a half-made jsonl file and keeps any old one.
            raise UnspinError(f"all {failures} sources failed; nothing was written")
    if terminal_pages and output is not None:
        _write_text(output, "\n".join(terminal_pages))
    if failures:
        _fail(f"{failures} of {len(sources)} sources failed (the others were written)")


def _terminal_text(article: Article, render: Callable[..., None]) -> str:
    """The terminal view as plain text, for ``--format terminal -o FILE``."""
    with open(os.devnull, "w") as devnull:
        console = Console(record=True, width=100, file=devnull)
        render(article, console)
        return console.export_text()


# --- extract -----------------------------------------------------------------------------------------


@cli.command()
@click.argument("source")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the JSON here.")
@ingest_options
def extract(source: str, output: Path | None, **kw: Any) -> None:
    """Show what ingestion got from SOURCE (title, date, authors, url, text) as JSON."""
    article = _load(source, kw)
    record = {
        "title": article.title,
        "date": article.published,
        "authors": article.authors,
        "url": article.url,
        "outlet": article.outlet,
        "language": article.language,
        "id": article.id,
        "text": article.text,
    }
    _write_text(output, json.dumps(record, ensure_ascii=False, indent=2) + "\n")


# --- analyzers, schema ---------------------------------------------------------------------------------


@cli.command("analyzers")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def list_analyzers(as_json: bool) -> None:
    """List analyzers with their versions and whether their models are installed."""
    from rich.table import Table

    from unspin.pipeline import registered

    rows: list[dict[str, Any]] = []
    for name, cls in registered().items():
        status = cls().available()
        rows.append(
            {
                "name": name,
                "version": cls.version,
                "default": cls.default,
                "requires": list(cls.requires),
                "available": status.ok,
                "detail": status.detail,
                "description": cls.description,
            }
        )
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table(title="unspin analyzers")
    for col in ("name", "version", "default", "requires", "model", "description"):
        table.add_column(col, overflow="fold")
    for r in rows:
        model = ("installed" if r["available"] else "missing") + (f": {r['detail']}" if r["detail"] else "")
        table.add_row(
            r["name"],
            r["version"],
            "yes" if r["default"] else "no",
            ", ".join(r["requires"]) or "-",
            model,
            r["description"],
        )
    Console().print(table)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the analysis output (unspin/1)."""
    click.echo(json.dumps(json_schema(), indent=2))


# --- eval --------------------------------------------------------------------------------------------


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
@click.option("--split", type=click.Choice(["tune", "heldout", "all"]), default="tune", show_default=True)
@click.option("--layer", "layers", multiple=True, type=click.Choice(["numbers", "events", "attribution"]))
@click.option(
    "--set",
    "set_dir",
    type=click.Path(path_type=Path),
    default=Path("bench/real"),
    show_default=True,
    help="Folder with articles.tsv and gold/.",
)
@click.option("--errors", "show_errors", is_flag=True, help="List every miss and extra (tune split only).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def eval_real(
    ptc: Path, split: str, layers: tuple[str, ...], set_dir: Path, show_errors: bool, as_json: bool
) -> None:
    """Figures, events and attribution on the hand-annotated real-news set (bench/real/README.md)."""
    from unspin.eval.real import LAYERS, evaluate, format_scores, load
    from unspin.pipeline import Pipeline

    if show_errors and split != "tune":
        raise InputError("--errors lists items of the tune split only; the held-out half is never read")
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


# --- ptc ---------------------------------------------------------------------------------------------


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
    with _progress(len(docs), quiet, f"ptc {task}") as progress:
        task_id = progress.add_task(task, total=len(docs))

        def advance() -> None:
            progress.advance(task_id)

        if task == "si":
            rows = predict_si(detector, docs, advance)
        else:
            rows = predict_tc(detector, docs, wanted, advance)
    try:
        with atomic_output(output) as handle:
            write_rows(rows, handle, task)
    except OSError as exc:
        raise UnspinError(f"cannot write {output}: {exc.strerror or exc}") from None


# --- train -------------------------------------------------------------------------------------------


@cli.group()
def train() -> None:
    """Train models (needs the 'train' extra: pip install -e '.[train]')."""


@train.command("techniques")
@click.option(
    "--data", required=True, type=click.Path(path_type=Path), help="PTC folder (e.g. ../shared/data/ptc)."
)
@click.option(
    "--folds", type=click.IntRange(min=0), default=5, show_default=True, help="Cross-validation folds."
)
@click.option("--out", type=click.Path(path_type=Path), help="Run folder (default: runs/techniques-<time>).")
@click.option("--epochs", type=click.IntRange(min=1), default=None, help="Training epochs of the network.")
@click.option("--seed", type=int, default=13, show_default=True)
@click.option("--encoder", help="Base encoder: a folder or a model name (default: all-MiniLM-L6-v2).")
@click.option("--no-quantize", is_flag=True, help="Ship the fp32 encoder instead of int8.")
@click.option(
    "--limit", type=click.IntRange(min=2), hidden=True, help="Use only the first N articles (smoke tests)."
)
def train_techniques(
    data: Path,
    folds: int,
    out: Path | None,
    epochs: int | None,
    seed: int,
    encoder: str | None,
    no_quantize: bool,
    limit: int | None,
) -> None:
    """Cross-validate and train the technique model; writes a model folder and metrics."""
    from unspin.train import neural
    from unspin.train.techniques import TrainSettings, run

    if not (data / "train-articles").is_dir():
        raise InputError(f"{data}: not a PTC folder (no train-articles/)")
    if folds == 1:
        raise click.BadParameter("use 0 (no cross-validation) or at least 2", param_hint="'--folds'")
    out = out or Path("runs") / f"techniques-{datetime.now().strftime('%Y%m%d-%H%M%S')}"
    config = neural.NeuralConfig(seed=seed, encoder=encoder or "")
    if epochs:
        config.epochs = epochs
    settings = TrainSettings(
        data=data, out=out, folds=folds, seed=seed, neural=config, quantize=not no_quantize, limit=limit
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


# --- claims ------------------------------------------------------------------------------------------


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
    from unspin.analyzers.claims.model import default_model_path, load_model
    from unspin.analyzers.claims.rows import read_rows, score_rows

    texts = read_rows(file, text_column)
    claims_model = load_model(str(model or default_model_path()))
    threshold = claims_model.threshold(mode)
    batch = 256
    try:
        with (
            atomic_output(output) as handle,
            _progress(len(texts), quiet or len(texts) < 2 * batch, "scoring") as bar,
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
        raise UnspinError(f"cannot write {output}: {exc.strerror or exc}") from None


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


# --- serve ---------------------------------------------------------------------------------------------

from unspin.serve.command import serve  # noqa: E402  (the command lives with the server)

cli.add_command(serve)

# The corpus commands (db, add, run, search, export) register themselves on the group.
from unspin.corpus import commands as _corpus_commands  # noqa: E402, F401
