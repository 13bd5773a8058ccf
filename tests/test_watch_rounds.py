"""Watching, round by round: stealth edits behind a feed entry that never changes, a poller that survives a round
that fails as a whole, and two pollers on one database."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest

from rashomon.store import Store
from rashomon.store.watch import WatchStore, now_iso
from rashomon.watch import Poller
from rashomon.watch.poller import LEASE_SECONDS, ROUND_PAUSE, PollReport
from tests.test_watch import FERRY_A, FERRY_B, FLOOD, SETTINGS, Clock, setup_feeds
from tests.watch_site import Route, Site, page, rss

RECHECK = replace(SETTINGS, watch_recheck_every=0.0)


@pytest.fixture
def site():
    with Site() as running:
        yield running


def teaser_feed(site: Site) -> Route:
    """A feed whose one teaser entry never changes, and the page it links to (returned: the test edits it)."""
    site.routes["/f.xml"] = Route(rss("Valley Courier", [{
        "title": "Tarnbury flooded", "link": f"{site.base}/p/flood", "guid": "flood",
        "date": "Tue, 03 Mar 2026 08:00:00 GMT", "text": "Heavy rain flooded the main road."}]))
    route = Route(page("Floods close road into Tarnbury", "Valley Courier", FLOOD, "2026-03-03"), "text/html")
    site.routes["/p/flood"] = route
    return route


def edits(store: Store) -> list[str]:
    return [d.kind for d in WatchStore(store).developments() if d.kind == "article_edited"]


def test_a_stealth_edit_behind_an_unchanged_feed_entry_is_found_once(site, db_location):
    # on both stores (see conftest's db_location): polling, versions and developments, and a restart
    route = teaser_feed(site)
    clock = Clock()
    path = db_location
    with Store(path) as store:
        WatchStore(store).add_source(f"{site.base}/f.xml", "feed", 900)
        poller = Poller(store, RECHECK, clock=clock, sleep=clock.sleep)
        assert len(poller.poll().added) == 1 and site.hits["/p/flood"] == 1

        # the page is unchanged: asked again conditionally, nothing recorded
        clock.now += 60
        unchanged = poller.poll(force=True)
        assert site.hits["/p/flood"] == 2 and unchanged.not_modified == 2  # the feed and the page
        assert not unchanged.revised and edits(store) == []

        # the page is edited, its feed entry is not: found by the recheck
        route.body = page("Floods close road into Tarnbury", "Valley Courier",
                          FLOOD.replace("three flood warnings", "five flood warnings"), "2026-03-03")
        clock.now += 60
        edited = poller.poll(force=True)
        assert len(edited.revised) == 1 and not edited.added
        assert edits(store) == ["article_edited"]
        found = next(d for d in WatchStore(store).developments() if d.kind == "article_edited")
        assert found.details["stealth"] is True
        versions = WatchStore(store).versions(edited.revised[0])
        assert [v.version for v in versions] == [1, 2] and "five flood warnings" in versions[1].text
        count = len(WatchStore(store).developments())

        clock.now += 60
        again = poller.poll(force=True)
        assert not again.revised and not again.developments and site.hits["/p/flood"] == 4

    # a restart records nothing twice
    with Store(path) as store:
        clock.now += 60
        assert not Poller(store, RECHECK, clock=clock, sleep=clock.sleep).poll(force=True).developments
        assert edits(store) == ["article_edited"] and len(WatchStore(store).developments()) == count


def test_a_page_is_rechecked_only_every_interval_and_only_while_recent(site, tmp_path):
    teaser_feed(site)
    clock = Clock()
    settings = replace(SETTINGS, watch_recheck_every=6 * 3600.0, watch_recheck_days=3.0)
    with Store(tmp_path / "w.db") as store:
        WatchStore(store).add_source(f"{site.base}/f.xml", "feed", 900)
        poller = Poller(store, settings, clock=clock, sleep=clock.sleep)
        poller.poll()
        clock.now += 3600
        poller.poll(force=True)
        assert site.hits["/p/flood"] == 1  # checked an hour ago: not yet
        clock.now += 5 * 3600 + 1
        poller.poll(force=True)
        assert site.hits["/p/flood"] == 2
        clock.now += 3 * 86400
        poller.poll(force=True)
        assert site.hits["/p/flood"] == 2  # first seen over three days ago: no longer checked


def test_a_recheck_round_is_spread_the_longest_unchecked_first(site, tmp_path, monkeypatch):
    import rashomon.watch.poller as poller_module

    monkeypatch.setattr(poller_module, "RECHECK_PER_ROUND", 2)
    items = [{"title": f"Story {n}", "link": f"{site.base}/p/{n}", "guid": str(n), "text": "A teaser."}
             for n in range(3)]
    site.routes["/f.xml"] = Route(rss("Valley Courier", items))
    for n in range(3):
        site.routes[f"/p/{n}"] = Route(page(f"Floods {n}", "Valley Courier", FLOOD.replace("three", str(n + 3))),
                                       "text/html")
    clock = Clock()
    with Store(tmp_path / "w.db") as store:
        WatchStore(store).add_source(f"{site.base}/f.xml", "feed", 900)
        poller = Poller(store, RECHECK, clock=clock, sleep=clock.sleep)
        poller.poll()

        def page_hits() -> list[int]:
            return [site.hits.get(f"/p/{n}", 0) for n in range(3)]

        assert page_hits() == [1, 1, 1]
        clock.now += 60
        poller.poll(force=True)
        assert sum(page_hits()) == 3 + 2  # two pages a round
        clock.now += 60
        poller.poll(force=True)
        assert sum(page_hits()) == 3 + 4 and min(page_hits()) == 2  # the one left out went first


def test_a_failing_round_is_logged_recorded_and_the_poller_goes_on(site, tmp_path, monkeypatch, capsys):
    setup_feeds(site)
    clock = Clock()
    calls: list[int] = []
    original = Poller.process

    def process(self: Poller, report: PollReport, stop=None) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise sqlite3.OperationalError("disk I/O error")
        original(self, report, stop)

    monkeypatch.setattr(Poller, "process", process)
    with Store(tmp_path / "w.db") as store:
        WatchStore(store).add_source(f"{site.base}/a/feed.xml", "feed", 900, due="2000-01-01T00:00:00+00:00")
        rounds: list[PollReport] = []
        started = clock.now
        Poller(store, SETTINGS, clock=clock, sleep=clock.sleep).run(lambda: len(rounds) >= 1, rounds.append,
                                                                    idle_step=5)
        assert len(calls) == 2 and len(rounds) == 1
        assert clock.now - started >= ROUND_PAUSE  # it waited before trying again
        assert "polling round failed" in capsys.readouterr().err
        recorded = [e for e in store.errors() if e.stage == "watch" and e.source == "watch poller"]
        assert recorded and "OperationalError: disk I/O error" in recorded[0].reason
        # what the failed round read was kept and compared by the next one
        assert [d.kind for d in WatchStore(store).developments()] == ["first_read"]


def test_two_pollers_on_one_database_never_poll_at_once(site, db_location):
    # on both stores: on PostgreSQL the two pollers are two connections to one server, as two machines would be
    setup_feeds(site)
    path = db_location
    with Store(path) as first_store, Store(path) as second_store:
        for feed in ("/a/feed.xml", "/b/feed.xml"):
            WatchStore(first_store).add_source(f"{site.base}{feed}", "feed", 900)
        first, second = Poller(first_store, SETTINGS), Poller(second_store, SETTINGS)
        during: list[PollReport] = []
        polled = first.poll_source

        def poll_source(source, report) -> None:  # the second poller starts while the first is polling
            if not during:
                during.append(second.poll(force=True))
            polled(source, report)

        first.poll_source = poll_source  # type: ignore[method-assign]
        report = first.poll()
        assert during[0].skipped and "another poller" in during[0].skipped and during[0].requests == 0
        assert first.owner in during[0].skipped
        assert len(report.added) == 2 and not report.skipped
        # the first one is done: the lease is free
        assert not second.poll(force=True).skipped
        assert len({(v["article_id"], v["version"]) for v in _versions(first_store)}) == len(_versions(first_store))

        # a killed poller's lease (expired) is taken over; a live one is not
        clock = first.clock()
        WatchStore(second_store).take_lease("killed", now_iso(clock - 2 * LEASE_SECONDS),
                                            now_iso(clock - LEASE_SECONDS))
        assert not first.poll(force=True).skipped
        assert WatchStore(second_store).take_lease("cron", now_iso(clock), now_iso(clock + LEASE_SECONDS)) is None
        assert "cron until" in (first.poll(force=True).skipped or "")


def _versions(store: Store) -> list[dict]:
    return [dict(r) for r in store._db.execute("SELECT article_id, version FROM article_versions")]


def test_watch_run_once_exits_0_when_another_poller_is_running(site, tmp_path):
    from typer.testing import CliRunner

    from rashomon.cli import app

    setup_feeds(site)
    db = tmp_path / "cli.db"
    with Store(db) as store:
        WatchStore(store).add_source(f"{site.base}/a/feed.xml", "feed", 900)
        clock = Poller(store, SETTINGS).clock()
        assert WatchStore(store).take_lease("serve --watch", now_iso(clock), now_iso(clock + 600)) is None
    config = tmp_path / "settings.toml"
    config.write_text('allow_private_urls = true\nworkers = 1\nsimilarity = "lexical"\nwatch_host_delay = 0.0\n')
    result = CliRunner().invoke(app, ["--db", str(db), "--config", str(config), "watch", "run", "--once"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "another poller" in result.output and "serve --watch" in result.output
    assert site.hits == {}
    with Store(db) as store:
        assert json.dumps(WatchStore(store).developments()) == "[]"


def test_the_lease_is_renewed_while_a_long_annotation_runs(site, tmp_path, monkeypatch):
    from rashomon import pipeline as pipeline_module  # the poller annotates through run_pipeline

    setup_feeds(site)
    clock = Clock()
    path = tmp_path / "w.db"
    real = pipeline_module.annotate
    refused: list[str | None] = []

    with Store(path) as first_store, Store(path) as other_store:
        def slow(store, ids, settings, progress=None, **kwargs):  # 40 minutes of annotation, batch after batch
            for _ in range(8):
                clock.now += 300
                if progress is not None:
                    progress(0, len(ids))
                refused.append(WatchStore(other_store).take_lease("cron", now_iso(clock.now),
                                                                  now_iso(clock.now + LEASE_SECONDS)))
            return real(store, ids, settings, progress, **kwargs)

        monkeypatch.setattr(pipeline_module, "annotate", slow)
        WatchStore(first_store).add_source(f"{site.base}/a/feed.xml", "feed", 900)
        report = Poller(first_store, SETTINGS, clock=clock, sleep=clock.sleep).poll()
        # the lease (15 minutes) was renewed: another poller was refused all 40 minutes long
        assert len(refused) == 8 and all(holder is not None for holder in refused), refused
        assert not report.stopped and report.developments


def test_a_poller_whose_lease_was_taken_stops_writing(site, tmp_path, monkeypatch):
    from rashomon import pipeline as pipeline_module  # the poller annotates through run_pipeline

    setup_feeds(site)
    clock = Clock()
    path = tmp_path / "w.db"
    real = pipeline_module.annotate
    with Store(path) as first_store, Store(path) as other_store:
        other = WatchStore(other_store)

        def stalled(store, ids, settings, progress=None, **kwargs):  # one step outlasts the lease; cron takes it
            clock.now += LEASE_SECONDS + 60
            assert other.take_lease("cron", now_iso(clock.now), now_iso(clock.now + LEASE_SECONDS)) is None
            return real(store, ids, settings, progress, **kwargs)

        monkeypatch.setattr(pipeline_module, "annotate", stalled)
        for feed in ("/a/feed.xml", "/b/feed.xml"):
            other.add_source(f"{site.base}{feed}", "feed", 900)
        report = Poller(first_store, SETTINGS, clock=clock, sleep=clock.sleep).poll()
        assert report.stopped and any("cron" in reason for _, reason in report.problems), report.problems
        # nothing compared or recorded beside the new holder; what is to be compared is still pending
        assert not report.developments and [d.kind for d in other.developments()] == ["first_read"] * 2
        assert other_store._db.execute("SELECT count(*) FROM watch_story_state").fetchone()[0] == 0
        assert len(other.pending()) == 2
        assert other.take_lease("cron", now_iso(clock.now), now_iso(clock.now + LEASE_SECONDS)) is None  # still cron's


def test_a_poller_whose_lease_was_taken_between_two_fetches_writes_nothing_of_the_second(site, tmp_path):
    setup_feeds(site)
    clock = Clock()
    path = tmp_path / "w.db"
    with Store(path) as first_store, Store(path) as other_store:
        other = WatchStore(other_store)
        for feed in ("/a/feed.xml", "/b/feed.xml"):
            other.add_source(f"{site.base}{feed}", "feed", 900)
        first = Poller(first_store, SETTINGS, clock=clock, sleep=clock.sleep)
        polled = first.poll_source

        def poll_source(source, report) -> None:  # the second fetch hangs past the lease; cron takes it over
            if report.sources == 1:
                clock.now += LEASE_SECONDS + 60
                first._leased_at = clock.now  # (as if renewed just before: only the write can tell)
                assert other.take_lease("cron", now_iso(clock.now), now_iso(clock.now + LEASE_SECONDS)) is None
            polled(source, report)

        first.poll_source = poll_source  # type: ignore[method-assign]
        report = first.poll()
        assert report.stopped and report.sources == 2
        # the first feed was written; of the second, nothing (neither its entries nor its state)
        second = other.source(f"{site.base}/b/feed.xml")
        assert second is not None and second.last_polled is None and second.failures == 0
        assert [r[0] for r in other_store._db.execute("SELECT key FROM watch_items")] == [f"{site.base}/a/ferry"]


def _as_before_migration_9(store: Store) -> None:
    """What migration 9 left on the entries read before it: no check time, no validators, no hints."""
    with store.transaction() as db:
        db.execute("UPDATE watch_items SET checked_at = NULL, page_etag = NULL, page_modified = NULL,"
                   " page_hints = NULL")


def test_entries_read_before_migration_9_are_rechecked_for_stealth_edits(site, tmp_path):
    route = teaser_feed(site)
    site.routes["/a/feed.xml"] = Route(rss("Harbour Gazette", [{  # a full-text entry: it has no page to check
        "title": "Council approves ferry terminal", "link": f"{site.base}/a/ferry", "guid": "a-ferry",
        "date": "Mon, 02 Mar 2026 09:00:00 GMT", "text": FERRY_A}]))
    clock = Clock()
    with Store(tmp_path / "w.db") as store:
        for feed in ("/f.xml", "/a/feed.xml"):
            WatchStore(store).add_source(f"{site.base}{feed}", "feed", 900)
        poller = Poller(store, RECHECK, clock=clock, sleep=clock.sleep)
        assert len(poller.poll().added) == 2
        _as_before_migration_9(store)

        # unchanged: fetched again (no validators kept: a full request), not an edit; the feed's own text is not
        clock.now += 60
        unchanged = poller.poll(force=True)
        assert site.hits["/p/flood"] == 2 and "/a/ferry" not in site.hits
        assert not unchanged.revised and edits(store) == []

        route.body = page("Floods close road into Tarnbury", "Valley Courier",
                          FLOOD.replace("three flood warnings", "five flood warnings"), "2026-03-03")
        clock.now += 60
        edited = poller.poll(force=True)
        assert len(edited.revised) == 1 and edits(store) == ["article_edited"]
        clock.now += 60
        assert not poller.poll(force=True).revised and edits(store) == ["article_edited"]


def test_a_failed_round_is_shown_on_the_watch_page_and_in_watch_list(site, tmp_path, monkeypatch):
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from rashomon.cli import app as cli
    from rashomon.web import WebConfig, create_app

    setup_feeds(site)
    clock = Clock()
    original = Poller.process

    def failing(self: Poller, report: PollReport, stop=None) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    db = tmp_path / "w.db"
    with Store(db) as store:
        WatchStore(store).add_source(f"{site.base}/a/feed.xml", "feed", 900)
        poller = Poller(store, SETTINGS, clock=clock, sleep=clock.sleep)
        monkeypatch.setattr(Poller, "process", failing)
        for _ in range(2):
            with pytest.raises(sqlite3.OperationalError):
                poller.poll(force=True)
            clock.now += 60
    client = TestClient(create_app(WebConfig(db=str(db), settings=SETTINGS)), base_url="http://localhost")
    rounds = client.get("/watch.json").json()["rounds"]
    assert rounds["last"]["outcome"] == "failed" and rounds["failed_in_a_row"] == 2
    assert "OperationalError: disk I/O error" in rounds["last"]["reason"]
    assert client.get("/api/watch/rounds").json() == rounds
    html = client.get("/watch").text
    assert "The last polling round FAILED" in html and "disk I/O error" in html and "2 in a row" in html
    listed = CliRunner().invoke(cli, ["--db", str(db), "watch", "list"], catch_exceptions=False)
    assert "FAILED" in listed.output and "disk I/O error" in listed.output

    # the next round goes through: the page says so, and still names the last failure
    monkeypatch.setattr(Poller, "process", original)
    with Store(db) as store:
        assert not Poller(store, SETTINGS, clock=clock, sleep=clock.sleep).poll(force=True).failures
    rounds = client.get("/watch.json").json()["rounds"]
    assert rounds["last"]["outcome"] == "ok" and rounds["failed_in_a_row"] == 0
    assert "1 sources polled" in rounds["last"]["summary"]
    html = client.get("/watch").text
    assert "Last polling round ok" in html and "Last failed round" in html


def test_an_edited_article_is_clustered_and_compared_as_a_copy_on_its_new_text(site, tmp_path):
    from rashomon.cluster.reprints import text_signature

    copy = {"title": "Council approves ferry terminal", "link": f"{site.base}/y/ferry", "guid": "y-ferry",
            "date": "Mon, 02 Mar 2026 15:00:00 GMT",
            "text": FERRY_A + "\n\nThis story first ran in the Harbour Gazette."}
    state = {"y": [copy]}
    site.routes["/x.xml"] = Route(rss("Harbour Gazette", [{
        "title": "Council approves ferry terminal", "link": f"{site.base}/x/ferry", "guid": "x-ferry",
        "date": "Mon, 02 Mar 2026 09:00:00 GMT", "text": FERRY_A}]))
    site.routes["/y.xml"] = Route(lambda: rss("Coastal Times", state["y"]))  # type: ignore[arg-type]
    rewritten = FERRY_B + "\n\nThe operator also plans a zeppelin mooring mast beside the new terminal."
    with Store(tmp_path / "w.db") as store:
        for feed in ("/x.xml", "/y.xml"):
            WatchStore(store).add_source(f"{site.base}{feed}", "feed", 900)
        poller = Poller(store, SETTINGS)
        poller.poll()
        original, reprint = (store._db.execute("SELECT id FROM articles WHERE url = ?", (f"{site.base}/{n}/ferry",))
                             .fetchone()[0] for n in ("x", "y"))

        def link() -> str | None:
            return store._db.execute("SELECT reprint_of FROM story_articles WHERE article_id = ?",
                                     (reprint,)).fetchone()[0]

        def clustering() -> tuple[bytes, dict, int]:
            signature = store._db.execute("SELECT signature FROM reprint_signatures WHERE article_id = ?",
                                          (reprint,)).fetchone()[0]
            profile = json.loads(store._db.execute("SELECT s.profile FROM stories s JOIN story_articles m"
                                                   " ON m.story_id = s.id WHERE m.article_id = ?",
                                                   (reprint,)).fetchone()[0])
            df = store._db.execute("SELECT coalesce(max(df), 0) FROM cluster_terms WHERE term = 'zeppelin'"
                                   ).fetchone()[0]
            return signature, profile, df

        assert link() == original  # a verbatim copy, published later

        # rewritten: no longer a copy; its story is matched by its new words, and its signature is its new text's
        state["y"] = [{**copy, "text": rewritten}]
        generation = store.clustering_state()["generation"]
        assert poller.poll(force=True).revised == [reprint]
        assert link() is None
        # a change of the clustering state: a run computed from the state before it is redone, not saved over it
        assert store.clustering_state()["generation"] == generation + 1
        signature, profile, df = clustering()
        assert signature == text_signature(store.article_text(reprint) or "")
        assert "zeppelin" in profile and df == 1
        assert store.stories(ids=[store.article_story(reprint)])[0]["articles"][1]["reprint_of"] is None

        # and back to a copy: a reprint again, the rewrite's words gone from its story
        state["y"] = [copy]
        assert poller.poll(force=True).revised == [reprint]
        assert link() == original
        signature, profile, df = clustering()
        assert signature == text_signature(store.article_text(reprint) or "")
        assert "zeppelin" not in profile and df == 0


def test_a_revised_profile_is_the_profile_the_story_would_have_with_the_new_text():
    from rashomon.cluster.features import article_features, revised_names, revised_profile
    from rashomon.cluster.stories import ClusterParams, StoryIndex
    from rashomon.models import Article

    one = article_features(Article("a", "s", FERRY_A, "Council approves ferry terminal"))
    old = article_features(Article("b", "s", FLOOD, "Floods close road"))
    new = article_features(Article("b", "s", FERRY_B, "Ferry terminal approved"))
    index = StoryIndex(ClusterParams(profile_terms=10_000))  # (no trimming: the two must agree term for term)
    before = index.rebuild(1, [one, old], None)
    after = StoryIndex(ClusterParams(profile_terms=10_000)).rebuild(1, [one, new], None)
    assert before is not None and after is not None
    revised = revised_profile(before.profile, before.size, old, new)
    assert revised.keys() == after.profile.keys()
    assert all(abs(revised[w] - after.profile[w]) < 1e-9 for w in revised)
    assert revised_names(dict(before.names), old, new) == {n: c for n, c in after.names.items() if c > 0}
