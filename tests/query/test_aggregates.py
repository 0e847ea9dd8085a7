"""Aggregates for the dashboard: series for any filter, top dyads, partners, places.

The sample corpus (tests.factories.sample_corpus) lists the events it stores; the
expected Goldstein scores and QuadClasses come from the CAMEO table, as the coder's do.
"""

from __future__ import annotations

from datetime import date

import pytest

from accord.errors import NotFoundError, QueryError
from accord.ontology.cameo import cameo_code
from accord.query import EventFilter, open_database
from accord.query.aggregates import actor_partners, country_partners, event_places, event_series, top_dyads
from accord.records import Location
from accord.store import open_store
from tests.factories import ArticleBuilder, write_sample


@pytest.fixture(scope="module")
def db(module_target):
    path = write_sample(module_target())
    with open_database(path) as database:
        yield database


def goldstein(*codes: str) -> float:
    return sum(cameo_code(code).goldstein for code in codes)


# -- event_series -------------------------------------------------------------------------


def test_series_of_all_events_counts_each_month_and_fills_the_gaps(db):
    points = event_series(db, interval="month")
    assert [p.period for p in points] == [date(2021, 9, 1), date(2021, 10, 1), date(2021, 11, 1), date(2021, 12, 1),
                                          date(2022, 1, 1), date(2022, 2, 1), date(2022, 3, 1)]  # fmt: skip
    september, *gap, february, march = points
    assert september.events == 4  # events 1, 2, 3, 5; the undated event 4 has no period
    assert september.goldstein_sum == pytest.approx(goldstein("040", "057", "111", "111"))
    assert september.goldstein_mean == pytest.approx(september.goldstein_sum / 4)
    assert september.mentions == 5  # event 2 is told twice
    assert [p.events for p in gap] == [0, 0, 0, 0]
    assert all(p.goldstein_mean is None for p in gap)
    assert (february.events, february.quad_4) == (1, 1)  # 190 fighting, material conflict
    assert march.events == 2


def test_quad_counts_add_up_to_the_events(db):
    for point in event_series(db, interval="day"):
        assert point.quad_1 + point.quad_2 + point.quad_3 + point.quad_4 == point.events


@pytest.mark.parametrize("interval", ["day", "week", "month", "year"])
def test_a_dyad_series_is_the_same_whichever_way_it_is_asked(db, interval):
    assert event_series(db, EventFilter(dyad="AZE-TUR"), interval=interval) == db.dyad_series("AZE", "TUR", interval=interval)
    assert event_series(db, EventFilter(country="RUS"), interval=interval) == db.dyad_series("RUS", interval=interval)


def test_series_takes_filters_the_dyad_series_has_not(db):
    points = event_series(db, EventFilter(actor_id="person:dana-whitfield"), interval="year")
    assert [(p.period, p.events, p.quad_4) for p in points] == [(date(2022, 1, 1), 1, 1)]
    assert event_series(db, EventFilter(text="memorandum"), interval="year")[0].events == 1
    assert event_series(db, EventFilter(country="FRA")) == []


def test_series_refuses_an_unknown_interval(db):
    with pytest.raises(QueryError) as caught:
        event_series(db, interval="decade")  # type: ignore[arg-type]
    assert caught.value.item == "interval"


# -- top_dyads ------------------------------------------------------------------------------


def test_top_dyads_put_the_pair_in_either_direction_together(db):
    dyads = top_dyads(db)
    assert [(d.dyad, d.events) for d in dyads] == [
        ("AZE-TUR", 3), ("ARM-AZE", 1), ("AZE-RUS", 1), ("KAZ-UZB", 1), ("RUS-UKR", 1), ("RUS-USA", 1),
    ]  # fmt: skip
    first = dyads[0]
    assert (first.first, first.second, first.quad_1 + first.quad_2) == ("AZE", "TUR", 3)
    assert first.goldstein_mean == pytest.approx(goldstein("040", "057", "062") / 3)
    assert first.last_day == date(2021, 9, 12)  # the undated event has no day


def test_top_dyads_take_the_event_filters_and_a_limit(db):
    assert [d.dyad for d in top_dyads(db, EventFilter(since="2022-01-01"))] == ["KAZ-UZB", "RUS-UKR", "RUS-USA"]
    assert [d.dyad for d in top_dyads(db, limit=2)] == ["AZE-TUR", "ARM-AZE"]
    with pytest.raises(QueryError):
        top_dyads(db, limit=0)


# -- partners -------------------------------------------------------------------------------


def test_country_partners_count_events_in_both_directions(db):
    partners = country_partners(db, "aze")
    assert [(p.partner_id, p.events) for p in partners] == [("country:TUR", 3), ("country:ARM", 1), ("country:RUS", 1)]
    assert partners[0].goldstein_mean == pytest.approx(goldstein("040", "057", "062") / 3)
    assert [p.partner_id for p in country_partners(db, "AZE", EventFilter(root="11"))] == ["country:ARM", "country:RUS"]


def test_country_partners_refuse_a_bad_code(db):
    with pytest.raises(QueryError) as caught:
        country_partners(db, "Azerbaijan")
    assert caught.value.item == "country"


def test_actor_partners_count_an_event_once_however_often_it_is_told(db):
    # Event 2 is told AZE->TUR in one article and TUR->AZE in another: one event with Turkey.
    partners = actor_partners(db, "country:AZE")
    assert [(p.partner_id, p.events) for p in partners] == [("country:TUR", 2), ("country:ARM", 1), ("country:RUS", 1)]
    people = actor_partners(db, "person:rauf-mammadli")
    assert [(p.partner_id, p.kind, p.name, p.events) for p in people] == [("person:selim-kaya", "person", "Selim Kaya", 1)]


def test_actor_partners_of_an_unknown_actor_is_not_found(db):
    with pytest.raises(NotFoundError):
        actor_partners(db, "person:nobody")


# -- places ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def located(module_target):
    """Three events in Baku, one in Ankara, one without coordinates, one inside one country."""
    article = ArticleBuilder("places-1", [f"Sentence number {n} about the talks." for n in range(6)])
    baku = Location(name="Baku", country="AZE", lat=40.37767, lon=49.89201, feature="city")
    ankara = Location(name="Ankara", country="TUR", lat=39.91987, lon=32.85427, feature="city")
    for sentence, (code, day, place) in enumerate(
        [("040", "2021-01-10", baku), ("057", "2021-03-05", baku), ("111", "2021-02-01", baku),
         ("040", "2021-04-01", ankara), ("043", "2021-05-01", None)]  # fmt: skip
    ):
        event = article.event(code, "AZE", "TUR", sentence=sentence, date=day)
        event.location = place
    article.event("010", "AZE", "AZE", sentence=5, date="2021-06-01")
    path = module_target()
    with open_store(path) as store:
        store.write(article.build())
    with open_database(path) as database:
        yield database


def test_places_are_ranked_by_events_with_their_newest_events(located):
    places = event_places(located, latest=2)
    assert [(p.name, p.country, p.events) for p in places] == [("Baku", "AZE", 3), ("Ankara", "TUR", 1)]
    baku = places[0]
    assert (baku.lat, baku.lon) == (40.37767, 49.89201)
    assert [e.date for e in baku.latest] == ["2021-03-05", "2021-02-01"]
    assert baku.latest[0].cameo == "057" and baku.latest[0].article_id == "places-1"
    assert baku.quad_3 == 1 and baku.goldstein_mean == pytest.approx(goldstein("040", "057", "111") / 3)


def test_places_take_the_event_filters(located):
    assert [p.name for p in event_places(located, EventFilter(since="2021-03-01"))] == ["Ankara", "Baku"]
    assert event_places(located, EventFilter(quad=3))[0].events == 1
    assert all(not p.latest for p in event_places(located, latest=0))
    with pytest.raises(QueryError):
        event_places(located, latest=21)


def test_a_country_with_itself_is_no_dyad(located):
    assert [d.dyad for d in top_dyads(located)] == ["AZE-TUR"]
    assert top_dyads(located)[0].events == 5
