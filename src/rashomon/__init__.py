"""Rashomon: one story, every source.

    >>> from rashomon import Store, ingest
    >>> with Store("news.db") as store:
    ...     report = ingest(["articles/"], store)
    ...     titles = [a.title for a in store.articles()]
"""

from rashomon.errors import InputError, RashomonError
from rashomon.ingest import IngestReport, ingest
from rashomon.models import Article, IngestFailure, RawDocument
from rashomon.settings import Settings, load_settings
from rashomon.store import Store

__version__ = "0.1.0"
__all__ = ["Article", "IngestFailure", "IngestReport", "InputError", "RashomonError", "RawDocument", "Settings",
           "Store", "ingest", "load_settings"]
