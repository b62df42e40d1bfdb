"""The hand-checked cross-outlet pairs: a fixed gold that says who checked it and by what rule,
and an eval that names what it cannot read. (The whole run, about two minutes, is
`newsprism eval claims-checked`; its figure is in the README, not pinned as a floor: the set
holds the pairs one version proposed, so a later version's new pairs are unchecked.)"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.eval.claims import CHECKED, LABELS, load_gold


def test_the_checked_gold_says_who_checked_it_and_by_what_rule() -> None:
    gold = load_gold(None, CHECKED)
    assert "Hand-checked by" in gold["about"] and "Rule:" in gold["about"]
    pairs = gold["pairs"]
    assert len(pairs) >= 60
    for pair in pairs:
        assert pair["relation"] in (*LABELS, "different"), pair
        assert pair["system"] in (*LABELS, "different", "single_source"), pair
        for side in ("a", "b"):
            prefix, fragment = pair[side]
            assert isinstance(prefix, str) and len(fragment) >= 12, pair
    # across outlets: the examples and both PolNeAR parts
    assert {p["corpus"].split()[0] for p in pairs} == {"examples", "polnear/dev", "polnear/train"}


def test_a_bench_without_polnear_is_named_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "claims-checked", "--data", str(tmp_path)])
    assert result.exit_code != 0
    assert f"{tmp_path}/polnear/dev/text: not found" in result.output
    assert "Traceback" not in result.output
