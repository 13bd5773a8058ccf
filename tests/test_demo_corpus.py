"""The demo corpus against its gold file: metadata, kept sentences, removed boilerplate."""

import json
from datetime import datetime

import pytest

from rashomon.ingest import ingest
from tests.conftest import DEMO

GOLD = json.loads((DEMO / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def articles():
    from rashomon.store import Store

    with Store(":memory:") as store:
        report = ingest([str(DEMO / "corpus")], store)
        assert report.failures == []
        yield {(a.source.rsplit("/", 1)[-1], a.locator): a for a in store.articles()}


def gold_article(key):
    return next(a for a in GOLD["articles"] if a["key"] == key)


def test_corpus_shape():
    stories = {s["id"]: s for s in GOLD["stories"]}
    main = stories["dam-collapse"]
    outlets = {gold_article(k)["outlet"] for k in main["articles"]}
    assert len(main["articles"]) >= 7 and len(outlets) >= 5
    assert any(gold_article(k)["reprint_of"] for k in main["articles"])
    counts = {len(f["support"]) for f in GOLD["facts"]}
    assert {1, 2, 3, 4} <= counts | {len({k for k in f["support"] if not gold_article(k)["reprint_of"]})
                                     for f in GOLD["facts"]}


@pytest.mark.parametrize("item", GOLD["articles"], ids=lambda a: a["key"])
def test_metadata_matches_gold(articles, item):
    article = articles[(item["file"], item["locator"])]
    assert article.title == item["title"]
    assert article.outlet == item["outlet"]
    assert article.author == item["author"]
    expected = item["published"]
    got = article.published.isoformat() if article.published else None
    assert got == expected or (got and datetime.fromisoformat(got) == datetime.fromisoformat(expected))
    updated = article.updated.isoformat() if article.updated else None
    assert updated == item.get("updated")  # only the Herald states an update (same day, 6:40 p.m.)
    for junk in item["absent"]:
        assert junk not in article.text, f"boilerplate {junk!r} left in {item['file']}"


def test_every_gold_sentence_survives_extraction(articles):
    by_key = {a["key"]: articles[(a["file"], a["locator"])] for a in GOLD["articles"]}
    for fact in GOLD["facts"]:
        for key, sentence in fact["support"].items():
            assert sentence in by_key[key].text.replace("“", '"').replace("”", '"') or sentence in by_key[key].text, (
                fact["id"], key)
    for quote in GOLD["quotes"]:
        for variant in quote["variants"]:
            text = by_key[variant["article"]].text.replace("“", '"').replace("”", '"')
            assert variant["text"] in text
