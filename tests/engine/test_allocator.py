"""The C allocator kept from giving freed memory back between batches (accord.engine.allocator)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from accord.engine import allocator

glibc_only = pytest.mark.skipif(allocator._glibc() is None, reason="mallopt is glibc's")

# Allocates, fills and frees blocks of 0.3 to 2.1 MB, as a batch of the parse does, in
# rounds; prints the page faults each round after the first cost. Run in a process of
# its own, whose allocator nothing else has shaped.
_ROUNDS = """
import ctypes, resource, sys
from accord.engine import allocator
if sys.argv[1] == "keep":
    assert allocator.keep_freed_memory()
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
libc.memset.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]
sizes = [(i % 7 + 1) * 300_000 for i in range(40)]
faults = []
for _ in range(4):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    blocks = [libc.malloc(size) for size in sizes]
    for block, size in zip(blocks, sizes):
        libc.memset(block, 1, size)
    for block in blocks:
        libc.free(block)
    faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
print(max(faults[1:]))
"""


def _faults_after_the_first_round(mode: str) -> int:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(_ROUNDS), mode], capture_output=True, text=True, check=True)
    return int(result.stdout)


@glibc_only
def test_freed_blocks_are_reused_without_new_page_faults():
    # The same rounds fault on every page when glibc gives the blocks back (about 11,000
    # faults for the 40 blocks here), and not at all once it keeps them.
    assert _faults_after_the_first_round("default") > 2000
    assert _faults_after_the_first_round("keep") < 100


@glibc_only
def test_keep_freed_memory_reports_what_it_did():
    # In a process of its own: the setting lasts for the life of the process.
    probe = (
        "from accord.engine import allocator; "
        "print(allocator.keeps_freed_memory(), allocator.keep_freed_memory(), allocator.keeps_freed_memory())"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True", "True"]


def test_without_glibc_nothing_is_changed(monkeypatch):
    monkeypatch.setattr(allocator, "_keeping", False)
    monkeypatch.setattr(allocator, "_glibc", lambda: None)
    assert allocator.keep_freed_memory() is False
    assert allocator.keeps_freed_memory() is False
