"""Framing scored on SemEval-2023 Task 3 (genre, frames, techniques) and SemEval-2025 Task 10
(entity roles, narratives), reading each release in its own layout.

The models ship trained on 80% of the bench's training articles; the other 20% (a seeded
cut, :func:`held_out`) were neither trained on nor used to tune thresholds (those come from
cross-validation inside the 80%), so the default score is an honest held-out figure. ``--data``
scores any folder in the release layout with the shipped models (on the bench folder itself
that mixes trained-on articles in, so it is optimistic).

Metrics are the tasks' official ones: techniques micro-F1 over (article, paragraph,
technique); frames micro-F1 over (article, frame); genre macro-F1; roles main-role accuracy and
fine-role exact-match ratio over the gold entity mentions; narratives samples-F1 (mean per
document F1 of label sets), coarse and fine.
"""

from __future__ import annotations

import html
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from newsprism.errors import UsageError
from newsprism.eval import f1_score
from newsprism.framing.features import Encoded

T3_SUBDIR = "semeval2023-t3-en"
T10_SUBDIR = "semeval2025-t10-en"
T3_FOLDERS = {
    "en": T3_SUBDIR,
    **{code: f"semeval2023-t3-multilingual/{folder}"
       for code, folder in (("fr", "fr"), ("de", "ge"), ("it", "it"), ("pl", "po"), ("ru", "ru"))},
}  # fmt: skip
"""Language -> SemEval-2023 T3 training folder under the bench (the task's own ge/po codes)."""
T10_FOLDERS = {
    "en": T10_SUBDIR,
    **{code: f"semeval2025-t10-multilingual/{code.upper()}" for code in ("bg", "hi", "pt", "ru")},
}
"""Language -> SemEval-2025 T10 training folder under the bench."""
SEED = 20231
HELD_OUT_SHARE = 0.2

ANCHORS: dict[str, dict[str, float]] = {
    "techniques": {"micro_f1": 0.38},
    "frames": {"micro_f1": 0.58},
    "genre": {"macro_f1": 0.78},
    "roles": {"main_accuracy": 0.894, "exact_match": 0.345},
    "narratives": {"coarse_samples_f1": 0.55, "fine_samples_f1": 0.43},
    "topics": {},
}
ANCHOR_SOURCES = {
    "techniques": "best English test, SemEval-2023 T3 subtask 3",
    "frames": "best English test, SemEval-2023 T3 subtask 2",
    "genre": "best English test, SemEval-2023 T3 subtask 1",
    "roles": "zero-shot LLM, SemEval-2025 T10 subtask 1 test",
    "narratives": "2nd on the SemEval-2025 T10 subtask 2 leaderboard",
    "topics": "none published: the topics head is newsprism's own",
}
_TYPOS = {"Appeal_to_Fear-Prejudi-čce": "Appeal_to_Fear-Prejudice"}


def held_out(ids: Iterable[str], share: float = HELD_OUT_SHARE, seed: int = SEED) -> set[str]:
    """The seeded cut of article ids kept out of training and tuning."""
    ordered = sorted(set(ids))
    order = np.random.default_rng(seed).permutation(len(ordered))
    count = round(share * len(ordered))
    return {ordered[i] for i in order[:count]}


@dataclass(frozen=True)
class T3Article:
    """One SemEval-2023 T3 article: gold paragraphs are its numbered lines."""

    id: str
    text: str
    genre: str | None
    frames: tuple[str, ...] | None
    paragraphs: tuple[tuple[int, int, tuple[str, ...]], ...]
    """(start, end, techniques) per gold paragraph; empty when subtask 3 has no labels."""


@dataclass(frozen=True)
class T10Entity:
    name: str
    start: int
    end: int
    """Exclusive (the release's end offset is inclusive)."""
    main: str
    fine: tuple[str, ...]


@dataclass(frozen=True)
class T10Doc:
    id: str
    text: str
    narratives: tuple[str, ...]
    subnarratives: tuple[str, ...]
    entities: tuple[T10Entity, ...]


def _labels(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    rows = (line.rstrip("\n").split("\t") for line in path.read_text("utf-8").splitlines())
    return {r[0]: r[1] if len(r) > 1 else "" for r in rows if r and r[0]}


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for line in text.split("\n"):
        spans.append((cursor, cursor + len(line)))
        cursor += len(line) + 1
    return spans


def load_t3(folder: Path) -> list[T3Article]:
    """Articles of a SemEval-2023 T3 folder with whatever gold its label files hold."""
    articles_dir = folder / "train-articles-subtask-3"
    if not articles_dir.is_dir():
        candidates = sorted(folder.glob("*-articles-subtask-3"))
        if not candidates:
            raise UsageError(
                f"{folder}: expected train-articles-subtask-3/ (the SemEval-2023 Task 3 release"
                " layout); pass --data the folder holding it"
            )
        articles_dir = candidates[0]
    prefix = articles_dir.name.split("-articles")[0]
    genres = _labels(folder / f"{prefix}-labels-subtask-1.txt")
    frames = _labels(folder / f"{prefix}-labels-subtask-2.txt")
    per_paragraph: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    t3 = folder / f"{prefix}-labels-subtask-3.txt"
    if t3.is_file():
        for line in t3.read_text("utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) < 2 or not parts[1].strip().isdigit():
                continue
            names = parts[2].split(",") if len(parts) > 2 and parts[2].strip() else []
            labels = tuple(sorted({_TYPOS.get(n.strip(), n.strip()) for n in names}))
            per_paragraph.setdefault(parts[0], []).append((int(parts[1]), labels))
    found = []
    for path in sorted(articles_dir.glob("article*.txt")):
        article_id = path.stem.removeprefix("article")
        text = path.read_text("utf-8")
        lines = _line_spans(text)
        paragraphs = tuple(
            (lines[n - 1][0], lines[n - 1][1], labels)
            for n, labels in per_paragraph.get(article_id, [])
            if 0 < n <= len(lines)
        )
        frame = frames.get(article_id)
        found.append(
            T3Article(
                article_id, text, genres.get(article_id) or None,
                tuple(f for f in frame.split(",") if f) if frame is not None else None,
                paragraphs,
            )
        )  # fmt: skip
    if not found:
        raise UsageError(f"{articles_dir}: no article*.txt files")
    return found


def load_t10(folder: Path) -> list[T10Doc]:
    """Documents of a SemEval-2025 T10 folder (raw-documents/ + subtask annotations)."""
    raw = folder / "raw-documents"
    if not raw.is_dir():
        raise UsageError(
            f"{folder}: expected raw-documents/ (the SemEval-2025 Task 10 release layout);"
            " pass --data the folder holding it"
        )
    entities: dict[str, list[T10Entity]] = {}
    roles = folder / "subtask-1-annotations.txt"
    if roles.is_file():
        for line in roles.read_text("utf-8").splitlines():
            p = line.split("\t")
            if len(p) < 6:
                continue
            entities.setdefault(p[0], []).append(
                T10Entity(p[1], int(p[2]), int(p[3]) + 1, p[4].strip(),
                          tuple(r.strip() for r in p[5:] if r.strip()))
            )  # fmt: skip
    narratives: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    st2 = folder / "subtask-2-annotations.txt"
    if st2.is_file():
        for line in st2.read_text("utf-8").splitlines():
            p = line.split("\t")
            if len(p) < 3:
                continue
            narratives[p[0]] = (
                tuple(x.strip() for x in p[1].split(";") if x.strip()),
                tuple(x.strip() for x in p[2].split(";") if x.strip()),
            )
    docs = []
    for path in sorted(raw.glob("*.txt")):
        coarse, fine = narratives.get(path.name, ((), ()))
        text = path.read_text("utf-8")
        docs.append(
            T10Doc(path.name, text, coarse, fine,
                   tuple(_realign(text, x) for x in entities.get(path.name, [])))
        )  # fmt: skip
    if not docs:
        raise UsageError(f"{raw}: no .txt documents")
    return docs


def _realign(text: str, entity: T10Entity) -> T10Entity:
    """A few release offsets are shifted by a character or two (line-ending conversions):
    move the span onto the nearest occurrence of the name."""
    if text[entity.start : entity.end] == entity.name:
        return entity
    low = max(entity.start - 40, 0)
    at = text.find(entity.name, low, entity.end + 40)
    if at < 0:
        return entity
    return T10Entity(entity.name, at, at + len(entity.name), entity.main, entity.fine)


OFF_TOPIC_NOTE = "ECB+ (2000s events in English) and Collection5 (2009-2013 Russian agency news)"
"""News on other subjects: the negatives of the topics head, which tells where a shipped
narrative taxonomy applies."""
_TOKEN = re.compile(r'<token[^>]*sentence="(\d+)"[^>]*>([^<]*)</token>')


def off_topic_documents(bench: Path) -> list[tuple[str, str, str]]:
    """(id, language, text) of the off-topic documents: ECB+ token files rebuilt into
    sentences, Collection5's suggested train split."""
    found: list[tuple[str, str, str]] = []
    for path in sorted((bench / "ecbplus" / "train-dev").glob("*/*.xml")):
        lines: dict[str, list[str]] = {}
        for sentence, token in _TOKEN.findall(path.read_text("utf-8")):
            lines.setdefault(sentence, []).append(html.unescape(token))
        text = "\n".join(" ".join(words) for words in lines.values())
        found.append((f"ecbplus/{path.name}", "en", text))
    folder = bench / "collection5"
    split = folder / "suggested-split-train.txt"
    for name in split.read_text("utf-8").split() if split.is_file() else []:
        path = folder / "collection5" / f"{name}.txt"
        if path.is_file():
            found.append((f"collection5/{name}", "ru", path.read_text("utf-8")))
    return found


def topic_of(doc_id: str, narratives: Sequence[str]) -> str | None:
    """URW or CC from a SemEval-2025 T10 document's narratives (or its id), None if unknown."""
    prefixes = {n.split(":", 1)[0] for n in narratives if ":" in n}
    if len(prefixes) == 1:
        return prefixes.pop()
    if "_UA_" in doc_id or "URW" in doc_id:
        return "URW"
    if "_CC_" in doc_id or "-CC-" in doc_id:
        return "CC"
    return None


def micro_f1(gold: set[tuple[str, ...]], predicted: set[tuple[str, ...]]) -> tuple[float, ...]:
    """(precision, recall, F1) over sets of labelled items."""
    hits = len(gold & predicted)
    p = hits / len(predicted) if predicted else 0.0
    r = hits / len(gold) if gold else 0.0
    return p, r, f1_score(p, r)


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    scores = []
    for label in labels:
        g = {i for i, x in enumerate(gold) if x == label}
        p = {i for i, x in enumerate(predicted) if x == label}
        scores.append(micro_f1({(str(i),) for i in g}, {(str(i),) for i in p})[2])
    return float(np.mean(scores)) if scores else 0.0


def samples_f1(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> float:
    """Mean over documents of the F1 between gold and predicted label sets."""
    scores = []
    for g, p in zip(gold, predicted, strict=True):
        scores.append(micro_f1({(x,) for x in g}, {(x,) for x in p})[2])
    return float(np.mean(scores)) if scores else 0.0


def most_frequent(labels: Iterable[str]) -> str | None:
    """The most frequent label (ties to the first by name); None when there is none."""
    counts = Counter(labels)
    return min(counts, key=lambda label: (-counts[label], label)) if counts else None


@dataclass(frozen=True)
class FramingScores:
    """One eval's metrics (name -> value), with the published anchor for the main ones and
    the majority baseline's figure on the same items by the same metric code."""

    task: str
    items: int
    metrics: dict[str, float]
    note: str
    seconds: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)
    baseline: dict[str, float] = field(default_factory=dict)
    """Metric -> score of the majority answer; empty when the fitting part has no labels."""
    baseline_note: str = ""
    """What the majority answer is and where it was counted."""

    def rows(self) -> list[tuple[str, float, float | None, float | None]]:
        anchors = ANCHORS[self.task]
        return [
            (name, value, anchors.get(name), self.baseline.get(name))
            for name, value in self.metrics.items()
        ]


TRAIN_CUT = "the 80% training cut"
SCORED_ITSELF = "the scored folder itself (no train part beside it)"


def _t3_subset(
    data: Path | None, bench: Path, language: str = "en"
) -> tuple[list[T3Article], list[T3Article], str, str]:
    """(articles scored, articles the majority answer is counted on, note, where that is)."""
    if data is not None:
        scored = load_t3(data)
        note = f"all of {data} (shipped models; trained-on articles score high)"
        return scored, scored, note, SCORED_ITSELF
    articles = load_t3(bench / _folder(T3_FOLDERS, language))
    cut = held_out(a.id for a in articles)
    return (
        [a for a in articles if a.id in cut],
        [a for a in articles if a.id not in cut],
        f"{language}: held-out 20% cut, never trained or tuned on",
        TRAIN_CUT,
    )


def _folder(folders: dict[str, str], language: str) -> str:
    if language not in folders:
        raise UsageError(f"no framing gold for language {language!r} in the bench; choose one of"
                         f" {', '.join(sorted(folders))}")  # fmt: skip
    return folders[language]


def _t10_subset(
    data: Path | None, bench: Path, language: str = "en"
) -> tuple[list[T10Doc], list[T10Doc], str, str]:
    """(documents scored, documents the majority answer is counted on, note, where that is)."""
    if data is not None:
        scored = load_t10(data)
        note = f"all of {data} (shipped models; trained-on documents score high)"
        return scored, scored, note, SCORED_ITSELF
    docs = load_t10(bench / _folder(T10_FOLDERS, language))
    cut = held_out(d.id for d in docs)
    return (
        [d for d in docs if d.id in cut],
        [d for d in docs if d.id not in cut],
        f"{language}: held-out 20% cut, never trained or tuned on",
        TRAIN_CUT,
    )


_MEMO: dict[tuple[str, str], NDArray[np.float32]] = {}
"""(backend, sentence text) -> vector while scoring: the three SemEval-2023 tasks read the
same texts."""


def encode_text(
    text: str,
    paragraphs_at: Sequence[tuple[int, int]] | None = None,
    language: str | None = None,
) -> Encoded:
    """Like :func:`newsprism.framing.encode.encode_text`, each distinct sentence encoded once
    per process."""
    from newsprism.framing.encode import MAX_SENTENCE_CHARS, backend
    from newsprism.framing.text import paragraphs, sentences
    from newsprism.nlp.embed import encode, load_backend

    paras = list(paragraphs_at) if paragraphs_at is not None else paragraphs(text)
    spans = [s for p in paras for s in sentences(text, *p)]
    keys = [(backend(language), text[s:e][:MAX_SENTENCE_CHARS]) for s, e in spans]
    missing = sorted({k for k in keys if k not in _MEMO})
    if missing:
        vectors = encode([k[1] for k in missing], backend(language))
        _MEMO.update(zip(missing, vectors, strict=True))
    dims = load_backend(backend(language)).dims
    vectors = np.stack([_MEMO[k] for k in keys]) if keys else np.zeros((0, dims), np.float32)
    return Encoded.build(text, paras, spans, vectors, language)


# The baseline is the majority answer, counted on the training part (the 80% the heads were
# fitted on; the scored folder itself under --data) and scored by the very metric functions that
# score the heads. For the set-valued tasks (techniques, frames, fine roles, narratives) it is the
# most frequent *label* given to every item: the most frequent label *set* is the empty set for
# techniques (60% of the training paragraphs, micro-F1 0 by construction) and, for frames, a tie
# of two- and three-frame sets seen 7 times in 338 articles, neither a majority answer worth the
# name. For fine roles and narratives the most frequent label is also the most frequent set.


def _majority_note(answer: str | None, where: str) -> str:
    if answer is None:
        return f"majority baseline: none, no labels in {where}"
    return f"majority baseline: {answer!r} on every item, counted on {where}"


def _label_set_metrics(
    gold: set[tuple[str, ...]], predicted: set[tuple[str, ...]]
) -> dict[str, float]:
    p, r, f = micro_f1(gold, predicted)
    return {"micro_f1": f, "micro_precision": p, "micro_recall": r}


def _genre_metrics(
    gold: Sequence[str], predicted: Sequence[str], language: str = "en"
) -> dict[str, float]:
    from newsprism.framing import heads

    hits = [g == p for g, p in zip(gold, predicted, strict=True)]
    return {
        "macro_f1": macro_f1(gold, predicted, heads.load("genre", language).labels),
        "accuracy": float(np.mean(hits)) if hits else 0.0,
    }


def _role_metrics(
    gold: Sequence[tuple[str, Sequence[str]]], predicted: Sequence[tuple[str, Sequence[str]]]
) -> dict[str, float]:
    """Main-role accuracy and fine-role exact match over (main, fine roles) per mention."""
    total = len(gold)
    pairs = list(zip(gold, predicted, strict=True))
    main_hits = sum(g[0] == p[0] for g, p in pairs)
    exact = sum(set(g[1]) == set(p[1]) for g, p in pairs)
    return {
        "main_accuracy": main_hits / total if total else 0.0,
        "exact_match": exact / total if total else 0.0,
    }


def _score_t3(
    task: str, articles: list[T3Article], fit: list[T3Article], where: str, language: str
) -> tuple[int, dict[str, float], dict[str, float], str]:
    """(items, our metrics, the majority baseline's metrics, what the baseline is)."""
    from newsprism.framing import heads

    gold_items: set[tuple[str, ...]] = set()
    predicted: set[tuple[str, ...]] = set()
    majority: set[tuple[str, ...]] = set()
    if task == "techniques":
        top = most_frequent(lab for a in fit for _, _, labels in a.paragraphs for lab in labels)
        count = 0
        for a in (a for a in articles if a.paragraphs):
            spans = [(s, e) for s, e, _ in a.paragraphs]
            found = heads.techniques(encode_text(a.text, spans, language))
            for index, (s, _, labels) in enumerate(a.paragraphs):
                gold_items |= {(a.id, str(s), lab) for lab in labels}
                predicted |= {(a.id, str(s), p.label) for p in found if p.paragraph == index}
                majority |= {(a.id, str(s), top)} if top else set()
            count += len(a.paragraphs)
        ours, base = (
            _label_set_metrics(gold_items, predicted),
            _label_set_metrics(gold_items, majority),
        )
        return count, ours, base if top else {}, _majority_note(top, where)
    if task == "frames":
        top = most_frequent(f for a in fit if a.frames for f in a.frames)
        scored = [a for a in articles if a.frames is not None]
        for a in scored:
            gold_items |= {(a.id, f) for f in a.frames or ()}
            predicted |= {
                (a.id, p.label) for p in heads.frames(encode_text(a.text, None, language))
            }
            majority |= {(a.id, top)} if top else set()
        ours, base = (
            _label_set_metrics(gold_items, predicted),
            _label_set_metrics(gold_items, majority),
        )
        return len(scored), ours, base if top else {}, _majority_note(top, where)
    top = most_frequent(a.genre for a in fit if a.genre)
    scored = [a for a in articles if a.genre is not None]
    gold = [a.genre or "" for a in scored]
    ours = _genre_metrics(
        gold, [heads.genre(encode_text(a.text, None, language)).label for a in scored], language
    )
    base = _genre_metrics(gold, [top] * len(gold), language) if top else {}
    return len(scored), ours, base, _majority_note(top, where)


def _score_roles(
    docs: list[T10Doc], fit: list[T10Doc], where: str, language: str
) -> tuple[int, dict[str, float], dict[str, float], str]:
    from newsprism.framing import heads

    main = most_frequent(x.main for d in fit for x in d.entities)
    fine = most_frequent(f for d in fit for x in d.entities for f in set(x.fine))
    gold: list[tuple[str, Sequence[str]]] = []
    ours: list[tuple[str, Sequence[str]]] = []
    for d in (d for d in docs if d.entities):
        spans = [(x.start, x.end) for x in d.entities]
        for x, pred in zip(
            d.entities, heads.roles(encode_text(d.text, None, language), spans), strict=True
        ):
            gold.append((x.main, x.fine))
            ours.append((pred.main, pred.fine))
    base = _role_metrics(gold, [(main, (fine,))] * len(gold)) if main and fine else {}
    answer = f"{main} / {fine}" if main and fine else None
    return len(gold), _role_metrics(gold, ours), base, _majority_note(answer, where)


def _score_narratives(
    docs: list[T10Doc], fit: list[T10Doc], where: str, language: str
) -> tuple[int, dict[str, float], dict[str, float], str]:
    from newsprism.framing import heads

    coarse = most_frequent(n for d in fit for n in d.narratives)
    fine = most_frequent(n for d in fit for n in d.subnarratives)
    gold_c, gold_f, pred_c, pred_f = [], [], [], []
    for d in (d for d in docs if d.narratives):
        narratives = heads.narratives(encode_text(d.text, None, language))
        gold_c.append(d.narratives)
        gold_f.append(d.subnarratives)
        pred_c.append(narratives.coarse_labels())
        pred_f.append(narratives.fine_labels())
    ours = {
        "coarse_samples_f1": samples_f1(gold_c, pred_c),
        "fine_samples_f1": samples_f1(gold_f, pred_f),
    }
    base = {}
    if coarse and fine:
        base = {
            "coarse_samples_f1": samples_f1(gold_c, [(coarse,)] * len(gold_c)),
            "fine_samples_f1": samples_f1(gold_f, [(fine,)] * len(gold_f)),
        }
    answer = coarse if coarse == fine else f"{coarse} / {fine}" if coarse and fine else None
    return len(gold_c), ours, base, _majority_note(answer, where)


TOPICS = ("CC", "URW", "none")


def _score_topics(
    docs: list[T10Doc], fit: list[T10Doc], where: str, language: str, bench: Path | None
) -> tuple[int, dict[str, float], dict[str, float], str]:
    """Topic of held-out T10 documents (URW, CC) and, from the bench, of the held-out cut of
    the off-topic news the head was trained against ("none")."""
    from newsprism.framing import heads

    gold: list[str] = []
    texts: list[str] = []
    for d in docs:
        topic = topic_of(d.id, d.narratives)
        if topic is not None:
            gold.append(topic)
            texts.append(d.text)
    fit_labels = [t for t in (topic_of(d.id, d.narratives) for d in fit) if t is not None]
    if bench is not None:
        trained = set(heads.manifest(language).get("languages", [language]))
        every = [x for x in off_topic_documents(bench) if x[1] in trained]
        cut = held_out(x[0] for x in every)
        for doc_id, lang, text in every:
            if lang != language:
                continue
            if doc_id in cut:
                gold.append("none")
                texts.append(text)
            else:
                fit_labels.append("none")
    predicted = [heads.topic(encode_text(t, None, language)).label for t in texts]
    top = most_frequent(fit_labels)

    def metrics(answers: Sequence[str]) -> dict[str, float]:
        hits = [g == p for g, p in zip(gold, answers, strict=True)]
        labels = [t for t in TOPICS if t in gold]
        return {"macro_f1": macro_f1(gold, answers, labels),
                "accuracy": float(np.mean(hits)) if hits else 0.0}  # fmt: skip

    base = metrics([top] * len(gold)) if top else {}
    return len(gold), metrics(predicted), base, _majority_note(top, where)


def score(
    task: str, data: Path | None = None, bench: Path | None = None, language: str = "en"
) -> FramingScores:
    """Score one framing task (techniques, frames, genre, roles, narratives) in one language,
    with the majority baseline on the same items."""
    from newsprism.eval import BENCH

    bench = bench or BENCH
    started = time.perf_counter()
    if task in ("techniques", "frames", "genre"):
        articles, fit, note, where = _t3_subset(data, bench, language)
        items, ours, base, what = _score_t3(task, articles, fit, where, language)
    elif task in ("roles", "narratives"):
        docs, fit_docs, note, where = _t10_subset(data, bench, language)
        scorer = _score_roles if task == "roles" else _score_narratives
        items, ours, base, what = scorer(docs, fit_docs, where, language)
    elif task == "topics":
        docs, fit_docs, note, where = _t10_subset(data, bench, language)
        off_topic = None if data is not None else bench
        items, ours, base, what = _score_topics(docs, fit_docs, where, language, off_topic)
        if off_topic is not None:
            note += f", with the held-out cut of {OFF_TOPIC_NOTE} as 'none'"
    else:
        raise UsageError(f"unknown framing task {task!r}; choose techniques, frames, genre, roles,"
                         " narratives or topics")  # fmt: skip
    seconds = time.perf_counter() - started
    return FramingScores(task, items, ours, note, seconds, baseline=base, baseline_note=what)
