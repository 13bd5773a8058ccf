"""Shared fixtures: in-memory and both-backend stores, paths to the repo's data, and the shared (optional) data."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from rashomon.settings import Settings
from rashomon.store import Store

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
DEMO = ROOT / "examples" / "demo"
SEEDS = ROOT.parent / "shared" / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def store() -> Store:
    with Store(":memory:") as db:
        yield db


# PostgreSQL for the tests that run on both stores: a database the tests may create schemas in. Unset, those tests
# skip on PostgreSQL; with RASHOMON_REQUIRE_POSTGRES=1 (CI) they fail instead.
TEST_POSTGRES = os.environ.get("RASHOMON_TEST_POSTGRES", "")
REQUIRE_POSTGRES = os.environ.get("RASHOMON_REQUIRE_POSTGRES") == "1"


def _no_postgres(reason: str) -> None:
    if REQUIRE_POSTGRES:
        pytest.fail(f"{reason}, and RASHOMON_REQUIRE_POSTGRES=1")
    pytest.skip(f"{reason}: set RASHOMON_TEST_POSTGRES=postgresql://user:password@host/dbname to run on PostgreSQL")


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL to a new, empty schema in the test database (its tables the store's alone), dropped afterwards."""
    if not TEST_POSTGRES:
        _no_postgres("RASHOMON_TEST_POSTGRES is not set")
    try:
        import psycopg
    except ImportError:
        _no_postgres("psycopg is not installed (pip install -e '.[test]')")
    name = f"test_{uuid.uuid4().hex[:16]}"
    try:
        with psycopg.connect(TEST_POSTGRES, autocommit=True, connect_timeout=10) as admin:
            admin.execute(f"CREATE SCHEMA {name}")
    except psycopg.Error as exc:
        _no_postgres(f"cannot reach the test database {TEST_POSTGRES}: {exc}")
    joiner = "&" if "?" in TEST_POSTGRES else "?"
    try:
        yield f"{TEST_POSTGRES}{joiner}options=-csearch_path%3D{name}"
    finally:
        with psycopg.connect(TEST_POSTGRES, autocommit=True, connect_timeout=10) as admin:
            admin.execute(f"DROP SCHEMA {name} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def db_location(request, tmp_path) -> Iterator[str]:
    """Where a new, empty database is, once per backend: an SQLite file, then a PostgreSQL schema. Tests that take it
    (or ``any_store``, ``demo_location``) run on both stores."""
    if request.param == "sqlite":
        yield str(tmp_path / "r.db")
        return
    with postgres_schema() as url:
        yield url


@pytest.fixture
def any_store(db_location) -> Iterator[Store]:
    """A new, empty store, once per backend (see ``db_location``)."""
    with Store(db_location) as db:
        yield db


@pytest.fixture
def demo_location(demo_db, db_location) -> str:
    """The demo database (see ``demo_db``), copied into a new database of each backend."""
    from rashomon.store.copy import copy_store

    if not db_location.startswith("postgresql"):
        shutil.copy(demo_db, db_location)
        return db_location
    with Store(demo_db, read_only=True) as source, Store(db_location) as target:
        copy_store(source, target)
    return db_location


@pytest.fixture
def settings() -> Settings:
    return Settings()


# A body long enough to pass the "no article body" check, written for these tests.
ARTICLE_TEXT = (
    "The Eastmoor borough council voted on Monday to build a new ferry terminal on the site of the old fish "
    "market, ending a debate that has lasted six years.\n\n"
    "The terminal will cost £18 million and should open in the summer of 2028, the council's transport "
    "committee said.\n\n"
    "Opponents said the plan would add traffic to the narrow streets around the quay."
)


def article_html(title: str = "Council approves ferry terminal", body: str = ARTICLE_TEXT) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<html lang='en'><head><title>{title} | Harbour Gazette</title>"
            f"<meta property='og:site_name' content='Harbour Gazette'></head>"
            f"<body><nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article>"
            f"<footer>© 2026 Harbour Gazette</footer></body></html>")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A database of the demo corpus, ingested, annotated and clustered once per test session (copy it
    before changing it: ``shutil.copy(demo_db, tmp_path / "r.db")``)."""
    from rashomon.cluster import cluster
    from rashomon.ingest import ingest
    from rashomon.nlp import annotate

    path = tmp_path_factory.mktemp("demo-db") / "rashomon.db"
    settings = Settings(workers=1)
    with Store(path) as db:
        ingest([str(DEMO / "corpus")], db, settings)
        annotate(db, settings=settings)
        cluster(db)
    return path


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, once per test module (the browser tests take their skip rules from tests/chromium.py)."""
    import playwright.sync_api as playwright_api

    from tests.chromium import CHROMIUM

    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page that fails its test on any script error or CSP violation."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert not errors, errors  # no script error, no CSP violation


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on a free loopback port in a thread, for as long as the block runs: its URL."""
    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
