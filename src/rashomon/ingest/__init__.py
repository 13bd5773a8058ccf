"""Ingest: paths, folders, globs and URLs in; stored raw documents and clean articles out.

Idempotent (a document's id is the hash of its content, stored once), and tolerant: every input
that fails is recorded with its name and reason, and the batch goes on. A failed input changes
nothing already stored: each document and its article are written in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial

import httpx

from rashomon.engine import Executor, Failed, LocalExecutor
from rashomon.errors import ExtractionTimeout, InputError, TooLarge, WorkerCrashed
from rashomon.extract import extract
from rashomon.extract.outlets import OutletRegistry
from rashomon.ingest.fetch import fetch
from rashomon.ingest.readers import Item, read_bytes
from rashomon.ingest.sources import Source, expand
from rashomon.models import Article, Correction, IngestFailure, RawDocument
from rashomon.settings import Settings
from rashomon.store import Store

__all__ = ["IngestReport", "ingest", "iter_documents"]

# Documents are extracted in batches of this size; the store writes each batch in input order.
BATCH_SIZE = 64
# A batch smaller than this is extracted in-process: starting worker processes costs more than
# it saves for a handful of pages (extraction runs at about 12-20 pages/s per core).
PARALLEL_MIN_DOCS = 16

CONTENT_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text",
                 "application/json": "json", "application/x-ndjson": "jsonl", "application/rss+xml": "feed",
                 "application/atom+xml": "feed", "application/xml": "feed", "text/xml": "feed"}


@dataclass
class IngestReport:
    """What an ingest run did."""

    # the added articles' records without their text (read it from the store): a run over a large archive holds
    # no texts, so its memory stays flat however many articles it adds
    added: list[Article] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # ids already stored
    corrected: list[str] = field(default_factory=list)  # stored articles the run's correction was set on
    failures: list[IngestFailure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        corrected = f" ({len(self.corrected)} corrected)" if self.corrected else ""
        return (f"{len(self.added)} added, {len(self.duplicates)} already stored{corrected}, "
                f"{len(self.failures)} failed")


def ingest(inputs: list[str], store: Store, settings: Settings | None = None,
           registry: OutletRegistry | None = None, *, transport: httpx.BaseTransport | None = None,
           progress: Callable[[int, int, str], None] | None = None,
           correction: Correction | None = None, executor: Executor | None = None) -> IngestReport:
    """Ingest every input; ``progress(done, total, name)`` is called after each one. ``correction`` (the
    user's ``--outlet``, ``--date``, …) is set on every article of the run, also on articles already stored
    from the same content. ``executor``: where documents are extracted (default: worker processes of this
    machine, ``LocalExecutor(settings.workers)``); reading inputs and storing stay in this process."""
    settings = settings or Settings()
    registry = registry or OutletRegistry.load(settings.outlets_file)
    report = IngestReport()
    sources = list(expand(inputs))
    executor = executor or LocalExecutor(settings.workers)
    batch = _Batch(store, settings, registry, report, correction or Correction(), executor)
    try:
        for done, source in enumerate(sources, start=1):
            if isinstance(source, tuple):
                _fail(store, report, InputError(source[0], source[1]))
            else:
                for item in _guarded(source, settings, transport):
                    if isinstance(item, InputError):
                        _fail(store, report, item)
                    else:
                        batch.add(item)
            if progress:
                progress(done, len(sources), source[0] if isinstance(source, tuple) else source.name)
        batch.flush()
    finally:
        batch.close()
    return report


class _Batch:
    """Pending documents: extracted together on the executor (worker processes when there are enough of
    them, or a cluster's workers) and stored in input order by this process, the only writer. A document
    that fails, overruns its time budget or kills its worker costs only itself (``Executor.map``)."""

    def __init__(self, store: Store, settings: Settings, registry: OutletRegistry, report: IngestReport,
                 correction: Correction, executor: Executor) -> None:
        self.store, self.settings, self.registry, self.report = store, settings, registry, report
        self.correction = correction
        self.pending: list[RawDocument] = []
        self.pending_ids: set[str] = set()
        self.executor = executor

    def add(self, raw: RawDocument) -> None:
        if raw.id in self.pending_ids or self.store.has_raw(raw.id):
            self.report.duplicates.append(raw.id)
            if self.correction and raw.id not in self.pending_ids:
                for article in self.store.articles_from_raw([raw.id]):
                    if self.store.edit_article(article.id, self.correction):
                        self.report.corrected.append(article.id)
            return
        self.pending.append(raw)
        self.pending_ids.add(raw.id)
        if len(self.pending) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        work = partial(_extract_one, settings=self.settings, registry=self.registry)
        budget = self.settings.extract_timeout or None
        results = self.executor.map(work, self.pending, budget=budget, min_parallel=PARALLEL_MIN_DOCS)
        for raw, result in zip(self.pending, results, strict=True):
            if isinstance(result, Failed):
                _fail(self.store, self.report, _as_input_error(raw, result))
            elif isinstance(result, InputError):
                _fail(self.store, self.report, result)
            elif self.store.add_document(raw, article := self.correction.apply(result)):
                self.report.added.append(replace(article, text=""))
            else:
                self.report.duplicates.append(raw.id)
        self.pending, self.pending_ids = [], set()

    def close(self) -> None:
        self.pending, self.pending_ids = [], set()


def _extract_one(raw: RawDocument, settings: Settings, registry: OutletRegistry) -> Article | InputError:
    """Extract one document; every failure becomes that document's error (runs in workers too)."""
    try:
        return extract(raw, settings, registry)
    except InputError as exc:
        return exc
    except Exception as exc:  # an extractor bug on one page is that page's error, not the batch's
        return InputError(raw.source, f"extraction failed: {type(exc).__name__}: {exc}", locator=raw.locator)


def _as_input_error(raw: RawDocument, failed: Failed[RawDocument]) -> InputError:
    """The named error of a document whose extraction did not finish."""
    if failed.kind == "timeout":
        return ExtractionTimeout(raw.source, f"extraction {failed.reason} (setting extract_timeout)",
                                 locator=raw.locator)
    if failed.kind == "crash":
        return WorkerCrashed(raw.source, f"extraction failed: {failed.reason}", locator=raw.locator)
    return InputError(raw.source, f"extraction failed: {failed.reason}", locator=raw.locator)


def iter_documents(source: Source, settings: Settings,
                   transport: httpx.BaseTransport | None = None) -> Iterator[Item]:
    """The documents (and per-record errors) of one source, without storing anything."""
    def fetcher(url: str, name: str) -> Iterator[Item]:
        return iter_documents(Source(name, url=url), settings, transport)

    if source.url is not None:
        got = fetch(source.url, settings, transport=transport, source=source.name)
        fmt = CONTENT_TYPES.get(got.content_type)
        yield from read_bytes(source.name, got.content, settings, fetcher, url=got.url,
                              declared_charset=got.charset, fmt=fmt)
    else:
        assert source.path is not None
        try:
            size = source.path.stat().st_size
            if size > settings.max_input_bytes:
                raise TooLarge(source.name, f"file is {size:,} bytes; the limit is {settings.max_input_bytes:,}"
                                 " (setting max_input_bytes)")
            data = source.path.read_bytes()
        except OSError as exc:
            raise InputError(source.name, f"cannot read file: {exc.strerror or exc}") from exc
        yield from read_bytes(source.name, data, settings, fetcher)


def _guarded(source: Source, settings: Settings, transport: httpx.BaseTransport | None) -> Iterator[Item]:
    """iter_documents, with a failure of the whole source turned into one error item."""
    try:
        yield from iter_documents(source, settings, transport)
    except InputError as exc:
        yield exc
    except Exception as exc:  # a reader bug must not end the batch; record it against the input
        yield InputError(source.name, f"unexpected {type(exc).__name__}: {exc}")


def _fail(store: Store, report: IngestReport, error: InputError) -> None:
    failure = IngestFailure(error.source, error.stage, error.reason, error.locator, type(error).__name__)
    report.failures.append(failure)
    store.add_error(failure)
