"""Ingest: every format, idempotency, and every kind of bad input (named, recorded, batch goes on)."""

import gzip
import io
import json

import httpx
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rashomon.ingest import ingest
from rashomon.settings import Settings
from tests.conftest import ARTICLE_TEXT, DATA, article_html


def write(tmp_path, name, data):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def warc_bytes(pages, compress=True):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=headers))
    return buffer.getvalue()


def test_every_format_is_read(tmp_path, store):
    write(tmp_path, "a/plain.txt", "Ferry terminal approved\n\n" + ARTICLE_TEXT)
    write(tmp_path, "a/b/page.html", article_html("Ferry terminal approved by council"))
    write(tmp_path, "notes.md", "# Harbour news\n\n" + ARTICLE_TEXT.replace("Monday", "Tuesday"))
    write(tmp_path, "records.jsonl", "\n".join(json.dumps({"title": f"Record {i}", "outlet": "Harbour Gazette",
                                                         "date": "2026-05-04", "text": ARTICLE_TEXT + f" Item {i}."})
                                             for i in range(2)))
    write(tmp_path, "one.json", json.dumps({"headline": "JSON article", "html": article_html("JSON article"),
                                            "url": "https://harbourgazette.example/json"}))
    write(tmp_path, "crawl.warc.gz", warc_bytes([("https://harbourgazette.example/w1", article_html("From WARC"))]))
    feed_html = "".join(f"<p>{p}</p>" for p in [ARTICLE_TEXT] * 2)
    write(tmp_path, "feed.xml", (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Harbour Gazette</title><item><title>Feed story</title>"
        "<link>https://harbourgazette.example/feed-story</link><pubDate>Mon, 04 May 2026 10:00:00 +0100</pubDate>"
        f"<content:encoded><![CDATA[{feed_html}]]></content:encoded></item></channel></rss>"))
    report = ingest([str(tmp_path)], store)
    assert report.failures == []
    assert len(report.added) == 8
    by_title = {a.title: a for a in store.articles()}
    assert by_title["Record 1"].locator == "line 2" and by_title["Record 1"].outlet == "Harbour Gazette"
    assert by_title["From WARC"].url == "https://harbourgazette.example/w1"
    assert by_title["Feed story"].published.isoformat() == "2026-05-04T10:00:00+01:00"
    assert by_title["Feed story"].outlet == "Harbour Gazette"
    assert by_title["JSON article"].source.endswith("one.json")


def test_globs_and_idempotency(tmp_path, store):
    write(tmp_path, "x1.txt", "Title one here\n\n" + ARTICLE_TEXT)
    write(tmp_path, "x2.txt", "Title one here\n\n" + ARTICLE_TEXT)  # same content, other name
    first = ingest([str(tmp_path / "*.txt")], store)
    assert len(first.added) == 1 and len(first.duplicates) == 1
    second = ingest([str(tmp_path / "x1.txt")], store)
    assert second.added == [] and len(second.duplicates) == 1
    assert store.counts()["articles"] == 1


def test_encodings(tmp_path, store):
    russian = ("Совет Истмура одобрил строительство нового паромного терминала на месте старого рыбного рынка. "
               "Терминал обойдётся в восемнадцать миллионов фунтов и откроется летом 2028 года, сообщил комитет. ") * 2
    write(tmp_path, "ru.txt", russian.encode("cp1251"))
    write(tmp_path, "fr.txt", ("Le conseil a approuvé le nouveau terminal de ferry à Eastmoor, après six années "
                               "de débats entre les élus et les habitants du quartier du port. " * 2).encode("latin-1"))
    report = ingest([str(tmp_path)], store)
    assert report.failures == []
    texts = {a.language: a.text for a in store.articles()}
    assert "паромного терминала" in texts["ru"]
    assert "approuvé" in texts["fr"]


BAD_INPUTS = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (b"  \n\n  ", "empty"),
    "image.png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG"),
    "doc.pdf": (b"%PDF-1.7\n%binary", "PDF"),
    "garbage.txt": (bytes(range(256)) * 20, "not text"),
    "broken.json": (b'{"title": "x", "text": ', "invalid JSON"),
    "no_text.json": (b'{"title": "only a title"}', "no article text"),
    "broken.xml": (b"<?xml version='1.0'?><rss><channel><item><title>x", "feed"),
    "broken.warc": (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort", "WARC"),
    "menu.html": (b"<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav></body></html>",
                  "no article body"),
    "broken.html.gz": (b"\x1f\x8b\x08\x00garbage", "gzip"),
    "data.docx": (b"PK\x03\x04" + b"\x00" * 50, "ZIP"),
    "archive.xyz": (b"\x00\x01\x02\x03" * 10, "unsupported"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_named_recorded_and_batch_goes_on(tmp_path, store, name):
    data, reason = BAD_INPUTS[name]
    bad = write(tmp_path, name, data)
    good = write(tmp_path, "good.txt", "Council approves ferry terminal\n\n" + ARTICLE_TEXT)
    report = ingest([str(bad), str(good)], store)
    assert len(report.added) == 1, report.failures
    assert report.failures and all(f.source == str(bad) for f in report.failures)
    assert any(reason.lower() in f.reason.lower() for f in report.failures), report.failures
    assert store.errors() == report.failures


def test_size_limit_and_gzip_bomb(tmp_path, store):
    big = write(tmp_path, "big.txt", "word " * 5000)
    bomb = write(tmp_path, "bomb.html.gz", gzip.compress(b"<p>" + b"a" * 5_000_000 + b"</p>"))
    settings = Settings(max_input_bytes=20_000, max_decompressed_bytes=1_000_000)
    report = ingest([str(big), str(bomb)], store, settings)
    reasons = {f.source: f.reason for f in report.failures}
    assert "limit" in reasons[str(big)]
    assert "gzip bomb" in reasons[str(bomb)]


def test_missing_paths_and_empty_globs(tmp_path, store):
    report = ingest([str(tmp_path / "nope.txt"), str(tmp_path / "*.none")], store)
    assert [f.reason for f in report.failures] == ["no such file or folder", "pattern matches no files"]


def test_symlink_loops_are_read_once_and_broken_links_are_named(tmp_path, store):
    folder = tmp_path / "in"
    write(folder, "one.txt", "Council approves ferry terminal\n\n" + ARTICLE_TEXT)
    write(folder, "deep/two.txt", "Ferry terminal gets the go-ahead\n\n" + ARTICLE_TEXT + " A second telling.")
    (folder / "deep" / "loop").symlink_to("..")  # a link back to a parent folder
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    for given in ([str(folder)], [str(folder / "**")], [str(folder), str(folder / "one.txt")]):
        report = ingest(given, store)
        assert len(report.added) + len(report.duplicates) == 2, given  # each file read once, however reached
        assert [f.reason.split(":")[0] for f in report.failures] == ["broken link"], given
        assert report.failures[0].source.endswith("gone.txt") and "nowhere.txt" in report.failures[0].reason


def test_jsonl_bad_line_does_not_lose_the_others(tmp_path, store):
    lines = [json.dumps({"title": "Good one", "text": ARTICLE_TEXT}), "{not json", json.dumps(["a list"]),
             json.dumps({"title": "Good two", "text": ARTICLE_TEXT + " Two."})]
    path = write(tmp_path, "mixed.jsonl", "\n".join(lines))
    report = ingest([str(path)], store)
    assert sorted(store.article(a).title for a in report.added) == ["Good one", "Good two"]
    assert sorted(f.locator for f in report.failures) == ["line 2", "line 3"]


def test_failed_ingest_changes_nothing_stored(tmp_path, store):
    good = write(tmp_path, "good.txt", "Council approves ferry terminal\n\n" + ARTICLE_TEXT)
    ingest([str(good)], store)
    before = [a.to_dict() for a in store.articles()]
    good.write_bytes(b"%PDF-1.7 now a pdf")  # same path, bad content
    report = ingest([str(good), str(tmp_path / "missing.txt")], store)
    assert len(report.failures) == 2
    assert [a.to_dict() for a in store.articles()] == before


def test_extractor_crash_is_one_error(tmp_path, store, monkeypatch):
    import importlib

    ingest_module = importlib.import_module("rashomon.ingest")  # the package exports a function of that name

    def boom(*args, **kwargs):
        raise RuntimeError("extractor bug")

    monkeypatch.setattr(ingest_module, "extract", boom)
    path = write(tmp_path, "a.txt", "Title here now\n\n" + ARTICLE_TEXT)
    report = ingest([str(path)], store)
    assert "extractor bug" in report.failures[0].reason


def mock_transport(routes):
    def handler(request: httpx.Request) -> httpx.Response:
        route = routes.get(str(request.url))
        if route is None:
            raise httpx.ConnectError("connection refused", request=request)
        return route(request) if callable(route) else route

    return httpx.MockTransport(handler)


def test_urls_are_fetched_and_feed_links_followed(store):
    page = article_html("Fetched story")
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>'
            "<item><title>Teaser one</title><link>/one</link>"  # relative: at the feed's site
            "<description>Short teaser.</description></item>"
            "<item><title>Teaser two</title><link>https://unreachable.example/two</link>"
            "<description>Short teaser.</description></item></channel></rss>")
    transport = mock_transport({
        "https://harbourgazette.example/story": httpx.Response(200, html=page),
        "https://harbourgazette.example/feed": httpx.Response(
            200, content=feed.encode(), headers={"content-type": "application/rss+xml"}),
        "https://harbourgazette.example/one": httpx.Response(200, html=article_html("Teaser one full")),
        "https://harbourgazette.example/gone": httpx.Response(404),
    })
    report = ingest(["https://harbourgazette.example/story", "https://harbourgazette.example/feed",
                     "https://harbourgazette.example/gone"], store, transport=transport)
    assert sorted(store.article(a).title for a in report.added) == ["Fetched story", "Teaser one"]
    reasons = sorted(f.reason for f in report.failures)
    assert any("HTTP 404" in r for r in reasons)
    assert any("cannot fetch" in r for r in reasons)
    assert any(f.source.startswith("https://harbourgazette.example/feed") for f in report.failures)


def test_feed_file_does_not_touch_the_network_by_default(tmp_path, store):
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Teaser</title>'
            "<link>https://harbourgazette.example/one</link><description>Short.</description></item></channel></rss>")
    path = write(tmp_path, "feed.rss", feed)

    def refuse(request):
        raise AssertionError("network used")

    report = ingest([str(path)], store, transport=httpx.MockTransport(refuse))
    assert "--follow-links" in report.failures[0].reason


def test_fetch_limits(store):
    settings = Settings(max_input_bytes=1000, http_max_redirects=2)
    loop = {f"https://r.example/{i}": httpx.Response(302, headers={"location": f"https://r.example/{i + 1}"})
            for i in range(5)}
    transport = mock_transport({**loop, "https://big.example/": httpx.Response(200, content=b"x" * 5000)})
    report = ingest(["https://r.example/0", "https://big.example/"], store, settings, transport=transport)
    reasons = [f.reason for f in report.failures]
    assert "more than 2 redirects" in reasons[0]
    assert "exceeds 1,000 bytes" in reasons[1] or "limit" in reasons[1]


def test_scrape_fixture_through_ingest(store):
    report = ingest([str(DATA / "scrape_with_chrome.txt")], store)
    article = store.article(report.added[0])
    assert article.outlet == "Harbour Gazette" and article.provenance["outlet"] == "masthead"
    assert article.author == "Lena Okafor"


def test_parallel_extraction_matches_sequential(tmp_path):
    from rashomon.ingest import PARALLEL_MIN_DOCS
    from rashomon.store import Store

    for i in range(PARALLEL_MIN_DOCS + 4):
        write(tmp_path, f"doc{i:02d}.txt", f"Council story number {i}\n\n{ARTICLE_TEXT} Item {i}.")
    write(tmp_path, "doc99.txt", "")  # one failure among them
    results = []
    for workers in (1, 2):
        with Store(":memory:") as store:
            report = ingest([str(tmp_path)], store, Settings(workers=workers))
            results.append(([a.to_dict() for a in store.articles()], [f.to_dict() for f in report.failures]))
    assert results[0] == results[1]
    assert len(results[0][0]) == PARALLEL_MIN_DOCS + 4 and len(results[0][1]) == 1


def test_private_loopback_and_link_local_addresses_are_refused(store):
    page = httpx.Response(200, html=article_html("Internal page"))
    transport = mock_transport({
        "http://127.0.0.1/admin": page, "http://169.254.169.254/latest/meta-data": page,
        "http://[::1]/": page, "http://10.0.0.7/": page,
        # a public address that redirects into the local network is refused at the redirect
        "http://93.184.216.34/story": httpx.Response(302, headers={"location": "http://192.168.1.1/router"}),
        "http://192.168.1.1/router": page,
    })
    urls = ["http://127.0.0.1/admin", "http://169.254.169.254/latest/meta-data", "http://[::1]/",
            "http://10.0.0.7/", "http://93.184.216.34/story"]
    report = ingest(urls, store, transport=transport)
    assert not report.added and len(report.failures) == 5
    assert all("refused to fetch" in f.reason and "allow_private_urls" in f.reason for f in report.failures)
    assert "192.168.1.1" in report.failures[-1].reason
    allowed = ingest(["http://127.0.0.1/admin"], store, Settings(allow_private_urls=True), transport=transport)
    assert [store.article(a).title for a in allowed.added] == ["Internal page"]


@pytest.mark.parametrize("prologue", [
    b"\xef\xbb\xbf",
    b'<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="/rss.xsl"?>\n',
    b'<?xml version="1.0"?>\n<!DOCTYPE rss>\n',
])
def test_a_feed_is_known_by_its_root_after_a_byte_order_mark_a_stylesheet_or_a_doctype(prologue):
    from rashomon.ingest.readers import detect_format

    feed = prologue + b'<rss version="2.0"><channel><title>Coastal Times</title></channel></rss>'
    assert detect_format("feed", feed) == "feed"  # no extension: found by sniffing, as a fetched URL is
