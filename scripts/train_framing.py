"""Train the framing heads on the bench's training data: frozen MiniLM + linear heads.

    python scripts/train_framing.py [--bench ../shared/bench] [--cache /tmp/newsprism-framing]

Reproducible: a fixed seed cuts 20% of each dataset's articles away (newsprism.eval.framing.
held_out) and nothing here ever reads them; the regularisation C and the per-label thresholds
are chosen by grouped 5-fold cross-validation inside the other 80%, and the final heads are fit
on that 80%. For the micro-F1 heads (techniques, frames) the threshold policy, each label's
own F1-best or all labels' joint micro-F1, is chosen by cross-fitted CV as well. CPU only,
single-threaded BLAS; the whole run takes minutes (most of it encoding sentences once, cached
in --cache). Needs the ``train`` extra (scikit-learn).

Writes src/newsprism/data/framing/{head}.npz and MANIFEST.json (labels, C, CV scores, item
counts, seconds, sha256 of each file). The gold data itself is never copied.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

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
    T3_SUBDIR,
    T10_SUBDIR,
    held_out,
    load_t3,
    load_t10,
)
from newsprism.framing.encode import MAX_SENTENCE_CHARS
from newsprism.framing.features import (
    Encoded,
    article_features,
    role_features,
    technique_features,
)
from newsprism.framing.heads import MANIFEST, MODELS_DIR, ROLE_GROUPS, Head, save_head
from newsprism.framing.text import paragraphs, sentences

VERSION = "2"
C_GRID = (0.003, 0.01, 0.03, 0.1)
FOLDS = 5
THRESHOLDS = np.round(np.arange(0.05, 0.91, 0.025), 3)
MIN_POSITIVES_OWN_THRESHOLD = 12
"""Labels with fewer training positives share the global threshold: their own would overfit."""

Matrix = NDArray[np.float32]


class VectorCache:
    """Sentence text -> MiniLM vector, kept on disk so re-training does not re-encode."""

    def __init__(self, path: Path) -> None:
        self.path = path
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
            for k, row in zip(missing, encode(missing), strict=True):
                self.vectors[k] = row
        if not keys:
            return np.zeros((0, 384), np.float32)
        return np.stack([self.vectors[k] for k in keys])

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self.vectors)
        np.savez(self.path, keys=np.array(keys), vectors=np.stack([self.vectors[k] for k in keys]))


def encoded(cache: VectorCache, text: str, paras: Sequence[tuple[int, int]] | None) -> Encoded:
    paras = list(paras) if paras is not None else paragraphs(text)
    sents = [s for p in paras for s in sentences(text, *p)]
    return Encoded.build(text, paras, sents, cache.encode([text[s:e] for s, e in sents]))


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


def train_ovr(
    name: str, X: Matrix, Y: NDArray[np.int8], labels: Sequence[str], groups: Sequence[str],
    log: dict[str, object], choose_policy: bool = False,
) -> Head:  # fmt: skip
    """One-vs-rest logistic regression; C and thresholds from grouped CV out-of-fold scores.

    With ``choose_policy`` (heads scored by micro-F1) the threshold policy is chosen too, by
    :func:`crossfit` micro-F1, and that honest score is the one logged."""
    started = time.perf_counter()
    Z, mean, scale = standardise(X)
    splits = folds(groups)
    best: tuple[float, float, Matrix, str] | None = None
    for C in C_GRID:
        P = np.zeros(Y.shape, np.float32)
        for train, test in splits:
            W, b = fit_ovr(Z[train], Y[train], C)
            P[test] = sigmoid(Z[test] @ W + b)
        if choose_policy:
            for policy, tune in THRESHOLD_POLICIES.items():
                score = crossfit(P, Y, splits, tune)
                print(f"  {name} C={C} {policy}: cross-fitted CV micro-F1 {score:.3f}",
                      file=sys.stderr)  # fmt: skip
                if best is None or score > best[0]:
                    best = (score, C, tune(P, Y)[0], policy)
            continue
        thresholds, _ = tune_thresholds(P, Y)
        score = micro(P, Y, thresholds)
        print(f"  {name} C={C}: CV micro-F1 {score:.3f}", file=sys.stderr)
        if best is None or score > best[0]:
            best = (score, C, thresholds, "per-label F1")
    assert best is not None
    score, C, thresholds, policy = best
    W, b = fit_ovr(Z, Y, C)
    entry: dict[str, object] = {"kind": "one-vs-rest", "C": C, "cv_micro_f1": round(score, 4),
                                "items": len(X), "labels": len(labels)}  # fmt: skip
    if choose_policy:
        entry |= {"thresholds": policy, "cv": "cross-fitted"}
    log[name] = entry | {"seconds": round(time.perf_counter() - started, 1)}
    return Head(name, tuple(labels), W, b, mean, scale, thresholds, softmax=False)


def train_softmax(
    name: str, X: Matrix, y: Sequence[str], groups: Sequence[str], metric: str,
    log: dict[str, object], weights: Sequence[str | None] = (None,),
) -> Head:  # fmt: skip
    """Multinomial logistic regression; C and class weighting (among ``weights``) from
    grouped CV on accuracy or macro-F1."""
    started = time.perf_counter()
    labels = sorted(set(y))
    target = np.array([labels.index(v) for v in y])
    Z, mean, scale = standardise(X)

    def measure(pred: NDArray[np.int64]) -> float:
        if metric == "accuracy":
            return float((pred == target).mean())
        return float(np.mean([
            f1(((pred == k) & (target == k)).sum(), ((pred == k) & (target != k)).sum(),
               ((pred != k) & (target == k)).sum())
            for k in range(len(labels))
        ]))  # fmt: skip

    best: tuple[float, float, str | None] | None = None
    for weight in weights:
        for C in C_GRID:
            pred = np.zeros(len(target), np.int64)
            for train, test in folds(groups):
                model = LogisticRegression(C=C, max_iter=3000, class_weight=weight)
                model.fit(Z[train], target[train])
                pred[test] = model.classes_[model.predict_proba(Z[test]).argmax(axis=1)]
            score = measure(pred)
            print(f"  {name} C={C} class_weight={weight}: CV {metric} {score:.3f}",
                  file=sys.stderr)  # fmt: skip
            if best is None or score > best[0]:
                best = (score, C, weight)
    assert best is not None
    weight = best[2]
    model = LogisticRegression(C=best[1], max_iter=3000, class_weight=weight).fit(Z, target)
    W = model.coef_.T.astype(np.float32)
    b = model.intercept_.astype(np.float32)
    if len(labels) == 2:  # sklearn keeps one column for two classes: make it a softmax pair
        W = np.concatenate([-W / 2, W / 2], axis=1)
        b = np.array([-b[0] / 2, b[0] / 2], np.float32)
    log[name] = {"kind": "softmax", "C": best[1], f"cv_{metric}": round(best[0], 4),
                 "items": len(X), "labels": len(labels), "class_weight": weight,
                 "seconds": round(time.perf_counter() - started, 1)}  # fmt: skip
    return Head(name, tuple(labels), W, b, mean, scale,
                np.zeros(len(labels), np.float32), softmax=True)  # fmt: skip


def timed(label: str, fn: Callable[[], Head], heads: dict[str, Head]) -> None:
    started = time.perf_counter()
    heads[label] = fn()
    print(f"{label}: {time.perf_counter() - started:.1f}s", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--bench", type=Path, default=BENCH)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/newsprism-framing/vectors.npz"))
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    np.random.seed(SEED)
    cache = VectorCache(args.cache)
    log: dict[str, object] = {}
    heads: dict[str, Head] = {}

    # SemEval-2023 Task 3: techniques per paragraph, frames and genre per article
    t3 = load_t3(args.bench / T3_SUBDIR)
    cut = held_out(a.id for a in t3)
    train3 = [a for a in t3 if a.id not in cut]
    tech_X, tech_Y, tech_groups = [], [], []
    art_X, frames_Y, frames_groups, genre_X, genre_y = [], [], [], [], []
    for a in train3:
        if a.paragraphs:
            enc = encoded(cache, a.text, [(s, e) for s, e, _ in a.paragraphs])
            X, kept, _ = technique_features(enc)
            tech_X.append(X)
            tech_Y += [a.paragraphs[p][2] for p in kept]
            tech_groups += [a.id] * len(kept)
        if a.frames is not None or a.genre is not None:
            features = article_features(encoded(cache, a.text, None))
            if a.frames is not None:
                art_X.append(features)
                frames_Y.append(a.frames)
                frames_groups.append(a.id)
            if a.genre is not None:
                genre_X.append(features)
                genre_y.append(a.genre)
    cache.save()
    print(f"SemEval-2023 T3 encoded: {time.perf_counter() - started:.0f}s", file=sys.stderr)
    techniques = sorted({t for row in tech_Y for t in row})
    timed("techniques", lambda: train_ovr(
        "techniques", np.concatenate(tech_X), multi_hot(tech_Y, techniques), techniques,
        tech_groups, log, choose_policy=True), heads)  # fmt: skip
    frame_labels = sorted({f for row in frames_Y for f in row})
    timed("frames", lambda: train_ovr(
        "frames", np.stack(art_X), multi_hot(frames_Y, frame_labels), frame_labels,
        frames_groups, log, choose_policy=True), heads)  # fmt: skip
    timed("genre", lambda: train_softmax(
        "genre", np.stack(genre_X), genre_y, [str(i) for i in range(len(genre_y))], "macro_f1",
        log, weights=("balanced",)), heads)  # fmt: skip

    # SemEval-2025 Task 10: entity roles per mention, narratives per document
    t10 = load_t10(args.bench / T10_SUBDIR)
    cut10 = held_out(d.id for d in t10)
    train10 = [d for d in t10 if d.id not in cut10]
    role_X, role_main, role_fine, role_groups = [], [], [], []
    doc_X, coarse_Y, fine_Y, doc_groups = [], [], [], []
    for d in train10:
        enc = encoded(cache, d.text, None)
        if d.entities:
            names = cache.encode([d.text[x.start : x.end] for x in d.entities])
            article = enc.mean()
            for i, x in enumerate(d.entities):
                role_X.append(role_features(enc, x.start, x.end, names[i], article))
                role_main.append(x.main)
                role_fine.append(x.fine)
                role_groups.append(d.id)
        if d.narratives:
            doc_X.append(article_features(enc))
            coarse_Y.append([n for n in d.narratives if n != "Other"])
            fine_Y.append(
                [n for n in d.subnarratives if n != "Other" and not n.endswith(": Other")]
            )
            doc_groups.append(d.id)
    cache.save()
    print(f"SemEval-2025 T10 encoded: {time.perf_counter() - started:.0f}s", file=sys.stderr)
    timed("roles_main", lambda: train_softmax(
        "roles_main", np.stack(role_X), role_main, role_groups, "accuracy", log,
        weights=(None, "balanced")), heads)  # fmt: skip
    fine_roles = [r for group in ROLE_GROUPS.values() for r in group
                  if any(r in row for row in role_fine)]  # fmt: skip
    timed("roles_fine", lambda: train_ovr(
        "roles_fine", np.stack(role_X), multi_hot(role_fine, fine_roles), fine_roles,
        role_groups, log), heads)  # fmt: skip
    coarse = sorted({n for row in coarse_Y for n in row})
    timed("narratives_coarse", lambda: train_ovr(
        "narratives_coarse", np.stack(doc_X), multi_hot(coarse_Y, coarse), coarse, doc_groups,
        log), heads)  # fmt: skip
    fine = sorted({n for row in fine_Y for n in row})
    timed("narratives_fine", lambda: train_ovr(
        "narratives_fine", np.stack(doc_X), multi_hot(fine_Y, fine), fine, doc_groups, log),
        heads)  # fmt: skip

    args.out.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, head in heads.items():
        path = args.out / f"{name}.npz"
        save_head(path, head)
        files[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest = {
        "version": VERSION,
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "encoder": "newsprism.nlp.embed minilm (all-MiniLM-L6-v2 int8 ONNX), frozen",
        "seed": SEED,
        "held_out_share": HELD_OUT_SHARE,
        "trained_on": {
            T3_SUBDIR: f"{len(train3)} of {len(t3)} articles (the rest held out)",
            T10_SUBDIR: f"{len(train10)} of {len(t10)} documents (the rest held out)",
        },
        "tuning": f"C in {list(C_GRID)}, class weighting, threshold policy and per-label"
        f" thresholds by grouped {FOLDS}-fold CV inside the training cut",
        "heads": log,
        "sha256": files,
        "seconds": round(time.perf_counter() - started, 1),
    }
    (args.out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    print(f"done in {manifest['seconds']}s -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
