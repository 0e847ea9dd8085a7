"""Hostile text for the coder: random Unicode, runs of punctuation, blank text, dates at
the ends of the calendar, a 10 MB article.

``Pipeline.code_many`` never raises: for each article, in order, it gives a
CodedArticle whose spans point into the article's text, or a CodingError naming the
article; and what it codes can be stored, or is refused for that article alone. It
never hangs either: an article is cut at ``MAX_CHARS`` (with a warning), and long
runs without spaces are tokenized in linear time (``accord.parse.limits``). The
bounds below only turn a hang into a failure; bench/coder_limits.py prints the times.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.errors import CodingError, StoreWriteError
from accord.parse.nlp import MAX_CHARS
from accord.records import Article, CodedArticle
from accord.store import open_store
from tests.timeouts import within

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BOUND = 120  # seconds for one small article; a hang fails, slowness does not
ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"


@pytest.fixture(scope="module")
def store():
    with open_store(":memory:") as store:
        yield store


def code_checked(pipeline, store, articles: list[Article], bound: float = BOUND) -> list[CodedArticle | CodingError]:
    with within(bound * len(articles), f"coding {len(articles)} article(s)"):
        results = list(pipeline.code_many(articles))
    assert len(results) == len(articles)
    for article, result in zip(articles, results):
        if isinstance(result, CodingError):
            assert result.item == article.article_id and "\n" not in str(result)
            continue
        assert isinstance(result, CodedArticle) and result.article is article
        length = len(article.text)
        for sentence in result.sentences:
            assert 0 <= sentence.start <= sentence.end <= length
            assert article.text[sentence.start : sentence.end] == sentence.text
        for item in (*result.events, *result.facts):
            assert 0 <= item.span[0] <= item.span[1] <= length
        try:
            store.write(result)
        except StoreWriteError as exc:  # refused for this article, clearly
            assert exc.item == article.article_id and "\n" not in str(exc)
    return results


# -- generated text -----------------------------------------------------------------------

WORDS = [
    "Turkey", "Azerbaijan", "Russia", "met", "signed", "a", "deal", "with", "in", "Baku", "on", "Monday",
    "next", "year", "last", "week", "tomorrow", "2021", "9999", "0", "billion", "dollars", "President",
    "said", "will", "not", "the", "talks", "criticised", "(", ")", ",", ".", "!!!", '"', "\n\n", "...", "%",
]  # fmt: skip
CALENDAR = st.one_of(
    st.none(), st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(9999, 12, 30)]), st.dates()
)
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
NEWSLIKE = st.lists(st.sampled_from(WORDS), max_size=120).map(" ".join)
PUNCTUATION = st.text(alphabet="!?.,;:()[]{}\"'-–—…/\\*#@%&", min_size=1, max_size=3000)


@SETTINGS
@given(st.lists(st.tuples(st.one_of(ANY_TEXT, NEWSLIKE, PUNCTUATION), CALENDAR), min_size=1, max_size=4))
def test_any_text_on_any_date_is_coded_or_refused_article_by_article(pipeline, store, texts):
    articles = [
        Article(article_id=f"a{number}", text=text, published=published)
        for number, (text, published) in enumerate(texts)
    ]
    code_checked(pipeline, store, articles)


# -- one case each -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\t \u00a0 \u2003", "."], ids=repr)
def test_blank_text_gives_an_empty_coding_or_an_error(pipeline, store, text):
    [result] = code_checked(pipeline, store, [Article(article_id="blank", text=text)])
    if isinstance(result, CodedArticle):
        assert result.events == [] and result.facts == []


@pytest.mark.parametrize(
    ("published", "text"),
    [
        (date(9999, 12, 31), "Next year Turkey will sign a deal with Azerbaijan. Tomorrow their ministers meet."),
        (date(9999, 12, 31), "On 31 December 9999 Turkey met Azerbaijan, a week after the talks of 24 December."),
        (date(1, 1, 1), "Last year Turkey met Azerbaijan. Yesterday they signed a deal in Baku."),
        (date(1, 1, 1), "In the year 0 Russia criticised Georgia. On 1 January 1 the talks began."),
    ],
)
def test_dates_at_the_ends_of_the_calendar(pipeline, store, published, text):
    code_checked(pipeline, store, [Article(article_id="calendar", text=text, published=published)])


@pytest.mark.parametrize(
    "run", ["(" * 300_000, "!?" * 150_000, '"' * 300_000, "a(" * 150_000, "-" * 300_000], ids=lambda r: repr(r[:4])
)
def test_huge_runs_of_punctuation_finish(pipeline, store, run):
    # 300,000 brackets in a row: spaCy's own tokenizer would take hours over the first 100,000.
    text = "Turkey met Azerbaijan in Baku on Monday. " + run + " Russia criticised Georgia."
    [result] = code_checked(pipeline, store, [Article(article_id="run", text=text, published=date(2021, 9, 13))], 600)
    assert isinstance(result, CodedArticle)


def test_a_10_mb_article_is_cut_for_coding_with_a_warning(pipeline, store, caplog):
    paragraphs = "\n\n".join(path.read_text(encoding="utf-8").split("\n\n", 2)[-1] for path in sorted(ARTICLES.glob("*.txt")))
    text = (paragraphs + "\n\n") * (10_000_000 // len(paragraphs) + 1)
    big = Article(article_id="ten-mb", text=text, published=date(2022, 6, 1))
    small = Article(article_id="after", text="Turkey and Azerbaijan signed a defence pact in Baku.", published=date(2022, 6, 1))
    with caplog.at_level(logging.WARNING, logger="accord.parse.nlp"):
        coded, after = code_checked(pipeline, store, [big, small], 600)
    assert isinstance(coded, CodedArticle) and coded.events
    assert max(sentence.end for sentence in coded.sentences) <= MAX_CHARS
    assert any("ten-mb" in record.getMessage() and f"{MAX_CHARS}" in record.getMessage() for record in caplog.records)
    # The next article in the batch is coded as usual.
    assert isinstance(after, CodedArticle) and after.events
