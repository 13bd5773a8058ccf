"""The outlet registry: which outlet a domain, a site name or a text signature belongs to."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rashomon.errors import SettingsError

# A site-chrome mention of a known outlet name counts only if the name has this many characters;
# shorter names ("DW", "AP") collide with ordinary words and initials.
MIN_CHROME_NAME_CHARS = 6


@dataclass(frozen=True)
class Outlet:
    name: str
    domains: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    signatures: tuple[re.Pattern[str], ...] = ()


class OutletRegistry:
    """Maps domains, names and signatures to outlets; the shipped list plus the user's TOML files."""

    def __init__(self, outlets: list[Outlet]) -> None:
        self.outlets = list(outlets)
        self._by_domain = {d.lower(): o for o in self.outlets for d in o.domains}
        self._by_name = {n.casefold(): o for o in self.outlets for n in (o.name, *o.names)}
        names = sorted(self._by_name, key=len, reverse=True)
        self._name_pattern = re.compile(
            r"(?<!\w)(?:the\s+)?(" + "|".join(re.escape(n) for n in names if len(n) >= MIN_CHROME_NAME_CHARS) + r")",
            re.IGNORECASE,
        )

    @classmethod
    def load(cls, extra_file: str | Path | None = None) -> OutletRegistry:
        """The shipped registry, extended (and overridden by name) from ``extra_file``."""
        shipped = resources.files("rashomon").joinpath("data/outlets.toml").read_text(encoding="utf-8")
        outlets = _parse(tomllib.loads(shipped), "outlets.toml (shipped)")
        if extra_file is not None:
            path = Path(extra_file)
            try:
                extra = _parse(tomllib.loads(path.read_text(encoding="utf-8")), str(path))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise SettingsError(f"{path}: cannot read outlets file: {exc}") from exc
            replaced = {o.name.casefold() for o in extra}
            outlets = [o for o in outlets if o.name.casefold() not in replaced] + extra
        return cls(outlets)

    def by_url(self, url: str | None) -> Outlet | None:
        host = domain_of(url)
        while host:
            if host in self._by_domain:
                return self._by_domain[host]
            host = host.partition(".")[2] if host.count(".") > 1 else ""
        return None

    def by_name(self, name: str | None) -> Outlet | None:
        if not name:
            return None
        key = re.sub(r"^the\s+", "", name.strip().casefold())
        return self._by_name.get(name.strip().casefold()) or self._by_name.get(key)

    def in_chrome(self, chrome: str) -> Outlet | None:
        """The outlet most often named in a page's chrome (banners, menus, footers)."""
        counts: dict[str, int] = {}
        for match in self._name_pattern.finditer(chrome):
            outlet = self._by_name[match.group(1).casefold()]
            counts[outlet.name] = counts.get(outlet.name, 0) + 1
        if not counts:
            return None
        best = max(counts, key=lambda n: counts[n])
        return self.by_name(best)

    def by_signature(self, text: str) -> Outlet | None:
        for outlet in self.outlets:
            if any(sig.search(text) for sig in outlet.signatures):
                return outlet
        return None


def domain_of(url: str | None) -> str:
    """The host of ``url`` without a leading www."""
    if not url:
        return ""
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    return host.removeprefix("www.")


def _parse(data: dict[str, Any], where: str) -> list[Outlet]:
    out = []
    for i, item in enumerate(data.get("outlet", [])):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise SettingsError(f"{where}: outlet #{i + 1} needs a 'name' string")
        try:
            signatures = tuple(re.compile(s, re.IGNORECASE) for s in item.get("signatures", []))
        except re.error as exc:
            raise SettingsError(f"{where}: outlet {item['name']!r} has a bad signature: {exc}") from exc
        out.append(Outlet(item["name"], tuple(d.lower() for d in item.get("domains", [])),
                          tuple(item.get("names", [])), signatures))
    return out
