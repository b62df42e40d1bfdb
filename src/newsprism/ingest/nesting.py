"""How deep markup nests, measured before any parser sees it.

Parsers of HTML and feeds (lxml, trafilatura, feedparser's sanitizer) take seconds to minutes
on markup nested tens of thousands of levels deep, and lxml silently drops what lies below
its depth limit. Real pages nest a few dozen levels; such files are refused in a linear scan.
"""

from __future__ import annotations

import re

MAX_DEPTH = 1_000
"""Deeper than any real page or feed (lxml's own HTML parser stops at 256 without huge_tree)."""

_TAG = re.compile(rb"(?:<|&lt;)(/?)([A-Za-z][A-Za-z0-9:-]{0,30})[^<>&]*?(/?)(?:>|&gt;)")
_NEVER_CLOSED = frozenset(
    b"area base br col embed hr img input link meta param source track wbr "
    b"p li td th tr dt dd option".split()
)
"""Void elements, and elements pages commonly leave open: they would count as depth."""


def too_deep(data: bytes, limit: int = MAX_DEPTH) -> int | None:
    """The depth reached once it passes ``limit`` (counting escaped markup in feed fields),
    or None when the markup stays within it."""
    depth = 0
    for match in _TAG.finditer(data):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _NEVER_CLOSED:
            continue
        if closing:
            depth = max(depth - 1, 0)
            continue
        depth += 1
        if depth > limit:
            return depth
    return None


def refusal(depth: int) -> str:
    return f"markup nested more than {MAX_DEPTH:,} levels deep (at least {depth:,}); not parsed"
