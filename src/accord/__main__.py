"""The ``accord`` command, and ``python -m accord``.

The console script points here rather than at ``accord.cli.main``: worker processes
run the main script's imports again, and importing the whole command line (typer, rich,
the query and web modules) cost every coding worker a quarter of a second of start-up.
This module imports it only when it runs.
"""

from __future__ import annotations

import sys


def run() -> None:
    if not _ingests_in_workers(sys.argv[1:]):
        from accord.cli.main import run as run_command_line

        run_command_line()
        return
    from accord.engine.server import start_worker_server

    start_worker_server()  # the ingest command stops it when it is done
    from accord.cli.main import run as run_command_line

    try:
        run_command_line()
    except SystemExit as done:
        _leave_at_once(done.code)


def _leave_at_once(code: object) -> None:
    """End the process without freeing every object one by one.

    When an ingest has ended (its store closed, its workers and their server stopped,
    its summary printed), Python would still spend a tenth of a second or more taking
    apart every module and object it holds: time the command's caller waits for. The
    output is flushed first; there is nothing else left to finish.
    """
    import logging
    import os

    if isinstance(code, str):
        print(code, file=sys.stderr)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)


def _ingests_in_workers(args: list[str]) -> bool:
    """Whether the words ask for an ``accord ingest`` that codes in worker processes.

    A guess made before the command line is imported, so that the process the workers
    are forked from starts importing spaCy at once (it is then ready a third of a second
    sooner). A wrong guess costs only time: a pool starts that process itself when it
    is not running, and one started for nothing ends with this one.
    """
    if not args or args[0] != "ingest":
        return False
    options = {}
    for i, word in enumerate(args):
        if word.startswith("--") and "=" in word:
            name, value = word.split("=", 1)
            options[name] = value
        elif i + 1 < len(args):
            options.setdefault(word, args[i + 1])
    if options.get("--engine", "local") != "local":
        return False
    if "--workers" in options:
        return options["--workers"] != "1"
    from accord.engine.server import default_workers

    return default_workers() > 1


if __name__ == "__main__":
    run()
