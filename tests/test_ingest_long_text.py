"""Issue 18 item 5, the rest: a page whose text runs on for more than libxml2's 10,000,000-byte text node (one
paragraph, or text straight in the body) is read whole; it gave "no article body" (a few words survived)."""

from __future__ import annotations

import pytest

import rashomon.extract.html as html_module
from rashomon.extract.html import MAX_TEXT_RUN_BYTES, extract_html
from rashomon.ingest import ingest
from rashomon.settings import MB, Settings
from rashomon.store import Store
from tests.conftest import ARTICLE_TEXT
from tests.test_ingest import write

LIBXML2_TEXT_NODE = 10_000_000  # XML_MAX_TEXT_LENGTH: what a parser not told "huge" keeps of one text node


def _run(size: int) -> str:
    """About ``size`` bytes of article text without a tag in it (numbered, so no line repeats another)."""
    one = ARTICLE_TEXT.replace("\n\n", " ")
    return " ".join(f"{one} ({n})" for n in range(size // (len(one) + 8) + 1))


@pytest.mark.parametrize("where", ["<article><p>{}</p></article>", "<div>{}</div>"])
def test_a_page_with_one_text_run_over_ten_megabytes_is_read_whole(tmp_path, where):
    text = _run(LIBXML2_TEXT_NODE + MB // 2)
    page = ('<html><head><meta charset="utf-8"><title>Eastmoor ferry terminal</title></head>'
            f"<body><nav>Home News</nav><h1>Eastmoor ferry terminal</h1>{where.format(text)}</body></html>")
    write(tmp_path, "long.html", page)
    with Store(":memory:") as store:
        report = ingest([str(tmp_path / "long.html")], store, Settings(workers=1, max_input_bytes=20 * MB))
        assert report.failures == []
        [article] = store.articles()
    assert article.title == "Eastmoor ferry terminal" and article.provenance["body"] == "blocks"
    assert len(article.text) >= len(text) - 10 and article.text.endswith(text[-200:])
    assert "Home News" not in article.text


def test_pages_of_ordinary_runs_still_go_through_the_cascade(monkeypatch):
    blocks = []
    monkeypatch.setattr(html_module, "_blocks", lambda tree: blocks.append(tree) or "")
    page = f"<html><body><article><p>{_run(MB)}</p></article></body></html>"
    assert len(page.encode()) < MAX_TEXT_RUN_BYTES < LIBXML2_TEXT_NODE
    assert extract_html(page).body_origin == "trafilatura" and blocks == []
