"""Annotation records: every one is a character span (``start``, ``end``) into ``Article.text``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar

# Bump when any step's output changes, so `rashomon annotate` recomputes stored annotations.
ANNOTATION_VERSION = 17


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention. ``label``: PERSON, ORG, PLACE, GROUP, EVENT, PRODUCT, WORK, LAW, ..."""

    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class Quote:
    """Direct, partial or indirect speech with its cue, speaker and the outlets it came through."""

    start: int
    end: int
    content: str
    kind: str  # direct | partial | indirect
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker_resolved: str | None
    attribution: tuple[str, ...] = ()  # outlets/agencies the article credits for it, nearest first
    sentence: int = -1


@dataclass(frozen=True, slots=True)
class SourceCite:
    """An outlet, agency or other source the article credits ("according to Reuters")."""

    start: int
    end: int
    name: str
    cue: str
    kind: str  # media | other
    sentence: int  # -1 when the credit covers the whole article ("Reuters contributed to this report")


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression resolved against the publication date. ``value`` is ISO: day, month or year."""

    start: int
    end: int
    text: str
    value: str | None
    precision: str | None  # day | month | year
    relation: str | None  # past | present | future (relative to publication)
    kind: str  # absolute | weekday | relative | deadline


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number normalised to a value and unit ("$2 billion" -> 2e9 USD; "fifth-largest" -> rank 5)."""

    start: int
    end: int
    text: str
    value: float
    unit: str | None
    kind: str  # money | percent | quantity | count | ordinal | rank | age | tally | duration


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement later stages align across outlets: a sentence or an independent clause of one."""

    start: int
    end: int
    text: str
    sentence: int
    mentions: tuple[int, ...] = ()
    quotes: tuple[int, ...] = ()
    sources: tuple[int, ...] = ()
    times: tuple[int, ...] = ()
    numbers: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Annotation:
    """Everything the annotation pipeline found in one article."""

    article_id: str
    version: int = ANNOTATION_VERSION
    language: str | None = None
    status: str = "ok"  # ok | skipped | partial
    problems: tuple[str, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    sources: tuple[SourceCite, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    numbers: tuple[Quantity, ...] = ()
    claims: tuple[Claim, ...] = ()

    LISTS: ClassVar[dict[str, type]] = {
        "sentences": Sentence, "mentions": Mention, "quotes": Quote, "sources": SourceCite,
        "times": TimeExpr, "numbers": Quantity, "claims": Claim,
    }

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Annotation:
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            record = cls.LISTS.get(f.name)
            if record is not None:
                value = tuple(_record(record, item) for item in value)
            elif f.name == "problems":
                value = tuple(value)
            values[f.name] = value
        return cls(**values)


def _record(record: type, item: dict[str, Any]) -> Any:
    names = {f.name for f in fields(record)}
    return record(**{k: tuple(v) if isinstance(v, list) else v for k, v in item.items() if k in names})


__all__ = [
    "ANNOTATION_VERSION", "Annotation", "Claim", "Mention", "Quantity", "Quote", "Sentence", "SourceCite",
    "TimeExpr",
]
