"""What one long or hostile article costs the coder, with the bounds of accord.parse.
Prints figures; asserts nothing.

    python bench/coder_limits.py [--raw]

Each text is coded alone by the default Pipeline (parse and every component); the
time and the process's peak memory so far are printed. Texts: prose made of the
team's test articles at growing lengths (a 10 MB one is cut at MAX_CHARS), and
100,000-character runs of junk. ``--raw`` also times spaCy's own tokenizer (without
accord.parse.limits) on runs of brackets, to show the quadratic cost it avoids.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from pathlib import Path

from accord.coder.pipeline import Pipeline
from accord.parse.limits import MAX_TOKENS
from accord.parse.nlp import MAX_CHARS
from accord.records import Article

ARTICLES = Path(__file__).resolve().parents[1] / "tests" / "data" / "articles"


def prose(length: int) -> str:
    text = "\n\n".join(path.read_text(encoding="utf-8").split("\n\n", 2)[-1] for path in sorted(ARTICLES.glob("*.txt")))
    return ((text + "\n\n") * (length // len(text) + 1))[:length]


def peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", action="store_true", help="also time spaCy's own tokenizer on runs of brackets")
    args = parser.parse_args()
    pipeline = Pipeline()
    rng = random.Random(1)
    cases = {
        "prose, 10,000 characters": prose(10_000),
        "prose, 50,000 characters": prose(50_000),
        f"prose, {MAX_CHARS:,} characters (MAX_CHARS)": prose(MAX_CHARS),
        "prose, 10 MB (cut at MAX_CHARS)": prose(10_000_000),
        "100,000 characters, no full stop": ("Turkey met Azerbaijan and Russia criticised Georgia " * 2000)[:100_000],
        "100,000 brackets '('": "(" * 100_000,
        "100,000 of '!?'": "!?" * 50_000,
        "100,000 random characters": "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(100_000)),
        "100,000 characters in one word": "a" * 100_000,
    }
    print(f"MAX_CHARS {MAX_CHARS:,}, MAX_TOKENS {MAX_TOKENS:,}")
    pipeline.code(Article(article_id="warm-up", text=prose(2_000)))
    for label, text in cases.items():
        started = time.perf_counter()
        result = pipeline.code(Article(article_id="bench", text=text))
        seconds = time.perf_counter() - started
        outcome = f"{len(result.events)} events" if hasattr(result, "events") else str(result)
        print(f"  {label:<45} {seconds:6.1f} s   peak {peak_mb():5d} MB   {outcome}")
    if args.raw:
        spacy_tokenizer = pipeline.parser.nlp.tokenizer.tokenizer
        print("spaCy's own tokenizer on a run of brackets (quadratic):")
        for length in (2_000, 4_000, 8_000):
            started = time.perf_counter()
            spacy_tokenizer("(" * length)
            print(f"  {length:>6} brackets  {time.perf_counter() - started:6.2f} s")


if __name__ == "__main__":
    main()
