"""Records to rows and back: dates, canonical actor ids, country keys."""

from __future__ import annotations

from datetime import date

import pytest

from accord.errors import StoreWriteError
from accord.records import ActorRef
from accord.store import open_store
from accord.store.rows import (
    EVENT_COLUMNS,
    FACT_COLUMNS,
    MENTION_COLUMNS,
    actor_id_for,
    any_of,
    countries_key,
    event_from_row,
    event_values,
    parse_event_date,
    placeholders,
)
from tests.factories import ArticleBuilder


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        ("2021-09-12", "day", ("day", date(2021, 9, 12))),
        ("2021-09-12", None, ("day", date(2021, 9, 12))),
        ("2021-09", "month", ("month", date(2021, 9, 1))),
        ("2021", None, ("year", date(2021, 1, 1))),
        (None, None, (None, None)),
    ],
)
def test_an_event_date_counts_from_the_first_day_of_its_precision(value, precision, expected):
    assert parse_event_date(value, precision, item="x") == expected


@pytest.mark.parametrize(
    ("value", "precision"), [("2021-09", "day"), ("Sept 2021", None), ("2021-13", None), ("2021-9-1", None)]
)
def test_a_date_that_does_not_fit_its_precision_is_refused(value, precision):
    with pytest.raises(StoreWriteError, match="article-7"):
        parse_event_date(value, precision, item="article-7")


def test_a_date_read_before_is_refused_again_naming_the_new_item():
    # Dates are read once and remembered; the error still names each item that has it.
    for item in ("article-1 event 3", "article-2 event 1"):
        with pytest.raises(StoreWriteError, match=item):
            parse_event_date("2021-02-30", None, item=item)
    assert parse_event_date("2021-02-28", None, item="a") == parse_event_date("2021-02-28", "day", item="b")


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        (ActorRef(code="TUR", country="TUR"), "country:TUR"),
        (ActorRef(code="TURMIL", country="TUR", sector="MIL"), "code:TURMIL"),
        (ActorRef(code="TURGOV", country="TUR", name="Hülya Öztürk", kind="person"), "person:hulya-ozturk"),
        (ActorRef(code="IGOUNO", name="United Nations", kind="organisation"), "organisation:united-nations"),
        (ActorRef(code="TURGOV", name="Someone", actor_id="person:given"), "person:given"),
    ],
)
def test_canonical_actor_ids(ref, expected):
    assert actor_id_for(ref) == expected


def test_countries_key_is_the_same_for_the_same_set():
    assert countries_key(["tur", "AZE", "TUR"]) == countries_key(["AZE", "TUR"]) == "AZE,TUR"
    assert countries_key([]) == ""


def test_the_schema_has_every_column_the_code_writes(new_target):
    with open_store(new_target()) as store:
        for table, columns in (
            ("events", EVENT_COLUMNS),
            ("event_mentions", EVENT_COLUMNS),
            ("facts", FACT_COLUMNS),
            ("fact_sources", FACT_COLUMNS),
            ("event_mentions", MENTION_COLUMNS),
        ):
            names = {
                row[0]
                for row in store.backend.query(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ?", (table,)
                )
            }
            assert set(columns) <= names, (table, set(columns) - names)


def test_placeholders():
    assert placeholders(3) == "?, ?, ?"


def test_any_of_uses_a_short_in_list_or_one_list_parameter(new_target):
    assert any_of("x", [1, 2]) == ("x IN (?, ?)", [1, 2])
    assert any_of("x", []) == ("FALSE", [])
    many = list(range(500))
    assert any_of("x", many) == ("x = ANY(?)", [many])
    with open_store(new_target()) as store:
        store.backend.execute("CREATE TABLE numbers (n BIGINT)")
        store.backend.insert_rows("numbers", ("n",), [(n,) for n in range(1000)])
        for values in ([1, 2], many, []):
            which, params = any_of("n", values)
            found = store.backend.query(f"SELECT count(*) FROM numbers WHERE {which}", params)
            assert found == [(len(values),)]


def test_an_event_survives_the_trip_through_a_row():
    article = ArticleBuilder("trip", ["Turkish and Azerbaijani generals met in Ganja."])
    event = article.event(
        "040",
        "TURMIL",
        "AZEMIL",
        location="Ganja",
        source_name="Ayla Demir",
        source_role="General",
        reciprocal=True,
        trigger="met",
    )
    values = event_values(
        event, article_id="trip", sentence_index=0, span=event.span, trigger="met", trigger_span=(30, 33)
    )
    assert len(values) == len(EVENT_COLUMNS)
    row = dict(zip(EVENT_COLUMNS, values))
    row |= {"event_id": 42, "num_mentions": 1, "num_articles": 1, "num_sources": 1}
    rebuilt = event_from_row(row, [])
    assert rebuilt.event_id == "42"
    assert rebuilt.trigger_span == (30, 33)
    assert rebuilt.source.actor_id == "person:ayla-demir"
    ignore = {"event_id", "mentions", "num_mentions", "num_articles", "num_sources", "trigger_span", "source", "target"}
    assert rebuilt.model_dump(exclude=ignore) == event.model_dump(exclude=ignore)
