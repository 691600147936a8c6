"""Where a model folder is, which of its files are missing, and its ``model.json``.

Every shipped model (techniques, claims) is a folder inside ``unspin/models/``, which an environment
variable or an analyzer argument may replace; this is the one place that finds it and checks it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from unspin.analyzer import Availability
from unspin.errors import ModelNotInstalledError

META = "model.json"


@dataclass(frozen=True)
class ModelFolder:
    """One kind of model folder: ``kind`` names it in messages, ``env_var`` may point elsewhere,
    ``shipped`` is its folder under ``unspin/models``, ``files`` are what every copy holds and
    ``listed_files`` reads the further files a ``model.json`` names (for instance one encoder per
    network of an ensemble)."""

    kind: str
    env_var: str
    shipped: str
    files: tuple[str, ...]
    listed_files: Callable[[dict[str, Any]], Iterable[str]] | None = None

    def default_path(self) -> Path:
        """``$env_var`` if set, else the model shipped inside the package."""
        env = os.environ.get(self.env_var)
        if env:
            return Path(env)
        return Path(str(resources.files("unspin") / "models" / self.shipped))

    def path(self, given: str | os.PathLike[str] | None = None) -> Path:
        """The folder given, else :meth:`default_path`."""
        return Path(given) if given else self.default_path()

    def missing(self, path: Path, extra: Iterable[str] = ()) -> list[str]:
        """The files ``path`` lacks among ``files``, ``extra`` and those its ``model.json`` names
        (just ``a readable model.json`` when that file cannot be read)."""
        missing = [name for name in (*self.files, *extra) if not (path / name).is_file()]
        if self.listed_files is None or META in missing:
            return missing
        try:
            listed = list(self.listed_files(self.read_meta(path)))
        except (ModelNotInstalledError, KeyError, TypeError, ValueError):
            return [f"a readable {META}"]
        return missing + [name for name in listed if not (path / name).is_file()]

    def available(self, path: Path, extra: Iterable[str] = ()) -> Availability:
        """Whether the folder holds everything (the detail says what it lacks, or where it is)."""
        missing = self.missing(path, extra)
        if missing:
            return Availability(False, f"{path} lacks {', '.join(missing)}")
        return Availability(True, str(path))

    def require(self, path: Path, extra: Iterable[str] = ()) -> None:
        """Raise :class:`ModelNotInstalledError` naming what ``path`` lacks, if anything."""
        missing = self.missing(path, extra)
        if missing:
            raise ModelNotInstalledError(f"{self.kind} model at {path} lacks {', '.join(missing)}")

    def read_meta(self, path: Path) -> dict[str, Any]:
        """The folder's ``model.json`` (a :class:`ModelNotInstalledError` when unreadable)."""
        try:
            meta = json.loads((path / META).read_text(encoding="utf-8"))
        except (ValueError, OSError) as exc:
            raise ModelNotInstalledError(f"{self.kind} model at {path} is unreadable: {exc}") from None
        if not isinstance(meta, dict):
            raise ModelNotInstalledError(f"{self.kind} model at {path} is unreadable: {META} is no object")
        return meta
