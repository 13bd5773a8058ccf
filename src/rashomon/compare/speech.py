"""Quotes across a story's articles: each quote's speaker resolved through the story's entities, quotes
grouped by who said them and what was said, each group as the output shows it, and "who said it"
conflicts (the same quoted words given to different people)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from rashomon.compare.align import Unit
from rashomon.compare.conflicts import Conflict, Side
from rashomon.compare.entities import Entity, normalise
from rashomon.compare.quotes import QuoteGroup, Variant, group_quotes, quote_sentences, statement_quotes
from rashomon.compare.records import StoryArticle, outlet_label, when
from rashomon.compare.similarity import Encoder
from rashomon.nlp.records import Annotation

SPEAKER_CONFLICT_WORDS = 6  # shorter quoted words (a title, a slogan) are no proof of who said what
NEAR_QUOTE = 200  # characters around a quote searched for the ends of the sentence that holds it
SENTENCE_END = re.compile(r"[.!?][\"”’]?\s+(?=[\"“A-Z])|\n")


def speaker_conflict(group: QuoteGroup, texts: dict[str, str]) -> Conflict | None:
    """The same words given to different named speakers (only possible through unknown-speaker links)."""
    # "Authorities" and "authorities", "LePage" and "Paul R. LePage" are one speaker; only quoted words can be
    # "the same words" (reported speech passed on through an agency or a survey is a chain, not a conflict)
    quoted = [(v, v.speaker_name) for v in group.variants if v.speaker_name and v.quote.kind != "indirect"
              and len(v.text.split()) >= SPEAKER_CONFLICT_WORDS]
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


def _quote_sentence(text: str, start: int, end: int) -> str:
    """The text of the sentence(s) holding ``text[start:end]`` (a quote with its attribution)."""
    before = text[max(0, start - NEAR_QUOTE):start]
    ends = list(SENTENCE_END.finditer(before))
    first = start - len(before) + ends[-1].end() if ends else max(0, start - NEAR_QUOTE)
    after = SENTENCE_END.search(text, end)
    last = after.start() + 1 if after and after.start() < end + NEAR_QUOTE else min(len(text), end + NEAR_QUOTE)
    return text[first:last]



def story_quote_groups(usable: Sequence[StoryArticle], entities: list[Entity], owner: dict[tuple[str, int], str],
                  similarity: Encoder) -> list[QuoteGroup]:
    names = {e.id: e.name for e in entities}
    by_name: dict[str, str] = {}
    for entity in entities:
        for alias in [entity.name, *entity.aliases]:
            by_name.setdefault(alias.lower(), entity.id)
    surnames: dict[str, set[str]] = defaultdict(set)  # last word of a person's name -> the people it may be
    for entity in entities:
        if entity.type == "PERSON":
            for alias in [entity.name, *entity.aliases]:
                surnames[alias.split()[-1].lower()].add(entity.id)
    variants: list[Variant] = []
    for item in usable:
        annotation = item.annotation
        assert annotation is not None
        for index in statement_quotes(annotation.quotes):
            quote = annotation.quotes[index]
            speaker = _speaker_entity(item.article.id, quote, annotation, owner, by_name)
            written = quote.speaker_resolved
            if written and not any(ch.isupper() for ch in written):
                written = None  # "the congressman", "a woman": a description, not a name; left unknown
            if (speaker is None or names.get(speaker, "").count(" ") == 0) and written:
                # "Weiner" for the story's one Anthony D. Weiner
                people = surnames.get(written.split()[-1].lower(), set())
                if len(people) == 1:
                    speaker = next(iter(people))
            name = names.get(speaker) if speaker else written
            if speaker is None and written:
                speaker = "name:" + written.lower()
            for start, end, text in quote_sentences(quote):
                variants.append(Variant(item.article.id, quote, start, end, text, speaker, name,
                                        _attribution(quote, item)))
    if not variants:
        return []
    matrix = similarity.similarity([v.text for v in variants])
    groups = group_quotes(variants, matrix)
    groups.sort(key=lambda g: (-len(g.articles), min((v.article_id, v.start) for v in g.variants)))
    return groups


def _speaker_entity(article_id: str, quote: Any, annotation: Annotation, owner: dict[tuple[str, int], str],
                    by_name: dict[str, str]) -> str | None:
    if quote.speaker_start is not None:
        for index, mention in enumerate(annotation.mentions):
            if mention.start <= quote.speaker_start < mention.end and (article_id, index) in owner:
                return owner[(article_id, index)]
    if quote.speaker_resolved:
        return by_name.get(normalise(quote.speaker_resolved).lower())
    return None


def _attribution(quote: Any, item: StoryArticle) -> str:
    chain = [f"via {name}" for name in quote.attribution]
    if item.reprint_of:
        chain.append("reprinted copy")
    return ", ".join(chain) or "directly"


def quote_view(group: QuoteGroup, by_id: dict[str, StoryArticle]) -> dict[str, Any]:
    speakers = Counter(v.speaker_name for v in group.variants if v.speaker_name)
    return {
        "speaker": speakers.most_common(1)[0][0] if speakers else None,
        "outlet_count": len({outlet_label(by_id[v.article_id].article) for v in group.variants}),
        "variants": [{
            "article_id": v.article_id, "outlet": outlet_label(by_id[v.article_id].article),
            "start": v.start, "end": v.end, "text": v.text, "kind": v.quote.kind,
            "speaker_as_written": v.quote.speaker, "cue": v.quote.cue, "attribution": v.attribution,
            "unique_words": v.unique_words,
        } for v in sorted(group.variants, key=lambda v: (when(by_id[v.article_id].article), v.article_id))],
    }
