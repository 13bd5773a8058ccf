"""Contradictions: aligned claims from independent sources that disagree on a checkable detail.

Only details that can be checked are compared, so differences of emphasis never raise an alarm:
- a number of the same kind and unit ("12 people" / "14 people" injured), unless either side is
  hedged ("about", "nearly", "more than") and the two are within 20% of each other;
- a day ("on Tuesday" / "on Monday") when each claim dates itself to exactly one day;
- who said it: the same quoted words given to two different speakers (found by the quote step).
Numbers that are one side of odds or a ratio ("one-in-three chance") are not compared alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rashomon.compare.align import Unit, same_amount
from rashomon.nlp.records import Quantity

HEDGES = re.compile(
    r"\b(?:about|around|nearly|almost|some|roughly|approximately|an estimated|estimated|more than|over|up to|"
    r"at least|less than|fewer than|under|at most|as many as|as much as|close to|upwards of|over)\s*$",
    re.IGNORECASE)
HEDGE_TOLERANCE = 0.2
RATIO = re.compile(r"\b[\w.]+[- ](?:in|to|out of)[- ][\w.]+\b(?:[- ]chance|[- ]odds)?", re.IGNORECASE)
CHECKED_KINDS = ("money", "percent", "quantity", "count", "rank")


@dataclass(frozen=True)
class Side:
    unit: Unit
    detail: str  # the number or date as the article wrote it


@dataclass(frozen=True)
class Conflict:
    kind: str  # number | date | speaker
    description: str
    fact: int  # index of the fact
    sides: tuple[Side, ...]  # every member giving one of the values; ``detail`` is the value


def hedged(text: str, start: int) -> bool:
    """Whether the amount starting at ``start`` is approximate ("about 3,200", "nearly two metres")."""
    return bool(HEDGES.search(text[max(0, start - 24):start]))


def fact_conflicts(fact: int, members: list[Unit], texts: dict[str, str]) -> list[Conflict]:
    """The number and date disagreements between independent members of one fact."""
    found: list[Conflict] = []
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            if a.origin != b.origin:
                found += _numbers(fact, a, b, texts) + _dates(fact, a, b)
    return _merge_sides(found)


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
        if ratio_part(texts[a.article_id], x) or ratio_part(texts[b.article_id], y):
            continue
        if (i in a.hedged or j in b.hedged) and same_amount(x, y, HEDGE_TOLERANCE):
            continue
        description = f"{x.unit or x.kind}: {x.text} vs {y.text}"
        found.append(Conflict("number", description, fact, (Side(a, amount(x)), Side(b, amount(y)))))
    return found


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
