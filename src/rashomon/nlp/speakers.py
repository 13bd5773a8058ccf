"""Resolve each quote's speaker to a named mention: names to their fullest form in the article,
pronouns and role descriptions ("he", "the Russian official", "Russia's president") to the fitting
named person: the one the article gave that role, else the nearest person of the pronoun's gender."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rashomon.nlp.document import Working
from rashomon.nlp.lexicon import (
    FEMALE_GIVEN_NAMES,
    MALE_GIVEN_NAMES,
    MEDIA_NOUNS,
    PERSON_PRONOUNS,
    ROLE_NOUNS,
    words,
)
from rashomon.records import Mention, Quote

# How far back (in sentences) a pronoun looks for the person it stands for before falling back to
# the last quoted speaker.
PRONOUN_WINDOW = 4
FEMININE = frozenset({"she", "her", "hers", "herself"})
MASCULINE = frozenset({"he", "him", "his", "himself"})
DETERMINERS = frozenset({"the", "this", "that", "a", "an", "his", "her", "its", "their"})
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+$")
_PRONOUN = re.compile(r"\b(?:she|her|hers|herself|he|him|his|himself)\b", re.I)
# The title words written right before a name ("Russian President Vladimir Putin", "economic envoy Kirill
# Dmitriev") and the apposition right after it ("Kirill Dmitriev, the head of RDIF,").
_TITLE_BEFORE = re.compile(r"((?:[\w’'.-]+\s+){1,4})$")
_APPOSITION_AFTER = re.compile(r",\s+((?:the|a|an)\s+[^,.;:()\n]{3,60})")
# Words a quote's speaker may be written as that name nobody by themselves: pronouns and quantifiers.
NO_NAME = words("""i we you he she it they one this that these those some many most others all both each several
few none who someone somebody everyone everybody nobody""")
# What follows a dateline: "WASHINGTON -- ", "Denver (AP) – ", "LONDON (Reuters) - ".
DATELINE_AFTER = re.compile(r"\s*(?:\([^()\n]{1,30}\)\s*)?(?:--|[–—-])\s")
# The words between a dateline and the speech verb that may be the speaker: a short phrase, no clause.
DATELINE_SPEAKER_WORDS = 8
_CLAUSE_MARK = re.compile(r"[,;:()\n\"“”]")


@dataclass(frozen=True)
class _People:
    """What the article says about its people, gathered once per article."""

    full: dict[str, str]  # surname -> the longest name with that surname
    subjects: list[tuple[int, str]]  # (offset, canonical name) of person subjects outside quote marks
    genders: dict[str, str]  # canonical name -> "f" | "m", where the article shows it
    roles: list[tuple[int, str, frozenset[str]]]  # (offset, canonical name, title words) per mention

    def canonical(self, text: str) -> str:
        return _canonical(text, self.full)

    def agrees(self, name: str, pronoun: str) -> bool:
        gender = self.genders.get(name)
        clash = (pronoun in FEMININE and gender == "m") or (pronoun in MASCULINE and gender == "f")
        return not clash


def resolve_speakers(work: Working, quotes: list[Quote]) -> list[Quote]:
    people = [m for m in work.mentions if m.label == "PERSON"]
    full = _full_names(people)
    quoted = [(q.start, q.end) for q in quotes if q.kind != "indirect"]
    subjects = [(start, _canonical(name, full)) for start, name in _person_subjects(work, people, quoted)]
    known = _People(full, subjects, _genders(work, people, full), _roles(work, people, full))
    resolved: list[Quote] = []
    for quote in quotes:
        if is_dateline(quote, work.text):
            quote = _past_dateline(quote, work.text)
        name = _resolve(work, quote, known, resolved)
        resolved.append(replace(quote, speaker_resolved=name))
    return resolved


def names_nobody(written: str) -> bool:
    """Whether a speaker written as these words names nobody by itself ("They", "It", "Some"); "WHO" in capitals
    is the organisation."""
    return written.strip().lower() in NO_NAME and not (written.isupper() and len(written.strip()) > 1)


def is_dateline(quote: Quote, text: str) -> bool:
    """Whether the words the parser took for the quote's speaker are the article's dateline ("WASHINGTON -- ...
    said", "Denver (AP) – ..."): at the start of a line, written in capitals or followed by an agency, then a dash.
    "Smith -- a Republican -- told reporters" opens with its speaker."""
    if quote.speaker_start is None or quote.speaker_end is None:
        return False
    line_start = text.rfind("\n", 0, quote.speaker_start) + 1
    after = DATELINE_AFTER.match(text, quote.speaker_end)
    return not text[line_start:quote.speaker_start].strip() and after is not None \
        and (text[quote.speaker_start:quote.speaker_end].isupper() or "(" in after.group())


def _past_dateline(quote: Quote, text: str) -> Quote:
    """The quote with the speaker the dateline hid: the short phrase between the dateline's dash and the speech verb
    ("LONDON (Reuters) - Britain's finance minister said"), else no speaker."""
    after = DATELINE_AFTER.match(text, quote.speaker_end or 0)
    assert after is not None
    begin = after.end()
    if quote.cue_start is not None and begin < quote.cue_start:
        stretch = text[begin:quote.cue_start].rstrip()
        if 0 < len(stretch.split()) <= DATELINE_SPEAKER_WORDS and not _CLAUSE_MARK.search(stretch):
            return replace(quote, speaker=stretch, speaker_start=begin, speaker_end=begin + len(stretch))
    return replace(quote, speaker=None, speaker_start=None, speaker_end=None)


def _full_names(people: list[Mention]) -> dict[str, str]:
    """Each person's surname and name forms mapped to the longest name with that surname in the article."""
    longest: dict[str, str] = {}
    for mention in people:
        surname = mention.text.split()[-1]
        if len(mention.text) > len(longest.get(surname, "")):
            longest[surname] = mention.text
    return longest


def _canonical(text: str, full: dict[str, str]) -> str:
    return full.get(text.split()[-1], text)


def _genders(work: Working, people: list[Mention], full: dict[str, str]) -> dict[str, str]:
    """Each person's grammatical gender ("f" or "m") where the article shows it: an honorific before
    a mention (Mr., Mrs., Ms.), a given name that is nearly always one or the other, or the pronouns
    in the sentences where that person is the only one named. People the article leaves open are absent."""
    votes: dict[str, list[int]] = {}
    for mention in people:
        name = _canonical(mention.text, full)
        tally = votes.setdefault(name, [0, 0])
        honorific = _HONORIFIC.search(work.text, max(0, mention.start - 6), mention.start)
        if honorific is not None:
            tally[honorific.group(1) == "Mr"] += 5
        given = name.split()[0].lower() if len(name.split()) > 1 else ""
        if given in FEMALE_GIVEN_NAMES or given in MALE_GIVEN_NAMES:
            tally[given in MALE_GIVEN_NAMES] += 3
    for sentence in work.sentences:
        named = {_canonical(m.text, full) for m in people if sentence.start <= m.start < sentence.end}
        if len(named) != 1:
            continue
        tally = votes[named.pop()]
        for pronoun in _PRONOUN.findall(work.text, sentence.start, sentence.end):
            tally[pronoun.lower() in MASCULINE] += 1
    return {name: "f" if f > m else "m" for name, (f, m) in votes.items() if f != m and max(f, m) >= 2}


def _roles(work: Working, people: list[Mention], full: dict[str, str]) -> list[tuple[int, str, frozenset[str]]]:
    """Each person mention with the words of the title or apposition the article gives it there."""
    roles = []
    for mention in people:
        line_start = work.text.rfind("\n", 0, mention.start) + 1
        before = _TITLE_BEFORE.search(work.text, max(line_start, mention.start - 60), mention.start)
        title = before.group(1).split() if before else []
        while title and not (title[0][:1].isupper() or title[0].lower() in ROLE_NOUNS):
            title = title[1:]  # "between Russian President" -> "Russian President"
        after = _APPOSITION_AFTER.match(work.text, mention.end)
        words = [*title, *(after.group(1).split() if after else [])]
        stems = frozenset(_stem(w) for w in words if w.lower() not in DETERMINERS)
        if stems:
            roles.append((mention.start, _canonical(mention.text, full), stems))
    return roles


def _stem(word: str) -> str:
    """'Russia's', 'Russian', 'russia' -> 'russ'; 'President' -> 'pres': enough to match a description to a title."""
    return word.lower().replace("’", "'").removesuffix("'s").strip(".,'")[:4]


def _by_role(description: list[str], position: int, known: _People) -> str | None:
    """The person the article titled with this description's role noun ("the envoy", "Russia's
    president"): the one whose title shares most of its other words; the nearest before ``position``
    when several fit equally."""
    head = _stem(description[-1])
    modifiers = {_stem(w) for w in description[:-1] if w not in DETERMINERS}
    holders = [(start, name, stems) for start, name, stems in known.roles if head in stems]
    best = max((len(modifiers & stems) for _, _, stems in holders), default=0)
    if modifiers and not best:
        return None
    matching = [h for h in holders if len(modifiers & h[2]) == best]
    if len({name for _, name, _ in matching}) > 1:
        earlier = [h for h in matching if h[0] < position]
        matching = earlier[-1:] or matching[:1]
    return matching[0][1] if matching else None


def _person_subjects(work: Working, people: list[Mention], quoted: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """(offset, name) of people who are grammatical subjects outside quote marks, in text order."""
    found = []
    for sentence in work.sentences:
        for token in sentence.span:
            if token.dep_ not in ("nsubj", "nsubjpass") or token.ent_type_ != "PERSON":
                continue
            char = sentence.char(token)
            if any(s <= char < e for s, e in quoted):
                continue
            mention = next((m for m in people if m.start <= char < m.end), None)
            if mention is not None:
                found.append((mention.start, mention.text))
    return found


def _resolve(work: Working, quote: Quote, known: _People, done: list[Quote]) -> str | None:
    if quote.speaker is None or quote.speaker_start is None or quote.speaker_end is None:
        return None
    inside = [m for m in work.mentions if m.start < quote.speaker_end and quote.speaker_start < m.end]
    person = next((m for m in reversed(inside) if m.label == "PERSON"), None)
    if person is not None:
        return known.canonical(person.text)
    words = quote.speaker.lower().replace("’", "'").split()
    if words[-1] in PERSON_PRONOUNS:
        return _antecedent(work, quote.speaker_start, words[-1], known, done)
    described = words[-1] in ROLE_NOUNS and (
        words[0] in ("the", "this", "that", "his", "her") or words[0].endswith("'s"))
    if described:  # "the envoy", "his spokesman", "Russia's president"
        return _by_role(words, quote.speaker_start, known) or _antecedent(
            work, quote.speaker_start, words[-1], known, done)
    if words[-1] in MEDIA_NOUNS:
        return quote.speaker
    if words[0] in ("the", "this", "that") and len(words) > 1:  # "the authority" after "the regional water authority"
        earlier = next((q.speaker_resolved for q in reversed(done) if q.speaker_resolved
                        and q.speaker_resolved.lower().split()[-1] == words[-1]), None)
        return earlier or " ".join(quote.speaker.split()[1:])
    named = next((m for m in reversed(inside) if m.label in ("ORG", "PLACE", "GROUP")), None)
    if named is not None:
        return named.text
    # A capitalised name the NER missed ("- Bloomberg writes"): the name as written, or the full name
    # when it is a surname the article names elsewhere.
    if words == ["it"]:  # "It said": the organisation that spoke last ("The ministry said ... It added ...")
        return _last_body(work, quote, known, done)
    if quote.speaker[:1].isupper() and words[0] not in ("the", "a", "an") and words[-1] not in ROLE_NOUNS \
            and not names_nobody(quote.speaker):
        return known.canonical(quote.speaker)
    return None


def _last_body(work: Working, quote: Quote, known: _People, done: list[Quote]) -> str | None:
    """The speaker "it" stands for: the last speaker before it, within PRONOUN_WINDOW sentences, that is no person
    and was named, not itself a pronoun."""
    sentence = work.sentence_at(quote.speaker_start or quote.start)
    for earlier in reversed(done):
        if earlier.start >= quote.start or earlier.speaker_resolved is None or earlier.speaker is None:
            continue
        if sentence >= 0 and earlier.sentence >= 0 and sentence - earlier.sentence > PRONOUN_WINDOW:
            return None
        if names_nobody(earlier.speaker) or earlier.speaker.lower().split()[-1] in PERSON_PRONOUNS:
            continue
        return None if earlier.speaker_resolved in known.full.values() else earlier.speaker_resolved
    return None


def _antecedent(work: Working, position: int, pronoun: str, known: _People, done: list[Quote]) -> str | None:
    """The person a pronoun or description most likely means: the titled person a role description
    subject of the same sentence stands for ("Russia's president issued a warning to firms that he
    said …"), else a recent person subject of the pronoun's gender, else the last speaker, else the
    nearest person subject before or just after."""
    sentence = work.sentence_at(position)
    if sentence >= 0 and pronoun in PERSON_PRONOUNS:
        nearer = _described_subject(work, sentence, position, known)
        if nearer is not None and known.agrees(nearer, pronoun):
            return nearer
    subjects = [(start, name) for start, name in known.subjects if known.agrees(name, pronoun)]
    window_start = work.sentences[max(0, sentence - PRONOUN_WINDOW)].start if sentence >= 0 else 0
    recent = [name for start, name in subjects if window_start <= start < position]
    if recent:
        return recent[-1]
    speaker = next((q.speaker_resolved for q in reversed(done)
                    if q.speaker_resolved and q.start < position and q.speaker_resolved in known.full.values()
                    and known.agrees(q.speaker_resolved, pronoun)), None)
    if speaker is not None:
        return speaker
    earlier = [name for start, name in subjects if start < position]
    if earlier:
        return earlier[-1]
    # Nobody named yet: news often names the person just after describing them ("The head of X
    # announced ... Kirill Dmitriev said"), so take the first person subject in the next sentences.
    window_end = work.sentences[min(len(work.sentences) - 1, sentence + PRONOUN_WINDOW)].end if sentence >= 0 else 0
    later = [name for start, name in subjects if position < start < window_end]
    return later[0] if later else None


def _described_subject(work: Working, index: int, position: int, known: _People) -> str | None:
    """The person behind the last role-description subject ("Russia's president") before ``position``
    in its sentence, when the article titled someone with that role."""
    sentence = work.sentences[index]
    last = None
    for token in sentence.span:
        if sentence.char(token) >= position:
            break
        if token.dep_ in ("nsubj", "nsubjpass") and token.lower_ in ROLE_NOUNS and token.ent_type_ != "PERSON":
            last = token
    if last is None:
        return None
    description = [t.lower_ for t in last.subtree if t.i <= last.i and not t.is_punct and t.dep_ != "case"]
    return _by_role(description, position, known)  # "Russia's president" -> ["russia", "president"]
