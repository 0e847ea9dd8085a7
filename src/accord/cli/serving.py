"""`accord serve`: the HTTP API and the dashboard over one database.

By default the database is opened read-only (so `accord events` can read it at the
same time, but an ingest must wait until the server stops). A database that cannot be
opened ends the command at once with one red line and status 2, before anything
listens; so do a token file that cannot be read, a CORS origin that is not one, and a
coder that cannot be loaded when writing is on.

Writing (`POST /api/articles`) is on only when tokens are given, in a file
(`--write-token-file`) and/or in `$ACCORD_WRITE_TOKENS`; never as an option, since the
command line shows in `ps`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import AccordError
from .main import DB_OPTION_HELP, app, default_db

__all__ = ["serve_command"]

err = Console(stderr=True)

TOKEN_FILE_HELP = (
    "File of write tokens, one a line: enables POST /api/articles for requests with "
    "'Authorization: Bearer <token>'. $ACCORD_WRITE_TOKENS adds more (comma-separated)."
)
CORS_HELP = "A web origin (https://host:port) whose pages may call the API from a browser; repeatable. None by default."


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


def _without_password(target: str) -> str:
    """A database URL as it may be shown: postgresql://user:***@host/db."""
    return re.sub(r"^([a-z+]+://[^:/@]*:)[^@]*@", r"\1***@", target)


@app.command("serve")
def serve_command(
    db: Annotated[str | None, typer.Option("--db", help=DB_OPTION_HELP, show_default=False)] = None,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on. Keep 127.0.0.1, or put the server behind a proxy; 0.0.0.0 lets every machine in.",
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 8000,
    write_token_file: Annotated[
        Path | None, typer.Option("--write-token-file", help=TOKEN_FILE_HELP, show_default=False)
    ] = None,
    cors_origin: Annotated[list[str] | None, typer.Option("--cors-origin", help=CORS_HELP, show_default=False)] = None,
    max_body_mb: Annotated[
        float, typer.Option("--max-body-mb", help="Largest request body, in MB (1 MB = 2^20 bytes).", min=0.001, max=1024)
    ] = 5.0,
    max_items: Annotated[
        int, typer.Option("--max-items", help="Most articles one POST /api/articles may carry.", min=1, max=10_000)
    ] = 100,
    model: Annotated[
        str | None,
        typer.Option("--model", help="With writing on: the spaCy pipeline to code with (default as `accord ingest`)."),
    ] = None,
) -> None:
    """Serve the HTTP API (/api, described at /openapi.json) and the dashboard (/) until stopped.

    Example: accord serve --db accord.duckdb --port 8000, then open http://127.0.0.1:8000/
    """
    import uvicorn

    from ..serve import create_app
    from ..serve.write import WriteSettings, WriteTokens

    target = db or default_db()
    writing = None
    try:
        tokens = WriteTokens.from_sources(write_token_file)
        if tokens is not None:
            from ..coder.pipeline import Pipeline

            err.print("Loading the coder for POST /api/articles ...", highlight=False)
            writing = WriteSettings(tokens=tokens, pipeline=Pipeline(model=model), model=model, max_items=max_items)
        web_app = create_app(
            target, writing=writing, cors_origins=cors_origin or (), max_body_bytes=int(max_body_mb * 1024 * 1024)
        )
    except AccordError as exc:
        raise _fail(str(exc)) from None
    shown_host = f"[{host}]" if ":" in host else host
    mode = f"writing on for {len(tokens)} token(s)" if tokens is not None else "read-only"
    err.print(
        f"Accord dashboard on http://{shown_host}:{port}/ (API: /api, OpenAPI: /openapi.json); "
        f"database {_without_password(target)}, {mode}; Ctrl+C stops",
        highlight=False,
        soft_wrap=True,
    )
    # No Server header: which server and version answers is nobody's business.
    uvicorn.run(web_app, host=host, port=port, log_level="info", server_header=False)
