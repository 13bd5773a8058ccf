"""View functions: the dicts shared by the CLI's --json, the output files and (later) the web app."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from rashomon.compare.records import display_outlet
from rashomon.models import Article
from rashomon.records import Annotation
from rashomon.store import Store

QUOTE_FIELDS = ("content", "speaker", "speaker_resolved", "cue", "kind", "attribution", "start", "end")


def to_json(view: Any) -> str:
    """The JSON text of a view, as the CLI prints it and the output files hold it."""
    return json.dumps(view, ensure_ascii=False, indent=2) + "\n"


def articles_view(store: Store) -> list[dict[str, Any]]:
    """Every stored article, oldest first (undated last)."""
    return [a.to_dict() for a in store.articles()]


def article_view(store: Store, id_or_prefix: str) -> dict[str, Any] | None:
    article = store.article(id_or_prefix)
    return article.to_dict() if article else None


def errors_view(store: Store) -> list[dict[str, Any]]:
    return [e.to_dict() for e in store.errors()]


def quote_dict(quote: Any) -> dict[str, Any]:
    """One quote as the CLI and the API show it (offsets into the article's text)."""
    data = {name: getattr(quote, name) for name in QUOTE_FIELDS}
    data["attribution"] = list(quote.attribution)
    return data


def quotes_view(store: Store, articles: list[Article]) -> list[dict[str, Any]]:
    """One object per article: its source, id, and quotes (annotate the articles first)."""
    view = []
    for article in articles:
        annotation = store.annotation(article.id)
        quotes = [quote_dict(q) for q in annotation.quotes] if annotation else []
        view.append({"source": article.source, "article_id": article.id, "quotes": quotes,
                     "problems": list(annotation.problems) if annotation else ["not annotated"]})
    return view


def annotated_article_view(store: Store, id_or_prefix: str) -> dict[str, Any] | None:
    """The article with its annotation (``annotations`` is None until `rashomon annotate` ran)."""
    article = store.article(id_or_prefix)
    if article is None:
        return None
    annotation: Annotation | None = store.annotation(article.id)
    return {**article.to_dict(), "annotations": annotation.to_dict() if annotation else None}


def _story_summary(story: dict[str, Any]) -> dict[str, Any]:
    members = story["articles"]
    published = sorted((a["published"] for a in members if a["published"]), key=lambda p: (p[:10], p))
    outlets = sorted({a["outlet"] for a in members if a["outlet"]})
    # every article's outlet as readers are shown it: known outlets, else the web site, else "Unknown outlet
    # (file)", so that a story of unknown outlets is not listed as one of no outlets
    sources = sorted({display_outlet(a["outlet"], a.get("url"), a.get("source"), a["id"]) for a in members})
    return {
        "id": story["id"],
        "title": story["title"],
        "article_ids": [a["id"] for a in members],
        "storyline_id": story["storyline_id"],
        "first_published": published[0] if published else None,
        "last_published": published[-1] if published else None,
        "outlets": outlets,
        "sources": sources,
        "article_count": len(members),
        "independent_count": sum(1 for a in members if not a["reprint_of"]),
        "key_entities": key_names(story["names"]),
    }


def key_names(names: Iterable[str], limit: int = 8) -> list[str]:
    """A story's most named people and things, each once: "Dmitriev" is left out beside "Kirill Dmitriev" and
    "Musk" beside "Elon Musk" (the story's counts keep a surname apart from the full name)."""
    names = list(names)[:limit * 2]
    fuller = {n: next((m for m in names if m != n and m.casefold().endswith(" " + n.casefold())), None) for n in names}
    shown: list[str] = []
    for name in names:
        name = fuller[name] or name
        if name not in shown:
            shown.append(name)
    return shown[:limit]


def names_one_of(wanted: str, names: Iterable[str]) -> bool:
    """Whether ``wanted`` is one of the names, or the last words of one ("Dmitriev" of "Kirill Dmitriev")."""
    wanted = wanted.strip().casefold()
    return any(n.casefold() == wanted or n.casefold().endswith(" " + wanted) for n in names)


def stories_view(store: Store) -> list[dict[str, Any]]:
    """Every story, newest first: the ``rashomon stories --json`` array."""
    found = [_story_summary(story) for story in store.stories()]
    return sorted(found, key=lambda s: (s["last_published"] or "", s["id"]), reverse=True)


def summaries(store: Store, story_ids: list[int]) -> list[dict[str, Any]]:
    """The ``stories_view`` items of these stories, in story id order (reads only their members)."""
    return [_story_summary(story) for story in store.stories(ids=story_ids)] if story_ids else []


def story_summary(store: Store, story_id: int) -> dict[str, Any] | None:
    """One story's item of ``stories_view`` (without reading every story)."""
    found = store.stories(ids=[story_id])
    return _story_summary(found[0]) if found else None


def story_view(store: Store, story_id: int) -> dict[str, Any] | None:
    """One story with its articles, reprint flags and why each article is in it; its storyline."""
    found = store.stories(ids=[story_id])
    if not found:
        return None
    story = found[0]
    view = _story_summary(story)
    view["articles"] = [{**article, "reprint": bool(article["reprint_of"])} for article in story["articles"]]
    line = story["storyline_id"]
    view["storyline"] = [] if line is None else [_story_summary(s) | {"current": s["id"] == story_id}
                                                 for s in store.stories(storyline=line)]
    view["storyline"].sort(key=lambda s: (s["first_published"] or "", s["id"]))
    return view
