"""The views of watching, shared by the CLI (``--json``), the web pages, their JSON twins and the Atom feed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from typing import Any

from rashomon import __version__
from rashomon.store import Store
from rashomon.store.watch import WatchStore
from rashomon.watch_records import KINDS, Development

RELATIVE = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.IGNORECASE)
RELATIVE_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
ATOM = "http://www.w3.org/2005/Atom"
# The Atom feed and the page list at most this many developments (the newest).
FEED_LIMIT = 200


def parse_since(value: str, now: datetime | None = None) -> str | None:
    """``--since``: an ISO day or time (``2026-03-02``, ``2026-03-02T10:00``) or a span back from now (``2h``,
    ``3d``, ``1w``), as the ISO time the developments table is compared with; None for an empty value."""
    text = value.strip()
    if not text:
        return None
    found = RELATIVE.match(text)
    if found:
        moment = (now or datetime.now(UTC)) - timedelta(**{RELATIVE_UNITS[found.group(2).lower()]: int(found.group(1))})
        return moment.isoformat(timespec="seconds")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r} is not a time: use YYYY-MM-DD, YYYY-MM-DDTHH:MM, or 30m, 2h, 3d, 1w") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat(timespec="seconds")


def developments_view(store: Store, *, since: str | None = None, story: int | None = None,
                      kinds: list[str] | None = None, outlet: str = "", entity: str = "", q: str = "",
                      limit: int = FEED_LIMIT) -> list[dict[str, Any]]:
    """Developments, newest first: those since a time, of a story, of some kinds, naming an outlet or an entity
    (case-insensitive, part of a name matches), or whose summary has every word of ``q``."""
    found = WatchStore(store).developments(since=since, story=story, kinds=kinds or None, outlet=outlet,
                                           entity=entity, words=q.split(), limit=limit)
    return [dev.to_dict() for dev in found]


def sources_view(store: Store) -> list[dict[str, Any]]:
    """Every watched source with its schedule and health."""
    return [{**s.to_dict(), "every": every_text(s.interval), "status": _status(s.failures, s.last_error, s.last_ok)}
            for s in WatchStore(store).sources()]


def rounds_view(store: Store) -> dict[str, Any]:
    """How the poller's last rounds went: the last one (``ok``, ``stopped`` or ``failed`` with its reason), how
    many failed in a row up to it, and the last failed one (None: none among the rounds kept)."""
    rounds = WatchStore(store).rounds()
    failed_in_a_row = next((n for n, r in enumerate(rounds) if r["outcome"] != "failed"), len(rounds))
    return {"last": rounds[0] if rounds else None, "failed_in_a_row": failed_in_a_row,
            "last_failure": next((r for r in rounds if r["outcome"] == "failed"), None), "recent": rounds}


def round_text(view: dict[str, Any]) -> str:
    """One line on the last round, as ``watch list`` and the watch page say it."""
    last = view["last"]
    if last is None:
        return "No polling round yet: rashomon watch run (or serve --watch) polls the sources."
    when = last["finished_at"][:16].replace("T", " ")
    if last["outcome"] == "failed":
        again = f", {view['failed_in_a_row']} in a row" if view["failed_in_a_row"] > 1 else ""
        return (f"The last polling round FAILED at {when} UTC{again}: {last['reason']}. The poller tries again after "
                "a pause (see also rashomon errors).")
    text = f"Last polling round {'stopped early' if last['outcome'] == 'stopped' else 'ok'} at {when} UTC: " \
           f"{last['summary']}."
    failure = view["last_failure"]
    if failure is not None:
        text += f" Last failed round: {failure['finished_at'][:16].replace('T', ' ')} UTC ({failure['reason']})."
    return text


def every_text(seconds: float) -> str:
    """An interval as people write it: 15m, 2h, 1d, 90s."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


def story_history_view(store: Store, story_id: int) -> dict[str, Any]:
    """A story's history: its developments (newest first) and the versions of its edited articles."""
    watched = WatchStore(store)
    developments = [d.to_dict() for d in watched.developments(story=story_id, limit=FEED_LIMIT)]
    edited = []
    found = store.stories(ids=[story_id])
    for row in found[0]["articles"] if found else []:
        versions = watched.versions(row["id"])
        if len(versions) > 1:
            edited.append({"article_id": row["id"], "title": row["title"], "outlet": row["outlet"],
                           "versions": [{k: v for k, v in version.to_dict().items() if k != "text"}
                                        for version in versions]})
    return {"story_id": story_id, "developments": developments, "edited_articles": edited}


def developments_atom(items: list[Development] | list[dict[str, Any]], base_url: str, self_url: str,
                      title: str = "Rashomon developments") -> bytes:
    """An Atom 1.0 feed (RFC 4287) of developments: each entry links to its story page and lists its citations."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    rows = [d.to_dict() if isinstance(d, Development) else d for d in items]
    _text(feed, "title", title)
    _text(feed, "id", f"{base_url}/developments")
    _text(feed, "updated", _atom_time(rows[0]["created_at"]) if rows else _atom_time(None))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=f"{base_url}/developments")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "Rashomon")
    _text(feed, "generator", f"Rashomon {__version__}")
    for row in rows:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", f"{KINDS.get(row['kind'], row['kind'])}: {row['summary']}")
        _text(entry, "id", f"{base_url}/developments/{row['id']}")
        _text(entry, "updated", _atom_time(row["created_at"]))
        link = f"{base_url}/stories/{row['story_id']}" if row["story_id"] is not None else f"{base_url}/developments"
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=link)
        ET.SubElement(entry, f"{{{ATOM}}}category", term=row["kind"], label=KINDS.get(row["kind"], row["kind"]))
        cited = [f"{c.get('outlet') or c.get('article_id')}: “{c.get('text')}” "
                 f"({base_url}/articles/{c.get('article_id')})"
                 for c in row["details"].get("citations", [])]
        _text(entry, "summary", "\n".join([row["summary"], *cited]))
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


def _text(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = _xml_safe(value)


def _xml_safe(value: str) -> str:
    """Text without the control characters XML 1.0 cannot carry (article text is untrusted)."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", value)


def _atom_time(value: str | None) -> str:
    moment = datetime.fromisoformat(value) if value else datetime(1970, 1, 1, tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _status(failures: int, error: str | None, last_ok: str | None) -> str:
    if failures:
        return f"failing ({failures}×): {error}"
    return "ok" if last_ok else "not polled yet"
