"""Article collections as JSONL or CSV: one record per article, columns named loosely.

Exports from scrapers and spreadsheets disagree on column names ("body", "published_at",
"site"), so each field accepts a few aliases; every other column rides along in
``Document.metadata``. A bad record is reported by its line or row number and the rest of the
file is still read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from newsprism.errors import InputError
from newsprism.ingest.decode import Decoded, decode_bytes
from newsprism.ingest.options import ReadOptions
from newsprism.records import Document, IngestError

TEXT_KEYS = ("text", "body", "content")
TITLE_KEYS = ("title",)
URL_KEYS = ("url",)
DATE_KEYS = ("date", "published", "published_at")
OUTLET_KEYS = ("outlet", "source", "site")
AUTHOR_KEYS = ("author",)
LANGUAGE_KEYS = ("language", "lang")

_TEXT_NAMES = "'text', 'body' or 'content'"
_DELIMITERS = ",;\t"
_SNIFF_CHARS = 64 * 1024
# A few stray NUL bytes (a crashed exporter, a pasted control character) damage one record,
# not the file. UTF-16 without a BOM is about half NUL bytes, so a small share cannot be it.
_MAX_STRAY_NUL_SHARE = 0.02

# "September 14, 2020", "Sept. 14 2020", "14 September 2020", "14 Sep 2020", "2020/09/14"
_DATE_FORMATS = ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d")
_DATE_NOISE = re.compile(r"(?<=[A-Za-z])\.|,")


def read_jsonl(data: bytes, source: str, options: ReadOptions) -> Iterator[Document | IngestError]:
    """Yield one Document per JSON object line; ``source#N`` names line N (1-based)."""
    try:
        text, encoding, guess = _decode(data, options.encoding)
    except InputError as exc:
        yield IngestError(source, str(exc))
        return
    if guess:
        yield IngestError.warning(source, guess)
    found_any = False
    # split on "\n" only: str.splitlines() also breaks on U+2028 and friends, which JSON
    # strings may hold unescaped
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        found_any = True
        if len(line.encode("utf-8")) > options.max_bytes:
            yield IngestError(
                source,
                f"line {n}: record larger than {_size(options.max_bytes)}; raise --max-bytes",
            )
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(source, f"malformed JSON on line {n}: {_json_problem(exc)}")
            continue
        except RecursionError:
            yield IngestError(source, f"malformed JSON on line {n}: nested too deeply")
            continue
        if not isinstance(record, dict):
            yield IngestError(source, f"line {n}: expected a JSON object, got {_json_type(record)}")
            continue
        yield _document(record, f"{source}#{n}", "jsonl", encoding, source, f"line {n}")
    if not found_any:
        yield IngestError(source, "empty file (no records)")


def read_csv(data: bytes, source: str, options: ReadOptions) -> Iterator[Document | IngestError]:
    """Yield one Document per data row; ``source#N`` names data row N (1-based, header excluded)."""
    try:
        text, encoding, guess = _decode(data, options.encoding)
    except InputError as exc:
        yield IngestError(source, str(exc))
        return
    if guess:
        yield IngestError.warning(source, guess)
    text = text.removeprefix("\ufeff")
    # the default limit (128 KiB per field) is smaller than a long article; raising it is
    # process-wide but only ever loosens the limit
    if csv.field_size_limit() < options.max_bytes:
        csv.field_size_limit(options.max_bytes)
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text), strict=True
    )
    rows = _rows(reader)
    header: list[str] | None = None
    for row in rows:
        if isinstance(row, str):
            yield IngestError(source, f"header: {row}")
            return
        if any(cell.strip() for cell in row):
            header = [cell.strip().removeprefix("\ufeff") for cell in row]
            break
    if header is None:
        yield IngestError(source, "empty file (no rows)")
        return
    if not _has_key(header, TEXT_KEYS):
        found = ", ".join(repr(name) for name in header if name) or "none"
        yield IngestError(
            source, f"no text column (found {found}); name the article column {_TEXT_NAMES}"
        )
        return
    n = 0
    for row in rows:
        if isinstance(row, list) and not any(cell.strip() for cell in row):
            continue  # blank line
        n += 1
        where = f"row {n}"
        if isinstance(row, str):
            yield IngestError(source, f"{where}: malformed CSV: {row}")
            continue
        if len(row) != len(header):
            yield IngestError(source, f"{where}: expected {len(header)} fields, found {len(row)}")
            continue
        if any("\x00" in cell for cell in row):
            yield IngestError(source, f"{where}: contains NUL bytes (a damaged export?)")
            continue
        if sum(len(cell.encode("utf-8")) for cell in row) > options.max_bytes:
            yield IngestError(
                source, f"{where}: record larger than {_size(options.max_bytes)}; raise --max-bytes"
            )
            continue
        yield _document(
            dict(zip(header, row, strict=True)), f"{source}#{n}", "csv", encoding, source, where
        )
    if n == 0:
        yield IngestError(source, "no data rows, only a header")


def parse_date(value: str) -> date | None:
    """A publication date from the forms news exports use, or None; never a guess.

    Accepts ISO 8601 dates and datetimes, RFC 2822 ("Mon, 14 Sep 2020 10:00:00 +0000") and
    spelled-out English dates ("September 14, 2020", "14 Sep 2020"). A datetime keeps the
    calendar date it states in its own time zone. Ambiguous forms such as 09/10/2020 are refused.
    """
    value = value.strip()
    if not value:
        return None
    iso = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        return (
            datetime.fromisoformat(iso).date()
            if "T" in iso or " " in iso
            else date.fromisoformat(iso)
        )
    except ValueError:
        pass
    if re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}", value):
        try:
            return parsedate_to_datetime(value).date()
        except (ValueError, TypeError, IndexError):
            pass
    spelled = " ".join(_DATE_NOISE.sub(" ", value).split())
    spelled = re.sub(r"^Sept\b", "Sep", spelled, flags=re.IGNORECASE)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(spelled, fmt).date()
        except ValueError:
            continue
    return None


def _document(
    record: Mapping[str, Any], item: str, fmt: str, encoding: str, path: str, where: str
) -> Document | IngestError:
    """Map a record's loosely named columns onto a Document, or say what is wrong with it."""
    keys = {str(key).strip().lower(): key for key in record}
    used: set[Any] = set()

    def pick(aliases: Iterable[str]) -> tuple[Any, Any]:
        """The first alias with a non-empty value, as (original key, value)."""
        for alias in aliases:
            key = keys.get(alias)
            if key is not None and not _is_empty(record[key]):
                return key, record[key]
        return None, None

    text_key, text = pick(TEXT_KEYS)
    if text_key is None:
        if any(alias in keys for alias in TEXT_KEYS):
            return IngestError(path, f"{where}: empty text")
        return IngestError(path, f"{where}: no text field (expected {_TEXT_NAMES})")
    if not isinstance(text, str):
        return IngestError(path, f"{where}: text is {_json_type(text)}, expected a string")
    if not text.strip():
        return IngestError(path, f"{where}: empty text")
    used.add(text_key)

    fields: dict[str, str | None] = {}
    for name, aliases in (
        ("title", TITLE_KEYS),
        ("url", URL_KEYS),
        ("outlet", OUTLET_KEYS),
        ("author", AUTHOR_KEYS),
        ("language", LANGUAGE_KEYS),
    ):
        key, value = pick(aliases)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            fields[name] = " ".join(str(value).split())
            used.add(key)
        else:
            fields[name] = None  # a list or object stays in metadata as loaded

    metadata: dict[str, Any] = {}
    published = None
    date_key, raw_date = pick(DATE_KEYS)
    if date_key is not None:
        used.add(date_key)
        published = parse_date(raw_date) if isinstance(raw_date, str) else None
        if published is None:
            metadata["date_raw"] = raw_date if isinstance(raw_date, str) else json.dumps(raw_date)
    for key, value in record.items():
        if key not in used and not _is_empty(value):
            metadata[str(key)] = value
    return Document(
        source=item,
        format=fmt,
        original_text=text,
        encoding=encoding,
        title=fields["title"],
        outlet=fields["outlet"],
        author=fields["author"],
        published=published,
        url=fields["url"],
        language=fields["language"],
        metadata=metadata,
    )


def _decode(data: bytes, encoding: str | None) -> Decoded:
    """decode_bytes, but a few stray NUL bytes fail their record instead of the whole file."""
    nuls = data.count(b"\x00")
    if encoding or not nuls or nuls > len(data) * _MAX_STRAY_NUL_SHARE:
        return decode_bytes(data, encoding)
    _, used, guess = decode_bytes(data.replace(b"\x00", b""))
    # every encoding decode_bytes picks for NUL-free, non-UTF-16 text maps byte 0 to U+0000
    return Decoded(data.decode(used), used, guess)


def _sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab; the header line settles it when the sniffer cannot.

    Only the delimiter is taken from csv.Sniffer: on news text it often mistakes the
    apostrophes of "it's" for a quote character.
    """
    sample = text[:_SNIFF_CHARS]
    first_line = sample.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        delimiter = ""
    if delimiter not in first_line or not delimiter:
        delimiter = max(_DELIMITERS, key=first_line.count)
    return delimiter


def _json_problem(exc: json.JSONDecodeError) -> str:
    """The decoder's message with its column: its messages ("Unterminated string starting
    at") read as cut off without the position they refer to."""
    if exc.msg.endswith(" at"):
        return f"{exc.msg} column {exc.colno}"
    return f"{exc.msg} (column {exc.colno})"


def _rows(reader: Iterator[list[str]]) -> Iterator[list[str] | str]:
    """The reader's rows, with a malformed row given as its error message instead of raising."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield str(exc)


def _has_key(header: list[str], aliases: tuple[str, ...]) -> bool:
    names = {name.lower() for name in header}
    return any(alias in names for alias in aliases)


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    return "a string" if isinstance(value, str) else "an object"


def _size(n: int) -> str:
    mb = n / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{n} bytes"
