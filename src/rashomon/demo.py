"""The bundled demo: where its corpus lives and what it writes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rashomon.pipeline import PipelineResult, Progress, StepDone, run_pipeline
from rashomon.report import write_analysis
from rashomon.settings import Settings
from rashomon.store import Store
from rashomon.views import articles_view, errors_view, quotes_view, stories_view, to_json

CORPUS_PARTS = ("examples", "demo", "corpus")


@dataclass(frozen=True)
class DemoRun:
    """What ``run`` did: the pipeline's result and the files it wrote, in the order written."""

    result: PipelineResult
    written: list[Path]


def run(store: Store, out_dir: Path, corpus: Path, settings: Settings | None = None, *,
        progress: Progress | None = None, step_done: StepDone | None = None) -> DemoRun:
    """Run the whole pipeline on the demo ``corpus`` into ``store`` (``run_pipeline``, whose ``progress`` and
    ``step_done`` these are) and write to ``out_dir`` the demo's JSON files (``write_outputs``) and the
    report (analysis.json, report.md, report.html)."""
    result = run_pipeline([str(corpus)], store, settings, progress=progress, step_done=step_done)
    assert result.analysis is not None  # a run over the whole store always has its document
    written = write_outputs(store, out_dir)
    written += write_analysis(result.analysis, out_dir, store)
    return DemoRun(result, written)


def find_corpus() -> Path | None:
    """examples/demo/corpus of the checkout this package runs from, or of the working folder."""
    for base in (Path(__file__).resolve().parents[2], Path.cwd()):
        candidate = base.joinpath(*CORPUS_PARTS)
        if candidate.is_dir():
            return candidate
    return None


def write_outputs(store: Store, out_dir: Path) -> list[Path]:
    """Write the demo's articles, quotes, stories (and any ingest errors) as JSON; return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    articles = out_dir / "articles.json"
    articles.write_text(to_json(articles_view(store)), encoding="utf-8")
    quotes = out_dir / "quotes.json"
    quotes.write_text(to_json(quotes_view(store, store.articles())), encoding="utf-8")
    stories = out_dir / "stories.json"
    stories.write_text(to_json(stories_view(store)), encoding="utf-8")
    written = [articles, quotes, stories]
    errors = errors_view(store)
    if errors:
        path = out_dir / "errors.json"
        path.write_text(to_json(errors), encoding="utf-8")
        written.append(path)
    return written
