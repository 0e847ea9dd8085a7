"""The built-in export formats, registered through the same plugin hook as any other.

gdelt (GDELT 2.0 event table, see ``gdelt.py``), jsonl (the record model, see
``jsonl.py``), csv and parquet (flat columns, see ``flat.py``).
"""

from __future__ import annotations

from typing import Any

from ..plugins import hookimpl

__all__ = ["accord_exporters"]


@hookimpl
def accord_exporters() -> dict[str, Any]:
    # Imported when asked for, not when the plugin is registered: every process that
    # loads the plugins registers this one, and a coding worker, which exports nothing,
    # would otherwise import pyarrow for the Parquet writer (0.12 s of its start-up).
    from .flat import CsvExporter, ParquetExporter
    from .gdelt import GdeltExporter
    from .jsonl import JsonlExporter

    return {
        exporter.name: exporter for exporter in (GdeltExporter(), JsonlExporter(), CsvExporter(), ParquetExporter())
    }
