"""RSS 2.0, RSS 1.0 (RDF) and Atom files: one Document per entry.

feedparser does the parsing (it is lenient with the broken XML real feeds contain and it
sanitises entry HTML); this module picks each entry's fullest text, turns its HTML into plain
paragraphs and keeps the dates the feed states.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any
from xml.sax import SAXParseException

import feedparser
import lxml.etree
import lxml.html

from newsprism.ingest.nesting import refusal, too_deep
from newsprism.ingest.options import ReadOptions
from newsprism.ingest.tabular import parse_date
from newsprism.records import Document, IngestError

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# elements whose start and end break a paragraph; <br> too, because feed summaries often
# separate paragraphs with <br><br> instead of <p>
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
        "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
# never text: code, embeds, and figures (a caption is not article prose; trafilatura drops
# them from pages too, so feed and page text agree)
_SKIP = frozenset(
    {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "figure"}
)
# an XML prolog, comments, processing instructions and a DOCTYPE (with an internal subset)
# may come before the root element
_PROLOG = re.compile(
    rb"""(?:\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*""",
    re.DOTALL | re.IGNORECASE,
)
_FEED_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?:rss|feed|RDF)[\s>/]")
_SNIFF_BYTES = 2048


def looks_like_feed(data: bytes) -> bool:
    """True when the root element is <rss>, <feed> or <rdf:RDF>, so a .xml file is a feed."""
    head = data[:_SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf")
    prolog = _PROLOG.match(head)
    start = prolog.end() if prolog else 0
    return _FEED_ROOT.match(head, start) is not None


_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_PROLOG_BYTES = 1 << 20
"""A DOCTYPE's internal subset comes before the root element, near the top of the file."""


def read_feed(data: bytes, source: str, options: ReadOptions) -> Iterator[Document | IngestError]:
    """Yield a Document per entry with text, an IngestError per entry without, and one
    IngestError for a file that is not a feed at all."""
    if len(data) > options.max_bytes:
        yield IngestError(source, f"file larger than {_size(options.max_bytes)}; raise --max-bytes")
        return
    if not data.strip():
        yield IngestError(source, "empty file (no feed)")
        return
    depth = too_deep(data)
    if depth is not None:
        yield IngestError(source, refusal(depth))
        return
    if _ENTITY_DECLARATION.search(data[:_PROLOG_BYTES]):
        # expat expands internal entities up to its amplification limit: a "billion laughs"
        # feed cost six seconds and millions of callbacks, and no real feed declares any
        yield IngestError(
            source, "feed declares XML entities (<!ENTITY ...>); refused as a possible entity bomb"
        )
        return
    headers = {"content-type": f"application/xml; charset={options.encoding}"}
    try:
        # bytes, never str: feedparser treats a str as a URL or file name to open
        parsed = feedparser.parse(
            bytes(data), response_headers=headers if options.encoding else None
        )
    except Exception as exc:  # feedparser is lenient, but one bad file must not stop the batch
        yield IngestError(source, f"not a valid RSS/Atom feed: {_short(exc)}")
        return
    entries: list[Any] = list(parsed.get("entries") or [])
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not entries:
        if problem is not None:
            yield IngestError(source, f"not a valid RSS/Atom feed: {_short(problem)}")
        elif not parsed.get("version"):
            yield IngestError(
                source, "not a valid RSS/Atom feed: no <rss>, <feed> or <rdf:RDF> root"
            )
        else:
            yield IngestError(source, "feed has no entries")
        return
    feed: Mapping[str, Any] = parsed.get("feed") or {}
    outlet = _clean(_get(feed, "title"))
    language = _clean(_get(feed, "language"))
    for index, entry in enumerate(entries, start=1):
        yield _entry_document(entry, index, source, outlet, language)
    if isinstance(problem, SAXParseException):
        # feedparser's fallback parser recovers entries from damaged XML; say so, because the
        # entry at the damage (typically the last of a truncated file) may be cut short
        yield IngestError(
            source,
            f"feed XML is damaged ({_short(problem)}); kept the {len(entries)} entries that"
            " parsed, the last may be incomplete",
        )


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: one paragraph per block element, blank lines between.

    Scripts and styles are dropped, whitespace inside a paragraph is collapsed.
    """
    if not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return ""
    paragraphs: list[str] = []
    pieces: list[str] = []

    def flush() -> None:
        text = " ".join("".join(pieces).split())
        if text:
            paragraphs.append(text)
        pieces.clear()

    def walk(element: Any) -> None:
        if not isinstance(element.tag, str):  # comment or processing instruction
            return
        tag = element.tag.rsplit("}", 1)[-1].lower()  # XHTML content arrives namespaced
        if tag in _SKIP:
            return
        block = tag in _BLOCKS
        if block:
            flush()
        if element.text:
            pieces.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
        if block:
            flush()

    walk(root)
    flush()
    return "\n\n".join(paragraphs)


def _entry_document(
    entry: Mapping[str, Any], index: int, source: str, outlet: str | None, feed_language: str | None
) -> Document | IngestError:
    """One entry as a Document, or the reason it has no text to read."""
    key = _clean(_get(entry, "id")) or _clean(_get(entry, "link")) or str(index)
    item = f"{source}#{key}"
    body, detail = _entry_body(entry)
    if detail is None:
        return IngestError(item, "entry has no text (no content or summary)")
    if not body:
        return IngestError(item, "entry has no text (its content holds only markup or images)")
    raw = str(_get(detail, "value") or "")
    metadata: dict[str, Any] = {}
    entry_id = _clean(_get(entry, "id"))
    if entry_id:
        metadata["entry_id"] = entry_id
    tags = [t for t in (_clean(_get(tag, "term")) for tag in _get(entry, "tags") or []) if t]
    if tags:
        metadata["tags"] = tags
    summary = _summary_text(entry)
    if summary and summary != body:
        metadata["description"] = summary
    return Document(
        source=item,
        format="feed",
        original_text=body,
        encoding="utf-8",
        raw=raw.encode("utf-8"),
        title=_clean(_get(entry, "title")),
        outlet=outlet,
        author=_author(entry),
        published=_published(entry),
        url=_clean(_get(entry, "link")),
        language=_clean(_get(detail, "language")) or feed_language,
        metadata=metadata,
    )


def _entry_body(entry: Mapping[str, Any]) -> tuple[str, Mapping[str, Any] | None]:
    """The fullest text the entry carries: its longest content block, else its summary."""
    candidates: list[Mapping[str, Any]] = sorted(
        (c for c in _get(entry, "content") or [] if _get(c, "value")),
        key=lambda c: len(str(_get(c, "value"))),
        reverse=True,
    )
    summary = _get(entry, "summary_detail")
    if summary is not None and _get(summary, "value"):
        candidates.append(summary)
    elif _get(entry, "summary"):
        candidates.append({"value": _get(entry, "summary"), "type": "text/html"})
    for detail in candidates:
        text = _detail_text(detail)
        if text:
            return text, detail
    return "", candidates[0] if candidates else None


def _detail_text(detail: Mapping[str, Any]) -> str:
    value = str(_get(detail, "value") or "")
    if str(_get(detail, "type") or "text/html") in _HTML_TYPES:
        return html_to_text(value)
    # text/plain: blank lines separate paragraphs
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n\s*\n", value))
    return "\n\n".join(p for p in paragraphs if p)


def _summary_text(entry: Mapping[str, Any]) -> str | None:
    detail = _get(entry, "summary_detail")
    if detail is None:
        return None
    return _detail_text(detail) or None


def _author(entry: Mapping[str, Any]) -> str | None:
    """Author names; RSS <author> holds "email (Name)", whose name feedparser splits out."""
    names = [_clean(_get(a, "name")) for a in _get(entry, "authors") or []]
    joined = ", ".join(n for n in names if n)
    if joined:
        return joined
    detail = _get(entry, "author_detail")
    if detail is not None and _clean(_get(detail, "name")):
        return _clean(_get(detail, "name"))
    return _clean(_get(entry, "author"))


def _published(entry: Mapping[str, Any]) -> date | None:
    """The publication date as the feed writes it.

    The raw string keeps the feed's own calendar date; feedparser's *_parsed tuples are
    converted to UTC, which moves an evening post in New York to the next day.
    """
    for key in ("published", "updated"):
        raw = _get(entry, key)
        if isinstance(raw, str):
            found = parse_date(raw)
            if found is not None:
                return found
        parsed = _get(entry, f"{key}_parsed")
        if parsed is not None:
            try:
                return date(parsed[0], parsed[1], parsed[2])
            except (TypeError, ValueError, IndexError):
                continue
    return None


def _get(mapping: Mapping[str, Any], key: str) -> Any:
    """Plain dict lookup: FeedParserDict's own lookup warns when it maps updated->published."""
    return dict.get(mapping, key) if isinstance(mapping, dict) else mapping.get(key)


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _short(exc: object) -> str:
    if isinstance(exc, SAXParseException):
        # no line number: feedparser re-declares the encoding before parsing, so the
        # parser's line numbers do not match the file's
        return str(exc.getMessage())
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return message[:120]


def _size(n: int) -> str:
    mb = n / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{n} bytes"
