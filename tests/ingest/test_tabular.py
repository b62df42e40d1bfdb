"""read_jsonl / read_csv: loosely named columns, and one bad record never costs the others."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from newsprism.ingest.options import ReadOptions
from newsprism.ingest.tabular import parse_date, read_csv, read_jsonl
from newsprism.records import Document, IngestError

OPTIONS = ReadOptions()
TEXT = "The city council approved the harbour bridge on Monday. Opponents warned about costs."


def jsonl(*records: object) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records).encode()


def docs(items: list[Document | IngestError]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def errors(items: list[Document | IngestError]) -> list[IngestError]:
    return [item for item in items if isinstance(item, IngestError)]


# --- JSONL -------------------------------------------------------------------------------


def test_jsonl_record_fields_and_metadata() -> None:
    data = jsonl(
        {
            "text": TEXT,
            "title": "Council approves bridge",
            "url": "https://herald.example/bridge",
            "date": "2024-03-12T09:30:00+00:00",
            "outlet": "The Coastal Herald",
            "author": "Priya Natarajan",
            "section": "Local",
            "word_count": 412,
            "tags": ["transport", "council"],
        }
    )
    [doc] = read_jsonl(data, "corpus.jsonl", OPTIONS)

    assert doc == Document(
        source="corpus.jsonl#1",
        format="jsonl",
        original_text=TEXT,
        encoding="utf-8",
        title="Council approves bridge",
        outlet="The Coastal Herald",
        author="Priya Natarajan",
        published=date(2024, 3, 12),
        url="https://herald.example/bridge",
        metadata={"section": "Local", "word_count": 412, "tags": ["transport", "council"]},
    )


def test_jsonl_column_aliases() -> None:
    data = jsonl(
        {"body": TEXT, "published_at": "September 14, 2020", "site": "Valley Post"},
        {"content": TEXT, "published": "14 September 2020", "source": "Le Courrier"},
    )
    first, second = read_jsonl(data, "c.jsonl", OPTIONS)

    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.original_text, first.published, first.outlet) == (
        TEXT,
        date(2020, 9, 14),
        "Valley Post",
    )
    assert (second.original_text, second.published, second.outlet) == (
        TEXT,
        date(2020, 9, 14),
        "Le Courrier",
    )
    assert first.metadata == {} and second.metadata == {}


def test_jsonl_malformed_line_in_the_middle() -> None:
    data = jsonl(
        {"text": "First article. It is fine."},
        '{"text": "Second article." "title": "missing comma"}',
        {"text": "Third article. Also fine."},
    )
    items = list(read_jsonl(data, "corpus.jsonl", OPTIONS))

    assert items[1] == IngestError(
        "corpus.jsonl", "malformed JSON on line 2: Expecting ',' delimiter (column 28)"
    )
    assert [(d.source, d.original_text) for d in docs(items)] == [
        ("corpus.jsonl#1", "First article. It is fine."),
        ("corpus.jsonl#3", "Third article. Also fine."),
    ]


def test_jsonl_per_record_errors_and_line_numbers() -> None:
    data = jsonl(
        {"text": "Line one. Good."},
        "",  # blank lines are skipped but still counted
        '["not", "an", "object"]',
        '"just a string"',
        {"title": "No text at all"},
        {"text": "   ", "title": "Blank text"},
        {"text": 42},
        '{"text": "Truncated rec',
        {"body": "Line nine. Good."},
    )
    items = list(read_jsonl(data, "c.jsonl", OPTIONS))

    assert errors(items) == [
        IngestError("c.jsonl", "line 3: expected a JSON object, got an array"),
        IngestError("c.jsonl", "line 4: expected a JSON object, got a string"),
        IngestError("c.jsonl", "line 5: no text field (expected 'text', 'body' or 'content')"),
        IngestError("c.jsonl", "line 6: empty text"),
        IngestError("c.jsonl", "line 7: text is a number, expected a string"),
        IngestError(
            "c.jsonl", "malformed JSON on line 8: Unterminated string starting at column 10"
        ),
    ]
    assert [d.source for d in docs(items)] == ["c.jsonl#1", "c.jsonl#9"]


def test_jsonl_unparseable_date_is_kept_raw() -> None:
    data = jsonl(
        {"text": TEXT, "date": "last Tuesday"},
        {"text": TEXT, "date": "03/04/2021"},  # day-first or month-first? refuse to guess
        {"text": TEXT, "date": 1599999999},
    )
    items = docs(list(read_jsonl(data, "c.jsonl", OPTIONS)))

    assert [(d.published, d.metadata) for d in items] == [
        (None, {"date_raw": "last Tuesday"}),
        (None, {"date_raw": "03/04/2021"}),
        (None, {"date_raw": "1599999999"}),
    ]


def test_jsonl_keeps_unicode_line_separators_inside_strings() -> None:
    text = "First paragraph.\u2028Still the same record."
    [doc] = read_jsonl(json.dumps({"text": text}, ensure_ascii=False).encode(), "c", OPTIONS)

    assert isinstance(doc, Document)
    assert doc.original_text == text


def test_jsonl_record_over_max_bytes() -> None:
    data = jsonl({"text": "x" * 2000}, {"text": "Short. Fine."})
    items = list(read_jsonl(data, "c.jsonl", ReadOptions(max_bytes=1000)))

    assert items[0] == IngestError(
        "c.jsonl", "line 1: record larger than 1000 bytes; raise --max-bytes"
    )
    assert [d.source for d in docs(items)] == ["c.jsonl#2"]


def test_jsonl_with_bom_and_crlf() -> None:
    data = b"\xef\xbb\xbf" + jsonl({"text": "One."}, {"text": "Two."}).replace(b"\n", b"\r\n")
    items = list(read_jsonl(data, "c.jsonl", OPTIONS))

    assert [d.original_text for d in docs(items)] == ["One.", "Two."]
    assert all(d.encoding == "utf-8-sig" for d in docs(items))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file (no records)"),
        (b"\n\n  \n", "empty file (no records)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "binary data, not text"),
    ],
)
def test_jsonl_whole_file_errors(data: bytes, reason: str) -> None:
    assert list(read_jsonl(data, "c.jsonl", OPTIONS)) == [IngestError("c.jsonl", reason)]


def test_jsonl_stray_nul_byte_fails_only_its_line() -> None:
    data = jsonl({"text": "Good one."}) + b'\n{"text": "bad\x00"}\n' + jsonl({"text": "Good two."})
    items = list(read_jsonl(data, "c.jsonl", OPTIONS))

    assert errors(items) == [
        IngestError("c.jsonl", "malformed JSON on line 2: Invalid control character at column 14")
    ]
    assert [d.original_text for d in docs(items)] == ["Good one.", "Good two."]


# --- CSV ---------------------------------------------------------------------------------


def test_csv_rows_fields_and_metadata() -> None:
    data = (
        "title,text,date,outlet,author,url,section\n"
        'Bridge approved,"Councillors approved the bridge. It costs £40m, officials said.",'
        "2024-03-12,The Coastal Herald,Priya Natarajan,https://herald.example/b,Local\n"
        'Ferry cut,Ferries will run four sailings a day.,"Mon, 11 Mar 2024 17:05:00 +0000",'
        ",,,\n"
    ).encode()
    first, second = read_csv(data, "export.csv", OPTIONS)

    assert first == Document(
        source="export.csv#1",
        format="csv",
        original_text="Councillors approved the bridge. It costs £40m, officials said.",
        encoding="utf-8",
        title="Bridge approved",
        outlet="The Coastal Herald",
        author="Priya Natarajan",
        published=date(2024, 3, 12),
        url="https://herald.example/b",
        metadata={"section": "Local"},
    )
    assert isinstance(second, Document)
    assert (second.source, second.published, second.outlet, second.metadata) == (
        "export.csv#2",
        date(2024, 3, 11),
        None,
        {},
    )


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_sniffs_the_delimiter(delimiter: str) -> None:
    rows = [
        ["headline", "body", "site"],
        ["It's official", "The mayor said it's done; the vote was 31-12, he added.", "Herald"],
        ["Second", "Plain text without any delimiter in it at all.", "Post"],
    ]
    data = "\n".join(
        delimiter.join(f'"{cell}"' if delimiter in cell else cell for cell in row) for row in rows
    ).encode()
    first, second = read_csv(data, "x.csv", OPTIONS)

    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.original_text == "The mayor said it's done; the vote was 31-12, he added."
    assert first.outlet == "Herald"
    assert first.metadata == {"headline": "It's official"}
    assert second.original_text == "Plain text without any delimiter in it at all."


def test_csv_ragged_row_is_an_error_and_the_rest_survive() -> None:
    data = (
        b"title,text,date\n"
        b"One,First article text.,2024-01-01\n"
        b"Two,Second article, with an unquoted comma.,2024-01-02\n"
        b"Three\n"
        b"Four,Fourth article text.,2024-01-04\n"
    )
    items = list(read_csv(data, "x.csv", OPTIONS))

    assert errors(items) == [
        IngestError("x.csv", "row 2: expected 3 fields, found 4"),
        IngestError("x.csv", "row 3: expected 3 fields, found 1"),
    ]
    assert [(d.source, d.title) for d in docs(items)] == [("x.csv#1", "One"), ("x.csv#4", "Four")]


def test_csv_malformed_quoting_and_nul_bytes() -> None:
    data = (
        b"title,text\n"
        b"One,First article text.\n"
        b'Two,"Quoted" then junk\n'
        b"Three,Has a \x00 NUL byte.\n"
        b"Four,Fourth article text.\n"
    )
    items = list(read_csv(data, "x.csv", OPTIONS))

    assert errors(items) == [
        IngestError("x.csv", "row 2: malformed CSV: ',' expected after '\"'"),
        IngestError("x.csv", "row 3: contains NUL bytes (a damaged export?)"),
    ]
    assert [d.source for d in docs(items)] == ["x.csv#1", "x.csv#4"]


def test_csv_empty_text_and_unparseable_date() -> None:
    data = b"text,date\n,2024-01-01\nReal text here.,sometime in May\n"
    items = list(read_csv(data, "x.csv", OPTIONS))

    assert items[0] == IngestError("x.csv", "row 1: empty text")
    assert isinstance(items[1], Document)
    assert items[1].published is None
    assert items[1].metadata == {"date_raw": "sometime in May"}


def test_csv_without_a_text_column() -> None:
    data = b"headline,summary,link\nBridge approved,The council voted.,https://x.example\n"

    assert list(read_csv(data, "x.csv", OPTIONS)) == [
        IngestError(
            "x.csv",
            "no text column (found 'headline', 'summary', 'link'); "
            "name the article column 'text', 'body' or 'content'",
        )
    ]


def test_csv_with_bom_multiline_cells_and_header_case() -> None:
    text = "Councillors approved the bridge.\r\n\r\nOpponents warned about costs."
    data = b'\xef\xbb\xbfTitle,Text\r\nBridge,"' + text.encode() + b'"\r\n'
    [doc] = read_csv(data, "x.csv", OPTIONS)

    assert isinstance(doc, Document)
    assert doc.title == "Bridge"
    assert doc.original_text == text
    assert doc.encoding == "utf-8-sig"


def test_csv_in_windows_1252() -> None:
    data = "title;text\nGrève;Près de 600 vols annulés à Orly – « c’est inédit ».\n".encode(
        "cp1252"
    )
    [warning, doc] = read_csv(data, "x.csv", OPTIONS)

    assert isinstance(warning, IngestError) and warning.is_warning
    assert "read as Windows-1252 (cp1252)" in warning.reason
    assert isinstance(doc, Document)
    assert doc.encoding == "cp1252"
    assert doc.original_text == "Près de 600 vols annulés à Orly – « c’est inédit »."


def test_csv_text_longer_than_the_csv_module_default_limit() -> None:
    body = "word " * 40_000  # 200 KB, over csv's 128 KiB default field limit
    [doc] = read_csv(f"text\n{body}\n".encode(), "x.csv", OPTIONS)

    assert isinstance(doc, Document)
    assert doc.original_text == body


def test_csv_row_over_max_bytes() -> None:
    data = f"text\n{'x' * 2000}\nShort one.\n".encode()
    items = list(read_csv(data, "x.csv", ReadOptions(max_bytes=1000)))

    assert items[0] == IngestError(
        "x.csv", "row 1: record larger than 1000 bytes; raise --max-bytes"
    )
    assert [d.source for d in docs(items)] == ["x.csv#2"]


def test_csv_empty_file() -> None:
    assert list(read_csv(b"\n\n", "x.csv", OPTIONS)) == [
        IngestError("x.csv", "empty file (no rows)")
    ]


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-09-14", date(2020, 9, 14)),
        ("2020-09-14T23:30:00-07:00", date(2020, 9, 14)),  # the date as stated, not UTC
        ("2020-09-14T10:00:00Z", date(2020, 9, 14)),
        ("2020-09-14 10:00:00", date(2020, 9, 14)),
        ("2020-09-14T10:00:00.123456+02:00", date(2020, 9, 14)),
        ("Mon, 14 Sep 2020 10:00:00 +0000", date(2020, 9, 14)),
        ("14 Sep 2020 10:00:00 GMT", date(2020, 9, 14)),
        ("September 14, 2020", date(2020, 9, 14)),
        ("Sept. 14, 2020", date(2020, 9, 14)),
        ("Sep 14 2020", date(2020, 9, 14)),
        ("14 September 2020", date(2020, 9, 14)),
        ("14 Sep 2020", date(2020, 9, 14)),
        ("2020/09/14", date(2020, 9, 14)),
        ("  2020-09-14  ", date(2020, 9, 14)),
        ("09/14/2020", None),
        ("14/09/2020", None),
        ("2020-02-30", None),
        ("yesterday", None),
        ("Mon, 14 Sep 2020 99:00:00 +0000", None),
        ("", None),
    ],
)
def test_parse_date(value: str, expected: date | None) -> None:
    assert parse_date(value) == expected


def test_a_one_sentence_record_with_a_date_is_a_text_not_a_dateline(tmp_path: Path) -> None:
    """A news brief of one dated sentence keeps its text; a real dateline still goes."""
    from newsprism.ingest.segments import dateline

    assert dateline("Putin met Lukashenko in Sochi on September 14, 2020.") is None
    assert dateline("Global Research, September 14, 2020") is not None
    assert dateline("Published on 3 May 2021 at 10:32 am") is not None
    brief = {"title": "Sochi talks", "text": "Putin met Lukashenko in Sochi on September 14, 2020."}
    (tmp_path / "briefs.jsonl").write_text(json.dumps(brief) + "\n", encoding="utf-8")
    from typer.testing import CliRunner

    from newsprism.cli import app

    db = str(tmp_path / "b.db")
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "--db", db, "--only-ingest"])
    assert result.exit_code == 0, result.stderr
    search = CliRunner().invoke(app, ["search", "Sochi", "--db", db])
    assert "Sochi talks" in search.stdout
