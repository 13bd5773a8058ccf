"""Terminal rendering of annotations: the article text with quotes, speakers, cues, entities and dates marked."""

from __future__ import annotations

from typing import Any

from rich.console import Console, ConsoleDimensions
from rich.table import Table
from rich.text import Text

# Through a pipe or into a file a line is as long as what it says: a path, an id or a title is never wrapped or cut
# (tables are then as wide as their cells; nothing the CLI prints reaches this many characters on one line).
PIPE_WIDTH = 1_000_000


class Output(Console):
    """The CLI's console. On a terminal it uses the terminal's whole width as it is when printing (the window, or
    COLUMNS); through a pipe or into a file it wraps nothing and cuts nothing, whatever COLUMNS says."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if kwargs.get("width") is None:
            self._width = None  # rich reads COLUMNS once, when the console is made (at import); read it per print

    @property
    def size(self) -> ConsoleDimensions:
        size = Console.size.fget(self)  # type: ignore[attr-defined]
        return size if self.is_terminal else ConsoleDimensions(PIPE_WIDTH, size.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]


# Styles chosen to stay readable for colour-blind readers: quotes and speakers differ by more than hue.
STYLES = {
    "quote": "green",
    "speaker": "bold underline",
    "cue": "italic",
    "PERSON": "cyan",
    "ORG": "blue",
    "PLACE": "magenta",
    "time": "yellow",
    "number": "bright_black",
}
LEGEND = (("quote", "quote"), ("speaker", "speaker"), ("cue", "cue"), ("PERSON", "person"), ("ORG", "organisation"),
          ("PLACE", "place"), ("time", "date/time"))


# Through a pipe (no colour), spans are marked in the text itself.
MARKERS = {"quote": ("«", "»"), "speaker": ("[", "]"), "cue": ("{", "}"), "time": ("<", ">"),
           "PERSON": ("", "⁽ᵖ⁾"), "ORG": ("", "⁽ᵒ⁾"), "PLACE": ("", "⁽ˡ⁾")}
MARKER_LEGEND = "Marks: «quote» [speaker] {cue} <date/time>, names: person⁽ᵖ⁾ organisation⁽ᵒ⁾ place⁽ˡ⁾"


def annotated_text(text: str, annotation: dict[str, Any], plain: bool = False) -> Text:
    """``text`` with the annotation's spans styled (later layers win: entities < dates < quotes < speakers);
    ``plain`` (output to a pipe or a file, where colour is dropped): the spans are marked with characters."""
    if plain:
        return Text(MARKER_LEGEND + "\n\n" + marked_text(text, annotation))
    rich_text = Text(text)
    for mention in annotation["mentions"]:
        if mention["label"] in STYLES:
            rich_text.stylize(STYLES[mention["label"]], mention["start"], mention["end"])
    for time in annotation["times"]:
        rich_text.stylize(STYLES["time"], time["start"], time["end"])
    for quote in annotation["quotes"]:
        rich_text.stylize(STYLES["quote"], quote["start"], quote["end"])
        if quote["cue_start"] is not None:
            rich_text.stylize(STYLES["cue"], quote["cue_start"], quote["cue_end"])
        if quote["speaker_start"] is not None:
            rich_text.stylize(STYLES["speaker"], quote["speaker_start"], quote["speaker_end"])
    legend = Text("Legend: ")
    for key, label in LEGEND:
        legend.append(label, style=STYLES[key])
        legend.append("  ")
    return Text("\n").join([legend, Text(""), rich_text])


def marked_text(text: str, annotation: dict[str, Any]) -> str:
    """``text`` with each annotated span between the characters of ``MARKERS``."""
    spans: list[tuple[int, int, str]] = [(m["start"], m["end"], m["label"]) for m in annotation["mentions"]
                                         if m["label"] in MARKERS]
    spans += [(t["start"], t["end"], "time") for t in annotation["times"]]
    for quote in annotation["quotes"]:
        spans.append((quote["start"], quote["end"], "quote"))
        for kind in ("cue", "speaker"):
            if quote[f"{kind}_start"] is not None:
                spans.append((quote[f"{kind}_start"], quote[f"{kind}_end"], kind))
    inserts: list[tuple[int, int, str]] = []  # (offset, order, characters): closers before openers at one offset
    for start, end, kind in sorted(set(spans)):  # two quotes of one sentence may share their speaker and cue
        opener, closer = MARKERS[kind]
        if opener:
            inserts.append((start, 1, opener))
        inserts.append((end, 0, closer))
    pieces, at = [], 0
    for offset, _, characters in sorted(inserts, key=lambda item: (item[0], item[1])):
        pieces.append(text[at:offset])
        pieces.append(characters)
        at = offset
    pieces.append(text[at:])
    return "".join(pieces)


def quotes_table(quotes: list[dict[str, Any]]) -> Table:
    """Quotes as a table: kind, who (as written and resolved), cue, via, and the words; as wide as its cells,
    so at most the terminal's width (a quote's words wrap in their column)."""
    table = Table(header_style="bold", show_lines=False)
    table.add_column("kind", no_wrap=True)
    table.add_column("speaker", ratio=1)
    table.add_column("cue", no_wrap=True)
    table.add_column("via", ratio=1)
    table.add_column("content", ratio=3)
    for quote in quotes:
        speaker = quote["speaker"] or "—"
        if quote["speaker_resolved"] and quote["speaker_resolved"] != quote["speaker"]:
            speaker += f" → {quote['speaker_resolved']}"
        elif quote["speaker"] and not quote["speaker_resolved"]:
            speaker += " (not resolved)"  # "They", "the congressman": words that name nobody the article names
        table.add_row(quote["kind"], Text(speaker), Text(quote["cue"] or "—"),
                      Text(", ".join(quote["attribution"]) or "—"), Text(quote["content"]))
    return table
