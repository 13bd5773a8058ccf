"""A source's first read: its backlog is recorded quietly, as a feed reader shows a new feed's entries without
announcing each. The stories it brings raise no development of their own (their states become the baseline the next
polls are compared with); one ``first_read`` development says what it brought: "N stories from the first read of
SOURCE", citing the opening sentence of a few of them. Later polls raise per-story developments as usual."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from rashomon.store import Store
from rashomon.watch.versions import sentence_span
from rashomon.watch_records import Development, WatchedSource

# A source's first read cites the opening sentence of this many of its stories (a feed's backlog is 10 to 50).
FIRST_READ_CITED = 5


def first_read(source: WatchedSource, article_ids: list[str]) -> Development | None:
    """The one development of a source's first successful poll: what it read (its backlog) is recorded quietly,
    as a feed reader shows a new feed's entries without announcing each; only later polls raise per-story
    developments. Its summary counts stories once they are placed (``settled_first_read``)."""
    if not article_ids:
        return None
    return Development(f"first_read:{source.id}", "first_read",
                       f"{_counted(len(article_ids), 'article')} from the first read of {source.url}",
                       article_ids=tuple(article_ids), details={"source": source.url, "citations": []})


def settled_first_read(store: Store, development: Development, by_story: dict[int, list[str]]) -> Development:
    """A first read once its articles are in stories: "N stories from the first read of URL", citing the opening
    sentence of a few of them, with the outlets it brought."""
    articles = len(development.article_ids)
    told = f" ({_counted(articles, 'article')})" if articles != len(by_story) else ""
    citations: list[dict[str, Any]] = []
    outlets: list[str] = []
    for article_id in (ids[0] for ids in by_story.values()):
        article = store.article(article_id)
        if article is None:
            continue
        outlet = article.outlet or urlsplit(article.url or "").hostname or ""
        outlets.append(outlet)
        if len(citations) < FIRST_READ_CITED and article.text.strip():
            start = len(article.text) - len(article.text.lstrip())
            end = sentence_span(article.text, start, start + 1)[1]
            citations.append({"article_id": article_id, "start": start, "end": end, "outlet": outlet,
                              "text": article.text[start:end], "cited_for": "opening of a story first read"})
    summary = (f"{_counted(len(by_story), 'story', 'stories')}{told} from the first read of "
               f"{development.details.get('source')}, recorded without a development each")
    return replace(development, summary=summary, outlets=tuple(sorted(set(outlets) - {""})),
                   details={**development.details, "citations": citations})


def _counted(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
