"""The data model: small immutable records. ``Article.text`` owns the text; later stages add spans."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

Published = date | datetime


def content_id(data: bytes) -> str:
    """A stable identifier for content: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass(frozen=True)
class RawDocument:
    """One input document as received, before extraction.

    ``source`` is the path or URL as the user gave it (for a file found in a folder, its path);
    ``locator`` tells which record of a multi-record input it is (``line 3``, ``item 2``,
    ``record https://...``). ``hints`` carry metadata the container stated (a JSON object's title,
    a feed entry's date, a WARC record's URL); extraction prefers them to guesses.
    """

    source: str
    format: str  # "text" | "html"
    content: bytes
    text: str
    encoding: str
    locator: str | None = None
    url: str | None = None
    hints: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return content_id(self.format.encode() + b"\0" + self.content)


@dataclass(frozen=True)
class Candidate:
    """One candidate value for a metadata field and the place it came from."""

    value: Any
    origin: str


@dataclass(frozen=True)
class Article:
    """A clean article: the body text and its metadata, each field with the candidate that won."""

    id: str
    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: Published | None = None
    url: str | None = None
    language: str | None = None
    locator: str | None = None
    updated: Published | None = None  # the last update the source states, when after the publication day
    raw_id: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by ``rashomon articles --json`` and the analysis file."""
        return {
            "id": self.id,
            "source": self.source,
            "locator": self.locator,
            "title": self.title,
            "outlet": self.outlet,
            "author": self.author,
            "published": self.published.isoformat() if self.published else None,
            "updated": self.updated.isoformat() if self.updated else None,
            "url": self.url,
            "language": self.language,
            "text": self.text,
            "provenance": dict(self.provenance),
        }


CORRECTABLE = ("title", "outlet", "author", "published")


@dataclass(frozen=True)
class Correction:
    """Metadata the user sets for an article (at ingest with ``--outlet``/``--date``/…, or later with
    ``rashomon edit``): it wins over what extraction found and is recorded as the user's (provenance
    ``user``)."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: Published | None = None

    def fields(self) -> dict[str, Any]:
        """The fields this correction sets."""
        return {name: getattr(self, name) for name in CORRECTABLE if getattr(self, name) is not None}

    def __bool__(self) -> bool:
        return bool(self.fields())

    def apply(self, article: Article) -> Article:
        changes = self.fields()
        if not changes:
            return article
        return replace(article, **changes, provenance={**article.provenance, **dict.fromkeys(changes, "user")})


def parse_published(value: str) -> Published:
    """A date the user typed: ``2025-03-18`` or ``2025-03-18T15:10`` (ISO 8601)."""
    text = value.strip()
    try:
        if not ISO_DAY.match(text):
            raise ValueError(text)
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r} is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")


@dataclass(frozen=True)
class IngestFailure:
    """A recorded failure: which input, which stage, and why."""

    source: str
    stage: str
    reason: str
    locator: str | None = None
    kind: str = "InputError"

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "locator": self.locator, "stage": self.stage,
                "kind": self.kind, "reason": self.reason}
