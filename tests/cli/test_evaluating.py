"""`accord eval` through typer's CliRunner: the seed gold and the external sentence gold
(read from ../shared, skipped when absent), our own gold, and bad gold files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.main import app

runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]
SHARED_EVAL = REPO.parent / "shared" / "eval"
SEED = sorted((SHARED_EVAL / "seed").glob("*.gold.json"))
EXTERNAL = sorted((SHARED_EVAL / "external").glob("*.jsonl"))
TEAM_GOLD = REPO / "tests" / "data" / "articles" / "gold"


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def evaluate(tmp_path: Path, *gold: Path) -> dict:
    out = tmp_path / "report.json"
    result = run("eval", *map(str, gold), "--json", str(out))
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


# -- the seed article ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory) -> dict:
    if not SEED:
        pytest.skip(f"the seed gold is not at {SHARED_EVAL / 'seed'}")
    return evaluate(tmp_path_factory.mktemp("seed"), *SEED)


def test_seed_all_expected_events_and_no_false_positives(seed_report):
    (doc,) = seed_report["documents"]
    assert doc["expected"] == 12
    assert len(doc["found"]) == 12 and doc["missed"] == []
    assert doc["false_positives"] == []


def test_seed_dates(seed_report):
    (doc,) = seed_report["documents"]
    assert (doc["dates_right"], doc["dates_scored"]) == (7, 7)
    assert doc["misdated"] == []


def test_seed_facts(seed_report):
    (doc,) = seed_report["documents"]
    assert doc["facts_expected"] == 3
    assert len(doc["facts_found"]) == 3
    assert doc["facts_extra"] == []


def test_seed_five_named_people_on_events_with_the_right_codes(seed_report):
    gold = json.loads(SEED[0].read_text(encoding="utf-8"))
    names = {actor["name"] for actor in gold["actors"]}
    (doc,) = seed_report["documents"]
    assert len(names) == 5 and set(doc["people"]) == names
    for name, person in doc["people"].items():
        assert person["on_events"], name
        assert person["code_right"], name
        assert person["roles"], name


def test_seed_report_names_the_coder_and_no_sentence_gold(seed_report):
    assert seed_report["coder"].startswith("en_core_web_sm")
    assert "accord.events.v1" in seed_report["coder"]
    assert seed_report["sentences"] is None
    assert seed_report["seconds"] >= 0


def test_seed_summary_is_printed(tmp_path):
    if not SEED:
        pytest.skip("no seed gold")
    result = run("eval", *map(str, SEED))
    assert result.exit_code == 0
    assert "12/12 expected events found" in result.stdout
    assert "0 false positives" in result.stdout


# -- external sentence gold ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def external_report(tmp_path_factory) -> dict:
    if not EXTERNAL:
        pytest.skip(f"the external gold is not at {SHARED_EVAL / 'external'}")
    return evaluate(tmp_path_factory.mktemp("external"), *EXTERNAL)


def test_external_report_has_every_dataset(external_report):
    sentences = external_report["sentences"]
    lines = sum(1 for path in EXTERNAL for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    assert sentences["items"] == lines
    datasets = {json.loads(line).get("dataset") or path.stem for path in EXTERNAL for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert set(sentences["datasets"]) == datasets
    for name, sub in sentences["datasets"].items():
        assert {"items", "root", "dyad_root", "code_accuracy", "code_total", "no_event_precision", "no_event_items"} <= set(sub), name
        assert sub["items"] > 0
    assert sum(sub["items"] for sub in sentences["datasets"].values()) == sentences["items"]


def test_external_figures_are_in_sane_ranges(external_report):
    sentences = external_report["sentences"]
    for key in ("root", "dyad_root"):
        counts = sentences[key]
        assert 0.0 <= counts["precision"] <= 1.0 and 0.0 <= counts["recall"] <= 1.0
        assert 0.0 < counts["f1"] <= 1.0
        assert counts["tp"] + counts["fn"] > 0
    assert 0.0 < sentences["code_accuracy"] <= 1.0
    assert 0.0 <= sentences["no_event_precision"] <= 1.0
    assert sentences["per_root"] and sentences["confusion"]
    assert len(sentences["items_detail"]) == sentences["items"]


# -- our own gold -------------------------------------------------------------------------------------------------


def test_eval_on_our_own_sentence_gold(tmp_path):
    gold = tmp_path / "mine.jsonl"
    rows = [
        {"id": "k1", "text": "Kenya and Uganda signed a trade agreement on Monday.", "date": "2021-09-15",
         "events": [{"source": ["KEN"], "target": ["UGA"], "cameo": "057"}]},
        {"id": "k2", "text": "The weather in Nairobi was mild.", "date": "2021-09-15", "events": [], "no_events": True},
    ]  # fmt: skip
    gold.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    report = evaluate(tmp_path, gold)["sentences"]
    assert report["items"] == 2
    assert report["root"]["tp"] == 1 and report["root"]["fn"] == 0
    assert report["dyad_root"]["tp"] == 1
    assert report["code_accuracy"] == 1.0
    assert report["no_event_precision"] == 1.0
    assert set(report["datasets"]) == {"mine"}


def test_eval_prints_tables(tmp_path):
    gold = tmp_path / "tiny.jsonl"
    gold.write_text(json.dumps({"id": "t", "text": "Greece and Bulgaria held talks on Monday.", "date": "2021-09-15",
                                "events": [{"source": ["GRC"], "target": ["BGR"], "cameo": "040"}]}), encoding="utf-8")  # fmt: skip
    result = run("eval", str(gold))
    assert result.exit_code == 0, result.output
    for heading in ("Sentence gold", "root F1", "dyad+root F1", "Per root", "Root confusion"):
        assert heading in result.stdout
    assert "Root confusion" not in run("eval", str(gold), "--no-confusion").stdout


def test_eval_on_a_team_article_gold(tmp_path):
    path = TEAM_GOLD / "caspian-ledger-2022-07-20.gold.json"
    gold = json.loads(path.read_text(encoding="utf-8"))
    (doc,) = evaluate(tmp_path, path)["documents"]
    assert doc["id"] == gold["id"]
    assert doc["expected"] == len(gold["events"])
    assert sorted(doc["found"] + doc["missed"]) == sorted(e["id"] for e in gold["events"])
    assert doc["facts_expected"] == len(gold.get("facts") or [])


def test_bad_gold_is_an_error_exit_2(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "no id"}\n', encoding="utf-8")
    result = run("eval", str(bad))
    assert result.exit_code == 2
    assert "bad.jsonl:1" in result.stderr


def test_a_document_gold_without_its_article_is_reported(tmp_path):
    gold = tmp_path / "lost.gold.json"
    gold.write_text(json.dumps({"id": "lost", "file": "lost.txt", "events": []}), encoding="utf-8")
    result = run("eval", str(gold))
    assert result.exit_code == 0
    assert "lost.txt" in result.stderr and "cannot be read" in result.stderr
