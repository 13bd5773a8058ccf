"""The records the comparison reads: one story article with its annotation, and how an article is named
and dated in the comparison's output."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from rashomon.models import Article
from rashomon.nlp.records import Annotation


@dataclass(frozen=True)
class StoryArticle:
    """One article of the story with its annotation (None when not annotated) and reprint link."""

    article: Article
    annotation: Annotation | None
    reprint_of: str | None = None


def outlet_label(article: Article) -> str:
    """The outlet, else the web site, else the file the article came from: never a bare "None"."""
    if article.outlet:
        return article.outlet
    if article.url:
        return urlsplit(article.url).netloc.removeprefix("www.") or article.url
    return Path(article.source).name or article.id[:12]


def when(article: Article) -> str:
    return article.published.isoformat() if article.published else "9999"


def first_key(article: Article) -> tuple[str, bool, str]:
    """Order of publication for "who reported first": by day; on one day an article with a known time
    comes before one with a bare date (which may have been published at any hour); undated last."""
    stamp = when(article)
    return (stamp[:10], "T" not in stamp, stamp)
