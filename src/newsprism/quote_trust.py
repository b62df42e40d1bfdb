"""Whether a language's quote speakers are findings: where `newsprism eval quotes` measured
them no better than naming the last person before the quote, they are shown with a caveat."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

MEASURED = "quotes/measured.toml"


@cache
def measured() -> dict[str, dict[str, Any]]:
    """Language -> its measured figures (data/quotes/measured.toml)."""
    text = resources.files("newsprism.data").joinpath(MEASURED).read_text(encoding="utf-8")
    return tomllib.loads(text)


def quote_caveat(language: str | None) -> str:
    """Why the speakers of quotes in ``language`` are not findings, or "" when they are."""
    figures = measured().get(language or "")
    if figures is None or figures["speaker_accuracy"] > figures["baseline"]:
        return ""
    return (
        f"quote speakers in {language} are unreliable: {figures['speaker_accuracy']:.2f} right"
        f" against {figures['baseline']:.2f} for the last person named before the quote, and"
        f" {figures['found']:.0%} of quotes found, on {figures['gold']}"
    )
