"""``report.md``: the analysis as Markdown, readable in a terminal or on a code host.

Article text is untrusted: every piece of it goes through ``md()``, which escapes Markdown and HTML.
Citations are ``[A2]``-style labels of the story's article list, which gives outlet, date and source.
"""

from __future__ import annotations

import re
from typing import Any

from rashomon.compare.brief import fact_headline

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
FACT_DETAIL_LIMIT = 25
ENTITY_LIMIT = 12


EXCLUSIVES_SHOWN = 8  # exclusive facts written out per article; the rest are counted
MAYBE_SHOWN = 0.5  # "may state it in other words" lines listed in report.md (the rest are counted)


def md(text: object) -> str:
    """Text made inert for Markdown (on one line): special characters backslash-escaped, HTML brackets as entities."""
    return _escape(" ".join(str(text).split()))


def _escape(value: str) -> str:
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", value)


def analysis_markdown(analysis: dict[str, Any]) -> str:
    articles = {a["id"]: a for a in analysis["articles"]}
    lines = ["# Rashomon analysis", "",
             f"{counted(len(analysis['stories']), 'story', 'stories')} from {counted(len(articles), 'article')} "
             f"(`{analysis['schema']}`, {md(analysis['generator'])}, sentence similarity: {analysis['similarity']}).",
             "Every statement below cites its sources as [A1], [A2]…: the articles listed under each story.", ""]
    for story in analysis["stories"]:
        lines += _story(story, articles)
    return "\n".join(lines).rstrip() + "\n"


def _story(story: dict[str, Any], articles: dict[str, dict[str, Any]]) -> list[str]:
    label = {article_id: f"A{n}" for n, article_id in enumerate(story["article_ids"], 1)}

    def cite(spans: list[dict[str, Any]]) -> str:
        seen = []
        for span in spans:
            tag = label.get(span["article_id"], "?")
            if tag not in seen:
                seen.append(tag)
        return "[" + ", ".join(seen) + "]" if seen else ""

    outlets = {row["article_id"]: row["outlet"] for row in story["coverage"]}

    def outlet(article_id: str) -> str:
        return md(outlets.get(article_id) or article_id[:12])

    lines = [f"## Story {story['id']}: {md(story['title'] or '(untitled)')}", ""]
    span = f"{(story['first_published'] or '?')[:16]} – {(story['last_published'] or '?')[:16]}"
    lines.append(f"{counted(story['article_count'], 'article')} ({story['independent_count']} independent) from "
                 f"{md(', '.join(story.get('sources') or story['outlets']) or 'unknown outlets')}; {span}."
                 + (f" Storyline {story['storyline_id']}." if story.get("storyline_id") else ""))
    lines.append("")
    for note in story["notes"]:
        lines.append(f"> **Note:** {md(note)}")
    if story["notes"]:
        lines.append("")
    lines += ["### Brief", ""]
    for n, sentence in enumerate(story["brief"], 1):
        lines.append(f"{n}. {md(sentence['text'])} {cite(sentence['citations'])}")
    if not story["brief"]:
        lines.append("No statement to summarise.")
    facts = story["facts"]
    shared = [f for f in facts if f["independent_sources"] >= 2]
    lines += ["", "### Facts reported by more than one source", ""]
    if shared:
        tags = [label[a] for a in story["compared_article_ids"]]
        undated = {row["article_id"] for row in story["coverage"] if not row["published"]}
        lines.append("| fact | status | sources | first | " + " | ".join(tags) + " |")
        lines.append("|---|---|---|---|" + "---|" * len(tags))
        for fact in shared:
            has = {s["article_id"] for s in fact["support"]}
            marks = ["●" if a in has else "·" for a in story["compared_article_ids"]]
            reporter = fact["first_reported_by"] or {}
            first = "unknown (undated)"  # no date: nothing says who was first
            if reporter.get("published"):
                tied = [reporter["article_id"], *reporter.get("tied_with", [])]
                first = " = ".join(label.get(a, "?") for a in tied if a not in undated)
                if any(a in undated for a in tied):  # may have been earlier: said apart, not as a tie
                    first += " (or undated " + ", ".join(label.get(a, "?") for a in tied if a in undated) + ")"
            lines.append(f"| {fact['id']}: {md(_cut(fact_headline(fact), 110))} | {fact['status']} | "
                         f"{fact['independent_sources']} | {first} | " + " | ".join(marks) + " |")
        lines += ["", "● reports it · does not. Sources count reprints once.", ""]
        for fact in shared[:FACT_DETAIL_LIMIT]:
            lines.append(f"- **{fact['id']}** ({fact['status']}, {fact['independent_sources']} independent sources)")
            for support in fact["support"]:
                lines.append(f"  - {label[support['article_id']]} {outlet(support['article_id'])}: "
                             + md(support["text"]))
    else:
        lines.append("No fact is reported by two independent sources.")
    lines += ["", "### Contradictions", ""]
    for conflict in story["conflicts"]:
        lines.append(f"- **{conflict['kind']}** — {md(conflict['description'])}")
        for side in conflict["sides"]:
            lines.append(f"  - {label[side['article_id']]} {outlet(side['article_id'])} ({md(side['value'])}): "
                         + md(side["text"]))
    if not story["conflicts"]:
        lines.append("None found: no aligned statements disagree on a number, a date, a place, a person, "
                     "whether it happened, or who said it.")
    compared = [q for q in story["quotes"] if len({v["article_id"] for v in q["variants"]}) >= 2]
    lines += ["", "### Quotes compared", ""]
    for group in compared:
        speaker = md(group["speaker"] or "unknown speaker")
        lines.append(f"- **{speaker}**, as {len(group['variants'])} articles give it:")
        for variant in group["variants"]:
            words = _bold_unique(variant["text"], variant["unique_words"])
            chain = variant.get("attribution_detail") or variant["attribution"]
            lines.append(f"  - {label[variant['article_id']]} {outlet(variant['article_id'])} "
                         + _wording(variant["kind"], chain, words))
    if not compared:
        lines.append("No statement is quoted by more than one article.")
    else:
        lines.append("")
        lines.append("Words in **bold** appear in no other outlet's version.")
    relayed = [(q, v) for q in story["quotes"] if q not in compared for v in q["variants"]
               if v["attribution"] != "directly"]
    if relayed:  # a statement one outlet quotes through another source: whose words, by whose account
        lines += ["", "Quoted by one article only, through another source:"]
        for group, variant in relayed:
            chain = variant.get("attribution_detail") or variant["attribution"]
            lines.append(f"- **{md(group['speaker'] or 'unknown speaker')}** — {label[variant['article_id']]} "
                         f"{outlet(variant['article_id'])} "
                         + _wording(variant["kind"], chain, md(_cut(variant["text"], 200))))
    lines += ["", "### Omissions and exclusives", ""]
    exclusives = {e["article_id"]: e["fact_ids"] for e in story["exclusives"]}
    doubted = {e["article_id"]: e.get("maybe", []) for e in story["exclusives"]}
    fact_text = {f["id"]: fact_headline(f) for f in story["facts"]}
    for omission in story["omissions"]:
        article_id = omission["article_id"]
        own = exclusives.get(article_id, [])
        missing = omission["fact_ids"]
        lines.append(f"- {label[article_id]} {outlet(article_id)}: leaves out "
                     f"{len(missing) or 'none'} of the well-supported facts; {len(own)} fact(s) only it reports")
        for fact_id in missing:
            lines.append(f"  - leaves out {fact_id}: {md(_cut(fact_text.get(fact_id, ''), 150))}")
        maybe = omission.get("maybe", [])
        likely = [m for m in maybe if m["probability"] >= MAYBE_SHOWN]
        for item in sorted(likely, key=lambda m: -m["probability"]):
            lines.append(f"  - may state {item['fact_id']} in other words ({item['probability']:.0%} likely; not "
                         f"counted as left out): {md(_cut(item['text'], 150))}")
        if len(maybe) > len(likely):
            lines.append(f"  - …and {len(maybe) - len(likely)} more fact(s) not counted as left out: a sentence of "
                         "it comes near (analysis.json, report.html)")
        for fact_id in own[:EXCLUSIVES_SHOWN]:
            lines.append(f"  - only here, {fact_id}: {md(_cut(fact_text.get(fact_id, ''), 150))}")
        if len(own) > EXCLUSIVES_SHOWN:
            lines.append(f"  - …and {len(own) - EXCLUSIVES_SHOWN} more only here (analysis.json, report.html)")
        by_fact: dict[str, list[dict]] = {}
        for item in sorted(doubted.get(article_id, []), key=lambda m: -m["probability"]):
            by_fact.setdefault(item["fact_id"], []).append(item)
        shown = [(f, near) for f, near in by_fact.items() if near[0]["probability"] >= MAYBE_SHOWN][:EXCLUSIVES_SHOWN]
        for fact_id, near in shown:
            also = "".join(f", {label[m['article_id']]}" for m in near[1:])
            lines.append(f"  - not only here, {fact_id}: {label[near[0]['article_id']]}{also} may state it in other "
                         f"words ({near[0]['probability']:.0%} likely): {md(_cut(near[0]['text'], 150))}")
        if len(by_fact) > len(shown):
            lines.append(f"  - …and {len(by_fact) - len(shown)} more fact(s) of it not counted as only here: another "
                         "outlet's sentence comes near (analysis.json, report.html)")
    lines += ["", "### Timeline", ""]
    for entry in story["timeline"]:
        lines.append(f"- **{entry['date']}** ({entry['precision']}, {entry['relation']}) "
                     f"{md(_cut(entry['text'], 160))} "
                     f"{cite(entry['support'])}")
    if not story["timeline"]:
        lines.append("No dated events found in the text.")
    lines += ["", "Reported:", ""]
    for row in story["coverage"]:
        reprint = " (reprint)" if row["reprint_of"] else ""
        lines.append(f"- {(row['published'] or 'undated')[:16]} {label[row['article_id']]} "
                     f"{outlet(row['article_id'])}{reprint}")
    lines += ["", "### Entities", ""]
    for entity in story["entities"][:ENTITY_LIMIT]:
        aliases = f" (also {md(', '.join(entity['aliases']))})" if entity["aliases"] else ""
        lines.append(f"- **{md(entity['name'])}** {entity['type']}{aliases}")
        for description in entity["descriptions"][:6]:
            lines.append(f"  - {label.get(description['article_id'], '?')}: {md(description['text'])}")
    lines += ["", "### Framing by outlet", ""]
    for frame in story["framing"]:
        cited = ", ".join(f"{md(name)} ×{n}" for name, n in frame["sources_cited"]) or "none"
        verbs = ", ".join(f"{md(v)} ×{n}" for v, n in frame["speech_verbs"]) or "none"
        hedges = ", ".join(f"{md(w)} ×{n}" for w, n in frame["hedges"]) or "none"
        quotes = frame["quotes"]
        lines.append(f"- {label[frame['article_id']]} {outlet(frame['article_id'])}: cites {cited}; speech verbs "
                     f"{verbs}; hedges {hedges}; quotes {quotes['direct']} direct, {quotes['indirect']} indirect")
        for name, texts in frame["descriptions"].items():
            lines.append(f"  - calls {md(name)}: {md('; '.join(texts))}")
    lines += ["", "### Articles", ""]
    for article_id in story["article_ids"]:
        article = articles.get(article_id, {})
        lines.append(f"- **{label[article_id]}** {outlet(article_id)}, {(article.get('published') or 'undated')[:16]}: "
                     f"{md(article.get('title') or '(untitled)')} — `{_code(article.get('source'))}` "
                     f"(id {article_id[:12]})")
    lines.append("")
    return lines


def _wording(kind: str, chain: str, words: str) -> str:
    """A quote variant's kind, attribution chain and words (Markdown): reported speech is the outlet's wording, so it
    is not put in quote marks."""
    if kind == "indirect":
        return f"(reported speech, {md(chain)}): {words}"
    return f"({kind} quote, {md(chain)}): “{words}”"


def _bold_unique(text: str, unique: list[str]) -> str:
    """The text with the words no other variant uses in bold."""
    text = " ".join(text.split())
    if not unique:
        return _escape(text)
    words = "|".join(re.escape(w) for w in sorted(unique, key=len, reverse=True))
    pattern = re.compile(r"(?<!\w)(" + words + r")(?!\w)")
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [_escape(text[last:match.start()]), f"**{_escape(match.group(0))}**"]
        last = match.end()
    pieces.append(_escape(text[last:]))
    return "".join(pieces)


def counted(n: int, one: str, many: str | None = None) -> str:
    """'1 story', '3 stories'."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def _code(value: object) -> str:
    """A value shown in a code span: no backticks or line breaks can break out of it."""
    return " ".join(str(value or "").replace("`", "'").split())


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
