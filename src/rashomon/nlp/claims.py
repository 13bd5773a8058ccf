"""Claims: the statements later stages align across outlets.

One claim per body sentence, or one per independent clause where a sentence joins statements with
their own subjects ("Dmitriev met X, and Putin warned Y"). Headings and fragments (no verb, or a
short line without final punctuation) are not claims.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

from rashomon.nlp.document import ParsedSentence, Working
from rashomon.records import Claim

if TYPE_CHECKING:
    from spacy.tokens import Token

# Fewer words than this is a fragment, not a statement.
MIN_CLAIM_WORDS = 4
# A line this short without final punctuation is a heading ("Warning From Putin").
HEADING_WORDS = 10
_FINAL = (".", "!", "?", "”", '"', "’", "'", ")", "…")
# A wire dateline opening a story's first sentence: "TOLSK, Oct 6 (Meridian) - ", "WASHINGTON -- ",
# "MOSCOW (Reuters) — ". It says where and who filed, not what happened, so the claim starts after it.
DATELINE = re.compile(r"[A-Z][A-Z.'’ ]*[A-Z](?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:\s*\([^()\n]{2,40}\))?"
                      r"\s*(?:--|[-–—])\s+(?=[A-Z\"“])")


def claims(work: Working) -> None:
    """Add the claims of every body sentence, each linked to the records inside it."""
    for sentence in work.sentences:
        if not _is_statement(sentence):
            continue
        for start, end in _clauses(sentence):
            dateline = DATELINE.match(work.text, start, end)
            if dateline is not None and len(work.text[dateline.end():end].split()) >= MIN_CLAIM_WORDS:
                start = dateline.end()
            work.claims.append(_claim(work, sentence, start, end))


def _is_statement(sentence: ParsedSentence) -> bool:
    words = [t for t in sentence.span if not t.is_punct and not t.is_space]
    if len(words) < MIN_CLAIM_WORDS or not any(t.pos_ in ("VERB", "AUX") for t in words):
        return False
    return sentence.span.text.rstrip().endswith(_FINAL) or len(words) >= HEADING_WORDS


def _clauses(sentence: ParsedSentence) -> list[tuple[int, int]]:
    """Character extents of the independent clauses: the root, and verbs conjoined to it with a subject."""
    root = sentence.span.root
    splits = [c for c in root.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and _has_subject(c)]
    if not splits:
        return [(sentence.start, sentence.end)]
    bounds = [sentence.span.start] + [_clause_start(c) for c in splits] + [sentence.span.end]
    extents = []
    doc = sentence.span.doc
    for left, right in pairwise(bounds):
        tokens = [t for t in doc[left:right] if not t.is_space]
        while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc") and len(tokens) > 1:
            tokens = tokens[:-1]
        while tokens and (tokens[0].is_punct or tokens[0].dep_ == "cc") and len(tokens) > 1:
            tokens = tokens[1:]
        if sum(not t.is_punct for t in tokens) < MIN_CLAIM_WORDS:
            return [(sentence.start, sentence.end)]
        end_token = doc[right - 1] if right == sentence.span.end else tokens[-1]
        extents.append((sentence.char(tokens[0]), sentence.char(end_token) + len(end_token.text)))
    return extents


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


def _clause_start(verb: Token) -> int:
    """The first token of a conjoined clause, including the conjunction before it."""
    first = min(t.i for t in verb.subtree)
    previous = verb.doc[first - 1] if first > 0 else None
    while previous is not None and (previous.dep_ == "cc" or previous.is_punct) and previous.i > verb.sent.start:
        first = previous.i
        previous = verb.doc[first - 1]
    return first


def _claim(work: Working, sentence: ParsedSentence, start: int, end: int) -> Claim:
    def inside(records: list) -> tuple[int, ...]:
        return tuple(i for i, r in enumerate(records) if r.start >= start and r.end <= end)

    quotes = tuple(i for i, q in enumerate(work.quotes) if q.start < end and start < q.end)
    sources = tuple(i for i, s in enumerate(work.sources) if s.sentence == sentence.index or s.sentence == -1)
    return Claim(start, end, work.text[start:end], sentence.index, inside(work.mentions), quotes, sources,
                 inside(work.times), inside(work.numbers))
