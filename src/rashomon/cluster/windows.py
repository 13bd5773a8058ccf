"""Story clustering split by time window, so that its costly part runs on an executor's workers (issue 20).

Grouping a clustering run's articles (``StoryIndex.group``) is three steps: finding each article's candidates,
the later articles of the batch that share its strongest terms (``link_candidates``, cheap); scoring each pair
(``score_links``, about ``max_candidates`` similarities an article: most of the cost); and average linkage over
the scores (``average_linkage``, cheap). Scoring is local in time: a pair's similarity is damped by the days
between the two (``StoryIndex.time_factor``) to under ``NEGLIGIBLE`` of itself past ``margin_days`` (30 days with
the defaults). So the term statistics (IDF) and the candidates are the whole batch's, computed here; the batch's
dated articles are cut into windows of ``days`` days, the undated ones are one more window, and one task per
window scores the pairs of the articles it holds with their candidates within the margin (or undated), given
the vectors of those articles only. Each pair is scored once, from its earlier article, as the one-process path
scores it, bit for bit. The calling process then runs the average linkage over all the windows' links and
places the groups into stories, as before. The one difference from the one-process path: a pair of dated
articles further apart than the margin is left unscored (its link, under 1% of a cosine, is a twentieth of
``link_threshold``). A batch whose articles all fall in one window (all within ``days`` days, or all undated) is
linked in this process, exactly as before.

Not chosen: grouping each window (candidates, scores and linkage within it) and joining the groups that share an
article. Average linkage does not compose that way (an article of an overlap grouped with one story on each side
chains the two, where the batch's mean similarity may keep them apart), and candidates found within a window are
not the batch's (an article with more than ``max_candidates`` candidates in the batch gets nearer ones in place
of far ones, so more links than the one-process path).

Measured (benchmarks/stories.py --windows 7): ECB+ and BASIL give the one-process stories, every assignment the
same. On 2,000 copies of their texts dated at random over a year with 10% undated (undated copies bridge articles
months apart, so some groups hold pairs past the margin and near-ties of the linkage flip), about 2% of stories
differ and B-cubed F1 moves by 0.0002; with every article dated, none differ.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from rashomon.cluster.features import ArticleFeatures
from rashomon.cluster.linkage import Link, link_candidates, score_links
from rashomon.cluster.stories import ClusterParams, StoryIndex
from rashomon.engine import Executor, Failed

__all__ = ["NEGLIGIBLE", "TimeWindows", "Window", "margin_days", "split", "window_links"]

# The time factor under which a pair is left unlinked: 0.01 of a cosine of at most 1 is a twentieth of
# link_threshold (0.21), and moves a group's mean similarity by less than that over its size. With the defaults it
# is 30 days; benchmarks/stories.py --windows 7 gives the one-process figures on BASIL with it.
NEGLIGIBLE = 0.01


def margin_days(params: ClusterParams) -> int:
    """The days apart past which a pair's time factor is under ``NEGLIGIBLE``: each window's margin."""
    return params.window_days + math.ceil(params.decay_days * math.log2(1 / NEGLIGIBLE))


@dataclass(frozen=True)
class Window:
    """One window's task: the pairs to score, as each article (an index into ``members``) with its candidates,
    and the articles they name, with the batch's weighted vectors (IDF of the whole batch)."""

    params: ClusterParams
    positions: tuple[int, ...]  # each member's position among the batch's grouped articles, ascending
    members: tuple[ArticleFeatures, ...]
    vectors: dict[str, dict[str, float]]
    pairs: tuple[tuple[int, tuple[int, ...]], ...]


def window_links(window: Window) -> list[Link]:
    """The links of a window's pairs, in the batch's positions (the task a worker runs)."""
    index = StoryIndex(window.params)
    found = score_links(window.members, window.vectors, index.pair_similarity, window.pairs)
    where = window.positions
    return [(where[i], where[j], value) for i, j, value in found]


def split(live: list[ArticleFeatures], candidates: list[list[int]], days: int,
          margin: int) -> list[list[tuple[int, list[int]]]]:
    """The batch's windows, each as its articles (positions) with the candidates each is scored against: one
    window per ``days`` days that holds a dated article, then one for the undated articles. A dated pair more
    than ``margin`` days apart is left out; every other pair is in exactly one window, its earlier article's."""
    dated = sorted((features.when.toordinal(), i) for i, features in enumerate(live) if features.when is not None)
    windows: dict[int | None, list[tuple[int, list[int]]]] = {}
    origin = dated[0][0] if dated else 0
    for i in sorted(range(len(live)), key=lambda i: (live[i].when is None, live[i].when, i)):
        when = live[i].when
        near = [j for j in candidates[i] if when is None or (other := live[j].when) is None
                or abs((other - when).days) <= margin]
        key = None if when is None else (when.toordinal() - origin) // days
        windows.setdefault(key, []).append((i, near))
    return [pairs for _, pairs in sorted(windows.items(), key=lambda item: (item[0] is None, item[0] or 0))]


@dataclass(frozen=True)
class TimeWindows:
    """Link a batch by time windows of ``days`` days, one task per window on ``executor``
    (``StoryIndex.add_batch(..., windows=TimeWindows(executor, 7))``). A window whose task fails is linked in
    this process, so no article is lost."""

    executor: Executor
    days: int

    def links(self, index: StoryIndex, live: list[ArticleFeatures],
              vectors: dict[str, dict[str, float]]) -> list[Link] | None:
        """The batch's links, window by window; None when it is one window (then link it in this process)."""
        candidates = link_candidates(live, vectors, index.params)
        parts = split(live, candidates, max(1, self.days), margin_days(index.params))
        if len(parts) < 2:
            return None
        tasks = [_task(index.params, live, vectors, part) for part in parts]
        links: list[Link] = []
        for task, outcome in zip(tasks, self.executor.map(window_links, tasks), strict=True):
            links += window_links(task) if isinstance(outcome, Failed) else outcome
        links.sort(key=lambda link: link[0])  # each article's links in the order the one-process path finds them
        return links


def _task(params: ClusterParams, live: list[ArticleFeatures], vectors: dict[str, dict[str, float]],
          pairs: list[tuple[int, list[int]]]) -> Window:
    """A window's task, holding only the articles its pairs name."""
    positions = sorted({i for i, _ in pairs} | {j for _, near in pairs for j in near})
    local = {i: n for n, i in enumerate(positions)}
    # a pair's score reads the vectors, the days and the people (person_clash) only: the rest stays here
    members = tuple(replace(live[i], terms={}, names={}, outlet=None, title=None) for i in positions)
    return Window(params, tuple(positions), members, {f.article_id: vectors[f.article_id] for f in members},
                  tuple((local[i], tuple(local[j] for j in near)) for i, near in pairs))
