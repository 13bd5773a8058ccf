"""Quote and attribution extraction on PolNeAR (../shared/data/quotes/polnear).

    python benchmarks/quotes.py [--split dev|train] [--limit N] [--check] [--errors FILE]

Scores, per system, over all articles of the split (one annotator's file per article):
- content P/R/F1: a prediction matches a gold Content span when their characters overlap by at
  least half of the shorter one (one-to-one, greedy in text order);
- speaker accuracy on matched items: the predicted speaker span overlaps the gold Source span by
  at least half of the shorter one, or the speaker was resolved to a name the gold Source contains
  (items whose gold has no Source are left out); a second column also counts the antecedent of a gold
  relative pronoun as right ("Barkley, who said …": PolNeAR's Source is "who"); the pinned floor and
  the issue's target use the first column;
- the same restricted to direct quotes (gold content inside quote marks), plus direct-quote recall.
PolNeAR is univocal (a token belongs to at most one attribution), so a predicted quote nested inside
another predicted quote (a partial quote inside reported speech) is folded into the outer one, and
the two pieces of a quote split by its own cue ('“Judge,” Brafman said, “I have never …”'), which
PolNeAR annotates as one Content span, are joined (for Rashomon and textacy alike: both give the cue).

Reference rows on the same spaCy docs: textacy's direct_quotations run per paragraph (it raises on
an odd number of quote marks over a whole article), and a plain baseline: quote marks + the
nearest speech verb's subject in the same sentence.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import check_floors, floor_status, print_table, shared_data

from rashomon.models import Article
from rashomon.nlp import model
from rashomon.nlp.document import paragraphs
from rashomon.nlp.pipeline import annotate_articles

QUOTE_MARKS = "\"“”„«»"


@dataclass
class Gold:
    content: set[int]
    source: set[int]
    direct: bool


@dataclass
class Prediction:
    content: set[int]
    speaker: set[int]
    direct: bool
    resolved: str | None = None
    cue: int | None = None  # offset of the cue's first character


@dataclass
class Tally:
    """Counts for one system: content matches, speaker hits, and the direct-quote subset."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_scored: int = 0
    speaker_ok: int = 0
    speaker_ok_antecedent: int = 0  # also right: the antecedent of a gold relative pronoun ("Barkley, who said")
    direct_gold: int = 0
    direct_predicted: int = 0
    direct_matched: int = 0
    direct_found: int = 0  # gold direct quotes matched by a prediction of any kind
    direct_speaker_scored: int = 0
    direct_speaker_ok: int = 0
    misses: list[dict] = field(default_factory=list)
    speaker_misses: list[dict] = field(default_factory=list)

    def row(self, name: str, seconds: float) -> list[object]:
        p, r, f = _prf(self.matched, self.predicted, self.gold)
        dp, dr, df = _prf(self.direct_matched, self.direct_predicted, self.direct_gold)
        return [name, p, r, f, _ratio(self.speaker_ok, self.speaker_scored),
                _ratio(self.speaker_ok_antecedent, self.speaker_scored), dp, dr, df,
                _ratio(self.direct_found, self.direct_gold), _ratio(self.direct_speaker_ok, self.direct_speaker_scored),
                f"{seconds:.1f}"]

    def metrics(self) -> dict[str, float]:
        p, r, f = _prf(self.matched, self.predicted, self.gold)
        return {"content_precision": p, "content_recall": r, "content_f1": f,
                "speaker_accuracy": _ratio(self.speaker_ok, self.speaker_scored),
                "direct_f1": _prf(self.direct_matched, self.direct_predicted, self.direct_gold)[2],
                "direct_recall": _ratio(self.direct_found, self.direct_gold),
                "direct_speaker_accuracy": _ratio(self.direct_speaker_ok, self.direct_speaker_scored)}


def _prf(matched: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = matched / predicted if predicted else 0.0
    r = matched / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def overlaps(a: set[int], b: set[int]) -> bool:
    """The matching rule: shared characters cover at least half of the shorter span."""
    return bool(a) and bool(b) and len(a & b) >= 0.5 * min(len(a), len(b))


# --- data ----------------------------------------------------------------------------------------

def load_split(split: str, limit: int | None) -> list[tuple[str, str, list[Gold]]]:
    root = shared_data("quotes", "polnear", "data", split)
    if root is None:
        return []
    chosen: dict[str, Path] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        name = re.sub(r"_[0-9a-f]{4}\.ann$", "", ann.name)
        chosen.setdefault(name, ann)
    items = []
    for name, ann in sorted(chosen.items())[:limit]:
        text_file = root / "text" / f"{name}.txt"
        if text_file.exists():
            text = text_file.read_text(encoding="utf-8")
            items.append((name, text, _gold(ann.read_text(encoding="utf-8"), text)))
    return items


def _gold(standoff: str, text: str) -> list[Gold]:
    spans: dict[str, tuple[str, set[int]]] = {}
    relations = []
    for line in standoff.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, ranges = parts[1].partition(" ")
            chars: set[int] = set()
            for piece in ranges.split(";"):
                start, end = (int(x) for x in piece.split())
                chars.update(range(start, end))
            spans[parts[0]] = (kind, chars)
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    gold = []
    for relation in relations:
        content = spans.get(relation.get("Content", ""), ("", set()))[1]
        if not content:
            continue
        source = spans.get(relation.get("Source", ""), ("", set()))[1]
        gold.append(Gold(content, source, _is_direct(text, content)))
    return gold


def _is_direct(text: str, content: set[int]) -> bool:
    start, end = min(content), max(content) + 1
    before = text[max(0, start - 2):start + 1]
    after = text[max(0, end - 1):end + 2]
    if any(m in before for m in QUOTE_MARKS) and any(m in after for m in QUOTE_MARKS):
        return True
    # NYT archive text writes quotes as ''...'' (the closing pair after a comma or full stop)
    return "''" in text[max(0, start - 3):start + 2] and "''" in text[max(0, end - 2):end + 3]


def _published(name: str) -> date | None:
    match = re.search(r"_(\d{4}-\d{2}-\d{2})_", name)
    return date.fromisoformat(match.group(1)) if match else None


# --- systems -------------------------------------------------------------------------------------

def rashomon_predictions(items: list[tuple[str, str, list[Gold]]]) -> list[list[Prediction]]:
    articles = [Article(id=name, source=name, text=text, language="en", published=_published(name))
                for name, text, _ in items]
    out = []
    for annotation in annotate_articles(articles):
        predictions = [Prediction(set(range(q.start, q.end)),
                                  set(range(q.speaker_start, q.speaker_end)) if q.speaker_start is not None else set(),
                                  q.kind == "direct", q.speaker_resolved, q.cue_start) for q in annotation.quotes]
        out.append(fold_nested(join_around_cue(predictions)))
    return out


def join_around_cue(predictions: list[Prediction]) -> list[Prediction]:
    """A quote split by its own cue ('“Judge,” Brafman said, “I have never …”') is one PolNeAR
    attribution whose content runs across the cue; systems that record the two pieces get them joined."""
    joined: list[Prediction] = []
    for p in sorted(predictions, key=lambda p: min(p.content, default=0)):
        last = joined[-1] if joined else None
        if last is not None and p.direct and last.direct and p.cue is not None and p.cue == last.cue and \
                max(last.content) < p.cue < min(p.content):
            joined[-1] = replace(last, content=set(range(min(last.content), max(p.content) + 1)))
        else:
            joined.append(p)
    return joined


def fold_nested(predictions: list[Prediction]) -> list[Prediction]:
    """Drop predictions whose content lies inside another prediction's content (univocal gold)."""
    return [p for p in predictions
            if not any(o is not p and p.content < o.content for o in predictions)]


def reference_predictions(items: list[tuple[str, str, list[Gold]]]) -> dict[str, list[list[Prediction]]]:
    """textacy per paragraph and the quote-mark baseline, on the same spaCy parses."""
    from textacy.extract.triples import direct_quotations

    nlp = model.load()
    textacy_rows, baseline_rows = [], []
    for _, text, _ in items:
        pieces = paragraphs(text)
        docs = list(nlp.pipe([p for _, p in pieces], batch_size=64))
        textacy_preds: list[Prediction] = []
        baseline_preds: list[Prediction] = []
        for (offset, _), doc in zip(pieces, docs, strict=True):
            try:
                for triple in direct_quotations(doc):
                    content = set(range(offset + triple.content.start_char, offset + triple.content.end_char))
                    speaker = {offset + t.idx + i for t in triple.speaker for i in range(len(t.text))}
                    cue = offset + triple.cue[0].idx if triple.cue else None
                    textacy_preds.append(Prediction(content, speaker, True, cue=cue))
            except (ValueError, IndexError, AttributeError):
                pass
            baseline_preds += _baseline(doc, offset)
        textacy_rows.append(join_around_cue(textacy_preds))
        baseline_rows.append(baseline_preds)
    return {"textacy direct_quotations (per paragraph)": textacy_rows, "quote marks + verb subject": baseline_rows}


BASELINE_VERBS = {"say", "tell", "add", "write", "ask", "note", "explain", "argue", "claim", "announce", "state"}


def _baseline(doc, offset: int) -> list[Prediction]:
    """Every quoted stretch; speaker = subject of the nearest speech verb outside it in the sentence."""
    preds = []
    for match in re.finditer(r"[\"“]([^\"“”]{3,}?)[\"”]", doc.text):
        start, end = match.span(1)
        sentence = doc.char_span(match.start(), match.start() + 1, alignment_mode="expand").sent
        verbs = [t for t in sentence if t.lemma_ in BASELINE_VERBS and not (start <= t.idx < end)]
        speaker: set[int] = set()
        if verbs:
            verb = min(verbs, key=lambda t: min(abs(t.idx - start), abs(t.idx - end)))
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                tokens = [t for t in subject.subtree]
                speaker = set(range(offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1].text)))
        preds.append(Prediction(set(range(offset + start, offset + end)), speaker, True))
    return preds


# --- scoring -------------------------------------------------------------------------------------

def score(items: list[tuple[str, str, list[Gold]]], predictions: list[list[Prediction]], tally: Tally) -> None:
    for (name, text, gold), preds in zip(items, predictions, strict=True):
        tally.gold += len(gold)
        tally.predicted += len(preds)
        tally.direct_gold += sum(g.direct for g in gold)
        tally.direct_predicted += sum(p.direct for p in preds)
        used: set[int] = set()
        for g in gold:
            match = next((i for i, p in enumerate(preds) if i not in used and overlaps(p.content, g.content)), None)
            if match is None:
                tally.misses.append({"article": name, "gold": _text(text, g.content), "direct": g.direct})
                continue
            used.add(match)
            p = preds[match]
            tally.matched += 1
            tally.direct_found += g.direct
            tally.direct_matched += g.direct and p.direct
            if g.source:
                ok = speaker_ok(p, g, text)
                if not ok:
                    tally.speaker_misses.append({"article": name, "gold": _text(text, g.source), "direct": g.direct,
                                                 "predicted": _text(text, p.speaker) if p.speaker else None,
                                                 "resolved": p.resolved, "content": _text(text, g.content)[:100]})
                tally.speaker_scored += 1
                tally.speaker_ok += ok
                tally.speaker_ok_antecedent += ok or antecedent_ok(p, g, text)
                if g.direct:
                    tally.direct_speaker_scored += 1
                    tally.direct_speaker_ok += ok


def antecedent_ok(p: Prediction, g: Gold, text: str) -> bool:
    """PolNeAR marks a relative pronoun as the Source ("Barkley, who said …" → "who"); the speaker a
    reader wants is its antecedent: a predicted speaker ending right before it (only spaces and a comma
    between) counts in the second speaker column."""
    if not p.speaker or _text(text, g.source).strip().lower() not in ("who", "which", "that"):
        return False
    between = text[max(p.speaker) + 1:min(g.source)]
    return len(between) <= 3 and not between.strip(" ,\n")


def speaker_ok(p: Prediction, g: Gold, text: str) -> bool:
    """The speaker span overlaps the gold Source, or the speaker resolved to a name that the gold Source
    names (a pronoun's antecedent, the speaker of a continued quote)."""
    if overlaps(p.speaker, g.source):
        return True
    if not p.resolved:
        return False
    surname = p.resolved.split()[-1].lower()
    return len(surname) > 2 and re.search(rf"\b{re.escape(surname)}\b", _text(text, g.source).lower()) is not None


def _text(text: str, chars: set[int]) -> str:
    return text[min(chars):max(chars) + 1][:200]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, help="first N articles")
    parser.add_argument("--only-rashomon", action="store_true", help="skip the reference rows")
    parser.add_argument("--check", action="store_true", help="fail when a pinned floor is not met")
    parser.add_argument("--errors", type=Path, help="write rashomon's missed gold spans to this JSON file")
    args = parser.parse_args()
    if not args.only_rashomon and importlib.util.find_spec("textacy") is None:
        # said before the minutes of scoring, not after them
        print("textacy is not installed, and the reference rows need it: pip install -e '.[bench]', or run with "
              "--only-rashomon", file=sys.stderr)
        return 2
    items = load_split(args.split, args.limit)
    if not items:
        print("PolNeAR is absent (../shared/data/quotes/polnear); nothing to do.")
        return 0
    rows = []
    started = time.perf_counter()
    tally = Tally()
    score(items, rashomon_predictions(items), tally)
    rows.append(tally.row("rashomon", time.perf_counter() - started))
    if not args.only_rashomon:
        started = time.perf_counter()
        for name, predictions in reference_predictions(items).items():
            reference = Tally()
            score(items, predictions, reference)
            rows.append(reference.row(name, time.perf_counter() - started))
    header = ["system", "content P", "content R", "content F1", "speaker acc", "speaker acc (antecedent)",
              "direct P", "direct R", "direct F1",
              "direct recall (any kind)", "direct speaker acc", "seconds"]
    print_table(f"PolNeAR {args.split}: {len(items)} articles, {tally.gold} attributions "
                f"({tally.direct_gold} direct)", header, rows)
    if args.errors:
        errors = {"content_misses": tally.misses, "speaker_misses": tally.speaker_misses}
        args.errors.write_text(json.dumps(errors, indent=1, ensure_ascii=False), encoding="utf-8")
    if args.check:
        return floor_status(check_floors("quotes.polnear", tally.metrics()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
