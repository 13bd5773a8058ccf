"""A local web site whose feeds and pages change between polls (for the watch tests and benchmark)."""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Route:
    body: bytes | Callable[[], bytes]
    content_type: str = "application/rss+xml"
    status: int = 200
    delay: float = 0.0  # seconds before answering (a timeout test)
    etag: bool = True  # answer conditional requests
    headers: dict[str, str] = field(default_factory=dict)


class Site:
    """Routes by path; ``hits`` counts requests per path and ``not_modified`` the 304s sent."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.not_modified = 0
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with site.lock:
                    site.hits[self.path] = site.hits.get(self.path, 0) + 1
                    route = site.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                if route.delay:
                    time.sleep(route.delay)
                body = route.body() if callable(route.body) else route.body
                tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if route.status == 200 and route.etag and self.headers.get("If-None-Match") == tag:
                    with site.lock:
                        site.not_modified += 1
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(body)))
                if route.etag and route.status == 200:
                    self.send_header("ETag", tag)
                    self.send_header("Last-Modified", formatdate(usegmt=True))
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def rss(title: str, items: list[dict[str, str]]) -> bytes:
    """An RSS 2.0 feed; each item: title, link, guid, date, and description (full text or a teaser)."""
    parts = [f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{escape(title)}</title>"
             "<link>http://example.org/</link><description>test</description>"]
    for item in items:
        parts.append("<item>")
        for tag in ("title", "link", "guid"):
            if item.get(tag):
                parts.append(f"<{tag}>{escape(item[tag])}</{tag}>")
        if item.get("date"):
            parts.append(f"<pubDate>{item['date']}</pubDate>")
        if item.get("text"):
            parts.append(f"<description>{escape(item['text'])}</description>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def page(title: str, outlet: str, body: str, date: str = "2026-03-02", extra: str = "") -> bytes:
    """An article page; ``extra`` goes outside the article (ads, a timestamp)."""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<html lang='en'><head><title>{escape(title)} | {outlet}</title>"
            f"<meta property='og:site_name' content='{outlet}'>"
            f"<meta property='article:published_time' content='{date}T09:00:00Z'></head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{escape(title)}</h1>{paragraphs}</article>"
            f"<aside>{extra}</aside><footer>© 2026 {outlet}</footer></body></html>").encode()
