"""The dashboard's pages: plain HTML files whose scripts read the API.

    /                      overview: volume by QuadClass, most active dyads, latest events, search (?q=)
    /dyad/AZE-TUR          cooperation against conflict, Goldstein trend, events, figures against targets
    /article/{id}          the text with actors, triggers, dates and figures marked; #event-12 selects one
    /actor/{id}            roles, events over time, partners as a network (country:AZE for a country)
    /map                   places of events

Each page is a fixed file from ``static/pages``; the id in the URL is read by the page's
script, never used as a path. A page about something that is not stored answers
404, so a mistyped link says so at once. Everything a page loads (scripts, styles,
the world's shapes) is under ``/static``: the dashboard works without internet.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from ..errors import NotFoundError, QueryError
from ..query import EventFilter
from .pool import DatabasePool

__all__ = ["router", "STATIC_DIR", "PAGES"]

STATIC_DIR = Path(__file__).parent / "static"
PAGES = STATIC_DIR / "pages"

router = APIRouter(include_in_schema=False)


def _page(name: str) -> FileResponse:
    # Pages change with Accord's version, not per request; no-cache makes the browser
    # check (an ETag round trip) so an upgraded server is seen at once.
    return FileResponse(PAGES / f"{name}.html", media_type="text/html", headers={"Cache-Control": "no-cache"})


def _databases(request: Request) -> DatabasePool:
    return request.app.state.databases


@router.get("/")
def overview() -> Response:
    return _page("overview")


@router.get("/map")
def event_map() -> Response:
    return _page("map")


@router.get("/dyad/{pair}")
def dyad(pair: str) -> Response:
    try:
        canonical = EventFilter(dyad=pair).dyad
    except QueryError as exc:
        raise NotFoundError(f"{pair!r} is not a dyad page; dyads are two country codes such as AZE-TUR", item="dyad") from exc
    if canonical != pair:
        return RedirectResponse(f"/dyad/{canonical}", status_code=308)
    return _page("dyad")


@router.get("/article/{article_id:path}")
def article(request: Request, article_id: str) -> Response:
    with _databases(request).borrow() as db:
        if not db.article_summaries([article_id]):
            raise NotFoundError("no stored article has this id", item=f"article {article_id}")
    return _page("article")


@router.get("/actor/{actor_id}")
def actor(request: Request, actor_id: str) -> Response:
    with _databases(request).borrow() as db:
        if actor_id.startswith("country:"):
            # A country has a page when any event involves it, even if no article
            # names the bare country (only its ministers, say).
            try:
                country = EventFilter(country=actor_id.removeprefix("country:")).country
            except QueryError as exc:
                raise NotFoundError("not a country code such as country:AZE", item=f"actor {actor_id}") from exc
            if db.count_events(country=country) == 0:
                raise NotFoundError("no stored event involves this country", item=f"actor {actor_id}")
        else:
            db.actor(actor_id, limit=1)
    return _page("actor")
