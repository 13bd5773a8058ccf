"""Long work started from the browser (ingest, compare), run one at a time in a worker process.

One worker: annotation and sentence embeddings already use every core, so running two jobs at once
would only make both slower. The worker is a process of its own, not a thread of the server: a thread shares
the server's interpreter lock with the request threads, and under 50 concurrent readers an ingest job got a
fortieth of it and took 7-15 times as long (issue 18 item 8); a process gets its share of the CPU from the
system. It lives as long as the server, so its spaCy pipeline and embedding model load once. Each job opens its
own database connection; pages keep reading while a job writes (SQLite WAL). A job's progress, sent back as
it goes, is what the job page and ``/api/jobs/{id}`` show.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import queue
import threading
import traceback
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

from rashomon.analysis import fingerprint, story_analysis
from rashomon.compare.similarity import LazyEncoder
from rashomon.engine import open_executor
from rashomon.errors import RashomonError, where
from rashomon.extract.outlets import use_outlets_file
from rashomon.models import Correction
from rashomon.pipeline import PipelineResult, run_pipeline
from rashomon.settings import Settings
from rashomon.store import Store
from rashomon.views import story_summary

KEEP_JOBS = 100
POLL_SECONDS = 0.5  # how often the runner looks whether a silent worker process is still alive


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


class Progress(Protocol):
    """What a task reports while it runs (the job itself in process, or the pipe to the runner)."""

    def step(self, stage: str, done: int = 0, total: int = 0) -> None: ...

    def message(self, text: str) -> None: ...


class Task(Protocol):
    """A job's work: picklable (it is sent to the worker process); returns what the job page shows of it."""

    def run(self, progress: Progress) -> dict[str, Any]: ...


@dataclass(frozen=True)
class IngestTask:
    """Read the inputs (with the user's ``correction`` of their metadata), annotate what is new, place it into
    stories and compare the stories it changed."""

    db: str
    settings: Settings
    inputs: list[str]
    correction: Correction | None = None

    def run(self, progress: Progress) -> dict[str, Any]:
        use_outlets_file(self.settings.outlets_file)

        def step(step: str, done: int, total: int, message: str) -> None:
            if step == "ingest":
                progress.step(f"reading {Path(message).name[-60:]}" if message else "reading", done, total)
            elif step == "compare":
                progress.step(f"comparing {message}" if message else "comparing", done, total)
            else:
                progress.step(STAGES[step], done, total)

        def step_done(step: str, result: PipelineResult) -> None:
            if step == "ingest" and result.ingested is not None:
                for failure in result.ingested.failures:
                    progress.message(f"{where(failure.source, failure.locator)}: {failure.reason}")
                progress.message(f"read: {result.ingested.summary()}")

        # On the cluster setting's Dask scheduler when there is one (connected first: a scheduler that is not there
        # fails the job before anything is read), else local processes; the stories this run's inputs are in,
        # compared, never the whole archive.
        with open_executor(self.settings.cluster, self.settings.workers) as executor, Store(self.db) as store:
            result = run_pipeline(self.inputs, store, self.settings, correction=self.correction,
                                  only_this_run=True, encoder=_encoder(self.settings.similarity),
                                  progress=step, step_done=step_done, executor=executor)
        progress.step("finished", len(result.stories), len(result.stories))
        return {"story_ids": result.story_ids,
                "stories": [{"id": s["id"], "title": s["title"]} for s in result.stories]}


@dataclass(frozen=True)
class CompareTask:
    """Compare one story and store the result; ``read_only``: the database is only read, and the result is
    returned as ``kept`` ((story id, fingerprint), comparison) for the server to keep in memory instead."""

    db: str
    story_id: int
    similarity: str
    outlets_file: str | None = None
    read_only: bool = False

    def run(self, progress: Progress) -> dict[str, Any]:
        use_outlets_file(self.outlets_file)
        with Store(self.db, read_only=self.read_only) as store:
            summary = story_summary(store, self.story_id)
            if summary is None:
                raise RashomonError(f"story {self.story_id} no longer exists (merged into another?)")
            progress.step(f"comparing {summary['article_count']} articles", 0, 1)
            encoder = _encoder(self.similarity)
            analysis = story_analysis(store, summary, encoder)
            kept = ((self.story_id, fingerprint(store, summary, encoder.name)), analysis) if self.read_only else None
            return {"story_ids": [self.story_id], "stories": [{"id": self.story_id, "title": summary["title"]}],
                    "kept": kept}


STAGES = {"annotate": "annotating", "cluster": "grouping into stories"}  # the job page's words for the steps
_ENCODERS: dict[str, LazyEncoder] = {}


def _encoder(similarity: str) -> LazyEncoder:
    """One encoder per backend in this process, so its model loads once for every job."""
    if similarity not in _ENCODERS:
        _ENCODERS[similarity] = LazyEncoder(similarity)
    return _ENCODERS[similarity]


class JobFailed(RashomonError):
    """A job's task failed in the worker process (the message is the job's)."""


class JobRunner:
    """Queue of jobs with one worker; keeps the last ``KEEP_JOBS`` for their pages. ``in_process``: the worker
    is a thread of this process instead of a process of its own (the interpreter lock is then shared with
    whatever else this process does)."""

    def __init__(self, in_process: bool = False) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._queue: queue.Queue[tuple[Job, Task | Callable[[Job], None], Callable[[dict[str, Any]], None] | None]] \
            = queue.Queue()
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self._in_process = in_process
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self._closing_at_exit = False

    def submit(self, title: str, kind: str, work: Task, story_id: int | None = None,
               on_done: Callable[[dict[str, Any]], None] | None = None) -> Job:
        """Queue ``work``; ``on_done`` gets its result (in this process) when it has succeeded."""
        job = Job(uuid.uuid4().hex[:12], title, kind, story_id=story_id)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
        self._enqueue(job, work, on_done)
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
        self._enqueue(Job("barrier", "barrier", "barrier"), lambda job: done.set(), None)
        done.wait(timeout)

    def close(self) -> None:
        """Stop the worker process (it also stops when this process ends, however it ends)."""
        conn, process = self._conn, self._process
        self._conn = self._process = None
        if conn is not None:
            with contextlib.suppress(OSError, ValueError):
                conn.send(None)
            conn.close()
        if process is not None:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)

    def _enqueue(self, job: Job, work: Task | Callable[[Job], None],
                 on_done: Callable[[dict[str, Any]], None] | None) -> None:
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="rashomon-jobs", daemon=True)
                self._worker.start()
        self._queue.put((job, work, on_done))

    def _run(self) -> None:
        while True:
            job, work, on_done = self._queue.get()
            job.state, job.stage = "running", "starting"
            try:
                if callable(work):  # a barrier
                    work(job)
                    result: dict[str, Any] = {}
                else:
                    result = work.run(_JobProgress(job)) if self._in_process else self._in_worker(job, work)
                job.story_ids = result.get("story_ids", [])
                job.stories = result.get("stories", [])
                if on_done is not None:
                    on_done(result)
                job.state, job.stage = "done", "finished"
            except RashomonError as exc:
                job.state, job.stage = "failed", "failed"
                job.messages.append(str(exc))
            except Exception as exc:  # a bug must not kill the runner; the job page shows it
                job.state, job.stage = "failed", "failed"
                job.messages.append(f"internal error: {exc!r}")
                traceback.print_exc()
            finally:
                self._queue.task_done()

    def _in_worker(self, job: Job, task: Task) -> dict[str, Any]:
        """Run ``task`` in the worker process (started when needed), relaying its progress to ``job``."""
        if self._process is None or not self._process.is_alive() or self._conn is None:
            self.close()
            parent, child = multiprocessing.get_context("spawn").Pipe()
            # not a daemon: a daemonic process may not start the pools that ingest and annotate use
            self._process = multiprocessing.get_context("spawn").Process(
                target=_serve_jobs, args=(child,), name="rashomon-job-worker")
            self._process.start()
            child.close()
            self._conn = parent
            if not self._closing_at_exit:
                atexit.register(self.close)  # before multiprocessing's own exit handler waits for the process
                self._closing_at_exit = True
        conn, process = self._conn, self._process
        conn.send(task)
        while True:
            try:
                if not conn.poll(POLL_SECONDS):
                    if not process.is_alive():
                        raise EOFError
                    continue
                kind, *rest = conn.recv()
            except (EOFError, OSError):
                self.close()
                raise JobFailed(f"the job's worker process ended (exit code {process.exitcode}); nothing of this "
                                "step was kept half-done, and the next job starts a new worker") from None
            if kind == "step":
                job.step(*rest)
            elif kind == "message":
                job.messages.append(rest[0])
            elif kind == "done":
                return dict(rest[0])
            else:
                raise JobFailed(rest[0])


class _JobProgress:
    def __init__(self, job: Job) -> None:
        self._job = job

    def step(self, stage: str, done: int = 0, total: int = 0) -> None:
        self._job.step(stage, done, total)

    def message(self, text: str) -> None:
        self._job.messages.append(text)


class _PipeProgress:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def step(self, stage: str, done: int = 0, total: int = 0) -> None:
        self._conn.send(("step", stage, done, total))

    def message(self, text: str) -> None:
        self._conn.send(("message", text))


def _serve_jobs(conn: Connection) -> None:
    """The worker process: run each task sent, one at a time, until told to stop or the server is gone."""
    from rashomon.engine import _worker_init

    _worker_init()  # dies with the server; Ctrl-C is the server's to handle
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            conn.send(("done", task.run(_PipeProgress(conn))))
        except RashomonError as exc:
            conn.send(("failed", str(exc)))
        except Exception as exc:  # a bug fails its job, not the worker
            traceback.print_exc()
            conn.send(("failed", f"internal error: {exc!r}"))
