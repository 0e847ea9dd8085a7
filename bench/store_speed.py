"""How fast the store writes coded articles, and how fast queries answer on a big database.
Prints figures; asserts nothing.

    python bench/store_speed.py [--articles 2000] [--events 1000000] [--keep DIR]

Writing: ``--articles`` invented coded articles (eight events and one figure each,
among 30 countries over five years, so some events merge across articles) go through
``Store.write`` one transaction each, as a recode writes them; then the same articles
again, which are skipped. Then five times as many through ``Store.write_many`` in
batches, as ``accord ingest`` writes them, with the cost of the first and the last
tenth of the batches: it must not grow with what is stored.

Querying: a database of ``--events`` events is filled directly with SQL (going
through ``Store.write`` would take an hour for a million), with one to three mentions
per event, 100,000 articles of 20 sentences, and the same columns the store fills.
Each query runs five times; the median is printed. The dashboard's budget is 300 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from accord.export import export
from accord.ontology.cameo import cameo_code, cameo_codes
from accord.query import Database, EventFilter
from accord.records import ActorRef, Article, CodedArticle, Event, Fact, Sentence
from accord.store import open_store

COUNTRIES = [
    "AZE",
    "TUR",
    "ARM",
    "GEO",
    "RUS",
    "UKR",
    "IRN",
    "KAZ",
    "UZB",
    "TKM",
    "USA",
    "CHN",
    "FRA",
    "DEU",
    "GBR",
    "ISR",
    "PSE",
    "SYR",
    "IRQ",
    "EGY",
    "SAU",
    "ARE",
    "QAT",
    "PAK",
    "IND",
    "AFG",
    "JPN",
    "KOR",
    "PRK",
    "BLR",
]
CODES = ["040", "042", "043", "046", "051", "057", "061", "062", "071", "111", "112", "163", "173", "190", "0311"]
WORDS = ["talks", "agreement", "border", "pipeline", "sanctions", "visit", "troops", "trade", "ceasefire", "summit"]


def invented_article(number: int, rng: random.Random) -> CodedArticle:
    sentences, text = [], ""
    for index in range(12):
        words = " ".join(rng.choice(WORDS) for _ in range(14))
        sentence = f"Sentence {index} of article {number} is about {words}."
        if text:
            text += " "
        sentences.append(Sentence(index=index, start=len(text), end=len(text) + len(sentence), text=sentence))
        text += sentence
    article = Article(
        article_id=f"bench-{number}",
        text=text,
        published=date(2019, 1, 1) + timedelta(days=number % 1800),
        outlet=f"Outlet {number % 40}",
        url=f"https://news.example/{number}",
    )
    events = []
    for index in range(8):
        code = cameo_code(rng.choice(CODES))
        source, target = rng.sample(COUNTRIES, 2)
        day = article.published - timedelta(days=rng.randint(0, 3))
        sentence = sentences[index]
        events.append(
            Event(
                event_id=f"{article.article_id}-e{index}",
                article_id=article.article_id,
                cameo=code.code,
                root=code.root,
                event_name=code.name,
                goldstein=code.goldstein,
                quad_class=code.quad_class,
                plover=code.plover,
                source=ActorRef(code=source, country=source),
                target=ActorRef(code=target, country=target),
                date=day.isoformat() if index < 7 else None,
                date_precision="day" if index < 7 else None,
                date_source="text",
                sentence_index=index,
                span=(sentence.start, sentence.end),
                confidence=0.8,
            )
        )
    first, second = rng.sample(COUNTRIES, 2)
    fact = Fact(
        fact_id=f"{article.article_id}-f",
        article_id=article.article_id,
        indicator="trade_turnover",
        countries=[first, second],
        value=float(rng.randint(1, 50)) * 1e8,
        currency="USD",
        period_start=date(2020, 1, 1),
        period_end=date(2020, 12, 31),
        sentence_index=10,
        span=(sentences[10].start, sentences[10].end),
        text=sentences[10].text,
    )
    return CodedArticle(article=article, sentences=sentences, events=events, facts=[fact], coder="bench")


def bench_writes(folder: Path, articles: int) -> None:
    rng = random.Random(7)
    corpus = [invented_article(number, rng) for number in range(articles)]
    with open_store(folder / "writes.duckdb") as store:
        started = time.perf_counter()
        merged = 0
        for coded in corpus:
            merged += store.write(coded).events_merged
        seconds = time.perf_counter() - started
        events = store.backend.query("SELECT count(*) FROM events")[0][0]
        print(
            f"write: {articles} articles in {seconds:.1f} s = {articles / seconds:.0f} articles/s, "
            f"{8 * articles / seconds:.0f} events/s ({events} events stored, {merged} reports merged)"
        )
        started = time.perf_counter()
        for coded in corpus[:500]:
            store.write(coded)
        seconds = time.perf_counter() - started
        print(f"skip (same text again): {500 / seconds:.0f} articles/s")
    size = (folder / "writes.duckdb").stat().st_size
    print(f"  file size: {size / 1e6:.1f} MB ({size / articles / 1e3:.1f} kB per article)")


def fill(path: Path, events: int, articles: int = 100_000) -> None:
    """A big database filled with SQL: the same tables and columns Store.write fills."""
    with open_store(path) as store:
        run = store.backend.run_script
        codes = list(cameo_codes().values())
        store.backend.execute(
            "CREATE TEMP TABLE bench_codes (idx INTEGER, cameo VARCHAR, root VARCHAR, name VARCHAR, goldstein DOUBLE, quad INTEGER)"
        )
        store.backend.executemany(
            "INSERT INTO bench_codes VALUES (?, ?, ?, ?, ?, ?)",
            [(i, c.code, c.root, c.name, c.goldstein, c.quad_class) for i, c in enumerate(codes)],
        )
        countries = "[" + ", ".join(f"'{c}'" for c in COUNTRIES) + "]"
        words = "[" + ", ".join(f"'{w}'" for w in WORDS) + "]"
        run(f"""
            INSERT INTO articles (content_hash, article_id, given_id, text, outlet, url, published, coder, coded_at)
            SELECT md5(i::VARCHAR), 'art-' || i, 'art-' || i,
                   'Article ' || i || ' tells of ' || list_element({words}, (i % 10)::INTEGER + 1) || ' and more.',
                   'Outlet ' || (i % 60), 'https://news.example/' || i, DATE '2015-01-01' + (i % 3650)::INTEGER,
                   'bench', TIMESTAMP '2024-01-01 00:00:00'
            FROM range({articles}) t(i);
            INSERT INTO sentences
            SELECT 'art-' || a, s, s * 100, s * 100 + 90,
                   'Sentence ' || s || ' about ' || list_element({words}, ((a + s) % 10)::INTEGER + 1) || ' ' || a
            FROM range({articles}) t(a), range(20) u(s);
            INSERT INTO events (event_id, event_day, num_mentions, num_articles, num_sources, added_at, cameo, root,
                event_name, goldstein, quad_class, source_code, source_country, source_kind, source_actor_id,
                target_code, target_country, target_kind, target_actor_id, reciprocal, date_value, date_precision,
                date_source, article_id, sentence_index, char_start, char_end, confidence, is_root_event)
            SELECT i + 1,
                   CASE WHEN i % 10 = 0 THEN NULL ELSE DATE '2015-01-01' + (hash(i) % 3650)::INTEGER END,
                   1 + (i % 3), 1 + (i % 3), 1 + (i % 2), TIMESTAMP '2024-01-01 00:00:00',
                   c.cameo, c.root, c.name, c.goldstein, c.quad,
                   s.country, s.country, 'country', 'country:' || s.country,
                   t.country, t.country, 'country', 'country:' || t.country,
                   FALSE, NULL, NULL, NULL, 'art-' || (i % {articles}), (i % 20)::INTEGER, 0, 90, 0.8, FALSE
            FROM range({events}) r(i)
            JOIN bench_codes c ON c.idx = hash(i * 3) % {len(codes)}
            CROSS JOIN LATERAL (SELECT list_element({countries}, (hash(i * 5) % {len(COUNTRIES)})::INTEGER + 1) AS country) s
            CROSS JOIN LATERAL (SELECT list_element({countries}, (hash(i * 11) % {len(COUNTRIES)})::INTEGER + 1) AS country) t;
            UPDATE events SET date_value = strftime(event_day, '%Y-%m-%d'), date_precision = 'day', date_source = 'text'
            WHERE event_day IS NOT NULL;
            INSERT INTO event_mentions (mention_id, event_id, cameo, root, event_name, goldstein, quad_class,
                source_code, source_country, source_kind, source_actor_id, target_code, target_country, target_kind,
                target_actor_id, reciprocal, date_value, date_precision, date_source, article_id, sentence_index,
                char_start, char_end, confidence, is_root_event)
            SELECT row_number() OVER (), e.event_id, e.cameo, e.root, e.event_name, e.goldstein, e.quad_class,
                   e.source_code, e.source_country, e.source_kind, e.source_actor_id, e.target_code, e.target_country,
                   e.target_kind, e.target_actor_id, e.reciprocal, e.date_value, e.date_precision, e.date_source,
                   'art-' || ((e.event_id + 7919 * k) % {articles}), e.sentence_index, 0, 90, 0.8, FALSE
            FROM events e, range(3) m(k) WHERE k < e.num_mentions;
            INSERT INTO actors SELECT DISTINCT source_actor_id, 'country', source_code, source_country, NULL, NULL FROM events;
        """)


def timed(label: str, call, repeat: int = 5) -> None:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(1000 * (time.perf_counter() - started))
    print(f"  {label:<48} {statistics.median(times):8.1f} ms   (min {min(times):.1f})")


def bench_queries(folder: Path, events: int) -> None:
    path = folder / "big.duckdb"
    started = time.perf_counter()
    fill(path, events)
    size = path.stat().st_size
    print(f"fill: {events} events in {time.perf_counter() - started:.1f} s, file {size / 1e6:.0f} MB")
    with Database(path) as db:
        deep = EventFilter(limit=100)
        for _ in range(50):
            deep = deep.model_copy(update={"cursor": db.events(deep).next_cursor})
        print(f"queries on {db.count_events()} events (median of 5):")
        timed("events(), first page of 100", lambda: db.events())
        timed("events(order=desc), newest 100", lambda: db.events(order="desc"))
        timed("events(), page 51 by cursor", lambda: db.events(deep))
        timed("events(dyad=AZE-TUR)", lambda: db.events(dyad="AZE-TUR"))
        timed(
            "events(country=TUR, root=05, since=2020-01-01)",
            lambda: db.events(country="TUR", root="05", since="2020-01-01"),
        )
        timed("events(code=19, quad=4, until=2016-12-31)", lambda: db.events(code="19", quad=4, until="2016-12-31"))
        timed("events(article_id=art-4242)", lambda: db.events(article_id="art-4242"))
        timed("events(actor_id=country:GEO, limit=1000)", lambda: db.events(actor_id="country:GEO", limit=1000))
        timed("events(text=pipeline, dyad=AZE-TUR)", lambda: db.events(text="pipeline", dyad="AZE-TUR"))
        timed("count_events(dyad=AZE-TUR)", lambda: db.count_events(dyad="AZE-TUR"))
        timed("event(123456) with provenance", lambda: db.event(min(123456, events)))
        timed("stats()", db.stats)
        timed("dyad_series(AZE, TUR, month)", lambda: db.dyad_series("AZE", "TUR", interval="month"))
        timed("dyad_series(TUR, None, day)", lambda: db.dyad_series("TUR", None, interval="day"))
        timed(
            "dyad_series(AZE, TUR, week, since 2020)",
            lambda: db.dyad_series("AZE", "TUR", interval="week", since="2020-01-01"),
        )
        timed("articles(limit=100)", lambda: db.articles())
        timed("actors(limit=100)", lambda: db.actors())
        timed("search('pipeline', limit=20)", lambda: db.search("pipeline"))
        started = time.perf_counter()
        written = export(db, "gdelt", folder / "export.tsv", EventFilter(country="TUR", since="2020-01-01"))
        seconds = time.perf_counter() - started
        print(
            f"export gdelt, country=TUR since 2020: {written} events in {seconds:.1f} s = {written / seconds:.0f} events/s"
        )
        started = time.perf_counter()
        written = export(db, "parquet", folder / "export.parquet", EventFilter(country="TUR", since="2020-01-01"))
        seconds = time.perf_counter() - started
        print(f"export parquet, same events: {written / seconds:.0f} events/s")


def bench_batched_writes(folder: Path, articles: int) -> None:
    """As ``accord ingest`` writes: ``STORE_BATCH`` articles per ``write_many``. The cost
    of a batch must not grow with what is stored, so the first and last tenth are
    printed apart."""
    from accord.engine.local import STORE_BATCH

    rng = random.Random(7)
    corpus = [invented_article(number, rng) for number in range(articles)]
    batches = [corpus[i : i + STORE_BATCH] for i in range(0, len(corpus), STORE_BATCH)]
    seconds = []
    with open_store(folder / "batched.duckdb") as store:
        for batch in batches:
            started = time.perf_counter()
            store.write_many(batch)
            seconds.append(time.perf_counter() - started)
    tenth = max(1, len(batches) // 10)

    def per_article(part: list[float]) -> float:
        return 1000 * sum(part) / (len(part) * STORE_BATCH)

    print(
        f"write_many, {STORE_BATCH} a batch: {articles / sum(seconds):.0f} articles/s; "
        f"{per_article(seconds[:tenth]):.2f} ms an article in the first tenth, {per_article(seconds[-tenth:]):.2f} in the last"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="write the databases here instead of a temporary folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        bench_writes(folder, args.articles)
        bench_batched_writes(folder, args.articles * 5)
        bench_queries(folder, args.events)


if __name__ == "__main__":
    main()
