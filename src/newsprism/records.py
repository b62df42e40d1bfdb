"""Typed records that flow between stages.

Records are frozen dataclasses: a stage receives them and returns new ones, it never mutates
what another stage produced. Every span is a (start, end) pair of character offsets into the
article's ``original_text``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # records import no numpy: only FramingDoc's vectors are arrays
    import numpy as np
    from numpy.typing import NDArray

Span = tuple[int, int]


@dataclass(frozen=True)
class Document:
    """One input document as a reader found it, before cleaning.

    ``source`` identifies where it came from and is stable across runs: a resolved file path,
    a URL, or ``path#N`` for the N-th record inside a JSONL/CSV file or feed.
    ``original_text`` is the text layer that all spans index: the decoded file for .txt, the
    text field of a record, the text trafilatura extracted from a page. ``raw`` holds the
    original bytes when they differ from that text layer (HTML pages, feed entries).
    Metadata fields are None when the input does not say; they are never guessed.
    """

    source: str
    format: str
    original_text: str
    encoding: str = "utf-8"
    raw: bytes | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    language: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    fingerprint: str = ""
    """Cheap change detector for the source (size and mtime of a file); empty when unknown."""


@dataclass(frozen=True)
class Provenance:
    """Where a metadata value came from, e.g. ``("text", 412, 440)`` or ``("html-meta", 0, 0)``."""

    origin: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Article:
    """A cleaned article ready to store.

    ``id`` is a content hash of the source and original text, so re-reading an unchanged
    input yields the same id. ``content_hash`` hashes the normalised clean text and is what
    exact-duplicate detection compares. ``clean_spans`` select the article's own text (title and
    body) out of ``original_text``; everything between them is boilerplate.
    """

    id: str
    source: str
    format: str
    original_text: str
    clean_spans: tuple[Span, ...]
    content_hash: str
    encoding: str = "utf-8"
    raw: bytes | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    language: str | None = None
    """ISO 639-1: the input's own language field, else the language identified in the text."""
    other_languages: tuple[tuple[int, int, str], ...] = ()
    """Paragraphs in another language than ``language``, as (start, end, language)."""
    original_outlet: str | None = None
    """Set when the text says it reprints another outlet's article."""
    original_url: str | None = None
    provenance: dict[str, Provenance] = field(default_factory=dict)
    """Field name -> where its value came from."""
    boilerplate: tuple[tuple[int, int, str], ...] = ()
    """Removed segments as (start, end, reason)."""
    repeatable: tuple[tuple[int, int, int], ...] = ()
    """Kept short lines as (hash, start, end): removed later if many articles of the same
    outlet carry the same line (section names, slogans, sign-offs the vocabulary misses)."""
    metadata: dict[str, Any] = field(default_factory=dict)
    fingerprint: str = ""
    minhash: bytes = b""
    """MinHash signature of the clean text's shingles (uint64 little-endian)."""
    canonical_id: str | None = None
    """Set by the store when this article is a copy of another (the canonical one)."""
    copy_kind: str | None = None
    """"exact" (same normalised text) or "near" (MinHash similarity over the threshold)."""
    similarity: float | None = None

    @property
    def clean_text(self) -> str:
        """The article's own text: its clean spans joined by blank lines."""
        return "\n\n".join(self.original_text[s:e] for s, e in self.clean_spans)


def describe(exc: BaseException, prefix: str = "") -> str:
    """An exception as one line of at most 300 characters ("ValueError: …"), whitespace
    folded, for an error row. A database error wrapped by the SQL layer (SQLAlchemy keeps
    the driver's in ``orig``) is described as the driver raised it, without the statement."""
    orig = getattr(exc, "orig", None)
    if isinstance(orig, BaseException):
        exc = orig
    return " ".join(f"{prefix}{type(exc).__name__}: {exc}".split())[:300]


def printable(text: str) -> str:
    """``text`` with every character a terminal would act on escaped (\\x1b, \\u202e, a
    lone surrogate from an undecodable file name)."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char.isprintable() or char == " ":
            out.append(char)
        elif ord(char) < 0x100:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(f"\\u{ord(char):04x}")
    return "".join(out)


@dataclass(frozen=True)
class IngestError:
    """An input that could not be read, with a reason a person can act on."""

    path: str
    reason: str
    stage: str = "ingest"
    level: str = "error"
    """"error": the input (or this part of it) was not stored; "warning": it was stored, but
    something about it needs a look (a guessed encoding)."""

    def line(self) -> str:
        """One printable line: control characters, bidi overrides and undecodable bytes in
        a file name are shown escaped, so a name cannot break the line or drive the terminal."""
        path = printable(self.path)
        if self.level == "warning":
            return f"{path}: warning: {printable(self.reason)}"
        return f"{path}: {printable(self.reason)}"

    @classmethod
    def warning(cls, path: str, reason: str, stage: str = "ingest") -> IngestError:
        return cls(path, reason, stage, level="warning")

    @property
    def is_warning(self) -> bool:
        return self.level == "warning"

    @classmethod
    def failed(cls, what: str, step: str, exc: BaseException, stage: str) -> IngestError:
        """A later stage's failure on one input, on one line: "article 9f3…: framing failed:
        ValueError: …" (whitespace folded, at most 300 characters of reason)."""
        return cls(what, describe(exc, f"{step} failed: "), stage=stage)


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article's clean text, by offsets into the original text."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A named-entity mention; ``entity_id`` is filled by corpus-wide canonicalisation."""

    article_id: str
    start: int
    end: int
    text: str
    type: str
    """PERSON, ORG, GPE, LOC, NORP, ... (spaCy's OntoNotes labels)."""
    entity_id: str | None = None
    refers_to: str | None = None
    """For a descriptive mention ("the Belarusian leader"): the name it stands for."""
    base: str | None = None
    """The name in its dictionary form where the language inflects names (Путину -> Путин)."""


@dataclass(frozen=True)
class Quote:
    """Who is reported as saying what, with the cue that says so.

    ``kind`` is "direct" (quotation marks), "indirect" ("X said that ..."), "according_to"
    or "mixed" (a quoted fragment inside reported speech). Spans index the original text;
    the speaker span may be a pronoun or title, resolved to ``speaker_entity`` when clear.
    """

    article_id: str
    content: Span
    kind: str
    cue: Span | None = None
    cue_text: str | None = None
    speaker: Span | None = None
    speaker_text: str | None = None
    speaker_entity: str | None = None
    """Canonical name (or entity id once canonicalised) of the speaker."""
    nested_in: int | None = None
    """Index of the enclosing quote in the article's quote list, for a quote inside a quote."""


@dataclass(frozen=True)
class TimeExpr:
    """A temporal expression normalised against the publication date.

    ``value`` is ISO 8601 ("2020-09-02", "2020-09", "2020", "2020-09-13/2020-09-25",
    "P20Y" for a duration); ``granularity`` is time, day, week, month, quarter, season, year,
    decade, century, range, duration, set or vague (see nlp/time.py); ``resolved_from`` says
    how: "absolute", "publication date", or "unresolved: why" (then ``value`` is None).
    """

    article_id: str
    start: int
    end: int
    text: str
    value: str | None
    granularity: str
    resolved_from: str


@dataclass(frozen=True)
class Claim:
    """A sentence asserting a checkable proposition, in the author's voice or attributed."""

    article_id: str
    start: int
    end: int
    attributed_to: str | None
    """Speaker (canonical name) when the claim is reported; None for the author's own voice."""
    hedges: tuple[str, ...] = ()
    kind: str = "statement"
    """event, number, accusation or statement."""
    quote_index: int | None = None


@dataclass(frozen=True)
class Event:
    """A dated event: a sentence with a resolved date and the entities taking part."""

    article_id: str
    start: int
    end: int
    date: str
    granularity: str
    participants: tuple[str, ...] = ()
    dated_by: str = "text"
    """"text" (a date the sentence states); for a report of the news with no date of its own,
    "news day" (the day the article's dates name most in the week before publication) or
    "publication date"."""


@dataclass(frozen=True)
class Entity:
    """One real-world person, organisation or place, across the whole corpus."""

    id: str
    canonical_name: str
    type: str
    aliases: tuple[str, ...]
    """Every surface form seen, most frequent first."""
    key: str
    """Transliteration key that groups spelling variants (Lukashenko / Lukashenka)."""
    mentions: int = 0


@dataclass(frozen=True)
class Story:
    """Articles about the same event or storyline, found by the stories stage."""

    id: str
    label: str
    article_ids: tuple[str, ...]
    first_date: str | None = None
    last_date: str | None = None


@dataclass(frozen=True)
class ClaimMember:
    """One article's wording of a claim group's proposition."""

    claim_id: int
    article_id: str
    outlet: str | None
    text: str
    start: int
    end: int
    attributed_to: str | None
    hedges: tuple[str, ...]
    polarity: str
    """"+" or "-" when the sentence carries an evaluative or negated predicate, else "0"."""


@dataclass(frozen=True)
class ClaimGroup:
    """The same proposition as stated by one or more articles of a story.

    ``status``: contradicted (independent outlets state incompatible facts: different numbers
    of one unit, a denial, a negation), framed_differently (one proposition,
    opposite evaluative wording), corroborated (two or more independent outlets, reprints
    counted once) or single_source; ``reasons`` gives the evidence and the model's probability.
    ``omitted_by``: in a story of three or more outlets, the outlets that do not tell it.
    """

    id: str
    story_id: str
    status: str
    summary: str
    members: tuple[ClaimMember, ...]
    outlets: tuple[str, ...]
    reasons: tuple[str, ...] = ()
    omitted_by: tuple[str, ...] = ()


STATUSES = ("contradicted", "framed_differently", "corroborated", "single_source")
"""Claim-group statuses, most telling first (the order listings show them in)."""


@dataclass(frozen=True)
class TimelineEvent:
    """Dated events of several articles merged: same date (at its granularity) and overlapping
    participants or wording; ``reports`` are (article_id, start, end) of each telling."""

    id: str
    story_id: str
    date: str
    granularity: str
    summary: str
    participants: tuple[str, ...]
    reports: tuple[tuple[str, int, int], ...]
    dated_by: str = "text"
    """"text" when some telling states the date, else how its tellings are dated ("news day"
    or "publication date", see Event)."""


@dataclass(frozen=True)
class Label:
    """A framing label with its evidence: a persuasion technique, frame, genre, entity role
    or narrative that a model (``model``: name@version) gives some part of an article.

    ``kind`` says what is labelled: the whole "article", a "paragraph", a "span" (the
    sentence a paragraph's technique scores highest on) or an "entity" (a role; then
    ``entity_id`` is the canonical entity and ``mention`` the mention it was read from).
    ``start``/``end`` is the evidence span into ``original_text``; ``score`` a probability
    (for zero-shot taxonomy labels: a rescaled cosine similarity, see framing/taxonomy.py).
    """

    article_id: str
    kind: str
    start: int
    end: int
    scheme: str
    """technique, frame, genre, role, role_fine or narrative, narrative_fine."""
    label: str
    score: float
    model: str
    entity_id: str | None = None
    mention: Span | None = None


@dataclass(frozen=True)
class TextJob:
    """What the per-article stages need of an article (small, so it crosses process
    boundaries cheaply): its text, clean spans and publication date."""

    article_id: str
    text: str
    spans: tuple[Span, ...]
    published: date | None
    stale: frozenset[str] = frozenset()
    language: str | None = None
    """The article's language (None: not identified, analysed as English)."""
    """The per-article stages to run (and store) for this article; their requirements are
    computed again as inputs but not stored."""


@dataclass(frozen=True)
class Understanding:
    """The records of the per-article stages in ``ran``, for the writer; the other fields
    are empty and stay as stored."""

    article_id: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    quotes: tuple[Quote, ...]
    claims: tuple[Claim, ...]
    times: tuple[TimeExpr, ...]
    events: tuple[Event, ...]
    ran: frozenset[str] = frozenset()
    vectors: tuple[tuple[str, bytes], ...] = ()
    """(sentence key, float16 vector) of each distinct sentence text (the vectors stage)."""
    vector_model: str = ""
    """The cache name of the model that made ``vectors``."""


Found = dict[str, Any]
"""What earlier per-article stages provided for one article, by name ("sentences", ...)."""


@dataclass(frozen=True)
class FramingDoc:
    """One article ready to frame: its text, clean spans, sentences with one vector row
    each (in order) and resolved mentions."""

    article_id: str
    text: str
    clean_spans: tuple[Span, ...]
    sentences: Sequence[Sentence]
    vectors: NDArray[np.float32]
    mentions: Sequence[Mention] = ()
    language: str | None = None
