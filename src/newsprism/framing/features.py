"""Feature vectors for the framing heads, shared by training and run time.

Frozen MiniLM sentence vectors are pooled per paragraph or article, joined by a few lexicon
rates (exclamations, first person, loaded words, ...) that a mean vector blurs. Training
(scripts/train_framing.py) and inference call the same functions, so a head always sees the
features it was fitted on. Paragraph vectors are the normalised mean of their sentences'
vectors rather than a separate encoding, so run time needs only the cached sentence vectors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Span = tuple[int, int]
Matrix = NDArray[np.float32]

_WORD = re.compile(r"\w+(?:[’']\w+)?")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_LEXICONS: dict[str, frozenset[str]] = {
    "i": _words("i me my mine myself"),
    "we": _words("we us our ours ourselves"),
    "you": _words("you your yours yourself yourselves"),
    "intensifier": _words(
        "very extremely totally absolutely completely utterly never always all every nothing"
        " everyone nobody whole entire huge massive enormous incredible unprecedented"
    ),
    "loaded": _words(
        "evil corrupt criminal criminals disgrace disgraceful shameful traitor traitors regime"
        " puppet thugs radical radicals extremist extremists lies liar liars propaganda"
        " tyranny tyrant hoax fake sham treason terror terrorist terrorists brutal barbaric"
        " disastrous catastrophic insane crazy idiots idiotic stupid pathetic outrageous"
        " globalist globalists elite elites deep scam war-mongering warmongers nazi nazis"
        " fascist fascists communist socialists destroy destroying murder murdered"
    ),
    "doubt": _words(
        "allegedly alleged supposedly so-called claim claims claimed questionable dubious"
        " apparently purportedly reportedly unproven baseless unfounded"
    ),
}
LEXICAL_NAMES = (
    "log_words", "exclaim", "question", "quotes", "caps", *_LEXICONS.keys(), "digits",
)  # fmt: skip
LEXICAL_DIMS = len(LEXICAL_NAMES)


def lexical(text: str) -> Matrix:
    """Rates that sentence vectors blur: punctuation, person, loaded and doubting words."""
    words = _WORD.findall(text)
    n = max(len(words), 1)
    lower = [w.lower() for w in words]
    sentences = max(text.count(".") + text.count("!") + text.count("?"), 1)
    values = [
        np.log1p(len(words)) / 5.0,
        text.count("!") / sentences,
        text.count("?") / sentences,
        10.0 * sum(text.count(q) for q in '"“”') / n,
        10.0 * sum(1 for w in words if len(w) > 2 and w.isupper()) / n,
        *(10.0 * sum(1 for w in lower if w in lex) / n for lex in _LEXICONS.values()),
        10.0 * sum(1 for w in words if w.isdigit()) / n,
    ]
    return np.asarray(values, dtype=np.float32)


def _unit(vector: NDArray[np.float32]) -> Matrix:
    norm = float(np.linalg.norm(vector))
    return (vector / norm).astype(np.float32) if norm > 0 else vector.astype(np.float32)


@dataclass(frozen=True)
class Encoded:
    """One text with its paragraphs, sentences and one vector per sentence.

    ``sentence_paragraph[i]`` is the paragraph holding sentence ``i`` (by its start), so
    spaCy sentences from the store and the line paragraphs of the text line up.
    """

    text: str
    paragraphs: tuple[Span, ...]
    sentences: tuple[Span, ...]
    vectors: Matrix
    sentence_paragraph: tuple[int, ...]
    language: str | None = None
    """The text's language, for the style rates (framing/style.py); None: words not read."""

    @classmethod
    def build(
        cls,
        text: str,
        paragraphs: Sequence[Span],
        sentences: Sequence[Span],
        vectors: Matrix,
        language: str | None = None,
    ) -> Encoded:
        owner = []
        for s, _ in sentences:
            index = 0
            for i, (ps, pe) in enumerate(paragraphs):
                if ps <= s < pe:
                    index = i
                    break
                if ps <= s:
                    index = i
            owner.append(index)
        return cls(text, tuple(paragraphs), tuple(sentences), vectors, tuple(owner), language)

    def mean(self) -> Matrix:
        if not len(self.sentences):
            return np.zeros(self.vectors.shape[1] if self.vectors.ndim == 2 else 384, np.float32)
        return _unit(self.vectors.mean(axis=0))

    def paragraph_rows(self, index: int) -> list[int]:
        return [i for i, p in enumerate(self.sentence_paragraph) if p == index]


def technique_features(encoded: Encoded) -> tuple[Matrix, list[int], Matrix]:
    """Paragraph rows (one per paragraph with sentences, indices returned) and sentence rows,
    each [mean of its sentences, their max-pool, article mean, own lexicon rates]: the max
    keeps one loaded sentence from being averaged away, the article mean carries its tone.
    A sentence row is the same with the sentence alone, so the paragraph's head can rank
    its sentences to find the evidence."""
    article = encoded.mean()
    text = encoded.text
    kept: list[int] = []
    rows = []
    for p, (ps, pe) in enumerate(encoded.paragraphs):
        members = encoded.paragraph_rows(p)
        if not members:
            continue
        kept.append(p)
        vectors = encoded.vectors[members]
        rows.append(
            np.concatenate([_unit(vectors.mean(axis=0)), vectors.max(axis=0), article,
                            lexical(text[ps:pe])])
        )  # fmt: skip
    sentence_rows = [
        np.concatenate([encoded.vectors[i], encoded.vectors[i], article, lexical(text[s:e])])
        for i, (s, e) in enumerate(encoded.sentences)
    ]
    dims = 3 * encoded.vectors.shape[1] + LEXICAL_DIMS
    return (
        np.asarray(rows, np.float32).reshape(-1, dims),
        kept,
        np.asarray(sentence_rows, np.float32).reshape(-1, dims),
    )


def article_features(encoded: Encoded) -> Matrix:
    """[mean, max-pool, first sentence (usually the title), lexicon rates] of one article."""
    if not len(encoded.sentences):
        dims = encoded.vectors.shape[1] if encoded.vectors.ndim == 2 else 384
        return np.zeros(3 * dims + LEXICAL_DIMS, np.float32)
    vectors = encoded.vectors
    return np.concatenate(
        [encoded.mean(), vectors.max(axis=0), vectors[0], lexical(encoded.text)]
    ).astype(np.float32)


def genre_features(encoded: Encoded) -> Matrix:
    """The article features and the style rates that tell reporting from opinion and satire
    (attributions, quoted share, person, dateline: framing/style.py)."""
    from newsprism.framing.style import style

    return np.concatenate([article_features(encoded), style(encoded.text, encoded.language)])


def mention_context(encoded: Encoded, start: int, end: int, window: int = 1) -> list[int]:
    """Sentence rows around a mention: its sentence and ``window`` either side."""
    at = 0
    for i, (s, e) in enumerate(encoded.sentences):
        if s <= start < e or s >= start:
            at = i
            break
        at = i
    low, high = max(at - window, 0), min(at + window + 1, len(encoded.sentences))
    return list(range(low, high))


def role_features(
    encoded: Encoded, start: int, end: int, name_vector: Matrix, article: Matrix | None = None
) -> Matrix:
    """[context mean, mention's own sentence, name vector, name x context, article mean]: the
    name and its product with the context say which of the sentence's actors is meant."""
    rows = mention_context(encoded, start, end)
    if not rows:
        dims = name_vector.shape[0]
        return np.zeros(5 * dims, np.float32)
    own = rows[len(rows) // 2] if len(rows) > 1 else rows[0]
    for i in rows:
        s, e = encoded.sentences[i]
        if s <= start < e:
            own = i
    context = _unit(encoded.vectors[rows].mean(axis=0))
    article = encoded.mean() if article is None else article
    return np.concatenate(
        [context, encoded.vectors[own], name_vector, context * name_vector * 10.0, article]
    ).astype(np.float32)
