"""The per-user cache of built tables (accord.cache)."""

from __future__ import annotations

import pickle

import pytest

from accord.cache import CACHE_ENV, cache_dir, cached, fingerprint


@pytest.fixture()
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def counting_builder(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_a_table_is_built_once_then_read_back(folder):
    build, calls = counting_builder({"Paris": ["FRA", "USA"]})
    first = cached("table", "k1", build)
    second = cached("table", "k1", build)
    assert first == second == {"Paris": ["FRA", "USA"]}
    assert len(calls) == 1
    assert [p.name for p in folder.iterdir()] == ["table-k1.pickle"]


def test_a_changed_key_builds_afresh(folder):
    cached("table", "k1", lambda: "old")
    assert cached("table", "k2", lambda: "new") == "new"


def test_a_damaged_file_is_built_again_and_replaced(folder):
    cached("table", "k1", lambda: "good")
    (folder / "table-k1.pickle").write_bytes(b"\x80\x05truncated")
    assert cached("table", "k1", lambda: "rebuilt") == "rebuilt"
    assert pickle.loads((folder / "table-k1.pickle").read_bytes()) == "rebuilt"


def test_a_cache_folder_that_is_a_file_still_gives_the_table(tmp_path, monkeypatch):
    # A path through a file cannot be created, even by root (who may write read-only folders).
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    assert cached("table", "k1", lambda: 42) == 42
    assert blocker.read_text() == "not a folder"


def test_an_empty_setting_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, "")
    assert cache_dir() is None
    build, calls = counting_builder(1)
    cached("table", "k1", build)
    cached("table", "k1", build)
    assert len(calls) == 2


def test_the_default_folder_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "accord"


def test_fingerprints_tell_apart_how_the_parts_are_split():
    assert fingerprint(["ab", "c"]) != fingerprint(["a", "bc"])
    assert fingerprint([b"x", "y"]) == fingerprint(["x", b"y"])


def test_a_sources_key_follows_the_module_the_data_and_the_package_versions(tmp_path, monkeypatch):
    from accord.cache import sources_key

    module, data = tmp_path / "builder.py", tmp_path / "table.csv"
    module.write_text("build = 1\n")
    data.write_text("Paris,FRA\n")
    before = sources_key(str(module), [data], ["pytest"])
    assert sources_key(str(module), [data], ["pytest"]) == before
    data.write_text("Paris,USA\n")
    assert sources_key(str(module), [data], ["pytest"]) != before
    data.write_text("Paris,FRA\n")
    module.write_text("build = 2\n")
    assert sources_key(str(module), [data], ["pytest"]) != before
    module.write_text("build = 1\n")
    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "version", lambda name: "0-changed")
    assert sources_key(str(module), [data], ["pytest"]) != before
