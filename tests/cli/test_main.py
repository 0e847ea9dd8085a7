"""accord.cli.main: the command's own process runs BLAS on one thread, keeps the memory
it frees, and starts without the libraries only some commands need."""

from __future__ import annotations

import subprocess
import sys

import pytest
from threadpoolctl import threadpool_limits

from accord.cli.main import run
from accord.parse.blas import blas_threads


def test_the_command_runs_blas_on_one_thread(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["accord", "--help"])
    with threadpool_limits(limits=2, user_api="blas"):  # puts the pytest process's back after
        with pytest.raises(SystemExit):
            run()
        assert blas_threads() == 1


def test_the_command_keeps_the_memory_it_frees(monkeypatch):
    """It unpickles and stores every coded article (accord.engine.allocator)."""
    monkeypatch.setattr(sys, "argv", ["accord", "--help"])
    called = []
    monkeypatch.setattr("accord.cli.main.keep_freed_memory", lambda: called.append(True))
    with pytest.raises(SystemExit):
        run()
    assert called == [True]


def test_the_command_line_imports_the_store_only_for_commands_that_use_it():
    """psycopg is 0.1 s of start-up and DuckDB with pyarrow another 0.1 s, for every
    command, `accord --help` included: each is imported by the commands that use it."""
    probe = "import sys, accord.cli.main; print(sorted(m for m in ('psycopg', 'duckdb', 'pyarrow') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
