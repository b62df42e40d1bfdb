"""Options shared by every reader."""

from __future__ import annotations

from dataclasses import dataclass

from newsprism.config import DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read.

    ``encoding`` forces a text encoding instead of detecting one. ``max_bytes`` caps the size
    of any one input (file, record or download). ``fetch`` allows URLs to be downloaded;
    ``allow_private`` lets them point at loopback/private/link-local addresses.
    """

    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    fetch: bool = False
    allow_private: bool = False
    timeout: float = 20.0
    max_redirects: int = 5
    max_download_bytes: int = 10 * 1024 * 1024
    """Cap on one URL's body (a page is rarely over 2 MB; a 10 MB cap stops runaway streams)."""
