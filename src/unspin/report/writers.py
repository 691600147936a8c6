"""Output formats by name, and writing a run's results with them.

A format is one :class:`Writer` subclass registered with :func:`register_writer`; the CLI's ``--format``,
the store and the server find it by name (:func:`get_writer`, :func:`writer_names`). A writer turns one
article into text (:meth:`Writer.render`) and may show it differently on a terminal (:meth:`Writer.show`);
:func:`write_results` does the rest for every format alike: standard output, one file, or one file per
article in a folder, each file written atomically (a temporary file renamed into place, with the
permissions the user's umask gives), failed sources reported through a callback.

Adding a format (a module of its own, imported in ``unspin/report/__init__.py``)::

    @register_writer
    class Markdown(Writer):
        name = "markdown"
        suffix = ".md"
        description = "One Markdown document per article."
        per_article = True

        def render(self, article: Article) -> str:
            return to_markdown(article)
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Protocol, TextIO, TypeVar

from unspin.article import Article
from unspin.errors import UnspinError
from unspin.registry import Registry


class Writer:
    """One output format; subclasses set the class attributes and implement :meth:`render`."""

    name: ClassVar[str]
    suffix: ClassVar[str]  # file name extension of one output, e.g. ".json"
    description: ClassVar[str] = ""
    # One document per article (several articles need a folder); otherwise articles share one stream.
    per_article: ClassVar[bool] = False
    # Written between two articles in one stream (a blank line between terminal pages, say).
    separator: ClassVar[str] = ""
    # Analyzers the format cannot do without; they are added to a run that picks analyzers.
    requires: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *, details: bool = False) -> None:
        # The long form, for formats that have one (the terminal view's spans and tables).
        self.details = details

    def render(self, article: Article) -> str:
        """The article as this format's text (what goes into a file)."""
        raise NotImplementedError

    def show(self, article: Article, stream: TextIO) -> None:
        """Write the article to standard output (a terminal view may use colour there)."""
        stream.write(self.render(article))
        stream.flush()


W = TypeVar("W", bound=type[Writer])
WRITERS: Registry[Writer] = Registry("writer", builtins="unspin.report")


def register_writer(cls: W) -> W:
    """Class decorator: make an output format available by its ``name``."""
    WRITERS.register(cls)
    return cls


def writer_names() -> tuple[str, ...]:
    """The registered formats' names, in registration order."""
    return WRITERS.names()


def get_writer(name: str, *, details: bool = False) -> Writer:
    """The writer registered as ``name``; an :class:`UnspinError` naming the known ones if none is."""
    cls = WRITERS.get(name)
    if cls is None:
        raise UnspinError(f"unknown output format {name!r}; known: {', '.join(WRITERS.names())}")
    return cls(details=details)


# --- files ----------------------------------------------------------------------------------------------


def _new_file_mode(path: Path) -> int:
    """The mode ``open(path, "w")`` would leave: an existing file's, else 0666 less the umask."""
    with contextlib.suppress(OSError):
        return stat.S_IMODE(path.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[TextIO]:
    """Write text to ``path`` through a temporary file in the same folder, renamed into place on success.

    Any exception (Ctrl-C and SIGTERM included, once the CLI turns it into one) removes the temporary
    file and leaves an existing ``path`` as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _new_file_mode(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            os.fchmod(handle.fileno(), mode)
            yield handle
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def cannot_write(path: Path, exc: OSError) -> UnspinError:
    return UnspinError(f"cannot write {path}: {exc.strerror or exc}")


def write_text(path: Path | None, text: str) -> None:
    """``text`` to ``path`` atomically, or to standard output when ``path`` is None."""
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        with atomic_output(path) as handle:
            handle.write(text)
    except OSError as exc:
        raise cannot_write(path, exc) from None


# --- a run's results ----------------------------------------------------------------------------------


class Outcome(Protocol):
    """One source's result, as :class:`unspin.runner.Result` gives it."""

    @property
    def source(self) -> str: ...
    @property
    def article(self) -> Article | None: ...
    @property
    def error(self) -> UnspinError | None: ...


@dataclass
class Written:
    """What :func:`write_results` did: articles written, sources failed, whether an old file was replaced."""

    written: int = 0
    failed: int = 0
    replaced: Path | None = None  # the -o file that existed before and now holds this run's results
    files: list[Path] = field(default_factory=list)


def check_target(writer: Writer, output: Path | None, several: bool) -> None:
    """Refuse, before any work, an output that cannot hold what the run will write."""
    if several and writer.per_article:
        if output is None:
            raise UnspinError(f"several sources as {writer.name} need -o FOLDER (or use --format jsonl)")
        if output.exists() and not output.is_dir():
            raise UnspinError(f"{output} is a file; several sources as {writer.name} need -o FOLDER")


def write_results(
    writer: Writer,
    results: Iterable[Outcome],
    output: Path | None,
    *,
    several: bool,
    on_error: Callable[[str, UnspinError], None],
    on_done: Callable[[], None] = lambda: None,
) -> Written:
    """Write each good result with ``writer``; pass each failed source to ``on_error``.

    ``output`` is a file, a folder (``several`` sources of a per-article format) or None for standard
    output. One stream file (jsonl, terminal) is renamed into place only if at least one article was
    written, so a run where every source fails keeps an old file. ``on_done`` is called once per source.
    """
    check_target(writer, output, several)
    done = Written()
    used: set[str] = set()

    def failed(source: str, exc: UnspinError) -> None:
        done.failed += 1
        on_error(source, exc)
        on_done()

    with contextlib.ExitStack() as stack:
        stream: TextIO | None = None
        existed = output is not None and output.is_file()
        if not writer.per_article and output is not None:
            try:
                stream = stack.enter_context(atomic_output(output))
            except OSError as exc:
                raise cannot_write(output, exc) from None
        for result in results:
            article = result.article
            if article is None:
                failed(result.source, result.error or UnspinError("failed"))
                continue
            try:
                if stream is not None:
                    text = writer.render(article)
                    stream.write((writer.separator if done.written else "") + text)
                    stream.flush()
                elif writer.per_article:
                    target = (
                        output / _output_name(article, result.source, writer.suffix, used)
                        if (several and output is not None)
                        else output
                    )
                    write_text(target, writer.render(article))
                    if target is not None:
                        done.files.append(target)
                else:
                    writer.show(article, sys.stdout)
            except UnspinError as exc:
                failed(result.source, exc)
                continue
            except OSError as exc:
                if output is None:
                    raise
                raise cannot_write(output, exc) from None
            done.written += 1
            on_done()
        if done.failed and not done.written:
            # Raising inside the stack discards a half-made stream file and keeps any old one.
            raise UnspinError(f"all {done.failed} sources failed; nothing was written")
    if stream is not None and output is not None:
        done.files.append(output)
        done.replaced = output if existed else None
    return done


def _output_name(article: Article, source: str, suffix: str, used: set[str]) -> str:
    """A file name in the output folder for one article: its source file's stem, else its id."""
    stem = Path(source).stem if not source.startswith(("http://", "https://")) and source != "-" else ""
    stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem)[:80] or article.id
    name = f"{stem}{suffix}"
    if name in used:
        name = f"{stem}-{article.id}{suffix}"
    used.add(name)
    return name


# --- the formats whose renderers live in modules of their own -------------------------------------------


@register_writer
class TerminalWriter(Writer):
    name = "terminal"
    suffix = ".txt"
    description = "Coloured text view with a summary (plain text in a file)."
    separator = "\n"

    def render(self, article: Article) -> str:
        from rich.console import Console

        from unspin.report.terminal import render_terminal

        with open(os.devnull, "w") as devnull:
            console = Console(record=True, width=100, file=devnull)
            render_terminal(article, console, details=self.details)
            return console.export_text()

    def show(self, article: Article, stream: TextIO) -> None:
        from rich.console import Console

        from unspin.report.terminal import render_terminal

        render_terminal(article, Console(file=stream, highlight=False), details=self.details)


@register_writer
class HtmlWriter(Writer):
    name = "html"
    suffix = ".html"
    description = "One self-contained offline HTML page per article."
    per_article = True

    def render(self, article: Article) -> str:
        from unspin.report.html import render_html

        return render_html(article)
