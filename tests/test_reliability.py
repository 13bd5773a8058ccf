"""Reliability: one bad document never sinks a batch, on the parallel path users take by default.

Every error class survives the trip between processes; a document that raises, overruns its time
budget or kills its worker costs only itself; a hostile mixed batch stores every good document and
records every bad one once, with a named reason.
"""

from __future__ import annotations

import gzip
import json
import os
import pickle
import signal
import sys
import time

import pytest

import rashomon.errors as errors_module
from rashomon.engine import Failed, isolated_map
from rashomon.errors import InputError, RashomonError
from rashomon.ingest import ingest
from rashomon.settings import Settings
from tests.conftest import ARTICLE_TEXT, article_html
from tests.test_ingest import warc_bytes, write

ingest_module = sys.modules["rashomon.ingest"]  # the package, not the function `rashomon.ingest`


def _subclasses(cls: type) -> list[type]:
    found = [cls]
    for sub in cls.__subclasses__():
        found += _subclasses(sub)
    return found


@pytest.mark.parametrize("cls", _subclasses(RashomonError), ids=lambda c: c.__name__)
def test_every_error_class_round_trips_through_pickle(cls):
    if issubclass(cls, InputError):
        error = cls("feeds/news.xml", "something was wrong", locator="entry 3")
    else:
        error = cls("something was wrong")
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is cls and str(back) == str(error)
    if isinstance(error, InputError):
        assert (back.source, back.reason, back.locator, back.stage) == (
            error.source, error.reason, error.locator, error.stage)
    assert errors_module.RashomonError in type(back).__mro__


# --- the engine: one item's failure is only its own ------------------------------------------------

def _work(item: str) -> str:
    if item == "raise":
        raise ValueError("bad item")
    if item == "die":
        os._exit(3)  # a worker killed mid-task (as by the OOM killer)
    if item == "slow":
        time.sleep(30)
    if item == "stuck":  # deaf to the soft timer, as when stuck inside C code
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(30)
    if item == "unpicklable":
        return lambda: None  # type: ignore[return-value]  # cannot be sent back to the parent
    if item.startswith("nap"):  # "nap3-…": 0.15 s of work
        time.sleep(0.05 * int(item[3:].split("-")[0]))
    return item.upper()


def test_engine_isolates_errors_crashes_and_overruns():
    items = ["a", "raise", "b", "die", "c", "slow", "d", "unpicklable", "e"] + [f"x{i}" for i in range(12)]
    out = isolated_map(_work, items, workers=2, budget=1.0, hard_grace=2.0)
    assert len(out) == len(items)
    by_item = dict(zip(items, out, strict=True))
    for good in ["a", "b", "c", "d", "e"] + [f"x{i}" for i in range(12)]:
        assert by_item[good] == good.upper()
    assert isinstance(by_item["raise"], Failed) and by_item["raise"].kind == "error"
    assert "ValueError: bad item" in by_item["raise"].reason
    assert isinstance(by_item["die"], Failed) and by_item["die"].kind == "crash"
    assert isinstance(by_item["slow"], Failed) and by_item["slow"].kind == "timeout"
    assert isinstance(by_item["unpicklable"], Failed)


def test_engine_kills_a_worker_deaf_to_its_timer():
    out = isolated_map(_work, ["a", "stuck", "b", "c"], workers=2, budget=0.5, hard_grace=1.0)
    assert out[0] == "A" and out[2:] == ["B", "C"]
    assert isinstance(out[1], Failed) and out[1].kind == "timeout"


def test_engine_in_process_budget_on_the_main_thread():
    out = isolated_map(_work, ["a", "slow", "raise"], workers=1, budget=0.5)
    assert out[0] == "A"
    assert isinstance(out[1], Failed) and out[1].kind == "timeout"
    assert isinstance(out[2], Failed) and out[2].kind == "error"


# --- ingest through the parallel path ---------------------------------------------------------------

def _good_files(tmp_path, n: int) -> None:
    for i in range(n):
        body = ARTICLE_TEXT.replace("Eastmoor", f"Eastmoor-{i}").replace("six years", f"{i + 2} years")
        write(tmp_path, f"good/a{i:02d}.txt", f"Council story number {i}\n\n{body}")


def test_one_short_file_does_not_sink_the_parallel_batch(tmp_path, store):
    _good_files(tmp_path, 16)
    write(tmp_path, "good/short.txt", "one line")
    report = ingest([str(tmp_path / "good")], store, Settings(workers=2))
    assert len(report.added) == 16
    assert [f.source.rsplit("/", 1)[-1] for f in report.failures] == ["short.txt"]
    assert report.failures[0].kind == "NoArticleBody"
    assert len(store.articles()) == 16
    again = ingest([str(tmp_path / "good")], store, Settings(workers=2))  # a rerun resumes, no duplicates
    assert len(again.added) == 0 and len(again.duplicates) == 16 and len(again.failures) == 1


def test_jsonl_with_one_short_record_in_parallel(tmp_path, store):
    records = [{"title": f"Record {i}", "outlet": "Harbour Gazette", "date": "2026-05-04",
                "text": ARTICLE_TEXT + f" Item {i}."} for i in range(20)]
    records[7]["text"] = "too short"
    write(tmp_path, "records.jsonl", "\n".join(json.dumps(r) for r in records))
    report = ingest([str(tmp_path / "records.jsonl")], store, Settings(workers=2))
    assert len(report.added) == 19
    assert [(f.locator, f.kind) for f in report.failures] == [("line 8", "NoArticleBody")]


def test_a_document_that_kills_its_worker_costs_only_itself(tmp_path, store, monkeypatch):
    real = ingest_module.extract

    def deadly(raw, settings, registry):
        if "poison" in raw.text:
            os._exit(9)
        return real(raw, settings, registry)

    monkeypatch.setattr(ingest_module, "extract", deadly)  # forked workers inherit the patch
    _good_files(tmp_path, 20)
    write(tmp_path, "good/poison.txt", "Poison pill\n\npoison " + ARTICLE_TEXT)
    report = ingest([str(tmp_path / "good")], store, Settings(workers=2))
    assert len(report.added) == 20
    assert [f.kind for f in report.failures] == ["WorkerCrashed"]
    assert "worker process died" in report.failures[0].reason
    assert report.failures[0].source.endswith("poison.txt")


def test_a_document_over_its_time_budget_fails_with_a_named_reason(tmp_path, store, monkeypatch):
    real = ingest_module.extract

    def slow(raw, settings, registry):
        if "molasses" in raw.text:
            time.sleep(30)
        return real(raw, settings, registry)

    monkeypatch.setattr(ingest_module, "extract", slow)
    _good_files(tmp_path, 16)
    write(tmp_path, "good/slow.txt", "Slow page\n\nmolasses " + ARTICLE_TEXT)
    report = ingest([str(tmp_path / "good")], store, Settings(workers=2, extract_timeout=5.0))
    assert len(report.added) == 16
    assert [f.kind for f in report.failures] == ["ExtractionTimeout"]
    assert "extract_timeout" in report.failures[0].reason


def test_hostile_mixed_batch_through_the_parallel_path(tmp_path, store):
    _good_files(tmp_path, 16)
    write(tmp_path, "good/page.html", article_html("Ferry terminal approved by council"))
    bad = {
        "empty.txt": b"",
        "blank.html": b"   \n\t ",
        "binary.txt": bytes(range(256)) * 40,
        "image.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 500,
        "undecodable.txt": b"\xff\xfe\xfa" * 10 + b"\x00\x81" * 400,
        "tiny.txt": b"Hi.",
        "tiny.html": b"<html><body><p>Hi.</p></body></html>",
        "broken.json": b'{"title": "x", "text": ',
        "nested.json": b"[" * 100_000 + b"]" * 100_000,
        "broken.jsonl": b'{"title": "ok"\n{nope}\n',
        "broken.xml": b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>x',
        "broken.warc": b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort",
        "truncated.warc.gz": warc_bytes([("https://harbourgazette.example/w", article_html())])[:120],
        "corrupt.gz": b"\x1f\x8b\x08\x00" + b"garbage" * 20,
        "bomb.html.gz": gzip.compress(b"<p>" + b"a" * (3 * 1024 * 1024)),
        "huge.txt": b"word " * (1024 * 1024 // 5 * 3),
        "odd name \n with newline.txt": b"x",
        "новости.jsonl": b'{"text": "short"}',
    }
    for name, data in bad.items():
        write(tmp_path, f"good/{name}", data)
    settings = Settings(workers=2, max_input_bytes=2 * 1024 * 1024)
    report = ingest([str(tmp_path / "good")], store, settings)
    assert len(report.added) == 17
    assert {os.path.basename(f.source) for f in report.failures} == set(bad), "every bad input is recorded"
    keys = [(f.source, f.locator) for f in report.failures]
    assert len(keys) == len(set(keys)), "each input (or record in it) once"
    for failure in report.failures:
        assert failure.kind != "InputError", f"a named reason for {failure.source}: {failure.reason}"
        assert "unexpected" not in failure.reason and "NoneType" not in failure.reason
    assert len(store.articles()) == 17
    assert len(store.errors()) == len(keys)
    again = ingest([str(tmp_path / "good")], store, settings)  # a rerun replaces, not repeats, the error rows
    assert len(again.failures) == len(keys) and len(store.errors()) == len(keys)
    assert store.clear_errors() == len(keys) and store.errors() == []


def _annotate_or_die(articles, settings=None):
    """Stands in for the parser: the article that says 'poison' kills the process annotating it."""
    from rashomon.records import Annotation

    if any("poison" in a.text for a in articles):
        os._exit(9)
    return [Annotation(a.id, language=a.language) for a in articles]


def test_annotate_survives_an_article_that_kills_its_worker(tmp_path, store, monkeypatch):
    nlp_module = sys.modules["rashomon.nlp"]
    monkeypatch.setattr(nlp_module, "annotate_articles", _annotate_or_die)
    monkeypatch.setattr(nlp_module.model, "load", lambda name=None: None)
    _good_files(tmp_path, 40)
    write(tmp_path, "good/poison.txt", "Poison pill\n\npoison " + ARTICLE_TEXT)
    ingest([str(tmp_path / "good")], store, Settings(workers=2))
    report = nlp_module.annotate(store, settings=Settings(workers=2))
    assert report.annotated == 40
    assert len(report.with_problems) == 1 and "worker process died" in report.with_problems[0][1]
    assert store.unannotated(nlp_module.ANNOTATION_VERSION, None) == []


# --- the one network boundary: the address checked is the address connected to ------------------------

def test_fetch_connects_to_the_address_it_checked():
    import httpx

    from rashomon.errors import FetchError
    from rashomon.ingest.fetch import PinnedTransport

    seen = []

    def inner(request):
        seen.append((request.url.host, request.headers["host"], request.extensions.get("sni_hostname")))
        return httpx.Response(200, text="ok")

    answers = iter([["93.184.216.34"], ["127.0.0.1"]])  # a rebinding resolver: public first, loopback after
    transport = PinnedTransport("feed", httpx.MockTransport(inner), resolve=lambda host: next(answers))
    with httpx.Client(transport=transport) as client:
        assert client.get("https://news.example/a").text == "ok"
    assert seen == [("93.184.216.34", "news.example", "news.example")]

    for address in ("127.0.0.1", "10.1.2.3", "100.64.0.1", "169.254.169.254", "::1", "fd00::1", "224.0.0.1"):
        refusing = PinnedTransport("feed", httpx.MockTransport(inner), resolve=lambda host, a=address: [a])
        with httpx.Client(transport=refusing) as client, pytest.raises(FetchError, match="not a public address"):
            client.get("http://rebind.example/")
        with httpx.Client(transport=PinnedTransport("feed", httpx.MockTransport(inner))) as client, \
                pytest.raises(FetchError, match="not a public address"):
            client.get(f"http://[{address}]/" if ":" in address else f"http://{address}/")


def test_analysis_json_is_the_same_bytes_fresh_and_cached(demo_db, tmp_path):
    import shutil

    from rashomon.analysis import build_analysis
    from rashomon.compare.similarity import encoder
    from rashomon.store import Store

    path = tmp_path / "r.db"
    shutil.copy(demo_db, path)
    with Store(path) as store:
        fresh = json.dumps(build_analysis(store, encoder("lexical")), sort_keys=True)
        cached = json.dumps(build_analysis(store, encoder("lexical")), sort_keys=True)
    assert fresh == cached


def test_a_locked_database_is_a_clear_error_not_a_traceback(tmp_path, monkeypatch):
    import sqlite3

    import rashomon.store.sqlite as sqlite_store
    from rashomon.errors import StoreError
    from rashomon.models import IngestFailure
    from rashomon.store import Store

    monkeypatch.setattr(sqlite_store, "BUSY_SECONDS", 0.2)
    path = tmp_path / "r.db"
    with Store(path):
        pass
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with Store(path) as store, pytest.raises(StoreError, match="is locked: another process"):
            store.add_error(IngestFailure("a.txt", "ingest", "bad"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store(path) as store:  # nothing half-written; the next writer goes on
        store.add_error(IngestFailure("a.txt", "ingest", "bad"))
        assert len(store.errors()) == 1
    # another process holds the lock: the message names it
    import subprocess

    script = ("import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
              "c.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(60)")
    other = subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "held"
        with Store(path) as store, pytest.raises(StoreError, match=rf"pid {other.pid} \(.*python"):
            store.add_error(IngestFailure("b.txt", "ingest", "bad"))
    finally:
        other.kill()
        other.wait()


def test_settings_of_the_wrong_type_and_unusable_database_paths_are_clear_errors(tmp_path):
    from rashomon.errors import SettingsError, StoreError
    from rashomon.settings import load_settings
    from rashomon.store import Store

    bad = tmp_path / "bad.toml"
    bad.write_text('workers = "two"\n')
    with pytest.raises(SettingsError, match="workers must be int"):
        load_settings(bad)
    bad.write_text("extract_timeout = 30\nhttp_timeout = 5\n")  # ints where floats are expected are fine
    assert load_settings(bad).extract_timeout == 30
    with pytest.raises(StoreError, match="cannot create database"):
        Store("/proc/no-such-dir/r.db")


def test_terminal_control_sequences_never_reach_the_store_or_the_terminal(tmp_path):
    import json as json_module

    from typer.testing import CliRunner

    from rashomon.cli import app

    body = ("The Eastmoor borough council voted on Monday to build a new ferry terminal on the site of the old fish "
            "market, ending a debate that has lasted six years. The terminal will cost 18 million pounds and should "
            "open in the summer of 2028, the council said.\x1b[2J Opponents said the plan would add traffic.")
    source = tmp_path / "hostile.json"
    source.write_text(json_module.dumps({"title": "\x1b[31mRED\x1b]0;pwned\x07 title", "outlet": "\x1b[2JEvil\x00",
                                         "text": body}), encoding="utf-8")
    db = str(tmp_path / "r.db")
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "ingest", str(source)]).exit_code == 0
    (article,) = json_module.loads(runner.invoke(app, ["--db", db, "articles", "--json"]).stdout)
    assert article["title"] == "RED title" and article["outlet"] == "Evil" and "\x1b" not in article["text"]
    from rashomon.store import Store

    with Store(db) as store:  # a title stored by an older version is still printed without its control sequence
        store._db.execute("UPDATE articles SET title = ? WHERE id = ?", ("\x1b]0;pwned\x07Old", article["id"]))
    for command in (["articles"], ["show", article["id"][:8]]):
        printed = runner.invoke(app, ["--db", db, *command]).stdout
        assert "\x1b" not in printed and "\x07" not in printed, command
