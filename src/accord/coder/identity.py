"""Event identity within an article: one event, however many times the article tells it.

"Officials discussed cooperation in Ankara", "X met Y on September 12" and "the parties
discussed ..." are one meeting. Two events are the same when they have the same root,
the same pair of countries (either order when reciprocal), compatible dates (within one
day at day precision, equal otherwise), and compatible places; undated events are the
same only when their full code and both actors are equal. The merged event keeps the
telling with the best-founded date (from the text, nearest the trigger) as its
representative, and every telling as a Mention with its own code and actors.

The store applies the same rule across articles (accord.store), which is where
GDELT-style NumMentions / NumArticles / NumSources are counted.
"""

from __future__ import annotations

from datetime import date

from ..records import Event, Mention
from .work import Work

__all__ = ["IdentityComponent", "same_event", "merge_events"]


def _country_pair(event: Event) -> tuple[str | None, str | None]:
    return (event.source.country if event.source else None, event.target.country if event.target else None)


def _same_dyad(a: Event, b: Event) -> bool:
    pa, pb = _country_pair(a), _country_pair(b)
    if pa == pb:
        return True
    either_order = a.reciprocal or b.reciprocal
    return either_order and pa == pb[::-1]


def _as_date(value: str | None) -> date | None:
    if value and len(value) == 10:
        return date.fromisoformat(value)
    return None


def _dates_compatible(a: Event, b: Event) -> bool:
    if a.date is None or b.date is None:
        return a.date is None and b.date is None
    da, db = _as_date(a.date), _as_date(b.date)
    if da and db:
        return abs((da - db).days) <= 1
    return a.date == b.date or a.date.startswith(b.date) or b.date.startswith(a.date)


def _places_compatible(a: Event, b: Event) -> bool:
    """Unknown places fit anything; a country fits the places inside it."""
    la, lb = a.location, b.location
    if la is None or lb is None:
        return True
    if la.geonameid is not None and la.geonameid == lb.geonameid or la.name == lb.name:
        return True
    return (la.feature == "country" or lb.feature == "country") and la.country == lb.country


def same_event(a: Event, b: Event) -> bool:
    if a.root != b.root or not _same_dyad(a, b):
        return False
    if a.date is None and b.date is None:
        actors_a = ((a.source and a.source.code), (a.target and a.target.code))
        actors_b = ((b.source and b.source.code), (b.target and b.target.code))
        same_actors = actors_a == actors_b or ((a.reciprocal or b.reciprocal) and actors_a == actors_b[::-1])
        return a.cameo == b.cameo and a.sentence_index == b.sentence_index and same_actors
    return _dates_compatible(a, b) and _places_compatible(a, b)


def _date_rank(event: Event) -> tuple:
    """Prefer a date read from the text, then a finer one, then a more confident event."""
    precision = {"day": 3, "month": 2, "year": 1, None: 0}[event.date_precision]
    return (event.date_source == "text", event.date_confidence or 0.0, precision, event.confidence)


def _mention_of(event: Event) -> Mention:
    return Mention(
        article_id=event.article_id,
        sentence_index=event.sentence_index,
        span=event.span,
        trigger=event.trigger,
        cameo=event.cameo,
        source=event.source,
        target=event.target,
    )


def merge_events(events: list[Event]) -> list[Event]:
    """Group the same event's tellings; each group becomes one event with mentions."""
    groups: list[list[Event]] = []
    for event in events:
        for group in groups:
            if all(same_event(event, other) for other in group):
                group.append(event)
                break
        else:
            groups.append([event])
    merged = []
    for group in groups:
        best = max(group, key=_date_rank)
        mentions = [_mention_of(e) for e in sorted(group, key=lambda e: (e.sentence_index, e.span))]
        location = best.location or next((e.location for e in group if e.location), None)
        merged.append(best.model_copy(update={"mentions": mentions, "location": location, "is_root_event": any(e.is_root_event for e in group)}))
    merged.sort(key=lambda e: (e.sentence_index, e.span))
    return merged


class IdentityComponent:
    name = "accord.identity.v1"
    reads = ("events",)
    writes = ("events",)

    def __call__(self, work: Work) -> None:
        work.events[:] = merge_events(work.events)
