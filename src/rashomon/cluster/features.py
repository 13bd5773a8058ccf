"""What the story clusterer looks at in one article: its words, the names it mentions, and its time.

Cheap by design (regular expressions, no parser), so clustering an archive costs far less than
annotating it, and the result does not depend on whether annotation has run.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date

from rashomon.extract.fields import ISO_DATE, TEXT_DATE, day_of, parse_date
from rashomon.models import Article
from rashomon.nlp.lexicon import words

WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")
# A run of capitalised words: "Tara Reid", "Promises Treatment Center", "U.S. Geological Survey".
NAME_RUN = re.compile(r"(?:[A-Z][\w'’.-]*[^\W_]|[A-Z]\.?)(?:\s+(?:[A-Z][\w'’.-]*[^\W_]|[A-Z]\.))*")
SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”]\s+|\n\s*)$")

STOPWORDS = words("""
a about above after again against all almost also although always am among an and another any are around as
at be became because become been before being below between both but by can could did do does doing done down
during each either else ever every few for from further get gets got had has have having he her here hers
herself him himself his how however i if in into is it its itself just least less like made make many may me
might more most much must my myself near neither never no nor not now of off often on once one only or other
others our ours ourselves out over own per perhaps put rather said same says see seen shall she should since
so some still such than that the their theirs them themselves then there these they this those though through
thus to too toward towards under until up upon us very via was we were what whatever when where whether which
while who whom whose why will with within without would yet you your yours yourself also told tell tells say
new news year years week weeks day days time times just like including according report reported reports
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow mr mrs ms dr
""")
# Capitalised words that start names too often to be names themselves.
NAME_STOP = words("""
The A An And But Or In On At Of For From To By With As If When While After Before During Since Until He She It
They We You I His Her Its Their Our This That These Those There Here What Who Why How Where Which Mr Mrs Ms Dr
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Photo Image Video
Read More Share Advertisement Updated Published Reporting Editing Copyright
""")
# Words before a name that are not part of it ("Coach Sean Payton", "Dr. Regina Benjamin").
TITLES = words("""
Dr Mr Mrs Ms Miss Prof President Vice Sen Senator Rep Representative Gov Governor Mayor Judge Justice Coach
Prime Minister Secretary Chancellor General Gen Col Capt Lt Sgt Officer Detective Chief Commissioner Pope
Rev Father Sister Brother Sir Dame Lord Lady King Queen Prince Princess Sheriff Attorney
""")
LEAD_NAME = re.compile(r"[A-Z][a-z]{2,}")

LEAD_WEIGHT = 3.0  # words of the lead (what the story is about) count this many times
LEAD_WORDS = 60
TITLE_WEIGHT = 2.0  # a title word counts as this many body occurrences
NAME_WEIGHT = 2.0  # a multi-word name's own term weighs this much; words inside names get its square root


@dataclass(frozen=True)
class ArticleFeatures:
    """An article as the clusterer sees it.

    ``terms`` maps a lower-cased word (or ``"name:<full name>"``) to its sublinear term weight;
    ``when`` is the article's day — its publication date, else the latest full date its text
    states (``when_origin`` says which; never invented: None when neither exists).
    """

    article_id: str
    terms: dict[str, float]
    names: dict[str, int]  # the most frequent names (up to 12) and how often the article names them
    when: date | None
    when_origin: str | None
    outlet: str | None = None
    title: str | None = None
    person: str | None = None  # the surname the article is most about (see ``protagonist``)
    prominent: frozenset[str] = frozenset()  # capitalised words of the title and lead, or said 3 times or more


def term(word: str) -> str:
    """Fold a word to its clustering term: lower case, possessive and a plural 's' dropped."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.strip("'.-")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    found = []
    for match in WORD.finditer(text):
        folded = term(match.group())
        if len(folded) < 2 or folded in STOPWORDS or (folded.isdigit() and len(folded) != 4):
            continue
        found.append(folded)
    return found


def names(text: str) -> Counter[str]:
    """Capitalised word runs that are not just sentence openers, counted: {"Tara Reid": 3, ...}.

    A lone capitalised word opening a sentence counts only when the text also uses it as a name
    elsewhere ("Morrow said ..." after "Agnes Morrow"); "Officials said ..." does not.
    """
    found: Counter[str] = Counter()
    openers: list[str] = []
    for match in NAME_RUN.finditer(text):
        parts = match.group().split()
        while parts and parts[0] in NAME_STOP:
            parts.pop(0)
        if not parts:
            continue
        name = re.sub(r"['’]s$", "", " ".join(parts)).strip(".")
        if len(name) <= 2:
            continue
        # the text before the run ends a sentence (or the text is empty before it); only the whitespace before
        # the run and the character before that are read, not the whole text up to it (quadratic in long texts)
        before = match.start()
        while before and text[before - 1].isspace():
            before -= 1
        opener = (SENTENCE_START.search(text, max(0, before - 1), match.start()) is not None
                  and parts == match.group().split())
        if opener and len(parts) == 1:
            openers.append(name)
        else:
            found[name] += 1
    known = {word for name in found for word in name.split()}
    for name in openers:
        if name in known:
            found[name] += 1
    return found


def protagonist(text: str, lead: str) -> str | None:
    """The surname of the person the article is most about, or None.

    A person is a two-word name ("Jamal Williams", titles dropped) whose last word the text also
    uses alone ("Williams said"): cheap, and it leaves out places and teams ("San Diego", "New
    Orleans Saints"), which are never shortened that way. The most mentioned one wins, the lead
    counting three times. It must be named in the lead (what the article is about); a word the
    text also writes in lower case ("Police", "Avenue") or after "the" ("the Rovers") is not a surname.
    """
    full: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    for match in NAME_RUN.finditer(text):
        parts = [part.rstrip(".") for part in match.group().split()]
        while parts and (parts[0] in TITLES or parts[0] in NAME_STOP):
            parts.pop(0)
        parts = [re.sub(r"['’]s$", "", part) for part in parts]
        if len(parts) == 2 and all(part.isalpha() for part in parts) and len(parts[1]) > 2:
            full[parts[1]] += 1
        elif len(parts) == 1:
            alone[parts[0]] += 1
    if not full:
        return None
    in_lead = Counter(LEAD_NAME.findall(lead))
    lower = {match.group().capitalize() for match in re.finditer(r"\b[a-z]{3,}\b", text)}
    lower |= set(re.findall(r"\b[Tt]he ([A-Z][a-z]+)\b", text))  # "the Rovers": a team or a place, not a person
    scored = {name: full[name] + alone[name] + 2 * in_lead[name] for name in full
              if alone[name] and in_lead[name] and name not in lower and name not in NAME_STOP}
    return max(scored, key=lambda name: (scored[name], name)) if scored else None


def text_dates(text: str) -> list[date]:
    """Full dates the text states ("March 18, 2025", "2025-03-18"), in text order."""
    found = []
    for pattern in (TEXT_DATE, ISO_DATE):
        for match in pattern.finditer(text):
            value = parse_date(match.group())
            if value is not None:
                found.append(day_of(value))
    return found


def article_features(article: Article, title_weight: float = TITLE_WEIGHT, name_weight: float = NAME_WEIGHT,
                     lead_weight: float = LEAD_WEIGHT, lead_words: int = LEAD_WORDS) -> ArticleFeatures:
    words_in = tokens(article.text)
    if not words_in:  # a title alone does not place an article: two events can share a headline
        return ArticleFeatures(article.id, {}, {}, None, None, article.outlet, article.title)
    counts: dict[str, float] = dict(Counter(words_in))
    for word in words_in[:lead_words]:
        counts[word] += lead_weight - 1.0
    title = article.title or ""
    for word in tokens(title):
        counts[word] = counts.get(word, 0.0) + title_weight
    lead = " ".join(article.text.split()[:lead_words * 2])
    found: dict[str, float] = dict(names(article.text) + names(title))
    for name in names(lead + "\n" + title):
        found[name] = found.get(name, 0.0) + lead_weight - 1.0
    weights = {word: 1.0 + math.log(count) for word, count in counts.items()}
    for name, count in found.items():
        folded = [term(part) for part in name.split()]
        for part in folded:
            if part in weights:
                weights[part] *= name_weight ** 0.5
        if len(folded) > 1:
            weights["name:" + " ".join(folded)] = name_weight * (1.0 + math.log(max(count, 1.0)))
    when, origin = None, None
    if article.published is not None:
        when, origin = day_of(article.published), "published"
    else:
        stated = text_dates(article.text[:5000])
        if stated:
            when, origin = max(stated), "text"
    top = {name: int(count) for name, count in sorted(found.items(), key=lambda item: -item[1])[:12]}
    whole, lead_text = title + "\n" + article.text, title + "\n" + " ".join(article.text.split()[:80])
    person = protagonist(whole, lead_text)
    mentions = Counter(LEAD_NAME.findall(whole))
    prominent = frozenset(sys.intern(name) for name in {*LEAD_NAME.findall(lead_text),
                                                          *(name for name, n in mentions.items() if n >= 3)})
    # one shared string per term across the archive (story profiles and the index hold millions of them)
    weights = {sys.intern(word): value for word, value in weights.items()}
    return ArticleFeatures(article.id, weights, top, when, origin, article.outlet, article.title, person, prominent)


# A profile weight below this is a term the story no longer holds (what is left of a float subtraction).
PROFILE_FLOOR = 1e-9


def revised_profile(profile: dict[str, float], size: int, old: ArticleFeatures,
                    new: ArticleFeatures) -> dict[str, float]:
    """A story's profile (the running mean of its ``size`` members' term weights, as ``StoryIndex`` keeps it) with
    one member's terms replaced by those of its new version: the member's old terms leave the mean, its new ones
    join it. A term the story trimmed from its profile stays out; the next article that joins trims it again."""
    if size <= 0:
        return dict(profile)
    total = {word: value * size for word, value in profile.items()}
    for word, value in old.terms.items():
        if word in total:
            total[word] -= value
    for word, value in new.terms.items():
        total[word] = total.get(word, 0.0) + value
    return {sys.intern(word): value / size for word, value in total.items() if value > PROFILE_FLOOR}


def revised_names(names: dict[str, int], old: ArticleFeatures, new: ArticleFeatures) -> dict[str, int]:
    """A story's name counts (articles naming each) with one member's names replaced by its new version's."""
    counts = Counter(names)
    counts.subtract(dict.fromkeys(old.names, 1))
    counts.update(dict.fromkeys(new.names, 1))
    return {name: count for name, count in counts.most_common() if count > 0}


def term_changes(old: ArticleFeatures, new: ArticleFeatures) -> dict[str, int]:
    """The change in document frequencies when an article's old version is replaced by its new one."""
    return {**dict.fromkeys(old.terms.keys() - new.terms.keys(), -1),
            **dict.fromkeys(new.terms.keys() - old.terms.keys(), 1)}
