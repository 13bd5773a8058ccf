"""HTML pages: Jinja2 templates shared by the web app and the single-file ``report.html``.

Article text, titles, outlets and URLs are untrusted: templates autoescape everything, markup made
here goes through ``escape()`` before it is wrapped in ``Markup``, and links are only ever http(s)
or in-page. ``report.html`` inlines its stylesheet and script, so it works offline from one file.
"""

from __future__ import annotations

import bisect
import itertools
import re
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from rashomon import __version__
from rashomon.compare.records import outlet_of, source_label

ENTITY_LIMIT = 40
GRID_ROWS = 80
CELL_TITLES = {"first": "reported first", "reported": "reported", "reprint": "in a reprint", "omitted": "left out",
               "maybe": "may state it in other words"}
UNFOLDED_STORIES = 3  # a report of more stories opens on its index, each story folded until it is opened


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("rashomon", "report/templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(marked=marked, safe_url=safe_url, short_date=short_date, quote_words=quote_words,
                       path_part=lambda value: quote(str(value), safe=""), outlet_of=outlet_of, lead=lead,
                       source_label=source_label, tally=tally, share_bar=share_bar)
    env.globals.update(version=__version__, body=article_body, by_id=lambda items: {a["id"]: a for a in items},
                       cite_target=cite_target, cite_last=cite_last,
                       timeline_svg=timeline_svg, static_text=static_text, GRID_ROWS=GRID_ROWS, shade=shade,
                       UNFOLDED_STORIES=UNFOLDED_STORIES,
                       CELL_TITLES=CELL_TITLES,
                       ENTITY_LIMIT=ENTITY_LIMIT)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def report_html(pages: list[dict[str, Any]], title: str = "Rashomon report") -> str:
    """The single-file report: every story page one after another, styles and script inlined. The templates'
    indentation between two tags goes (a browser shows a line break there as it shows the indented one)."""
    return BETWEEN_TAGS.sub(">\n<", render("report.html", pages=pages, title=title, standalone=True))


# Whitespace from one tag to the next with a line break in it. Text and attribute values are escaped, so a ">"
# followed by such a run and a "<" is always markup; the inlined style sheet and script have none.
BETWEEN_TAGS = re.compile(r">[ \t]*\n\s*<")


@lru_cache(maxsize=4)
def static_text(name: str) -> str:
    return (resources.files("rashomon") / "report" / "static" / name).read_text(encoding="utf-8")


# --- filters and helpers ----------------------------------------------------------------------


def marked(snippet: str | None) -> Markup:
    """A search snippet with its matches (between \\x02 and \\x03) in <mark>, everything else escaped."""
    text = str(escape(snippet or ""))
    return Markup(text.replace("\x02", "<mark>").replace("\x03", "</mark>"))


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s); None for anything else (javascript:, data:, relative paths…)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def lead(text: str | None, words: int = 45) -> str:
    """An article's lead as a reader sees it first: its first paragraph, cut at ``words`` words."""
    first = next((p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()), "")
    cut = first.split()
    return " ".join(cut[:words]) + ("…" if len(cut) > words else "")


def tally(rows: list[dict[str, Any]], field: str) -> list[tuple[str, int]]:
    """How many of the story's outlets have each value of a profile field ("unknown" when not known), most first."""
    seen: dict[str, str] = {}
    for row in rows:
        profile = row.get("outlet_profile") or {}
        seen[row["outlet"]] = profile.get(field) or "unknown"
    counts: dict[str, int] = {}
    for value in seen.values():
        counts[value] = counts.get(value, 0) + 1
    return sorted(counts.items(), key=lambda item: (item[0] == "unknown", -item[1], item[0]))


# The colour of each ownership type in the coverage bar (the chips under the bar name them, so colour is never the
# only key); other fields (countries) take the palette in turn, and "unknown" is always the grey of no data.
OWNERSHIP_SHADES = {"state-owned": "s-vermillion", "public-service": "s-blue", "private": "s-green",
                    "non-profit": "s-purple", "cooperative": "s-sky"}
SHADES = ("s-blue", "s-orange", "s-green", "s-purple", "s-sky", "s-vermillion", "s-yellow")


def share_bar(counts: list[tuple[str, int]], field: str, label: str) -> Markup:
    """A coverage bar: one line cut in proportion to ``counts`` (value, outlets), as an SVG whose parts are classes
    (the pages' security policy allows no inline style), with its values named in its accessible label."""
    total = sum(n for _, n in counts) or 1
    spoken = f"{label}: " + ", ".join(f"{value} {n}" for value, n in counts)
    parts, x = [], 0.0
    for n, (value, count) in enumerate(counts):
        width = 100 * count / total
        parts.append(f'<rect x="{x:.2f}" y="0" width="{width:.2f}" height="10" class="{shade(value, n, field)}">'
                     f"<title>{escape(value)}: {count}</title></rect>")
        x += width
    return Markup(f'<svg class="share-bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
                  f'aria-label="{escape(spoken)}">{"".join(parts)}</svg>')


def shade(value: str, index: int, field: str) -> str:
    """The colour class of one value of the coverage bar (the same one its chip shows)."""
    if value == "unknown":
        return "s-unknown"
    if field == "ownership":
        return OWNERSHIP_SHADES.get(value, "s-yellow")
    return SHADES[index % len(SHADES)]


def short_date(value: str | None) -> str:
    """'2026-10-06T07:05:00+02:00' → '6 Oct 2026, 07:05'; a bare date → '6 Oct 2026'."""
    if not value:
        return "undated"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    day = f"{moment.day} {moment:%b %Y}"
    return f"{day}, {moment:%H:%M}" if "T" in value else day


def quote_words(text: str, unique: list[str]) -> Markup:
    """A quote variant with the words no other variant uses in <mark>."""
    wanted = {w.casefold() for w in unique}
    if not wanted:
        return Markup(escape(text))
    parts = re.split(r"(\w[\w'’-]*)", text)
    out = []
    for part in parts:
        piece = str(escape(part))
        out.append(f"<mark class=\"diff\">{piece}</mark>" if part.casefold() in wanted else piece)
    return Markup("".join(out))


def article_body(article: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The article as paragraphs of sentences; each sentence its ``html``: its text with the annotation marks
    (quote, speaker, entity, date) as nested elements. Without an annotation: paragraphs of text."""
    text: str = article["text"]
    annotation = article.get("annotations")
    if not annotation or not annotation.get("sentences"):
        return [[{"index": None, "start": 0, "end": len(p), "html": escape(p)}]
                for p in re.split(r"\n\s*\n", text) if p.strip()]
    spans = _mark_spans(annotation)
    paragraphs: dict[int, list[dict[str, Any]]] = {}
    for index, sentence in enumerate(annotation["sentences"]):
        start, end = sentence["start"], sentence["end"]
        paragraphs.setdefault(sentence["paragraph"], []).append(
            {"index": index, "start": start, "end": end, "html": marked_sentence(text, start, end, spans)})
    return [paragraphs[k] for k in sorted(paragraphs)]


def _mark_spans(annotation: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    spans = []
    for q in annotation.get("quotes", []):
        who = q.get("speaker_resolved") or (f"{q['speaker']} (not resolved to a name)" if q.get("speaker")
                                            else "unknown speaker")
        spans.append((q["start"], q["end"], "quote", f"{q['kind']} quote — {who}"))
        if q.get("speaker_start") is not None and q.get("speaker_end") is not None:
            spans.append((q["speaker_start"], q["speaker_end"], "speaker", f"speaker: {who}"))
    for m in annotation.get("mentions", []):
        spans.append((m["start"], m["end"], "entity", m["label"]))
    for t in annotation.get("times", []):
        spans.append((t["start"], t["end"], "date", f"date: {t.get('value') or t['text']}"))
    return [s for s in spans if s[0] < s[1]]


def marked_sentence(text: str, start: int, end: int, spans: list[tuple[int, int, str, str]]) -> Markup:
    """The sentence ``text[start:end]`` with its marks as nested <span>s: a mark inside another (a name in a quote)
    opens inside it, so a quote is one element and not one per piece between the names in it (that repetition
    was a third of a large report.html); a mark that crosses another's end is closed there and opened again.
    Marks of one range are one element with both classes (a speaker who is a named person). Each element's
    title names every mark covering it, so each character's tooltip reads as when every piece had its own."""
    groups: dict[tuple[int, int], list[int]] = {}
    for n, (left, right, _, _) in enumerate(spans):
        if left < end and right > start:
            groups.setdefault((max(start, left), min(end, right)), []).append(n)
    marks = sorted(groups.items(), key=lambda item: (item[0][0], -item[0][1], item[1][0]))  # outer ones first
    cuts = sorted({start, end, *(edge for (left, right), _ in marks for edge in (left, right))})
    out: list[str] = []
    opened: list[tuple[tuple[int, int], list[int]]] = []
    for left, right in itertools.pairwise(cuts):
        covering = [m for m in marks if m[0][0] <= left and m[0][1] >= right]
        kept = 0
        while kept < min(len(opened), len(covering)) and opened[kept] is covering[kept]:
            kept += 1
        out.append("</span>" * (len(opened) - kept))
        opened = opened[:kept]
        for mark in covering[kept:]:
            opened.append(mark)
            indexes = sorted(n for _, members in opened for n in members)
            kinds = " ".join(f"m-{kind}" for kind in sorted({spans[n][2] for n in mark[1]}))
            title = "; ".join(dict.fromkeys(spans[n][3] for n in indexes))
            out.append(f'<span class="{kinds}" title="{escape(title)}">')
        out.append(str(escape(text[left:right])))
    out.append("</span>" * len(opened))
    return Markup("".join(out))


def cite_target(article: dict[str, Any] | None, start: int) -> str:
    """The id of the sentence holding character ``start`` of the article (the citation's anchor)."""
    if article is None:
        return ""
    index = _sentence_at(article, start)
    return f"art-{article['id']}" if index is None else f"s-{article['id']}-{index}"


def cite_last(article: dict[str, Any] | None, start: int, end: int) -> int | None:
    """The index of the last sentence a citation of ``start``–``end`` covers, when it runs past its first
    (the page highlights the sentences from its anchor to this one; a citation in one sentence needs none)."""
    first = _sentence_at(article, start) if article is not None else None
    last = _sentence_at(article, max(start, end - 1)) if article is not None else None
    return last if first is not None and last is not None and last > first else None


def _sentence_at(article: dict[str, Any], offset: int) -> int | None:
    sentences = (article.get("annotations") or {}).get("sentences") or []
    if not sentences:
        return None
    return max(0, bisect.bisect_right([s["start"] for s in sentences], offset) - 1)


def _day(value: str | None) -> date | None:
    """The day a timeline or publication date stands for (a month or a year: its first day)."""
    text = (value or "")[:10]
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        if len(text) == 7:
            return date(int(text[:4]), int(text[5:7]), 1)
        if len(text) == 4:
            return date(int(text), 1, 1)
    except ValueError:
        return None
    return None


def timeline_svg(analysis: dict[str, Any]) -> Markup:
    """The timeline as an SVG chart: what happened (dated events, past and future) on one lane and
    when each outlet published on the other, along one axis of the distinct days involved."""
    events = [(d, e) for e in analysis.get("timeline", []) if (d := _day(e["date"])) is not None]
    published = [(d, c) for c in analysis.get("coverage", []) if (d := _day(c["published"])) is not None]
    days = sorted({d for d, _ in events} | {d for d, _ in published})
    if not days:
        return Markup("")
    labels = {d: d.isoformat() for d in days}
    for d, entry in events:  # "1968" rather than 1968-01-01 when that is all the article says
        if len(entry["date"]) < len(labels[d]):
            labels[d] = entry["date"]
    width, left, right = 760, 80, 40
    step = (width - left - right) / max(1, len(days) - 1)
    x = {d: left + (i * step if len(days) > 1 else (width - left - right) / 2) for i, d in enumerate(days)}
    per_row = max(1, min(6, int(step // 14))) if len(days) > 1 else 12
    sid = int(analysis.get("id", 0))
    parts = [f'<svg class="timeline-chart" viewBox="0 0 {width} 180" role="img" aria-labelledby="tl-title-{sid}" '
             f'xmlns="http://www.w3.org/2000/svg"><title id="tl-title-{sid}">Timeline: the events the articles date, '
             f'and when each outlet published</title>',
             '<text x="4" y="55" class="lane">events</text><text x="4" y="119" class="lane">reports</text>',
             f'<line x1="{left - 20}" y1="152" x2="{width - right + 20}" y2="152" class="axis"/>']
    for d in days:
        parts.append(f'<line x1="{x[d]:.1f}" y1="14" x2="{x[d]:.1f}" y2="152" class="tick"/>'
                     f'<text x="{x[d]:.1f}" y="170" class="day">{escape(labels[d])}</text>')
    for lane, items, base, direction in (("event", events, 58, -1), ("report", published, 108, 1)):
        by_day: dict[date, list[dict[str, Any]]] = {}
        for d, item in items:
            by_day.setdefault(d, []).append(item)
        for d, group in by_day.items():
            cols = min(len(group), per_row)
            for n, item in enumerate(group[:per_row * 3]):
                cx = x[d] + (n % cols - (cols - 1) / 2) * 14
                cy = base + direction * (n // cols) * 14
                parts.append(_marker(lane, item, cx, cy))
            if len(group) > per_row * 3:
                parts.append(f'<text x="{x[d] + cols * 7 + 4:.1f}" y="{base + 4}" class="more">'
                             f'+{len(group) - per_row * 3}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _marker(lane: str, item: dict[str, Any], cx: float, cy: float) -> str:
    if lane == "event":
        shape = "future" if item.get("relation") == "future" else item.get("status", "single-source")
        tip = f"{item['date']}: {item['text']}"
        return (f'<g class="ev {escape(shape)}" tabindex="0"><title>{escape(tip)}</title>'
                f'<rect x="{cx - 6:.1f}" y="{cy - 6:.1f}" width="12" height="12" rx="2"/></g>')
    kind = "reprint" if item.get("reprint_of") else "original"
    tip = f"{item['published']}: {item['outlet']} — {item.get('title') or ''}"
    tip += " (reprint)" if kind == "reprint" else ""
    return (f'<g class="rep {kind}" tabindex="0"><title>{escape(tip)}</title>'
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="6"/></g>')
