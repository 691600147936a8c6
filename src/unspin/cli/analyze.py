"""``unspin analyze``, ``extract``, ``analyzers`` and ``schema``: reading and analysing articles.

``analyze`` is the runner (:mod:`unspin.runner`) feeding a writer (:mod:`unspin.report.writers`). When
some of several sources fail, the others are still written (to the ``-o`` file, which is then replaced,
or folder) and the run ends with one summary line saying so, and exit status 2; when all fail, nothing is
written and an old ``-o`` file stays as it was.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from unspin.article import json_schema
from unspin.cli.common import cli, error_line, fail, ingest_options, note, progress, run_options
from unspin.errors import UnspinError
from unspin.report.writers import Written, check_target, get_writer, write_results, writer_names


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(writer_names()), default="terminal", show_default=True)
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
    from unspin.runner import Runner, check_sources

    writer = get_writer(fmt, details=details)
    several = len(sources) > 1
    check_sources(sources)
    check_target(writer, output, several)
    if writer.requires and only:
        only = (*only, *writer.requires)  # e.g. the map needs the geocoded places, whatever else was picked
    options = run_options(kw, only=tuple(only), skip=tuple(skip), jobs=jobs if several else 1)
    with Runner(options) as runner:
        if several:
            runner.start()  # before the progress bar's thread: workers are forked only without one
        if not quiet:
            for name, why in runner.unavailable.items():
                note(f"analyzer {name!r} skipped: {why}")
        with progress(len(sources), quiet, "analyzing") as bar:
            task = bar.add_task("analyzing", total=len(sources))

            def failed(source: str, exc: UnspinError) -> None:
                if not several:
                    raise exc
                bar.console.print(
                    error_line(f"{source}: {exc}"), markup=False, highlight=False, soft_wrap=True
                )

            written = write_results(
                writer,
                runner.run(sources),
                output,
                several=several,
                on_error=failed,
                on_done=lambda: bar.advance(task),
            )
    if written.failed:
        fail(_summary(written, len(sources), output))


def _summary(written: Written, total: int, output: Path | None) -> str:
    """The one line that ends a run where some sources failed: what was written where."""
    line = f"{written.failed} of {total} sources failed; the other {written.written} were written"
    if written.replaced is not None:
        return f"{line} to {written.replaced}, replacing the file that was there"
    if output is not None:
        return f"{line} to {output}"
    return line


@cli.command()
@click.argument("source")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the JSON here.")
@ingest_options
def extract(source: str, output: Path | None, **kw: Any) -> None:
    """Show what ingestion got from SOURCE (title, date, authors, url, text) as JSON."""
    from unspin.report.writers import write_text
    from unspin.runner import load_source

    article = load_source(source, run_options(kw))
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
    write_text(output, json.dumps(record, ensure_ascii=False, indent=2) + "\n")


@cli.command("analyzers")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def list_analyzers(as_json: bool) -> None:
    """List analyzers with their versions and whether their models are installed."""
    from rich.table import Table

    from unspin.analyzer import registered

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
