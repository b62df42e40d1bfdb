"""Ingest: read any supported input into cleaned Articles, or IngestErrors saying why not.

``read_input`` is a pure function of one input (plus options and config), so it runs in
worker processes; it never raises for bad input. Readers for heavy formats are imported on
first use: a run over plain-text files never pays for trafilatura's import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from newsprism.config import Config
from newsprism.errors import InputError
from newsprism.ingest.options import ReadOptions
from newsprism.ingest.prepare import prepare
from newsprism.ingest.sources import Input
from newsprism.nlp.language import ANALYSED
from newsprism.nlp.language import name as language_name
from newsprism.records import Article, Document, IngestError

__all__ = ["read_input", "sniff_format"]


def sniff_format(data: bytes) -> str:
    """Guess the reader for bytes with no file name (stdin, URLs without a content type)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"<"):
        from newsprism.ingest.feeds import looks_like_feed

        return "feed" if looks_like_feed(data) else "html"
    return "txt"


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


def _read_bytes(
    data: bytes, fmt: str, source: str, options: ReadOptions
) -> Iterator[Document | IngestError]:
    if fmt == "txt":
        from newsprism.ingest.text import read_text

        return read_text(data, source, options)
    if fmt == "html":
        from newsprism.ingest.html import read_html

        return read_html(data, source, options)
    if fmt == "jsonl":
        from newsprism.ingest.tabular import read_jsonl

        return read_jsonl(data, source, options)
    if fmt == "csv":
        from newsprism.ingest.tabular import read_csv

        return read_csv(data, source, options)
    if fmt == "feed":
        from newsprism.ingest.feeds import looks_like_feed, read_feed

        if not looks_like_feed(data):
            return iter([IngestError(source, "XML file is not an RSS or Atom feed")])
        return read_feed(data, source, options)
    raise ValueError(f"unknown format {fmt!r}")


def read_input(
    inp: Input, options: ReadOptions, config: Config, data: bytes | None = None
) -> list[Article | IngestError]:
    """Read one input completely: every article it holds, and an error for each bad part.

    Errors name the input as the user gave it; articles are keyed by the absolute path
    (or URL), so the same file reached by another relative path is the same source.
    """
    if inp.kind == "url":
        from newsprism.ingest.urls import read_url

        docs: Iterator[Document | IngestError] = read_url(inp.name, options)
        source = inp.name
    else:
        if inp.kind == "stdin":
            data = data or b""
            source = "stdin:" + hashlib.sha256(data).hexdigest()[:16]
            fmt = inp.format or sniff_format(data)
        else:
            if inp.size > options.max_bytes:
                return [
                    IngestError(
                        inp.name,
                        f"file is {_mb(inp.size)}, over the {_mb(options.max_bytes)} limit; "
                        "raise --max-bytes to read it",
                    )
                ]
            try:
                data = Path(inp.name).read_bytes()
            except PermissionError:
                return [IngestError(inp.name, "permission denied; check the file's permissions")]
            except OSError as exc:
                return [IngestError(inp.name, f"cannot read ({exc.strerror})")]
            source = str(Path(inp.name).resolve())
            fmt = inp.format or "txt"
        if len(data) > options.max_bytes:
            return [
                IngestError(
                    inp.name, f"input is {_mb(len(data))}, over the limit; raise --max-bytes"
                )
            ]
        docs = _read_bytes(data, fmt, source, options)
    results: list[Article | IngestError] = []
    for doc in docs:
        if isinstance(doc, IngestError):
            results.append(_shown(doc, source, inp.name))
            continue
        try:
            article = prepare(replace(doc, fingerprint=inp.fingerprint), config)
        except InputError as exc:
            results.append(_shown(IngestError(doc.source, str(exc)), source, inp.name))
            continue
        results.append(article)
        if article.language is not None and article.language not in ANALYSED:
            results.append(_shown(unsupported(doc.source, article.language), source, inp.name))
    return results


def unsupported(path: str, language: str) -> IngestError:
    """The one line an article in a language newsprism does not analyse gets."""
    return IngestError.warning(
        path,
        f"language {language} ({language_name(language)}) is not supported; stored and"
        " searchable, not analysed",
    )


def _shown(error: IngestError, source: str, shown: str) -> IngestError:
    """Name an error's path as the user typed it, keeping any record suffix (#17)."""
    if error.path.startswith(source):
        return replace(error, path=shown + error.path[len(source) :])
    return error
