"""Web app under load: list endpoints, story page and search with 50 concurrent readers, and an ingest job
alone and under those readers.

The database (unless --db is given) holds 2,000+ real articles from ../shared/data: the WCXB and AEB pages,
BASIL and ECB+ articles, PolNeAR texts; ingested, grouped into stories, and the stories of the first list page
annotated and compared. It is built once and kept under --cache (default: a folder in the system's temporary
directory); a later run reuses it. ``rashomon serve`` runs in its own process on a copy of it, driven by 50
concurrent keep-alive clients from this process (both share the machine's cores). Reports requests/s,
p50/p99 latency and errors per endpoint (zero errors expected), then the duration of one ingest job (20
held-out AEB pages, uploaded through /api/ingest: read, annotate, group, compare) on an idle server and under
the readers.

    python benchmarks/web_load.py
    python benchmarks/web_load.py --seconds 10 --concurrency 20 --db news.db --story 3
    python benchmarks/web_load.py --demo          # the demo database (10 articles), as before
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import contextlib
import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
from _common import print_table, shared_data

from rashomon.analysis import build_analysis
from rashomon.cluster import cluster
from rashomon.compare.similarity import LazyEncoder
from rashomon.ingest import ingest
from rashomon.nlp import annotate
from rashomon.settings import Settings
from rashomon.store import Store
from rashomon.views import stories_view

ROOT = Path(__file__).resolve().parent.parent
HELD_OUT = 20  # AEB pages left out of the database: the ingest job uploads them
COMPARED = 50  # stories compared when the database is built: one list page (report.pages.PAGE_SIZE)
TOKEN = "web-load-benchmark"
CORPUS_VERSION = 1  # bump when the corpus recipe changes: the cached database is then built again


def build_demo(folder: Path) -> Path:
    path = folder / "rashomon.db"
    settings = Settings()
    with Store(path) as store:
        ingest([str(ROOT / "examples" / "demo" / "corpus")], store, settings)
        annotate(store, settings=settings)
        cluster(store)
        build_analysis(store, LazyEncoder(settings.similarity))
    return path


def held_out_pages() -> list[Path]:
    aeb = shared_data("extraction", "aeb", "html")
    if aeb is None:
        raise SystemExit("../shared/data/extraction/aeb is absent: give --db and --upload-dir, or --demo")
    return sorted(aeb.glob("*.html.gz"))[-HELD_OUT:]


def corpus_inputs(folder: Path) -> list[str]:
    """The shared data's news articles as ingest inputs (BASIL and ECB+ written out as JSON Lines)."""
    from stories import basil_docs, ecbplus_docs  # the story benchmark's readers of the two sets

    inputs: list[str] = []
    for parts in (("extraction", "wcxb-dev-articles", "html"), ("extraction", "aeb", "html")):
        found = shared_data(*parts)
        if found is not None:
            inputs += [str(p) for p in sorted(found.glob("*.html.gz"))]
    held = {str(p) for p in held_out_pages()}
    inputs = [i for i in inputs if i not in held]
    for name, loader, parts in (("basil", basil_docs, ("clustering", "basil")),
                                ("ecbplus", ecbplus_docs, ("clustering", "ecbplus"))):
        found = shared_data(*parts)
        if found is None:
            continue
        path = folder / f"{name}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for doc in loader(found):
                handle.write(json.dumps({"title": doc.title, "text": doc.text, "source": None,
                                         "date": doc.published.isoformat() if doc.published else None}) + "\n")
        inputs.append(str(path))
    records = [*polnear_records(), *neus_records()]
    if records:
        path = folder / "polnear-neus.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        inputs.append(str(path))
    return inputs


def polnear_records() -> list[dict]:
    """PolNeAR's texts with their outlet, date, title and author."""
    root = shared_data("quotes", "polnear", "data")
    if root is None:
        return []
    with (root / "metadata.tsv").open(encoding="utf-8") as handle:
        meta = {row["filename"]: row for row in csv.DictReader(handle, delimiter="\t")}
    records = []
    for path in sorted(root.glob("*/text/*.txt")):
        row = meta.get(path.stem, {})
        records.append({"text": path.read_text(encoding="utf-8"), "outlet": row.get("publisher"),
                        "date": row.get("publication_date"), "title": row.get("title"),
                        "author": None if row.get("author") in (None, "None") else row["author"]})
    return records


def neus_records() -> list[dict]:
    """NeuS (AllSides): each story's three outlets' articles, as far as the set holds them."""
    path = shared_data("summarization", "neus", "raw", "stories.jsonl")
    if path is None:
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        news = story["news"] if isinstance(story["news"], dict) else ast.literal_eval(story["news"])
        for side in news.values():
            body = side.get("newBody") or []
            paragraphs = ast.literal_eval(body) if isinstance(body, str) and body.startswith("[") else body
            paragraphs = [paragraphs] if isinstance(paragraphs, str) else paragraphs
            records.append({"text": "\n\n".join(paragraphs), "outlet": side.get("newsSource"),
                            "title": side.get("newsTitle"), "url": side.get("newsLink"), "date": story.get("date")})
    return records


def build_corpus(cache: Path) -> Path:
    """The 2,000+ article database, built once into ``cache`` and reused."""
    path = cache / f"news-v{CORPUS_VERSION}.db"
    if path.exists():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    building = cache / "building.db"
    for stale in cache.glob("building.db*"):
        stale.unlink()
    settings = Settings()
    started = time.perf_counter()
    with Store(building) as store:
        report = ingest(corpus_inputs(cache), store, settings)
        print(f"ingest: {report.summary()} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
        cluster(store)
        first_page = [s["id"] for s in stories_view(store)[:COMPARED]]
        members = [a for s in stories_view(store) if s["id"] in first_page for a in s["article_ids"]]
        annotate(store, members, settings)
        build_analysis(store, LazyEncoder(settings.similarity), story_ids=first_page)
        print(f"built {store.counts()} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    building.rename(path)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(db: Path, python_path: str | None) -> Iterator[str]:
    """``rashomon serve`` on ``db`` in its own process; yields its base URL. ``python_path`` runs another
    checkout's code (PYTHONPATH=/tmp/worktree/src) for before/after figures."""
    port = free_port()
    env = {**os.environ, "RASHOMON_TOKEN": TOKEN}
    if python_path:
        env["PYTHONPATH"] = python_path
    command = [sys.executable, "-c", "from rashomon.cli import main; main()", "--db", str(db), "serve", "--port",
               str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(base + "/api/articles?limit=1", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(30)


def empty_results(paths: dict[str, str]) -> dict[str, dict]:
    return {name: {"latencies": [], "errors": 0, "bytes": 0} for name in paths}


async def read(client: httpx.AsyncClient, paths: dict[str, str], results: dict[str, dict], n: int,
               done: Callable[[], bool]) -> None:
    """One reader: the endpoints in turn (starting at the ``n``-th) until ``done()``, each answer's latency or
    error added to ``results``."""
    names = list(paths)
    i = n
    while not done():
        name = names[i % len(names)]
        i += 1
        start = time.perf_counter()
        try:
            response = await client.get(paths[name])
            ok = response.status_code == 200
            results[name]["bytes"] += len(response.content)
        except httpx.HTTPError:
            ok = False
        if ok:
            results[name]["latencies"].append(time.perf_counter() - start)
        else:
            results[name]["errors"] += 1


def client_for(base: str, concurrency: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return httpx.AsyncClient(base_url=base, timeout=120, limits=limits)


async def drive(base: str, paths: dict[str, str], seconds: float, concurrency: int) -> dict[str, dict]:
    results = empty_results(paths)
    deadline = time.perf_counter() + seconds
    async with client_for(base, concurrency) as client:
        await asyncio.gather(*(read(client, paths, results, n, lambda: time.perf_counter() >= deadline)
                               for n in range(concurrency)))
    return results


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def table(title: str, paths: dict[str, str], results: dict[str, dict], seconds: float) -> None:
    rows = []
    for name, found in results.items():
        latencies = found["latencies"]
        rows.append([name, paths[name], len(latencies) + found["errors"], f"{len(latencies) / seconds:.1f}",
                     f"{percentile(latencies, 0.5) * 1000:.0f}", f"{percentile(latencies, 0.99) * 1000:.0f}",
                     found["errors"], f"{found['bytes'] / max(1, len(latencies)) / 1024:.0f}"])
    print_table(title, ["endpoint", "path", "requests", "req/s", "p50 ms", "p99 ms", "errors", "KiB/resp"], rows)


def single(base: str, paths: dict[str, str], seconds: float) -> dict[str, dict]:
    """Each endpoint alone, one request at a time (latency without queueing)."""
    results = empty_results(paths)
    with httpx.Client(base_url=base, timeout=120) as client:
        for name, path in paths.items():
            found = results[name]
            deadline = time.perf_counter() + seconds
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                response = client.get(path)
                if response.status_code == 200:
                    found["latencies"].append(time.perf_counter() - start)
                    found["bytes"] += len(response.content)
                else:
                    found["errors"] += 1
    return results


def compared(base: str, *stories: int) -> None:
    """Wait until the stories are compared (their pages then read the stored comparison)."""
    for story in stories:
        while httpx.get(f"{base}/stories/{story}.json", timeout=600).json().get("analysis") is None:
            time.sleep(1)


def ingest_job(base: str, files: list[Path]) -> tuple[float, dict]:
    """Upload ``files`` through /api/ingest and wait for the job: (seconds from upload to done, the job)."""
    parts = [("files", (p.name, p.read_bytes(), "application/gzip")) for p in files]
    start = time.perf_counter()
    response = httpx.post(base + "/api/ingest", files=parts, timeout=120,
                          headers={"Authorization": f"Bearer {TOKEN}"})
    response.raise_for_status()
    job = response.json()
    while job["state"] in ("queued", "running"):
        time.sleep(0.2)
        job = httpx.get(f"{base}/api/jobs/{job['id']}", timeout=120).json()
    return time.perf_counter() - start, job


async def job_under_load(base: str, paths: dict[str, str], files: list[Path],
                         concurrency: int) -> tuple[float, dict, dict[str, dict], float]:
    """The ingest job while ``concurrency`` readers load the server: its duration and job, and the readers'
    results over the job's duration."""
    stop = asyncio.Event()
    results = empty_results(paths)
    async with client_for(base, concurrency) as client:
        readers = [asyncio.create_task(read(client, paths, results, n, stop.is_set)) for n in range(concurrency)]
        await asyncio.sleep(3)  # the readers are under way
        started = time.perf_counter()
        seconds, job = await asyncio.to_thread(ingest_job, base, files)
        elapsed = time.perf_counter() - started
        stop.set()
        await asyncio.gather(*readers)
    return seconds, job, results, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="database to serve (default: the 2,000+ article corpus, built once)")
    parser.add_argument("--demo", action="store_true", help="serve the demo database (story page and search only)")
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "rashomon-web-load"),
                        help="folder for the built corpus database (reused by later runs)")
    parser.add_argument("--story", type=int, help="story id for the story page (default: the largest compared)")
    parser.add_argument("--query", default="", help="search words (default: the story's first title word)")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--no-job", action="store_true", help="leave out the ingest job measurements")
    parser.add_argument("--pythonpath", help="serve with this PYTHONPATH (another checkout's src: before/after)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(args.db) if args.db else build_demo(Path(tmp)) if args.demo else build_corpus(Path(args.cache))
        db = Path(tmp) / "served.db"  # a copy: the ingest job must not change the cached database
        with Store(source) as store:
            stories = stories_view(store)
            count = store.count_articles()
            done = {s["id"] for s in stories if store.analysis(s["id"]) is not None}
        if not stories:
            print(f"{source}: no stories", file=sys.stderr)
            return 2
        story = args.story or max(stories, key=lambda s: (s["id"] in done, s["article_count"]))["id"]
        # compared on each server before the job runs, so that the job finds the embedding model loaded whatever
        # the server's code (a comparison made by other code is made again, and loads it)
        warm = min((s for s in stories if s["id"] not in done), key=lambda s: (s["article_count"], s["id"]),
                   default=stories[0])["id"]
        query = args.query or next((w for s in stories if s["id"] == story for w in (s["title"] or "").split()
                                    if len(w) > 4 and w.isalpha()), "news")
        paths = {"story page": f"/stories/{story}", "search": f"/stories?q={query}"}
        if not args.demo:
            paths = {"articles, 1": "/api/articles?limit=1", "articles, 100": "/api/articles?limit=100",
                     "story list": "/stories", "story list API": "/api/stories", **paths}
        where = f"{source} ({count:,} articles, {len(stories):,} stories)"
        shutil.copy(source, db)
        with serving(db, args.pythonpath) as base:
            compared(base, story, warm)
            table(f"one client, one request at a time, {args.seconds / 3:g} s per endpoint; {where}", paths,
                  single(base, paths, args.seconds / 3), args.seconds / 3)
            results = asyncio.run(drive(base, paths, args.seconds, args.concurrency))
            table(f"{args.concurrency} concurrent clients for {args.seconds:g} s on loopback; story {story}; "
                  f"{where}", paths, results, args.seconds)
            errors = sum(r["errors"] for r in results.values())
            if args.demo or args.no_job:
                return 0 if errors == 0 else 1
            alone, job = ingest_job(base, held_out_pages())
        shutil.copy(source, db)  # the same job again on the same database, now under the readers
        for stale in Path(tmp).glob("served.db-*"):
            stale.unlink()
        with serving(db, args.pythonpath) as base:
            compared(base, story, warm)
            loaded, job_loaded, during, elapsed = asyncio.run(
                job_under_load(base, paths, held_out_pages(), args.concurrency))
        table(f"the readers while the ingest job ran ({elapsed:.0f} s)", paths, during, elapsed)
        rows = [["alone", f"{alone:.1f}", job["state"], job["messages"][-1] if job["messages"] else ""],
                [f"under {args.concurrency} readers", f"{loaded:.1f}", job_loaded["state"],
                 job_loaded["messages"][-1] if job_loaded["messages"] else ""]]
        print_table(f"ingest job: {HELD_OUT} AEB pages uploaded through /api/ingest (read, annotate, group, "
                    f"compare); slowdown under load {loaded / alone:.1f}x", ["job", "seconds", "state", "result"],
                    rows)
        errors += sum(r["errors"] for r in during.values())
    return 0 if errors == 0 and job["state"] == job_loaded["state"] == "done" else 1


if __name__ == "__main__":
    sys.exit(main())
