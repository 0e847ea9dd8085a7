"""The attribute ruler's matches found by table lookup (``accord.parse.lookup_matcher``).

spaCy's ``attribute_ruler`` sets parts of speech, morphology and some lemmas from the
tagger's tags, by rules such as "a token tagged NNS is a NOUN with Number=Plur". It
finds where its rules apply with a general ``Matcher``: in ``en_core_web_sm`` (179
rules) about 4.3 ms of a 430-word article with spaCy 3.8.6 (8 ms with 3.8.18), an
eighth of the whole parse, while applying what matched takes half a millisecond. Its
rules test a token's tag, lowercase form and dependency, which is what
``LookupMatcher`` answers by lookup (``bench/ruler_index.py``: 4.3 ms against 0.6).

``index_attribute_ruler`` replaces the ruler's ``match``, and its ``set_annotations``
with ``RuleSetter``, which applies each rule with spaCy's own ``set_token_attrs`` but
without making a ``Span`` for every match (0.7 ms an article against 0.25). The
matches are the same list, in the same order, and the annotations the same
(tests/parse/test_ruler_index.py checks both on every article we have). A ruler with a
rule ``LookupMatcher`` does not take is left exactly as spaCy built it, so any
installed pipeline parses as spaCy would.
"""

from __future__ import annotations

import logging

from .lookup_matcher import LookupMatcher, UnsupportedPattern

__all__ = ["IndexedRulerMatches", "RuleSetter", "index_attribute_ruler"]

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


class RuleSetter:
    """``AttributeRuler.set_annotations``: each match's attributes set on the token its
    rule's index points to, as spaCy sets them, with spaCy's error for an index that
    falls outside the match."""

    def __init__(self, ruler):
        self.ruler = ruler

    def __call__(self, doc, matches) -> None:
        from spacy.tokens._retokenize import set_token_attrs

        attrs, indices = self.ruler.attrs, self.ruler.indices
        for rule, _match_id, start, end in matches:
            index = indices[rule]
            position = start + index if index >= 0 else end + index
            if not start <= position < end:
                raise ValueError(
                    f"attribute ruler: rule {rule} sets the token at index {index} of a "
                    f"{end - start}-token match ({doc[start:end].text!r})"
                )
            set_token_attrs(doc[position], attrs[rule])


def index_attribute_ruler(nlp) -> bool:
    """Give the pipeline's attribute ruler the indexed ``match`` and the ``RuleSetter``,
    if its rules allow.

    Returns whether it did. Only a ruler of spaCy's own class is changed.
    """
    from spacy.pipeline import AttributeRuler

    for _, component in nlp.pipeline:
        if type(component) is AttributeRuler:
            indexed = IndexedRulerMatches.build(component)
            if indexed is None:
                return False
            # Instance attributes: AttributeRuler.__call__ calls self.match(doc) and
            # then self.set_annotations(doc, matches).
            component.match = indexed
            component.set_annotations = RuleSetter(component)
            return True
    return False
