"""Comparison speed and memory: where the time goes for one story of N articles.

The story is built from BASIL articles (real news texts; several events, so the alignment is busy
but the grouping is not meaningful; only time and memory are measured). Stages: annotation (spaCy,
this process), model load, and the comparison (similarity of every claim piece, alignment,
quotes, the rest), and the comparison again once the story has grown by one article, with the
sentence vectors of the earlier articles kept in the store (what `rashomon analyze` does). With
``--copies K`` it also compares the story with K wire copies of each article (another outlet, the same
text, marked as a reprint of it, as clustering marks them): copies repeat their original's claims, which
are not compared again, so the ratio to the story without copies should stay near 1, not near (K+1)².

    python benchmarks/compare_speed.py --articles 50
    python benchmarks/compare_speed.py --articles 200
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from dataclasses import replace

from _common import print_table, shared_data

from rashomon.compare import StoryArticle, compare_story
from rashomon.compare.similarity import CachedEncoder, encoder
from rashomon.models import Article
from rashomon.nlp.pipeline import annotate_articles
from rashomon.store import Store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--copies", type=int, default=0, help="also compare with this many reprints of each article")
    args = parser.parse_args()
    basil = shared_data("clustering", "basil")
    if basil is None:
        print("../shared/data/clustering/basil is absent; nothing to measure.")
        return 0
    articles = []
    for path in sorted(basil.glob("articles/*/*.json"))[: args.articles]:
        data = json.loads(path.read_text(encoding="utf-8"))
        text = "\n\n".join(" ".join(p) for p in data["body-paragraphs"])
        articles.append(Article(id=path.stem, source=str(path), text=text, outlet=data["source"].lower(),
                                language="en"))
    rows = []
    started = time.perf_counter()
    annotations = annotate_articles(articles)
    rows.append(["annotate (spaCy, one process)", time.perf_counter() - started])
    started = time.perf_counter()
    similarity = encoder()
    similarity.similarity(["warm up"])
    rows.append([f"load sentence model ({similarity.name})", time.perf_counter() - started])
    story = [StoryArticle(a, n) for a, n in zip(articles, annotations, strict=True)]
    started = time.perf_counter()
    result = compare_story(story, similarity)
    alone = time.perf_counter() - started
    rows.append(["compare (similarity + alignment + quotes + rest)", alone])
    cached = CachedEncoder(similarity, Store())
    compare_story(story[:-1], cached)  # the story as it was before its last article arrived
    started = time.perf_counter()
    compare_story(story, cached)
    rows.append(["compare again after one more article (sentence vectors kept in the store)",
                 time.perf_counter() - started])
    if args.copies:
        copies = [StoryArticle(replace(item.article, id=f"{item.article.id}-copy{k}", outlet=f"wire client {k}"),
                               item.annotation, item.article.id) for item in story for k in range(args.copies)]
        started = time.perf_counter()
        compare_story([*story, *copies], similarity)
        seconds = time.perf_counter() - started
        rows.append([f"compare with {args.copies} wire copies of each article ({len(story) + len(copies)} articles; "
                     f"{seconds / alone:.2f}x the story without copies)", seconds])
    claims = sum(len(n.claims) for n in annotations)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print_table(f"One story of {len(articles)} articles ({sum(len(a.text.split()) for a in articles):,} words, "
                f"{claims:,} claims; {len(result['facts'])} facts, {len(result['quotes'])} quote groups; "
                f"peak memory {peak:,.0f} MB)", ["stage", "seconds"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
