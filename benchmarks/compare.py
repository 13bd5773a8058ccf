"""Fact alignment benchmark: are sentences that state the same fact in different articles put together?

Scored as pairs: two sentences from different articles in one fact. Gold: the demo corpus
(examples/demo/gold.json, the dam-collapse story) and 27 BASIL events (NYT / Fox / HuffPost on one
event; benchmarks/gold/basil_*.json, sentences referenced by position, no text copied), in three parts:
*tune* (8 events and the demo: models and thresholds are fitted here), *report* (13 events, never
fitted on, but their errors were read in session 11) and *fresh* (6 events annotated in session 12
without looking at any system output; only their pooled figures have been looked at).

Rows: Rashomon (claims, MiniLM or lexical similarity + shared-detail bonuses, constrained average
linkage, second memberships) and the reference users would otherwise build: MiniLM sentence
embeddings + average-linkage clustering that never puts two sentences of one article in a fact,
its threshold tuned on the tune part.

    python benchmarks/compare.py                 # report rows (needs ../shared/data)
    python benchmarks/compare.py --tune          # grid-search Rashomon's thresholds on the tune part
    python benchmarks/compare.py --errors FILE   # write Rashomon's false and missed pairs (report part)
    python benchmarks/compare.py --check         # exit 1 if a pinned floor (floors.toml) is not met
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path

import numpy as np
from _common import ROOT, check_floors, floor_status, print_table, shared_data

import rashomon.compare.omissions as omission_module
from rashomon.compare import AlignParams, StoryArticle, compare_story, prepare
from rashomon.compare.align import align, average_linkage
from rashomon.compare.pairs import PairModel, pair_probabilities
from rashomon.compare.similarity import Encoder, encoder
from rashomon.models import Article
from rashomon.nlp.pipeline import annotate_articles

GOLD_DIR = ROOT / "benchmarks" / "gold"
GOLD_FILE = GOLD_DIR / "basil_facts.json"
DEMO_GOLD = ROOT / "examples" / "demo" / "gold.json"
PRECISION_FIRST = 0.9  # tuning keeps the pair precision at or above this when it can
SentenceKey = tuple[str, int]  # (article id, sentence number)
Pair = frozenset[SentenceKey]


@dataclass
class Case:
    """One story with gold: its articles, each article's sentence extents, and the gold pairs."""

    name: str
    part: str
    story: list[StoryArticle]
    sentences: dict[str, list[tuple[int, int]]]  # article id -> sentence extents, numbered in order
    gold: set[Pair]
    quotes: list[tuple[str, list[SentenceKey]]] = field(default_factory=list)  # (speaker, sentences)
    conflicts: list[tuple[str, list[list[SentenceKey]]]] = field(default_factory=list)  # (kind, sides)
    fact_groups: list[list[SentenceKey]] = field(default_factory=list)  # the gold facts' sentences


def sentence_of(case: Case, article_id: str, offset: int) -> int:
    for number, (start, end) in enumerate(case.sentences[article_id]):
        if start <= offset < end:
            return number
    return -1


def sentences_in(case: Case, article_id: str, start: int, end: int) -> list[int]:
    """The numbers of the sentences a span overlaps."""
    return [n for n, (a, b) in enumerate(case.sentences[article_id]) if a < end and start < b] or [-1]


def pairs_of(groups: Sequence[Sequence[SentenceKey]]) -> set[Pair]:
    found = set()
    for group in groups:
        for a, b in combinations(sorted(set(group)), 2):
            if a[0] != b[0]:
                found.add(frozenset((a, b)))
    return found


def prf(predicted: set[Pair], gold: set[Pair]) -> tuple[float, float, float]:
    hits = len(predicted & gold)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(gold) if gold else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# -- data -----------------------------------------------------------------------------------------

def load_gold() -> list[dict]:
    """Every gold BASIL event: benchmarks/gold/basil_facts.json and basil_events_*.json, with the quotes and
    conflicts of basil_quotes_existing.json merged into the events they belong to."""
    events: dict[str, dict] = {}
    for path in [GOLD_FILE, *sorted(GOLD_DIR.glob("basil_events_*.json"))]:
        for event in json.loads(path.read_text(encoding="utf-8"))["events"]:
            events[event["triplet"]] = {"quotes": [], "conflicts": [], **event}
    extra = GOLD_DIR / "basil_quotes_existing.json"
    if extra.exists():
        for event in json.loads(extra.read_text(encoding="utf-8"))["events"]:
            if event["triplet"] in events:
                events[event["triplet"]]["quotes"] = event.get("quotes", [])
                events[event["triplet"]]["conflicts"] = event.get("conflicts", [])
    return list(events.values())


def basil_cases(root: Path, parts: Sequence[str] = ("tune", "report", "fresh")) -> list[Case]:
    cases = []
    for event in load_gold():
        if event["part"] not in parts:
            continue
        articles, sentences, keys = [], {}, {}
        for path in sorted((root / "articles" / event["year"]).glob(f"{event['triplet']}_*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            number = path.stem.rsplit("_", 1)[1]
            article_id = f"{event['triplet'][:8]}-{number}"
            text, extents = "", []
            for p, paragraph in enumerate(data["body-paragraphs"]):
                if text:
                    text += "\n\n"
                for s, sentence in enumerate(paragraph):
                    if s:
                        text += " "
                    keys[f"{number}:{p}.{s}"] = (article_id, len(extents))
                    extents.append((len(text), len(text) + len(sentence)))
                    text += sentence
            articles.append(Article(id=article_id, source=str(path), text=text, title=data.get("title"),
                                    outlet=data["source"].lower(), published=None, language="en"))
            sentences[article_id] = extents
        annotations = annotate_articles(articles)
        story = [StoryArticle(a, n) for a, n in zip(articles, annotations, strict=True)]
        groups = [[keys[ref] for ref in fact["support"]] for fact in event["facts"]]
        case = Case(event["event"], event["part"], story, sentences, pairs_of(groups))
        case.fact_groups = groups
        case.quotes = [(q.get("speaker", ""), [keys[ref] for ref in q["support"]]) for q in event["quotes"]]
        case.conflicts = [(c["kind"], [[keys[ref] for ref in side] for side in c["sides"]])
                          for c in event["conflicts"]]
        cases.append(case)
    return cases


def demo_case() -> Case:
    """The demo's dam-collapse story, read through the real pipeline (ingest, annotate, cluster)."""
    from rashomon.cluster import cluster
    from rashomon.demo import find_corpus
    from rashomon.ingest import ingest
    from rashomon.nlp import annotate
    from rashomon.settings import Settings
    from rashomon.store import Store

    gold = json.loads(DEMO_GOLD.read_text(encoding="utf-8"))
    corpus = find_corpus()
    assert corpus is not None
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "demo.db") as store:
        settings = Settings(workers=1)
        ingest([str(corpus)], store, settings)
        annotate(store, settings=settings)
        cluster(store)
        by_key = {}
        for item in gold["articles"]:
            for article in store.articles():
                if article.source.endswith(item["file"]) and article.locator == item["locator"]:
                    by_key[item["key"]] = article
        story_keys = next(s for s in gold["stories"] if s["id"] == "dam-collapse")["articles"]
        reprints = {a["id"]: a["reprint_of"] for s in store.stories() for a in s["articles"]}
        story = [StoryArticle(by_key[k], store.annotation(by_key[k].id), reprints.get(by_key[k].id))
                 for k in story_keys]
    sentences = {s.article.id: [(x.start, x.end) for x in s.annotation.sentences] for s in story if s.annotation}
    case = Case("demo: dam collapse", "tune", story, sentences, set())
    groups = []
    for fact in gold["facts"]:
        if fact["story"] != "dam-collapse":
            continue
        group = []
        for key, sentence in fact["support"].items():
            article = by_key[key]
            offset = article.text.find(sentence)
            assert offset >= 0, f"gold sentence not in {key}: {sentence[:40]}"
            group.append((article.id, sentence_of(case, article.id, offset)))
        groups.append(group)
    case.gold = pairs_of(groups)
    case.fact_groups = groups
    return case


# -- systems --------------------------------------------------------------------------------------

ANALYSES: dict[str, dict] = {}  # case name -> the last analysis computed for it


def rashomon_pairs(case: Case, similarity: Encoder, params: AlignParams) -> set[Pair]:
    analysis = compare_story(case.story, similarity, params)
    ANALYSES[case.name] = analysis
    groups = [[(s["article_id"], sentence_of(case, s["article_id"], s["start"])) for s in fact["support"]]
              for fact in analysis["facts"]]
    return pairs_of(groups)


VERBATIM_RUN = 5  # words in a row that two sentences share for a gold quote pair to count as "the same words"


def verbatim(case: Case, pair: Pair) -> bool:
    """Whether the two sentences of a gold quote pair share VERBATIM_RUN words in a row (the same words
    quoted by both outlets, as opposed to a paraphrase or another sentence of the same remark)."""
    texts = {s.article.id: s.article.text for s in case.story}
    runs = []
    for article_id, number in sorted(pair):
        found = re.findall(r"[\w]+", texts[article_id][slice(*case.sentences[article_id][number])].lower())
        runs.append({" ".join(found[i:i + VERBATIM_RUN]) for i in range(len(found) - VERBATIM_RUN + 1)})
    return bool(runs[0] & runs[1])


def quote_scores(cases: Sequence[Case], only_verbatim: bool = False) -> tuple[float, float, int]:
    """Shared-quote grouping: recall of the gold pairs (one remark of one speaker, quoted by two outlets) that
    land in one quote group, and the precision of the cross-outlet pairs of the groups (a pair counts as right
    when gold puts its two sentences in one quote group or one fact). ``only_verbatim``: recall over the gold
    pairs that quote the same words (``verbatim``)."""
    hits = found = right = gold_total = 0
    for case in cases:
        gold = pairs_of([keys for _, keys in case.quotes])
        if only_verbatim:
            gold = {pair for pair in gold if verbatim(case, pair)}
        groups = [[(v["article_id"], n) for v in q["variants"]
                   for n in sentences_in(case, v["article_id"], v["start"], v["end"])]
                  for q in ANALYSES[case.name]["quotes"]]
        ours = pairs_of(groups)
        hits += len(ours & gold)
        gold_total += len(gold)
        found += len(ours)
        right += len(ours & (gold | case.gold))
    return (hits / gold_total if gold_total else 0.0), (right / found if found else 0.0), gold_total


def missed_quotes(cases: Sequence[Case], every: bool = False) -> str:
    """The same-words gold quote pairs no quote group of Rashomon's holds, each with the quote groups that hold
    either of its sentences (to see whether a quote was not found, or found and grouped apart)."""
    lines = []
    for case in cases:
        texts = {s.article.id: s.article.text for s in case.story}
        groups = [(q, {(v["article_id"], n) for v in q["variants"]
                       for n in sentences_in(case, v["article_id"], v["start"], v["end"])})
                  for q in ANALYSES[case.name]["quotes"]]
        ours = pairs_of([sorted(keys) for _, keys in groups])
        gold = pairs_of([keys for _, keys in case.quotes]) if every else same_words_quotes(case)
        for pair in sorted(gold - ours, key=sorted):
            lines.append(f"MISSED [{case.name}]")
            for article_id, number in sorted(pair):
                extent = case.sentences[article_id][number]
                lines.append(f"  {article_id}#{number}: {texts[article_id][slice(*extent)]}")
                for quote, keys in groups:
                    if (article_id, number) in keys:
                        variant = next(v for v in quote["variants"] if v["article_id"] == article_id)
                        lines.append(f"    in group speaker={quote.get('speaker')!r} of {len(quote['variants'])}: "
                                     f"{variant.get('text', '')[:120]!r}")
    return "\n".join(lines) + "\n"


def omission_scores(cases: Sequence[Case], doubt: tuple[float, float] | None = None) -> tuple[int, int, int]:
    """(judged, false, unjudged) "leaves out" lines (``doubt``: as if OMISSION_DOUBT and OMISSION_SIMILARITY
    were these, the analysis having been made with every omission a "maybe", see --tune-omissions). A line
    "article A leaves out fact F" is judged when gold puts a sentence of F's support in a gold fact (or a gold
    quote group) of two or more outlets, and it is false when that gold fact (or quote) also holds a sentence
    of A: A reports it, in other words."""
    judged = false = unjudged = 0
    for case in cases:
        analysis = ANALYSES[case.name]
        facts = {f["id"]: f for f in analysis["facts"]}
        gold = [set(g) for g in case.fact_groups] + [set(keys) for _, keys in case.quotes]
        for omission in analysis["omissions"]:
            article_id = omission["article_id"]
            lines = omission["fact_ids"] + [m["fact_id"] for m in omission.get("maybe", []) if doubt is not None
                                            and m["probability"] < doubt[0] and m["similarity"] < doubt[1]]
            for fact_id in lines:
                support = {(s["article_id"], sentence_of(case, s["article_id"], s["start"]))
                           for s in facts[fact_id]["support"]}
                matching = [g for g in gold if g & support and len({a for a, _ in g}) > 1]
                if not matching:
                    unjudged += 1
                    continue
                judged += 1
                false += any(a == article_id for g in matching for a, _ in g)
    return judged, false, unjudged


def reported_elsewhere(case: Case, fact: dict, article_id: str, gold: list[set[SentenceKey]]) -> bool:
    """Whether gold puts a sentence of ``article_id`` that supports ``fact`` in a gold fact (or quote group) that
    also holds a sentence of another outlet."""
    own = {(s["article_id"], sentence_of(case, s["article_id"], s["start"]))
           for s in fact["support"] if s["article_id"] == article_id}
    return any(g & own and any(a != article_id for a, _ in g) for g in gold)


def exclusive_scores(cases: Sequence[Case]) -> tuple[int, int, int, int]:
    """(exclusive lines, false ones, "single source" brief lines, false ones). A line "only article A reports
    fact F" is false when gold puts a sentence of A that supports F in a gold fact (or a gold quote group) that
    also holds a sentence of another outlet: another outlet reports it, in other words. The gold lists every fact
    two outlets state, so an exclusive that no gold fact holds is taken as right."""
    listed = false = brief = brief_false = 0
    for case in cases:
        analysis = ANALYSES[case.name]
        facts = {f["id"]: f for f in analysis["facts"]}
        gold = [set(g) for g in case.fact_groups] + [set(keys) for _, keys in case.quotes]
        for entry in analysis["exclusives"]:
            for fact_id in entry["fact_ids"]:
                listed += 1
                false += reported_elsewhere(case, facts[fact_id], entry["article_id"], gold)
        for line in analysis["brief"]:
            if line["status"] == "single-source" and line["fact_ids"]:
                brief += 1
                brief_false += reported_elsewhere(case, facts[line["fact_ids"][0]],
                                                  line["citations"][0]["article_id"], gold)
    return listed, false, brief, brief_false


def brief_scores(cases: Sequence[Case]) -> tuple[int, int, int, int, int]:
    """(brief lines, pairs of lines that state one gold fact, citations of multi-source lines judged, of them
    citing a sentence that states nothing another citation of the line states, gold facts some line states). A
    line states a gold fact (or quote group) of two or more outlets when that holds at least half of the line's cited
    sentences, and two lines that state one are a repeat; a citation is right when gold puts its sentence in one fact
    (or quote group) with another cited sentence."""
    lines = repeats = judged = wrong = stated = 0
    for case in cases:
        gold = [set(g) for g in case.fact_groups] + [set(keys) for _, keys in case.quotes]
        gold = [g for g in gold if len({a for a, _ in g}) > 1]
        cited = []
        for line in ANALYSES[case.name]["brief"]:
            keys = {(c["article_id"], n) for c in line["citations"]
                    for n in sentences_in(case, c["article_id"], c["start"], c["end"])}
            cited.append(keys)
            if len({a for a, _ in keys}) > 1:
                for key in keys:
                    judged += 1
                    wrong += not any(key in g and any(k[0] != key[0] and k in g for k in keys) for g in gold)
        lines += len(cited)
        stated += sum(any(a and 2 * len(a & g) >= len(a) for a in cited) for g in gold)
        for i, a in enumerate(cited):
            for b in cited[i + 1:]:
                repeats += any(2 * len(a & g) >= len(a) and 2 * len(b & g) >= len(b) for g in gold)
    return lines, repeats, judged, wrong, stated


def conflict_matches(case: Case, conflict: dict, sides: list[list[SentenceKey]]) -> bool:
    """Whether a reported conflict sets one gold side against the other (its sides' sentences cover both)."""
    keys = {(s["article_id"], sentence_of(case, s["article_id"], s["start"])) for s in conflict["sides"]}
    return all(keys & set(side) for side in sides)


def basil_conflicts(cases: Sequence[Case]) -> tuple[int, int, int, int]:
    """(reported, matching a gold conflict, gold conflicts, most false ones in one story) on BASIL."""
    reported = matched = gold = worst = 0
    for case in cases:
        conflicts = ANALYSES[case.name]["conflicts"]
        good = [c for c in conflicts if any(conflict_matches(case, c, sides) for _, sides in case.conflicts)]
        reported += len(conflicts)
        matched += len(good)
        gold += len(case.conflicts)
        worst = max(worst, len(conflicts) - len(good))
    return reported, matched, gold, worst


def reference_pairs(case: Case, similarity: Encoder, threshold: float) -> set[Pair]:
    """MiniLM sentence embeddings + average linkage, never two sentences of one article together."""
    keys = [(article_id, n) for article_id, extents in case.sentences.items() for n in range(len(extents))]
    texts = {s.article.id: s.article.text for s in case.story}
    matrix = similarity.similarity([texts[a][slice(*case.sentences[a][n])] for a, n in keys])
    scores = {(i, j): float(matrix[i, j]) for i, j in combinations(range(len(keys)), 2)
              if keys[i][0] != keys[j][0] and matrix[i, j] > 0}
    groups = average_linkage([a for a, _ in keys], scores, threshold)
    return pairs_of([[keys[i] for i in g.members] for g in groups])


def pooled(cases: Sequence[Case], predict: dict[str, set[Pair]], strict: bool = False) -> tuple[float, float, float]:
    """Pair precision, recall and F1 pooled over the cases. Recall is over the gold fact pairs. For precision a
    pair is also right when gold puts its two sentences in one quote group and they quote the same words (5 in
    a row): two outlets printing the same words of one remark state the same thing, although the annotators
    listed quotes apart from facts (``strict``: gold fact pairs only)."""
    hits = sum(len(predict[c.name] & c.gold) for c in cases)
    right = hits if strict else sum(len(predict[c.name] & (c.gold | same_words_quotes(c))) for c in cases)
    predicted = sum(len(predict[c.name]) for c in cases)
    gold = sum(len(c.gold) for c in cases)
    precision = right / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def same_words_quotes(case: Case) -> set[Pair]:
    """The gold quote pairs (one remark of one speaker, two outlets) whose sentences quote the same words."""
    return {pair for pair in pairs_of([keys for _, keys in case.quotes]) if verbatim(case, pair)}


def tune_reference(cases: Sequence[Case], similarity: Encoder) -> float:
    """The reference's threshold, chosen as Rashomon's are: the best tune F1 with precision >= PRECISION_FIRST."""
    def key(t: float) -> tuple[float, float]:
        p, _, f1 = pooled(cases, {c.name: reference_pairs(c, similarity, float(t)) for c in cases})
        return (float(p >= PRECISION_FIRST), f1)
    best = max(np.arange(0.40, 0.96, 0.05), key=key)
    return round(float(best), 2)


def tune_rashomon(cases: Sequence[Case], similarity: Encoder) -> AlignParams:
    """The linkage thresholds (over the pair model's probabilities) with the best tune-part F1 among those
    whose tune-part precision reaches PRECISION_FIRST: a false "reported by 3 sources" costs more than a
    missed one. Claims and pair probabilities are computed once; only the linkage is rerun."""
    base = AlignParams.for_backend(similarity.name)
    model = PairModel.load(similarity.name)
    ready = []
    for case in cases:
        prepared = prepare(case.story, similarity)
        scores = pair_probabilities(prepared.units, prepared.similarity, prepared.vectors, model, base)
        ready.append((case, prepared.units, scores))
    best, best_key = base, (-1.0, -1.0)
    grid = [(threshold, second, restate) for threshold in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75)
            for second in (0.6, 0.7, 0.8, 9.0) for restate in (0.6, 0.7, 0.8, 9.0)]
    for threshold, second, restate in grid:
        params = replace(base, threshold=threshold, second=max(second, threshold), restate=restate)
        found = {}
        for case, units, scores in ready:
            groups = align(units, scores, params)
            found[case.name] = pairs_of([[(units[i].article_id, sentence_of(case, units[i].article_id,
                                                                            units[i].start))
                                          for i in g.members + g.extra] for g in groups])
        p, r, f1 = pooled(cases, found)
        print(f"  threshold {threshold:.2f} second {second:.2f} restate {restate:.2f}: tune pair P {p:.3f} "
              f"R {r:.3f} F1 {f1:.3f}", file=sys.stderr)
        key = (float(p >= PRECISION_FIRST), f1)
        if key > best_key:
            best, best_key = params, key
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tune", action="store_true", help="grid-search Rashomon's thresholds on the tune part")
    parser.add_argument("--backend", default="auto", help="similarity backend for Rashomon: auto, minilm, lexical")
    parser.add_argument("--errors", type=Path,
                        help="write Rashomon's false and missed pairs of the tune part here (never the report or "
                             "fresh part's: those stay unseen)")
    parser.add_argument("--quote-errors", type=Path,
                        help="write the same-words gold quote pairs Rashomon did not group (tune and report parts "
                             "only: the fresh part's errors are never shown, so that it stays unseen)")
    parser.add_argument("--tune-omissions", action="store_true",
                        help="score the omission lines over a grid of OMISSION_DOUBT and OMISSION_SIMILARITY")
    parser.add_argument("--every-quote-pair", action="store_true",
                        help="--quote-errors lists every missed gold quote pair, not only those of the same words")
    parser.add_argument("--parts", default="tune,report,fresh",
                        help="comma-separated parts to read (e.g. 'tune' while deciding a change; --check needs all)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a pinned floor is not met")
    args = parser.parse_args()
    basil = shared_data("clustering", "basil")
    if basil is None:
        print("../shared/data/clustering/basil is absent; nothing to measure.")
        return 0
    started = time.perf_counter()
    wanted = tuple(args.parts.split(","))
    cases = [*([demo_case()] if "tune" in wanted else []), *basil_cases(basil, wanted)]
    prepared = time.perf_counter() - started
    tune = [c for c in cases if c.part == "tune"]
    report = [c for c in cases if c.part == "report"]
    fresh = [c for c in cases if c.part == "fresh"]
    parts = [("tune", tune), ("report", report), *([("fresh", fresh)] if fresh else [])]
    if args.tune_omissions:  # every omission a "maybe", with its evidence, scored below as if the limits were higher
        omission_module.OMISSION_DOUBT = omission_module.OMISSION_SIMILARITY = -1.0
    similarity = encoder(args.backend)
    params = tune_rashomon(tune, similarity) if args.tune else AlignParams.for_backend(similarity.name)
    started = time.perf_counter()
    ours = {c.name: rashomon_pairs(c, similarity, params) for c in cases}
    compare_seconds = time.perf_counter() - started
    rows = []
    minilm = encoder("auto")
    reference: dict[str, set[Pair]] = {}
    threshold = None
    if minilm.name == "minilm":
        threshold = tune_reference(tune, minilm)
        reference = {c.name: reference_pairs(c, minilm, threshold) for c in cases}
    for part, members in parts:
        p, r, f = pooled(members, ours)
        rows.append([f"Rashomon ({similarity.name})", part, p, pooled(members, ours, strict=True)[0], r, f,
                     sum(len(c.gold) for c in members)])
        if reference:
            p, r, f = pooled(members, reference)
            rows.append([f"MiniLM + average linkage (threshold {threshold})", part, p,
                         pooled(members, reference, strict=True)[0], r, f, sum(len(c.gold) for c in members)])
    print_table("Fact alignment: pair precision / recall / F1 (pooled over stories; 'strict': only gold fact pairs "
                "count as right, not the same words of one remark quoted by two outlets)",
                ["system", "part", "precision", "strict precision", "recall", "F1", "gold pairs"], rows)
    per_case = []
    for case in cases:
        p, r, f = prf(ours[case.name], case.gold)
        row: list[object] = [case.name, case.part, p, r, f]
        if reference:
            row.append(prf(reference[case.name], case.gold)[2])
        per_case.append(row)
    print_table("Per story (Rashomon P / R / F1; reference F1)",
                ["story", "part", "P", "R", "F1", *(["reference F1"] if reference else [])], per_case)
    quote_rows, conflict_rows = [], []
    for part, members in parts:
        basil_members = [c for c in members if c.name in ANALYSES and not c.name.startswith("demo")]
        recall, precision, gold_pairs = quote_scores(basil_members)
        same_recall, _, same_pairs = quote_scores(basil_members, only_verbatim=True)
        quote_rows.append([part, recall, precision, gold_pairs, same_recall, same_pairs])
        reported, matched, gold, worst = basil_conflicts(basil_members)
        conflict_rows.append([part, reported, matched, gold, reported - matched, worst, len(basil_members)])
    print_table("Shared quotes grouped (BASIL gold quote pairs; 'same words': pairs sharing 5 words in a row)",
                ["part", "recall", "precision", "gold pairs", "recall, same words", "same-words pairs"], quote_rows)
    omission_rows = []
    for part, members in parts:
        grid = [(d, m) for d in (0.2, 0.3, 0.5, 9.0) for m in (0.5, 0.6, 0.7, 0.8, 9.0)]
        for doubt in (grid if args.tune_omissions else [None]):
            judged, false, unjudged = omission_scores([c for c in members if c.name in ANALYSES], doubt)
            omission_rows.append([part if doubt is None else f"{part}, probability {doubt[0]}, similarity {doubt[1]}",
                                  judged, false, (judged - false) / judged if judged else 0.0, unjudged])
    print_table("Omissions ('A leaves out f'): judged against gold facts and quotes; false = gold has A's sentence "
                "in that fact", ["part", "judged", "false", "precision", "not judged"], omission_rows)
    exclusive_rows = []
    for part, members in parts:
        listed, false, brief, brief_false = exclusive_scores([c for c in members if c.name in ANALYSES])
        exclusive_rows.append([part, listed, false, (listed - false) / listed if listed else 0.0, brief, brief_false])
    print_table("Exclusives ('only A reports f'): false = gold has A's sentence of f in a fact or quote of another "
                "outlet", ["part", "exclusives", "false", "precision", "'single source' brief lines", "false"],
                exclusive_rows)
    brief_rows = []
    for part, members in parts:
        lines, repeats, judged, wrong, stated = brief_scores([c for c in members if c.name in ANALYSES])
        brief_rows.append([part, lines, repeats, stated, judged, wrong, (judged - wrong) / judged if judged else 0.0])
    print_table("Brief: pairs of lines that state one gold fact (repeats), and the citations of multi-source lines "
                "that cite a sentence stating nothing the line's other citations state",
                ["part", "lines", "repeated pairs", "gold facts stated", "citations judged", "miscited",
                 "citation precision"], brief_rows)
    print_table("Contradictions on BASIL (real stories)",
                ["part", "reported", "matching gold", "gold", "false", "most false in one story", "stories"],
                conflict_rows)
    print(f"\nparams: {params}\nannotation {prepared:.1f} s; "
          f"comparison of {len(cases)} stories {compare_seconds:.1f} s")
    if args.errors:
        lines = []
        for case in tune:
            texts = {s.article.id: s.article.text for s in case.story}

            def show(key: SentenceKey, case: Case = case, texts: dict[str, str] = texts) -> str:
                extent = case.sentences[key[0]][key[1]] if key[1] >= 0 else (0, 0)
                return f"{key[0]}#{key[1]}: {texts[key[0]][slice(*extent)]}"

            for label, found in (("FALSE", ours[case.name] - case.gold), ("MISSED", case.gold - ours[case.name])):
                for pair in sorted(found, key=sorted):
                    a, b = sorted(pair)
                    lines.append(f"{label} [{case.name}]\n  {show(a)}\n  {show(b)}")
        args.errors.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.quote_errors:
        args.quote_errors.write_text(missed_quotes([c for c in (*tune, *report) if c.name in ANALYSES
                                                     and not c.name.startswith("demo")], args.every_quote_pair),
                                     encoding="utf-8")
    if args.check:
        basil_report = [c for c in report if not c.name.startswith("demo")]
        reported, matched, _, worst = basil_conflicts(basil_report)
        measured = {"pair_f1_report": pooled(report, ours)[2], "pair_precision_report": pooled(report, ours)[0],
                    "pair_precision_strict_report": pooled(report, ours, strict=True)[0],
                    "quote_same_words_recall_report": quote_scores(basil_report, only_verbatim=True)[0],
                    "quote_precision_report": quote_scores(basil_report)[1],
                    "quote_recall_report": quote_scores(basil_report)[0],
                    "false_conflicts_per_story_report": -(reported - matched) / max(1, len(basil_report))}
        judged, false, _ = omission_scores(report)
        measured["omission_precision_report"] = (judged - false) / judged if judged else 0.0
        listed, false, _, _ = exclusive_scores(report)
        measured["exclusive_precision_report"] = (listed - false) / listed if listed else 0.0
        _, _, judged, wrong, _ = brief_scores(report)
        measured["brief_citation_precision_report"] = (judged - wrong) / judged if judged else 0.0
        fresh = [c for c in cases if c.part == "fresh"]
        if fresh:
            measured["pair_precision_fresh"] = pooled(fresh, ours)[0]
            judged, false, _ = omission_scores(fresh)
            measured["omission_precision_fresh"] = (judged - false) / judged if judged else 0.0
            listed, false, _, _ = exclusive_scores(fresh)
            measured["exclusive_precision_fresh"] = (listed - false) / listed if listed else 0.0
        if reference:
            measured["f1_margin_over_reference"] = pooled(report, ours)[2] - pooled(report, reference)[2]
        return floor_status(check_floors("compare", measured))
    return 0


if __name__ == "__main__":
    sys.exit(main())
