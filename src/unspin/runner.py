"""Sources in, analysed articles out: the one road from "these files and URLs" to results.

The CLI, the store's runs and the server all go through :class:`Runner`, so they read sources, apply
metadata overrides, batch, spread work over worker processes and report per-source failures the same way:

>>> from unspin.runner import Runner, RunOptions
>>> with Runner(RunOptions(only=("sentences",))) as runner:          # doctest: +SKIP
...     for result in runner.run(["a.txt", "https://example.com/news/1"]):
...         print(result.source, result.article.id if result.ok else result.error)

Results come back in input order, one per source: an analysed :class:`~unspin.article.Article`, or the
:class:`~unspin.errors.UnspinError` that stopped that source (it never stops the others). Errors that are
not the input's fault (bugs) are raised, not reported per source.
"""

from __future__ import annotations

import collections
from collections.abc import Iterable, Iterator, Sized
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO

from unspin.article import Article
from unspin.errors import InputError, UnspinError
from unspin.ingest import IngestOptions, load
from unspin.pipeline import Pipeline

STDIN = "-"


def iso_published(value: str) -> str:
    """``value`` as an ISO date (``2026-03-14``) or date-time; :class:`InputError` if it is neither."""
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise InputError(f"{value!r} is not an ISO date such as 2026-03-14") from None
    return parsed.date().isoformat() if len(value) <= 10 else parsed.isoformat()


@dataclass(frozen=True)
class Overrides:
    """Metadata the user supplies, replacing what ingestion found (None: keep what was found)."""

    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None

    def __post_init__(self) -> None:
        if self.published is not None:  # refuse a bad date before any source is read
            object.__setattr__(self, "published", iso_published(self.published))

    def apply(self, article: Article) -> Article:
        for name in ("title", "url", "outlet", "published"):
            value = getattr(self, name)
            if value is not None:
                setattr(article, name, value)
        return article


@dataclass(frozen=True)
class RunOptions:
    """Everything a run needs besides its sources.

    ``only``/``skip`` pick analyzers as :class:`~unspin.pipeline.Pipeline` does; ``jobs`` is the number of
    worker processes for runs of several sources (1: none, 0: one per CPU core); articles are analysed
    ``batch_size`` at a time so analyzers can share batched work (one spaCy parse per batch).
    """

    ingest: IngestOptions = field(default_factory=IngestOptions)
    overrides: Overrides = field(default_factory=Overrides)
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    jobs: int = 1
    batch_size: int = 4


@dataclass(frozen=True)
class Result:
    """What became of one source: its analysed article, or the error that stopped it."""

    source: str  # as given: a path, an URL or "-"
    article: Article | None = None
    error: UnspinError | None = None

    @property
    def ok(self) -> bool:
        return self.article is not None


class Runner:
    """Analyses sources with one pipeline; use it as a context manager to stop its worker processes."""

    def __init__(self, options: RunOptions | None = None, *, stdin: BinaryIO | None = None) -> None:
        self.options = options or RunOptions()
        self._stdin = stdin
        self.pipeline = Pipeline(only=self.options.only, skip=self.options.skip, jobs=self.options.jobs)

    @property
    def unavailable(self) -> dict[str, str]:
        """Analyzers left out because they cannot run here (name → why), for a note to the user."""
        return self.pipeline.unavailable

    def start(self) -> None:
        """Start the worker processes now rather than at the first run of several sources
        (:meth:`Pipeline.start <unspin.pipeline.Pipeline.start>`)."""
        self.pipeline.start()

    def load(self, source: str) -> Article:
        """Read one source and apply the metadata overrides (no analysis)."""
        return load_source(source, self.options, stdin=self._stdin)

    def run(self, sources: Iterable[str | Article]) -> Iterator[Result]:
        """One :class:`Result` per source, in input order, each yielded as soon as it and all before it
        are done. A sized collection of at most one source never starts worker processes.

        A source is a path, an URL or "-", or an :class:`Article` already read (by a server or from a
        store), which only gets the overrides; its result's ``source`` is the article's, else "input".
        """
        check_sources(sources)
        waiting: collections.deque[Result] = collections.deque()  # one per source read, in order

        def articles() -> Iterator[Article]:
            for source in sources:
                if isinstance(source, Article):
                    waiting.append(Result(source.source or "input"))
                    yield self.options.overrides.apply(source)
                    continue
                try:
                    article = self.load(source)
                except UnspinError as exc:
                    waiting.append(Result(source, error=exc))
                    continue
                waiting.append(Result(source))
                yield article

        analysed: Iterable[Article]
        if isinstance(sources, Sized) and len(sources) <= 1:
            batch = list(articles())
            analysed = self.pipeline.run_batch(batch) if batch else []
        else:
            analysed = self.pipeline.pipe(articles(), self.options.batch_size)
        # Articles come back in input order, so each one belongs to the oldest source still waiting
        # for its article; failed sources before it are reported first.
        for article in analysed:
            while waiting[0].error is not None:
                yield waiting.popleft()
            yield Result(waiting.popleft().source, article=article)
        yield from waiting

    def analyse(self, articles: Iterable[Article]) -> Iterator[Result]:
        """:meth:`run` for articles already read: one :class:`Result` each, in input order."""
        return self.run(articles)

    def close(self, abandon: bool = False) -> None:
        """Stop the worker processes, if any (``abandon``: without letting them finish)."""
        self.pipeline.close(abandon)

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        self.close(abandon=exc_type is not None)


def load_source(source: str, options: RunOptions, *, stdin: BinaryIO | None = None) -> Article:
    """Read one source with ``options``' limits and apply its metadata overrides (no analysis)."""
    return options.overrides.apply(load(source, options.ingest, stdin=stdin))


def check_sources(sources: Iterable[str | Article]) -> None:
    """Refuse what no run can do: standard input named twice (it can be read only once)."""
    if isinstance(sources, Sized) and sum(1 for s in sources if isinstance(s, str) and s == STDIN) > 1:
        raise InputError("standard input ('-') can be read only once")
