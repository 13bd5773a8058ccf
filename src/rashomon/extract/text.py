"""Plain text as scraped to article body and metadata.

Scraped text keeps a page's chrome: menus, subscribe forms, photo captions and credits, author
bios, teasers of other stories, "most popular" blocks, lines repeated by the layout. The cleaner
works line by line in three passes:

1. read metadata lines (date headers, bylines, ``Author:``, ``Original url:``) and take them out;
2. label every other line (boilerplate, caption, footer marker, repeated, prose, short);
3. keep the article region — from the title to the last prose line before the first footer
   marker — drop teasers of other stories inside it, and keep subheadings that lead into prose.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rashomon.extract.fields import TEXT_DATE, choose_date, clean_author, clean_space, norm_key, parse_date
from rashomon.extract.shown import choose_updated
from rashomon.models import Candidate, Published

# A line is prose when it has at least PROSE_MIN_WORDS words and ends like a sentence, or has at
# least PROSE_LONG_WORDS words whatever its ending (truncated teasers, run-on scrapes).
PROSE_MIN_WORDS = 6
PROSE_LONG_WORDS = 15
# Subheadings are kept when they have this many words and lead into prose on the same topic.
SUBHEADING_MIN_WORDS = 3
# A block (headline + snippet) whose content words appear elsewhere in the article less than this
# share of the time is about another story. Real subsections of the seeds score 0.5-0.8; the
# Kyiv Independent sidebar teaser scores about 0.25.
TEASER_MAX_OVERLAP = 0.4
TITLE_MAX_WORDS = 30
BYLINE_MAX_WORDS = 16
# A title made from the lead sentence (when the page states none) is cut to this many words.
LEAD_TITLE_WORDS = 16
# Glued duplicates (breadcrumb + title) are looked for in the page head only.
GLUE_SCAN_LINES = 60
# A sidebar teaser is a headline and at most this many snippet paragraphs.
TEASER_MAX_PARAGRAPHS = 2
# Title lines repeat close together (page head and article head); menus repeat in the footer.
TITLE_REPEAT_WINDOW = 8
# Repeated headlines checked for glued twins (a scan of every line each) before the title search gives up:
# each scan is linear, so a page head of thousands of repeated headlines made it quadratic. Of 933 real texts
# (../shared/seeds, ../shared/data, the demo corpus) none has more than 2 headlines to check.
TITLE_MAX_SCANS = 20
TERMINAL = tuple('.!?…"”’\')]:;')
STOPWORDS = frozenset(
    (  # noqa: SIM905 - a word list reads better as text
        "a an the and or but of to in on at for by with from as is are was were be been has have had it its "
        "this that these those he she they we you i his her their our not no will would can could should may "
        "might also than then there here who which what when where how said says about after before over into "
        "more most some any all one two new"
    ).split()
)

DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)\s*(.*)$", re.IGNORECASE)
URL_LINE = re.compile(r"^\s*(?:original\s+url|source\s+url|url|link|source)\s*:\s*<?(https?://\S+?)?>?\s*$",
                      re.IGNORECASE)
BARE_URL = re.compile(r"^\s*<?(https?://[^\s>]+)>?\s*$")
AUTHOR_LINE = re.compile(r"^\s*(?:author|authors|written by|reporter|reporting by)\s*:\s*(.+)$", re.IGNORECASE)
BYLINE = re.compile(r"^\s*by\s+(\S.*)$", re.IGNORECASE)
UPDATED_LINE = re.compile(r"^\s*(published|updated|posted|last updated|date)\s*:?\s*(.*)$", re.IGNORECASE)
AUTHOR_MARKER = re.compile(r"^\s*(?:author|about the author|the author)\s*$", re.IGNORECASE)
# "Name Of Site — tagline" or "Name Of Site | Section | Section": 1-5 capitalised words, a separator.
MASTHEAD = re.compile(r"^((?:The\s+)?[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,4})\s+[—|–]\s+\S")
MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]*)\)")
MD_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*)$")

BOILERPLATE = re.compile(
    r"subscribe|indicates required|newsletter|sign(?:ed|ing)? up\b|skip to (?:main )?content|cookie|"
    r"accept all|advertis(?:e)?ment|^ad$|this audio is|listen to (?:this|the) article|^share\b|share (?:on|this)|"
    r"pre-?order|^edit post$|click here|all rights reserved|^copyright|enter (?:your )?e-?mail|"
    r"e-?mail address|successful+y subscribed|thank you for signing|confirmation email|^read more\b|"
    r"^(?:follow|like) us\b|download (?:our|the) app|"
    r"^(?:log ?in|sign in|register|menu|search|home|close|open|next|previous|back to top)$|"
    r"min read$|^\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?$|^\d+ comments?$|javascript|your browser",
    re.IGNORECASE,
)
# Lines that start like these are never article text, however long they are.
BOILERPLATE_PREFIX = re.compile(
    r"^(?:related (?:article|story|link|content)s?|see also|read (?:more|also|next)|also read|watch|listen|"
    r"more on this(?: story)?|recommended|sponsored|advertisement)\s*:", re.IGNORECASE)
CONTRIBUTED = re.compile(r"\b(?:contributed|added) (?:reporting )?to this (?:report|story|article)\b", re.IGNORECASE)
CREDIT = re.compile(
    r"\((?:[^()]*/)?\s*(?:getty images|afp|ap|reuters|epa|shutterstock|anadolu|xinhua|sipa|"
    r"bloomberg|ap photo)[^()]*\)\s*$|\b(?:ap|afp|reuters|epa|getty)\s+photo\b|"
    r"^\s*(?:images? source|photo(?:graph)?|image|picture|pictured|credit|caption|illustration)\s*:|"
    r"©|/\s*getty images|\bphoto(?:graph)?\s+by\b|\b(?:getty images|shutterstock)\s*$|"
    r"\b(?:photo|image|picture)(?: credit)?\s*:\s*[A-Z][^.]{0,60}$|"
    r"\((?:[A-Z][\w.'’-]+\s+){1,3}[A-Z][\w.'’-]+\s*/\s*[^()]{2,40}\)\s*$",  # (Jane Doe/Agency)
    re.IGNORECASE,
)
FOOTER = re.compile(
    r"^\s*(?:related(?: content| articles?| stories| news| coverage)?|read (?:more|next|also)|more news|"
    r"more from .{1,40}|most (?:popular|read|viewed)|editors[’']? picks|recommended(?: for you)?|"
    r"you (?:may|might) also like|trending(?: now)?|latest(?: news)?|comments?|leave a (?:comment|reply)|"
    r"share this(?: article| story)?|follow us|tags?:?.*|topics:?.*|about the author|author|sections|"
    r"newsletters?|top stories|what to read next|also read|popular|in other news|"
    # agencies' trailing block of earlier news ("Recall" on UNN, "See also", "More on this topic")
    r"recall|see also|more on (?:this|the) (?:topic|story|subject)|more on this|background|previously)\s*:?\s*$",
    re.IGNORECASE,
)


@dataclass
class Line:
    text: str
    heading: int = 0  # markdown heading level, 0 when none
    kind: str = ""  # meta | boilerplate | caption | footer | repeated | prose | short


@dataclass(frozen=True)
class ExtractedText:
    text: str
    title: Candidate | None = None
    author: Candidate | None = None
    published: Candidate | None = None
    updated: Candidate | None = None
    url: Candidate | None = None
    chrome: str = ""  # the text that was removed (outlet signatures are looked for there)
    masthead: Candidate | None = None  # the site's name as its page head states it
    candidates: dict[str, list[Candidate]] = field(default_factory=dict)


def extract_text(raw: str, hints: dict[str, str] | None = None) -> ExtractedText:
    """Clean one plain-text scrape into its article body and metadata."""
    hints = hints or {}
    lines = _split(raw)
    meta = _read_metadata(lines)
    _label(lines)
    title_index, title_cands = _find_title(lines)
    body = _region(lines, title_index)
    body = _drop_teasers(lines, body)
    kept = set(body)
    text = "\n\n".join(lines[i].text for i in body)
    chrome = "\n".join(line.text for i, line in enumerate(lines) if i not in kept)
    if hints.get("title"):
        title_cands.insert(0, Candidate(clean_space(hints["title"]), "hint"))
    if not title_cands and body:
        title_cands.append(Candidate(_lead_title(lines[body[0]].text), "lead-sentence"))
    for key in ("author", "date", "updated", "url"):
        if hints.get(key):
            value = parse_date(hints[key]) if key in ("date", "updated") else hints[key]
            if value:
                meta.setdefault(key, []).insert(0, Candidate(value, "hint"))
    # An "Updated:" line alone still dates the article better than nothing; its origin says what it is.
    published = choose_date(meta.get("date", [])) or choose_date(meta.get("updated", []))
    return ExtractedText(
        text=text,
        title=title_cands[0] if title_cands else None,
        author=_first(meta.get("author")),
        published=published,
        updated=choose_updated([], meta.get("updated", []), published),
        url=_first(meta.get("url")),
        chrome=chrome,
        masthead=_masthead(lines, title_index if title_index is not None else (body[0] if body else 0)),
        candidates={"title": title_cands, **meta},
    )


def _first(cands: list[Candidate] | None) -> Candidate | None:
    return cands[0] if cands else None


def _split(raw: str) -> list[Line]:
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "")
    out = []
    for text in raw.split("\n"):
        text = MD_LINK.sub(r"\1", text).replace("**", "").replace("__", "")
        heading = 0
        match = MD_HEADING.match(text)
        if match:
            heading, text = len(match.group(1)), match.group(2)
        text = clean_space(text)
        if text:
            out.append(Line(text, heading))
    return out


# --- pass 1: metadata lines -------------------------------------------------------------------

def _read_metadata(lines: list[Line]) -> dict[str, list[Candidate]]:
    """Take metadata out of the lines; return candidates per field, in order of trust."""
    found: dict[str, list[Candidate]] = {"author": [], "date": [], "updated": [], "url": []}

    def add(key: str, value: object, origin: str) -> None:
        if value:
            found[key].append(Candidate(value, origin))

    for i, line in enumerate(lines):
        if match := DATE_HEADER.match(line.text):
            add("date", parse_date(match.group(1)), "date-header")
            line.text = match.group(2).strip()
            if not line.text:
                line.kind = "meta"
        elif match := URL_LINE.match(line.text):
            line.kind = "meta"
            url = match.group(1)
            if not url and i + 1 < len(lines) and (bare := BARE_URL.match(lines[i + 1].text)):
                url = bare.group(1)
                lines[i + 1].kind = "meta"
            add("url", url, "original-url")
        elif match := AUTHOR_LINE.match(line.text):
            line.kind = "meta"
            add("author", clean_author(match.group(1)), "author-line")
        elif (byline := _parse_byline(line.text)) is not None:
            line.kind = "meta"
            add("author", byline[0], "byline")
            add("date", byline[1], "byline-date")
        elif AUTHOR_MARKER.match(line.text) and i > 0 and _is_name(lines[i - 1].text):
            add("author", clean_author(lines[i - 1].text), "author-box")
        elif (match := UPDATED_LINE.match(line.text)) and len(line.text.split()) <= 10:
            line.kind = "meta"
            if match.group(1).lower().endswith("updated"):
                add("updated", parse_date(match.group(2)), "updated-line")
            else:
                add("date", parse_date(match.group(2)), "dateline")
        elif _is_date_line(line.text):
            line.kind = "meta"
            add("date", parse_date(line.text), "dateline")
    return found


def _parse_byline(text: str) -> tuple[str, Published | None] | None:
    """Split 'by Jane Doe March 18, 2025 3:10 PM' into the author and the date, if it is a byline."""
    match = BYLINE.match(text)
    if not match or len(text.split()) > BYLINE_MAX_WORDS:
        return None
    rest = match.group(1)
    date_match = TEXT_DATE.search(rest)
    names = rest[: date_match.start()] if date_match else re.split(r"\s*[|•·]\s*", rest)[0]
    author = clean_author(names)
    if not author:
        return None
    return author, parse_date(rest[date_match.start() :]) if date_match else None


def _is_date_line(text: str) -> bool:
    match = TEXT_DATE.search(text)
    if match is None:
        return False
    return len(text.split()) <= len(match.group(0).split()) + 3 and not text.endswith(".")


def _is_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not text.endswith(TERMINAL)


# --- pass 2: labels ---------------------------------------------------------------------------

def _label(lines: list[Line]) -> None:
    counts = Counter(norm_key(line.text) for line in lines)
    _count_glued(lines, counts)
    for line in lines:
        if line.kind:
            continue
        words = len(line.text.split())
        if FOOTER.match(line.text):
            line.kind = "footer"
        elif CREDIT.search(line.text):
            line.kind = "caption"
        elif BOILERPLATE_PREFIX.match(line.text) or (BOILERPLATE.search(line.text) and words < PROSE_LONG_WORDS):
            line.kind = "boilerplate"
        elif counts[norm_key(line.text)] > 1:
            line.kind = "repeated"
        elif _is_prose(line.text):
            line.kind = "prose"
        else:
            line.kind = "short"


def _count_glued(lines: list[Line], counts: Counter[str]) -> None:
    """Count 'NewsTitle of the story' as a repeat of 'Title of the story' (a breadcrumb glued on)."""
    head = [norm_key(line.text) for line in lines[:GLUE_SCAN_LINES]]
    for long in set(head):
        for short in set(head):
            if short != long and len(short.split()) >= 4 and long.endswith(short) and len(long) - len(short) < 30:
                counts[short] += 1
                counts[long] += 1


def _is_prose(text: str) -> bool:
    if CONTRIBUTED.search(text):
        return True
    words = len(text.split())
    return words >= PROSE_LONG_WORDS or (words >= PROSE_MIN_WORDS and text.endswith(TERMINAL))


def _headline_like(text: str) -> bool:
    words = text.split()
    return 3 <= len(words) <= TITLE_MAX_WORDS and text[:1].isupper() and not text.endswith((".", ",", ";"))


# --- pass 3: title, region, teasers -----------------------------------------------------------

def _find_title(lines: list[Line]) -> tuple[int | None, list[Candidate]]:
    """Index of the title line and the title candidates, most trusted first.

    Trust order: the headline right above a byline; a markdown H1; a headline the page repeats
    near the top; the first headline-like line before the text.
    """
    first_prose = _anchor(lines)
    window = first_prose + TITLE_REPEAT_WINDOW
    cands: list[tuple[int, Candidate]] = []
    for i, line in enumerate(lines[:window]):
        if line.kind == "meta" and _parse_byline(line.text) and i > 0:
            prev = next((j for j in range(i - 1, -1, -1) if lines[j].kind not in ("meta", "caption")), None)
            if prev is not None and _headline_like(lines[prev].text):
                cands.append((prev, Candidate(lines[prev].text, "before-byline")))
            break
    for i, line in enumerate(lines):
        if line.heading == 1 and _headline_like(line.text):
            cands.append((i, Candidate(line.text, "markdown-heading")))
            break
    keys = [norm_key(line.text) for line in lines]
    last = {key: j for j, key in enumerate(keys)}  # the last line of each text
    scans = 0
    for i, line in enumerate(lines[:window]):
        # a copy past the window makes it a menu or footer line; known without scanning every line for twins
        if line.kind != "repeated" or not _headline_like(line.text) or last[keys[i]] >= window:
            continue
        scans += 1
        if scans > TITLE_MAX_SCANS:
            break
        twins = [j for j, k in enumerate(keys) if k == keys[i] or k.endswith(keys[i]) or keys[i].endswith(k)]
        if max(twins) < window:
            clean = min((lines[j].text for j in twins), key=len)  # without a glued breadcrumb
            cands.append((min(twins), Candidate(clean, "repeated-headline")))
            break
    if not cands:
        # the headline-like line nearest above the text (menus sit higher up)
        for i in range(first_prose - 1, -1, -1):  # _anchor never passes the end
            if lines[i].kind == "short" and _headline_like(lines[i].text):
                cands.append((i, Candidate(lines[i].text, "headline-above-text")))
                break
    if not cands:
        return None, []
    return cands[0][0], [c for _, c in cands]


def _anchor(lines: list[Line]) -> int:
    """Where the article text starts: the first of two prose lines in a row (a lone prose line in
    the page head is usually a promo), else the first prose line, else the end."""
    prose = [i for i, line in enumerate(lines) if line.kind == "prose"]
    for i in prose:
        if i + 1 < len(lines) and lines[i + 1].kind == "prose":
            return i
    return prose[0] if prose else len(lines)


def _region(lines: list[Line], title_index: int | None) -> list[int]:
    """Indexes of the body lines: from the title to the last prose line before a footer marker."""
    start = title_index + 1 if title_index is not None else 0
    first_prose = next((i for i in range(start, len(lines)) if lines[i].kind == "prose"), None)
    if first_prose is None:
        return []
    end = len(lines)
    for i in range(first_prose, len(lines)):
        if lines[i].kind == "footer":
            end = i
            break
    last_prose = max(i for i in range(first_prose, end) if lines[i].kind == "prose")
    keep = []
    for i in range(first_prose, last_prose + 1):
        line = lines[i]
        if line.kind == "prose" or (line.kind == "short" and _is_subheading(lines, i, last_prose)):
            keep.append(i)
    return keep


def _is_subheading(lines: list[Line], i: int, last: int) -> bool:
    text = lines[i].text
    nxt = lines[i + 1] if i + 1 <= last else None
    return (len(text.split()) >= SUBHEADING_MIN_WORDS and _headline_like(text)
            and nxt is not None and nxt.kind == "prose")


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z'’-]+", text.lower()) if w not in STOPWORDS and len(w) > 2}


def _drop_teasers(lines: list[Line], body: list[int]) -> list[int]:
    """Remove headline + snippet blocks about another story (sidebar teasers inside the region).

    Linear in the body: a block's words are looked up in counts of the body lines holding each word, not
    in the rest of the body joined anew for every block (that made a text of many subheadings quadratic).
    """
    words_of = {k: _content_words(lines[k].text) for k in body}
    lines_with = Counter(word for k in body for word in words_of[k])
    dropped: set[int] = set()
    for pos, i in enumerate(body):
        if lines[i].kind != "short" or pos + 1 >= len(body) or lines[i].text.rstrip().endswith(":"):
            continue  # ("The New York Times reports:" leads into what follows; a teaser's headline does not)
        block = [i]
        for j in body[pos + 1 : pos + 1 + TEASER_MAX_PARAGRAPHS]:
            if lines[j].kind != "prose":
                break
            block.append(j)
        snippet = lines[block[-1]].text
        truncated = not snippet.endswith(TERMINAL)
        in_block = Counter(word for k in block for word in words_of[k])
        # a block's word is in the rest of the body when more lines hold it than the block's own
        overlap = (sum(lines_with[word] > count for word, count in in_block.items()) / len(in_block)
                   if in_block else 1.0)
        at_end = block[-1] == body[-1]
        if overlap < TEASER_MAX_OVERLAP and (truncated or at_end):
            dropped.update(block)
    return [k for k in body if k not in dropped]


def _masthead(lines: list[Line], before: int) -> Candidate | None:
    """A site name heading the page: 'Valley Courier — news since 1921', 'Eastbank Radio | Listen live'."""
    for line in lines[:before]:
        match = MASTHEAD.match(line.text)
        if match and line.kind != "prose":
            return Candidate(match.group(1), "masthead")
    return None


def _lead_title(text: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[0]
    words = sentence.split()
    return sentence if len(words) <= LEAD_TITLE_WORDS else " ".join(words[:LEAD_TITLE_WORDS]) + "…"
