"""The event lexicons: which words trigger which CAMEO code, loaded from data files.

    event_verbs.tsv     verb (+ object, + modifier) -> code, confidence
    event_nouns.tsv     event noun (+ modifier) -> code, confidence
    light_verbs.txt     verbs whose event noun object decides the code ("held talks")
    speech_acts.tsv     appeal / demand / reject / intent / threaten verbs
    topics.tsv          what those are about -> the code of each family for that topic
    intent_cues.tsv     words that turn an act into an intention ("plans to visit")
    suppress_cues.tsv   words under which an act is not asserted ("did not sign")

Every code is checked against the CAMEO table on load; a bad row is an OntologyError
naming file and line. The data directory can be swapped (``load_lexicon(path)``) so
that tests and users can try their own lexicons.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import OntologyError
from .cameo import cameo_codes

__all__ = [
    "VerbPattern",
    "NounPattern",
    "SpeechAct",
    "Topic",
    "Lexicon",
    "load_lexicon",
    "lexicon",
    "FAMILIES",
]

FAMILIES = ("appeal", "demand", "reject", "intent", "threaten")
FAMILY_DEFAULTS = {"appeal": "020", "demand": "100", "reject": "120", "intent": "030", "threaten": "130"}


@dataclass(frozen=True)
class VerbPattern:
    code: str
    verb: str
    particle: str | None
    objects: frozenset[str]
    modifiers: frozenset[str]
    confidence: float

    @property
    def specificity(self) -> int:
        return 2 * bool(self.modifiers) + 2 * bool(self.objects) + bool(self.particle)


@dataclass(frozen=True)
class NounPattern:
    code: str
    noun: str
    modifiers: frozenset[str]
    confidence: float

    @property
    def specificity(self) -> int:
        return bool(self.modifiers)


@dataclass(frozen=True)
class SpeechAct:
    verb: str
    particle: str | None
    family: str
    default: str
    topic_preps: frozenset[str]
    target_preps: frozenset[str]
    objects: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Topic:
    name: str
    cues: tuple[str, ...]
    codes: dict[str, str]  # family (and "act") -> code
    protest_digit: str | None = None  # added to 141-145 for protests about this topic


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[VerbPattern, ...]]
    nouns: dict[str, tuple[NounPattern, ...]]
    light_verbs: frozenset[str]
    speech_acts: dict[str, tuple[SpeechAct, ...]]
    topics: tuple[Topic, ...]
    intent_cues: dict[str, str]
    suppress_cues: dict[str, str]

    def topic_for(self, words: set[str], phrase: str = "", protest: bool = False) -> Topic | None:
        """The topic whose longest cue appears among ``words`` (lemmas) or in ``phrase``;
        with ``protest``, only among topics that give a protest its last digit (the word
        "protest" itself must not hide "to protest the rights violations").

        The phrase is compared without articles and with hyphens closed up, so "reach an
        agreement" holds the cue "reach agreement" and "cease - fire" the cue "cease-fire"."""
        phrase = re.sub(r"\s*-\s*", "-", " ".join(w for w in phrase.split() if w not in ("a", "an", "the")))
        words = words | set(phrase.split())
        best: tuple[int, int, Topic] | None = None
        for rank, topic in enumerate(self.topics):
            if protest and topic.protest_digit is None:
                continue
            for cue in topic.cues:
                hit = cue in words if " " not in cue else f" {cue} " in f" {phrase} "
                if hit and (best is None or (len(cue), -rank) > (best[0], best[1])):
                    best = (len(cue), -rank, topic)
        return best[2] if best else None

    def code_for_act(self, act_code: str, family: str) -> str:
        """The code of ``family`` (intent, threaten, appeal...) for the act ``act_code``:
        "plans to visit" (042) is intent 036, "vowed to strike" (190) is threaten 138.
        Looks up the topic whose act is that code, its three-digit parent, or its root's
        general code; falls back to the family's general code."""
        acts = {t.codes["act"]: t.codes[family] for t in self.topics if "act" in t.codes and family in t.codes}
        for candidate in (act_code, act_code[:3], act_code[:2] + "0"):
            if candidate in acts:
                return acts[candidate]
        return FAMILY_DEFAULTS[family]


def _rows(path: Path):
    with path.open(encoding="utf-8", newline="") as f:
        lines = [(n, line) for n, line in enumerate(f, start=1) if line.strip() and not line.startswith("#")]
    header = lines[0][1].rstrip("\n").split("\t")
    for n, line in lines[1:]:
        cells = line.rstrip("\n").split("\t")
        if len(cells) != len(header):
            raise OntologyError(f"expected {len(header)} tab-separated cells, found {len(cells)}", item=f"{path.name}:{n}")
        yield n, dict(zip(header, (c.strip() for c in cells)))


def _split(cell: str) -> frozenset[str]:
    return frozenset(w.strip().lower() for w in cell.split("|") if w.strip() and w.strip() != "-")


def _check_code(code: str, where: str) -> str:
    if code not in cameo_codes():
        raise OntologyError(f"unknown CAMEO code {code!r}", item=where)
    return code


def _verb_and_particle(cell: str) -> tuple[str, str | None]:
    parts = cell.lower().split()
    return parts[0], (" ".join(parts[1:]) or None)


def _confidence(cell: str, where: str) -> float:
    try:
        value = float(cell)
    except ValueError:
        raise OntologyError(f"confidence {cell!r} is not a number", item=where) from None
    if not 0 < value <= 1:
        raise OntologyError(f"confidence {value} outside (0, 1]", item=where)
    return value


def load_lexicon(directory: Path | None = None) -> Lexicon:
    base = Path(directory) if directory else Path(str(resources.files("accord.ontology").joinpath("data")))

    verbs: dict[str, list[VerbPattern]] = {}
    for n, row in _rows(base / "event_verbs.tsv"):
        where = f"event_verbs.tsv:{n}"
        verb, particle = _verb_and_particle(row["verb"])
        pattern = VerbPattern(
            code=_check_code(row["code"], where),
            verb=verb,
            particle=particle,
            objects=_split(row["object"]),
            modifiers=_split(row["modifier"]),
            confidence=_confidence(row["confidence"], where),
        )
        verbs.setdefault(verb, []).append(pattern)

    nouns: dict[str, list[NounPattern]] = {}
    for n, row in _rows(base / "event_nouns.tsv"):
        where = f"event_nouns.tsv:{n}"
        pattern = NounPattern(
            code=_check_code(row["code"], where),
            noun=row["noun"].lower(),
            modifiers=_split(row["modifier"]),
            confidence=_confidence(row["confidence"], where),
        )
        nouns.setdefault(pattern.noun, []).append(pattern)

    light = frozenset(
        line.strip().lower()
        for line in (base / "light_verbs.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )

    acts: dict[str, list[SpeechAct]] = {}
    for n, row in _rows(base / "speech_acts.tsv"):
        where = f"speech_acts.tsv:{n}"
        if row["family"] not in FAMILIES:
            raise OntologyError(f"family {row['family']!r} is not one of {', '.join(FAMILIES)}", item=where)
        verb, particle = _verb_and_particle(row["verb"])
        act = SpeechAct(
            verb=verb,
            particle=particle,
            family=row["family"],
            default=_check_code(row["default"], where),
            topic_preps=_split(row["topic_preps"]),
            target_preps=_split(row["target_preps"]),
            objects=_split(row["objects"]),
        )
        acts.setdefault(verb, []).append(act)

    topics: list[Topic] = []
    for n, row in _rows(base / "topics.tsv"):
        where = f"topics.tsv:{n}"
        codes = {}
        for family in (*FAMILIES, "act"):
            if row[family] and row[family] != "-":
                codes[family] = _check_code(row[family], where)
        cues = tuple(sorted((c for c in _split(row["cues"])), key=len, reverse=True))
        digit = row.get("protest", "-")
        if digit not in ("-", "1", "2", "3", "4"):
            raise OntologyError(f"protest digit {digit!r} is not 1-4 or -", item=where)
        topics.append(Topic(name=row["topic"], cues=cues, codes=codes, protest_digit=None if digit == "-" else digit))

    def cue_table(name: str) -> dict[str, str]:
        return {row["cue"].lower(): row["kind"] for _, row in _rows(base / name)}

    return Lexicon(
        # most specific pattern first; of equally specific ones, the finer code first
        verbs={k: tuple(sorted(v, key=lambda p: (-p.specificity, -len(p.code)))) for k, v in verbs.items()},
        nouns={k: tuple(sorted(v, key=lambda p: (-p.specificity, -len(p.code)))) for k, v in nouns.items()},
        light_verbs=light,
        speech_acts={k: tuple(v) for k, v in acts.items()},
        topics=tuple(topics),
        intent_cues=cue_table("intent_cues.tsv"),
        suppress_cues=cue_table("suppress_cues.tsv"),
    )


@functools.cache
def lexicon() -> Lexicon:
    """The packaged lexicon, loaded once per process."""
    return load_lexicon()
