"""Speaker resolution on real parses: people sharing a surname, pronouns of the wrong gender,
and people named inside a quotation, who are not its speaker's antecedent."""

from __future__ import annotations

from newsprism.eval.quotes import paragraph_spans
from newsprism.nlp.quotes import quotes_for_text
from newsprism.records import Quote


def _quotes(text: str) -> list[Quote]:
    return quotes_for_text("t", text, paragraph_spans(text))


def _said(text: str, content: str) -> Quote:
    """The quote whose content holds ``content``."""
    quotes = [q for q in _quotes(text) if content in text[q.content[0] : q.content[1]]]
    assert quotes, f"no quote holds {content!r}"
    return quotes[0]


def test_mr_takes_the_man_among_people_sharing_a_surname() -> None:
    text = (
        "The first lady, Michelle Obama, visited a school on Friday.\n\n"
        "Michelle Obama then flew to Washington.\n\n"
        "President Barack Obama spoke there on Saturday.\n\n"
        '"Our progress is on the ballot," Mr. Obama said.'
    )
    q = _said(text, "progress is on the ballot")
    assert q.speaker_text == "Mr. Obama"
    assert q.speaker_entity == "Barack Obama"


def test_mr_is_not_the_only_woman_named_in_full() -> None:
    # the article names only Michelle Obama in full; "Mr. Obama" is someone else
    text = (
        "The campaign will send the first lady, Michelle Obama, to Ohio.\n\n"
        '"Tolerance is on the ballot," Mr. Obama said on Saturday.'
    )
    q = _said(text, "Tolerance is on the ballot")
    assert q.speaker_entity == "Obama"


def test_bare_surname_takes_the_person_named_most() -> None:
    text = (
        "Barack Obama arrived in Chicago on Monday.\n\n"
        "Barack Obama met local leaders, and Michelle Obama visited a school.\n\n"
        "The city closed several streets.\n\n"
        '"We are proud of this city," Obama said.'
    )
    q = _said(text, "proud of this city")
    assert q.speaker_entity == "Barack Obama"


def test_bare_surname_stays_unresolved_when_nothing_decides() -> None:
    text = (
        "John Reed and Mary Reed visited Chicago on Monday.\n\n"
        "The visit drew large crowds.\n\n"
        "The city closed several streets.\n\n"
        '"We are proud of this city," Reed said.'
    )
    q = _said(text, "proud of this city")
    assert q.speaker_entity == "Reed"


def test_bare_surname_is_not_the_relative() -> None:
    text = (
        "Former President Bill Clinton campaigned in Flint for his wife Hillary Clinton.\n\n"
        "Hillary Clinton was in New York.\n\n"
        "Hillary Clinton spoke to donors there.\n\n"
        '"It is the craziest thing in the world," Clinton said of the health law.'
    )
    q = _said(text, "craziest thing")
    assert q.speaker_entity == "Bill Clinton"


def test_she_is_not_the_man_named_last() -> None:
    text = (
        "Mary Jones met John Brown at the town hall on Monday. John Brown shook his head.\n\n"
        '"It was a long night," she said.'
    )
    q = _said(text, "a long night")
    assert q.speaker_text == "she"
    assert q.speaker_entity == "Mary Jones"


def test_he_is_the_subject_before_not_a_show_named_after_him() -> None:
    text = (
        "Chris Christie blasted the plan on Wednesday on The Laura Ingraham Show.\n\n"
        '"It is a disgrace," he said.'
    )
    q = _said(text, "a disgrace")
    assert q.speaker_entity == "Chris Christie"


def test_a_person_named_inside_a_quote_is_not_the_next_pronoun_speaker() -> None:
    # Donald Trump is named, and reported as saying something, only inside Smith's quotation:
    # "He added" continues Smith, not the man Smith quotes
    text = (
        "Senator John Smith spoke at the rally on Monday.\n\n"
        'Smith said: "Donald Trump told me that he would win the state." '
        "He added that the campaign had been hard."
    )
    quotes = _quotes(text)
    added = [q for q in quotes if "campaign had been hard" in text[q.content[0] : q.content[1]]]
    assert added and added[0].speaker_text == "He"
    assert added[0].speaker_entity == "John Smith"
    top = [q for q in quotes if q.nested_in is None and q.speaker_entity is not None]
    assert "Donald Trump" not in {q.speaker_entity for q in top}
