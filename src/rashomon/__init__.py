"""Rashomon: one story, every source.

    >>> from rashomon import Store, run_pipeline
    >>> with Store("news.db") as store:
    ...     result = run_pipeline(["articles/"], store)
    ...     titles = [story["title"] for story in result.stories]

``run_pipeline`` is the whole run (ingest, annotate, cluster, compare; docs/pipeline.md); ``ingest`` only reads
inputs into the store.
"""

__version__ = "0.1.0"  # before the imports: modules below read it while this package is being imported

from rashomon.errors import InputError, RashomonError
from rashomon.ingest import IngestReport, ingest
from rashomon.models import Article, IngestFailure, RawDocument
from rashomon.pipeline import PipelineResult, run_pipeline
from rashomon.settings import Settings, load_settings
from rashomon.store import Store

__all__ = ["Article", "IngestFailure", "IngestReport", "InputError", "PipelineResult", "RashomonError", "RawDocument",
           "Settings", "Store", "ingest", "load_settings", "run_pipeline"]
