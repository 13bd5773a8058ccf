"""The records the comparison reads: one story article with its annotation, and how an article is named
and dated in the comparison's output."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rashomon.models import Article
from rashomon.records import Annotation


@dataclass(frozen=True)
class StoryArticle:
    """One article of the story with its annotation (None when not annotated) and reprint link."""

    article: Article
    annotation: Annotation | None
    reprint_of: str | None = None


UNKNOWN_OUTLET = "Unknown outlet"
# The web app saves an upload as uploads/<batch>/<NNN>-<name>: the reader knows it by <name>.
UPLOADED = re.compile(r"(?:^|/)uploads/[0-9a-f]{12}/\d{3}-(?P<name>[^/]+)$")


def outlet_label(article: Article) -> str:
    """How every view names an article's outlet: the outlet; else the web site it came from; else "Unknown
    outlet" with the file it came from (never a file name posing as an outlet, never a bare "None")."""
    return display_outlet(article.outlet, article.url, article.source, article.id)


def outlet_of(article: dict[str, Any] | None) -> str:
    """``outlet_label`` of an article held as a dict (the views' and the JSON's form)."""
    if not article:
        return UNKNOWN_OUTLET
    return display_outlet(article.get("outlet"), article.get("url"), article.get("source"), article.get("id") or "")


def source_label(source: str | None, locator: str | None = None) -> str:
    """Where an article came from, as a reader is shown it: a URL as it is; an upload by the name it was uploaded
    as; a file by its name (a reader of a served page has no business with the server's folders)."""
    if not source:
        return "unknown"
    if "://" in source:
        shown = source
    else:
        name, uploaded = _file_name(source)
        shown = f"upload {name}" if uploaded else name or source
    return f"{shown} ({locator})" if locator else shown


def _file_name(source: str) -> tuple[str, bool]:
    """The name a reader knows a file by, and whether it was uploaded: an upload by the name it was uploaded
    as, any other file by its own name."""
    uploaded = UPLOADED.search(source.replace("\\", "/"))
    return (uploaded.group("name"), True) if uploaded else (Path(source).name, False)


def display_outlet(outlet: str | None, url: str | None, source: str | None, article_id: str = "") -> str:
    """``outlet_label`` from the stored fields (for views that hold an article as a dict)."""
    if outlet:
        return outlet
    if url and (site := urlsplit(url).netloc.removeprefix("www.")):
        return site
    if source and (name := _file_name(source)[0]):
        return f"{UNKNOWN_OUTLET} ({name})"
    return f"{UNKNOWN_OUTLET} ({article_id[:12]})" if article_id else UNKNOWN_OUTLET


def when(article: Article) -> str:
    return article.published.isoformat() if article.published else "9999"


def first_key(article: Article) -> tuple[str, bool, str]:
    """Order of publication for "who reported first": by day; on one day an article with a known time
    comes before one with a bare date (which may have been published at any hour); undated last."""
    stamp = when(article)
    return (stamp[:10], "T" not in stamp, stamp)
