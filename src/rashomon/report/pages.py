"""Page views: the dicts behind every page of the web app and ``report.html`` (each page's ``.json``
twin and the ``/api`` answers are these same dicts). Pure data; the HTML renderer adds no facts.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from rashomon.analysis import cached_analysis
from rashomon.compare.brief import fact_headline
from rashomon.store import Store
from rashomon.views import annotated_article_view, stories_view, story_summary, story_view

PAGE_SIZE = 50


def story_page_view(store: Store, story_id: int, analysis: dict[str, Any] | None) -> dict[str, Any] | None:
    """One story: its comparison (None while not compared), the coverage grid, its storyline, and its
    articles with their texts and annotations (what the citations point into)."""
    story = story_view(store, story_id)
    if story is None:
        return None
    articles = []
    for member in story["articles"]:
        full = annotated_article_view(store, member["id"])
        if full is not None:
            articles.append({**full, **member})  # every field `rashomon story ID --json` gives, and the text
    view = {key: story[key] for key in ("id", "title", "article_ids", "storyline_id", "first_published",
                                        "last_published", "outlets", "article_count", "independent_count",
                                        "key_entities", "storyline", "sources")}
    view["analysis"] = None
    if analysis is not None:
        view["analysis"] = {k: v for k, v in analysis.items() if k not in view}
        view["grid"] = coverage_grid(analysis, articles)
    view["articles"] = articles
    return view


def coverage_grid(analysis: dict[str, Any], articles: list[dict[str, Any]]) -> dict[str, Any]:
    """Facts down, articles across. A cell is ``first`` (reported it first), ``reported``, ``reprint``
    (carried it in a copy of another article), ``omitted`` (left out a fact most sources report), ``maybe``
    (a sentence of it may state the fact in other words: not called left out, nor the fact another outlet's
    exclusive) or empty."""
    order = [c["article_id"] for c in analysis["coverage"]] or [a["id"] for a in articles]
    omitted = {(o["article_id"], f) for o in analysis["omissions"] for f in o["fact_ids"]}
    maybe = {(o["article_id"], m["fact_id"]) for o in analysis["omissions"] for m in o.get("maybe", [])}
    maybe |= {(m["article_id"], m["fact_id"]) for e in analysis.get("exclusives", [])
              for m in e.get("maybe", [])}
    undated = {c["article_id"] for c in analysis["coverage"] if not c["published"]}
    rows = []
    for fact in analysis["facts"]:
        support = {s["article_id"]: s for s in fact["support"]}
        reporter = fact.get("first_reported_by") or {}
        # an article with no date is never shown to have reported a fact first (nor tied for it): nothing says
        # when it did; nor is the one source of a fact (first of one says nothing, and another outlet may state it
        # in other words, ◌)
        first = {reporter.get("article_id"), *reporter.get("tied_with", [])} - undated \
            if reporter.get("published") and fact.get("independent_sources", 0) > 1 else set()
        cells = []
        for article_id in order:
            if article_id in support:
                cell = "reprint" if support[article_id]["reprint"] else "first" if article_id in first else "reported"
            else:
                key = (article_id, fact["id"])
                cell = "omitted" if key in omitted else "maybe" if key in maybe else ""
            cells.append(cell)
        rows.append({"fact_id": fact["id"], "text": fact_headline(fact), "status": fact["status"], "cells": cells})
    by_id = {c["article_id"]: c for c in analysis["coverage"]}
    columns = [{"article_id": a, "outlet": by_id[a]["outlet"] if a in by_id else a,
                "published": by_id[a]["published"] if a in by_id else None,
                "reprint_of": by_id[a]["reprint_of"] if a in by_id else None} for a in order]
    return {"columns": columns, "rows": rows}


def article_page_view(store: Store, id_or_prefix: str) -> dict[str, Any] | None:
    """One article with its annotation, and the story it belongs to."""
    view = annotated_article_view(store, id_or_prefix)
    if view is None:
        return None
    story_id = store.article_story(view["id"])
    summary = story_summary(store, story_id) if story_id is not None else None
    view["story"] = {"id": summary["id"], "title": summary["title"]} if summary else None
    return view


def outlets_view(store: Store) -> list[dict[str, Any]]:
    """Every outlet with how many articles and stories it has, most articles first."""
    articles = store.outlet_counts()
    stories: dict[str, int] = defaultdict(int)
    for summary in stories_view(store):
        for name in summary["outlets"]:
            stories[name] += 1
    return sorted(({"outlet": name, "articles": n, "stories": stories[name]} for name, n in articles.items()),
                  key=lambda o: (-o["articles"], o["outlet"].casefold()))


def outlet_view(store: Store, name: str, encoder_name: str) -> dict[str, Any] | None:
    """What one outlet covered: per story its articles, the facts it reported first, its exclusives
    and its omissions (from the stored comparisons; stories not compared yet are listed as such)."""
    mine = store.articles(outlet=name)
    if not mine:
        return None
    ids = {a.id for a in mine}
    stories = []
    for summary in stories_view(store):
        own = [a for a in summary["article_ids"] if a in ids]
        if not own:
            continue
        entry: dict[str, Any] = {"id": summary["id"], "title": summary["title"], "article_ids": own,
                                 "first_published": summary["first_published"], "outlets": summary["outlets"],
                                 "compared": False, "first_reports": [], "exclusives": [], "omissions": [],
                                 "reprints": 0}
        analysis = cached_analysis(store, summary, encoder_name)
        if analysis is not None:
            facts = {f["id"]: f for f in analysis["facts"]}
            entry["compared"] = True
            entry["first_reports"] = [_fact_ref(f) for f in analysis["facts"]
                                      if (f.get("first_reported_by") or {}).get("article_id") in own
                                      and (f.get("first_reported_by") or {}).get("published")
                                      and f["independent_sources"] > 1]
            for key in ("exclusives", "omissions"):
                entry[key] = [_fact_ref(facts[f]) for item in analysis[key] if item["article_id"] in own
                              for f in item["fact_ids"] if f in facts]
            entry["reprints"] = sum(1 for c in analysis["coverage"] if c["article_id"] in own and c["reprint_of"])
        stories.append(entry)
    return {"outlet": name, "article_count": len(mine),
            "articles": [{"id": a.id, "title": a.title, "published": a.published.isoformat() if a.published
                          else None, "url": a.url} for a in mine],
            "stories": stories}


def _fact_ref(fact: dict[str, Any]) -> dict[str, Any]:
    return {"id": fact["id"], "text": fact_headline(fact), "status": fact["status"],
            "sources": fact["independent_sources"]}


def parse_day(value: str) -> str:
    """A YYYY-MM-DD filter value, or '' when it is not one (bad filter input is ignored, not an error)."""
    try:
        return date.fromisoformat(value.strip()).isoformat() if value.strip() else ""
    except ValueError:
        return ""
