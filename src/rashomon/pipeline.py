"""One call for a whole run: ingest → annotate → cluster (reprints, stories) → compare.

``run_pipeline(inputs, store, settings)`` reads the inputs into the store, annotates what is not annotated yet,
places every unclustered article into a story and compares the stories, and returns a ``PipelineResult`` that
says what each step did. The command line (``rashomon analyze``, ``rashomon demo``) and the web app's ingest
job are adapters over it: they draw progress from ``progress(step, done, total, message)`` and show each
step's report when ``step_done(step, result)`` says it has finished.

Every step reads what the one before it stored, so a run that stops anywhere (a crash, Ctrl-C, a bad input)
is resumed by running it again: ingest is idempotent (content hash), annotation picks up the articles not yet
annotated, clustering the articles not yet in a story, and comparison the stories whose stored comparison is
out of date. A bad input is recorded (``store.errors()``) and the rest goes on.

Where the per-document work (extraction, annotation) runs is the ``executor``, which ingest and annotate are
given: ``LocalExecutor`` (worker processes on this machine) unless another is given, such as
``rashomon.engine.dask_executor.DaskExecutor`` (the workers of a Dask cluster). Any other executor also compares
the stories on its workers (sentence encoding included), each worker loading its model once; with local
processes comparing stays in this process, where the model is loaded once and sentence vectors are kept in the
store. Reading the inputs, storing (this process is the store's one writer) and clustering stay here; with
``cluster_windows`` the scoring of clustering's pairs goes to the executor by time window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any, Protocol

import httpx

from rashomon.analysis import (
    build_analysis,
    cached_analysis,
    fingerprint,
    searchable_text,
    story_analysis,
    story_articles,
)
from rashomon.cluster import ClusterReport, cluster
from rashomon.compare import StoryArticle, compare_story
from rashomon.compare.similarity import Encoder, LazyEncoder
from rashomon.compare.similarity import encoder as similarity_encoder
from rashomon.engine import Executor, Failed, LocalExecutor, stream
from rashomon.errors import NoSuchStory
from rashomon.ingest import IngestReport, ingest
from rashomon.models import Correction
from rashomon.nlp import AnnotateReport, annotate
from rashomon.settings import Settings
from rashomon.store import Store
from rashomon.views import stories_view, summaries

__all__ = ["STEPS", "Executor", "LocalExecutor", "NoSuchStory", "PipelineResult", "Progress", "StepDone",
           "run_pipeline"]  # Executor and LocalExecutor live in rashomon.engine; named here for callers

STEPS = ("ingest", "annotate", "cluster", "compare")
# The similarity backends a worker loads by name, and so compares with on a cluster.
REMOTE_BACKENDS = ("minilm", "lexical")
# Stories out on the executor per worker at once: enough to keep each busy while this process stores, few enough
# that the stories' articles held in this process stay a small part of the archive.
STORIES_PER_WORKER = 4


class Progress(Protocol):
    """Called as a step goes: ``step`` is one of ``STEPS``; ``done`` of ``total`` items (``total`` 0: not known
    yet, as at a step's start); ``message`` names the item just done when there is one (the input's name while
    ingesting, the story while comparing), else ""."""

    def __call__(self, step: str, done: int, total: int, message: str) -> None: ...


class StepDone(Protocol):
    """Called when a step has finished, with the result so far (that step's report is filled in)."""

    def __call__(self, step: str, result: PipelineResult) -> None: ...


@dataclass
class PipelineResult:
    """What one run did, step by step (filled in as the steps finish)."""

    ingested: IngestReport | None = None  # None: no inputs were given, nothing was read
    annotated: AnnotateReport = field(default_factory=AnnotateReport)
    clustered: ClusterReport = field(default_factory=ClusterReport)
    stories: list[dict[str, Any]] = field(default_factory=list)  # each compared story's analysis, newest first
    # The analysis document (schema rashomon.analysis/1, docs/analysis-format.md) of the stories compared;
    # None for a run limited to its own articles (``only_this_run``), where it would read the whole archive, and
    # for a run without a document (``document=False``).
    analysis: dict[str, Any] | None = None
    # What the comparison found, one small item per compared story (``findings``), newest first; filled with or
    # without the document.
    findings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every input was read (an article's annotation problems are recorded, not failures of the run)."""
        return self.ingested is None or self.ingested.ok

    @property
    def story_ids(self) -> list[int]:
        return [story["id"] for story in self.stories]


def run_pipeline(inputs: Sequence[str], store: Store, settings: Settings | None = None, *,
                 correction: Correction | None = None, stories: Sequence[int] | None = None,
                 only_this_run: bool = False, articles: Sequence[str] = (), compare: bool = True,
                 progress: Progress | None = None, step_done: StepDone | None = None,
                 executor: Executor | None = None, encoder: Encoder | None = None,
                 transport: httpx.BaseTransport | None = None, cluster_windows: int | None = None,
                 document: bool = True) -> PipelineResult:
    """Ingest ``inputs`` (none: only finish and compare what the store holds), annotate, cluster and compare.

    ``correction``: the user's outlet, date, title or author for every input (also set on articles already
    stored from the same content). ``stories``: compare only these story ids; an id that is not a story after
    clustering raises ``NoSuchStory`` (what the earlier steps stored is kept). ``only_this_run``: annotate only
    the articles this run added and compare only the stories its inputs' articles are in, so that one new input
    never redoes the archive (the web app's ingest job). ``articles``: stored article ids the run counts as its
    own besides its inputs' (the watch poller's fetched pages), annotated and compared with them under
    ``only_this_run``. ``compare`` False: stop after clustering (the poller compares story by story itself, to
    diff each comparison into developments). ``executor``: where per-document work runs (default
    ``LocalExecutor(settings.workers)``; another, such as a Dask cluster's, also compares); ``encoder``: the
    sentence similarity for comparing (default ``settings.similarity``, loaded when first needed);
    ``transport``: the HTTP transport for URLs (tests). ``cluster_windows`` > 0: story clustering links each
    batch by time windows of that many days on the executor (``rashomon.cluster.windows``); 0: clustering runs in
    this process; None: the ``cluster_windows`` setting (0 unless set). ``document`` False: the compare step
    stores each story's comparison and keeps only its ``findings`` item, never the analyses or the analysis
    document (``result.stories`` stays empty, ``result.analysis`` None), so that comparing an archive holds one
    story at a time in memory, not every compared text.

    Raises ``StoreError`` when the store cannot be written and ``NoSuchStory``; a bad input is never raised,
    it is in ``result.ingested.failures`` and recorded in the store.
    """
    settings = settings or Settings()
    executor = executor or LocalExecutor(settings.workers)
    if cluster_windows is None:
        cluster_windows = settings.cluster_windows
    report = _Reporter(progress, step_done)
    result = PipelineResult()
    if inputs:
        report.start("ingest")
        result.ingested = ingest(list(inputs), store, settings, correction=correction, transport=transport,
                                 progress=lambda done, total, name: report("ingest", done, total, name),
                                 executor=executor)
        report.finished("ingest", result)
    own = list(result.ingested.added) if result.ingested else []
    own += [article_id for article_id in articles if article_id not in own]
    report.start("annotate")
    result.annotated = annotate(store, own if only_this_run else None, settings,
                                progress=lambda done, total: report("annotate", done, total), executor=executor)
    report.finished("annotate", result)
    report.start("cluster")
    result.clustered = cluster(store, progress=lambda done, total: report("cluster", done, total),
                               executor=executor if cluster_windows > 0 else None, windows=cluster_windows)
    report.finished("cluster", result)
    if not compare:
        return result
    if stories is not None and not only_this_run:
        _check_stories(store, stories)
    report.start("compare")
    _compare(store, result, encoder or LazyEncoder(settings.similarity), executor, report,
             None if only_this_run or stories is None else list(stories), articles if only_this_run else None,
             document)
    report.finished("compare", result)
    return result


def _compare(store: Store, result: PipelineResult, encoder: Encoder, executor: Executor, report: _Reporter,
             ids: list[int] | None, own: Sequence[str] | None, document: bool = True) -> None:
    """The compare step, into ``result``: the stories the run touched (``own`` given: ``only_this_run``, with its
    extra articles), else the analysis document of the stories ``ids`` (None: all), or with ``document`` False
    only their findings. On an executor that compares (``_compares_on``) the out-of-date ones are compared there
    first, then read here as current."""
    remote = _compares_on(executor, encoder, store)
    if own is not None:
        touched = _touched(store, result.ingested, own)
        if remote:
            _compare_on(executor, store, touched, encoder, report)
        result.stories = _compare_touched(store, touched, encoder, _Reporter(None, None) if remote else report)
        result.findings = [findings(story) for story in result.stories]
        return
    chosen = [s for s in stories_view(store) if ids is None or s["id"] in ids]
    if remote:
        _compare_on(executor, store, chosen, encoder, report)
    if not document:
        for done, summary in enumerate(chosen, 1):  # one story's analysis at a time, dropped once summed up
            result.findings.append(findings(story_analysis(store, summary, encoder)))
            if not remote:
                report("compare", done, len(chosen), f"story {summary['id']}")
        return
    result.analysis = build_analysis(store, encoder, ids, progress=None if remote else
                                     lambda done, total: report("compare", done, total))
    result.stories = result.analysis["stories"]
    result.findings = [findings(story) for story in result.stories]


def findings(analysis: dict[str, Any]) -> dict[str, Any]:
    """What the comparison of one story found, as the run's closing table shows it: its id, title, articles,
    outlets, facts two or more independent sources report, contradictions, and facts only one outlet reports."""
    outlets = {row["outlet"] for row in analysis.get("coverage", [])} or set(analysis.get("outlets", []))
    return {"id": analysis["id"], "title": analysis.get("title"), "articles": len(analysis.get("article_ids", [])),
            "outlets": len(outlets),
            "shared_facts": sum(f["independent_sources"] >= 2 for f in analysis.get("facts", [])),
            "conflicts": len(analysis.get("conflicts", [])),
            "exclusives": sum(len(e["fact_ids"]) for e in analysis.get("exclusives", []))}


def _check_stories(store: Store, story_ids: Sequence[int]) -> None:
    """Raise ``NoSuchStory`` unless every one of ``story_ids`` is a story of the store."""
    missing = sorted(set(story_ids) - {s["id"] for s in summaries(store, sorted(set(story_ids)))})
    if missing:
        raise NoSuchStory(missing)


def _touched(store: Store, ingested: IngestReport | None, articles: Sequence[str]) -> list[dict[str, Any]]:
    """The summary of each story that an article of this run's inputs (added, or already stored) or of
    ``articles`` is in, newest first as the story list shows them; only these stories are read, not the whole
    archive."""
    touched = set(articles)
    if ingested is not None:
        touched |= set(ingested.added) | {a.id for a in store.articles_from_raw(ingested.duplicates)}
    if not touched:
        return []
    return sorted(summaries(store, store.stories_of(sorted(touched))),
                  key=lambda s: (s["last_published"] or "", s["id"]), reverse=True)


def _compare_touched(store: Store, touched: list[dict[str, Any]], encoder: Encoder,
                     report: _Reporter) -> list[dict[str, Any]]:
    """The analysis of each of the ``touched`` stories (stored, or compared now), in their order."""
    compared = []
    for done, summary in enumerate(touched, 1):
        compared.append(story_analysis(store, summary, encoder))
        report("compare", done, len(touched), f"story {summary['id']}")
    return compared


def _compares_on(executor: Executor, encoder: Encoder, store: Store) -> bool:
    """Whether stories are compared on the executor: any but this machine's processes (whose comparing stays in
    this process, where the model is loaded once and sentence vectors are kept in the store), with a backend a
    worker can load by name, into a store that can be written."""
    return not isinstance(executor, LocalExecutor) and encoder.name in REMOTE_BACKENDS and not store.read_only


def _compare_on(executor: Executor, store: Store, chosen: list[dict[str, Any]], encoder: Encoder,
                report: _Reporter) -> None:
    """Compare on the executor's workers those of the ``chosen`` stories whose stored comparison is out of date,
    and store each comparison as ``story_analysis`` does, so that the compare step then reads them as current. A
    story whose task failed is left to that step, which compares it in this process (and raises as it would).
    The stories stream: a story's articles are read when a worker is free for it, at most ``STORIES_PER_WORKER``
    per worker are out at once, and each comparison is stored as it comes back."""
    stale = [(s, fingerprint(store, s, encoder.name)) for s in chosen
             if cached_analysis(store, s, encoder.name) is None]
    done = len(chosen) - len(stale)
    keys = {summary["id"]: key for summary, key in stale}
    work = partial(_compare_one, backend=encoder.name)
    items = ((summary["id"], story_articles(store, summary["id"])) for summary, _ in stale)
    for (story_id, _), compared in stream(executor, work, items, ordered=False,
                                          ahead=max(1, executor.workers) * STORIES_PER_WORKER):
        if not isinstance(compared, Failed):
            store.put_analysis(story_id, keys[story_id], compared, searchable_text(compared))
        done += 1
        report("compare", done, len(chosen), f"story {story_id}")


def _compare_one(item: tuple[int, list[StoryArticle]], backend: str) -> dict[str, Any]:
    """One story's comparison (``item``: its id and articles), on a worker: its encoder is loaded once per
    worker process."""
    return compare_story(item[1], _worker_encoder(backend))


@cache
def _worker_encoder(backend: str) -> Encoder:
    return similarity_encoder(backend)


class _Reporter:
    """The two callbacks, either of which may be absent."""

    def __init__(self, progress: Progress | None, step_done: StepDone | None) -> None:
        self._progress, self._step_done = progress, step_done

    def __call__(self, step: str, done: int, total: int, message: str = "") -> None:
        if self._progress is not None:
            self._progress(step, done, total, message)

    def start(self, step: str) -> None:
        self(step, 0, 0)

    def finished(self, step: str, result: PipelineResult) -> None:
        if self._step_done is not None:
            self._step_done(step, result)
