"""read_paths, read_bytes and the reader registry (accord/read/__init__.py)."""

import gzip
import io
import sys
from datetime import date
from pathlib import Path

import pytest

from accord.errors import (
    BinaryInputError,
    DecodingError,
    EmptyInputError,
    InputError,
    TooLargeError,
    UnknownFormatError,
    UnreadableInputError,
)
from accord.plugins import hookimpl, plugin_manager
from accord.read import ReadOptions, available_readers, read_bytes, read_paths, read_text
from accord.records import Article

PARAGRAPH = "Bolivia and Argentina agreed on Monday to extend their gas contract by five years.\n\n"


def where(result: Article | InputError) -> str:
    return result.origin if isinstance(result, Article) else result.item


def origins(results) -> list[tuple[str, str]]:
    """(Article or error class name, where it came from) for each result, in order."""
    return [(type(result).__name__, where(result)) for result in results]


def by_file_name(results) -> dict[str, Article | InputError]:
    return {Path(where(result)).name: result for result in results}


def test_built_in_readers_in_priority_order():
    assert [reader.name for reader in available_readers()] == ["jsonl", "feed", "html", "text"]


def test_folder_is_read_recursively_in_order_and_bad_files_do_not_stop_it(tmp_path):
    (tmp_path / "a.txt").write_text("Title: A\n\n" + PARAGRAPH)
    (tmp_path / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "c.txt").write_text("  \n\n")
    (tmp_path / "z.gz").write_bytes(gzip.compress(PARAGRAPH.encode() * 20))
    (tmp_path / ".hidden.txt").write_text(PARAGRAPH)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text(PARAGRAPH)
    sub = tmp_path / "sub"
    (sub / "deeper").mkdir(parents=True)
    (sub / "d.jsonl").write_text('{"id": "d1", "text": "Peru and Ecuador met."}\nnot json\n')
    (sub / "f.dat").write_bytes("Caf\u00e9 owners in Quito welcomed the deal.".encode("cp1252"))
    (sub / "deeper" / "e.html").write_text("<html><body><p>Chile and Bolivia resumed talks.</p></body></html>")

    results = list(read_paths([tmp_path]))
    assert origins(results) == [
        ("Article", str(tmp_path / "a.txt")),
        ("BinaryInputError", str(tmp_path / "b.png")),
        ("EmptyInputError", str(tmp_path / "c.txt")),
        ("BinaryInputError", str(tmp_path / "z.gz")),
        ("Article", f"{sub / 'd.jsonl'}:1"),
        ("MalformedRecordError", f"{sub / 'd.jsonl'}:2"),
        ("Article", str(sub / "f.dat")),
        ("Article", str(sub / "deeper" / "e.html")),
    ]
    assert results[0].title == "A" and results[0].article_id == "a"
    assert "PNG image" in results[1].reason
    assert results[6].text == "Caf\u00e9 owners in Quito welcomed the deal."
    for error in results:
        if isinstance(error, InputError):
            assert "\n" not in str(error) and str(error).startswith(error.item)


def test_several_paths_and_a_missing_one(data, tmp_path):
    results = list(read_paths([data / "plain.txt", tmp_path / "missing.txt", str(data / "headers.txt")]))
    assert [type(result) for result in results] == [Article, UnreadableInputError, Article]
    assert results[1].item == str(tmp_path / "missing.txt") and "no such file" in results[1].reason


def test_a_single_path_is_not_iterated_character_by_character(data):
    [article] = read_paths(str(data / "plain.txt"))
    assert article.article_id == "plain"


def test_options_reach_the_readers(data):
    [article] = read_paths([data / "plain.txt"], ReadOptions(published=date(2024, 2, 2), outlet="Opt"))
    assert (article.published, article.outlet) == (date(2024, 2, 2), "Opt")


@pytest.mark.parametrize(
    ("data", "expected_ids"),
    [
        (b"date 2021-09-13 By Wire\n\nBy Ana Ruiz\n\n" + PARAGRAPH.encode(), ["stdin"]),
        (b'{"id": "in-1", "text": "Fiji and Tonga met."}\n{"text": "Samoa too."}\n', ["in-1", "stdin-2"]),
        (
            b"<rss version='2.0'><channel><title>Pacific</title>"
            b"<item><link>https://p.example/1</link><description>Palau and Nauru met.</description></item>"
            b"</channel></rss>",
            ["p.example-1"],
        ),
        (b"<!DOCTYPE html><html><body><p>Vanuatu and Kiribati signed a fisheries deal.</p></body></html>", ["stdin"]),
    ],
)
def test_standard_input_is_sniffed(monkeypatch, data, expected_ids):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    results = list(read_paths(["-"]))
    assert [article.article_id for article in results] == expected_ids
    assert all(article.origin.startswith("-") for article in results)


def test_standard_input_errors_name_it(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    [error] = read_paths(["-"])
    assert isinstance(error, EmptyInputError) and error.item == "-"


def test_standard_input_above_the_limit(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 101)))
    [error] = read_paths(["-"], ReadOptions(max_bytes=100))
    assert isinstance(error, TooLargeError)


def test_too_large_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:  # sparse: no disk space, no time
        stream.truncate(64 * 1024 * 1024 + 1)

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    [error] = read_paths([path])
    assert isinstance(error, TooLargeError)
    assert error.item == str(path) and "67,108,865 bytes" in error.reason and "not read" in error.reason


def test_a_50_megabyte_text_file_is_read(tmp_path):
    path = tmp_path / "long.txt"
    repeats = 50 * 1024 * 1024 // len(PARAGRAPH)
    path.write_text("Published: 2022-02-02\n\n" + PARAGRAPH * repeats)
    [article] = read_paths([path])
    assert isinstance(article, Article)
    assert article.published == date(2022, 2, 2)
    assert len(article.text) == len(PARAGRAPH) * repeats - 2  # only the final blank line is trimmed


def test_undecodable_text(tmp_path):
    path = tmp_path / "greek.txt"
    path.write_bytes("Οι υπουργοί συναντήθηκαν στην Αθήνα".encode("iso-8859-7"))
    [error] = read_paths([path])
    assert isinstance(error, DecodingError) and error.item == str(path)


def test_unknown_formats(tmp_path):
    (tmp_path / "notes").write_text("A file without an ending is read as text when it is text.")
    (tmp_path / "data.json").write_text('{\n  "id": "x",\n  "text": "Pretty-printed JSON."\n}\n')
    (tmp_path / "map.kml").write_text("<?xml version='1.0'?><kml><Placemark/></kml>")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)))
    results = by_file_name(read_paths([tmp_path]))
    assert isinstance(results["notes"], Article)
    assert isinstance(results["data.json"], UnknownFormatError) and "JSON Lines" in results["data.json"].reason
    assert isinstance(results["map.kml"], UnknownFormatError) and "XML" in results["map.kml"].reason
    assert isinstance(results["blob.bin"], BinaryInputError)


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text(PARAGRAPH)

    def permission_denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # chmod would not stop root, who runs CI here; a refused open is what matters.
    monkeypatch.setattr(Path, "open", permission_denied)
    [error] = read_paths([path])
    assert isinstance(error, UnreadableInputError)
    assert error.item == str(path) and error.reason == "cannot be read (Permission denied)"


def test_read_bytes_names_the_input():
    [article] = read_bytes(b'{"id": "u1", "text": "Upload."}', "upload.jsonl")
    assert article.origin == "upload.jsonl:1"
    [error] = read_bytes(b"\x00\x01", "upload.txt")
    assert isinstance(error, BinaryInputError) and error.item == "upload.txt"


def test_read_text_is_exported():
    assert read_text("By Ana Ruiz\n\nText.").author == "Ana Ruiz"


class StoryReader:
    """A reader an outside package might add: '.story' files, and .txt files that start with STORY."""

    name = "story"

    def accepts(self, path: Path, head: bytes) -> bool:
        return path.suffix == ".story" or (path.suffix == ".txt" and head.startswith(b"STORY"))

    def read(self, path, data, options):
        body = data.decode("utf-8").removeprefix("STORY").strip()
        if body == "fail":
            raise RuntimeError("the story reader\nbroke")
        yield Article(article_id=f"story-{path.stem}", text=body, origin=str(path))


class StoryPlugin:
    @hookimpl
    def accord_readers(self):
        return [StoryReader()]


@pytest.fixture
def story_plugin():
    manager = plugin_manager()
    manager.register(StoryPlugin(), name="test-story-plugin")
    yield
    manager.unregister(name="test-story-plugin")


def test_a_reader_registered_through_the_hook_is_used(story_plugin, tmp_path):
    assert [reader.name for reader in available_readers()] == ["story", "jsonl", "feed", "html", "text"]
    (tmp_path / "one.story").write_text("Malta and Libya talked.")
    (tmp_path / "two.txt").write_text("STORY Cyprus and Greece talked.")
    (tmp_path / "three.txt").write_text("Plain text stays with the built-in reader.")
    (tmp_path / "four.story").write_text("fail")
    (tmp_path / "five.story").write_text("Still read after the failure.")
    by_name = by_file_name(read_paths([tmp_path]))
    assert by_name["one.story"].article_id == "story-one"
    assert by_name["two.txt"].article_id == "story-two"  # the plugin comes before the text reader
    assert by_name["three.txt"].article_id == "three"
    failed = by_name["four.story"]
    assert type(failed) is InputError
    assert failed.reason == "the story reader failed (RuntimeError: the story reader broke)"
    assert by_name["five.story"].text == "Still read after the failure."


def test_the_plugin_is_gone_after_unregistering():
    assert "story" not in [reader.name for reader in available_readers()]
