"""The web app's story list (``/stories``, ``/stories.json``, ``/api/stories``), paged before anything is read.

The one story list (tests/test_web_listing.py checks its filters, order and fields against the old view), built
so that its cost follows the page, not the archive: the stories are filtered, ordered and counted from one row each
(``Store.story_index``, aggregated in SQL), and only the shown page's members are read, with only the part of
each comparison the list shows (``Store.analysis_digests``; the comparison itself is never parsed). At 1,899
stories the old view read every story's members and the page's whole comparisons on every request.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from rashomon.analysis import cached_analysis, fingerprint
from rashomon.report.pages import PAGE_SIZE
from rashomon.store import Store
from rashomon.views import key_names, names_one_of, story_summary, summaries


def story_list_view(store: Store, encoder_name: str, q: str = "", since: str = "", until: str = "",
                    outlet: str = "", entity: str = "", page: int = 1, page_size: int = PAGE_SIZE) -> dict[str, Any]:
    """Stories, newest first (the stories of one storyline together), narrowed by a full-text query (articles
    and compared facts; best match first), a date range (a story is kept when its coverage overlaps it), an
    outlet and an entity name; one page of them with their comparison's counts."""
    rows = store.story_index(since=since, until=until, outlet=outlet, with_names=bool(entity))
    matches: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if q.strip():
        for hit in store.search(q):
            if hit["story_id"] is not None and len(matches[hit["story_id"]]) < 3:
                matches[hit["story_id"]].append({"kind": hit["kind"], "ref": hit["ref"], "snippet": hit["snippet"]})
        rows = [row for row in rows if row["id"] in matches]
    if entity:
        rows = [row for row in rows if _names_entity(store, row, encoder_name, entity)]
    rows.sort(key=lambda r: (r["last_published"] or "", r["id"]), reverse=True)  # as stories_view lists them
    if q.strip():  # best match first
        rank = {story_id: n for n, story_id in enumerate(matches)}
        rows.sort(key=lambda r: rank[r["id"]])
    else:  # newest first, the stories of one storyline together (newest storyline first, newest story first in it)
        newest: dict[Any, str] = {}
        for row in rows:
            line = row["storyline_id"] or f"story {row['id']}"
            newest[line] = max(newest.get(line, ""), row["last_published"] or row["first_published"] or "")
        rows.sort(key=lambda r: (newest[r["storyline_id"] or f"story {r['id']}"], r["storyline_id"] or 0,
                                 r["first_published"] or ""), reverse=True)
    sizes = Counter(row["storyline_id"] for row in rows if row["storyline_id"])
    page = max(1, page)
    shown_ids = [row["id"] for row in rows[(page - 1) * page_size:page * page_size]]
    found = {summary["id"]: summary for summary in summaries(store, shown_ids)}
    digests = store.analysis_digests(shown_ids)
    shown = []
    for story_id in shown_ids:
        summary = found[story_id]
        stored = digests.get(story_id)
        digest = stored[1] if stored and stored[0] == fingerprint(store, summary, encoder_name) else None
        shown.append({**summary, "matches": matches.get(story_id, []), "compared": digest is not None,
                      "storyline_size": sizes.get(summary["storyline_id"], 1),
                      **(digest or dict.fromkeys(("fact_count", "shared_fact_count", "conflict_count", "brief")))})
    return {"query": {"q": q, "since": since, "until": until, "outlet": outlet, "entity": entity, "page": page},
            "total": len(rows), "page_size": page_size, "stories": shown,
            "outlets": sorted(store.story_outlets(), key=str.casefold), "story_count": store.story_count()}


def _names_entity(store: Store, row: dict[str, Any], encoder_name: str, entity: str) -> bool:
    """Whether the story's key entities (or, once compared, any entity or alias in it) include ``entity``."""
    wanted = entity.strip().casefold()
    if names_one_of(wanted, key_names(json.loads(row["names"]))):
        return True
    summary = story_summary(store, row["id"])
    analysis = cached_analysis(store, summary, encoder_name) if summary else None
    return analysis is not None and any(wanted == n.casefold() for e in analysis["entities"]
                                        for n in [e["name"], *e["aliases"]])
