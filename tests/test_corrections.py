"""Corrections by the user: an article's outlet, date, title or author set at ingest (``--outlet`` …, the upload
form) or afterwards (``rashomon edit``, the article page, ``PATCH /api/articles/{id}``); recorded as the user's,
kept through re-ingest, and the comparisons that include the article are made again. An article whose outlet is
not known is "Unknown outlet" with its file, the same way in every view."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from rashomon.cli import app
from rashomon.compare.records import display_outlet
from rashomon.store import Store
from tests.conftest import ARTICLE_TEXT
from tests.test_web import client_for

runner = CliRunner()
OTHER_TEXT = (
    "Eastmoor's council approved a ferry terminal on Monday after six years of debate over the old fish market "
    "site.\n\nThe £18 million terminal should open in summer 2028, the transport committee said.\n\n"
    "Residents near the quay said the plan would bring more traffic to narrow streets.\n")


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _articles(db: str) -> list[dict]:
    return json.loads(run("--db", db, "articles", "--json").stdout)


def test_unknown_outlets_are_named_with_their_file_never_posing_as_an_outlet():
    assert display_outlet(None, None, "/data/seeds/000_8309.txt") == "Unknown outlet (000_8309.txt)"
    assert display_outlet(None, None, "/db/uploads/0123456789ab/001-novosti.jsonl") == "Unknown outlet (novosti.jsonl)"
    assert display_outlet(None, "https://www.example.com/a/b.html", "x.html") == "example.com"
    assert display_outlet("AP/Reuters", None, "x.txt") == "AP/Reuters"


def test_corrections_at_ingest_and_after_are_the_users_survive_reingest_and_redo_the_comparison(tmp_path):
    db = str(tmp_path / "r.db")
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("Council approves ferry terminal\n\n" + ARTICLE_TEXT, encoding="utf-8")
    second.write_text("Ferry terminal gets the go-ahead\n\n" + OTHER_TEXT, encoding="utf-8")
    added = run("--db", db, "ingest", str(first), "--outlet", "Harbour Gazette", "--date", "2026-03-02")
    assert added.exit_code == 0
    (article,) = _articles(db)
    assert article["outlet"] == "Harbour Gazette" and article["published"] == "2026-03-02"
    assert article["provenance"]["outlet"] == "user" and article["provenance"]["published"] == "user"
    assert run("--db", db, "ingest", str(first), "--date", "not a date").exit_code == 2

    out = tmp_path / "out"
    assert run("--db", db, "analyze", str(second), "--out", str(out)).exit_code == 0
    analysis = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    outlets = {row["outlet"] for story in analysis["stories"] for row in story.get("coverage", [])}
    assert "Harbour Gazette" in outlets and "Unknown outlet (second.txt)" in outlets
    assert "second.txt" not in {o for o in outlets if not o.startswith("Unknown outlet")}

    other = next(a for a in _articles(db) if a["source"].endswith("second.txt"))
    edited = run("--db", db, "edit", other["id"][:8], "--outlet", "Quay Courier", "--date", "2026-03-01T08:30")
    assert edited.exit_code == 0 and "Quay Courier" in edited.stdout
    assert run("--db", db, "edit", other["id"][:8]).exit_code == 2  # nothing to change
    assert run("--db", db, "edit", "ffffffff", "--outlet", "X").exit_code == 2
    # re-ingesting the same file keeps the correction; one given again with the re-ingest is applied
    assert run("--db", db, "ingest", str(second)).exit_code == 0
    again = next(a for a in _articles(db) if a["id"] == other["id"])
    assert again["outlet"] == "Quay Courier" and again["provenance"]["outlet"] == "user"
    assert "1 corrected" in run("--db", db, "ingest", str(first), "--author", "R. Marsh").output
    assert next(a for a in _articles(db) if a["id"] == article["id"])["author"] == "R. Marsh"
    # the comparison is made again: the new outlet is in it, and it is now the first report
    assert run("--db", db, "analyze", "--out", str(out)).exit_code == 0
    analysis = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    coverage = [row for story in analysis["stories"] for row in story.get("coverage", [])]
    assert {row["outlet"] for row in coverage} == {"Harbour Gazette", "Quay Courier"}
    facts = [f for story in analysis["stories"] for f in story.get("facts", []) if f["independent_sources"] > 1]
    assert facts and all(f["first_reported_by"]["outlet"] == "Quay Courier" for f in facts)


def test_the_web_app_corrects_an_article_by_form_and_by_api(tmp_path):
    db = tmp_path / "r.db"
    source = tmp_path / "story.txt"
    source.write_text("Council approves ferry terminal\n\n" + ARTICLE_TEXT, encoding="utf-8")
    assert run("--db", str(db), "ingest", str(source)).exit_code == 0
    with Store(db) as store:
        article_id = store.articles()[0].id
    web = client_for(db)
    page = web.get(f"/articles/{article_id}").text
    assert f'action="/articles/{article_id}/edit"' in page and "Unknown outlet (story.txt)" in page
    saved = web.post(f"/articles/{article_id}/edit", data={"outlet": "Harbour Gazette", "published": "2026-03-02",
                                                          "title": "", "author": ""}, follow_redirects=False)
    assert saved.status_code == 303
    shown = web.get(f"/api/articles/{article_id}").json()
    assert shown["outlet"] == "Harbour Gazette" and shown["provenance"]["outlet"] == "user"
    assert shown["title"] == "Council approves ferry terminal"  # an empty field changes nothing
    patched = web.patch(f"/api/articles/{article_id[:8]}", json={"author": "R. Marsh", "published": "2026-03-03"})
    assert patched.status_code == 200 and patched.json()["author"] == "R. Marsh"
    assert patched.json()["published"] == "2026-03-03"
    assert web.patch(f"/api/articles/{article_id}", json={"published": "3 March"}).status_code == 400
    assert web.patch("/api/articles/ffffffff", json={"outlet": "X"}).status_code == 404
    secured = client_for(db, token="s3cret")
    assert secured.patch(f"/api/articles/{article_id}", json={"outlet": "X"}).status_code == 401


def test_an_upload_carries_the_users_outlet_and_date_and_shows_its_own_name(tmp_path):
    db = tmp_path / "r.db"
    with Store(db):
        pass
    web = client_for(db)
    body = ("Council approves ferry terminal\n\n" + ARTICLE_TEXT).encode()
    job = web.post("/api/ingest", files=[("files", ("новости.txt", body, "text/plain"))],
                   data={"outlet": "Harbour Gazette", "published": "2026-03-02"})
    assert job.status_code == 202
    web.app.state.jobs.wait(120)
    assert web.get(f"/api/jobs/{job.json()['id']}").json()["state"] == "done"
    (article,) = web.get("/api/articles").json()["articles"]
    assert article["outlet"] == "Harbour Gazette" and article["published"] == "2026-03-02"
    assert article["source"].endswith("-новости.txt")  # a name in another script keeps its letters and extension
    unnamed = web.post("/api/ingest", files=[("files", ("note.txt", ("Ferry vote\n\n" + OTHER_TEXT).encode(),
                                                         "text/plain"))])
    web.app.state.jobs.wait(120)
    assert web.get(f"/api/jobs/{unnamed.json()['id']}").json()["state"] == "done"
    other = next(a for a in web.get("/api/articles").json()["articles"] if a["id"] != article["id"])
    page = web.get(f"/articles/{other['id']}").text
    assert "Unknown outlet (note.txt)" in page and "source: upload note.txt" in page
    assert str(tmp_path) not in page  # the server's folders are not shown to readers
    assert web.post("/api/ingest", data={"urls": "https://news.example/a", "published": "soon"}).status_code == 400


def test_outlet_profiles_show_beside_each_headline_and_in_attribution_chains(tmp_path):
    import pytest

    from rashomon.errors import SettingsError
    from rashomon.extract.outlets import OutletRegistry, registry, use_outlets_file

    outlets = tmp_path / "outlets.toml"
    outlets.write_text('''
[[outlet]]
name = "Harbour Gazette"
domains = ["harbourgazette.example"]
country = "GB"
type = "newspaper"
owner = "Harbour Media Ltd"
ownership = "private"
source = "https://harbourgazette.example/about"

[[outlet]]
name = "Quay Courier"
country = "RU"
type = "agency"
owner = "Government of Nowhere"
ownership = "state-owned"
source = "javascript:alert(1)"
''', encoding="utf-8")
    profile = OutletRegistry.load(outlets).by_name("Quay Courier").profile()
    assert profile["summary"] == "Russian state-owned news agency"
    config = tmp_path / "rashomon.toml"
    config.write_text(f'outlets_file = "{outlets}"\n', encoding="utf-8")
    db = str(tmp_path / "r.db")
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("Council approves ferry terminal\n\n" + ARTICLE_TEXT, encoding="utf-8")
    second.write_text("Ferry terminal gets the go-ahead\n\n" + OTHER_TEXT, encoding="utf-8")
    assert run("--db", db, "--config", str(config), "ingest", str(first), "--outlet", "Harbour Gazette").exit_code == 0
    assert run("--db", db, "--config", str(config), "ingest", str(second), "--outlet", "Quay Courier").exit_code == 0
    out = tmp_path / "out"
    assert run("--db", db, "--config", str(config), "analyze", "--out", str(out)).exit_code == 0
    analysis = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    rows = {row["outlet"]: row["outlet_profile"] for s in analysis["stories"] for row in s["coverage"]}
    assert rows["Harbour Gazette"]["owner"] == "Harbour Media Ltd" and rows["Quay Courier"]["country"] == "RU"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "How each outlet told it" in html
    assert 'British private newspaper · <span title="Harbour Media Ltd">owner: Harbour Media Ltd' in html
    assert 'href="https://harbourgazette.example/about"' in html and "javascript:alert" not in html
    assert "private 1" in html and "state-owned 1" in html  # the coverage bar by owner type
    bad = tmp_path / "bad.toml"
    bad.write_text('[[outlet]]\nname = "X"\nownership = "left-leaning"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="ownership must be one of"):
        OutletRegistry.load(bad)
    use_outlets_file(None)
    registry.cache_clear()


def test_an_outlet_whose_name_has_a_slash_has_its_page(tmp_path):
    db = tmp_path / "r.db"
    source = tmp_path / "story.txt"
    source.write_text("Council approves ferry terminal\n\n" + ARTICLE_TEXT, encoding="utf-8")
    assert run("--db", str(db), "ingest", str(source), "--outlet", "AP/Reuters").exit_code == 0
    web = client_for(db)
    assert 'href="/outlets/AP%2FReuters"' in web.get("/outlets").text
    assert web.get("/outlets/AP%2FReuters").status_code == 200
    assert web.get("/api/outlets/AP%2FReuters").json()["outlet"] == "AP/Reuters"
    assert web.get("/outlets/AP%2FReuters.json").json()["outlet"] == "AP/Reuters"


def test_the_web_app_moves_articles_and_merges_stories(tmp_path):
    db = tmp_path / "r.db"
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("Council approves ferry terminal\n\n" + ARTICLE_TEXT, encoding="utf-8")
    second.write_text("Ferry terminal gets the go-ahead\n\n" + OTHER_TEXT, encoding="utf-8")
    assert run("--db", str(db), "ingest", str(first), str(second)).exit_code == 0
    assert run("--db", str(db), "cluster").exit_code == 0
    with Store(db) as store:
        (story,) = store.stories()
        article_id = story["articles"][1]["id"]
    web = client_for(db)
    assert 'action="/articles/' + article_id + '/move"' in web.get(f"/articles/{article_id}").text
    moved = web.post(f"/articles/{article_id}/move", data={"story": "new"}, follow_redirects=False)
    assert moved.status_code == 303
    new_story = int(moved.headers["location"].rsplit("/", 1)[1])
    assert new_story != story["id"] and web.get("/api/stories").json()["total"] == 2
    assert web.post(f"/articles/{article_id}/move", data={"story": "x"}).status_code == 400
    assert web.post(f"/api/articles/{article_id}/move", json={"story": 999}).status_code == 404
    page = web.get(f"/stories/{story['id']}").text
    assert f'action="/stories/{story["id"]}/merge"' in page and 'name="stories"' in page
    assert web.post(f"/stories/{story['id']}/merge", data={"stories": "x; drop"}).status_code == 400
    assert web.post(f"/stories/{story['id']}/merge", data={"stories": "999"}).status_code == 404
    by_form = web.post(f"/stories/{story['id']}/merge", data={"stories": f"{new_story}"}, follow_redirects=False)
    assert by_form.status_code == 303 and by_form.headers["location"] == f"/stories/{story['id']}"
    assert web.get("/api/stories").json()["total"] == 1
    moved = web.post(f"/articles/{article_id}/move", data={"story": "new"}, follow_redirects=False)
    new_story = int(moved.headers["location"].rsplit("/", 1)[1])
    merged = web.post(f"/api/stories/{story['id']}/merge", json={"stories": [new_story]})
    assert merged.status_code == 200 and article_id in merged.json()["article_ids"]
    assert web.get("/api/stories").json()["total"] == 1
    assert client_for(db, writable=False).post(f"/api/stories/{story['id']}/merge",
                                               json={"stories": [1]}).status_code == 403
    read_only = client_for(db, writable=False)
    assert "/merge" not in read_only.get(f"/stories/{story['id']}").text
    assert read_only.post(f"/stories/{story['id']}/merge", data={"stories": "1"}).status_code == 403


def test_review_fixes_names_dates_chrome_and_stray_escapes():
    import pytest

    from rashomon.extract import printable
    from rashomon.extract.outlets import OutletRegistry
    from rashomon.models import parse_published
    from rashomon.web.app import _safe_name

    assert len(_safe_name("新闻" * 80 + ".txt").encode()) < 255 and _safe_name("新闻" * 80 + ".txt").endswith(".txt")
    with pytest.raises(ValueError):
        parse_published("20261006")  # not the ISO shape asked for: no made-up midnight
    registry = OutletRegistry.load()
    assert registry.in_chrome("Menu  Parents and guardians  Contact") is None  # a profile alias is not chrome
    assert registry.by_name("Guardian") is registry.by_name("The Guardian")
    text = "Para one has text. \x1b] stray\nPara two has more text."
    assert printable(text, keep_lines=True) == "Para one has text. \nPara two has more text."  # the line ends it


def test_an_unknown_outlet_is_counted_and_named_on_the_story_list_in_report_md_and_on_the_story_page(tmp_path):
    """The seeds' case: a story of a known outlet and a file of no known outlet. Every view counts two outlets, one
    of them unknown, and names the unknown one by its file, never leaving it out of the list of outlets."""
    db = tmp_path / "r.db"
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("Council approves ferry terminal\n\n" + ARTICLE_TEXT, encoding="utf-8")
    second.write_text("Ferry terminal gets the go-ahead\n\n" + OTHER_TEXT, encoding="utf-8")
    assert run("--db", str(db), "ingest", str(first), "--outlet", "Harbour Gazette").exit_code == 0
    out = tmp_path / "out"
    assert run("--db", str(db), "analyze", str(second), "--out", str(out)).exit_code == 0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "from Harbour Gazette, Unknown outlet (second.txt);" in report
    web = client_for(db)
    card = web.get("/stories").text
    assert "2 outlets (1 unknown)" in card and "Unknown outlet (second.txt)" in card
    (story,) = web.get("/api/stories").json()["stories"]
    page = web.get(f"/stories/{story['id']}").text
    assert "2 articles from 2 outlets (1 unknown)" in page and "Unknown outlet (second.txt)" in page
    assert "None" not in re.sub(r"<script.*?</script>", "", page, flags=re.S)
    outlets = web.get("/outlets").text  # listed apart, each a link to its article's correction form
    assert re.search(r'<a href="/articles/\w+#edit">Unknown outlet \(second\.txt\)</a>', outlets)
    assert [o["outlet"] for o in web.get("/outlets.json").json()] == ["Harbour Gazette"]
