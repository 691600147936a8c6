"""The pipeline: the analyzers chosen for a run, run over articles in dependency order.

Analyzers and their registry live in :mod:`unspin.analyzer`. The pipeline takes them in the registry's
dependency order, so they never call each other, and shares one preprocessing pass through
``Article.cache``.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from unspin.analyzer import Analyzer, registered
from unspin.article import Article
from unspin.errors import ModelNotInstalledError, UnspinError

if TYPE_CHECKING:
    from unspin.workers import WorkerPool


def _split_names(values: Iterable[str] | None) -> list[str]:
    return [n.strip() for v in values or () for n in v.split(",") if n.strip()]


class Pipeline:
    """The analyzers chosen for a run, in dependency order, each built once.

    ``only`` picks analyzers (their requirements come along), ``skip`` drops some of the defaults;
    ``config`` passes keyword arguments to an analyzer's constructor, by analyzer name. ``jobs`` is the
    number of worker processes :meth:`pipe` spreads batches over (1: none, 0: one per CPU core); close
    the pipeline (or use it as a context manager) to stop them.
    """

    def __init__(
        self,
        only: Sequence[str] | None = None,
        skip: Sequence[str] | None = None,
        config: dict[str, dict[str, Any]] | None = None,
        jobs: int = 1,
    ) -> None:
        self.spec = PipelineSpec(tuple(only or ()), tuple(skip or ()), dict(config or {}))
        self.jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
        self._workers: WorkerPool | None = None
        classes = registered()
        picked, skipped = _split_names(only), set(_split_names(skip))
        for name in [*picked, *skipped]:
            if name not in classes:
                raise UnspinError(f"unknown analyzer {name!r}; known: {', '.join(classes)}")
        explicit = bool(picked)
        wanted = set(picked) if picked else {n for n, c in classes.items() if c.default}
        wanted -= skipped
        # Pull in requirements, transitively.
        stack = list(wanted)
        while stack:
            for dep in classes[stack.pop()].requires:
                if dep in skipped:
                    raise UnspinError(f"cannot skip {dep!r}: another chosen analyzer requires it")
                if dep not in wanted:
                    wanted.add(dep)
                    stack.append(dep)
        config = config or {}
        self.analyzers: list[Analyzer] = []
        self.unavailable: dict[str, str] = {}
        for name in (n for n in classes if n in wanted):
            analyzer = classes[name](**config.get(name, {}))
            status = analyzer.available()
            if status.ok:
                self.analyzers.append(analyzer)
            elif explicit and name in picked:
                raise ModelNotInstalledError(f"analyzer {name!r} cannot run: {status.detail}")
            else:
                self.unavailable[name] = status.detail
        missing_deps = {a.name: d for a in self.analyzers for d in a.requires if d in self.unavailable}
        if missing_deps:
            name, dep = next(iter(missing_deps.items()))
            raise ModelNotInstalledError(f"analyzer {name!r} needs {dep!r}, which cannot run")

    @property
    def names(self) -> list[str]:
        return [a.name for a in self.analyzers]

    def __call__(self, article: Article) -> Article:
        """Analyse one article in this process (its cache keeps the shared passes for later reads)."""
        versions = dict(article.summary.get("analyzers", {}))
        for analyzer in self.analyzers:
            annotations = article.set_layer(analyzer.name, analyzer.annotate(article))
            article.summary[analyzer.name] = analyzer.summarize(article, annotations)
            versions[analyzer.name] = analyzer.version
        article.summary["analyzers"] = versions
        if self.unavailable:
            article.summary["skipped"] = dict(self.unavailable)
        return article

    def pipe(self, articles: Iterable[Article], batch_size: int = 4) -> Iterator[Article]:
        """Analyse a stream of articles, yielding each in input order once it is done.

        Articles go in batches of ``batch_size``, so analyzers can share batched work
        (:meth:`Analyzer.prepare`). With ``jobs`` > 1 the batches run in worker processes and come back
        as copies. Either way a yielded article has an empty cache: a corpus run holds no parses or
        encoder states.
        """
        if batch_size < 1:
            raise UnspinError("batch size must be at least 1")
        if self.jobs == 1:
            for batch in _batches(articles, batch_size):
                yield from self.run_batch(batch)
            return
        # The last articles go one at a time, so that the workers finish together rather than one
        # waiting while another works through a whole batch.
        for batch in self._pool().map(_batches(articles, batch_size, tail=2 * self.jobs)):
            yield from batch

    def start(self) -> None:
        """Start the worker processes now (with ``jobs`` > 1; :meth:`pipe` otherwise starts them when
        first needed), so that they start while this process does other things, and before it
        starts any thread (workers are forked only from a process without one: :mod:`unspin.workers`)."""
        if self.jobs > 1:
            self._pool()

    def preload(self) -> None:
        """Load what the analyzers share with forked workers (:meth:`Analyzer.preload`)."""
        for analyzer in self.analyzers:
            analyzer.preload()

    def _pool(self) -> WorkerPool:
        if self._workers is None:
            from unspin.workers import WorkerPool

            self._workers = WorkerPool(self.spec, self.jobs, preload=self.preload)
        return self._workers

    def run_batch(self, batch: Sequence[Article]) -> list[Article]:
        """Analyse a batch in this process: shared work first, then each article; caches emptied."""
        for analyzer in self.analyzers:
            analyzer.prepare(batch)
        for article in batch:
            self(article)
            article.cache.clear()
        return list(batch)

    def close(self, abandon: bool = False) -> None:
        """Stop the worker processes, if any were started (``abandon``: without finishing their work)."""
        if self._workers is not None:
            self._workers.close(abandon)
            self._workers = None

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        self.close(abandon=exc_type is not None)


@dataclass(frozen=True)
class PipelineSpec:
    """What a pipeline was built from, so a worker process can build the same one."""

    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    config: dict[str, dict[str, Any]] = field(default_factory=dict)

    def build(self) -> Pipeline:
        return Pipeline(only=self.only, skip=self.skip, config=self.config)


def _batches(items: Iterable[Article], size: int, tail: int = 0) -> Iterator[list[Article]]:
    """``items`` in batches of ``size``, the last ``tail`` of them in batches of one (reading
    ``tail`` items ahead to know which are last)."""
    ahead: deque[Article] = deque()
    for item in items:
        ahead.append(item)
        if len(ahead) == size + tail:
            yield [ahead.popleft() for _ in range(size)]
    if len(ahead) > tail:
        yield [ahead.popleft() for _ in range(len(ahead) - tail)]
    for item in ahead:
        yield [item]
