"""Storage. The one place that knows SQL: ``Store(location)`` opens an SQLite file (``news.db``, ``:memory:``) or a
PostgreSQL database (``postgresql://user@host/dbname``) with the same schema and the same methods."""

from rashomon.store.base import ClusteringChanged, Store, is_url

__all__ = ["ClusteringChanged", "Store", "is_url"]
