"""Which language an article (or a paragraph) is in: py3langid over the news languages.

py3langid 0.4.0 (BSD-3, 4.5 MB, the langid.py model of Lui & Baldwin) ranks 97 languages;
restricted to the ~40 that news collections hold (``CANDIDATES``) it confuses fewer close
relatives on short text (Galician for Portuguese, Nepali for Hindi). Cyrillic languages it
still confuses on headlines are told apart by the letters their alphabets have and the
others lack (ы/э: Russian or Belarusian, not Ukrainian or Bulgarian; ї/є/ґ: Ukrainian; ў:
Belarusian): a letter the text holds rules out every language without it.

Short Cyrillic texts that character n-grams leave between Russian and Bulgarian are told
apart by function words only one of them uses (:data:`_FUNCTION_WORDS`).

Measured by ``newsprism eval language`` on 3,246 snippets cut from the bench's documents in
ten languages (articles, headlines, 3–6-word cuts): 0.980 overall (articles 1.000, headlines
0.993, cuts 0.950; 0.977 without the function words); lingua-language-detector 2.1.1 over
the same candidates, 60 times the size (292 MB, ../shared/MODELS.md), scored 0.975 and cannot
name Uzbek.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

NAMES = {
    "en": "English", "ru": "Russian", "uk": "Ukrainian", "be": "Belarusian", "bg": "Bulgarian",
    "sr": "Serbian", "mk": "Macedonian", "kk": "Kazakh", "uz": "Uzbek", "pl": "Polish",
    "cs": "Czech", "sk": "Slovak", "sl": "Slovenian", "hr": "Croatian", "lt": "Lithuanian",
    "lv": "Latvian", "et": "Estonian", "fi": "Finnish", "sv": "Swedish", "no": "Norwegian",
    "da": "Danish", "de": "German", "nl": "Dutch", "fr": "French", "es": "Spanish",
    "pt": "Portuguese", "it": "Italian", "ro": "Romanian", "hu": "Hungarian", "el": "Greek",
    "tr": "Turkish", "az": "Azerbaijani", "ka": "Georgian", "hy": "Armenian", "he": "Hebrew",
    "ar": "Arabic", "fa": "Persian", "hi": "Hindi", "ur": "Urdu", "bn": "Bengali",
    "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "vi": "Vietnamese", "id": "Indonesian",
}  # fmt: skip
CANDIDATES = tuple(NAMES)
"""The languages an article may be identified as (ISO 639-1): those news collections hold."""
ANALYSED = frozenset({"en", "ru", "uk"})
"""The languages newsprism analyses; an article in another is stored and searchable only."""
CYRILLIC = frozenset({"ru", "uk", "be", "bg", "sr", "mk", "kk", "uz"})
_LETTERS: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(letters), frozenset(languages.split()))
    for letters, languages in (
        ("ыэё", "ru be kk"),
        ("їєґ", "uk"),
        ("і", "uk be kk"),
        ("ў", "be uz"),
        ("јљњђћџ", "sr mk"),
        ("ѓќѕ", "mk"),
        ("щ", "ru uk bg kk"),
        ("ъ", "ru bg uz"),
        ("и", "ru uk bg sr mk kk uz"),
    )
)
"""Cyrillic letters and the languages (of the candidates) whose alphabet has them."""
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    language: frozenset(words.split())
    for language, words in {
        "ru": "что это его она они был была было были как также который которая которые если"
        " уже только ещё еще году года после время сейчас тоже когда чтобы этого этой эти",
        "bg": "че се ще са във със този тази това които който която като беше има няма след"
        " още само година през тях тя той бяха според",
        "uk": "що це він вона був була було були також який яка які якщо вже тільки або ще"
        " році року після під від коли щоб цього цієї ці",
        "be": "што гэта ён яна былі таксама які якая ужо толькі калі каб",
        "mk": "што ќе од со кој која кое нема беше",
        "sr": "је су који која што али када",
    }.items()
}
"""Function words frequent in one Cyrillic language and absent from or rare in its
neighbours (что / що / што / че): a short text that holds them names its language where
character n-grams hesitate between Russian and Bulgarian. Written from the languages'
grammars, not fitted to any data."""
_WORD = re.compile(r"[а-яёіїєґўјќ']+")
_TAG = re.compile(r"^([a-z]{2,3})(?:[-_].*)?$")
MIN_LETTERS = 3
"""A text with fewer letters than this has no language (a number, a symbol line)."""


@dataclass(frozen=True)
class Identified:
    language: str | None
    """ISO 639-1 code, None when the text has no letters to tell."""
    confidence: float


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([c for c in CANDIDATES if c in identifier.nb_classes])
    return identifier


def identify(text: str) -> Identified:
    """The language ``text`` is most likely written in, with py3langid's probability."""
    if sum(ch.isalpha() for ch in text[:2000]) < MIN_LETTERS:
        return Identified(None, 0.0)
    ranked: list[tuple[str, float]] = _identifier().rank(text)
    allowed = _allowed_by_letters(text)
    for language, probability in ranked:
        if allowed is None or language in allowed or language not in CYRILLIC:
            return Identified(_by_function_words(text, language, allowed), float(probability))
    return Identified(ranked[0][0], float(ranked[0][1]))


def _by_function_words(text: str, found: str, allowed: frozenset[str] | None) -> str:
    """``found``, unless it is Cyrillic and the text's function words point to one other
    Cyrillic language alone (that its letters allow)."""
    if found not in CYRILLIC:
        return found
    words = set(_WORD.findall(text[:2000].lower()))
    hits = {language: len(words & vocabulary) for language, vocabulary in _FUNCTION_WORDS.items()}
    best = max(hits.values())
    winners = [language for language, n in hits.items() if n == best]
    if best == 0 or found in winners or len(winners) > 1:
        return found
    if allowed is not None and winners[0] not in allowed:
        return found
    return winners[0]


def _allowed_by_letters(text: str) -> frozenset[str] | None:
    chars = set(text.lower())
    allowed: frozenset[str] | None = None
    for letters, languages in _LETTERS:
        if chars & letters:
            allowed = languages if allowed is None else allowed & languages
    return allowed


def normalise_tag(tag: str | None) -> str | None:
    """An input's own language field ("ru-RU", "en_GB", "RU") as an ISO 639-1 code, None
    when it is not a language tag."""
    if not tag:
        return None
    found = _TAG.match(tag.strip().lower())
    return found.group(1) if found else None


def name(code: str | None) -> str:
    """A plain word for a language code ("Uzbek"); the code itself for one not listed."""
    if code is None:
        return "unknown"
    return NAMES.get(code, code)
