"""The example corpus end to end: titles, metadata, reprints, boilerplate, offsets."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from newsprism.store.api import Store

SEED_TITLES = {
    "000": "Belarus asks U.S. for help in coup case",
    "001": "Belarus coup plot foiled in Moscow",
    "002": "The US-Orchestrated Coup Plot in Belarus",
    "003": "Russian PM In Minsk As Belarus Looks To Ally For Help",
    "004": "Lukashenko Says Helped Russia Stop Concert Gunmen From Fleeing to Belarus",
}


def test_all_five_stored_as_distinct_articles(examples_store: Store) -> None:
    assert examples_store.count() == {"articles": 5, "copies": 0, "errors": 0}


@pytest.mark.parametrize(("number", "title"), SEED_TITLES.items())
def test_titles(seed: dict[str, Any], number: str, title: str) -> None:
    assert seed[number].article.title == title


def test_dates_from_the_text(seed: dict[str, Any]) -> None:
    assert seed["002"].article.published == date(
        2020, 9, 14
    )  # "Global Research, September 14, 2020"
    assert seed["003"].article.published == date(2020, 9, 3)  # byline "... September 03, 2020"
    assert seed["004"].article.published == date(2024, 3, 26)  # dateline "March 26, 2024"
    # nothing in 000 or 001 states when they were published: unknown stays unknown
    assert seed["000"].article.published is None
    assert seed["001"].article.published is None


def test_outlets_and_authors(seed: dict[str, Any]) -> None:
    outlets = {n: s.article.outlet for n, s in seed.items()}
    assert outlets == {
        "000": None,
        "001": "New Worker",
        "002": "Global Research",
        "003": "GlobalSecurity.org",
        "004": "The Moscow Times",
    }
    assert seed["002"].article.author == "Stephen Lendman"
    assert seed["003"].article.author == "RFE/RL's Belarus Service"
    assert seed["000"].article.author is None
    assert seed["004"].article.author is None


def test_reprint_relation(seed: dict[str, Any]) -> None:
    reprint = seed["003"].article
    assert reprint.outlet == "GlobalSecurity.org"
    assert reprint.original_outlet == "RFE/RL"
    assert reprint.original_url == (
        "https://www.rferl.org/a/russian-pm-visits-minsk-as-belarus-looks-to-ally-for-help/"
        "30818225.html"
    )
    for number in ("000", "001", "002", "004"):
        assert seed[number].article.original_outlet is None


def test_original_url_rejoined_across_a_broken_line(seed: dict[str, Any]) -> None:
    assert seed["004"].article.url == (
        "https://www.themoscowtimes.com/2024/03/26/"
        "lukashenko-says-helped-russia-stop-concert-gunman-from-fleeing-to-belarus-a84636"
    )


GONE = {
    "001": ["New Worker Banner", "The Weekly paper of the New Communist Party of Britain"],
    "002": [
        "Note to readers: please click the share buttons",
        "Award-winning author Stephen Lendman lives in Chicago",
        "His new book as editor and contributor",
        "Disclaimer: The contents of this article",
        "contains copyrighted material",
        "For media inquiries",
        "Become a Member of Global Research",
        "The original source of this article is Global Research",
        "Region:",
        "Theme:",
    ],
    "003": [
        "UNITED24 - Make a charitable donation",
        "Weapons of Mass Destruction (WMD)",
        "[ rfe/rl banner ]",
        "Copyright (c) 2020. RFE/RL, Inc.",
        "Join the GlobalSecurity.org mailing list",
        "Source: https://www.rferl.org",
    ],
    "004": ["Related article: Russian Security Chiefs", "Original url:", "president.gov.by"],
}


@pytest.mark.parametrize("number", GONE)
def test_boilerplate_gone_from_clean_text(seed: dict[str, Any], number: str) -> None:
    clean = seed[number].article.clean_text
    original = seed[number].article.original_text
    for phrase in GONE[number]:
        assert phrase in original
        assert phrase not in clean, phrase


LAST_BODY = {
    "000": "Earlier, the KGB reported that those detained",
    "001": "“Unfriendly actions toward Russia do not cease",
    "002": "Protests would likely continue",
    "003": "The European Union has been working",
    "004": "The Islamic State's affiliate",
}


@pytest.mark.parametrize("number", SEED_TITLES)
def test_every_body_paragraph_kept_whole(seed: dict[str, Any], number: str) -> None:
    """Every paragraph of eight words or more up to the last body paragraph survives intact."""
    article = seed[number].article
    paragraphs = [p.strip() for p in article.original_text.split("\n\n") if p.strip()]
    last = next(i for i, p in enumerate(paragraphs) if p.startswith(LAST_BODY[number]))
    removed = GONE.get(number, [])
    body = [
        p
        for p in paragraphs[: last + 1]
        if len(p.split()) >= 8 and not any(p.startswith(r) for r in removed)
    ]
    assert len(body) >= 5
    for paragraph in body:
        assert paragraph in article.clean_text, paragraph[:60]


def test_specific_body_paragraphs(seed: dict[str, Any]) -> None:
    assert "It's also a key way to defeat Washington's coup plot." in seed["002"].article.clean_text
    assert (
        "Protests would likely continue for a while in diminished size and energy, "
        "then fade away and end." in seed["002"].article.clean_text
    )
    assert (
        "The European Union has been working on a list of individuals"
        in seed["003"].article.clean_text
    )
    # a quotation split over a blank line stays, both halves
    assert "as well as the\n\nprospects for promoting" in seed["002"].article.clean_text


@pytest.mark.parametrize("number", SEED_TITLES)
def test_offsets_map_clean_text_back_to_the_original(seed: dict[str, Any], number: str) -> None:
    article = seed[number].article
    original = (Path(__file__).parents[1] / "examples" / Path(article.source).name).read_bytes()
    assert article.original_text.encode(article.encoding) == original  # stored byte for byte
    pieces = [article.original_text[s:e] for s, e in article.clean_spans]
    assert "\n\n".join(pieces) == article.clean_text
    assert all(0 <= s < e <= len(article.original_text) for s, e in article.clean_spans)
    assert list(article.clean_spans) == sorted(article.clean_spans)
    removed = [(s, e) for s, e, _ in article.boilerplate]
    for s, e in removed:  # removed and kept never overlap
        assert all(e <= ks or s >= ke for ks, ke in article.clean_spans)


def test_metadata_provenance_points_into_the_text(seed: dict[str, Any]) -> None:
    article = seed["002"].article
    where = article.provenance["published"]
    assert where.origin == "text"
    assert "September 14, 2020" in article.original_text[where.start : where.end]
