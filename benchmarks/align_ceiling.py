"""How much of the fact gold the aligner's grouping can reach at all: alignment with perfect pair scores.

Every cross-article pair of claims whose sentences the gold puts in one fact gets probability 1.0, every other
pair nothing, and ``rashomon.compare.align.align`` groups them as it groups the pair model's probabilities. The
pair precision / recall / F1 of the facts it builds is the ceiling of the grouping itself: what a perfect pair
model would score. Gold facts are fine-grained (a lead sentence states several; one article states a fact in two
or three sentences), so a grouping that puts each claim in one fact, plus ``extra_facts`` second facts, and never
two claims of one article in a fact, loses pairs however good the pair model is.

Rows: today's parameters (``AlignParams()``), and a grouping that lets any claim of an article the fact already
holds support it too (``held=True``) and a claim support up to 3 other facts (``extra_facts=3``).

    python benchmarks/align_ceiling.py            # tune and report parts (needs ../shared/data)

Session 17: tune P 0.990 R 0.621 F1 0.763, report P 0.991 R 0.716 F1 0.831 today; with held claims and 3 second
facts tune 0.954 / 0.854 / 0.901, report 0.981 / 0.910 / 0.944. The same change with the shipped pair model only
moves along its precision/recall curve on the tune part (no gain at equal precision): the pair model is the
first limit, the grouping the second.
"""

from __future__ import annotations

import sys
from dataclasses import replace

from _common import print_table, shared_data
from compare import Case, basil_cases, demo_case, pairs_of, prf, sentence_of

from rashomon.compare import AlignParams, prepare
from rashomon.compare.align import align
from rashomon.compare.similarity import encoder

STRUCTURES = {"today (AlignParams())": AlignParams(),
              "held claims, 3 second facts": replace(AlignParams(), held=True, extra_facts=3)}


def ceiling(cases: list[Case], params: AlignParams) -> tuple[float, float, float]:
    """Pooled pair P / R / F1 of ``align`` over perfect pair scores."""
    similarity = encoder("lexical")  # the claims are what matters here, not their similarity
    predicted, gold = set(), set()
    for case in cases:
        units = prepare(case.story, similarity).units
        keys = [(u.article_id, sentence_of(case, u.article_id, u.start)) for u in units]
        scores = {(i, j): 1.0 for i in range(len(units)) for j in range(i + 1, len(units))
                  if units[i].article_id != units[j].article_id and frozenset((keys[i], keys[j])) in case.gold}
        groups = align(units, scores, params)
        predicted |= {(case.name, pair) for pair in pairs_of([[keys[i] for i in g.members + g.extra]
                                                              for g in groups])}
        gold |= {(case.name, pair) for pair in case.gold}
    return prf(predicted, gold)


def main() -> int:
    basil = shared_data("clustering", "basil")
    if basil is None:
        print("../shared/data/clustering/basil is absent; nothing to measure.")
        return 0
    parts = {"tune": [demo_case(), *basil_cases(basil, parts=("tune",))], "report": basil_cases(basil, ("report",))}
    rows = []
    for name, params in STRUCTURES.items():
        for part, cases in parts.items():
            p, r, f1 = ceiling(cases, params)
            rows.append([name, part, f"{p:.3f}", f"{r:.3f}", f"{f1:.3f}"])
    print_table("Fact alignment with perfect pair scores: the grouping's ceiling",
                ["grouping", "part", "precision", "recall", "F1"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
