"""The records of watching: a watched source, one version of an article, one development."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# What a development can be (``kind``), with the words the CLI, the page and the feed show for it.
KINDS: dict[str, str] = {
    "first_read": "first read of a source",
    "new_story": "new story",
    "storyline_followup": "follow-up in a storyline",
    "new_outlet": "reported by a new outlet",
    "fact_corroborated": "fact newly corroborated",
    "fact_contested": "fact newly contested",
    "new_contradiction": "new contradiction",
    "quote_attribution": "quote attributed differently",
    "article_edited": "article edited",
    "number_changed": "number changed in an edit",
    "quote_changed": "quote changed in an edit",
}


@dataclass(frozen=True)
class WatchedSource:
    """A feed or page that is polled: its schedule, its conditional-request validators and its health."""

    id: int
    url: str
    kind: str  # auto (decided on the first fetch) | feed | page
    interval: float  # seconds between polls while it answers
    next_due: str  # ISO 8601, UTC
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_polled: str | None = None
    last_ok: str | None = None
    failures: int = 0  # consecutive failed polls
    last_error: str | None = None
    backoff: float = 0.0  # seconds added after the last failure (0 while it answers)
    origin: str = "cli"  # cli | file | web

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "url": self.url, "kind": self.kind, "interval": self.interval,
                "next_due": self.next_due, "last_polled": self.last_polled, "last_ok": self.last_ok,
                "failures": self.failures, "last_error": self.last_error, "backoff": self.backoff,
                "etag": self.etag, "last_modified": self.last_modified, "origin": self.origin}


@dataclass(frozen=True)
class EntryPage:
    """The page a feed entry links to, as kept to fetch it again: its validators for a conditional request and
    what the entry said of it (title, date, author, outlet: filled in where the page states none)."""

    source_id: int
    key: str  # the entry's GUID, else its link
    url: str
    article_id: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    hints: dict[str, str] = field(default_factory=dict)
    feed_url: str = ""
    legacy: bool = False  # read before migration 9: ``hints`` are its first reading's, applied as hints, not fallback


@dataclass(frozen=True)
class ArticleVersion:
    """One version of a watched article as it was seen; ``diff`` compares it with the version before."""

    article_id: str
    version: int
    raw_id: str
    seen_at: str
    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    updated: str | None = None
    url: str | None = None
    claimed_update: bool = False  # the page (or its feed entry) said it was updated
    diff: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "version": self.version, "raw_id": self.raw_id,
                "seen_at": self.seen_at, "title": self.title, "author": self.author, "published": self.published,
                "updated": self.updated, "url": self.url, "claimed_update": self.claimed_update,
                "diff": self.diff, "text": self.text}


@dataclass(frozen=True)
class Development:
    """Something new about a story, with what caused it. ``key`` is unique: the same development found
    again (a re-run round, a restart) is not recorded twice. ``details["citations"]`` are the spans
    ``{article_id, start, end, text}`` it rests on."""

    key: str
    kind: str
    summary: str
    story_id: int | None = None
    article_ids: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
    created_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "label": KINDS.get(self.kind, self.kind),
                "story_id": self.story_id, "article_ids": list(self.article_ids), "outlets": list(self.outlets),
                "entities": list(self.entities), "summary": self.summary, "details": self.details,
                "created_at": self.created_at, "key": self.key}


@dataclass(frozen=True)
class ClusterRefresh:
    """An edited article's place in the clustering, brought up to its new text (``watch.refresh``): its reprint
    signature, its story's profile, names and days, the change in term frequencies, and the reprint links of its
    story that changed ({article id: (its original or None, containment)})."""

    article_id: str
    story_id: int
    signature: bytes
    profile: dict[str, float]
    names: dict[str, int]
    first_day: str | None
    last_day: str | None
    df: dict[str, int] = field(default_factory=dict)
    links: dict[str, tuple[str | None, float | None]] = field(default_factory=dict)
