"""Property-based fuzz of the ingest readers and extraction (issue 18): whatever the bytes and whatever the name,
reading gives documents and the project's own input errors (``InputError``: a named reason per input or record),
never another exception. Bounded: a few hundred generated inputs, well under a minute."""

from __future__ import annotations

import gzip
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon.errors import InputError
from rashomon.extract import extract
from rashomon.extract.outlets import registry
from rashomon.ingest.readers import EXTENSIONS, detect_format, read_bytes
from rashomon.models import RawDocument
from rashomon.settings import Settings

SETTINGS = Settings(workers=1, max_input_bytes=200_000, max_decompressed_bytes=400_000)
REGISTRY = registry()  # the shipped outlet list
FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

NAMES = st.sampled_from([*(f"in{ext}" for ext in EXTENSIONS), "in", "in.gz", "in.html.gz", "in.warc.gz",
                         "in.jsonl.gz", "in.csv", "in.log", "in.pdf", "in.png", "новости.jsonl", "in.TXT"])
WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
TAGS = st.sampled_from(["html", "head", "body", "title", "meta", "p", "div", "article", "script", "style", "h1",
                        "a", "time", "rss", "channel", "item", "feed", "entry", "link", "description",
                        "content", "pubDate", "updated", "!DOCTYPE html", "?xml version='1.0'", "br/", "![CDATA["])


@st.composite
def markup(draw: st.DrawFn) -> str:
    """HTML-, RSS- and Atom-ish text: tags opened and closed in any order, attributes, entities, words."""
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.integers(0, 5))
        tag = draw(TAGS)
        if kind == 0:
            attribute = draw(st.sampled_from(["", ' href="/x"', ' property="og:title" content="T"',
                                              ' type="application/ld+json"', ' charset="latin-1"',
                                              ' datetime="2026-13-45"', ' rel="alternate"']))
            parts.append(f"<{tag}{attribute}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(st.sampled_from(["&amp;", "&#0;", "&#x110000;", "&bogus;", "&", "<", "]]>"])))
        else:
            parts.append(draw(WORDS))
    return "".join(parts)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | WORDS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["text", "html", "title", "url", "date", "outlet", "author", "content", "body", "x"]) | WORDS,
        inner, max_size=5),
    max_leaves=20)


@st.composite
def json_text(draw: st.DrawFn) -> str:
    records = draw(st.lists(JSON_VALUES, min_size=1, max_size=4))
    if draw(st.booleans()):
        return "\n".join(json.dumps(r) for r in records)  # JSON Lines
    text = json.dumps(records if len(records) > 1 else records[0])
    cut = draw(st.integers(0, len(text)))
    return text if draw(st.booleans()) else text[:cut]  # sometimes broken off


@st.composite
def warc_text(draw: st.DrawFn) -> bytes:
    lines = ["WARC/1.0", f"WARC-Type: {draw(st.sampled_from(['response', 'resource', 'request', 'x']))}",
             f"WARC-Target-URI: {draw(st.sampled_from(['http://a.example/n', '', 'javascript:x', 'ftp://x']))}",
             f"Content-Length: {draw(st.integers(-5, 500))}",
             f"Content-Type: {draw(st.sampled_from(['application/http; msgtype=response', 'text/html', '']))}"]
    body = draw(st.sampled_from(["HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", ""])) + draw(markup())
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode("utf-8", "surrogatepass")


INPUTS = (st.binary(max_size=3000)
          | markup().map(lambda t: t.encode("utf-8"))
          | json_text().map(lambda t: t.encode("utf-8"))
          | warc_text()
          | WORDS.map(lambda t: t.encode("utf-16")))


def read_all(name: str, data: bytes) -> list[RawDocument]:
    """Every document the readers give; an InputError for the whole input counts as a named failure."""
    try:
        items = list(read_bytes(name, data, SETTINGS))
    except InputError as exc:
        assert exc.reason
        return []
    for item in items:
        assert isinstance(item, (RawDocument, InputError))
    return [item for item in items if isinstance(item, RawDocument)]


def extracted(raw: RawDocument) -> None:
    try:
        article = extract(raw, SETTINGS, REGISTRY)
    except InputError as exc:
        assert exc.reason
        return
    assert article.text.strip()


@FUZZ
@given(name=NAMES, data=INPUTS, compress=st.booleans())
def test_reading_any_bytes_gives_documents_or_named_input_errors(name, data, compress):
    if compress:
        data = gzip.compress(data)
    try:
        fmt = detect_format(name, data)
    except InputError:
        fmt = None
    assert fmt in (None, "text", "html", "json", "jsonl", "feed", "warc")
    for raw in read_all(name, data):
        extracted(raw)


@FUZZ
@given(text=markup(), fmt=st.sampled_from(["html", "text"]))
def test_extracting_any_markup_gives_an_article_or_a_named_input_error(text, fmt):
    body = text + " ".join(["word"] * 30)  # sometimes enough words for an article body
    raw = RawDocument("fuzz." + ("html" if fmt == "html" else "txt"), fmt, body.encode("utf-8", "surrogatepass"),
                      body, "utf-8")
    extracted(raw)


def test_a_feed_with_character_references_past_unicode_keeps_its_entries():
    """Found by the fuzz above: feedparser raised ValueError or OverflowError on "&#x110000;", losing the feed."""
    body = " ".join(["The ferry terminal will open in 2028."] * 12)
    feed = (f"<rss><channel><title>Eastmoor &#x110000;News</title><item><title>Ferry &#99999999999; terminal"
            f"&#0;</title><link>https://eastmoor.example/1</link><description>{body} &#233;</description></item>"
            "</channel></rss>").encode()
    [raw] = read_all("feed.xml", feed)
    assert raw.hints["title"] == "Ferry \ufffd terminal\ufffd" and "2028. é</article>" in raw.text
