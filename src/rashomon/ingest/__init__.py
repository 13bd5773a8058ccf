"""Ingest: paths, folders, globs and URLs in; stored raw documents and clean articles out.

Idempotent (a document's id is the hash of its content, stored once), and tolerant: every input
that fails is recorded with its name and reason, and the batch goes on. A failed input changes
nothing already stored: each document and its article are written in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

import httpx

from rashomon.engine import IN_FLIGHT_PER_WORKER, Executor, Failed, LocalExecutor, stream
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

# A run of fewer documents than this is extracted in-process: starting worker processes costs more than
# it saves for a handful of pages (extraction runs at about 12-20 pages/s per core).
PARALLEL_MIN_DOCS = 16
# Documents read ahead of the one being stored, at least (else two per worker): a document is a short task
# (50-80 ms), so a deeper queue keeps the workers going while this process reads the next input file.
DOCS_AHEAD = 16

CONTENT_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text",
                 "application/json": "json", "application/x-ndjson": "jsonl", "application/rss+xml": "feed",
                 "application/atom+xml": "feed", "application/xml": "feed", "text/xml": "feed"}


@dataclass
class IngestReport:
    """What an ingest run did."""

    # the ids of the added articles (read them from the store): a run over a large archive holds no records (an
    # Article without its text was still about 1 KB, and 3.5 KB of the process's memory with the fragmentation
    # it left: 100 MB more at 100k articles), so its memory stays near flat however many articles it adds
    added: list[str] = field(default_factory=list)
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
    """Ingest every input; ``progress(done, total, name)`` is called after each one is read. ``correction``
    (the user's ``--outlet``, ``--date``, …) is set on every article of the run, also on articles already
    stored from the same content. ``executor``: where documents are extracted (default: worker processes of
    this machine, ``LocalExecutor(settings.workers)``); reading inputs and storing stay in this process, which
    stores each document, in input order, while the executor extracts the next ones (``rashomon.engine.stream``)."""
    settings = settings or Settings()
    registry = registry or OutletRegistry.load(settings.outlets_file)
    report = IngestReport()
    sources = list(expand(inputs))
    executor = executor or LocalExecutor(settings.workers)
    documents = _Documents(store, settings, report, correction or Correction(), transport)
    work = partial(_extract_one, settings=settings, registry=registry)
    extracted = stream(executor, work, documents.read(sources, progress), budget=settings.extract_timeout or None,
                       min_parallel=PARALLEL_MIN_DOCS, ahead=_ahead(executor))
    for raw, result in extracted:
        documents.store_one(raw, result)
    return report


def _ahead(executor: Executor) -> int:
    """Documents taken ahead of the one being stored: two per worker, and at least ``DOCS_AHEAD``."""
    return max(DOCS_AHEAD, IN_FLIGHT_PER_WORKER * max(1, executor.workers))


class _Documents:
    """The documents of a run, read in order and deduplicated (``read``), extracted on the executor (worker
    processes when there are enough of them, or a cluster's workers), and stored in input order by this
    process, the only writer (``store_one``). A document that fails, overruns its time budget or kills its
    worker costs only itself (``Executor.map``)."""

    def __init__(self, store: Store, settings: Settings, report: IngestReport, correction: Correction,
                 transport: httpx.BaseTransport | None) -> None:
        self.store, self.settings, self.report = store, settings, report
        self.correction, self.transport = correction, transport
        self.pending: set[str] = set()  # ids of the documents read and not yet stored

    def read(self, sources: list[Source | tuple[str, str]],
             progress: Callable[[int, int, str], None] | None) -> Iterator[RawDocument]:
        """The documents to extract, in input order; failed inputs and duplicates are recorded on the way."""
        for done, source in enumerate(sources, start=1):
            if isinstance(source, tuple):
                _fail(self.store, self.report, InputError(source[0], source[1]))
            else:
                for item in _guarded(source, self.settings, self.transport):
                    if isinstance(item, InputError):
                        _fail(self.store, self.report, item)
                    elif self._new(item):
                        self.pending.add(item.id)
                        yield item
            if progress:
                progress(done, len(sources), source[0] if isinstance(source, tuple) else source.name)

    def _new(self, raw: RawDocument) -> bool:
        """Whether ``raw`` is to be extracted: not stored, nor read earlier in this run and still on its way."""
        if raw.id not in self.pending and not self.store.has_raw(raw.id):
            return True
        self.report.duplicates.append(raw.id)
        if self.correction and raw.id not in self.pending:
            for article in self.store.articles_from_raw([raw.id]):
                if self.store.edit_article(article.id, self.correction):
                    self.report.corrected.append(article.id)
        return False

    def store_one(self, raw: RawDocument, result: Article | InputError | Failed[RawDocument]) -> None:
        self.pending.discard(raw.id)
        if isinstance(result, Failed):
            _fail(self.store, self.report, _as_input_error(raw, result))
        elif isinstance(result, InputError):
            _fail(self.store, self.report, result)
        elif self.store.add_document(raw, article := self.correction.apply(result)):
            self.report.added.append(article.id)
        else:
            self.report.duplicates.append(raw.id)


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
