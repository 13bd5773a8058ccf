"""Reprints: the same piece on two sites, syndicated wire copy, a light rewrite of another article.

MinHash signatures of word 5-shingles go into an LSH index (datasketch) that finds candidate pairs
in constant time per article; each candidate is then confirmed on the exact shingles: the share of
the shorter article's shingles found in the longer one (containment), so a trimmed copy of a
longer wire story still counts. The earlier-published article is the original.

A wire story printed by many outlets makes every earlier copy a candidate of each new one, so the same stored
articles are confirmed again and again: their shingles are kept (hashed, a few KB each) for the most recently
confirmed ``CONFIRM_CACHE`` articles, instead of fetching and shingling their text each time, and the candidates
are confirmed by reprint group: one confirmed copy of a group stands for all of it.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE = 5
PERMUTATIONS = 64
LSH_THRESHOLD = 0.3  # Jaccard at which candidates are looked at (containment is confirmed exactly)
CONTAINMENT = 0.6  # share of the shorter article's shingles the other must contain
MIN_SHINGLES = 20  # shorter texts are not judged (a two-line brief is not a reprint of anything)
GROUP_TRIES = 4  # members of one reprint group confirmed at most, per new article (ReprintIndex.add)
CONFIRM_CACHE = 8192  # articles whose hashed shingles are kept for confirming candidates (about 50 MB at most)
SCHEME = "affine32"  # datasketch 2 hashing scheme; stored signatures must be read back with the same one

WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Reprint:
    article_id: str
    original_id: str
    containment: float


def shingles(text: str) -> set[str]:
    found = WORD.findall(text.casefold())
    return {" ".join(found[i:i + SHINGLE]) for i in range(max(len(found) - SHINGLE + 1, 0))}


@cache
def _permutations() -> Any:
    """The hash permutations of seed 7, made once: a MinHash draws them anew each time it is made."""
    return MinHash(num_perm=PERMUTATIONS, seed=7, scheme=SCHEME).permutations


def signature(grams: set[str]) -> MinHash:
    minhash = MinHash(num_perm=PERMUTATIONS, seed=7, scheme=SCHEME, permutations=_permutations())
    minhash.update_batch([gram.encode() for gram in grams])
    return minhash


def containment(left: set[str], right: set[str]) -> float:
    shorter, longer = (left, right) if len(left) <= len(right) else (right, left)
    return len(shorter & longer) / len(shorter) if shorter else 0.0


def hashed(grams: set[str]) -> np.ndarray:
    """The shingles as a sorted array of distinct 64-bit hashes: ``hashed_containment`` of two such arrays is
    ``containment`` of the sets (barring a hash collision) in a fraction of the memory and time."""
    return np.unique(np.fromiter((hash(gram) for gram in grams), dtype=np.int64, count=len(grams)))


def hashed_containment(left: np.ndarray, right: np.ndarray) -> float:
    shorter, longer = (left, right) if len(left) <= len(right) else (right, left)
    if not len(shorter):
        return 0.0
    return len(np.intersect1d(shorter, longer, assume_unique=True)) / len(shorter)


def earlier(left: tuple[date | datetime | None, str] | tuple[date | datetime | None, str, bool],
            right: tuple[date | datetime | None, str] | tuple[date | datetime | None, str, bool]) -> bool:
    """Whether ``left`` (published, id[, outlet known]) came first: the dated before the undated, then by date;
    on a tie (the same day without a time, or the same moment) an article whose outlet is known is the original
    (a known outlet is never made the copy of an upload nobody can name), then by id."""
    def key(item: tuple[Any, ...]) -> tuple[int, str, int, str]:
        when, article_id = item[0], item[1]
        known = 0 if len(item) > 2 and item[2] else 1
        if when is None:
            return (1, "", known, article_id)
        day = when.date().isoformat() if isinstance(when, datetime) else when.isoformat()
        stamp = when.isoformat() if isinstance(when, datetime) else day + "T99"
        return (0, stamp, known, article_id)

    return key(left) < key(right)


class ReprintIndex:
    """Signatures of the archive's articles; ``text_of`` fetches a stored article's text to confirm."""

    def __init__(self, text_of: Callable[[str], str | None]) -> None:
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=PERMUTATIONS)
        self.text_of = text_of
        self._hashed: OrderedDict[str, np.ndarray] = OrderedDict()  # article id -> hashed shingles, newest last

    def _shingles_of(self, article_id: str) -> np.ndarray | None:
        """A stored article's hashed shingles, from the cache or from its text (None: no longer stored)."""
        found = self._hashed.get(article_id)
        if found is not None:
            self._hashed.move_to_end(article_id)
            return found
        text = self.text_of(article_id)
        if text is None:
            return None
        found = hashed(shingles(text))
        self._keep(article_id, found)
        return found

    def _keep(self, article_id: str, value: np.ndarray) -> None:
        self._hashed[article_id] = value
        self._hashed.move_to_end(article_id)
        while len(self._hashed) > CONFIRM_CACHE:
            self._hashed.popitem(last=False)

    def load(self, article_id: str, hashvalues: bytes) -> None:
        """Add a stored signature (from ``signature_bytes``)."""
        values = np.frombuffer(hashvalues, dtype=np.uint64)
        minhash = MinHash(num_perm=PERMUTATIONS, seed=7, hashvalues=values, scheme=SCHEME,
                          permutations=_permutations())
        self.lsh.insert(article_id, minhash, check_duplication=False)

    def add(self, article_id: str, text: str, group_of: Callable[[str], str] | None = None,
            keep: Callable[[str], bool] | None = None) -> tuple[bytes, list[tuple[str, float]]]:
        """Index an article; return its signature bytes and the stored articles it copies or is copied by.

        ``group_of`` names a stored article's reprint group (its original): the candidates of one group are
        confirmed one at a time, the original first, until one is a copy (at most ``GROUP_TRIES``), so a wire story
        printed a thousand times costs a new copy one or two confirmations, not a thousand. ``keep`` turns a
        copy away (one printed too long before or after); it is asked before a candidate's text is read, so that
        the copies of a text reprinted over years (each too far from the new article to be its original) cost no
        reading and no confirmation."""
        grams = shingles(text)
        minhash = signature(grams)
        matches = []
        if len(grams) >= MIN_SHINGLES:
            mine = hashed(grams)
            groups: dict[str, list[str]] = {}
            # in a set order of their own (it varies with the process's string hashing): read in id order, so
            # that which copies a group's tries reach, and so the result, is the same in every run
            for other in sorted(str(found) for found in self.lsh.query(minhash)):
                groups.setdefault(group_of(other) if group_of else other, []).append(other)
            for root, members in groups.items():
                members.sort(key=lambda other: other != root)  # the original first
                tries = 0
                for other in members:
                    if tries == GROUP_TRIES:
                        break
                    if keep is not None and not keep(other):
                        continue  # turned away whatever its text (printed too long before or after): not read
                    theirs = self._shingles_of(other) if other != article_id else mine
                    if theirs is None:
                        continue
                    tries += 1
                    value = hashed_containment(mine, theirs)
                    if value >= CONTAINMENT:
                        matches.append((other, value))
                        break
            self._keep(article_id, mine)  # the later copies of a wire story find it among their candidates
        if article_id not in self.lsh:
            self.lsh.insert(article_id, minhash, check_duplication=False)
        return signature_bytes(minhash), sorted(matches, key=lambda item: (-item[1], item[0]))


def signature_bytes(minhash: MinHash) -> bytes:
    return np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes()


def text_signature(text: str) -> bytes:
    """The stored signature of a text (``ReprintIndex.load`` reads it back)."""
    return signature_bytes(signature(shingles(text)))


def copies(text: str, other: str) -> float | None:
    """The containment of two texts when one is a reprint of the other (None when not, or when either is too
    short to judge: a brief is never taken for a reprint, nor for the original of one)."""
    left, right = shingles(text), shingles(other)
    if min(len(left), len(right)) < MIN_SHINGLES:
        return None
    value = containment(left, right)
    return value if value >= CONTAINMENT else None
