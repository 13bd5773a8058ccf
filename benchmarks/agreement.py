"""How well do two annotators agree on which sentences state the same fact? (issue 17: is the target human?)

The fact-pair target of benchmarks/compare.py (F1 >= 0.75 at precision >= 0.90) is scored against one
annotation. Four tune-part BASIL events were annotated a second time, blind (without the first annotation or any
system output; benchmarks/gold/agreement/basil_second_annotator.json, same format and definition). This scores
the second annotation against the first as compare.py scores Rashomon: cross-article sentence pairs in one fact
(and in one quote group), pooled over the events. F1 is symmetric: it does not matter which annotation is gold.
With ``--system`` Rashomon's pairs on the same events are scored against each annotation too.

    python benchmarks/agreement.py [--system]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from _common import ROOT, print_table, shared_data
from compare import GOLD_DIR, Pair, basil_cases, load_gold, pairs_of, prf, rashomon_pairs

SECOND = GOLD_DIR / "agreement" / "basil_second_annotator.json"


def reference_keys(root: Path, event: dict) -> dict[str, tuple[str, int]]:
    """'N:P.S' -> (article id, sentence number) as compare.basil_cases numbers them."""
    keys = {}
    for path in sorted((root / "articles" / event["year"]).glob(f"{event['triplet']}_*.json")):
        number = path.stem.rsplit("_", 1)[1]
        paragraphs = json.loads(path.read_text(encoding="utf-8"))["body-paragraphs"]
        refs = [f"{number}:{p}.{s}" for p, paragraph in enumerate(paragraphs) for s in range(len(paragraph))]
        keys.update({ref: (f"{event['triplet'][:8]}-{number}", n) for n, ref in enumerate(refs)})
    return keys


def gold_pairs(event: dict, keys: dict[str, tuple[str, int]], kind: str) -> set[Pair]:
    return pairs_of([[keys[ref] for ref in item["support"]] for item in event[kind]])


def pooled(rows: list[tuple[set[Pair], set[Pair]]]) -> tuple[float, float, float]:
    """``prf`` of the first of each pair of sets against the second, pooled over the events (a pair names its
    articles, whose ids are the event's own, so the events' pairs never meet)."""
    return prf(set().union(*(a for a, _ in rows)), set().union(*(b for _, b in rows)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--system", action="store_true", help="also score Rashomon's pairs on these events")
    args = parser.parse_args()
    root = shared_data("clustering", "basil")
    if root is None:
        print("skipped: ../shared/data/clustering/basil is absent")
        return 0
    first = {event["triplet"]: event for event in load_gold()}
    second = json.loads(SECOND.read_text(encoding="utf-8"))["events"]
    rows, facts, quotes = [], [], []
    for event in second:
        keys = reference_keys(root, event)
        one, two = first[event["triplet"]], event
        pair = (gold_pairs(two, keys, "facts"), gold_pairs(one, keys, "facts"))
        quote = (gold_pairs(two, keys, "quotes"), gold_pairs(one, keys, "quotes"))
        facts.append(pair)
        quotes.append(quote)
        rows.append([one["event"][:60], len(pair[1]), len(pair[0]), *prf(*pair), len(quote[1]), len(quote[0]),
                     prf(*quote)[2]])
    rows.append(["pooled", sum(len(b) for _, b in facts), sum(len(a) for a, _ in facts), *pooled(facts),
                 sum(len(b) for _, b in quotes), sum(len(a) for a, _ in quotes), pooled(quotes)[2]])
    print_table("Second annotation against the first (fact pairs; quote pairs)",
                ["event", "pairs, first", "pairs, second", "precision", "recall", "F1", "quote pairs, first",
                 "quote pairs, second", "quote F1"], rows)
    if args.system:
        from rashomon.compare import AlignParams
        from rashomon.compare.similarity import encoder

        similarity = encoder("minilm")
        params = AlignParams.for_backend(similarity.name)
        names = {first[event["triplet"]]["event"]: event for event in second}
        scored: dict[str, list[tuple[set[Pair], set[Pair]]]] = {"first": [], "second": []}
        for case in basil_cases(root, ("tune",)):
            if case.name not in names:
                continue
            ours = rashomon_pairs(case, similarity, params)
            scored["first"].append((ours, case.gold))
            scored["second"].append((ours, gold_pairs(names[case.name], reference_keys(root, names[case.name]),
                                                      "facts")))
        print_table("Rashomon on the same events, against each annotation",
                    ["annotation", "precision", "recall", "F1"],
                    [[name, *pooled(found)] for name, found in scored.items()])
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "benchmarks"))
    sys.exit(main())
