"""read_html on saved news pages: the article survives, the page furniture does not."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsprism.ingest.html import charset_codec, declared_charset, decode_html, read_html
from newsprism.ingest.options import ReadOptions
from newsprism.records import Document, IngestError

FIXTURES = Path(__file__).parent.parent / "fixtures" / "html"
OPTIONS = ReadOptions()


def read_one(data: bytes, options: ReadOptions = OPTIONS) -> Document | IngestError:
    """The page's one Document or error (a warning beside it is checked where it matters)."""
    items = [i for i in read_html(data, "page.html", options)
             if not (isinstance(i, IngestError) and i.is_warning)]  # fmt: skip
    assert len(items) == 1
    return items[0]


def read_doc(name: str) -> Document:
    doc = read_one((FIXTURES / name).read_bytes())
    assert isinstance(doc, Document), doc
    return doc


def test_news_page_article_text_and_metadata() -> None:
    data = (FIXTURES / "harbour_bridge.html").read_bytes()
    doc = read_doc("harbour_bridge.html")

    assert doc.source == "page.html"
    assert doc.format == "html"
    assert doc.raw == data
    assert doc.encoding == "utf-8"
    assert doc.title == "Council approves £40m harbour bridge after two-year delay"
    assert doc.author == "Priya Natarajan"
    assert doc.published == date(2024, 3, 12)
    assert doc.outlet == "The Coastal Herald"
    assert doc.url == "https://www.coastalherald.example/news/2024/03/12/harbour-bridge-approved"
    assert doc.language == "en-GB"
    assert doc.metadata == {
        "description": "Councillors voted 31 to 12 in favour of the new crossing.",
        "tags": ["transport", "local politics", "infrastructure"],
        "categories": ["Local news"],
    }


def test_news_page_keeps_paragraphs_and_drops_page_furniture() -> None:
    doc = read_doc("harbour_bridge.html")
    paragraphs = doc.original_text.split("\n\n")

    # the headline, then the five body paragraphs, each whole
    assert len(paragraphs) == 6
    assert paragraphs[0] == "Council approves £40m harbour bridge after two-year delay"
    assert paragraphs[1].startswith("Councillors have approved plans for a £40m bridge")
    assert paragraphs[3].startswith("“This is the most important transport decision")
    assert paragraphs[5].endswith("shipping would not be disrupted during the main works.")
    assert all(p == p.strip() and "\n" not in p for p in paragraphs)
    for furniture in (
        "We use cookies",  # cookie banner
        "Subscribe for £1 a week",  # navigation
        "Share on Twitter",  # share buttons
        "Ferry timetable cut again",  # related stories
        "All rights reserved",  # footer
        "Privacy policy",
        "dataLayer",  # script
    ):
        assert furniture not in doc.original_text


def test_metadata_from_json_ld_only() -> None:
    doc = read_doc("jsonld_only.html")

    assert doc.title == "Drought pushes reservoir to record low"
    assert doc.author == "Marcus Oyelaran"
    assert doc.published == date(2022, 8, 3)
    assert doc.outlet == "Valley Daily Post"
    assert doc.language == "en-US"
    assert len(doc.original_text.split("\n\n")) == 4
    for furniture in ("Log in", "Obituaries", "Most read", "WhatsApp", "400 Main Street"):
        assert furniture not in doc.original_text


def test_metadata_the_page_does_not_state_stays_none() -> None:
    doc = read_doc("storm_no_metadata.html")

    # "3 February 2021" in the body and "2019" in the footer are not publication dates
    assert doc.published is None
    assert doc.author is None
    assert doc.outlet is None
    assert doc.url is None
    assert doc.language is None
    assert doc.metadata == {}
    assert doc.title == "Storm closes schools"
    assert "Copyright 2019" not in doc.original_text
    assert "Guidance first issued on 3 February 2021" in doc.original_text


def test_windows_1252_page_declared_by_meta_charset() -> None:
    doc = read_doc("greve_orly_windows1252.html")

    assert doc.encoding == "cp1252"
    assert doc.title == "Grève des contrôleurs aériens : 600 vols annulés à Orly"
    assert doc.author == "Hélène Dubreuil"
    assert doc.outlet == "Le Courrier du Sud"
    assert doc.published == date(2023, 9, 14)
    assert doc.language == "fr"
    assert "à l’aéroport d’Orly" in doc.original_text
    assert "près de 3 € par billet" in doc.original_text
    assert "« Nous regrettons la gêne occasionnée »" in doc.original_text
    assert "Mentions légales" not in doc.original_text
    assert "Ã" not in doc.original_text  # no mojibake


def test_greek_page_in_windows_1253() -> None:
    doc = read_doc("kafsonas_windows1253.html")

    assert doc.encoding == "cp1253"
    assert doc.title == "Καύσωνας στην Αθήνα"
    assert doc.language == "el"
    assert "43 βαθμούς Κελσίου" in doc.original_text
    assert "Όροι χρήσης" not in doc.original_text


def _page(body: str, charset: str = "utf-8") -> str:
    return (
        f'<html><head><meta charset="{charset}"><title>T</title></head><body><article>'
        f"<h1>Minister resigns</h1><p>{body}</p>"
        "<p>The resignation takes effect immediately, the prime minister's office said.</p>"
        "</article></body></html>"
    )


def test_iso_8859_1_label_is_read_as_windows_1252() -> None:
    # the bytes 0x93/0x94 are curly quotes in Windows-1252 and control characters in Latin-1
    html = _page(
        "\u201cI have no regrets,\u201d the minister told reporters on Friday.", "ISO-8859-1"
    )
    doc = read_one(html.encode("cp1252"))

    assert isinstance(doc, Document)
    assert doc.encoding == "cp1252"
    assert "“I have no regrets,” the minister told reporters" in doc.original_text


def test_meta_charset_beats_detection() -> None:
    # valid UTF-8 bytes, but the page says KOI8-R: the declaration wins, as in a browser
    html = _page("Министр подал в отставку в пятницу вечером после долгих споров.", "koi8-r")
    data = html.encode("koi8-r")
    doc = read_one(data)

    assert isinstance(doc, Document)
    assert doc.encoding == "koi8-r"
    assert "Министр подал в отставку" in doc.original_text


def test_a_wrong_meta_charset_falls_back_to_detection() -> None:
    # declares UTF-8 but holds Windows-1252 bytes, as many old CMS templates do
    html = _page("Le ministre a démissionné vendredi soir après une longue dispute.", "utf-8")
    doc = read_one(html.encode("cp1252"))

    assert isinstance(doc, Document)
    assert doc.encoding == "cp1252"
    assert "a démissionné vendredi" in doc.original_text
    # the fallback is said, not silent
    [warning] = [i for i in read_html(html.encode("cp1252"), "page.html", OPTIONS)
                 if isinstance(i, IngestError)]  # fmt: skip
    assert warning.is_warning
    assert warning.reason.startswith("not valid UTF-8 (bad byte at offset")


def test_forced_encoding_wins_over_meta_charset() -> None:
    html = _page("Le ministre a démissionné vendredi soir après une longue dispute.", "utf-8")
    doc = read_one(html.encode("latin-1"), ReadOptions(encoding="latin-1"))

    assert isinstance(doc, Document)
    assert doc.encoding == "latin-1"
    assert "a démissionné vendredi" in doc.original_text


def test_forced_encoding_that_does_not_fit() -> None:
    html = _page("Le ministre a démissionné vendredi soir après une longue dispute.")
    data = html.encode("cp1252")
    error = read_one(data, ReadOptions(encoding="utf-8"))

    offset = data.index("é".encode("cp1252"))
    assert error == IngestError(
        "page.html", f"not valid utf-8 (byte {offset}); pass another --encoding"
    )


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="utf-8">', "utf-8"),
        (b"<meta charset=windows-1252>", "cp1252"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "cp1252"),
        (b'<?xml version="1.0" encoding="Shift_JIS"?><html>', "shift_jis"),
        (b'<meta charset="utf-16">', "utf-8"),  # ASCII-readable, so it cannot be UTF-16
        (b'<meta charset="no-such-charset">', None),
        (b"<html><head><title>No declaration</title>", None),
    ],
)
def test_declared_charset(head: bytes, expected: str | None) -> None:
    assert declared_charset(b"<!doctype html><html><head>" + head) == expected


def test_charset_codec_labels() -> None:
    assert charset_codec("latin1") == "cp1252"
    assert charset_codec('"UTF-8"') == "utf-8"
    assert charset_codec("bogus") is None


def test_decode_html_prefers_a_byte_order_mark() -> None:
    data = b"\xef\xbb\xbf" + _page("caf\u00e9", "windows-1252").encode("utf-8")
    text, encoding, guess = decode_html(data)

    assert encoding == "utf-8-sig"
    assert guess is None
    assert "café" in text


def test_truncated_page_keeps_the_paragraphs_it_has() -> None:
    data = (FIXTURES / "harbour_bridge.html").read_bytes()
    cut = data[: data.index(b"Supporters said")]  # mid-paragraph, no closing tags at all
    doc = read_one(cut)

    assert isinstance(doc, Document)
    assert doc.title == "Council approves £40m harbour bridge after two-year delay"
    assert doc.original_text.split("\n\n")[1:] == [
        "Councillors have approved plans for a £40m bridge across the inner harbour, ending a "
        "two-year dispute over the cost and route of the crossing.",
        "The full council voted 31 to 12 in favour on Monday evening after a debate that lasted "
        "more than four hours.",
    ]


def test_page_truncated_before_its_article() -> None:
    data = (FIXTURES / "harbour_bridge.html").read_bytes()
    cut = data[: data.index(b'<div class="story-body">')]

    assert read_one(cut) == IngestError("page.html", "no article text found in HTML")


def test_page_with_no_body_text() -> None:
    html = b"""<!DOCTYPE html><html><head><title>Example News</title></head><body>
    <header><nav>
      <a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a>
    </nav></header>
    <div id="cookie-banner">We use cookies. Accept all</div>
    <main><div class="loading-spinner"></div></main>
    <footer>Copyright 2024 Example Media. All rights reserved.</footer>
    </body></html>"""

    assert read_one(html) == IngestError("page.html", "no article text found in HTML")


def test_malformed_but_parsable_html() -> None:
    html = b"""<html><head><title>Bus fares frozen</title><body>
    <div class="article"><h1>Bus fares frozen for a third year
    <p>The transport authority said on Thursday that bus fares would stay at \xc2\xa32 until
    next April, the third freeze in a row.<div>
    <p>Officials said the cost would be met from the regional budget.</b></i></span>
    <p>Passenger numbers have risen by eight percent since the first freeze in 2022.
    </div></div></div></body></html>"""
    doc = read_one(html)

    assert isinstance(doc, Document)
    assert "bus fares would stay at £2 until next April" in doc.original_text
    assert "Passenger numbers have risen by eight percent" in doc.original_text


def test_fragment_without_html_element() -> None:
    html = (
        b"<article><h1>Pier reopens</h1><p>The pier reopened on Saturday after a two-year "
        b"restoration that cost the town \xc2\xa312m.</p></article>"
    )
    doc = read_one(html)

    assert isinstance(doc, Document)
    assert "The pier reopened on Saturday" in doc.original_text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file (no text)"),
        (b"  \n\t ", "empty file (no text)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data, not text"),
        (b"<html><head><title>Only a title</title></head></html>", "no article text found in HTML"),
    ],
)
def test_hostile_inputs_give_one_error(data: bytes, reason: str) -> None:
    assert read_one(data) == IngestError("page.html", reason)


def test_page_over_max_bytes() -> None:
    data = (FIXTURES / "harbour_bridge.html").read_bytes()

    assert read_one(data, ReadOptions(max_bytes=1000)) == IngestError(
        "page.html", "file larger than 1000 bytes; raise --max-bytes"
    )
