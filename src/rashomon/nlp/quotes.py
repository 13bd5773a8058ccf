"""Quotes and reported speech: direct quotes, partial quotes and indirect speech, with cue and speaker.

Direct quotes are found from the quote marks (paired per paragraph; a mark that never closes runs to
a dash-cue such as " - said" or to the end of its paragraph, as scraped pages have them). Indirect
speech comes from the dependency parse: a speech or belief verb with a subject and a clausal
complement ("X said he had discussed ..."), a content clause followed by "X said", or
"according to X, ...". Speakers are then resolved to named people (see ``speakers``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rashomon.nlp.document import ParsedSentence, Working
from rashomon.nlp.lexicon import (
    ACCORDING,
    CLOSE_QUOTES,
    CUE_VERBS,
    OPEN_QUOTES,
    SPEECH_VERBS,
    STATEMENT_NOUNS,
    STATEMENT_VERBS,
    STRAIGHT_QUOTE,
    XCOMP_CUES,
)
from rashomon.nlp.sources import STATED_IN, according_object, is_according, is_media
from rashomon.nlp.speakers import resolve_speakers
from rashomon.records import Quote

if TYPE_CHECKING:
    from spacy.tokens import Token

MARKS = OPEN_QUOTES + CLOSE_QUOTES + STRAIGHT_QUOTE
_MARK_CHARS = " \t'‘’" + MARKS  # what may stand before a quote that opens its paragraph
# An unclosed quote ends where a dash introduces its cue: "... yet - said Kremlin spokesman Dmitry Peskov."
_DASH_CUE = re.compile(r"\s[-–—]\s*(?:" + "|".join(sorted(
    {"said", "says", "told", "tells", "added", "adds", "noted", "notes", "wrote", "writes", "reported", "reports",
     "stated", "states", "announced", "stressed", "emphasized", "emphasised"})) + r")\b")
# A transcript's speaker label opening a paragraph: "WALLACE: Let's start…", "SEN. SANDERS: …".
_LABEL = re.compile(r"[\"“„«]?\s*((?:[A-Z][A-Z.'’-]+)(?:\s+[A-Z][A-Z.'’-]+){0,3}):\s+(?=\S)")
NOT_SPEAKERS = frozenset({"UPDATE", "UPDATED", "NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE", "CORRECTION", "WATCH", "READ",
                          "READ MORE", "RELATED", "PHOTOS", "PHOTO", "VIDEO", "BREAKING", "ADVERTISEMENT", "SOURCE",
                          "SOURCES", "CLARIFICATION", "EXCLUSIVE", "ALSO", "MORE", "LISTEN", "WARNING", "DISCLAIMER"})
# The same with a person's name as written ("Rubio: I Still Believe …"), kept only when it names a person.
_NAME_LABEL = re.compile(r"[\"“„«]?\s*((?:[A-Z][\w.'’-]+)(?:\s+[A-Z][\w.'’-]+){0,2}):\s+(?=\S)")
# A quote signed with a dash and a name closing its paragraph: “…” ― Pamela Padilla
_SIGNED = re.compile(r"[”\"’»]?\s*[―—–-]{1,2}\s*([A-Z][\w'’-]*\.?(?:\s+[A-Z][\w'’-]*\.?){0,4})[.,]?\s*$")
_APOSTROPHES = re.compile(r"(?<!')''(?!')")
_OPENERS = " \t\n([{—–-"
# A quote left open may run on through at most this many paragraphs without marks to the one that closes it.
MAX_UNMARKED_PARAGRAPHS = 2
# A quote that ends its sentence and has at least this many words is direct even after other words.
DIRECT_WORDS = 6
# A quote holding at least this share of its sentence's characters is direct even mid-sentence.
DIRECT_SHARE = 0.5
# At most this many tokens between a closing quote mark and its cue when a name phrase stands between.
TRAILING_NAME_TOKENS = 14
# A sentence after a quote is its cue sentence only when this short ('"...." he said.' split in two).
CUE_SENTENCE_TOKENS = 12
# ... or when its cue and speaker come within its first this many tokens.
CUE_OPENING_TOKENS = 5
_SUBJECTS = ("nsubj", "nsubjpass")
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
TELL_VERBS = frozenset({"tell", "inform", "assure", "remind", "warn", "promise"})
# "Content ..., French Defense Minister Sébastien Lecornu said ." / "... - Bloomberg writes." when the
# parser missed the link between the clause and its cue.
_TRAILING_CUE = re.compile(
    r"[,\s][-–—]?\s*(?P<speaker>(?:[A-Z][\w.'’-]*|the|of|and)(?: (?:[A-Z][\w.'’-]*|of|the|and)){0,6}|he|she|they)"
    r" (?P<cue>said|says|writes|wrote|reports|reported|notes|noted|added|adds|stated|announced|told \w+)\s*[.!]?$")


@dataclass
class _Draft:
    """A quote being built: spans are offsets into Article.text."""

    start: int
    end: int
    kind: str
    sentence: int
    cue: Token | None = None
    cue_sentence: ParsedSentence | None = None
    speaker: tuple[int, int] | None = None
    continues: bool = False  # a cue-less quote that goes on from the attribution before it
    closed: bool = True


def quotes(work: Working) -> None:
    """Add every direct, partial and indirect quote, each with cue, speaker and attribution chain."""
    direct = _direct_quotes(work)
    indirect = _indirect_speech(work, direct)
    drafts = sorted(direct + indirect, key=lambda d: d.start)
    built = [_build(work, draft) for draft in drafts]
    for i, draft in enumerate(drafts):  # a cue-less continuation takes the previous quote's speaker
        if draft.continues and built[i].speaker is None:
            paragraph = work.sentences[draft.sentence].paragraph
            previous = _continued(work, built[:i], paragraph, draft.start)
            if previous is not None:
                built[i] = _with_speaker_of(built[i], previous)
    for i, quote in enumerate(built):  # a partial quote inside reported speech is that speaker's words
        if quote.speaker is None and quote.kind == "partial":
            outer = next((b for b in built if b.kind == "indirect" and b.start <= quote.start and quote.end <= b.end
                          and b.speaker), None)
            if outer is not None:
                built[i] = _with_speaker_of(quote, outer, with_cue=True)
    # A partial quote nobody says is a title or scare quotes ("Saturday Night Live"), not a quote.
    built = [q for q in built if q.kind != "partial" or q.speaker is not None]
    work.quotes[:] = resolve_speakers(work, built)


def _continued(work: Working, before: list[Quote], paragraph: int, start: int) -> Quote | None:
    """The attribution a cue-less quote continues: the last direct quote with a speaker in this or the
    previous paragraph, or, for a quote paragraph standing alone, reported speech closing the paragraph
    before it ('… he argued the probe could not go on.' then '“If anyone wonders …”')."""
    for quote in reversed(before):
        if not quote.speaker:
            continue
        at = work.sentences[quote.sentence].paragraph
        if at < paragraph - 1:
            return None
        if quote.kind != "indirect":
            return quote
        opens_paragraph = at < paragraph and not work.text[work.paragraph_start(paragraph):start].strip(_MARK_CHARS)
        closes_paragraph = not re.search(r"\w", work.text[quote.end:work.paragraph_end(at)])
        if opens_paragraph and closes_paragraph:
            return quote
    return None


def _with_speaker_of(quote: Quote, other: Quote, with_cue: bool = False) -> Quote:
    """``quote`` said by ``other``'s speaker, through the same outlets (and cue, when asked)."""
    source = other if with_cue else quote
    return replace(quote, speaker=other.speaker, speaker_start=other.speaker_start, speaker_end=other.speaker_end,
                   attribution=other.attribution, cue=source.cue, cue_start=source.cue_start, cue_end=source.cue_end)


# --- direct quotes -----------------------------------------------------------------------------

def _direct_quotes(work: Working) -> list[_Draft]:
    drafts: list[_Draft] = []
    previous_open = False
    open_direct = False  # the quote left open is a direct one (a partial one left open is more likely a stray mark)
    unmarked: list[int] = []  # paragraphs without marks since a direct quote was left open
    for paragraph, (offset, doc) in enumerate(work.docs):
        turn = _transcript_turn(work, paragraph, offset, doc.text)
        if turn is not None:  # the whole paragraph is what the labelled speaker said
            drafts.append(turn)
            previous_open = False
            continue
        spans = _quoted_spans(doc.text, open_direct)
        if open_direct and not spans and len(unmarked) < MAX_UNMARKED_PARAGRAPHS:
            unmarked.append(paragraph)  # perhaps inside the open quote: known when a later paragraph closes it
            continue
        if spans and spans[0][0] == 0 and open_direct:  # the open quote closes here: what stood between is in it
            for between in unmarked:
                start, end = _strip(work.docs[between][1].text, 0, len(work.docs[between][1].text))
                draft = _direct(work, between, work.docs[between][0] + start, work.docs[between][0] + end, False)
                if draft is not None and end - start >= 2:
                    draft.continues = draft.cue is None
                    drafts.append(draft)
        unmarked = []
        for n, (start, end, closed) in enumerate(spans):
            start, end = _strip(doc.text, start, end)
            if end - start < 2:
                continue
            draft = _direct(work, paragraph, offset + start, offset + end, closed)
            if draft is None:
                continue
            starts_paragraph = not doc.text[: max(0, start - 1)].strip()
            if draft.cue is None and (n > 0 or starts_paragraph or previous_open):
                draft.continues = True
            drafts.append(draft)
        previous_open = bool(spans) and not spans[-1][2]
        open_direct = previous_open and bool(drafts) and drafts[-1].kind == "direct" and not drafts[-1].closed
    return drafts


def _transcript_turn(work: Working, paragraph: int, offset: int, text: str) -> _Draft | None:
    """'WALLACE: Let's start with…' — a transcript's turn: the label is the speaker, the rest of the
    paragraph is what they said."""
    match = _LABEL.match(text)
    if match is None or match.group(1).rstrip(".") in NOT_SPEAKERS or len(match.group(1).replace(" ", "")) < 2:
        match = _NAME_LABEL.match(text)
        if match is None or not _names_person(work, match.group(1)):
            return None
    start, end = _strip(text, match.end(), len(text))
    start, end = start + offset, end + offset
    if end > start and work.text[end - 1] in MARKS and work.text[start - 1] not in MARKS:
        end -= 1  # the paragraph's own opening mark, closed at its end
    inside = [s for s in work.sentences if s.paragraph == paragraph and s.start < end and s.end > start]
    if end - start < 2 or not inside:
        return None
    draft = _Draft(start, end, "direct", inside[0].index)
    draft.speaker = (offset + match.start(1), offset + match.end(1))
    return draft


def _names_person(work: Working, label: str) -> bool:
    """Whether the label is a person the article names: a PERSON mention's text or its surname."""
    for mention in work.mentions:
        if mention.label == "PERSON" and (mention.text == label or mention.text.split()[-1] == label):
            return True
    return False


def _double_apostrophes(text: str) -> str:
    """The text with each doubled apostrophe used as a quote mark (''...'', as news archives and
    wire exports write them) turned into a straight quote plus a space, same length: an opening
    pair becomes ' "', a closing pair '" '."""
    if "''" not in text:
        return text
    def mark(match: re.Match[str]) -> str:
        at, after = match.start(), match.end()
        opens = (at == 0 or text[at - 1] in _OPENERS) and after < len(text) and not text[after].isspace()
        return ' "' if opens else '" '
    return _APOSTROPHES.sub(mark, text)


def _nested(text: str, at: int) -> bool:
    """Whether the opening mark at ``at``, inside a quote still open, opens a quote within it that uses the
    same marks ('“The war was not “a war of choice.” It has been fought …”'): the next two typographic marks
    after it both close, so the inner one closes first and the open quote after it. Otherwise the open quote
    was never closed and a new one starts here ('“We will win. “It is done,” he said.')."""
    closes = 0
    for ch in text[at + 1:]:
        if ch in OPEN_QUOTES:
            return False
        if ch in CLOSE_QUOTES:
            closes += 1
            if closes == 2:
                return True
    return False


def _quoted_spans(text: str, continued: bool = False) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of each quoted stretch in a paragraph, marks excluded. ``continued``: a quote of the
    paragraph before never closed; when this paragraph's first mark closes a quote, the quote ran on from there
    and the paragraph up to that mark is its end (a continuation paragraph whose opening mark was dropped)."""
    text = _double_apostrophes(text)
    spans: list[tuple[int, int, bool]] = []
    opened: int | None = None
    if continued:
        first = next((i for i, ch in enumerate(text) if ch in MARKS), None)
        if first is not None and first > 0 and not text[first - 1].isspace() and (
                (text[first] in CLOSE_QUOTES and text[first] not in OPEN_QUOTES)
                or (text[first] == STRAIGHT_QUOTE and (first + 1 == len(text) or not text[first + 1].isalnum()))):
            opened = 0
    inner = 0  # quotes nested in the open one with its own marks, not closed yet
    for i, ch in enumerate(text):
        if ch not in MARKS:
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if opened is None:
            if ch in OPEN_QUOTES or (ch == STRAIGHT_QUOTE and not after.isspace()):
                opened = i + 1
        elif inner and ch in CLOSE_QUOTES:
            inner -= 1
        elif ch in CLOSE_QUOTES or ch == STRAIGHT_QUOTE:
            spans.append((opened, i, True))
            opened = None
            inner = 0  # a straight mark may close the quote before its nested one: nothing stays open in it
        elif ch in OPEN_QUOTES and before.isspace():
            if _nested(text, i):
                inner += 1
                continue
            spans.append((opened, i, False))  # a new quote opens: the last one never closed
            opened = i + 1
    if opened is not None:
        cue = _DASH_CUE.search(text, opened)
        spans.append((opened, cue.start() if cue else len(text), False))
    return spans


def _free(sentence: ParsedSentence, start: int) -> bool:
    """Whether a quote opening mid-sentence stands on its own after its lead ('X said “…”', 'Trump “…”')
    rather than finishing the lead's own clause ('he has “always run a lean campaign.”', 'called it “…”'):
    the word before the mark is a cue verb, a name, or a conjunction that closes the lead's clause
    ('…, but “there has been no discussion”'), not a function word or another verb."""
    before = [t for t in sentence.span if sentence.char(t) < start and not t.is_punct and not t.is_space]
    if not before:
        return True
    word = before[-1]
    return word.lemma_.lower() in CUE_VERBS or word.pos_ in ("PROPN", "CCONJ")


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-–—"):
        end -= 1
    return start, end


def _direct(work: Working, paragraph: int, start: int, end: int, closed: bool) -> _Draft | None:
    inside = [s for s in work.sentences if s.paragraph == paragraph and s.start < end and s.end > start]
    if not inside:
        return None
    first = inside[0]
    lead = work.text[first.start:start].rstrip(" “\"„«'")
    sentence_chars = sum(s.end - s.start for s in inside)
    multi = len(inside) > 1
    tail = work.text[end:inside[-1].end]
    ends_sentence = not re.search(r"\w", tail) or bool(_DASH_CUE.match(tail)) or tail.lstrip(" ,.;:!?”\"’").startswith(
        tuple(f"{w} " for w in ("he", "she", "they", "it", "said", "says")))
    direct = not lead.strip() or lead.rstrip().endswith((":", ",")) or (_free(first, start) and (
        multi or (end - start) >= DIRECT_SHARE * sentence_chars or
        (ends_sentence and len(work.text[start:end].split()) >= DIRECT_WORDS)))
    draft = _Draft(start, end, "direct" if direct else "partial", first.index, closed=closed)
    line_end = work.text.find("\n", end)
    signed = _SIGNED.match(work.text, end, line_end if line_end >= 0 else len(work.text))
    if closed and direct and signed is not None and not _is_pronoun_start(signed.group(1)):
        name_end = signed.end(1) - (signed.group(1).endswith(".") and len(signed.group(1).split()[-1]) > 2)
        draft.speaker = (signed.start(1), name_end)  # “…” ― Pamela Padilla
        return draft
    # 'Per Oddvar, who chairs the anglers' association, said: "We have never…" He said members…': a quote opened by
    # a colon belongs to the cue before it, not to the next sentence's "He said" (the parser may split at the colon)
    cue = None
    if work.text[:start].rstrip(" “\"„«'").endswith(":"):
        cue = _cue_near(work, inside, start, end, before=True) or _cue_before(work, first)
        if cue is None and (named := _named_before_colon(work, first, start)) is not None:
            draft.cue, draft.cue_sentence, draft.speaker = named
            return draft
    cue = cue or _cue_near(work, inside, start, end) or _cue_after(work, inside[-1], end) or _cue_before(work, first)
    if cue is not None:
        draft.cue, draft.cue_sentence = cue
        draft.speaker = _speaker_of(cue[1], cue[0])
    elif (trailing := _cue_behind_name(inside[-1], end)) is not None:
        draft.cue, draft.cue_sentence, draft.speaker = trailing
    else:
        _dash_speaker(work, draft, inside[-1])
    return draft


# "Per Oddvar, who chairs the anglers' association, said:" when the small parser gives "said" no subject: a name
# opening the sentence, an aside set off by commas, and a speech verb right before the colon. Or any short predicate
# before the colon ("Deputy Governor Ilse Korhonen summed up the bank's mood:", "Deputy leader Tom Ashgrove, who holds
# the finance portfolio, was more blunt:") when the name is a person's full name, title and all.
_NAME_SAID = re.compile(r"^\s*((?:[A-Z][\w'’.-]*\s+(?:[a-z]+\s+)?){0,4}[A-Z][\w'’-]+)(?:,[^:;\"“”]{0,120},)?\s+"
                        r"((\w+)(?:\s+[\w'’-]+){0,6}?)\s*:\s*$")
NOT_NAME_START = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our",
                            "in", "on", "at", "after", "before", "when", "as", "but", "and", "then", "officials"})


def _named_before_colon(work: Working, first: ParsedSentence,
                        start: int) -> tuple[Token, ParsedSentence, tuple[int, int]] | None:
    """The cue and speaker of a quote opened by "Name, …, said:" (or "Full Name summed up the mood:") in its own
    sentence, read from the text."""
    match = _NAME_SAID.match(work.text[first.start:start].rstrip(" “\"„«'"))
    if match is None or _is_pronoun_start(match.group(1)) or match.group(1).split()[0].lower() in NOT_NAME_START:
        return None
    cue = next((t for t in first.span if first.char(t) == first.start + match.start(3)), None)
    if cue is None or cue.pos_ not in ("VERB", "AUX"):
        return None
    if cue.lemma_.lower() not in SPEECH_VERBS and len(match.group(1).split()) < 2:
        return None
    return cue, first, (first.start + match.start(1), first.start + match.end(1))


def _is_pronoun_start(name: str) -> bool:
    return name.split()[0].lower() in ("he", "she", "they", "it", "we", "i", "you", "said", "says")


def _dash_speaker(work: Working, draft: _Draft, sentence: ParsedSentence) -> None:
    """'... yet - said ministry spokesman Karl Ode.' read from the text when the parse is garbled."""
    match = _DASH_CUE.match(work.text, draft.end, sentence.end)
    if match is None:
        return
    speaker = re.match(r"\s+([^.,;:!?\n]+)", work.text[match.end():sentence.end])
    cue_char = match.end() - len(match.group().split()[-1])
    draft.cue = next((t for t in sentence.span if sentence.char(t) == cue_char), None)
    draft.cue_sentence = sentence if draft.cue is not None else None
    if speaker is not None:
        start = match.end() + speaker.start(1)
        draft.speaker = (start, start + len(speaker.group(1).rstrip()))


def _cue_near(work: Working, inside: list[ParsedSentence], start: int, end: int,
              before: bool = False) -> tuple[Token, ParsedSentence] | None:
    """The cue verb outside the quote marks nearest the quote, in the sentences the quote touches (``before``: only
    one before the quote)."""
    best: tuple[int, Token, ParsedSentence] | None = None
    for sentence in inside:
        for token in sentence.span:
            char = sentence.char(token)
            if start - 1 <= char <= end or (before and char > end) or not _is_cue(token):
                continue
            subject = _subject(token)
            if subject is None or start - 1 <= sentence.char(subject) <= end:  # the speaker is never inside
                continue
            distance = start - char if char < start else char - end
            if best is None or distance < best[0]:
                best = (distance, token, sentence)
    return (best[1], best[2]) if best else None


def _cue_behind_name(sentence: ParsedSentence, end: int) -> tuple[Token, ParsedSentence, tuple[int, int]] | None:
    """'"…," Representative Steve Cohen, Democrat of Tennessee, told …': the cue right after a name
    phrase that follows the closing mark, when the small parser took a word inside the quote as its
    subject."""
    after = [t for t in sentence.span if sentence.char(t) >= end]
    for n, token in enumerate(after[:TRAILING_NAME_TOKENS + 1]):
        if not _is_cue(token) or token.lemma_ not in SPEECH_VERBS:
            continue
        words = [t for t in after[:n] if not (t.is_punct or t.is_space)]
        if not words or words[0].pos_ not in ("PROPN", "NOUN", "DET"):
            return None
        stop = next((t for t in after[:n] if t.text == "," and t.i > words[0].i), after[n])
        name = [t for t in words if t.i < stop.i]  # "Mr. Daniloff, now 81 and retired in …, said": the name
        if any(t.pos_ in ("VERB", "AUX") for t in name):
            return None
        last = name[-1]
        return token, sentence, (sentence.char(words[0]), sentence.char(last) + len(last.text))
    return None


def _cue_after(work: Working, last: ParsedSentence, end: int) -> tuple[Token, ParsedSentence] | None:
    """'"..." he said.' parsed as two sentences: the short sentence right after the quote."""
    following = work.sentences[last.index + 1] if last.index + 1 < len(work.sentences) else None
    if following is None or following.paragraph != last.paragraph or following.start - end > 3:
        return None
    # A long sentence counts only when it opens with the cue ('"…!" LeVell declared, a point he …').
    reach = len(following.span) if len(following.span) <= CUE_SENTENCE_TOKENS else CUE_OPENING_TOKENS
    for token in following.span[:reach]:
        subject = _subject(token) if _is_cue(token) else None
        if subject is not None and (reach == len(following.span) or subject.i < following.span.start + reach):
            return token, following
    return None


def _cue_before(work: Working, first: ParsedSentence) -> tuple[Token, ParsedSentence] | None:
    """'Peskov said:' (or 'Peskov said in a statement.') then the quote, in the same paragraph."""
    if first.index == 0:
        return None
    previous = work.sentences[first.index - 1]
    if previous.paragraph != first.paragraph and not previous.span.text.rstrip().endswith(":"):
        return None
    for token in reversed(previous.span):
        if _is_cue(token) and token.lemma_ in SPEECH_VERBS and _subject(token) is not None:
            return token, previous
    return None


# --- indirect speech ---------------------------------------------------------------------------

def _indirect_speech(work: Working, direct: list[_Draft]) -> list[_Draft]:
    drafts: list[_Draft] = []
    for sentence in work.sentences:
        found = []
        for token in sentence.span:
            draft = _according(work, sentence, token) if token.lower_ == ACCORDING else _reported(work, sentence, token)
            if draft is not None and not _inside_direct(draft, direct) and not STATED_IN.match(work.text, draft.start):
                found.append(draft)
        if not found:
            trailing = _trailing_cue(work, sentence)
            if trailing is not None and not _inside_direct(trailing, direct):
                found.append(trailing)
        kept: list[_Draft] = []
        for draft in sorted(found, key=lambda d: d.start - d.end):  # the outermost attribution wins
            if not any(d.start < draft.end and draft.start < d.end for d in kept):
                kept.append(_through_quote(work.text, draft, direct))
        drafts += kept
    return drafts


def _through_quote(text: str, draft: _Draft, quoted: list[_Draft]) -> _Draft:
    """Reported speech whose clause ends inside a quote it holds ('has “always run a lean campaign.”')
    ends after that quote's closing mark, not before its last full stop."""
    for quote in quoted:
        if draft.start <= quote.start < draft.end < quote.end <= draft.end + 2:
            draft.end = quote.end + (quote.end < len(text) and text[quote.end] in MARKS)
    return draft


def _reported(work: Working, sentence: ParsedSentence, verb: Token) -> _Draft | None:
    """'X said (that) ...', '..., X said', 'X expects to ...'."""
    if not _is_cue(verb):
        return None
    subject = _subject(verb)
    if subject is None:
        return None
    content = [c for c in verb.children if c.dep_ == "ccomp" and not _media_credit(c)]
    if not content and verb.lemma_ in XCOMP_CUES:
        content = [c for c in verb.children if c.dep_ == "xcomp"]
    if not content and verb.lemma_ in TELL_VERBS:  # "told the audience he had asked ..." (parsed as relcl)
        content = [r for c in verb.children if c.dep_ in ("dobj", "dative") for r in c.children
                   if r.dep_ == "relcl" and (_subject(r) or verb).lower_ not in ("who", "that", verb.lower_)]
    if content:
        tokens = [t for c in content for t in c.subtree]
    elif verb.dep_ == "parataxis" and verb.head.i != verb.i:
        cue_tokens = {t.i for t in verb.subtree}
        tokens = [t for t in verb.head.subtree if t.i not in cue_tokens]
    else:
        return None
    return _indirect(sentence, tokens, verb, _speaker_of(sentence, verb))


def _indirect(sentence: ParsedSentence, content: list[Token], cue: Token,
              speaker: tuple[int, int] | None) -> _Draft | None:
    """Reported speech whose content is ``content`` (None when that is under three words)."""
    span = _token_extent(sentence, content)
    if span is None or (speaker is not None and sentence.char(cue) < speaker[0] and span[0] <= speaker[0] < span[1]):
        return None  # a garbled parse whose "content" holds its own speaker named after the cue is no speech
    draft = _Draft(span[0], span[1], "indirect", sentence.index, cue, sentence)
    draft.speaker = speaker
    return draft


def _trailing_cue(work: Working, sentence: ParsedSentence) -> _Draft | None:
    text = work.text[sentence.start:sentence.end]
    match = _TRAILING_CUE.search(text)
    if match is None or match.start() < 15 or match.group("speaker") in ("The", "And", "Of"):
        return None
    content_end = sentence.start + match.start()
    while content_end > sentence.start and not work.text[content_end - 1].isalnum():
        content_end -= 1
    cue_char = sentence.start + match.start("cue")
    cue = next((t for t in sentence.span if sentence.char(t) == cue_char), None)
    draft = _Draft(sentence.start, content_end, "indirect", sentence.index, cue, sentence if cue else None)
    draft.speaker = (sentence.start + match.start("speaker"), sentence.start + match.end("speaker"))
    return draft


def _media_credit(verb: Token) -> bool:
    """'..., the agency RBK reported': a credit to an outlet parsed as the complement of the speech verb."""
    subject = _subject(verb)
    return _is_cue(verb) and subject is not None and is_media(subject)


def _according(work: Working, sentence: ParsedSentence, token: Token) -> _Draft | None:
    """'According to X, ...' / '..., according to X.' (X a person or an outlet)."""
    obj = according_object(token)
    if obj is None:
        return None
    phrase = {t.i for t in token.subtree} | {t.i for t in token.nbor().subtree} | {token.i}
    rest = [t for t in sentence.span if t.i not in phrase]
    before = [t for t in rest if t.i < token.i]
    after = [t for t in rest if t.i > token.i]
    side = after if sum(not t.is_punct for t in after) >= sum(not t.is_punct for t in before) else before
    return _indirect(sentence, side, token, _phrase(sentence, obj))


def _token_extent(sentence: ParsedSentence, tokens: list[Token]) -> tuple[int, int] | None:
    """Character extent of ``tokens`` without edge punctuation; None when fewer than 3 words."""
    words = sorted((t for t in tokens if not t.is_space), key=lambda t: t.i)
    while words and (words[0].is_punct or words[0].dep_ == "cc"):
        words = words[1:]
    while words and words[-1].is_punct and words[-1].text not in "”\"’)":
        words = words[:-1]
    if sum(not t.is_punct for t in words) < 3:
        return None
    return sentence.char(words[0]), sentence.char(words[-1]) + len(words[-1].text)


def _inside_direct(draft: _Draft, direct: list[_Draft]) -> bool:
    """Indirect content that is really the text of a direct quote (or its cue clause) is not added twice, and
    reported speech whose cue stands inside quote marks while its content reaches outside them is no speech."""
    cue_at = draft.cue_sentence.char(draft.cue) if draft.cue is not None and draft.cue_sentence is not None else None
    for quote in direct:
        if cue_at is not None and quote.start <= cue_at < quote.end and not (quote.start <= draft.start
                                                                              and draft.end <= quote.end):
            # '… has “injected partisanship, I think it's destructive,” Ms. Rice said': the cue is the quoted
            # person's own words reaching out of the quote marks, not the reporter's attribution
            return True
        if quote.kind == "partial":
            continue
        overlap = min(draft.end, quote.end) - max(draft.start, quote.start)
        if overlap > 0.5 * (draft.end - draft.start) or _same_token(quote.cue, draft.cue):
            return True
    return False


# --- shared helpers ----------------------------------------------------------------------------

def _same_token(a: Token | None, b: Token | None) -> bool:
    """spaCy makes a new Token object on each access, so tokens are compared by doc and position."""
    return a is not None and b is not None and a.doc is b.doc and a.i == b.i


def _is_cue(token: Token) -> bool:
    if token.lower_ == ACCORDING:
        return is_according(token)
    objects = {c.lower_ for c in token.children if c.dep_ == "dobj"}
    if (token.lemma_ == "put" and "it" in objects) or (token.lemma_ in STATEMENT_VERBS and objects & STATEMENT_NOUNS):
        return True  # "as Tom Ridge put it: …", "Trump issued a statement, “…”"
    if token.lemma_.lower() not in CUE_VERBS or token.pos_ not in ("VERB", "AUX"):
        return False
    # A participle is a cue unless it is passive or adjectival ("the deal announced on Monday").
    passive = any(c.dep_ == "auxpass" for c in token.children)
    return token.tag_ != "VBN" or not (token.dep_ in ("amod", "acl") or passive)


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or the subject of the verb it is coordinated with ("X smiled and said")."""
    if verb.lower_ == ACCORDING:
        return according_object(verb)
    for candidate in (verb, verb.head if verb.dep_ in ("conj", "xcomp", "advcl") else None):
        if candidate is None:
            continue
        subject = next((c for c in candidate.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            if subject.lemma_.lower() in STATEMENT_NOUNS or subject.lower_ in STATEMENT_NOUNS:
                return _speaker_beside_words(verb, subject) or subject
            return subject
    # Inverted after a dash or comma ("... yet - said ministry spokesman Karl Ode."): the name after the verb.
    if verb.i > 0 and verb.doc[verb.i - 1].text in ("-", "–", "—", ",", "''", '"', "”", "»"):
        after = next((c for c in verb.rights if c.pos_ == "PROPN" and c.dep_ != "prep"), None)
        if after is not None:
            return after
    # The small parser sometimes misses a name right before the verb ('," Keszthely told'): take it.
    previous = verb.doc[verb.i - 1] if verb.i > 0 else None
    if previous is not None and previous.head.i == verb.i and (previous.pos_ == "PROPN" or previous.lower_ in (
            "he", "she", "they")) and previous.dep_ not in ("dobj", "pobj", "dative"):
        return previous
    return None


def _speaker_beside_words(verb: Token, words: Token) -> Token | None:
    """Who speaks when the parse makes words the subject of a cue ("Her comments, said Josh Earnest, are …";
    "Rice's comments came as Netanyahu turned down a meeting, saying …"): the name after an inverted cue, or
    for a participle the subject of the nearest clause before it. None when neither is found."""
    doc = verb.doc
    if verb.i > 0 and doc[verb.i - 1].text in (",", "-", "–", "—"):
        after = next((c for c in verb.rights if c.pos_ == "PROPN" and c.dep_ != "prep"), None)
        if after is None and verb.i + 1 < len(doc) and doc[verb.i + 1].pos_ == "PROPN":
            after = doc[verb.i + 1]
        while after is not None and after.dep_ == "compound" and after.head.pos_ == "PROPN" and after.head.i > after.i:
            after = after.head  # "Josh" of "Josh Earnest"
        if after is not None:
            return after
    if verb.tag_ == "VBG":
        for token in reversed(doc[words.i + 1:verb.i]):
            subject = next((c for c in token.children if c.dep_ in _SUBJECTS and c.i > words.i), None)
            if token.pos_ in ("VERB", "AUX") and subject is not None and subject.lemma_.lower() not in STATEMENT_NOUNS:
                return subject
    return None


def _speaker_of(sentence: ParsedSentence, verb: Token) -> tuple[int, int] | None:
    subject = _subject(verb)
    if subject is None:
        return None
    holder = verb if verb.dep_ == "relcl" else verb.head if verb.head.dep_ == "relcl" else None
    if subject.lower_ in RELATIVE_PRONOUNS and holder is not None:  # "a surrogate who said ..." -> the surrogate
        subject = holder.head
    return _phrase(sentence, subject)


def _phrase(sentence: ParsedSentence, head: Token) -> tuple[int, int]:
    """The noun phrase at ``head`` without relative clauses or appositions: 'Kremlin spokesman Dmitry Peskov'."""
    keep = ("compound", "amod", "det", "poss", "case", "nmod", "nummod", "flat", "quantmod")
    left = head
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.lefts:
            if child.dep_ in keep:
                left = child if child.i < left.i else left
                stack.append(child)
    right = head
    named = next((c for c in head.rights if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    if named is not None and head.ent_type_ != "PERSON":  # "the authority's chief engineer, Pavel Dronov,"
        return sentence.char(left), sentence.char(named) + len(named.text)
    for child in head.rights:  # "Vice President Dave Gorab": a name right after the title, no comma
        if child.dep_ in ("appos", "flat", "compound") and child.pos_ == "PROPN" and child.i == right.i + 1 + sum(
                1 for t in head.doc[right.i + 1:child.i] if t.dep_ == "compound"):
            right = child
    return sentence.char(left), sentence.char(right) + len(right.text)


def _build(work: Working, draft: _Draft) -> Quote:
    cue = draft.cue
    cue_start = cue_end = None
    cue_text = None
    if cue is not None and draft.cue_sentence is not None:
        cue_start = draft.cue_sentence.char(cue)
        last = cue.nbor() if cue.lower_ == ACCORDING else cue
        cue_end = draft.cue_sentence.char(last) + len(last.text)
        cue_text = work.text[cue_start:cue_end]
    speaker_text = work.text[draft.speaker[0]:draft.speaker[1]] if draft.speaker else None
    cite_sentences = {draft.sentence, draft.cue_sentence.index if draft.cue_sentence else draft.sentence}
    chain = tuple(dict.fromkeys(
        c.name for c in work.sources
        if c.sentence in cite_sentences and c.kind == "media" and speaker_text is not None
        and c.name not in speaker_text
        and not (draft.speaker and c.start < draft.speaker[1] and draft.speaker[0] < c.end)))
    return Quote(
        start=draft.start, end=draft.end, content=work.text[draft.start:draft.end], kind=draft.kind,
        cue=cue_text, cue_start=cue_start, cue_end=cue_end, speaker=speaker_text,
        speaker_start=draft.speaker[0] if draft.speaker else None,
        speaker_end=draft.speaker[1] if draft.speaker else None,
        speaker_resolved=None, attribution=chain, sentence=draft.sentence)
