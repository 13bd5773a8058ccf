import sqlite3

import pytest

from rashomon.errors import StoreError
from rashomon.models import Article, RawDocument
from rashomon.store import Store
from rashomon.store.sqlite import MIGRATIONS


def doc(text="Body text of the article."):
    raw = RawDocument("a.txt", "text", text.encode(), text, "utf-8")
    return raw, Article(id=raw.id, raw_id=raw.id, source="a.txt", text=text, title="T")


def test_file_database_uses_wal_and_is_migrated(tmp_path):
    path = tmp_path / "sub" / "r.db"
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store(path) as again:  # reopening does not re-run migrations
        assert again.schema_version == len(MIGRATIONS)


def test_add_is_idempotent_and_prefix_lookup(store):
    raw, article = doc()
    assert store.add_document(raw, article) is True
    assert store.add_document(raw, article) is False
    assert store.article(article.id[:6]).title == "T"
    assert store.article("zzz") is None
    assert store.raw_content(raw.id) == raw.content


def test_ambiguous_prefix_finds_nothing(store):
    for i in range(40):
        raw, article = doc(f"Body number {i}.")
        store.add_document(raw, article)
    assert store.article("") is None


def test_failed_transaction_rolls_back(store):
    with pytest.raises(RuntimeError), store.transaction() as db:
        db.execute("INSERT INTO raw_documents (id, source, format, content, ingested_at)"
                   " VALUES ('x', 's', 'text', x'00', 't')")
        raise RuntimeError("fail inside")
    assert store.counts()["raw_documents"] == 0


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"bad\.db"):
        Store(bad)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    con.close()
    with pytest.raises(StoreError, match="upgrade"):
        Store(path)


def test_update_date_round_trips_and_older_databases_gain_the_column(tmp_path):
    from datetime import date, datetime

    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:5], start=1):  # a database written before migration 6
        con.executescript(script)
        con.execute(f"PRAGMA user_version = {number}")
    raw, _ = doc("Stored before the update column existed.")
    con.execute("INSERT INTO raw_documents (id, source, format, content, ingested_at) VALUES (?, 'a.txt', 'text',"
                " x'00', 't')", (raw.id,))
    con.execute("INSERT INTO articles (id, raw_id, source, text, published, extracted_at) VALUES (?, ?, 'a.txt',"
                " 'Stored before the update column existed.', '2025-03-18', 't')", (raw.id, raw.id))
    con.commit()
    con.close()
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        old = store.article(raw.id)
        assert old.published == date(2025, 3, 18) and old.updated is None
        raw2, fresh = doc("Stored with its update.")
        fresh = Article(id=fresh.id, raw_id=fresh.raw_id, source="b.txt", text=fresh.text,
                        published=date(2025, 3, 18), updated=datetime(2025, 3, 20, 9, 15))
        store.add_document(raw2, fresh)
        assert store.article(fresh.id).updated == datetime(2025, 3, 20, 9, 15)
        assert store.article(fresh.id).to_dict()["updated"] == "2025-03-20T09:15:00"
