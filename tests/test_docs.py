from dataclasses import fields

from rashomon.settings import Settings
from tests.conftest import ROOT


def test_settings_doc_lists_every_setting():
    doc = (ROOT / "docs" / "settings.md").read_text()
    for field in fields(Settings):
        assert f"`{field.name}`" in doc and field.metadata["help"] in doc


def test_readme_commands_match_ci():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    test_command = next(line for line in ci.splitlines() if "pytest" in line)
    assert test_command in readme
