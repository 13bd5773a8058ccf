"""The watch tables through ``WatchStore`` on both backends (``any_store``: SQLite, then PostgreSQL when
$RASHOMON_TEST_POSTGRES is set): the queries whose SQL each backend spells its own way (JSON lists, case-folded
filters, new ids, the lease)."""

from dataclasses import replace

import pytest

from rashomon.models import Article, RawDocument
from rashomon.store.watch import LeaseLost, WatchStore
from rashomon.watch_records import Development

FEED = "https://news.example/feed.xml"


def stored_article(store, text: str) -> Article:
    raw = RawDocument(FEED, "text", text.encode(), text, "utf-8")
    article = Article(id=raw.id, raw_id=raw.id, source=FEED, text=text, title="T", outlet="Ärzte Zeitung")
    store.add_document(raw, article)
    return article


def test_sources_are_added_once_and_found_by_id_or_url(any_store):
    watched = WatchStore(any_store)
    first = watched.add_source(FEED, "feed", 900, due="2000-01-01T00:00:00+00:00")
    again = watched.add_source(FEED, "page", 60)
    second = watched.add_source("https://other.example/", "auto", 900, due="2999-01-01T00:00:00+00:00")
    assert first.id == again.id != second.id and again.kind == "page" and again.interval == 60
    assert watched.source(str(first.id)) == watched.source(FEED) == again
    assert [s.url for s in watched.due("2026-01-01T00:00:00+00:00")] == [FEED]
    assert watched.remove_source(FEED) and watched.sources() == [second]


def test_developments_are_recorded_once_with_ids_and_filtered_in_sql(any_store):
    watched = WatchStore(any_store)
    article = stored_article(any_store, "Russia will talk with Elon Musk about Mars.")
    watched.add_first_version(article, "https://news.example/mars")
    assert watched.pending() == [article.id]
    mars = Development("k1", "new_story", "Talks about Mars announced", 3, (article.id,), ("Ärzte Zeitung",),
                       ("Kirill Dmitriev",))
    ferry = Development("k2", "new_outlet", "Ferry terminal approved", 4, ("other",), ("Harbour Gazette",))
    added = watched.record_story(3, "fp", {"facts": 1}, [mars, ferry], [article.id])
    assert [d.key for d in added] == ["k1", "k2"] and all(d.id for d in added) and added[0].id != added[1].id
    assert watched.record_story(3, "fp", {}, [mars], []) == []  # the same development again: not twice
    assert watched.pending() == [] and watched.story_state(3) == ("fp", {})
    assert [d.key for d in watched.developments(outlet="ärzte")] == ["k1"]
    assert [d.key for d in watched.developments(entity="DMITRIEV")] == ["k1"]
    assert [d.key for d in watched.developments(words=["terminal"])] == ["k2"]
    assert [d.key for d in watched.developments(kinds=["new_outlet", "new_contradiction"])] == ["k2"]
    assert [d.key for d in watched.developments(story=3, after_id=0, limit=5)] == ["k1"]
    assert {d.key for d in watched.undelivered()} == {"k1", "k2"}
    watched.mark_delivered([added[0].id])
    assert [d.key for d in watched.undelivered()] == ["k2"]


def test_first_reads_are_found_by_their_articles_and_settled_once(any_store):
    watched = WatchStore(any_store)
    article = stored_article(any_store, "A first read of a watched feed.")
    first = Development("first-1", "first_read", "Read 1 article", None, (article.id,))
    watched.record_story(0, "fp", {}, [first], [])
    assert watched.first_read_articles([article.id, "nope"]) == {article.id}
    settled = watched.settle_first_reads(lambda dev, by_story: replace(dev, summary="Read 1 article, 0 stories"))
    assert [d.summary for d in settled] == ["Read 1 article, 0 stories"] and settled[0].details == {"stories": []}
    assert watched.settle_first_reads(lambda dev, by_story: dev) == []  # settled once


def test_the_lease_has_one_holder_and_a_poller_that_lost_it_writes_nothing(any_store):
    watched = WatchStore(any_store)
    assert watched.take_lease("a", "2026-01-01T00:00:00", "2026-01-01T00:10:00") is None
    assert watched.take_lease("b", "2026-01-01T00:05:00", "2026-01-01T00:15:00") == "a until 2026-01-01T00:10:00"
    assert watched.take_lease("b", "2026-01-01T00:11:00", "2026-01-01T00:21:00") is None  # expired: taken over
    source = watched.add_source(FEED, "feed", 900)
    with pytest.raises(LeaseLost, match="held by b"):
        WatchStore(any_store, owner="a").save_source(replace(source, failures=3))
    assert watched.source(FEED).failures == 0
    watched.release_lease("b")
    assert watched.take_lease("a", "2026-01-01T00:12:00", "2026-01-01T00:22:00") is None


def test_items_and_rounds(any_store):
    watched = WatchStore(any_store)
    source = watched.add_source(FEED, "feed", 900)
    watched.put_item(source.id, "guid-1", "https://news.example/1", "hash", None, tries=2)
    watched.put_item(source.id, "guid-1", "https://news.example/1", "hash2", None, tries=0)
    assert watched.item_hash(source.id, "guid-1") == "hash2" and watched.item_tries(source.id, "guid-1") == 0
    for i in range(3):
        watched.record_round(f"2026-01-01T00:0{i}:00", f"2026-01-01T00:0{i}:30", "ok", None, f"round {i}", "a")
    assert [r["summary"] for r in watched.rounds(limit=2)] == ["round 2", "round 1"]


def test_a_watched_page_is_revised_in_place_with_its_versions_and_rechecked(any_store):
    from rashomon.cluster import cluster
    from rashomon.watch_records import ClusterRefresh, EntryPage

    watched = WatchStore(any_store)
    source = watched.add_source(FEED, "feed", 900)
    article = stored_article(any_store, "The dam held on Monday, the engineers said.")
    watched.add_first_version(article, "https://news.example/dam")
    watched.put_item(source.id, "guid-dam", "https://news.example/dam", "h1", article.id, now="2026-01-01T00:00:00",
                     page=EntryPage(source.id, "guid-dam", "https://news.example/dam", article.id, '"e1"', None,
                                    {"title": "Dam"}))
    cluster(any_store)
    story = watched.clustered(article.id)
    assert story is not None and watched.story_links(story["story_id"]) == {article.id: None}
    assert watched.article_by_url("https://news.example/dam") == article.id == watched.article_of_raw(article.raw_id)
    assert watched.source_articles(source.id) == [article.id] and watched.next_due() is not None
    [page] = watched.pages_to_recheck("2025-01-01T00:00:00", "2026-06-01T00:00:00", 10)
    assert (page.key, page.etag, page.hints, page.legacy) == ("guid-dam", '"e1"', {"title": "Dam"}, False)
    watched.page_checked(page, "2026-01-02T00:00:00", '"e2"', "Fri, 02 Jan 2026 00:00:00 GMT")
    assert watched.pages_to_recheck("2025-01-01T00:00:00", "2026-01-01T12:00:00", 10) == []

    text = "The dam broke on Tuesday, the engineers said."
    raw = RawDocument("https://news.example/dam", "html", text.encode(), text, "utf-8")
    edited = Article(id=raw.id, raw_id=raw.id, source=raw.source, text=text, title="Dam broke")
    refresh = ClusterRefresh(article.id, story["story_id"], b"\x01" * 8, {"dam": 1.0}, {"Dam": 1}, None, None,
                             {"broke": 1, "held": -1})
    edit = Development("edit-1", "article_edited", "The dam article was edited", story["story_id"], (article.id,))
    version, added = watched.revise_article(article.id, raw, edited, True, {"changed": 1}, [edit], lambda: refresh)
    assert version.version == 2 and [d.key for d in added] == ["edit-1"]
    assert [v.version for v in watched.versions(article.id)] == [1, 2]
    assert watched.latest_version(article.id).claimed_update
    assert any_store.article(article.id).text == text and any_store.annotation(article.id) is None
    assert [h["ref"] for h in any_store.search("broke")] == [article.id] and not any_store.search("held")
    assert any_store.clustering_state()["df"].get("broke") == 1
    assert watched.pending() == [article.id]
    watched.drop_pending([article.id])
    watched.mark_all_delivered()
    assert watched.pending() == [] and watched.undelivered() == []
