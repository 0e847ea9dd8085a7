"""How fast the readers turn files into articles, per format. Prints figures; asserts nothing.

    python bench/read_speed.py [--articles 2000]

Writes a generated corpus (our own filler text) to a temporary folder: plain-text
files with headers, one JSON Lines file, HTML pages, one RSS feed, and one 50 MB
plain-text file; then times ``accord.read.read_paths`` on each, reading only (no
coding). The first pass over each format also pays for importing its library, so
each is timed on a second pass.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from accord.errors import InputError
from accord.read import read_paths

PARAGRAPH = (
    "The foreign ministers of two neighbouring countries met in the capital on Tuesday and agreed to "
    "reopen three border crossings, the ministry said in a statement on Wednesday.\n\n"
)


def write_corpus(folder: Path, articles: int) -> dict[str, Path]:
    body = PARAGRAPH * 6
    text_dir = folder / "text"
    html_dir = folder / "html"
    text_dir.mkdir()
    html_dir.mkdir()
    for number in range(articles):
        (text_dir / f"story-{number}.txt").write_text(
            f" date 2022-03-{number % 28 + 1:02d} By Bench Wire\n\n\nBy Test Writer\n\n{body}", encoding="utf-8"
        )
        paragraphs = "".join(f"<p>{paragraph.strip()}</p>" for paragraph in body.split("\n\n") if paragraph)
        (html_dir / f"page-{number}.html").write_text(
            f"<!DOCTYPE html><html><head><title>Story {number}</title>"
            f'<meta property="article:published_time" content="2022-03-04"></head>'
            f"<body><nav><a href='/'>Home</a></nav><article><h1>Story {number}</h1>{paragraphs}</article>"
            f"<footer>Bench Wire</footer></body></html>",
            encoding="utf-8",
        )
    jsonl = folder / "articles.jsonl"
    with jsonl.open("w", encoding="utf-8") as stream:
        for number in range(articles):
            stream.write(json.dumps({"id": f"j{number}", "text": body, "published": "2022-03-04"}) + "\n")
    rss = folder / "feed.rss"
    items = "".join(
        f"<item><title>Story {number}</title><link>https://bench.example/{number}</link>"
        f"<pubDate>Fri, 04 Mar 2022 10:00:00 +0000</pubDate>"
        f"<description><![CDATA[{''.join(f'<p>{p.strip()}</p>' for p in body.split(chr(10) * 2) if p)}]]></description>"
        f"</item>"
        for number in range(articles)
    )
    rss.write_text(f"<rss version='2.0'><channel><title>Bench Wire</title>{items}</channel></rss>", encoding="utf-8")
    big = folder / "big.txt"
    big.write_text("Published: 2022-03-04\n\n" + PARAGRAPH * (50 * 1024 * 1024 // len(PARAGRAPH)), encoding="utf-8")
    return {"text files": text_dir, "jsonl": jsonl, "html pages": html_dir, "rss feed": rss, "50 MB text": big}


def size_of(path: Path) -> int:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file()) if path.is_dir() else path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles per format (default 2000)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        corpus = write_corpus(Path(temporary), arguments.articles)
        print(f"{'format':<12} {'articles':>9} {'errors':>7} {'seconds':>8} {'articles/s':>11} {'MB/s':>8}")
        for name, path in corpus.items():
            for _ in range(2):  # the second pass is the one reported
                started = time.perf_counter()
                results = list(read_paths([path]))
                seconds = time.perf_counter() - started
            errors = sum(isinstance(result, InputError) for result in results)
            megabytes = size_of(path) / 1e6
            print(
                f"{name:<12} {len(results) - errors:>9} {errors:>7} {seconds:>8.2f} "
                f"{(len(results) - errors) / seconds:>11.0f} {megabytes / seconds:>8.1f}"
            )


if __name__ == "__main__":
    main()
