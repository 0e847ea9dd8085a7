"""accord.identity.v1: one event however many times an article tells it.

The rules are tested on hand-made Event records, so they do not depend on the coder.
"""

from __future__ import annotations

import itertools

import pytest

from accord.coder.identity import IdentityComponent, merge_events, same_event
from accord.coder.pipeline import component_registry
from accord.coder.work import Work
from accord.ontology.cameo import cameo_code
from accord.records import ActorRef, Article, Event, Location

_ids = itertools.count(1)

BAKU = Location(name="Baku", country="AZE", feature="city", geonameid=587084)
GANJA = Location(name="Ganja", country="AZE", feature="city", geonameid=148565)
AZERBAIJAN = Location(name="Azerbaijan", country="AZE", feature="country", geonameid=587116)
TURKEY = Location(name="Turkey", country="TUR", feature="country", geonameid=298795)


def ref(code: str | None, name: str | None = None) -> ActorRef | None:
    if code is None:
        return None
    return ActorRef(code=code, country=code[:3], sector=code[3:] or None, name=name, kind="person" if name else "country")


def ev(
    cameo: str = "040",
    source: str | None = "AZE",
    target: str | None = "TUR",
    *,
    date: str | None = "2021-09-12",
    precision: str | None = None,
    date_source: str | None = "text",
    date_confidence: float | None = 1.0,
    reciprocal: bool = False,
    location: Location | None = None,
    sentence: int = 0,
    confidence: float = 0.9,
    source_name: str | None = None,
) -> Event:
    info = cameo_code(cameo)
    if precision is None and date is not None:
        precision = {10: "day", 7: "month", 4: "year"}[len(date)]
    start = sentence * 100
    return Event(
        event_id=f"e{next(_ids)}",
        article_id="a1",
        cameo=cameo,
        root=info.root,
        event_name=info.name,
        goldstein=info.goldstein,
        quad_class=info.quad_class,
        plover=info.plover,
        source=ref(source, source_name),
        target=ref(target),
        reciprocal=reciprocal,
        date=date,
        date_precision=precision if date else None,
        date_source=date_source if date else None,
        date_confidence=date_confidence if date else None,
        location=location,
        sentence_index=sentence,
        span=(start, start + 40),
        trigger="met",
        trigger_span=(start + 5, start + 8),
        confidence=confidence,
    )


# -- same_event ----------------------------------------------------------------------------------------


def test_same_root_same_dyad_same_day_is_one_event():
    assert same_event(ev("040"), ev("040", sentence=3))


def test_codes_under_one_root_are_one_event():
    assert same_event(ev("040"), ev("042", sentence=2))


def test_different_roots_are_different_events():
    assert not same_event(ev("040"), ev("057"))


def test_different_dyads_are_different_events():
    assert not same_event(ev("040", "AZE", "TUR"), ev("040", "AZE", "GEO"))
    assert not same_event(ev("040", "AZE", "TUR"), ev("040", "ARM", "TUR"))


def test_reversed_dyad_is_the_same_event_only_when_reciprocal():
    assert not same_event(ev("040", "AZE", "TUR"), ev("040", "TUR", "AZE"))
    assert same_event(ev("040", "AZE", "TUR", reciprocal=True), ev("040", "TUR", "AZE"))
    assert same_event(ev("040", "AZE", "TUR"), ev("040", "TUR", "AZE", reciprocal=True))


def test_dyads_compare_countries_not_sectors():
    assert same_event(ev("040", "AZEGOV", "TURMIL"), ev("040", "AZE", "TUR", sentence=4))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("2021-09-12", "2021-09-12", True),
        ("2021-09-12", "2021-09-13", True),
        ("2021-09-13", "2021-09-12", True),
        ("2021-09-12", "2021-09-14", False),
        ("2021-08-31", "2021-09-01", True),
        ("2021-09", "2021-09", True),
        ("2021-09", "2021-08", False),
        ("2021", "2021", True),
        ("2021", "2020", False),
        ("2021-09", "2021-09-12", True),  # a day inside the month told elsewhere
        ("2021-10", "2021-09-30", False),
    ],
)
def test_dates_within_a_day_or_equal_at_coarser_precision(a, b, same):
    assert same_event(ev("057", date=a), ev("057", date=b, sentence=1)) is same
    assert same_event(ev("057", date=b), ev("057", date=a, sentence=1)) is same


def test_a_dated_and_an_undated_telling_are_different_events():
    assert not same_event(ev("040", date="2021-09-12"), ev("040", date=None))
    assert not same_event(ev("040", date=None), ev("040", date="2021-09-12"))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (BAKU, BAKU, True),
        (BAKU, BAKU.model_copy(update={"geonameid": None}), True),  # same name
        (BAKU, GANJA, False),
        (AZERBAIJAN, BAKU, True),  # the country holds the city
        (BAKU, AZERBAIJAN, True),
        (TURKEY, BAKU, False),
        (None, BAKU, True),  # an unknown place fits anything
        (GANJA, None, True),
    ],
)
def test_places_must_be_compatible(a, b, same):
    assert same_event(ev("040", location=a), ev("040", location=b, sentence=1)) is same


# undated events: same sentence, same full code, same actors


def test_undated_tellings_in_one_sentence_with_same_code_and_actors_are_one():
    assert same_event(ev("040", date=None), ev("040", date=None))


def test_undated_tellings_in_different_sentences_stay_apart():
    assert not same_event(ev("040", date=None, sentence=0), ev("040", date=None, sentence=1))


def test_undated_tellings_with_different_codes_stay_apart():
    assert not same_event(ev("040", date=None), ev("042", date=None))


def test_undated_tellings_compare_full_actor_codes():
    assert not same_event(ev("040", "AZEGOV", "TUR", date=None), ev("040", "AZE", "TUR", date=None))


def test_undated_reciprocal_tellings_match_either_order():
    assert same_event(ev("040", "AZE", "TUR", date=None, reciprocal=True), ev("040", "TUR", "AZE", date=None, reciprocal=True))
    assert not same_event(ev("040", "AZE", "TUR", date=None), ev("040", "TUR", "AZE", date=None))


def test_one_sided_events_match_one_sided_events():
    assert same_event(ev("141", "CVL", None), ev("141", "CVL", None, sentence=2))
    assert not same_event(ev("141", "AZE", None), ev("141", "AZE", "TUR", sentence=2))


# -- merge_events ----------------------------------------------------------------------------------------------


def test_merge_keeps_every_telling_as_a_mention_with_its_own_actors():
    first = ev("042", "AZEGOV", "TUR", sentence=0, source_name="Ilham Aliyev")
    second = ev("040", "AZE", "TURGOV", sentence=2, date="2021-09-13")
    (merged,) = merge_events([second, first])
    assert [m.sentence_index for m in merged.mentions] == [0, 2]
    by_sentence = {m.sentence_index: m for m in merged.mentions}
    assert by_sentence[0].cameo == "042" and by_sentence[0].source.name == "Ilham Aliyev"
    assert by_sentence[0].source.code == "AZEGOV" and by_sentence[0].target.code == "TUR"
    assert by_sentence[2].cameo == "040" and by_sentence[2].target.code == "TURGOV"
    for mention, told in ((by_sentence[0], first), (by_sentence[2], second)):
        assert mention.span == told.span and mention.trigger == told.trigger and mention.article_id == "a1"


def test_different_events_are_not_merged_and_come_back_in_text_order():
    events = [ev("057", sentence=3), ev("040", sentence=1), ev("111", "ARM", "AZE", sentence=2)]
    merged = merge_events(events)
    assert [e.cameo for e in merged] == ["040", "111", "057"]
    assert all(len(e.mentions) == 1 for e in merged)


def test_representative_has_a_date_from_the_text_over_publication():
    by_publication = ev("057", date="2021-09-13", date_source="publication", date_confidence=0.3, confidence=0.99, sentence=0)
    from_text = ev("057", date="2021-09-12", date_source="text", date_confidence=0.9, confidence=0.5, sentence=2)
    (merged,) = merge_events([by_publication, from_text])
    assert (merged.date, merged.date_source) == ("2021-09-12", "text")
    assert merged.event_id == from_text.event_id
    assert len(merged.mentions) == 2


def test_representative_has_the_date_nearest_its_trigger():
    up_the_tree = ev("057", date="2021-09-12", date_confidence=0.9, sentence=0)
    own_clause = ev("057", date="2021-09-13", date_confidence=1.0, sentence=1)
    (merged,) = merge_events([up_the_tree, own_clause])
    assert merged.date == "2021-09-13"


def test_representative_prefers_a_finer_date_at_equal_footing():
    month = ev("057", date="2021-09", date_confidence=1.0, sentence=0)
    day = ev("057", date="2021-09-12", date_confidence=1.0, sentence=1)
    (merged,) = merge_events([month, day])
    assert (merged.date, merged.date_precision) == ("2021-09-12", "day")


def test_merged_event_takes_a_place_from_another_telling():
    with_place = ev("040", date="2021-09-12", date_source="publication", date_confidence=0.3, location=BAKU, sentence=0)
    best_date = ev("040", date="2021-09-12", date_confidence=1.0, sentence=1)
    (merged,) = merge_events([with_place, best_date])
    assert merged.event_id == best_date.event_id
    assert merged.location == BAKU


def test_root_event_if_any_telling_is_in_the_lead():
    lead = ev("040", sentence=0).model_copy(update={"is_root_event": True})
    later = ev("040", sentence=4, date_confidence=1.0)
    (merged,) = merge_events([later, lead])
    assert merged.is_root_event


def test_a_group_grows_only_with_events_that_match_every_member():
    a = ev("040", date="2021-09-12", sentence=0)
    b = ev("040", date="2021-09-13", sentence=1)
    c = ev("040", date="2021-09-14", sentence=2)  # within a day of b, not of a
    merged = merge_events([a, b, c])
    assert sorted(len(e.mentions) for e in merged) == [1, 2]


def test_merge_of_nothing_is_nothing():
    assert merge_events([]) == []


# -- the component -------------------------------------------------------------------------------------------------


def test_component_merges_the_works_events_in_place():
    component = IdentityComponent()
    assert component.name == "accord.identity.v1"
    assert component.reads == ("events",) and component.writes == ("events",)
    assert isinstance(component_registry()["accord.identity.v1"](), IdentityComponent)
    work = Work(article=Article(article_id="a1", text="x" * 400))
    events = work.events
    events.extend([ev("040", sentence=0), ev("040", sentence=2), ev("057", sentence=3)])
    component(work)
    assert work.events is events
    assert [(e.cameo, len(e.mentions)) for e in work.events] == [("040", 2), ("057", 1)]


def test_the_coder_merges_one_meeting_told_twice(code_text):
    text = (
        "Kenya and Uganda held talks in Kampala on Monday. "
        "The two countries signed a trade agreement. "
        "The talks between Kenya and Uganda on Monday focused on the border."
    )
    meetings = [e for e in code_text(text).events if e.root == "04"]
    assert len(meetings) == 1
    assert {m.sentence_index for m in meetings[0].mentions} == {0, 2}
    assert meetings[0].reciprocal and meetings[0].date == "2021-09-13"
