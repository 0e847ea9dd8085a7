"""The invented sample corpus and the gold-annotated test articles are well formed.

These files are data, written by hand; the checks here catch slips a reviewer would
miss: a broken line of JSON, a duplicate id, a gold excerpt that is not in its article,
a CAMEO code that does not exist, a weekday that does not resolve to the stated date.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "src" / "accord" / "sample" / "invented-corpus.jsonl"
ARTICLES = ROOT / "tests" / "data" / "articles"
GOLD = ARTICLES / "gold"
CAMEO = ROOT / "src" / "accord" / "ontology" / "data" / "cameo.csv"

CORPUS_KEYS = {"id", "title", "published", "outlet", "url", "invented", "text"}
HEADER = re.compile(r"^ date (\d{4}-\d{2}-\d{2}) By (.+)$")
COUNTRY = re.compile(r"^(?:[A-Z]{3})$")
DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
KINDS = {"actual", "target", "forecast", "pledge"}


def _corpus() -> list[dict]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _cameo_codes() -> set[str]:
    with CAMEO.open(encoding="utf-8") as fh:
        return {row["code"] for row in csv.DictReader(fh)}


def _golds() -> list[Path]:
    return sorted(GOLD.glob("*.gold.json"))


# --- sample corpus -------------------------------------------------------------------


def test_corpus_lines_are_json_objects_with_the_agreed_keys():
    for number, line in enumerate(CORPUS.read_text(encoding="utf-8").splitlines(), 1):
        record = json.loads(line)
        assert set(record) == CORPUS_KEYS, f"line {number}: {sorted(set(record) ^ CORPUS_KEYS)}"


def test_corpus_is_large_enough_and_ids_are_unique_and_ordered():
    records = _corpus()
    ids = [r["id"] for r in records]
    assert len(records) >= 48
    assert len(set(ids)) == len(ids)
    assert ids == [f"inv-{n:04d}" for n in range(1, len(ids) + 1)]


def test_every_corpus_article_is_marked_invented():
    for r in _corpus():
        assert r["invented"] is True, r["id"]
        assert "invented" in r["outlet"].lower(), r["id"]
        assert r["url"] == f"https://example.invalid/sample/{r['id']}", r["id"]


def test_corpus_articles_are_short_news_texts_with_paragraphs():
    for r in _corpus():
        words = len(r["text"].split())
        assert 120 <= words <= 350, (r["id"], words)
        assert "\n\n" in r["text"], r["id"]
        assert r["text"] == r["text"].strip(), r["id"]
        assert r["title"].strip() and "\n" not in r["title"], r["id"]
        date.fromisoformat(r["published"])


def test_corpus_spans_the_years_and_no_text_is_repeated():
    records = _corpus()
    years = {r["published"][:4] for r in records}
    assert {str(y) for y in range(2018, 2026)} <= years
    texts = [r["text"] for r in records]
    assert len(set(texts)) == len(texts)


def test_test_articles_are_not_in_the_sample_corpus():
    corpus_text = "\n".join(r["text"] for r in _corpus())
    for path in sorted(ARTICLES.glob("*.txt")):
        first = path.read_text(encoding="utf-8").split("\n\n")[-1]
        assert first not in corpus_text, path.name


# --- test articles and their gold ------------------------------------------------------


def test_every_article_has_a_gold_file_and_back():
    stems = {p.stem for p in ARTICLES.glob("*.txt")}
    golds = {p.name.removesuffix(".gold.json") for p in _golds()}
    assert len(stems) >= 16
    assert stems == golds


@pytest.mark.parametrize("path", sorted(ARTICLES.glob("*.txt")), ids=lambda p: p.stem)
def test_article_layout_matches_its_gold_metadata(path: Path):
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    match = HEADER.match(lines[0])
    assert match, lines[0]
    gold = json.loads((GOLD / f"{path.stem}.gold.json").read_text(encoding="utf-8"))
    # "file" is relative to the gold file, as in the seed gold; ours sit one folder down
    assert gold["id"] == path.stem and gold["file"] == f"../{path.name}"
    assert gold["article"]["published"] == match.group(1)
    assert gold["article"]["outlet"] == match.group(2)
    byline = next(line for line in lines[1:] if line.strip())
    assert byline == f"By {gold['article']['author']}"


def _pieces(excerpt: str) -> list[str]:
    """The parts of a gold excerpt that must occur in the article, in order."""
    excerpt = re.sub(r"\s*\([^)]*\)\s*$", "", excerpt)  # trailing "(Egypt)" style notes
    return [p.strip() for p in excerpt.split("...") if p.strip()]


def _weekday_dates(text: str, published: date) -> dict[str, date]:
    names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    out = {}
    for name in names:
        delta = (published.weekday() - names.index(name)) % 7
        out[name] = date.fromordinal(published.toordinal() - delta)
    return out


@pytest.mark.parametrize("path", _golds(), ids=lambda p: p.name.removesuffix(".gold.json"))
def test_gold_is_consistent(path: Path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    article = (path.parent / gold["file"]).read_text(encoding="utf-8")
    body = " ".join(article.split())
    codes = _cameo_codes()
    published = date.fromisoformat(gold["article"]["published"])
    weekdays = _weekday_dates(article, published)

    for actor in gold["actors"]:
        assert actor["name"] in article or actor["name"].split()[-1] in article, actor
        assert re.match(r"^(?:[A-Z]{3})(?:[A-Z]{3})?$", actor["code"]), actor

    expected_ids = []
    for group in ("events", "optional_events"):
        for event in gold[group]:
            expected_ids.append(event["id"])
            position = 0
            for piece in _pieces(event["text"]):
                found = body.find(piece, position)
                assert found >= 0, (event["id"], piece)
                position = found + len(piece)
            for side in ("source", "target"):
                assert event[side] is None or COUNTRY.match(event[side]), (event["id"], side)
            assert event["accept_root"] and all(len(r) == 2 and r in codes for r in event["accept_root"])
            if group == "events":
                assert event["cameo"] in codes, event["id"]
                assert event["cameo"][:2] in event["accept_root"], event["id"]
                assert isinstance(event["reciprocal"], bool)
                value = event["date"]
                if value is not None:
                    assert DATE.match(value), event["id"]
                    precision = event.get("date_precision", "day")
                    assert {4: "year", 7: "month", 10: "day"}[len(value)] == precision, event["id"]
                    assert value <= gold["article"]["published"], event["id"]
                for other in event.get("accept_dates", []):
                    assert DATE.match(other) and len(other) == len(value), event["id"]
                # an event dated by a weekday in its excerpt resolves to the last such day
                for name, day in weekdays.items():
                    if f"on {name}" in event["text"] and value is not None and len(value) == 10:
                        assert value == day.isoformat(), (event["id"], name, value)
    assert len(expected_ids) == len(set(expected_ids)), "duplicate event ids"

    scored = {(e["source"], e["target"], r) for e in gold["events"] for r in e["accept_root"]}
    scored |= {(e["target"], e["source"], r) for e in gold["events"] if e["reciprocal"] for r in e["accept_root"]}
    scored |= {(e["source"], e["target"], r) for e in gold["optional_events"] for r in e["accept_root"]}
    for banned in gold.get("not_events", []):
        for piece in _pieces(banned["text"]):
            assert piece in body, banned
        for root in banned["roots"]:
            assert (banned["source"], banned["target"], root) not in scored, banned

    for sentence in gold.get("no_event_sentences", []):
        assert sentence in body, sentence

    ids = [f["id"] for f in gold["facts"] + gold.get("optional_facts", [])]
    assert len(ids) == len(set(ids))
    for fact in gold["facts"] + gold.get("optional_facts", []):
        assert fact["kind"] in KINDS, fact["id"]
        assert ("currency" in fact) != ("unit" in fact), fact["id"]
        assert all(COUNTRY.match(c) for c in fact["countries"]), fact["id"]
        assert isinstance(fact["value"], (int, float)), fact["id"]
        for key in ("period_start", "period_end"):
            if fact[key] is not None:
                date.fromisoformat(fact[key])
        if fact["period_start"] and fact["period_end"]:
            assert fact["period_start"] <= fact["period_end"], fact["id"]
