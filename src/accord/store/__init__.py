"""Where coded articles are kept: DuckDB now, PostgreSQL behind the same layer later.

``open_store(target)`` opens (and migrates) a database; ``Store.write`` stores one
coded article in one transaction; reads come back as the shared records of
``accord.records``. See ``store.py`` for identity rules and ``identity.py`` for when two
reports are the same event.
"""

from .store import Store, WriteOutcome, open_store

__all__ = ["Store", "WriteOutcome", "open_store"]
