"""Where per-document work runs, so that one bad document costs only itself.

An ``Executor`` runs one function over many items and returns one outcome per item, in order: the
function's value or a ``Failed``. ``LocalExecutor`` runs them in worker processes of this machine
(``isolated_map``, below); ``rashomon.engine.dask_executor.DaskExecutor`` on the workers of a Dask cluster.
Ingest and annotate take the executor, so the same stage functions run either way (and the pipeline
compares stories on an executor other than local processes).

Both also stream (``imap``, and ``stream(executor, ...)`` for any executor): items are read from an iterable
as room frees up, at most ``ahead`` of them (two per worker) taken and not yet handed back, and each outcome is
handed back as soon as it is done (``ordered=False``) or in input order. The caller stores one result while the
workers compute the next ones, so no worker waits for the caller nor for the slowest item of a wave, and memory
holds ``ahead`` items whatever the input's length. An executor with only ``map`` is streamed in waves of
``ahead`` items.

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
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Generic, Protocol, TypeVar

__all__ = ["Executor", "Failed", "LocalExecutor", "StreamingExecutor", "isolated_imap", "isolated_map",
           "open_executor", "stream"]

T = TypeVar("T")
R = TypeVar("R")

# The watchdog's margin over the soft budget: a worker that has not answered within
# budget * HARD_FACTOR + HARD_GRACE seconds is stuck where the soft timer cannot reach (C code).
HARD_FACTOR = 2.0
HARD_GRACE = 10.0
PR_SET_PDEATHSIG = 1
# Items a streaming map keeps taken per worker (in flight, or done and not yet handed back): one running and
# one queued, so that a worker finishing an item starts the next at once while the caller stores the result
# (storing a batch of 16 annotations takes the caller ~0.2 s, a worker ~2.3 s to annotate it: benchmarks/scale.py).
# More would only hold more texts.
IN_FLIGHT_PER_WORKER = 2


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


class StreamingExecutor(Executor, Protocol):
    """An executor that also streams: ``imap`` takes ``items`` from an iterable as room frees up, keeps at most
    ``ahead`` of them (default: two per worker) taken and not yet handed back, and yields ``(item, outcome)``
    as each is done (``ordered=False``) or in input order (``ordered=True``). Outcomes are those of ``map``."""

    def imap(self, func: Callable[[T], R], items: Iterable[T], *, budget: float | None = None,
             min_parallel: int = 2, ordered: bool = True,
             ahead: int | None = None) -> Iterator[tuple[T, R | Failed[T]]]: ...


def stream(executor: Executor, func: Callable[[T], R], items: Iterable[T], *, budget: float | None = None,
           min_parallel: int = 2, ordered: bool = True,
           ahead: int | None = None) -> Iterator[tuple[T, R | Failed[T]]]:
    """``executor.imap`` when it has one; else ``executor.map`` over waves of ``ahead`` items (an executor
    written to the ``Executor`` protocol alone), in input order."""
    imap = getattr(executor, "imap", None)
    if imap is not None:
        yield from imap(func, items, budget=budget, min_parallel=min_parallel, ordered=ordered, ahead=ahead)
        return
    size = ahead or IN_FLIGHT_PER_WORKER * max(1, executor.workers)
    source = iter(items)
    while wave := list(islice(source, size)):
        yield from zip(wave, executor.map(func, wave, budget=budget, min_parallel=min_parallel), strict=True)


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

    def imap(self, func: Callable[[T], R], items: Iterable[T], *, budget: float | None = None,
             min_parallel: int = 2, ordered: bool = True,
             ahead: int | None = None) -> Iterator[tuple[T, R | Failed[T]]]:
        """``func`` over ``items`` streamed through one pool of worker processes (``isolated_imap``); an input
        of fewer than ``min_parallel`` items is one ``map``."""
        source = iter(items)
        head = list(islice(source, max(1, min_parallel)))
        if len(head) < min_parallel:
            yield from zip(head, self.map(func, head, budget=budget, min_parallel=min_parallel), strict=True)
            return
        yield from isolated_imap(func, chain(head, source), workers=self.workers, budget=budget, ordered=ordered,
                                 ahead=ahead or IN_FLIGHT_PER_WORKER * self.workers)


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


# -- streaming -------------------------------------------------------------------------------------------------

def isolated_imap(func: Callable[[T], R], items: Iterable[T], *, workers: int, budget: float | None = None,
                  ordered: bool = True, ahead: int | None = None,
                  hard_grace: float = HARD_GRACE) -> Iterator[tuple[T, R | Failed[T]]]:
    """``func`` over ``items`` as a stream of ``(item, outcome)``, each failure only its item's (as in
    ``isolated_map``): one pool of ``workers`` forked processes for the whole stream, at most ``ahead`` items
    (default two per worker) taken from ``items`` and not yet handed back. One worker on the main thread runs
    the items here, one at a time. A pool that breaks (a worker died, or was killed because an item overran
    ``budget`` where its timer cannot reach) keeps the results of the items that finished, retries each of its
    unfinished items alone (``_alone``), and is replaced by a fresh one for the rest of the stream."""
    if workers <= 1 and threading.current_thread() is threading.main_thread():
        for item in items:
            yield item, _guarded(func, item, budget)
        return
    hard = None if budget is None else budget * HARD_FACTOR + hard_grace
    limit = max(1, ahead or IN_FLIGHT_PER_WORKER * workers)
    # an item may wait behind the others taken before it: its deadline counts their budgets too
    deadline = None if hard is None or budget is None else hard + budget * max(0, limit // max(1, workers) - 1)
    yield from _streamed(items, _Pool(func, max(1, workers), budget, hard, deadline), limit, ordered)


class _Pending(Protocol[T, R]):
    """Where a stream's items run: ``submit`` sends one away (numbered ``index``), ``finished`` waits for at
    least one and returns every ``(index, item, outcome)`` done since, and ``close`` stops what is left."""

    def submit(self, index: int, item: T) -> None: ...

    def finished(self) -> list[tuple[int, T, R | Failed[T]]]: ...

    def close(self) -> None: ...


@dataclass
class _Window(Generic[T, R]):
    """A stream's bookkeeping: items numbered as they are taken, at most ``limit`` taken and not handed back;
    a finished one is handed back at once, or (``ordered``) once every item before it has been."""

    limit: int
    ordered: bool
    taken: int = 0
    handed: int = 0
    held: dict[int, tuple[T, R | Failed[T]]] = field(default_factory=dict)

    def room(self) -> bool:
        return self.taken - self.handed < self.limit

    def take(self) -> int:
        self.taken += 1
        return self.taken - 1

    def finish(self, index: int, item: T, outcome: R | Failed[T]) -> list[tuple[T, R | Failed[T]]]:
        """The items to hand back now that ``index`` is done."""
        if not self.ordered:
            return [(item, outcome)]
        self.held[index] = (item, outcome)
        ready: list[tuple[T, R | Failed[T]]] = []
        while self.handed + len(ready) in self.held:
            ready.append(self.held.pop(self.handed + len(ready)))
        return ready


def _streamed(items: Iterable[T], pending: _Pending[T, R], limit: int,
              ordered: bool) -> Iterator[tuple[T, R | Failed[T]]]:
    """Keep ``pending`` fed from ``items`` and hand back outcomes as ``_Window`` says. The next item is taken
    when the caller comes back for more after an outcome, so the caller's own work on it (storing a result)
    overlaps the workers' on the others, and memory holds ``limit`` items."""
    window: _Window[T, R] = _Window(limit, ordered)
    source = iter(items)
    more = True

    def fill() -> None:
        nonlocal more
        while more and window.room():
            item = next(source, _END)
            if item is _END:
                more = False
            else:
                pending.submit(window.take(), item)  # type: ignore[arg-type]

    try:
        fill()
        while window.taken > window.handed:
            for index, item, outcome in pending.finished():
                for ready in window.finish(index, item, outcome):
                    yield ready
                    window.handed += 1
                    fill()
    finally:
        pending.close()


_END = object()


class _Pool(Generic[T, R]):
    """A stream's worker processes: one pool for the whole stream, replaced when it breaks."""

    def __init__(self, func: Callable[[T], R], workers: int, budget: float | None, hard: float | None,
                 deadline: float | None) -> None:
        self.func, self.workers, self.budget, self.hard, self.deadline = func, workers, budget, hard, deadline
        self._pool: ProcessPoolExecutor | None = None
        self._flight: dict[Future[R | Failed[T]], tuple[int, T, float]] = {}

    def submit(self, index: int, item: T) -> None:
        if self._pool is None:
            self._pool = _new_pool(self.workers)
        future = self._pool.submit(_guarded, self.func, item, self.budget)
        self._flight[future] = (index, item, time.monotonic())

    def finished(self) -> list[tuple[int, T, R | Failed[T]]]:
        done, _ = wait(self._flight, timeout=self._until_deadline(), return_when=FIRST_COMPLETED)
        if not done or any(isinstance(future.exception(), BrokenProcessPool) for future in done):
            return self._salvage()  # an item is stuck past its timer (its worker is killed), or a worker died
        found = []
        for future in done:
            index, item, _ = self._flight.pop(future)
            if future.exception() is None:
                found.append((index, item, future.result()))
            else:  # e.g. a result that could not be sent back: the item alone says why
                found.append((index, item, _alone(self.func, item, self.budget, self.hard)))
        return found

    def _until_deadline(self) -> float | None:
        if self.deadline is None:
            return None
        oldest = min(sent for _, _, sent in self._flight.values())
        return max(0.0, oldest + self.deadline - time.monotonic())

    def _salvage(self) -> list[tuple[int, T, R | Failed[T]]]:
        """Stop the pool; keep what finished in it and retry every other item alone."""
        pool, self._pool = self._pool, None
        if pool is not None:
            _kill_workers(pool)
            pool.shutdown(wait=True, cancel_futures=True)
        found = []
        for future, (index, item, _) in self._flight.items():
            if future.done() and not future.cancelled() and future.exception() is None:
                found.append((index, item, future.result()))
            else:
                found.append((index, item, _alone(self.func, item, self.budget, self.hard)))
        self._flight.clear()
        return found

    def close(self) -> None:
        if self._pool is not None:
            if self._flight:  # the stream stopped early: nothing of it goes on running
                _kill_workers(self._pool)
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._flight.clear()
