"""Copy a whole Rashomon database into an empty one: an SQLite archive into PostgreSQL when it outgrows one
machine, or a PostgreSQL database into an SQLite file to take along. Both have the same schema (``schema.py``), so
every table is copied row for row, column by column; the search index is copied too, and each backend builds its
own index structures from it."""

from __future__ import annotations

from rashomon.errors import StoreError
from rashomon.store.base import Store
from rashomon.store.dialect import Connection

# Every table, parents before the tables that refer to them.
TABLES = ("raw_documents", "articles", "ingest_errors", "annotations", "stories", "story_articles", "cluster_terms",
          "cluster_meta", "reprint_signatures", "analyses", "embeddings", "watch_sources", "watch_items",
          "article_versions", "developments", "watch_story_state", "watch_pending", "watch_lease", "watch_rounds")
SEARCH_COLUMNS = "kind, ref, title, body"  # what the search index stores (PostgreSQL computes its tsvector)
BATCH_ROWS = 500  # rows per INSERT batch: few round trips, never the whole table in memory at once


def copy_store(source: Store, target: Store) -> dict[str, int]:
    """Copy every row of ``source`` into ``target``, which must hold no articles, stories or watched sources yet,
    in one transaction of the target (a failure leaves it empty). Returns the rows copied per table."""
    if source.schema_version != target.schema_version:
        raise StoreError(f"{source.path} has schema {source.schema_version} and {target.path} "
                         f"{target.schema_version}: open both with this Rashomon first")
    if any(target.counts().values()) or target._db.execute("SELECT 1 FROM watch_sources LIMIT 1").fetchone():
        raise StoreError(f"{target.path} is not empty: copy into a new database")
    copied: dict[str, int] = {}
    with target.transaction() as db:
        for table in (*TABLES, "search"):
            copied[table] = _copy_table(source, db, table, SEARCH_COLUMNS if table == "search" else "*")
        target._reset_ids(db)
    return copied


def _copy_table(source: Store, db: Connection, table: str, columns: str) -> int:
    """Copy one table in batches; the number of rows."""
    batch: list[tuple[object, ...]] = []
    names: list[str] = []
    count = 0
    for row in source._db.execute(f"SELECT {columns} FROM {table}"):
        names = names or list(row.keys())
        batch.append(tuple(row))
        if len(batch) >= BATCH_ROWS:
            count += _insert(db, table, names, batch)
    return count + _insert(db, table, names, batch)


def _insert(db: Connection, table: str, names: list[str], batch: list[tuple[object, ...]]) -> int:
    if not batch:
        return 0
    db.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", batch)
    done = len(batch)
    batch.clear()
    return done
