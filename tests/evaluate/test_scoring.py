"""Scoring against gold: counts, sentence metrics and document gold, on hand-made items.

The gold items and coded articles here are made up for these tests; nothing is coded
by the pipeline, so the figures below follow from the scoring rules alone.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from accord.errors import EvalError
from accord.evaluate.scoring import (
    Counts,
    DocumentGold,
    SentenceGold,
    load_gold,
    score_document,
    score_sentences,
)
from tests.factories import ArticleBuilder

# -- Counts ------------------------------------------------------------------------------------------


def test_counts_add_sets():
    counts = Counts()
    counts.add({"04", "05"}, {"04", "11"})
    counts.add({"19"}, set())
    counts.add(set(), {"01"})
    assert (counts.tp, counts.fp, counts.fn) == (1, 2, 2)
    assert counts.precision == pytest.approx(1 / 3)
    assert counts.recall == pytest.approx(1 / 3)
    assert counts.f1 == pytest.approx(1 / 3)


def test_counts_f1_is_the_harmonic_mean():
    counts = Counts(tp=3, fp=1, fn=5)
    assert counts.precision == 0.75 and counts.recall == 0.375
    assert counts.f1 == pytest.approx(2 * 0.75 * 0.375 / (0.75 + 0.375))


def test_empty_counts_score_zero_not_an_error():
    assert (Counts().precision, Counts().recall, Counts().f1) == (0.0, 0.0, 0.0)
    assert Counts(fp=2).f1 == 0.0


def test_counts_as_dict_rounds():
    assert Counts(tp=1, fp=2, fn=0).as_dict() == {"tp": 1, "fp": 2, "fn": 0, "precision": 0.3333, "recall": 1.0, "f1": 0.5}


# -- sentence gold ---------------------------------------------------------------------------------------


def gold(item_id: str, dataset: str, events: list[dict], no_events: bool = False) -> SentenceGold:
    return SentenceGold(id=item_id, text="(invented)", published=date(2021, 9, 15), dataset=dataset, events=events, no_events=no_events)


def coded(item_id: str, *events: tuple) -> object:
    """A coded article with events given as (code, source, target[, reciprocal])."""
    builder = ArticleBuilder(item_id, ["An invented sentence."])
    for code, source, target, *rest in events:
        builder.event(code, source, target, reciprocal=bool(rest and rest[0]))
    return builder.build()


@pytest.fixture(scope="module")
def report():
    items = [
        gold("s1", "alpha", [{"source": ["KENGOV"], "target": ["UGA"], "cameo": "042", "plover": "CONSULT"}]),
        gold("s2", "alpha", [{"source": ["KEN", "TZA"], "target": ["UGA"], "cameo": "111"}]),
        gold("s3", "beta", [{"source": ["RUS"], "target": ["UKR"], "cameo": None, "plover": "ASSAULT"}]),
        gold("s4", "beta", [], no_events=True),
        gold("s5", "beta", [], no_events=True),
        gold("s6", "alpha", [{"source": None, "target": None, "cameo": "057"}]),
    ]
    articles = {
        "s1": coded("s1", ("042", "KENGOV", "UGA")),
        "s2": coded("s2", ("112", "KEN", "UGA")),
        "s3": coded("s3", ("195", "RUS", "UKR"), ("042", "RUS", "UKR")),
        "s4": coded("s4"),
        "s5": coded("s5", ("040", "AZE", "TUR")),
        # s6 was not coded at all: it counts as coded with no events
    }
    return score_sentences(items, articles)


def test_root_f1_over_items(report):
    # s1 04 hit, s2 11 hit (112 for gold 111), s3 ASSAULT hit and CONSULT extra,
    # s5 04 extra, s6 05 missed
    assert (report.root.tp, report.root.fp, report.root.fn) == (3, 2, 1)
    assert report.root.f1 == pytest.approx(2 * 0.6 * 0.75 / 1.35)
    assert report.items == 6


def test_dyad_root_expands_gold_actors_and_skips_unannotated_items(report):
    # s1 (KEN, UGA, 04) hit; s2 (KEN, UGA, 11) hit and (TZA, UGA, 11) missed;
    # s3 (RUS, UKR, ASSAULT) hit and (RUS, UKR, CONSULT) extra; s4, s5, s6 not scored
    assert (report.dyad_root.tp, report.dyad_root.fp, report.dyad_root.fn) == (3, 1, 1)


def test_plover_only_gold_is_compared_through_the_table(report):
    assert report.by_root["ASSAULT"].tp == 1
    assert report.by_root["CONSULT"].fp == 1
    assert "19" not in report.by_root


def test_code_accuracy_counts_gold_events_with_a_cameo_code(report):
    assert (report.code_hits, report.code_total) == (1, 3)
    assert report.code_accuracy == pytest.approx(1 / 3)


def test_no_event_precision(report):
    assert (report.no_event_clean, report.no_event_items) == (1, 2)
    assert report.no_event_precision == 0.5


def test_per_dataset(report):
    assert sorted(report.by_dataset) == ["alpha", "beta"]
    alpha, beta = report.by_dataset["alpha"], report.by_dataset["beta"]
    assert alpha.items == 3 and beta.items == 3
    assert (alpha.root.tp, alpha.root.fp, alpha.root.fn) == (2, 0, 1)
    assert (beta.root.tp, beta.root.fp, beta.root.fn) == (1, 2, 0)
    assert (alpha.code_hits, alpha.code_total) == (1, 3)
    assert beta.code_total == 0 and beta.no_event_items == 2
    assert alpha.root.tp + beta.root.tp == report.root.tp


def test_per_root_and_confusion(report):
    assert (report.by_root["04"].tp, report.by_root["04"].fp) == (1, 1)
    assert report.by_root["05"].fn == 1
    assert report.confusion[("11", "11")] == 1
    assert report.confusion[("ASSAULT", "CONSULT")] == 1
    assert report.confusion[("05", "none")] == 1


def test_as_dict_has_summary_datasets_roots_confusion_and_details(report):
    out = report.as_dict()
    assert out["items"] == 6
    assert out["root"]["tp"] == 3 and out["dyad_root"]["fn"] == 1
    assert out["code_accuracy"] == 0.3333 and out["no_event_precision"] == 0.5
    assert set(out["datasets"]) == {"alpha", "beta"}
    assert out["datasets"]["alpha"]["items"] == 3
    assert "ASSAULT" in out["per_root"]
    assert {"gold": "ASSAULT", "coded": "CONSULT", "count": 1} in out["confusion"]
    details = {d["id"]: d for d in out["items_detail"]}
    assert details["s2"]["gold_codes"] == ["111"] and details["s2"]["codes"] == ["112"]
    assert details["s3"]["coded"] == ["ASSAULT", "CONSULT"]
    json.dumps(out)  # the CLI writes it as JSON


def test_a_reciprocal_coded_event_matches_either_order():
    items = [gold("r1", "x", [{"source": ["ARM"], "target": ["AZE"], "cameo": "040"}])]
    result = score_sentences(items, {"r1": coded("r1", ("040", "AZE", "ARM", True))})
    assert result.dyad_root.tp == 1
    one_way = score_sentences(items, {"r1": coded("r1", ("040", "AZE", "ARM", False))})
    assert (one_way.dyad_root.tp, one_way.dyad_root.fn) == (0, 1)


def test_codes_of_an_events_mentions_count_too():
    builder = ArticleBuilder("m1", ["One sentence.", "Another one."])
    event = builder.event("042", "KEN", "UGA")
    event.mentions[0].cameo = "043"
    items = [gold("m1", "x", [{"source": ["UGA"], "target": ["KEN"], "cameo": "043"}])]
    result = score_sentences(items, {"m1": builder.build()})
    assert (result.code_hits, result.code_total) == (1, 1)


# -- loading gold ---------------------------------------------------------------------------------------------


def test_load_sentence_gold(tmp_path):
    path = tmp_path / "mine.jsonl"
    rows = [
        {"id": "a", "text": "Kenya met Uganda.", "date": "2021-09-15", "events": [{"source": ["KEN"], "target": ["UGA"], "cameo": "040"}]},
        {"id": "b", "text": "It rained.", "date": None, "dataset": "weather", "events": [], "no_events": True},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    a, b = load_gold(path)
    assert (a.id, a.dataset, a.published, a.no_events) == ("a", "mine", date(2021, 9, 15), False)
    assert (b.dataset, b.published, b.no_events) == ("weather", None, True)
    article = a.article()
    assert (article.article_id, article.text, article.published, article.origin) == ("a", "Kenya met Uganda.", date(2021, 9, 15), "mine")


def test_a_bad_sentence_gold_line_is_named(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "x"}) + "\n" + json.dumps({"text": "no id"}) + "\n", encoding="utf-8")
    with pytest.raises(EvalError) as info:
        load_gold(path)
    assert info.value.item == f"{path}:2"


@pytest.mark.parametrize("content", ["{not json", ""])
def test_unreadable_gold_is_an_eval_error(tmp_path, content):
    path = tmp_path / "x.gold.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvalError) as info:
        load_gold(path)
    assert info.value.item == str(path)


def test_missing_gold_file(tmp_path):
    with pytest.raises(EvalError):
        load_gold(tmp_path / "nowhere.jsonl")


def test_document_gold_needs_id_file_and_events(tmp_path):
    path = tmp_path / "doc.gold.json"
    path.write_text(json.dumps({"id": "doc", "events": []}), encoding="utf-8")
    with pytest.raises(EvalError, match="'file'"):
        load_gold(path)


def test_document_gold_finds_its_article_beside_it(tmp_path):
    folder = tmp_path / "gold"
    folder.mkdir()
    path = folder / "doc.gold.json"
    path.write_text(json.dumps({"id": "doc", "file": "../doc.txt", "events": []}), encoding="utf-8")
    loaded = load_gold(path)
    assert isinstance(loaded, DocumentGold)
    assert loaded.id == "doc"
    assert loaded.article_path().resolve() == (tmp_path / "doc.txt").resolve()


# -- document gold --------------------------------------------------------------------------------------------

DOCUMENT = {
    "id": "invented-1",
    "file": "invented-1.txt",
    "events": [
        {"id": "E1", "source": "AZE", "target": "TUR", "reciprocal": True, "cameo": "040", "accept_root": ["04"], "date": "2021-09-12", "accept_dates": ["2021-09-13"]},
        {"id": "E2", "source": "TUR", "target": "AZE", "cameo": "051", "date": "2021-09-12"},
        {"id": "E3", "source": "ARM", "target": "AZE", "cameo": "111", "accept_root": ["11", "12"], "date": None},
        {"id": "E4", "source": "AZE", "target": "GEO", "cameo": "057", "date": "2021-09-10"},
    ],
    "optional_events": [{"id": "O1", "source": "AZE", "target": None, "accept_root": ["01"]}],
    "actors": [
        {"name": "Leyla Mammadova", "code": "AZEGOV"},
        {"name": "Emre Aydin", "code": "TURMIL", "alt_codes": ["TURGOV"]},
        {"name": "Nobody Named", "code": "GEOGOV"},
    ],
    "facts": [
        {"id": "F1", "indicator": "trade_turnover", "countries": ["AZE", "TUR"], "value": 2500000000, "currency": "USD", "period_start": "2021-01-01", "period_end": "2021-06-30", "kind": "actual"},
        {"id": "F2", "indicator": "investment", "countries": ["TUR", "AZE"], "value": 100000000, "currency": "USD", "period_start": None, "period_end": None, "kind": "target"},
    ],
}


@pytest.fixture(scope="module")
def scored():
    builder = ArticleBuilder("invented-1", ["First.", "Second.", "Third.", "Fourth."])
    builder.event("040", "TURGOV", "AZEGOV", reciprocal=True, date="2021-09-13", source_name="Emre Aydin", source_role="Minister",
                  target_name="Leyla Mammadova", target_role="Foreign Minister")  # fmt: skip
    builder.event("051", "TUR", "AZE", sentence=1, date="2021-09-15", date_source="publication")
    builder.event("122", "ARM", "AZE", sentence=2, date=None)  # E3 through its second accepted root
    builder.event("010", "AZE", None, sentence=2)  # optional: neither found nor false
    builder.event("190", "AZE", "ARM", sentence=3)  # false positive
    builder.fact("trade_turnover", ["TUR", "AZE"], 2.51e9, period_start=date(2021, 1, 1), period_end=date(2021, 6, 30))
    builder.fact("investment", ["AZE", "TUR"], 1e8, kind="actual")  # wrong kind: extra, not found
    return score_document(DocumentGold(Path("gold/invented-1.gold.json"), DOCUMENT), builder.build())


def test_document_expected_events_found_and_missed(scored):
    assert scored["id"] == "invented-1"
    assert scored["expected"] == 4
    assert scored["found"] == ["E1", "E2", "E3"]
    assert scored["missed"] == ["E4"]


def test_document_false_positives_skip_optional_events(scored):
    assert scored["false_positives"] == [{"cameo": "190", "source": "AZE", "target": "ARM", "sentence": 3, "trigger": None}]


def test_document_dates_are_scored_for_found_events_with_a_gold_date(scored):
    assert (scored["dates_right"], scored["dates_scored"]) == (1, 2)  # E1 via accept_dates; E2 misdated
    assert scored["misdated"] == [{"id": "E2", "want": "2021-09-12", "got": ["2021-09-15"]}]


def test_document_people(scored):
    people = scored["people"]
    assert people["Leyla Mammadova"] == {"on_events": True, "code_right": True, "roles": ["Foreign Minister"]}
    assert people["Emre Aydin"] == {"on_events": True, "code_right": True, "roles": ["Minister"]}  # an alt code
    assert people["Nobody Named"] == {"on_events": False, "code_right": False, "roles": []}


def test_document_facts(scored):
    assert scored["facts_expected"] == 2
    assert scored["facts_found"] == ["F1"]  # value within 1%, countries in any order
    assert scored["facts_extra"] == [{"indicator": "investment", "countries": ["AZE", "TUR"], "value": 1e8, "kind": "actual"}]


def test_document_fact_outside_one_percent_is_not_found():
    builder = ArticleBuilder("invented-1", ["First."])
    builder.fact("trade_turnover", ["AZE", "TUR"], 2.6e9, period_start=date(2021, 1, 1), period_end=date(2021, 6, 30))
    result = score_document(DocumentGold(Path("x.gold.json"), DOCUMENT), builder.build())
    assert result["facts_found"] == [] and len(result["facts_extra"]) == 1


def test_document_with_nothing_coded():
    result = score_document(DocumentGold(Path("x.gold.json"), DOCUMENT), ArticleBuilder("invented-1", ["First."]).build())
    assert result["found"] == [] and result["false_positives"] == []
    assert result["missed"] == ["E1", "E2", "E3", "E4"]
    assert (result["dates_right"], result["dates_scored"]) == (0, 0)
