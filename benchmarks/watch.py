"""Watching at scale: local feeds served over HTTP, polled round after round.

    python benchmarks/watch.py [--feeds 200] [--entries 20] [--changing 0.1] [--rounds 2]

A local server (127.0.0.1, no internet) serves FEEDS RSS feeds of ENTRIES full-text entries each (generated
stories, written for this benchmark). Rounds, each timed with its peak memory (VmHWM, reset before each
round):

- ``seed``: every feed is new: all entries are read, annotated, clustered and compared (the cost of starting
  to watch a large set of feeds); a first read is quiet, so its developments are one ``first_read`` per feed;
- ``unchanged``: nothing changed: every feed answers 304 Not Modified to the conditional request;
- ``changing`` (``--rounds`` of them): a tenth of the feeds (``--changing``) publish one new entry each (half a
  new story, half another outlet's report of a story that another feed carries), dropping their oldest.

Requests sent vs 304 answers show that unchanged feeds cost one small request and no parsing. Latency is
from the moment the new entries appeared (just before the round starts; a real poller adds up to one
interval of waiting) to the moment the first development citing the new article was stored.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.watch_site: the local feed server
from _common import print_table
from tests.watch_site import Route, Site, rss

from rashomon.compare.similarity import encoder
from rashomon.settings import Settings
from rashomon.store import Store
from rashomon.store.watch import WatchStore
from rashomon.watch import Development, Poller, PollReport

# consonant-vowel-consonant syllables: two of them make about a million made-up words, so generated stories
# seldom share a name by chance
SYLLABLES = tuple(a + v + b for a in "bdfgklmnprstvz" for v in "aeiou" for b in "lmnrst")
FIRST = ("Anna", "Boris", "Clara", "David", "Elena", "Farid", "Grace", "Hugo", "Irene", "Jonas", "Kemal", "Lucia")
THINGS = ("bridge", "hospital", "school", "rail line", "harbour wall", "library", "power station", "stadium",
          "water plant", "tram depot")
OUTLETS = [f"{random.Random(n).choice(SYLLABLES).title()}{n} Daily" for n in range(1000)]


def name(rng: random.Random, parts: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).title()


def story(seed: int) -> dict[str, str]:
    """A generated story: a town, a person, a project, a cost, a year and words of its own (the same seed, the
    same story), so that different stories share little but the scaffolding of the sentences."""
    rng = random.Random(seed)
    words = [name(rng, 2).lower() for _ in range(8)]
    # the nouns are the story's own words too: generated stories must not look alike to the clusterer
    thing, board = f"{rng.choice(THINGS)} {name(rng, 2).lower()}", name(rng, 2)
    return {"town": name(rng), "person": f"{rng.choice(FIRST)} {name(rng, 2)}", "thing": thing,
            "cost": str(rng.randint(2, 90)), "year": str(rng.randint(2027, 2031)), "river": name(rng, 2),
            "group": name(rng, 2), "firm": name(rng, 2), "body": f"{board.lower()} board",
            "Body": f"{board} board", "words": " ".join(words), "w": words}  # type: ignore[dict-item]


# Each sentence of an article in several phrasings (two wordings of the same facts: 0 and 1), chosen per story,
# so that two stories share few phrasings and two reports of one story share facts but not their words.
SENTENCES = (
    ("The {town} {body} voted on Monday to build a new {w0} {thing} beside the {river} river.",
     "A new {w0} {thing} will be built next to the {river} river, the {town} {body} decided on Monday.",
     "On Monday the {town} {body} backed a {w0} {thing} on the {river} riverside."),
    ("Members of the {town} {body} approved a {w0} {thing} on the bank of the {river} on Monday.",
     "The {w0} {thing} planned by the {town} {body} along the {river} won approval on Monday.",
     "Plans for a {w0} {thing} by the {river} were passed by the {town} {body} on Monday."),
    ("The {thing} will cost {cost} million pounds and should open in {year}, the {body} said.",
     "Its cost is put at {cost} million pounds, with an opening planned for {year}.",
     "The {body} expects to spend {cost} million pounds and to open it in {year}."),
    ("According to the {body}, the {thing} will cost {cost} million pounds and open in {year}.",
     "It should be ready in {year} at a price of {cost} million pounds, officials said.",
     "A budget of {cost} million pounds was set, and {year} is the target date."),
    ("{person} said the {w2} project would bring hundreds of jobs to the {w3} valley.",
     "Hundreds of jobs in the {w3} valley will follow, {person} told reporters about the {w2} scheme.",
     "{person} promised that the {w2} works would employ hundreds from the {w3} valley."),
    ("{person}, who leads the {body}, said hundreds of people in the {w3} valley would find work there.",
     "Work for hundreds in the {w3} valley was the main argument of {person} for the {w2} plan.",
     "The {w2} plan means jobs for the {w3} valley, said {person}."),
    ("The {group} group said it would ask a court to review the decision about {w4} land.",
     "Opponents in the {group} group plan a legal challenge over the {w4} land.",
     "A court case over the {w4} land is being prepared by the {group} group."),
    ("Members of the {group} group plan to go to court over the {w4} land.",
     "The {group} group has hired lawyers to fight the use of {w4} land.",
     "Lawyers for the {group} group say the {w4} land was never meant for building."),
    ("{firm} said work on the {w5} site could start within a year, paid for by a {w6} loan and the {w7} fund.",
     "Building by {firm} at the {w5} site may begin next year; a {w6} loan and the {w7} fund will pay.",
     "{firm} hopes to start at the {w5} site soon, with money from a {w6} loan and the {w7} fund."),
    ("{firm}, the firm chosen to build it, expects diggers at the {w5} site next year, funded by a {w6} loan.",
     "The {w6} loan and the {w7} fund will pay {firm} to dig the {w5} site from next year.",
     "Diggers from {firm} should reach the {w5} site next year, the {w7} fund and a {w6} loan paying."),
)


def article(seed: int, outlet: str, variant: int) -> str:
    """An article of about 110 words reporting story ``seed``; variant 1 is another outlet's own report of it
    (the same facts in other words, so it is not taken for a reprint)."""
    s = story(seed)
    rng = random.Random(seed * 2 + variant)
    fields = {**{k: v for k, v in s.items() if isinstance(v, str)}, **{f"w{i}": w for i, w in enumerate(s["w"])}}
    chosen = [rng.choice(SENTENCES[slot * 2 + variant]) for slot in range(len(SENTENCES) // 2)]
    return " ".join(sentence.format(**fields) for sentence in chosen) + f" {outlet} will follow the story."


class Feeds:
    """The feeds' current entries, as the server renders them."""

    def __init__(self, feeds: int, entries: int, site: Site) -> None:
        self.site, self.count, self.size = site, feeds, entries
        self.items: list[list[dict[str, str]]] = []
        self.next_story = feeds * entries
        self.published: dict[str, float] = {}  # entry link -> when it appeared
        for f in range(feeds):
            # both wordings from the start: the second wording's phrasing is then as common as the first's, and
            # new entries are told apart by their own words, not by a phrasing nobody used before
            self.items.append([self.entry(f, f * entries + e, e % 2) for e in range(entries)])
            site.routes[f"/f{f}.xml"] = Route(lambda f=f: rss(OUTLETS[f], self.items[f]))

    def entry(self, feed: int, seed: int, variant: int) -> dict[str, str]:
        link = f"{self.site.base}/f{feed}/s{seed}-v{variant}"
        self.published[link] = time.time()
        s = story(seed)
        return {"title": f"{s['town']} approves new {s['thing']}", "link": link, "guid": link,
                "date": "Mon, 02 Mar 2026 09:00:00 GMT", "text": article(seed, OUTLETS[feed], variant)}

    def change(self, fraction: float, rng: random.Random) -> list[str]:
        """A fraction of the feeds publish one new entry each; returns the new links."""
        links = []
        for n, f in enumerate(rng.sample(range(self.count), max(1, round(self.count * fraction)))):
            if n % 2 == 0:
                seed, self.next_story, variant = self.next_story, self.next_story + 1, n % 4 // 2  # a new story
            else:  # another outlet's report of a story another feed carries, in the other wording
                other = rng.choice([g for g in range(self.count) if g != f])
                seed, was = map(int, self.items[other][0]["link"].rsplit("/s", 1)[1].split("-v"))
                variant = 1 - was
            new = self.entry(f, seed, variant)
            self.items[f] = [new, *self.items[f][: self.size - 1]]
            links.append(new["link"])
        return links


def reset_peak() -> None:
    with contextlib.suppress(OSError):  # Linux: "5" resets the peak resident set size (VmHWM) of this process
        Path("/proc/self/clear_refs").write_text("5")


def peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_developments(poller: Poller) -> dict[str, float]:
    """{article id: when the first development citing it was stored}, filled as the poller records them."""
    stamps: dict[str, float] = {}
    record = poller.watched.record_story

    def recording(*args: Any, **kwargs: Any) -> list[Development]:
        added = record(*args, **kwargs)
        now = time.time()
        for development in added:
            for article_id in development.article_ids:
                stamps.setdefault(article_id, now)
        return added

    poller.watched.record_story = recording  # type: ignore[method-assign]
    return stamps


def latencies(store: Store, links: list[str], appeared: dict[str, float], stamps: dict[str, float]) -> list[float]:
    """Seconds from each new entry appearing to the first development that cites its article."""
    by_url = {row[0]: row[1] for row in store._db.execute("SELECT url, id FROM articles")}
    return [stamps[by_url[link]] - appeared[link] for link in links if by_url.get(link) in stamps]


def run_round(label: str, poller: Poller, site: Site, store: Store, links: list[str],
              appeared: dict[str, float], stamps: dict[str, float]) -> list[object]:
    before = site.not_modified
    reset_peak()
    started = time.perf_counter()
    report: PollReport = poller.poll(force=True)
    seconds = time.perf_counter() - started
    waited = latencies(store, links, appeared, stamps) if links else []
    return [label, report.sources, report.requests, site.not_modified - before, len(report.added),
            len(report.developments), report.stories_compared, round(seconds, 2), round(peak_mb(), 1),
            f"{statistics.median(waited):.2f} / {max(waited):.2f}" if waited else "—",
            f"{len(waited)}/{len(links)}" if links else "—"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument("--changing", type=float, default=0.1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1, help="annotation processes (1: this process only)")
    args = parser.parse_args()
    rng = random.Random(7)
    settings = Settings(allow_private_urls=True, watch_host_delay=0.0, workers=args.workers, similarity="lexical")
    rows = []
    with tempfile.TemporaryDirectory() as folder, Site() as site, Store(Path(folder) / "watch.db") as store:
        feeds = Feeds(args.feeds, args.entries, site)
        watched = WatchStore(store)
        for f in range(args.feeds):
            watched.add_source(f"{site.base}/f{f}.xml", "feed", 900)
        poller = Poller(store, settings, encoder=encoder("lexical"))
        stamps = timed_developments(poller)
        rows.append(run_round("seed (all new)", poller, site, store, [], feeds.published, stamps))
        print(f"seeded: {store.counts()}", file=sys.stderr)
        rows.append(run_round("unchanged", poller, site, store, [], feeds.published, stamps))
        for n in range(args.rounds):
            links = feeds.change(args.changing, rng)
            rows.append(run_round(f"changing {n + 1} ({len(links)} feeds)", poller, site, store, links,
                                  feeds.published, stamps))
    print_table(f"Watching {args.feeds} local feeds × {args.entries} entries ({args.changing:.0%} changing per round; "
                f"workers={args.workers}, lexical similarity)",
                ["round", "sources", "requests", "304s", "new articles", "developments", "stories compared",
                 "seconds", "peak MB", "latency p50 / max (s)", "new entries with a development"], rows)


if __name__ == "__main__":
    main()
