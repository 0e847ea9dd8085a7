"""Databases, HTTP clients, a live server and a headless Chromium for the serve tests.

- ``sample_path``/``client``: the hand-made sample corpus (tests.factories), whose
  events and ids are known, behind FastAPI's TestClient.
- ``coded_path``/``live_server``: the team's test articles coded by the real pipeline
  (tests/data/articles), served by uvicorn on a free port, for the browser tests.
- ``browser``/``page``: Debian's Chromium driven by Playwright. Playwright's own browser
  download needs the internet, so the system binary is used; without it the browser
  tests are skipped and say why. Every page records console errors, uncaught
  exceptions and failed requests in ``page.problems``, and leaves a screenshot in
  artifacts/screenshots/ (kept out of the repository by .gitignore).
"""

from __future__ import annotations

import glob
import re
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from accord.serve import create_app
from tests.factories import write_sample

with warnings.catch_warnings():
    # Starlette's TestClient warns that it will move from httpx to httpx2; httpx is what
    # requirements/test.txt pins, and it works.
    warnings.filterwarnings("ignore", message=".*httpx2")
    from fastapi.testclient import TestClient

REPO = Path(__file__).resolve().parents[2]
ARTICLES = REPO / "tests" / "data" / "articles"
SCREENSHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="package")
def sample_path(tmp_path_factory) -> Path:
    return write_sample(tmp_path_factory.mktemp("serve") / "sample.duckdb")


@pytest.fixture(scope="package")
def client(sample_path) -> Iterator[TestClient]:
    with TestClient(create_app(sample_path)) as test_client:
        yield test_client


def make_client(path: Path, **options) -> TestClient:
    return TestClient(create_app(path), **options)


# -- a database coded from the test articles -----------------------------------------------


@pytest.fixture(scope="session")
def coded_path(tmp_path_factory, pipeline) -> Path:
    """The team's test articles, coded by the session's default pipeline and stored."""
    from accord.engine.local import ingest
    from accord.store import open_store

    path = tmp_path_factory.mktemp("coded") / "articles.duckdb"
    with open_store(path) as store:
        summary = ingest(sorted(glob.glob(str(ARTICLES / "*.txt"))), store, pipeline=pipeline)
    assert summary.ok, [str(failure) for failure in summary.failed]
    assert summary.stored >= 10 and summary.events > 0
    return path


class LiveServer:
    """uvicorn serving an app in a background thread, on a port the OS picked."""

    def __init__(self, app):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.socket.close()


@pytest.fixture(scope="session")
def live_server(coded_path) -> Iterator[LiveServer]:
    with LiveServer(create_app(coded_path)) as server:
        yield server


# -- the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (scripts/bootstrap.sh --test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh page whose console errors, uncaught exceptions and failed or foreign
    requests are collected in ``page.problems``; screenshot saved at the end."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda message: problems.append(f"console {message.type}: {message.text}") if message.type == "error" else None)
    tab.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    # A request cut off because the test clicked on to the next page is the browser's
    # normal behaviour (net::ERR_ABORTED), not a failure of the page.
    tab.on("requestfailed", lambda req: None if "ERR_ABORTED" in (req.failure or "") else problems.append(f"request failed: {req.url} ({req.failure})"))
    tab.on("request", lambda req: None if req.url.startswith((live_server.url, "data:")) else problems.append(f"foreign request: {req.url}"))
    tab.problems = problems
    tab.base = live_server.url
    yield tab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    context.close()
