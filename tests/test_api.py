"""The public Python API: accord.code, accord.open and what __all__ promises."""

from __future__ import annotations

import inspect
from datetime import date
from pathlib import Path

import pytest

import accord
from accord.engine.local import ingest
from accord.store import open_store

ARTICLES = Path(__file__).resolve().parent / "data" / "articles"
TEXT = "Kenyan President William Ruto met Ugandan President Yoweri Museveni in Kampala on Monday."


def test_code_returns_a_coded_article_with_events():
    coded = accord.code(TEXT, published="2021-09-15", outlet="Test Wire")
    assert isinstance(coded, accord.CodedArticle)
    assert coded.article.published == date(2021, 9, 15)
    assert coded.article.outlet == "Test Wire"
    assert coded.article.text == TEXT
    (event,) = coded.events
    assert isinstance(event, accord.Event)
    assert (event.cameo, event.source.code, event.target.code, event.date) == ("040", "KENGOV", "UGAGOV", "2021-09-13")
    assert event.source.name == "William Ruto"
    assert coded.coder.startswith("en_core_web_sm")


def test_code_accepts_a_date_object_and_an_article_id():
    coded = accord.code(TEXT, published=date(2022, 3, 10), article_id="mine")
    assert coded.article.article_id == "mine"
    assert coded.events[0].date == "2022-03-07"


def test_code_reads_a_header_line_as_metadata():
    coded = accord.code(" date 2022-03-10 By Header Wire\n\n\n\n" + TEXT)
    assert coded.article.published == date(2022, 3, 10)
    assert coded.article.outlet == "Header Wire"
    assert coded.article.text == TEXT
    assert coded.events[0].date == "2022-03-07"


def test_explicit_published_and_outlet_win_over_the_header():
    coded = accord.code(" date 2022-03-10 By Header Wire\n\n\n\n" + TEXT, published="2021-09-15", outlet="Given")
    assert coded.article.published == date(2021, 9, 15)
    assert coded.article.outlet == "Given"
    assert coded.events[0].date == "2021-09-13"


def test_code_without_a_date_dates_only_from_the_text():
    coded = accord.code("Kenya and Uganda signed a trade agreement.")
    assert coded.article.published is None
    assert [e.date for e in coded.events] == [None]


def test_code_can_be_called_again():
    # importing the coder must not replace the function accord.code with the package accord.code
    first = accord.code("Kenya and Uganda signed a trade agreement on Monday.", published="2021-09-15")
    second = accord.code("Kenya and Uganda signed a trade agreement on Monday.", published="2021-09-15")
    assert callable(accord.code) and inspect.isfunction(accord.code)
    assert [e.event_id for e in first.events] == [e.event_id for e in second.events]


def test_a_bad_published_string_is_refused():
    with pytest.raises((ValueError, accord.InputError)):
        accord.code(TEXT, published="15/09/2021")


def test_an_empty_text_is_an_input_error():
    with pytest.raises(accord.InputError):
        accord.code("   ")


def test_an_unknown_model_is_a_model_error():
    with pytest.raises(accord.ModelError):
        accord.code(TEXT, model="no_such_spacy_pipeline_xyz")


def test_open_gives_the_database_after_an_ingest(tmp_path, pipeline):
    db = tmp_path / "api.duckdb"
    paths = [str(p) for p in sorted(ARTICLES.glob("*.txt"))[:2]]
    with open_store(db) as store:
        summary = ingest(paths, store, pipeline=pipeline)
    assert summary.ok and summary.stored == 2
    from accord.query import Database

    database = accord.open(str(db))
    try:
        assert isinstance(database, Database)
        stats = database.stats()
        assert stats.articles == 2 and stats.events > 0
        page = database.events()
        assert page.events and all(isinstance(e, accord.Event) for e in page.events)
        assert {a.article_id for a in database.articles()} == {Path(p).stem for p in paths}
    finally:
        database.close()


def test_all_lists_only_public_names_that_exist():
    assert len(accord.__all__) == len(set(accord.__all__))
    for name in accord.__all__:
        assert hasattr(accord, name), name
        assert not name.startswith("_") or name == "__version__", name
    assert {"code", "open", "CodedArticle", "Event", "Fact", "ActorRef", "AccordError"} <= set(accord.__all__)


def test_all_names_what_a_user_touches():
    exported = {getattr(accord, name) for name in accord.__all__ if name != "__version__"}
    for obj in exported:
        module = getattr(obj, "__module__", "")
        assert module.startswith("accord"), obj
    # every exception class of the public hierarchy is an AccordError
    for name in accord.__all__:
        obj = getattr(accord, name)
        if inspect.isclass(obj) and issubclass(obj, Exception):
            assert issubclass(obj, accord.AccordError), name
    assert isinstance(accord.__version__, str) and accord.__version__.count(".") >= 1


def test_star_import_gives_exactly_all():
    namespace: dict = {}
    exec("from accord import *", namespace)
    assert set(namespace) - {"__builtins__"} == set(accord.__all__)


def test_the_records_load_when_first_asked_for():
    import subprocess
    import sys

    # `import accord` is what the `accord` command does first; the pydantic records are
    # a fifth of a second it need not spend before it starts the coding workers' server.
    probe = (
        "import sys, accord; light = 'accord.records' not in sys.modules; "
        "from accord import Article; print(light, Article.__module__, 'accord.records' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "accord.records", "True"]


def test_every_name_in_all_is_there_and_others_are_attribute_errors():
    import accord.records

    assert all(hasattr(accord, name) for name in accord.__all__)
    assert accord.Event is accord.records.Event
    assert set(accord.__all__) <= set(dir(accord))
    with pytest.raises(AttributeError, match="no attribute 'Evnt'"):
        accord.Evnt  # noqa: B018
