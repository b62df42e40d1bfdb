"""Plain-text articles: the first non-empty line is the title (as in the seeds).

The title is settled later by the boilerplate pass, which knows when the first line is a
masthead rather than the headline; this reader only decodes.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsprism.errors import InputError
from newsprism.ingest.decode import decode_bytes
from newsprism.ingest.options import ReadOptions
from newsprism.records import Document, IngestError


def read_text(data: bytes, source: str, options: ReadOptions) -> Iterator[Document | IngestError]:
    try:
        text, encoding, guess = decode_bytes(data, options.encoding)
    except InputError as exc:
        yield IngestError(source, str(exc))
        return
    if not text.strip():
        yield IngestError(source, "empty file (no text)")
        return
    if guess:
        yield IngestError.warning(source, guess)
    yield Document(source=source, format="txt", original_text=text, encoding=encoding)
