"""Fixtures of the engine tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine.helpers import copy_articles


@pytest.fixture
def articles_dir(tmp_path) -> Path:
    """Five test articles in a folder of their own."""
    folder = tmp_path / "news"
    copy_articles(folder, 5)
    return folder
