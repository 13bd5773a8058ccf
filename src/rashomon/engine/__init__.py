"""Where per-document work runs, so that one bad document costs only itself.

An ``Executor`` runs one function over many items and returns one outcome per item, in order: the
function's value or a ``Failed``. ``LocalExecutor`` runs them in worker processes of this machine
(``isolated_map``, below); ``rashomon.engine.dask_executor.DaskExecutor`` on the workers of a Dask cluster.
Ingest and annotate take the executor, so the same stage functions run either way (and the pipeline
compares stories on an executor other than local processes).

``isolated_map(func, items, ...)`` runs ``func`` on every item, in forked worker processes when there
are enough items, and always returns one outcome per item, in input order: the function's value or a
``Failed`` that says why. Three things can go wrong with one document, and each is contained:

- ``func`` raises: the exception becomes that item's ``Failed`` (inside the worker, so nothing that
  cannot be pickled ever crosses the process boundary);
- ``func`` runs past its time budget: a timer inside the worker interrupts it (``Failed`` "took longer
  than N s"); if the document is stuck inside C code that never returns to Python, the watchdog in this
  process kills the worker;
- the worker process dies (out of memory, a crash in a parser, a result that cannot be unpickled): the
  pool breaks, the items that had finished keep their results, and every unfinished item is retried
  alone in a fresh one-worker pool, so the document that kills its worker is found and only it fails.

Workers die with their parent (``PR_SET_PDEATHSIG`` on Linux), so a killed CLI leaves no orphans.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

__all__ = ["Executor", "Failed", "LocalExecutor", "isolated_map", "open_executor"]

T = TypeVar("T")
R = TypeVar("R")

# The watchdog's margin over the soft budget: a worker that has not answered within
# budget * HARD_FACTOR + HARD_GRACE seconds is stuck where the soft timer cannot reach (C code).
HARD_FACTOR = 2.0
HARD_GRACE = 10.0
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Failed(Generic[T]):
    """The outcome of an item whose work did not finish: ``kind`` is error | timeout | crash."""

    item: T
    kind: str
    reason: str


class Executor(Protocol):
    """Where per-document work (extraction, annotation) runs: ``map`` runs ``func`` over ``items`` and returns
    one outcome per item, in order, a ``Failed`` for an item whose work raised, overran ``budget`` seconds or
    was lost with its worker. ``workers`` is how many items it works on at once; ``min_parallel`` is the fewest
    items worth sending away from this process (an executor whose workers are already running may ignore it)."""

    @property
    def workers(self) -> int: ...

    def map(self, func: Callable[[T], R], items: Sequence[T], *, budget: float | None = None,
            min_parallel: int = 2) -> list[R | Failed[T]]: ...


@dataclass(frozen=True)
class LocalExecutor:
    """Worker processes on this machine (``isolated_map``); ``processes`` 0: one per core."""

    processes: int = 0

    @property
    def workers(self) -> int:
        return self.processes or os.cpu_count() or 1

    def map(self, func: Callable[[T], R], items: Sequence[T], *, budget: float | None = None,
            min_parallel: int = 2) -> list[R | Failed[T]]:
        return isolated_map(func, items, workers=self.workers, budget=budget, min_parallel=min_parallel)


@contextlib.contextmanager
def open_executor(cluster: str | None, workers: int = 0) -> Iterator[Executor]:
    """The executor a run asks for, for the ``with`` block: the Dask cluster whose scheduler is at ``cluster``
    (connected now, so that a wrong address stops the run before it reads anything; ``ClusterError``), else
    ``LocalExecutor(workers)``."""
    if not cluster:
        yield LocalExecutor(workers)
        return
    from rashomon.engine.dask_executor import DaskExecutor  # dask is an optional extra

    with DaskExecutor(cluster) as executor:
        yield executor


class _Overrun(BaseException):
    """Raised by the budget timer; a BaseException so that no `except Exception` in a library swallows it."""


def isolated_map(func: Callable[[T], R], items: Sequence[T], *, workers: int, budget: float | None = None,
                 min_parallel: int = 2, hard_grace: float = HARD_GRACE) -> list[R | Failed[T]]:
    """``func`` over ``items``: one outcome per item, in order; a failure of one item is only its own.

    ``workers`` > 1 and at least ``min_parallel`` items run in forked worker processes. ``budget`` is
    the seconds one item may take (None: no limit). In-process runs (one worker, few items) enforce the
    budget only on the main thread, where a timer signal can interrupt; elsewhere (the web app's job
    thread) they go through one worker process so that the budget and crash isolation still hold.
    """
    if not items:
        return []
    in_main = threading.current_thread() is threading.main_thread()
    if (workers <= 1 or len(items) < min_parallel) and in_main:
        return [_guarded(func, item, budget) for item in items]
    hard = None if budget is None else budget * HARD_FACTOR + hard_grace
    return _pooled(func, items, max(1, min(workers, len(items))), budget, hard)


def _guarded(func: Callable[[T], R], item: T, budget: float | None) -> R | Failed[T]:
    """Run one item under its budget, turning every exception into that item's ``Failed``."""
    use_timer = budget is not None and threading.current_thread() is threading.main_thread()
    previous = None
    if use_timer and budget is not None:
        previous = signal.signal(signal.SIGALRM, _raise_overrun)
        signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        return func(item)
    except _Overrun:
        return Failed(item, "timeout", f"took longer than {budget:g} s")
    except Exception as exc:
        return Failed(item, "error", f"{type(exc).__name__}: {exc}")
    finally:
        if use_timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _raise_overrun(signum: int, frame: object) -> None:
    raise _Overrun()


def _worker_init() -> None:
    """In each worker: die with the parent, and let the parent's Ctrl-C reach only the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)


def _new_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_init)


def _pooled(func: Callable[[T], R], items: Sequence[T], workers: int, budget: float | None,
            hard: float | None) -> list[R | Failed[T]]:
    outcomes: list[R | Failed[T] | None] = [None] * len(items)
    pool = _new_pool(workers)
    try:
        futures: dict[Future[R | Failed[T]], int] = {
            pool.submit(_guarded, func, item, budget): i for i, item in enumerate(items)}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=hard, return_when=FIRST_COMPLETED)
            if not done:  # nothing finished for `hard` seconds: some worker is stuck beyond its timer
                _kill_workers(pool)
                continue
            for future in done:
                with contextlib.suppress(Exception):  # a broken pool: the item is retried alone below
                    outcomes[futures[future]] = future.result()
    finally:
        if any(outcome is None for outcome in outcomes):
            _kill_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)
    for i, outcome in enumerate(outcomes):
        if outcome is None:
            outcomes[i] = _alone(func, items[i], budget, hard)
    return outcomes  # type: ignore[return-value]


def _alone(func: Callable[[T], R], item: T, budget: float | None, hard: float | None) -> R | Failed[T]:
    """Retry one item in a pool of its own: if its worker dies again, the item is the cause."""
    pool = _new_pool(1)
    started = time.monotonic()
    try:
        future = pool.submit(_guarded, func, item, budget)
        try:
            return future.result(timeout=hard)
        except TimeoutError:
            return Failed(item, "timeout", f"took longer than {time.monotonic() - started:.0f} s and was stopped")
        except BrokenProcessPool:
            return Failed(item, "crash", "the worker process died while working on it "
                                         "(out of memory, or a crash inside a parser)")
        except Exception as exc:  # e.g. a result that could not be sent back
            return Failed(item, "error", f"{type(exc).__name__}: {exc}")
    finally:
        _kill_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's workers at once (stuck or no longer needed); the pool then counts as broken."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            process.kill()
