"""Plugin hooks: how readers, coder components, exporters and web routes get into Accord.

Built-in features are plugins too: each built-in module registers itself through the
same hooks an outside package uses (declare an ``accord`` entry point naming a module
with ``@hookimpl`` functions). ``docs/plugins.md`` describes each hook.

    from accord.plugins import hookimpl

    @hookimpl
    def accord_readers():
        return [MyReader()]
"""

from __future__ import annotations

import functools
from typing import Any

import pluggy

__all__ = ["hookimpl", "hookspec", "plugin_manager", "BUILTIN_PLUGINS"]

hookspec = pluggy.HookspecMarker("accord")
hookimpl = pluggy.HookimplMarker("accord")

# Modules that implement hooks for Accord's own features, registered before any
# outside plugin. Order matters only for readers: the first that accepts a path wins.
BUILTIN_PLUGINS = (
    "accord.read.jsonl",
    "accord.read.feed",
    "accord.read.html",
    "accord.read.text",
    "accord.coder.components",
    "accord.export.formats",
    "accord.serve.routes",
)


class AccordSpec:
    @hookspec
    def accord_readers(self) -> list[Any]:
        """Return reader objects (see ``accord.read.base.Reader``)."""

    @hookspec
    def accord_components(self) -> dict[str, Any]:
        """Return {registered name: factory} of coder components (see ``accord.coder.pipeline``)."""

    @hookspec
    def accord_exporters(self) -> dict[str, Any]:
        """Return {format name: exporter} (see ``accord.export.base.Exporter``)."""

    @hookspec
    def accord_routes(self, app: Any) -> None:
        """Add routes to the FastAPI app that ``accord serve`` runs."""


@functools.cache
def plugin_manager() -> pluggy.PluginManager:
    import importlib

    pm = pluggy.PluginManager("accord")
    pm.add_hookspecs(AccordSpec)
    for name in BUILTIN_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    pm.load_setuptools_entrypoints("accord")
    return pm
