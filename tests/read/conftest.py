"""Paths the reader tests share: our own fixture files and the read-only gold data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "read"
SHARED = REPO.parent / "shared"


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"the shared reference data is not at {SHARED}")
    return SHARED
