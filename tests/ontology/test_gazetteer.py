"""The offline gazetteer: names, alternate names, regions, and choosing between places of one name."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from accord.errors import OntologyError
from accord.ontology import gazetteer as gz
from accord.ontology.gazetteer import Candidate, Context, Place, gazetteer, is_acronym, place_key


@pytest.fixture(scope="module")
def g():
    return gazetteer()


def context(**weights: float) -> Context:
    c = Context()
    for country, weight in weights.items():
        c.add_country(country, weight)
    return c


# -- names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("the Gaza Strip", "gaza strip"),
        ("Nagorno-Karabakh", "nagorno karabakh"),
        ("Nagorno\u2013Karabakh", "nagorno karabakh"),
        ("Ma\u2019rib", "marib"),
        ("Şuşa", "susa"),
        ("Naxçıvan", "naxcivan"),
        ("U.S.", "us"),
        ("  New   York ", "new york"),
        ("Łódź", "lodz"),
    ],
)
def test_place_key_folds_accents_dashes_apostrophes_and_the(text, key):
    assert place_key(text) == key


def test_acronyms_are_short_capitals():
    assert is_acronym("UK") and is_acronym("U.S.") and is_acronym("UAE")
    assert not is_acronym("Uk") and not is_acronym("ROME") and not is_acronym("us")


def test_exact_lookup_gives_country_coordinates_and_geonames_id(g):
    ankara = g.resolve("Ankara")
    assert (ankara.name, ankara.country, ankara.feature, ankara.geonameid) == ("Ankara", "TUR", "city", 323786)
    assert ankara.lat == pytest.approx(39.92, abs=0.05) and ankara.lon == pytest.approx(32.85, abs=0.05)
    assert ankara.capital


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Kiev", "Kyiv", "UKR"),  # GeoNames alternate name
        ("Bombay", "Mumbai", "IND"),
        ("Shushi", "Shusha", "AZE"),  # the Armenian name
        ("Stepanakert", "Khankendi", "AZE"),  # places_extra.csv alias
        ("Türkiye", "Turkey", "TUR"),  # pycountry's name
        ("Turkiye", "Turkey", "TUR"),
        ("Russian Federation", "Russia", "RUS"),
        ("the United States", "United States", "USA"),
        ("U.S.", "United States", "USA"),
        ("UK", "United Kingdom", "GBR"),
        ("Odessa", "Odesa", "UKR"),  # not Odessa, Texas
        ("New York", "New York City", "USA"),  # the city, not the state
        ("Washington", "Washington", "USA"),
        ("Kars", "Kars", "TUR"),
        ("Ceyhan", "Ceyhan", "TUR"),
        ("Shusha", "Shusha", "AZE"),
    ],
)
def test_names_and_alternate_names(g, text, name, country):
    place = g.resolve(text)
    assert place is not None and (place.name, place.country) == (name, country)


def test_accented_spelling_is_found_and_context_chooses_among_its_folded_twins(g):
    # "Şuşa" folds to "susa", which is also an old name of Sousse in Tunisia.
    assert {c.place.country for c in g.lookup("Şuşa")} >= {"AZE", "TUN"}
    assert g.resolve("Şuşa", context(AZE=1, TUR=1)).name == "Shusha"


def test_washington_is_the_capital_not_washington_illinois(g):
    place = g.resolve("Washington")
    assert place.admin1 == "DC" and place.capital


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Nagorno-Karabakh", "Nagorno-Karabakh", "AZE"),
        ("Artsakh", "Nagorno-Karabakh", "AZE"),
        ("Crimea", "Crimea", "UKR"),
        ("Donbass", "Donbas", "UKR"),
        ("the Gaza Strip", "Gaza Strip", "PSE"),
        ("the West Bank", "West Bank", "PSE"),
        ("Xinjiang", "Xinjiang", "CHN"),
        ("Tigray", "Tigray", "ETH"),
        ("Idlib province", "Idlib Governorate", "SYR"),
        ("Darfur", "Darfur", "SDN"),
        ("Texas", "Texas", "USA"),
    ],
)
def test_regions(g, text, name, country):
    place = g.resolve(text)
    assert (place.name, place.feature, place.country) == (name, "region", country)
    assert place.lat is not None and place.lon is not None


def test_divisions_named_by_code_are_centred_on_their_cities_and_hold_them(g):
    ontario = g.resolve("Ontario")
    assert (ontario.country, ontario.admin1) == ("CAN", "08")
    assert 42 < ontario.lat < 47 and -83 < ontario.lon < -75
    london = g.resolve("London", within=[c.place for c in g.lookup("Ontario")])
    assert (london.country, london.admin1) == ("CAN", "08")
    assert g.resolve("Kerch", within=[c.place for c in g.lookup("Crimea")]).country == "UKR"


def test_punjab_is_indian_or_pakistani_by_context(g):
    assert {c.place.country for c in g.lookup("Punjab")} == {"IND", "PAK"}
    assert g.resolve("Punjab", context(PAK=1)).country == "PAK"
    assert g.resolve("Punjab", context(IND=1)).country == "IND"


def test_disputed_area_without_a_holder_has_no_country(g):
    kashmir = g.resolve("Kashmir")
    assert kashmir.feature == "region" and kashmir.country is None


def test_small_towns_from_places_extra_have_coordinates(g):
    lachin = g.resolve("Lachin")
    assert lachin.country == "AZE" and lachin.geonameid == 147625
    assert lachin.lat == pytest.approx(39.64, abs=0.05)


def test_unknown_names_give_nothing(g):
    assert g.lookup("Blorkville") == []
    assert g.resolve("Blorkville") is None
    assert "Blorkville" not in g and "Ankara" in g


def test_acronyms_only_match_listed_acronyms(g):
    # GeoNames has a town "Un" in India; "the UN" is not a place.
    assert g.lookup("UN") == []
    assert g.lookup("EU") == []
    assert g.lookup("us") == []


def test_countries_have_population_weighted_centres(g):
    turkey = g.resolve("Turkey")
    assert turkey.feature == "country" and 36 < turkey.lat < 42 and 26 < turkey.lon < 45
    usa = g.resolve("United States")
    assert 25 < usa.lat < 49 and -125 < usa.lon < -67
    georgia_state = g.resolve("Georgia", context(USA=1))
    assert 30 < georgia_state.lat < 35 and -86 < georgia_state.lon < -80


def test_centre_across_the_date_line_stays_on_its_side():
    lat, lon = gz._centre([(-17.0, 179.0, 1000), (-17.0, -179.0, 1000)])
    assert abs(lon) > 179


def test_city_state_name_means_the_country(g):
    assert g.resolve("Singapore").feature == "country"
    assert g.resolve("Luxembourg").feature == "country"


# -- choosing between places of one name ----------------------------------------------


def test_paris_is_france_without_context_and_with_american_actors_only(g):
    assert g.resolve("Paris").country == "FRA"
    assert g.resolve("Paris", context(USA=1)).country == "FRA"


def test_paris_is_texas_when_the_article_is_about_texas(g):
    c = Context()
    c.add_place(g.resolve("Texas"), 1.0)
    c.add_place(g.resolve("Dallas"), 0.5)
    paris = g.resolve("Paris", c)
    assert (paris.country, paris.admin1) == ("USA", "TX")


def test_qualifier_narrows_to_the_place_inside_it(g):
    texas = [c.place for c in g.lookup("Texas")]
    paris = g.resolve("Paris", within=texas)
    assert (paris.country, paris.admin1, paris.geonameid) == ("USA", "TX", 4717560)
    lebanon = [c.place for c in g.lookup("Lebanon")]
    assert g.resolve("Tripoli", within=lebanon).country == "LBN"


def test_a_qualifier_that_holds_no_candidate_is_ignored(g):
    japan = [c.place for c in g.lookup("Japan")]
    assert g.resolve("Paris", within=japan).country == "FRA"


def test_tripoli_is_libya_unless_lebanon_is_in_play(g):
    assert g.resolve("Tripoli").country == "LBY"
    assert g.resolve("Tripoli", context(LBN=0.3)).country == "LBN"
    assert g.resolve("Tripoli", context(LBY=1, LBN=0.2)).country == "LBY"


def test_georgia_country_or_state_by_context(g):
    assert g.resolve("Georgia").feature == "country"
    assert g.resolve("Georgia", context(GEO=1, USA=0.5)).country == "GEO"
    state = g.resolve("Georgia", context(USA=1))
    assert (state.feature, state.admin1) == ("region", "GA")


def test_american_and_russian_diplomats_in_geneva_are_in_switzerland(g):
    assert g.resolve("Geneva", context(USA=1, RUS=1)).country == "CHE"


def test_country_beats_a_town_of_its_name_unless_that_towns_country_is_in_play(g):
    assert g.resolve("Armenia").country == "ARM"
    assert g.resolve("Armenia", context(COL=1)).country == "COL"
    assert g.resolve("Lebanon").country == "LBN"


def test_own_name_beats_a_bigger_city_known_by_that_name_only_in_passing(g):
    # "Julfa" is also a GeoNames alternate name of Ras al-Khaimah (UAE).
    assert g.resolve("Julfa").country == "AZE"


def test_context_share_and_neighbours(g):
    c = context(USA=1, RUS=3)
    assert c.country_share("RUS") == pytest.approx(0.75)
    assert c.country_share("FRA") == 0.0
    assert Context().country_share("USA") == 0.0
    assert "AZE" in g.neighbours("TUR") and "ARM" in g.neighbours("TUR")


def test_resolve_accepts_candidates_and_is_deterministic(g):
    candidates = g.lookup("Tripoli")
    assert g.resolve(candidates) == g.resolve(list(reversed(candidates)))


def test_location_record(g):
    location = g.resolve("Shusha").location(span=(10, 16))
    assert (location.name, location.country, location.feature, location.span) == ("Shusha", "AZE", "city", (10, 16))
    assert location.geonameid == 147105 and location.lat == pytest.approx(39.76, abs=0.01)


def test_contains():
    turkey = Place("Turkey", "country", "TUR", 39.0, 35.0)
    texas = Place("Texas", "region", "USA", 31.0, -97.0, admin1="TX")
    kars = Place("Kars", "city", "TUR", 40.6, 43.1, admin1="84")
    paris_tx = Place("Paris", "city", "USA", 33.7, -95.6, admin1="TX")
    assert turkey.contains(kars) and not turkey.contains(paris_tx)
    assert texas.contains(paris_tx) and not texas.contains(kars)
    assert not kars.contains(kars)


# -- the data file --------------------------------------------------------------------


def _extra_rows():
    with resources.files("accord.ontology").joinpath("data/places_extra.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_row_of_places_extra_is_found_by_its_name_and_aliases(g):
    for row in _extra_rows():
        for name in [row["name"], *filter(None, row["aliases"].split("|"))]:
            found = [c.place for c in g.lookup(name)]
            assert any(p.feature == row["feature"] and p.country == (row["country"] or None) for p in found), (row["name"], name)


def test_bad_rows_are_refused_with_the_reason():
    builder = gz._Builder()
    row = {k: "" for k in ("name", "aliases", "feature", "country", "admin1", "lat", "lon", "population", "geonameid", "note")}
    with pytest.raises(ValueError, match="feature"):
        builder._add_extra_row({**row, "name": "Somewhere", "feature": "village"}, {"TUR"})
    with pytest.raises(ValueError, match="alpha-3"):
        builder._add_extra_row({**row, "name": "Somewhere", "feature": "city", "country": "TR"}, {"TUR"})
    with pytest.raises(ValueError, match="lat and lon"):
        builder._add_extra_row({**row, "name": "Somewhere", "feature": "city", "country": "TUR"}, {"TUR"})
    with pytest.raises(ValueError, match="lat and lon"):  # a division code with no cities
        builder._add_extra_row({**row, "name": "Somewhere", "feature": "region", "country": "TUR", "admin1": "99"}, {"TUR"})


def test_a_broken_data_file_is_an_ontology_error_naming_the_line(monkeypatch, tmp_path):
    broken = tmp_path / "places_extra.csv"
    broken.write_text("name,aliases,feature,country,admin1,lat,lon,population,geonameid,note\nX,,city,TUR,,abc,1,,,\n", encoding="utf-8")

    class Files:
        def joinpath(self, _):
            return broken

    monkeypatch.setattr(gz.resources, "files", lambda _package: Files())
    with pytest.raises(OntologyError, match=r"places_extra.csv:2"):
        gz._Builder()._add_extras({"TUR"})


def test_alternate_name_filter():
    assert gz._plain_alternate("Kiev") and gz._plain_alternate("Tarabulus al Gharb")
    assert not gz._plain_alternate("PAR")  # airport code
    assert not gz._plain_alternate("de li bo li")  # lower-case transliteration
    assert not gz._plain_alternate("Париж")
    assert not gz._plain_alternate("Paris 06")


def test_candidates_record_whether_the_name_is_the_places_own(g):
    kiev = g.lookup("Kiev")
    assert kiev == [Candidate(kiev[0].place, False)]
    assert all(c.own_name for c in g.lookup("Kyiv"))


# -- the per-user cache -------------------------------------------------------------


def test_the_cached_gazetteer_is_the_one_a_fresh_build_gives(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path))
    built = gz._Builder().build()
    gz.gazetteer.cache_clear()
    try:
        stored = gazetteer()  # builds and stores
        assert list(tmp_path.glob("gazetteer-*.pickle"))
        gz.gazetteer.cache_clear()
        read_back = gazetteer()  # reads the file
    finally:
        gz.gazetteer.cache_clear()
    for copy in (stored, read_back):
        assert copy.places == built.places
        assert copy._index == built._index and copy._acronyms == built._acronyms
        assert copy.resolve("Paris", context(USA=1.0)) == built.resolve("Paris", context(USA=1.0))


def test_the_cache_key_follows_the_versions_of_the_packages_read(monkeypatch):
    import importlib.metadata

    before = gz._sources_key()
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "0-changed")
    assert gz._sources_key() != before
