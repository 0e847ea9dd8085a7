"""Plain-text articles, with the header lines news dumps put above the body.

Three header layouts are understood, and may be mixed:

    date 2021-09-13 By Azernews        a date line: date, then "By" and the outlet

    Talks resume in Ankara             a headline (only when a byline follows it)
    By Ayya Lmahamad                   a byline: the author

    Title: Ministers meet              "Key: value" lines; the keys are listed in
    Published: 2021-09-13              ontology/data/text_headers.toml
    Source: Harbour Post

Headers and blank lines are read from the top until the first line that is neither;
the body starts there, at its first non-blank character. The body is kept as it is
(only line ends are normalised) because every coded span is an offset into it.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from ..errors import EmptyInputError, InputError, OntologyError
from ..plugins import hookimpl
from ..records import Article
from .base import ReadOptions, ReadResult, published_or_error
from .sniff import binary_reason, decode, normalise_newlines, sniff_format, source_stem, suffix_format

__all__ = ["TextReader", "TextHeader", "split_header", "read_text"]

_HEADER_FILE = "text_headers.toml"
_SENTENCE_END = (".", "!", "?")
# A date written without a colon ("date 2021-09-13") is at most this long; a longer
# value is a sentence that happens to start with "Posted" or "Date".
_MAX_BARE_DATE_CHARS = 40
# A headline is one line, and not a long one.
_MAX_TITLE_CHARS = 200


@dataclass(frozen=True)
class TextHeader:
    """What the header lines of a plain-text article say, and where its body starts.

    ``published`` is the date as written; ``read_text`` parses it.
    """

    body_start: int
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class _HeaderRules:
    field_of_key: dict[str, str]
    key_line: re.Pattern[str]
    date_line: re.Pattern[str]
    byline: re.Pattern[str]
    by_outlet: re.Pattern[str]
    name_particles: frozenset[str]
    max_name_words: int


def _alternatives(words: list[str]) -> str:
    # Longest first, so that "publication date" is tried before "publication".
    return "|".join(r"\s+".join(map(re.escape, word.split())) for word in sorted(words, key=len, reverse=True))


@functools.cache
def _rules() -> _HeaderRules:
    source = resources.files("accord.ontology") / "data" / _HEADER_FILE
    try:
        table = tomllib.loads(source.read_text(encoding="utf-8"))
        field_of_key = {
            " ".join(key.lower().split()): field for field, keys in table["fields"].items() for key in keys
        }
        unknown = set(field_of_key.values()) - (set(TextHeader.__dataclass_fields__) - {"body_start"})
        if unknown:
            raise ValueError(f"[fields] names unknown Article fields {sorted(unknown)}")
        by_words = _alternatives(table["byline"]["words"])
        return _HeaderRules(
            field_of_key=field_of_key,
            key_line=re.compile(rf"^\s*(?P<key>{_alternatives(list(field_of_key))})\s*:\s*(?P<value>.*?)\s*$", re.I),
            date_line=re.compile(
                rf"^\s*(?:{_alternatives(table['date_line']['words'])})\s+(?P<value>[^:]*?\d.*?)"
                rf"(?:\s+(?:{by_words})\s+(?P<outlet>\S.*?))?\s*$",
                re.I,
            ),
            byline=re.compile(rf"^\s*(?:{by_words})\s+(?P<name>\S.*?)\s*$", re.I),
            by_outlet=re.compile(rf"\s+(?:{by_words})\s+", re.I),
            name_particles=frozenset(word.lower() for word in table["byline"]["name_particles"]),
            max_name_words=int(table["byline"]["max_name_words"]),
        )
    except (OSError, KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as error:
        raise OntologyError(f"header table {_HEADER_FILE} is invalid: {error}", _HEADER_FILE) from None


def _byline_name(line: str, rules: _HeaderRules) -> str | None:
    """The author a "By ..." line names, or None if the line is a sentence instead."""
    match = rules.byline.match(line)
    if not match:
        return None
    name = match["name"].rstrip(",;")
    words = name.replace(",", " ").split()
    if not words or len(words) > rules.max_name_words or name.endswith(("!", "?", ":")):
        return None
    # "By Ayya Lmahamad" names someone; "By the end of 2021, ..." and "By 2025 ..." do not.
    for word in words:
        if word.lower() in rules.name_particles:
            continue
        if not word[0].isupper() or any(char.isdigit() for char in word):
            return None
    return name


def _date_line(line: str, rules: _HeaderRules) -> tuple[str, str | None] | None:
    """(date, outlet) from a line like "date 2021-09-13 By Azernews", else None."""
    if line.rstrip().endswith(_SENTENCE_END):
        return None
    match = rules.date_line.match(line)
    if not match or len(match["value"]) > _MAX_BARE_DATE_CHARS:
        return None
    return match["value"], match["outlet"]


def _next_line(text: str, position: int) -> tuple[int, int] | None:
    """(start, end) of the first non-blank line at or after ``position``; None at the end."""
    while position < len(text):
        end = text.find("\n", position)
        if end < 0:
            end = len(text)
        if text[position:end].strip():
            return position, end
        position = end + 1
    return None


def _header_fields(line: str, rules: _HeaderRules, found: dict[str, str]) -> dict[str, str | None] | None:
    """The fields a header line gives, or None if the line is body text."""
    if key_match := rules.key_line.match(line):
        field = rules.field_of_key[" ".join(key_match["key"].lower().split())]
        value = key_match["value"]
        if field != "published":
            return {field: value}
        # "Date: 2021-09-13 By Azernews" names the outlet too.
        value, *outlet = rules.by_outlet.split(value, maxsplit=1)
        return {"published": value, "outlet": outlet[0] if outlet else None}
    if date_and_outlet := _date_line(line, rules):
        return {"published": date_and_outlet[0], "outlet": date_and_outlet[1]}
    if "author" not in found and (author := _byline_name(line, rules)):
        return {"author": author}
    return None


def split_header(text: str) -> TextHeader:
    """Read the header lines at the top of ``text`` (newlines already "\\n").

    Returns what they say and the offset where the body starts. Text without
    headers starts its body at its first non-blank character.
    """
    rules = _rules()
    found: dict[str, str] = {}
    position = 0
    while line_span := _next_line(text, position):
        start, end = line_span
        line = text[start:end]
        fields = _header_fields(line, rules, found)
        if fields is None and "title" not in found and "author" not in found:
            # A headline with a byline under it ("Talks resume" / "By Ana Ruiz") is
            # a header too; a first line without one is the body's first paragraph.
            following = _next_line(text, end + 1)
            author = following and _byline_name(text[following[0] : following[1]], rules)
            if author and len(line) <= _MAX_TITLE_CHARS:
                fields = {"title": line, "author": author}
                end = following[1]
        if fields is None:
            return TextHeader(body_start=start + len(line) - len(line.lstrip()), **found)
        for field, value in fields.items():
            if value and value.strip() and field not in found:
                found[field] = value.strip()
        position = end + 1
    return TextHeader(body_start=len(text), **found)


def read_text(
    text: str,
    *,
    article_id: str = "-",
    published: date | None = None,
    outlet: str | None = None,
    title: str | None = None,
    author: str | None = None,
    url: str | None = None,
    origin: str | None = None,
) -> Article:
    """An Article from plain text in memory, its header lines read and removed.

    The keyword arguments win over what the text's header says, since the caller
    gives them for this one text; the header fills what they leave out. (Readers
    work the other way round: ``ReadOptions`` are batch-wide defaults.) Raises
    BadDateError if a date header is needed but does not parse (the article is then
    not coded), and EmptyInputError if there is no body text.
    """
    item = origin or article_id
    text = normalise_newlines(text).removeprefix("\ufeff")
    header = split_header(text)
    body = text[header.body_start :].rstrip()
    if not body:
        reason = "has header lines but no body text" if text.strip() else "is empty (nothing but whitespace)"
        raise EmptyInputError(reason, item)
    return Article(
        article_id=article_id,
        text=body,
        title=title or header.title,
        published=published or published_or_error(header.published, item, "date header"),
        outlet=outlet or header.outlet,
        author=author or header.author,
        url=url or header.url,
        origin=origin,
    )


class TextReader:
    """Plain text: .txt files, and any other input that is text, not markup or JSON."""

    name = "text"

    def accepts(self, path: Path, head: bytes) -> bool:
        named = suffix_format(path)
        if named is not None:
            return named == "text"
        # Unnamed JSON or XML that the other readers declined is data, not prose.
        return binary_reason(head) is None and sniff_format(head) is None

    def read(self, path: Path, data: bytes, options: ReadOptions) -> Iterator[ReadResult]:
        item = str(path)
        try:
            article = read_text(decode(data, item), article_id=source_stem(path), origin=item)
        except InputError as error:
            yield error
            return
        # The file's own header wins over the batch-wide options.
        yield article.model_copy(
            update={"published": article.published or options.published, "outlet": article.outlet or options.outlet}
        )


@hookimpl
def accord_readers() -> list[TextReader]:
    return [TextReader()]
