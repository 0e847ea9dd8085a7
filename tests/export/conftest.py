"""A read-only database holding the sample corpus, shared by the export tests."""

from __future__ import annotations

import pytest

from accord.query import open_database
from tests.factories import write_sample


@pytest.fixture(scope="package")
def sample_db(tmp_path_factory):
    path = write_sample(tmp_path_factory.mktemp("export") / "sample.duckdb")
    with open_database(path) as database:
        yield database
