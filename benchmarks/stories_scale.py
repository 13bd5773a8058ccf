"""Throughput and memory of incremental story clustering on a large synthetic archive.

    python benchmarks/stories_scale.py [--articles 100000] [--every 10000] [--batch 2000]
    python benchmarks/stories_scale.py --articles 20000 --jsonl DIR   # the same archive as files, nothing timed

``--jsonl DIR`` writes the same archive (same texts, dates and dropped sentences) as JSON Lines files instead, for
the whole pipeline's clustering of it (reprint detection and the database writes included), like for like:
``rashomon --db FILE ingest DIR`` then ``python benchmarks/cluster_store.py --db FILE``.

How the archive is built: real article texts from ../shared/data (ECB+, BASIL, PolNeAR, NeuS
stories) are sampled with replacement; each copy gets a publication date drawn over three years
(so the archive spans many time windows, as a real one does) and a random 12% of its sentences
dropped, so that copies are not exact duplicates. Articles go through ``StoryIndex.add_batch`` in
batches of ``--batch`` (default: ``ClusterParams.batch_size``, what one ``rashomon cluster`` run
does with a large input), or one at a time through ``StoryIndex.add`` with ``--batch 1``; this is
the in-memory state ``rashomon cluster`` loads. Reprint detection and the database write are not
included. Reported: articles per second per slice of the archive, milliseconds per new article
as the archive grows, and peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import print_table, shared_data
from stories import basil_docs, ecbplus_docs

from rashomon.cluster.features import article_features
from rashomon.cluster.stories import ClusterParams, StoryIndex
from rashomon.models import Article

JSONL_ARTICLES = 1000  # articles per file written by --jsonl
MIN_WORDS = 40  # words a rewritten text keeps at least


def texts() -> list[str]:
    found = []
    root = shared_data("clustering", "ecbplus")
    if root:
        found += [doc.text for doc in ecbplus_docs(root)]
    root = shared_data("clustering", "basil")
    if root:
        found += [doc.text for doc in basil_docs(root)]
    root = shared_data("quotes", "polnear")
    if root:
        found += [path.read_text(encoding="utf-8", errors="replace") for path in sorted(root.rglob("*.txt"))][:2000]
    root = shared_data("summarization", "neus")
    if root:
        for path in sorted(root.rglob("*.jsonl"))[:2]:
            for line in path.read_text(encoding="utf-8").splitlines()[:3000]:
                item = json.loads(line)
                text = next((v for v in item.values() if isinstance(v, str) and len(v) > 400), None)
                if text:
                    found.append(text)
    return [text for text in found if len(text) > 300]


def _some_sentences(text: str, rng: random.Random) -> list[str]:
    """The text's sentences with about one in eight dropped, unless that leaves fewer than MIN_WORDS words (a text of
    one sentence, or a short one, is kept whole: ingest refuses an article of a few words)."""
    sentences = text.split(". ")
    kept = [s for s in sentences if rng.random() > 0.12]
    return kept if sum(len(s.split()) for s in kept) >= MIN_WORDS else sentences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--every", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=ClusterParams().batch_size,
                        help="articles per add_batch call; 1 = StoryIndex.add, one at a time")
    parser.add_argument("--jsonl", type=Path, help="write the archive as JSON Lines here instead of clustering it")
    args = parser.parse_args(argv)
    if args.every % args.batch:
        parser.error("--every must be a multiple of --batch")
    pool = texts()
    if not pool:
        print("skipped: ../shared/data is absent")
        return 0
    rng = random.Random(0)
    start_day = date(2022, 1, 1)
    if args.jsonl:
        args.jsonl.mkdir(parents=True, exist_ok=True)
        handle = None
        for n in range(1, args.articles + 1):  # the same draws as below, in the same order
            sentences = _some_sentences(rng.choice(pool), rng)
            day = start_day + timedelta(days=rng.randrange(3 * 365))
            if (n - 1) % JSONL_ARTICLES == 0:  # files of a few MB (ingest refuses a file over max_input_bytes)
                if handle:
                    handle.close()
                handle = (args.jsonl / f"part{(n - 1) // JSONL_ARTICLES:04d}.jsonl").open("w", encoding="utf-8")
            assert handle is not None
            handle.write(json.dumps({"url": f"https://scale.example/a{n}", "date": day.isoformat(),
                                     "text": ". ".join(sentences)}) + "\n")
        if handle:
            handle.close()
        print(f"wrote {args.articles} articles to {args.jsonl}")
        return 0
    index = StoryIndex()
    rows = []
    slice_started, slice_busy = time.perf_counter(), 0.0
    pending = []
    for n in range(1, args.articles + 1):
        sentences = _some_sentences(rng.choice(pool), rng)
        article = Article(id=f"a{n}", source="scale", text=". ".join(sentences),
                          published=start_day + timedelta(days=rng.randrange(3 * 365)))
        began = time.perf_counter()
        pending.append(article_features(article))
        if len(pending) == args.batch:
            if args.batch == 1:
                index.add(pending[0])
            else:
                index.add_batch(pending)
            pending = []
        slice_busy += time.perf_counter() - began
        if n % args.every == 0:
            wall = time.perf_counter() - slice_started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            rows.append([n, len(index.stories), f"{args.every / wall:.0f}", f"{1000 * slice_busy / args.every:.1f}",
                         f"{peak:.0f}"])
            print(f"{n} articles, {len(index.stories)} stories, {args.every / wall:.0f} art/s, "
                  f"{1000 * slice_busy / args.every:.1f} ms/article, peak {peak:.0f} MB", flush=True)
            slice_started, slice_busy = time.perf_counter(), 0.0
    how = "one at a time (StoryIndex.add)" if args.batch == 1 else f"in batches of {args.batch} (add_batch)"
    print_table(f"incremental clustering {how}, {args.articles} articles sampled from {len(pool)} real texts", [
        "archive size", "stories", "articles/s (slice)", "ms per new article (slice)", "peak RSS MB"], rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
