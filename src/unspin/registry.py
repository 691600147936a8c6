"""Named classes of one kind — analyzers, output formats — found by name, third-party plugins included.

Both registries behave alike, as spaCy's do: the built-in classes register themselves when their package
is imported (on the first lookup), third-party packages add theirs through an entry-point group, and two
different classes under one name are an error. A plugin that fails to load prints a warning instead of
breaking the tool. Our own small class rather than ``catalogue`` (spaCy's registry library), which takes
a name at each call and lets a second registration replace the first silently: we register classes by
their own ``name`` and refuse a second class under a taken name.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import sys
from collections.abc import Iterator
from typing import ClassVar, Generic, Protocol, TypeVar


class Named(Protocol):
    """What a registered class has: the name it is found by."""

    name: ClassVar[str]


T = TypeVar("T", bound=Named)


class Registry(Generic[T]):
    """Classes by name, in registration order; ``builtins`` is the package whose import registers ours."""

    def __init__(self, kind: str, builtins: str, entry_points: str | None = None) -> None:
        self.kind = kind
        self.builtins = builtins
        self.entry_points = entry_points
        self._entries: dict[str, type[T]] = {}
        self._loaded = False

    def register(self, cls: type[T]) -> type[T]:
        """Add ``cls`` under its ``name``; the same class again is a no-op, another class an error."""
        existing = self._entries.get(cls.name)
        if existing is not None and existing is not cls:
            where = f"{existing.__module__} and {cls.__module__}"
            raise ValueError(f"two {self.kind}s named {cls.name!r}: {where}")
        self._entries[cls.name] = cls
        return cls

    def load(self) -> None:
        """Import the built-ins and the plugins, once."""
        if self._loaded:
            return
        self._loaded = True
        importlib.import_module(self.builtins)
        if self.entry_points is None:
            return
        for entry in importlib.metadata.entry_points(group=self.entry_points):
            try:
                self.register(entry.load())
            except Exception as exc:  # a broken plugin must not break the tool
                warning = f"{self.kind} plugin {entry.name!r} failed to load: {exc}"
                print(f"unspin: warning: {warning}", file=sys.stderr)

    def classes(self) -> dict[str, type[T]]:
        """Every registered class by name, in registration order."""
        self.load()
        return dict(self._entries)

    def names(self) -> tuple[str, ...]:
        self.load()
        return tuple(self._entries)

    def get(self, name: str) -> type[T] | None:
        self.load()
        return self._entries.get(name)

    def __contains__(self, name: object) -> bool:
        self.load()
        return name in self._entries

    @contextlib.contextmanager
    def override(self, *classes: type[T]) -> Iterator[None]:
        """Register ``classes`` (replacing those of the same name) until the block ends: tests, notebooks."""
        self.load()
        saved = dict(self._entries)
        self._entries.update({cls.name: cls for cls in classes})
        try:
            yield
        finally:
            self._entries.clear()
            self._entries.update(saved)
