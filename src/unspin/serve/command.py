"""The ``unspin serve`` command: the app on uvicorn, loopback by default, a token once it is not."""

from __future__ import annotations

import dataclasses
import os
import secrets
import socket
from typing import Any

import click

from unspin.errors import UnspinError


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name.strip() for value in values for name in value.split(",") if name.strip())


@click.command("serve")
@click.option(
    "--db", metavar="URL", help="Serve this article store (SQLite path or postgresql://…; see 'unspin add')."
)
@click.option(
    "--inbox",
    type=click.Path(exists=True, file_okay=False),
    help="Folder whose files (feeds, WARCs, tables, folders) add jobs may read; without it, URLs only.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--rate-limit",
    type=click.IntRange(min=0),
    default=240,
    show_default=True,
    help="Requests per minute per client address (0: no limit).",
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1024),
    default=6_000_000,
    show_default=True,
    help="Largest request body.",
)
@click.option("--only", multiple=True, help="Run only these analyzers (comma-separated).")
@click.option("--skip", multiple=True, help="Skip these analyzers (comma-separated).")
def serve(
    db: str | None,
    inbox: str | None,
    host: str,
    port: int,
    rate_limit: int,
    max_body: int,
    only: tuple[str, ...],
    skip: tuple[str, ...],
) -> None:
    """Serve the API (docs at /docs) and the web UI. Writes need a token once bound beyond 127.0.0.1:
    UNSPIN_TOKEN, or one printed at start."""
    import uvicorn

    from unspin.serve import ServeConfig, create_app
    from unspin.serve.analysis import Analyst
    from unspin.serve.metrics import Metrics

    token = os.environ.get("UNSPIN_TOKEN") or None
    config = ServeConfig(
        host=host,
        port=port,
        db=db,
        inbox=inbox,
        rate_limit=rate_limit,
        max_body=max_body,
        only=_split(only),
        skip=_split(skip),
    )
    _check_port(host, port)
    if token is None and not config.loopback:
        token = secrets.token_urlsafe(24)
        click.echo(f"unspin: token for writes (set UNSPIN_TOKEN to choose your own): {token}", err=True)
    config = dataclasses.replace(config, token=token)
    click.echo("unspin: loading models…", err=True)
    analyst = Analyst(config, Metrics())  # a bad --only/--skip fails here, as one line
    app = create_app(config, analyst=analyst)  # and a bad --db here
    analyst.start()
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"unspin: serving on http://{shown}:{port}/ (API docs at /docs)", err=True)
    options: dict[str, Any] = {"log_level": "info", "server_header": False, "proxy_headers": False}
    try:
        uvicorn.run(app, host=host, port=port, **options)
    finally:
        analyst.stop()


def _check_port(host: str, port: int) -> None:
    """Refuse a port that is taken before spending a minute loading models."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UnspinError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
