"""``unspin serve``: the analysis over HTTP, a JSON API and a web UI for people who never open a terminal.

:func:`create_app` builds the FastAPI app for a :class:`ServeConfig`; the ``serve`` command runs it on
uvicorn. One warm pipeline (:class:`~unspin.serve.analysis.Analyst`) serves every request.
"""

from unspin.serve.app import create_app
from unspin.serve.config import ServeConfig

__all__ = ["ServeConfig", "create_app"]
