"""The CAMEO table: codes as strings, Goldstein scores, QuadClass and PLOVER categories."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from accord.errors import OntologyError
from accord.ontology import cameo
from accord.ontology.cameo import CameoCode, cameo_code, cameo_codes

REPO = Path(__file__).resolve().parents[2]
TOOL = REPO / "tools" / "build_ontology.py"
REFERENCE = REPO.parent / "shared" / "reference"
COMMITTED = REPO / "src" / "accord" / "ontology" / "data" / "cameo.csv"

# CAMEO's QuadClass by root: verbal cooperation, material cooperation, verbal conflict,
# material conflict.
QUAD_BY_ROOT = {f"{r:02d}": 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4 for r in range(1, 21)}


def test_the_table_has_312_codes():
    assert len(cameo_codes()) == 312


def test_the_table_has_all_twenty_roots():
    roots = [c for c in cameo_codes().values() if c.is_root]
    assert [c.code for c in roots] == list(QUAD_BY_ROOT)


def test_codes_are_strings_that_keep_leading_zeros():
    codes = cameo_codes()
    assert "057" in codes and "57" not in codes
    sign = cameo_code("057")
    assert (sign.code, sign.root, sign.is_root) == ("057", "05", False)
    assert sign.name == "Sign formal agreement"
    for code, info in codes.items():
        assert code == info.code
        assert code.isdigit() and 2 <= len(code) <= 4
        assert code.startswith(info.root) and len(info.root) == 2


def test_four_digit_codes_sit_under_their_three_digit_parent():
    codes = cameo_codes()
    for code in codes:
        if len(code) == 4:
            assert code[:3] in codes, code


@pytest.mark.parametrize("root", sorted(QUAD_BY_ROOT))
def test_quad_class_follows_the_root(root):
    for info in cameo_codes().values():
        if info.root == root:
            assert info.quad_class == QUAD_BY_ROOT[root], info.code


def test_goldstein_scores_are_on_the_scale_and_signed_by_kind():
    for info in cameo_codes().values():
        assert -10.0 <= info.goldstein <= 10.0
    assert cameo_code("057").goldstein > 0 > cameo_code("190").goldstein
    assert cameo_code("204").goldstein == -10.0


@pytest.mark.parametrize(
    ("code", "plover"),
    [
        ("01", None),  # PLOVER does not code plain comment
        ("010", None),
        ("02", "REQUEST"),
        ("0233", "REQUEST"),
        ("042", "CONSULT"),
        ("057", "SUPPORT"),
        ("112", "ACCUSE"),
        ("163", "COERCE"),
        ("195", "ASSAULT"),
    ],
)
def test_plover_category(code, plover):
    assert cameo_code(code).plover == plover


def test_every_code_past_root_01_has_a_plover_event():
    missing = [c.code for c in cameo_codes().values() if c.root != "01" and not c.plover]
    assert missing == []


@pytest.mark.parametrize("code", ["999", "57", "0577", "", "21", "ABC"])
def test_unknown_code_is_an_ontology_error(code):
    with pytest.raises(OntologyError) as info:
        cameo_code(code)
    assert repr(code) in str(info.value)
    assert info.value.code == "E203"


def test_records_are_frozen():
    with pytest.raises(AttributeError):
        cameo_code("057").name = "Something else"  # type: ignore[misc]
    assert isinstance(cameo_code("057"), CameoCode)


@pytest.fixture
def swapped_table(tmp_path, monkeypatch):
    """Point the loader at a copy of the data folder in tmp; restore the real table after."""

    class Files:
        def __init__(self, root: Path):
            self.root = root

        def files(self, _package):
            return self.root

    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setattr(cameo, "resources", Files(tmp_path))
    cameo.cameo_codes.cache_clear()
    yield data / "cameo.csv"
    monkeypatch.undo()
    cameo.cameo_codes.cache_clear()


def test_a_broken_row_names_file_and_line(swapped_table):
    lines = COMMITTED.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace(lines[5].split(",")[3], "very negative", 1)
    swapped_table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(OntologyError) as info:
        cameo_codes()
    assert info.value.item == "cameo.csv:6"


def test_a_code_outside_its_root_is_refused(swapped_table):
    swapped_table.write_text(
        "code,root,name,goldstein,quad_class,plover,plover_mode,plover_context\n"
        "01,01,MAKE PUBLIC STATEMENT,0.0,1,,,\n"
        "021,01,Misfiled,0.0,1,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(OntologyError) as info:
        cameo_codes()
    assert info.value.item == "cameo.csv:3"


def test_the_real_table_is_back_after_a_swap():
    assert len(cameo_codes()) == 312


def test_build_ontology_writes_the_committed_table(tmp_path, monkeypatch):
    if not (REFERENCE / "cameo_codes.csv").is_file():
        pytest.skip(f"the CAMEO reference tables are not at {REFERENCE}")
    spec = importlib.util.spec_from_file_location("build_ontology", TOOL)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    out = tmp_path / "cameo.csv"
    monkeypatch.setattr(tool, "OUT", out)
    assert tool.main() == 0
    assert out.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")
    with out.open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 312
