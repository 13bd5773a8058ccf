import json
import re

import pytest
from typer.testing import CliRunner

from rashomon.cli import app
from rashomon.errors import StoreError
from rashomon.store import Store
from tests.conftest import ARTICLE_TEXT, DEMO

runner = CliRunner()
COMMANDS = ["ingest", "articles", "show", "errors", "edit", "move", "merge", "demo", "annotate", "quotes", "cluster",
            "stories", "story", "analyze", "serve"]


def run(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_ingest_articles_show(tmp_path):
    db = str(tmp_path / "r.db")
    good = tmp_path / "story.txt"
    good.write_text("Council approves ferry terminal\n\n" + ARTICLE_TEXT)
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = run("--db", db, "ingest", str(good), str(bad))
    assert result.exit_code == 1  # one input failed
    assert "1 added" in result.output and "1 failed" in result.output
    assert "empty.txt" in result.output

    listing = json.loads(run("--db", db, "articles", "--json").stdout)
    assert len(listing) == 1
    item = listing[0]
    for key in ("id", "source", "title", "outlet", "author", "published", "url", "language", "text"):
        assert key in item
    assert item["source"] == str(good)
    assert item["title"] == "Council approves ferry terminal"

    shown = run("--db", db, "show", item["id"][:8])
    assert shown.exit_code == 0 and "ferry terminal" in shown.stdout
    assert json.loads(run("--db", db, "show", item["id"], "--json").stdout)["id"] == item["id"]
    assert run("--db", db, "show", "nope").exit_code == 2
    errors = json.loads(run("--db", db, "errors", "--json").stdout)
    assert errors[0]["source"] == str(bad)


def test_all_good_exits_zero(tmp_path):
    good = tmp_path / "story.txt"
    good.write_text("Council approves ferry terminal\n\n" + ARTICLE_TEXT)
    assert run("--db", str(tmp_path / "r.db"), "ingest", str(good)).exit_code == 0


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    text = re.sub(r"\s+", " ", result.stdout)
    assert f"rashomon {command}" in text and "Example" in text


def test_readme_documents_every_command():
    readme = (DEMO.parent.parent / "README.md").read_text()
    for command in COMMANDS:
        assert f"rashomon {command}" in readme or ("rashomon --db" in readme and command in readme)


def test_demo_command(tmp_path):
    out = tmp_path / "demo"
    result = run("demo", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert str(out / "rashomon.db") in result.stdout
    articles = json.loads((out / "articles.json").read_text())
    assert len(articles) == 9
    quotes = json.loads((out / "quotes.json").read_text())
    assert {q["speaker_resolved"] for item in quotes for q in item["quotes"]} >= {"Pavel Dronov", "Ruth Ambrosi"}


def test_quotes_annotate_and_show_annotations(tmp_path):
    db = str(tmp_path / "r.db")
    story = tmp_path / "story.txt"
    story.write_text("Council approves ferry terminal\n\n" + ARTICLE_TEXT
                     + '\n\n"We waited six years for this," councillor Ada Brook told reporters.')
    result = run("--db", db, "quotes", str(story), "--json")
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert [item["source"] for item in view] == [str(story)]
    quotes = view[0]["quotes"]
    direct = next(q for q in quotes if q["kind"] == "direct")
    assert direct["content"] == "We waited six years for this"
    assert direct["speaker_resolved"] == "Ada Brook" and direct["cue"] == "told"
    assert set(direct) == {"content", "speaker", "speaker_resolved", "cue", "kind", "attribution", "start", "end"}
    article_id = view[0]["article_id"]
    again = json.loads(run("--db", db, "quotes", article_id[:8], "--json").stdout)
    assert again[0]["quotes"] == quotes  # by id, nothing re-ingested
    assert "annotated 0 article" in run("--db", db, "annotate").stderr
    shown = run("--db", db, "show", article_id[:8], "--annotations")
    # through a pipe (as here) the marks are characters in the text, not colour
    assert shown.exit_code == 0 and "Marks:" in shown.stdout and "«We waited six years for this»" in shown.stdout
    data = json.loads(run("--db", db, "show", article_id[:8], "--annotations", "--json").stdout)
    assert data["annotations"]["quotes"]


def test_cluster_stories_story(tmp_path):
    db = str(tmp_path / "r.db")
    first = tmp_path / "one.txt"
    first.write_text("Council approves ferry terminal\n\n" + ARTICLE_TEXT)
    with pytest.raises(StoreError, match="no database at"):  # a read command never creates a database
        run("--db", db, "stories")
    assert not (tmp_path / "r.db").exists()
    run("--db", db, "ingest", str(first))
    result = run("--db", db, "cluster")
    assert result.exit_code == 0 and "1 new articles; 1 new stories" in result.output
    [story] = json.loads(run("--db", db, "stories", "--json").stdout)
    assert set(story) >= {"id", "title", "article_ids", "storyline_id", "first_published", "last_published",
                          "outlets", "article_count", "independent_count"}
    assert story["title"] == "Council approves ferry terminal" and story["independent_count"] == 1
    # a plain-text file names no outlet: "outlets" lists known outlets only, "sources" says what it is
    assert story["outlets"] == [] and story["sources"] == ["Unknown outlet (one.txt)"]
    assert "Unknown outlet (one.txt)" in run("--db", db, "stories").stdout
    shown = run("--db", db, "story", str(story["id"]))
    assert shown.exit_code == 0 and "opened the story" in shown.stdout and "Unknown outlet (one.txt)" in shown.stdout
    assert json.loads(run("--db", db, "story", str(story["id"]), "--json").stdout)["articles"][0]["reason"]
    assert run("--db", db, "story", "999").exit_code == 1


def test_help_reads_as_written_and_a_typo_stops_analyze_before_any_report(tmp_path):
    import os
    import subprocess
    import sys

    for command in (["analyze"], ["serve"], ["watch", "run"]):  # as the installed command runs (rashomon.cli:main)
        shown = subprocess.run([sys.executable, "-c", "from rashomon.cli import main; main()", *command, "--help"],
                               capture_output=True, text=True, env={**os.environ, "COLUMNS": "100"}, timeout=120)
        assert shown.returncode == 0 and "<bool>" not in shown.stdout and "--help" in shown.stdout, shown.stdout
        assert "report.html" in shown.stdout or command != ["analyze"]
    # paragraphs are wrapped at the terminal's width, not at the docstring's line breaks; examples keep theirs
    from rashomon.cli import cli_command

    helped = cli_command().commands["analyze"].help
    assert "OUT/report.md and OUT/report.html" in helped and "    rashomon analyze articles/" in helped
    missing = run("--db", str(tmp_path / "r.db"), "analyze", str(tmp_path / "no-such-folder"), "--out",
                  str(tmp_path / "out"))
    assert missing.exit_code == 2 and "No such file or folder" in missing.output
    assert not (tmp_path / "out").exists() and not (tmp_path / "r.db").exists()


def _every_help(columns=100):
    """The --help of every command at any depth, as the installed command prints it."""
    from click.testing import CliRunner as ClickRunner

    from rashomon.cli import cli_command

    command = cli_command()

    def walk(each, path):
        yield path, each
        for name, sub in getattr(each, "commands", {}).items():
            yield from walk(sub, [*path, name])

    for path, each in walk(command, []):
        shown = ClickRunner().invoke(command, [*path, "--help"], prog_name="rashomon", env={"COLUMNS": str(columns)})
        assert shown.exit_code == 0, shown.output
        yield path, each, shown.output


def test_help_names_arguments_as_tools_do_at_any_depth():
    seen = set()
    for path, command, text in _every_help():
        seen.add(" ".join(path))
        usage = next(line for line in text.splitlines() if "Usage:" in line)
        # no Python types, no {braces}: PATH_OR_URL..., [ARTICLE_ID]..., STORY_ID
        assert not re.search(r"<[a-z]+(\[[a-z, ]+\])?>", text), (path, text)
        assert "{" not in usage and "}" not in usage, usage
        for param in command.params:
            if param.param_type_name != "argument":
                continue
            name = param.metavar
            assert re.fullmatch(r"[A-Z_]+", name), (path, name)
            shown = name if param.required else f"[{name}]"
            assert shown + ("..." if param.nargs != 1 else "") in usage, (path, usage)
            assert re.search(rf"\b{name}\b", text.split("Arguments", 1)[1]), (path, text)
        # an example block keeps its indent even right after "Examples:" (typer dedents what follows it)
        if "Example" in text:
            assert re.search(r"\n\s+Examples?:\s*\n\s*\n {5}rashomon ", text), (path, text)
    assert {"ingest", "show", "move", "watch add", "watch load", "watch remove", "developments"} <= seen
    usage_of = {" ".join(p): t for p, _, t in _every_help()}
    assert "Usage: rashomon ingest [OPTIONS] PATH_OR_URL..." in usage_of["ingest"]
    assert "Usage: rashomon annotate [OPTIONS] [ARTICLE_ID]..." in usage_of["annotate"]
    assert "Usage: rashomon story [OPTIONS] STORY_ID" in usage_of["story"]
    assert "--to          STORY_ID" in usage_of["move"]
    # help is prose, not console markup: the TOML table name survives
    assert "[[source]]" in usage_of["watch load"]


def test_show_with_an_ambiguous_prefix_lists_the_candidates(tmp_path):
    db = str(tmp_path / "r.db")
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(40):  # enough articles that some share a first hex digit
        (folder / f"a{n}.txt").write_text(f"Story number {n}\n\n" + ARTICLE_TEXT.replace("six", f"{n + 7}"),
                                          encoding="utf-8")
    assert run("--db", db, "ingest", str(folder)).exit_code == 0
    ids = [a["id"] for a in json.loads(run("--db", db, "articles", "--json").stdout)]
    prefix = next(p for p in "0123456789abcdef" if sum(i.startswith(p) for i in ids) > 1)
    shown = run("--db", db, "show", prefix)
    assert shown.exit_code == 2 and "give more of the id" in shown.output
    assert all(i[:12] in shown.output for i in ids if i.startswith(prefix))


def test_annotations_stay_readable_through_a_pipe():
    from rashomon.render import marked_text

    text = 'The mayor said on Monday: "We will rebuild the bridge," Ruth Calloway told reporters.'
    annotation = {"mentions": [{"start": 56, "end": 69, "label": "PERSON"}], "times": [{"start": 18, "end": 24}],
                  "quotes": [{"start": 27, "end": 54, "cue_start": 70, "cue_end": 74, "speaker_start": 56,
                              "speaker_end": 69}] * 2}
    marked = marked_text(text, annotation)
    assert marked == ('The mayor said on <Monday>: "«We will rebuild the bridge,»" [Ruth Calloway⁽ᵖ⁾] {told} '
                      "reporters.")


def test_serve_refuses_watch_with_read_only(tmp_path, monkeypatch):
    import uvicorn

    def served(*args, **kwargs):
        raise AssertionError("it served")

    monkeypatch.setattr(uvicorn, "run", served)  # so that a regression fails instead of serving forever
    db = tmp_path / "r.db"
    Store(db).close()
    result = run("--db", str(db), "serve", "--read-only", "--watch")
    assert result.exit_code == 2 and "cannot run with --read-only" in result.output


LONG_FOLDER = "a-folder-whose-name-runs-past-the-width-of-any-terminal-this-output-is-piped-from"


def _lines_holding(output, text):
    return [line for line in output.splitlines() if text in line]


def test_piped_output_wraps_no_path_and_cuts_no_id_or_title(tmp_path, demo_db):
    import shutil

    folder = tmp_path / LONG_FOLDER
    folder.mkdir()
    db = str(folder / "r.db")
    shutil.copy(demo_db, db)
    env = {"COLUMNS": "40"}  # a narrow COLUMNS is the terminal's, not the pipe's

    def piped(*args):
        result = runner.invoke(app, ["--db", db, *args], env=env, catch_exceptions=False)
        assert result.exit_code in (0, 1), result.output
        return result

    articles = json.loads(piped("articles", "--json").stdout)
    listed = piped("articles").stdout
    for item in articles:  # one line per article, its id and title whole
        [line] = _lines_holding(listed, item["id"][:12])
        assert item["title"] in line, listed
    stories = json.loads(piped("stories", "--json").stdout)
    shown = piped("stories").stdout
    for story in stories:
        assert _lines_holding(shown, story["title"]) and _lines_holding(shown, ", ".join(story["sources"])), shown
    biggest = max(stories, key=lambda s: s["article_count"])
    told = piped("story", str(biggest["id"])).stdout
    assert _lines_holding(told, ", ".join(biggest["sources"])), told
    quoted = json.loads(piped("quotes", articles[2]["id"], "--json").stdout)[0]["quotes"]
    table = piped("quotes", articles[2]["id"]).stdout
    assert quoted and all(_lines_holding(table, quote["content"]) for quote in quoted), table

    bad = folder / "an-empty-input-file-with-a-long-name-too.txt"
    bad.write_text("")
    failed = piped("ingest", str(bad))
    assert _lines_holding(failed.stderr, f"Database: {db}") and _lines_holding(failed.stderr, str(bad))
    assert _lines_holding(piped("errors").stdout, str(bad))

    out = folder / "analysis-output-folder"
    analysed = piped("analyze", "--story", str(biggest["id"]), "--out", str(out))
    assert f"Output: {out / 'report.html'}\n" in analysed.stdout
    assert _lines_holding(analysed.stdout, biggest["title"]), analysed.stdout  # the end-of-run summary
    assert "…" not in analysed.stdout + listed + shown + told + table


def test_tables_use_the_whole_width_of_a_terminal(tmp_path, demo_db, monkeypatch):
    import io
    import shutil

    import rashomon.cli as cli
    from rashomon.render import Output

    db = str(tmp_path / "r.db")
    shutil.copy(demo_db, db)
    ids = [item["id"][:12] for item in json.loads(run("--db", db, "articles", "--json").stdout)]
    for columns in (60, 100, 140):
        for command in (["articles"], ["stories"], ["story", "2"], ["quotes", ids[2]]):
            screen = io.StringIO()
            monkeypatch.setattr(cli, "out", Output(file=screen, force_terminal=True, color_system=None))
            result = runner.invoke(app, ["--db", db, *command], env={"COLUMNS": str(columns)})
            assert result.exit_code == 0, result.output
            widths = [len(line.rstrip()) for line in screen.getvalue().splitlines()]
            # the demo's titles, outlet lists and quotes are longer than any of these widths: they fill it (less
            # what wrapping at a space leaves over)
            assert columns - 12 < max(widths) <= columns, (command, columns, screen.getvalue())
            if command == ["articles"]:
                assert all(any(line.startswith(i) for line in screen.getvalue().splitlines()) for i in ids)


def test_analyze_without_files_stores_the_comparisons_and_prints_what_it_found(tmp_path):
    db, out = str(tmp_path / "r.db"), tmp_path / "report"
    result = run("--db", db, "analyze", str(DEMO / "corpus"), "--out", str(out), "--no-files")
    assert result.exit_code == 0, result.output
    assert not out.exists() and "Output:" not in result.stdout  # no files written
    assert "What the comparison found" in result.stdout
    with Store(db) as store:
        stories = store.stories()
        assert stories and all(store.analysis(s["id"]) for s in stories)
