"""The size of ``report.html`` for a 180-article analysis, and what a reader's browser opens first.

Issue 19 asks that a long analysis opens on an index of its stories, each story on demand. This builds one from
real text: BASIL events (../shared/data/clustering/basil, each told by The New York Times, Fox News and
HuffPost), 60 events of three articles, written to a JSON Lines file and run through the whole pipeline (ingest,
annotate, cluster, compare) into a fresh database, then written out as ``rashomon analyze`` writes it.
It reports:

- the size of ``report.html`` in bytes (and of ``analysis.json`` and ``report.md`` beside it);
- the opening page: everything outside the folded stories (style sheet, script, the index of stories);
- the per-story pieces (each folded story): the largest, the median and how many;
- the height the opening page renders to in headless Chromium (Debian's, never a downloaded one), at a desktop
  width and a phone's, how long it took to load, and how tall the page is with its first story opened;
  skipped when Chromium or Playwright is absent.

    python benchmarks/report_size.py                       # 180 articles, lexical similarity
    python benchmarks/report_size.py --articles 60 --similarity minilm --keep /tmp/report-size

Without ../shared/data it says so and exits 0. Nothing is pinned: the sizes are reported, not checked.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from _common import print_table, shared_data

from rashomon.pipeline import run_pipeline
from rashomon.report import write_analysis
from rashomon.settings import Settings
from rashomon.store import Store

OUTLETS = {"nyt": "The New York Times", "fox": "Fox News", "hpo": "HuffPost"}  # BASIL's source codes
CHROMIUM = Path("/usr/bin/chromium")
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
FOLD = re.compile(r'<details class="story-fold">.*?</article>\s*</details>', re.S)


def basil_articles(root: Path, wanted: int) -> list[dict[str, str]]:
    """About ``wanted`` BASIL articles as JSON Lines records, whole events in the order of their years: the events
    told by all three outlets first, then the others, until there are ``wanted`` articles or no more."""
    by_event: dict[str, list[dict[str, str]]] = defaultdict(list)
    for path in sorted(root.glob("articles/*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        text = "\n\n".join(" ".join(p) for p in data.get("body-paragraphs", []))
        source = str(data.get("source", "")).lower()  # two events spell it "NYT"
        if source in OUTLETS and text.strip():
            by_event[data["triplet-uuid"]].append({"title": data.get("title") or "", "published": data.get("date"),
                                                   "outlet": OUTLETS[source], "text": text})
    events = sorted(by_event.values(), key=lambda articles: len({a["outlet"] for a in articles}) < 3)
    chosen: list[dict[str, str]] = []
    for articles in events:
        if len(chosen) >= wanted:
            break
        chosen += articles
    return chosen


def build(records: list[dict[str, str]], folder: Path, similarity: str) -> tuple[dict[str, float], Path]:
    """Run the pipeline on the records and write the report files; the seconds each part took, and the folder."""
    corpus = folder / "basil.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    seconds: dict[str, float] = {}
    with Store(folder / "rashomon.db") as store:
        started = last = time.perf_counter()

        def step_done(step: str, _: object) -> None:
            nonlocal last
            seconds[step] = time.perf_counter() - last
            last = time.perf_counter()

        result = run_pipeline([str(corpus)], store, Settings(similarity=similarity), step_done=step_done)
        seconds["the whole pipeline"] = time.perf_counter() - started
        assert result.analysis is not None
        started = time.perf_counter()
        write_analysis(result.analysis, folder / "out", store)
        seconds["write analysis.json, report.md, report.html"] = time.perf_counter() - started
    return seconds, folder / "out"


def sizes(out: Path) -> list[list[object]]:
    """Rows of (what, bytes) for the files and the parts of report.html."""
    html = (out / "report.html").read_text(encoding="utf-8")
    folds = [len(m.group(0).encode()) for m in FOLD.finditer(html)]
    total = len(html.encode())
    rows: list[list[object]] = [[name, f"{(out / name).stat().st_size:,}"]
                                for name in ("report.html", "analysis.json", "report.md")]
    style = sum(len(m.group(0).encode()) for m in re.finditer(r"<style>.*?</style>|<script>.*?</script>", html, re.S))
    rows += [["report.html: the opening page (all outside the folded stories)", f"{total - sum(folds):,}"],
             ["  of which the inlined style sheet and script", f"{style:,}"],
             ["report.html: folded stories", f"{len(folds)}"],
             ["report.html: largest story", f"{max(folds, default=0):,}"],
             ["report.html: median story", f"{int(statistics.median(folds)) if folds else 0:,}"]]
    return rows


def rendered(report: Path) -> list[list[object]]:
    """Rows of (what, value): the opening page's height and load time in headless Chromium at each width."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [["rendered height", "skipped: playwright is not installed"]]
    if not CHROMIUM.exists():
        return [["rendered height", f"skipped: no Chromium at {CHROMIUM}"]]
    rows: list[list[object]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        for width, height in WIDTHS.values():
            page = browser.new_context(viewport={"width": width, "height": height}).new_page()
            started = time.perf_counter()
            page.goto(report.as_uri(), wait_until="load")
            loaded = time.perf_counter() - started
            tall = page.evaluate("document.documentElement.scrollHeight")
            opened = page.locator("details.story-fold[open]").count()
            rows += [[f"opening page at {width}x{height}: height (px)", f"{tall:,}"],
                     [f"opening page at {width}x{height}: stories shown open", opened],
                     [f"opening page at {width}x{height}: load (s)", f"{loaded:.2f}"]]
            # the first story, opened from the index as a reader does: how tall the page then is
            page.locator("details.story-fold > summary").first.click()
            rows.append([f"first story opened at {width}x{height}: page height (px)",
                         f"{page.evaluate('document.documentElement.scrollHeight'):,}"])
            page.context.close()
        browser.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=180, help="about this many articles, whole events")
    parser.add_argument("--similarity", default="lexical",
                        help="sentence similarity: lexical (default: keeps the run to a few minutes) or minilm")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    basil = shared_data("clustering", "basil")
    if basil is None:
        print("../shared/data/clustering/basil is absent; nothing to measure.")
        return 0
    records = basil_articles(basil, args.articles)
    with tempfile.TemporaryDirectory(prefix="report-size-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        seconds, out = build(records, folder, args.similarity)
        rows = sizes(out) + rendered(out / "report.html")
        print_table(f"report.html of {len(records)} BASIL articles (similarity {args.similarity})",
                    ["measure", "value"], rows)
        print_table("Time", ["step", "seconds"], [[step, s] for step, s in seconds.items()])
    return 0


if __name__ == "__main__":
    sys.exit(main())
