"""Issue 18 item 8: the story list (/stories, /stories.json, /api/stories) pages before it reads. It is the view
``report.pages.story_list_view`` gave (same stories, order, counts and fields, every filter), read from one SQL row
per story plus the shown page's members and the list's part of their comparisons."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

import rashomon.report.pages as pages
from rashomon.analysis import build_analysis
from rashomon.cluster import cluster
from rashomon.compare.similarity import LazyEncoder
from rashomon.store import Store
from rashomon.views import stories_view
from rashomon.web.listing import story_list_view
from tests.test_stories import FIRE_A, FIRE_B, put
from tests.test_web import LEXICAL, client_for


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
           {"entity": "Kirill Dmitriev"}, {"page": 2}, {"page": 3}]


@pytest.mark.parametrize("page_size", [1, 2, 50])
def test_the_paged_story_list_is_the_view_it_replaces(compared_db, monkeypatch, page_size):
    path, encoder_name = compared_db
    monkeypatch.setattr(pages, "PAGE_SIZE", page_size)
    with Store(path) as store:
        outlets = sorted({o for s in stories_view(store) for o in s["outlets"]})
        assert len(stories_view(store)) >= 5 and outlets
        for filters in [*FILTERS, {"outlet": outlets[0]}, {"outlet": outlets[-1], "page": 2}]:
            old = pages.story_list_view(store, encoder_name, **filters)
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
