"""Issue 19's check on the seeds, through every view a reader meets: the two articles of no known outlet read
"Unknown outlet (their file)" in the CLI, report.md, report.html and the web app, never ``None`` and never a file
name posing as an outlet (the stored records of ``articles --json`` say null); given an outlet with ``--outlet`` at
ingest, every view shows it. And no article is said to have reported a fact first over another of the same day
when one of them has only a day. An attribution chain names its source's profile ("via TASS (Russian state-owned
news agency)")."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from rashomon.cli import app
from tests.conftest import SEEDS
from tests.test_web import client_for

pytestmark = [pytest.mark.shared, pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")]
runner = CliRunner()
UNNAMED = {"000_8309a1c7a772b7e5.txt": "Unknown outlet (000_8309a1c7a772b7e5.txt)",
           "003_160e0a6cc8bd7120.txt": "Unknown outlet (003_160e0a6cc8bd7120.txt)"}


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def views(db: str, config: str, out) -> dict[str, str]:
    """Every view of the seeds as a reader meets it, by name: the CLI's tables and JSON, the report files, and the
    web app's pages and their JSON twins."""
    shown = {"articles": run("--db", db, "--config", config, "articles"),
             "articles --json": run("--db", db, "--config", config, "articles", "--json"),
             "stories": run("--db", db, "--config", config, "stories"),
             "stories --json": run("--db", db, "--config", config, "stories", "--json")}
    main = max(json.loads(shown["stories --json"]), key=lambda s: s["article_count"])
    shown["story"] = run("--db", db, "--config", config, "story", str(main["id"]))
    shown["story --json"] = run("--db", db, "--config", config, "story", str(main["id"]), "--json")
    shown["report.md"] = (out / "report.md").read_text(encoding="utf-8").replace("\\_", "_")  # as it renders
    shown["report.html"] = (out / "report.html").read_text(encoding="utf-8")
    web = client_for(db)
    for path in ("/stories", f"/stories/{main['id']}", "/outlets", f"/stories/{main['id']}.json"):
        shown[path] = web.get(path).text
    return shown


def test_unknown_outlets_read_so_everywhere_until_given_one_and_same_day_reports_tie(tmp_path):
    db, config, out = str(tmp_path / "seeds.db"), tmp_path / "rashomon.toml", tmp_path / "out"
    config.write_text('similarity = "lexical"\nworkers = 1\n', encoding="utf-8")
    run("--db", db, "--config", str(config), "analyze", str(SEEDS), "--out", str(out))
    before = views(db, str(config), out)
    records = before.pop("articles --json")  # the stored records: an outlet not known is null there, not made up
    for name, text in before.items():
        for label in UNNAMED.values():
            assert label in text, (name, label)
        plain = re.sub(r"<script.*?</script>|<style.*?</style>", "", text, flags=re.S)
        assert not re.search(r"\bNone\b(?! found)", plain), name  # ("None found" is the contradictions' prose)
    page_name = next(k for k in before if re.fullmatch(r"/stories/\d+", k))
    page = before[page_name]
    assert len(re.findall(r'outlet not known · <a href="/articles/\w+#edit">give its outlet</a>', page)) == 2
    for name in ("report.md", "report.html", page_name):  # an attribution chain says who the source is
        assert "via TASS (Russian state-owned news agency)" in before[name], name
    articles = json.loads(records)
    assert {a["outlet"] for a in articles if a["source"].rsplit("/", 1)[-1] in UNNAMED} == {None}  # stored as unknown
    analysis = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    published = {a["id"]: a["published"] for a in analysis["articles"]}
    for story in analysis["stories"]:
        for fact in story["facts"]:
            first = fact.get("first_reported_by")
            if not first or not published.get(first["article_id"]):
                continue
            day = published[first["article_id"]][:10]
            same_day = {s["article_id"] for s in fact["support"] if (published.get(s["article_id"]) or "")[:10] == day}
            if any(len(published[a] or "") == 10 for a in same_day):  # one of them has only a day: all are first
                assert same_day <= {first["article_id"], *first.get("tied_with", [])}, fact["id"]

    # given its outlet at ingest (the same file again, with --outlet), the article shows it in every view
    epoch = next(p for p in SEEDS.iterdir() if p.name.startswith("003_"))
    assert "1 corrected" in runner.invoke(app, ["--db", db, "--config", str(config), "ingest", str(epoch),
                                                "--outlet", "The Epoch Times"]).output
    run("--db", db, "--config", str(config), "analyze", "--out", str(out))
    after = views(db, str(config), out)
    records = after.pop("articles --json")
    for name, text in after.items():
        assert "The Epoch Times" in text, name
        assert UNNAMED["003_160e0a6cc8bd7120.txt"] not in text, name
        assert UNNAMED["000_8309a1c7a772b7e5.txt"] in text, name
    edited = next(a for a in json.loads(records) if a["source"].endswith(epoch.name))
    assert edited["outlet"] == "The Epoch Times" and edited["provenance"]["outlet"] == "user"
