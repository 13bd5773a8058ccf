"""Article body and metadata extraction benchmark.

Scores Rashomon's HTML extraction against reference extractors on two real sets:

* ``../shared/data/extraction/aeb`` (Zyte article-extraction-benchmark, 181 news pages): body only.
* ``../shared/data/extraction/wcxb-dev-articles`` (WCXB dev, 790 article pages): body, title,
  author and publication date.

Body metric (re-implemented from the AEB description): 4-word shingles of lower-cased ``\\w+``
tokens, precision/recall/F1 per page, mean over pages. Metadata: share of pages whose field is
right after normalisation (title: case, punctuation and spacing ignored; author: the same set of
names; date: the same calendar day), over the pages whose gold states the field.

Reference rows (same pages, same decoding, same scorer): trafilatura with plain defaults,
trafilatura with favor_precision, readability-lxml, newspaper4k. Their outputs are cached in
``.cache/bench`` (delete it or pass --refresh to re-run them).

Usage::

    python benchmarks/extraction.py            # all rows, both sets
    python benchmarks/extraction.py --check    # also compare with benchmarks/floors.toml
    python benchmarks/extraction.py --only rashomon --limit 100
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, check_floors, floor_status, print_table, shared_data

CACHE_DIR = ROOT / ".cache" / "bench" / "extraction"
TOKEN = re.compile(r"\w+")
NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\||\band\b)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    id: str
    url: str | None
    html: str
    body: str
    title: str | None = None
    author: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Output:
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None


# --- data -------------------------------------------------------------------------------------

def _read_html(path: Path) -> str:
    from rashomon.ingest.decode import decode_bytes

    return decode_bytes(gzip.decompress(path.read_bytes()), html=True).text


def load_aeb(root: Path) -> Iterator[Page]:
    truth = json.loads((root / "ground-truth.json").read_text())
    for page_id in sorted(truth):
        html_path = root / "html" / f"{page_id}.html.gz"
        if html_path.exists():
            item = truth[page_id]
            yield Page(page_id, item.get("url"), _read_html(html_path), item.get("articleBody") or "")


def load_wcxb(root: Path) -> Iterator[Page]:
    for gt_path in sorted((root / "ground-truth").glob("*.json")):
        html_path = root / "html" / f"{gt_path.stem}.html.gz"
        if not html_path.exists():
            continue
        gold = json.loads(gt_path.read_text())
        yield Page(
            gt_path.stem, gold.get("url"), _read_html(html_path), gold.get("main_content") or "",
            gold.get("title"), gold.get("author"), gold.get("publish_date"),
        )


# --- scoring ----------------------------------------------------------------------------------

def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text.lower())
    if len(tokens) < size:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def body_prf(predicted: str, gold: str) -> tuple[float, float, float]:
    pred, true = shingles(predicted), shingles(gold)
    if not pred and not true:
        return 1.0, 1.0, 1.0
    if not pred or not true:
        return 0.0, 0.0, 0.0
    overlap = sum((pred & true).values())
    precision, recall = overlap / sum(pred.values()), overlap / sum(true.values())
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return precision, recall, f1


def norm_text(value: str | None) -> str:
    if not value:
        return ""
    value = unicodedata.normalize("NFKC", value).casefold()
    value = re.sub(r"[^\w\s]", " ", value)
    return " ".join(value.split())


def names(value: str | None) -> frozenset[str]:
    if not value:
        return frozenset()
    value = re.sub(r"^\s*by\s+", "", value, flags=re.IGNORECASE)
    return frozenset(n for n in (norm_text(p) for p in NAME_SPLIT.split(value)) if n)


def title_ok(pred: str | None, gold: str | None) -> bool:
    return norm_text(pred) == norm_text(gold)


def author_ok(pred: str | None, gold: str | None) -> bool:
    return names(pred) == names(gold)


def date_ok(pred: str | None, gold: str | None) -> bool:
    return bool(pred) and (pred or "")[:10] == (gold or "")[:10]


# --- extractors -------------------------------------------------------------------------------

def run_rashomon(page: Page) -> Output:
    from rashomon.extract.html import extract_html

    result = extract_html(page.html, url=page.url)
    published = result.published.value if result.published else None
    return Output(result.text, result.title.value if result.title else None,
                  result.author.value if result.author else None,
                  published.isoformat() if published else None)


def run_trafilatura(page: Page, **options: Any) -> Output:
    import trafilatura

    doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True, **options)
    if doc is None:
        return Output("")
    return Output(doc.text or "", doc.title, doc.author, doc.date)


def run_readability(page: Page) -> Output:
    import lxml.html
    from readability import Document

    document = Document(page.html)
    summary = document.summary(html_partial=True)
    text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
    return Output(text, document.short_title())


def run_newspaper(page: Page) -> Output:
    import newspaper

    config = newspaper.Config()
    config.fetch_images = False  # it would download the top image to measure it; this machine is offline
    article = newspaper.Article(page.url or "http://example.com/", config=config)
    article.download(input_html=page.html)
    article.parse()
    date = article.publish_date.isoformat() if article.publish_date else None
    return Output(article.text or "", article.title, ", ".join(article.authors) or None, date)


EXTRACTORS: dict[str, tuple[Callable[[Page], Output], bool]] = {
    # name: (function, cacheable reference row)
    "rashomon": (run_rashomon, False),
    "trafilatura (defaults)": (run_trafilatura, True),
    "trafilatura (favor_precision)": (lambda p: run_trafilatura(p, favor_precision=True), True),
    "readability-lxml": (run_readability, True),
    "newspaper4k": (run_newspaper, True),
}


def run_extractor(name: str, dataset: str, pages: list[Page], refresh: bool) -> tuple[list[Output], float]:
    """Outputs for every page and the elapsed seconds (cached for reference rows)."""
    function, cacheable = EXTRACTORS[name]
    cache = CACHE_DIR / f"{dataset}-{re.sub(r'[^a-z0-9]+', '_', name.lower())}-{len(pages)}.json"
    if cacheable and cache.exists() and not refresh:
        data = json.loads(cache.read_text())
        return [Output(**o) for o in data["outputs"]], data["seconds"]
    outputs = []
    started = time.perf_counter()
    for page in pages:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                outputs.append(function(page))
        except Exception as exc:  # a reference extractor crashing on a page scores zero there
            print(f"  {name} failed on {dataset}/{page.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
            outputs.append(Output(""))
    seconds = time.perf_counter() - started
    if cacheable:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"seconds": seconds, "outputs": [o.__dict__ for o in outputs]}))
    return outputs, seconds


def score(pages: list[Page], outputs: list[Output], seconds: float, metadata: bool) -> dict[str, float]:
    prf = [body_prf(o.text, p.body) for p, o in zip(pages, outputs, strict=True)]
    result = {
        "body_precision": mean(x[0] for x in prf),
        "body_recall": mean(x[1] for x in prf),
        "body_f1": mean(x[2] for x in prf),
        "pages_per_second": len(pages) / seconds if seconds else 0.0,
    }
    if metadata:
        for field, ok in (("title", title_ok), ("author", author_ok), ("date", date_ok)):
            judged = [ok(getattr(o, field), getattr(p, field)) for p, o in zip(pages, outputs, strict=True)
                      if getattr(p, field)]
            result[f"{field}_accuracy"] = mean(judged) if judged else 0.0
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", action="append", help="run only this extractor (repeatable)")
    parser.add_argument("--limit", type=int, help="first N pages of each set")
    parser.add_argument("--refresh", action="store_true", help="re-run cached reference rows")
    parser.add_argument("--check", action="store_true", help="fail when a pinned floor is not met")
    parser.add_argument("--errors", type=Path, help="write per-page rashomon misses to this JSON file")
    args = parser.parse_args()

    sets = {"aeb": ("aeb", load_aeb, False), "wcxb": ("wcxb-dev-articles", load_wcxb, True)}
    names_to_run = args.only or list(EXTRACTORS)
    failures: list[str] = []
    misses: dict[str, Any] = {}
    for dataset, (folder, loader, metadata) in sets.items():
        root = shared_data("extraction", folder)
        if root is None:
            print(f"skipping {dataset}: ../shared/data/extraction/{folder} is absent")
            continue
        pages = list(loader(root))[: args.limit]
        rows = []
        for name in names_to_run:
            outputs, seconds = run_extractor(name, dataset, pages, args.refresh)
            metrics = score(pages, outputs, seconds, metadata)
            rows.append([name, len(pages)] + [metrics[k] for k in metrics])
            if name == "rashomon":
                if args.check and args.limit is None:
                    failures += check_floors(f"extraction.{dataset}", metrics)
                misses[dataset] = _misses(pages, outputs, metadata)
            header = ["extractor", "pages", *metrics]
        print_table(f"{dataset}: {root}", header, rows)
    if args.errors:
        args.errors.write_text(json.dumps(misses, indent=1, ensure_ascii=False))
    return floor_status(failures)


def _misses(pages: list[Page], outputs: list[Output], metadata: bool) -> list[dict[str, Any]]:
    rows = []
    for page, out in zip(pages, outputs, strict=True):
        row: dict[str, Any] = {"id": page.id, "url": page.url, "body_f1": round(body_prf(out.text, page.body)[2], 3)}
        if metadata:
            for field, ok in (("title", title_ok), ("author", author_ok), ("date", date_ok)):
                gold, pred = getattr(page, field), getattr(out, field)
                if gold and not ok(pred, gold):
                    row[field] = {"gold": gold, "pred": pred}
        rows.append(row)
    return rows


if __name__ == "__main__":
    sys.exit(main())
