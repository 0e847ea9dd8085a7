"""`accord serve`: refuses a database, token file or origin it cannot use, and serves one
it can, read-only unless tokens are given, without a Server header."""

from __future__ import annotations

import os
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
    for option in ("--db", "--host", "--port", "--write-token-file", "--cors-origin", "--max-body-mb", "--max-items"):
        assert option in result.output
    assert "--write-token " not in result.output  # a token on the command line would show in ps


def test_a_token_file_that_cannot_be_read_is_one_red_line_and_status_2(tmp_path):
    database = write_sample(tmp_path / "sample.duckdb")
    missing = tmp_path / "no-tokens"
    result = runner.invoke(app, ["serve", "--db", str(database), "--write-token-file", str(missing)])
    assert result.exit_code == 2
    assert "error:" in result.output and "no-tokens" in result.output and "Traceback" not in result.output


def test_a_short_token_in_the_environment_is_refused_without_showing_it(tmp_path):
    database = write_sample(tmp_path / "sample.duckdb")
    result = runner.invoke(app, ["serve", "--db", str(database)], env={"ACCORD_WRITE_TOKENS": "tooshort"})
    assert result.exit_code == 2
    assert "shorter than 16" in result.output and "tooshort" not in result.output


def test_an_origin_that_is_not_one_is_refused(tmp_path):
    database = write_sample(tmp_path / "sample.duckdb")
    result = runner.invoke(app, ["serve", "--db", str(database), "--cors-origin", "dash.example.org"])
    assert result.exit_code == 2
    assert "not a web origin" in result.output


def test_a_bad_port_is_refused():
    result = runner.invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(arguments: list[str], env: dict[str, str] | None = None) -> tuple[subprocess.Popen, int]:
    """`accord serve` in a subprocess, once it answers; the caller stops it."""
    port = free_port()
    command = [sys.executable, "-c", "from accord.cli.main import run; run()", "serve", "--port", str(port), *arguments]
    environment = {key: value for key, value in os.environ.items() if key != "ACCORD_WRITE_TOKENS"} | (env or {})
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment)
    deadline = time.monotonic() + 120
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/cameo?roots=true", timeout=2)
            return server, port
        except httpx.TransportError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise AssertionError(f"accord serve did not answer: {server.communicate()[0]}") from None
            time.sleep(0.2)


def stop_server(server: subprocess.Popen) -> str:
    server.terminate()
    return server.communicate(timeout=30)[0]


def test_serve_answers_the_api_and_the_dashboard_until_stopped(tmp_path):
    database = write_sample(tmp_path / "sample.duckdb")
    server, port = start_server(["--db", str(database)])
    try:
        response = httpx.get(f"http://127.0.0.1:{port}/api/events/count", timeout=5)
        assert response.json() == {"count": 8}
        assert "server" not in response.headers  # no name or version of the server
        page = httpx.get(f"http://127.0.0.1:{port}/dyad/AZE-TUR", timeout=5)
        assert page.status_code == 200 and "/static/js/pages/dyad.js" in page.text
        assert "server" not in page.headers
        refused = httpx.post(f"http://127.0.0.1:{port}/api/articles", json={"text": "Turkey met Iran."}, timeout=5)
        assert refused.status_code == 403
    finally:
        output = stop_server(server)
    assert f"http://127.0.0.1:{port}/" in output and "read-only" in output


def test_serve_with_a_token_file_stores_posted_articles_and_never_prints_the_token(tmp_path):
    database = write_sample(tmp_path / "sample.duckdb")
    token, env_token = "file-token-" + "7" * 24, "env-token-" + "3" * 24
    token_file = tmp_path / "tokens"
    token_file.write_text(f"{token}\n", encoding="utf-8")
    server, port = start_server(
        ["--db", str(database), "--write-token-file", str(token_file), "--max-body-mb", "0.01"],
        env={"ACCORD_WRITE_TOKENS": env_token},
    )
    url = f"http://127.0.0.1:{port}/api/articles"
    try:
        article = {"id": "posted", "text": "Iranian Foreign Minister Javad Zarif met Turkish President Erdogan in Ankara on Monday."}
        assert httpx.post(url, json=article, timeout=60).status_code == 401
        stored = httpx.post(url, json=article, headers={"Authorization": f"Bearer {token}"}, timeout=60).json()
        assert stored["stored"] == 1, stored
        events = httpx.get(f"http://127.0.0.1:{port}/api/events", params={"article_id": "posted"}, timeout=5).json()
        assert len(events["events"]) == stored["results"][0]["events"] >= 1
        again = httpx.post(url, json=article, headers={"Authorization": f"Bearer {env_token}"}, timeout=60).json()
        assert again["skipped"] == 1
        too_big = httpx.post(url, content=b"x" * 20_000, headers={"Content-Type": "text/plain"}, timeout=10)
        assert too_big.status_code == 413
        # The server still answers after refusing a body unread.
        assert httpx.get(f"http://127.0.0.1:{port}/api/events/count", timeout=5).json() == {"count": 8 + stored["results"][0]["events_new"]}
    finally:
        output = stop_server(server)
    assert "writing on for 2 token(s)" in output
    assert token not in output and env_token not in output
