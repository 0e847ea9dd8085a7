"""A bounded load test of `accord serve` on loopback. Prints figures; exits non-zero on
any error.

    python bench/api_load.py [--requests 2000] [--concurrency 8] [--max-seconds 300]
                             [--db FILE] [--with-writes 20] [--seed 7]

1. The database: ``--db`` if given (e.g. the million-event one bench/dashboard_latency.py
   builds), else the invented sample corpus that ships with Accord, coded by the real
   pipeline into a temporary DuckDB file (as ``accord ingest --sample`` does).
2. Starts ``accord serve`` on it in a subprocess on 127.0.0.1, as an operator would,
   and reads a few real ids from it (events, dyads, articles, actors).
3. Sends exactly ``--requests`` GET requests from ``--concurrency`` clients at once
   (threads, each with its own keep-alive connection), in a fixed, seeded order over a
   mix of endpoints: event lists with filters, one event, a dyad's series, stats,
   figures, search, an article, an actor, the dyad page and the overview page.
   ``--with-writes N`` also starts the server with a write token and, while the reads
   run, POSTs N articles one after another (sample texts made new, so each is coded),
   to show what reads cost while the coder works.
4. Prints requests, errors, wall time, requests/s and p50/p95 latency per endpoint and
   overall. Any answer but 200 (or a transport error), or a run longer than
   ``--max-seconds``, is an error: the script then exits with status 1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import httpx

STARTUP_SECONDS = 180


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sample_corpus() -> Path:
    return Path(str(resources.files("accord.sample").joinpath("invented-corpus.jsonl")))


def build(path: Path) -> None:
    from accord.engine.local import ingest
    from accord.store import open_store

    started = time.perf_counter()
    with open_store(path) as store:
        summary = ingest([str(sample_corpus())], store)
    if not summary.ok:
        raise SystemExit("the sample corpus did not ingest: " + "; ".join(map(str, summary.failed)))
    print(f"built {path.name}: {summary.line()} (with model loading: {time.perf_counter() - started:.1f} s)")


def start_server(path: Path, token: str | None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-c", "from accord.cli.main import run; run()", "serve", "--db", str(path), "--port", str(port)]
    environment = {key: value for key, value in os.environ.items() if key != "ACCORD_WRITE_TOKENS"}
    if token:
        environment["ACCORD_WRITE_TOKENS"] = token  # never on the command line
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            httpx.get(f"{base}/api/cameo", params={"roots": "true"}, timeout=2)
            return server, base
        except httpx.TransportError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise SystemExit("accord serve did not start") from None
            time.sleep(0.2)


# -- the request mix --------------------------------------------------------------------------


def request_mix(base: str, rng: random.Random) -> dict[str, list[tuple[str, dict[str, str]]]]:
    """For each endpoint, the concrete requests to choose from, with ids read from the server."""
    with httpx.Client(base_url=base, timeout=60) as client:
        events = client.get("/api/events", params={"limit": "500", "order": "desc"}).json()["events"]
        dyads = [d["dyad"] for d in client.get("/api/dyads", params={"limit": "50"}).json()["dyads"]]
        articles = [a["article_id"] for a in client.get("/api/articles", params={"limit": "200"}).json()["articles"]]
        actors = [a["actor_id"] for a in client.get("/api/actors", params={"limit": "100", "kind": "person"}).json()["actors"]]
    if not (events and dyads and articles and actors):
        raise SystemExit("the database holds too little to load (events, dyads, articles and people are needed)")
    roots = sorted({event["root"] for event in events})
    words = ["minister", "talks", "agreement", "border", "trade", "president"]
    countries = sorted({part for dyad in dyads for part in dyad.split("-")})
    return {
        "events?dyad": [("/api/events", {"dyad": dyad, "limit": "50", "order": "desc", "sentences": "true"}) for dyad in dyads],
        "events?filters": [
            ("/api/events", {"country": rng.choice(countries), "root": rng.choice(roots), "since": "2015-01-01", "limit": "100"})
            for _ in range(40)
        ],
        "events/count": [("/api/events/count", {"dyad": dyad}) for dyad in dyads],
        "events/{id}": [(f"/api/events/{event['event_id']}", {}) for event in events],
        "dyads/{d}/series": [(f"/api/dyads/{dyad}/series", {"interval": "month"}) for dyad in dyads],
        "stats": [("/api/stats", {})],
        "facts": [("/api/facts", {"limit": "100"}), *(("/api/facts", {"countries": dyad.replace("-", ",")}) for dyad in dyads[:10])],
        "search": [("/api/search", {"q": word, "limit": "20"}) for word in words],
        "articles/{id}": [(f"/api/articles/{article}", {}) for article in articles],
        "actors/{id}": [(f"/api/actors/{actor}", {"limit": "20"}) for actor in actors],
        "page /dyad": [(f"/dyad/{dyad}", {}) for dyad in dyads],
        "page /": [("/", {})],
    }


# Relative frequency of each endpoint in the load: the dashboard's own pattern, roughly.
WEIGHTS = {
    "events?dyad": 4, "events?filters": 3, "events/count": 2, "events/{id}": 3, "dyads/{d}/series": 3, "stats": 1,
    "facts": 1, "search": 1, "articles/{id}": 1, "actors/{id}": 1, "page /dyad": 1, "page /": 1,
}  # fmt: skip


def schedule(mix: dict[str, list], total: int, rng: random.Random) -> list[tuple[str, str, dict[str, str]]]:
    names = list(WEIGHTS)
    chosen = rng.choices(names, weights=[WEIGHTS[name] for name in names], k=total)
    return [(name, *rng.choice(mix[name])) for name in chosen]


# -- the load -----------------------------------------------------------------------------------


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, name: str, milliseconds: float | None, error: str | None) -> None:
        """One request's time (None: it was never sent) and its error, if any."""
        with self.lock:
            if milliseconds is not None:
                self.latencies[name].append(milliseconds)
            if error:
                self.errors[name].append(error)


def run_load(base: str, plan: list, concurrency: int, deadline: float, results: Results) -> None:
    position = iter(range(len(plan)))
    take = threading.Lock()

    def client_loop() -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            while True:
                with take:
                    index = next(position, None)
                if index is None:
                    return
                name, path, params = plan[index]
                if time.monotonic() > deadline:
                    results.record(name, None, "not sent: past --max-seconds")
                    continue
                started = time.perf_counter()
                error = None
                try:
                    response = client.get(path, params=params)
                    if response.status_code != 200:
                        error = f"{response.status_code} {path}: {response.text[:200]}"
                except httpx.HTTPError as exc:
                    error = f"{type(exc).__name__} {path}: {exc}"
                results.record(name, (time.perf_counter() - started) * 1000, error)

    threads = [threading.Thread(target=client_loop) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def write_load(base: str, token: str, count: int, stop: threading.Event, results: Results) -> None:
    """POST ``count`` articles one at a time while the reads run: sample texts with a
    numbered sentence added, so each is new and goes through the coder."""
    keys = ("id", "text", "published", "outlet", "title", "url")
    lines = [json.loads(line) for line in sample_corpus().read_text(encoding="utf-8").splitlines() if line.strip()]
    with httpx.Client(base_url=base, timeout=300, headers={"Authorization": f"Bearer {token}"}) as client:
        for number in range(count):
            if stop.is_set():
                return
            source = lines[number % len(lines)]
            article = {key: source[key] for key in keys if key in source}
            article["id"] = f"load-{number}"
            article["text"] += f"\n\nThis is load-test copy number {number}."
            started = time.perf_counter()
            error = None
            try:
                response = client.post("/api/articles", json=article)
                if response.status_code != 200 or response.json()["stored"] != 1:
                    error = f"{response.status_code}: {response.text[:200]}"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"
            results.record("POST /api/articles", (time.perf_counter() - started) * 1000, error)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(results: Results, seconds: float) -> int:
    print(f"\n  {'endpoint':<20} {'answered':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8}")
    every: list[float] = []
    for name in [*WEIGHTS, "POST /api/articles"]:
        values = results.latencies.get(name, [])
        failed = len(results.errors.get(name, []))
        if not values and not failed:
            continue
        if name != "POST /api/articles":
            every += values
        times = f"{statistics.median(values):8.1f} {percentile(values, 0.95):8.1f}" if values else f"{'-':>8} {'-':>8}"
        print(f"  {name:<20} {len(values):8d} {failed:6d} {times}")
    errors = sum(len(found) for found in results.errors.values())
    if every:
        print(f"  {'all reads':<20} {len(every):8d} {sum(len(results.errors.get(n, [])) for n in WEIGHTS):6d} "
              f"{statistics.median(every):8.1f} {percentile(every, 0.95):8.1f}")  # fmt: skip
    print(f"\nrequests: {len(every)} reads answered in {seconds:.2f} s = {len(every) / seconds:.0f} requests/s; errors: {errors}")
    for name, found in results.errors.items():
        for error in found[:3]:
            print(f"  error ({name}): {error}")
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="GET requests to send in all")
    parser.add_argument("--concurrency", type=int, default=8, help="clients sending at once")
    parser.add_argument("--max-seconds", type=float, default=300, help="the load must finish within this")
    parser.add_argument("--db", type=Path, help="serve this database instead of building one from the sample corpus")
    parser.add_argument("--with-writes", type=int, default=0, metavar="N", help="also POST N articles during the reads")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        path = args.db
        if path is None:
            path = Path(folder) / "sample.duckdb"
            build(path)
        token = secrets.token_hex(32) if args.with_writes else None
        server, base = start_server(path, token)
        try:
            plan = schedule(request_mix(base, rng), args.requests, rng)
            with httpx.Client(base_url=base, timeout=60) as client:
                total_events = client.get("/api/events/count").json()["count"]
            writes = f", {args.with_writes} POSTs of new articles alongside" if token else ""
            print(f"\naccord serve on {base} over {path.name} ({total_events:,} events); "
                  f"{args.requests} GETs from {args.concurrency} clients{writes}; limit {args.max_seconds:g} s")  # fmt: skip
            results = Results()
            stop = threading.Event()
            writer = None
            if token:
                writer = threading.Thread(target=write_load, args=(base, token, args.with_writes, stop, results))
                writer.start()
            started = time.perf_counter()
            run_load(base, plan, args.concurrency, time.monotonic() + args.max_seconds, results)
            seconds = time.perf_counter() - started
            if writer is not None:
                writer.join(timeout=max(1.0, args.max_seconds - seconds))
                stop.set()
                writer.join()
                done = len(results.latencies.get("POST /api/articles", []))
                if done < args.with_writes:
                    results.errors["POST /api/articles"].append(f"only {done} of {args.with_writes} writes within --max-seconds")
        finally:
            server.terminate()
            server.wait(timeout=60)
    errors = report(results, seconds)
    raise SystemExit(1 if errors else 0)


if __name__ == "__main__":
    main()
