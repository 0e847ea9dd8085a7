"""The garbage collector's settings for coding runs: set, given back, and still collecting cycles."""

from __future__ import annotations

import gc
import weakref

import pytest

from accord.engine import collector


@pytest.fixture
def restore_collector():
    """Whatever a test does to the collector, this pytest process gets its settings back."""
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)
    gc.unfreeze()


class _Node:
    def __init__(self):
        self.me = self  # a cycle: reference counting alone never frees it


def test_settle_freezes_what_is_alive_and_raises_the_young_threshold(restore_collector):
    _, middle, old = gc.get_threshold()
    collector.settle()
    assert gc.get_threshold() == (collector.YOUNG_THRESHOLD, middle, old)
    assert gc.get_freeze_count() > 1000  # this process's modules, functions, fixtures ...


def test_settled_gives_everything_back_even_after_an_error(restore_collector):
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), collector.settled():
        assert gc.get_threshold()[0] == collector.YOUNG_THRESHOLD
        assert gc.get_freeze_count() > 1000
        raise RuntimeError("a failed run")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_loading_pauses_the_collector_and_gives_it_back_even_after_an_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector.loading():
        assert not gc.isenabled()
        raise RuntimeError("a model that would not load")
    assert gc.isenabled()


def test_loading_leaves_a_collector_that_was_off_off():
    gc.disable()
    try:
        with collector.loading():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_cycles_are_still_collected_without_being_asked(restore_collector):
    """The settings make passes rare, not absent: a build-up of cycles is collected."""
    collector.settle()
    first = _Node()
    gone = []
    weakref.finalize(first, gone.append, True)
    del first
    # Twice the young threshold in containers (each node and its __dict__), all in
    # cycles, and no gc.collect() call.
    for _ in range(collector.YOUNG_THRESHOLD):
        _Node()
    assert gone == [True]

