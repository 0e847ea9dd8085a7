import json
from datetime import date
from pathlib import Path

import pytest

from accord.errors import BadDateError, EmptyInputError, InputError, MalformedRecordError
from accord.records import Article
from accord.read.base import ReadOptions
from accord.read.jsonl import JsonlReader, article_from_object


def read_all(path: Path, options: ReadOptions | None = None) -> list:
    return list(JsonlReader().read(path, path.read_bytes(), options or ReadOptions()))


def test_good_and_bad_lines(data):
    path = data / "articles.jsonl"
    results = read_all(path, ReadOptions(outlet="Fallback Outlet"))
    by_origin = {result.origin if isinstance(result, Article) else result.item: result for result in results}
    assert list(by_origin) == [f"{path}:{line}" for line in (1, 2, 4, 5, 6, 7, 8, 9, 10)]  # line 3 is blank

    first = by_origin[f"{path}:1"]
    assert (first.article_id, first.published, first.outlet, first.title, first.url) == (
        "jl-1", date(2022, 5, 9), "Steppe Wire", "Rail talks", "https://steppe.example/jl-1",
    )
    second = by_origin[f"{path}:2"]
    assert second.article_id == "2"  # numeric ids become strings
    assert second.published == date(2022, 5, 10)  # from "date", in its own time zone
    assert second.text == "Uruguay's foreign minister visited Asuncion.\nShe met her Paraguayan counterpart."
    assert second.outlet == "Fallback Outlet"
    assert by_origin[f"{path}:4"].article_id == "articles-4"
    assert by_origin[f"{path}:4"].published is None

    expected_errors = {
        5: (MalformedRecordError, "not valid JSON"),
        6: (MalformedRecordError, "a JSON array"),
        7: (MalformedRecordError, "no 'text' field"),
        8: (EmptyInputError, "'text' is empty"),
        9: (BadDateError, "'last Tuesday'"),
    }
    for line, (error_class, words) in expected_errors.items():
        error = by_origin[f"{path}:{line}"]
        assert type(error) is error_class, line
        assert words in error.reason and "\n" not in str(error)
    assert by_origin[f"{path}:10"].author == "Rina Sato"


@pytest.mark.parametrize("name", ["cameo_examples.jsonl", "petr2_gsr_valid.jsonl", "plover_gsr.jsonl"])
def test_gold_files_yield_one_article_per_line(shared, name):
    path = shared / "eval" / "external" / name
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = read_all(path)
    assert [type(result) for result in results] == [Article] * len(lines)
    assert [article.article_id for article in results] == [line["id"] for line in lines]
    for article, line in zip(results, lines):
        assert article.text == line["text"]
        assert article.published == (date.fromisoformat(line["date"]) if line["date"] else None)


@pytest.mark.parametrize(
    ("record", "error_class", "words"),
    [
        ({"text": 5}, MalformedRecordError, "'text' is a JSON number"),
        ({"text": "x", "title": ["a"]}, MalformedRecordError, "'title' is a JSON array"),
        ({"text": "x", "published": 20210913}, BadDateError, "20210913"),
        ("just a string", MalformedRecordError, "a JSON string"),
        ({"text": None}, MalformedRecordError, "a JSON null"),
    ],
)
def test_records_that_are_not_articles(record, error_class, words):
    with pytest.raises(error_class, match=words) as caught:
        article_from_object(record, fallback_id="f-1", item="f.jsonl:1", options=ReadOptions())
    assert caught.value.item == "f.jsonl:1"


def test_ids_that_are_not_ids_fall_back():
    for bad_id in (True, {"a": 1}, "  ", None):
        article = article_from_object({"id": bad_id, "text": "t"}, fallback_id="f-3", item="f:3", options=ReadOptions())
        assert article.article_id == "f-3"


def test_published_beats_date_and_options_fill_gaps():
    options = ReadOptions(published=date(1999, 1, 1), outlet="Opt")
    both = article_from_object(
        {"text": "t", "published": "2020-01-02", "date": "2021-01-01"}, fallback_id="x", item="x", options=options
    )
    assert both.published == date(2020, 1, 2)
    neither = article_from_object({"text": "t", "date": None}, fallback_id="x", item="x", options=options)
    assert (neither.published, neither.outlet) == (date(1999, 1, 1), "Opt")


def test_separators_inside_strings_do_not_split_lines(tmp_path):
    path = tmp_path / "sep.jsonl"
    path.write_text(json.dumps({"id": "s", "text": "one\u2028two"}, ensure_ascii=False) + "\n", encoding="utf-8")
    [article] = read_all(path)
    assert article.text == "one\u2028two"


def test_undecodable_file_is_one_error(tmp_path):
    path = tmp_path / "bin.jsonl"
    path.write_bytes(b'{"text": "a"}\n\x00\x01\x02')
    [error] = read_all(path)
    assert isinstance(error, InputError) and error.item == str(path)


def test_accepts():
    reader = JsonlReader()
    assert reader.accepts(Path("a.jsonl"), b"")
    assert reader.accepts(Path("a.ndjson"), b"")
    assert reader.accepts(Path("-"), b'{"text": "x"}\n')
    assert reader.accepts(Path("dump.json"), b'{"text": "x"}\n{"text": "y"}')
    assert not reader.accepts(Path("dump.json"), b'{\n  "text": "x"\n}')
    assert not reader.accepts(Path("a.txt"), b'{"text": "x"}\n')
