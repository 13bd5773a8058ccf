"""Review of watching: hostile input that the first tests did not try."""

from __future__ import annotations

import pytest

from rashomon.store import Store
from rashomon.store.watch import WatchStore
from rashomon.watch import Poller
from tests.test_watch import BRIDGE, FLOOD, SETTINGS
from tests.watch_site import Route, Site, page, rss


@pytest.fixture
def site():
    with Site() as running:
        yield running


@pytest.mark.parametrize("kind, content_type", [("feed", "application/rss+xml"), ("page", "application/rss+xml")])
def test_a_feed_whose_body_names_a_local_file_does_not_read_that_file(site, tmp_path, kind, content_type):
    # feedparser.parse(bytes) opens the bytes as a file name when it can: a server answering "/dev/zero" would
    # hang the poller, and one answering the path of a local feed would have it ingested
    local = tmp_path / "local.xml"
    local.write_bytes(rss("Local secrets", [{"title": "Not for the network", "link": "http://example.org/x",
                                             "guid": "x", "text": BRIDGE}]))
    site.routes["/f.xml"] = Route(str(local).encode(), content_type)
    with Store(tmp_path / "w.db") as store:
        WatchStore(store).add_source(f"{site.base}/f.xml", kind, 900)
        report = Poller(store, SETTINGS).poll()
        assert report.added == []
        assert store.stories() == []
        assert len(report.failures) == 1


def test_a_dead_teaser_link_is_not_fetched_every_round_but_a_late_page_is_read(site, tmp_path):
    from rashomon.watch.poller import ENTRY_TRIES

    items = [{"title": "Gone", "link": f"{site.base}/gone", "guid": "gone", "text": "A teaser."},
             {"title": "Late", "link": f"{site.base}/late", "guid": "late", "text": "A teaser."}]
    site.routes["/f.xml"] = Route(lambda: rss("Valley Courier", items))
    with Store(tmp_path / "w.db") as store:
        WatchStore(store).add_source(f"{site.base}/f.xml", "feed", 900)
        poller = Poller(store, SETTINGS)
        first = poller.poll(force=True)
        assert len(first.problems) == 2 and first.added == []
        site.routes["/late"] = Route(page("Floods close the road", "Valley Courier", FLOOD), "text/html")
        second = poller.poll(force=True)
        assert len(second.added) == 1  # the page that was late to appear
        for _ in range(ENTRY_TRIES + 2):
            poller.poll(force=True)
        assert site.hits["/gone"] == ENTRY_TRIES  # then set aside, and the feed is asked conditionally again
        assert site.not_modified >= 2
        errors = [e.reason for e in store.errors() if e.locator == "entry gone"]
        assert errors and f"tried in {ENTRY_TRIES} polls" in errors[0]
        items[0] = {**items[0], "title": "Gone, now with a new title"}  # the feed changes the entry: tried again
        poller.poll(force=True)
        assert site.hits["/gone"] == ENTRY_TRIES + 1
