"""Train the same-fact pair model (src/rashomon/compare/pair_model.json) from real labelled pairs.

Training data: the tune part of the fact gold (BASIL tune events in benchmarks/gold/, NYT / Fox /
HuffPost on one event, plus the demo's dam-collapse story). Every cross-article pair of claims that the
runtime would score (the similarity prefilter of ``AlignParams``) is one example: positive when the
two claims' sentences support one gold fact, negative otherwise. The report part is never read.

The model is an L2-regularised logistic regression fitted by Newton's method (numpy only; a few
seconds), one per similarity backend (minilm and lexical).

    python benchmarks/train_pairs.py            # train both backends and write the model file
    python benchmarks/train_pairs.py --dry-run  # print the weights and tune-part fit, write nothing
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

import numpy as np
from _common import ROOT, shared_data
from compare import Case, basil_cases, demo_case, sentence_of

from rashomon.compare import AlignParams, prepare
from rashomon.compare.pairs import FEATURES, MODEL_FILE, PairFeatures, candidate_pairs
from rashomon.compare.similarity import encoder

MODEL_PATH = ROOT / "src" / "rashomon" / "compare" / MODEL_FILE
L2 = 1.0  # ridge on the weights (not the bias); the fit barely moves between 0.3 and 3
POSITIVE_WEIGHT = 1.0  # examples are not reweighted: the threshold is tuned on the linkage, not here


def examples(cases: list[Case], backend: str) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every scored cross-article claim pair of the cases."""
    similarity = encoder(backend)
    params = AlignParams.for_backend(similarity.name)
    rows, labels = [], []
    for case in cases:
        prepared = prepare(case.story, similarity)
        units = prepared.units
        pairs = candidate_pairs(units, prepared.similarity, params.prefilter)
        if not pairs:
            continue
        rows.append(PairFeatures(units, prepared.similarity, prepared.vectors).matrix(pairs))
        for i, j in pairs:
            a = (units[i].article_id, sentence_of(case, units[i].article_id, units[i].start))
            b = (units[j].article_id, sentence_of(case, units[j].article_id, units[j].start))
            labels.append(frozenset((a, b)) in case.gold)
    return np.vstack(rows), np.array(labels, dtype=np.float64)


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 50) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method."""
    design = np.hstack([x, np.ones((len(x), 1))])
    theta = np.zeros(design.shape[1])
    ridge = np.eye(design.shape[1]) * l2
    ridge[-1, -1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-design @ theta))
        gradient = design.T @ (p - y) + ridge @ theta
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + ridge
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    return theta[:-1], float(theta[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="print the fit, write nothing")
    args = parser.parse_args()
    basil = shared_data("clustering", "basil")
    if basil is None:
        print("../shared/data/clustering/basil is absent; nothing to train on.")
        return 1
    cases = [demo_case(), *basil_cases(basil, parts=("tune",))]
    names = [c.name for c in cases]
    models = {}
    for backend in ("minilm", "lexical"):
        x, y = examples(cases, backend)
        weights, bias = fit(x, y)
        p = 1.0 / (1.0 + np.exp(-(x @ weights + bias)))
        predicted = p >= 0.5
        precision = (predicted & (y == 1)).sum() / max(1, predicted.sum())
        recall = (predicted & (y == 1)).sum() / max(1, (y == 1).sum())
        print(f"{backend}: {len(y)} pairs, {int(y.sum())} positive; at p>=0.5 pair precision {precision:.3f} "
              f"recall {recall:.3f} (tune part, before linkage)")
        for name, weight in zip(FEATURES, weights, strict=True):
            print(f"  {name:18s} {weight:+.3f}")
        print(f"  {'bias':18s} {bias:+.3f}")
        models[backend] = {"features": list(FEATURES), "weights": [round(float(w), 4) for w in weights],
                           "bias": round(bias, 4), "pairs": len(y), "positives": int(y.sum())}
    if args.dry_run:
        return 0
    about = (f"Same-fact pair model, trained {date.today().isoformat()} by benchmarks/train_pairs.py on the tune "
             f"part of the fact gold: {'; '.join(names)}. L2 logistic regression (l2={L2}). The report part "
             "(benchmarks/gold, part=report) was not used.")
    MODEL_PATH.write_text(json.dumps({"about": about, "models": models}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
