"""``accord.figures.v1``: the figures an article reports, as ``Fact`` records.

Event coders record what was done and drop what was counted. This component takes
every quantity in the text ("$2.5 billion", "2,000 troops", see ``quantities``) and
asks the parse four questions about it:

* What does it measure? The indicator whose cue words ("trade turnover", "exports",
  "killed") sit nearest the number in the dependency tree, in the number's own clause
  first and then in the clauses above it. A figure with no cue is not taken: Accord
  does not guess what "$3 billion" was about.
* Whose is it? The countries named in the same clauses (from the actor component's
  mentions), or, for "mutual trade", "between the two countries", "its exports", the
  countries named last before it.
* For when? The date mention in its clause ("in 2020", "the first seven months of
  2021", "by 2025"). With none, the period stays empty: the publication date is not
  the period of a figure.
* Of what kind? Actual, target, forecast or pledge, from cue words near it.

A figure that says by how much something changed ("up 30 percent", "fell 15
percent") is stored as ``<indicator>_change``, negative for a fall, so growth rates
never mix with amounts. Rankings ("Turkey is Azerbaijan's second-largest investor")
are figures without a number: they give a fact with ``rank`` set and unit "rank".
The same figure told twice in one article is one fact; across articles the store
merges them.

The vocabulary (indicators, cue words, reference words) is ``ontology/data/
indicators.toml``; users add their own with ``ACCORD_INDICATORS`` (see that file).
"""

from __future__ import annotations

import calendar
import functools
import hashlib
import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CodingError, OntologyError
from ..ontology import lexicon
from ..records import Fact
from .tree import children, lefts, subtree
from .quantities import Quantity, find_quantities
from .work import ActorMention, DateMention, Work

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "FigureComponent",
    "Indicator",
    "FigureVocabulary",
    "figure_vocabulary",
    "load_figure_vocabulary",
    "fact_id",
    "KINDS",
    "CHANGE_SUFFIX",
]

KINDS = ("actual", "target", "forecast", "pledge")
# Cue words may also say "future": a pledge or a forecast, depending on who the subject is.
_CUE_KINDS = (*KINDS, "future")
CHANGE_SUFFIX = "_change"
RANK_UNIT = "rank"

# Dependency relations that start a clause of their own when a verb carries them.
_CLAUSE_RELATIONS = frozenset(
    {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "csubj", "csubjpass", "parataxis", "pcomp"}
)
# A figure takes its period from the clauses above its own only through these links:
# "aim to bring trade to $15 billion in 2023" (xcomp/acl), "exports rose in 2020 while
# imports fell to $1 billion" (advcl), "... and imports fell" (conj). Not through a
# reporting verb ("the ministry reported on September 13 that exports reached ..."),
# whose date is when it was said.
_PERIOD_RELATIONS = frozenset({"xcomp", "acl", "advcl", "conj", "pcomp"})
# Clauses under a figure's own that may say where and when it was counted.
_SUBORDINATE = frozenset({"advcl", "participle"})
# Entities whose words are names or dates, never cue words.
_NAME_ENTITIES = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE", "DATE", "TIME"}
)


# ----------------------------------------------------------------------------------
# Vocabulary


@dataclass(frozen=True)
class Indicator:
    """What a figure measures; see the header of ``indicators.toml`` for each field."""

    name: str
    label: str
    measures: frozenset[str]
    parties: int
    cues: tuple[str, ...]
    precedence: int = 0
    rank_nouns: tuple[str, ...] = ()


@dataclass(frozen=True)
class FigureVocabulary:
    indicators: dict[str, Indicator]
    kind_cues: dict[str, tuple[str, ...]]  # the four kinds, and "future" (see indicators.toml)
    rise_words: frozenset[str]
    fall_words: frozenset[str]
    running_to_publication: frozenset[str]
    same_as_figure_before: tuple[str, ...]
    bilateral: tuple[str, ...]
    singular_references: tuple[str, ...]
    plural_references: tuple[str, ...]
    place_prepositions: frozenset[str]
    superlatives: frozenset[str]
    ordinals: dict[str, int]


def _read_toml(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise OntologyError(f"not valid TOML: {exc}", item=where) from exc


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> None:
    """Add a user file to the built-in vocabulary: lists of words grow, ordinals are
    added, and any other key of an indicator replaces ours."""
    for name, entry in extra.get("indicator", {}).items():
        mine = base.setdefault("indicator", {}).setdefault(name, {})
        for key, value in entry.items():
            if key in ("cues", "rank_nouns") and key in mine:
                mine[key] = [*mine[key], *value]
            else:
                mine[key] = value
    for section in ("kinds", "changes", "periods", "countries"):
        for key, words in extra.get(section, {}).items():
            mine = base.setdefault(section, {})
            mine[key] = [*mine.get(key, []), *words]
    ranks, extra_ranks = base.setdefault("ranks", {}), extra.get("ranks", {})
    ranks["superlatives"] = [*ranks.get("superlatives", []), *extra_ranks.get("superlatives", [])]
    ranks["ordinals"] = {**ranks.get("ordinals", {}), **extra_ranks.get("ordinals", {})}


def load_figure_vocabulary(extra_files: Sequence[str | Path] = ()) -> FigureVocabulary:
    """The built-in vocabulary, extended by each of ``extra_files`` in turn."""
    builtin = resources.files("accord.ontology").joinpath("data/indicators.toml").read_text(encoding="utf-8")
    data = _read_toml(builtin, "indicators.toml")
    for path in extra_files:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise OntologyError(f"cannot read indicator file: {exc.strerror}", item=str(path)) from exc
        _merge(data, _read_toml(text, str(path)))
    return _vocabulary_from(data, ", ".join(["indicators.toml", *map(str, extra_files)]))


def _vocabulary_from(data: dict[str, Any], where: str) -> FigureVocabulary:
    indicators: dict[str, Indicator] = {}
    for name, entry in data.get("indicator", {}).items():
        try:
            indicator = Indicator(
                name=name,
                label=str(entry.get("label", name.replace("_", " "))),
                measures=frozenset(entry["measures"]),
                parties=int(entry.get("parties", 2)),
                cues=tuple(c.lower() for c in entry.get("cues", [])),
                precedence=int(entry.get("precedence", 0)),
                rank_nouns=tuple(c.lower() for c in entry.get("rank_nouns", [])),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise OntologyError(f"indicator {name!r}: missing or bad entry {exc!r}", item=where) from exc
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or indicator.parties < 1:
            raise OntologyError(f"indicator {name!r}: names are lower_snake_case, parties at least 1", item=where)
        if not indicator.cues and not indicator.rank_nouns:
            raise OntologyError(f"indicator {name!r} has neither cues nor rank_nouns", item=where)
        indicators[name] = indicator
    kinds = data.get("kinds", {})
    unknown = set(kinds) - set(_CUE_KINDS)
    if unknown:
        raise OntologyError(f"unknown figure kinds {sorted(unknown)}; kinds are {', '.join(_CUE_KINDS)}", item=where)
    countries, ranks, changes = data.get("countries", {}), data.get("ranks", {}), data.get("changes", {})
    return FigureVocabulary(
        indicators=indicators,
        kind_cues={kind: tuple(c.lower() for c in kinds.get(kind, [])) for kind in _CUE_KINDS},
        rise_words=frozenset(w.lower() for w in changes.get("rise", [])),
        fall_words=frozenset(w.lower() for w in changes.get("fall", [])),
        running_to_publication=frozenset(w.lower() for w in data.get("periods", {}).get("running_to_publication", [])),
        same_as_figure_before=tuple(w.lower() for w in data.get("periods", {}).get("same_as_figure_before", [])),
        bilateral=tuple(c.lower() for c in countries.get("bilateral", [])),
        singular_references=tuple(c.lower() for c in countries.get("singular_references", [])),
        plural_references=tuple(c.lower() for c in countries.get("plural_references", [])),
        place_prepositions=frozenset(c.lower() for c in countries.get("place_prepositions", [])),
        superlatives=frozenset(c.lower() for c in ranks.get("superlatives", [])),
        ordinals={w.lower(): int(n) for w, n in ranks.get("ordinals", {}).items()},
    )


@functools.cache
def figure_vocabulary() -> FigureVocabulary:
    """The vocabulary in use: built-in, plus the files named in ``ACCORD_INDICATORS``."""
    extra = [p for p in os.environ.get("ACCORD_INDICATORS", "").split(os.pathsep) if p]
    return load_figure_vocabulary(extra)


def fact_id(article_id: str, span: tuple[int, int], indicator: str) -> str:
    """Stable id of a fact: the same figure read from the same article gets the same id."""
    key = f"{article_id}|{span[0]}|{span[1]}|{indicator}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


# ----------------------------------------------------------------------------------
# Finding cue phrases in a sentence


@dataclass(frozen=True)
class _Match:
    value: Any
    start: int  # token indices in the Doc, end exclusive
    end: int
    head: int  # the token of the phrase that the rest hangs from


class _PhraseTable:
    """Phrases (tuples of lower-case words) mapped to values; finds them in a token run."""

    def __init__(self, phrases: Iterable[tuple[str, Any]]):
        self.by_first: dict[str, list[tuple[tuple[str, ...], list[Any]]]] = {}
        grouped: dict[tuple[str, ...], list[Any]] = {}
        for phrase, value in phrases:
            words = tuple(_words(phrase))
            if words:
                grouped.setdefault(words, []).append(value)
        for words, values in grouped.items():
            self.by_first.setdefault(words[0], []).append((words, values))
        for entries in self.by_first.values():
            entries.sort(key=lambda e: -len(e[0]))  # longest phrase first

    def find(self, doc: Doc, start: int, end: int, forms: Sequence[tuple[str, ...]]) -> list[_Match]:
        """Non-overlapping matches in doc[start:end], the longest where several start at
        one word. ``forms`` holds ``_forms`` of every token of the doc, worked out once
        per article: the tables are searched sentence by sentence, several times over."""
        found: list[_Match] = []
        i = start
        while i < end:
            match = self._longest_at(forms, i, end)
            if match is None:
                i += 1
                continue
            words, values = match
            span = doc[i : i + len(words)]
            found.extend(_Match(value, i, i + len(words), span.root.i) for value in values)
            i += len(words)
        return found

    def _longest_at(self, forms: Sequence[tuple[str, ...]], i: int, end: int):
        for first in forms[i]:
            for words, values in self.by_first.get(first, []):
                if i + len(words) <= end and all(w in forms[i + k] for k, w in enumerate(words)):
                    return words, values
        return None


def _words(phrase: str) -> list[str]:
    # Split the way spaCy splits: "the country's" is "the", "country", "'s".
    return re.findall(r"'s|\w+(?:-\w+)*|[^\w\s]", phrase.lower())


def _forms(token: Token) -> tuple[str, ...]:
    """The forms a cue may match: the word as written and its dictionary form. Words of
    a name or a date never match: "May" the month is not the modal, "Trade" in "Ministry
    of Trade" is a name. (The tagger's PROPN is no guide: it tags a sentence's first
    "Trade" so.)"""
    if token.ent_type_ in _NAME_ENTITIES:
        return ()
    return (token.lower_, token.lemma_.lower())


# ----------------------------------------------------------------------------------
# The shape of one sentence: clauses and distances in the dependency tree


class _Tree:
    """Clauses of one sentence and distances between its tokens."""

    def __init__(self, doc: Doc, start: int, end: int):
        self.doc = doc
        self.start, self.end = start, end
        self.clause_of = {i: self._clause_head(doc[i]).i for i in range(start, end)}

    @staticmethod
    def _clause_head(token: Token) -> Token:
        """The verb heading the clause a token belongs to (or the sentence root)."""
        while True:
            if token.head.i == token.i or token.dep_ == "ROOT":
                return token
            if token.pos_ in ("VERB", "AUX") and token.dep_ in _CLAUSE_RELATIONS:
                return token
            token = token.head

    def clause_chain(
        self, token_i: int, relations: frozenset[str] | None = None, below: frozenset[str] = frozenset()
    ) -> list[int]:
        """Clause heads from the token's own clause up to the sentence root; with
        ``relations``, stop at a clause linked to the one above by another relation.

        ``below`` names kinds of clause under the token's own that come second, before
        the clauses above: "advcl" for "35 civilians were killed when shelling hit
        Kharkiv in Ukraine on 3 March" (where and when are in the "when" clause),
        "participle" for "goods shipped from Northern Ireland rising to 2.8 billion
        euros" (what is counted is in the participle's clause)."""
        own = self.clause_of[token_i]
        chain = [own]
        while True:
            head = self.doc[chain[-1]]
            if head.dep_ == "ROOT" or head.head.i == head.i:
                break
            if relations is not None and head.dep_ not in relations:
                break
            parent = self.clause_of.get(head.head.i)
            if parent is None or parent in chain:
                break
            chain.append(parent)
        if below:
            under = sorted(
                h for h in set(self.clause_of.values())
                if h not in chain and self.clause_of.get(self.doc[h].head.i) == own and self._kind_of_clause(h) in below
            )
            chain[1:1] = under
        return chain

    def _kind_of_clause(self, head: int) -> str:
        token = self.doc[head]
        if token.dep_ == "acl" and token.tag_ in ("VBN", "VBG"):
            return "participle"  # "goods shipped from ...", not "a goal to bring ..."
        return token.dep_

    def distance(self, a: int, b: int) -> int:
        """Number of dependency links between two tokens of the sentence."""
        up_from_a: dict[int, int] = {}
        steps, token = 0, self.doc[a]
        while True:
            up_from_a[token.i] = steps
            if token.head.i == token.i:
                break
            token, steps = token.head, steps + 1
        steps, token = 0, self.doc[b]
        while token.i not in up_from_a:
            if token.head.i == token.i:
                return abs(a - b) + 100  # different trees: far apart
            token, steps = token.head, steps + 1
        return steps + up_from_a[token.i]


def _counts_as_actual(cue: Token, figure: Token) -> bool:
    """An "actual" cue is a verb in a tense ("amounted"; "to reach" and "reaching" leave
    the kind to the clause above), or a word that is no verb introducing the figure
    itself ("up from 8 bcm in 2022" says nothing of the 11 bcm planned before it)."""
    if cue.pos_ in ("VERB", "AUX"):
        return _is_finite(cue)
    return cue.is_ancestor(figure)


def _is_finite(verb: Token) -> bool:
    """A verb in a tense ("amounted", "has reached", "were killed"), not "to reach",
    "reaching", or a modal's "will reach" (the modal is a cue of its own)."""
    if "Fin" in verb.morph.get("VerbForm") and verb.tag_ != "MD":
        return True
    auxiliaries = [c for c in children(verb) if c.dep_ in ("aux", "auxpass")]
    if any(c.tag_ == "MD" for c in auxiliaries):
        return False
    return any("Fin" in c.morph.get("VerbForm") for c in auxiliaries)


# ----------------------------------------------------------------------------------
# The component


@dataclass
class _Figure:
    """A figure being read: where it is, and what has been found out about it."""

    sentence: int
    anchor: int  # the token the figure's words hang from ("billion" in "$2.5 billion")
    span: tuple[int, int]  # characters in the article
    value: float
    currency: str | None
    unit: str | None
    measure: str
    rank: int | None = None
    ranked: Indicator | None = None  # for a rank: the ranking's indicator ("investor_rank")
    inherited_unit: bool = False


class FigureComponent:
    """Reads figures into ``work.facts``; see the module docstring."""

    name = "accord.figures.v1"
    reads = ("doc", "actor_mentions", "date_mentions")
    writes = ("facts",)

    def __init__(self, vocabulary: FigureVocabulary | None = None):
        self.vocabulary = vocabulary or figure_vocabulary()
        v = self.vocabulary
        self.indicator_cues = _PhraseTable(
            (cue, indicator) for indicator in v.indicators.values() for cue in indicator.cues
        )
        self.rank_nouns = _PhraseTable(
            (noun, indicator) for indicator in v.indicators.values() for noun in indicator.rank_nouns
        )
        self.kind_cues = _PhraseTable((cue, kind) for kind, cues in v.kind_cues.items() for cue in cues)
        self.part_of_before = _PhraseTable((w, True) for w in v.same_as_figure_before)
        self.reference_cues = _PhraseTable(
            [(w, "bilateral") for w in v.bilateral]
            + [(w, "singular") for w in v.singular_references]
            + [(w, "plural") for w in v.plural_references]
        )

    def __call__(self, work: Work) -> None:
        if work.doc is None:
            raise CodingError("figures need the parsed document", item=work.article.article_id)
        reader = _ArticleReader(self, work)
        facts: list[Fact] = []
        seen: set[tuple] = set()
        for fact in reader.facts():
            # The same figure told twice in one article is one fact; the first telling wins.
            key = (fact.indicator, tuple(fact.countries), fact.value, fact.currency, fact.unit,
                   fact.period_start, fact.period_end, fact.kind, fact.rank)
            if key not in seen:
                seen.add(key)
                facts.append(fact)
        work.facts.extend(facts)


class _ArticleReader:
    """Everything needed to read the figures of one article."""

    def __init__(self, component: FigureComponent, work: Work):
        self.c = component
        self.work = work
        self.doc: Doc = work.doc
        self.mentions = sorted(work.actor_mentions, key=lambda m: (m.start, m.end))
        self.named = _named_countries(work, self.mentions, component.vocabulary.place_prepositions)
        self.last_period: DateMention | None = None  # of the latest figure read with one
        self._found: dict[tuple[int, int], list[_Match]] = {}
        self.dates = [d for d in work.date_mentions if d.kind != "duration"]

    @functools.cached_property
    def forms(self) -> list[tuple[str, ...]]:
        """``_forms`` of every token, for the phrase tables."""
        return [_forms(token) for token in self.work.tokens]

    def facts(self) -> Iterable[Fact]:
        for sentence, span in zip(self.work.sentences, self.work.sentence_spans):
            if span is None or len(span) == 0:
                continue
            figures = list(self._quantity_figures(sentence)) + list(self._rank_figures(sentence, span))
            if not figures:
                continue  # most sentences: no need to look at their clauses
            tree = _Tree(self.doc, span.start, span.end)
            cues = self._find(self.c.indicator_cues, tree)
            for figure in figures:
                fact = self._fact(figure, tree, cues, figures)
                if fact is not None:
                    yield fact

    # -- finding figures ---------------------------------------------------------

    def _find(self, table: _PhraseTable, tree: _Tree) -> list[_Match]:
        """The phrases of ``table`` in the sentence, found once per sentence."""
        key = (id(table), tree.start)
        if key not in self._found:
            self._found[key] = table.find(self.doc, tree.start, tree.end, self.forms)
        return self._found[key]

    def _quantity_figures(self, sentence) -> Iterable[_Figure]:
        for quantity in find_quantities(sentence.text):
            start_char, end_char = sentence.start + quantity.start, sentence.start + quantity.end
            tokens = self.doc.char_span(start_char, end_char, alignment_mode="expand")
            if tokens is None or len(tokens) == 0 or self._is_a_date(quantity, tokens):
                continue
            yield _Figure(
                sentence=sentence.index,
                anchor=tokens.root.i,
                span=(start_char, end_char),
                value=quantity.value,
                currency=quantity.currency,
                unit=quantity.unit,
                measure=quantity.measure,
                inherited_unit=quantity.inherited,
            )

    def _is_a_date(self, quantity: Quantity, tokens) -> bool:
        """A number the date reader or the parser took for a date ("2020 troops" read
        as "in 2020, troops ..."). Money and percentages are never dates."""
        if quantity.currency or quantity.unit in ("percent", "percentage_points"):
            return False
        if any(d.start < tokens.end and tokens.start < d.end for d in self.dates):
            return True
        number = tokens[0]
        return number.ent_type_ == "DATE" and number.like_num and len(number.text) == 4

    def _rank_figures(self, sentence, span) -> Iterable[_Figure]:
        """ "Turkey is Azerbaijan's second-largest investor": a rank, no number."""
        vocabulary = self.c.vocabulary
        for match in self.c.rank_nouns.find(self.doc, span.start, span.end, self.forms):
            noun = self.doc[match.head]
            if noun.tag_ in ("NNS", "NNPS"):
                continue  # "one of the largest investors" ranks nobody
            modifiers = [t for child in lefts(noun) if child.dep_ in ("amod", "advmod", "compound", "nummod")
                         for t in subtree(child)]
            if not any(t.lower_ in vocabulary.superlatives for t in modifiers):
                continue
            rank = 1
            for t in modifiers:
                if t.lower_ in vocabulary.ordinals:
                    rank = vocabulary.ordinals[t.lower_]
                elif re.fullmatch(r"(\d+)(st|nd|rd|th)", t.lower_):
                    rank = int(re.match(r"\d+", t.lower_).group())
            first = min([match.start, *(t.i for t in modifiers)])
            yield _Figure(
                sentence=sentence.index,
                anchor=noun.i,
                span=(self.doc[first].idx, self.doc[match.end - 1].idx + len(self.doc[match.end - 1])),
                value=float(rank),
                currency=None,
                unit=RANK_UNIT,
                measure=RANK_UNIT,
                rank=rank,
                ranked=match.value,
            )

    # -- reading one figure ------------------------------------------------------

    def _fact(self, figure: _Figure, tree: _Tree, cues: list[_Match], figures: list[_Figure]) -> Fact | None:
        if figure.ranked is not None:
            indicator, cue_level = figure.ranked, 0
        else:
            found = self._indicator(figure, tree, cues, figures)
            if found is None:
                return None
            indicator, cue_level = found
        countries = self._countries(figure, tree, indicator)
        direction = None if figure.rank is not None else self._change_direction(figure, tree)
        period = self._period(figure, tree, is_change=direction is not None)
        if period is not None:
            self.last_period = period
        kind = self._kind(figure, tree, period)
        name, value = indicator.name, figure.value
        if direction is not None:
            name, value = name + CHANGE_SUFFIX, direction * abs(value)
        text = self.work.article.text[figure.span[0] : figure.span[1]]
        return Fact(
            fact_id=fact_id(self.work.article.article_id, figure.span, name),
            article_id=self.work.article.article_id,
            indicator=name,
            countries=countries,
            value=value,
            currency=figure.currency,
            unit=figure.unit,
            period_start=period.period_start if period else None,
            period_end=period.period_end if period else None,
            period_text=period.text if period else None,
            kind=kind,
            rank=figure.rank,
            sentence_index=figure.sentence,
            span=figure.span,
            text=text,
            confidence=self._confidence(figure, cue_level, countries),
        )

    def _indicator(self, figure: _Figure, tree: _Tree, cues: list[_Match], figures: list[_Figure]):
        """The indicator whose cue fits the figure's measure and sits nearest it: in its
        own clause if there is one, else in the clauses above. Returns (indicator, how
        many clauses up it was found) or None when nothing says what the figure is."""
        fitting = [m for m in cues if figure.measure in m.value.measures]
        others = [f.anchor for f in figures if f.anchor != figure.anchor and f.rank is None]
        for level, clause in enumerate(tree.clause_chain(figure.anchor, below=frozenset({"participle"}))):
            here = [m for m in fitting if tree.clause_of[m.head] == clause]
            if not here:
                continue

            def preference(match: _Match) -> tuple:
                mine = tree.distance(figure.anchor, match.head)
                # A cue nearer another figure is that figure's: "exports reached $2
                # billion and imports $1 billion".
                claimed = any(tree.distance(other, match.head) < mine for other in others)
                return (-match.value.precedence, claimed, mine, abs(figure.anchor - match.head))

            return min(here, key=preference).value, level
        return None

    def _kind(self, figure: _Figure, tree: _Tree, period: DateMention | None) -> str:
        """Actual, target, forecast or pledge: the nearest cue, clause by clause upwards."""
        sentence_cues = self._find(self.c.kind_cues, tree)
        for clause in tree.clause_chain(figure.anchor):
            here = [
                m
                for m in sentence_cues
                if tree.clause_of[m.head] == clause
                and (m.value != "actual" or _counts_as_actual(self.doc[m.head], self.doc[figure.anchor]))
            ]
            if here:
                best = min(here, key=lambda m: (tree.distance(figure.anchor, m.head), m.value == "actual"))
                if best.value == "future":
                    return "pledge" if self._actor_does(self.doc[best.head], tree) else "forecast"
                return best.value
            if _is_finite(self.doc[clause]):
                return "actual"  # "exports were $2 billion": a tense and nothing else
        # Nothing says: a figure with a deadline ("trade of $10 billion by 2025") is a goal.
        if period is not None and period.kind == "horizon":
            return "target"
        return "actual"

    def _actor_does(self, cue: Token, tree: _Tree) -> bool:
        """Whether the subject of the verb a future cue belongs to is an actor: "Russia
        will provide", "Britain said it would send" (a pledge), not "trade will reach"."""
        verb = cue.head if cue.dep_ in ("aux", "auxpass") else cue
        while True:
            subjects = [c for c in children(verb) if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects or verb.dep_ not in ("conj", "xcomp") or verb.head.i == verb.i:
                break
            verb = verb.head  # "Russia will build and supply ...": the subject is shared
        for subject in subjects:
            if self._names_an_actor(subject):
                return True
            if "Prs" in subject.morph.get("PronType") and subject.lower_ != "it":
                return True  # "we", "they", "he": people act; "it" may be the trade itself
            if subject.lower_ == "it":
                # "Britain said it would double ...": "it" is the subject of the clause above.
                above = tree.clause_chain(verb.i)
                for clause in above[1:2]:
                    if any(self._names_an_actor(c) for c in children(self.doc[clause]) if c.dep_ == "nsubj"):
                        return True
        return False

    def _names_an_actor(self, token: Token) -> bool:
        """A word that is, or is named by, an actor mention: "Russia", "Chinese companies"."""
        modifiers = {c.i for c in children(token) if c.dep_ in ("amod", "compound", "poss", "nmod")}
        return any(n.start <= token.i < n.end or n.head in modifiers for n in self.named)

    def _change_direction(self, figure: _Figure, tree: _Tree) -> int | None:
        """+1 or -1 when the figure says by how much something rose or fell ("up 30
        percent", "fell 15 percent", "grew by $2 million"), None for an amount."""
        vocabulary = self.c.vocabulary
        token, clause = self.doc[figure.anchor], tree.clause_of[figure.anchor]
        while True:
            words = {token.lower_, token.lemma_.lower()}
            if words & vocabulary.rise_words:
                return 1
            if words & vocabulary.fall_words:
                return -1
            if token.i == clause or token.head.i == token.i:
                return None
            if token.pos_ == "ADP" and token.lower_ not in ("by", "of"):
                # "grew by 5 percent", "a rise of 5 percent" say a change; "rose to $2
                # billion", "up from 8 bcm" introduce an amount.
                return None
            token = token.head

    def _period(self, figure: _Figure, tree: _Tree, is_change: bool) -> DateMention | None:
        """The date mention nearest the figure in its own clause, else in the clauses it
        belongs to (see _PERIOD_RELATIONS), with "since" running to publication."""
        chain = tree.clause_chain(figure.anchor, relations=_PERIOD_RELATIONS, below=_SUBORDINATE)
        candidates = []
        for mention in self.dates:
            if not (tree.start <= mention.start < tree.end) or (mention.period_start is None and mention.value is None):
                continue
            head = self.doc[mention.start : mention.end].root.i
            if _said_when(self.doc[head], self.doc[tree.clause_of[head]]):
                continue
            if is_change and self._is_comparison_base(head, figure):
                continue
            if tree.clause_of.get(head) in chain:
                level = chain.index(tree.clause_of[head])
                candidates.append((level, tree.distance(figure.anchor, head), mention))
        if not candidates:
            # "... accounted for 1.9 bln manat of that amount": the period of the figure before
            own = tree.clause_of[figure.anchor]
            parts = self._find(self.c.part_of_before, tree)
            return self.last_period if any(tree.clause_of[m.head] == own for m in parts) else None
        mention = _with_bounds(min(candidates, key=lambda c: (c[0], c[1]))[2])
        word_before = self.doc[mention.start - 1] if mention.start > tree.start else None
        published = self.work.article.published
        if word_before is not None and word_before.lower_ in self.c.vocabulary.running_to_publication and published:
            # "invested $25 billion since 2005": from then to the time of writing
            return replace(mention, text=f"{word_before.text} {mention.text}", period_end=published)
        return mention

    def _is_comparison_base(self, date_head: int, figure: _Figure) -> bool:
        """ "up 60 percent on the same period of 2020": 2020 is what the change is
        measured against, not the period it covers. Such a date hangs from the figure
        or from its "up"/"down"; one that hangs from the verb ("fell 15 percent in
        2023") is the period."""
        vocabulary = self.c.vocabulary
        for ancestor in self.doc[date_head].ancestors:
            if ancestor.i == figure.anchor:
                return True
            if ancestor.pos_ not in ("VERB", "AUX") and ancestor.lower_ in vocabulary.rise_words | vocabulary.fall_words:
                return True
        return False

    def _countries(self, figure: _Figure, tree: _Tree, indicator: Indicator) -> list[str]:
        """Countries named in the figure's clause and, while fewer than the indicator's
        parties are found, in the clauses above; then "mutual", "its", "their"."""
        found: list[str] = []
        here = [n for n in self.named if tree.start <= n.head < tree.end]
        chain = tree.clause_chain(figure.anchor, below=_SUBORDINATE)
        for clause in chain:
            for named in here:
                if tree.clause_of.get(named.head) == clause:
                    _add(found, named.countries)
            if len(found) >= indicator.parties:
                break
        if len(found) < indicator.parties:
            covered = {i for n in here for i in range(n.start, n.end)}  # already read as actors
            for ref in self._find(self.c.reference_cues, tree):
                if tree.clause_of.get(ref.head) not in chain or covered & set(range(ref.start, ref.end)):
                    continue
                if ref.value == "singular":
                    _add(found, self._named_last(ref.start)[:1])
                else:
                    for country in self._in_play(ref.start):
                        if len(found) >= 2:
                            break
                        _add(found, [country])
        return sorted(found)

    def _named_last(self, token_i: int) -> list[str]:
        """Countries named before a token, the latest first: what "its" points back to."""
        latest_first: list[str] = []
        for named in reversed(self.named):
            if named.end <= token_i:
                _add(latest_first, reversed(named.countries))
        return latest_first

    def _in_play(self, token_i: int) -> list[str]:
        """Countries named before a token, the most often named first (the latest first
        among equals): the two an article is about, which "the two countries" and
        "bilateral" mean even when a third was named in between."""
        counts: dict[str, int] = {}
        last_seen: dict[str, int] = {}
        for named in self.named:
            if named.end <= token_i:
                for country in named.countries:
                    counts[country] = counts.get(country, 0) + 1
                    last_seen[country] = named.start
        return sorted(counts, key=lambda c: (-counts[c], -last_seen[c]))

    @staticmethod
    def _confidence(figure: _Figure, cue_level: int, countries: list[str]) -> float:
        confidence = 0.9
        if cue_level > 0:
            confidence -= 0.15  # what it measures was read from a clause above the number's own
        if not countries:
            confidence -= 0.2  # whose figure it is, the text did not let us say
        if figure.inherited_unit:
            confidence -= 0.1  # the currency or unit was taken from the figure before it
        return round(confidence, 2)


def _said_when(date_head: Token, clause: Token) -> bool:
    """ "Britain said last month it would send 1,800 troops": the parser may hang "last
    month" from "send", but a date between a reporting verb and the subject of what was
    reported tells when it was said."""
    if clause.dep_ != "ccomp" or clause.head.i >= date_head.i:
        return False
    subjects = [c.i for c in children(clause) if c.dep_ in ("nsubj", "nsubjpass")]
    return date_head.i < (subjects[0] if subjects else clause.i)


@dataclass(frozen=True)
class _Named:
    """Tokens that name one or more countries: an actor mention, or a nationality
    word the actor component leaves alone ("Azerbaijani exports", "17 Indian fishermen")."""

    start: int
    end: int
    head: int
    countries: tuple[str, ...]


def _named_countries(work: Work, mentions: list[ActorMention], place_prepositions: frozenset[str]) -> list[_Named]:
    doc = work.doc
    named = [
        _Named(m.start, m.end, m.head, tuple(_countries_of(m)))
        for m in mentions
        if not _is_a_place(doc[m.start : m.end], place_prepositions)
    ]
    covered = {i for m in mentions for i in range(m.start, m.end)}
    texts = work.token_texts
    known = lexicon.countries()
    i = 0
    while i < len(doc):
        match = lexicon.country_index().longest_match(texts, i) if i not in covered else None
        if match is None:
            i += 1
            continue
        form = match.value
        words = doc[match.start : match.end]
        # Only a nationality that describes a noun ("Azerbaijani exports"); a country's
        # name the actor component did not take as an actor was left out for a reason
        # (part of a person's name, of an organisation's...).
        describes = form.kind in ("adjective", "demonym") and words.root.dep_ in ("amod", "compound", "nmod")
        if describes and form.code in known and not form.ambiguous and not covered & set(range(match.start, match.end)):
            named.append(_Named(match.start, match.end, words.root.i, (form.code,)))
        i = match.end
    return sorted(named, key=lambda n: (n.start, n.end))


def _is_a_place(words, place_prepositions: frozenset[str]) -> bool:
    """ "a donor conference in Ottawa": a capital after "in" or "at" is where, not who."""
    head = words.root
    if head.dep_ != "pobj" or head.head.lower_ not in place_prepositions:
        return False
    form = lexicon.country_forms().get(lexicon.form_key(words.text))
    return form is not None and form.kind == "capital"


def _countries_of(mention: ActorMention) -> list[str]:
    """The countries of a mention (each member of a collective one); an international
    organisation stands as its group code ("IGO") where a country would."""
    refs = mention.members if mention.members else (mention.ref,)
    found = []
    for ref in refs:
        if ref.country:
            found.append(ref.country)
        else:
            group = lexicon.sectors().get(ref.code[:3])
            if group is not None and group.is_group:
                found.append(group.code)
    return found


def _add(found: list[str], countries: Iterable[str]) -> None:
    for country in countries:
        if country not in found:
            found.append(country)


def _with_bounds(mention: DateMention) -> DateMention:
    """A date mention with its first and last day filled in from its value when the date
    reader left them out: "2020" covers 2020-01-01..2020-12-31."""
    if (mention.period_start is not None and mention.period_end is not None) or mention.value is None:
        return mention
    try:
        parts = [int(p) for p in mention.value.split("-")]
        if len(parts) == 1:
            start, end = date(parts[0], 1, 1), date(parts[0], 12, 31)
        elif len(parts) == 2:
            start = date(parts[0], parts[1], 1)
            end = date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
        else:
            start = end = date(*parts)
    except (ValueError, TypeError):
        return mention  # a value not in ISO form: keep what the date reader gave
    return replace(mention, period_start=start, period_end=end)
