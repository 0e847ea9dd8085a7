"""accord.parse.limits: long runs without spaces tokenized in linear time, at most
MAX_TOKENS tokens, and the text and its offsets never changed."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.parse.limits import MAX_RUN, BoundedTokenizer
from accord.parse.nlp import load_model
from tests.timeouts import within


@pytest.fixture(scope="module")
def tokenizers():
    """(the bounded tokenizer the model uses, spaCy's own underneath it)."""
    bounded = load_model().tokenizer
    assert isinstance(bounded, BoundedTokenizer)
    return bounded, bounded.tokenizer


PIECES = st.sampled_from(["(", ")", '"', "!?", " ", "  ", "\n", "a", "word", "U.S.", "é", "-", "x" * 150, "(" * 250])


@settings(max_examples=60, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_the_text_is_kept_and_short_runs_are_tokenized_as_spacy_does(tokenizers, text):
    bounded, plain = tokenizers
    doc = bounded(text)
    assert doc.text == text
    assert [token.idx for token in doc] == sorted(token.idx for token in doc)
    if not any(len(chunk) > MAX_RUN for chunk in text.split()):
        assert [token.text for token in doc] == [token.text for token in plain(text)]


@pytest.mark.parametrize("run", ["(" * 1_000_000, '"' * 1_000_000, "!?" * 500_000], ids=lambda run: repr(run[:2]))
def test_a_long_run_of_punctuation_is_tokenized_without_a_hang(tokenizers, run):
    bounded, _ = tokenizers
    # spaCy's own tokenizer needs about 5 s for 8,000 brackets and grows with the square.
    with within(60, "tokenizing a million characters of punctuation"):
        doc = bounded(f"Before. {run} After.")
    assert len(doc) == bounded.max_tokens
    assert f"Before. {run} After.".startswith(doc.text)
    assert all(token.text in "()\"!?Before. " for token in doc)


def test_at_most_max_tokens_and_the_doc_is_a_prefix_of_the_text(tokenizers):
    bounded, _ = tokenizers
    small = BoundedTokenizer(bounded.tokenizer, max_tokens=5)
    doc = small("one two three four five six seven")
    assert [token.text for token in doc] == ["one", "two", "three", "four", "five"]
    assert "one two three four five six seven".startswith(doc.text)


def test_the_wrapper_survives_pickling(tokenizers):
    bounded, _ = tokenizers
    copy = pickle.loads(pickle.dumps(bounded))
    assert [token.text for token in copy("((((a")] == [token.text for token in bounded("((((a")]
