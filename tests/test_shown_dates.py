"""Dates the page shows its reader, and how they decide the publication and update dates."""

from datetime import date

import pytest

from rashomon.extract.html import _parse, extract_html
from rashomon.extract.shown import month_first, shown_dates
from rashomon.extract.text import extract_text
from tests.conftest import ARTICLE_TEXT


@pytest.fixture(autouse=True)
def no_htmldate(monkeypatch):
    """htmldate and trafilatura's date scan the same page; switched off so each test controls the candidates."""
    from rashomon.extract import html as html_module

    monkeypatch.setattr(html_module, "_htmldate", lambda page, url: None)
    monkeypatch.setattr(html_module, "_trafilatura_metadata", lambda tree, url: {})


def page(header: str = "", head: str = "", after: str = "", lang: str = "en") -> str:
    """A fictional article page: ``header`` sits between the headline and the body."""
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE_TEXT.split("\n\n"))
    return (f"<html lang='{lang}'><head><title>Council approves ferry terminal</title>{head}</head><body>"
            "<nav><a href='/'>Home</a> <span>Latest: March 1, 2026</span></nav>"
            f"<article><h1>Council approves ferry terminal</h1>{header}{paragraphs}{after}</article>"
            "<div class='related-posts'><h3>Ferry fares rise</h3><time datetime='2026-01-12'>Jan 12, 2026</time>"
            "</div><footer>© 2026 Harbour Gazette</footer></body></html>")


def ld(published: str, modified: str | None = None) -> str:
    extra = f',"dateModified":"{modified}"' if modified else ""
    return ('<script type="application/ld+json">{"@type":"NewsArticle","headline":"Council approves ferry terminal",'
            f'"datePublished":"{published}"{extra}}}</script>')


def test_the_shown_publication_date_wins_over_a_stale_machine_date():
    html = page("<p class='byline'>By Lena Okafor · Published May 4, 2026</p>",
                head="<meta property='article:published_time' content='2024-02-01T09:00:00+00:00'>")
    result = extract_html(html)
    assert result.published.value == date(2026, 5, 4)
    assert result.published.origin == "page:published"


def test_a_machine_time_on_the_shown_day_is_kept_for_its_time_of_day():
    html = page("<p>Posted on <time datetime='2026-05-04T10:20:00+01:00'>4 May 2026</time></p>",
                head=ld("2026-05-04T10:20:00+01:00"))
    result = extract_html(html)
    assert result.published.value.isoformat() == "2026-05-04T10:20:00+01:00"
    assert result.published.origin == "json-ld+page"


def test_an_update_is_never_the_publication_date():
    html = page("<div class='meta'><span>Last updated:</span> <span>Dec 12, 2025</span></div>",
                head=ld("2025-06-01T08:00:00+00:00", "2025-12-12T16:00:00+00:00"))
    result = extract_html(html)
    assert result.published.value.date() == date(2025, 6, 1)
    assert result.updated.value == date(2025, 12, 12)
    assert result.updated.origin == "page:updated"


def test_an_unlabelled_date_the_metadata_calls_a_modification_is_not_the_publication():
    html = page("<p class='byline'>Lena Okafor | November 14, 2025</p>",
                head=ld("2024-09-06T13:12:36+00:00", "2025-11-14T06:49:57+00:00"))
    result = extract_html(html)
    assert result.published.value.date() == date(2024, 9, 6)
    assert result.updated.value.date() == date(2025, 11, 14)


def test_dates_in_navigation_related_lists_and_sentences_are_not_page_dates():
    html = page(after="<p>The ferry first sailed from the old pier on June 28, 2019, when the council still owned "
                      "the boats.</p>")
    tree = _parse(html)
    assert shown_dates(tree, extract_html(html).text, "en") == []
    assert extract_html(html).published is None


def test_originally_published_anywhere_in_the_article_is_the_first_publication():
    html = page("<p>By Lena Okafor · 30 Sep 2022, 11:07am</p>",
                after="<p><em>This article was originally published on 26 Sep 2019 at 4:12pm and has been "
                      "updated since.</em></p>")
    result = extract_html(html)
    assert result.published.value.date() == date(2019, 9, 26)
    assert result.published.origin == "page:originally-published"


def test_a_shown_local_date_beside_a_utc_timestamp_is_the_same_moment():
    html = page("<p>Published: 03 Dec 2025</p>",
                head="<meta property='article:published_time' content='2025-12-02T23:00:55+00:00'>")
    result = extract_html(html)
    assert result.published.value.isoformat() == "2025-12-02T23:00:55+00:00"


def test_numeric_dates_keep_both_readings_in_the_page_convention_order():
    assert month_first("en-US") and month_first(None) and not month_first("en-GB") and not month_first("de")
    us = shown_dates(_parse(page("<p class='date'>03/10/2023</p>", lang="en-US")), ARTICLE_TEXT, "en-US")
    gb = shown_dates(_parse(page("<p class='date'>03/10/2023</p>", lang="en-GB")), ARTICLE_TEXT, "en-GB")
    assert us[0].readings == (date(2023, 3, 10), date(2023, 10, 3)) and us[0].ambiguous
    assert gb[0].readings == (date(2023, 10, 3), date(2023, 3, 10))
    # An ambiguous date alone decides nothing; the machine date that fits one reading is taken.
    confirmed = extract_html(page("<p class='date'>03/10/2023</p>", head=ld("2023-10-03"), lang="en-US"))
    assert confirmed.published.value == date(2023, 10, 3) and confirmed.published.origin == "json-ld+page"


def test_the_date_in_the_url_is_not_overridden_by_a_lone_shown_date():
    html = page("<p class='byline'>April 2, 2024</p>")
    result = extract_html(html, url="https://harbour.example/2024/04/04/ferry-terminal")
    assert result.published.value == date(2024, 4, 4)


def test_a_page_that_shows_only_an_update_is_dated_by_it_and_says_so():
    result = extract_html(page("<p>Updated on Jul 4, 2024</p>"))
    assert result.published.value == date(2024, 7, 4)
    assert result.published.origin == "page:updated-only"
    assert result.updated is None


def test_scraped_text_keeps_the_update_apart_from_the_publication():
    scrape = ("Council approves ferry terminal\n\nBy Lena Okafor\nPublished: March 18, 2025\n"
              "Updated: March 20, 2025 9:15 AM\n\n" + ARTICLE_TEXT)
    result = extract_text(scrape)
    assert result.published.value == date(2025, 3, 18)
    assert result.updated.value.isoformat() == "2025-03-20T09:15:00"
    alone = extract_text("Council approves ferry terminal\n\nUpdated: March 20, 2025\n\n" + ARTICLE_TEXT)
    assert alone.published.value == date(2025, 3, 20) and alone.published.origin == "updated-line"
    assert alone.updated is None


def test_an_unsupported_first_of_january_from_htmldate_is_a_guess(monkeypatch):
    from rashomon.extract import html as html_module

    monkeypatch.setattr(html_module, "_htmldate", lambda page, url: "2026-01-01")
    assert extract_html(page()).published is None  # only a copyright year behind it
    supported = extract_html(page(head="<meta property='article:published_time' content='2026-01-01T19:16:00Z'>"))
    assert supported.published.value.isoformat() == "2026-01-01T19:16:00+00:00"
