"""The watch tables (migration 7): watched sources, feed entries seen, article versions, developments,
each story's last compared state, and the articles whose stories are still to be compared.

Kept beside the store (the one place that knows SQL) and used through ``WatchStore(store)``, which shares the
store's connection, transactions and SQL dialect, so watching works on either backend."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from rashomon.errors import RashomonError
from rashomon.models import Article, RawDocument
from rashomon.store.base import Store
from rashomon.store.dialect import Connection, upsert
from rashomon.store.reads import now as _now
from rashomon.watch_records import ArticleVersion, ClusterRefresh, Development, EntryPage, WatchedSource

# Rounds kept: a day and more of rounds at the 15-minute default.
ROUNDS_KEPT = 100
SOURCE_COLUMNS = ("id, url, kind, interval, next_due, etag, last_modified, body_hash, last_polled, last_ok, failures,"
                  " last_error, backoff, origin")


class LeaseLost(RashomonError):
    """Another poller holds the polling lease: this one must stop writing (raised inside the write's transaction,
    so nothing of that write is kept)."""


class WatchStore:
    """What the poller reads and writes, over one ``Store``. With ``owner`` set (a poller that holds the lease),
    every write first checks, in its own transaction, that the lease is still that owner's: a poller whose lease
    was taken over stops at its next write with ``LeaseLost`` instead of writing beside the new holder."""

    def __init__(self, store: Store, owner: str | None = None) -> None:
        self.store = store
        self._db = store._db
        self.dialect = store.dialect
        self.owner = owner

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A write transaction, refused (``LeaseLost``) when another poller now holds the lease (which no poller
        can take over until this transaction ends)."""
        with self.store.transaction() as db:
            if self.owner is not None:
                self.store._lock(db, "lease")
                row = db.execute("SELECT owner, expires FROM watch_lease WHERE name = 'poller'").fetchone()
                if row is None or row[0] != self.owner:
                    holder = f"{row[0]} until {row[1]}" if row else "nobody (it was released)"
                    raise LeaseLost(f"the polling lease is no longer this poller's (held by {holder})")
            yield db

    # --- sources ------------------------------------------------------------------------------

    def add_source(self, url: str, kind: str, interval: float, origin: str = "cli",
                   due: str | None = None) -> WatchedSource:
        """Watch ``url`` (a second add of the same URL changes its kind and interval, keeping its state)."""
        with self.store.transaction() as db:
            db.execute("INSERT INTO watch_sources (url, kind, interval, next_due, origin, added_at)"
                       " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET kind = excluded.kind,"
                       " interval = excluded.interval", (url, kind, interval, due or _now(), origin, _now()))
        found = self.source(url)
        assert found is not None
        return found

    def source(self, id_or_url: str | int) -> WatchedSource | None:
        by_id = isinstance(id_or_url, int) or str(id_or_url).isdigit()
        row = self._db.execute(f"SELECT {SOURCE_COLUMNS} FROM watch_sources WHERE {'id' if by_id else 'url'} = ?",
                               (int(id_or_url) if by_id else id_or_url,)).fetchone()
        return _source(row) if row else None

    def remove_source(self, id_or_url: str | int) -> bool:
        """Stop watching a source (its articles and developments stay)."""
        found = self.source(id_or_url)
        if found is None:
            return False
        with self.store.transaction() as db:
            db.execute("DELETE FROM watch_items WHERE source_id = ?", (found.id,))
            db.execute("DELETE FROM watch_sources WHERE id = ?", (found.id,))
        return True

    def sources(self) -> list[WatchedSource]:
        rows = self._db.execute(f"SELECT {SOURCE_COLUMNS} FROM watch_sources ORDER BY id").fetchall()
        return [_source(r) for r in rows]

    def due(self, now: str) -> list[WatchedSource]:
        """Sources whose next poll is due at ``now``, the longest-waiting first."""
        rows = self._db.execute(f"SELECT {SOURCE_COLUMNS} FROM watch_sources WHERE next_due <= ?"
                                " ORDER BY next_due, id", (now,)).fetchall()
        return [_source(r) for r in rows]

    def next_due(self) -> str | None:
        row = self._db.execute("SELECT min(next_due) FROM watch_sources").fetchone()
        return row[0] if row else None

    def save_source(self, source: WatchedSource, first_read: Development | None = None) -> None:
        """Write a source's state after a poll (and, after its first, the development of what it read, in the same
        transaction: a round killed before it reads the source again and records it then)."""
        with self._writing() as db:
            db.execute("UPDATE watch_sources SET kind = ?, etag = ?, last_modified = ?, body_hash = ?, next_due = ?,"
                       " last_polled = ?, last_ok = ?, failures = ?, last_error = ?, backoff = ? WHERE id = ?",
                       (source.kind, source.etag, source.last_modified, source.body_hash, source.next_due,
                        source.last_polled, source.last_ok, source.failures, source.last_error, source.backoff,
                        source.id))
            if first_read is not None:
                _insert_developments(self.store, db, [first_read])

    def source_articles(self, source_id: int) -> list[str]:
        """The articles a source's entries (or its page) were stored as."""
        rows = self._db.execute("SELECT DISTINCT article_id FROM watch_items WHERE source_id = ? AND article_id IS"
                                " NOT NULL ORDER BY article_id", (source_id,)).fetchall()
        return [str(r[0]) for r in rows]

    def first_read_articles(self, article_ids: list[str]) -> set[str]:
        """Which of these articles a source's first read brought (see ``poller.first_read``)."""
        articles = self.dialect.items("d.article_ids", "a")
        rows = self._db.execute(f"SELECT DISTINCT a.value FROM developments d, {articles}"
                                f" WHERE d.kind = 'first_read' AND a.value {self.dialect.in_list}",
                                (self.dialect.list_param(article_ids),)).fetchall()
        return {str(r[0]) for r in rows}

    def settle_first_reads(self, settle: Callable[[Development, dict[int, list[str]]], Development]
                           ) -> list[Development]:
        """Complete each first read whose articles are all compared now (``settle`` gets its articles by story and
        returns it as it should read), once: its details keep its stories. Returns the first reads settled."""
        rows = self._db.execute("SELECT * FROM developments WHERE kind = 'first_read'"
                                f" AND {self.dialect.field('details', 'stories')} IS NULL ORDER BY id").fetchall()
        settled = []
        for dev in map(_development, rows):
            ids = self.dialect.list_param(list(dev.article_ids))
            if self._db.execute(f"SELECT 1 FROM watch_pending WHERE article_id {self.dialect.in_list} LIMIT 1",
                                (ids,)).fetchone():
                continue  # (a stopped round: settled when they are compared)
            by_story: dict[int, list[str]] = {}
            for article_id, story_id in self._db.execute(
                    f"SELECT article_id, story_id FROM story_articles WHERE article_id {self.dialect.in_list}"
                    " ORDER BY story_id, position", (ids,)):
                by_story.setdefault(int(story_id), []).append(str(article_id))
            dev = settle(dev, by_story)
            dev = replace(dev, details={**dev.details, "stories": sorted(by_story)})
            with self._writing() as db:
                db.execute("UPDATE developments SET summary = ?, outlets = ?, details = ? WHERE id = ?",
                           (dev.summary, json.dumps(list(dev.outlets)), json.dumps(dev.details, ensure_ascii=False),
                            dev.id))
            settled.append(dev)
        return settled

    # --- entries and articles -----------------------------------------------------------------

    def item_hash(self, source_id: int, key: str) -> str | None:
        """The hash of a feed entry as last handled (None when it was never handled)."""
        row = self._db.execute("SELECT entry_hash FROM watch_items WHERE source_id = ? AND key = ?",
                               (source_id, key)).fetchone()
        return str(row[0]) if row else None

    def item_tries(self, source_id: int, key: str) -> int:
        """How many polls in a row the entry's page could not be fetched."""
        row = self._db.execute("SELECT tries FROM watch_items WHERE source_id = ? AND key = ?",
                               (source_id, key)).fetchone()
        return int(row[0]) if row else 0

    def put_item(self, source_id: int, key: str, url: str | None, entry_hash: str, article_id: str | None,
                 tries: int = 0, *, now: str | None = None, page: EntryPage | None = None) -> None:
        """Remember an entry as handled (``entry_hash``; an empty one is read again next poll) and the failed
        fetches of its page so far; ``page``: its page was fetched at ``now`` (kept to check it again later)."""
        now = now or _now()
        checked = now if page is not None else None
        etag, modified, hints = (page.etag, page.last_modified, json.dumps(page.hints)) if page else (None, None, None)
        with self._writing() as db:
            db.execute("INSERT INTO watch_items (source_id, key, url, entry_hash, article_id, first_seen, last_seen,"
                       " tries, checked_at, page_etag, page_modified, page_hints) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                       " ?, ?) ON CONFLICT(source_id, key) DO UPDATE SET"
                       " url = excluded.url, entry_hash = excluded.entry_hash,"
                       " article_id = coalesce(excluded.article_id, watch_items.article_id),"
                       " last_seen = excluded.last_seen, tries = excluded.tries, checked_at = excluded.checked_at,"
                       " page_etag = excluded.page_etag, page_modified = excluded.page_modified,"
                       " page_hints = excluded.page_hints",
                       (source_id, key, url, entry_hash, article_id, now, now, tries, checked, etag, modified, hints))

    def pages_to_recheck(self, first_after: str, checked_before: str, limit: int) -> list[EntryPage]:
        """Pages of feed entries first seen after ``first_after`` and last fetched before ``checked_before``,
        the longest unchecked first (at most ``limit``). Entries read from the feed's own text have no page kept,
        and a page watched as a source of its own is fetched on its own schedule.

        An entry read before migration 9 kept no check time, validators or hints: its page was last fetched when the
        entry was (``last_seen``), and the hints it was read with are those of its first version's raw document
        (``legacy``: applied as that reading applied them). It was read from its page when that document is not
        the feed's own text (whose source is the feed)."""
        rows = self._db.execute(
            "SELECT i.source_id, i.key, i.url, i.article_id, i.page_etag, i.page_modified,"
            " coalesce(i.page_hints, (SELECT r.hints FROM article_versions v JOIN raw_documents r ON r.id = v.raw_id"
            "  WHERE v.article_id = i.article_id ORDER BY v.version LIMIT 1)), s.url, i.page_hints IS NULL"
            " FROM watch_items i JOIN watch_sources s ON s.id = i.source_id"
            " WHERE coalesce(i.checked_at, i.last_seen) < ? AND i.first_seen > ? AND i.article_id IS NOT NULL"
            " AND i.entry_hash != '' AND s.kind = 'feed' AND i.url NOT IN (SELECT url FROM watch_sources)"
            " AND (i.page_hints IS NOT NULL OR EXISTS (SELECT 1 FROM article_versions v JOIN raw_documents r"
            "  ON r.id = v.raw_id WHERE v.article_id = i.article_id AND v.version = 1 AND r.source != s.url))"
            " ORDER BY coalesce(i.checked_at, i.last_seen), i.source_id, i.key LIMIT ?",
            (checked_before, first_after, limit)).fetchall()
        return [EntryPage(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6] or "{}"), r[7], bool(r[8]))
                for r in rows]

    def page_checked(self, page: EntryPage, now: str, etag: str | None, last_modified: str | None) -> None:
        """An entry's page was fetched again at ``now`` (with these validators)."""
        with self._writing() as db:
            db.execute("UPDATE watch_items SET checked_at = ?, page_etag = ?, page_modified = ?"
                       " WHERE source_id = ? AND key = ?", (now, etag, last_modified, page.source_id, page.key))

    # --- rounds: what the last polling rounds did ---------------------------------------------

    def record_round(self, started: str, finished: str, outcome: str, reason: str | None, summary: str | None,
                     owner: str) -> None:
        """Record how a round ended (``ok``, ``stopped`` or ``failed`` with its reason), keeping the last
        ``ROUNDS_KEPT``. Not fenced by the lease: a round stopped because its lease was taken says so too."""
        with self.store.transaction() as db:
            db.execute("INSERT INTO watch_rounds (started_at, finished_at, outcome, reason, summary, owner)"
                       " VALUES (?, ?, ?, ?, ?, ?)", (started, finished, outcome, reason, summary, owner))
            db.execute("DELETE FROM watch_rounds WHERE id <= (SELECT max(id) FROM watch_rounds) - ?", (ROUNDS_KEPT,))

    def rounds(self, limit: int = 20) -> list[dict[str, Any]]:
        """The last rounds recorded, newest first (none before a poller has run)."""
        rows = self._db.execute("SELECT id, started_at, finished_at, outcome, reason, summary, owner"
                                " FROM watch_rounds ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [dict(r) for r in rows]

    # --- the lease: one poller at a time -----------------------------------------------------

    def take_lease(self, owner: str, now: str, expires: str) -> str | None:
        """Take (or renew) the polling lease until ``expires``, in one write transaction. None when taken; else
        the live holder, as "owner until expiry" (an expired lease, of a killed poller, is taken over)."""
        with self.store.transaction() as db:
            self.store._lock(db, "lease")
            row = db.execute("SELECT owner, expires FROM watch_lease WHERE name = 'poller'").fetchone()
            if row is not None and row[0] != owner and row[1] > now:
                return f"{row[0]} until {row[1]}"
            db.execute(upsert("watch_lease", "name", ("name", "owner", "expires"), "'poller', ?, ?"), (owner, expires))
        return None

    def release_lease(self, owner: str) -> None:
        with self.store.transaction() as db:
            db.execute("DELETE FROM watch_lease WHERE name = 'poller' AND owner = ?", (owner,))

    def item_article(self, source_id: int, key: str) -> str | None:
        """The article a feed entry was stored as, if any."""
        row = self._db.execute("SELECT article_id FROM watch_items WHERE source_id = ? AND key = ?",
                               (source_id, key)).fetchone()
        return str(row[0]) if row and row[0] else None

    def article_by_url(self, url: str) -> str | None:
        """The watched page at this URL, else an article stored at it before it was watched, if any (a feed entry's
        own text, whose versions have no URL, is not the page)."""
        row = self._db.execute("SELECT article_id FROM article_versions WHERE url = ? ORDER BY seen_at LIMIT 1",
                               (url,)).fetchone()
        if row is None:
            row = self._db.execute("SELECT id FROM articles WHERE url = ? AND id NOT IN (SELECT article_id FROM"
                                   " article_versions) ORDER BY extracted_at, id LIMIT 1", (url,)).fetchone()
        return str(row[0]) if row else None

    def article_of_raw(self, raw_id: str) -> str | None:
        row = self._db.execute("SELECT id FROM articles WHERE raw_id = ? ORDER BY id LIMIT 1", (raw_id,)).fetchone()
        if row is None:
            row = self._db.execute("SELECT article_id FROM article_versions WHERE raw_id = ? LIMIT 1",
                                   (raw_id,)).fetchone()
        return str(row[0]) if row else None

    def versions(self, article_id: str) -> list[ArticleVersion]:
        rows = self._db.execute("SELECT * FROM article_versions WHERE article_id = ? ORDER BY version",
                                (article_id,)).fetchall()
        return [_version(r) for r in rows]

    def latest_version(self, article_id: str) -> ArticleVersion | None:
        row = self._db.execute("SELECT * FROM article_versions WHERE article_id = ? ORDER BY version DESC LIMIT 1",
                               (article_id,)).fetchone()
        return _version(row) if row else None

    def add_first_version(self, article: Article, url: str | None, claimed: bool = False) -> ArticleVersion:
        """Record the stored article as version 1 (once) and mark its story to be compared."""
        version = _version_of(article, 1, url, claimed, {})
        with self._writing() as db:
            db.execute("INSERT INTO article_versions (article_id, version, raw_id, url, seen_at, title,"
                       " author, published, updated, text, claimed_update, diff)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", _version_row(version))
            db.execute("INSERT INTO watch_pending (article_id, added_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                       (article.id, _now()))
        return version

    def clustered(self, article_id: str) -> dict[str, Any] | None:
        """Where an article is in the clustering: its story's id, size, profile, names and days (None: in none)."""
        row = self._db.execute("SELECT s.id, s.size, s.profile, s.names, s.first_day, s.last_day FROM story_articles m"
                               " JOIN stories s ON s.id = m.story_id WHERE m.article_id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        return {"story_id": int(row[0]), "size": int(row[1]), "profile": json.loads(row[2]),
                "names": json.loads(row[3]), "first_day": row[4], "last_day": row[5]}

    def story_links(self, story_id: int) -> dict[str, str | None]:
        """A story's articles, each with the article it reprints (None: an original)."""
        rows = self._db.execute("SELECT article_id, reprint_of FROM story_articles WHERE story_id = ?", (story_id,))
        return {str(r[0]): r[1] for r in rows}

    def revise_article(self, article_id: str, raw: RawDocument, article: Article, claimed: bool,
                       diff: dict[str, Any], developments: list[Development],
                       refresh: Callable[[], ClusterRefresh | None] | None = None
                       ) -> tuple[ArticleVersion, list[Development]] | None:
        """The page of a stored article changed: keep the new raw document, record the new version, and
        update the article in place (same id, same story) so it is annotated and compared again; the
        fields a user corrected keep the user's value. The edit's developments, and what ``refresh`` computes
        from the article before it is updated (its reprint signature, links and story profile brought up to the
        new text), are written in the same transaction. None when the article is gone."""
        with self._writing() as db:
            row = db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return None
            if refresh is not None:
                self.store._lock(db, "stories")  # the clustering it reads stays as read until this commits
            clustering = refresh() if refresh is not None else None
            provenance = json.loads(row["provenance"])
            kept = {name: row[name] for name in ("title", "outlet", "author", "published")
                    if provenance.get(name) == "user"}
            number = int(db.execute("SELECT coalesce(max(version), 0) FROM article_versions WHERE article_id = ?",
                                    (article_id,)).fetchone()[0]) + 1
            # the URL its versions are found by (none for a feed entry's own text)
            url = db.execute("SELECT url FROM article_versions WHERE article_id = ? AND version = ?",
                             (article_id, number - 1)).fetchone()
            version = _version_of(replace(article, id=article_id, raw_id=raw.id), number,
                                  url[0] if url else row["url"], claimed, diff)
            db.execute("INSERT INTO raw_documents (id, source, locator, format, url, encoding, hints,"
                       " content, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                       (raw.id, raw.source, raw.locator, raw.format, raw.url, raw.encoding,
                        json.dumps(raw.hints, sort_keys=True), raw.content, _now()))
            db.execute("UPDATE articles SET raw_id = ?, title = ?, author = ?, published = ?, updated = ?, text = ?,"
                       " provenance = ?, extracted_at = ? WHERE id = ?",
                       (raw.id, kept.get("title", article.title), kept.get("author", article.author),
                        kept.get("published", _iso(article.published)), _iso(article.updated), article.text,
                        json.dumps({**article.provenance, **dict.fromkeys(kept, "user")}, sort_keys=True),
                        _now(), article_id))
            db.execute("DELETE FROM annotations WHERE article_id = ?", (article_id,))
            # its story is compared again (the fingerprint reads annotation times to the second: not enough here)
            db.execute("DELETE FROM analyses WHERE story_id IN (SELECT story_id FROM story_articles"
                       " WHERE article_id = ?)", (article_id,))
            db.execute("UPDATE search SET title = ?, body = ? WHERE kind = 'article' AND ref = ?",
                       (kept.get("title", article.title) or "", article.text, article_id))
            db.execute("INSERT INTO article_versions (article_id, version, raw_id, url, seen_at, title, author,"
                       " published, updated, text, claimed_update, diff) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       _version_row(version))
            db.execute("INSERT INTO watch_pending (article_id, added_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                       (article_id, _now()))
            if clustering is not None:
                _refresh_clustering(db, clustering)
            added = _insert_developments(self.store, db, developments)
        return version, added

    # --- stories and developments -------------------------------------------------------------

    def pending(self) -> list[str]:
        """Articles added or revised whose stories have not been compared since."""
        rows = self._db.execute("SELECT article_id FROM watch_pending ORDER BY added_at, article_id")
        return [str(r[0]) for r in rows]

    def drop_pending(self, article_ids: list[str]) -> None:
        with self._writing() as db:
            db.executemany("DELETE FROM watch_pending WHERE article_id = ?", [(a,) for a in article_ids])

    def story_state(self, story_id: int) -> tuple[str, dict[str, Any]] | None:
        row = self._db.execute("SELECT fingerprint, state FROM watch_story_state WHERE story_id = ?",
                               (story_id,)).fetchone()
        return (str(row[0]), json.loads(row[1])) if row else None

    def record_story(self, story_id: int, fingerprint: str, state: dict[str, Any], developments: list[Development],
                     done: list[str]) -> list[Development]:
        """In one transaction: the story's new state, its developments (each key once; the ones recorded now are
        returned with their ids) and the pending articles it covers."""
        with self._writing() as db:
            db.execute(upsert("watch_story_state", "story_id", ("story_id", "fingerprint", "state", "updated_at")),
                       (story_id, fingerprint, json.dumps(state, ensure_ascii=False), _now()))
            added = _insert_developments(self.store, db, developments)
            db.executemany("DELETE FROM watch_pending WHERE article_id = ?", [(a,) for a in done])
        return added

    def developments(self, *, since: str | None = None, story: int | None = None, kinds: list[str] | None = None,
                     after_id: int | None = None, limit: int | None = None, outlet: str = "", entity: str = "",
                     words: list[str] | None = None) -> list[Development]:
        """Recorded developments, newest first, filtered in SQL: by time, story, kind and id; naming an outlet or an
        entity (part of a name, case folded as Python folds it); with every one of ``words`` in the summary."""
        where, params = ["1 = 1"], []  # type: tuple[list[str], list[Any]]
        if since:
            where.append("created_at >= ?")
            params.append(since)
        if story is not None:
            where.append("story_id = ?")
            params.append(story)
        if kinds:
            where.append(f"kind {self.dialect.in_list}")
            params.append(self.dialect.list_param(kinds))
        if after_id is not None:
            where.append("id > ?")
            params.append(after_id)
        for column, wanted in (("outlets", outlet), ("entities", entity)):
            if wanted.strip():
                where.append(f"EXISTS (SELECT 1 FROM {self.dialect.items(column, 'j')}"
                             f" WHERE {self.dialect.contains('j.value')})")
                params.append(wanted.strip().casefold())
        for word in words or []:
            where.append(self.dialect.contains("summary"))
            params.append(word.casefold())
        page = f" LIMIT {int(limit)}" if limit is not None else ""
        rows = self._db.execute("SELECT * FROM developments WHERE " + " AND ".join(where)
                                + " ORDER BY created_at DESC, id DESC" + page, params).fetchall()
        return [_development(r) for r in rows]

    def undelivered(self, limit: int = 500) -> list[Development]:
        rows = self._db.execute("SELECT * FROM developments WHERE delivered_at IS NULL ORDER BY id LIMIT ?",
                                (limit,)).fetchall()
        return [_development(r) for r in rows]

    def mark_all_delivered(self) -> None:
        """Developments recorded while no webhook is set are not sent when one is set later."""
        with self._writing() as db:
            db.execute("UPDATE developments SET delivered_at = ? WHERE delivered_at IS NULL", (_now(),))

    def mark_delivered(self, ids: list[int]) -> None:
        with self._writing() as db:
            db.executemany("UPDATE developments SET delivered_at = ? WHERE id = ?", [(_now(), i) for i in ids])


def _insert_developments(store: Store, db: Connection, developments: list[Development]) -> list[Development]:
    """Record the developments whose key is new; those, with their ids."""
    added = []
    for dev in developments:
        now = _now()
        new_id = store._insert_id(
            db, "INSERT INTO developments (key, kind, story_id, article_ids, outlets, entities, summary, details,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (dev.key, dev.kind, dev.story_id, json.dumps(list(dev.article_ids)), json.dumps(list(dev.outlets)),
             json.dumps(list(dev.entities)), dev.summary, json.dumps(dev.details, ensure_ascii=False), now))
        if new_id is not None:
            added.append(replace(dev, id=new_id, created_at=now))
    return added


def _refresh_clustering(db: Connection, refresh: ClusterRefresh) -> None:
    """Write an edited article's clustering as its new text gives it (see ``watch.refresh``), as a change of the
    clustering state: its generation moves on, so a clustering run computed from the state before is redone."""
    row = db.execute("SELECT value FROM cluster_meta WHERE key = 'generation'").fetchone()
    db.execute(upsert("cluster_meta", "key", ("key", "value"), "'generation', ?"),
               (json.dumps(int(json.loads(row[0])) + 1 if row else 1),))
    db.execute("UPDATE reprint_signatures SET signature = ? WHERE article_id = ?",
               (refresh.signature, refresh.article_id))
    db.execute("UPDATE stories SET profile = ?, names = ?, first_day = ?, last_day = ?, updated_at = ? WHERE id = ?",
               (json.dumps(refresh.profile), json.dumps(refresh.names), refresh.first_day, refresh.last_day, _now(),
                refresh.story_id))
    db.executemany("INSERT INTO cluster_terms (term, df) VALUES (?, 1)"
                   " ON CONFLICT (term) DO UPDATE SET df = cluster_terms.df + 1",
                   [(term,) for term, change in refresh.df.items() if change > 0])
    db.executemany("UPDATE cluster_terms SET df = CASE WHEN df > 1 THEN df - 1 ELSE 0 END WHERE term = ?",
                   [(term,) for term, change in refresh.df.items() if change < 0])
    db.executemany("UPDATE story_articles SET reprint_of = ?, reprint_containment = ? WHERE article_id = ?",
                   [(original, value, member) for member, (original, value) in refresh.links.items()])


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def now_iso(moment: float | None = None) -> str:
    """An instant as the watch tables store it (ISO 8601, UTC, seconds)."""
    when = datetime.now(UTC) if moment is None else datetime.fromtimestamp(moment, UTC)
    return when.isoformat(timespec="seconds")


def _version_of(article: Article, number: int, url: str | None, claimed: bool, diff: dict[str, Any]) -> ArticleVersion:
    return ArticleVersion(article.id, number, article.raw_id or article.id, _now(), article.text, article.title,
                          article.author, _iso(article.published), _iso(article.updated), url, claimed, diff)


def _version_row(v: ArticleVersion) -> tuple[Any, ...]:
    return (v.article_id, v.version, v.raw_id, v.url, v.seen_at, v.title, v.author, v.published, v.updated, v.text,
            int(v.claimed_update), json.dumps(v.diff, ensure_ascii=False))


def _source(row: Any) -> WatchedSource:
    return WatchedSource(**dict(row))


def _version(row: Any) -> ArticleVersion:
    data = dict(row)
    return ArticleVersion(data["article_id"], data["version"], data["raw_id"], data["seen_at"], data["text"],
                          data["title"], data["author"], data["published"], data["updated"], data["url"],
                          bool(data["claimed_update"]), json.loads(data["diff"]))


def _development(row: Any) -> Development:
    data = dict(row)
    return Development(data["key"], data["kind"], data["summary"], data["story_id"],
                       tuple(json.loads(data["article_ids"])), tuple(json.loads(data["outlets"])),
                       tuple(json.loads(data["entities"])), json.loads(data["details"]), data["id"],
                       data["created_at"])
