"""What reading figures costs: the quantity parser per sentence, and the figure
component per article. Prints figures; asserts nothing.

    python bench/figures_speed.py [--articles 100] [--sentences 20000]

Quantity parser: ``find_quantities`` over sentences of the invented benchmark corpus
(bench/corpus_gen.py), figures or not. Component: ``FigureComponent`` on the same
articles, parsed and run through the actor and date components beforehand (their
cost is not counted), with the number of facts it finds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--sentences", type=int, default=20_000)
    args = parser.parse_args()

    from accord.coder.figures import FigureComponent
    from accord.coder.pipeline import Pipeline
    from accord.coder.quantities import find_quantities, quantity_vocabulary
    from accord.coder.work import Work
    from accord.records import Article

    records = list(generate(args.articles, seed=7))
    articles = [
        Article(article_id=r["id"], text=r["text"], published=date.fromisoformat(r["published"]) if r.get("published") else None)
        for r in records
    ]

    started = time.perf_counter()
    quantity_vocabulary()
    print(f"quantity vocabulary loaded in {1000 * (time.perf_counter() - started):.1f} ms")

    sentences = [s.strip() for a in articles for s in a.text.replace("\n", " ").split(". ") if s.strip()]
    sentences = (sentences * (args.sentences // max(1, len(sentences)) + 1))[: args.sentences]
    started = time.perf_counter()
    found = sum(len(find_quantities(s)) for s in sentences)
    seconds = time.perf_counter() - started
    print(f"find_quantities: {1e6 * seconds / len(sentences):.1f} µs per sentence over {len(sentences)} sentences ({found} quantities)")

    started = time.perf_counter()
    component = FigureComponent()
    print(f"FigureComponent built in {1000 * (time.perf_counter() - started):.1f} ms")

    before = Pipeline(components=("accord.actors.v1", "accord.dates.v1"))
    works = []
    for article, parsed in before.parser.parse_many(articles):
        work = Work(article=article, doc=parsed.doc, sentences=parsed.sentences)
        for step in before.components:
            step(work)
        works.append(work)

    times = []
    facts = 0
    for work in works:
        started = time.perf_counter()
        component(work)
        times.append(time.perf_counter() - started)
        facts += len(work.facts)
    words = sum(len(w.article.text.split()) for w in works)
    print(
        f"FigureComponent: {1000 * statistics.mean(times):.2f} ms per article (median {1000 * statistics.median(times):.2f}, "
        f"max {1000 * max(times):.2f}) over {len(works)} articles of {words / len(works):.0f} words; "
        f"{facts / len(works):.1f} facts per article"
    )


if __name__ == "__main__":
    main()
