"""accord.coder.pipeline: building a Pipeline from named components and running it.

The texts are written for these tests.
"""

from __future__ import annotations

import sys
import types
from datetime import date

import pytest

from accord.coder.pipeline import DEFAULT_COMPONENTS, Pipeline, component_registry
from accord.errors import CodingError, ConfigError
from accord.plugins import hookimpl, plugin_manager
from accord.records import Article, CodedArticle


def article(article_id: str, text: str) -> Article:
    return Article(article_id=article_id, text=text, published=date(2021, 9, 15))


# -- components an outside package could register -------------------------------------


class Shout:
    """Adds a warning for every sentence; reads what the parse writes."""

    name = "tests.shout.v1"
    reads = ("sentences",)
    writes = ("facts",)
    calls: list[str] = []

    def __call__(self, work) -> None:
        Shout.calls.append(work.article.article_id)
        work.warnings.append(f"{len(work.sentences)} sentences")


class Explode:
    """Fails on any article whose text says BOOM, as a buggy plugin would."""

    name = "tests.explode.v1"
    reads = ("events",)
    writes = ("events",)

    def __call__(self, work) -> None:
        if "BOOM" in work.article.text:
            raise RuntimeError("the plugin blew up")


class Unknown:
    name = "tests.unknown-field.v1"
    reads = ("doc",)
    writes = ("feelings",)

    def __call__(self, work) -> None:  # pragma: no cover - refused before it runs
        raise AssertionError("never run")


@pytest.fixture
def test_plugin():
    """A plugin module registered with pluggy for one test, then unregistered."""
    module = types.ModuleType("accord_test_plugin")

    @hookimpl
    def accord_components():
        return {Shout.name: Shout, Explode.name: Explode, Unknown.name: Unknown}

    module.accord_components = accord_components
    manager = plugin_manager()
    manager.register(module, name="accord_test_plugin")
    sys.modules["accord_test_plugin"] = module
    Shout.calls.clear()
    try:
        yield module
    finally:
        manager.unregister(name="accord_test_plugin")
        sys.modules.pop("accord_test_plugin", None)


# -- building ---------------------------------------------------------------------------


def test_default_components_are_registered_and_build(pipeline):
    registry = component_registry()
    assert set(DEFAULT_COMPONENTS) <= set(registry)
    assert [c.name for c in pipeline.components] == list(DEFAULT_COMPONENTS)
    for component in pipeline.components:
        assert isinstance(component.reads, tuple) and isinstance(component.writes, tuple)


def test_name_names_model_and_every_component(pipeline):
    model, *components = pipeline.name.split("+")
    assert model == pipeline.parser.model_name
    assert model.startswith("en_core_web_sm")
    assert components == list(DEFAULT_COMPONENTS)


def test_name_follows_the_chosen_components():
    pipeline = Pipeline(["accord.actors.v1", "accord.dates.v1"])
    assert pipeline.name.endswith("+accord.actors.v1+accord.dates.v1")


def test_unknown_component_name_is_a_config_error():
    with pytest.raises(ConfigError) as info:
        Pipeline([*DEFAULT_COMPONENTS, "accord.telepathy.v1"])
    message = str(info.value)
    assert "accord.telepathy.v1" in message
    assert "accord.actors.v1" in message  # the known names are listed
    assert info.value.code == "E501"


def test_events_before_actors_is_refused_naming_what_is_missing():
    order = ["accord.events.v1", "accord.actors.v1", "accord.dates.v1", "accord.places.v1"]
    with pytest.raises(ConfigError) as info:
        Pipeline(order)
    message = str(info.value)
    assert "accord.events.v1" in message
    assert "actor_mentions" in message and "date_mentions" in message and "place_mentions" in message


def test_identity_needs_events_first():
    with pytest.raises(ConfigError, match="accord.identity.v1 reads events"):
        Pipeline(["accord.identity.v1"])


def test_a_component_naming_a_field_work_does_not_have_is_refused(test_plugin):
    with pytest.raises(ConfigError, match="feelings"):
        Pipeline(["tests.unknown-field.v1"])


# -- plugins --------------------------------------------------------------------------------


def test_component_from_an_outside_plugin_is_found_and_run(test_plugin):
    assert Shout.name in component_registry()
    pipeline = Pipeline([*DEFAULT_COMPONENTS, Shout.name])
    assert pipeline.name.endswith("+tests.shout.v1")
    result = pipeline.code(article("plug-1", "Chile and Peru signed a trade agreement on Monday."))
    assert isinstance(result, CodedArticle)
    assert Shout.calls == ["plug-1"]
    assert [e.cameo for e in result.events] == ["057"]


def test_unregistered_plugin_is_gone(test_plugin):
    plugin_manager().unregister(name="accord_test_plugin")
    try:
        assert Shout.name not in component_registry()
        with pytest.raises(ConfigError):
            Pipeline([Shout.name])
    finally:
        plugin_manager().register(test_plugin, name="accord_test_plugin")


def test_a_component_that_raises_fails_only_its_article(test_plugin):
    pipeline = Pipeline([*DEFAULT_COMPONENTS, Explode.name])
    articles = [
        article("before", "Greece and Bulgaria signed an energy agreement on Monday."),
        article("bad", "BOOM. Greece and Bulgaria signed an energy agreement on Monday."),
        article("after", "Kenya and Uganda signed a trade agreement on Tuesday."),
    ]
    results = list(pipeline.code_many(articles, batch_size=2))
    assert [type(r) for r in results] == [CodedArticle, CodingError, CodedArticle]
    failure = results[1]
    assert failure.item == "bad"
    assert "tests.explode.v1" in failure.reason and "RuntimeError" in failure.reason and "blew up" in failure.reason
    assert results[0].article.article_id == "before" and results[0].events
    assert results[2].article.article_id == "after"
    assert {(e.source.country, e.target.country) for e in results[2].events} <= {("KEN", "UGA"), ("UGA", "KEN")}
    assert results[2].events


# -- running ------------------------------------------------------------------------------------


def test_code_many_keeps_input_order_and_fills_the_coded_article(pipeline):
    texts = {
        "one": "The Chilean president met the Peruvian president in Lima on Monday.",
        "two": "Fiji condemned the coup.",
        "three": "The weather was mild.",
    }
    results = list(pipeline.code_many(article(k, v) for k, v in texts.items()))
    assert [r.article.article_id for r in results] == list(texts)
    first = results[0]
    assert first.coder == pipeline.name
    assert first.sentences[0].text == texts["one"]
    assert {a.code for a in first.actors} >= {"CHLGOV", "PERGOV"}
    assert results[2].events == []


def test_code_gives_the_same_as_code_many(pipeline):
    one = article("same", "Morocco expelled Algerian diplomats on Monday.")
    single = pipeline.code(one)
    (many,) = list(pipeline.code_many([one]))
    assert single.model_dump() | {"coder": ""} == many.model_dump() | {"coder": ""}


def test_only_the_chosen_components_run():
    pipeline = Pipeline(["accord.actors.v1"])
    result = pipeline.code(article("actors-only", "Turkey accused Greece of provocation on Monday."))
    assert result.events == [] and result.facts == []
    assert {a.code for a in result.actors} == {"TUR", "GRC"}
