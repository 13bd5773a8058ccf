"""Grouping a clustering run's articles: pairwise links, then average linkage over them.

``pair_links`` is finding each article's candidates (cheap) and scoring them (``score_links``: about
``max_candidates`` similarities an article, the cost of grouping), which can be split by time window
(``rashomon.cluster.windows``); ``average_linkage`` is cheap and runs once over all the links of a batch.
``StoryIndex.group`` is the two in a row.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from rashomon.cluster.features import ArticleFeatures

if TYPE_CHECKING:
    from rashomon.cluster.stories import ClusterParams

Link = tuple[int, int, float]  # (i, j, similarity) with i < j, positions in the batch's grouped articles
Links = dict[int, dict[int, float]]  # position → linked position → similarity, both ways
Similarity = Callable[[ArticleFeatures, dict[str, float], ArticleFeatures, dict[str, float]], float]


def pair_links(live: Sequence[ArticleFeatures], vectors: dict[str, dict[str, float]], similarity: Similarity,
               params: ClusterParams) -> list[Link]:
    """Each article's links to the later articles of ``live`` that share its strongest terms, with a positive
    ``similarity``: ``score_links`` over ``link_candidates``."""
    return score_links(live, vectors, similarity, enumerate(link_candidates(live, vectors, params)))


def link_candidates(live: Sequence[ArticleFeatures], vectors: dict[str, dict[str, float]],
                    params: ClusterParams) -> list[list[int]]:
    """For each article, the later articles it is scored against: those sharing its strongest terms, the
    ``max_candidates`` sharing the most weight when there are more (cheap: no similarity is computed)."""
    postings: dict[str, list[int]] = {}
    strongest = []
    for i, features in enumerate(live):
        top = heapq.nlargest(params.index_terms, vectors[features.article_id].items(), key=lambda item: item[1])
        strongest.append(top)
        for word, _ in top:
            postings.setdefault(word, []).append(i)
    candidates = []
    for i in range(len(live)):
        shared: dict[int, float] = {}
        for word, weight in strongest[i]:
            posting = postings[word]
            if len(posting) > params.max_posting:
                continue
            for j in posting:
                if j > i:
                    shared[j] = shared.get(j, 0.0) + weight
        if len(shared) > params.max_candidates:
            shared = dict(heapq.nlargest(params.max_candidates, shared.items(), key=lambda item: item[1]))
        candidates.append(list(shared))
    return candidates


def score_links(live: Sequence[ArticleFeatures], vectors: dict[str, dict[str, float]], similarity: Similarity,
                candidates: Iterable[tuple[int, Sequence[int]]]) -> list[Link]:
    """The positive similarities of each (article, its candidates) given, in that order: the costly part. A
    pair is always scored from its earlier article, so any split of this work scores it as the whole batch does,
    bit for bit."""
    links: list[Link] = []
    for i, later in candidates:
        a = live[i]
        for j in later:
            b = live[j]
            value = similarity(a, vectors[a.article_id], b, vectors[b.article_id])
            if value > 0:
                links.append((i, j, value))
    return links


def link_table(n: int, links: Iterable[Link]) -> Links:
    """The links of ``n`` articles as a table, both ways."""
    table: Links = {i: {} for i in range(n)}
    for i, j, value in links:
        table[i][j] = table[j][i] = value
    return table


def average_linkage(n: int, links: Links, tied: Iterable[tuple[int, int]],
                    threshold: float) -> list[tuple[list[int], float]]:
    """Average-linkage clustering of ``n`` articles over ``links`` (absent pairs count as 0; the table is used
    up): the ``tied`` pairs first go together whatever their score, then groups merge while their mean pairwise
    similarity is at least ``threshold``. Returns each group's positions, in order of its first, with its own
    mean similarity."""
    members = {i: [i] for i in range(n)}
    inner = dict.fromkeys(range(n), 0.0)  # each group's sum of pairwise similarities inside it
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = i = parent[parent[i]]
        return i

    def join(i: int, j: int) -> int:
        keep, gone = min(i, j), max(i, j)
        inner[keep] += inner.pop(gone) + links[keep].get(gone, 0.0)
        members[keep] += members.pop(gone)
        parent[gone] = keep
        for other, value in links.pop(gone).items():
            links[other].pop(gone, None)
            if other != keep:
                links[keep][other] = links[other][keep] = links[keep].get(other, 0.0) + value
        links[keep].pop(gone, None)
        return keep

    for i, j in tied:  # a reprint goes with its original, whatever the score
        if root(i) != root(j):
            join(root(i), root(j))

    def mean_link(i: int, j: int) -> float:
        return links[i].get(j, 0.0) / (len(members[i]) * len(members[j]))

    heap = [(-mean_link(i, j), i, j) for i in members for j in links[i] if i < j]
    heapq.heapify(heap)
    while heap:
        negative, i, j = heapq.heappop(heap)
        if i not in members or j not in members or abs(mean_link(i, j) + negative) > 1e-12:
            continue  # one side was merged away, or the pair's link changed since it was pushed
        if -negative < threshold:
            break
        keep = join(i, j)
        for other in links[keep]:
            heapq.heappush(heap, (-mean_link(keep, other), min(keep, other), max(keep, other)))
    groups = []
    for first, indices in sorted(members.items()):
        size = len(indices)
        mean = inner[first] / (size * (size - 1) / 2) if size > 1 else 0.0
        groups.append((sorted(indices), mean))
    return groups
