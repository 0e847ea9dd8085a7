"""The ``accord`` command, and ``python -m accord``.

The console script points here rather than at ``accord.cli.main``: worker processes
run the main script's imports again, and importing the whole command line (typer, rich,
the query and web modules) cost every coding worker a quarter of a second of start-up.
This module imports it only when it runs.
"""

from __future__ import annotations

import sys


def run() -> None:
    if _ingests_in_workers(sys.argv[1:]):
        from accord.engine.server import start_worker_server

        start_worker_server()  # the ingest command stops it when it is done
    from accord.cli.main import run as run_command_line

    run_command_line()


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
