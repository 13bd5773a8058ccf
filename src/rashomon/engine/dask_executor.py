"""Per-document work on a Dask cluster (``dask.distributed``), under the same contract as ``LocalExecutor``.

``DaskExecutor("tcp://scheduler:8786")`` (or ``DaskExecutor(client=a_client)``) connects to a running scheduler;
``map(func, items)`` sends the function to the workers once, submits one task per item and returns one outcome
per item, in order, the function's value or a ``Failed``:

- the function raises: caught on the worker, it comes back as that item's ``Failed`` (``error``), so nothing
  that cannot be pickled crosses the network and a failure that would happen again is not run again;
- it runs past ``budget`` seconds: the task answers ``Failed`` (``timeout``) when the budget is up. A Dask task
  cannot be interrupted, so the overrunning work finishes in a thread of its own on that worker (start workers
  with ``--lifetime`` to renew them if pages that never finish are common);
- its worker dies mid-task (out of memory, a crash inside a parser, a machine lost): the scheduler runs the task
  again on another worker, up to ``distributed.scheduler.allowed-failures`` times (Dask's default, 3); a task
  that kills every worker it is given comes back as ``Failed`` (``crash``), and only that item fails;
- the task fails outside the function (it cannot be unpickled on a worker, say): Dask retries it ``retries``
  times, then it is that item's ``Failed`` (``error``).

``imap(func, items)`` streams: it submits tasks as earlier ones finish, at most two per worker thread taken and
not yet handed back (``distributed.as_completed``), and hands back each outcome as it is done or in input order.
The outcomes are those of ``map``.

Losing the scheduler is no document's fault: ``ClusterError`` is raised, and what the run stored is kept (a
rerun resumes). Each worker process loads the spaCy pipeline once: it is cached per process
(``rashomon.nlp.model.load``, a ``functools.cache``), so the first annotation task on a worker loads it and the
others reuse it. Run workers with one thread each (``--nthreads 1``), as ``start_local_cluster`` does, so that a
worker's tasks never load it twice at once nor share one parser between threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rashomon.engine import IN_FLIGHT_PER_WORKER, Failed, _streamed
from rashomon.errors import RashomonError

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

__all__ = ["INSTALL_HINT", "ClusterError", "DaskExecutor", "start_local_cluster"]

T = TypeVar("T")
R = TypeVar("R")

INSTALL_HINT = "pip install 'rashomon[cluster]'"
# Seconds to wait for a scheduler to answer when connecting: long enough for one across a network, short
# enough that a wrong address is said at once.
CONNECT_TIMEOUT = 10.0
# Seconds to wait for a first worker when a scheduler has none yet (workers being started beside it).
WORKER_WAIT = 30.0
# Retries of a task that failed outside the function (the function's own errors are caught and not retried).
RETRIES = 2
# Tries at starting a client: distributed gives the client's IO loop thread 10 s to start and fails with a bare
# AssertionError when it misses that, which a loaded machine can make it do (seen in CI).
LOOP_TRIES = 3


class ClusterError(RashomonError):
    """The Dask cluster cannot be used: not installed, no scheduler at the address, no workers, or lost."""


class _LostScheduler(logging.Filter):
    """Drops the Dask client's own log of a lost scheduler (a traceback of refused connections and a cancelled
    reconnect, then "Failed to reconnect to scheduler", logged at ERROR before the run stops): the
    ``ClusterError`` the run then raises says it in one line. Other records of ``distributed.client`` pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            return True
        error = record.exc_info[1] if record.exc_info else None
        return not (isinstance(error, (OSError, asyncio.CancelledError))
                    or record.getMessage().startswith("Failed to reconnect to scheduler"))


_QUIET = _LostScheduler()


def _distributed() -> Any:
    """The ``distributed`` module, or a ``ClusterError`` that says how to install it."""
    try:
        import distributed
    except ImportError as exc:
        raise ClusterError(f"running on a Dask cluster needs dask.distributed; install it with: {INSTALL_HINT}"
                           ) from exc
    return distributed


def _connect(distributed: Any, address: str, timeout: float) -> Client:
    """A client of the scheduler at ``address``, trying again when its IO loop thread did not start in time."""
    for _ in range(LOOP_TRIES - 1):
        try:
            return distributed.Client(address, timeout=timeout, set_as_default=False)
        except AssertionError:  # distributed.utils.LoopRunner: "assert loop is not None" after its 10 s wait
            logging.getLogger(__name__).warning("the Dask client's event loop did not start in 10 s; trying again")
    try:
        return distributed.Client(address, timeout=timeout, set_as_default=False)
    except AssertionError:
        raise ClusterError(f"the Dask client for {address} could not start its event loop ({LOOP_TRIES} tries of "
                           "10 s): this machine is too busy; try again when it is less loaded") from None


class DaskExecutor:
    """Runs per-document work as tasks on a Dask cluster: built from a scheduler ``address``
    (``tcp://host:8786``), which it connects to now and closes with ``close()`` or its ``with`` block, or from
    a ``client`` the caller owns and closes. ``retries``: how often Dask runs again a task that failed outside
    the function. ``tune_workers``: set each worker for this work (no profiler, glibc's memory thresholds that
    reuse memory: ``rashomon.engine.dask_worker.LeanWorker``); about a third less CPU time per article."""

    def __init__(self, address: str | None = None, *, client: Client | None = None, retries: int = RETRIES,
                 connect_timeout: float | None = None, tune_workers: bool = True) -> None:
        if (address is None) == (client is None):
            raise ValueError("give a scheduler address or a client (one of the two)")
        distributed = _distributed()
        self.retries = retries
        self._owned = client is None
        if client is None:
            try:
                client = _connect(distributed, str(address), connect_timeout or CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise ClusterError(
                    f"no Dask scheduler answers at {address} ({type(exc).__name__}). Start one (rashomon cluster-up, "
                    f"or: dask scheduler, then dask worker {address} --nthreads 1 on each machine), or give the "
                    "address it prints with --cluster (or the cluster setting, or $RASHOMON_CLUSTER)") from None
            except ValueError as exc:  # no port, an unknown scheme
                raise ClusterError(f"{address!r} is not a Dask scheduler address ({exc}): give one as "
                                   "tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786") from None
        self.client: Client = client
        self.address: str = client.scheduler.address if address is None else address
        logging.getLogger("distributed.client").addFilter(_QUIET)  # once, however many executors
        if tune_workers:
            from rashomon.engine.dask_worker import LeanWorker

            try:
                client.register_plugin(LeanWorker())
            except OSError as exc:
                raise self._lost(exc) from None

    @property
    def workers(self) -> int:
        """Tasks the cluster runs at once: the threads of all its workers now (at least 1)."""
        try:
            return max(1, sum(self.client.nthreads().values()))
        except OSError as exc:
            raise self._lost(exc) from None

    def map(self, func: Callable[[T], R], items: Sequence[T], *, budget: float | None = None,
            min_parallel: int = 2) -> list[R | Failed[T]]:
        """``func`` over ``items`` on the cluster's workers: one outcome per item, in order (``min_parallel`` is
        ignored: the workers are running already, so even one item goes to them)."""
        if not items:
            return []
        distributed = _distributed()
        try:
            self._need_workers()
            # the function (with its settings and outlet registry, ~80 KB) is sent once, as a task of its own that
            # the item tasks depend on (not scattered: a scattered value dies with its worker, a task is rerun)
            shared = self.client.submit(_itself, func, pure=False)
            futures = self.client.map(_task, [shared] * len(items), items, budget=budget, pure=False,
                                      retries=self.retries)
        except (OSError, distributed.CancelledError) as exc:
            raise self._lost(exc) from None
        try:
            return [self._outcome(future, item, distributed) for future, item in zip(futures, items, strict=True)]
        finally:
            with contextlib.suppress(Exception):  # (a client whose scheduler is gone cannot cancel)
                self.client.cancel([*futures, shared])  # nothing left running for a run that stopped early

    def imap(self, func: Callable[[T], R], items: Iterable[T], *, budget: float | None = None,
             min_parallel: int = 2, ordered: bool = True,
             ahead: int | None = None) -> Iterator[tuple[T, R | Failed[T]]]:
        """``func`` over ``items`` on the cluster's workers as a stream of ``(item, outcome)``: at most ``ahead``
        items (default two per worker thread now) taken from ``items`` and not yet handed back, each handed
        back when done (``ordered=False``) or in input order (``min_parallel`` is ignored, as in ``map``)."""
        distributed = _distributed()
        try:
            self._need_workers()
        except OSError as exc:
            raise self._lost(exc) from None
        limit = max(1, ahead or IN_FLIGHT_PER_WORKER * self.workers)
        yield from _streamed(items, _Tasks(self, func, budget, distributed), limit, ordered)

    def _outcome(self, future: Any, item: T, distributed: Any) -> R | Failed[T]:
        """One task's value; its failure as the item's ``Failed``, or ``ClusterError`` when the cluster is gone."""
        try:
            return future.result()
        except distributed.KilledWorker:
            return Failed(item, "crash", "a worker died each time it worked on it (out of memory, or a crash "
                                         "inside a parser); Dask tried it on other workers")
        except (OSError, distributed.CancelledError) as exc:
            raise self._lost(exc) from None
        except Exception as exc:
            if self.client.status != "running":
                raise self._lost(exc) from None
            return Failed(item, "error", f"{type(exc).__name__}: {exc}")

    def _need_workers(self) -> None:
        """Wait a little for a first worker; a cluster without any would take the tasks and never run them."""
        if self.client.nthreads():
            return
        try:
            self.client.wait_for_workers(1, timeout=WORKER_WAIT)
        except (OSError, TimeoutError):
            raise ClusterError(f"the Dask scheduler at {self.address} has no workers after {WORKER_WAIT:g} s: "
                               f"start some with: dask worker {self.address} --nthreads 1") from None

    def _lost(self, exc: BaseException) -> ClusterError:
        said = " ".join(str(exc).split())  # one line: Dask's own messages span several
        return ClusterError(f"lost the Dask scheduler at {self.address} ({type(exc).__name__}: {said}); what was "
                            "stored is kept: start the cluster again and rerun to resume")

    def close(self) -> None:
        """Let go of the cluster (only the connection made here; a given client stays open)."""
        if self._owned:
            self.client.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Tasks(Generic[T, R]):
    """A stream's tasks on the cluster: the function sent once (as ``map`` sends it), then one task per item,
    each outcome taken as it completes."""

    def __init__(self, executor: DaskExecutor, func: Callable[[T], R], budget: float | None,
                 distributed: Any) -> None:
        self.executor, self.budget, self.distributed = executor, budget, distributed
        self.client = executor.client
        self.flight: dict[Any, tuple[int, T, Any]] = {}  # task key: (index, item, future)
        try:
            self.shared = self.client.submit(_itself, func, pure=False)
            self.completed = distributed.as_completed(loop=self.client.loop)
        except (OSError, distributed.CancelledError) as exc:
            raise executor._lost(exc) from None

    def submit(self, index: int, item: T) -> None:
        try:
            future = self.client.submit(_task, self.shared, item, budget=self.budget, pure=False,
                                        retries=self.executor.retries)
        except (OSError, self.distributed.CancelledError) as exc:
            raise self.executor._lost(exc) from None
        self.flight[future.key] = (index, item, future)
        self.completed.add(future)

    def finished(self) -> list[tuple[int, T, R | Failed[T]]]:
        found: list[tuple[int, T, R | Failed[T]]] = []
        for future in self.completed.next_batch(block=True):
            index, item, _ = self.flight.pop(future.key)
            found.append((index, item, self.executor._outcome(future, item, self.distributed)))
        return found

    def close(self) -> None:
        with contextlib.suppress(Exception):  # (a client whose scheduler is gone cannot cancel)
            self.client.cancel([*(future for _, _, future in self.flight.values()), self.shared])
        self.flight.clear()


def _itself(value: T) -> T:
    return value


def _task(func: Callable[[T], R], item: T, budget: float | None = None) -> R | Failed[T]:
    """One item on a worker: its value, or its ``Failed`` when ``func`` raised or overran ``budget``."""
    if budget is None:
        return _caught(func, item)
    outcome: list[R | Failed[T]] = []
    thread = threading.Thread(target=lambda: outcome.append(_caught(func, item)), daemon=True,
                              name="rashomon-task")
    thread.start()
    thread.join(budget)
    return outcome[0] if outcome else Failed(item, "timeout", f"took longer than {budget:g} s")


def _caught(func: Callable[[T], R], item: T) -> R | Failed[T]:
    try:
        return func(item)
    except Exception as exc:
        return Failed(item, "error", f"{type(exc).__name__}: {exc}")


def start_local_cluster(workers: int, *, host: str = "127.0.0.1", port: int = 8786) -> LocalCluster:
    """A Dask scheduler and ``workers`` worker processes of one thread each on this machine (``rashomon
    cluster-up``); its ``scheduler_address`` is what ``--cluster`` takes. Close it to stop them. The
    scheduler's web server takes any free port, so that two clusters never both ask for 8787."""
    distributed = _distributed()
    try:
        return distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host=host,
                                        scheduler_port=port, dashboard_address=":0")
    except OSError as exc:
        raise ClusterError(f"cannot start a Dask scheduler on {host}:{port} ({exc}); is one running there "
                           "already? Give another --port") from None

