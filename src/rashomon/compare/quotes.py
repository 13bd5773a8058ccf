"""Quotes compared: the same statement as each outlet quoted (or translated, or paraphrased) it.

Quotes of one speaker from different articles are grouped by the similarity of their words, never
two of one article in a group. Each variant keeps its kind, its attribution chain ("via Reuters",
"via TASS", directly) and the words no other variant of the group uses, which is where the
translations and paraphrases differ. Quotes whose speaker is unknown join a group only on near-
identical words. A speaker found through "he" or "the governor" is a guess: a long run of the same
words given by name to someone else outweighs it. A group whose variants name different speakers
beside the quote is a "who said it" conflict.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

import numpy as np

from rashomon.cluster.features import STOPWORDS, WORD, term
from rashomon.compare.align import average_linkage
from rashomon.compare.pairs import PairModel, stems
from rashomon.records import Quote

# Content similarity at which two quotes of one speaker are one statement (said alike: ``QuoteGroup.alike``), and at
# which they link when no quote model is shipped for the similarity backend; also the linkage's threshold.
QUOTE_THRESHOLD = 0.55
PARAPHRASE_THRESHOLD = 0.65  # ... when both report the speech in their own words (tune part: P 0.77 -> 0.80)
UNKNOWN_SPEAKER_THRESHOLD = 0.85  # ... when either speaker is unknown
SAME_WORDS_RUN = 5  # words in a row that two quotes of one speaker share: the same words, always one group
# A quote of just this many words ("disregarding basic security protocols") found whole in another outlet's longer
# quote is the same words too.
WHOLE_SHORT_QUOTE = SAME_WORDS_RUN - 1
GUESSED_SPEAKER_RUN = 8  # ... when one speaker is a guess ("he") and differs from the other's
SAME_WORDS_THRESHOLD = 0.9  # ... when the two name different speakers: near-identical words only
SAME_KIND_BONUS = 0.05
# Whether two quotes of one speaker in two articles are one remark, as a learned pair model reads them: how alike
# their words are, the content words they share (weighted by how rare each is among the story's quotes, and
# counted), the longest run of words they share, whether each is quoted or reported in the reporter's words, and
# their lengths. Trained by benchmarks/train_quote_pairs.py (BASIL tune events); shipped as QUOTE_MODEL_FILE with
# the probability at which two quotes link, one model per similarity backend. Features read against the story's
# other quotes (the cosine with their mean taken away, each quote's best match) did no better when left out of
# the tune part's stories in turn, and mean nothing in a story of a few quotes.
QUOTE_FEATURES = ("sim", "overlap", "shared", "run", "both_quoted", "one_quoted", "length")
QUOTE_MODEL_FILE = "quote_model.json"
TRANSLATED = 0.7  # two quotes of one speaker this alike are one remark even with no word in common (translations)
LONGEST_RUN = 7  # a shared run of this many words counts as fully the same words
SHARED_WORDS = 5  # ... and this many shared content words as many
MIN_PARTIAL_WORDS = 3  # shorter partial quotes are scare quotes ("hook"), not statements
SAME_WORD = re.compile(r"[^\W_]+")  # "the same words" count "one-in-three" and "one in three" alike
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"“‘'A-Z])")
# A full stop after these is not a sentence end: "I apologize to Sen. Grassley" is one sentence.
ABBREVIATION = re.compile(r"(?:\b(?:Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|Rev|Hon|Pres|Gov|Atty|"
                          r"Mt|No|Vol|Inc|Co|Corp|Ltd|vs|U\.S|U\.N|U\.K|a\.m|p\.m)|\b[A-Z])\.$")


@dataclass
class Variant:
    """One sentence of one quote as one article gives it (``start``/``end`` into the article's text)."""

    article_id: str
    quote: Quote
    start: int
    end: int
    text: str
    speaker: str | None  # entity id, or the resolved name when no entity matches
    speaker_name: str | None
    attribution: str  # "directly" | "via Reuters" | "via TASS, via Reuters" | "reprint of <outlet>"
    unique_words: list[str] = field(default_factory=list)
    # Whether the article names the speaker beside the quote ("Braley said"), as opposed to a speaker found
    # through a pronoun or a description ("he said", "the Texas governor continues"), which may be wrong.
    named: bool = True


@dataclass
class QuoteGroup:
    variants: list[Variant]
    # The pairs of variants (positions in ``variants``) that say the same words, or near them: one statement, not
    # only one remark (a lead's summary of it, a paraphrase). Only these make the sentences carrying them one fact.
    alike: frozenset[tuple[int, int]] = frozenset()

    @property
    def articles(self) -> set[str]:
        return {v.article_id for v in self.variants}


def statement_quotes(quotes: Sequence[Quote]) -> list[int]:
    """Indexes of the quotes worth comparing: not short scare quotes, not a partial inside another quote."""
    keep = []
    for i, quote in enumerate(quotes):
        if quote.kind == "partial":
            if len(WORD.findall(quote.content)) < MIN_PARTIAL_WORDS:
                continue
            if any(j != i and other.start <= quote.start and quote.end <= other.end for j, other in enumerate(quotes)):
                continue
        keep.append(i)
    return keep


def quote_sentences(quote: Quote) -> list[tuple[int, int, str]]:
    """The sentences of a quote's words as (start, end, text) in article offsets: a long quote may
    join statements that other outlets quote apart."""
    spans = []  # (start, end) of each sentence's words in ``quote.content``
    offset = 0
    for part in _sentences(quote.content):
        at = quote.content.index(part, offset)
        offset = at + len(part)
        lead = len(part) - len(part.lstrip())
        spans.append((at + lead, at + len(part.rstrip())))
    # Sentences too short to be told apart by their words ("It's wrong. It's destructive") are kept with the
    # sentences next to them, so that another outlet quoting the same short sentences finds their words in a row.
    joined: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None
    for start, end in spans:
        start = pending[0] if pending else start
        if len(WORD.findall(quote.content[start:end])) < SAME_WORDS_RUN:
            pending = (start, end)
            continue
        joined.append((start, end))
        pending = None
    if pending is not None:
        if joined:  # a short last sentence joins the one before it
            joined[-1] = (joined[-1][0], pending[1])
        else:
            joined.append(pending)
    pieces = [(quote.start + start, quote.start + end, quote.content[start:end]) for start, end in joined
              if len(WORD.findall(quote.content[start:end])) >= MIN_PARTIAL_WORDS]
    return pieces or [(quote.start, quote.end, quote.content)]


def _sentences(text: str) -> list[str]:
    """``text`` split at sentence ends, not at the full stop of a title or an initial ("Sen.", "R.")."""
    parts, begin = [], 0
    for found in SENTENCE_BREAK.finditer(text):
        if not ABBREVIATION.search(text[begin:found.start()]):
            parts.append(text[begin:found.start()])
            begin = found.start()
    parts.append(text[begin:])
    return parts


@dataclass(frozen=True)
class QuoteModel:
    """The learned same-remark model for one similarity backend and the probability at which two quotes link."""

    pairs: PairModel
    threshold: float


@cache
def quote_model(backend: str) -> QuoteModel | None:
    """The shipped same-remark model for ``backend``; None when the file has none for it (the fixed thresholds
    then decide)."""
    data = json.loads(resources.files("rashomon.compare").joinpath(QUOTE_MODEL_FILE).read_text(encoding="utf-8"))
    entry = data["models"].get(backend)
    if entry is None:
        return None
    if tuple(entry["features"]) != QUOTE_FEATURES:
        raise ValueError(f"{QUOTE_MODEL_FILE}: features {entry['features']} differ from the code's {QUOTE_FEATURES}; "
                         "retrain with benchmarks/train_quote_pairs.py")
    model = PairModel(backend, tuple(entry["weights"]), float(entry["bias"]), data.get("about", ""))
    return QuoteModel(model, float(entry["threshold"]))


def same_speaker_pairs(variants: Sequence[Variant]) -> list[tuple[int, int]]:
    """The pairs (i < j) of variants in two articles given to one known speaker: what the quote model decides."""
    return [(i, j) for i, a in enumerate(variants) for j in range(i + 1, len(variants))
            if a.speaker and a.speaker == variants[j].speaker and a.article_id != variants[j].article_id]


def quote_pair_features(variants: Sequence[Variant], similarity: np.ndarray,
                        pairs: Sequence[tuple[int, int]]) -> np.ndarray:
    """One row of QUOTE_FEATURES per pair of variants (``similarity``: the variants' cosine matrix)."""
    rows = np.zeros((len(pairs), len(QUOTE_FEATURES)), dtype=np.float64)
    if not pairs:
        return rows
    bags = [stems(v.text) for v in variants]
    frequency = Counter(w for bag in bags for w in bag)
    n = len(variants)
    idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in frequency.items()}
    tokens = [SAME_WORD.findall(v.text.lower()) for v in variants]
    runs: dict[int, list[set[str]]] = {}  # variant -> its runs of 1 ... LONGEST_RUN words, made once

    def runs_of(k: int) -> list[set[str]]:
        if k not in runs:
            runs[k] = [_word_runs(tokens[k], length) for length in range(1, LONGEST_RUN + 1)]
        return runs[k]

    for row, (i, j) in enumerate(pairs):
        shared = bags[i] & bags[j]
        # fsum: exactly rounded whatever the sets' order, so a pair's features are the same bits in every process
        weight = math.fsum([*(idf[w] for w in bags[i]), *(idf[w] for w in bags[j])])
        quoted = int(_quoted(variants[i])) + int(_quoted(variants[j]))
        rows[row] = [float(similarity[i, j]), 2 * math.fsum(idf[w] for w in shared) / weight if weight else 0.0,
                     min(len(shared), SHARED_WORDS) / SHARED_WORDS, _longest_run(runs_of(i), runs_of(j)) / LONGEST_RUN,
                     float(quoted == 2), float(quoted == 1),
                     min(len(tokens[i]), len(tokens[j])) / max(len(tokens[i]), len(tokens[j]), 1)]
    return rows


def _longest_run(a: list[set[str]], b: list[set[str]]) -> int:
    """The length of the longest run of words two variants share, up to LONGEST_RUN (``a``, ``b``: each one's runs
    of 1 ... LONGEST_RUN words)."""
    longest = 0
    for length, (mine, theirs) in enumerate(zip(a, b, strict=True), start=1):
        if mine.isdisjoint(theirs):
            break
        longest = length
    return longest


def group_quotes(variants: list[Variant], similarity: np.ndarray, people_words: frozenset[str] = frozenset(),
                 model: QuoteModel | None = None) -> list[QuoteGroup]:
    """Average-linkage groups of the variants: one speaker per group, one variant per article.
    ``people_words``: the lower-case words of the story's people's names, so that the same words naming a
    person in one version and calling them "he" in another count as the same words. ``model``: the learned
    same-remark model, which decides for two variants of one known speaker (else fixed thresholds do)."""
    scores = {}
    learned: dict[tuple[int, int], float] = {}
    if model is not None:
        pairs = same_speaker_pairs(variants)
        probabilities = model.pairs.probability(quote_pair_features(variants, similarity, pairs))
        learned = dict(zip(pairs, probabilities.tolist(), strict=True))
    for i, a in enumerate(variants):
        for j in range(i + 1, len(variants)):
            b = variants[j]
            if a.article_id == b.article_id:
                continue
            if model is not None and (i, j) in learned:
                if learned[(i, j)] >= model.threshold:  # rescaled so that one threshold serves every case
                    scores[(i, j)] = learned[(i, j)] - model.threshold + QUOTE_THRESHOLD
                elif float(similarity[i, j]) >= TRANSLATED:
                    scores[(i, j)] = QUOTE_THRESHOLD + float(similarity[i, j]) - TRANSLATED
                continue
            if a.speaker and b.speaker and a.speaker != b.speaker and a.named and b.named:
                if not (_quoted(a) and _quoted(b)):
                    continue  # reported speech is a paraphrase: only quoted words can be "the same words"
                # the same quoted words given to two people: grouped, so that "who said it" shows as a conflict
                needed = SAME_WORDS_THRESHOLD
            elif a.speaker and b.speaker and a.speaker == b.speaker:
                needed = _one_speaker_needed(a, b)
            else:
                needed = UNKNOWN_SPEAKER_THRESHOLD
            value = _kind_value(a, b, float(similarity[i, j]))
            if value >= needed:
                # Rescaled so that one threshold serves both cases.
                scores[(i, j)] = value - needed + QUOTE_THRESHOLD
    linked = average_linkage([v.article_id for v in variants], scores, QUOTE_THRESHOLD)
    groups = [QuoteGroup([replace(variants[i]) for i in members], _alike(variants, members, similarity))
              for members in _same_words(variants, linked, people_words)]
    for group in groups:
        _mark_differences(group)
    return groups


def _alike(variants: Sequence[Variant], members: Sequence[int], similarity: np.ndarray) -> frozenset[tuple[int, int]]:
    """The pairs of a group's members (as positions in ``members``) from two articles that are one statement: the
    same words, or as alike as QUOTE_THRESHOLD asks of two quotes of one speaker (PARAPHRASE_THRESHOLD of two told
    in reported speech; with SAME_KIND_BONUS)."""
    found = set()
    for p, i in enumerate(members):
        for q in range(p + 1, len(members)):
            j = members[q]
            a, b = variants[i], variants[j]
            if a.article_id == b.article_id:
                continue
            if _kind_value(a, b, float(similarity[i, j])) >= _one_speaker_needed(a, b) or same_words(a.text, b.text):
                found.add((p, q))
    return frozenset(found)


def _kind_value(a: Variant, b: Variant, similarity: float) -> float:
    """Two variants' similarity as the fixed thresholds read it: quoted words are compared with quoted words first,
    paraphrases with paraphrases (SAME_KIND_BONUS)."""
    return similarity + (SAME_KIND_BONUS if _quoted(a) == _quoted(b) else 0.0)


def _one_speaker_needed(a: Variant, b: Variant) -> float:
    """What ``_kind_value`` must reach for two variants of one speaker to be one statement: QUOTE_THRESHOLD when
    either is quoted, PARAPHRASE_THRESHOLD when both tell it in reported speech."""
    return QUOTE_THRESHOLD if _quoted(a) or _quoted(b) else PARAPHRASE_THRESHOLD


def _runs(text: str, length: int = SAME_WORDS_RUN) -> set[str]:
    return _word_runs(SAME_WORD.findall(text.lower()), length)


def _word_runs(words: list[str], length: int = SAME_WORDS_RUN) -> set[str]:
    """Every ``length`` words in a row, joined by spaces."""
    return {" ".join(words[i:i + length]) for i in range(len(words) - length + 1)}


PRONOUNS = frozenset({"he", "she", "him", "her"})
PERSON = "§"  # stands for a person named in one version and "he" or "she" in the other


def _person_runs(found: list[str], people_words: frozenset[str]) -> tuple[set[str], set[str]]:
    """The SAME_WORDS_RUN-word runs of the words with a person's name (its words in a row) put as PERSON, and
    with "he", "she", "him" or "her" put as PERSON; only runs that hold PERSON. A translated remark names
    Musk in one version and calls him "he" in another: "We believe Musk is a unique leader" / "We believe he
    is a unique leader"."""
    named: list[str] = []
    for word in found:
        if word in people_words:
            if not named or named[-1] != PERSON:
                named.append(PERSON)
        else:
            named.append(word)
    said = [PERSON if word in PRONOUNS else word for word in found]
    return ({run for run in _word_runs(named) if PERSON in run.split()},
            {run for run in _word_runs(said) if PERSON in run.split()})


def _keys(text: str, people_words: frozenset[str]) -> list[tuple[str, str]]:
    """(key the variant is filed under, key of the variants it has the same words as): its runs, whole short
    quotes ("~"), and its runs with a person named ("N:"), which match the same runs with "he" ("P:")."""
    found = SAME_WORD.findall(text.lower())
    keys = [(run, run) for run in _word_runs(found)]
    keys += [(f"~{run}", f"~{run}") for run in _word_runs(found, WHOLE_SHORT_QUOTE)]
    if people_words:
        named, said = _person_runs(found, people_words)
        keys += [(f"N:{run}", f"P:{run}") for run in named] + [(f"P:{run}", f"N:{run}") for run in said]
    return keys


def same_words(a: str, b: str) -> bool:
    """Whether two quotes share SAME_WORDS_RUN words in a row: the same words, not one reworded."""
    return bool(_runs(a) & _runs(b))


def _same_words(variants: list[Variant], linked: list, people_words: frozenset[str] = frozenset()) -> list[list[int]]:
    """The linkage groups, completed wherever two variants of one speaker (or an unknown one) in different
    articles quote the same SAME_WORDS_RUN words in a row. A variant left alone by the linkage joins the group
    of the variant it shares words with (a lead repeating a quote the body gives again); a variant already in a
    group is also added to the other group (one outlet's sentence may hold what another quotes as two
    statements): it supports both, and the two statements stay two groups. Words that name a person in one
    version and say "he" in the other fix that person for the group: a third version naming someone else in
    that place does not join it."""
    members = [list(g.members) for g in linked]
    group_of = {member: number for number, g in enumerate(linked) for member in g.members}
    extra: list[set[int]] = [set() for _ in linked]
    # the speakers the articles name in each group: a group never takes a variant into another named speaker's
    # group, even through a variant whose speaker is a guess ("he") or unknown
    named = [{variants[m].speaker for m in g.members if variants[m].named and variants[m].speaker} for g in linked]
    seen: dict[str, list[int]] = {}
    whole = [len(SAME_WORD.findall(v.text)) == WHOLE_SHORT_QUOTE for v in variants]
    who = [frozenset(SAME_WORD.findall(v.text.lower())) & people_words for v in variants]
    person_of: dict[int, frozenset[str]] = {}  # group -> the person a "he" of its versions was matched to
    for index, variant in enumerate(variants):
        for run, look in _keys(variant.text, people_words):
            for other in seen.get(look, []):
                o = variants[other]
                if o.article_id == variant.article_id or not (_quoted(o) or _quoted(variant)):
                    continue  # two reporters' own words ("Russia's space agency, Roscosmos") are no quote
                if run.startswith("~") and not ((whole[index] and _quoted(variant)) or (whole[other] and _quoted(o))):
                    continue  # four words in a row count only as the whole of a short quote
                if o.speaker and variant.speaker and o.speaker != variant.speaker and not _guess_outweighed(o, variant):
                    continue
                mine, theirs = group_of[index], group_of[other]
                if mine == theirs or (named[mine] and named[theirs] and not named[mine] & named[theirs]):
                    continue
                if run[:2] in ("N:", "P:"):
                    person = who[index if run.startswith("N:") else other]
                    if any(g in person_of and not person_of[g] & person for g in (mine, theirs)):
                        continue  # the group's "he" is another person
                    person_of[mine] = person_of[theirs] = person_of.get(mine) or person_of.get(theirs) or person
                for moving, source, target in ((index, mine, theirs), (other, theirs, mine)):
                    already = {variants[m].article_id for m in members[target]}
                    if len(members[source]) == 1 and not extra[source] and variants[moving].article_id not in already:
                        # alone, and its article not yet in the other group: it moves
                        members[source] = []
                        members[target].append(moving)
                        group_of[moving] = target
                        named[target] |= named[source]
                        break
                else:  # each supports the other's group too, unless that group holds another statement of its
                    # article (B's one sentence holds A's two statements: A's second is not part of A's first)
                    for adding, group in ((index, theirs), (other, mine)):
                        own = [m for m in members[group] if variants[m].article_id == variants[adding].article_id]
                        if not own or any(_runs(variants[m].text) & _runs(variants[adding].text) for m in own):
                            extra[group].add(adding)
            seen.setdefault(run, []).append(index)
    return [sorted(set(m) | extra[n]) for n, m in enumerate(members) if m]


def _guess_outweighed(a: Variant, b: Variant) -> bool:
    """Whether two variants given to different speakers are still one speaker's words: one speaker was found
    through "he" (a guess that may be wrong) and they share a long run of words ("in the United States and"
    is no proof)."""
    if a.named and b.named:
        return False
    return bool(_runs(a.text, GUESSED_SPEAKER_RUN) & _runs(b.text, GUESSED_SPEAKER_RUN))


def _quoted(variant: Variant) -> bool:
    return variant.quote.kind != "indirect"


def _mark_differences(group: QuoteGroup) -> None:
    """Each variant's content words that no other variant of the group uses (the wording differences)."""
    if len(group.variants) < 2:
        return
    bags = [{term(w) for w in WORD.findall(v.text)} for v in group.variants]
    for variant, bag in zip(group.variants, bags, strict=True):
        others = set().union(*(b for b in bags if b is not bag))
        seen: set[str] = set()
        unique = []
        for word in WORD.findall(variant.text):
            folded = term(word)
            if folded in STOPWORDS or folded in others or folded in seen:
                continue
            seen.add(folded)
            unique.append(word)
        variant.unique_words = unique
