"""The attribute ruler's matches found by table lookup (``accord.parse.lookup_matcher``).

spaCy's ``attribute_ruler`` sets parts of speech, morphology and some lemmas from the
tagger's tags, by rules such as "a token tagged NNS is a NOUN with Number=Plur". It
finds where its rules apply with a general ``Matcher``: in ``en_core_web_sm`` (179
rules) about 4.3 ms of a 430-word article with spaCy 3.8.6 (8 ms with 3.8.18), an
eighth of the whole parse, while applying what matched takes half a millisecond. Its
rules test a token's tag, lowercase form and dependency, which is what
``LookupMatcher`` answers by lookup (``bench/ruler_index.py``: 4.3 ms against 0.6).

``index_attribute_ruler`` replaces only the ruler's ``match``; spaCy still applies the
rules (``set_annotations``), so the annotations are the ones spaCy would set. The
matches are the same list, in the same order (tests/parse/test_ruler_index.py checks
this on every article we have). A ruler with a rule ``LookupMatcher`` does not take
is left exactly as spaCy built it, so any installed pipeline parses as spaCy would.
"""

from __future__ import annotations

import logging

from .lookup_matcher import LookupMatcher, UnsupportedPattern

__all__ = ["IndexedRulerMatches", "index_attribute_ruler"]

logger = logging.getLogger(__name__)


class IndexedRulerMatches:
    """``AttributeRuler.match`` by lookup: ``(rule, match_id, start, end)`` tuples,
    sorted, as spaCy's returns them. ``build`` gives None for rules it cannot take."""

    def __init__(self, ruler, matcher: LookupMatcher):
        self.ruler = ruler
        self.rules = len(ruler.attrs)
        self.matcher = matcher

    @classmethod
    def build(cls, ruler) -> IndexedRulerMatches | None:
        matcher = LookupMatcher(ruler.vocab)
        strings = ruler.vocab.strings
        try:
            for rule, entry in enumerate(ruler.patterns):
                # The ruler's own key for a rule's matches is the hash of its position.
                matcher.add((rule, strings[str(rule)]), entry["patterns"])
        except UnsupportedPattern as exc:
            logger.debug("attribute ruler keeps spaCy's matcher: %s", exc)
            return None
        return cls(ruler, matcher)

    def __call__(self, doc) -> list[tuple[int, int, int, int]]:
        if len(self.ruler.attrs) != self.rules:  # rules were added since: spaCy's way
            return self.ruler.__class__.match(self.ruler, doc)
        # Sorted by rule, as spaCy sorts them, so that later rules have precedence.
        return sorted((rule, match_id, start, end) for (rule, match_id), start, end in self.matcher(doc))


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
