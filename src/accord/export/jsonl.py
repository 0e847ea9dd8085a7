"""Events and facts as JSON Lines: one record a line, exactly ``model_dump(mode="json")``.

The same form ``accord code`` writes and scoring reads, so a stored and exported
event can be compared with the coder's output field by field. Stored records carry
what the store adds: every mention, and the counts (``num_mentions``...).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from ..records import Event, Fact
from .base import ExportOptions

__all__ = ["JsonlExporter", "write_jsonl"]


def write_jsonl(records: Iterable[Event | Fact], out: TextIO) -> int:
    """Write one JSON object per record to an open text stream."""
    count = 0
    for record in records:
        out.write(json.dumps(record.model_dump(mode="json"), ensure_ascii=False) + "\n")
        count += 1
    return count


class JsonlExporter:
    name = "jsonl"
    suffix = ".jsonl"
    takes_facts = True

    def write(self, records: Iterable[Event | Fact], path: Path, options: ExportOptions) -> int:
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            return write_jsonl(records, out)
