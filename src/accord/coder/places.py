"""Places: where things happen, with country and coordinates from the offline gazetteer.

``PlaceComponent`` (``accord.places.v1``) finds the names of places in an article and
resolves each to one ``Location``; ``event_place`` then gives the place of one event.

Which names are places:

* spaCy's GPE, LOC and FAC entities, and, because the small model mislabels some places
  ("Shusha" as a person, "Armenia" or "Bakhmut" as an organisation), any proper noun
  after a locative preposition ("in", "near", ...), after a preposition of movement
  ("a visit to Shusha"), or as the object of a verb such as "visit" or "capture" --
  as long as the gazetteer knows the name.
* A country is an actor unless the grammar says it is a place: "Turkey signed",
  "support for Azerbaijan", "war with Armenia" and "US forces" name actors; "in
  Turkey" and "a visit to Turkey" name places. A city or region is a place unless it
  is the subject or possessor of a clause ("Moscow said", "Beijing's response"), a
  party after "with", "against", "on" ... ("friendship with Tehran"), part of a longer
  name ("the Shusha Declaration"), the name of a river or pipeline ("the Ili river"),
  or covered by an actor mention without a place's grammar.
* Names chained by hyphens are the names of routes, pipelines and pairs
  ("Baku-Tbilisi-Ceyhan", "Turkey-Azerbaijan relations"), not places, unless the whole
  chain is a place ("Nagorno-Karabakh").
* GeoNames' alternate names are many and noisy ("White House" is one of Casablanca's,
  "Kazakh" one of Petropavl's), so a name that matches only an alternate one counts
  only in a place's grammar and never for buildings (FAC) or nationalities (NORP).

The words these rules read (prepositions, words of movement, gatherings, words for
places) are in ``accord/ontology/data/place_words.toml``.

Which place a name means (see accord.ontology.gazetteer for the scoring):

1. a qualifier right after it: "Paris, Texas", "Tripoli in northern Lebanon";
2. the countries in play, weighted by closeness: the countries of the article's actor
   mentions and of the places it names elsewhere, each worth 1 in its own sentence,
   1/4 one sentence away, 1/9 two away, ...;
3. how prominent each candidate is (countries, then capitals and large cities).

Names resolve in two rounds, so that "Paris" can lean on "Texas" named later in the
text: first against the actors alone, then again with the other places found.

The event's place (``event_place``) is a place the dependency tree attaches to the
event's trigger, never just any place in its sentence: in "A met B in Ankara after
talks about Gaza" the meeting is in Ankara.
"""

from __future__ import annotations

import functools
import tomllib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources

from ..errors import OntologyError
from ..ontology.gazetteer import Candidate, Context, Gazetteer, Place, gazetteer, place_key
from ..records import Location
from .tree import children
from .work import PlaceMention, Work

__all__ = ["PlaceComponent", "PlaceWords", "place_words", "find_places", "event_place", "event_place_finder"]

# spaCy entity labels that name places, and those that never do (a month is not the
# town of March in Cambridgeshire).
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NOT_PLACE_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "LANGUAGE", "LAW", "WORK_OF_ART", "EVENT"})
# Labels whose names match places only by their own names (see _candidate_spans).
OWN_NAMES_ONLY_LABELS = frozenset({"FAC", "NORP"})
# Grammatical roles in which a name acts rather than locates: "Moscow said",
# "Beijing's response", "talks were held by Ankara".
ACTING_ROLES = frozenset({"nsubj", "nsubjpass", "poss", "agent", "csubj"})
# How far below a trigger the search for the event's place goes, counted in words
# passed (prepositions are free): "signed [between] countries [within] forum held [in]
# Ankara" is four.
MAX_HOPS = 5
# Arcs the search follows down from a word to the words it governs: a participle
# ("the forum held in Ankara"), an apposition, a predicate noun. Subjects and objects
# (PARTICIPANT_ARCS) are followed only when they are gatherings ("talks in Geneva
# ended") or, for objects, actors ("met the ambassador in Bamako").
FOLLOWED_ARCS = frozenset({"acl", "appos", "attr", "oprd"})
PARTICIPANT_ARCS = frozenset({"dobj", "nsubj", "nsubjpass"})
# Finer places win when two are attached equally closely ("in Ankara, in Turkey").
FEATURE_ORDER = {"city": 0, "region": 1, "country": 2}


@dataclass(frozen=True)
class PlaceWords:
    """The vocabulary of data/place_words.toml."""

    locative: frozenset[str]
    not_before_countries: frozenset[str]
    directional: frozenset[str]
    destinations: frozenset[str]
    parties: frozenset[str]
    passable: frozenset[str]
    gatherings: frozenset[str]
    frames: frozenset[str]
    movement: frozenset[str]
    place_verbs: frozenset[str]
    place_nouns: frozenset[str]
    landmarks: frozenset[str]
    directions: frozenset[str]


@functools.cache
def place_words() -> PlaceWords:
    source = resources.files("accord.ontology").joinpath("data/place_words.toml")
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
        preps = data["prepositions"]
        return PlaceWords(
            locative=frozenset(preps["locative"]),
            not_before_countries=frozenset(preps["not_before_countries"]),
            directional=frozenset(preps["directional"]),
            destinations=frozenset(preps["destinations"]),
            parties=frozenset(preps["parties"]),
            passable=frozenset(preps["passable"]),
            gatherings=frozenset(data["gatherings"]["words"]),
            frames=frozenset(data["gatherings"]["frames"]),
            movement=frozenset(data["movement"]["words"]),
            place_verbs=frozenset(data["place_verbs"]["words"]),
            place_nouns=frozenset(data["around_names"]["place_nouns"]),
            landmarks=frozenset(data["around_names"]["landmarks"]),
            directions=frozenset(data["around_names"]["directions"]),
        )
    except (KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise OntologyError(f"bad place vocabulary: {exc}", item="place_words.toml") from exc


class PlaceComponent:
    """Coder component: append a PlaceMention for every place the article names."""

    name = "accord.places.v1"
    reads = ("doc", "actor_mentions")
    writes = ("place_mentions",)

    def __init__(self, places: Gazetteer | None = None):
        self.gazetteer = places or gazetteer()
        self.words = place_words()

    def __call__(self, work: Work) -> None:
        work.place_mentions.extend(find_places(work, self.gazetteer, self.words))


# ---------------------------------------------------------------------------------
# Finding names


@dataclass
class _Name:
    """A stretch of tokens that may name a place, with what the gazetteer offers for it."""

    start: int
    end: int
    root: int
    sentence: int
    candidates: list[Candidate]
    key: str
    qualifiers: list[Place] = field(default_factory=list)
    place: Place | None = None


def find_places(work: Work, places: Gazetteer | None = None, words: PlaceWords | None = None) -> list[PlaceMention]:
    """Every place the article names, in text order, resolved to one Location each."""
    places = places or gazetteer()
    words = words or place_words()
    doc = work.doc
    if doc is None:
        return []
    actor_tokens = {t for m in work.actor_mentions for t in range(m.start, m.end)}

    names: list[_Name] = []
    claimed: set[int] = set()
    for start, end, alternates_allowed in _candidate_spans(work, words):
        if claimed.intersection(range(start, end)):
            continue
        name = _look_up(doc, start, end, places, words, work)
        if name is not None and (not alternates_allowed or _modifies_place_noun(doc[name.root], words)):
            # Only a place's own name counts here: "the White House" is an alternate
            # name of Casablanca, "Kazakh" (in "the Kazakh capital") one of Petropavl.
            name.candidates = [c for c in name.candidates if c.own_name]
            name = name if name.candidates else None
        if name is None or not _is_place(doc, name, actor_tokens, words):
            continue
        claimed.update(range(name.start, name.end))
        names.append(name)

    names.sort(key=lambda n: n.start)
    # Qualifiers ("Paris, Texas") narrow the name before them and are not places of
    # their own.
    by_start = {n.start: n for n in names}
    consumed: set[int] = set()
    for name in names:
        if name.start in consumed:
            continue
        qualifier = _qualifier_after(doc, name, by_start, places, words, work)
        if qualifier is not None:
            name.qualifiers = qualifier[1]
            consumed.add(qualifier[0])
    names = [n for n in names if n.start not in consumed]

    _resolve(names, work, places)
    mentions = []
    for name in names:
        if name.place is None:
            continue
        span = (doc[name.start].idx, doc[name.end - 1].idx + len(doc[name.end - 1].text))
        mentions.append(PlaceMention(name.place.location(span), name.start, name.end, name.root, name.sentence))
    return mentions


def _modifies_place_noun(token, words: PlaceWords) -> bool:
    """ "Idlib" in "Idlib province", "Kazakh" in "the Kazakh capital"."""
    return token.dep_ in ("compound", "amod") and token.head.lemma_.lower() in words.place_nouns


def _candidate_spans(work: Work, words: PlaceWords) -> list[tuple[int, int, bool]]:
    """Token ranges that may name a place: place entities first, then proper nouns in places' positions.

    The flag says whether the span may match a place through one of GeoNames'
    alternate names. Not for buildings, airports and bridges (FAC): the only place
    "the White House" matches is Casablanca, through a translation of its name.
    """
    tokens = work.tokens
    spans = [(e.start, e.end, e.label_ != "FAC") for e in work.entities if e.label_ in PLACE_LABELS]
    entity_of = {t: e for e in work.entities for t in range(e.start, e.end)}
    for token in tokens:
        if token.pos_ != "PROPN" or not _in_place_position(token, words):
            continue
        entity = entity_of.get(token.i)
        if entity is not None:
            if entity.label_ in NOT_PLACE_LABELS:
                continue
            # A nationality word in a place's position may still be a town's own name
            # ("the Wagah border crossing"), never an alternate one ("Kazakh").
            spans.append((entity.start, entity.end, entity.label_ not in OWN_NAMES_ONLY_LABELS))
            continue
        start = token.i
        while start > 0 and tokens[start - 1].pos_ == "PROPN" and tokens[start - 1].head.i == token.i:
            start -= 1
        spans.append((start, token.i + 1, True))
    return spans


def _in_place_position(token, words: PlaceWords) -> bool:
    """Whether the grammar puts this word where a place goes.

    After a place preposition or verb (see _locative), or framed by a word for a place:
    "the province of Van", "the Wagah border crossing".
    """
    head = _phrase_head(token, words)
    return _locative(head, words) or (head.i != token.i and head.lemma_.lower() in words.place_nouns)


def _phrase_head(token, words: PlaceWords):
    """Climb from a name to the word that stands for its phrase.

    "Ankara" in "the Turkish capital Ankara" stands in for "capital"; "Ganja" in "in
    Baku and Ganja" for "Baku"; "Kars" in "the city of Kars" for "city"; "Tapa" in
    "visited the Tapa military base" for "base".
    """
    seen = 0
    while seen < 4:
        seen += 1
        if token.dep_ in ("appos", "conj", "compound", "nmod") and token.head.i != token.i:
            token = token.head
        elif token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in words.place_nouns:
            token = token.head.head
        else:
            break
    return token


def _locative(token, words: PlaceWords, country: bool = False) -> bool:
    """Whether a phrase head sits where a place goes.

    After a locative preposition ("in", "near"); after a preposition of movement
    under a word of movement ("a visit to", "flew from"); as the object of a verb such
    as "visit", "enter" or "capture". Before a country, "at" marks a target ("fired at
    Russia"), not a place.
    """
    head = token.head
    if token.dep_ == "pobj":
        prep = head.lower_
        if prep in words.locative:
            return not (country and prep in words.not_before_countries)
        if prep in words.directional and head.head.lemma_.lower() in words.movement:
            return True
        return False
    if token.dep_ == "dobj":
        return head.lemma_.lower() in words.place_verbs
    return False


def _look_up(doc, start: int, end: int, places: Gazetteer, words: PlaceWords, work: Work) -> _Name | None:
    """Trim a span to the name, look it up, and give it back with its candidates."""
    # A name chained to others by hyphens is a route or a pair, unless the chain is a place.
    chain_start, chain_end = _hyphen_chain(doc, start, end)
    if (chain_start, chain_end) != (start, end):
        chain = doc[chain_start:chain_end].text
        candidates = places.lookup(chain)
        if not candidates:
            return None
        return _name(doc, chain_start, chain_end, candidates, chain, work)

    # Drop what surrounds the name: "the", a possessive "'s", punctuation.
    while start < end and doc[start].pos_ in ("DET", "PUNCT"):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].pos_ == "PUNCT"):
        end -= 1
    # "Paris, Texas" tagged as one entity: the name is the part before the comma.
    for i in range(start, end):
        if doc[i].text == ",":
            end = i
            break
    if start >= end or all(t.lower_ in words.place_nouns or t.lower_ in words.directions for t in doc[start:end]):
        return None  # "the Republic", "the North": a word for a place, not a name
    text = doc[start:end].text
    candidates = places.lookup(text)
    if not candidates and end - start > 1:
        # "northern Syria", "east Jerusalem" (but "West Bank" is a name of its own, found above)
        inner_start = start
        while end - inner_start > 1 and doc[inner_start].lower_ in words.directions:
            inner_start += 1
        # "Idlib province", "West Darfur State", "the city of Kars", "the Republic of Azerbaijan"
        inner_end = end
        while inner_end - inner_start > 1 and doc[inner_end - 1].lower_ in words.place_nouns:
            inner_end -= 1
        while inner_end - inner_start > 2 and doc[inner_start].lower_ in words.place_nouns and doc[inner_start + 1].lower_ == "of":
            inner_start += 2
        for inner in ((inner_start, end), (inner_start, inner_end)):
            if inner != (start, end) and (candidates := places.lookup(doc[inner[0] : inner[1]].text)):
                start, end = inner
                text = doc[start:end].text
                break
    if not candidates:
        return None
    if end - start == 1 and doc[start].is_stop and not doc[start].is_upper:
        return None  # "in the US" is a name; a stop word in any other case is not ("in Of")
    return _name(doc, start, end, candidates, text, work)


def _name(doc, start: int, end: int, candidates: list[Candidate], text: str, work: Work) -> _Name:
    root = doc[start:end].root.i
    return _Name(start, end, root, work.sentence_of_token(start), candidates, place_key(text))


def _hyphen_chain(doc, start: int, end: int) -> tuple[int, int]:
    """Widen a span over words joined to it by hyphens without spaces ("Baku-Tbilisi-Ceyhan")."""

    def joined(left: int) -> bool:
        # doc[left] "-" doc[left + 2], written without spaces
        return (
            0 <= left
            and left + 2 < len(doc)
            and doc[left + 1].text in ("-", "\u2013")
            and not doc[left].whitespace_
            and not doc[left + 1].whitespace_
            and doc[left].is_alpha
            and doc[left + 2].is_alpha
        )

    while joined(start - 2):
        start -= 2
    while joined(end - 1):
        end += 2
    return start, end


def _is_place(doc, name: _Name, actor_tokens: set[int], words: PlaceWords) -> bool:
    """Whether this name is used as a place here (see the module's docstring).

    May narrow ``name.candidates`` to the places whose own name it is.
    """
    root = doc[name.root]
    modified = root.head if root.dep_ != "conj" else root.head.head
    if root.dep_ in ("compound", "nmod", "amod", "conj") and modified.lemma_.lower() in words.landmarks:
        return False  # "the Ili and Irtysh rivers", "the Baku pipeline": the feature, not the town
    head = _phrase_head(root, words)
    could_be_country = any(c.place.feature == "country" and c.own_name for c in name.candidates)
    if _locative(head, words, could_be_country) or (head.i != root.i and head.lemma_.lower() in words.place_nouns):
        # "in Turkey", "a visit to Shusha", "the Turkish capital Ankara", "Idlib province"
        return True
    if actor_tokens.intersection(range(name.start, name.end)):
        return False
    if could_be_country:
        return False  # a country needs a place's grammar: "Turkey signed", "US forces"
    if head.dep_ in ACTING_ROLES:
        return False  # "Moscow said", "Riyadh's ties"
    if head.dep_ == "pobj" and head.head.lower_ in words.parties:
        return False  # "friendship with Tehran", "pressure on Moscow"
    if root.dep_ == "compound" and root.head.pos_ == "PROPN" and root.head.i >= name.end:
        return False  # part of a longer name: "the Shusha Declaration", "Baku Initiative"
    # Without a place's grammar around it, a name must be the place's own: "Kazakh" in
    # "Kazakh wheat" is only an alternate name of Petropavl.
    name.candidates = [c for c in name.candidates if c.own_name]
    return bool(name.candidates)


def _qualifier_after(doc, name: _Name, by_start: dict[int, _Name], places: Gazetteer, words: PlaceWords, work: Work):
    """The country or region right after a name that says which one it is, if any.

    "Paris, Texas", "Tripoli, Lebanon", "Tripoli in northern Lebanon", "Tbilisi, the
    capital of Georgia". Returns (the qualifier's first token, its possible places), or
    None when what follows is not a qualifier (a city, or a place that holds no
    candidate of the name).
    """
    i = name.end
    if i >= len(doc) or doc[i].lower_ not in (",", "in", "("):
        return None
    i += 1
    while i < len(doc) and (
        doc[i].lower_ in ("the", "of") or doc[i].lower_ in words.directions or doc[i].lower_ in words.place_nouns
    ):
        i += 1
    if i >= len(doc):
        return None
    following = by_start.get(i)
    if following is not None:
        candidates = following.candidates
    else:
        end = i
        while end < len(doc) and doc[end].pos_ == "PROPN":
            end += 1
        if end == i:
            return None
        candidates = places.lookup(doc[i:end].text)
    regions = [c.place for c in candidates if c.place.feature != "city"]
    if not any(q.contains(c.place) for q in regions for c in name.candidates):
        return None
    return i, regions


# ---------------------------------------------------------------------------------
# Resolving names with the article's context


def _resolve(names: list[_Name], work: Work, places: Gazetteer) -> None:
    """Choose one place per name: first against the actors, then with the other places too."""
    actor_countries: list[tuple[int, str]] = []
    for mention in work.actor_mentions:
        countries = {mention.ref.country, *(m.country for m in mention.members)}
        actor_countries.extend((mention.sentence, c) for c in countries if c)

    # The actors' part of a context depends only on the name's sentence: added up once
    # per sentence, in the same order, so the sums are the same to the last bit.
    actor_weights: dict[int, dict[str, float]] = {}

    def context_for(name: _Name, named: list[tuple[int, str, Place | None]]) -> Context:
        weights = actor_weights.get(name.sentence)
        if weights is None:
            by_actors = Context()
            for sentence, country in actor_countries:
                by_actors.add_country(country, _closeness(sentence, name.sentence))
            weights = actor_weights[name.sentence] = by_actors.countries
        context = Context(countries=dict(weights))
        for sentence, key, place in named:
            # A name does not vouch for itself: three "Paris" must not outvote "Texas".
            if place is not None and key != name.key:
                context.add_place(place, _closeness(sentence, name.sentence))
        return context

    for name in names:
        name.place = places.resolve(name.candidates, context_for(name, []), within=name.qualifiers)
    first_round = [(n.sentence, n.key, n.place) for n in names]
    for name in names:
        name.place = places.resolve(name.candidates, context_for(name, first_round), within=name.qualifiers)


def _closeness(sentence: int, other: int) -> float:
    """Weight of a country named ``other - sentence`` sentences away: 1, 1/4, 1/9, ...

    Squared so that the country of the paragraph at hand outweighs one named a few
    paragraphs back, even when that one is named more often.
    """
    return 1.0 / (1 + abs(sentence - other)) ** 2


# ---------------------------------------------------------------------------------
# The place of one event


def event_place(work: Work, trigger_token_index: int) -> Location | None:
    """The place the dependency tree attaches to an event's trigger, or None.

    Looks below the trigger for a place after a locative preposition: on the trigger
    itself ("met ... in Ankara"), on a noun or clause it governs ("signed during the
    visit to Shusha", "signed ... within the forum held in Ankara", "spoke on the
    sidelines of the summit in Glasgow"), on a subject or object that is a gathering
    ("talks in Geneva ended") or an actor ("met the ambassador in Bamako"), or on the
    subject's own arrival ("Mus, who arrived in Baku on Sunday, met ..."). The closest
    attachment wins; between equally close ones, the finer place.

    When the trigger has none of its own, a verb joined by "and" to a main verb takes
    that verb's place ("met in Ankara and signed"), and a gathering that is a verb's
    object or subject takes the verb's ("held talks in Astana"). Topics are not places:
    "discussed the situation in Syria", "accused Iran of building bases in Syria".
    Uses ``work.place_mentions``, so run it after the places component.
    """
    return event_place_finder(work)(trigger_token_index)


def event_place_finder(work: Work) -> Callable[[int], Location | None]:
    """``event_place`` for many triggers of one article: the article's place and actor
    tokens are indexed once, not for every event. Call it once the places and actors
    of the article are final."""
    doc = work.doc
    if doc is None or not work.place_mentions:
        return lambda trigger_token_index: None
    search = _Search(
        by_token={t: m for m in work.place_mentions for t in range(m.start, m.end)},
        actor_tokens=frozenset(t for m in work.actor_mentions for t in range(m.start, m.end)),
        words=place_words(),
    )

    def place_of(trigger_token_index: int) -> Location | None:
        if not 0 <= trigger_token_index < len(doc):
            return None
        trigger = doc[trigger_token_index]
        found = search.below(trigger)
        head = trigger.head
        if found is None and trigger.dep_ == "conj" and head.pos_ in ("VERB", "AUX") and head.dep_ not in SUBORDINATE_ARCS:
            found = search.below(head)
        if found is None and trigger.dep_ in PARTICIPANT_ARCS and _is_gathering(trigger, search.words):
            found = search.below(head)
        return found.location if found is not None else None

    return place_of


# Clauses whose verb's place is not passed on to a verb joined to it by "and": in
# "called on the UN to send observers to Kashmir and urged ..." the urging is not in
# Kashmir.
SUBORDINATE_ARCS = frozenset({"xcomp", "advcl", "relcl", "acl", "pcomp", "csubj"})


@dataclass(frozen=True)
class _Search:
    by_token: dict[int, PlaceMention]
    actor_tokens: frozenset[int]
    words: PlaceWords

    def below(self, top) -> PlaceMention | None:
        """Breadth-first search below ``top`` for the closest place attached by a locative word."""
        words = self.words
        found: list[tuple[int, int, int, PlaceMention]] = []

        def record(mention: PlaceMention | None, hops: int) -> None:
            if mention is not None:
                found.append((hops, FEATURE_ORDER.get(mention.location.feature or "", 3), mention.start, mention))

        queue = deque([(top, 0)])
        seen = {top.i}
        while queue:
            token, hops = queue.popleft()
            if hops >= MAX_HOPS:
                continue
            below_verb = token.pos_ in ("VERB", "AUX")
            for child in children(token):
                follow = child.dep_ in FOLLOWED_ARCS
                if child.dep_ == "prep":
                    prep = child.lower_
                    locative = prep in words.locative or (prep in words.destinations and token.lemma_.lower() in words.movement)
                    for obj in children(child):
                        if obj.dep_ not in ("pobj", "pcomp"):
                            continue
                        if locative:
                            record(_place_in_phrase(obj, self.by_token, words), hops + 1)
                        # "of" below a verb brings a topic ("accused Iran of building
                        # bases in Syria"); below a noun a frame ("part of the visit").
                        passable = prep in words.passable and not (prep == "of" and below_verb)
                        if (locative or passable or obj.lemma_.lower() in words.frames) and obj.i not in seen:
                            seen.add(obj.i)
                            queue.append((obj, hops + 1))
                elif child.dep_ == "dobj" and token.lemma_.lower() in words.place_verbs:
                    record(_place_in_phrase(child, self.by_token, words), hops + 1)
                if child.dep_ in PARTICIPANT_ARCS:
                    follow = _is_gathering(child, words) or (child.dep_ == "dobj" and child.i in self.actor_tokens)
                    if child.dep_ == "nsubj":
                        self._arrival(child, hops, record)
                if follow and child.i not in seen:
                    seen.add(child.i)
                    queue.append((child, hops + 1))
        if not found:
            return None
        return min(found, key=lambda f: f[:3])[3]

    def _arrival(self, subject, hops: int, record) -> None:
        """ "Mus, who arrived in Baku on Sunday, ...": where the subject came to."""
        for clause in children(subject):
            if clause.dep_ == "relcl" and clause.lemma_.lower() in self.words.movement:
                for prep in children(clause):
                    if prep.dep_ == "prep" and (prep.lower_ in self.words.locative or prep.lower_ in self.words.destinations):
                        for obj in children(prep):
                            if obj.dep_ == "pobj":
                                record(_place_in_phrase(obj, self.by_token, self.words), hops + 2)
                if clause.lemma_.lower() in self.words.place_verbs:
                    for obj in children(clause):
                        if obj.dep_ == "dobj":
                            record(_place_in_phrase(obj, self.by_token, self.words), hops + 2)


def _is_gathering(token, words: PlaceWords) -> bool:
    return token.lemma_.lower() in words.gatherings or token.lower_ in words.gatherings


def _place_in_phrase(obj, by_token: dict[int, PlaceMention], words: PlaceWords) -> PlaceMention | None:
    """The place a prepositional object names: itself, its apposition, or "the city of X"."""
    if obj.i in by_token:
        return by_token[obj.i]
    for child in children(obj):
        if child.dep_ in ("appos", "compound", "nmod") and child.i in by_token:
            return by_token[child.i]
    if obj.lemma_.lower() in words.place_nouns:
        for child in children(obj):
            if child.dep_ == "prep" and child.lower_ == "of":
                for inner in children(child):
                    if inner.dep_ == "pobj" and inner.i in by_token:
                        return by_token[inner.i]
    return None
