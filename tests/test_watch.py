"""Watching: a local web site whose feeds and pages change between polls. Each expected development is
recorded exactly once, nothing is duplicated across restarts, failing feeds back off and recover, and
bad input gives a recorded reason while the other sources go on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon.settings import Settings
from rashomon.store import Store
from rashomon.store.watch import WatchStore
from rashomon.watch import Poller, parse_interval
from rashomon.watch.versions import edit_diff, same_article
from tests.watch_site import Route, Site, page, rss

SETTINGS = Settings(allow_private_urls=True, workers=1, similarity="lexical", watch_host_delay=0.0,
                    http_timeout=2.0, watch_webhook_retries=1)

FERRY_A = (
    "The Eastmoor borough council voted on Monday to build a new ferry terminal on the site of the old fish "
    "market, ending a debate that has lasted six years.\n\n"
    "The terminal will cost £18 million and should open in the summer of 2028, the council's transport "
    "committee said on Monday.\n\n"
    "Council leader Maria Okafor said the terminal would bring thousands of visitors to the quay every summer.\n\n"
    "Opponents said the plan would add traffic to the narrow streets around the quay, and a residents' group "
    "said it would ask the High Court to review the decision before the end of the year."
)
FERRY_B = (
    "Eastmoor borough council on Monday approved a new ferry terminal on the site of the old fish market after "
    "a debate that lasted six years.\n\n"
    "The terminal will cost £18 million and should open in the summer of 2028, the council's transport "
    "committee said.\n\n"
    "Residents living near the quay said the plan would bring heavy traffic to narrow streets, and several "
    "shop owners on Harbour Road told the Coastal Times that they feared losing customers during the works.\n\n"
    "The ferry operator Northline said it would run four crossings a day to the islands once it opens."
)
FLOOD = (
    "Heavy rain flooded the main road into Tarnbury on Tuesday, and the county fire service rescued two "
    "drivers whose cars were trapped by the water near the railway bridge.\n\n"
    "The Environment Agency issued three flood warnings for the Tarn valley and said more rain was expected "
    "on Wednesday night.\n\n"
    "The school on Mill Lane closed early, and the bus company diverted its routes around the town centre "
    "until the water went down in the evening.\n\n"
    "Farmers in the valley said the fields near the river had been under water for the third time this winter."
)
BRIDGE = (
    "The old swing bridge at Kelsey harbour will close for repairs for nine months from April, the harbour "
    "board said on Thursday, after engineers found cracks in two of its main girders.\n\n"
    "Pedestrians will be able to use a temporary footbridge, but cars and delivery lorries will have to "
    "take a four-mile detour through the industrial estate.\n\n"
    "The board said the repairs would cost £3.5 million and would be paid for by a government grant.\n\n"
    "Local traders said the closure would hurt the summer season, when the bridge carries most visitors."
)


def entry(n: str, title: str, text: str, link: str, date: str = "Mon, 02 Mar 2026 09:00:00 GMT") -> dict:
    return {"title": title, "link": link, "guid": link, "date": date, "text": text}


@pytest.fixture
def site():
    with Site() as running:
        yield running


def setup_feeds(site: Site) -> dict[str, object]:
    """Feed A (full text), feed B (teasers linking to pages), and a feed that fails, then recovers."""
    state: dict[str, object] = {"a": [entry("a1", "Council approves ferry terminal", FERRY_A,
                                            f"{site.base}/a/ferry")],
                                "b": [{"title": "Tarnbury flooded", "link": f"{site.base}/b/flood",
                                       "guid": "b-flood", "date": "Tue, 03 Mar 2026 08:00:00 GMT",
                                       "text": "Heavy rain flooded the main road."}]}
    site.routes["/a/feed.xml"] = Route(lambda: rss("Harbour Gazette", state["a"]))  # type: ignore[arg-type]
    site.routes["/b/feed.xml"] = Route(lambda: rss("Coastal Times", state["b"]))  # type: ignore[arg-type]
    site.routes["/b/flood"] = Route(page("Floods close road into Tarnbury", "Coastal Times", FLOOD, "2026-03-03"),
                                    "text/html")
    return state


def kinds(store: Store) -> list[str]:
    return sorted(d.kind for d in WatchStore(store).developments())


def test_feeds_that_change_between_polls_give_each_development_once(site, tmp_path):
    state = setup_feeds(site)
    path = tmp_path / "watch.db"
    with Store(path) as store:
        watched = WatchStore(store)
        watched.add_source(f"{site.base}/a/feed.xml", "auto", 900)
        watched.add_source(f"{site.base}/b/feed.xml", "feed", 900)
        first = Poller(store, SETTINGS).poll()
        assert not first.failures, first.failures
        assert len(first.added) == 2
        # a source's first read is its backlog: recorded quietly, one development each, not one per story
        assert kinds(store) == ["first_read", "first_read"]
        assert sorted(d.summary.split(" from")[0] for d in first.developments) == ["1 story", "1 story"]
        assert watched.source(f"{site.base}/a/feed.xml").kind == "feed"  # type: ignore[union-attr]

        # round 2: nothing changed: conditional requests answer 304, nothing is read again
        before = site.not_modified
        second = Poller(store, SETTINGS).poll(force=True)
        assert second.not_modified == 2 and site.not_modified == before + 2
        assert not second.added and not second.developments

        # round 3: feed B adds the ferry story as a teaser; its page is fetched
        site.routes["/b/ferry"] = Route(page("Ferry terminal approved for Eastmoor", "Coastal Times", FERRY_B),
                                        "text/html")
        state["b"] = [{"title": "Ferry terminal approved", "link": f"{site.base}/b/ferry", "guid": "b-ferry",
                       "date": "Mon, 02 Mar 2026 12:00:00 GMT", "text": "Eastmoor approves ferry terminal."},
                      *state["b"]]  # type: ignore[misc]
        third = Poller(store, SETTINGS).poll(force=True)
        assert len(third.added) == 1 and site.hits["/b/flood"] == 1  # the unchanged entry's page is not refetched
        got = kinds(store)
        assert got.count("new_outlet") == 1
        assert got.count("fact_corroborated") >= 1
        ferry = next(d for d in WatchStore(store).developments() if d.kind == "new_outlet")
        assert ferry.outlets == ("Coastal Times",)
        corroborated = next(d for d in WatchStore(store).developments() if d.kind == "fact_corroborated")
        for cited in corroborated.details["citations"]:
            assert store.article_text(cited["article_id"])[cited["start"]:cited["end"]] == cited["text"]

        # round 4: feed A's article is edited silently: a number changes
        state["a"] = [entry("a1", "Council approves ferry terminal", FERRY_A.replace("£18 million", "£24 million"),
                            f"{site.base}/a/ferry")]
        fourth = Poller(store, SETTINGS).poll(force=True)
        assert len(fourth.revised) == 1 and not fourth.added
        got = kinds(store)
        assert got.count("article_edited") == 1 and got.count("number_changed") == 1
        edit = next(d for d in WatchStore(store).developments() if d.kind == "article_edited")
        assert edit.details["stealth"] is True and edit.summary.startswith("Stealth edit")
        number = next(d for d in WatchStore(store).developments() if d.kind == "number_changed")
        assert "£18" in number.summary and "£24" in number.summary
        cited = number.details["citations"][0]
        assert "£24 million" in cited["text"]
        assert store.article_text(cited["article_id"])[cited["start"]:cited["end"]] == cited["text"]
        versions = watched.versions(fourth.revised[0])
        assert [v.version for v in versions] == [1, 2] and "£18 million" in versions[0].text
        assert got.count("new_contradiction") == 1, got
        recorded = json.dumps([d.to_dict() for d in WatchStore(store).developments()])
        count = len(WatchStore(store).developments())

    # a restart: the same state polled again records nothing twice
    with Store(path) as store:
        again = Poller(store, SETTINGS).poll(force=True)
        assert not again.developments and not again.added and not again.revised
        assert len(WatchStore(store).developments()) == count
        assert json.dumps([d.to_dict() for d in WatchStore(store).developments()]) == recorded


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_failing_feed_backs_off_records_each_reason_and_recovers(site, tmp_path):
    state = setup_feeds(site)
    clock = Clock()
    broken = Route(b"oops", "text/plain", status=500)
    site.routes["/c/feed.xml"] = broken
    with Store(tmp_path / "w.db") as store:
        watched = WatchStore(store)
        for path in ("/a/feed.xml", "/c/feed.xml"):
            watched.add_source(f"{site.base}{path}", "feed", 900, due="2000-01-01T00:00:00+00:00")
        poller = Poller(store, SETTINGS, clock=clock, sleep=clock.sleep)
        report = poller.poll()
        assert [url for url, _ in report.failures] == [f"{site.base}/c/feed.xml"]
        assert len(report.added) == 1  # the other feed went on
        failing = watched.source(f"{site.base}/c/feed.xml")
        assert failing.failures == 1 and "HTTP 500" in failing.last_error and failing.backoff == 1800

        # a timeout, then malformed XML: each failure doubles the wait
        broken.status, broken.delay = 200, 3.0
        clock.now += 1800
        assert f"{site.base}/c/feed.xml" not in [s.url for s in watched.due(_iso(clock.now - 1))]
        assert f"{site.base}/c/feed.xml" in [s.url for s in watched.due(_iso(clock.now))]
        poller.poll()
        failing = watched.source(f"{site.base}/c/feed.xml")
        assert failing.failures == 2 and "timed out" in failing.last_error and failing.backoff == 3600
        broken.delay, broken.content_type = 0.0, "application/rss+xml"
        broken.body = b"<?xml version='1.0'?><rss><channel><title>Valley</tit"
        clock.now += 3600
        poller.poll()
        failing = watched.source(f"{site.base}/c/feed.xml")
        assert failing.failures == 3 and "malformed feed XML" in failing.last_error and failing.backoff == 7200
        assert failing.url not in [s.url for s in watched.due(_iso(clock.now + 7199))]

        # it recovers: read, back to its normal interval
        broken.body = lambda: rss("Valley Courier", [entry("c1", "Bridge to close", BRIDGE, f"{site.base}/c/bridge")])
        clock.now += 7200
        report = poller.poll()
        assert not report.failures and len(report.added) == 1
        healthy = watched.source(f"{site.base}/c/feed.xml")
        assert healthy.failures == 0 and healthy.last_error is None and healthy.backoff == 0
        assert healthy.next_due == _iso(clock.now + 900)
        assert state  # feed A stayed readable throughout


def _iso(moment: float) -> str:
    from rashomon.store.watch import now_iso

    return now_iso(moment)


def test_bad_input_gives_a_recorded_reason_and_the_rest_goes_on(site, tmp_path):
    setup_feeds(site)
    items = [
        {"title": "No link, no guid", "text": BRIDGE},
        {"title": "Bridge to close", "link": f"{site.base}/d/bridge", "guid": "same", "text": BRIDGE},
        {"title": "Repeated guid", "link": f"{site.base}/d/other", "guid": "same", "text": FLOOD},
        {"title": "Undated flood", "link": f"{site.base}/d/flood", "guid": "flood", "text": FLOOD},
    ]
    site.routes["/d/feed.xml"] = Route(rss("Valley Courier", items))
    site.routes["/html"] = Route(page("A page", "Valley Courier", FLOOD), "text/html")
    site.routes["/loop"] = Route(b"", "text/html", status=302, headers={"Location": "/loop"})
    site.routes["/huge.xml"] = Route(rss("Huge", [entry(str(n), f"t{n}", BRIDGE, f"{site.base}/h/{n}")
                                                  for n in range(40)]))
    settings = Settings(**{**SETTINGS.__dict__, "max_input_bytes": 20_000})
    with Store(tmp_path / "w.db") as store:
        watched = WatchStore(store)
        for path in ("/d/feed.xml", "/html", "/loop", "/huge.xml", "/a/feed.xml"):
            watched.add_source(f"{site.base}{path}", "feed", 900)
        report = Poller(store, settings).poll()
        reasons = dict(report.failures)
        assert "not a feed" in reasons[f"{site.base}/html"]
        assert "redirect" in reasons[f"{site.base}/loop"]
        assert "20,000" in reasons[f"{site.base}/huge.xml"] and "max_input_bytes" in reasons[f"{site.base}/huge.xml"]
        problems = " | ".join(reason for _, reason in report.problems)
        assert "neither a link nor a GUID" in problems
        assert "duplicate GUID" in problems
        assert "no date" in problems
        assert len(report.added) == 3  # the bridge, the undated flood, and feed A's article
        errors = " | ".join(e.reason for e in store.errors())
        assert "duplicate GUID" in errors and "neither a link nor a GUID" in errors
        for source in watched.sources():
            assert (source.last_error is None) == (source.url.endswith(("/d/feed.xml", "/a/feed.xml")))

        # a private address is refused unless allowed, as for ingest
        strict = Settings(**{**SETTINGS.__dict__, "allow_private_urls": False})
        refused = Poller(store, strict).poll(force=True)
        assert all("refused to fetch" in reason and "allow_private_urls" in reason for _, reason in refused.failures)
        assert len(refused.failures) == 5


def test_a_page_whose_ads_and_timestamps_change_is_not_an_edit(site, tmp_path):
    counter = iter(range(1000))

    def rotating() -> bytes:
        n = next(counter)
        return page("Bridge to close for nine months", "Valley Courier", BRIDGE,
                    extra=f"<p>Advert {n}: buy shoes</p><p>Page generated at 10:{n:02d}:00</p>")

    site.routes["/bridge"] = Route(rotating, "text/html")
    with Store(tmp_path / "w.db") as store:
        watched = WatchStore(store)
        watched.add_source(f"{site.base}/bridge", "auto", 900)
        first = Poller(store, SETTINGS).poll()
        assert len(first.added) == 1 and watched.source(f"{site.base}/bridge").kind == "page"
        for _ in range(2):
            again = Poller(store, SETTINGS).poll(force=True)
            assert not again.added and not again.revised and not again.developments
        assert store.counts()["articles"] == 1
        assert len(watched.versions(first.added[0])) == 1

        # a real edit of the body, with an "Updated" time on the page: an edit, not a stealth one
        edited = BRIDGE.replace("nine months", "a year")
        site.routes["/bridge"] = Route(page("Bridge to close for a year", "Valley Courier", edited).replace(
            b"</head>", b"<meta property='article:modified_time' content='2026-03-05T10:00:00Z'></head>"),
            "text/html")
        report = Poller(store, SETTINGS).poll(force=True)
        assert report.revised == first.added
        edit = next(d for d in watched.developments() if d.kind == "article_edited")
        assert edit.details["stealth"] is False and "title" in edit.details["diff"]["fields"]
        change = edit.details["diff"]["changes"][0]
        assert change["removed"] == "nine months" and change["added"] == "a year"

        # the page goes back, byte for byte, to what it said first: a third version, not an error
        site.routes["/bridge"] = Route(page("Bridge to close for nine months", "Valley Courier", BRIDGE,
                                            extra="<p>Advert 0: buy shoes</p><p>Page generated at 10:00:00</p>"),
                                       "text/html")
        reverted = Poller(store, SETTINGS).poll(force=True)
        assert reverted.revised == first.added and not reverted.failures
        assert [v.title for v in watched.versions(first.added[0])] == [
            "Bridge to close for nine months", "Bridge to close for a year", "Bridge to close for nine months"]


def test_a_stopped_round_is_finished_by_the_next_one(site, tmp_path):
    setup_feeds(site)
    path = tmp_path / "w.db"
    with Store(path) as store:
        WatchStore(store).add_source(f"{site.base}/a/feed.xml", "feed", 900)
        calls = iter([False, True])  # stop after the fetches, before the stories are compared
        report = Poller(store, SETTINGS).poll(stop=lambda: next(calls, True))
        assert report.stopped and len(report.added) == 1 and not report.developments
        assert WatchStore(store).pending() == report.added
    with Store(path) as store:  # as after a kill: the article is stored, its story is still to compare
        resumed = Poller(store, SETTINGS).poll()
        assert not resumed.added and [d.kind for d in resumed.developments] == ["first_read"]
        assert resumed.developments[0].summary.startswith("1 story from the first read of")
        assert not WatchStore(store).pending()


def test_webhook_gets_new_developments_once_with_retries(site, tmp_path):
    import httpx

    setup_feeds(site)
    received: list[dict] = []
    answers = iter([500, 200, 200, 200])

    def hook(request: httpx.Request) -> httpx.Response:
        status = next(answers)
        if status == 200:
            received.append(json.loads(request.content))
        return httpx.Response(status)

    settings = Settings(**{**SETTINGS.__dict__, "watch_webhook": "http://hooks.invalid/rashomon"})
    with Store(tmp_path / "w.db") as store:
        WatchStore(store).add_source(f"{site.base}/b/feed.xml", "feed", 900)
        Poller(store, SETTINGS).poll()  # no webhook yet: what this round finds is not sent later
        WatchStore(store).add_source(f"{site.base}/a/feed.xml", "feed", 900)
        poller = Poller(store, settings, webhook_transport=httpx.MockTransport(hook), sleep=lambda s: None)
        report = poller.poll()
        assert report.delivered == 1  # after one failed attempt and a retry
        assert [d["summary"] for d in received[0]["developments"]] == [
            f"1 story from the first read of {site.base}/a/feed.xml, recorded without a development each"]
        poller.poll(force=True)
        assert len(received) == 1  # nothing new, nothing sent


def test_interval_and_diff_helpers():
    assert parse_interval("15m") == 900 and parse_interval("2h") == 7200 and parse_interval("90") == 90
    with pytest.raises(ValueError, match="not an interval"):
        parse_interval("soon")
    from rashomon.models import Article
    from rashomon.watch_records import ArticleVersion

    old = ArticleVersion("a", 1, "r", "t", "He said “we will win” and paid 12 dollars.\n\nMore.", "T")
    new = Article("a", "s", "He said “we shall win” and paid 15 dollars.\n\nMore.", "T")
    assert not same_article(old, new)
    assert same_article(old, Article("a", "s", "He  said “we will win” and\npaid 12 dollars. More.", "T"))
    diff = edit_diff(old, new)
    assert [(c["removed"], c["added"], c["quote"], c["number"]) for c in diff["changes"]] == [
        ("will", "shall", True, False), ("12", "15", False, True)]
    assert Path(__file__).exists()


def test_cli_watch_add_load_list_run_once_and_developments(site, tmp_path):
    from typer.testing import CliRunner

    from rashomon.cli import app

    setup_feeds(site)
    config = tmp_path / "settings.toml"
    config.write_text('allow_private_urls = true\nworkers = 1\nsimilarity = "lexical"\nwatch_host_delay = 0.0\n')
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{site.base}/b/feed.xml"\nevery = "1h"\nkind = "feed"\n')
    db = str(tmp_path / "cli.db")
    runner = CliRunner()

    def run(*args: str) -> object:
        return runner.invoke(app, ["--db", db, "--config", str(config), *args], catch_exceptions=False)

    added = run("watch", "add", f"{site.base}/a/feed.xml", "--every", "15m")
    assert added.exit_code == 0 and "every 15m" in added.output
    assert run("watch", "add", "ftp://x", "--every", "15m").exit_code == 2
    assert run("watch", "load", str(sources)).exit_code == 0
    listed = json.loads(run("watch", "list", "--json").output)
    assert [(s["kind"], s["interval"]) for s in listed] == [("auto", 900.0), ("feed", 3600.0)]
    once = run("watch", "run", "--once")
    assert once.exit_code == 0, once.output
    assert "first read of a source" in once.output
    again = run("watch", "run", "--once")  # nothing due yet
    assert again.exit_code == 0 and "0 sources polled" in again.output
    shown = json.loads(run("developments", "--json").output)
    assert sorted(d["kind"] for d in shown) == ["first_read", "first_read"]
    assert all(d["details"]["citations"] for d in shown)
    assert json.loads(run("developments", "--json", "--outlet", "coastal").output)[0]["outlets"] == ["Coastal Times"]
    assert json.loads(run("developments", "--json", "--since", "1h").output) == shown
    assert json.loads(run("developments", "--json", "--since", "2999-01-01").output) == []
    assert run("developments", "--since", "yesterday").exit_code == 2
    table = run("developments")
    assert "first read of a source" in table.output and "Eastmoor borough council" in table.output
    assert run("watch", "remove", "1").exit_code == 0
    assert len(json.loads(run("watch", "list", "--json").output)) == 1
    assert run("watch", "remove", "1").exit_code == 2


def watched_db(site: Site, path: Path) -> Path:
    """A database that has watched feed A and B through a new story, a new outlet and a silent edit."""
    state = setup_feeds(site)
    with Store(path) as store:
        watched = WatchStore(store)
        watched.add_source(f"{site.base}/a/feed.xml", "feed", 900)
        watched.add_source(f"{site.base}/b/feed.xml", "feed", 900)
        Poller(store, SETTINGS).poll()
        site.routes["/b/ferry"] = Route(page("Ferry terminal approved for Eastmoor", "Coastal Times", FERRY_B),
                                        "text/html")
        state["b"] = [{"title": "Ferry terminal approved", "link": f"{site.base}/b/ferry", "guid": "b-ferry",
                       "date": "Mon, 02 Mar 2026 12:00:00 GMT", "text": "Eastmoor approves ferry terminal."},
                      *state["b"]]  # type: ignore[misc]
        Poller(store, SETTINGS).poll(force=True)
        state["a"] = [entry("a1", "Council approves ferry terminal", FERRY_A.replace("£18 million", "£24 million"),
                            f"{site.base}/a/ferry")]
        Poller(store, SETTINGS).poll(force=True)
    return path


def test_web_developments_page_feed_history_and_watch_form(site, tmp_path):
    import xml.etree.ElementTree as ET

    from fastapi.testclient import TestClient

    from rashomon.web import WebConfig, create_app

    path = watched_db(site, tmp_path / "web.db")
    app = create_app(WebConfig(db=str(path), settings=SETTINGS))
    client = TestClient(app, base_url="http://localhost", headers={"Origin": "http://localhost"})
    listed = client.get("/developments.json").json()["developments"]
    assert {"first_read", "new_outlet", "fact_corroborated", "article_edited", "number_changed",
            "new_contradiction"} <= {d["kind"] for d in listed}
    assert client.get("/api/developments").json()["developments"] == listed
    html = client.get("/developments").text
    assert "Developments" in html and "Stealth edit" in html and "/developments.atom" in html
    only = client.get("/developments.json?kind=new_contradiction").json()["developments"]
    assert [d["kind"] for d in only] == ["new_contradiction"]
    assert client.get("/developments.json?kind=nonsense").status_code == 400
    assert client.get("/developments.json?outlet=coastal").json()["developments"]
    assert client.get("/developments.json?outlet=nobody").json()["developments"] == []

    feed = client.get("/developments.atom?kind=number_changed")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.tag == "{http://www.w3.org/2005/Atom}feed" and root.find("a:id", ns) is not None
    entries = root.findall("a:entry", ns)
    assert len(entries) == 1
    for tag in ("title", "id", "updated", "summary"):
        assert entries[0].find(f"a:{tag}", ns) is not None
    assert "£24" in entries[0].find("a:title", ns).text
    story = next(d["story_id"] for d in listed if d["kind"] == "number_changed")
    by_story = ET.fromstring(client.get(f"/developments.atom?story={story}").content).findall("a:entry", ns)
    assert len(by_story) == sum(1 for d in listed if d["story_id"] == story)

    page_html = client.get(f"/stories/{story}").text
    assert "History" in page_html and "<del>£18</del>" in page_html and "<ins>£24</ins>" in page_html
    history = client.get(f"/stories/{story}.json").json()["history"]
    assert history["edited_articles"][0]["versions"][1]["claimed_update"] is False

    # the form adds and removes sources; a cross-site post is refused
    token = app.state.config.form_token
    added = client.post("/watch/add", data={"url": f"{site.base}/c/feed.xml", "every": "2h", "kind": "feed",
                                            "token": token}, follow_redirects=False)
    assert added.status_code == 303
    sources = client.get("/watch.json").json()["sources"]
    assert client.get("/api/watch").json() == sources
    assert [s["interval"] for s in sources if s["url"].endswith("/c/feed.xml")] == [7200.0]
    assert client.post("/watch/add", data={"url": "http://x.example/feed", "token": token},
                       headers={"Origin": "https://evil.example"}).status_code == 403
    assert client.post("/api/watch", json={"url": "not a url"}).status_code == 400
    new_id = next(s["id"] for s in sources if s["url"].endswith("/c/feed.xml"))
    assert "Watched sources" in client.get("/watch").text
    assert client.post(f"/watch/{new_id}/remove", data={"token": token}, follow_redirects=False).status_code == 303
    assert len(client.get("/watch.json").json()["sources"]) == 2
    plain = TestClient(app, base_url="http://localhost")
    assert plain.delete("/api/watch/1").status_code == 403  # no Origin, no token
    assert plain.delete("/api/watch/1", headers={"Authorization": f"Bearer {token}"}).json() == {"removed": 1}


def _state(articles: dict[str, str], facts=(), conflicts=(), quotes=(), storyline=None) -> dict:
    return {"title": "Ferry", "articles": sorted(articles), "outlets": sorted(set(articles.values())),
            "article_outlets": articles, "storyline_id": storyline, "entities": ["Maria Okafor"],
            "facts": list(facts), "conflicts": list(conflicts), "quotes": list(quotes)}


def _variant(article: str, start: int, outlet: str, attribution: str, speaker: str = "Okafor") -> dict:
    return {"article_id": article, "start": start, "end": start + 30, "text": "bring thousands of visitors",
            "outlet": outlet, "attribution": attribution, "speaker_as_written": speaker}


def test_quote_attributed_differently_and_storyline_followup():
    from rashomon.watch.developments import story_developments

    direct = _variant("a", 10, "Harbour Gazette", "directly")
    old = _state({"a": "Harbour Gazette"}, quotes=[{"speaker": "Maria Okafor", "variants": [direct]}])
    via = _variant("b", 40, "Coastal Times", "via Reuters")
    same = _variant("c", 40, "Valley Courier", "directly")
    new = _state({"a": "Harbour Gazette", "b": "Coastal Times", "c": "Valley Courier"},
                 quotes=[{"speaker": "Maria Okafor", "variants": [direct, via, same]}])
    found = story_developments(1, old, new, {"b", "c"}, [])
    quoted = [d for d in found if d.kind == "quote_attribution"]
    assert len(quoted) == 1 and "via Reuters" in quoted[0].summary and "directly" in quoted[0].summary
    assert quoted[0].article_ids == ("b",) and quoted[0].details["citations"][0]["article_id"] == "b"
    assert sorted(d.kind for d in found) == ["new_outlet", "new_outlet", "quote_attribution"]
    # found again (a re-run): the same keys, so nothing is recorded twice
    assert [d.key for d in story_developments(1, old, new, {"b", "c"}, [])] == [d.key for d in found]

    other = _variant("d", 5, "Valley Courier", "directly", speaker="the harbour master")
    renamed = _state({"a": "Harbour Gazette", "d": "Valley Courier"},
                     quotes=[{"speaker": "Maria Okafor", "variants": [direct, other]}])
    assert "to the harbour master" in next(
        d for d in story_developments(1, old, renamed, {"d"}, []) if d.kind == "quote_attribution").summary

    followup = story_developments(7, None, _state({"e": "Harbour Gazette"}, storyline=3), {"e"}, [2])
    assert [d.kind for d in followup] == ["new_story", "storyline_followup"]
    assert followup[1].details["follows"] == [2]
    # a story that existed before it was watched: only the new article's outlet is a development
    joined = story_developments(8, None, _state({"f": "Harbour Gazette", "g": "Coastal Times"}), {"g"}, [])
    assert [(d.kind, d.outlets) for d in joined] == [("new_outlet", ("Coastal Times",))]


def test_run_loops_until_stopped_and_waits_for_the_next_due_source(site, tmp_path):
    setup_feeds(site)
    clock = Clock()
    with Store(tmp_path / "w.db") as store:
        WatchStore(store).add_source(f"{site.base}/a/feed.xml", "feed", 900, due="2000-01-01T00:00:00+00:00")
        rounds: list[object] = []
        poller = Poller(store, SETTINGS, clock=clock, sleep=clock.sleep)
        poller.run(lambda: len(rounds) >= 3, rounds.append, idle_step=60)
        assert len(rounds) == 3
        assert [r.sources for r in rounds] == [1, 1, 1]  # each round came when the source was due again
        assert [r.not_modified for r in rounds] == [0, 1, 1]
        assert clock.now >= 1_800_000_000 + 2 * 900


@pytest.mark.parametrize("command", ["watch add", "watch load", "watch list", "watch remove", "watch run",
                                     "developments"])
def test_watch_commands_have_help_with_an_example_and_are_documented(command):
    import re

    from typer.testing import CliRunner

    from rashomon.cli import app
    from tests.conftest import ROOT

    result = CliRunner().invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    text = re.sub(r"\s+", " ", result.stdout)
    assert f"rashomon {command}" in text and "Example" in text
    assert f"rashomon {command}" in (ROOT / "README.md").read_text()


def test_an_enormous_feed_is_cut_with_a_recorded_reason(site, tmp_path):
    site.routes["/many.xml"] = Route(rss("Valley Courier", [
        entry(str(n), f"Story {n}", BRIDGE.replace("nine", str(n + 10)), f"{site.base}/m/{n}") for n in range(5)]))
    settings = Settings(**{**SETTINGS.__dict__, "watch_max_entries": 2})
    with Store(tmp_path / "w.db") as store:
        WatchStore(store).add_source(f"{site.base}/many.xml", "feed", 900)
        report = Poller(store, settings).poll()
        assert len(report.added) == 2 and not report.failures
        assert any("lists 5 entries; the first 2 are read" in reason for _, reason in report.problems)


def test_requests_to_one_host_are_spaced_by_the_host_delay(site, tmp_path):
    setup_feeds(site)
    clock = Clock()
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.sleep(seconds)

    settings = Settings(**{**SETTINGS.__dict__, "watch_host_delay": 5.0})
    with Store(tmp_path / "w.db") as store:
        for path in ("/a/feed.xml", "/b/feed.xml"):
            WatchStore(store).add_source(f"{site.base}{path}", "feed", 900, due="2000-01-01T00:00:00+00:00")
        report = Poller(store, settings, clock=clock, sleep=sleep).poll()
    assert report.requests == 3  # two feeds and the page of feed B's teaser entry, all on one host
    assert slept == [5.0, 5.0]  # the clock stood still between requests: each waited the full delay


def test_development_filters_run_in_sql_with_the_limit(tmp_path):
    from rashomon.watch.views import developments_view
    from rashomon.watch_records import Development

    outlets = ["Ärzte Zeitung", "Harbour Gazette", "Coastal Times"]
    with Store(":memory:") as store:
        watched = WatchStore(store)
        made = [Development(f"k{n}", "new_outlet" if n % 2 else "new_story", f"Story {n}: ferry vote {n % 5}",
                            story_id=n % 4, outlets=(outlets[n % 3],), entities=("Maria Okafor",) if n % 7 == 0
                            else ("Eastmoor",)) for n in range(300)]
        watched.record_story(1, "f", {}, made, [])
        everything = watched.developments()

        def expected(outlet: str = "", entity: str = "", words: tuple[str, ...] = (), kind: str | None = None,
                     limit: int = 1000) -> list[str]:
            keys = [d.key for d in everything
                    if any(outlet.casefold() in o.casefold() for o in d.outlets)
                    and any(entity.casefold() in e.casefold() for e in d.entities)
                    and all(w.casefold() in d.summary.casefold() for w in words) and (kind in (None, d.kind))]
            return keys[:limit]

        def got(**query) -> list[str]:
            return [d.key for d in watched.developments(**query)]

        assert got(outlet="ärzte", limit=7) == expected("ärzte", limit=7) and len(got(outlet="ÄRZTE", limit=7)) == 7
        assert got(entity="okafor", kinds=["new_outlet"], limit=5) == expected(entity="okafor", kind="new_outlet",
                                                                               limit=5)
        assert got(words=["FERRY", "vote", "3"], outlet="coastal") == expected("coastal", words=("ferry", "vote", "3"))
        assert got(outlet="nobody") == []
        view = developments_view(store, outlet="gazette", entity="eastmoor", q="Ferry 2", limit=4)
        assert [d["key"] for d in view] == expected("gazette", "eastmoor", ("ferry", "2"), limit=4)


SCHOOL = (
    "Teachers at the four secondary schools of Dunmore walked out on Wednesday morning over a pay offer that their "
    "union called an insult, closing all four schools for the day.\n\n"
    "The county education office said the offer of three per cent matched what other counties had agreed, and "
    "asked the union to return to talks on Friday.\n\n"
    "Parents gathered outside the gates of St Brendan's to support the teachers, and the union said further "
    "strikes would follow next month if the offer was not improved."
)


def test_a_sources_first_read_is_recorded_quietly_and_later_polls_raise_developments(site, tmp_path):
    state = {"x": [entry("1", "Council approves ferry terminal", FERRY_A, f"{site.base}/x/ferry"),
                   entry("2", "Floods close road into Tarnbury", FLOOD * 2, f"{site.base}/x/flood"),
                   entry("3", "Bridge to close for nine months", BRIDGE * 2, f"{site.base}/x/bridge")],
             "y": [entry("4", "Ferry terminal approved for Eastmoor", FERRY_B, f"{site.base}/y/ferry",
                         "Mon, 02 Mar 2026 12:00:00 GMT")]}
    site.routes["/x.xml"] = Route(lambda: rss("Harbour Gazette", state["x"]))  # type: ignore[arg-type]
    site.routes["/y.xml"] = Route(lambda: rss("Coastal Times", state["y"]))  # type: ignore[arg-type]
    with Store(tmp_path / "w.db") as store:
        watched = WatchStore(store)
        watched.add_source(f"{site.base}/x.xml", "feed", 900)
        first = Poller(store, SETTINGS).poll()
        assert len(first.added) == 3 and kinds(store) == ["first_read"]
        read = first.developments[0]
        assert read.summary == (f"3 stories from the first read of {site.base}/x.xml, recorded without a "
                                "development each")
        assert read.outlets == ("Harbour Gazette",) and len(read.details["stories"]) == 3
        assert sorted(read.article_ids) == sorted(first.added)
        for cited in read.details["citations"]:
            assert store.article_text(cited["article_id"])[cited["start"]:cited["end"]] == cited["text"]
        assert {c["text"].split()[0] for c in read.details["citations"]} == {"The", "Heavy"}

        # a later entry of the same feed is news
        state["x"] = [entry("5", "Teachers strike in Dunmore", SCHOOL * 2, f"{site.base}/x/school"), *state["x"]]
        later = Poller(store, SETTINGS).poll(force=True)
        assert [d.kind for d in later.developments] == ["new_story"]
        assert "Teachers strike" in later.developments[0].summary

        # a second feed's first read joins a known story quietly: its outlet is not announced as news
        watched.add_source(f"{site.base}/y.xml", "feed", 900)
        joined = Poller(store, SETTINGS).poll()
        assert len(joined.added) == 1 and [d.kind for d in joined.developments] == ["first_read"]
        assert joined.developments[0].summary.startswith("1 story from the first read of")
        assert kinds(store) == ["first_read", "first_read", "new_story"]

        # its later entries are news like any other
        state["y"] = [entry("6", "Dunmore schools shut by strike", SCHOOL.replace("Wednesday", "Thursday") * 2,
                            f"{site.base}/y/school"), *state["y"]]
        news = Poller(store, SETTINGS).poll(force=True)
        assert [d.kind for d in news.developments if d.kind in ("new_outlet", "new_story")] == ["new_outlet"]
        assert next(d for d in news.developments if d.kind == "new_outlet").outlets == ("Coastal Times",)


def test_the_developments_page_links_a_first_read_to_its_stories(site, tmp_path):
    from fastapi.testclient import TestClient

    from rashomon.web import WebConfig, create_app

    path = watched_db(site, tmp_path / "web.db")
    client = TestClient(create_app(WebConfig(db=str(path), settings=SETTINGS)), base_url="http://localhost")
    read = next(d for d in client.get("/developments.json").json()["developments"] if d["kind"] == "first_read")
    html = client.get("/developments?kind=first_read").text
    assert all(f'<a href="/stories/{s}">{s}</a>' in html for s in read["details"]["stories"])
