"""The HTTP API under ``/api``: read-only, JSON or CSV, every answer traceable to a sentence.
(Writing, ``POST /api/articles``, is in ``write.py``.)

Events take every filter of ``accord events`` (``accord.query.EventFilter``, same
names: ``dyad``, ``country``, ``source``, ``target``, ``directed``, ``root``, ``code``,
``quad``, ``since``, ``until``, ``article_id``, ``actor_id``, ``text``) and page with
``limit`` (1-10000, default 100) and the opaque ``cursor`` each page returns; lists
that page by ``offset`` take at most ``MAX_OFFSET``. The summaries (series, dyads,
places, partners) take the same filters without paging. Every value reaches the
database as a parameter of ``accord.query``'s SQL, never as SQL text.

A parameter an endpoint does not know is an error naming it, not silently ignored:
``dyads=AZE-TUR`` would otherwise return every event. ``docs/api.md`` lists every
endpoint with examples; ``/openapi.json`` describes them for tools.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ..errors import QueryError
from ..ontology.cameo import cameo_codes
from ..ontology.lexicon import countries as lexicon_countries
from ..ontology.lexicon import regions as lexicon_regions
from ..query import (
    MAX_LIMIT,
    MAX_OFFSET,
    ActorDetail,
    ActorSummary,
    ArticleSummary,
    EventDetail,
    EventFilter,
    FactFilter,
    SearchHit,
    SeriesPoint,
    Stats,
)
from ..query.aggregates import (
    DyadSummary,
    Partner,
    Place,
    actor_partners,
    country_partners,
    event_places,
    event_series,
    top_dyads,
)
from ..query.facts import FactSeries, SeriesEntry, fact_series
from ..records import CodedArticle, Event, Fact
from .app import API_PREFIX
from .formats import Format, csv_response, events_csv_response, output_format
from .pool import DatabasePool

__all__ = ["router", "MAX_OFFSET"]


async def known_parameters_only(request: Request) -> None:
    """Refuse query parameters the endpoint does not take, naming the first one."""
    route = request.scope.get("route")
    if route is None:
        return
    allowed = _parameters_of(route)
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        takes = ", ".join(sorted(allowed)) or "no parameters"
        raise QueryError(f"is not a parameter of {route.path} (it takes: {takes})", item=unknown[0])


def _parameters_of(route: Any) -> frozenset[str]:
    """The query parameters a route and all its dependencies declare."""
    names: set[str] = set()
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        names.update(param.alias for param in dependant.query_params)
        pending.extend(dependant.dependencies)
    return frozenset(names)


router = APIRouter(prefix=API_PREFIX, dependencies=[Depends(known_parameters_only)])

ListFormat = Annotated[Format, Depends(output_format)]
CSV_CONTENT = {200: {"content": {"text/csv": {}}, "description": "JSON, or CSV with ?format=csv or Accept: text/csv"}}


def databases(request: Request) -> DatabasePool:
    return request.app.state.databases


Pool = Annotated[DatabasePool, Depends(databases)]


# -- parameters shared by many endpoints ---------------------------------------------


def filter_fields(
    country: Annotated[str | None, Query(description="Country on either side (ISO alpha-3): AZE.")] = None,
    dyad: Annotated[str | None, Query(description="Two countries, either direction unless directed: AZE-TUR.")] = None,
    directed: Annotated[bool, Query(description="Read dyad as source-target only.")] = False,
    source: Annotated[str | None, Query(description="Source country: TUR.")] = None,
    target: Annotated[str | None, Query(description="Target country: AZE.")] = None,
    root: Annotated[str | None, Query(description="CAMEO root code: 05.")] = None,
    code: Annotated[str | None, Query(description="CAMEO code or its start: 057, 04.")] = None,
    quad: Annotated[
        int | None, Query(description="QuadClass: 1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict.")
    ] = None,
    since: Annotated[date | None, Query(description="Events on or after this day (undated events are left out).")] = None,
    until: Annotated[date | None, Query(description="Events on or before this day.")] = None,
    article_id: Annotated[str | None, Query(description="Events told in this article.")] = None,
    actor_id: Annotated[str | None, Query(description="Events of this actor: person:ilham-aliyev.")] = None,
    text: Annotated[str | None, Query(description="Words in a sentence that tells the event (any case).")] = None,
) -> dict[str, Any]:
    """The filters of ``accord events``, as given (left-out ones stay out)."""
    given = dict(country=country, dyad=dyad, source=source, target=target, root=root, code=code, quad=quad,
                 since=since, until=until, article_id=article_id, actor_id=actor_id, text=text)  # fmt: skip
    fields = {name: value for name, value in given.items() if value is not None}
    if directed:
        fields["directed"] = True
    return fields


FilterFields = Annotated[dict[str, Any], Depends(filter_fields)]


def summary_filter(fields: FilterFields) -> EventFilter:
    """The event filters for a summary (series, dyads, places): no paging."""
    return EventFilter(**fields)


def page_filter(
    fields: FilterFields,
    limit: Annotated[int, Query(description=f"Events per page, 1-{MAX_LIMIT}.")] = 100,
    cursor: Annotated[str | None, Query(description="Continue after a page: its next_cursor.")] = None,
    order: Annotated[Literal["asc", "desc"], Query(description="asc: oldest first; desc: newest first.")] = "asc",
) -> EventFilter:
    return EventFilter(**fields, limit=limit, cursor=cursor, order=order)


SummaryFilter = Annotated[EventFilter, Depends(summary_filter)]
PageFilter = Annotated[EventFilter, Depends(page_filter)]
IntervalParam = Annotated[
    Literal["day", "week", "month", "year"], Query(description="Length of each period: day, week, month or year.")
]


def _limit(what: str) -> Any:
    return Query(description=f"At most this many {what}, 1-{MAX_LIMIT}.", ge=1, le=MAX_LIMIT)


def _next_link(request: Request, next_cursor: str | None) -> dict[str, str]:
    """A Link header to the next page, for clients that read CSV (which has no room for a cursor)."""
    if next_cursor is None:
        return {}
    return {"Link": f'<{request.url.include_query_params(cursor=next_cursor)}>; rel="next"'}


# -- response models --------------------------------------------------------------------


class EventList(BaseModel):
    events: list[Event]
    next_cursor: str | None = Field(description="pass as cursor for the next page; null on the last")
    sentences: dict[str, str] | None = Field(
        default=None, description="with sentences=true: the sentence that tells each event, by event id"
    )


class EventCount(BaseModel):
    count: int


class Series(BaseModel):
    interval: str
    points: list[SeriesPoint]


class DyadList(BaseModel):
    dyads: list[DyadSummary]


class CountryInfo(BaseModel):
    code: str
    name: str
    kind: Literal["country", "region"]
    continent: str | None = None


class CountryList(BaseModel):
    countries: list[CountryInfo]


class PartnerList(BaseModel):
    partners: list[Partner]


class ActorList(BaseModel):
    actors: list[ActorSummary]


class ArticleList(BaseModel):
    articles: list[ArticleSummary]


class FactList(BaseModel):
    facts: list[Fact]


class FactSource(BaseModel):
    """Where a figure was first reported, to link a chart's bar to its sentence."""

    article_id: str
    sentence_index: int
    span: tuple[int, int]
    text: str


class FactSeriesList(BaseModel):
    series: list[FactSeries]
    sources: dict[str, FactSource] = Field(description="each figure's representative report, by fact id")


class FactSeriesRow(BaseModel):
    """One figure of a series, flat, for CSV."""

    indicator: str
    countries: list[str]
    currency: str | None
    unit: str | None
    entry: SeriesEntry


class SearchResults(BaseModel):
    hits: list[SearchHit]


class PlaceList(BaseModel):
    places: list[Place]


class CameoEntry(BaseModel):
    code: str
    root: str
    name: str
    goldstein: float
    quad_class: int
    plover: str | None


class CameoList(BaseModel):
    codes: list[CameoEntry]


# -- events ---------------------------------------------------------------------------


@router.get("/events", response_model=EventList, responses=CSV_CONTENT, tags=["events"])
def list_events(
    request: Request,
    response: Response,
    pool: Pool,
    event_filter: PageFilter,
    format: ListFormat,
    sentences: Annotated[bool, Query(description="Add the sentence that tells each event.")] = False,
) -> Any:
    """Events matching every given filter, a page at a time, by date then id (undated last).

    The next page: the same request with ``cursor`` set to ``next_cursor`` (CSV: the
    ``Link: <...>; rel="next"`` header).
    """
    with pool.borrow() as db:
        page = db.events(event_filter)
        texts = db.sentences_of(page.events) if sentences and format == "json" else None
    headers = _next_link(request, page.next_cursor)
    if format == "csv":
        return events_csv_response(page.events, headers=headers)
    response.headers.update(headers)
    return EventList(events=page.events, next_cursor=page.next_cursor, sentences=texts)


@router.get("/events/count", response_model=EventCount, tags=["events"])
def count_events(pool: Pool, event_filter: SummaryFilter) -> EventCount:
    """How many events match the filters."""
    with pool.borrow() as db:
        return EventCount(count=db.count_events(event_filter))


@router.get("/events/{event_id}", response_model=EventDetail, tags=["events"])
def get_event(pool: Pool, event_id: Annotated[str, Path(description="The event's id, as a list returned it.")]) -> EventDetail:
    """One event with every place it is told: article, sentence, span and the words there."""
    with pool.borrow() as db:
        return db.event(event_id)


# -- series and dyads -------------------------------------------------------------------


@router.get("/series", response_model=Series, responses=CSV_CONTENT, tags=["series"])
def series(pool: Pool, event_filter: SummaryFilter, format: ListFormat, interval: IntervalParam = "month") -> Any:
    """Events matching any filters per period: counts per QuadClass, mentions, Goldstein sum and mean.

    Periods without events between the first and the last are included as zeros.
    """
    with pool.borrow() as db:
        points = event_series(db, event_filter, interval=interval)
    return _series_response(points, interval, format)


def _series_response(points: list[SeriesPoint], interval: str, format: Format) -> Any:
    if format == "csv":
        return csv_response(points, SeriesPoint)
    return Series(interval=interval, points=points)


@router.get("/dyads", response_model=DyadList, responses=CSV_CONTENT, tags=["series"])
def list_dyads(
    pool: Pool,
    event_filter: SummaryFilter,
    format: ListFormat,
    limit: Annotated[int, _limit("dyads")] = 20,
) -> Any:
    """The pairs of countries with the most events between them (either direction)."""
    with pool.borrow() as db:
        dyads = top_dyads(db, event_filter, limit=limit)
    return csv_response(dyads, DyadSummary) if format == "csv" else DyadList(dyads=dyads)


@router.get("/dyads/{dyad}/series", response_model=Series, responses=CSV_CONTENT, tags=["series"])
def dyad_series(
    pool: Pool,
    format: ListFormat,
    dyad: Annotated[str, Path(description="Two countries: AZE-TUR.")],
    interval: IntervalParam = "month",
    directed: Annotated[bool, Query(description="Only events from the first to the second.")] = False,
    since: Annotated[date | None, Query(description="From this day.")] = None,
    until: Annotated[date | None, Query(description="To this day.")] = None,
    root: Annotated[str | None, Query(description="Only this CAMEO root code: 05.")] = None,
) -> Any:
    """Events between two countries per period: counts per QuadClass, Goldstein mean and sum."""
    first, second = _dyad(dyad)
    with pool.borrow() as db:
        points = db.dyad_series(first, second, interval=interval, directed=directed, since=since, until=until, root=root)
    return _series_response(points, interval, format)


def _dyad(value: str) -> tuple[str, str]:
    first, second = EventFilter(dyad=value).dyad.split("-")  # type: ignore[union-attr]
    return first, second


# -- countries ---------------------------------------------------------------------------


# Code lists change only with Accord's data files: built once, and browsers may keep them a day.
STATIC_LIST_HEADERS = {"Cache-Control": "public, max-age=86400"}


@functools.cache
def _country_entries() -> tuple[CountryInfo, ...]:
    entries = [
        CountryInfo(code=country.iso3, name=country.name, kind="country", continent=country.continent)
        for country in lexicon_countries().values()
    ] + [CountryInfo(code=region.code, name=region.name, kind="region") for region in lexicon_regions().values()]
    return tuple(sorted(entries, key=lambda entry: entry.code))


@router.get("/countries", response_model=CountryList, responses=CSV_CONTENT, tags=["countries"])
def list_countries(response: Response, format: ListFormat) -> Any:
    """The countries and regions Accord codes, with their names (to label codes)."""
    entries = list(_country_entries())
    if format == "csv":
        return csv_response(entries, CountryInfo, headers=STATIC_LIST_HEADERS)
    response.headers.update(STATIC_LIST_HEADERS)
    return CountryList(countries=entries)


def _country(value: str) -> str:
    """The path's country code, checked as the filters check one (but named as in the path)."""
    try:
        return EventFilter(country=value).country  # type: ignore[return-value]
    except QueryError as exc:
        raise QueryError(exc.reason, item="country_code") from None


CountryCode = Annotated[str, Path(description="A country (ISO alpha-3): AZE.")]


@router.get("/countries/{country_code}/series", response_model=Series, responses=CSV_CONTENT, tags=["countries"])
def country_series(
    pool: Pool,
    format: ListFormat,
    country_code: CountryCode,
    interval: IntervalParam = "month",
    since: Annotated[date | None, Query(description="From this day.")] = None,
    until: Annotated[date | None, Query(description="To this day.")] = None,
    root: Annotated[str | None, Query(description="Only this CAMEO root code: 05.")] = None,
) -> Any:
    """One country against all: its events with anyone, per period."""
    country = _country(country_code)
    with pool.borrow() as db:
        points = db.dyad_series(country, interval=interval, since=since, until=until, root=root)
    return _series_response(points, interval, format)


@router.get("/countries/{country_code}/partners", response_model=PartnerList, responses=CSV_CONTENT, tags=["countries"])
def list_country_partners(
    pool: Pool,
    format: ListFormat,
    country_code: CountryCode,
    since: Annotated[date | None, Query(description="From this day.")] = None,
    until: Annotated[date | None, Query(description="To this day.")] = None,
    root: Annotated[str | None, Query(description="Only this CAMEO root code: 05.")] = None,
    limit: Annotated[int, _limit("partners")] = 30,
) -> Any:
    """The countries this one had events with, most events first, with how cooperative they were."""
    country = _country(country_code)
    event_filter = EventFilter(since=since, until=until, root=root)
    with pool.borrow() as db:
        partners = country_partners(db, country, event_filter, limit=limit)
    return csv_response(partners, Partner) if format == "csv" else PartnerList(partners=partners)


# -- actors -------------------------------------------------------------------------------


@router.get("/actors", response_model=ActorList, responses=CSV_CONTENT, tags=["actors"])
def list_actors(
    pool: Pool,
    format: ListFormat,
    kind: Annotated[
        Literal["country", "person", "organisation", "group"] | None, Query(description="Only actors of this kind.")
    ] = None,
    country: Annotated[str | None, Query(description="Only actors of this country: AZE.")] = None,
    name: Annotated[str | None, Query(description="Part of the name, any case.")] = None,
    limit: Annotated[int, _limit("actors")] = 100,
    offset: Annotated[int, Query(description=f"Skip this many, 0-{MAX_OFFSET}.", ge=0, le=MAX_OFFSET)] = 0,
) -> Any:
    """People, organisations and countries, most often named first, with the roles articles give them."""
    with pool.borrow() as db:
        actors = db.actors(kind=kind, country=country, name=name, limit=limit, offset=offset)
    return csv_response(actors, ActorSummary) if format == "csv" else ActorList(actors=actors)


@router.get("/actors/{actor_id}", response_model=ActorDetail, tags=["actors"])
def get_actor(
    pool: Pool,
    actor_id: Annotated[str, Path(description="person:ilham-aliyev, country:TUR, org:european-union, ...")],
    limit: Annotated[int, _limit("events")] = 100,
    cursor: Annotated[str | None, Query(description="Continue after a page of events: its next_cursor.")] = None,
) -> ActorDetail:
    """One actor, its roles, and a page of the events it takes part in."""
    with pool.borrow() as db:
        return db.actor(actor_id, limit=limit, cursor=cursor)


@router.get("/actors/{actor_id}/partners", response_model=PartnerList, responses=CSV_CONTENT, tags=["actors"])
def list_actor_partners(
    pool: Pool,
    format: ListFormat,
    actor_id: Annotated[str, Path(description="person:ilham-aliyev, ...")],
    limit: Annotated[int, _limit("partners")] = 30,
) -> Any:
    """The actors this one had events with, as the articles tell them: the actor's network."""
    with pool.borrow() as db:
        partners = actor_partners(db, actor_id, limit=limit)
    return csv_response(partners, Partner) if format == "csv" else PartnerList(partners=partners)


# -- articles and search -------------------------------------------------------------------


@router.get("/articles", response_model=ArticleList, responses=CSV_CONTENT, tags=["articles"])
def list_articles(
    pool: Pool,
    format: ListFormat,
    limit: Annotated[int, _limit("articles")] = 100,
    offset: Annotated[int, Query(description=f"Skip this many, 0-{MAX_OFFSET}.", ge=0, le=MAX_OFFSET)] = 0,
) -> Any:
    """Stored articles, newest first, with how many events and figures each tells."""
    with pool.borrow() as db:
        articles = db.articles(limit=limit, offset=offset)
    return csv_response(articles, ArticleSummary) if format == "csv" else ArticleList(articles=articles)


@router.get("/articles/{article_id:path}", response_model=CodedArticle, tags=["articles"])
def get_article(pool: Pool, article_id: str) -> CodedArticle:
    """An article's text with everything coded from it: sentences, actors, events and figures,
    each with its character span in the text."""
    with pool.borrow() as db:
        return db.article(article_id)


@router.get("/search", response_model=SearchResults, responses=CSV_CONTENT, tags=["articles"])
def search(
    pool: Pool,
    format: ListFormat,
    q: Annotated[str, Query(description="Words to find in article texts (any case).")],
    limit: Annotated[int, _limit("articles")] = 20,
) -> Any:
    """Articles whose text contains the words, newest first, with the words around them."""
    if not q.strip():
        raise QueryError("give some words to search for", item="q")
    with pool.borrow() as db:
        hits = db.search(q, limit=limit)
    return csv_response(hits, SearchHit) if format == "csv" else SearchResults(hits=hits)


# -- facts --------------------------------------------------------------------------------


def fact_filter(
    countries: Annotated[str | None, Query(description="Figures about all of these countries: AZE,TUR.")] = None,
    indicator: Annotated[str | None, Query(description="What it measures: trade_turnover.")] = None,
    kind: Annotated[
        Literal["actual", "target", "forecast", "pledge"] | None, Query(description="actual, target, forecast or pledge.")
    ] = None,
    article_id: Annotated[str | None, Query(description="Figures reported in this article.")] = None,
    limit: Annotated[int, _limit("figures")] = 100,
) -> FactFilter:
    return FactFilter(countries=countries, indicator=indicator, kind=kind, article_id=article_id, limit=limit)


FactFilterParam = Annotated[FactFilter, Depends(fact_filter)]


@router.get("/facts", response_model=FactList, responses=CSV_CONTENT, tags=["facts"])
def list_facts(pool: Pool, facts_filter: FactFilterParam, format: ListFormat) -> Any:
    """Reported figures (trade turnover, investment, troops...), each once however many articles
    reported it, with every sentence that did."""
    with pool.borrow() as db:
        facts = db.facts(facts_filter)
    return csv_response(facts, Fact) if format == "csv" else FactList(facts=facts)


@router.get("/facts/series", response_model=FactSeriesList, responses=CSV_CONTENT, tags=["facts"])
def list_fact_series(pool: Pool, facts_filter: FactFilterParam, format: ListFormat) -> Any:
    """Figures grouped by indicator, countries and currency: actual values by period against
    their targets, with each actual's share of its target."""
    with pool.borrow() as db:
        facts = db.facts(facts_filter)
    all_series = fact_series(facts)
    if format == "csv":
        rows = [
            FactSeriesRow(indicator=one.indicator, countries=one.countries, currency=one.currency, unit=one.unit, entry=entry)
            for one in all_series
            for entry in [*one.actuals, *one.targets, *one.forecasts, *one.pledges]
        ]
        return csv_response(rows, FactSeriesRow)
    sources = {
        fact.fact_id: FactSource(article_id=fact.article_id, sentence_index=fact.sentence_index, span=fact.span, text=fact.text)
        for fact in facts
    }
    return FactSeriesList(series=all_series, sources=sources)


# -- places, stats, codes -------------------------------------------------------------------


@router.get("/places", response_model=PlaceList, responses=CSV_CONTENT, tags=["places"])
def list_places(
    pool: Pool,
    event_filter: SummaryFilter,
    format: ListFormat,
    limit: Annotated[int, _limit("places")] = 500,
    latest: Annotated[int, Query(description="The newest events listed with each place, 0-20.", ge=0, le=20)] = 3,
) -> Any:
    """Places where matching events happened (those with coordinates), most events first."""
    with pool.borrow() as db:
        places = event_places(db, event_filter, limit=limit, latest=latest)
    return csv_response(places, Place) if format == "csv" else PlaceList(places=places)


@router.get("/stats", response_model=Stats, tags=["stats"])
def stats(pool: Pool) -> Stats:
    """How much is stored; events by CAMEO root, by country and by month."""
    with pool.borrow() as db:
        return db.stats()


@functools.cache
def _cameo_entries(roots: bool) -> tuple[CameoEntry, ...]:
    return tuple(
        CameoEntry(code=c.code, root=c.root, name=c.name, goldstein=c.goldstein, quad_class=c.quad_class, plover=c.plover)
        for c in cameo_codes().values()
        if c.is_root or not roots
    )


@router.get("/cameo", response_model=CameoList, responses=CSV_CONTENT, tags=["stats"])
def list_cameo(
    response: Response,
    format: ListFormat,
    roots: Annotated[bool, Query(description="Only the twenty root codes.")] = False,
) -> Any:
    """The CAMEO codes with their names, Goldstein scores, QuadClass and PLOVER category."""
    entries = list(_cameo_entries(roots))
    if format == "csv":
        return csv_response(entries, CameoEntry, headers=STATIC_LIST_HEADERS)
    response.headers.update(STATIC_LIST_HEADERS)
    return CameoList(codes=entries)
