"""Bounds on the work one article can cost the parser, whatever its text.

spaCy's tokenizer strips punctuation from the ends of a whitespace-free chunk one
character at a time, rescanning the chunk each time: a chunk of n brackets, quotes or
"!?" costs O(n^2). 8,000 "(" take 5 s, 100,000 take over ten minutes, so one hostile
or broken file (a line of punctuation with no spaces) would stall a whole batch.
``LongRunTokenizer`` cuts such chunks into pieces of ``MAX_RUN`` characters and lets
spaCy tokenize each piece: the same tokens as before except at the cuts, the text and
every character offset unchanged, and cost linear in the length. Ordinary text has no
chunk that long and goes straight to spaCy's tokenizer.

Parsing costs time in proportion to tokens, and text that is all punctuation has a
token per character, five times as many as prose of the same length. So the tokenizer
also stops at ``MAX_TOKENS``: the Doc is then the text's first ``MAX_TOKENS`` tokens, a
prefix of it, so every offset still points into the article. Prose reaches
``nlp.MAX_CHARS`` (the bound on the characters parsed at all) long before that many
tokens; only junk meets this bound.
"""

from __future__ import annotations

import re

__all__ = ["MAX_RUN", "MAX_TOKENS", "BoundedTokenizer"]

# Longer than any word or ordinary URL-like token; tokenizing a piece this long costs
# under a millisecond even when it is all punctuation.
MAX_RUN = 200
# About 140,000 characters of prose; coding this many tokens of junk takes ~5 s.
MAX_TOKENS = 25_000
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_RUN + 1))


class BoundedTokenizer:
    """Wraps a spaCy tokenizer (``nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)``)."""

    def __init__(self, tokenizer, max_run: int = MAX_RUN, max_tokens: int = MAX_TOKENS):
        self.tokenizer = tokenizer
        self.max_run = max_run
        self.max_tokens = max_tokens
        self._long_run = _LONG_RUN if max_run == MAX_RUN else re.compile(r"\S{%d,}" % (max_run + 1))

    def __call__(self, text: str):
        doc = self._tokenize(text)
        if len(doc) > self.max_tokens:
            doc = doc[: self.max_tokens].as_doc()
        return doc

    def _tokenize(self, text: str):
        runs = list(self._long_run.finditer(text))
        if not runs:
            return self.tokenizer(text)
        from spacy.tokens import Doc

        pieces: list[str] = []
        position = 0
        for run in runs:
            if run.start() > position:
                pieces.append(text[position : run.start()])
            for start in range(run.start(), run.end(), self.max_run):
                pieces.append(text[start : min(start + self.max_run, run.end())])
            position = run.end()
        if position < len(text):
            pieces.append(text[position:])
        # The pieces join back into the text exactly: each Doc holds its piece's text.
        return Doc.from_docs([self.tokenizer(piece) for piece in pieces], ensure_whitespace=False)

    def __getattr__(self, name: str):
        # vocab, explain, rules ...: the wrapped tokenizer's (not while unpickling,
        # before the wrapped one is set).
        if name.startswith("__") or name == "tokenizer":
            raise AttributeError(name)
        return getattr(self.tokenizer, name)
