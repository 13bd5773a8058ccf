"""Contradiction benchmark on planted conflicts: are real contradictions found, and false ones not raised?

Data: benchmarks/gold/conflicts.json, fourteen fictional stories written for Rashomon (three outlets
each, mostly agreeing in different words), with planted conflicts of every kind the comparison checks
(a different person in one role, place, number, day; affirm vs deny; the same words given to two
people) and traps that must not be flagged (two events on two days, rounded vs exact numbers, numbers
of different things, "at least 12" vs "12", a clock time vs a day, a person named two ways, ...).
benchmarks/gold/conflicts_b.json: twelve more, written later by a helper blind to the code. In both, odd-numbered
stories are the tune part, even-numbered ones the report part. benchmarks/gold/conflicts_heldout.json (twelve more,
by another helper blind to the code and to both sets) is the held-out fresh part: its errors are never listed.
Later sets, each by a helper blind to the code and to every other set: c, f, g, h, i and k (14 stories each, all
tune), d, e, j and l (14 each, held out like conflicts_heldout.json).

A reported conflict is right when its sides set one planted side against the other (or, where a planted conflict
lists ``also`` pairs, a third outlet that agrees with one side against the other side). Precision counts
every reported conflict (a trap flagged, or anything else not planted, is a false alarm).

    python benchmarks/conflicts.py            # tables for both parts
    python benchmarks/conflicts.py --errors   # list false alarms and misses (the tune part only)
    python benchmarks/conflicts.py --check    # exit 1 if a pinned floor (floors.toml) is not met
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from _common import ROOT, check_floors, floor_status, print_table

from rashomon.compare import StoryArticle, compare_story
from rashomon.compare.similarity import Encoder, encoder
from rashomon.models import Article
from rashomon.nlp.pipeline import annotate_articles

GOLD = ROOT / "benchmarks" / "gold" / "conflicts.json"
# Twelve more stories (session 21), written by a helper that never read the checks' code nor the stories above, split
# the same way (odd: tune, even: report).
SECOND = ROOT / "benchmarks" / "gold" / "conflicts_b.json"
# Twelve more by another helper, blind to the code and to both sets above: the held-out "fresh" part (its errors are
# never listed, so that it stays unseen).
FRESH = ROOT / "benchmarks" / "gold" / "conflicts_heldout.json"
# Session 22: fourteen more by a helper blind to the code and to every other set, all tuned on (set c), and fourteen
# by another such helper, held out like conflicts_heldout.json (set d).
THIRD = ROOT / "benchmarks" / "gold" / "conflicts_c.json"
FOURTH = ROOT / "benchmarks" / "gold" / "conflicts_d.json"
# Session 23: fourteen more by a helper blind to the code and to every other set (set e), held out like set d; first
# measured on the session's start code and its end code, never read.
FIFTH = ROOT / "benchmarks" / "gold" / "conflicts_e.json"
# And fourteen more by another blind helper, all tuned on (set f).
SIXTH = ROOT / "benchmarks" / "gold" / "conflicts_f.json"
# Session 24: fourteen more by a blind helper, all tuned on (set g); first measured on the session's start code and on
# the code before its errors were read.
SEVENTH = ROOT / "benchmarks" / "gold" / "conflicts_g.json"
# Session 25: fourteen more by a blind helper, all tuned on (set h). Measured on the session's start code before its
# errors were read: P 0.720 R 0.429 (25 reported, 5 traps flagged), against held-out + d + e's P 0.768 R 0.333.
EIGHTH = ROOT / "benchmarks" / "gold" / "conflicts_h.json"
# Session 26: fourteen more by a blind helper, all tuned on (set i), first measured before its errors were read; and
# fourteen by another, held out like d and e (set j): measured on the session's start code and its end code, its errors
# never read.
NINTH = ROOT / "benchmarks" / "gold" / "conflicts_i.json"
TENTH = ROOT / "benchmarks" / "gold" / "conflicts_j.json"
# Session 27: fourteen more by a blind helper, all tuned on (set k), with many place traps (35 of 78): two places for
# two things, a place at two precisions, where it was said, origin and destination. First measured before its errors
# were read.
ELEVENTH = ROOT / "benchmarks" / "gold" / "conflicts_k.json"
# And fourteen by another blind helper, held out like d, e and j (set l): measured on the session's start code and its
# end code, its errors never read.
TWELFTH = ROOT / "benchmarks" / "gold" / "conflicts_l.json"
# Session 28: fourteen more by a blind helper, held out like d, e, j and l (set m): measured on the session's start code
# and its end code, its errors never read.
THIRTEENTH = ROOT / "benchmarks" / "gold" / "conflicts_m.json"
# And fourteen more by another blind helper (set n), held out the same way: first measured after set m's pooled figures
# had been seen, on the session's start code and on the code of that moment.
FOURTEENTH = ROOT / "benchmarks" / "gold" / "conflicts_n.json"
# Session 33: fourteen more by a blind helper, all tuned on (set o), with many number and date traps (44 of 69). First
# measured on the session's code before its errors were read.
FIFTEENTH = ROOT / "benchmarks" / "gold" / "conflicts_o.json"
# Session 34: fourteen more by a blind helper, all tuned on (set p), 31 of its 69 traps number traps. First measured on
# the session's start code and on the code of that moment, before its errors were read.
SIXTEENTH = ROOT / "benchmarks" / "gold" / "conflicts_p.json"
# Session 35: fourteen more by a blind helper, all tuned on (set q). First measured on the session's start code and on
# the code of that moment, before its errors were read.
SEVENTEENTH = ROOT / "benchmarks" / "gold" / "conflicts_q.json"
# Session 36: fourteen more by a blind helper, all tuned on (set s: business, health, science, sport, culture and
# politics stories). First measured on the session's start code and on the code of that moment, before its errors
# were read: P 0.800 R 0.595 on both (35 reported, 3 traps flagged; counting a third outlet's agreeing side, ``also``).
EIGHTEENTH = ROOT / "benchmarks" / "gold" / "conflicts_s.json"
# And fourteen by another blind helper, all tuned on (set r: public safety, infrastructure, justice and environment
# stories), measured the same way: P 0.826 R 0.405 on both (23 reported, 2 traps flagged).
NINETEENTH = ROOT / "benchmarks" / "gold" / "conflicts_r.json"
# Session 40: fourteen more by a blind helper, all tuned on (set t: a trial verdict, a wildfire, an election count, a
# transfer, a phone launch, a rail strike, an earthquake, an art theft, a medical study, a trade deal, an emergency
# landing, an asbestos closure, a shipwreck rescue, a rate decision). First measured before its errors were read (see
# the session 40 note).
TWENTIETH = ROOT / "benchmarks" / "gold" / "conflicts_t.json"
# And fourteen by another blind helper, held out like set d (set u: a nurses' strike, a bridge collapse, a festival
# cancelled, a rector election, a bank merger, a drugs seizure, a zoo birth, a flood, tech layoffs, a race crash, a
# budget vote, a plant fire, a hiker search, a census): its errors are never listed.
TWENTYFIRST = ROOT / "benchmarks" / "gold" / "conflicts_u.json"
# Session 41: fourteen more, all tuned on (set v: a wine-fraud verdict, a meteorite fall, a handball final, a
# takeover, a marathon outbreak, a depot turned library, a rail landslide, a pension ruling, a meteorite in an orchard,
# a recount, a pay deal, a camp outbreak, a stranded cable car, a cheese theft), written in two halves by two helpers
# blind to the code and to every other set, from one brief asking for outlets of different registers. First measured
# on the session's start code before its errors were read: P 0.824 R 0.500 (34 reported, 3 traps flagged).
TWENTYSECOND = ROOT / "benchmarks" / "gold" / "conflicts_v.json"
# Session 42: fourteen more, held out like set d (set w: a forged sea charts verdict, a rail landslide, a handball
# final, a salt works takeover, a spa Legionnaires' outbreak, a bog body, two market hall sales, a pension-fund ruling,
# a rowing final, meteorite fragments, a tram tunnel evacuation, contaminated water, a cello theft), written in two
# halves by two helpers blind to the code and to every other set, from set v's brief. Measured once on the session's
# start code (P 0.759 R 0.381, 29 reported, 2 traps) and on its end code; its errors are never listed.
TWENTYTHIRD = ROOT / "benchmarks" / "gold" / "conflicts_w.json"
# Session 43: fourteen more, all tuned on (set x: a ferry strike, a museum reopening, a measles campaign, a mine flood,
# library closures, a festival storm, a drought, a port expansion, a university merger, an airport ransomware attack, a
# police chief, a dam release, a stadium sale, a chlorine leak), written in two halves by two helpers blind to the code
# and to every other set, from set v's brief with topics given. First measured before its errors were read, on the
# session's start code (1a2a3a9) and on the code of that moment (5b6a305); see the session 43 note.
TWENTYFOURTH = ROOT / "benchmarks" / "gold" / "conflicts_x.json"
# Session 44: fourteen more, all tuned on (set y: a lifeboat rescue, a sewage spill, an insurer's fine, a fishing quota
# deal, a delayed metro station, a racehorse doping case, a grain export ban, a lighthouse auction, an orchestra strike,
# a mountain rescue, a silo explosion, a bus fare freeze, a maternity unit closure, a care-home inquiry), written like
# set x. First measured before its errors were read, on the session's start code (2936160) and on the code of that
# moment; see the session 44 note.
TWENTYFIFTH = ROOT / "benchmarks" / "gold" / "conflicts_y.json"
# Session 45: fourteen more, held out like set w (set z: a forged gallery painting, a hospital computer outage, a chess
# championship upset, a motorway tunnel fire, an offshore wind farm decision, a valley flash flood, a pension fund loss,
# a rector's plagiarism resignation, a cruise ship outbreak, a railway landslide, a shipyard takeover bid, a marathon
# sent the wrong way, a volcanic ash cloud, an elephant calf), written like set y from its brief with new topics.
# Measured on the session's start code (31e88f8) and on its end code; its errors are never listed.
TWENTYSIXTH = ROOT / "benchmarks" / "gold" / "conflicts_z.json"
# Session 46: fourteen more, written like set z from its brief with new topics (set aa: a trawler seized by a
# neighbour's coastguard, a restaurant chain's kitchens closed, a national football coach appointed, a rare-earth mine
# licence, a telephone scam on pensioners, an exam-grading error, a festival headliner cancelling, a parliament's
# speaker elected after a deadlock, a reactor shut down after a fault, a university's court case over a donor's estate,
# poisoned birds of prey, a burst water main, a president's pardon of an activist, a cement cartel fined). A tune set:
# first measured on the session's start code (69bafb0) before its errors were read; see the session 46 note.
TWENTYSEVENTH = ROOT / "benchmarks" / "gold" / "conflicts_aa.json"
# Session 46 too: fourteen more, written like set aa with new topics (set ab: a water-park slide accident, a grand
# hotel sold, a record auction price for a psalter, a teenage climber rescued from a sea cliff, a referendum on a
# city's name, a fish die-off in a lake, a data-centre fire that took banking apps offline, a cycling team's bus crash,
# farmers blocking a border crossing, a missing research yacht found, a bus operator's collapse, a mayor arrested over
# a swimming-pool contract, a power cut in a heatwave, a rugby club fined). A tune set, first measured on the
# session's start code (69bafb0) and on the code of that moment before its errors were read; see the session 46 note.
TWENTYEIGHTH = ROOT / "benchmarks" / "gold" / "conflicts_ab.json"
# Session 46, third: fourteen more, written like set aa with new topics (set ac: a zoo vet dismissed, a baby-food
# recall, a footbridge closed for cracks, an orchestra's conductor appointed, a smuggling tunnel under a border, a
# ferry fare rise, a marathon runner who took a bus, a helicopter landing on a beach, cars banned from an old town, a
# museum ship sinking at its moorings, hail on a wine harvest, a church bell in court, a prison riot, a library
# reopening). A tune set, first measured on the session's start code (69bafb0) and on the code of that moment before
# its errors were read; see the session 46 note.
TWENTYNINTH = ROOT / "benchmarks" / "gold" / "conflicts_ac.json"
# Session 47: fourteen more, written like set ac from its brief with new topics (set ad: a chemical spill closing a
# river, a bank's card outage, a stolen painting recovered, a village cut off by a rockslide, a rector's plagiarism
# resignation, a cruise ship outbreak, a campfire wildfire, a stuck cable car, a new tram line, a toy recall, a
# hospital cyberattack, a truckers' toll blockade, a dinosaur found on a farm, a chimney demolition gone wrong). A tune
# set, first measured on the session's start code (8d60652) and on the code of that moment before its errors were
# read; see the session 47 note.
THIRTIETH = ROOT / "benchmarks" / "gold" / "conflicts_ad.json"
# Session 48: fourteen more, written like set ad from its brief with new topics (set ae: a ferry aground in fog, a
# brewery warehouse fire, a teachers' strike, a zoo lynx on the loose, a viaduct closed over cracks, a marathon cut
# short by heat, an unclaimed lottery jackpot, drones over a runway, a boil-water notice, layoffs at a parts factory, a
# sports hall roof under snow, a mayor arrested for bribery, a freight train derailed by a landslide, a museum coin
# theft). A tune set, first measured on the session's start code (875026b) before its errors were read; see the
# session 48 note.
THIRTYFIRST = ROOT / "benchmarks" / "gold" / "conflicts_ae.json"
# Session 50: fourteen more, written like set ae from its brief with new topics and at least one affirm-deny conflict
# and two affirm-deny-looking traps per story (set af: a dam spillway failure, a pharmaceutical factory inspection, a
# ski-lift accident, a ferry company's bankruptcy, a stolen manuscript, a heat-pump subsidy, a harbour oil spill, a
# stadium roof under snow, a bank data breach, wolves on sheep farms, a mayoral recount, a surgery backlog, a freight
# plane's emergency landing, a bridge toll protest). A tune set, first measured on the session's start code (03cd21d)
# and on the code of that moment before its errors were read; see the session 50 note.
THIRTYSECOND = ROOT / "benchmarks" / "gold" / "conflicts_af.json"
# Session 58: fourteen more, written in two halves by two blind helpers from one brief with new topics, three conflicts
# of three kinds per story (affirm-deny, place and person four times in each half) and five traps, at least two of
# them affirm-deny-looking (set ag: a grain ship stuck in a canal lock, a disputed mayoral count, a bakery salmonella
# outbreak, a forest fire near a ski resort, a stolen pigeon ring, a delayed metro line, an asbestos roof scare, a
# turbine explosion, a school bus crash in fog, a fishing truce, a hacked water works, a violin auction, a hockey
# relegation appeal, a railway landslide). A tune set, first measured on the session's start code (1bfc007) and on the
# code of that moment before its errors were read; see the session 58 note.
THIRTYTHIRD = ROOT / "benchmarks" / "gold" / "conflicts_ag.json"
SET_NAMES = {GOLD: "a", SECOND: "b", THIRD: "c", SIXTH: "f", SEVENTH: "g", FRESH: "held-out", FOURTH: "d", FIFTH: "e",
             EIGHTH: "h", NINTH: "i", TENTH: "j", ELEVENTH: "k", TWELFTH: "l",
             THIRTEENTH: "m", FOURTEENTH: "n", FIFTEENTH: "o", SIXTEENTH: "p", SEVENTEENTH: "q",
             EIGHTEENTH: "s", NINETEENTH: "r", TWENTIETH: "t", TWENTYFIRST: "u", TWENTYSECOND: "v",
             TWENTYTHIRD: "w", TWENTYFOURTH: "x", TWENTYFIFTH: "y",
             TWENTYSIXTH: "z", TWENTYSEVENTH: "aa", TWENTYEIGHTH: "ab",
             TWENTYNINTH: "ac", THIRTIETH: "ad", THIRTYFIRST: "ae", THIRTYSECOND: "af",
             THIRTYTHIRD: "ag"}
PARTS = ("tune", "report", "fresh")
ROWS = {"tune": (("a",), ("b",), ("c",), ("f",), ("g",), ("h",), ("i",), ("k",), ("o",), ("p",), ("q",), ("r",), ("s",),
                 ("t",), ("v",),
                 ("a", "b", "c", "f", "g", "h"), ("a", "b", "c", "f", "g", "h", "i"),
                 ("a", "b", "c", "f", "g", "h", "i", "k"), ("a", "b", "c", "f", "g", "h", "i", "k", "o"),
                 ("a", "b", "c", "f", "g", "h", "i", "k", "o", "p"),
                 ("a", "b", "c", "f", "g", "h", "i", "k", "o", "p", "q"),
                 ("a", "b", "c", "f", "g", "h", "i", "k", "o", "p", "q", "r", "s"),
                 ("a", "b", "c", "f", "g", "h", "i", "k", "o", "p", "q", "r", "s", "t"),
                 ("x",),
                 ("a", "b", "c", "f", "g", "h", "i", "k", "o", "p", "q", "r", "s", "t", "v"),
                 ("a", "b", "c", "f", "g", "h", "i", "k", "o", "p", "q", "r", "s", "t", "v", "x"), ("y",),
                 ("a", "b", "c", "f", "g", "h", "i", "k", "o", "p", "q", "r", "s", "t", "v", "x", "y"), ("aa",),
                 ("a", "b", "c", "f", "g", "h", "i", "k", "o", "p", "q", "r", "s", "t", "v", "x", "y", "aa"), ("ab",),
                 ("a", "b", "c", "f", "g", "h", "i", "k", "o", "p", "q", "r", "s", "t", "v", "x", "y", "aa", "ab"),
                 ("ac",),
                 ("a", "b", "c", "f", "g", "h", "i", "k", "o", "p", "q", "r", "s", "t", "v", "x", "y", "aa", "ab",
                  "ac"), ("ad",),
                 ("a", "b", "c", "f", "g", "h", "i", "k", "o", "p", "q", "r", "s", "t", "v", "x", "y", "aa", "ab",
                  "ac", "ad"), ("ae",),
                 ("a", "b", "c", "f", "g", "h", "i", "k", "o", "p", "q", "r", "s", "t", "v", "x", "y", "aa", "ab",
                  "ac", "ad", "ae"), ("af",),
                 ("a", "b", "c", "f", "g", "h", "i", "k", "o", "p", "q", "r", "s", "t", "v", "x", "y", "aa", "ab",
                  "ac", "ad", "ae", "af"), ("ag",),
                 ("a", "b", "c", "f", "g", "h", "i", "k", "o", "p", "q", "r", "s", "t", "v", "x", "y", "aa", "ab",
                  "ac", "ad", "ae", "af", "ag")),
        "report": (("a",), ("b",), ("a", "b")),
        "fresh": (("held-out",), ("d",), ("e",), ("j",), ("l",), ("m",), ("n",), ("held-out", "d", "e"),
                  ("held-out", "d", "e", "j"), ("held-out", "d", "e", "j", "l"), ("held-out", "d", "e", "j", "l", "m"),
                  ("u",), ("held-out", "d", "e", "j", "l", "m", "n"), ("held-out", "d", "e", "j", "l", "m", "n", "u"),
                  ("w",), ("held-out", "d", "e", "j", "l", "m", "n", "u", "w"), ("z",),
                  ("held-out", "d", "e", "j", "l", "m", "n", "u", "w", "z"))}


@dataclass
class Story:
    id: str
    part: str
    set: str  # "a" (conflicts.json), "b", "c", "held-out" or "d" (SET_NAMES)
    articles: list[Article]
    conflicts: list[dict]
    traps: list[dict]


def stories() -> list[Story]:
    result = []
    for path, name in SET_NAMES.items():
        if not path.exists():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for number, story in enumerate(data["stories"], start=1):
            articles = [Article(id=f"{story['id'].split('-')[0]}-{a['key']}", source=f"{story['id']}/{a['key']}",
                                text=a["text"], title=a["title"], outlet=a["outlet"], language="en",
                                published=datetime.combine(date.fromisoformat(a["published"]), datetime.min.time()))
                        for a in story["articles"]]
            tune = path in (THIRD, SIXTH, SEVENTH, EIGHTH, NINTH, ELEVENTH, FIFTEENTH, SIXTEENTH, SEVENTEENTH,
                           EIGHTEENTH, NINETEENTH, TWENTIETH, TWENTYSECOND, TWENTYFOURTH, TWENTYFIFTH,
                           TWENTYSEVENTH, TWENTYEIGHTH, TWENTYNINTH, THIRTIETH, THIRTYFIRST, THIRTYSECOND,
                           THIRTYTHIRD) \
                or number % 2
            fresh = (FRESH, FOURTH, FIFTH, TENTH, TWELFTH, THIRTEENTH, FOURTEENTH, TWENTYFIRST, TWENTYTHIRD,
                     TWENTYSIXTH)
            part = "fresh" if path in fresh else "tune" if tune else "report"
            result.append(Story(story["id"], part, name, articles, story["conflicts"], story["traps"]))
    return result


def _spans(story: Story, sides: list[dict]) -> list[tuple[str, int, int]]:
    out = []
    for side in sides:
        article = next(a for a in story.articles if a.id.endswith("-" + side["article"]))
        start = article.text.index(side["sentence"])
        out.append((article.id, start, start + len(side["sentence"])))
    return out


def _sets_against(conflict: dict, spans: list[tuple[str, int, int]]) -> bool:
    """Whether the conflict's sides touch every one of the planted sides."""
    def touches(span: tuple[str, int, int]) -> bool:
        return any(s["article_id"] == span[0] and s["start"] < span[2] and span[1] < s["end"]
                   for s in conflict["sides"])
    return all(touches(span) for span in spans)


def run(items: list[Story], similarity: Encoder) -> dict[str, dict]:
    results = {}
    for story in items:
        annotations = annotate_articles(story.articles)
        analysis = compare_story([StoryArticle(a, n) for a, n in zip(story.articles, annotations, strict=True)],
                                 similarity)
        reported = analysis["conflicts"]
        planted = [(c, _spans(story, c["sides"])) for c in story.conflicts]
        traps = [(t, _spans(story, t["sides"])) for t in story.traps]
        found = [c for c, spans in planted if any(_sets_against(r, spans) for r in reported)]
        # a third outlet that agrees with one side conflicts with the other side as well ("also"): not a false alarm
        also = [_spans(story, pair) for c in story.conflicts for pair in c.get("also", [])]
        right = [r for r in reported if any(_sets_against(r, spans) for spans in [s for _, s in planted] + also)]
        flagged = [t for t, spans in traps if any(_sets_against(r, spans) for r in reported)]
        results[story.id] = {"reported": reported, "found": found, "right": right, "flagged": flagged,
                             "planted": story.conflicts, "part": story.part, "set": story.set}
    return results


def totals(results: dict[str, dict], part: str, sets: tuple[str, ...] = tuple(SET_NAMES.values())) -> dict[str, float]:
    chosen = [r for r in results.values() if r["part"] == part and r["set"] in sets]
    reported = sum(len(r["reported"]) for r in chosen)
    right = sum(len(r["right"]) for r in chosen)
    planted = sum(len(r["planted"]) for r in chosen)
    found = sum(len(r["found"]) for r in chosen)
    return {"precision": right / reported if reported else 0.0, "recall": found / planted if planted else 0.0,
            "reported": reported, "planted": planted, "traps_flagged": sum(len(r["flagged"]) for r in chosen)}


def false_by_kind(results: dict[str, dict]) -> list[list[object]]:
    """Per part and kind of reported conflict: how many reported were false, of how many, and the precision."""
    reported: Counter[tuple[str, str]] = Counter()
    false: Counter[tuple[str, str]] = Counter()
    for r in results.values():
        for conflict in r["reported"]:
            reported[(r["part"], conflict["kind"])] += 1
            false[(r["part"], conflict["kind"])] += conflict not in r["right"]
    return [[part, kind, false[(part, kind)], n, (n - false[(part, kind)]) / n]
            for (part, kind), n in sorted(reported.items())]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", default="auto", help="similarity backend: auto, minilm, lexical")
    parser.add_argument("--errors", action="store_true", help="list false alarms and misses of the tune part")
    parser.add_argument("--check", action="store_true", help="exit 1 if a pinned floor is not met")
    args = parser.parse_args()
    similarity = encoder(args.backend)
    results = run(stories(), similarity)
    rows = []
    for part in PARTS:
        for sets in ROWS[part]:
            t = totals(results, part, sets)
            if t["planted"]:
                rows.append([f"Rashomon ({similarity.name})", part, " + ".join(sets), t["precision"], t["recall"],
                             t["reported"], t["planted"], t["traps_flagged"]])
    print_table("Planted contradictions (set a: benchmarks/gold/conflicts.json, b: conflicts_b.json, c: "
                "conflicts_c.json, f, g, h: conflicts_f.json ...; fresh: conflicts_heldout.json, d: conflicts_d.json, "
                "e: conflicts_e.json, j: conflicts_j.json)",
                ["system", "part", "set", "precision", "recall", "reported", "planted", "traps flagged"], rows)
    by_kind: Counter[str] = Counter()
    found_kind: Counter[str] = Counter()
    for r in results.values():
        label = r["part"] if r["part"] != "fresh" else f"fresh ({r['set']})"
        for c in r["planted"]:
            by_kind[(label, c["kind"])] += 1
        for c in r["found"]:
            found_kind[(label, c["kind"])] += 1
    print_table("Recall by kind", ["part", "kind", "found", "planted"],
                [[p, k, found_kind[(p, k)], n] for (p, k), n in sorted(by_kind.items())])
    print_table("False alarms by the kind reported (per part: which checks cost precision)",
                ["part", "kind reported", "false", "reported", "precision"], false_by_kind(results))
    if args.errors:
        for story_id, r in results.items():
            if r["part"] != "tune":
                continue  # the report and fresh parts' errors stay unseen
            for conflict in r["reported"]:
                if conflict not in r["right"]:
                    print(f"FALSE [{story_id}] {conflict['kind']}: {conflict['description']}")
                    for side in conflict["sides"]:
                        print(f"    {side['outlet']}: {side['text'][:150]}")
            for conflict in r["planted"]:
                if conflict not in r["found"]:
                    print(f"MISSED [{story_id}] {conflict['kind']}: {conflict['description']}")
    if args.check:
        first, both = totals(results, "report", ("a",)), totals(results, "report", ("a", "b"))
        measured = {"precision_report": first["precision"], "recall_report": first["recall"],
                    "precision_report_ab": both["precision"], "recall_report_ab": both["recall"]}
        if FRESH.exists():
            fresh = totals(results, "fresh")
            measured |= {"precision_fresh": fresh["precision"], "recall_fresh": fresh["recall"]}
        return floor_status(check_floors("conflicts", measured))
    return 0


if __name__ == "__main__":
    sys.exit(main())
