"""The streaming map (issue 20): ``LocalExecutor.imap`` and ``rashomon.engine.stream`` keep every worker busy
while the caller stores results, never hold more than their cap of items, keep each failure its item's own, and
hand every item back exactly once; annotate and ingest built on them store everything exactly once and resume
after a stop without duplicates. (The same for ``DaskExecutor.imap`` is in tests/test_dask.py.)"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from rashomon.engine import IN_FLIGHT_PER_WORKER, Failed, LocalExecutor, isolated_imap, stream
from rashomon.models import Article
from rashomon.records import ANNOTATION_VERSION, Annotation
from rashomon.settings import Settings
from rashomon.store import Store
from tests.test_reliability import _work
from tests.test_streaming import fill

nlp_module = sys.modules["rashomon.nlp"]  # the package, not the function `rashomon.nlp.annotate`


class Source:
    """An input that checks, each time an item is taken from it, that fewer than ``cap`` items are taken and
    not yet consumed (the caller counts ``consumed`` when it is done with an outcome)."""

    def __init__(self, items: list[Any], cap: int) -> None:
        self.items, self.cap = items, cap
        self.taken = self.consumed = self.most = 0

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            assert self.taken - self.consumed < self.cap, "more items taken than the cap"
            self.taken += 1
            self.most = max(self.most, self.taken - self.consumed)
            yield item


def consume(outcomes: Iterator[tuple[Any, Any]], source: Source) -> list[tuple[Any, Any]]:
    got = []
    for pair in outcomes:
        got.append(pair)
        source.consumed += 1
    return got


@pytest.mark.parametrize("ordered", [True, False])
def test_the_stream_holds_at_most_its_cap_and_hands_back_every_item_once(ordered):
    items = [f"nap{i % 4}-{i}" for i in range(40)] + [f"x{i}" for i in range(20)]
    source = Source(items, cap=4)
    got = consume(LocalExecutor(2).imap(_work, source, ordered=ordered, ahead=4), source)
    assert sorted(item for item, _ in got) == sorted(items)  # every item once
    assert all(outcome == item.upper() for item, outcome in got)
    assert source.most == 4  # it did read ahead, up to the cap and never past it
    if ordered:
        assert [item for item, _ in got] == items


def test_the_default_cap_is_two_items_per_worker():
    source = Source([f"nap1-{i}" for i in range(30)], cap=IN_FLIGHT_PER_WORKER * 3)
    got = consume(LocalExecutor(3).imap(_work, source), source)
    assert len(got) == 30 and source.most == IN_FLIGHT_PER_WORKER * 3


def _started(item: str) -> float:
    """When the worker began the item (the monotonic clock is the machine's, the same in every process)."""
    began = time.monotonic()
    time.sleep(0.2)
    return began


def test_the_workers_go_on_while_the_caller_stores():
    """Storing one result takes about as long as computing one: the workers begin the next items while the caller
    stores (waves of ``map`` begin none until the caller asks for the next wave). Checked by when items began,
    not by how long the run took."""
    storing: list[tuple[float, float]] = []
    began: list[float] = []
    for _, outcome in LocalExecutor(2).imap(_started, [f"item-{i}" for i in range(20)], ordered=False):
        began.append(outcome)
        start = time.monotonic()
        time.sleep(0.1)  # the caller stores the result
        storing.append((start, time.monotonic()))
    meanwhile = [b for b in began if any(start < b < end for start, end in storing)]
    assert len(meanwhile) >= 3, f"only {len(meanwhile)} of 20 items began while the caller was storing"


@pytest.mark.parametrize("ordered", [True, False])
def test_each_failure_in_the_stream_is_only_its_item(ordered):
    items = ["a", "raise", "b", "die", "c", "slow", "d", "unpicklable", "e"] + [f"x{i}" for i in range(12)]
    source = Source(items, cap=4)
    outcomes = isolated_imap(_work, source, workers=2, budget=1.0, ordered=ordered, ahead=4, hard_grace=2.0)
    by_item = dict(consume(outcomes, source))
    assert sorted(by_item) == sorted(items)
    for good in ["a", "b", "c", "d", "e"] + [f"x{i}" for i in range(12)]:
        assert by_item[good] == good.upper()
    assert isinstance(by_item["raise"], Failed) and "ValueError: bad item" in by_item["raise"].reason
    assert isinstance(by_item["die"], Failed) and by_item["die"].kind == "crash"
    assert isinstance(by_item["slow"], Failed) and by_item["slow"].kind == "timeout"
    assert isinstance(by_item["unpicklable"], Failed) and by_item["unpicklable"].kind == "error"


def test_a_worker_deaf_to_its_timer_is_killed_and_the_stream_goes_on():
    items = ["a", "stuck"] + [f"x{i}" for i in range(10)]
    got = dict(isolated_imap(_work, items, workers=2, budget=0.5, ordered=False, hard_grace=1.0))
    # (not killed, "stuck" would come back after its 30 s as "STUCK", not as a timeout)
    assert isinstance(got["stuck"], Failed) and got["stuck"].kind == "timeout"
    assert all(got[item] == item.upper() for item in items if item != "stuck")


def test_a_stream_stopped_early_leaves_no_worker_running():
    before = {child.pid for child in multiprocessing.active_children()}
    outcomes = LocalExecutor(2).imap(_work, [f"nap2-{i}" for i in range(50)])
    assert next(outcomes)[1] == "NAP2-0"
    outcomes.close()
    assert {child.pid for child in multiprocessing.active_children()} <= before


def test_one_worker_on_the_main_thread_runs_each_item_here_one_at_a_time():
    source = Source(["a", "raise", "b"], cap=1)
    got = consume(LocalExecutor(1).imap(_work, source, min_parallel=1), source)
    assert [item for item, _ in got] == ["a", "raise", "b"] and got[0][1] == "A" and isinstance(got[1][1], Failed)
    assert source.most == 1


class MapOnly:
    """An executor written to the ``Executor`` protocol alone (no ``imap``)."""

    def __init__(self) -> None:
        self.waves: list[int] = []

    @property
    def workers(self) -> int:
        return 2

    def map(self, func: Callable[[Any], Any], items: Any, *, budget: float | None = None,
            min_parallel: int = 2) -> list[Any]:
        self.waves.append(len(items))
        return LocalExecutor(1).map(func, items, budget=budget, min_parallel=min_parallel)


def test_an_executor_without_imap_is_streamed_in_waves_of_the_cap():
    executor = MapOnly()
    got = list(stream(executor, _work, ["a", "raise", "b", "c", "d"], ahead=2))
    assert [item for item, _ in got] == ["a", "raise", "b", "c", "d"] and isinstance(got[1][1], Failed)
    assert executor.waves == [2, 2, 1]


# --- annotate and ingest on the stream ----------------------------------------------------------------------

class RecordingStore:
    """The real store; notes every annotation stored and checks that the texts read and not yet stored stay
    within the stream's cap."""

    def __init__(self, store: Store, cap: int) -> None:
        self._store, self.cap = store, cap
        self.stored: list[str] = []
        self.read = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def articles_by_ids(self, ids: list[str]) -> list[Article]:
        found = self._store.articles_by_ids(ids)
        self.read += len(found)
        assert self.read - len(self.stored) <= self.cap, "texts read ahead of storing past the cap"
        return found

    def put_annotation(self, annotation: Annotation) -> None:
        self.stored.append(annotation.article_id)
        self._store.put_annotation(annotation)


def _annotate_or_die(articles, settings=None):
    """Stands in for the parser (fast, no model): 'poison' kills the process annotating it, 'bad' raises."""
    if any("poison" in a.text for a in articles):
        os._exit(9)
    if any("bad story" in a.text for a in articles):
        raise RuntimeError("the parser choked")
    time.sleep(0.01 * len(articles))
    return [Annotation(a.id, language=a.language) for a in articles]


@pytest.fixture
def fake_parser(monkeypatch):
    monkeypatch.setattr(nlp_module, "annotate_articles", _annotate_or_die)
    monkeypatch.setattr(nlp_module.model, "load", lambda name=None: None)


def _poisoned(store: Store, *, text: str) -> str:
    from rashomon.models import RawDocument
    from tests.conftest import ARTICLE_TEXT

    body = f"{text}\n\n{ARTICLE_TEXT}"
    raw = RawDocument(f"{text}.txt", "text", body.encode(), body, "utf-8")
    store.add_document(raw, Article(id=raw.id, raw_id=raw.id, source=raw.source, text=body, title=text,
                                    language="en"))
    return raw.id


def test_annotate_stores_every_article_exactly_once_and_only_the_bad_ones_as_skipped(tmp_path, fake_parser):
    chunk = nlp_module.CHUNK_ARTICLES
    with Store(tmp_path / "r.db") as store:
        ids = fill(store, 6 * chunk + 3)
        poison, bad = _poisoned(store, text="poison pill"), _poisoned(store, text="bad story")
        recording = RecordingStore(store, cap=IN_FLIGHT_PER_WORKER * 2 * chunk)
        seen: list[int] = []
        report = nlp_module.annotate(recording, settings=Settings(workers=2),
                                     progress=lambda done, total: seen.append(done))
        assert sorted(recording.stored) == sorted([*ids, poison, bad])  # each once
        assert report.annotated == len(ids) and report.skipped == 2
        assert [article_id for article_id, _ in report.with_problems] == sorted([poison, bad])
        assert "worker process died" in dict(report.with_problems)[poison]
        assert "RuntimeError: the parser choked" in dict(report.with_problems)[bad]
        assert store.annotation(poison).status == "skipped"  # type: ignore[union-attr]
        assert seen == sorted(seen) and seen[-1] == len(ids) + 2
        assert store.unannotated_ids(ANNOTATION_VERSION) == []


class Stop(Exception):
    pass


def test_annotate_stopped_midway_resumes_without_duplicates(tmp_path, fake_parser):
    chunk = nlp_module.CHUNK_ARTICLES
    with Store(tmp_path / "r.db") as store:
        ids = fill(store, 8 * chunk)
        recording = RecordingStore(store, cap=IN_FLIGHT_PER_WORKER * 2 * chunk)

        def stop_at_the_third_batch(done: int, total: int) -> None:
            if done >= 3 * chunk:
                raise Stop()  # as Ctrl-C or a killed process would

        with pytest.raises(Stop):
            nlp_module.annotate(recording, settings=Settings(workers=2), progress=stop_at_the_third_batch)
        first = recording.stored
        assert 3 * chunk <= len(first) < len(ids)
        again = RecordingStore(store, cap=IN_FLIGHT_PER_WORKER * 2 * chunk)
        report = nlp_module.annotate(again, settings=Settings(workers=2))
        assert report.annotated == len(ids) - len(first)
        assert sorted(first + again.stored) == sorted(ids)  # each article stored once over the two runs
        assert store.unannotated_ids(ANNOTATION_VERSION) == []


def test_ingest_stores_in_input_order_on_the_stream_and_a_copy_in_flight_once(tmp_path, store):
    from rashomon.ingest import ingest
    from tests.conftest import ARTICLE_TEXT

    for i in range(40):
        body = ARTICLE_TEXT.replace("Eastmoor", f"Eastmoor-{i}").replace("six years", f"{i + 2} years")
        (tmp_path / f"a{i:02d}.txt").write_text(f"Council story number {i}\n\n{body}", encoding="utf-8")
    (tmp_path / "a05-copy.txt").write_text((tmp_path / "a05.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "a06-short.txt").write_text("one line", encoding="utf-8")
    report = ingest([str(tmp_path)], store, Settings(workers=2))
    assert [store.article(a).title for a in report.added] == [f"Council story number {i}" for i in range(40)]
    assert len(report.duplicates) == 1 and [f.kind for f in report.failures] == ["NoArticleBody"]
    assert sorted(a.id for a in store.articles()) == sorted(report.added)
