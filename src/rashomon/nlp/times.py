"""Time expressions resolved against the article's publication date.

Absolute dates ("Feb. 18, 2025", "18 March", "2025-03-18"), months and years ("in February",
"March 2024", "in 2014"), weekdays ("on Tuesday" -> the Tuesday of the publication week, or the next
one when the sentence speaks of the future), relative expressions ("yesterday", "last month",
"next week", "two years ago") and deadlines ("by the end of 2026"). Each gets an ISO value at day,
month or year precision and whether it lies before, around or after publication.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from rashomon.nlp.document import Working
from rashomon.records import TimeExpr

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "several": 3, "a few": 3, "few": 3}
_MONTH = r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|" \
         r"Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_WEEKDAY = rf"(?P<weekday>{_WEEKDAY_NAMES})"
_DEADLINE = r"(?P<deadline>(?:by|until|before|no later than) (?:the (?:end|middle|start|beginning) of )?)?"
_PREFIX = r"(?P<prefix>(?:last|next|this|early|late|mid-?|earlier this|later this) )?"
# A weekday written with its date is one day: "on Wednesday, July 1", "Sunday 13 September"; it tells the year.
_ON_WEEKDAY = rf"(?:\b{_WEEKDAY},?\s+(?:the\s+)?)?"

# Most specific first; an expression overlapping an earlier match is skipped.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b" + _DEADLINE + r"(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("month_day", re.compile(_DEADLINE + _ON_WEEKDAY + r"\b" + _MONTH + r" " + _DAY + r"\b(?:,? " + _YEAR + r"\b)?")),
    ("day_month", re.compile(_DEADLINE + _ON_WEEKDAY + r"\b" + _DAY + r" (?:of )?" + _MONTH + r"\b(?:,? " + _YEAR +
                             r"\b)?")),
    ("month_year", re.compile(_DEADLINE + r"\b" + _PREFIX + _MONTH + r",? " + _YEAR + r"\b")),
    ("weekday", re.compile(r"\b" + _PREFIX + _WEEKDAY + r"\b")),
    ("month", re.compile(r"\b(?P<prep>in|since|from|until|by|during|last|next|this|early|late|mid-?|"
                         r"earlier this|later this) (?:the end of |early |late |mid-?)?" + _MONTH + r"(?! \d)\b")),
    ("relative_day", re.compile(r"\b(?P<word>today|tonight|yesterday|tomorrow)\b", re.I)),
    ("relative_period", re.compile(
        _DEADLINE + r"\b(?P<which>last|next|this|earlier this|later this|the past|the coming) "
        r"(?P<unit>week|month|year|decade)\b", re.I)),
    ("ago", re.compile(r"\b(?P<count>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few) "
                       r"(?P<unit>day|week|month|year|decade)s? (?P<dir>ago|earlier|later|from now)\b", re.I)),
    ("year", re.compile(r"\b(?P<prep>in|by the end of|by|since|until|from|during|before|after|of|the end of|early|"
                        r"late|mid-?)"
                        r" " + _YEAR + r"\b(?![,.]?\d)")),
)
_FUTURE_WORDS = re.compile(r"\b(?:will|'ll|shall|going to|plans? to|expects? to|is to|are to|scheduled|next|"
                           r"upcoming|hopes? to|due (?:to|on|for|in)|set (?:to|for)|(?:is|are) expected|"
                           r"expected (?:to|on|in|at|by)|(?:is|are) planned for|slated|"
                           # a warning or a forecast is of what is to come: "warned of heavy rain on Wednesday night"
                           r"warn(?:s|ed|ing)? of|forecasts?|(?:is|are|was|were) forecast)\b", re.I)

# "would" is the future of reported speech when it governs the expression ("said it would decide on
# Thursday"), not when the expression dates the saying ("said on Tuesday that it would…").
_WOULD = re.compile(r"\bwould(?! have)\b[^,;:]*$", re.I)


# A present-tense verb of a timetable right before the expression dates what is to come: "The vaccination drive begins
# on Monday", "the exhibition opens on Friday".
_TIMETABLE_VERB = re.compile(r"\b(?:begins|starts|opens|reopens|closes|ends|resumes|runs|takes place|is held|are held|"
                             r"kicks off|gets under way|goes ahead|arrives|leaves|departs)\s+(?:on\s+)?$", re.I)

# A past-tense verb right before the expression dates a past event, whatever else the sentence plans: "The strike
# began on Monday and is scheduled to last ten days", "will receive a rise under a deal reached in the early hours of
# Sunday".
_PAST_VERB = re.compile(
    r"\b(?!(?:scheduled|expected|planned|slated|intended|needed|hoped|proposed|called)\b)(?:\w{2,}ed|began|was|were|"
    r"took|came|went|held|met|left|broke|fell|won|lost|struck|ran|sank|made|gave|found|saw|became|rose|shot|hit|"
    r"spoke|wrote|sent|caught|fled|flew|drove|quit|stood|led|chose|sold|bought|paid|"
    r"set off|took place)(?:\s+(?:down|up|off|out|away))?\s+(?:(?:late|early|shortly|just)\s+)?"
    r"(?:(?:before|after)\s+(?:midnight|noon|dawn)\s+)?"
    r"(?:in\s+the\s+(?:early\s+|small\s+)?hours\s+of\s+|on\s+)?(?:late\s+|early\s+|last\s+)?$", re.I)


@dataclass(frozen=True)
class _Resolved:
    value: str | None
    precision: str | None
    first: date | None
    last: date | None


def times(work: Working) -> None:
    """Add a TimeExpr for every time expression in the article."""
    taken: list[tuple[int, int]] = []
    found: list[TimeExpr] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(work.text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            sentence, before = _sentence_text(work, start)
            expr = _expression(kind, match, work.published, sentence, before, _told_in_past(work, start))
            if expr is not None:
                taken.append((start, end))
                found.append(expr)
    work.times[:] = sorted(found, key=lambda t: t.start)


def _sentence_text(work: Working, char: int) -> tuple[str, str]:
    """The sentence holding ``char``, and its text before ``char``."""
    index = work.sentence_at(char)
    if index < 0:
        return "", ""
    sentence = work.sentences[index]
    return work.text[sentence.start:sentence.end], work.text[sentence.start:char]


def _told_in_past(work: Working, char: int) -> bool:
    """Whether the verb the expression at ``char`` belongs to (as parsed) is a plain past tense, with no auxiliary:
    "Divers found the damage on Monday during a scheduled check" dates a past event whatever else the sentence
    plans, however far the verb stands from the day."""
    for offset, doc in work.docs:
        if offset <= char < offset + len(doc.text):
            token = next((t for t in doc if t.idx >= char - offset), None)
            for _ in range(7):  # up to the verb, or the copula of "will be on Friday"
                if token is None or token.pos_ in ("VERB", "AUX") or token.head is token:
                    break
                token = token.head
            return token is not None and token.pos_ in ("VERB", "AUX") and token.tag_ == "VBD" and \
                not any(child.dep_ in ("aux", "auxpass") for child in token.children)
    return False


def _expression(kind: str, match: re.Match[str], published: date | None, sentence: str,
                before: str = "", told_in_past: bool = False) -> TimeExpr | None:
    groups = {k: v for k, v in match.groupdict().items() if v}
    future = (bool(_FUTURE_WORDS.search(sentence) or _WOULD.search(before)) and not _PAST_VERB.search(before)
              and not told_in_past) or bool(_TIMETABLE_VERB.search(before))
    resolved = RESOLVERS[kind](groups, published, future)
    if resolved is None:
        return None
    deadline = "deadline" in groups or groups.get("prep", "").lower().startswith(("by", "until"))
    label = "deadline" if deadline else {
        "weekday": "weekday", "relative_day": "relative", "relative_period": "relative", "ago": "relative",
    }.get(kind, "absolute")
    relation = _relation(resolved, published)
    return TimeExpr(match.start(), match.end(), match.group(), resolved.value, resolved.precision, relation, label)


def _relation(resolved: _Resolved, published: date | None) -> str | None:
    if published is None or resolved.first is None or resolved.last is None:
        return None
    if resolved.last < published:
        return "past"
    if resolved.first > published:
        return "future"
    return "present"


# --- resolvers: each returns the period an expression means ------------------------------------

def _day_period(day: date) -> _Resolved:
    return _Resolved(day.isoformat(), "day", day, day)


def _month_period(year: int, month: int) -> _Resolved:
    return _Resolved(f"{year:04d}-{month:02d}", "month", date(year, month, 1),
                     date(year, month, monthrange(year, month)[1]))


def _year_period(year: int) -> _Resolved:
    return _Resolved(f"{year:04d}", "year", date(year, 1, 1), date(year, 12, 31))


def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _guess_year(month: int, day: int, published: date | None, future: bool) -> int | None:
    """The year of a date written without one: the occurrence nearest publication, in the sentence's tense."""
    if published is None:
        return None
    year = published.year
    candidate = _safe_date(year, month, day)
    if candidate is None:
        return year
    if not future and candidate > published + timedelta(days=31):
        return year - 1
    if future and candidate < published - timedelta(days=31):
        return year + 1
    return year


def _weekday_year(month: int, day: int, weekday: str | None, published: date | None) -> int | None:
    """The year of "Sunday, 13 September" written without one: of the years around publication, the one in which
    that date falls on that weekday (None when no weekday is written, or none or several years fit)."""
    if weekday is None or published is None:
        return None
    fits = [year for year in (published.year - 1, published.year, published.year + 1)
            if (candidate := _safe_date(year, month, day)) is not None
            and candidate.weekday() == WEEKDAYS[weekday.lower()] and abs((candidate - published).days) <= 200]
    return fits[0] if len(fits) == 1 else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _iso(groups: dict[str, str], published: date | None, future: bool) -> _Resolved | None:
    day = _safe_date(int(groups["year"]), int(groups["mnum"]), int(groups["day"]))
    return _day_period(day) if day else None


def _month_day(groups: dict[str, str], published: date | None, future: bool) -> _Resolved | None:
    month, day_number = _month_number(groups["month"]), int(groups["day"])
    if "year" in groups:
        year: int | None = int(groups["year"])
    else:
        year = _weekday_year(month, day_number, groups.get("weekday"), published) or \
            _guess_year(month, day_number, published, future)
    if year is None:
        return _Resolved(None, "day", None, None)
    day = _safe_date(year, month, day_number)
    return _day_period(day) if day else None


def _month_year(groups: dict[str, str], published: date | None, future: bool) -> _Resolved | None:
    return _month_period(int(groups["year"]), _month_number(groups["month"]))


def _month(groups: dict[str, str], published: date | None, future: bool) -> _Resolved | None:
    if groups["month"] == "May" and groups.get("prep", "").lower() not in ("in", "since", "until", "by", "during"):
        return None  # "may" the verb
    month = _month_number(groups["month"])
    prep = groups.get("prep", "").lower()
    if published is None:
        return _Resolved(None, "month", None, None)
    year = published.year
    forward = prep in ("next", "by", "until") or (future and prep not in ("last", "since", "earlier this"))
    if forward and month < published.month:
        year += 1
    elif not forward and month > published.month and prep != "this":
        year -= 1
    return _month_period(year, month)


def _weekday(groups: dict[str, str], published: date | None, future: bool) -> _Resolved | None:
    if published is None:
        return _Resolved(None, "day", None, None)
    target = WEEKDAYS[groups["weekday"].lower()]
    prefix = groups.get("prefix", "").strip().lower()
    back = (published.weekday() - target) % 7
    if prefix == "next" or (future and prefix != "last" and back != 0):
        return _day_period(published + timedelta(days=(target - published.weekday()) % 7 or 7))
    if prefix == "last":
        back = back or 7
    return _day_period(published - timedelta(days=back))


def _relative_day(groups: dict[str, str], published: date | None, future: bool) -> _Resolved | None:
    if published is None:
        return _Resolved(None, "day", None, None)
    shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[groups["word"].lower()]
    return _day_period(published + timedelta(days=shift))


def _relative_period(groups: dict[str, str], published: date | None, future: bool) -> _Resolved | None:
    if published is None:
        return _Resolved(None, None, None, None)
    which, unit = groups["which"].lower(), groups["unit"].lower()
    step = {"last": -1, "the past": -1, "next": 1, "the coming": 1}.get(which, 0)
    return _shifted(published, unit, step)


def _shifted(published: date, unit: str, step: int) -> _Resolved:
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
        return _Resolved(monday.isoformat(), "week", monday, monday + timedelta(days=6))
    if unit == "month":
        index = published.year * 12 + published.month - 1 + step
        return _month_period(index // 12, index % 12 + 1)
    if unit == "decade":
        return _Resolved(f"{published.year + 10 * step:04d}", "decade",
                         date(published.year + 10 * step - 9, 1, 1), date(published.year + 10 * step, 12, 31))
    return _year_period(published.year + step)


def _ago(groups: dict[str, str], published: date | None, future: bool) -> _Resolved | None:
    if published is None:
        return _Resolved(None, None, None, None)
    count_word = groups["count"].lower()
    count = int(count_word) if count_word.isdigit() else NUMBER_WORDS.get(count_word, 1)
    sign = -1 if groups["dir"].lower() in ("ago", "earlier") else 1
    unit = groups["unit"].lower()
    if unit in ("day", "week"):
        return _day_period(published + timedelta(days=sign * count * (7 if unit == "week" else 1)))
    if unit == "decade":
        return _year_period(published.year + sign * 10 * count)
    if unit == "month":
        return _shifted(published, "month", sign * count)
    return _year_period(published.year + sign * count)


def _year(groups: dict[str, str], published: date | None, future: bool) -> _Resolved | None:
    return _year_period(int(groups["year"]))


RESOLVERS = {
    "iso": _iso, "month_day": _month_day, "day_month": _month_day, "month_year": _month_year, "weekday": _weekday,
    "month": _month, "relative_day": _relative_day, "relative_period": _relative_period, "ago": _ago,
    "year": _year,
}
