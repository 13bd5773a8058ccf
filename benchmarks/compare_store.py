"""The comparison of an archive's stories already clustered in a store, story by story (issue 20).

    python benchmarks/compare_store.py --db URL_OR_FILE [--largest 60] [--similarity lexical]

Reads each story's articles with their annotations and reprint links (``rashomon.analysis.story_articles``) and
times ``compare_story`` on it in this process, the largest stories first (``--largest N``: only those). Reports
the stories, articles and reprints compared, the seconds in all, the slowest stories, and the peak resident memory.
An archive that ``benchmarks/scale.py`` built, or any store ingested, annotated and clustered with the CLI, can
be measured here; run it with another checkout on ``PYTHONPATH`` to compare two versions on the same stories.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

from _common import print_table

from rashomon.analysis import story_articles
from rashomon.compare import compare_story
from rashomon.compare.similarity import encoder
from rashomon.store import Store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="the store: a SQLite file or a postgresql:// URL")
    parser.add_argument("--largest", type=int, default=0, help="compare only the N largest stories (0: all)")
    parser.add_argument("--similarity", default="lexical", help="lexical or minilm (scale.py's default: lexical)")
    args = parser.parse_args()
    similarity = encoder(args.similarity)
    similarity.similarity(["warm up"])  # the model loads before the clock starts
    with Store(args.db) as store:
        stories = sorted(store.stories(), key=lambda s: (-len(s["articles"]), s["id"]))
        if args.largest:
            stories = stories[:args.largest]
        timed = []
        for summary in stories:
            items = story_articles(store, summary["id"])
            started = time.perf_counter()
            compare_story(items, similarity)
            timed.append((time.perf_counter() - started, summary["id"], len(items),
                          sum(1 for item in items if item.reprint_of)))
    total = sum(seconds for seconds, *_ in timed)
    articles = sum(count for _, _, count, _ in timed)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [[story, count, reprints, seconds] for seconds, story, count, reprints in sorted(timed, reverse=True)[:8]]
    print_table(f"{len(timed)} stories, {articles:,} articles ({sum(r for *_, r in timed):,} reprints) compared in "
                f"{total:.1f} s with {similarity.name} ({articles / max(total, 1e-9):.1f} articles/s; peak memory "
                f"{peak:,.0f} MB); the slowest:", ["story", "articles", "reprints", "seconds"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
