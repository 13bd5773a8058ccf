"""What the browser tests share: Debian's Chromium driven by Playwright (never a downloaded browser), a
page fixture that fails a test on any script error or CSP violation, and screenshots in
test-output/screenshots/ (or $RASHOMON_TEST_OUTPUT/screenshots) for a person to look at. A test module
takes ``pytestmark`` and ``shot`` from here; the ``browser`` and ``page`` fixtures are in conftest.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = Path(os.environ.get("RASHOMON_CHROMIUM", "/usr/bin/chromium"))
REQUIRED = os.environ.get("RASHOMON_REQUIRE_BROWSER") == "1"  # set by .ci/run: never skip there
if REQUIRED:
    assert CHROMIUM.exists(), f"no Chromium at {CHROMIUM}: apt-get install chromium"
    import playwright.sync_api as playwright_api
else:
    playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
SHOTS = Path(os.environ.get("RASHOMON_TEST_OUTPUT", ROOT / "test-output")) / "screenshots"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)
