"""The web application ``accord serve`` runs: the HTTP API and the dashboard.

    from accord.serve import create_app
    app = create_app("accord.duckdb")          # then: uvicorn.run(app)

``create_app`` opens the database read-only (a pool of connections, see ``pool.py``),
sets what every response shares (errors as JSON, security headers, a bound on request
bodies, CORS only for the origins the operator names), and then lets every plugin add
its routes through the ``accord_routes`` hook. Writing (``POST /api/articles``) is off
unless ``writing`` gives tokens; ``write.py`` says how it works. Accord's own API and
dashboard are plugins too (``accord.serve.routes``), so an outside package adds
pages or endpoints exactly the way the built-in ones are added. Route handlers reach
the database through ``request.app.state.databases`` (a ``DatabasePool``).

Errors. An Accord error becomes ``{"error": {"code": "E401", "message": "...",
"parameter": "dyad"}}``: a filter that makes no sense is 400, a request FastAPI
cannot parse (``limit=abc``) 422, an unknown id or path 404, a body above the limit
413, a database that cannot be read 503. A 5xx answer says only what went wrong in
general and that the server log has the details: no paths, SQL or stack traces.
Dashboard pages get the same status with a short HTML page.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import (
    AccordError,
    CoderBusyError,
    ConfigError,
    ModelError,
    NotFoundError,
    QueryError,
    StoreError,
    TooLargeError,
)
from ..plugins import plugin_manager
from .pool import DatabasePool

if TYPE_CHECKING:
    from .write import WriteSettings

__all__ = [
    "create_app",
    "error_body",
    "SecurityHeaders",
    "BodyLimit",
    "SECURITY_HEADERS",
    "API_PREFIX",
    "DEFAULT_MAX_BODY_BYTES",
]

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
# The largest request body read (the write endpoint's; other routes take none).
DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024
_ORIGIN = re.compile(r"^https?://[^/?#\s]+$")

DESCRIPTION = """\
Access to an Accord database: CAMEO/PLOVER events with the sentence and
character span each came from, actors, articles, reported figures and their targets,
and the summaries the dashboard draws (series, dyads, partners, places).

Every list endpoint answers JSON, or CSV with `?format=csv` or `Accept: text/csv`.
Errors are JSON: `{"error": {"code": "E401", "message": "...", "parameter": "dyad"}}`.
Everything is read-only (GET) except `POST /api/articles`, which the operator enables
with write tokens.
"""


def create_app(
    db_target: str | Path,
    *,
    pool_size: int = 4,
    writing: WriteSettings | None = None,
    cors_origins: Sequence[str] = (),
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> FastAPI:
    """The API and dashboard over the database at ``db_target``.

    Read-only unless ``writing`` is given: then ``POST /api/articles`` codes and stores
    articles for requests that carry one of its tokens, through one writing connection
    (``accord.store.open_store``: a DuckDB file, created if missing, or PostgreSQL).
    ``cors_origins`` are the web origins (``https://host:port``) whose pages may call the
    API from a browser; none by default. A request body above ``max_body_bytes`` is 413.

    Raises ``StoreError`` at once if the database cannot be opened, ``ConfigError`` for
    a CORS origin that is not one.
    """
    origins = _check_origins(cors_origins)
    if max_body_bytes < 1:
        raise ConfigError("the request body limit must be at least one byte")
    writer = None
    read_only = True
    if writing is not None:
        from ..store import open_store
        from .write import ArticleWriter

        # Opened before the readers: one process cannot hold a DuckDB file read-only and
        # read-write at once, so DuckDB readers become connections to the writer's database.
        store = open_store(db_target)
        writer = ArticleWriter(store, writing)
        read_only = store.backend.name != "duckdb"
    databases = DatabasePool(db_target, size=pool_size, read_only=read_only)
    try:
        databases.check()
    except BaseException:
        if writer is not None:
            writer.close()
        raise

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if writer is not None:
            writer.close()
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
    app.state.writer = writer
    app.state.max_body_bytes = max_body_bytes
    _add_error_handlers(app)
    # The last added runs first: every answer gets the security headers (preflights and
    # refusals too), CORS answers preflights, and bodies are bounded before any route reads one.
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    if origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"] if writer is not None else ["GET"],
            allow_headers=["Authorization", "Content-Type"] if writer is not None else [],
            expose_headers=["Link"],
            allow_credentials=False,
            max_age=600,
        )
    app.add_middleware(SecurityHeaders)
    plugin_manager().hook.accord_routes(app=app)
    return app


def _check_origins(origins: Sequence[str]) -> list[str]:
    """Origins as browsers send them: scheme, host and port, nothing after; or "*"."""
    checked: list[str] = []
    for origin in origins:
        value = origin.strip().rstrip("/")
        if value != "*" and not _ORIGIN.match(value):
            raise ConfigError(
                f"{origin!r} is not a web origin: give scheme, host and port, such as https://dash.example.org:8443",
                item="cors origin",
            )
        checked.append(value)
    return checked


# -- errors -------------------------------------------------------------------------


def _status(exc: AccordError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, QueryError):
        return 400
    if isinstance(exc, TooLargeError):
        return 413
    if isinstance(exc, (StoreError, ModelError, CoderBusyError)):
        return 503
    return 500


# What a 5xx answer says; the details (paths, engine messages) go to the server log only.
_UNAVAILABLE = {
    StoreError: "the database cannot be used at the moment; the server log says why",
    ModelError: "the coder cannot be loaded; the server log says why",
    CoderBusyError: "the coder is busy with other requests; try again in a few seconds",
}


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
        # A QueryError's item is the parameter it is about; other errors name a record.
        parameter = exc.item if isinstance(exc, QueryError) and not isinstance(exc, NotFoundError) else None
        message = f"{exc.item}: {exc.reason}" if exc.item else exc.reason
        if status >= 500:
            # a busy coder is the server working as meant, not a fault to look into
            log = logger.info if isinstance(exc, CoderBusyError) else logger.error
            log("%s %s: %s", request.method, request.url.path, exc)
            kind = next((kind for kind in _UNAVAILABLE if isinstance(exc, kind)), None)
            message = _UNAVAILABLE[kind] if kind else "internal error; the server log has the details"
        response = _respond(request, status, exc.code, message, parameter)
        if isinstance(exc, CoderBusyError):
            response.headers["Retry-After"] = "5"  # seconds: a busy spell passes quickly
        return response

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
            message = (
                f"{request.method} is not allowed on {request.url.path}; "
                "the API is read-only (GET), apart from POST /api/articles"
            )
            code = QueryError.code
        else:
            message = str(exc.detail)
            code = QueryError.code if exc.status_code < 500 else AccordError.code
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


class BodyLimit:
    """ASGI middleware that bounds request bodies at ``max_bytes``: a larger declared
    Content-Length is answered 413 before anything is read, and a body sent without
    one (chunked) raises ``TooLargeError`` (413) as soon as it passes the limit."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self, size: str) -> TooLargeError:
        return TooLargeError(f"the request body is {size} bytes, above this server's limit of {self.max_bytes:,}", item="body")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            error = self._too_large(f"{int(declared):,}")
            response = JSONResponse(error_body(error.code, f"{error.item}: {error.reason}"), status_code=413)
            # The client may still be sending; it must not be read, so the connection closes.
            response.headers["Connection"] = "close"
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise self._too_large(f"more than {self.max_bytes:,}")
            return message

        await self.app(scope, limited_receive, send)
