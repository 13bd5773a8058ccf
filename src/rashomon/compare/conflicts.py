"""Contradictions: aligned claims from independent sources that disagree on a checkable detail.

Only details that can be checked are compared, so differences of emphasis never raise an alarm:
- a number of the same kind and unit ("12 people" / "14 people" injured) with a word in common near
  it (what was counted), unless either side is hedged ("about", "nearly", "more than") and the two are within
  20% of each other;
- a day ("on Tuesday" / "on Monday") when each claim dates itself to exactly one day;
- a place: the same statement (its other words mostly shared) puts it "in"/"at" exactly one place on
  each side, two different places of one level (two countries, two regions, two towns), and no
  article of the story places one inside the other ("Sevastopol, Crimea");
- a name: the same statement (its other words mostly shared) about or by two different people, each
  claim naming exactly one person and not the other's;
- affirm/deny: the same statement affirmed by one source and negated ("did not", "never") or denied
  by the other, unless both quote the same words (excerpts cut at different places);
- who said it: the same quoted words given to two different speakers (found by the quote step).
Numbers that are one side of odds or a ratio ("one-in-three chance") are not compared alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from rashomon.cluster.features import tokens
from rashomon.compare.align import Unit, same_amount
from rashomon.nlp.records import Quantity

HEDGES = re.compile(
    r"\b(?:about|around|nearly|almost|some|roughly|approximately|an estimated|estimated|more than|over|up to|"
    r"at least|less than|fewer than|under|at most|as many as|as much as|close to|upwards of|over)\s*$",
    re.IGNORECASE)
HEDGE_TOLERANCE = 0.2
RATIO = re.compile(r"\b[\w.]+[- ](?:in|to|out of)[- ][\w.]+\b(?:[- ]chance|[- ]odds)?", re.IGNORECASE)
CHECKED_KINDS = ("money", "percent", "quantity", "count", "rank")
# Share of their other words two claims must have in common to be "the same statement" with a different
# name or the opposite polarity: well above what two merely related claims share.
SAME_STATEMENT = 0.5
# Two amounts of one unit are compared only when the words this close to them (in characters) share one
# besides the amounts and the unit ("people were injured" / "people were injured").
COUNT_CONTEXT = 40
STATEMENT_WORDS = 4  # fewer content words than this and two claims are too short to call "the same statement"
# A negated verb ("did not reach", "was never", "won't"), a denial or a "not so" word ("inaccurate"): what
# makes a claim say the opposite. "are not accurate" and "was inaccurate" say the same.
NEGATION = re.compile(
    r"\b(?:(?:do|does|did|is|are|was|were|has|have|had|will|would|could|should|can|may|might|must)\s+(?:not|never)"
    r"|(?:do|does|did|is|are|was|were|has|have|had|would|could|should|must)n[’']t|won[’']t|can[’']t|cannot|never)\b",
    re.IGNORECASE)
DENIAL = re.compile(r"\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|refut(?:e|es|ed|ing)|inaccurate|incorrect|"
                    r"untrue|false|wrong|baseless|unfounded|groundless)\b", re.IGNORECASE)
POLAR_WORDS = frozenset({"deny", "denies", "denied", "denying", "reject", "rejects", "rejected", "rejecting",
                         "refute", "refutes", "refuted", "confirm", "confirms", "confirmed", "never", "cannot",
                         "accurate", "inaccurate", "correct", "incorrect", "true", "untrue", "false", "wrong",
                         "baseless", "unfounded", "groundless"})


@dataclass(frozen=True)
class Side:
    unit: Unit
    detail: str  # the number or date as the article wrote it


@dataclass(frozen=True)
class Context:
    """What the checks know about the story beyond two claims."""

    names: Mapping[str, str] = field(default_factory=dict)  # entity id -> canonical name
    inside: frozenset[tuple[str, str]] = frozenset()  # (place, place containing it) as the articles state it


@dataclass(frozen=True)
class Conflict:
    kind: str  # number | date | place | name | polarity | speaker
    description: str
    fact: int  # index of the fact
    sides: tuple[Side, ...]  # every member giving one of the values; ``detail`` is the value


def hedged(text: str, start: int) -> bool:
    """Whether the amount starting at ``start`` is approximate ("about 3,200", "nearly two metres")."""
    return bool(HEDGES.search(text[max(0, start - 24):start]))


def fact_conflicts(fact: int, members: list[Unit], texts: dict[str, str],
                   context: Context | None = None) -> list[Conflict]:
    """The number, date, place, name and polarity disagreements between independent members of one fact."""
    context = context or Context()
    found: list[Conflict] = []
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            if a.origin != b.origin:
                found += _numbers(fact, a, b, texts) + _dates(fact, a, b) + _places(fact, a, b, context)
                found += _names(fact, a, b, context) + _polarity(fact, a, b)
    return _merge_sides(found)


@cache
def place_levels() -> dict[str, str]:
    """Lower-case place name -> "country" | "region", from the shipped data/places.txt."""
    levels: dict[str, str] = {}
    level = ""
    for line in resources.files("rashomon").joinpath("data/places.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            level = line.strip("[]")
            continue
        for alias in line.split("|"):
            levels[alias.lower()] = level
    return levels


def place_level(name: str, after: str = "") -> str:
    """A place's level: country, region (listed, or written "X region", "X oblast", "X province") or local."""
    if re.match(r"\s+(?:region|oblast|province|state|county|governorate|district|prefecture)\b", after, re.I):
        return "region"
    return place_levels().get(name.lower().removeprefix("the "), "local")


def _places(fact: int, a: Unit, b: Unit, context: Context) -> list[Conflict]:
    if len(a.places) != 1 or len(b.places) != 1:
        return []
    (x, x_level), (y, y_level) = a.places[0], b.places[0]
    if x_level != y_level or (x, y) in context.inside or (y, x) in context.inside:
        return []
    # The overlap test keeps out "the attack in Orlando" / "flags at the White House": other things elsewhere.
    return _other_entity("place", "place", fact, a, b, x, y, context)


def _names(fact: int, a: Unit, b: Unit, context: Context) -> list[Conflict]:
    if len(a.people) != 1 or len(b.people) != 1 or a.quoted & b.quoted:
        return []  # one quotation with two speakers is the quote step's "who said it" check
    (x,), (y,) = a.people, b.people
    if context.names.get(x, x).split()[-1].lower() == context.names.get(y, y).split()[-1].lower():
        return []  # "Sheridan" and "Mark D. Sheridan": one person the linker left apart
    return _other_entity("name", "who", fact, a, b, x, y, context)


def _other_entity(kind: str, label: str, fact: int, a: Unit, b: Unit, x: str, y: str,
                  context: Context) -> list[Conflict]:
    """The same statement (its words besides the two names mostly shared) with entity ``x`` on one side
    and ``y`` on the other, neither side naming both."""
    if x == y or x in b.entities or y in a.entities:
        return []
    x_name, y_name = context.names.get(x, x), context.names.get(y, y)
    if _overlap(a.text, b.text, set(tokens(f"{x_name} {y_name}"))) < SAME_STATEMENT:
        return []
    return [Conflict(kind, f"{label}: {x_name} vs {y_name}", fact, (Side(a, x_name), Side(b, y_name)))]


def _polarity(fact: int, a: Unit, b: Unit) -> list[Conflict]:
    x, y = _negated(a.text), _negated(b.text)
    if x == y or a.quoted & b.quoted or _overlap(a.text, b.text, POLAR_WORDS) < SAME_STATEMENT:
        return []  # two excerpts of one quotation differ by where they were cut, not by what was said
    sides = tuple(Side(u, "denies" if negated else "affirms") for u, negated in ((a, x), (b, y)))
    return [Conflict("polarity", "affirm or deny: affirms vs denies", fact, sides)]


def _negated(text: str) -> bool:
    """Whether a claim says the opposite of its words: an odd number of negations and denials."""
    return (len(NEGATION.findall(text)) + len(DENIAL.findall(text))) % 2 == 1


def _overlap(a: str, b: str, ignore: set[str] | frozenset[str]) -> float:
    """Jaccard overlap of two claims' content words (minus ``ignore``); 0 when either says too little."""
    x = set(tokens(a)) - ignore
    y = set(tokens(b)) - ignore
    if min(len(x), len(y)) < STATEMENT_WORDS:
        return 0.0
    return len(x & y) / len(x | y)


def ratio_part(text: str, quantity: Quantity) -> bool:
    """Whether the number is one side of odds or a ratio ("one-in-three chance", "2 in 3", "3-to-1")."""
    around = text[max(0, quantity.start - 12):quantity.end + 12]
    return bool(RATIO.search(around))


def _numbers(fact: int, a: Unit, b: Unit, texts: dict[str, str]) -> list[Conflict]:
    found = []
    for i, x in enumerate(a.numbers):
        if x.kind not in CHECKED_KINDS or x.unit is None:
            continue
        same = [y for y in b.numbers if y.kind == x.kind and y.unit == x.unit]
        if not same or any(same_amount(x, y) for y in same):
            continue
        # Only when each side has one amount of this kind and unit: otherwise they may count different things.
        if len(same) != 1 or sum(1 for z in a.numbers if z.kind == x.kind and z.unit == x.unit) != 1:
            continue
        y = same[0]
        j = b.numbers.index(y)
        if not _around(a, x) & _around(b, y):
            continue  # "headed for at least 40 different states" / "four states have legalized it": other counts
        if ratio_part(texts[a.article_id], x) or ratio_part(texts[b.article_id], y):
            continue
        if (i in a.hedged or j in b.hedged) and same_amount(x, y, HEDGE_TOLERANCE):
            continue
        description = f"{x.unit or x.kind}: {x.text} vs {y.text}"
        found.append(Conflict("number", description, fact, (Side(a, amount(x)), Side(b, amount(y)))))
    return found


def _around(unit: Unit, quantity: Quantity) -> set[str]:
    """The content words near an amount in its claim, without the amount and its unit."""
    start, end = quantity.start - unit.start, quantity.end - unit.start
    near = unit.text[max(0, start - COUNT_CONTEXT):start] + " " + unit.text[end:end + COUNT_CONTEXT]
    return set(tokens(near)) - set(tokens(f"{quantity.text} {quantity.unit or ''}"))


def amount(quantity: Quantity) -> str:
    """A number as a conflict shows it: the normalised value and unit ("12 people", "40000000 EUR")."""
    value = f"{quantity.value:,.0f}" if quantity.value == int(quantity.value) else f"{quantity.value:g}"
    return f"{value} {quantity.unit}" if quantity.unit else value


def _dates(fact: int, a: Unit, b: Unit) -> list[Conflict]:
    def day(unit: Unit) -> tuple[str, str] | None:
        # Only days in the past: plans and deadlines ("home before Friday") are not checkable yet.
        days = [(t.value, t.text) for t in unit.times if t.precision == "day" and t.value and t.kind != "deadline"
                and t.relation in ("past", "present")]
        return days[0] if len(days) == 1 else None

    x, y = day(a), day(b)
    if x is None or y is None or x[0] == y[0]:
        return []
    return [Conflict("date", f"date: {x[1]} ({x[0]}) vs {y[1]} ({y[0]})", fact, (Side(a, x[0]), Side(b, y[0])))]


def _merge_sides(conflicts: list[Conflict]) -> list[Conflict]:
    """One conflict per fact and kind, with every member that gives one of the disagreeing values as a side."""
    merged: dict[tuple[int, str], Conflict] = {}
    for conflict in conflicts:
        key = (conflict.fact, conflict.kind)
        previous = merged.get(key)
        if previous is None:
            merged[key] = conflict
            continue
        sides = list(previous.sides)
        sides += [s for s in conflict.sides if all(s.unit.index != p.unit.index for p in sides)]
        merged[key] = Conflict(conflict.kind, previous.description, conflict.fact, tuple(sides))
    return list(merged.values())
