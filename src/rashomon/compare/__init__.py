"""Cross-source comparison of one story: facts with their support, contradictions, omissions and
exclusives, quotes compared, entities with each outlet's descriptions, framing, timeline and a brief.

``compare_story(articles, similarity)`` reads the articles' stored annotations (it never re-parses)
and returns the story's analysis as a plain dict, the ``stories[]`` item of ``analysis.json``
(docs/analysis-format.md). Every fact, conflict, quote variant, timeline entry and brief sentence
carries the article ids and character spans it came from.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations, pairwise
from typing import Any

import numpy as np

from rashomon.compare.align import (
    QUOTED_ALIKE,
    AlignParams,
    Fact,
    Group,
    Unit,
    align,
    claims_by_article,
    claims_holding,
    pieces_of,
    quoted_runs,
    similarity_and_vectors,
    trailing_frame,
)
from rashomon.compare.brief import Restated, brief, left_open_sentences, quote_threads, quoted_speaker, reads_alone
from rashomon.compare.conflicts import (
    NOT_PLACE_NAMES,
    PLACE_KIND,
    Conflict,
    Context,
    Holder,
    Owners,
    absence_conflicts,
    alike_date_conflicts,
    confirmation_conflicts,
    count_conflicts,
    decision_conflicts,
    deed_conflicts,
    deed_offices,
    deed_polarity_conflicts,
    happening_date_conflicts,
    hedged,
    intent_conflicts,
    merge_conflicts,
    named_sum_conflicts,
    office_words,
    pair_conflicts,
    place_level,
    role_conflicts,
    said_on,
    state_conflicts,
    tally_conflicts,
    toll_conflicts,
    undecided_deed_conflicts,
    where_conflicts,
)
from rashomon.compare.entities import DESCRIPTION_STOP, Entity, link_entities
from rashomon.compare.omissions import exclusives, omissions, possibly_reported
from rashomon.compare.pairs import PairModel, scored_pairs
from rashomon.compare.quotes import QuoteGroup
from rashomon.compare.records import StoryArticle, first_key, outlet_label, when
from rashomon.compare.similarity import Encoder
from rashomon.compare.speech import cross_speaker_conflicts, quote_view, speaker_conflict, story_quote_groups
from rashomon.nlp.sources import STATED_IN
from rashomon.records import Annotation, Mention

# Bounds that keep a very large story's comparison in time and memory (stated in the output when hit).
MAX_ARTICLES = 200
MAX_CLAIMS_PER_ARTICLE = 40
CREDIT_LINE = re.compile(r"contributed to this report|^\s*(?:reporting|editing|writing) by\b|all rights reserved",
                         re.IGNORECASE)
FRAME_WORDS = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\.(?=\s*[,.]|\s*$)|^\s*According to [^,]{1,60},\s*",
                         re.IGNORECASE)
HEDGE_WORDS = ("reportedly", "allegedly", "apparently", "according to", "claimed", "claims", "may", "might", "could",
               "possibly", "likely", "unconfirmed", "appears", "appeared", "is said to", "suggested")


@dataclass
class Prepared:
    """A story's claims as the aligner sees them, with their similarity (what the pair model reads)."""

    usable: list[StoryArticle]
    annotated: dict[str, tuple[str, Annotation]]  # article id -> (text, annotation) of the usable articles
    entities: list[Entity]
    owner: dict[tuple[str, int], str]
    units: list[Unit]  # the claims compared: a reprint's claim worded as in its original is a twin instead
    similarity: np.ndarray
    vectors: np.ndarray | None
    notes: list[str]
    # Claims of reprints that repeat a claim of their origin word for word, indexed after ``units``, and the
    # index in ``units`` of the claim each repeats: they are not compared again (a wire story printed fifty
    # times would cost fifty times the pairs and tell nothing new); each joins the facts of the claim it repeats.
    twins: list[Unit] = field(default_factory=list)
    twin_of: list[int] = field(default_factory=list)

    def expanded(self, facts: list[Fact], scores: dict[tuple[int, int], float]
                 ) -> tuple[list[Fact], list[Unit], np.ndarray, dict[tuple[int, int], float]]:
        """The facts, claims, similarity and same-fact probabilities with the twins: each twin stands beside the
        claim it repeats in its facts (same order), has that claim's similarity row, and scores what that claim
        scores with the compared claims, and 1.0 with it (not with every other twin: a story of fifty copies
        would hold fifty squared pairs of each pair of claims, and what they say follows from the claims they
        repeat)."""
        if not self.twins:
            return facts, self.units, self.similarity, scores
        copies: dict[int, list[Unit]] = defaultdict(list)
        for twin, repeated in zip(self.twins, self.twin_of, strict=True):
            copies[repeated].append(twin)
        facts = [Fact([t for u in fact.members for t in (u, *copies.get(u.index, ()))],
                      [t for u in fact.extra for t in (u, *copies.get(u.index, ()))]) for fact in facts]
        source = np.array([*range(len(self.units)), *self.twin_of])
        result = dict(scores)
        for (i, j), probability in scores.items():
            for repeated, other in ((i, j), (j, i)):
                for twin in copies.get(repeated, ()):
                    result[(min(twin.index, other), max(twin.index, other))] = probability
        for repeated, twins in copies.items():
            for twin in twins:
                result[(repeated, twin.index)] = 1.0
        return facts, [*self.units, *self.twins], self.similarity[np.ix_(source, source)], result


def prepare(story: Sequence[StoryArticle], similarity: Encoder) -> Prepared:
    """The comparable articles, their entities linked across the story, their claims and claim similarity."""
    notes: list[str] = []
    usable = _usable(story, notes)
    annotated = {s.article.id: (s.article.text, s.annotation) for s in usable if s.annotation is not None}
    entities, owner = link_entities(annotated)
    units, twins, twin_of = _twins(_units(usable, owner, {e.id: e.type for e in entities}, notes))
    matrix, vectors = similarity_and_vectors(units, similarity)
    return Prepared(usable, annotated, entities, owner, units, matrix, vectors, notes, twins, twin_of)


def _twins(units: list[Unit]) -> tuple[list[Unit], list[Unit], list[int]]:
    """The claims to compare, the twins (a reprint's claim worded exactly as a claim of another article of the
    same origin, preferably the original's), and the claim each twin repeats; indices are renumbered so that
    the compared claims come first."""
    first: dict[tuple[str, str], Unit] = {}
    for unit in units:
        key = (unit.origin, unit.text)
        if key not in first or (unit.article_id == unit.origin and first[key].article_id != unit.origin):
            first[key] = unit
    kept = [u for u in units if first[(u.origin, u.text)] is u or first[(u.origin, u.text)].article_id == u.article_id]
    if len(kept) == len(units):
        return units, [], []
    compared = [replace(u, index=n) for n, u in enumerate(kept)]
    index_of = {id(u): c.index for u, c in zip(kept, compared, strict=True)}
    twins: list[Unit] = []
    twin_of: list[int] = []
    for unit in units:
        if id(unit) not in index_of:
            twins.append(replace(unit, index=len(compared) + len(twins)))
            twin_of.append(index_of[id(first[(unit.origin, unit.text)])])
    return compared, twins, twin_of


def compare_story(story: Sequence[StoryArticle], similarity: Encoder,
                  params: AlignParams | None = None) -> dict[str, Any]:
    """The comparison of one story's articles (see the module docstring)."""
    params = params or AlignParams.for_backend(similarity.name)
    prepared = prepare(story, similarity)
    notes, usable, entities, owner, units = (prepared.notes, prepared.usable, prepared.entities, prepared.owner,
                                             prepared.units)
    by_id = {s.article.id: s for s in story}
    texts = {s.article.id: s.article.text for s in story}
    annotated = prepared.annotated
    matrix = prepared.similarity
    model = PairModel.load(similarity.name)
    scores, candidates = scored_pairs(units, matrix, prepared.vectors, model, params)
    quote_groups = story_quote_groups(usable, entities, owner, similarity)
    scores = quoted_alike(units, quote_groups, scores)
    groups = align(units, scores, params)
    facts = _facts(groups, units)
    independent = {s.article.id: s.reprint_of or s.article.id for s in usable}
    origins = set(independent.values())
    if len(origins) < 2:
        notes.append("Only one independent article in this story: nothing to compare across sources; "
                     "every fact is single-source." if usable else "No comparable article in this story.")
    def named_days(but_sayings: bool) -> dict[str, frozenset[str]]:  # article id -> the days it names
        return {i: frozenset(t.value[:10] for t in a.times if t.value and t.precision == "day"
                             and not (but_sayings and said_on(text, t.start)))
                for i, (text, a) in annotated.items()}

    context = Context({e.id: e.name for e in entities}, _containment(annotated, owner),
                      {s.article.id: when(s.article) for s in usable}, named_days(False),
                      frozenset(w for text in texts.values() for w in re.findall(r"\b[a-z]\w*", text)),
                      {n.lower(): e.type for e in entities for n in (*e.aliases, e.name)}, named_days(True))
    read = _read_pairs(facts, candidates)  # the claim pairs the pair checks read
    conflicts = _conflicts(facts, units, candidates, read, texts, context)
    conflicts += _office_conflicts(conflicts, facts, units, entities, annotated, independent)

    def alike_claims(i: int, j: int) -> float:
        return float(matrix[i, j])

    conflicts += _not_set_yet(conflicts, facts, absence_conflicts(units, alike_claims, context))
    conflicts += _not_set_yet(conflicts, facts, deed_polarity_conflicts(units, context))
    conflicts += _not_set_yet(conflicts, facts, undecided_deed_conflicts(units, context))
    conflicts += _not_set_yet(conflicts, facts, decision_conflicts(units, _alike(similarity), context))
    conflicts += _not_set_yet(conflicts, facts, confirmation_conflicts(units, _alike(similarity), context))
    conflicts += _not_set_yet(conflicts, facts, intent_conflicts(units, _alike(similarity), context))
    conflicts += _not_set_yet(conflicts, facts, state_conflicts(units, context))
    conflicts += _not_set_yet(conflicts, facts, happening_date_conflicts(units, texts, context, _alike(similarity),
                                                                         alike_claims))
    conflicts += _not_set_yet(conflicts, facts, alike_date_conflicts(units, texts, context, alike_claims, read))
    conflicts += _not_set_yet(conflicts, facts, deed_conflicts(
        units, texts, {e.id: (e.name, *e.aliases) for e in entities}, _alike(similarity)))
    conflicts += _not_set_yet(conflicts, facts, where_conflicts(units, texts, context, alike_claims,
                                                                     _alike(similarity)))
    conflicts += _not_set_yet(conflicts, facts, tally_conflicts(units, alike_claims))
    conflicts += _not_set_yet(conflicts, facts, count_conflicts(units, texts, context, alike_claims))
    conflicts += _not_set_yet(conflicts, facts, named_sum_conflicts(units, texts, context, alike_claims))
    conflicts += _not_set_yet(conflicts, facts, toll_conflicts(units, texts, context, alike_claims))
    for group in quote_groups:
        conflict = speaker_conflict(group, texts)
        if conflict is not None:
            conflicts.append(conflict)
    told = {c.description for c in conflicts if c.kind == "speaker"}
    conflicts += [c for c in cross_speaker_conflicts(quote_groups, texts) if c.description not in told]
    # the reprints' twins join the facts of the claims they repeat (their conflicts are those claims' conflicts)
    facts, units, matrix, scores = prepared.expanded(facts, scores)
    order = _fact_order(facts, by_id)
    fact_ids = {id(facts[i]): f"f{rank + 1}" for rank, i in enumerate(order)}
    contested = {fact_ids[id(facts[c.fact])] for c in conflicts if c.fact >= 0}
    fact_views = [_fact_view(facts[i], fact_ids[id(facts[i])], by_id, contested, scores) for i in order]
    view_by_id = {f["id"]: f for f in fact_views}
    conflict_views = [_conflict_view(c, n, fact_ids, facts, by_id) for n, c in enumerate(conflicts)]
    quote_views = [quote_view(g, by_id) for g in quote_groups]
    for view in fact_views:  # a fact worded in a speaker's quoted words, nobody named in its sentence: whose they are
        view["said_by"] = quoted_speaker(view["text"], view["text_from"], quote_views)
    near = possibly_reported(facts, fact_ids, units, scores, quote_groups, matrix)
    exclusive_views = exclusives(usable, fact_views, near)
    return {
        "article_ids": [s.article.id for s in story],
        "compared_article_ids": [s.article.id for s in usable],
        "independent_count": len(origins),
        "facts": fact_views,
        "conflicts": conflict_views,
        "omissions": omissions(usable, fact_views, len(origins), near),
        "exclusives": exclusive_views,
        "quotes": quote_views,
        "entities": [e.to_dict() | {"outlets": _entity_outlets(e, by_id)} for e in entities[:60]],
        "framing": _framing(usable, entities, by_id),
        "timeline": _timeline(fact_views, facts, fact_ids, by_id),
        "coverage": _coverage(story),
        "brief": brief(fact_views, view_by_id, conflict_views, matrix, facts, fact_ids,
                        quote_threads(quote_views, independent), Restated(units, scores, quote_groups), independent,
                        left_open_sentences(annotated), {f for e in exclusive_views for f in e["fact_ids"]}),
        "similarity": similarity.name,
        "notes": notes,
    }


# -- units ----------------------------------------------------------------------------------------

LOCATIVE = re.compile(r"\b(?:in|at|near|outside|inside)\s+(?:the\s+)?$", re.IGNORECASE)
# A street, square or hill where something happened: "under Larkspur Road", "on Kestrel Street".
STREET = re.compile(r"\b(?:in|at|on|near|under|along|off|outside)\s+(?:the\s+)?((?:[A-Z][\w'’-]+\s){1,3}"
                    r"(?:Road|Street|Lane|Avenue|Boulevard|Drive|Square|Hill|Way|Crescent|Terrace|Bridge))\b")
# Where something happened, written with a name the tagger may not know as a place: "near the village of Corbella",
# "off the island of Harrow Holm", "at the entrance to Kelby harbour", "from the Marrowdene range". The name counts
# when the words around it say it is a place (a part of a place before it, a kind of place after it), or when the
# tagger called it a place; "from" only after a word of setting off ("a statement from Acme" is no place).
PLACE_PART = (r"village|town|city|island|isle|port|region|province|district|county|hamlet|suburbs?|outskirts|"
              r"entrance|mouth|edge|site|centre|center|heart|side|coast|shores?|banks?|foot|area|grounds|gates|"
              r"north|south|east|west|slopes?")
LOCATION = re.compile(rf"\b(?P<prep>in|at|near|outside|off|inside|on|from)\s+(?:the\s+)?"
                      rf"(?:(?:[a-z][\w-]*\s+){{0,3}}?(?:{PLACE_PART})\s+(?:of|to)\s+(?:the\s+)?)?"
                      r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})(?P<after>['’]s\b|\s+[a-z]+)?")
SETTING_OFF = re.compile(r"\b(?:launch\w*|lift\w* off|took off|take off|depart\w*|left|leav\w*|sail\w*|flew|fly\w*|"
                         r"set (?:off|out)|evacuat\w*|airlift\w*|driven|drove)\s+$", re.IGNORECASE)
# "Sevastopol, Crimea", "Kramatorsk in the Donetsk region": a place written inside another.
# "Lipno, Sarnovo", "Lipno in Sarnovo", "the Brennick Park industrial estate on the northern edge of Lauvik"
WITHIN = re.compile(r"^(?:\s+(?!(?:said|says|told|and|or|but|was|were|is|are|from|to|near)\b)[a-z]+){0,3}?"
                    r"(?:,\s*|\s+(?:in|on\s+the\s+(?:[a-z]+\s+)?(?:edge|outskirts|fringes?)\s+of|"
                    r"(?:just\s+)?outside)\s+(?:the\s+)?)$")
# A dateline that names the town in capitals and the country or region it is in: "KELFORD, Dresmont, Jan 20 (CPS) -".
DATELINE = re.compile(r"\s*(?P<town>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)*),\s+"
                      r"(?P<area>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+)*),")


def _places_of(text: str, start: int, end: int, mentions: Sequence[Mention], linked: list[tuple[int, str]],
               types: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """(entity id, level) of each place a claim (``text[start:end]``) says something happened at ("in Jeddah",
    "at the Kremlin"), and the streets it names ("under Larkspur Road": the street's name stands for its id
    when the tagger found no place there). A place is listed once, at the first level found for it."""
    found = []
    for i, entity in linked:
        mention = mentions[i]
        if types.get(entity) == "PLACE" and LOCATIVE.search(text, max(0, mention.start - 12), mention.start) \
                and not text.startswith(("'s", "’s"), mention.end):  # "at Lindmoor's airport": its airport's place
            found.append((entity, place_level(mention.text, text[mention.end:mention.end + 16])))
    for match in STREET.finditer(text, start, end):
        tagged = [e for i, e in linked if mentions[i].start < match.end(1) and match.start(1) < mentions[i].end
                  and types.get(e) == "PLACE"]
        found.append((tagged[0] if tagged else match.group(1), "street"))
    for match in LOCATION.finditer(text, start, end):
        name, after = match.group("name"), match.group("after") or ""
        if name.split()[0].lower() in NOT_PLACE_NAMES or after.startswith(("'", "’")) or \
                name.endswith(("'s", "’s")):
            continue  # "in March"; "at Ravensport's stadium" is the club's, not a place's name
        if match.group("prep") == "from" and not SETTING_OFF.search(text, max(0, match.start() - 24), match.start()):
            continue
        low, high = match.start("name"), match.end("name")
        tagged = [e for i, e in linked if mentions[i].start < high and low < mentions[i].end]
        before = text[match.start():low]
        placed = re.search(r"\b(?:of|to)\s+(?:the\s+)?$", before) is not None or \
            (after.strip().lower() in PLACE_KIND and match.group("prep") != "on")  # "on the Catholic campus"
        if placed or (tagged and types.get(tagged[0]) == "PLACE"):
            # "the province of Carvel" is a region whatever the name's own words say
            region = re.search(r"\b(?:region|province|county|district|state)\s+of\s+(?:the\s+)?$", before)
            found.append((tagged[0] if tagged else name,
                          "region" if region else place_level(name, text[high:high + 16])))
    levels: dict[str, str] = {}
    for place, level in found:
        levels.setdefault(place, level)
    return tuple(levels.items())


def _containment(annotated: dict[str, tuple[str, Annotation]],
                 owner: dict[tuple[str, int], str]) -> frozenset[tuple[str, str]]:
    """(place, place containing it) pairs the story's articles write next to each other."""
    pairs = set()
    for article_id, (text, annotation) in annotated.items():
        places = [(i, m) for i, m in enumerate(annotation.mentions) if m.label == "PLACE"]
        for (i, inner), (j, outer) in pairwise(places):
            if WITHIN.match(text[inner.end:outer.start]) and (article_id, i) in owner and (article_id, j) in owner:
                pairs.add((owner[(article_id, i)], owner[(article_id, j)]))
        if dateline := DATELINE.match(text):  # "KELFORD, Dresmont, Jan 20 (CPS) -": the town is in Dresmont
            town = dateline.group("town").title()
            held = [owner[(article_id, i)] for i, m in places if (article_id, i) in owner
                    and m.start == dateline.start("area") and m.end == dateline.end("area")]
            pairs.update((town, area) for area in held)
    return frozenset(pairs)


def _usable(story: Sequence[StoryArticle], notes: list[str]) -> list[StoryArticle]:
    """The articles compared: annotated and in English; at most MAX_ARTICLES (originals first, oldest first)."""
    usable = []
    for item in story:
        annotation = item.annotation
        if annotation is None:
            notes.append(f"article {item.article.id[:12]} is not annotated; run `rashomon annotate` to compare it")
        elif annotation.status == "skipped":
            language = annotation.language or "unknown"
            notes.append(f"article {item.article.id[:12]} ({item.article.outlet or 'unknown outlet'}) is in "
                         f"language '{language}'; only English articles are compared, so it is listed but not "
                         f"aligned")
        else:
            usable.append(item)
    if len(usable) > MAX_ARTICLES:
        usable.sort(key=lambda s: (s.reprint_of is not None, when(s.article), s.article.id))
        notes.append(f"this story has {len(usable)} comparable articles; the first {MAX_ARTICLES} (originals "
                     f"first, oldest first) are compared, the rest are listed only")
        usable = usable[:MAX_ARTICLES]
    return usable


def _units(usable: Sequence[StoryArticle], owner: dict[tuple[str, int], str], types: dict[str, str],
           notes: list[str]) -> list[Unit]:
    """Each usable article's claims as the aligner sees them; ``types`` is each entity's type as all its
    mentions voted (one article's NER mistake does not make Twitter a person)."""
    units: list[Unit] = []
    for item in usable:
        annotation = item.annotation
        assert annotation is not None
        article = item.article
        claims = [c for c in annotation.claims if not CREDIT_LINE.search(c.text) and not STATED_IN.match(c.text)]
        if len(claims) > MAX_CLAIMS_PER_ARTICLE:
            notes.append(f"article {article.id[:12]} has {len(claims)} claims; the first {MAX_CLAIMS_PER_ARTICLE} "
                         f"are compared")
            claims = claims[:MAX_CLAIMS_PER_ARTICLE]
        if not claims:
            notes.append(f"article {article.id[:12]} has no statements to compare")
        for position, claim in enumerate(claims):
            numbers = tuple(annotation.numbers[i] for i in claim.numbers)
            linked = [(i, owner[(article.id, i)]) for i in claim.mentions if (article.id, i) in owner]
            frame = _frame_spans(claim, annotation)
            attributed = frame or trailing_frame(claim.text)
            units.append(Unit(
                index=len(units), article_id=article.id, origin=item.reprint_of or article.id, position=position,
                start=claim.start, end=claim.end, text=claim.text,
                entities=frozenset(entity for _, entity in linked),
                people=frozenset(e for _, e in linked if types.get(e) == "PERSON"),
                places=_places_of(article.text, claim.start, claim.end, annotation.mentions, linked, types),
                numbers=numbers, times=tuple(annotation.times[i] for i in claim.times),
                quoted=quoted_runs(claim.text), pieces=pieces_of(_without_frame(claim, frame)),
                subjects=frozenset(e for i, e in linked if types.get(e) != "PLACE" and not any(
                    low <= annotation.mentions[i].start - claim.start < high for low, high in attributed)),
                hedged=frozenset(i for i, n in enumerate(numbers) if hedged(article.text, n.start))))
    return units


def _frame_spans(claim: Any, annotation: Annotation) -> list[tuple[int, int]]:
    """Where in the claim (offsets into its text) its quotes say who said them and the speech verb ("..., Mr.
    Boehner said.")."""
    cut = []
    for index in claim.quotes:
        quote = annotation.quotes[index]
        for start, end in ((quote.speaker_start, quote.speaker_end), (quote.cue_start, quote.cue_end)):
            if start is not None and end is not None and claim.start <= start and end <= claim.end:
                cut.append((start - claim.start, end - claim.start))
    merged: list[tuple[int, int]] = []  # two quotes of one sentence often share their speaker and verb
    for start, end in sorted(cut):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _without_frame(claim: Any, frame: list[tuple[int, int]]) -> str:
    """The claim's text without who said it and the speech verb (``frame``), which tell nothing about what was said
    and make unrelated quotes of one speaker look alike."""
    text = claim.text
    for start, end in reversed(frame):
        text = text[:start] + text[end:]
    text = FRAME_WORDS.sub(" ", text)
    return " ".join(text.split()).strip(" ,") or claim.text


# -- facts ----------------------------------------------------------------------------------------

def quoted_alike(units: Sequence[Unit], quote_groups: Sequence[QuoteGroup],
                 scores: dict[tuple[int, int], float]) -> dict[tuple[int, int], float]:
    """Same-fact probabilities with the pairs of claims that quote one remark: two claims of different
    articles that each carry, in quote marks and with the speaker named beside it, a variant of one quote
    group (one speaker's one statement, as each outlet quoted or translated it) state the same thing
    (probability ``QUOTED_ALIKE``), however differently the translations are worded. Indirect speech and
    speakers found through "he" or "the official" do not count (on the tune part, counting them took pair
    precision from 0.903 to 0.861): paraphrases are grouped more loosely than words in quote marks. Nor do two
    variants of a group that are one remark but not said alike (``QuoteGroup.alike``)."""
    by_article = claims_by_article(units)
    linked = dict(scores)
    for group in quote_groups:
        carriers: list[tuple[int, list[int]]] = []
        for position, variant in enumerate(group.variants):
            if variant.quote.kind == "indirect" or not variant.named or variant.speaker is None:
                continue
            carriers.append((position, claims_holding(by_article[variant.article_id], variant.start, variant.end)))
        for (p, a), (q, b) in combinations(carriers, 2):
            if (p, q) not in group.alike:
                continue  # one remark, but not said alike: a summary or a paraphrase is not the same fact
            for i in a:
                for j in b:
                    if units[i].article_id != units[j].article_id:
                        pair = (min(i, j), max(i, j))
                        linked[pair] = max(linked.get(pair, 0.0), QUOTED_ALIKE)
    return linked


def _facts(groups: list[Group], units: list[Unit]) -> list[Fact]:
    return [Fact([units[i] for i in g.members], [units[i] for i in g.extra]) for g in groups]


def _read_pairs(facts: list[Fact], candidates: dict[tuple[int, int], float]) -> set[tuple[int, int]]:
    """The pairs of claims (i < j) the pair checks read: the members of each fact from independent sources, and
    the pairs the aligner kept apart because of the very detail they disagree on."""
    pairs = {(min(a.index, b.index), max(a.index, b.index)) for fact in facts for a in fact.support
             for b in fact.support if a.origin != b.origin and a.index != b.index}
    return pairs | set(candidates)


def _conflicts(facts: list[Fact], units: list[Unit], candidates: dict[tuple[int, int], float],
               pairs: set[tuple[int, int]], texts: dict[str, str], context: Context) -> list[Conflict]:
    """Contradictions between claims of independent sources that state one fact, read on ``pairs``
    (``_read_pairs``; a conflict then belongs to the fact of its first side that has one, so that the fact shows
    as contested)."""
    fact_of: dict[int, int] = {}
    for number, fact in enumerate(facts):
        for unit in fact.support:
            fact_of.setdefault(unit.index, number)
    found = []
    for n, (i, j) in enumerate(sorted(pairs)):
        number = fact_of.get(i, fact_of.get(j, -2 - n))  # a pair of no fact is a conflict of its own
        found += pair_conflicts(number, units[i], units[j], texts, context, candidates.get((i, j), 0.0))
    return merge_conflicts(found)


def _not_set_yet(found: list[Conflict], facts: list[Fact], new: list[Conflict]) -> list[Conflict]:
    """The story-wide checks' conflicts (an absence against an event, a decision told both ways, a confirmation
    against a denial), unless an earlier check already set the two claims against each other; each belongs to the fact
    of its first side that has one."""
    fact_of = {unit.index: number for number, fact in enumerate(facts) for unit in fact.support}
    seen = [(c.kind, {s.unit.index for s in c.sides}) for c in found]
    result: list[Conflict] = []
    for conflict in new:
        a, b = (s.unit.index for s in conflict.sides)
        if any(kind == conflict.kind and {a, b} <= sides for kind, sides in seen):
            continue
        if _joined(found, conflict):
            continue  # another outlet's side of a disagreement already set: one conflict, all its sides
        seen.append((conflict.kind, {a, b}))
        result.append(replace(conflict, fact=fact_of.get(a, fact_of.get(b, -1000 - len(result)))))
    return result


def _joined(found: list[Conflict], conflict: Conflict) -> bool:
    """Join a new conflict to one already found of its kind that has one of its sides, with the same value, by
    adding its other side ("12 people (Meridian) vs 14 people (Valley)" joins "12 people (Northgate) vs 14 people
    (Valley)"); whether it was joined."""
    for n, earlier in enumerate(found):
        if earlier.kind != conflict.kind:
            continue
        values = {s.unit.index: s.detail for s in earlier.sides}
        for shared, other in (conflict.sides, conflict.sides[::-1]):
            if values.get(shared.unit.index) == shared.detail and other.unit.index not in values \
                    and other.detail in values.values():
                found[n] = replace(earlier, sides=(*earlier.sides, other))
                return True
    return False


def _alike(similarity: Encoder) -> Callable[[list[str]], Callable[[int, int], float]]:
    """Pairwise similarity of short phrases by the story's encoder, as ``conflicts.decision_conflicts`` asks."""
    def alike(phrases: list[str]) -> Callable[[int, int], float]:
        matrix = similarity.similarity(phrases)
        return lambda i, j: float(matrix[i, j])
    return alike


def _office_conflicts(found: list[Conflict], facts: list[Fact], units: list[Unit], entities: list[Entity],
                      annotated: dict[str, tuple[str, Annotation]], origin: dict[str, str]) -> list[Conflict]:
    """One office given to two people by independent articles (``conflicts.role_conflicts``), from what each
    article calls its people; a pair the claim checks already set against each other is not reported twice. Each
    belongs to the fact of its first side that has one, like the claim checks' conflicts."""
    by_article = claims_by_article(units)
    holders: dict[str, list[Holder]] = defaultdict(list)
    mentioned: dict[str, set[str]] = {article_id: set() for article_id in annotated}
    for entity in entities:
        for article_id, _ in entity.mentions:
            mentioned.setdefault(article_id, set()).add(entity.id)
        if entity.type != "PERSON":
            continue
        # what the articles call the person ("the chief inspector"), and what they say the person does ("the
        # inquiry is headed by X"): (article, office, where the words are)
        offices = [(str(d["article_id"]), int(str(d["start"])), int(str(d["end"]))) for d in entity.descriptions]
        roles = [(article_id, office, start, end) for article_id, start, end in offices
                 for office in _offices(_office_text(annotated[article_id][0], start, end))]
        for article_id, index in entity.mentions:
            mention = annotated[article_id][1].mentions[index]
            roles += [(article_id, office, mention.start, mention.end)
                      for office in deed_offices(annotated[article_id][0], mention.start, mention.end)]
        for article_id, office, start, end in roles:
            held = claims_holding(by_article.get(article_id, []), start, end)
            if office is not None and held and all(h.entity != entity.id or h.office != office
                                                   for h in holders[article_id]):
                holders[article_id].append(Holder(entity.id, office, units[held[0]]))
    named = {(e.type, tuple(w.lower() for w in re.findall(r"[\w'’-]+", name))) for e in entities
             if e.type in ("ORG", "PLACE", "GROUP") for name in (e.name, *e.aliases)}
    owners = Owners(frozenset(w for _, name in named for w in name),
                    frozenset(name for kind, name in named if kind == "PLACE" and name),
                    frozenset(name for kind, name in named if kind == "ORG" and name))
    already = {frozenset(s.unit.index for s in c.sides) for c in found if c.kind == "name"}
    fact_of = {u.index: n for n, fact in enumerate(facts) for u in fact.support}
    result = []
    for conflict in role_conflicts(holders, origin, mentioned, {e.id: e.name for e in entities}, owners):
        sides = frozenset(s.unit.index for s in conflict.sides)
        if sides in already or len(sides) < 2:
            continue
        already.add(sides)
        a, b = (s.unit.index for s in conflict.sides)
        result.append(replace(conflict, fact=fact_of.get(a, fact_of.get(b, -1))))
    return result


def _offices(description: str) -> list[tuple[str, ...] | None]:
    """The offices a description gives: its one office, or, when it names none whole, the offices of its parts
    ("a chemistry lecturer and chair of the union branch": the chair of the union branch); and the head of an
    organisation it may name ("director of the Disaster Office" is who "heads the Disaster Office")."""
    head = office_words(description, head_of=True)
    office = office_words(description)
    if office is not None or " and " not in description:
        return [office, head]
    return [o for part in re.split(r",?\s+and\s+", description) if (o := office_words(part)) is not None] + [head]


def _office_text(text: str, start: int, end: int) -> str:
    """A description before a name with the lower-case words that qualify its title ("said mission director Oksana
    Pirell": the description is "director", the office "mission director"); up to two, not past a stop word."""
    # "Managing director Klaus Imhof of Sella Bergbahnen": whose office it is may follow the name
    owner = OWNER_AFTER_NAME.match(text, end)
    of = f" of {owner.group('owner')}" if owner is not None else ""
    if re.match(r"(?:the|a|an|his|her|its|their|[A-Z][\w&.-]*['’]s)\s", text[start:end], re.IGNORECASE):
        return text[start:end] + of  # "defeated the incumbent mayor": the description is whole from its article on
    window = max(0, start - 40)
    first = start
    for word in reversed(list(re.finditer(r"[^\W\d_][\w-]*", text[window:start]))[-2:]):
        if not word.group().islower() or word.group() in DESCRIPTION_STOP or text[window + word.end():first].strip():
            break
        first = window + word.start()
    return text[first:end] + of


# After a description written before a name, the name and whose office it is: "Managing director Klaus Imhof of
# Sella Bergbahnen said" (the description "Managing director" is of Sella Bergbahnen's).
OWNER_AFTER_NAME = re.compile(r"\s+(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]*\s+of\s+(?:the\s+)?"
                              r"(?P<owner>[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,4})")


def _fact_order(facts: list[Fact], by_id: dict[str, StoryArticle]) -> list[int]:
    """Most independent sources first; then where the fact first appears in its articles."""
    def key(i: int) -> tuple[int, float, str]:
        fact = facts[i]
        origins = {u.origin for u in fact.support}
        position = min(u.position for u in fact.support)
        return (-len(origins), position, min(when(by_id[u.article_id].article) for u in fact.support))

    return sorted(range(len(facts)), key=key)


def _span(unit: Unit, by_id: dict[str, StoryArticle]) -> dict[str, Any]:
    article = by_id[unit.article_id].article
    return {"article_id": unit.article_id, "outlet": outlet_label(article), "start": unit.start, "end": unit.end,
            "text": unit.text, "reprint": by_id[unit.article_id].reprint_of is not None}


def _fact_view(fact: Fact, fact_id: str, by_id: dict[str, StoryArticle], contested: set[str],
               scores: dict[tuple[int, int], float]) -> dict[str, Any]:
    support = fact.support
    origins = {u.origin for u in support}
    first = min(support, key=lambda u: (first_key(by_id[u.article_id].article),
                                        by_id[u.article_id].reprint_of is not None, u.article_id))
    status = "contested" if fact_id in contested else "corroborated" if len(origins) >= 2 else "single-source"
    representative = _representative(fact.members, support, scores)
    first_article = by_id[first.article_id].article
    return {
        "id": fact_id,
        "text": representative.text,
        "text_from": {"article_id": representative.article_id, "start": representative.start,
                      "end": representative.end},
        "status": status,
        "independent_sources": len(origins),
        "article_count": len({u.article_id for u in support}),
        "outlets": sorted({outlet_label(by_id[u.article_id].article) for u in support}),
        # no supporter dated: nothing says who was first
        "first_reported_by": None if first_article.published is None else {
            "article_id": first.article_id, "outlet": outlet_label(first_article),
            "published": first_article.published.isoformat(), "tied_with": _tied(first, support, by_id)},
        "support": [_span(u, by_id) for u in support],
    }


def _tied(first: Unit, support: Sequence[Unit], by_id: dict[str, StoryArticle]) -> list[str]:
    """The other original articles that may have reported it as early as ``first``: on the same day, when
    either gives only the day (a bare date may be any hour of it, so neither was first), and those with no date
    at all (they may have been earliest)."""
    stamp = when(by_id[first.article_id].article)
    if stamp == "9999":
        return []
    tied = []
    for unit in support:
        other = when(by_id[unit.article_id].article)
        if (unit.article_id != first.article_id and by_id[unit.article_id].reprint_of is None
                and (other == "9999" or (other[:10] == stamp[:10] and ("T" not in other or "T" not in stamp)))):
            tied.append(unit.article_id)
    return sorted(set(tied))


def _representative(members: list[Unit], support: Sequence[Unit], scores: dict[tuple[int, int], float]) -> Unit:
    """The member closest to all the fact's support, second memberships included (a wording taken from
    the sources, never composed). Totals are compared to six places, and a tie goes to the shorter wording,
    then to the first in article order: two claims of equal standing summed in another order must not make
    the wording shown depend on the run."""
    def centrality(unit: Unit) -> tuple[bool, float, int]:
        total = sum(scores.get((min(unit.index, m.index), max(unit.index, m.index)), 0.0)
                    for m in support if m is not unit)
        return (reads_alone(unit.text), round(total, 6), -len(unit.text))

    return max(sorted(members, key=lambda u: (u.article_id, u.start)), key=centrality)


# -- conflicts ------------------------------------------------------------------------------------

def _conflict_view(conflict: Conflict, number: int, fact_ids: dict[int, str], facts: list[Fact],
                   by_id: dict[str, StoryArticle]) -> dict[str, Any]:
    by_value: dict[str, list[str]] = defaultdict(list)
    for side in conflict.sides:
        by_value[side.detail].append(outlet_label(by_id[side.unit.article_id].article))
    label = conflict.description.split(":", 1)[0]
    description = f"{label}: " + " vs ".join(f"{value} ({', '.join(sorted(set(outlets)))})"
                                              for value, outlets in by_value.items())
    fact_ids_list = [fact_ids[id(facts[conflict.fact])]] if conflict.fact >= 0 else []
    return {"id": f"c{number + 1}", "kind": conflict.kind, "description": description, "fact_ids": fact_ids_list,
            "sides": [{**_span(side.unit, by_id), "value": side.detail} for side in conflict.sides]}


# -- entities and framing -------------------------------------------------------------------------

def _entity_outlets(entity: Entity, by_id: dict[str, StoryArticle]) -> list[str]:
    return sorted({outlet_label(by_id[a].article) for a, _ in entity.mentions})


def _framing(usable: Sequence[StoryArticle], entities: list[Entity], by_id: dict[str, StoryArticle]) -> list[dict]:
    """Per article: the words it uses for the key entities, the sources it cites, its speech verbs and hedges."""
    key_entities = [e for e in entities if e.type in ("PERSON", "ORG")][:8]
    found = []
    for item in usable:
        annotation = item.annotation
        assert annotation is not None
        article = item.article
        lower = article.text.lower()
        descriptions = {e.name: sorted({str(d["text"]) for d in e.descriptions if d["article_id"] == article.id})
                        for e in key_entities}
        found.append({
            "article_id": article.id,
            "outlet": outlet_label(article),
            "descriptions": {name: texts for name, texts in descriptions.items() if texts},
            "sources_cited": sorted(Counter(s.name for s in annotation.sources).items(), key=lambda kv: -kv[1]),
            "speech_verbs": Counter((q.cue or "").lower() for q in annotation.quotes if q.cue).most_common(8),
            "hedges": [[w, n] for w in HEDGE_WORDS if (n := len(re.findall(rf"\b{re.escape(w)}\b", lower)))],
            "quotes": {"direct": sum(q.kind == "direct" for q in annotation.quotes),
                       "indirect": sum(q.kind == "indirect" for q in annotation.quotes),
                       "partial": sum(q.kind == "partial" for q in annotation.quotes)},
            "words": len(article.text.split()),
        })
    return found


# -- timeline, coverage, brief --------------------------------------------------------------------

def _timeline(fact_views: list[dict[str, Any]], facts: list[Fact], fact_ids: dict[int, str],
              by_id: dict[str, StoryArticle]) -> list[dict[str, Any]]:
    """The dated events the facts state, by date (when it happened, not when it was reported)."""
    by_id_fact = {fact_ids[id(f)]: f for f in facts}
    entries: dict[tuple[str, str], dict[str, Any]] = {}
    for view in fact_views:
        fact = by_id_fact[view["id"]]
        shown = view["text_from"]
        # the fact's own wording first, so an entry reads as the fact when its wording states the date
        units = sorted(fact.members + fact.extra,
                       key=lambda u: (u.article_id, u.start) != (shown["article_id"], shown["start"]))
        for unit in units:
            for time in unit.times:
                if not time.value:
                    continue
                key = (time.value, view["id"])
                entry = entries.setdefault(key, {
                    "date": time.value, "precision": time.precision, "relation": time.relation,
                    "text": unit.text, "fact_ids": [view["id"]], "status": view["status"], "support": []})
                if all(s["article_id"] != unit.article_id for s in entry["support"]):
                    entry["support"].append({**_span(unit, by_id), "time_text": time.text})
    ordered = sorted(entries.values(), key=lambda e: (e["date"], -len(e["support"])))
    # One entry per fact: its most specific, best supported date.
    best: dict[str, dict[str, Any]] = {}
    rank = {"day": 0, "month": 1, "year": 2}
    for entry in ordered:
        fact_id = entry["fact_ids"][0]
        current = best.get(fact_id)
        if current is None or (len(entry["support"]), -rank.get(entry["precision"], 3)) > (
                len(current["support"]), -rank.get(current["precision"], 3)):
            best[fact_id] = entry
    for entry in best.values():  # a date one outlet gives is single-source, however many state the fact
        origins = {by_id[s["article_id"]].reprint_of or s["article_id"] for s in entry["support"]}
        if entry["status"] == "corroborated" and len(origins) < 2:
            entry["status"] = "single-source"
    by_sentence: dict[tuple[str, str], dict[str, Any]] = {}  # one entry per dated sentence (it may state two facts)
    for entry in sorted(best.values(), key=lambda e: -len(e["support"])):
        kept = by_sentence.setdefault((entry["date"], entry["text"]), entry)
        if kept is not entry:
            kept["fact_ids"] = [*kept["fact_ids"], *entry["fact_ids"]]
    return sorted(by_sentence.values(), key=lambda e: (e["date"], e["fact_ids"][0]))


def _coverage(story: Sequence[StoryArticle]) -> list[dict[str, Any]]:
    """When each article was published (when things were reported), oldest first."""
    rows = [{"article_id": s.article.id, "outlet": outlet_label(s.article),
             "published": s.article.published.isoformat() if s.article.published else None,
             "reprint_of": s.reprint_of, "title": s.article.title} for s in story]
    return sorted(rows, key=lambda r: (r["published"] is None, r["published"] or "", r["article_id"]))


__all__ = ["AlignParams", "Prepared", "StoryArticle", "compare_story", "outlet_label", "prepare", "reads_alone"]
