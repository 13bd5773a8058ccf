"""The outlet registry: which outlet a domain, a site name or a text signature belongs to."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rashomon.errors import SettingsError

# A site-chrome mention of a known outlet name counts only if the name has this many characters;
# shorter names ("DW", "AP") collide with ordinary words and initials.
MIN_CHROME_NAME_CHARS = 6


PROFILE_FIELDS = ("country", "language", "type", "owner", "ownership", "source")
OUTLET_TYPES = frozenset({"newspaper", "broadcaster", "agency", "digital", "magazine"})
OWNERSHIP_TYPES = frozenset({"state-owned", "public-service", "private", "non-profit", "cooperative"})
TYPE_WORDS = {"newspaper": "newspaper", "broadcaster": "broadcaster", "agency": "news agency",
              "digital": "news site", "magazine": "magazine"}


@dataclass(frozen=True)
class Outlet:
    """An outlet: how it is recognised (domains, names, signatures) and, when known, its descriptive profile
    (country, language, type, owner, ownership type and the public source of those facts)."""

    name: str
    domains: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    signatures: tuple[re.Pattern[str], ...] = ()
    country: str | None = None  # ISO 3166-1 alpha-2
    language: str | None = None  # ISO 639-1
    type: str | None = None  # newspaper | broadcaster | agency | digital | magazine
    owner: str | None = None
    ownership: str | None = None  # state-owned | public-service | private | non-profit | cooperative
    source: str | None = None  # a public page stating these facts
    chrome: bool = True  # whether its names are looked for in a page's banners and menus
    aliases: tuple[str, ...] = ()  # other names from its profile: matched by name, never looked for in chrome

    def profile(self) -> dict[str, str] | None:
        """The descriptive facts as a dict with a one-line ``summary`` ("Russian state-owned news agency"),
        or None when nothing is known."""
        facts = {name: value for name in PROFILE_FIELDS if (value := getattr(self, name))}
        if not facts:
            return None
        country = COUNTRY_ADJECTIVES.get(self.country or "", self.country or "")
        words = [w for w in (country, self.ownership, TYPE_WORDS.get(self.type or "", self.type or "")) if w]
        return {**facts, "summary": " ".join(words)} if words else facts


class OutletRegistry:
    """Maps domains, names and signatures to outlets; the shipped list plus the user's TOML files."""

    def __init__(self, outlets: list[Outlet]) -> None:
        self.outlets = list(outlets)
        self._by_domain = {d.lower(): o for o in self.outlets for d in o.domains}
        self._by_name = {n.casefold(): o for o in self.outlets for n in (o.name, *o.names, *o.aliases)}
        # only the curated recognition rules are looked for in page chrome: a long list of profiles' names would
        # find "The Nation" or "Vanguard" in any menu
        names = sorted({n.casefold() for o in self.outlets if o.chrome for n in (o.name, *o.names)},
                       key=len, reverse=True)
        self._name_pattern = re.compile(
            r"(?<!\w)(?:the\s+)?(" + "|".join(re.escape(n) for n in names if len(n) >= MIN_CHROME_NAME_CHARS)
            + r")(?!\w)",
            re.IGNORECASE,
        )

    @classmethod
    def load(cls, extra_file: str | Path | None = None) -> OutletRegistry:
        """The shipped registry (recognition rules in outlets.toml, descriptive profiles in
        outlet_profiles.toml), extended (and overridden by name) from ``extra_file``."""
        data = resources.files("rashomon").joinpath("data")
        outlets = _parse(tomllib.loads(data.joinpath("outlets.toml").read_text(encoding="utf-8")),
                         "outlets.toml (shipped)")
        profiles = data.joinpath("outlet_profiles.toml")
        if profiles.is_file():
            outlets = _merge(outlets, _parse(tomllib.loads(profiles.read_text(encoding="utf-8")),
                                             "outlet_profiles.toml (shipped)", chrome=False))
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


def _parse(data: dict[str, Any], where: str, chrome: bool = True) -> list[Outlet]:
    out = []
    for i, item in enumerate(data.get("outlet", [])):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise SettingsError(f"{where}: outlet #{i + 1} needs a 'name' string")
        try:
            signatures = tuple(re.compile(s, re.IGNORECASE) for s in item.get("signatures", []))
        except re.error as exc:
            raise SettingsError(f"{where}: outlet {item['name']!r} has a bad signature: {exc}") from exc
        profile = {name: item.get(name) for name in PROFILE_FIELDS}
        for name, value in profile.items():
            if value is not None and not isinstance(value, str):
                raise SettingsError(f"{where}: outlet {item['name']!r}: {name} must be a string")
        if profile["type"] is not None and profile["type"] not in OUTLET_TYPES:
            raise SettingsError(f"{where}: outlet {item['name']!r}: type must be one of {sorted(OUTLET_TYPES)}")
        if profile["ownership"] is not None and profile["ownership"] not in OWNERSHIP_TYPES:
            raise SettingsError(f"{where}: outlet {item['name']!r}: ownership must be one of "
                                f"{sorted(OWNERSHIP_TYPES)}")
        out.append(Outlet(item["name"], tuple(d.lower() for d in item.get("domains", [])),
                          tuple(item.get("names", [])), signatures, chrome=chrome,
                          country=profile["country"], language=profile["language"], type=profile["type"],
                          owner=profile["owner"], ownership=profile["ownership"], source=profile["source"]))
    return out


def _merge(outlets: list[Outlet], profiles: list[Outlet]) -> list[Outlet]:
    """The recognition rules with the profiles laid over them: a profile joins the outlet it names (by name,
    alias or domain), adding its domains and names; a profile of an outlet without rules is an outlet of its own,
    recognised by domain and name but not looked for in page chrome."""
    merged = list(outlets)
    for profile in profiles:
        keys = {n.casefold() for n in (profile.name, *profile.names)}
        at = next((i for i, o in enumerate(merged)
                   if keys & {n.casefold() for n in (o.name, *o.names)} or set(profile.domains) & set(o.domains)),
                  None)
        if at is None:
            merged.append(profile)
            continue
        known = merged[at]
        rule_names = {n.casefold() for n in (known.name, *known.names)}
        merged[at] = replace(profile, name=known.name, signatures=known.signatures, chrome=known.chrome,
                             domains=tuple(dict.fromkeys(known.domains + profile.domains)), names=known.names,
                             aliases=tuple(n for n in dict.fromkeys((*known.aliases, profile.name, *profile.names))
                                           if n.casefold() not in rule_names))
    return merged


@lru_cache(maxsize=8)
def registry(extra_file: str | None = None) -> OutletRegistry:
    """The registry for an outlets file, loaded once per process."""
    return OutletRegistry.load(extra_file)


_OUTLETS_FILE: list[str | None] = [None]


def use_outlets_file(path: str | None) -> None:
    """The user's outlets file that the views name outlets by (set by the CLI and the web app from settings)."""
    _OUTLETS_FILE[0] = path


def current_registry() -> OutletRegistry:
    return registry(_OUTLETS_FILE[0])


COUNTRY_ADJECTIVES = {
    "US": "US", "GB": "British", "RU": "Russian", "UA": "Ukrainian", "CN": "Chinese", "FR": "French",
    "DE": "German", "ES": "Spanish", "IT": "Italian", "JP": "Japanese", "KR": "South Korean", "IN": "Indian",
    "QA": "Qatari", "IL": "Israeli", "IR": "Iranian", "TR": "Turkish", "SA": "Saudi", "AE": "Emirati",
    "AU": "Australian", "NZ": "New Zealand", "CA": "Canadian", "BR": "Brazilian", "AR": "Argentine",
    "MX": "Mexican", "CO": "Colombian", "PE": "Peruvian", "VE": "Venezuelan", "ZA": "South African",
    "NG": "Nigerian", "KE": "Kenyan", "EG": "Egyptian", "NL": "Dutch", "BE": "Belgian", "IE": "Irish",
    "SE": "Swedish", "NO": "Norwegian", "FI": "Finnish", "DK": "Danish", "PL": "Polish", "AT": "Austrian",
    "CH": "Swiss", "GR": "Greek", "PT": "Portuguese", "CZ": "Czech", "HU": "Hungarian", "RO": "Romanian",
    "HK": "Hong Kong", "TW": "Taiwanese", "SG": "Singaporean", "MY": "Malaysian", "ID": "Indonesian",
    "PH": "Philippine", "TH": "Thai", "VN": "Vietnamese", "PK": "Pakistani", "BD": "Bangladeshi",
    "LB": "Lebanese", "JO": "Jordanian", "CL": "Chilean", "CU": "Cuban", "BY": "Belarusian", "KZ": "Kazakh",
    "GE": "Georgian", "LV": "Latvian", "LT": "Lithuanian", "EE": "Estonian", "CG": "Congolese", "KP": "North Korean",
    "INT": "international",
}
