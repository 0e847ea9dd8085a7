"""The people lexicon: what the shipped people.csv says, how its loader rejects bad rows, and
how names, aliases and dates lead to one term of one person."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date, datetime
from importlib import resources
from pathlib import Path

import pytest

from accord.errors import OntologyError
from accord.ontology import lexicon as lex
from accord.ontology.lexicon import Lexicon, Person, form_key

HEADER = "name,aliases,country,org_code,sector,role,start,end,note"

# --------------------------------------------------------------------------- shipped data


def test_shipped_people_load_and_validate():
    lex.default_lexicon().validate()
    people = lex.people()
    assert len(people) >= MIN_ROWS
    assert all(isinstance(p, Person) for p in people)
    assert len({p.name for p in people}) >= MIN_PEOPLE


# Spot checks: (form as the news writes it, day, name, role, CAMEO code).
SPOT_CHECKS = [
    # United States
    ("Obama", date(2010, 6, 1), "Barack Obama", "President", "USAGOV"),
    ("Reagan", date(1985, 3, 1), "Ronald Reagan", "President", "USAGOV"),
    ("Trump", date(2018, 1, 1), "Donald Trump", "President", "USAGOV"),
    ("Trump", date(2025, 6, 1), "Donald Trump", "President", "USAGOV"),
    ("Biden", date(2012, 1, 1), "Joe Biden", "Vice President", "USAGOV"),
    ("Biden", date(2022, 1, 1), "Joe Biden", "President", "USAGOV"),
    ("Bush", date(1991, 1, 17), "George H. W. Bush", "President", "USAGOV"),
    ("Bush", date(2003, 3, 20), "George W. Bush", "President", "USAGOV"),
    ("Clinton", date(1998, 1, 1), "Bill Clinton", "President", "USAGOV"),
    ("Clinton", date(2011, 1, 1), "Hillary Clinton", "Foreign Minister", "USAGOV"),
    ("Pompeo", date(2017, 6, 1), "Mike Pompeo", "Director", "USASPY"),
    ("Pompeo", date(2019, 6, 1), "Mike Pompeo", "Foreign Minister", "USAGOV"),
    ("Rumsfeld", date(2003, 1, 1), "Donald Rumsfeld", "Defence Minister", "USAGOV"),
    ("Hegseth", date(2025, 3, 1), "Pete Hegseth", "Defence Minister", "USAGOV"),
    # Russia and the Soviet Union
    ("Putin", date(2009, 6, 1), "Vladimir Putin", "Prime Minister", "RUSGOV"),
    ("Putin", date(2015, 6, 1), "Vladimir Putin", "President", "RUSGOV"),
    ("Putin", date(2000, 1, 15), "Vladimir Putin", "President", "RUSGOV"),
    ("Medvedev", date(2010, 1, 1), "Dmitry Medvedev", "President", "RUSGOV"),
    ("Medvedev", date(2015, 1, 1), "Dmitry Medvedev", "Prime Minister", "RUSGOV"),
    ("Gorbachev", date(1987, 12, 8), "Mikhail Gorbachev", "General Secretary", "RUSGOV"),
    ("Gorbachev", date(1991, 12, 1), "Mikhail Gorbachev", "President", "RUSGOV"),
    ("Yeltsin", date(1995, 1, 1), "Boris Yeltsin", "President", "RUSGOV"),
    ("Lavrov", date(2020, 1, 1), "Sergey Lavrov", "Foreign Minister", "RUSGOV"),
    ("Sergei Lavrov", date(2020, 1, 1), "Sergey Lavrov", "Foreign Minister", "RUSGOV"),
    ("Shoigu", date(2022, 3, 1), "Sergei Shoigu", "Defence Minister", "RUSGOV"),
    ("Shoigu", date(2024, 6, 1), "Sergei Shoigu", "Secretary of the Security Council", "RUSGOV"),
    ("Gerasimov", date(2023, 1, 1), "Valery Gerasimov", "Chief of the General Staff", "RUSMIL"),
    ("Navalny", date(2021, 1, 17), "Alexei Navalny", "opposition leader", "RUSOPP"),
    ("Prigozhin", date(2023, 6, 24), "Yevgeny Prigozhin", "leader", "RUSUAF"),
]


@pytest.mark.parametrize(("form", "when", "name", "role", "code"), SPOT_CHECKS)
def test_spot_checks(form, when, name, role, code):
    person = lex.person_at(form, when)
    assert person is not None, f"{form} on {when}"
    assert (person.name, person.role, person.code) == (name, role, code)
    assert person.covers(when)


def test_people_are_not_in_the_combined_match():
    assert lex.longest_match(["Putin"]) is None
    assert lex.people_index().longest_match(["Putin"]) is not None


def test_every_form_leads_back_to_its_person():
    """Each name and alias matches as a phrase and, on a day in one of the person's terms, names them.

    A form several people go by counts when some day of the person's terms has none of the
    others in office; there must be such a day, or the form can never name the person."""
    terms_of: dict[str, list[Person]] = {}
    for person in lex.people():
        terms_of.setdefault(person.name, []).append(person)
    index = lex.people_index()
    failures = []
    for name, terms in terms_of.items():
        for form in terms[0].forms:
            match = index.longest_match(form.split())
            if match is None or match.end != len(form.split()) or name not in {t.name for t in match.value}:
                failures.append(f"{form!r} does not match as a phrase for {name}")
                continue
            days = [day for term in terms for day in _days_in(term)]
            found = [lex.person_at(match, day) for day in days]
            if not any(p is not None and p.name == name for p in found):
                failures.append(f"{form!r} never names {name}")
    assert not failures, "\n".join(failures)


def _days_in(term: Person) -> list[date]:
    """The first, middle and last day of a term (its last day is today's when it is open)."""
    last = term.end or date(2025, 6, 30)
    middle = date.fromordinal((term.start.toordinal() + last.toordinal()) // 2)
    return [term.start, middle, last]


def test_forms_of_one_person_are_not_marked_ambiguous_and_shared_ones_are():
    claimants: dict[str, set[str]] = {}
    for person in lex.people():
        for form in person.forms:
            claimants.setdefault(form_key(form), set()).add(person.name)
    shared = {key for key, names in claimants.items() if len(names) > 1}
    assert {"bush", "clinton", "george bush"} <= shared
    for person in lex.people():
        assert person.ambiguous == {form_key(f) for f in person.forms} & shared, person.name
    index = lex.people_index()
    assert index.longest_match(["Bush"]).ambiguous
    assert not index.longest_match(["Obama"]).ambiguous


# The roles the data may use: a typo makes a new role the coder does not know.
ROLES = {
    "President", "Vice President", "Prime Minister", "Deputy Prime Minister", "Chancellor",
    "King", "Queen", "Emperor", "Emir", "Sultan", "Crown Prince", "Supreme Leader",
    "General Secretary", "head of state", "leader", "paramount leader", "State Counsellor",
    "Chief Executive", "Chief Adviser", "Administrator", "Foreign Minister", "Defence Minister", "Director",
    "Deputy Chairman of the Security Council", "Secretary of the Security Council",
    "Chief of the General Staff", "Chairman of the Joint Chiefs of Staff", "Commander-in-Chief",
    "Commander", "Chief of Army Staff", "opposition leader", "rebel leader", "Secretary-General",
    "Political Bureau Chief", "High Representative", "Director General", "Managing Director",
    "Chairperson", "Prosecutor", "High Commissioner", "Commissioner-General",
    "President of the General Assembly", "Speaker", "Finance Minister", "Pope",
}


def test_roles_come_from_the_known_set():
    unknown = Counter(p.role for p in lex.people() if p.role not in ROLES)
    assert not unknown, unknown


# Bare surnames that are common words or names of many people: the data must not give them.
NOT_DISTINCTIVE = {"brown", "may", "johnson", "major", "smith", "lee", "kim", "park", "wang", "li", "khan", "ali", "abdullah", "rice", "powell", "gates", "kerry", "austin"}


def test_no_alias_is_a_common_bare_name():
    bad = sorted({(p.name, f) for p in lex.people() for f in p.aliases if form_key(f) in NOT_DISTINCTIVE})
    assert not bad, bad


def test_terms_are_well_formed():
    for person in lex.people():
        assert person.end is None or person.start <= person.end, person
        if person.country is None:
            assert person.org_code is not None and person.code == person.org_code, person
            assert person.sector == person.org_code[:3], person
        else:
            assert person.code == person.country + person.sector, person
            assert person.org_code in (None, person.code), person
        assert all(a == a.strip() and a for a in person.aliases), person


# --------------------------------------------------------------------------- behaviour on a small file


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped data files, with people.csv to be replaced by each test."""
    target = tmp_path / "data"
    with resources.as_file(resources.files("accord.ontology").joinpath("data")) as source:
        shutil.copytree(source, target)
    return target


def write_people(data_dir: Path, *rows: str, comments: int = 1) -> Lexicon:
    """people.csv with ``comments`` comment lines, the header, then ``rows``: row i is on line comments + 2 + i."""
    lines = ["# a test file"] * comments + [HEADER, *rows]
    (data_dir / "people.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Lexicon(data_dir)


ALIYEVS = (
    "Heydar Aliyev,Aliyev|Heydar Aliev,AZE,,GOV,President,1993-06-15,2003-10-31,",
    "Ilham Aliyev,Aliyev|Ilham Aliev,AZE,,GOV,Prime Minister,2003-08-04,2003-11-04,",
    "Ilham Aliyev,,AZE,,GOV,President,2003-10-31,,",
    "Ban Ki-moon,Ban,KOR,,GOV,Foreign Minister,2004-01-17,2006-11-09,",
    "Ban Ki-moon,,,IGOUNO,IGO,Secretary-General,2007,2016,",
    "Hassan Nasrallah,Nasrallah,LBN,LBNREB,REB,Secretary-General,1992-02-16,2024-09-27,",
)


def test_a_shared_surname_is_ambiguous_and_the_date_decides(data_dir):
    lexicon = write_people(data_dir, *ALIYEVS)
    match = lexicon.people_index.longest_match(["Aliyev"])
    assert match is not None and match.ambiguous and match.lexicon == "person"
    assert {p.name for p in match.value} == {"Heydar Aliyev", "Ilham Aliyev"}
    assert lexicon.person_at(match, date(1998, 5, 1)).name == "Heydar Aliyev"
    assert lexicon.person_at(match, date(2010, 5, 1)).name == "Ilham Aliyev"
    # Both in office (Ilham was Prime Minister under his father): no answer.
    assert lexicon.person_at(match, date(2003, 9, 1)) is None
    # With no date a shared form names nobody; a full name names its person's latest term.
    assert lexicon.person_at(match, None) is None
    latest = lexicon.person_at("Ilham Aliyev", None)
    assert (latest.role, latest.end) == ("President", None)
    assert lexicon.people_index.longest_match(["Ilham", "Aliyev"]).ambiguous is False
    assert {p.ambiguous for p in lexicon.people if p.name == "Ilham Aliyev"} == {frozenset({"aliyev"})}


def test_a_person_with_several_posts(data_dir):
    lexicon = write_people(data_dir, *ALIYEVS)
    ban = lexicon.person_at("Ban Ki-moon", date(2005, 1, 1))
    assert (ban.code, ban.role, ban.country) == ("KORGOV", "Foreign Minister", "KOR")
    ban = lexicon.person_at(lexicon.people_index.longest_match(["Ban", "Ki", "-", "moon"]), date(2010, 1, 1))
    assert (ban.code, ban.org_code, ban.sector, ban.country) == ("IGOUNO", "IGOUNO", "IGO", None)
    # Year-only dates run from the first day of the year to the last.
    assert (ban.start, ban.end) == (date(2007, 1, 1), date(2016, 12, 31))
    assert lexicon.person_at("Ban", date(2017, 1, 1)) is None
    assert lexicon.person_at("Ban", date(2006, 12, 31)) is None
    # Aliases given on one row count for every row of the person.
    assert all(p.aliases == ("Ban",) for p in lexicon.people if p.name == "Ban Ki-moon")


def test_term_ends_are_inclusive_and_datetimes_are_accepted(data_dir):
    lexicon = write_people(data_dir, *ALIYEVS)
    assert lexicon.person_at("Nasrallah", date(2024, 9, 27)).name == "Hassan Nasrallah"
    assert lexicon.person_at("Nasrallah", date(2024, 9, 28)) is None
    assert lexicon.person_at("Nasrallah", date(1992, 2, 15)) is None
    assert lexicon.person_at("Nasrallah", datetime(2006, 7, 12, 9, 30)).code == "LBNREB"
    assert lexicon.person_at("nobody", date(2006, 7, 12)) is None


def test_a_body_of_a_state_beside_its_country(data_dir):
    nasrallah = write_people(data_dir, *ALIYEVS).person_at("Hassan Nasrallah")
    assert (nasrallah.country, nasrallah.org_code, nasrallah.sector, nasrallah.code) == ("LBN", "LBNREB", "REB", "LBNREB")


def test_names_match_as_written_in_capitals_or_capitalised_only(data_dir):
    index = write_people(data_dir, *ALIYEVS).people_index
    assert index.longest_match(["ALIYEV"]) is not None
    assert index.longest_match(["aliyev"]) is None
    assert index.longest_match(["Heydar", "Aliev"]).end == 2
    found = index.find_all("Talks between Ilham Aliyev and Ban Ki - moon".split())
    assert [(m.start, m.end, m.form) for m in found] == [(2, 4, "Ilham Aliyev"), (5, 9, "Ban Ki-moon")]


def test_accented_spellings_match_either_way(data_dir):
    lexicon = write_people(data_dir, "Recep Tayyip Erdogan,Erdogan|Erdoğan|Tayyip Erdogan,TUR,,GOV,President,2014-08-28,,")
    assert lexicon.person_at("Erdoğan", date(2020, 1, 1)).name == "Recep Tayyip Erdogan"
    assert lexicon.people_index.longest_match(["Recep", "Tayyip", "Erdoğan"]).end == 3


# Bad rows: (row, what the error says). Each is the third data row, so on line 5.
BAD_ROWS = [
    ("Nobody,,ZZZ,,GOV,President,2000,2001,", "unknown country code 'ZZZ'"),
    ("Nobody,,,IGOZZZ,IGO,Secretary-General,2000,2001,", "unknown org_code 'IGOZZZ'"),
    ("Nobody,,AZE,,XYZ,President,2000,2001,", "unknown sector 'XYZ'"),
    ("Nobody,,AZE,,GOV,President,2005,2001,", "end 2001 is before start 2005"),
    ("Nobody,,AZE,,GOV,President,2005-02-30,,", "start '2005-02-30' is not a date"),
    ("Nobody,,AZE,,GOV,President,1.5.2005,,", "start '1.5.2005' is not a date"),
    ("Nobody,,,,GOV,President,2000,2001,", "give a country, an org_code, or both"),
    ("Nobody,,AZE,,IGO,President,2000,2001,", "not the group code IGO"),
    ("Nobody,,,IGOUNO,GOV,Secretary-General,2000,2001,", "an IGOUNO officer takes no country \\+ IGO"),
    ("Nobody,,TUR,LBNREB,REB,leader,2000,2001,", "an LBNREB officer takes LBN \\+ REB"),
    ("Nobody,,AZE,,GOV,,2000,2001,", "role is empty"),
    (",,AZE,,GOV,President,2000,2001,", "name is empty"),
    ("Nobody,,AZE,,GOV,President,,2001,", "start is empty"),
    ("Nobody,Nobo|Nobo,AZE,,GOV,President,2000,2001,", "form 'Nobo' is given twice"),
    ("Nobody,...,AZE,,GOV,President,2000,2001,", "has no words"),
    ("Nobody,,AZE,,GOV,President,2000,2001", "expected 9 fields, found 8"),
    ("Heydar Aliyev,,AZE,,GOV,President,1993-06-15,2003-10-31,", "duplicate row \\(first at people.csv:3\\)"),
    ("Heydar Aliyev,,AZE,,GOV,President,2003-10-31,2004,", "overlaps the term at people.csv:3"),
    ("Ilham Aliyev,,AZE,,GOV,President,2010,,", "overlaps the term at people.csv:4"),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS)
def test_bad_rows_are_refused_naming_file_and_line(data_dir, row, message):
    lexicon = write_people(data_dir, ALIYEVS[0], ALIYEVS[2], row)
    with pytest.raises(OntologyError, match=message) as caught:
        lexicon.validate()
    assert "people.csv:5" in str(caught.value)


def test_the_same_post_may_be_held_again_after_a_gap(data_dir):
    lexicon = write_people(
        data_dir,
        "Benjamin Netanyahu,Netanyahu,ISR,,GOV,Prime Minister,1996-06-18,1999-07-06,",
        "Benjamin Netanyahu,,ISR,,GOV,Prime Minister,2009-03-31,2021-06-13,",
    )
    assert lexicon.person_at("Netanyahu", date(2000, 1, 1)) is None
    assert lexicon.person_at("Netanyahu", date(2010, 1, 1)).start == date(2009, 3, 31)
    assert lexicon.person_at("Netanyahu").start == date(2009, 3, 31)


def test_wrong_header_and_missing_file(data_dir):
    (data_dir / "people.csv").write_text("name,aliases,country,sector,role,start,end,note\n", encoding="utf-8")
    with pytest.raises(OntologyError, match="header must be"):
        Lexicon(data_dir).validate()
    (data_dir / "people.csv").unlink()
    with pytest.raises(OntologyError, match="missing"):
        Lexicon(data_dir).validate()


def test_an_empty_table_is_valid(data_dir):
    lexicon = write_people(data_dir)
    assert lexicon.people == ()
    assert len(lexicon.people_index) == 0
    assert lexicon.person_at("Putin", date(2015, 1, 1)) is None


MIN_ROWS = 80
MIN_PEOPLE = 70
