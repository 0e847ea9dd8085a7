"""Reading a store: the one query layer behind the CLI, the Python API and the HTTP API.

    from accord.query import Database
    with Database.open("accord.duckdb") as db:
        page = db.events(dyad="AZE-TUR", root="05")
        for event in page.events: ...
        more = db.events(dyad="AZE-TUR", root="05", cursor=page.next_cursor)
        db.dyad_series("AZE", "TUR", interval="month")

Every method filters, counts and aggregates in SQL and returns the shared records
(``accord.records``) or the small result models below, so all front ends show the same
thing. Missing ids raise ``NotFoundError``; nonsense filters raise ``QueryError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from ..errors import NotFoundError, QueryError
from ..ontology.cameo import cameo_codes
from ..records import ActorRef, Article, CodedArticle, Event, Fact, Sentence
from ..store import Store, open_store
from ..store.rows import any_of
from .filters import (
    MAX_LIMIT,
    MAX_OFFSET,
    EventFilter,
    FactFilter,
    encode_cursor,
    event_order,
    event_where,
)

__all__ = [
    "Database",
    "open_database",
    "EventPage",
    "EventDetail",
    "MentionSource",
    "ArticleSummary",
    "ActorSummary",
    "ActorDetail",
    "Stats",
    "CodeCount",
    "SeriesPoint",
    "SearchHit",
    "Interval",
]

Interval = Literal["day", "week", "month", "year"]
_INTERVALS: tuple[str, ...] = ("day", "week", "month", "year")


# -- result models ------------------------------------------------------------------


class EventPage(BaseModel):
    events: list[Event]
    next_cursor: str | None = Field(default=None, description="pass as cursor for the next page; None on the last")


class ArticleSummary(BaseModel):
    article_id: str
    content_hash: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published: date | None = None
    origin: str | None = None
    coder: str
    coded_at: datetime
    num_events: int | None = Field(default=None, description="events told in it; None where not counted")
    num_facts: int | None = None


class MentionSource(BaseModel):
    """One place an event is told, with the words that tell it."""

    article_id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: date | None
    sentence_index: int
    sentence: str | None
    span: tuple[int, int]
    quote: str = Field(description="the article text at span")
    trigger: str | None
    cameo: str
    source: ActorRef | None
    target: ActorRef | None


class EventDetail(BaseModel):
    event: Event
    sources: list[MentionSource]


class ActorSummary(BaseModel):
    actor_id: str
    kind: str
    code: str
    country: str | None
    sector: str | None
    name: str | None
    roles: list[str] = Field(default_factory=list)
    num_mentions: int = 0
    num_articles: int = 0


class ActorDetail(BaseModel):
    actor: ActorSummary
    events: list[Event]
    next_cursor: str | None = None


class CodeCount(BaseModel):
    key: str
    name: str | None = None
    count: int


class Stats(BaseModel):
    events: int
    mentions: int
    articles: int
    facts: int
    actors: int
    undated_events: int
    by_root: list[CodeCount]
    by_country: list[CodeCount]
    by_month: list[CodeCount]


class SeriesPoint(BaseModel):
    """One period of a dyad's events: how many of each QuadClass, and how cooperative."""

    period: date
    events: int
    quad_1: int
    quad_2: int
    quad_3: int
    quad_4: int
    mentions: int
    goldstein_sum: float
    goldstein_mean: float | None


class SearchHit(BaseModel):
    article: ArticleSummary
    snippet: str


# -- the database -----------------------------------------------------------------------


def open_database(target: str | Path, *, read_only: bool = True) -> Database:
    """Open a store for querying (read-only by default, so several readers can share it)."""
    return Database(target, read_only=read_only)


_ARTICLE_COLUMNS = (
    "a.article_id, a.content_hash, a.title, a.outlet, a.author, a.url, a.published, a.origin, a.coder, a.coded_at"
)


class Database:
    """Queries over one store. Use as a context manager, or call ``close``.

    ``Database("accord.duckdb")`` opens the file read-only (several readers may share
    it); ``Database(store)`` queries a store that is already open, e.g. for writing.
    """

    def __init__(self, store: Store | str | Path, *, read_only: bool = True):
        if not isinstance(store, Store):
            store = open_store(store, read_only=read_only)
        self.store = store
        self._backend = store.backend

    @classmethod
    def open(cls, target: str | Path, *, read_only: bool = True) -> Database:
        return open_database(target, read_only=read_only)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- events ---------------------------------------------------------------------

    def events(self, event_filter: EventFilter | None = None, /, **params: Any) -> EventPage:
        """One page of events matching the filter (or the keyword filters), oldest first."""
        f = _event_filter(event_filter, params)
        where, args = event_where(f)
        rows = self._backend.query(
            f"SELECT e.event_id, e.event_day FROM events e WHERE {where} ORDER BY {event_order(f)} LIMIT ?",
            [*args, f.limit + 1],
        )
        page, more = rows[: f.limit], len(rows) > f.limit
        next_cursor = encode_cursor(page[-1][1], page[-1][0], f.order) if more and page else None
        return EventPage(events=self.store.events_by_ids([row[0] for row in page]), next_cursor=next_cursor)

    def iter_pages(
        self, event_filter: EventFilter | None = None, /, *, batch: int = 2000, **params: Any
    ) -> Iterator[list[Event]]:
        """Every matching event in the filter's order, ``batch`` at a time (for exports:
        ``limit`` is ignored, a ``cursor`` is honoured)."""
        f = _event_filter(event_filter, params)
        where, args = event_where(f)
        yield from self.store.stream_events(where, args, event_order(f), batch=batch)

    def iter_events(
        self, event_filter: EventFilter | None = None, /, *, batch: int = 2000, **params: Any
    ) -> Iterator[Event]:
        """Every matching event, one at a time, read ``batch`` at a time."""
        for page in self.iter_pages(event_filter, batch=batch, **params):
            yield from page

    def count_events(self, event_filter: EventFilter | None = None, /, **params: Any) -> int:
        f = _event_filter(event_filter, params)
        where, args = event_where(f, with_cursor=False)
        return self._backend.query(f"SELECT count(*) FROM events e WHERE {where}", args)[0][0]

    def event(self, event_id: str | int) -> EventDetail:
        """One event with every place it is told: article, sentence, span and words."""
        number = _id_number(event_id, "event_id")
        found = self.store.events_by_ids([number])
        if not found:
            raise NotFoundError("no stored event has this id", item=f"event {event_id}")
        names, rows = self._backend.query_columns(
            "SELECT m.article_id, a.title, a.outlet, a.url, a.published, m.sentence_index, s.text AS sentence, "
            "m.char_start, m.char_end, substr(a.text, m.char_start + 1, m.char_end - m.char_start) AS quote, "
            "m.trigger, m.cameo, m.mention_id "
            "FROM event_mentions m JOIN articles a ON a.article_id = m.article_id "
            "LEFT JOIN sentences s ON s.article_id = m.article_id AND s.sentence_index = m.sentence_index "
            "WHERE m.event_id = ? ORDER BY m.mention_id",
            [number],
        )
        event = found[0]
        sources = []
        for row, mention in zip(rows, event.mentions, strict=True):
            record = dict(zip(names, row))
            sources.append(
                MentionSource(
                    article_id=record["article_id"],
                    title=record["title"],
                    outlet=record["outlet"],
                    url=record["url"],
                    published=record["published"],
                    sentence_index=record["sentence_index"],
                    sentence=record["sentence"],
                    span=(record["char_start"], record["char_end"]),
                    quote=record["quote"],
                    trigger=record["trigger"],
                    cameo=record["cameo"],
                    source=mention.source or event.source,
                    target=mention.target or event.target,
                )
            )
        return EventDetail(event=event, sources=sources)

    def sentences_of(self, events: Sequence[Event]) -> dict[str, str]:
        """The sentence that tells each event (its representative telling), by event id."""
        keys = {(event.article_id, event.sentence_index) for event in events}
        if not keys:
            return {}
        conditions = " OR ".join("(article_id = ? AND sentence_index = ?)" for _ in keys)
        params = [value for key in keys for value in key]
        texts = {
            (article_id, index): text
            for article_id, index, text in self._backend.query(
                f"SELECT article_id, sentence_index, text FROM sentences WHERE {conditions}", params
            )
        }
        return {
            event.event_id: texts[(event.article_id, event.sentence_index)]
            for event in events
            if (event.article_id, event.sentence_index) in texts
        }

    # -- facts ------------------------------------------------------------------------

    def facts(self, fact_filter: FactFilter | None = None, /, **params: Any) -> list[Fact]:
        """Reported figures, by period then id, each with every sentence that reported it."""
        f = _fact_filter(fact_filter, params)
        conditions: list[str] = []
        args: list[Any] = []
        for country in f.countries or []:
            conditions.append("strpos(',' || f.countries_key || ',', ?) > 0")
            args.append(f",{country},")
        if f.indicator:
            conditions.append("f.indicator = ?")
            args.append(f.indicator)
        if f.kind:
            conditions.append("f.kind = ?")
            args.append(f.kind)
        if f.article_id:
            conditions.append("EXISTS (SELECT 1 FROM fact_sources s WHERE s.fact_id = f.fact_id AND s.article_id = ?)")
            args.append(f.article_id)
        where = " AND ".join(conditions) or "TRUE"
        rows = self._backend.query(
            f"SELECT f.fact_id FROM facts f WHERE {where} ORDER BY f.period_start NULLS LAST, f.fact_id LIMIT ?",
            [*args, f.limit],
        )
        return self.store.facts_by_ids([row[0] for row in rows])

    # -- articles ---------------------------------------------------------------------

    def articles(self, *, limit: int = 100, offset: int = 0) -> list[ArticleSummary]:
        """Stored articles, newest publication first."""
        _check_page(limit, offset)
        names, rows = self._backend.query_columns(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a "
            "ORDER BY a.published DESC NULLS LAST, a.article_id LIMIT ? OFFSET ?",
            [limit, offset],
        )
        return self._with_counts([dict(zip(names, row)) for row in rows])

    def article_summaries(self, article_ids: Iterable[str]) -> dict[str, ArticleSummary]:
        """Metadata of these articles, in one query, without counting their events
        (``num_events``/``num_facts`` stay None): what an export needs for each page."""
        ids = sorted(set(article_ids))
        if not ids:
            return {}
        which, params = any_of("a.article_id", ids)
        names, rows = self._backend.query_columns(f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE {which}", params)
        summaries = [ArticleSummary(**dict(zip(names, row))) for row in rows]
        return {summary.article_id: summary for summary in summaries}

    def article(self, article_id: str) -> CodedArticle:
        """An article with everything coded from it: sentences, actors, events, facts.

        Its events and facts are the stored ones, with mentions from other articles too.
        """
        names, rows = self._backend.query_columns(
            "SELECT article_id, text, title, published, outlet, author, url, origin, coder "
            "FROM articles WHERE article_id = ?",
            [article_id],
        )
        if not rows:
            raise NotFoundError("no stored article has this id", item=f"article {article_id}")
        record = dict(zip(names, rows[0]))
        coder = record.pop("coder")
        sentences = [
            Sentence(index=index, start=start, end=end, text=text)
            for index, start, end, text in self._backend.query(
                "SELECT sentence_index, char_start, char_end, text FROM sentences WHERE article_id = ? "
                "ORDER BY sentence_index",
                [article_id],
            )
        ]
        actors = [
            ActorRef(
                code=code,
                country=country,
                sector=sector,
                name=name,
                role=role,
                rank=rank,
                kind=kind,
                actor_id=actor_id,
                text=text,
                span=(start, end) if start is not None else None,
            )
            for actor_id, code, country, sector, name, role, rank, kind, text, start, end in self._backend.query(
                "SELECT m.actor_id, m.code, a.country, a.sector, a.name, m.role, m.rank, a.kind, m.text, "
                "m.char_start, m.char_end FROM actor_mentions m JOIN actors a ON a.actor_id = m.actor_id "
                "WHERE m.article_id = ? ORDER BY m.char_start NULLS LAST, m.actor_id",
                [article_id],
            )
        ]
        event_ids = self._backend.query(
            "SELECT DISTINCT m.event_id, e.event_day FROM event_mentions m JOIN events e ON e.event_id = m.event_id "
            "WHERE m.article_id = ? ORDER BY e.event_day NULLS LAST, m.event_id",
            [article_id],
        )
        fact_ids = self._backend.query(
            "SELECT DISTINCT fact_id FROM fact_sources WHERE article_id = ? ORDER BY fact_id", [article_id]
        )
        return CodedArticle(
            article=Article(**record),
            sentences=sentences,
            actors=actors,
            events=self.store.events_by_ids([row[0] for row in event_ids]),
            facts=self.store.facts_by_ids([row[0] for row in fact_ids]),
            coder=coder,
        )

    def search(self, text: str, *, limit: int = 20) -> list[SearchHit]:
        """Articles whose text contains ``text`` (any case), with the words around it."""
        phrase = text.strip()
        if not phrase:
            raise QueryError("give some words to search for", item="text")
        _check_page(limit, 0)
        names, rows = self._backend.query_columns(
            f"SELECT {_ARTICLE_COLUMNS}, "
            "substr(a.text, greatest(strpos(lower(a.text), lower(CAST(? AS VARCHAR))) - 80, 1), "
            "length(CAST(? AS VARCHAR)) + 160) AS snippet "
            "FROM articles a WHERE strpos(lower(a.text), lower(?)) > 0 "
            "ORDER BY a.published DESC NULLS LAST, a.article_id LIMIT ?",
            [phrase, phrase, phrase, limit],
        )
        records = [dict(zip(names, row)) for row in rows]
        snippets = [record.pop("snippet") for record in records]
        return [
            SearchHit(article=article, snippet=snippet)
            for article, snippet in zip(self._with_counts(records), snippets)
        ]

    def _with_counts(self, records: list[dict[str, Any]]) -> list[ArticleSummary]:
        if not records:
            return []
        which, params = any_of("article_id", [record["article_id"] for record in records])
        events = dict(
            self._backend.query(
                f"SELECT article_id, count(DISTINCT event_id) FROM event_mentions WHERE {which} GROUP BY article_id",
                params,
            )
        )
        facts = dict(
            self._backend.query(
                f"SELECT article_id, count(DISTINCT fact_id) FROM fact_sources WHERE {which} GROUP BY article_id",
                params,
            )
        )
        return [
            ArticleSummary(
                **record, num_events=events.get(record["article_id"], 0), num_facts=facts.get(record["article_id"], 0)
            )
            for record in records
        ]

    # -- actors -----------------------------------------------------------------------

    def actors(
        self,
        *,
        kind: str | None = None,
        country: str | None = None,
        name: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[ActorSummary]:
        """Canonical actors, most often named first; ``name`` matches part of the name."""
        _check_page(limit, offset)
        conditions: list[str] = []
        args: list[Any] = []
        if kind:
            conditions.append("a.kind = ?")
            args.append(kind)
        if country:
            conditions.append("a.country = ?")
            args.append(EventFilter(country=country).country)
        if name:
            conditions.append("strpos(lower(a.name), lower(?)) > 0")
            args.append(name)
        where = " AND ".join(conditions) or "TRUE"
        rows = self._backend.query(
            "SELECT a.actor_id, a.kind, a.code, a.country, a.sector, a.name, count(m.actor_id) AS mentions, "
            "count(DISTINCT m.article_id) AS articles "
            f"FROM actors a LEFT JOIN actor_mentions m ON m.actor_id = a.actor_id WHERE {where} "
            "GROUP BY a.actor_id, a.kind, a.code, a.country, a.sector, a.name "
            "ORDER BY mentions DESC, a.actor_id LIMIT ? OFFSET ?",
            [*args, limit, offset],
        )
        return self._with_roles(rows)

    def actor(self, actor_id: str, *, limit: int = 100, cursor: str | None = None) -> ActorDetail:
        """One actor, the roles the articles give it, and the events it takes part in."""
        rows = self._backend.query(
            "SELECT a.actor_id, a.kind, a.code, a.country, a.sector, a.name, count(m.actor_id), "
            "count(DISTINCT m.article_id) FROM actors a LEFT JOIN actor_mentions m ON m.actor_id = a.actor_id "
            "WHERE a.actor_id = ? GROUP BY a.actor_id, a.kind, a.code, a.country, a.sector, a.name",
            [actor_id],
        )
        if not rows:
            raise NotFoundError("no stored actor has this id", item=f"actor {actor_id}")
        page = self.events(actor_id=actor_id, limit=limit, cursor=cursor)
        return ActorDetail(actor=self._with_roles(rows)[0], events=page.events, next_cursor=page.next_cursor)

    def _with_roles(self, rows: list[tuple[Any, ...]]) -> list[ActorSummary]:
        if not rows:
            return []
        which, params = any_of("actor_id", [row[0] for row in rows])
        roles: dict[str, list[str]] = {}
        for actor_id, role in self._backend.query(
            f"SELECT DISTINCT actor_id, role FROM actor_mentions WHERE {which} AND role IS NOT NULL ORDER BY actor_id, role",
            params,
        ):
            roles.setdefault(actor_id, []).append(role)
        return [
            ActorSummary(
                actor_id=actor_id,
                kind=kind,
                code=code,
                country=country,
                sector=sector,
                name=name,
                roles=roles.get(actor_id, []),
                num_mentions=mentions,
                num_articles=articles,
            )
            for actor_id, kind, code, country, sector, name, mentions, articles in rows
        ]

    # -- aggregates -------------------------------------------------------------------

    def stats(self) -> Stats:
        """How much is stored, and events by root code, by country (either side) and by month."""
        query = self._backend.query
        events, undated, mentions = query(
            "SELECT count(*), count(*) - count(event_day), coalesce(sum(num_mentions), 0) FROM events"
        )[0]
        names = cameo_codes()
        by_root = [
            CodeCount(key=root, name=names[root].name if root in names else None, count=count)
            for root, count in query("SELECT root, count(*) FROM events GROUP BY root ORDER BY root")
        ]
        # An event counts once for each country taking part (once if both sides are one).
        # UNION ALL with the target skipped when it repeats the source: a UNION would
        # deduplicate two million rows to get the same counts, ten times slower.
        by_country = [
            CodeCount(key=country, count=count)
            for country, count in query(
                "SELECT country, count(*) AS n FROM ("
                "SELECT source_country AS country FROM events WHERE source_country IS NOT NULL "
                "UNION ALL SELECT target_country FROM events WHERE target_country IS NOT NULL "
                "AND (source_country IS NULL OR target_country <> source_country)"
                ") sides GROUP BY country ORDER BY n DESC, country"
            )
        ]
        by_month = [
            CodeCount(key=month.strftime("%Y-%m"), count=count)
            for month, count in query(
                "SELECT CAST(date_trunc('month', event_day) AS DATE) AS month, count(*) FROM events "
                "WHERE event_day IS NOT NULL GROUP BY month ORDER BY month"
            )
        ]
        return Stats(
            events=events,
            mentions=mentions,
            articles=query("SELECT count(*) FROM articles")[0][0],
            facts=query("SELECT count(*) FROM facts")[0][0],
            actors=query("SELECT count(*) FROM actors")[0][0],
            undated_events=undated,
            by_root=by_root,
            by_country=by_country,
            by_month=by_month,
        )

    def dyad_series(
        self,
        first: str,
        second: str | None = None,
        *,
        interval: Interval = "month",
        directed: bool = False,
        since: date | str | None = None,
        until: date | str | None = None,
        root: str | None = None,
    ) -> list[SeriesPoint]:
        """Events between two countries (or involving one) per period: counts per QuadClass,
        mentions, and the Goldstein sum and mean. Periods with no events are included as
        zeros between the first and the last, so the points can be drawn as they come.
        Undated events have no period and are left out.
        """
        if interval not in _INTERVALS:
            raise QueryError(f"{interval!r} is not one of {', '.join(_INTERVALS)}", item="interval")
        if second is None:
            f = EventFilter(country=first, since=since, until=until, root=root)
        else:
            f = EventFilter(dyad=f"{first}-{second}", directed=directed, since=since, until=until, root=root)
        where, args = event_where(f)
        # The interval is one of four fixed words (checked above), so it is written into the SQL.
        rows = self._backend.query(
            f"SELECT CAST(date_trunc('{interval}', e.event_day) AS DATE) AS period, count(*), "
            "sum(CASE WHEN e.quad_class = 1 THEN 1 ELSE 0 END), sum(CASE WHEN e.quad_class = 2 THEN 1 ELSE 0 END), "
            "sum(CASE WHEN e.quad_class = 3 THEN 1 ELSE 0 END), sum(CASE WHEN e.quad_class = 4 THEN 1 ELSE 0 END), "
            "sum(e.num_mentions), sum(e.goldstein), avg(e.goldstein) "
            f"FROM events e WHERE e.event_day IS NOT NULL AND {where} GROUP BY period ORDER BY period",
            args,
        )
        found = {
            row[0]: SeriesPoint(
                period=row[0],
                events=row[1],
                quad_1=row[2],
                quad_2=row[3],
                quad_3=row[4],
                quad_4=row[5],
                mentions=row[6],
                goldstein_sum=row[7],
                goldstein_mean=row[8],
            )
            for row in rows
        }
        if not found:
            return []
        points = []
        period, last = min(found), max(found)
        while period <= last:
            points.append(
                found.get(period)
                or SeriesPoint(
                    period=period,
                    events=0,
                    quad_1=0,
                    quad_2=0,
                    quad_3=0,
                    quad_4=0,
                    mentions=0,
                    goldstein_sum=0.0,
                    goldstein_mean=None,
                )
            )
            period = _next_period(period, interval)
        return points


def _next_period(period: date, interval: str) -> date:
    if interval == "day":
        return period + timedelta(days=1)
    if interval == "week":
        return period + timedelta(weeks=1)
    if interval == "month":
        return date(period.year + period.month // 12, period.month % 12 + 1, 1)
    return date(period.year + 1, 1, 1)


def _event_filter(event_filter: EventFilter | None, params: dict[str, Any]) -> EventFilter:
    if event_filter is not None and params:
        return EventFilter(**{**event_filter.model_dump(exclude_unset=True), **params})
    return event_filter if event_filter is not None else EventFilter(**params)


def _fact_filter(fact_filter: FactFilter | None, params: dict[str, Any]) -> FactFilter:
    if fact_filter is not None and params:
        return FactFilter(**{**fact_filter.model_dump(exclude_unset=True), **params})
    return fact_filter if fact_filter is not None else FactFilter(**params)


def _id_number(value: str | int, parameter: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFoundError(f"{value!r} is not an id this store gives (a number)", item=parameter) from None


def _check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"{limit!r} is outside 1..{MAX_LIMIT}", item="limit")
    if not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"{offset!r} is outside 0..{MAX_OFFSET}", item="offset")
