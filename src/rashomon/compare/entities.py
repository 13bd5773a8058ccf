"""Entities across the articles of a story: one canonical entity per real person, organisation or place.

Mentions are merged when they are the same name up to case, a possessive or a leading "the"; a
surname or first word standing for a longer name of the story ("Dmitriev" → "Kirill Dmitriev"); an
acronym and its expansion ("RDIF" ↔ "Russian Direct Investment Fund", also learnt from "Name (ACR)"
in any article); or a variant spelling ("Zelensky" / "Zelenskyy"). The type is the vote of all
mentions, so one article's tagging mistake is outvoted. Each outlet's descriptions of an entity
("CEO of the Russian Direct Investment Fund", "Putin's envoy", "Harvard-educated") are collected
from appositions and the words before the name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from rashomon.nlp import wordnet
from rashomon.nlp.claims import DATELINE
from rashomon.nlp.lexicon import FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, words
from rashomon.records import Annotation, Mention

NAME_LABELS = ("PERSON", "ORG", "PLACE", "GROUP")
GIVEN_NAMES = FEMALE_GIVEN_NAMES | MALE_GIVEN_NAMES
ACRONYM = re.compile(r"[A-Z][A-Z&]{1,7}s?")
ACRONYM_SKIP = words("of the and for de la le du des for on in to")
# Words that end a description read backwards from a name ("... with the Kremlin spokesman Dmitry Peskov").
DESCRIPTION_STOP = words("""
a an the and or but with to of in on at by for from as that which who whom whose said says told added
was were is are be been has have had will would could should may might not also then than when while
after before since during about into over under between against through amid despite his her their its
this these those it he she they we i you our your my
""")
APPOSITION_START = re.compile(r"^(?:the|a|an|one of|who|which|whose|now|also|then|formerly|a former|the former)\b",
                              re.IGNORECASE)
# Words a description right before a name ends with ("Kremlin spokesman Dmitry Peskov", "SpaceX founder").
TITLE_WORDS = words("""
minister president secretary spokesman spokeswoman spokesperson ceo chief head director chairman chairwoman envoy
governor mayor senator ambassador leader founder commander general judge prosecutor chancellor king queen premier
representative official officer billionaire ally adviser advisor negotiator emissary executive boss owner
businessman businesswoman entrepreneur investor banker economist analyst expert professor scientist researcher
lawyer attorney activist journalist reporter editor correspondent candidate lawmaker legislator congressman
congresswoman rep sen gov commissioner inspector engineer chairperson manager coach player star actor actress
singer author writer president-elect deputy aide counsel mogul tycoon magnate dissident opposition critic
curator superintendent detective captain conductor architect designer organiser organizer principal headteacher
sheriff chair treasurer coroner warden referee skipper pilot surgeon constable sergeant lieutenant colonel admiral
bishop archbishop dean provost registrar auditor administrator ombudsman coordinator director-general
auctioneer coxswain headmaster headmistress teacher councillor councilor councilman councilwoman alderman
alderwoman assemblyman assemblywoman master driver
""")
SPELLING_SIMILARITY = 0.85
# What the words around a name say of its type, counted as CUE_WEIGHT tagger votes: the small tagger
# calls Roscosmos, Rosatom and SpaceX people, Bloomberg a place, and a town "Carrick Falls" a person.
CUE_WEIGHT = 2
ORG_NAME = re.compile(
    r"\b(?:Inc|Corp|Corporation|Co|Ltd|LLC|PLC|Group|Company|Holdings|Bank|Fund|Agency|Council|Ministry|Department|"
    r"Committee|Commission|Party|Institute|University|College|Association|Union|Federation|Foundation|"
    r"Authority|Service|Services|Board|Court|Police|Army|Navy|Times|Post|News|Journal|Herald|Tribune|Gazette|"
    r"Press|Television|TV|Radio|Network|Airlines|Motors|Technologies|Industries|Plastics|Energy|Oil|Gas|"
    r"Pharmaceuticals|Partners|Capital|Media|Dairy|Dairies|Foods|Brewery|Breweries|Bakery|Mills|Airways|Railways|"
    r"Telecom|Systems|Laboratories|Logistics|Shipping|Steel|Mining|Chemicals|Insurance|Automotive|Electronics|"
    r"Software|Ventures|Studios|Films|Publishing|Hotels|Construction|Engineering|Utilities|Reuters|Bloomberg|TASS|Interfax|Xinhua|Roscosmos|Rosatom|"
    r"SpaceX|Tesla|NASA|House|Senate|Congress|Parliament|Assembly|Cabinet|Administration|Pentagon)\b")
ORG_OF = re.compile(r"\b(?:ceo|chief|head|founder|chairman|chairwoman|director|president|spokesman|spokeswoman|"
                    r"spokesperson|owner|boss|executive|employees?|staff|shares?|stake|subsidiary)\s+(?:of|at)\s+"
                    r"(?:the\s+)?$", re.IGNORECASE)
ORG_AFTER = re.compile(r"^['’]s\s+(?:ceo|chief|head|founder|chairman|spokes\w+|board|shares?|stock|subsidiary)\b",
                       re.IGNORECASE)
# "the Lindmoor district", "Lindmoor's airport": a name a part of a place follows is a place's.
PLACE_AFTER = re.compile(r"^(?:['’]s)?\s+(?:district|region|province|county|suburbs?|outskirts|municipality|airport|"
                         r"harbour|harbor|city\s+centre|town\s+centre|old\s+town)\b", re.IGNORECASE)
PLACE_BEFORE = re.compile(r"\b(?:in|near|outside|across|into|throughout)\s+(?:the\s+)?$", re.IGNORECASE)
# "the village of Corbella", "the island of Harrow Holm": whatever the tagger said, a place.
PLACE_OF = re.compile(r"\b(?:village|town|city|island|isle|port|region|province|district|county|hamlet|suburb|"
                      r"municipality|commune|republic|kingdom|state)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
# A place written as a part of an area ("central Stavik", "in northern Kavell"), a place set beside a kind of place
# ("in the capital, Astrel"; "Lenholm, a market town about 40 kilometres north", "Reinholm, the North Sea port that"),
# or a wire story's dateline ("STAVIK, May 12 (NWS) - "): a place, whatever the tagger said.
COMPASS_BEFORE = re.compile(r"\b(?:central|(?:north|south)(?:-?(?:east|west))?ern|eastern|western)\s+$")
_PLACE_NOUN = r"(?:town|village|city|capital|port|hamlet|suburb|island|province|region|district|county)"
PLACE_APPOSED_BEFORE = re.compile(rf"\b{_PLACE_NOUN},\s+$")
# (no preposition before the place's kind: "Jon Brisk, a farmer in the village of Pellow" is a person)
PLACE_APPOSED_AFTER = re.compile(rf"^,\s+(?:a|an|the)\s+(?:(?!(?:in|of|at|on|near|from|for|with|by|to)\b)[\w'’-]+\s+)"
                                 rf"{{0,3}}?{_PLACE_NOUN}"
                                 r"(?=\s*[,.;]|\s*$|\s+(?:of|in|on|near|north|south|east|west|that|where|which|some|"
                                 r"about|home|known|close|just|outside)\b)")
# A place's kind before "at" or "in" and the name ("a storage depot at Brinnick", "the plant in Ostrel"): a place when
# WordNet has the word for a kind of place or building.
SITE_BEFORE = re.compile(r"\b([a-z]+)\s+(?:at|in)\s+(?:the\s+)?$")
# Kinds of place in WordNet that before "at" or "in" mostly tell a role or a rank: "a seat in Parliament", "his post at
# Kestrel Bank", "a place in the final", "top in Halm".
ROLE_SITES = words("position post seat place side spot top bottom front end")
# "Larkspur Road", "Tanner Hill", "Kestrel Street": a street or a hill, whatever the tagger said.
STREET_NAME = re.compile(r"\s(?:Road|Street|Lane|Avenue|Boulevard|Drive|Square|Hill|Crescent|Terrace)$")
PERSON_AFTER = re.compile(r"^,\s+\d{1,3},")  # "Dmitriev, 49,"
# A person's title right before the name or in an apposition after it: "assembled by curator Ottavio Lenz", "curated
# by Nadia Ferran, the museum's head of collections" (the small tagger calls both organisations).
_PERSON_TITLE = "|".join(sorted(TITLE_WORDS - words("opposition owner investor ally critic star player"), key=len,
                                reverse=True))
# Also with the title set off by commas and no article: "Magnus Oyen, chief executive of Velsport Transit, said",
# "TransCorvena's chief executive, Inés Quiroga, apologised".
PERSON_TITLE_BEFORE = re.compile(rf"(?<![A-Z])\b(?:{_PERSON_TITLE}),?\s+$")
PERSON_TITLE_AFTER = re.compile(rf"^,\s+(?:(?:the|a|an)\s+)?(?:[\w'’-]+\s+){{0,3}}?(?:{_PERSON_TITLE})"
                                rf"(?:\s+of\b|\s*[,.])")
# The office the sentence gives the name: "Petra Holm is the new head coach", "appointed Tomas Berg as its new coach",
# "Karin Sten was elected mayor".
PERSON_ROLE_AFTER = re.compile(rf"^(?:\s+(?:is|was|will\s+be)\s+(?:(?:the|its|their)\s+)?new|"
                               rf",?\s+as\s+(?:the|its|their)(?:\s+new)?|\s+(?:was|is|has\s+been|had\s+been|will\s+be)\s+(?:appointed|named|elected)"
                               rf"(?:\s+as)?(?:\s+(?:the|its|their))?(?:\s+new)?)\s+(?:[a-z][\w-]*\s+){{0,2}}?"
                               rf"(?:{_PERSON_TITLE})(?=\s*[,.;:]|\s*$|\s+(?:on|in|at|after|from|with|by|for|last|this|"
                               rf"next|of\s+(?:the\s+)?[A-Z])\b)")
DESCRIPTION_WORDS = 14


@dataclass
class Entity:
    """One real-world entity of the story and what each article calls it."""

    id: str
    name: str
    type: str
    aliases: list[str]
    mentions: list[tuple[str, int]] = field(default_factory=list)  # (article id, mention index)
    descriptions: list[dict[str, object]] = field(default_factory=list)  # {article_id, text, start, end}

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "type": self.type, "aliases": self.aliases,
                "mention_count": len(self.mentions), "descriptions": self.descriptions}


def normalise(text: str) -> str:
    """A mention's name: possessive, leading "the", stray punctuation and line breaks removed."""
    text = " ".join(text.split())
    text = re.sub(r"(?:['’]s|['’])$", "", text)
    text = re.sub(r"^(?:the|The)\s+", "", text)
    return text.strip(" .,;:-–—\"'“”‘’()")


def initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w and w.lower() not in ACRONYM_SKIP and w[0].isalpha())


def link_entities(articles: dict[str, tuple[str, Annotation]]) -> tuple[list[Entity], dict[tuple[str, int], str]]:
    """Canonical entities of ``articles`` ({article id: (text, annotation)}) and each mention's entity id."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)  # normalised lower form -> labels voted
    spelled: dict[str, Counter[str]] = defaultdict(Counter)  # lower form -> surface spellings
    occurrences: dict[str, list[tuple[str, int]]] = defaultdict(list)
    expansions: dict[str, str] = {}  # acronym -> lower expansion, stated in a text as "Name (ACR)"
    for article_id, (text, annotation) in articles.items():
        for index, mention in enumerate(annotation.mentions):
            if mention.label not in NAME_LABELS:
                continue
            name = normalise(mention.text)
            if len(name) < 2:
                continue
            key = name.lower()
            forms[key][mention.label] += 1
            cue = _context_type(name, text, mention)
            if cue:
                forms[key][cue] += CUE_WEIGHT
            spelled[key][name] += 1
            occurrences[key].append((article_id, index))
            stated = re.match(r"\s*\(([A-Z][A-Za-z&]{1,7})\)", text[mention.end:mention.end + 12])
            if stated and initials(name).upper() == stated.group(1).upper().rstrip("S"):
                expansions[stated.group(1).lower()] = key
    # A list the tagger read as one name ("Brenn, Ostry", "Brenn and Ostry") is not an entity when its
    # parts are names of the story on their own.
    for key in [k for k in forms if ", " in k or " and " in k]:
        parts = [p.strip() for p in re.split(r",\s*|\s+and\s+", key) if p.strip()]
        if ", " in key or any(p in forms for p in parts):
            del forms[key], spelled[key], occurrences[key]
    parent = {key: key for key in forms}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(child: str, head: str) -> None:
        a, b = find(child), find(head)
        if a != b:
            parent[a] = b

    multi = sorted((k for k in forms if " " in k), key=lambda k: (-sum(forms[k].values()), k))
    # "Paul R. LePage" and "Paul LePage", "Anthony D. Weiner" and "Anthony Weiner": one person whose middle
    # name or initial one outlet leaves out.
    by_ends: dict[tuple[str, str], str] = {}
    for key in multi:
        parts = key.split()
        if _vote(forms[key]) == "PERSON" and len(parts) >= 2:
            head = by_ends.setdefault((parts[0], parts[-1]), key)
            if head != key:
                union(key, head)
    # "Skipper Ana Velk", "Headteacher Greta Holmwood": a title the tagger read into the name of a person the story
    # also names without it
    for key in multi:
        rest = key.partition(" ")[2]
        if _titled(key) and _vote(forms[key]) == "PERSON" and rest in forms and _vote(forms[rest]) == "PERSON" \
                and not ORG_NAME.search(spelled[key].most_common(1)[0][0]):
            union(key, rest)
    for acronym, expansion in expansions.items():
        if acronym in forms:
            union(acronym, expansion)
    for key in sorted(forms):
        surface = spelled[key].most_common(1)[0][0]
        letters = surface.replace(".", "")  # "U.S" is the acronym "US"
        if " " not in key and ACRONYM.fullmatch(letters) and key not in expansions:
            short = letters.lower().rstrip("s") if letters.endswith("s") else letters.lower()
            match = [k for k in multi if initials(spelled[k].most_common(1)[0][0]).lower() == short]
            if len(match) >= 1:
                union(key, match[0])
                continue
        if " " not in key:
            # A surname standing for the one person of the story with that surname ("Dmitriev").
            label = _vote(forms[key])
            last = [k for k in multi if k.split()[-1] == key and _vote(forms[k]) == "PERSON"]
            if label != "PLACE" and len({find(k) for k in last}) == 1:
                union(key, last[0])
                continue
            # An organisation's short name: the first word of exactly one longer organisation name.
            if label == "ORG":
                first = [k for k in multi if k.split()[0] == key and _vote(forms[k]) == "ORG"]
                if len({find(k) for k in first}) == 1:
                    union(key, first[0])
    roots = sorted({find(k) for k in forms}, key=lambda k: (-sum(forms[k].values()), k))
    for i, a in enumerate(roots):
        for b in roots[i + 1:]:
            if find(a) == find(b) or a[:1] != b[:1] or abs(len(a) - len(b)) > 3 or min(len(a), len(b)) < 5:
                continue
            if SequenceMatcher(None, a, b).ratio() >= SPELLING_SIMILARITY and _compatible(_vote(forms[a]),
                                                                                          _vote(forms[b])):
                union(b, a)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in forms:
        groups[find(key)].append(key)
    entities = []
    owner: dict[tuple[str, int], str] = {}
    for number, keys in enumerate(sorted(groups.values(), key=lambda ks: (-sum(len(occurrences[k]) for k in ks),
                                                                           sorted(ks)))):
        votes: Counter[str] = Counter()
        for key in keys:
            votes.update(forms[key])
        surfaces: Counter[str] = Counter()
        for key in keys:
            surfaces.update(spelled[key])
        name = _canonical_name(surfaces, person=_vote(votes) == "PERSON")
        entity = Entity(f"e{number + 1}", name, _vote(votes), sorted(set(surfaces) - {name}))
        for key in keys:
            entity.mentions.extend(occurrences[key])
        entity.mentions.sort()
        for mention_key in entity.mentions:
            owner[mention_key] = entity.id
        entities.append(entity)
    for entity in entities:
        entity.descriptions = _descriptions(entity, articles)
    return entities, owner


def _context_type(name: str, text: str, mention: Mention) -> str | None:
    """The type the name's own words or the words around it make likely, or None."""
    before = text[max(0, mention.start - 40):mention.start]
    after = text[mention.end:mention.end + 24]
    if ORG_NAME.search(name) or ORG_OF.search(before) or ORG_AFTER.match(after):
        return "ORG"
    site = SITE_BEFORE.search(before)
    if STREET_NAME.search(name) or PLACE_OF.search(before) or PLACE_AFTER.match(after) \
            or (site is not None and site.group(1) not in ROLE_SITES and wordnet.site(site.group(1))) \
            or COMPASS_BEFORE.search(before) or PLACE_APPOSED_BEFORE.search(before) \
            or PLACE_APPOSED_AFTER.match(text[mention.end:mention.end + 80]) or _dateline(text, mention):
        return "PLACE"
    if PERSON_AFTER.match(after) or PERSON_TITLE_BEFORE.search(before) or _titled_person(name) or \
            PERSON_TITLE_AFTER.match(text[mention.end:mention.end + 80]) or \
            PERSON_ROLE_AFTER.match(text[mention.end:mention.end + 80]):
        return "PERSON"
    if PLACE_BEFORE.search(before) and not after.startswith(("'s", "’s")):
        return "PLACE"
    return None


def _titled_person(name: str) -> bool:
    """Whether a name the tagger read with a title is a person's: "Councillor Ruth Calloway", "Headteacher Greta
    Holmwood" — a given name after the title, or two words WordNet has as no common noun — and not an organisation
    or a place named after one — "Queen Victoria Market", "Judge Business School", "General Dynamics Electric
    Boat" (a last word that is a place, a body or a noun in common use)."""
    if not _titled(name):
        return False
    parts = name.lower().split()
    first, last = parts[1], parts[-1]
    if wordnet.establishment(last) or wordnet.site(last) or wordnet.noun_use(last) >= 2:
        return False
    return first in GIVEN_NAMES or (wordnet.noun_use(first) < 0 and wordnet.noun_use(last) <= 0)


def _dateline(text: str, mention: Mention) -> bool:
    """Whether the mention is the place of a dateline opening the text or one of its paragraphs."""
    line = text.rfind("\n", 0, mention.start) + 1
    return not text[line:mention.start].strip() and mention.text.isupper() \
        and DATELINE.match(text, mention.start) is not None


def _vote(labels: Counter[str]) -> str:
    return max(labels.items(), key=lambda item: (item[1], item[0] == "PERSON", item[0]))[0]


def _compatible(a: str, b: str) -> bool:
    return a == b or {a, b} <= {"ORG", "GROUP"} or {a, b} <= {"PLACE", "GROUP"}


def _titled(name: str) -> bool:
    """Whether a name of three words or more opens with a title the tagger read into it ("Skipper Ana Velk"); not a
    title that is also a first name ("Dean Holloway")."""
    words_ = name.lower().split()
    return len(words_) >= 3 and words_[0] in TITLE_WORDS and words_[0] not in FIRST_NAME_TITLES


FIRST_NAME_TITLES = words("dean")


def _canonical_name(surfaces: Counter[str], person: bool = False) -> str:
    """The fullest frequent form: among the names of most words, the most often written (then the first); a
    person's name read with a title ("Skipper Ana Velk") counts as the name without it."""
    if person:
        untitled: Counter[str] = Counter()
        for surface, count in surfaces.items():
            untitled[surface.split(" ", 1)[1] if _titled(surface) else surface] += count
        surfaces = untitled
    most_words = max(len(s.split()) for s in surfaces)
    # An acronym never wins over its expansion; among full forms prefer the commonest, then the longest.
    full = [s for s in surfaces if len(s.split()) == most_words]
    return max(sorted(full), key=lambda s: (surfaces[s], len(s)))


def _descriptions(entity: Entity, articles: dict[str, tuple[str, Annotation]]) -> list[dict[str, object]]:
    """What each article calls the entity: appositions ("X, the CEO of Y,") and words before it ("envoy X")."""
    if entity.type not in ("PERSON", "ORG"):
        return []
    found: list[dict[str, object]] = []
    seen: set[tuple[str, str]] = set()
    for article_id, index in entity.mentions:
        text, annotation = articles[article_id]
        mention = annotation.mentions[index]
        # "chief executive Dr. Helena Vorst", "The hospital's chief executive, Dr. Miriam Castell,": the words before
        # the name describe the person across an honorific
        honorific = HONORIFIC.search(text, max(0, mention.start - 8), mention.start)
        titled = replace(mention, start=honorific.start()) if honorific else mention
        for start, end in (_apposition(text, mention), _premodifier(text, titled, annotation.mentions),
                           _apposition_before(text, titled)):
            if start is None or end is None:
                continue
            description = text[start:end]
            key = (article_id, description.lower())
            if key in seen or normalise(description).lower() == entity.name.lower():
                continue
            seen.add(key)
            found.append({"article_id": article_id, "text": description, "start": start, "end": end})
    return found


HONORIFIC = re.compile(r"\b(?:Dr|Prof|Mr|Mrs|Ms|Sir|Dame|Rev)\.?\s+$")
# A title with whose it is and no article before it: "Kiri Valen, director of the Disaster Office, said".
TITLE_OF = re.compile(rf"^(?:[a-z-]+\s+){{0,2}}(?:{'|'.join(sorted(TITLE_WORDS, key=len, reverse=True))})"
                      r"\s+(?:of|at|for)\s")


def _apposition(text: str, mention: Mention) -> tuple[int | None, int | None]:
    rest = text[mention.end:mention.end + 200]
    # ends with a comma, a reporting verb or the sentence ("led by Marta Ohlin, the chief inspector at the board.")
    match = re.match(r"(?:\s*\([^)]{1,12}\))?,\s+([^,;.\n]+?)(?:,|\.(?:\s|$)|\s+(?:said|says|told|announced)\b)",
                     rest)
    if not match:
        return None, None
    phrase = match.group(1)
    if not (APPOSITION_START.match(phrase) or TITLE_OF.match(phrase)) or len(phrase.split()) > DESCRIPTION_WORDS:
        return None, None
    start = mention.end + match.start(1)
    # A relative clause continues past the first comma only in the text, not in the description.
    return start, start + len(phrase)


# "the incumbent mayor, Johan Reev,", "Brightwater's chief executive, Mikkel Dahl, told staff": a role written before
# the name and set off by a comma.
_ROLE_DETERMINER = r"(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[\w&.-]+['’]s)"
ROLE_BEFORE = re.compile(r"\b(" + _ROLE_DETERMINER + r"\s+(?:[\w-]+\s+){0,3}?([a-z-]+)"
                         # "the chair of the electoral commission, Desmond Achterberg,": the title, then whose it is
                         r"(?:\s+(?:of|at|for)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?[\w'’-]+)?)\s*,\s*$")


ROLE_START = re.compile(r"\b" + _ROLE_DETERMINER + r"\s")  # where a ROLE_BEFORE match may begin


def _apposition_before(text: str, mention: Mention) -> tuple[int | None, int | None]:
    before = text[max(0, mention.start - 80):mention.start]
    if not re.match(r"\s*(?:,|\.|of\b|\()", text[mention.end:]):
        return None, None
    # the first determiner whose words make a title: "with the help of the regional fisheries ombudsman, Ingrid
    # Pauley": not "the help of ...", but "the regional fisheries ombudsman"
    match = next((m for d in ROLE_START.finditer(before) if (m := ROLE_BEFORE.match(before, d.start())) is not None
                  and m.group(2) in TITLE_WORDS), None)
    if match is None:
        return None, None
    start = mention.start - len(before) + match.start(1)
    return start, start + len(match.group(1))


ROLE_MODIFIERS = words("""
former senior top chief deputy acting special longtime veteran then new interim outgoing incoming
state pro-state state-run state-owned prime vice first
""")
# The role a name holds when a second role stands between them: "Special Representative of the [Russian President]".
_MODIFIER = "|".join(sorted(ROLE_MODIFIERS))
_TITLE = "|".join(sorted(TITLE_WORDS, key=len, reverse=True))
ROLE_OF = re.compile(rf"^\s*(?:\b(?:[A-Z][\w-]*|{_MODIFIER})\s+){{0,2}}\b(?i:{_TITLE})\s+(?:of|for|to)\s+the\s+$")


def _describes(word: str) -> bool:
    word = word.strip("\"“”‘’()")
    return word in TITLE_WORDS or word in ROLE_MODIFIERS or "-" in word


def _premodifier(text: str, mention: Mention, mentions: tuple[Mention, ...]) -> tuple[int | None, int | None]:
    """The descriptive words right before a name: "Kremlin spokesman", "Putin's envoy", "The Harvard-educated"."""
    line_start = max(text.rfind("\n", 0, mention.start), text.rfind(". ", 0, mention.start) + 1, 0)
    before = text[line_start:mention.start]
    tokens = list(re.finditer(r"\S+", before))
    kept: list[re.Match[str]] = []
    for token in reversed(tokens):
        word = token.group(0)
        bare = word.strip("\"“”‘’()[]").lower()
        if not bare or word.rstrip("\"“”‘’)")[-1:] in ",;:." or bare in DESCRIPTION_STOP or any(
                ch.isdigit() for ch in bare):
            break
        kept.insert(0, token)
        if len(kept) == 5:
            break
    # Lower-case words that are neither roles nor modifiers open no description ("to call Russian
    # President" gives "Russian President").
    while kept and kept[0].group(0)[:1].islower() and not _describes(kept[0].group(0).lower()):
        kept.pop(0)
    if not kept:
        return None, None
    # "Special Representative of the Russian President Kirill Dmitriev" opening a sentence: the name holds the
    # first role; the second is whose representative he is, and the description is the whole chain. Not so after
    # an article or a comma ("Dmitriev, an advisor to Russian President Vladimir Putin": Putin is the President).
    chain = ROLE_OF.search(before[:kept[0].start()])
    if chain is not None:
        kept.insert(0, chain)
    start = line_start + kept[0].start()
    end = line_start + kept[-1].end()
    phrase = text[start:end]
    # A description ends with a role ("envoy", "founder") or a compound adjective ("Harvard-educated").
    last = phrase.split()[-1].lower().strip("\"“”‘’()")
    if last not in TITLE_WORDS and not re.search(r"\w-(?:educated|born|based|trained|backed|owned|appointed)$", last):
        return None, None
    if any(m.start <= start < m.end for m in mentions if m is not mention and m.label == "DATE"):
        return None, None
    return start, end
