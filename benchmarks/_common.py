"""Shared helpers for the benchmarks: where the shared data lives, floors, result tables."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
FLOORS_FILE = ROOT / "benchmarks" / "floors.toml"


def shared_data(*parts: str) -> Path | None:
    """Path under ../shared/data, or None when it is absent (benchmarks then skip cleanly)."""
    path = SHARED_DATA.joinpath(*parts)
    return path if path.exists() else None


def load_floors(section: str) -> dict[str, float]:
    with FLOORS_FILE.open("rb") as handle:
        return dict(tomllib.load(handle).get(section, {}))


def floor_status(failures: list[str]) -> int:
    """Print each floor that was not met and return the exit status of a --check run (1 when any)."""
    for failure in failures:
        print("FLOOR " + failure, file=sys.stderr)
    return 1 if failures else 0


def check_floors(section: str, measured: dict[str, float]) -> list[str]:
    """Return one message per pinned metric that fell below its floor (or was not measured)."""
    failures = []
    for key, floor in load_floors(section).items():
        value = measured.get(key)
        if value is None:
            failures.append(f"{section}.{key}: not measured (floor {floor})")
        elif value < floor:
            failures.append(f"{section}.{key}: {value:.4f} is below the floor {floor}")
    return failures


def print_table(title: str, header: list[str], rows: list[list[object]]) -> None:
    """Print a plain-text table (Markdown-compatible) to stdout."""
    def fmt(cell: object) -> str:
        return f"{cell:.3f}" if isinstance(cell, float) else str(cell)

    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(fmt(c) for c in row) + " |")
    sys.stdout.flush()
