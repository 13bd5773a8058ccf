"""The report files of an analysis: ``analysis.json``, ``report.md`` and the single-file ``report.html``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rashomon.report.html import report_html
from rashomon.report.markdown import analysis_markdown
from rashomon.report.pages import story_page_view
from rashomon.store import Store
from rashomon.views import to_json


def write_analysis(analysis: dict[str, Any], out_dir: Path, store: Store | None = None) -> list[Path]:
    """Write ``analysis.json`` and ``report.md`` into ``out_dir``, and with the store (which holds the
    texts and annotations the citations open) the single-file ``report.html``; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data, report = out_dir / "analysis.json", out_dir / "report.md"
    data.write_text(to_json(analysis), encoding="utf-8")
    report.write_text(analysis_markdown(analysis), encoding="utf-8")
    written = [data, report]
    if store is not None:
        pages = [page for story in analysis["stories"] if (page := story_page_view(store, story["id"], story))]
        html = out_dir / "report.html"
        html.write_text(report_html(pages), encoding="utf-8")
        written.append(html)
    return written
