"""The built-in formats come in through the plugin hook, like any outside format."""

from __future__ import annotations

from accord.export import exporters
from accord.export.formats import accord_exporters


def test_the_hook_offers_the_four_built_in_formats():
    offered = accord_exporters()
    assert set(offered) == {"gdelt", "jsonl", "csv", "parquet"}
    assert all(name == exporter.name for name, exporter in offered.items())


def test_the_plugin_manager_finds_them():
    found = exporters()
    assert {"gdelt", "jsonl", "csv", "parquet"} <= set(found)
    assert found["parquet"].suffix == ".parquet"
    assert found["jsonl"].takes_facts and not found["gdelt"].takes_facts
