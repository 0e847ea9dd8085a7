"""`accord serve`: refuses a database it cannot open, and serves one it can."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx
from typer.testing import CliRunner

from accord.cli.main import app
from tests.factories import write_sample

runner = CliRunner()


def test_a_missing_database_is_one_red_line_and_status_2(tmp_path):
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb"), "--port", "8999"])
    assert result.exit_code == 2
    assert "none.duckdb" in result.output and "error:" in result.output
    assert "Traceback" not in result.output


def test_help_names_the_options():
    result = runner.invoke(app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port"):
        assert option in result.output


def test_a_bad_port_is_refused():
    result = runner.invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_answers_the_api_and_the_dashboard_until_stopped(tmp_path):
    database = write_sample(tmp_path / "sample.duckdb")
    port = free_port()
    command = [sys.executable, "-c", "from accord.cli.main import run; run()", "serve", "--db", str(database), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/events/count", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "accord serve did not answer within a minute"
                time.sleep(0.2)
        assert response.json() == {"count": 8}
        page = httpx.get(f"http://127.0.0.1:{port}/dyad/AZE-TUR", timeout=5)
        assert page.status_code == 200 and "/static/js/pages/dyad.js" in page.text
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in output
