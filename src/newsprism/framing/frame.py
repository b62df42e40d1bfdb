"""Frame one article: its techniques, frames, genre, entity roles and narratives as Labels.

A per-article stage: it needs the article's text, sentences with their vectors and its
mentions (with canonical entity ids), and returns records; it never touches the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from newsprism.framing import heads
from newsprism.framing.features import Encoded
from newsprism.framing.text import paragraphs
from newsprism.records import FramingDoc, Label, Mention

STAGE = "framing.v2"
ROLE_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
MAX_ROLE_ENTITIES = 8
"""Entities given a role per article: SemEval annotates the few salient actors of a text,
so only the most mentioned entities (at least two mentions when there are such) get one."""
MENTIONS_PER_ENTITY = 4
"""Role probabilities are averaged over an entity's first few mentions."""


def stage_version() -> str:
    """Stage and model version: re-framing happens when either changes."""
    versions = "+".join(
        f"{name}@{heads.manifest_from(heads.MODELS_DIR / name)['version']}"
        for name in sorted(set(heads.MODEL_SETS.values()))
    )
    return f"{STAGE}+{versions}"


def encoded_doc(doc: FramingDoc) -> Encoded:
    """Line paragraphs of the clean text with the stored sentences inside them."""
    paras = paragraphs(doc.text, doc.clean_spans or None)
    return Encoded.build(
        doc.text, paras, [(s.start, s.end) for s in doc.sentences], doc.vectors, doc.language
    )


def _label_vectors(names: tuple[str, ...], language: str | None = None) -> NDArray[np.float32]:
    """One row per label name; each name is encoded once per process (the tuple of labels
    differs from article to article, so caching the tuple missed almost every time)."""
    from newsprism.framing.encode import encode_strings

    # an article without article-level labels gets (0, dims)
    return encode_strings(
        [name.replace("_", " ").replace("URW: ", "").replace("CC: ", "") for name in names],
        language,
    )


def _evidence(encoded: Encoded, names: Sequence[str]) -> list[tuple[int, int]]:
    """For each article-level label, the sentence closest to its name: where to look."""
    if not encoded.sentences:
        return [(0, 0)] * len(names)
    sims = encoded.vectors @ _label_vectors(tuple(names), encoded.language).T
    return [encoded.sentences[int(np.argmax(sims[:, j]))] for j in range(len(names))]


def _extent(encoded: Encoded) -> tuple[int, int]:
    if encoded.paragraphs:
        return encoded.paragraphs[0][0], encoded.paragraphs[-1][1]
    return 0, len(encoded.text)


def technique_labels(article_id: str, encoded: Encoded) -> list[Label]:
    model = heads.model_name("techniques", encoded.language)
    found = []
    for hit in heads.techniques(encoded):
        members = encoded.paragraph_rows(hit.paragraph)
        if len(members) > 1:
            start, end = encoded.sentences[hit.sentence]
            kind = "span"
        else:
            start, end = encoded.paragraphs[hit.paragraph]
            kind = "paragraph"
        found.append(Label(article_id, kind, start, end, "technique", hit.label, hit.score, model))
    return found


def article_labels(article_id: str, encoded: Encoded) -> list[Label]:
    """Genre (whole text as evidence), frames and narratives (closest sentence as evidence)."""
    if not encoded.sentences:
        return []
    start, end = _extent(encoded)
    language = encoded.language
    g = heads.genre(encoded)
    found = [Label(article_id, "article", start, end, "genre", g.label, g.score,
                   heads.model_name("genre", language))]  # fmt: skip
    frames = heads.frames(encoded)
    for f, (s, e) in zip(frames, _evidence(encoded, [f.label for f in frames]), strict=True):
        found.append(Label(article_id, "article", s, e, "frame", f.label, f.score,
                           heads.model_name("frames", language)))  # fmt: skip
    narratives = heads.narratives(encoded)
    about = narratives.topic
    if about is not None and about.label != heads.NO_TOPIC:
        found.append(Label(article_id, "article", start, end, "topic", about.label, about.score,
                           heads.model_name("topics", language)))  # fmt: skip
    for scheme, items, head in (
        ("narrative", narratives.coarse, "narratives_coarse"),
        ("narrative_fine", narratives.fine, "narratives_fine"),
    ):
        spans = _evidence(encoded, [x.label for x in items])
        for x, (s, e) in zip(items, spans, strict=True):
            found.append(Label(article_id, "article", s, e, scheme, x.label, x.score,
                               heads.model_name(head, language)))  # fmt: skip
    return found


def role_labels(article_id: str, encoded: Encoded, mentions: Sequence[Mention]) -> list[Label]:
    """Main and fine roles of the article's most mentioned canonical entities."""
    by_entity: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.entity_id and m.type in ROLE_TYPES and m.refers_to is None:
            by_entity[m.entity_id].append(m)
    ranked = sorted(by_entity.items(), key=lambda kv: (-len(kv[1]), kv[1][0].start))
    repeated = [kv for kv in ranked if len(kv[1]) >= 2]
    chosen = (repeated or ranked[:3])[:MAX_ROLE_ENTITIES]
    if not chosen or not encoded.sentences:
        return []
    spans = [(m.start, m.end) for _, ms in chosen for m in ms[:MENTIONS_PER_ENTITY]]
    main_p, fine_p = heads.role_probabilities(encoded, spans)
    language = encoded.language
    found: list[Label] = []
    row = 0
    for entity_id, ms in chosen:
        used = ms[:MENTIONS_PER_ENTITY]
        rows = slice(row, row + len(used))
        row += len(used)
        prediction = heads.decide_role(
            main_p[rows].mean(axis=0), fine_p[rows].mean(axis=0), language
        )
        # evidence: the mention whose own reading agrees most with the entity's role
        main_index = heads.load("roles_main", language).labels.index(prediction.main)
        best = used[int(np.argmax(main_p[rows, main_index]))]
        start, end = _sentence_of(encoded, best.start)
        mention = (best.start, best.end)
        found.append(Label(article_id, "entity", start, end, "role", prediction.main,
                           prediction.main_score, heads.model_name("roles_main", language),
                           entity_id, mention))  # fmt: skip
        for label, score in zip(prediction.fine, prediction.fine_scores, strict=True):
            found.append(Label(article_id, "entity", start, end, "role_fine", label, score,
                               heads.model_name("roles_fine", language), entity_id,
                               mention))  # fmt: skip
    return found


def _sentence_of(encoded: Encoded, offset: int) -> tuple[int, int]:
    for s, e in encoded.sentences:
        if s <= offset < e:
            return s, e
    return offset, offset


def frame(doc: FramingDoc) -> list[Label]:
    """Every framing label of one article, each with its evidence span and probability."""
    encoded = encoded_doc(doc)
    return [
        *article_labels(doc.article_id, encoded),
        *technique_labels(doc.article_id, encoded),
        *role_labels(doc.article_id, encoded, doc.mentions),
    ]


def frame_text(article_id: str, text: str) -> list[Label]:
    """Frame raw text with no stored understanding: sentences by punctuation, no roles (roles
    need the canonical entities of the understanding stage)."""
    from newsprism.framing.encode import encode_text
    from newsprism.nlp.language import identify

    encoded = encode_text(text, language=identify(text).language)
    return [*article_labels(article_id, encoded), *technique_labels(article_id, encoded)]


def zero_shot_labels(doc: FramingDoc, taxonomy_path: Path) -> list[Label]:
    """Narratives of a user taxonomy (YAML/JSON) matched zero-shot; see framing/taxonomy.py."""
    from newsprism.framing.taxonomy import load_taxonomy, zero_shot

    taxonomy = load_taxonomy(taxonomy_path)
    model = f"zero-shot-minilm@{taxonomy.name}"
    return [
        Label(doc.article_id, "article", hit.evidence[0], hit.evidence[1],
              "narrative" if hit.narrative.parent is None else "narrative_fine",
              hit.narrative.name, hit.score, model)
        for hit in zero_shot(encoded_doc(doc), taxonomy)
    ]  # fmt: skip
