"""What each Dask worker that runs Rashomon's tasks is set to (``LeanWorker``, a ``distributed`` worker plugin).

A worker started as Dask starts it spends more CPU time annotating an article than the same code in a plain
process: on 64 articles of benchmarks/scale.py's archive, 97-99 ms an article against 82-84 ms in a plain process
and 84-85 ms on a worker with this plugin (three runs each, one worker; on a machine busy with other work, 142-158
ms against 107-112 ms with both settings below undone). Two defaults cost it: the statistical profiler, which
every 10 ms walks the stack of the thread running the task while holding the interpreter lock (spaCy's stacks
are deep), and the allocator setting its nanny gives it (``MALLOC_TRIM_THRESHOLD_=65536``, which also pins
glibc's mmap threshold at 128 KB, so every parser buffer over that is mapped and unmapped, page faults included).
``LeanWorker`` stops the profiler of each worker (the
dashboard's profile page is then empty) and sets glibc's thresholds back to sizes that reuse memory (32 MB for
mmap, 64 MB trimmed at most: memory stays bounded). It is registered by ``DaskExecutor`` on every worker of the
cluster, and on the ones that join later; ``DaskExecutor(tune_workers=False)`` leaves the workers as they are.

Library threads: a nanny starts its worker with OMP/MKL/OpenBLAS at one thread (Dask's
``distributed.nanny.pre-spawn-environ``), so that torch and BLAS use one core per worker thread and two workers
do not oversubscribe two cores; ``LeanWorker`` sets the same variables on a worker started without a nanny,
for the libraries it has not loaded yet.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

__all__ = ["LeanWorker"]

# glibc's mallopt parameters, and the thresholds set (bytes): its own dynamic mmap threshold reaches 32 MB at most.
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 * 1024 * 1024
TRIM_THRESHOLD = 64 * 1024 * 1024
PROFILER_CALLBACKS = ("profile", "profile-cycle")
LIBRARY_THREADS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


class LeanWorker(WorkerPlugin):
    """On each worker: no statistical profiler, glibc's memory thresholds back to sizes that reuse memory, and
    one library thread per task thread if nothing said otherwise."""

    idempotent = True
    name = "rashomon-lean-worker"

    def setup(self, worker: Any) -> None:
        for name in PROFILER_CALLBACKS:  # (runs on the worker's event loop, where its callbacks run)
            callback = worker.periodic_callbacks.pop(name, None)
            if callback is not None:
                callback.stop()
        with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to set
            libc = ctypes.CDLL("libc.so.6")
            libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
            libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
        for variable in LIBRARY_THREADS:
            os.environ.setdefault(variable, "1")
