"""The actor lexicons: countries, regions, organisations, titles, CAMEO sectors and people.

The vocabularies live in ``data/`` as CSV files a reviewer can read (each explains its
columns in ``#`` comment lines above the header); this module loads them, checks them and
makes them fast to match against tokens.

    sectors.csv        CAMEO sector and group codes (GOV, MIL, ..., IGO, NGO)
    countries.csv      one row per country: ISO alpha-3, name, capital, UN status
    regions.csv        CAMEO region codes (EUR, MEA, CAU, ...)
    country_forms.csv  every surface form of a country or region: names, adjectives,
                       demonyms, capitals, metonyms ("Kremlin" -> RUS GOV)
    organisations.csv  international organisations and named state bodies, with codes
    titles.csv         titles, ranks, bodies and groups -> sector ("Defence Minister" -> GOV)
    people.csv         well-known office holders, one row per term of a post, with its dates
                       ("Vladimir Putin", President, RUS GOV, 2012-05-07 onwards)

Lookups (each loads and validates its files once, then is cached):

    sectors() -> dict[str, Sector]                 code -> Sector
    countries() -> dict[str, Country]              iso3 -> Country
    regions() -> dict[str, Region]                 code -> Region
    country_forms() -> dict[str, CountryForm]      form_key(text) -> CountryForm
    organisations() -> dict[str, Organisation]     form_key(text) -> Organisation
    titles() -> list[Title]                        longest pattern first
    people() -> tuple[Person, ...]                 every term of every person, in file order
    country_name(code) -> str                      "TUR" -> "Turkey", "EUR" -> "Europe"
    form_key(text) -> str                          "U.S." -> "us", "Lt-Gen" -> "lt gen"

Matching over the tokens of a sentence (their texts, as the tokenizer gives them):

    country_index(), organisation_index(), title_index() -> PhraseIndex
    index.longest_match(tokens, start) -> Match | None
    index.find_all(tokens) -> list[Match]          left to right, longest first, no overlaps
    longest_match(tokens, start) -> Match | None   the longest of the three; on a tie an
                                                   organisation wins over a country form,
                                                   and a country form over a title
    people_index() -> PhraseIndex                  names and aliases of people; a match's value
                                                   is every term of everyone who goes by the form
    person_at(match_or_name, when) -> Person | None
                                                   the term that covers the date

People are a fallback, kept apart from ``longest_match``: the text's own words ("the Turkish
President", "his Russian counterpart") say more about an actor than a dictionary that may be
out of date, and a person's name must not hide a country form or a title it overlaps. The
coder matches ``people_index()`` on its own and asks ``person_at`` with the article's date.
A form several people go by ("Bush", "Aliyev") is ambiguous and the match says so;
``person_at`` takes it only when the date leaves one of them in office, and with no date
never (for a form of one person and no date it gives that person's latest term).

How text and data are compared: both are cut into pieces at spaces and hyphens, full stops
and commas are dropped, accents folded and curly apostrophes straightened, and a trailing
"'s" becomes a piece of its own. So "U.S." is the piece "us", "Lt.-Gen." is "lt" + "gen",
and "Türkiye" matches "Turkiye". A match covers whole tokens; tokens that are only
punctuation ("-", "." or "," split off by the tokenizer) may sit between the words of a
form, so "Lt - Gen" and "Washington , D.C." match, but a match never starts or ends on one.
Titles ignore case. Country and organisation forms do not: the text must write a form as
the data does, in capitals, or with its first letter raised, so "us", "turkey", "polish"
and "who" are not mistaken for US, Turkey, Polish and WHO. A hyphenated compound such as
"Azerbaijani-Turkish" is one token to spaCy only rarely; when it is, the caller splits it.

Everything is loaded from the package's ``data/`` folder. ``Lexicon(path)`` loads the same
files from another folder (tests use this for small, broken files); the module functions
use one shared default ``Lexicon``. A bad row raises ``OntologyError`` naming
``file:line`` and the reason.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Generic, Literal, TypeVar

import pycountry

from ..errors import OntologyError

__all__ = [
    "Sector",
    "Country",
    "Region",
    "CountryForm",
    "Organisation",
    "Title",
    "Person",
    "Match",
    "PhraseIndex",
    "Lexicon",
    "default_lexicon",
    "sectors",
    "countries",
    "regions",
    "country_forms",
    "organisations",
    "titles",
    "people",
    "country_name",
    "country_index",
    "organisation_index",
    "title_index",
    "people_index",
    "person_at",
    "longest_match",
    "form_key",
]

CountryFormKind = Literal["name", "short", "adjective", "demonym", "capital", "metonym", "region"]
TitleKind = Literal["title", "rank", "body", "ministry", "group", "modifier"]
LexiconName = Literal["organisation", "country", "title", "person"]

_FORM_KINDS = frozenset({"name", "short", "adjective", "demonym", "capital", "metonym", "region"})
_TITLE_KINDS = frozenset({"title", "rank", "body", "ministry", "group", "modifier"})
_STATUSES = frozenset({"member", "observer", "other"})
_CODE_SOURCES = frozenset({"iso", "user-assigned"})
_THREE_LETTERS = re.compile(r"[A-Z]{3}")
_CODE_CHUNKS = re.compile(r"(?:[A-Z]{3})+")
_TERM_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Sector:
    """A CAMEO role code. ``position`` "group" codes (IGO, NGO, ...) stand where a country would."""

    code: str
    position: Literal["sector", "group"]
    name: str
    description: str

    @property
    def is_group(self) -> bool:
        return self.position == "group"


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    name: str
    official_name: str
    capital: str
    continent: str
    status: Literal["member", "observer", "other"]
    code_source: Literal["iso", "user-assigned"]


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    description: str


@dataclass(frozen=True)
class CountryForm:
    """One surface form of a country or region ("Azeri" -> AZE, adjective).

    ``code`` is the reading to take; ``others`` holds further codes the same form may mean
    (only for ambiguous forms: "Congo" is COD, with COG in ``others``). ``sector`` is set for
    metonyms ("Pentagon" -> USA, MIL).
    """

    form: str
    key: str
    code: str
    kind: CountryFormKind
    sector: str | None
    ambiguous: bool
    others: tuple[str, ...] = ()
    note: str = ""

    @property
    def codes(self) -> tuple[str, ...]:
        return (self.code, *self.others)


@dataclass(frozen=True)
class Organisation:
    """An international organisation or a named body of one state.

    ``code`` is the full CAMEO actor code (IGOUNO, IGOWSTNAT, RUSSPY). ``sector`` is the group
    code (IGO, NGO, IMG) or, for a body of one ``country``, its sector. ``ambiguous`` holds
    the form keys of this organisation that often mean something else ("icc").
    """

    code: str
    sector: str
    country: str | None
    name: str
    acronym: str | None
    aliases: tuple[str, ...]
    ambiguous: frozenset[str]
    parent: str | None
    note: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *((self.acronym,) if self.acronym else ()), *self.aliases)

    @property
    def key(self) -> str:
        """A stable slug of the name, for canonical actor ids: "united-nations"."""
        return re.sub(r"[^a-z0-9]+", "-", _fold(self.name).lower()).strip("-")

    def is_ambiguous(self, key: str) -> bool:
        return key in self.ambiguous


@dataclass(frozen=True)
class Title:
    """A title, rank, body, ministry, group or modifier and the sector it stands for."""

    pattern: str
    tokens: tuple[str, ...]
    sector: str | None
    kind: TitleKind
    canonical: str
    secondary: tuple[str, ...] = ()
    plural: bool = False
    note: str = ""


@dataclass(frozen=True)
class Person:
    """One term of one post of a well-known person: "Vladimir Putin", President, RUS GOV, from 2012-05-07.

    A person with several posts or terms has several records with the same ``name``; ``aliases``
    is every other form the person goes by, gathered from all of their rows. A state's officer has
    a ``country``; an international organisation's has an ``org_code`` (IGOUNO) instead, and
    ``sector`` is then the organisation's group code (IGO). A named body of one state may stand
    beside the country (Hezbollah, LBNREB, for LBN + REB). ``code`` is the CAMEO actor code either
    way. ``start`` and ``end`` are the first and last day of the term, both inside it; a term the
    data dates by year or month runs from the first day of it to the last. ``end`` is None while
    the post is held. ``ambiguous`` holds the form keys of this person that others go by too.
    """

    name: str
    aliases: tuple[str, ...]
    country: str | None
    org_code: str | None
    sector: str
    role: str
    start: date
    end: date | None
    ambiguous: frozenset[str] = frozenset()
    note: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def code(self) -> str:
        """The CAMEO actor code: RUSGOV, LBNREB, IGOUNO."""
        return self.country + self.sector if self.country is not None else self.org_code or self.sector

    def covers(self, when: date) -> bool:
        """Whether ``when`` falls within the term (first and last day included)."""
        return self.start <= when and (self.end is None or when <= self.end)


T = TypeVar("T")


@dataclass(frozen=True)
class Match(Generic[T]):
    """Tokens ``start``..``end`` (end exclusive) name ``value``, through the data form ``form``."""

    start: int
    end: int
    value: T
    form: str
    ambiguous: bool
    lexicon: LexiconName


# --------------------------------------------------------------------------- text pieces

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_DROPPED = re.compile(r"[.,]")
_BREAKS = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014]+")


def _fold(text: str) -> str:
    """Accents off, apostrophes straight: "Élysée" -> "Elysee", "Kyiv’s" -> "Kyiv's"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=65536)
def _pieces(text: str) -> tuple[str, ...]:
    """The comparable pieces of a token or a data form, in their original case.

    Tokens repeat a lot across sentences, so the cache makes this a dictionary look-up.
    """
    pieces: list[str] = []
    for word in _BREAKS.split(_DROPPED.sub("", _fold(text))):
        if not word:
            continue
        # spaCy splits the possessive off ("Children", "'s"); do the same to the data.
        if len(word) > 2 and word.lower().endswith("'s"):
            pieces.extend((word[:-2], word[-2:]))
        elif len(word) > 2 and word.endswith("'") and word[-2].lower() == "s":
            # and a plural's ("Workers'", "'"), so "Kurdistan Workers' Party" matches
            pieces.extend((word[:-1], word[-1:]))
        else:
            pieces.append(word)
    return tuple(pieces)


@functools.lru_cache(maxsize=65536)
def _keys(text: str) -> tuple[str, ...]:
    return tuple(p.lower() for p in _pieces(text))


def form_key(text: str) -> str:
    """The key a form is filed under: lower case, accents folded, full stops dropped,
    hyphens as spaces. ``form_key("U.S.") == "us"``, ``form_key("Lt-Gen") == "lt gen"``."""
    return " ".join(_keys(text))


def _spelled_alike(text_piece: str, data_piece: str) -> bool:
    """Whether a text piece writes a data piece as the data does, in capitals, or capitalised."""
    return (
        text_piece == data_piece
        or text_piece == data_piece.upper()
        or text_piece == data_piece[:1].upper() + data_piece[1:]
    )


# --------------------------------------------------------------------------- matching


@dataclass
class _Phrase(Generic[T]):
    keys: tuple[str, ...]
    spellings: set[tuple[str, ...]]
    form: str
    value: T
    ambiguous: bool


class PhraseIndex(Generic[T]):
    """Finds the longest data form that starts at a token.

    Forms are filed under the key of their first piece and kept longest first, so a look-up
    compares only the few forms that begin with the token's word.
    """

    def __init__(self, lexicon: LexiconName, case_sensitive: bool):
        self.lexicon: LexiconName = lexicon
        self.case_sensitive = case_sensitive
        self._by_first: dict[str, list[_Phrase[T]]] = {}
        self._by_keys: dict[tuple[str, ...], _Phrase[T]] = {}

    def add(self, form: str, value: T, ambiguous: bool = False) -> None:
        """File a form; a second spelling of the same key (US, U.S.) only adds the spelling."""
        keys = _keys(form)
        if not keys:
            raise ValueError(f"form {form!r} has no words")
        phrase = self._by_keys.get(keys)
        if phrase is None:
            phrase = _Phrase(keys, set(), form, value, ambiguous)
            self._by_keys[keys] = phrase
            bucket = self._by_first.setdefault(keys[0], [])
            bucket.append(phrase)
            bucket.sort(key=lambda p: len(p.keys), reverse=True)
        phrase.spellings.add(_pieces(form))

    def __len__(self) -> int:
        return len(self._by_keys)

    def first_words(self) -> Iterator[str]:
        """The keys of the words forms begin with."""
        return iter(self._by_first)

    def __contains__(self, text: str) -> bool:
        return _keys(text) in self._by_keys

    def longest_match(self, tokens: Sequence[str], start: int = 0) -> Match[T] | None:
        """The longest form that begins exactly at ``tokens[start]``, or None."""
        if start >= len(tokens):
            return None
        first = _keys(tokens[start])
        if not first:
            return None
        for phrase in self._by_first.get(first[0], ()):
            end = self._match_end(phrase, tokens, start)
            if end is not None:
                return Match(start, end, phrase.value, phrase.form, phrase.ambiguous, self.lexicon)
        return None

    def find_all(self, tokens: Sequence[str]) -> list[Match[T]]:
        """Every match, left to right; each token belongs to at most one, the longest."""
        found: list[Match[T]] = []
        i = 0
        while i < len(tokens):
            match = self.longest_match(tokens, i)
            if match is None:
                i += 1
            else:
                found.append(match)
                i = match.end
        return found

    def _match_end(self, phrase: _Phrase[T], tokens: Sequence[str], start: int) -> int | None:
        """Where the phrase ends if it matches whole tokens from ``start``, else None."""
        wanted = phrase.keys
        matched = 0
        text_pieces: list[str] = []
        i = start
        while matched < len(wanted):
            if i >= len(tokens):
                return None
            keys = _keys(tokens[i])
            if not keys:  # a lone "-" or "." between words
                i += 1
                continue
            if wanted[matched : matched + len(keys)] != keys:
                return None
            text_pieces.extend(_pieces(tokens[i]))
            matched += len(keys)
            i += 1
        if self.case_sensitive and not any(
            all(_spelled_alike(t, d) for t, d in zip(text_pieces, spelling)) for spelling in phrase.spellings
        ):
            return None
        return i


# --------------------------------------------------------------------------- reading files


def _default_data_dir() -> Traversable:
    return resources.files("accord.ontology").joinpath("data")


def _rows(directory: Traversable | Path, name: str, columns: tuple[str, ...]) -> Iterator[tuple[str, dict[str, str]]]:
    """Yield ("file:line", row) for each data row; '#' lines and blank lines are skipped."""
    path = directory / name
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        raise OntologyError("data file is missing", item=str(path)) from None
    with handle:
        header: list[str] | None = None
        for line_number, line in enumerate(handle, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            where = f"{name}:{line_number}"
            try:
                values = next(csv.reader([line]))
            except csv.Error as exc:
                raise OntologyError(f"not valid CSV: {exc}", item=where) from None
            if header is None:
                if tuple(values) != columns:
                    raise OntologyError(f"header must be {','.join(columns)}, found {','.join(values)}", item=where)
                header = values
                continue
            if len(values) != len(header):
                raise OntologyError(f"expected {len(header)} fields, found {len(values)}", item=where)
            yield where, {column: value.strip() for column, value in zip(header, values)}
        if header is None:
            raise OntologyError("no header row", item=name)


def _required(row: dict[str, str], where: str, *columns: str) -> None:
    for column in columns:
        if not row[column]:
            raise OntologyError(f"{column} is empty", item=where)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _is_iso_alpha3(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None


def _term_day(text: str, where: str, column: str, last: bool) -> date:
    """A term's start or end: YYYY-MM-DD, or YYYY-MM / YYYY as their first (or, for an end, last) day."""
    found = _TERM_DATE.fullmatch(text)
    if found is None:
        raise OntologyError(f"{column} {text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", item=where)
    year, month, day = found.groups()
    try:
        if day is not None:
            return date(int(year), int(month), int(day))
        if month is not None:
            first = date(int(year), int(month), 1)
            if not last:
                return first
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1)
        return date(int(year), 12, 31) if last else date(int(year), 1, 1)
    except ValueError:
        raise OntologyError(f"{column} {text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", item=where) from None


# --------------------------------------------------------------------------- the lexicon


class Lexicon:
    """All actor vocabularies read from one data folder, loaded and checked on first use."""

    def __init__(self, data_dir: Traversable | Path | None = None):
        self.data_dir = data_dir if data_dir is not None else _default_data_dir()

    def validate(self) -> None:
        """Load every file now, so that any error surfaces here rather than mid-coding."""
        self.country_index
        self.organisation_index
        self.title_index
        self.people_index

    # -- sectors ------------------------------------------------------------------------

    @functools.cached_property
    def sectors(self) -> dict[str, Sector]:
        table: dict[str, Sector] = {}
        for where, row in _rows(self.data_dir, "sectors.csv", ("code", "position", "name", "description")):
            _required(row, where, "code", "position", "name", "description")
            code = row["code"]
            if not _THREE_LETTERS.fullmatch(code):
                raise OntologyError(f"sector code {code!r} is not three capital letters", item=where)
            if row["position"] not in ("sector", "group"):
                raise OntologyError(f"position must be sector or group, not {row['position']!r}", item=where)
            if code in table:
                raise OntologyError(f"duplicate sector {code}", item=where)
            table[code] = Sector(code, row["position"], row["name"], row["description"])  # type: ignore[arg-type]
        return table

    def _check_sector(self, code: str, where: str) -> str:
        if code not in self.sectors:
            raise OntologyError(f"unknown sector {code!r}", item=where)
        return code

    # -- countries and regions ----------------------------------------------------------

    @functools.cached_property
    def countries(self) -> dict[str, Country]:
        columns = ("iso3", "iso2", "name", "official_name", "capital", "continent", "status", "code_source")
        table: dict[str, Country] = {}
        for where, row in _rows(self.data_dir, "countries.csv", columns):
            _required(row, where, "iso3", "name", "capital", "status", "code_source")
            iso3 = row["iso3"]
            if row["status"] not in _STATUSES:
                raise OntologyError(f"status must be one of {', '.join(sorted(_STATUSES))}", item=where)
            if row["code_source"] not in _CODE_SOURCES:
                raise OntologyError("code_source must be iso or user-assigned", item=where)
            if row["code_source"] == "iso" and not _is_iso_alpha3(iso3):
                raise OntologyError(f"{iso3!r} is not an ISO 3166-1 alpha-3 code", item=where)
            if row["code_source"] == "user-assigned" and (not re.fullmatch(r"X[A-Z]{2}", iso3) or _is_iso_alpha3(iso3)):
                # ISO keeps the X.. range free for user-assigned codes (XKX for Kosovo).
                raise OntologyError(f"user-assigned code {iso3!r} must be X followed by two letters, outside ISO", item=where)
            if iso3 in table:
                raise OntologyError(f"duplicate country {iso3}", item=where)
            table[iso3] = Country(
                iso3, row["iso2"], row["name"], row["official_name"], row["capital"], row["continent"],
                row["status"], row["code_source"],  # type: ignore[arg-type]
            )
        return table

    @functools.cached_property
    def regions(self) -> dict[str, Region]:
        table: dict[str, Region] = {}
        for where, row in _rows(self.data_dir, "regions.csv", ("code", "name", "description")):
            _required(row, where, "code", "name")
            code = row["code"]
            if not _THREE_LETTERS.fullmatch(code):
                raise OntologyError(f"region code {code!r} is not three capital letters", item=where)
            if code in self.countries or _is_iso_alpha3(code) or code in self.sectors:
                raise OntologyError(f"region code {code!r} clashes with a country or sector code", item=where)
            if code in table:
                raise OntologyError(f"duplicate region {code}", item=where)
            table[code] = Region(code, row["name"], row["description"])
        return table

    @functools.cached_property
    def country_forms(self) -> dict[str, CountryForm]:
        by_key: dict[str, list[tuple[str, CountryForm]]] = {}
        columns = ("form", "code", "kind", "sector", "ambiguous", "note")
        for where, row in _rows(self.data_dir, "country_forms.csv", columns):
            _required(row, where, "form", "code", "kind")
            code, kind = row["code"], row["kind"]
            if kind not in _FORM_KINDS:
                raise OntologyError(f"kind must be one of {', '.join(sorted(_FORM_KINDS))}, not {kind!r}", item=where)
            if kind == "region":
                if code not in self.regions:
                    raise OntologyError(f"unknown region code {code!r}", item=where)
            elif code not in self.countries:
                raise OntologyError(f"unknown country code {code!r}", item=where)
            sector = row["sector"] or None
            if sector is not None:
                if kind != "metonym":
                    raise OntologyError("only a metonym carries a sector", item=where)
                self._check_sector(sector, where)
            elif kind == "metonym":
                raise OntologyError("a metonym needs a sector", item=where)
            if row["ambiguous"] not in ("", "yes"):
                raise OntologyError(f"ambiguous must be yes or empty, not {row['ambiguous']!r}", item=where)
            key = form_key(row["form"])
            if not key:
                raise OntologyError("form has no words", item=where)
            form = CountryForm(row["form"], key, code, kind, sector, row["ambiguous"] == "yes", (), row["note"])  # type: ignore[arg-type]
            by_key.setdefault(key, []).append((where, form))

        table: dict[str, CountryForm] = {}
        for key, claims in by_key.items():
            table[key] = self._merge_country_claims(claims)
        self._check_every_country_named(table)
        return table

    @staticmethod
    def _merge_country_claims(claims: list[tuple[str, CountryForm]]) -> CountryForm:
        """One entry per key. Rows of one code are spellings of one form (US, U.S.); rows of
        several codes are allowed only when every one of them marks the form ambiguous."""
        first_where, first = claims[0]
        codes: list[str] = []
        spellings: set[str] = set()
        for where, form in claims:
            if form.form in spellings and form.code in codes:
                raise OntologyError(f"duplicate form {form.form!r} (first at {first_where})", item=where)
            spellings.add(form.form)
            if form.code == first.code and form.sector != first.sector:
                raise OntologyError(
                    f"form {form.form!r} gives sector {form.sector} here, {first.sector} at {first_where}", item=where
                )
            if form.code not in codes:
                codes.append(form.code)
        if len(codes) > 1:
            unmarked = [where for where, form in claims if not form.ambiguous]
            if unmarked:
                raise OntologyError(
                    f"form {first.form!r} maps to {', '.join(codes)} but is not marked ambiguous on every row",
                    item=unmarked[0],
                )
        ambiguous = any(form.ambiguous for _, form in claims)
        return CountryForm(first.form, first.key, first.code, first.kind, first.sector, ambiguous, tuple(codes[1:]), first.note)

    def _check_every_country_named(self, table: dict[str, CountryForm]) -> None:
        for country in self.countries.values():
            entry = table.get(form_key(country.name))
            if entry is None or country.iso3 not in entry.codes:
                raise OntologyError(f"country {country.iso3} has no form for its name {country.name!r}", item="country_forms.csv")
            entry = table.get(form_key(country.capital))
            if entry is None or country.iso3 not in entry.codes:
                raise OntologyError(
                    f"country {country.iso3} has no form for its capital {country.capital!r}", item="country_forms.csv"
                )

    # -- organisations ------------------------------------------------------------------

    @functools.cached_property
    def organisation_list(self) -> tuple[Organisation, ...]:
        columns = ("code", "sector", "country", "name", "acronym", "aliases", "ambiguous", "parent", "note")
        found: list[tuple[str, Organisation]] = []
        names: dict[str, str] = {}
        for where, row in _rows(self.data_dir, "organisations.csv", columns):
            _required(row, where, "code", "sector", "name")
            code, sector, country = row["code"], row["sector"], row["country"] or None
            self._check_sector(sector, where)
            if country is not None:
                if country not in self.countries:
                    raise OntologyError(f"unknown country code {country!r}", item=where)
                if code != country + sector:
                    raise OntologyError(f"code of a {country} body with sector {sector} must be {country}{sector}", item=where)
            else:
                if not self.sectors[sector].is_group:
                    raise OntologyError(f"an organisation without a country needs a group code (IGO, NGO, ...), not {sector}", item=where)
                if not code.startswith(sector) or not _CODE_CHUNKS.fullmatch(code):
                    raise OntologyError(f"code {code!r} must be {sector} followed by three-letter codes", item=where)
            if row["name"] in names:
                raise OntologyError(f"duplicate organisation name {row['name']!r} (first at {names[row['name']]})", item=where)
            names[row["name"]] = where
            aliases = _split(row["aliases"])
            forms = {form_key(f) for f in (row["name"], row["acronym"], *aliases) if f}
            ambiguous = frozenset(form_key(f) for f in _split(row["ambiguous"]))
            stray = ambiguous - forms
            if stray:
                raise OntologyError(f"ambiguous form {sorted(stray)[0]!r} is not one of this row's forms", item=where)
            organisation = Organisation(
                code, sector, country, row["name"], row["acronym"] or None, aliases, ambiguous, row["parent"] or None, row["note"]
            )
            found.append((where, organisation))
        for where, organisation in found:
            if organisation.parent is not None and organisation.parent not in names:
                raise OntologyError(f"parent {organisation.parent!r} is not an organisation's name", item=where)
        return tuple(organisation for _, organisation in found)

    @functools.cached_property
    def organisations(self) -> dict[str, Organisation]:
        table: dict[str, Organisation] = {}
        for organisation in self.organisation_list:
            for form in organisation.forms:
                key = form_key(form)
                other = table.get(key)
                if other is not None and other is not organisation:
                    raise OntologyError(f"form {form!r} names both {other.name!r} and {organisation.name!r}", item="organisations.csv")
                table[key] = organisation
        return table

    # -- titles -------------------------------------------------------------------------

    @functools.cached_property
    def titles(self) -> list[Title]:
        columns = ("pattern", "sector", "kind", "canonical", "secondary", "plural", "note")
        seen: dict[tuple[str, ...], str] = {}
        found: list[Title] = []
        for where, row in _rows(self.data_dir, "titles.csv", columns):
            _required(row, where, "pattern", "kind", "canonical")
            kind = row["kind"]
            if kind not in _TITLE_KINDS:
                raise OntologyError(f"kind must be one of {', '.join(sorted(_TITLE_KINDS))}, not {kind!r}", item=where)
            sector = row["sector"] or None
            if sector is None and kind != "modifier":
                raise OntologyError("sector is empty (only a modifier has none)", item=where)
            if sector is not None:
                if kind == "modifier":
                    raise OntologyError("a modifier carries no sector", item=where)
                self._check_sector(sector, where)
            secondary = tuple(self._check_sector(code, where) for code in _split(row["secondary"]))
            for pattern, plural in ((row["pattern"], False), (row["plural"], True)):
                if not pattern:
                    continue
                if pattern != pattern.lower():
                    raise OntologyError(f"pattern {pattern!r} must be lower case", item=where)
                tokens = _keys(pattern)
                if tokens in seen:
                    raise OntologyError(f"pattern {pattern!r} is already at {seen[tokens]}", item=where)
                seen[tokens] = where
                found.append(Title(pattern, tokens, sector, kind, row["canonical"], secondary, plural, row["note"]))  # type: ignore[arg-type]
        found.sort(key=lambda t: (-len(t.tokens), t.pattern))
        return found

    # -- people -------------------------------------------------------------------------

    @functools.cached_property
    def people(self) -> tuple[Person, ...]:
        columns = ("name", "aliases", "country", "org_code", "sector", "role", "start", "end", "note")
        org_owners: dict[str, set[tuple[str | None, str]]] = {}
        for organisation in self.organisation_list:
            org_owners.setdefault(organisation.code, set()).add((organisation.country, organisation.sector))
        rows: list[tuple[str, Person]] = []
        seen: dict[tuple[object, ...], str] = {}
        for where, row in _rows(self.data_dir, "people.csv", columns):
            _required(row, where, "name", "sector", "role", "start")
            country, org_code = row["country"] or None, row["org_code"] or None
            sector = self._check_sector(row["sector"], where)
            if country is None and org_code is None:
                raise OntologyError("give a country, an org_code, or both", item=where)
            if country is not None:
                if country not in self.countries:
                    raise OntologyError(f"unknown country code {country!r}", item=where)
                if self.sectors[sector].is_group:
                    raise OntologyError(f"a state's officer needs a sector, not the group code {sector}", item=where)
            if org_code is not None:
                if org_code not in org_owners:
                    raise OntologyError(f"unknown org_code {org_code!r} (not a code in organisations.csv)", item=where)
                if (country, sector) not in org_owners[org_code]:
                    wanted = " or ".join(sorted(f"{c or 'no country'} + {s}" for c, s in org_owners[org_code]))
                    raise OntologyError(
                        f"an {org_code} officer takes {wanted}, not {country or 'no country'} + {sector}", item=where
                    )
            start = _term_day(row["start"], where, "start", last=False)
            end = _term_day(row["end"], where, "end", last=True) if row["end"] else None
            if end is not None and end < start:
                raise OntologyError(f"end {row['end']} is before start {row['start']}", item=where)
            aliases = _split(row["aliases"])
            forms = (row["name"], *aliases)
            if any(not form_key(form) for form in forms):
                raise OntologyError("a name or alias has no words", item=where)
            repeated = sorted({form for form in forms if forms.count(form) > 1})
            if repeated:
                raise OntologyError(f"form {repeated[0]!r} is given twice in this row", item=where)
            identity = (row["name"], country, org_code, sector, row["role"], start, end)
            if identity in seen:
                raise OntologyError(f"duplicate row (first at {seen[identity]})", item=where)
            seen[identity] = where
            rows.append((where, Person(row["name"], aliases, country, org_code, sector, row["role"], start, end, note=row["note"])))
        self._check_terms_do_not_overlap(rows)
        return self._merge_forms_per_person([person for _, person in rows])

    @staticmethod
    def _check_terms_do_not_overlap(rows: list[tuple[str, Person]]) -> None:
        """Two terms of one person in the same post must not overlap: one of them is wrong."""
        by_post: dict[tuple[str, str, str], list[tuple[str, Person]]] = {}
        for where, person in rows:
            by_post.setdefault((person.name, person.code, person.role), []).append((where, person))
        for terms in by_post.values():
            terms.sort(key=lambda term: term[1].start)
            for (first_where, first), (where, then) in zip(terms, terms[1:]):
                if first.end is None or then.start <= first.end:
                    raise OntologyError(
                        f"{then.name} as {then.role} ({then.code}) overlaps the term at {first_where}", item=where
                    )

    @staticmethod
    def _merge_forms_per_person(rows: list[Person]) -> tuple[Person, ...]:
        """Give every term of a person the aliases of all their rows, and mark the forms that
        several people go by ("Bush", "Aliyev") as ambiguous on each of them."""
        aliases: dict[str, dict[str, None]] = {}
        for person in rows:
            aliases.setdefault(person.name, {}).update(dict.fromkeys(a for a in person.aliases if a != person.name))
        claimants: dict[str, set[str]] = {}
        for name, forms in aliases.items():
            for form in (name, *forms):
                claimants.setdefault(form_key(form), set()).add(name)
        merged: list[Person] = []
        for p in rows:
            forms = tuple(aliases[p.name])
            shared = frozenset(key for key in map(form_key, (p.name, *forms)) if len(claimants[key]) > 1)
            merged.append(Person(p.name, forms, p.country, p.org_code, p.sector, p.role, p.start, p.end, shared, p.note))
        return tuple(merged)

    @functools.cached_property
    def person_forms(self) -> dict[str, tuple[Person, ...]]:
        """form_key(form) -> every term of everyone who goes by the form, earliest first."""
        table: dict[str, list[Person]] = {}
        for person in self.people:
            for form in person.forms:
                terms = table.setdefault(form_key(form), [])
                if person not in terms:
                    terms.append(person)
        return {key: tuple(sorted(terms, key=lambda p: p.start)) for key, terms in table.items()}

    def person_at(self, match_or_name: Match[tuple[Person, ...]] | str, when: date | None = None) -> Person | None:
        """The term of the person a match (or a written form) names that covers ``when``.

        Of several terms of one person that cover the day, the one that began last wins (Putin
        became acting President while still Prime Minister). None when no term covers the day,
        or when terms of different people do. With ``when`` None: the latest term, if the form
        names one person only. A form given as text is looked up by its key, ignoring case.
        """
        if isinstance(match_or_name, Match):
            terms: tuple[Person, ...] = match_or_name.value
        else:
            terms = self.person_forms.get(form_key(match_or_name), ())
        if isinstance(when, datetime):
            when = when.date()
        candidates = terms if when is None else tuple(term for term in terms if term.covers(when))
        if not candidates or len({term.name for term in candidates}) > 1:
            return None
        return max(candidates, key=lambda term: (term.start, term.end or date.max))

    # -- indexes ------------------------------------------------------------------------

    @functools.cached_property
    def country_index(self) -> PhraseIndex[CountryForm]:
        index: PhraseIndex[CountryForm] = PhraseIndex("country", case_sensitive=True)
        for where, row in _rows(self.data_dir, "country_forms.csv", ("form", "code", "kind", "sector", "ambiguous", "note")):
            entry = self.country_forms[form_key(row["form"])]
            index.add(row["form"], entry, entry.ambiguous)
        return index

    @functools.cached_property
    def organisation_index(self) -> PhraseIndex[Organisation]:
        index: PhraseIndex[Organisation] = PhraseIndex("organisation", case_sensitive=True)
        for organisation in self.organisation_list:
            for form in organisation.forms:
                index.add(form, organisation, organisation.is_ambiguous(form_key(form)))
        self.organisations  # checks that no form names two organisations
        return index

    @functools.cached_property
    def title_index(self) -> PhraseIndex[Title]:
        index: PhraseIndex[Title] = PhraseIndex("title", case_sensitive=False)
        for title in self.titles:
            index.add(title.pattern, title)
        return index

    @functools.cached_property
    def people_index(self) -> PhraseIndex[tuple[Person, ...]]:
        index: PhraseIndex[tuple[Person, ...]] = PhraseIndex("person", case_sensitive=True)
        for person in self.people:
            for form in person.forms:
                key = form_key(form)
                terms = self.person_forms[key]
                shared = len({term.name for term in terms}) > 1
                index.add(form, terms, shared)
        return index

    @functools.cached_property
    def _first_words(self) -> frozenset[str]:
        """The words that begin a form of an organisation, a country or a title. The
        indexes are built whole when first used and never added to after."""
        return frozenset(
            word for index in (self.organisation_index, self.country_index, self.title_index) for word in index.first_words()
        )

    def longest_match(self, tokens: Sequence[str], start: int = 0) -> Match | None:
        """The longest form of any lexicon at ``start``; ties go organisation, country, title.
        People are not among them: see ``people_index``."""
        if start >= len(tokens):
            return None
        first = _keys(tokens[start])
        if not first or first[0] not in self._first_words:
            return None  # most words begin no form: one set look-up instead of three searches
        best: Match | None = None
        for index in (self.organisation_index, self.country_index, self.title_index):
            match = index.longest_match(tokens, start)
            if match is not None and (best is None or match.end > best.end):
                best = match
        return best

    def country_name(self, code: str) -> str:
        if code in self.countries:
            return self.countries[code].name
        if code in self.regions:
            return self.regions[code].name
        raise OntologyError(f"unknown country or region code {code!r}")


# --------------------------------------------------------------------------- module API


@functools.cache
def default_lexicon() -> Lexicon:
    """The lexicon of the package's own data files, shared by every caller.

    Built whole (every table and index) once per user and kept in Accord's cache
    (``accord.cache``), as the gazetteer is: building it took each coding worker about
    a quarter of a second of its start-up, reading it back 0.04 s.
    """
    from ..cache import cached

    return cached("lexicon", _sources_key(), _built_lexicon)


def _built_lexicon() -> Lexicon:
    lexicon = Lexicon()
    for name, member in vars(Lexicon).items():
        if isinstance(member, functools.cached_property):
            getattr(lexicon, name)  # built now, so that the cached copy holds it
    return lexicon


def _sources_key() -> str:
    """What the default lexicon is built from: this module, its data files, pycountry."""
    from ..cache import sources_key

    files = sorted((entry for entry in _default_data_dir().iterdir() if entry.is_file()), key=lambda entry: entry.name)
    return sources_key(__file__, files, ["pycountry"])


def sectors() -> dict[str, Sector]:
    return default_lexicon().sectors


def countries() -> dict[str, Country]:
    return default_lexicon().countries


def regions() -> dict[str, Region]:
    return default_lexicon().regions


def country_forms() -> dict[str, CountryForm]:
    return default_lexicon().country_forms


def organisations() -> dict[str, Organisation]:
    return default_lexicon().organisations


def titles() -> list[Title]:
    return default_lexicon().titles


def people() -> tuple[Person, ...]:
    return default_lexicon().people


def country_name(code: str) -> str:
    return default_lexicon().country_name(code)


def country_index() -> PhraseIndex[CountryForm]:
    return default_lexicon().country_index


def organisation_index() -> PhraseIndex[Organisation]:
    return default_lexicon().organisation_index


def title_index() -> PhraseIndex[Title]:
    return default_lexicon().title_index


def people_index() -> PhraseIndex[tuple[Person, ...]]:
    return default_lexicon().people_index


def person_at(match_or_name: Match[tuple[Person, ...]] | str, when: date | None = None) -> Person | None:
    return default_lexicon().person_at(match_or_name, when)


def longest_match(tokens: Sequence[str], start: int = 0) -> Match | None:
    return default_lexicon().longest_match(tokens, start)
