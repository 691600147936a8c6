"""The ``unspin`` command: a thin layer over the library, one module per command group.

``analyze`` (analyze, extract, analyzers, schema), ``eval``, ``ptc``, ``claims`` and ``train`` each add
their commands to the group in :mod:`unspin.cli.common`. Every error a user can cause ends as one line on
stderr and a non-zero exit status: ``UnspinError`` carries the message; anything else is reported as an
internal error (``--debug`` shows the traceback). Outputs are written atomically, so a failure (Ctrl-C
and SIGTERM included) never leaves a half-written file or destroys an old one.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from types import FrameType

import click

from unspin.cli import analyze, claims, eval, ptc, train  # noqa: F401  (each adds its commands)
from unspin.cli.common import EXIT_INTERNAL, cli, fail
from unspin.corpus import commands as _corpus_commands  # noqa: F401  (db, add, run, search, export)
from unspin.errors import UnspinError
from unspin.serve.command import serve

cli.add_command(serve)  # the command lives with the server

__all__ = ["cli", "main"]

EXIT_TERMINATED = 128 + signal.SIGTERM
# Commands whose successful run, as the program, ends without the interpreter's teardown (_end_at_once).
_END_AT_ONCE = frozenset({"analyze"})
# click >= 8.2 raises this for a group called without a command; older versions have no such class.
_NO_ARGS_IS_HELP: type[click.UsageError] = getattr(click.exceptions, "NoArgsIsHelpError", click.UsageError)


class _Terminated(BaseException):
    """SIGTERM, raised where the program is so that every ``with`` block unwinds (temporary files go)."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise _Terminated


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI, turning every error into one line on stderr and a non-zero exit."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        with _sigterm_unwinds():
            cli.main(args, prog_name="unspin", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        fail("interrupted", 130)
    except _Terminated:
        fail("terminated", EXIT_TERMINATED)
    except _NO_ARGS_IS_HELP as exc:
        # A bare group (`unspin`, `unspin ptc`): show its help, as click does in standalone mode.
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc), err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        hint = ""
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            hint = f" (see '{exc.ctx.command_path} --help')"
        fail(exc.format_message().replace("\n", " ") + hint, exc.exit_code)
    except UnspinError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error worth a message.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except Exception as exc:
        if "--debug" in args:
            raise
        fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)", EXIT_INTERNAL)
    if argv is None and args[:1] and args[0] in _END_AT_ONCE:
        _end_at_once()


def _end_at_once() -> None:
    """End a successful run of the program now: exit handlers run and the standard streams are flushed,
    but the interpreter does not take apart every module and model it loaded (spaCy's tokenizer and the
    technique model, preloaded for the workers: about 0.2 s after all the work is done). Returns (for
    the usual exit) when another thread is alive or the streams cannot be flushed."""
    if threading.active_count() > 1:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        return
    atexit._run_exitfuncs()
    os._exit(0)
