"""Scoring coded output against gold: the metrics of the evaluation README.

Two kinds of gold are read:

* sentence gold, one JSON object a line (``id``, ``text``, ``date``, ``dataset``,
  ``events`` with ``source``/``target`` actor code lists, ``cameo`` and/or ``plover``,
  ``no_events``): scored per item with root F1, dyad+root F1, full-code accuracy and
  no-event precision, micro-averaged over items, per dataset and per root;
* document gold (``*.gold.json``, the seed's form): expected and optional events,
  actors and facts of one article, scored by the rule in its ``scoring`` field.

PLOVER-only gold is compared through the CAMEO-to-PLOVER table: coded CAMEO codes are
mapped to their PLOVER event, and roots are compared as PLOVER categories.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..ontology.cameo import cameo_codes
from ..records import Article, CodedArticle, Event, Fact

__all__ = [
    "SentenceGold",
    "DocumentGold",
    "load_gold",
    "Counts",
    "SentenceReport",
    "score_sentences",
    "score_document",
]


# ---------------------------------------------------------------- gold


@dataclass
class SentenceGold:
    id: str
    text: str
    published: date | None
    dataset: str
    events: list[dict[str, Any]]
    no_events: bool

    def article(self) -> Article:
        return Article(article_id=self.id, text=self.text, published=self.published, origin=self.dataset)


@dataclass
class DocumentGold:
    path: Path
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return self.data["id"]

    def article_path(self) -> Path:
        return self.path.parent / self.data["file"]


def load_gold(path: Path) -> list[SentenceGold] | DocumentGold:
    """Read a gold file: ``*.gold.json`` is document gold, anything else JSON Lines."""
    path = Path(path)
    try:
        if path.name.endswith(".json") and not path.name.endswith(".jsonl"):
            data = json.loads(path.read_text(encoding="utf-8"))
            for key in ("id", "file", "events"):
                if key not in data:
                    raise EvalError(f"document gold lacks {key!r}", item=str(path))
            return DocumentGold(path, data)
        items = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            try:
                items.append(
                    SentenceGold(
                        id=row["id"],
                        text=row["text"],
                        published=date.fromisoformat(row["date"]) if row.get("date") else None,
                        dataset=row.get("dataset") or path.stem,
                        events=row.get("events") or [],
                        no_events=bool(row.get("no_events")),
                    )
                )
            except (KeyError, ValueError) as exc:
                raise EvalError(f"bad gold item: {exc}", item=f"{path}:{n}") from exc
        return items
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read gold: {exc}", item=str(path)) from exc


# ---------------------------------------------------------------- counting


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set, coded: set) -> None:
        self.tp += len(gold & coded)
        self.fp += len(coded - gold)
        self.fn += len(gold - coded)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def _plover_of(code: str) -> str | None:
    info = cameo_codes().get(code)
    return info.plover if info else None


def _country(code: str | None) -> str | None:
    return code[:3] if code else None


def _coded_codes(event: Event) -> set[str]:
    codes = {event.cameo}
    codes.update(m.cameo for m in event.mentions if m.cameo)
    return codes


def _actor_country(ref) -> str | None:
    if ref is None:
        return None
    return ref.country or _country(ref.code)


def _coded_pairs(event: Event) -> set[tuple[str | None, str | None]]:
    """The (source, target) country pairs an event and its mentions assert."""
    pairs = {(_actor_country(event.source), _actor_country(event.target))}
    for m in event.mentions:
        if m.source is not None or m.target is not None:
            pairs.add((_actor_country(m.source), _actor_country(m.target)))
    if event.reciprocal:
        pairs |= {(b, a) for a, b in pairs}
    return pairs


@dataclass
class SentenceReport:
    root: Counts = field(default_factory=Counts)
    dyad_root: Counts = field(default_factory=Counts)
    code_hits: int = 0
    code_total: int = 0
    no_event_items: int = 0
    no_event_clean: int = 0
    items: int = 0
    by_dataset: dict[str, SentenceReport] = field(default_factory=dict)
    by_root: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    confusion: Counter = field(default_factory=Counter)
    details: list[dict[str, Any]] = field(default_factory=list)

    @property
    def code_accuracy(self) -> float:
        return self.code_hits / self.code_total if self.code_total else 0.0

    @property
    def no_event_precision(self) -> float:
        return self.no_event_clean / self.no_event_items if self.no_event_items else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "root": self.root.as_dict(),
            "dyad_root": self.dyad_root.as_dict(),
            "code_accuracy": round(self.code_accuracy, 4),
            "code_total": self.code_total,
            "no_event_precision": round(self.no_event_precision, 4),
            "no_event_items": self.no_event_items,
        }

    def as_dict(self) -> dict[str, Any]:
        out = self.summary()
        out["datasets"] = {name: sub.summary() for name, sub in sorted(self.by_dataset.items())}
        out["per_root"] = {root: c.as_dict() for root, c in sorted(self.by_root.items())}
        out["confusion"] = [{"gold": g, "coded": c, "count": n} for (g, c), n in sorted(self.confusion.items())]
        out["items_detail"] = self.details
        return out


def _score_item(report: SentenceReport, gold: SentenceGold, coded: list[Event]) -> dict[str, Any]:
    plover_only = all(e.get("cameo") is None for e in gold.events) and any(e.get("plover") for e in gold.events)

    def label(code: str) -> str | None:
        return _plover_of(code) if plover_only else code[:2]

    gold_labels = set()
    for e in gold.events:
        if plover_only:
            gold_labels.add(e["plover"])
        elif e.get("cameo"):
            gold_labels.add(e["cameo"][:2])
    coded_labels = {label(c) for ev in coded for c in _coded_codes(ev)} - {None}
    report.root.add(gold_labels, coded_labels)
    for lab in gold_labels | coded_labels:
        report.by_root[lab].add(gold_labels & {lab}, coded_labels & {lab})
    if len(gold_labels) == 1:
        (g,) = gold_labels
        for c in coded_labels or {"none"}:
            report.confusion[(g, c)] += 1

    # dyad + root: only items whose gold actors are annotated
    if gold.events and all(e.get("source") is not None and e.get("target") is not None for e in gold.events):
        gold_tuples = set()
        for e in gold.events:
            lab = e["plover"] if plover_only else (e["cameo"] or "")[:2]
            sources = [_country(s) for s in e["source"]] or [None]
            targets = [_country(t) for t in e["target"]] or [None]
            gold_tuples |= {(s, t, lab) for s in sources for t in targets}
        coded_tuples = set()
        for ev in coded:
            for code in _coded_codes(ev):
                lab = label(code)
                if lab:
                    coded_tuples |= {(s, t, lab) for s, t in _coded_pairs(ev)}
        report.dyad_root.add(gold_tuples, coded_tuples)
    elif not gold.events:
        pass

    coded_codes = {c for ev in coded for c in _coded_codes(ev)}
    for e in gold.events:
        if e.get("cameo"):
            report.code_total += 1
            report.code_hits += e["cameo"] in coded_codes
    if gold.no_events:
        report.no_event_items += 1
        report.no_event_clean += not coded
    report.items += 1
    return {
        "id": gold.id,
        "dataset": gold.dataset,
        "gold": sorted(gold_labels),
        "coded": sorted(coded_labels),
        "codes": sorted(coded_codes),
        "gold_codes": sorted(e["cameo"] for e in gold.events if e.get("cameo")),
    }


def score_sentences(items: list[SentenceGold], coded: dict[str, CodedArticle]) -> SentenceReport:
    """Score coded articles (by gold id) against sentence gold; a missing id counts as
    coded with no events."""
    report = SentenceReport()
    for gold in items:
        events = coded[gold.id].events if gold.id in coded else []
        sub = report.by_dataset.setdefault(gold.dataset, SentenceReport())
        detail = _score_item(report, gold, events)
        _score_item(sub, gold, events)
        report.details.append(detail)
    return report


# ---------------------------------------------------------------- document gold


def _event_matches(expected: dict[str, Any], event: Event) -> bool:
    pairs = _coded_pairs(event)
    wanted = {(expected.get("source"), expected.get("target"))}
    if expected.get("reciprocal"):
        wanted.add((expected.get("target"), expected.get("source")))
    if not pairs & wanted:
        return False
    roots = set(expected.get("accept_root") or [expected.get("cameo", "")[:2]])
    return bool({c[:2] for c in _coded_codes(event)} & roots)


def _date_matches(expected: dict[str, Any], event: Event) -> bool:
    accepted = set(expected.get("accept_dates") or []) | {expected["date"]}
    return event.date in accepted


def _fact_matches(expected: dict[str, Any], fact: Fact) -> bool:
    if fact.indicator != expected["indicator"] or sorted(fact.countries) != sorted(expected["countries"]):
        return False
    if abs(fact.value - expected["value"]) > 0.01 * abs(expected["value"]):
        return False
    if fact.kind != expected["kind"]:
        return False
    def iso(value) -> str | None:
        return value.isoformat() if value is not None else None

    return iso(fact.period_start) == expected.get("period_start") and iso(fact.period_end) == expected.get("period_end")


def score_document(gold: DocumentGold, coded: CodedArticle) -> dict[str, Any]:
    """Found expected events, false positives, date accuracy, people and facts."""
    data = gold.data
    found, dated, date_total = [], 0, 0
    misdated = []
    for expected in data["events"]:
        matches = [ev for ev in coded.events if _event_matches(expected, ev)]
        if matches:
            found.append(expected["id"])
            if expected.get("date"):
                date_total += 1
                if any(_date_matches(expected, ev) for ev in matches):
                    dated += 1
                else:
                    misdated.append({"id": expected["id"], "want": expected["date"], "got": sorted({str(ev.date) for ev in matches})})
    optional = data.get("optional_events") or []
    false_positives = [
        ev
        for ev in coded.events
        if not any(_event_matches(x, ev) for x in data["events"]) and not any(_event_matches(x, ev) for x in optional)
    ]
    people = {}
    refs = [r for ev in coded.events for r in (ev.source, ev.target, *[x for m in ev.mentions for x in (m.source, m.target)]) if r]
    for actor in data.get("actors") or []:
        codes = {actor["code"], *(actor.get("alt_codes") or [])}
        carried = [r for r in refs if r.name == actor["name"]]
        people[actor["name"]] = {
            "on_events": bool(carried),
            "code_right": any(r.code in codes for r in carried),
            "roles": sorted({r.role for r in carried if r.role}),
        }
    facts_found = [f["id"] for f in data.get("facts") or [] if any(_fact_matches(f, x) for x in coded.facts)]
    indicators = {f["indicator"] for f in data.get("facts") or []}
    extra_facts = [
        x.model_dump(mode="json", include={"indicator", "value", "kind", "countries"})
        for x in coded.facts
        if x.indicator in indicators and not any(_fact_matches(f, x) for f in data.get("facts") or [])
    ]
    return {
        "id": gold.id,
        "expected": len(data["events"]),
        "found": found,
        "missed": [e["id"] for e in data["events"] if e["id"] not in found],
        "false_positives": [
            {"cameo": ev.cameo, "source": ev.source and ev.source.code, "target": ev.target and ev.target.code, "sentence": ev.sentence_index, "trigger": ev.trigger}
            for ev in false_positives
        ],
        "dates_right": dated,
        "dates_scored": date_total,
        "misdated": misdated,
        "people": people,
        "facts_expected": len(data.get("facts") or []),
        "facts_found": facts_found,
        "facts_extra": extra_facts,
    }
