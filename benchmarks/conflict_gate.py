"""Where planted contradictions are lost: the similarity prefilter, the pair gate, or the checks (counts only).

For every planted conflict of the sets that ``benchmarks/conflicts.py`` reads, asks whether its two planted
sentences' claims (a) are scored at all (``pairs.candidate_pairs``, the similarity prefilter), (b) reach the
contradiction checks (between independent sources: two claims of one fact as the aligner groups them, or a pair
whose "same but for one detail" probability reaches ``pairs.SAME_BUT_DETAIL``), and (c) are found by
``compare_story``. Only counts per part and kind are printed, never a sentence, so the fresh part stays unseen.
Through the gate but not found: a check turned the pair down. Not through the gate: the pair model did not set the
two claims side by side (the office check and the story-wide checks need no gate, so some are found without it).

    python benchmarks/conflict_gate.py   # about 6 min (annotates every set once)
"""

from __future__ import annotations

import sys
from collections import Counter

from _common import print_table
from conflicts import PARTS, _sets_against, _spans, stories

from rashomon.compare import AlignParams, StoryArticle, compare_story, prepare, quoted_alike
from rashomon.compare.align import align
from rashomon.compare.pairs import SAME_BUT_DETAIL, PairModel, candidate_pairs, scored_pairs
from rashomon.compare.similarity import encoder
from rashomon.compare.speech import story_quote_groups
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
        # the gate as compare_story has it: two claims of one aligned fact, or a "same but for one detail" candidate
        scores, candidates = scored_pairs(units, prepared.similarity, prepared.vectors, model, params)
        scores = quoted_alike(units, story_quote_groups(prepared.usable, prepared.entities, prepared.owner,
                                                        similarity), scores)
        fact_of = {m: n for n, group in enumerate(align(units, scores, params)) for m in group.members}
        for conflict in story.conflicts:
            (article_a, start_a, end_a), (article_b, start_b, end_b) = _spans(story, conflict["sides"])
            pairs = sorted({(min(i.index, j.index), max(i.index, j.index))
                            for i in units if i.article_id == article_a and i.start < end_a and start_a < i.end
                            for j in units if j.article_id == article_b and j.start < end_b and start_b < j.end})
            reached = [p for p in pairs if p in scored]
            gated = any(units[i].origin != units[j].origin and (
                (i, j) in candidates or fact_of.get(i, -1) == fact_of.get(j, -2)) for i, j in pairs)
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
    print_table(f"Planted conflicts: scored by the pair model (prefilter {params.prefilter}), through the gate (one "
                f"aligned fact, or same-but-detail >= {SAME_BUT_DETAIL}), found ({similarity.name})",
                ["part", "kind", "planted", "scored", "through the gate", "found of those", "found"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
