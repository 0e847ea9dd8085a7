"""accord.figures.v1: what a figure measures, whose it is, for when, of what kind.

Most tests read our own sentences (tests/data/figures/phrasings.toml) with the real
parse and the real date component, and hand-made actor mentions, so that they test
the figure reader alone. The seed-article test runs the whole default pipeline.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest

from accord.coder.dates import DateComponent
from accord.coder.figures import KINDS, FigureComponent, fact_id, figure_vocabulary, load_figure_vocabulary
from accord.coder.pipeline import Pipeline, component_registry
from accord.coder.work import ActorMention, Work
from accord.errors import CodingError, OntologyError
from accord.parse.nlp import load_model, sentences_of
from accord.records import ActorRef, Article

HERE = Path(__file__).resolve().parent
PHRASINGS = tomllib.loads((HERE.parent / "data" / "figures" / "phrasings.toml").read_text(encoding="utf-8"))["case"]
SEED = HERE.parents[2] / "shared" / "eval" / "seed"


@pytest.fixture(scope="session")
def nlp():
    return load_model()


@pytest.fixture(scope="session")
def figures():
    return FigureComponent()


def read(nlp, text: str, published: date | None, actors: dict | None = None) -> Work:
    """Parse ``text``, find its dates, and mark ``actors`` ({words: "ISO3" or [members]})
    as the actor component would; every occurrence of the words is a mention."""
    article = Article(article_id="t", text=text, published=published)
    doc = nlp(text)
    work = Work(article=article, doc=doc, sentences=sentences_of(doc))
    DateComponent()(work)
    for words, code in (actors or {}).items():
        start = text.find(words)
        assert start >= 0, f"{words!r} is not in the text"
        while start >= 0:
            span = doc.char_span(start, start + len(words), alignment_mode="expand")
            codes = code if isinstance(code, list) else [code]
            members = tuple(ActorRef(code=c, country=c) for c in codes) if len(codes) > 1 else ()
            ref = ActorRef(code=codes[0], country=None if members else codes[0], kind="group" if members else "country")
            work.actor_mentions.append(
                ActorMention(ref=ref, start=span.start, end=span.end, head=span.root.i,
                             sentence=work.sentence_of_token(span.start), span=(span.start_char, span.end_char),
                             members=members)
            )  # fmt: skip
            start = text.find(words, start + 1)
    return work


def coded(nlp, figures, text, published=date(2022, 6, 1), actors=None):
    work = read(nlp, text, published, actors)
    figures(work)
    return work.facts


def comparable(fact) -> dict:
    return {
        "indicator": fact.indicator,
        "countries": fact.countries,
        "value": pytest.approx(fact.value),
        "currency": fact.currency,
        "unit": None if fact.currency else fact.unit,
        "period_start": fact.period_start.isoformat() if fact.period_start else None,
        "period_end": fact.period_end.isoformat() if fact.period_end else None,
        "kind": fact.kind,
        "rank": fact.rank,
    }


def expected(entry: dict) -> dict:
    return {
        "indicator": entry["indicator"],
        "countries": entry["countries"],
        "value": float(entry["value"]),
        "currency": entry.get("currency"),
        "unit": None if entry.get("currency") else entry.get("unit"),
        "period_start": entry.get("period_start"),
        "period_end": entry.get("period_end"),
        "kind": entry["kind"],
        "rank": entry.get("rank"),
    }


# -- the phrasings ---------------------------------------------------------------------


@pytest.mark.parametrize("case", PHRASINGS, ids=[case["name"] for case in PHRASINGS])
def test_each_phrasing_gives_exactly_its_facts(nlp, figures, case):
    facts = coded(nlp, figures, case["text"], date.fromisoformat(case["published"]), case["actors"])
    got = sorted((comparable(f) for f in facts), key=lambda d: (d["indicator"], d["value"].expected))
    want = sorted((expected(e) for e in case["expect"]), key=lambda d: (d["indicator"], d["value"]))
    assert got == want


def test_the_phrasings_cover_every_unit_period_and_kind_of_the_issue():
    positives = [case for case in PHRASINGS if case["expect"]]
    negatives = [case for case in PHRASINGS if not case["expect"]]
    facts = [entry for case in positives for entry in case["expect"]]
    assert len(positives) >= 30 and len(negatives) >= 5
    assert {f["kind"] for f in facts} == set(KINDS)
    assert {f.get("unit") for f in facts} >= {"percent", "troops", "persons", "bcm", "barrels_per_day", "tonnes", "rank"}
    assert {f.get("currency") for f in facts} >= {"USD", "EUR", "AZN", "TRY", "JPY"}
    # Every indicator of the built-in vocabulary is exercised by at least one sentence.
    indicators = {f["indicator"].removesuffix("_change") for f in facts}
    assert set(load_figure_vocabulary().indicators) <= indicators
    texts = " ".join(case["text"] for case in PHRASINGS)
    for period in ("in 2022", "first half of", "January-July", "third quarter", "in March", "by 2025", "by 2030",
                   "by the end of 2024", "this year", "last year", "next year", "since March 2022", "in September 2022"):
        assert period in texts, period  # fmt: skip


# -- what each fact carries ------------------------------------------------------------


def test_a_fact_points_at_its_words_and_sentence(nlp, figures):
    text = "Officials met in Baku on Monday. The trade turnover between Azerbaijan and Georgia amounted to $2.1 billion in 2021."
    (fact,) = coded(nlp, figures, text, actors={"Azerbaijan": "AZE", "Georgia": "GEO"})
    assert text[fact.span[0] : fact.span[1]] == fact.text == "$2.1 billion"
    assert fact.sentence_index == 1
    assert fact.period_text == "2021" and fact.article_id == "t"
    assert fact.fact_id == fact_id("t", fact.span, "trade_turnover")


def test_fact_ids_are_stable_and_differ_by_place_and_indicator():
    assert fact_id("a", (1, 5), "exports") == fact_id("a", (1, 5), "exports")
    assert len({fact_id("a", (1, 5), "exports"), fact_id("a", (1, 6), "exports"),
                fact_id("a", (1, 5), "imports"), fact_id("b", (1, 5), "exports")}) == 4  # fmt: skip


def test_the_same_figure_told_twice_in_an_article_is_one_fact(nlp, figures):
    text = "Trade between Iran and Iraq reached $10 billion in 2021. Trade between Iran and Iraq reached $10 billion in 2021."
    facts = coded(nlp, figures, text, actors={"Iran": "IRN", "Iraq": "IRQ"})
    assert len(facts) == 1 and facts[0].sentence_index == 0


def test_a_figure_without_a_period_in_the_text_gets_none_not_the_publication_date(nlp, figures):
    (fact,) = coded(nlp, figures, "Armenia's exports to Iran reached $500 million.", actors={"Armenia": "ARM", "Iran": "IRN"})
    assert fact.period_start is None and fact.period_end is None and fact.period_text is None


def test_since_runs_to_publication_only_when_there_is_a_publication_date(nlp, figures):
    text = "Chinese firms have invested $3 billion in Uzbekistan since 2015."
    (dated,) = coded(nlp, figures, text, date(2023, 1, 10), {"Uzbekistan": "UZB"})
    assert (dated.period_start, dated.period_end) == (date(2015, 1, 1), date(2023, 1, 10))
    assert dated.period_text == "since 2015" and dated.countries == ["CHN", "UZB"]


def test_a_deadline_without_any_other_cue_makes_a_target(nlp, figures):
    (fact,) = coded(nlp, figures, "Bilateral trade of $5 billion by 2026 between Turkey and Iraq.",
                    actors={"Turkey": "TUR", "Iraq": "IRQ"})  # fmt: skip
    assert fact.kind == "target" and fact.period_start == date(2026, 1, 1)


def test_a_date_when_something_was_said_is_not_the_figures_period(nlp, figures):
    (fact,) = coded(nlp, figures, "Russia said on Friday that its exports to Belarus had exceeded $20 billion.",
                    date(2022, 6, 6), {"Russia": "RUS", "Belarus": "BLR"})  # fmt: skip
    assert fact.period_start is None and fact.kind == "actual"


def test_confidence_drops_when_nobody_is_named(nlp, figures):
    (named,) = coded(nlp, figures, "Georgia's exports rose to $4 billion.", actors={"Georgia": "GEO"})
    (unnamed,) = coded(nlp, figures, "Exports rose to $4 billion.")
    assert unnamed.countries == [] and unnamed.confidence < named.confidence


def test_a_ranking_is_not_an_amount_and_plural_rankings_are_none(nlp, figures):
    (rank,) = coded(nlp, figures, "Russia remains Armenia's biggest trading partner.", actors={"Russia": "RUS", "Armenia": "ARM"})
    assert (rank.indicator, rank.rank, rank.value, rank.unit, rank.kind) == ("trade_partner_rank", 1, 1.0, "rank", "actual")
    assert coded(nlp, figures, "Russia is one of Armenia's largest investors.", actors={"Russia": "RUS", "Armenia": "ARM"}) == []


def test_its_and_their_point_back_to_countries_named_before(nlp, figures):
    text = "Kazakhstan and Kyrgyzstan met in Almaty. Officials said their trade grew to $2 billion in 2022."
    (fact,) = coded(nlp, figures, text, actors={"Kazakhstan": "KAZ", "Kyrgyzstan": "KGZ"})
    assert fact.countries == ["KAZ", "KGZ"]


def test_the_component_needs_a_parse(figures):
    work = Work(article=Article(article_id="x", text="$5 billion"))
    with pytest.raises(CodingError, match="parsed document"):
        figures(work)


def test_the_component_is_registered_with_its_contract():
    component = component_registry()["accord.figures.v1"]()
    assert isinstance(component, FigureComponent)
    assert (component.name, component.reads, component.writes) == (
        "accord.figures.v1", ("doc", "actor_mentions", "date_mentions"), ("facts",))  # fmt: skip


# -- the vocabulary is data ------------------------------------------------------------


def test_users_add_indicators_and_cue_words_from_their_own_file(tmp_path, nlp):
    extra = tmp_path / "mine.toml"
    extra.write_text(
        '[indicator.remittances]\nmeasures = ["money"]\nparties = 2\ncues = ["remittances"]\n'
        '[indicator.exports]\ncues = ["outbound sales"]\n'
        '[kinds]\ntarget = ["envisage", "envisages"]\n'
        '[ranks]\nsuperlatives = ["leading"]\n',
        encoding="utf-8",
    )
    vocabulary = load_figure_vocabulary([extra])
    assert vocabulary.indicators["remittances"].label == "remittances"
    assert "export" in vocabulary.indicators["exports"].cues and "outbound sales" in vocabulary.indicators["exports"].cues
    mine = FigureComponent(vocabulary)
    facts = coded(nlp, mine, "Remittances from Russia to Tajikistan reached $3 billion in 2021.",
                  actors={"Russia": "RUS", "Tajikistan": "TJK"})  # fmt: skip
    assert [(f.indicator, f.kind) for f in facts] == [("remittances", "actual")]
    facts = coded(nlp, mine, "The plan envisages outbound sales to Iran of $1 billion.", actors={"Iran": "IRN"})
    assert [(f.indicator, f.kind) for f in facts] == [("exports", "target")]
    (rank,) = coded(nlp, mine, "Turkey is Georgia's leading investor.", actors={"Turkey": "TUR", "Georgia": "GEO"})
    assert (rank.indicator, rank.rank) == ("investor_rank", 1)
    assert vocabulary.ordinals["second"] == 2  # the built-in ordinals are kept
    # The built-in vocabulary knows none of these.
    assert coded(nlp, FigureComponent(), "Turkey is Georgia's leading investor.", actors={"Turkey": "TUR"}) == []
    assert coded(nlp, FigureComponent(), "Remittances from Russia to Tajikistan reached $3 billion in 2021.") == []


def test_the_environment_names_extra_vocabulary_files(tmp_path, monkeypatch):
    extra = tmp_path / "env.toml"
    extra.write_text('[indicator.tourism]\nmeasures = ["persons"]\ncues = ["tourists"]\n', encoding="utf-8")
    monkeypatch.setenv("ACCORD_INDICATORS", str(extra))
    figure_vocabulary.cache_clear()
    try:
        assert "tourism" in figure_vocabulary().indicators
    finally:
        figure_vocabulary.cache_clear()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[indicator.x]\ncues = ["x"]\n', "missing or bad entry"),
        ('[indicator.Bad-Name]\nmeasures = ["money"]\ncues = ["x"]\n', "lower_snake_case"),
        ('[indicator.empty]\nmeasures = ["money"]\n', "neither cues nor rank_nouns"),
        ('[kinds]\nguess = ["maybe"]\n', "unknown figure kinds"),
        ("[indicator\n", "not valid TOML"),
    ],
)
def test_a_broken_vocabulary_file_is_refused_with_its_name(tmp_path, content, message):
    extra = tmp_path / "broken.toml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(OntologyError, match=message):
        load_figure_vocabulary([extra])


def test_a_missing_vocabulary_file_is_refused(tmp_path):
    with pytest.raises(OntologyError, match="cannot read indicator file"):
        load_figure_vocabulary([tmp_path / "nowhere.toml"])


# -- the seed article, through the whole pipeline ----------------------------------------


def seed_article() -> Article:
    """The seed as the gold reads it: header line, blank lines and byline dropped."""
    lines = (SEED / "azernews-2021-09-13.txt").read_text(encoding="utf-8").split("\n")[1:]
    paragraphs = [line for line in lines if line.strip() and not line.startswith("By ")]
    return Article(article_id="azernews-2021-09-13", text="\n\n".join(paragraphs), published=date(2021, 9, 13))


@pytest.mark.slow
def test_the_seed_article_gives_exactly_the_three_gold_trade_figures():
    gold = json.loads((SEED / "azernews-2021-09-13.gold.json").read_text(encoding="utf-8"))["facts"]
    coded_article = Pipeline().code(seed_article())

    def key(fact: dict) -> tuple:
        return (fact["indicator"], tuple(sorted(fact["countries"])), round(float(fact["value"])), fact["currency"],
                fact["period_start"], fact["period_end"], fact["kind"])  # fmt: skip

    trade = [f for f in coded_article.facts if f.indicator == "trade_turnover"]
    assert sorted(key(f.model_dump(mode="json")) for f in trade) == sorted(key(g) for g in gold)
    rank = [f for f in coded_article.facts if f.indicator == "investor_rank"]
    assert [(f.rank, f.countries, f.kind) for f in rank] == [(2, ["AZE", "TUR"], "actual")]
    for fact in coded_article.facts:
        assert coded_article.article.text[fact.span[0] : fact.span[1]] == fact.text


def test_a_date_mention_without_bounds_gets_them_from_its_value(nlp, figures):
    work = read(nlp, "Exports from Georgia to Armenia reached $300 million in 2019.", date(2020, 1, 1),
                {"Georgia": "GEO", "Armenia": "ARM"})  # fmt: skip
    (mention,) = work.date_mentions
    mention.period_start = mention.period_end = None  # as a date reader might leave them
    figures(work)
    (fact,) = work.facts
    assert (fact.period_start, fact.period_end) == (date(2019, 1, 1), date(2019, 12, 31))
