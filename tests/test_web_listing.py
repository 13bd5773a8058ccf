"""Issue 18 item 8: the story list (/stories, /stories.json, /api/stories) pages before it reads. It is the view
the old whole-archive ``story_list_view`` gave (same stories, order, counts and fields, every filter), read from one
SQL row per story plus the shown page's members and the list's part of their comparisons. The old view is kept
here, as this test's oracle only: the product has one story list (``rashomon.web.listing``)."""

from __future__ import annotations

import shutil
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from rashomon.analysis import build_analysis, cached_analysis
from rashomon.cluster import cluster
from rashomon.compare.similarity import LazyEncoder
from rashomon.store import Store
from rashomon.views import stories_view
from rashomon.web.listing import story_list_view
from tests.test_stories import FIRE_A, FIRE_B, put
from tests.test_web import LEXICAL, client_for


def old_story_list_view(store: Store, encoder_name: str, q: str = "", since: str = "", until: str = "",
                        outlet: str = "", entity: str = "", page: int = 1, page_size: int = 50) -> dict[str, Any]:
    """Stories, newest first, narrowed by a full-text query (articles and compared facts), a date
    range (a story is kept when its coverage overlaps it), an outlet and an entity name."""
    summaries = stories_view(store)
    all_outlets = sorted({o for s in summaries for o in s["outlets"]}, key=str.casefold)
    analyses: dict[int, dict[str, Any] | None] = {}

    def analysis_of(summary: dict[str, Any]) -> dict[str, Any] | None:  # read once per story
        if summary["id"] not in analyses:
            analyses[summary["id"]] = cached_analysis(store, summary, encoder_name)
        return analyses[summary["id"]]

    matches: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if q.strip():
        for hit in store.search(q):
            if hit["story_id"] is not None and len(matches[hit["story_id"]]) < 3:
                matches[hit["story_id"]].append({"kind": hit["kind"], "ref": hit["ref"], "snippet": hit["snippet"]})
    found = []
    for summary in summaries:
        if q.strip() and summary["id"] not in matches:
            continue
        first, last = (summary["first_published"] or "")[:10], (summary["last_published"] or "")[:10]
        if (since and (not last or last < since)) or (until and (not first or first > until)):
            continue
        if outlet and outlet not in summary["outlets"]:
            continue
        if entity and not _old_names_entity(summary, analysis_of, entity):
            continue
        found.append(summary)
    if q.strip():  # best match first
        rank = {story_id: n for n, story_id in enumerate(matches)}
        found.sort(key=lambda s: rank[s["id"]])
    else:  # newest first, the stories of one storyline together (newest storyline first, newest story first in it)
        newest: dict[Any, str] = {}
        for summary in found:
            line = summary.get("storyline_id") or f"story {summary['id']}"
            newest[line] = max(newest.get(line, ""), summary["last_published"] or summary["first_published"] or "")
        found.sort(key=lambda s: (newest[s.get("storyline_id") or f"story {s['id']}"],
                                  s.get("storyline_id") or 0, s["first_published"] or ""), reverse=True)
    sizes = Counter(s.get("storyline_id") for s in found if s.get("storyline_id"))
    page = max(1, page)
    shown = []
    for summary in found[(page - 1) * page_size:page * page_size]:  # comparisons read for the shown page only
        analysis = analysis_of(summary)
        shown.append({**summary, "matches": matches.get(summary["id"], []), "compared": analysis is not None,
                      "storyline_size": sizes.get(summary.get("storyline_id"), 1),
                      "fact_count": len(analysis["facts"]) if analysis else None,
                      "shared_fact_count": sum(f["independent_sources"] >= 2 for f in analysis["facts"])
                      if analysis else None,
                      "conflict_count": len(analysis["conflicts"]) if analysis else None,
                      "brief": analysis["brief"][0]["text"] if analysis and analysis["brief"] else None})
    return {"query": {"q": q, "since": since, "until": until, "outlet": outlet, "entity": entity, "page": page},
            "total": len(found), "page_size": page_size, "stories": shown,
            "outlets": all_outlets, "story_count": len(summaries)}


def _old_names_entity(summary: dict[str, Any], analysis_of: Callable[[dict[str, Any]], dict[str, Any] | None],
                      entity: str) -> bool:
    """Whether the story's key entities (or, once compared, any entity or alias in it) include ``entity``."""
    wanted = entity.strip().casefold()
    if any(n.casefold() == wanted or n.casefold().endswith(" " + wanted) for n in summary["key_entities"]):
        return True  # a surname names its person (key_entities gives "Kirill Dmitriev", not also "Dmitriev")
    analysis = analysis_of(summary)
    return analysis is not None and any(wanted == n.casefold() for e in analysis["entities"]
                                        for n in [e["name"], *e["aliases"]])


@pytest.fixture(scope="module")
def compared_db(demo_db, tmp_path_factory):
    """The demo database with every story compared but one (a list shows compared and uncompared stories)."""
    path = tmp_path_factory.mktemp("listing") / "rashomon.db"
    shutil.copy(demo_db, path)
    encoder = LazyEncoder(LEXICAL.similarity)
    with Store(path) as store:
        # two more stories, one undated, one with an outlet of its own; not annotated
        put(store, "fire-a", FIRE_A, "Bridge destroyed by fire", date(2026, 5, 3), "Lune Post")
        put(store, "fire-b", FIRE_B, "Footbridge fire in Dunmere")
        cluster(store)
        ids = [s["id"] for s in stories_view(store)]
        build_analysis(store, encoder, story_ids=ids[1:])
    return path, encoder.name


FILTERS = [{}, {"q": "dam"}, {"q": "spillway collapsed"}, {"q": "nothing-matches-this"}, {"since": "2024-01-01"},
           {"until": "2020-01-01"}, {"since": "2025-03-01", "until": "2025-03-31"}, {"entity": "Mars"},
           {"entity": "Kirill Dmitriev"}, {"entity": "Dmitriev"}, {"page": 2}, {"page": 3}]


@pytest.mark.parametrize("page_size", [1, 2, 50])
def test_the_paged_story_list_is_the_view_it_replaces(compared_db, monkeypatch, page_size):
    path, encoder_name = compared_db
    with Store(path) as store:
        outlets = sorted({o for s in stories_view(store) for o in s["outlets"]})
        assert len(stories_view(store)) >= 5 and outlets
        for filters in [*FILTERS, {"outlet": outlets[0]}, {"outlet": outlets[-1], "page": 2}]:
            old = old_story_list_view(store, encoder_name, **filters, page_size=page_size)
            new = story_list_view(store, encoder_name, **filters, page_size=page_size)
            assert new == old, filters
        assert any(s["compared"] for s in story_list_view(store, encoder_name)["stories"])


def test_the_story_list_reads_only_the_shown_page(compared_db, tmp_path, monkeypatch):
    path, _ = compared_db
    shutil.copy(path, tmp_path / "r.db")
    web = client_for(tmp_path / "r.db")
    asked: list[dict] = []
    real_stories = Store.stories

    def stories_spy(self, ids=None, storyline=None):
        asked.append({"ids": ids, "storyline": storyline})
        return real_stories(self, ids=ids, storyline=storyline)

    def no_whole_comparisons(self, story_id):
        raise AssertionError("a story list parses no comparison")

    monkeypatch.setattr(Store, "stories", stories_spy)
    monkeypatch.setattr(Store, "analysis", no_whole_comparisons)
    for path_ in ("/api/stories", "/stories.json", "/stories", "/stories?page=2", "/api/stories?q=dam"):
        assert web.get(path_).status_code == 200
    assert asked and all(call["ids"] is not None for call in asked)  # never every story's members
    listed = web.get("/api/stories").json()
    assert listed["total"] == listed["story_count"] and listed["stories"]
    assert any(s["compared"] and s["fact_count"] for s in listed["stories"])


def test_a_storys_key_names_give_each_person_once_and_a_surname_finds_them():
    from rashomon.views import key_names, names_one_of

    names = ["Dmitriev", "Russia", "Mars", "Elon Musk", "Kirill Dmitriev", "Musk", "Roscosmos"]
    assert key_names(names) == ["Kirill Dmitriev", "Russia", "Mars", "Elon Musk", "Roscosmos"]
    assert names_one_of("dmitriev", key_names(names)) and not names_one_of("Kirill", key_names(names))
