"""The web app in a real browser (Debian's Chromium driven by Playwright; never a downloaded browser):
the story list, search, the demo story, a citation opening its source sentence, the coverage grid, an
upload, the offline report.html. Screenshots of the main pages go to test-output/screenshots/
(or $RASHOMON_TEST_OUTPUT/screenshots) for a person to look at."""

from __future__ import annotations

import json
import shutil
import urllib.request

import pytest

from rashomon.analysis import build_analysis
from rashomon.compare.similarity import encoder
from rashomon.report import write_analysis
from rashomon.settings import Settings
from rashomon.store import Store
from tests import chromium
from tests.chromium import shot
from tests.conftest import serving

pytestmark = chromium.pytestmark


# Profiles of three of the demo's (made-up) outlets, as a user's outlets file gives them: the story page's coverage bar
# then has known and unknown parts.
DEMO_PROFILES = """
[[outlet]]
name = "The Northgate Herald"
country = "GB"
language = "en"
type = "newspaper"
owner = "Northgate Media Ltd"
ownership = "private"
source = "https://northgate-herald.example/about"

[[outlet]]
name = "Meridian Press Agency"
country = "GB"
language = "en"
type = "agency"
owner = "Ministry of Information"
ownership = "state-owned"
source = "https://meridian.example/about"

[[outlet]]
name = "Eastbank Radio News"
country = "IE"
language = "en"
type = "broadcaster"
owner = "Eastbank Broadcasting Authority"
ownership = "public-service"
source = "https://eastbank.example/about"
"""


@pytest.fixture(scope="module")
def site(demo_db, tmp_path_factory):
    """The demo database, compared with a user's outlets file that profiles three of its outlets, served by uvicorn
    on a free loopback port."""
    from rashomon.extract.outlets import use_outlets_file
    from rashomon.web import WebConfig, create_app

    folder = tmp_path_factory.mktemp("site")
    path = folder / "rashomon.db"
    shutil.copy(demo_db, path)
    outlets = folder / "outlets.toml"
    outlets.write_text(DEMO_PROFILES, encoding="utf-8")
    settings = Settings(workers=1, similarity="lexical", outlets_file=str(outlets))
    use_outlets_file(str(outlets))
    try:
        with Store(path) as db:
            analysis = build_analysis(db, encoder("lexical"))
            write_analysis(analysis, folder / "out", db)
        app = create_app(WebConfig(db=str(path), settings=settings))
        with serving(app) as url:
            yield {"url": url, "app": app, "out": folder / "out"}
    finally:
        use_outlets_file(None)


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


def test_a_long_report_opens_on_its_index_and_the_grid_can_show_shared_facts_only(site, sized, monkeypatch):
    from rashomon.report import html as html_module

    width, page = sized

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
    assert page.evaluate("document.documentElement.scrollHeight") < 3 * WIDTHS[width]["height"]  # an index
    shot(page, f"report-long-index-{width}")
    fold = folds.filter(has=page.locator(f"#story-{biggest['id']}"))
    assert f"story {biggest['id']} · {biggest['article_count']} articles" in fold.locator("> summary").inner_text()
    fold.locator("> summary").click()  # the story opens where it stands
    assert page.locator(f"#story-{biggest['id']}").is_visible()
    assert page.locator("details.story-fold[open]").count() == 1
    fits(page, width)
    shown = page.locator(f"#story-{biggest['id']} table.grid tbody tr:visible").count()
    page.locator(f"#story-{biggest['id']} input.only-shared").check()
    shared = page.locator(f"#story-{biggest['id']} table.grid tbody tr:visible").count()
    assert 0 < shared < shown
    assert shared == sum(f["independent_sources"] >= 2 for f in biggest["facts"][:html_module.GRID_ROWS])
    page.locator(f"#story-{biggest['id']} ol.brief a.cite").first.click()
    assert page.locator(".sent.cited").first.is_visible()
    shot(page, f"report-long-{width}")
    other = next(s for s in analysis["stories"] if s["id"] != biggest["id"])
    page.evaluate(f"location.hash = '#story-{other['id']}'")  # a link to a folded story opens it
    assert page.locator(f"#story-{other['id']}").is_visible()


# The widths the story page, its forms and its regrouping are checked at: a phone held upright, and a desktop window.
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
TAP = 44  # px: the smallest a control a thumb presses is made on a phone (WCAG 2.5.5's target size)


@pytest.fixture(params=list(WIDTHS))
def sized(request, browser):
    """A fresh page at each of the widths (its name, the page); any script error or CSP violation fails the test."""
    context = browser.new_context(viewport=WIDTHS[request.param])
    page = context.new_page()
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    context.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield request.param, page
    context.close()
    assert not errors, errors


def fits(page, width: str) -> None:
    """Nothing on the page is wider than the window (a table or a row of cards scrolls inside its own box)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"] + 1


def big_enough(page, selector: str, width: str) -> None:
    """On a phone, every visible control ``selector`` finds is at least TAP pixels high."""
    if width != "phone":
        return
    heights = page.locator(selector).evaluate_all(
        "els => els.filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect().height)")
    assert heights and min(heights) >= TAP - 0.5, (selector, heights)


def open_story(page, url: str, title: str) -> None:
    page.goto(url + "/stories")
    page.locator(".story-card h2 a", has_text=title).click()
    page.wait_for_url("**/stories/*")


def test_the_story_page_leads_with_each_outlets_headline_and_the_coverage_bar(site, sized):
    width, page = sized
    open_story(page, site["url"], "spillway collapses")
    story = page.locator("article.story")
    headings = story.locator("h2").all_inner_texts()
    assert headings[:2] == ["How each outlet told it", "Brief"]  # the coverage first, then the brief, then the rest
    header = page.locator("section.headlines")
    assert header.bounding_box()["y"] < WIDTHS[width]["height"]  # it starts on the first screen
    cards = header.locator(".card")
    with urllib.request.urlopen(site["url"] + page.url.removeprefix(site["url"]) + ".json") as answer:
        coverage = json.load(answer)["analysis"]["coverage"]
    assert cards.count() == len(coverage) > 3
    for n, row in enumerate(coverage):  # outlet, date, headline and lead, in the order of the coverage
        card = cards.nth(n)
        assert card.locator(".who strong").inner_text() == row["outlet"]
        assert card.locator("h3").inner_text() == row["title"] and card.locator(".lead").inner_text()
        assert card.locator(".when").inner_text().strip()
    bars = header.locator("svg.share-bar")  # by owner type and by country, each part named by a chip
    assert bars.count() == 2 and all(bar.is_visible() for bar in bars.all())
    assert bars.first.get_attribute("aria-label") == ("Outlets by owner type: private 1, public-service 1, "
                                                      "state-owned 1, unknown 4")
    assert bars.first.locator("rect").count() == 4
    chips = header.locator(".coverage-bar .chip").all_inner_texts()
    assert chips[:4] == ["private 1", "public-service 1", "state-owned 1", "unknown 4"]
    assert "GB 2" in chips and "IE 1" in chips
    herald = cards.filter(has_text="The Northgate Herald")
    assert "British private newspaper" in herald.inner_text() and "owner: Northgate Media Ltd" in herald.inner_text()
    fits(page, width)
    shot(page, f"story-coverage-{width}")
    if width == "phone":  # the cards stay side by side: the next one is a swipe away, and the brief follows them
        assert cards.nth(1).bounding_box()["x"] >= WIDTHS["phone"]["width"] * 0.8
        brief = page.locator("section[id^=brief]").bounding_box()["y"] - header.bounding_box()["y"]
        assert brief < 2 * WIDTHS["phone"]["height"]
    big_enough(page, "nav.toc a, .grid-filter label", width)
    header.scroll_into_view_if_needed()
    shot(page, f"story-headlines-{width}")


def test_correcting_splitting_and_merging_from_the_pages(site, sized):
    """The edit form, a split (an article moved to a story of its own) and a merge, at a phone's width and a
    desktop's: each form fits the window, its controls are big enough to press, and each change is the user's."""
    width, page = sized
    with urllib.request.urlopen(site["url"] + "/api/stories") as answer:  # a story that outlives the split
        story = next(s for s in json.load(answer)["stories"] if s["article_count"] >= 2)
    home, article = story["id"], {"id": sorted(story["article_ids"])[-1]}
    page.goto(site["url"] + f"/articles/{article['id']}")
    page.click("a[href='#edit']")  # the link under the headline opens the form at the foot of the article
    assert page.locator("details#edit").evaluate("d => d.open") and page.locator("form.edit").first.is_visible()
    fits(page, width)
    big_enough(page, "form.edit input, form.edit button, details.edit > summary", width)
    page.fill("form.edit input[name=outlet]", "Harbour Gazette")
    page.fill("form.edit input[name=published]", "2026-10-06")
    page.locator("form.edit input[name=outlet]").scroll_into_view_if_needed()
    shot(page, f"article-edit-form-{width}")
    with page.expect_navigation():
        page.click("form.edit button:has-text('Save correction')")
    assert "Harbour Gazette" in page.locator("#main details summary").first.inner_text()
    page.click("text=Where each field came from")
    provenance = page.locator("details.provenance").inner_text()
    assert "outlet\tuser" in provenance and "title\tuser" not in provenance  # only what was changed
    fits(page, width)
    shot(page, f"article-corrected-{width}")
    # split: the article moved to a story of its own
    page.click("a[href='#regroup']")
    assert page.locator("details#regroup").evaluate("d => d.open")
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
    # the new story's page compares it and reloads itself when that is done
    page.wait_for_selector("[data-pending]", state="detached", timeout=120_000)
    page.wait_for_selector("section.headlines")
    fits(page, width)
    shot(page, f"story-split-{width}")
    # and merged back from its old story's page (in a tab of its own, the split-off story's closed: it would reload
    # itself when a comparison finished, into a story the merge has emptied)
    context = page.context
    page.close()
    page = context.new_page()
    page.goto(site["url"] + f"/stories/{home}")
    page.wait_for_selector("[data-pending]", state="detached", timeout=120_000)  # its new comparison, if it needs one
    form = f"form[action='/stories/{home}/merge']"
    big_enough(page, "details.edit > summary", width)
    page.locator("details.edit > summary", has_text="Merge other stories").click()
    page.fill(f"{form} input[name=stories]", str(split))
    fits(page, width)
    big_enough(page, f"{form} input, {form} button", width)
    page.locator(f"{form} button").scroll_into_view_if_needed()
    shot(page, f"story-merge-form-{width}")
    with page.expect_navigation():
        page.click(f"{form} button:has-text('Merge')")
    assert page.url.endswith(f"/stories/{home}")
    with urllib.request.urlopen(site["url"] + f"/api/articles/{article['id']}") as answer:
        assert json.load(answer)["story"]["id"] == home
    page.wait_for_selector("[data-pending]", state="detached", timeout=120_000)  # compared again, then reloaded
    page.wait_for_selector("section.headlines")
    assert page.locator("section.headlines .card", has_text="Harbour Gazette").count() == 1
    fits(page, width)
    shot(page, f"story-merged-{width}")


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
