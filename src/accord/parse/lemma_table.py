"""The lemmatizer's batch path by table: each distinct word form lemmatised by spaCy once.

spaCy's rule lemmatizer visits every token in Python: it builds the token object, reads
its part of speech and morphology, looks its lemma up in a cache and sets it back by
string, about 3 microseconds a token, 1.3 ms of a 430-word article. What it gives
depends only on the word, its part of speech and its morphology (the cache spaCy keeps
has that key), so ``LemmaTable`` reads those three for the whole document at once
(``Doc.to_array``), asks spaCy's own ``lemmatize`` for a combination only the first time
it sees it, and sets the lemma's hash: 0.2-0.3 ms an article.

Only ``pipe``, the batch path that ``nlp.pipe`` takes, is replaced; ``nlp(text)`` still
runs spaCy's ``__call__``, and both give the same lemmas (tests/parse/test_lemma_table.py
checks every article we have). Only spaCy's own rule lemmatizers are changed: a
lemmatizer of another class may read more of a token than these three attributes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

__all__ = ["LemmaTable", "index_lemmatizer"]


class LemmaTable:
    """``Lemmatizer.pipe`` by table lookup, with spaCy's lemmatizer behind it."""

    def __init__(self, lemmatizer):
        self.lemmatizer = lemmatizer
        # (ORTH, POS, MORPH) hashes -> the lemma's hash in the vocabulary's strings
        self.table: dict[tuple[int, int, int], int] = {}
        self._checked = False

    def pipe(self, stream: Iterable, batch_size: int = 128) -> Iterator:
        for doc in stream:
            yield self(doc)

    def __call__(self, doc):
        lemmatizer = self.lemmatizer
        if not self._checked or lemmatizer.overwrite:
            # spaCy's own path the first time: it checks that its tables are loaded.
            self._checked = True
            return lemmatizer(doc)
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        try:
            table = self.table
            strings = doc.vocab.strings
            for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
                if lemma:  # set before, by the attribute ruler: spaCy leaves it too
                    continue
                token = doc[i]
                value = table.get((orth, pos, morph))
                if value is None:
                    value = table[(orth, pos, morph)] = strings.add(lemmatizer.lemmatize(token)[0])
                token.lemma = value
            return doc
        except Exception as exc:
            lemmatizer.get_error_handler()(lemmatizer.name, lemmatizer, [doc], exc)


def index_lemmatizer(nlp) -> bool:
    """Give the pipeline's rule lemmatizer the table's ``pipe``; returns whether it did."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.pipeline import Lemmatizer

    for _, component in nlp.pipeline:
        if type(component) in (Lemmatizer, EnglishLemmatizer) and component.mode == "rule":
            # An instance attribute: Language.pipe calls each component's pipe.
            component.pipe = LemmaTable(component).pipe
            return True
    return False
