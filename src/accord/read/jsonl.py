"""JSON Lines: one article object per line.

Keys read: ``id``, ``text``, ``published`` (or ``date``), ``outlet``, ``title``,
``author``, ``url``; any other key (the gold files' ``events``, say) is ignored.
Each line stands alone: a line that is not an article yields an error naming
``path:line`` and the lines after it are still read. Blank lines are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import EmptyInputError, InputError, MalformedRecordError
from ..plugins import hookimpl
from ..records import Article
from .base import ReadOptions, ReadResult, published_or_error
from .sniff import decode, normalise_newlines, sniff_format, source_stem, suffix_format

__all__ = ["JsonlReader", "article_from_object"]

_OPTIONAL_TEXT_FIELDS = ("title", "outlet", "author", "url")


def _json_type(value: Any) -> str:
    """The JSON name of a decoded value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {dict: "object", list: "array", str: "string"}.get(type(value), type(value).__name__)


def _optional_string(record: dict[str, Any], key: str, item: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedRecordError(f"'{key}' is a JSON {_json_type(value)}, not a string", item)
    return _storable(value, key, item).strip() or None


def _storable(value: str, key: str, item: str) -> str:
    """``value`` if it is text a database can hold: JSON can escape a lone half of a
    UTF-16 surrogate pair ("\\ud800") or a NUL ("\\u0000"), which no text file can hold."""
    if "\x00" in value:
        raise MalformedRecordError(f"'{key}' holds a NUL character (\\u0000)", item)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        half = f"\\u{ord(value[error.start]):04x}"
        reason = f"'{key}' holds {half}, half of a surrogate pair, which is no character"
        raise MalformedRecordError(reason, item) from None
    return value


def article_from_object(record: Any, *, fallback_id: str, item: str, options: ReadOptions) -> Article:
    """The Article one decoded JSON value describes; raises an InputError naming ``item``."""
    if not isinstance(record, dict):
        raise MalformedRecordError(f"is a JSON {_json_type(record)}, not an object with a 'text' field", item)
    if "text" not in record:
        raise MalformedRecordError("has no 'text' field", item)
    text = record["text"]
    if not isinstance(text, str):
        raise MalformedRecordError(f"'text' is a JSON {_json_type(text)}, not a string", item)
    text = normalise_newlines(_storable(text, "text", item))
    if not text.strip():
        raise EmptyInputError("'text' is empty", item)

    # Ids may be numbers in some dumps; booleans and objects are not ids.
    raw_id = record.get("id")
    if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) and str(raw_id).strip():
        article_id = _storable(str(raw_id).strip(), "id", item)
    else:
        article_id = fallback_id

    date_key = "published" if record.get("published") is not None else "date"
    published = published_or_error(record.get(date_key), item, f"'{date_key}' value")
    fields = {key: _optional_string(record, key, item) for key in _OPTIONAL_TEXT_FIELDS}
    return Article(
        article_id=article_id,
        text=text,
        title=fields["title"],
        published=published or options.published,
        outlet=fields["outlet"] or options.outlet,
        author=fields["author"],
        url=fields["url"],
        origin=item,
    )


class JsonlReader:
    """.jsonl and .ndjson files, and unnamed input that starts with "{"."""

    name = "jsonl"

    def accepts(self, path: Path, head: bytes) -> bool:
        named = suffix_format(path)
        if named is not None:
            return named == "jsonl"
        return sniff_format(head) == "jsonl"

    def read(self, path: Path, data: bytes, options: ReadOptions) -> Iterator[ReadResult]:
        try:
            text = decode(data, str(path))
        except InputError as error:
            yield error
            return
        stem = source_stem(path)
        # Split on "\n" only: str.splitlines would also split on U+2028 and other
        # separators, which JSON allows unescaped inside strings.
        for number, line in enumerate(normalise_newlines(text).split("\n"), start=1):
            if not line.strip():
                continue
            item = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield MalformedRecordError(f"is not valid JSON: {error.msg} (column {error.colno})", item)
                continue
            try:
                yield article_from_object(record, fallback_id=f"{stem}-{number}", item=item, options=options)
            except InputError as error:
                yield error


@hookimpl
def accord_readers() -> list[JsonlReader]:
    return [JsonlReader()]
