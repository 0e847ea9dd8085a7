"""JSON Lines: one record per line, exactly the records' model_dump(mode="json")."""

from __future__ import annotations

import io
import json

from accord.export import export
from accord.export.jsonl import JsonlExporter, write_jsonl
from accord.query import FactFilter
from accord.records import Event, Fact


def test_each_line_is_the_record_dump(sample_db, tmp_path):
    path = tmp_path / "events.jsonl"
    assert export(sample_db, "jsonl", path) == 8
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    events = sample_db.events().events
    assert lines == [event.model_dump(mode="json") for event in events]
    assert lines[1]["cameo"] == "057" and lines[1]["num_articles"] == 2
    assert [Event.model_validate(line) for line in lines] == events


def test_facts_follow_the_events_when_asked(sample_db, tmp_path):
    path = tmp_path / "with-facts.jsonl"
    assert export(sample_db, "jsonl", path, facts=FactFilter(countries=["AZE"])) == 9
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [line["type"] for line in lines] == ["event"] * 8 + ["fact"]
    assert Fact.model_validate(lines[-1]).countries == ["AZE", "TUR"]


def test_write_jsonl_keeps_non_ascii_text_readable(sample_db):
    out = io.StringIO()
    facts = sample_db.facts()
    facts[0].text = "Ticarət dövriyyəsi artdı."
    write_jsonl(facts[:1], out)
    assert "Ticarət dövriyyəsi" in out.getvalue()
    assert JsonlExporter.takes_facts
