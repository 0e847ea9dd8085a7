"""`accord facts`: the figures stored articles report, and their series against targets.

    accord facts --countries AZE,TUR --indicator trade_turnover
    accord facts --countries AZE,TUR --indicator trade_turnover --series
    accord facts --kind target --format csv > targets.csv

Each figure is listed once however many articles reported it (the store merges them),
with the number of articles behind it. ``--series`` shows an indicator's actual values
by period against its targets, and the share of the target that the latest full year
reached. The database is opened read-only; a bad filter or a database problem prints
one red line and exits with status 2.
"""

from __future__ import annotations

import csv
import json
import sys
from typing import TYPE_CHECKING, Annotated, TextIO

import typer
from rich.console import Console
from rich.table import Table

from ..errors import AccordError
from ..records import Fact
from .main import DB_OPTION_HELP, app, default_db

if TYPE_CHECKING:
    from ..query.facts import FactSeries

# accord.query.facts is imported where it is used: importing it imports the query
# package and with it the store (DuckDB, pyarrow), which no other command needs to start.

__all__ = ["facts_command"]

err = Console(stderr=True)

FORMATS = ("table", "jsonl", "csv")
# Columns of `--format csv`: the record's fields a spreadsheet needs, flat.
CSV_COLUMNS = (
    "fact_id", "indicator", "countries", "value", "currency", "unit", "period_start", "period_end",
    "period_text", "kind", "rank", "num_articles", "num_sources", "article_id", "sentence_index", "text", "confidence",
)  # fmt: skip
SERIES_CSV_COLUMNS = (
    "indicator", "countries", "currency", "unit", "kind", "period", "period_start", "period_end", "value",
    "share_of_target", "target_period", "num_articles", "fact_id",
)  # fmt: skip


@app.command("facts")
def facts_command(
    countries: Annotated[
        str | None, typer.Option("--countries", help="Countries the figure is about, all of them: AZE,TUR.")
    ] = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", help="One country the figure is about; repeat for several.")
    ] = None,
    indicator: Annotated[str | None, typer.Option("--indicator", help="What it measures: trade_turnover.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="actual, target, forecast or pledge.")] = None,
    article: Annotated[str | None, typer.Option("--article", help="Figures reported in this article (its id).")] = None,
    series: Annotated[
        bool, typer.Option("--series", help="Actual values by period against the targets, with the share reached.")
    ] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", help="At most this many figures (1-10000; default 100, all with --series).")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, jsonl or csv.")] = "table",
    db: Annotated[str | None, typer.Option("--db", help=DB_OPTION_HELP, show_default=False)] = None,
) -> None:
    """List the figures articles report (trade turnover, investment, troops...), merged across articles.

    Example: accord facts --countries AZE,TUR --indicator trade_turnover --series
    """
    from ..query import MAX_LIMIT, Database, FactFilter
    from ..query.facts import fact_series

    if format not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    wanted = [part.strip() for part in (countries or "").split(",") if part.strip()] + list(country or [])
    try:
        fact_filter = FactFilter(
            countries=wanted or None,
            indicator=indicator,
            kind=kind,
            article_id=article,
            limit=limit if limit is not None else (MAX_LIMIT if series else 100),
        )
        with Database(db or default_db(), read_only=True) as database:
            facts = database.facts(fact_filter)
    except AccordError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None

    out = sys.stdout
    if series:
        _print_series(fact_series(facts), format, out)
    elif format == "jsonl":
        for fact in facts:
            out.write(json.dumps(fact.model_dump(mode="json"), ensure_ascii=False) + "\n")
    elif format == "csv":
        _write_facts_csv(facts, out)
    else:
        Console(file=out).print(_facts_table(facts))
        err.print(f"{len(facts)} figures", highlight=False)
    out.flush()


# -- plain listing ---------------------------------------------------------------------


def _facts_table(facts: list[Fact]) -> Table:
    from ..query.facts import format_amount

    table = Table()
    for column in ("id", "indicator", "countries", "value", "kind", "period", "sources", "words"):
        table.add_column(column, overflow="fold")
    for fact in facts:
        table.add_row(
            fact.fact_id,
            fact.indicator,
            ",".join(fact.countries) or "-",
            format_amount(fact.value, fact.currency, fact.unit),
            fact.kind,
            _period(fact),
            str(_sources(fact)),
            fact.text,
        )
    return table


def _period(fact: Fact) -> str:
    if fact.period_start is None and fact.period_end is None:
        return "-"
    from ..query.facts import period_label

    label = period_label(fact.period_start, fact.period_end)
    return f"{label} ({fact.period_text})" if fact.period_text and fact.period_text != label else label


def _sources(fact: Fact) -> int:
    """How many articles reported the figure (a fact fresh from the coder: its own one)."""
    if fact.num_articles:
        return fact.num_articles
    return len({source.article_id for source in fact.sources}) or 1


def _write_facts_csv(facts: list[Fact], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for fact in facts:
        row = fact.model_dump(mode="json", include=set(CSV_COLUMNS))
        row["countries"] = ",".join(fact.countries)
        row["num_articles"] = _sources(fact)
        writer.writerow(row)


# -- series --------------------------------------------------------------------------------


def _print_series(all_series: list[FactSeries], format: str, out: TextIO) -> None:
    if format == "jsonl":
        for one in all_series:
            out.write(json.dumps(one.model_dump(mode="json"), ensure_ascii=False) + "\n")
        return
    if format == "csv":
        writer = csv.DictWriter(out, fieldnames=SERIES_CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for one in all_series:
            for entry in [*one.actuals, *one.targets, *one.forecasts, *one.pledges]:
                writer.writerow(
                    {
                        "indicator": one.indicator,
                        "countries": ",".join(one.countries),
                        "currency": one.currency,
                        "unit": one.unit,
                        **entry.model_dump(mode="json", include=set(SERIES_CSV_COLUMNS)),
                    }
                )
        return
    console = Console(file=out)
    if not all_series:
        err.print("no figures match", highlight=False)
    for one in all_series:
        console.print(_series_table(one))
        console.print(_headline(one), highlight=False, soft_wrap=True)


def _series_table(one: FactSeries) -> Table:
    from ..query.facts import format_amount

    table = Table(title=one.title, title_justify="left")
    for column in ("period", "kind", "value", "share of target", "sources"):
        table.add_column(column)
    for entry in [*one.actuals, *one.targets, *one.forecasts, *one.pledges]:
        share = f"{entry.share_of_target:.0%} of {entry.target_period}" if entry.share_of_target is not None else ""
        table.add_row(
            entry.period,
            entry.kind,
            format_amount(entry.value, one.currency, one.unit),
            share,
            str(entry.num_articles or 1),
        )
    return table


def _headline(one: FactSeries) -> str:
    from ..query.facts import format_amount

    latest = one.latest_full_year
    if latest is None:
        return "no full-year actual value"
    if one.share_of_target is None:
        return f"latest full-year actual ({latest.period}): {format_amount(latest.value, one.currency, one.unit)}; no target"
    return (
        f"latest full-year actual ({latest.period}) = {one.share_of_target:.0%} of the {latest.target_period} target"
    )
