"""Where planted contradictions are lost: the similarity prefilter, the pair gate, or the checks (counts only).

For every planted conflict of the sets that ``benchmarks/conflicts.py`` reads, asks whether its two planted sentences'
claims (a) are scored at all (``pairs.candidate_pairs``, the similarity prefilter), (b) reach the contradiction checks
(the aligner's same-fact edge, or the "same but for one detail" probability ``pairs.SAME_BUT_DETAIL``, between
independent sources), and (c) are found by ``compare_story``. Only counts per part and kind are printed, never a
sentence, so the fresh part stays unseen. Gated but not found means a check turned the pair down; planted but not
gated means the pair model did not set the two claims side by side (the office check and the story-wide checks need
no gate, so some conflicts are found without it).

    python benchmarks/conflict_gate.py   # about 6 min (annotates every set once)
"""

from __future__ import annotations

import sys
from collections import Counter

from _common import print_table
from conflicts import PARTS, _sets_against, _spans, stories

from rashomon.compare import AlignParams, StoryArticle, compare_story, prepare
from rashomon.compare.pairs import DETAIL_FEATURES, FEATURES, SAME_BUT_DETAIL, PairFeatures, PairModel, candidate_pairs
from rashomon.compare.similarity import encoder
from rashomon.nlp.pipeline import annotate_articles


def main() -> int:
    similarity = encoder("auto")
    params = AlignParams.for_backend(similarity.name)
    model = PairModel.load(similarity.name)
    counts: Counter[tuple[str, str, str]] = Counter()
    for story in stories():
        annotations = annotate_articles(story.articles)
        items = [StoryArticle(a, n) for a, n in zip(story.articles, annotations, strict=True)]
        prepared = prepare(items, similarity)
        reported = compare_story(items, similarity)["conflicts"]
        units = prepared.units
        scored = set(candidate_pairs(units, prepared.similarity, params.prefilter))
        features = PairFeatures(units, prepared.similarity, prepared.vectors)
        for conflict in story.conflicts:
            (article_a, start_a, end_a), (article_b, start_b, end_b) = _spans(story, conflict["sides"])
            pairs = sorted({(min(i.index, j.index), max(i.index, j.index))
                            for i in units if i.article_id == article_a and i.start < end_a and start_a < i.end
                            for j in units if j.article_id == article_b and j.start < end_b and start_b < j.end})
            reached = [p for p in pairs if p in scored]
            gated = False
            if reached:
                rows = features.matrix(reached)
                same = model.probability(rows)
                for name in DETAIL_FEATURES:
                    rows[:, FEATURES.index(name)] = 0.0
                detail = model.probability(rows)
                gated = any(units[i].origin != units[j].origin and (s >= params.edge or d >= SAME_BUT_DETAIL)
                            for (i, j), s, d in zip(reached, same, detail, strict=True))
            key = (story.part, conflict["kind"])
            counts[(*key, "planted")] += 1
            counts[(*key, "scored")] += bool(reached)
            counts[(*key, "gated")] += gated
            found = any(_sets_against(r, _spans(story, conflict["sides"])) for r in reported)
            counts[(*key, "found")] += found
            counts[(*key, "found, gated")] += gated and found
    rows = []
    for part in PARTS:
        kinds = sorted({kind for p, kind, _ in counts if p == part})
        for kind in [*kinds, "all"]:
            chosen = kinds if kind == "all" else [kind]
            rows.append([part, kind, *(sum(counts[(part, k, what)] for k in chosen)
                                       for what in ("planted", "scored", "gated", "found, gated", "found"))])
    print_table(f"Planted conflicts: scored by the pair model (prefilter {params.prefilter}), through the gate (same "
                f"fact >= {params.edge} or same-but-detail >= {SAME_BUT_DETAIL}), found ({similarity.name})",
                ["part", "kind", "planted", "scored", "through the gate", "found of those", "found"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
