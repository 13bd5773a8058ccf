"""Issue 18 item 5: a small .gz must not tie ingest up. Decompressed input is held to the plain-input limit,
extraction time stays linear in a page's size (HTML and plain text), and one document has a time budget
(tested in test_reliability.py). benchmarks/extract_scale.py measures the time per MB."""

from __future__ import annotations

import gzip
import time

import rashomon.extract.html as html_module
import rashomon.extract.text as text_module
from rashomon.extract.html import extract_html
from rashomon.extract.text import extract_text
from rashomon.ingest import ingest
from rashomon.settings import MB, Settings
from rashomon.store import Store
from tests.conftest import ARTICLE_TEXT
from tests.test_ingest import write
from tests.test_reliability import _good_files
from tests.test_web import client_for


def _bomb(size: int) -> bytes:
    """A small .gz that decompresses to ``size`` bytes of one HTML paragraph."""
    data = gzip.compress(b"<html><body><p>" + b"a" * size + b"</p></body></html>")
    assert len(data) < size // 100
    return data


def test_a_gzip_bomb_is_held_to_max_input_bytes_and_the_parallel_batch_goes_on(tmp_path, store):
    _good_files(tmp_path, 16)
    write(tmp_path, "good/bomb.html.gz", _bomb(3 * MB))  # under max_decompressed_bytes, over max_input_bytes
    report = ingest([str(tmp_path / "good")], store, Settings(workers=2, max_input_bytes=2 * MB))
    assert len(report.added) == 16
    [failure] = report.failures
    assert failure.kind == "TooLarge" and failure.source.endswith("bomb.html.gz")
    assert f"{2 * MB:,}" in failure.reason and "max_input_bytes" in failure.reason
    assert store.errors() == report.failures


def test_an_uploaded_gzip_bomb_gets_the_same_limit(tmp_path):
    path = tmp_path / "rashomon.db"
    with Store(path):
        pass
    web = client_for(path, settings=Settings(workers=1, similarity="lexical", max_input_bytes=100_000))
    job = web.post("/api/ingest", files=[("files", ("bomb.html.gz", _bomb(MB), "application/gzip"))])
    assert job.status_code == 202
    web.app.state.jobs.wait(120)
    done = web.get(f"/api/jobs/{job.json()['id']}").json()
    messages = " ".join(done["messages"])
    assert "bomb.html.gz" in messages and "100,000" in messages and "max_input_bytes" in messages, done


def _page(paragraphs: int) -> str:
    body = "".join(f"<p>Paragraph {i}. {ARTICLE_TEXT.split(chr(10))[0]}</p>" for i in range(paragraphs))
    return ("<html lang='en'><head><title>Ferry terminal | Harbour Gazette</title>"
            "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Ferry terminal\","
            " \"datePublished\": \"2026-05-04\"}</script></head>"
            "<body><nav><ul><li>Home</li><li>Sport</li></ul></nav><h1>Ferry terminal approved</h1>"
            f"<article>{body}<ul><li>A list item <p>with a paragraph inside</p></li></ul></article>"
            "<script>var tracking = 'never body text';</script><footer><p>All rights reserved</p></footer>"
            "</body></html>")


def test_a_page_too_big_for_the_cascade_is_read_block_by_block(monkeypatch):
    # trafilatura's time grows with the square of a page's paragraphs; a page over the limit never reaches it
    monkeypatch.setattr(html_module, "MAX_CASCADE_ELEMENTS", 100)

    def quadratic(*args, **kwargs):
        raise AssertionError("the cascade ran on a page over MAX_CASCADE_ELEMENTS")

    monkeypatch.setattr("trafilatura.extract", quadratic)
    monkeypatch.setattr(html_module, "_htmldate", quadratic)
    monkeypatch.setattr(html_module, "_trafilatura_metadata", quadratic)
    page = extract_html(_page(200))
    assert page.body_origin == "blocks"
    blocks = page.text.split("\n\n")
    assert blocks[0] == "Ferry terminal approved" and blocks[1].startswith("Paragraph 0. The Eastmoor")
    assert blocks[-1] == "A list item with a paragraph inside"  # the outermost block, once
    assert len(blocks) == 202
    assert "never body text" not in page.text and "Sport" not in page.text and "rights reserved" not in page.text
    assert page.title is not None and page.title.value == "Ferry terminal approved"
    assert page.published is not None and page.published.origin == "json-ld"


def test_a_page_under_the_limit_still_goes_through_the_cascade():
    page = extract_html(_page(30))
    assert page.body_origin == "trafilatura"
    assert html_module.MAX_CASCADE_ELEMENTS >= 3 * 5_105  # room above the largest real article page measured


def _sections(n: int) -> str:
    """A plain-text article of ``n`` sections, each a subheading and a paragraph."""
    lead = ARTICLE_TEXT.split("\n")[0]
    return "Ferry terminal approved\n\n" + "".join(f"Part {i} of the harbour story\n\nSection {i}. {lead}\n\n"
                                                   for i in range(n))


def test_teasers_are_looked_for_in_one_pass_over_the_text(monkeypatch):
    # each subheading's block was compared with the rest of the body joined anew: quadratic in the sections
    real = text_module._content_words
    read = []

    def counting(text: str) -> set[str]:
        read.append(len(text))
        return real(text)

    monkeypatch.setattr(text_module, "_content_words", counting)
    text = _sections(400)
    page = extract_text(text)
    assert page.text.count("Part ") >= 399  # subheadings leading into prose on the same story are kept
    assert sum(read) <= 2 * len(text)


def _seconds(function, *args) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        function(*args)
        best = min(best, time.perf_counter() - start)
    return best


def test_many_repeated_headlines_before_the_text_do_not_make_the_title_search_quadratic():
    # headlines repeated in the page head and again in the footer (a menu of other stories) were each compared
    # with every line; a ratio of two sizes in one run, never a wall-clock limit
    def page(n: int) -> str:
        heads = [f"Story headline number {i} here" for i in range(n)]
        lead = ARTICLE_TEXT.split("\n")[0]
        return "\n\n".join(heads + [f"{lead} {i}." for i in range(n)] + heads)

    small, large = _seconds(extract_text, page(500)), _seconds(extract_text, page(2000))
    assert large / small < 8, f"4x the lines took {large / small:.1f}x the time (quadratic gives about 16x)"
