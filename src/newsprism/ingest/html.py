"""Saved news pages: trafilatura finds the article, the page's own markup gives the metadata.

The text layer is what trafilatura kept (headline and body paragraphs, one blank line between
paragraphs); navigation, share buttons, cookie banners and footers never reach it. Metadata
comes only from what the page states (meta tags, JSON-LD, <time>, the canonical URL); a field
the page does not state stays None.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import trafilatura
from trafilatura.metadata import META_URL
from trafilatura.settings import Document as ExtractedPage
from trafilatura.settings import set_date_params
from trafilatura.utils import load_html

from newsprism.errors import InputError
from newsprism.ingest.decode import Decoded, decode_bytes, looks_binary
from newsprism.ingest.nesting import refusal, too_deep
from newsprism.ingest.options import ReadOptions
from newsprism.records import Document, IngestError

# <meta charset="x">, <meta http-equiv="Content-Type" content="text/html; charset=x"> and an
# XHTML prolog's encoding="x"; the HTML spec only looks this far into the page
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:\-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_.:\-]+)""",
    re.IGNORECASE,
)
_SNIFF_BYTES = 4096
# The HTML spec reads these labels as Windows-1252, and so do browsers: pages that say
# "iso-8859-1" routinely hold curly quotes from the 0x80-0x9f range
_AS_WINDOWS_1252 = {"latin_1", "iso8859-1", "ascii"}
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# When a page has no article, trafilatura's fallback returns whatever text the body holds: menu
# items, a headline and a byline, "Accept all". An article has at least one paragraph of prose:
# 40+ characters with a sentence ending inside it.
_SENTENCE_END = re.compile(r"\w[.!?…。！？][\"'”’»)]*(\s|$)")
_MIN_PROSE_CHARS = 40
# Cookie and consent banners are full sentences, so the prose test cannot tell them from an
# article; on a page without one, trafilatura's fallback would return the banner as the text
_CONSENT_MARKERS = (
    "cookie-banner", "cookie-consent", "cookie-notice", "cookie-bar", "cookiebanner",
    "cookieconsent", "cookie-law", "consent-banner", "gdpr",
)  # fmt: skip
_PRUNE_CONSENT = " | ".join(
    f'//*[contains(@id, "{m}") or contains(@class, "{m}")]' for m in _CONSENT_MARKERS
)


def read_html(data: bytes, source: str, options: ReadOptions) -> Iterator[Document | IngestError]:
    """Yield the page's article as one Document, or one IngestError saying why not."""
    if len(data) > options.max_bytes:
        yield IngestError(source, f"file larger than {_size(options.max_bytes)}; raise --max-bytes")
        return
    depth = too_deep(data)
    if depth is not None:
        yield IngestError(source, refusal(depth))
        return
    try:
        text, encoding, guess = decode_html(data, options.encoding)
    except InputError as exc:
        yield IngestError(source, str(exc))
        return
    if guess:
        yield IngestError.warning(source, guess)
    try:
        yield from _extract(text, data, encoding, source)
    except Exception as exc:  # trafilatura/lxml can raise on pathological markup; the batch goes on
        yield IngestError(source, f"HTML could not be parsed: {_short(exc)}")


def decode_html(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode a page, honouring its declared charset before guessing.

    A forced ``encoding`` wins, then a byte-order mark, then the page's <meta charset>; when the
    declaration is unknown or wrong for the bytes, fall back to detection (pages do lie).
    """
    if encoding or data.startswith(_BOMS):
        return decode_bytes(data, encoding)
    declared = declared_charset(data)
    if declared is not None and not looks_binary(data):
        try:
            return Decoded(data.decode(declared), declared)
        except UnicodeDecodeError:
            pass
    return decode_bytes(data)


def declared_charset(data: bytes) -> str | None:
    """The Python codec name for the charset a page declares in its head, if any."""
    match = _DECLARED_CHARSET.search(data[:_SNIFF_BYTES])
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii")
    codec = charset_codec(label)
    if codec is not None and codec.startswith(("utf-16", "utf-32")):
        return "utf-8"  # an ASCII-readable declaration cannot be UTF-16; the spec says UTF-8
    return codec


def charset_codec(label: str) -> str | None:
    """The Python codec for a charset label as browsers read it, or None when unknown."""
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if name in _AS_WINDOWS_1252 else name


def _paragraphs(text: str) -> list[str]:
    """trafilatura's plain text puts one paragraph (or list item, or heading) per line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _extract(
    text: str, data: bytes, encoding: str, source: str
) -> Iterator[Document | IngestError]:
    if not text.strip():
        yield IngestError(source, "empty file (no text)")
        return
    # trafilatura rejects input that does not mention "html" near its start and parses to a
    # single element; a saved fragment (<article>...</article>) is still a page worth reading
    tree = load_html(text)
    if tree is None:
        tree = load_html(f"<html><body>{text}</body></html>")
    if tree is None:
        yield IngestError(source, "not HTML (no parsable markup)")
        return
    language = _page_language(tree)  # read before extraction, which prunes the tree
    result = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_recall=True,
        prune_xpath=_PRUNE_CONSENT,
        # no extensive search: it guesses a date from any date-like text in the body
        date_extraction_params=set_date_params(extensive=False),
    )
    if not isinstance(result, ExtractedPage):  # None: trafilatura found nothing
        yield IngestError(source, "no article text found in HTML")
        return
    paragraphs = _paragraphs(result.text or "")
    if not any(map(_is_prose, paragraphs)):
        yield IngestError(source, "no article text found in HTML")
        return
    url = _clean(result.url)
    yield Document(
        source=source,
        format="html",
        original_text="\n\n".join(paragraphs),
        encoding=encoding,
        raw=data,
        title=_clean(result.title),
        outlet=_outlet(_clean(result.sitename), url),
        author=_clean(result.author),
        published=_parse_date(result.date),
        url=url,
        language=language,
        metadata=_metadata(result),
    )


def _is_prose(paragraph: str) -> bool:
    return len(paragraph) >= _MIN_PROSE_CHARS and _SENTENCE_END.search(paragraph) is not None


def _page_language(tree: Any) -> str | None:
    """The language the page declares: <html lang>, else a content-language meta tag."""
    root = tree.getroottree().getroot()
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        for meta in root.iterfind(".//meta[@http-equiv]"):
            if meta.get("http-equiv", "").lower() == "content-language":
                lang = meta.get("content")
                break
    return _clean(lang)


def _outlet(sitename: str | None, url: str | None) -> str | None:
    """trafilatura's sitename, unless it only copied the domain out of the URL (a guess)."""
    if sitename is None or url is None:
        return sitename
    match = META_URL.match(url)
    return None if match is not None and match[1] == sitename else sitename


def _metadata(result: ExtractedPage) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    description = _clean(result.description)
    if description:
        metadata["description"] = description
    for key in ("tags", "categories"):
        values = _split_terms(getattr(result, key, None) or [])
        if values:
            metadata[key] = values
    return metadata


def _split_terms(values: list[str]) -> list[str]:
    """One term per entry: a keywords meta tag arrives as one comma-separated string."""
    terms: list[str] = []
    for value in values:
        for term in str(value).split(","):
            term = term.strip()
            if term and term not in terms:
                terms.append(term)
    return terms


def _parse_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _short(exc: BaseException) -> str:
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return message[:120]


def _size(n: int) -> str:
    mb = n / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{n} bytes"
