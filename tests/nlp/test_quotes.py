"""Quotes and their speakers: the example corpus, then one small case per kind of quote."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.config import default_config
from newsprism.ingest.options import ReadOptions
from newsprism.ingest.prepare import prepare
from newsprism.ingest.text import read_text
from newsprism.nlp.quotes import extract_quotes, quotes_for_text
from newsprism.records import Document, Quote

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[str, list[Quote]]]:
    """Example number ("000" …) -> (original text, quotes of its clean paragraphs)."""
    out: dict[str, tuple[str, list[Quote]]] = {}
    for path in sorted(EXAMPLES.glob("0*.txt")):
        doc = next(read_text(path.read_bytes(), str(path), ReadOptions()))
        assert isinstance(doc, Document)
        article = prepare(doc, default_config())
        quotes = quotes_for_text(article.id, article.original_text, article.clean_spans)
        out[path.name[:3]] = (article.original_text, quotes)
    return out


def find(text: str, quotes: list[Quote], start: str) -> tuple[int, Quote]:
    """The quote whose content starts with ``start`` (quotation marks ignored)."""
    for i, q in enumerate(quotes):
        if text[q.content[0] : q.content[1]].lstrip("“”\"'‘’ ").startswith(start):
            return i, q
    raise AssertionError(f"no quote starts with {start!r}")


def content(text: str, q: Quote) -> str:
    return text[q.content[0] : q.content[1]]


# -- the example corpus ---------------------------------------------------------------------


def test_spans_index_the_original_text(seeds: dict[str, tuple[str, list[Quote]]]) -> None:
    for text, quotes in seeds.values():
        assert quotes
        for q in quotes:
            assert 0 <= q.content[0] < q.content[1] <= len(text)
            if q.cue is not None:
                assert text[q.cue[0] : q.cue[1]] == q.cue_text
            if q.speaker is not None:
                assert text[q.speaker[0] : q.speaker[1]] == q.speaker_text
            assert q.kind in ("direct", "indirect", "according_to", "mixed")


def test_000_yarosh_quoted_by_sputnik(seeds: dict[str, tuple[str, list[Quote]]]) -> None:
    # "…”, – quotes the words of Yarosh Sputnik Belarus.": NER reads "Yarosh Sputnik Belarus"
    # as one person; the speaker is Yarosh, known from "Andrei Yarosh" earlier
    text, quotes = seeds["000"]
    _, q = find(text, quotes, "The KGB Investigation Department sent")
    assert q.kind == "direct"
    assert q.speaker_entity == "Andrei Yarosh"
    assert q.speaker_text == "Yarosh"
    assert content(text, q).startswith("“") and content(text, q).endswith("”")


def test_000_according_to(seeds: dict[str, tuple[str, list[Quote]]]) -> None:
    text, quotes = seeds["000"]
    according = [q for q in quotes if q.kind == "according_to"]
    by_speaker = {q.speaker_text: q for q in according}
    president = by_speaker["the president"]
    assert president.speaker_entity == "Alexander Lukashenko"
    assert content(text, president) == "the US special services are involved in this"
    kgb = next(q for q in according if (q.speaker_text or "").startswith("the KGB"))
    assert kgb.speaker_entity == "KGB"
    assert kgb.cue_text == "according to"


def test_004_nested_quote_has_its_own_speaker(seeds: dict[str, tuple[str, list[Quote]]]) -> None:
    text, quotes = seeds["004"]
    outer_i, outer = find(text, quotes, "He asked me")
    assert outer.speaker_entity == "Alexander Lukashenko"
    assert outer.nested_in is None
    _, inner = find(text, quotes, "Will you help me close")
    assert content(text, inner).startswith(
        "'Will you help me close [the Russian-Belarusian border]?"
    )
    assert inner.nested_in == outer_i
    # "He" inside Lukashenko's own words is not Lukashenko: the Russian leader he talked to
    assert inner.speaker_text == "He"
    assert inner.speaker_entity == "Vladimir Putin"


def test_003_lavrov_and_tsikhanouskaya(seeds: dict[str, tuple[str, list[Quote]]]) -> None:
    text, quotes = seeds["003"]
    _, lavrov = find(text, quotes, "This underlines our mutual disposition")
    assert lavrov.kind == "direct"
    assert lavrov.speaker_entity == "Sergei Lavrov"
    assert lavrov.cue_text == "said"
    _, tsikh = find(text, quotes, "This is our internal problem")
    assert tsikh.speaker_entity == "Svyatlana Tsikhanouskaya"
    # "the ministry" stands for the Interior Ministry named the sentence before
    _, ministry = find(text, quotes, "Sixteen of them will remain")
    assert ministry.speaker_text == "the ministry"
    assert ministry.speaker_entity == "Interior Ministry"


def test_001_putin_over_two_quotes(seeds: dict[str, tuple[str, list[Quote]]]) -> None:
    text, quotes = seeds["001"]
    _, first = find(text, quotes, "Unfriendly actions toward Russia do not cease")
    assert first.speaker_entity == "Vladimir Putin"
    # the next quotation in the paragraph has no cue of its own: still Putin's, same cue
    _, second = find(text, quotes, "In these circumstances")
    assert second.speaker_entity == "Vladimir Putin"
    assert second.cue == first.cue
    _, told = find(text, quotes, "We detained the group")
    assert told.speaker_entity == "Alexander Lukashenko"
    # a title standing for the man named before it
    _, leader = find(text, quotes, "that he clearly believes")
    assert leader.speaker_text == "The Belarusian leader"
    assert leader.speaker_entity == "Alexander Lukashenko"


def test_002_quoted_paragraphs_after_a_colon(seeds: dict[str, tuple[str, list[Quote]]]) -> None:
    # "… Viktor Khrenin warned about …, adding:" and three paragraphs of quotation
    text, quotes = seeds["002"]
    for start in ("The movement of NATO troops", "In particular, the 2nd Battalion", "The fact"):
        _, q = find(text, quotes, start)
        assert q.kind == "direct"
        assert q.speaker_entity == "Viktor Khrenin"
        assert q.cue_text == "adding"
    _, ministry = find(text, quotes, "In accordance with the schedule")
    assert "Defense Ministry" in (ministry.speaker_text or "")
    _, kuzmin = find(text, quotes, "There is a large group of people")
    assert kuzmin.speaker_entity == "Renat Kuzmin"
    # a quotation split over two paragraphs is one quote
    _, split = find(text, quotes, "A special focus will be placed")
    assert content(text, split).endswith("within the Union State.”")


# -- one case per kind ----------------------------------------------------------------------


def quotes_of(*paragraphs: str) -> tuple[str, list[Quote]]:
    text = "\n\n".join(paragraphs)
    spans, pos = [], 0
    for p in paragraphs:
        spans.append((pos, pos + len(p)))
        pos += len(p) + 2
    return text, quotes_for_text("t", text, spans)


INTRO = "Senator John Smith spoke on Monday."


@pytest.mark.parametrize(
    "sentence",
    [
        '"We will win this fight," Smith said.',
        '"We will win this fight," said Smith.',
        'Smith told reporters: "We will win this fight."',
        "Smith said: “We will win this fight.”",
    ],
)
def test_direct_speaker_after_or_before(sentence: str) -> None:
    text, quotes = quotes_of(INTRO, sentence)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.kind == "direct"
    assert content(text, q).strip('"“”.,') == "We will win this fight"
    assert q.speaker_text == "Smith"
    assert q.speaker_entity == "John Smith"  # a surname resolves to the fullest form


def test_direct_speaker_between_two_parts() -> None:
    text, quotes = quotes_of(INTRO, '"We will win this fight," Smith said, "and we will govern."')
    assert [content(text, q) for q in quotes] == [
        '"We will win this fight,"',
        '"and we will govern."',
    ]
    assert quotes[0].cue == quotes[1].cue
    assert {q.speaker_entity for q in quotes} == {"John Smith"}


def test_quote_running_over_two_paragraphs() -> None:
    text, quotes = quotes_of(
        INTRO,
        'Smith said: "We will not back down from this fight.',
        '"We will win in the end, whatever it takes."',
    )
    assert len(quotes) == 1
    assert content(text, quotes[0]).startswith('"We will not back down')
    assert content(text, quotes[0]).endswith('whatever it takes."')
    assert quotes[0].speaker_entity == "John Smith"


def test_indirect_speech() -> None:
    text, quotes = quotes_of("Mayor Jane Doe told journalists that the plan was dead.")
    (q,) = quotes
    assert q.kind == "indirect"
    assert content(text, q) == "that the plan was dead"
    assert q.cue_text == "told"
    assert q.speaker_text == "Mayor Jane Doe"
    assert q.speaker_entity == "Jane Doe"


def test_indirect_speech_cue_after_content() -> None:
    text, quotes = quotes_of(
        "The Interior Ministry issued a statement on Monday.",
        "Sixteen of them will remain in custody, the ministry said.",
    )
    (q,) = quotes
    assert q.kind == "indirect"
    assert content(text, q) == "Sixteen of them will remain in custody"
    assert q.speaker_entity == "Interior Ministry"


def test_according_to() -> None:
    text, quotes = quotes_of("According to the ministry, 24 people were detained on Sunday.")
    (q,) = quotes
    assert q.kind == "according_to"
    assert q.cue_text == "According to"
    assert q.speaker_text == "the ministry"
    assert content(text, q) == "24 people were detained on Sunday"


def test_mixed_quote() -> None:
    text, quotes = quotes_of(
        'Senator John Smith warned that Moscow would respond "firmly and with dignity" to any '
        "attempt."
    )
    (q,) = quotes
    assert q.kind == "mixed"
    assert content(text, q) == (
        'that Moscow would respond "firmly and with dignity" to any attempt'
    )
    assert q.speaker_entity == "John Smith"


def test_pronoun_and_title_speakers() -> None:
    _, quotes = quotes_of(
        "Senator John Smith arrived in Minsk on Monday.",
        '"It is a good day for both countries," he said.',
    )
    assert quotes[0].speaker_text == "he"
    assert quotes[0].speaker_entity == "John Smith"
    _, quotes = quotes_of(
        "Belarusian President Alexander Lukashenko spoke on Monday.",
        "The president said that the border would stay closed.",
    )
    assert quotes[0].speaker_entity == "Alexander Lukashenko"


def test_scare_quotes_are_not_quotes() -> None:
    _, quotes = quotes_of('The so-called "experts" met on Monday.')
    assert quotes == []


def test_nested_quote_without_a_clear_speaker() -> None:
    text, quotes = quotes_of(
        INTRO, "\"He told me 'I will help you with this,' and he did,\" Smith said."
    )
    outer, inner = quotes
    assert outer.speaker_entity == "John Smith"
    assert inner.nested_in == 0
    assert content(text, inner) == "'I will help you with this,'"
    # "He" in Smith's words is someone else, and the article names no one else
    assert inner.speaker_entity is None


def test_no_paragraphs() -> None:
    assert extract_quotes("t", "", []) == []


def test_offsets_of_later_paragraphs() -> None:
    # paragraphs need not start at 0 nor be contiguous: spans index the whole text
    text = "MENU | SHARE\n\nMayor Jane Doe said that the plan was dead.\n\nSubscribe now"
    start = text.index("Mayor")
    end = text.index("\n\nSubscribe")
    (q,) = quotes_for_text("t", text, [(start, end)])
    assert text[q.content[0] : q.content[1]] == "that the plan was dead"
    assert q.speaker is not None and text[q.speaker[0] : q.speaker[1]] == "Mayor Jane Doe"
