"""Watching: poll feeds and pages, keep every version of an article, and record developments.

``Poller(store, settings).poll()`` runs one round; ``rashomon watch`` and ``rashomon developments`` are
the command line over it. The records are in ``rashomon.watch_records`` (the bottom layer: the store keeps them).
"""

from __future__ import annotations

from typing import Any

from rashomon.watch_records import KINDS, ArticleVersion, Development, WatchedSource

__all__ = ["KINDS", "ArticleVersion", "Development", "PollReport", "Poller", "WatchedSource", "parse_interval"]


def __getattr__(name: str) -> Any:
    # imported when first used: the poller pulls in the whole pipeline, and the store imports the records
    if name in ("Poller", "PollReport", "parse_interval"):
        from rashomon.watch import poller

        return getattr(poller, name)
    raise AttributeError(name)
