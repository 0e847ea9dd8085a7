"""How fast the actor lexicons load and match. Prints figures; asserts nothing.

    python bench/lexicon_speed.py [--tokens 200000]

Load: every data file read and checked, in a fresh Lexicon (the first one also pays
for importing pycountry's tables). Match: ``longest_match`` over all three indexes at
every token of a long token list made from our own sentences, as the actor coder
calls it; then each index alone with ``find_all``.
"""

from __future__ import annotations

import argparse
import time

from accord.ontology.lexicon import Lexicon

# Our own sentences, already cut into tokens the way spaCy cuts them.
SENTENCES = [
    "Lt - Gen Rustamov , Chief of the General Staff of the Azerbaijani Army , met Türkiye 's National Defence Minister in Baku on Monday .",
    "The U.S. State Department and the Kremlin traded statements after NATO foreign ministers gathered in Brussels .",
    "Protesters marched past the parliament while police officers watched and journalists from Anadolu Agency filmed .",
    "The UN Security Council , the African Union and the OSCE Minsk Group called on the two countries to talk .",
    "Trade turnover between the two neighbours grew as businessmen from both sides met at a business forum .",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=200_000)
    args = parser.parse_args()

    for attempt in ("first", "second"):
        started = time.perf_counter()
        lexicon = Lexicon()
        lexicon.validate()
        print(f"load and validate ({attempt}): {1000 * (time.perf_counter() - started):.1f} ms")
    print(
        f"  {len(lexicon.country_index)} country forms, {len(lexicon.organisation_index)} organisation forms, "
        f"{len(lexicon.title_index)} title patterns"
    )

    words = [sentence.split() for sentence in SENTENCES]
    tokens: list[str] = []
    while len(tokens) < args.tokens:
        for sentence in words:
            tokens.extend(sentence)
    tokens = tokens[: args.tokens]

    started = time.perf_counter()
    matches = 0
    for i in range(len(tokens)):
        if lexicon.longest_match(tokens, i) is not None:
            matches += 1
    elapsed = time.perf_counter() - started
    print(f"longest_match, all lexicons, at every token: {len(tokens) / elapsed:,.0f} tokens/s ({matches:,} matches)")

    for name in ("country_index", "organisation_index", "title_index"):
        index = getattr(lexicon, name)
        started = time.perf_counter()
        found = index.find_all(tokens)
        elapsed = time.perf_counter() - started
        print(f"{name}.find_all: {len(tokens) / elapsed:,.0f} tokens/s ({len(found):,} matches)")


if __name__ == "__main__":
    main()
