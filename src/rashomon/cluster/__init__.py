"""Corpus stages: reprints (near-duplicates) and story clustering, incremental over the stored archive.

``cluster(store)`` places every article not yet in a story: it is checked for being a reprint of
an archived article published within the story horizon (then it joins that article's story), else
compared with the stories near it in time (see ``stories.StoryIndex``). Stories that continue one
another are linked into storylines. One run is saved in one transaction, so a failure leaves the archive as it was.
With an executor and ``windows``, a batch's pairwise scoring runs by time window on the executor
(``rashomon.cluster.windows``); everything else stays in this process.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from rashomon.cluster.features import ArticleFeatures, article_features, tokens
from rashomon.cluster.reprints import ReprintIndex, earlier
from rashomon.cluster.stories import Assignment, ClusterParams, Story, StoryIndex, WeightCache
from rashomon.cluster.windows import TimeWindows
from rashomon.engine import Executor, LocalExecutor
from rashomon.errors import RashomonError
from rashomon.extract.fields import day_of
from rashomon.models import Article, Published
from rashomon.store import ClusteringChanged, Store

__all__ = ["ClusterParams", "ClusterReport", "cluster", "regroup"]

STORYLINE_THRESHOLD = 0.2  # profile similarity (at any time distance) that links two stories into a storyline
# With local processes, a batch of fewer articles is linked in this process: its scoring takes about 0.1 s, less
# than forking the workers and sending them the vectors. Measured on 2 cores busy with other work, two local
# workers did not pay even at 2,000 articles over a year (0.25 s of scoring here, 0.6 s through them); windows are
# for a Dask cluster's workers, or local ones on idle cores.
LOCAL_WINDOWS_MIN = 1000
# A run placing more articles than this saves its stories every this many (at a batch's end), not only at its end.
SAVE_EVERY = 10_000
FIRST_SENTENCE = re.compile(r"(.{20,200}?[.!?])(?:\s|$)", re.S)
T = TypeVar("T")


@dataclass
class ClusterReport:
    placed: int = 0
    new_stories: int = 0
    reprints: int = 0
    merged: int = 0
    notes: list[str] = field(default_factory=list)  # per-article remarks worth showing (no text, no date)


@dataclass
class ClusterRun:
    """One run's work: the index as loaded and what changed, ready for ``Store.save_clustering``."""

    store: Store
    index: StoryIndex
    reprints: ReprintIndex
    reprint_of: dict[str, str]
    before: dict[str, int]
    before_ids: set[int]
    df_before: Counter[str]
    storylines_before: dict[int, int | None]
    generation: int = 0  # the state's generation when loaded: the save is refused if it has moved on
    saved: int = 0  # articles this run placed and saved already (its earlier parts)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    late_reprints: dict[str, tuple[str, float]] = field(default_factory=dict)
    signatures: dict[str, bytes] = field(default_factory=dict)
    published: dict[str, Published | None] = field(default_factory=dict)
    outlet_known: dict[str, bool] = field(default_factory=dict)
    copies: dict[str, set[str]] | None = None  # original -> its reprints, built when first asked (``copies_of``)

    def copies_of(self, original: str) -> set[str]:
        """The articles ``reprint_of`` gives ``original`` as their original (kept with it from the first ask on)."""
        if self.copies is None:
            self.copies = {}
            for copy, root in self.reprint_of.items():
                self.copies.setdefault(root, set()).add(copy)
        return self.copies.setdefault(original, set())

    def published_of(self, article_id: str) -> Published | None:
        if article_id not in self.published:
            article = self.store.article(article_id)
            self.published[article_id] = article.published if article else None
            self.outlet_known[article_id] = bool(article and article.outlet)
        return self.published[article_id]

    def order_key(self, article_id: str) -> tuple[Published | None, str, bool]:
        """What "which came first" reads of an article: its date, its id, whether its outlet is known."""
        published = self.published_of(article_id)
        return published, article_id, self.outlet_known.get(article_id, False)


def _consistent(store: Store, work: Callable[[], T]) -> T:
    """Run ``work`` (load the clustering state, change it, save it) so that nothing another writer saved in
    between is lost: a save made from a state that changed since it was read is refused (``ClusteringChanged``),
    and the work is done again inside the write transaction, where the state it reads cannot change until it
    is saved. The first try holds no lock while it computes, so readers and other writers go on."""
    try:
        return work()
    except ClusteringChanged:
        with store.transaction():
            return work()


def cluster(store: Store, params: ClusterParams | None = None,
            progress: Callable[[int, int], None] | None = None, *, executor: Executor | None = None,
            windows: int = 0) -> ClusterReport:
    """Place every unclustered article of the store into a story; return what happened.

    ``windows`` > 0 with an ``executor``: a batch's pairwise linking is split into time windows of that many
    days, one task each on the executor (``rashomon.cluster.windows``); the grouping, placing and saving stay in
    this process. Without either (the default), or on local processes for a batch of fewer than
    ``LOCAL_WINDOWS_MIN`` articles, every step runs in this process as it always has."""
    return _consistent(store, lambda: _cluster(store, params, progress, executor, windows))


def _time_windows(executor: Executor | None, windows: int, articles: int) -> TimeWindows | None:
    """How a batch of ``articles`` is linked: by time windows on the executor, or (None) in this process."""
    if executor is None or windows <= 0 or executor.workers < 2:
        return None
    if isinstance(executor, LocalExecutor) and articles < LOCAL_WINDOWS_MIN:
        return None
    return TimeWindows(executor, windows)


def _cluster(store: Store, params: ClusterParams | None, progress: Callable[[int, int], None] | None,
             executor: Executor | None = None, windows: int = 0) -> ClusterReport:
    # only the ids are read up front, the articles (texts included) one batch at a time: memory does not grow
    # with the number of new articles beyond the index's own per-article state
    todo = store.unclustered_ids()
    report = ClusterReport()
    if not todo:
        return report
    run = _load(store, params or ClusterParams())
    existing = set(run.before_ids)
    size = run.index.params.batch_size
    for start in range(0, len(todo), size):
        chunk = store.articles_by_ids(todo[start:start + size])
        batch: list[ArticleFeatures] = []
        into: dict[str, int] = {}
        tied: dict[str, str] = {}
        reprints: dict[str, tuple[str, float] | None] = {}
        for article in chunk:
            features = article_features(article)
            run.published[article.id] = article.published
            run.outlet_known[article.id] = bool(article.outlet)
            root, reprints[article.id] = _reprint(run, article, report)
            if root is not None and root in run.index.where:
                into[article.id] = run.index.where[root]
            elif root is not None and root in into:
                into[article.id] = into[root]
            elif root is not None:
                tied[article.id] = root  # its original is in this batch too
            batch.append(features)
            if not features.terms:
                report.notes.append(f"{article.id}: no words to compare (empty after extraction); a story of its own")
            elif features.when is None:
                report.notes.append(f"{article.id}: no date in its metadata or text; placed by its words alone")
        by_id = {article.id: article for article in chunk}
        split = _time_windows(executor, windows, len(batch))
        for features, assignment in zip(batch, run.index.add_batch(batch, into, tied, split), strict=True):
            _record(run, by_id[features.article_id], features, assignment, reprints[features.article_id])
            report.placed += 1
            report.merged += len(assignment.merged)
            if progress:
                progress(report.placed, len(todo))
        if len(run.members) >= SAVE_EVERY and start + size < len(todo):
            _save(run)
    _save(run)
    report.new_stories = len(set(run.index.stories) - existing)
    return report


def _save(run: ClusterRun) -> None:
    """Save what the run changed since it loaded or last saved, and take that as the state it goes on from: a run
    over a large archive is saved in parts, so that a crash loses at most the last part's work (the articles not
    saved are still unclustered, and the next run places them) and the run holds one part's rows, not all."""
    index = run.index
    moves = {aid: sid for aid, sid in index.where.items() if aid in run.before and run.before[aid] != sid}
    changed = {index.where[aid] for aid in run.members} | set(moves.values())
    _link_storylines(run, changed)
    run.store.save_clustering(_change(run, moves, changed))
    run.generation += 1  # the save moved the state on by one
    run.saved += len(run.members)
    run.before = dict(index.where)
    run.before_ids = set(index.stories)
    run.df_before = Counter(index.df)
    run.storylines_before = {sid: story.storyline for sid, story in index.stories.items()}
    run.members, run.late_reprints, run.signatures = {}, {}, {}


def regroup(store: Store, moves: dict[str, int | None], merge: list[int] | None = None,
            params: ClusterParams | None = None) -> dict[str, int]:
    """The user's regrouping, saved as one change: each article of ``moves`` goes to the story given (None: all
    of them together into one new story, a split), and the stories of ``merge`` become the first of them. Every
    story touched is pinned (later runs never merge it with another automatically) and each moved article's
    reason says the user placed it; its comparison is redone (its members changed). Returns where each article
    of the touched stories now is."""
    return _consistent(store, lambda: _regroup(store, moves, merge, params))


def _regroup(store: Store, moves: dict[str, int | None], merge: list[int] | None,
             params: ClusterParams | None) -> dict[str, int]:
    run = _load(store, params or ClusterParams())
    index = run.index
    for aid in moves:
        if aid not in index.where:
            raise RashomonError(f"article {aid} is in no story yet (run rashomon cluster first)")
    targets = {sid for sid in moves.values() if sid is not None} | set(merge or [])
    missing = sorted(sid for sid in targets if sid not in index.stories)
    if missing:
        raise RashomonError(f"no story {', '.join(map(str, missing))} (see rashomon stories)")
    new_id = index.next_id  # used only when some article is split off (target None)
    wanted: dict[str, int] = {aid: (new_id if sid is None else sid) for aid, sid in moves.items()}
    if merge and len(merge) > 1:
        keep = merge[0]
        for other in merge[1:]:
            for aid in index.stories[other].members:
                wanted.setdefault(aid, keep)
    touched = {index.where[aid] for aid in wanted} | set(wanted.values())
    members: dict[int, list[str]] = {sid: [a for a in index.stories[sid].members if a not in wanted]
                                     for sid in touched if sid in index.stories}
    for aid, sid in wanted.items():
        members.setdefault(sid, []).append(aid)
    features = {aid: article_features(article) for aid in {a for m in members.values() for a in m}
                if (article := store.article(aid)) is not None}
    storylines = {sid: index.stories[sid].storyline for sid in touched if sid in index.stories}
    for sid, ids in sorted(members.items()):
        story = index.rebuild(sid, [features[a] for a in ids if a in features], storylines.get(sid))
        if story is not None:
            index.pinned.add(sid)
    moved = {aid: index.where[aid] for aid in wanted if run.before.get(aid) != index.where.get(aid)}
    kept = {sid for sid in members if sid in index.stories}
    _link_storylines(run, kept)
    change = _change(run, moved, kept)
    change["reasons"] = {aid: {"user": "placed here by the user", "from_story": run.before.get(aid)}
                         for aid in moved}
    # a copy whose original now sits in another story is no longer that story's reprint: it counts on its own
    change["unreprinted"] = sorted(aid for aid, original in run.reprint_of.items()
                                   if aid in index.where and index.where.get(original) != index.where[aid])
    change["meta"]["pinned"] = sorted(index.pinned)
    store.save_clustering(change)
    return {aid: index.where[aid] for sid in members if sid in index.stories for aid in index.stories[sid].members}


def _load(store: Store, params: ClusterParams) -> ClusterRun:
    state = store.clustering_state()
    index = StoryIndex(params)
    index.df.update(state["df"])
    index.docs = int(state["meta"].get("docs", 0))
    before: dict[str, int] = {}
    for row in state["stories"]:
        story = Story(row["id"], dict(row["profile"]), row["size"], Counter(row["names"]),
                      _day(row["first_day"]), _day(row["last_day"]), list(row["members"]), row["storyline_id"])
        index.restore(story)
        before.update(dict.fromkeys(story.members, story.id))
    index.next_id = max(index.next_id, int(state["meta"].get("next_id", 1)))
    index.pinned = set(state["meta"].get("pinned", []))
    reprints = ReprintIndex(store.article_text)
    for article_id, signature in state["signatures"]:
        reprints.load(article_id, signature)
    return ClusterRun(store, index, reprints, dict(state["reprint_of"]), before, set(index.stories),
                      Counter(index.df), {sid: story.storyline for sid, story in index.stories.items()},
                      generation=state["generation"])


def _reprint(run: ClusterRun, article: Article,
             report: ClusterReport) -> tuple[str | None, tuple[str, float] | None]:
    """Index the article's signature; when it copies another article, the article whose story it must
    join and, when it is the later copy, (its original, containment)."""
    # A copy printed again months later is a republication, not another outlet's coverage of the news: it is
    # placed on its words like any article (its story is found the way the story index finds any, within its
    # horizon), so an archive's stories do not run on for years through reprinted text.
    horizon = run.index.params.horizon_days

    def group_of(other: str) -> str:
        return run.reprint_of.get(other, other)

    def near(other: str) -> bool:
        return (_within(article.published, run.published_of(other), horizon)
                and _within(article.published, run.published_of(group_of(other)), horizon))

    signature, matches = run.reprints.add(article.id, article.text, group_of, near)
    run.signatures[article.id] = signature
    if not matches:
        return None, None
    reprint = None
    other, value = matches[0]
    root = run.reprint_of.get(other, other)
    if earlier(run.order_key(root), (article.published, article.id, bool(article.outlet))):
        run.reprint_of[article.id] = root
        if run.copies is not None:
            run.copies_of(root).add(article.id)
        run.late_reprints.pop(article.id, None)
        report.reprints += 1
        reprint = (root, value)
    else:  # the new article is the earlier one: the group it matched now copies it
        group = {root, *run.copies_of(root)}  # not a scan of every reprint of the archive
        (run.copies or {}).pop(root, None)
        for copy in sorted(group):
            run.reprint_of[copy] = article.id
            run.late_reprints[copy] = (article.id, value)
        run.copies_of(article.id).update(group)
        report.reprints += 1
    return root, reprint


def _within(first: Published | None, second: Published | None, days: int) -> bool:
    """Whether two publication dates are at most ``days`` apart (an undated side is never too far)."""
    if first is None or second is None:
        return True
    return abs((day_of(first) - day_of(second)).days) <= days


def _record(run: ClusterRun, article: Article, features: ArticleFeatures, assignment: Assignment,
            reprint: tuple[str, float] | None) -> None:
    reason = assignment.reason(run.index.params.threshold)
    original, value = reprint or (None, None)
    if original is not None and value is not None:
        reason["reprint_of"] = original
        reason["containment"] = round(value, 3)
    if not features.terms:
        reason["note"] = "no words to compare (empty after extraction)"
    run.members[article.id] = {"article_id": article.id, "story_id": assignment.story_id,
                               "reprint_of": original, "reprint_containment": value,
                               "position": run.saved + len(run.members),
                               "reason": reason, "title": article.title, "text": article.text[:400]}


def _link_storylines(run: ClusterRun, changed: set[int]) -> None:
    """Link each changed story to the stories it continues; a storyline id is its first story's id."""
    index = run.index
    weighted = WeightCache()  # each story's weighted profile (and each word's IDF), computed once for the whole batch
    lines: dict[int, set[int]] | None = None  # storyline -> its stories, read once, on the batch's first link
    for sid in sorted(changed):
        story = index.stories.get(sid)
        if story is None:
            continue
        for _, other_id in index.related(story, STORYLINE_THRESHOLD, weighted):
            other = index.stories[other_id]
            if lines is None:
                lines = defaultdict(set)
                for each in index.stories.values():
                    if each.storyline is not None:
                        lines[each.storyline].add(each.id)
            labels = {label for label in (story.storyline, other.storyline) if label is not None}
            target = min(labels | {story.id, other.id}) if not labels else min(labels)
            # the two stories and every story of their storylines join the target's storyline (a walk over the
            # storylines' own stories: a walk over the archive's stories per link was quadratic at scale)
            joined = {story.id, other.id}.union(*(lines.pop(label, set()) for label in labels))
            for each_id in joined:
                index.stories[each_id].storyline = target
            lines[target] = lines.pop(target, set()) | joined


# A story keeps its title while it still fits: an article joining does not rename it, unless its title fits the
# story three times better (the first article was titled "Live updates" or "Breaking").
TITLE_KEEP = 1 / 3


def _title(index: StoryIndex, story: Story, titles: dict[str, tuple[str | None, str]],
           current: str | None = None) -> str | None:
    """The member title that best matches the story's profile (a reprint's title only if nothing else). A story
    keeps the title it has while that title still fits about as well: an article joining does not rename it."""
    weights = index.weighted(story.profile)
    scored: dict[str, float] = {}
    for member in story.members:
        title, text = titles.get(member, (None, ""))
        if not title:
            match = FIRST_SENTENCE.match(" ".join(text.split()))
            title = match.group(1) if match else None
        if not title:
            continue
        words = tokens(title)
        value = sum(weights.get(word, 0.0) for word in words) / (len(words) ** 0.5 or 1.0)
        if title not in scored or value > scored[title]:
            scored[title] = value
    if not scored:
        return None
    best = max(scored, key=lambda t: (scored[t], t == current))
    if current in scored and scored[current] >= TITLE_KEEP * scored[best]:
        return current
    return best


def _change(run: ClusterRun, moves: dict[str, int], changed: set[int]) -> dict[str, Any]:
    index = run.index
    relabelled = {sid for sid, story in index.stories.items() if story.storyline != run.storylines_before.get(sid)}
    touched = changed | relabelled
    titles = run.store.article_titles([m for sid in touched if sid in index.stories
                                       for m in index.stories[sid].members if m not in run.members])
    titles.update({aid: (row["title"], row["text"]) for aid, row in run.members.items()})
    current = {s["id"]: s["title"] for s in run.store.stories(ids=sorted(touched))} if touched else {}
    rows = []
    for sid in sorted(touched):
        story = index.stories.get(sid)
        if story is None:
            continue
        originals = [m for m in story.members if m not in run.reprint_of] or story.members
        title = _title(index, Story(sid, story.profile, members=originals), titles, current.get(sid))
        rows.append({"id": sid, "title": title,
                     "storyline_id": story.storyline, "size": story.size,
                     "first_day": story.first.isoformat() if story.first else None,
                     "last_day": story.last.isoformat() if story.last else None,
                     "profile": story.profile, "names": dict(story.names.most_common(30))})
    members = [{k: v for k, v in row.items() if k not in ("title", "text")} for row in run.members.values()]
    for row in members:
        row["story_id"] = index.where[row["article_id"]]
        if row["article_id"] in run.reprint_of and row["reprint_of"] is None:
            row["reprint_of"] = run.reprint_of[row["article_id"]]
    return {
        "stories": rows,
        "removed": sorted(run.before_ids - set(index.stories)),
        "members": members,
        "moves": moves,
        "reprints": {aid: value for aid, value in run.late_reprints.items() if aid not in run.members},
        "df": {term: count - run.df_before.get(term, 0) for term, count in index.df.items()
               if count != run.df_before.get(term, 0)},
        "meta": {"docs": index.docs, "next_id": index.next_id},
        "signatures": run.signatures,
        "generation": run.generation,
    }


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
