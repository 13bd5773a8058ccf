"""Storage. The one place that knows SQL."""

from rashomon.store.sqlite import Store

__all__ = ["Store"]
