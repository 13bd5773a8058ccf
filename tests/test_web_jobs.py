"""Issue 18 item 8: a job is not starved by readers. Jobs run in a worker process of their own (a thread shared the
server's interpreter lock with the request threads: under 50 readers an ingest job took 7-15 times as long)."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from typing import Any

from rashomon.web.jobs import JobRunner

SPINNERS = 16  # busy request threads in the server


@dataclass(frozen=True)
class Spin:
    """Pure-Python work of a fixed size; reports where it ran and how long it took there."""

    rounds: int = 2_000_000
    exit_first: bool = False

    def run(self, progress: Any) -> dict[str, Any]:
        if self.exit_first:
            os._exit(3)  # the worker process dies mid-job
        progress.step("spinning", 0, 1)
        progress.message("spun")
        start = time.perf_counter()
        total = 0
        for n in range(self.rounds):
            total += n % 7
        return {"pid": os.getpid(), "seconds": time.perf_counter() - start, "stories": [{"id": total % 2}]}


def _timed(runner: JobRunner, task: Spin) -> tuple[float, Any]:
    results: list[dict[str, Any]] = []
    job = runner.submit("spin", "test", task, on_done=results.append)
    runner.wait(300)
    assert job.state == "done", job.messages
    return results[0]["seconds"], job


def _slowdown(runner: JobRunner) -> float:
    """How much longer the job's own work takes while busy threads of this process hold the interpreter lock.

    Each side is the best of two runs: on a shared machine another process can slow either run, and a slow run
    without the busy threads made a slowdown of about 17 read as 2.4."""
    alone = min(_timed(runner, Spin())[0] for _ in range(2))
    stop = threading.Event()

    def busy() -> None:
        while not stop.is_set():
            for _ in range(1000):  # Python bytecode, as a request's view code is
                pass

    spinners = [threading.Thread(target=busy, daemon=True) for _ in range(SPINNERS)]
    for spinner in spinners:
        spinner.start()
    try:
        loaded = min(_timed(runner, Spin())[0] for _ in range(2))
    finally:
        stop.set()
        for spinner in spinners:
            spinner.join()
    return loaded / alone


def test_jobs_run_in_a_worker_process_that_busy_request_threads_do_not_starve():
    runner = JobRunner()
    try:
        _, job = _timed(runner, Spin(rounds=10))
        assert job.stage == "finished" and job.messages == ["spun"] and job.stories == [{"id": 0}]
        results: list[dict[str, Any]] = []
        runner.submit("where", "test", Spin(rounds=10), on_done=results.append)
        runner.wait(60)
        assert results[0]["pid"] != os.getpid()
        in_worker = _slowdown(runner)
    finally:
        runner.close()
    on_thread = _slowdown(JobRunner(in_process=True))
    # on a thread the job gets a share of the lock (measured 2.4-17 times slower); in its own process, its share of
    # the CPU (measured 1.0-1.3). A job on a thread would read about as slow in both; 1.5 leaves room for a noisy
    # machine (a margin of 2 failed once in CI at 1.22 vs 2.41).
    assert in_worker * 1.5 < on_thread, (in_worker, on_thread)


def test_a_worker_process_that_dies_fails_its_job_and_the_next_job_gets_a_new_one():
    runner = JobRunner()
    try:
        dead = runner.submit("die", "test", Spin(exit_first=True))
        runner.wait(120)
        assert dead.state == "failed" and "worker process ended (exit code 3)" in dead.messages[-1]
        _, job = _timed(runner, Spin(rounds=10))
        assert job.state == "done"
    finally:
        runner.close()
