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

Several writers. Each write begins with ``Backend.serialize_writes``, so writers that
share a PostgreSQL database take turns for the few milliseconds a write lasts and two
of them never both add the same article or the same event (``postgres.py`` says how
and why). Coding, the slow part, runs outside the transaction, side by side.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from ..errors import OntologyError, StoreError, StoreWriteError
from ..ontology.cameo import cameo_code
from ..records import ActorRef, Article, CodedArticle, Event, Fact, Mention
from . import identity
from .backend import Backend, DuckDBBackend, is_postgres_url
from .rows import (
    EVENT_COLUMNS,
    FACT_COLUMNS,
    MENTION_COLUMNS,
    actor_id_for,
    any_of,
    event_from_row,
    event_values,
    fact_from_row,
    fact_values,
    mention_from_row,
    parse_event_date,
    placeholders,
)
from .schema import migrate

__all__ = ["Store", "WriteOutcome", "open_backend", "open_store"]

# Column lists of the four tables that share the coded columns (see rows.py).
_EVENT_TABLE_COLUMNS = (
    "event_id",
    "event_day",
    "num_mentions",
    "num_articles",
    "num_sources",
    "added_at",
    *EVENT_COLUMNS,
)
_MENTION_TABLE_COLUMNS = ("mention_id", "event_id", "coded_event_id", *EVENT_COLUMNS)
_FACT_TABLE_COLUMNS = ("fact_id", "num_articles", "num_sources", "added_at", *FACT_COLUMNS)
_SOURCE_TABLE_COLUMNS = ("source_id", "fact_id", "coded_fact_id", *FACT_COLUMNS)


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
    several read-only processes can share a DuckDB file, a writer cannot. Any number
    of processes can read and write one PostgreSQL database (see ``postgres.py``).
    """
    return Store(open_backend(target, read_only=read_only))


def open_backend(target: str | Path, *, read_only: bool = False) -> Backend:
    """The backend for ``target``, connected but not migrated (``open_store`` migrates)."""
    text = str(target)
    if is_postgres_url(text):
        # Imported only for a PostgreSQL database: psycopg is 0.1 s of every command's
        # start, and most use DuckDB.
        from .postgres import PostgresBackend

        return PostgresBackend(text, read_only=read_only)
    return DuckDBBackend(text, read_only=read_only)


@dataclass(eq=False)
class _NewRow:
    """A row to insert whose id is handed out later (see Store._next_ids)."""

    values: list[Any]
    row_id: int | None = None


def _label_forms(given_id: str, digest: str) -> tuple[str, ...]:
    """The labels an article may be stored under, in order of preference."""
    return (given_id, f"{given_id}~{digest[:8]}", f"{given_id}~{digest[:16]}", f"{given_id}~{digest}")


class _Candidates:
    """What an article's events (or figures) may join: stored rows, and rows staged as
    new by earlier articles of the batch, grouped so that a report is compared with the
    few that could be the same, not with every candidate the batch gathered.

    A batch keeps one, and ``catch_up`` adds what each article staged before the next
    one is planned; rebuilt for every article it cost more than the rest of storing.
    ``held`` is each candidate's key as stored or staged, ``staged_rows`` the row of each
    staged one (by its provisional id).
    """

    def __init__(self, stored: Sequence[Any], group: Callable[[Any], Hashable], id_of: Callable[[Any], int]):
        self._group = group
        self._id_of = id_of
        self.groups: dict[Hashable, list[Any]] = {}
        self.held: dict[int, Any] = {}
        self.staged_rows: dict[int, _NewRow] = {}
        self._caught_up = 0
        for key in stored:
            self._add(key)

    def _add(self, key: Any) -> None:
        self.groups.setdefault(self._group(key), []).append(key)
        self.held[self._id_of(key)] = key

    def catch_up(self, staged: Sequence[tuple[Any, _NewRow]]) -> _Candidates:
        """Add the keys staged since the last call (``staged`` only grows)."""
        for key, row in staged[self._caught_up :]:
            self._add(key)
            self.staged_rows[self._id_of(key)] = row
        self._caught_up = len(staged)
        return self

    def near(self, key: Any) -> list[Any]:
        return self.groups.get(self._group(key), [])


def _event_group(key: identity.EventKey) -> Hashable:
    # same_event needs the same root and the same pair of countries, in either order
    return key.root, frozenset((key.source_country, key.target_country))


def _fact_group(key: identity.FactKey) -> Hashable:
    # same_fact needs all of these equal
    return key.indicator, key.countries_key, key.kind, key.period_start, key.period_end


def _event_id(key: identity.EventKey) -> int:
    return key.event_id


def _fact_id(key: identity.FactKey) -> int:
    return key.fact_id


_DATE_FIELDS = ("date_value", "date_precision", "date_source", "date_text")


def _take_date(row: _NewRow, event: Event, precision: str | None, day: Any) -> None:
    """A staged new event takes a later report's better date, as a stored one would."""
    row.values[0] = day
    for name, value in zip(_DATE_FIELDS, (event.date, precision, event.date_source, event.date_text)):
        row.values[4 + EVENT_COLUMNS.index(name)] = value


def _row_id(target: int | _NewRow) -> int:
    """The id of a stored row, or of a new one once it has been given its id."""
    if isinstance(target, _NewRow):
        assert target.row_id is not None
        return target.row_id
    return target


@dataclass
class _EventPlan:
    """What one article's events do: rows to add, stored events to join, mentions."""

    new: list[_NewRow] = field(default_factory=list)
    merged: set[int] = field(default_factory=set)
    mentions: list[tuple[int | _NewRow, str, list[Any]]] = field(default_factory=list)
    better_dates: dict[int, tuple[Event, str | None, Any]] = field(default_factory=dict)
    joined_staged: list[_NewRow] = field(default_factory=list)  # staged new events later reports joined


@dataclass
class _FactPlan:
    """What one article's figures do: rows to add, stored facts to join, sources."""

    new: list[_NewRow] = field(default_factory=list)
    merged: set[int] = field(default_factory=set)
    sources: list[tuple[int | _NewRow, str, list[Any]]] = field(default_factory=list)
    joined_staged: list[_NewRow] = field(default_factory=list)


@dataclass
class _Batch:
    """Rows staged for one transaction (one article, or many: see Store.write_many)."""

    now: datetime
    labels: dict[str, str] = field(default_factory=dict)  # content hash -> label staged
    articles: list[list[Any]] = field(default_factory=list)
    sentences: list[tuple[Any, ...]] = field(default_factory=list)
    actors: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    actor_mentions: list[tuple[Any, ...]] = field(default_factory=list)
    events: _EventPlan = field(default_factory=lambda: _EventPlan())
    facts: _FactPlan = field(default_factory=lambda: _FactPlan())
    # identity keys of events and facts staged as new, so a later article in the same
    # batch joins them just as it would join them once stored
    new_event_keys: list[tuple[identity.EventKey, _NewRow]] = field(default_factory=list)
    new_fact_keys: list[tuple[identity.FactKey, _NewRow]] = field(default_factory=list)
    # What a batch looked up once for all its articles (None: look up per article)
    stored_labels: dict[str, str] | None = None  # content hash -> label of what is stored
    used_labels: set[str] | None = None  # labels already taken among those the batch may want
    # stored events and facts the batch's reports could join, grouped; each article adds
    # what it stages (see _Candidates)
    event_candidates: _Candidates | None = None
    fact_candidates: _Candidates | None = None


# Staged rows have no id yet; in identity they rank after every stored row, in the
# order they were staged, as they will once inserted.
_STAGED_ID_BASE = 10**15


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
            "cameo": code.code,
            "root": code.root,
            "event_name": code.name,
            "goldstein": code.goldstein,
            "quad_class": code.quad_class,
            "plover": code.plover,
            "plover_mode": code.plover_mode,
            "plover_context": code.plover_context,
        }
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
    """One Accord database behind a backend (DuckDB or PostgreSQL, the same SQL)."""

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

    def stored_hashes(self, content_hashes: Sequence[str]) -> set[str]:
        """Which of these texts (``records.content_hash``) are stored: one query for many."""
        if not content_hashes:
            return set()
        which, params = any_of("content_hash", sorted(set(content_hashes)))
        return {row[0] for row in self.backend.query(f"SELECT content_hash FROM articles WHERE {which}", params)}

    def write(self, coded: CodedArticle, *, replace: bool = False) -> WriteOutcome:
        """Store one coded article and everything found in it, in one transaction.

        An article whose text is already stored is skipped, unless ``replace``: then its
        previous rows are removed and the new ones written, in the same transaction. On
        any failure nothing of this article is kept and nothing stored before changes.
        """
        _check_consistent(coded)
        with self.backend.transaction():
            # From here to COMMIT no other writer changes what this one reads (on
            # PostgreSQL several processes may write at once): the article check, its
            # label, which stored events its reports join, and the ids it takes.
            self.backend.serialize_writes()
            batch = _Batch(now=datetime.now(UTC).replace(tzinfo=None))
            outcome = self._stage(coded, batch, replace=replace)
            self._flush(batch)
        return outcome

    def write_many(self, articles: Sequence[CodedArticle]) -> list[WriteOutcome | StoreError]:
        """Store several coded articles, each whole or not at all, as ``write`` would one
        after the other (the same rows and ids), but in one transaction with one insert per
        table: DuckDB spends milliseconds on every statement, so this is what makes a
        long ingest fast. If anything in the batch fails, it is rolled back and each
        article is written on its own, so a bad article costs only itself. Returns, for
        each article in order, its outcome or the StoreError that refused it."""
        results: list[WriteOutcome | StoreError | None] = [None] * len(articles)
        staged = []
        for i, coded in enumerate(articles):
            try:
                _check_consistent(coded)
            except StoreError as exc:
                results[i] = exc
            else:
                staged.append(i)
        if staged:
            try:
                with self.backend.transaction():
                    self.backend.serialize_writes()
                    batch = _Batch(now=datetime.now(UTC).replace(tzinfo=None))
                    self._look_up_once(batch, [articles[i] for i in staged])
                    outcomes = [self._stage(articles[i], batch) for i in staged]
                    self._flush(batch)
            except StoreError:
                outcomes = []
                for i in staged:
                    try:
                        outcomes.append(self.write(articles[i]))
                    except StoreError as exc:
                        outcomes.append(exc)
            for i, outcome in zip(staged, outcomes):
                results[i] = outcome
        return results  # type: ignore[return-value]

    def _look_up_once(self, batch: _Batch, articles: Sequence[CodedArticle]) -> None:
        """Ask the database once for the whole batch what each article would ask alone:
        which texts are stored, which labels are taken, which stored events and figures
        its reports could join. Nothing the batch writes can change these answers before
        it is flushed, so they serve every article in it."""
        digests = sorted({coded.article.content_hash for coded in articles})
        which, params = any_of("content_hash", digests)
        batch.stored_labels = dict(self.backend.query(f"SELECT content_hash, article_id FROM articles WHERE {which}", params))
        wanted = sorted(
            {label for coded in articles for label in _label_forms(coded.article.article_id, coded.article.content_hash)}
        )
        which, params = any_of("article_id", wanted)
        batch.used_labels = {row[0] for row in self.backend.query(f"SELECT article_id FROM articles WHERE {which}", params)}
        event_keys = [
            identity.EventKey.of_event(event, *parse_event_date(event.date, event.date_precision, item=coded.article.article_id))
            for coded in articles
            for event in coded.events
        ]
        batch.event_candidates = self._stored_event_candidates(event_keys)
        fact_keys = [identity.FactKey.of_fact(fact) for coded in articles for fact in coded.facts]
        batch.fact_candidates = self._stored_fact_candidates(fact_keys)

    def _stored_event_candidates(self, keys: Sequence[identity.EventKey]) -> _Candidates:
        """The stored events these reports could join, in one query."""
        return _Candidates(self._stored_keys(keys, identity.event_candidates_sql, identity.EventKey.of_row), _event_group, _event_id)

    def _stored_fact_candidates(self, keys: Sequence[identity.FactKey]) -> _Candidates:
        """The stored facts these figures could join, in one query."""
        return _Candidates(self._stored_keys(keys, identity.fact_candidates_sql, identity.FactKey.of_row), _fact_group, _fact_id)

    def _stored_keys(self, keys: Sequence[Any], sql_for: Callable, key_of_row: Callable) -> list[Any]:
        if not keys:
            return []
        sql, params = sql_for(keys)
        names, rows = self.backend.query_columns(sql, params)
        return [key_of_row(dict(zip(names, row))) for row in rows]

    def _stage(self, coded: CodedArticle, batch: _Batch, *, replace: bool = False) -> WriteOutcome:
        """Plan one article's rows into ``batch``: what is new, what joins stored (or
        earlier staged) events and facts. Nothing is inserted until ``_flush``."""
        article = coded.article
        digest = article.content_hash
        if digest in batch.labels:
            return WriteOutcome(status="skipped", article_id=batch.labels[digest], content_hash=digest)
        if batch.stored_labels is not None:
            stored = [(batch.stored_labels[digest],)] if digest in batch.stored_labels else []
        else:
            stored = self.backend.query("SELECT article_id FROM articles WHERE content_hash = ?", (digest,))
        if stored and not replace:
            return WriteOutcome(status="skipped", article_id=stored[0][0], content_hash=digest)
        now = batch.now
        if stored:
            label = stored[0][0]
            self._remove_article_rows(label)
            self._update_article(article, coded.coder, now)
        else:
            label = self._free_label(article.article_id, digest, taken=set(batch.labels.values()), used=batch.used_labels)
            batch.articles.append([digest, label, article.article_id, *self._article_values(article, coded.coder, now)])
        batch.labels[digest] = label
        batch.sentences += [(label, s.index, s.start, s.end, s.text) for s in coded.sentences]
        self._stage_actors(label, coded, batch)
        events = self._plan_events(label, coded.events, batch)
        facts = self._plan_facts(label, coded.facts, batch)
        return WriteOutcome(
            status="replaced" if stored else "written",
            article_id=label,
            content_hash=digest,
            events_new=len(events.new),
            events_merged=len(events.merged),
            facts_new=len(facts.new),
            facts_merged=len(facts.merged),
        )

    def _flush(self, batch: _Batch) -> None:
        """Insert everything staged: ids first, then one insert per table, then the dates
        and counts of stored events and facts that new reports joined."""
        ids = self._next_ids(
            event=len(batch.events.new),
            mention=len(batch.events.mentions),
            fact=len(batch.facts.new),
            fact_source=len(batch.facts.sources),
        )
        self.backend.insert_rows("articles", ("content_hash", "article_id", "given_id", *self._ARTICLE_FIELDS), batch.articles)
        self.backend.insert_rows(
            "sentences", ("article_id", "sentence_index", "char_start", "char_end", "text"), batch.sentences
        )
        self.backend.insert_rows(
            "actors", ("actor_id", "kind", "code", "country", "sector", "name"), list(batch.actors.values()), skip_duplicates=True
        )
        self.backend.insert_rows(
            "actor_mentions",
            ("actor_id", "article_id", "code", "role", "rank", "text", "char_start", "char_end"),
            batch.actor_mentions,
        )
        self._write_events(batch.events, ids, batch.now)
        self._write_facts(batch.facts, ids, batch.now)

    def _free_label(self, given_id: str, digest: str, taken: set[str] = frozenset(), used: set[str] | None = None) -> str:
        """The article's own id, or a longer form of it when another text holds it
        (``taken``: staged in this batch; ``used``: stored, when looked up already)."""
        for label in _label_forms(given_id, digest):
            if label in taken:
                continue
            stored = label in used if used is not None else self.backend.query("SELECT 1 FROM articles WHERE article_id = ?", (label,))
            if not stored:
                return label
        raise StoreError("no free label: the same text is stored under every form of this id", item=given_id)

    _ARTICLE_FIELDS = ("text", "title", "outlet", "author", "url", "published", "origin", "coder", "coded_at")

    def _article_values(self, article: Article, coder: str, now: datetime) -> list[Any]:
        return [
            article.text,
            article.title,
            article.outlet,
            article.author,
            article.url,
            article.published,
            article.origin,
            coder,
            now,
        ]

    def _update_article(self, article: Article, coder: str, now: datetime) -> None:
        assignments = ", ".join(f"{field} = ?" for field in self._ARTICLE_FIELDS)
        self.backend.execute(
            f"UPDATE articles SET {assignments} WHERE content_hash = ?",
            [*self._article_values(article, coder, now), article.content_hash],
        )

    def _stage_actors(self, label: str, coded: CodedArticle, batch: _Batch) -> None:
        """Canonical actors (first seen wins) and every place this article names one."""
        refs: list[ActorRef] = list(coded.actors)
        for event in coded.events:
            for told in (event, *event.mentions):
                refs += [ref for ref in (told.source, told.target) if ref is not None]
        mentions: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        for ref in refs:
            actor_id = actor_id_for(ref)
            batch.actors.setdefault(actor_id, (actor_id, ref.kind, ref.code, ref.country, ref.sector, ref.name))
            start, end = ref.span if ref.span else (None, None)
            key = (actor_id, start, end, ref.code, ref.role, ref.rank)
            mentions.setdefault(key, (actor_id, label, ref.code, ref.role, ref.rank, ref.text, start, end))
        batch.actor_mentions += list(mentions.values())

    def _next_ids(self, **counts: int) -> dict[str, Iterator[int]]:
        """Fresh ids for each kind of row (see id_counters in the schema), all in one
        statement: {"event": 3} -> {"event": iter([41, 42, 43])}."""
        wanted = {name: count for name, count in counts.items() if count}
        if not wanted:
            return {name: iter(()) for name in counts}
        # The casts tell PostgreSQL the parameters' types, which it cannot infer inside CASE.
        cases = " ".join("WHEN CAST(? AS VARCHAR) THEN CAST(? AS BIGINT)" for _ in wanted)
        params = [value for name, count in wanted.items() for value in (name, count)]
        rows = self.backend.query(
            f"UPDATE id_counters SET last_id = last_id + CASE name {cases} END "
            f"WHERE name IN ({placeholders(len(wanted))}) RETURNING name, last_id",
            [*params, *wanted],
        )
        last = dict(rows)
        return {
            name: iter(range(last[name] - count + 1, last[name] + 1)) if count else iter(())
            for name, count in counts.items()
        }

    # -- events ----------------------------------------------------------------

    def _plan_events(self, label: str, events: list[Event], batch: _Batch) -> _EventPlan:
        """Decide for each event whether it joins a stored one (see identity), one staged
        earlier in the batch, or is new; add its rows to the batch. Returns what this
        article did (new and joined events), for its outcome.

        One query finds every stored event the article's events could join: DuckDB
        spends milliseconds planning each statement, so statements are what make a
        write slow.
        """
        plan = _EventPlan()
        if not events:
            return plan
        staged = batch.events
        dates = [parse_event_date(e.date, e.date_precision, item=f"{label} event {e.event_id}") for e in events]
        keys = [identity.EventKey.of_event(event, *date) for event, date in zip(events, dates)]
        # Only events stored or staged before this article are candidates (see identity).
        candidates = batch.event_candidates
        if candidates is None:
            candidates = self._stored_event_candidates(keys)
        candidates.catch_up(batch.new_event_keys)
        rows_of = candidates.staged_rows
        # A better date this article gives shadows the held one for its own later reports.
        held_dates: ChainMap[int, identity.EventKey] = ChainMap({}, candidates.held)
        for event, key, (_, day) in zip(events, keys, dates):
            reports = _reports(event, item=label)
            values = [
                event_values(
                    r.told,
                    article_id=label,
                    sentence_index=r.sentence_index,
                    span=r.span,
                    trigger=r.trigger,
                    trigger_span=r.trigger_span,
                )
                for r in reports
            ]
            match = identity.best_event(key, candidates.near(key))
            if match is None:
                # A new event: its first report is the representative; one article, one source.
                target: int | _NewRow = _NewRow([day, len(reports), 1, 1, *values[0]])
                plan.new.append(target)
                staged.new.append(target)
                provisional = replace(key, event_id=_STAGED_ID_BASE + len(batch.new_event_keys))
                batch.new_event_keys.append((provisional, target))
            else:
                held = held_dates[match.event_id]
                better = identity.date_rank(key.date_precision, key.date_source) > identity.date_rank(
                    held.date_precision, held.date_source
                )
                if match.event_id in rows_of:
                    target = rows_of[match.event_id]
                    staged.joined_staged.append(target)
                    if better:
                        _take_date(target, event, key.date_precision, day)
                else:
                    target = match.event_id
                    staged.merged.add(target)
                    if better:
                        staged.better_dates[target] = (event, key.date_precision, day)
                plan.merged.add(match.event_id)
                if better:
                    held_dates[match.event_id] = replace(key, event_id=match.event_id)  # a later report must beat this date
            staged.mentions += [(target, event.event_id, row) for row in values]
        return plan

    def _write_events(self, plan: _EventPlan, ids: dict[str, Iterator[int]], now: datetime) -> None:
        for new in plan.new:
            new.row_id = next(ids["event"])
        self.backend.insert_rows(
            "events",
            _EVENT_TABLE_COLUMNS,
            # values: event_day, the three counts, then the coded columns; added_at goes between.
            [[new.row_id, *new.values[:4], now, *new.values[4:]] for new in plan.new],
        )
        self.backend.insert_rows(
            "event_mentions",
            _MENTION_TABLE_COLUMNS,
            [[next(ids["mention"]), _row_id(target), coded_id, *values] for target, coded_id, values in plan.mentions],
        )
        for event_id, (event, precision, day) in plan.better_dates.items():
            self.backend.execute(
                "UPDATE events SET date_value = ?, date_precision = ?, date_source = ?, date_text = ?, event_day = ? "
                "WHERE event_id = ?",
                (event.date, precision, event.date_source, event.date_text, day, event_id),
            )
        self._recount_events(sorted(plan.merged | {_row_id(row) for row in plan.joined_staged}))

    def _recount_events(self, event_ids: Sequence[int]) -> None:
        """Set num_mentions, num_articles and num_sources from the mentions, in one statement.

        Outlets are compared without case; an article without an outlet counts as a
        source of its own, since nothing says it shares one with another.
        """
        if not event_ids:
            return
        which, params = any_of("m.event_id", event_ids)
        self.backend.execute(
            "UPDATE events SET num_mentions = counts.mentions, num_articles = counts.articles, "
            "num_sources = counts.sources FROM ("
            "SELECT m.event_id, count(*) AS mentions, count(DISTINCT m.article_id) AS articles, "
            "count(DISTINCT coalesce(lower(a.outlet), '#' || a.article_id)) AS sources "
            f"FROM event_mentions m JOIN articles a ON a.article_id = m.article_id WHERE {which} GROUP BY m.event_id"
            ") counts WHERE events.event_id = counts.event_id",
            params,
        )

    def _choose_representatives(self, event_ids: Sequence[int]) -> None:
        """Take each event's first remaining mention as its representative, with the most
        precise date any mention gives (the first of equally precise ones). Needed when a
        recode removed the mention that was the representative."""
        columns = ", ".join(EVENT_COLUMNS)
        updates: list[list[Any]] = []
        which, params = any_of("event_id", event_ids)
        names, rows = self.backend.query_columns(
            f"SELECT event_id, {columns} FROM event_mentions WHERE {which} ORDER BY event_id, mention_id", params
        )
        by_event: dict[int, list[dict[str, Any]]] = {}
        for row in rows:
            record = dict(zip(names, row))
            by_event.setdefault(record["event_id"], []).append(record)
        for event_id, mentions in by_event.items():
            representative = dict(mentions[0])
            best = max(mentions, key=lambda m: identity.date_rank(m["date_precision"], m["date_source"]))
            for date_field in ("date_value", "date_precision", "date_source", "date_text"):
                representative[date_field] = best[date_field]
            _, day = parse_event_date(
                representative["date_value"], representative["date_precision"], item=str(event_id)
            )
            updates.append([day, *(representative[column] for column in EVENT_COLUMNS), event_id])
        assignments = ", ".join(f"{column} = ?" for column in ("event_day", *EVENT_COLUMNS))
        self.backend.executemany(f"UPDATE events SET {assignments} WHERE event_id = ?", updates)

    # -- facts -----------------------------------------------------------------

    def _plan_facts(self, label: str, facts: list[Fact], batch: _Batch) -> _FactPlan:
        """Decide for each figure whether it joins a stored or staged one, or is new."""
        plan = _FactPlan()
        if not facts:
            return plan
        staged = batch.facts
        keys = [identity.FactKey.of_fact(fact) for fact in facts]
        candidates = batch.fact_candidates
        if candidates is None:
            candidates = self._stored_fact_candidates(keys)
        candidates.catch_up(batch.new_fact_keys)
        rows_of = candidates.staged_rows
        for fact, key in zip(facts, keys):
            values = fact_values(fact, article_id=label)
            match = identity.best_fact(key, candidates.near(key))
            if match is None:
                target: int | _NewRow = _NewRow(values)
                plan.new.append(target)
                staged.new.append(target)
                batch.new_fact_keys.append((replace(key, fact_id=_STAGED_ID_BASE + len(batch.new_fact_keys)), target))
            elif match.fact_id in rows_of:
                target = rows_of[match.fact_id]
                staged.joined_staged.append(target)
                plan.merged.add(match.fact_id)
            else:
                target = match.fact_id
                staged.merged.add(target)
                plan.merged.add(target)
            staged.sources.append((target, fact.fact_id, values))
        return plan

    def _write_facts(self, plan: _FactPlan, ids: dict[str, Iterator[int]], now: datetime) -> None:
        for new in plan.new:
            new.row_id = next(ids["fact"])
        # A new fact: its first source is the representative; one article, one source.
        self.backend.insert_rows(
            "facts", _FACT_TABLE_COLUMNS, [[new.row_id, 1, 1, now, *new.values] for new in plan.new]
        )
        self.backend.insert_rows(
            "fact_sources",
            _SOURCE_TABLE_COLUMNS,
            [
                [next(ids["fact_source"]), _row_id(target), coded_id, *values]
                for target, coded_id, values in plan.sources
            ],
        )
        self._recount_facts(sorted(plan.merged | {_row_id(row) for row in plan.joined_staged}))

    def _recount_facts(self, fact_ids: Sequence[int]) -> None:
        if not fact_ids:
            return
        which, params = any_of("s.fact_id", fact_ids)
        self.backend.execute(
            "UPDATE facts SET num_articles = counts.articles, num_sources = counts.sources FROM ("
            "SELECT s.fact_id, count(DISTINCT s.article_id) AS articles, "
            "count(DISTINCT coalesce(lower(a.outlet), '#' || a.article_id)) AS sources "
            f"FROM fact_sources s JOIN articles a ON a.article_id = s.article_id WHERE {which} GROUP BY s.fact_id"
            ") counts WHERE facts.fact_id = counts.fact_id",
            params,
        )

    def _choose_fact_representatives(self, fact_ids: Sequence[int]) -> None:
        """Take each fact's first remaining source as its representative."""
        columns = ", ".join(FACT_COLUMNS)
        which, params = any_of("fact_id", fact_ids)
        names, rows = self.backend.query_columns(
            f"SELECT fact_id, {columns} FROM fact_sources WHERE {which} ORDER BY fact_id, source_id", params
        )
        first: dict[int, dict[str, Any]] = {}
        for row in rows:
            record = dict(zip(names, row))
            first.setdefault(record["fact_id"], record)
        updates = [[*(record[column] for column in FACT_COLUMNS), fact_id] for fact_id, record in first.items()]
        assignments = ", ".join(f"{column} = ?" for column in FACT_COLUMNS)
        self.backend.executemany(f"UPDATE facts SET {assignments} WHERE fact_id = ?", updates)

    # -- removing an article's rows (for --recode) -------------------------------

    def _remove_article_rows(self, label: str) -> None:
        """Delete what one article contributed; drop events and facts nobody else told."""
        events = [
            row[0]
            for row in self.backend.query("SELECT DISTINCT event_id FROM event_mentions WHERE article_id = ?", (label,))
        ]
        facts = [
            row[0]
            for row in self.backend.query("SELECT DISTINCT fact_id FROM fact_sources WHERE article_id = ?", (label,))
        ]
        actors = [
            row[0]
            for row in self.backend.query("SELECT DISTINCT actor_id FROM actor_mentions WHERE article_id = ?", (label,))
        ]
        for table in ("event_mentions", "fact_sources", "actor_mentions", "sentences"):
            self.backend.execute(f"DELETE FROM {table} WHERE article_id = ?", (label,))
        for table, key, children, ids in (
            ("events", "event_id", "event_mentions", events),
            ("facts", "fact_id", "fact_sources", facts),
            ("actors", "actor_id", "actor_mentions", actors),
        ):
            if ids:
                which, params = any_of(key, ids)
                self.backend.execute(
                    f"DELETE FROM {table} WHERE {which} AND NOT EXISTS "
                    f"(SELECT 1 FROM {children} c WHERE c.{key} = {table}.{key})",
                    params,
                )
        # Whatever is left was told elsewhere too: its representative may have been ours.
        self._choose_representatives(events)
        self._recount_events(events)
        self._choose_fact_representatives(facts)
        self._recount_facts(facts)

    # -- reading records back ---------------------------------------------------

    def events_by_ids(self, event_ids: Sequence[int]) -> list[Event]:
        """Stored events with their mentions, in the order of ``event_ids``; unknown ids are left out."""
        ids = [int(event_id) for event_id in event_ids]
        if not ids:
            return []
        which, params = any_of("event_id", ids)
        names, rows = self.backend.query_columns(f"SELECT * FROM events WHERE {which}", params)
        found = {}
        for row in rows:
            event = event_from_row(dict(zip(names, row)), [])
            found[int(event.event_id)] = event
        names, rows = self.backend.query_columns(
            f"SELECT {', '.join(MENTION_COLUMNS)} FROM event_mentions WHERE {which} ORDER BY event_id, mention_id",
            params,
        )
        for row in rows:
            record = dict(zip(names, row))
            event = found[record["event_id"]]
            event.mentions.append(mention_from_row(record, event))
        return [found[event_id] for event_id in ids if event_id in found]

    def stream_events(
        self, where: str, params: Sequence[Any], order: str, *, batch: int = 2000
    ) -> Iterator[list[Event]]:
        """Every event matching ``where`` (a condition on ``events e``) in ``order``, with its
        mentions, ``batch`` at a time: for exports of any size.

        Two streams read side by side, the events and their mentions in the same order,
        so a million events take two sorted scans instead of a query per page.
        """
        events = self.backend.stream(f"SELECT e.* FROM events e WHERE {where} ORDER BY {order}", params, batch=batch)
        mention_columns = ", ".join(f"m.{column}" for column in MENTION_COLUMNS)
        mentions = self.backend.stream(
            f"SELECT {mention_columns} FROM event_mentions m JOIN events e ON e.event_id = m.event_id "
            f"WHERE {where} ORDER BY {order}, m.mention_id",
            params,
            batch=batch,
        )
        mention_rows = (dict(zip(names, row)) for names, rows in mentions for row in rows)
        lookahead = next(mention_rows, None)
        for names, rows in events:
            page = []
            for row in rows:
                event = event_from_row(dict(zip(names, row)), [])
                number = int(event.event_id)
                # The mentions come in the events' order: those of this event are next.
                while lookahead is not None and lookahead["event_id"] == number:
                    event.mentions.append(mention_from_row(lookahead, event))
                    lookahead = next(mention_rows, None)
                page.append(event)
            yield page

    def facts_by_ids(self, fact_ids: Sequence[int]) -> list[Fact]:
        """Stored facts with every sentence that reported them, in the order of ``fact_ids``."""
        ids = [int(fact_id) for fact_id in fact_ids]
        if not ids:
            return []
        which, params = any_of("fact_id", ids)
        sources: dict[int, list[Mention]] = {}
        for fact_id, article_id, sentence_index, start, end in self.backend.query(
            f"SELECT fact_id, article_id, sentence_index, char_start, char_end FROM fact_sources WHERE {which} "
            "ORDER BY fact_id, source_id",
            params,
        ):
            sources.setdefault(fact_id, []).append(
                Mention(article_id=article_id, sentence_index=sentence_index, span=(start, end))
            )
        names, rows = self.backend.query_columns(f"SELECT * FROM facts WHERE {which}", params)
        found = {}
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
            raise StoreWriteError(
                f"{what} has span {tuple(span)} outside the text (length {length})", item=article.article_id
            )
        if sentence_indexes and sentence_index not in sentence_indexes:
            raise StoreWriteError(
                f"{what} points at sentence {sentence_index}, which the article does not have", item=article.article_id
            )

    for sentence in coded.sentences:
        check(f"sentence {sentence.index}", sentence.index, (sentence.start, sentence.end))
    for event in coded.events:
        check(f"event {event.event_id}", event.sentence_index, event.span)
        for mention in event.mentions:
            check(f"a mention of event {event.event_id}", mention.sentence_index, mention.span)
    for fact in coded.facts:
        check(f"fact {fact.fact_id}", fact.sentence_index, fact.span)
