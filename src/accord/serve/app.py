"""The web application ``accord serve`` runs: the HTTP API and the dashboard.

    from accord.serve import create_app
    app = create_app("accord.duckdb")          # then: uvicorn.run(app)

``create_app`` opens the database read-only (a pool of connections, see ``pool.py``),
sets what every response shares (errors as JSON, security headers), and then lets
every plugin add its routes through the ``accord_routes`` hook. Accord's own API and
dashboard are plugins too (``accord.serve.routes``), so an outside package adds
pages or endpoints exactly the way the built-in ones are added. Route handlers reach
the database through ``request.app.state.databases`` (a ``DatabasePool``).

Errors. An Accord error becomes ``{"error": {"code": "E401", "message": "...",
"parameter": "dyad"}}``: a filter that makes no sense is 400, a request FastAPI
cannot parse (``limit=abc``) 422, an unknown id or path 404, a database that
cannot be read 503. Dashboard pages get the same status with a short HTML page.
"""

from __future__ import annotations

import html
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import AccordError, NotFoundError, QueryError, StoreError
from ..plugins import plugin_manager
from .pool import DatabasePool

__all__ = ["create_app", "error_body", "SecurityHeaders", "SECURITY_HEADERS", "API_PREFIX"]

logger = logging.getLogger("accord.serve")

API_PREFIX = "/api"

# Every script, style, image and map shape comes from this server: the dashboard must
# work offline, and a page that can load nothing from elsewhere cannot leak either.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}

DESCRIPTION = """\
Read-only access to an Accord database: CAMEO/PLOVER events with the sentence and
character span each came from, actors, articles, reported figures and their targets,
and the summaries the dashboard draws (series, dyads, partners, places).

Every list endpoint answers JSON, or CSV with `?format=csv` or `Accept: text/csv`.
Errors are JSON: `{"error": {"code": "E401", "message": "...", "parameter": "dyad"}}`.
"""


def create_app(db_target: str | Path, *, pool_size: int = 4) -> FastAPI:
    """The API and dashboard over the database at ``db_target`` (opened read-only).

    Raises ``StoreError`` at once if the database cannot be opened.
    """
    databases = DatabasePool(db_target, size=pool_size)
    databases.check()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        databases.close()

    # No /docs or /redoc: FastAPI's pages load their scripts from a CDN, and the
    # dashboard must not. The OpenAPI description itself is served at /openapi.json.
    app = FastAPI(
        title="Accord",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.databases = databases
    _add_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    plugin_manager().hook.accord_routes(app=app)
    return app


# -- errors -------------------------------------------------------------------------


def _status(exc: AccordError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, QueryError):
        return 400
    if isinstance(exc, StoreError):
        return 503
    return 500


def error_body(code: str, message: str, parameter: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if parameter:
        error["parameter"] = parameter
    return {"error": error}


def _wants_html(request: Request) -> bool:
    """Dashboard pages answer errors as HTML; the API and static files as JSON."""
    path = request.url.path
    return not (path.startswith(API_PREFIX + "/") or path == API_PREFIX or path.startswith("/static/"))


def _error_page(status: int, message: str, headers: dict[str, str]) -> HTMLResponse:
    body = (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{status} · Accord</title><link rel=\"stylesheet\" href=\"/static/css/accord.css\">"
        "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\"></head>"
        "<body><main class=\"page error-page\">"
        f"<h1>{status}</h1><p class=\"error-message\">{html.escape(message)}</p>"
        "<p><a href=\"/\">Back to the overview</a></p></main></body></html>"
    )
    return HTMLResponse(body, status_code=status, headers=headers)


def _respond(request: Request, status: int, code: str, message: str, parameter: str | None = None) -> Response:
    # The headers are set here too: a 500 is answered outside the middleware that adds them.
    if _wants_html(request):
        return _error_page(status, message, headers=SECURITY_HEADERS)
    return JSONResponse(error_body(code, message, parameter), status_code=status, headers=SECURITY_HEADERS)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AccordError)
    async def accord_error(request: Request, exc: AccordError) -> Response:
        status = _status(exc)
        if status >= 500:
            logger.error("%s %s: %s", request.method, request.url.path, exc)
        # A QueryError's item is the parameter it is about; other errors name a record.
        parameter = exc.item if isinstance(exc, QueryError) and not isinstance(exc, NotFoundError) else None
        message = f"{exc.item}: {exc.reason}" if exc.item else exc.reason
        return _respond(request, status, exc.code, message, parameter)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0]
        # loc is ("query", "limit") or ("path", "event_id"): the last part names the parameter.
        location = [str(part) for part in first.get("loc", ())]
        parameter = location[-1] if location else None
        given = first.get("input")
        shown = f" (got {given!r})" if isinstance(given, (str, int, float)) else ""
        message = f"{parameter}: {first.get('msg', 'is not valid')}{shown}"
        return _respond(request, 422, QueryError.code, message, parameter)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            message = f"nothing here: {request.url.path}"
            code = NotFoundError.code
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}; the API is read-only (GET)"
            code = QueryError.code
        else:
            message = str(exc.detail)
            code = AccordError.code
        response = _respond(request, exc.status_code, code, message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        logger.exception("%s %s failed", request.method, request.url.path)
        return _respond(request, 500, AccordError.code, "internal error; the server log has the details")


# -- headers --------------------------------------------------------------------------


class SecurityHeaders:
    """ASGI middleware that adds ``SECURITY_HEADERS`` (and ``Vary: Accept`` on the API)
    to every response that does not set them itself."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_api = scope["path"].startswith(API_PREFIX + "/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if is_api:
                    # The same URL answers JSON or CSV by the Accept header.
                    headers.setdefault("Vary", "Accept")
            await send(message)

        await self.app(scope, receive, send_with_headers)
