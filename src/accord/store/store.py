"""The store: coded articles in, the shared records out, one transaction per article.

    from accord.store import open_store
    with open_store("accord.duckdb") as store:
        outcome = store.write(coded)            # WriteOutcome(status="written", ...)
        store.write(coded)                      # status="skipped": same text already stored
        store.write(recoded, replace=True)      # status="replaced"

Article identity. An article is known by the hash of its normalised text
(``records.content_hash``), not by its id: the same text read twice is stored once,
and two different files that are both called ``a.txt`` are two articles. The id an
input gives becomes the article's label (``article_id``) when no other stored text
has it; otherwise the label is that id plus ``~`` and the first 8 hex digits of the
hash (``a~3f2c9d1e``), so labels stay unique and the same input always gets the same
label. Every row the article brings uses that label.

Events and facts are merged across articles as ``accord.store.identity`` describes;
an event stored once carries every place it was told as a mention.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from ..errors import OntologyError, StoreError, StoreWriteError
from ..ontology.cameo import cameo_code
from ..records import ActorRef, Article, CodedArticle, Event, Fact, Mention, Sentence
from . import identity
from .backend import Backend, DuckDBBackend
from .rows import (
    EVENT_COLUMNS,
    FACT_COLUMNS,
    MENTION_COLUMNS,
    actor_id_for,
    event_from_row,
    event_values,
    fact_from_row,
    fact_values,
    mention_from_row,
    parse_event_date,
    placeholders,
)
from .schema import migrate

__all__ = ["Store", "WriteOutcome", "open_store"]

# How many ids go into one ``IN (...)`` list; keeps statements a sane size.
_CHUNK = 500


class WriteOutcome(BaseModel):
    """What ``Store.write`` did with one article."""

    status: Literal["written", "replaced", "skipped"]
    article_id: str
    content_hash: str
    events_new: int = 0
    events_merged: int = 0
    facts_new: int = 0
    facts_merged: int = 0


def open_store(target: str | Path, *, read_only: bool = False) -> Store:
    """Open (creating and migrating if needed) the database at ``target``.

    ``target`` is a DuckDB file path (``:memory:`` for a throwaway one) or a
    ``postgresql://`` URL. ``read_only`` opens an existing database for queries only:
    several read-only processes can share a DuckDB file, a writer cannot.
    """
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        raise StoreError(
            "PostgreSQL storage is not available in this version of Accord; use a DuckDB file path",
            item=text.split("@")[-1],
        )
    return Store(DuckDBBackend(text, read_only=read_only))


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class _Report:
    """One place an article tells an event: what it says there, and where."""

    told: Event
    sentence_index: int
    span: tuple[int, int]
    trigger: str | None
    trigger_span: tuple[int, int] | None


def _as_told(event: Event, mention: Mention, item: str) -> Event:
    """The event as one mention tells it: a mention may name its own code and actors."""
    changes: dict[str, Any] = {}
    if mention.cameo and mention.cameo != event.cameo:
        try:
            code = cameo_code(mention.cameo)
        except OntologyError as exc:
            raise StoreWriteError(f"a mention of event {event.event_id} has {exc.reason}", item=item) from None
        changes |= {
            "cameo": code.code, "root": code.root, "event_name": code.name, "goldstein": code.goldstein,
            "quad_class": code.quad_class, "plover": code.plover, "plover_mode": code.plover_mode,
            "plover_context": code.plover_context,
        }  # fmt: skip
    if mention.source is not None:
        changes["source"] = mention.source
    if mention.target is not None:
        changes["target"] = mention.target
    return event.model_copy(update=changes) if changes else event


def _reports(event: Event, item: str) -> list[_Report]:
    """The event's own sentence first, then each other mention the coder listed."""
    reports = [_Report(event, event.sentence_index, tuple(event.span), event.trigger, event.trigger_span)]
    seen = {(event.sentence_index, tuple(event.span))}
    for mention in event.mentions:
        key = (mention.sentence_index, tuple(mention.span))
        if key not in seen:
            seen.add(key)
            told = _as_told(event, mention, item)
            reports.append(_Report(told, mention.sentence_index, tuple(mention.span), mention.trigger, None))
    return reports


class Store:
    """One Accord database behind a backend (DuckDB now; PostgreSQL uses the same SQL)."""

    def __init__(self, backend: Backend):
        self.backend = backend
        try:
            self.schema_version = migrate(backend)
        except BaseException:
            backend.close()
            raise

    # -- life cycle ------------------------------------------------------------

    @property
    def target(self) -> str:
        return self.backend.target

    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------

    def has_article(self, content_hash: str) -> bool:
        """True if an article with this text (``records.content_hash``) is stored."""
        return bool(self.backend.query("SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,)))

    def write(self, coded: CodedArticle, *, replace: bool = False) -> WriteOutcome:
        """Store one coded article and everything found in it, in one transaction.

        An article whose text is already stored is skipped, unless ``replace``: then its
        previous rows are removed and the new ones written, in the same transaction. On
        any failure nothing of this article is kept and nothing stored before changes.
        """
        _check_consistent(coded)
        article = coded.article
        digest = article.content_hash
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        with self.backend.transaction():
            stored = self.backend.query("SELECT article_id FROM articles WHERE content_hash = ?", (digest,))
            if stored and not replace:
                return WriteOutcome(status="skipped", article_id=stored[0][0], content_hash=digest)
            if stored:
                label = stored[0][0]
                self._remove_article_rows(label)
                self._update_article(article, coded.coder, now)
            else:
                label = self._free_label(article.article_id, digest)
                self._insert_article(label, article, coded.coder, now)
            self._insert_sentences(label, coded.sentences)
            self._insert_actors(label, coded)
            events_new, events_merged = self._write_events(label, coded.events, now)
            facts_new, facts_merged = self._write_facts(label, coded.facts, now)
        return WriteOutcome(
            status="replaced" if stored else "written",
            article_id=label,
            content_hash=digest,
            events_new=events_new,
            events_merged=events_merged,
            facts_new=facts_new,
            facts_merged=facts_merged,
        )

    def _free_label(self, given_id: str, digest: str) -> str:
        for label in (given_id, f"{given_id}~{digest[:8]}", f"{given_id}~{digest[:16]}", f"{given_id}~{digest}"):
            if not self.backend.query("SELECT 1 FROM articles WHERE article_id = ?", (label,)):
                return label
        raise StoreError("no free label: the same text is stored under every form of this id", item=given_id)

    _ARTICLE_FIELDS = ("text", "title", "outlet", "author", "url", "published", "origin", "coder", "coded_at")

    def _article_values(self, article: Article, coder: str, now: datetime) -> list[Any]:
        return [article.text, article.title, article.outlet, article.author, article.url, article.published,
                article.origin, coder, now]  # fmt: skip

    def _insert_article(self, label: str, article: Article, coder: str, now: datetime) -> None:
        columns = ("content_hash", "article_id", "given_id", *self._ARTICLE_FIELDS)
        self.backend.execute(
            f"INSERT INTO articles ({', '.join(columns)}) VALUES ({placeholders(len(columns))})",
            [article.content_hash, label, article.article_id, *self._article_values(article, coder, now)],
        )

    def _update_article(self, article: Article, coder: str, now: datetime) -> None:
        assignments = ", ".join(f"{field} = ?" for field in self._ARTICLE_FIELDS)
        self.backend.execute(
            f"UPDATE articles SET {assignments} WHERE content_hash = ?",
            [*self._article_values(article, coder, now), article.content_hash],
        )

    def _insert_sentences(self, label: str, sentences: list[Sentence]) -> None:
        self.backend.executemany(
            "INSERT INTO sentences (article_id, sentence_index, char_start, char_end, text) VALUES (?, ?, ?, ?, ?)",
            [(label, s.index, s.start, s.end, s.text) for s in sentences],
        )

    def _insert_actors(self, label: str, coded: CodedArticle) -> None:
        """Canonical actors (first seen wins) and every place this article names one."""
        refs: list[ActorRef] = list(coded.actors)
        for event in coded.events:
            for told in (event, *event.mentions):
                refs += [ref for ref in (told.source, told.target) if ref is not None]
        actors: dict[str, ActorRef] = {}
        mentions: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        for ref in refs:
            actor_id = actor_id_for(ref)
            actors.setdefault(actor_id, ref)
            start, end = ref.span if ref.span else (None, None)
            key = (actor_id, start, end, ref.code, ref.role, ref.rank)
            mentions.setdefault(key, (actor_id, label, ref.code, ref.role, ref.rank, ref.text, start, end))
        self.backend.executemany(
            "INSERT INTO actors (actor_id, kind, code, country, sector, name) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (actor_id) DO NOTHING",
            [(actor_id, ref.kind, ref.code, ref.country, ref.sector, ref.name) for actor_id, ref in actors.items()],
        )
        self.backend.executemany(
            "INSERT INTO actor_mentions (actor_id, article_id, code, role, rank, text, char_start, char_end) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            list(mentions.values()),
        )

    # -- events ----------------------------------------------------------------

    _MENTION_INSERT = (
        f"INSERT INTO event_mentions (mention_id, event_id, coded_event_id, {', '.join(EVENT_COLUMNS)}) "
        f"VALUES (nextval('mention_ids'), ?, ?, {placeholders(len(EVENT_COLUMNS))})"
    )
    _EVENT_INSERT = (
        "INSERT INTO events (event_id, event_day, num_mentions, num_articles, num_sources, added_at, "
        f"{', '.join(EVENT_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, {placeholders(len(EVENT_COLUMNS))})"
    )

    def _write_events(self, label: str, events: list[Event], now: datetime) -> tuple[int, int]:
        created: set[int] = set()
        merged: set[int] = set()
        mention_rows: list[list[Any]] = []
        for event in events:
            precision, day = parse_event_date(event.date, event.date_precision, item=f"{label} event {event.event_id}")
            reports = _reports(event, item=label)
            rows = [
                event_values(r.told, article_id=label, sentence_index=r.sentence_index, span=r.span,
                             trigger=r.trigger, trigger_span=r.trigger_span)
                for r in reports
            ]  # fmt: skip
            sql, params = identity.event_candidates_sql(event, precision, day)
            match = next((row[0] for row in self.backend.query(sql, params) if row[0] not in created), None)
            if match is None:
                match = self.backend.query("SELECT nextval('event_ids')")[0][0]
                # A new event: its first report is the representative; one article, one source.
                self.backend.execute(self._EVENT_INSERT, [match, day, len(reports), 1, 1, now, *rows[0]])
                created.add(match)
            else:
                merged.add(match)
            mention_rows += [[match, event.event_id, *row] for row in rows]
        self.backend.executemany(self._MENTION_INSERT, mention_rows)
        self._refresh_events(sorted(merged - created))
        return len(created), len(merged - created)

    def _refresh_events(self, event_ids: Sequence[int]) -> None:
        """Choose each event's representative again and recount its mentions.

        The representative is the first mention written, with the most precise date
        any mention gives (the first of equally precise ones).
        """
        columns = ", ".join(f"m.{column}" for column in EVENT_COLUMNS)
        updates: list[list[Any]] = []
        for chunk in _chunks(event_ids):
            names, rows = self.backend.query_columns(
                f"SELECT m.event_id, m.mention_id, a.outlet, {columns} FROM event_mentions m "
                f"JOIN articles a ON a.article_id = m.article_id "
                f"WHERE m.event_id IN ({placeholders(len(chunk))}) ORDER BY m.event_id, m.mention_id",
                chunk,
            )
            by_event: dict[int, list[dict[str, Any]]] = {}
            for row in rows:
                record = dict(zip(names, row))
                by_event.setdefault(record["event_id"], []).append(record)
            for event_id, mentions in by_event.items():
                representative = dict(mentions[0])
                best = max(mentions, key=lambda m: identity.date_rank(m["date_precision"], m["date_source"]))
                if identity.date_rank(best["date_precision"], best["date_source"]) > identity.date_rank(
                    representative["date_precision"], representative["date_source"]
                ):
                    for field in ("date_value", "date_precision", "date_source", "date_text"):
                        representative[field] = best[field]
                _, day = parse_event_date(representative["date_value"], representative["date_precision"], item=str(event_id))
                num_articles = len({m["article_id"] for m in mentions})
                num_sources = len({(m["outlet"] or "").lower() or f"#{m['article_id']}" for m in mentions})
                updates.append(
                    [day, len(mentions), num_articles, num_sources, *(representative[c] for c in EVENT_COLUMNS), event_id]
                )
        assignments = ", ".join(f"{column} = ?" for column in ("event_day", "num_mentions", "num_articles", "num_sources", *EVENT_COLUMNS))
        self.backend.executemany(f"UPDATE events SET {assignments} WHERE event_id = ?", updates)

    # -- facts -----------------------------------------------------------------

    _SOURCE_INSERT = (
        f"INSERT INTO fact_sources (source_id, fact_id, coded_fact_id, {', '.join(FACT_COLUMNS)}) "
        f"VALUES (nextval('fact_source_ids'), ?, ?, {placeholders(len(FACT_COLUMNS))})"
    )
    _FACT_INSERT = (
        f"INSERT INTO facts (fact_id, num_articles, num_sources, added_at, {', '.join(FACT_COLUMNS)}) "
        f"VALUES (?, ?, ?, ?, {placeholders(len(FACT_COLUMNS))})"
    )

    def _write_facts(self, label: str, facts: list[Fact], now: datetime) -> tuple[int, int]:
        created: set[int] = set()
        merged: set[int] = set()
        source_rows: list[list[Any]] = []
        for fact in facts:
            values = fact_values(fact, article_id=label)
            sql, params = identity.fact_candidates_sql(fact)
            # Facts the coder kept apart within this article stay apart: skip ours.
            match = next((row[0] for row in self.backend.query(sql, params) if row[0] not in created), None)
            if match is None:
                match = self.backend.query("SELECT nextval('fact_ids')")[0][0]
                self.backend.execute(self._FACT_INSERT, [match, 1, 1, now, *values])
                created.add(match)
            else:
                merged.add(match)
            source_rows.append([match, fact.fact_id, *values])
        self.backend.executemany(self._SOURCE_INSERT, source_rows)
        self._refresh_facts(sorted(merged - created))
        return len(created), len(merged - created)

    def _refresh_facts(self, fact_ids: Sequence[int]) -> None:
        """Take each fact's first remaining source as its representative and recount."""
        columns = ", ".join(f"s.{column}" for column in FACT_COLUMNS)
        updates: list[list[Any]] = []
        for chunk in _chunks(fact_ids):
            names, rows = self.backend.query_columns(
                f"SELECT s.fact_id, a.outlet, {columns} FROM fact_sources s "
                f"JOIN articles a ON a.article_id = s.article_id "
                f"WHERE s.fact_id IN ({placeholders(len(chunk))}) ORDER BY s.fact_id, s.source_id",
                chunk,
            )
            by_fact: dict[int, list[dict[str, Any]]] = {}
            for row in rows:
                record = dict(zip(names, row))
                by_fact.setdefault(record["fact_id"], []).append(record)
            for fact_id, sources in by_fact.items():
                num_articles = len({s["article_id"] for s in sources})
                num_sources = len({(s["outlet"] or "").lower() or f"#{s['article_id']}" for s in sources})
                updates.append([num_articles, num_sources, *(sources[0][c] for c in FACT_COLUMNS), fact_id])
        assignments = ", ".join(f"{column} = ?" for column in ("num_articles", "num_sources", *FACT_COLUMNS))
        self.backend.executemany(f"UPDATE facts SET {assignments} WHERE fact_id = ?", updates)

    # -- removing an article's rows (for --recode) -------------------------------

    def _remove_article_rows(self, label: str) -> None:
        """Delete what one article contributed; drop events and facts nobody else told."""
        events = [row[0] for row in self.backend.query(
            "SELECT DISTINCT event_id FROM event_mentions WHERE article_id = ?", (label,))]  # fmt: skip
        facts = [row[0] for row in self.backend.query(
            "SELECT DISTINCT fact_id FROM fact_sources WHERE article_id = ?", (label,))]  # fmt: skip
        actors = [row[0] for row in self.backend.query(
            "SELECT DISTINCT actor_id FROM actor_mentions WHERE article_id = ?", (label,))]  # fmt: skip
        for table in ("event_mentions", "fact_sources", "actor_mentions", "sentences"):
            self.backend.execute(f"DELETE FROM {table} WHERE article_id = ?", (label,))
        for chunk in _chunks(events):
            self.backend.execute(
                f"DELETE FROM events WHERE event_id IN ({placeholders(len(chunk))}) AND NOT EXISTS "
                "(SELECT 1 FROM event_mentions m WHERE m.event_id = events.event_id)",
                chunk,
            )
        for chunk in _chunks(facts):
            self.backend.execute(
                f"DELETE FROM facts WHERE fact_id IN ({placeholders(len(chunk))}) AND NOT EXISTS "
                "(SELECT 1 FROM fact_sources s WHERE s.fact_id = facts.fact_id)",
                chunk,
            )
        for chunk in _chunks(actors):
            self.backend.execute(
                f"DELETE FROM actors WHERE actor_id IN ({placeholders(len(chunk))}) AND NOT EXISTS "
                "(SELECT 1 FROM actor_mentions m WHERE m.actor_id = actors.actor_id)",
                chunk,
            )
        # Whatever is left was told elsewhere too: its representative may have been ours.
        self._refresh_events(events)
        self._refresh_facts(facts)

    # -- reading records back ---------------------------------------------------

    def events_by_ids(self, event_ids: Sequence[int]) -> list[Event]:
        """Stored events with their mentions, in the order of ``event_ids``; unknown ids are left out."""
        ids = [int(event_id) for event_id in event_ids]
        found: dict[int, Event] = {}
        for chunk in _chunks(ids):
            names, rows = self.backend.query_columns(
                f"SELECT * FROM events WHERE event_id IN ({placeholders(len(chunk))})", chunk
            )
            for row in rows:
                record = dict(zip(names, row))
                found[record["event_id"]] = event_from_row(record, [])
            mention_names, mention_rows = self.backend.query_columns(
                f"SELECT {', '.join(MENTION_COLUMNS)} FROM event_mentions "
                f"WHERE event_id IN ({placeholders(len(chunk))}) ORDER BY event_id, mention_id",
                chunk,
            )
            for row in mention_rows:
                record = dict(zip(mention_names, row))
                event = found[record["event_id"]]
                event.mentions.append(mention_from_row(record, event))
        return [found[event_id] for event_id in ids if event_id in found]

    def facts_by_ids(self, fact_ids: Sequence[int]) -> list[Fact]:
        """Stored facts with every sentence that reported them, in the order of ``fact_ids``."""
        ids = [int(fact_id) for fact_id in fact_ids]
        found: dict[int, Fact] = {}
        for chunk in _chunks(ids):
            names, rows = self.backend.query_columns(
                f"SELECT * FROM facts WHERE fact_id IN ({placeholders(len(chunk))})", chunk
            )
            sources: dict[int, list[Mention]] = {}
            for fact_id, article_id, sentence_index, start, end in self.backend.query(
                "SELECT fact_id, article_id, sentence_index, char_start, char_end FROM fact_sources "
                f"WHERE fact_id IN ({placeholders(len(chunk))}) ORDER BY fact_id, source_id",
                chunk,
            ):
                sources.setdefault(fact_id, []).append(
                    Mention(article_id=article_id, sentence_index=sentence_index, span=(start, end))
                )
            for row in rows:
                record = dict(zip(names, row))
                found[record["fact_id"]] = fact_from_row(record, sources.get(record["fact_id"], []))
        return [found[fact_id] for fact_id in ids if fact_id in found]


def _check_consistent(coded: CodedArticle) -> None:
    """Refuse a coded article whose items point outside its own text or sentences.

    That is a coder bug, but it is the store that refuses it (``StoreWriteError``), so a
    batch reports it for this one article and goes on.
    """
    article = coded.article
    length = len(article.text)
    sentence_indexes = {sentence.index for sentence in coded.sentences}

    def check(what: str, sentence_index: int, span: Sequence[int]) -> None:
        if not 0 <= span[0] <= span[1] <= length:
            raise StoreWriteError(f"{what} has span {tuple(span)} outside the text (length {length})", item=article.article_id)
        if sentence_indexes and sentence_index not in sentence_indexes:
            raise StoreWriteError(f"{what} points at sentence {sentence_index}, which the article does not have", item=article.article_id)

    for sentence in coded.sentences:
        check(f"sentence {sentence.index}", sentence.index, (sentence.start, sentence.end))
    for event in coded.events:
        check(f"event {event.event_id}", event.sentence_index, event.span)
        for mention in event.mentions:
            check(f"a mention of event {event.event_id}", mention.sentence_index, mention.span)
    for fact in coded.facts:
        check(f"fact {fact.fact_id}", fact.sentence_index, fact.span)
