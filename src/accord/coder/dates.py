"""The ``accord.dates.v1`` component: every time expression in an article, resolved.

It reads the spaCy ``Doc`` and appends one ``DateMention`` per time expression to
``work.date_mentions``, in text order, each read by ``accord.coder.when.resolve``
against the article's publication date.

Where the expressions come from:

* the model's DATE and TIME entities. The small English model draws them sometimes
  too narrow ("September 2020" out of "12 September 2020", "2025" out of "by 2025")
  and sometimes too wide ("2021-09-12 and 12/09/2021"); so
* token patterns (``Matcher`` patterns, matched by ``accord.parse.lookup_matcher``)
  built from the time vocabulary find what it
  misses: weekdays, month and day, "in 2020", "Q3 2021", "last week", "44-day";
* an entity is widened to the left over a horizon or relative word ("by", "until",
  "last"), and an entity that does not resolve as a whole is searched for the
  longest stretches inside it that do.

Overlapping candidates are settled by length: the longest stretch that resolves wins,
so "12 September 2020" beats "September 2020" and "by 2025" beats "2025". Words that
change nothing ("in", "on", "during") are left out of the mention's text and span.

Not times: ages ("45-year-old"), clock times ("by 1600 GMT"), and a four-digit
number counting a plural noun ("the 2000 troops"; this also drops "the 2020
elections", a price paid for not dating events by head counts). Durations ("44-day", "eight months") are kept with
``kind="duration"`` and no value, so that the event coder can see and skip them.

A clause with "will" or "shall" reads open dates forward ("the leaders will meet on
Monday" is the coming Monday); every other clause reads them backward, as news
reports what has happened.
"""

from __future__ import annotations


from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import CodingError
from ..parse.lookup_matcher import LookupMatcher
from .tree import children
from .when import TimeValue, TimeWords, resolve, time_words
from .work import DateMention, Work

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["DateComponent"]

_ENTITY_LABELS = ("DATE", "TIME")
# Entities longer than this are not searched inside token by token (the search is
# quadratic); the token patterns still find what such a span holds.
_MAX_SEARCHED_TOKENS = 12
# Left of an entity, at most this many tokens can belong to it ("no later than").
_MAX_WIDENING = 3
_YEAR_REGEX = r"^(1\d|2[01])\d\d$"  # the years when.resolve accepts, 1000..2199
_DAY_REGEX = r"^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?$"


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    time: TimeValue


class DateComponent:
    """Find and resolve the time expressions of one article (see the module docstring)."""

    name = "accord.dates.v1"
    reads = ("doc",)
    writes = ("date_mentions",)

    def __init__(self) -> None:
        self.words: TimeWords = time_words()
        # Words that widen a time to their left ("by", "until", "last"), as a set: asked
        # of every date entity and match, one to three words at a time.
        self._joining = frozenset((*self.words.horizon_words, *self.words.relative_units, *self.words.parts_of_period))
        self._leading = frozenset(self.words.leading_words)
        self._matcher: LookupMatcher | None = None
        self._matcher_vocab = None

    def __call__(self, work: Work) -> None:
        doc = work.doc
        if doc is None:
            raise CodingError("the dates component needs a parsed document", item=work.article.article_id)
        found = [f for f in self._resolved_candidates(work) if not self._is_no_time(doc, f)]
        for chosen in _longest_without_overlap(found):
            span = doc[chosen.start : chosen.end]
            time = chosen.time
            work.date_mentions.append(
                DateMention(
                    text=span.text,
                    start=chosen.start,
                    end=chosen.end,
                    sentence=work.sentence_of_token(chosen.start),
                    span=(span.start_char, span.end_char),
                    value=time.value,
                    precision=time.precision,
                    period_start=time.start,
                    period_end=time.end,
                    kind=time.kind,
                )
            )

    # ----------------------------------------------------------------- candidates

    def _resolved_candidates(self, work: Work) -> Iterator[_Found]:
        doc, published = work.doc, work.article.published
        seen: set[tuple[int, int]] = set()
        # Read once: every candidate is widened and trimmed by looking at its words.
        lowers = [token.lower_ for token in work.tokens]

        def attempt(start: int, end: int) -> _Found | None:
            start, end = _trim(doc, start, end)
            start = self._skip_leading_words(lowers, start, end)
            if start >= end or (start, end) in seen:
                return None
            seen.add((start, end))
            span = doc[start:end]
            time = resolve(span.text, published, prefer=self._direction(span))
            return None if time is None else _Found(start, end, time)

        entities = [(e.start, e.end) for e in work.entities if e.label_ in _ENTITY_LABELS]
        for start, end in entities:
            for widened_start in self._left_widenings(lowers, start):
                if (found := attempt(widened_start, end)) is not None:
                    yield found
            if (found := attempt(start, end)) is not None:
                yield found
            elif end - start <= _MAX_SEARCHED_TOKENS:
                # too wide: look for the stretches inside it that are times
                for inner_start in range(start, end):
                    for inner_end in range(inner_start + 1, end + 1):
                        if (inner_start, inner_end) != (start, end) and (found := attempt(inner_start, inner_end)):
                            yield found
        matcher = self._matcher_for(doc)
        looked_up = matcher.look_up(doc)
        for sentence in doc.sents:
            for _, start, end in matcher.find(looked_up, sentence.start, sentence.end):
                for widened_start in (*self._left_widenings(lowers, start), start):
                    if (found := attempt(widened_start, end)) is not None:
                        yield found

    def _left_widenings(self, lowers: list[str], start: int) -> Iterator[int]:
        """Starts further left whose words say something about the time: "by", "until", "last"."""
        for width in range(1, _MAX_WIDENING + 1):
            if start - width < 0:
                return
            words = " ".join(lowers[start - width : start])
            if words in self._joining:
                yield start - width

    def _skip_leading_words(self, lowers: list[str], start: int, end: int) -> int:
        """Leave "in", "on", "during"... out of the mention: they name no time."""
        while start < end:
            two_words = " ".join(lowers[start : min(start + 2, end)])
            if two_words in self._leading and end - start > 2:
                start += 2
            elif lowers[start] in self._leading:
                start += 1
            else:
                break
        return start

    def _direction(self, span: Span) -> str:
        """ "future" inside a clause with "will"/"shall", otherwise "past"."""
        verb = _governing_verb(span.root)
        if verb is not None and any(
            child.dep_ == "aux" and child.lower_ in self.words.future_auxiliaries for child in children(verb)
        ):
            return "future"
        return "past"

    def _is_no_time(self, doc: Doc, found: _Found) -> bool:
        """Ages ("45-year-old"), head counts ("the 2000 troops") and clock times ("1600 GMT") that look like times."""
        following = [t.lower_ for t in doc[found.end : found.end + 2]]
        if found.time.kind == "duration" and (following[:1] == ["old"] or following == ["-", "old"]):
            return True
        last = doc[found.end - 1]
        if last.shape_ == "dddd":
            before = doc[found.start - 1].lower_ if found.start > 0 else ""
            after = doc[found.end].lower_ if found.end < len(doc) else ""
            # "1600 GMT", and "at 1800": a year is "in 1800", a clock time "at 1800"
            if after in self.words.clock_words or (found.end - found.start == 1 and before == "at"):
                return True
        if found.end - found.start == 1:
            token = doc[found.start]
            if token.dep_ == "nummod" and token.head.tag_ in ("NNS", "NNPS") and token.head.i > token.i:
                return True
        return False

    # ----------------------------------------------------------------- token patterns

    def _matcher_for(self, doc: Doc) -> LookupMatcher:
        """The token patterns, built once per spaCy vocabulary. A LookupMatcher finds
        what spaCy's Matcher would, in a fifth of the time (it was the largest single
        cost of this component)."""
        if self._matcher is None or self._matcher_vocab is not doc.vocab:
            self._matcher = _build_matcher(doc.vocab, self.words)
            self._matcher_vocab = doc.vocab
        return self._matcher


# A time expression neither starts nor ends with these ("2021-09-12 and" is the date
# and a conjunction); dateparser would read such a stretch as the date alone.
_EDGE_POS = frozenset({"CCONJ", "PUNCT", "SPACE"})
_END_POS = _EDGE_POS | {"ADP", "DET", "SCONJ"}


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and doc[start].pos_ in _EDGE_POS:
        start += 1
    while end > start and doc[end - 1].pos_ in _END_POS:
        end -= 1
    return start, end


def _governing_verb(token: Token) -> Token | None:
    for candidate in (token, *token.ancestors):
        if candidate.pos_ in ("VERB", "AUX"):
            return candidate
    return None


def _longest_without_overlap(found: list[_Found]) -> list[_Found]:
    """Keep the longest stretches first, then anything that does not overlap them; in text order."""
    chosen: list[_Found] = []
    taken: set[int] = set()
    for item in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        tokens = set(range(item.start, item.end))
        if tokens & taken:
            continue
        taken |= tokens
        chosen.append(item)
    return sorted(chosen, key=lambda f: f.start)


def _build_matcher(vocab, words: TimeWords) -> LookupMatcher:
    matcher = LookupMatcher(vocab)
    for label, label_patterns in _patterns(words).items():
        matcher.add(label, label_patterns)
    return matcher


def _patterns(words: TimeWords) -> dict[str, list[list[dict]]]:
    """Token patterns for the time expressions the model's entities miss.

    A month or weekday name must not be all lower case, so that the verb "may" and the
    noun "march" are not read as months. ``resolve`` decides in the end: a pattern
    only proposes a stretch of text.
    """

    def with_stops(names) -> list[str]:
        return sorted({*names, *(n + "." for n in names)})

    month = {"LOWER": {"IN": with_stops(words.months)}, "IS_LOWER": False}
    weekday = {"LOWER": {"IN": with_stops(words.weekdays)}, "IS_LOWER": False}
    day = {"TEXT": {"REGEX": _DAY_REGEX}}
    year = {"TEXT": {"REGEX": _YEAR_REGEX}}
    comma = {"TEXT": ",", "OP": "?"}
    maybe_year = {"TEXT": {"REGEX": _YEAR_REGEX}, "OP": "?"}
    number = {"LOWER": {"IN": sorted(w for w in words.numbers if " " not in w and w not in ("a", "an"))}}
    digits = {"LIKE_NUM": True}
    unit = {"LOWER": {"IN": sorted(words.units)}}
    relative = {"LOWER": {"IN": sorted(words.relative_units)}}
    cue_before_time = sorted(
        w for w in (*words.leading_words, *words.horizon_words, *words.relative_units, *words.parts_of_period) if " " not in w
    )
    cue = {"LOWER": {"IN": cue_before_time}}
    # "at 1700" and "on 2000" are clock times and amounts far more often than years
    year_cue = {"LOWER": {"IN": [w for w in cue_before_time if w not in ("at", "on")]}}
    to = {"LOWER": {"IN": ["-", "\u2013", "\u2014", "to", "through", "and", "until"]}}

    patterns = {
        "MONTH_DAY": [
            [month, day, comma, maybe_year],
            [weekday, comma, month, day, comma, maybe_year],
            [day, {"LOWER": "of", "OP": "?"}, month, comma, maybe_year],
        ],
        "DAY_RANGE": [
            [{"LOWER": {"IN": ["between", "from"]}, "OP": "?"}, day, to, day, {"LOWER": "of", "OP": "?"}, month, maybe_year],
            [month, day, to, day, comma, maybe_year],
        ],
        "MONTH": [
            [cue, month],
            [month, comma, year],
            [{"LOWER": {"IN": ["between", "from"]}, "OP": "?"}, month, to, month, maybe_year],
        ],
        "YEAR": [[year_cue, year]],
        "WEEKDAY": [
            [
                {"LOWER": {"IN": ["last", "next", "this", "past", "coming"]}, "OP": "?"},
                weekday,
                {"LOWER": {"IN": list(words.parts_of_day)}, "OP": "?"},
            ]
        ],
        "DAY_WORD": [[{"LOWER": word} for word in phrase.split()] for phrase in words.day_words],
        "RELATIVE": [
            [relative, {"LOWER": {"IN": ["week", "weekend", "month", "quarter", "year"]}}],
            [
                {"LOWER": {"IN": sorted(words.parts_of_period)}},
                {"LOWER": "of"},
                {"LOWER": "the", "OP": "?"},
                {"LOWER": {"IN": sorted(words.relative_units)}, "OP": "?"},
                {"LOWER": {"IN": ["week", "month", "year"]}},
            ],
        ],
        "QUARTER": [[{"TEXT": {"REGEX": r"^[QqHh][1-4]$"}}, maybe_year]],
        "NUMERIC": [
            [{"TEXT": {"REGEX": r"^\d{1,4}[/.]\d{1,2}[/.]\d{1,4}$"}}],
            [{"SHAPE": "dddd"}, {"TEXT": "-"}, {"SHAPE": {"IN": ["d", "dd"]}}, {"TEXT": "-"}, {"SHAPE": {"IN": ["d", "dd"]}}],
        ],
        "DURATION": [[n, {"TEXT": "-", "OP": "?"}, unit] for n in (number, digits)],
        "AGO": [[n, unit, {"LOWER": "ago"}] for n in (number, digits, {"LOWER": {"IN": ["a", "an"]}})],
        "ROLLING": [[{"LOWER": {"IN": ["past", "last", "previous", "next", "coming"]}}, n, unit] for n in (number, digits)],
    }
    return patterns
