"""accord.dates.v1: time expressions found in a parsed article and resolved.

The sentences here are written for these tests. The seed article is read from the
shared gold data (never copied) and skipped when that is not present.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from accord.coder.dates import DateComponent, _patterns
from accord.coder.pipeline import Pipeline, component_registry
from accord.coder.work import DateMention, Work
from accord.errors import CodingError
from accord.parse.nlp import load_model, sentences_of
from accord.records import Article

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "seed" / "azernews-2021-09-13.txt"
MONDAY = date(2021, 9, 13)


@pytest.fixture(scope="session")
def nlp():
    return load_model()


@pytest.fixture(scope="session")
def component():
    return DateComponent()


@pytest.fixture
def code(nlp, component):
    """Run the component on a text; give back its date mentions."""

    def run(text: str, published: date | None = MONDAY) -> list[DateMention]:
        doc = nlp(text)
        work = Work(article=Article(article_id="t", text=text, published=published), doc=doc, sentences=sentences_of(doc))
        component(work)
        return work.date_mentions

    return run


def summary(mentions: list[DateMention]) -> list[tuple]:
    return [(m.text, m.value, m.precision, m.kind, m.period_start, m.period_end) for m in mentions]


def test_contract():
    component = DateComponent()
    assert component.name == "accord.dates.v1"
    assert component.reads == ("doc",)
    assert component.writes == ("date_mentions",)
    assert isinstance(component_registry()["accord.dates.v1"](), DateComponent)


def test_a_pipeline_accepts_it_after_the_parse(nlp):
    pipeline = Pipeline(["accord.dates.v1"])
    assert [c.name for c in pipeline.components] == ["accord.dates.v1"]


def test_without_a_parse_it_says_so():
    work = Work(article=Article(article_id="no-doc", text="On Monday.", published=MONDAY))
    with pytest.raises(CodingError, match="no-doc"):
        DateComponent()(work)


D = date.fromisoformat

CASES = [
    pytest.param(
        "The minister landed in Oslo on Monday night and met his counterpart last Tuesday.",
        date(2021, 9, 15),
        [
            ("Monday night", "2021-09-13", "day", "point", D("2021-09-13"), D("2021-09-13")),
            ("last Tuesday", "2021-09-14", "day", "point", D("2021-09-14"), D("2021-09-14")),
        ],
        id="weekdays",
    ),
    pytest.param(
        "The partners want the canal finished by 2025 and the old port kept open until 2040.",
        MONDAY,
        [
            ("by 2025", "2025", "year", "horizon", D("2025-01-01"), D("2025-12-31")),
            ("until 2040", "2040", "year", "horizon", D("2040-01-01"), D("2040-12-31")),
        ],
        id="horizons-widen-the-entity",
    ),
    pytest.param(
        "The envoys first met on 12 September 2020 in a hotel outside Vienna.",
        MONDAY,
        [("12 September 2020", "2020-09-12", "day", "point", D("2020-09-12"), D("2020-09-12"))],
        id="day-the-entity-leaves-out",
    ),
    pytest.param(
        "A 45-year-old engineer was hurt during the 44-day siege of the town.",
        MONDAY,
        [("44-day", None, None, "duration", None, None)],
        id="age-is-no-time-duration-is-kept",
    ),
    pytest.param(
        "The 2000 troops left the northern base in 2019.",
        MONDAY,
        [("2019", "2019", "year", "point", D("2019-01-01"), D("2019-12-31"))],
        id="head-count-is-no-year",
    ),
    pytest.param(
        "Ballots were recounted on 2021-09-10 and 11/09/2021.",
        MONDAY,
        [
            ("2021-09-10", "2021-09-10", "day", "point", D("2021-09-10"), D("2021-09-10")),
            ("11/09/2021", "2021-11-09", "day", "point", D("2021-11-09"), D("2021-11-09")),
        ],
        id="entity-too-wide-is-split",
    ),
    pytest.param(
        "The ministers will meet again on Friday.",
        MONDAY,
        [("Friday", "2021-09-17", "day", "point", D("2021-09-17"), D("2021-09-17"))],
        id="will-reads-forward",
    ),
    pytest.param(
        "The ministers met again on Friday.",
        MONDAY,
        [("Friday", "2021-09-10", "day", "point", D("2021-09-10"), D("2021-09-10"))],
        id="past-reads-backward",
    ),
    pytest.param(
        "Exports of grain grew in the first half of 2020 and fell in Q3 2021.",
        MONDAY,
        [
            ("the first half of 2020", None, None, "period", D("2020-01-01"), D("2020-06-30")),
            ("Q3 2021", None, None, "period", D("2021-07-01"), D("2021-09-30")),
        ],
        id="periods",
    ),
    pytest.param(
        "Farmers may march to the square in May.",
        MONDAY,
        [("May", "2021-05", "month", "point", D("2021-05-01"), D("2021-05-31"))],
        id="lower-case-may-and-march-are-no-months",
    ),
    pytest.param(
        "The port reopened yesterday, and talks resume next month.",
        MONDAY,
        [
            ("yesterday", "2021-09-12", "day", "point", D("2021-09-12"), D("2021-09-12")),
            ("next month", "2021-10", "month", "point", D("2021-10-01"), D("2021-10-31")),
        ],
        id="relative-words",
    ),
    pytest.param(
        "Lately the two sides have talked often, and they will soon meet again in the coming years.",
        MONDAY,
        [],
        id="vague-words-are-no-times",
    ),
    pytest.param(
        "The talks on Monday built on the accord signed on June 15, 2021.",
        None,
        [("June 15, 2021", "2021-06-15", "day", "point", D("2021-06-15"), D("2021-06-15"))],
        id="no-publication-date-only-explicit-dates",
    ),
    pytest.param(
        "Oil slipped by 1600 GMT and was flat at 1700 GMT; at 1800 the market closed.",
        MONDAY,
        [],
        id="clock-times-are-no-years",
    ),
    pytest.param(
        "The envoy returns at the end of the month, and the deal is due by the end of next year.",
        MONDAY,
        [
            ("the end of the month", "2021-09", "month", "point", D("2021-09-01"), D("2021-09-30")),
            ("by the end of next year", "2022", "year", "horizon", D("2022-01-01"), D("2022-12-31")),
        ],
        id="ends-of-units-the-model-misses",
    ),
    pytest.param(
        "The summit, held every two years, will take place in Baku from 12 to 14 October.",
        MONDAY,
        [
            ("two years", None, None, "duration", None, None),
            ("from 12 to 14 October", None, None, "period", D("2021-10-12"), D("2021-10-14")),
        ],
        id="day-range-the-model-splits",
    ),
    pytest.param("", MONDAY, [], id="empty-text"),
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_finds_and_resolves(code, text, published, expected):
    assert summary(code(text, published)) == expected


def test_mentions_point_into_the_text_in_order(code):
    text = "Trade grew in 2020.\n\nOn Sunday, the ministers spoke. They meet again on October 4."
    mentions = code(text)
    assert [m.text for m in mentions] == ["2020", "Sunday", "October 4"]
    for m in mentions:
        assert text[m.span[0] : m.span[1]] == m.text
    assert [m.sentence for m in mentions] == [0, 1, 2]
    assert [(m.start, m.end) for m in mentions] == sorted((m.start, m.end) for m in mentions)


def test_leading_words_stay_out_of_the_mention(code):
    (mention,) = code("Prices rose sharply during 2020.")
    assert mention.text == "2020"


def test_mentions_already_there_are_kept(nlp, component):
    text = "They met on Friday."
    doc = nlp(text)
    earlier = DateMention(text="x", start=0, end=1, sentence=0, span=(0, 4), value=None, precision=None)
    article = Article(article_id="t", text=text, published=MONDAY)
    work = Work(article=article, doc=doc, sentences=sentences_of(doc), date_mentions=[earlier])
    component(work)
    assert work.date_mentions[0] is earlier
    assert [m.text for m in work.date_mentions[1:]] == ["Friday"]


@pytest.fixture(scope="session")
def seed_body() -> str:
    if not SEED.is_file():
        pytest.skip(f"the seed article is not at {SEED}")
    lines = SEED.read_text(encoding="utf-8").splitlines()[1:]  # the header line goes
    return "\n\n".join(line for line in lines if line.strip() and not line.startswith("By "))


def test_seed_article(code, seed_body):
    mentions = code(seed_body, date(2021, 9, 13))
    by_text: dict[str, list[DateMention]] = {}
    for m in mentions:
        by_text.setdefault(m.text, []).append(m)
        assert seed_body[m.span[0] : m.span[1]] == m.text

    def only(text: str) -> DateMention:
        assert len(by_text.get(text, [])) == 1, f"{text!r} in {sorted(by_text)}"
        return by_text[text][0]

    assert (only("September 13").value, only("September 13").precision) == ("2021-09-13", "day")
    assert (only("September 12").value, only("September 12").precision) == ("2021-09-12", "day")
    assert (only("June 15, 2021").value, only("June 15, 2021").precision) == ("2021-06-15", "day")
    assert (only("February 18").value, only("February 18").precision) == ("2021-02-18", "day")
    assert only("44-day").kind == "duration" and only("44-day").value is None

    first_seven = only("the first seven months of 2021")
    assert (first_seven.kind, first_seven.period_start, first_seven.period_end) == ("period", date(2021, 1, 1), date(2021, 7, 31))

    years_2020 = by_text["2020"]
    assert len(years_2020) == 2  # the war in 2020 and the turnover of 2020
    for m in years_2020:
        assert (m.value, m.precision, m.period_start, m.period_end) == ("2020", "year", date(2020, 1, 1), date(2020, 12, 31))

    (year_2023,) = by_text.get("2023", []) + by_text.get("in 2023", [])
    assert (year_2023.value, year_2023.precision) == ("2023", "year")

    # "eight months after" the victory is a duration, never a date eight months on
    assert all(m.kind == "duration" for m in mentions if "eight months" in m.text)
    assert not [m for m in mentions if m.value and m.value.startswith("2022")]


# -- where the token patterns are run ------------------------------------------------

_MANY_FORMS = (
    "Talks resumed on Monday, 3 May 2021, and again between 5 and 7 of May. "
    "The deal, signed on 12/09/2021 in Baku, runs until 2025-06-30 and for Q3 2022. "
    "Two weeks ago the ministers met; three days later, late last night, they spoke "
    "again, and the earlier in the day meeting of the previous month was recalled. "
    "Since the end of the year the 44-day war and the talks of mid-June to July 2020 "
    "have been discussed at the beginning of next week, the day before yesterday and "
    "this morning. Nothing here is a date, and this sentence has none at all."
)


def _spacy_matcher(vocab, words):
    from spacy.matcher import Matcher

    matcher = Matcher(vocab)
    for label, patterns in _patterns(words).items():
        matcher.add(label, patterns)
    return matcher


def _matches(component, doc, spacy_matcher):
    """(the component's pattern matches, spaCy's Matcher's), each sentence by sentence."""
    theirs = sorted((m.start, m.end, m.label_) for sentence in doc.sents for m in spacy_matcher(sentence, as_spans=True))
    ours = component._matcher_for(doc)
    looked_up = ours.look_up(doc)
    found = sorted((s, e, label) for sentence in doc.sents for label, s, e in ours.find(looked_up, sentence.start, sentence.end))
    return found, theirs


def test_the_patterns_find_what_spacys_matcher_finds(nlp, component):
    doc = nlp(_MANY_FORMS)
    found, theirs = _matches(component, doc, _spacy_matcher(doc.vocab, component.words))
    assert len(theirs) > 20
    assert found == theirs


def test_the_component_finds_the_pattern_matches_spacy_finds_on_every_article_we_have(nlp, component, article_texts):
    texts = list(article_texts)
    spacy_matcher = _spacy_matcher(nlp.vocab, component.words)
    total = 0
    for doc in nlp.pipe(texts):
        found, theirs = _matches(component, doc, spacy_matcher)
        assert found == theirs, doc.text[:60]
        total += len(found)
    assert total > 300
