"""The report layer: what it may import, and the size and completeness of ``report.html``."""

import ast
import subprocess
import sys
from pathlib import Path

import rashomon

PACKAGE = Path(rashomon.__file__).parent


def _imported(path: Path) -> set[str]:
    """The modules a file imports at its top level (where an import loop would bite)."""
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_analysis_does_not_import_the_report_layer():
    # DESIGN.md: compare -> StoryAnalysis -> render; the report layer (report/) reads the analysis, never the reverse
    assert not {m for m in _imported(PACKAGE / "analysis.py") if m.startswith("rashomon.report")}
    assert "rashomon.analysis" in _imported(PACKAGE / "report" / "pages.py")
    loaded = subprocess.run([sys.executable, "-c", "import sys, rashomon.analysis; "
                             "print(sorted(m for m in sys.modules if m.startswith('rashomon.report')))"],
                            capture_output=True, text=True, check=True, timeout=300)
    assert loaded.stdout.strip() == "[]"
    # either module may be imported first, as the web app and the CLI do
    for first in ("rashomon.report.pages", "rashomon.analysis", "rashomon.report"):
        subprocess.run([sys.executable, "-c", f"import {first}; from rashomon.report import write_analysis, pages"],
                       check=True, timeout=300)
