"""The process coding workers are forked from, and how many workers to start.

    start_worker_server()    # as early as possible: it imports spaCy and the coder
    ...                      # CodingPool(...) forks its workers from it
    stop_worker_server()     # when the coding is done

A spawned worker is a new Python that imports spaCy, numpy and the coder (half a second)
before it can load a pipeline. A fork server (``multiprocessing``'s ``forkserver``)
does those imports once, and forks each worker from itself with them done. It is a
clean process of its own, not a copy of the caller, which may hold an open DuckDB
connection and its threads that a forked child must not inherit. Where there is no fork
server (Windows), workers are spawned.

Kept apart from ``workers`` and light to import: ``accord ingest`` starts the server
before it has even imported its command line (``accord.__main__``), so the server's
imports overlap the command's own start-up.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from multiprocessing.context import BaseContext

__all__ = ["SERVER_IMPORTS", "process_context", "start_worker_server", "stop_worker_server", "default_workers"]

# What the server imports, so that each worker starts with it imported.
SERVER_IMPORTS = ("accord.engine.workers", "accord.coder.pipeline", "accord.parse.nlp", "spacy")


def process_context() -> BaseContext:
    """How worker processes are started here: forked from the server, else spawned."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(SERVER_IMPORTS))
    return context


def start_worker_server() -> None:
    """Start the server, if it is not running; it imports while this process goes on.
    Nothing where workers are spawned."""
    if process_context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def stop_worker_server() -> None:
    """End the server, if one is running, and wait for it.

    For a command that has finished coding: nothing it started outlives it, and the
    time the server and its workers used counts as this process's children's (as
    ``time`` or ``getrusage`` report it) only once the server is waited for. It is
    terminated rather than asked to leave: it holds nothing to save, and leaving would
    take it a sixth of a second to free what it imported.
    """
    from multiprocessing import forkserver

    server = forkserver._forkserver  # the standard library's own tests stop it this way
    pid = getattr(server, "_forkserver_pid", None)
    if pid is None:
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    server._stop()  # closes its pipe and socket, and waits for it


def default_workers() -> int:
    """Every core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
