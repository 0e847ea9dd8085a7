"""The event coder: who did what to whom, read off the dependency parse.

For each sentence, every verb and every event noun is a candidate trigger. A trigger
gets a CAMEO code from the lexicons (accord.ontology.triggers): a speech act (appeal,
demand, reject, promise, threaten) takes the code its topic gives; another verb takes
its most specific verb pattern; a light verb ("held talks") or an unknown verb takes
the code of its event-noun object. Then:

* suppression: an act under negation, a condition, a possibility modal, or a verb that
  is itself the event ("accused X of attacking", "refused to sign") is not coded;
* intention: an act under "will", "plans to", "agreed to", "is ready to" becomes the
  intent (03x) or threat (13x) code of that act;
* actors: the subject is the source (the agent for a passive), the object or the object
  of a target preposition is the target; coordinated or collective actors ("Azerbaijan
  and Turkey", "the two countries") make reciprocal events between the members;
* date: the nearest time expression in the trigger's own clause, else one in the clauses
  that govern it; a past-tense act with none is dated by publication, and says so;
* place: ``accord.coder.places.event_place``.

The same event told twice in an article is merged later by accord.identity.v1.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, replace
from datetime import date
from itertools import permutations

from ..ontology.cameo import cameo_code
from ..ontology.triggers import FAMILY_DEFAULTS, Lexicon, VerbPattern, lexicon
from ..records import ActorRef, Event, Location
from .tree import children, conjuncts, subtree
from .when import covering, shift
from .work import MODIFIER, ActorMention, DateMention, Work

__all__ = ["EventComponent", "Trigger", "classify_verb", "classify_noun"]

# Dependency labels, by role.
SUBJECTS = {"nsubj", "csubj"}
PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
OBJECTS = {"dobj", "dative", "attr", "oprd"}
CLAUSES_WITH_OWN_TIME = {"ccomp", "advcl", "relcl", "parataxis"}
# Prepositions whose object is the target of an act ("met with", "attack on", "visit to").
TARGET_PREPS = {"with", "to", "against", "on", "for", "toward", "towards", "at", "into", "upon", "from", "over"}
# Roots whose events often have no target worth naming (a protest, a mobilisation).
RECIPROCAL_PREPS = {"between", "among"}
# Nouns naming attacks whose actor does what the attack does ("US attacks killed ...").
EVENT_SUBJECT_NOUNS = {"attack", "raid", "airstrike", "strike", "shelling", "bombardment", "offensive", "bombing", "operation"}
# Verbs whose direct object is what is talked about, not the party talked with.
TOPIC_OBJECT_VERBS = {"discuss", "debate"}
# Acts both parties do alike, whoever the sentence makes the subject: a phone call, a
# negotiation ("X held talks with Y" is Y negotiating with X too).
TWO_SIDED = {"041", "046"}
# Roots whose acts are between parties: without a second party they are not coded.
NEEDS_A_COUNTERPART = {"04"}
# "X is responsible for / guilty of <act>": adjectives that lay an act at X's door.
RESPONSIBLE_ADJECTIVES = {"responsible", "guilty", "culpable"}
# Investigations (09x): their target is whoever is alleged to have done what is investigated.
INVESTIGATE_ROOT = "09"
# Seeking refuge or asylum (a demand for humanitarian aid in CAMEO).
SEEKING_REFUGE = "1033"
# Protest codes that take a fourth digit for what the protest is for.
PROTEST_BASES = {"141", "142", "143", "144", "145"}
# Roots of acts whose promise is a threat: sanctions, coercion, force.
VIOLENT_ROOTS = {"16", "17", "18", "19", "20"}
# After a verb of saying, these modals make the reported act a demand or an appeal:
# "Straw said the two sides must reach an agreement" demands it.
REPORTED_OBLIGATION = {"must": "demand", "should": "appeal", "ought": "appeal"}
# Modals that make "agreed that X <modal> act" an agreement to act, not to a view.
AGREED_OBLIGATION = {"should", "would", "will", "must", "shall"}


@dataclass
class Trigger:
    """A word that codes an event, with what decided its code."""

    token: object  # spaCy Token
    code: str
    confidence: float
    family: str | None = None  # appeal/demand/... when a speech act decided the code
    inner: object | None = None  # the act a speech act or intent cue governs
    noun: object | None = None  # the event noun when a light verb or noun decided the code


@dataclass
class _Narrative:
    """The last date an article told an event on, to date what follows from it."""

    sentence: int = -1
    value: str | None = None
    precision: str | None = None
    text: str | None = None
    countries: frozenset = frozenset()

    @property
    def day(self) -> date | None:
        return date.fromisoformat(self.value) if self.value and len(self.value) == 10 else None

    def remember(self, sentence: int, value, precision, text, countries) -> None:
        self.sentence, self.value, self.precision, self.text, self.countries = sentence, value, precision, text, frozenset(countries)

    def follows(self, sentence: int, countries: set) -> bool:
        return self.value is not None and sentence in (self.sentence, self.sentence + 1) and bool(countries) and countries <= self.countries


@dataclass
class _Candidate:
    trigger: Trigger
    sources: list[ActorRef]
    targets: list[ActorRef]
    reciprocal: bool


# ---------------------------------------------------------------- classification


def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _words(tok) -> set[str]:
    return {tok.lemma_.lower(), tok.lower_}


# Nouns that measure or gather what an act is about: "30 tonnes of food", "a team of
# rescuers", "a batch of vaccines" are about food, rescuers and vaccines.
MEASURE_NOUNS = {
    "tonne", "ton", "kilogram", "kg", "kilo", "barrel", "dose", "shipment", "batch", "package", "team",
    "group", "number", "convoy", "load", "consignment", "plane", "planeload", "truckload", "lot", "set",
    "worth", "amount", "round", "thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "ten",
    "tens", "score", "scores", "million", "millions", "crowd", "handful", "band", "patch", "contingent",
}


def _through_measures(tokens: list) -> list:
    out = list(tokens)
    for tok in tokens:
        if tok.lemma_.lower() in MEASURE_NOUNS:
            for child in children(tok):
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in children(child):
                        if pobj.dep_ == "pobj":
                            out.append(pobj)
                            out.extend(conjuncts(pobj))
    return out


def _object_tokens(verb) -> list:
    """What a verb acts on: direct objects, the subject of a passive, the verb of a
    to-clause, objects of its prepositions; each with the words coordinated to it."""
    out = []
    passive = any(c.dep_ in ("auxpass",) for c in children(verb))
    for child in children(verb):
        if child.dep_ in OBJECTS or (passive and child.dep_ in PASSIVE_SUBJECTS) or child.dep_ == "xcomp":
            out.append(child)
        elif child.dep_ in ("prep", "agent") and not _temporal(child):
            out.extend(c for c in children(child) if c.dep_ in ("pobj", "pcomp"))
        elif (controlled := _controlled_subject(child)) is not None:
            # "allowed the opposition to hold a rally": the parser makes the opposition
            # the subject of "hold"; it is what "allowed" acts on
            out.extend((child, controlled))
    for tok in list(out):
        out.extend(conjuncts(tok))
    return _through_measures(out)


def _is_infinitive(verb) -> bool:
    """A "to" infinitive: "(allowed X) to run", "(calls) to resign"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in children(verb))


def _controlled_subject(clause):
    """The subject of an infinitive clause that is really its governing verb's object
    ("allowed X to run", "asked X to help"), or None."""
    if clause.dep_ != "ccomp" or not _is_infinitive(clause):
        return None
    return next((c for c in children(clause) if c.dep_ == "nsubj"), None)


def _noun_modifiers(noun, deps: tuple[str, ...]) -> set[str]:
    """Words that specify a noun: its modifiers of the given kinds (and what they are
    coordinated with), its prepositions, their objects and those objects' adjectives."""
    words: set[str] = set()
    for child in children(noun):
        if child.dep_ in deps:
            words |= _words(child)
            for sub in conjuncts(child):
                words |= _words(sub)
        elif child.dep_ == "prep":
            words |= _words(child)
            for pobj in children(child):
                words |= _words(pobj)
                for sub in children(pobj):
                    if sub.dep_ in ("amod", "compound", "conj"):
                        words |= _words(sub)
    return words


def _object_words(verb, objects: list | None = None) -> set[str]:
    """``objects``: ``_object_tokens(verb)``, when the caller has them already."""
    words: set[str] = set()
    for tok in _object_tokens(verb) if objects is None else objects:
        words |= _words(tok)
        if tok.pos_ == "PROPN":
            # a name says what it is through the common nouns before it: "freed
            # journalist John Smith", "allowed candidate X" act on a journalist, a candidate
            words.update(w for c in children(tok) if c.dep_ == "compound" and c.pos_ == "NOUN" for w in _words(c))
    for child in children(verb):
        if child.dep_ in ("prt", "prep", "agent", "advmod", "acomp") and not _temporal(child):
            words |= _words(child)
    return words


def _temporal(prep) -> bool:
    """"on Wednesday", "in May": a preposition that only dates the act says nothing
    about what the act is ("agreed on Wednesday that ..." is not "agreed on a deal")."""
    objects = [c for c in children(prep) if c.dep_ == "pobj"]
    return prep.dep_ == "prep" and bool(objects) and all(o.ent_type_ in ("DATE", "TIME") for o in objects)


def _modifier_words(verb, objects: list | None = None) -> set[str]:
    """Words that specify the act: adjectives and compounds of its objects, objects of
    their prepositions, adverbs of the verb ("jointly"), and the objects themselves.
    ``objects``: ``_object_tokens(verb)``, when the caller has them already."""
    if objects is None:
        objects = _object_tokens(verb)
    words = _object_words(verb, objects)
    for obj in objects:
        words |= _noun_modifiers(obj, ("amod", "compound", "nmod", "npadvmod", "advmod"))
    for child in children(verb):
        if child.dep_ in ("advmod", "npadvmod"):
            words |= _words(child)
        if child.dep_ == "prep":
            # "accused X of violating human rights": what the preposition introduces,
            # a few words deep, says what the act is about
            for pobj in children(child):
                if pobj.dep_ in ("pobj", "pcomp"):
                    for sub in subtree(pobj)[:12]:
                        words |= _words(sub)
    return words


def _has_particle(verb, particle: str | None) -> bool:
    if particle is None:
        return True
    parts = particle.split()
    present = {c.lower_ for c in children(verb) if c.dep_ in ("prt", "prep", "agent", "advmod", "dobj")}
    return all(p in present for p in parts)


def _may_lend_noun(verb, lex: Lexicon) -> bool:
    """Cheap test before the full one: does any direct object name an event?"""
    for child in children(verb):
        if child.dep_ in ("dobj", "attr", "nsubjpass", "prep"):
            return True
    return False


def _verb_lemma(verb, lex: Lexicon) -> str:
    """The verb's lemma as the lexicons know it. The small model's lemmatizer slips on
    some past forms ("staged" -> "stag"); when its lemma is unknown, simple
    un-inflections of the word itself are tried."""
    lemma = _lemma(verb)
    if lemma in lex.verbs or lemma in lex.speech_acts:
        return lemma
    word = verb.lower_
    for cut, add in (("ied", "y"), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"), ("es", ""), ("s", "")):
        if word.endswith(cut) and len(word) > len(cut) + 2:
            guess = word[: -len(cut)] + add
            if guess in lex.verbs or guess in lex.speech_acts:
                return guess
    return lemma


# The object cell "*" of a verb pattern: any direct object at all.
ANY_OBJECT = frozenset({"*"})


def classify_verb(verb, lex: Lexicon) -> Trigger | None:
    """The code a verb triggers, or None. Most specific verb pattern first, then the
    speech-act families, then bare verb patterns, then an event-noun object."""
    lemma = _verb_lemma(verb, lex)
    general = None
    if lemma in lex.verbs or lemma in lex.speech_acts:
        specific, general = _verb_patterns(verb, lemma, lex)
        found = specific or _speech_act(verb, lex)
        if found:
            return found
    elif not _may_lend_noun(verb, lex):
        return None  # most verbs: nothing in the lexicons can make them an event

    # A light verb lends its object's event before its own vague reading: "gave
    # military aid" is 072 (the noun), not 070 ("give").
    noun = _event_noun_object(verb, lex)
    light = lemma in lex.light_verbs
    if noun and (light or not general):
        trig, noun_tok = noun
        return Trigger(verb, trig.code, trig.confidence if light else trig.confidence * 0.6, noun=noun_tok)
    if general:
        return Trigger(verb, general.code, general.confidence)
    return None


class _ActWords:
    """What a verb acts on, read on first use: its object tokens (``_object_tokens``),
    their words (``_object_words``) and the act's modifier words (``_modifier_words``).
    Most verbs' patterns are bare and ask for none of them, and the modifiers walk the
    objects' subtrees."""

    def __init__(self, verb):
        self.verb = verb

    @functools.cached_property
    def tokens(self) -> list:
        return _object_tokens(self.verb)

    @functools.cached_property
    def objects(self) -> set[str]:
        return _object_words(self.verb, self.tokens)

    @functools.cached_property
    def modifiers(self) -> set[str]:
        return _modifier_words(self.verb, self.tokens)


def _verb_patterns(verb, lemma: str, lex: Lexicon) -> tuple[Trigger | None, VerbPattern | None]:
    """The trigger of the first verb pattern with objects or modifiers that match, and
    the first bare pattern (which classify_verb weighs against an event-noun object)."""
    words = _ActWords(verb)
    specific, general = None, None
    for pattern in lex.verbs.get(lemma, ()):
        if not _has_particle(verb, pattern.particle):
            continue
        if pattern.objects == ANY_OBJECT:
            # the verb's transitive sense only: "returned the prisoners", not "returned home"
            if not any(c.dep_ in ("dobj", "dative") or c.dep_ in PASSIVE_SUBJECTS and _is_passive(verb) for c in children(verb)):
                continue
        elif pattern.objects and not (pattern.objects & words.objects):
            continue
        if pattern.modifiers and not (pattern.modifiers & words.modifiers):
            continue
        if pattern.objects or pattern.modifiers:
            specific = specific or pattern
        else:
            general = general or pattern
    if specific is None:
        return None, general
    # "vowed to strike Israel": the act a pattern names through a to-clause is where
    # its target is named
    inner = next((c for c in children(verb) if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
    return Trigger(verb, specific.code, specific.confidence, inner=inner), general


def _direct_objects(verb) -> list:
    """Objects a light verb can lend its event to: "held talks", "took part in talks"."""
    passive = _is_passive(verb)
    out = [c for c in children(verb) if c.dep_ in ("dobj", "attr") or (passive and c.dep_ in PASSIVE_SUBJECTS)]
    for child in children(verb):
        if child.dep_ == "prep" and child.lower_ == "in":
            out.extend(c for c in children(child) if c.dep_ == "pobj")
    for tok in list(out):
        out.extend(conjuncts(tok))
    return _through_measures(out)


def _event_noun_object(verb, lex: Lexicon):
    for obj in _direct_objects(verb):
        if obj.pos_ not in ("NOUN", "PROPN"):
            continue
        trig = classify_noun(obj, lex)
        if trig:
            return trig, obj
    return None


def classify_noun(noun, lex: Lexicon) -> Trigger | None:
    patterns = lex.nouns.get(_lemma(noun)) or lex.nouns.get(noun.lower_)
    if not patterns:
        return None
    mods = _noun_modifiers(noun, ("amod", "compound", "nmod", "acl"))
    if noun.head.i != noun.i:
        mods |= _words(noun.head)
    for pattern in patterns:
        if pattern.modifiers and not (pattern.modifiers & mods):
            continue
        return Trigger(noun, pattern.code, pattern.confidence, noun=noun)
    return None


def _speech_act(verb, lex: Lexicon) -> Trigger | None:
    acts = lex.speech_acts.get(_verb_lemma(verb, lex))
    if not acts:
        return None
    words = _ActWords(verb)
    for act in acts:
        if not _has_particle(verb, act.particle):
            continue
        if act.objects and not (act.objects & words.objects):
            continue
        inner = next(
            (
                c
                for c in children(verb)
                if c.pos_ in ("VERB", "AUX")
                and (c.dep_ in ("xcomp", "ccomp") or c.dep_ == "advcl" and any(a.lower_ == "to" and a.dep_ == "aux" for a in children(c)))
            ),
            None,
        )
        if inner is None:
            # "called on Moscow to withdraw": the to-clause may hang off the addressee
            for child in children(verb):
                for grand in subtree(child) if child.dep_ in ("dobj", "prep") else ():
                    if grand.dep_ in ("acl", "relcl", "xcomp") and grand.pos_ == "VERB" and any(a.lower_ == "to" for a in children(grand)):
                        inner = grand
                        break
                if inner is not None:
                    break
        topic_tokens = [o for o in words.tokens if inner is None or o.i != inner.i]
        for child in children(verb):
            if child.dep_ == "prep" and child.lower_ in act.topic_preps:
                topic_tokens.extend(c for c in children(child) if c.dep_ in ("pobj", "pcomp"))
        topic_words, phrase = _topic_cues(topic_tokens)
        agreed_that = act.family == "intent" and inner is not None and inner.dep_ == "ccomp" and _lemma(verb) == "agree"
        if agreed_that and not any(c.dep_ == "aux" and c.lower_ in AGREED_OBLIGATION for c in children(inner)):
            # "agreed that there was an urgent need": agreeing with a view, not to act;
            # "agreed that their countries should cooperate" is an agreement to act
            return Trigger(verb, "019", 0.7, family=None, inner=None)
        if inner is not None:
            inner_trigger = classify_verb(inner, lex)
            if inner_trigger and act.family in ("intent", "threaten", "appeal", "demand", "reject"):
                family = act.family
                if family == "intent" and inner_trigger.code[:2] in VIOLENT_ROOTS:
                    # "vowed to strike" is a threat; "offered to send soldiers" is not
                    family = "threaten"
                code = _family_code_from_words(lex, family, inner_trigger, inner)
                return Trigger(verb, code, min(0.85, inner_trigger.confidence), family=family, inner=inner)
            inner_words, inner_phrase = _topic_cues([inner])
            topic_words |= inner_words
            phrase += " " + inner_phrase
        topic = lex.topic_for(topic_words, phrase)
        code = topic.codes.get(act.family) if topic else None
        return Trigger(verb, code or act.default, 0.8 if code else 0.65, family=act.family, inner=inner)
    return None


def _topic_tokens(tok) -> list:
    """The words under ``tok`` that can say what an act is about: not the names of
    states, organisations, peoples, persons or places, whose words are no topic ("the Democratic People's Republic of Korea" is not about
    democracy, "the Liberal Democratic Party" not about reform)."""
    return [t for t in subtree(tok) if t.ent_type_ not in NAME_ENTITIES]


# Named-entity types whose words name someone or somewhere, not what an act is about.
NAME_ENTITIES = {"GPE", "ORG", "NORP", "PERSON", "LOC", "FAC"}


def _topic_cues(heads) -> tuple[set[str], str]:
    """What ``Lexicon.topic_for`` reads of the words under ``heads`` (names left out,
    see _topic_tokens): their forms and lemmas, and their lemmas as one phrase."""
    tokens = [t for head in heads for t in _topic_tokens(head)]
    words: set[str] = set()
    for tok in tokens:
        words |= _words(tok)
    return words, " ".join(t.lemma_.lower() for t in tokens)


def _family_code_from_words(lex: Lexicon, family: str, inner: Trigger, inner_verb) -> str:
    """The family's code for an inner act: its topic from the act's own words when they
    name one ("to sign a trade deal" -> economic), else from the act's code."""
    topic = lex.topic_for(*_topic_cues([inner_verb]))
    if topic and family in topic.codes and topic.name not in ("diplomatic_cooperation", "agreement"):
        return topic.codes[family]
    return lex.code_for_act(inner.code, family)


# ---------------------------------------------------------------- suppression and intent


def _suppression(tok, lex: Lexicon) -> str | None:
    """Why an act is not asserted: "negated", "condition", "modal", "governed" (a verb
    that is itself the event: "accused X of attacking"), "purpose" ("telephoned X to
    discuss"); None when it is asserted."""
    cues = lex.suppress_cues
    for child in children(tok):
        kind = cues.get(child.lower_)
        if child.dep_ == "neg" or (kind == "negation" and child.dep_ in ("neg", "det", "advmod", "preconj")):
            return "negated"
    for child in children(tok):
        kind = cues.get(child.lower_)
        if kind == "mark" and child.dep_ == "mark":
            return "condition"
        if kind == "modal" and child.dep_ == "aux" and not _reported_future(tok, child):
            return "modal"
    wished = _wished_act(tok.head) if tok.dep_ in ("xcomp", "ccomp") else None
    if wished is not None and wished.i == tok.i:
        # "wants Uganda to release the traders": a wish, not a release
        return "governed"
    if tok.dep_ in ("xcomp", "pcomp", "ccomp") or (tok.dep_ == "pobj" and tok.pos_ == "VERB"):
        governor = tok.head if tok.dep_ != "pcomp" else tok.head.head
        if cues.get(_lemma(governor)) == "governor":
            return "governed"
        if governor.dep_ in ("xcomp", "ccomp") and _suppression(governor, lex) == "negated":
            return "negated"
    if tok.dep_ == "acl" and _lemma(tok.head) in ASKING_NOUNS and _is_infinitive(tok):
        # "faces pressure to help Iran", "rejected calls to resign": what is asked for
        # has not happened
        return "governed"
    if tok.dep_ == "advcl" and _is_infinitive(tok):
        # an infinitive of purpose tells why the main act was done, not a second act
        return "purpose"
    return None


# Nouns of asking: the act in their to-clause is what is asked, not what was done.
ASKING_NOUNS = {"pressure", "call", "appeal", "demand", "request", "plea", "ultimatum"}
# Nouns of saying whose "that" clause is what was said: "a reminder that Iraq must ...".
SAYING_NOUNS = {"reminder", "statement", "message", "warning", "declaration", "note", "letter", "assertion"}
REPORTING_VERBS = {"say", "tell", "announce", "state", "declare", "add", "warn", "insist", "confirm", "report"}
# Verbs of wishing: with a to-clause of their own subject ("wants to visit") they are an
# intention; with another party acting ("wants Putin to attack", "expected Berlin to
# compensate Poland") they ask that party to act.
WISH_VERBS = {"want", "wish", "expect"}
# Of these, a forecast of conflict ("expects China to retaliate") is no request.
FORECAST_VERBS = {"expect"}


def _wished_act(verb):
    """The act ``verb`` (a verb of wishing) wants another party to do: the to-clause
    with a subject of its own ("wants Putin to attack"), or one after a direct object
    ("wishes Peru to reopen the border"); None otherwise."""
    if _lemma(verb) not in WISH_VERBS:
        return None
    has_object = any(c.dep_ == "dobj" for c in children(verb))
    for child in children(verb):
        if child.pos_ != "VERB" or not _is_infinitive(child):
            continue
        if child.dep_ == "ccomp" and any(c.dep_ in SUBJECTS for c in children(child)):
            return child
        if child.dep_ == "xcomp" and has_object:
            return child
    return None


# "failed to reach a deal": a failed negotiation (164) when what failed is an agreement (057).
FAILING_VERBS = {"fail"}
AGREEMENT_CODE = "057"
REACHING_VERBS = {"reach", "agree", "conclude", "strike", "clinch", "hammer", "work", "broker", "find"}
FAILED_NEGOTIATION = "164"
ALLEGING_VERBS = {"claim", "allege", "charge", "assert", "contend"}


def _reported_future(tok, aux) -> bool:
    """"Iran said it would strike": "would" after a verb of saying is the future of what
    was said, not a mere possibility."""
    return aux.lower_ in ("would", "'d") and tok.dep_ == "ccomp" and tok.head.lemma_.lower() in REPORTING_VERBS


def _is_suppressed(tok, lex: Lexicon) -> bool:
    return _suppression(tok, lex) is not None


def _negated_intent(tok, lex: Lexicon) -> bool:
    """"will not provide", "would not sign", "refuses to lift": a refusal, coded 12x."""
    if _suppression(tok, lex) != "negated":
        return False
    node = tok
    while node.dep_ == "xcomp" and node.head.i != node.i:
        node = node.head
    auxes = {c.lower_ for c in children(node) if c.dep_ == "aux"} | {c.lower_ for c in children(tok) if c.dep_ == "aux"}
    return bool(auxes & {"will", "would", "wo", "shall", "'ll"})


def _intent_cue(tok, lex: Lexicon) -> bool:
    cues = lex.intent_cues
    for child in children(tok):
        if child.dep_ == "aux" and (cues.get(child.lower_) == "aux" or _reported_future(tok, child)):
            return True
    if tok.dep_ == "xcomp":
        governor = tok.head
        if cues.get(_lemma(governor)) in ("governor",) or cues.get(governor.lower_) == "adjective":
            return True
        if governor.dep_ == "acomp" and cues.get(governor.lower_) == "adjective":
            return True
        if any(c.dep_ == "aux" and c.lower_ == "going" for c in [governor]) or governor.lower_ == "going":
            return True
    return False


def _governed_by_speech_act(tok, lex: Lexicon) -> bool:
    """An act under a speech act or intent verb ("asked banks to help finance") is
    coded at that verb, once."""
    node = tok
    while node.dep_ == "xcomp" and node.head.i != node.i:
        node = node.head
        if _lemma(node) in lex.speech_acts:
            return True
    return False


BACKGROUND = {"relcl", "acl"}
# Conjunctions of the condition a threat sets.
CONDITION_MARKS = {"if", "unless"}
# Conjunctions of a clause that tells when or why the main act happened.
SCENE_SETTING_MARKS = {"after", "as", "while", "before", "when", "since", "until", "because", "though", "although", "whereas"}


def _without_consequences(triggers: list[Trigger], candidates: dict) -> list[Trigger]:
    """Drop an act told in a participle clause as what another act of the same kind,
    with a known doer, did: "shelled villages, killing two civilians" is one attack,
    "rioted, smashing furniture" one riot. A participle of another kind ("rejected the
    offer, urging talks instead", "..., accusing them of spying") stays an act of its
    own, and so does one that names the doer its head leaves out."""
    roots = {t.token.i: t.code[:2] for t in triggers if any(c.sources for c in candidates[id(t)])}
    dropped: set[int] = set()
    for t in sorted(triggers, key=lambda t: t.token.i):
        tok = t.token
        participle = tok.dep_ == "advcl" and tok.tag_ == "VBG" and not any(c.dep_ == "mark" for c in children(tok))
        if participle and roots.get(tok.head.i) == t.code[:2]:
            dropped.add(tok.i)
        elif tok.dep_ == "conj" and tok.head.i in dropped and t.code[:2] == roots.get(tok.head.head.i):
            # "..., killing two civilians and wounding five others"
            dropped.add(tok.i)
    return [t for t in triggers if t.token.i not in dropped]


def _in_background(tok) -> bool:
    """True for an act told in a relative or participial clause: "prisoners, whom they
    had taken hostage", "property seized in the 1970s", or in a clause that sets the
    scene for the main act: "expelled the inspectors after officials alleged ...", "...
    resigned as the opposition threatened ..." — background to the sentence."""
    node = tok
    while node.head.i != node.i:
        if node.dep_ in BACKGROUND:
            return True
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in SCENE_SETTING_MARKS for c in children(node)):
            return True
        node = node.head
    return False


# ---------------------------------------------------------------- actors


class _Actors:
    """Finds the actor mentions that fill a trigger's roles.

    Mentions the actor coder marks as mere modifiers ("an Australian ultimatum") fill a
    role only where the act's target is looked for inside its object."""

    def __init__(self, work: Work):
        self.by_token: dict[int, ActorMention] = {}
        self.modifiers: dict[int, ActorMention] = {}
        for mention in work.actor_mentions:
            table = self.modifiers if mention.resolved_from == MODIFIER else self.by_token
            for i in range(mention.start, mention.end):
                # a mention's head wins over mentions it merely overlaps
                if i not in table or mention.head == i:
                    table[i] = mention
        self.mentions = [m for m in work.actor_mentions if m.resolved_from != MODIFIER]

    def at(self, tok, modifiers: bool = False) -> ActorMention | None:
        found = self.by_token.get(tok.i)
        if found is None and modifiers:
            found = self.modifiers.get(tok.i)
        return found

    def refs_of(self, tok, modifiers: bool = False) -> list[ActorRef]:
        """The actors a token (and the words coordinated with it) stands for."""
        refs: list[ActorRef] = []
        for t in [tok, *conjuncts(tok)]:
            mention = self.at(t, modifiers)
            if mention is None:
                continue
            for ref in mention.members or (mention.ref,):
                if ref not in refs:
                    refs.append(ref)
        return refs

    def left_of(self, tok, sentence_start: int) -> ActorMention | None:
        """The closest actor mention ending before ``tok`` in its sentence: a fallback
        for verbs the parser left without a subject."""
        best = None
        for mention in self.mentions:
            if sentence_start <= mention.start and mention.end <= tok.i:
                if best is None or mention.end > best.end:
                    best = mention
        return best


def _subject_token(verb):
    for child in children(verb):
        if child.dep_ in SUBJECTS:
            return child
    for child in children(verb):
        if child.dep_ == "agent":
            for pobj in children(child):
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _gerund_governor(verb):
    """The verb whose object a gerund fills through "of": "initiated" in "initiated the
    process of returning ..."; None for any other gerund."""
    prep = verb.head
    if verb.dep_ != "pcomp" or verb.tag_ != "VBG" or prep.lower_ != "of" or prep.dep_ != "prep":
        return None
    noun = prep.head
    if noun.pos_ != "NOUN" or noun.dep_ != "dobj" or _lemma(noun.head) not in UNDERTAKING_VERBS:
        return None
    return noun.head


# Verbs that set about or carry through what their object's gerund names, so that it is
# done: not "discussed the idea of sending troops", "rejected the option of ...".
UNDERTAKING_VERBS = {"begin", "start", "initiate", "launch", "complete", "finish", "continue", "resume", "undertake", "accelerate", "speed"}


def _is_passive(verb) -> bool:
    """A passive verb, or a past participle modifying a noun ("officials accused of
    ...", "civilians imprisoned for ..."): the noun is acted on, not acting."""
    return any(c.dep_ == "auxpass" for c in children(verb)) or verb.dep_ == "acl" and verb.tag_ == "VBN"


def _copular_subject(noun):
    """"Turkey was among the first countries voicing support": the countries are Turkey."""
    head = noun.head
    if head.dep_ == "prep" and head.head.lemma_ == "be":
        head = head.head
    if noun.dep_ == "attr" or head.lemma_ == "be":
        return next((c for c in children(head) if c.dep_ in SUBJECTS), None)
    return None


def _source_tokens(trigger_tok) -> list:
    """Candidates for the source of a verb, nearest first ("thousands of students" are
    the students)."""
    verb = trigger_tok
    out = []
    subject = _subject_token(verb)
    if subject is not None and not (_is_passive(verb) and subject.dep_ in PASSIVE_SUBJECTS):
        out.extend(_through_measures([subject]))
        if subject.pos_ == "VERB":
            # "The Red Cross operating in Iraq said ...": the parser made the participle
            # the subject; the one it describes is its own subject
            out.extend(c for c in children(subject) if c.dep_ in SUBJECTS)
    # Shared subjects: "X cooperates ... and has completed", "X plans to visit".
    node = verb
    while not out and node.dep_ in ("conj", "xcomp", "advcl", "acomp") and node.head.i != node.i:
        came_from = node
        node = node.head
        subject = _subject_token(node) or next((c for c in children(node) if c.dep_ in PASSIVE_SUBJECTS), None)
        if came_from.dep_ == "conj" and _is_passive(node):
            # "X has been indicted by the court and will resign": a coordinated verb
            # shares the grammatical subject, not the agent of the passive
            subject = next((c for c in children(node) if c.dep_ in PASSIVE_SUBJECTS), None) or subject
        if subject is not None:
            out.extend(_through_measures([subject]))
    if subject is not None and not out[1:] and subject.pos_ == "NOUN" and subject.lemma_.lower() in EVENT_SUBJECT_NOUNS:
        # "Recent US Predator attacks have killed ...": who made the attacks
        # (through a chain of compounds: "US Predator attacks")
        out.extend(c for c in subtree(subject) if c.i < subject.i and c.dep_ in ("compound", "amod", "nmod", "poss"))
    if not out and verb.dep_ in ("acl",) and not _is_passive(verb):
        noun = verb.head
        out.append(_copular_subject(noun) or noun)
        if noun.dep_ == "dobj":
            # "issued a declaration demanding that ...": who issued it demands
            subject = _subject_token(noun.head)
            if subject is not None:
                out.append(subject)
    return out


def _target_tokens(verb, passive: bool) -> list:
    out = []
    # what is discussed is the topic, not the party: "discussed Somalia's crisis with
    # Uganda" is held with Uganda, "discussed North Korea's missile launches" with no one
    topic_object = _lemma(verb) in TOPIC_OBJECT_VERBS
    # the doer of the act an object names: "condemned Russia's attack on Ukraine" is
    # about Russia, "praised Haiti's efforts" about Haiti
    for child in children(verb) if not topic_object else ():
        if child.dep_ == "dobj" and child.pos_ == "NOUN":
            out.extend(c for c in children(child) if c.dep_ == "poss")
    for child in children(verb):
        if child.dep_ == "dobj" and topic_object:
            continue
        if child.dep_ in ("dobj", "dative") and child.pos_ in ("PROPN", "NOUN", "PRON"):
            out.append(child)
        elif passive and child.dep_ in PASSIVE_SUBJECTS:
            out.append(child)
        elif (controlled := _controlled_subject(child)) is not None:
            out.append(controlled)
    for child in children(verb):
        # "providing intelligence to Macedonia": the parser may label that "to" dative
        if (child.dep_ == "prep" or child.dep_ == "dative" and child.pos_ == "ADP") and child.lower_ in TARGET_PREPS:
            out.extend(c for c in children(child) if c.dep_ == "pobj")
    # the target of the act's object: "voiced support for X", "paid a visit to X"
    objects = [c for c in children(verb) if c.dep_ in ("dobj",)] + ([c for c in children(verb) if c.dep_ in PASSIVE_SUBJECTS] if passive else [])
    for obj in objects + [c for o in objects for c in conjuncts(o)]:
        for child in children(obj):
            if child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
                out.extend(c for c in children(child) if c.dep_ == "pobj")
    return out


# Within an object phrase, where the party acted on is named: "Haiti's efforts", "an
# Australian ultimatum", "the invasion of Lebanon", "a demand from the US President".
INNER_TARGET_DEPS = {"poss", "amod", "compound", "nmod", "appos"}
INNER_TARGET_PREPS = {"of", "from", "against", "by", "on", "in", "to", "with", "over"}


def _inner_target(verb, actors, sources: list[ActorRef]) -> list[ActorRef]:
    # a discussion's object is its topic ("to discuss Croatia's advance"), no party
    object_deps = ("attr",) if _lemma(verb) in TOPIC_OBJECT_VERBS else ("dobj", "attr")
    objects = [c for c in children(verb) if c.dep_ in object_deps]
    objects += [c for c in children(verb) if c.dep_ in PASSIVE_SUBJECTS and _is_passive(verb)]
    for child in children(verb):
        if child.dep_ == "prep" and child.lower_ not in ("during", "after", "before", "since", "until", "at"):
            objects.extend(c for c in children(child) if c.dep_ == "pobj")
    return _search_objects(objects, actors, sources)


def _inner_target_of(node, actors, sources: list[ActorRef]) -> list[ActorRef]:
    return _search_objects([node], actors, sources)


def _search_objects(objects: list, actors, sources: list[ActorRef]) -> list[ActorRef]:
    seen = set()
    frontier = list(objects)
    # breadth first, two levels into each object: the nearest mention wins
    for _depth in range(3):
        next_frontier = []
        for node in frontier:
            if node.i in seen:
                continue
            seen.add(node.i)
            found = [
                r
                for r in actors.refs_of(node, modifiers=True)
                if not any(_same_actor(r, s) or _same_side(r, s) for s in sources)
            ]
            if found and node not in objects or found and node.dep_ in INNER_TARGET_DEPS:
                return found
            for child in children(node):
                if child.dep_ in INNER_TARGET_DEPS:
                    next_frontier.append(child)
                elif child.dep_ == "prep" and child.lower_ in INNER_TARGET_PREPS:
                    next_frontier.extend(c for c in children(child) if c.dep_ == "pobj")
        frontier = next_frontier
    return []


def _same_side(ref: ActorRef, source: ActorRef) -> bool:
    """Inside an act's object, the actor's own state or its own kind of group is the
    actor again ("Turkey praised Turkish efforts"); another group of the same state is
    not ("the army held Sri Lankan refugees")."""
    if not ref.country or ref.country != source.country:
        return False
    return ref.kind == "country" or source.kind == "country" or ref.sector == source.sector


def _between_tokens(tok) -> list:
    """"between A and B" on the trigger, on its object, or on the noun its object is
    made of ("host a new round of talks between A and B")."""
    heads = [tok] + [c for c in children(tok) if c.dep_ in ("dobj", "nsubjpass")]
    heads += [p for h in heads[1:] for c in children(h) if c.dep_ == "prep" and c.lower_ == "of" for p in children(c) if p.dep_ == "pobj"]
    out = []
    for head in heads:
        for child in children(head):
            if child.dep_ == "prep" and child.lower_ in RECIPROCAL_PREPS:
                out.extend(c for c in children(child) if c.dep_ == "pobj")
    return out


# ---------------------------------------------------------------- dates


def _clause_subtree(tok, skip_from) -> set[int]:
    """Token indices under ``tok`` without clauses of their own that do not lead to
    ``skip_from`` (the way we came up)."""
    keep: set[int] = set()
    stack = [tok]
    path = {t.i for t in skip_from.ancestors} | {skip_from.i}
    while stack:
        t = stack.pop()
        keep.add(t.i)
        for child in children(t):
            has_own_subject = any(c.dep_ in SUBJECTS | PASSIVE_SUBJECTS for c in children(child))
            if child.dep_ in CLAUSES_WITH_OWN_TIME and has_own_subject and child.i not in path:
                continue
            stack.append(child)
    return keep


def _event_date(tok, sentence_dates: list[DateMention], published: date | None, future_ok: bool):
    """(date mention, distance up the tree) for the trigger, or (None, None)."""
    # a horizon ("by 2025", "before the end of the year") says when something is due, not when it happened
    usable = [_covered(d) for d in sentence_dates if d.kind not in ("duration", "horizon") and not _deadline(tok.doc, d)]
    usable = [d for d in usable if d.value is not None]
    if not usable:
        return None, None
    level, node = 0, tok
    while True:
        scope = _clause_subtree(node, tok)
        here = [d for d in usable if any(i in scope for i in range(d.start, d.end))]
        if not future_ok and published is not None:
            here = [d for d in here if not (d.period_start and d.period_start > published)]
        if here:
            return min(here, key=lambda d: abs(d.start - tok.i)), level
        if node.head.i == node.i:
            return None, None
        node, level = node.head, level + 1


def _covered(mention: DateMention) -> DateMention:
    """A period ("the first half of 2021") dates an act at the day, month or year that
    holds it."""
    if mention.value is not None or mention.period_start is None or mention.period_end is None:
        return mention
    held = covering(mention.period_start, mention.period_end)
    if held is None:
        return mention
    return replace(mention, value=held[0], precision=held[1])


DEADLINE_PREPS = {"by", "before", "until", "till", "within"}


def _deadline(doc, mention: DateMention) -> bool:
    """"before the end of the year", "by June": a date something is due by."""
    head = doc[mention.start : mention.end].root.head
    return head.dep_ == "prep" and head.lower_ in DEADLINE_PREPS


def _past_tense(tok) -> bool:
    """A simple past act ("signed", "met"), not a perfect, progressive or habitual one."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    auxes = [c for c in children(verb) if c.dep_ in ("aux", "auxpass")]
    if any(a.lemma_ == "have" for a in auxes) or verb.tag_ == "VBG":
        return False
    if verb.tag_ == "VBD":
        return True
    return any(a.tag_ == "VBD" and a.dep_ == "auxpass" for a in auxes) and verb.tag_ == "VBN"


# ---------------------------------------------------------------- the component


class EventComponent:
    name = "accord.events.v1"
    reads = ("doc", "sentences", "actor_mentions", "date_mentions", "place_mentions")
    writes = ("events",)

    def __init__(self, lex: Lexicon | None = None):
        self.lex = lex or lexicon()

    def __call__(self, work: Work) -> None:
        actors = _Actors(work)
        dates_by_sentence: dict[int, list[DateMention]] = {}
        for mention in work.date_mentions:
            dates_by_sentence.setdefault(mention.sentence, []).append(mention)
        from .places import event_place_finder

        event_place = event_place_finder(work)
        narrative = _Narrative()

        for sentence, span in zip(work.sentences, work.sentence_spans):
            if span is None:
                continue
            words = work.tokens[span.start : span.end]
            taken_nouns: set[int] = set()
            triggers: list[Trigger] = []
            for tok in words:
                predicate = tok.pos_ == "AUX" and (tok.dep_ == "ROOT" or any(c.dep_ == "acomp" for c in children(tok)))
                if tok.pos_ != "VERB" and not predicate:
                    continue
                if _governed_by_speech_act(tok, self.lex):
                    continue
                obligation = self._reported_obligation(tok) or self._reported_allegation(tok) or self._wish_of_another(tok)
                if obligation is not None:
                    trig = obligation
                elif _is_suppressed(tok, self.lex):
                    trig = self._refusal(tok) if _negated_intent(tok, self.lex) else self._failed_agreement(tok)
                    # "never signed the agreement": the agreement is not an event either
                    taken_nouns.update(obj.i for obj in _object_tokens(tok))
                else:
                    trig = classify_verb(tok, self.lex)
                if trig is None:
                    continue
                if trig.noun is not None:
                    taken_nouns.add(trig.noun.i)
                for verb in (tok, trig.inner) if trig.inner is not None else (tok,):
                    # the objects of an act, and of the act a speech act governs, are
                    # part of that event, not events of their own
                    for obj in _object_tokens(verb):
                        taken_nouns.add(obj.i)
                triggers.append(trig)
            for tok in words:
                if tok.pos_ != "NOUN" or tok.i in taken_nouns:
                    continue
                trig = classify_noun(tok, self.lex)
                if trig and self._noun_stands_alone(tok):
                    triggers.append(trig)

            # Background clauses are coded only when the sentence tells no other act:
            # "the declaration that A and B signed ... focuses on defence" has one event,
            # "Israel released a mayor who had been arrested a year ago" has one too.
            told: list[tuple[bool, Event]] = []
            triggers = [self._protest_aim(t) for t in triggers]
            candidates = {id(t): self._candidates(t, actors, span) for t in triggers}
            triggers = _without_consequences(triggers, candidates)
            for trig in triggers:
                background = _in_background(trig.token)
                for candidate in candidates[id(trig)]:
                    for event in self._events(work, sentence.index, candidate, dates_by_sentence.get(sentence.index, []), event_place, narrative):
                        told.append((background, event))
            if any(not background for background, _ in told):
                told = [(b, e) for b, e in told if not b]
            work.events.extend(_without_partial_repeats([e for _, e in told]))

    def _protest_aim(self, trig: Trigger) -> Trigger:
        """A protest's code says what the protesters want (1411 leadership change, 1412
        policy, 1413 rights, 1414 institutions), read from "to demand ...", "against ...",
        "for ...", "in protest of ..." on the protest."""
        if trig.code not in PROTEST_BASES:
            return trig
        words: set[str] = set()
        phrase = []
        for child in children(trig.token):
            if child.dep_ in ("advcl", "xcomp", "prep", "dobj", "acl"):
                for sub in _topic_tokens(child)[:16]:
                    words |= _words(sub)
                    phrase.append(sub.lemma_.lower())
        topic = self.lex.topic_for(words, " ".join(phrase), protest=True)
        if topic is None or topic.protest_digit is None:
            return trig
        return replace(trig, code=trig.code + topic.protest_digit)

    def _reported_allegation(self, tok) -> Trigger | None:
        """"The US claimed that ISIL had attacked Iraq": an allegation of force is an
        accusation (1123 of aggression) of whoever is said to have used it."""
        if tok.dep_ != "ccomp" or tok.head.lemma_.lower() not in ALLEGING_VERBS:
            return None
        act = classify_verb(tok, self.lex)
        if act is None or act.code[:2] not in ("18", "19", "20"):
            return None
        return Trigger(tok.head, "1123", 0.7, family="accuse", inner=tok)

    def _reported_obligation(self, tok) -> Trigger | None:
        """"X said Y must withdraw": X demands of Y what Y must do. The trigger is the
        verb of saying, the family's code comes from the reported act's topic."""
        # "issued a reminder to Iraq that it must cooperate": a noun of saying, issued or
        # sent by the speaker, reports the obligation as a verb of saying does
        in_noun = (
            tok.dep_ in ("acl", "ccomp") and _lemma(tok.head) in SAYING_NOUNS and tok.head.dep_ == "dobj"
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in children(tok))
        )
        if not in_noun and (tok.dep_ != "ccomp" or tok.head.lemma_.lower() not in REPORTING_VERBS or tok.head.tag_ == "VBG"):
            return None
        family = next((REPORTED_OBLIGATION[c.lower_] for c in children(tok) if c.dep_ == "aux" and c.lower_ in REPORTED_OBLIGATION), None)
        if family is None and tok.lemma_.lower() == "need":
            # "said Japan needs to enact reforms": an appeal for what it needs to do
            inner = next((c for c in children(tok) if c.dep_ == "xcomp"), None)
            if inner is not None:
                family, tok = "appeal", inner
        if family is None or any(c.dep_ == "neg" for c in children(tok)):
            return None
        act = classify_verb(tok, self.lex)
        if act is not None and act.family is None:
            code = _family_code_from_words(self.lex, family, act, tok)
        else:
            topic = self.lex.topic_for(*_topic_cues([tok]))
            code = (topic.codes.get(family) if topic else None) or FAMILY_DEFAULTS[family]
        speaker = tok.head if tok.head.dep_ != "xcomp" else tok.head.head
        if in_noun:
            speaker = tok.head.head
        if speaker.lemma_.lower() not in REPORTING_VERBS and speaker.head.lemma_.lower() in REPORTING_VERBS:
            speaker = speaker.head
        return Trigger(speaker, code, 0.7, family=family, inner=tok)

    def _wish_of_another(self, tok) -> Trigger | None:
        """"Obama wants Putin to attack", "Warsaw expected Berlin to compensate Poland":
        an appeal to the party wished to act, coded by that act's topic. Only for an
        act the lexicon knows, and not when the wish is a forecast of conflict."""
        inner = _wished_act(tok)
        if inner is None or _is_suppressed(tok, self.lex):
            return None
        act = classify_verb(inner, self.lex)
        if act is None or act.family is not None:
            return None
        if _lemma(tok) in FORECAST_VERBS and cameo_code(act.code).quad_class >= 3:
            return None
        return Trigger(tok, _family_code_from_words(self.lex, "appeal", act, inner), min(0.8, act.confidence), family="appeal", inner=inner)

    def _failed_agreement(self, tok) -> Trigger | None:
        """"failed to reach a deal", "failed to agree on a settlement": CAMEO codes
        failed negotiations as 164 (halt negotiations), not as no event at all. Only an
        agreement (057) under "fail" counts; "failed to reach the summit" is no talks.
        And only arriving at one: "failed to sign the agreement" tells of a signing that
        did not happen, not of talks that broke down."""
        if tok.dep_ != "xcomp" or _lemma(tok.head) not in FAILING_VERBS or _suppression(tok.head, self.lex):
            return None
        if _verb_lemma(tok, self.lex) not in REACHING_VERBS:
            return None
        act = classify_verb(tok, self.lex)
        if act is None or act.family is not None or not act.code.startswith(AGREEMENT_CODE):
            return None
        return Trigger(tok, FAILED_NEGOTIATION, act.confidence * 0.9)

    def _refusal(self, tok) -> Trigger | None:
        """"would not provide support" rejects what it names: the reject code of its topic."""
        act = classify_verb(tok, self.lex)
        if act is None or act.family is not None or cameo_code(act.code).quad_class >= 3:
            return None
        return Trigger(tok, _family_code_from_words(self.lex, "reject", act, tok), act.confidence * 0.9, family="reject")

    # -- roles --------------------------------------------------------------

    def _noun_stands_alone(self, noun) -> bool:
        """An event noun codes an event of its own when it is not the object of a coded
        verb: "his visit to Turkey", "talks between the two", "the attack on X"."""
        return noun.dep_ not in ("compound", "amod")

    def _candidates(self, trig: Trigger, actors: _Actors, span) -> list[_Candidate]:
        tok = trig.token
        if tok.pos_ == "NOUN":
            sources, targets, reciprocal = self._noun_roles(tok, actors, span)
        else:
            sources, targets, reciprocal = self._verb_roles(trig, actors, span)
        if not sources and not targets:
            return []
        if not sources and (tok.pos_ == "NOUN" or not _is_passive(tok)):
            # Without a doer only a passive act is an event ("X was attacked"); a noun
            # like "the war with Armenia" names the act but not who did it.
            return []
        if sources and targets and trig.code[:3] in TWO_SIDED:
            # a phone call or a negotiation is held by both parties alike
            reciprocal = True
        return [_Candidate(trig, sources, targets, reciprocal)]

    def _verb_roles(self, trig: Trigger, actors: _Actors, span):
        verb = trig.token
        passive = _is_passive(verb)
        sources: list[ActorRef] = []
        if passive and trig.family == "intent" and not any(c.dep_ == "agent" for c in children(verb)):
            # "Vietnam is committed to opening up", "X is prepared to ...": a state of
            # the subject, who is the one intending, not the one acted on
            subject = next((c for c in children(verb) if c.dep_ in PASSIVE_SUBJECTS), None)
            if subject is not None:
                sources = actors.refs_of(subject)
                passive = not sources
        for cand in _source_tokens(verb) if not sources else []:
            # a country word modifying an attack that acts ("US attacks killed") is its doer
            sources = actors.refs_of(cand, modifiers=cand.dep_ in ("compound", "amod", "nmod"))
            if sources:
                break
        has_subject = _subject_token(verb) is not None or any(c.dep_ in PASSIVE_SUBJECTS for c in children(verb))
        if not sources and not passive and not has_subject and verb.dep_ in ("ROOT", "conj", "advcl", "ccomp"):
            fallback = actors.left_of(verb, span.start)
            if fallback is not None and fallback.head < verb.i:
                sources = actors.refs_of(_first_conjunct(verb.doc[fallback.head]))
        if verb.dep_ == "relcl" and not sources and not passive:
            # "a mayor who had been arrested" is the one arrested, not the arrester
            sources = actors.refs_of(verb.head)
        if not sources and not passive:
            # "began the process of handing back X", "completed the work of removing
            # mines": the gerund's doer is whoever does the governing verb
            governor = _gerund_governor(verb)
            subject = _subject_token(governor) if governor is not None else None
            if subject is not None:
                sources = actors.refs_of(subject)

        targets: list[ActorRef] = []
        if trig.family is not None:
            # the addressee of a speech act: "called on Moscow to ...", "urged Serbia to ..."
            for child in children(verb):
                if child.dep_ == "dobj" or child.dep_ in ("prep", "dative") and child.lower_ in ("on", "upon", "to", "with", "from"):
                    cands = [child] if child.dep_ == "dobj" else [c for c in children(child) if c.dep_ == "pobj"]
                    if child.dep_ == "dobj":
                        # "rejected a proposal by Cairo", "dismissed an appeal from the
                        # president", "rejected Iraq's offer": whose call it answers
                        cands += [c for c in children(child) if c.dep_ == "poss"]
                        cands += [p for c in children(child) if c.dep_ == "prep" and c.lower_ in ("by", "from") for p in children(c) if p.dep_ == "pobj"]
                    for cand in cands:
                        targets = _other_parties(actors, cand, sources)
                        if targets:
                            break
                if targets:
                    break
        if not targets and trig.family in ("appeal", "demand", "reject", "threaten", "accuse") and trig.inner is not None:
            # "demanded that the US cancel ...": the one asked is the inner subject
            inner_subject = _subject_token(trig.inner)
            if inner_subject is not None and trig.inner.dep_ == "ccomp":
                # only a party with a state or an organisation stops the search: "the
                # diplomats" alone would be dropped below and hide the object's party
                targets = _other_parties(actors, inner_subject, sources)
        pressing: list[ActorRef] = []
        if not targets and trig.code[:2] == REJECT_ROOT:
            # a refusal "despite pressure from X", "despite calls by X" answers X
            pressing = targets = _pressing_party(verb, trig.inner, actors, sources)
        target_verbs = [verb]
        if trig.inner is not None:
            target_verbs.insert(0, trig.inner)
        # the object an act is done to may be the actor's own state ("French farmers
        # blockaded Paris", "Serb forces killed ethnic Albanians in Serbia"); a state
        # found anywhere else is more likely the one who acts in a reported clause.
        # One named as pressing for what was refused is a party, whichever its state.
        own_state_ok = bool(pressing)
        for v in target_verbs if not targets else []:
            for cand in _target_tokens(v, _is_passive(v)):
                found = _other_parties(actors, cand, sources)
                if found:
                    targets = found
                    own_state_ok = v.i == verb.i and cand.head.i == v.i and cand.dep_ in ("dobj", "dative")
                    break
            if targets:
                break
        if verb.dep_ in ("relcl", "acl") and not targets and (verb.dep_ == "relcl" or passive):
            antecedent = verb.head
            targets = _other_parties(actors, antecedent, sources)
        if trig.code[:2] == "11":
            # a complaint or accusation is about someone, whoever hears it: "complained
            # to the UN over Israeli air raids" targets Israel
            for child in children(verb):
                if child.dep_ == "prep" and child.lower_ in ("over", "about", "against"):
                    for pobj in (c for c in children(child) if c.dep_ == "pobj"):
                        about = _with_country(actors.refs_of(pobj) or _inner_target_of(pobj, actors, sources))
                        if about:
                            targets = about
        if trig.code[:2] == INVESTIGATE_ROOT:
            # the codebook makes the alleged perpetrators of what is investigated the
            # target: "investigating crimes by Croatian extremists against Serbs" is
            # about the extremists, not their victims
            for obj in _object_tokens(verb):
                for child in (c for c in children(obj) if c.dep_ in ("prep", "agent") and c.lower_ == "by"):
                    doers = [r for p in children(child) if p.dep_ == "pobj" for r in actors.refs_of(p) if not _is_among(r, sources)]
                    targets = _with_country(doers) or targets
        if not targets and trig.family == "threaten":
            # a threat is aimed at whoever must meet its condition: "threatened to stop
            # the talks if the United States goes ahead", "... unless Israel rescinds"
            for v in target_verbs:
                for clause in (c for c in children(v) if c.dep_ == "advcl"):
                    if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in children(clause)):
                        subject = _subject_token(clause)
                        if subject is not None:
                            targets = _other_parties(actors, subject, sources)
                    if targets:
                        break
                if targets:
                    break
        if not targets and trig.code.startswith(SEEKING_REFUGE):
            # the codebook makes the country refuge is sought in the target: "sought
            # asylum in Sweden"
            for child in (c for c in children(verb) if c.dep_ == "prep" and c.lower_ == "in"):
                for pobj in (c for c in children(child) if c.dep_ == "pobj"):
                    targets = targets or _other_parties(actors, pobj, sources)
        if not targets and trig.code[:2] == "14":
            # a protest is aimed at whom its demand is: "staged demonstrations to demand
            # reforms by President Suharto's government"
            for clause in (c for c in children(verb) if c.dep_ in ("advcl", "xcomp", "prep")):
                # a clause ("to demand the resignation of X") is searched from its
                # objects; the protesters' own government is a fit target, so only the
                # protesters themselves are left out, not everyone of their country
                if clause.pos_ in ("VERB", "AUX"):
                    found = _inner_target(clause, actors, [])
                else:
                    found = _inner_target_of(clause, actors, [])
                targets = _not_own_state(_with_country([r for r in found if not _is_among(r, sources)]), sources) or targets
                if targets:
                    break
        if not targets and trig.code[:2] != "04":
            # "praised Haiti's efforts", "rejected an Australian ultimatum", "mounted an
            # invasion of South Lebanon": the one acted on is named inside the object.
            # Not for talks: "discussed North Korea's launches" is about, not with, it.
            for v in target_verbs:
                targets = _inner_target(v, actors, sources)
                if targets:
                    break

        targets = _with_country(targets) if own_state_ok else _not_own_state(_with_country(targets), sources)
        reciprocal = False
        between: list[ActorRef] = []
        for cand in _between_tokens(verb):
            between.extend(r for r in actors.refs_of(cand) if r not in between)
        if between and not sources:
            sources, reciprocal = between, True
        elif between and not targets:
            targets = [r for r in between if not _is_among(r, sources)]
        if len(sources) > 1 and not targets:
            reciprocal = True
        return sources, targets, reciprocal

    def _noun_roles(self, noun, actors: _Actors, span):
        sources: list[ActorRef] = []
        targets: list[ActorRef] = []
        reciprocal = False
        for child in children(noun):
            if child.dep_ == "poss":
                sources = actors.refs_of(child)
            elif child.dep_ in ("amod", "compound", "nmod") and actors.at(child):
                sources = sources or actors.refs_of(child)
            elif child.dep_ == "prep":
                pobjs = [c for c in children(child) if c.dep_ == "pobj"]
                refs = [r for p in pobjs for r in actors.refs_of(p)]
                if child.lower_ in RECIPROCAL_PREPS:
                    sources, reciprocal = refs, True
                elif child.lower_ == "by":
                    sources = refs
                elif child.lower_ == "of" and not sources:
                    sources = refs
                elif child.lower_ in TARGET_PREPS and not targets:
                    targets = [r for r in refs if not _is_among(r, sources)]
        if not sources and noun.dep_ == "pobj":
            sources = self._held_responsible(noun, actors)
        if not sources and noun.dep_ == "dobj":
            # "began a three-day visit": the verb's subject makes the visit
            for cand in _source_tokens(noun.head):
                sources = actors.refs_of(cand)
                if sources:
                    break
        if len(sources) > 1 and not targets:
            reciprocal = True
        return sources, targets, reciprocal

    @staticmethod
    def _held_responsible(noun, actors: _Actors) -> list[ActorRef]:
        """"The army is responsible for the massacre", "X was guilty of war crimes":
        the one the act is laid at is its doer."""
        prep = noun.head
        adjective = prep.head
        if prep.lower_ not in ("for", "of") or _lemma(adjective) not in RESPONSIBLE_ADJECTIVES or adjective.dep_ != "acomp":
            return []
        subject = next((c for c in children(adjective.head) if c.dep_ in SUBJECTS), None)
        return actors.refs_of(subject) if subject is not None else []

    # -- building the record ---------------------------------------------------

    def _implicit_target(self, work: Work, sentence_index: int, code: str, sources: list[ActorRef], location):
        """A target the sentence implies but does not name. (targets, inferred?)

        * A place in another country: "Russian forces shelled Kharkiv", "Ukrainian drones
          attacked a depot in Bryansk" act on the country the place is in.
        * The other side of a bilateral article: "India's army denied the claim" in an
          article about India and Pakistan answers Pakistan. Only where the article is
          plainly about two countries and the source is one of them.
        * A protest by a group of one country, aimed at no one named: that country.
        """
        source_countries = {s.country for s in sources if s.country}
        if (code[:2] in PLACE_TARGET_ROOTS or code in PLACE_TARGET_CODES) and location is not None and location.country:
            if location.country not in source_countries or code[:2] in DOMESTIC_ROOTS:
                return [_country_ref(location.country, location.name)], True
        # an organisation's side is counted only for an organisation's act, so that the
        # states' dyad of an article stays what it was for the states' acts
        organisation = not source_countries
        pair = _dyad_of_article(work, sentence_index, organisation)
        source_parties = {_party(s, organisation) for s in sources} - {None}
        if pair and len(source_parties) == 1 and source_parties <= set(pair):
            other = next(c for c in pair if c not in source_parties)
            return [_party_ref(other)], True
        at_home = code[:2] in PROTESTS_AT_HOME or code[:3] in DISSENT_EASED
        if at_home and len(source_countries) == 1 and all(s.kind != "country" for s in sources):
            # A protest, strike or boycott by a group that names no one it is aimed at
            # is aimed at the group's own state: "Egyptian workers went on strike"; so is
            # calling one off.
            return [_country_ref(next(iter(source_countries)), None)], True
        if code[:3] in COERCION_AT_HOME and len(source_countries) == 1 and all(s.kind != "country" for s in sources):
            # Curfews, bans, arrests and crackdowns by one state's authorities that name
            # no one acted on (or threats of them) are done to that state's own people:
            # "the police broke up the rally" (CAMEO codes the target as its civilians).
            # Not for the state itself as source, whose act would then be dropped as
            # one done to itself.
            return [_country_ref(next(iter(source_countries)), None)], True
        return [], False

    @staticmethod
    def _anchored(mention: DateMention, narrative: _Narrative) -> DateMention:
        """"A day later", "the next day": dated from the last event told with a date."""
        if narrative.day is None or mention.kind not in ("duration", "period"):
            return mention
        moved = shift(mention.text, narrative.day)
        if moved is None:
            return mention
        return replace(mention, value=moved.value, precision=moved.precision, period_start=moved.start, period_end=moved.end, kind="point")

    def _events(self, work: Work, sentence_index: int, cand: _Candidate, dates, event_place, narrative: _Narrative) -> list[Event]:
        trig = cand.trigger
        tok = trig.token
        code = trig.code
        intent = trig.family is None and tok.pos_ != "NOUN" and _intent_cue(tok, self.lex)
        if intent:
            family = "threaten" if code[:2] in VIOLENT_ROOTS else "intent"
            code = self.lex.code_for_act(code, family)
        info = cameo_code(code)

        # When: the nearest date in the act's own clause, else in the clauses governing
        # it; never a date after publication (that is what is promised, not when).
        published = work.article.published
        dates = [self._anchored(d, narrative) for d in dates]
        date_mention, level = _event_date(tok, dates, published, future_ok=False)
        date_value = precision = source_of_date = date_text = date_confidence = None
        past = _past_tense(tok if tok.pos_ != "NOUN" else tok.head)
        countries = {r.country for r in (*cand.sources, *cand.targets) if r and r.country}
        if date_mention is not None:
            date_value, precision, source_of_date, date_text = date_mention.value, date_mention.precision, "text", date_mention.text
            date_confidence = round(0.95**level, 3)
        elif past and narrative.follows(sentence_index, countries):
            # "X and Y talked on Monday. The two leaders agreed to ...": the next sentence
            # about the same parties goes on telling the same day
            date_value, precision, source_of_date, date_text = narrative.value, narrative.precision, "text", narrative.text
            date_confidence = 0.5
        elif published is not None and past:
            date_value, precision, source_of_date, date_confidence = published.isoformat(), "day", "publication", 0.3
        if source_of_date == "text" and date_confidence and date_confidence >= 0.5:
            narrative.remember(sentence_index, date_value, precision, date_text, countries)

        location: Location | None = event_place(tok.i) if event_place else None
        if not cand.targets and cand.sources:
            cand.targets, inferred = self._implicit_target(work, sentence_index, code, cand.sources, location)
            cand.reciprocal = cand.reciprocal and not cand.targets
            if inferred:
                trig = replace(trig, confidence=trig.confidence * 0.85)

        if not cand.targets and len(cand.sources) < 2 and code[:2] in NEEDS_A_COUNTERPART:
            # a meeting with no one named, nor implied by the article, is a meeting within
            # the actor itself ("the cabinet met"), not dealings between parties
            return []
        pairs = _pairs(cand)
        events = []
        for source, target in pairs:
            trigger_span = (tok.idx, tok.idx + len(tok.text))
            span = _event_span(work.sentences[sentence_index], trigger_span, source, target)
            ident = "|".join([work.article.article_id, str(trigger_span), source.code if source else "", target.code if target else "", code])
            event_id = hashlib.sha1(ident.encode("utf-8")).hexdigest()[:16]
            confidence = trig.confidence * (1.0 if (source and target) else 0.8)
            events.append(
                Event(
                    event_id=event_id,
                    article_id=work.article.article_id,
                    cameo=code,
                    root=info.root,
                    event_name=info.name,
                    goldstein=info.goldstein,
                    quad_class=info.quad_class,
                    plover=info.plover,
                    plover_mode=info.plover_mode,
                    plover_context=info.plover_context,
                    source=source,
                    target=target,
                    reciprocal=cand.reciprocal,
                    date=date_value,
                    date_precision=precision,
                    date_source=source_of_date,
                    date_text=date_text,
                    date_confidence=date_confidence,
                    location=location,
                    sentence_index=sentence_index,
                    span=span,
                    trigger=tok.text if trig.noun is None or trig.noun.i == tok.i else f"{tok.text} {trig.noun.text}",
                    trigger_span=trigger_span,
                    confidence=round(min(1.0, confidence), 3),
                    is_root_event=sentence_index == 0,
                )
            )
        return events


def _without_partial_repeats(events: list[Event]) -> list[Event]:
    """Drop an event of a sentence that only repeats, with a role left empty, another of
    the same code there with both roles filled: "prisoners rioted at the jail in Israel,
    setting fire to mattresses" is one riot against Israel, not also one against no one.
    A different code says something the full event does not, so it stays."""
    full = {(e.cameo, _party_code(e.source), _party_code(e.target)) for e in events if e.source and e.target}
    if not full:
        return events
    kept = []
    for e in events:
        if e.source is None or e.target is None:
            src, tgt = _party_code(e.source), _party_code(e.target)
            if any(code == e.cameo and (src is None or src == s) and (tgt is None or tgt == t) for code, s, t in full):
                continue
        kept.append(e)
    return kept


def _party_code(ref: ActorRef | None) -> str | None:
    return ref.code if ref is not None else None


def _event_span(sentence, trigger_span, source: ActorRef | None, target: ActorRef | None) -> tuple[int, int]:
    """From the first to the last of source, trigger and target, within the sentence."""
    points = [trigger_span]
    for ref in (source, target):
        if ref is not None and ref.span and sentence.start <= ref.span[0] and ref.span[1] <= sentence.end:
            points.append(ref.span)
    return min(p[0] for p in points), max(p[1] for p in points)


def _first_conjunct(tok):
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


# Acts whose place says whom they were done to: visits, aid, force.
PLACE_TARGET_ROOTS = {"07", "14", "15", "17", "18", "19", "20"}
# Of consultations, only a visit is aimed at the place's country: an EU summit in
# Brussels is not a meeting with Belgium.
PLACE_TARGET_CODES = {"042"}
# Acts whose place stands for the target even in the actor's own country: a protest in
# Serbia is against Serbia's authorities.
DOMESTIC_ROOTS = {"14", "17"}
# Acts aimed at the actor's own state when no one else is named or implied: protests.
PROTESTS_AT_HOME = {"14"}
# Easing political dissent (calling off a strike or protest) yields to whom the protest
# was aimed at: the group's own state, as for the protest itself.
DISSENT_EASED = {"082"}
# Coercion aimed at the actor's own state's people when no one else is named or implied:
# generic coercion, administrative sanctions (curfews, bans, emergencies), arrests and
# repression. Not seizures, expulsions (of foreigners) or cyber attacks. Threats of the
# same (administrative sanctions such as curfews and bans, 132; repression, 137) threaten
# the same people.
COERCION_AT_HOME = {"170", "172", "173", "175", "132", "137"}


def _country_ref(country: str, text: str | None) -> ActorRef:
    return ActorRef(code=country, country=country, kind="country", actor_id=f"country:{country}", text=text)


def _party(ref: ActorRef, organisations: bool = False) -> str | None:
    """The side an actor is on in an article's dyad: its state, or (when organisations
    count) for an international organisation or its official the organisation's code."""
    if ref.country:
        return ref.country
    return ref.code if organisations and ref.code.startswith("IGO") else None


def _party_ref(party: str) -> ActorRef:
    if party.startswith("IGO"):
        return ActorRef(code=party, kind="organisation", actor_id=f"group:{party}")
    return _country_ref(party, None)


def _dyad_of_article(work: Work, sentence_index: int, organisations: bool = False) -> tuple[str, str] | None:
    """The two parties (states, or an international organisation) an article is about,
    up to this sentence: the two most named,
    when together they make at least three quarters of all country mentions and each
    is named at least twice."""
    counts: dict[str, int] = {}
    for mention in work.actor_mentions:
        if mention.sentence > sentence_index:
            continue
        for ref in mention.members or (mention.ref,):
            party = _party(ref, organisations)
            if party:
                counts[party] = counts.get(party, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) < 2 or ranked[1][1] < 2:
        return None
    if ranked[0][1] + ranked[1][1] < 0.75 * sum(counts.values()):
        return None
    return ranked[0][0], ranked[1][0]


REJECT_ROOT = "12"
# Nouns for a call on someone to act: who makes it is whom a refusal despite it answers.
PRESSING_NOUNS = {"pressure", "call", "demand", "appeal", "request", "plea", "urging", "insistence"}


def _pressing_party(verb, inner, actors, sources: list[ActorRef]) -> list[ActorRef]:
    """Who pressed for what was refused: X in "declined to step down despite pressure
    from X", "refused despite X's calls" (the "despite" phrase may hang from the
    refusal or from the refused act)."""
    for head in (verb, inner) if inner is not None else (verb,):
        for prep in (c for c in children(head) if c.dep_ == "prep" and c.lower_ in ("despite", "notwithstanding")):
            for noun in (c for c in children(prep) if c.dep_ == "pobj" and c.lemma_.lower() in PRESSING_NOUNS):
                parties = [c for c in children(noun) if c.dep_ == "poss"]
                parties += [p for c in children(noun) if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from") for p in children(c) if p.dep_ == "pobj"]
                # an unknown body named after its state ("the Kenya Anti-Graft Board")
                # stands for that state
                parties += [m for p in parties for m in children(p) if m.dep_ in ("compound", "amod", "nmod")]
                for party in parties:
                    found = _other_parties(actors, party, sources)
                    if found:
                        return found
    return []


def _is_among(ref: ActorRef, refs: list[ActorRef]) -> bool:
    return any(_same_actor(ref, other) for other in refs)


def _other_parties(actors: _Actors, token, sources: list[ActorRef]) -> list[ActorRef]:
    """The actors ``token`` names that could be acted on: not among ``sources``, and
    with a country or an organisation (``_with_country``)."""
    return _with_country([r for r in actors.refs_of(token) if not _is_among(r, sources)])


def _with_country(refs: list[ActorRef]) -> list[ActorRef]:
    """Targets need a country or an organisation: "soldiers", "the mayor" alone say
    nothing about who was acted on."""
    return [r for r in refs if r.country or r.kind == "organisation" or len(r.code) > 3]


def _not_own_state(targets: list[ActorRef], sources: list[ActorRef]) -> list[ActorRef]:
    """A state as a whole is not the target of its own people's acts: in "Erdogan warned
    that Turkey would ...", Turkey is who would act, not who is warned."""
    own = {s.country for s in sources if s.country}
    return [t for t in targets if not (t.kind == "country" and t.country in own)]


def _pairs(cand: _Candidate) -> list[tuple[ActorRef | None, ActorRef | None]]:
    """Source-target pairs: every member with every other for a reciprocal act among
    several actors, else every source with every target."""
    if cand.reciprocal and len(cand.sources) > 1 and not cand.targets:
        return [(a, b) for a, b in permutations(cand.sources, 2) if not _same_actor(a, b)]
    sources = cand.sources or [None]
    targets = cand.targets or [None]
    return [(s, t) for s in sources for t in targets if not (s and t and _same_actor(s, t))]


def _same_actor(a: ActorRef, b: ActorRef) -> bool:
    if a.actor_id and b.actor_id:
        return a.actor_id == b.actor_id
    return a.code == b.code and a.name == b.name
