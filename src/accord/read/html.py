"""Web pages: the article's main text and metadata, without menus, ads and footers.

trafilatura finds the main text and reads title, date, author, site name and the
canonical URL from the page's metadata. Its text has one line per block (paragraph,
heading, list item); Accord writes a blank line between blocks, because the parser
treats a blank line as a sentence boundary.

``html_fragment_to_text`` turns the small HTML snippets feeds carry into text the
same way; trafilatura is made for whole pages and splits a fragment at every tag.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html
from lxml_html_clean import Cleaner

from ..errors import InputError, NoTextError
from ..plugins import hookimpl
from ..records import Article
from .base import ReadOptions, ReadResult, published_or_error
from .sniff import HEAD_BYTES, decode, sniff_format, source_stem, suffix_format

__all__ = ["HtmlReader", "article_from_html", "html_fragment_to_text"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)

# What the HTML standard says a declared charset means: pages labelled Latin-1 or
# ASCII are decoded as windows-1252, and a UTF-16 label on a page that was parsed
# as bytes at all is a mistake for UTF-8.
_HTML_CHARSET_ALIASES = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
}

# Only the page's own declarations, not dates found in its text: an article that
# mentions "September 12" is not thereby published on September 12.
_DATE_SEARCH = {"original_date": True, "extensive_search": False}

# Elements that start a new block of text in a fragment.
_BLOCK_TAGS = (
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre",
    "section", "table", "td", "th", "tr", "ul",
)  # fmt: skip
_FRAGMENT_CLEANER = Cleaner(
    scripts=True, javascript=True, comments=True, style=True, embedded=True, forms=True, page_structure=False
)
_BLOCK_BREAK = re.compile(r"\s*\n\s*\n\s*")
_WHITESPACE = re.compile(r"\s+")


def _declared_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    if not match:
        return None
    try:
        name = codecs.lookup(match[1].decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return _HTML_CHARSET_ALIASES.get(name, name)


def article_from_html(markup: str, *, article_id: str, origin: str, options: ReadOptions) -> Article:
    """The Article a web page holds; raises NoTextError if it has no main text."""
    import trafilatura  # imported on first use: it takes a while and plain text never needs it

    document = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=_DATE_SEARCH,
    )
    blocks = [line.strip() for line in (document.text or "").split("\n")] if document else []
    blocks = [block for block in blocks if block]
    title = document.title if document else None
    # The headline usually opens the main text as well; it is the title, not body.
    if blocks and title and blocks[0].casefold() == title.strip().casefold():
        blocks = blocks[1:]
    if not blocks:
        raise NoTextError("is a web page without article text that could be extracted", origin)
    return Article(
        article_id=article_id,
        text="\n\n".join(blocks),
        title=title or None,
        published=published_or_error(document.date, origin, "page date") or options.published,
        outlet=document.sitename or options.outlet,
        author=document.author or None,
        url=document.url or None,
        origin=origin,
    )


def _collapse_whitespace(text: str | None) -> str | None:
    return None if text is None else _WHITESPACE.sub(" ", text)


def html_fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML snippet, with a blank line between its blocks.

    Scripts, styles and comments are dropped; inline tags (<b>, <a>) leave their
    words in place; "<br><br>" separates paragraphs as many feeds use it.
    """
    if not fragment.strip():
        return ""
    root = _FRAGMENT_CLEANER.clean_html(lxml.html.fragment_fromstring(fragment, create_parent="div"))
    # Whitespace in HTML source is not layout: collapse it first, then mark the
    # block boundaries with newlines.
    for element in root.iter():
        element.text = _collapse_whitespace(element.text)
        element.tail = _collapse_whitespace(element.tail)
    for element in root.iter(*_BLOCK_TAGS):
        element.text = "\n\n" + (element.text or "")
        element.tail = "\n\n" + (element.tail or "")
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    paragraphs = (" ".join(block.split()) for block in _BLOCK_BREAK.split(root.text_content()))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


class HtmlReader:
    """.html/.htm files, and unnamed input that starts like a web page."""

    name = "html"

    def accepts(self, path: Path, head: bytes) -> bool:
        named = suffix_format(path)
        if named is not None:
            return named == "html"
        return sniff_format(head) == "html"

    def read(self, path: Path, data: bytes, options: ReadOptions) -> Iterator[ReadResult]:
        item = str(path)
        try:
            markup = decode(data, item, declared=_declared_charset(data[:HEAD_BYTES]))
            yield article_from_html(markup, article_id=source_stem(path), origin=item, options=options)
        except InputError as error:
            yield error


@hookimpl
def accord_readers() -> list[HtmlReader]:
    return [HtmlReader()]
