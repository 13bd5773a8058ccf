"""Adding watched sources: one URL (CLI, web form, API) or a TOML file of them, with the same checks."""

from __future__ import annotations

import tomllib
from pathlib import Path

from rashomon.errors import SettingsError
from rashomon.ingest.fetch import refused_address
from rashomon.ingest.sources import is_url
from rashomon.settings import Settings
from rashomon.store import Store
from rashomon.store.watch import WatchStore
from rashomon.watch.poller import MAX_INTERVAL, MIN_INTERVAL, parse_interval
from rashomon.watch_records import WatchedSource

SOURCE_KINDS = ("auto", "feed", "page")


def add_watched(store: Store, settings: Settings, url: str, every: str | None, kind: str,
                origin: str = "cli") -> WatchedSource:
    """Check and add one source (shared by ``watch add``, ``watch load`` and the web form); ValueError says why
    it cannot be watched."""
    if not is_url(url):
        raise ValueError(f"not an http(s) URL: {url[:200]}")
    if kind not in SOURCE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(SOURCE_KINDS)}, not {kind!r}")
    if not settings.allow_private_urls and (reason := refused_address(url)):
        raise ValueError(reason)
    interval = parse_interval(every) if every else settings.watch_interval
    if not interval >= MIN_INTERVAL:  # (NaN too)
        raise ValueError(f"polling every {interval:g} s is too often: at least {MIN_INTERVAL:g} s (1m)")
    if interval > MAX_INTERVAL:
        raise ValueError(f"polling every {interval:g} s is too seldom: at most {MAX_INTERVAL:g} s (30d)")
    return WatchStore(store).add_source(url, kind, interval, origin)


def load_sources(store: Store, settings: Settings, path: Path) -> list[WatchedSource]:
    """Add (or update) every ``[[source]]`` of a TOML file: ``url``, optional ``every`` ("15m") and ``kind``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read sources: {exc}") from exc
    entries = data.get("source", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("url"), str) for e in entries):
        raise SettingsError(f"{path}: expected [[source]] tables, each with url = \"https://…\"")
    added = []
    for number, entry in enumerate(entries, start=1):
        try:
            added.append(add_watched(store, settings, entry["url"], entry.get("every"), entry.get("kind", "auto"),
                                     origin="file"))
        except ValueError as exc:
            raise SettingsError(f"{path}: source {number}: {exc}") from None
    return added
