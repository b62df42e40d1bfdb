"""Tell an article's own text (title, standfirst, body) from what surrounds it.

Evidence is general, never strings of particular outlets: a segment's position (head before
the first body paragraph, tail after the last), whether it reads as prose, its link density,
and publishing vocabulary (promotion, legal notices, contact lines, credits, "related"
teasers) from ``data/boilerplate.toml``. Body paragraphs are never split: a segment is kept or
removed whole, so the clean text is a list of spans over the untouched original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsprism.ingest.segments import BYLINE, Segment, dateline

_LONG_WITH_EVIDENCE = 15
"""Inside the body, a segment this long with boilerplate vocabulary is still body text."""


@dataclass(frozen=True)
class Layout:
    """Which segments are the article and which are not, and why."""

    title: int | None
    kept: tuple[int, ...]
    removed: tuple[tuple[int, str], ...]


_NOT_TITLE = re.compile(r"^\s*(?:[*•·▪►-]\s|\(.*\)$|\[.*\]$)")
"""Bullet points and wholly bracketed notes ("(Fixes dateline)") are never the headline."""


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _flag(seg: Segment) -> str | None:
    """Why ``seg`` is boilerplate wherever it stands, or None."""
    if seg.is_separator:
        return "separator"
    if "related" in seg.evidence:
        return "related"
    if seg.is_placeholder:
        return "placeholder"
    if seg.is_links:
        return "links"
    if seg.evidence and (seg.words < _LONG_WITH_EVIDENCE or not seg.is_prose):
        return max(seg.evidence, key=lambda kind: seg.evidence[kind])
    return None


def _dense_evidence(seg: Segment) -> bool:
    """At least one vocabulary hit per 30 words: a notice, not a story that mentions one."""
    return bool(seg.evidence) and sum(seg.evidence.values()) * 30 >= seg.words


def _head_kind(seg: Segment) -> str | None:
    """byline / dateline / label for metadata lines at the head of an article."""
    if seg.words <= 15 and BYLINE.match(seg.text):
        return "byline"
    if seg.words <= 12 and dateline(seg.text):
        return "dateline"
    if seg.is_label:
        return "label"
    return None


def classify(
    segments: list[Segment], known_title: str | None = None, title_first: bool = False
) -> Layout:
    """Split ``segments`` into kept and removed, and find the title among them.

    ``title_first`` says the format puts the title on the first line (plain-text files), so
    that line is a title candidate even when it reads like a sentence.
    """
    n = len(segments)
    reasons: dict[int, str] = {}
    skip = 1 if title_first and segments and segments[0].words <= 40 else 0
    bodies = [i for i, seg in enumerate(segments) if seg.is_body and i >= skip]
    first_body = bodies[0] if bodies else n
    last_body = bodies[-1] if bodies else n - 1

    for i, seg in enumerate(segments):
        if i == 0 and title_first and set(seg.evidence) == {"related"}:
            continue  # a headline such as "WATCH: ..." on the title line
        flag = _flag(seg)
        if flag:
            reasons[i] = flag
        elif (i < first_body or i > last_body) and _dense_evidence(seg):
            # outside the body, even long prose goes when it is full of notice vocabulary
            reasons[i] = max(seg.evidence, key=lambda kind: seg.evidence[kind])

    title = _head(segments, first_body, reasons, known_title)
    _tail(segments, last_body, reasons)
    kept = tuple(i for i in range(n) if i not in reasons)
    return Layout(title, kept, tuple(sorted(reasons.items())))


def _head(
    segments: list[Segment], first_body: int, reasons: dict[int, str], known_title: str | None
) -> int | None:
    """Mark head metadata and masthead lines in ``reasons``; return the title's index."""
    head = range(first_body)
    kinds = {i: kind for i in head if (kind := _head_kind(segments[i]))}
    for i, kind in kinds.items():
        reasons[i] = kind  # metadata lines are named for what they are, even when link-heavy
    candidates = [
        i
        for i in head
        if i not in reasons
        and 1 <= segments[i].words <= 40
        and not _NOT_TITLE.match(segments[i].text)
    ]
    if known_title is not None:
        wanted = _norm(known_title)
        matches = [i for i in candidates if _norm(segments[i].text) == wanted]
        if not matches:
            return None  # the markup's title is not in the text: head lines may be body
        title = matches[0]
    elif not candidates:
        return None
    else:
        meta = [i for i in kinds if kinds[i] in ("byline", "dateline")]
        before = [i for i in candidates if meta and i < meta[0]]
        title = before[-1] if before else candidates[0]
    for i in head:
        if i < title:
            reasons.setdefault(i, "masthead")
        elif (
            i > title
            and i not in reasons
            and segments[i].words < 6
            and not segments[i].ends_sentence
        ):
            reasons[i] = "head-fragment"
    return title


def _tail(segments: list[Segment], last_body: int, reasons: dict[int, str]) -> None:
    """Extend the tail: after a late separator, or prose sandwiched between boilerplate."""
    n = len(segments)
    separators = [i for i, seg in enumerate(segments) if seg.is_separator and i > n // 2]
    if separators:
        after = [i for i in range(separators[-1] + 1, n) if not segments[i].is_separator]
        if after and sum(1 for i in after if i in reasons) * 2 >= len(after):
            for i in after:
                if segments[i].words < 60:  # a long paragraph is a footnote or a last section
                    reasons.setdefault(i, "after-separator")
    for i in range(n - 1, n // 2, -1):
        if i in reasons:
            continue
        later = i + 1 < n and (i + 1) in reasons
        earlier = (i - 1) in reasons and segments[i - 1].evidence
        if later and earlier and segments[i].words < 60:
            reasons[i] = "between-boilerplate"
        elif not later:
            break
