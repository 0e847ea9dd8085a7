"""When reports in different articles are the same event or the same figure."""

from __future__ import annotations

from datetime import date

import pytest

from accord.store import open_store
from accord.store.identity import EventKey, date_rank, event_candidates_sql
from accord.store.rows import parse_event_date
from tests.factories import ArticleBuilder

FIRST = "Officials from both countries met and agreed on a plan."
SECOND = "Both governments confirmed a plan after the meeting."


@pytest.fixture
def store(new_target):
    with open_store(new_target()) as store:
        yield store


def write_event(
    store,
    article_id: str,
    code: str,
    source: str | None,
    target: str | None,
    *,
    outlet="Paper A",
    text: str = FIRST,
    **event,
):
    article = ArticleBuilder(article_id, [text + f" ({article_id})"], outlet=outlet)
    article.event(code, source, target, **event)
    return store.write(article.build())


def stored_events(store) -> int:
    return store.backend.query("SELECT count(*) FROM events")[0][0]


# (first report, second report, same event?)
CASES = [
    pytest.param(dict(date="2021-09-12"), dict(date="2021-09-12"), True, id="same day"),
    pytest.param(dict(date="2021-09-12"), dict(date="2021-09-13"), True, id="one day apart"),
    pytest.param(dict(date="2021-09-12"), dict(date="2021-09-14"), False, id="two days apart"),
    pytest.param(dict(date="2021-09"), dict(date="2021-09"), True, id="same month"),
    pytest.param(dict(date="2021-09"), dict(date="2021-10"), False, id="other month"),
    pytest.param(dict(date="2021-09"), dict(date="2021-09-01"), False, id="month and day"),
    pytest.param(dict(date="2021"), dict(date="2021"), True, id="same year"),
    pytest.param(dict(date="2021"), dict(date="2021-09"), False, id="year and month"),
    pytest.param(dict(date=None), dict(date="2021-09-12"), False, id="undated and dated"),
    pytest.param(dict(date=None), dict(date=None), True, id="undated, same code and actors"),
    pytest.param(dict(date=None), dict(date=None, code="040"), False, id="undated, other code of the root"),
    pytest.param(dict(date=None), dict(date=None, source="AZEMIL"), False, id="undated, other actor code"),
    pytest.param(dict(), dict(code="040"), True, id="same root, other code"),
    pytest.param(dict(), dict(code="051"), False, id="other root"),
    pytest.param(dict(), dict(source="TUR", target="AZE"), False, id="swapped, neither reciprocal"),
    pytest.param(dict(reciprocal=True), dict(source="TUR", target="AZE"), True, id="swapped, stored reciprocal"),
    pytest.param(dict(), dict(source="TUR", target="AZE", reciprocal=True), True, id="swapped, new reciprocal"),
    pytest.param(dict(), dict(target="GEO"), False, id="other target"),
    pytest.param(dict(target=None), dict(target=None), True, id="both without target"),
    pytest.param(dict(target=None), dict(), False, id="target only in one"),
    pytest.param(dict(location="Baku"), dict(location="baku"), True, id="same place"),
    pytest.param(dict(location="Baku"), dict(location="Ankara"), False, id="other place"),
    pytest.param(dict(location="Baku"), dict(), True, id="place unknown in one"),
    pytest.param(dict(), dict(location="Baku"), True, id="place unknown in the other"),
]


@pytest.mark.parametrize(("first", "second", "same"), CASES)
def test_identity_rules(store, first, second, same):
    defaults = dict(code="043", source="AZE", target="TUR", date="2021-09-12")
    write_event(store, "a", **{**defaults, **first})
    outcome = write_event(store, "b", **{**defaults, **second}, outlet="Paper B")
    assert stored_events(store) == (1 if same else 2)
    assert (outcome.events_merged, outcome.events_new) == ((1, 0) if same else (0, 1))


def test_a_merged_event_counts_mentions_articles_and_outlets(store):
    # Two articles from Paper A, one from Paper B, one without an outlet; one tells it twice.
    write_event(store, "a1", "057", "AZE", "TUR", outlet="Paper A", mentions=[])
    write_event(store, "a2", "057", "AZE", "TUR", outlet="paper a")
    write_event(store, "b1", "057", "AZE", "TUR", outlet="Paper B")
    article = ArticleBuilder("c1", [FIRST, SECOND], outlet=None)
    article.event("057", "AZE", "TUR", sentence=0, mentions=[1])
    store.write(article.build())
    assert stored_events(store) == 1
    (event,) = store.events_by_ids([1])
    assert event.num_mentions == 5
    assert event.num_articles == 4
    # "Paper A" and "paper a" are one outlet; an article without one counts as its own.
    assert event.num_sources == 3
    assert [m.article_id for m in event.mentions] == ["a1", "a2", "b1", "c1", "c1"]


def test_the_first_report_stays_the_representative(store):
    write_event(store, "a", "043", "AZE", "TUR", date="2021-09-12", location="Baku")
    write_event(store, "b", "040", "AZE", "TUR", date="2021-09-13", source_name="Someone")
    (event,) = store.events_by_ids([1])
    assert (event.cameo, event.date, event.article_id, event.location.name) == ("043", "2021-09-12", "a", "Baku")
    assert event.source.name is None
    assert event.mentions[1].cameo == "040"
    assert event.mentions[1].source.name == "Someone"


def test_a_date_from_the_text_replaces_a_publication_date(store):
    write_event(store, "a", "043", "AZE", "TUR", date="2021-09-13", date_source="publication")
    write_event(store, "b", "043", "AZE", "TUR", date="2021-09-12", date_source="text")
    (event,) = store.events_by_ids([1])
    assert (event.date, event.date_source, event.article_id) == ("2021-09-12", "text", "a")
    day = store.backend.query("SELECT event_day FROM events")[0][0]
    assert day == date(2021, 9, 12)


def test_the_closest_stored_event_wins(store):
    write_event(store, "a", "040", "AZE", "TUR", location="Baku")
    write_event(store, "b", "043", "AZE", "TUR", location="Ankara")
    assert stored_events(store) == 2
    # With no place, c and d match both stored events; each joins the one with its full code.
    write_event(store, "c", "043", "AZE", "TUR")
    write_event(store, "d", "040", "AZE", "TUR")
    write_event(store, "e", "042", "AZE", "TUR")
    # No stored event has 042: the oldest match wins.
    assert dict(store.backend.query("SELECT event_id, num_mentions FROM events")) == {1: 3, 2: 2}
    assert store.backend.query("SELECT event_id FROM event_mentions WHERE article_id = 'c'") == [(2,)]


def test_events_one_article_keeps_apart_stay_apart(store):
    article = ArticleBuilder("one", [FIRST, SECOND])
    article.event("043", "AZE", "TUR", sentence=0, date=None)
    article.event("043", "AZE", "TUR", sentence=1, date=None)
    article.event("040", "AZE", "TUR", sentence=1)
    article.event("040", "AZE", "TUR", sentence=0)
    outcome = store.write(article.build())
    assert (outcome.events_new, outcome.events_merged) == (4, 0)
    assert stored_events(store) == 4


def test_two_reports_in_a_new_article_can_both_join_one_stored_event(store):
    write_event(store, "a", "043", "AZE", "TUR")
    article = ArticleBuilder("b", [FIRST, SECOND])
    article.event("043", "AZE", "TUR", sentence=0)
    article.event("040", "AZE", "TUR", sentence=1)
    store.write(article.build())
    (event,) = store.events_by_ids([1])
    assert (event.num_mentions, event.num_articles) == (3, 2)


# -- facts --------------------------------------------------------------------------


def write_fact(store, article_id: str, value: float, *, outlet="Paper A", **fact):
    article = ArticleBuilder(article_id, [f"Trade reached a record level ({article_id})."], outlet=outlet)
    defaults = dict(countries=["AZE", "TUR"], period_start=date(2020, 1, 1), period_end=date(2020, 12, 31))
    article.fact("trade_turnover", value=value, **{**defaults, **fact})
    return store.write(article.build())


FACT_CASES = [
    pytest.param(dict(), dict(), True, id="same figure"),
    pytest.param(dict(), dict(countries=["TUR", "AZE"]), True, id="countries in another order"),
    pytest.param(dict(), dict(value=4.14e9), True, id="within 1%"),
    pytest.param(dict(), dict(value=4.2e9), False, id="2% apart"),
    pytest.param(dict(), dict(kind="target"), False, id="other kind"),
    pytest.param(dict(), dict(period_start=date(2021, 1, 1), period_end=date(2021, 12, 31)), False, id="other period"),
    pytest.param(dict(), dict(period_start=None, period_end=None), False, id="period unknown in one"),
    pytest.param(dict(), dict(countries=["AZE", "GEO"]), False, id="other countries"),
    pytest.param(dict(), dict(countries=["AZE", "TUR", "GEO"]), False, id="more countries"),
    pytest.param(dict(), dict(currency="EUR"), False, id="other currency"),
    pytest.param(dict(currency=None), dict(), True, id="currency unknown in one"),
]


@pytest.mark.parametrize(("first", "second", "same"), FACT_CASES)
def test_fact_identity_rules(store, first, second, same):
    first, second = dict(first), dict(second)  # the cases are shared by both backends' runs
    write_fact(store, "a", first.pop("value", 4.1e9), **first)
    outcome = write_fact(store, "b", second.pop("value", 4.1e9), outlet="Paper B", **second)
    assert store.backend.query("SELECT count(*) FROM facts")[0][0] == (1 if same else 2)
    assert (outcome.facts_merged, outcome.facts_new) == ((1, 0) if same else (0, 1))


def test_only_events_a_report_could_join_are_fetched(store):
    """The candidate query is narrow: its cost must not grow with everything stored."""
    stored = {
        "same pair, same day": ("043", "AZE", "TUR", "2021-09-12"),
        "pair swapped, next day": ("040", "TUR", "AZE", "2021-09-13"),
        "same pair, month": ("043", "AZE", "TUR", "2021-09"),
        "two days later": ("043", "AZE", "TUR", "2021-09-14"),
        "other root": ("051", "AZE", "TUR", "2021-09-12"),
        "other pair": ("043", "AZE", "GEO", "2021-09-12"),
        "undated": ("043", "AZE", "TUR", None),
        "no target": ("043", "AZE", None, "2021-09-12"),
    }
    ids = {}
    for n, (label, (code, source, target, day)) in enumerate(stored.items()):
        write_event(store, f"a{n}", code, source, target, date=day, text=f"{FIRST} {label}")
        ids[label] = store.backend.query("SELECT max(event_id) FROM events")[0][0]

    def key(root, source, target, value, precision):
        _, day = parse_event_date(value, precision, item="test")
        return EventKey(root, root + "0", source, target, source, target, False, precision, value, day, None)

    def fetched(*keys):
        sql, params = event_candidates_sql(keys)
        found = {row[0] for row in store.backend.query(sql, params)}
        return {label for label, event_id in ids.items() if event_id in found}

    # A batch's reports together span other roots, countries and years: that must not
    # widen what each of them fetches.
    elsewhere = key("05", "GEO", "ARM", "2023-01-01", "day")
    assert fetched(key("04", "AZE", "TUR", "2021-09-12", "day"), elsewhere) == {
        "same pair, same day",
        "pair swapped, next day",
    }
    assert fetched(key("04", "AZE", "TUR", "2021-09", "month"), elsewhere) == {"same pair, month"}
    assert fetched(key("04", "TUR", "AZE", None, None), elsewhere) == {"undated"}
    assert fetched(key("04", "AZE", None, "2021-09-11", "day"), elsewhere) == {"no target"}


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_events_on_the_first_and_last_days_of_the_calendar_are_stored_and_merged(store, day):
    write_event(store, "a", "057", "AZE", "TUR", date=day)
    outcome = write_event(store, "b", "057", "AZE", "TUR", date=day, outlet="Paper B")
    assert (outcome.events_merged, outcome.events_new) == (1, 0)
    assert store.backend.query("SELECT date_value, num_articles FROM events") == [(day, 2)]


def test_a_merged_fact_lists_every_source(store):
    write_fact(store, "a", 4.1e9, outlet="Paper A")
    write_fact(store, "b", 4.1e9, outlet="Paper A")
    write_fact(store, "c", 4.12e9, outlet="Paper B")
    (fact,) = store.facts_by_ids([1])
    assert [source.article_id for source in fact.sources] == ["a", "b", "c"]
    assert (fact.num_articles, fact.num_sources) == (3, 2)
    assert fact.value == 4.1e9


def test_date_rank_orders_precision_then_source():
    ranks = [
        date_rank(None, None),
        date_rank("year", "text"),
        date_rank("month", "publication"),
        date_rank("day", "publication"),
        date_rank("day", "text"),
    ]
    assert ranks == sorted(ranks)
    assert len(set(ranks)) == len(ranks)
