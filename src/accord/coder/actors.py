"""Actors: countries, organisations, groups and named people, with the roles the text gives.

Reads the lexicons (accord.ontology.lexicon: country names, adjectives, capitals and
metonyms; organisations; titles, ranks and bodies) and the parse, and
writes one ActorMention per noun phrase that names or refers to an actor:

* "Turkish National Defence Minister Hulusi Akar" -> person Hulusi Akar, TUR, GOV,
  role "National Defence Minister";
* "Azerbaijani and Turkish servicemen" -> a collective mention of AZEMIL and TURMIL;
* "Ankara said", "the Kremlin" -> the state (TURGOV, RUSGOV);
* "his Turkish counterpart Yashar Guler" -> a person of TUR with the role of the person
  "his" refers to;
* "the parties", "both sides", "the two countries", "they" -> the actors in play;
* "the minister", "Akar" -> the person named before.

Each mention carries an ActorRef with a canonical ``actor_id`` (``person:hulusi-akar``,
``country:TUR``, ``org:nato``), so that the same actor is one actor across articles.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ..ontology import lexicon as lex
from ..records import ActorRef
from .tree import children, conjuncts, lefts, rights, subtree
from .work import MODIFIER, ActorMention, Work

__all__ = ["ActorComponent"]

PERSON_PRONOUNS = {"he", "she", "him", "his", "her", "hers"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs"}
# Nouns that stand for the parties of a dyad when the text says "the two ..." / "both ...".
COLLECTIVE_NOUNS = {
    "country": None, "nation": None, "state": None, "side": None, "party": None,
    "government": "GOV", "leader": "GOV", "president": "GOV", "minister": "GOV",
    "army": "MIL", "military": "MIL", "force": "MIL", "parliament": "LEG", "neighbour": None, "neighbor": None,
    "capital": "GOV", "delegation": "GOV", "ally": None, "partner": None,
}
# "the parties", "the sides" stand for the dyad without a number.
BARE_COLLECTIVES = {"party", "side"}
# "the two countries", "both sides", "the three states": how many parties each word counts.
COLLECTIVE_COUNTS = {"two": 2, "both": 2, "three": 3, "four": 4}
# Dependents that belong to the noun phrase of their head rather than heading their own.
PHRASE_MODIFIERS = {"compound", "nmod", "amod", "poss", "flat", "npadvmod", "nn"}
# What on a head's left belongs to its phrase: its modifiers, and these.
_LEFT_OF_PHRASE = frozenset(PHRASE_MODIFIERS | {"det", "predet", "nummod", "quantmod", "punct", "cc", "conj"})
COUNTERPART = {"counterpart", "counterparts", "opposite", "number"}
# "the bloc", "the alliance": the international organisation named just before.
ORGANISATION_ANAPHORS = {"bloc", "alliance", "organisation", "organization"}


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


@dataclass(frozen=True)
class Entry:
    """What a lexicon phrase found in the text stands for."""

    kind: str  # country | org | title
    code: str | None  # ISO3 or CAMEO region for countries; full CAMEO code for organisations
    sector: str | None
    name: str  # country name, organisation name, or canonical role
    form_kind: str | None = None  # name/adjective/capital/metonym/region..., title/rank/body/group/ministry/modifier
    ambiguous: bool = False
    country: str | None = None  # the state an organisation belongs to
    key: str | None = None  # a stable slug for canonical ids


def _entry(match) -> Entry:
    value = match.value
    if match.lexicon == "country":
        return Entry("country", value.code, value.sector, lex.country_name(value.code), value.kind, match.ambiguous)
    if match.lexicon == "organisation":
        return Entry("org", value.code, value.sector, value.name, "org", match.ambiguous, value.country, value.key)
    return Entry("title", None, value.sector, value.canonical, value.kind)


# ---------------------------------------------------------------- per article


@dataclass
class _Hit:
    start: int
    end: int
    entry: Entry


class ActorComponent:
    name = "accord.actors.v1"
    reads = ("doc", "sentences")
    writes = ("actor_mentions",)

    def __call__(self, work: Work) -> None:
        work.actor_mentions.extend(_ArticleActors(work).run())


class _ArticleActors:
    def __init__(self, work: Work):
        self.work = work
        self.doc = work.doc
        self.tokens = work.tokens
        self.mentions: list[ActorMention] = []
        self.people: dict[str, ActorRef] = {}  # actor_id -> latest ref of each person named
        self.country_counts: Counter[str] = Counter()
        self.hits: dict[int, _Hit] = {}

    # -- scanning ---------------------------------------------------------------

    def run(self) -> list[ActorMention]:
        self._scan()
        for sentence, span in zip(self.work.sentences, self.work.sentence_spans):
            if span is not None:
                self._sentence(sentence.index, span)
        return self.mentions

    def _scan(self) -> None:
        """Mark every lexicon phrase in the article: countries, organisations, titles."""
        texts = self.work.token_texts
        found = []
        i = 0
        while i < len(texts):
            match = lex.longest_match(texts, i)
            if match is None:
                i += 1
                continue
            found.append((match, _entry(match)))
            i = match.end
        # The states the article names in words that mean nothing else: the context an
        # ambiguous metonym needs ("Congress" is the US Congress only beside the US).
        named = {entry.code for _, entry in found if entry.kind == "country" and not entry.ambiguous}
        named |= self._states_of_named_people()
        titled = {k for match, entry in found if entry.kind == "title" for k in range(match.start, match.end)}
        for match, entry in found:
            if self._plausible(entry, self.doc[match.start : match.end], named, titled):
                hit = _Hit(match.start, match.end, entry)
                for k in range(match.start, match.end):
                    self.hits[k] = hit

    def _states_of_named_people(self) -> set[str]:
        """The states whose known office holders the article names ("Congress is asking
        Obama ..." names the US as surely as "the US" does). Read off the tagger's
        person entities, not every token."""
        states = set()
        for ent in self.work.entities:
            if ent.label_ != "PERSON":
                continue
            match = lex.people_index().longest_match([t.text for t in ent], 0)
            if match is None or match.end != len(ent):
                continue
            ref = lex.person_at(match, self.work.article.published)
            if ref is not None and ref.country:
                states.add(ref.country)
        return states

    @staticmethod
    def _plausible(entry: Entry, span, named_states: set[str], titled: set[int] = frozenset()) -> bool:
        """An ambiguous form ("Jordan", "Georgia", "Congress") must read as what we take it
        for: not inside a person's name, for a country not as an organisation, and for a
        body standing for its state only in an article that names that state."""
        if not entry.ambiguous:
            return True
        types = {t.ent_type_ for t in span}
        last = span[-1]
        if entry.kind == "country" and entry.form_kind in ("name", "short") and last.dep_ == "poss" and last.head.i in titled:
            # "Niger's ambassador", "Chad's president": a state's office holder, whatever
            # the named-entity tagger took the name for
            return True
        if "PERSON" in types:
            return False
        if entry.kind == "country" and entry.form_kind == "metonym":
            return entry.code in named_states
        if entry.kind == "country" and entry.form_kind in ("name", "short") and types & {"GPE", "NORP", "LOC"}:
            return True
        return entry.kind == "country" and entry.form_kind in ("adjective", "demonym") and "ORG" not in types

    # -- sentences ----------------------------------------------------------------

    def _noun_phrases(self, span) -> list[tuple[int, int, object]]:
        """Noun phrases read off the dependency tree: each nominal head with the
        modifiers on its left ("U.S. Secretary of State Warren Christopher", "Israel's
        Cabinet"), widened to cover a title that runs past the head ("Minister of
        Foreign Affairs"). spaCy's noun_chunks cut such phrases at "of"."""
        phrases = []
        for tok in self.tokens[span.start : span.end]:
            if tok.pos_ not in ("NOUN", "PROPN", "PRON") or tok.dep_ in PHRASE_MODIFIERS:
                continue
            start = tok.i
            for child in lefts(tok):
                if child.dep_ in _LEFT_OF_PHRASE and child.pos_ != "VERB":
                    start = min(start, child.left_edge.i)
            start = max(start, span.start)
            while start < tok.i and self.tokens[start].is_punct:
                start += 1
            end = tok.i + 1
            for k in range(start, end):
                hit = self.hits.get(k)
                if hit and hit.entry.kind == "title" and hit.end > end:
                    end = hit.end
            phrases.append((start, end, tok))
        # A head inside a longer phrase ("State" in "Secretary of State Warren
        # Christopher") is part of that phrase, not a phrase of its own.
        return [p for p in phrases if not any(q is not p and q[0] <= p[0] and p[1] <= q[1] and (q[1] - q[0]) > (p[1] - p[0]) for q in phrases)]

    def _sentence(self, index: int, span) -> None:
        covered: set[int] = set()
        # Appositions belong to the phrase they rename: "his counterpart Yashar Guler".
        merged: list[tuple[int, int, object]] = []
        for start, end, root in self._noun_phrases(span):
            renames_previous = bool(merged) and (
                root.dep_ == "appos" and (root.head.i in range(merged[-1][0], merged[-1][1]) or start == merged[-1][1])
                # "his Turkish counterpart Recep Tayyip Erdogan", whatever the parser made of it
                or start == merged[-1][1] and root.pos_ == "PROPN" and merged[-1][2].lower_ in COUNTERPART
            )
            if renames_previous:
                first, _end, head = merged[-1]
                merged[-1] = (first, end, head)
            else:
                merged.append((start, end, root))
        for start, end, root in merged:
            mention = self._phrase(index, start, end, root)
            if mention is not None:
                self._add(mention)
                covered.update(range(start, end))
            # a country name inside a phrase that is not an actor: "Azerbaijan's victory"
            for k in range(start, end):
                hit = self.hits.get(k)
                if hit and k == hit.start and hit.entry.kind == "country" and not set(range(hit.start, hit.end)) & covered:
                    if hit.entry.form_kind in ("name", "short", "capital", "metonym", "demonym"):
                        self._add(self._country_mention(index, hit))
                        covered.update(range(hit.start, hit.end))
        self._possessive_pronouns(index, span, covered)
        # Country adjectives left inside phrases that are not actors ("an Australian
        # ultimatum", "Israeli air raids") can still say whom an act is aimed at.
        for k in range(span.start, span.end):
            hit = self.hits.get(k)
            if hit and k == hit.start and hit.entry.kind == "country" and not set(range(hit.start, hit.end)) & covered:
                if hit.entry.form_kind in ("adjective", "demonym"):
                    mention = self._country_mention(index, hit)
                    mention.resolved_from = MODIFIER
                    self.mentions.append(mention)
        # Country names the chunker left out (e.g. possessives, objects of "by").
        for k in range(span.start, span.end):
            hit = self.hits.get(k)
            if hit and k == hit.start and k not in covered:
                if hit.entry.kind == "country" and hit.entry.form_kind in ("name", "short", "capital", "metonym"):
                    self._add(self._country_mention(index, hit))
                    covered.update(range(hit.start, hit.end))
                elif hit.entry.kind == "org":
                    self._add(self._org_mention(index, hit, None))
                    covered.update(range(hit.start, hit.end))
        self._countries_for_sectors(index, span)

    def _countries_for_sectors(self, index: int, span) -> None:
        """A group or office named without its state ("Judge X", "members of parliament",
        "the leaders") takes the state the sentence places it in: one named in its own
        phrase ("workers affiliated with the Serbian union", "journalists at Sudan's
        daily"), else the one of a word it is coordinated with ("Israeli helicopters and
        tanks"), else the only state the sentence names at all. A sector without a
        state says nothing about who acted; the only state in sight is the likeliest."""
        pending = [
            m for m in reversed(self.mentions) if m.sentence == index and not m.members and m.ref.country is None
            and m.ref.sector and m.ref.code == m.ref.sector and m.ref.kind in ("group", "person")
        ]
        if not pending:
            return
        only = None
        codes = {h.entry.code for k in range(span.start, span.end) if (h := self.hits.get(k)) and h.entry.kind == "country"}
        if len(codes) == 1:
            only = next(iter(codes))
        found: dict[str, str] = {}
        for mention in sorted(pending, key=lambda m: m.resolved_from is not None):
            ref = mention.ref
            country = found.get(ref.actor_id or "") if mention.resolved_from else None
            if country is None:
                country = self._country_in_phrase(mention) or self._country_of_conjunct(mention)
            if country is None and not self._owned_by_a_name(mention):
                country = only
            if country is None:
                continue
            ref.country, ref.code = country, country + ref.sector
            if ref.kind == "group":
                old, ref.actor_id = ref.actor_id, f"group:{ref.code}"
            else:
                old = ref.actor_id
            found[old or ""] = country
            self.country_counts[country] += 1

    def _country_in_phrase(self, mention: ActorMention) -> str | None:
        """The first state named in what follows a phrase's head inside its own subtree
        (its prepositions and participles), not in a clause of its own."""
        head = self.tokens[mention.head]
        for child in rights(head):
            if child.dep_ not in ("prep", "acl", "appos"):
                continue
            for tok in subtree(child):
                hit = self.hits.get(tok.i)
                if hit is None:
                    continue
                if hit.entry.kind == "country":
                    return hit.entry.code
                if hit.entry.kind == "org" and hit.entry.country:
                    return hit.entry.country
        return None

    def _owned_by_a_name(self, mention: ActorMention) -> bool:
        """"Niger's ambassador": the phrase names its state, in words we do not know."""
        return any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in children(self.tokens[mention.head]))

    def _country_of_conjunct(self, mention: ActorMention) -> str | None:
        """"Israeli helicopters and tanks": the tanks are Israeli too."""
        head = self.tokens[mention.head]
        for other in conjuncts(head):
            for m in self.mentions:
                if m.sentence == mention.sentence and m.head == other.i and m.ref.country:
                    return m.ref.country
        return None

    def _possessive_pronouns(self, index: int, span, covered: set[int]) -> None:
        """"his visit", "their talks": the person or group the pronoun stands for. A
        pronoun in a phrase fronted before the main clause points forward to its subject
        ("During his visit to Ankara, the minister met ...")."""
        root = span.root
        subject = next((c for c in children(root) if c.dep_ in ("nsubj", "nsubjpass")), None)
        for tok in self.tokens[span.start : span.end]:
            if tok.dep_ != "poss" or tok.i in covered:
                continue
            if tok.lower_ not in PERSON_PRONOUNS | PLURAL_PRONOUNS:
                continue
            if tok.head.lower_ in COUNTERPART:
                continue
            ahead = [m for m in self.mentions if m.sentence == index and m.start > tok.i]
            target = None
            if tok.i < root.i and subject is not None and subject.i > tok.i:
                target = next((m for m in ahead if m.start <= subject.i < m.end or m.head == subject.i), None)
            elif tok.i < root.i and subject is None:
                # the parser left the main verb without a subject: the first actor
                # named between the pronoun and the verb is the one fronted
                target = next((m for m in ahead if m.end <= root.i and (m.ref.kind == "person" or m.members)), None)
            if target is None:
                if tok.lower_ in PLURAL_PRONOUNS:
                    mention = self._plural_pronoun(index, tok)
                else:
                    mention = self._person_pronoun(index, tok)
                if mention is not None:
                    self._add(mention)
                continue
            span_chars = self._char_span(tok.i, tok.i + 1)
            members = tuple(r.model_copy(update={"text": tok.text, "span": span_chars}) for r in target.members)
            ref = target.ref.model_copy(update={"text": tok.text, "span": span_chars})
            self._add(
                ActorMention(ref=ref, start=tok.i, end=tok.i + 1, head=tok.i, sentence=index, span=span_chars, members=members, resolved_from="pronoun")
            )

    def _add(self, mention: ActorMention) -> None:
        self.mentions.append(mention)
        for ref in mention.members or (mention.ref,):
            if ref.country:
                self.country_counts[ref.country] += 1
            if ref.kind == "person" and ref.actor_id:
                self.people[ref.actor_id] = ref

    def _char_span(self, start: int, end: int) -> tuple[int, int]:
        last = self.tokens[end - 1]
        return self.tokens[start].idx, last.idx + len(last.text)

    # -- one noun phrase --------------------------------------------------------------

    def _phrase(self, index: int, start: int, end: int, root) -> ActorMention | None:
        words = self.tokens[start:end]
        single = end - start == 1
        hits = []
        seen = set()
        for k in range(start, end):
            hit = self.hits.get(k)
            if hit and id(hit) not in seen:
                seen.add(id(hit))
                hits.append(hit)
        countries = [h for h in hits if h.entry.kind == "country"]
        titles = [h for h in hits if h.entry.kind == "title"]
        orgs = [h for h in hits if h.entry.kind == "org"]
        taken = {k for h in hits for k in range(h.start, h.end)}
        lower = root.lower_

        # Pronouns and collective phrases first: they name no one themselves.
        if single and lower in PERSON_PRONOUNS and root.dep_ != "poss":
            return self._person_pronoun(index, root)
        if lower in PLURAL_PRONOUNS and single:
            return self._plural_pronoun(index, root)
        if lower == "it" and single:
            return self._reporter_pronoun(index, root)
        collective = self._collective(index, start, end, root, countries)
        if collective is not None:
            return collective
        if lower in ORGANISATION_ANAPHORS and not hits and any(c.dep_ == "det" and c.lower_ == "the" for c in children(root)):
            return self._organisation_anaphor(index, start, end, root)
        if not hits and not any(t.pos_ == "PROPN" for t in words):
            # no lexicon word and no name: most noun phrases, and not an actor
            return None

        # A span only for the phrases that may name an actor: most have returned above.
        tokens = self.doc[start:end]
        person_tokens = self._person_name(tokens, taken)
        rank = next((h for h in titles if h.entry.form_kind == "rank"), None)
        role_hits = [h for h in titles if h.entry.form_kind != "rank"]
        # the title that heads the phrase ("university students" are students), else the longest
        role = max(role_hits, key=lambda h: (h.start <= root.i < h.end, h.end - h.start), default=None)
        counterpart = lower in COUNTERPART or any(t.lower_ in COUNTERPART for t in words)

        if person_tokens or counterpart:
            return self._person(index, start, end, root, person_tokens, countries, role, rank, orgs, counterpart)
        if orgs and (not role or orgs[0].start <= role.start):
            return self._org_mention(index, orgs[0], (start, end, root))
        if role is not None and root.i in range(role.start, role.end):
            # the title must be the phrase's head: "military" in "military cooperation" is not an actor
            return self._group(index, start, end, root, countries, role, tokens)
        if role is not None and role.entry.form_kind in ("group", "body") and self._names_what_role_says(role, root):
            # "the rebel Revolutionary United Front", "the opposition Liberal Party": a
            # word of kind before a name the lexicons lack says what that name is
            return self._group(index, start, end, root, countries, role, tokens)
        if countries and root.i in {k for h in countries for k in range(h.start, h.end)}:
            hit = next(h for h in countries if h.start <= root.i < h.end)
            if hit.entry.form_kind == "demonym":
                # "Nigerians", "ethnic Albanians in Serbia": people of a state, its
                # civilians, not the state itself (CAMEO's CVL)
                country = self._residence(index, start, root, hit) or hit.entry.code
                span = self._char_span(start, end)
                ref = self._ref("group", country, "CVL", None, None, None, span, tokens.text)
                return ActorMention(ref=ref, start=start, end=end, head=root.i, sentence=index, span=span)
            if hit.entry.form_kind in ("name", "short", "capital", "metonym", "demonym"):
                return self._country_mention(index, hit, (start, end, root))
        if countries and root.pos_ == "NOUN" and root.tag_ == "NNS":
            # "Palestinian homes", "Iraqi towns", "German goods": people or things of a
            # country that an act is done to or by stand for that country
            modifier = next((h for h in countries if any(self.tokens[k].head.i == root.i for k in range(h.start, h.end))), None)
            if modifier is not None:
                if role is not None:
                    # "Ugandan opposition candidates": the title words give the sector
                    return self._group(index, start, end, root, [modifier], role, tokens)
                return self._country_mention(index, modifier, (start, end, root))
        return None

    def _names_what_role_says(self, role: _Hit, root) -> bool:
        """The role word stands right before a proper name that heads the phrase."""
        between = self.doc[role.end : root.i + 1]
        return root.pos_ == "PROPN" and role.end <= root.i and all(t.pos_ == "PROPN" for t in between)

    def _person_name(self, tokens, taken: set[int]) -> list:
        """Proper nouns of a person's name in the phrase, without titles, ranks and
        country words. A single word counts when NER or a title marks it a person."""
        # The last run of proper nouns, hyphens included ("Boutros Boutros-Ghali"),
        # after any title, rank or country word: "Lt-Gen Karim Valiyev" -> Karim Valiyev.
        run: list = []
        for t in reversed(self.tokens[tokens.start : tokens.end]):
            if t.i in taken and run:
                break
            is_name = t.pos_ == "PROPN" and t.i not in taken and t.text[:1].isupper()
            joins = t.text in ("-", "‐") and run and t.i > tokens.start
            if is_name or joins:
                run.insert(0, t)
            elif run:
                break
        while run and not run[0].is_alpha:
            run.pop(0)
        if not run:
            return []
        before = self.tokens[run[0].i - 1] if run[0].i > 0 else None
        titled = before is not None and self.hits.get(before.i) is not None and self.hits[before.i].entry.kind == "title"
        named = any(t.ent_type_ == "PERSON" for t in run)
        if self._known_surname(run) or self._known_person(run) is not None:
            return run
        # One capitalised word is a person only when a title stands before it ("Minister
        # Akar"); NER alone mislabels places and peoples as people ("Shusha").
        if len(run) == 1 and not titled:
            return []
        if not (named or titled):
            return []
        if not named and not titled and any(t.ent_type_ in ("GPE", "LOC", "FAC", "ORG", "NORP") for t in run):
            return []
        return run

    def _known_person(self, run):
        """The office holder a name stands for on the article's date, or None."""
        texts = [t.text for t in run]
        match = lex.people_index().longest_match(texts, 0)
        if match is None or match.end != len(texts):
            return None
        return lex.person_at(match, self.work.article.published)

    def _known_surname(self, run) -> ActorRef | None:
        if len(run) != 1:
            return None
        word = run[0].text
        for ref in reversed(list(self.people.values())):
            if ref.name and ref.name.split()[-1] == word:
                return ref
        return None

    # -- kinds of mention ---------------------------------------------------------------

    def _person(self, index, start, end, root, person_tokens, countries, role, rank, orgs, counterpart):
        name = None
        country = None
        sector = role.entry.sector if role else rank.entry.sector if rank else None
        role_text = self.doc[role.start : role.end].text if role else None
        resolved = None
        if person_tokens:
            earlier = self._known_surname(person_tokens)
            if earlier is not None and not countries and not counterpart:
                # "Stoltenberg said": the person named in full before, as named then
                span = self._char_span(start, end)
                ref = earlier.model_copy(update={"text": self.doc[start:end].text, "span": span})
                return ActorMention(ref=ref, start=start, end=end, head=root.i, sentence=index, span=span, resolved_from="surname")
            if earlier is not None:
                name, country = earlier.name, earlier.country
                sector, role_text = sector or earlier.sector, role_text or earlier.role
                resolved = "surname"
            else:
                name = self.doc[person_tokens[0].i : person_tokens[-1].i + 1].text
                for ref in self.people.values():
                    if ref.name == name:
                        country, sector, role_text = ref.country, sector or ref.sector, role_text or ref.role
        org_code = None
        if countries:
            country = countries[0].entry.code
        elif orgs and orgs[0].entry.country:
            country = orgs[0].entry.country
        elif orgs:
            # "NATO Secretary-General Jens Stoltenberg" acts for NATO
            org_code = orgs[0].entry.code
        else:
            via_of = self._country_after_of(root)
            if via_of:
                country = via_of
        if country is None and org_code is None and person_tokens and not counterpart:
            # The dictionary of office holders, as a fallback for what the text leaves
            # out: "President Ilham Aliyev", "Putin said". The term must cover the
            # article's date, so a dictionary entry never outlives the post.
            known = self._known_person(person_tokens)
            if known is not None:
                name = known.name
                country, org_code = known.country, known.org_code if not known.country else None
                sector = sector or known.sector
                role_text = role_text or known.role
                resolved = resolved or "dictionary"
        if counterpart:
            other = self._counterpart_of(index, root)
            if other is not None:
                sector = sector or other.sector
                role_text = role_text or other.role
                if country is None:
                    country = self._other_country(other.country)
                elif other.country is None:
                    # "X and his Turkish counterpart": X is of the dyad's other side
                    self._set_country(other.actor_id, self._other_country(country))
                resolved = resolved or "counterpart"
        if name is None and role_text is None and country is None and org_code is None:
            return None
        if org_code is not None and country is None:
            ref = self._ref("person" if name else "group", None, None, name, role_text, None, self._char_span(start, end), self.doc[start:end].text)
            ref.code = org_code
            return ActorMention(ref=ref, start=start, end=end, head=root.i, sentence=index, span=ref.span, resolved_from=resolved)
        ref = self._ref(
            kind="person" if name else "group",
            country=country,
            sector=sector,
            name=name,
            role=role_text,
            rank=self.doc[rank.start : rank.end].text if rank else None,
            span=self._char_span(start, end),
            text=self.doc[start:end].text,
        )
        return ActorMention(ref=ref, start=start, end=end, head=root.i, sentence=index, span=ref.span, resolved_from=resolved)

    def _definite_holder(self, index, start, end, root, countries, role) -> ActorMention | None:
        """"the minister", "the president" with no name or country: the person named
        before with that post (the latest of them)."""
        if role.entry.form_kind != "title" or countries or root.tag_ != "NN":
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in children(root)):
            return None
        post = role.entry.name
        for mention in reversed(self.mentions):
            ref = mention.ref
            if ref.kind == "person" and ref.role and (post in ref.role.lower() or ref.role.lower() in post):
                span = self._char_span(start, end)
                found = ref.model_copy(update={"text": self.doc[start:end].text, "span": span})
                return ActorMention(ref=found, start=start, end=end, head=root.i, sentence=index, span=span, resolved_from="definite")
        return None

    def _residence(self, index: int, start: int, root, hit) -> str | None:
        """Where a people lives, when the text says it is not (or not only) their state:
        "the Albanians of southern Serbia", "ethnic Albanians ... in Serbia", "Kosovo
        Albanians" act for and within Serbia or Kosovo. None when the demonym simply stands for its state."""
        living = [c for c in self._countries_after(root) if c != hit.entry.code]
        if living:
            return living[0]
        for k in range(start, hit.start):
            # "Bosnian Serbs", "Croatian Serbs": the people of the state named before them
            other = self.hits.get(k)
            if other and other.entry.kind == "country" and other.entry.form_kind == "adjective" and other.entry.code != hit.entry.code:
                return other.entry.code
        if hit.start > 0 and self.tokens[hit.start - 1].lower_ == "ethnic":
            span = self.doc[root.sent.start : root.sent.end]
            for tok in span:
                other = self.hits.get(tok.i)
                if other and other.entry.kind == "country" and other.entry.code != hit.entry.code and other.entry.form_kind in ("name", "short"):
                    return other.entry.code
        return None

    def _organisation_anaphor(self, index, start, end, root) -> ActorMention | None:
        """"NATO's chief said the alliance would ...", "EU envoy X said the bloc was
        ready ...": the international organisation named (or whose official was named)
        last, in this sentence or the two before."""
        for mention in reversed(self.mentions):
            if mention.sentence < index - 2:
                break
            ref = mention.ref
            if ref.country is None and ref.code.startswith("IGO"):
                span = self._char_span(start, end)
                if ref.kind == "organisation":
                    found = ref.model_copy(update={"text": self.doc[start:end].text, "span": span})
                else:
                    # an official of the organisation: the organisation itself
                    organisation = next((o for o in lex.default_lexicon().organisation_list if o.code == ref.code), None)
                    name = organisation.name if organisation else ref.code
                    key = organisation.key if organisation else _slug(name)
                    found = ActorRef(
                        code=ref.code, name=name, kind="organisation", actor_id=f"org:{key}", text=self.doc[start:end].text, span=span
                    )
                return ActorMention(ref=found, start=start, end=end, head=root.i, sentence=index, span=span, resolved_from="definite")
        return None

    def _mention_of(self, index: int, token) -> ActorMention | None:
        """The mention of sentence ``index`` that the token heads or lies in."""
        return next((m for m in self.mentions if m.sentence == index and (m.head == token.i or m.start <= token.i < m.end)), None)

    def _possessor_country(self, index, root) -> str | None:
        """"Algeria recalled its ambassador": "its" is the state that is the subject."""
        owner = next((c for c in children(root) if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
        if owner is None:
            return None
        verb = root
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        subject = next((c for c in children(verb) if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.i == root.i and verb.dep_ == "ccomp":
            # "Bosnian Serbs said their forces had withdrawn": the phrase is itself the
            # subject, so "their" is the one who says so
            verb = verb.head
            subject = next((c for c in children(verb) if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.i == root.i:
            return None
        mention = self._mention_of(index, subject)
        if mention is None and subject.lower_ == "it":
            mention = self._reporter_pronoun(index, subject)
        return mention.ref.country if mention is not None else None

    def _country_of_place_word(self, root) -> str | None:
        """"Darfur rebels", "Kharkiv police": a place named before a group places it."""
        from ..ontology.gazetteer import gazetteer

        for child in children(root):
            if child.dep_ in ("compound", "nmod") and child.pos_ == "PROPN" and child.i not in self.hits:
                place = gazetteer().resolve(child.text)
                if place is not None and place.country:
                    return place.country
        return None

    def _countries_after(self, root) -> list[str]:
        """Every country after "of"/"from"/"in": "ministers from Egypt, Ethiopia and Sudan",
        "students throughout Indonesia"."""
        codes: list[str] = []
        for child in children(root):
            if child.dep_ == "prep" and child.lower_ in ("of", "from", "in", "throughout"):
                for pobj in children(child):
                    for tok in (pobj, *conjuncts(pobj)) if pobj.dep_ == "pobj" else ():
                        hit = self.hits.get(tok.i)
                        if hit and hit.entry.kind == "country" and hit.entry.code not in codes:
                            codes.append(hit.entry.code)
        return codes

    def _country_after_of(self, root) -> str | None:
        """"the Foreign Minister of Turkey", "the president of France", "ministers from Egypt"."""
        for child in children(root):
            if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                for pobj in children(child):
                    hit = self.hits.get(pobj.i)
                    if hit and hit.entry.kind == "country":
                        return hit.entry.code
        return None

    def _counterpart_of(self, index: int, root) -> ActorRef | None:
        """Whose counterpart: the subject of the clause ("X met Y and his counterpart Z",
        "X and his counterpart Z signed"), else the nearest person named before."""
        verb = root
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        subject = next((c for c in children(verb) if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.i != root.i:
            owner = next(
                (m for m in self.mentions if (m.ref.kind == "person" or m.ref.role) and (m.head == subject.i or m.start <= subject.i < m.end)),
                None,
            )
            if owner is not None:
                return owner.ref
        if subject is None and verb.i < root.i:
            # the parser left the verb without a subject: the person just before it
            agent = [m for m in self.mentions if m.ref.kind == "person" and m.sentence == index and m.end <= verb.i]
            if agent:
                return agent[-1].ref
        before = [m for m in self.mentions if m.ref.kind == "person" and m.start < root.i]
        same_sentence = [m for m in before if m.sentence == index]
        pool = same_sentence or before
        return pool[-1].ref if pool else None

    def _set_country(self, actor_id: str | None, country: str | None) -> None:
        if not actor_id or not country:
            return
        for mention in self.mentions:
            for ref in (mention.ref, *mention.members):
                if ref.actor_id == actor_id and ref.country is None:
                    ref.country = country
                    ref.code = country + (ref.sector or "")
        self.country_counts[country] += 1

    def _other_country(self, country: str | None) -> str | None:
        """The other side of the dyad in play, when one side is known."""
        ranked = [c for c, _ in self.country_counts.most_common() if c != country]
        return ranked[0] if ranked else None

    def _group(self, index, start, end, root, countries, role, tokens) -> ActorMention | None:
        earlier = self._definite_holder(index, start, end, root, countries, role)
        if earlier is not None:
            return earlier
        sector = role.entry.sector
        codes = []
        for hit in countries:
            if hit.entry.code not in codes:
                codes.append(hit.entry.code)
        if not codes:
            codes = self._countries_after(root)
        span = self._char_span(start, end)
        text = self.doc[start:end].text
        role_text = self.doc[role.start : role.end].text
        if len(codes) > 1:
            members = tuple(self._ref("group", c, sector, None, role_text, None, span, text) for c in codes)
            ref = members[0]
            return ActorMention(ref=ref, start=start, end=end, head=root.i, sentence=index, span=span, members=members)
        country = codes[0] if codes else self._possessor_country(index, root) or self._country_after_of(root) or self._country_of_place_word(root)
        resolved = None
        if country is None and role.entry.form_kind in ("ministry", "body"):
            # "the Defence Ministry", "the army": the state the article is about.
            country = self._home_country()
            resolved = "context" if country else None
        if country is None and sector is None:
            return None
        ref = self._ref("group", country, sector, None, role_text, None, span, text)
        return ActorMention(ref=ref, start=start, end=end, head=root.i, sentence=index, span=span, resolved_from=resolved)

    def _home_country(self) -> str | None:
        if not self.country_counts:
            return None
        return next((m.ref.country for m in self.mentions if m.ref.country), None)

    def _country_mention(self, index, hit: _Hit, phrase=None) -> ActorMention:
        start, end, root = phrase if phrase else (hit.start, hit.end, self.tokens[hit.end - 1])
        entry = hit.entry
        span = self._char_span(start, end)
        # "Ankara said", "Moscow rejected": a capital that acts is the state's government;
        # "visited Warsaw" is a visit to Poland
        acting = root.dep_ in ("nsubj", "nsubjpass") or root.dep_ == "pobj" and root.head.lower_ == "by"
        sector = entry.sector or ("GOV" if entry.form_kind == "capital" and acting else None)
        ref = self._ref("country", entry.code, sector, None, None, None, span, self.doc[start:end].text)
        return ActorMention(ref=ref, start=start, end=end, head=root.i, sentence=index, span=span)

    def _org_mention(self, index, hit: _Hit, phrase) -> ActorMention:
        start, end, root = phrase if phrase else (hit.start, hit.end, self.tokens[hit.end - 1])
        entry = hit.entry
        span = self._char_span(start, end)
        ref = ActorRef(
            code=entry.code or "IGO",
            country=entry.country,
            sector=entry.sector,
            name=entry.name,
            kind="organisation",
            actor_id=f"org:{entry.key or _slug(entry.name)}",
            text=self.doc[start:end].text,
            span=span,
        )
        return ActorMention(ref=ref, start=start, end=end, head=root.i, sentence=index, span=span)

    def _collective(self, index, start, end, root, countries) -> ActorMention | None:
        """"the two countries", "both sides", "the parties", "the two countries' armies"."""
        lemma = root.lemma_.lower()
        owner = next((c for c in children(root) if c.dep_ == "poss"), None)
        if lemma not in COLLECTIVE_NOUNS and (owner is None or owner.lemma_.lower() not in COLLECTIVE_NOUNS):
            return None  # most phrases: neither their head nor its owner is a collective noun
        count_word = next((c.lower_ for c in children(root) if c.dep_ in ("nummod", "det", "predet", "preconj") and c.lower_ in COLLECTIVE_COUNTS), None)
        numbered = count_word is not None
        sector = None
        if owner is not None and owner.lemma_.lower() in COLLECTIVE_NOUNS and any(
            c.lower_ in ("two", "both") for c in children(owner)
        ):
            numbered, sector = True, COLLECTIVE_NOUNS.get(lemma)
        elif lemma in COLLECTIVE_NOUNS and (numbered or (lemma in BARE_COLLECTIVES and root.tag_ == "NNS")):
            sector = COLLECTIVE_NOUNS[lemma]
        else:
            return None
        if countries and len({h.entry.code for h in countries}) > 1:
            codes = list(dict.fromkeys(h.entry.code for h in countries))
        else:
            codes = self._dyad_in_play(index, COLLECTIVE_COUNTS.get(count_word or "two", 2))
        if len(codes) < 2:
            return None
        span = self._char_span(start, end)
        text = self.doc[start:end].text
        members = tuple(self._ref("country" if not sector else "group", c, sector, None, None, None, span, text) for c in codes)
        return ActorMention(
            ref=members[0], start=start, end=end, head=root.i, sentence=index, span=span, members=members, resolved_from="collective"
        )

    def _dyad_in_play(self, index: int, size: int = 2) -> list[str]:
        """The ``size`` countries most recently named together, else the most named."""
        by_sentence: dict[int, list[str]] = {}
        for m in self.mentions:
            for ref in m.members or (m.ref,):
                if ref.country and ref.country not in by_sentence.setdefault(m.sentence, []):
                    by_sentence[m.sentence].append(ref.country)
        for sentence in sorted(by_sentence, reverse=True):
            if sentence <= index and len(by_sentence[sentence]) >= size:
                return by_sentence[sentence][:size]
        return [c for c, _ in self.country_counts.most_common(size)]

    def _reporter_pronoun(self, index, root) -> ActorMention | None:
        """"Japan said it had halted aid": "it" in a clause reported by a state or an
        organisation is that state or organisation."""
        # The nearest clause up the tree whose subject is a state or an organisation
        # reports it: in "the release came as Israel announced it would free ...", Israel,
        # not the subject of the main clause ("the release").
        node = root.head
        owner = None
        while owner is None:
            subject = next((c for c in children(node) if c.dep_ in ("nsubj", "nsubjpass") and c.i != root.i), None)
            if subject is not None:
                found = self._mention_of(index, subject)
                # a body of a kind ("the rebel front", "the opposition") reports "it" too,
                # even before its state is known
                if found is not None and not found.members and (found.ref.kind in ("country", "organisation", "group") or found.ref.country):
                    owner = found
            if node.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "aux") or node.head.i == node.i:
                break
            node = node.head
        if owner is None:
            return None
        span = self._char_span(root.i, root.i + 1)
        ref = owner.ref.model_copy(update={"text": root.text, "span": span})
        return ActorMention(ref=ref, start=root.i, end=root.i + 1, head=root.i, sentence=index, span=span, resolved_from="pronoun")

    def _person_pronoun(self, index, root) -> ActorMention | None:
        before = [m for m in self.mentions if m.ref.kind == "person" and m.start < root.i]
        if not before:
            return None
        ref = before[-1].ref.model_copy(update={"text": root.text, "span": self._char_span(root.i, root.i + 1)})
        return ActorMention(ref=ref, start=root.i, end=root.i + 1, head=root.i, sentence=index, span=ref.span, resolved_from="pronoun")

    def _plural_pronoun(self, index, root) -> ActorMention | None:
        """"they", "them": the last collective ("the two sides") or plural group ("two
        French diplomats") named in this or the two sentences before."""
        before = [
            m
            for m in self.mentions
            if m.start < root.i and (m.members or self.tokens[m.head].tag_ in ("NNS", "NNPS") and m.ref.kind != "person")
        ]
        if not before or before[-1].sentence < index - 2:
            return None
        last = before[-1]
        if not last.members:
            span = self._char_span(root.i, root.i + 1)
            ref = last.ref.model_copy(update={"text": root.text, "span": span})
            return ActorMention(ref=ref, start=root.i, end=root.i + 1, head=root.i, sentence=index, span=span, resolved_from="pronoun")
        span = self._char_span(root.i, root.i + 1)
        members = tuple(r.model_copy(update={"text": root.text, "span": span}) for r in last.members)
        return ActorMention(
            ref=members[0], start=root.i, end=root.i + 1, head=root.i, sentence=index, span=span, members=members, resolved_from="pronoun"
        )

    def _ref(self, kind, country, sector, name, role, rank, span, text) -> ActorRef:
        code = (country or "") + (sector or "") or "UNK"
        if kind == "person" and name:
            actor_id = f"person:{_slug(name)}"
        elif kind == "country" and not sector:
            actor_id = f"country:{country}"
        else:
            actor_id = f"group:{code}"
        return ActorRef(
            code=code,
            country=country,
            sector=sector,
            name=name,
            role=role,
            rank=rank,
            kind=kind,
            actor_id=actor_id,
            text=text,
            span=span,
        )
