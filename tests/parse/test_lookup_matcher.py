"""accord.parse.lookup_matcher: the same matches as spaCy's Matcher, for the patterns it
takes, and a clear refusal of the others."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher
from spacy.tokens import Doc

from accord.parse.lookup_matcher import LookupMatcher, UnsupportedPattern

NLP = spacy.blank("en")

PATTERNS = {
    "MONTH_DAY": [
        [{"LOWER": {"IN": ["may", "june"]}, "IS_LOWER": False}, {"TEXT": {"REGEX": r"^\d{1,2}$"}}, {"TEXT": ",", "OP": "?"}]
    ],
    "OPTIONAL_FIRST": [[{"LOWER": "from", "OP": "?"}, {"LIKE_NUM": True}, {"LOWER": "to"}, {"LIKE_NUM": True}]],
    "OPTIONAL_MIDDLE": [[{"LOWER": "end"}, {"LOWER": "of"}, {"LOWER": "the", "OP": "?"}, {"LOWER": "week"}]],
    "TWO_OPTIONAL": [[{"LOWER": "last", "OP": "?"}, {"LOWER": "may", "OP": "?"}, {"SHAPE": "dddd"}]],
    "ONE_TOKEN": [[{"LOWER": {"NOT_IN": ["the", "of", ","]}, "IS_ALPHA": True, "IS_TITLE": True}], [{"ORTH": "May"}]],
}
WORDS = ["May", "may", "June", "12", "2021", ",", "from", "From", "to", "end", "of", "the", "week", "last", "Last", "1"]


def spacy_matches(doc, start=0, end=None):
    matcher = Matcher(NLP.vocab)
    for key, patterns in PATTERNS.items():
        matcher.add(key, patterns)
    span = doc[start : len(doc) if end is None else end]
    return sorted((NLP.vocab.strings[m.label], m.start, m.end) for m in matcher(span, as_spans=True))


@pytest.fixture(scope="module")
def lookup():
    matcher = LookupMatcher(NLP.vocab)
    for key, patterns in PATTERNS.items():
        matcher.add(key, patterns)
    return matcher


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14), st.integers(0, 6), st.integers(0, 6))
def test_the_same_matches_as_spacys_matcher(lookup, words, cut_start, cut_end):
    doc = Doc(NLP.vocab, words=words)
    start, end = min(cut_start, len(doc)), max(min(len(doc), len(doc) - cut_end), 0)
    assert sorted(lookup(doc, start, end)) == spacy_matches(doc, start, end)


def test_every_way_an_optional_token_can_be_taken_is_a_match(lookup):
    doc = Doc(NLP.vocab, words=["from", "1", "to", "2021", "at", "the", "end", "of", "the", "week"])
    found = lookup(doc)
    assert ("OPTIONAL_FIRST", 0, 4) in found and ("OPTIONAL_FIRST", 1, 4) in found
    assert ("OPTIONAL_MIDDLE", 6, 10) in found
    assert ("TWO_OPTIONAL", 3, 4) in found


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "a", "OP": "+"}],
        [{"LOWER": "a", "OP": "?"}],
        [{"LENGTH": {">=": 3}}],
        [{"POS": "NOUN"}],
        [{"LOWER": {"FUZZY": "talks"}}],
        [{"LOWER": 5}],
        [{"IS_ALPHA": "yes"}],
        [],
        ["a"],
    ],
    ids=["plus", "all optional", "comparison", "pos", "fuzzy", "number", "flag", "empty", "not a dict"],
)
def test_a_pattern_outside_its_form_is_refused_and_nothing_is_added(pattern):
    matcher = LookupMatcher(NLP.vocab)
    with pytest.raises(UnsupportedPattern):
        matcher.add("X", [[{"LOWER": "fine"}], pattern])
    assert len(matcher) == 0
