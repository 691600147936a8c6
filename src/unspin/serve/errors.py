"""One error shape for every failure: ``{"error": {"status": 4xx, "message": "…"}}``, never a traceback.

The message is one line meant for the person who sent the request; it never echoes the request body.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from unspin.errors import UnspinError

log = logging.getLogger("unspin.serve")


class ApiError(Exception):
    """A failure the client caused (4xx) or must wait out (503), with a message fit for one line."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = " ".join(message.split())
        self.headers = headers or {}


_REASONS = {
    400: "bad request",
    401: "a valid token is required",
    403: "forbidden",
    404: "not found",
    405: "method not allowed",
    413: "request body too large",
    415: "unsupported media type",
    422: "the input cannot be analysed (the message says why)",
    429: "too many requests",
    503: "busy or still starting; retry later",
}


class ErrorDetail(BaseModel):
    status: int
    message: str


class ErrorBody(BaseModel):
    """The one error shape, as documented in the OpenAPI schema."""

    error: ErrorDetail


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for a route that can fail with ``statuses``, all in the one error shape."""
    return {status: {"model": ErrorBody, "description": _REASONS.get(status, "error")} for status in statuses}


class BodyTooLarge(StarletteHTTPException):
    """A request body grew past the limit while the route was reading it (see ``security.Guard``).

    An HTTP exception, so FastAPI's body parsing passes it on instead of calling it a parse error.
    """

    def __init__(self, message: str) -> None:
        super().__init__(413, message)


def error_body(status: int, message: str) -> dict[str, Any]:
    return {"error": {"status": status, "message": message}}


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message), status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    """The first problem pydantic found, as ``field: what is wrong`` (the input itself is never echoed)."""
    for problem in exc.errors():
        where = ".".join(str(p) for p in problem.get("loc", ()) if p not in ("body", "query", "path"))
        what = str(problem.get("msg", "invalid value"))
        return f"{where}: {what}" if where else what
    return "invalid request"


def install(app: FastAPI) -> None:
    """Register the handlers that turn every exception into the one error shape."""

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.message, exc.headers)

    async def unspin_error(request: Request, exc: Exception) -> Response:
        return error_response(422, str(exc))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        detail = exc.detail if isinstance(exc.detail, str) and exc.status_code != 404 else None
        message = detail or _REASONS.get(exc.status_code, "error")
        return error_response(exc.status_code, message, dict(exc.headers or {}))

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error_response(422, _validation_message(exc))

    async def internal_error(request: Request, exc: Exception) -> Response:
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(500, "internal error (the server log has the details)")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(UnspinError, unspin_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, internal_error)
