"""RSS and Atom feed files: every item (entry) is one article.

feedparser reads the feed. An item's text is its full content if the feed carries
it (``content:encoded``, Atom ``<content>``), else its summary, with HTML turned
into plain text; its outlet is the feed's title. An item without text yields an
error naming ``path#item-N`` and its link; the other items are still read.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import (
    BadDateError,
    BinaryInputError,
    EmptyInputError,
    InputError,
    MalformedRecordError,
    NoTextError,
)
from ..plugins import hookimpl
from ..records import Article
from .base import ReadOptions, ReadResult, published_or_error
from .html import html_fragment_to_text
from .sniff import binary_reason, normalise_newlines, sniff_format, source_stem, suffix_format

__all__ = ["FeedReader", "safe_article_id"]

_URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
# Long ids are cut and given a hash of the full id, so two long links that share
# their first part still get different ids.
_MAX_ID_CHARS = 100


def safe_article_id(value: str) -> str:
    """An id made of letters, digits, ".", "_" and "-", usable in a file name and a URL.

    "https://example.org/news/story-1?x=2" becomes "example.org-news-story-1-x-2".
    Returns "" if nothing usable is left.
    """
    safe = _UNSAFE_ID_CHARS.sub("-", _URL_SCHEME.sub("", value.strip())).strip("-.")
    if len(safe) > _MAX_ID_CHARS:
        digest = hashlib.sha1(value.encode("utf-8")).hexdigest()[:12]
        safe = f"{safe[: _MAX_ID_CHARS - 13].rstrip('-.')}-{digest}"
    return safe


def _entry_text(entry: Any) -> str:
    """The entry's longest content, else its summary, as plain text."""
    candidates = sorted(entry.get("content") or [], key=lambda content: len(content.get("value") or ""), reverse=True)
    if entry.get("summary"):
        candidates.append(entry.get("summary_detail") or {"type": "text/html", "value": entry["summary"]})
    for candidate in candidates:
        value = candidate.get("value") or ""
        if candidate.get("type") == "text/plain":
            text = normalise_newlines(value).strip()
        else:
            text = html_fragment_to_text(value)
        if text:
            return text
    return ""


def _entry_published(entry: Any, item: str) -> date | None:
    """The item's publication date, in the time zone the feed wrote it in.

    feedparser's own ``*_parsed`` dates are converted to UTC, which can move an
    evening article to the next day; they are used only when the written date is in
    a form Accord does not read.
    """
    for written_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed")):
        written = entry.get(written_key)
        if not written:
            continue
        try:
            return published_or_error(written, item, "item date")
        except BadDateError:
            parsed = entry.get(parsed_key)
            if parsed:
                return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            raise
    return None


class FeedReader:
    """.rss/.atom/.xml files, and unnamed input that starts like a feed."""

    name = "feed"

    def accepts(self, path: Path, head: bytes) -> bool:
        named = suffix_format(path)
        if named is not None:
            return named == "feed"
        return sniff_format(head) == "feed"

    def read(self, path: Path, data: bytes, options: ReadOptions) -> Iterator[ReadResult]:
        item = str(path)
        reason = binary_reason(data)
        if reason:
            yield BinaryInputError(reason, item)
            return
        import feedparser  # imported on first use, like the other format libraries

        # A stream, never bytes or str: feedparser takes a string for a URL or a file
        # name and would fetch or open it. Its HTML sanitising and link rewriting are
        # for showing the HTML, which Accord does not: html_fragment_to_text drops the
        # tags (and scripts) itself, and they cost two thirds of the parse time.
        parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
        if not parsed.get("version") and not parsed.entries:
            problem = parsed.get("bozo_exception") or "no <rss> or <feed> element"
            yield MalformedRecordError(f"is not an RSS or Atom feed ({problem})", item)
            return
        if not parsed.entries:
            yield EmptyInputError("is a feed without items", item)
            return
        outlet = (parsed.feed.get("title") or "").strip() or options.outlet
        stem = source_stem(path)
        for number, entry in enumerate(parsed.entries, start=1):
            try:
                yield self._article(
                    entry, item=f"{item}#item-{number}", fallback_id=f"{stem}-{number}", outlet=outlet, options=options
                )
            except InputError as error:
                yield error

    def _article(
        self, entry: Any, *, item: str, fallback_id: str, outlet: str | None, options: ReadOptions
    ) -> Article:
        link = (entry.get("link") or "").strip() or None
        text = _entry_text(entry)
        if not text:
            raise NoTextError(f"has no text in its content or summary{f' ({link})' if link else ''}", item)
        return Article(
            article_id=safe_article_id(entry.get("id") or link or "") or fallback_id,
            text=text,
            title=(entry.get("title") or "").strip() or None,
            published=_entry_published(entry, item) or options.published,
            outlet=outlet,
            author=(entry.get("author") or "").strip() or None,
            url=link,
            origin=item,
        )


@hookimpl
def accord_readers() -> list[FeedReader]:
    return [FeedReader()]
