"""The local web app (``rashomon serve``): story list with search and filters, story, article and
outlet pages, ingest from the browser, every page with a ``.json`` twin, and a REST API under ``/api``."""

from rashomon.web.app import WebConfig, create_app

__all__ = ["WebConfig", "create_app"]
