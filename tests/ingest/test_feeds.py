"""read_feed on RSS and Atom files: one Document per entry, the fullest text each carries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsprism.ingest.feeds import html_to_text, looks_like_feed, read_feed
from newsprism.ingest.options import ReadOptions
from newsprism.records import Document, IngestError

FIXTURES = Path(__file__).parent.parent / "fixtures" / "feeds"
OPTIONS = ReadOptions()
RSS = FIXTURES / "coastal_herald_rss.xml"
ATOM = FIXTURES / "valley_post_atom.xml"


def read(data: bytes) -> list[Document | IngestError]:
    return list(read_feed(data, "feed.xml", OPTIONS))


def test_rss_entries() -> None:
    bridge, ferry, gallery = read(RSS.read_bytes())

    assert isinstance(bridge, Document)
    assert bridge.source == "feed.xml#https://www.coastalherald.example/?p=48213"
    assert bridge.format == "feed"
    assert bridge.title == "Council approves £40m harbour bridge after two-year delay"
    assert bridge.author == "Priya Natarajan"
    assert bridge.published == date(2024, 3, 12)
    assert bridge.url == "https://www.coastalherald.example/news/2024/03/12/harbour-bridge-approved"
    assert bridge.outlet == "The Coastal Herald – News"
    assert bridge.language == "en-gb"
    assert bridge.metadata == {
        "entry_id": "https://www.coastalherald.example/?p=48213",
        "tags": ["Local news", "Transport"],
        "description": "Councillors voted 31 to 12 in favour of the new crossing.",
    }

    assert isinstance(ferry, Document)
    assert ferry.author == "Tom Reyes"
    assert ferry.published == date(2024, 3, 11)

    # an entry holding only an image is an error for that entry, not for the feed
    assert gallery == IngestError(
        "feed.xml#https://www.coastalherald.example/?p=48177",
        "entry has no text (its content holds only markup or images)",
    )


def test_rss_prefers_full_content_and_cleans_it() -> None:
    bridge = read(RSS.read_bytes())[0]

    assert isinstance(bridge, Document)
    assert bridge.original_text.split("\n\n") == [
        "Councillors have approved plans for a £40m bridge across the inner harbour, ending a "
        "two-year dispute over the cost and route of the crossing.",
        "The full council voted 31 to 12 in favour on Monday evening after a debate that lasted "
        "more than four hours.",
        "“This is the most important transport decision the city has made in a generation,” "
        "said the council leader, Martin Alvarez.",
        "Construction is expected to begin in the autumn & take about three years.",
    ]
    assert "trackView" not in bridge.original_text  # script dropped (feedparser sanitises too)
    assert "artist’s impression" not in bridge.original_text  # figure caption
    assert bridge.raw is not None
    assert bridge.raw.decode("utf-8").startswith("<p>Councillors have approved plans")


def test_rss_summary_with_br_paragraphs() -> None:
    ferry = read(RSS.read_bytes())[1]

    assert isinstance(ferry, Document)
    assert ferry.original_text == (
        "Island Ferries will run four sailings a day instead of six from next week.\n\n"
        "The operator said it could not recruit enough deck crew, and apologised to passengers."
    )
    assert "description" not in ferry.metadata  # the summary is the text itself


def test_atom_entries() -> None:
    reservoir, school = read(ATOM.read_bytes())

    assert isinstance(reservoir, Document)
    assert reservoir.source == "feed.xml#tag:valleypost.example,2022:article-9931"
    assert reservoir.title == "Drought pushes reservoir to record low"
    assert reservoir.author == "Marcus Oyelaran"
    assert reservoir.published == date(2022, 8, 3)
    assert reservoir.url == "https://valleypost.example/2022/08/drought-reservoir-record-low"
    assert reservoir.outlet == "Valley Daily Post"
    assert reservoir.language == "en-US"
    assert reservoir.original_text.split("\n\n") == [
        "The county's main reservoir fell to 18 percent of capacity this week, the lowest level "
        "since records began in 1961.",
        "The district has asked households to cut outdoor watering to one day a week.",
        "Lake level: 18%",
        "Average for August: 54%",
    ]
    assert reservoir.metadata["description"] == "The reservoir fell to 18 percent of capacity."

    assert isinstance(school, Document)
    assert school.original_text.split("\n\n") == [
        "The school board postponed its vote on a four-day week until September, after more "
        "than 200 parents signed up to speak.",
        "Board members said they wanted more time to study the effect on child care.",
    ]


def test_atom_date_is_the_calendar_date_the_feed_states() -> None:
    # <updated>2022-08-02T19:45:00-07:00</updated>: feedparser's updated_parsed says
    # 2022-08-03 (UTC); the outlet published it on the 2nd
    school = read(ATOM.read_bytes())[1]

    assert isinstance(school, Document)
    assert school.published == date(2022, 8, 2)


def test_rss_1_0_rdf_feed() -> None:
    data = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://wire.example/"><title>Wire Service</title>
    <link>https://wire.example/</link><description>Wire</description><dc:language>de</dc:language>
  </channel>
  <item rdf:about="https://wire.example/1">
    <title>Bahnstreik beendet</title><link>https://wire.example/1</link>
    <description>Der Streik bei der Bahn ist nach drei Tagen beendet.</description>
    <dc:date>2023-11-17T08:00:00+01:00</dc:date><dc:creator>Jana Weber</dc:creator>
  </item>
</rdf:RDF>"""
    [doc] = read(data)

    assert isinstance(doc, Document)
    assert doc.source == "feed.xml#https://wire.example/1"
    assert doc.original_text == "Der Streik bei der Bahn ist nach drei Tagen beendet."
    assert (doc.outlet, doc.author, doc.language) == ("Wire Service", "Jana Weber", "de")
    assert doc.published == date(2023, 11, 17)


def test_entry_without_id_or_link_is_named_by_position() -> None:
    data = b"""<rss version="2.0"><channel><title>Tiny</title>
    <item><title>No text</title></item>
    <item><description>Second entry, with text but no id or link.</description></item>
    </channel></rss>"""
    items = read(data)

    assert items[0] == IngestError("feed.xml#1", "entry has no text (no content or summary)")
    assert isinstance(items[1], Document)
    assert items[1].source == "feed.xml#2"
    assert items[1].url is None
    assert items[1].published is None
    assert items[1].author is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            b"This is just a plain text file, not a feed at all.\nSecond line.",
            "not a valid RSS/Atom feed: syntax error",
        ),
        (
            b'{"items": [{"title": "JSON, not XML"}]}',
            "not a valid RSS/Atom feed: not well-formed (invalid token)",
        ),
        (
            b"<html><body><p>A web page<br></p></body></html>",
            "not a valid RSS/Atom feed: mismatched tag",
        ),
        (
            b"<?xml version='1.0'?><urlset><url><loc>https://x.example/</loc></url></urlset>",
            "not a valid RSS/Atom feed: no <rss>, <feed> or <rdf:RDF> root",
        ),
        (
            b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>',
            "feed has no entries",
        ),
        (b"", "empty file (no feed)"),
        (b" \n ", "empty file (no feed)"),
    ],
)
def test_not_a_feed(data: bytes, reason: str) -> None:
    assert read(data) == [IngestError("feed.xml", reason)]


def test_truncated_feed_keeps_entries_and_says_it_is_damaged() -> None:
    data = RSS.read_bytes()
    cut = data[: data.index(b"<item>", data.index(b"Ferry timetable")) - 5]
    items = read(cut)

    assert [type(item).__name__ for item in items] == ["Document", "Document", "IngestError"]
    last = items[-1]
    assert isinstance(last, IngestError)
    assert last.path == "feed.xml"
    assert last.reason.startswith("feed XML is damaged (")
    assert last.reason.endswith("kept the 2 entries that parsed, the last may be incomplete")


def test_feed_over_max_bytes() -> None:
    assert list(read_feed(RSS.read_bytes(), "f", ReadOptions(max_bytes=100))) == [
        IngestError("f", "file larger than 100 bytes; raise --max-bytes")
    ]


def test_windows_1252_feed_declared_in_prolog() -> None:
    data = (
        '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel>'
        "<title>Le Courrier du Sud</title><item><title>Grève à Orly</title>"
        "<description>Près de 600 vols annulés – « c’est inédit ».</description>"
        "</item></channel></rss>"
    ).encode("cp1252")
    [doc] = read(data)

    assert isinstance(doc, Document)
    assert doc.title == "Grève à Orly"
    assert doc.original_text == "Près de 600 vols annulés – « c’est inédit »."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (RSS.read_bytes(), True),
        (ATOM.read_bytes(), True),
        (b'<rss version="2.0"><channel/></rss>', True),
        (b'\xef\xbb\xbf<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', True),
        (
            b'<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="/rss.xsl"?>\n'
            b'<!-- generated by WordPress -->\n<!DOCTYPE rss [<!ENTITY nbsp "&#160;">]>\n'
            b'<rss version="2.0">',
            True,
        ),
        (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">', True),
        ('<?xml version="1.0" encoding="utf-16"?><rss>'.encode("utf-16"), True),
        (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/">', False),
        (b"<!DOCTYPE html><html><head><title>RSS feeds</title>", False),
        (b"<feedback>not a feed</feedback>", False),
        (b"plain text mentioning <rss> later", False),
        (b"<!-- " + b"x" * 3000 + b" --><rss>", False),  # root beyond the first 2 KB
        (b"", False),
    ],
)
def test_looks_like_feed(data: bytes, expected: bool) -> None:
    assert looks_like_feed(data) is expected


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One.</p><p>Two.</p>", "One.\n\nTwo."),
        ("First line<br/><br/>Second line", "First line\n\nSecond line"),
        ("<p>A <b>bold</b> and <a href='#'>linked</a>\n   word.</p>", "A bold and linked word."),
        ("Loose text <div>block</div> tail", "Loose text\n\nblock\n\ntail"),
        ("<p>Caf&eacute; &amp; bar&nbsp;open</p>", "Café & bar open"),
        ("<style>p{color:red}</style><p>Visible.</p><script>alert(1)</script>", "Visible."),
        ("<ul><li>One</li><li>Two</li></ul>", "One\n\nTwo"),
        ("<!-- comment --><p>Text<!-- inline --> here.</p>", "Text here."),
        ("<img src='x.jpg'>", ""),
        ("   ", ""),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text
