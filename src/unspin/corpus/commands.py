"""The corpus commands: ``unspin db upgrade|status``, ``add``, ``run``, ``search`` and ``export``.

All take ``--db`` (default ``./unspin.db``, or $UNSPIN_DB): an SQLite path or URL, or ``postgresql://…``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from unspin.cli.common import cli
from unspin.errors import InputError

db_option = click.option(
    "--db",
    metavar="URL",
    envvar="UNSPIN_DB",
    help="The store: sqlite:///PATH, a path, or postgresql://USER@HOST/NAME [default: ./unspin.db].",
)


def _echo(message: str) -> None:
    click.echo(message, err=True)


def _progress(quiet: bool, label: str) -> Any:
    """A progress bar with count, rate and ETA on a terminal's stderr."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=console,
        disable=quiet or not console.is_terminal,
    )


@cli.group("db")
def db_group() -> None:
    """Create or migrate the store."""


@db_group.command("upgrade")
@db_option
def db_upgrade(db: str | None) -> None:
    """Create the store, or migrate it to this version's schema."""
    from unspin.store import redact, resolve_url, upgrade

    url = resolve_url(db)
    before, after = upgrade(url)
    _echo(f"{redact(url)}: schema {before or 'none'} → {after}")


@db_group.command("status")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def db_status(db: str | None, as_json: bool) -> None:
    """Articles stored, analysed, failed, and pending for the default analyzers."""
    from unspin.corpus.run import expected_versions
    from unspin.pipeline import Pipeline
    from unspin.store import open_store

    with open_store(db, create=False) as store:
        counts = store.counts()
        counts["pending"] = store.count_pending(expected_versions(Pipeline()))
    if as_json:
        click.echo(json.dumps(counts))
    else:
        click.echo("  ".join(f"{name.replace('_', ' ')}: {value:,}" for name, value in counts.items()))


@cli.command("add")
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--text-column", default="text", show_default=True, help="Table column with the article text.")
@click.option("--url-column", default="url", show_default=True, help="Table column with the article URL.")
@click.option("--title-column", default="title", show_default=True, help="Table column with the title.")
@click.option(
    "--published-column", default="published", show_default=True, help="Table column with the date."
)
@click.option("--outlet-column", default="outlet", show_default=True, help="Table column with the outlet.")
@click.option("--no-fetch", is_flag=True, help="Never fetch links (feed entries, sitemap URLs, table URLs).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=5_000_000, show_default=True)
@click.option(
    "--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True, help="URL seconds."
)
@click.option(
    "--allow-private-hosts", is_flag=True, help="Allow fetching from loopback and private networks."
)
@click.option(
    "--jobs",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Processes extracting WARC pages (0: one per core).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress or per-record notes on stderr.")
def add(sources: tuple[str, ...], db: str | None, no_fetch: bool, jobs: int, quiet: bool, **kw: Any) -> None:
    """Add articles to the store: files, folders, URLs, JSONL/CSV/Parquet tables, RSS/Atom feeds,
    sitemaps, WARC files. Exact duplicates are skipped, near-duplicates clustered, non-English skipped."""
    from unspin.corpus.add import AddReport, add_sources
    from unspin.corpus.readers import Columns, ReadOptions
    from unspin.ingest import IngestOptions
    from unspin.store import open_store

    for source in sources:
        if (
            source != "-"
            and not source.lower().startswith(("http://", "https://"))
            and not Path(source).exists()
        ):
            raise InputError(f"no such file or folder: {source}")
    options = ReadOptions(
        ingest=IngestOptions(
            max_bytes=kw["max_bytes"], timeout=kw["timeout"], allow_private_hosts=kw["allow_private_hosts"]
        ),
        columns=Columns(
            kw["text_column"],
            kw["url_column"],
            kw["title_column"],
            kw["published_column"],
            kw["outlet_column"],
        ),
        fetch=not no_fetch,
    )
    with open_store(db) as store, _progress(quiet, "adding") as bar:
        task = bar.add_task("adding", total=None, rate="")

        def tick(report: AddReport) -> None:
            bar.update(task, completed=report.read, rate=f"{report.added:,} added")

        report = add_sources(store, sources, options, on_record=tick, jobs=jobs or os.cpu_count() or 1)
    if report.malformed and report.read == len(report.malformed):
        where, why = report.malformed[0]
        more = f" (and {len(report.malformed) - 1:,} more)" if len(report.malformed) > 1 else ""
        raise InputError(f"nothing could be read: {where}: {why}{more}")
    _report_add(report, quiet)


def _report_add(report: Any, quiet: bool = False) -> None:
    """The malformed records (the first 50) and one summary line of what adding did."""
    if not quiet:
        for where, why in report.malformed[:50]:
            _echo(f"unspin: skipped {where}: {why}")
        if len(report.malformed) > 50:
            _echo(f"unspin: … and {len(report.malformed) - 50:,} more malformed records")
    languages = ", ".join(
        f"{k} {v}" for k, v in sorted(report.languages.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    _echo(
        f"read {report.read:,}: added {report.added:,} "
        f"({report.near_duplicates:,} near-duplicates clustered), "
        f"{report.duplicates:,} exact duplicates skipped, {report.non_english:,} non-English skipped"
        + (f" ({languages})" if languages else "")
        + f", {len(report.malformed):,} malformed"
    )


@cli.command("run")
@db_option
@click.option(
    "--jobs",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Worker processes (0: one per core).",
)
@click.option("--only", multiple=True, help="Run only these analyzers (comma-separated).")
@click.option("--skip", multiple=True, help="Skip these analyzers (comma-separated).")
@click.option(
    "--batch-size", type=click.IntRange(min=1), default=8, show_default=True, help="Articles per batch."
)
@click.option("--retry-errors", is_flag=True, help="Also retry articles whose analysis failed before.")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="ray: spread the run over a Ray cluster (pip install 'unspin[ray]'; docs/scaling.md).",
)
@click.option("--address", metavar="ADDR", help="Ray: the cluster to join [default: a local instance].")
@click.option(
    "--actors",
    type=click.IntRange(min=0),
    default=0,
    help="Ray: analysing actors [default: CPUs / per actor].",
)
@click.option(
    "--cpus-per-actor", type=click.IntRange(min=1), default=1, show_default=True, help="Ray: CPUs per actor."
)
@click.option(
    "--input",
    "inputs",
    multiple=True,
    metavar="FILE",
    help="Ray: analyse these Parquet/JSONL/CSV/WARC files instead of the store's pending articles.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    help="Ray: write the results as Parquet to this folder (for 'unspin db import') instead of the store.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def run(
    db: str | None,
    jobs: int,
    only: tuple[str, ...],
    skip: tuple[str, ...],
    batch_size: int,
    retry_errors: bool,
    engine: str,
    quiet: bool,
    **ray: Any,
) -> None:
    """Analyse every stored article that is new or whose analyzers changed version; safe to kill and rerun."""
    from unspin.corpus.run import RunOptions

    options = RunOptions(only=only, skip=skip, jobs=jobs, batch_size=batch_size, retry_errors=retry_errors)
    if engine == "ray":
        _run_on_ray(db, options, quiet, **ray)
        return
    flags = {"inputs": "--input", "output": "--output"}
    given = [flags.get(k, f"--{k.replace('_', '-')}") for k, v in ray.items() if v not in (None, 0, 1, ())]
    if given:
        raise click.UsageError(f"{', '.join(given)} need{'s' if len(given) == 1 else ''} --engine ray")
    _run_locally(db, options, quiet)


def _run_locally(db: str | None, options: Any, quiet: bool) -> None:
    import time

    from unspin.corpus.run import run_pending
    from unspin.store import open_store

    started = time.monotonic()
    with open_store(db, create=False) as store, _progress(quiet, "analysing") as bar:
        task = bar.add_task("analysing", total=None, rate="")
        done = [0]

        def start(total: int) -> None:
            bar.update(task, total=total)

        def advance(count: int) -> None:
            done[0] += count
            rate = done[0] / max(1e-9, time.monotonic() - started)
            bar.update(task, advance=count, rate=f"{rate:.2f} articles/s")

        report = run_pending(store, options, on_start=start, on_done=advance)
    _report_run(report, time.monotonic() - started, report.pending)


def _report_run(report: Any, elapsed: float, pending: int | None) -> None:
    for article_id, message in report.errors:
        _echo(f"unspin: article {article_id} failed: {message}")
    of = f" of {pending:,} pending" if pending is not None else ""
    _echo(
        f"analysed {report.analysed:,}{of} in {elapsed:.1f} s"
        + (f", {report.failed:,} failed (recorded; --retry-errors to try again)" if report.failed else "")
    )


def _counted(rows: Any, bar: Any, task: Any, started: float) -> Any:
    """The rows, advancing the progress bar as each arrives."""
    import time

    for count, row in enumerate(rows, 1):
        yield row
        rate = count / max(1e-9, time.monotonic() - started)
        bar.update(task, advance=1, rate=f"{rate:.2f} articles/s")


def _run_on_ray(
    db: str | None,
    options: Any,
    quiet: bool,
    address: str | None,
    actors: int,
    cpus_per_actor: int,
    inputs: tuple[str, ...],
    output: Path | None,
) -> None:
    import contextlib
    import time

    from unspin.corpus.distributed import RayOptions, analysed_rows, save_rows, write_parquet
    from unspin.store import open_store

    for source in inputs:
        if not Path(source).exists():
            raise InputError(f"no such file or folder: {source}")
    ray_options = RayOptions(address=address, actors=actors, cpus_per_actor=cpus_per_actor)
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        # Results go to the store unless written to Parquet; pending articles come from the store.
        store = None
        if output is None or not inputs:
            store = stack.enter_context(open_store(db, create=bool(inputs)))
        bar = stack.enter_context(_progress(quiet, "analysing"))
        task = bar.add_task("analysing", total=None, rate="")
        rows = _counted(analysed_rows(store, inputs, options, ray_options), bar, task, started)
        if output is not None:
            count = write_parquet(rows, output)
            _echo(
                f"wrote {count:,} rows to {output} in {time.monotonic() - started:.1f} s; "
                f"load them with: unspin db import {output}"
            )
            return
        assert store is not None
        report = save_rows(store, rows)
    if inputs:
        _report_add(report.add)
    _report_run(report.run, time.monotonic() - started, None)


@db_group.command("import")
@click.argument("paths", nargs=-1, required=True)
@db_option
def db_import(paths: tuple[str, ...], db: str | None) -> None:
    """Load the Parquet results of 'unspin run --engine ray --output DIR' into the store."""
    from unspin.corpus.distributed import read_parquet, save_rows
    from unspin.store import open_store

    rows = read_parquet(paths)
    with open_store(db) as store:
        report = save_rows(store, rows)
    if report.add.read:
        _report_add(report.add)
    _echo(
        f"imported {report.run.analysed:,} analysed articles"
        + (f", {report.run.failed:,} with their analysis error" if report.run.failed else "")
    )


def _filters(outlet: tuple[str, ...], since: str | None, until: str | None) -> Any:
    from unspin.corpus.readers import iso_date
    from unspin.store import Filters

    def check(value: str | None, name: str) -> str | None:
        if value is None:
            return None
        parsed = iso_date(value)
        if parsed is None or len(value.strip()) < 4:
            raise click.BadParameter(f"{value!r} is not an ISO date such as 2026-03-14", param_hint=name)
        return parsed

    return Filters(
        tuple(o for item in outlet for o in item.split(",") if o),
        check(since, "'--since'"),
        check(until, "'--until'"),
    )


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(
        [
            click.option("--outlet", multiple=True, help="Only these outlets (repeat or comma-separate)."),
            click.option(
                "--since", metavar="DATE", help="Only articles published on or after this ISO date."
            ),
            click.option(
                "--until", metavar="DATE", help="Only articles published on or before this ISO date."
            ),
        ]
    ):
        func = option(func)
    return func


@cli.command("search")
@click.argument("query")
@db_option
@filter_options
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def search(
    query: str,
    db: str | None,
    outlet: tuple[str, ...],
    since: str | None,
    until: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Full-text search over stored articles (SQLite FTS5 / PostgreSQL web-search syntax), best first."""
    from unspin.store import open_store

    filters = _filters(outlet, since, until)
    with open_store(db, create=False) as store:
        hits = store.search(query, limit=limit, filters=filters)
    for hit in hits:
        if as_json:
            click.echo(json.dumps(hit, ensure_ascii=False))
        else:
            snippet = " ".join(str(hit["snippet"] or "").split())
            click.echo(
                "\t".join(str(hit[k] or "-") for k in ("id", "published", "outlet", "title"))
                + f"\n    {snippet}"
            )
    if not as_json:
        _echo(f"{len(hits)} result{'s' if len(hits) != 1 else ''}")


@cli.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "jsonl"]), required=True)
@click.option(
    "--layer", help="Export this layer's spans (techniques, claims, figures, …) instead of articles."
)
@filter_options
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output file (stdout for csv/jsonl).")
def export(
    db: str | None,
    fmt: str,
    layer: str | None,
    outlet: tuple[str, ...],
    since: str | None,
    until: str | None,
    output: Path | None,
) -> None:
    """Articles, or one layer's spans, as flat rows for DuckDB, pandas or a spreadsheet (docs/store.md)."""
    from unspin.store import open_store
    from unspin.store.export import export as write

    filters = _filters(outlet, since, until)
    with open_store(db, create=False) as store:
        count = write(store, fmt, output, layer, filters)
    _echo(f"exported {count:,} row{'s' if count != 1 else ''}" + (f" to {output}" if output else ""))
