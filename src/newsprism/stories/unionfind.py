"""Disjoint sets over 0..n-1: what claim groups and merged timeline events are built with."""

from __future__ import annotations


class UnionFind:
    """Each set is named by its smallest member, so groups come out in first-seen order."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
