"""The poller: fetch each watched source when it is due, read what is new or changed, and find developments.

One round (``Poller.poll``): every due source is fetched with a conditional request (``If-None-Match`` /
``If-Modified-Since``; a 304, or the same bytes again, costs nothing more), one host at a time no faster
than ``watch_host_delay``. A feed's entries are remembered by GUID (else link) and a hash of what the feed
says of them, so only new or changed entries are read; teaser-only entries are followed to their pages.
A page that was stored before and now extracts to a different article is a new version of it (kept, with
a word-level diff); one whose article is the same (ads, timestamps) is not. Then the new and revised
articles are annotated, placed into stories, and only their stories are compared again; each story's
comparison is diffed with its state after the last round to give developments.

A failing source (network error, HTTP error, timeout, not a feed, malformed XML, too large, a refused
address) records its reason and is retried after an exponential back-off; the others go on. Everything
is written in transactions and what is still to be compared is kept in the database, so a round that is
stopped or killed is resumed by the next one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import socket
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from urllib.parse import urlsplit

import httpx

from rashomon.analysis import fingerprint, story_analysis
from rashomon.compare.similarity import Encoder, LazyEncoder
from rashomon.engine import Executor, LocalExecutor
from rashomon.errors import FetchError, InputError, MalformedInput
from rashomon.extract import extract
from rashomon.extract.outlets import OutletRegistry
from rashomon.ingest.fetch import Fetched, PinnedTransport, fetch
from rashomon.ingest.readers import FeedEntry, feed_entries
from rashomon.models import IngestFailure, RawDocument
from rashomon.pipeline import run_pipeline
from rashomon.settings import Settings
from rashomon.store import Store
from rashomon.store.watch import LeaseLost, WatchStore, now_iso
from rashomon.views import story_summary
from rashomon.watch.backlog import first_read, settled_first_read
from rashomon.watch.developments import edit_developments, story_developments, story_state
from rashomon.watch.reading import entry_hash, first_document, kind_of, lacks
from rashomon.watch.refresh import cluster_refresh
from rashomon.watch.versions import edit_diff, same_article
from rashomon.watch.webhook import deliver
from rashomon.watch_records import Development, EntryPage, WatchedSource

INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
# The shortest interval accepted: polling a site more often than once a minute is not polite.
MIN_INTERVAL = 60.0
# The longest interval accepted (a page looked at less than monthly is not watched), and the longest wait the poller
# ever schedules, whatever a stored interval or the watch_max_backoff setting says: a date past year 9999 cannot be
# written, and one such source stopped every round.
MAX_INTERVAL = 30 * 86400.0
MAX_WAIT = 366 * 86400.0
# Polls in a row an entry's page may fail (network, HTTP error) before the entry is set aside until the feed changes
# it: a dead link is not fetched again every round, while a page that is late to appear still gets a second chance.
ENTRY_TRIES = 3
# What a server calls an HTML page (a feed URL that answers one is not a feed).
HTML_TYPES = ("text/html", "application/xhtml+xml")
# Entry pages fetched again per round to catch edits the feed does not show: 50 at the default host delay of 1 s adds
# under a minute to a round, and 200 feeds of 20 entries (benchmarks/watch.py) are all rechecked in 80 rounds (20 h at
# 15 min), well within the 3 days an entry is rechecked; the longest unchecked go first, so none is starved.
RECHECK_PER_ROUND = 50
# The polling lease: how long it is held without being renewed (renewed between sources and stories once a third of
# it has passed). Longer than any one step of a round (one fetch is at most http_timeout times the redirects; a
# story's comparison takes seconds), short enough that the lease of a killed poller is taken over within the hour.
LEASE_SECONDS = 900.0
# A round skipped because another poller holds the lease is tried again this much later.
LEASE_RETRY = 60.0
# A round that fails as a whole (annotation, clustering, the database) is tried again after this pause, doubled with
# each failure in a row up to ROUND_PAUSE_MAX: a lasting fault (a full disk) is not retried in a tight loop.
ROUND_PAUSE = 30.0
ROUND_PAUSE_MAX = 1800.0


def parse_interval(text: str) -> float:
    """``15m``, ``2h``, ``1d``, ``90s`` or plain seconds, as seconds."""
    found = INTERVAL.match(text)
    if not found:
        raise ValueError(f"{text!r} is not an interval: use e.g. 90s, 15m, 2h or 1d")
    return float(found.group(1)) * UNITS[found.group(2).lower()]


@dataclass
class PollReport:
    """What one round did."""

    sources: int = 0  # sources polled
    requests: int = 0  # HTTP requests sent (feeds and pages)
    not_modified: int = 0  # answered 304
    unchanged: int = 0  # answered 200 with the bytes of the last poll
    failures: list[tuple[str, str]] = field(default_factory=list)  # (url, reason) of sources that failed
    problems: list[tuple[str, str]] = field(default_factory=list)  # (where, reason) of entries skipped or noted
    added: list[str] = field(default_factory=list)  # new article ids
    revised: list[str] = field(default_factory=list)  # article ids with a new version
    developments: list[Development] = field(default_factory=list)
    stories_compared: int = 0
    delivered: int = 0  # developments posted to the webhook
    stopped: bool = False  # stopped before the end (what remains is done by the next round)
    skipped: str | None = None  # why the round did nothing (another poller holds the lease)

    def summary(self) -> str:
        if self.skipped:
            return f"round skipped: {self.skipped}"
        return (f"{self.sources} sources polled ({self.requests} requests, {self.not_modified} not modified, "
                f"{len(self.failures)} failed); {len(self.added)} new articles, {len(self.revised)} edited; "
                f"{self.stories_compared} stories compared; {len(self.developments)} new developments"
                + (" (stopped early)" if self.stopped else ""))


class Poller:
    """Polls the watched sources of one store. ``transport`` (tests, benchmarks) replaces the network;
    ``clock`` and ``sleep`` the time; ``executor`` is where the new articles are annotated (default: local
    worker processes, ``LocalExecutor(settings.workers)``)."""

    def __init__(self, store: Store, settings: Settings | None = None, *, encoder: Encoder | None = None,
                 transport: httpx.BaseTransport | None = None, registry: OutletRegistry | None = None,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep,
                 webhook_transport: httpx.BaseTransport | None = None, executor: Executor | None = None) -> None:
        self.store, self.watched = store, WatchStore(store)
        self.settings = settings or Settings()
        self.executor = executor or LocalExecutor(self.settings.workers)
        self.encoder = encoder or LazyEncoder(self.settings.similarity)
        self.registry = registry or OutletRegistry.load(self.settings.outlets_file)
        self.transport, self.webhook_transport = transport, webhook_transport
        self.clock, self.sleep = clock, sleep
        self._host_free: dict[str, float] = {}
        # one connection pool for every request of this poller (keep-alive, one TLS setup): a new client per
        # request cost about 20 ms each, most of a round of 200 unchanged feeds (benchmarks/watch.py)
        self._pool = _KeptOpen(transport or httpx.HTTPTransport())
        self._pinned: dict[str, _KeptOpen] = {}
        # who holds the lease: a host name and process, as another poller's message shows it
        self.owner = f"{socket.gethostname()} pid {os.getpid()} ({uuid.uuid4().hex[:8]})"
        self._leased_at = 0.0

    # --- a round ------------------------------------------------------------------------------

    def poll(self, *, force: bool = False, stop: Callable[[], bool] | None = None) -> PollReport:
        """Poll every due source (every source with ``force``), then annotate, cluster and compare what changed
        and record the developments. ``stop()`` is asked between steps. A poller whose lease another poller took
        (its own expired during a step that outlasted it) stops at once, its last write undone."""
        report = PollReport()
        stop = stop or (lambda: False)
        # one poller at a time: a second one (serve --watch beside a cron job) would read the same changed pages and
        # write their versions twice
        holder = self.watched.take_lease(self.owner, now_iso(self.clock()), now_iso(self.clock() + LEASE_SECONDS))
        if holder is not None:
            report.skipped = f"another poller is polling this database ({holder}); nothing was done"
            return report
        self._leased_at = started = self.clock()
        self.watched.owner = self.owner  # from now on each write checks that the lease is still this poller's
        try:
            self._round(report, force, stop)
        except LeaseLost as exc:
            report.problems.append(("watch", f"{exc}: this round stopped, the other poller goes on"))
            report.stopped = True
        except Exception as exc:
            self._record_round(started, "failed", f"{type(exc).__name__}: {exc}", report)
            raise
        finally:
            self.watched.owner = None
            with contextlib.suppress(Exception):  # (a lease left behind expires by itself)
                self.watched.release_lease(self.owner)
        self._record_round(started, "stopped" if report.stopped else "ok", None, report)
        return report

    def _record_round(self, started: float, outcome: str, reason: str | None, report: PollReport) -> None:
        """Keep how the round ended, for the watch page and ``watch list`` (when the database can be written)."""
        with contextlib.suppress(Exception):
            self.watched.record_round(now_iso(started), now_iso(self.clock()), outcome, reason, report.summary(),
                                      self.owner)

    def _round(self, report: PollReport, force: bool, stop: Callable[[], bool]) -> None:
        due = self.watched.sources() if force else self.watched.due(now_iso(self.clock()))
        for source in due:
            if stop():
                report.stopped = True
                return
            self._keep_lease()
            self.poll_source(source, report)
        self.recheck(report, stop)
        if report.stopped:
            return
        self.process(report, stop)
        if not report.stopped:
            report.developments += self.watched.settle_first_reads(partial(settled_first_read, self.store))
            self.deliver(report)

    def _keep_lease(self, done: int = 0, total: int = 0) -> None:
        """Renew the lease once a third of it has passed (between sources, pages and stories, and as the progress
        callback of annotation and clustering, batch by batch); ``LeaseLost`` when another poller took it."""
        if self.clock() - self._leased_at < LEASE_SECONDS / 3:
            return
        holder = self.watched.take_lease(self.owner, now_iso(self.clock()), now_iso(self.clock() + LEASE_SECONDS))
        if holder is not None:
            raise LeaseLost(f"the polling lease expired and was taken by another poller ({holder})")
        self._leased_at = self.clock()

    def run(self, stop: Callable[[], bool], on_round: Callable[[PollReport], None] | None = None,
            idle_step: float = 1.0, log: Callable[[str], None] | None = None) -> None:
        """Poll round after round until ``stop()``; between rounds, wait (in steps of ``idle_step`` seconds, so
        a stop is noticed) until the next source is due. A round that fails as a whole (annotation, clustering, the
        database) is logged (``log``, else stderr) and recorded (``rashomon errors``), and the next is tried after a
        pause that doubles with each failure in a row: the poller never dies silently."""
        failures = 0
        while not stop():
            try:
                report = self.poll(stop=stop)
                if on_round is not None:
                    on_round(report)
                failures = 0
                self._wait(stop, idle_step, LEASE_RETRY if report.skipped else 0.0)
            except Exception as exc:
                failures += 1
                pause = min(ROUND_PAUSE * 2.0 ** (failures - 1), ROUND_PAUSE_MAX)
                self._round_failed(exc, failures, pause, log)
                self._pause(stop, idle_step, pause)

    def _wait(self, stop: Callable[[], bool], idle_step: float, at_least: float) -> None:
        """Wait ``at_least`` seconds, then until the next source is due."""
        self._pause(stop, idle_step, at_least)
        while not stop():
            due = self.watched.next_due()
            if due is None or due <= now_iso(self.clock()):
                return
            self.sleep(idle_step)

    def _pause(self, stop: Callable[[], bool], idle_step: float, seconds: float) -> None:
        until = self.clock() + seconds
        while not stop() and self.clock() < until:
            self.sleep(min(idle_step, until - self.clock()))

    def _round_failed(self, exc: Exception, failures: int, pause: float, log: Callable[[str], None] | None) -> None:
        """Say why a round failed, on stderr and in the recorded errors (when the database can still be written)."""
        reason = (f"a polling round failed ({failures} in a row): {type(exc).__name__}: {exc}; "
                  f"the next is tried in {pause:.0f} s")
        if log is not None:
            log(reason)
        else:
            print(f"rashomon watch: {reason}", file=sys.stderr)
            traceback.print_exception(exc, file=sys.stderr)
        with contextlib.suppress(Exception):
            self.store.add_error(IngestFailure("watch poller", "watch", reason, "round", type(exc).__name__))

    # --- one source ---------------------------------------------------------------------------

    def poll_source(self, source: WatchedSource, report: PollReport) -> None:
        """Fetch one source and read what is new in it; a failure is recorded on the source and backs it off."""
        report.sources += 1
        started = self.clock()
        try:
            got = self._get(source.url, source.url, report, source.etag, source.last_modified)
            if got.status == 304:
                report.not_modified += 1
                self._succeeded(source, started, got, source.body_hash)
                return
            digest = hashlib.sha256(got.content).hexdigest()
            if digest == source.body_hash:
                report.unchanged += 1
                self._succeeded(source, started, got, digest)
                return
            kind = source.kind if source.kind != "auto" else kind_of(got)
            source = replace(source, kind=kind)
            complete = self._feed(source, got, report) if kind == "feed" else self._page(source, got, report)
            # a feed whose entry could not be fetched this time is read in full again next time
            self._succeeded(source, started, got, digest if complete else None, keep_validators=complete)
        except LeaseLost:
            raise
        except InputError as exc:
            self._failed(source, started, exc.reason, report)
        except Exception as exc:  # a bug on one source must not stop the others: recorded against it
            self._failed(source, started, f"unexpected {type(exc).__name__}: {exc}", report)

    def _get(self, url: str, name: str, report: PollReport, etag: str | None = None,
             last_modified: str | None = None) -> Fetched:
        """A guarded GET (as ingest's: private addresses refused unless allowed, size cap, redirect limit),
        conditional when validators are known, no sooner than ``watch_host_delay`` after the last request to
        the same host."""
        host = urlsplit(url).hostname or ""
        wait = self._host_free.get(host, 0.0) - self.clock()
        if wait > 0:
            self.sleep(wait)
        headers = {}
        # a validator that is not ASCII cannot be sent back (httpx refuses it): that source would fail for good
        if etag and etag.isascii():
            headers["If-None-Match"] = etag
        if last_modified and last_modified.isascii():
            headers["If-Modified-Since"] = last_modified
        report.requests += 1
        # without allow_private_urls, each request still goes to the very address that was checked
        transport = self._pool if self.settings.allow_private_urls or self.transport is not None else \
            PinnedTransport(name, inner=self._pinned_pool(host))
        try:
            return fetch(url, self.settings, transport=transport, source=name, headers=headers)
        finally:
            self._host_free[host] = self.clock() + self.settings.watch_host_delay

    def _pinned_pool(self, host: str) -> _KeptOpen:
        """The kept-open connections of one host name. Pinned requests go to an address, and connections are
        pooled by address: shared, a connection made (and its TLS certificate checked) for one name would carry
        the requests of another name that resolves to the same address, unchecked."""
        if host not in self._pinned:
            self._pinned[host] = _KeptOpen(httpx.HTTPTransport())
        return self._pinned[host]

    def _succeeded(self, source: WatchedSource, started: float, got: Fetched, digest: str | None,
                   keep_validators: bool = True) -> None:
        """Save a source's state after a poll that answered; after its first, with what that read (see
        ``first_read``)."""
        etag = got.headers.get("etag", source.etag) if keep_validators else None
        modified = got.headers.get("last-modified", source.last_modified) if keep_validators else None
        self.watched.save_source(replace(
            source, etag=etag, last_modified=modified, body_hash=digest,
            next_due=now_iso(started + min(source.interval, MAX_WAIT)), last_polled=now_iso(started),
            last_ok=now_iso(started), failures=0, last_error=None, backoff=0.0),
            first_read=first_read(source, self.watched.source_articles(source.id)) if source.last_ok is None else None)

    def _failed(self, source: WatchedSource, started: float, reason: str, report: PollReport) -> None:
        failures = source.failures + 1
        backoff = min(source.interval * 2.0 ** min(failures, 64), max(self.settings.watch_max_backoff, source.interval),
                      MAX_WAIT)
        report.failures.append((source.url, reason))
        self.watched.save_source(replace(
            source, next_due=now_iso(started + backoff), last_polled=now_iso(started), failures=failures,
            last_error=reason, backoff=backoff))

    def _problem(self, report: PollReport, source: str, locator: str | None, reason: str, kind: str) -> None:
        """An entry skipped or noted: recorded as an ingest error of the feed (``rashomon errors``)."""
        report.problems.append((f"{source} ({locator})" if locator else source, reason))
        self.store.add_error(IngestFailure(source, "watch", reason, locator, kind))

    # --- feeds and pages ----------------------------------------------------------------------

    def _feed(self, source: WatchedSource, got: Fetched, report: PollReport) -> bool:
        """Read a feed's new and changed entries (as ingest reads them: ``readers.feed_entries``); False when an
        entry must be tried again (its page failed)."""
        seen: dict[str, int] = {}
        complete = True
        limit = self.settings.watch_max_entries
        for item in feed_entries(source.url, got.content, got.url, html_advice=" (watch it as a page: rashomon "
                                 "watch add URL --kind page)", answered_html=got.content_type in HTML_TYPES):
            if isinstance(item, InputError):
                self._problem(report, source.url, None, item.reason, type(item).__name__)
                continue
            if item.number > limit:
                self._problem(report, source.url, None, f"the feed lists {item.total:,} entries; the first {limit} "
                              "are read (setting watch_max_entries)", "TooLarge")
                break
            if not item.key:
                self._problem(report, source.url, f"item {item.number}", "entry has neither a link nor a GUID: it "
                              "cannot be told apart between polls, and is skipped", "MalformedInput")
                continue
            locator = f"entry {item.key}"[:300]
            if item.key in seen:
                self._problem(report, source.url, locator, f"duplicate GUID: entry {item.number} repeats entry "
                              f"{seen[item.key]}; the first is kept", "MalformedInput")
                continue
            seen[item.key] = item.number
            complete = self._entry(source, item, locator, report) and complete
        return complete

    def _entry(self, source: WatchedSource, item: FeedEntry, locator: str, report: PollReport) -> bool:
        """Read one entry when the feed says something new of it; False when its page must be tried again."""
        key, digest = str(item.key), entry_hash(item.entry)
        if self.watched.item_hash(source.id, key) == digest:
            return True
        page: EntryPage | None = None
        try:
            raw, fallback, page = self._entry_document(source, item, locator, report)
            # the feed's own text of an entry is compared with its earlier text, never with the page: the two
            # differ (an excerpt, a "read more" line) without either being edited
            article_id = self._store_document(raw, report, fallback) if fallback is not None else \
                self._store_document(raw, report, entry_article=self.watched.item_article(source.id, key))
        except InputError as exc:
            reason = exc.reason
            if isinstance(exc, FetchError):
                tries = self.watched.item_tries(source.id, key) + 1
                if tries < ENTRY_TRIES:  # the page may answer next time: the entry stays unread
                    self._problem(report, source.url, locator, reason, type(exc).__name__)
                    self.watched.put_item(source.id, key, item.link, "", None, tries)
                    return False
                reason += f" (tried in {tries} polls; tried again when the feed changes the entry)"
            self._problem(report, source.url, locator, reason, type(exc).__name__)
            article_id, page = None, None
        self.watched.put_item(source.id, key, item.link, digest, article_id, now=now_iso(self.clock()), page=page)
        # (only for an entry that was read: the note would replace the recorded reason of one that failed)
        if article_id is not None and not item.dated:
            self._problem(report, source.url, locator, "entry has no date: the date its page states is used, "
                          "if any", "MissingDate")
        return True

    def _entry_document(self, source: WatchedSource, item: FeedEntry, locator: str,
                        report: PollReport) -> tuple[RawDocument, dict[str, str] | None, EntryPage | None]:
        """An entry's article: its own full text, else the page it links to, with what the entry says of it (title,
        date, author, outlet) to fill in what the page does not say, and the entry's link as its URL. Unlike ingest,
        the page's own values come first: the same page, reached from two feeds that title it differently or watched
        on its own, must read the same, or it would look edited. (The link stays first: pages that all give the
        site's home page as their og:url must not read as versions of one article.) The page, when one is read, is
        returned as kept to check it again (``recheck``)."""
        link = item.link
        if item.full_text:
            return item.document(source.url, locator), None, None
        if not link:
            raise MalformedInput(source.url, "entry has neither full text nor a link", locator=locator)
        if not link.lower().startswith(("http://", "https://")):
            raise MalformedInput(source.url, f"entry links to {link[:200]!r}, not an http(s) URL", locator=locator)
        got = self._get(link, f"{source.url} → {link}", report)
        fallback = {k: v for k, v in item.hints.items() if k != "url"}
        page = EntryPage(source.id, str(item.key), link, None, got.headers.get("etag"),
                         got.headers.get("last-modified"), fallback, source.url)
        return self._page_document(page, got, locator), fallback, page

    def _page_document(self, page: EntryPage, got: Fetched, locator: str) -> RawDocument:
        """The document of an entry's page, known by the entry's link."""
        raw = first_document(f"{page.feed_url} → {page.url}", got, self.settings)
        return RawDocument(raw.source, raw.format, raw.content, raw.text, raw.encoding, locator=locator,
                           url=raw.url or page.url, hints={"url": page.url, **raw.hints})

    def recheck(self, report: PollReport, stop: Callable[[], bool]) -> None:
        """Fetch again the pages of recent feed entries, to catch an edit the feed does not show (a stealth edit
        behind an unchanged entry): each page whose entry was first seen less than ``watch_recheck_days`` ago, at
        most every ``watch_recheck_every`` seconds and ``RECHECK_PER_ROUND`` pages a round, the longest unchecked
        first; with a conditional request when the page gave validators."""
        if self.settings.watch_recheck_days <= 0:
            return
        now = self.clock()
        pages = self.watched.pages_to_recheck(now_iso(now - self.settings.watch_recheck_days * 86400),
                                              now_iso(now - self.settings.watch_recheck_every), RECHECK_PER_ROUND)
        for page in pages:
            if stop():
                report.stopped = True
                return
            self._keep_lease()
            locator = f"entry {page.key}"[:300]
            etag, modified = page.etag, page.last_modified
            try:
                got = self._get(page.url, f"{page.feed_url} → {page.url}", report, etag, modified)
                if got.status == 304:
                    report.not_modified += 1
                else:
                    etag, modified = got.headers.get("etag"), got.headers.get("last-modified")
                    document = self._page_document(page, got, locator)
                    if page.legacy:  # read again as it was first read: the entry's hints before the page's own
                        self._store_document(replace(document, hints={**page.hints, **document.hints}), report)
                    else:
                        self._store_document(document, report, page.hints)
            except LeaseLost:
                raise
            except InputError as exc:  # checked again at the next interval; the entry itself stays as it was
                self._problem(report, page.feed_url, locator, f"page checked again for edits: {exc.reason}",
                              type(exc).__name__)
            except Exception as exc:  # a bug on one page must not stop the others
                self._problem(report, page.feed_url, locator, f"page checked again for edits: unexpected "
                              f"{type(exc).__name__}: {exc}", "RecheckError")
            self.watched.page_checked(page, now_iso(self.clock()), etag, modified)

    def _page(self, source: WatchedSource, got: Fetched, report: PollReport) -> bool:
        raw = first_document(source.url, got, self.settings)
        # its URL is the one watched (as a feed's link is its entry's), not whatever og:url the page claims
        article_id = self._store_document(replace(raw, hints={"url": source.url, **raw.hints}), report)
        self.watched.put_item(source.id, source.url, source.url, hashlib.sha256(got.content).hexdigest(), article_id)
        return True

    def _store_document(self, raw: RawDocument, report: PollReport, fallback: dict[str, str] | None = None,
                        entry_article: str | bool | None = False) -> str:
        """Store a page as a new article, or as a new version of the article already stored at its URL (nothing
        when the article reads the same). ``fallback`` hints fill only what the page does not state. A feed entry's
        own text is given with ``entry_article``, the article it was stored as before (None: never), and is not
        looked up by URL. Returns the article's id."""
        article = extract(raw, self.settings, self.registry)
        wanted = {k: v for k, v in (fallback or {}).items() if lacks(article, k)}
        if wanted:
            raw = replace(raw, hints={**wanted, **raw.hints})
            article = extract(raw, self.settings, self.registry)
        url = article.url or raw.url
        if entry_article is False:
            existing = (self.watched.article_by_url(url) if url else None) or self.watched.article_of_raw(raw.id)
        else:
            existing = entry_article if isinstance(entry_article, str) and self.store.article(entry_article) else \
                self.watched.article_of_raw(raw.id)
            url = None  # its versions are not found by URL (the page at that URL is a document of its own)
        if existing is None:
            if self.store.add_document(raw, article):
                report.added.append(article.id)
            self.watched.add_first_version(article, url)
            return article.id
        latest = self.watched.latest_version(existing)
        if latest is None:  # stored before it was watched (ingest): what is stored is its first version
            current = self.store.article(existing)
            if current is None:
                return existing
            latest = self.watched.add_first_version(current, url)
        if same_article(latest, article):
            return existing
        diff = edit_diff(latest, article)
        updated = article.updated.isoformat() if article.updated else None
        # the page says it was updated: it states an update time, and not the one the last version stated
        claimed = updated is not None and updated != latest.updated
        story = self.store.article_story(existing)
        summary = story_summary(self.store, story) if story is not None else None
        outlet = article.outlet or urlsplit(url or "").hostname or raw.source
        found = edit_developments(replace(article, id=existing), outlet, story, latest.version + 1, diff, claimed,
                                  tuple((summary or {}).get("key_entities", [])[:8]))
        refresh = partial(cluster_refresh, self.store, self.watched, replace(article, id=existing))
        revised = self.watched.revise_article(existing, raw, article, claimed, diff, found, refresh)
        if revised is not None:
            report.revised.append(existing)
            report.developments += revised[1]
        return existing

    # --- after the fetches --------------------------------------------------------------------

    def process(self, report: PollReport, stop: Callable[[], bool] | None = None) -> None:
        """Annotate and cluster the articles added or revised (this round or a stopped one), compare their
        stories again and record the developments, story by story."""
        pending = self.watched.pending()
        if not pending:
            return
        # the pipeline's own annotate and cluster steps, on this round's articles; both can take long (thousands
        # of new articles): the lease is renewed batch by batch. Comparing is done here, story by story, to diff
        # each comparison into developments.
        run_pipeline([], self.store, self.settings, articles=pending, only_this_run=True, compare=False,
                     executor=self.executor, progress=lambda step, done, total, message: self._keep_lease())
        by_story: dict[int, list[str]] = {}
        for article_id in pending:
            story = self.store.article_story(article_id)
            if story is None:
                self.watched.drop_pending([article_id])  # gone, or placed in no story: nothing to compare
            else:
                by_story.setdefault(story, []).append(article_id)
        backlog = self.watched.first_read_articles(pending)
        for story_id, article_ids in sorted(by_story.items()):
            if stop is not None and stop():
                report.stopped = True
                return
            try:
                report.developments += self._compare_story(story_id, set(article_ids), backlog)
            except LeaseLost:
                raise
            except Exception as exc:  # one story that cannot be compared must not stop the others, round after round
                self._problem(report, f"story {story_id}", None, f"not compared: unexpected {type(exc).__name__}: "
                              f"{exc}; tried again next round", "CompareError")
                continue
            report.stories_compared += 1
            self._keep_lease()

    def _compare_story(self, story_id: int, added: set[str], backlog: set[str]) -> list[Development]:
        """Compare a story again and record its developments. Articles of a source's first read (``backlog``) that
        the story did not have are known already: alone they raise nothing (the story's state becomes the
        baseline), and beside new articles their outlets are not new."""
        summary = story_summary(self.store, story_id)
        if summary is None:
            self.watched.drop_pending(sorted(added))
            return []
        analysis = story_analysis(self.store, summary, self.encoder)
        key = fingerprint(self.store, summary, self.encoder.name)
        new = story_state(summary, analysis)
        stored = self.watched.story_state(story_id)
        old = stored[1] if stored else None
        quiet = (added & backlog) - set(old["articles"] if old else [])
        found: list[Development] = []
        if quiet != added:
            if old is not None and quiet:
                known = {new["article_outlets"].get(a) for a in quiet} - {None}
                old = {**old, "outlets": sorted(set(old["outlets"]) | known)}
            line = summary.get("storyline_id")
            others = [s["id"] for s in self.store.stories(storyline=line) if s["id"] != story_id] if line else []
            found = story_developments(story_id, old, new, added - quiet, others)
        return self.watched.record_story(story_id, key, new, found, sorted(added))

    def deliver(self, report: PollReport) -> None:
        """POST the developments not yet delivered to the ``watch_webhook`` URL (see ``watch.webhook``)."""
        report.delivered += deliver(self.watched, self.settings, report.problems, self.webhook_transport, self.sleep)


class _KeptOpen(httpx.BaseTransport):
    """The poller's shared transport: a client that closes after its request leaves it open for the next."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.inner.handle_request(request)

    def close(self) -> None:
        pass


def in_background(db: str, settings: Settings, on_round: Callable[[PollReport], None] | None = None
                  ) -> threading.Event:
    """Poll in a daemon thread with its own connection (``serve --watch``); set the returned event to stop it
    (between two steps)."""
    stop = threading.Event()

    def work() -> None:
        try:
            with Store(db) as store:
                Poller(store, settings).run(stop.is_set, on_round)
        except Exception as exc:  # (the database cannot be opened: the rounds themselves never end the thread)
            print(f"rashomon watch: the background poller stopped: {type(exc).__name__}: {exc}", file=sys.stderr)

    threading.Thread(target=work, name="rashomon-watch", daemon=True).start()
    return stop



__all__ = ["PollReport", "Poller", "parse_interval"]
