"""Story clustering split by time window (issue 20): the same stories as the one-process path, and a window whose
task fails is linked in this process."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

import pytest

import rashomon.cluster as clustering
import rashomon.cluster.windows as windows_module
from rashomon.cluster import cluster
from rashomon.cluster.features import article_features
from rashomon.cluster.linkage import link_candidates
from rashomon.cluster.stories import StoryIndex
from rashomon.cluster.windows import TimeWindows, margin_days, split
from rashomon.engine import Failed, LocalExecutor
from rashomon.ingest import ingest
from rashomon.models import Article
from rashomon.settings import Settings
from rashomon.store import Store
from tests.conftest import DEMO

PLACES = ["Harrowgate", "Dunmere", "Carrow", "Millbank", "Ostry", "Brenn", "Tolsk", "Verin", "Lune", "Halvik"]
EVENTS = [("bridge", "fire crews fought a blaze at the old bridge, which collapsed into the river"),
          ("flood", "the river burst its banks and water filled the lower streets of the town"),
          ("strike", "bus drivers walked out over pay and no buses ran in the town all day"),
          ("election", "the mayor lost the election to a challenger from the town council"),
          ("storm", "a storm tore roofs from houses and cut power to thousands of homes")]
CODES = ["alder", "birch", "cedar", "dogwood", "elm", "fir", "ginkgo", "hazel", "juniper", "kauri", "larch", "maple",
         "nutmeg", "oak", "pine", "quince", "rowan", "spruce", "teak", "umbrella", "viburnum", "walnut", "xylosma",
         "yew", "zelkova", "acacia", "banyan", "cypress", "damson", "ebony"]
SURNAMES = ["Morrow", "Oduya", "Brandt", "Keller", "Novak", "Ambrosi"]


def synthetic() -> list[Article]:
    """Thirty stories of three to five reports over up to four days, one starting every other day, so that most
    cross the edge of a one- or two-day window; a few reports undated (they link with every window)."""
    articles = []
    start = date(2026, 3, 1)
    for n in range(30):
        place, (kind, event), code = PLACES[n % len(PLACES)], EVENTS[(n // 2) % len(EVENTS)], CODES[n]
        chief = f"{code.title()} {SURNAMES[n % len(SURNAMES)]}"
        for k in range(3 + n % 3):
            text = (f"In {place}, {event}, {chief} of the {code} district said. {chief} told reporters that the "
                    f"{code} {kind} was the worst in years. {code.title()} residents described the {kind} to the "
                    f"{code.title()} Gazette, and officials of {code} will review it next week (report {k + 1}).")
            published = None if (n + k) % 11 == 0 else start + timedelta(days=2 * n + k)
            articles.append(Article(id=f"s{n}-{k}", source=f"s{n}-{k}", text=text, title=f"{place} {kind} in {code}",
                                    published=published))
    return articles


class InProcess:
    """An executor that runs each item here and fails the items ``failing`` picks (a lost worker's task)."""

    def __init__(self, failing: Callable[[Any], bool] = lambda item: False) -> None:
        self.failing, self.items = failing, 0

    @property
    def workers(self) -> int:
        return 2

    def map(self, func: Callable[[Any], Any], items: Sequence[Any], *, budget: float | None = None,
            min_parallel: int = 2) -> list[Any]:
        self.items += len(items)
        return [Failed(item, "crash", "the worker died") if self.failing(item) else func(item) for item in items]


def stories(placed: dict[str, int]) -> set[frozenset[str]]:
    grouped: dict[int, set[str]] = {}
    for article_id, story in placed.items():
        grouped.setdefault(story, set()).add(article_id)
    return {frozenset(ids) for ids in grouped.values()}


def index_run(articles: list[Article], windows: TimeWindows | None) -> list[tuple[str, int, float, bool]]:
    index = StoryIndex()
    return [(a.article_id, a.story_id, a.score, a.new_story)
            for a in index.add_batch([article_features(article) for article in articles], windows=windows)]


def test_the_synthetic_stories_cross_window_edges_and_the_windows_give_the_same_assignments():
    articles = synthetic()
    features = [f for f in (article_features(article) for article in articles) if f.terms]
    index = StoryIndex()
    for f in features:
        index.observe(f)
    vectors = {f.article_id: index.weighted(f.terms) for f in features}
    parts = split(features, link_candidates(features, vectors, index.params), 1, margin_days(index.params))
    assert len(parts) > 20 and all(f.when is None for f in (features[i] for i, _ in parts[-1]))
    one = index_run(articles, None)
    found = stories({a: s for a, s, _, _ in one})
    assert len(found) == 30
    days = {f.article_id: f.when for f in features}
    assert all(len({days[a] for a in story if days.get(a)}) >= 2 for story in found)  # every story crosses an edge
    for days in (1, 2, 7):
        executor = InProcess()
        assert index_run(articles, TimeWindows(executor, days)) == one  # scores and story ids, bit for bit
        assert executor.items > 1
    assert index_run(articles, TimeWindows(LocalExecutor(2), 1)) == one  # through forked workers


def count_windows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of windows of each batch linked by windows, as the run goes."""
    counted: list[int] = []

    def counting(*args: Any) -> list[Any]:
        parts = split(*args)
        counted.append(len(parts))
        return parts

    monkeypatch.setattr(windows_module, "split", counting)
    return counted


def put_all(store: Store, articles: list[Article]) -> None:
    from rashomon.models import RawDocument

    for article in articles:
        raw = RawDocument(source=article.source, format="text", content=article.id.encode() + article.text.encode(),
                          text=article.text, encoding="utf-8")
        store.add_document(raw, Article(id=raw.id, source=article.source, text=article.text, title=article.title,
                                        published=article.published, raw_id=raw.id))


def placed(store: Store) -> set[frozenset[str]]:
    return stories({a["id"]: story["id"] for story in store.stories() for a in story["articles"]})


@pytest.mark.parametrize("corpus", ["demo", "synthetic"])
def test_cluster_by_windows_on_local_processes_gives_the_one_process_stories(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(clustering, "LOCAL_WINDOWS_MIN", 0)  # the corpora are small: window them anyway
    counted = count_windows(monkeypatch)
    found = []
    for name, executor, windows in (("one", None, 0), ("windows", LocalExecutor(2), 1)):
        with Store(tmp_path / f"{name}.db") as store:
            if corpus == "demo":
                ingest([str(DEMO / "corpus")], store, Settings())
            else:
                put_all(store, synthetic())
            report = cluster(store, executor=executor, windows=windows)
            found.append((placed(store), report.placed, report.new_stories, report.reprints))
    assert found[0] == found[1]
    assert found[0][1] >= 9 and counted[0] >= 2  # the windowed path was taken


def test_a_small_batch_on_local_processes_is_clustered_in_this_process(store, monkeypatch):
    calls = []
    monkeypatch.setattr(TimeWindows, "links", lambda self, *args: calls.append(1))
    put_all(store, synthetic()[:12])
    cluster(store, executor=LocalExecutor(2), windows=1)
    assert not calls and clustering.LOCAL_WINDOWS_MIN > 12


def test_a_window_whose_task_fails_is_linked_in_this_process_and_no_article_is_lost(tmp_path):
    articles = synthetic()
    failing = InProcess(lambda window: len(window.positions) % 2 == 0)
    one = index_run(articles, None)
    assert index_run(articles, TimeWindows(failing, 2)) == one
    with Store(tmp_path / "one.db") as store:
        put_all(store, articles)
        cluster(store)
        expected = placed(store)
    with Store(tmp_path / "failing.db") as store:
        put_all(store, articles)
        every = InProcess(lambda window: True)  # every task lost: all linked here
        report = cluster(store, executor=every, windows=2)
        assert every.items > 1 and report.placed == len(articles)
        assert placed(store) == expected
        assert not store.unclustered_ids()


def test_run_pipeline_passes_its_executor_to_clustering_only_when_windows_are_asked_for(store, monkeypatch):
    import rashomon.pipeline as pipeline

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(pipeline, "cluster", lambda store, **kwargs: calls.append(kwargs) or clustering.ClusterReport())
    executor = InProcess()
    pipeline.run_pipeline([], store, compare=False, executor=executor)  # type: ignore[arg-type]
    pipeline.run_pipeline([], store, compare=False, executor=executor, cluster_windows=3)  # type: ignore[arg-type]
    pipeline.run_pipeline([], store, Settings(cluster_windows=5), compare=False,  # the setting, when not given
                          executor=executor)  # type: ignore[arg-type]
    assert [(c["executor"], c["windows"]) for c in calls] == [(None, 0), (executor, 3), (executor, 5)]


def test_on_two_dask_workers_the_windows_give_the_one_process_stories(tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from rashomon.engine.dask_executor import DaskExecutor, start_local_cluster

    counted = count_windows(monkeypatch)
    local = start_local_cluster(2, port=0)
    try:
        with distributed.Client(local, set_as_default=False) as client:
            found = []
            for name, executor in (("one", None), ("dask", DaskExecutor(client=client))):
                with Store(tmp_path / f"{name}.db") as store:
                    put_all(store, synthetic())
                    cluster(store, executor=executor, windows=2)  # not local processes: windowed whatever the size
                    found.append(placed(store))
            assert found[0] == found[1] and len(found[0]) == 30 and counted[0] > 20
    finally:
        local.close()
