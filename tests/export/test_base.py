"""Running an export: format lookup, filters, limits, and never half a file."""

from __future__ import annotations

import functools

import pytest

from accord.errors import ConfigError, ExportError
from accord.export import ExportOptions, export, exporter
from accord.export.base import write_atomically
from accord.query import EventFilter, FactFilter


def test_an_unknown_format_names_the_known_ones(sample_db, tmp_path):
    with pytest.raises(ConfigError, match="gdelt, jsonl, parquet"):
        export(sample_db, "xml", tmp_path / "out.xml")
    with pytest.raises(ConfigError):
        exporter("xml")


def test_the_filter_and_the_limit_apply(sample_db, tmp_path):
    path = tmp_path / "aze.jsonl"
    assert export(sample_db, "jsonl", path, EventFilter(country="AZE")) == 5
    assert export(sample_db, "jsonl", path, EventFilter(country="AZE"), limit=2) == 2
    assert len(path.read_text().splitlines()) == 2


def test_facts_are_only_for_formats_that_hold_them(sample_db, tmp_path):
    with pytest.raises(ExportError, match="events only"):
        export(sample_db, "gdelt", tmp_path / "out.tsv", facts=FactFilter())
    assert not (tmp_path / "out.tsv").exists()


def test_a_missing_folder_is_an_export_error(sample_db, tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        export(sample_db, "csv", tmp_path / "nowhere" / "out.csv")


class BreaksHalfWay:
    name = "broken"
    suffix = ".txt"
    takes_facts = False

    def __init__(self, error: Exception):
        self.error = error

    def write(self, records, path, options):
        with open(path, "w") as out:
            for count, record in enumerate(records):
                out.write(record.event_id + "\n")
                if count == 2:
                    raise self.error
        return count


@pytest.mark.parametrize(
    ("error", "raised"),
    [(OSError(28, "No space left on device"), ExportError), (RuntimeError("a bug"), RuntimeError)],
)
def test_a_failed_export_leaves_no_file_and_keeps_an_old_one(sample_db, tmp_path, error, raised):
    path = tmp_path / "out.txt"
    path.write_text("the previous export\n")
    with pytest.raises(raised):
        write_atomically(BreaksHalfWay(error), sample_db.iter_events(), path, ExportOptions())
    assert path.read_text() == "the previous export\n"
    assert list(tmp_path.iterdir()) == [path]


def test_an_export_error_names_the_file_and_the_reason(sample_db, tmp_path):
    path = tmp_path / "out.txt"
    with pytest.raises(ExportError) as caught:
        write_atomically(
            BreaksHalfWay(OSError(28, "No space left on device")), sample_db.iter_events(), path, ExportOptions()
        )
    assert str(path) in str(caught.value)
    assert "No space left on device" in str(caught.value)


def test_the_limit_holds_across_pages(sample_db, tmp_path, monkeypatch):
    pages_of_three = functools.partial(type(sample_db).iter_pages, sample_db, batch=3)
    monkeypatch.setattr(sample_db, "iter_pages", pages_of_three)
    path = tmp_path / "five.jsonl"
    assert export(sample_db, "jsonl", path, limit=5) == 5
    assert export(sample_db, "gdelt", path, limit=6) == 6
    # every page's articles were looked up: the last row's article is known
    assert path.read_text().splitlines()[-1].split("\t")[-1] == "https://news.example/steppe-3"
