"""Quotation marks: a small scanner finds them and pairs them across paragraphs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

_OPEN_DOUBLE = "“„«"
_CLOSE_DOUBLE = "”»"
_OPEN_SINGLE = "‘‹‚"
_CLOSE_SINGLE = "’›"
_ALL_MARKS = "\"'“”„«»‘’‹›‚`"
_OPENER_BEFORE = "([{—–-:/…" + _ALL_MARKS
_CLOSER_AFTER = ".,;:!?)]}—–-…" + _ALL_MARKS
_SENTENCE_END = frozenset({".", "!", "?", ";", "…"})


@dataclass
class _Mark:
    pos: int
    length: int
    double: bool
    role: str
    """"open", "close", or "either" (a straight mark whose side the context does not tell)."""


@dataclass
class _QSpan:
    """One quotation, by its marks, in text offsets (marks included)."""

    start: int
    end: int
    double: bool
    parent: int | None = None
    closed: bool = True


def _scan_marks(s: str) -> list[_Mark]:
    marks: list[_Mark] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        prev = s[i - 1] if i > 0 else " "
        pair = s[i : i + 2]
        if pair in ("''", "``", "’’", "‘‘"):
            nxt = s[i + 2] if i + 2 < n else " "
            if pair in ("``", "‘‘"):
                role = "open"
            elif pair == "’’":
                role = "close"
            else:
                role = _straight_role(prev, nxt)
            if role:
                marks.append(_Mark(i, 2, True, role))
            i += 2
            continue
        nxt = s[i + 1] if i + 1 < n else " "
        if c in _OPEN_DOUBLE:
            marks.append(_Mark(i, 1, True, "open" if c != "“" else "open?"))
        elif c in _CLOSE_DOUBLE:
            marks.append(_Mark(i, 1, True, "close"))
        elif c == '"':
            role = _straight_role(prev, nxt) or "either"
            marks.append(_Mark(i, 1, True, role))
        elif c in _OPEN_SINGLE:
            if not nxt.isspace():
                marks.append(_Mark(i, 1, False, "open"))
        elif c in _CLOSE_SINGLE or c == "'":
            if prev.isalnum() and nxt.isalnum():
                pass  # an apostrophe: don't, Clinton's
            elif _opens(prev) and not nxt.isspace() and not nxt.isdigit():
                marks.append(_Mark(i, 1, False, "open"))
            elif not prev.isspace() and (nxt.isspace() or nxt in _CLOSER_AFTER):
                marks.append(_Mark(i, 1, False, "close"))
        i += 1
    return marks


def _opens(prev: str) -> bool:
    return prev.isspace() or prev in _OPENER_BEFORE


def _straight_role(prev: str, nxt: str) -> str:
    if _opens(prev) and not nxt.isspace():
        return "open"
    if not prev.isspace() and (nxt.isspace() or nxt in _CLOSER_AFTER or nxt.isalnum()):
        return "close"
    return ""


def _find_quotes(paragraphs: Sequence[tuple[int, str]]) -> list[_QSpan]:
    """Pair quotation marks across the article's paragraphs (text offsets)."""
    pairing = _Pairing([(off, s, _scan_marks(s)) for off, s in paragraphs])
    for p, (off, s, marks) in enumerate(pairing.per_para):
        skip_first_open = False
        if pairing.stack and marks and marks[0].double and marks[0].role.startswith("open"):
            skip_first_open = not s[: marks[0].pos].strip()
        for k, m in enumerate(marks):
            if k == 0 and skip_first_open:
                continue  # the re-opening mark of a quote running over paragraphs
            pairing.take(m, s, off + m.pos)
        pairing.end_paragraph(p)
    return _renumbered(pairing.quotes)


@dataclass
class _Pairing:
    """The quotations found so far and those still open, while marks are paired."""

    per_para: list[tuple[int, str, list[_Mark]]]
    quotes: list[_QSpan] = field(default_factory=list)
    stack: list[tuple[int, bool]] = field(default_factory=list)
    """The open quotes, innermost last: (index into quotes, opening mark was "„")."""

    def art_char(self, pos: int) -> str:
        for off, s, _ in self.per_para:
            if off <= pos < off + len(s):
                return s[pos - off]
        return ""

    def role(self, m: _Mark, s: str) -> str:
        """Whether mark ``m`` (of paragraph text ``s``) opens or closes a quote, here."""
        stack, quotes = self.stack, self.quotes
        role = m.role
        open_double = next((i for i, _ in reversed(stack) if quotes[i].double), None)
        if role == "open?":  # “ opens, except as the closer of „
            role = "close" if stack and stack[-1][1] else "open"
        if role == "either":
            role = "close" if open_double is not None else "open"
        if (
            m.double
            and role == "open"
            and open_double is not None
            and s[m.pos] == '"' == self.art_char(quotes[open_double].start)
        ):
            role = "close"  # a straight mark does not open a quote inside a straight one
        return role

    def take(self, m: _Mark, s: str, pos: int) -> None:
        """Open or close a quote with mark ``m``, at text offset ``pos``."""
        stack, quotes = self.stack, self.quotes
        if self.role(m, s) == "open":
            parent = stack[-1][0] if stack else None
            quotes.append(_QSpan(pos, pos, m.double, parent))
            stack.append((len(quotes) - 1, s[m.pos] == "„"))
        elif m.double:
            self.close_double(pos, m.length)
        elif stack and not quotes[stack[-1][0]].double:
            qi, _ = stack.pop()
            quotes[qi].end = pos + m.length

    def close_double(self, pos: int, length: int) -> None:
        """Close the innermost open double quote, and any single ones left open inside it."""
        stack, quotes = self.stack, self.quotes
        for depth in range(len(stack) - 1, -1, -1):
            q = quotes[stack[depth][0]]
            if q.double:
                for qi, _ in stack[depth + 1 :]:
                    quotes[qi].end = pos  # an unclosed inner quote ends with the outer one
                    quotes[qi].closed = False
                q.end = pos + length
                del stack[depth:]
                return
        # a closing mark with no opener: its quote is unknown, so it is ignored

    def end_paragraph(self, p: int) -> None:
        """Singles never run over paragraphs; doubles do when the next paragraph continues."""
        stack, quotes, per_para = self.stack, self.quotes, self.per_para
        while stack and not quotes[stack[-1][0]].double:
            qi, _ = stack.pop()
            quotes[qi].end = -1
        if not stack:
            return
        nxt = per_para[p + 1] if p + 1 < len(per_para) else None
        if nxt is not None and _continues(nxt[1], nxt[2]):
            return
        off, s, _ = per_para[p]
        end = off + len(s.rstrip())
        for qi, _ in stack:
            quotes[qi].end = end
            quotes[qi].closed = False
        stack.clear()


def _renumbered(quotes: list[_QSpan]) -> list[_QSpan]:
    """The quotes that closed, their parents re-numbered after dropping unclosed singles."""
    kept = [q for q in quotes if q.end > q.start]
    index = {id(q): i for i, q in enumerate(kept)}
    for q in kept:
        if q.parent is not None:
            parent_q = quotes[q.parent]
            q.parent = index.get(id(parent_q))
    return kept


def _continues(s: str, marks: list[_Mark]) -> bool:
    """Does this paragraph carry on a quotation left open by the one before?"""
    if not marks:
        return False
    first = marks[0]
    if first.double and first.role.startswith("open") and not s[: first.pos].strip():
        return True
    for m in marks:
        if m.double:
            return m.role in ("close", "either")
    return False
