"""accord.parse.ruler_index: the attribute ruler's matches found by lookup are exactly
the matches spaCy's Matcher finds, and the annotations that follow are the same."""

from __future__ import annotations

import pytest
import spacy
from spacy.pipeline import AttributeRuler

from accord.parse.nlp import load_model
from accord.parse.ruler_index import IndexedRulerMatches, RuleSetter, index_attribute_ruler


# Sentences that reach the rare rules: contractions, pronoun case, expletives, spaces.
ODD_TEXTS = [
    "It ain't over. Y'all know nothin' about it, and they don't either.\n\n  I told you it was there.",
    "There is a treaty and there were talks; but the minister did, and does, have a plan.",
    "Whatever that is, which one did they pick?   Some of those were signed.\tDone.",
    "Ya'll ain't ready , she said . Nuthin' changes .",
]


@pytest.fixture(scope="module")
def nlp():
    return load_model()


@pytest.fixture(scope="module")
def texts(article_texts) -> list[str]:
    return [*article_texts, *ODD_TEXTS]


def _before_the_ruler(nlp, texts):
    """Docs as the ruler receives them: tagged and parsed, nothing after."""
    names = nlp.pipe_names
    later = names[names.index("attribute_ruler") :]
    with nlp.select_pipes(disable=later):
        return list(nlp.pipe(texts))


def test_the_default_models_ruler_is_indexed(nlp):
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.match, IndexedRulerMatches)
    assert isinstance(ruler.set_annotations, RuleSetter)


def test_the_matches_are_spacys_on_every_article_we_have(nlp, texts):
    ruler = nlp.get_pipe("attribute_ruler")
    docs = _before_the_ruler(nlp, texts)
    assert len(docs) > 70
    for doc in docs:
        assert ruler.match(doc) == AttributeRuler.match(ruler, doc), doc.text[:60]


def test_the_annotations_are_spacys(nlp, texts):
    """The whole pipeline, with and without the index: every token attribute the ruler
    or a later component sets is the same."""
    indexed = list(nlp.pipe(texts))
    ruler = nlp.get_pipe("attribute_ruler")
    del ruler.match, ruler.set_annotations  # back to the class's own methods for this comparison
    try:
        plain = list(nlp.pipe(texts))
    finally:
        index_attribute_ruler(nlp)
    attributes = ["POS", "TAG", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE"]
    for ours, theirs in zip(indexed, plain):
        assert (ours.to_array(attributes) == theirs.to_array(attributes)).all(), ours.text[:60]


def _ruler(patterns):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp, ruler


def test_operators_flags_alternatives_and_negative_indexes_match_as_spacy_does():
    nlp, ruler = _ruler(
        [
            {"patterns": [[{"LOWER": "talks"}], [{"ORTH": "Talks"}]], "attrs": {"POS": "NOUN"}},
            {"patterns": [[{"LOWER": {"IN": ["the", "a"]}}, {"IS_PUNCT": False}]], "attrs": {"POS": "DET"}},
            {"patterns": [[{"TEXT": {"NOT_IN": ["talks", "."]}, "IS_ALPHA": True}]], "attrs": {"LEMMA": "x"}},
            {"patterns": [[{"LOWER": {"REGEX": "^t"}}, {}]], "attrs": {"POS": "VERB"}, "index": -1},
            {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE"}},
        ]
    )
    indexed = IndexedRulerMatches.build(ruler)
    assert indexed is not None
    for text in ["Talks on the deal .", "the talks  stalled , a  deal", "", "t"]:
        doc = nlp.make_doc(text)
        assert indexed(doc) == AttributeRuler.match(ruler, doc), text


@pytest.mark.parametrize(
    "token",
    [
        {"LOWER": "talks", "OP": "+"},
        {"LENGTH": {">=": 3}},
        {"POS": "NOUN"},
        {"LOWER": {"FUZZY": "talks"}},
        {"LOWER": 5},
    ],
    ids=["operator", "comparison", "pos", "fuzzy", "number"],
)
def test_a_rule_outside_the_simple_form_keeps_spacys_matcher(token):
    nlp, ruler = _ruler([{"patterns": [[{"LOWER": "a"}]], "attrs": {"POS": "DET"}}, {"patterns": [[token]], "attrs": {}}])
    assert IndexedRulerMatches.build(ruler) is None
    assert index_attribute_ruler(nlp) is False
    assert "match" not in vars(ruler)


def test_rules_added_later_are_matched_by_spacy():
    nlp, ruler = _ruler([{"patterns": [[{"LOWER": "a"}]], "attrs": {"POS": "DET"}}])
    assert index_attribute_ruler(nlp)
    ruler.add([[{"LOWER": "deal"}]], {"POS": "NOUN"})
    doc = nlp("a deal")
    assert [token.pos_ for token in doc] == ["DET", "NOUN"]


def test_rules_set_the_token_their_index_names_as_spacy_does():
    patterns = [
        {"patterns": [[{"LOWER": "the"}, {"LOWER": "talks"}]], "attrs": {"POS": "NOUN", "LEMMA": "talk"}, "index": -1},
        {"patterns": [[{"LOWER": "the"}, {"LOWER": "talks"}]], "attrs": {"POS": "DET"}, "index": 0},
        {"patterns": [[{"LOWER": "stalled"}]], "attrs": {"TAG": "VBD", "MORPH": "Tense=Past|VerbForm=Fin"}},
    ]
    text = "the talks stalled , the talks"
    ours_nlp, _ = _ruler(patterns)
    theirs_nlp, theirs = _ruler(patterns)
    assert index_attribute_ruler(ours_nlp)
    ours = ours_nlp(text)
    plain = theirs_nlp(text)
    assert "set_annotations" not in vars(theirs)
    attributes = ["POS", "TAG", "MORPH", "LEMMA"]
    assert (ours.to_array(attributes) == plain.to_array(attributes)).all()
    assert [t.pos_ for t in ours] == ["DET", "NOUN", "", "", "DET", "NOUN"]
    assert ours[2].morph.get("Tense") == ["Past"]


def test_an_index_outside_its_match_is_an_error_as_in_spacy():
    nlp, ruler = _ruler([{"patterns": [[{"LOWER": "talks"}]], "attrs": {"POS": "NOUN"}, "index": 1}])
    assert index_attribute_ruler(nlp)
    with pytest.raises(ValueError, match="index 1 of a 1-token match"):
        nlp("the talks")
