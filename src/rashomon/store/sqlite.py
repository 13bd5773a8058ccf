"""SQLite store: one file, WAL journal, numbered migrations, one transaction per document."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rashomon.errors import StoreError
from rashomon.models import Article, Correction, IngestFailure, Published, RawDocument
from rashomon.records import Annotation

# Each migration runs once, in order, inside a transaction; append, never edit.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE raw_documents (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        locator TEXT,
        format TEXT NOT NULL,
        url TEXT,
        encoding TEXT,
        hints TEXT NOT NULL DEFAULT '{}',
        content BLOB NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        raw_id TEXT NOT NULL REFERENCES raw_documents(id),
        source TEXT NOT NULL,
        locator TEXT,
        title TEXT,
        outlet TEXT,
        author TEXT,
        published TEXT,
        url TEXT,
        language TEXT,
        text TEXT NOT NULL,
        provenance TEXT NOT NULL DEFAULT '{}',
        extracted_at TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE TABLE ingest_errors (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        locator TEXT,
        stage TEXT NOT NULL,
        kind TEXT NOT NULL,
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    """,
    # 2: annotations, one row per article; spans and records as JSON (see rashomon.records).
    """
    CREATE TABLE annotations (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        status TEXT NOT NULL,
        problems TEXT NOT NULL DEFAULT '[]',
        data TEXT NOT NULL,
        annotated_at TEXT NOT NULL
    );
    CREATE INDEX annotations_version ON annotations(version);
    """,
    # 3: stories. The clusterer's state (story profiles, term document frequencies, reprint
    # signatures) is stored so the next run places new articles without re-clustering the archive.
    """
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT,
        storyline_id INTEGER,
        first_day TEXT,
        last_day TEXT,
        size INTEGER NOT NULL,
        profile TEXT NOT NULL,
        names TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX stories_storyline ON stories(storyline_id);
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id INTEGER NOT NULL,
        reprint_of TEXT,
        reprint_containment REAL,
        position INTEGER NOT NULL,
        reason TEXT NOT NULL,
        assigned_at TEXT NOT NULL
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);
    CREATE TABLE cluster_terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
    CREATE TABLE cluster_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE reprint_signatures (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        signature BLOB NOT NULL
    );
    """,
    # 4: stored comparisons (one per story, valid while its fingerprint matches: members, reprint links,
    # annotations and similarity backend) and the full-text index over articles and compared facts.
    """
    CREATE TABLE analyses (
        story_id INTEGER PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        data TEXT NOT NULL,
        analyzed_at TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE search USING fts5(
        kind UNINDEXED, ref UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO search (kind, ref, title, body) SELECT 'article', id, coalesce(title, ''), text FROM articles;
    """,
    # 5: sentence embeddings by (model, text) hash, so a story that grows re-encodes only its new claims.
    """
    CREATE TABLE embeddings (
        key TEXT PRIMARY KEY,
        vector BLOB NOT NULL
    );
    """,
    # 6: the last update a source states ("Updated Dec 12, 2025", dateModified), beside its first publication.
    """
    ALTER TABLE articles ADD COLUMN updated TEXT;
    """,
    # 7: watching (rashomon.watch): sources polled with conditional requests and back-off, the entries each
    # feed listed, every version of a watched article, the developments found (one row per unique key, so a
    # development is recorded once however often a round is re-run), each story's last compared state, and
    # the articles a round added or revised whose stories are still to be compared (a killed poller resumes).
    """
    CREATE TABLE watch_sources (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        interval REAL NOT NULL,
        etag TEXT,
        last_modified TEXT,
        body_hash TEXT,
        next_due TEXT NOT NULL,
        last_polled TEXT,
        last_ok TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        backoff REAL NOT NULL DEFAULT 0,
        origin TEXT NOT NULL DEFAULT 'cli',
        added_at TEXT NOT NULL
    );
    CREATE TABLE watch_items (
        source_id INTEGER NOT NULL REFERENCES watch_sources(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        url TEXT,
        entry_hash TEXT NOT NULL,
        article_id TEXT,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        PRIMARY KEY (source_id, key)
    );
    CREATE TABLE article_versions (
        article_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        raw_id TEXT NOT NULL,
        url TEXT,
        seen_at TEXT NOT NULL,
        title TEXT,
        author TEXT,
        published TEXT,
        updated TEXT,
        text TEXT NOT NULL,
        claimed_update INTEGER NOT NULL DEFAULT 0,
        diff TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (article_id, version)
    );
    CREATE INDEX article_versions_raw ON article_versions(raw_id);
    CREATE INDEX article_versions_url ON article_versions(url);
    CREATE TABLE developments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        story_id INTEGER,
        article_ids TEXT NOT NULL DEFAULT '[]',
        outlets TEXT NOT NULL DEFAULT '[]',
        entities TEXT NOT NULL DEFAULT '[]',
        summary TEXT NOT NULL,
        details TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        delivered_at TEXT
    );
    CREATE INDEX developments_created ON developments(created_at);
    CREATE INDEX developments_story ON developments(story_id);
    CREATE TABLE watch_story_state (
        story_id INTEGER PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        state TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE watch_pending (
        article_id TEXT PRIMARY KEY,
        added_at TEXT NOT NULL
    );
    """,
    # 8: how many polls in a row a feed entry's page failed to fetch (the poller gives up on it after a few, until
    # the feed changes the entry, instead of fetching a dead link every round)
    """
    ALTER TABLE watch_items ADD COLUMN tries INTEGER NOT NULL DEFAULT 0;
    """,
    # 9: a feed entry's page is fetched again while its article is recent, to catch edits the feed does not show:
    # when it was last checked, its validators for a conditional request, and what the entry said of it (the hints
    # that filled in what the page does not state, so a re-read extracts as the first read did); and the lease a
    # poller holds on the database while it polls, so two pollers never write the same version twice
    """
    ALTER TABLE watch_items ADD COLUMN checked_at TEXT;
    ALTER TABLE watch_items ADD COLUMN page_etag TEXT;
    ALTER TABLE watch_items ADD COLUMN page_modified TEXT;
    ALTER TABLE watch_items ADD COLUMN page_hints TEXT;
    CREATE TABLE watch_lease (
        name TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        expires TEXT NOT NULL
    );
    """,
    # 10: how the last polling rounds ended (ok, stopped, failed with its reason), for /watch and `watch list`.
    # IF NOT EXISTS: a poller of the first build that recorded rounds created the table itself.
    """
    CREATE TABLE IF NOT EXISTS watch_rounds (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        outcome TEXT NOT NULL,
        reason TEXT,
        summary TEXT,
        owner TEXT NOT NULL
    );
    """,
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


METADATA_COLUMNS = "id, raw_id, source, locator, title, outlet, author, published, updated, url, language"
BUSY_SECONDS = 60  # how long a writer waits for another writer's lock before giving up with a clear message


class Store:
    """A Rashomon database. ``Store(":memory:")`` for tests, ``Store("file.db")`` otherwise."""

    def __init__(self, path: str | Path = ":memory:", *, any_thread: bool = False, read_only: bool = False) -> None:
        """``any_thread``: the connection may be used (one thread at a time) from other threads than
        the one that opened it — a web request's dependency opens and closes it on pool threads.
        ``read_only``: the file is opened for reading only (it may be on read-only media or belong to someone
        else); nothing is ever written, not even a cached comparison."""
        self.path = str(path)
        self.read_only = read_only
        self._depth = 0  # open transactions (nested ones join the outermost)
        try:
            if read_only:
                self._db = _open_read_only(self.path, any_thread)
            else:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=not any_thread,
                                           timeout=BUSY_SECONDS)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:" and not read_only:
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}. Is it a Rashomon database?") from exc
        except OSError as exc:
            raise StoreError(f"cannot create database {self.path}: {exc.strerror or exc}") from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing: a failure inside leaves the database as it was. Waits up to BUSY_SECONDS for
        another writer; a database still locked, or a full disk, is a StoreError that says so. A transaction
        opened inside another is part of it (what is read inside holds until the outer one ends)."""
        if self._depth:
            self._depth += 1
            try:
                yield self._db
            finally:
                self._depth -= 1
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
            finally:
                self._depth = 0
        except sqlite3.OperationalError as exc:
            explained = self._explained(exc)
            if explained is None:
                raise
            raise explained from exc

    def _explained(self, exc: sqlite3.OperationalError) -> StoreError | None:
        """A locked database or a full disk, said plainly (None for any other error)."""
        message = str(exc)
        if _locked(exc):
            others = _processes_with_open(self.path)
            who = ("; processes that have it open: " + ", ".join(f"pid {pid} ({command})" for pid, command in others)
                   if others else "")
            return StoreError(f"database {self.path} is locked: another process (a running ingest, annotate or "
                              f"analyze, or the web app's job) has been writing to it for over {BUSY_SECONDS} s"
                              f"{who}; nothing was changed, try again when it has finished")
        if "disk is full" in message or "disk I/O" in message:
            return StoreError(f"cannot write to {self.path}: {message} (free some disk space; nothing already "
                              "stored was lost)")
        return None

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise StoreError(f"{self.path} has schema version {version}, newer than this Rashomon "
                             f"({len(MIGRATIONS)}); upgrade Rashomon")
        if self.read_only and version < len(MIGRATIONS):
            raise StoreError(f"{self.path} was made by an older Rashomon (schema {version} of {len(MIGRATIONS)}) and "
                             "is opened read-only: open it once without --read-only to bring it up to date")
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction() as db:
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")

    # --- writes -----------------------------------------------------------------------------

    def has_raw(self, raw_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM raw_documents WHERE id = ?", (raw_id,)).fetchone() is not None

    def add_document(self, raw: RawDocument, article: Article) -> bool:
        """Store a raw document and its article together; False when the content was already stored."""
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM raw_documents WHERE id = ?", (raw.id,)).fetchone():
                return False
            db.execute(
                "INSERT INTO raw_documents (id, source, locator, format, url, encoding, hints, content, ingested_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (raw.id, raw.source, raw.locator, raw.format, raw.url, raw.encoding,
                 json.dumps(raw.hints, sort_keys=True), raw.content, _now()),
            )
            db.execute(
                "INSERT INTO articles (id, raw_id, source, locator, title, outlet, author, published, updated,"
                " url, language, text, provenance, extracted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.id, raw.id, article.source, article.locator, article.title, article.outlet,
                 article.author, article.published.isoformat() if article.published else None,
                 article.updated.isoformat() if article.updated else None, article.url,
                 article.language, article.text, json.dumps(article.provenance, sort_keys=True), _now()),
            )
            db.execute("INSERT INTO search (kind, ref, title, body) VALUES ('article', ?, ?, ?)",
                       (article.id, article.title or "", article.text))
            # the input now reads: an error recorded for it on an earlier run no longer holds
            db.execute("DELETE FROM ingest_errors WHERE source = ? AND (locator IS ? OR locator IS NULL)",
                       (raw.source, raw.locator))
        return True

    def edit_article(self, article_id: str, correction: Correction) -> Article | None:
        """Set the fields a user corrected (recorded with provenance ``user``); None when there is no such
        article. Comparisons that include the article are made again: their fingerprint reads these fields."""
        with self.transaction() as db:
            row = db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return None
            article = correction.apply(_article(row))
            db.execute("UPDATE articles SET title = ?, outlet = ?, author = ?, published = ?, provenance = ? "
                       "WHERE id = ?",
                       (article.title, article.outlet, article.author,
                        article.published.isoformat() if article.published else None,
                        json.dumps(article.provenance, sort_keys=True), article.id))
            db.execute("UPDATE search SET title = ? WHERE kind = 'article' AND ref = ?",
                       (article.title or "", article.id))
        return article

    def metadata_stamps(self, ids: list[str]) -> dict[str, str]:
        """Per article, its metadata as one string (what a comparison shows of it besides the text)."""
        rows = self._db.execute("SELECT id, title, outlet, author, published, updated, url FROM articles"
                                " WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))
        return {row[0]: json.dumps(list(row)[1:]) for row in rows}

    def clear_errors(self) -> int:
        """Forget every recorded ingest error; returns how many there were."""
        with self.transaction() as db:
            return db.execute("DELETE FROM ingest_errors").rowcount

    def delete_article(self, article_id: str) -> bool:
        """Remove one article with its annotation, story membership, search entry and (when no other
        article came from it) its raw document; copies of it stop being marked as reprints. False when
        there is no such article."""
        with self.transaction() as db:
            row = db.execute("SELECT raw_id FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return False
            story = db.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
            db.execute("UPDATE story_articles SET reprint_of = NULL, reprint_containment = NULL"
                       " WHERE reprint_of = ?", (article_id,))
            db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            db.execute("DELETE FROM search WHERE kind = 'article' AND ref = ?", (article_id,))
            if not db.execute("SELECT 1 FROM articles WHERE raw_id = ?", (row[0],)).fetchone():
                db.execute("DELETE FROM raw_documents WHERE id = ?", (row[0],))
            if story is not None:
                db.execute("INSERT OR REPLACE INTO cluster_meta (key, value) VALUES ('generation', ?)",
                           (json.dumps(self._generation() + 1),))
                db.execute("UPDATE stories SET size = size - 1 WHERE id = ?", (story[0],))
                db.execute("DELETE FROM analyses WHERE story_id = ?", (story[0],))
                db.execute("DELETE FROM search WHERE kind = 'story' AND ref = ?", (str(story[0]),))
        return True

    def put_analysis(self, story_id: int, fingerprint: str, data: dict[str, Any], searchable: str) -> None:
        """Store (or replace) one story's comparison and index ``searchable`` (its facts) for search."""
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO analyses (story_id, fingerprint, data, analyzed_at)"
                       " VALUES (?, ?, ?, ?)", (story_id, fingerprint, json.dumps(data, ensure_ascii=False), _now()))
            db.execute("DELETE FROM search WHERE kind = 'story' AND ref = ?", (str(story_id),))
            db.execute("INSERT INTO search (kind, ref, title, body) VALUES ('story', ?, ?, ?)",
                       (str(story_id), data.get("title") or "", searchable))

    def add_error(self, failure: IngestFailure) -> None:
        """Record why an input failed: one row per input (and record in it); a rerun replaces the row."""
        with self.transaction() as db:
            db.execute("DELETE FROM ingest_errors WHERE source = ? AND locator IS ?", (failure.source, failure.locator))
            db.execute(
                "INSERT INTO ingest_errors (source, locator, stage, kind, reason, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (failure.source, failure.locator, failure.stage, failure.kind, failure.reason, _now()),
            )

    def put_annotation(self, annotation: Annotation) -> None:
        """Store (or replace) one article's annotation in one transaction."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO annotations (article_id, version, status, problems, data, annotated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (annotation.article_id, annotation.version, annotation.status, json.dumps(list(annotation.problems)),
                 json.dumps(annotation.to_dict(), ensure_ascii=False), _now()),
            )

    def save_clustering(self, change: dict[str, Any]) -> None:
        """Write one clustering run in one transaction (see rashomon.cluster.ClusterRun.change).

        ``change`` holds ``stories`` (rows to upsert), ``removed`` (story ids merged away),
        ``members`` (story_articles rows to upsert), ``moves`` ({article_id: story_id} for earlier
        members whose story changed), ``reprints`` ({article_id: (original_id, containment)}
        for earlier articles found to be copies), ``df`` (term → document-frequency increment),
        ``meta`` and ``signatures`` ({article_id: bytes}).

        With ``generation`` (the one ``clustering_state`` gave when the run loaded), a run made from a state
        that another writer has changed since (a user's move or merge, another run, a deleted article) is
        refused with ``ClusteringChanged`` and nothing is written: saving it would undo that change.
        """
        now = _now()
        with self.transaction() as db:
            current = self._generation()
            if "generation" in change and change["generation"] != current:
                raise ClusteringChanged(f"the stories of {self.path} changed while they were being regrouped "
                                        f"(state {change['generation']}, now {current}); run it again")
            db.execute("INSERT OR REPLACE INTO cluster_meta (key, value) VALUES ('generation', ?)",
                       (json.dumps(current + 1),))
            db.executemany("DELETE FROM stories WHERE id = ?", [(sid,) for sid in change["removed"]])
            db.executemany("DELETE FROM analyses WHERE story_id = ?", [(sid,) for sid in change["removed"]])
            db.executemany("DELETE FROM search WHERE kind = 'story' AND ref = ?",
                           [(str(sid),) for sid in change["removed"]])
            db.executemany(
                "INSERT OR REPLACE INTO stories (id, title, storyline_id, first_day, last_day, size, profile,"
                " names, updated_at) VALUES (:id, :title, :storyline_id, :first_day, :last_day, :size, :profile,"
                " :names, :now)",
                [{**row, "profile": json.dumps(row["profile"]), "names": json.dumps(row["names"]), "now": now}
                 for row in change["stories"]])
            db.executemany(
                "INSERT OR REPLACE INTO story_articles (article_id, story_id, reprint_of, reprint_containment,"
                " position, reason, assigned_at) VALUES (:article_id, :story_id, :reprint_of, :reprint_containment,"
                " :position, :reason, :now)",
                [{**row, "reason": json.dumps(row["reason"]), "now": now} for row in change["members"]])
            db.executemany("UPDATE story_articles SET story_id = ? WHERE article_id = ?",
                           [(sid, aid) for aid, sid in change["moves"].items()])
            db.executemany("UPDATE story_articles SET reason = ? WHERE article_id = ?",
                           [(json.dumps(reason), aid) for aid, reason in change.get("reasons", {}).items()])
            db.executemany("UPDATE story_articles SET reprint_of = NULL, reprint_containment = NULL"
                           " WHERE article_id = ?", [(aid,) for aid in change.get("unreprinted", [])])
            db.executemany("UPDATE story_articles SET reprint_of = ?, reprint_containment = ? WHERE article_id = ?",
                           [(orig, value, aid) for aid, (orig, value) in change["reprints"].items()])
            db.executemany("INSERT INTO cluster_terms (term, df) VALUES (?, ?)"
                           " ON CONFLICT(term) DO UPDATE SET df = df + excluded.df", list(change["df"].items()))
            db.executemany("INSERT OR REPLACE INTO cluster_meta (key, value) VALUES (?, ?)",
                           [(k, json.dumps(v)) for k, v in change["meta"].items()])
            db.executemany("INSERT OR REPLACE INTO reprint_signatures (article_id, signature) VALUES (?, ?)",
                           list(change["signatures"].items()))

    # --- reads ------------------------------------------------------------------------------

    def unclustered(self) -> list[Article]:
        """Articles not yet in a story, oldest first (undated last)."""
        rows = self._db.execute(
            "SELECT a.* FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id WHERE s.article_id IS NULL"
            " ORDER BY a.published IS NULL, a.published, a.id").fetchall()
        return [_article(r) for r in rows]

    def clustering_state(self) -> dict[str, Any]:
        """Everything the clusterer needs to go on: stories with members, frequencies, meta, signatures."""
        members: dict[int, list[str]] = {}
        reprint_of: dict[str, str] = {}
        for row in self._db.execute("SELECT article_id, story_id, reprint_of FROM story_articles"
                                    " ORDER BY story_id, position"):
            members.setdefault(row[1], []).append(row[0])
            if row[2]:
                reprint_of[row[0]] = row[2]
        stories = [{**dict(row), "profile": json.loads(row["profile"]), "names": json.loads(row["names"]),
                    "members": members.get(row["id"], [])}
                   for row in self._db.execute("SELECT * FROM stories ORDER BY id")]
        return {
            "stories": stories,
            "reprint_of": reprint_of,
            "df": dict(self._db.execute("SELECT term, df FROM cluster_terms").fetchall()),
            "meta": {k: json.loads(v) for k, v in self._db.execute("SELECT key, value FROM cluster_meta")},
            "signatures": self._db.execute("SELECT article_id, signature FROM reprint_signatures").fetchall(),
            "generation": self._generation(),
        }

    def _generation(self) -> int:
        """How many changes the stories have had: each saved clustering run or regrouping, each deletion of a
        grouped article (what ``save_clustering`` checks a run against)."""
        row = self._db.execute("SELECT value FROM cluster_meta WHERE key = 'generation'").fetchone()
        return int(json.loads(row[0])) if row else 0

    def article_text(self, article_id: str) -> str | None:
        row = self._db.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        return str(row[0]) if row else None

    def article_titles(self, ids: list[str]) -> dict[str, tuple[str | None, str]]:
        """{id: (title, first 400 characters of text)} for these articles."""
        rows = self._db.execute("SELECT id, title, substr(text, 1, 400) FROM articles"
                                " WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)).fetchall()
        return {row[0]: (row[1], row[2]) for row in rows}

    def stories(self, ids: list[int] | None = None, storyline: int | None = None) -> list[dict[str, Any]]:
        """Stories with their members (story_articles rows joined with article metadata): every story,
        those with these ids, or those of one storyline."""
        where, params = "", ()  # type: tuple[str, tuple[Any, ...]]
        if ids is not None:
            where, params = " WHERE s.id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)
        elif storyline is not None:
            where, params = " WHERE s.storyline_id = ?", (storyline,)
        rows = self._db.execute(
            "SELECT s.id, s.title, s.storyline_id, s.first_day, s.last_day, s.names, m.article_id, m.reprint_of,"
            " m.reprint_containment, m.reason, a.title AS article_title, a.outlet, a.published, a.url, a.source"
            " FROM stories s JOIN story_articles m ON m.story_id = s.id JOIN articles a ON a.id = m.article_id"
            + where + " ORDER BY s.id, a.published IS NULL, a.published, m.position", params).fetchall()
        found: dict[int, dict[str, Any]] = {}
        for row in rows:
            story = found.setdefault(row["id"], {
                "id": row["id"], "title": row["title"], "storyline_id": row["storyline_id"],
                "first_day": row["first_day"], "last_day": row["last_day"], "names": json.loads(row["names"]),
                "articles": []})
            story["articles"].append({
                "id": row["article_id"], "title": row["article_title"], "outlet": row["outlet"],
                "published": row["published"], "url": row["url"], "source": row["source"],
                "reprint_of": row["reprint_of"], "reprint_containment": row["reprint_containment"],
                "reason": json.loads(row["reason"])})
        return list(found.values())

    def story_index(self, since: str = "", until: str = "", outlet: str = "",
                    with_names: bool = False) -> list[dict[str, Any]]:
        """One row per story that has members, without them: ``id``, ``storyline_id``, ``first_published``,
        ``last_published`` and (``with_names``) ``names``, its JSON text; aggregated in SQL. Only the stories
        with coverage on or after ``since`` and on or before ``until`` (days, YYYY-MM-DD) and those ``outlet``
        covered, when given. A story list orders and pages these, then reads the members of the stories it shows."""
        having: list[str] = []
        params: list[str] = []
        if since:
            having.append("substr(MAX(NULLIF(a.published, '')), 1, 10) >= ?")
            params.append(since)
        if until:
            having.append("substr(MIN(NULLIF(a.published, '')), 1, 10) <= ?")
            params.append(until)
        if outlet:
            having.append("MAX(a.outlet = ?)")
            params.append(outlet)
        rows = self._db.execute(
            "SELECT s.id, s.storyline_id" + (", s.names" if with_names else "")
            + ", MIN(NULLIF(a.published, '')) AS first_published,"
            " MAX(NULLIF(a.published, '')) AS last_published"
            " FROM stories s JOIN story_articles m ON m.story_id = s.id JOIN articles a ON a.id = m.article_id"
            " GROUP BY s.id" + (" HAVING " + " AND ".join(having) if having else ""), params).fetchall()
        return [dict(row) for row in rows]

    def story_count(self) -> int:
        """How many stories have members."""
        return int(self._db.execute("SELECT COUNT(DISTINCT m.story_id) FROM story_articles m"
                                    " JOIN stories s ON s.id = m.story_id").fetchone()[0])

    def story_outlets(self) -> list[str]:
        """The outlets of the articles in stories."""
        # each outlet (from its index) is kept at its first article in a story, not looked up per article
        rows = self._db.execute(
            "SELECT o.outlet FROM (SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL AND outlet != '') o"
            " WHERE EXISTS (SELECT 1 FROM articles a JOIN story_articles m ON m.article_id = a.id"
            " JOIN stories s ON s.id = m.story_id WHERE a.outlet = o.outlet)")
        return [str(row[0]) for row in rows]

    def stories_of(self, article_ids: list[str]) -> list[int]:
        """The ids of the stories these articles are in."""
        rows = self._db.execute("SELECT DISTINCT story_id FROM story_articles"
                                " WHERE article_id IN (SELECT value FROM json_each(?))", (json.dumps(article_ids),))
        return sorted(int(row[0]) for row in rows)

    def analysis_digests(self, story_ids: list[int]) -> dict[int, tuple[str, dict[str, Any]]]:
        """Per story with a stored comparison: its fingerprint and what a story list shows of it (fact, shared
        fact and conflict counts, the brief's first sentence), read in SQL without loading the comparison."""
        rows = self._db.execute(
            "SELECT story_id, fingerprint, json_array_length(data, '$.facts'),"
            " (SELECT COUNT(*) FROM json_each(data, '$.facts') f"
            "  WHERE json_extract(f.value, '$.independent_sources') >= 2),"
            " json_array_length(data, '$.conflicts'), json_extract(data, '$.brief[0].text')"
            " FROM analyses WHERE story_id IN (SELECT value FROM json_each(?))", (json.dumps(story_ids),))
        return {int(row[0]): (str(row[1]), {"fact_count": row[2], "shared_fact_count": row[3],
                                            "conflict_count": row[4], "brief": row[5]}) for row in rows}

    def analysis(self, story_id: int) -> tuple[str, dict[str, Any]] | None:
        """The stored comparison of a story and the fingerprint it was made for, if any."""
        row = self._db.execute("SELECT fingerprint, data FROM analyses WHERE story_id = ?", (story_id,)).fetchone()
        return (str(row[0]), json.loads(row[1])) if row else None

    def embeddings(self, keys: list[str]) -> dict[str, bytes]:
        """The stored embedding vectors (raw float32 bytes) of those ``keys`` that have one."""
        rows = self._db.execute("SELECT key, vector FROM embeddings WHERE key IN (SELECT value FROM json_each(?))",
                                (json.dumps(keys),))
        return {str(row[0]): bytes(row[1]) for row in rows}

    def put_embeddings(self, vectors: dict[str, bytes]) -> None:
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO embeddings (key, vector) VALUES (?, ?)", vectors.items())

    def annotation_stamps(self, ids: list[str]) -> dict[str, str]:
        """{article id: "version/annotated_at"} for the annotated ones among ``ids``."""
        rows = self._db.execute("SELECT article_id, version, annotated_at FROM annotations"
                                " WHERE article_id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))
        return {row[0]: f"{row[1]}/{row[2]}" for row in rows}

    def search(self, query: str, limit: int = 200) -> list[dict[str, Any]]:
        """Full-text search over article titles and texts and compared facts, best first: rows with
        ``kind`` (article | story), ``ref`` (article id or story id), ``story_id`` and a ``snippet``
        whose matches are wrapped in \x02 … \x03 (the caller escapes, then marks them)."""
        match = fts_query(query)
        if not match:
            return []
        rows = self._db.execute(
            "SELECT s.kind, s.ref, snippet(search, 3, char(2), char(3), '…', 14) AS snippet,"
            " CASE s.kind WHEN 'story' THEN CAST(s.ref AS INTEGER) ELSE m.story_id END AS story_id"
            " FROM search s LEFT JOIN story_articles m ON s.kind = 'article' AND m.article_id = s.ref"
            " WHERE search MATCH ? ORDER BY rank LIMIT ?", (match, limit)).fetchall()
        return [dict(row) for row in rows]

    def annotation(self, article_id: str) -> Annotation | None:
        row = self._db.execute("SELECT data FROM annotations WHERE article_id = ?", (article_id,)).fetchone()
        return Annotation.from_dict(json.loads(row[0])) if row else None

    def articles_from_raw(self, raw_ids: list[str]) -> list[Article]:
        """The articles extracted from these raw documents, in the order given."""
        found: list[Article] = []
        for raw_id in dict.fromkeys(raw_ids):
            rows = self._db.execute("SELECT * FROM articles WHERE raw_id = ? ORDER BY id", (raw_id,)).fetchall()
            found += [_article(r) for r in rows]
        return found

    def unannotated(self, version: int, ids: list[str] | None = None) -> list[Article]:
        """Articles with no annotation at ``version`` (all of them, or those among ``ids``)."""
        query = ("SELECT a.* FROM articles a LEFT JOIN annotations n ON n.article_id = a.id AND n.version = ?"
                 " WHERE n.article_id IS NULL")
        params: tuple[Any, ...] = (version,)
        if ids is not None:  # filtered in SQL: annotating one article must not load the whole archive
            query += " AND a.id IN (SELECT value FROM json_each(?))"
            params += (json.dumps(ids),)
        return [_article(r) for r in self._db.execute(query + " ORDER BY a.id", params).fetchall()]

    def articles(self, outlet: str | None = None, *, offset: int = 0, limit: int | None = None,
                 with_text: bool = True) -> list[Article]:
        """Every article (or those of one outlet), oldest first, undated last; ``offset``/``limit`` page in
        SQL, and ``with_text=False`` leaves the texts and provenance unread (empty in the records)."""
        where, params = _of_outlet(outlet)
        columns = "*" if with_text else f"{METADATA_COLUMNS}, '' AS text, '{{}}' AS provenance"
        page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
        rows = self._db.execute(f"SELECT {columns} FROM articles" + where
                                + " ORDER BY published IS NULL, published, id" + page, params).fetchall()
        return [_article(r) for r in rows]

    def count_articles(self, outlet: str | None = None) -> int:
        where, params = _of_outlet(outlet)
        return int(self._db.execute("SELECT COUNT(*) FROM articles" + where, params).fetchone()[0])

    def outlet_counts(self) -> dict[str, int]:
        """{outlet: number of articles} for the articles that have an outlet."""
        return dict(self._db.execute("SELECT outlet, COUNT(*) FROM articles WHERE outlet IS NOT NULL GROUP BY outlet"))

    def article_story(self, article_id: str) -> int | None:
        """The id of the story this article is in, if it has been clustered."""
        row = self._db.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
        return int(row[0]) if row else None

    def article(self, id_or_prefix: str) -> Article | None:
        """The article with this id, or the only one whose id starts with it."""
        found = self.articles_by_prefix(id_or_prefix, limit=2)
        return found[0] if len(found) == 1 else None

    def articles_by_prefix(self, id_or_prefix: str, limit: int = 20) -> list[Article]:
        """The articles whose id starts with this (the one with exactly this id alone, when there is one)."""
        exact = self._db.execute("SELECT * FROM articles WHERE id = ?", (id_or_prefix,)).fetchone()
        if exact is not None:
            return [_article(exact)]
        rows = self._db.execute("SELECT * FROM articles WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?",
                                (_like_prefix(id_or_prefix), limit)).fetchall()
        return [_article(row) for row in rows]

    def raw_content(self, raw_id: str) -> bytes | None:
        row = self._db.execute("SELECT content FROM raw_documents WHERE id = ?", (raw_id,)).fetchone()
        return bytes(row[0]) if row else None

    def errors(self) -> list[IngestFailure]:
        rows = self._db.execute("SELECT * FROM ingest_errors ORDER BY id").fetchall()
        return [IngestFailure(r["source"], r["stage"], r["reason"], r["locator"], r["kind"]) for r in rows]

    def counts(self) -> dict[str, int]:
        return {table: int(self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
                for table in ("raw_documents", "articles", "ingest_errors", "annotations", "stories", "analyses")}


class ClusteringChanged(StoreError):
    """A clustering run or regrouping was made from stories that another writer changed since it read them."""


def fts_query(text: str) -> str:
    """A user's search words as an FTS5 query: every word must occur (prefix match on the last one);
    operators and punctuation in the input are treated as plain text, never as query syntax."""
    words = [w for w in re.findall(r"\w+", text.casefold()) if w]
    if not words:
        return ""
    terms = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
    return " ".join(terms)


def _like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _published(value: str | None) -> Published | None:
    if not value:
        return None
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


def _locked(exc: sqlite3.OperationalError) -> bool:
    """Whether SQLite refused because another connection holds the database."""
    return "locked" in str(exc) or "busy" in str(exc)


def _processes_with_open(path: str, limit: int = 5) -> list[tuple[int, str]]:
    """Other processes that have the database (or its -wal/-shm files) open, with their command lines, as far
    as /proc lets this user see (an empty list elsewhere)."""
    if path == ":memory:" or not Path("/proc").is_dir():
        return []
    wanted = {str(Path(path + suffix).resolve()) for suffix in ("", "-wal", "-shm", "-journal")}
    found: list[tuple[int, str]] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if any(os.readlink(fd) in wanted for fd in (entry / "fd").iterdir()):
                words = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").split()
                found.append((int(entry.name), " ".join(words[:4])[:120]))
        except OSError:  # gone, or not ours to look at
            continue
        if len(found) >= limit:
            break
    return found


def _open_read_only(path: str, any_thread: bool) -> sqlite3.Connection:
    """A connection that can only read. A database on read-only media (no -wal/-shm files can be made beside it)
    is opened as immutable."""
    if path == ":memory:" or not Path(path).is_file():
        raise StoreError(f"no database at {path} to open read-only")
    uri = Path(path).resolve().as_uri()
    for mode in ("?mode=ro", "?mode=ro&immutable=1"):
        connection = sqlite3.connect(uri + mode, uri=True, isolation_level=None, check_same_thread=not any_thread,
                                     timeout=BUSY_SECONDS)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return connection
        except sqlite3.OperationalError as exc:
            connection.close()
            if _locked(exc):  # a writer is at work: immutable reads could be torn
                raise StoreError(f"database {path} is locked by a writer; try again when it has finished") from exc
    raise StoreError(f"cannot read the database {path} (read-only): check that the file and its folder are readable")


def _of_outlet(outlet: str | None) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause (and its parameters) choosing one outlet's articles, or all of them."""
    return ("", ()) if outlet is None else (" WHERE outlet = ?", (outlet,))


def _article(row: sqlite3.Row) -> Article:
    data: dict[str, Any] = dict(row)
    return Article(
        id=data["id"], raw_id=data["raw_id"], source=data["source"], locator=data["locator"],
        title=data["title"], outlet=data["outlet"], author=data["author"],
        published=_published(data["published"]), updated=_published(data.get("updated")), url=data["url"],
        language=data["language"],
        text=data["text"], provenance=json.loads(data["provenance"]),
    )
