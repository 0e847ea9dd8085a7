"""Accord's own coder components, registered through the same hook a plugin uses.

Factories import their module on first use, so that listing the registry (or a
pipeline that leaves a component out) does not pay for loading every component.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from ..plugins import hookimpl

# registered name -> (module, class)
BUILTIN_COMPONENTS = {
    "accord.actors.v1": ("accord.coder.actors", "ActorComponent"),
    "accord.dates.v1": ("accord.coder.dates", "DateComponent"),
    "accord.places.v1": ("accord.coder.places", "PlaceComponent"),
    "accord.events.v1": ("accord.coder.events", "EventComponent"),
    "accord.figures.v1": ("accord.coder.figures", "FigureComponent"),
    "accord.identity.v1": ("accord.coder.identity", "IdentityComponent"),
}


def _factory(module: str, cls: str) -> Callable[[], Any]:
    def make() -> Any:
        return getattr(importlib.import_module(module), cls)()

    return make


@hookimpl
def accord_components() -> dict[str, Callable[[], Any]]:
    return {name: _factory(module, cls) for name, (module, cls) in BUILTIN_COMPONENTS.items()}
