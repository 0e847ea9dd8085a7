"""`accord serve`: the HTTP API and the dashboard over one database.

The database is opened read-only (so `accord events` can read it at the same time, but
an ingest must wait until the server stops). A database that cannot be opened ends the
command at once with one red line and status 2, before anything listens.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from ..errors import AccordError
from .main import DB_OPTION_HELP, app, default_db

__all__ = ["serve_command"]

err = Console(stderr=True)


@app.command("serve")
def serve_command(
    db: Annotated[str | None, typer.Option("--db", help=DB_OPTION_HELP, show_default=False)] = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; 0.0.0.0 lets other machines in (no login: read-only data).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 8000,
) -> None:
    """Serve the HTTP API (/api, described at /openapi.json) and the dashboard (/) until stopped.

    Example: accord serve --db accord.duckdb --port 8000, then open http://127.0.0.1:8000/
    """
    import uvicorn

    from ..serve import create_app

    target = db or default_db()
    try:
        web_app = create_app(target)
    except AccordError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    shown_host = f"[{host}]" if ":" in host else host
    err.print(
        f"Accord dashboard on http://{shown_host}:{port}/ (API: /api, OpenAPI: /openapi.json); database {target}; Ctrl+C stops",
        highlight=False,
        soft_wrap=True,
    )
    uvicorn.run(web_app, host=host, port=port, log_level="info")
