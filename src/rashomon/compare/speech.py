"""Quotes across a story's articles: each quote's speaker resolved through the story's entities, quotes
grouped by who said them and what was said, each group as the output shows it, and "who said it"
conflicts (the same quoted words given to different people)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from rashomon.compare.align import Unit
from rashomon.compare.conflicts import Conflict, Side
from rashomon.compare.entities import Entity, normalise
from rashomon.compare.quotes import QuoteGroup, Variant, group_quotes, quote_model, quote_sentences, statement_quotes
from rashomon.compare.records import StoryArticle, outlet_label, when
from rashomon.compare.similarity import Encoder
from rashomon.nlp.lexicon import ROLE_NOUNS, words
from rashomon.nlp.speakers import is_dateline, names_nobody
from rashomon.records import Annotation, Quote

SPEAKER_CONFLICT_WORDS = 6  # shorter quoted words (a title, a slogan) are no proof of who said what
NEAR_QUOTE = 200  # characters around a quote searched for the ends of the sentence that holds it
UNATTRIBUTED_WORDS = 5  # shorter unattributed words in quote marks are titles and scare quotes
QUOTED_SPAN = re.compile(r"[“\"]([^“”\"\n]{3,600})[”\"]")
TITLE_BEFORE = re.compile(r"\b([A-Z][a-z]+\.?)\s+$")
TITLE_ABBREVIATIONS = {"gov": "governor", "sen": "senator", "rep": "representative", "pres": "president",
                       "gen": "general", "sec": "secretary", "atty": "attorney", "amb": "ambassador"}
TITLES = ROLE_NOUNS | {"speaker", "governor", "senator", "representative", "president", "general", "secretary",
                       "congressman", "congresswoman", "justice", "pope", "king", "queen", "prince", "premier"}
# What an organisation issues: "a Guardian newspaper report", "a Des Moines Register poll" and "U.S. Geological
# Survey data" are the organisation's words.
ISSUED = words("""report reports poll polls survey surveys statement statements story article editorial
release study analysis investigation memo letter filing ruling order ad advertisement data figures statistics
estimate estimates records documents findings""")
DESCRIBED = "described"  # _speaker_entity: the speaker is who the words as written describe, no entity
APPOSITION = re.compile(r",\s+")  # between a role and the name that follows it
POSSESSIVE = re.compile(r"['’]s\b|['’]$")
# Where a sentence ends: not after a title's abbreviation ("said expedition leader Dr. Hanna Voll").
SENTENCE_END = re.compile(r"(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bProf)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bGen)"
                          r"(?<!\bSt)(?<!\bLt)(?<!\bCol)(?<!\bCapt)(?<!\bSgt)(?<!\bRev)(?<!\bJr)"
                          r"[.!?][\"”’]?\s+(?=[\"“A-Z])|\n")


# Words quoted as a phrase someone mentions, not as their own: "dismissed the phrase "This was not a labelling error"
# as a catchy line" (the defence quoting the prosecutor).
MENTIONED = re.compile(r"\b(?:the|that|this|his|her|their|its)\s+(?:[a-z]+\s+)?(?:phrase|words|slogan|line|remark|"
                       r"expression|term|description|label|catchphrase|motto)\s*,?\s*[\"“‘']?\s*$", re.IGNORECASE)


def speaker_conflict(group: QuoteGroup, texts: dict[str, str]) -> Conflict | None:
    """The same words given to different named speakers (only possible through unknown-speaker links)."""
    # "Authorities" and "authorities", "LePage" and "Paul R. LePage" are one speaker; only quoted words can be
    # "the same words" (reported speech passed on through an agency or a survey is a chain, not a conflict)
    # and a speaker found through "he" or "the governor" is a guess, no proof either
    quoted = [(v, v.speaker_name) for v in group.variants if v.speaker_name and v.named
              and v.quote.kind != "indirect" and len(v.text.split()) >= SPEAKER_CONFLICT_WORDS
              and not MENTIONED.search(texts[v.article_id], max(0, v.quote.start - 40), v.quote.start)]
    distinct = {name.split()[-1].casefold(): name for _, name in quoted}
    names = set(distinct.values())
    if len(distinct) < 2 or len({v.article_id for v, _ in quoted}) < 2:
        return None
    for variant, name in quoted:  # a sentence that names the other speaker beside the quote may quote a reply
        near = _quote_sentence(texts[variant.article_id], variant.quote.start, variant.quote.end)
        own = name.split()[-1].casefold()
        if any(surname != own and re.search(rf"\b{re.escape(surname)}\b", near, re.IGNORECASE)
               for surname in distinct):
            return None
    sides = []
    for variant in group.variants:
        unit = Unit(index=-1, article_id=variant.article_id, origin=variant.article_id, position=0,
                    start=variant.start, end=variant.end, text=variant.text)
        sides.append(Side(unit, variant.speaker_name or "unknown"))
    return Conflict("speaker", "who said it: " + " vs ".join(sorted(names)), -1, tuple(sides))


def cross_speaker_conflicts(groups: Sequence[QuoteGroup], texts: dict[str, str]) -> list[Conflict]:
    """The same words given to different named speakers when they were grouped apart, each speaker's quotes in a
    group of its own: two groups holding the same words word for word (at least SPEAKER_CONFLICT_WORDS of them) in
    two articles are read as one for ``speaker_conflict``."""
    found: dict[str, Conflict] = {}
    words = [[tuple(re.findall(r"[\w'’]+", v.text.lower())) for v in g.variants] for g in groups]
    for i, group in enumerate(groups):
        for j in range(i + 1, len(groups)):
            other = groups[j]
            if not any(v.article_id != w.article_id and x == y and len(x) >= SPEAKER_CONFLICT_WORDS
                       for v, x in zip(group.variants, words[i], strict=True)
                       for w, y in zip(other.variants, words[j], strict=True)):
                continue
            conflict = speaker_conflict(QuoteGroup([*group.variants, *other.variants]), texts)
            if conflict is not None:
                found.setdefault(conflict.description, conflict)
    return list(found.values())


def _quote_sentence(text: str, start: int, end: int) -> str:
    """The text of the sentence(s) holding ``text[start:end]`` (a quote with its attribution)."""
    first, last = _quote_sentence_span(text, start, end)
    return text[first:last]


def _quote_sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    before = text[max(0, start - NEAR_QUOTE):start]
    ends = list(SENTENCE_END.finditer(before))
    first = start - len(before) + ends[-1].end() if ends else max(0, start - NEAR_QUOTE)
    after = SENTENCE_END.search(text, end)
    last = after.start() + 1 if after and after.start() < end + NEAR_QUOTE else min(len(text), end + NEAR_QUOTE)
    return first, last


def story_quote_groups(usable: Sequence[StoryArticle], entities: list[Entity], owner: dict[tuple[str, int], str],
                       similarity: Encoder) -> list[QuoteGroup]:
    """The story's quotes grouped by who said them and what was said, most outlets first."""
    variants, people_words, loose = story_variants(usable, entities, owner)
    if not variants:
        return []
    matrix = similarity.similarity([v.text for v in variants])
    # words in quote marks that the article gives no speaker count only where another outlet quotes them too
    groups = [g for g in group_quotes(variants, matrix, people_words, quote_model(similarity.name))
              if len(g.articles) > 1 or any(id(v.quote) not in loose for v in g.variants)]
    groups.sort(key=lambda g: (-len(g.articles), min((v.article_id, v.start) for v in g.variants)))
    return groups


def story_variants(usable: Sequence[StoryArticle], entities: list[Entity],
                   owner: dict[tuple[str, int], str]) -> tuple[list[Variant], frozenset[str], set[int]]:
    """Every sentence of every quote worth comparing, with its speaker resolved through the story's entities; the
    lower-case words of the story's people's names; and the ids of the quotes no speaker was found for."""
    names = {e.id: e.name for e in entities}
    people = {e.id for e in entities if e.type == "PERSON"}
    by_name: dict[str, str] = {}
    for entity in entities:
        for alias in [entity.name, *entity.aliases]:
            by_name.setdefault(alias.lower(), entity.id)
    surnames: dict[str, set[str]] = defaultdict(set)  # last word of a person's name -> the people it may be
    people_words: set[str] = set()  # the words of people's names: "he" in one version may be one in another
    for entity in entities:
        if entity.type == "PERSON":
            for alias in [entity.name, *entity.aliases]:
                surnames[alias.split()[-1].lower()].add(entity.id)
                people_words.update(word.lower() for word in alias.split()
                                    if len(word) > 2 and word[0].isupper() and word[-1] != ".")
    titled = _titles(usable, owner, people)
    variants: list[Variant] = []
    loose: set[int] = set()  # the unattributed quotes (by identity)
    for item in usable:
        annotation = item.annotation
        assert annotation is not None
        for index in statement_quotes(annotation.quotes):
            quote = annotation.quotes[index]
            if _not_a_speaker(quote, item.article.text):
                quote = replace(quote, speaker=None, speaker_start=None, speaker_end=None, speaker_resolved=None)
            speaker = _speaker_entity(item.article.id, quote, annotation, owner, by_name, people,
                                      item.article.text)
            if speaker == DESCRIBED:  # "a former Justice Department prosecutor": who spoke is as written, no name
                described = _described(quote.speaker or "")
                variants += _variants(item, quote, "name:" + described.lower(), described, named=False)
                continue
            written = quote.speaker_resolved
            # Only as the article resolved the words: read as written when it resolved them to no name ("the RNC
            # chairman", "another senator"), definite descriptions given to the story's one holder of the title took
            # BASIL tune quote precision from 0.848 to 0.842 for one more right pair in 360 (session 49).
            if speaker is None and written:
                # "the House speaker", "the governor": the story's one person with that title, if one
                holders = titled.get(_title_word(written.split()[-1]), set())
                if len(holders) == 1:
                    speaker = next(iter(holders))
            if written and not any(ch.isupper() for ch in written):
                written = None  # "the congressman", "a woman": a description, not a name; left unknown
            if (speaker is None or names.get(speaker, "").count(" ") == 0) and written:
                # "Weiner" for the story's one Anthony D. Weiner
                bearers = surnames.get(written.split()[-1].lower(), set())
                if len(bearers) == 1:
                    speaker = next(iter(bearers))
            name = names.get(speaker) if speaker else written
            if speaker is None and written:
                speaker = "name:" + written.lower()
            variants += _variants(item, quote, speaker, name, named=_named(quote, name, item.article.text))
        for quote in unattributed_quotes(item.article.text, annotation.quotes):
            loose.add(id(quote))
            variants.append(Variant(item.article.id, quote, quote.start, quote.end, quote.content, None, None,
                                    _attribution(quote, item), named=False))
    return variants, frozenset(people_words), loose


def _variants(item: StoryArticle, quote: Quote, speaker: str | None, name: str | None, named: bool) -> list[Variant]:
    """One variant per sentence of the quote's words."""
    return [Variant(item.article.id, quote, start, end, text, speaker, name, _attribution(quote, item), named=named)
            for start, end, text in quote_sentences(quote)]


def _not_a_speaker(quote: Quote, text: str) -> bool:
    """Whether the words the article gives as the quote's speaker name nobody: a pronoun left unresolved ("They
    said") or the dateline the parser took for the subject (annotations before version 16 kept it)."""
    written = quote.speaker_resolved or quote.speaker
    return written is not None and (names_nobody(written) or is_dateline(quote, text))


def _title_word(word: str) -> str:
    """A title as one word: "Gov." and "governor" are "governor"."""
    word = word.lower().strip(".,")
    return TITLE_ABBREVIATIONS.get(word, word)


def _titles(usable: Sequence[StoryArticle], owner: dict[tuple[str, int], str], people: set[str]) -> dict[str, set[str]]:
    """Title -> the story's people the articles give it right before their name ("Speaker Paul Ryan", "Gov. Rick
    Perry", "President Obama"), so that a quote said by "the House speaker" or "the governor" is theirs when one
    person of the story holds that title."""
    found: dict[str, set[str]] = defaultdict(set)
    for item in usable:
        assert item.annotation is not None
        text = item.article.text
        for index, mention in enumerate(item.annotation.mentions):
            entity = owner.get((item.article.id, index))
            if entity not in people:
                continue  # only people's names are read for a title before them
            before = TITLE_BEFORE.search(text, max(0, mention.start - 20), mention.start)
            if before and (title := _title_word(before.group(1))) in TITLES:
                found[title].add(entity)
    return found


def _named(quote: Quote, name: str | None, text: str) -> bool:
    """Whether the article names the speaker beside the quote, in its own sentence ("Braley said", "said
    council member Tomas Okonkwo", "said the town's mayor, Agnes Whitcombe"), as opposed to "he", "the Texas
    governor" or a name in an earlier sentence ("His response: ..."), which were resolved to a person and may be
    the wrong one."""
    written = quote.speaker
    if not written or not name or quote.speaker_start is None:
        return False
    if quote.speaker_end is not None and (gap := APPOSITION.match(text, quote.speaker_end)):
        written += " " + text[gap.end():gap.end() + len(name)]
    first, last = _quote_sentence_span(text, quote.start, quote.end)
    if not first <= quote.speaker_start < last:
        return False
    surname = re.sub(r"[’']s$", "", name.split()[-1]).casefold()
    return surname in {re.sub(r"[’']s$", "", w).casefold() for w in re.findall(r"[\w’'-]+", written)}


def unattributed_quotes(text: str, quotes: Sequence[Quote]) -> list[Quote]:
    """Words in quote marks (UNATTRIBUTED_WORDS or more) that no extracted quote covers: a lead's "mocking
    Grassley as a “farmer from Iowa who never went to law school”" quotes a remark without a speech verb.
    Kind ``partial``, no cue and no speaker: they join a group only on near-identical words."""
    found = []
    for match in QUOTED_SPAN.finditer(text):
        raw = match.group(1)
        content = raw.strip(" ,.;:")
        start = match.start(1) + len(raw) - len(raw.lstrip(" ,.;:"))
        end = start + len(content)
        if len(content.split()) < UNATTRIBUTED_WORDS:
            continue
        if any(q.start < end and start < q.end for q in quotes):
            continue
        found.append(Quote(start=start, end=end, content=content, kind="partial", cue=None,
                           cue_start=None, cue_end=None, speaker=None, speaker_start=None, speaker_end=None,
                           speaker_resolved=None))
    return found


def _speaker_entity(article_id: str, quote: Any, annotation: Annotation, owner: dict[tuple[str, int], str],
                    by_name: dict[str, str], people: set[str], text: str) -> str | None:
    """The story entity of the quote's speaker: the person named in the speaker's words ("Marrowgate chief
    executive Hana Sørlie" is Hana Sørlie, not Marrowgate), else the first entity there unless it only qualifies
    a role ("the RNC chairman" is not the RNC), else by the name the article resolved the speaker to, unless
    that is an organisation or place the speaker's words only qualify: then DESCRIBED ("a former Justice
    Department prosecutor", "Israeli officials" and "Republican senators" are not the department, Israel or the
    party)."""
    found: list[str] = []
    qualified = False  # whether the entities in the speaker's words only qualify who spoke
    if quote.speaker_start is not None:
        end = quote.speaker_end if quote.speaker_end is not None else quote.speaker_start + 1
        inside = [(owner[(article_id, index)], mention) for index, mention in enumerate(annotation.mentions)
                  if mention.start < end and quote.speaker_start < mention.end and (article_id, index) in owner]
        found = [entity for entity, _ in inside]
        # the person the words end on is who spoke ("state Senate President Pro Tem David Long", "Trump's
        # lawyer Rudy Giuliani"); one followed by "'s" only qualifies another ("Giuliani, Trump's lawyer")
        persons = [e for e, m in inside if e in people and not POSSESSIVE.match(text[m.end:m.end + 2])]
        if persons:
            return persons[-1]
        named = _named_after(article_id, quote, annotation, owner, people, text)
        if named is not None:
            return named
        qualified = bool(found) and _qualifies(quote, inside)
        if found and not qualified:
            return found[0]
    if quote.speaker_resolved:
        entity = by_name.get(normalise(quote.speaker_resolved).lower())
        if qualified and entity in found and entity not in people and _last_word(quote.speaker or "") not in ISSUED:
            return DESCRIBED  # the organisation or place was resolved from words it only qualifies
        return entity
    return None


def _named_after(article_id: str, quote: Any, annotation: Annotation, owner: dict[tuple[str, int], str],
                 people: set[str], text: str) -> str | None:
    """The person named in apposition right after speaker words that describe them: "said Brackwell's mayor,
    Agnes Whitcombe, who watched" is Agnes Whitcombe."""
    gap = APPOSITION.match(text, quote.speaker_end) if quote.speaker_end is not None else None
    if gap is None or quote.speaker is None or _last_word(quote.speaker) not in TITLES:
        return None
    for index, mention in enumerate(annotation.mentions):
        if mention.start == gap.end() and owner.get((article_id, index)) in people:
            return owner[(article_id, index)]
    return None


def _described(written: str) -> str:
    """A speaker description as a label: "A senior Israeli official" -> "a senior Israeli official"."""
    first, _, rest = written.strip().partition(" ")
    return f"{first.lower()} {rest}" if rest and first.lower() in ("a", "an", "the") else written.strip()


def _last_word(written: str) -> str:
    """The last word of a speaker's words, lower case, as the role lists spell it ("the RNC chairman" -> "chairman")."""
    found = written.lower().replace("’", "'").split()
    return found[-1].strip(".,") if found else ""


def _qualifies(quote: Quote, inside: list[tuple[str, Any]]) -> bool:
    """Whether the entities in the speaker's words only qualify who spoke: "the RNC chairman", "Russia's
    president", "Russian media", "White House officials" — the words go on after the last entity with a common
    noun, or end with a role, which is the speaker; the organisation or country is not who spoke."""
    if quote.speaker is None or quote.speaker_start is None:
        return False
    if _last_word(quote.speaker) in ROLE_NOUNS:
        return True
    after = quote.speaker[max(m.end for _, m in inside) - quote.speaker_start:]
    return any(word[:1].islower() for word in re.findall(r"[^\W\d_][\w'’-]*", after))


def _attribution(quote: Any, item: StoryArticle) -> str:
    chain = [f"via {name}" for name in quote.attribution]
    if item.reprint_of:
        chain.append("reprinted copy")
    return ", ".join(chain) or "directly"


def quote_view(group: QuoteGroup, by_id: dict[str, StoryArticle]) -> dict[str, Any]:
    # a speaker the articles name beside the quote outweighs one found through "he"
    speakers = (Counter(v.speaker_name for v in group.variants if v.speaker_name and v.named)
                or Counter(v.speaker_name for v in group.variants if v.speaker_name))
    statement = _statements(group)
    order = sorted(range(len(group.variants)), key=lambda p: (when(by_id[group.variants[p].article_id].article),
                                                              group.variants[p].article_id))
    return {
        "speaker": speakers.most_common(1)[0][0] if speakers else None,
        "outlet_count": len({outlet_label(by_id[v.article_id].article) for v in group.variants}),
        "variants": [{
            "article_id": v.article_id, "outlet": outlet_label(by_id[v.article_id].article),
            "start": v.start, "end": v.end, "text": v.text, "kind": v.quote.kind,
            "speaker_as_written": v.quote.speaker, "cue": v.quote.cue, "attribution": v.attribution,
            "unique_words": v.unique_words, "named": v.named, "statement": statement[p],
        } for p in order for v in (group.variants[p],)],
    }


def _statements(group: QuoteGroup) -> list[int]:
    """Each variant's statement within its group: variants linked through pairs said alike (``QuoteGroup.alike``)
    share a number; a summary or paraphrase of the remark said otherwise has one of its own. Numbered in the
    order of their first variant."""
    parent = list(range(len(group.variants)))

    def root(p: int) -> int:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    for p, q in sorted(group.alike):
        parent[root(q)] = root(p)
    numbers: dict[int, int] = {}
    return [numbers.setdefault(root(p), len(numbers)) for p in range(len(group.variants))]
