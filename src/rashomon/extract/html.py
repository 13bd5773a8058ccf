"""HTML page to article body and metadata.

Body: an explicit cascade — trafilatura (with its own internal fallbacks), then readability-lxml,
then trafilatura's baseline — the first result with enough words wins. A page with more elements
than any real article (``MAX_CASCADE_ELEMENTS``) skips the cascade for a linear block reader:
trafilatura's work grows with the square of a page's paragraphs. Metadata: every field is
chosen separately from several candidates (JSON-LD, Open Graph and other meta tags, the page's
visible headline and byline, htmldate, the URL, trafilatura), and records which one won.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml import etree

from rashomon.extract.fields import (
    choose_text,
    clean_author,
    clean_space,
    date_from_url,
    day_of,
    norm_key,
    parse_date,
)
from rashomon.extract.shown import ShownDate, choose_published, choose_updated, shown_dates
from rashomon.models import Candidate

# The cascade accepts a body at this many words; below it the next extractor is tried.
MIN_CASCADE_WORDS = 40
# trafilatura runs twice: favor_precision (best on AEB) unless it kept less than this share of the
# default run's words (it then dropped real paragraphs; default is best on WCXB). Chosen offline on
# odd WCXB/AEB pages, checked on even ones: 0.5-0.8 all give AEB 0.959, WCXB 0.923.
PRECISION_KEEP_RATIO = 0.6
# Pages with more elements than this skip trafilatura, readability and htmldate (see _blocks). Their
# time grows with the square of the page's paragraphs: libxml2 evaluates trafilatura's `//p//text()`
# in 0.19 s over 20,000 sibling <p> and 2.8 s over 80,000, and it runs several times a page (a 16 MB
# page of paragraphs took 1.9x the time per MB of a 1 MB one; benchmarks/extract_scale.py). The
# largest of 971 real article pages (../shared/data/extraction: WCXB dev, AEB) has 5,105 elements.
MAX_CASCADE_ELEMENTS = 20_000
# libxml2 cuts one text node at 10,000,000 bytes (XML_MAX_TEXT_LENGTH) unless a parser is told the document is
# huge; trafilatura, readability and htmldate parse without that, so a page whose text runs longer between two
# tags gave a few words and "no article body". Such a page is parsed as huge and read by the block reader. The
# margin covers entities and line ends counted differently; the longest run in 971 real pages is 1.1 MB.
MAX_TEXT_RUN_BYTES = 9_000_000
# Elements whose text is one block of the body when the cascade is skipped.
BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dd", "dt",
              "figcaption")
# Never body text: blocks inside these are not read.
NON_TEXT_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form")
ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                 "opinionnewsarticle", "backgroundnewsarticle", "report", "webpage", "liveblogposting",
                 "techarticle", "scholarlyarticle", "socialmediaposting", "creativework"}
TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»)\s+")
# Vote weights per origin: log-odds of each origin being right where present, measured on odd
# WCXB dev pages (h1 0.857, json-ld 0.819, stripped <title> 0.732, trafilatura 0.716, og 0.702,
# twitter 0.667); the visible h1 is raised to 3.0, which won on both halves (0.862 / 0.837).
TITLE_WEIGHTS = {"hint": 10.0, "h1": 3.0, "json-ld": 1.51, "title-tag-stripped": 1.0, "trafilatura": 0.92,
                 "og:title": 0.86, "twitter:title": 0.69, "title-tag": 0.05}
# Same method for authors: json-ld 0.929, meta 0.880, trafilatura 0.810, visible byline 0.723.
AUTHOR_WEIGHTS = {"hint": 10.0, "json-ld": 2.57, "meta": 1.99, "trafilatura": 1.45, "byline": 0.96}
DATE_META = ("article:published_time", "og:published_time", "article.published", "datepublished",
             "publishdate", "publish-date", "pubdate", "date", "dc.date", "dc.date.issued",
             "dcterms.created", "parsely-pub-date", "sailthru.date", "cxenseparse:recs:publishtime")
DATE_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dateupdated", "dcterms.modified",
                      "last-modified", "updated")
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl",
               "citation_author", "cxenseparse:author")
BYLINE_XPATH = (
    "//*[@rel='author']|//*[@itemprop='author']//*[@itemprop='name']|//*[@itemprop='author' and not(*)]"
    "|//*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')]"
    "|//*[contains(@class, 'author-name') or contains(@class, 'byline__name') or contains(@class, 'author__name')]"
)


@dataclass(frozen=True)
class ExtractedHTML:
    """What one HTML page gave: the body and the winning candidate of each field."""

    text: str
    body_origin: str
    title: Candidate | None = None
    author: Candidate | None = None
    published: Candidate | None = None
    updated: Candidate | None = None
    url: Candidate | None = None
    site_name: Candidate | None = None
    language: Candidate | None = None
    candidates: dict[str, list[Candidate]] = field(default_factory=dict)
    shown_dates: list[ShownDate] = field(default_factory=list)


def extract_html(html: str, url: str | None = None, hints: dict[str, str] | None = None) -> ExtractedHTML:
    """Extract the article body and metadata of one HTML page."""
    hints = hints or {}
    data = html.encode("utf-8", "replace")
    long_run = _longest_text_run(data) > MAX_TEXT_RUN_BYTES
    tree = _parse(data, huge=long_run)
    huge = tree is not None and (long_run or _count_elements(tree, MAX_CASCADE_ELEMENTS + 1) > MAX_CASCADE_ELEMENTS)
    text, origin = (_blocks(tree), "blocks") if huge else _body(html, url)
    meta = _meta_tags(tree) if tree is not None else {}
    ld = _json_ld(tree) if tree is not None else {}
    traf = {} if huge else _trafilatura_metadata(tree, url)
    page_url = hints.get("url") or meta.get("og:url") or _canonical(tree) or url
    titles = _title_candidates(tree, meta, ld, traf, hints)
    authors = _author_candidates(tree, meta, ld, traf, hints)
    dates = _date_candidates(None if huge else html, meta, ld, traf, hints, page_url)
    modified = _modified_candidates(meta, ld, hints)
    shown = [] if hints.get("date") else shown_dates(tree, text, _page_locale(tree, meta))
    dates = [c for c in dates if not _year_only_guess(c, dates, shown)]
    published = choose_published(dates, shown, {day_of(c.value) for c in modified})
    updated = choose_updated(shown, modified, published)
    site = [Candidate(clean_space(v), o) for v, o in (
        (meta.get("og:site_name"), "og:site_name"), (_ld_name(ld.get("publisher")), "json-ld"),
        (traf.get("sitename"), "trafilatura")) if v]
    lang = _language(tree, meta)
    return ExtractedHTML(
        text=text, body_origin=origin,
        title=choose_text(titles, TITLE_WEIGHTS), author=choose_text(authors, AUTHOR_WEIGHTS),
        published=published, updated=updated, url=Candidate(page_url, "page") if page_url else None,
        site_name=site[0] if site else None, language=lang,
        candidates={"title": titles, "author": authors, "published": dates, "modified": modified,
                    "site_name": site},
        shown_dates=shown,
    )


def _parse(data: bytes, huge: bool = False) -> Any:
    """The page's tree from its text encoded as UTF-8 (told so: libxml2 took bytes without a charset for
    Latin-1, and believed a page's own <meta charset> although the text was decoded already, so "Café" became
    "CafÃ©" in titles and bylines); ``huge`` lifts libxml2's limits (a text node over 10 MB is kept whole)."""
    try:
        return lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(encoding="utf-8", huge_tree=huge))
    except (etree.ParserError, ValueError):
        return None


def _longest_text_run(data: bytes) -> int:
    """The most bytes between two tag openings (an upper bound of the longest text node)."""
    return max(map(len, data.split(b"<")), default=0)


# --- body ---------------------------------------------------------------------------------------

def _words(text: str | None) -> int:
    return len(text.split()) if text else 0


def _body(html: str, url: str | None) -> tuple[str, str]:
    """Run the cascade; return the text and which extractor produced it."""
    import trafilatura

    precise = trafilatura.extract(html, url=url, include_comments=False, favor_precision=True) or ""
    default = trafilatura.extract(html, url=url, include_comments=False) or ""
    precise_words, default_words = _words(precise), _words(default)
    if precise_words >= PRECISION_KEEP_RATIO * default_words and precise_words >= MIN_CASCADE_WORDS:
        return _tidy(precise), "trafilatura"
    primary = default if default_words > precise_words else precise
    if _words(primary) >= MIN_CASCADE_WORDS:
        return _tidy(primary), "trafilatura"
    fallback = _readability(html)
    if _words(fallback) >= MIN_CASCADE_WORDS and _words(fallback) >= _words(primary):
        return _tidy(fallback), "readability"
    baseline_text = ""
    try:
        _, baseline_text, _ = trafilatura.baseline(html)
    except Exception:  # baseline is the last resort; its failure only means there is no body
        baseline_text = ""
    best = max(((primary, "trafilatura"), (fallback, "readability"), (baseline_text, "baseline")),
               key=lambda pair: _words(pair[0]))
    return _tidy(best[0]), best[1]


def _count_elements(tree: Any, stop: int) -> int:
    """How many elements ``tree`` has, counting no further than ``stop``."""
    count = 0
    for _ in tree.iter():
        count += 1
        if count >= stop:
            break
    return count


def _blocks(tree: Any) -> str:
    """The text of every outermost block element outside menus, footers and scripts, in page order: linear
    in the page's size, for pages too big for the cascade."""
    taken: set[Any] = set()
    blocks = []
    for el in tree.iter(*BLOCK_TAGS):
        # the HTML parser caps nesting at 256 levels, so this walk up is bounded
        if any(up in taken or up.tag in NON_TEXT_TAGS for up in el.iterancestors(*BLOCK_TAGS, *NON_TEXT_TAGS)):
            continue
        taken.add(el)
        if block := clean_space(el.xpath("string()")):
            blocks.append(block)
    if _words(" ".join(blocks)) < MIN_CASCADE_WORDS:
        # the text is not in blocks (one long run straight in the body or a div): every run of text outside
        # menus and scripts, one paragraph each (an inline tag splits a paragraph; no word is lost)
        outside = " or ".join(f"self::{tag}" for tag in NON_TEXT_TAGS)
        runs = (clean_space(run) for run in tree.xpath(f"//body//text()[not(ancestor::*[{outside}])]"))
        return "\n\n".join(run for run in runs if run)
    return "\n\n".join(blocks)


def _readability(html: str) -> str:
    try:
        from readability import Document

        summary = Document(html).summary(html_partial=True)
        if not summary.strip():
            return ""
        root = lxml.html.fragment_fromstring(summary, create_parent="div")
        blocks = [clean_space(el.text_content()) for el in root.iter("p", "h2", "h3", "li", "blockquote")]
        return "\n".join(b for b in blocks if b) or clean_space(root.text_content())
    except Exception:  # readability raises assorted errors on odd pages; the cascade moves on
        return ""


def _tidy(text: str) -> str:
    lines = [clean_space(line) for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line)


# --- metadata sources -------------------------------------------------------------------------

def _meta_tags(tree: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = (el.get("content") or "").strip()
        if key and value and key not in found:
            found[key] = value
    return found


def _json_ld(tree: Any) -> dict[str, Any]:
    """The first JSON-LD object that describes an article (searching @graph and lists)."""
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "", strict=False)
        except (json.JSONDecodeError, TypeError):
            continue
        for obj in _walk_ld(data):
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t.lower() in ARTICLE_TYPES for t in types) and (
                    obj.get("headline") or obj.get("datePublished") or obj.get("author")):
                return obj
    return {}


def _walk_ld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_ld(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk_ld(data["@graph"])


def _ld_name(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else None
    if isinstance(value, list):
        names = [n for n in (_ld_name(v) for v in value) if n]
        return ", ".join(names) if names else None
    return None


def _trafilatura_metadata(tree: Any, url: str | None) -> dict[str, Any]:
    if tree is None:
        return {}
    try:
        from trafilatura.metadata import extract_metadata

        doc = extract_metadata(lxml.html.fromstring(lxml.html.tostring(tree)), default_url=url)
        return {k: getattr(doc, k, None) for k in ("title", "author", "date", "sitename")}
    except Exception:  # metadata is best effort; other candidates remain
        return {}


def _canonical(tree: Any) -> str | None:
    if tree is None:
        return None
    hrefs = tree.xpath("//link[@rel='canonical']/@href")
    return hrefs[0].strip() if hrefs and hrefs[0].startswith("http") else None


def _title_candidates(tree: Any, meta: dict[str, str], ld: dict[str, Any], traf: dict[str, Any],
                      hints: dict[str, str]) -> list[Candidate]:
    raw: list[tuple[Any, str]] = [(hints.get("title"), "hint"), (ld.get("headline"), "json-ld"),
                                  (meta.get("og:title"), "og:title"), (meta.get("twitter:title"), "twitter:title")]
    if tree is not None:
        h1s = [clean_space(h.text_content()) for h in tree.iter("h1")]
        h1s = [h for h in h1s if 2 <= len(h.split()) <= 40]
        if h1s:
            raw.append((h1s[0], "h1"))
        tag = tree.find(".//title")
        if tag is not None and tag.text_content():
            full = clean_space(tag.text_content())
            raw.append((full, "title-tag"))
            parts = TITLE_SEPARATORS.split(full)
            if len(parts) > 1:
                raw.append((max(parts, key=len), "title-tag-stripped"))
    raw.append((traf.get("title"), "trafilatura"))
    site = meta.get("og:site_name")
    out = []
    for value, origin in raw:
        if isinstance(value, str) and value.strip():
            value = clean_space(value)
            if site and origin != "title-tag":
                value = _strip_site(value, site)
            out.append(Candidate(value, origin))
    return out


def _strip_site(title: str, site: str) -> str:
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) > 1 and norm_key(parts[-1]) == norm_key(site):
        return " - ".join(parts[:-1])
    return title


def _author_candidates(tree: Any, meta: dict[str, str], ld: dict[str, Any], traf: dict[str, Any],
                       hints: dict[str, str]) -> list[Candidate]:
    raw: list[tuple[str | None, str]] = [(hints.get("author"), "hint"), (_ld_name(ld.get("author")), "json-ld")]
    raw += [(meta.get(key), "meta") for key in AUTHOR_META if meta.get(key)]
    if tree is not None:
        for el in tree.xpath(BYLINE_XPATH)[:3]:
            raw.append((el.text_content(), "byline"))
    raw.append((traf.get("author"), "trafilatura"))
    out = []
    for value, origin in raw:
        cleaned = clean_author(value)
        if cleaned:
            out.append(Candidate(cleaned, origin))
    return out


def _date_candidates(html: str | None, meta: dict[str, str], ld: dict[str, Any], traf: dict[str, Any],
                     hints: dict[str, str], url: str | None) -> list[Candidate]:
    raw: list[tuple[Any, str]] = [(hints.get("date"), "hint"), (ld.get("datePublished"), "json-ld")]
    raw += [(meta.get(key), f"meta:{key}") for key in DATE_META if meta.get(key)]
    found = _htmldate(html, url) if html is not None else None
    raw.append((found, "htmldate"))
    if found is None:  # trafilatura finds its date with htmldate: one source, so one vote
        raw.append((traf.get("date"), "trafilatura"))
    out = _parsed(raw)
    url_day = date_from_url(url)
    if url_day:
        out.append(Candidate(url_day, "url"))
    return out


def _year_only_guess(cand: Candidate, dates: list[Candidate], shown: list[ShownDate]) -> bool:
    """An htmldate answer of 1 January that nothing else on the page supports: htmldate falls back to
    the first day of a year it found (a copyright line) when it finds no date. On WCXB dev every such
    answer was wrong (6 pages); every right 1 January had another candidate agreeing."""
    day = day_of(cand.value)
    if cand.origin != "htmldate" or (day.month, day.day) != (1, 1):
        return False
    return not any(day_of(other.value) == day for other in dates if other is not cand) and not any(
        day in item.readings for item in shown)


def _modified_candidates(meta: dict[str, str], ld: dict[str, Any], hints: dict[str, str]) -> list[Candidate]:
    """The last-modified dates the input or the page's metadata states (JSON-LD dateModified, meta tags)."""
    raw: list[tuple[Any, str]] = [(hints.get("updated"), "hint"), (ld.get("dateModified"), "json-ld")]
    raw += [(meta.get(key), f"meta:{key}") for key in DATE_MODIFIED_META if meta.get(key)]
    return _parsed(raw)


def _parsed(raw: list[tuple[Any, str]]) -> list[Candidate]:
    """Date candidates from (value, origin) pairs: the values that parse as plausible dates."""
    out = [Candidate(parse_date(v) if isinstance(v, str) else None, o) for v, o in raw]
    return [c for c in out if c.value is not None]


def _page_locale(tree: Any, meta: dict[str, str]) -> str | None:
    """The page's full language tag ("en-US"), which decides how numeric dates are read."""
    lang = tree.get("lang") if tree is not None else None
    return (lang or meta.get("og:locale") or "").replace("_", "-").strip() or None


def _htmldate(html: str, url: str | None) -> str | None:
    try:
        from htmldate import find_date

        return find_date(html, url=url, original_date=True, extensive_search=True)
    except Exception:  # htmldate is one candidate among several
        return None


def _language(tree: Any, meta: dict[str, str]) -> Candidate | None:
    if tree is not None:
        lang = tree.get("lang") or tree.get("xml:lang")
        if lang and re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*", lang.strip()):
            return Candidate(lang.strip()[:2].lower(), "html-lang")
    locale = meta.get("og:locale")
    if locale and re.fullmatch(r"[A-Za-z]{2}(?:[-_].*)?", locale):
        return Candidate(locale[:2].lower(), "og:locale")
    return None
