"""Functions a test sends to a coding worker to ask what it holds.

Kept apart from ``helpers.py``: a worker imports the module of every function it runs,
and that one imports the store (duckdb, pyarrow), which a worker itself never does."""

from __future__ import annotations


def worker_parse_setup() -> tuple[int, bool]:
    """Run inside a coding worker: its BLAS threads, and whether its loaded model
    multiplies with blis."""
    from accord.engine.workers import _pipelines
    from accord.parse.blas import blas_threads

    (pipeline,) = _pipelines.values()
    return blas_threads(), pipeline.parser.nlp.get_pipe("tok2vec").model.ops.use_blis


def worker_imports(names: tuple[str, ...]) -> list[str]:
    """Run inside a coding worker: which of ``names`` it has imported."""
    import sys

    return sorted(name for name in names if name in sys.modules)


def worker_keeps_freed_memory() -> bool:
    """Run inside a coding worker: whether its allocator keeps freed memory for reuse."""
    from accord.engine.allocator import keeps_freed_memory

    return keeps_freed_memory()


def worker_environment(name: str) -> tuple[str | None, str, int]:
    """Run inside a coding worker: the value of an environment variable, its working
    folder and the process it was started by."""
    import os

    return os.environ.get(name), os.getcwd(), os.getppid()
