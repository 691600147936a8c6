"""The analyzer registry and the pipeline that runs analyzers over an article.

An analyzer reads the article (and the layers it ``requires``) and writes exactly one layer, named after
itself. Analyzers register with :func:`register`; third-party packages add theirs through the
``unspin.analyzers`` entry-point group. The pipeline orders them by what they require, so they never call
each other, and shares one preprocessing pass through ``Article.cache``.
"""

from __future__ import annotations

import functools
import importlib.metadata
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from unspin.article import Annotation, Article
from unspin.errors import ModelNotInstalledError, UnspinError

if TYPE_CHECKING:
    from unspin.workers import WorkerPool


@dataclass(frozen=True, slots=True)
class Availability:
    """Whether an analyzer can run here, and what it runs on (model path, or why not)."""

    ok: bool
    detail: str = ""


class Analyzer:
    """Base class of analyzers: subclasses set the class attributes and implement :meth:`annotate`."""

    name: ClassVar[str]
    version: ClassVar[str]
    description: ClassVar[str] = ""
    requires: ClassVar[tuple[str, ...]] = ()
    default: ClassVar[bool] = True  # run when the user does not pick analyzers
    # Plain-language explanation of each label, shown in legends and on hover in every report.
    label_descriptions: ClassVar[dict[str, str]] = {}
    # Highlight this layer's spans in reports (structural layers such as sentences stay plain).
    highlight: ClassVar[bool] = True
    # Summary keys written to JSON but left out of the terminal and HTML reports (long machine lists).
    summary_json_only: ClassVar[frozenset[str]] = frozenset()

    def available(self) -> Availability:
        return Availability(True)

    def prepare(self, articles: Sequence[Article]) -> None:
        """Work shared by a batch of articles, done once before each is annotated (a batched parse, say).

        The results go in each ``Article.cache``; :meth:`annotate` must give the same answer without it.
        """

    def annotate(self, article: Article) -> list[Annotation]:
        raise NotImplementedError

    def summarize(self, article: Article, annotations: list[Annotation]) -> dict[str, Any]:
        return {"count": len(annotations)}

    def make(
        self,
        article: Article,
        start: int,
        end: int,
        label: str,
        score: float | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> Annotation:
        """An annotation over ``article.text[start:end]`` stamped with this analyzer's name and version."""
        return article.span(
            start, end, label, score=score, attrs=attrs, analyzer=self.name, version=self.version
        )


A = TypeVar("A", bound=type[Analyzer])
_REGISTRY: dict[str, type[Analyzer]] = {}


def register(cls: A) -> A:
    """Class decorator: make an analyzer discoverable by name."""
    existing = _REGISTRY.get(cls.name)
    if existing is not None and existing is not cls:
        raise ValueError(f"two analyzers named {cls.name!r}: {existing.__module__} and {cls.__module__}")
    _REGISTRY[cls.name] = cls
    return cls


@functools.cache
def _load_plugins() -> None:
    import unspin.analyzers  # noqa: F401  (registers the built-in analyzers)

    for entry in importlib.metadata.entry_points(group="unspin.analyzers"):
        try:
            register(entry.load())
        except Exception as exc:  # a broken plugin must not break the tool
            print(f"unspin: warning: analyzer plugin {entry.name!r} failed to load: {exc}", file=sys.stderr)


def registered() -> dict[str, type[Analyzer]]:
    """All known analyzers by name, in dependency order."""
    _load_plugins()
    return {name: _REGISTRY[name] for name in _order(_REGISTRY)}


def describe(layer: str, label: str) -> str | None:
    """The plain-language explanation of ``label`` in ``layer``, if its analyzer gives one."""
    cls = registered().get(layer)
    return cls.label_descriptions.get(label) if cls else None


def _order(classes: dict[str, type[Analyzer]]) -> list[str]:
    """Names sorted so that every analyzer comes after what it requires (stable otherwise)."""
    done: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            raise UnspinError(f"analyzer dependency cycle through {name!r}")
        if name not in classes:
            raise UnspinError(f"unknown analyzer {name!r}")
        visiting.add(name)
        for dep in classes[name].requires:
            visit(dep)
        visiting.discard(name)
        done.append(name)

    for name in classes:
        visit(name)
    return done


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
        batches = _batches(articles, batch_size)
        if self.jobs == 1:
            for batch in batches:
                yield from self.run_batch(batch)
            return
        if self._workers is None:
            from unspin.workers import WorkerPool

            self._workers = WorkerPool(self.spec, self.jobs)
        for batch in self._workers.map(batches):
            yield from batch

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


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
