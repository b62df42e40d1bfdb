"""Bytes to text: UTF-8 first, then a detected charset, else a clear error.

Real corpora hold Windows-1252 pages, UTF-16 exports and binaries with a .txt name; each
must end as text or as one actionable error line, never as mojibake stored silently.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from newsprism.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)
"""C0 control bytes other than tab, newlines, vertical tab, form feed and carriage return."""


def looks_binary(data: bytes) -> bool:
    """True for data no text encoding would produce: NUL bytes or many control characters."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS[1:]):
        return False  # UTF-16/32 text legitimately holds NUL bytes
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return bool(head) and controls / len(head) > 0.05


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return (text, encoding used).

    Raises InputError when the bytes are binary or no encoding fits.
    """
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}; pass a Python codec name") from None
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not valid {encoding} (byte {exc.start}); pass another --encoding"
            ) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                break
    if looks_binary(data):
        raise InputError("binary data, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    western = _as_western(data)
    if western is not None:
        return western, "cp1252"
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding and best.chaos < 0.3:
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    raise InputError(
        f"not UTF-8 (bad byte at offset {utf8_error}) and no charset detected; "
        "pass --encoding latin-1 or the file's encoding"
    )


def _as_western(data: bytes) -> str | None:
    """Decode as Windows-1252 when the result reads like a Latin-script text.

    Short English text fits many single-byte code pages equally well and detectors guess
    wrong (smart quotes come out as Icelandic letters); Windows-1252 is by far the commonest
    legacy encoding of news pages. Latin-script text has accented letters inside mostly-ASCII
    words, while a Cyrillic or Greek text forced through 1252 is almost all non-ASCII letters.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [c for c in text if c.isalpha()]
    foreign = sum(1 for c in letters if ord(c) > 127)
    if not letters or foreign / len(letters) > 0.4:
        return None
    if any("\x80" <= c <= "\x9f" for c in text):
        return None
    return text
