"""View functions: the dicts shared by the CLI's --json, the output files and (later) the web app."""

from __future__ import annotations

import json
from typing import Any

from rashomon.store import Store


def to_json(view: Any) -> str:
    """The JSON text of a view, as the CLI prints it and the output files hold it."""
    return json.dumps(view, ensure_ascii=False, indent=2) + "\n"


def articles_view(store: Store) -> list[dict[str, Any]]:
    """Every stored article, oldest first (undated last)."""
    return [a.to_dict() for a in store.articles()]


def article_view(store: Store, id_or_prefix: str) -> dict[str, Any] | None:
    article = store.article(id_or_prefix)
    return article.to_dict() if article else None


def errors_view(store: Store) -> list[dict[str, Any]]:
    return [e.to_dict() for e in store.errors()]
