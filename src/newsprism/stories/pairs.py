"""The claim-pair model: do two claims tell one event or claim, and does one entail or
contradict the other?

A cross-encoder reads both claims at once ([CLS] a [SEP] b [SEP], 128 tokens at most): MiniLM
(all-MiniLM-L6-v2) fine-tuned here, exported to ONNX and quantised to int8, run on onnxruntime
with the shipped MiniLM tokenizer (no torch, nothing downloaded). Its mean-pooled output feeds
two heads:

- ``same``: P(one event or claim), trained on ECB+ cross-document event chains against the
  topic's other events (a similar, different event among them) and on FNC-1's related
  headline-body pairs against its unrelated ones. It decides, with the NLI head, which claims
  are grouped.
- ``nli``: ``entails`` (the same proposition), ``contradicts`` (opposite truth value or
  incompatible facts), ``neither`` (related, another proposition), ``unrelated``; trained on
  SNLI dev+test, SICK train, RTE train and FNC-1 (less the held-out bodies).

``scripts/train_claim_crossencoder.py`` fits it; ``scripts/choose_claim_thresholds.py`` picks
its cut-offs on dev data and writes the model card ``data/claims/cross_encoder.json`` (see
``data/claims/MODEL_CARD.md``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsprism.errors import UsageError
from newsprism.nlp.embed import EMBEDDINGS_DIR, TOKENIZER, Vectors

LABELS = ("entails", "contradicts", "neither", "unrelated")
MODEL_FILE = "claims/cross_encoder.onnx"
CARD_FILE = "claims/cross_encoder.json"
MAX_TOKENS = 128
"""Tokens of a pair read at most (both claims, truncated longest first), as in training."""
DENIALS = frozenset(
    [
        "deny",
        "denies",
        "denied",
        "denying",
        "denial",
        "denials",
        "refute",
        "refutes",
        "refuted",
        "rebut",
        "rebuts",
        "rebutted",
        "untrue",
        "baseless",
        "hoax",
        "fabricated",
        "fabrication",
    ]
)
"""Words by which one side says the other's statement is false (FNC-1's "disagree")."""
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\d[\d,.]*")
_FUNCTION = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "from",
        "have",
        "has",
        "had",
        "was",
        "were",
        "are",
        "not",
        "but",
        "its",
        "his",
        "her",
        "their",
        "they",
        "them",
        "there",
        "been",
        "being",
        "will",
        "would",
        "into",
        "than",
        "then",
        "also",
        "over",
        "after",
        "before",
        "about",
        "who",
        "whom",
        "which",
        "what",
        "when",
        "where",
        "while",
        "said",
        "says",
    ]
)


def stems(text: str) -> set[str]:
    """Lower-cased words of three letters or more, cut to five letters (a cheap stemmer:
    "protests" and "protesters" meet), function words left out."""
    return {
        w.lower()[:5] for w in _WORD.findall(text) if len(w) >= 3 and w.lower() not in _FUNCTION
    }


def names(text: str) -> set[str]:
    """Capitalised words that do not open a sentence: a cheap stand-in for names."""
    words = text.split()
    return {
        w.strip("\"'“”‘’(),.:;!?").lower()
        for i, w in enumerate(words)
        if i and w[:1].isupper() and not words[i - 1].endswith((".", "!", "?", ":"))
    }


def _softmax(x: NDArray[np.float32]) -> NDArray[np.float32]:
    e = np.exp(x - x.max(axis=1, keepdims=True))
    out: NDArray[np.float32] = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
    return out


class PairModel:
    """The cross-encoder and its model card (thresholds, scores, data terms)."""

    labels = LABELS

    def __init__(self, model: Path, tokenizer: Path, card: dict[str, Any]) -> None:
        try:
            import onnxruntime as ort  # type: ignore[import-untyped]  # ships no type hints
            from tokenizers import Tokenizer  # type: ignore[import-untyped,unused-ignore]
        except ImportError as exc:
            raise UsageError(
                f"the claim-pair model needs onnxruntime and tokenizers ({exc})"
            ) from None
        if not model.is_file():
            raise UsageError(
                f"the claim-pair model {model} is missing; rebuild it with"
                " scripts/train_claim_crossencoder.py"
            )
        self.tokenizer: Any = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS, strategy="longest_first")
        options = ort.SessionOptions()
        options.log_severity_level = 3
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session: Any = ort.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        self.card = card

    def judge(
        self, a: Sequence[str], b: Sequence[str]
    ) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """P(one event or claim) of each pair, and its NLI probabilities (columns in
        :data:`LABELS` order)."""
        if not len(a):
            return np.empty(0, dtype=np.float32), np.empty((0, len(LABELS)), dtype=np.float32)
        encoded = self.tokenizer.encode_batch(list(zip(a, b, strict=True)))
        logits = np.empty((len(encoded), 2 + len(LABELS)), dtype=np.float32)
        # one pair per run: int8 activations are quantised with one scale per input tensor, so
        # in a batch a pair's verdict would depend on the pairs beside it (up to 0.2 here)
        for i, e in enumerate(encoded):
            feed = {
                "input_ids": np.asarray([e.ids], dtype=np.int64),
                "attention_mask": np.asarray([e.attention_mask], dtype=np.int64),
                "token_type_ids": np.asarray([e.type_ids], dtype=np.int64),
            }
            logits[i] = self.session.run(None, feed)[0][0]
        return _softmax(logits[:, :2])[:, 1], _softmax(logits[:, 2:])

    def classify(self, a: Sequence[str], b: Sequence[str]) -> list[str]:
        """The NLI label of each pair."""
        _, nli = self.judge(a, b)
        return [LABELS[int(i)] for i in nli.argmax(axis=1)]


def read(model: Path, card: Path | None = None) -> PairModel:
    """A model file and its card (beside it by default)."""
    card = card or model.with_suffix(".json")
    found = json.loads(card.read_text(encoding="utf-8")) if card.is_file() else {}
    return PairModel(model, EMBEDDINGS_DIR / TOKENIZER, found)


@cache
def load() -> PairModel:
    """The shipped model, loaded once per process."""
    root = resources.files("newsprism.data")
    try:
        return read(Path(str(root.joinpath(MODEL_FILE))), Path(str(root.joinpath(CARD_FILE))))
    except (OSError, ValueError) as exc:
        raise UsageError(f"the claim-pair model {MODEL_FILE} is unreadable ({exc})") from None


def evidence(claim: Vectors, sentences: Vectors) -> int:
    """The index of the sentence most like the claim: what a claim is checked against in a
    longer text (its best-matching sentence; MiniLM reads only 256 tokens at once)."""
    return int((sentences @ claim).argmax())
