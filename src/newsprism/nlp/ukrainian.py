"""Ukrainian articles: names from the recogniser trained here on ner-uk, words from pymorphy3's
Ukrainian dictionary, sentence structure from natasha's Russian models.

No Ukrainian parser ships on PyPI. Ukrainian and Russian share most syntax, so natasha's
Russian tagger and parser give the dependency structure the quote rules read (subjects,
clausal complements, "за словами Х"), while the words come from Ukrainian resources: the
names from the recogniser of data/ner_uk (held-out F1 0.739; CC BY-NC-SA 4.0, non-commercial),
the lemmas of cue verbs and names from pymorphy3-dicts-uk (MIT). How well the borrowed
structure serves is not measured: the bench holds no Ukrainian quote gold.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from newsprism.config import Config
from newsprism.nlp.annotate import Parsed
from newsprism.nlp.russian import Names, parse_with, ud_doc
from newsprism.records import Span

NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr"})
"""pymorphy3 grammemes of proper names: a name's dictionary form is taken from a parse that
has one ("Києві" -> "Київ", not the common noun "кий")."""


@cache
def _analyzer() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk")


def lemma(word: str, pos: str) -> str:
    """The dictionary form of a Ukrainian word (lower case, as natasha's are)."""
    parses = _analyzer().parse(word)
    return str(parses[0].normal_form) if parses else word.lower()


def _name_base(text: str) -> str:
    """A name in its dictionary form, word by word, capitalised as written."""
    words = []
    for word in text.split():
        parses = [p for p in _analyzer().parse(word) if NAME_TAGS & set(p.tag.grammemes)]
        if not parses or not word[:1].isupper():
            words.append(word)
            continue
        base = str(parses[0].normal_form)
        words.append(base.upper() if word.isupper() else base[:1].upper() + base[1:])
    return " ".join(words)


def ukrainian_names(text: str) -> Names:
    from newsprism.nlp.ner_uk import recognise

    return [
        (start, end, label, _name_base(text[start:end]))
        for start, end, label in recognise([text])[0]
        if label in ("PER", "ORG", "LOC")
    ]


_VERBAL = frozenset({"VERB", "INFN", "GRND"})


def part_of_speech(word: str, guessed: str) -> str:
    """natasha's Russian tagger reads Ukrainian verbs as nouns ("повідомляється") and nouns as
    verbs ("страхування"): where every reading of the Ukrainian dictionary agrees on verb or on
    noun, that wins; an ambiguous or unknown word keeps the guess."""
    if guessed in ("PUNCT", "SPACE", "PROPN", "NUM", "SYM") or not word[:1].isalpha():
        return guessed
    kinds = {str(p.tag.POS) for p in _analyzer().parse(word) if p.tag.POS}
    if kinds and kinds <= _VERBAL:
        return "VERB" if guessed != "AUX" else guessed
    if kinds == {"NOUN"} and guessed == "VERB":
        return "NOUN"
    return guessed


def ukrainian_doc(text: str) -> tuple[Any, Names]:
    return ud_doc(text, names_of=ukrainian_names, lemma_of=lemma, pos_of=part_of_speech)


def parse_ukrainian(
    articles: Sequence[tuple[str, str, Sequence[Span]]], config: Config
) -> list[Parsed]:
    """Sentences, paragraphs (spaCy Docs) and name mentions of Ukrainian articles."""
    return [parse_with(ukrainian_doc, a, text, spans) for a, text, spans in articles]
