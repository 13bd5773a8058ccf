"""Choosing each metadata field from several candidates, and normalising dates and names."""

from __future__ import annotations

import email.utils
import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime

from dateutil import parser as dateparser

from rashomon.models import Candidate, Published

# Lower bound for a plausible publication date: older dates on news pages are nearly always
# copyright lines or archive widgets.
MIN_YEAR = 1990
# Vote weight of a candidate origin missing from a weights table.
DEFAULT_WEIGHT = 0.5
MAX_YEAR = 2100
URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2}|[a-z]{3,9})[/-](\d{1,2})(?:/|$|[^\d])", re.I)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")
MONTHS = ("jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|"
          "august|september|october|november|december")
_MONTH_NUMBERS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
# "March 18, 2025", "Feb. 18, 2025 3:10 PM", "18 March 2025"
TEXT_DATE = re.compile(
    rf"\b(?:(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+(?:{MONTHS})\.?,?\s+\d{{4}})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?)?",
    re.IGNORECASE,
)
RFC822 = re.compile(r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s+\d{1,2}\s+\w{3}\s+\d{4}\s+\d{2}:\d{2}")
NAME_JUNK = re.compile(r"https?://|www\.|@|\d|^(?:the )?(?:author|admin|editor|staff)$",
                       re.IGNORECASE)


def norm_key(value: str) -> str:
    """A comparison key: NFKC, case-folded, punctuation dropped, spaces collapsed."""
    value = unicodedata.normalize("NFKC", value).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", value).split())


def clean_space(value: str) -> str:
    return " ".join(value.split())


def parse_date(value: str | None) -> Published | None:
    """Parse an ISO or English date string; a date when no time is given, None when implausible."""
    if not value:
        return None
    value = value.strip()
    if RFC822.match(value):
        try:
            return email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            pass
    match = ISO_DATE.search(value)
    try:
        if match:
            year, month, day = (int(match.group(i)) for i in (1, 2, 3))
            if match.group(4):
                parsed = dateparser.isoparse(value[match.start():]) if "T" in value else datetime(
                    year, month, day, int(match.group(4)), int(match.group(5)))
                result: Published = parsed
            else:
                result = date(year, month, day)
        else:
            text_match = TEXT_DATE.search(value)
            if not text_match:
                return None
            parsed = dateparser.parse(text_match.group(0).replace(" at ", " "), fuzzy=True)
            has_time = ":" in text_match.group(0)
            result = parsed if has_time else parsed.date()
    except (ValueError, OverflowError):
        return None
    return result if MIN_YEAR <= result.year <= MAX_YEAR else None


def date_from_url(url: str | None) -> date | None:
    if not url:
        return None
    match = URL_DATE.search(url)
    if not match:
        return None
    written = match.group(2).lower()  # "03", or "dec" as in /2025/dec/05/ (The Guardian and others)
    if written.isdigit():
        month = int(written)
    else:
        month = _MONTH_NUMBERS.get(written[:3], 0) if re.fullmatch(MONTHS, written) else 0
    try:
        found = date(int(match.group(1)), month, int(match.group(3)))
    except ValueError:
        return None
    return found if MIN_YEAR <= found.year <= MAX_YEAR else None


def day_of(value: Published) -> date:
    return value.date() if isinstance(value, datetime) else value


def choose_date(candidates: Sequence[Candidate]) -> Candidate | None:
    """The earliest-listed candidate whose calendar day most candidates agree on.

    Candidates come in order of trust; agreement between independent places outweighs order,
    and a candidate with a time of day is preferred to a bare date on the same day.
    """
    valid = [c for c in candidates if c.value is not None]
    if not valid:
        return None
    votes: dict[date, int] = {}
    for cand in valid:
        votes[day_of(cand.value)] = votes.get(day_of(cand.value), 0) + 1
    best_day = max(votes, key=lambda d: (votes[d], -_first_index(valid, d)))
    same_day = [c for c in valid if day_of(c.value) == best_day]
    with_time = [c for c in same_day if isinstance(c.value, datetime)]
    return (with_time or same_day)[0]


def _first_index(cands: Sequence[Candidate], day: date) -> int:
    return next(i for i, c in enumerate(cands) if day_of(c.value) == day)


def choose_text(candidates: Sequence[Candidate], weights: dict[str, float]) -> Candidate | None:
    """Weighted vote among text candidates: a value scores the summed weight of every candidate
    that gives it (compared case- and punctuation-blind). Ties keep list order."""
    valid = [c for c in candidates if c.value]
    if not valid:
        return None
    scores: dict[str, float] = {}
    for cand in valid:
        key = norm_key(cand.value)
        scores[key] = scores.get(key, 0.0) + weights.get(cand.origin, DEFAULT_WEIGHT)
    best = max(scores.values())
    return next(c for c in valid if scores[norm_key(c.value)] == best)


def clean_author(value: str | None) -> str | None:
    """Tidy a byline into 'Name' or 'Name, Name'; None when it does not look like people's names."""
    if not value:
        return None
    value = clean_space(value)
    value = re.sub(r"^(?:(?:written\s+)?by|author|posted by)[:\s]+", "", value, flags=re.IGNORECASE)
    value = re.sub(r"\s*[|•·]\s*.*$", "", value)
    names = [n.strip(" ,.;") for n in re.split(r"\s*(?:,|;|&|\band\b)\s*", value) if n.strip(" ,.;")]
    names = [n for n in names if _looks_like_name(n)]
    unique = list(dict.fromkeys(names))
    return ", ".join(unique) if unique else None


def _looks_like_name(value: str) -> bool:
    words = value.split()
    if not 1 <= len(words) <= 5 or NAME_JUNK.search(value):
        return False
    return any(w[:1].isupper() for w in words) and not value.endswith((".com", ".org"))
