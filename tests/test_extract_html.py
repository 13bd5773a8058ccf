from rashomon.extract import extract
from rashomon.extract.fields import choose_date, choose_text, clean_author, date_from_url, parse_date
from rashomon.extract.html import extract_html
from rashomon.extract.outlets import OutletRegistry
from rashomon.models import Candidate, RawDocument
from tests.conftest import article_html


def test_body_title_and_site_from_html(settings):
    html = article_html()
    page = extract_html(html)
    assert "ferry terminal" in page.text
    assert "Home" not in page.text and "©" not in page.text
    assert page.title.value == "Council approves ferry terminal"
    assert page.site_name.value == "Harbour Gazette"
    raw = RawDocument("page.html", "html", html.encode(), html, "utf-8")
    article = extract(raw, settings, OutletRegistry.load())
    assert article.outlet == "Harbour Gazette"
    assert not article.text.startswith("Council approves ferry terminal")  # headline not repeated in body
    assert article.language == "en"


def test_json_ld_metadata_is_used():
    html = article_html().replace("</head>", (
        '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle",'
        '"headline":"Council approves ferry terminal","datePublished":"2026-05-04T10:20:00+01:00",'
        '"author":[{"@type":"Person","name":"Lena Okafor"},{"@type":"Person","name":"Sam Reyes"}]}]}'
        "</script></head>"))
    page = extract_html(html)
    assert page.author.value == "Lena Okafor, Sam Reyes"
    assert page.published.value.isoformat() == "2026-05-04T10:20:00+01:00"


def test_choose_text_votes_by_weight():
    cands = [Candidate("A title", "og:title"), Candidate("Other", "h1"), Candidate("a title!", "json-ld")]
    assert choose_text(cands, {"og:title": 1, "h1": 1.5, "json-ld": 1}).value == "A title"
    assert choose_text(cands, {"og:title": 1, "h1": 3, "json-ld": 1}).value == "Other"


def test_choose_date_prefers_agreement_then_time():
    cands = [Candidate(parse_date("2026-05-01"), "a"), Candidate(parse_date("2026-05-04"), "b"),
             Candidate(parse_date("2026-05-04T10:20:00"), "c")]
    assert choose_date(cands).origin == "c"


def test_dates_in_urls_with_month_numbers_or_names():
    assert date_from_url("https://example.org/books/2025/dec/05/best-novels").isoformat() == "2025-12-05"
    assert date_from_url("https://example.org/2024/03/07/harbour").isoformat() == "2024-03-07"
    assert date_from_url("https://example.org/2024/sept/7").isoformat() == "2024-09-07"
    assert date_from_url("https://example.org/2024/news/07/harbour") is None


def test_trafilatura_and_htmldate_are_one_date_source(monkeypatch):
    """trafilatura takes its date from htmldate: the two agreeing must not outvote the page's own
    published-date metadata."""
    from rashomon.extract import html as html_module

    monkeypatch.setattr(html_module, "_htmldate", lambda page, url: "2026-06-09")
    monkeypatch.setattr(html_module, "_trafilatura_metadata", lambda tree, url: {"date": "2026-06-09"})
    page = article_html().replace("</head>", '<meta property="article:published_time" '
                                             'content="2026-05-04T10:20:00+00:00"></head>')
    chosen = extract_html(page).published
    assert chosen.origin == "meta:article:published_time"
    assert chosen.value.isoformat() == "2026-05-04T10:20:00+00:00"


def test_parse_date_formats():
    assert parse_date("March 18, 2025").isoformat() == "2025-03-18"
    assert parse_date("Feb. 18, 2025 3:10 PM").isoformat() == "2025-02-18T15:10:00"
    assert parse_date("18 March 2025").isoformat() == "2025-03-18"
    assert parse_date("Tue, 06 Oct 2026 14:20:00 +0200").isoformat() == "2026-10-06T14:20:00+02:00"
    assert parse_date("no date here") is None
    assert parse_date("1850-01-01") is None  # implausible for a news page


def test_clean_author():
    assert clean_author("By Jane Doe and John Roe") == "Jane Doe, John Roe"
    assert clean_author("Author Isaiah Shelton") == "Isaiah Shelton"
    assert clean_author("21:47 IST") is None
    assert clean_author("https://example.com/jane") is None
    assert clean_author("The Investopedia Team") == "The Investopedia Team"
