"""Turn a RawDocument into a clean Article: body text plus metadata, each field with its origin."""

from __future__ import annotations

import re

from rashomon.errors import NoArticleBody
from rashomon.extract.fields import clean_author, norm_key
from rashomon.extract.html import extract_html
from rashomon.extract.outlets import OutletRegistry, domain_of
from rashomon.extract.text import extract_text
from rashomon.models import Article, Candidate, RawDocument
from rashomon.settings import Settings

__all__ = ["OutletRegistry", "extract", "extract_html", "extract_text"]

# Characters of body text given to the language identifier; more adds time, not accuracy.
LANGUAGE_SAMPLE_CHARS = 3000


def extract(raw: RawDocument, settings: Settings, registry: OutletRegistry) -> Article:
    """Extract one document. Raises ``NoArticleBody`` when too little article text remains."""
    hints = raw.hints
    chrome = ""
    if raw.format == "html":
        page = extract_html(raw.text, url=raw.url, hints=hints)
        text, title, author, published, updated = page.text, page.title, page.author, page.published, page.updated
        url = page.url or (Candidate(raw.url, "input") if raw.url else None)
        site, language = page.site_name, page.language
        body_origin = page.body_origin
    else:
        scraped = extract_text(raw.text, hints=hints)
        text, title, author, published, updated, chrome = (scraped.text, scraped.title, scraped.author,
                                                           scraped.published, scraped.updated, scraped.chrome)
        url = scraped.url or (Candidate(raw.url, "input") if raw.url else None)
        site, language, body_origin = scraped.masthead, None, "text-cleaner"
    text = _without_leading_title(text, title.value if title else None)
    words = len(text.split())
    if words < settings.min_body_words:
        raise NoArticleBody(raw.source, f"no article body found ({words} words of text after removing "
                            f"boilerplate; at least {settings.min_body_words} needed)", locator=raw.locator)
    if author is not None and author.origin == "hint":
        cleaned = clean_author(author.value)
        author = Candidate(cleaned, "hint") if cleaned else None
    if hints.get("language"):
        language = Candidate(hints["language"][:2].lower(), "hint")
    language = language or _identify_language(text)
    outlet = _outlet(registry, hints.get("outlet"), url.value if url else None,
                     site, chrome, text)
    provenance = {"body": body_origin}
    for name, cand in (("title", title), ("author", author), ("published", published), ("updated", updated),
                       ("url", url), ("language", language), ("outlet", outlet)):
        if cand is not None:
            provenance[name] = cand.origin
    return Article(
        id=raw.id, raw_id=raw.id, source=raw.source, locator=raw.locator, text=printable(text, keep_lines=True) or text,
        title=printable(title.value) if title else None, author=printable(author.value) if author else None,
        published=published.value if published else None, updated=updated.value if updated else None,
        url=printable(url.value) if url else None,
        outlet=printable(outlet.value) if outlet else None, language=language.value if language else None,
        provenance=provenance,
    )


# Terminal control sequences (colour, clearing the screen, setting the window title) and other control
# characters: never part of an article, and dangerous when a title is printed to a terminal.
TERMINAL_SEQUENCE = re.compile(r"\x1b\[[0-?]{0,32}[ -/]{0,8}[@-~]|\x1b\][^\x07\x1b\n]{0,256}(?:\x07|\x1b\\)?"
                               r"|\x1b[@-_]?")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
LINE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(value: str | None, keep_lines: bool = False) -> str | None:
    """``value`` without terminal control sequences and control characters (``keep_lines``: tabs and line
    breaks stay, for the body text); None when nothing is left of a field."""
    if value is None:
        return None
    cleaned = TERMINAL_SEQUENCE.sub("", value)
    if keep_lines:
        return LINE_CONTROL.sub("", cleaned)
    cleaned = " ".join(CONTROL.sub(" ", cleaned).split())
    return cleaned or None


def _without_leading_title(text: str, title: str | None) -> str:
    """Drop the headline when the extracted body starts by repeating it."""
    if not title:
        return text
    first, _, rest = text.partition("\n\n")
    return rest if rest and norm_key(first) == norm_key(title) else text


def _outlet(registry: OutletRegistry, hint: str | None, url: str | None, site: Candidate | None,
            chrome: str, text: str) -> Candidate | None:
    """The outlet, from the most to the least direct evidence."""
    if hint:
        return _named(registry, hint, "hint")
    if (known := registry.by_url(url)) is not None:
        return Candidate(known.name, "url-domain")
    if site and site.origin != "masthead":
        return _named(registry, site.value, "site-name")
    if chrome and (known := registry.in_chrome(chrome)) is not None:
        return Candidate(known.name, "page-chrome")
    if site:
        return _named(registry, site.value, site.origin)
    if (known := registry.by_signature(text)) is not None:
        return Candidate(known.name, "signature")
    if url and domain_of(url):
        return Candidate(domain_of(url), "url-domain-unknown")
    return None


def _named(registry: OutletRegistry, name: str, origin: str) -> Candidate:
    """The registry's canonical name for ``name`` when it knows the outlet, else ``name`` as given."""
    known = registry.by_name(name)
    return Candidate(known.name if known else name, origin)


def _identify_language(text: str) -> Candidate | None:
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if not sample.strip():
        return None
    import py3langid  # loads its bundled model once, on first use

    lang, _ = py3langid.classify(sample)
    return Candidate(str(lang), "langid")
