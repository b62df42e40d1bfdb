"""Train the learned cue model of the quote stage on PolNeAR train.

    python scripts/train_quotes.py [--bench ../shared/bench] [--cache /tmp/newsprism-quotes]

Parses every train article with the project's spaCy pipeline (cached in --cache as a DocBin),
marks each verb or noun that heads a gold cue (the first annotator's file, as the eval reads
it) and fits an L2 logistic regression on newsprism.nlp.quotes.learned.cue_features. The
decision threshold is the one at which the whole extractor (the rules, then the model) scores
the best whole-quote overlap F1 on the last 15% of train articles (by file name), which that
fit never sees; the final weights are then fitted on all of train. The content choice per cue lemma
(rest of the sentence or the cue's right dependents) is counted on train too. PolNeAR dev is
never read here. Needs the ``train`` extra (scikit-learn).

Writes src/newsprism/data/quotes/cue_model.json (weights rounded to 4 decimals, those under
PRUNE dropped) and prints the held-out cue-head precision, recall and F1.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")

from spacy.tokens import Doc, DocBin, Token

from newsprism.eval.quotes import _Attribution, documents, paragraph_spans, read_gold
from newsprism.nlp.models import spacy_pipeline
from newsprism.nlp.quotes.article import _build
from newsprism.nlp.quotes.learned import (
    candidate_features,
    content_candidates,
    cue_features,
    is_candidate,
)
from newsprism.nlp.quotes.phrases import _cue_span, _hull

OUT = Path(__file__).resolve().parents[1] / "src/newsprism/data/quotes/cue_model.json"
HELD_OUT = 0.15
C = 0.5
PRUNE = 0.03
"""Weights smaller than this are left out of the shipped file (it stays under 1 MB)."""

Parsed = tuple[str, list[tuple[int, Doc]], list[_Attribution]]
Candidate = tuple[int, list[str], bool]
"""A content candidate: the cue it belongs to, its features, whether it is the gold content."""


def parse(split: Path, cache: Path) -> list[Parsed]:
    """Each article's text, (offset, Doc) paragraphs and gold attributions, parsed once."""
    nlp = spacy_pipeline()
    pairs = documents(split)
    bin_path, meta_path = cache / "train.spacy", cache / "train.meta"
    if bin_path.exists() and meta_path.exists():
        docs = list(DocBin().from_disk(bin_path).get_docs(nlp.vocab))
        spans_of: list[list[tuple[int, int]]] = pickle.loads(meta_path.read_bytes())
    else:
        cache.mkdir(parents=True, exist_ok=True)
        docs, spans_of = [], []
        started = time.perf_counter()
        for k, (txt, _) in enumerate(pairs):
            text = txt.read_text(encoding="utf-8")
            spans = paragraph_spans(text)
            docs += nlp.pipe(text[s:e] for s, e in spans)
            spans_of.append(spans)
            if k % 50 == 0:
                print(f"parsed {k}/{len(pairs)} in {time.perf_counter() - started:.0f} s",
                      file=sys.stderr)  # fmt: skip
        DocBin(docs=docs).to_disk(bin_path)
        meta_path.write_bytes(pickle.dumps(spans_of))
    out: list[Parsed] = []
    k = 0
    for (txt, ann), spans in zip(pairs, spans_of, strict=True):
        paras = [(s, docs[k + i]) for i, (s, _) in enumerate(spans)]
        k += len(spans)
        text = txt.read_text(encoding="utf-8")
        out.append((text, paras, read_gold(ann.read_text(encoding="utf-8"), text)))
    return out


def _tokens_in(paras: list[tuple[int, Doc]], span: tuple[int, int]) -> list[Token]:
    s, e = span
    return [
        t
        for off, d in paras
        if off < e and s < off + len(d.text)
        for t in d
        if not t.is_space and off + t.idx < e and s < off + t.idx + len(t.text)
    ]


def _head(toks: list[Token]) -> Token | None:
    ids = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
    return heads[0] if heads and len({id(t.doc) for t in toks}) == 1 else None


def examples(parsed: list[Parsed]) -> tuple[list[list[str]], list[int], list[Candidate]]:
    """Features and labels of every candidate cue token, and the content candidates of each
    gold cue at least one candidate of which is exactly the gold content."""
    feats: list[list[str]] = []
    labels: list[int] = []
    contents: list[Candidate] = []
    for text, paras, gold in parsed:
        art = _build(text, paras)
        heads: dict[tuple[int, int], _Attribution] = {}
        for g in gold:
            if g.cue is None:
                continue
            h = _head(_tokens_in(paras, g.cue))
            if h is not None:
                heads[(id(h.doc), h.i)] = g
        for _, doc in paras:
            for t in doc:
                if not is_candidate(t):
                    continue
                feats.append(cue_features(t, art.top_of(t) != -1))
                g = heads.get((id(doc), t.i))
                labels.append(int(g is not None))
                if g is None or g.content is None:
                    continue
                cue = _cue_span(art, t)
                cue_end = max(x.i for x in doc if cue[0] <= art.start(x) < cue[1])
                cands = content_candidates(t, cue_end)
                hits = {name: _hull(art, toks) == g.content for name, toks in cands.items()}
                if any(hits.values()):
                    group = len(labels)
                    for name, toks in cands.items():
                        contents.append((group, candidate_features(t, name, toks), hits[name]))
    return feats, labels, contents


def _ranked_accuracy(contents: list[Candidate], scores: list[float]) -> float:
    """Share of cues whose best-scored content candidate is the gold content."""
    best: dict[int, tuple[float, bool]] = {}
    for (group, _, hit), score in zip(contents, scores, strict=True):
        if group not in best or score > best[group][0]:
            best[group] = (score, hit)
    return sum(hit for _, hit in best.values()) / len(best) if best else 0.0


def _fit(feats: list[list[str]], labels: list[int]) -> tuple[Any, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    model = LogisticRegression(C=C, max_iter=2000)
    model.fit(vec.fit_transform([dict.fromkeys(f, 1) for f in feats]), labels)
    return vec, model


def _weights(vec: Any, model: Any) -> dict[str, float]:
    return {
        name: round(float(w), 4)
        for name, w in zip(vec.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= PRUNE
    }


def _system_threshold(
    held: list[Parsed], vec: Any, model: Any, cvec: Any, cmodel: Any
) -> tuple[float, float]:
    """The cue threshold at which the whole extractor (the rules, then the model fitted
    without ``held``) scores the best whole-quote overlap F1 on the ``held`` articles: the
    model only sees what the rules left, so its best cut is not the cue-head F1's."""
    import newsprism.nlp.quotes.stage as stage
    from newsprism.eval.quotes import _ZERO, compare, predicted
    from newsprism.nlp.quotes.learned import CueModel

    weights, content_weights = _weights(vec, model), _weights(cvec, cmodel)
    best = (0.0, 0.5)
    loaded = stage.cue_model
    try:
        for k in range(20, 72, 4):
            cut = CueModel(float(model.intercept_[0]), weights, k / 100, content_weights)
            stage.cue_model = lambda cut=cut: cut  # type: ignore[misc]
            total = _ZERO
            for text, paras, gold in held:
                found = predicted(stage.extract_quotes("held", text, paras))
                total = total + compare(found, gold)["quote_overlap"]
            print(f"  threshold {k / 100:.2f}: whole-quote overlap F1 {total.f1:.3f}",
                  file=sys.stderr)  # fmt: skip
            if total.f1 > best[0]:
                best = (total.f1, k / 100)
    finally:
        stage.cue_model = loaded
    return best[1], best[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--bench", type=Path, default=Path(__file__).resolve().parents[2] / "shared/bench"
    )
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newsprism-quotes"))
    args = ap.parse_args()

    started = time.perf_counter()
    parsed = parse(args.bench / "polnear/train", args.cache)
    cut = int(len(parsed) * (1 - HELD_OUT))
    fit_x, fit_y, fit_c = examples(parsed[:cut])
    held_x, held_y, held_c = examples(parsed[cut:])
    vec, model = _fit(fit_x, fit_y)
    probs = model.predict_proba(vec.transform([dict.fromkeys(f, 1) for f in held_x]))[:, 1]
    best = (0.0, 0.5, 0.0, 0.0)
    for k in range(10, 90, 2):
        threshold = k / 100
        tp = sum(1 for p, y in zip(probs, held_y, strict=True) if p >= threshold and y)
        pp = sum(1 for p in probs if p >= threshold)
        prec, rec = tp / pp if pp else 0.0, tp / sum(held_y)
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        if f1 > best[0]:
            best = (f1, threshold, prec, rec)
    print(f"held-out cue heads ({len(parsed) - cut} articles): P {best[2]:.3f} R {best[3]:.3f} "
          f"F1 {best[0]:.3f} at threshold {best[1]:.2f}")  # fmt: skip
    cvec, cmodel = _fit([f for _, f, _ in fit_c], [int(h) for _, _, h in fit_c])
    scores = cmodel.decision_function(cvec.transform([dict.fromkeys(f, 1) for _, f, _ in held_c]))
    chosen = _ranked_accuracy(held_c, list(scores))
    print(f"held-out content choice: the gold content ranked first for {chosen:.3f} of the cues "
          "some candidate matches exactly")  # fmt: skip
    threshold, overlap = _system_threshold(parsed[cut:], vec, model, cvec, cmodel)
    print(f"held-out whole-quote overlap F1 of the rules with the model: {overlap:.3f} at "
          f"threshold {threshold:.2f} (the threshold shipped)")  # fmt: skip
    all_x, all_y, all_c = examples(parsed)
    vec, model = _fit(all_x, all_y)
    cvec, cmodel = _fit([f for _, f, _ in all_c], [int(h) for _, _, h in all_c])
    weights, content_weights = _weights(vec, model), _weights(cvec, cmodel)
    OUT.write_text(
        json.dumps(
            {
                "trained_on": "PolNeAR train (networkdynamics/PolNeAR data/train), "
                f"{len(parsed)} articles, first annotator per article",
                "trained_at": datetime.now(UTC).strftime("%Y-%m-%d"),
                "held_out_cue_head_f1": round(best[0], 4),
                "held_out_content_choice": round(chosen, 4),
                "C": C,
                "bias": round(float(model.intercept_[0]), 4),
                "threshold": threshold,
                "held_out_quote_overlap_f1": round(overlap, 4),
                "weights": dict(sorted(weights.items())),
                "content_weights": dict(sorted(content_weights.items())),
            },
            ensure_ascii=False,
            indent=0,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {OUT} ({len(weights)} cue weights, {len(content_weights)} content weights) "
          f"in {time.perf_counter() - started:.0f} s")  # fmt: skip


if __name__ == "__main__":
    main()
