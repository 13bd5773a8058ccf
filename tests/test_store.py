"""The store, on both backends where a test takes ``any_store``/``db_location`` (SQLite, then PostgreSQL when
$RASHOMON_TEST_POSTGRES names a database; see conftest), and the SQLite file's own behaviour."""

import threading

import pytest

from rashomon.errors import StoreError
from rashomon.models import Article, IngestFailure, RawDocument
from rashomon.store import ClusteringChanged, Store
from rashomon.store.base import backend_for
from rashomon.store.sqlite import MIGRATIONS
from tests.conftest import TEST_POSTGRES


def doc(text="Body text of the article.", title="T"):
    raw = RawDocument("a.txt", "text", text.encode(), text, "utf-8")
    return raw, Article(id=raw.id, raw_id=raw.id, source="a.txt", text=text, title=title)


def no_change(generation: int) -> dict:
    return {"generation": generation, "stories": [], "removed": [], "members": [], "moves": {}, "reprints": {},
            "df": {"mars": 1}, "meta": {}, "signatures": {}}


def test_file_database_uses_wal_and_is_migrated(tmp_path):
    path = tmp_path / "sub" / "r.db"
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store(path) as again:  # reopening does not re-run migrations
        assert again.schema_version == len(MIGRATIONS)


def test_the_location_chooses_the_backend():
    assert backend_for("news.db").__name__ == "SQLiteStore" and backend_for(":memory:").__name__ == "SQLiteStore"
    assert backend_for("postgresql://me@db.example/news").__name__ == "PostgresStore"
    assert backend_for("postgres://me@db.example/news").__name__ == "PostgresStore"


def test_both_backends_have_the_same_numbered_migrations():
    from rashomon.store.postgres import PostgresStore
    from rashomon.store.sqlite import SQLiteStore

    assert len(PostgresStore.migrations) == len(SQLiteStore.migrations) == len(MIGRATIONS)


def test_storing_an_article_clears_its_inputs_errors_through_an_index(tmp_path):
    # one DELETE per article stored: without the index it read every recorded error (100k articles: 15.8M rows)
    with Store(str(tmp_path / "r.db")) as store:
        plan = store._db.execute("EXPLAIN QUERY PLAN DELETE FROM ingest_errors WHERE source = ? AND locator IS ?",
                                 ("a.txt", None)).fetchall()
    assert "USING INDEX ingest_errors_source" in " ".join(str(tuple(row)) for row in plan), plan


def test_a_reopened_store_keeps_its_schema_and_rows(db_location):
    raw, article = doc()
    with Store(db_location) as store:
        assert store.schema_version == len(MIGRATIONS)
        store.add_document(raw, article)
    with Store(db_location) as again:
        assert again.schema_version == len(MIGRATIONS) and again.article(article.id).title == "T"


def test_add_is_idempotent_and_prefix_lookup(any_store):
    raw, article = doc()
    assert any_store.add_document(raw, article) is True
    assert any_store.add_document(raw, article) is False
    assert any_store.article(article.id[:6]).title == "T"
    assert any_store.article("zzz") is None
    assert any_store.raw_content(raw.id) == raw.content
    assert any_store.articles_by_prefix("%") == [] and any_store.articles_by_prefix("_") == []


def test_ambiguous_prefix_finds_nothing(any_store):
    for i in range(40):
        raw, article = doc(f"Body number {i}.")
        any_store.add_document(raw, article)
    assert any_store.article("") is None
    assert any_store.count_articles() == 40 and len(any_store.articles(limit=10, offset=35)) == 5


def test_the_streaming_reads_give_ids_first_then_articles_by_page(any_store):
    from dataclasses import replace
    from datetime import date

    from rashomon.records import ANNOTATION_VERSION, Annotation

    stored = []
    for i, day in enumerate([date(2025, 3, 2), None, date(2025, 3, 1)]):
        raw, article = doc(f"Body number {i}.", title=f"T{i}")
        any_store.add_document(raw, replace(article, published=day))
        stored.append(article.id)
    any_store.put_annotation(Annotation(stored[0], language="en", status="skipped"))
    assert any_store.unannotated_ids(ANNOTATION_VERSION) == [a.id for a in any_store.unannotated(ANNOTATION_VERSION)]
    assert sorted(any_store.unannotated_ids(ANNOTATION_VERSION)) == sorted(stored[1:])
    assert any_store.unannotated_ids(ANNOTATION_VERSION, [stored[0], stored[2]]) == [stored[2]]
    assert any_store.unclustered_ids() == [a.id for a in any_store.unclustered()] == [stored[2], stored[0], stored[1]]
    page = any_store.articles_by_ids([stored[1], "not-stored", stored[0]])
    assert [(a.id, a.text) for a in page] == [(stored[1], "Body number 1."), (stored[0], "Body number 0.")]
    assert any_store.articles_by_ids([]) == []


def test_failed_transaction_rolls_back(any_store):
    with pytest.raises(RuntimeError), any_store.transaction() as db:
        db.execute("INSERT INTO raw_documents (id, source, format, content, ingested_at) VALUES (?, ?, ?, ?, ?)",
                   ("x", "s", "text", b"\x00", "t"))
        raise RuntimeError("fail inside")
    assert any_store.counts()["raw_documents"] == 0


def test_errors_are_one_row_per_input_and_a_stored_input_clears_its_error(any_store):
    any_store.add_error(IngestFailure("a.txt", "ingest", "bad"))
    any_store.add_error(IngestFailure("a.txt", "ingest", "still bad"))
    any_store.add_error(IngestFailure("feed.xml", "ingest", "bad entry", "entry-1"))
    assert sorted(e.reason for e in any_store.errors()) == ["bad entry", "still bad"]
    any_store.add_document(*doc())
    assert [e.source for e in any_store.errors()] == ["feed.xml"]
    assert any_store.clear_errors() == 1 and any_store.errors() == []


def test_search_finds_words_and_a_prefix_of_the_last_and_reads_no_syntax(any_store):
    any_store.add_document(*doc("Russia will soon talk with Elon Musk about Mars, Dmitriev said.", "Mars talks"))
    any_store.add_document(*doc("The council approved the ferry terminal on Monday.", "Ferry terminal"))
    [hit] = any_store.search("musk mar")
    assert hit["kind"] == "article" and hit["story_id"] is None
    assert "\x02Musk\x03" in hit["snippet"] and "\x02Mars\x03" in hit["snippet"]
    assert any_store.search("ferry") and not any_store.search("ferry musk")
    for hostile in ('"', "NEAR(", "a AND OR", "*", "'); DROP TABLE articles; --", "%", ":name ?"):
        any_store.search(hostile)  # never an error
    assert any_store.search("  ") == [] and any_store.count_articles() == 2


def test_search_reads_letters_with_accents_as_their_plain_letter_on_both_stores(any_store):
    any_store.add_document(*doc("Talks in Bogotá ended on Monday, said Señora Müller of the Łódź office.", "Bogotá"))
    for query in ("bogota", "Bogotá", "senora muller", "señora müller", "BOGOT"):
        [hit] = any_store.search(query)
        assert hit["kind"] == "article", query
    [hit] = any_store.search("bogota")
    assert "Bogotá" in hit["snippet"]  # the text is shown as written
    assert any_store.search("bogata") == []


def test_a_stored_comparison_is_searchable_and_its_digest_is_read_in_sql(any_store):
    data = {"title": "Mars talks", "facts": [{"independent_sources": 3}, {"independent_sources": 1}],
            "conflicts": [{}], "brief": [{"text": "Russia plans talks."}]}
    any_store.put_analysis(7, "fp", data, "Dmitriev offered rare earth deals")
    assert any_store.analysis(7) == ("fp", data)
    assert any_store.analysis_digests([7, 8]) == {7: ("fp", {"fact_count": 2, "shared_fact_count": 1,
                                                             "conflict_count": 1, "brief": "Russia plans talks."})}
    [hit] = any_store.search("rare earth")
    assert (hit["kind"], hit["ref"], hit["story_id"]) == ("story", "7", 7)


def test_a_clustering_made_from_a_changed_state_is_refused(any_store):
    state = any_store.clustering_state()
    any_store.save_clustering(no_change(state["generation"]))
    with pytest.raises(ClusteringChanged, match="run it again"):
        any_store.save_clustering(no_change(state["generation"]))
    assert any_store.clustering_state()["df"] == {"mars": 1}  # the refused run wrote nothing


def test_a_clustering_run_that_read_a_deleted_article_is_refused(any_store):
    raw, article = doc()
    any_store.add_document(raw, article)
    generation = any_store.clustering_state()["generation"]  # a run reads the article as unclustered ...
    assert any_store.delete_article(article.id)  # ... another writer deletes it ...
    with pytest.raises(ClusteringChanged):  # ... and the run's save is refused, not saved with it
        any_store.save_clustering(no_change(generation))
    assert any_store.counts()["raw_documents"] == 0 and any_store.search("body") == []


def test_many_writers_at_once_store_each_document_once(db_location):
    documents = [doc(f"Article number {i} about the harbour.") for i in range(12)]
    with Store(db_location):
        pass  # migrated once, before the writers start
    added: list[bool] = []
    failures: list[BaseException] = []

    def write(order: list[int]) -> None:
        try:
            with Store(db_location) as store:
                added.extend(store.add_document(*documents[i]) for i in order)
        except BaseException as exc:  # reported by the test, not lost in the thread
            failures.append(exc)

    writers = [threading.Thread(target=write, args=(order,))
               for order in (list(range(12)), list(reversed(range(12))), list(range(6, 12)) + list(range(6)))]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
    assert not failures and added.count(True) == 12 and len(added) == 36
    with Store(db_location) as store:
        assert store.counts()["articles"] == 12 and len(store.search("harbour")) == 12


def test_clustering_runs_of_many_processes_at_once_place_every_article_once(db_location):
    from rashomon.cluster import cluster
    from tests.conftest import ARTICLE_TEXT

    with Store(db_location) as store:
        for i in range(8):
            store.add_document(*doc(f"Ferry terminal story {i}. " + ARTICLE_TEXT, f"Ferry {i}"))
    failures: list[BaseException] = []

    def run(extra: int) -> None:
        try:
            with Store(db_location) as store:
                for j in range(3):  # each round adds an article of its own, then clusters what is new
                    store.add_document(*doc(f"Harbour story {extra}-{j}. " + ARTICLE_TEXT, f"Harbour {extra}"))
                    cluster(store)
        except BaseException as exc:  # reported by the test, not lost in the thread
            failures.append(exc)

    runners = [threading.Thread(target=run, args=(n,)) for n in range(3)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join(120)
    assert not failures
    with Store(db_location) as store:
        members = [a["id"] for story in store.stories() for a in story["articles"]]
        assert sorted(members) == sorted(a.id for a in store.articles()) and len(members) == 8 + 9
        assert sum(story["size"] for story in store.clustering_state()["stories"]) == 17


def test_read_only_reads_and_refuses_every_write(db_location):
    with Store(db_location) as store:
        store.add_document(*doc())
    with Store(db_location, read_only=True) as store:
        assert store.count_articles() == 1 and store.read_only
        with pytest.raises(StoreError, match=r"is read-only.*nothing was changed"):
            store.add_error(IngestFailure("a.txt", "ingest", "bad"))
        assert store.errors() == []


def test_newer_schema_is_refused(db_location):
    with Store(db_location) as store, store.transaction() as db:
        store._write_version(db, len(MIGRATIONS) + 5)
    with pytest.raises(StoreError, match="upgrade"):
        Store(db_location)


def test_update_date_round_trips_and_older_databases_gain_the_column(db_location, monkeypatch):
    from datetime import date, datetime

    backend = backend_for(db_location)
    monkeypatch.setattr(backend, "migrations", backend.migrations[:5])  # a database written before migration 6
    raw, _ = doc("Stored before the update column existed.")
    with Store(db_location) as old, old.transaction() as db:
        db.execute("INSERT INTO raw_documents (id, source, format, content, ingested_at) VALUES (?, 'a.txt', 'text',"
                    " ?, 't')", (raw.id, b"\x00"))
        db.execute("INSERT INTO articles (id, raw_id, source, text, published, extracted_at) VALUES (?, ?, 'a.txt',"
                   " 'Stored before the update column existed.', '2025-03-18', 't')", (raw.id, raw.id))
    monkeypatch.undo()
    with Store(db_location) as store:
        assert store.schema_version == len(MIGRATIONS)
        old = store.article(raw.id)
        assert old.published == date(2025, 3, 18) and old.updated is None
        raw2, fresh = doc("Stored with its update.")
        fresh = Article(id=fresh.id, raw_id=fresh.raw_id, source="b.txt", text=fresh.text,
                        published=date(2025, 3, 18), updated=datetime(2025, 3, 20, 9, 15))
        store.add_document(raw2, fresh)
        assert store.article(fresh.id).updated == datetime(2025, 3, 20, 9, 15)
        assert store.article(fresh.id).to_dict()["updated"] == "2025-03-20T09:15:00"


def test_a_database_copies_into_an_empty_one_of_either_backend(demo_db, db_location):
    from rashomon.store.copy import copy_store

    with Store(demo_db, read_only=True) as source, Store(db_location) as target:
        copied = copy_store(source, target)
        assert target.counts() == source.counts() and copied["articles"] == source.counts()["articles"]
        assert target.clustering_state() == source.clustering_state()
        assert target.stories() == source.stories()
        assert [a.to_dict() for a in target.articles()] == [a.to_dict() for a in source.articles()]
        assert {h["ref"] for h in target.search("dam")} == {h["ref"] for h in source.search("dam")}
        target.add_error(IngestFailure("late.txt", "ingest", "bad"))  # new rows get new ids
        with pytest.raises(StoreError, match="not empty"):
            copy_store(source, target)


def test_the_command_line_takes_either_database_from_db_or_its_environment_variable(db_location, tmp_path):
    import json

    from typer.testing import CliRunner

    from rashomon.cli import app
    from tests.conftest import ARTICLE_TEXT

    source = tmp_path / "ferry.txt"
    source.write_text("Council approves ferry terminal\n\n" + ARTICLE_TEXT)
    runner = CliRunner()
    ingested = runner.invoke(app, ["--db", db_location, "ingest", str(source)])
    assert ingested.exit_code == 0, ingested.output
    listed = runner.invoke(app, ["articles", "--json"], env={"RASHOMON_DB": db_location})
    assert listed.exit_code == 0 and [a["title"] for a in json.loads(listed.stdout)] == [
        "Council approves ferry terminal"]
    # ... or from the settings file's db key, which --db and $RASHOMON_DB win over
    settings = tmp_path / "settings.toml"
    settings.write_text(f"db = {json.dumps(db_location)}\n")
    listed = runner.invoke(app, ["--config", str(settings), "articles", "--json"], env={"RASHOMON_DB": None})
    assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == 1, listed.output
    empty = tmp_path / "empty.db"
    runner.invoke(app, ["--db", str(empty), "ingest", str(tmp_path / "missing.txt")])
    listed = runner.invoke(app, ["--config", str(settings), "--db", str(empty), "articles", "--json"])
    assert listed.exit_code == 0 and json.loads(listed.stdout) == []


# --- what goes wrong, said plainly ------------------------------------------------------------------------------

def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"bad\.db"):
        Store(bad)


def test_an_unreachable_postgres_server_is_one_clear_error():
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match=r"cannot connect to the PostgreSQL database postgresql://me:\*\*\*@127\.0\.0"
                                         r"\.1:9/news: .*server is running") as raised:
        Store("postgresql://me:secret@127.0.0.1:9/news")
    assert "secret" not in str(raised.value)


def test_a_postgres_url_without_the_driver_says_what_to_install(monkeypatch):
    import rashomon.store.postgres as postgres

    monkeypatch.setattr(postgres, "psycopg", None)
    with pytest.raises(StoreError, match=r"pip install 'rashomon\[postgres\]'"):
        Store("postgresql://me@localhost/news")


def test_a_missing_postgres_database_says_to_create_it():
    if not TEST_POSTGRES:
        pytest.skip("needs RASHOMON_TEST_POSTGRES")
    from urllib.parse import urlsplit, urlunsplit

    missing = urlunsplit(urlsplit(TEST_POSTGRES)._replace(path="/no_such_rashomon_db"))
    with pytest.raises(StoreError, match=r"no_such_rashomon_db.*does not exist.*createdb no_such_rashomon_db"):
        Store(missing)


def test_a_postgres_database_held_by_another_writer_is_a_clear_error(monkeypatch):
    import rashomon.store.postgres as postgres
    from tests.conftest import postgres_schema

    with postgres_schema() as url:
        monkeypatch.setattr(postgres, "LOCK_SECONDS", 0.3)
        with Store(url) as holder, Store(url) as store:
            generation = store.clustering_state()["generation"]
            with holder.transaction() as db:
                holder._lock(db, "stories")  # another process is saving a clustering run
                with pytest.raises(StoreError, match="is locked: another process"):
                    store.save_clustering(no_change(generation))
            store.save_clustering(no_change(generation))  # once it has finished, the write goes through


def test_a_lost_postgres_connection_is_a_clear_error_and_nothing_half_written():
    from tests.conftest import postgres_schema

    with postgres_schema() as url, Store(url) as store:
        with Store(url) as other:  # the server ends the store's session (a restart, a failover, an admin)
            other._db.execute("SELECT pg_terminate_backend(?)", (store._db.raw.info.backend_pid,))
        with pytest.raises(StoreError, match=r"lost the connection to postgresql://.*run it again"):
            store.add_document(*doc())
        with pytest.raises(StoreError, match="lost the connection"):
            store.count_articles()
        with Store(url) as again:
            assert again.counts()["raw_documents"] == 0


def test_placeholders_become_psycopgs_and_literals_casts_and_percent_signs_are_kept():
    from rashomon.store.postgres import pyformat, tsquery, without_password

    assert pyformat("SELECT '?', x::json, ? FROM t WHERE a LIKE 'x%' AND b = :name AND c % 2 = 0") == \
        "SELECT '?', x::json, %s FROM t WHERE a LIKE 'x%%' AND b = %(name)s AND c %% 2 = 0"
    assert tsquery(["elon", "mu"]) == "'elon' & 'mu':*"
    assert without_password("postgresql://u:pw@h:5/db?password=pw2&sslmode=require") == \
        "postgresql://u:***@h:5/db?password=***&sslmode=require"
