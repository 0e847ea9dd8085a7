"""accord.__main__: the ``accord`` command and ``python -m accord``, and why the console
script points there: a worker process started with ``spawn`` runs the script's imports
again, and must not pay for the whole command line."""

from __future__ import annotations

import subprocess
import sys

# What pip writes for the console script ([project.scripts] in pyproject.toml), with a
# probe in place of the command: a spawned worker reports what it has imported.
SCRIPT = """
import sys
from accord.__main__ import run


def imported():
    import sys
    return sorted(name for name in ("accord.cli.main", "typer", "rich", "fastapi", "psycopg") if name in sys.modules)


if __name__ == "__main__":
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        print(pool.submit(imported).result())
"""


def test_python_m_accord_runs_the_command_line():
    done = subprocess.run([sys.executable, "-m", "accord", "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "ingest" in done.stdout


def test_the_console_script_points_at_the_light_entry_point():
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["accord"] == "accord.__main__:run"


def test_a_worker_spawned_from_the_script_does_not_import_the_command_line(tmp_path):
    script = tmp_path / "accord_script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
