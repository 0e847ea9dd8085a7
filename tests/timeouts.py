"""Turning a hang into a test failure, without timing anything.

    with within(60, "reading a 10 MB line"):
        results = list(read_bytes(data))

The bound is generous (a hang, not a slowdown, is what it catches): speed is measured
by the scripts in bench/. SIGALRM interrupts Python code; a loop inside a C extension
is interrupted when it next returns to Python.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

__all__ = ["within"]


class Hang(AssertionError):
    """A call that did not finish within its bound."""


@contextlib.contextmanager
def within(seconds: float, what: str) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach the main thread only; elsewhere the test runner's timeout applies
        return

    def expire(signum, frame):
        raise Hang(f"{what} did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
