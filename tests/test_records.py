"""accord.records: the typed records, and the identity of an article's text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from accord.records import content_hash, normalise_text

# Every kind of whitespace str.isspace knows, and some that it does not.
_SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2007\u200a\u2028\u2029\u202f\u205f\u3000\u200b\ufeff"


@given(st.text(alphabet=st.sampled_from("ab'\u2019\u201c" + _SPACES), max_size=40) | st.text(max_size=40))
def test_whitespace_collapses_as_a_regular_expression_would(text):
    expected = re.sub(r"\s+", " ", normalise_text_without_spaces(text)).strip()
    assert normalise_text(text) == expected


def normalise_text_without_spaces(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')


def test_the_same_words_are_the_same_article_whatever_the_spacing_and_quotes():
    assert content_hash("Turkey \u201cmet\u201d\n\n Iran\u00a0today. ") == content_hash('Turkey "met" Iran today.')
    assert content_hash("Turkey met Iran.") != content_hash("Turkey met Iraq.")
    assert normalise_text("  \t ") == ""
