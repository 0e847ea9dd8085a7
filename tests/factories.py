"""Hand-made coded articles for tests that must not depend on the coder.

    from tests.factories import ArticleBuilder

    article = ArticleBuilder("a1", ["Ankara hosted the talks.", "The two sides signed a deal."])
    article.event("057", "AZE", "TUR", sentence=1, date="2021-06-15", reciprocal=True)
    article.fact("trade_turnover", ["AZE", "TUR"], 4.1e9, sentence=1, currency="USD")
    coded = article.build()          # a CodedArticle with consistent spans

Every item's span is the whole sentence it is put in, so spans always point into
the article's own text. Names, Goldstein scores, QuadClass and PLOVER come from the
CAMEO ontology, as the coder would fill them. The texts are invented for tests.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from accord.ontology.cameo import cameo_code
from accord.records import (
    ActorRef,
    Article,
    CodedArticle,
    Event,
    Fact,
    Location,
    Mention,
    Sentence,
)

__all__ = ["ArticleBuilder", "FailingConnection", "actor", "sample_corpus", "write_sample"]

_ids = itertools.count(1)


def actor(code: str | None, *, name: str | None = None, role: str | None = None) -> ActorRef | None:
    """An ActorRef from a CAMEO-style code: ``"AZE"``, ``"TURMIL"``; a name makes it a person."""
    if code is None:
        return None
    return ActorRef(
        code=code,
        country=code[:3],
        sector=code[3:] or None,
        name=name,
        role=role,
        kind="person" if name else "country",
    )


class ArticleBuilder:
    """Builds one CodedArticle out of sentences, then events and facts placed in them."""

    def __init__(
        self,
        article_id: str,
        sentences: Sequence[str],
        *,
        published: date | None = date(2021, 9, 13),
        outlet: str | None = "Example Times",
        url: str | None = None,
        title: str | None = None,
        coder: str = "tests.factories",
    ):
        text = ""
        self.sentences: list[Sentence] = []
        for index, sentence in enumerate(sentences):
            if text:
                text += " "
            self.sentences.append(Sentence(index=index, start=len(text), end=len(text) + len(sentence), text=sentence))
            text += sentence
        self.article = Article(
            article_id=article_id,
            text=text,
            title=title,
            published=published,
            outlet=outlet,
            url=url if url is not None else f"https://news.example/{article_id}",
            origin=f"{article_id}.txt",
        )
        self.coder = coder
        self.events: list[Event] = []
        self.facts: list[Fact] = []
        self.actors: list[ActorRef] = []

    def span(self, sentence: int) -> tuple[int, int]:
        return (self.sentences[sentence].start, self.sentences[sentence].end)

    def event(
        self,
        code: str,
        source: str | None = "AZE",
        target: str | None = "TUR",
        *,
        sentence: int = 0,
        date: str | None = "2021-09-12",
        date_source: str = "text",
        location: str | None = None,
        reciprocal: bool = False,
        source_name: str | None = None,
        source_role: str | None = None,
        target_name: str | None = None,
        target_role: str | None = None,
        mentions: Sequence[int] = (),
        is_root_event: bool = False,
        trigger: str | None = None,
    ) -> Event:
        """Add an event told in ``sentence`` (and again in each of ``mentions``)."""
        cameo = cameo_code(code)
        precision = None if date is None else {10: "day", 7: "month", 4: "year"}[len(date)]
        event_id = f"{self.article.article_id}-e{next(_ids)}"
        event = Event(
            event_id=event_id,
            article_id=self.article.article_id,
            cameo=cameo.code,
            root=cameo.root,
            event_name=cameo.name,
            goldstein=cameo.goldstein,
            quad_class=cameo.quad_class,
            plover=cameo.plover,
            plover_mode=cameo.plover_mode,
            plover_context=cameo.plover_context,
            source=actor(source, name=source_name, role=source_role),
            target=actor(target, name=target_name, role=target_role),
            reciprocal=reciprocal,
            date=date,
            date_precision=precision,
            date_source=date_source if date else None,
            location=Location(name=location, country=None, feature="city") if location else None,
            sentence_index=sentence,
            span=self.span(sentence),
            trigger=trigger,
            confidence=0.9,
            is_root_event=is_root_event,
            mentions=[
                Mention(
                    article_id=self.article.article_id, sentence_index=index, span=self.span(index), trigger=trigger
                )
                for index in (sentence, *mentions)
            ],
        )
        self.events.append(event)
        return event

    def fact(
        self,
        indicator: str,
        countries: Sequence[str],
        value: float,
        *,
        sentence: int = 0,
        kind: str = "actual",
        currency: str | None = "USD",
        unit: str | None = None,
        period_start: date | None = None,
        period_end: date | None = None,
    ) -> Fact:
        fact = Fact(
            fact_id=f"{self.article.article_id}-f{next(_ids)}",
            article_id=self.article.article_id,
            indicator=indicator,
            countries=list(countries),
            value=value,
            currency=currency,
            unit=unit,
            period_start=period_start,
            period_end=period_end,
            kind=kind,
            sentence_index=sentence,
            span=self.span(sentence),
            text=self.sentences[sentence].text,
        )
        self.facts.append(fact)
        return fact

    def build(self) -> CodedArticle:
        return CodedArticle(
            article=self.article,
            sentences=self.sentences,
            actors=self.actors,
            events=self.events,
            facts=self.facts,
            coder=self.coder,
        )


def sample_corpus() -> list[CodedArticle]:
    """Four invented articles that exercise the store and the queries.

    What they hold once stored, in the order written:

    - event 1  040 AZE-TUR 2021-09-12 Ankara, reciprocal, told in caspian-1 only
    - event 2  057 AZE-TUR 2021-09-12, reciprocal: told in caspian-1 and harbour-2
      (two outlets), so num_mentions 2, num_articles 2, num_sources 2
    - event 3  111 RUS-AZE 2021-09-13
    - event 4  062 AZE-TUR undated, reciprocal
    - event 5  111 ARM-AZE 2021-09-14
    - event 6  0311 KAZ-UZB 2022-03-01
    - event 7  190 RUS-UKR 2022-02-28
    - event 8  163 USAGOV-RUS 2022-03 (month precision), source a named person
    Date order: 1, 2, 3, 5, 7, 6, 8 (2022-03 counts as 2022-03-01, after 6 by id), then 4.
    - fact 1   trade_turnover AZE,TUR 4.1e9 USD for 2020, from caspian-1 and harbour-2
    - fact 2   trade_turnover KAZ,UZB 1.2e9 USD target
    """
    caspian = ArticleBuilder(
        "caspian-1",
        [
            "Azerbaijani and Turkish defence chiefs met in Ankara on Sunday.",
            "The two sides signed a memorandum on military training.",
            "Russia's foreign ministry criticised the plan on Monday.",
            "Trade between the two countries reached 4.1 billion dollars last year.",
            "Their armies have trained together for years.",
        ],
        published=date(2021, 9, 13),
        outlet="Caspian Ledger",
        title="Defence chiefs meet in Ankara",
    )
    caspian.event(
        "040",
        "AZEMIL",
        "TURGOV",
        sentence=0,
        reciprocal=True,
        location="Ankara",
        source_name="Rauf Mammadli",
        source_role="Chief of General Staff",
        target_name="Selim Kaya",
        target_role="Defence Minister",
        trigger="met",
    )
    caspian.event("057", "AZE", "TUR", sentence=1, reciprocal=True, trigger="signed")
    caspian.event("111", "RUS", "AZE", sentence=2, date="2021-09-13", trigger="criticised")
    caspian.event("062", "AZE", "TUR", sentence=4, date=None, reciprocal=True, trigger="trained")
    caspian.fact(
        "trade_turnover",
        ["AZE", "TUR"],
        4.1e9,
        sentence=3,
        period_start=date(2020, 1, 1),
        period_end=date(2020, 12, 31),
    )

    harbour = ArticleBuilder(
        "harbour-2",
        [
            "Turkey and Azerbaijan signed a military training memorandum on September 12.",
            "Bilateral trade was worth about 4.1 billion dollars in 2020.",
            "Armenia condemned the agreement on Tuesday.",
        ],
        published=date(2021, 9, 14),
        outlet="Harbour Times",
    )
    harbour.event("057", "TUR", "AZE", sentence=0, reciprocal=True, trigger="signed")
    harbour.event("111", "ARM", "AZE", sentence=2, date="2021-09-14", trigger="condemned")
    harbour.fact(
        "trade_turnover",
        ["TUR", "AZE"],
        4.1e9,
        sentence=1,
        period_start=date(2020, 1, 1),
        period_end=date(2020, 12, 31),
    )

    steppe = ArticleBuilder(
        "steppe-3",
        [
            "Kazakhstan said it would expand rail freight with Uzbekistan.",
            "The neighbours aim for 1.2 billion dollars of trade a year.",
            "Fighting between Russian and Ukrainian forces continued on Monday.",
        ],
        published=date(2022, 3, 2),
        outlet="Steppe Business",
    )
    steppe.event("0311", "KAZ", "UZB", sentence=0, date="2022-03-01", trigger="expand")
    steppe.fact("trade_turnover", ["KAZ", "UZB"], 1.2e9, sentence=1, kind="target")
    steppe.event("190", "RUS", "UKR", sentence=2, date="2022-02-28", trigger="Fighting")

    wire = ArticleBuilder(
        "wire-4",
        ["In March, the American trade secretary Dana Whitfield announced sanctions on Russian banks."],
        published=date(2022, 3, 30),
        outlet=None,
    )
    wire.event(
        "163",
        "USAGOV",
        "RUS",
        sentence=0,
        date="2022-03",
        source_name="Dana Whitfield",
        source_role="Trade Secretary",
        trigger="sanctions",
    )
    return [caspian.build(), harbour.build(), steppe.build(), wire.build()]


def write_sample(target: str | Path) -> str | Path:
    """The database at ``target`` (a DuckDB path or a PostgreSQL URL), holding
    ``sample_corpus()``; returns ``target``."""
    from accord.store import open_store

    with open_store(target) as store:
        for coded in sample_corpus():
            store.write(coded)
    return target


class FailingConnection:
    """Stands in for a database connection: passes everything to the real one, but raises
    ``error`` for statements containing ``fail_on`` (a full disk at a chosen moment).

        backend._connection = FailingConnection(backend._connection, "INSERT INTO facts", error)
    """

    def __init__(self, connection, fail_on: str, error: Exception):
        self.connection = connection
        self.fail_on = fail_on
        self.error = error

    def execute(self, sql, *args):
        if self.fail_on in sql:
            raise self.error
        return self.connection.execute(sql, *args)

    def executemany(self, sql, *args):
        if self.fail_on in sql:
            raise self.error
        return self.connection.executemany(sql, *args)

    def __getattr__(self, name):
        # register, unregister, ... go straight to the real connection.
        return getattr(self.connection, name)
