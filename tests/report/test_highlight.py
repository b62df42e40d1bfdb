"""Highlighting cuts the text at span boundaries; the template escapes every piece."""

from __future__ import annotations

from newsprism.listings import ArticleSpans, LabelListing, MentionSpan, QuoteSpan
from newsprism.report.highlight import Mark, cut, marks_for
from newsprism.report.render import Links, render, safe_href

TEXT = 'He said "<b>no</b>" & left. Junk'


def test_pieces_cover_the_text_once_in_order() -> None:
    marks = [
        Mark(0, 2, "entity", "ent ent-PERSON", "He (PERSON)", "/entity/E1", "E1"),
        Mark(8, 19, "quote", "quote q0", "quote by He"),
        Mark(0, 27, "claim", "claim", "claim (author)"),
    ]
    pieces = cut(TEXT, marks, [(0, 27)])
    assert "".join(p.text for p in pieces) == TEXT
    assert [p.text for p in pieces] == ["He", " said ", '"<b>no</b>"', " & left.", " Junk"]
    he, said, quote, rest, junk = pieces
    assert (he.href, he.entity_id, he.css) == ("/entity/E1", "E1", "claim ent ent-PERSON")
    assert said.href is None and said.css == "claim"
    assert quote.css == "claim q0 quote"
    assert quote.title == "claim (author); quote by He"  # outer span first
    assert not rest.boilerplate and junk.boilerplate and junk.css == ""


def test_marks_outside_the_text_are_dropped() -> None:
    pieces = cut("abc", [Mark(2, 9, "date", "date", "x"), Mark(-1, 1, "date", "date", "y")], [])
    assert [(p.text, p.css) for p in pieces] == [("abc", "")]


def _quote(idx: int, start: int, end: int, speaker: str, kind: str) -> QuoteSpan:
    return QuoteSpan(idx, kind, start, end, None, speaker, None, None, None, speaker)


def _label(scheme: str, start: int, end: int, label: str) -> LabelListing:
    return LabelListing("A1", "span", start, end, scheme, label, 0.9, None, None, "test@1")


NO_SPANS = ArticleSpans((), (), (), ())


def test_speakers_get_one_colour_each_and_the_legend_lists_them() -> None:
    spans = ArticleSpans(
        mentions=(MentionSpan(0, 1, "A", "PER<SON", "E<1>", None),),
        quotes=(
            _quote(0, 0, 2, "Ann", "direct"),
            _quote(1, 3, 5, "Bob", "direct"),
            _quote(2, 6, 8, "Ann", "indirect"),
        ),
        claims=(),
        times=(),
    )
    marks, legend = marks_for(spans, [], Links(static=False).entity)
    assert legend == [{"speaker": "Ann", "css": "q0"}, {"speaker": "Bob", "css": "q1"}]
    assert [m.css for m in marks if m.kind == "quote"] == ["quote q0", "quote q1", "quote q0"]
    entity = next(m for m in marks if m.kind == "entity")
    assert entity.css == "ent ent-PERSON"  # a class name keeps only safe characters
    assert entity.href == "/entity/E%3C1%3E"


def test_technique_labels_are_marked() -> None:
    labels = [_label("technique", 1, 4, "Loaded_Language"), _label("genre", 0, 30, "opinion")]
    marks, _ = marks_for(NO_SPANS, labels, Links(static=True).entity)
    assert [(m.kind, m.start, m.end, m.title) for m in marks] == [
        ("technique", 1, 4, "technique: Loaded_Language")
    ]


def test_only_web_addresses_become_links() -> None:
    assert safe_href("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//x", "", None,
                "http://[::1"):  # fmt: skip
        assert safe_href(bad) is None


def test_static_links_are_relative_files_and_ids_become_safe_names() -> None:
    links = Links(static=True, depth=1)
    assert links.article("abc123") == "../article/abc123.html"
    odd = links.story('../"><x')
    assert odd.startswith("../story/h") and odd.endswith(".html") and '"' not in odd
    assert Links(static=True).home() == "index.html"
    assert Links(static=False).story("a/b") == "/story/a%2Fb"


def test_error_page_escapes_its_message() -> None:
    html = render("error.html", Links(static=True), title="<t>", message="<img src=x onerror=1>")
    assert "<img" not in html and "&lt;img src=x onerror=1&gt;" in html
    assert '<meta http-equiv="Content-Security-Policy"' in html
