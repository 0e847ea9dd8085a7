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
    # Europe
    ("Merkel", date(2010, 5, 1), "Angela Merkel", "Chancellor", "DEUGOV"),
    ("Macron", date(2020, 3, 1), "Emmanuel Macron", "President", "FRAGOV"),
    ("Chirac", date(1987, 1, 1), "Jacques Chirac", "Prime Minister", "FRAGOV"),
    ("Chirac", date(2003, 2, 1), "Jacques Chirac", "President", "FRAGOV"),
    ("Thatcher", date(1982, 4, 2), "Margaret Thatcher", "Prime Minister", "GBRGOV"),
    ("Miliband", date(2008, 6, 1), "David Miliband", "Foreign Minister", "GBRGOV"),
    ("Miliband", date(2013, 6, 1), "Ed Miliband", "opposition leader", "GBROPP"),
    ("Kaczynski", date(2008, 6, 1), None, None, None),
    ("Kaczyński", date(2012, 6, 1), "Jarosław Kaczyński", "opposition leader", "POLOPP"),
    ("Berlusconi", date(2009, 1, 1), "Silvio Berlusconi", "Prime Minister", "ITAGOV"),
    ("Orbán", date(2020, 1, 1), "Viktor Orbán", "Prime Minister", "HUNGOV"),
    ("Milosevic", date(1999, 3, 24), "Slobodan Milošević", "President", "SRBGOV"),
    ("Lukashenka", date(2020, 8, 9), "Alexander Lukashenko", "President", "BLRGOV"),
    ("Zelenskyy", date(2022, 2, 24), "Volodymyr Zelensky", "President", "UKRGOV"),
    ("Yanukovych", date(2013, 11, 21), "Viktor Yanukovych", "President", "UKRGOV"),
    ("Pope Francis", date(2015, 9, 24), "Pope Francis", "Pope", "VATREL"),
    # South Caucasus, Turkey and Iran
    ("Erdogan", date(2010, 6, 1), "Recep Tayyip Erdogan", "Prime Minister", "TURGOV"),
    ("Erdoğan", date(2016, 7, 15), "Recep Tayyip Erdogan", "President", "TURGOV"),
    ("Davutoglu", date(2012, 1, 1), "Ahmet Davutoglu", "Foreign Minister", "TURGOV"),
    ("Fidan", date(2020, 1, 1), "Hakan Fidan", "Director", "TURSPY"),
    ("Ocalan", date(2010, 1, 1), "Abdullah Öcalan", "rebel leader", "TURREB"),
    ("Aliyev", date(1998, 10, 11), "Heydar Aliyev", "President", "AZEGOV"),
    ("Aliyev", date(2020, 9, 27), "Ilham Aliyev", "President", "AZEGOV"),
    ("Aliyev", date(2003, 9, 1), None, None, None),
    ("Pashinyan", date(2020, 11, 10), "Nikol Pashinyan", "Prime Minister", "ARMGOV"),
    ("Saakashvili", date(2008, 8, 8), "Mikheil Saakashvili", "President", "GEOGOV"),
    ("Shevardnadze", date(1988, 1, 1), "Eduard Shevardnadze", "Foreign Minister", "RUSGOV"),
    ("Shevardnadze", date(2000, 1, 1), "Eduard Shevardnadze", "President", "GEOGOV"),
    ("Khamenei", date(1985, 1, 1), "Ali Khamenei", "President", "IRNGOV"),
    ("Khamenei", date(2020, 1, 1), "Ali Khamenei", "Supreme Leader", "IRNGOV"),
    ("Zarif", date(2015, 7, 14), "Mohammad Javad Zarif", "Foreign Minister", "IRNGOV"),
    ("Soleimani", date(2019, 1, 1), "Qasem Soleimani", "Commander", "IRNMIL"),
    # The Middle East and North Africa
    ("Netanyahu", date(2023, 10, 7), "Benjamin Netanyahu", "Prime Minister", "ISRGOV"),
    ("Netanyahu", date(2000, 1, 1), None, None, None),
    ("Arafat", date(2000, 7, 11), "Yasser Arafat", "President", "PSEGOV"),
    ("Abu Mazen", date(2010, 1, 1), "Mahmoud Abbas", "President", "PSEGOV"),
    ("Haniyeh", date(2006, 6, 1), "Ismail Haniyeh", "Prime Minister", "PSEGOV"),
    ("Haniyeh", date(2020, 1, 1), "Ismail Haniyeh", "Political Bureau Chief", "PSEREB"),
    ("Sinwar", date(2024, 9, 1), "Yahya Sinwar", "Political Bureau Chief", "PSEREB"),
    ("Nasrallah", date(2006, 7, 12), "Hassan Nasrallah", "Secretary-General", "LBNREB"),
    ("Hariri", date(1995, 1, 1), "Rafik Hariri", "Prime Minister", "LBNGOV"),
    ("Hariri", date(2018, 1, 1), "Saad Hariri", "Prime Minister", "LBNGOV"),
    ("Mubarak", date(1990, 8, 2), "Hosni Mubarak", "President", "EGYGOV"),
    ("Sisi", date(2013, 7, 3), "Abdel Fattah el-Sisi", "Defence Minister", "EGYGOV"),
    ("el-Sisi", date(2020, 1, 1), "Abdel Fattah el-Sisi", "President", "EGYGOV"),
    ("Assad", date(1990, 1, 1), "Hafez al-Assad", "President", "SYRGOV"),
    ("Assad", date(2015, 1, 1), "Bashar al-Assad", "President", "SYRGOV"),
    ("al-Sharaa", date(2000, 1, 1), "Farouk al-Sharaa", "Foreign Minister", "SYRGOV"),
    ("al-Sharaa", date(2025, 6, 1), "Ahmed al-Sharaa", "President", "SYRGOV"),
    ("Jolani", date(2020, 1, 1), "Ahmed al-Sharaa", "rebel leader", "SYRREB"),
    ("Saddam", date(1990, 8, 2), "Saddam Hussein", "President", "IRQGOV"),
    ("al-Maliki", date(2010, 1, 1), None, None, None),
    ("Gaddafi", date(2010, 1, 1), "Muammar Gaddafi", "leader", "LBYGOV"),
    ("Qaddafi", date(2011, 3, 1), "Muammar Gaddafi", "leader", "LBYGOV"),
    ("Haftar", date(2019, 4, 4), "Khalifa Haftar", "Commander", "LBYMIL"),
    ("MBS", date(2018, 10, 2), "Mohammed bin Salman", "Crown Prince", "SAUGOV"),
    ("King Abdullah", date(2010, 1, 1), None, None, None),
    ("King Abdullah", date(2020, 1, 1), "Abdullah II", "King", "JORGOV"),
    ("Bouteflika", date(2010, 1, 1), "Abdelaziz Bouteflika", "President", "DZAGOV"),
    # South and East Asia
    ("Modi", date(2020, 1, 1), "Narendra Modi", "Prime Minister", "INDGOV"),
    ("Gandhi", date(1983, 1, 1), "Indira Gandhi", "Prime Minister", "INDGOV"),
    ("Gandhi", date(1987, 1, 1), "Rajiv Gandhi", "Prime Minister", "INDGOV"),
    ("Sharif", date(1998, 5, 28), "Nawaz Sharif", "Prime Minister", "PAKGOV"),
    ("Sharif", date(2023, 1, 1), "Shehbaz Sharif", "Prime Minister", "PAKGOV"),
    ("Musharraf", date(2000, 1, 1), "Pervez Musharraf", "Chief Executive", "PAKGOV"),
    ("Zia", date(1985, 1, 1), "Muhammad Zia-ul-Haq", "President", "PAKGOV"),
    ("Zia", date(1992, 1, 1), "Khaleda Zia", "Prime Minister", "BGDGOV"),
    ("Karzai", date(2008, 1, 1), "Hamid Karzai", "President", "AFGGOV"),
    ("Mullah Omar", date(1998, 1, 1), "Mohammad Omar", "Supreme Leader", "AFGGOV"),
    ("Mullah Omar", date(2005, 1, 1), "Mohammad Omar", "Supreme Leader", "AFGREB"),
    ("Akhundzada", date(2018, 1, 1), "Hibatullah Akhundzada", "Supreme Leader", "AFGREB"),
    ("Akhundzada", date(2022, 1, 1), "Hibatullah Akhundzada", "Supreme Leader", "AFGGOV"),
    ("Xi", date(2020, 1, 1), "Xi Jinping", "President", "CHNGOV"),
    ("Deng Xiaoping", date(1985, 1, 1), "Deng Xiaoping", "paramount leader", "CHNGOV"),
    ("Kim Jong-un", date(2018, 6, 12), "Kim Jong Un", "Supreme Leader", "PRKGOV"),
    ("Abe", date(2015, 1, 1), "Shinzo Abe", "Prime Minister", "JPNGOV"),
    ("Suu Kyi", date(2000, 1, 1), "Aung San Suu Kyi", "opposition leader", "MMROPP"),
    ("Suu Kyi", date(2018, 1, 1), "Aung San Suu Kyi", "State Counsellor", "MMRGOV"),
    ("Duterte", date(2018, 1, 1), "Rodrigo Duterte", "President", "PHLGOV"),
    ("Duterte", date(2023, 1, 1), "Sara Duterte", "Vice President", "PHLGOV"),
    ("Marcos", date(1980, 1, 1), "Ferdinand Marcos", "President", "PHLGOV"),
    ("Marcos", date(2023, 1, 1), "Ferdinand Marcos Jr.", "President", "PHLGOV"),
    ("Rajapaksa", date(2010, 1, 1), "Mahinda Rajapaksa", "President", "LKAGOV"),
    ("Rajapaksa", date(2021, 1, 1), None, None, None),
    # Africa and the Americas
    ("Mandela", date(1992, 1, 1), "Nelson Mandela", "opposition leader", "ZAFOPP"),
    ("Mandela", date(1996, 1, 1), "Nelson Mandela", "President", "ZAFGOV"),
    ("Mugabe", date(2008, 1, 1), "Robert Mugabe", "President", "ZWEGOV"),
    ("Kagame", date(1993, 1, 1), "Paul Kagame", "rebel leader", "RWAREB"),
    ("Kabila", date(1999, 1, 1), "Laurent-Désiré Kabila", "President", "CODGOV"),
    ("Kabila", date(2010, 1, 1), "Joseph Kabila", "President", "CODGOV"),
    ("Hemedti", date(2024, 1, 1), "Mohamed Hamdan Dagalo", "Commander", "SDNREB"),
    ("Abiy", date(2020, 11, 4), "Abiy Ahmed", "Prime Minister", "ETHGOV"),
    ("Lula", date(2005, 1, 1), "Luiz Inácio Lula da Silva", "President", "BRAGOV"),
    ("Lula", date(2024, 1, 1), "Luiz Inácio Lula da Silva", "President", "BRAGOV"),
    ("Kirchner", date(2005, 1, 1), "Néstor Kirchner", "President", "ARGGOV"),
    ("Kirchner", date(2010, 1, 1), "Cristina Fernández de Kirchner", "President", "ARGGOV"),
    ("Castro", date(2000, 1, 1), "Fidel Castro", "President", "CUBGOV"),
    ("Castro", date(2010, 1, 1), "Raúl Castro", "President", "CUBGOV"),
    ("Maduro", date(2010, 1, 1), "Nicolás Maduro", "Foreign Minister", "VENGOV"),
    ("Maduro", date(2020, 1, 1), "Nicolás Maduro", "President", "VENGOV"),
    ("Trudeau", date(1982, 1, 1), "Pierre Trudeau", "Prime Minister", "CANGOV"),
    ("Trudeau", date(2018, 1, 1), "Justin Trudeau", "Prime Minister", "CANGOV"),
    ("Pinochet", date(1985, 1, 1), "Augusto Pinochet", "President", "CHLGOV"),
    ("Pinochet", date(1995, 1, 1), "Augusto Pinochet", "Commander-in-Chief", "CHLMIL"),
    # International organisations and movements across borders
    ("Ban Ki-moon", date(2005, 1, 1), "Ban Ki-moon", "Foreign Minister", "KORGOV"),
    ("Ban Ki-moon", date(2010, 1, 1), "Ban Ki-moon", "Secretary-General", "IGOUNO"),
    ("Kofi Annan", date(2003, 3, 1), "Kofi Annan", "Secretary-General", "IGOUNO"),
    ("Guterres", date(2010, 1, 1), "António Guterres", "High Commissioner", "IGOUNOREFHCR"),
    ("Guterres", date(2020, 1, 1), "António Guterres", "Secretary-General", "IGOUNO"),
    ("Stoltenberg", date(2010, 1, 1), "Jens Stoltenberg", "Prime Minister", "NORGOV"),
    ("Stoltenberg", date(2020, 1, 1), "Jens Stoltenberg", "Secretary-General", "IGOWSTNAT"),
    ("Rutte", date(2025, 6, 1), "Mark Rutte", "Secretary-General", "IGOWSTNAT"),
    ("Solana", date(2005, 1, 1), "Javier Solana", "High Representative", "IGOEUREEC"),
    ("von der Leyen", date(2015, 1, 1), "Ursula von der Leyen", "Defence Minister", "DEUGOV"),
    ("von der Leyen", date(2022, 1, 1), "Ursula von der Leyen", "President", "IGOEUREEC"),
    ("Tusk", date(2017, 1, 1), "Donald Tusk", "President", "IGOEUREEC"),
    ("Kallas", date(2025, 3, 1), "Kaja Kallas", "High Representative", "IGOEUREEC"),
    ("Lagarde", date(2015, 1, 1), "Christine Lagarde", "Managing Director", "IGOBUSIMF"),
    ("Lagarde", date(2021, 1, 1), "Christine Lagarde", "President", "IGOEUREEC"),
    ("ElBaradei", date(2005, 1, 1), "Mohamed ElBaradei", "Director General", "IGOUNOIAE"),
    ("Grossi", date(2022, 3, 4), "Rafael Grossi", "Director General", "IGOUNOIAE"),
    ("Tedros", date(2020, 3, 11), "Tedros Adhanom Ghebreyesus", "Director General", "IGOUNOHLHWHO"),
    ("Aboul Gheit", date(2008, 1, 1), "Ahmed Aboul Gheit", "Foreign Minister", "EGYGOV"),
    ("Aboul Gheit", date(2020, 1, 1), "Ahmed Aboul Gheit", "Secretary-General", "IGOMEAARL"),
    ("Dlamini-Zuma", date(2014, 1, 1), "Nkosazana Dlamini-Zuma", "Chairperson", "IGOAFRAFU"),
    ("Bensouda", date(2015, 1, 1), "Fatou Bensouda", "Prosecutor", "IGOJUDICC"),
    ("bin Laden", date(2001, 9, 11), "Osama bin Laden", "rebel leader", "IMGALQ"),
    ("al-Baghdadi", date(2015, 1, 1), "Abu Bakr al-Baghdadi", "rebel leader", "IMGMUSISI"),
    ("Zarqawi", date(2005, 1, 1), "Abu Musab al-Zarqawi", "rebel leader", "IMGALQ"),
    ("Houthi", date(2020, 1, 1), None, None, None),
]


@pytest.mark.parametrize(("form", "when", "name", "role", "code"), SPOT_CHECKS)
def test_spot_checks(form, when, name, role, code):
    """A form and a day give one term, or (name None) no answer: nobody, or several people in office."""
    person = lex.person_at(form, when)
    if name is None:
        assert person is None, person
        return
    assert person is not None, f"{form} on {when}"
    assert (person.name, person.role, person.code) == (name, role, code)
    assert person.covers(when)


def test_spot_checks_cover_the_regions():
    codes = {code for *_, code in SPOT_CHECKS if code}
    assert len(SPOT_CHECKS) >= 40
    assert {c[:3] for c in codes} >= {"USA", "RUS", "CHN", "GBR", "FRA", "AZE", "ARM", "GEO", "TUR", "IRN", "ISR", "PSE",
                                        "EGY", "SYR", "IND", "PAK", "AFG", "PRK", "ZAF", "BRA", "IGO", "IMG"}


def test_a_shared_form_without_a_date_names_nobody():
    assert lex.person_at("Aliyev") is None
    assert lex.person_at("Bush") is None
    match = lex.people_index().longest_match(["Aliyev"])
    assert match.ambiguous and {p.name for p in match.value} == {"Heydar Aliyev", "Ilham Aliyev"}


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


# --------------------------------------------------------------------------- coverage

HEAD_ROLES = {
    "President", "Prime Minister", "Chancellor", "King", "Queen", "Emperor", "Emir", "Sultan", "Supreme Leader",
    "General Secretary", "head of state", "leader", "paramount leader", "Chief Executive", "State Counsellor",
    "Chief Adviser",
}
G20_AND_P5 = ["ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "MEX", "RUS", "SAU",
              "ZAF", "KOR", "TUR", "GBR", "USA"]


def _holds(country: str | None, roles: set[str], day: date, org_code: str | None = None) -> bool:
    return any(
        p.role in roles and p.covers(day) and (p.org_code == org_code if org_code else p.country == country and p.sector == "GOV")
        for p in lex.people()
    )


def test_g20_and_security_council_heads_are_known_for_every_year_from_1980():
    missing = [
        f"{iso3} {year}" for iso3 in G20_AND_P5 for year in range(1980, 2026)
        if not _holds(iso3, HEAD_ROLES, date(year, 7, 1))
    ]
    assert not missing, missing


def test_heads_of_at_least_fifty_further_states_across_regions():
    heads = {p.country for p in lex.people() if p.country and p.role in HEAD_ROLES and (p.end is None or p.end.year >= 1985)}
    further = heads - set(G20_AND_P5)
    assert len(further) >= 50, sorted(further)
    assert further >= {
        "AZE", "ARM", "GEO", "IRN", "ISR", "PSE", "EGY", "SYR", "IRQ", "JOR", "LBN", "QAT", "ARE", "KAZ", "UZB", "TKM",
        "KGZ", "TJK", "UKR", "BLR", "SRB", "HRV", "BIH", "XKX", "PRK", "PAK", "AFG", "NGA", "ETH", "KEN", "COD",
        "VEN", "COL", "PER", "CHL", "CUB",
    }


def test_foreign_and_defence_ministers_of_the_most_newsworthy_states_2005_to_2025():
    def covered(role: str) -> set[str]:
        found = set()
        for iso3 in {p.country for p in lex.people() if p.role == role and p.country}:
            gaps = [y for y in range(2005, 2026) if not _holds(iso3, {role}, date(y, 7, 1))]
            if len(gaps) <= 1:
                found.add(iso3)
        return found

    foreign, defence = covered("Foreign Minister"), covered("Defence Minister")
    assert len(foreign) >= 20 and foreign >= {"USA", "RUS", "CHN", "GBR", "FRA", "DEU", "TUR", "IRN", "ISR", "AZE", "IND"}
    assert len(defence) >= 15 and defence >= {"USA", "RUS", "CHN", "GBR", "FRA", "DEU", "TUR", "IRN", "ISR", "AZE"}


# (organisation code, role, first year, last year, years with nobody in the post on 1 July)
IGO_CHIEFS = [
    ("IGOUNO", "Secretary-General", 1980, 2025, ()),
    ("IGOWSTNAT", "Secretary-General", 1980, 2025, ()),
    ("IGOEUREEC", "High Representative", 2000, 2025, ()),
    ("IGOUNOIAE", "Director General", 1982, 2025, ()),
    ("IGOBUSIMF", "Managing Director", 1980, 2025, (2004, 2011)),
    ("IGOMEAARL", "Secretary-General", 1980, 2025, ()),
    ("IGOAFRAFU", "Chairperson", 2004, 2025, ()),
    ("IGOUNOHLHWHO", "Director General", 2004, 2025, (2006,)),
    ("IGOUNODEVWBK", "President", 1996, 2025, ()),
]


@pytest.mark.parametrize(("org_code", "role", "first", "last", "gaps"), IGO_CHIEFS)
def test_chiefs_of_international_organisations(org_code, role, first, last, gaps):
    missing = [y for y in range(first, last + 1) if y not in gaps and not _holds(None, {role}, date(y, 7, 1), org_code)]
    assert not missing, missing


def test_presidents_of_the_european_commission_and_council():
    commission = [p for p in lex.people() if p.org_code == "IGOEUREEC" and p.role == "President" and "Commission" in p.note]
    council = [p for p in lex.people() if p.org_code == "IGOEUREEC" and p.role == "President" and "European Council" in p.note]
    assert {p.name for p in commission} >= {"Jacques Delors", "José Manuel Barroso", "Jean-Claude Juncker", "Ursula von der Leyen"}
    assert {p.name for p in council} == {"Herman Van Rompuy", "Donald Tusk", "Charles Michel", "António Costa"}


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


MIN_ROWS = 1500
MIN_PEOPLE = 1200
