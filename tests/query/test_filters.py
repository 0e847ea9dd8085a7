"""EventFilter and FactFilter: normalising, validating, cursors and the SQL they make."""

from __future__ import annotations

from datetime import date

import pytest

from accord.errors import QueryError
from accord.query import EventFilter, FactFilter
from accord.query.filters import decode_cursor, encode_cursor, event_order, event_where


def test_defaults():
    f = EventFilter()
    assert f.limit == 100
    assert f.order == "asc"
    assert event_where(f) == ("TRUE", [])


def test_values_are_normalised():
    f = EventFilter(
        country=" aze", dyad="aze-tur", root="5", code="057", since="2021-01-01", quad="2", source="", text="  signed "
    )
    assert f.country == "AZE"
    assert f.dyad == "AZE-TUR"
    assert f.dyad_pair == ("AZE", "TUR")
    assert f.root == "05"
    assert f.since == date(2021, 1, 1)
    assert f.quad == 2
    assert f.source is None  # blank means "no filter"
    assert f.text == "signed"


@pytest.mark.parametrize(
    ("params", "parameter", "value"),
    [
        (dict(country="AZERBAIJAN"), "country", "AZERBAIJAN"),
        (dict(country="A1Z"), "country", "A1Z"),
        (dict(source="tu"), "source", "tu"),
        (dict(target="TURK"), "target", "TURK"),
        (dict(dyad="AZE_TUR"), "dyad", "AZE_TUR"),
        (dict(dyad="AZE-TUR-GEO"), "dyad", "AZE-TUR-GEO"),
        (dict(dyad="AZE"), "dyad", "AZE"),
        (dict(root="21"), "root", "21"),
        (dict(root="057"), "root", "057"),
        (dict(root="ab"), "root", "ab"),
        (dict(code="999"), "code", "999"),
        (dict(code="05a"), "code", "05a"),
        (dict(code="0"), "code", "0"),
        (dict(quad=5), "quad", "5"),
        (dict(quad=0), "quad", "0"),
        (dict(quad="x"), "quad", "x"),
        (dict(since="2021-02-30"), "since", "2021-02-30"),
        (dict(until="yesterday"), "until", "yesterday"),
        (dict(limit=0), "limit", "0"),
        (dict(limit=10_001), "limit", "10001"),
        (dict(cursor="not-a-cursor"), "cursor", "not-a-cursor"),
        (dict(order="sideways"), "order", "sideways"),
        (dict(colour="red"), "colour", ""),
    ],
)
def test_a_bad_value_raises_query_error_naming_parameter_and_value(params, parameter, value):
    with pytest.raises(QueryError) as caught:
        EventFilter(**params)
    assert caught.value.item == parameter
    assert value in str(caught.value)
    assert caught.value.code == "E401"


def test_since_after_until_is_refused():
    with pytest.raises(QueryError, match="after until"):
        EventFilter(since="2021-05-01", until="2021-04-01")


def test_cursors_round_trip_and_belong_to_one_order():
    cursor = encode_cursor(date(2021, 9, 12), 42, "asc")
    assert decode_cursor(cursor, "asc") == (date(2021, 9, 12), 42)
    assert decode_cursor(encode_cursor(None, 7, "desc"), "desc") == (None, 7)
    with pytest.raises(QueryError, match="order"):
        EventFilter(cursor=cursor, order="desc")
    assert EventFilter(cursor=cursor).cursor == cursor


def test_every_value_goes_in_as_a_parameter():
    sneaky = "x') OR 1=1 --"
    f = EventFilter(
        country="AZE",
        dyad="AZE-TUR",
        source="AZE",
        target="TUR",
        root="05",
        code="057",
        quad=1,
        since="2021-01-01",
        until="2021-12-31",
        article_id=sneaky,
        actor_id=sneaky,
        text=sneaky,
        cursor=encode_cursor(date(2021, 3, 1), 5, "asc"),
    )
    where, params = event_where(f)
    assert sneaky not in where
    assert where.count("?") == len(params)
    assert params.count(sneaky) == 4  # article, actor twice, text


def test_a_directed_dyad_is_one_way():
    where, params = event_where(EventFilter(dyad="AZE-TUR", directed=True))
    assert params == ["AZE", "TUR"]
    where, params = event_where(EventFilter(dyad="AZE-TUR"))
    assert params == ["AZE", "TUR", "TUR", "AZE"]


def test_order_puts_undated_events_last_both_ways():
    assert event_order(EventFilter()) == "e.event_day ASC NULLS LAST, e.event_id ASC"
    assert event_order(EventFilter(order="desc")) == "e.event_day DESC NULLS LAST, e.event_id DESC"


def test_fact_filter_takes_a_list_or_a_comma_separated_string():
    assert FactFilter(countries="tur, aze").countries == ["TUR", "AZE"]
    assert FactFilter(countries=["AZE"]).countries == ["AZE"]
    assert FactFilter(countries="").countries is None
    with pytest.raises(QueryError) as caught:
        FactFilter(countries=["AZE", "TURKEY"])
    assert caught.value.item == "countries"
    with pytest.raises(QueryError) as caught:
        FactFilter(kind="rumour")
    assert caught.value.item == "kind"
