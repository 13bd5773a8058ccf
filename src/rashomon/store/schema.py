"""The schema, once for every backend: numbered migrations written in the SQL that SQLite and PostgreSQL share,
with a few words each backend spells its own way (``{BLOB}``, ``{REAL}``, ``{ID}``, ``{AUTO_ID}``, the full-text
table ``{SEARCH}`` and how it folds accents, ``{FOLD_SEARCH}``). A backend renders them with its own words
(``render``), so both get the same tables, columns and numbers, and a database's schema version means the same on
both."""

from __future__ import annotations

from collections.abc import Mapping

# Each migration runs once, in order, inside a transaction; append, never edit.
TEMPLATES: tuple[str, ...] = (
    """
    CREATE TABLE raw_documents (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        locator TEXT,
        format TEXT NOT NULL,
        url TEXT,
        encoding TEXT,
        hints TEXT NOT NULL DEFAULT '{}',
        content {BLOB} NOT NULL,
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
        id {AUTO_ID},
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
        reprint_containment {REAL},
        position INTEGER NOT NULL,
        reason TEXT NOT NULL,
        assigned_at TEXT NOT NULL
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);
    CREATE TABLE cluster_terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
    CREATE TABLE cluster_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE reprint_signatures (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        signature {BLOB} NOT NULL
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
    {SEARCH};
    INSERT INTO search (kind, ref, title, body) SELECT 'article', id, coalesce(title, ''), text FROM articles;
    """,
    # 5: sentence embeddings by (model, text) hash, so a story that grows re-encodes only its new claims.
    """
    CREATE TABLE embeddings (
        key TEXT PRIMARY KEY,
        vector {BLOB} NOT NULL
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
        id {ID},
        url TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        interval {REAL} NOT NULL,
        etag TEXT,
        last_modified TEXT,
        body_hash TEXT,
        next_due TEXT NOT NULL,
        last_polled TEXT,
        last_ok TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        backoff {REAL} NOT NULL DEFAULT 0,
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
        id {AUTO_ID},
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
        id {AUTO_ID},
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        outcome TEXT NOT NULL,
        reason TEXT,
        summary TEXT,
        owner TEXT NOT NULL
    );
    """,
    # 11: search ignores accents on PostgreSQL as FTS5's remove_diacritics does on SQLite ("bogota" finds
    # "Bogotá"): the backend's {FOLD_SEARCH} (on SQLite, where the index already folds them, a no-op).
    """
    {FOLD_SEARCH};
    """,
    # 12: storing an article clears the errors recorded for its input on earlier runs (DELETE ... WHERE source):
    # without an index that read the whole table once per article stored (at 100k articles ingested with 310
    # errors recorded, 15.8 million rows read).
    """
    CREATE INDEX ingest_errors_source ON ingest_errors(source);
    """,
)


# What the words mean on SQLite (the schema as it always was there; its databases are migrated by number).
SQLITE_WORDS: Mapping[str, str] = {
    "BLOB": "BLOB",
    "REAL": "REAL",
    "ID": "INTEGER PRIMARY KEY",
    "AUTO_ID": "INTEGER PRIMARY KEY AUTOINCREMENT",
    "SEARCH": "CREATE VIRTUAL TABLE search USING fts5(\n"
              "        kind UNINDEXED, ref UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2'\n    )",
    "FOLD_SEARCH": "SELECT 1",
}


def render(words: Mapping[str, str]) -> tuple[str, ...]:
    """The migrations in one backend's words."""
    rendered = []
    for template in TEMPLATES:
        for word, meaning in words.items():
            template = template.replace("{" + word + "}", meaning)
        rendered.append(template)
    return tuple(rendered)


def statements(script: str) -> list[str]:
    """A migration's statements, in order (none of them holds a semicolon of its own)."""
    return [statement for statement in script.split(";") if statement.strip()]
