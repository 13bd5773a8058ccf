"""Reprint detection as wire copy piles up: the cost of a new copy when every earlier copy is an LSH candidate.

    python benchmarks/reprint_scale.py [--texts 180] [--copies 30 100]

Real article texts (BASIL, ../shared/data/clustering/basil) are each printed ``--copies`` times, every copy trimmed
by up to a tenth at each end, and added in a shuffled order to one ``ReprintIndex``, the way ``rashomon cluster``
adds them: each found copy joins the reprint group of what it copies. Two rows per copy count, in one run: every
candidate confirmed (``ReprintIndex.add`` without groups, the behaviour before session 25) and candidates confirmed
by reprint group, the original first (what the clustering does). Reported: milliseconds per added article, how many
were found to be reprints and how many originals they have (both rows must agree).

Session 25 (2 cores, quiet): 179 texts x 30 copies 1.8-2.1 -> 1.6-1.7 ms per article; x 100 copies 11.2-11.5 ->
1.5-1.6 ms; the same 17,721 reprints of 179 originals.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from _common import print_table, shared_data
from stories import basil_docs

from rashomon.cluster.reprints import ReprintIndex


def copies_of(texts: list[str], copies: int, seed: int = 1) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    items = []
    for k in range(copies):
        for t, text in enumerate(texts):
            words = text.split()
            head, tail = rng.randint(0, len(words) // 10), rng.randint(0, len(words) // 10)
            items.append((f"{t}-{k}", " ".join(words[head:len(words) - tail])))
    rng.shuffle(items)
    return items


def run(items: list[tuple[str, str]], grouped: bool) -> tuple[float, int, int]:
    """Milliseconds per added article, reprints found, their originals."""
    stored = dict(items)
    index = ReprintIndex(stored.get)
    group: dict[str, str] = {}
    began = time.perf_counter()
    for article_id, text in items:
        _, found = index.add(article_id, text, (lambda other: group.get(other, other)) if grouped else None)
        if found:
            group[article_id] = group.get(found[0][0], found[0][0])
    elapsed = time.perf_counter() - began
    return elapsed / len(items) * 1000, len(group), len(set(group.values()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=180, help="distinct texts (BASIL articles of 150+ words)")
    parser.add_argument("--copies", type=int, nargs="+", default=[30, 100], help="copies of each text")
    args = parser.parse_args()
    root = shared_data("clustering", "basil")
    if root is None:
        print("../shared/data/clustering/basil is absent; nothing to measure.")
        return 0
    texts = [d.text for d in basil_docs(root) if len(d.text.split()) > 150][:args.texts]
    rows: list[list[object]] = []
    for copies in args.copies:
        items = copies_of(texts, copies)
        for grouped in (False, True):
            ms, reprints, originals = run(items, grouped)
            rows.append([len(texts), copies, "by reprint group" if grouped else "every candidate", f"{ms:.2f}",
                         reprints, originals])
    print_table("Reprint detection as copies pile up",
                ["texts", "copies each", "confirmed", "ms per article", "reprints", "originals"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
