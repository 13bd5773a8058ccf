"""Numbers normalised to a value and a unit: money, percentages, measured quantities, counts, ranks.

"3.8 million metric tons" -> 3.8e6 t; "$2 billion" -> 2e9 USD; "12 percent" -> 12 %;
"fifth-largest" -> rank 5 (largest); "14 people" -> 14 people (a count, unit = the counted noun);
"passed by a vote of 7 to 2", "won 3-1" -> a tally (7 to 2);
"a 67-year-old teacher", "aged 67", "Dmitriev, 49," -> age 67 years;
"seven years in prison", "a nine-year sentence", "lasted 36 hours" -> a duration (7 year, 9 year, 36 hour).
"""

from __future__ import annotations

import re
from typing import Any

from rashomon.nlp import wordnet
from rashomon.nlp.document import Working
from rashomon.records import Quantity

SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
          "b": 1e9, "trillion": 1e12, "tn": 1e12, "hundred": 1e2, "dozen": 12}
TALLY_BASE = 100_000  # a tally "7 to 2" is kept as 7 * TALLY_BASE + 2
COUNT_SCALES = frozenset({"dozen", "hundred", "thousand", "million", "billion", "trillion"})  # "2.3 million customers"
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100,
    "a dozen": 12, "dozens": 24, "hundreds": 200, "thousands": 2000, "a": 1, "an": 1,
}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20}
CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₴": "UAH"}
CURRENCY_WORDS = {"dollar": "USD", "euro": "EUR", "pound": "GBP", "ruble": "RUB", "rouble": "RUB", "yuan": "CNY",
                  "yen": "JPY", "hryvnia": "UAH", "usd": "USD", "eur": "EUR", "gbp": "GBP", "rub": "RUB"}
UNITS = {
    "metric ton": "t", "metric tonne": "t", "tonne": "t", "ton": "t", "t": "t", "kilogram": "kg", "kg": "kg",
    "gram": "g", "kilometre": "km", "kilometer": "km", "km": "km", "mile": "mi", "metre": "m", "meter": "m",
    "square kilometre": "km2", "square kilometer": "km2", "square mile": "mi2", "hectare": "ha", "acre": "acre",
    "barrel": "bbl", "litre": "l", "liter": "l", "cubic metre": "m3", "cubic meter": "m3", "megawatt": "MW",
    "gigawatt": "GW", "kilowatt": "kW", "degree": "deg", "percent": "%", "per cent": "%", "percentage point": "pp",
}
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
DIGIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# "forty-three", "Twenty one": one number, not forty and three.
_COMPOUND = rf"(?:{'|'.join(TENS)})[- ](?:{'|'.join(DIGIT_WORDS)})\b"
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + _COMPOUND + "|" + "|".join(
    sorted((w for w in WORD_NUMBERS if " " not in w), key=len, reverse=True)) + r")"
_SCALE = r"(?:[ -]?(?P<scale>thousand|million|billion|trillion|mln|mn|bn|tn|hundred|dozen|[kmb])\b)?"
_UNIT = "|".join(sorted((re.escape(u) + "s?" for u in UNITS), key=len, reverse=True))
_CUR_WORD = "|".join(sorted(CURRENCY_WORDS, key=len, reverse=True))
_SUPERLATIVE = r"(?P<sup>largest|biggest|highest|lowest|smallest|most \w+|least \w+|best|worst|richest|poorest|" \
               r"longest|oldest|busiest|strongest|\w+est)"
# A person's age: "67-year-old", "67 years old", "aged 67", and the age after a name ("Dmitriev, 49, is").
_AGE = re.compile(r"\b(?P<num>\d{1,3})[- ]years?[- ]old\b|\baged (?P<aged>\d{1,3})\b|"
                  r"\b[A-Z][a-z’'-]+, (?P<after>\d{1,3}),(?= (?!and\b|or\b)[a-z])")
# A vote or a score: "by a vote of 7 to 2", "passed 6-3", "by 312 votes to 289", "won 3-1", "beat Hull 2-0". Only
# after such words: "10 to 15 people" is a range, "a 1-in-3 chance" odds.
_TALLY = re.compile(
    r"\b(?:(?:a\s+)?(?:vote|margin|score|tally)\s+of\s+|(?:passed|passing|approved|approving|rejected|adopted|voted|"
    r"voting|won|winning|lost|drew|ended|finished|backed|backing|supported|endorsed|carried|opposed|elected)\s+(?:(?:it|them|the\s+[\w-]+(?:\s+[\w-]+)?)\s+)?(?:by\s+)?|(?:beat|defeated)\s+(?:[A-Z][\w'’-]*\s+){1,3}|\bby\s+(?=\d+\s+votes))"
    r"(?P<left>\d{1,4})(?:\s+votes?)?\s*(?:to|-|–)\s*(?P<right>\d{1,4})\b(?![-–]\w|\s*(?:percent|per cent|%))")
# A span of time: "seven years in prison", "a nine-year sentence", "lasted 36 hours", "three weeks". Not an age (read
# before), a time ago ("two days ago": the times' own), nor "a year" (no number).
_DURATION = re.compile(r"\b" + _NUM + r"[- ](?P<unit>decades?|years?|months?|weeks?|days?|hours?|minutes?)\b"
                       r"(?![- ]old\b|\s+ago\b|\s+(?:earlier|later|before|after)\b)", re.I)
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("age", _AGE),
    ("tally", _TALLY),
    ("duration", _DURATION),
    ("money", re.compile(r"(?P<cur>US\$|[$€£¥₽₴])\s?" + _NUM + _SCALE, re.I)),
    ("money", re.compile(r"\b" + _NUM + _SCALE + r"\s?(?P<curword>" + _CUR_WORD + r")s?\b", re.I)),
    ("percent", re.compile(r"\b" + _NUM + r"\s?(?P<unit>%|percent\b|per cent\b|percentage points?\b)", re.I)),
    ("rank", re.compile(r"\b(?P<ord>" + "|".join(ORDINALS) + r"|\d+(?:st|nd|rd|th))[- ]" + _SUPERLATIVE + r"\b",
                        re.I)),
    ("quantity", re.compile(r"\b" + _NUM + _SCALE + r"[\s-]?(?P<unit>" + _UNIT + r")\b", re.I)),  # "980-kilogram"
    ("ordinal", re.compile(r"\b(?P<ord>" + "|".join(ORDINALS) + r"|\d+(?:st|nd|rd|th))\b", re.I)),
)
BE_FORMS = frozenset({"is", "was", "are", "were", "be", "been", "'s", "’s"})
# Verbs that give a thing its figure "at" it ("put its magnitude at 3.8", "estimated the damage at 40 million"), and
# nouns that stand for the count of what they are "of" ("the number of confirmed cases").
PUTTING = frozenset({"put", "estimate", "set", "place", "peg", "fix", "value", "assess"})
TALLY_NOUNS = frozenset({"number", "total", "count", "tally", "figure", "toll"})
_YEARLIKE = re.compile(r"^(?:1[89]|20|21)\d\d$")


def numbers(work: Working) -> None:
    """Add a Quantity for every amount, percentage, measure, count, ordinal and rank."""
    taken = [(t.start, t.end) for t in work.times]
    found: list[Quantity] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(work.text):
            if _overlaps(match.start(), match.end(), taken):
                continue
            quantity = _quantity(kind, match)
            if quantity is not None:
                taken.append((match.start(), match.end()))
                found.append(quantity)
    found += _counts(work, taken)
    work.numbers[:] = sorted(found, key=lambda q: q.start)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in taken)


def _value(groups: dict[str, str | None]) -> float | None:
    raw = (groups.get("num") or "").lower()
    if not raw:
        return None
    base = float(raw.replace(",", "")) if raw[0].isdigit() else float(word_value(raw) or 0)
    scale = (groups.get("scale") or "").lower()
    return base * SCALES.get(scale, 1.0)


def word_value(words: str) -> int | None:
    """The value of a number in words: "seven", "forty-three", "twenty one"; None for anything else."""
    parts = re.split(r"[- ]", words.lower())
    if len(parts) == 2 and parts[0] in TENS and parts[1] in DIGIT_WORDS:
        return WORD_NUMBERS[parts[0]] + WORD_NUMBERS[parts[1]]
    return WORD_NUMBERS.get(words.lower())


def _quantity(kind: str, match: re.Match[str]) -> Quantity | None:
    groups = match.groupdict()
    text = match.group()
    if kind == "age":
        return _age(match)
    if kind == "tally":  # value: left * TALLY_BASE + right, compared exactly (conflicts.same_amount)
        left, right = int(groups["left"]), int(groups["right"])
        return Quantity(match.start("left"), match.end("right"), text[match.start("left") - match.start():],
                        float(left * TALLY_BASE + right), "tally", "tally")
    if kind in ("rank", "ordinal"):
        word = groups["ord"].lower()
        rank = float(ORDINALS[word]) if word in ORDINALS else float(re.sub(r"\D", "", word))
        superlative = groups.get("sup")
        unit = superlative.lower() if kind == "rank" and superlative else None
        return Quantity(match.start(), match.end(), text, rank, unit, kind)
    value = _value(groups)
    if value is None or (groups.get("num", "").lower() in ("a", "an") and not groups.get("scale")):
        return None
    if kind == "money":
        sign = (groups.get("cur") or "").lower()
        unit = CURRENCY_SIGNS.get(sign) or CURRENCY_WORDS.get((groups.get("curword") or "").lower())
    elif kind == "percent":
        unit = "pp" if "point" in groups["unit"].lower() else "%"
    elif kind == "duration":
        unit = groups["unit"].lower().removesuffix("s")
    else:
        unit = UNITS.get(_singular(groups["unit"].lower()), groups["unit"].lower())
    return Quantity(match.start(), match.end(), text, value, unit, kind)


def _age(match: re.Match[str]) -> Quantity | None:
    groups = match.groupdict()
    years = float(groups.get("num") or groups.get("aged") or groups.get("after") or 0)
    if not 0 < years < 125:
        return None
    if groups.get("after"):  # the number alone, not the commas around it
        return Quantity(match.start("after"), match.end("after"), groups["after"], years, "years", "age")
    return Quantity(match.start(), match.end(), match.group(), years, "years", "age")


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and word[:-1] in UNITS else word


def _counts(work: Working, taken: list[tuple[int, int]]) -> list[Quantity]:
    """Plain numbers from the parse: '14 people' (unit = the counted noun), '49' (no unit)."""
    found = []
    for sentence in work.sentences:
        for token in sentence.span:
            if not token.like_num or token.ent_type_ in ("DATE", "TIME"):
                continue
            start = sentence.char(token)
            end = start + len(token.text)
            if _overlaps(start, end, taken) or _YEARLIKE.match(token.text):
                continue
            value = _token_value(token.text)
            if value is None or _tens_of_compound(token):
                continue  # "forty" of "forty-three" is read with its "three"
            if (tens := _compound_tens(token)) is not None:
                value += WORD_NUMBERS[tens.lower_]
                start = sentence.char(tens)
            counted = token
            after = token.nbor(1) if token.i + 1 < len(token.doc) else None
            if after is not None and after.lower_ in COUNT_SCALES and after.i < sentence.span.end:
                # "2.3 million customers": the scale word multiplies, and it is the one that counts the noun
                value *= SCALES[after.lower_]
                counted = after
                end = sentence.char(after) + len(after.text)
            unit = _counted(counted)
            if unit is None and counted is not token and _counted(token) is not None:
                counted = token  # "two dozen military helicopters": the number, not "dozen", is read as counting
                unit = _counted(token)
            if unit is not None and counted.dep_ == "nummod":
                end = max(end, sentence.char(counted.head) + len(counted.head.text)) \
                    if counted.head.i > counted.i else end
            found.append(Quantity(start, end, work.text[start:end], value, unit, "count"))
            taken.append((start, end))
    return found


def _tens_of_compound(token: Any) -> bool:
    """Whether the token is the "forty" of "forty-three" or "forty three"."""
    if token.lower_ not in TENS:
        return False
    following = list(token.doc[token.i + 1:token.i + 3])
    if following and following[0].text == "-":
        following = following[1:]
    return bool(following) and following[0].lower_ in DIGIT_WORDS


def _compound_tens(token: Any) -> Any:
    """The "forty" before the token "three" of "forty-three" (or "forty three"), else None."""
    if token.lower_ not in DIGIT_WORDS or token.i == 0:
        return None
    before = token.doc[token.i - 1]
    if before.text == "-" and token.i >= 2:
        before = token.doc[token.i - 2]
    return before if before.lower_ in TENS else None


def _noun_lemma(token: Any) -> str:
    """A noun's lemma, lower case, where the small pipeline cuts "-es" from a word that only sheds its "s" ("doses" is
    dose, not "dos"; "vases" vase; but "buses" bus, "lenses" lens): the form WordNet's texts use more as a noun wins."""
    lemma = str(token.lemma_).lower()
    word = token.lower_
    if word.endswith("es") and lemma == word[:-2] and wordnet.noun_use(word[:-1]) > wordnet.noun_use(lemma):
        return word[:-1]
    return lemma


def _counted(token: Any) -> str | None:
    """What a plain number counts: the noun it modifies ("14 people"), the noun it is "of" ("a crowd of 31,450",
    "a death toll of 12"), the noun it is the value of ("attendance was 27,900") or the noun put at it ("put its
    magnitude at 3.8", "put the number of confirmed cases at 147"); None when the parse names no noun ("rose to 12",
    "he was one", and some of a whole, "Seven of the children": a part, never set against a count of all)."""
    head = token.head
    if token.dep_ == "nummod" and head.pos_ == "NOUN":
        return _noun_lemma(head)
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and head.head.i < head.i:
        return _noun_lemma(head.head)
    if token.dep_ == "pobj" and head.lower_ == "at" and head.head.lemma_.lower() in PUTTING:
        put = [c for c in head.head.children if c.dep_ == "dobj" and c.pos_ == "NOUN"]
        if len(put) == 1:
            of = [g for c in put[0].children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                  if g.dep_ == "pobj" and g.pos_ == "NOUN"]
            return _noun_lemma(of[0] if of and put[0].lemma_.lower() in TALLY_NOUNS else put[0])
    if token.dep_ == "attr" and head.lower_ in BE_FORMS:
        subjects = [child for child in head.children if child.dep_ == "nsubj" and child.pos_ == "NOUN"]
        if len(subjects) == 1:
            return _noun_lemma(subjects[0])
    return None


def _token_value(text: str) -> float | None:
    lowered = text.lower().replace(",", "")
    if lowered in WORD_NUMBERS and lowered not in ("a", "an"):
        return float(WORD_NUMBERS[lowered])
    try:
        return float(lowered)
    except ValueError:
        return None
