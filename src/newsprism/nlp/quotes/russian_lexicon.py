"""The words of the Russian and Ukrainian quote constructions (``data/quotes/cues_LANG.toml``),
read by nlp/quotes/russian.py and nlp/quotes/russian_speakers.py."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

DASHES = "—–-"
FIRST_PERSON = frozenset({"я", "мы", "ми"})
"""The speaker of an interview answer when it says "I" or "we" inside it."""


@dataclass(frozen=True)
class Lexicon:
    """The words of one language's constructions (``data/quotes/cues_LANG.toml``)."""

    verbs: frozenset[str]
    source_nouns: frozenset[str]
    """"по словам", "по мнению": nouns that make "по Х-у Y" a source phrase."""
    source_case: frozenset[str]
    """The preposition of those phrases: "по" (Russian), "за" (Ukrainian: "за словами")."""
    according: frozenset[str]
    """"согласно" (Russian), "згідно" (Ukrainian)."""
    according_nouns: frozenset[str]
    """"в соответствии с Х": "соответствие" / "відповідність"."""
    as_word: frozenset[str]
    """"как отметил": "как", "як"."""
    conjunctions: frozenset[str]
    """Of a reported clause: "что", "чтобы" / "що", "щоб"."""
    about: frozenset[str]
    """The matter spoken about: "о", "об" / "про"."""
    stance: frozenset[str]
    """"выступают за", "против" / "за", "проти"."""
    places: frozenset[str]
    """"как пояснили в милиции": "в", "из" / "у", "в", "з"."""
    third_person: frozenset[str]
    """Pronouns of one third person, as subject or possessor ("по его словам")."""
    quoting: frozenset[str]
    """"цитирует Х": verbs whose object is the one quoted."""


@cache
def lexicon_for(language: str = "ru") -> Lexicon:
    path = resources.files("newsprism.data").joinpath(f"quotes/cues_{language}.toml")
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return Lexicon(*(frozenset(data[name]) for name in Lexicon.__dataclass_fields__))
