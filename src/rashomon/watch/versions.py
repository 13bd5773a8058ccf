"""Article versions: whether a page's new extraction is an edit, and what the edit changed, word by word.

Only the article counts: the extracted text (whitespace aside), headline, author and publication date.
A page whose ads, "page generated at" stamps or related-links change extracts to the same article and is
not an edit."""

from __future__ import annotations

import difflib
import re
from typing import Any

from rashomon.models import Article
from rashomon.watch_records import ArticleVersion

WORD = re.compile(r"\S+")
QUOTE_MARKS = "\"“”«»„"
# An edit lists at most this many changed passages (a rewritten article is summarised, not listed in full).
MAX_CHANGES = 40
# Context words shown on each side of a change.
CONTEXT_WORDS = 6


def same_article(old: ArticleVersion, new: Article) -> bool:
    """Whether the new extraction states the same article as the stored version."""
    return (_words(old.text) == _words(new.text) and (old.title or "") == (new.title or "")
            and (old.author or "") == (new.author or "") and _day(old.published) == _day(_iso(new.published)))


def edit_diff(old: ArticleVersion, new: Article) -> dict[str, Any]:
    """What changed from ``old`` to ``new``: the fields (headline, author, date) and, in the body, each changed
    passage with its words before and after, its place in the new text (``start``, ``end``), and whether it
    touches a number or a quotation."""
    fields = {}
    for name, before, after in (("title", old.title, new.title), ("author", old.author, new.author),
                                ("published", _day(old.published), _day(_iso(new.published)))):
        if (before or "") != (after or ""):
            fields[name] = {"old": before, "new": after}
    old_words = [(m.group(), m.start(), m.end()) for m in WORD.finditer(old.text)]
    new_words = [(m.group(), m.start(), m.end()) for m in WORD.finditer(new.text)]
    matcher = difflib.SequenceMatcher(a=[w for w, _, _ in old_words], b=[w for w, _, _ in new_words],
                                      autojunk=False)
    changes: list[dict[str, Any]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        removed = " ".join(w for w, _, _ in old_words[i1:i2])
        added = " ".join(w for w, _, _ in new_words[j1:j2])
        at = new_words[j1][1] if j1 < len(new_words) else len(new.text)
        end = new_words[j2 - 1][2] if j2 > j1 else at
        changes.append({
            "op": op, "removed": removed, "added": added, "start": at, "end": end,
            "before": " ".join(w for w, _, _ in new_words[max(0, j1 - CONTEXT_WORDS):j1]),
            "after": " ".join(w for w, _, _ in new_words[j2:j2 + CONTEXT_WORDS]),
            "number": _numbers(removed) != _numbers(added),
            "quote": _in_quote(old.text, old_words, i1, i2) or _in_quote(new.text, new_words, j1, j2),
        })
    return {"fields": fields, "changes": changes[:MAX_CHANGES], "change_count": len(changes),
            "words_removed": sum(len(str(c["removed"]).split()) for c in changes),
            "words_added": sum(len(str(c["added"]).split()) for c in changes),
            "similarity": round(matcher.ratio(), 3)}


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or paragraph line) around ``start``-``end`` in ``text``: what a citation of a change shows."""
    left = max(text.rfind(". ", 0, start) + 2 if text.rfind(". ", 0, start) >= 0 else 0,
               text.rfind("\n", 0, start) + 1)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(stops) + 1 if stops else len(text)
    return left, min(right, len(text))


def _in_quote(text: str, words: list[tuple[str, int, int]], i1: int, i2: int) -> bool:
    """Whether the words i1..i2 lie inside quotation marks (an odd number of marks before them on their line)."""
    if i1 >= len(words) or i2 <= i1:
        return False
    start = words[i1][1]
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    opened = sum(before.count(mark) for mark in QUOTE_MARKS)
    return opened % 2 == 1 or any(mark in w for w, _, _ in words[i1:i2] for mark in QUOTE_MARKS)


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d[\d,.]*", text)


def _words(text: str) -> list[str]:
    return text.split()


def _day(value: str | None) -> str:
    return (value or "")[:10]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
