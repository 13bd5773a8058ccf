"""The store's reads, written once for every backend (see ``base.py``): articles, annotations, stories, stored
comparisons and embeddings, and the rows turned back into records."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from rashomon.models import Article, IngestFailure, Published
from rashomon.records import Annotation
from rashomon.store.dialect import Connection, Dialect

METADATA_COLUMNS = "id, raw_id, source, locator, title, outlet, author, published, updated, url, language"


def now() -> str:
    """The time as the store writes it (ISO 8601, UTC, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Reads:
    """Every read of the archive. Mixed into ``Store``, which opens ``_db`` and picks the ``dialect``."""

    _db: Connection
    dialect: ClassVar[Dialect]

    def metadata_stamps(self, ids: list[str]) -> dict[str, str]:
        """Per article, its metadata as one string (what a comparison shows of it besides the text)."""
        rows = self._db.execute("SELECT id, title, outlet, author, published, updated, url FROM articles"
                                f" WHERE id {self.dialect.in_list}", (self.dialect.list_param(ids),))
        return {row[0]: json.dumps(list(row)[1:]) for row in rows}

    def unclustered(self) -> list[Article]:
        """Articles not yet in a story, oldest first (undated last)."""
        rows = self._db.execute(
            "SELECT a.* FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id WHERE s.article_id IS NULL"
            " ORDER BY a.published IS NULL, a.published, a.id").fetchall()
        return [article_row(r) for r in rows]

    def clustering_state(self) -> dict[str, Any]:
        """Everything the clusterer needs to go on: stories with members, frequencies, meta, signatures."""
        # read first: a change another writer commits while the rest is read makes this state older, never newer,
        # than what was read, so a run made from it is refused instead of undoing that change
        generation = self._generation()
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
            "signatures": [(str(row[0]), bytes(row[1])) for row in self._db.execute(
                "SELECT article_id, signature FROM reprint_signatures ORDER BY article_id")],
            "generation": generation,
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
                                f" WHERE id {self.dialect.in_list}", (self.dialect.list_param(ids),)).fetchall()
        return {row[0]: (row[1], row[2]) for row in rows}

    def stories(self, ids: list[int] | None = None, storyline: int | None = None) -> list[dict[str, Any]]:
        """Stories with their members (story_articles rows joined with article metadata): every story,
        those with these ids, or those of one storyline."""
        where, params = "", ()  # type: tuple[str, tuple[Any, ...]]
        if ids is not None:
            where, params = f" WHERE s.id {self.dialect.in_list}", (self.dialect.list_param(ids),)
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
            having.append("MAX(CASE WHEN a.outlet = ? THEN 1 ELSE 0 END) = 1")
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
        rows = self._db.execute(f"SELECT DISTINCT story_id FROM story_articles WHERE article_id {self.dialect.in_list}",
                                (self.dialect.list_param(article_ids),))
        return sorted(int(row[0]) for row in rows)

    def analysis_digests(self, story_ids: list[int]) -> dict[int, tuple[str, dict[str, Any]]]:
        """Per story with a stored comparison: its fingerprint and what a story list shows of it (fact, shared
        fact and conflict counts, the brief's first sentence), read in SQL without loading the comparison."""
        rows = self._db.execute(f"SELECT story_id, fingerprint, {self.dialect.digest_columns} FROM analyses"
                                f" WHERE story_id {self.dialect.in_list}", (self.dialect.list_param(story_ids),))
        return {int(row[0]): (str(row[1]), {"fact_count": row[2], "shared_fact_count": row[3],
                                            "conflict_count": row[4], "brief": row[5]}) for row in rows}

    def analysis(self, story_id: int) -> tuple[str, dict[str, Any]] | None:
        """The stored comparison of a story and the fingerprint it was made for, if any."""
        row = self._db.execute("SELECT fingerprint, data FROM analyses WHERE story_id = ?", (story_id,)).fetchone()
        return (str(row[0]), json.loads(row[1])) if row else None

    def embeddings(self, keys: list[str]) -> dict[str, bytes]:
        """The stored embedding vectors (raw float32 bytes) of those ``keys`` that have one."""
        rows = self._db.execute(f"SELECT key, vector FROM embeddings WHERE key {self.dialect.in_list}",
                                (self.dialect.list_param(keys),))
        return {str(row[0]): bytes(row[1]) for row in rows}

    def annotation_stamps(self, ids: list[str]) -> dict[str, str]:
        """{article id: "version/annotated_at"} for the annotated ones among ``ids``."""
        rows = self._db.execute("SELECT article_id, version, annotated_at FROM annotations"
                                f" WHERE article_id {self.dialect.in_list}", (self.dialect.list_param(ids),))
        return {row[0]: f"{row[1]}/{row[2]}" for row in rows}

    def annotation(self, article_id: str) -> Annotation | None:
        row = self._db.execute("SELECT data FROM annotations WHERE article_id = ?", (article_id,)).fetchone()
        return Annotation.from_dict(json.loads(row[0])) if row else None

    def articles_from_raw(self, raw_ids: list[str]) -> list[Article]:
        """The articles extracted from these raw documents, in the order given."""
        found: list[Article] = []
        for raw_id in dict.fromkeys(raw_ids):
            rows = self._db.execute("SELECT * FROM articles WHERE raw_id = ? ORDER BY id", (raw_id,)).fetchall()
            found += [article_row(r) for r in rows]
        return found

    def unannotated_ids(self, version: int, ids: list[str] | None = None) -> list[str]:
        """The ids of the articles with no annotation at ``version`` (all, or those among ``ids``), in id order:
        what ``unannotated`` would return, without reading a text, so that annotating streams the texts."""
        query = ("SELECT a.id FROM articles a LEFT JOIN annotations n ON n.article_id = a.id AND n.version = ?"
                 " WHERE n.article_id IS NULL")
        params: tuple[Any, ...] = (version,)
        if ids is not None:
            query += f" AND a.id {self.dialect.in_list}"
            params += (self.dialect.list_param(ids),)
        return [str(row[0]) for row in self._db.execute(query + " ORDER BY a.id", params)]

    def unclustered_ids(self) -> list[str]:
        """The ids of the articles not yet in a story, in ``unclustered``'s order (oldest first, undated last)."""
        rows = self._db.execute(
            "SELECT a.id FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id WHERE s.article_id IS NULL"
            " ORDER BY a.published IS NULL, a.published, a.id")
        return [str(row[0]) for row in rows]

    def articles_by_ids(self, ids: list[str]) -> list[Article]:
        """The stored articles with these ids, in the order given (an id not stored is left out): one page of
        a list of ids read by ``unannotated_ids`` or ``unclustered_ids``."""
        if not ids:
            return []
        rows = self._db.execute(f"SELECT * FROM articles WHERE id {self.dialect.in_list}",
                                (self.dialect.list_param(ids),)).fetchall()
        found = {row["id"]: article_row(row) for row in rows}
        return [found[article_id] for article_id in dict.fromkeys(ids) if article_id in found]

    def unannotated(self, version: int, ids: list[str] | None = None) -> list[Article]:
        """Articles with no annotation at ``version`` (all of them, or those among ``ids``)."""
        query = ("SELECT a.* FROM articles a LEFT JOIN annotations n ON n.article_id = a.id AND n.version = ?"
                 " WHERE n.article_id IS NULL")
        params: tuple[Any, ...] = (version,)
        if ids is not None:  # filtered in SQL: annotating one article must not load the whole archive
            query += f" AND a.id {self.dialect.in_list}"
            params += (self.dialect.list_param(ids),)
        return [article_row(r) for r in self._db.execute(query + " ORDER BY a.id", params).fetchall()]

    def articles(self, outlet: str | None = None, *, offset: int = 0, limit: int | None = None,
                 with_text: bool = True) -> list[Article]:
        """Every article (or those of one outlet), oldest first, undated last; ``offset``/``limit`` page in
        SQL, and ``with_text=False`` leaves the texts and provenance unread (empty in the records)."""
        where, params = _of_outlet(outlet)
        columns = "*" if with_text else f"{METADATA_COLUMNS}, '' AS text, '{{}}' AS provenance"
        page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
        rows = self._db.execute(f"SELECT {columns} FROM articles" + where
                                + " ORDER BY published IS NULL, published, id" + page, params).fetchall()
        return [article_row(r) for r in rows]

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
            return [article_row(exact)]
        rows = self._db.execute("SELECT * FROM articles WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?",
                                (like_prefix(id_or_prefix), limit)).fetchall()
        return [article_row(row) for row in rows]

    def raw_content(self, raw_id: str) -> bytes | None:
        row = self._db.execute("SELECT content FROM raw_documents WHERE id = ?", (raw_id,)).fetchone()
        return bytes(row[0]) if row else None

    def errors(self) -> list[IngestFailure]:
        rows = self._db.execute("SELECT * FROM ingest_errors ORDER BY id").fetchall()
        return [IngestFailure(r["source"], r["stage"], r["reason"], r["locator"], r["kind"]) for r in rows]

    def counts(self) -> dict[str, int]:
        return {table: int(self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
                for table in ("raw_documents", "articles", "ingest_errors", "annotations", "stories", "analyses")}



def like_prefix(prefix: str) -> str:
    """A LIKE pattern for the values that start with ``prefix`` (its own % and _ escaped)."""
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def published_value(value: str | None) -> Published | None:
    """A stored day or time, read back."""
    if not value:
        return None
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)



def _of_outlet(outlet: str | None) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause (and its parameters) choosing one outlet's articles, or all of them."""
    return ("", ()) if outlet is None else (" WHERE outlet = ?", (outlet,))


def article_row(row: Any) -> Article:
    """An ``articles`` row as its record."""
    data: dict[str, Any] = dict(row)
    return Article(
        id=data["id"], raw_id=data["raw_id"], source=data["source"], locator=data["locator"],
        title=data["title"], outlet=data["outlet"], author=data["author"],
        published=published_value(data["published"]), updated=published_value(data.get("updated")), url=data["url"],
        language=data["language"],
        text=data["text"], provenance=json.loads(data["provenance"]),
    )
