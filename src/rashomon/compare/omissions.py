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

from rashomon.compare.align import QUOTED_ALIKE, Fact, Unit, claims_by_article, claims_holding, unmatched_amount
from rashomon.compare.quotes import QuoteGroup
from rashomon.compare.records import StoryArticle, outlet_label

# An article is not said to leave a fact out when one of its claims states it with at least this probability.
OMISSION_DOUBT = 0.2
# ... or a claim this similar to one of the fact's (sentence cosine; on the tune part 0.6 changed nothing, lower
# cut true omissions).
OMISSION_SIMILARITY = 0.6
# An article is not said to be alone in reporting a fact when another's claim comes this near (tune part: the
# omission limits; lower ones moved many true exclusives to "maybe", benchmarks/compare.py exclusives table).
EXCLUSIVE_DOUBT = OMISSION_DOUBT
EXCLUSIVE_SIMILARITY = OMISSION_SIMILARITY
SIMILARITY_FACTS = 256  # facts whose closest claims are computed at once


@dataclass
class Near:
    """The claim of an article that comes nearest a fact the aligner did not give it: by same-fact probability
    (``unit``, ``probability``) and by sentence similarity (``similar``, ``similarity``)."""

    unit: Unit | None = None
    probability: float = 0.0
    similar: Unit | None = None
    similarity: float = 0.0
    # the fact gives an amount with a unit ("3.8 million metric tons") that ``unit`` / ``similar`` does not
    unit_lacks_figure: bool = False
    similar_lacks_figure: bool = False

    def doubts(self) -> bool:
        return self.probability >= OMISSION_DOUBT or self.similarity >= OMISSION_SIMILARITY

    def shares(self) -> bool:
        """Whether the claim may state the fact, as an exclusive is judged: as ``doubts``, except that a claim
        without the fact's figure does not take the figure away from the article that alone gives it."""
        return (self.probability >= EXCLUSIVE_DOUBT and not self.unit_lacks_figure) or (
            self.similarity >= EXCLUSIVE_SIMILARITY and not self.similar_lacks_figure)

    def claim(self, exclusive: bool = False) -> Unit:
        """The claim shown as the one that may state the fact: the likeliest when its probability counts (for an
        exclusive, only with the fact's figure), else the most similar."""
        likely = self.probability >= (EXCLUSIVE_DOUBT if exclusive else OMISSION_DOUBT) \
            and not (exclusive and self.unit_lacks_figure)
        unit = self.unit if self.unit is not None and likely else self.similar
        assert unit is not None
        return unit


def possibly_reported(facts: list[Fact], fact_ids: dict[int, str], units: Sequence[Unit],
                       scores: dict[tuple[int, int], float], quote_groups: Sequence[QuoteGroup],
                       similarity: np.ndarray | None = None) -> dict[tuple[str, str], Near]:
    """(article id, fact id) -> the claims of that article nearest the fact although the aligner left them out
    of it: by the best same-fact probability with a claim of the fact (QUOTED_ALIKE when it quotes, in any form,
    the statement a claim of the fact quotes), and by the best sentence similarity with one. An article is said
    to leave a fact out only when no claim of it comes near (``Near.doubts``)."""
    fact_of: dict[int, str] = {}
    support: dict[str, list[Unit]] = {}
    for fact in facts:
        support[fact_ids[id(fact)]] = fact.support
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
            near.unit_lacks_figure = all(unmatched_amount(u, candidate) for u in support[fact_id])

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
    # by similarity, a matrix operation per block of facts and per article (a story of 50 articles has a thousand
    # facts, most of one sentence): for the facts of two or more sources (those an article can leave out) and for
    # those of one (those an article alone is said to report)
    if similarity is not None and len(units) and facts:
        # only what can matter is kept: a claim at least this similar, or one of an article already near the fact
        floor = min(OMISSION_SIMILARITY, EXCLUSIVE_SIMILARITY)
        for first in range(0, len(facts), SIMILARITY_FACTS):
            block = facts[first:first + SIMILARITY_FACTS]
            closest = np.stack([similarity[[u.index for u in fact.support]].max(axis=0) for fact in block])
            held = [{u.article_id for u in fact.support} for fact in block]
            ids = [fact_ids[id(fact)] for fact in block]
            for article_id, own in by_article.items():
                if not own:  # (an article with quotes but no claims: nothing of it can state a fact)
                    continue
                columns = np.array([u.index for u in own])
                tops = closest[:, columns].argmax(axis=1)
                values = closest[np.arange(len(block)), columns[tops]]
                for row, fact in enumerate(block):
                    key = (article_id, ids[row])
                    if (values[row] < floor and key not in best) or article_id in held[row]:
                        continue
                    top = own[int(tops[row])]
                    near = best[key]
                    near.similar, near.similarity = top, float(values[row])
                    near.similar_lacks_figure = all(unmatched_amount(u, top) for u in fact.support)
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
                unit = near.claim()
                maybe.append({"fact_id": fact["id"], "start": unit.start, "end": unit.end, "text": unit.text,
                              "probability": round(near.probability, 3), "similarity": round(near.similarity, 3)})
            else:
                missing.append(fact["id"])
        found.append({"article_id": item.article.id, "outlet": outlet_label(item.article), "fact_ids": missing,
                      "maybe": maybe})
    return found


def exclusives(usable: Sequence[StoryArticle], facts: list[dict[str, Any]],
               possibly: dict[tuple[str, str], Near] | None = None) -> list[dict[str, Any]]:
    """For each article, the facts only it (and its reprints) report, verified as omissions are: a fact that a
    claim of another independent article comes near (``Near.doubts``: it may state it in other words) is not
    called exclusive; it is listed under ``maybe`` with that article's nearest claim, for the reader to judge.
    "Only here" is a claim about every other source, and the aligner misses many restatements."""
    possibly = possibly or {}
    origin = {item.article.id: item.reprint_of or item.article.id for item in usable}
    outlets = {item.article.id: outlet_label(item.article) for item in usable}
    single: dict[str, list[dict[str, Any]]] = defaultdict(list)  # article id -> the single-source facts it states
    for fact in facts:
        if fact["independent_sources"] == 1:
            for article_id in dict.fromkeys(s["article_id"] for s in fact["support"]):
                single[article_id].append(fact)
    found = []
    for item in usable:
        own, maybe = [], []
        stated = single.get(item.article.id, []) if item.reprint_of is None else []  # a reprint has none of its own
        for fact in stated:
            near = []
            for other in usable:
                if origin[other.article.id] == item.article.id:
                    continue
                close = possibly.get((other.article.id, fact["id"]))
                if close is not None and close.shares():
                    unit = close.claim(exclusive=True)
                    near.append({"fact_id": fact["id"], "article_id": other.article.id,
                                 "outlet": outlets[other.article.id], "start": unit.start, "end": unit.end,
                                 "text": unit.text, "probability": round(close.probability, 3),
                                 "similarity": round(close.similarity, 3)})
            if near:
                maybe.extend(sorted(near, key=lambda m: (-m["probability"], -m["similarity"])))
            else:
                own.append(fact["id"])
        found.append({"article_id": item.article.id, "outlet": outlets[item.article.id], "fact_ids": own,
                      "maybe": maybe})
    return found
