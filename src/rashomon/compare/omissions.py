"""Omissions and exclusives: the well-supported facts each article leaves out, verified against the claims of
that article that come near the fact (a fact it may state in other words is never called left out), and the
facts only one article reports."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from rashomon.compare.align import QUOTED_ALIKE, Fact, Unit, claims_by_article, claims_holding
from rashomon.compare.quotes import QuoteGroup
from rashomon.compare.records import StoryArticle, outlet_label

# An article is not said to leave a fact out when one of its claims states it with at least this probability.
OMISSION_DOUBT = 0.2
# ... or a claim this similar to one of the fact's (sentence cosine; on the tune part 0.6 changed nothing, lower
# cut true omissions).
OMISSION_SIMILARITY = 0.6


@dataclass
class Near:
    """The claim of an article that comes nearest a fact the aligner did not give it: by same-fact probability
    (``unit``, ``probability``) and by sentence similarity (``similar``, ``similarity``)."""

    unit: Unit | None = None
    probability: float = 0.0
    similar: Unit | None = None
    similarity: float = 0.0

    def doubts(self) -> bool:
        return self.probability >= OMISSION_DOUBT or self.similarity >= OMISSION_SIMILARITY


def possibly_reported(facts: list[Fact], fact_ids: dict[int, str], units: Sequence[Unit],
                       scores: dict[tuple[int, int], float], quote_groups: Sequence[QuoteGroup],
                       similarity: np.ndarray | None = None) -> dict[tuple[str, str], Near]:
    """(article id, fact id) -> the claims of that article nearest the fact although the aligner left them out
    of it: by the best same-fact probability with a claim of the fact (QUOTED_ALIKE when it quotes, in any form,
    the statement a claim of the fact quotes), and by the best sentence similarity with one. An article is said
    to leave a fact out only when no claim of it comes near (``Near.doubts``)."""
    fact_of: dict[int, str] = {}
    for fact in facts:
        for unit in fact.support:
            fact_of[unit.index] = fact_ids[id(fact)]
    best: dict[tuple[str, str], Near] = defaultdict(Near)

    def consider(fact_unit: int, other: int, probability: float) -> None:
        fact_id = fact_of.get(fact_unit)
        candidate = units[other]
        if fact_id is None or candidate.article_id == units[fact_unit].article_id:
            return
        near = best[(candidate.article_id, fact_id)]
        if near.unit is None or probability > near.probability:
            near.unit, near.probability = candidate, probability

    for (i, j), probability in scores.items():
        consider(i, j, probability)
        consider(j, i, probability)
    by_article = claims_by_article(units)
    for group in quote_groups:
        holders = [claims_holding(by_article[v.article_id], v.start, v.end) for v in group.variants]
        for a, b in combinations(holders, 2):
            for i in a:
                for j in b:
                    consider(i, j, QUOTED_ALIKE)
                    consider(j, i, QUOTED_ALIKE)
    # by similarity, only for facts of two or more sources (only those can be left out), a matrix operation per
    # article: a story of 50 articles has a thousand facts, most of one sentence
    shared = [fact for fact in facts if len({u.origin for u in fact.support}) > 1]
    if similarity is not None and len(units) and shared:
        closest = np.stack([similarity[[u.index for u in fact.support]].max(axis=0) for fact in shared])
        for article_id, own in by_article.items():
            if not own:  # (an article with quotes but no claims: nothing of it can state a fact)
                continue
            columns = np.array([u.index for u in own])
            tops = closest[:, columns].argmax(axis=1)
            for row, fact in enumerate(shared):
                if any(u.article_id == article_id for u in fact.support):
                    continue
                top = own[int(tops[row])]
                near = best[(article_id, fact_ids[id(fact)])]
                near.similar, near.similarity = top, float(closest[row, top.index])
    return dict(best)


def omissions(usable: Sequence[StoryArticle], facts: list[dict[str, Any]], sources: int,
               possibly: dict[tuple[str, str], Near]) -> list[dict[str, Any]]:
    """For each article, the well-supported facts it does not report: facts that at least half of the
    independent sources (and never fewer than two) report, and that no claim of the article comes near
    (``fact_ids``). A fact some claim of the article may state in other words is not called left out: it is
    listed under ``maybe`` with that claim (``start``/``end``) and the likelihood, for the reader to judge."""
    needed = max(2, (sources + 1) // 2)
    strong = [f for f in facts if f["independent_sources"] >= needed]
    found = []
    for item in usable:
        missing, maybe = [], []
        for fact in strong:
            if any(s["article_id"] == item.article.id for s in fact["support"]):
                continue
            near = possibly.get((item.article.id, fact["id"]))
            if near is not None and near.doubts():
                unit = near.unit if near.unit is not None and near.probability >= OMISSION_DOUBT else near.similar
                assert unit is not None
                maybe.append({"fact_id": fact["id"], "start": unit.start, "end": unit.end, "text": unit.text,
                              "probability": round(near.probability, 3), "similarity": round(near.similarity, 3)})
            else:
                missing.append(fact["id"])
        found.append({"article_id": item.article.id, "outlet": outlet_label(item.article), "fact_ids": missing,
                      "maybe": maybe})
    return found


def exclusives(usable: Sequence[StoryArticle], facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each article, the facts only it (and its reprints) report."""
    found = []
    for item in usable:
        own = [f["id"] for f in facts if f["independent_sources"] == 1
               and any(s["article_id"] == item.article.id for s in f["support"])
               and (item.reprint_of is None)]
        found.append({"article_id": item.article.id, "outlet": outlet_label(item.article), "fact_ids": own})
    return found
