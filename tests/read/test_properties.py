"""Hostile and broken input for every reader: random bytes, invalid UTF-8, enormous
lines, deeply nested HTML, 10 MB articles, blank input, dates in the year 0 or 9999.

Whatever the bytes, reading never raises, never hangs, and yields only articles and
per-item InputErrors with a one-line message naming the item. Every article it yields
has some text, and text that can be stored (valid Unicode).

Each input goes through ``read_bytes`` under every name ending that picks a reader
(and "-", which sniffs the content), so each reader sees every kind of input.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.errors import BadDateError, EmptyInputError, InputError
from accord.read import read_bytes
from accord.records import Article
from tests.timeouts import within

# One name per reader, and standard input, which is sniffed.
NAMES = ["-", "article.txt", "page.html", "dump.jsonl", "feed.xml", "feed.atom", "no-ending"]
BOUND = 60  # seconds; a hang, not a slow read, is what fails
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_all(data: bytes, name: str) -> list[Article | InputError]:
    with within(BOUND, f"reading {len(data):,} bytes as {name}"):
        results = list(read_bytes(data, name))
    item = str(Path(name))
    for result in results:
        if isinstance(result, InputError):
            message = str(result)
            assert "\n" not in message, message
            assert result.item and result.item.startswith(item), message
            assert result.code.startswith("E1") and message.endswith(f"[{result.code}]")
            assert result.reason.strip()
        else:
            assert isinstance(result, Article), result
            assert result.text.strip()
            assert result.article_id
            result.text.encode("utf-8")  # no lone surrogates: the text can be stored
            for field in (result.title, result.outlet, result.author, result.url, result.article_id):
                if field is not None:
                    field.encode("utf-8")
    return results


def read_everywhere(data: bytes) -> dict[str, list[Article | InputError]]:
    return {name: read_all(data, name) for name in NAMES}


# -- strategies ----------------------------------------------------------------------------

DATES = st.sampled_from(
    [
        "0000-01-01", "0001-01-01", "9999-12-31", "10000-01-01", "-0001-01-01", "2021-02-30", "2021-13-01",
        "31/12/9999", "1 January 0", "Fri, 31 Dec 9999 23:59:59 +0000", "Sat, 01 Jan 0000 00:00:00 GMT",
        "9999-12-31T23:59:59+14:00", "0000-00-00T00:00:00Z", "yesterday", "", " ", "2021-09-13",
    ]
)  # fmt: skip
WORDS = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


def _splice(parts: tuple[str, bytes, int]) -> bytes:
    text, junk, at = parts
    data = text.encode("utf-8")
    at = at % (len(data) + 1)
    return data[:at] + junk + data[at:]


invalid_utf8 = st.tuples(
    WORDS, st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80\x80", b"\xfe\xff"]), st.integers()
).map(_splice)

text_files = st.lists(
    st.one_of(
        DATES.map(lambda d: f" date {d} By Wire"),
        DATES.map(lambda d: f"Published: {d}"),
        DATES.map(lambda d: f"Date: {d}"),
        st.sampled_from(["Title: T", "By Ana Ruiz", "Source: S", "", "   ", "\t"]),
        WORDS,
    ),
    max_size=10,
).map(lambda lines: "\n".join(lines).encode("utf-8"))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | WORDS | DATES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(WORDS, inner, max_size=3),
    max_leaves=8,
)
json_records = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values,
        "text": st.one_of(WORDS, json_values, st.just("\u0000"), st.just("\ud800 lone"), st.just("  ")),
        "published": st.one_of(DATES, json_values),
        "date": DATES,
        "outlet": json_values,
        "title": json_values,
        "url": json_values,
    },
)
jsonl_files = st.lists(
    st.one_of(json_records.map(json.dumps), json_values.map(json.dumps), WORDS), max_size=6
).map(lambda lines: "\n".join(lines).encode("utf-8", errors="surrogatepass"))

TAGS = ["div", "p", "span", "article", "main", "body", "html", "script", "table", "td", "title", "h1", "!--", "b"]


@st.composite
def html_documents(draw) -> bytes:
    depth = draw(st.integers(0, 40))
    tags = [draw(st.sampled_from(TAGS)) for _ in range(depth)]
    body = draw(WORDS)
    opening = "".join(f"<{tag}>" for tag in tags)
    closing = "".join(f"</{tag}>" for tag in reversed(tags) if draw(st.booleans()))  # some left open
    head = draw(st.sampled_from(["", "<!doctype html>", '<meta charset="utf-16">', '<meta charset="klingon">']))
    meta = draw(DATES.map(lambda d: f'<meta property="article:published_time" content="{d}">'))
    return (head + meta + opening + body + closing).encode("utf-8")


@st.composite
def feeds(draw) -> bytes:
    items = []
    for _ in range(draw(st.integers(0, 4))):
        title, text, when = draw(WORDS), draw(WORDS), draw(DATES)
        items.append(
            f"<item><title>{title}</title><link>http://x.example/{draw(WORDS)}</link>"
            f"<description><![CDATA[{text}]]></description><pubDate>{when}</pubDate></item>"
        )
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>' + "".join(items) + "</channel></rss>").encode(
        "utf-8", errors="surrogatepass"
    )


# -- properties ----------------------------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=3000))
def test_random_bytes(data):
    read_everywhere(data)


@SETTINGS
@given(invalid_utf8)
def test_invalid_utf8(data):
    read_everywhere(data)


@SETTINGS
@given(text_files)
def test_text_with_any_header_lines_and_dates(data):
    read_everywhere(data)


@SETTINGS
@given(jsonl_files)
def test_json_lines_with_any_values(data):
    read_everywhere(data)


@SETTINGS
@given(html_documents())
def test_html_nested_and_left_open(data):
    read_everywhere(data)


@SETTINGS
@given(feeds())
def test_feeds_with_any_items_and_dates(data):
    read_everywhere(data)


# -- one case each: sizes no generator should produce ------------------------------------------

PARAGRAPH = (
    "Officials from Azerbaijan and Turkey met in Baku on Monday to discuss trade, energy and transport. "
    "The ministers said they would meet again next month.\n\n"
)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("data", [b"", b" \n\t \r\n", b"\xef\xbb\xbf   \n"], ids=["empty", "whitespace", "bom"])
def test_empty_and_blank_input_is_one_clear_error(name, data):
    [result] = read_all(data, name)
    assert isinstance(result, EmptyInputError)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"word " * 1_000_000, id="5 MB line of words"),
        pytest.param(b"x" * 5_000_000, id="5 MB line without a space"),
        pytest.param(b"(" * 2_000_000, id="2 MB line of brackets"),
    ],
)
def test_enormous_lines(data):
    for name in NAMES:
        results = read_all(data, name)
        assert len(results) == 1
    [article] = read_all(data, "article.txt")
    assert isinstance(article, Article) and len(article.text) == len(data.decode().strip())


def test_a_10_mb_article():
    data = PARAGRAPH.encode() * (10_000_000 // len(PARAGRAPH) + 1)
    for name in ("-", "page.html", "feed.xml"):
        assert len(read_all(data, name)) == 1
    [article] = read_all(data, "article.txt")
    assert isinstance(article, Article) and len(article.text) == len(data.decode().strip())


def test_a_10_mb_article_in_a_json_line():
    line = json.dumps({"id": "big", "text": PARAGRAPH * (10_000_000 // len(PARAGRAPH) + 1)}).encode()
    [article] = read_all(line, "dump.jsonl")
    assert isinstance(article, Article) and len(article.text) > 10_000_000


@pytest.mark.parametrize("name", ["page.html", "-"])
def test_ten_thousand_nested_divs(name):
    data = ("<html><body>" + "<div>" * 10_000 + PARAGRAPH + "</div>" * 10_000 + "</body></html>").encode()
    [result] = read_all(data, name)
    if isinstance(result, Article):
        assert "Azerbaijan and Turkey" in result.text


def test_ten_thousand_nested_divs_in_a_feed_item():
    content = "<div>" * 10_000 + PARAGRAPH + "</div>" * 10_000
    data = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item><title>T</title>'
        f"<link>http://x.example/a</link><description><![CDATA[{content}]]></description></item></channel></rss>"
    ).encode()
    [result] = read_all(data, "feed.xml")
    if isinstance(result, Article):
        assert "Azerbaijan and Turkey" in result.text


@pytest.mark.parametrize(
    ("header", "published"),
    [
        ("date 9999-12-31 By Wire", date(9999, 12, 31)),
        ("Published: 0001-01-01", date(1, 1, 1)),
        ("date 0000-01-01 By Wire", BadDateError),
        ("Published: 10000-01-01", BadDateError),
        ("Date: 0000-00-00", BadDateError),
    ],
)
def test_dates_at_the_ends_of_the_calendar_in_a_header(header, published):
    [result] = read_all(f"{header}\n\n{PARAGRAPH}".encode(), "article.txt")
    if published is BadDateError:
        assert isinstance(result, BadDateError) and result.item == "article.txt"
    else:
        assert result.published == published


@pytest.mark.parametrize(
    ("value", "published"),
    [
        ("9999-12-31", date(9999, 12, 31)),
        ("9999-12-31T23:59:59+14:00", date(9999, 12, 31)),
        ("0000-01-01", BadDateError),
        ("10000-01-01", BadDateError),
        (99999999999, BadDateError),
        (-1, BadDateError),
    ],
)
def test_dates_at_the_ends_of_the_calendar_in_a_json_field(value, published):
    line = json.dumps({"id": "a", "text": PARAGRAPH, "published": value}).encode()
    [result] = read_all(line, "dump.jsonl")
    if published is BadDateError:
        assert isinstance(result, BadDateError) and result.item == "dump.jsonl:1"
    else:
        assert result.published == published
