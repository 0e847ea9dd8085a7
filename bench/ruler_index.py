"""What the attribute ruler's lookup index saves. Prints figures; asserts nothing.

    python bench/ruler_index.py [--articles 200] [--seed 1]

Parses the bench corpus (``bench/corpus_gen.py``) up to the attribute ruler, then finds
the ruler's matches in every article with spaCy's Matcher and with
``accord.parse.ruler_index`` (once with an empty table, once warm), and prints
milliseconds an article for each and whether the matches are the same.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import write_jsonl  # noqa: E402  (a sibling script, not a package)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from spacy.pipeline import AttributeRuler

    from accord.parse.nlp import load_model
    from accord.parse.ruler_index import IndexedRulerMatches

    with tempfile.TemporaryDirectory() as folder:
        corpus = write_jsonl(Path(folder) / "corpus.jsonl", args.articles, args.seed)
        with corpus.open(encoding="utf-8") as lines:
            texts = [json.loads(line)["text"] for line in lines]
    nlp = load_model()
    names = nlp.pipe_names
    with nlp.select_pipes(disable=names[names.index("attribute_ruler") :]):
        docs = list(nlp.pipe(texts, batch_size=8))
    ruler = nlp.get_pipe("attribute_ruler")
    indexed = IndexedRulerMatches.build(ruler)
    if indexed is None:
        raise SystemExit("this model's attribute ruler has rules the index does not take")

    def per_article(match) -> tuple[float, list]:
        started = time.process_time()
        found = [match(doc) for doc in docs]
        return (time.process_time() - started) / len(docs) * 1000, found

    spacy_ms, expected = per_article(lambda doc: AttributeRuler.match(ruler, doc))
    cold_ms, _ = per_article(indexed)
    warm_ms, found = per_article(indexed)
    print(f"{len(docs)} articles, {len(ruler.attrs)} rules, {sum(map(len, expected)) / len(docs):.0f} matches an article")
    print(f"spaCy Matcher: {spacy_ms:.2f} ms an article")
    print(f"lookup index: {cold_ms:.2f} ms an article from an empty table, {warm_ms:.2f} ms warm")
    print(f"same matches: {'yes' if found == expected else 'NO'}")


if __name__ == "__main__":
    main()
