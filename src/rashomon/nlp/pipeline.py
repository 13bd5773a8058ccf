"""The annotation pipeline: spaCy once per batch (``nlp.pipe``), then named steps per article.

Each step reads the working state, adds its records and may not fail the article: an exception in a
step is recorded as a problem of that article and the other steps still run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rashomon.extract.fields import day_of
from rashomon.models import Article
from rashomon.nlp import model
from rashomon.nlp.claims import claims
from rashomon.nlp.document import Working, paragraphs
from rashomon.nlp.entities import entities
from rashomon.nlp.numbers import numbers
from rashomon.nlp.quotes import quotes
from rashomon.nlp.sources import sources
from rashomon.nlp.times import times
from rashomon.records import ANNOTATION_VERSION, Annotation
from rashomon.settings import Settings

log = logging.getLogger(__name__)
# spaCy batch size for nlp.pipe over paragraphs (measured: 64-256 give the same speed on 2 cores).
PIPE_BATCH = 128


@dataclass(frozen=True)
class Step:
    """A named annotation step: what it needs before it runs and what it adds."""

    name: str
    run: Callable[[Working], None]
    needs: tuple[str, ...] = ()
    adds: tuple[str, ...] = ()


STEPS: tuple[Step, ...] = (
    Step("entities", entities, adds=("mentions",)),
    Step("sources", sources, needs=("mentions",), adds=("sources",)),
    Step("quotes", quotes, needs=("mentions", "sources"), adds=("quotes",)),
    Step("times", times, adds=("times",)),
    Step("numbers", numbers, adds=("numbers",)),
    Step("claims", claims, needs=("mentions", "quotes", "sources", "times", "numbers"), adds=("claims",)),
)


def annotate_articles(articles: Sequence[Article], settings: Settings | None = None) -> list[Annotation]:
    """Annotate ``articles`` in this process (one nlp.pipe over all their paragraphs)."""
    settings = settings or Settings()
    plans: list[tuple[Article, str | None, list[str], list[tuple[int, str]]]] = []
    for article in articles:
        text, problems = _prepare(article, settings)
        plans.append((article, text, problems, paragraphs(text) if text is not None else []))
    nlp = model.load(settings.spacy_model) if any(p[3] for p in plans) else None
    pieces = [piece for plan in plans for _, piece in plan[3]]
    docs = iter(nlp.pipe(pieces, batch_size=PIPE_BATCH)) if nlp is not None else iter(())
    results = []
    for article, text, problems, paras in plans:
        parsed = [(offset, next(docs)) for offset, _ in paras]
        if text is None or not parsed:
            results.append(Annotation(article.id, language=article.language, status="skipped",
                                      problems=tuple(problems)))
            continue
        results.append(_run_steps(article, text, parsed, problems))
    return results


def _prepare(article: Article, settings: Settings) -> tuple[str | None, list[str]]:
    """The text to parse (None to skip the article) and the problems found on the way."""
    problems: list[str] = []
    if article.language and not article.language.startswith("en"):
        return None, [f"language is {article.language!r}: only English is annotated (no model for it)"]
    text = article.text
    if len(text) > settings.max_annotate_chars:
        problems.append(f"text has {len(text)} characters; annotated the first {settings.max_annotate_chars} "
                        "(max_annotate_chars)")
        text = text[: settings.max_annotate_chars]
    if not any(ch.isalpha() for ch in text):
        return None, [*problems, "no words to annotate"]
    return text, problems


def _run_steps(article: Article, text: str, parsed: list, problems: list[str]) -> Annotation:
    published = day_of(article.published) if article.published else None
    work = Working(text=text, published=published, docs=parsed, problems=problems)
    if not work.sentences:
        work.problems.append("no sentences found")
    for step in STEPS:
        try:
            step.run(work)
        except Exception as exc:  # one bad step must not lose the article or the batch
            log.warning("annotation step %s failed on %s: %s", step.name, article.id, exc)
            work.problems.append(f"step {step.name} failed: {type(exc).__name__}: {exc}")
    return Annotation(
        article_id=article.id, version=ANNOTATION_VERSION, language=article.language,
        status="partial" if any(p.startswith("step ") for p in work.problems) else "ok",
        problems=tuple(work.problems), sentences=work.records(), mentions=tuple(work.mentions),
        quotes=tuple(work.quotes), sources=tuple(work.sources), times=tuple(work.times),
        numbers=tuple(work.numbers), claims=tuple(work.claims))


def chunks(items: Sequence[Article], size: int) -> Iterable[Sequence[Article]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
