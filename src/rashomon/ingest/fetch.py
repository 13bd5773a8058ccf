"""The one network boundary: fetching a URL with timeouts, a size cap and a redirect limit."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from rashomon.errors import FetchError, TooLarge
from rashomon.settings import Settings


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str
    charset: str | None
    status: int = 200  # 304 (Not Modified, with an empty body) when a conditional request found nothing new
    headers: dict[str, str] = field(default_factory=dict)  # the response headers, lower-case names


def refused_address(url: str) -> str | None:
    """Why fetching ``url`` is refused when private addresses are not allowed: its host is (or
    resolves to) a private, loopback, link-local, multicast, reserved or unspecified address.
    None when it is public, or when the name does not resolve (the request then fails by itself)."""
    host = urlsplit(url).hostname
    if not host:
        return f"no host in {url}"
    literal = _literal(host)
    if literal is not None:
        addresses = [literal]
    else:
        try:
            addresses = [ipaddress.ip_address(found.split("%")[0]) for found in _resolve(host)]
        except (OSError, UnicodeError):
            return None
    for address in addresses:
        reason = _not_global(host, address)
        if reason:
            return reason
    return None


def _not_global(host: str, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address may not be fetched: every address that is not global (private, loopback, link-local,
    carrier-grade NAT 100.64.0.0/10, multicast, reserved, unspecified) is refused."""
    mapped = getattr(address, "ipv4_mapped", None) or address
    if mapped.is_global and not mapped.is_multicast:
        return None
    shown = host if str(address) == host.strip("[]") else f"{host} ({address})"
    return (f"refused to fetch {shown}: not a public address (private, loopback, link-local or shared) "
            "(setting allow_private_urls)")


class PinnedTransport(httpx.BaseTransport):
    """Connects to the very address it checked: the name is resolved once, the address refused unless it
    is global, and the request sent to that address (with the original Host header and TLS server name),
    so a resolver that answers differently the second time cannot smuggle in a loopback address."""

    def __init__(self, name: str, inner: httpx.BaseTransport | None = None,
                 resolve: Callable[[str], list[str]] | None = None) -> None:
        self.name = name
        self.inner = inner or httpx.HTTPTransport()
        self.resolve = resolve or _resolve

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        address = _literal(host)
        if address is None:
            try:
                found = self.resolve(host)
            except (OSError, UnicodeError) as exc:
                raise FetchError(self.name, f"cannot resolve {host}: {exc}") from exc
            if not found:
                raise FetchError(self.name, f"cannot resolve {host}")
            address = ipaddress.ip_address(found[0].split("%")[0])
            request.extensions = {**request.extensions, "sni_hostname": host}
        reason = _not_global(host, address)
        if reason:
            raise FetchError(self.name, reason)
        request.url = request.url.copy_with(host=str(address))
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def _literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _resolve(host: str) -> list[str]:
    return [str(info[4][0]) for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)]


def fetch(url: str, settings: Settings, *, transport: httpx.BaseTransport | None = None,
          source: str | None = None, headers: dict[str, str] | None = None) -> Fetched:
    """GET ``url``. Raises FetchError (network, HTTP status, too many redirects) or TooLarge. ``headers`` are
    sent as well (``If-None-Match``, ``If-Modified-Since``: a 304 answer comes back with status 304)."""
    name = source or url
    headers = {"User-Agent": settings.http_user_agent, "Accept": "text/html,application/xhtml+xml,"
               "application/rss+xml,application/atom+xml,application/json,text/plain;q=0.9,*/*;q=0.5",
               **(headers or {})}

    def guard(request: httpx.Request) -> None:  # every hop, redirects included
        if reason := refused_address(str(request.url)):
            raise FetchError(name, reason)

    # Over the network the pinned transport checks the address it connects to, so the name is resolved
    # once; an injected transport (tests, callers) is guarded at each hop by its URL instead.
    hooks: dict[str, list[Callable[[httpx.Request], None]]] = {}
    if not settings.allow_private_urls:
        if transport is None:
            transport = PinnedTransport(name)
        else:
            hooks = {"request": [guard]}

    try:
        with httpx.Client(timeout=settings.http_timeout, follow_redirects=True,
                          max_redirects=settings.http_max_redirects, headers=headers,
                          transport=transport, event_hooks=hooks) as client, \
                client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(name, f"HTTP {response.status_code} {response.reason_phrase} for {url}")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > settings.max_input_bytes:
                raise TooLarge(name, f"response is {int(declared):,} bytes; the limit is "
                               f"{settings.max_input_bytes:,} (setting max_input_bytes)")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > settings.max_input_bytes:
                    raise TooLarge(name, f"response exceeds {settings.max_input_bytes:,} bytes "
                                   "(setting max_input_bytes)")
            content_type = response.headers.get("content-type", "")
            return Fetched(str(response.url), bytes(body), content_type.split(";")[0].strip().lower(),
                           response.charset_encoding, response.status_code,
                           {k.lower(): v for k, v in response.headers.items()})
    except httpx.TooManyRedirects as exc:
        raise FetchError(name, f"more than {settings.http_max_redirects} redirects (a redirect loop?)") from exc
    except httpx.TimeoutException as exc:
        raise FetchError(name, f"timed out after {settings.http_timeout:g} s") from exc
    except httpx.DecodingError as exc:
        raise FetchError(name, f"bad compressed response: {exc}") from exc
    except httpx.HTTPError as exc:
        raise FetchError(name, f"cannot fetch: {exc}") from exc
