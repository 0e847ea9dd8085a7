"""Coded articles as a Parquet dataset that DuckDB, Spark or BigQuery query in place.

    DIR/articles/year=2022/month=3/part-<run>-<flush>.parquet
    DIR/events/year=2022/month=3/part-....parquet
    DIR/facts/year=2022/month=3/part-....parquet

    SELECT * FROM read_parquet('DIR/events/**/*.parquet', hive_partitioning = true)

Three datasets, each partitioned (Hive style) by the year and month the article was
published, so that a day of news lands in one partition and a query for a month reads
only its files; an article without a publication date goes to the null partition
(``year=__HIVE_DEFAULT_PARTITION__``, which DuckDB, Spark and pyarrow read as NULL).
The date each event happened is its ``date`` column.

Event columns are those of ``accord export --format parquet`` (``accord.export.flat``)
without the cross-article counts, plus ``content_hash`` (the article's identity, to
join with ``articles``), ``published`` and the event's other ``mentions`` in its article.
The dataset holds what the coder found in each article: unlike the store, it does
not merge the same event told by several articles.

Writing is append-only and exactly once. Rows are buffered and written in flushes; a
flush writes its files under temporary names (``*.parquet.tmp``, which no ``*.parquet``
glob reads), then a commit record listing them (``_commits/<flush>.json``), then renames
them into place. A run that stops part-way leaves either no commit record (its
temporary files are removed when the dataset is next opened) or a complete one (the
renames are finished then, and the record removed). The ``articles`` dataset says which texts are in; they are
skipped on the next run by their content hash, so an interrupted run resumes.
"""

from __future__ import annotations

import json
import os
import uuid
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from ..errors import ExportError
from ..export.flat import PARQUET_SCHEMA, flat_row
from ..records import CodedArticle, Event, Fact

__all__ = ["ParquetDataset", "TABLES", "ARTICLE_SCHEMA", "EVENT_SCHEMA", "FACT_SCHEMA"]

TABLES = ("articles", "events", "facts")
_COMMITS = "_commits"
_TMP = ".tmp"

# Rows held before a flush writes them: files of a useful size for the engines that
# read them, and a bounded buffer in memory.
FLUSH_EVENTS = 50_000
FLUSH_ARTICLES = 5_000

_MENTION = pa.struct(
    [("sentence_index", pa.int32()), ("span_start", pa.int32()), ("span_end", pa.int32()),
     ("trigger", pa.string()), ("cameo", pa.string())]
)  # fmt: skip
_CROSS_ARTICLE = {"num_mentions", "num_articles", "num_sources"}  # filled by the store only

EVENT_SCHEMA = pa.schema(
    [field for field in PARQUET_SCHEMA if field.name not in _CROSS_ARTICLE]
    + [("content_hash", pa.string()), ("published", pa.date32()), ("mentions", pa.list_(_MENTION))]
)
FACT_SCHEMA = pa.schema(
    [
        ("fact_id", pa.string()), ("article_id", pa.string()), ("content_hash", pa.string()),
        ("published", pa.date32()), ("indicator", pa.string()), ("countries", pa.list_(pa.string())),
        ("value", pa.float64()), ("currency", pa.string()), ("unit", pa.string()),
        ("period_start", pa.date32()), ("period_end", pa.date32()), ("period_text", pa.string()),
        ("kind", pa.string()), ("rank", pa.int32()), ("sentence_index", pa.int32()),
        ("span_start", pa.int32()), ("span_end", pa.int32()), ("text", pa.string()), ("confidence", pa.float64()),
    ]
)  # fmt: skip
ARTICLE_SCHEMA = pa.schema(
    [
        ("content_hash", pa.string()), ("article_id", pa.string()), ("title", pa.string()),
        ("published", pa.date32()), ("outlet", pa.string()), ("author", pa.string()), ("url", pa.string()),
        ("origin", pa.string()), ("coder", pa.string()), ("text", pa.string()),
        ("sentences", pa.list_(pa.struct([("start", pa.int32()), ("end", pa.int32())]))),
        ("events", pa.int32()), ("facts", pa.int32()),
    ]
)  # fmt: skip
_SCHEMAS = {"articles": ARTICLE_SCHEMA, "events": EVENT_SCHEMA, "facts": FACT_SCHEMA}


def _event_row(event: Event, content_hash: str, published: date | None) -> dict[str, Any]:
    row = {key: value for key, value in flat_row(event).items() if key not in _CROSS_ARTICLE}
    row["content_hash"] = content_hash
    row["published"] = published
    row["mentions"] = [
        {"sentence_index": m.sentence_index, "span_start": m.span[0], "span_end": m.span[1],
         "trigger": m.trigger, "cameo": m.cameo}
        for m in event.mentions
    ]  # fmt: skip
    return row


def _fact_row(fact: Fact, content_hash: str, published: date | None) -> dict[str, Any]:
    return {
        "fact_id": fact.fact_id, "article_id": fact.article_id, "content_hash": content_hash,
        "published": published, "indicator": fact.indicator, "countries": list(fact.countries),
        "value": fact.value, "currency": fact.currency, "unit": fact.unit, "period_start": fact.period_start,
        "period_end": fact.period_end, "period_text": fact.period_text, "kind": fact.kind, "rank": fact.rank,
        "sentence_index": fact.sentence_index, "span_start": fact.span[0], "span_end": fact.span[1],
        "text": fact.text, "confidence": fact.confidence,
    }  # fmt: skip


def _article_row(coded: CodedArticle, content_hash: str) -> dict[str, Any]:
    article = coded.article
    return {
        "content_hash": content_hash, "article_id": article.article_id, "title": article.title,
        "published": article.published, "outlet": article.outlet, "author": article.author, "url": article.url,
        "origin": article.origin, "coder": coded.coder, "text": article.text,
        "sentences": [{"start": s.start, "end": s.end} for s in coded.sentences],
        "events": len(coded.events), "facts": len(coded.facts),
    }  # fmt: skip


def _partition_dir(published: date | None) -> str:
    if published is None:
        return "year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__"
    return f"year={published.year}/month={published.month}"


class ParquetDataset:
    """An append-only dataset of coded articles in ``root``; see the module docstring.

        with ParquetDataset(root) as dataset:
            if not dataset.has_article(coded.article.content_hash):
                dataset.add(coded)
    """

    def __init__(self, root: str | Path, *, flush_events: int = FLUSH_EVENTS, flush_articles: int = FLUSH_ARTICLES):
        self.root = Path(root)
        self.flush_events = flush_events
        self.flush_articles = flush_articles
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            (self.root / _COMMITS).mkdir(exist_ok=True)
        except OSError as exc:
            raise ExportError(f"cannot create the dataset folder ({exc.strerror or exc})", item=str(self.root)) from exc
        self._recover()
        self._run = uuid.uuid4().hex[:12]
        self._flushes = 0
        self._known: set[str] = set(self._stored_hashes())
        # (table, partition folder) -> rows waiting for the next flush
        self._buffer: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        self._buffered_events = 0
        self._buffered_articles = 0

    # -- reading what is there ------------------------------------------------------

    def _stored_hashes(self) -> Iterator[str]:
        folder = self.root / "articles"
        if not folder.exists():
            return
        dataset = ds.dataset(folder, format="parquet", partitioning="hive")
        for batch in dataset.to_batches(columns=["content_hash"]):
            yield from batch.column("content_hash").to_pylist()

    def stored_hashes(self) -> list[str]:
        """Content hashes of every article in the dataset (and added in this run)."""
        return list(self._known)

    def has_article(self, content_hash: str) -> bool:
        return content_hash in self._known

    # -- writing ----------------------------------------------------------------------

    def add(self, coded: CodedArticle) -> bool:
        """Buffer one coded article's rows; False (and nothing added) if its text is in already."""
        digest = coded.article.content_hash
        if digest in self._known:
            return False
        self._known.add(digest)
        published = coded.article.published
        partition = _partition_dir(published)
        self._buffer["articles", partition].append(_article_row(coded, digest))
        self._buffer["events", partition].extend(_event_row(e, digest, published) for e in coded.events)
        self._buffer["facts", partition].extend(_fact_row(f, digest, published) for f in coded.facts)
        self._buffered_articles += 1
        self._buffered_events += len(coded.events)
        if self._buffered_events >= self.flush_events or self._buffered_articles >= self.flush_articles:
            self.flush()
        return True

    def flush(self) -> None:
        """Write what is buffered: temporary files, the commit record, then the renames."""
        if not self._buffer:
            return
        flush_id = f"{self._run}-{self._flushes:05d}"
        written: list[str] = []
        try:
            for (table, partition), rows in sorted(self._buffer.items()):
                if not rows:
                    continue
                folder = self.root / table / partition
                folder.mkdir(parents=True, exist_ok=True)
                final = folder / f"part-{flush_id}.parquet"
                pq.write_table(pa.Table.from_pylist(rows, schema=_SCHEMAS[table]), f"{final}{_TMP}")
                written.append(str(final.relative_to(self.root)))
            record = self.root / _COMMITS / f"{flush_id}.json"
            record_tmp = Path(f"{record}{_TMP}")
            record_tmp.write_text(json.dumps({"files": written}), encoding="utf-8")
            os.replace(record_tmp, record)  # the commit: from here on the flush counts
            self._finish(record, written)
        except OSError as exc:
            raise ExportError(f"cannot write the dataset ({exc.strerror or exc})", item=str(self.root)) from exc
        self._flushes += 1
        self._buffer.clear()
        self._buffered_events = 0
        self._buffered_articles = 0

    def _finish(self, record: Path, files: list[str]) -> None:
        """Rename a committed flush's files into place; then its record is not needed."""
        for name in files:
            final = self.root / name
            pending = Path(f"{final}{_TMP}")
            if pending.exists():
                os.replace(pending, final)
        record.unlink()

    def _recover(self) -> None:
        """Finish the flushes that were committed, and drop the files of those that were not."""
        try:
            for record in sorted((self.root / _COMMITS).glob("*.json")):
                self._finish(record, json.loads(record.read_text(encoding="utf-8"))["files"])
            for leftover in self.root.rglob(f"*{_TMP}"):
                leftover.unlink()
        except (OSError, ValueError, KeyError) as exc:
            reason = f"cannot recover the dataset after an interrupted run ({exc})"
            raise ExportError(reason, item=str(self.root)) from exc

    def close(self) -> None:
        self.flush()

    def __enter__(self) -> ParquetDataset:
        return self

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        # Whatever was coded before an interruption is kept: a flush is a unit on its own.
        self.close()
