"""Russian articles: natasha's tokens, morphology, syntax and names, as spaCy Docs.

natasha 1.6.0 (MIT; slovnet models, navec vectors and pymorphy2 dictionaries inside its PyPI
packages, nothing downloaded) segments, tags Universal Dependencies morphology, parses
dependencies and finds PER / ORG / LOC names, each with its dictionary form ("Путину" ->
"Путин"). Its output becomes spaCy Docs over the same characters, so every later stage
reads one kind of parse whatever the language (UD labels: nsubj, ccomp, parataxis...; pos_
is UD's, tag_ holds it too, morph its features), and the records made are the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any

from newsprism.config import Config
from newsprism.nlp.annotate import Parsed, _bounded
from newsprism.records import Mention, Sentence, Span

LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
"""natasha's types as the English pipeline's: its LOC is mostly countries and cities."""


@dataclass(frozen=True)
class _Natasha:
    segmenter: Any
    morph_vocab: Any
    morph: Any
    syntax: Any
    ner: Any
    vocab: Any
    """A blank Russian spaCy vocabulary, for the Docs."""


@cache
def _models() -> _Natasha:
    import spacy
    from natasha import (
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

    embedding = NewsEmbedding()
    return _Natasha(
        Segmenter(), MorphVocab(), NewsMorphTagger(embedding), NewsSyntaxParser(embedding),
        NewsNERTagger(embedding), spacy.blank("ru").vocab,
    )  # fmt: skip


Names = list[tuple[int, int, str, str | None]]
"""(start, end, type, dictionary form when it differs from the text) of a text's names."""
DocMaker = Callable[[str], tuple[Any, Names]]


def parse_russian(
    articles: Sequence[tuple[str, str, Sequence[Span]]], config: Config
) -> list[Parsed]:
    """Sentences, paragraphs (spaCy Docs) and name mentions of Russian articles."""
    return [parse_with(russian_doc, a, text, spans) for a, text, spans in articles]


def parse_with(make: DocMaker, article_id: str, text: str, spans: Sequence[Span]) -> Parsed:
    """One article's Parsed from a Doc maker run on each clean span."""
    paragraphs: list[tuple[int, Any]] = []
    mentions: list[Mention] = []
    for span in spans:
        for start, end in _bounded(text, span):
            doc, names = make(text[start:end])
            paragraphs.append((start, doc))
            mentions += [
                Mention(article_id, start + s, start + e, doc.text[s:e], label, base=base)
                for s, e, label, base in names
            ]
    sentences = tuple(
        Sentence(article_id, offset + sent.start_char, offset + sent.end_char)
        for offset, doc in paragraphs
        for sent in doc.sents
        if sent.text.strip()
    )
    return Parsed(tuple(paragraphs), sentences, tuple(mentions), ())


def russian_doc(text: str) -> tuple[Any, Names]:
    """A spaCy Doc of ``text`` from natasha's analysis, and its names."""
    return ud_doc(text)


def ud_doc(
    text: str,
    names_of: Callable[[str], Names] | None = None,
    lemma_of: Callable[[str, str], str] | None = None,
    pos_of: Callable[[str, str], str] | None = None,
) -> tuple[Any, Names]:
    """A spaCy Doc of ``text`` from natasha's tokens, morphology and syntax, with the names
    ``names_of`` finds (natasha's own by default), the lemmas ``lemma_of(word, pos)`` gives
    (natasha's Russian ones by default) and the parts of speech ``pos_of(word, pos)`` corrects:
    a closely related language (Ukrainian) takes the structure from the Russian models and its
    words from its own."""
    from natasha import Doc as NatashaDoc
    from spacy.tokens import Doc

    models = _models()
    found = NatashaDoc(text)
    found.segment(models.segmenter)
    found.tag_morph(models.morph)
    found.parse_syntax(models.syntax)
    if names_of is None:
        found.tag_ner(models.ner)
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[int] = []
    pos: list[str] = []
    lemmas: list[str] = []
    morphs: list[str] = []
    heads: list[int] = []
    deps: list[str] = []
    sent_starts: list[bool | int | None] = []
    index: dict[str, int] = {}
    pending_heads: list[tuple[int, str]] = []
    position = 0

    def gap(until: int) -> None:
        """The whitespace before ``until``: one space after the previous word, the rest a
        whitespace word of its own (attached to the word before it)."""
        nonlocal position
        between = text[position:until]
        if not between:
            return
        if words and between.startswith(" ") and not spaces[-1]:
            spaces[-1] = True
            between = between[1:]
            position += 1
        if between:
            words.append(between)
            spaces.append(False)
            starts.append(position)
            pos.append("SPACE")
            lemmas.append(between)
            morphs.append("")
            heads.append(max(len(words) - 2, 0))
            deps.append("dep")
            sent_starts.append(False)
        position = until

    for sentence in found.sents:
        first = True
        for token in sentence.tokens:
            gap(token.start)
            if pos_of is not None:
                token.pos = pos_of(token.text, token.pos or "X")
            if lemma_of is None:
                token.lemmatize(models.morph_vocab)
            else:
                token.lemma = lemma_of(token.text, token.pos or "X")
            index[token.id] = len(words)
            words.append(token.text)
            spaces.append(False)
            starts.append(token.start)
            pos.append(token.pos or "X")
            lemmas.append(token.lemma or token.text.lower())
            morphs.append("|".join(f"{k}={v}" for k, v in sorted((token.feats or {}).items())))
            pending_heads.append((len(words) - 1, token.head_id))
            heads.append(len(words) - 1)
            deps.append(token.rel or "dep")
            sent_starts.append(first)
            first = False
            position = token.stop
    gap(len(text))
    for i, head_id in pending_heads:
        head = index.get(head_id)
        if head is None or deps[i] == "root":
            heads[i], deps[i] = i, "ROOT"
        else:
            heads[i] = head
    if not words:
        return Doc(models.vocab, words=[]), []
    _break_cycles(heads, deps, sent_starts)
    if pos[0] == "SPACE":
        heads[0] = next((i for i, p in enumerate(pos) if p != "SPACE"), 0)
    doc = Doc(
        models.vocab, words=words, spaces=spaces, pos=pos, tags=pos, lemmas=lemmas,
        morphs=morphs, heads=heads, deps=deps, sent_starts=sent_starts,
    )  # fmt: skip
    names: Names = []
    ents = []
    found_names = names_of(text) if names_of else _natasha_names(found)
    for start_, stop, label_, normal in _with_their_country(text, found_names, doc):
        label = LABELS.get(label_, label_)
        for start, end, base in _split_gloss(text, start_, stop, normal or text[start_:stop]):
            entity = doc.char_span(start, end, label=label, alignment_mode="expand")
            if entity is not None:
                ents.append(entity)
                names.append((start, end, label, base if base != text[start:end] else None))
    doc.ents = _without_overlaps(ents)
    return doc, names


_GLOSS = re.compile(r"\s*\(([^()]{2,80})\)$")


def _natasha_names(found: Any) -> Names:
    models = _models()
    out: Names = []
    for span in found.spans:
        if span.type in LABELS:
            span.normalize(models.morph_vocab)
            out.append((span.start, span.stop, span.type, span.normal or span.text))
    return out


def _with_their_country(text: str, names: Names, doc: Any) -> Names:
    """An organisation followed by the genitive of a place is one name: "Министерства
    сельского хозяйства Германии", "Конгресса США", "Верховный суд Бангладеша" (the
    recognisers cut them in two, and the ministry of one country would join another's)."""
    ordered = sorted(names, key=lambda n: n[0])
    out: Names = []
    i = 0
    while i < len(ordered):
        start, end, label, normal = ordered[i]
        if label == "ORG" and i + 1 < len(ordered):
            n_start, n_end, n_label, _ = ordered[i + 1]
            place = doc.char_span(n_start, n_end, alignment_mode="expand")
            genitive = place is not None and all(
                "Gen" in t.morph.get("Case", ["Gen"]) for t in place if t.pos_ != "PUNCT"
            )
            if n_label == "LOC" and text[end:n_start] == " " and genitive:
                out.append(
                    (start, n_end, "ORG", f"{normal or text[start:end]} {text[n_start:n_end]}")
                )
                i += 2
                continue
        out.append(ordered[i])
        i += 1
    return out


def _split_gloss(text: str, start: int, end: int, normal: str) -> list[tuple[int, int, str]]:
    """A name with its acronym or original spelling in brackets ("Союз координационных
    советов (СКС)", "... банк Китая (Industrial and Commercial Bank of China)") as two names,
    each with its dictionary form: so the acronym can join the long form across articles."""
    found = _GLOSS.search(text, start, end)
    gloss = _GLOSS.search(normal)
    if found is None or found.start() == start:
        return [(start, end, normal)]
    head = normal[: gloss.start()] if gloss else text[start : found.start()]
    return [(start, found.start(), head), (found.start(1), found.end(1), found.group(1))]


def _break_cycles(heads: list[int], deps: list[str], sent_starts: list[bool | int | None]) -> None:
    """Make each sentence's heads a tree: natasha's parser scores arcs one by one and can
    return a cycle, which spaCy's tree walks (``subtree``) do not survive. A token on a
    cycle is attached to its sentence's root (or becomes the root when there is none)."""
    starts = [i for i, start in enumerate(sent_starts) if start] + [len(heads)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    for begin, end in pairwise(starts):
        root = next((i for i in range(begin, end) if heads[i] == i), None)
        for i in range(begin, end):
            if not begin <= heads[i] < end:
                heads[i] = root if root is not None else i
        for i in range(begin, end):
            path = [i]
            j = heads[i]
            while heads[j] != j and j not in path and len(path) <= end - begin:
                path.append(j)
                j = heads[j]
            if heads[j] != j:  # j is on a cycle: cut it there
                if root is None:
                    root = j
                    heads[j], deps[j] = j, "ROOT"
                else:
                    heads[j] = root


def _without_overlaps(ents: list[Any]) -> list[Any]:
    kept: list[Any] = []
    for ent in sorted(ents, key=lambda e: (e.start, -len(e))):
        if not kept or ent.start >= kept[-1].end:
            kept.append(ent)
    return kept
