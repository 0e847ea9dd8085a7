"""Database: every filter, pagination, provenance, facts, articles, actors, stats, series, search.

The sample corpus (tests.factories.sample_corpus) lists the events it stores and their ids.
"""

from __future__ import annotations

from datetime import date

import pytest

from accord.errors import NotFoundError, QueryError, StoreError
from accord.query import Database, EventFilter, open_database
from accord.store import open_store
from tests.factories import ArticleBuilder, write_sample

DATE_ORDER = ["1", "2", "3", "5", "7", "6", "8", "4"]


@pytest.fixture(scope="module")
def db(module_target):
    path = write_sample(module_target())
    with open_database(path) as database:
        yield database


def ids(page) -> list[str]:
    return [event.event_id for event in page.events]


# -- filters ------------------------------------------------------------------------------


def test_all_events_come_by_date_then_id_with_undated_last(db):
    assert ids(db.events()) == DATE_ORDER


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (dict(country="AZE"), ["1", "2", "3", "5", "4"]),
        (dict(country="ukr"), ["7"]),
        (dict(dyad="AZE-TUR"), ["1", "2", "4"]),
        (dict(dyad="TUR-AZE"), ["1", "2", "4"]),
        (dict(dyad="AZE-TUR", directed=True), ["1", "2", "4"]),
        (dict(dyad="TUR-AZE", directed=True), []),
        (dict(dyad="RUS-AZE", directed=True), ["3"]),
        (dict(source="RUS"), ["3", "7"]),
        (dict(target="AZE"), ["3", "5"]),
        (dict(root="11"), ["3", "5"]),
        (dict(root="03"), ["6"]),
        (dict(code="057"), ["2"]),
        (dict(code="03"), ["6"]),
        (dict(code="0311"), ["6"]),
        (dict(code="031"), ["6"]),
        (dict(quad=4), ["7", "8"]),
        (dict(quad=3), ["3", "5"]),
        (dict(since="2022-01-01"), ["7", "6", "8"]),
        (dict(until="2021-09-13"), ["1", "2", "3"]),
        (dict(since="2021-09-13", until="2021-09-14"), ["3", "5"]),
        # A month-precision date counts as its first day: 2022-03 is on 2022-03-01.
        (dict(since="2022-03-01", until="2022-03-01"), ["6", "8"]),
        (dict(since="2022-03-02"), []),
        (dict(article_id="harbour-2"), ["2", "5"]),
        (dict(article_id="caspian-1"), ["1", "2", "3", "4"]),
        (dict(actor_id="person:selim-kaya"), ["1"]),
        (dict(actor_id="country:TUR"), ["2", "4"]),
        (dict(text="MEMORANDUM"), ["2"]),
        (dict(text="condemned"), ["5"]),
        (dict(text="no such words"), []),
        (dict(country="AZE", root="05", since="2021-01-01"), ["2"]),
        (dict(dyad="AZE-TUR", quad=2), ["4"]),
        (dict(country="XYZ"), []),
    ],
)
def test_filters(db, params, expected):
    assert ids(db.events(**params)) == expected
    assert db.count_events(**params) == len(expected)


def test_a_filter_object_and_keywords_combine(db):
    assert ids(db.events(EventFilter(country="AZE"), root="11")) == ["3", "5"]


def test_a_bad_filter_is_a_query_error(db):
    with pytest.raises(QueryError) as caught:
        db.events(dyad="AZE/TUR")
    assert caught.value.item == "dyad"


# -- pagination -----------------------------------------------------------------------------


@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize("size", [1, 2, 3, 7, 8, 100])
def test_pages_cover_every_event_once_in_order(db, order, size):
    seen: list[str] = []
    cursor = None
    while True:
        page = db.events(limit=size, cursor=cursor, order=order)
        assert len(page.events) <= size
        seen += ids(page)
        cursor = page.next_cursor
        if cursor is None:
            break
    dated, undated = DATE_ORDER[:-1], DATE_ORDER[-1:]
    assert seen == (dated if order == "asc" else dated[::-1]) + undated


def test_the_last_page_has_no_cursor(db):
    assert db.events(limit=8).next_cursor is None
    assert db.events(limit=7).next_cursor is not None


def test_pages_stay_stable_while_new_events_arrive(new_target):
    path = write_sample(new_target())
    with Database(path, read_only=False) as database:
        first = database.events(limit=3)
        assert ids(first) == DATE_ORDER[:3]
        late = ArticleBuilder("late", ["Georgia and Armenia reopened a border crossing in 2019."])
        late.event("061", "GEO", "ARM", date="2019-05-01")  # before every page so far
        database.store.write(late.build())
        rest = database.events(cursor=first.next_cursor)
        assert ids(rest) == DATE_ORDER[3:]


def test_iter_events_walks_every_page(db):
    assert [event.event_id for event in db.iter_events(batch=2)] == DATE_ORDER
    assert [event.event_id for event in db.iter_events(country="AZE", batch=1)] == ["1", "2", "3", "5", "4"]


# -- one event ----------------------------------------------------------------------------------


def test_an_event_comes_with_every_place_it_is_told(db):
    detail = db.event("2")
    assert detail.event.cameo == "057"
    assert (detail.event.num_mentions, detail.event.num_articles, detail.event.num_sources) == (2, 2, 2)
    assert [(s.article_id, s.outlet, s.sentence_index) for s in detail.sources] == [
        ("caspian-1", "Caspian Ledger", 1),
        ("harbour-2", "Harbour Times", 0),
    ]
    first, second = detail.sources
    assert first.quote == first.sentence == "The two sides signed a memorandum on military training."
    assert second.quote.startswith("Turkey and Azerbaijan signed")
    assert (second.source.code, second.target.code) == ("TUR", "AZE")
    assert first.url == "https://news.example/caspian-1"


@pytest.mark.parametrize("event_id", ["999", "abc", 0])
def test_an_unknown_event_is_not_found(db, event_id):
    with pytest.raises(NotFoundError):
        db.event(event_id)


def test_sentences_of_a_page(db):
    page = db.events(article_id="harbour-2")
    assert db.sentences_of(page.events) == {
        "2": "The two sides signed a memorandum on military training.",
        "5": "Armenia condemned the agreement on Tuesday.",
    }
    assert db.sentences_of([]) == {}


# -- facts ------------------------------------------------------------------------------------


def test_facts_by_country_indicator_kind_and_article(db):
    assert [f.fact_id for f in db.facts()] == ["1", "2"]
    assert [f.fact_id for f in db.facts(countries=["TUR"])] == ["1"]
    assert [f.fact_id for f in db.facts(countries="UZB,KAZ")] == ["2"]
    assert [f.fact_id for f in db.facts(countries=["AZE", "UZB"])] == []
    assert [f.fact_id for f in db.facts(kind="target")] == ["2"]
    assert [f.fact_id for f in db.facts(indicator="trade_turnover", kind="actual")] == ["1"]
    assert [f.fact_id for f in db.facts(article_id="harbour-2")] == ["1"]
    assert [f.fact_id for f in db.facts(limit=1)] == ["1"]
    (fact,) = db.facts(countries=["AZE"])
    assert [s.article_id for s in fact.sources] == ["caspian-1", "harbour-2"]
    assert fact.period_start == date(2020, 1, 1)


# -- articles -----------------------------------------------------------------------------------


def test_articles_newest_first_with_counts(db):
    articles = db.articles()
    assert [a.article_id for a in articles] == ["wire-4", "steppe-3", "harbour-2", "caspian-1"]
    counts = {a.article_id: (a.num_events, a.num_facts) for a in articles}
    assert counts == {"caspian-1": (4, 1), "harbour-2": (2, 1), "steppe-3": (2, 1), "wire-4": (1, 0)}
    assert [a.article_id for a in db.articles(limit=1, offset=1)] == ["steppe-3"]
    with pytest.raises(QueryError):
        db.articles(limit=0)


def test_an_article_with_everything_coded_from_it(db):
    coded = db.article("harbour-2")
    assert coded.article.outlet == "Harbour Times"
    assert coded.article.text.startswith("Turkey and Azerbaijan signed")
    assert [s.index for s in coded.sentences] == [0, 1, 2]
    assert [e.event_id for e in coded.events] == ["2", "5"]
    assert [f.fact_id for f in coded.facts] == ["1"]
    assert {a.actor_id for a in coded.actors} == {"country:TUR", "country:AZE", "country:ARM"}
    assert coded.coder == "tests.factories"
    with pytest.raises(NotFoundError):
        db.article("nothing-here")


def test_search_finds_words_in_article_text(db):
    hits = db.search("billion DOLLARS")
    assert [hit.article.article_id for hit in hits] == ["steppe-3", "harbour-2", "caspian-1"]
    assert "billion dollars" in hits[0].snippet
    assert db.search("percent") == []
    with pytest.raises(QueryError):
        db.search("   ")


def test_article_summaries_for_a_page_of_events(db):
    found = db.article_summaries(["wire-4", "caspian-1", "wire-4", "missing"])
    assert sorted(found) == ["caspian-1", "wire-4"]
    assert found["wire-4"].published == date(2022, 3, 30)
    assert found["caspian-1"].num_events is None  # not counted for this use
    assert db.article_summaries([]) == {}


def test_iter_pages_gives_batches(db):
    assert [[e.event_id for e in page] for page in db.iter_pages(batch=3)] == [
        DATE_ORDER[:3],
        DATE_ORDER[3:6],
        DATE_ORDER[6:],
    ]
    assert list(db.iter_pages(country="ZZZ")) == []


# -- actors ---------------------------------------------------------------------------------------


def test_actors_most_named_first_with_filters(db):
    actors = db.actors()
    # Russia is named in three articles; the factory gives actors no spans, so each
    # article's naming of a country counts once.
    assert (actors[0].actor_id, actors[0].num_mentions, actors[0].num_articles) == ("country:RUS", 3, 3)
    assert [a.num_mentions for a in actors] == sorted((a.num_mentions for a in actors), reverse=True)
    people = db.actors(kind="person")
    assert [a.actor_id for a in people] == ["person:dana-whitfield", "person:rauf-mammadli", "person:selim-kaya"]
    assert people[2].roles == ["Defence Minister"]
    assert [a.actor_id for a in db.actors(country="usa")] == ["person:dana-whitfield"]
    assert [a.actor_id for a in db.actors(name="kaya")] == ["person:selim-kaya"]


def test_one_actor_with_roles_and_events(db):
    detail = db.actor("person:rauf-mammadli")
    assert detail.actor.roles == ["Chief of General Staff"]
    assert detail.actor.code == "AZEMIL"
    assert [e.event_id for e in detail.events] == ["1"]
    with pytest.raises(NotFoundError):
        db.actor("person:nobody")


# -- aggregates ---------------------------------------------------------------------------------


def test_stats(db):
    stats = db.stats()
    assert (stats.events, stats.mentions, stats.articles, stats.facts, stats.undated_events) == (8, 9, 4, 2, 1)
    assert [(c.key, c.count) for c in stats.by_root] == [
        ("03", 1),
        ("04", 1),
        ("05", 1),
        ("06", 1),
        ("11", 2),
        ("16", 1),
        ("19", 1),
    ]
    assert stats.by_root[0].name == "EXPRESS INTENT TO COOPERATE"
    assert {c.key: c.count for c in stats.by_country} == {
        "AZE": 5,
        "TUR": 3,
        "RUS": 3,
        "ARM": 1,
        "KAZ": 1,
        "UZB": 1,
        "UKR": 1,
        "USA": 1,
    }
    assert stats.by_country[0].key == "AZE"
    assert [(c.key, c.count) for c in stats.by_month] == [("2021-09", 4), ("2022-02", 1), ("2022-03", 2)]


def test_dyad_series_by_month_fills_empty_months(db):
    points = db.dyad_series("AZE", None, interval="month")
    assert [p.period for p in points] == [date(2021, 9, 1)]
    point = points[0]
    assert (point.events, point.quad_1, point.quad_3, point.mentions) == (4, 2, 2, 5)
    assert point.goldstein_sum == pytest.approx(1.0 + 8.0 - 2.0 - 2.0)
    assert point.goldstein_mean == pytest.approx(5.0 / 4)

    russia = db.dyad_series("RUS", None, interval="month")
    assert [p.period for p in russia] == [date(2021, m, 1) for m in range(9, 13)] + [
        date(2022, m, 1) for m in (1, 2, 3)
    ]
    assert [p.events for p in russia] == [1, 0, 0, 0, 0, 1, 1]
    assert russia[1].goldstein_mean is None


def test_dyad_series_directed_and_intervals(db):
    assert [p.events for p in db.dyad_series("AZE", "TUR", interval="day")] == [2]
    assert db.dyad_series("TUR", "AZE", directed=True) == []
    weeks = db.dyad_series("AZE", "RUS", interval="week")
    assert [p.period for p in weeks] == [date(2021, 9, 13)]  # ISO weeks start on Monday
    years = db.dyad_series("RUS", None, interval="year")
    assert [(p.period, p.events, p.quad_4) for p in years] == [(date(2021, 1, 1), 1, 0), (date(2022, 1, 1), 2, 2)]
    assert db.dyad_series("RUS", None, interval="year", since="2022-01-01")[0].events == 2
    with pytest.raises(QueryError) as caught:
        db.dyad_series("AZE", "TUR", interval="fortnight")
    assert caught.value.item == "interval"


# -- opening -------------------------------------------------------------------------------------


def test_a_database_opens_read_only_and_several_readers_share_it(new_target):
    path = write_sample(new_target())
    with Database(path) as first, Database(path) as second:
        assert first.count_events() == second.count_events() == 8
        with pytest.raises(StoreError):
            first.store.write(ArticleBuilder("x", ["Some new text."]).build())


def test_a_database_over_an_open_store(new_target):
    with open_store(new_target()) as store:
        database = Database(store)
        assert database.events().events == []
        assert database.stats().events == 0
        assert database.dyad_series("AZE", "TUR") == []


@pytest.mark.parametrize("offset", [-1, 2**70])
def test_a_page_offset_outside_its_range_is_refused_by_name(db, offset):
    # beyond 64 bits the engine itself would fail, with an error that names nothing
    for listing in (db.articles, db.actors):
        with pytest.raises(QueryError) as caught:
            listing(offset=offset)
        assert caught.value.item == "offset"
