"""The ``rashomon`` command: thin adapters over the library."""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape as markup_escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from rashomon import demo as demo_module
from rashomon.cluster import ClusterReport, cluster, regroup
from rashomon.compare.records import outlet_label, outlet_of
from rashomon.engine import open_executor
from rashomon.errors import RashomonError, SettingsError, StoreError, where
from rashomon.extract import printable
from rashomon.extract.outlets import use_outlets_file
from rashomon.ingest import IngestReport, ingest
from rashomon.ingest.sources import is_url
from rashomon.models import Correction, parse_published
from rashomon.nlp import AnnotateReport, annotate
from rashomon.pipeline import NoSuchStory, PipelineResult, run_pipeline
from rashomon.render import Output, annotated_text, quotes_table
from rashomon.report import write_analysis
from rashomon.settings import Settings, load_settings
from rashomon.store import Store
from rashomon.store import is_url as names_a_server
from rashomon.views import (
    annotated_article_view,
    article_view,
    articles_view,
    errors_view,
    quotes_view,
    stories_view,
    story_view,
    to_json,
)

app = typer.Typer(help="Rashomon: one story, every source. Cross-source news analysis.",
                  no_args_is_help=True, add_completion=False, rich_markup_mode="rich")
out = Output()  # the terminal's width on a terminal; through a pipe nothing is wrapped or cut
err = Output(stderr=True)
DEFAULT_DB = "rashomon.db"


class State:
    db: str = DEFAULT_DB
    config: str | None = None

    @classmethod
    def settings(cls, **overrides: Any) -> Settings:
        settings = load_settings(cls.config, **overrides)
        use_outlets_file(settings.outlets_file)
        return settings

    @classmethod
    def existing(cls) -> Store:
        """The database for a command that only reads: it must exist (a typo must not create an empty one)."""
        cls.settings()  # a missing or broken --config is an error for every command
        if cls.db != ":memory:" and not names_a_server(cls.db) and not Path(cls.db).exists():
            raise StoreError(f"no database at {cls.db} (give --db FILE, or create one with rashomon ingest or "
                             "rashomon analyze)")
        return Store(cls.db)


@app.callback()
def main_options(
    db: Annotated[str | None, typer.Option(
        help="SQLite database file, or a PostgreSQL database shared by many processes: "
             "postgresql://user:password@host:port/dbname. Default: the settings file's db, else rashomon.db.",
        envvar="RASHOMON_DB", show_default=False)] = None,
    config: Annotated[str | None, typer.Option(help="Settings TOML file (see docs/settings.md).")] = None,
) -> None:
    """Rashomon reads news articles from files, folders, feeds, web archives and URLs."""
    State.db, State.config = db or _settings_db(config), config


def _settings_db(config: str | None) -> str:
    """The settings file's ``db``, else DEFAULT_DB (a broken settings file is reported by the command, which
    reads the settings again)."""
    try:
        return load_settings(config).db or DEFAULT_DB
    except SettingsError:
        return DEFAULT_DB


def _progress() -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), TextColumn("{task.fields[name]}", style="dim"),
                    console=err, transient=True, disable=not err.is_terminal)


def run_ingest(inputs: list[str], store: Store, settings: Settings,
               correction: Correction | None = None) -> IngestReport:
    """Ingest with a progress bar; print every failure and the summary to stderr."""
    with _progress() as bar:
        task = bar.add_task("Ingesting", total=None, name="")

        def advance(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, name=name[-60:])

        report = ingest(inputs, store, settings, progress=advance, correction=correction)
    _print_ingested(report, store)
    return report


def _print_ingested(report: IngestReport, store: Store) -> None:
    """Every failure and the summary of an ingest run, to stderr."""
    for failure in report.failures:
        err.print(f"[red]error[/red] {escape(where(failure.source, failure.locator))}: {escape(failure.reason)}")
    err.print(f"Ingested: {report.summary()}. Database: {escape(str(store.path))}", soft_wrap=True)


OutletOption = Annotated[str | None, typer.Option(
    "--outlet", help="The outlet (wins over what extraction finds; recorded as yours).")]
DateOption = Annotated[str | None, typer.Option(
    "--date", help="The publication date, YYYY-MM-DD or YYYY-MM-DDTHH:MM.")]
TitleOption = Annotated[str | None, typer.Option("--title", help="The title.")]
AuthorOption = Annotated[str | None, typer.Option("--author", help="The author.")]


def correction_of(outlet: str | None, published: str | None, title: str | None, author: str | None) -> Correction:
    """The user's corrections from the command line; a date that does not read stops with a clear message."""
    try:
        when = parse_published(published) if published else None
    except ValueError as exc:
        err.print(f"[red]--date:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    clean = [value.strip() or None if value is not None else None for value in (outlet, title, author)]
    return Correction(outlet=clean[0], title=clean[1], author=clean[2], published=when)


@app.command("ingest")
def ingest_command(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, glob patterns or http(s) URLs.")],
    follow_links: Annotated[bool, typer.Option(
        "--follow-links", help="Fetch the pages of feed entries that carry only a teaser.")] = False,
    max_bytes: Annotated[int | None, typer.Option(help="Largest input accepted, in bytes.")] = None,
    outlet: OutletOption = None, published: DateOption = None, title: TitleOption = None,
    author: AuthorOption = None,
) -> None:
    """Read articles into the database.

    Examples:

        rashomon ingest examples/demo
        rashomon ingest 'news/**/*.html' feed.xml crawl.warc.gz
        rashomon --db news.db ingest https://example.com/story.html
        rashomon ingest scraped.txt --outlet "The Moscow Times" --date 2025-03-18
    """
    correction = correction_of(outlet, published, title, author)
    settings = State.settings(follow_feed_links=follow_links or None, max_input_bytes=max_bytes)
    with Store(State.db) as store:
        report = run_ingest(inputs, store, settings, correction)
    raise typer.Exit(0 if report.ok else 1)


@app.command("articles")
def articles_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List stored articles.

    Examples:

        rashomon articles
        rashomon articles --json | jq '.[].title'
    """
    with State.existing() as store:
        view = articles_view(store)
    if as_json:
        _print_json(view)
        return
    table = _article_table(view, with_words=True)
    out.print(table if view else "No articles yet. Add some with: rashomon ingest PATH_OR_URL")


@app.command("show")
def show_command(
    article_id: Annotated[str, typer.Argument(help="Article id or a unique prefix of it.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    annotations: Annotated[bool, typer.Option(
        "--annotations", "-a",
        help="Mark quotes, speakers, entities and dates (annotates the article if needed).")] = False,
) -> None:
    """Show one article's clean text and metadata (and where each field came from).

    Examples:

        rashomon show 6f4e4dd7
        rashomon show 6f4e --annotations
    """
    with State.existing() as store:
        view = article_view(store, article_id)
        if view is None:
            raise _no_such_article(article_id, store)
        if annotations:
            run_annotate(store, [view["id"]], State.settings(), quiet=True)
            view = annotated_article_view(store, view["id"])
    assert view is not None
    if as_json:
        _print_json(view)
        return
    prov = view["provenance"]
    table = Table(box=None, show_header=False)
    for key in ("id", "source", "locator", "title", "outlet", "author", "published", "updated", "url", "language"):
        if view.get(key):
            origin = f" [dim]({prov[key]})[/dim]" if key in prov else ""
            table.add_row(f"[bold]{key}[/bold]", escape(str(view[key])) + origin)
    out.print(table)
    out.print()
    if view.get("annotations"):
        out.print(annotated_text(view["text"], view["annotations"], plain=not out.is_terminal), highlight=False)
        out.print()
        out.print(quotes_table(view["annotations"]["quotes"]))
        for problem in view["annotations"]["problems"]:
            out.print(f"[yellow]problem[/yellow] {escape(problem)}")
    else:
        out.print(escape(view["text"]), highlight=False)


def run_annotate(store: Store, ids: list[str] | None, settings: Settings, quiet: bool = False) -> AnnotateReport:
    """Annotate with a progress bar; print recorded problems and the summary to stderr."""
    with _progress() as bar:
        task = bar.add_task("Annotating", total=None, name="")
        report = annotate(store, ids, settings, progress=lambda done, total: bar.update(task, completed=done,
                                                                                         total=total))
    if not quiet:
        _print_annotated(report, store)
    return report


def _print_annotated(report: AnnotateReport, store: Store) -> None:
    """The problems an annotate run recorded and its summary, to stderr."""
    for article_id, problem in report.with_problems:
        err.print(f"[yellow]problem[/yellow] {article_id[:12]}: {escape(problem)}")
    err.print(f"Annotated: {report.summary()}. Database: {escape(str(store.path))}", soft_wrap=True)


@app.command("edit")
def edit_command(
    article_id: Annotated[str, typer.Argument(help="Article id or a unique prefix of it.")],
    outlet: OutletOption = None, published: DateOption = None, title: TitleOption = None,
    author: AuthorOption = None,
) -> None:
    """Correct an article's outlet, date, title or author.

    The correction is recorded as yours (provenance "user"), wins over what extraction found, survives
    re-ingesting the same file, and the comparisons that include the article are made again.

    Examples:

        rashomon edit 0b0264af --outlet "Kyiv Post" --date 2025-03-18
        rashomon edit 0b0264af --title "Putin envoy to meet Musk"

    (an article's id, or a unique start of it, as "rashomon articles" lists them)
    """
    correction = correction_of(outlet, published, title, author)
    if not correction:
        err.print("[red]Nothing to change:[/red] give --outlet, --date, --title or --author.")
        raise typer.Exit(2)
    with State.existing() as store:
        article = store.edit_article(_article_ids(store, [article_id])[0], correction)
        assert article is not None
    for name, value in correction.fields().items():
        shown = value.isoformat() if hasattr(value, "isoformat") else value
        out.print(f"{article.id[:12]} {name}: {escape(str(shown))}")
    err.print("Recorded as your correction; stories that include it are compared again on the next analyze or "
              "page view.")


@app.command("move")
def move_command(
    article_ids: Annotated[list[str], typer.Argument(help="Article ids or unique prefixes.")],
    to: Annotated[int | None, typer.Option("--to", help="The story they belong to (see rashomon stories).")] = None,
    new: Annotated[bool, typer.Option("--new", help="Split them off into a new story of their own.")] = False,
) -> None:
    """Move articles to another story, or split them off into a new one.

    Your regrouping is kept: later runs never merge a story you touched with another, each moved article's
    reason says you placed it, and the stories it touched are compared again.

    Examples:

        rashomon move 0b0264af --to 3
        rashomon move 0b0264af 23a146e6 --new
    """
    if (to is None) == (not new):
        err.print("[red]Say where:[/red] --to STORY or --new.")
        raise typer.Exit(2)
    with State.existing() as store:
        ids = _article_ids(store, article_ids)
        placed = regroup(store, dict.fromkeys(ids, to))
    for aid in ids:
        out.print(f"{aid[:12]} → story {placed[aid]}")


@app.command("merge")
def merge_command(
    story_ids: Annotated[list[int], typer.Argument(help="Two or more story ids; all become the first.")],
) -> None:
    """Merge stories into one (the first id is kept).

    Examples:

        rashomon merge 2 5
    """
    if len(set(story_ids)) < 2:
        err.print("[red]Give two or more different story ids.[/red]")
        raise typer.Exit(2)
    with State.existing() as store:
        placed = regroup(store, {}, merge=list(dict.fromkeys(story_ids)))
    out.print(f"Story {story_ids[0]} now holds {sum(1 for s in placed.values() if s == story_ids[0])} articles.")


@app.command("annotate")
def annotate_command(
    ids: Annotated[list[str] | None, typer.Argument(help="Article ids or prefixes (default: every article).")] = None,
) -> None:
    """Find sentences, entities, quotes and speakers, sources cited, dates, numbers and claims.

    Runs on every article not yet annotated (re-running skips finished work).

    Examples:

        rashomon annotate
        rashomon annotate 6f4e4dd7 91ab
    """
    with Store(State.db) as store:
        wanted = _article_ids(store, ids) if ids else None
        run_annotate(store, wanted, State.settings())


@app.command("quotes")
def quotes_command(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, URLs (ingested first) or article ids.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array, one object per article.")] = False,
) -> None:
    """Print who said what: every quote with its speaker, cue, kind and attribution chain.

    Examples:

        rashomon quotes article.html --json
        rashomon quotes 6f4e4dd7
    """
    settings = State.settings()
    failed = False
    with Store(State.db) as store:
        articles = []
        for given in inputs:
            article = None if Path(given).exists() or is_url(given) else store.article(given)
            if article is not None:
                articles.append(article)
                continue
            report = run_ingest([given], store, settings)
            articles += store.articles_from_raw(report.added + report.duplicates)
            failed = failed or bool(report.failures)
        run_annotate(store, [a.id for a in articles], settings, quiet=as_json)
        view = quotes_view(store, articles)
    if as_json:
        _print_json(view)
    else:
        for item in view:
            out.print(f"[bold]{escape(item['source'])}[/bold] [dim]{item['article_id'][:12]}[/dim]")
            out.print(quotes_table(item["quotes"]) if item["quotes"] else "  no quotes found")
    if failed:
        raise typer.Exit(1)  # an input that could not be read is a failure of the command


def run_cluster(store: Store, quiet: bool = False) -> ClusterReport:
    """Cluster with a progress bar; print per-article notes and the summary to stderr."""
    with _progress() as bar:
        task = bar.add_task("Clustering", total=None, name="")
        report = cluster(store, progress=lambda done, total: bar.update(task, completed=done, total=total))
    if not quiet:
        _print_clustered(report, store)
    return report


def _print_clustered(report: ClusterReport, store: Store) -> None:
    """The per-article notes of a cluster run and its summary, to stderr."""
    for note in report.notes:
        err.print(f"[yellow]note[/yellow] {escape(note)}")
    err.print(f"Clustered: {report.placed} new articles; {report.new_stories} new stories, {report.reprints} "
              f"reprints, {report.merged} stories merged. Database: {escape(str(store.path))}", soft_wrap=True)


@app.command("cluster")
def cluster_command() -> None:
    """Group articles into stories, flag reprints, and link stories into storylines.

    Incremental: only articles not yet in a story are placed; earlier stories keep their ids.

    Example:

        rashomon cluster && rashomon stories
    """
    with Store(State.db) as store:
        run_cluster(store)


@app.command("stories")
def stories_command(as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False) -> None:
    """List the stories, newest first: outlets, article and independent counts, storyline.

    Example:

        rashomon stories --json
    """
    with State.existing() as store:
        view = stories_view(store)
    if as_json:
        _print_json(view)
        return
    if not view:
        out.print("No stories yet. Run [bold]rashomon cluster[/bold] after ingesting articles.")
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("story", no_wrap=True, justify="right")
    table.add_column("first", no_wrap=True, min_width=10)
    table.add_column("articles", no_wrap=True, justify="right")
    table.add_column("title · outlets", overflow="fold", ratio=1)
    for item in view:
        line = f" · storyline {item['storyline_id']}" if item["storyline_id"] else ""
        table.add_row(str(item["id"]), (item["first_published"] or "undated")[:10],
                      f"{item['article_count']} ({item['independent_count']} indep.)",
                      f"{escape(item['title'] or '(untitled)')}\n[dim]{escape(', '.join(item['sources']))}{line}[/dim]")
    out.print(table)


@app.command("story")
def story_command(
    story_id: Annotated[int, typer.Argument(help="Story id (see rashomon stories).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one story: its articles, which are reprints, and why each article is in it.

    Example:

        rashomon story 2
    """
    with State.existing() as store:
        view = story_view(store, story_id)
    if view is None:
        err.print(f"[red]No story {story_id}.[/red] See [bold]rashomon stories[/bold].")
        raise typer.Exit(1)
    if as_json:
        _print_json(view)
        return
    out.print(f"[bold]Story {view['id']}: {escape(view['title'] or '(untitled)')}[/bold]")
    first, last = (view["first_published"] or "?")[:16], (view["last_published"] or "?")[:16]
    span = first[:10] if first[:10] == last[:10] else f"{first} to {last}"  # one day: "2025-03-18", not a range
    out.print(f"{view['article_count']} articles, {view['independent_count']} independent, from "
              f"{escape(', '.join(view['sources']))}; {span}")
    if view["key_entities"]:
        out.print(f"Key names: {escape(', '.join(view['key_entities']))}")
    for article in view["articles"]:
        out.print(f"\n[bold]{article['id'][:12]}[/bold] {escape(outlet_of(article))} "
                  f"{(article['published'] or 'undated')[:16]}  {escape(article['title'] or '')}")
        out.print(f"  [dim]{escape(_why(article))}[/dim]")
    if len(view["storyline"]) > 1:
        out.print("\n[bold]Storyline[/bold]")
        for item in view["storyline"]:
            mark = "→" if item["current"] else " "
            out.print(f" {mark} story {item['id']}  {(item['first_published'] or '?')[:10]}  "
                      f"{escape(item['title'] or '')}")


def _why(article: dict[str, Any]) -> str:
    """One line saying why an article is in its story, from the reason the clusterer kept."""
    reason = article["reason"]
    if article["reprint_of"]:
        share = article["reprint_containment"]
        text = f"reprint of {article['reprint_of'][:12]}"
        return text + (f" ({share:.0%} of its 5-word phrases shared)" if share else "")
    if reason.get("note"):
        return reason["note"]
    if reason.get("user"):
        source = reason.get("from_story")
        return "placed here by you" + (f" (moved from story {source})" if source else "")
    if reason.get("new_story"):
        text = f"opened the story (best other story {reason['score']:.2f} < threshold {reason['threshold']})"
    else:
        text = (f"similarity {reason['score']:.2f} (threshold {reason['threshold']}, "
                f"next best {reason['runner_up']:.2f})")
    if reason.get("shared_names"):
        text += "; shared names: " + ", ".join(reason["shared_names"])
    if reason.get("gap_days") is not None:
        text += f"; {reason['gap_days']} days from the story's dates"
    if reason.get("date_from") == "text":
        text += "; date taken from the text"
    elif reason.get("date_from") is None:
        text += "; undated"
    if reason.get("merged"):
        text += f"; joined stories {', '.join(map(str, reason['merged']))}"
    if reason.get("batch_group"):
        text += (f"; grouped with {reason['batch_group'] - 1} other article(s) of its run "
                 f"(mean similarity {reason['batch_link']:.2f})")
    return text


STEP_LABELS = {"ingest": "Ingesting", "annotate": "Annotating", "cluster": "Clustering", "compare": "Comparing"}


class PipelineBars:
    """A pipeline run as the commands show it: one progress bar per step (on a terminal; gone when the step
    ends), then that step's failures, problems or notes and its summary line on stderr."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._step = ""

    def __enter__(self) -> PipelineBars:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    def progress(self, step: str, done: int, total: int, message: str) -> None:
        if self._bar is None or self._task is None or step != self._step:
            self._close()
            self._bar, self._step = _progress(), step
            self._bar.start()
            self._task = self._bar.add_task(STEP_LABELS.get(step, step), total=None, name="")
        self._bar.update(self._task, completed=done, total=total or None, name=message[-60:])

    def step_done(self, step: str, result: PipelineResult) -> None:
        self._close()
        if step == "ingest" and result.ingested is not None:
            _print_ingested(result.ingested, self._store)
        elif step == "annotate":
            _print_annotated(result.annotated, self._store)
        elif step == "cluster":
            _print_clustered(result.clustered, self._store)

    def _close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
        self._bar, self._task, self._step = None, None, ""


FINDINGS_ROWS = 100  # stories the closing table shows (newest first); an archive's run has thousands


def _print_findings(result: PipelineResult) -> None:
    """What the comparison found, story by story (nothing when there was no story)."""
    if result.findings:
        out.print(_findings_table(result.findings))


def _findings_table(found: list[dict[str, Any]]) -> Table:
    """What the comparison found (``PipelineResult.findings``), one row per story: outlets, facts two or more
    independent sources report, contradictions, and facts only one outlet reports."""
    table = Table(box=None, header_style="bold", pad_edge=False, title="What the comparison found",
                  title_justify="left", title_style="bold")
    numbers = {"outlets": "outlets", "shared_facts": "facts in 2+", "conflicts": "contradictions",
               "exclusives": "exclusives"}
    table.add_column("story", justify="right", no_wrap=True)
    table.add_column("title")  # narrowed to fit a terminal, cut with "…"; whole through a pipe
    for name in numbers.values():
        table.add_column(name, justify="right", no_wrap=True, min_width=len(name))
    for story in found[:FINDINGS_ROWS]:
        table.add_row(str(story["id"]), _cell(story["title"] or "(untitled)"), *(str(story[k]) for k in numbers))
    if len(found) > FINDINGS_ROWS:
        table.caption = f"and {len(found) - FINDINGS_ROWS} more stories: rashomon stories lists them all"
        table.caption_justify = "left"
    return table


@app.command("analyze")
def analyze_command(
    inputs: Annotated[list[str] | None, typer.Argument(
        help="Files, folders, globs or URLs to add first (default: analyse what the database holds).")] = None,
    out_dir: Annotated[Path, typer.Option(
        "--out", help="Folder for analysis.json, report.md and report.html.")] = Path("rashomon-analysis"),
    story: Annotated[list[int] | None, typer.Option(help="Only these story ids (repeatable).")] = None,
    outlet: OutletOption = None, published: DateOption = None, title: TitleOption = None,
    author: AuthorOption = None,
    cluster: Annotated[str | None, typer.Option(
        "--cluster", envvar="RASHOMON_CLUSTER",
        help="Dask scheduler address (tcp://host:8786): extract, annotate and compare on its workers (see "
             "rashomon cluster-up; default: the cluster setting, else local processes).")] = None,
    no_files: Annotated[bool, typer.Option(
        "--no-files", help="Compare and store the stories, write no files: for an archive, whose one report "
                           "would be too big to read (browse it with rashomon serve or rashomon stories).")] = False,
) -> None:
    """Run everything — ingest, annotate, reprints and stories, comparison — and write the report.

    Writes OUT/analysis.json (schema rashomon.analysis/1, see docs/analysis-format.md), OUT/report.md and
    OUT/report.html (one file that opens offline, every citation clickable): per story, the facts with their
    sources, contradictions, omissions and exclusives, quotes compared, entities, framing, timeline and a cited
    brief. It ends with a table of what it found, story by story.

    Examples:

        rashomon analyze articles/ --out report/
        rashomon --db news.db analyze --story 3 --out story3/
        rashomon analyze archive/ --cluster tcp://10.0.0.5:8786 --no-files
    """
    missing_inputs = [i for i in inputs or [] if not is_url(i) and not any(c in i for c in "*?[")
                      and not Path(i).exists()]
    if inputs and len(missing_inputs) == len(inputs):  # a typo must not give a report of the whole database
        # (when some inputs exist, a missing one is that input's error and the rest goes on)
        err.print("[red]No such file or folder:[/red] " + ", ".join(escape(i) for i in missing_inputs))
        raise typer.Exit(2)
    correction = correction_of(outlet, published, title, author)
    if correction and not inputs:
        err.print("[red]--outlet, --date, --title and --author set the inputs' metadata:[/red] give the inputs, "
                  "or change a stored article with [bold]rashomon edit ID[/bold].")
        raise typer.Exit(2)
    settings = State.settings(cluster=cluster)
    with open_executor(settings.cluster, settings.workers) as executor, Store(State.db) as store:
        try:
            with PipelineBars(store) as bars:
                result = run_pipeline(inputs or [], store, settings, correction=correction, stories=story,
                                      progress=bars.progress, step_done=bars.step_done, executor=executor,
                                      document=not no_files)
        except NoSuchStory as exc:
            err.print(f"[red]No story {', '.join(map(str, exc.story_ids))}.[/red] See [bold]rashomon stories[/bold].")
            raise typer.Exit(2) from None
        if not result.findings:
            err.print("[yellow]No stories to compare.[/yellow] Add articles: rashomon analyze PATH_OR_URL --out DIR")
        written = []
        if result.analysis is not None:  # a run over the whole store with files has its document
            written = write_analysis(result.analysis, out_dir, store)
    _print_findings(result)
    for path in written:
        out.print(f"Output: {escape(str(path))}", soft_wrap=True)
    raise typer.Exit(0 if result.ok else 1)


LOOPBACK = ("127.0.0.1", "::1", "localhost")


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on; anything but loopback needs a token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    db: Annotated[str | None, typer.Option(help="Database file (same as the global --db).")] = None,
    token: Annotated[str | None, typer.Option(
        envvar="RASHOMON_TOKEN", help="Token for writing endpoints (ingest, delete); made up and printed when "
                                      "--host is not loopback and none is given.")] = None,
    read_only: Annotated[bool, typer.Option("--read-only", help="Refuse every change (no ingest, no delete).")] = False,
    allow_private_urls: Annotated[bool, typer.Option(
        "--allow-private-urls", help="Let pasted URLs reach private, loopback and link-local addresses.")] = False,
    allowed_host: Annotated[list[str] | None, typer.Option(
        "--allowed-host", help="Another host name this server answers to (besides 127.0.0.1, localhost, ::1 "
                               "and --host); repeat for more.")] = None,
    watch: Annotated[bool, typer.Option(
        "--watch", help="Also poll the watched sources in the background (see rashomon watch).")] = False,
) -> None:
    """Open the web app: stories with search and filters, story pages, articles, outlets, ingest.

    Every page has a .json twin; the REST API is under /api (schema at /openapi.json).

    Examples:

        rashomon serve                       # http://127.0.0.1:8000
        rashomon --db news.db serve --port 8080
        rashomon serve --host 0.0.0.0 --token s3cret
        rashomon serve --watch               # and poll watched feeds meanwhile
    """
    import secrets

    import uvicorn

    from rashomon.web import WebConfig, create_app

    path = db or State.db
    if watch and read_only:
        err.print("[red]--watch writes what it polls into the database; it cannot run with --read-only.[/red] "
                  "Run rashomon watch run beside a read-only server instead.")
        raise typer.Exit(2)
    if not names_a_server(path) and not Path(path).exists():
        if read_only:  # nothing to read, and --read-only creates nothing
            raise StoreError(f"no database at {path} to serve read-only")
        err.print(f"[yellow]No database at {escape(path)} yet[/yellow]: it is created; add articles from the "
                  "Add articles page or with rashomon analyze PATH.")
    if host not in LOOPBACK and token is None and not read_only:
        token = secrets.token_urlsafe(16)
        err.print(f"Listening beyond this machine: writing needs the token [bold]{token}[/bold] "
                  "(header Authorization: Bearer TOKEN, or the form's token field).")
    settings = State.settings(allow_private_urls=allow_private_urls or None)
    with Store(path, read_only=read_only):
        pass  # create or migrate the database before serving (read-only: only check that it reads)
    hosts = {*LOOPBACK, host.strip("[]").lower(), *(h.lower() for h in allowed_host or [])}
    config = WebConfig(db=path, settings=settings, token=token, writable=not read_only, allowed_hosts=frozenset(hosts))
    if token is None and not read_only:
        err.print(f"Scripts writing through the API (no Origin header) send [bold]Authorization: Bearer "
                  f"{config.form_token}[/bold] (a new token each start; --token sets a fixed one).")
    web = create_app(config)
    shown = f"[{host}]" if ":" in host else host
    err.print(f"Rashomon on http://{shown}:{port}/  (database {escape(path)}; Ctrl+C stops)")
    if watch and not read_only:
        from rashomon.watch.poller import in_background

        stop = in_background(path, settings, lambda report: err.print(f"Polled: {report.summary()}."))
        err.print("Watching the sources of rashomon watch list in the background.")
    try:
        uvicorn.run(web, host=host, port=port, log_level="warning")
    finally:
        if watch and not read_only:
            stop.set()


@app.command("errors")
def errors_command(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
                   clear: Annotated[bool, typer.Option("--clear", help="Forget every recorded error.")] = False,
                   ) -> None:
    """List recorded ingest errors (which input, which stage, why): one line per input, the latest.

    Examples:

        rashomon errors --json
        rashomon errors --clear
    """
    with State.existing() as store:
        if clear:
            out.print(f"Cleared {store.clear_errors()} recorded error(s).")
            return
        view = errors_view(store)
    if as_json:
        _print_json(view)
        return
    for item in view:
        out.print(f"[red]{item['stage']}[/red] {escape(where(item['source'], item['locator']))}: "
                  f"{escape(item['reason'])}")
    if not view:
        out.print("No ingest errors recorded.")


@app.command("cluster-up")
def cluster_up_command(
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (one thread each).")] = 2,
    port: Annotated[int, typer.Option(min=0, max=65535, help="The scheduler's port (0: any free one).")] = 8786,
    host: Annotated[str, typer.Option(
        help="Address the scheduler listens on (0.0.0.0: also reachable from other machines, whose own "
             "'dask worker tcp://THIS-HOST:PORT' then join it).")] = "127.0.0.1",
) -> None:
    """Start a Dask cluster on this machine (a scheduler and worker processes) and keep it up until Ctrl-C.

    It prints the address to give rashomon analyze --cluster (or the cluster setting, or $RASHOMON_CLUSTER).
    Needs the cluster extra: pip install 'rashomon[cluster]'.

    Example:

        rashomon cluster-up --workers 4
    """
    import signal
    import time

    from rashomon.engine.dask_executor import start_local_cluster

    cluster = start_local_cluster(workers, host=host, port=port)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # `kill` stops it as cleanly as Ctrl-C
    try:
        address = cluster.scheduler_address
        out.print(f"Dask scheduler at {address} with {workers} worker process(es). In another terminal:",
                  soft_wrap=True)
        out.print(f"  rashomon analyze PATH_OR_URL --cluster {address}", soft_wrap=True)
        out.print("Ctrl-C stops the cluster.")
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        err.print("Stopping the cluster.")
    finally:
        cluster.close()


@app.command("demo")
def demo_command(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the demo's database and output.")] = Path(
        "rashomon-demo"),
    corpus: Annotated[Path | None, typer.Option(help="Demo corpus folder (default: examples/demo).")] = None,
) -> None:
    """Run Rashomon on the bundled demo corpus and say where the output went.

    Example:

        rashomon demo --out /tmp/demo
    """
    corpus = corpus or demo_module.find_corpus()
    if corpus is None:
        err.print("[red]The demo corpus was not found.[/red] Run from a checkout, or pass --corpus examples/demo.")
        raise typer.Exit(2)
    db_path = out_dir / "rashomon.db"
    with Store(db_path) as store:
        with PipelineBars(store) as bars:
            run = demo_module.run(store, out_dir, corpus, State.settings(), progress=bars.progress,
                                  step_done=bars.step_done)
        view = articles_view(store)
    _print_findings(run.result)
    written = run.written
    out.print()
    out.print(_article_table(view))
    out.print(f"\n{len(view)} articles from {len({v['outlet'] for v in view if v['outlet']})} outlets.")
    db = escape(str(db_path))
    lines = [f"Database: {db}", *(f"Output:   {escape(str(path))}" for path in written),
             f"Read:     open {escape(str(out_dir / 'report.html'))} in a browser   |   "
             f"less {escape(str(out_dir / 'report.md'))}",
             f"Browse:   rashomon --db {db} serve   (then http://127.0.0.1:8000/)",
             f"Explore:  rashomon --db {db} articles   |   rashomon --db {db} show ID --annotations   |   "
             f"rashomon --db {db} quotes ID   |   rashomon --db {db} stories"]
    for line in lines:  # the terminal wraps these, so that a path copied from it is whole
        out.print(line, soft_wrap=True)
    raise typer.Exit(0 if run.result.ok else 1)


def _article_table(view: list[dict[str, Any]], with_words: bool = False) -> Table:
    """Articles, one line each. On a terminal the table spans its width: the titles, then the outlets, are cut
    (with "…") only as much as they must be; through a pipe every cell is whole. Ids are never cut."""
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column("published", no_wrap=True)
    # the columns rich may narrow, their cells one line cut with "…"; the outlet keeps a third of their room
    room = out.width - (12 + 16 + (5 if with_words else 0)) - (4 if with_words else 3)
    table.add_column("outlet", max_width=max(OUTLET_SHORTEST, room // 3))
    table.add_column("title")
    if with_words:
        table.add_column("words", no_wrap=True, justify="right")
    for item in view:
        row = [item["id"][:12], (item["published"] or "—")[:16], _cell(outlet_of(item)),
               _cell(item["title"] or "(untitled)"), *([str(len(item["text"].split()))] if with_words else [])]
        table.add_row(*row)
    return table


OUTLET_SHORTEST = 18  # a narrow terminal cuts an outlet to no fewer characters ("The Northgate Her…")


def _cell(text: str) -> Text:
    """A table cell of article text on one line, cut with "…" when its column is narrowed (never console markup)."""
    return Text(printable(text) or "", no_wrap=True, overflow="ellipsis")


def escape(text: str) -> str:
    """Text from articles made safe to print: no console markup, no terminal control sequences (a stored title
    with an escape sequence must not clear the screen or retitle the window)."""
    return markup_escape(printable(text, keep_lines=True) or "")


def _article_ids(store: Store, given: list[str]) -> list[str]:
    """The full ids of the articles given by id or unique prefix; stops at the first that matches no single one."""
    ids = []
    for each in given:
        article = store.article(each)
        if article is None:
            raise _no_such_article(each, store)
        ids.append(article.id)
    return ids


def _no_such_article(given: str, store: Store) -> typer.Exit:
    """Say no single stored article matches ``given`` (listing the candidates when several do); the caller
    raises the returned exit (status 2)."""
    candidates = store.articles_by_prefix(given, limit=11)
    if len(candidates) > 1:
        err.print(f"[red]{'More than 10' if len(candidates) > 10 else len(candidates)} articles match "
                  f"{escape(given)!r}:[/red] give more of the id.")
        for article in candidates[:10]:
            err.print(f"  {article.id[:12]}  {escape(outlet_label(article))}: {escape(article.title or '(untitled)')}")
    else:
        err.print(f"[red]No article matches {escape(given)!r}.[/red] List them with: rashomon articles")
    return typer.Exit(2)


def _print_json(data: Any) -> None:
    sys.stdout.write(to_json(data))


def cli_command() -> Any:
    """The command line as it runs, with help that reads as a person writes it: a flag shows no ``<bool>``, an
    option shows what to give (``--date DATE``) and an argument what it is (``PATH_OR_URL...``), not a Python
    type, at any depth (``rashomon watch add URL``)."""
    command = typer.main.get_command(app)
    for each in _all_commands(command):
        each.help = reflow(each.help)
        for param in each.params:
            if getattr(param, "help", None):
                param.help = markup_escape(param.help)  # help is prose: "[[source]]" is not console markup
            if isinstance(param, typer.core.TyperArgument):
                param.metavar = param.metavar or ARGUMENTS.get(f"{each.name}.{param.name}") or ARGUMENTS.get(
                    param.name or "", (param.name or "value").upper())
                param.__class__ = ShownArgument
            elif not isinstance(param, typer.core.TyperOption):
                continue
            elif param.is_flag:
                param.metavar = ""
            elif param.metavar is None and param.name:
                param.metavar = METAVARS.get(param.name, param.name.upper().replace("_", "-"))
        each.get_help_option = _flag_help(each.get_help_option)
    return command


class ShownArgument(typer.core.TyperArgument):
    """An argument as tools show it: ``PATH...`` when it takes several and ``[ID]...`` when optional, in the
    usage line and in the arguments panel, without a Python type beside it."""

    @property
    def display_name_raw(self) -> str:
        name = self.metavar or (self.name or "value").upper()
        return name + ("..." if self.nargs != 1 else "")

    def _usage_display_name(self) -> str:
        if self.required:
            return self.display_name_raw
        return f"[{self.metavar}]" + ("..." if self.nargs != 1 else "")

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


def _all_commands(command: Any) -> list[Any]:
    """A command and all its subcommands, at any depth (``rashomon watch run``)."""
    found = [command]
    for sub in getattr(command, "commands", {}).values():
        found += _all_commands(sub)
    return found


def reflow(text: str | None) -> str | None:
    """Help text with each paragraph's lines joined, so that the terminal wraps it at its own width (rich
    keeps the docstring's line breaks); indented lines (examples) keep their breaks and their indent, and
    are set off from the dim prose. The text is escaped: a docstring is prose, not console markup."""
    if not text:
        return text
    paragraphs = re.split(r"\n\s*\n", inspect.cleandoc(text))
    return "\n\n".join("\n".join(_example_line(line) for line in p.split("\n"))
                        if p.startswith((" ", "\t")) or "\n " in p else markup_escape(" ".join(p.split("\n")))
                        for p in paragraphs)


def _example_line(line: str) -> str:
    """An indented help line in its own style: typer dedents the help after its first paragraph, so a line that
    starts with markup keeps its indent, where an example block right after "Examples:" would lose it."""
    if not line.startswith((" ", "\t")):
        return markup_escape(line)
    return f"[{EXAMPLE_STYLE}]{markup_escape(line)}[/{EXAMPLE_STYLE}]"


def _flag_help(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``--help`` is made per run: it is a flag too."""
    def help_option(ctx: Any) -> Any:
        option = original(ctx)
        if option is not None:
            option.metavar = ""
        return option
    return help_option


EXAMPLE_STYLE = "not dim"  # typer prints help prose dim; commands to type read in the terminal's own colour
METAVARS = {"sources": "FILE", "published": "DATE", "out_dir": "DIR", "corpus": "DIR", "db": "FILE", "config": "FILE",
            "max_bytes": "BYTES", "story": "STORY_ID", "to": "STORY_ID", "allowed_host": "NAME", "host": "ADDRESS",
            "outlet": "NAME", "author": "NAME", "title": "TEXT", "since": "WHEN", "every": "INTERVAL",
            "entity": "NAME", "query": "WORDS", "limit": "N", "cluster": "ADDRESS"}
ARGUMENTS = {"inputs": "PATH_OR_URL", "quotes.inputs": "INPUT", "ids": "ARTICLE_ID", "article_ids": "ARTICLE_ID",
             "story_ids": "STORY_ID", "load.path": "FILE", "remove.source": "SOURCE"}


from rashomon.watch.cli import register as _register_watch  # noqa: E402 (it uses the helpers above)

_register_watch(app)


def main() -> None:
    """Console entry point: library errors become one clear line and exit status 2."""
    try:
        cli_command()(prog_name="rashomon")
    except RashomonError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        sys.exit(2)
