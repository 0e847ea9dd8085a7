"""Writing stored events out: gdelt, jsonl, csv, parquet, and any format a plugin adds.

``export(db, "gdelt", "out.tsv", EventFilter(dyad="AZE-TUR"))`` writes every matching
event; ``exporters()`` lists the formats.
"""

from .base import Exporter, ExportOptions, export, exporter, exporters

__all__ = ["Exporter", "ExportOptions", "export", "exporter", "exporters"]
