"""Service routes: ``/healthz`` for probes and ``/metrics`` for Prometheus."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse

from unspin import __version__

router = APIRouter(tags=["service"])


@router.get("/healthz", summary="Liveness and readiness")
def healthz(request: Request) -> dict[str, Any]:
    """``ok`` once the models are loaded; lists the analyzers and the analysis queue length."""
    analyst = request.app.state.analyst
    return {"status": "ok", "version": __version__, "analyzers": analyst.analyzers, "queue": analyst.pending}


@router.get("/metrics", summary="Prometheus metrics", response_class=PlainTextResponse)
def metrics(request: Request) -> PlainTextResponse:
    """Requests, latency, articles analysed and queue length in the Prometheus text format."""
    return PlainTextResponse(request.app.state.metrics.render(), media_type="text/plain; version=0.0.4")
