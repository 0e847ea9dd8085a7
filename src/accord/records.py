"""The typed record model shared by the coder, the store, the CLI, the APIs and the exports.

One article goes in (``Article``); a ``CodedArticle`` comes out, holding its sentences,
the actors it names, the events and the facts. Every coded item carries the sentence
index and the character span it came from, so any figure can be traced back to text.

Field names of ``Event`` and ``Fact`` follow the scoring format in the evaluation
README (``type``, ``article_id``, ``cameo``, ``source``/``target``, ``date``,
``date_precision``, ``date_source``, ``location``, ``sentence_index``, ``span``;
``indicator``, ``countries``, ``value``, ``currency``/``unit``, ``period_start``,
``period_end``, ``kind``). Extra fields are additions; those keep their meaning.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Article",
    "Sentence",
    "Span",
    "ActorRef",
    "Location",
    "Mention",
    "Event",
    "Fact",
    "CodedArticle",
    "DatePrecision",
    "normalise_text",
    "content_hash",
]

DatePrecision = Literal["day", "month", "year"]
Span = tuple[int, int]


def normalise_text(text: str) -> str:
    """The form of a text that decides its identity: NFC, straight quotes, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    # Split and joined: the same as collapsing r"\s+" (both take Unicode whitespace, as
    # str.isspace does) and stripping, in a fifth of the time.
    return " ".join(text.split())


# An ingest asks an article's hash five times (skip check, batch look-up, staging),
# about 0.1 ms each for a 3,000-character text. The last few hundred texts are kept:
# about what an ingest holds in flight anyway, so the cache keeps little else alive.
@functools.lru_cache(maxsize=256)
def content_hash(text: str) -> str:
    """Identity of an article: the same words give the same hash, whatever the whitespace."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Article(_Record):
    """One news article as read from its source, before coding.

    ``text`` is the body Accord codes, after header lines and bylines were removed;
    every span in the coded output is an offset into this string.
    """

    article_id: str
    text: str
    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    origin: str | None = Field(default=None, description="where it was read: a path, path:line, or '-'")

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


class Sentence(_Record):
    index: int
    start: int
    end: int
    text: str


class ActorRef(_Record):
    """An actor as an event or a fact refers to it.

    ``code`` is CAMEO-style: a country (ISO alpha-3, or IGO/NGO...) followed by an
    optional sector (``AZEMIL``). ``name`` is the named person or organisation, if any;
    ``role`` the title the text gives them ("National Defence Minister").
    ``actor_id`` is the canonical id shared by all mentions of the same actor across
    articles (``person:hulusi-akar``, ``country:TUR``).
    """

    code: str
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    role: str | None = None
    rank: str | None = Field(default=None, description="a military or police rank the text gives: 'Lt-Gen'")
    kind: Literal["country", "person", "organisation", "group"] = "country"
    actor_id: str | None = None
    text: str | None = Field(default=None, description="the words of the mention in the article")
    span: Span | None = None


class Location(_Record):
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = Field(default=None, description="city, country, region, ...")
    geonameid: int | None = None
    span: Span | None = None


class Mention(_Record):
    """One place in one article where an event is told."""

    article_id: str
    sentence_index: int
    span: Span
    trigger: str | None = None
    # What this telling of the event says, where it differs from the event's representative
    # telling: "A met B and C" is one meeting whose mentions name B and C.
    cameo: str | None = None
    source: ActorRef | None = None
    target: ActorRef | None = None


class Event(_Record):
    """Who did what to whom, when and where, and the words that say so."""

    type: Literal["event"] = "event"
    event_id: str
    article_id: str
    cameo: str
    root: str
    event_name: str
    goldstein: float
    quad_class: int
    plover: str | None = None
    plover_mode: str | None = None
    plover_context: str | None = None
    source: ActorRef | None = None
    target: ActorRef | None = None
    reciprocal: bool = False
    date: str | None = None
    date_precision: DatePrecision | None = None
    date_source: Literal["text", "publication"] | None = None
    date_text: str | None = None
    date_confidence: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="how directly the date is tied to the act: 1.0 in its own clause, less up the tree, low for publication",
    )
    location: Location | None = None
    sentence_index: int
    span: Span
    trigger: str | None = None
    trigger_span: Span | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    is_root_event: bool = False
    mentions: list[Mention] = Field(default_factory=list)
    # Filled by the store, which merges the same event told in several articles
    # (GDELT's NumMentions / NumArticles / NumSources); None on an event fresh from the coder.
    num_mentions: int | None = None
    num_articles: int | None = None
    num_sources: int | None = Field(default=None, description="distinct outlets that told it")


class Fact(_Record):
    """A figure the text reports: what it measures, for whom, for when, and of what kind."""

    type: Literal["fact"] = "fact"
    fact_id: str
    article_id: str
    indicator: str
    countries: list[str] = Field(default_factory=list)
    value: float
    currency: str | None = None
    unit: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    period_text: str | None = None
    kind: Literal["actual", "target", "forecast", "pledge"] = "actual"
    rank: int | None = Field(default=None, description="for rankings: 2 in 'second-largest investor'")
    sentence_index: int
    span: Span
    text: str
    confidence: float = Field(default=0.8, ge=0.0, le=1.0)
    # Filled by the store: every article sentence that reported this same figure.
    sources: list[Mention] = Field(default_factory=list)
    num_articles: int | None = None
    num_sources: int | None = Field(default=None, description="distinct outlets that reported it")


class CodedArticle(_Record):
    """Everything Accord found in one article."""

    article: Article
    sentences: list[Sentence] = Field(default_factory=list)
    actors: list[ActorRef] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    coder: str = Field(default="", description="name and version of the pipeline that coded it")
