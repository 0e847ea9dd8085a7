"""The working state one article carries through the coder's components.

Components read and write named fields of ``Work``; each component declares which
(``reads`` / ``writes``) and the pipeline checks at build time that every field a
component reads was written by one before it. Mentions point into the spaCy ``Doc``
by token index (``start``/``end``, end exclusive) and into the article text by
character offset (``span``).
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from ..records import ActorRef, Article, DatePrecision, Event, Fact, Location, Sentence, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Work", "ActorMention", "DateMention", "PlaceMention", "WORK_FIELDS", "MODIFIER"]

# ActorMention.resolved_from for a country word that only modifies a non-actor noun
# ("an Australian ultimatum"): it can name the party an act is aimed at, never the doer.
MODIFIER = "modifier"


@dataclass
class ActorMention:
    """A stretch of text that names or refers to an actor.

    A collective mention ("the two countries", "the parties", "Azerbaijan and Turkey")
    has ``members``: the actors it stands for. ``resolved_from`` says how an anaphor
    ("his Turkish counterpart", "they") was tied to actors named before.
    """

    ref: ActorRef
    start: int
    end: int
    head: int
    sentence: int
    span: Span
    members: tuple[ActorRef, ...] = ()
    resolved_from: str | None = None

    @property
    def is_collective(self) -> bool:
        return len(self.members) > 1


@dataclass
class DateMention:
    """A time expression resolved against the publication date.

    ``value`` is the ISO form at its precision ("2021-09-12", "2021-09", "2021"); a
    period ("the first seven months of 2021") also has ``period_start``/``period_end``.
    ``kind`` says whether the text gives a point in time, a period, or a target horizon
    ("by 2025").
    """

    text: str
    start: int
    end: int
    sentence: int
    span: Span
    value: str | None
    precision: DatePrecision | None
    period_start: date | None = None
    period_end: date | None = None
    kind: Literal["point", "period", "horizon", "duration"] = "point"


@dataclass
class PlaceMention:
    location: Location
    start: int
    end: int
    head: int
    sentence: int


@dataclass
class Work:
    article: Article
    doc: Doc | None = None
    sentences: list[Sentence] = field(default_factory=list)
    actor_mentions: list[ActorMention] = field(default_factory=list)
    date_mentions: list[DateMention] = field(default_factory=list)
    place_mentions: list[PlaceMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    # The parse's tokens, entities and sentence spans, built once for every component:
    # spaCy makes a new object on every doc[i] and char_span, and doc.ents scans the
    # whole document each time it is read.

    @functools.cached_property
    def tokens(self) -> list:
        """``doc[i]`` as ``tokens[i]``, without a new Token object on each look."""
        return list(self.doc)

    @functools.cached_property
    def token_texts(self) -> list[str]:
        """Each token's text, for the lexicons' phrase lookups."""
        return [token.text for token in self.tokens]

    @functools.cached_property
    def entities(self) -> tuple:
        """``doc.ents``, read once."""
        return tuple(self.doc.ents)

    @functools.cached_property
    def sentence_spans(self) -> list:
        """Each sentence as a spaCy ``Span`` (None if its offsets fall inside no token)."""
        return [self.doc.char_span(s.start, s.end, alignment_mode="expand") for s in self.sentences]

    @functools.cached_property
    def _sentence_starts(self) -> list[int]:
        # Listed once: components ask sentence_at for every mention, and the sentences
        # are the parse's, given when the Work is made.
        return [s.start for s in self.sentences]

    def sentence_at(self, char: int) -> int:
        """Index of the sentence holding a character offset (the one before, between sentences)."""
        return max(0, bisect.bisect_right(self._sentence_starts, char) - 1)

    def sentence_of_token(self, i: int) -> int:
        return self.sentence_at(self.tokens[i].idx)


WORK_FIELDS = frozenset({"article", "doc", "sentences", "actor_mentions", "date_mentions", "place_mentions", "events", "facts"})
