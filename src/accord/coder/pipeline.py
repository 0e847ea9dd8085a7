"""The coder: a spaCy parse followed by named components with explicit contracts.

A component is any object with

    name: str                      # registered, versioned name: "accord.events.v1"
    reads: tuple[str, ...]         # fields of Work it needs (see accord.coder.work)
    writes: tuple[str, ...]        # fields of Work it fills in
    def __call__(self, work: Work) -> None

Components are found by name in the registry that the ``accord_components`` plugin
hook fills (built-ins register through the same hook; see accord.coder.components).
``Pipeline`` checks, when built, that each component's reads were written by the
parse or by a component before it, so a wrong order fails at once with a clear
message instead of producing silently empty output.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from ..errors import CodingError, ConfigError
from ..records import Article, CodedArticle
from .work import WORK_FIELDS, Work

__all__ = ["Component", "Pipeline", "DEFAULT_COMPONENTS", "component_registry"]

DEFAULT_COMPONENTS = (
    "accord.actors.v1",
    "accord.dates.v1",
    "accord.places.v1",
    "accord.events.v1",
    "accord.figures.v1",
    "accord.identity.v1",
)

# What the parse step writes before any component runs.
_PARSED = ("article", "doc", "sentences")


class Component(Protocol):
    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]

    def __call__(self, work: Work) -> None: ...


def component_registry() -> dict[str, Any]:
    """{registered name: factory} from every plugin's ``accord_components`` hook."""
    from ..plugins import plugin_manager

    registry: dict[str, Any] = {}
    for contribution in plugin_manager().hook.accord_components():
        registry.update(contribution)
    return registry


class Pipeline:
    """Parse articles with spaCy, then run the components in order on each one."""

    def __init__(self, components: Sequence[str] = DEFAULT_COMPONENTS, model: str | None = None):
        from ..parse.nlp import Parser

        registry = component_registry()
        self.parser = Parser(model)
        self.components: list[Component] = []
        written = set(_PARSED)
        for name in components:
            if name not in registry:
                raise ConfigError(f"no coder component registered as {name!r}; known: {', '.join(sorted(registry))}")
            component = registry[name]()
            for field_name in (*component.reads, *component.writes):
                if field_name not in WORK_FIELDS:
                    raise ConfigError(f"component {name} names unknown field {field_name!r}")
            missing = [f for f in component.reads if f not in written]
            if missing:
                raise ConfigError(f"component {name} reads {', '.join(missing)}, which no earlier component writes")
            written.update(component.writes)
            self.components.append(component)

    @property
    def name(self) -> str:
        """What coded an article: model and components, stored beside every article."""
        return f"{self.parser.model_name}+" + "+".join(c.name for c in self.components)

    def code(self, article: Article) -> CodedArticle:
        return next(iter(self.code_many([article])))

    def code_many(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[CodedArticle | CodingError]:
        """Code articles in order; a failure on one article is yielded as a CodingError."""
        for article, parsed in self.parser.parse_many(articles, batch_size=batch_size):
            if isinstance(parsed, CodingError):
                yield parsed
                continue
            yield self.run_components(article, parsed)

    def run_components(self, article: Article, parsed: Any) -> CodedArticle | CodingError:
        work = Work(article=article, doc=parsed.doc, sentences=parsed.sentences)
        try:
            for component in self.components:
                component(work)
        except Exception as exc:  # one article's failure must not stop the batch
            return CodingError(f"{component.name} failed: {type(exc).__name__}: {exc}", item=article.article_id)
        actors = {}
        for mention in work.actor_mentions:
            key = mention.ref.actor_id or mention.ref.code
            actors.setdefault(key, mention.ref)
        return CodedArticle(
            article=article,
            sentences=work.sentences,
            actors=list(actors.values()),
            events=work.events,
            facts=work.facts,
            coder=self.name,
        )
