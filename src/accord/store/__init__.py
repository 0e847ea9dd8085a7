"""Where coded articles are kept: a DuckDB file or a PostgreSQL database, one layer.

``open_store(target)`` opens (and migrates) a database; ``Store.write`` stores one
coded article in one transaction; reads come back as the shared records of
``accord.records``. See ``store.py`` for identity rules, ``identity.py`` for when two
reports are the same event, and ``postgres.py`` for several writers on one database.
"""

from .store import Store, WriteOutcome, open_store

__all__ = ["Store", "WriteOutcome", "open_store"]
