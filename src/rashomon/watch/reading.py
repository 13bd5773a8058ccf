"""Reading what the poller fetched: whether it is a feed or a page, a page's document, which hints a page lacks,
and what a feed says of an entry (module-level helpers of ``rashomon.watch.poller``)."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import urlsplit

from rashomon.errors import InputError, MalformedInput
from rashomon.ingest import CONTENT_TYPES
from rashomon.ingest.fetch import Fetched
from rashomon.ingest.readers import FEED_ROOT, read_bytes
from rashomon.models import Article, RawDocument
from rashomon.settings import Settings


def kind_of(got: Fetched) -> str:
    """``feed`` or ``page``, for a source added without saying which (decided once: the kind is kept)."""
    head = got.content[:4096]
    if got.content_type in ("application/rss+xml", "application/atom+xml") or FEED_ROOT.match(head):
        return "feed"
    return "page"


def first_document(name: str, got: Fetched, settings: Settings) -> RawDocument:
    """The page's document (its first, for a page that reads as several); its first error when it has none."""
    error: InputError | None = None
    for item in read_bytes(name, got.content, settings, None, url=got.url, declared_charset=got.charset,
                           fmt=CONTENT_TYPES.get(got.content_type)):
        if isinstance(item, RawDocument):
            return item
        error = error or item
    raise error or MalformedInput(name, "no article in the page")


def lacks(article: Article, hint: str) -> bool:
    """Whether the page itself does not state what a feed entry's hint says (an outlet known only by its host name
    counts as not stated)."""
    if hint == "outlet":
        host = (urlsplit(article.url or "").netloc or "").lower().removeprefix("www.")
        return (article.provenance.get("outlet") in (None, "url-domain-unknown")
                or (article.outlet or "").lower().removeprefix("www.") in (host, host.split(":")[0]))
    value = {"title": article.title, "author": article.author, "date": article.published,
             "updated": article.updated}.get(hint, "")
    return value is None


def entry_hash(entry: Any) -> str:
    """What a feed says of an entry; when it changes, the entry is read again."""
    content = [c.get("value") for c in entry.get("content") or []]
    parts = [entry.get("title"), entry.get("link"), entry.get("summary"), content, entry.get("published"),
             dict.get(entry, "updated"), entry.get("author")]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]
