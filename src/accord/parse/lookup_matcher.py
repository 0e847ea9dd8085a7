"""Token patterns matched by table lookup: what spaCy's ``Matcher`` finds, faster.

spaCy's ``Matcher`` tries every pattern at every token, testing each token against
each pattern's conditions afresh. For the patterns Accord runs on every article (the
attribute ruler's 179 rules inside the parse, the date patterns of the dates
component), whether a token passes a condition depends only on a few of its
attributes: its tag and lowercase form, say. So ``LookupMatcher`` works out, for each
combination of those values it meets, which conditions the token passes, once, and
keeps the answer in a table; matching becomes a lookup per token and a walk over the
few patterns whose first token passed.

It takes the patterns the ``Matcher`` takes in that form: each token a dict of
conditions on the attributes below (a value, ``IN``, ``NOT_IN`` or ``REGEX``),
optionally with ``"OP": "?"``. ``LookupMatcher.add`` raises ``UnsupportedPattern``
for anything else, and callers then keep spaCy's ``Matcher``. It returns what the
``Matcher`` returns with ``as_spans=False``: each (key, start, end) once, for every
way a pattern matches (tests/parse/test_lookup_matcher.py compares the two). They come
ordered by start and end; the Matcher's own order is not promised.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

__all__ = ["LookupMatcher", "UnsupportedPattern"]

# Attributes a condition may test: values are string hashes both in Doc.to_array and
# in the Matcher's comparisons ...
_STRING_ATTRIBUTES = ("ORTH", "LOWER", "NORM", "SHAPE", "TAG", "DEP", "LEMMA")
# ... or 0/1 for these flags.
_FLAG_ATTRIBUTES = ("IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "LIKE_NUM")
# The combinations of values met are kept up to this many; then the table starts
# again, so memory stays bounded however many distinct words a run meets.
_MAX_KNOWN = 200_000


class UnsupportedPattern(ValueError):
    """A pattern outside the form ``LookupMatcher`` answers exactly."""


@dataclass(frozen=True)
class _Condition:
    """One condition on one attribute (its column in the token table)."""

    column: int
    values: frozenset[int] = frozenset()
    negated: bool = False
    regex: re.Pattern | None = None  # REGEX: searched for in the value's string

    def passes(self, value: int, strings) -> bool:
        if self.regex is not None:
            return bool(self.regex.search(strings[value]))
        return (value in self.values) != self.negated


@dataclass(frozen=True)
class _Pattern:
    key: Hashable
    tokens: tuple[tuple[int, bool], ...]  # (bit of its conditions, optional?)
    first_bits: int  # bits one of which the first token of any match passes


# What the table keeps for a token: (bits of the conditions it passes, keys of the
# one-token patterns it matches, the longer patterns that may start at it).
_Token = tuple[int, tuple[Hashable, ...], tuple[_Pattern, ...]]


class LookupMatcher:
    def __init__(self, vocab):
        self.vocab = vocab
        self._columns: list[str] = []
        self._column_ids: list[int] = []
        self._tokens: list[tuple[_Condition, ...]] = []  # bit -> conditions a token must pass
        self._bit_of: dict[tuple[_Condition, ...], int] = {}
        # To work out a new token's bits without trying every condition: the bits whose
        # conditions require a value of a column, by (column, value); the others.
        self._bits_requiring: dict[tuple[int, int], list[int]] = {}
        self._bits_to_try: list[int] = []
        self._patterns: list[_Pattern] = []
        self._known: dict[tuple[int, ...], _Token] = {}  # a token's values -> what it passes

    def __len__(self) -> int:
        return len(self._patterns)

    def add(self, key: Hashable, patterns: Iterable[list[dict]]) -> None:
        """Add patterns under ``key``, as ``Matcher.add`` does; all or none of them."""
        parsed = [self._pattern(key, pattern) for pattern in patterns]
        self._patterns += parsed
        self._known.clear()  # new conditions: what was worked out is incomplete

    def _pattern(self, key: Hashable, pattern: list[dict]) -> _Pattern:
        if not isinstance(pattern, list) or not pattern:
            raise UnsupportedPattern(f"{key}: a pattern that is not a list of token conditions")
        tokens = []
        for token in pattern:
            if not isinstance(token, dict):
                raise UnsupportedPattern(f"{key}: token pattern {token!r}")
            conditions = dict(token)
            operator = conditions.pop("OP", None)
            if operator not in (None, "?"):
                raise UnsupportedPattern(f"{key}: operator {operator!r}")
            tokens.append((self._bit(self._conditions(conditions)), operator == "?"))
        if all(optional for _, optional in tokens):
            raise UnsupportedPattern(f"{key}: every token optional")
        first_bits = 0
        for bit, optional in tokens:
            first_bits |= 1 << bit
            if not optional:
                break
        return _Pattern(key, tuple(tokens), first_bits)

    def _conditions(self, token: dict) -> tuple[_Condition, ...]:
        strings = self.vocab.strings
        found = []
        for name, wanted in token.items():
            attribute = "ORTH" if name.upper() == "TEXT" else name.upper()
            if attribute in _STRING_ATTRIBUTES:

                def encode(value: object) -> int:
                    if not isinstance(value, str):
                        raise UnsupportedPattern(f"{name}: value {value!r}")
                    return strings.add(value)

            elif attribute in _FLAG_ATTRIBUTES:

                def encode(value: object) -> int:
                    if not isinstance(value, bool):
                        raise UnsupportedPattern(f"{name}: value {value!r}")
                    return int(value)

            else:
                raise UnsupportedPattern(f"a condition on {name}")
            column = self._column(attribute)
            if not isinstance(wanted, dict):
                found.append(_Condition(column, frozenset([encode(wanted)])))
                continue
            if len(wanted) != 1:
                raise UnsupportedPattern(f"{name}: {wanted!r}")
            (operator, argument), = wanted.items()
            if operator in ("IN", "NOT_IN") and isinstance(argument, list):
                values = frozenset(encode(value) for value in argument)
                found.append(_Condition(column, values, negated=operator == "NOT_IN"))
            elif operator == "REGEX" and isinstance(argument, str) and attribute in _STRING_ATTRIBUTES:
                found.append(_Condition(column, regex=re.compile(argument)))
            else:
                raise UnsupportedPattern(f"{name}: {wanted!r}")
        return tuple(sorted(found, key=repr))

    def _column(self, attribute: str) -> int:
        from spacy.attrs import IDS

        if attribute not in self._columns:
            self._columns.append(attribute)
            self._column_ids.append(IDS[attribute])
            self._known.clear()  # the table's keys change shape
        return self._columns.index(attribute)

    def _bit(self, conditions: tuple[_Condition, ...]) -> int:
        if conditions not in self._bit_of:
            bit = self._bit_of[conditions] = len(self._tokens)
            self._tokens.append(conditions)
            required = [c for c in conditions if c.regex is None and not c.negated]
            if required:
                narrowest = min(required, key=lambda c: len(c.values))
                for value in narrowest.values:
                    self._bits_requiring.setdefault((narrowest.column, value), []).append(bit)
            else:
                self._bits_to_try.append(bit)
        return self._bit_of[conditions]

    # -- matching ---------------------------------------------------------------

    def __call__(self, doc, start: int = 0, end: int | None = None) -> list[tuple[Hashable, int, int]]:
        """Every (key, start, end) a pattern matches within ``doc[start:end]``, with
        ``start`` and ``end`` counted in the whole doc (as the Matcher's spans are)."""
        return self.find(self.look_up(doc), start, end)

    def look_up(self, doc) -> list[_Token]:
        """What each token of ``doc`` passes; for ``find``, when one doc is searched
        in several stretches."""
        if not self._patterns:
            return [(0, (), ())] * len(doc)
        rows = doc.to_array(self._column_ids).tolist()
        if len(self._column_ids) == 1:  # to_array gives a flat array for one attribute
            rows = [[value] for value in rows]
        known = self._known
        if len(known) > _MAX_KNOWN:
            known.clear()
        out = []
        for row in rows:
            values = tuple(row)
            token = known.get(values)
            if token is None:
                token = known[values] = self._token(values)
            out.append(token)
        return out

    def find(self, looked_up: list[_Token], start: int = 0, end: int | None = None) -> list[tuple[Hashable, int, int]]:
        """``__call__`` on what ``look_up`` gave for a doc."""
        stretch = looked_up[start:end]
        bits = [token_bits for token_bits, _, _ in stretch]
        found: dict[tuple[Hashable, int, int], None] = {}
        for offset, (_, one_token_keys, longer) in enumerate(stretch):
            at = start + offset
            for key in one_token_keys:
                found[(key, at, at + 1)] = None
            for pattern in longer:
                for match_end in _ends(pattern.tokens, bits, offset):
                    found[(pattern.key, at, start + match_end)] = None
        return sorted(found, key=lambda match: (match[1], match[2]))

    def _token(self, values: tuple[int, ...]) -> _Token:
        """What a token with these values passes: its bits, the keys of the one-token
        patterns it matches, and the longer patterns that may start at it."""
        strings = self.vocab.strings
        token_bits = 0
        candidates = list(self._bits_to_try)
        for column, value in enumerate(values):
            candidates += self._bits_requiring.get((column, value), ())
        for bit in candidates:
            if all(condition.passes(values[condition.column], strings) for condition in self._tokens[bit]):
                token_bits |= 1 << bit
        one_token_keys = []
        longer = []
        for pattern in self._patterns:
            if not token_bits & pattern.first_bits:
                continue
            if len(pattern.tokens) == 1:
                one_token_keys.append(pattern.key)  # a single required token, and it passed
            else:
                longer.append(pattern)
        return token_bits, tuple(dict.fromkeys(one_token_keys)), tuple(longer)


def _ends(tokens: tuple[tuple[int, bool], ...], bits: list[int], start: int) -> set[int]:
    """Where the pattern's matches from ``start`` end: each way of taking or leaving
    its optional tokens, as the Matcher does."""
    positions = {start}
    for bit, optional in tokens:
        moved = {p + 1 for p in positions if p < len(bits) and bits[p] >> bit & 1}
        positions = positions | moved if optional else moved
        if not positions:
            return set()
    positions.discard(start)  # a match takes at least one token
    return positions
