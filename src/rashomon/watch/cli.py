"""``rashomon watch …`` and ``rashomon developments``: thin adapters over ``rashomon.watch``."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from rashomon.cli import State, _print_json, err, escape, out
from rashomon.engine import open_executor
from rashomon.store import Store
from rashomon.store.watch import WatchStore
from rashomon.watch.poller import Poller, PollReport
from rashomon.watch.sources import add_watched, load_sources
from rashomon.watch.views import developments_view, every_text, parse_since, round_text, rounds_view, sources_view
from rashomon.watch_records import KINDS

watch_app = typer.Typer(help="Watch feeds and pages: poll them, track edits, record developments.",
                        no_args_is_help=True, rich_markup_mode="rich")
@watch_app.command("add")
def add_command(
    url: Annotated[str, typer.Argument(help="An RSS/Atom feed, or a single article's page.")],
    every: Annotated[str | None, typer.Option("--every", help="How often: 90s, 15m, 2h, 1d (default: setting "
                                                              "watch_interval).")] = None,
    kind: Annotated[str, typer.Option("--kind", help="feed, page, or auto (decided on the first fetch).")] = "auto",
) -> None:
    """Watch a feed or a page.

    Examples:

        rashomon watch add https://example.com/news/rss.xml --every 15m
        rashomon watch add https://example.com/2026/03/story.html --kind page --every 1h
    """
    with Store(State.db) as store:
        try:
            source = add_watched(store, State.settings(), url, every, kind)
        except ValueError as exc:
            err.print(f"[red]Cannot watch:[/red] {escape(str(exc))}")
            raise typer.Exit(2) from None
    out.print(f"Watching {escape(source.url)} ({source.kind}) every {every_text(source.interval)} [dim](id {source.id})"
              "[/dim]. Poll with: rashomon watch run")


@watch_app.command("load")
def load_command(path: Annotated[Path, typer.Argument(help="TOML file of [[source]] tables.")]) -> None:
    """Watch every source of a TOML file (sources already watched are updated).

    The file: one [[source]] table per feed or page, with url, and optionally every and kind.

    Example:

        rashomon watch load sources.toml
    """
    with Store(State.db) as store:
        added = load_sources(store, State.settings(), path)
    out.print(f"Watching {len(added)} source(s) from {escape(str(path))}.")


@watch_app.command("list")
def list_command(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List watched sources: schedule, next poll, health; and how the last polling round went.

    Example:

        rashomon watch list
    """
    with State.existing() as store:
        view, rounds = sources_view(store), rounds_view(store)
    if as_json:
        _print_json(view)
        return
    if not view:
        out.print("Nothing watched yet. Add a feed with: rashomon watch add URL --every 15m")
        return
    failed = rounds["last"] is not None and rounds["last"]["outcome"] == "failed"
    out.print(f"[{'red' if failed else 'dim'}]{escape(round_text(rounds))}[/]")
    table = Table(box=None, header_style="bold", pad_edge=False)
    for name in ("id", "kind", "every", "next poll", "status", "url"):
        table.add_column(name, overflow="fold")
    for item in view:
        status = item["status"]
        table.add_row(str(item["id"]), item["kind"], every_text(item["interval"]), (item["next_due"] or "")[:19],
                      f"[red]{escape(status)}[/red]" if item["failures"] else escape(status), escape(item["url"]))
    out.print(table)


@watch_app.command("remove")
def remove_command(source: Annotated[str, typer.Argument(help="The source's id or URL (see rashomon watch list).")]
                   ) -> None:
    """Stop watching a source (its articles and developments stay).

    Example:

        rashomon watch remove 3
    """
    with State.existing() as store:
        if not WatchStore(store).remove_source(source):
            err.print(f"[red]No watched source {escape(source)}.[/red] See rashomon watch list.")
            raise typer.Exit(2)
    out.print(f"Stopped watching {escape(source)}.")


@watch_app.command("run")
def run_command(
    once: Annotated[bool, typer.Option("--once", help="Poll what is due once and exit (for cron).")] = False,
    sources: Annotated[Path | None, typer.Option("--sources", help="Load this TOML file of sources first.")] = None,
    all_sources: Annotated[bool, typer.Option("--all", help="Poll every source now, due or not.")] = False,
) -> None:
    """Poll watched sources when due: read new and edited articles, compare their stories, record developments.

    Runs until Ctrl+C (it stops between two steps; state is in the database, so the next run goes on where this
    one stopped). With --once, one round and exit; the exit status is 1 when a source failed. One poller at a
    time: while another (serve --watch, another run) is polling the database, a round is skipped with a message
    (with --once, exit status 0); the lease of a killed poller is taken over after 15 minutes.

    Examples:

        rashomon watch run
        rashomon watch run --once        # from cron: */5 * * * * rashomon --db news.db watch run --once
    """
    settings = State.settings(cluster=os.environ.get("RASHOMON_CLUSTER") or None)
    stopping = threading.Event()

    def interrupted(signum: int, frame: Any) -> None:
        if stopping.is_set():
            raise KeyboardInterrupt
        stopping.set()
        err.print("[yellow]Stopping after the current step[/yellow] (Ctrl+C again to stop at once).")

    previous = signal.signal(signal.SIGINT, interrupted)
    failed = False
    try:
        # the cluster setting (or $RASHOMON_CLUSTER): each round's annotation runs on its workers, as analyze's does
        with open_executor(settings.cluster, settings.workers) as executor, Store(State.db) as store:
            if sources is not None:
                load_sources(store, settings, sources)
            if not WatchStore(store).sources():
                err.print("Nothing watched yet. Add a feed with: rashomon watch add URL --every 15m")
                raise typer.Exit(2)
            poller = Poller(store, settings, executor=executor)

            def shown(report: PollReport) -> None:
                nonlocal failed
                failed = failed or bool(report.failures)
                _print_round(report)

            if once:
                shown(poller.poll(force=all_sources, stop=stopping.is_set))
            else:
                if all_sources:
                    shown(poller.poll(force=True, stop=stopping.is_set))
                err.print(f"Watching {len(WatchStore(store).sources())} source(s); Ctrl+C stops.")
                poller.run(stopping.is_set, shown)
    finally:
        signal.signal(signal.SIGINT, previous)
    raise typer.Exit(1 if failed and once else 0)


def _print_round(report: PollReport) -> None:
    if report.skipped:
        err.print(f"[yellow]Skipped:[/yellow] {escape(report.skipped)}.")
        return
    for url, reason in report.failures:
        err.print(f"[red]failed[/red] {escape(url)}: {escape(reason)}")
    for place, reason in report.problems:
        err.print(f"[yellow]problem[/yellow] {escape(place)}: {escape(reason)}")
    for dev in report.developments:
        out.print(f"[bold]{escape(KINDS.get(dev.kind, dev.kind))}[/bold] "
                  f"{'story ' + str(dev.story_id) + ': ' if dev.story_id is not None else ''}{escape(dev.summary)}")
    err.print(f"Polled: {report.summary()}.")


def developments_command(
    since: Annotated[str, typer.Option("--since", help="From this time on: 2026-03-02, 2026-03-02T10:00, or 2h, "
                                                        "3d, 1w back from now.")] = "",
    story: Annotated[int | None, typer.Option("--story", help="Only this story.")] = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", help=f"Only these kinds ({', '.join(KINDS)}).")] = None,
    outlet: Annotated[str, typer.Option("--outlet", help="Only those naming this outlet.")] = "",
    entity: Annotated[str, typer.Option("--entity", help="Only stories naming this person, place or body.")] = "",
    query: Annotated[str, typer.Option("--query", "-q", help="Only those whose summary has these words.")] = "",
    limit: Annotated[int, typer.Option("--limit", help="At most this many, newest first.")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List developments recorded by watching, newest first, each with the sentences it cites.

    Examples:

        rashomon developments --since 2h
        rashomon developments --story 3 --json
        rashomon developments --kind new_contradiction --kind fact_contested --entity Okafor
    """
    unknown = sorted(set(kind or []) - set(KINDS))
    if unknown:
        err.print(f"[red]Unknown kind {', '.join(unknown)}:[/red] use {', '.join(KINDS)}.")
        raise typer.Exit(2)
    try:
        after = parse_since(since)
    except ValueError as exc:
        err.print(f"[red]--since:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    with State.existing() as store:
        view = developments_view(store, since=after, story=story, kinds=kind, outlet=outlet, entity=entity, q=query,
                                 limit=limit)
    if as_json:
        _print_json(view)
        return
    if not view:
        out.print("No developments recorded" + (" for these filters." if since or story or kind or outlet or entity
                                                 or query else ". Watch some feeds: rashomon watch add URL"))
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    for name in ("when", "story", "kind", "what"):
        table.add_column(name, overflow="fold", no_wrap=name != "what")
    for item in view:
        cited = "".join(f"\n  [dim]“{escape(c['text'] or '')}” ({escape(c.get('outlet') or c['article_id'][:12])})"
                        "[/dim]" for c in item["details"].get("citations", [])[:2])
        table.add_row(item["created_at"][:16].replace("T", " "), str(item["story_id"] or "—"), item["label"],
                      escape(item["summary"]) + cited)
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add ``watch`` and ``developments`` to the ``rashomon`` command."""
    app.add_typer(watch_app, name="watch")
    app.command("developments")(developments_command)
