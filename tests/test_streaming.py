"""Memory stays flat as the archive grows (issue 20): annotation and clustering read article texts from the store a
page at a time, never the whole archive, and an ingest report holds no texts (how many batches annotation reads
ahead of storing: tests/test_engine_stream.py). Checked by counting, through a
store that wraps the real one, the most article texts any one read returned — no clocks or RSS limits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from rashomon.cluster import ClusterParams, cluster
from rashomon.ingest import ingest
from rashomon.models import Article, RawDocument
from rashomon.nlp import CHUNK_ARTICLES, annotate
from rashomon.records import ANNOTATION_VERSION
from rashomon.settings import Settings
from rashomon.store import Store
from tests.conftest import ARTICLE_TEXT

ARCHIVE = 3 * CHUNK_ARTICLES + 5  # several pages, the last one short


class CountingStore:
    """The real store, but every read that returns articles notes how many texts it handed out at once."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.largest_read = 0
        self.texts_read = 0

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._store, name)
        return self._counted(found) if callable(found) else found

    def _counted(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            value = method(*args, **kwargs)
            if isinstance(value, list):
                texts = sum(isinstance(item, Article) and bool(item.text) for item in value)
                self.largest_read = max(self.largest_read, texts)
                self.texts_read += texts
            return value
        return call


def fill(store: Store, count: int) -> list[str]:
    """``count`` distinct dated articles, stored as ingest would store them."""
    ids = []
    for i in range(count):
        text = f"Story {i}: the harbour board met on day {i}.\n\n{ARTICLE_TEXT}"
        raw = RawDocument(f"a{i}.txt", "text", text.encode(), text, "utf-8")
        store.add_document(raw, Article(id=raw.id, raw_id=raw.id, source=raw.source, text=text, title=f"Story {i}",
                                        outlet="Harbour Gazette", language="en",
                                        published=date(2025, 3, 1) + timedelta(days=i % 9)))
        ids.append(raw.id)
    return ids


@pytest.fixture
def archive(tmp_path) -> Store:
    with Store(tmp_path / "r.db") as store:
        fill(store, ARCHIVE)
        yield store


@pytest.mark.parametrize("workers", [1, 2])
def test_annotate_reads_the_texts_one_batch_at_a_time(archive, workers):
    counting = CountingStore(archive)
    report = annotate(counting, settings=Settings(workers=workers))  # type: ignore[arg-type]
    assert report.annotated + report.skipped == ARCHIVE
    assert archive.unannotated_ids(ANNOTATION_VERSION) == []
    assert counting.texts_read == ARCHIVE  # each text read once
    assert 0 < counting.largest_read <= CHUNK_ARTICLES  # one batch per read, never the archive


def test_annotating_some_ids_reads_only_those(archive):
    wanted = archive.unannotated_ids(ANNOTATION_VERSION)[:3]
    counting = CountingStore(archive)
    report = annotate(counting, wanted, Settings(workers=1))  # type: ignore[arg-type]
    assert report.annotated + report.skipped == 3 and counting.texts_read == 3


def test_clustering_reads_the_new_articles_one_batch_at_a_time(archive):
    counting = CountingStore(archive)
    report = cluster(counting, ClusterParams(batch_size=10))  # type: ignore[arg-type]
    assert report.placed == ARCHIVE and archive.unclustered_ids() == []
    assert 0 < counting.largest_read <= 10


def test_an_ingest_report_holds_no_texts_and_the_store_has_them(tmp_path):
    for i in range(3):
        (tmp_path / f"doc{i}.txt").write_text(f"Council story number {i}\n\n{ARTICLE_TEXT}", encoding="utf-8")
    with Store(tmp_path / "r.db") as store:
        report = ingest([str(tmp_path / f"doc{i}.txt") for i in range(3)], store, Settings(workers=1))
        assert len(report.added) == 3 and all(isinstance(article_id, str) for article_id in report.added)
        assert all(ARTICLE_TEXT[:40] in (store.article_text(article_id) or "") for article_id in report.added)
