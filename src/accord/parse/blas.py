"""Which library multiplies the model's matrices: numpy's OpenBLAS, on one thread.

    limit_to_one_thread()         # in a process of Accord's own, before loading a model
    with matrix_ops():            # around loading one: numpy's products where that is safe
        nlp = spacy.load(...)

thinc multiplies with blis unless told otherwise. numpy's OpenBLAS (the one its wheels
carry) does the same products faster here: the parse of a 430-word article took 32-33
ms against 35-37 with blis (interleaved runs of 200 articles), and the annotations were
the same on all 1,000,593 tokens of 2,000 generated articles. Two libraries may round
the last bit of a float differently, so "the same" is measured, not promised; a model
that moved would move as it does between one CPU and another.

But OpenBLAS starts a thread for every core, and its threads wait by spinning. Two
coding workers on two cores, each with two OpenBLAS threads, parsed 2.3 times more
slowly than with one thread each, and one process alone gained nothing from its second
thread. So the model uses numpy's products only where OpenBLAS runs on one thread:
Accord's own processes (the ``accord`` command and its coding workers) limit it to one,
and a program that loads a model through Accord's Python API keeps blis unless it has
limited OpenBLAS itself (``OPENBLAS_NUM_THREADS=1``, or threadpoolctl).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["limit_to_one_thread", "blas_threads", "matrix_ops"]


def limit_to_one_thread() -> None:
    """Run the BLAS libraries loaded in this process on one thread each, from now on.

    For processes that are Accord's own. numpy is imported first: threadpoolctl limits
    the libraries that are loaded, and numpy's OpenBLAS is loaded with numpy.
    """
    import numpy  # noqa: F401  (loads OpenBLAS, so that the limit reaches it)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def blas_threads() -> int:
    """The most threads any BLAS library loaded in this process would use; 0 when
    threadpoolctl finds none (numpy built against a BLAS it does not know)."""
    import numpy  # noqa: F401
    from threadpoolctl import threadpool_info

    return max((pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"), default=0)


@contextmanager
def matrix_ops() -> Iterator[bool]:
    """Models built inside the block multiply with numpy's BLAS if it runs on one thread
    here and thinc would otherwise use blis; yields whether it does. Other ops a user
    has chosen (Apple's, a GPU's) are left as they are."""
    from thinc.api import NumpyOps, get_current_ops, use_ops

    current = get_current_ops()
    if type(current) is not NumpyOps or not current.use_blis or blas_threads() != 1:
        yield False
        return
    with use_ops("numpy", use_blis=False):
        yield True
