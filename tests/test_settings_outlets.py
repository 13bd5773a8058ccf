import pytest

from rashomon.errors import SettingsError
from rashomon.extract.outlets import OutletRegistry
from rashomon.settings import load_settings


def test_settings_layers(tmp_path):
    cfg = tmp_path / "r.toml"
    cfg.write_text("[rashomon]\nmin_body_words = 10\nhttp_timeout = 5.0\n")
    settings = load_settings(cfg, http_timeout=2.0, max_input_bytes=None)
    assert settings.min_body_words == 10 and settings.http_timeout == 2.0
    cfg.write_text("typo_setting = 1\n")
    with pytest.raises(SettingsError, match="typo_setting"):
        load_settings(cfg)


def test_registry_domains_names_and_user_file(tmp_path):
    registry = OutletRegistry.load()
    assert registry.by_url("https://www.reuters.com/world/x").name == "Reuters"
    assert registry.by_url("https://edition.bbc.co.uk/news").name == "BBC News"
    assert registry.by_name("the moscow times").name == "The Moscow Times"
    assert registry.in_chrome("Menu | The Kyiv Independent | Subscribe").name == "The Kyiv Independent"
    extra = tmp_path / "outlets.toml"
    extra.write_text('[[outlet]]\nname = "Harbour Gazette"\ndomains = ["harbourgazette.example"]\n'
                     "signatures = ['\\(Harbour Gazette\\)']\n")
    registry = OutletRegistry.load(extra)
    assert registry.by_url("https://harbourgazette.example/a").name == "Harbour Gazette"
    assert registry.by_signature("EASTMOOR (Harbour Gazette) - The council...").name == "Harbour Gazette"
    extra.write_text("[[outlet]]\ndomains = ['x.example']\n")
    with pytest.raises(SettingsError, match="name"):
        OutletRegistry.load(extra)


def test_public_api():
    import rashomon

    for name in rashomon.__all__:
        assert getattr(rashomon, name) is not None


def test_the_shipped_outlet_profiles_are_complete_unique_and_cite_a_public_source():
    import tomllib
    from collections import Counter
    from importlib import resources

    from rashomon.extract.outlets import OUTLET_TYPES, OWNERSHIP_TYPES, OutletRegistry

    data = tomllib.loads(resources.files("rashomon").joinpath("data/outlet_profiles.toml").read_text("utf-8"))
    outlets = data["outlet"]
    assert len(outlets) >= 200
    for entry in outlets:
        assert {"name", "domains", "country", "language", "type", "owner", "ownership", "source"} <= set(entry), entry
        assert entry["type"] in OUTLET_TYPES and entry["ownership"] in OWNERSHIP_TYPES, entry["name"]
        assert entry["source"].startswith("https://"), entry["name"]
    names = Counter(n.casefold() for e in outlets for n in [e["name"], *e.get("names", [])])
    assert [n for n, count in names.items() if count > 1] == []
    domains = Counter(d for e in outlets for d in e["domains"])
    assert [d for d, count in domains.items() if count > 1] == []
    registry = OutletRegistry.load()
    assert registry.by_url("https://tass.com/politics/1").profile()["summary"] == "Russian state-owned news agency"
    assert registry.by_url("https://www.abc.net.au/news/x").name != registry.by_url("https://abcnews.go.com/x").name
    reuters = registry.by_name("Reuters")
    assert reuters.chrome and reuters.profile()["ownership"] == "private"  # recognition rules and profile merged
