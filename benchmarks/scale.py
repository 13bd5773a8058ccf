"""Throughput and peak memory of the whole pipeline per stage, on each store and executor (issue 20).

    python benchmarks/scale.py [--articles 2000] [--similarity lexical] [--postgres URL] [--configs ...]
    python benchmarks/scale.py --articles 100000 --configs sqlite --ingest-only   # ingest's memory at 100k
    python benchmarks/scale.py --configs dask2 --postgres URL --resume SCHEMA   # finish a stopped run
    python benchmarks/scale.py --articles 100000 --configs sqlite --sqlite-db /var/tmp/scale.db   # kept, resumable
    python benchmarks/scale.py --configs sqlite --resume /var/tmp/scale.db   # finish a stopped SQLite run

The archive: every distinct real article text in ../shared/data (ECB+, BASIL, PolNeAR, NeuS outlet stories;
about 2,700), each with its outlet, title and day where the data set has them (ECB+ texts get an outlet and a
day per gold event, so its events stay stories). About 70% of ``--articles`` are distinct texts; the rest are
copies of them as the archive holds them: wire reprints (another outlet, a day or two later, the end cut, a
credit line) and rewrites (sentences dropped, words changed, another title), so that reprint groups and
multi-outlet stories form. A larger archive repeats the texts more. It is written as JSONL files and read by
``rashomon.run_pipeline`` like any input: ingest → annotate → cluster → compare, from an empty store.

Configurations, each in a process of its own (so that its peak memory is its own): ``sqlite`` (one process),
``postgres`` (one process), ``dask1`` and ``dask2`` (PostgreSQL and a Dask ``LocalCluster`` of 1 or 2 worker
processes with one thread each). The spaCy pipeline is loaded before timing, in the process or on each
worker, so that annotation rates are steady-state. Reported per stage: articles per second and peak RSS (MB) of
the calling process and of the largest worker (sampled every 0.2 s from /proc), the CPU time per article of the
calling process (which stores; with ``dask*`` it also hosts the LocalCluster's scheduler) and of the workers, how
busy the workers were (their CPU time over the stage's wall time, per worker: "on CPU"; and the share of the
stage they spent running a task, from the scheduler's task stream: "in a task", which a machine shared with
other work does not lower), the CPU time per article of the PostgreSQL server, how many cores the
machine's other processes used meanwhile (on a shared machine, the noise), the load average, the library
threads each worker runs (torch, OpenMP/BLAS pools), the 2-worker / 1-worker annotation ratio, and what 10k and
100k articles would take at the measured per-article costs. ``--library-threads N`` starts the Dask workers with
OMP/MKL/OpenBLAS at N threads (0: the libraries' own default) instead of Dask's default of 1, to see whether it
matters.
PostgreSQL rows need ``--postgres`` (or $RASHOMON_BENCH_POSTGRES, or $RASHOMON_TEST_POSTGRES) naming a database
the benchmark may make schemas in; they are skipped when it is absent or unreachable, and everything is
skipped when ../shared/data is absent.

``--resume SCHEMA`` finishes a PostgreSQL run that was stopped (a 100k run takes hours): the configuration runs
the pipeline with no inputs on the schema the stopped run left (named in its first line), which annotates only
the articles not yet annotated (those of the stopped run are skipped before any work), then clusters and
compares. The annotate row counts only this run's articles, so its rate is the same measure; ingest has no row.
The schema is kept afterwards (drop it by hand). The SQLite row is resumed the same way when its store was kept:
``--sqlite-db PATH`` puts it at PATH (a new file) instead of a temporary folder, and ``--resume PATH`` finishes it.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import print_table, shared_data
from stories import basil_docs, ecbplus_docs

CONFIGS = ("sqlite", "postgres", "dask1", "dask2")
STAGES = ("ingest", "annotate", "cluster", "compare")
# Share of the archive that is distinct texts (the rest: reprints and rewrites of them), while the pool lasts.
DISTINCT_SHARE = 0.7
ARTICLES_PER_FILE = 250
SAMPLE_SECONDS = 0.2
OUTLETS = ("Reuters", "Associated Press", "BBC News", "The Guardian", "Al Jazeera", "Deutsche Welle",
           "The Independent", "NPR", "CBS News", "The Hill", "Axios", "Politico", "Bloomberg", "Sky News",
           "The Times of India", "ABC News", "CNN", "France 24", "Euronews", "The Irish Times")
BASIL_OUTLETS = {"fox": "Fox News", "nyt": "The New York Times", "hpo": "HuffPost"}
POLNEAR_OUTLETS = {"breitbart": "Breitbart", "huff-post": "HuffPost", "nyt": "The New York Times",
                   "politico": "Politico", "usa-today": "USA Today", "wash-post": "The Washington Post",
                   "west-journal": "The Western Journal"}
REWORDS = (("said", "told reporters"), ("announced", "said"), ("on Monday", "on Monday morning"),
           ("however", "but"), ("according to", "citing"), ("people", "residents"), ("officials", "authorities"))


@dataclass(frozen=True)
class Text:
    """One distinct real article of the pool."""

    text: str
    title: str | None
    outlet: str
    day: date


# -- the archive --------------------------------------------------------------------------------------------------

def pool(rng: random.Random) -> list[Text]:
    """Every distinct real article text under ../shared/data, with its outlet and day (made up where absent)."""
    found: list[Text] = []
    root = shared_data("clustering", "ecbplus")
    if root:
        event_day: dict[str, date] = {}
        for doc in ecbplus_docs(root):
            day = event_day.setdefault(doc.gold, random_day(rng))
            found.append(Text(doc.text, None, rng.choice(OUTLETS), day + timedelta(days=rng.randrange(2))))
    root = shared_data("clustering", "basil")
    if root:
        for doc in basil_docs(root):
            outlet = next((name for key, name in BASIL_OUTLETS.items() if key in doc.id.lower()), rng.choice(OUTLETS))
            found.append(Text(doc.text, doc.title, outlet, as_day(doc.published) or random_day(rng)))
    found += polnear(rng) + neus(rng)
    unique = {text.text.strip(): text for text in found if len(text.text) > 300}
    return list(unique.values())


def polnear(rng: random.Random) -> list[Text]:
    root = shared_data("quotes", "polnear")
    found = []
    for path in sorted(root.rglob("*.txt")) if root else []:
        match = re.match(r"([a-z-]+)_(\d{4}-\d{2}-\d{2})_", path.name)
        if match and match.group(1) in POLNEAR_OUTLETS:
            found.append(Text(path.read_text(encoding="utf-8", errors="replace"), None,
                              POLNEAR_OUTLETS[match.group(1)], date.fromisoformat(match.group(2))))
    return found


def neus(rng: random.Random) -> list[Text]:
    root = shared_data("summarization", "neus")
    found = []
    for path in sorted(root.rglob("stories.jsonl")) if root else []:
        for line in path.read_text(encoding="utf-8").splitlines():
            story = json.loads(line)
            day = date.fromisoformat(story["date"][:10]) if story.get("date") else random_day(rng)
            for item in story.get("news", {}).values():
                paragraphs = body_paragraphs(item.get("newBody") or "")
                text = "\n\n".join(str(p) for p in paragraphs if str(p).strip())
                found.append(Text(text, item.get("newsTitle"), item.get("newsSource") or rng.choice(OUTLETS), day))
    return found


def body_paragraphs(body: object) -> list[object]:
    """A NeuS body: a list of paragraphs, or the text of one (a Python list's repr), or plain text."""
    if isinstance(body, list):
        return body
    text = str(body)
    try:
        found = ast.literal_eval(text) if text.startswith("[") else [text]
    except (ValueError, SyntaxError):
        return [text]
    return found if isinstance(found, list) else [text]


def random_day(rng: random.Random) -> date:
    return date(2022, 1, 1) + timedelta(days=rng.randrange(3 * 365))


def as_day(value: object) -> date | None:
    return value if isinstance(value, date) else None


def variant(original: Text, rng: random.Random) -> Text:
    """A copy of ``original`` as another outlet runs it: a wire reprint (the end cut, a credit line) or a rewrite
    (sentences dropped, words changed, another title), a day or a few later."""
    outlet = rng.choice([o for o in OUTLETS if o != original.outlet])
    sentences = re.split(r"(?<=[.!?])\s+", original.text.strip())
    if rng.random() < 0.5:
        kept = sentences[:max(3, int(len(sentences) * rng.uniform(0.7, 1.0)))]
        text = " ".join(kept) + f"\n\nThis story was first published by {original.outlet}."
        return Text(text, original.title, outlet, original.day + timedelta(days=rng.randrange(2)))
    text = " ".join(s for s in sentences if rng.random() > 0.15) or original.text
    for old, new in rng.sample(REWORDS, 3):
        text = text.replace(f" {old} ", f" {new} ", 1)
    title = f"{original.title} ({outlet})" if original.title else None
    return replace(original, text=text, title=title, outlet=outlet, day=original.day + timedelta(days=rng.randrange(4)))


def archive(texts: list[Text], size: int, rng: random.Random) -> Iterator[Text]:
    """``size`` articles: distinct texts first picked, then copies of them, in a shuffled order."""
    distinct = rng.sample(texts, min(len(texts), max(1, round(size * DISTINCT_SHARE)), size))
    chosen = distinct + [variant(rng.choice(distinct), rng) for _ in range(size - len(distinct))]
    rng.shuffle(chosen)
    yield from chosen


def write_archive(folder: Path, size: int) -> int:
    """The archive as JSONL files in ``folder``; returns how many distinct texts the pool had (0: no data)."""
    rng = random.Random(0)
    texts = pool(rng)
    if not texts:
        return 0
    handle = None
    for n, item in enumerate(archive(texts, size, rng)):
        if n % ARTICLES_PER_FILE == 0:
            if handle:
                handle.close()
            handle = (folder / f"part{n // ARTICLES_PER_FILE:04d}.jsonl").open("w", encoding="utf-8")
        slug = re.sub(r"[^a-z0-9]+", "-", (item.title or item.text[:60]).lower()).strip("-")[:60]
        domain = re.sub(r"[^a-z]+", "", item.outlet.lower()) + ".example"
        assert handle is not None
        handle.write(json.dumps({"title": item.title, "outlet": item.outlet, "date": item.day.isoformat(),
                                 "url": f"https://{domain}/{item.day:%Y/%m}/{slug}-{n}", "text": item.text}) + "\n")
    if handle:
        handle.close()
    return len(texts)


# -- one configuration, in a process of its own -------------------------------------------------------------------

class Sampler:
    """Peak RSS per stage of this process and of the worker processes, read from /proc every 0.2 s."""

    def __init__(self, workers: list[int] | None) -> None:
        self.stage = "setup"
        self.workers = workers  # None: this process's children
        self.peak: dict[str, dict[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(SAMPLE_SECONDS)

    def sample(self) -> None:
        pids = self.workers if self.workers is not None else children(os.getpid())
        peak = self.peak.setdefault(self.stage, {"process": 0.0, "worker": 0.0})
        peak["process"] = max(peak["process"], rss_mb(os.getpid()))
        peak["worker"] = max([peak["worker"]] + [rss_mb(pid) for pid in pids])

    def cpu(self) -> tuple[float, float, float, float]:
        """CPU seconds so far of this process (with its reaped children), of the Dask workers (0 without), of
        the PostgreSQL server's processes and of the whole machine."""
        times = os.times()
        own = times.user + times.system + times.children_user + times.children_system
        return (own, sum(cpu_seconds(pid) for pid in self.workers or []),
                sum(cpu_seconds(pid) for pid in postgres_pids()), machine_cpu_seconds())


def rss_mb(pid: int) -> float:
    """The resident memory of a process in MB (0 when it is gone or /proc is absent)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_pids() -> list[int]:
    """The processes of a PostgreSQL server on this machine (its backends do the store's SQL)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/comm"):
        try:
            if stat.read_text().strip() == "postgres":
                found.append(int(stat.parent.name))
        except OSError:
            continue
    return found


def machine_cpu_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (all cores, /proc/stat; 0 without /proc)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(value) for value in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def library_threads() -> dict[str, int]:
    """The threads each numeric library of this process would use (torch only if it is loaded already)."""
    found: dict[str, int] = {}
    if "torch" in sys.modules:
        found["torch"] = sys.modules["torch"].get_num_threads()
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return found
    for pool in threadpool_info():
        found[f"{pool['internal_api']}"] = max(found.get(pool["internal_api"], 0), pool["num_threads"])
    return found


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def schema_url(url: str, name: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{name}"


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A URL to a new, empty schema in the benchmark's database, dropped afterwards."""
    import psycopg

    name = f"scale_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as admin:
        admin.execute(f"CREATE SCHEMA {name}")
    # named at once: a run stopped before its end leaves the schema, which ``--resume`` finishes
    print(f"  schema {name}", file=sys.stderr, flush=True)
    try:
        yield schema_url(url, name)
    finally:
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as admin:
            admin.execute(f"DROP SCHEMA {name} CASCADE")


LIBRARY_ENV = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


@contextmanager
def executor_for(config: str, settings: Any,
                 library: int = 1) -> Iterator[tuple[Any, list[int] | None, dict[str, dict[str, int]]]]:
    """The executor of a configuration (its model loaded already), its worker pids (None: this process's) and
    the library threads of each worker (after loading the model and annotating one article)."""
    from rashomon.engine import LocalExecutor
    from rashomon.nlp import model

    if not config.startswith("dask"):
        model.load(settings.spacy_model)
        yield LocalExecutor(1), None, {"process": library_threads()}
        return
    import dask
    from distributed import Client, LocalCluster

    from rashomon.engine.dask_executor import DaskExecutor

    # Dask's nannies start workers with OMP/MKL/OpenBLAS at 1 thread (distributed.nanny.pre-spawn-environ);
    # 0 here takes that away, so that the libraries pick their own (one per core)
    spawn_env = {key: value for key, value in dask.config.get("distributed.nanny.pre-spawn-environ").items()
                 if key not in LIBRARY_ENV or library}
    spawn_env.update({name: str(library) for name in LIBRARY_ENV if library})
    with dask.config.set({"distributed.nanny.pre-spawn-environ": spawn_env}), \
            LocalCluster(n_workers=int(config[4:]), threads_per_worker=1, processes=True,
                         dashboard_address=None) as lc, Client(lc) as client:
        client.run(warm_up, settings)
        client.get_task_stream(count=1)  # the scheduler records its task stream from now on
        threads = {str(address): found for address, found in client.run(library_threads).items()}
        pids = list(client.run(os.getpid).values())
        yield DaskExecutor(client=client), pids, threads


def warm_up(settings: Any) -> None:
    """On a worker: load the model and annotate one short article, so that every library is loaded."""
    from rashomon.models import Article
    from rashomon.nlp import annotate_articles

    annotate_articles([Article(id="w", raw_id="w", source="w", text="The mayor said on Monday that the ferry "
                               "will run again. " * 5, language="en")], settings)


def run_one(config: str, corpus: Path | None, location: str, similarity: str, library: int = 1,
            ingest_only: bool = False) -> dict[str, Any]:
    """Run the pipeline over ``corpus`` into an empty store at ``location``; per stage: seconds, items, peaks,
    CPU seconds of this process and of the workers. ``ingest_only``: only the ingest step (its memory as the
    archive grows, without the hours the other steps take at 100k). ``corpus`` None: resume the run that
    stopped in the store at ``location`` (no ingest; annotate counts only the articles it annotates)."""
    from rashomon.ingest import ingest
    from rashomon.pipeline import run_pipeline
    from rashomon.settings import Settings
    from rashomon.store import Store

    settings = Settings(workers=1, similarity=similarity)
    started: dict[str, float] = {}
    ended: dict[str, float] = {}
    cpu: dict[str, tuple[float, float, float, float]] = {}
    clock: dict[str, tuple[float, float]] = {}  # each stage's start and end, in seconds since the epoch
    # each stage's peaks as they were when it ended: the sampler goes on counting what follows the last stage
    # (the scheduler's task stream read for ``task_seconds``, closing) into it
    peaks: dict[str, dict[str, float]] = {}
    with executor_for(config, settings, library) as (executor, pids, threads), Sampler(pids) as sampler, \
            Store(location) as store:
        def progress(step: str, done: int, total: int, message: str) -> None:
            if step not in started:
                sampler.sample()
                sampler.stage = step
                cpu[step] = sampler.cpu()
                clock[step] = (time.time(), 0.0)
                started[step] = time.perf_counter()

        def step_done(step: str, result: Any) -> None:
            sampler.sample()
            ended[step] = time.perf_counter()
            clock[step] = (clock[step][0], time.time())
            cpu[step] = tuple(b - a for a, b in zip(cpu[step], sampler.cpu(), strict=True))  # type: ignore[assignment]
            peak = peaks[step] = dict(sampler.peak.get(step, {}))
            print(f"  {config} {step}: {ended[step] - started[step]:.0f} s, peak RSS {peak.get('process', 0):.0f} MB "
                  f"(process), {peak.get('worker', 0):.0f} MB (largest worker)", file=sys.stderr, flush=True)

        def stage(step: str, items: int, computing: float | None) -> dict[str, Any]:
            return {"seconds": ended[step] - started[step], "items": items, "cpu_process": cpu[step][0],
                    "cpu_workers": cpu[step][1], "cpu_postgres": cpu[step][2],
                    "cpu_others": cpu[step][3] - sum(cpu[step][:3]), "computing": computing,
                    **peaks.get(step, {})}

        load_before = os.getloadavg()[0]
        if ingest_only:
            progress("ingest", 0, 0, "")
            ingested = ingest([str(corpus)], store, settings, executor=executor)
            step_done("ingest", ingested)
            stages = {"ingest": stage("ingest", len(ingested.added), task_seconds(executor, clock).get("ingest"))}
            return {"config": config, "articles": store.count_articles(), "stories": 0, "reprints": 0,
                    "load": [load_before, os.getloadavg()[0]], "workers": len(pids) if pids is not None else 0,
                    "threads": threads, "stages": stages}
        result = run_pipeline([str(corpus)] if corpus else [], store, settings, executor=executor, progress=progress,
                              step_done=step_done, document=False)
        sampler.sample()
        computing = task_seconds(executor, clock)
        articles = store.count_articles()
        items = {"ingest": len(result.ingested.added) if result.ingested else 0,
                 "annotate": result.annotated.annotated + result.annotated.skipped,
                 "cluster": result.clustered.placed,
                 "compare": sum(story["articles"] for story in result.findings)}
        return {"config": config, "articles": articles, "stories": len(result.findings),
                "resumed": corpus is None, "annotated_before": 0 if corpus else articles - items["annotate"],
                "reprints": result.clustered.reprints, "load": [load_before, os.getloadavg()[0]],
                "workers": len(pids) if pids is not None else 0, "threads": threads,
                "stages": {step: stage(step, items[step], computing.get(step)) for step in STAGES if step in ended}}


def task_seconds(executor: Any, clock: dict[str, tuple[float, float]]) -> dict[str, float]:
    """Per stage, the seconds the Dask workers spent running tasks (from the scheduler's task stream, clipped to
    the stage); nothing for local processes."""
    client = getattr(executor, "client", None)
    if client is None:
        return {}
    spans = [(part["start"], part["stop"]) for task in client.get_task_stream()
             for part in task.get("startstops", ()) if part.get("action") == "compute"]
    return {step: sum(max(0.0, min(stop, end) - max(start, begin)) for start, stop in spans)
            for step, (begin, end) in clock.items()}


@contextmanager
def new_store(args: argparse.Namespace) -> Iterator[str]:
    """Where a configuration's run puts its store: a new PostgreSQL schema (dropped afterwards), the SQLite file
    ``--sqlite-db`` names (kept, for ``--resume``), or one in a temporary folder."""
    if args.one != "sqlite":
        with postgres_schema(args.postgres) as url:
            yield url
    elif args.sqlite_db:
        print(f"  store {args.sqlite_db}", file=sys.stderr, flush=True)  # kept: ``--resume`` finishes a stopped run
        yield args.sqlite_db
    else:
        with tempfile.TemporaryDirectory() as folder:
            yield str(Path(folder) / "scale.db")


def one_process(args: argparse.Namespace) -> int:
    """``--one CONFIG``: one configuration; its measurements as one JSON line on stdout."""
    if args.resume:
        location = args.resume if args.one == "sqlite" else schema_url(args.postgres, args.resume)
        measured = run_one(args.one, None, location, args.similarity, args.library_threads)
    else:
        with new_store(args) as location:
            measured = run_one(args.one, Path(args.corpus), location, args.similarity, args.library_threads,
                               args.ingest_only)
    print(json.dumps(measured))
    return 0


# -- the driver ---------------------------------------------------------------------------------------------------

def postgres_reachable(url: str) -> str:
    """Why PostgreSQL rows cannot run ("" when they can)."""
    if not url:
        return "no database given (--postgres or $RASHOMON_BENCH_POSTGRES)"
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.Error as exc:
        return f"cannot connect ({str(exc).splitlines()[0]})"
    return ""


def measure(args: argparse.Namespace, corpus: Path) -> list[dict[str, Any]]:
    """Each configuration in a child process, one after the other."""
    results = []
    for config in args.configs:
        command = [sys.executable, __file__, "--one", config, "--corpus", str(corpus), "--similarity",
                   args.similarity, "--postgres", args.postgres, "--library-threads", str(args.library_threads),
                   *(["--ingest-only"] if args.ingest_only else []),
                   *(["--sqlite-db", args.sqlite_db] if args.sqlite_db else []),
                   *(["--resume", args.resume] if args.resume else [])]
        began = time.perf_counter()
        # the child's stderr passes through: each stage's line as it ends (a long run shows where it is)
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
        if done.returncode != 0:
            print(f"{config}: failed (exit {done.returncode}; its messages are above)", file=sys.stderr)
            continue
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"{config}: done in {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    return results


def report(results: list[dict[str, Any]], size: int, distinct: int) -> None:
    rows = []
    for measured in results:
        for step, stage in measured["stages"].items():
            rate = stage["items"] / stage["seconds"] if stage["seconds"] else 0.0
            worker = f"{stage.get('worker', 0):.0f}" if stage.get("worker") else "-"
            per = 1000 / max(1, stage["items"])
            workers = measured.get("workers", 0)
            busy = f"{100 * stage['cpu_workers'] / (stage['seconds'] * workers):.0f}" if workers else "-"
            others = f"{stage['cpu_others'] / stage['seconds']:.2f}" if "cpu_others" in stage else "-"
            tasks = (f"{100 * stage['computing'] / (stage['seconds'] * workers):.0f}"
                     if workers and stage.get("computing") is not None else "-")
            rows.append([measured["config"], step, stage["items"], f"{stage['seconds']:.1f}", f"{rate:.2f}",
                         f"{stage.get('process', 0):.0f}", worker, f"{per * stage['cpu_process']:.0f}",
                         f"{per * stage['cpu_workers']:.0f}" if workers else "-",
                         f"{per * stage.get('cpu_postgres', 0):.0f}", busy, tasks, others])
    resumed = [m for m in results if m.get("resumed")]
    print_table(f"pipeline per stage, {size} articles " + (
        f"(a stopped run resumed: {resumed[0]['annotated_before']} were annotated before; no ingest row)"
        if resumed else f"from {distinct} distinct real texts"),
                ["config", "stage", "items", "seconds", "articles/s", "peak RSS MB (process)",
                 "peak RSS MB (largest worker)", "CPU ms/article (process)", "CPU ms/article (workers)",
                 "CPU ms/article (PostgreSQL)",
                 "workers on CPU %", "workers in a task %", "other processes' CPU (cores)"], rows)
    print_table("archive and load", ["config", "articles", "stories compared", "reprints",
                                     "load avg (1 min) at start", "at end"],
                [[m["config"], m["articles"], m["stories"], m["reprints"], f"{m['load'][0]:.2f}",
                  f"{m['load'][1]:.2f}"] for m in results])
    by = {m["config"]: m for m in results}
    if "dask1" in by and "dask2" in by and "annotate" in by["dask1"]["stages"] and "annotate" in by["dask2"]["stages"]:
        one, two = (by[c]["stages"]["annotate"] for c in ("dask1", "dask2"))
        ratio = (two["items"] / two["seconds"]) / (one["items"] / one["seconds"])
        print(f"\nannotation, 2 workers / 1 worker: {ratio:.2f}x (target >= 1.7x; {os.cpu_count()} cores here)")
    for measured in results:
        print(f"library threads, {measured['config']}: {json.dumps(measured.get('threads', {}), sort_keys=True)}")
    estimates = []
    for measured in results:
        per = {step: stage["seconds"] / max(1, stage["items"]) for step, stage in measured["stages"].items()}
        total = sum(per.values())
        estimates.append([measured["config"], f"{1000 * total:.0f}", f"{10_000 * total / 60:.0f}",
                          f"{100_000 * total / 3600:.1f}"])
    print_table("at the measured per-article costs (linear; clustering grows a little faster)",
                ["config", "ms per article (all stages)", "10k articles (min)", "100k articles (h)"], estimates)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--similarity", default="lexical", help="sentence similarity for comparing (lexical, minilm)")
    parser.add_argument("--postgres", default=os.environ.get("RASHOMON_BENCH_POSTGRES")
                        or os.environ.get("RASHOMON_TEST_POSTGRES", ""))
    parser.add_argument("--configs", nargs="+", choices=CONFIGS, default=list(CONFIGS))
    parser.add_argument("--library-threads", type=int, default=1,
                        help="OMP/MKL/OpenBLAS threads of each Dask worker (Dask's default: 1; 0: the libraries' own)")
    parser.add_argument("--ingest-only", action="store_true",
                        help="only the ingest step: its speed and memory at a size the whole pipeline takes hours for")
    parser.add_argument("--resume", metavar="SCHEMA",
                        help="finish the stopped run whose PostgreSQL schema (or, for sqlite, store file) this is")
    parser.add_argument("--sqlite-db", metavar="PATH",
                        help="keep the sqlite row's store at PATH (a new file), so that --resume PATH can finish it")
    parser.add_argument("--one", choices=CONFIGS, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        return one_process(args)
    why_not = postgres_reachable(args.postgres) if set(args.configs) - {"sqlite"} else ""
    if args.sqlite_db and (args.configs != ["sqlite"] or Path(args.sqlite_db).exists()):
        parser.error("--sqlite-db needs --configs sqlite alone and a path where no file is yet")
    if args.resume:
        if len(args.configs) != 1:
            parser.error("--resume needs one configuration")
        if args.configs[0] == "sqlite" and not Path(args.resume).is_file():
            parser.error(f"--resume {args.resume}: no such SQLite store (give the file --sqlite-db kept)")
        if args.configs[0] != "sqlite" and why_not:
            parser.error(f"--resume of a PostgreSQL configuration needs a reachable --postgres: {why_not}")
    if why_not:
        print(f"PostgreSQL rows skipped: {why_not}", file=sys.stderr)
        args.configs = [c for c in args.configs if c == "sqlite"]
    if args.resume:
        results = measure(args, Path("-"))
        report(results, results[0]["articles"] if results else 0, 0)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        distinct = write_archive(Path(folder), args.articles)
        if not distinct:
            print("skipped: ../shared/data is absent")
            return 0
        print(f"archive: {args.articles} articles from {distinct} distinct texts; load average "
              f"{os.getloadavg()[0]:.2f}", file=sys.stderr, flush=True)
        results = measure(args, Path(folder))
    report(results, args.articles, distinct)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
