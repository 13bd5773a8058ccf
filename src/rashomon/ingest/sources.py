"""Expanding what the user typed (paths, folders, globs, URLs) into individual inputs."""

from __future__ import annotations

import glob
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Source:
    """One input: a file path or a URL, with the string that names it in messages."""

    name: str
    path: Path | None = None
    url: str | None = None


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def expand(inputs: list[str]) -> Iterator[Source | tuple[str, str]]:
    """Yield a Source per file or URL, or ``(name, reason)`` for an input that names nothing."""
    for given in inputs:
        if is_url(given):
            yield Source(given, url=given)
            continue
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
            if not files:
                yield given, "folder contains no files"
            yield from (Source(str(p), path=p) for p in files)
        elif path.is_file():
            yield Source(given, path=path)
        elif glob.has_magic(given):
            matches = sorted(Path(m) for m in glob.glob(given, recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                yield given, "pattern matches no files"
            yield from (Source(str(p), path=p) for p in files)
        else:
            yield given, "no such file or folder"


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)
