"""The analysis document (``analysis.json``, schema ``rashomon.analysis/1``; docs/analysis-format.md):
the articles and, for every story, its comparison. Built from what the store holds (annotations,
stories and reprints), so it never re-parses a text."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from rashomon import __version__
from rashomon.compare import StoryArticle, compare_story
from rashomon.compare.similarity import Encoder, with_stored_vectors
from rashomon.extract.outlets import current_registry
from rashomon.store import Store
from rashomon.views import stories_view

SCHEMA = "rashomon.analysis/1"
# Bump when compare_story's output changes, so stored comparisons are made again. The fingerprint also holds
# ``compare_code()``, so that a changed comparison (or pair model) never serves a comparison stored by the old one.
COMPARE_VERSION = 3  # 3: the learned pair model, contradiction candidates, ties for "first"
ARTICLE_FIELDS = ("id", "source", "locator", "title", "outlet", "author", "published", "updated", "url", "language",
                  "text")


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


def fingerprint(store: Store, summary: dict[str, Any], encoder_name: str) -> str:
    """What a story's comparison depends on: its members and their reprint links, when each was
    annotated, their metadata (outlet, date, title, author), the similarity backend and the comparison
    version."""
    members = store.stories(ids=[summary["id"]])
    links = [(a["id"], a["reprint_of"]) for a in members[0]["articles"]] if members else []
    stamps = store.annotation_stamps([a for a, _ in links])
    metadata = store.metadata_stamps([a for a, _ in links])  # a user's correction redoes the comparison
    key = [COMPARE_VERSION, compare_code(), encoder_name,
           sorted((a, r, stamps.get(a), metadata.get(a)) for a, r in links)]
    return hashlib.sha256(json.dumps(key).encode()).hexdigest()[:32]


@cache
def compare_code() -> str:
    """A digest of the comparison's code and shipped model (``rashomon.compare``: its modules and pair model), so
    that stored comparisons are made again after an upgrade changes them, whether or not COMPARE_VERSION was
    bumped."""
    digest = hashlib.sha256()
    package = Path(compare_story.__code__.co_filename).parent
    for path in sorted(package.iterdir()):
        if path.suffix in (".py", ".json"):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _stored(store: Store, summary: dict[str, Any], encoder_name: str) -> tuple[str, dict[str, Any] | None]:
    """The story's fingerprint, and its stored comparison when that was made for this fingerprint."""
    key = fingerprint(store, summary, encoder_name)
    stored = store.analysis(summary["id"])
    return key, (profiled({**summary, **stored[1]}) if stored is not None and stored[0] == key else None)


def profiled(analysis: dict[str, Any]) -> dict[str, Any]:
    """The analysis with what the outlet registry knows of each outlet (country, type, owner, ownership and
    the public source): on each coverage row as ``outlet_profile``, and on each quote variant's attribution
    chain ("via TASS, Russian state-owned news agency"). Read when shown, never stored, so an edit of the
    outlets file shows at once."""
    registry = current_registry()
    for row in analysis.get("coverage", []):
        outlet = registry.by_name(row.get("outlet"))
        row["outlet_profile"] = outlet.profile() if outlet else None
    for group in analysis.get("quotes", []):
        for variant in group.get("variants", []):
            links = []
            for link in variant.get("attribution", "").split(", "):
                outlet = registry.by_name(link.removeprefix("via ")) if link.startswith("via ") else None
                summary = (outlet.profile() or {}).get("summary") if outlet else None
                links.append(f"{link} ({summary})" if summary else link)
            variant["attribution_detail"] = ", ".join(links)
    return analysis


def story_analysis(store: Store, summary: dict[str, Any], encoder: Encoder) -> dict[str, Any]:
    """One story's summary and comparison: the stored one while it is current, else compared now and
    stored (with its facts indexed for search)."""
    key, analysis = _stored(store, summary, encoder.name)
    if analysis is None:
        # a read-only database is never written, not even the sentence-vector cache
        similarity = encoder if store.read_only else with_stored_vectors(encoder, store)
        compared = compare_story(story_articles(store, summary["id"]), similarity)
        # Only the comparison is stored, and it is laid over the summary the same way whether fresh or
        # cached: the same database gives the same analysis.json, byte for byte.
        if not store.read_only:
            store.put_analysis(summary["id"], key, compared, searchable_text(compared))
        analysis = profiled({**summary, **compared})  # after it is stored: profiles never reach the store
    return analysis


def cached_analysis(store: Store, summary: dict[str, Any], encoder_name: str) -> dict[str, Any] | None:
    """The stored comparison of a story if it is current (never computes; None otherwise)."""
    return _stored(store, summary, encoder_name)[1]


def searchable_text(analysis: dict[str, Any]) -> str:
    """The words of a comparison that search should find: facts, quotes and entity names."""
    parts = [f["text"] for f in analysis.get("facts", [])]
    parts += [v["text"] for q in analysis.get("quotes", []) for v in q["variants"]]
    parts += [e["name"] for e in analysis.get("entities", [])]
    return "\n".join(parts)


def build_analysis(store: Store, encoder: Encoder, story_ids: list[int] | None = None,
                   progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """The analysis document of the stored stories (or only ``story_ids``), newest story first.
    Stories whose stored comparison is current are not compared again."""
    summaries = [s for s in stories_view(store) if story_ids is None or s["id"] in story_ids]
    wanted = {a for s in summaries for a in s["article_ids"]}
    articles = [{k: a.to_dict()[k] for k in ARTICLE_FIELDS} for a in store.articles() if a.id in wanted]
    stories = []
    for done, summary in enumerate(summaries, 1):
        stories.append(story_analysis(store, summary, encoder))
        if progress is not None:
            progress(done, len(summaries))
    return {"schema": SCHEMA, "generator": f"rashomon {__version__}", "similarity": encoder.name,
            "articles": articles, "stories": stories}
