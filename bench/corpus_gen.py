"""An invented news corpus for benchmarks: as many articles as asked, offline, seedable.

    from corpus_gen import generate, write_jsonl, write_folder
    for record in generate(1000, seed=7): ...            # dicts: id, title, published, outlet, text
    write_jsonl(Path("corpus.jsonl"), 1000, seed=7)        # one JSON Lines file
    write_folder(Path("news/"), 1000, seed=7)              # one .txt file per article, with a header

    python bench/corpus_gen.py --articles 1000 --out corpus.jsonl

Articles read like wire copy about how states deal with each other: officials with
titles meet, visit, sign, accuse, expel, pledge; economies and trade are reported in
figures; dates are weekdays, day-and-month and "last month"; a few sentences of
background, quotes and weather hold no event at all. Lengths run from 250 to 800
words (most near 400), in paragraphs of one to three sentences under a headline, which
is what news sites and feeds carry. The countries and capitals are real; the people
are generated from name parts, and every incident and figure is made up.

Nothing here comes from ``../shared`` or any news source: the sentence templates are
ours. The same ``seed`` always gives the same corpus, so runs can be compared.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

__all__ = ["generate", "write_jsonl", "write_folder", "MIN_WORDS", "MAX_WORDS"]

MIN_WORDS = 250
MAX_WORDS = 800

# name, adjective, capital, a second city
COUNTRIES = [
    ("Azerbaijan", "Azerbaijani", "Baku", "Ganja"),
    ("Turkey", "Turkish", "Ankara", "Istanbul"),
    ("Armenia", "Armenian", "Yerevan", "Gyumri"),
    ("Georgia", "Georgian", "Tbilisi", "Batumi"),
    ("Russia", "Russian", "Moscow", "Kazan"),
    ("Ukraine", "Ukrainian", "Kyiv", "Lviv"),
    ("Poland", "Polish", "Warsaw", "Krakow"),
    ("Germany", "German", "Berlin", "Hamburg"),
    ("France", "French", "Paris", "Marseille"),
    ("Italy", "Italian", "Rome", "Milan"),
    ("Spain", "Spanish", "Madrid", "Barcelona"),
    ("Greece", "Greek", "Athens", "Thessaloniki"),
    ("Egypt", "Egyptian", "Cairo", "Alexandria"),
    ("Ethiopia", "Ethiopian", "Addis Ababa", "Bahir Dar"),
    ("Sudan", "Sudanese", "Khartoum", "Port Sudan"),
    ("Kenya", "Kenyan", "Nairobi", "Mombasa"),
    ("Nigeria", "Nigerian", "Abuja", "Lagos"),
    ("Mali", "Malian", "Bamako", "Timbuktu"),
    ("Israel", "Israeli", "Jerusalem", "Haifa"),
    ("Iran", "Iranian", "Tehran", "Tabriz"),
    ("Iraq", "Iraqi", "Baghdad", "Basra"),
    ("Saudi Arabia", "Saudi", "Riyadh", "Jeddah"),
    ("Qatar", "Qatari", "Doha", "Al Khor"),
    ("India", "Indian", "New Delhi", "Mumbai"),
    ("Pakistan", "Pakistani", "Islamabad", "Lahore"),
    ("China", "Chinese", "Beijing", "Shanghai"),
    ("Japan", "Japanese", "Tokyo", "Osaka"),
    ("South Korea", "South Korean", "Seoul", "Busan"),
    ("Indonesia", "Indonesian", "Jakarta", "Surabaya"),
    ("Vietnam", "Vietnamese", "Hanoi", "Da Nang"),
    ("Australia", "Australian", "Canberra", "Sydney"),
    ("Brazil", "Brazilian", "Brasilia", "Sao Paulo"),
    ("Argentina", "Argentine", "Buenos Aires", "Cordoba"),
    ("Mexico", "Mexican", "Mexico City", "Monterrey"),
    ("Canada", "Canadian", "Ottawa", "Toronto"),
    ("Kazakhstan", "Kazakh", "Astana", "Almaty"),
    ("Uzbekistan", "Uzbek", "Tashkent", "Samarkand"),
    ("Norway", "Norwegian", "Oslo", "Bergen"),
    ("Sweden", "Swedish", "Stockholm", "Gothenburg"),
    ("Chile", "Chilean", "Santiago", "Valparaiso"),
]

FIRST_NAMES = [
    "Amir", "Elena", "Farid", "Ingrid", "Jamal", "Keiko", "Lars", "Leyla", "Marco", "Nadia", "Omar", "Priya",
    "Rustam", "Sofia", "Tomasz", "Yusuf", "Aliya", "Bruno", "Chen", "Dmitri", "Fatima", "Hassan", "Irina",
    "Javier", "Kwame", "Lucia", "Mehmet", "Nikos", "Olga", "Rahul", "Samira", "Takeshi", "Viktor", "Zainab",
]  # fmt: skip
LAST_NAMES = [
    "Abbasov", "Berger", "Castillo", "Demir", "Eriksen", "Fischer", "Gonzalez", "Haddad", "Ivanova", "Jovanovic",
    "Kato", "Lindqvist", "Mansour", "Novak", "Okafor", "Petrov", "Qureshi", "Rossi", "Suleimenov", "Tanaka",
    "Usmanov", "Varga", "Wojcik", "Yilmaz", "Zhou", "Mensah", "Aziz", "Karimova", "Moreau", "Silva",
]  # fmt: skip

# Offices every generated country fills; the text uses them as titles before a name.
OFFICES = ("President", "Prime Minister", "Foreign Minister", "Defence Minister", "Economy Minister", "ambassador")

OUTLETS = [
    "Harbour Wire", "Continental Dispatch", "Morning Ledger", "Border Review", "Capital Herald", "Regional Monitor",
    "Evening Courier", "Frontline Digest", "Daily Meridian", "Trade Gazette",
]  # fmt: skip

TOPICS = [
    "energy cooperation", "border security", "trade and investment", "a new transport corridor", "water sharing",
    "the return of refugees", "gas supplies", "a free trade agreement", "military cooperation", "grain exports",
    "customs procedures", "a joint hydropower project", "visa rules for students", "fishing rights", "air links",
]  # fmt: skip
ACCUSATIONS = [
    "shelling villages near the border", "supporting armed groups", "violating the ceasefire",
    "interfering in its elections", "blocking aid convoys", "detaining its fishermen", "spreading false reports",
]  # fmt: skip
DEMANDS = [
    "withdraw its troops from the border area", "release the detained sailors", "reopen the border crossings",
    "return to the negotiating table", "respect the ceasefire", "lift the ban on imports", "hand over the suspects",
]  # fmt: skip
DECISIONS = [
    "close the border crossings", "expel the aid workers", "ban imports of fruit", "suspend flights",
    "hold military exercises near the border", "cut gas deliveries",
]  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip


@dataclass
class _Country:
    name: str
    adjective: str
    capital: str
    city: str
    officials: dict[str, str]  # office -> full name


@dataclass
class _Scene:
    """What one article is about: two or three countries, a date, a place."""

    a: _Country
    b: _Country
    c: _Country
    published: date
    rng: random.Random

    def official(self, country: _Country, offices: tuple[str, ...] = OFFICES[:5]) -> str:
        office = self.rng.choice(offices)
        return f"{country.adjective} {office} {country.officials[office]}"

    def name(self, country: _Country, offices: tuple[str, ...] = OFFICES[:5]) -> str:
        return country.officials[self.rng.choice(offices)]

    def when(self) -> str:
        choice = self.rng.random()
        if choice < 0.5:
            return f"on {WEEKDAYS[(self.published - timedelta(days=self.rng.randint(0, 4))).weekday()]}"
        if choice < 0.8:
            day = self.published - timedelta(days=self.rng.randint(0, 20))
            return f"on {day.day} {MONTHS[day.month - 1]}"
        return self.rng.choice(("last week", "last month", "earlier this year"))

    def figure(self, low: float, high: float) -> str:
        return f"{self.rng.uniform(low, high):.1f}"


def _event_sentences(s: _Scene) -> list[str]:
    """Sentences that each tell one act of one state towards another."""
    r = s.rng
    return [
        f"{s.official(s.a)} met {s.official(s.b)} in {s.b.capital} {s.when()} to discuss {r.choice(TOPICS)}.",
        f"{s.a.name} and {s.b.name} signed an agreement on {r.choice(TOPICS)} in {s.a.capital} {s.when()}.",
        f"{s.a.adjective} President {s.a.officials['President']} accused {s.b.name} of {r.choice(ACCUSATIONS)}.",
        f"{s.a.name} expelled {r.choice(('two', 'three', 'four'))} {s.b.adjective} diplomats {s.when()}, "
        f"the foreign ministry in {s.a.capital} said.",
        f"The {s.a.adjective} foreign ministry condemned the {s.b.adjective} decision to {r.choice(DECISIONS)}.",
        f"{s.official(s.a)} urged {s.b.name} to {r.choice(DEMANDS)}.",
        f"{s.a.name} imposed sanctions on {r.choice(('five', 'twelve', 'dozens of'))} {s.b.adjective} officials "
        f"{s.when()}.",
        f"{s.official(s.a)} praised {s.b.name} for its help with {r.choice(TOPICS)}.",
        f"{s.a.name} pledged ${s.figure(5, 900)} million in aid to {s.b.name} at a donor conference in {s.c.capital}.",
        f"{s.official(s.a)} rejected a proposal by {s.b.name} on {r.choice(TOPICS)}.",
        f"{s.official(s.a, ('President', 'Prime Minister', 'Foreign Minister'))} visited {s.b.capital} {s.when()}, "
        f"the first such visit in {r.randint(3, 15)} years.",
        f"{s.official(s.a)} held talks by telephone with {s.official(s.b)} {s.when()}.",
        f"{s.a.name} denied that its forces had crossed into {s.b.name}.",
        f"{s.official(s.a, ('Defence Minister', 'President'))} threatened to close the border with {s.b.name} "
        f"if the attacks continued.",
        f"{s.a.name} and {s.b.name} agreed to resume talks on {r.choice(TOPICS)} in {s.c.capital} next month.",
        f"{s.official(s.c, ('Foreign Minister',))} called on {s.a.name} and {s.b.name} to show restraint.",
        f"{s.a.name} recalled its ambassador from {s.b.capital} for consultations {s.when()}.",
        f"{s.official(s.a, ('Foreign Minister', 'Prime Minister'))} welcomed the release of {r.randint(2, 40)} "
        f"{s.a.adjective} citizens by {s.b.name}.",
        f"{s.a.name} will send {r.randint(2, 30) * 100} tonnes of wheat to {s.b.name}, "
        f"{s.name(s.a)} told reporters in {s.a.city}.",
        f"{s.official(s.b)} thanked {s.a.name} for its support {s.when()}.",
    ]


def _figure_sentences(s: _Scene) -> list[str]:
    """Sentences that report numbers: trade, growth, investment, prices."""
    r = s.rng
    year = s.published.year - r.randint(0, 1)
    return [
        f"Trade between {s.a.name} and {s.b.name} reached ${s.figure(0.2, 40)} billion in {year}, "
        f"up {s.figure(1, 30)} percent from a year earlier.",
        f"{s.a.name}'s economy grew {s.figure(0.5, 7)} percent in the first quarter, official figures showed.",
        f"Inflation in {s.b.name} rose to {s.figure(2, 25)} percent in {MONTHS[(s.published.month - 2) % 12]}.",
        f"{s.a.adjective} companies have invested ${s.figure(0.1, 12)} billion in {s.b.name} "
        f"since {year - r.randint(3, 12)}.",
        f"The two countries aim to raise annual trade to ${r.randint(2, 60)} billion by {year + r.randint(2, 8)}.",
        f"Exports of gas from {s.a.name} to {s.b.name} fell by {s.figure(3, 40)} percent in the first half of {year}.",
    ]


def _background_sentences(s: _Scene) -> list[str]:
    """Sentences with no act in them: context, quotes, colour, weather."""
    r = s.rng
    return [
        f"Relations between {s.a.name} and {s.b.name} have been strained since a dispute over {r.choice(TOPICS)} "
        f"in {s.published.year - r.randint(1, 10)}.",
        f'"We are ready to work with our neighbours on {r.choice(TOPICS)}," {s.name(s.a)} said.',
        f"Analysts in {s.c.capital} said the talks were unlikely to bring a quick breakthrough.",
        f"Heavy rain fell across {s.a.city} for a third day, closing schools and several roads.",
        f"The meeting took place in a former palace on the outskirts of {s.b.capital}.",
        f"Officials from both sides declined to give details of the discussions.",
        f"Several hundred people gathered outside the parliament in {s.a.capital} to follow the debate.",
        f"The {s.b.adjective} side is expected to respond within a week, according to diplomats in {s.c.capital}.",
        f"Markets in {s.a.city} were little changed after the announcement.",
        f'"This is a difficult moment for the whole region," a senior {s.c.adjective} diplomat said.',
        f"The border between the two countries runs for about {r.randint(200, 2500)} kilometres.",
        f"Both governments have promised to publish the text of the agreement.",
    ]


def _countries(rng: random.Random) -> list[_Country]:
    # Every office holder gets a name of their own, so that a name always means one person.
    every_name = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    names = iter(rng.sample(every_name, len(COUNTRIES) * len(OFFICES)))
    return [
        _Country(name, adjective, capital, city, {office: next(names) for office in OFFICES})
        for name, adjective, capital, city in COUNTRIES
    ]


def _length(rng: random.Random) -> int:
    """Words in one article: most near 400, a long tail up to MAX_WORDS."""
    return max(MIN_WORDS, min(MAX_WORDS, int(rng.lognormvariate(6.0, 0.35))))


def _article(number: int, countries: list[_Country], rng: random.Random, start: date, days: int) -> dict:
    a, b, c = rng.sample(countries, 3)
    scene = _Scene(a, b, c, start + timedelta(days=rng.randrange(days)), rng)
    target = _length(rng)
    paragraphs: list[str] = []
    lead = rng.choice(_event_sentences(scene))  # the first paragraph always tells an event
    paragraph = [lead]
    used = {lead}
    words = len(lead.split())
    for _attempt in range(10 * MAX_WORDS):  # bounded: a short article beats an endless loop
        if words >= target:
            break
        kind = rng.random()
        if kind < 0.45:
            sentence = rng.choice(_event_sentences(scene))
        elif kind < 0.65:
            sentence = rng.choice(_figure_sentences(scene))
        else:
            sentence = rng.choice(_background_sentences(scene))
        if sentence in used:  # wire copy does not repeat itself word for word
            continue
        if words + len(sentence.split()) > MAX_WORDS:
            break
        used.add(sentence)
        paragraph.append(sentence)
        words += len(sentence.split())
        if len(paragraph) >= rng.randint(1, 3):
            paragraphs.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        paragraphs.append(" ".join(paragraph))
    title = f"{a.name} and {b.name}: {rng.choice(TOPICS)} in focus"
    return {
        "id": f"gen-{number:07d}",
        "title": title,
        "published": scene.published.isoformat(),
        "outlet": rng.choice(OUTLETS),
        "text": "\n\n".join(paragraphs),
    }


def generate(articles: int, seed: int = 1, start: date = date(2022, 1, 1), days: int = 730) -> Iterator[dict]:
    """``articles`` invented articles, published over ``days`` days from ``start``."""
    rng = random.Random(seed)
    countries = _countries(rng)
    for number in range(articles):
        yield _article(number, countries, rng, start, days)


def write_jsonl(path: Path, articles: int, seed: int = 1) -> Path:
    """One JSON Lines file with an article object per line (``accord ingest`` reads it)."""
    with path.open("w", encoding="utf-8") as out:
        for record in generate(articles, seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def write_folder(folder: Path, articles: int, seed: int = 1, first: int = 0) -> list[Path]:
    """One .txt file per article, with the "Key: value" header lines the text reader takes.

    ``first`` skips that many articles of the sequence, so a folder can be grown in
    steps (``write_folder(d, 10)`` then ``write_folder(d, 5, first=10)``).
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for record in list(generate(first + articles, seed))[first:]:
        path = folder / f"{record['id']}.txt"
        header = f"Title: {record['title']}\nPublished: {record['published']}\nSource: {record['outlet']}\n\n"
        path.write_text(header + record["text"], encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="a .jsonl file, or a folder for .txt files")
    args = parser.parse_args()
    if args.out.suffix == ".jsonl":
        write_jsonl(args.out, args.articles, args.seed)
    else:
        write_folder(args.out, args.articles, args.seed)


if __name__ == "__main__":
    main()
