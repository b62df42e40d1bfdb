"""The quote stage's word lists, read once from ``data/quotes/`` (cues.toml, speakers.toml)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def _table(name: str) -> dict[str, Any]:
    with resources.files("newsprism.data").joinpath(f"quotes/{name}").open("rb") as handle:
        return tomllib.load(handle)


def _words(name: str, key: str) -> frozenset[str]:
    return frozenset(str(w) for w in _table(name)[key])


SPEECH_VERBS = _words("cues.toml", "speech")
"""Verbs that report speech or writing."""

COGNITION_VERBS = _words("cues.toml", "cognition")
"""Verbs that report a thought or belief: PolNeAR and PARC count them as attribution."""

CUE_VERBS = SPEECH_VERBS | COGNITION_VERBS

XCOMP_VERBS = _words("cues.toml", "xcomp")
"""Verbs whose content may be an infinitive ("vowed to", "urged Congress to")."""

_DIRECT_ONLY = _words("cues.toml", "direct_only")
"""Verbs that introduce a quotation only when right beside it, not through a clause."""

_OBJECT_SPEECH = _words("cues.toml", "object_speech")
"""Speech verbs whose object can be what was said ("condemned ''such a murderous attack''")."""

_ACT_VERBS = _words("cues.toml", "speech_acts")
"""Speech acts whose object is what they say about whom: PolNeAR counts "accused X of Y"."""

_SPEECH_NOUNS = _words("cues.toml", "speech_nouns")
"""Nouns of "the words/statement of X" and "a statement by X saying ..."."""

PERSON_TITLES = _words("speakers.toml", "person_titles")
"""Head nouns of titles that stand for a person already named ("the Belarusian leader")."""

ORG_TITLES = _words("speakers.toml", "org_titles")
"""Head nouns that stand for an organisation already named ("the ministry")."""

_HONORIFICS = _words("speakers.toml", "honorifics")

_PERSON_PRONOUNS = _words("speakers.toml", "person_pronouns")
_GROUP_PRONOUNS = _words("speakers.toml", "group_pronouns")

_MALE_TITLES = _words("speakers.toml", "male_titles")
_FEMALE_TITLES = _words("speakers.toml", "female_titles")
_MALE_NOUNS = _words("speakers.toml", "male_nouns")
_FEMALE_NOUNS = _words("speakers.toml", "female_nouns")
_KIN_NOUNS = _words("speakers.toml", "kin_nouns")
"""Nouns naming someone by kin: who shares a surname with the article's main bearer of it."""
MALE_PRONOUNS = _words("speakers.toml", "male_pronouns")
FEMALE_PRONOUNS = _words("speakers.toml", "female_pronouns")
