"""What only the PostgreSQL backend has: placeholders, URLs without passwords, roles,
read-only sessions, the writers' lock, concurrent writers and migrations, snapshots.

Everything the two backends share runs on both in the other test modules; the
tests here that need a server use the session's throwaway one (tests/conftest.py).
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable

import psycopg
import pytest

from accord.errors import StoreError, StoreLockedError, StoreWriteError
from accord.query import Database
from accord.store import open_store, postgres
from accord.store.postgres import WRITER_LOCK_KEY, redact_url, to_pyformat
from accord.store.schema import latest_version
from tests.factories import ArticleBuilder, sample_corpus, write_sample


@pytest.fixture
def new_url(postgres_server) -> Callable[[], str]:
    return postgres_server.create_database


def count(store, table: str) -> int:
    return store.backend.query(f"SELECT count(*) FROM {table}")[0][0]


# -- no server needed ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("portable", "expected"),
    [
        ("SELECT ? + ?", "SELECT %s + %s"),
        ("SELECT '?' || ?", "SELECT '?' || %s"),
        ("SELECT 'it''s ?', ?", "SELECT 'it''s ?', %s"),
        ('SELECT "odd?name" FROM t WHERE x = ?', 'SELECT "odd?name" FROM t WHERE x = %s'),
        ("SELECT x LIKE '10%' FROM t WHERE y = ?", "SELECT x LIKE '10%%' FROM t WHERE y = %s"),
        ("SELECT 1 -- why? 50%\nWHERE a = ?", "SELECT 1 -- why? 50%%\nWHERE a = %s"),
        ("SELECT x % ? FROM t", "SELECT x %% %s FROM t"),
    ],
)
def test_placeholders_become_psycopg_ones_and_literal_percent_signs_are_doubled(portable, expected):
    assert to_pyformat(portable) == expected


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://ana:s3cret@db.example:5433/events", "postgresql://ana@db.example:5433/events"),
        ("postgres://ana:s3cret@db.example/events?sslmode=require", "postgresql://ana@db.example/events"),
        ("postgresql:///events?host=/run/postgresql", "postgresql:///events?host=/run/postgresql"),
    ],
)
def test_a_database_is_named_without_its_password(url, shown):
    assert redact_url(url) == shown


# -- one server --------------------------------------------------------------------------

@pytest.mark.postgres
def test_aggregates_come_back_as_numbers_not_decimals(new_url):
    url = write_sample(new_url())
    with Database(url) as db:
        total, mean = db.store.backend.query("SELECT sum(CAST(num_mentions AS BIGINT)), avg(quad_class) FROM events")[0]
    assert isinstance(total, int) and total == 9
    assert isinstance(mean, float)


@pytest.mark.postgres
def test_a_read_only_session_refuses_writes_and_keeps_the_data(new_url):
    url = write_sample(new_url())
    with open_store(url, read_only=True) as store:
        with pytest.raises(StoreWriteError) as caught:
            store.write(ArticleBuilder("x", ["Some new text."]).build())
        assert "read-only" in str(caught.value) and caught.value.code == "E303"
        assert count(store, "articles") == 4


@pytest.mark.postgres
def test_a_role_that_may_only_read_cannot_write(new_url, postgres_server):
    url = write_sample(new_url())
    role = f"reader_{url.rsplit('_', 1)[-1]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
        admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    reader_url = url.replace("://accord@", f"://{role}@", 1)
    with open_store(reader_url) as store:  # the schema is current: opening needs no write
        assert count(store, "events") == 8
        before = store.backend.query("SELECT last_id FROM id_counters ORDER BY name")
        with pytest.raises(StoreWriteError) as caught:
            store.write(ArticleBuilder("x", ["Some new text."]).build())
        assert "may not" in str(caught.value)
        assert count(store, "articles") == 4
        assert store.backend.query("SELECT last_id FROM id_counters ORDER BY name") == before


@pytest.mark.postgres
def test_a_writer_kept_waiting_too_long_gets_store_locked_error(new_url, monkeypatch):
    url = new_url()
    open_store(url).close()
    monkeypatch.setattr(postgres, "LOCK_TIMEOUT", "300ms")
    with psycopg.connect(url) as holder, open_store(url) as store:
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK_KEY,))  # a writer stuck mid-transaction
        with pytest.raises(StoreLockedError) as caught:
            store.write(sample_corpus()[0])
        assert "another writer" in str(caught.value) and caught.value.code == "E302"
        holder.rollback()
        assert store.write(sample_corpus()[0]).status == "written"


@pytest.mark.postgres
def test_text_with_a_nul_character_is_refused_for_that_article_only(new_url):
    with open_store(new_url()) as store:
        bad = ArticleBuilder("nul", ["A sentence with a \x00 inside it."])
        with pytest.raises(StoreWriteError, match="NUL"):
            store.write(bad.build())
        assert count(store, "articles") == 0
        assert store.write(sample_corpus()[0]).status == "written"


@pytest.mark.postgres
def test_a_lost_connection_is_a_store_error(new_url):
    with open_store(new_url()) as store:
        pid = store.backend.query("SELECT pg_backend_pid()")[0][0]
        with psycopg.connect(new_url(), autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(StoreError) as caught:
            store.write(sample_corpus()[0])
        assert store.target in str(caught.value)


@pytest.mark.postgres
def test_streams_read_one_snapshot_while_a_writer_commits(new_url):
    url = write_sample(new_url())
    with open_store(url) as reader, open_store(url) as writer:
        expected = reader.events_by_ids(range(1, 9))
        pages = reader.stream_events("TRUE", [], "e.event_day ASC NULLS LAST, e.event_id ASC", batch=2)
        first = next(pages)
        # Told between the first and the second page, and sorted among them.
        late = ArticleBuilder("late", ["Kazakhstan and Uzbekistan met again on the same day."])
        late.event("036", "KAZ", "UZB", date="2021-09-13")
        writer.write(late.build())
        streamed = [*first, *(event for page in pages for event in page)]
    assert sorted(streamed, key=lambda e: int(e.event_id)) == expected


@pytest.mark.postgres
def test_processes_opening_a_new_database_at_once_migrate_it_once(new_url):
    url = new_url()
    barrier = threading.Barrier(4)
    versions, errors = [], []

    def open_it() -> None:
        barrier.wait()
        try:
            with open_store(url) as store:
                versions.append(store.schema_version)
        except Exception as exc:  # collected: an exception in a thread would be lost
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert versions == [latest_version()] * 4
    with open_store(url) as store:
        assert count(store, "schema_version") == latest_version()


def _overlapping_articles() -> list:
    """Articles whose events join each other's: the same events told by several outlets."""
    texts = [
        "Azerbaijan and Turkey signed a defence pact in Baku.",
        "Russia criticised Azerbaijan over the border incident.",
        "Kazakhstan and Uzbekistan agreed to expand trade.",
    ]
    articles = []
    for number in range(12):
        outlet = f"Outlet {number}"
        article = ArticleBuilder(f"a{number}", [f"{text} ({outlet} report)" for text in texts], outlet=outlet)
        article.event("057", "AZE", "TUR", sentence=0, reciprocal=True, date="2021-09-12")
        article.event("111", "RUS", "AZE", sentence=1, date=f"2021-09-1{3 + number % 2}")
        article.event("0311", "KAZ", "UZB", sentence=2, date=None)
        article.fact("trade_turnover", ["KAZ", "UZB"], 5e9 + number * 1e6, sentence=2)
        articles.append(article.build())
    return articles


@pytest.mark.postgres
def test_concurrent_writers_of_overlapping_articles_store_each_article_and_event_once(new_url):
    url = new_url()
    open_store(url).close()
    articles = _overlapping_articles()
    barrier = threading.Barrier(4)
    errors: list[Exception] = []
    statuses: list[str] = []

    def writer(seed: int) -> None:
        order = list(articles)
        random.Random(seed).shuffle(order)
        try:
            with open_store(url) as store:
                barrier.wait()
                for coded in order:
                    statuses.append(store.write(coded).status)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert Counter(statuses) == {"written": 12, "skipped": 36}
    with open_store(url) as store:
        assert count(store, "articles") == 12
        # Every article's three events joined the same three stored events (the Russian
        # criticism is dated 13 or 14 September: one day apart, one event).
        events = store.backend.query("SELECT cameo, num_mentions, num_articles FROM events ORDER BY cameo")
        assert events == [("0311", 12, 12), ("057", 12, 12), ("111", 12, 12)]
        assert store.backend.query("SELECT count(*), count(DISTINCT fact_id) FROM fact_sources") == [(12, 1)]
        # Ids were handed out without gaps or repeats.
        assert store.backend.query("SELECT min(mention_id), max(mention_id), count(*) FROM event_mentions") == [
            (1, 36, 36)
        ]
        assert store.backend.query("SELECT last_id FROM id_counters WHERE name = 'event'") == [(3,)]
