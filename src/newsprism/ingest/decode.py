"""Bytes to text: UTF-8 first, then a detected charset, else a clear error.

Real corpora hold Windows-1252 pages, UTF-16 exports and binaries with a .txt name; each
must end as text or as one actionable error line, never as mojibake stored silently.
"""

from __future__ import annotations

import codecs
from typing import NamedTuple

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


class Decoded(NamedTuple):
    """Text, the codec that gave it, and a note for the user when that codec was a guess."""

    text: str
    encoding: str
    guess: str | None = None
    """Why the codec was guessed ("not valid UTF-8 …; read as cp1252"), or None."""


def utf16_or_32_without_bom(data: bytes) -> str | None:
    """The UTF-16/32 codec of BOM-less text, or None.

    Each codec is tried on the head: the right one gives letters of alphabetic scripts
    (Latin to Cyrillic and Greek), spaces and punctuation; a wrong byte order or width gives
    code points out of range, NULs or a scatter of CJK and private-use characters, and
    binary data gives nothing readable in any of them.
    """
    for codec, unit in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        if len(data) % unit:
            continue
        head = data[: 8192 - 8192 % unit]
        try:
            text = head.decode(codec)
        except UnicodeDecodeError:
            if len(head) == len(data):
                continue
            try:  # the head may end inside a surrogate pair
                text = head[:-unit].decode(codec)
            except UnicodeDecodeError:
                continue
        if text and "\x00" not in text and _alphabetic_share(text) > 0.95:
            return codec
    return None


def _alphabetic_share(text: str) -> float:
    fit = sum(
        1
        for c in text
        if c in "\t\n\r" or (c.isprintable() and (ord(c) < 0x590 or 0x2000 <= ord(c) < 0x2070))
    )
    return fit / len(text)


def looks_binary(data: bytes) -> bool:
    """True for data no text encoding would produce: NUL bytes or many control characters."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS[1:]):
        return False  # UTF-16/32 text legitimately holds NUL bytes
    if b"\x00" in head:
        return utf16_or_32_without_bom(data) is None
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return bool(head) and controls / len(head) > 0.05


def decode_bytes(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode ``data``: a given encoding, a byte-order mark, UTF-8, then a guess (with a note
    saying so, which becomes a warning on the article).

    Raises InputError when the bytes are binary or no encoding fits.
    """
    if encoding:
        try:
            return Decoded(data.decode(encoding), encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}; pass a Python codec name") from None
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not valid {encoding} (byte {exc.start}); pass another --encoding"
            ) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(name), name)
            except UnicodeDecodeError:
                break
    wide = utf16_or_32_without_bom(data) if b"\x00" in data[:8192] else None
    if wide is not None:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError:
            text = ""
        if text and "\x00" not in text:
            return Decoded(
                text,
                wide,
                f"no byte-order mark; read as {wide.upper()} "
                "(told by its zero bytes); pass --encoding if that is wrong",
            )
    if looks_binary(data):
        raise InputError("binary data, not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    not_utf8 = f"not valid UTF-8 (bad byte at offset {utf8_error})"
    western = _as_western(data)
    if western is not None:
        return Decoded(
            western,
            "cp1252",
            f"{not_utf8}; read as Windows-1252 (cp1252), pass --encoding if that is wrong",
        )
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding and best.chaos < 0.3:
        try:
            return Decoded(
                data.decode(best.encoding),
                best.encoding,
                f"{not_utf8}; read as {best.encoding} (detected), pass --encoding if that is wrong",
            )
        except (UnicodeDecodeError, LookupError):
            pass
    raise InputError(
        f"{not_utf8} and no charset detected; pass --encoding latin-1 or the file's encoding"
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
