"""The stage registry: checked when built, and what a version bump makes stale."""

from __future__ import annotations

import pytest

from newsprism.pipeline import ARTICLE_DEPENDANTS, ARTICLE_STAGES, STAGES
from newsprism.stages import PipelineError, Stage, check, dependants, needed, stale


def test_the_chain_reads_as_one_list_and_checks() -> None:
    assert [s.name for s in STAGES] == [
        "ingest", "furniture", "copies", "parse", "vectors", "quotes", "times", "claims",
        "events", "entities", "stories", "framing",
    ]  # fmt: skip
    check(STAGES)
    for stage in STAGES:
        assert callable(stage.function()), stage.name


def test_a_missing_provider_is_an_error_naming_the_stage() -> None:
    chain = [s for s in STAGES if s.name != "times"]
    with pytest.raises(PipelineError) as caught:
        check(chain)
    assert str(caught.value) == ("stage 'claims' requires 'times', which no earlier stage provides")
    with pytest.raises(PipelineError, match="'quotes' is declared twice"):
        check([*STAGES, next(s for s in STAGES if s.name == "quotes")])


def test_a_bump_makes_the_stage_and_its_dependants_stale() -> None:
    current = {s.name: s.tag for s in ARTICLE_STAGES}
    assert stale(ARTICLE_STAGES, current, ARTICLE_DEPENDANTS) == frozenset()
    assert stale(ARTICLE_STAGES, {**current, "quotes": "quotes.v0"}, ARTICLE_DEPENDANTS) == {
        "quotes", "claims"
    }  # fmt: skip
    assert stale(ARTICLE_STAGES, {**current, "times": "times.v0"}, ARTICLE_DEPENDANTS) == {
        "times", "claims", "events"
    }  # fmt: skip
    assert stale(ARTICLE_STAGES, {**current, "vectors": "vectors.v0"}, ARTICLE_DEPENDANTS) == {
        "vectors"
    }  # fmt: skip
    assert stale(ARTICLE_STAGES, {**current, "parse": "parse.v0"}, ARTICLE_DEPENDANTS) == {
        "parse", "vectors", "quotes", "claims", "events"
    }  # fmt: skip
    assert stale(ARTICLE_STAGES, {}, ARTICLE_DEPENDANTS) == {s.name for s in ARTICLE_STAGES}
    # claims alone need their inputs computed again, which are not stored
    assert [s.name for s in needed(ARTICLE_STAGES, {"claims"})] == [
        "parse", "quotes", "times", "claims"
    ]  # fmt: skip


def test_only_article_stages_run_batched() -> None:
    with pytest.raises(PipelineError, match="'x': only article stages run batched"):
        check([Stage("x", 1, "corpus", (), ("y",), "m:f", batched=True)])


def test_dependants_are_transitive() -> None:
    chain = [
        Stage("a", 1, "article", (), ("x",), "m:f"),
        Stage("b", 1, "article", ("x",), ("y",), "m:f"),
        Stage("c", 1, "article", ("y",), ("z",), "m:f"),
        Stage("d", 1, "article", (), ("w",), "m:f"),
    ]
    assert dependants(chain) == {
        "a": {"b", "c"}, "b": {"c"}, "c": frozenset(), "d": frozenset()
    }  # fmt: skip


def test_the_stories_module_tags_its_results_with_the_registry_version() -> None:
    """stories.run writes its results under STAGE: it must be the registry's tag, or a bump
    in pipeline.STAGES would not make stored stories stale."""
    from newsprism.stories.run import STAGE

    assert next(s.tag for s in STAGES if s.name == "stories") == STAGE
