"""Annotation speed and memory on real articles (PolNeAR train texts from ../shared/data).

    python benchmarks/annotate_speed.py [--articles 300]

Rows, on the same articles in one run: spaCy alone (nlp.pipe over the paragraphs, one process; the
ceiling), Rashomon's whole annotation in one process (spaCy + its steps; the difference is what the
steps add), and Rashomon's `annotate` on a store with both cores (worker processes).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import print_table, shared_data

from rashomon.models import Article, RawDocument
from rashomon.nlp import annotate, annotate_articles, model
from rashomon.nlp.document import paragraphs
from rashomon.settings import Settings
from rashomon.store import Store


def load_articles(limit: int) -> list[Article]:
    root = shared_data("quotes", "polnear", "data", "train", "text")
    if root is None:
        return []
    files = sorted(root.glob("*.txt"))[:limit]
    return [Article(id=f.stem[:40], source=f.name, text=f.read_text(encoding="utf-8"), language="en") for f in files]


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    articles = load_articles(args.articles)
    if not articles:
        print("PolNeAR is absent (../shared/data/quotes/polnear); nothing to do.")
        return 0
    nlp = model.load()
    pieces = [p for a in articles for _, p in paragraphs(a.text)]
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(pieces, batch_size=128))
    spacy_seconds = time.perf_counter() - started

    started = time.perf_counter()
    annotate_articles(articles, Settings())
    one_process = time.perf_counter() - started

    with Store(":memory:") as store:
        for article in articles:
            raw = RawDocument(source=article.source, format="text", content=article.text.encode(),
                              text=article.text, encoding="utf-8")
            store.add_document(raw, Article(id=raw.id, source=raw.source, text=article.text, raw_id=raw.id,
                                            language="en"))
        started = time.perf_counter()
        annotate(store, settings=Settings(workers=2))
        two_cores = time.perf_counter() - started

    n = len(articles)
    rows = [
        ["spaCy nlp.pipe only (1 process)", n / spacy_seconds, tokens / spacy_seconds, spacy_seconds],
        ["rashomon annotate_articles (1 process)", n / one_process, tokens / one_process, one_process],
        ["rashomon annotate, store, workers=2", n / two_cores, tokens / two_cores, two_cores],
    ]
    print_table(f"Annotation speed: {n} PolNeAR train articles, {tokens} tokens", [
        "run", "articles/s", "tokens/s", "seconds"], [[r[0], r[1], round(r[2]), f"{r[3]:.1f}"] for r in rows])
    print(f"\nRashomon's own steps add {100 * (one_process / spacy_seconds - 1):.0f}% on top of spaCy "
          f"(one process); peak memory {peak_mb():.0f} MB (largest process).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
