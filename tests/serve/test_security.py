"""Hardening of what the server answers: values are data, never SQL; no file outside the
static folder is served; CORS only for the origins given; bounded paging; security
headers on every kind of answer."""

from __future__ import annotations

import socket
from urllib.parse import quote

import pytest

from accord.errors import ConfigError
from accord.serve import create_app
from accord.serve import dashboard as dashboard_module
from accord.serve.app import SECURITY_HEADERS
from accord.serve.write import WriteSettings, WriteTokens

from .conftest import LiveServer, TestClient

TOKEN = "security-token-0123456789"
EVIL = [
    "x' OR '1'='1",
    "'; DROP TABLE events; --",
    "1; SELECT * FROM articles",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "AZE-TUR' --",
    "') UNION SELECT article_id, text FROM articles --",
]


# -- values are data --------------------------------------------------------------------------


@pytest.mark.parametrize("value", EVIL)
def test_sql_looking_values_are_matched_as_data(client, value):
    before = client.get("/api/stats").json()
    assert client.get("/api/events", params={"article_id": value}).json()["events"] == []
    assert client.get("/api/events", params={"actor_id": value}).json()["events"] == []
    assert client.get("/api/events", params={"text": value}).json()["events"] == []
    assert client.get("/api/events/count", params={"article_id": value}).json() == {"count": 0}
    assert client.get("/api/actors", params={"name": value}).json()["actors"] == []
    assert client.get("/api/search", params={"q": value}).json()["hits"] == []
    assert client.get("/api/facts", params={"indicator": value}).json()["facts"] == []
    assert client.get("/api/facts", params={"article_id": value}).json()["facts"] == []
    assert client.get(f"/api/articles/{quote(value, safe='')}").status_code == 404
    assert client.get(f"/api/actors/{quote(value, safe='')}").status_code == 404
    assert client.get(f"/api/events/{quote(value, safe='')}").status_code == 404
    assert client.get(f"/article/{quote(value, safe='')}").status_code == 404
    assert client.get("/api/stats").json() == before


@pytest.mark.parametrize(
    "path, params",
    [
        ("/api/events", {"dyad": "AZE-TUR' OR 1=1 --"}),
        ("/api/events", {"country": "AZE'--"}),
        ("/api/events", {"code": "0%"}),
        ("/api/events", {"root": "05 OR 1=1"}),
        ("/api/events", {"cursor": "' OR 1=1 --"}),
        ("/api/events", {"order": "asc; DROP TABLE events"}),
        ("/api/series", {"interval": "month') FROM events; --"}),
        ("/api/dyads/AZE-TUR'--/series", {}),
        ("/api/countries/AZE'/series", {}),
        ("/api/actors", {"kind": "person' OR '1'='1"}),
        ("/api/facts", {"countries": "AZE,TUR' --"}),
    ],
)
def test_sql_looking_values_of_checked_parameters_are_refused_as_values(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code in (400, 422)
    assert response.json()["error"]["code"] == "E401"
    assert client.get("/api/events/count").json() == {"count": 8}


def test_a_stored_id_that_looks_like_sql_is_kept_as_written(tmp_path, pipeline):
    odd_id = "x'); DROP TABLE articles; --"
    settings = WriteSettings(tokens=WriteTokens([TOKEN]), pipeline=pipeline)
    with TestClient(create_app(tmp_path / "odd.duckdb", writing=settings)) as client:
        report = client.post(
            "/api/articles",
            json={"id": odd_id, "text": "Greece protested to Turkey on Friday.", "outlet": "'; DELETE FROM events; --"},
            headers={"Authorization": f"Bearer {TOKEN}"},
        ).json()
        assert report["results"][0]["article_id"] == odd_id
        article = client.get(f"/api/articles/{quote(odd_id, safe='')}").json()["article"]
        assert article["outlet"] == "'; DELETE FROM events; --"
        assert client.get("/api/stats").json()["articles"] == 1


# -- paging and sizes are bounded -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path, params",
    [
        ("/api/events", {"limit": "10001"}),
        ("/api/events", {"limit": "0"}),
        ("/api/dyads", {"limit": "100000"}),
        ("/api/actors", {"limit": "10001"}),
        ("/api/places", {"latest": "21"}),
        ("/api/articles", {"offset": str(10**20)}),
        ("/api/actors", {"offset": str(10**10)}),
        ("/api/articles", {"offset": "-1"}),
        ("/api/search", {"q": "talks", "limit": "10001"}),
        ("/api/facts", {"limit": "10001"}),
    ],
)
def test_page_sizes_and_offsets_are_bounded(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code in (400, 422)
    assert response.json()["error"]["parameter"] in ("limit", "offset", "latest")


def test_a_body_on_a_read_route_above_the_limit_is_413(sample_path):
    with TestClient(create_app(sample_path, max_body_bytes=100)) as client:
        response = client.request("GET", "/api/events", content=b"x" * 101)
        assert response.status_code == 413
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value
        assert client.request("GET", "/api/events", content=b"x" * 100).status_code == 200


# -- no file outside the static folder -------------------------------------------------------


def raw_get(url: str, path: str) -> tuple[int, bytes]:
    """GET exactly ``path`` (no client normalises its dots away), answer's status and body."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


TRAVERSALS = [
    "/static/../app.py",
    "/static/../../errors.py",
    "/static/css/../../app.py",
    "/static/%2e%2e/app.py",
    "/static/%2e%2e%2fapp.py",
    "/static/..%2f..%2ferrors.py",
    "/static/..%5capp.py",
    "/static/%252e%252e/app.py",
    "/static/....//app.py",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/js/%00../../app.py",
    "/article/..%2f..%2f..%2fetc%2fpasswd",
    "/dyad/..%2f..%2fapp.py",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_paths_out_of_the_static_folder_are_refused(sample_path, path):
    with LiveServer(create_app(sample_path)) as server:
        status, body = raw_get(server.url, path)
        good, css = raw_get(server.url, "/static/css/accord.css")
    assert status in (400, 404), body[:200]
    for secret in (b"def create_app", b"import ", b"root:", b"class AccordError"):
        assert secret not in body
    assert good == 200 and css


def test_symlinks_out_of_the_static_folder_are_refused(sample_path, tmp_path, monkeypatch):
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "inside.css").write_text("body { color: black }\n", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("the operator's secret\n", encoding="utf-8")
    (static / "leak.txt").symlink_to(secret)
    (static / "up").symlink_to(tmp_path, target_is_directory=True)
    monkeypatch.setattr(dashboard_module, "STATIC_DIR", static)
    with TestClient(create_app(sample_path)) as client:
        assert client.get("/static/css/inside.css").text == "body { color: black }\n"
        for path in ("/static/leak.txt", "/static/up/secret.txt"):
            response = client.get(path)
            assert response.status_code == 404
            assert "secret" not in response.text.replace(path, "")


# -- CORS -----------------------------------------------------------------------------------------

ALLOWED = "https://dash.example.org"


def test_cors_answers_only_the_configured_origins(sample_path):
    with TestClient(create_app(sample_path, cors_origins=[ALLOWED, "http://127.0.0.1:3000/"])) as client:
        allowed = client.get("/api/events/count", headers={"Origin": ALLOWED})
        assert allowed.headers["access-control-allow-origin"] == ALLOWED
        assert "access-control-allow-credentials" not in allowed.headers
        local = client.get("/api/events/count", headers={"Origin": "http://127.0.0.1:3000"})
        assert local.headers["access-control-allow-origin"] == "http://127.0.0.1:3000"
        other = client.get("/api/events/count", headers={"Origin": "https://evil.example"})
        assert other.status_code == 200 and "access-control-allow-origin" not in other.headers

        preflight = client.options(
            "/api/events", headers={"Origin": ALLOWED, "Access-Control-Request-Method": "GET"}
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == ALLOWED
        assert preflight.headers["x-content-type-options"] == "nosniff"
        # Read-only server: a browser may not even try to POST.
        post = client.options("/api/articles", headers={"Origin": ALLOWED, "Access-Control-Request-Method": "POST"})
        assert post.status_code == 400
        refused = client.options("/api/events", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
        assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers


def test_cors_with_writing_lets_the_origin_send_a_token(sample_path, tmp_path):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(sample_path.read_bytes())
    settings = WriteSettings(tokens=WriteTokens([TOKEN]))  # the coder is loaded only on a write
    with TestClient(create_app(copy, writing=settings, cors_origins=[ALLOWED])) as client:
        preflight = client.options(
            "/api/articles",
            headers={
                "Origin": ALLOWED,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization, content-type",
            },
        )
        assert preflight.status_code == 200
        assert "POST" in preflight.headers["access-control-allow-methods"]
        assert "authorization" in preflight.headers["access-control-allow-headers"].lower()


@pytest.mark.parametrize("origin", ["dash.example.org", "https://dash.example.org/path", "ftp://x.example", "https://"])
def test_a_cors_origin_that_is_not_one_is_refused(sample_path, origin):
    with pytest.raises(ConfigError) as caught:
        create_app(sample_path, cors_origins=[origin])
    assert "not a web origin" in str(caught.value)


# -- headers on every kind of answer -----------------------------------------------------------------


def test_security_headers_on_refusals_and_writes(sample_path, tmp_path):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(sample_path.read_bytes())
    settings = WriteSettings(tokens=WriteTokens([TOKEN]))
    with TestClient(create_app(copy, writing=settings)) as writer, TestClient(create_app(sample_path)) as reader:
        answers = [
            writer.post("/api/articles", json={"text": "x"}),  # 401
            writer.post("/api/articles", content=b"x", headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "image/png"}),
            reader.post("/api/articles", json={"text": "x"}),  # 403
            reader.get("/api/events", params={"limit": "abc"}),  # 422
            reader.get("/dyad/NOPE"),  # 404 page
            reader.get("/"),
            reader.get("/api/stats"),
        ]
    assert [answer.status_code for answer in answers] == [401, 415, 403, 422, 404, 200, 200]
    for answer in answers:
        for name, value in SECURITY_HEADERS.items():
            assert answer.headers[name] == value, (answer.request.url, name)
        assert "server" not in answer.headers
