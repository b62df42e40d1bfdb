"""One exception tree for newsprism.

NewsprismError                 base; its message says how to fix the problem
├── UsageError                 bad arguments or options (CLI exit code 2)
├── InputError                 one input cannot be read; the batch goes on
│   └── FetchError             a URL cannot or may not be fetched
└── StoreError                 the store cannot be opened or is from a newer version
"""

from __future__ import annotations


class NewsprismError(Exception):
    """Base of every error newsprism raises on purpose."""


class UsageError(NewsprismError):
    """The caller asked for something impossible; nothing was done."""


class InputError(NewsprismError):
    """One input could not be read. Recorded as an IngestError; never stops the batch."""


class FetchError(InputError):
    """A URL could not be fetched, or fetching it was refused for safety."""


class StoreError(NewsprismError):
    """The store could not be opened, migrated or written."""
