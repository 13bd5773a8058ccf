"""The brief: 5-10 sentences that tell the story in its sources' words, each with its citations.

The best-supported facts first, then statements several outlets quote that those lines do not cover (a story's
other threads), contested points labelled as such, and a few verified exclusives labelled "single source". No
sentence without a source, and no line that restates another (the same claim, a claim the pair model gives
``BRIEF_SAME_FACT`` of stating the same fact, or a near-identical sentence).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from rashomon.compare.align import Fact, Unit, claims_by_article, claims_holding
from rashomon.compare.pairs import stems
from rashomon.compare.quotes import QuoteGroup, same_words
from rashomon.records import Annotation

BRIEF_SENTENCES = 10
BRIEF_SINGLE_SOURCE = 2
BRIEF_ONE_SOURCE = 8  # a story with nothing corroborated: its first sentences, as the article tells it
BRIEF_CORROBORATED = 6
# A claim this likely to state the same fact as one a brief line cites (the pair model) makes its line a repeat.
BRIEF_SAME_FACT = 0.5
THREAD_WORDS = 2  # content words an outlet's version shares with the quote a brief line shows, for it to count
BRIEF_QUOTE_THREADS = 2  # statements several outlets quote that no brief line already cites (a story's other thread)


def reads_alone(text: str, left_open: bool = False) -> bool:
    """A whole sentence, not a fragment of a quote: capitalised (after any opening quote mark), closed by a full
    stop (or ! ?), and every quote mark it opens closed (``left_open``: the sentence opens a quote its source
    never closes, which does not make it a fragment)."""
    text = text.strip()
    ends = text.rstrip("\"”’'")[-1:] in (".", "!", "?")
    closed = left_open or (text.count("“") == text.count("”") and text.count('"') % 2 == 0)
    return text.lstrip("\"“‘'")[:1].isupper() and ends and closed


def left_open_sentences(annotated: dict[str, tuple[str, Annotation]]) -> set[tuple[str, int, int]]:
    """(article id, start, end) of the sentences (without the space around them) that open a quote which the
    rest of their paragraph never closes: the source's slip ("is “the key to solving world problems."), not the
    first sentence of a quote that runs on ("“There is a stated position… step by step,” he said")."""
    found = set()
    for article_id, (text, annotation) in annotated.items():
        for sentence in annotation.sentences:
            body = text[sentence.start:sentence.end]
            if body.count("“") <= body.count("”"):
                continue
            paragraph_end = text.find("\n\n", sentence.end)
            if "”" in text[sentence.end:paragraph_end if paragraph_end >= 0 else len(text)]:
                continue
            start = sentence.start + len(body) - len(body.lstrip())
            found.add((article_id, start, start + len(body.strip())))
    return found


QUOTE_MARKS = "\"“”‘’'"
DOUBLE_QUOTES = "\"“” "  # what a line in the speaker's words drops: its own single quote marks are the speaker's


def quoted_speaker(text: str, source: dict[str, Any], quotes: list[dict[str, Any]]) -> str | None:
    """The speaker whose quoted words the whole of ``text`` is (``source``: where it stands, article id, start,
    end), when its sentence names nobody saying it (“It can make her strong again.” inside a longer quote) and
    some article names the speaker beside the quote; else None. Such a sentence is a speaker's words, not the
    outlet's statement."""
    lead = len(text) - len(text.lstrip(QUOTE_MARKS + " "))
    trail = len(text) - len(text.rstrip(QUOTE_MARKS + " "))
    start, end = source["start"] + lead, source["end"] - trail
    if start >= end:
        return None
    for view in quotes:
        # a speaker no article names beside the quote is not named on a line of its own: one found through "he" is a
        # guess (“But I am talking about his world view,” he said: the last man named before it was the one talked
        # about)
        if not view["speaker"] or not any(v.get("named") for v in view["variants"]):
            continue
        for variant in view["variants"]:
            if (variant["kind"] != "indirect" and variant["article_id"] == source["article_id"]
                    and variant["start"] <= start and end <= variant["end"] + 1):
                return str(view["speaker"])
    return None


def fact_headline(fact: dict[str, Any]) -> str:
    """A fact's wording as a reader should see it: in its speaker's name when it is all a speaker's quoted words
    (``said_by``, from ``quoted_speaker``), so that a remark is never shown as the outlets' own statement."""
    text = str(fact["text"])
    speaker = fact.get("said_by")
    return f"{speaker}: “{text.strip(DOUBLE_QUOTES)}”" if speaker else text


def closed_quotes(text: str) -> str:
    """The words with any quote mark they open closed at their end: reported speech cut off inside a partial quote
    ('the congressman's account was "obviously hacked') is not shown with a quote left open."""
    if text.count('"') % 2:
        text += '"'
    return text + "”" * max(0, text.count("“") - text.count("”"))


def quote_threads(quotes: list[dict[str, Any]], independent: dict[str, str]) -> list[dict[str, Any]]:
    """The statements of a named speaker that two or more independent articles quote, most quoted first: each a
    thread of the story that the brief can state in the speaker's words (``quotes``: the quote views)."""
    quoted_by = [(len({independent.get(v["article_id"], v["article_id"]) for v in view["variants"]}), view)
                 for view in quotes if view["speaker"]]
    return [view for origins, view in sorted(quoted_by, key=lambda item: -item[0]) if origins >= 2]


class Restated:
    """Whether claims restate what brief lines already say: one of the same claims, a claim the pair model
    gives BRIEF_SAME_FACT or more of stating the same fact as one of them (two facts the aligner kept apart —
    a lead and a quote of one remark — still make one line), or a claim that tells a remark of a named speaker
    that a cited claim of another article tells too (``remarks``: the story's quote groups; "X announced that he
    is pulling out of the debate" and "“I have decided not to be the moderator,” X said" are one line)."""

    def __init__(self, units: Sequence[Unit], scores: dict[tuple[int, int], float],
                 remarks: Sequence[QuoteGroup] = ()) -> None:
        self.by_article = claims_by_article(units)
        self.scores = scores
        self.remark_of: dict[int, set[int]] = defaultdict(set)  # claim -> the remarks (groups) it tells
        self.article_of = {u.index: u.article_id for u in units}
        for number, group in enumerate(remarks):
            if len(group.articles) < 2:
                continue
            for variant in group.variants:
                if variant.speaker is not None and variant.named:
                    for claim in self.holding(variant.article_id, variant.start, variant.end):
                        self.remark_of[claim].add(number)

    def __call__(self, claims: set[int], said: set[int]) -> bool:
        return bool(claims & said) or any(self.scores.get((min(a, b), max(a, b)), 0.0) >= BRIEF_SAME_FACT
                                          or (self.remark_of.get(a, set()) & self.remark_of.get(b, set())
                                              and self.article_of[a] != self.article_of[b])
                                          for a in claims for b in said)

    def holding(self, article_id: str, start: int, end: int) -> set[int]:
        """The claims of an article that hold its span ``start``-``end``."""
        return set(claims_holding(self.by_article.get(article_id, []), start, end))


def brief(fact_views: list[dict[str, Any]], view_by_id: dict[str, dict[str, Any]],
           conflicts: list[dict[str, Any]], matrix: np.ndarray, facts: list[Fact],
           fact_ids: dict[int, str], threads: list[dict[str, Any]] | None = None,
           restated: Restated | None = None, independent_of: dict[str, str] | None = None,
           left_open: set[tuple[str, int, int]] | None = None,
           exclusive: set[str] | None = None) -> list[dict[str, Any]]:
    """5-10 sentences: the best-supported facts in their sources' words, the statements several outlets quote
    that those do not already cover (a story's other threads), contested points and a few exclusives labelled
    as such; each with its citations. No sentence without a source, and no line that restates another.
    ``left_open``: the sentences (article id, start, end) that open a quote their source never closes; such a
    sentence, as a claim of its own, still reads as a whole sentence. ``exclusive``: the single-source facts no
    other source comes near (``omissions.exclusives``); only those are labelled "single source" (all of them when
    not given). A line whose sentence is all a speaker's quoted words (its fact's ``said_by``) is given as theirs
    ("Speaker: “…”"), never as the outlets' own statement."""
    independent_of = independent_of or {}  # article id -> the article it reprints, else itself
    unit_of = {fact_ids[id(f)]: first_member(f, view_by_id[fact_ids[id(f)]]) for f in facts}
    members = {fact_ids[id(f)]: {u.index for u in f.members} for f in facts}
    chosen: list[dict[str, Any]] = []
    used: list[int] = []
    said: set[int] = set()  # the claims the chosen lines cite
    cited: list[tuple[str, int, int]] = []

    def redundant(fact_id: str) -> bool:
        index = unit_of[fact_id].index
        if any(matrix[index, other] >= 0.8 or index == other for other in used):
            return True
        return restated is not None and restated(members[fact_id], said)

    def add(view: dict[str, Any], label: str | None) -> None:
        citations = [{"article_id": s["article_id"], "start": s["start"], "end": s["end"]} for s in view["support"]]
        text = fact_headline(view).strip()
        if label:
            text += f" ({label})"
        chosen.append({"text": text, "fact_ids": [view["id"]], "status": view["status"], "citations": citations})
        used.append(unit_of[view["id"]].index)
        said.update(members[view["id"]])
        cited.extend((c["article_id"], c["start"], c["end"]) for c in citations)

    corroborated = [f for f in fact_views if f["status"] in ("corroborated", "contested")]
    for view in corroborated:
        if len(chosen) >= BRIEF_CORROBORATED:
            break
        if redundant(view["id"]):
            continue
        label = None
        if view["status"] == "contested":
            conflict = next((c for c in conflicts if view["id"] in c["fact_ids"]), None)
            label = "contested: " + conflict["description"] if conflict else "contested"
        add(view, label)
    added_threads = 0
    for thread in threads or []:
        if added_threads >= BRIEF_QUOTE_THREADS:
            break
        variants = thread["variants"]
        if any(a == v["article_id"] and s < v["end"] and v["start"] < e for v in variants for a, s, e in cited):
            continue  # a brief line already cites where it is quoted
        quoting = set().union(*(restated.holding(v["article_id"], v["start"], v["end"]) for v in variants)) \
            if restated is not None else set()
        if restated is not None and restated(quoting, said):
            continue  # ... or states what it says
        shown = next((v for v in variants if v["kind"] != "indirect"), variants[0])
        # The line gives the shown words: an outlet counts for it only when its version shares some of them (a
        # grouping on meaning alone can join another remark on the same theme: "the future of humanity" / "a
        # unique leader, focusing on the mankind").
        # Nor does one that tells the remark in words not alike (another statement of its group: a lead's summary).
        variants = [v for v in variants if v is shown or (len(stems(v["text"]) & stems(shown["text"])) >= THREAD_WORDS
                                                          and v.get("statement") == shown.get("statement"))]
        outlets = len({independent_of.get(v["article_id"], v["article_id"]) for v in variants})
        if outlets < 2:
            continue
        # An outlet that gives the remark in other words is not said to quote these words: "quoted by 1 outlet,
        # in other words by 1 more" (the seeds: Putin's "train has left the station", which another outlet
        # reports as "Russia does not plan to make it easy for Western companies to return").
        verbatim = len({independent_of.get(v["article_id"], v["article_id"]) for v in variants
                        if v is shown or same_words(v["text"], shown["text"])})
        # Reported speech is the outlet's wording, not the speaker's: it is never put in quote marks, so that no
        # line gives a speaker words they did not say ("he felt “very badly” for Mr. Flynn" is how a reporter
        # tells what Trump said, not what he said).
        reported = shown["kind"] == "indirect"
        verb = "reported" if reported else "quoted"
        said_as = (f"{verb} by {outlets} outlets" if verbatim == outlets else
                   f"{verb} by {verbatim} outlet{'s' * (verbatim > 1)}, in other words by {outlets - verbatim} more")
        citations = [{"article_id": v["article_id"], "start": v["start"], "end": v["end"]} for v in variants]
        holding = [f["id"] for f in fact_views if any(
            s["article_id"] == v["article_id"] and s["start"] < v["end"] and v["start"] < s["end"]
            for s in f["support"] for v in variants)]  # the facts whose sentences quote it
        words = closed_quotes(shown["text"].strip())
        chosen.append({"text": (f"{thread['speaker']}, in reported speech: {words} ({said_as})" if reported else
                                f"{thread['speaker']}: “{words}” ({said_as})"),
                       "fact_ids": holding, "status": "corroborated", "citations": citations})
        cited.extend((c["article_id"], c["start"], c["end"]) for c in citations)
        said.update(quoting)
        added_threads += 1
    singles = [f for f in fact_views if f["status"] == "single-source" and (exclusive is None or f["id"] in exclusive)]
    if corroborated:  # exclusives worth a line: whole sentences with a checkable detail (a number or a date) first
        singles.sort(key=lambda f: (not f["text"][:1].isupper(),
                                    not (any(n.kind != "ordinal" for n in unit_of[f["id"]].numbers)
                                         or unit_of[f["id"]].times), unit_of[f["id"]].position, f["id"]))
    else:  # one source: its own order, lead first, as the article tells it, in whole sentences (a piece of one,
        # "there has been no substantive discussion of this issue yet - said Kremlin spokesman", reads as a
        # fragment); pieces only when it has no whole sentence
        opened = left_open or set()
        singles = [f for f in singles if reads_alone(f["text"], (
            (u := unit_of[f["id"]]).article_id, u.start, u.end) in opened)] or singles
        singles.sort(key=lambda f: (unit_of[f["id"]].position, f["id"]))
    compared = bool(corroborated or added_threads)
    for view in singles:
        singles_chosen = sum(c["status"] == "single-source" for c in chosen)
        if len(chosen) >= (BRIEF_SENTENCES if compared else BRIEF_ONE_SOURCE) or singles_chosen >= (
                BRIEF_SINGLE_SOURCE if compared else BRIEF_ONE_SOURCE):
            break
        if redundant(view["id"]):
            continue
        add(view, f"single source: {view['outlets'][0]}")
    return chosen


def first_member(fact: Fact, view: dict[str, Any]) -> Unit:
    source = view["text_from"]
    return next(u for u in fact.members if u.article_id == source["article_id"] and u.start == source["start"])
