"""``unspin serve``: the analysis over HTTP, a JSON API and a web UI for people who never open a terminal.

:func:`create_app` builds the FastAPI app for a :class:`ServeConfig`; the ``serve`` command runs it on
uvicorn. One warm pipeline (:class:`~unspin.serve.analysis.Analyst`) serves every request.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from unspin.serve.app import create_app
    from unspin.serve.config import ServeConfig

__all__ = ["ServeConfig", "create_app"]
_MODULES = {"ServeConfig": "unspin.serve.config", "create_app": "unspin.serve.app"}


def __getattr__(name: str) -> Any:
    """Load the server on first use: the ``unspin`` command imports this package for ``serve`` alone, and
    ``unspin analyze`` (with each worker process it starts) should not pay for FastAPI."""
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_MODULES[name]), name)
