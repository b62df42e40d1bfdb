"""Choose the claim-pair model's cut-offs on dev data; write its card (claims/cross_encoder.json).

    .venv/bin/python scripts/choose_claim_thresholds.py      # after train_claim_crossencoder.py

- ``contradicts``: the P(contradicts) at which a grouped pair counts as a contradiction
  (CONTRADICTS_RULE, on the FNC-1 held-out bodies);
- ``same``: the link strength at which claims are grouped (SAME_RULE, on the ECB+ dev topics,
  the only data the ECB+ figures are chosen on).

It also scores the model on what it never trained on (SICK TRIAL, the FNC-1 held-out bodies,
RTE dev, the ECB+ dev topics) and records it all, with the training data's terms.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from newsprism.eval import BENCH  # noqa: E402
from newsprism.eval.claims import ecb_vectors, score_ecb  # noqa: E402
from newsprism.eval.ecbplus import DEV_TOPICS, read_topics  # noqa: E402
from newsprism.eval.nli import (  # noqa: E402
    classify,
    evidence_sentences,
    read_fnc,
    read_rte,
    read_sick,
    score,
)
from newsprism.stories import pairs  # noqa: E402

MODEL = ROOT / "src" / "newsprism" / "data" / pairs.MODEL_FILE
CARD = ROOT / "src" / "newsprism" / "data" / pairs.CARD_FILE
CONTRADICTS_RULE = (
    "on the FNC-1 held-out bodies: the lowest of 0.50, 0.55 ... 0.95 at which at least 80% of"
    " the pairs so answered are 'disagree'; none (the model's contradictions are not used) if"
    " no cut-off reaches it"
)
SAME_RULE = (
    "on the ECB+ dev topics only: the highest pair recall whose corroborated precision is at"
    " least 0.90 (the precision asked of 'corroborated'; a false one misleads more than a"
    " missed one); if none reaches it, the best pair F0.5"
)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def choose_contradicts(model: pairs.PairModel, found: list[Any]) -> float | None:
    _, nli = model.judge([p.a for p in found], evidence_sentences(found))
    p = nli[:, pairs.LABELS.index("contradicts")]
    wanted = np.array([x.label == "contradicts" for x in found])
    for cut in [x / 20 for x in range(10, 20)]:
        chosen = p >= cut
        precision = float(wanted[chosen].mean()) if chosen.any() else 0.0
        log(f"  contradicts {cut:.2f}: {int(chosen.sum())} answered, precision {precision:.3f}")
        if precision >= 0.80 and chosen.sum() >= 10:
            return cut
    return None


def choose_same(
    model: pairs.PairModel, contradicts: float | None
) -> tuple[float, dict[str, float]]:
    topics = read_topics(BENCH / "ecbplus", DEV_TOPICS)
    vectors = ecb_vectors(topics)
    verdicts: dict[str, Any] = {}
    found = []
    for cut in [x / 20 for x in range(2, 20)]:
        r = score_ecb(topics, vectors, (cut, 2.0 if contradicts is None else contradicts),
                      model, verdicts)  # fmt: skip
        found.append((cut, r.corroborated_precision(), r.pair_recall(), r.pair_precision()))
        log(f"  same {cut:.2f}: corroborated P {found[-1][1]:.3f} pair P {found[-1][3]:.3f}"
            f" R {found[-1][2]:.3f}")  # fmt: skip
    precise = [f for f in found if f[1] >= 0.90]

    def f_half(f: tuple[float, float, float, float]) -> float:
        _, _, recall, precision = f
        return 1.25 * precision * recall / (0.25 * precision + recall) if recall else 0.0

    best = max(precise, key=lambda f: (f[2], f[1])) if precise else max(found, key=f_half)
    cut, cp, recall, precision = best
    return cut, {"corroborated_precision": round(cp, 4), "pair_precision": round(precision, 4),
                 "pair_recall": round(recall, 4)}  # fmt: skip


def main() -> None:
    model = pairs.read(MODEL, CARD)
    nli = BENCH / "nli"
    sick = read_sick(nli / "sick" / "SICK.txt", "TRIAL")
    fnc = read_fnc(nli / "fnc-1-news-stance", held_out=True)
    rte = read_rte(nli / "rte" / "dev.tsv")
    scores = {
        "sick_trial_accuracy": score(sick, lambda p: classify(p, model=model),
                                     {"unrelated": "neither"}).accuracy(),
        "fnc_held_out_accuracy": score(fnc, lambda p: classify(p, True, model)).accuracy(),
        "rte_dev_accuracy": score(rte, lambda p: classify(p, model=model),
                                  {"contradicts": "neither", "unrelated": "neither"}).accuracy(),
    }  # fmt: skip
    for name, value in scores.items():
        log(f"{name}: {value:.3f}")
    contradicts = choose_contradicts(model, fnc)
    same, ecb = choose_same(model, contradicts)
    log(f"thresholds: same {same}, contradicts {contradicts} -> ECB+ dev {ecb}")
    card = {
        "model": "cross-encoder: all-MiniLM-L6-v2 (Apache-2.0) fine-tuned here, two heads"
        " (same event or claim; entails / contradicts / neither / unrelated), ONNX int8",
        "script": "scripts/train_claim_crossencoder.py, then scripts/choose_claim_thresholds.py",
        "size_kb": MODEL.stat().st_size // 1024,
        "data_terms": {
            "snli": "SNLI 1.0 dev+test, CC BY-SA 4.0 (Bowman et al. 2015)",
            "sick": "SICK TRAIN, CC BY-NC-SA 3.0 (Marelli et al. 2014): non-commercial",
            "rte": "PASCAL RTE 1-3,5 train via GLUE, research use",
            "fnc": "FNC-1 competition set less held-out bodies (Body ID % 7 == 0), research use",
            "ecb": "ECB+ train topics, CC BY 3.0 (Cybulska and Vossen 2014)",
        },
        "thresholds": {"same": same, "contradicts": contradicts},
        "thresholds_rule": {"same": SAME_RULE, "contradicts": CONTRADICTS_RULE},
        "scores": {k: round(v, 4) for k, v in scores.items()},
        "ecb_dev_at_thresholds": ecb,
    }
    CARD.write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {CARD}")


if __name__ == "__main__":
    main()
