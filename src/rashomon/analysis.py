"""The analysis document (``analysis.json``, schema ``rashomon.analysis/1``; docs/analysis-format.md):
the articles and, for every story, its comparison. Built from what the store holds (annotations,
stories and reprints), so it never re-parses a text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rashomon import __version__
from rashomon.compare import StoryArticle, compare_story
from rashomon.compare.similarity import Encoder
from rashomon.report import analysis_markdown
from rashomon.store import Store
from rashomon.views import stories_view, to_json

SCHEMA = "rashomon.analysis/1"
ARTICLE_FIELDS = ("id", "source", "locator", "title", "outlet", "author", "published", "url", "language", "text")


def story_articles(store: Store, story_id: int) -> list[StoryArticle]:
    """The articles of one story with their annotations and reprint links, oldest first."""
    found = store.stories(ids=[story_id])
    if not found:
        return []
    items = []
    for member in found[0]["articles"]:
        article = store.article(member["id"])
        if article is not None:
            items.append(StoryArticle(article, store.annotation(article.id), member["reprint_of"]))
    return items


def build_analysis(store: Store, encoder: Encoder, story_ids: list[int] | None = None,
                   progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """The analysis document of the stored stories (or only ``story_ids``), newest story first."""
    summaries = [s for s in stories_view(store) if story_ids is None or s["id"] in story_ids]
    wanted = {a for s in summaries for a in s["article_ids"]}
    articles = [{k: a.to_dict()[k] for k in ARTICLE_FIELDS} for a in store.articles() if a.id in wanted]
    stories = []
    for done, summary in enumerate(summaries, 1):
        comparison = compare_story(story_articles(store, summary["id"]), encoder)
        stories.append({**summary, **comparison})
        if progress is not None:
            progress(done, len(summaries))
    return {"schema": SCHEMA, "generator": f"rashomon {__version__}", "similarity": encoder.name,
            "articles": articles, "stories": stories}


def write_analysis(analysis: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write ``analysis.json`` and ``report.md`` into ``out_dir``; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data, report = out_dir / "analysis.json", out_dir / "report.md"
    data.write_text(to_json(analysis), encoding="utf-8")
    report.write_text(analysis_markdown(analysis), encoding="utf-8")
    return [data, report]
