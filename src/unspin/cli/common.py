"""What every command group shares: the ``unspin`` group, one-line errors, ingest options, progress."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, NoReturn

import click
from rich.console import Console

from unspin import __version__
from unspin.errors import InputError
from unspin.report.terminal import terminal_safe

EXIT_INPUT = 2
EXIT_INTERNAL = 70


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="unspin")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def cli(debug: bool) -> None:
    """Read news the way a disinformation analyst does."""


def error_line(message: str) -> str:
    """``unspin: error: MESSAGE`` on one line, with control characters made harmless: messages quote
    file names, URLs and what servers sent (status text, Content-Type), which may hold escape sequences."""
    return terminal_safe(f"unspin: error: {message}", one_line=True)


def fail(message: str, code: int = EXIT_INPUT) -> NoReturn:
    click.echo(error_line(message), err=True)
    sys.exit(code)


def note(message: str) -> None:
    click.echo(terminal_safe(f"unspin: note: {message}", one_line=True), err=True)


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
            "--timeout",
            type=click.FloatRange(min=0.1),
            default=20.0,
            show_default=True,
            help="Seconds: a URL's whole download; a pipe's or FIFO's wait for its next bytes.",
        ),
        click.option(
            "--allow-private-hosts",
            is_flag=True,
            help="Allow fetching URLs on loopback and private networks (refused by default; "
            "link-local and cloud metadata addresses stay refused).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def run_options(kw: dict[str, Any], **run: Any) -> Any:
    """The :class:`~unspin.runner.RunOptions` for ``kw`` (the values of :func:`ingest_options`)."""
    from unspin.ingest import IngestOptions
    from unspin.runner import Overrides, RunOptions

    try:
        overrides = Overrides(kw["title"], kw["url_"], kw["outlet"], kw["published"])
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint="'--published'") from None
    ingest = IngestOptions(
        max_bytes=kw["max_bytes"], timeout=kw["timeout"], allow_private_hosts=kw["allow_private_hosts"]
    )
    return RunOptions(ingest=ingest, overrides=overrides, **run)


def progress(total: int, quiet: bool, label: str) -> Any:
    """A progress bar on a terminal's stderr for multi-item runs (nothing when quiet, for a single item,
    or when stderr is a file or pipe, where it would only add lines around the one-line errors)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=quiet or total <= 1 or not console.is_terminal,
        transient=False,
    )
