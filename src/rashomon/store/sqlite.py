"""SQLite backend: one file, WAL journal, one writer at a time (``BEGIN IMMEDIATE``), FTS5 full-text search."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from rashomon.errors import StoreError
from rashomon.store.base import Store
from rashomon.store.dialect import Connection, Dialect, json_list, search_words
from rashomon.store.schema import SQLITE_WORDS, render

MIGRATIONS = render(SQLITE_WORDS)
BUSY_SECONDS = 60  # how long a writer waits for another writer's lock before giving up with a clear message

SQLITE = Dialect(
    name="sqlite",
    in_list="IN (SELECT value FROM json_each(?))",
    list_param=json_list,
    same_as="IS",
    json_items="json_each({column}) AS {alias}",
    json_field="json_extract({column}, '$.{key}')",
    # SQLite's lower() folds ASCII only: names ("Ärzte Zeitung", "İstanbul") are folded as Python folds them
    contains_folded="instr(rashomon_casefold({column}), ?)",
    digest_columns=("json_array_length(data, '$.facts'), (SELECT COUNT(*) FROM json_each(data, '$.facts') f"
                    " WHERE json_extract(f.value, '$.independent_sources') >= 2),"
                    " json_array_length(data, '$.conflicts'), json_extract(data, '$.brief[0].text')"),
)


class SQLiteStore(Store):
    """A Rashomon database in one SQLite file (or in memory: ``":memory:"``)."""

    migrations = MIGRATIONS
    dialect = SQLITE
    driver_errors = (sqlite3.Error,)
    begin = "BEGIN IMMEDIATE"  # the write lock at once: two writers never both read, then both write
    _db: sqlite3.Connection  # the tests reach the file's own PRAGMAs through it

    def _connect(self, any_thread: bool) -> Connection:
        try:
            if self.read_only:
                db = _open_read_only(self.path, any_thread)
            else:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=not any_thread,
                                     timeout=BUSY_SECONDS)
            db.row_factory = sqlite3.Row
            db.create_function("rashomon_casefold", 1, _casefold, deterministic=True)
            db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:" and not self.read_only:
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            raise self._unusable(exc) from exc
        except OSError as exc:
            raise StoreError(f"cannot create database {self.path}: {exc.strerror or exc}") from exc
        return db

    def close(self) -> None:
        self._db.close()

    def _rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    def _unusable(self, exc: Exception) -> StoreError:
        return StoreError(f"cannot open database {self.path}: {exc}. Is it a Rashomon database?")

    def _explained(self, exc: Exception) -> StoreError | None:
        message = str(exc)
        if not isinstance(exc, sqlite3.OperationalError):
            return None
        if _locked(exc):
            others = _processes_with_open(self.path)
            who = ("; processes that have it open: " + ", ".join(f"pid {pid} ({command})" for pid, command in others)
                   if others else "")
            return StoreError(f"database {self.path} is locked: another process (a running ingest, annotate or "
                              f"analyze, or the web app's job) has been writing to it for over {BUSY_SECONDS} s"
                              f"{who}; nothing was changed, try again when it has finished")
        if "readonly" in message:
            return StoreError(f"database {self.path} is read-only ({message}): nothing was changed; open it without "
                              "--read-only, or check that you may write the file and its folder")
        if "disk is full" in message or "disk I/O" in message:
            return StoreError(f"cannot write to {self.path}: {message} (free some disk space; nothing already "
                              "stored was lost)")
        return None

    def _read_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _write_version(self, db: Connection, number: int) -> None:
        db.execute(f"PRAGMA user_version = {int(number)}")

    def _lock(self, db: Connection, name: str) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` already made this the only writer."""

    def _insert_id(self, db: Connection, sql: str, parameters: tuple[Any, ...]) -> int | None:
        cursor = self._db.execute(sql, parameters)  # (db is this connection)
        return cursor.lastrowid if cursor.rowcount else None

    def search(self, query: str, limit: int = 200) -> list[dict[str, Any]]:
        match = fts_query(query)
        if not match:
            return []
        rows = self._db.execute(
            "SELECT s.kind, s.ref, snippet(search, 3, char(2), char(3), '…', 14) AS snippet,"
            " CASE s.kind WHEN 'story' THEN CAST(s.ref AS INTEGER) ELSE m.story_id END AS story_id"
            " FROM search s LEFT JOIN story_articles m ON s.kind = 'article' AND m.article_id = s.ref"
            " WHERE search MATCH ? ORDER BY rank LIMIT ?", (match, limit)).fetchall()
        return [dict(row) for row in rows]


def fts_query(text: str) -> str:
    """A user's search words as an FTS5 query (see ``search_words``)."""
    words = search_words(text)
    if not words:
        return ""
    terms = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
    return " ".join(terms)


def _casefold(value: Any) -> str:
    return value.casefold() if isinstance(value, str) else ""

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


