"""The five real seed articles (read from ../shared/seeds; skipped when absent).

Checks titles, dates, authors and outlets where the text states them, that the chrome (sidebar
news, newsletter forms, captions, photo credits, bios) is gone, and that story sentences remain.
Only short phrases of the seeds appear here, as search keys.
"""

import pytest

from rashomon.ingest import ingest
from rashomon.store import Store
from tests.conftest import SEEDS

pytestmark = [pytest.mark.shared,
              pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")]

EXPECTED = {
    "000": dict(title="Russia's Mars mission talks: Potential meeting with Musk ahead", published=None,
                author=None, outlet=None,
                keep=["announced on Tuesday", "Roscosmos's new head", "rare earth metals", "ranking fifth",
                      "Harvard Business School", "Born in Kyiv"],
                drop=["Images source", "Getty", "Related content", "They announce a meeting"]),
    "001": dict(title="Putin Envoy Dmitriev Says He Will Hold Talks With Musk About Mars Exploration",
                published="2025-03-18", author=None, outlet="The Moscow Times",
                keep=["There will certainly be discussions with Musk soon", "Rosatom", "As of Tuesday afternoon",
                      "one of the greatest leaders of our time"],
                drop=["Related article", "Elon Musk Has Ukraine", "Original url", "The White House", "https://"]),
    "002": dict(title="Russian negotiator says he expects talks with Musk on space, tech",
                published="2025-03-18T15:10:00", author="Martin Fornusek", outlet="The Kyiv Independent",
                keep=["RBK reported", "according to Reuters", "by the end of 2026", "Musk has yet to comment",
                      "broader peace agreement"],
                drop=["Moldova", "Radio Free Europe", "indicates required", "Subscribe", "Samuel Corum",
                      "This audio", "Most popular", "Skip to content", "pre-order", "Kateryna Denisova"]),
    "003": dict(title="Moscow Makes Overtures to American Business Ahead of Trump Call", published=None,
                author="Guy Birchall", outlet=None,
                keep=["should not expect bargain prices", "3.8 million metric tons",
                      "according to Russia’s state news agency TASS",
                      "Warning From Putin", "train has left the station", "Reuters contributed to this report"],
                drop=["AP Photo", "Baraa Anwer", "UK-based journalist", "Updated:", "0:00"]),
    "004": dict(title=None, published="2025-02-27", author=None, outlet="UNN",
                keep=["reports UNN", "Bloomberg writes", "Dmitry Peskov", "step by step"],
                # the "Recall" block at the end is background news of other stories, not the article
                drop=["Recall", "joint projects in the Arctic", "France has been negotiating"]),
}


@pytest.fixture(scope="module")
def seeds():
    with Store(":memory:") as store:
        report = ingest([str(SEEDS)], store)
        assert report.failures == []
        yield {a.source.rsplit("/", 1)[-1][:3]: a for a in store.articles()}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_seed(seeds, key):
    article, want = seeds[key], EXPECTED[key]
    if want["title"]:
        assert article.title == want["title"]
    else:
        assert article.provenance["title"] == "lead-sentence"  # the text states no headline
    assert (article.published.isoformat() if article.published else None) == want["published"]
    assert article.author == want["author"]
    assert article.outlet == want["outlet"]
    assert article.language == "en"
    for phrase in want["keep"]:
        assert phrase in article.text, f"story text lost: {phrase!r}"
    for phrase in want["drop"]:
        assert phrase not in article.text, f"boilerplate kept: {phrase!r}"
