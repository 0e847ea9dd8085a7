from datetime import date
from pathlib import Path

from accord.errors import BinaryInputError, NoTextError
from accord.records import Article
from accord.read.base import ReadOptions
from accord.read.html import HtmlReader, html_fragment_to_text


def read_one(path: Path, data: bytes | None = None, options: ReadOptions | None = None):
    [result] = HtmlReader().read(path, path.read_bytes() if data is None else data, options or ReadOptions())
    return result


def test_page_text_and_metadata(data):
    article = read_one(data / "page.html")
    assert isinstance(article, Article)
    assert article.article_id == "page"
    assert article.title == "Ministers meet in Valletta"
    assert article.published == date(2022, 3, 4)
    assert article.outlet == "Harbour Post"
    assert article.author == "Tomas Reyes"
    assert article.url == "https://harbourpost.example/news/ministers-meet"
    # The headline is the title, not the first sentence; navigation and footer are gone.
    assert article.text == (
        "The foreign ministers of Malta and Tunisia met in Valletta on Thursday to discuss fishing rights."
        "\n\nBoth sides agreed to set up a joint commission before the summer."
    )


def test_page_without_metadata_uses_the_options(tmp_path):
    path = tmp_path / "bare.htm"
    path.write_text(
        "<html><body><p>Senegal and Gambia opened a new bridge over the river on Sunday.</p></body></html>",
        encoding="utf-8",
    )
    article = read_one(path, options=ReadOptions(published=date(2019, 1, 21), outlet="Given Outlet"))
    assert article.text == "Senegal and Gambia opened a new bridge over the river on Sunday."
    assert (article.published, article.outlet, article.url) == (date(2019, 1, 21), "Given Outlet", None)


def test_page_without_text(data):
    error = read_one(data / "no-text.html")
    assert isinstance(error, NoTextError)
    assert error.item == str(data / "no-text.html")


def test_declared_charset_is_obeyed(tmp_path):
    path = tmp_path / "cyrillic.html"
    sentence = "Министры Казахстана и Узбекистана встретились в Ташкенте."
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{sentence}</p></body></html>'
    path.write_bytes(page.encode("cp1251"))
    assert read_one(path).text == sentence


def test_binary_page(tmp_path):
    path = tmp_path / "fake.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert isinstance(read_one(path), BinaryInputError)


def test_fragment_to_text():
    fragment = (
        "<p>Talks on\n   water rights</p><p>Both <b>sides</b> <a href='/x'>agreed</a>.</p>"
        "<ul><li>first</li><li>second</li></ul>tail line<br>after one break<br><br>after two"
        "<script>track()</script><!-- note --><style>p {}</style>"
    )
    assert html_fragment_to_text(fragment) == (
        "Talks on water rights\n\nBoth sides agreed.\n\nfirst\n\nsecond\n\ntail line after one break\n\nafter two"
    )
    assert html_fragment_to_text("Plain words, a < b &amp; c.") == "Plain words, a < b & c."
    assert html_fragment_to_text("<img src='x.png'>") == ""
    assert html_fragment_to_text("  ") == ""


def test_accepts():
    reader = HtmlReader()
    assert reader.accepts(Path("a.html"), b"")
    assert reader.accepts(Path("a.HTM"), b"")
    assert reader.accepts(Path("-"), b"<!doctype html><html>")
    assert not reader.accepts(Path("a.txt"), b"<!doctype html><html>")
    assert not reader.accepts(Path("-"), b"<rss version='2.0'>")
