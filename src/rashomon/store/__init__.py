"""Storage. The one place that knows SQL."""

from rashomon.store.sqlite import ClusteringChanged, Store

__all__ = ["ClusteringChanged", "Store"]
