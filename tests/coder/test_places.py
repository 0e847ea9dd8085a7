"""accord.places.v1: which names are places, which place each means, and where an event happened.

The texts are our own. Where a test needs countries in play it makes the actor
mentions by hand, as the actor component would (it is tested on its own).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.coder.places import PlaceComponent, event_place, place_words
from accord.coder.work import ActorMention, Work
from accord.parse.nlp import load_model, sentences_of
from accord.records import ActorRef, Article

SEED = Path(__file__).resolve().parents[3] / "shared" / "eval" / "seed" / "azernews-2021-09-13.txt"


@pytest.fixture(scope="session")
def nlp():
    return load_model()


@pytest.fixture(scope="session")
def component():
    return PlaceComponent()


def make_work(nlp, text: str) -> Work:
    doc = nlp(text)
    return Work(article=Article(article_id="t", text=text), doc=doc, sentences=sentences_of(doc))


def add_actor(work: Work, words: str, country: str, occurrence: int = 0) -> ActorMention:
    """An actor mention over the tokens of ``words`` (its ``occurrence``-th appearance)."""
    doc = work.doc
    at = -1
    for _ in range(occurrence + 1):
        at = work.article.text.index(words, at + 1)
    span = doc.char_span(at, at + len(words), alignment_mode="expand")
    ref = ActorRef(code=country, country=country, text=words, span=(at, at + len(words)))
    mention = ActorMention(ref, span.start, span.end, span.root.i, work.sentence_of_token(span.start), (at, at + len(words)))
    work.actor_mentions.append(mention)
    return mention


def coded(nlp, component, text: str, actors: tuple[tuple[str, str], ...] = ()) -> Work:
    work = make_work(nlp, text)
    for words, country in actors:
        add_actor(work, words, country)
    component(work)
    return work


def places(work: Work) -> list[tuple[str, str | None, str | None]]:
    """(words in the text, country, feature) of each place mention."""
    return [(work.doc[m.start : m.end].text, m.location.country, m.location.feature) for m in work.place_mentions]


def token(work: Work, word: str, occurrence: int = 0, after: str | None = None) -> int:
    """Index of the ``occurrence``-th token ``word`` (after the first token ``after``, if given)."""
    start = 0
    if after is not None:
        start = next(t.i for t in work.doc if t.text == after)
    hits = [t.i for t in work.doc[start:] if t.text == word]
    return hits[occurrence]


# -- the component --------------------------------------------------------------------


def test_component_contract_and_registration():
    from accord.coder.pipeline import component_registry

    made = component_registry()["accord.places.v1"]()
    assert isinstance(made, PlaceComponent)
    assert made.name == "accord.places.v1"
    assert made.reads == ("doc", "actor_mentions") and made.writes == ("place_mentions",)


def test_place_mention_carries_tokens_span_sentence_and_location(nlp, component):
    text = "The talks opened on Monday. Delegates then met in Ankara."
    work = coded(nlp, component, text)
    [mention] = work.place_mentions
    assert work.doc[mention.start : mention.end].text == "Ankara"
    assert mention.head == mention.start and mention.sentence == 1
    location = mention.location
    assert (location.name, location.country, location.feature, location.geonameid) == ("Ankara", "TUR", "city", 323786)
    assert text[location.span[0] : location.span[1]] == "Ankara"
    assert location.lat == pytest.approx(39.92, abs=0.05)


def test_mentions_come_in_text_order(nlp, component):
    work = coded(nlp, component, "Ministers travelled to Shusha after a stop in Baku, and later met in Kars.")
    assert [p[0] for p in places(work)] == ["Shusha", "Baku", "Kars"]


def test_component_appends_to_existing_mentions(nlp, component):
    work = make_work(nlp, "Talks were held in Baku.")
    component(work)
    component(work)
    assert len(work.place_mentions) == 2


def test_names_the_model_mislabels_are_found_after_place_prepositions(nlp, component):
    # The small model calls these a person and organisations; the grammar says place.
    work = coded(nlp, component, "The convoy reached the outskirts of Lachin before it drove on to Shusha.")
    assert ("Shusha", "AZE", "city") in places(work)
    work = coded(nlp, component, "Fresh fighting broke out in Nagorno-Karabakh on Tuesday.")
    assert places(work) == [("Nagorno-Karabakh", "AZE", "region")]


def test_country_named_as_an_actor_is_not_a_place(nlp, component):
    work = coded(nlp, component, "Turkey signed a trade deal with Azerbaijan.")
    assert places(work) == []
    work = coded(nlp, component, "Support for Ukraine grew as Russia kept up its attacks.")
    assert places(work) == []


def test_country_after_a_locative_preposition_is_a_place_even_when_it_is_an_actor(nlp, component):
    text = "Turkey said the minister's visit to Turkey would take place in Turkey next week."
    work = make_work(nlp, text)
    for occurrence in range(3):
        add_actor(work, "Turkey", "TUR", occurrence)
    component(work)
    assert [(m.start, m.location.name) for m in work.place_mentions] == [
        (token(work, "Turkey", 1), "Turkey"),
        (token(work, "Turkey", 2), "Turkey"),
    ]


def test_city_covered_by_an_actor_mention_needs_locative_grammar(nlp, component):
    text = "Moscow rejected the plan, officials in Moscow said."
    work = make_work(nlp, text)
    add_actor(work, "Moscow", "RUS", 0)
    component(work)
    assert [m.start for m in work.place_mentions] == [token(work, "Moscow", 1)]


def test_city_as_the_subject_of_a_statement_is_not_a_place(nlp, component):
    work = coded(nlp, component, "Moscow said the talks would go on.")
    assert places(work) == []


def test_short_forms_and_acronyms(nlp, component):
    work = coded(nlp, component, "Troops were deployed in the US last year, then across the UK and the UAE.")
    assert places(work) == [("US", "USA", "country"), ("UK", "GBR", "country"), ("UAE", "ARE", "country")]
    work = coded(nlp, component, "The envoy briefed reporters at the UN in New York.")
    assert places(work) == [("New York", "USA", "city")]


def test_hyphenated_routes_and_pairs_are_not_places(nlp, component):
    work = coded(nlp, component, "The Baku-Tbilisi-Kars railway and the Baku-Tbilisi-Ceyhan pipeline link the region.")
    assert places(work) == []
    work = coded(nlp, component, "Turkey-Azerbaijan relations are close.")
    assert places(work) == []


def test_part_of_a_longer_name_is_not_a_place(nlp, component):
    work = coded(nlp, component, "The Baku Declaration was adopted by the ministers.")
    assert places(work) == []


def test_rivers_generic_words_and_adjectives_are_not_towns(nlp, component):
    # GeoNames has towns named Ili, Republic (Missouri) and, as an alternate name of
    # Petropavl, Kazakh.
    work = coded(nlp, component, "Farmers say too much water is taken from the Ili and Irtysh rivers upstream.")
    assert places(work) == []
    work = coded(nlp, component, "Checks on the border between Northern Ireland and the Republic were dropped.")
    assert places(work) == [("Northern Ireland", "GBR", "region")]
    work = coded(nlp, component, "The premier arrived in the Kazakh capital on Sunday.")
    assert places(work) == []
    work = coded(nlp, component, "They agreed on the supply of Kazakh wheat to Chinese flour mills.")
    assert places(work) == []


def test_towns_framed_by_words_for_places(nlp, component):
    work = coded(nlp, component, "The prisoners were handed over at the Wagah border crossing.")
    assert places(work) == [("Wagah", "PAK", "city")]
    work = coded(nlp, component, "A strong earthquake struck the province of Van on Sunday.")
    assert places(work) == [("Van", "TUR", "city")]


def test_unknown_names_give_nothing(nlp, component):
    work = coded(nlp, component, "The talks were held in Blorkville and later in Quexington.")
    assert places(work) == []


def test_buildings_do_not_match_cities_through_translated_names(nlp, component):
    # GeoNames lists "White House" among the names of Casablanca.
    work = coded(nlp, component, "The leaders signed the deal at the White House in Washington.")
    assert places(work) == [("Washington", "USA", "city")]


def test_places_framed_by_generic_words(nlp, component):
    work = coded(nlp, component, "The agreement was signed in the city of Kars.")
    assert places(work) == [("Kars", "TUR", "city")]
    work = coded(nlp, component, "Drones struck targets near Idlib province on Sunday.")
    assert [p[1] for p in places(work)] == ["SYR"]


# -- which place a name means --------------------------------------------------------


def test_paris_in_an_article_about_france_and_germany(nlp, component):
    work = coded(
        nlp,
        component,
        "French and German ministers met in Paris on Monday.",
        actors=(("French", "FRA"), ("German", "DEU")),
    )
    assert places(work) == [("Paris", "FRA", "city")]


def test_paris_in_an_article_about_texas(nlp, component):
    text = (
        "Lamar County commissioners met in Paris on Monday to discuss the flood damage. "
        "Heavy rain has hit northeast Texas since Friday, and roads to Dallas were closed."
    )
    work = coded(nlp, component, text)
    paris = work.place_mentions[0].location
    assert (paris.name, paris.country, paris.geonameid) == ("Paris", "USA", 4717560)


def test_american_diplomats_alone_do_not_move_paris_to_texas(nlp, component):
    work = coded(nlp, component, "American diplomats arrived in Paris on Monday.", actors=(("American", "USA"),))
    assert places(work) == [("Paris", "FRA", "city")]


def test_tripoli_follows_the_countries_in_play(nlp, component):
    text = "Officials gathered in Tripoli on Sunday."
    assert places(coded(nlp, component, text)) == [("Tripoli", "LBY", "city")]
    lebanese = "Lebanese officials gathered in Tripoli on Sunday."
    assert places(coded(nlp, component, lebanese, actors=(("Lebanese", "LBN"),))) == [("Tripoli", "LBN", "city")]
    libyan = "Libyan officials gathered in Tripoli on Sunday."
    assert places(coded(nlp, component, libyan, actors=(("Libyan", "LBY"),))) == [("Tripoli", "LBY", "city")]


def test_closer_countries_weigh_more(nlp, component):
    text = (
        "Libyan envoys flew home last month. Reporters covered the story for weeks. "
        "Analysts wrote about it at length. Lebanese officials then gathered in Tripoli."
    )
    work = make_work(nlp, text)
    add_actor(work, "Libyan", "LBY")
    add_actor(work, "Lebanese", "LBN")
    component(work)
    assert [m.location.country for m in work.place_mentions] == ["LBN"]


def test_georgia_the_country_or_the_state(nlp, component):
    text = "Georgian and Armenian officials held talks in Georgia on Friday."
    work = coded(nlp, component, text, actors=(("Georgian", "GEO"), ("Armenian", "ARM")))
    assert places(work) == [("Georgia", "GEO", "country")]
    text = "Election officials in Atlanta said turnout in Georgia was high."
    work = coded(nlp, component, text)
    assert ("Georgia", "USA", "region") in places(work)
    text = "The American governor signed the bill in Georgia on Friday."
    work = coded(nlp, component, text, actors=(("American", "USA"),))
    assert places(work) == [("Georgia", "USA", "region")]


def test_kars_ceyhan_and_shusha(nlp, component):
    work = coded(nlp, component, "The delegation travelled from Kars to Ceyhan on Tuesday.")
    assert places(work) == [("Kars", "TUR", "city"), ("Ceyhan", "TUR", "city")]
    work = coded(
        nlp,
        component,
        "Azerbaijani officials said the ceremony would be held in Shusha.",
        actors=(("Azerbaijani", "AZE"),),
    )
    assert places(work) == [("Shusha", "AZE", "city")]


def test_qualifiers_choose_and_are_not_places_of_their_own(nlp, component):
    work = coded(nlp, component, "The ministers met in Paris, Texas, on Monday.")
    assert places(work) == [("Paris", "USA", "city")]
    assert work.place_mentions[0].location.geonameid == 4717560
    work = coded(nlp, component, "Officials gathered in Tripoli in northern Lebanon.")
    assert places(work) == [("Tripoli", "LBN", "city")]
    work = coded(nlp, component, "The summit took place in Paris in France.")
    assert places(work) == [("Paris", "FRA", "city")]


def test_a_following_city_is_not_a_qualifier(nlp, component):
    work = coded(nlp, component, "The envoy stopped in Paris, Berlin and Rome.")
    assert [p[:2] for p in places(work)] == [("Paris", "FRA"), ("Berlin", "DEU"), ("Rome", "ITA")]


# -- the place of an event ----------------------------------------------------------

EVENT_PLACES = [
    # (sentence, trigger word, the trigger's occurrence, expected place or None)
    ("Azerbaijani and Turkish officials met in Ankara after talks about Gaza.", "met", "Ankara"),
    ("The two presidents signed the accord during a visit to Shusha.", "signed", "Shusha"),
    ("Nine agreements were signed between the two governments within a trade forum held in Baku.", "signed", "Baku"),
    ("Talks in Geneva ended without a deal.", "ended", "Geneva"),
    ("The foreign ministers met in Paris and signed a joint statement.", "signed", "Paris"),
    ("The ministers held talks in Astana on Friday.", "talks", "Astana"),
    ("The president visited Turkey last week.", "visited", "Turkey"),
    ("Turkey criticised the strikes on Gaza.", "criticised", None),
    ("Officials discussed the situation in Syria.", "discussed", None),
    ("The summit in Baku was attended by twenty leaders.", "attended", "Baku"),
    ("He returned from Moscow on Tuesday.", "returned", None),
    ("The minister flew to Baku from Moscow.", "flew", "Baku"),
    ("Leaders gathered in the city of Kars.", "gathered", "Kars"),
    ("Protesters rallied outside the embassy in Tbilisi.", "rallied", "Tbilisi"),
    ("The ministers met in Baku, Azerbaijan, to discuss the war in Ukraine.", "met", "Baku"),
    ("Iran condemned the attack in Gaza.", "condemned", None),
    ("As part of her visit to Egypt, the envoy met the foreign minister.", "met", "Egypt"),
    ("The two sides signed the memorandum, officials said.", "signed", None),
    ("The two leaders spoke on the sidelines of the climate summit in Glasgow.", "spoke", "Glasgow"),
    ("The minister accused Iran of building missile sites in Syria.", "accused", None),
    ("The envoy asked the council to send monitors to Kashmir and urged calm.", "urged", None),
    ("The tariffs were widely seen in Japan as a warning.", "tariffs", None),
    ("The monitoring mission in Georgia said it had raised the case.", "said", None),
    ("The secretary-general visited the Tapa military base in Estonia.", "visited", "Tapa"),
]


@pytest.mark.parametrize(("text", "trigger", "expected"), EVENT_PLACES)
def test_event_place(nlp, component, text, trigger, expected):
    work = coded(nlp, component, text)
    location = event_place(work, token(work, trigger))
    assert (location.name if location else None) == expected


def test_event_place_through_an_actor_object_and_the_subjects_arrival(nlp, component):
    text = "The foreign minister met the Russian ambassador in Bamako last week."
    work = make_work(nlp, text)
    add_actor(work, "the Russian ambassador", "RUS")
    component(work)
    assert event_place(work, token(work, "met")).name == "Bamako"
    # without the actor mention the object is a topic, whose place is not the meeting's
    work = coded(nlp, component, text)
    assert event_place(work, token(work, "met")) is None

    work = coded(nlp, component, "Mus, who arrived in Baku on Sunday for a three-day visit, also met the prime minister.")
    assert event_place(work, token(work, "met")).name == "Baku"


def test_event_place_prefers_the_finer_of_two_equally_close_places(nlp, component):
    work = coded(nlp, component, "The accord was signed in Turkey at Ankara on Friday.")
    assert event_place(work, token(work, "signed")).name == "Ankara"


def test_event_place_without_places_or_with_a_bad_index(nlp, component):
    work = coded(nlp, component, "The two sides met on Friday.")
    assert event_place(work, token(work, "met")) is None
    work = coded(nlp, component, "The two sides met in Baku.")
    assert event_place(work, 999) is None
    assert event_place(work, -1) is None


def test_place_words_load():
    words = place_words()
    assert "in" in words.locative and "to" in words.directional and "visit" in words.movement
    assert "about" not in words.passable and "on" not in words.passable


def test_a_broken_vocabulary_is_an_ontology_error(monkeypatch, tmp_path):
    import accord.coder.places as places_module
    from accord.errors import OntologyError

    broken = tmp_path / "place_words.toml"
    broken.write_text("[prepositions]\nlocative = ['in']\n", encoding="utf-8")

    class Files:
        def joinpath(self, _):
            return broken

    place_words.cache_clear()
    monkeypatch.setattr(places_module.resources, "files", lambda _package: Files())
    try:
        with pytest.raises(OntologyError, match="place_words.toml"):
            place_words()
    finally:
        monkeypatch.undo()
        place_words.cache_clear()


# -- the seed article ---------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(nlp, component):
    if not SEED.exists():
        pytest.skip(f"reference article not found at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    work = make_work(nlp, text)
    # What the actor component finds there: the two countries and the war's other side.
    for words, country in (("Azerbaijani", "AZE"), ("Turkish", "TUR"), ("Armenia", "ARM")):
        start = 0
        while (at := text.find(words, start)) >= 0:
            span = work.doc.char_span(at, at + len(words), alignment_mode="expand")
            ref = ActorRef(code=country, country=country, text=words)
            work.actor_mentions.append(
                ActorMention(ref, span.start, span.end, span.root.i, work.sentence_of_token(span.start), (at, at + len(words)))
            )
            start = at + len(words)
    component(work)
    return work


def _sentence_with(work: Work, word: str) -> int:
    return next(t.sent.start for t in work.doc if t.text == word)


def test_seed_places(seed):
    names = [(seed.doc[m.start : m.end].text, m.location.name, m.location.country) for m in seed.place_mentions]
    assert names == [
        ("Ankara", "Ankara", "TUR"),
        ("Turkey", "Turkey", "TUR"),
        ("Shusha", "Shusha", "AZE"),
        ("Ankara", "Ankara", "TUR"),
    ]


def test_seed_event_places(seed):
    # the September meeting: "... discussed ... in the Turkish capital Ankara"
    discussed = token(seed, "discussed")
    assert event_place(seed, discussed).name == "Ankara"
    # the February agreements, signed within a forum held in Ankara
    forum_sentence = _sentence_with(seed, "forum")
    signed = next(t.i for t in seed.doc[forum_sentence:] if t.text == "signed")
    assert event_place(seed, signed).name == "Ankara"
    # the declaration, signed during the first official visit to Shusha
    declaration_sentence = _sentence_with(seed, "Declaration")
    signed = next(t.i for t in seed.doc[declaration_sentence:] if t.text == "signed")
    place = event_place(seed, signed)
    assert (place.name, place.country) == ("Shusha", "AZE")
