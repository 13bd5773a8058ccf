"""The web app in a real browser (Debian's Chromium driven by Playwright; never a downloaded browser):
the story list, search, the demo story, a citation opening its source sentence, the coverage grid, an
upload, the offline report.html. Screenshots of the main pages go to test-output/screenshots/
(or $RASHOMON_TEST_OUTPUT/screenshots) for a person to look at."""

from __future__ import annotations

import shutil

import pytest

from rashomon.analysis import build_analysis, write_analysis
from rashomon.compare.similarity import encoder
from rashomon.settings import Settings
from rashomon.store import Store
from tests import chromium
from tests.chromium import shot
from tests.conftest import serving

pytestmark = chromium.pytestmark


@pytest.fixture(scope="module")
def site(demo_db, tmp_path_factory):
    """The demo database, compared, served by uvicorn on a free loopback port."""
    from rashomon.web import WebConfig, create_app

    folder = tmp_path_factory.mktemp("site")
    path = folder / "rashomon.db"
    shutil.copy(demo_db, path)
    settings = Settings(workers=1, similarity="lexical")
    with Store(path) as db:
        analysis = build_analysis(db, encoder("lexical"))
        write_analysis(analysis, folder / "out", db)
    app = create_app(WebConfig(db=str(path), settings=settings))
    with serving(app) as url:
        yield {"url": url, "app": app, "out": folder / "out"}


def test_story_list_search_and_the_demo_story(site, page):
    page.goto(site["url"] + "/")
    assert page.locator("h1").inner_text() == "Stories"
    assert page.locator(".story-card").count() == 3
    shot(page, "stories")
    page.fill("input[name=q]", "spillway collapsed")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/stories?q=spillway*")
    assert page.locator(".story-card mark").count() > 0
    shot(page, "search")
    page.locator(".story-card h2 a", has_text="spillway collapses").click()
    page.wait_for_selector("#main h1")
    assert "Dam spillway collapses" in page.locator("#main h1").inner_text()
    assert page.locator("ol.brief li").count() >= 3
    shot(page, "story")


def test_citation_opens_the_highlighted_source_sentence(site, page):
    page.goto(site["url"] + "/stories")
    page.locator(".story-card h2 a", has_text="spillway collapses").click()
    citation = page.locator("ol.brief a.cite").first
    article_id = citation.get_attribute("data-article")
    target = citation.get_attribute("href").lstrip("#")
    assert not page.locator(f"#art-{article_id}").evaluate("d => d.open")
    citation.click()
    sentence = page.locator(f"#{target}")
    assert page.locator(f"#art-{article_id}").evaluate("d => d.open")
    assert sentence.is_visible()
    assert "cited" in sentence.get_attribute("class")
    background = sentence.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    shot(page, "citation")
    # keyboard: the next citation is reachable with Tab and opens with Enter
    page.locator("ol.brief a.cite").nth(1).focus()
    page.keyboard.press("Enter")
    assert page.locator(".sent.cited").count() >= 1


def test_coverage_grid(site, page):
    page.goto(site["url"] + "/stories")
    page.locator(".story-card h2 a", has_text="spillway collapses").click()
    page.locator("nav.toc a", has_text="Coverage").click()
    grid = page.locator("table.grid")
    assert grid.is_visible()
    assert grid.locator("thead th.col").count() == 7
    assert grid.locator("td.cell.first").count() > 0 and grid.locator("td.cell.reprint").count() > 0
    grid.scroll_into_view_if_needed()
    shot(page, "coverage-grid")


def test_phone_width_and_article_page(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site["url"] + "/stories")
    page.locator(".story-card h2 a", has_text="spillway collapses").click()
    page.wait_for_url("**/stories/*")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1  # nothing wider than the phone but the grid's own scroll box
    shot(page, "story-phone")
    page.locator("details.article summary").first.click()
    page.locator("details.article[open] a", has_text="article page").click()
    assert page.locator(".m-quote, .m-entity").count() > 0
    shot(page, "article")
    context.close()


def test_upload_from_the_browser(site, page, tmp_path):
    upload = tmp_path / "eastmoor-ferry.txt"
    upload.write_text(
        "Eastmoor ferry terminal approved\n\nBy Harbour Gazette staff\n\n"
        "The Eastmoor borough council voted on Monday to build a new ferry terminal on the site of the old fish "
        "market, ending a debate that has lasted six years.\n\nThe terminal will cost £18 million and should "
        "open in the summer of 2028, the council's transport committee said.\n\nOpponents said the plan would "
        "add traffic to the narrow streets around the quay.\n", encoding="utf-8")
    page.goto(site["url"] + "/ingest")
    shot(page, "ingest")
    page.set_input_files("input[name=files]", str(upload))
    page.click("form.ingest button[type=submit]")
    page.wait_for_url("**/jobs/*")
    page.wait_for_selector("[data-field=state]:text('done')", timeout=120_000)
    assert page.locator("[data-field=result] a").count() >= 1
    shot(page, "job-done")
    page.locator("[data-field=result] a").first.click()
    assert "ferry terminal" in page.locator("#main h1").inner_text().lower()


def test_report_html_works_offline_from_one_file(site, page):
    report = site["out"] / "report.html"
    html = report.read_text(encoding="utf-8")
    assert "<link rel=\"stylesheet\"" not in html and "src=\"http" not in html and "@import" not in html
    page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:") else
               route.continue_())
    page.goto(report.as_uri())
    assert page.locator("article.story").count() == 3
    citation = page.locator("ol.brief a.cite").first
    citation.click()
    assert page.locator(".sent.cited").first.is_visible()
    shot(page, "report-html")


def test_a_long_report_opens_on_its_index_and_the_grid_can_show_shared_facts_only(site, page, monkeypatch):
    from rashomon.report import html as html_module

    html_module.environment.cache_clear()
    monkeypatch.setattr(html_module, "UNFOLDED_STORIES", 1)  # the demo stories count as a long report
    try:
        with Store(site["out"].parent / "rashomon.db") as db:
            analysis = build_analysis(db, encoder("lexical"))
            written = write_analysis(analysis, site["out"].parent / "long", db)
    finally:
        html_module.environment.cache_clear()
    report = next(p for p in written if p.name == "report.html")
    page.goto(report.as_uri())
    folds = page.locator("details.story-fold")
    assert folds.count() == len(analysis["stories"]) > 1 and page.locator("details.story-fold[open]").count() == 0
    biggest = max(analysis["stories"], key=lambda s: s["article_count"])
    page.click(f"ol.story-index a[href='#story-{biggest['id']}']")
    assert page.locator(f"#story-{biggest['id']}").is_visible()
    shown = page.locator(f"#story-{biggest['id']} table.grid tbody tr:visible").count()
    page.locator(f"#story-{biggest['id']} input.only-shared").check()
    shared = page.locator(f"#story-{biggest['id']} table.grid tbody tr:visible").count()
    assert 0 < shared < shown
    assert shared == sum(f["independent_sources"] >= 2 for f in biggest["facts"][:html_module.GRID_ROWS])
    page.locator(f"#story-{biggest['id']} ol.brief a.cite").first.click()
    assert page.locator(".sent.cited").first.is_visible()
    shot(page, "report-long")


def test_correcting_and_moving_an_article_from_its_page(site, page):
    import json
    import urllib.request

    with urllib.request.urlopen(site["url"] + "/api/stories") as answer:  # a story that outlives the split
        story = next(s for s in json.load(answer)["stories"] if s["article_count"] >= 2)
    home, article = story["id"], {"id": sorted(story["article_ids"])[-1]}
    page.goto(site["url"] + f"/articles/{article['id']}")
    page.locator("details.edit").first.evaluate("d => { d.open = true; }")  # open (already open if no outlet)
    page.fill("form.edit input[name=outlet]", "Harbour Gazette")
    page.fill("form.edit input[name=published]", "2026-10-06")
    with page.expect_navigation():
        page.click("form.edit button:has-text('Save correction')")
    assert "Harbour Gazette" in page.locator("#main details summary").first.inner_text()
    page.click("text=Where each field came from")
    provenance = page.locator("details.provenance").inner_text()
    assert "outlet\tuser" in provenance and "title\tuser" not in provenance  # only what was changed
    shot(page, "article-corrected")
    page.locator("details.edit").nth(1).evaluate("d => { d.open = true; }")
    page.fill("form[action$='/move'] input[name=story]", "new")
    with page.expect_navigation():
        page.click("form[action$='/move'] button:has-text('Move')")
    assert "/stories/" in page.url
    with urllib.request.urlopen(site["url"] + f"/api/articles/{article['id']}") as answer:
        moved = json.load(answer)
    assert moved["outlet"] == "Harbour Gazette" and moved["provenance"]["outlet"] == "user"
    assert page.url.endswith(f"/stories/{moved['story']['id']}")
    split = moved["story"]["id"]
    assert split != home
    # and merged back from its old story's page (in a tab of its own: the new story's page reloads itself when its
    # comparison is done, which would interrupt a navigation away from it)
    page = page.context.new_page()
    page.goto(site["url"] + f"/stories/{home}")
    page.locator("details.edit", has_text="Merge other stories").evaluate("d => { d.open = true; }")
    page.fill(f"form[action='/stories/{home}/merge'] input[name=stories]", str(split))
    shot(page, "story-merge-form")
    with page.expect_navigation():
        page.click(f"form[action='/stories/{home}/merge'] button:has-text('Merge')")
    assert page.url.endswith(f"/stories/{home}")
    with urllib.request.urlopen(site["url"] + f"/api/articles/{article['id']}") as answer:
        assert json.load(answer)["story"]["id"] == home


def test_uploading_seventeen_files_with_one_bad_one_stores_the_sixteen(tmp_path, page):
    """Issue 18 item 1 through the path users take: a browser uploads 17 files to a server with the default
    settings (extraction in worker processes from 16 documents on); one file is too short to be an article.
    The job ends done, names the bad file and its reason, and the 16 others are stored."""
    from rashomon.web import WebConfig, create_app

    folder = tmp_path / "upload"
    folder.mkdir()
    for n in range(16):
        (folder / f"harbour-{n:02d}.txt").write_text(
            f"Harbour works phase {n} approved\n\nBy Coastal Times staff\n\n"
            f"The Eastmoor borough council approved phase {n} of the harbour works on Monday, after a debate "
            f"that lasted {n + 2} hours and drew residents from both sides of the quay.\n\nThe phase will cost "
            f"£{n + 3} million and should be finished by the spring, the council's transport committee said, "
            "adding that the ferry timetable would not change during the works.\n", encoding="utf-8")
    (folder / "one-line.txt").write_text("Too short.\n", encoding="utf-8")
    path = tmp_path / "rashomon.db"
    Store(path).close()
    app = create_app(WebConfig(db=str(path), settings=Settings(similarity="lexical")))  # workers = 0: processes
    with serving(app) as url:
        page.goto(url + "/ingest")
        page.set_input_files("input[name=files]", sorted(str(p) for p in folder.iterdir()))
        page.click("form.ingest button[type=submit]")
        page.wait_for_url("**/jobs/*")
        page.wait_for_selector("[data-field=state]:text-matches('done|failed')", timeout=300_000)
        assert page.locator("[data-field=state]").inner_text() == "done"
        messages = page.locator("[data-field=messages]").inner_text()
        assert "one-line.txt" in messages and "16 added" in messages, messages
        assert "Traceback" not in messages and "BrokenProcessPool" not in messages
    with Store(path) as db:
        assert db.counts()["articles"] == 16
        errors = db.errors()
        assert len(errors) == 1 and errors[0].source.endswith("one-line.txt"), errors
