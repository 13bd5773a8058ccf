"""Story clustering of an archive already in a store, as ``rashomon cluster`` runs it (issue 20).

    python benchmarks/cluster_store.py --db URL_OR_FILE [--every 10000]

``rashomon.cluster.cluster`` places every unclustered article of the store (reprint detection, stories, the
database writes), one clustering batch at a time; this times it and reports articles/s per slice of ``--every``
articles and the peak resident memory of the process. Clustering reads the articles' texts, not their
annotations, so an archive that ``benchmarks/scale.py`` ingested (a PostgreSQL schema it left, or any store)
can be clustered here at a size whose annotation would not fit in a session. Compare the figures with
``benchmarks/stories_scale.py`` (the in-memory clustering alone, at the same size).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

from _common import print_table

from rashomon.cluster import cluster
from rashomon.store import Store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="the store: a SQLite file or a postgresql:// URL")
    parser.add_argument("--every", type=int, default=10000, help="articles per reported slice")
    args = parser.parse_args()
    rows: list[list[object]] = []
    began = last = time.perf_counter()
    reported = 0

    def progress(done: int, total: int) -> None:
        nonlocal last, reported
        if done - reported >= args.every or (done == total and done > reported):
            now = time.perf_counter()
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            rate = (done - reported) / (now - last)
            rows.append([done, f"{rate:.1f}", f"{1000 / rate:.1f}", f"{peak:.0f}"])
            print(f"  {done} of {total}: {rows[-1][1]} articles/s, peak {peak:.0f} MB", file=sys.stderr, flush=True)
            last, reported = now, done

    with Store(args.db) as store:
        report = cluster(store, progress=progress)
        stories = len(store.stories())
    seconds = time.perf_counter() - began
    print(f"{report.placed} articles placed in {seconds:.0f} s ({report.placed / seconds:.1f} articles/s): "
          f"{report.new_stories} new stories, {report.reprints} reprints, {stories} stories stored")
    print_table("clustering a stored archive, per slice", ["articles placed", "articles/s (slice)",
                                                           "ms per article (slice)", "peak RSS MB"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
