"""How fast Accord codes a corpus on this machine, against the spaCy parse alone.
Prints figures; asserts nothing.

    python bench/throughput.py --articles 1000 [--workers N] [--seed 1] [--repeat 1] [--engine local|dask] [--compare]

Generates its own corpus (``bench/corpus_gen.py``: invented wire copy, 250-800 words an
article, seeded) as one JSON Lines file, then runs, each as a command of its own and
timed from its start to its end (imports, model loading and worker start-up included):

(a) the spaCy parse alone: the model's whole pipeline, as spaCy loads it, over the
    article texts with ``nlp.pipe(n_process=N)``, the fastest way spaCy itself offers,
    and the floor that coding would reach if it used spaCy as it comes;
(a') Accord's parse alone: the same, with the model as Accord loads it
    (``accord.parse.nlp.load_model``) in a process set up as the ``accord`` command
    sets up its own. It finds the attribute ruler's matches by table lookup
    (``accord.parse.ruler_index``) and multiplies with numpy's OpenBLAS on one thread
    (``accord.parse.blas``): the same annotations, about 8 ms an article less, so this
    parse is faster than (a);
(b) the full ``accord ingest FILE --workers N`` into a new database: reading, skipping
    stored texts, the parse, every component, and the store's transactions
    (``--store-batch`` articles each).

All use the same N processes (default: every core). With ``--repeat R`` they run in R
rounds, (a), (a') and (b) once a round, and the fastest run of each is reported. It
prints one line for each with articles/s, sentences/s, words/s and peak RSS (the sum
over the command's processes, sampled every 0.1 s), then ``ratio: X``, the full
pipeline's throughput divided by that of (a), followed by the same ratio of the CPU
times and the ratio against (a'), which is what the coding beyond Accord's own parse
costs. Words are whitespace-separated; sentences are the parse's. Each line ends with
the wall time and the CPU time the command used: when other work shares the machine,
the wall times (and the ratio) move with it, and the CPU times show the cost.

``--compare`` adds, before the ratio: the other way to use the cores (the parse in
spaCy's ``n_process`` workers, the components and the store in the main process), one
process alone, and what an article costs in each stage in one process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from corpus_gen import write_jsonl  # noqa: E402  (a sibling script, not a package)


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system, over the command and every process it waited for
    peak_rss: int  # bytes, summed over the process tree
    output: str


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:  # it ended between the listing and the reading
            pass
    return total


def timed(command: list[str]) -> Run:
    """Run a command to its end; its wall and CPU time and the peak of its processes' summed RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(child.pid)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                peak = max(peak, _tree_rss(watched))
            except psutil.Error:
                return
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = child.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{err[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Run(seconds, cpu, peak, out)


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from accord.parse.nlp import DEFAULT_MODEL

    model = os.environ.get("ACCORD_MODEL") or DEFAULT_MODEL
    try:
        model_version = version(model.replace("_", "-"))
    except PackageNotFoundError:
        model_version = "?"
    return f"spaCy {version('spacy')}, {model} {model_version}, thinc {version('thinc')}"


def line(label: str, articles: int, sentences: int, words: int, run: Run) -> str:
    s = run.seconds
    return (
        f"{label}: {articles / s:,.2f} articles/s, {sentences / s:,.1f} sentences/s, {words / s:,.0f} words/s, "
        f"peak RSS {run.peak_rss / 2**20:,.0f} MB ({articles} articles in {s:.1f} s, CPU {run.cpu_seconds:.1f} s)"
    )


def stored_counts(db: Path) -> tuple[int, int]:
    from accord.store import open_store

    with open_store(db, read_only=True) as store:
        (articles,), = store.backend.query("SELECT count(*) FROM articles")
        (sentences,), = store.backend.query("SELECT count(*) FROM sentences")
    return articles, sentences


# -- the commands this script runs as children ------------------------------------------


def _as_accord_runs() -> None:
    """Set this process up as the ``accord`` command sets up its own: one BLAS thread,
    so that the model multiplies with numpy's OpenBLAS (``accord.parse.blas``)."""
    from accord.parse.blas import limit_to_one_thread

    limit_to_one_thread()


def parse_only(corpus: Path, workers: int, as_spacy_loads_it: bool) -> None:
    """(a) or (a'): the spaCy pipeline over every text; prints the counts as JSON."""
    from accord.parse.nlp import DEFAULT_MODEL, load_model, sentences_of

    if as_spacy_loads_it:
        import spacy

        nlp = spacy.load(os.environ.get("ACCORD_MODEL") or DEFAULT_MODEL)
    else:
        _as_accord_runs()
        nlp = load_model()
    with corpus.open(encoding="utf-8") as lines:
        texts = (json.loads(text)["text"] for text in lines)
        articles = sentences = 0
        for doc in nlp.pipe(texts, batch_size=8, n_process=workers):
            articles += 1
            sentences += len(sentences_of(doc))
    print(json.dumps({"articles": articles, "sentences": sentences}))


def spacy_workers_ingest(corpus: Path, db: Path, workers: int) -> None:
    """--compare: the parse in spaCy's workers, components and store in this process."""
    from accord.coder.pipeline import Pipeline
    from accord.engine.local import IngestSummary, store_results
    from accord.errors import InputError
    from accord.read import read_paths
    from accord.store import open_store

    _as_accord_runs()
    pipeline = Pipeline()
    summary = IngestSummary()
    articles = (item for item in read_paths([corpus]) if not isinstance(item, InputError))
    with open_store(db) as store:
        parsed = pipeline.parser.parse_many(articles, batch_size=8, n_process=workers)
        coded = (pipeline.run_components(article, result) for article, result in parsed)
        store_results(coded, store, summary)
    print(json.dumps({"stored": summary.stored}))


def stage_costs(corpus: Path, sample: int) -> None:
    """--compare: milliseconds an article spends in each stage, in one process."""
    from accord.coder.pipeline import Pipeline
    from accord.errors import InputError
    from accord.read import read_paths
    from accord.store import open_store

    _as_accord_runs()
    pipeline = Pipeline()
    articles = [item for item in read_paths([corpus]) if not isinstance(item, InputError)][:sample]
    list(pipeline.code_many(articles[:4]))  # first use builds lazy tables: not a per-article cost
    started = time.process_time()
    parsed = list(pipeline.parser.parse_many(articles, batch_size=8))
    parse = time.process_time() - started
    started = time.process_time()
    coded = [pipeline.run_components(article, result) for article, result in parsed]
    components = time.process_time() - started
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "stages.duckdb") as store:
        store.write(coded[0])  # the first write pays for imports
        started = time.process_time()
        for result in coded[1:]:
            store.write(result)
        writing = (time.process_time() - started) * len(coded) / (len(coded) - 1)
    n = len(articles)
    print(
        f"per article in one process (CPU, {n} articles): parse {parse / n * 1000:.0f} ms, "
        f"components {components / n * 1000:.0f} ms, store write {writing / n * 1000:.0f} ms"
    )


# -- the benchmark ------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="rounds of (a), (a') and (b); the fastest of each is kept")
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--compare", action="store_true", help="also the other strategies and a per-stage cost")
    parser.add_argument("--keep", type=Path, help="keep the corpus and databases in this folder")
    # Internal: the children this script starts.
    parser.add_argument("--parse-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--as-spacy-loads-it", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--spacy-workers-ingest", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stage-costs", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.parse_only:
        return parse_only(args.parse_only, args.workers, args.as_spacy_loads_it)
    if args.spacy_workers_ingest:
        return spacy_workers_ingest(*args.spacy_workers_ingest, args.workers)
    if args.stage_costs:
        return stage_costs(args.stage_costs, min(args.articles, 100))

    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        corpus = write_jsonl(folder / "corpus.jsonl", args.articles, args.seed)
        with corpus.open(encoding="utf-8") as lines:
            words = sum(len(json.loads(text)["text"].split()) for text in lines)
        me = [sys.executable, str(Path(__file__).resolve()), "--workers", str(args.workers)]
        accord = [shutil.which("accord") or str(Path(sys.executable).parent / "accord")]

        db = folder / "ingest.duckdb"
        engine = ["--engine", args.engine] if args.engine == "dask" else []
        commands = {
            "parse": [*me, "--parse-only", str(corpus), "--as-spacy-loads-it"],
            "own parse": [*me, "--parse-only", str(corpus)],
            "full": [*accord, "ingest", str(corpus), "--db", str(db), "--workers", str(args.workers), *engine],
        }
        # In rounds, each command once a round, the fastest run of each kept: a slow
        # spell of the machine then slows one run, not one side of the ratio.
        best: dict[str, Run] = {}
        for _ in range(args.repeat):
            for name, command in commands.items():
                if name == "full":
                    db.unlink(missing_ok=True)
                run = timed(command)
                if name not in best or run.seconds < best[name].seconds:
                    best[name] = run
        parse, own_parse, full = best["parse"], best["own parse"], best["full"]
        counts = json.loads(parse.output)
        # The parse's speed depends on the spaCy build as much as on the model: 3.8.18
        # parsed twice as slowly as 3.8.6 (requirements/base.txt). Say which one ran.
        print(f"{args.articles} articles, {words:,} words; {_versions()}", flush=True)
        label = f"(a) spaCy parse alone, nlp.pipe n_process={args.workers}"
        print(line(label, counts["articles"], counts["sentences"], words, parse), flush=True)
        counts = json.loads(own_parse.output)
        label = f"(a') Accord's parse alone, nlp.pipe n_process={args.workers}"
        print(line(label, counts["articles"], counts["sentences"], words, own_parse), flush=True)
        stored, stored_sentences = stored_counts(db)
        label = f"(b) full accord ingest --workers {args.workers}" + (" --engine dask" if engine else "")
        print(line(label, stored, stored_sentences, words, full), flush=True)

        if args.compare:
            db_spacy = folder / "spacy-workers.duckdb"
            alternative = timed([*me, "--spacy-workers-ingest", str(corpus), str(db_spacy)])
            label = f"(c) parse in spaCy n_process={args.workers}, components and store in the main process"
            print(line(label, *stored_counts(db_spacy), words, alternative), flush=True)
            db_single = folder / "one.duckdb"
            single = timed([*accord, "ingest", str(corpus), "--db", str(db_single), "--workers", "1"])
            print(line("(d) full accord ingest --workers 1", *stored_counts(db_single), words, single), flush=True)
            stages = timed([*me, "--stage-costs", str(corpus), "--articles", str(args.articles)])
            print(stages.output.strip(), flush=True)

        # Same corpus, same words: the throughput ratio is the ratio of the times. The CPU
        # ratio is what the wall ratio would be on a machine doing nothing else.
        print(
            f"ratio: {parse.seconds / full.seconds:.2f} (by CPU time: {parse.cpu_seconds / full.cpu_seconds:.2f}; "
            f"against (a'): {own_parse.seconds / full.seconds:.2f}, by CPU time "
            f"{own_parse.cpu_seconds / full.cpu_seconds:.2f})"
        )


if __name__ == "__main__":
    main()
