"""The report layer: what it may import, and the size and completeness of ``report.html``."""

import ast
import subprocess
import sys
from pathlib import Path

import rashomon

PACKAGE = Path(rashomon.__file__).parent


def _imported(path: Path) -> set[str]:
    """The modules a file imports at its top level (where an import loop would bite)."""
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_analysis_does_not_import_the_report_layer():
    # DESIGN.md: compare -> StoryAnalysis -> render; the report layer (report/) reads the analysis, never the reverse
    assert not {m for m in _imported(PACKAGE / "analysis.py") if m.startswith("rashomon.report")}
    assert "rashomon.analysis" in _imported(PACKAGE / "report" / "pages.py")
    loaded = subprocess.run([sys.executable, "-c", "import sys, rashomon.analysis; "
                             "print(sorted(m for m in sys.modules if m.startswith('rashomon.report')))"],
                            capture_output=True, text=True, check=True, timeout=300)
    assert loaded.stdout.strip() == "[]"
    # either module may be imported first, as the web app and the CLI do
    for first in ("rashomon.report.pages", "rashomon.analysis", "rashomon.report"):
        subprocess.run([sys.executable, "-c", f"import {first}; from rashomon.report import write_analysis, pages"],
                       check=True, timeout=300)


def _marks_by_character(html):
    """Per character of a marked sentence: the classes of every element around it, and the innermost title."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.stack, self.chars, self.text = [], [], ""

        def handle_starttag(self, tag, attrs):
            self.stack.append(dict(attrs))

        def handle_endtag(self, tag):
            self.stack.pop()

        def handle_data(self, data):
            classes = {c for element in self.stack for c in element["class"].split()}
            title = self.stack[-1]["title"] if self.stack else ""
            self.chars += [(classes, title)] * len(data)
            self.text += data

    reader = Reader()
    reader.feed(str(html))
    assert not reader.stack  # every element closed
    return reader.chars, reader.text, str(html).count("<span")


def test_marks_nest_in_a_sentence_and_every_character_keeps_its_marks_and_tooltip():
    from rashomon.report.html import marked_sentence

    text = 'Then "Ada Brook met Okafor in Tolsk on Monday," the mayor said. Later that day it rained.'
    quote = (text.index('"') + 1, text.index(',"'))
    spans = [(*quote, "quote", "direct quote — Ruth Calloway"),
             (text.index("the mayor"), text.index(" said"), "speaker", "speaker: Ruth Calloway"),
             (text.index("Ada"), text.index(" met"), "entity", "PERSON"),
             (text.index("Okafor"), text.index(" in T"), "entity", "PERSON"),
             (text.index("Tolsk"), text.index(" on"), "entity", "PLACE"),
             (text.index("Monday"), text.index("Monday") + 6, "entity", "DATE"),
             (text.index("Monday"), text.index(',"'), "date", "date: 2026-03-02"),
             (text.index("Monday"), text.index(" the mayor"), "entity", "DATE")]  # crosses the quote's end
    end = text.index(" Later")
    html, shown, elements = _marks_by_character(marked_sentence(text, 0, end, spans))
    assert shown == text[:end]
    # the quote is one element with its three names inside; the date's two marks of one range are one element;
    # the mark crossing the quote's end is closed there and opened again; the speaker: 1 + 3 + 1 + 2 + 1
    assert elements == 8
    for i, (classes, title) in enumerate(html):  # as when every piece had its own element and tooltip
        covering = [s for s in spans if s[0] <= i < s[1]]
        assert classes == {f"m-{s[2]}" for s in covering}, (i, text[i])
        assert title == "; ".join(dict.fromkeys(s[3] for s in covering)), (i, text[i])
    assert len(html) == end


def test_report_html_is_lean_and_every_link_in_it_resolves(demo_db, tmp_path):
    import re
    import shutil

    from rashomon.analysis import build_analysis
    from rashomon.compare.similarity import encoder
    from rashomon.report import write_analysis
    from rashomon.store import Store

    shutil.copy(demo_db, tmp_path / "r.db")
    with Store(tmp_path / "r.db") as db:
        write_analysis(build_analysis(db, encoder("lexical")), tmp_path / "out", db)
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    ids = set(re.findall(r' id="([^"]+)"', html))
    links = re.findall(r'href="#([^"]+)"', html)
    assert len([t for t in links if t.startswith("s-")]) > 20 and set(links) <= ids | {"top", "main"}
    # a grid cell is its class and tooltip: the mark and what a screen reader says come from the style sheet
    cells = re.findall(r"<td class=\"cell [^\"]*\"[^>]*>(.*?)</td>", html)
    assert len(cells) > 100 and set(cells) == {""}
    assert 'td.cell.reported::before { content: "●"; content: "●" / "reported"; }' in html
    # no template indentation between tags; marks are nested elements (a quote's names inside it)
    assert not re.search(r">\n[ \t]+<", html)
    assert re.search(r'<span class="m-quote" title="[^"]+">[^<]*<span class="m-entity"', html)


def test_an_undated_article_is_never_shown_to_have_reported_a_fact_first():
    """Two undated articles state a fact: nothing says which came first, so neither the grid, report.md nor an
    outlet's page says one did (the comparison names one of them as its first reporter all the same)."""
    from rashomon.report.markdown import analysis_markdown
    from rashomon.report.pages import coverage_grid

    support = [{"article_id": a, "reprint": False, "start": 0, "end": 5, "text": "It burned."} for a in ("a", "b")]
    fact = {"id": "f1", "text": "The bridge burned.", "status": "corroborated", "independent_sources": 2,
            "support": support, "first_reported_by": {"article_id": "a", "outlet": "A", "published": None,
                                                      "tied_with": []}}
    coverage = [{"article_id": a, "outlet": a.upper(), "published": None, "reprint_of": None} for a in ("a", "b")]
    analysis = {"facts": [fact], "omissions": [], "coverage": coverage}
    assert coverage_grid(analysis, [])["rows"][0]["cells"] == ["reported", "reported"]
    dated = {**fact, "first_reported_by": {**fact["first_reported_by"], "published": "2026-05-03"}}
    dated_coverage = [{**coverage[0], "published": "2026-05-03"}, coverage[1]]
    assert coverage_grid({**analysis, "facts": [dated], "coverage": dated_coverage}, [])["rows"][0]["cells"] == [
        "first", "reported"]
    alone = {**dated, "status": "single-source", "independent_sources": 1, "support": support[:1]}
    assert coverage_grid({**analysis, "facts": [alone], "coverage": dated_coverage}, [])["rows"][0]["cells"] == [
        "reported", ""]
    story = {"id": 1, "title": "Fire", "article_ids": ["a", "b"], "compared_article_ids": ["a", "b"],
             "first_published": None, "last_published": None, "outlets": ["A", "B"], "article_count": 2,
             "independent_count": 2, "storyline_id": None, "notes": [], "brief": [], "facts": [fact],
             "conflicts": [], "quotes": [], "omissions": [], "exclusives": [], "coverage": coverage, "entities": [],
             "framing": [], "timeline": []}
    text = analysis_markdown({"schema": "rashomon.analysis/1", "generator": "test", "similarity": "lexical",
                              "articles": [], "stories": [story]})
    assert "| corroborated | 2 | unknown (undated) |" in text
    # "a" dated, "b" not: "a" is first among the dated, and "b" may have been earlier; it is no tie with "a"
    coverage[0]["published"] = "2026-05-03"
    story["facts"] = [{**dated, "first_reported_by": {**dated["first_reported_by"], "tied_with": ["b"]}}]
    text = analysis_markdown({"schema": "rashomon.analysis/1", "generator": "test", "similarity": "lexical",
                              "articles": [], "stories": [story]})
    assert "| corroborated | 2 | A1 (or undated A2) |" in text
    assert coverage_grid({**analysis, "facts": story["facts"], "coverage": coverage}, [])["rows"][0]["cells"] == [
        "first", "reported"]
