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
