"""Python's cyclic garbage collector, set for long coding runs.

    with loading():     # in a worker process, while it loads its pipeline
        ...
    settle()            # once it has loaded it
    with settled():     # around a batch run in a process that is not only ours
        ...

Why: coding an article allocates tens of thousands of container objects (spaCy tokens
and spans, lists, pydantic records). Reference counting frees nearly all of them: 500
articles leave under a thousand objects in cycles. But by default the collector runs a
pass every 700 net new objects, and every hundredth pass walks everything alive,
the pipeline's 140,000 long-lived objects included. In a worker that came to 1.5-2 ms
an article, about 4% of its time, spent finding almost nothing.

Two settings take that away. ``gc.freeze()`` moves what is alive once loading is done
(the model, the lexicons, the gazetteer) out of the collector's sight for good. A young
generation of ``YOUNG_THRESHOLD`` objects instead of 700 makes a pass rare: it now runs
when that many objects have been made and not freed, which is what a leak or a build-up
of cycles would do, so those are still collected.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["YOUNG_THRESHOLD", "loading", "settle", "settled"]

# Net new container objects between two passes over the young generation (Python's
# default is 700). 50,000 objects of a few hundred bytes are some megabytes.
YOUNG_THRESHOLD = 50_000


@contextmanager
def loading() -> Iterator[None]:
    """No collection while a process of our own loads what it will keep.

    Loading the model, the lexicons and the gazetteer makes hundreds of thousands of
    objects that all stay, so every pass the collector makes over them finds nothing:
    unpickling the gazetteer took 0.2 s with the collector on and 0.12 s with it off.
    ``settle()`` after the block collects once, in case loading left any cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def settle() -> None:
    """Collect once, freeze what is left, and run the young passes rarely from then on.

    For a process of our own that has loaded what it keeps (a coding worker); the
    setting stays for the process's life.
    """
    gc.collect()  # so that no garbage of the loading is frozen for good
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


@contextmanager
def settled() -> Iterator[None]:
    """``settle()`` for the length of the ``with`` block, then the settings as they were.

    For a batch run inside a process that may be someone else's (``accord.ingest``
    called from a notebook, say): the objects frozen are given back to the collector
    afterwards, and its thresholds restored.
    """
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
