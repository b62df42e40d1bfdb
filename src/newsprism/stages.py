"""Stage declarations: name, version, kind, what each requires and provides.

In the spirit of spaCy's ``@Language.component(requires=, assigns=)`` and stanza's
REQUIRES/PROVIDES: the chain in pipeline.py is a list of these, checked once when it is built
(a stage whose requirement no earlier stage provides is an error naming both), and the
versions drive what is stale: bumping one stage's version re-runs it and the stages that
depend on it, nothing else. The functions are named by "module:function" and imported only
when they run, so reading the chain (or running `newsprism show`) imports no model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from newsprism.errors import UsageError

KINDS = ("input", "writer", "article", "corpus")
"""input: reads inputs into articles; writer: runs in the writer on each article as its batch
is stored, in that batch's transaction, as it depends on every article stored before it
(ingest/storing.py runs them, in the chain's order); article: a pure function of one article,
run in worker processes or on Dask; corpus: reads every article's records from the store."""


@dataclass(frozen=True)
class Stage:
    name: str
    version: int
    kind: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    target: str
    """"module:function" that runs the stage."""
    batched: bool = False
    """An article stage whose function takes a few articles at once (jobs, what each found,
    config) and gives what each provides, in order: a model stage, whose library spends
    less per item on bigger batches. The others take one article (job, found, config)."""
    per_language: tuple[tuple[str, str], ...] = ()
    """(language, "module:function") of the languages with an implementation of their own
    (natasha for Russian); an article in any other language runs ``target``. The records
    each returns are the same."""

    @property
    def tag(self) -> str:
        """What rows made by this stage record: "quotes.v1"."""
        return f"{self.name}.v{self.version}"

    def target_for(self, language: str | None) -> str:
        """The implementation an article in ``language`` runs."""
        return dict(self.per_language).get(language or "", self.target)

    def function(self, language: str | None = None) -> Callable[..., Any]:
        module, _, name = self.target_for(language).partition(":")
        found: Callable[..., Any] = getattr(import_module(module), name)
        return found


class PipelineError(UsageError):
    """The chain is inconsistent: a requirement without a provider, a name twice."""


def check(chain: Sequence[Stage]) -> None:
    """Refuse a chain in which a stage requires what no earlier stage provides."""
    provided: dict[str, str] = {}
    names: set[str] = set()
    for stage in chain:
        if stage.kind not in KINDS:
            raise PipelineError(f"stage {stage.name!r}: unknown kind {stage.kind!r}")
        if stage.batched and stage.kind != "article":
            raise PipelineError(f"stage {stage.name!r}: only article stages run batched")
        if stage.name in names:
            raise PipelineError(f"stage {stage.name!r} is declared twice")
        names.add(stage.name)
        missing = [need for need in stage.requires if need not in provided]
        if missing:
            raise PipelineError(
                f"stage {stage.name!r} requires {', '.join(map(repr, missing))}, which no "
                "earlier stage provides"
            )
        for item in stage.provides:
            provided.setdefault(item, stage.name)


def dependants(chain: Sequence[Stage]) -> dict[str, frozenset[str]]:
    """Stage name -> the later stages that need what it provides, directly or not."""
    provider = {item: s.name for s in chain for item in s.provides}
    result: dict[str, set[str]] = {s.name: set() for s in chain}
    for stage in chain:  # in order, so a provider's set is complete before it is read
        for need in stage.requires:
            if need in provider:  # provided before this part of the chain (articles)
                result[provider[need]].add(stage.name)
    for stage in reversed(chain):
        for later in list(result[stage.name]):
            result[stage.name] |= result[later]
    return {name: frozenset(later) for name, later in result.items()}


def stale(
    chain: Sequence[Stage], recorded: Mapping[str, str], later: Mapping[str, frozenset[str]]
) -> frozenset[str]:
    """The stages of ``chain`` to run for an item whose rows record ``recorded`` (stage name
    -> tag): those missing or of another version, and everything that depends on them."""
    out: set[str] = set()
    for stage in chain:
        if recorded.get(stage.name) != stage.tag:
            out.add(stage.name)
            out |= later[stage.name]
    return frozenset(out & {s.name for s in chain})


def needed(chain: Sequence[Stage], run: Iterable[str]) -> list[Stage]:
    """The stages to compute, in order, so the stages in ``run`` have their inputs."""
    provider = {item: s for s in chain for item in s.provides}
    want = set(run)
    for stage in reversed(chain):
        if stage.name in want:
            want |= {provider[need].name for need in stage.requires if need in provider}
    return [s for s in chain if s.name in want]
