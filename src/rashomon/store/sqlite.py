"""SQLite store: one file, WAL journal, numbered migrations, one transaction per document."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rashomon.errors import StoreError
from rashomon.models import Article, IngestFailure, Published, RawDocument
from rashomon.nlp.records import Annotation

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
    # 2: annotations, one row per article; spans and records as JSON (see rashomon.nlp.records).
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
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A Rashomon database. ``Store(":memory:")`` for tests, ``Store("file.db")`` otherwise."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}. Is it a Rashomon database?") from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing: a failure inside leaves the database as it was."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise StoreError(f"{self.path} has schema version {version}, newer than this Rashomon "
                             f"({len(MIGRATIONS)}); upgrade Rashomon")
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
                "INSERT INTO articles (id, raw_id, source, locator, title, outlet, author, published, url,"
                " language, text, provenance, extracted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.id, raw.id, article.source, article.locator, article.title, article.outlet,
                 article.author, article.published.isoformat() if article.published else None, article.url,
                 article.language, article.text, json.dumps(article.provenance, sort_keys=True), _now()),
            )
        return True

    def add_error(self, failure: IngestFailure) -> None:
        with self.transaction() as db:
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

    # --- reads ------------------------------------------------------------------------------

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

    def articles(self) -> list[Article]:
        rows = self._db.execute("SELECT * FROM articles ORDER BY published IS NULL, published, id").fetchall()
        return [_article(r) for r in rows]

    def article(self, id_or_prefix: str) -> Article | None:
        """The article with this id, or the only one whose id starts with it."""
        rows = self._db.execute("SELECT * FROM articles WHERE id LIKE ? ESCAPE '\\' LIMIT 2",
                                (_like_prefix(id_or_prefix),)).fetchall()
        return _article(rows[0]) if len(rows) == 1 else None

    def raw_content(self, raw_id: str) -> bytes | None:
        row = self._db.execute("SELECT content FROM raw_documents WHERE id = ?", (raw_id,)).fetchone()
        return bytes(row[0]) if row else None

    def errors(self) -> list[IngestFailure]:
        rows = self._db.execute("SELECT * FROM ingest_errors ORDER BY id").fetchall()
        return [IngestFailure(r["source"], r["stage"], r["reason"], r["locator"], r["kind"]) for r in rows]

    def counts(self) -> dict[str, int]:
        return {table: int(self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
                for table in ("raw_documents", "articles", "ingest_errors", "annotations")}


def _like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _published(value: str | None) -> Published | None:
    if not value:
        return None
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


def _article(row: sqlite3.Row) -> Article:
    data: dict[str, Any] = dict(row)
    return Article(
        id=data["id"], raw_id=data["raw_id"], source=data["source"], locator=data["locator"],
        title=data["title"], outlet=data["outlet"], author=data["author"],
        published=_published(data["published"]), url=data["url"], language=data["language"],
        text=data["text"], provenance=json.loads(data["provenance"]),
    )
