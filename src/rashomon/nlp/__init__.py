"""Per-article annotation: sentences, entities, quotes with speakers, sources cited, times, numbers, claims.

``annotate(store)`` annotates every stored article that has no annotation at the current version,
on the executor (worker processes of this machine when there are many, or a Dask cluster), and
stores each result as soon as its batch is done, while the workers go on with the next batches (re-running
resumes). ``annotate_articles(articles)``
does the same work on articles in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from rashomon.engine import Executor, Failed, LocalExecutor, stream
from rashomon.nlp import model
from rashomon.nlp.pipeline import STEPS, annotate_articles
from rashomon.records import (
    ANNOTATION_VERSION,
    Annotation,
    Claim,
    Mention,
    Quantity,
    Quote,
    Sentence,
    SourceCite,
    TimeExpr,
)
from rashomon.settings import Settings

if TYPE_CHECKING:
    from rashomon.models import Article
    from rashomon.store import Store

# Articles per task sent to a worker process: large enough to keep nlp.pipe batches full,
# small enough that progress moves and a crash loses little.
CHUNK_ARTICLES = 16


@dataclass
class AnnotateReport:
    """What one `annotate` run did."""

    annotated: int = 0
    skipped: int = 0  # e.g. not English
    with_problems: list[tuple[str, str]] = field(default_factory=list)  # (article id, problem)

    def summary(self) -> str:
        text = f"annotated {self.annotated} article(s)"
        if self.skipped:
            text += f", skipped {self.skipped}"
        if self.with_problems:
            text += f", {len(self.with_problems)} problem(s) recorded"
        return text


def annotate(store: Store, ids: list[str] | None = None, settings: Settings | None = None,
             progress: Callable[[int, int], None] | None = None, *,
             executor: Executor | None = None) -> AnnotateReport:
    """Annotate the stored articles not yet annotated at this version (or only ``ids``) and store the results.
    ``executor``: where batches of articles are annotated (default ``LocalExecutor(settings.workers)``); the
    results are stored by this process, batch by batch as each comes back, while the executor works on the
    next ones (``rashomon.engine.stream``). Only the ids are read up front; the texts are read a batch at a
    time as the executor has room (two batches per worker), so memory does not grow with the archive.
    ``with_problems`` is in the order of the articles' ids, whatever order the batches came back in."""
    settings = settings or Settings()
    todo = store.unannotated_ids(ANNOTATION_VERSION, ids)
    report = AnnotateReport()
    if not todo:
        return report
    executor = executor or LocalExecutor(settings.workers)
    if isinstance(executor, LocalExecutor):
        model.load(settings.spacy_model)  # once in the parent: forked workers share it
    done = 0
    for results in _run(store, todo, settings, executor):
        for annotation in results:
            store.put_annotation(annotation)
            report.annotated += annotation.status != "skipped"
            report.skipped += annotation.status == "skipped"
            report.with_problems += [(annotation.article_id, p) for p in annotation.problems]
        done += len(results)
        if progress is not None:
            progress(done, len(todo))
    report.with_problems.sort(key=lambda problem: problem[0])  # stable: an article's problems keep their order
    return report


def _run(store: Store, todo: list[str], settings: Settings, executor: Executor) -> Iterator[list[Annotation]]:
    """Annotations batch by batch, each batch as soon as it is done; a batch whose work failed or whose worker
    died is redone article by article, so that the one article that kills its worker is stored as skipped with
    the reason, and the rest go on."""
    work = partial(annotate_articles, settings=settings)
    for batch, outcome in stream(executor, work, _batches(store, todo), ordered=False):
        if not isinstance(outcome, Failed):
            yield outcome
            continue
        singles = executor.map(work, [[article] for article in batch])
        yield [one[0] if not isinstance(one, Failed) else _failed(article, one.reason)
               for article, one in zip(batch, singles, strict=True)]


def _batches(store: Store, todo: list[str]) -> Iterator[list[Article]]:
    """The articles of ``todo``, ``CHUNK_ARTICLES`` at a time, each batch read from the store when it is
    wanted (an article deleted since its id was read is left out)."""
    for start in range(0, len(todo), CHUNK_ARTICLES):
        batch = store.articles_by_ids(todo[start:start + CHUNK_ARTICLES])
        if batch:
            yield batch


def _failed(article: Article, reason: str) -> Annotation:
    return Annotation(article.id, language=article.language, status="skipped",
                      problems=(f"annotation failed: {reason}",))


__all__ = [
    "ANNOTATION_VERSION", "STEPS", "AnnotateReport", "Annotation", "Claim", "Mention", "Quantity", "Quote", "Sentence",
    "SourceCite", "TimeExpr", "annotate", "annotate_articles",
]
