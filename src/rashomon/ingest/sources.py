"""Expanding what the user typed (paths, folders, globs, URLs) into individual inputs."""

from __future__ import annotations

import errno
import glob
import os
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
    """Yield a Source per file or URL, or ``(name, reason)`` for an input that names nothing, a broken link or a
    folder that cannot be read. A file reached twice (a symlink loop, a glob through a linked folder, a file named
    and also in a folder named) is yielded once."""
    seen: set[str] = set()

    def once(files: Iterator[Path] | list[Path]) -> Iterator[Source | tuple[str, str]]:
        for file in files:
            real = os.path.realpath(file)
            if real in seen or _loops(file):
                continue  # (a glob through a link back to a parent ends on a path too deep to resolve)
            seen.add(real)
            if file.is_symlink() and not file.exists():
                yield str(file), f"broken link: it points to {os.readlink(file)}, which does not exist"
            else:
                yield Source(str(file), path=file)

    for given in inputs:
        if is_url(given):
            yield Source(given, url=given)
            continue
        path = Path(given)
        if path.is_dir():
            files, unreadable = _walk(path)
            found = list(once(files))
            if not found and not unreadable:
                yield given, "folder contains no files"
            yield from found
            yield from unreadable
        elif path.is_file():
            yield from once([path])
        elif glob.has_magic(given):
            matches = sorted(Path(m) for m in glob.glob(given, recursive=True))
            found = list(once(m for m in matches if m.is_file() or (m.is_symlink() and not m.exists())))
            if not found and not matches:
                yield given, "pattern matches no files"
            yield from found
        elif path.is_symlink():
            yield given, f"broken link: it points to {os.readlink(path)}, which does not exist"
        else:
            yield given, "no such file or folder"


def _walk(folder: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """The files under ``folder`` in path order (hidden ones left out), following linked folders but entering
    each real folder once (a link back to a parent is no loop), broken links included for the caller to report;
    and ``(folder, reason)`` for each folder that cannot be read."""
    entered: set[tuple[int, int]] = set()
    unreadable: list[tuple[str, str]] = []
    found: list[Path] = []

    def refused(error: OSError) -> None:
        unreadable.append((str(error.filename), f"cannot read this folder: {error.strerror or error}"))

    for root, folders, files in os.walk(folder, followlinks=True, onerror=refused):
        here = os.stat(root)
        if (here.st_dev, here.st_ino) in entered:
            folders[:] = []
            continue
        entered.add((here.st_dev, here.st_ino))
        folders[:] = [f for f in folders if not f.startswith(".")]
        found += [Path(root) / name for name in files if not name.startswith(".")]
    return sorted(found), unreadable


def _loops(path: Path) -> bool:
    try:
        os.stat(path)
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)
