from datetime import date
from pathlib import Path

import pytest

from accord.errors import BadDateError, BinaryInputError, EmptyInputError, MalformedRecordError, NoTextError
from accord.records import Article
from accord.read.base import ReadOptions
from accord.read.feed import FeedReader, safe_article_id


def read_all(path: Path, options: ReadOptions | None = None) -> list:
    return list(FeedReader().read(path, path.read_bytes(), options or ReadOptions()))


def test_rss_items(data):
    path = data / "feed.rss"
    first, second, no_text, bad_date = read_all(path, ReadOptions(published=date(2000, 1, 1)))

    assert first.article_id == "coastal-ledger.example-world-2023-05-02-fisheries-memo"
    assert first.title == "Chile and Peru sign a fisheries memorandum"
    assert first.url == "https://coastal-ledger.example/world/2023/05/02/fisheries-memo"
    assert first.outlet == "Coastal Ledger"
    assert first.author == "Lucia Ferraro"
    # 23:30 in UTC-5 is still 2 May where it was published.
    assert first.published == date(2023, 5, 2)
    # Full content wins over the teaser; tags and scripts are gone, paragraphs kept.
    assert first.text == (
        "The trade ministers of Chile and Peru signed a memorandum on shared fish stocks in Lima on Tuesday."
        "\n\nOfficials said the two governments would review quotas every year."
    )
    assert first.origin == f"{path}#item-1"

    assert second.article_id == "coastal-ledger.example-business-2023-05-03-strike-ends"  # from the link
    assert second.text.endswith("raised wages.\n\nThe strike had lasted nine days.")

    assert isinstance(no_text, NoTextError)
    assert no_text.item == f"{path}#item-3" and "photos/harbour-dawn" in no_text.reason
    assert isinstance(bad_date, BadDateError)
    assert bad_date.item == f"{path}#item-4" and "'sometime last spring'" in bad_date.reason


def test_atom_entries(data):
    first, second = read_all(data / "feed.atom")
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.article_id == "tag-northern-wire.example-2024-rail-corridor"
    assert (first.outlet, first.author, first.published) == ("Northern Wire", "Eira Lund", date(2024, 1, 15))
    assert first.text == (
        "Norway and Finland agreed to build a rail corridor to the Arctic coast, the transport ministers said on "
        "Monday.\n\nWork could start in 2026."
    )
    assert second.published == date(2024, 1, 16)  # no <published>: <updated>
    assert second.text.startswith("A border crossing between Sweden and Norway")


def test_items_without_id_or_link_are_numbered(tmp_path):
    path = tmp_path / "wire.xml"
    path.write_text(
        "<rss version='2.0'><channel><item><description>Oman and Yemen met.</description></item>"
        "<item><description>Qatar and Kuwait met.</description></item></channel></rss>",
        encoding="utf-8",
    )
    options = ReadOptions(outlet="Given Outlet")
    ids = [(article.article_id, article.outlet) for article in read_all(path, options)]
    assert ids == [("wire-1", "Given Outlet"), ("wire-2", "Given Outlet")]


def test_date_in_a_form_only_feedparser_reads(tmp_path):
    # A Greek RFC 822 date: Accord's parser reads English only, feedparser knows this form.
    path = tmp_path / "odd.rss"
    path.write_text(
        "<rss version='2.0'><channel><item><pubDate>Κυρ, 13 Σεπ 2021 10:00:00 EST</pubDate>"
        "<description>Text.</description></item></channel></rss>",
        encoding="utf-8",
    )
    [article] = read_all(path)
    assert article.published == date(2021, 9, 13)


def test_not_a_feed(tmp_path):
    path = tmp_path / "sitemap.xml"
    path.write_text("<?xml version='1.0'?><urlset><url><loc>https://x.example/</loc></url></urlset>")
    [error] = read_all(path)
    assert isinstance(error, MalformedRecordError) and "not an RSS or Atom feed" in error.reason


def test_feed_without_items(tmp_path):
    path = tmp_path / "quiet.rss"
    path.write_text("<rss version='2.0'><channel><title>Quiet</title></channel></rss>")
    [error] = read_all(path)
    assert isinstance(error, EmptyInputError) and error.item == str(path)


def test_binary_feed(tmp_path):
    path = tmp_path / "feed.atom"
    path.write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00")
    [error] = read_all(path)
    assert isinstance(error, BinaryInputError) and "gzip" in error.reason


def test_a_feed_is_never_taken_for_a_file_name(tmp_path, monkeypatch):
    # feedparser opens a str or bytes argument as a path or URL if it can; the reader
    # must hand it a stream. A feed body that is also an existing file's name proves it.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x").write_text(
        "<rss version='2.0'><channel><item><description>Wrong file.</description></item></channel></rss>"
    )
    [error] = list(FeedReader().read(Path("in.rss"), b"x", ReadOptions()))
    assert isinstance(error, MalformedRecordError)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/news/story-1?x=2", "example.org-news-story-1-x-2"),
        ("tag:example.org,2024:story", "tag-example.org-2024-story"),
        ("urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a", "urn-uuid-1225c695-cfb8-4ebb-aaaa-80da344efa6a"),
        ("///", ""),
    ],
)
def test_safe_article_id(value, expected):
    assert safe_article_id(value) == expected


def test_long_ids_are_cut_but_stay_distinct():
    first = safe_article_id("https://example.org/" + "a" * 200 + "/1")
    second = safe_article_id("https://example.org/" + "a" * 200 + "/2")
    assert len(first) <= 100 and len(second) <= 100 and first != second


def test_accepts():
    reader = FeedReader()
    assert all(reader.accepts(Path(f"f{suffix}"), b"") for suffix in (".rss", ".atom", ".xml"))
    assert reader.accepts(Path("-"), b"<?xml version='1.0'?><rss>")
    assert not reader.accepts(Path("-"), b"<html>")
