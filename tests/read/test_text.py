from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.errors import BadDateError, EmptyInputError
from accord.read.base import ReadOptions
from accord.read.sniff import normalise_newlines
from accord.read.text import TextReader, read_text, split_header


def read_one(path: Path, options: ReadOptions | None = None):
    [result] = TextReader().read(path, path.read_bytes(), options or ReadOptions())
    return result


def test_seed_article(shared):
    article = read_one(shared / "eval" / "seed" / "azernews-2021-09-13.txt")
    assert article.article_id == "azernews-2021-09-13"
    assert article.published == date(2021, 9, 13)
    assert article.outlet == "Azernews"
    assert article.author == "Ayya Lmahamad"
    assert article.text.startswith("Top Azerbaijani")
    assert "By Ayya" not in article.text and "date 2021" not in article.text
    assert "\n\n" in article.text  # paragraph breaks kept for the parser


def test_date_line_and_byline(data):
    article = read_one(data / "dateline.txt")
    assert (article.published, article.outlet, article.author) == (date(2022, 11, 2), "Baltic Courier", "Marta Kalnina")
    assert article.text.startswith("Latvian and Estonian energy ministers")
    assert article.text.endswith("on November 1.")
    assert article.origin == str(data / "dateline.txt")


def test_key_value_headers(data):
    article = read_one(data / "headers.txt")
    assert article.title == "Kenya and Tanzania reopen a border market"
    assert article.published == date(2023, 6, 14)
    assert article.outlet == "Lake Region Times"
    assert article.url == "https://lakeregion.example/2023/06/14/border-market"
    assert article.author == "Amani Wekesa"
    assert article.text.startswith("Traders returned")


def test_text_without_header_uses_the_options(data):
    options = ReadOptions(published=date(2020, 2, 3), outlet="River Gazette")
    article = read_one(data / "plain.txt", options)
    assert article.article_id == "plain"
    assert (article.published, article.outlet, article.author) == (date(2020, 2, 3), "River Gazette", None)
    assert article.text == (data / "plain.txt").read_text().strip()


def test_header_wins_over_the_options(data):
    article = read_one(data / "dateline.txt", ReadOptions(published=date(2000, 1, 1), outlet="Other"))
    assert (article.published, article.outlet) == (date(2022, 11, 2), "Baltic Courier")


def test_bad_date_header_names_file_and_value(data):
    error = read_one(data / "bad-date.txt")
    assert isinstance(error, BadDateError)
    assert error.item == str(data / "bad-date.txt")
    assert "'the thirty-second of Smarch'" in error.reason and "not coded" in error.reason


@pytest.mark.parametrize(
    "body",
    [
        "By the end of 2021, trade between the two countries had doubled.",
        "By 2025 the pipeline will carry twice as much gas.",
        "Date palms grow along the river, the governor said.",
        "Posted 200 troops to the border, the ministry said on 3 May.",
        "Source of the dispute is a water treaty from 1960.",
    ],
)
def test_sentences_that_only_look_like_headers_stay_body(body):
    header = split_header(body + "\n\nA second paragraph.")
    assert header.body_start == 0
    assert (header.published, header.author, header.outlet) == (None, None, None)


def test_header_forms():
    text = "Headline: Talks resume\nDate: 2022-01-05 By Delta Post\nWritten by: Ana Costa\n\n  Body starts here."
    header = split_header(text)
    assert (header.title, header.published, header.outlet, header.author) == (
        "Talks resume", "2022-01-05", "Delta Post", "Ana Costa",
    )
    assert text[header.body_start :] == "Body starts here."


def test_a_headline_over_a_byline_is_the_title():
    text = "Talks resume on the river treaty\n\nBy Ana Ruiz\n\nThe delegations met again on Monday."
    header = split_header(text)
    assert (header.title, header.author) == ("Talks resume on the river treaty", "Ana Ruiz")
    assert text[header.body_start :] == "The delegations met again on Monday."


def test_a_first_paragraph_without_a_byline_is_body():
    text = "The delegations met again on Monday.\n\nThey agreed on a timetable."
    assert split_header(text).body_start == 0
    assert split_header(text).title is None


def test_bylines_with_particles_and_initials():
    assert split_header("By Ursula von der Leyen\n\nText.").author == "Ursula von der Leyen"
    assert split_header("By J. R. Okafor and Mei Lin\n\nText.").author == "J. R. Okafor and Mei Lin"


def test_first_value_of_a_field_wins():
    header = split_header("Title: First\nTitle: Second\n\nBody.")
    assert header.title == "First"


def test_read_text_in_memory():
    article = read_text(
        "\ufeffdate 2021-03-04 By Nile Daily\r\n\r\nBy Omar Said\r\n\r\nEgypt and Sudan met.\r\n\r\nThey agreed.\r\n",
        article_id="mem-1",
        title="Given title",
    )
    assert article.article_id == "mem-1"
    assert article.text == "Egypt and Sudan met.\n\nThey agreed."
    assert (article.published, article.outlet, article.author, article.title) == (
        date(2021, 3, 4), "Nile Daily", "Omar Said", "Given title",
    )


def test_read_text_arguments_win_over_the_header():
    text = "date 2021-03-04 By Nile Daily\n\nBy Omar Said\n\nEgypt and Sudan met."
    article = read_text(text, published=date(2021, 3, 5), outlet="Given Outlet", author="Given Author")
    assert (article.published, article.outlet, article.author) == (date(2021, 3, 5), "Given Outlet", "Given Author")
    # A date header that is not needed is not parsed either.
    assert read_text("Date: not a day\n\nBody.", published=date(2021, 1, 1)).published == date(2021, 1, 1)


def test_read_text_defaults():
    article = read_text("Ghana and Togo signed a customs deal.", published=date(2021, 1, 1), outlet="Gulf Wire")
    assert article.article_id == "-"
    assert (article.published, article.outlet) == (date(2021, 1, 1), "Gulf Wire")


def test_read_text_raises_instead_of_yielding():
    with pytest.raises(BadDateError):
        read_text("Date: not a day at all\n\nBody.")
    with pytest.raises(EmptyInputError, match="no body text"):
        read_text("Title: Only a header\nDate: 2021-01-01\n")
    with pytest.raises(EmptyInputError, match="empty"):
        read_text(" \n\n ")


def test_spans_into_the_body_are_unchanged():
    body = "First  sentence  with  double spaces.\n\n\tSecond paragraph, tab-indented."
    assert read_text("Title: T\n\n" + body).text == body


def test_accepts():
    reader = TextReader()
    assert reader.accepts(Path("a.txt"), b"anything")
    assert not reader.accepts(Path("a.jsonl"), b"plain words")
    assert reader.accepts(Path("notes"), b"Plain words.")
    assert reader.accepts(Path("-"), b"Plain words.")
    assert not reader.accepts(Path("photo.png"), b"\x89PNG\r\n\x1a\n\x00\x00")
    assert not reader.accepts(Path("-"), b'{\n "id": 1\n}')


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["Title: T", "date 2021-09-13 By Wire", "By Ana Ruiz", "Source: S", "", "  ", "\r"]),
            st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
        ),
        max_size=8,
    )
)
def test_the_body_is_always_an_unaltered_piece_of_the_input(lines):
    text = "\n".join(lines)
    try:
        article = read_text(text)
    except (EmptyInputError, BadDateError):
        return
    assert article.text in normalise_newlines(text)
    assert article.text == article.text.strip()
