"""Rashomon: one story, every source."""

__version__ = "0.1.0"
