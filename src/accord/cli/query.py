"""`accord events`, `accord stats` and `accord export`: reading a database.

All three open the database read-only (several can run at once; not beside an
ingest) and share the filters of ``accord.query.EventFilter``. A bad filter or a database
problem prints one red line on standard error and exits with status 2.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..errors import AccordError
from ..records import ActorRef, Event
from .main import DB_OPTION_HELP, app, default_db

err = Console(stderr=True)

DbOpt = Annotated[str | None, typer.Option("--db", help=DB_OPTION_HELP, show_default=False)]
CountryOpt = Annotated[str | None, typer.Option("--country", help="Country on either side (ISO alpha-3): AZE.")]
DyadOpt = Annotated[str | None, typer.Option("--dyad", help="Two countries, either direction: AZE-TUR.")]
DirectedOpt = Annotated[bool, typer.Option("--directed", help="Read --dyad as source-target only.")]
SourceOpt = Annotated[str | None, typer.Option("--source", help="Source country: TUR.")]
TargetOpt = Annotated[str | None, typer.Option("--target", help="Target country: AZE.")]
RootOpt = Annotated[str | None, typer.Option("--root", help="CAMEO root code: 05.")]
CodeOpt = Annotated[str | None, typer.Option("--code", help="CAMEO code or its start: 057, 04.")]
QuadOpt = Annotated[
    int | None,
    typer.Option("--quad", help="QuadClass: 1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict."),
]
SinceOpt = Annotated[
    str | None, typer.Option("--since", help="Events on or after this date: 2021-01-01 (undated events are left out).")
]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Events on or before this date.")]
ArticleOpt = Annotated[str | None, typer.Option("--article", help="Events told in this article (its id).")]
ActorOpt = Annotated[str | None, typer.Option("--actor", help="Events of this actor: person:hulusi-akar, country:TUR.")]
TextOpt = Annotated[str | None, typer.Option("--text", help="Words in a sentence that tells the event.")]


@contextlib.contextmanager
def _one_line_errors() -> Iterator[None]:
    """Accord's errors end the command with one red line and status 2, no traceback."""
    try:
        yield
    except AccordError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


def _database(db: str | None):
    from ..query import Database

    return Database(db or default_db(), read_only=True)


def _event_filter(**options: object):
    from ..query import EventFilter

    # Options left out stay out, so the filter's own defaults (e.g. limit 100) apply.
    return EventFilter(**{name: value for name, value in options.items() if value is not None})


def _actor_text(ref: ActorRef | None) -> str:
    if ref is None:
        return "-"
    return f"{ref.code} {ref.name or ''}".strip()


def _excerpt(text: str | None, width: int = 90) -> str:
    if not text:
        return ""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _events_table(events: list[Event], sentences: dict[str, str]) -> Table:
    table = Table(show_lines=False)
    for column, justify in (
        ("id", "right"),
        ("date", "left"),
        ("source", "left"),
        ("event", "left"),
        ("target", "left"),
        ("Goldstein", "right"),
        ("told", "right"),
        ("sentence", "left"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for event in events:
        table.add_row(
            event.event_id,
            event.date or "-",
            _actor_text(event.source),
            f"{event.cameo} {event.event_name}",
            _actor_text(event.target),
            f"{event.goldstein:+.1f}",
            str(event.num_mentions or 1),
            _excerpt(sentences.get(event.event_id)),
        )
    return table


@app.command("events")
def events_command(
    country: CountryOpt = None,
    dyad: DyadOpt = None,
    directed: DirectedOpt = False,
    source: SourceOpt = None,
    target: TargetOpt = None,
    root: RootOpt = None,
    code: CodeOpt = None,
    quad: QuadOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    article: ArticleOpt = None,
    actor: ActorOpt = None,
    text: TextOpt = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many events (1-10000).")] = 100,
    cursor: Annotated[
        str | None, typer.Option("--cursor", help="Continue after a previous page (its printed cursor).")
    ] = None,
    newest_first: Annotated[bool, typer.Option("--newest-first", help="Latest events first.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="table, jsonl (the record model) or csv.")] = "table",
    db: DbOpt = None,
) -> None:
    """List stored events that match the filters, oldest first, with the sentence that tells each.

    Example: accord events --dyad AZE-TUR --root 05 --since 2021-01-01 --limit 20
    """
    if format not in ("table", "jsonl", "csv"):
        raise typer.BadParameter("choose table, jsonl or csv", param_hint="--format")
    with _one_line_errors():
        event_filter = _event_filter(
            country=country,
            dyad=dyad,
            directed=directed,
            source=source,
            target=target,
            root=root,
            code=code,
            quad=quad,
            since=since,
            until=until,
            article_id=article,
            actor_id=actor,
            text=text,
            limit=limit,
            cursor=cursor,
            order="desc" if newest_first else "asc",
        )
        with _database(db) as database:
            page = database.events(event_filter)
            if format == "jsonl":
                from ..export.jsonl import write_jsonl

                write_jsonl(page.events, sys.stdout)
            elif format == "csv":
                from ..export.flat import write_csv

                write_csv(page.events, sys.stdout)
            else:
                out = Console()
                out.print(_events_table(page.events, database.sentences_of(page.events)))
                shown = f"{len(page.events)} of {database.count_events(event_filter)} events"
                more = f"; next page: --cursor {page.next_cursor}" if page.next_cursor else ""
                err.print(shown + more, highlight=False, soft_wrap=True)
    sys.stdout.flush()


@app.command("stats")
def stats_command(db: DbOpt = None) -> None:
    """Show what the database holds: events by CAMEO root code, by country and by month.

    Example: accord stats --db accord.duckdb
    """
    with _one_line_errors():
        with _database(db) as database:
            stats = database.stats()
    out = Console()
    out.print(
        f"{stats.articles} articles, {stats.events} events ({stats.mentions} mentions, "
        f"{stats.undated_events} undated), {stats.facts} figures, {stats.actors} actors",
        highlight=False,
    )
    for title, rows, key_name in (
        ("Events by root code", stats.by_root, "root"),
        ("Events by country (either side)", stats.by_country, "country"),
        ("Events by month", stats.by_month, "month"),
    ):
        table = Table(title=title, title_justify="left")
        table.add_column(key_name)
        if key_name == "root":
            table.add_column("name")
        table.add_column("events", justify="right")
        for row in rows:
            cells = [row.key, row.name or ""] if key_name == "root" else [row.key]
            table.add_row(*cells, str(row.count))
        out.print(table)


@app.command("export")
def export_command(
    format: Annotated[
        str, typer.Option("--format", "-f", help="gdelt (GDELT 2.0 event table, tab-separated), jsonl, csv or parquet.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write (replaced if it exists).")],
    header: Annotated[bool, typer.Option("--header", help="gdelt: write a first line with the column names.")] = False,
    facts: Annotated[
        bool, typer.Option("--facts", help="jsonl: also write the figures of the --country/--dyad countries.")
    ] = False,
    country: CountryOpt = None,
    dyad: DyadOpt = None,
    directed: DirectedOpt = False,
    source: SourceOpt = None,
    target: TargetOpt = None,
    root: RootOpt = None,
    code: CodeOpt = None,
    quad: QuadOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    article: ArticleOpt = None,
    actor: ActorOpt = None,
    text: TextOpt = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many events (default: all).")] = None,
    db: DbOpt = None,
) -> None:
    """Write the stored events that match the filters to a file, oldest first.

    Example: accord export --format gdelt --out aze-tur.tsv --dyad AZE-TUR --since 2021-01-01
    """
    from ..export import export
    from ..query import FactFilter

    with _one_line_errors():
        event_filter = _event_filter(
            country=country,
            dyad=dyad,
            directed=directed,
            source=source,
            target=target,
            root=root,
            code=code,
            quad=quad,
            since=since,
            until=until,
            article_id=article,
            actor_id=actor,
            text=text,
        )
        fact_filter = None
        if facts:
            countries = list(event_filter.dyad_pair or ()) or [c for c in (country, source, target) if c]
            fact_filter = FactFilter(countries=countries or None, article_id=article, limit=10_000)
        if limit is not None and limit < 1:
            raise typer.BadParameter("give a positive number", param_hint="--limit")
        with _database(db) as database:
            written = export(database, format, out, event_filter, header=header, limit=limit, facts=fact_filter)
    err.print(f"wrote {written} rows to {out}", highlight=False, soft_wrap=True)
