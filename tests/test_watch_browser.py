"""Watching in a real browser (Debian's Chromium driven by Playwright; never a downloaded browser): the
developments page, a story's History section (with "new since you last looked"), and the watch form.
Screenshots go to test-output/screenshots/ (or $RASHOMON_TEST_OUTPUT/screenshots)."""

from __future__ import annotations

import time

import pytest

from rashomon.store import Store
from rashomon.store.watch import WatchStore
from rashomon.watch import Poller
from tests import chromium
from tests.chromium import shot
from tests.conftest import serving
from tests.test_watch import BRIDGE, SCHOOL, SETTINGS, entry, watched_db
from tests.watch_site import Route, Site, rss

pytestmark = chromium.pytestmark


@pytest.fixture(scope="module")
def feeds():
    with Site() as running:
        yield running


@pytest.fixture(scope="module")
def served(feeds, tmp_path_factory):
    """A database that watched two feeds through a new outlet and a silent edit, served on a free port."""
    from rashomon.web import WebConfig, create_app

    path = watched_db(feeds, tmp_path_factory.mktemp("watch-site") / "rashomon.db")
    with serving(create_app(WebConfig(db=str(path), settings=SETTINGS))) as url:
        yield {"url": url, "db": path}


def test_developments_page_filters_and_links_to_the_story(served, page):
    page.goto(served["url"] + "/developments")
    assert page.locator("h1").inner_text() == "Developments"
    items = page.locator("li.development")
    assert items.count() >= 6
    assert page.locator("li.kind-number_changed .dev-summary").inner_text().count("£") == 2
    assert page.locator("li.kind-article_edited .badge.contested", has_text="stealth edit").count() == 1
    shot(page, "developments")
    page.select_option("form.filters select[name=kind]", "new_contradiction")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/developments?kind=new_contradiction*")
    assert page.locator("li.development").count() == 1
    assert "£24" in page.locator("li.development ul.dev-cites").inner_text()
    page.locator("li.development a", has_text="story").first.click()
    page.wait_for_selector("section.history")
    assert page.locator("section.history h2").inner_text() == "History"


def test_story_history_marks_what_is_new_since_the_last_look(served, feeds, page):
    with Store(served["db"]) as store:
        story = next(d.story_id for d in WatchStore(store).developments() if d.kind == "article_edited")
    url = f"{served['url']}/stories/{story}"
    page.goto(url)
    assert "History" in page.locator("p.history-note").inner_text()
    shot(page, "story-history-note")
    history = page.locator("section.history")
    assert "<del>£18</del>" in history.inner_html() and "<ins>£24</ins>" in history.inner_html()
    assert page.locator("section.history li.development.new").count() == 0  # the first look: nothing marked
    page.locator("details.versions summary").first.click()
    history.scroll_into_view_if_needed()
    shot(page, "story-history")

    # a new outlet reports the story (in a feed already read once: a first read is quiet); the next look marks that
    first = entry("v0", "Teachers strike in Dunmore", SCHOOL * 2, f"{feeds.base}/v/school")
    feeds.routes["/v/feed.xml"] = Route(rss("Valley Courier", [first]))
    with Store(served["db"]) as store:
        WatchStore(store).add_source(f"{feeds.base}/v/feed.xml", "feed", 900)
        assert [d.kind for d in Poller(store, SETTINGS).poll().developments] == ["first_read"]
    feeds.routes["/v/feed.xml"] = Route(rss("Valley Courier", [entry(
        "v1", "Eastmoor ferry terminal approved",
        "The Eastmoor borough council voted on Monday to build a new ferry terminal on the site of the old fish "
        "market. The terminal will cost £18 million and should open in the summer of 2028, the council's "
        "transport committee said. Council leader Maria Okafor said the terminal would bring thousands of "
        "visitors to the quay every summer, and opponents said the plan would add traffic to the narrow streets "
        "around the quay. " + BRIDGE, f"{feeds.base}/v/ferry"), first]))
    time.sleep(1.1)  # developments are stamped to the second: the new one must come after the first look
    with Store(served["db"]) as store:
        report = Poller(store, SETTINGS).poll(force=True)
    assert any(d.story_id == story for d in report.developments), [d.summary for d in report.developments]
    page.goto(url)
    fresh = page.locator("section.history li.development.new")
    assert fresh.count() == sum(1 for d in report.developments if d.story_id == story)
    assert "new since you last looked" in page.locator(".since-last").inner_text()
    fresh.first.scroll_into_view_if_needed()
    shot(page, "story-history-new")


def test_watch_form_adds_and_removes_a_source(served, feeds, page):
    page.goto(served["url"] + "/watch")
    before = page.locator("table.sources tbody tr").count()
    page.fill("form.ingest input[name=url]", f"{feeds.base}/z/feed.xml")
    page.fill("form.ingest input[name=every]", "2h")
    page.click("form.ingest button[type=submit]")
    page.wait_for_url("**/watch")
    assert page.locator("table.sources tbody tr").count() == before + 1
    assert page.locator("table.sources", has_text="/z/feed.xml").count() == 1
    shot(page, "watch")
    page.locator("table.sources tr", has_text="/z/feed.xml").locator("button", has_text="Remove").click()
    page.wait_for_url("**/watch")
    assert page.locator("table.sources tbody tr").count() == before
