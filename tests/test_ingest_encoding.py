"""A page's title, byline and other fields read from its tree keep their accents whatever the page declares: the
tree was parsed from the decoded text re-encoded as UTF-8 without saying so, and libxml2 read those bytes as
Latin-1 (no charset) or as the page's own <meta charset>, so "Café" became "CafÃ©" in every title."""

from __future__ import annotations

import pytest

from rashomon.ingest import ingest
from rashomon.settings import Settings
from rashomon.store import Store
from tests.conftest import ARTICLE_TEXT
from tests.test_ingest import write


@pytest.mark.parametrize(("meta", "encoding"), [("", "utf-8"), ('<meta charset="utf-8">', "utf-8"),
                                                ('<meta charset="windows-1252">', "cp1252"),
                                                ('<meta http-equiv="Content-Type" content="text/html; '
                                                 'charset=iso-8859-1">', "latin-1")])
def test_titles_and_bylines_keep_their_accents_whatever_the_page_declares(tmp_path, meta, encoding):
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE_TEXT.split("\n\n"))
    page = (f"<html><head>{meta}<title>Café owner wins £18 award | Le Monde</title></head><body>"
            "<h1>Café owner wins £18 award</h1><p class='byline'>By Zoë Müller</p>"
            f"<article>{paragraphs}</article></body></html>")
    write(tmp_path, "page.html", page.encode(encoding))
    with Store(":memory:") as store:
        report = ingest([str(tmp_path / "page.html")], store, Settings(workers=1))
        assert report.failures == []
        [article] = store.articles()
    assert article.title == "Café owner wins £18 award"
    assert article.author == "Zoë Müller" and "£18 million" in article.text
