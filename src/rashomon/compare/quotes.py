"""Quotes compared: the same statement as each outlet quoted (or translated, or paraphrased) it.

Quotes of one speaker from different articles are grouped by the similarity of their words, never
two of one article in a group. Each variant keeps its kind, its attribution chain ("via Reuters",
"via TASS", directly) and the words no other variant of the group uses, which is where the
translations and paraphrases differ. Quotes whose speaker is unknown join a group only on near-
identical words. A group whose variants name different speakers is a "who said it" conflict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from rashomon.cluster.features import STOPWORDS, WORD, term
from rashomon.compare.align import average_linkage
from rashomon.nlp.records import Quote

QUOTE_THRESHOLD = 0.55  # content similarity at which two quotes of one speaker are one statement
PARAPHRASE_THRESHOLD = 0.65  # ... when both report the speech in their own words (tune part: P 0.77 -> 0.80)
UNKNOWN_SPEAKER_THRESHOLD = 0.85  # ... when either speaker is unknown
SAME_WORDS_RUN = 5  # words in a row that two quotes of one speaker share: the same words, always one group
SAME_WORDS_THRESHOLD = 0.9  # ... when the two name different speakers: near-identical words only
SAME_KIND_BONUS = 0.05
MIN_PARTIAL_WORDS = 3  # shorter partial quotes are scare quotes ("hook"), not statements
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"“‘'A-Z])")


@dataclass
class Variant:
    """One sentence of one quote as one article gives it (``start``/``end`` into the article's text)."""

    article_id: str
    quote: Quote
    start: int
    end: int
    text: str
    speaker: str | None  # entity id, or the resolved name when no entity matches
    speaker_name: str | None
    attribution: str  # "directly" | "via Reuters" | "via TASS, via Reuters" | "reprint of <outlet>"
    unique_words: list[str] = field(default_factory=list)


@dataclass
class QuoteGroup:
    variants: list[Variant]

    @property
    def articles(self) -> set[str]:
        return {v.article_id for v in self.variants}


def statement_quotes(quotes: Sequence[Quote]) -> list[int]:
    """Indexes of the quotes worth comparing: not short scare quotes, not a partial inside another quote."""
    keep = []
    for i, quote in enumerate(quotes):
        if quote.kind == "partial":
            if len(WORD.findall(quote.content)) < MIN_PARTIAL_WORDS:
                continue
            if any(j != i and other.start <= quote.start and quote.end <= other.end for j, other in enumerate(quotes)):
                continue
        keep.append(i)
    return keep


def quote_sentences(quote: Quote) -> list[tuple[int, int, str]]:
    """The sentences of a quote's words as (start, end, text) in article offsets: a long quote may
    join statements that other outlets quote apart."""
    pieces = []
    offset = 0
    for part in SENTENCE_BREAK.split(quote.content):
        at = quote.content.index(part, offset)
        offset = at + len(part)
        text = part.strip()
        if len(WORD.findall(text)) >= MIN_PARTIAL_WORDS:
            lead = len(part) - len(part.lstrip())
            pieces.append((quote.start + at + lead, quote.start + at + lead + len(text), text))
    return pieces or [(quote.start, quote.end, quote.content)]


def group_quotes(variants: list[Variant], similarity: np.ndarray) -> list[QuoteGroup]:
    """Average-linkage groups of the variants: one speaker per group, one variant per article."""
    scores = {}
    for i, a in enumerate(variants):
        for j in range(i + 1, len(variants)):
            b = variants[j]
            if a.article_id == b.article_id:
                continue
            if a.speaker and b.speaker and a.speaker != b.speaker:
                if not (_quoted(a) and _quoted(b)):
                    continue  # reported speech is a paraphrase: only quoted words can be "the same words"
                # the same quoted words given to two people: grouped, so that "who said it" shows as a conflict
                needed = SAME_WORDS_THRESHOLD
            elif a.speaker and b.speaker:
                needed = QUOTE_THRESHOLD if _quoted(a) or _quoted(b) else PARAPHRASE_THRESHOLD
            else:
                needed = UNKNOWN_SPEAKER_THRESHOLD
            # Quoted words are compared with quoted words first, paraphrases with paraphrases.
            value = float(similarity[i, j]) + (SAME_KIND_BONUS if _quoted(a) == _quoted(b) else 0.0)
            if value >= needed:
                # Rescaled so that one threshold serves both cases.
                scores[(i, j)] = value - needed + QUOTE_THRESHOLD
    linked = average_linkage([v.article_id for v in variants], scores, QUOTE_THRESHOLD)
    groups = [QuoteGroup([variants[i] for i in members]) for members in _same_words(variants, linked)]
    for group in groups:
        _mark_differences(group)
    return groups


def _runs(text: str) -> set[str]:
    found = WORD.findall(text.lower())
    return {" ".join(found[i:i + SAME_WORDS_RUN]) for i in range(len(found) - SAME_WORDS_RUN + 1)}


def _same_words(variants: list[Variant], linked: list) -> list[list[int]]:
    """The linkage groups, joined wherever two variants of one speaker (or an unknown one) in different
    articles quote the same SAME_WORDS_RUN words in a row: one outlet's sentence may hold what another
    quotes as two, and a lead may repeat a quote the body gives again; the same words are one statement."""
    parent = list(range(len(linked)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    group_of = {member: number for number, g in enumerate(linked) for member in g.members}
    seen: dict[str, list[int]] = {}
    for index, variant in enumerate(variants):
        for run in _runs(variant.text):
            for other in seen.get(run, []):
                o = variants[other]
                if o.article_id == variant.article_id:
                    continue
                if o.speaker and variant.speaker and o.speaker != variant.speaker:
                    continue
                parent[find(group_of[index])] = find(group_of[other])
            seen.setdefault(run, []).append(index)
    joined: dict[int, list[int]] = {}
    for number, g in enumerate(linked):
        joined.setdefault(find(number), []).extend(g.members)
    return [sorted(members) for members in joined.values()]


def _quoted(variant: Variant) -> bool:
    return variant.quote.kind != "indirect"


def _mark_differences(group: QuoteGroup) -> None:
    """Each variant's content words that no other variant of the group uses (the wording differences)."""
    if len(group.variants) < 2:
        return
    bags = [{term(w) for w in WORD.findall(v.text)} for v in group.variants]
    for variant, bag in zip(group.variants, bags, strict=True):
        others = set().union(*(b for b in bags if b is not bag))
        seen: set[str] = set()
        unique = []
        for word in WORD.findall(variant.text):
            folded = term(word)
            if folded in STOPWORDS or folded in others or folded in seen:
                continue
            seen.add(folded)
            unique.append(word)
        variant.unique_words = unique
