"""Writing coded articles: one transaction each, skipping, recoding, labels, refusals."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import duckdb
import pytest

from accord.errors import StoreError, StoreWriteError
from accord.records import Mention
from accord.store import Store, open_store
from accord.store.backend import DuckDBBackend
from tests.factories import ArticleBuilder, FailingConnection, actor, sample_corpus


@pytest.fixture
def store(new_target):
    """A fresh store of each backend (see tests/conftest.py)."""
    with open_store(new_target()) as store:
        yield store


@pytest.fixture
def duckdb_store(tmp_path):
    with open_store(tmp_path / "store.duckdb") as store:
        yield store


def count(store: Store, table: str) -> int:
    return store.backend.query(f"SELECT count(*) FROM {table}")[0][0]


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, to compare before and after a failed write."""
    tables = ("articles", "sentences", "actors", "actor_mentions", "events", "event_mentions", "facts", "fact_sources")
    return {table: sorted(map(repr, store.backend.query(f"SELECT * FROM {table}"))) for table in tables}


def pact_article(article_id: str = "pact", **fields) -> ArticleBuilder:
    article = ArticleBuilder(
        article_id,
        ["Azerbaijan and Turkey signed a defence pact in Baku.", "Trade reached 5 billion dollars."],
        **fields,
    )
    article.event("057", "AZE", "TUR", sentence=0, reciprocal=True, location="Baku")
    article.fact("trade_turnover", ["AZE", "TUR"], 5e9, sentence=1)
    return article


# -- writing and reading back ---------------------------------------------------------


def test_an_article_and_all_its_rows_are_written(store):
    coded = sample_corpus()[0]
    outcome = store.write(coded)
    assert outcome.status == "written"
    assert outcome.article_id == "caspian-1"
    assert outcome.content_hash == coded.article.content_hash
    assert (outcome.events_new, outcome.events_merged, outcome.facts_new) == (4, 0, 1)
    assert count(store, "articles") == 1
    assert count(store, "sentences") == len(coded.sentences)
    assert count(store, "events") == 4
    assert count(store, "facts") == 1
    assert store.has_article(coded.article.content_hash)


def test_stored_hashes_says_which_texts_are_stored_in_one_question(store):
    first, second = sample_corpus()[:2]
    store.write(first)
    wanted = [first.article.content_hash, second.article.content_hash, first.article.content_hash]
    assert store.stored_hashes(wanted) == {first.article.content_hash}
    assert store.stored_hashes([]) == set()


def test_events_come_back_as_records_with_every_field_and_mention(store):
    article = ArticleBuilder("one", ["Kazakh and Uzbek ministers met in Tashkent.", "They met again later."])
    written = article.event(
        "040",
        "KAZGOV",
        "UZBGOV",
        sentence=0,
        reciprocal=True,
        location="Tashkent",
        source_name="Aida Serik",
        source_role="Foreign Minister",
        mentions=[1],
        trigger="met",
    )
    store.write(article.build())
    (event,) = store.events_by_ids([1])
    assert event.event_id == "1"
    assert event.model_dump(
        exclude={"event_id", "mentions", "num_mentions", "num_articles", "num_sources", "source", "target"}
    ) == (
        written.model_dump(
            exclude={"event_id", "mentions", "num_mentions", "num_articles", "num_sources", "source", "target"}
        )
    )
    assert event.source.model_dump(exclude={"actor_id"}) == written.source.model_dump(exclude={"actor_id"})
    assert event.source.actor_id == "person:aida-serik"
    assert event.target.actor_id == "code:UZBGOV"
    assert [(m.article_id, m.sentence_index, m.span, m.trigger) for m in event.mentions] == [
        ("one", 0, article.span(0), "met"),
        ("one", 1, article.span(1), "met"),
    ]
    assert (event.num_mentions, event.num_articles, event.num_sources) == (2, 1, 1)


def test_a_mention_that_names_another_actor_keeps_it(store):
    article = ArticleBuilder("meet", ["The minister met his Georgian colleague.", "He later met the Armenian envoy."])
    event = article.event("040", "AZEGOV", "GEO", sentence=0, date="2021-05-04")
    event.mentions.append(
        Mention(article_id="meet", sentence_index=1, span=article.span(1), cameo="042", target=actor("ARM"))
    )
    store.write(article.build())
    (stored,) = store.events_by_ids([1])
    assert stored.mentions[0].target is None and stored.mentions[0].cameo is None
    assert stored.mentions[1].target.code == "ARM"
    assert stored.mentions[1].cameo == "042"
    cameo, target = store.backend.query("SELECT cameo, target_code FROM event_mentions WHERE sentence_index = 1")[0]
    assert (cameo, target) == ("042", "ARM")


def test_reading_many_ids_at_once_skips_unknown_ones(store):
    for coded in sample_corpus():
        store.write(coded)
    wanted = [8, *range(1000, 1300), 2, 5]
    assert [event.event_id for event in store.events_by_ids(wanted)] == ["8", "2", "5"]
    assert [fact.fact_id for fact in store.facts_by_ids([*range(100, 400), 2, 1])] == ["2", "1"]
    assert store.events_by_ids([]) == [] and store.facts_by_ids([]) == []


def test_streamed_events_come_in_order_with_their_mentions(store):
    for coded in sample_corpus():
        store.write(coded)
    pages = list(store.stream_events("TRUE", [], "e.event_day ASC NULLS LAST, e.event_id ASC", batch=3))
    assert [len(page) for page in pages] == [3, 3, 2]
    streamed = [event for page in pages for event in page]
    assert [e.event_id for e in streamed] == ["1", "2", "3", "5", "7", "6", "8", "4"]
    assert streamed == store.events_by_ids([int(e.event_id) for e in streamed])
    assert [m.article_id for m in streamed[1].mentions] == ["caspian-1", "harbour-2"]


def test_facts_come_back_with_their_sources(store):
    coded = pact_article().build()
    store.write(coded)
    (fact,) = store.facts_by_ids([1])
    assert fact.indicator == "trade_turnover"
    assert fact.countries == ["AZE", "TUR"]
    assert fact.value == 5e9
    assert [(s.article_id, s.sentence_index) for s in fact.sources] == [("pact", 1)]
    assert (fact.num_articles, fact.num_sources) == (1, 1)


def test_actors_are_canonical_and_each_mention_keeps_its_role(store):
    for coded in sample_corpus():
        store.write(coded)
    rows = store.backend.query("SELECT actor_id, kind, code, name FROM actors WHERE kind = 'person' ORDER BY actor_id")
    assert rows == [
        ("person:dana-whitfield", "person", "USAGOV", "Dana Whitfield"),
        ("person:rauf-mammadli", "person", "AZEMIL", "Rauf Mammadli"),
        ("person:selim-kaya", "person", "TURGOV", "Selim Kaya"),
    ]
    roles = store.backend.query("SELECT role FROM actor_mentions WHERE actor_id = 'person:selim-kaya'")
    assert roles == [("Defence Minister",)]


# -- identity of articles ---------------------------------------------------------


def test_the_same_text_again_is_skipped_and_changes_nothing(store):
    store.write(pact_article().build())
    before = snapshot(store)
    again = pact_article("other-name")
    # Different whitespace, same words: the same article.
    again.article.text = again.article.text.replace(" ", "  ", 1)
    outcome = store.write(again.build())
    assert outcome.status == "skipped"
    assert outcome.article_id == "pact"
    assert snapshot(store) == before


def test_a_different_text_under_a_taken_id_gets_a_suffixed_label(store):
    first = store.write(pact_article("a").build())
    other = ArticleBuilder("a", ["Georgia and Armenia opened a border crossing."])
    other.event("061", "GEO", "ARM", sentence=0)
    second = store.write(other.build())
    assert first.article_id == "a"
    assert second.article_id == f"a~{second.content_hash[:8]}"
    mentions = store.backend.query("SELECT DISTINCT article_id FROM event_mentions ORDER BY article_id")
    assert mentions == [("a",), (second.article_id,)]
    assert store.backend.query("SELECT given_id FROM articles WHERE article_id = ?", (second.article_id,)) == [("a",)]


# -- one transaction per article --------------------------------------------------


def test_a_failure_half_way_keeps_nothing_of_the_article_and_touches_nothing_stored(store, monkeypatch):
    corpus = sample_corpus()
    store.write(corpus[0])
    before = snapshot(store)

    def fail(*args, **kwargs):
        raise StoreWriteError("the disk filled up while writing facts", item="test")

    # harbour-2 merges an event and a fact into caspian-1's: by the time facts are
    # written, its article, sentences, actors and event mentions are already in.
    monkeypatch.setattr(Store, "_write_facts", fail)
    with pytest.raises(StoreWriteError):
        store.write(corpus[1])
    assert snapshot(store) == before
    assert not store.has_article(corpus[1].article.content_hash)

    monkeypatch.undo()
    assert store.write(corpus[1]).status == "written"
    assert store.events_by_ids([2])[0].num_articles == 2


def test_a_failed_recode_keeps_the_previous_coding(store, monkeypatch):
    coded = pact_article().build()
    store.write(coded)
    before = snapshot(store)
    monkeypatch.setattr(Store, "_write_facts", lambda *a, **k: (_ for _ in ()).throw(StoreWriteError("full")))
    with pytest.raises(StoreWriteError):
        store.write(coded, replace=True)
    assert snapshot(store) == before


def test_items_pointing_outside_the_text_are_refused_before_anything_is_written(store):
    article = pact_article()
    article.events[0].span = (0, 10_000)
    with pytest.raises(StoreWriteError, match="outside the text"):
        store.write(article.build())
    bad_sentence = pact_article("b")
    bad_sentence.facts[0].sentence_index = 7
    with pytest.raises(StoreWriteError, match="sentence 7"):
        store.write(bad_sentence.build())
    assert count(store, "articles") == 0


@pytest.mark.parametrize("bad", ["\ud800", "\x00"], ids=["lone surrogate", "NUL"])
def test_text_a_database_cannot_hold_is_refused_for_that_article_only(store, backend_name, bad):
    article = pact_article("odd")
    article.sentences[1] = article.sentences[1].model_copy(update={"text": f"Trade {bad} reached."})
    if bad == "\x00" and backend_name == "duckdb":
        assert store.write(article.build()).status == "written"  # DuckDB keeps NUL characters
        return
    with pytest.raises(StoreWriteError):
        store.write(article.build())
    assert count(store, "articles") == 0
    assert store.write(pact_article().build()).status == "written"


def test_a_malformed_event_date_is_refused(store):
    article = pact_article()
    article.events[0].date = "12 Sept 2021"
    article.events[0].date_precision = None
    with pytest.raises(StoreWriteError, match="12 Sept 2021"):
        store.write(article.build())
    article.events[0].date = "2021-02-30"
    article.events[0].date_precision = "day"
    with pytest.raises(StoreWriteError, match="not a calendar date"):
        store.write(article.build())
    assert count(store, "articles") == 0


# -- recoding ------------------------------------------------------------------------


def test_recode_replaces_the_articles_rows(store):
    store.write(pact_article().build())
    recoded = pact_article()
    recoded.events.clear()
    recoded.event("036", "AZE", "TUR", sentence=0, date="2021-07-01")
    recoded.coder = "better-coder 2"
    outcome = store.write(recoded.build(), replace=True)
    assert outcome.status == "replaced"
    assert outcome.article_id == "pact"
    assert store.backend.query("SELECT cameo FROM events") == [("036",)]
    assert store.backend.query("SELECT count(*) FROM event_mentions") == [(1,)]
    assert store.backend.query("SELECT coder FROM articles") == [("better-coder 2",)]
    assert count(store, "sentences") == 2
    assert count(store, "facts") == 1


def test_recode_keeps_events_others_told_and_picks_a_new_representative(store):
    caspian, harbour = sample_corpus()[:2]
    store.write(caspian)
    store.write(harbour)
    (shared,) = store.events_by_ids([2])
    assert shared.article_id == "caspian-1" and shared.num_articles == 2

    # caspian-1 recoded without the signing: the event stays, told by harbour-2 alone.
    recoded = caspian.model_copy(deep=True)
    recoded.events = [event for event in recoded.events if event.cameo != "057"]
    recoded.facts = []
    store.write(recoded, replace=True)
    (shared,) = store.events_by_ids([2])
    assert shared.article_id == "harbour-2"
    assert (shared.source.code, shared.target.code) == ("TUR", "AZE")
    assert (shared.num_mentions, shared.num_articles, shared.num_sources) == (1, 1, 1)
    (fact,) = store.facts_by_ids([1])
    assert fact.article_id == "harbour-2" and fact.num_articles == 1

    # and recoding harbour-2 with nothing in it leaves no event or fact without a teller
    empty = harbour.model_copy(deep=True)
    empty.events, empty.facts = [], []
    store.write(empty, replace=True)
    assert store.events_by_ids([2]) == []
    assert count(store, "facts") == 0
    orphans = store.backend.query(
        "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = e.event_id)"
    )
    assert orphans == [(0,)]


def test_recode_drops_actors_no_article_names_any_more(store):
    coded = sample_corpus()[3]
    store.write(coded)
    assert store.backend.query("SELECT count(*) FROM actors WHERE actor_id = 'person:dana-whitfield'") == [(1,)]
    recoded = coded.model_copy(deep=True)
    recoded.events = []
    store.write(recoded, replace=True)
    assert store.backend.query("SELECT count(*) FROM actors") == [(0,)]
    assert store.backend.query("SELECT count(*) FROM actor_mentions") == [(0,)]


# -- opening ---------------------------------------------------------------------------


def test_an_unreachable_postgresql_server_is_a_clear_error_without_the_password():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(StoreError) as caught:
        open_store(f"postgresql://user:secret@127.0.0.1:{port}/accord")
    message = str(caught.value)
    assert message.startswith(f"postgresql://user@127.0.0.1:{port}/accord: cannot connect")
    assert "cannot be reached" in message
    assert "secret" not in message


def test_an_in_memory_store_works_for_throwaway_use():
    with open_store(":memory:") as store:
        assert store.write(pact_article().build()).status == "written"


@pytest.mark.skipif(
    os.geteuid() == 0 and shutil.which("setpriv") is None,
    reason="as root, a read-only file needs setpriv to test as an unprivileged user",
)
def test_a_read_only_file_is_a_write_error_and_its_data_stay_readable():
    # A folder anyone can enter, so that an unprivileged user can reach the file.
    folder = Path(tempfile.mkdtemp(prefix="accord-ro-"))
    try:
        folder.chmod(0o755)
        path = folder / "ro.duckdb"
        with open_store(path) as store:
            store.write(pact_article().build())
        path.chmod(0o444)
        script = textwrap.dedent(f"""
            from accord.errors import StoreWriteError
            from accord.store import open_store
            try:
                open_store({str(path)!r})
            except StoreWriteError as exc:
                print("refused:", exc)
            with open_store({str(path)!r}, read_only=True) as store:
                print("articles:", store.backend.query("SELECT count(*) FROM articles")[0][0])
        """)
        command = [sys.executable, "-c", script]
        if os.geteuid() == 0:
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert "refused:" in result.stdout and "[E303]" in result.stdout
        assert "articles: 1" in result.stdout
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_full_disk_while_writing_keeps_what_was_stored(duckdb_store):
    # A disk that fills at a chosen statement; tests/store/test_faults.py fills a real one.
    store = duckdb_store
    store.write(pact_article().build())
    before = snapshot(store)
    backend: DuckDBBackend = store.backend  # type: ignore[assignment]
    backend._connection = FailingConnection(
        backend._connection, "INSERT INTO event_mentions", duckdb.IOException("IO Error: No space left on device")
    )
    other = ArticleBuilder("b", ["Georgia and Armenia opened a border crossing."])
    other.event("061", "GEO", "ARM", sentence=0)
    with pytest.raises(StoreWriteError, match="refuses writes"):
        store.write(other.build())
    backend._connection = backend._connection.connection
    assert snapshot(store) == before


# -- writing many articles in one transaction ----------------------------------------------

TABLES = ("articles", "sentences", "actors", "actor_mentions", "events", "event_mentions", "facts", "fact_sources")
# Columns that differ between two writes of the same articles only by the clock.
CLOCK_COLUMNS = {"coded_at", "added_at"}


def table_rows(store: Store, table: str) -> list[tuple]:
    columns = [
        name for name in store.backend.query_columns(f"SELECT * FROM {table} LIMIT 0")[0] if name not in CLOCK_COLUMNS
    ]
    return sorted(store.backend.query(f"SELECT {', '.join(columns)} FROM {table}"), key=repr)


def test_write_many_stores_exactly_what_one_by_one_writes_store(new_target):
    # the sample corpus has events and figures that later articles join (event 2, the
    # trade figures): inside one batch they must join the staged rows, with the same ids
    articles = sample_corpus()
    with open_store(new_target()) as one_by_one, open_store(new_target()) as batched:
        for coded in articles:
            one_by_one.write(coded)
        outcomes = batched.write_many(articles)
        assert [o.status for o in outcomes] == ["written"] * len(articles)
        for table in TABLES:
            assert table_rows(batched, table) == table_rows(one_by_one, table), table


def test_write_many_outcomes_say_what_joined(store):
    articles = sample_corpus()
    singles = []
    with open_store(":memory:") as reference:
        singles = [reference.write(coded) for coded in articles]
    batched = store.write_many(articles)
    assert [(o.events_new, o.events_merged, o.facts_new, o.facts_merged) for o in batched] == [
        (o.events_new, o.events_merged, o.facts_new, o.facts_merged) for o in singles
    ]


def test_write_many_skips_texts_stored_before_and_repeated_in_the_batch(store):
    first, *rest = sample_corpus()
    store.write(first)
    outcomes = store.write_many([first, *rest, rest[0]])
    assert outcomes[0].status == "skipped" and outcomes[-1].status == "skipped"
    assert outcomes[-1].article_id == outcomes[1].article_id
    assert count(store, "articles") == 1 + len(rest)


def test_a_refused_article_in_a_batch_costs_only_itself(store):
    good = sample_corpus()
    bad = ArticleBuilder("broken", ["A sentence."]).build()
    bad.sentences[0].end = 10_000  # points outside the text
    outcomes = store.write_many([good[0], bad, *good[1:]])
    assert isinstance(outcomes[1], StoreWriteError) and "outside the text" in str(outcomes[1])
    assert all(not isinstance(o, StoreError) for i, o in enumerate(outcomes) if i != 1)
    assert count(store, "articles") == len(good)


def test_a_batch_that_fails_while_writing_falls_back_to_one_transaction_each(store, monkeypatch):
    articles = sample_corpus()
    real_flush = Store._flush
    calls = {"n": 0}

    def flaky_flush(self, batch):
        calls["n"] += 1
        if len(batch.labels) > 1:  # the batch, not the single-article retries
            raise StoreWriteError("the disk filled up", item="batch")
        return real_flush(self, batch)

    monkeypatch.setattr(Store, "_flush", flaky_flush)
    outcomes = store.write_many(articles)
    assert [o.status for o in outcomes] == ["written"] * len(articles)
    assert calls["n"] == 1 + len(articles)
    assert count(store, "articles") == len(articles)
