"""accord.__main__: the ``accord`` command and ``python -m accord``, and why the console
script points there: a worker process (spawned, or forked from the fork server) runs the
script's imports again, and must not pay for the whole command line."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys

import pytest

from accord.__main__ import _ingests_in_workers

# What pip writes for the console script ([project.scripts] in pyproject.toml), with a
# probe in place of the command: a worker reports what it has imported.
SCRIPT = """
import sys
from accord.__main__ import run


def imported():
    import sys
    return sorted(name for name in ("accord.cli.main", "typer", "rich", "fastapi", "psycopg") if name in sys.modules)


if __name__ == "__main__":
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(sys.argv[1])) as pool:
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


@pytest.mark.parametrize("start_method", sorted({"spawn", "forkserver"} & set(multiprocessing.get_all_start_methods())))
def test_a_worker_started_from_the_script_does_not_import_the_command_line(tmp_path, start_method):
    script = tmp_path / "accord_script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), start_method], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("words", "in_workers"),
    [
        (["ingest", "news/", "--workers", "2"], True),
        (["ingest", "news/", "--workers=4", "--db", "x.duckdb"], True),
        (["ingest", "news/", "--workers", "1"], False),
        (["ingest", "--workers=1", "news/"], False),
        (["ingest", "news/", "--engine", "dask", "--workers", "2"], False),
        (["ingest", "news/", "--engine=dask"], False),
        (["query", "--workers", "2"], False),
        (["serve"], False),
        ([], False),
    ],
)
def test_the_fork_server_is_started_early_only_for_an_ingest_in_workers(words, in_workers):
    assert _ingests_in_workers(words) is in_workers


def test_without_workers_named_an_ingest_uses_every_core(monkeypatch):
    import accord.engine.server

    monkeypatch.setattr(accord.engine.server, "default_workers", lambda: 1)
    assert _ingests_in_workers(["ingest", "news/"]) is False
    monkeypatch.setattr(accord.engine.server, "default_workers", lambda: 2)
    assert _ingests_in_workers(["ingest", "news/"]) is True


def test_an_ingest_in_workers_leaves_at_once_with_its_output_its_rows_and_its_exit_code(tmp_path):
    from pathlib import Path

    import duckdb

    from tests.engine.helpers import copy_articles

    news = tmp_path / "news"
    copy_articles(news, 2)
    db = tmp_path / "a.duckdb"
    command = [sys.executable, "-m", "accord", "ingest", str(news), "--db", str(db), "--workers", "2"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "coded 2, stored 2, failed 0" in " ".join(done.stderr.split())  # flushed before leaving
    with duckdb.connect(str(db), read_only=True) as stored:  # closed whole, nothing left in a log
        assert stored.execute("SELECT count(*) FROM articles").fetchone() == (2,)
    assert not Path(f"{db}.wal").exists()

    failing = [*command[:-4], "--db", str(tmp_path / "b.duckdb"), "--workers", "2", "--model", "no_such_spacy_pipeline"]
    failed = subprocess.run(failing, capture_output=True, text=True, timeout=300)
    assert failed.returncode == 2
    assert "no_such_spacy_pipeline" in failed.stdout + failed.stderr
