"""The pages: analyse (paste text or a URL, read the report), sign-in, and the API docs.

Forms post with a CSRF token (double submit: a ``SameSite=Strict`` cookie and a hidden field that must
match). Every page sends the strict policy of :mod:`unspin.serve.security`; a page showing a report
adds one nonce for the report's style block and nothing else. Templates autoescape everything.
"""

from __future__ import annotations

import functools
import hmac
import secrets
from typing import Any

import jinja2
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from unspin import __version__
from unspin.errors import UnspinError
from unspin.serve.errors import ApiError
from unspin.serve.inputs import ArticleInput, to_article
from unspin.serve.security import CSP, CSRF_COOKIE, SESSION_COOKIE, session_ok, session_value, token_ok
from unspin.serve.ui.report import ASSETS, asset, render_fragment
from unspin.serve.ui.worldmap import places_of, svg

router = APIRouter(include_in_schema=False)
_FORM_FIELDS = ("text", "url", "title", "outlet", "published")


@functools.cache
def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("unspin.serve.ui", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["version"] = __version__
    return env


def swagger_dir() -> str:
    """Swagger UI's files as shipped by the ``swagger-ui-bundle`` package (no CDN)."""
    import swagger_ui_bundle

    return str(swagger_ui_bundle.swagger_ui_path)


def _csrf(request: Request) -> tuple[str, bool]:
    """The client's CSRF token, or a new one (``True``: the response must set the cookie)."""
    token = request.cookies.get(CSRF_COOKIE)
    if token and 20 <= len(token) <= 100:
        return token, False
    return secrets.token_urlsafe(24), True


def _check_csrf(request: Request, form: FormData) -> None:
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    given = form.get("csrf")
    if not cookie or not isinstance(given, str) or not hmac.compare_digest(cookie.encode(), given.encode()):
        raise ApiError(403, "the form has expired; reload the page and try again")


def page(
    request: Request, template: str, status: int = 200, style: str | None = None, **context: Any
) -> Response:
    """Render ``template``; ``style`` (a report's stylesheet) goes inline under a fresh nonce."""
    context.setdefault("map", None)
    csrf, new = _csrf(request)
    nonce = secrets.token_urlsafe(16) if style is not None else None
    config = request.app.state.config
    signed_in = session_ok(config, request.cookies.get(SESSION_COOKIE))
    html = (
        _templates()
        .get_template(template)
        .render(
            csrf=csrf,
            nonce=nonce,
            style=style,
            needs_token=not signed_in,
            path=request.url.path,
            has_store=getattr(request.app.state, "store", None) is not None,
            **context,
        )
    )
    response = HTMLResponse(html, status_code=status)
    if nonce is not None:
        response.headers["content-security-policy"] = CSP.replace(
            "style-src 'self'", f"style-src 'self' 'nonce-{nonce}'"
        )
    if new:
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/")
    response.headers["cache-control"] = "no-store"
    return response


@router.get("/", response_class=HTMLResponse)
def analyse_page(request: Request) -> Response:
    return page(request, "analyse.html", form={}, error=None, report=None)


@router.post("/analyse", response_class=HTMLResponse)
async def analyse_form(request: Request) -> Response:
    form = await request.form()
    _check_csrf(request, form)
    values = {
        name: str(form.get(name) or "").strip("\r\n") if name == "text" else str(form.get(name) or "").strip()
        for name in _FORM_FIELDS
    }
    config = request.app.state.config
    if not session_ok(config, request.cookies.get(SESSION_COOKIE)):
        return page(
            request,
            "analyse.html",
            401,
            form=values,
            error="Sign in with the server's token first.",
            report=None,
        )
    if values["text"] and values["url"]:
        return page(
            request,
            "analyse.html",
            422,
            form=values,
            report=None,
            error="Give either the article's text or its URL, not both.",
        )
    try:
        given = ArticleInput(**{k: v or None for k, v in values.items()})
        article = await run_in_threadpool(to_article, given, config.ingest)
        analysed = await request.app.state.analyst.analyse(article)
    except UnspinError as exc:
        return page(request, "analyse.html", 422, form=values, error=str(exc), report=None)
    except ApiError as exc:
        return page(request, "analyse.html", exc.status, form=values, error=exc.message, report=None)
    parts = render_fragment(analysed)
    title = analysed.title or "Untitled article"
    return page(
        request,
        "analyse.html",
        style=parts.style,
        form=values,
        error=None,
        report=parts.body,
        title=title,
        map=svg(places_of(analysed)),
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    return page(request, "login.html", error=None)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    form = await request.form()
    _check_csrf(request, form)
    config = request.app.state.config
    token = str(form.get("token") or "").strip()
    if not token_ok(config, token):
        return page(request, "login.html", 401, error="That is not this server's token.")
    response = RedirectResponse("/", status_code=303)
    if config.token is not None:
        response.set_cookie(SESSION_COOKIE, session_value(config), httponly=True, samesite="strict", path="/")
    return response


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> Response:
    return page(request, "docs.html")


@router.get("/static/report/{name}")
def report_asset(name: str) -> Response:
    """The report's own stylesheet and script, so server pages look and behave like the CLI's report."""
    if name not in ASSETS:
        raise ApiError(404, "not found")
    kind = "text/css" if name.endswith(".css") else "text/javascript"
    return PlainTextResponse(
        asset(name), media_type=f"{kind}; charset=utf-8", headers={"cache-control": "public, max-age=3600"}
    )
