"""The app every route shares: start-up checks, errors as JSON or HTML, security headers,
no CORS, no CDN-backed docs pages, and a database released at shutdown."""

from __future__ import annotations

import pytest

from accord.errors import StoreError, StoreLockedError
from accord.serve import create_app
from accord.serve.app import CONTENT_SECURITY_POLICY, SECURITY_HEADERS
from accord.store import open_store

from .conftest import TestClient, make_client

API_PATHS = {
    "/api/events", "/api/events/count", "/api/events/{event_id}", "/api/series", "/api/dyads",
    "/api/dyads/{dyad}/series", "/api/countries", "/api/countries/{country_code}/series",
    "/api/countries/{country_code}/partners", "/api/actors", "/api/actors/{actor_id}",
    "/api/actors/{actor_id}/partners", "/api/articles", "/api/articles/{article_id}", "/api/search", "/api/facts",
    "/api/facts/series", "/api/places", "/api/stats", "/api/cameo",
}  # fmt: skip


def test_a_missing_database_is_refused_at_start(tmp_path):
    with pytest.raises(StoreError) as caught:
        create_app(tmp_path / "nothing.duckdb")
    assert "nothing.duckdb" in str(caught.value)


@pytest.mark.parametrize("path", ["/api/events", "/api/events/999", "/", "/map", "/static/css/accord.css", "/nowhere"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert "default-src 'self'" in CONTENT_SECURITY_POLICY and "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert "http" not in CONTENT_SECURITY_POLICY  # nothing from elsewhere may load


def test_cors_is_off(client):
    response = client.get("/api/events", headers={"Origin": "https://elsewhere.example"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/api/events", headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 405
    assert "access-control-allow-origin" not in preflight.headers


def test_list_responses_vary_by_accept(client):
    assert client.get("/api/dyads").headers["vary"] == "Accept"


def test_an_unknown_api_path_is_a_json_404_and_an_unknown_page_an_html_one(client):
    api = client.get("/api/nothing")
    assert api.status_code == 404
    assert api.json() == {"error": {"code": "E403", "message": "nothing here: /api/nothing"}}
    page = client.get("/nothing")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "nothing here: /nothing" in page.text


def test_the_api_is_read_only(client):
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)("/api/events")
        assert response.status_code == 405
        message = response.json()["error"]["message"]
        assert message.startswith(f"{method.upper()} is not allowed") and "POST /api/articles" in message


def test_html_in_an_error_message_is_shown_as_text(client):
    response = client.get("/article/<script>alert(1)</script>")
    assert response.status_code == 404
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_unexpected_failures_are_a_500_without_details(sample_path):
    app = create_app(sample_path)

    def broken():
        raise RuntimeError("secret internals")

    app.add_api_route("/api/broken", broken)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.get("/api/broken")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "E000"
    assert "secret" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_database_error_is_a_503_that_names_no_path_and_is_logged_in_full(sample_path, caplog):
    app = create_app(sample_path)

    def locked():
        raise StoreLockedError("another process holds this database", item="/srv/data/x.duckdb")

    app.add_api_route("/api/locked", locked)
    with TestClient(app) as test_client:
        response = test_client.get("/api/locked")
    assert response.status_code == 503
    assert response.json()["error"] == {
        "code": "E302",
        "message": "the database cannot be used at the moment; the server log says why",
    }
    assert "/srv/data/x.duckdb: another process holds this database" in caplog.text


def test_openapi_describes_every_api_route_and_the_cdn_pages_are_off(client):
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "Accord"
    assert set(spec["paths"]) == API_PATHS
    for path, operations in spec["paths"].items():
        assert path.startswith("/api/"), "dashboard pages stay out of the API description"
        assert operations["get"]["description"], path
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404


def test_shutdown_releases_the_database(sample_path, tmp_path):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(sample_path.read_bytes())
    with make_client(copy) as test_client:
        assert test_client.get("/api/events/count").json() == {"count": 8}
    with open_store(copy) as store:  # writing needs the server's read-only connections closed
        assert store.has_article("no such hash") is False
