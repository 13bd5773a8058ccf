"""The store: one class with every query, over a backend chosen by where the database is.

``Store("news.db")`` (or ``":memory:"``) is SQLite (``rashomon.store.sqlite``), ``Store("postgresql://user@host/db")``
is PostgreSQL (``rashomon.store.postgres``); both are ``Store``s, so every caller is the same for either. The logic
(transactions, migrations, the writes here and the reads in ``reads.py``) is written once; a backend supplies its
connection, its SQL ``Dialect``, its full-text search and how its errors are explained."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar, Protocol

from rashomon.errors import StoreError
from rashomon.models import Article, Correction, IngestFailure, RawDocument
from rashomon.records import Annotation
from rashomon.store.dialect import Connection, Dialect, upsert
from rashomon.store.reads import Reads, article_row, now
from rashomon.store.schema import statements

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_url(location: str | Path) -> bool:
    """Whether a ``--db`` value names a PostgreSQL database rather than an SQLite file."""
    return str(location).startswith(POSTGRES_SCHEMES)


class ClusteringChanged(StoreError):
    """A clustering run or regrouping was made from stories that another writer changed since it read them."""


class _Search(Protocol):
    def __call__(self, query: str, limit: int = 200) -> list[dict[str, Any]]: ...


class Store(Reads):
    """A Rashomon database. ``Store(":memory:")`` for tests, ``Store("file.db")`` for an SQLite file,
    ``Store("postgresql://user@host/dbname")`` for a PostgreSQL database shared by many processes.

    ``any_thread``: the connection may be used (one thread at a time) from other threads than the one that opened
    it — a web request's dependency opens and closes it on pool threads. ``read_only``: nothing is ever written, not
    even a cached comparison (an SQLite file may be on read-only media or belong to someone else)."""

    migrations: ClassVar[tuple[str, ...]]
    dialect: ClassVar[Dialect]
    driver_errors: ClassVar[tuple[type[Exception], ...]]  # the errors ``_explained`` may turn into a StoreError
    begin: ClassVar[str] = "BEGIN"

    def __new__(cls, location: str | Path = ":memory:", **options: Any) -> Store:
        if cls is Store:  # Store(x): the backend x names
            cls = backend_for(location)
        return super().__new__(cls)

    def __init__(self, location: str | Path = ":memory:", *, any_thread: bool = False, read_only: bool = False) -> None:
        self.location = str(location)
        self.path = self.location  # what messages name (a URL without its password)
        self.read_only = read_only
        self._depth = 0  # open transactions (nested ones join the outermost)
        self._db: Connection = self._connect(any_thread)
        try:
            self._migrate()
        except StoreError:
            self.close()
            raise
        except self.driver_errors as exc:
            self.close()
            raise self._unusable(exc) from exc

    # --- what a backend supplies ----------------------------------------------------------------
    # Declared here, defined by each backend (sqlite.py, postgres.py); ``Store(x)`` always makes one of those.

    _connect: Callable[[bool], Connection]  # (any_thread) the connection; a StoreError saying what to do if none
    close: Callable[[], None]
    _rollback: Callable[[], None]  # undo the open transaction, if the database still has one
    _unusable: Callable[[Exception], StoreError]  # the database opened but cannot be read or migrated
    # a locked database, a full disk or a lost connection, said plainly (None for any other error)
    _explained: Callable[[Exception], StoreError | None]
    _read_version: Callable[[], int]
    _write_version: Callable[[Connection, int], None]
    # (db, name) inside a write transaction: wait until no other writer holds ``name`` (``stories``: the clustering
    # state; ``lease``: the polling lease; ``migrate``), so what is read next stays true until the commit
    _lock: Callable[[Connection, str], None]
    # (db, sql, parameters) run an ``INSERT ... ON CONFLICT DO NOTHING`` into a table with an automatic ``id``: the
    # new row's id, None when nothing was inserted
    _insert_id: Callable[[Connection, str, tuple[Any, ...]], int | None]
    # (query, limit) full-text search over article titles and texts and compared facts, best first: rows with
    # ``kind`` (article | story), ``ref`` (article id or story id), ``story_id`` and a ``snippet`` whose matches
    # are wrapped in \x02 … \x03 (the caller escapes, then marks them)
    search: _Search

    def _reset_ids(self, db: Connection) -> None:
        """After rows were copied in with their ids (``copy.py``): new rows get ids after theirs (SQLite's
        automatic ids do so by themselves)."""

    # --- life, transactions, migrations ---------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """All-or-nothing: a failure inside leaves the database as it was. A database locked by another writer
        for too long, a full disk or a lost connection is a StoreError that says so. A transaction opened inside
        another is part of it (what is read inside holds until the outer one ends)."""
        if self._depth:
            self._depth += 1
            try:
                yield self._db
            finally:
                self._depth -= 1
            return
        try:
            self._db.execute(self.begin)
            self._depth = 1
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
            finally:
                self._depth = 0
        except self.driver_errors as exc:
            explained = self._explained(exc)
            if explained is None:
                raise
            raise explained from exc

    @property
    def schema_version(self) -> int:
        return self._read_version()

    def _migrate(self) -> None:
        """Bring the schema up to date, one numbered migration per transaction. Each re-reads the version under
        the ``migrate`` lock: processes opening a new database at once run each migration once."""
        version, latest = self.schema_version, len(self.migrations)
        if version > latest:
            raise StoreError(f"{self.path} has schema version {version}, newer than this Rashomon "
                             f"({latest}); upgrade Rashomon")
        if self.read_only and version < latest:
            raise StoreError(f"{self.path} was made by an older Rashomon (schema {version} of {latest}) and "
                             "is opened read-only: open it once without --read-only to bring it up to date")
        while version < latest:
            with self.transaction() as db:
                self._lock(db, "migrate")
                version = self.schema_version
                if version < latest:
                    for statement in statements(self.migrations[version]):
                        db.execute(statement)
                    version += 1
                    self._write_version(db, version)

    # What the clusterer reads. Inside a write transaction the stories are first locked until it ends, so what a
    # run reads there cannot change before it is saved (SQLite's one writer gives this by itself; a PostgreSQL
    # writer must wait for it).

    def unclustered(self) -> list[Article]:
        if self._depth:
            self._lock(self._db, "stories")
        return super().unclustered()

    def unclustered_ids(self) -> list[str]:
        if self._depth:
            self._lock(self._db, "stories")
        return super().unclustered_ids()

    def clustering_state(self) -> dict[str, Any]:
        if self._depth:
            self._lock(self._db, "stories")
        return super().clustering_state()

    # --- writes ---------------------------------------------------------------------------------

    def has_raw(self, raw_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM raw_documents WHERE id = ?", (raw_id,)).fetchone() is not None

    def add_document(self, raw: RawDocument, article: Article) -> bool:
        """Store a raw document and its article together; False when the content was already stored (also when
        another process stores the same content at the same moment: the second insert finds the first's row)."""
        with self.transaction() as db:
            inserted = db.execute(
                "INSERT INTO raw_documents (id, source, locator, format, url, encoding, hints, content, ingested_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (raw.id, raw.source, raw.locator, raw.format, raw.url, raw.encoding,
                 json.dumps(raw.hints, sort_keys=True), raw.content, now()),
            ).rowcount
            if not inserted:
                return False
            db.execute(
                "INSERT INTO articles (id, raw_id, source, locator, title, outlet, author, published, updated,"
                " url, language, text, provenance, extracted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.id, raw.id, article.source, article.locator, article.title, article.outlet,
                 article.author, article.published.isoformat() if article.published else None,
                 article.updated.isoformat() if article.updated else None, article.url,
                 article.language, article.text, json.dumps(article.provenance, sort_keys=True), now()),
            )
            db.execute("INSERT INTO search (kind, ref, title, body) VALUES ('article', ?, ?, ?)",
                       (article.id, article.title or "", article.text))
            # the input now reads: an error recorded for it on an earlier run no longer holds
            db.execute(f"DELETE FROM ingest_errors WHERE source = ? AND (locator {self.dialect.same_as} ?"
                       " OR locator IS NULL)", (raw.source, raw.locator))
        return True

    def edit_article(self, article_id: str, correction: Correction) -> Article | None:
        """Set the fields a user corrected (recorded with provenance ``user``); None when there is no such
        article. Comparisons that include the article are made again: their fingerprint reads these fields."""
        with self.transaction() as db:
            row = db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return None
            article = correction.apply(article_row(row))
            db.execute("UPDATE articles SET title = ?, outlet = ?, author = ?, published = ?, provenance = ? "
                       "WHERE id = ?",
                       (article.title, article.outlet, article.author,
                        article.published.isoformat() if article.published else None,
                        json.dumps(article.provenance, sort_keys=True), article.id))
            db.execute("UPDATE search SET title = ? WHERE kind = 'article' AND ref = ?",
                       (article.title or "", article.id))
        return article

    def clear_errors(self) -> int:
        """Forget every recorded ingest error; returns how many there were."""
        with self.transaction() as db:
            return db.execute("DELETE FROM ingest_errors").rowcount

    def delete_article(self, article_id: str) -> bool:
        """Remove one article with its annotation, story membership, search entry and (when no other
        article came from it) its raw document; copies of it stop being marked as reprints. False when
        there is no such article. The stories' generation moves on, so a clustering run that read the article
        before it was deleted is refused, not saved with it."""
        with self.transaction() as db:
            row = db.execute("SELECT raw_id FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return False
            self._lock(db, "stories")  # before any row changes: a clustering run being saved is waited for, whole
            story = db.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
            db.execute("UPDATE story_articles SET reprint_of = NULL, reprint_containment = NULL"
                       " WHERE reprint_of = ?", (article_id,))
            db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            db.execute("DELETE FROM search WHERE kind = 'article' AND ref = ?", (article_id,))
            if not db.execute("SELECT 1 FROM articles WHERE raw_id = ?", (row[0],)).fetchone():
                db.execute("DELETE FROM raw_documents WHERE id = ?", (row[0],))
            db.execute(upsert("cluster_meta", "key", ("key", "value"), "'generation', ?"),
                       (json.dumps(self._generation() + 1),))
            if story is not None:
                db.execute("UPDATE stories SET size = size - 1 WHERE id = ?", (story[0],))
                db.execute("DELETE FROM analyses WHERE story_id = ?", (story[0],))
                db.execute("DELETE FROM search WHERE kind = 'story' AND ref = ?", (str(story[0]),))
        return True

    def put_analysis(self, story_id: int, fingerprint: str, data: dict[str, Any], searchable: str) -> None:
        """Store (or replace) one story's comparison and index ``searchable`` (its facts) for search."""
        with self.transaction() as db:
            db.execute(upsert("analyses", "story_id", ("story_id", "fingerprint", "data", "analyzed_at")),
                       (story_id, fingerprint, json.dumps(data, ensure_ascii=False), now()))
            db.execute("DELETE FROM search WHERE kind = 'story' AND ref = ?", (str(story_id),))
            db.execute("INSERT INTO search (kind, ref, title, body) VALUES ('story', ?, ?, ?)",
                       (str(story_id), data.get("title") or "", searchable))

    def add_error(self, failure: IngestFailure) -> None:
        """Record why an input failed: one row per input (and record in it); a rerun replaces the row."""
        with self.transaction() as db:
            db.execute(f"DELETE FROM ingest_errors WHERE source = ? AND locator {self.dialect.same_as} ?",
                       (failure.source, failure.locator))
            db.execute(
                "INSERT INTO ingest_errors (source, locator, stage, kind, reason, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (failure.source, failure.locator, failure.stage, failure.kind, failure.reason, now()),
            )

    def put_annotation(self, annotation: Annotation) -> None:
        """Store (or replace) one article's annotation in one transaction."""
        with self.transaction() as db:
            db.execute(
                upsert("annotations", "article_id",
                       ("article_id", "version", "status", "problems", "data", "annotated_at")),
                (annotation.article_id, annotation.version, annotation.status, json.dumps(list(annotation.problems)),
                 json.dumps(annotation.to_dict(), ensure_ascii=False), now()),
            )

    def put_embeddings(self, vectors: dict[str, bytes]) -> None:
        with self.transaction() as db:
            db.executemany(upsert("embeddings", "key", ("key", "vector")), list(vectors.items()))

    def save_clustering(self, change: dict[str, Any]) -> None:
        """Write one clustering run in one transaction (see rashomon.cluster.ClusterRun.change).

        ``change`` holds ``stories`` (rows to upsert), ``removed`` (story ids merged away),
        ``members`` (story_articles rows to upsert), ``moves`` ({article_id: story_id} for earlier
        members whose story changed), ``reprints`` ({article_id: (original_id, containment)}
        for earlier articles found to be copies), ``df`` (term → document-frequency increment),
        ``meta`` and ``signatures`` ({article_id: bytes}).

        With ``generation`` (the one ``clustering_state`` gave when the run loaded), a run made from a state
        that another writer has changed since (a user's move or merge, another run, a deleted article, another
        process's run on a shared database) is refused with ``ClusteringChanged`` and nothing is written: saving
        it would undo that change.
        """
        stamp = now()
        with self.transaction() as db:
            self._lock(db, "stories")
            current = self._generation()
            if "generation" in change and change["generation"] != current:
                raise ClusteringChanged(f"the stories of {self.path} changed while they were being regrouped "
                                        f"(state {change['generation']}, now {current}); run it again")
            placed = [row["article_id"] for row in change["members"]]
            if placed and db.execute(f"SELECT 1 FROM story_articles WHERE article_id {self.dialect.in_list} LIMIT 1",
                                     (self.dialect.list_param(placed),)).fetchone():
                # read as unclustered before another writer placed them (and saved before this run read its state)
                raise ClusteringChanged(f"articles of {self.path} were placed in stories by another run while this "
                                        "one placed them too; run it again")
            db.execute(upsert("cluster_meta", "key", ("key", "value"), "'generation', ?"), (json.dumps(current + 1),))
            db.executemany("DELETE FROM stories WHERE id = ?", [(sid,) for sid in change["removed"]])
            db.executemany("DELETE FROM analyses WHERE story_id = ?", [(sid,) for sid in change["removed"]])
            db.executemany("DELETE FROM search WHERE kind = 'story' AND ref = ?",
                           [(str(sid),) for sid in change["removed"]])
            db.executemany(
                upsert("stories", "id", ("id", "title", "storyline_id", "first_day", "last_day", "size", "profile",
                                         "names", "updated_at"),
                       ":id, :title, :storyline_id, :first_day, :last_day, :size, :profile, :names, :now"),
                [{**row, "profile": json.dumps(row["profile"]), "names": json.dumps(row["names"]), "now": stamp}
                 for row in change["stories"]])
            db.executemany(
                upsert("story_articles", "article_id", ("article_id", "story_id", "reprint_of", "reprint_containment",
                                                        "position", "reason", "assigned_at"),
                       ":article_id, :story_id, :reprint_of, :reprint_containment, :position, :reason, :now"),
                [{**row, "reason": json.dumps(row["reason"]), "now": stamp} for row in change["members"]])
            db.executemany("UPDATE story_articles SET story_id = ? WHERE article_id = ?",
                           [(sid, aid) for aid, sid in change["moves"].items()])
            db.executemany("UPDATE story_articles SET reason = ? WHERE article_id = ?",
                           [(json.dumps(reason), aid) for aid, reason in change.get("reasons", {}).items()])
            db.executemany("UPDATE story_articles SET reprint_of = NULL, reprint_containment = NULL"
                           " WHERE article_id = ?", [(aid,) for aid in change.get("unreprinted", [])])
            db.executemany("UPDATE story_articles SET reprint_of = ?, reprint_containment = ? WHERE article_id = ?",
                           [(orig, value, aid) for aid, (orig, value) in change["reprints"].items()])
            db.executemany("INSERT INTO cluster_terms (term, df) VALUES (?, ?)"
                           " ON CONFLICT (term) DO UPDATE SET df = cluster_terms.df + excluded.df",
                           list(change["df"].items()))
            db.executemany(upsert("cluster_meta", "key", ("key", "value")),
                           [(k, json.dumps(v)) for k, v in change["meta"].items()])
            db.executemany(upsert("reprint_signatures", "article_id", ("article_id", "signature")),
                           list(change["signatures"].items()))


def backend_for(location: str | Path) -> type[Store]:
    """The Store class for a location: PostgreSQL for a ``postgresql://`` URL, else SQLite."""
    if is_url(location):
        from rashomon.store.postgres import PostgresStore

        return PostgresStore
    from rashomon.store.sqlite import SQLiteStore

    return SQLiteStore
