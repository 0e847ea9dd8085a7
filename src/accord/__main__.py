"""The ``accord`` command, and ``python -m accord``.

The console script points here rather than at ``accord.cli.main``: worker processes
started with ``spawn`` run the main script's imports again, and importing the whole
command line (typer, rich, the query and web modules) cost every coding worker a
quarter of a second of start-up. This module imports it only when it runs.
"""

from __future__ import annotations


def run() -> None:
    from accord.cli.main import run as run_command_line

    run_command_line()


if __name__ == "__main__":
    run()
