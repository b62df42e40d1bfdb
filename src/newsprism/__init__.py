"""newsprism: a source-aware picture of how many outlets tell one story."""

__version__ = "0.1.0"
