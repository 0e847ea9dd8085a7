"""Filters and queries shared by the CLI, the Python API and the HTTP API.

``EventFilter`` says which events; ``Database`` (``open_database(path)``) answers:
events pages, one event with its provenance, facts, articles, actors, stats, dyad
time series and text search.
"""

from .database import (
    ActorDetail,
    ActorSummary,
    ArticleSummary,
    CodeCount,
    Database,
    EventDetail,
    EventPage,
    MentionSource,
    SearchHit,
    SeriesPoint,
    Stats,
    open_database,
)
from .filters import MAX_LIMIT, MAX_OFFSET, EventFilter, FactFilter

__all__ = [
    "ActorDetail",
    "ActorSummary",
    "ArticleSummary",
    "CodeCount",
    "Database",
    "EventDetail",
    "EventFilter",
    "EventPage",
    "FactFilter",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "MentionSource",
    "SearchHit",
    "SeriesPoint",
    "Stats",
    "open_database",
]
