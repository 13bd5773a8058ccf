"""Readers: one input's bytes to RawDocuments, per format. A reader yields documents and, for
multi-record inputs, per-record errors, so one bad record does not lose the others."""

from __future__ import annotations

import io
import json
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from rashomon.errors import DecodeError, InputError, MalformedInput, TooLarge, UnsupportedFormat
from rashomon.ingest.decode import BinaryContent, DecompressionLimit, decode_bytes, gunzip_bounded, sniff_binary
from rashomon.models import RawDocument
from rashomon.settings import Settings

Item = RawDocument | InputError
Fetcher = Callable[[str, str], Iterator[Item]]  # (url, source name) -> items

EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".feed": "feed",
    ".warc": "warc",
}
# JSON keys read from article records, in order of preference.
JSON_TEXT = ("text", "content", "body", "article", "maintext")
JSON_HTML = ("html", "raw_html", "content_html")
JSON_HINTS = {
    "url": ("url", "link", "canonical_url"),
    "title": ("title", "headline"),
    "date": ("date", "published", "published_at", "publish_date", "date_publish", "datePublished", "pubDate"),
    "updated": ("updated", "updated_at", "modified", "date_modified", "dateModified", "last_modified"),
    "outlet": ("outlet", "source", "site", "site_name", "publisher", "source_domain"),
    "author": ("author", "authors", "byline"),
    "language": ("language", "lang"),
}
# A feed's start as they are served: a byte-order mark, and an xml-stylesheet instruction, a doctype or comments
# before the root (a feed with these read as something else gave one document, or text).
FEED_ROOT = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?"
                       rb"(?:(?:<!--.*?-->|<\?[^>]*\?>|<!DOCTYPE[^>]*>)\s*)*<(?:rss|feed|rdf:RDF)\b", re.DOTALL)
HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|div|article|p)\b",
                        re.IGNORECASE | re.DOTALL)
NUMERIC_REFERENCE = re.compile(rb"&#([xX][0-9a-fA-F]+|[0-9]+);")
TOO_DEEP = "JSON nested too deeply to read (thousands of levels of arrays or objects)"
# A feed entry whose text has fewer words than this is a teaser; the article is at its link.
FEED_FULLTEXT_WORDS = 80


def detect_format(name: str, data: bytes) -> str:
    """The reader for ``data`` named ``name``: by extension, else by sniffing the content."""
    lower = name.lower()
    if lower.endswith((".warc.gz", ".warc")):
        return "warc"
    stem = lower[:-3] if lower.endswith(".gz") else lower
    ext = "." + stem.rsplit(".", 1)[-1] if "." in stem.rsplit("/", 1)[-1] else ""
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    head = data[:2048]
    if head.startswith(b"WARC/"):
        return "warc"
    if FEED_ROOT.match(head):
        return "feed"
    if HTML_START.match(head):
        return "html"
    if head.lstrip()[:1] in (b"{", b"["):
        return "json"
    binary = sniff_binary(data)
    if binary:
        raise UnsupportedFormat(name, f"unsupported format: {binary}"
                                f"{f' ({ext} file)' if ext else ''}; Rashomon reads text, HTML, JSON, "
                                "JSON Lines, RSS/Atom and WARC")
    if ext in ("", ".log", ".csv") or not ext:
        return "text"
    raise UnsupportedFormat(name, f"unsupported file type {ext!r}; Rashomon reads .txt .md .html .json "
                            ".jsonl .xml/.rss/.atom .warc (and .gz of these)")


def read_bytes(name: str, data: bytes, settings: Settings, fetcher: Fetcher | None = None,
               *, url: str | None = None, declared_charset: str | None = None,
               fmt: str | None = None) -> Iterator[Item]:
    """Read one input's bytes (a file's or a download's) into documents."""
    if not data.strip():
        raise MalformedInput(name, "empty input (no content)")
    if len(data) > settings.max_input_bytes:
        raise TooLarge(name, f"{len(data):,} bytes; the limit is {settings.max_input_bytes:,} "
                       "(setting max_input_bytes)")
    if data[:2] == b"\x1f\x8b":
        # One document is held to max_input_bytes whether or not it came compressed; only a web archive,
        # which holds many documents, may decompress up to max_decompressed_bytes.
        archive = name.lower().endswith(".warc.gz") or _gzip_head(data).startswith(b"WARC/")
        limit, setting = ((settings.max_decompressed_bytes, "max_decompressed_bytes") if archive
                          else (settings.max_input_bytes, "max_input_bytes"))
        try:
            data = gunzip_bounded(data, limit)
        except DecompressionLimit as exc:
            raise TooLarge(name, f"{exc} (setting {setting})") from exc
        except (zlib.error, EOFError) as exc:
            raise MalformedInput(name, f"corrupt gzip data: {exc}") from exc
        if not data.strip():
            raise MalformedInput(name, "empty input (gzip holds no content)")
    fmt = fmt or detect_format(name, data)
    if fmt == "warc":
        yield from read_warc(name, data, settings.max_input_bytes)
        return
    if fmt == "feed":
        yield from read_feed(name, data, settings, fetcher, feed_url=url)
        return
    decoded = _decode(name, data, html=fmt == "html", declared=declared_charset)
    if fmt in ("json", "jsonl"):
        yield from read_json(name, decoded.text, lines=fmt == "jsonl")
    else:
        yield RawDocument(name, fmt, data, decoded.text, decoded.encoding, url=url)


def _gzip_head(data: bytes, size: int = 16) -> bytes:
    """The first bytes of gzip ``data`` decompressed (empty when they cannot be read)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:4096], size)
    except zlib.error:
        return b""


def _decode(name: str, data: bytes, *, html: bool, declared: str | None = None) -> Any:
    try:
        return decode_bytes(data, html=html, declared=declared)
    except BinaryContent as exc:
        raise DecodeError(name, f"not text: {exc}") from exc


# --- JSON --------------------------------------------------------------------------------------

def read_json(name: str, text: str, *, lines: bool) -> Iterator[Item]:
    if lines:
        records: list[tuple[str | None, Any]] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((f"line {number}", json.loads(line)))
            except json.JSONDecodeError as exc:
                yield MalformedInput(name, f"invalid JSON: {exc.msg} at column {exc.colno}", locator=f"line {number}")
            except RecursionError:
                yield MalformedInput(name, TOO_DEEP, locator=f"line {number}")
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MalformedInput(name, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
        except RecursionError:
            raise MalformedInput(name, TOO_DEEP) from None
        if isinstance(data, dict) and isinstance(data.get("articles"), list):
            data = data["articles"]
        items = data if isinstance(data, list) else [data]
        records = [(f"item {i}" if isinstance(data, list) else None, obj) for i, obj in enumerate(items, start=1)]
    if not records and lines and not text.strip():
        raise MalformedInput(name, "no JSON records")
    for locator, obj in records:
        try:
            yield json_record(name, obj, locator)
        except InputError as exc:
            yield exc


def json_record(name: str, obj: Any, locator: str | None) -> RawDocument:
    """One JSON object with text or html, plus optional metadata, as a document."""
    if not isinstance(obj, dict):
        raise MalformedInput(name, f"expected a JSON object, found {type(obj).__name__}", locator=locator)
    html = _first_str(obj, JSON_HTML)
    text = _first_str(obj, JSON_TEXT)
    if not html and not text:
        raise MalformedInput(name, f"record has no article text (none of the keys {', '.join(JSON_TEXT + JSON_HTML)})",
                             locator=locator)
    hints = {key: value for key, names in JSON_HINTS.items() if (value := _first_str(obj, names))}
    canonical = json.dumps(obj, sort_keys=True, ensure_ascii=False).encode()
    body = html or text or ""
    return RawDocument(name, "html" if html else "text", canonical, body, "utf-8", locator=locator,
                       url=hints.get("url"), hints=hints)


def _first_str(obj: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, list):
            value = ", ".join(v if isinstance(v, str) else str(v.get("name", "")) for v in value
                              if isinstance(v, str | dict))
        elif isinstance(value, dict):
            value = value.get("name") or value.get("title")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


# --- feeds -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed as ingest and the poller both read it: its place, what tells it apart between two reads
    of the feed (its GUID, else its link), its link, what it says of its article (``entry_hints``), its HTML and
    whether that is the whole article (``entry_body``). ``entry`` is feedparser's entry (the rest of what the feed
    says of it)."""

    number: int
    total: int  # entries in the feed
    key: str | None
    link: str | None
    hints: dict[str, str]
    html: str
    full_text: bool
    entry: Any

    @property
    def dated(self) -> bool:
        return bool(self.entry.get("published") or self.entry.get("updated"))

    def document(self, name: str, locator: str) -> RawDocument:
        """The entry's own text as a document (a full-text entry: its article, read without fetching its page)."""
        return RawDocument(name, "html", self.html.encode("utf-8"),
                           f"<html><body><article>{self.html}</article></body></html>", "utf-8", locator=locator,
                           url=self.link, hints=self.hints)


def feed_entries(name: str, data: bytes, feed_url: str | None = None, *, html_advice: str = "",
                 answered_html: bool = False) -> Iterator[FeedEntry | InputError]:
    """A feed's entries in order, after an error for XML it recovered from (the entries read before it are kept).
    A feed with no entries is a ``MalformedInput`` that says why: an HTML page (``answered_html``: the server said
    so; ``html_advice`` is added to the reason), malformed XML, or no entries at all."""
    parsed, problem = parse_feed(data, feed_url)
    if not parsed.entries:
        if answered_html or HTML_START.match(data[:2048]):
            raise MalformedInput(name, f"not a feed: an HTML page, with no RSS or Atom entries{html_advice}")
        raise MalformedInput(name, f"malformed feed XML: {problem}" if problem else
                             "not a feed, or a feed with no entries")
    if problem is not None and type(problem).__name__ == "SAXParseException":
        # feedparser recovers what it can from broken XML; say so, and keep what it read
        yield MalformedInput(name, f"malformed feed XML: {problem}; the {len(parsed.entries)} entries read before "
                             "it are used")
    outlet = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        html, full_text = entry_body(entry)
        yield FeedEntry(number, len(parsed.entries), entry.get("id") or entry.get("link"), entry.get("link"),
                        entry_hints(entry, outlet), html, full_text, entry)


def read_feed(name: str, data: bytes, settings: Settings, fetcher: Fetcher | None,
              feed_url: str | None = None) -> Iterator[Item]:
    follow = settings.follow_feed_links or feed_url is not None
    for item in feed_entries(name, data, feed_url):
        if isinstance(item, InputError):
            yield item
            continue
        locator = f"item {item.number}"
        link = item.link
        if item.full_text:
            yield item.document(name, locator)
        elif link and follow and fetcher is not None:
            for found in fetcher(link, f"{name} → {link}"):
                if isinstance(found, RawDocument):
                    found = RawDocument(found.source, found.format, found.content, found.text, found.encoding,
                                        locator=locator, url=found.url or link, hints={**item.hints, **found.hints})
                yield found
        elif link:
            yield InputError(name, f"entry has only a teaser; its article is at {link} "
                             "(pass --follow-links to fetch it)", locator=locator)
        else:
            yield MalformedInput(name, "entry has neither full text nor a link", locator=locator)


# --- WARC --------------------------------------------------------------------------------------

def parse_feed(data: bytes, feed_url: str | None) -> tuple[Any, Exception | None]:
    """feedparser's reading of a feed, its entries' relative links ("/news/1.html") resolved against the URL it
    was fetched from (feedparser resolves them only against an xml:base), and the XML error it recovered from."""
    import feedparser

    # a stream, never the bytes: feedparser opens bytes that name a file ("/etc/passwd", "/dev/zero") and reads
    # that local file instead (a fetched feed must not choose what is read from this machine)
    parsed = feedparser.parse(io.BytesIO(NUMERIC_REFERENCE.sub(_valid_reference, data)))
    if feed_url:
        for entry in parsed.entries:
            if entry.get("link"):
                entry["link"] = urljoin(feed_url, entry["link"])
    return parsed, parsed.get("bozo_exception")


def _valid_reference(match: re.Match[bytes]) -> bytes:
    """A numeric character reference as it was, or U+FFFD when it names no character (feedparser raised
    ValueError or OverflowError on "&#x110000;", and the whole feed was lost)."""
    digits = match.group(1).lstrip(b"0xX") or b"0"
    if len(digits) > 8:  # past U+10FFFF however it is written (and no 5,000-digit number is made an int)
        return b"&#xFFFD;"
    value = int(digits, 16) if match.group(1)[:1] in (b"x", b"X") else int(digits)
    return match.group(0) if 0 < value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else b"&#xFFFD;"


def entry_hints(entry: Any, outlet: str | None) -> dict[str, str]:
    """What a feed entry says of its article (title, link, author, dates, the feed's name as outlet): the
    hints its page is extracted with."""
    return {k: v for k, v in {
        "title": entry.get("title"), "url": entry.get("link"), "author": entry.get("author"),
        "date": entry.get("published") or entry.get("updated"), "outlet": outlet,
        # dict.get: feedparser's own get() would hand back the published date for a missing "updated"
        "updated": dict.get(entry, "updated") if entry.get("published") else None,
    }.items() if isinstance(v, str) and v.strip()}


def entry_body(entry: Any) -> tuple[str, bool]:
    """A feed entry's HTML (its content, else its summary) and whether it is the full article (at least
    FEED_FULLTEXT_WORDS words) rather than a teaser whose page must be read."""
    html = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
    return html, len(re.sub(r"<[^>]+>", " ", html).split()) >= FEED_FULLTEXT_WORDS


def read_warc(name: str, data: bytes, max_record_bytes: int) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type not in ("response", "resource"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            if record.http_headers is not None:
                if record.http_headers.get_statuscode() not in ("200", "203"):
                    continue
                ctype = record.http_headers.get_header("Content-Type") or ""
            else:
                ctype = record.rec_headers.get_header("Content-Type") or ""
            if "html" not in ctype.lower():
                continue
            payload = record.content_stream().read(max_record_bytes + 1)
            found += 1
            if len(payload) > max_record_bytes:
                yield TooLarge(name, f"record is larger than {max_record_bytes:,} bytes (setting max_input_bytes)",
                               locator=f"record {uri}")
                continue
            charset = re.search(r"charset=([\w.-]+)", ctype)
            try:
                decoded = _decode(name, payload, html=True, declared=charset.group(1) if charset else None)
            except InputError as exc:
                yield InputError(name, exc.reason, locator=f"record {uri}")
                continue
            yield RawDocument(name, "html", payload, decoded.text, decoded.encoding,
                              locator=f"record {uri}", url=uri)
    except (ArchiveLoadFailed, ValueError, EOFError) as exc:
        raise MalformedInput(name, f"malformed WARC archive: {exc}") from exc
    except (AttributeError, KeyError, TypeError, IndexError) as exc:
        # warcio reports truncated or missing record headers as attribute or key errors from its parser
        raise MalformedInput(name, f"malformed WARC archive: a record's headers are missing or cut short "
                             f"(after {found} HTML record(s); the file may be truncated)") from exc
    if not found:
        raise MalformedInput(name, "WARC archive holds no HTML response records")
