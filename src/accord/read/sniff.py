"""Bytes to text, and which format a file is in when its name does not say.

Every built-in reader decodes through ``decode`` so that all formats treat odd input
the same way: a byte-order mark is obeyed, UTF-8 is tried next, and only then a
Western European legacy encoding (cp1252, latin-1), and that only when the result
reads like text. Bytes that are not text at all (an image, an archive) are refused
before any decoding is tried.
"""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

from ..errors import BinaryInputError, DecodingError, EmptyInputError

__all__ = [
    "HEAD_BYTES",
    "SUFFIX_FORMATS",
    "binary_reason",
    "decode",
    "is_blank",
    "normalise_newlines",
    "sniff_format",
    "source_stem",
    "suffix_format",
]

# How much of a file readers see when they decide whether to take it.
HEAD_BYTES = 4096

# File name endings that settle the format without looking inside. Anything else
# (and standard input) is sniffed from its first bytes.
SUFFIX_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
}

# UTF-32 marks first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

# C0 control bytes that never occur in text (tab, newlines, form feed and vertical
# tab do), plus DEL.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
# Text editors do not produce control bytes; a few can survive copy and paste, but a
# file where more than this share are controls is data, not prose.
_MAX_CONTROL_SHARE = 0.05

# Signatures of common binary files, only to make the error message helpful.
_MAGIC_NUMBERS = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"PK\x03\x04", "a zip archive"),
)

# A complete UTF-8 multi-byte sequence. Legacy 8-bit text almost never contains one
# by chance, so a file full of them that still fails to decode is broken UTF-8.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

# Western European prose in cp1252 or latin-1 is mostly ASCII with some accented
# letters. Text in another 8-bit encoding (Cyrillic cp1251, Greek...) read as cp1252
# turns almost every letter into a non-ASCII one; below this ASCII share, refuse.
_MIN_ASCII_SHARE = 0.7
# latin-1 decodes any byte; the bytes cp1252 leaves undefined become C1 control
# characters. Allow a stray few, not a file full of them.
_MAX_C1_SHARE = 0.001
_C1_CONTROLS = re.compile("[\x80-\x9f]")
_C0_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")

# "[{", "[[", '["' or "[]" open a JSON array; "[UPDATE] Ministers meet" opens prose.
_JSON_ARRAY_START = re.compile(rb'\[\s*[\[{"\]]')
_XML_PREAMBLE = re.compile(rb"^(?:\s|<\?xml[^>]*\?>|<!--.*?-->|<\?xml-stylesheet[^>]*\?>)*", re.DOTALL)


def source_stem(path: Path) -> str:
    """The name articles from this source are called by: the file name without extension."""
    return "stdin" if str(path) == "-" else path.stem


def suffix_format(path: Path) -> str | None:
    """The format a file's name ending names, if it is one Accord knows."""
    return SUFFIX_FORMATS.get(path.suffix.lower())


def is_blank(data: bytes) -> bool:
    """True for empty input, or input of nothing but ASCII whitespace and a UTF-8 mark."""
    return not data.removeprefix(codecs.BOM_UTF8).strip()


def _byte_order_mark(data: bytes) -> tuple[bytes, str, str] | None:
    for mark, codec, name in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return mark, codec, name
    return None


def binary_reason(data: bytes) -> str | None:
    """Why these bytes are not text, or None if they may be.

    Works on a whole file or on its head. UTF-16 and UTF-32 text is full of NUL
    bytes, so input that starts with their byte-order mark is never called binary.
    """
    if _byte_order_mark(data):
        return None
    kind = next((name for magic, name in _MAGIC_NUMBERS if data.startswith(magic)), None)
    nul_at = data.find(b"\x00")
    if nul_at >= 0:
        return f"is binary ({kind or f'a NUL byte at offset {nul_at}'}), not text"
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if data and controls / len(data) > _MAX_CONTROL_SHARE:
        return f"is binary ({kind or f'{controls} control bytes in {len(data)}'}), not text"
    return None


def _reads_like_western_text(text: str, max_c1_share: float) -> bool:
    letters = "".join(text.split())
    if not letters:
        return False
    if _C0_CONTROLS.search(text):
        return False
    ascii_share = len(letters.encode("ascii", errors="ignore")) / len(letters)
    c1_share = len(_C1_CONTROLS.findall(text)) / len(letters)
    return ascii_share >= _MIN_ASCII_SHARE and c1_share <= max_c1_share


def decode(data: bytes, item: str, declared: str | None = None) -> str:
    """Decode a file's bytes to text, or raise the InputError that says why not.

    Order: a byte-order mark (UTF-8, UTF-16, UTF-32) decides; else UTF-8; else the
    encoding the document ``declared`` (an HTML meta charset), if it decodes the
    bytes; else cp1252 and then latin-1, each only if the result reads like Western
    European text. UTF-8 goes before the declaration because pages saved as UTF-8
    under an old "windows-1252" label are common, while text in an 8-bit encoding
    that happens to be valid UTF-8 is not. Raises EmptyInputError, BinaryInputError
    or DecodingError naming ``item``.
    """
    mark = _byte_order_mark(data)
    if mark:
        _, codec, name = mark
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as error:
            raise DecodingError(
                f"starts with a {name} byte-order mark but byte {error.start} is not valid {name}", item
            ) from None
        if not text.strip():
            raise EmptyInputError("is empty (nothing but whitespace)", item)
        return text

    reason = binary_reason(data)
    if reason:
        raise BinaryInputError(reason, item)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        first_bad = error.start
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: guess as if there were none

    valid_sequences = len(_UTF8_SEQUENCE.findall(data))
    invalid_bytes = data.decode("utf-8", errors="replace").count("\ufffd")
    if valid_sequences > invalid_bytes:
        # Guessing another encoding here would turn every correct accented letter
        # into two wrong ones; better to say where the file is broken.
        raise DecodingError(
            f"is UTF-8 except for byte 0x{data[first_bad]:02x} at offset {first_bad}; re-save it as UTF-8", item
        )
    for codec, max_c1_share in (("cp1252", 0.0), ("latin-1", _MAX_C1_SHARE)):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _reads_like_western_text(text, max_c1_share):
            return text
    raise DecodingError(
        f"is not UTF-8 (byte 0x{data[first_bad]:02x} at offset {first_bad}), UTF-16, "
        "or Western European text in cp1252/latin-1; re-save it as UTF-8",
        item,
    )


def normalise_newlines(text: str) -> str:
    """Windows and old Mac line ends become "\\n"; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sniff_format(head: bytes) -> str | None:
    """Guess the format from a file's first bytes; None if it looks like plain text.

    Used for standard input and for file names that do not say their format.
    Returns "jsonl", "feed" or "html" for what the built-in readers take, and
    "json" (a JSON document that is not one object per line) or "xml" (XML that is
    neither a feed nor a web page) for markup that must not be read as prose.
    Only UTF-8/ASCII-compatible heads are sniffed; anything else is left to the
    text reader.
    """
    head = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if head.startswith(b"{"):
        first_line, newline, _ = head.partition(b"\n")
        # A first line longer than the head cannot be checked; trust its "{".
        return "jsonl" if not newline or _is_json_object(first_line) else "json"
    if _JSON_ARRAY_START.match(head):
        return "json"
    if not head.startswith(b"<"):
        return None
    rest = _XML_PREAMBLE.sub(b"", head, count=1).lower()
    if rest.startswith((b"<rss", b"<feed", b"<rdf:rdf")):
        return "feed"
    if rest.startswith((b"<!doctype html", b"<html")) or re.search(rb"<(?:head|body|p|div|article)[\s>]", rest):
        return "html"
    return "xml"


def _is_json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:  # not JSON, or not UTF-8
        return False
