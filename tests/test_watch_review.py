"""Review of watching: hostile input that the first tests did not try."""

from __future__ import annotations

import pytest

from rashomon.settings import Settings
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


def test_one_page_reached_from_two_feeds_and_watched_on_its_own_is_not_an_edit(site, tmp_path):
    # feeds often title an entry differently from the page's headline; read with the feed's title first, the page
    # kept its headline in the body, so the same page looked edited (title and text, and "a number changed")
    link = f"{site.base}/p/bridge"
    site.routes["/p/bridge"] = Route(page("Kelsey swing bridge to close for nine months", "Kelsey Post", BRIDGE),
                                     "text/html")
    site.routes["/one.xml"] = Route(rss("Kelsey Post: top stories", [
        {"title": "Bridge closes", "link": link, "guid": "one", "date": "Mon, 02 Mar 2026 09:00:00 GMT",
         "text": "A teaser."}]))
    site.routes["/two.xml"] = Route(rss("Aggregator", [
        {"title": "Harbour news: 2026 repairs", "link": link, "guid": "two", "text": "Another teaser."}]))
    with Store(tmp_path / "w.db") as store:
        watched = WatchStore(store)
        for path, kind in (("/one.xml", "feed"), ("/two.xml", "feed"), ("/p/bridge", "page")):
            watched.add_source(f"{site.base}{path}", kind, 900)
        poller = Poller(store, SETTINGS)
        report = poller.poll()
        again = poller.poll(force=True)
        assert len(report.added) == 1 and report.revised == [] and again.revised == []
        assert sorted(d.kind for d in watched.developments()) == ["first_read"] * 3
        article = store.article(report.added[0])
        assert article is not None
        assert article.title == "Kelsey swing bridge to close for nine months"
        assert article.outlet == "Kelsey Post" and not article.text.startswith("Kelsey swing bridge")


def test_a_feed_title_fills_in_a_page_without_a_headline(site, tmp_path):
    bare = (f"<html><body><article>{''.join(f'<p>{p}</p>' for p in FLOOD.split(chr(10) * 2))}</article>"
            "</body></html>").encode()
    site.routes["/p/flood"] = Route(bare, "text/html")
    site.routes["/f.xml"] = Route(rss("Valley Courier", [
        {"title": "Floods close the road into Tarnbury", "link": f"{site.base}/p/flood", "guid": "f",
         "date": "Tue, 03 Mar 2026 08:00:00 GMT", "text": "A teaser."}]))
    with Store(tmp_path / "w.db") as store:
        WatchStore(store).add_source(f"{site.base}/f.xml", "feed", 900)
        report = Poller(store, SETTINGS).poll()
        article = store.article(report.added[0])
        assert article is not None
        assert article.title == "Floods close the road into Tarnbury" and article.outlet == "Valley Courier"
        assert article.published is not None and article.published.isoformat().startswith("2026-03-03")


def test_an_enormous_interval_is_refused_and_a_stored_one_does_not_stop_the_round(site, tmp_path):
    from rashomon.watch.sources import add_watched

    site.routes["/one.xml"] = Route(rss("Valley Courier", [
        {"title": "Floods", "link": f"{site.base}/x", "guid": "x", "text": FLOOD * 3}]))
    site.routes["/two.xml"] = Route(rss("Kelsey Post", [
        {"title": "Bridge", "link": f"{site.base}/y", "guid": "y", "text": BRIDGE * 3}]))
    site.routes["/gone.xml"] = Route(b"", status=500)
    with Store(tmp_path / "w.db") as store:
        for every in ("99999999999d", "31d"):
            with pytest.raises(ValueError, match="too seldom"):
                add_watched(store, SETTINGS, f"{site.base}/one.xml", every, "auto")
        with pytest.raises(ValueError, match="too often"):
            add_watched(store, Settings(**{**SETTINGS.__dict__, "watch_interval": float("nan")}),
                        f"{site.base}/one.xml", None, "auto")
        watched = WatchStore(store)
        # as a database written before the check holds it, and with a back-off setting beyond any date
        watched.add_source(f"{site.base}/one.xml", "feed", 99999999999 * 86400.0)
        watched.add_source(f"{site.base}/gone.xml", "feed", 1e300)
        watched.add_source(f"{site.base}/two.xml", "feed", 900)
        settings = Settings(**{**SETTINGS.__dict__, "watch_max_backoff": 1e300})
        report = Poller(store, settings).poll()
        assert len(report.added) == 2
        assert [url for url, _ in report.failures] == [f"{site.base}/gone.xml"]
        assert all(s.next_due < "2028" for s in watched.sources())


def test_pages_that_all_name_the_home_page_as_their_url_stay_separate_articles(site, tmp_path):
    def homed(title: str, body: str) -> bytes:
        return page(title, "Kelsey Post", body).replace(
            b"<head>", f"<head><meta property='og:url' content='{site.base}/'>".encode())

    site.routes["/p/bridge"] = Route(homed("Kelsey swing bridge to close for nine months", BRIDGE), "text/html")
    site.routes["/p/flood"] = Route(homed("Floods close the road into Tarnbury", FLOOD), "text/html")
    site.routes["/f.xml"] = Route(rss("Kelsey Post", [
        {"title": "Bridge", "link": f"{site.base}/p/bridge", "guid": "b", "text": "A teaser."},
        {"title": "Flood", "link": f"{site.base}/p/flood", "guid": "f", "text": "A teaser."}]))
    with Store(tmp_path / "w.db") as store:
        WatchStore(store).add_source(f"{site.base}/f.xml", "feed", 900)
        WatchStore(store).add_source(f"{site.base}/p/flood", "page", 900)  # and one of them on its own
        report = Poller(store, SETTINGS).poll()
        assert len(report.added) == 2 and report.revised == []
        assert "article_edited" not in [d.kind for d in WatchStore(store).developments()]


def test_a_feed_entry_whose_text_differs_from_its_page_is_not_an_edit_of_it(site, tmp_path):
    # a full-text feed often carries an excerpt or a "read more" line; its page, watched too (or reached from a
    # teaser feed), is another document: neither is a version of the other, and nothing flips between them
    link = f"{site.base}/p/bridge"
    ads = iter(range(1000))
    site.routes["/p/bridge"] = Route(lambda: page("Kelsey swing bridge to close", "Kelsey Post", BRIDGE,
                                                  extra=f"Advert {next(ads)}"), "text/html")
    excerpt = "\n\n".join(BRIDGE.split("\n\n")[:3]) + "\n\nRead the full story and more harbour news on our website."
    items = [{"title": "Kelsey swing bridge to close", "link": link, "guid": "b", "text": excerpt,
              "date": "Mon, 02 Mar 2026 09:00:00 GMT"}]
    site.routes["/f.xml"] = Route(lambda: rss("Kelsey Post", items))
    with Store(tmp_path / "w.db") as store:
        watched = WatchStore(store)
        watched.add_source(link, "page", 900)
        watched.add_source(f"{site.base}/f.xml", "feed", 900)
        poller = Poller(store, SETTINGS)
        rounds = [poller.poll(force=True) for _ in range(2)]
        items[0] = {**items[0], "date": "Mon, 02 Mar 2026 10:00:00 GMT"}  # the feed touches the entry
        rounds.append(poller.poll(force=True))
        assert [r.revised for r in rounds] == [[], [], []]
        assert "article_edited" not in [d.kind for d in watched.developments()]
        # the entry's own text edited in the feed is still an edit of it
        items[0] = {**items[0], "text": excerpt.replace("nine months", "twelve months")}
        edited = poller.poll(force=True)
        assert len(edited.revised) == 1
        assert [d.kind for d in edited.developments if d.kind == "article_edited"] == ["article_edited"]


@pytest.mark.parametrize("start", [b"\xef\xbb\xbf",
                                   b"<?xml version='1.0'?>\n<?xml-stylesheet type='text/xsl' href='/s.xsl'?>\n"])
def test_a_feed_with_a_byte_order_mark_or_a_stylesheet_is_watched_as_a_feed(site, tmp_path, start):
    items = [{"title": "Bridge", "link": f"{site.base}/b", "guid": "b", "text": BRIDGE * 2},
             {"title": "Flood", "link": f"{site.base}/f", "guid": "f", "text": FLOOD * 2}]
    body = rss("Valley Courier", items)
    site.routes["/f.xml"] = Route(start + body.split(b"?>", 1)[1] if start.startswith(b"<?xml") else start + body,
                                  "text/xml")
    with Store(tmp_path / "w.db") as store:
        WatchStore(store).add_source(f"{site.base}/f.xml", "auto", 900)
        report = Poller(store, SETTINGS).poll()
        assert WatchStore(store).sources()[0].kind == "feed"
        assert len(report.added) == 2


def test_a_story_that_cannot_be_compared_does_not_stop_the_others(site, tmp_path, monkeypatch):
    import rashomon.watch.poller as poller_module

    site.routes["/f.xml"] = Route(rss("Valley Courier", [
        {"title": "Bridge", "link": f"{site.base}/b", "guid": "b", "text": BRIDGE * 2},
        {"title": "Flood", "link": f"{site.base}/f", "guid": "f", "text": FLOOD * 2}]))
    real = poller_module.story_analysis

    def broken(store, summary, encoder):
        if "bridge" in (summary.get("title") or "").lower():
            raise RuntimeError("a bug in comparing this story")
        return real(store, summary, encoder)

    monkeypatch.setattr(poller_module, "story_analysis", broken)
    with Store(tmp_path / "w.db") as store:
        WatchStore(store).add_source(f"{site.base}/f.xml", "feed", 900)
        report = Poller(store, SETTINGS).poll()
        # (the first read is counted once both stories are compared)
        assert report.stories_compared == 1 and not report.developments
        assert any("not compared" in reason for _, reason in report.problems)
        assert len(WatchStore(store).pending()) == 1  # the broken story's article: tried again next round
        monkeypatch.setattr(poller_module, "story_analysis", real)
        again = Poller(store, SETTINGS).poll(force=True)
        assert again.stories_compared == 1 and WatchStore(store).pending() == []
        assert [d.summary.split(" from")[0] for d in again.developments] == ["2 stories"]


def test_a_validator_that_is_not_ascii_does_not_make_the_feed_fail_for_good(site, tmp_path):
    site.routes["/f.xml"] = Route(rss("Kelsey Post", [
        {"title": "Bridge", "link": f"{site.base}/b", "guid": "b", "text": BRIDGE * 2}]), etag=False,
        headers={"ETag": '"caf\xe9"', "Last-Modified": "Mon, 02 Mar 2026 09:00:00 GMT \xe9"})
    with Store(tmp_path / "w.db") as store:
        WatchStore(store).add_source(f"{site.base}/f.xml", "feed", 900)
        poller = Poller(store, SETTINGS)
        reports = [poller.poll(force=True) for _ in range(3)]
        assert [r.failures for r in reports] == [[], [], []]
        assert len(reports[0].added) == 1 and reports[2].unchanged == 1


def test_an_entry_with_a_relative_link_is_followed_from_the_feed_url(site, tmp_path):
    site.routes["/news/bridge"] = Route(page("Kelsey swing bridge to close", "Kelsey Post", BRIDGE), "text/html")
    site.routes["/feeds/f.xml"] = Route(rss("Kelsey Post", [
        {"title": "Bridge", "link": "/news/bridge", "guid": "b", "text": "A teaser.",
         "date": "Mon, 02 Mar 2026 09:00:00 GMT"}]))
    with Store(tmp_path / "w.db") as store:
        WatchStore(store).add_source(f"{site.base}/feeds/f.xml", "feed", 900)
        report = Poller(store, SETTINGS).poll()
        assert report.problems == [] and len(report.added) == 1
        article = store.article(report.added[0])
        assert article is not None and article.url == f"{site.base}/news/bridge"


def test_two_host_names_on_one_address_never_share_a_connection(tmp_path, monkeypatch):
    # pinned requests go to the checked address, and httpx pools connections by address: one pool for every host
    # would send a second name's requests over the first name's TLS connection, its certificate never checked
    import importlib

    import httpx

    fetch_module = importlib.import_module("rashomon.ingest.fetch")
    import rashomon.watch.poller as poller_module

    used: dict[str, set[int]] = {}

    class Recording(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            used.setdefault(request.headers["host"], set()).add(id(self))
            return httpx.Response(200, content=rss("Kelsey Post", [
                {"title": "Bridge", "link": "https://a.example/b", "guid": "b", "text": BRIDGE * 2}]),
                headers={"Content-Type": "application/rss+xml"})

    monkeypatch.setattr(poller_module.httpx, "HTTPTransport", Recording)
    monkeypatch.setattr(fetch_module, "_resolve", lambda host: ["93.184.216.34"])
    strict = Settings(**{**SETTINGS.__dict__, "allow_private_urls": False})
    with Store(tmp_path / "w.db") as store:
        for host in ("a.example", "b.example"):
            WatchStore(store).add_source(f"https://{host}/feed.xml", "feed", 900)
        report = Poller(store, strict).poll()
        assert report.failures == []
        assert set(used) == {"a.example", "b.example"} and not used["a.example"] & used["b.example"]


def test_ingest_and_the_poller_read_a_feed_through_one_generator_of_entries(site, tmp_path):
    from rashomon.ingest.readers import read_bytes
    from rashomon.models import RawDocument

    feed = rss("Valley Courier", [
        {"title": "Bridge", "link": f"{site.base}/b", "guid": "b", "text": BRIDGE * 2, "date": "Tue, 03 Mar 2026"},
        {"title": "Flood", "link": f"{site.base}/f", "guid": "f", "text": FLOOD * 2, "date": "Tue, 03 Mar 2026"}])
    broken = feed.replace(b"</channel>", b"<unclosed></channel>")  # XML that feedparser recovers from
    site.routes["/f.xml"] = Route(broken, "application/rss+xml")
    site.routes["/page.xml"] = Route(page("Not a feed", "Valley Courier", BRIDGE), "text/html")
    read = list(read_bytes("f.xml", broken, SETTINGS, None, url=f"{site.base}/f.xml", fmt="feed"))
    noted = [item for item in read if not isinstance(item, RawDocument)]
    documents = [item for item in read if isinstance(item, RawDocument)]
    with pytest.raises(Exception) as not_a_feed:
        list(read_bytes("page.xml", page("Not a feed", "Valley Courier", BRIDGE), SETTINGS, None, fmt="feed"))
    with Store(tmp_path / "w.db") as store:
        for path in ("/f.xml", "/page.xml"):
            WatchStore(store).add_source(f"{site.base}{path}", "feed", 900)
        report = Poller(store, SETTINGS).poll()
        # the same note for the same broken XML, the same documents, the same reason for a page that is no feed
        assert [reason for _, reason in report.problems] == [item.reason for item in noted]
        assert {store.article(a).raw_id for a in report.added} == {d.id for d in documents}  # type: ignore[union-attr]
        failed = dict(report.failures)[f"{site.base}/page.xml"]
        assert failed.startswith(str(not_a_feed.value.reason)) and "--kind page" in failed  # type: ignore[attr-defined]
