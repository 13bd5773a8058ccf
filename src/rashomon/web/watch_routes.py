"""The web app's watching pages: developments (page, ``.json`` twin, ``/api``, Atom feed) and the watched
sources with a small form to add and remove them (writes checked like every other write: token when set,
same origin, the form token without an Origin header)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from rashomon.store import Store
from rashomon.store.watch import WatchStore
from rashomon.watch.sources import add_watched
from rashomon.watch.views import (
    developments_atom,
    developments_view,
    parse_since,
    round_text,
    rounds_view,
    sources_view,
)
from rashomon.watch_records import KINDS
from rashomon.web.forms import writer_form

# an id past SQLite's 64-bit integers is no source (a 404 path id, not a 500 from the driver)
SOURCE_ID = PathParam(ge=1, le=2**63 - 1, description="a watched source's id")


class WatchRequest(BaseModel):
    """A source to watch."""

    url: str = Field(..., max_length=2000)
    every: str | None = Field(None, description="90s, 15m, 2h, 1d (default: setting watch_interval)")
    kind: str = Field("auto", description="feed, page or auto")


def add_watch_routes(app: FastAPI, config: Any, page: Callable[..., HTMLResponse],
                     check_writer: Callable[[Request, str | None], None], open_store: Callable[..., Any]) -> None:
    """Register the routes on ``app`` (``page`` renders a template; ``check_writer`` refuses a write that may not
    happen; ``open_store`` is the dependency that opens the store per request)."""
    opened = Depends(open_store)

    def filtered(db: Store, story: int | None, kind: str, outlet: str, entity: str, since: str, q: str) -> dict:
        kinds = [k for k in kind.split(",") if k] if kind else []
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown:
            raise HTTPException(400, f"unknown kind {', '.join(unknown)}; known: {', '.join(KINDS)}")
        try:
            after = parse_since(since)
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None
        items = developments_view(db, since=after, story=story, kinds=kinds, outlet=outlet[:200], entity=entity[:200],
                                  q=q[:500])
        query = {"story": story, "kind": kind, "outlet": outlet, "entity": entity, "since": since, "q": q}
        return {"query": {k: v for k, v in query.items() if v not in (None, "")}, "kinds": KINDS,
                "developments": items}

    story_q = Query(None, description="only this story's developments")
    kind_q = Query("", description=f"kinds, comma-separated: {', '.join(KINDS)}")
    outlet_q = Query("", description="only those naming this outlet (part of its name)")
    entity_q = Query("", description="only stories naming this person, place or organisation")
    since_q = Query("", description="YYYY-MM-DD, YYYY-MM-DDTHH:MM, or 30m, 2h, 3d, 1w back from now")
    q_q = Query("", description="words the summary must contain")

    @app.get("/developments.json", tags=["pages"], summary="Developments (JSON twin of /developments)")
    @app.get("/api/developments", tags=["api"], summary="Developments found by watching, newest first, filtered")
    def developments_json(db: Store = opened, story: int | None = story_q, kind: str = kind_q,
                          outlet: str = outlet_q, entity: str = entity_q, since: str = since_q, q: str = q_q) -> dict:
        return filtered(db, story, kind, outlet, entity, since, q)

    @app.get("/developments.atom", tags=["pages"], summary="Developments as an Atom feed (same filters)",
             response_class=Response)
    def developments_feed(request: Request, db: Store = opened, story: int | None = story_q,
                          kind: str = kind_q, outlet: str = outlet_q, entity: str = entity_q, since: str = since_q,
                          q: str = q_q) -> Response:
        view = filtered(db, story, kind, outlet, entity, since, q)
        base = str(request.base_url).rstrip("/")
        title = "Rashomon developments" + (f" ({', '.join(f'{k}: {v}' for k, v in view['query'].items())})"
                                           if view["query"] else "")
        body = developments_atom(view["developments"], base, str(request.url), title)
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    @app.get("/developments", response_class=HTMLResponse, include_in_schema=False)
    def developments_html(request: Request, db: Store = opened, story: int | None = None,
                          kind: str = "", outlet: str = "", entity: str = "", since: str = "",
                          q: str = "") -> HTMLResponse:
        view = filtered(db, story, kind, outlet, entity, since, q)
        atom = "/developments.atom" + (f"?{urlencode(view['query'])}" if view["query"] else "")
        return page("developments.html", request, view=view, atom_url=atom, title="Developments",
                    nav="developments")

    @app.get("/watch.json", tags=["pages"], summary="Watched sources and the last polling rounds (JSON twin of "
             "/watch)")
    def watch_page_json(db: Store = opened) -> dict:
        return {"sources": sources_view(db), "rounds": rounds_view(db)}

    @app.get("/api/watch", tags=["api"], summary="Watched sources: schedule, next poll, health")
    def watch_json(db: Store = opened) -> list[dict]:
        return sources_view(db)

    @app.get("/api/watch/rounds", tags=["api"], summary="The poller's last rounds: ok, stopped or failed (why)")
    def watch_rounds_json(db: Store = opened) -> dict:
        return rounds_view(db)

    @app.get("/watch", response_class=HTMLResponse, include_in_schema=False)
    def watch_html(request: Request, db: Store = opened) -> HTMLResponse:
        rounds = rounds_view(db)
        return page("watch.html", request, view=sources_view(db), rounds=rounds, round_line=round_text(rounds),
                    title="Watched sources", nav="watch", private_urls=config.settings.allow_private_urls)

    def add(db: Store, url: str, every: str | None, kind: str) -> dict[str, Any]:
        try:
            return dict(add_watched(db, config.settings, url.strip(), (every or "").strip() or None, kind,
                                    origin="web").to_dict())
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None

    @app.post("/api/watch", tags=["api"], status_code=201, summary="Watch a feed or page (token when set)")
    def watch_add_api(body: WatchRequest, request: Request, db: Store = opened) -> dict:
        check_writer(request, None)
        return add(db, body.url, body.every, body.kind)

    @app.delete("/api/watch/{source_id}", tags=["api"], summary="Stop watching a source (token when set)")
    def watch_remove_api(request: Request, source_id: int = SOURCE_ID, db: Store = opened) -> dict:
        check_writer(request, None)
        if not WatchStore(db).remove_source(source_id):
            raise HTTPException(404, f"no watched source {source_id}")
        return {"removed": source_id}

    @app.post("/watch/add", include_in_schema=False)
    async def watch_add_form(request: Request) -> RedirectResponse:
        form = await writer_form(request, check_writer, fields=5, part_size=4096)
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        with Store(config.db) as db:
            add(db, fields.get("url", ""), fields.get("every"), fields.get("kind", "auto") or "auto")
        return RedirectResponse("/watch", status_code=303)

    @app.post("/watch/{source_id}/remove", include_in_schema=False)
    async def watch_remove_form(request: Request, source_id: int = SOURCE_ID) -> RedirectResponse:
        await writer_form(request, check_writer, fields=3, part_size=4096)
        with Store(config.db) as db:
            if not WatchStore(db).remove_source(source_id):
                raise HTTPException(404, f"no watched source {source_id}")
        return RedirectResponse("/watch", status_code=303)
