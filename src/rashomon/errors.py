"""The exceptions Rashomon raises. Every one says what was wrong, where, and how to fix it.

RashomonError
├── InputError          one input (file, URL, record) could not be turned into an article
│   ├── UnsupportedFormat
│   ├── DecodeError
│   ├── TooLarge
│   ├── MalformedInput
│   ├── NoArticleBody
│   ├── FetchError
│   ├── ExtractionTimeout
│   └── WorkerCrashed
├── ModelMissing        no spaCy English pipeline is installed
├── StoreError          the database could not be opened or migrated
└── SettingsError       a settings or outlets file is invalid
"""

from __future__ import annotations


def where(source: str, locator: str | None) -> str:
    """How messages name an input: its path or URL, with the record inside it when there is one."""
    return f"{source} ({locator})" if locator else source


class RashomonError(Exception):
    """Base class of every error Rashomon raises on purpose."""


class InputError(RashomonError):
    """One input could not be ingested; ``source`` names it and ``reason`` says why."""

    stage = "ingest"

    def __init__(self, source: str, reason: str, *, locator: str | None = None) -> None:
        self.source = source
        self.reason = reason
        self.locator = locator
        super().__init__(f"{where(source, locator)}: {reason}")

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross process boundaries (worker pools): rebuild from the fields, not from the message.
        return (_rebuild_input_error, (type(self), self.source, self.reason, self.locator))


def _rebuild_input_error(cls: type[InputError], source: str, reason: str, locator: str | None) -> InputError:
    return cls(source, reason, locator=locator)


class UnsupportedFormat(InputError):
    """The input is of a kind Rashomon does not read (images, PDFs, archives, ...)."""


class DecodeError(InputError):
    """The bytes are binary or not text in any encoding Rashomon can detect."""


class TooLarge(InputError):
    """The input (or its decompressed content) exceeds a configured size limit."""


class MalformedInput(InputError):
    """The input claims a format (JSON, XML feed, WARC, gzip) but does not parse as it."""


class NoArticleBody(InputError):
    """Extraction found no article text in the input."""

    stage = "extract"


class FetchError(InputError):
    """A URL could not be fetched (network error, HTTP error, refused address)."""

    stage = "fetch"


class ExtractionTimeout(InputError):
    """Extraction of one document took longer than its time budget (setting extract_timeout)."""

    stage = "extract"


class WorkerCrashed(InputError):
    """The worker process handling one document died (out of memory, or a crash inside a parser)."""

    stage = "extract"


class ModelMissing(RashomonError):
    """No usable spaCy pipeline is installed; the message says which package to install."""


class StoreError(RashomonError):
    """The database could not be opened, migrated or written."""


class SettingsError(RashomonError):
    """A settings or outlets file is invalid."""


class NoSuchStory(RashomonError):
    """Stories asked for by id are not in the store (after this run's clustering); nothing was compared."""

    def __init__(self, story_ids: list[int]) -> None:
        self.story_ids = list(story_ids)
        super().__init__(f"no story {', '.join(map(str, story_ids))} (rashomon stories lists them)")

    def __reduce__(self) -> tuple[object, ...]:  # crosses process boundaries whole, as every error here must
        return (type(self), (self.story_ids,))
