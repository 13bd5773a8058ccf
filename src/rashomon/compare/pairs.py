"""Does this sentence state the same fact as that one? A small learned pair model.

Two claims from different articles are described by a handful of features that a reader would check —
how alike the sentences are, how alike they are once what every sentence of the story shares is taken
away (in a story every sentence names the same people), which content words they share (weighted by
how rare each is in the story), shared numbers, an amount only one gives, shared rare names, two
different people, the same quoted words, opposite polarity, length — and a logistic model turns them
into the probability that both state the same fact. The weights are learned from real labelled pairs by
``benchmarks/train_pairs.py`` (BASIL tune events and the demo story; the file says what it was trained
on) and ship as ``pair_model.json``, one model per similarity backend.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from rashomon.compare.align import AlignParams, Unit, informative, same_amount, unmatched_amount
from rashomon.nlp.lexicon import words

FEATURES = ("sim", "centered", "overlap", "numbers_shared", "amount_unmatched", "names_rare", "people_clash",
            "quoted", "negation", "length", "best_match", "margin", "entities", "leads", "sim_squared")
MODEL_FILE = "pair_model.json"
PAIR_BLOCK = 8192  # pairs whose centred cosines are computed at once
# Features a contradiction changes by its nature (another person, another amount, a negation): they are
# set to "no difference" when asking whether two claims state the same fact apart from one detail.
DETAIL_FEATURES = ("people_clash", "amount_unmatched", "negation")
# Neutralised probability at which two claims count as one statement for the contradiction checks
# (benchmarks/conflicts.py, tune stories).
SAME_BUT_DETAIL = 0.35
STEM = 6  # words are compared by their first letters: "announced" and "announces" are one word
MIN_WORD = 3
STOP = words("""the and for that with this from have has had was were are been being will would could should
said says say saying told tells also but not its his her their they them there then than who whom which what when
where while about after before over into onto upon more most some such only other any each very just can may might
one two new last year years week day time people according reported report reports mr mrs ms dr""")
NEGATED = re.compile(r"\b(?:not|never|no|n't|den(?:y|ies|ied)|reject(?:s|ed)?|yet to)\b|n[’']t\b", re.IGNORECASE)
WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]+")


@dataclass(frozen=True)
class PairModel:
    """Logistic weights over ``FEATURES`` for one similarity backend."""

    backend: str
    weights: tuple[float, ...]
    bias: float
    about: str = ""

    def probability(self, features: np.ndarray) -> np.ndarray:
        z = features @ np.asarray(self.weights, dtype=np.float64) + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    @classmethod
    def load(cls, backend: str) -> PairModel:
        """The shipped model for ``backend`` (minilm or lexical)."""
        return _load(backend)


@cache
def _load(backend: str) -> PairModel:
    data = json.loads(resources.files("rashomon.compare").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    entry = data["models"].get(backend) or data["models"]["lexical"]
    if tuple(entry["features"]) != FEATURES:
        raise ValueError(f"{MODEL_FILE}: features {entry['features']} differ from the code's {FEATURES}; "
                         "retrain with benchmarks/train_pairs.py")
    return PairModel(backend, tuple(entry["weights"]), float(entry["bias"]), data.get("about", ""))


def stem(word: str) -> str:
    """A word cut to its first ``STEM`` letters, lower case: "announced" and "announces" are one word."""
    return word.lower()[:STEM]


def stems(text: str) -> frozenset[str]:
    """The claim's content words, stemmed."""
    return frozenset(stem(w) for w in WORDS.findall(text) if len(w) >= MIN_WORD and w.lower() not in STOP)


class PairFeatures:
    """Computes ``FEATURES`` for pairs of one story's claims."""

    def __init__(self, units: Sequence[Unit], similarity: np.ndarray, vectors: np.ndarray | None) -> None:
        self.units = units
        self.similarity = similarity
        self.words = [stems(u.pieces[0] if u.pieces else u.text) for u in units]
        df = Counter(w for words in self.words for w in words)
        n = max(1, len(units))
        self.idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
        share: Counter[str] = Counter(e for u in units for e in u.entities)
        self.rarity = {e: max(0.0, 1 - min(1.0, 2 * c / n)) for e, c in share.items()}
        self.negated = [bool(NEGATED.search(u.text)) for u in units]
        self.centered = _centered(vectors) if vectors is not None else None
        self.gram = None if vectors is not None else similarity
        # each claim's best similarity in every other article: a pair that is each other's best match
        # across two articles is far more often the same fact than one of several look-alikes
        self.article_of = np.array([hash(u.article_id) for u in units])
        self.best: dict[tuple[int, int], float] = {}
        for article in set(self.article_of.tolist()):
            columns = self.article_of == article
            if similarity.size:
                best = similarity[:, columns].max(axis=1)
                for i, value in enumerate(best.tolist()):
                    self.best[(i, article)] = value

    def matrix(self, pairs: Sequence[tuple[int, int]]) -> np.ndarray:
        """One row of features per pair."""
        rows = np.zeros((len(pairs), len(FEATURES)), dtype=np.float64)
        centered = self._centered_pairs(pairs)
        for row, (i, j) in enumerate(pairs):
            rows[row] = self.row(i, j, centered[row])
        return rows

    def row(self, i: int, j: int, centered: float) -> list[float]:
        a, b = self.units[i], self.units[j]
        shared_numbers = sum(1 for x in a.numbers if informative(x) and any(same_amount(x, y) for y in b.numbers))
        rare = sorted((self.rarity.get(e, 0.0) for e in a.entities & b.entities), reverse=True)[:2]
        wa, wb = self.words[i], self.words[j]
        # fsum: exactly rounded whatever the sets' order (which turns on PYTHONHASHSEED), so a pair's features
        # are the same bits in every process
        total = math.fsum([*(self.idf[w] for w in wa), *(self.idf[w] for w in wb)])
        overlap = 2 * math.fsum(self.idf[w] for w in wa & wb) / total if total else 0.0
        clash = bool(a.people and b.people and not (a.people & b.people))
        la, lb = len(a.text.split()), len(b.text.split())
        value = float(self.similarity[i, j])
        best_i = self.best.get((i, int(self.article_of[j])), value)
        best_j = self.best.get((j, int(self.article_of[i])), value)
        union = len(a.entities | b.entities)
        return [value, centered, overlap, float(min(2, shared_numbers)),
                float(unmatched_amount(a, b) or unmatched_amount(b, a)), float(sum(rare)), float(clash),
                float(bool(a.quoted & b.quoted)), float(self.negated[i] != self.negated[j]),
                min(la, lb) / max(la, lb, 1), float(value >= best_i - 1e-6) + float(value >= best_j - 1e-6),
                value - max(best_i, best_j), len(a.entities & b.entities) / union if union else 0.0,
                float(a.position <= 1 and b.position <= 1), value * value]

    def _centered_pairs(self, pairs: Sequence[tuple[int, int]]) -> np.ndarray:
        if not pairs:
            return np.zeros(0)
        left = np.array([i for i, _ in pairs])
        right = np.array([j for _, j in pairs])
        if self.centered is not None:  # in blocks: two rows of vectors per pair would not fit for big stories
            return np.concatenate([np.einsum("ij,ij->i", self.centered[left[k:k + PAIR_BLOCK]],
                                             self.centered[right[k:k + PAIR_BLOCK]])
                                   for k in range(0, len(pairs), PAIR_BLOCK)]).astype(np.float64)
        gram = np.asarray(self.gram, dtype=np.float64)  # lexical: centre through the Gram matrix
        rows = gram.mean(axis=1)
        total = rows.mean()
        norms = np.sqrt(np.maximum(np.diag(gram) - 2 * rows + total, 1e-9))
        values = gram[left, right] - rows[left] - rows[right] + total
        return values / (norms[left] * norms[right])


def _centered(vectors: np.ndarray) -> np.ndarray:
    """Unit vectors with the story's mean direction taken away."""
    shifted = vectors.astype(np.float64) - vectors.mean(axis=0, keepdims=True)
    norms = np.linalg.norm(shifted, axis=1, keepdims=True)
    return shifted / np.maximum(norms, 1e-9)


def candidate_pairs(units: Sequence[Unit], similarity: np.ndarray, prefilter: float) -> list[tuple[int, int]]:
    """Cross-article claim pairs worth scoring: similar enough, or quoting the same words (i < j)."""
    n = len(units)
    if n < 2:
        return []
    articles = np.array([hash(u.article_id) for u in units])
    cross = articles[:, None] != articles[None, :]
    keep = np.triu((similarity >= prefilter) & cross, k=1)
    pairs = {(int(i), int(j)) for i, j in np.argwhere(keep)}
    by_run: dict[str, list[int]] = {}
    for unit in units:
        for run in unit.quoted:
            by_run.setdefault(run, []).append(unit.index)
    for members in by_run.values():
        for x in members:
            for y in members:
                if x < y and cross[x, y]:
                    pairs.add((x, y))
    return sorted(pairs)


def pair_probabilities(units: Sequence[Unit], similarity: np.ndarray, vectors: np.ndarray | None,
                       model: PairModel, params: AlignParams) -> dict[tuple[int, int], float]:
    """The same-fact probability of every candidate pair of claims that reaches ``params.edge``."""
    return scored_pairs(units, similarity, vectors, model, params)[0]


def scored_pairs(units: Sequence[Unit], similarity: np.ndarray, vectors: np.ndarray | None, model: PairModel,
                 params: AlignParams) -> tuple[dict[tuple[int, int], float], dict[tuple[int, int], float]]:
    """Both questions asked of the candidate pairs, from one computation of their features: the same-fact
    probability of those reaching ``params.edge`` (what the aligner groups), and, for pairs of independent
    sources, the probability that they state one fact but for one detail (the contradiction candidates,
    reaching SAME_BUT_DETAIL)."""
    pairs = candidate_pairs(units, similarity, params.prefilter)
    if not pairs:
        return {}, {}
    features = PairFeatures(units, similarity, vectors).matrix(pairs)
    same = model.probability(features)
    for name in DETAIL_FEATURES:
        features[:, FEATURES.index(name)] = 0.0
    detail = model.probability(features)
    scores = {pair: float(p) for pair, p in zip(pairs, same, strict=True) if p >= params.edge}
    candidates = {pair: float(p) for pair, p in zip(pairs, detail, strict=True)
                  if p >= SAME_BUT_DETAIL and units[pair[0]].origin != units[pair[1]].origin}
    return scores, candidates
