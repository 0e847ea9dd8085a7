"""``accord serve``: the HTTP API and the dashboard over one database.

    from accord.serve import create_app
    app = create_app("accord.duckdb")

See ``app.py`` for what every response shares, ``api.py`` for the endpoints and
``dashboard.py`` for the pages; ``docs/api.md`` for how to use them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # Every command loads the built-in plugins, this package's ``routes`` among them; the
    # web framework (half a second to import) is loaded only when an app is made.
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
