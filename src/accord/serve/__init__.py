"""``accord serve``: the HTTP API and the dashboard over one database.

    from accord.serve import create_app
    app = create_app("accord.duckdb")

See ``app.py`` for what every response shares, ``api.py`` for the endpoints and
``dashboard.py`` for the pages; ``docs/api.md`` for how to use them.
"""

from .app import create_app

__all__ = ["create_app"]
