"""Accord's own web routes, added through the same ``accord_routes`` hook outside plugins use.

An outside package adds its own the same way: an ``accord`` entry point naming a module
with

    from accord.plugins import hookimpl

    @hookimpl
    def accord_routes(app):
        app.include_router(my_router)      # handlers read request.app.state.databases

Hooks run in reverse order of registration, so a plugin's routes are added before
Accord's own and win where both claim the same path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..plugins import hookimpl

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["accord_routes"]


@hookimpl
def accord_routes(app: FastAPI) -> None:
    # Imported here, not at the top: every command loads the built-in plugins, and only
    # `accord serve` needs the web framework.
    from fastapi.staticfiles import StaticFiles

    from . import api, dashboard, write

    app.include_router(api.router)
    app.include_router(write.router)
    app.include_router(dashboard.router)
    # StaticFiles serves only files inside the folder: "..", encoded slashes and
    # symlinks that lead out of it are refused.
    app.mount("/static", StaticFiles(directory=dashboard.STATIC_DIR), name="static")
