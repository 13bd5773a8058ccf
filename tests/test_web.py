"""The web app in-process: pages and their JSON twins, the API and its OpenAPI schema, search and
filters, comparison jobs, ingest from the browser with its limits, and untrusted text kept inert."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from fastapi.testclient import TestClient

from rashomon.ingest import ingest
from rashomon.settings import Settings
from rashomon.store import Store
from rashomon.web import WebConfig, create_app
from tests.conftest import DEMO, serving

LEXICAL = Settings(workers=1, similarity="lexical")


def client_for(db_path, **config) -> TestClient:
    """A client that behaves as the browser does on this server: it names the host and sends its Origin."""
    settings = config.pop("settings", LEXICAL)
    return TestClient(create_app(WebConfig(db=str(db_path), settings=settings, **config)),
                      base_url="http://localhost", headers={"Origin": "http://localhost"})


@pytest.fixture
def web(demo_location):
    """The web app over a copy of the demo database, once on SQLite and once on PostgreSQL (see conftest)."""
    return client_for(demo_location)


def compared(client: TestClient, story_id: int) -> dict:
    """The story page JSON after its comparison job ran (the first visit starts it)."""
    first = client.get(f"/api/stories/{story_id}").json()
    if first["analysis"] is None:
        assert first["job"]["kind"] == "compare"
        client.app.state.jobs.wait(120)
    second = client.get(f"/api/stories/{story_id}").json()
    assert second["analysis"] is not None and second["job"] is None
    return second


def dam_story(client: TestClient) -> dict:
    return max(client.get("/api/stories").json()["stories"], key=lambda s: s["article_count"])


def test_story_list_page_and_its_json_twins(web):
    html = web.get("/stories")
    assert html.status_code == 200 and "text/html" in html.headers["content-type"]
    twin = web.get("/stories.json").json()
    assert twin == web.get("/api/stories").json()
    assert twin["story_count"] == 3 and twin["total"] == 3
    for story in twin["stories"]:
        assert f'href="/stories/{story["id"]}"' in html.text
    assert 'href="/stories.json"' in html.text  # every page links its twin
    assert web.get("/").url.path == "/stories"


def test_the_story_list_groups_a_storyline_and_its_cards_say_what_they_count(web):
    story = dam_story(web)
    compared(web, story["id"])
    listed = web.get("/stories.json").json()["stories"]
    line = [s for s in listed if s["storyline_id"] == story["storyline_id"]]
    assert len(line) == 2 and abs(listed.index(line[0]) - listed.index(line[1])) == 1  # one after the other
    cards = re.findall(r'<li class="story-card( in-storyline)?">(.*?)</li>', web.get("/stories").text, re.S)
    by_id = {int(re.search(r'href="/stories/(\d+)"', card).group(1)): (grouped, card) for grouped, card in cards}
    for s in line:
        grouped, card = by_id[s["id"]]
        assert grouped and f"Storyline {s['storyline_id']} · 2 stories" in card
    shown = next(s for s in listed if s["id"] == story["id"])
    shared, single = shown["shared_fact_count"], shown["fact_count"] - shown["shared_fact_count"]
    assert f"{shared} facts in 2+ sources, {single} single-source" in by_id[story["id"]][1]
    assert f"{len(shown['sources'])} outlets" in by_id[story["id"]][1]


def test_story_page_is_compared_once_then_served_from_the_store(web):
    story = dam_story(web)
    pending = web.get(f"/stories/{story['id']}")
    assert pending.status_code == 200
    view = compared(web, story["id"])
    assert view["analysis"]["facts"] and view["analysis"]["brief"]
    assert view["grid"]["rows"][0]["cells"] and len(view["grid"]["columns"]) == story["article_count"]
    assert web.get(f"/stories/{story['id']}.json").json()["analysis"] == view["analysis"]
    page = web.get(f"/stories/{story['id']}").text
    assert "Not compared yet" not in page
    # every citation points at a sentence that is on the page
    targets = set(re.findall(r'class="cite" href="#([^"]+)"', page))
    assert targets
    assert all(f'id="{target}"' in page for target in targets)
    for section in ("Brief", "Who reported what", "Contradictions", "Quotes compared", "Timeline",
                    "Framing by outlet", "The articles"):
        assert section in page
    assert "<svg" in page  # the drawn timeline
    # no second job once the comparison is stored
    assert web.get(f"/api/stories/{story['id']}").json()["job"] is None


def test_search_and_filters(web):
    story = dam_story(web)
    compared(web, story["id"])
    found = web.get("/api/stories", params={"q": "spillway collapsed"}).json()
    assert story["id"] in [s["id"] for s in found["stories"]]
    assert all("comet" not in (s["title"] or "").lower() for s in found["stories"])
    comet = web.get("/api/stories", params={"q": "comet"}).json()["stories"]
    assert [s["article_count"] for s in comet] == [1] and comet[0]["matches"]
    assert web.get("/api/stories", params={"q": "zzzunknownword"}).json()["total"] == 0
    assert web.get("/api/stories", params={"q": '"; DROP TABLE articles; -- OR *'}).status_code == 200
    lantern = web.get("/api/stories", params={"outlet": "The Lantern"}).json()["stories"]
    assert [s["id"] for s in lantern] == [story["id"]]
    late = web.get("/api/stories", params={"since": "2026-10-01"}).json()["stories"]
    early = web.get("/api/stories", params={"until": "2026-09-30"}).json()["stories"]
    assert story["id"] in [s["id"] for s in late] and story["id"] not in [s["id"] for s in early]
    assert len(early) == 1 and "crack" in early[0]["title"].lower()
    dronov = web.get("/api/stories", params={"entity": "pavel dronov"}).json()["stories"]
    assert story["id"] in [s["id"] for s in dronov] and all("comet" not in s["title"].lower() for s in dronov)
    page = web.get("/stories", params={"q": "spillway"}).text
    assert "<mark>spillway</mark>" in page.lower() or "<mark>Spillway</mark>" in page


def test_article_outlet_pages_and_missing_things(web):
    articles = web.get("/api/articles").json()
    assert articles["total"] == 9 and "text" not in articles["articles"][0]
    article = articles["articles"][0]
    page = web.get(f"/articles/{article['id'][:8]}")
    assert page.status_code == 200 and 'class="sent"' in page.text
    twin = web.get(f"/articles/{article['id']}.json").json()
    assert twin["id"] == article["id"] and twin["annotations"]["sentences"] and twin["story"]["id"]
    outlets = web.get("/outlets.json").json()
    assert {o["outlet"] for o in outlets} >= {"Valley Courier", "The Lantern"}
    story = dam_story(web)
    compared(web, story["id"])
    courier = web.get("/outlets/Valley Courier.json").json()
    assert len(courier["stories"]) == 2
    dam = next(s for s in courier["stories"] if s["id"] == story["id"])
    assert dam["compared"] and isinstance(dam["exclusives"], list) and isinstance(dam["omissions"], list)
    # an outlet page lists what the outlet alone reports (the Courier's own facts of the dam story are all stated,
    # in other words, by another outlet: none is called exclusive)
    pages = [web.get(f"/outlets/{name}.json").json() for name in ("The Lantern", "The Northgate Herald")]
    assert any(s["id"] == story["id"] and s["compared"] and s["exclusives"] for p in pages for s in p["stories"])
    assert web.get("/outlets/Valley%20Courier").status_code == 200
    assert web.get("/stories/999").status_code == 404
    assert "404" in web.get("/stories/999").text
    assert web.get("/api/stories/999").json() == {"detail": "no story 999"}
    assert web.get("/articles/nope.json").status_code == 404
    assert web.get("/outlets/Nobody.json").status_code == 404
    assert web.get("/static/../rashomon.db").status_code == 404
    assert web.get("/static/style.css").status_code == 200


def test_openapi_schema_documents_the_api(web):
    schema = web.get("/openapi.json").json()
    assert schema["info"]["title"] == "Rashomon"
    paths = schema["paths"]
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/articles", "/api/articles/{article_id}",
                 "/api/outlets", "/api/outlets/{name}", "/api/search", "/api/ingest", "/api/jobs/{job_id}"):
        assert path in paths, path
    assert "delete" in paths["/api/articles/{article_id}"] and "post" in paths["/api/ingest"]
    params = {p["name"] for p in paths["/api/stories"]["get"]["parameters"]}
    assert params >= {"q", "since", "until", "outlet", "entity", "page"}
    api_page = web.get("/api").text
    assert "/api/stories/{story_id}" in api_page and 'href="/openapi.json">This page as JSON' in api_page
    for twin in re.findall(r'href="([^"]+)">This page as JSON', web.get("/stories").text + web.get("/ingest").text
                           + web.get("/outlets").text):
        assert web.get(twin.replace("&amp;", "&")).status_code == 200, twin
    hits = web.get("/api/search", params={"q": "Dronov"}).json()["hits"]
    assert hits and all("\x02" not in h["snippet"] for h in hits)


HOSTILE_TITLE = '<script>alert("title")</script> Harbour "flood" <b>warning</b>'
HOSTILE_OUTLET = '"><script>alert(1)</script><a href="javascript:alert(2)">Gazette</a>'
HOSTILE_URL = "javascript:alert(document.cookie)"
HOSTILE_BODY = (
    "The harbour wall at Eastmoor failed on Monday night <script>alert('body')</script> and water reached "
    "the market square, the council said. <img src=x onerror=alert(3)> Residents were told to move cars "
    "from the quay. '; DROP TABLE articles; -- Officials said repairs would take weeks and cost about "
    "£2 million. <a href=\"javascript:alert(4)\" onclick=\"alert(5)\">click here</a> for the council notice, "
    "which says SELECT * FROM users WHERE 1=1."
)


def test_untrusted_text_is_escaped_everywhere(demo_db, tmp_path):
    path = tmp_path / "rashomon.db"
    shutil.copy(demo_db, path)
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps({"title": HOSTILE_TITLE, "text": HOSTILE_BODY, "outlet": HOSTILE_OUTLET,
                                   "url": HOSTILE_URL, "published": "2026-10-07"}), encoding="utf-8")
    web = client_for(path)
    job = web.post("/api/ingest", files=[("files", ("hostile.json", hostile.read_bytes(), "application/json"))])
    assert job.status_code == 202
    web.app.state.jobs.wait(120)
    done = web.get(f"/api/jobs/{job.json()['id']}").json()
    assert done["state"] == "done", done
    with Store(path) as db:
        stored = next(a for a in db.articles() if a.title == HOSTILE_TITLE)
        assert db.counts()["articles"] == 10  # the SQL-looking text did nothing
    # JSON keeps the text exactly as written
    twin = web.get(f"/articles/{stored.id}.json").json()
    assert twin["title"] == HOSTILE_TITLE and twin["outlet"] == HOSTILE_OUTLET and twin["url"] == HOSTILE_URL
    assert "<script>alert('body')</script>" in twin["text"]
    story_id = twin["story"]["id"]
    pages = [web.get(f"/articles/{stored.id}").text, web.get(f"/stories/{story_id}").text,
             web.get("/stories").text, web.get("/stories", params={"q": "harbour <script>"}).text,
             web.get("/outlets").text, web.get(f"/outlets/{HOSTILE_OUTLET}").text]
    web.app.state.jobs.wait(120)
    pages.append(web.get(f"/stories/{story_id}").text)
    for page in pages:
        assert "<script>alert" not in page
        assert "<img src=x" not in page and "onerror=alert" not in page.replace("onerror=alert(3)&gt;", "")
        assert 'href="javascript:' not in page.lower()
        assert "<b>warning</b>" not in page
    article_page = pages[0]
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in article_page
    assert "original page" not in article_page  # a javascript: URL is never made a link


def test_writing_needs_the_token_when_one_is_set(demo_db, tmp_path):
    path = tmp_path / "rashomon.db"
    shutil.copy(demo_db, path)
    web = client_for(path, token="s3cret")
    article = web.get("/api/articles").json()["articles"][0]["id"]
    assert web.delete(f"/api/articles/{article}").status_code == 401
    assert web.delete(f"/api/articles/{article}", headers={"Authorization": "Bearer wrong"}).status_code == 401
    upload = [("files", ("a.txt", b"x", "text/plain"))]
    assert web.post("/api/ingest", files=upload).status_code == 401
    assert web.post(f"/articles/{article}/delete", data={"token": "nope"}).status_code == 401
    ok = web.delete(f"/api/articles/{article}", headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200 and ok.json() == {"deleted": article}
    assert web.get(f"/api/articles/{article}").status_code == 404
    assert web.get("/api/articles").json()["total"] == 8
    other = web.get("/api/articles").json()["articles"][0]["id"]
    assert web.post(f"/articles/{other}/delete", data={"token": "s3cret"},
                    headers={"Origin": "https://evil.example"}).status_code == 403
    assert web.post(f"/articles/{other}/delete", data={"token": "s3cret"}, follow_redirects=False).status_code == 303
    read_only = client_for(path, writable=False)
    assert read_only.delete(f"/api/articles/{article}").status_code == 403
    assert "read-only" in read_only.get("/ingest").text


def test_uploads_are_limited_and_kept_inside_the_data_folder(demo_db, tmp_path):
    path = tmp_path / "db" / "rashomon.db"
    path.parent.mkdir()
    shutil.copy(demo_db, path)
    small = Settings(workers=1, similarity="lexical", max_input_bytes=2000)
    web = client_for(path, settings=small, max_files=2)
    three = [("files", (f"f{n}.txt", b"text", "text/plain")) for n in range(3)]
    refused = web.post("/api/ingest", files=three)
    assert refused.status_code == 400 and "files" in refused.json()["detail"].lower()
    big = web.post("/api/ingest", files=[("files", ("big.txt", b"x" * 5000, "text/plain"))])
    assert big.status_code == 413 and "big.txt" in big.json()["detail"]
    assert web.post("/api/ingest", data={"urls": ""}).status_code == 400
    multipart = {"content-type": "multipart/form-data; boundary=x"}
    chunked = web.post("/api/ingest", content=iter([b"--x\r\n"]), headers=multipart)
    assert chunked.status_code == 411
    huge = web.post("/api/ingest", content=b"x", headers={**multipart, "content-length": str(10 ** 9)})
    assert huge.status_code == 413
    local = web.post("/api/ingest", data={"urls": "http://127.0.0.1:8000/admin"})
    assert local.status_code == 400 and "refused" in local.json()["detail"]
    assert web.post("/api/ingest", data={"urls": "file:///etc/passwd"}).status_code == 400
    text = (DEMO / "corpus" / "valley-courier-cracks.txt").read_bytes()[:1900]
    sneaky = web.post("/api/ingest", files=[("files", ("../../../../tmp/evil.txt", text, "text/plain"))])
    assert sneaky.status_code == 202
    web.app.state.jobs.wait(120)
    saved = list((path.parent / "uploads").rglob("*"))
    assert any(p.name.endswith("evil.txt") for p in saved)
    assert all(path.parent / "uploads" in p.parents for p in saved)


def test_upload_from_the_browser_runs_the_whole_pipeline(db_location, tmp_path):
    with Store(db_location):
        pass
    web = client_for(db_location, data_dir=tmp_path / "data")
    empty = web.get("/stories").text
    assert "No stories yet" in empty and 'href="/ingest"' in empty
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream"))
             for p in sorted((DEMO / "corpus").iterdir()) if "dam" in p.name]
    response = web.post("/ingest", files=files, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/jobs/")
    job_id = response.headers["location"].rsplit("/", 1)[-1]
    web.app.state.jobs.wait(300)
    job = web.get(f"/jobs/{job_id}.json").json()
    assert job["state"] == "done" and job["story_ids"], job
    assert "read: 4 added" in " ".join(job["messages"])
    story = web.get(f"/api/stories/{job['story_ids'][0]}").json()
    assert story["analysis"] is not None and story["job"] is None  # compared by the ingest job
    assert web.get(f"/jobs/{job_id}").status_code == 200
    # the files are kept in the data folder, also when the database is a PostgreSQL URL and has no folder
    assert len([f for f in (tmp_path / "data" / "uploads").rglob("*") if f.is_file()]) == len(files)


def test_ingest_from_the_library_is_searchable(tmp_path):
    with Store(tmp_path / "r.db") as db:
        ingest([str(DEMO / "corpus" / "valley-courier-cracks.txt")], db, Settings(workers=1))
        hits = db.search("cracks concrete")
        assert hits and hits[0]["kind"] == "article"
        assert db.search("") == [] and db.search("*** ( ^") == []
        assert db.search('NEAR("cracks" "zzz") OR ^') == []  # operators are words, and these are not in it


def test_report_html_is_one_offline_file_whose_citations_resolve(demo_db, tmp_path):
    from rashomon.analysis import build_analysis
    from rashomon.compare.similarity import encoder
    from rashomon.report import write_analysis

    path = tmp_path / "rashomon.db"
    shutil.copy(demo_db, path)
    with Store(path) as db:
        written = write_analysis(build_analysis(db, encoder("lexical")), tmp_path / "out", db)
    report = tmp_path / "out" / "report.html"
    assert report in written
    html = report.read_text(encoding="utf-8")
    assert html.count('<article class="story"') == 3
    assert not re.search(r'<(?:script|img|iframe)[^>]+src=|<link[^>]+rel="stylesheet"|@import|url\(', html)
    targets = re.findall(r'class="cite" href="#([^"]+)"', html)
    assert len(targets) > 20 and all(f'id="{t}"' in html for t in set(targets))
    assert "<svg" in html and 'class="grid"' in html
    # stored comparisons are reused: a second build compares nothing (the encoder is never called)
    class Refuse:
        name = "lexical"

        def similarity(self, texts):
            raise AssertionError("compared again")

    with Store(path) as db:
        again = build_analysis(db, Refuse())
    assert [s["facts"] for s in again["stories"]] == [s["facts"] for s in json.loads(
        (tmp_path / "out" / "analysis.json").read_text())["stories"]]
    # ... but not by an upgraded comparison: a comparison stored by other code is made again
    from rashomon import analysis

    analysis.compare_code.cache_clear()
    stamp = analysis.compare_code()
    assert len(stamp) == 16 and stamp == analysis.compare_code()
    with Store(path) as db, pytest.MonkeyPatch.context() as patch:
        patch.setattr(analysis, "compare_code", lambda: "another version")
        with pytest.raises(AssertionError, match="compared again"):
            build_analysis(db, Refuse())


def test_a_real_server_answers_concurrent_requests(demo_db, tmp_path):
    """Through uvicorn (the request's database connection is opened and closed on pool threads)."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    path = tmp_path / "rashomon.db"
    shutil.copy(demo_db, path)
    with serving(create_app(WebConfig(db=str(path), settings=LEXICAL))) as base:
        paths = ["/stories", "/stories?q=spillway", "/stories.json", "/outlets", "/api/articles"] * 12
        with ThreadPoolExecutor(max_workers=30) as pool:
            codes = list(pool.map(lambda p: httpx.get(base + p, timeout=60).status_code, paths))
        assert codes == [200] * len(paths)


def test_writes_without_an_origin_need_the_token_and_foreign_hosts_are_refused(tmp_path):
    """CSRF from a sandboxed frame (Origin: null), scripts without an Origin, and DNS rebinding (a foreign Host)."""
    with Store(tmp_path / "r.db"):
        pass
    app = create_app(WebConfig(db=str(tmp_path / "r.db"), settings=LEXICAL))
    token = app.state.config.form_token
    plain = TestClient(app, base_url="http://127.0.0.1:8000")
    upload = {"urls": "https://news.example/a"}
    sandboxed = plain.post("/api/ingest", data=upload, headers={"Origin": "null"})
    assert sandboxed.status_code == 403 and "Origin" in sandboxed.json()["detail"]
    assert plain.post("/api/ingest", data=upload).status_code == 403  # no Origin, no token
    assert plain.delete("/api/articles/abc", headers={"Origin": "null"}).status_code == 403
    assert plain.post("/api/ingest", data=upload, headers={"Origin": "https://evil.example"}).status_code == 403
    assert plain.delete("/api/articles/abc", headers={"Authorization": f"Bearer {token}"}).status_code == 404
    assert plain.post("/articles/abc/delete", data={"token": token}, headers={"Origin": "null"}).status_code == 404
    by_header = plain.post("/api/ingest", data={"urls": "http://127.0.0.1/x"},
                           headers={"Authorization": f"Bearer {token}"})
    assert by_header.status_code == 400 and "127.0.0.1" in by_header.json()["detail"]  # past the gate, URL refused
    for host in ("evil.example", "rebind.attacker.test:8000", "192.168.1.20"):
        refused = plain.get("/stories", headers={"Host": host})
        assert refused.status_code == 400 and "not served here" in refused.json()["detail"]
    assert plain.get("/stories", headers={"Host": "localhost:8000"}).status_code == 200
    assert plain.get("/stories", headers={"Host": "[::1]:8000"}).status_code == 200


def test_the_article_list_pages_in_sql_and_reads_texts_only_on_request(tmp_path, monkeypatch):
    from tests.conftest import ARTICLE_TEXT

    for i in range(5):
        (tmp_path / f"a{i}.txt").write_text(f"Story {i}\n\n" + ARTICLE_TEXT.replace("six", str(i + 7)))
    with Store(tmp_path / "r.db") as store:
        ingest([str(tmp_path / f"a{i}.txt") for i in range(5)], store, Settings(workers=1))
    web = client_for(tmp_path / "r.db")
    asked = []
    real = Store.articles

    def spy(self, *args, **kwargs):
        asked.append(kwargs)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "articles", spy)
    page = web.get("/api/articles?offset=1&limit=2").json()
    assert page["total"] == 5 and len(page["articles"]) == 2 and "text" not in page["articles"][0]
    assert asked[-1] == {"offset": 1, "limit": 2, "with_text": False}
    full = web.get("/api/articles?limit=1&text=true").json()["articles"][0]
    assert full["text"].startswith("The Eastmoor borough council")
    everything = [a["id"] for a in web.get("/api/articles?limit=100").json()["articles"]]
    assert everything[1:3] == [a["id"] for a in page["articles"]]


def test_an_upload_that_may_not_write_is_refused_before_its_body_is_read(tmp_path, monkeypatch):
    """Three unauthenticated 285 MB posts must not spool 800 MB to disk: the token is checked first (header or
    the cookie the app's token form sets), so the multipart body of a refused upload is never parsed."""
    from starlette.requests import Request

    with Store(tmp_path / "r.db"):
        pass
    secured = client_for(tmp_path / "r.db", token="s3cret")
    loopback = TestClient(create_app(WebConfig(db=str(tmp_path / "r.db"), settings=LEXICAL)),
                          base_url="http://127.0.0.1:8000")
    read_only = client_for(tmp_path / "r.db", writable=False)
    original = Request.form
    parsed: list[str] = []

    def spy(self, *args, **kwargs):
        parsed.append(self.url.path)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Request, "form", spy)
    upload = [("files", ("a.txt", b"x" * 300_000, "text/plain"))]
    assert secured.post("/api/ingest", files=upload).status_code == 401
    assert secured.post("/api/ingest", files=upload, data={"token": "s3cret"}).status_code == 401  # not a field
    assert secured.post("/api/ingest", files=upload, headers={"Origin": "https://evil.example"}).status_code == 403
    assert loopback.post("/api/ingest", files=upload).status_code == 403  # no Origin, no token
    assert read_only.post("/api/ingest", files=upload).status_code == 403
    assert parsed == []
    # The browser's way: the token typed once, kept as an HttpOnly cookie, then uploads pass the gate.
    page = secured.get("/ingest").text
    assert 'action="/token"' in page and 'type="file"' not in page
    assert secured.post("/token", data={"token": "wrong", "next": "/ingest"}).status_code == 401
    signed_in = secured.post("/token", data={"token": "s3cret", "next": "/ingest"}, follow_redirects=False)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/ingest"
    assert "httponly" in signed_in.headers["set-cookie"].lower()
    assert 'type="file"' in secured.get("/ingest").text
    refused_url = secured.post("/api/ingest", data={"urls": "http://127.0.0.1/x"})
    assert refused_url.status_code == 400  # past the token gate; the private address is what is refused
    assert "/token" in parsed and "/api/ingest" in parsed


def test_a_read_only_server_never_writes_the_database_yet_shows_comparisons(demo_db, tmp_path):
    import hashlib

    from rashomon.errors import StoreError

    path = tmp_path / "rashomon.db"
    shutil.copy(demo_db, path)
    with Store(path) as db:  # forget the stored comparisons, so that showing a story must compare it
        db._db.execute("DELETE FROM analyses")
        story_id = max(db.stories(), key=lambda s: len(s["articles"]))["id"]
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    web = client_for(path, writable=False)
    first = web.get(f"/stories/{story_id}")
    assert first.status_code == 200
    web.app.state.jobs.wait(120)
    shown = web.get(f"/stories/{story_id}.json").json()
    assert shown["analysis"] is not None and shown["analysis"]["facts"]  # compared, kept in memory
    assert web.post("/api/ingest", data={"urls": "https://news.example/a"}).status_code == 403
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    with Store(path, read_only=True) as db:
        assert db._db.execute("SELECT count(*) FROM analyses").fetchone()[0] == 0
    with pytest.raises(StoreError, match="read-only"):
        Store(tmp_path / "missing.db", read_only=True)


def test_the_story_page_json_and_story_json_share_their_fields(demo_db, tmp_path):
    from rashomon.views import story_view

    path = tmp_path / "rashomon.db"
    shutil.copy(demo_db, path)
    web = client_for(path)
    story_id = web.get("/api/stories").json()["stories"][0]["id"]
    shown = web.get(f"/stories/{story_id}.json").json()
    with Store(path) as store:  # what `rashomon story ID --json` prints
        cli = story_view(store, story_id)
    assert cli is not None and set(cli) <= set(shown)  # the page adds its comparison and grid, nothing renamed
    assert shown["sources"] == cli["sources"] and shown["outlets"] == cli["outlets"]
    # and each article: every field the CLI gives, with the same value; the page adds the text and annotations
    assert [a["id"] for a in shown["articles"]] == [a["id"] for a in cli["articles"]]
    for printed, page in zip(cli["articles"], shown["articles"], strict=True):
        assert {key: page.get(key) for key in printed} == printed
