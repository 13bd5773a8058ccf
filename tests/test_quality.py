"""Lint and type checks run as part of the suite, so CI enforces them."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

BIN = Path(sys.executable).parent


@pytest.mark.parametrize("command", [["ruff", "check", "src", "tests", "benchmarks"], ["mypy"]])
def test_tool_passes(command):
    tool = BIN / command[0] if (BIN / command[0]).exists() else shutil.which(command[0])
    if tool is None:
        pytest.skip(f"{command[0]} is not installed (pip install -e '.[test]')")
    result = subprocess.run([str(tool), *command[1:]], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _defined_twice(source: str) -> list[str]:
    """The module-level names a module assigns (or defines a function or class as) more than once."""
    import ast
    from collections import Counter

    names: Counter[str] = Counter()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            names[node.target.id] += 1
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names[node.name] += 1
    return sorted(name for name, count in names.items() if count > 1)


def test_no_module_defines_a_name_twice():
    # A constant defined again further down a long module silently replaces the first for every use, also the uses
    # above it (the contradiction checks' BARE_NOT, OTHERS and SAYING each were): ruff's F811 sees only unused ones.
    assert _defined_twice("A = 1\ndef f():\n    return A\nA = 2\n") == ["A"]
    found = {str(path.relative_to(ROOT)): twice for path in sorted((ROOT / "src").rglob("*.py"))
             if (twice := _defined_twice(path.read_text(encoding="utf-8")))}
    assert not found, found
