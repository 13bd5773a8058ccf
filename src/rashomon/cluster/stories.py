"""Incremental story clustering: each new article joins the story it fits best, or opens a new one.

A story keeps the running mean of its members' term weights (its profile), the names they mention
and the days they cover. A new article is compared, through an inverted index over rare terms, with
the stories near it in time; similarity is the cosine of TF-IDF-weighted profiles (IDF from the
archive's own running document frequencies, applied at comparison time, so early stories do not
keep stale weights), damped when the article falls outside the story's days. When the article
joins a story that now looks like another candidate story, the two are merged, which keeps the
result close to what a batch average-linkage clustering would give whatever the ingest order.
Every assignment keeps its reason: the score, the runner-up, shared names and the time gap.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rashomon.cluster.features import ArticleFeatures


@dataclass(frozen=True)
class ClusterParams:
    """The clusterer's knobs; defaults tuned on ECB+ topics 1-22 and BASIL 2010-2014 (benchmarks/stories.py)."""

    threshold: float = 0.25  # minimum similarity to join a story (and to absorb a one-article story)
    merge_threshold: float = 0.35  # minimum profile similarity to merge two larger stories
    window_days: int = 3  # no time penalty within this many days of the story's days
    decay_days: float = 4.0  # beyond the window the score halves every decay_days
    horizon_days: int = 60  # stories further away in time are not candidates
    profile_terms: int = 300  # a story profile keeps its strongest terms
    index_terms: int = 20  # an article is looked up by its strongest terms
    max_posting: int = 20000  # terms in more stories than this (near the article in time) are too common
    max_candidates: int = 64  # stories scored in full per article: those sharing most of its strongest terms
    bucket_days: int = 32  # the term index is split into buckets of this many days
    indexed_terms: int = 80  # a story is found through its strongest terms (at most profile_terms)


@dataclass
class Story:
    id: int
    profile: dict[str, float] = field(default_factory=dict)  # mean of member term weights
    size: int = 0
    names: Counter[str] = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None
    members: list[str] = field(default_factory=list)
    storyline: int | None = None
    spans: set[int | None] = field(default_factory=set)  # the time buckets of the term index it is in
    indexed: set[str] = field(default_factory=set)  # the profile terms the index finds it by

    def add_day(self, day: date | None) -> None:
        if day is None:
            return
        self.first = day if self.first is None else min(self.first, day)
        self.last = day if self.last is None else max(self.last, day)


@dataclass(frozen=True)
class Assignment:
    """Where an article went and why."""

    article_id: str
    story_id: int
    score: float
    new_story: bool
    runner_up: float
    shared_names: tuple[str, ...]
    gap_days: int | None
    when_origin: str | None
    merged: tuple[int, ...] = ()

    def reason(self, threshold: float | None = None) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "threshold": threshold,
            "new_story": self.new_story,
            "runner_up": round(self.runner_up, 4),
            "shared_names": list(self.shared_names),
            "gap_days": self.gap_days,
            "date_from": self.when_origin,
            "merged": list(self.merged),
        }


def interval_gap(a: Story, b: Story) -> int | None:
    """Days between two stories' date ranges; 0 when they overlap (or one contains the other)."""
    if a.first is None or a.last is None or b.first is None or b.last is None:
        return None
    return max(0, (max(a.first, b.first) - min(a.last, b.last)).days)


def gap(day: date | None, first: date | None, last: date | None) -> int | None:
    """Days from ``day`` to the interval [first, last]; 0 inside; None when either is unknown."""
    if day is None or first is None or last is None:
        return None
    if day < first:
        return (first - day).days
    if day > last:
        return (day - last).days
    return 0


class StoryIndex:
    """The in-memory state of incremental clustering; the store saves and reloads it."""

    def __init__(self, params: ClusterParams | None = None) -> None:
        self.params = params or ClusterParams()
        self.df: Counter[str] = Counter()
        self.docs = 0
        self.stories: dict[int, Story] = {}
        # term → time bucket (day ordinal // bucket_days; None for undated stories) → stories: a lookup
        # reads only the buckets near the article, so its cost does not grow with the archive's span
        self.postings: dict[str, dict[int | None, set[int]]] = {}
        self.where: dict[str, int] = {}  # article id → story id
        self.next_id = 1
        self._norms: dict[int, tuple[int, float]] = {}  # story id → (docs when computed, weighted profile norm)

    def restore(self, story: Story) -> None:
        """Put back a stored story (profile, names, days, members)."""
        self.stories[story.id] = story
        story.spans = set()
        profile, story.profile = story.profile, {}
        self._rebucket(story)
        self._set_profile(story, profile, trim=False)
        for member in story.members:
            self.where[member] = story.id
        self.next_id = max(self.next_id, story.id + 1)

    # -- weights --------------------------------------------------------------------------------

    def idf(self, word: str) -> float:
        return math.log((self.docs + 1) / (self.df.get(word, 0) + 1)) + 1.0

    def weighted(self, terms: dict[str, float]) -> dict[str, float]:
        vector = {word: value * self.idf(word) for word, value in terms.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {word: v / norm for word, v in vector.items()}

    def story_similarity(self, vector: dict[str, float], story: Story) -> float:
        """The cosine of a weighted article vector with the story's profile weighted now, without re-weighting
        the whole profile: the dot product
        runs over the shared terms with today's IDF; the profile's weighted norm is cached per story and
        recomputed when the profile changes or the archive has grown by 1% since (IDF drifts slowly)."""
        profile = story.profile
        if not profile or not vector:
            return 0.0
        cached = self._norms.get(story.id)
        if cached is None or self.docs > cached[0] * 1.01:
            norm = math.sqrt(sum((value * self.idf(word)) ** 2 for word, value in profile.items()))
            cached = self._norms[story.id] = (self.docs, norm)
        if not cached[1]:
            return 0.0
        small, large = (vector, profile) if len(vector) <= len(profile) else (profile, vector)
        dot = sum(value * large[word] * self.idf(word) for word, value in small.items() if word in large)
        return dot / cached[1]  # the article vector is unit length

    # -- assignment -----------------------------------------------------------------------------

    def observe(self, features: ArticleFeatures) -> None:
        """Count an article's terms into the document frequencies (before it is placed)."""
        self.docs += 1
        self.df.update(features.terms.keys())

    def candidates(self, vector: dict[str, float], day: date | None, limit: int | None = None) -> set[int]:
        """Stories that share the vector's strongest terms (near ``day`` in time, when given): the
        ``limit`` (default ``max_candidates``) with the largest shared weight."""
        limit = limit or self.params.max_candidates
        strongest = heapq.nlargest(self.params.index_terms, vector.items(), key=lambda item: item[1])
        near: list[int | None] | None = None
        if day is not None:
            size, horizon = self.params.bucket_days, self.params.horizon_days
            near = [None, *range((day.toordinal() - horizon) // size, (day.toordinal() + horizon) // size + 1)]
        shared: dict[int, float] = {}
        for word, weight in strongest:
            buckets = self.postings.get(word)
            if not buckets:
                continue
            groups = list(buckets.values()) if near is None else [buckets[b] for b in near if b in buckets]
            posting = set().union(*groups) if len(groups) > 1 else groups[0] if groups else set()
            if len(posting) > self.params.max_posting:
                continue
            for sid in posting:
                shared[sid] = shared.get(sid, 0.0) + weight
        if day is not None:
            horizon = self.params.horizon_days
            shared = {sid: value for sid, value in shared.items()
                      if (g := gap(day, self.stories[sid].first, self.stories[sid].last)) is None or g <= horizon}
        if len(shared) > limit:
            return set(heapq.nlargest(limit, shared, key=lambda sid: (shared[sid], -sid)))
        return set(shared)

    def time_factor(self, gap_days: int | None) -> float:
        if gap_days is None or gap_days <= self.params.window_days:
            return 1.0
        return float(0.5 ** ((gap_days - self.params.window_days) / self.params.decay_days))

    def score(self, features: ArticleFeatures, vector: dict[str, float], story: Story) -> tuple[float, int | None]:
        gap_days = gap(features.when, story.first, story.last)
        value = self.story_similarity(vector, story) * self.time_factor(gap_days)
        return value, gap_days

    def add(self, features: ArticleFeatures, into: int | None = None) -> Assignment:
        """Count and place one article: into the best story above the threshold, or a new story.

        ``into`` forces the story (a reprint joins its original's story).
        """
        self.observe(features)
        return self.place(features, into)

    def settle(self, batch: dict[str, ArticleFeatures]) -> list[Assignment]:
        """Give the articles of this batch that still stand alone a second placement.

        An article that arrived before any of its story's other articles opened a story of its
        own; once the batch is in, it is taken out and placed again. Only this batch's one-article
        stories move, so earlier stories keep their members and ids.
        """
        alone = {story.members[0]: story for story in self.stories.values() if story.size == 1}
        moved = []
        for article_id, features in batch.items():
            story = alone.get(article_id)
            if story is None or story.id not in self.stories:
                continue
            saved = (story.profile, story.names, story.first, story.last)
            self._set_profile(story, {})
            del self.stories[story.id]
            vector = self.weighted(features.terms)
            scored = self._scored(features, vector)
            if scored and scored[0][0] >= self.params.threshold:
                moved.append(self._place(features, vector, scored))
            else:  # still alone: put it back as it was
                self.stories[story.id] = story
                story.names, story.first, story.last = saved[1], saved[2], saved[3]
                self._set_profile(story, saved[0])
        return moved

    def place(self, features: ArticleFeatures, into: int | None = None) -> Assignment:
        """Place an article already counted in the document frequencies."""
        vector = self.weighted(features.terms)
        return self._place(features, vector, self._scored(features, vector), into)

    def _place(self, features: ArticleFeatures, vector: dict[str, float],
               scored: list[tuple[float, int, int | None]], into: int | None = None) -> Assignment:
        if into is not None and into in self.stories:
            best = next((item for item in scored if item[1] == into), None)
            if best is None:  # the forced story was not among the candidates: score it alone
                value, gap_days = self.score(features, vector, self.stories[into])
                best = (value, into, gap_days)
            runner_up = next((v for v, sid, _ in scored if sid != into), 0.0)
            story, new = self.stories[into], False
        elif scored and scored[0][0] >= self.params.threshold:
            best, runner_up = scored[0], scored[1][0] if len(scored) > 1 else 0.0
            story, new = self.stories[best[1]], False
        else:
            story = self._new_story()  # score: the best similarity found elsewhere, below the threshold
            best, new = (scored[0][0] if scored else 0.0, story.id, None), True
            runner_up = scored[1][0] if len(scored) > 1 else 0.0
        shared = tuple(name for name in features.names if name in story.names)
        self._join(story, features)
        merged = self._merge_near(story, [sid for value, sid, _ in scored
                                          if sid != story.id and value >= self.params.threshold / 2])
        return Assignment(features.article_id, story.id, float(best[0]), new, float(runner_up), shared[:6],
                          best[2], features.when_origin, tuple(merged))

    def _scored(self, features: ArticleFeatures, vector: dict[str, float]) -> list[tuple[float, int, int | None]]:
        scored = []
        for sid in self.candidates(vector, features.when):
            value, gap_days = self.score(features, vector, self.stories[sid])
            scored.append((value, sid, gap_days))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return scored

    def _new_story(self) -> Story:
        story = Story(self.next_id)
        self.stories[story.id] = story
        self.next_id += 1
        return story

    def _join(self, story: Story, features: ArticleFeatures) -> None:
        size = story.size
        profile = {word: value * size for word, value in story.profile.items()}
        for word, value in features.terms.items():
            profile[word] = profile.get(word, 0.0) + value
        self._set_profile(story, {word: value / (size + 1) for word, value in profile.items()})
        story.size = size + 1
        story.names.update(features.names.keys())
        if len(story.names) > 200:
            story.names = Counter(dict(story.names.most_common(100)))
        story.add_day(features.when)
        self._rebucket(story)
        story.members.append(features.article_id)
        self.where[features.article_id] = story.id

    def _set_profile(self, story: Story, profile: dict[str, float], trim: bool = True) -> None:
        limit = self.params.profile_terms
        if trim and len(profile) > limit:
            profile = dict(heapq.nlargest(limit, profile.items(), key=lambda item: item[1] * self.idf(item[0])))
        keep = self.params.indexed_terms
        indexed = set(profile) if len(profile) <= keep else set(
            heapq.nlargest(keep, profile, key=lambda word: profile[word] * self.idf(word)))
        self._unindex(story, story.indexed - indexed, story.spans)
        self._index(story, indexed - story.indexed, story.spans)
        story.profile, story.indexed = profile, indexed
        self._norms.pop(story.id, None)

    def _rebucket(self, story: Story) -> None:
        """Keep the story's terms in the time buckets its days cover (the undated bucket when it has none)."""
        if story.first is None or story.last is None:
            wanted: set[int | None] = {None}
        else:
            size = self.params.bucket_days
            wanted = set(range(story.first.toordinal() // size, story.last.toordinal() // size + 1))
        if wanted == story.spans:
            return
        self._unindex(story, story.indexed, story.spans - wanted)
        self._index(story, story.indexed, wanted - story.spans)
        story.spans = wanted

    def _index(self, story: Story, words: Iterable[str], spans: Iterable[int | None]) -> None:
        spans = list(spans)
        for word in words:
            buckets = self.postings.setdefault(word, {})
            for span in spans:
                buckets.setdefault(span, set()).add(story.id)

    def _unindex(self, story: Story, words: Iterable[str], spans: Iterable[int | None]) -> None:
        spans = list(spans)
        for word in words:
            buckets = self.postings.get(word)
            if buckets is None:
                continue
            for span in spans:
                members = buckets.get(span)
                if members is not None:
                    members.discard(story.id)
                    if not members:
                        del buckets[span]
            if not buckets:
                del self.postings[word]

    def _merge_near(self, story: Story, others: Iterable[int]) -> list[int]:
        merged = []
        for sid in others:
            other = self.stories.get(sid)
            if other is None:
                continue
            gap_days = interval_gap(story, other)
            value = cosine(self.weighted(story.profile), self.weighted(other.profile)) * self.time_factor(gap_days)
            needed = self.params.threshold if min(story.size, other.size) == 1 else self.params.merge_threshold
            if value >= needed:
                self.merge(story, other)
                merged.append(sid)
        return merged

    def merge(self, story: Story, other: Story) -> None:
        """Fold ``other`` into ``story`` (sizes weight the profiles)."""
        total = story.size + other.size
        profile = {word: value * story.size for word, value in story.profile.items()}
        for word, value in other.profile.items():
            profile[word] = profile.get(word, 0.0) + value * other.size
        self._set_profile(story, {word: value / total for word, value in profile.items()})
        story.size = total
        story.names.update(other.names)
        story.add_day(other.first)
        story.add_day(other.last)
        self._rebucket(story)
        story.members.extend(other.members)
        for member in other.members:
            self.where[member] = story.id
        if other.storyline is not None and story.storyline is None:
            story.storyline = other.storyline
        self._set_profile(other, {})
        del self.stories[other.id]

    def labels(self) -> dict[str, int]:
        """Article id → story id for every article placed so far."""
        return dict(self.where)

    def related(self, story: Story, threshold: float) -> list[tuple[float, int]]:
        """Other stories whose profiles resemble this one's at any distance in time (storyline links)."""
        if not story.profile:
            return []
        vector = self.weighted(story.profile)
        found = []
        for sid in self.candidates(vector, None, limit=4 * self.params.max_candidates) - {story.id}:
            value = cosine(vector, self.weighted(self.stories[sid].profile))
            if value >= threshold:
                found.append((value, sid))
        return sorted(found, reverse=True)


def cosine(left: dict[str, float], right: dict[str, float]) -> float:
    if len(left) > len(right):
        left, right = right, left
    dot = sum(value * right.get(word, 0.0) for word, value in left.items())
    left_norm = math.sqrt(sum(v * v for v in left.values()))
    right_norm = math.sqrt(sum(v * v for v in right.values()))
    return dot / (left_norm * right_norm) if left_norm and right_norm else 0.0
