"""The local web app: ``create_app(db)`` → a FastAPI application.

Every HTML page has a ``.json`` twin built from the same page view (rashomon.report.pages), and the
same views answer under ``/api`` (OpenAPI schema at ``/openapi.json``). Pages are server-rendered
from the templates ``report.html`` uses.

Safety: article text is untrusted and always escaped (templates autoescape; JSON is JSON). Writing
endpoints (ingest, delete) need the token whenever one is set — ``rashomon serve`` sets one when it
binds to anything but loopback — and refuse cross-site form posts. Uploads are limited in count and
size and are written under the data directory with names made from scratch; no path from a request
opens a file. URLs are fetched with private, loopback and link-local addresses refused unless the
``allow_private_urls`` setting is on.
"""

from __future__ import annotations

import hmac
import re
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from rashomon import __version__
from rashomon.analysis import cached_analysis, fingerprint
from rashomon.cluster import regroup
from rashomon.compare.similarity import LazyEncoder
from rashomon.errors import RashomonError, StoreError
from rashomon.extract.outlets import use_outlets_file
from rashomon.ingest.fetch import refused_address
from rashomon.ingest.sources import is_url
from rashomon.models import Correction, parse_published
from rashomon.report.html import render, static_text
from rashomon.report.markdown import counted
from rashomon.report.pages import article_page_view, outlet_view, outlets_view, parse_day, story_page_view
from rashomon.settings import Settings
from rashomon.store import Store
from rashomon.store import is_url as names_a_server
from rashomon.views import errors_view, story_summary
from rashomon.watch.views import story_history_view
from rashomon.web.forms import writer_form
from rashomon.web.jobs import CompareTask, IngestTask, Job, JobRunner
from rashomon.web.listing import story_list_view
from rashomon.web.watch_routes import add_watch_routes

STATIC = {"style.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}
SAFE_NAME = re.compile(r"[^\w.-]+")  # letters of every script stay ("новости.jsonl")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    # same-origin: links out to article pages leak nothing, and the app's own form posts carry their Origin
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
TOKEN_COOKIE = "rashomon_token"


@dataclass(frozen=True)
class WebConfig:
    db: str
    settings: Settings
    token: str | None = None  # required for writing endpoints when set
    writable: bool = True
    max_files: int = 20
    max_urls: int = 50
    # Host names the server answers to (DNS rebinding: a page on another site must not reach this server
    # under its own name). The bound address's names; `serve --host/--allowed-host` add more.
    allowed_hosts: frozenset[str] = LOOPBACK_NAMES
    # Without a token, the app's own forms carry this one, and a write that has no Origin (or Origin: null,
    # a sandboxed frame) must carry it too.
    form_token: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    # Jobs (ingest, compare) run in a worker process, so that readers do not starve them of the interpreter
    # lock; False runs them on a thread of the server (tests that patch the job's code in this process).
    job_process: bool = True
    # Where uploaded files are kept (in uploads/ below it): by default the SQLite file's folder, or with a
    # PostgreSQL database the folder the server runs in.
    data_dir: Path | None = None


class ArticleCorrection(BaseModel):
    """The fields a user may correct; those left out (or empty) stay as they are."""

    outlet: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD or YYYY-MM-DDTHH:MM")
    title: str | None = None
    author: str | None = None


class StoryTarget(BaseModel):
    """Where an article goes: a story id, or null for a new story of its own."""

    story: int | None = None


class StoryMerge(BaseModel):
    """The stories to fold into this one."""

    stories: list[int] = Field(min_length=1, max_length=50)


class Problem(BaseModel):
    """Why a request was refused or failed."""

    detail: str


# The answers other than success, as the schema states them: which a route can give follows from what it does
# (see _document_answers).
ANSWERS: dict[int, str] = {
    400: "Bad request: the Host header names a host this server does not answer to (serve --allowed-host), or "
         "the request cannot be used as it is (the message says why)",
    401: "A token is set and the request does not carry it (Authorization: Bearer TOKEN)",
    403: "Refused: the server is read-only, or a change came from another site, or came without an Origin "
         "header and without the token",
    404: "Not found: no such story, article, outlet, job or watched source",
    409: "The article is in no story yet: it is placed when the next ingest finishes",
    411: "The upload does not state its Content-Length",
    413: "The upload is over the size limit (all files together, or one file over max_input_bytes)",
    503: "The database is locked by another writer (past the wait) or the disk is full; nothing was changed",
}
INGEST_BODY: dict[str, Any] = {
    "required": True,
    "content": {"multipart/form-data": {"schema": {
        "type": "object",
        "properties": {
            "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                      "description": "articles to add: HTML, text, JSON, JSON Lines, RSS/Atom, WARC (or .gz)"},
            "urls": {"type": "string", "description": "http(s) URLs of articles or feeds, one per line"},
            "outlet": {"type": "string", "description": "correction applied to every article added: outlet"},
            "published": {"type": "string", "description": "correction: published, YYYY-MM-DD or "
                                                           "YYYY-MM-DDTHH:MM"},
            "title": {"type": "string", "description": "correction: title"},
            "author": {"type": "string", "description": "correction: author"},
        },
        "description": "at least one file or one URL",
    }}},
}


def correction_from(fields: dict[str, Any]) -> Correction:
    """A correction from form or JSON fields (``published`` or ``date``); a date that does not read is a 400."""
    def text(name: str) -> str | None:
        value = fields.get(name)
        return value.strip()[:500] or None if isinstance(value, str) else None

    raw_date = text("published") or text("date")
    try:
        published = parse_published(raw_date) if raw_date else None
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    return Correction(outlet=text("outlet"), title=text("title"), author=text("author"), published=published)


def _store(request: Request) -> Iterator[Store]:
    """One connection per request (SQLite connections stay in their thread; WAL lets readers run
    beside the one writer)."""
    config = request.app.state.config
    with Store(config.db, any_thread=True, read_only=not config.writable) as opened:
        yield opened


Db = Annotated[Store, Depends(_store)]


def create_app(config: WebConfig) -> FastAPI:
    app = FastAPI(title="Rashomon", version=__version__, docs_url=None, redoc_url=None,
                  description="Cross-source news analysis: stories, facts with their sources, contradictions, "
                              "omissions, quotes compared. Every page of the web app has a .json twin; these "
                              "endpoints serve the same views.")
    jobs = JobRunner(in_process=not config.job_process)
    encoder = LazyEncoder(config.settings.similarity)
    use_outlets_file(config.settings.outlets_file)
    # --read-only: comparisons made for pages are kept here (by story and fingerprint), never in the database
    kept: dict[tuple[int, str], dict[str, Any]] = {}
    data_dir = config.data_dir or (Path.cwd() if names_a_server(config.db) else Path(config.db).resolve().parent)
    app.state.config, app.state.jobs, app.state.encoder = config, jobs, encoder

    def page(template: str, request: Request, status: int = 200, twin: bool | str = True,
             **context: Any) -> HTMLResponse:
        query = f"?{request.url.query}" if request.url.query else ""
        json_url = twin if isinstance(twin, str) else None
        if twin is True:
            json_url = request.url.path.rstrip("/") + ".json" + query
        html = render(template, standalone=False, json_url=json_url, writable=config.writable,
                      token_required=config.token is not None and not has_token(request),
                      form_token=config.form_token if config.token is None else None, **context)
        return HTMLResponse(html, status_code=status)

    @app.middleware("http")
    async def known_hosts_only(request: Request, call_next: Any) -> Response:
        host = urlsplit("//" + request.headers.get("host", "")).hostname or ""
        if host.lower() not in config.allowed_hosts:
            return JSONResponse({"detail": f"host {host!r} is not served here (serve --allowed-host NAME)"},
                                status_code=400)
        return await call_next(request)

    expected_token = config.token if config.token is not None else config.form_token
    signed = hmac.new(expected_token.encode(), b"rashomon-token-cookie", "sha256").hexdigest()

    def has_token(request: Request, token: str | None = None) -> bool:
        """Whether the request carries the token: given (a form field), as ``Authorization: Bearer``, or as the
        cookie that ``POST /token`` sets."""
        given = token or request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if given and hmac.compare_digest(given.encode(), expected_token.encode()):
            return True
        cookie = request.cookies.get(TOKEN_COOKIE, "")
        return bool(cookie) and hmac.compare_digest(cookie.encode(), signed.encode())

    def check_writer(request: Request, token: str | None) -> None:
        """Writing is allowed when the server is writable, the request is not a cross-site post, and
        (when a token is set) the token matches."""
        if not config.writable:
            raise HTTPException(403, "this server is read-only")
        valid = has_token(request, token)
        origin = request.headers.get("origin") or request.headers.get("referer") or ""
        if origin.strip().lower() in ("", "null"):
            # no Origin: a script, or a sandboxed frame on another site (Origin: null); only the token says which
            if not valid:
                raise HTTPException(403, "a change without an Origin header needs the token (header "
                                         "Authorization: Bearer TOKEN, or the form's token field)")
        elif urlsplit(origin).netloc != request.url.netloc:
            raise HTTPException(403, "cross-site request refused")
        if config.token is not None and not valid:
            raise HTTPException(401, "a valid token is required to change the database "
                                     "(header Authorization: Bearer TOKEN, or the form's token field)")

    @app.post("/token", include_in_schema=False)
    async def token_form(request: Request) -> Response:
        """The token typed once into the app's form, kept as an HttpOnly cookie: uploads are then checked
        before their body is read."""
        form = await request.form(max_files=0, max_fields=3, max_part_size=4096)
        token, target = form.get("token"), form.get("next")
        check_writer(request, token if isinstance(token, str) else "")
        target = target if isinstance(target, str) and target.startswith("/") and not target.startswith("//") \
            else "/ingest"
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(TOKEN_COOKIE, signed, httponly=True, samesite="strict", path="/")
        return response

    def keep(result: dict[str, Any]) -> None:  # a read-only server's comparison, by story and fingerprint
        if result.get("kept") is not None:
            key, analysis = result["kept"]
            kept[tuple(key)] = analysis

    def story_page(db: Store, story_id: int) -> tuple[dict[str, Any], Job | None]:
        summary = story_summary(db, story_id)
        if summary is None:
            raise HTTPException(404, f"no story {story_id}")
        analysis = cached_analysis(db, summary, encoder.name)
        if analysis is None and not config.writable:
            analysis = kept.get((story_id, fingerprint(db, summary, encoder.name)))
        job = None
        if analysis is None:
            work = CompareTask(config.db, story_id, config.settings.similarity, config.settings.outlets_file,
                               read_only=not config.writable)
            job = jobs.pending_for_story(story_id) or jobs.submit(f"Comparing story {story_id}", "compare", work,
                                                                  story_id, on_done=keep)
        view = story_page_view(db, story_id, analysis)
        if view is None:
            raise HTTPException(404, f"no story {story_id}")
        return view, job

    # --- JSON twins and pages -----------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/stories", status_code=307)

    def list_view(db: Store, q: str, since: str, until: str, outlet: str, entity: str, page_no: int) -> dict:
        return story_list_view(db, encoder.name, q=q[:500], since=parse_day(since), until=parse_day(until),
                               outlet=outlet, entity=entity[:200], page=page_no)

    @app.get("/stories.json", tags=["pages"], summary="Story list (JSON twin of /stories)")
    @app.get("/api/stories", tags=["api"], summary="Stories, newest first, with search and filters")
    def stories_json(
        db: Db,
        q: str = Query("", description="full-text search over article texts and compared facts"),
        since: str = Query("", description="YYYY-MM-DD: stories with coverage on or after this day"),
        until: str = Query("", description="YYYY-MM-DD: stories with coverage on or before this day"),
        outlet: str = Query("", description="only stories this outlet covered"),
        entity: str = Query("", description="only stories naming this person, place or organisation"),
        page: int = Query(1, ge=1, le=100_000),
    ) -> dict:
        return list_view(db, q, since, until, outlet, entity, page)

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_html(request: Request, db: Db, q: str = "", since: str = "", until: str = "", outlet: str = "",
                     entity: str = "", page_no: int = Query(1, ge=1, le=100_000, alias="page")) -> HTMLResponse:
        view = list_view(db, q, since, until, outlet, entity, page_no)
        more = urlencode({**{k: v for k, v in view["query"].items() if v}, "page": view["query"]["page"] + 1})
        return page("stories.html", request, view=view, more_query=more, nav="stories",
                    title="Search" if q else "Stories")

    @app.get("/stories/{story_id}.json", tags=["pages"], summary="Story page (JSON twin of /stories/{id})")
    @app.get("/api/stories/{story_id}", tags=["api"],
             summary="One story: its comparison (null while it is being compared), coverage grid and articles")
    def story_json(story_id: int, db: Db) -> dict:
        view, job = story_page(db, story_id)
        return {**view, "job": job.to_dict() if job else None, "history": story_history_view(db, story_id)}

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_html(story_id: int, request: Request, db: Db) -> HTMLResponse:
        view, job = story_page(db, story_id)
        return page("story.html", request, page=view, job=job.id if job else None, title=view["title"] or "Story",
                    nav="stories", history=story_history_view(db, story_id))

    def article_or_404(db: Store, article_id: str) -> dict[str, Any]:
        view = article_page_view(db, article_id)
        if view is None:
            raise HTTPException(404, f"no article {article_id} (give its id or a unique prefix)")
        return view

    @app.get("/articles.json", tags=["pages"], summary="Every article (metadata)")
    @app.get("/api/articles", tags=["api"], summary="Articles, oldest first (metadata; text with ?text=true)")
    def articles_json(db: Db, offset: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000),
                      text: bool = False) -> dict:
        found = db.articles(offset=offset, limit=limit, with_text=text)  # paged in SQL; texts only on request
        items = [{k: v for k, v in a.to_dict().items() if text or k not in ("text", "provenance")} for a in found]
        return {"total": db.count_articles(), "offset": offset, "limit": limit, "articles": items}

    @app.get("/articles/{article_id}.json", tags=["pages"], summary="Article page (JSON twin)")
    @app.get("/api/articles/{article_id}", tags=["api"], summary="One article with its annotations and its story")
    def article_json(article_id: str, db: Db) -> dict:
        return article_or_404(db, article_id)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_html(article_id: str, request: Request, db: Db) -> HTMLResponse:
        view = article_or_404(db, article_id)
        return page("article.html", request, view=view, title=view["title"] or "Article", nav="stories")

    @app.delete("/api/articles/{article_id}", tags=["api"], summary="Delete one article (token when set)")
    def article_delete(article_id: str, request: Request, db: Db) -> dict:
        check_writer(request, None)
        article = db.article(article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id} (give its id or a unique prefix)")
        db.delete_article(article.id)
        return {"deleted": article.id}

    @app.patch("/api/articles/{article_id}", tags=["api"],
               summary="Correct an article's outlet, published date, title or author (token when set)")
    def article_edit(article_id: str, changes: ArticleCorrection, request: Request, db: Db) -> dict:
        check_writer(request, None)
        article = db.article(article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id} (give its id or a unique prefix)")
        edited = db.edit_article(article.id, correction_from(changes.model_dump()))
        assert edited is not None
        return {k: v for k, v in edited.to_dict().items() if k != "text"}

    @app.post("/articles/{article_id}/edit", include_in_schema=False)
    async def article_edit_form(article_id: str, request: Request) -> RedirectResponse:
        form = await writer_form(request, check_writer, fields=6, part_size=4096)
        correction = correction_from({k: v for k, v in form.items() if isinstance(v, str)})
        with Store(config.db) as db:
            view = article_or_404(db, article_id)
            # the form shows the current values: only what the user changed is a correction
            changed = {name: value for name, value in correction.fields().items()
                       if (value.isoformat() if hasattr(value, "isoformat") else value) != view.get(name)}
            if changed:
                db.edit_article(view["id"], Correction(**changed))
        return RedirectResponse(f"/articles/{view['id']}", status_code=303)

    def move(db: Store, article_id: str, story: int | None) -> dict[str, Any]:
        view = article_or_404(db, article_id)
        if view.get("story") is None:
            raise HTTPException(409, "this article is in no story yet: it is placed when the next ingest finishes")
        try:
            placed = regroup(db, {view["id"]: story})
        except RashomonError as exc:
            raise HTTPException(404, str(exc)) from None
        return {"article_id": view["id"], "story_id": placed[view["id"]]}

    @app.post("/api/articles/{article_id}/move", tags=["api"], responses={409: {}},
              summary="Move an article to another story (story: id) or split it off into a new one (story: null)")
    def article_move(article_id: str, target: StoryTarget, request: Request, db: Db) -> dict:
        check_writer(request, None)
        return move(db, article_id, target.story)

    @app.post("/articles/{article_id}/move", include_in_schema=False)
    async def article_move_form(article_id: str, request: Request) -> RedirectResponse:
        form = await writer_form(request, check_writer, fields=4, part_size=256)
        raw = form.get("story")
        if not isinstance(raw, str) or not (raw == "new" or raw.isdigit()):
            raise HTTPException(400, "story must be a story id or 'new'")
        with Store(config.db) as db:
            moved = move(db, article_id, None if raw == "new" else int(raw))
        return RedirectResponse(f"/stories/{moved['story_id']}", status_code=303)

    @app.post("/api/stories/{story_id}/merge", tags=["api"],
              summary="Merge other stories into this one (token when set)")
    def story_merge(story_id: int, others: StoryMerge, request: Request, db: Db) -> dict:
        check_writer(request, None)
        ids = list(dict.fromkeys([story_id, *others.stories]))
        if len(ids) < 2:  # merged with itself: nothing to do
            summary = story_summary(db, story_id)
            if summary is None:
                raise HTTPException(404, f"no story {story_id} (see rashomon stories)")
            return {"story_id": story_id, "article_ids": sorted(summary["article_ids"])}
        try:
            placed = regroup(db, {}, merge=ids)
        except RashomonError as exc:
            raise HTTPException(404, str(exc)) from None
        return {"story_id": story_id, "article_ids": sorted(a for a, s in placed.items() if s == story_id)}

    @app.post("/stories/{story_id}/merge", include_in_schema=False)
    async def story_merge_form(story_id: int, request: Request) -> RedirectResponse:
        form = await writer_form(request, check_writer, fields=4, part_size=1024)
        raw = form.get("stories")
        others = [int(n) for n in re.findall(r"\d+", raw)] if isinstance(raw, str) else []
        if not others or not isinstance(raw, str) or re.sub(r"[\d,\s]", "", raw):
            raise HTTPException(400, "stories must be story ids, separated by commas or spaces")
        ids = list(dict.fromkeys([story_id, *others]))
        if len(ids) > 1:
            with Store(config.db) as db:
                try:
                    regroup(db, {}, merge=ids)
                except RashomonError as exc:
                    raise HTTPException(404, str(exc)) from None
        return RedirectResponse(f"/stories/{story_id}", status_code=303)

    @app.post("/articles/{article_id}/delete", include_in_schema=False)
    async def article_delete_form(article_id: str, request: Request) -> RedirectResponse:
        await writer_form(request, check_writer, fields=4)
        with Store(config.db) as db:
            view = article_or_404(db, article_id)
            db.delete_article(view["id"])
        story = view.get("story")
        return RedirectResponse(f"/stories/{story['id']}" if story else "/stories", status_code=303)

    @app.get("/outlets.json", tags=["pages"], summary="Outlets (JSON twin of /outlets)")
    @app.get("/api/outlets", tags=["api"], summary="Every outlet with its article and story counts")
    def outlets_json(db: Db) -> list[dict]:
        return outlets_view(db)

    @app.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
    def outlets_html(request: Request, db: Db) -> HTMLResponse:
        # the articles of no known outlet are listed too, by their file or URL, each a link to its page to correct
        unknown = [a.to_dict() for a in db.articles(with_text=False) if not a.outlet]
        return page("outlets.html", request, view=outlets_view(db), unknown=unknown, title="Outlets", nav="outlets")

    def outlet_or_404(db: Store, name: str) -> dict[str, Any]:
        view = outlet_view(db, name, encoder.name)
        if view is None:
            raise HTTPException(404, f"no articles from an outlet named {name!r}")
        return view

    @app.get("/outlets/{name:path}.json", tags=["pages"], summary="Outlet page (JSON twin)")
    @app.get("/api/outlets/{name:path}", tags=["api"],
             summary="What one outlet covered: per story, facts it reported first, exclusives and omissions")
    def outlet_json(name: str, db: Db) -> dict:
        return outlet_or_404(db, name)

    @app.get("/outlets/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def outlet_html(name: str, request: Request, db: Db) -> HTMLResponse:
        view = outlet_or_404(db, name)
        return page("outlet.html", request, view=view, title=view["outlet"], nav="outlets")

    @app.get("/api/search", tags=["api"], summary="Full-text search over articles and compared facts")
    def search_json(db: Db, q: str = Query(..., min_length=1, max_length=500),
                    limit: int = Query(50, ge=1, le=200)) -> dict:
        hits = db.search(q, limit)
        for hit in hits:
            hit["snippet"] = hit["snippet"].replace("\x02", "").replace("\x03", "")
        return {"query": q, "hits": hits}

    @app.get("/api/errors", tags=["api"], summary="Every input that failed, and why")
    def errors_json(db: Db) -> list[dict]:
        return errors_view(db)

    # --- ingest and jobs ----------------------------------------------------------------------

    limits = {"files": config.max_files, "mb": max(1, config.settings.max_input_bytes // (1024 * 1024)),
              "private_urls": config.settings.allow_private_urls}

    @app.get("/ingest.json", tags=["pages"], summary="Recent jobs and upload limits (JSON twin of /ingest)")
    def ingest_json() -> dict:
        return {"limits": limits, "jobs": [j.to_dict() for j in jobs.recent()]}

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_html(request: Request) -> HTMLResponse:
        return page("ingest.html", request, limits=limits, jobs=jobs.recent()[:10], title="Add articles",
                    nav="ingest")

    async def start_ingest(request: Request) -> Job:
        # Checked before the body is read: an upload that may not write is refused before it is spooled to disk.
        # So the token comes as a header or the cookie, never as a field of the upload itself.
        check_writer(request, None)
        declared = request.headers.get("content-length", "")
        ceiling = config.max_files * config.settings.max_input_bytes + 1024 * 1024
        if not declared.isdigit():  # a chunked body could spool without limit before the form is read
            raise HTTPException(411, "an upload must state its Content-Length")
        if int(declared) > ceiling:
            raise HTTPException(413, f"upload of {int(declared):,} bytes is over the limit of {ceiling:,}")
        try:
            form = await request.form(max_files=config.max_files, max_fields=14)
        except Exception as exc:  # malformed multipart, too many files
            raise HTTPException(400, f"cannot read the upload: {exc}") from exc
        uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        raw_urls = form.get("urls")
        urls = [u.strip() for u in (raw_urls if isinstance(raw_urls, str) else "").splitlines() if u.strip()]
        if not uploads and not urls:
            raise HTTPException(400, "nothing to add: choose files or paste URLs")
        if len(urls) > config.max_urls:
            raise HTTPException(400, f"{len(urls)} URLs; at most {config.max_urls} at a time")
        for url in urls:
            if not is_url(url):
                raise HTTPException(400, f"not an http(s) URL: {url[:200]}")
            if not config.settings.allow_private_urls and (reason := refused_address(url)):
                raise HTTPException(400, reason)
        batch = uuid.uuid4().hex[:12]
        folder = data_dir / "uploads" / batch
        inputs = []
        for n, upload in enumerate(uploads, 1):
            target = folder / f"{n:03d}-{_safe_name(upload.filename or 'upload')}"
            inputs.append(str(await _save(upload, target, config.settings.max_input_bytes, folder)))
        title = f"Adding {counted(len(uploads), 'file')}" + (f" and {counted(len(urls), 'URL')}" if urls else "")
        correction = correction_from({k: v for k, v in form.items() if isinstance(v, str)})
        work = IngestTask(config.db, replace(config.settings, follow_feed_links=True), inputs + urls, correction)
        job = jobs.submit(title, "ingest", work)
        return job

    @app.post("/api/ingest", tags=["api"], status_code=202,
              summary="Add articles: multipart 'files' (repeatable) and/or 'urls' (one per line); returns the job",
              responses={202: {"description": "The job that reads the inputs (Location: its progress)"},
                         411: {}, 413: {}}, openapi_extra={"requestBody": INGEST_BODY})
    async def ingest_api(request: Request) -> JSONResponse:
        job = await start_ingest(request)
        return JSONResponse(job.to_dict(), status_code=202, headers={"Location": f"/api/jobs/{job.id}"})

    @app.post("/ingest", include_in_schema=False)
    async def ingest_form(request: Request) -> RedirectResponse:
        job = await start_ingest(request)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    def job_or_404(job_id: str) -> Job:
        job = jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id} (jobs are kept in memory until the server stops)")
        return job

    @app.get("/jobs/{job_id}.json", tags=["pages"], summary="Job progress (JSON twin)")
    @app.get("/api/jobs/{job_id}", tags=["api"], summary="Progress of an ingest or comparison job")
    def job_json(job_id: str) -> dict:
        return job_or_404(job_id).to_dict()

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job_html(job_id: str, request: Request) -> HTMLResponse:
        job = job_or_404(job_id)
        return page("job.html", request, job=job, title=job.title, nav="ingest")

    add_watch_routes(app, config, page, check_writer, _store)
    _document_answers(app)

    # --- API index, static files, errors, headers -------------------------------------------

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_html(request: Request) -> HTMLResponse:
        endpoints = [{"method": method, "path": path, "summary": op.get("summary", "")}
                     for path, ops in app.openapi()["paths"].items() for method, op in ops.items()]
        return page("api.html", request, twin="/openapi.json", endpoints=endpoints, title="API", nav="api")

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in STATIC:  # a fixed list: the request never names a file on disk
            raise HTTPException(404, "no such file")
        return Response(static_text(name), media_type=STATIC[name], headers={"Cache-Control": "max-age=3600"})

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:  # locked or full: say so, not a bare 500
        return await http_error(request, StarletteHTTPException(503, str(exc)))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        path = request.url.path
        if path.startswith("/api") or path.endswith(".json") or "application/json" in request.headers.get(
                "accept", "") or request.method != "GET":
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        heading = {404: "Not found", 401: "Token needed", 403: "Not allowed"}.get(exc.status_code, "Error")
        return page("error.html", request, status=exc.status_code, code=exc.status_code, heading=heading,
                    message=str(exc.detail), title=heading, twin=False)

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app


def _document_answers(app: FastAPI) -> None:
    """State in the schema each refusal a route can give: every route a 400 (the Host check, before any route),
    a route with an id in its path a 404, a change 401 and 403 (the token and Origin checks), a route that opens
    the database a 503; a route adds its own (``responses={411: {}}``) and they get their description here."""
    for route in app.routes:
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        codes = {400, *(code for code in route.responses if isinstance(code, int) and code in ANSWERS)}
        if route.param_convertors:
            codes.add(404)
        if (route.methods or set()) - {"GET", "HEAD"}:
            codes |= {401, 403}
        if any(dependency.call is _store for dependency in route.dependant.dependencies):
            codes.add(503)
        for code in codes:
            route.responses[code] = {"model": Problem, "description": ANSWERS[code]}


def _safe_name(name: str) -> str:
    """A file name made from the upload's name: its last part, unsafe characters replaced, the
    extension (which decides how it is read) kept, never empty, never a dot-file."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    stem = SAFE_NAME.sub("_", stem).strip("._")
    while len(stem.encode()) > 180:  # file systems count bytes: 100 CJK characters are 300
        stem = stem[1:]
    stem = stem or "upload"
    extension = SAFE_NAME.sub("", extension)[:16]
    return f"{stem}.{extension}" if extension else stem


async def _save(upload: UploadFile, target: Path, limit: int, folder: Path) -> Path:
    if folder.resolve() not in target.resolve().parents:
        raise HTTPException(400, "bad file name")
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    with target.open("wb") as handle:
        while chunk := await upload.read(1024 * 1024):
            written += len(chunk)
            if written > limit:
                handle.close()
                target.unlink(missing_ok=True)
                raise HTTPException(413, f"{upload.filename}: over the limit of {limit:,} bytes per file "
                                         "(setting max_input_bytes)")
            handle.write(chunk)
    return target
