"""Entity mentions from spaCy's NER, with the small model's common mistakes on news repaired."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rashomon.nlp.document import Working
from rashomon.nlp.lexicon import words
from rashomon.records import Mention

if TYPE_CHECKING:
    from spacy.tokens import Span

LABELS = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "NORP": "GROUP",
    "EVENT": "EVENT", "PRODUCT": "PRODUCT", "WORK_OF_ART": "WORK", "LAW": "LAW", "LANGUAGE": "LANGUAGE",
    "DATE": "DATE", "TIME": "TIME", "MONEY": "MONEY", "QUANTITY": "QUANTITY", "PERCENT": "PERCENT",
    "CARDINAL": "CARDINAL", "ORDINAL": "ORDINAL",
}
NAME_LABELS = frozenset({"PERSON", "ORG", "PLACE", "GROUP"})
TITLES = words("""
mr mr. mrs mrs. ms ms. dr dr. sen sen. rep rep. gov gov. gen gen. president prime minister secretary senator
chancellor king queen prince princess pope sheikh ambassador envoy spokesman spokeswoman ceo chairman director
representative rep councillor councilor councilman councilwoman mayor governor judge justice professor prof prof.
col col. lt lt. sgt sgt. capt capt. adm adm. gen. rev rev. fr fr. sir dame lord lady
detective superintendent inspector constable sergeant commissioner sheriff coroner curator
headteacher headmaster headmistress coxswain auctioneer coach
""")
# A titled name the small model did not tag at all: "Detective Superintendent Grace Olander is leading the inquiry".
# The title and one to three capitalised words after it (not a title, month or weekday themselves).
_NAME_WORD = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
_TITLE_WORDS = "|".join(sorted((re.escape(t.capitalize()) for t in TITLES), key=len, reverse=True))
TITLED_NAME = re.compile(rf"\b(?:{_TITLE_WORDS})\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})\b")
# A name the small model did not tag, set off by a role: "Agnes Marholm, the regional fire chief, directed ...".
ROLE_NOUNS = TITLES | words("""chief executive head leader officer manager coach captain inspector commander director
founder owner chair chairwoman chairperson president spokesperson""")
_ROLE_NOUNS = "|".join(sorted((re.escape(t) for t in ROLE_NOUNS), key=len, reverse=True))
# Or with no article: "Anneliese Brock, currently chief executive of Nordal Air, will run", "Kiri Valen, director of
# the Relief Office, said" (a time word before the role, or whose role it is after it).
APPOSED_NAME = re.compile(rf"(?<![\w’'])(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}),\s+"
                          rf"(?:(?:the|a|an|its|his|her|their)\s+(?:[\w’'-]+\s+){{0,3}}?(?:{_ROLE_NOUNS})\b|"
                          rf"(?:currently|now|formerly|previously|until\s+recently)\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,3}}?"
                          rf"(?:{_ROLE_NOUNS})\b|(?:[a-z][\w’'-]*\s+){{0,2}}(?:{_ROLE_NOUNS})\s+(?:of|at|for)\s+(?:the\s+)?[A-Z])")
NOT_NAME_WORDS = words("""january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday the and of""")
# Labels the small model gives a titled person's name by mistake; titles that also start place names.
_TITLED_MISTAKES = frozenset({"ORG", "PLACE", "PRODUCT", "WORK", "GROUP", "EVENT"})
_PLACE_TITLES = words("king queen prince princess lord lady pope sir dame")
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_TRIM = " \n\t.,;:!?-–—\"'“”‘’()[]"


def entities(work: Working) -> None:
    """Add a Mention for every named entity, repaired; then relabel surnames seen as PERSON elsewhere."""
    for sentence in work.sentences:
        for ent in sentence.span.ents:
            for start, end, label in _repair(ent):
                mention = _mention(work.text, sentence.offset + start, sentence.offset + end, label)
                if mention is not None:
                    work.mentions.append(mention)
    work.mentions.extend(_untagged_titled(work.text, work.mentions))
    work.mentions.sort(key=lambda m: m.start)
    work.mentions[:] = _agree_on_people(work.mentions)


def _untagged_titled(text: str, mentions: list[Mention]) -> list[Mention]:
    """PERSON mentions for titled or apposed names no tagged mention touches (TITLED_NAME, APPOSED_NAME)."""
    def untagged(start: int, end: int) -> bool:  # one line, and no tagged mention touches it
        return "\n" not in text[start:end] and not any(m.start < end and start < m.end for m in mentions)

    found = []
    for match in APPOSED_NAME.finditer(text):
        start, end = match.span("name")
        first = match.group("name").split()[0].lower()
        if first not in TITLES and first not in NOT_NAME_WORDS and untagged(start, end):
            found.append(Mention(start, end, text[start:end], "PERSON"))
    for match in TITLED_NAME.finditer(text):
        names = match.group("name").split()
        while names and (names[-1].lower() in TITLES or names[-1].lower() in NOT_NAME_WORDS):
            names.pop()
        while names and (names[0].lower() in TITLES or names[0].lower() in NOT_NAME_WORDS):
            names.pop(0)
        if len(names) < 2:  # a surname alone after a title is too often something else ("Inspector General")
            continue
        start = text.index(names[0], match.start("name"))
        end = text.index(names[-1], start) + len(names[-1])
        if untagged(start, end):
            found.append(Mention(start, end, text[start:end], "PERSON"))
    return found


def _repair(ent: Span) -> list[tuple[int, int, str]]:
    """Split "Elon Musk's SpaceX" at the possessive, drop titles, a leading "the" and a trailing "'s"."""
    label = LABELS.get(ent.label_, ent.label_)
    tokens = list(ent)
    if label in _TITLED_MISTAKES and _titled(ent):
        label = "PERSON"  # "Mayor Ines Calder" read as a product, "Senator Voss" as a place
    cut = next((i for i, t in enumerate(tokens[:-1]) if t.text in POSSESSIVE and i > 0), None)
    if cut is not None and label in NAME_LABELS:
        left, right = tokens[:cut], tokens[cut + 1:]
        right_label = "ORG" if label == "PERSON" else label
        return [*_clean(left, label), *_clean(right, right_label)]
    return _clean(tokens, label)


def _titled(ent: Span) -> bool:
    """A short run of capitalised words right after a personal title ("Mayor", "Sen.", "Ms.")."""
    if ent.start == 0 or len(ent) > 3 or not all(t.text[:1].isupper() for t in ent if t.text not in POSSESSIVE):
        return False
    before = ent.doc[ent.start - 1]
    return before.text[:1].isupper() and before.lower_ in TITLES and before.lower_ not in _PLACE_TITLES


def _clean(tokens: list, label: str) -> list[tuple[int, int, str]]:
    while tokens and tokens[-1].text in POSSESSIVE:
        tokens = tokens[:-1]
    if label in NAME_LABELS:
        while tokens and tokens[0].lower_ == "the":
            tokens = tokens[1:]
    if label == "PERSON":
        while len(tokens) > 1 and tokens[0].lower_ in TITLES:
            tokens = tokens[1:]
    if not tokens:
        return []
    return [(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), label)]  # offsets within the paragraph


def _mention(text: str, start: int, end: int, label: str) -> Mention | None:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM and not text[start:end].endswith(("Inc.", "Corp.", "Co.", "Ltd.")):
        end -= 1
    if end <= start:
        return None
    return Mention(start, end, text[start:end], label)


def _agree_on_people(mentions: list[Mention]) -> list[Mention]:
    """A one-word mention equal to a known person's surname is that person ("According to Dmitriev" as GPE)."""
    surnames = {m.text.split()[-1] for m in mentions if m.label == "PERSON" and " " in m.text}
    return [Mention(m.start, m.end, m.text, "PERSON")
            if m.label in NAME_LABELS and m.label != "PERSON" and m.text in surnames else m
            for m in mentions]
