"""Web routes come in through the accord_routes hook, Accord's own and a plugin's alike."""

from __future__ import annotations

from fastapi import APIRouter, Request

from accord.plugins import BUILTIN_PLUGINS, hookimpl, plugin_manager
from accord.serve import create_app

from .conftest import TestClient


def test_the_built_in_routes_are_a_plugin():
    assert "accord.serve.routes" in BUILTIN_PLUGINS
    assert plugin_manager().has_plugin("accord.serve.routes")


class CountingPlugin:
    """An outside plugin: a page of its own, and one that takes over a built-in path."""

    @hookimpl
    def accord_routes(self, app):
        router = APIRouter()

        @router.get("/plugin/events-count")
        def events_count(request: Request) -> dict[str, int]:
            with request.app.state.databases.borrow() as db:
                return {"events": db.count_events()}

        @router.get("/api/cameo")
        def replaced() -> dict[str, str]:
            return {"from": "plugin"}

        app.include_router(router)


def test_a_plugin_adds_routes_that_read_the_database(sample_path):
    plugin = CountingPlugin()
    manager = plugin_manager()
    manager.register(plugin)
    try:
        app = create_app(sample_path)
    finally:
        manager.unregister(plugin)
    with TestClient(app) as client:
        assert client.get("/plugin/events-count").json() == {"events": 8}
        # Plugins registered after the built-ins are called first, so their routes win.
        assert client.get("/api/cameo").json() == {"from": "plugin"}
        assert client.get("/api/events/count").json() == {"count": 8}
    with TestClient(create_app(sample_path)) as client:
        assert client.get("/plugin/events-count").status_code == 404
