"""The one pipeline call: ingest → annotate → cluster → compare, with progress, per-input failures and resume
(the tests that take ``db_location`` or ``demo_location`` run on SQLite and on PostgreSQL; see conftest)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from rashomon.engine import Failed
from rashomon.ingest import ingest
from rashomon.pipeline import STEPS, LocalExecutor, NoSuchStory, PipelineResult, run_pipeline
from rashomon.settings import Settings
from rashomon.store import Store
from rashomon.views import stories_view, to_json
from tests.conftest import ARTICLE_TEXT, DEMO

CORPUS = DEMO / "corpus"
DEMO_FILES = len(list(CORPUS.iterdir()))
DEMO_ARTICLES = 9  # meridian-wire.jsonl holds two


@pytest.fixture
def quick() -> Settings:
    """No worker processes and the lexical similarity: the whole pipeline in this process, no model download."""
    return Settings(workers=1, similarity="lexical")


@dataclass
class Recorder:
    """Both callbacks, recorded in the order they came."""

    events: list[tuple[str, int, int, str]] = field(default_factory=list)
    finished: list[str] = field(default_factory=list)
    calls: list[tuple[str, Any]] = field(default_factory=list)

    def progress(self, step: str, done: int, total: int, message: str) -> None:
        self.events.append((step, done, total, message))
        self.calls.append(("progress", step))

    def step_done(self, step: str, result: PipelineResult) -> None:
        self.finished.append(step)
        self.calls.append(("done", step))

    def of(self, step: str) -> list[tuple[int, int, str]]:
        return [(done, total, message) for s, done, total, message in self.events if s == step]


def test_the_demo_corpus_goes_through_every_step_in_order(quick, db_location):
    seen = Recorder()
    with Store(db_location) as store:
        result = run_pipeline([str(CORPUS)], store, quick, progress=seen.progress, step_done=seen.step_done)
        stored_stories = stories_view(store)
        assert len(store.articles()) == DEMO_ARTICLES
    assert seen.finished == list(STEPS)
    # each step starts (0 of an unknown total), its progress comes before its end, and no step starts early
    order = [step for kind, step in seen.calls if kind == "done"]
    assert order == list(STEPS)
    for i, step in enumerate(STEPS):
        first = seen.calls.index(("progress", step))
        assert seen.calls.index(("done", step)) > first
        assert i == 0 or first > seen.calls.index(("done", STEPS[i - 1]))
        events = seen.of(step)
        assert events[0] == (0, 0, "")
        counts = [(done, total) for done, total, _ in events[1:]]
        assert counts, f"{step} reported no progress"
        assert all(0 < done <= total for done, total in counts)
        assert [done for done, _ in counts] == sorted(done for done, _ in counts)
        assert counts[-1][0] == counts[-1][1]
    assert seen.of("ingest")[-1][:2] == (DEMO_FILES, DEMO_FILES)
    assert {Path(name).name for _, _, name in seen.of("ingest")[1:]} == {p.name for p in CORPUS.iterdir()}
    assert seen.of("annotate")[-1][:2] == (DEMO_ARTICLES, DEMO_ARTICLES)
    assert seen.of("cluster")[-1][:2] == (DEMO_ARTICLES, DEMO_ARTICLES)
    assert seen.of("compare")[-1][:2] == (len(stored_stories), len(stored_stories))

    assert result.ok and result.ingested is not None
    assert len(result.ingested.added) == DEMO_ARTICLES and not result.ingested.failures
    assert result.annotated.annotated + result.annotated.skipped == DEMO_ARTICLES
    assert result.clustered.placed == DEMO_ARTICLES
    assert 1 < result.clustered.new_stories < DEMO_ARTICLES  # the dam articles make one story, not nine
    assert result.story_ids == [s["id"] for s in stored_stories]  # every story, newest first
    assert result.analysis is not None and result.analysis["stories"] == result.stories
    assert result.analysis["schema"] == "rashomon.analysis/1"
    assert any(f["independent_sources"] >= 2 for story in result.stories for f in story["facts"])


def test_a_run_without_the_document_stores_every_comparison_and_keeps_only_findings(quick, db_location, tmp_path):
    with Store(db_location) as store:
        lean = run_pipeline([str(CORPUS)], store, quick, document=False)
        stored = {s["id"]: store.analysis(s["id"]) for s in stories_view(store)}
    assert lean.analysis is None and lean.stories == []  # nothing of the comparisons is held
    assert all(stored.values())  # every story's comparison is in the store
    with Store(str(tmp_path / "full.db")) as store:
        full = run_pipeline([str(CORPUS)], store, quick)
    assert full.findings and lean.findings == full.findings  # the same stories, the same findings, same order
    assert [f["id"] for f in full.findings] == full.story_ids
    assert any(f["shared_facts"] for f in lean.findings)
    assert sum(f["articles"] for f in lean.findings) == DEMO_ARTICLES


def test_a_bad_file_is_recorded_and_the_rest_goes_on(quick, tmp_path, db_location):
    batch = tmp_path / "batch"
    shutil.copytree(CORPUS, batch)
    (batch / "empty.txt").write_text("")
    (batch / "binary.txt").write_bytes(b"\x00\x01\x02\x03 not text" * 20)
    seen = Recorder()
    with Store(db_location) as store:
        result = run_pipeline([str(batch)], store, quick, progress=seen.progress, step_done=seen.step_done)
        recorded = {Path(error.source).name for error in store.errors()}
    assert not result.ok and result.ingested is not None
    assert sorted(Path(f.source).name for f in result.ingested.failures) == ["binary.txt", "empty.txt"]
    assert recorded == {"binary.txt", "empty.txt"}
    assert len(result.ingested.added) == DEMO_ARTICLES  # every good input was read all the same
    assert result.clustered.placed == DEMO_ARTICLES and result.stories
    assert seen.finished == list(STEPS)
    assert seen.of("ingest")[-1][:2] == (DEMO_FILES + 2, DEMO_FILES + 2)


def test_a_rerun_adds_nothing_and_an_interrupted_run_resumes(quick, db_location):
    class Stop(Exception):
        pass

    def stop_at_annotate(step: str, done: int, total: int, message: str) -> None:
        if step == "annotate":
            raise Stop

    path = db_location
    with Store(path) as store, pytest.raises(Stop):
        run_pipeline([str(CORPUS)], store, quick, progress=stop_at_annotate)
    with Store(path) as store:  # what the interrupted run stored is kept: the articles, not yet annotated
        assert len(store.articles()) == DEMO_ARTICLES and not stories_view(store)
        resumed = run_pipeline([str(CORPUS)], store, quick)
        stories = stories_view(store)
    assert resumed.ingested is not None and not resumed.ingested.added
    assert len(resumed.ingested.duplicates) == DEMO_ARTICLES
    assert resumed.annotated.annotated + resumed.annotated.skipped == DEMO_ARTICLES  # the work left is done
    assert resumed.clustered.placed == DEMO_ARTICLES and resumed.story_ids == [s["id"] for s in stories]

    with Store(path) as store:
        again = run_pipeline([str(CORPUS)], store, quick)
        assert stories_view(store) == stories and len(store.articles()) == DEMO_ARTICLES
    assert again.ok and again.ingested is not None and not again.ingested.added
    assert len(again.ingested.duplicates) == DEMO_ARTICLES
    assert again.annotated.annotated == again.annotated.skipped == 0
    assert again.clustered.placed == again.clustered.new_stories == 0
    assert to_json(again.analysis) == to_json(resumed.analysis)  # the stored comparisons, the same document


def test_only_this_run_annotates_and_compares_only_what_its_inputs_touch(quick, tmp_path, demo_location):
    path = demo_location
    new = tmp_path / "ferry.txt"
    new.write_text("Council approves ferry terminal\n\n" + ARTICLE_TEXT)
    earlier = tmp_path / "earlier.txt"
    earlier.write_text("Orchestra names a new conductor\n\nThe Westfield Symphony Orchestra has chosen the Finnish "
                       "violinist Aino Lehtinen as its principal conductor from next season, the orchestra's board "
                       "announced on Friday after a search that took two years and drew ninety applicants.")
    with Store(path) as store:
        ingest([str(earlier)], store, quick)  # in the archive, neither annotated nor clustered yet
        before = {s["id"] for s in stories_view(store)}
        result = run_pipeline([str(new)], store, quick, only_this_run=True)
        after = {s["id"] for s in stories_view(store)}
        assert store.analysis(min(before)) is None  # the archive's stories were not compared
    assert result.analysis is None
    assert result.annotated.annotated == 1  # only its own article; the archive's leftover is not its work
    assert result.clustered.placed == 2  # clustering places every article not yet in a story (it is cheap)
    [story] = result.stories
    assert story["id"] in after - before and story["title"] == "Council approves ferry terminal"
    with Store(path) as store:  # the same input again: nothing added, its story compared (from the stored result)
        again = run_pipeline([str(new)], store, quick, only_this_run=True)
        assert run_pipeline([], store, quick, only_this_run=True).stories == []
    assert again.ingested is not None and not again.ingested.added and to_json(again.stories) == to_json([story])


def test_stories_by_id_and_a_story_that_does_not_exist(quick, demo_location):
    path = demo_location
    with Store(path) as store:
        wanted = stories_view(store)[-1]["id"]
        result = run_pipeline([], store, quick, stories=[wanted])
        seen = Recorder()
        with pytest.raises(NoSuchStory, match="no story 999") as raised:
            run_pipeline([], store, quick, stories=[wanted, 999], progress=seen.progress, step_done=seen.step_done)
    assert result.ingested is None and result.ok  # no inputs: nothing read, nothing failed
    assert result.story_ids == [wanted] and result.analysis is not None
    assert raised.value.story_ids == [999]
    assert seen.finished == ["annotate", "cluster"] and not seen.of("compare")  # nothing compared


@dataclass
class CountingExecutor:
    """A LocalExecutor that counts the items each kind of work was given (by the function's name)."""

    inner: LocalExecutor = field(default_factory=lambda: LocalExecutor(1))
    items: dict[str, int] = field(default_factory=dict)

    @property
    def workers(self) -> int:
        return self.inner.workers

    def map(self, func, items, *, budget=None, min_parallel=2):
        name = getattr(func, "func", func).__name__
        self.items[name] = self.items.get(name, 0) + len(items)
        return self.inner.map(func, items, budget=budget, min_parallel=min_parallel)


def test_the_executor_runs_every_document_of_ingest_and_annotate_and_every_story_to_compare(quick, tmp_path):
    counting = CountingExecutor()
    with Store(":memory:") as store:
        result = run_pipeline([str(CORPUS)], store, quick, executor=counting)
        # (an executor other than local processes compares too; the next run reads the stored comparisons)
        assert counting.items == {"_extract_one": DEMO_ARTICLES, "annotate_articles": 1,  # one batch of nine
                                  "_compare_one": len(result.stories)}
        again = run_pipeline([], store, quick, executor=counting)
        local = run_pipeline([], store, quick)
    assert counting.items["_compare_one"] == len(result.stories) and to_json(again.analysis) == to_json(
        result.analysis) == to_json(local.analysis)
    assert result.annotated.annotated + result.annotated.skipped == DEMO_ARTICLES
    assert LocalExecutor(0).workers >= 1 and LocalExecutor(2).workers == 2


def test_without_an_executor_the_workers_setting_sizes_the_local_one(tmp_path, monkeypatch):
    used: list[int] = []
    real_map = LocalExecutor.map

    def recording_map(self, func, items, **kwargs):
        used.append(self.workers)
        return real_map(self, func, items, **kwargs)

    monkeypatch.setattr(LocalExecutor, "map", recording_map)
    good = tmp_path / "ferry.txt"
    good.write_text("Council approves ferry terminal\n\n" + ARTICLE_TEXT)
    with Store(":memory:") as store:
        run_pipeline([str(good)], store, Settings(workers=3, similarity="lexical"))
    assert used and set(used) == {3}


def _half(n: int) -> int:
    if n == 3:
        raise ValueError("three is bad")
    return n // 2


def test_local_executor_maps_in_order_and_a_failure_is_only_its_item():
    outcomes = LocalExecutor(1).map(_half, [2, 3, 8])
    assert outcomes[0] == 1 and outcomes[2] == 4
    assert isinstance(outcomes[1], Failed) and outcomes[1].item == 3 and "three is bad" in outcomes[1].reason
    assert LocalExecutor(2).map(_half, [4, 3, 6], min_parallel=2)[::2] == [2, 3]  # in worker processes


def test_the_command_line_draws_one_bar_per_step_and_prints_each_report_after_its_bar(quick, tmp_path, monkeypatch):
    import io
    import re

    import rashomon.cli as cli
    from rashomon.render import Output

    screen = io.StringIO()
    monkeypatch.setattr(cli, "err", Output(file=screen, force_terminal=True, color_system=None, width=100))
    good = tmp_path / "ferry.txt"
    good.write_text("Council approves ferry terminal\n\n" + ARTICLE_TEXT)
    (tmp_path / "empty.txt").write_text("")
    with Store(tmp_path / "r.db") as store, cli.PipelineBars(store) as bars:
        run_pipeline([str(good), str(tmp_path / "empty.txt")], store, quick, progress=bars.progress,
                     step_done=bars.step_done)
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    marks = ["Ingesting", "error", "Ingested: 1 added, 0 already stored, 1 failed", "Annotating",
             "Annotated: annotated 1 article(s)", "Clustering", "Clustered: 1 new articles; 1 new stories",
             "Comparing"]
    where = [shown.find(mark) for mark in marks]
    assert all(i >= 0 for i in where) and where == sorted(where), list(zip(marks, where, strict=True))
    assert "2/2" in shown[:where[1]] and "empty.txt" in shown[:where[1]]  # the ingest bar counts and names inputs


def test_stored_articles_taken_as_the_runs_own_and_a_run_that_stops_before_comparing(quick, db_location):
    """The watch poller's use: the pages it stored are this run's articles; it compares their stories itself."""
    with Store(db_location) as store:
        ingest([str(CORPUS)], store, quick)  # stored, not yet annotated nor clustered
        first, second = sorted(a.id for a in store.articles())[:2]
        seen = Recorder()
        stopped = run_pipeline([], store, quick, articles=[first], only_this_run=True, compare=False,
                               step_done=seen.step_done)
        assert seen.finished == ["annotate", "cluster"] and stopped.stories == [] and stopped.analysis is None
        assert stopped.annotated.annotated + stopped.annotated.skipped == 1  # only its own article
        assert stopped.clustered.placed == DEMO_ARTICLES  # clustering places every article not in a story
        compared = run_pipeline([], store, quick, articles=[second], only_this_run=True)
        assert compared.annotated.annotated + compared.annotated.skipped == 1
        assert compared.story_ids == store.stories_of([second])
