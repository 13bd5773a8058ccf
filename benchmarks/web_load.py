"""Web app under load: the story page and search, 50 concurrent requests on loopback for 30 seconds.

Builds the demo database (ingest, annotate, cluster, compare) unless --db is given, starts
``rashomon serve`` in its own process, and drives it with 50 concurrent keep-alive clients from
this process (both share the machine's cores). Reports requests/s, p50/p99 latency and errors per
endpoint; zero errors are expected.

    python benchmarks/web_load.py
    python benchmarks/web_load.py --seconds 10 --concurrency 20 --db news.db --story 3
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from _common import print_table

from rashomon.analysis import build_analysis
from rashomon.cluster import cluster
from rashomon.compare.similarity import LazyEncoder
from rashomon.ingest import ingest
from rashomon.nlp import annotate
from rashomon.settings import Settings
from rashomon.store import Store
from rashomon.views import stories_view

ROOT = Path(__file__).resolve().parent.parent


def build_demo(folder: Path) -> Path:
    path = folder / "rashomon.db"
    settings = Settings()
    with Store(path) as store:
        ingest([str(ROOT / "examples" / "demo" / "corpus")], store, settings)
        annotate(store, settings=settings)
        cluster(store)
        build_analysis(store, LazyEncoder(settings.similarity))
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def drive(base: str, paths: dict[str, str], seconds: float, concurrency: int) -> dict[str, dict]:
    results: dict[str, dict] = {name: {"latencies": [], "errors": 0, "bytes": 0} for name in paths}
    names = list(paths)
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def worker(n: int) -> None:
            i = n
            while time.perf_counter() < deadline:
                name = names[i % len(names)]
                i += 1
                start = time.perf_counter()
                try:
                    response = await client.get(paths[name])
                    ok = response.status_code == 200
                    results[name]["bytes"] += len(response.content)
                except httpx.HTTPError:
                    ok = False
                elapsed = time.perf_counter() - start
                if ok:
                    results[name]["latencies"].append(elapsed)
                else:
                    results[name]["errors"] += 1

        await asyncio.gather(*(worker(n) for n in range(concurrency)))
    return results


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="database to serve (default: the demo, built now)")
    parser.add_argument("--story", type=int, help="story id for the story page (default: the largest)")
    parser.add_argument("--query", default="spillway collapsed", help="search words")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else build_demo(Path(tmp))
        with Store(db) as store:
            stories = stories_view(store)
        if not stories:
            print(f"{db}: no stories", file=sys.stderr)
            return 2
        story = args.story or max(stories, key=lambda s: s["article_count"])["id"]
        port = free_port()
        command = [str(Path(sys.executable).parent / "rashomon"), "--db", str(db), "serve", "--port", str(port)]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ})
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    if httpx.get(base + "/stories.json", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            paths = {"story page": f"/stories/{story}", "search": f"/stories?q={args.query.replace(' ', '+')}"}
            first = httpx.get(base + paths["story page"] + ".json", timeout=300).json()
            if first.get("analysis") is None:  # compare it before measuring pages
                while httpx.get(base + paths["story page"] + ".json", timeout=60).json().get("analysis") is None:
                    time.sleep(1)
            results = asyncio.run(drive(base, paths, args.seconds, args.concurrency))
        finally:
            server.terminate()
            server.wait(10)
    rows = []
    for name, found in results.items():
        latencies = found["latencies"]
        done = len(latencies) + found["errors"]
        rows.append([name, paths[name], done, f"{len(latencies) / args.seconds:.1f}",
                     f"{percentile(latencies, 0.5) * 1000:.0f}", f"{percentile(latencies, 0.99) * 1000:.0f}",
                     found["errors"], f"{found['bytes'] / max(1, len(latencies)) / 1024:.0f}"])
    title = (f"{args.concurrency} concurrent clients for {args.seconds:g} s on loopback; story {story} of "
             f"{args.db or 'the demo database'}")
    print_table(title, ["endpoint", "path", "requests", "req/s", "p50 ms", "p99 ms", "errors", "KiB/resp"], rows)
    return 0 if all(r["errors"] == 0 for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
