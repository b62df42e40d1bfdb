"""Split a text into segments (paragraphs or lines) that keep their offsets, and describe them.

Boilerplate removal and metadata extraction both reason about segments: where a segment sits
(head, body, tail), how long it is, whether it reads as prose, how much of it is links, and
which publishing conventions it matches. Offsets always index the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from newsprism.config import Config

_BLANK_LINE = re.compile(r"[ \t\r\f\v]*\n")
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)\)")
_ANGLE_URL = re.compile(r"<(?:https?|ftp)://[^>\s]+>")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
_TLDS = r"(?:com|org|net|info|gov|edu|io|ru|by|ua|uk|ca|eu|de|fr|pl|lt|lv|ee|us|tv|news)\b"
_DOMAIN = re.compile(r"\b(?:[a-z0-9-]+\.)+" + _TLDS + r"(?:/[^\s]*)?", re.IGNORECASE)
_TLD = re.compile(r"\w\." + _TLDS)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.]*")
_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*\s*$|[\"”’»]\s*$")
_SEPARATOR = re.compile(r"^[\s*\-_=~#•·.]+$")
_PLACEHOLDER = re.compile(r"^\[[^\]]*\]$|\b(banner|logo|masthead)\b", re.IGNORECASE)

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
DATE_PATTERNS = (
    re.compile(
        _WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b",
        re.I,
    ),
    re.compile(
        _WEEKDAY
        + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+"
        + _MONTH
        + r",?\s+(?P<year>(?:19|20)\d\d)\b",
        re.I,
    ),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
)
_TIME_OF_DAY = re.compile(
    r"\b\d{1,2}[:.]\d\d(?:\s*(?:am|pm|a\.m\.|p\.m\.))?(?:\s*(?:gmt|utc|cet|cest|est|edt|msk|[+-]\d\d:?\d\d))?",
    re.IGNORECASE,
)
_DATE_LABEL = re.compile(r"\b(published|updated|posted|last updated|first published|on)\b:?", re.I)
_DATELINE_WORDS = frozenset({"at", "by", "of", "the", "and", "am", "pm", "a.m.", "p.m."})
"""Lower-case words a dateline may hold ("by Global Research", "10:32 am"); two others make
it a sentence."""
_PROSE_SCANNED_AT_HEAD = 3
_PROSE_SCANNED_AT_TAIL = 12
BYLINE = re.compile(r"^\s*(?:by|written by|words by|author:?)\s+(?P<who>\S.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Segment:
    """A paragraph or line of the original text, by offsets, with what is known about it."""

    start: int
    end: int
    text: str
    words: int
    link_density: float
    evidence: dict[str, int] = field(default_factory=dict)
    """Boilerplate vocabulary kind -> number of patterns matched."""

    @property
    def is_separator(self) -> bool:
        return bool(_SEPARATOR.match(self.text))

    @property
    def is_placeholder(self) -> bool:
        """An image or banner stand-in such as "[ logo ]" or "Site Banner"."""
        return self.words <= 6 and bool(_PLACEHOLDER.search(self.text))

    @property
    def ends_sentence(self) -> bool:
        return bool(_TERMINAL.search(self.text))

    @property
    def is_prose(self) -> bool:
        """Reads as running text: several words ending like a sentence, or simply long."""
        return (self.words >= 8 and self.ends_sentence) or self.words >= 25

    @property
    def is_body(self) -> bool:
        """Confidently article text: prose with no boilerplate evidence and few links."""
        return self.is_prose and not self.evidence and self.link_density < 0.3 and self.words >= 10

    @property
    def is_label(self) -> bool:
        """A short "Something:" line that introduces what follows."""
        return self.words <= 4 and self.text.rstrip().endswith(":")

    @property
    def is_links(self) -> bool:
        """Mostly URLs, link markup, domains or e-mail addresses."""
        return self.link_density > (0.25 if self.words < 12 else 0.5)


def link_chars(text: str) -> int:
    """Characters of ``text`` taken up by links, URLs, bare domains and e-mail addresses."""
    lowered = text.lower()
    # each pattern runs only when the text holds the literal it cannot match without
    patterns = [
        pattern
        for pattern, needed in (
            (_MD_LINK, "]("), (_ANGLE_URL, "<"), (_URL, "http"), (_URL, "www."), (_EMAIL, "@"),
        )
        if needed in lowered
    ]  # fmt: skip
    if _TLD.search(lowered):
        patterns.append(_DOMAIN)
    spans = sorted(match.span() for pattern in set(patterns) for match in pattern.finditer(text))
    total = reach = 0
    for start, end in spans:  # length of the union of possibly overlapping spans
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def plain(text: str) -> str:
    """Segment text with Markdown link markup reduced to its label."""
    return _MD_LINK.sub(lambda m: m.group(1), text).strip()


def _split_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the non-blank lines between ``start`` and ``end``."""
    spans = []
    pos = start
    for line in text[start:end].split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        stripped = line.strip()
        if stripped:
            s += len(line) - len(line.lstrip())
            e -= len(line) - len(line.rstrip())
            spans.append((s, e))
    return spans


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Lines of one wrapped paragraph: all but the last are long and similar in length."""
    if len(lines) < 2:
        return True
    body = [len(line) for line in lines[:-1]]
    return min(body) >= 50 and max(body) - min(body) <= 30


def split_segments(text: str, config: Config) -> list[Segment]:
    """Blocks separated by blank lines; a block of short unrelated lines becomes one per line."""
    spans: list[tuple[int, int]] = []
    blocks: list[tuple[int, int]] = []
    block_start: int | None = None
    block_end = 0
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            if block_start is None:
                block_start = pos
            block_end = end
        elif block_start is not None:
            blocks.append((block_start, block_end))
            block_start = None
        pos = end + 1
    if block_start is not None:
        blocks.append((block_start, block_end))
    for start, end in blocks:
        line_spans = _split_lines(text, start, end)
        if _is_hard_wrapped([text[s:e] for s, e in line_spans]):
            spans.append((line_spans[0][0], line_spans[-1][1]))
        else:
            spans.extend(line_spans)
    segments = [describe(text, s, e, config, with_evidence=False) for s, e in spans]
    # Vocabulary only decides short or non-prose segments anywhere, and long prose near the
    # ends (where notices, bios and disclaimers live); long prose in the middle is body
    # whatever words it uses, so its (costly) vocabulary scan is skipped.
    prose = [i for i, seg in enumerate(segments) if seg.words >= 15 and seg.is_prose]
    near_ends = set(prose[:_PROSE_SCANNED_AT_HEAD] + prose[-_PROSE_SCANNED_AT_TAIL:])
    return [
        replace(seg, evidence=_evidence(seg.text, config))
        if i in near_ends or i not in prose
        else seg
        for i, seg in enumerate(segments)
    ]


def _evidence(flat: str, config: Config) -> dict[str, int]:
    """Boilerplate vocabulary kind -> how many of its patterns ``flat`` matches."""
    evidence = {}
    lowered = flat.lower()
    for kind, patterns in config.boilerplate.items():
        hits = 0
        for anchors, pattern in patterns:  # a plain loop: generators cost more than the checks
            if anchors is not None:
                if len(anchors) == 1:
                    if anchors[0] not in lowered:
                        continue
                elif not any(a in lowered for a in anchors):
                    continue
            if pattern.search(flat):
                hits += 1
        if hits:
            evidence[kind] = hits
    return evidence


def describe(
    text: str, start: int, end: int, config: Config, with_evidence: bool = True
) -> Segment:
    chunk = text[start:end]
    flat = " ".join(chunk.split())
    evidence = _evidence(flat, config) if with_evidence else {}
    words = len(_WORD.findall(plain(flat)))
    density = link_chars(flat) / max(1, len(flat))
    return Segment(start, end, flat, words, density, evidence)


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first full calendar date written in ``text`` (month name or ISO), with its offsets."""
    for pattern in DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        month = int(groups["mnum"]) if groups.get("mnum") else MONTHS[groups["month"].lower()[:3]]
        try:
            return date(int(groups["year"]), month, int(groups["day"])), match.start(), match.end()
        except ValueError:
            continue
    return None


def dateline(text: str) -> tuple[date, str] | None:
    """(date, what else the line says) when a line is a publication dateline.

    Accepts "March 26, 2024", "Published: 3 May 2021 10:32 GMT", "Global Research, September 14,
    2020" (the rest, "Global Research", is returned for the caller to judge as an outlet).
    """
    found = find_date(text)
    if not found:
        return None
    value, s, e = found
    rest = text[:s] + " " + text[e:]
    rest = _TIME_OF_DAY.sub(" ", rest)
    rest = _DATE_LABEL.sub(" ", rest)
    rest = re.sub(r"[\s,|·•–—-]+", " ", rest).strip(" ,.|")
    if len(rest.split()) > 5:
        return None
    if sum(w.isalpha() and w.islower() and w not in _DATELINE_WORDS for w in rest.split()) >= 2:
        return None  # "Putin met Lukashenko in Sochi on September 14": a sentence, not a dateline
    return value, rest
