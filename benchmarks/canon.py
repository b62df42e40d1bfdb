"""How entity canonicalisation grows with the corpus: seconds per mention should stay flat.

Generates person mentions over a vocabulary of names that grows with the corpus, as a real
one does (N/20 distinct people, each named in full and by surname alone, some with a
romanisation variant), plus places and organisations, and times ``canonicalise`` at
growing sizes. Blocking (a lone surname is compared only with full names of the same
surname skeleton) keeps the growth about linear.

    python benchmarks/canon.py [--sizes 5000 20000 80000]
"""

from __future__ import annotations

import argparse
import random
import time

from newsprism.nlp.canon import canonicalise
from newsprism.records import Mention

SYLLABLES = ["ka", "lo", "vi", "sha", "nen", "to", "ru", "mi", "dze", "bor", "ye", "chu"]
VARIANTS = [("ov", "ou"), ("sh", "sch"), ("ya", "ia"), ("k", "ck")]


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def mentions(n: int, seed: int = 0) -> list[Mention]:
    rng = random.Random(seed)
    people = [(_word(rng, 2), _word(rng, 3) + rng.choice(["ov", "enko", "ski", "ich"]))
              for _ in range(max(1, n // 20))]  # fmt: skip
    places = [_word(rng, 3) for _ in range(max(1, n // 100))]
    found = []
    for i in range(n):
        article = f"a{i // 40}"
        roll = rng.random()
        if roll < 0.7:
            first, last = rng.choice(people)
            if rng.random() < 0.1:
                old, new = rng.choice(VARIANTS)
                last = last.replace(old, new)
            text = f"{first} {last}" if rng.random() < 0.5 else last
            found.append(Mention(article, i, i + len(text), text, "PERSON"))
        else:
            text = rng.choice(places)
            found.append(Mention(article, i, i + len(text), text, rng.choice(["GPE", "ORG"])))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000, 80000])
    args = parser.parse_args()
    print(f"{'mentions':>9} {'entities':>9} {'seconds':>8} {'µs/mention':>11}")
    for n in args.sizes:
        found = mentions(n)
        start = time.process_time()
        entities, _ = canonicalise(found)
        seconds = time.process_time() - start
        print(f"{n:>9,} {len(entities):>9,} {seconds:>8.2f} {seconds / n * 1e6:>11.1f}")


if __name__ == "__main__":
    main()
