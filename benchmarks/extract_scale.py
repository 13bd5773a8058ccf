"""How extraction time grows with document size (issue 18 item 5: it grew faster than size).

    python benchmarks/extract_scale.py [--sizes 1,4,16] [--shapes html-article,text-article] [--profile]

Builds synthetic pages of each shape at each size (MB), reads them as ingest does
(``rashomon.ingest.readers.read_bytes``) and extracts them (``rashomon.extract.extract``) in this
process, and prints seconds and seconds per MB. Linear extraction keeps seconds per MB flat; the last
column is the ratio of the largest size's seconds per MB to the smallest's. ``--profile`` prints the
functions with the most cumulative time at the largest size (cProfile), to find a superlinear step.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import print_table

from rashomon.errors import InputError
from rashomon.extract import OutletRegistry, extract
from rashomon.ingest.readers import read_bytes
from rashomon.settings import Settings

MB = 1024 * 1024
TITLE = "Council approves ferry terminal after six years of debate"
PARAGRAPHS = [
    "The Eastmoor borough council voted on Monday to build a new ferry terminal on the site of the old fish "
    "market, ending a debate that has lasted six years.",
    "The terminal will cost £18 million and should open in the summer of 2028, the council's transport "
    "committee said in a statement published after the vote.",
    "\u201cThis is the day the harbour comes back to life,\u201d said councillor Maria Okafor, who chaired the "
    "committee. Opponents said the money would be better spent on the town's roads.",
    "Residents who live near the market said they feared more traffic on Quay Street, where lorries already "
    "queue in the mornings, and asked for a new access road before building starts.",
]


def _repeat(unit: Callable[[int], str], size: int) -> list[str]:
    """Units numbered 0, 1, 2, … until their total length reaches ``size`` bytes."""
    out, total, i = [], 0, 0
    while total < size:
        piece = unit(i)
        out.append(piece)
        total += len(piece.encode("utf-8"))
        i += 1
    return out


def _page(body: str) -> str:
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{TITLE} | Harbour Gazette</title>"
            "<meta property='og:site_name' content='Harbour Gazette'>"
            "<meta property='article:published_time' content='2026-05-04T09:00:00Z'></head>"
            f"<body><h1>{TITLE}</h1>{body}</body></html>")


def html_article(size: int) -> bytes:
    """A real-looking article's paragraphs repeated inside one <article>."""
    paras = _repeat(lambda i: f"<p>{PARAGRAPHS[i % len(PARAGRAPHS)]}</p>\n", size)
    return _page("<article>" + "".join(paras) + "</article>").encode()


def html_sections(size: int) -> bytes:
    """Many sections, each a subheading and distinct paragraphs."""
    paras = _repeat(lambda i: f"<h2>Part {i} of the harbour story</h2><p>Paragraph {i}: "
                    f"{PARAGRAPHS[i % len(PARAGRAPHS)]}</p>\n", size)
    return _page("<article>" + "".join(paras) + "</article>").encode()


def html_table(size: int) -> bytes:
    """One table of many rows of cells."""
    rows = _repeat(lambda i: f"<tr><td>Row {i}</td><td>{PARAGRAPHS[i % len(PARAGRAPHS)]}</td><td>{i * 7}</td></tr>\n",
                   size)
    return _page("<article><p>" + PARAGRAPHS[0] + "</p><table>" + "".join(rows) + "</table></article>").encode()


def html_divs(size: int) -> bytes:
    """Paragraphs in nested divs, ten deep, many times over."""
    blocks = _repeat(lambda i: "<div>" * 10 + f"<p>{PARAGRAPHS[i % len(PARAGRAPHS)]}</p>" + "</div>" * 10 + "\n",
                     size)
    return _page("".join(blocks)).encode()


def text_article(size: int) -> bytes:
    """A plain-text article (title, byline, paragraphs) repeated: a scrape saved many times in one file."""
    article = f"{TITLE}\n\nBy Jane Doe\n\n" + "\n\n".join(PARAGRAPHS) + "\n\n"
    return "".join(_repeat(lambda i: article, size)).encode()


def text_paragraphs(size: int) -> bytes:
    """One title and many distinct paragraphs."""
    paras = _repeat(lambda i: f"Paragraph {i}. {PARAGRAPHS[i % len(PARAGRAPHS)]}\n\n", size)
    return (f"{TITLE}\n\n" + "".join(paras)).encode()


def text_sections(size: int) -> bytes:
    """One title and many sections, each a subheading and a paragraph."""
    paras = _repeat(lambda i: f"Part {i} of the harbour story\n\nParagraph {i}. {PARAGRAPHS[i % len(PARAGRAPHS)]}\n\n",
                    size)
    return (f"{TITLE}\n\n" + "".join(paras)).encode()


def text_menus(size: int) -> bytes:
    """Headlines of other stories above and below the text (a menu at the head and in the footer)."""
    count = size // (len(PARAGRAPHS[0]) + 80)  # a paragraph and two headlines
    heads = [f"Story headline number {i} here" for i in range(count)]
    return "\n\n".join(heads + [f"{PARAGRAPHS[i % len(PARAGRAPHS)]} {i}." for i in range(count)] + heads).encode()


def html_one_word(size: int) -> bytes:
    """One paragraph of one enormous word: what a gzip bomb of one repeated byte decompresses to."""
    return b"<html><body><p>" + b"a" * size + b"</p></body></html>"


def text_one_line(size: int) -> bytes:
    """The article's sentences on one line, without a line break."""
    return ("".join(_repeat(lambda i: PARAGRAPHS[i % len(PARAGRAPHS)] + " ", size))).encode()


def html_one_line(size: int) -> bytes:
    """One paragraph holding every sentence (no block structure at all)."""
    return _page("<p>" + "".join(_repeat(lambda i: PARAGRAPHS[i % len(PARAGRAPHS)] + " ", size)) + "</p>").encode()


SHAPES: dict[str, tuple[str, Callable[[int], bytes]]] = {
    "html-article": ("page.html", html_article), "html-sections": ("page.html", html_sections),
    "html-table": ("page.html", html_table), "html-divs": ("page.html", html_divs),
    "html-one-word": ("page.html", html_one_word), "html-one-line": ("page.html", html_one_line),
    "text-article": ("page.txt", text_article), "text-paragraphs": ("page.txt", text_paragraphs),
    "text-sections": ("page.txt", text_sections), "text-menus": ("page.txt", text_menus),
    "text-one-line": ("page.txt", text_one_line),
}


def run_once(name: str, data: bytes, settings: Settings, registry: OutletRegistry) -> tuple[float, str]:
    """Seconds to read and extract one input, and what came of it."""
    start = time.perf_counter()
    outcome = "ok"
    try:
        for item in read_bytes(name, data, settings):
            if isinstance(item, InputError):
                outcome = type(item).__name__
            else:
                article = extract(item, settings, registry)
                outcome = f"{len(article.text.split()):,} words"
    except InputError as exc:
        outcome = type(exc).__name__
    return time.perf_counter() - start, outcome


def profile_once(name: str, data: bytes, settings: Settings, registry: OutletRegistry, top: int = 25) -> None:
    profiler = cProfile.Profile()
    profiler.runcall(run_once, name, data, settings, registry)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    print(out.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,4,16", help="sizes in MB, comma-separated")
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"some of {', '.join(SHAPES)}")
    parser.add_argument("--profile", action="store_true", help="cProfile each shape at the largest size")
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    settings = Settings(max_input_bytes=int(max(sizes) * MB) + MB, extract_timeout=0)
    registry = OutletRegistry.load(None)
    for warm, build in (("warm.html", html_article), ("warm.txt", text_article)):  # imports, model loads: not timed
        run_once(warm, build(MB // 8), settings, registry)
    rows = []
    for shape in args.shapes.split(","):
        filename, build = SHAPES[shape]
        per_mb = []
        run_once(filename, build(MB // 16), settings, registry)  # this shape's first-use costs, not timed
        for size in sizes:
            data = build(int(size * MB))
            seconds, outcome = run_once(filename, data, settings, registry)
            per_mb.append(seconds / (len(data) / MB))
            rows.append([shape, f"{len(data) / MB:.1f}", round(seconds, 2), round(per_mb[-1], 3),
                         round(per_mb[-1] / per_mb[0], 2), outcome])
            print(f"{shape} {size:g} MB: {seconds:.2f} s", file=sys.stderr, flush=True)
        if args.profile:
            profile_once(filename, build(int(sizes[-1] * MB)), settings, registry)
    print_table("Extraction time by size (one process)", ["shape", "MB", "seconds", "s/MB", "s/MB ÷ first",
                                                           "result"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
