"""POST /api/articles: off by default, tokens compared in constant time, bounded bodies,
and each article answered on its own, coded by the real pipeline and stored."""

from __future__ import annotations

import hmac
import logging
import threading
from collections.abc import Iterator

import pytest

from accord.errors import ConfigError, StoreError, StoreWriteError
from accord.records import content_hash
from accord.serve import create_app
from accord.serve.write import MIN_TOKEN_CHARS, TOKENS_ENV, WriteSettings, WriteTokens
from accord.store import open_store
from tests.factories import write_sample

from .conftest import TestClient

TOKEN = "test-token-0123456789abcdef"
OTHER_TOKEN = "another-token-fedcba9876543210"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

MEETING = "Turkish Foreign Minister Mevlut Cavusoglu met Azerbaijani President Ilham Aliyev in Baku on Monday."
CONDEMNING = "Azerbaijan condemned Armenia on Tuesday over the shelling of Tovuz."


@pytest.fixture
def database(tmp_path):
    return write_sample(tmp_path / "write.duckdb")


def writing_app(path, pipeline, **settings):
    tokens = WriteTokens(settings.pop("tokens", [TOKEN, OTHER_TOKEN]))
    options = {key: settings.pop(key) for key in ("max_body_bytes", "cors_origins") if key in settings}
    return create_app(path, writing=WriteSettings(tokens=tokens, pipeline=pipeline, **settings), **options)


@pytest.fixture
def writer(database, pipeline) -> Iterator[TestClient]:
    with TestClient(writing_app(database, pipeline)) as client:
        yield client


# -- off unless configured, and only with a token -----------------------------------------------


def test_writing_is_off_by_default(client):
    response = client.post("/api/articles", json={"text": MEETING}, headers=AUTH)
    assert response.status_code == 403
    assert "not enabled" in response.json()["error"]["message"]
    assert "www-authenticate" not in response.headers
    assert client.get("/api/events/count").json() == {"count": 8}


def test_a_request_without_a_token_is_401_with_a_challenge(writer):
    response = writer.post("/api/articles", json={"text": MEETING})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="accord"'
    assert writer.get("/api/events/count").json() == {"count": 8}


@pytest.mark.parametrize(
    "header",
    [f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", "Bearer " + "A" * 200, f"Basic {TOKEN}", TOKEN, f"bearer  {TOKEN[1:]}"],
)
def test_a_wrong_token_is_401(writer, header):
    response = writer.post("/api/articles", json={"text": MEETING}, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith('Bearer realm="accord"')
    assert TOKEN not in response.text
    assert writer.get("/api/events/count").json() == {"count": 8}


def test_tokens_are_compared_with_compare_digest_against_every_token_whichever_matches(database, pipeline, monkeypatch):
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def recording(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", recording)
    tokens = ["first-token-0123456789", "second-token-0123456789", "third-token-0123456789"]
    with TestClient(writing_app(database, pipeline, tokens=tokens)) as client:
        for presented in (tokens[0], "short", "wrong" * 30):
            calls.clear()
            client.post("/api/articles", json={"text": ""}, headers={"Authorization": f"Bearer {presented}"})
            # No early exit on the first match, and digests of one length whatever was sent.
            assert len(calls) == 3
            assert {len(a) for a, _ in calls} | {len(b) for _, b in calls} == {32}
            assert not any(presented.encode() in a + b for a, b in calls)


def test_the_right_token_stores_the_article_and_its_event_appears(writer):
    response = writer.post(
        "/api/articles",
        json={"id": "meeting-1", "text": MEETING, "published": "2021-09-13", "outlet": "Test Wire", "title": "Talks"},
        headers=AUTH,
    )
    assert response.status_code == 200
    report = response.json()
    assert (report["stored"], report["skipped"], report["failed"]) == (1, 0, 0)
    (result,) = report["results"]
    assert result["status"] == "stored" and result["article_id"] == "meeting-1"
    assert result["events"] >= 1 and result["events_new"] >= 1

    events = writer.get("/api/events", params={"article_id": "meeting-1"}).json()["events"]
    assert len(events) == result["events"]
    meeting = events[0]
    assert meeting["root"] == "04" and {meeting["source"]["country"], meeting["target"]["country"]} == {"TUR", "AZE"}
    assert writer.get("/api/events/count").json() == {"count": 8 + result["events_new"]}
    article = writer.get("/api/articles/meeting-1").json()
    assert article["article"]["outlet"] == "Test Wire" and article["article"]["title"] == "Talks"
    assert article["article"]["origin"] == "POST /api/articles"


def test_either_token_writes(writer):
    response = writer.post("/api/articles", json={"text": CONDEMNING}, headers={"Authorization": f"Bearer {OTHER_TOKEN}"})
    assert response.json()["stored"] == 1


def test_the_same_text_again_is_skipped_without_coding_it(writer, monkeypatch):
    first = writer.post("/api/articles", json=[{"text": MEETING}, {"text": MEETING, "id": "again"}], headers=AUTH).json()
    assert [result["status"] for result in first["results"]] == ["stored", "skipped"]
    stored_id = first["results"][0]["article_id"]
    assert stored_id.startswith("api-")  # no id given: api- and the start of the text's hash
    assert first["results"][1]["article_id"] == stored_id

    app = writer.app
    monkeypatch.setattr(app.state.writer, "pipeline", lambda: pytest.fail("a stored text was coded again"))
    again = writer.post("/api/articles", json={"text": MEETING}, headers=AUTH).json()
    assert again["results"][0]["status"] == "skipped"
    assert again["results"][0]["reason"] == "the same text is already stored"


def test_a_bad_item_fails_alone_and_the_others_are_stored(writer):
    items = [
        {"text": MEETING, "id": "good-1"},
        {"txt": "a typo in the key"},
        {"text": 42},
        {"text": "   "},
        {"text": CONDEMNING, "published": "the day after"},
        "just a string",
        {"text": CONDEMNING, "id": "good-2", "published": "2020-07-14"},
    ]
    response = writer.post("/api/articles", json=items, headers=AUTH)
    assert response.status_code == 200
    report = response.json()
    statuses = [result["status"] for result in report["results"]]
    assert statuses == ["stored", "failed", "failed", "failed", "failed", "failed", "stored"]
    assert [result["index"] for result in report["results"]] == list(range(7))
    reasons = {result["index"]: (result["code"], result["reason"]) for result in report["results"]}
    assert reasons[1][0] == "E105" and "'txt'" in reasons[1][1]
    assert reasons[2][0] == "E105" and "number" in reasons[2][1]
    assert reasons[3][0] == "E101"
    assert reasons[4][0] == "E107" and "the day after" in reasons[4][1]
    assert reasons[5][0] == "E105"
    assert (report["stored"], report["failed"]) == (2, 5)
    for article_id in ("good-1", "good-2"):
        assert writer.get(f"/api/articles/{article_id}").status_code == 200


def test_a_store_failure_fails_that_article_only_and_names_no_path(writer, monkeypatch):
    store = writer.app.state.writer.store
    real_write = store.write

    def refusing(coded, **options):
        if coded.article.article_id == "doomed":
            raise StoreWriteError("cannot write: disk full", item=store.target)
        return real_write(coded, **options)

    monkeypatch.setattr(store, "write", refusing)
    report = writer.post(
        "/api/articles", json=[{"text": MEETING, "id": "doomed"}, {"text": CONDEMNING, "id": "fine"}], headers=AUTH
    ).json()
    doomed, fine = report["results"]
    assert doomed["status"] == "failed" and doomed["code"] == "E303"
    assert store.target not in doomed["reason"] and "server log" in doomed["reason"]
    assert fine["status"] == "stored"


# -- raw uploads ------------------------------------------------------------------------------


def test_a_plain_text_upload_takes_its_metadata_from_the_query(writer):
    text = f"Title: A headline in the text\nPublished: 2019-01-01\n\n{CONDEMNING}"
    response = writer.post(
        "/api/articles",
        content=text.encode(),
        params={"id": "raw-1", "published": "2020-07-14", "outlet": "Upload Wire"},
        headers={**AUTH, "Content-Type": "text/plain; charset=utf-8"},
    )
    (result,) = response.json()["results"]
    assert result["status"] == "stored" and result["article_id"] == "raw-1"
    article = writer.get("/api/articles/raw-1").json()["article"]
    # The query wins over the header lines; what it leaves out comes from them.
    assert article["published"] == "2020-07-14" and article["outlet"] == "Upload Wire"
    assert article["title"] == "A headline in the text"
    assert article["text"] == CONDEMNING


def test_an_html_upload_is_read_as_a_web_page(writer):
    page = (
        "<!doctype html><html><head><title>Border talks</title></head><body><nav>Home | World</nav>"
        f"<article><h1>Border talks</h1><p>{MEETING}</p><p>{CONDEMNING}</p></article></body></html>"
    )
    response = writer.post(
        "/api/articles", content=page.encode(), params={"id": "page-1"}, headers={**AUTH, "Content-Type": "text/html"}
    )
    (result,) = response.json()["results"]
    assert result["status"] == "stored", result
    article = writer.get("/api/articles/page-1").json()["article"]
    assert "<p>" not in article["text"] and "Cavusoglu" in article["text"]


def test_an_upload_with_a_bad_date_or_no_text_fails_as_an_item(writer):
    report = writer.post(
        "/api/articles", content=CONDEMNING.encode(), params={"published": "someday"}, headers={**AUTH, "Content-Type": "text/plain"}
    ).json()
    assert report["results"][0]["code"] == "E107"
    report = writer.post("/api/articles", content=b"  \n ", headers={**AUTH, "Content-Type": "text/plain"}).json()
    assert report["results"][0]["code"] == "E101"
    report = writer.post("/api/articles", content=b"\x00\x01\x02binary", headers={**AUTH, "Content-Type": "text/plain"}).json()
    assert report["results"][0]["status"] == "failed"


def test_query_metadata_with_a_json_body_is_refused(writer):
    response = writer.post("/api/articles", json={"text": MEETING}, params={"title": "x"}, headers=AUTH)
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "title"


def test_an_unknown_query_parameter_is_refused(writer):
    response = writer.post("/api/articles", json={"text": MEETING}, params={"token": TOKEN}, headers=AUTH)
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "token"


def test_other_content_types_are_415(writer):
    response = writer.post("/api/articles", files={"file": ("a.txt", MEETING.encode())}, headers=AUTH)
    assert response.status_code == 415
    assert "multipart/form-data" in response.json()["error"]["message"]


# -- bounds ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, reason",
    [
        (b"{not json", "not valid JSON"),
        (b'"a string"', "an article object, or a list"),
        (b"[]", "no articles"),
        (b"[" * 100_000 + b"]" * 100_000, "nests too deeply"),
        (b'{"text": "\xff\xfe bad"}', "not valid JSON"),
    ],
)
def test_a_body_that_is_not_articles_is_400(writer, body, reason):
    response = writer.post("/api/articles", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 400
    assert reason in response.json()["error"]["message"]


def test_more_articles_than_the_limit_is_413_and_nothing_is_stored(database, pipeline):
    with TestClient(writing_app(database, pipeline, max_items=3)) as client:
        before = client.get("/api/stats").json()["articles"]
        items = [{"text": f"Item {n}: {MEETING}"} for n in range(4)]
        response = client.post("/api/articles", json=items, headers=AUTH)
        assert response.status_code == 413
        assert "4 articles" in response.json()["error"]["message"]
        assert client.get("/api/stats").json()["articles"] == before
        assert client.post("/api/articles", json=items[:3], headers=AUTH).json()["stored"] == 3


def test_a_body_above_the_limit_is_413_declared_or_streamed(database, pipeline):
    with TestClient(writing_app(database, pipeline, max_body_bytes=10_000)) as client:
        big = {"text": "word " * 3000}
        response = client.post("/api/articles", json=big, headers=AUTH)
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "E104"
        assert response.headers["x-content-type-options"] == "nosniff"

        def chunks():  # sent without Content-Length
            for _ in range(20):
                yield b"x" * 1000

        streamed = client.post("/api/articles", content=chunks(), headers={**AUTH, "Content-Type": "text/plain"})
        assert streamed.status_code == 413
        assert client.get("/api/events/count").json() == {"count": 8}
        # Under the limit is fine.
        assert client.post("/api/articles", json={"text": MEETING}, headers=AUTH).json()["stored"] == 1


def test_a_body_above_the_limit_is_refused_before_authentication(database, pipeline):
    with TestClient(writing_app(database, pipeline, max_body_bytes=1000)) as client:
        response = client.post("/api/articles", content=b"x" * 2000, headers={"Content-Type": "text/plain"})
        assert response.status_code == 413


def test_requests_beyond_the_pending_bound_are_503_with_retry_after(writer):
    state = writer.app.state.writer
    state.pending = state.settings.max_pending
    try:
        response = writer.post("/api/articles", json={"text": MEETING}, headers=AUTH)
    finally:
        state.pending = 0
    assert response.status_code == 503 and response.headers["retry-after"] == "5"
    assert response.json()["error"]["code"] == "E204"
    assert writer.post("/api/articles", json={"text": MEETING}, headers=AUTH).json()["stored"] == 1


def test_reads_go_on_while_the_coder_is_busy(writer):
    state = writer.app.state.writer
    release = threading.Event()
    busy = state._executor.submit(release.wait, 10)  # the coder thread held by a long job
    try:
        assert writer.get("/api/events/count").json() == {"count": 8}
        assert writer.get("/api/events", params={"dyad": "AZE-TUR"}).status_code == 200
        assert writer.get("/").status_code == 200
    finally:
        release.set()
        busy.result(timeout=10)


def test_a_coder_that_cannot_be_loaded_is_503_without_details(database):
    settings = WriteSettings(tokens=WriteTokens([TOKEN]), model="no_such_spacy_model")
    with TestClient(create_app(database, writing=settings)) as client:
        response = client.post("/api/articles", json={"text": MEETING}, headers=AUTH)
    assert response.status_code == 503
    assert response.json()["error"] == {"code": "E202", "message": "the coder cannot be loaded; the server log says why"}


def test_tokens_never_reach_the_log(writer, caplog):
    with caplog.at_level(logging.DEBUG):
        writer.post("/api/articles", json={"text": MEETING}, headers={"Authorization": f"Bearer {TOKEN}-wrong"})
        writer.post("/api/articles", json={"text": MEETING}, headers=AUTH)
    assert "refused" in caplog.text and "stored 1" in caplog.text
    assert TOKEN not in caplog.text


# -- tokens from a file and the environment ---------------------------------------------------------


def test_tokens_come_from_the_file_and_the_environment(tmp_path):
    token_file = tmp_path / "tokens"
    token_file.write_text(f"# writers\n\n  {TOKEN}  \n{OTHER_TOKEN}\n", encoding="utf-8")
    third = "third-token-from-env-0000"
    fourth = "fourth-token-from-env-000"
    tokens = WriteTokens.from_sources(token_file, environ={TOKENS_ENV: f"{third}, {fourth}"})
    assert len(tokens) == 4
    for token in (TOKEN, OTHER_TOKEN, third, fourth):
        assert tokens.matches(token)
    assert not tokens.matches("# writers") and not tokens.matches("")
    assert TOKEN not in repr(tokens)
    only_env = WriteTokens.from_sources(None, environ={TOKENS_ENV: third})
    assert len(only_env) == 1 and only_env.matches(third) and not only_env.matches(TOKEN)


def test_no_token_anywhere_leaves_writing_off():
    assert WriteTokens.from_sources(None, environ={}) is None
    assert WriteTokens.from_sources(None, environ={TOKENS_ENV: " , "}) is None


@pytest.mark.parametrize(
    "content, reason",
    [("# only a comment\n\n", "holds no token"), ("short\n", f"shorter than {MIN_TOKEN_CHARS}")],
)
def test_a_token_file_without_a_usable_token_is_refused(tmp_path, content, reason):
    token_file = tmp_path / "tokens"
    token_file.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        WriteTokens.from_sources(token_file, environ={})
    assert reason in str(caught.value)


def test_a_missing_token_file_is_refused(tmp_path):
    with pytest.raises(ConfigError) as caught:
        WriteTokens.from_sources(tmp_path / "nowhere", environ={TOKENS_ENV: TOKEN})
    assert "nowhere" in str(caught.value)


def test_a_short_token_in_the_environment_is_refused():
    with pytest.raises(ConfigError):
        WriteTokens.from_sources(None, environ={TOKENS_ENV: f"{TOKEN},abc"})


# -- the database while writing -------------------------------------------------------------------


def test_writing_creates_a_missing_duckdb_file_and_releases_it_at_shutdown(tmp_path, pipeline):
    path = tmp_path / "new.duckdb"
    with TestClient(writing_app(path, pipeline)) as client:
        assert client.get("/api/events/count").json() == {"count": 0}
        assert client.post("/api/articles", json={"text": MEETING, "id": "first"}, headers=AUTH).json()["stored"] == 1
        assert client.get("/api/articles/first").status_code == 200
    with open_store(path, read_only=True) as store:  # refused while any connection of the server were open
        assert store.has_article(content_hash(MEETING))


def test_the_api_description_shows_the_write_endpoint_and_its_token(writer):
    spec = writer.get("/openapi.json").json()
    post = spec["paths"]["/api/articles"]["post"]
    assert set(post["requestBody"]["content"]) == {"application/json", "text/plain", "text/html"}
    assert {"401", "403", "413", "415"} <= set(post["responses"])
    assert post["security"] == [{"HTTPBearer": []}]
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_writing_goes_through_the_store_layer_on_either_backend(new_target, backend_name, pipeline):
    target = write_sample(new_target("write"))
    with TestClient(writing_app(target, pipeline)) as client:
        report = client.post("/api/articles", json={"id": "either", "text": MEETING, "published": "2021-09-13"}, headers=AUTH)
        (result,) = report.json()["results"]
        assert result["status"] == "stored", result
        events = client.get("/api/events", params={"article_id": "either"}).json()["events"]
        assert len(events) == result["events"] >= 1
        assert client.get("/api/events/count").json() == {"count": 8 + result["events_new"]}
        readers = client.app.state.databases
        # PostgreSQL readers stay read-only sessions; DuckDB readers share the writer's
        # database, since one process cannot open a file both ways.
        assert readers.read_only is (backend_name == "postgresql")
        if backend_name == "postgresql":
            with readers.borrow() as db, pytest.raises(StoreError):
                db.store.backend.execute("CREATE TABLE intruder (i INTEGER)")
