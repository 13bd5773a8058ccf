"""Incremental story clustering: a run's new articles are grouped, then join the stories they fit best.

A story keeps the running mean of its members' term weights (its profile), the names they mention
and the days they cover. One clustering run (``add_batch``) first groups its own articles by
average linkage: two articles' similarity is the cosine of their TF-IDF-weighted terms (IDF from
the archive's running document frequencies), damped by the days between them and when they are
about different people (``person_clash``); groups merge while their mean pairwise similarity stays
above ``link_threshold``. Grouping the run first makes its result independent of the order its
articles come in. Each group then joins the earlier story its mean profile fits best (through an
inverted index over rare terms, stories near it in time only), or opens a new story; earlier
stories are never split or re-clustered. ``add`` places one article the same way, for callers
that stream. Every assignment keeps its reason: the score, the runner-up, shared names, the time
gap and the group it came with.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from rashomon.cluster.features import ArticleFeatures
from rashomon.cluster.linkage import Link, average_linkage, link_table, pair_links

if TYPE_CHECKING:
    from rashomon.cluster.windows import TimeWindows


@dataclass(frozen=True)
class ClusterParams:
    """The clusterer's knobs; defaults tuned on ECB+ topics 1-22 and BASIL 2010-2014 (benchmarks/stories.py)."""

    threshold: float = 0.2  # minimum similarity to join a story (and to absorb a one-article story)
    merge_threshold: float = 0.35  # minimum profile similarity to merge two larger stories
    link_threshold: float = 0.21  # a batch's articles are grouped while their mean pairwise similarity is above this
    person_factor: float = 0.5  # similarity kept between two articles about different people (see person_clash)
    window_days: int = 3  # no time penalty within this many days of the story's days
    decay_days: float = 4.0  # beyond the window the score halves every decay_days
    horizon_days: int = 60  # stories further away in time are not candidates
    profile_terms: int = 300  # a story profile keeps its strongest terms
    index_terms: int = 20  # an article is looked up by its strongest terms
    max_posting: int = 20000  # terms in more stories than this (near the article in time) are too common
    max_candidates: int = 64  # stories scored in full per article: those sharing most of its strongest terms
    bucket_days: int = 32  # the term index is split into buckets of this many days
    indexed_terms: int = 80  # a story is found through its strongest terms (at most profile_terms)
    batch_size: int = 2000  # one clustering run groups its new articles this many at a time


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
    group: tuple[int, float] | None = None  # (articles of its batch grouped with it, their mean similarity)

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
            **({"batch_group": self.group[0], "batch_link": round(self.group[1], 4)} if self.group else {}),
        }


def person_clash(a: ArticleFeatures, b: ArticleFeatures) -> bool:
    """Two articles are each about a different person, and neither names the other's person in its
    lead or more than twice: "Saints put Reggie Bush on injured reserve" and "Saints put Pierre
    Thomas on injured reserve" share every other word, yet are two events."""
    return (a.person is not None and b.person is not None and a.person != b.person
            and a.person not in b.prominent and b.person not in a.prominent)


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
        self.pinned: set[int] = set()  # stories the user regrouped: never merged with another automatically

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

    def weighted(self, terms: dict[str, float], idf: dict[str, float] | None = None) -> dict[str, float]:
        """The terms weighted by IDF, as a unit vector. ``idf``: a cache of IDF values for a caller that weighs many
        vectors while no document frequency changes (the values are the same as ``self.idf``'s)."""
        if idf is None:
            vector = {word: value * self.idf(word) for word, value in terms.items()}
        else:
            vector = {}
            for word, value in terms.items():
                weight = idf.get(word)
                if weight is None:
                    weight = idf[word] = self.idf(word)
                vector[word] = value * weight
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {word: v / norm for word, v in vector.items()}

    def idf_scaled(self, vector: dict[str, float]) -> dict[str, float]:
        """The vector with each term multiplied by its IDF once more: the article side of the dot
        product with a raw story profile, computed once per lookup instead of once per story."""
        return {word: value * self.idf(word) for word, value in vector.items()}

    def story_similarity(self, vector: dict[str, float], story: Story,
                         scaled: dict[str, float] | None = None) -> float:
        """The cosine of a weighted article vector with the story's profile weighted now, without re-weighting
        the whole profile: the dot product
        runs over the shared terms with today's IDF; the profile's weighted norm is cached per story and
        recomputed when the profile changes or the archive has grown by 1% since (IDF drifts slowly).
        ``scaled`` is ``idf_scaled(vector)``, passed when one vector is compared with many stories."""
        profile = story.profile
        if not profile or not vector:
            return 0.0
        cached = self._norms.get(story.id)
        if cached is None or self.docs > cached[0] * 1.01:
            norm = math.sqrt(sum((value * self.idf(word)) ** 2 for word, value in profile.items()))
            cached = self._norms[story.id] = (self.docs, norm)
        if not cached[1]:
            return 0.0
        if scaled is None:
            scaled = self.idf_scaled(vector)
        small, large = (scaled, profile) if len(scaled) <= len(profile) else (profile, scaled)
        dot = sum(value * large[word] for word, value in small.items() if word in large)
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

    def join_threshold(self, size: int, other: int) -> float:
        """The similarity two stories (or a group and a story) of these sizes need to become one: a
        lone article needs ``threshold``, two larger ones ``merge_threshold``."""
        return self.params.threshold if min(size, other) == 1 else self.params.merge_threshold

    def time_factor(self, gap_days: int | None) -> float:
        if gap_days is None or gap_days <= self.params.window_days:
            return 1.0
        return float(0.5 ** ((gap_days - self.params.window_days) / self.params.decay_days))

    def score(self, features: ArticleFeatures, vector: dict[str, float], story: Story,
              scaled: dict[str, float] | None = None) -> tuple[float, int | None]:
        gap_days = gap(features.when, story.first, story.last)
        value = self.story_similarity(vector, story, scaled) * self.time_factor(gap_days)
        return value, gap_days

    def add(self, features: ArticleFeatures, into: int | None = None) -> Assignment:
        """Count and place one article: into the best story above the threshold, or a new story.

        ``into`` forces the story (a reprint joins its original's story).
        """
        self.observe(features)
        return self.place(features, into)

    def add_batch(self, batch: list[ArticleFeatures], into: dict[str, int] | None = None,
                  tied: dict[str, str] | None = None, windows: TimeWindows | None = None) -> list[Assignment]:
        """Count and place a batch of new articles (what one ``rashomon cluster`` run does).

        The batch is first grouped among itself by average linkage (``group``), so that its
        result does not hang on which article came first; each group then joins the existing
        story it fits best (or opens one). Stories from earlier batches are never split or
        re-clustered. ``into`` forces an article's story (a reprint of an archived article);
        ``tied`` puts an article in the same group as another of this batch (a reprint of it).
        ``windows``: link the batch's articles by time window on an executor (``rashomon.cluster.windows``);
        the grouping and placing stay here.
        """
        into = into or {}
        for features in batch:
            self.observe(features)
        before = set(self.stories)
        placed: list[Assignment] = []
        live = [features for features in batch if features.terms and features.article_id not in into]
        for features in batch:
            if features.article_id in into:
                placed.append(self.place(features, into[features.article_id]))
            elif not features.terms:
                placed.append(self.place(features))
        vectors = {features.article_id: self.weighted(features.terms) for features in live}
        links = windows.links(self, live, vectors) if windows is not None else None
        for members, link in self.group(live, vectors, tied or {}, links):
            placed += self._place_group(members, link, vectors, before)
        order = {features.article_id: n for n, features in enumerate(batch)}
        return sorted(placed, key=lambda assignment: order[assignment.article_id])

    def pair_similarity(self, a: ArticleFeatures, va: dict[str, float],
                        b: ArticleFeatures, vb: dict[str, float]) -> float:
        """Two articles: cosine of their weighted terms, damped by the days between them and when
        they are about different people."""
        value = cosine_unit(va, vb)
        if a.when is not None and b.when is not None:
            value *= self.time_factor(abs((a.when - b.when).days))
        if person_clash(a, b):
            value *= self.params.person_factor
        return value

    def group(self, live: list[ArticleFeatures], vectors: dict[str, dict[str, float]], tied: dict[str, str],
              links: list[Link] | None = None) -> list[tuple[list[ArticleFeatures], float]]:
        """Average-linkage clustering of a batch, over the pairs that share strong terms (other
        pairs count as 0); groups merge while their mean pairwise similarity is above
        ``link_threshold``. Returns the groups in batch order with their own mean similarity.
        ``links``: the batch's pairwise links when they were computed elsewhere (by time window)."""
        if links is None:
            links = pair_links(live, vectors, self.pair_similarity, self.params)
        position = {features.article_id: i for i, features in enumerate(live)}
        pairs = [(position[article], position[original]) for article, original in tied.items()
                 if article in position and original in position]
        return [([live[i] for i in indices], mean) for indices, mean in
                average_linkage(len(live), link_table(len(live), links), pairs, self.params.link_threshold)]

    def _place_group(self, members: list[ArticleFeatures], link: float, vectors: dict[str, dict[str, float]],
                     before: set[int]) -> list[Assignment]:
        """Put one batch group into the existing story its mean profile fits best, or a new story."""
        size = len(members)
        terms: dict[str, float] = {}
        for features in members:
            for word, value in features.terms.items():
                terms[word] = terms.get(word, 0.0) + value / size
        vector = self.weighted(terms)
        days = [features.when for features in members if features.when is not None]
        span = Story(0, first=min(days) if days else None, last=max(days) if days else None)
        best: tuple[float, int] | None = None
        scaled = self.idf_scaled(vector)
        for sid in self.candidates(vector, span.first):
            story = self.stories[sid]
            if sid not in before and min(size, story.size) > 1:
                continue  # the batch's own groups were kept apart by the linkage on purpose; a lone
                # article, which the linkage could not place (too few words in common), may still join one
            value = self.story_similarity(vector, story, scaled) * self.time_factor(interval_gap(span, story))
            if value >= self.join_threshold(size, story.size) and (best is None or value > best[0]):
                best = (value, sid)
        # each article's reason is read before the group joins: its score and time gap against the story as it was
        before_join = {features.article_id: self._scored(features, vectors[features.article_id])
                       for features in members}
        story = self.stories[best[1]] if best else self._new_story()
        new = best is None
        for features in members:
            self._join(story, features)
        placed = []
        for n, features in enumerate(members):
            vector = vectors[features.article_id]
            scored = before_join[features.article_id]
            own: tuple[float, int | None] | None
            if new and n == 0:  # it opened the story: its score is the best any earlier story gave it
                own = (scored[0][0], None) if scored else (0.0, None)
            else:
                own = None if new else next(((value, gap_days) for value, sid, gap_days in scored
                                             if sid == story.id), None)
                if own is None:  # a new story, or one the lookup did not offer: score against it as it is now
                    own = self.score(features, vector, story)
            others = [value for value, sid, _ in scored if sid != story.id]
            runner_up = (others[1:] if new and n == 0 else others)[:1] or [0.0]
            shared = tuple(name for name in features.names if name in story.names)
            placed.append(Assignment(features.article_id, story.id, float(own[0]), new and n == 0,
                                     float(runner_up[0]), shared[:6], own[1], features.when_origin,
                                     group=(size, link) if size > 1 else None))
        return placed

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
        scaled = self.idf_scaled(vector)
        for sid in self.candidates(vector, features.when):
            value, gap_days = self.score(features, vector, self.stories[sid], scaled)
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
            if other is None or (self.pinned & {sid, story.id}):
                continue
            gap_days = interval_gap(story, other)
            value = cosine_unit(self.weighted(story.profile), self.weighted(other.profile)) * self.time_factor(gap_days)
            if value >= self.join_threshold(story.size, other.size):
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

    def rebuild(self, story_id: int, members: list[ArticleFeatures], storyline: int | None) -> Story | None:
        """The story made again from exactly these members (a user's regrouping); None when it is left empty."""
        old = self.stories.pop(story_id, None)
        if old is not None:
            self._unindex(old, old.indexed, old.spans)
            self._norms.pop(story_id, None)
        if not members:
            return None
        story = Story(story_id, storyline=storyline)
        self.stories[story_id] = story
        for features in members:
            self._join(story, features)
        self.next_id = max(self.next_id, story_id + 1)
        return story

    def labels(self) -> dict[str, int]:
        """Article id → story id for every article placed so far."""
        return dict(self.where)

    def related(self, story: Story, threshold: float, cache: WeightCache | None = None) -> list[tuple[float, int]]:
        """Other stories whose profiles resemble this one's at any distance in time (storyline links).
        ``cache``: weighted profiles and IDF values, filled as they are computed, for a caller that asks for many
        stories while no profile and no document frequency changes (linking a batch's stories)."""
        if not story.profile:
            return []
        cache = cache or WeightCache()

        def vector_of(one: Story) -> dict[str, float]:
            found = cache.vectors.get(one.id)
            if found is None:
                found = cache.vectors[one.id] = self.weighted(one.profile, cache.idf)
            return found

        vector = vector_of(story)
        found = []
        for sid in self.candidates(vector, None, limit=4 * self.params.max_candidates) - {story.id}:
            value = cosine_unit(vector, vector_of(self.stories[sid]))  # weighted vectors are unit length
            if value >= threshold:
                found.append((value, sid))
        return sorted(found, reverse=True)


@dataclass
class WeightCache:
    """Story id -> weighted profile, and word -> IDF, computed once while no profile and no document frequency
    changes (``StoryIndex.related`` over a batch's stories)."""

    vectors: dict[int, dict[str, float]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)


def cosine_unit(left: dict[str, float], right: dict[str, float]) -> float:
    """The dot product of two unit-length sparse vectors."""
    if len(left) > len(right):
        left, right = right, left
    return sum(value * right.get(word, 0.0) for word, value in left.items())
