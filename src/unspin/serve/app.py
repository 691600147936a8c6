"""The FastAPI application: API routers, UI pages, vendored static files, guard and error handlers."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from unspin import __version__
from unspin.serve import errors
from unspin.serve.analysis import Analyst
from unspin.serve.api import analyze, store, system, writes
from unspin.serve.config import ServeConfig
from unspin.serve.jobs import Jobs
from unspin.serve.metrics import Metrics
from unspin.serve.security import Guard
from unspin.serve.ui import corpus, pages
from unspin.store import open_store

DESCRIPTION = """Analyse news articles for propaganda techniques, claims and their sources, figures,
entities, places and events. Every error is `{"error": {"status": …, "message": …}}`. Writes need the
server's token (`Authorization: Bearer …`) when it has one."""


def create_app(config: ServeConfig | None = None, *, analyst: Analyst | None = None) -> FastAPI:
    """A ready app; models load when it starts (the lifespan), unless a started ``analyst`` is given."""
    config = config or ServeConfig()
    metrics = analyst.metrics if analyst is not None else Metrics()
    own_analyst = analyst is None

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if own_analyst:
            app.state.analyst = Analyst(config, metrics)
        app.state.analyst.start()
        if app.state.store is not None:  # jobs left unfinished by a stopped server resume now
            app.state.jobs = Jobs(app.state.store, app.state.analyst, config)
            app.state.jobs.start()
        try:
            yield
        finally:
            if app.state.jobs is not None:
                app.state.jobs.stop()
            if own_analyst:
                app.state.analyst.stop()
            if app.state.store is not None:
                app.state.store.close()

    app = FastAPI(
        title="unspin",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # the stock pages load Swagger UI from a CDN; ui.pages serves a vendored copy
        redoc_url=None,
        lifespan=lifespan,
    )
    app.openapi_version = "3.0.3"  # the vendored Swagger UI (4.x) reads 3.0 documents; nothing needs 3.1
    app.state.config = config
    app.state.store = open_store(config.db) if config.db else None  # a bad --db fails here, as one line
    app.state.metrics = metrics
    app.state.jobs = None
    if analyst is not None:
        app.state.analyst = analyst
    errors.install(app)
    app.include_router(analyze.router)
    app.include_router(store.router)
    app.include_router(writes.router)
    app.include_router(system.router)
    app.include_router(pages.router)
    app.include_router(corpus.router)
    static = resources.files("unspin.serve.ui") / "static"
    app.mount("/static/swagger", StaticFiles(directory=pages.swagger_dir()), name="swagger")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_middleware(Guard, config=config, metrics=metrics)
    return app
