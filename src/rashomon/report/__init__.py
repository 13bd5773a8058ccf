"""Renderers of the analysis document and the views behind its pages: Markdown (``report.md``), the single-file
``report.html`` and the web app's pages (``rashomon.report.pages``). This layer reads the analysis
(``rashomon.analysis``); the analysis never imports it."""

from rashomon.report.files import write_analysis
from rashomon.report.markdown import analysis_markdown

__all__ = ["analysis_markdown", "write_analysis"]
