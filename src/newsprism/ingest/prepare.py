"""From a reader's Document to a stored Article: boilerplate spans, metadata, fingerprints."""

from __future__ import annotations

import hashlib
from collections import Counter

from newsprism.config import Config
from newsprism.errors import InputError
from newsprism.ingest import dedup
from newsprism.ingest.boilerplate import classify
from newsprism.ingest.metadata import extract
from newsprism.ingest.segments import split_segments
from newsprism.nlp.language import identify, normalise_tag
from newsprism.records import Article, Document, Provenance

_TITLE_FIRST = {"txt", "url-text", "stdin-text"}
"""Formats whose first line is the title by convention."""


def article_id(source: str, original_text: str) -> str:
    """Stable id: the same input read again gives the same id; any change gives a new one."""
    digest = hashlib.sha256(source.encode() + b"\0" + original_text.encode("utf-8", "replace"))
    return digest.hexdigest()[:20]


def prepare(doc: Document, config: Config) -> Article:
    """Clean ``doc`` and fill its metadata; raises InputError when no article text is left."""
    segments = split_segments(doc.original_text, config)
    if not segments:
        raise InputError("no text (only whitespace)")
    layout = classify(segments, known_title=doc.title, title_first=doc.format in _TITLE_FIRST)
    if not layout.kept:
        raise InputError("no article text left after removing boilerplate")
    found = extract(doc.original_text, segments, layout, config)
    provenance = dict(found.provenance)
    fields: dict[str, object] = {}
    for name in ("title", "outlet", "author", "published", "url"):
        given = getattr(doc, name)
        if given:
            fields[name] = given
            provenance[name] = Provenance(doc.format)
        else:
            fields[name] = getattr(found, name)
    if fields["outlet"] is None and doc.url:
        fields["outlet"] = config.outlet_name_for_url(doc.url)
        if fields["outlet"]:
            provenance["outlet"] = Provenance("url")
    spans = tuple((segments[i].start, segments[i].end) for i in layout.kept)
    clean = "\n\n".join(doc.original_text[s:e] for s, e in spans)
    language, other_languages = identify_languages(doc.original_text, spans)
    given = normalise_tag(doc.language)
    if given:
        language = given
        provenance["language"] = Provenance(doc.format)
    elif language:
        provenance["language"] = Provenance("identified")
    content_hash, signature = dedup.fingerprints(clean)
    removed = tuple((segments[i].start, segments[i].end, why) for i, why in layout.removed)
    repeatable = tuple(
        (_line_hash(segments[i].text), segments[i].start, segments[i].end)
        for i in layout.kept
        if i != layout.title and (segments[i].words < REPEATABLE_WORDS or not segments[i].is_prose)
    )
    return Article(
        id=article_id(doc.source, doc.original_text),
        source=doc.source,
        format=doc.format,
        original_text=doc.original_text,
        clean_spans=spans,
        content_hash=content_hash,
        encoding=doc.encoding,
        raw=doc.raw,
        title=_str(fields["title"]),
        outlet=_str(fields["outlet"]),
        author=_str(fields["author"]),
        published=doc.published or found.published,
        url=_str(fields["url"]),
        language=language,
        other_languages=other_languages,
        original_outlet=found.original_outlet,
        original_url=found.original_url,
        provenance=provenance,
        boilerplate=removed,
        repeatable=repeatable,
        metadata=doc.metadata,
        fingerprint=doc.fingerprint,
        minhash=signature,
    )


PARAGRAPH_LETTERS = 40
"""A paragraph needs this many letters for its own language to be told (shorter ones, bylines
and captions, take the article's)."""


def identify_languages(
    text: str, spans: tuple[tuple[int, int], ...]
) -> tuple[str | None, tuple[tuple[int, int, str], ...]]:
    """The article's language (the language of most of its letters, paragraph by paragraph)
    and the paragraphs written in another one, as (start, end, language)."""
    letters: Counter[str] = Counter()
    found: list[tuple[int, int, str]] = []
    for start, end in spans:
        paragraph = text[start:end]
        count = sum(ch.isalpha() for ch in paragraph)
        if count < PARAGRAPH_LETTERS:
            continue
        language = identify(paragraph).language
        if language:
            letters[language] += count
            found.append((start, end, language))
    if not letters:  # only short lines: the whole text is one snippet
        whole = identify(" ".join(text[s:e] for s, e in spans)).language
        return whole, ()
    main = letters.most_common(1)[0][0]
    return main, tuple(f for f in found if f[2] != main)


REPEATABLE_WORDS = 15
"""Only lines shorter than this (or not prose) can be dropped for recurring across articles:
a recurring long paragraph is standard background copy, which is article text."""


def _line_hash(text: str) -> int:
    """63-bit hash of a line's words, blind to case, spacing and punctuation."""
    digest = hashlib.blake2b(" ".join(dedup.normalise(text)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


def _str(value: object) -> str | None:
    return str(value) if value else None
