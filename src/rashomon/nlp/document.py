"""The working state of one article while the annotation steps run: its paragraphs parsed by spaCy.

An article is parsed paragraph by paragraph (``Article.text`` separates paragraphs with blank lines):
memory stays bounded on long texts, sentence boundaries never cross paragraphs, and every spaCy
character offset is shifted by its paragraph's start to become an offset into ``Article.text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from rashomon.records import Claim, Mention, Quantity, Quote, Sentence, SourceCite, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# A paragraph longer than this is cut at sentence ends into pieces of about this size (spaCy's
# parser cost grows with the piece; 20,000 characters keeps each piece well under a second).
MAX_PIECE_CHARS = 20_000
_PARAGRAPH = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each non-blank line-paragraph, long ones cut at sentence ends."""
    pieces: list[tuple[int, str]] = []
    for match in _PARAGRAPH.finditer(text):
        if not match.group().strip():
            continue
        start, chunk = match.start(), match.group()
        while len(chunk) > MAX_PIECE_CHARS:
            cut = _cut_point(chunk)
            pieces.append((start, chunk[:cut]))
            start, chunk = start + cut, chunk[cut:]
        pieces.append((start, chunk))
    return pieces


def _cut_point(chunk: str) -> int:
    ends = [m.end() for m in _SENTENCE_END.finditer(chunk, 0, MAX_PIECE_CHARS)]
    return ends[-1] if ends else MAX_PIECE_CHARS


@dataclass
class ParsedSentence:
    """A sentence of the article: its spaCy span and where it sits in ``Article.text``."""

    index: int
    paragraph: int
    offset: int  # paragraph offset in Article.text
    span: Span

    @property
    def start(self) -> int:
        return self.offset + self.span.start_char

    @property
    def end(self) -> int:
        return self.offset + self.span.end_char

    def char(self, token: Token) -> int:
        """Offset of a token of this sentence in Article.text."""
        return self.offset + token.idx


@dataclass
class Working:
    """Mutable state the steps fill in; turned into an immutable Annotation at the end."""

    text: str
    published: date | None
    docs: list[tuple[int, Doc]]
    sentences: list[ParsedSentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    sources: list[SourceCite] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    numbers: list[Quantity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.sentences:
            self.sentences = list(_sentences(self.docs))

    def sentence_at(self, char: int) -> int:
        """Index of the sentence containing ``char`` (or -1)."""
        for sentence in self.sentences:
            if sentence.start <= char < sentence.end:
                return sentence.index
        return -1

    def paragraph_start(self, paragraph: int) -> int:
        return self.docs[paragraph][0]

    def paragraph_end(self, paragraph: int) -> int:
        offset, doc = self.docs[paragraph]
        return offset + len(doc.text)

    def records(self) -> tuple[Sentence, ...]:
        return tuple(Sentence(s.start, s.end, s.paragraph) for s in self.sentences)


def _sentences(docs: list[tuple[int, Doc]]) -> Iterator[ParsedSentence]:
    index = 0
    for paragraph, (offset, doc) in enumerate(docs):
        for span in doc.sents:
            if not span.text.strip():
                continue
            yield ParsedSentence(index, paragraph, offset, _trimmed(span))
            index += 1


def _trimmed(span: Span) -> Span:
    """The span without leading/trailing whitespace tokens."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end]
