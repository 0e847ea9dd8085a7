"""Inputs to articles: files, folders, standard input, bytes, or text in memory.

    from accord.errors import InputError
    from accord.read import read_paths

    for result in read_paths(["news/", "feed.xml", "-"]):
        if isinstance(result, InputError):
            print(result)            # one line: the item, the reason, the code
        else:
            handle(result)           # an accord.records.Article

Nothing here raises for bad input: every bad file, line or feed item is yielded as
an ``InputError`` in its place, so a batch always runs to its end. Which reader
takes a file is decided by its name ending, or for other names and standard input
by its first bytes (see ``accord.read.sniff``).
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ..errors import (
    BinaryInputError,
    EmptyInputError,
    InputError,
    TooLargeError,
    UnknownFormatError,
    UnreadableInputError,
)
from .base import DEFAULT_MAX_BYTES, Reader, ReadOptions, ReadResult
from .sniff import HEAD_BYTES, binary_reason, is_blank, sniff_format
from .text import read_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Reader",
    "ReadOptions",
    "ReadResult",
    "available_readers",
    "read_bytes",
    "read_paths",
    "read_text",
]

logger = logging.getLogger(__name__)

STDIN = "-"


def available_readers() -> list[Reader]:
    """Every registered reader, in the order they are offered an input.

    Readers from outside plugins come first, so that a plugin can take a format a
    built-in reader would otherwise claim (the text reader takes anything that
    decodes). Built-in readers follow in the order of ``BUILTIN_PLUGINS``.
    pluggy itself calls hooks last-registered first, which would put the text
    reader before the others, so the order is made explicit here.
    """
    from ..plugins import BUILTIN_PLUGINS, plugin_manager

    outside: list[Reader] = []
    builtin: dict[str, list[Reader]] = {}
    for hook in reversed(plugin_manager().hook.accord_readers.get_hookimpls()):
        readers = list(hook.function())
        if hook.plugin_name in BUILTIN_PLUGINS:
            builtin[hook.plugin_name] = readers
        else:
            outside.extend(readers)
    return outside + [reader for name in BUILTIN_PLUGINS for reader in builtin.get(name, [])]


def read_bytes(
    data: bytes,
    path: str | Path = STDIN,
    options: ReadOptions | None = None,
    readers: Sequence[Reader] | None = None,
) -> Iterator[ReadResult]:
    """Articles and per-item errors from bytes already in memory (an upload, say).

    ``path`` names the input in errors and ids, and its ending chooses the reader;
    "-" (standard input) leaves the choice to the content.
    """
    options = options or ReadOptions()
    readers = available_readers() if readers is None else readers
    path = Path(path)
    item = str(path)
    if len(data) > options.max_bytes:
        yield _too_large(len(data), options, item)
        return
    if is_blank(data):
        yield EmptyInputError("is empty (nothing but whitespace)", item)
        return
    head = data[:HEAD_BYTES]
    reader = next((reader for reader in readers if reader.accepts(path, head)), None)
    if reader is None:
        yield _refusal(head, item)
        return
    try:
        yield from reader.read(path, data, options)
    except InputError as error:
        yield error
    except Exception as error:
        # A failing reader (a plugin's, or a library choking on odd input) costs
        # this file, not the batch; the traceback goes to the log for a bug report.
        logger.exception("reader %r failed on %s", reader.name, item)
        message = " ".join(str(error).split())  # one line, whatever the library wrote
        yield InputError(f"the {reader.name} reader failed ({type(error).__name__}: {message})", item)


def read_paths(paths: Iterable[str | Path] | str | Path, options: ReadOptions | None = None) -> Iterator[ReadResult]:
    """Articles and per-item errors from files, folders and standard input.

    A folder is read recursively in name order, files before subfolders, skipping
    hidden files and folders (names starting with ".") and not following links to
    folders. "-" reads standard input. A file above ``options.max_bytes`` is refused
    before it is read.
    """
    options = options or ReadOptions()
    readers = available_readers()
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for raw in paths:
        if str(raw) == STDIN:
            yield from _read_stdin(options, readers)
            continue
        path = Path(raw)
        if path.is_dir():
            for found in _files_under(path):
                if isinstance(found, InputError):
                    yield found
                else:
                    yield from _read_file(found, options, readers)
        elif path.exists():
            yield from _read_file(path, options, readers)
        else:
            yield UnreadableInputError("no such file or folder", str(path))


def _too_large(size: int, options: ReadOptions, item: str) -> TooLargeError:
    return TooLargeError(f"is {size:,} bytes, above the limit of {options.max_bytes:,}; it was not read", item)


# What unclaimed input looks like, for the error message.
_LOOKS_LIKE = {
    "json": "a JSON document, not JSON Lines with one article object per line",
    "xml": "XML that is neither an RSS/Atom feed nor a web page",
}


def _refusal(head: bytes, item: str) -> InputError:
    """The error for input no reader takes: binary, or a format Accord does not read."""
    reason = binary_reason(head)
    if reason:
        return BinaryInputError(reason, item)
    looks_like = _LOOKS_LIKE.get(sniff_format(head) or "")
    if looks_like:
        return UnknownFormatError(f"is in no format Accord reads: it looks like {looks_like}", item)
    return UnknownFormatError("is in no format Accord reads", item)


def _files_under(folder: Path) -> Iterator[Path | InputError]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield UnreadableInputError(f"cannot list this folder ({error.strerror or error})", str(folder))
        return
    visible = [entry for entry in entries if not entry.name.startswith(".")]
    # Only regular files: a socket or a named pipe in a folder would block a read.
    yield from (Path(entry.path) for entry in visible if entry.is_file())
    for entry in visible:
        if entry.is_dir(follow_symlinks=False):
            yield from _files_under(Path(entry.path))


def _read_file(path: Path, options: ReadOptions, readers: Sequence[Reader]) -> Iterator[ReadResult]:
    item = str(path)
    try:
        info = path.stat()
        regular = stat.S_ISREG(info.st_mode)
        if regular and info.st_size > options.max_bytes:
            yield _too_large(info.st_size, options, item)
            return
        with path.open("rb") as stream:
            # A pipe (process substitution, /dev/stdin) has no size to check first.
            data = stream.read() if regular else stream.read(options.max_bytes + 1)
    except OSError as error:
        yield UnreadableInputError(f"cannot be read ({error.strerror or error})", item)
        return
    yield from read_bytes(data, path, options, readers)


def _read_stdin(options: ReadOptions, readers: Sequence[Reader]) -> Iterator[ReadResult]:
    data = sys.stdin.buffer.read(options.max_bytes + 1)
    yield from read_bytes(data, STDIN, options, readers)
