from rashomon.extract.text import extract_text
from tests.conftest import DATA


def scrape():
    return extract_text((DATA / "scrape_with_chrome.txt").read_text(encoding="utf-8"))


def test_metadata_recovered_from_the_scrape():
    result = scrape()
    assert result.title.value == "Council approves new ferry terminal for Eastmoor harbour"
    assert result.title.origin == "before-byline"
    assert result.author.value == "Lena Okafor"
    assert result.published.value.isoformat() == "2026-05-04T10:20:00"
    assert result.masthead.value == "Harbour Gazette"


def test_story_kept_and_chrome_removed():
    text = scrape().text
    for sentence in ("The Eastmoor borough council voted on Monday", "£18 million",
                     "council leader Priya Das told the meeting", "Opponents said the plan"):
        assert sentence in text
    for junk in ("Subscribe", "indicates required", "Dara Quill", "Lighthouse museum", "Sam Reyes",
                 "reports on transport", "Most popular", "Tide tables", "min read", "Home"):
        assert junk not in text


def test_repeated_and_glued_title_lines():
    raw = ("NewsHarbour reopens after storm repairs\n\nHarbour reopens after storm repairs\n\n"
           "A caption line that repeats.\nA caption line that repeats.\n\n"
           "The harbour reopened to shipping on Friday after three weeks of repairs to the outer wall.\n\n"
           "Fishing boats returned to the inner basin on Saturday morning, the harbour master said.\n")
    result = extract_text(raw)
    assert result.title.value == "Harbour reopens after storm repairs"
    assert "caption line" not in result.text
    assert result.text.startswith("The harbour reopened")


def test_original_url_and_markdown_heading():
    raw = ("# Storm closes coastal road\n\nMay 2, 2026\n\n"
           "The coastal road between Eastmoor and Westby was closed on Saturday after waves damaged a sea wall.\n\n"
           "Engineers will inspect the wall on Monday, the roads agency said in a statement.\n\n"
           "Original url:\n\n<https://harbourgazette.example/2026/05/02/storm-road>\n")
    result = extract_text(raw)
    assert result.title.value == "Storm closes coastal road"
    assert result.url.value == "https://harbourgazette.example/2026/05/02/storm-road"
    assert result.published.value.isoformat() == "2026-05-02"
    assert "Original url" not in result.text and "https://" not in result.text


def test_subheading_on_topic_is_kept_teaser_is_dropped():
    raw = ("Ferry fares to rise in June\n\nby Lena Okafor May 4, 2026\n\n"
           "Ferry fares between Eastmoor and the islands will rise by eight percent in June, the operator said.\n\n"
           "The operator blamed higher fuel prices and the cost of the new terminal for the ferry fares.\n\n"
           "Islanders plan to protest the ferry fares\n\n"
           "Islanders said the higher ferry fares would hurt families who travel to the mainland for work.\n\n"
           "Bakery wins national bread award\n\n"
           "A small bakery in Westby has won a national prize for its sourdough loaf, beating more than two hundred\n\n"
           "Author: Lena Okafor\n")
    text = extract_text(raw).text
    assert "Islanders plan to protest the ferry fares" in text
    assert "Bakery" not in text and "sourdough" not in text


def test_hints_win_over_guesses():
    result = extract_text("Some body text that is long enough to count as an article paragraph here.",
                          hints={"title": "Given title", "date": "2026-01-02", "author": "Given Author"})
    assert result.title.value == "Given title" and result.title.origin == "hint"
    assert result.published.value.isoformat() == "2026-01-02"
    assert result.author.value == "Given Author"


def test_trailing_block_of_other_news_is_not_the_article():
    raw = ("# Ferry fares to rise in June\n\nMay 2, 2026\n\n"
           "The Eastmoor ferry company will raise fares by eight percent from the first of June, its director said.\n\n"
           "Season tickets for island residents are not affected by the increase, the company added on Friday.\n\n"
           "Recall\n\n"
           "Earlier this year the borough council approved a new terminal on the site of the old fish market.\n\n"
           "In March, storms closed the coastal road for three days and cut the island off from the mainland.\n")
    text = extract_text(raw).text
    assert "Season tickets" in text
    assert "fish market" not in text and "coastal road" not in text


def test_a_line_that_leads_into_a_quoted_paragraph_is_not_a_teaser():
    raw = ("Harbour fees rise for the third year running\n\n"
           "Ferry operators at Port Wensley will pay more to dock from April, the harbour board said on Tuesday.\n\n"
           "The Wensley Gazette reports:\n\n"
           "\"The board agreed a rise of six percent after a long meeting in which two members voted against, "
           "citing the cost of dredging the outer channel and repairs to the north quay that were delayed by winter "
           "storms.\"")
    text = extract_text(raw).text
    assert "The board agreed a rise of six percent" in text, text
