"""The working representation: an article's parses, its quotations, the quote of each token."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from newsprism.nlp.quotes.marks import _find_quotes, _QSpan
from newsprism.records import Span


@dataclass
class _Article:
    text: str
    docs: list[Doc]
    offsets: list[int]
    quotes: list[_QSpan]
    para_index: dict[int, int] = field(default_factory=dict)
    """id() of each paragraph's Doc -> its index."""
    inner: list[list[int]] = field(default_factory=list)
    """Per paragraph, per token: index of the innermost quote holding it, or -1."""
    top: list[list[int]] = field(default_factory=list)
    """Per paragraph, per token: index of the outermost quote holding it, or -1."""

    def start(self, t: Token) -> int:
        return self.offsets[self.para_of(t)] + t.idx

    def end(self, t: Token) -> int:
        return self.offsets[self.para_of(t)] + t.idx + len(t.text)

    def para_of(self, t: Token) -> int:
        return self.para_index[id(t.doc)]

    def quote_of(self, t: Token) -> int:
        return self.inner[self.para_of(t)][t.i]

    def top_of(self, t: Token) -> int:
        return self.top[self.para_of(t)][t.i]


@dataclass
class _Attr:
    content: Span
    kind: str
    para: int
    cue: Span | None = None
    speaker: Span | None = None
    head: Token | None = None
    """The speaker phrase's head token, for resolution."""
    inherit_from: Token | None = None
    """For a cue with no subject of its own ("…, adding:"): the verb whose speaker it shares."""
    entity: str | None = None
    quote: int | None = None
    """Index of the quotation (its marks) this attribution is for, when direct."""
    nested_parent: int | None = None
    holds: list[int] = field(default_factory=list)
    """Quotations inside a mixed quote's content."""


def _build(text: str, paragraphs: Sequence[tuple[int, Doc]]) -> _Article:
    docs = [d for _, d in paragraphs]
    offsets = [o for o, _ in paragraphs]
    quotes = _find_quotes([(o, d.text) for o, d in paragraphs])
    art = _Article(text, docs, offsets, quotes, {id(d): i for i, d in enumerate(docs)})
    for p, d in enumerate(docs):
        inner = [-1] * len(d)
        top = [-1] * len(d)
        lo, hi = offsets[p], offsets[p] + len(d.text)
        for qi, q in enumerate(quotes):
            if q.end <= lo or q.start >= hi:
                continue
            for t in d:
                if q.start <= lo + t.idx < q.end:
                    inner[t.i] = qi  # quotes come in order of their opening: inner ones last
                    if top[t.i] == -1:
                        top[t.i] = qi
        art.inner.append(inner)
        art.top.append(top)
    return art
