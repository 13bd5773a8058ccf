"""The bundled demo: where its corpus lives and what it writes."""

from __future__ import annotations

from pathlib import Path

from rashomon.store import Store
from rashomon.views import articles_view, errors_view, quotes_view, stories_view, to_json

CORPUS_PARTS = ("examples", "demo", "corpus")


def find_corpus() -> Path | None:
    """examples/demo/corpus of the checkout this package runs from, or of the working folder."""
    for base in (Path(__file__).resolve().parents[2], Path.cwd()):
        candidate = base.joinpath(*CORPUS_PARTS)
        if candidate.is_dir():
            return candidate
    return None


def write_outputs(store: Store, out_dir: Path) -> list[Path]:
    """Write the demo's articles, quotes, stories (and any ingest errors) as JSON; return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    articles = out_dir / "articles.json"
    articles.write_text(to_json(articles_view(store)), encoding="utf-8")
    quotes = out_dir / "quotes.json"
    quotes.write_text(to_json(quotes_view(store, store.articles())), encoding="utf-8")
    stories = out_dir / "stories.json"
    stories.write_text(to_json(stories_view(store)), encoding="utf-8")
    written = [articles, quotes, stories]
    errors = errors_view(store)
    if errors:
        path = out_dir / "errors.json"
        path.write_text(to_json(errors), encoding="utf-8")
        written.append(path)
    return written
