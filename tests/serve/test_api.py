"""Every API endpoint on the sample corpus: answers, JSON and CSV, paging, bad parameters.

tests.factories.sample_corpus lists the sample's events, their ids and dates.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest

from accord.export.flat import FLAT_COLUMNS
from accord.ontology.cameo import cameo_codes
from accord.records import Location
from accord.store import open_store
from tests.factories import ArticleBuilder

from .conftest import make_client

DATE_ORDER = ["1", "2", "3", "5", "7", "6", "8", "4"]


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [event["event_id"] for event in response.json()["events"]]


def error(response, status: int, parameter: str | None = None) -> str:
    """The error's message, after checking its status, shape and parameter."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()["error"]
    assert body["code"].startswith("E")
    if parameter is not None:
        assert body["parameter"] == parameter
        assert body["message"].startswith(f"{parameter}: ")
    return body["message"]


def csv_of(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.text)))


# -- events -----------------------------------------------------------------------------------


def test_events_come_by_date_then_id_with_undated_last(client):
    response = client.get("/api/events")
    assert ids(response) == DATE_ORDER
    assert response.json()["next_cursor"] is None
    assert response.json()["sentences"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dyad=AZE-TUR", ["1", "2", "4"]),
        ("dyad=tur-aze", ["1", "2", "4"]),
        ("dyad=TUR-AZE&directed=true", []),
        ("dyad=RUS-AZE&directed=true", ["3"]),
        ("country=UKR", ["7"]),
        ("source=RUS", ["3", "7"]),
        ("target=AZE", ["3", "5"]),
        ("root=11", ["3", "5"]),
        ("code=031", ["6"]),
        ("quad=4", ["7", "8"]),
        ("since=2022-01-01", ["7", "6", "8"]),
        ("since=2021-09-13&until=2021-09-14", ["3", "5"]),
        ("article_id=harbour-2", ["2", "5"]),
        ("actor_id=person:dana-whitfield", ["8"]),
        ("text=MEMORANDUM", ["2"]),
        ("country=", DATE_ORDER),  # an empty form field is no filter
        ("order=desc", ["8", "6", "7", "5", "3", "2", "1", "4"]),
    ],
)
def test_events_take_every_filter_of_accord_events(client, query, expected):
    assert ids(client.get(f"/api/events?{query}")) == expected


def test_events_page_with_a_cursor_and_a_link_header(client):
    first = client.get("/api/events?limit=3")
    assert ids(first) == DATE_ORDER[:3]
    cursor = first.json()["next_cursor"]
    link = first.headers["link"]
    assert link.endswith('>; rel="next"')
    linked = parse_qs(urlparse(link[1 : link.index(">")]).query)
    assert linked == {"limit": ["3"], "cursor": [cursor]}
    second = client.get("/api/events", params={"limit": 3, "cursor": cursor})
    assert ids(second) == DATE_ORDER[3:6]
    last = client.get("/api/events", params={"limit": 3, "cursor": second.json()["next_cursor"]})
    assert ids(last) == DATE_ORDER[6:]
    assert last.json()["next_cursor"] is None and "link" not in last.headers


def test_events_come_with_their_sentences_on_request(client):
    sentences = client.get("/api/events?dyad=AZE-TUR&sentences=true").json()["sentences"]
    assert sentences["2"] == "The two sides signed a memorandum on military training."
    assert set(sentences) == {"1", "2", "4"}


def test_events_as_csv_by_parameter_or_accept_header(client):
    rows = csv_of(client.get("/api/events?dyad=AZE-TUR&format=csv"))
    assert [row["event_id"] for row in rows] == ["1", "2", "4"]
    assert list(rows[0]) == list(FLAT_COLUMNS)
    assert rows[1]["cameo"] == "057" and rows[1]["source_country"] == "AZE"
    by_header = client.get("/api/events?dyad=AZE-TUR", headers={"Accept": "text/csv"})
    assert by_header.text == client.get("/api/events?dyad=AZE-TUR&format=csv").text
    paged = client.get("/api/events?limit=2&format=csv")
    assert len(csv_of(paged)) == 2 and 'rel="next"' in paged.headers["link"]


@pytest.mark.parametrize(
    ("query", "status", "parameter"),
    [
        ("dyad=AZETUR", 400, "dyad"),
        ("country=Azerbaijan", 400, "country"),
        ("root=99", 400, "root"),
        ("code=999", 400, "code"),
        ("quad=5", 400, "quad"),
        ("quad=two", 422, "quad"),
        ("since=2021-13-01", 422, "since"),
        ("since=2022-01-01&until=2021-01-01", 400, "since"),
        ("limit=0", 400, "limit"),
        ("limit=10001", 400, "limit"),
        ("limit=abc", 422, "limit"),
        ("cursor=not-a-cursor", 400, "cursor"),
        ("order=sideways", 422, "order"),
        ("directed=maybe", 422, "directed"),
        ("format=xml", 400, "format"),
        ("dyads=AZE-TUR", 400, "dyads"),
    ],
)
def test_bad_event_parameters_are_named_in_a_json_error(client, query, status, parameter):
    message = error(client.get(f"/api/events?{query}"), status, parameter)
    assert len(message) > len(parameter) + 5


def test_a_cursor_from_the_other_order_is_refused(client):
    cursor = client.get("/api/events?limit=2").json()["next_cursor"]
    assert "order" in error(client.get("/api/events", params={"cursor": cursor, "order": "desc"}), 400, "cursor")


def test_events_count(client):
    assert client.get("/api/events/count?dyad=AZE-TUR").json() == {"count": 3}
    assert client.get("/api/events/count").json() == {"count": 8}
    error(client.get("/api/events/count?limit=3"), 400, "limit")  # a count has no pages


def test_one_event_with_every_place_it_is_told(client):
    detail = client.get("/api/events/2").json()
    assert detail["event"]["cameo"] == "057"
    first, second = detail["sources"]
    assert (first["article_id"], second["article_id"]) == ("caspian-1", "harbour-2")
    assert first["quote"] == first["sentence"] == "The two sides signed a memorandum on military training."
    assert second["outlet"] == "Harbour Times" and second["source"]["country"] == "TUR"


@pytest.mark.parametrize("event_id", ["999", "abc"])
def test_an_unknown_event_is_a_404(client, event_id):
    assert "event" in error(client.get(f"/api/events/{event_id}"), 404)


# -- series and dyads ---------------------------------------------------------------------------


def test_series_of_all_events_per_month(client):
    points = client.get("/api/series?interval=month").json()["points"]
    assert [p["period"] for p in points] == ["2021-09-01", "2021-10-01", "2021-11-01", "2021-12-01", "2022-01-01",
                                             "2022-02-01", "2022-03-01"]  # fmt: skip
    assert [p["events"] for p in points] == [4, 0, 0, 0, 0, 1, 2]


def test_series_take_the_event_filters(client):
    body = client.get("/api/series?actor_id=person:dana-whitfield&interval=year").json()
    assert body == {"interval": "year", "points": [
        {"period": "2022-01-01", "events": 1, "quad_1": 0, "quad_2": 0, "quad_3": 0, "quad_4": 1, "mentions": 1,
         "goldstein_sum": cameo_codes()["163"].goldstein, "goldstein_mean": cameo_codes()["163"].goldstein}]}  # fmt: skip
    error(client.get("/api/series?limit=5"), 400, "limit")
    error(client.get("/api/series?interval=decade"), 422, "interval")


def test_dyad_series_counts_quadclass_and_goldstein(client):
    body = client.get("/api/dyads/AZE-TUR/series?interval=day").json()
    assert body["interval"] == "day"
    (point,) = body["points"]  # events 1 and 2 on 2021-09-12; event 4 is undated
    assert (point["period"], point["events"], point["mentions"]) == ("2021-09-12", 2, 3)
    codes = cameo_codes()
    assert point["goldstein_sum"] == pytest.approx(codes["040"].goldstein + codes["057"].goldstein)
    assert point["goldstein_mean"] == pytest.approx(point["goldstein_sum"] / 2)
    assert client.get("/api/dyads/TUR-AZE/series?directed=true").json()["points"] == []
    assert len(client.get("/api/dyads/AZE-TUR/series?since=2021-09-13").json()["points"]) == 0
    assert client.get("/api/dyads/aze-rus/series?root=11").json()["points"][0]["quad_3"] == 1


def test_dyad_series_as_csv(client):
    rows = csv_of(client.get("/api/dyads/AZE-TUR/series?interval=day&format=csv"))
    assert rows == [{"period": "2021-09-12", "events": "2", "quad_1": "2", "quad_2": "0", "quad_3": "0", "quad_4": "0",
                     "mentions": "3", "goldstein_sum": rows[0]["goldstein_sum"], "goldstein_mean": rows[0]["goldstein_mean"]}]  # fmt: skip


@pytest.mark.parametrize(
    ("url", "status", "parameter"),
    [
        ("/api/dyads/AZETUR/series", 400, "dyad"),
        ("/api/dyads/AZE-TUR/series?interval=fortnight", 422, "interval"),
        ("/api/dyads/AZE-TUR/series?root=77", 400, "root"),
        ("/api/dyads/AZE-TUR/series?since=yesterday", 422, "since"),
        ("/api/dyads/AZE-TUR/series?quad=1", 400, "quad"),
    ],
)
def test_bad_dyad_series_parameters(client, url, status, parameter):
    error(client.get(url), status, parameter)


def test_country_against_all(client):
    points = client.get("/api/countries/rus/series?interval=year").json()["points"]
    assert [(p["period"], p["events"]) for p in points] == [("2021-01-01", 1), ("2022-01-01", 2)]
    error(client.get("/api/countries/RU/series"), 400, "country_code")


def test_most_active_dyads(client):
    dyads = client.get("/api/dyads").json()["dyads"]
    assert [(d["dyad"], d["events"]) for d in dyads][:2] == [("AZE-TUR", 3), ("ARM-AZE", 1)]
    assert len(dyads) == 6
    assert [d["dyad"] for d in client.get("/api/dyads?since=2022-01-01&limit=2").json()["dyads"]] == ["KAZ-UZB", "RUS-UKR"]
    rows = csv_of(client.get("/api/dyads?format=csv"))
    assert rows[0]["dyad"] == "AZE-TUR" and rows[0]["last_day"] == "2021-09-12"
    error(client.get("/api/dyads?limit=0"), 422, "limit")
    error(client.get("/api/dyads?limit=10001"), 422, "limit")


# -- countries and partners -----------------------------------------------------------------------


def test_countries_name_the_codes(client):
    countries = {c["code"]: c for c in client.get("/api/countries").json()["countries"]}
    assert countries["AZE"]["name"] == "Azerbaijan" and countries["AZE"]["kind"] == "country"
    assert any(c["kind"] == "region" for c in countries.values())
    rows = csv_of(client.get("/api/countries?format=csv"))
    assert {"code": "TUR", "name": countries["TUR"]["name"], "kind": "country", "continent": "AS"} in rows


def test_a_countrys_partners(client):
    partners = client.get("/api/countries/AZE/partners").json()["partners"]
    assert [(p["partner_id"], p["events"]) for p in partners] == [("country:TUR", 3), ("country:ARM", 1), ("country:RUS", 1)]
    assert [p["code"] for p in client.get("/api/countries/AZE/partners?root=11").json()["partners"]] == ["ARM", "RUS"]
    assert csv_of(client.get("/api/countries/AZE/partners?format=csv&limit=1"))[0]["partner_id"] == "country:TUR"
    error(client.get("/api/countries/AZE/partners?dyad=AZE-TUR"), 400, "dyad")


def test_an_actors_partners(client):
    partners = client.get("/api/actors/person:rauf-mammadli/partners").json()["partners"]
    assert [(p["partner_id"], p["name"], p["events"]) for p in partners] == [("person:selim-kaya", "Selim Kaya", 1)]
    error(client.get("/api/actors/person:nobody/partners"), 404)


# -- actors ----------------------------------------------------------------------------------------


def test_actors_with_their_roles(client):
    people = {a["actor_id"]: a for a in client.get("/api/actors?kind=person").json()["actors"]}
    assert set(people) == {"person:rauf-mammadli", "person:selim-kaya", "person:dana-whitfield"}
    assert people["person:dana-whitfield"]["roles"] == ["Trade Secretary"]
    assert [a["actor_id"] for a in client.get("/api/actors?name=WHIT").json()["actors"]] == ["person:dana-whitfield"]
    assert all(a["country"] == "AZE" for a in client.get("/api/actors?country=aze").json()["actors"])
    assert len(client.get("/api/actors?limit=2&offset=1").json()["actors"]) == 2
    row = next(r for r in csv_of(client.get("/api/actors?kind=person&format=csv")) if r["name"] == "Dana Whitfield")
    assert row["roles"] == "Trade Secretary"


@pytest.mark.parametrize(
    ("query", "status", "parameter"),
    [("kind=alien", 422, "kind"), ("offset=-1", 422, "offset"), ("limit=0", 422, "limit"), ("country=A", 400, "country")],
)
def test_bad_actor_parameters(client, query, status, parameter):
    error(client.get(f"/api/actors?{query}"), status, parameter)


def test_one_actor_with_its_events(client):
    detail = client.get("/api/actors/person:dana-whitfield").json()
    assert detail["actor"]["name"] == "Dana Whitfield"
    assert [e["event_id"] for e in detail["events"]] == ["8"]
    paged = client.get("/api/actors/country:AZE?limit=1").json()
    assert len(paged["events"]) == 1 and paged["next_cursor"]
    error(client.get("/api/actors/person:nobody"), 404)
    error(client.get("/api/actors/country:AZE?limit=0"), 422, "limit")


# -- articles and search ------------------------------------------------------------------------------


def test_articles_newest_first_with_their_counts(client):
    articles = client.get("/api/articles").json()["articles"]
    assert [a["article_id"] for a in articles] == ["wire-4", "steppe-3", "harbour-2", "caspian-1"]
    assert (articles[3]["num_events"], articles[3]["num_facts"]) == (4, 1)
    assert [a["article_id"] for a in client.get("/api/articles?limit=1&offset=1").json()["articles"]] == ["steppe-3"]
    rows = csv_of(client.get("/api/articles?format=csv"))
    assert rows[3]["outlet"] == "Caspian Ledger" and rows[3]["published"] == "2021-09-13"
    error(client.get("/api/articles?limit=10001"), 422, "limit")


def test_one_article_with_everything_coded_from_it(client):
    coded = client.get("/api/articles/caspian-1").json()
    text = coded["article"]["text"]
    assert len(coded["sentences"]) == 5
    assert [e["event_id"] for e in coded["events"]] == ["1", "2", "3", "4"]
    for event in coded["events"]:
        start, end = event["span"]
        assert text[start:end] == coded["sentences"][event["sentence_index"]]["text"] or event["article_id"] != "caspian-1"
    assert coded["facts"][0]["indicator"] == "trade_turnover"
    error(client.get("/api/articles/no-such-article"), 404)


def test_article_ids_may_hold_slashes(tmp_path):
    article = ArticleBuilder("feeds/2021/a.txt", ["Georgia and Armenia held talks on Monday."])
    article.event("040", "GEO", "ARM", date="2021-09-13")
    with open_store(tmp_path / "slash.duckdb") as store:
        store.write(article.build())
    with make_client(tmp_path / "slash.duckdb") as test_client:
        assert test_client.get("/api/articles/feeds/2021/a.txt").json()["article"]["article_id"] == "feeds/2021/a.txt"
        assert test_client.get("/api/articles/feeds%2F2021%2Fa.txt").status_code == 200
        assert ids(test_client.get("/api/events", params={"article_id": "feeds/2021/a.txt"})) == ["1"]


def test_search_finds_words_in_article_texts(client):
    hits = client.get("/api/search?q=Memorandum").json()["hits"]
    assert [hit["article"]["article_id"] for hit in hits] == ["harbour-2", "caspian-1"]
    assert "memorandum" in hits[1]["snippet"]
    assert client.get("/api/search?q=zeppelin").json() == {"hits": []}
    rows = csv_of(client.get("/api/search?q=memorandum&format=csv&limit=1"))
    assert rows[0]["article_article_id"] == "harbour-2" and "memorandum" in rows[0]["snippet"]
    error(client.get("/api/search?q=%20%20"), 400, "q")
    error(client.get("/api/search"), 422, "q")


# -- facts -------------------------------------------------------------------------------------------


def test_facts_merged_across_articles(client):
    (fact,) = client.get("/api/facts?countries=TUR,AZE").json()["facts"]
    assert (fact["indicator"], fact["value"], fact["num_articles"]) == ("trade_turnover", 4.1e9, 2)
    assert [s["article_id"] for s in fact["sources"]] == ["caspian-1", "harbour-2"]
    assert [f["countries"] for f in client.get("/api/facts?kind=target").json()["facts"]] == [["KAZ", "UZB"]]
    assert len(client.get("/api/facts?article_id=harbour-2").json()["facts"]) == 1
    rows = csv_of(client.get("/api/facts?format=csv"))
    assert rows[0]["countries"] == "AZE; TUR" and "sources" not in rows[0]


@pytest.mark.parametrize(
    ("query", "status", "parameter"),
    [("countries=AZ", 400, "countries"), ("kind=guess", 422, "kind"), ("limit=0", 422, "limit"), ("country=AZE", 400, "country")],
)
def test_bad_fact_parameters(client, query, status, parameter):
    error(client.get(f"/api/facts?{query}"), status, parameter)


def test_fact_series_against_targets_with_where_each_figure_was_reported(client):
    body = client.get("/api/facts/series?countries=AZE,TUR").json()
    (series,) = body["series"]
    assert (series["indicator"], series["currency"]) == ("trade_turnover", "USD")
    (actual,) = series["actuals"]
    assert actual["period"] == "2020" and series["latest_full_year"]["value"] == 4.1e9
    source = body["sources"][actual["fact_id"]]
    assert source["article_id"] == "caspian-1" and source["text"].startswith("Trade between the two countries")
    target = client.get("/api/facts/series?kind=target").json()["series"][0]
    assert target["countries"] == ["KAZ", "UZB"] and target["targets"][0]["value"] == 1.2e9
    rows = csv_of(client.get("/api/facts/series?format=csv"))
    assert {(r["indicator"], r["countries"], r["entry_kind"], r["entry_period"]) for r in rows} == {
        ("trade_turnover", "AZE; TUR", "actual", "2020"), ("trade_turnover", "KAZ; UZB", "target", "undated"),
    }  # fmt: skip


# -- places, stats, codes --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def located_client(tmp_path_factory):
    article = ArticleBuilder("located-1", ["Talks were held in Baku.", "A second round followed in Baku.", "Then Tbilisi."])
    for sentence, day in ((0, "2021-01-10"), (1, "2021-02-10")):
        article.event("040", "AZE", "GEO", sentence=sentence, date=day).location = Location(
            name="Baku", country="AZE", lat=40.37767, lon=49.89201, feature="city")  # fmt: skip
    article.event("040", "GEO", "AZE", sentence=2, date="2021-03-10").location = Location(
        name="Tbilisi", country="GEO", lat=41.69411, lon=44.83368, feature="city")  # fmt: skip
    path = tmp_path_factory.mktemp("located") / "located.duckdb"
    with open_store(path) as store:
        store.write(article.build())
    with make_client(path) as test_client:
        yield test_client


def test_places_of_events(located_client, client):
    places = located_client.get("/api/places?latest=1").json()["places"]
    assert [(p["name"], p["events"], [e["date"] for e in p["latest"]]) for p in places] == [
        ("Baku", 2, ["2021-02-10"]), ("Tbilisi", 1, ["2021-03-10"])]  # fmt: skip
    assert [p["name"] for p in located_client.get("/api/places?source=GEO").json()["places"]] == ["Tbilisi"]
    rows = csv_of(located_client.get("/api/places?format=csv"))
    assert (rows[0]["name"], rows[0]["lat"], rows[0]["events"]) == ("Baku", "40.37767", "2")
    assert "latest" not in rows[0]
    # The sample's one place (Ankara) has no coordinates.
    assert client.get("/api/places").json() == {"places": []}
    error(located_client.get("/api/places?latest=21"), 422, "latest")


def test_stats(client):
    stats = client.get("/api/stats").json()
    assert (stats["events"], stats["articles"], stats["facts"], stats["undated_events"]) == (8, 4, 2, 1)
    assert {"key": "11", "name": "DISAPPROVE", "count": 2} in stats["by_root"]


def test_cameo_codes(client):
    roots = client.get("/api/cameo?roots=true").json()["codes"]
    assert [c["code"] for c in roots] == [f"{n:02d}" for n in range(1, 21)]
    everything = client.get("/api/cameo").json()["codes"]
    assert len(everything) == len(cameo_codes())
    row = next(r for r in csv_of(client.get("/api/cameo?format=csv")) if r["code"] == "057")
    assert row["root"] == "05" and row["quad_class"] == "1"


# -- every list in CSV -------------------------------------------------------------------------------------

LISTS = [
    "/api/events", "/api/series", "/api/dyads", "/api/dyads/AZE-TUR/series", "/api/countries",
    "/api/countries/AZE/series", "/api/countries/AZE/partners", "/api/actors", "/api/actors/country:AZE/partners",
    "/api/articles", "/api/search?q=the", "/api/facts", "/api/facts/series", "/api/places", "/api/cameo",
]  # fmt: skip


@pytest.mark.parametrize("url", LISTS)
def test_every_list_endpoint_answers_csv_too(client, url):
    joiner = "&" if "?" in url else "?"
    by_parameter = client.get(f"{url}{joiner}format=csv")
    by_header = client.get(url, headers={"Accept": "text/csv"})
    assert by_parameter.headers["content-type"] == by_header.headers["content-type"] == "text/csv; charset=utf-8"
    assert by_parameter.text == by_header.text
    header = by_parameter.text.splitlines()[0].split(",")
    assert len(header) >= 3 and all(header)
    assert client.get(url).headers["content-type"] == "application/json"


def test_page_sizes_are_bounded(tmp_path):
    article = ArticleBuilder("many-1", [f"Sentence {n} says the two countries met again." for n in range(120)])
    for sentence in range(120):
        article.event("040", "AZE", "TUR", sentence=sentence, date=date(2021, 1, 1).replace(day=1 + sentence % 28).isoformat())
    with open_store(tmp_path / "many.duckdb") as store:
        store.write(article.build())
    with make_client(tmp_path / "many.duckdb") as test_client:
        default = test_client.get("/api/events").json()
        assert len(default["events"]) == 100 and default["next_cursor"]
        assert len(test_client.get("/api/events?limit=10000").json()["events"]) == 120
        error(test_client.get("/api/events?limit=10001"), 400, "limit")
