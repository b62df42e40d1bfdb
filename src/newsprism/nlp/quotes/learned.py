"""Attributions the word lists miss, found by a cue model learned from PolNeAR train.

PolNeAR counts as attribution far more than speech and belief verbs: endorsements ("X
endorsed Y"), plans and wishes ("she wants to"), citations ("citing a poll"), criticisms
("his critique of"), findings ("the survey shows"). The rules find fewer than half of its cues.
A logistic model over the parse around a verb or noun (its lemma, tag, dependency, what hangs
from it, the words beside it) says which tokens head a cue; it is fitted by
``scripts/train_quotes.py`` and shipped as sparse weights in ``data/quotes/cue_model.json``
(model card beside it), so inference needs neither scikit-learn nor numpy.

For a learned cue, the speaker is its subject phrase (as for reported speech). Its content is
one of a few candidate spans (the rest of the sentence, its right dependents with or without
adverbial clauses, its object, its clausal complement), the one a second logistic model,
fitted on the same train articles, scores highest.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Token

from newsprism.nlp.quotes.article import _Article, _Attr
from newsprism.nlp.quotes.lexicon import _SPEECH_NOUNS
from newsprism.nlp.quotes.phrases import (
    DUMMY_SUBJECTS,
    _cue_span,
    _hull,
    _inherits,
    _phrase,
    _speaker_token,
)
from newsprism.nlp.spans import SpanIndex
from newsprism.records import Span

CANDIDATE_POS = frozenset({"VERB", "NOUN"})
"""Parts of speech a learned cue can head; colons and "according to" stay with the rules."""

_RIGHT_SKIP = frozenset({"punct", "cc", "conj", "nsubj", "nsubjpass", "advcl", "npadvmod"})
"""Dependents on a cue's right that are not what it attributes."""


def is_candidate(t: Token) -> bool:
    """Can ``t`` head a cue at all (and so be scored)?"""
    return t.pos_ in CANDIDATE_POS


def cue_features(t: Token, quoted: bool) -> list[str]:
    """The sparse features of token ``t`` as a cue head (shared by training and inference)."""
    lemma = t.lemma_.lower()
    deps = sorted({c.dep_ for c in t.children})
    feats = [
        f"l={lemma}",
        f"p={t.pos_}",
        f"t={t.tag_}",
        f"d={t.dep_}",
        f"ld={lemma}|{t.dep_}",
        f"lt={lemma}|{t.tag_}",
        f"h={t.head.lemma_.lower()}" if t.head.i != t.i else "h=ROOT",
        f"hd={t.head.pos_}|{t.dep_}",
        f"q={quoted}",
        f"prev={t.doc[t.i - 1].lower_ if t.i > 0 else '<s>'}",
        f"next={t.doc[t.i + 1].lower_ if t.i + 1 < len(t.doc) else '</s>'}",
    ]
    feats += [f"c={d}" for d in deps]
    feats += [f"lc={lemma}|{d}" for d in deps if d in ("ccomp", "xcomp", "dobj", "prep", "nsubj")]
    feats += [
        f"cp={c.lower_}" for c in t.children if c.dep_ == "prep" or (c.dep_ == "aux" and c.i > t.i)
    ]
    subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None:
        feats.append(f"s={subj.ent_type_ or subj.pos_}")
    poss = next((c for c in t.children if c.dep_ == "poss"), None)
    if poss is not None:
        feats.append(f"poss={poss.ent_type_ or poss.pos_}")
    return feats


@dataclass(frozen=True)
class CueModel:
    """A logistic cue model: sparse weights, a bias, the decision threshold, content choices."""

    bias: float
    weights: dict[str, float]
    threshold: float
    content_weights: dict[str, float]
    """Weights of the content model, which scores each candidate span of a cue."""

    def probability(self, feats: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-z))


@cache
def cue_model() -> CueModel | None:
    """The shipped model, or None when the package was built without one."""
    path = resources.files("newsprism.data").joinpath("quotes/cue_model.json")
    if not path.is_file():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    return CueModel(
        float(raw["bias"]),
        {str(k): float(v) for k, v in raw["weights"].items()},
        float(raw["threshold"]),
        {str(k): float(v) for k, v in raw["content_weights"].items()},
    )


def content_candidates(t: Token, cue_end: int) -> dict[str, list[Token]]:
    """The spans cue ``t`` may attribute, by name: the rest of its sentence, its right
    dependents (with or without adverbial clauses), its object alone, its clausal complement
    alone. For "called for X" the preposition joins the cue and X is the object."""
    right = [c for c in t.children if c.i > cue_end and c.dep_ not in ("punct", "cc", "conj")]
    right = [c for c in right if c.dep_ not in ("nsubj", "nsubjpass")]
    prep = next((c for c in t.children if c.dep_ == "prep" and c.i == cue_end + 1), None)
    if prep is not None and not any(c.dep_ == "dobj" for c in right):
        right = [p for p in prep.children if p.dep_ in ("pobj", "pcomp")] + [
            c for c in right if c.i != prep.i
        ]
    plain = [c for c in t.children if c.i > cue_end and c.dep_ not in _RIGHT_SKIP]
    narrow = [c for c in right if c.dep_ not in _RIGHT_SKIP]
    objects = [c for c in right if c.dep_ in ("dobj", "pobj", "pcomp", "attr", "oprd")][:1]
    comps = [c for c in right if c.dep_ in ("ccomp", "xcomp")][:1]
    out = {
        "rest": [x for x in t.sent if x.i > cue_end],
        "right": [x for c in narrow for x in c.subtree],
        "right_all": [x for c in right for x in c.subtree],
        "plain": [x for c in plain for x in c.subtree],
        "object": [x for c in objects for x in c.subtree],
        "comp": [x for c in comps for x in c.subtree],
    }
    return {name: toks for name, toks in out.items() if toks}


def candidate_features(t: Token, name: str, toks: list[Token]) -> list[str]:
    """Features of one content candidate of cue ``t`` (shared by training and inference)."""
    lemma = t.lemma_.lower()
    last = max(toks, key=lambda x: x.i)
    top = [x for x in toks if x.head.i == t.i or x.head not in toks]
    size = len(toks)
    bucket = "1" if size == 1 else "2-3" if size <= 3 else "4-8" if size <= 8 else "9+"
    feats = [f"k={name}", f"lk={lemma}|{name}", f"n={bucket}|{name}", f"e={last.dep_}|{name}"]
    feats += [f"td={x.dep_}|{name}" for x in top[:3]]
    feats += [f"c={c.dep_}|{name}" for c in t.children if c.i > t.i]
    return feats


def choose_content(t: Token, cue_end: int, weights: dict[str, float]) -> list[Token]:
    """The candidate the content model scores highest (the first named, on a tie)."""
    cands = content_candidates(t, cue_end)
    best: tuple[float, list[Token]] = (-math.inf, [])
    for name, toks in cands.items():
        score = sum(weights.get(f, 0.0) for f in candidate_features(t, name, toks))
        if score > best[0]:
            best = (score, toks)
    return best[1]


def learned_attributions(art: _Article, taken: list[Span], model: CueModel) -> list[_Attr]:
    """Attributions headed by cues the model finds outside every span in ``taken``."""
    found: list[_Attr] = []
    index = SpanIndex(taken)
    added: list[Span] = []  # this pass's own spans that may still hold a later token

    def covered(pos: int, moving: bool = False) -> bool:
        if moving:  # token positions only grow: what ends before one holds no later token
            added[:] = [sp for sp in added if sp[1] > pos]
        return index.any_overlapping(pos, pos + 1) or any(s <= pos < e for s, e in added)

    for p, doc in enumerate(art.docs):
        for t in doc:
            if not is_candidate(t) or covered(art.start(t), moving=True):
                continue
            quoted = art.top_of(t) != -1
            if model.probability(cue_features(t, quoted)) < model.threshold:
                continue
            cue = _cue_span(art, t)
            cue_end = max(x.i for x in doc if cue[0] <= art.start(x) < cue[1])
            prep = next((c for c in t.children if c.dep_ == "prep" and c.i == cue_end + 1), None)
            toks = choose_content(t, cue_end, model.content_weights)
            if prep is not None and prep not in toks and any(x.head.i == prep.i for x in toks):
                cue = (cue[0], art.end(prep))
            content = _hull(art, toks)
            if content is None or covered(content[0]) or not _says_something(toks):
                continue
            subj, speaker = _source(art, t)
            inherit = _inherits(t) if subj is None else None
            found.append(
                _Attr(
                    content,
                    "indirect",
                    p,
                    cue=cue,
                    speaker=speaker,
                    head=subj,
                    inherit_from=inherit,
                )
            )
            added.extend([cue, content] + ([speaker] if speaker else []))
    return found


def _source(art: _Article, t: Token) -> tuple[Token | None, Span | None]:
    """The source of learned cue ``t`` and its span: its subject (as for reported speech), a
    noun cue's possessor ("Trump's remarks about"), a passive's agent ("was backed by X"), or
    the subject of the verb a subjectless cue hangs from ("..., denouncing X")."""
    subj = _speaker_token(t)
    if subj is not None:
        return subj, _phrase(art, subj, cue=t)
    if t.pos_ == "NOUN":
        poss = next((c for c in t.children if c.dep_ == "poss"), None)
        if poss is not None:
            return poss, _hull(art, poss.subtree)
    for c in t.children:
        if c.dep_ == "agent":
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
            if obj is not None:
                return obj, _phrase(art, obj, cue=t)
    gov = t
    for _ in range(3):
        if gov.dep_ not in ("conj", "xcomp", "advcl") or gov.head.i == gov.i:
            break
        gov = gov.head
        up = next((c for c in gov.children if c.dep_ == "nsubj"), None)
        if up is not None and (up.lower_ == "who" or up.lower_ not in DUMMY_SUBJECTS):
            return up, _phrase(art, up, cue=gov)
    return None, None


_CIRCUMSTANCE = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY"})
_CIRCUMSTANTIAL_PREPS = frozenset(
    {"to", "with", "at", "on", "in", "during", "before", "after", "from", "near", "outside"}
)


def _circumstance(t: Token) -> bool:
    """A phrase of place, time or audience: "in Minsk", "to reporters" (its preposition may
    have joined the cue, leaving the object)."""
    prep = t if t.dep_ == "prep" else t.head if t.dep_ == "pobj" else None
    return prep is not None and prep.dep_ == "prep" and prep.lower_ in _CIRCUMSTANTIAL_PREPS


def _says_something(toks: list[Token]) -> bool:
    """Is there more to the content than a time, a number, the word for a statement or the
    audience and circumstances ("spoke on Monday", "issued a statement", "spoke to reporters
    in Minsk")?"""
    ids = {t.i for t in toks}
    tops = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
    if tops and all(_circumstance(t) for t in tops):
        return False
    return any(
        not (t.is_stop or t.is_punct or t.is_space or t.ent_type_ in _CIRCUMSTANCE)
        and t.lemma_.lower() not in _SPEECH_NOUNS
        for t in toks
    )
