"""Renderers of the analysis document: Markdown (``report.md``); HTML comes with the web issue."""

from rashomon.report.markdown import analysis_markdown

__all__ = ["analysis_markdown"]
