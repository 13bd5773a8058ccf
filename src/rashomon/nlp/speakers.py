"""Resolve each quote's speaker to a named mention: names to their fullest form in the article,
pronouns and definite role descriptions ("he", "the Russian official", "the envoy") to the nearest
fitting named person earlier in the article."""

from __future__ import annotations

from dataclasses import replace

from rashomon.nlp.document import Working
from rashomon.nlp.lexicon import MEDIA_NOUNS, PERSON_PRONOUNS, ROLE_NOUNS
from rashomon.nlp.records import Mention, Quote

# How far back (in sentences) a pronoun looks for the person it stands for before falling back to
# the last quoted speaker.
PRONOUN_WINDOW = 4


def resolve_speakers(work: Working, quotes: list[Quote]) -> list[Quote]:
    people = [m for m in work.mentions if m.label == "PERSON"]
    full = _full_names(people)
    quoted = [(q.start, q.end) for q in quotes if q.kind != "indirect"]
    subjects = _person_subjects(work, people, quoted)
    resolved: list[Quote] = []
    for quote in quotes:
        name = _resolve(work, quote, people, full, subjects, resolved)
        resolved.append(replace(quote, speaker_resolved=name))
    return resolved


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


def _resolve(work: Working, quote: Quote, people: list[Mention], full: dict[str, str],
             subjects: list[tuple[int, str]], done: list[Quote]) -> str | None:
    if quote.speaker is None or quote.speaker_start is None or quote.speaker_end is None:
        return None
    inside = [m for m in work.mentions if m.start < quote.speaker_end and quote.speaker_start < m.end]
    person = next((m for m in reversed(inside) if m.label == "PERSON"), None)
    if person is not None:
        return _canonical(person.text, full)
    words = quote.speaker.lower().replace("’", "'").split()
    anaphor = words[-1] in PERSON_PRONOUNS or (
        words[0] in ("the", "this", "that") and words[-1] in ROLE_NOUNS) or (
        len(words) > 1 and words[0] in ("his", "her") and words[-1] in ROLE_NOUNS)
    if anaphor:
        return _antecedent(work, quote.speaker_start, full, subjects, done)
    if words[-1] in MEDIA_NOUNS:
        return quote.speaker
    if words[0] in ("the", "this", "that") and len(words) > 1:  # "the authority" after "the regional water authority"
        earlier = next((q.speaker_resolved for q in reversed(done) if q.speaker_resolved
                        and q.speaker_resolved.lower().split()[-1] == words[-1]), None)
        return earlier or " ".join(quote.speaker.split()[1:])
    named = next((m for m in reversed(inside) if m.label in ("ORG", "PLACE", "GROUP")), None)
    if named is not None:
        return named.text
    # A capitalised name the NER missed ("- Bloomberg writes"): the name as written.
    if quote.speaker[:1].isupper() and words[0] not in ("the", "a", "an") and words[-1] not in ROLE_NOUNS:
        return quote.speaker
    return None


def _antecedent(work: Working, position: int, full: dict[str, str], subjects: list[tuple[int, str]],
                done: list[Quote]) -> str | None:
    """The person a pronoun or description most likely means: a recent person subject, else the last speaker."""
    sentence = work.sentence_at(position)
    window_start = work.sentences[max(0, sentence - PRONOUN_WINDOW)].start if sentence >= 0 else 0
    recent = [name for start, name in subjects if window_start <= start < position]
    if recent:
        return _canonical(recent[-1], full)
    speaker = next((q.speaker_resolved for q in reversed(done)
                    if q.speaker_resolved and q.start < position and q.speaker_resolved in full.values()), None)
    if speaker is not None:
        return speaker
    earlier = [name for start, name in subjects if start < position]
    if earlier:
        return _canonical(earlier[-1], full)
    # Nobody named yet: news often names the person just after describing them ("The head of X
    # announced ... Kirill Dmitriev said"), so take the first person subject in the next sentences.
    window_end = work.sentences[min(len(work.sentences) - 1, sentence + PRONOUN_WINDOW)].end if sentence >= 0 else 0
    later = [name for start, name in subjects if position < start < window_end]
    return _canonical(later[0], full) if later else None
