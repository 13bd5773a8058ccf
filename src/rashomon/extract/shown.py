"""Dates a page shows its reader next to the headline and byline.

Machine-readable dates (JSON-LD, meta tags) are often a CMS's record of when a URL was first
created, while the page itself shows the date its editors stand behind ("Published March 9, 2026",
"Updated Dec 12, 2025"). This module reads the page in reading order, keeps the dates written in
short lines of the header zone (from a little above the headline to just after the body starts),
and labels each as a publication date, an update, or an unlabelled date. Further down, only a date
the words call the publication ("Published August 13, 2025") or an "originally published" statement
counts. Navigation, comments, related-story lists and other boilerplate containers are skipped, and
dates inside sentences are about the story, not the page.

Numeric dates are ambiguous ("03/10/2023"): both readings are kept, and the page's language picks
the one reported as the value (month first for en-US and pages without a language).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from rashomon.extract.fields import ISO_DATE, MAX_YEAR, MIN_YEAR, TEXT_DATE, choose_date, day_of, parse_date
from rashomon.models import Candidate, Published

# The header zone, in characters of page text in reading order: this far above the headline ...
ZONE_BEFORE_HEADLINE = 400
# ... to this far after the first words of the article body (or this far after the headline when
# the body is not found after it).
ZONE_AFTER_BODY_START = 300
ZONE_AFTER_HEADLINE = 1500
# A date the page labels as the publication date counts up to this far after the body's last paragraph.
ZONE_AFTER_BODY_END = 1000
# A text chunk longer than this is prose: only an "originally published" statement is read from it.
SHORT_CHUNK = 160
# A page date stands in a short line ("Published: March 3, 2025", "By Ann Lee | 3/3/2025"): at most this
# many other words beside it. Dates inside sentences are about the story, not the page.
LINE_WORDS = 6
# How far before a date (characters, same chunk or the previous one) a label may stand.
LABEL_REACH = 40
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "nav", "footer", "aside",
                       "form", "select", "option", "button", "iframe"})
# A class or id token naming a boilerplate container ("comments", "related-posts", "site-footer").
SKIP_TOKEN = re.compile(r"(?:^|[-_])(?:comments?|related|recommend(?:ed|ations)?|popular|sidebar|footer|"
                        r"newsletter|promo|trending|most-read|more-stories|teasers?|breadcrumbs?|menu|nav|navbar|"
                        r"navigation|share|social|cookie|consent)(?:$|[-_])", re.IGNORECASE)
# Containers that hold the article itself are never skipped, whatever their class says.
NEVER_SKIPPED = frozenset({"html", "body", "main", "article", "h1"})
UPDATED = re.compile(r"\b(?:updated|modified|revised|last\s+(?:updated|modified|reviewed|edited)|reviewed|"
                     r"fact[- ]checked)\b", re.IGNORECASE)
PUBLISHED = re.compile(r"\b(?:published|posted|originally|released|written|created|date\s*:)|\bon\s*:?\s*$",
                       re.IGNORECASE)
# Anywhere in the article, "originally published on 26 Sep 2019" states the first publication.
ORIGINAL = re.compile(r"\b(?:originally|first)\s+(?:published|posted|appeared)\b", re.IGNORECASE)
UPDATED_ATTR = re.compile(r"modif|updat", re.IGNORECASE)
PUBLISHED_ATTR = re.compile(r"publish|pubdate|posted|entry-date|datePublished", re.IGNORECASE)
NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2((?:19|20)\d{2})(?![\d/.-])")
# Page languages that write the day first in numeric dates ("12/03/2025" is 12 March).
DAY_FIRST_LANGS = re.compile(r"^(?:en-(?:gb|au|nz|ie|in|za)|(?!en)[a-z]{2})", re.IGNORECASE)


@dataclass(frozen=True)
class ShownDate:
    """One date written on the page: its value, what the page calls it, and where it stands."""

    value: Published
    label: str  # "original", "published", "updated" or "plain"
    readings: tuple[date, ...]  # the calendar days it can mean: two for "03/10/2023", or a local and a UTC day
    offset: int  # characters of page text before it, in reading order
    text: str  # the words it was read from, for provenance
    ambiguous: bool = False  # a numeric date whose day and month could be swapped
    in_header: bool = True  # near the headline, not further down the article


def month_first(language: str | None) -> bool:
    """Whether numeric dates on a page in ``language`` put the month first (en-US does)."""
    return not (language and DAY_FIRST_LANGS.match(language.strip()))


def shown_dates(tree: Any, body_text: str = "", language: str | None = None) -> list[ShownDate]:
    """The dates in the page's header zone, plus any "originally published" statement, in page order."""
    if tree is None:
        return []
    body = tree.find("body")
    chunks = list(_chunks(body if body is not None else tree))
    low, high, labelled_high = _zone(chunks, body_text)
    us_order = month_first(language)
    found: list[ShownDate] = []
    previous = ""
    for element, text, offset in chunks:
        in_zone = low <= offset <= high
        in_article = low <= offset <= labelled_high
        for start, end, value, readings, ambiguous in _dates_in(element, text, us_order):
            before = text[max(0, start - LABEL_REACH):start]
            if ORIGINAL.search(before):
                label = "original"
            elif not in_article:
                continue
            else:
                visible = text.partition("\x00")[0]
                if len(text) > SHORT_CHUNK or len((visible[:start] + visible[end:]).split()) > LINE_WORDS:
                    continue  # a date inside a sentence ("released on September 25") is about something else
                label, worded = _label(element, before, previous)
                if not in_zone and not (label == "published" and worded):
                    continue  # past the header, only a date the text calls the publication date counts
            found.append(ShownDate(value, label, readings, offset + start, text[max(0, start - LABEL_REACH):end],
                                   ambiguous=ambiguous, in_header=in_zone))
        previous = text
    return found


def _chunks(root: Any) -> Iterator[tuple[Any, str, int]]:
    """(element, text, offset) for every text node in reading order, outside boilerplate containers.

    A ``<time>`` element's machine-readable ``datetime`` is folded into its text as a marked suffix
    so that the label read from the visible words applies to the exact value.
    """
    offset = 0
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        element, finished = stack.pop()
        if finished:
            tail = (element.tail or "").strip()
            parent = element.getparent()
            if tail and parent is not None and element is not root:
                yield parent, tail, offset
                offset += len(tail) + 1
            continue
        stack.append((element, True))
        if not isinstance(element.tag, str) or _boilerplate(element):
            continue
        text = (element.text or "").strip()
        if element.tag == "time" and element.get("datetime") and len(element) == 0:
            yield element, f"{text} \x00{element.get('datetime').strip()}", offset
            offset += len(text) + 1
        elif text:
            yield element, text, offset
            offset += len(text) + 1
        stack.extend((child, False) for child in reversed(element))


def _boilerplate(element: Any) -> bool:
    tag = element.tag.lower()
    if tag in SKIP_TAGS:
        return True
    if tag in NEVER_SKIPPED:
        return False
    names = f"{element.get('class') or ''} {element.get('id') or ''}".split()
    return any(SKIP_TOKEN.search(name) for name in names)


def _zone(chunks: list[tuple[Any, str, int]], body_text: str) -> tuple[int, int, int]:
    """Offsets bounding the header zone (around the headline and the start of the body), and the
    end of the article, up to which a date the page labels ("Published August 13, 2025") still counts."""
    headline = next((offset for element, _, offset in chunks if _in_headline(element)), None)
    lines = [line for line in body_text.splitlines() if len(line.split()) >= 4]
    body_start = _find(chunks, lines[0], after=headline) if lines else None
    body_end = next((found for line in reversed(lines[-5:])
                     if (found := _find(chunks, line, after=body_start)) is not None), None)
    if headline is None:
        low, high = -1, body_start + ZONE_AFTER_BODY_START if body_start is not None else ZONE_AFTER_HEADLINE
    elif body_start is None:
        low, high = headline - ZONE_BEFORE_HEADLINE, headline + ZONE_AFTER_HEADLINE
    else:
        low, high = headline - ZONE_BEFORE_HEADLINE, body_start + ZONE_AFTER_BODY_START
    return low, high, max(high, body_end + ZONE_AFTER_BODY_END if body_end is not None else high)


def _find(chunks: list[tuple[Any, str, int]], line: str, after: int | None) -> int | None:
    """The offset of the first chunk (after ``after``) holding the start of ``line``, a line of the body.

    Only the first four words are sought: a link or emphasis inside the paragraph splits its text.
    """
    probe = " ".join(line.split()[:4])
    return next((offset for _, text, offset in chunks
                 if (after is None or offset > after) and probe in " ".join(text.split())), None)


def _in_headline(element: Any) -> bool:
    """Whether a text node belongs to an ``<h1>`` of at least two words (the page's headline)."""
    for node in (element, *element.iterancestors()):
        if node.tag == "h1":
            return len(node.text_content().split()) >= 2
    return False


def _dates_in(element: Any, text: str, us_order: bool
              ) -> Iterator[tuple[int, int, Published, tuple[date, ...], bool]]:
    """(start, end, value, readings, ambiguous) of each date written in one chunk of text."""
    visible, _, machine = text.partition("\x00")
    spans: list[tuple[int, int, Published, tuple[date, ...], bool]] = []
    for match in (*TEXT_DATE.finditer(visible), *ISO_DATE.finditer(visible)):
        if (value := parse_date(match.group(0))) is not None:
            spans.append((match.start(), match.end(), value, (day_of(value),), False))
    for match in NUMERIC_DATE.finditer(visible):
        readings = _numeric_readings(match, us_order)
        if readings:
            spans.append((match.start(), match.end(), readings[0], readings, len(readings) > 1))
    if machine:  # <time datetime=...>: the attribute is exact, the visible words give the label
        exact = parse_date(machine)
        if exact is not None:
            start, end, _, shown_days, _ = min(spans, key=lambda span: span[0]) if spans else (
                len(visible), len(visible), exact, (), False)
            # The written day may differ from the attribute's (a local date beside a UTC time): keep both.
            yield start, end, exact, tuple(dict.fromkeys((day_of(exact), *shown_days))), False
            return
    yield from sorted(spans, key=lambda span: span[0])


def _numeric_readings(match: re.Match[str], us_order: bool) -> tuple[date, ...]:
    """The days "a/b/yyyy" can mean, the page's convention first; dotted dates are day first."""
    first, separator, second, year = int(match.group(1)), match.group(2), int(match.group(3)), int(match.group(4))
    orders = [(first, second), (second, first)]  # (month, day)
    if separator == "." or not us_order:
        orders.reverse()
    readings: list[date] = []
    for month, day in orders:
        try:
            reading = date(year, month, day)
        except ValueError:
            continue
        if MIN_YEAR <= year <= MAX_YEAR and reading not in readings:
            readings.append(reading)
    return tuple(readings)


def _label(element: Any, before: str, previous: str) -> tuple[str, bool]:
    """What the page calls a date, and whether its words say so (rather than only its markup).

    Its own words first, then the words just before it, then the class, id and itemprop of its element.
    """
    for words in (before, previous[-LABEL_REACH:]):
        if UPDATED.search(words):
            return "updated", True
        if PUBLISHED.search(words):
            return "published", True
    for node in _self_and_parents(element, 2):  # the nearest element that names it decides
        names = " ".join(filter(None, (node.get("class"), node.get("id"), node.get("itemprop"))))
        if UPDATED_ATTR.search(names) and not PUBLISHED_ATTR.search(names):
            return "updated", False
        if PUBLISHED_ATTR.search(names):
            return "published", False
    return "plain", False


def _self_and_parents(element: Any, levels: int) -> Iterator[Any]:
    node = element
    for _ in range(levels + 1):
        if node is None:
            return
        yield node
        node = node.getparent()


def choose_published(machine: Sequence[Candidate], shown: Sequence[ShownDate],
                     modified: Collection[date] = ()) -> Candidate | None:
    """The first-publication date, from machine-readable candidates and the dates the page shows.

    In order: an "originally published" statement; a shown publication (or unlabelled) date that a
    machine candidate confirms (that candidate wins: it carries the time of day); a single shown
    date with no machine support; else the vote among machine candidates. A shown date labelled as
    an update is never taken, nor an unlabelled one that the page's metadata gives as its
    modification date only (``modified``): "first published" is what matters for who reported first.
    """
    for item in shown:
        if item.label == "original":
            return Candidate(item.value, "page:originally-published")
    machine_days = {day_of(c.value) for c in machine}
    modified_days = set(modified)
    dated = [item for item in shown if item.label == "published" or (
        item.label == "plain" and not (modified_days.intersection(item.readings) and
                                       not machine_days.intersection(item.readings)))]
    dated = [item for item in dated if item.in_header] or dated
    # The page's own date is the first one it shows (an update aside); a later one may be anything.
    first_shown = next((item for item in shown if item.label != "updated"), None)
    # A machine candidate on a shown day wins (it carries the time of day): first one on the same
    # calendar day, then one whose timestamp falls on that day in some time zone.
    for same_moment in (lambda cand: (day_of(cand.value),), lambda cand: _local_days(cand.value)):
        for item in dated:
            for cand in machine:
                if set(same_moment(cand)) & set(item.readings):
                    return Candidate(cand.value, f"{cand.origin}+page")
    url_dated = any(cand.origin == "url" for cand in machine)  # a URL's date is fixed when the page is created
    if (not url_dated and dated and dated[0] is first_shown and len({day_of(item.value) for item in dated}) == 1
            and not all(item.ambiguous for item in dated)):
        return Candidate(dated[0].value, f"page:{dated[0].label}")
    if (voted := choose_date(machine)) is not None:
        return voted
    # Nothing states the publication: the update the page shows dates it better than nothing, and says so.
    updates = [item for item in shown if item.label == "updated" and not item.ambiguous]
    return Candidate(updates[0].value, "page:updated-only") if updates else None


def _local_days(value: Published) -> tuple[date, ...]:
    """The calendar days a timestamp falls on somewhere in the world (UTC-12 to UTC+14).

    A page that shows "03 Dec 2025" beside a machine time of 2025-12-02T23:00Z states the same moment.
    """
    if not isinstance(value, datetime) or value.tzinfo is None:
        return (day_of(value),)
    utc = value.astimezone(UTC)
    return tuple(dict.fromkeys((utc + timedelta(hours=hours)).date() for hours in (-12, 0, 14)))


def choose_updated(shown: Sequence[ShownDate], modified: Sequence[Candidate],
                   published: Candidate | None) -> Candidate | None:
    """The last update the source states: the one it shows ("Updated Dec 12, 2025") before its metadata's.

    None when it is not later than the publication (a modification date older than the publication,
    or the publication day itself given without a time, is not an update worth reporting).
    """
    options = [c for c in modified if c.origin == "hint"]
    options += [Candidate(item.value, "page:updated") for item in shown if item.label == "updated"
                and not item.ambiguous]
    options += [c for c in modified if c.origin != "hint"]
    for cand in options:
        if published is None or _later(cand.value, published.value):
            return cand
    return None


def _later(value: Published, than: Published) -> bool:
    """Whether ``value`` is after ``than``: by the clock when both have comparable times, else by the day."""
    if isinstance(value, datetime) and isinstance(than, datetime) and (
            (value.tzinfo is None) == (than.tzinfo is None)):
        return value > than
    return day_of(value) > day_of(than)
