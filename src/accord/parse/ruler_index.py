"""The same matches as spaCy's attribute ruler finds, found by table lookup.

spaCy's ``attribute_ruler`` sets parts of speech, morphology and some lemmas from the
tagger's tags, by rules such as "a token tagged NNS is a NOUN with Number=Plur". It
finds where its rules apply with a general ``Matcher``, which tries every rule at every
token: in ``en_core_web_sm`` (179 rules) that is about 8 ms of a 430-word article, a
seventh of the whole parse, while applying what matched takes half a millisecond.

Almost every such rule tests one token, or two in a row, for equal or listed values of
a few attributes (tag, lowercase form, dependency, is-space). For those, whether a
token passes a test depends only on the token's values of those attributes, so the
answer is worked out once per combination of values and kept in a table: finding the
matches of an article becomes a lookup per token (``bench/ruler_index.py``).

``index_attribute_ruler`` replaces only the ruler's ``match``; spaCy still applies the
rules (``set_annotations``), so the annotations are the ones spaCy would set. The
matches are the same list, in the same order (tests/parse/test_ruler_index.py checks
this on every article we have). A ruler with any rule outside that simple form (an
operator, a regular expression, a numeric comparison, a test of POS or MORPH) is left
exactly as spaCy built it, so any installed pipeline still parses as spaCy would.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

__all__ = ["IndexedRulerMatches", "index_attribute_ruler"]

logger = logging.getLogger(__name__)

# Token attributes a rule may test here: values are string hashes (or 0/1 for the
# flags) both in Doc.to_array and in the Matcher's comparisons.
_STRING_ATTRIBUTES = ("ORTH", "LOWER", "NORM", "TAG", "DEP", "LEMMA")
_FLAG_ATTRIBUTES = ("IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT")
# The combinations of values seen are kept up to this many; then the table starts
# again, so memory stays bounded however many distinct words a run sees.
_MAX_KNOWN_TOKENS = 200_000


@dataclass(frozen=True)
class _Test:
    """One attribute test of one token in a rule: its column in the token table and
    the values that pass (``negated``: the values that fail)."""

    column: int
    values: frozenset[int] = frozenset()
    negated: bool = False
    regex: re.Pattern | None = None  # REGEX: searched for in the value's string

    def passes(self, value: int, strings) -> bool:
        if self.regex is not None:
            return bool(self.regex.search(strings[value]))
        return (value in self.values) != self.negated


@dataclass(frozen=True)
class _Alternative:
    """One pattern of a rule: a test for each token, in order (each a bit position)."""

    rule: int  # the ruler's attribute id: its position in ruler.attrs
    match_id: int  # the Matcher key spaCy gives the rule's matches
    tokens: tuple[int, ...]


class _Unsupported(Exception):
    """A rule this index cannot answer exactly; the ruler keeps spaCy's Matcher."""


class IndexedRulerMatches:
    """``AttributeRuler.match`` for rules that test token attributes for values.

    Built from the ruler's rules; ``IndexedRulerMatches.build`` returns None when a rule
    is outside the supported form. Called with a Doc, it returns what spaCy's
    ``AttributeRuler.match`` returns: ``(rule, match_id, start, end)`` tuples, sorted.
    """

    def __init__(self, ruler, columns: list[str], token_tests: list[list[_Test]], alternatives: list[_Alternative]):
        from spacy.attrs import IDS

        self.ruler = ruler
        self.rules = len(ruler.attrs)
        self.columns = columns
        self._column_ids = [IDS[name] for name in columns]
        self._token_tests = token_tests  # bit position -> the tests one token must pass
        self._single = [a for a in alternatives if len(a.tokens) == 1]
        self._multi = [a for a in alternatives if len(a.tokens) > 1]
        self._multi_first_bits = sum({1 << a.tokens[0] for a in self._multi})
        # {a token's values: (its test bits, its one-token matches as (rule, match_id))}
        self._known: dict[tuple[int, ...], tuple[int, tuple[tuple[int, int], ...]]] = {}

    @classmethod
    def build(cls, ruler) -> IndexedRulerMatches | None:
        try:
            return cls._build(ruler)
        except _Unsupported as exc:
            logger.debug("attribute ruler keeps spaCy's matcher: %s", exc)
            return None

    @classmethod
    def _build(cls, ruler) -> IndexedRulerMatches:
        strings = ruler.vocab.strings
        columns: list[str] = []
        token_tests: list[list[_Test]] = []
        bit_of: dict[tuple[_Test, ...], int] = {}
        alternatives: list[_Alternative] = []
        for rule, entry in enumerate(ruler.patterns):
            match_id = strings[str(rule)]
            for pattern in entry["patterns"]:
                if not isinstance(pattern, list) or not pattern:
                    raise _Unsupported(f"rule {rule}: a pattern that is not a list of token tests")
                bits = []
                for token in pattern:
                    tests = tuple(sorted(cls._tests(token, columns, strings), key=repr))
                    if tests not in bit_of:
                        bit_of[tests] = len(token_tests)
                        token_tests.append(list(tests))
                    bits.append(bit_of[tests])
                alternatives.append(_Alternative(rule, match_id, tuple(bits)))
        return cls(ruler, columns, token_tests, alternatives)

    @staticmethod
    def _tests(token: object, columns: list[str], strings) -> list[_Test]:
        if not isinstance(token, dict):
            raise _Unsupported(f"token pattern {token!r}")
        tests = []
        for key, wanted in token.items():
            name = "ORTH" if key.upper() == "TEXT" else key.upper()
            if name in _STRING_ATTRIBUTES:
                encode = functools.partial(_string, strings)
            elif name in _FLAG_ATTRIBUTES:
                encode = _flag
            else:
                raise _Unsupported(f"a test of {key}")
            if name not in columns:
                columns.append(name)
            column = columns.index(name)
            if not isinstance(wanted, dict):
                tests.append(_Test(column, frozenset([encode(wanted)])))
                continue
            if len(wanted) != 1:
                raise _Unsupported(f"{key}: {wanted!r}")
            (operator, argument), = wanted.items()
            if operator in ("IN", "NOT_IN") and isinstance(argument, list):
                values = frozenset(encode(value) for value in argument)
                tests.append(_Test(column, values, negated=operator == "NOT_IN"))
            elif operator == "REGEX" and isinstance(argument, str) and name in _STRING_ATTRIBUTES:
                tests.append(_Test(column, regex=re.compile(argument)))
            else:
                raise _Unsupported(f"{key}: {wanted!r}")
        return tests

    def __call__(self, doc) -> list[tuple[int, int, int, int]]:
        if len(self.ruler.attrs) != self.rules:  # rules were added since: spaCy's way
            return self.ruler.__class__.match(self.ruler, doc)
        rows = doc.to_array(self._column_ids).tolist()
        if len(self._column_ids) == 1:  # to_array gives a flat array for one attribute
            rows = [[value] for value in rows]
        known = self._known
        if len(known) > _MAX_KNOWN_TOKENS:
            known.clear()
        matches: list[tuple[int, int, int, int]] = []
        bits: list[int] = []
        for start, row in enumerate(rows):
            values = tuple(row)
            entry = known.get(values)
            if entry is None:
                entry = known[values] = self._look_up(values)
            token_bits, single = entry
            bits.append(token_bits)
            for rule, match_id in single:
                matches.append((rule, match_id, start, start + 1))
        if self._multi:
            matches.extend(self._multi_token_matches(bits))
        matches.sort()
        return matches

    def _look_up(self, values: tuple[int, ...]) -> tuple[int, tuple[tuple[int, int], ...]]:
        token_bits = 0
        strings = self.ruler.vocab.strings
        for bit, tests in enumerate(self._token_tests):
            if all(test.passes(values[test.column], strings) for test in tests):
                token_bits |= 1 << bit
        # A rule matched by two of its patterns at the same place is one match.
        single = dict.fromkeys(
            (a.rule, a.match_id) for a in self._single if token_bits >> a.tokens[0] & 1
        )
        return token_bits, tuple(single)

    def _multi_token_matches(self, bits: list[int]) -> set[tuple[int, int, int, int]]:
        found = set()
        first_bits = self._multi_first_bits
        for start, token_bits in enumerate(bits):
            if not token_bits & first_bits:  # no longer pattern starts here
                continue
            for alternative in self._multi:
                end = start + len(alternative.tokens)
                if end <= len(bits) and all(
                    bits[start + k] >> bit & 1 for k, bit in enumerate(alternative.tokens)
                ):
                    found.add((alternative.rule, alternative.match_id, start, end))
        return found


def _string(strings, value: object) -> int:
    if not isinstance(value, str):
        raise _Unsupported(f"string value {value!r}")
    return strings.add(value)


def _flag(value: object) -> int:
    if not isinstance(value, bool):
        raise _Unsupported(f"flag value {value!r}")
    return int(value)


def index_attribute_ruler(nlp) -> bool:
    """Give the pipeline's attribute ruler the indexed ``match``, if its rules allow.

    Returns whether it did. Only a ruler of spaCy's own class is changed.
    """
    from spacy.pipeline import AttributeRuler

    for _, component in nlp.pipeline:
        if type(component) is AttributeRuler:
            indexed = IndexedRulerMatches.build(component)
            if indexed is None:
                return False
            # An instance attribute: AttributeRuler.__call__ calls self.match(doc).
            component.match = indexed
            return True
    return False
