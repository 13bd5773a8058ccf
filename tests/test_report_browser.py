"""report.html in a real browser (Debian's Chromium): what its leaner markup must still show."""

from __future__ import annotations

import re
import shutil

from rashomon.analysis import build_analysis
from rashomon.compare.similarity import encoder
from rashomon.report import write_analysis
from rashomon.store import Store
from tests import chromium

pytestmark = chromium.pytestmark


def test_a_citation_lights_every_sentence_it_covers_and_the_grid_shows_its_marks(demo_db, tmp_path, page):
    shutil.copy(demo_db, tmp_path / "r.db")
    with Store(tmp_path / "r.db") as db:
        analysis = build_analysis(db, encoder("lexical"))
        # the first brief citation made to run over the next two sentences too, as a long quote's does
        citation = next(s for s in analysis["stories"] if s["brief"])["brief"][0]["citations"][0]
        sentences = db.annotation(citation["article_id"]).sentences
        index = max(n for n, sentence in enumerate(sentences) if sentence.start <= citation["start"])
        citation["end"] = sentences[index + 2].end
        write_analysis(analysis, tmp_path / "out", db)
    report = tmp_path / "out" / "report.html"
    page.goto(report.as_uri())
    spanning = page.locator("ol.brief a.cite[data-last]").first
    first = int(re.search(r"-(\d+)$", spanning.get_attribute("href")).group(1))
    last = int(spanning.get_attribute("data-last"))
    assert last > first
    stem = spanning.get_attribute("href")[1:].rsplit("-", 1)[0]
    spanning.click()
    cited = page.locator(".sent.cited").evaluate_all("nodes => nodes.map(n => n.id)")
    assert cited == [f"{stem}-{n}" for n in range(first, last + 1)]
    assert page.locator(f"#{stem}-{first}").is_visible()
    single = page.locator("a.cite:not([data-last])").first
    single.click()
    assert page.locator(".sent.cited").evaluate_all("nodes => nodes.map(n => '#' + n.id)") == [
        single.get_attribute("href")]
    # a grid cell's mark comes from the style sheet, its tooltip from its title
    cell = page.locator("td.cell.first").first
    assert "★" in cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert cell.get_attribute("title") == "reported first"
