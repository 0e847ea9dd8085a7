"""The process coding workers are forked from: started early, stopped and waited for."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys

import pytest

from accord.engine.server import SERVER_IMPORTS, default_workers, process_context, start_worker_server, stop_worker_server
from accord.engine.workers import CodingPool, PipelineSpec
from accord.errors import ModelError
from accord.records import Article
from tests.engine.helpers import fork_server_pid, needs_fork_server


@needs_fork_server
def test_workers_are_forked_from_a_server_that_imports_spacy_and_the_coder():
    context = process_context()
    assert context.get_start_method() == "forkserver"
    from multiprocessing import forkserver

    assert forkserver._forkserver._preload_modules == list(SERVER_IMPORTS)
    assert "spacy" in SERVER_IMPORTS and "accord.engine.workers" in SERVER_IMPORTS


@needs_fork_server
def test_stopping_the_server_waits_for_it_and_a_new_pool_starts_another():
    start_worker_server()
    server = fork_server_pid()
    assert server is not None
    start_worker_server()  # running: the same one
    assert fork_server_pid() == server
    stop_worker_server()
    assert fork_server_pid() is None
    with pytest.raises(ChildProcessError):
        os.waitpid(server, os.WNOHANG)  # already waited for: nothing left of it
    stop_worker_server()  # nothing running: nothing to do
    article = Article(article_id="a", text="Turkey met Iran.")
    with CodingPool(1, PipelineSpec(model="no_such_spacy_pipeline")) as pool:
        with pytest.raises(ModelError):
            list(pool.code_many([article]))
    assert fork_server_pid() not in (None, server)


def test_the_module_and_the_package_import_without_pydantic_or_spacy():
    # `accord ingest` starts the server before anything else; what it imports first
    # delays the server by as much.
    probe = "import sys, accord.engine.server; print(sorted(m for m in ('pydantic', 'spacy', 'numpy', 'accord.records') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_default_workers_is_every_core_this_process_may_use():
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert default_workers() == max(1, expected or 1)
