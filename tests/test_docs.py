from dataclasses import fields

from rashomon.settings import Settings, settings_table
from tests.conftest import ROOT


def test_settings_doc_lists_every_setting():
    doc = (ROOT / "docs" / "settings.md").read_text()
    assert settings_table() in doc
    for field in fields(Settings):
        assert f"`{field.name}`" in doc


def test_readme_commands_match_ci():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    test_command = next(line for line in ci.splitlines() if "pytest" in line)
    assert test_command in readme
