"""What an exporter is, where exporters come from, and the loop that runs one.

An exporter is any object with a ``name`` (the ``--format`` value), a file ``suffix``
and ``write(records, path, options) -> int`` (rows written). Built-in ones register
through the ``accord_exporters`` plugin hook in ``accord.export.formats``; an outside
package adds a format the same way.

``export(db, fmt, path, event_filter)`` streams the matching events out of the
database page by page and writes them to a temporary file beside ``path``, renamed
into place only when complete: a failed export never leaves half a file behind.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import ConfigError, ExportError
from ..records import Event, Fact

if TYPE_CHECKING:
    from ..query import ArticleSummary, Database, EventFilter, FactFilter

__all__ = ["Exporter", "ExportOptions", "exporters", "exporter", "export", "no_articles"]


def no_articles(article_id: str) -> ArticleSummary | None:
    """The article lookup used when there is no database at hand."""
    return None


@dataclass(frozen=True)
class ExportOptions:
    """How to write: ``header`` for formats that leave it out by default (GDELT), and
    ``article`` to look up an event's article (its URL, publication and coding dates)."""

    header: bool = False
    article: Callable[[str], ArticleSummary | None] = field(default=no_articles)


class Exporter(Protocol):
    name: str
    suffix: str
    takes_facts: bool

    def write(self, records: Iterable[Event | Fact], path: Path, options: ExportOptions) -> int:
        """Write the records to ``path``; return how many rows were written."""


def exporters() -> dict[str, Exporter]:
    """{format name: exporter} from every plugin's ``accord_exporters`` hook."""
    from ..plugins import plugin_manager

    found: dict[str, Exporter] = {}
    for contribution in plugin_manager().hook.accord_exporters():
        found.update(contribution)
    return found


def exporter(name: str) -> Exporter:
    known = exporters()
    if name not in known:
        raise ConfigError(f"no exporter for format {name!r}; known: {', '.join(sorted(known))}", item="--format")
    return known[name]


def export(
    db: Database,
    fmt: str,
    path: str | Path,
    event_filter: EventFilter | None = None,
    *,
    header: bool = False,
    limit: int | None = None,
    facts: FactFilter | None = None,
) -> int:
    """Write the events matching ``event_filter`` (all of them, or the first ``limit``)
    to ``path`` in format ``fmt``; with ``facts``, the matching facts after them."""
    from ..query import EventFilter

    writer = exporter(fmt)
    if facts is not None and not writer.takes_facts:
        raise ExportError(f"the {fmt} format holds events only; leave out --facts", item=str(path))
    f = event_filter or EventFilter()
    # The articles of the page being written, looked up in one query per page: the
    # writer consumes the records in order, so the page it asks about is always loaded.
    page_articles: dict[str, ArticleSummary] = {}

    def records() -> Iterable[Event | Fact]:
        left = limit
        for page in db.iter_pages(f):
            if left is not None:
                page = page[:left]
                left -= len(page)
            page_articles.clear()
            page_articles.update(db.article_summaries(event.article_id for event in page))
            yield from page
            if left == 0:
                break
        if facts is not None:
            yield from db.facts(facts)

    options = ExportOptions(header=header, article=page_articles.get)
    return write_atomically(writer, records(), Path(path), options)


def write_atomically(writer: Exporter, records: Iterable[Event | Fact], path: Path, options: ExportOptions) -> int:
    """Run ``writer`` into ``path.partial`` and rename it to ``path`` once it is complete."""
    if not path.parent.exists():
        raise ExportError(f"folder {path.parent} does not exist", item=str(path))
    partial = path.with_name(path.name + ".partial")
    try:
        count = writer.write(records, partial, options)
        os.replace(partial, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise ExportError(f"cannot write: {exc.strerror or exc}", item=str(path)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return count
