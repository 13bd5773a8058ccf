"""Long work started from the browser (ingest, compare), run one at a time on a worker thread.

One worker: annotation and sentence embeddings already use every core, so running two jobs at once
would only make both slower. Each job opens its own database connection; pages keep reading while a
job writes (SQLite WAL). A job's progress is what the job page and ``/api/jobs/{id}`` show.
"""

from __future__ import annotations

import queue
import threading
import traceback
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rashomon.analysis import fingerprint, story_analysis
from rashomon.cluster import cluster
from rashomon.compare.similarity import Encoder
from rashomon.errors import RashomonError, where
from rashomon.ingest import ingest
from rashomon.models import Correction
from rashomon.nlp import annotate
from rashomon.settings import Settings
from rashomon.store import Store
from rashomon.views import stories_view, story_summary

KEEP_JOBS = 100


@dataclass
class Job:
    id: str
    title: str
    kind: str
    state: str = "queued"  # queued | running | done | failed
    stage: str = "waiting for the worker"
    done: int = 0
    total: int = 0
    messages: list[str] = field(default_factory=list)
    story_ids: list[int] = field(default_factory=list)
    stories: list[dict[str, Any]] = field(default_factory=list)  # {id, title} of the stories changed
    story_id: int | None = None
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def step(self, stage: str, done: int = 0, total: int = 0) -> None:
        self.stage, self.done, self.total = stage, done, total

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class JobRunner:
    """Queue of jobs with one worker thread; keeps the last ``KEEP_JOBS`` for their pages."""

    def __init__(self) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._queue: queue.Queue[tuple[Job, Callable[[Job], None]]] = queue.Queue()
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None

    def submit(self, title: str, kind: str, work: Callable[[Job], None], story_id: int | None = None) -> Job:
        job = Job(uuid.uuid4().hex[:12], title, kind, story_id=story_id)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
        self._enqueue(job, work)
        return job

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def recent(self) -> list[Job]:
        return list(reversed(self._jobs.values()))

    def pending_for_story(self, story_id: int) -> Job | None:
        """The queued or running comparison of this story, if any (a page asks once, not per visit)."""
        for job in list(self._jobs.values()):
            if job.story_id == story_id and job.state in ("queued", "running"):
                return job
        return None

    def wait(self, timeout: float | None = None) -> None:
        """Block until every job submitted so far has finished (tests, shutdown)."""
        done = threading.Event()
        self._enqueue(Job("barrier", "barrier", "barrier"), lambda job: done.set())
        done.wait(timeout)

    def _enqueue(self, job: Job, work: Callable[[Job], None]) -> None:
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="rashomon-jobs", daemon=True)
                self._worker.start()
        self._queue.put((job, work))

    def _run(self) -> None:
        while True:
            job, work = self._queue.get()
            job.state, job.stage = "running", "starting"
            try:
                work(job)
                job.state, job.stage = "done", "finished"
            except RashomonError as exc:
                job.state, job.stage = "failed", "failed"
                job.messages.append(str(exc))
            except Exception as exc:  # a bug must not kill the worker; the job page shows it
                job.state, job.stage = "failed", "failed"
                job.messages.append(f"internal error: {exc!r}")
                traceback.print_exc()
            finally:
                self._queue.task_done()


def ingest_work(db: str, settings: Settings, inputs: list[str], encoder: Encoder,
                correction: Correction | None = None) -> Callable[[Job], None]:
    """Read the inputs (with the user's ``correction`` of their metadata), annotate what is new, place it into
    stories and compare the stories it changed."""

    def work(job: Job) -> None:
        with Store(db) as store:
            job.step("reading")
            report = ingest(inputs, store, settings, progress=lambda done, total, name: job.step(
                f"reading {Path(name).name[-60:]}", done, total), correction=correction)
            for failure in report.failures:
                job.messages.append(f"{where(failure.source, failure.locator)}: {failure.reason}")
            job.messages.append(f"read: {report.summary()}")
            added = [a.id for a in report.added]
            if added:
                job.step("annotating", 0, len(added))
                annotate(store, added, settings, progress=lambda done, total: job.step("annotating", done, total))
                job.step("grouping into stories")
                cluster(store)
            touched = set(added) | {a.id for a in store.articles_from_raw(report.duplicates)}
            changed = [s for s in stories_view(store) if touched & set(s["article_ids"])]
            for n, summary in enumerate(changed):
                job.step(f"comparing story {summary['id']}", n, len(changed))
                story_analysis(store, summary, encoder)
            job.story_ids = [s["id"] for s in changed]
            job.stories = [{"id": s["id"], "title": s["title"]} for s in changed]
            job.step("finished", len(changed), len(changed))

    return work


def compare_work(db: str, story_id: int, encoder: Encoder,
                 kept: dict[tuple[int, str], dict[str, Any]] | None = None) -> Callable[[Job], None]:
    """Compare one story and store the result; with ``kept`` (a read-only server) the database is only read and
    the result is kept there, by story and fingerprint, instead."""
    def work(job: Job) -> None:
        with Store(db, read_only=kept is not None) as store:
            summary = story_summary(store, story_id)
            if summary is None:
                raise RashomonError(f"story {story_id} no longer exists (merged into another?)")
            job.step(f"comparing {summary['article_count']} articles", 0, 1)
            analysis = story_analysis(store, summary, encoder)
            if kept is not None:
                kept[(story_id, fingerprint(store, summary, encoder.name))] = analysis
            job.story_ids = [story_id]
            job.stories = [{"id": story_id, "title": summary["title"]}]

    return work
