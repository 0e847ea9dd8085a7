import codecs
import gzip
from pathlib import Path

import pytest

from accord.errors import BinaryInputError, DecodingError, EmptyInputError
from accord.read.sniff import (
    binary_reason,
    decode,
    is_blank,
    normalise_newlines,
    sniff_format,
    source_stem,
    suffix_format,
)

PROSE = "Le ministre a rencontré son homologue à Genève, où les négociations ont repris."
PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"


def test_utf8_with_and_without_mark():
    assert decode(PROSE.encode("utf-8"), "a.txt") == PROSE
    assert decode(codecs.BOM_UTF8 + PROSE.encode("utf-8"), "a.txt") == PROSE


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_mark(codec):
    data = PROSE.encode(codec)
    if codec == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    elif codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert decode(data, "a.txt") == PROSE


def test_utf16_mark_on_broken_bytes_is_a_decoding_error():
    with pytest.raises(DecodingError, match="UTF-16 byte-order mark"):
        decode(codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xd8", "odd.txt")


def test_cp1252_is_read_when_it_is_not_utf8():
    text = "The minister\u2019s visit to Z\u00fcrich \u2013 a first."
    assert decode(text.encode("cp1252"), "w.txt") == text


def test_latin1_with_a_stray_control_byte_is_read():
    # 0x81 is undefined in cp1252; in latin-1 it is a C1 control, tolerated once in long text.
    data = ("Caf\u00e9 talks went on. " * 80).encode("latin-1") + b"\x81"
    assert decode(data, "l.txt").endswith("\x81")


def test_cyrillic_8bit_text_is_refused_not_turned_into_garbage():
    data = "Министры обсудили торговлю и инвестиции".encode("cp1251")
    with pytest.raises(DecodingError, match="re-save it as UTF-8") as caught:
        decode(data, "ru.txt")
    assert caught.value.item == "ru.txt"


def test_mostly_utf8_with_one_bad_byte_names_the_offset():
    good = "Négociations à Genève. ".encode("utf-8") * 5
    with pytest.raises(DecodingError, match=f"offset {len(good)}"):
        decode(good + b"\xff" + good, "broken.txt")


def test_whitespace_behind_a_mark_is_empty():
    with pytest.raises(EmptyInputError):
        decode(" \n ".encode("utf-16"), "blank.txt")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PNG_HEAD, "PNG image"),
        (gzip.compress(b"some text" * 50), "gzip archive"),
        (b"plain words\x00 with a NUL", "NUL byte at offset 11"),
        (bytes(range(1, 32)) * 10, "control bytes"),
    ],
)
def test_binary_input_is_named(data, kind):
    assert kind in binary_reason(data)
    with pytest.raises(BinaryInputError, match=kind):
        decode(data, "x.bin")


def test_text_is_not_binary():
    assert binary_reason(PROSE.encode("utf-8")) is None
    assert binary_reason("tab\tand\r\nnewlines\f".encode()) is None
    assert binary_reason(PROSE.encode("utf-16")) is None  # NUL bytes, but a mark says UTF-16


def test_blank_detection():
    assert is_blank(b"")
    assert is_blank(b" \r\n\t")
    assert is_blank(codecs.BOM_UTF8 + b"\n")
    assert not is_blank(b" x ")


def test_newlines():
    assert normalise_newlines("a\r\nb\rc\n\nd") == "a\nb\nc\n\nd"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'{"id": "a", "text": "b"}\n{"id": "c"', "jsonl"),
        (b'\xef\xbb\xbf  {"text": "one line, no newline yet', "jsonl"),
        (b'{\n  "id": "pretty"\n}\n', "json"),
        (b'[{"id": "a"}]', "json"),
        (b"[UPDATE] Ministers meet again", None),
        (b'<?xml version="1.0"?>\n<!-- c -->\n<rss version="2.0">', "feed"),
        (b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b"<rdf:RDF xmlns:rdf='x'>", "feed"),
        (b"<!DOCTYPE html>\n<html>", "html"),
        (b"  <div class='story'><p>Text</p></div>", "html"),
        (b'<?xml version="1.0"?><urlset>', "xml"),
        (b"Ministers met on Monday.", None),
    ],
)
def test_sniff_format(head, expected):
    assert sniff_format(head) == expected


def test_names():
    assert source_stem(Path("-")) == "stdin"
    assert source_stem(Path("news/story-1.txt")) == "story-1"
    assert suffix_format(Path("a.NDJSON")) == "jsonl"
    assert suffix_format(Path("a.htm")) == "html"
    assert suffix_format(Path("a.atom")) == "feed"
    assert suffix_format(Path("a.json")) is None


def test_a_declared_charset_is_used_when_utf8_fails():
    sentence = "Министры встретились в Ташкенте."
    assert decode(sentence.encode("cp1251"), "p.html", declared="cp1251") == sentence


def test_utf8_beats_a_wrong_declaration():
    assert decode(PROSE.encode("utf-8"), "p.html", declared="cp1252") == PROSE


def test_an_unknown_or_wrong_declaration_is_ignored():
    text = "Caf\u00e9 talks in Gen\u00e8ve."
    assert decode(text.encode("cp1252"), "p.html", declared="no-such-charset") == text
    assert decode(text.encode("cp1252"), "p.html", declared="ascii") == text
