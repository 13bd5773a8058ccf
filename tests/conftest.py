"""Shared fixtures: an in-memory store, paths to the repo's data, and the shared (optional) data."""

from __future__ import annotations

import socket
import threading
import time
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
