"""Sources cited: the outlets, agencies and other sources an article credits, sentence by sentence.

"according to Reuters", "TASS reports", "the pro-state news agency RBK reported", "Bloomberg writes",
"This is stated in the material of Bloomberg", "Reuters contributed to this report" (the whole article),
and "the newspaper notes" (resolved to the last outlet named before it).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rashomon.nlp.document import ParsedSentence, Working
from rashomon.nlp.lexicon import ACCORDING, AGENCIES, MEDIA_NOUNS, OUTLET_NAME_WORDS, SPEECH_VERBS
from rashomon.records import SourceCite

if TYPE_CHECKING:
    from spacy.tokens import Token

# Verbs by which a source is credited ("RBK reported", "Bloomberg writes", "Reuters noted").
CREDIT_VERBS = SPEECH_VERBS | {"cite", "publish", "quote", "learn", "obtain", "see", "find", "show"}
_WHOLE_ARTICLE = re.compile(
    r"^(?P<name>[A-Z][\w.&' -]{1,60}?) (?:contributed|contributed reporting) (?:to|for) this (?:report|story|article)",
    re.I)
_MATERIAL = re.compile(
    r"\b(?:in|by) (?:the|a|an) (?:material|report|article|story|piece|publication|investigation|interview|op-ed)"
    r" (?:of|by|from|in|with|to) (?P<name>(?:the )?[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,4})")
# "This is stated in the material of Bloomberg": a credit line, not something anyone said or did.
STATED_IN = re.compile(r"(?:this|that|it) (?:is|was|has been) (?:stated|reported|said|written)\b", re.I)
GENERIC_MEDIA = re.compile(r"^the (?:newspaper|paper|agency|outlet|publication|magazine|broadcaster|site|website|"
                           r"channel|daily|tabloid|news agency)$", re.I)


def sources(work: Working) -> None:
    """Add a SourceCite for each credit to an outlet, agency or document in the article."""
    last_media: str | None = None
    for sentence in work.sentences:
        for cite in _sentence_cites(work, sentence):
            if cite.kind == "media" and GENERIC_MEDIA.match(cite.name):
                if last_media is None:
                    continue
                cite = SourceCite(cite.start, cite.end, last_media, cite.cue, "media", cite.sentence)
            elif cite.kind == "media":
                last_media = cite.name
            if not any(c.start == cite.start and c.sentence == cite.sentence for c in work.sources):
                work.sources.append(cite)


def _sentence_cites(work: Working, sentence: ParsedSentence) -> list[SourceCite]:
    text = sentence.span.text
    whole = _WHOLE_ARTICLE.match(text)
    if whole:
        name = whole.group("name")
        return [SourceCite(sentence.start, sentence.start + len(name), _bare(name), "contributed", "media", -1)]
    cites = []
    for token in sentence.span:
        if is_according(token):
            obj = according_object(token)
            if obj is not None and not _is_person(work, sentence, obj):
                cites.append(_cite(sentence, obj, "according to"))
        elif token.lemma_ in CREDIT_VERBS and token.pos_ in ("VERB", "AUX"):
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and is_media(subject):
                cites.append(_cite(sentence, subject, token.text))
    for match in _MATERIAL.finditer(text):
        name = _bare(match.group("name"))
        if name.lower() in AGENCIES:
            start = sentence.start + match.start("name")
            cites.append(SourceCite(start, start + len(match.group("name")), name, "in the material of", "media",
                                    sentence.index))
    return cites


def is_according(token: Token) -> bool:
    """``token`` is the "according" of "according to"."""
    return token.lower_ == ACCORDING and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to"


def according_object(token: Token) -> Token | None:
    """The X of "according to X" when ``token`` is its "according"."""
    if not is_according(token):
        return None
    return next((c for c in token.nbor().children if c.dep_ == "pobj"), None)


def _cite(sentence: ParsedSentence, head: Token, cue: str) -> SourceCite:
    """The cite named by the noun phrase at ``head``; an appositive name wins ("the agency RBK" -> RBK)."""
    named = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    core = named or head
    tokens = [t for t in core.subtree if t.dep_ not in ("relcl", "acl", "punct", "appos", "prep") or t.i == core.i]
    if core.i == head.i:
        tokens = [t for t in tokens if t.i <= head.i or t.dep_ in ("compound", "flat")]
    left, right = min(t.i for t in tokens), max(t.i for t in tokens)
    span = head.doc[left:right + 1]
    start = sentence.offset + span.start_char
    name = _bare(span.text)
    kind = "media" if is_media(head) else "other"
    return SourceCite(start, sentence.offset + span.end_char, name, cue, kind, sentence.index)


def _bare(name: str) -> str:
    """The source's name without a leading article or trailing possessive."""
    name = re.sub(r"^(?:the|a|an) ", "", name.strip(" ,.;:"), flags=re.I)
    return re.sub(r"['’]s?$", "", name)


def is_media(head: Token) -> bool:
    """A news outlet or agency: a known name, or a noun phrase headed by agency/newspaper/media/..."""
    phrase = " ".join(t.text for t in head.subtree if t.dep_ not in ("relcl", "acl", "punct", "prep"))
    if head.lemma_.lower() in MEDIA_NOUNS or head.lower_ in MEDIA_NOUNS:
        return True
    named_outlet = head.pos_ == "PROPN" and head.lower_ in OUTLET_NAME_WORDS  # "The Harbour Gazette"
    if named_outlet and head.i > 0 and head.doc[head.i - 1].pos_ == "PROPN":
        return True
    names = {phrase.lower(), _bare(phrase).lower(), head.text.lower()}
    names |= {c.text.lower() for c in head.children if c.dep_ == "appos"}
    return bool(names & AGENCIES)


def _is_person(work: Working, sentence: ParsedSentence, head: Token) -> bool:
    char = sentence.char(head)
    if head.lower_ in ("him", "her", "them", "he", "she", "officials", "sources", "experts", "analysts"):
        return True
    for mention in work.mentions:
        if mention.start <= char < mention.end:
            return mention.label == "PERSON"
    return head.ent_type_ == "PERSON"
