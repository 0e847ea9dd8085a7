"""`accord eval`: code gold items and print how well Accord did."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..errors import AccordError, EvalError
from .main import app

out = Console()
err = Console(stderr=True)


@app.command("eval")
def eval_command(
    gold: Annotated[list[Path], typer.Argument(help="Gold files: sentence JSON Lines and/or document *.gold.json.")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the full report as JSON here.")] = None,
    model: Annotated[str | None, typer.Option("--model", help="Installed spaCy pipeline to parse with.")] = None,
    show_confusion: Annotated[bool, typer.Option("--confusion/--no-confusion", help="Print the root confusion table.")] = True,
) -> None:
    """Code gold items and print root F1, dyad+root F1, code accuracy, no-event precision,
    figures per dataset and per root, and a root confusion table; for document gold
    (the seed's *.gold.json), the expected events found, false positives, dates, people
    and facts.

    Example: accord eval ../shared/eval/seed/*.gold.json ../shared/eval/external/*.jsonl --json report.json
    """
    from ..coder.pipeline import Pipeline
    from ..evaluate.scoring import DocumentGold, load_gold, score_document, score_sentences
    from ..read import read_paths

    try:
        loaded = [load_gold(p) for p in gold]
    except EvalError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    try:
        pipeline = Pipeline(model=model)
    except AccordError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None

    report: dict = {"coder": pipeline.name, "documents": [], "sentences": None}
    sentence_items = [item for g in loaded if not isinstance(g, DocumentGold) for item in g]
    started = time.perf_counter()
    if sentence_items:
        coded = {}
        for result in pipeline.code_many(item.article() for item in sentence_items):
            if isinstance(result, AccordError):
                err.print(f"[red]failed:[/red] {result}")
                continue
            coded[result.article.article_id] = result
        sentences = score_sentences(sentence_items, coded)
        report["sentences"] = sentences.as_dict()
        _print_sentences(sentences, show_confusion)
    for doc in (g for g in loaded if isinstance(g, DocumentGold)):
        articles = [a for a in read_paths([str(doc.article_path())]) if not isinstance(a, AccordError)]
        if not articles:
            err.print(f"[red]failed:[/red] {doc.path}: its article {doc.article_path()} cannot be read")
            continue
        article = articles[0].model_copy(update={"article_id": doc.id})
        result = pipeline.code(article)
        if isinstance(result, AccordError):
            err.print(f"[red]failed:[/red] {result}")
            continue
        scored = score_document(doc, result)
        report["documents"].append(scored)
        _print_document(scored)
    report["seconds"] = round(time.perf_counter() - started, 2)
    if json_out:
        json_out.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
        err.print(f"report written to {json_out}")


def _print_sentences(report, show_confusion: bool) -> None:
    table = Table(title="Sentence gold")
    for column in ("set", "items", "root F1", "dyad+root F1", "code acc.", "no-event prec."):
        table.add_column(column, justify="right")
    rows = [("all", report)] + sorted(report.by_dataset.items())
    for name, sub in rows:
        table.add_row(
            name,
            str(sub.items),
            f"{sub.root.f1:.3f}",
            f"{sub.dyad_root.f1:.3f}",
            f"{sub.code_accuracy:.3f} ({sub.code_hits}/{sub.code_total})",
            f"{sub.no_event_precision:.3f} ({sub.no_event_clean}/{sub.no_event_items})",
        )
    out.print(table)
    roots = Table(title="Per root (or PLOVER category)")
    for column in ("root", "tp", "fp", "fn", "P", "R", "F1"):
        roots.add_column(column, justify="right")
    for root, c in sorted(report.by_root.items()):
        roots.add_row(root, str(c.tp), str(c.fp), str(c.fn), f"{c.precision:.2f}", f"{c.recall:.2f}", f"{c.f1:.2f}")
    out.print(roots)
    if show_confusion and report.confusion:
        conf = Table(title="Root confusion (items with one gold root): gold -> coded")
        conf.add_column("gold")
        conf.add_column("coded (count)")
        by_gold: dict[str, list[str]] = {}
        for (g, c), n in sorted(report.confusion.items(), key=lambda kv: (kv[0][0], -kv[1])):
            by_gold.setdefault(g, []).append(f"{c}:{n}")
        for g, cells in sorted(by_gold.items()):
            conf.add_row(g, "  ".join(cells))
        out.print(conf)


def _print_document(scored: dict) -> None:
    out.print(
        f"[bold]{scored['id']}[/bold]: {len(scored['found'])}/{scored['expected']} expected events found "
        f"(missed {', '.join(scored['missed']) or 'none'}); {len(scored['false_positives'])} false positives; "
        f"dates right {scored['dates_right']}/{scored['dates_scored']}; "
        f"facts {len(scored['facts_found'])}/{scored['facts_expected']} (extra {len(scored['facts_extra'])})"
    )
    for fp in scored["false_positives"]:
        out.print(f"  false positive: {fp}")
    for miss in scored["misdated"]:
        out.print(f"  misdated: {miss}")
    for name, p in scored["people"].items():
        out.print(f"  {name}: on events {p['on_events']}, code right {p['code_right']}, roles {p['roles']}")
