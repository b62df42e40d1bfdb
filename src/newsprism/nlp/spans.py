"""Which spans overlap a range, without scanning them all: a long article has tens of
thousands of sentences, mentions and quotes, and a scan per sentence is quadratic."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence


class SpanIndex:
    """Half-open ``(start, end)`` spans sorted by start; ``overlapping`` finds those meeting a
    range in O(log n + the spans it has to look at)."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.order = sorted(range(len(spans)), key=lambda i: spans[i][0])
        self.starts = [spans[i][0] for i in self.order]
        self.ends = [spans[i][1] for i in self.order]
        self.longest = max((e - s for s, e in spans), default=0)

    def overlapping(self, start: int, end: int) -> list[int]:
        """Positions (in the given sequence) of the spans that share a character with
        ``[start, end)``."""
        # a span starting at or before start - longest ends at or before start
        lo = bisect_right(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        return [self.order[k] for k in range(lo, hi) if self.ends[k] > start]

    def any_overlapping(self, start: int, end: int) -> bool:
        lo = bisect_right(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        return any(self.ends[k] > start for k in range(lo, hi))
