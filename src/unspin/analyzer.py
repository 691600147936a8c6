"""The analyzer base class and the registry of analyzers, in dependency order.

An analyzer reads the article (and the layers it ``requires``) and writes exactly one layer, named after
itself. Analyzers register with :func:`register`; third-party packages add theirs through the
``unspin.analyzers`` entry-point group. :mod:`unspin.pipeline` picks and runs them.
"""

from __future__ import annotations

import graphlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from unspin.article import Annotation, Article
from unspin.errors import UnspinError
from unspin.registry import Registry


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

    def preload(self) -> None:
        """Load what :meth:`annotate` will need, before worker processes are forked from this one, so
        that they share it instead of each loading it again. Must start no thread (nor anything that
        does, such as an onnxruntime session): a forked copy of a thread can deadlock. Default: nothing.
        """

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
ANALYZERS: Registry[Analyzer] = Registry(
    "analyzer", builtins="unspin.analyzers", entry_points="unspin.analyzers"
)


def register(cls: A) -> A:
    """Class decorator: make an analyzer discoverable by name."""
    ANALYZERS.register(cls)
    return cls


def registered() -> dict[str, type[Analyzer]]:
    """All known analyzers by name, in dependency order (see :func:`dependency_order`)."""
    classes = ANALYZERS.classes()
    return {name: classes[name] for name in dependency_order(classes)}


def describe(layer: str, label: str) -> str | None:
    """The plain-language explanation of ``label`` in ``layer``, if its analyzer gives one."""
    cls = ANALYZERS.get(layer)  # no dependency order needed: a report asks this for every label it shows
    return cls.label_descriptions.get(label) if cls else None


def dependency_order(classes: dict[str, type[Analyzer]]) -> list[str]:
    """Names sorted so that every analyzer comes after what it requires.

    Among analyzers whose requirements are met, the first registered comes first, so the order (of runs,
    report legends and listings) is stable.
    """
    for name, cls in classes.items():
        unknown = [dep for dep in cls.requires if dep not in classes]
        if unknown:
            raise UnspinError(f"analyzer {name!r} requires unknown analyzer {unknown[0]!r}")
    sorter = graphlib.TopologicalSorter({name: cls.requires for name, cls in classes.items()})
    try:
        sorter.prepare()
    except graphlib.CycleError as exc:
        raise UnspinError(f"analyzer dependency cycle: {' → '.join(exc.args[1])}") from None
    rank = {name: i for i, name in enumerate(classes)}
    order: list[str] = []
    ready: list[str] = []
    while sorter.is_active():
        ready.extend(sorter.get_ready())
        ready.sort(key=rank.__getitem__)
        order.append(ready.pop(0))
        sorter.done(order[-1])
    return order
