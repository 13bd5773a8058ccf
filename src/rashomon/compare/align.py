"""Fact alignment: claims from different articles that state the same thing become one fact.

Each pair of claims from different articles gets a score: the sentence similarity of the two claims
(MiniLM, or the lexical backend) plus small bonuses for checkable details they share — the same
number, a name that few claims of the story mention, or the same quoted words. Claims are then
grouped by average linkage over the pairs that score at least ``edge``, never putting two claims of
one article in one fact, and stopping below ``threshold``. A last pass lets a sentence that states
two facts ("the spillway collapsed, forcing 3,200 from their homes") support a second fact when it
matches that fact's members as well as they match each other.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rashomon.records import Quantity, TimeExpr

QUOTED_RUN = 4  # words in a row, inside quote marks in both claims, that count as the same quoted words


@dataclass(frozen=True)
class AlignParams:
    """How the pair model's probabilities become facts (tuned by ``benchmarks/compare.py --tune``)."""

    # Tuned on the tune part of benchmarks/gold (benchmarks/compare.py --tune): the best F1 with pair
    # precision >= 0.9 (MiniLM: threshold 0.65, second 0.65, restate 0.80 -> tune P 0.901 R 0.272).
    threshold: float = 0.65  # average same-fact probability at which two groups of claims are one fact
    edge: float = 0.2  # pairs below this probability are not considered at all
    second: float = 0.65  # a claim joins a second fact when its mean probability to the members reaches this
    prefilter: float = 0.25  # claim pairs less similar than this are never scored (cheap cut; see for_backend)
    extra_facts: int = 1  # other facts a claim may also support (a sentence stating two facts)
    restate: float = 0.8  # average probability at which two facts, one outlet stating both, are one fact
    # The claim next to a member may also support the fact (a quote's next sentence). Off: on the tune part it
    # changes F1 by 0.005, and on the seeds it cited "The discussion will focus on Mars missions" for a meeting.
    neighbours: bool = False
    # Any claim of an article the fact already holds may also support it (one article stating the fact in two
    # sentences). Off: with today's pair model it moves along the same precision/recall curve on the tune part;
    # with perfect pair scores it lifts the recall the grouping allows (benchmarks/align_ceiling.py).
    held: bool = False

    @classmethod
    def for_backend(cls, name: str) -> AlignParams:
        """Parameters for the similarity backend: TF-IDF cosines run lower than MiniLM's for the same pair
        of sentences, so the prefilter is lower."""
        if name == "lexical":
            return cls(threshold=0.6, second=0.8, restate=0.6, prefilter=0.03)  # lexical tune: P 0.905 R 0.243
        return cls()


@dataclass(frozen=True)
class Unit:
    """One claim of one article, as the aligner sees it."""

    index: int
    article_id: str
    origin: str  # the article it was reprinted from, else its own id: independent sources count origins
    position: int  # claim number in the article
    start: int
    end: int
    text: str
    entities: frozenset[str] = frozenset()
    numbers: tuple[Quantity, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    quoted: frozenset[str] = frozenset()  # QUOTED_RUN-word runs inside quote marks
    hedged: frozenset[int] = frozenset()  # indexes into ``numbers`` of approximate amounts ("about 3,200")
    pieces: tuple[str, ...] = ()  # what is compared: the claim without its "X said" frame, and its parts
    people: frozenset[str] = frozenset()  # entity ids of the people the claim names
    places: tuple[tuple[str, str], ...] = ()  # (entity id, level) of places it puts something "in" or "at"
    # What the claim is about: the entities it names outside its "X said" frame, beside places ("There were 212
    # passengers on board, the operator, Ostrel Sound Lines, said" is about no named subject). None: not known.
    subjects: frozenset[str] | None = None


@dataclass
class Group:
    members: list[int]
    articles: set[str]
    extra: list[int] = field(default_factory=list)  # claims that also support another fact


QUOTED_ALIKE = 0.9  # same-fact probability of two claims that quote one remark of one named speaker


@dataclass
class Fact:
    """One fact: the claims the aligner grouped, and claims that also support another fact."""

    members: list[Unit]
    extra: list[Unit] = field(default_factory=list)  # sentences that also support another fact

    @property
    def support(self) -> list[Unit]:
        return sorted(self.members + self.extra, key=lambda u: (u.article_id, u.start))


def claims_by_article(units: Sequence[Unit]) -> dict[str, list[Unit]]:
    """The claims of each article, in order."""
    found: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        found[unit.article_id].append(unit)
    return found


def claims_holding(claims: Sequence[Unit], start: int, end: int) -> list[int]:
    """The indexes of the claims (of one article) that overlap the span ``start``-``end`` of its text."""
    return [u.index for u in claims if u.start < end and start < u.end]


def quoted_runs(text: str) -> frozenset[str]:
    """The QUOTED_RUN-word runs of the text inside quote marks (lower case)."""
    runs: set[str] = set()
    for inside in re.findall(r"[\"“]([^\"”]{10,})[\"”]", text):
        found = re.findall(r"[\w'’]+", inside.lower())
        runs.update(" ".join(found[i:i + QUOTED_RUN]) for i in range(len(found) - QUOTED_RUN + 1))
    return frozenset(runs)


def same_amount(a: Quantity, b: Quantity, tolerance: float = 0.01) -> bool:
    if a.kind != b.kind or (a.unit or "") != (b.unit or ""):
        return False
    if a.kind == "tally":  # "312 to 289" and "312 to 290" are two votes
        return a.value == b.value
    top = max(abs(a.value), abs(b.value)) or 1.0
    return abs(a.value - b.value) / top <= tolerance


def informative(quantity: Quantity) -> bool:
    """Numbers worth matching: not "one", "first", or a bare small count."""
    if quantity.kind == "ordinal":
        return False
    return not (quantity.unit is None and quantity.kind == "count" and quantity.value < 10)


# Clause and sentence breaks; a full stop after an initial or a title ("U.S. President", "Mr. Cohen") is none.
PIECE_BREAK = re.compile(r"\s*(?:[;:—–]|--|(?<=[.!?][\"”’]) |(?<=[.!?])(?<!\b[A-Z]\.)(?<!Mr\.)(?<!Ms\.)(?<!Dr\.)"
                         r"(?<!Mrs\.)(?<!St\.) (?=[\"“A-Z])|, but |, and (?=\w+ \w+))\s*")
MIN_PIECE_WORDS = 5
SIMILARITY_BLOCK = 512  # claims per block of the similarity computation


# A claim's closing attribution that the quote step did not read as one: ", the operator, Ostrel Sound Lines, said.",
# ", according to the regional fire service."
TRAILING_FRAME = re.compile(r",\s+(?:according\s+to\s+[^,;]{2,60}|(?:the\s+|an?\s+)?[^,;]{2,50}(?:,\s+[^,;]{2,40},)?\s+"
                            r"(?:said|says|told\s+[^,;]{2,40}|added|announced|reported|confirmed|stated)"
                            r"(?:\s+on\s+\w+|\s+in\s+a\s+statement)?)\s*[.!]?\s*$", re.IGNORECASE)


def trailing_frame(text: str) -> list[tuple[int, int]]:
    """A closing attribution the quote step did not read as one (TRAILING_FRAME), as ``_frame_spans`` gives it."""
    match = TRAILING_FRAME.search(text)
    return [(match.start(), match.end())] if match and match.start() >= 20 else []


def pieces_of(text: str) -> tuple[str, ...]:
    """The text and, when it is long, its parts (clauses, sentences of a quote): another outlet may
    state only one of them."""
    parts = [p.strip(" ,\"“”") for p in PIECE_BREAK.split(text)]
    parts = [p for p in parts if len(p.split()) >= MIN_PIECE_WORDS]
    return (text, *parts) if len(parts) > 1 else (text,)


def similarity_and_vectors(units: Sequence[Unit], similarity: Any) -> tuple[np.ndarray, np.ndarray | None]:
    """Claim-by-claim similarity — the best match between any piece of one claim and any piece of the other —
    and, with an embedding backend, each claim's own vector (of its first piece,
    the claim without its "X said" frame; None for the lexical backend).

    With an embedding backend the piece-by-piece matrix is never held whole: rows are computed in
    blocks and reduced to claims at once, so memory grows with claims², not pieces²."""
    if not units:
        return np.zeros((0, 0), dtype=np.float32), None
    texts, owner = [], []
    for unit in units:
        for piece in unit.pieces or (unit.text,):
            texts.append(piece)
            owner.append(unit.index)
    starts = np.flatnonzero(np.r_[True, np.diff(np.array(owner)) != 0])
    embed = getattr(similarity, "embed", None)
    if embed is None:
        matrix = similarity.similarity(texts)
        return np.maximum.reduceat(np.maximum.reduceat(matrix, starts, axis=0), starts, axis=1), None
    vectors = embed(texts)
    result = np.empty((len(units), len(units)), dtype=np.float32)
    bounds = [*starts.tolist(), len(texts)]
    for first in range(0, len(units), SIMILARITY_BLOCK):
        last = min(len(units), first + SIMILARITY_BLOCK)
        block = vectors[bounds[first]:bounds[last]] @ vectors.T
        block = np.maximum.reduceat(block, starts, axis=1)
        result[first:last] = np.maximum.reduceat(block, np.array(bounds[first:last]) - bounds[first], axis=0)
    return np.clip(result, -1.0, 1.0), vectors[starts]


def unmatched_amount(a: Unit, b: Unit) -> bool:
    """Whether ``a`` states an amount with a unit ("3.8 million metric tons") and ``b`` no amount of that kind:
    the figure is then a detail only ``a`` gives, not the same fact."""
    kinds = {(q.kind, q.unit) for q in b.numbers}
    return any(q.unit and q.kind in ("money", "quantity", "percent") and (q.kind, q.unit) not in kinds
               for q in a.numbers)


def align(units: Sequence[Unit], scores: dict[tuple[int, int], float], params: AlignParams) -> list[Group]:
    """Group the claims into facts: constrained average linkage, then second memberships."""
    result = average_linkage([u.article_id for u in units], scores, params.threshold)
    _restatements(result, units, scores, params.restate)
    _second_memberships(result, units, scores, params)
    return result


def _restatements(groups: list[Group], units: Sequence[Unit], scores: dict[tuple[int, int], float],
                  restate: float) -> None:
    """Join facts that are one fact stated twice by one outlet (its lead and a later quote): two groups
    whose claims from different articles average ``restate`` or more, even though they share an article.
    Pairs of claims of one article are not scored and do not count; missing cross-article pairs count 0."""
    while True:
        where = {m: n for n, g in enumerate(groups) for m in g.members}
        candidates = {tuple(sorted((where[i], where[j]))) for (i, j), v in scores.items()
                      if v >= restate and where[i] != where[j]}
        best, best_mean = None, restate
        for a, b in sorted(candidates):
            first, second = groups[a], groups[b]
            if not first.articles & second.articles or len(first.members) + len(second.members) < 3:
                continue  # groups from different articles only are the linkage's to join
            values = [scores.get((min(x, y), max(x, y)), 0.0) for x in first.members for y in second.members
                      if units[x].article_id != units[y].article_id]
            mean = sum(values) / len(values) if values else 0.0
            if mean >= best_mean:
                best, best_mean = (a, b), mean
        if best is None:
            return
        a, b = best
        groups[a] = Group(groups[a].members + groups[b].members, groups[a].articles | groups[b].articles)
        del groups[b]


def average_linkage(articles: Sequence[str], scores: dict[tuple[int, int], float], threshold: float) -> list[Group]:
    """Average-linkage groups of items (pairs missing from ``scores`` count as 0), most similar first,
    never two items of one article in a group, stopping when no two groups average ``threshold``."""
    groups = {i: Group([i], {article}) for i, article in enumerate(articles)}
    sums: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), score in scores.items():
        sums[i][j] = sums[j][i] = score
    heap = [(-score, i, j) for (i, j), score in scores.items() if score >= threshold]
    heapq.heapify(heap)
    next_id = len(articles)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in groups or b not in groups:
            continue
        first, second = groups[a], groups[b]
        current = sums[a].get(b, 0.0) / (len(first.members) * len(second.members))
        if abs(current + negative) > 1e-9 or first.articles & second.articles:
            continue
        merged = Group(first.members + second.members, first.articles | second.articles)
        new = next_id
        next_id += 1
        del groups[a], groups[b]
        groups[new] = merged
        neighbours: dict[int, float] = defaultdict(float)
        for old in (a, b):
            for other, total in sums.pop(old, {}).items():
                sums[other].pop(old, None)
                if other in (a, b):
                    continue
                neighbours[other] += total
        for other, total in neighbours.items():
            sums[new][other] = sums[other][new] = total
            average = total / (len(merged.members) * len(groups[other].members))
            if average >= threshold and not (merged.articles & groups[other].articles):
                heapq.heappush(heap, (-average, new, other))
    return sorted(groups.values(), key=lambda g: min(g.members))


def _second_memberships(groups: list[Group], units: Sequence[Unit], scores: dict[tuple[int, int], float],
                        params: AlignParams) -> None:
    """Let any other claim also support a fact when it matches the fact's members (from other articles)
    about as well as they match each other: a sentence stating two facts, or the next sentence of a
    quote the fact already holds. A claim joins at most ``params.extra_facts`` other facts, those it matches
    best. A claim left alone by this moves instead of staying a fact of its own."""
    def score(i: int, j: int) -> float:
        return scores.get((min(i, j), max(i, j)), 0.0)

    alone = {g.members[0]: g for g in groups if len(g.members) == 1}
    moved: set[int] = set()
    offers: dict[int, list[tuple[float, int]]] = defaultdict(list)  # claim -> (mean score, group number)
    for number, group in enumerate(groups):
        if len(group.members) < 2:
            continue
        members = set(group.members)
        held = {units[m].article_id: units[m].position for m in group.members}
        best: dict[str, tuple[float, int]] = {}
        for unit in units:
            if unit.index in members:
                continue
            # From an article the fact already holds, only the claim right next to its member.
            position = held.get(unit.article_id)
            if position is not None and not params.held and (not params.neighbours
                                                             or abs(unit.position - position) != 1):
                continue
            values = [score(unit.index, m) for m in group.members if units[m].article_id != unit.article_id]
            mean = sum(values) / len(values) if values else 0.0
            if mean < params.second or min(values) < params.edge:
                continue
            if position is not None:
                offers[unit.index].append((mean, number))
            elif mean > best.get(unit.article_id, (0.0, -1))[0]:
                best[unit.article_id] = (mean, unit.index)
        for mean, index in best.values():
            offers[index].append((mean, number))
    for index, offered in offers.items():  # a claim supports at most params.extra_facts other facts: its best
        for _, number in sorted(offered, reverse=True)[:params.extra_facts]:
            groups[number].extra.append(index)
            if index in alone:
                moved.add(index)
    for group in groups:
        if len(group.members) == 1 and group.members[0] in moved:
            group.members.clear()
    groups[:] = [g for g in groups if g.members]
