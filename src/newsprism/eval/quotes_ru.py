"""Russian and Ukrainian quote speakers on hand-annotated golds of the bench's news.

``data/eval/quotes_ru.json`` holds 134 quotes of the first 20 factRuEval-2016 devset
documents (every quote of each, by file-name order), annotated by hand (who and by what rule:
its "about"); the rules were tuned on it. ``quotes_ru_test.json`` holds 112 quotes of the next
28 documents, annotated by the same rule and held out: it is only scored. Both store offsets
and a few characters of each content, never the documents, which are read from
../shared/bench. Each document is parsed as `analyze` parses a Russian
article (nlp/russian.py, paragraphs split at blank lines) and its quotes extracted
(nlp/quotes/russian.py).

A gold quote is found when an extracted quote overlaps its content; its speaker is right
when the extracted speaker (the name a pronoun was resolved to, else the speaker as written)
and the gold speaker name share their words by lemma (:func:`same_speaker`): one's lemmas
within the other's ("Лукашенко" for "Александр Лукашенко"), or the same head word and a
shared name. Speaker accuracy counts
over the gold quotes whose speaker the text names. Anchor: none published for Russian; the
issue's goal is 0.85. Baseline: for every gold quote, the last person named before its content.

Ukrainian: ``data/eval/quotes_uk.json`` holds the quotes of the first ner-uk ``ng`` documents
by the same rule (its "about" says who annotated them). The rules were not tuned on it: it
was annotated after they were written and is only scored, parsed as `analyze` parses a
Ukrainian article (nlp/ukrainian.py) with the Ukrainian cue words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from newsprism.errors import UsageError

GOLD = "eval/quotes_ru.json"
"""The dev part: the rules were tuned on it."""
HELD_OUT = "eval/quotes_ru_test.json"
"""The held-out part: 112 quotes of the next 28 documents, annotated by the same rule; never
read while tuning, scored by the same code."""
UKRAINIAN = "eval/quotes_uk.json"
"""Ukrainian quotes of ner-uk news documents, only ever scored."""


@dataclass
class RuQuotesScore:
    quotes: int = 0
    named: int = 0
    found: int = 0
    right: int = 0
    baseline_right: int = 0
    extracted: int = 0
    extracted_true: int = 0
    """Extracted quotes, and those overlapping a gold quote (every quote of each document is
    in the gold, so the others are false)."""
    wrong: list[tuple[str, str, str]] = field(default_factory=list)
    """(content start, gold speaker, ours) of the found quotes with a wrong speaker."""

    @property
    def speaker_accuracy(self) -> float:
        return self.right / self.named if self.named else 0.0

    @property
    def found_share(self) -> float:
        return self.found / self.quotes if self.quotes else 0.0

    @property
    def precision(self) -> float:
        return self.extracted_true / self.extracted if self.extracted else 0.0

    @property
    def baseline_accuracy(self) -> float:
        return self.baseline_right / self.named if self.named else 0.0


def gold(name: str = GOLD) -> dict[str, Any]:
    path = resources.files("newsprism.data").joinpath(name)
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


@cache
def _morph() -> Any:
    from natasha import MorphVocab

    return MorphVocab()


def lemmas(name: str, language: str = "ru") -> frozenset[str]:
    """The dictionary forms of a name's words ("Владимиром Путиным" -> {владимир, путин})."""
    words = [w for w in re.findall(r"[\w'’-]+", name.lower()) if len(w) > 1]
    if language == "uk":
        from newsprism.nlp.ukrainian import lemma

        return frozenset(lemma(w, "") for w in words)
    morph = _morph()
    return frozenset(morph.parse(w)[0].normal_form for w in words)


def same_speaker(ours: str | None, theirs: str, language: str = "ru") -> bool:
    """One's lemmas within the other's; or one head word (the first) and, where both name
    someone beyond it, a shared name ("Врачи, прооперировавшие … Гиффордс" for "врачи,
    лечащие Гэбриэль Гиффордс"; not "пресс-служба президента" for "пресс-служба Кремля")."""
    if not ours:
        return False
    a, b = lemmas(ours, language), lemmas(theirs, language)
    if not a or not b:
        return False
    if a <= b or b <= a:
        return True
    head_a, head_b = lemmas(ours.split()[0], language), lemmas(theirs.split()[0], language)
    names_a, names_b = _names(ours, language), _names(theirs, language)
    return bool(head_a & head_b) and bool(names_a) and bool(names_b) and bool(names_a & names_b)


def _named(quote: Any, mentions: Any) -> str | None:
    """The name under the speaker span, in its dictionary form, as the store resolves it."""
    if quote.speaker is None:
        return None
    start, end = quote.speaker
    inside = [
        m for m in mentions if m.start < end and start < m.end and m.type in ("PERSON", "ORG")
    ]
    return (inside[0].base or inside[0].text) if inside else None


def _names(text: str, language: str = "ru") -> frozenset[str]:
    """The lemmas of the capitalised words after the first."""
    words = text.split()[1:]
    return frozenset(w for word in words if word[:1].isupper() for w in lemmas(word, language))


def score(
    bench: Path,
    say: Callable[[str], None] | None = None,
    part: str = GOLD,
    language: str = "ru",
) -> RuQuotesScore:
    from newsprism.config import default_config
    from newsprism.nlp.quotes.russian import extract_quotes_ru
    from newsprism.nlp.russian import parse_russian
    from newsprism.nlp.ukrainian import parse_ukrainian

    parse = parse_ukrainian if language == "uk" else parse_russian
    items = gold(part)["quotes"]
    by_path: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        by_path.setdefault(item["path"], []).append(item)
    result = RuQuotesScore()
    for n, (name, wanted) in enumerate(sorted(by_path.items()), start=1):
        path = bench / name
        if not path.is_file():
            raise UsageError(f"{path} not found: the quotes gold reads the bench's files")
        text = path.read_text(encoding="utf-8")
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text)]
        parsed = parse([(name, text, spans)], default_config())[0]
        quotes = extract_quotes_ru(name, text, parsed.paragraphs, language)
        people = [(m.start, m.text) for m in parsed.mentions if m.type == "PERSON"]
        result.extracted += len(quotes)
        result.extracted_true += sum(
            any(q.content[0] < g["content"][1] and g["content"][0] < q.content[1] for g in wanted)
            for q in quotes
        )
        for item in wanted:
            start, end = item["content"]
            if text[start : start + len(item["content_start_text"])] != item["content_start_text"]:
                raise UsageError(f"{name}: the gold's offsets do not match the text at {start}")
            result.quotes += 1
            overlapping = [q for q in quotes if q.content[0] < end and start < q.content[1]]
            match = min(overlapping, key=lambda q: q.content[1] - q.content[0], default=None)
            result.found += match is not None
            speaker = item.get("speaker_name")
            if not speaker:
                continue
            result.named += 1
            before = [t for s, t in people if s < start]
            result.baseline_right += same_speaker(before[-1] if before else None, speaker, language)
            if match is None:
                continue
            ours = match.speaker_entity or _named(match, parsed.mentions) or match.speaker_text
            if same_speaker(ours, speaker, language):
                result.right += 1
            else:
                result.wrong.append((item["content_start_text"], speaker, ours or "(none)"))
        if say:
            say(f"  {n}/{len(by_path)} documents")
    return result
