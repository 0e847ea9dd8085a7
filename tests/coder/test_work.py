"""accord.coder.work: what the working state of one article gives every component."""

from __future__ import annotations

import pytest

from accord.coder.work import WORK_FIELDS, Work
from accord.parse.nlp import load_model, sentences_of
from accord.records import Article

TEXT = (
    "Turkish Defence Minister Hulusi Akar met his Azerbaijani counterpart in Ankara on Monday.\n\n"
    "The two ministers discussed  joint exercises. They will meet again in Baku in May."
)


@pytest.fixture(scope="module")
def work() -> Work:
    doc = load_model()(TEXT)
    return Work(article=Article(article_id="t", text=TEXT), doc=doc, sentences=sentences_of(doc))


def test_the_cached_views_are_what_spacy_gives(work):
    doc = work.doc
    assert work.tokens == list(doc)
    assert work.token_texts == [token.text for token in doc]
    assert [(e.start, e.end, e.label_) for e in work.entities] == [(e.start, e.end, e.label_) for e in doc.ents]
    assert len(work.sentence_spans) == len(work.sentences) == 3
    for sentence, span in zip(work.sentences, work.sentence_spans, strict=True):
        assert span is not None and span.text == sentence.text


def test_the_views_are_built_once(work):
    assert work.tokens is work.tokens
    assert work.entities is work.entities
    assert work.sentence_spans is work.sentence_spans


def test_a_character_or_a_token_is_placed_in_its_sentence(work):
    second = work.sentences[1]
    assert work.sentence_at(0) == 0
    assert work.sentence_at(second.start) == 1
    assert work.sentence_at(second.start - 1) == 0  # the blank line between belongs to the one before
    baku = next(token.i for token in work.tokens if token.text == "Baku")
    assert work.sentence_of_token(baku) == 2


def test_the_fields_components_may_declare_are_the_works():
    assert WORK_FIELDS <= set(Work.__dataclass_fields__)
