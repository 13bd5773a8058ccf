"""Developments: what is new about a story, found by comparing its compared state before and after a poll.

A story's state is the part of its comparison a reader follows: its outlets, its facts (each known by the
sentences that support it, so a fact keeps its identity when a new source joins it), its contradictions
and its quotes with each outlet's attribution. Each development has a key made of what it is about
(story, fact's first sentence, conflict sides, outlet …), so finding it again records nothing new."""

from __future__ import annotations

from typing import Any

from rashomon.models import Article
from rashomon.watch.versions import sentence_span
from rashomon.watch_records import Development

Span = tuple[str, int, int]
# A fact counts as corroborated from this many independent sources on (as the comparison's own status).
CORROBORATED = 2
# A summary quotes at most this many characters of a sentence.
QUOTED_CHARS = 160


def story_state(summary: dict[str, Any], analysis: dict[str, Any]) -> dict[str, Any]:
    """The part of a story's comparison that developments are found in (stored between polls)."""
    outlet_of = {row["article_id"]: row["outlet"] for row in analysis.get("coverage", [])}
    return {
        "title": summary.get("title"),
        "articles": list(summary.get("article_ids", [])),
        "outlets": sorted(set(outlet_of.values()) or set(summary.get("outlets", []))),
        "article_outlets": outlet_of,
        "storyline_id": summary.get("storyline_id"),
        "entities": list(summary.get("key_entities", [])),
        "facts": [{"spans": [_span(s) for s in fact.get("support", [])], "status": fact.get("status"),
                   "independent": fact.get("independent_sources", 0), "text": fact.get("text"),
                   "outlets": fact.get("outlets", []), "support": [_cite(s) for s in fact.get("support", [])]}
                  for fact in analysis.get("facts", [])],
        "conflicts": [{"key": _conflict_key(c), "kind": c.get("kind"), "description": c.get("description"),
                       "values": sorted({str(s.get("value")) for s in c.get("sides", [])}),
                       "sides": [_cite(s) for s in c.get("sides", [])],
                       "outlets": sorted({s.get("outlet") or "" for s in c.get("sides", [])} - {""})}
                      for c in analysis.get("conflicts", [])],
        "quotes": [{"speaker": q.get("speaker"),
                    "variants": [{**_cite(v), "outlet": v.get("outlet"), "attribution": v.get("attribution"),
                                  "speaker_as_written": v.get("speaker_as_written")} for v in q.get("variants", [])]}
                   for q in analysis.get("quotes", [])],
    }


def story_developments(story_id: int, old: dict[str, Any] | None, new: dict[str, Any], added: set[str],
                       earlier_in_storyline: list[int]) -> list[Development]:
    """The developments between a story's stored state ``old`` (None: never seen) and ``new``. ``added`` are
    the story's articles this round added or revised; ``earlier_in_storyline`` the other stories of its
    storyline."""
    context = {"story_id": story_id, "entities": tuple(new.get("entities", [])[:8])}
    title = new.get("title") or f"story {story_id}"
    if old is None:
        if not set(new["articles"]) <= added:
            # a story that existed before it was watched: its present state is the baseline, and only the outlets
            # of this round's articles that no earlier article of it had are new
            earlier = {o for a, o in new["article_outlets"].items() if a not in added}
            old = {**new, "outlets": sorted(earlier), "facts": [], "conflicts": [], "quotes": []}
            return _new_outlets(context, title, old, new, added)
        found = [_development(context, f"story:{story_id}:{min(new['articles'])}", "new_story",
                              f"New story: {title} ({_counted(len(new['outlets']), 'outlet')})",
                              new["articles"], new["outlets"], _story_citations(new))]
        if earlier_in_storyline:
            found.append(_development(
                context, f"followup:{story_id}:{min(new['articles'])}", "storyline_followup",
                f"Follow-up to story {min(earlier_in_storyline)}: {title}", new["articles"], new["outlets"],
                _story_citations(new), follows=sorted(earlier_in_storyline)))
        return found
    found = _new_outlets(context, title, old, new, added)
    found += _fact_changes(context, old, new)
    for conflict in new.get("conflicts", []):
        if not any(_same_conflict(conflict, earlier) for earlier in old.get("conflicts", [])):
            found.append(_development(
                context, f"conflict:{story_id}:{conflict['key']}", "new_contradiction",
                f"New contradiction ({conflict['kind']}): {conflict['description']}",
                _articles(conflict["sides"]), conflict["outlets"], conflict["sides"], conflict_kind=conflict["kind"]))
    found += _quote_changes(context, old, new)
    return found


def edit_developments(article: Article, outlet: str, story_id: int | None, version: int, diff: dict[str, Any],
                      claimed: bool, entities: tuple[str, ...] = ()) -> list[Development]:
    """The developments of one edit: the edit itself (a stealth edit when the page did not say it was updated),
    and each changed number or quotation on its own, citing the changed sentence of the new version."""
    context = {"story_id": story_id, "entities": entities}
    what = [name for name in ("title", "author", "published") if name in diff["fields"]]
    if diff["change_count"]:
        what.append(f"{_counted(diff['change_count'], 'passage')} of the text")
    stealth = not claimed
    label = "Stealth edit" if stealth else "Updated"
    citations = [_change_citation(article, outlet, change) for change in diff["changes"][:5]]
    headline = article.title or article.id
    found = [_development(context, f"edit:{article.id}:v{version}", "article_edited",
                          f"{label}: {outlet} changed {', '.join(what) or 'the article'} of “{headline}”",
                          [article.id], [outlet], citations, version=version, stealth=stealth, diff=diff)]
    for n, change in enumerate(diff["changes"]):
        for kind, flag, noun in (("number_changed", "number", "a number"), ("quote_changed", "quote", "a quote")):
            if change[flag]:
                found.append(_development(
                    context, f"{flag}:{article.id}:v{version}:{n}", kind,
                    f"{outlet} changed {noun}{' without saying so' if stealth else ''}: "
                    f"“{_short(change['removed'])}” → “{_short(change['added'])}”",
                    [article.id], [outlet], [_change_citation(article, outlet, change)], version=version,
                    stealth=stealth, change=change))
    return found


def _new_outlets(context: dict[str, Any], title: str, old: dict[str, Any], new: dict[str, Any],
                 added: set[str]) -> list[Development]:
    found = []
    for outlet in sorted(set(new["outlets"]) - set(old["outlets"])):
        articles = sorted(a for a, o in new["article_outlets"].items() if o == outlet)
        citations = [s for f in new["facts"] for s in f["support"] if s["article_id"] in articles][:3]
        found.append(_development(context, f"outlet:{context['story_id']}:{outlet}", "new_outlet",
                                  f"{outlet} now reports: {title}", articles, [outlet], citations))
    return found


def _fact_changes(context: dict[str, Any], old: dict[str, Any], new: dict[str, Any]) -> list[Development]:
    """Facts that reached two independent sources, or became contested, in this round."""
    old_by_span: dict[Span, dict[str, Any]] = {}
    for fact in old.get("facts", []):
        for span in fact["spans"]:
            old_by_span[_span3(span)] = fact
    old_articles = set(old.get("articles", []))
    found = []
    for fact in new.get("facts", []):
        spans = [_span3(s) for s in fact["spans"]]
        before = [old_by_span[s] for s in spans if s in old_by_span]
        if not before and not any(s[0] in old_articles for s in spans):
            continue  # a fact only this round's articles state: part of what their "new outlet" reports
        anchor = ":".join(map(str, min(spans)))
        text = _short(fact["text"] or "")
        if fact["independent"] >= CORROBORATED and all(f["independent"] < CORROBORATED for f in before):
            found.append(_development(
                context, f"corroborated:{context['story_id']}:{anchor}", "fact_corroborated",
                f"Now corroborated by {fact['independent']} independent sources: “{text}”",
                _articles(fact["support"]), fact["outlets"], fact["support"]))
        if fact["status"] == "contested" and not any(f["status"] == "contested" for f in before):
            found.append(_development(
                context, f"contested:{context['story_id']}:{anchor}", "fact_contested",
                f"Now contested: “{text}”", _articles(fact["support"]), fact["outlets"], fact["support"]))
    return found


def _quote_changes(context: dict[str, Any], old: dict[str, Any], new: dict[str, Any]) -> list[Development]:
    """A new version of a quote whose attribution (directly, via an agency) or named speaker is not one the
    earlier versions gave."""
    old_by_span: dict[Span, dict[str, Any]] = {}
    for group in old.get("quotes", []):
        for variant in group["variants"]:
            old_by_span[_span(variant)] = group
    found = []
    for group in new.get("quotes", []):
        spans = [_span(v) for v in group["variants"]]
        earlier = next((old_by_span[s] for s in spans if s in old_by_span), None)
        if earlier is None:
            continue
        attributions = {v["attribution"] for v in earlier["variants"]}
        speakers = {(v.get("speaker_as_written") or "").casefold() for v in earlier["variants"]} - {""}
        for variant, span in zip(group["variants"], spans, strict=True):
            if span in old_by_span:
                continue
            written = (variant.get("speaker_as_written") or "").casefold()
            other_speaker = bool(written and speakers and not any(written in s or s in written for s in speakers))
            if variant["attribution"] in attributions and not other_speaker:
                continue
            given = variant.get("speaker_as_written") if other_speaker else variant["attribution"]
            shown = ", ".join(sorted(attributions)) if not other_speaker else ", ".join(sorted(speakers))
            found.append(_development(
                context, f"quote:{context['story_id']}:{':'.join(map(str, span))}", "quote_attribution",
                f"{variant['outlet']} attributes a quote of {group.get('speaker') or 'an unnamed speaker'} "
                f"{'to ' if other_speaker else ''}{given} (earlier: {shown}): “{_short(variant['text'])}”",
                [variant["article_id"]], [variant["outlet"]],
                [_cite(v) for v in [variant, *earlier["variants"][:2]]]))
    return found


def _development(context: dict[str, Any], key: str, kind: str, summary: str, articles: list[str],
                 outlets: list[str], citations: list[dict[str, Any]], **details: Any) -> Development:
    return Development(key=key, kind=kind, summary=summary, story_id=context["story_id"],
                       article_ids=tuple(dict.fromkeys(articles)), outlets=tuple(dict.fromkeys(outlets)),
                       entities=context["entities"], details={"citations": citations, **details})


def _story_citations(state: dict[str, Any]) -> list[dict[str, Any]]:
    """A new story's best-supported facts, one sentence each."""
    facts = sorted(state["facts"], key=lambda f: -f["independent"])
    return [f["support"][0] for f in facts[:3] if f["support"]]


def _change_citation(article: Article, outlet: str, change: dict[str, Any]) -> dict[str, Any]:
    start, end = sentence_span(article.text, change["start"], change["end"])
    return {"article_id": article.id, "start": start, "end": end, "text": article.text[start:end], "outlet": outlet,
            "cited_for": f"changed: “{_short(change['removed'])}” → “{_short(change['added'])}”"}


def _span(item: dict[str, Any]) -> Span:
    return (str(item.get("article_id")), int(item.get("start", 0)), int(item.get("end", 0)))


def _span3(span: list[Any] | tuple[Any, ...]) -> Span:
    return (str(span[0]), int(span[1]), int(span[2]))


def _cite(item: dict[str, Any]) -> dict[str, Any]:
    return {"article_id": item.get("article_id"), "start": item.get("start"), "end": item.get("end"),
            "text": item.get("text"), "outlet": item.get("outlet")}


def _conflict_key(conflict: dict[str, Any]) -> str:
    """A contradiction is known by its kind and the values its sides give (a new outlet that repeats one side's
    value does not make it a new contradiction)."""
    values = sorted({str(s.get("value")) for s in conflict.get("sides", [])})
    return f"{conflict.get('kind')}|{'|'.join(values)}"


def _same_conflict(new: dict[str, Any], old: dict[str, Any]) -> bool:
    """The same contradiction as before: the same kind and values, or the same kind and a side in common."""
    if new["kind"] != old["kind"]:
        return False
    if new["key"] == old["key"]:
        return True
    old_spans = {_span(s) for s in old["sides"]}
    return any(_span(s) in old_spans for s in new["sides"])


def _articles(spans: list[dict[str, Any]]) -> list[str]:
    return [str(s["article_id"]) for s in spans]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTED_CHARS else text[: QUOTED_CHARS - 1] + "…"


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
