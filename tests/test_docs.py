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


def test_analysis_format_doc_names_every_field(tmp_path):
    """docs/analysis-format.md documents every key a story's analysis has."""
    from rashomon.compare import StoryArticle, compare_story
    from rashomon.compare.similarity import encoder
    from rashomon.models import Article
    from rashomon.nlp import annotate_articles

    doc = (ROOT / "docs" / "analysis-format.md").read_text(encoding="utf-8")
    articles = [Article(id=f"a{i}", source="x", text="The council approved the new bridge on Monday, the mayor said.",
                        language="en") for i in range(2)]
    story = [StoryArticle(a, n) for a, n in zip(articles, annotate_articles(articles), strict=True)]
    result = compare_story(story, encoder("lexical"))
    keys = set(result) | {k for f in result["facts"] for k in f} | {k for b in result["brief"] for k in b}
    missing = sorted(k for k in keys if f"`{k}`" not in doc)
    assert not missing, missing
