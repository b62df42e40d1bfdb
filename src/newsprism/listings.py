"""Typed view records: what the store's reads return to the web app, the report, the CLI and
export.

A read (store/views.py, the listings of store/understanding.py, store/stories.py,
store/framing.py, ``Store.search``, and stories/api.py's stories, timeline and comparison)
builds these from its row mappings; the consumers render them by attribute. They are frozen
dataclasses (habit 3 of STYLE.md, as records.py), not dicts: each field has one precise type
that mypy checks at every use, a misspelt field fails at once instead of reading as missing,
and nothing downstream can change what the store said. Nested rows are nested records, held in
tuples. Where JSON leaves the program (web API responses, ``--format json``, export, the
report's embedded data), ``as_json`` turns a record into plain dicts and lists, with the keys
in field order: the field order here *is* the JSON layout, so do not reorder fields.

Dates are ISO strings, as stored (the story stages' dates may be partial, "2020-09" or
"XXXX-08-09"); spans are (start, end) offsets into the article's original text.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


@cache
def _speaker_words() -> tuple[frozenset[str], frozenset[str]]:
    import tomllib
    from importlib import resources

    path = resources.files("newsprism.data").joinpath("quotes/speakers.toml")
    with path.open("rb") as handle:
        table = tomllib.load(handle)
    return frozenset(table["unnamed"]), frozenset(table["demonstratives"])


def names_nobody(phrase: str | None) -> bool:
    """Whether a speaker phrase names no one: pronouns and such alone ("he", "who", "these
    guys"), or a demonstrative phrase without a capitalised word ("those familiar with it")."""
    if not phrase:
        return True
    unnamed, demonstratives = _speaker_words()
    raw = phrase.split()
    words = [w.strip(".,;:'’\"“”()").lower() for w in raw]
    if all(not w or w in unnamed for w in words):
        return True
    if words[0] in demonstratives:
        return not any(w[:1].isupper() for w in raw[1:])
    return False


def shown_speaker(entity: str | None, name: str | None, phrase: str | None) -> str | None:
    """Who a quote is shown as said by: the speaker's entity, else the name the quote stage
    resolved, else the phrase the article uses when it names someone ("officials"); None
    (unresolved) rather than a pronoun, relative pronoun or demonstrative."""
    return entity or name or (None if names_nobody(phrase) else phrase)


def as_json(record: DataclassInstance) -> dict[str, Any]:
    """``record`` as a JSON object: nested records become dicts, tuples lists, keys in field
    order (what the web API, ``--format json``, export and the report emit).

    ``dataclasses.asdict`` gives the same dicts, but deep-copies every string and number on the
    way, which took a third of the time of building a story's comparison; values here are
    immutable, so they are handed on as they are."""
    return {name: _json_value(getattr(record, name)) for name in _field_names(type(record))}


@cache
def _field_names(cls: type[DataclassInstance]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _json_value(value: Any) -> Any:
    if hasattr(type(value), "__dataclass_fields__"):
        return as_json(value)
    if isinstance(value, tuple | list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


# -- articles (store/views.py, Store.search, export) -------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """An article's metadata, without its text (the article lists)."""

    id: str
    title: str | None
    outlet: str | None
    author: str | None
    published: str | None
    url: str | None
    source: str
    format: str
    original_outlet: str | None
    original_url: str | None
    canonical_id: str | None
    """The article this one copies, if it is a copy."""
    copy_kind: str | None
    similarity: float | None


@dataclass(frozen=True, slots=True)
class ArticleLine:
    """A canonical article in ``newsprism show``'s list, with how many stored articles copy it."""

    id: str
    published: str | None
    outlet: str | None
    title: str | None
    copies: int


@dataclass(frozen=True, slots=True)
class MentionSpan:
    """A mention of an entity in one article."""

    start: int
    end: int
    text: str
    type: str
    entity_id: str | None
    entity_name: str | None
    """The canonical name of ``entity_id``."""


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quote of one article; ``speaker`` is the entity's name, else the resolved name, else
    the speaker's words in the text."""

    idx: int
    kind: str
    content_start: int
    content_end: int
    cue_text: str | None
    speaker_text: str | None
    speaker_name: str | None
    speaker_entity_id: str | None
    entity_name: str | None
    speaker: str | None


@dataclass(frozen=True, slots=True)
class ClaimSpan:
    """A claim of one article."""

    start: int
    end: int
    attributed_to: str | None
    hedges: tuple[str, ...]
    kind: str
    attributed_entity_id: str | None
    entity_name: str | None


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """A time expression of one article, with its resolved value."""

    start: int
    end: int
    text: str
    value: str | None
    granularity: str
    resolved_from: str


@dataclass(frozen=True, slots=True)
class ArticleSpans:
    """The understanding of one article, as spans into its original text."""

    mentions: tuple[MentionSpan, ...]
    quotes: tuple[QuoteSpan, ...]
    claims: tuple[ClaimSpan, ...]
    times: tuple[TimeSpan, ...]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A full-text match; ``snippet`` marks the matched words with [...]."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str


@dataclass(frozen=True, slots=True)
class ExportCopy:
    """An article that copies an exported one."""

    id: str
    outlet: str | None
    url: str | None
    kind: str
    similarity: float | None


@dataclass(frozen=True, slots=True)
class ArticleExport:
    """The export record of one canonical article (``text``: its clean text)."""

    id: str
    title: str | None
    outlet: str | None
    author: str | None
    published: str | None
    url: str | None
    original_outlet: str | None
    original_url: str | None
    text: str
    copies: tuple[ExportCopy, ...]
    language: str | None = None
    """ISO 639-1, given by the input or identified."""


# -- entities, quotes, claims, dated events (store/views.py, store/understanding.py) --------


@dataclass(frozen=True, slots=True)
class EntitySummary:
    """A canonical entity with the number of articles naming it (the entity pages)."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class EntityArticle:
    """An article naming an entity: how often, and in which words."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    mentions: int
    forms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EntityQuote:
    """A quote by or about an entity, with its article's outlet and title."""

    article_id: str
    outlet: str | None
    title: str | None
    kind: str
    cue_text: str | None
    content: str
    content_start: int
    content_end: int
    speaker_entity_id: str | None
    speaker: str | None


@dataclass(frozen=True, slots=True)
class EntityDetail:
    """One entity: its articles, mentions per outlet, and the quotes by and about it."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: int
    articles: tuple[EntityArticle, ...]
    per_outlet: dict[str, int]
    quotes_by: tuple[EntityQuote, ...]
    quotes_about: tuple[EntityQuote, ...]


@dataclass(frozen=True, slots=True)
class EntityListing:
    """A canonical entity with its mentions per article id (``newsprism entities``)."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: int
    articles: dict[str, int]


@dataclass(frozen=True, slots=True)
class QuoteListing:
    """A quote across the corpus (``newsprism quotes``)."""

    article_id: str
    outlet: str | None
    kind: str
    speaker: str | None
    speaker_entity_id: str | None
    speaker_text: str | None
    cue: str | None
    content: str
    span: tuple[int, int]
    nested_in: int | None


@dataclass(frozen=True, slots=True)
class ClaimListing:
    """A claim across the corpus (``newsprism claims``); ``voice``: author or attributed."""

    article_id: str
    outlet: str | None
    voice: str
    attributed_to: str | None
    kind: str
    hedges: tuple[str, ...]
    text: str
    span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class DatedEvent:
    """One article's dated event, with the entities taking part in its sentence."""

    date: str
    granularity: str
    article_id: str
    outlet: str | None
    published: str | None
    participants: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class LabelListing:
    """A stored framing label (see records.Label), its entity looked up again through its
    mention (store/framing.py)."""

    article_id: str
    kind: str
    start: int
    end: int
    scheme: str
    label: str
    score: float
    entity_id: str | None
    entity_name: str | None
    model: str
    reliable: bool = True
    """False when the head's measured quality in the article's language (or this label's)
    does not beat the majority answer (framing/reliability.py): not to be read as a finding."""
    caveat: str = ""
    """Why it is unreliable, with the figures."""


# -- stories (store/stories.py, stories/api.py) ------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryHeader:
    """A story's own row: label, dates and counts."""

    id: str
    label: str
    first_date: str | None
    last_date: str | None
    articles: int
    outlets: int


@dataclass(frozen=True, slots=True)
class GroupedClaim:
    """An article's claim in a claim group; ``outlet`` is the original's for a reprint."""

    claim_id: int
    article_id: str
    outlet: str | None
    text: str
    start: int
    end: int
    attributed_to: str | None
    hedges: tuple[str, ...]
    polarity: str


@dataclass(frozen=True, slots=True)
class ClaimGroupListing:
    """One proposition of a story as its articles state it (see records.ClaimGroup)."""

    id: str
    status: str
    summary: str
    outlets: tuple[str, ...]
    reasons: tuple[str, ...]
    members: tuple[GroupedClaim, ...]
    omitted_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A stored merged event; ``reports`` are (article_id, start, end) of each telling."""

    id: str
    story_id: str
    date: str
    granularity: str
    summary: str
    participants: tuple[str, ...]
    reports: tuple[tuple[str, int, int], ...]
    dated_by: str = "text"


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """An article of a story."""

    id: str
    title: str | None
    outlet: str | None
    original_outlet: str | None
    published: str | None
    url: str | None
    copy_of: str | None


@dataclass(frozen=True, slots=True)
class StoryListing:
    """A story with its articles and their outlets (``newsprism stories``)."""

    id: str
    label: str
    first_date: str | None
    last_date: str | None
    articles: tuple[StoryArticle, ...]
    outlets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EventReport:
    """One article's telling of a merged event."""

    article_id: str
    outlet: str | None
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """An event of the merged timeline with the outlets telling it (``text`` repeats
    ``summary`` for the table)."""

    date: str
    granularity: str
    story_id: str
    outlets: tuple[str, ...]
    participants: tuple[str, ...]
    text: str
    summary: str
    reports: tuple[EventReport, ...]
    dated_by: str = "text"
    """"text" when some telling states the date, else how its tellings are dated ("news day"
    or "publication date", see records.Event)."""


@dataclass(frozen=True, slots=True)
class SourceCount:
    """A speaker an article quotes, and how many times."""

    name: str
    count: int


@dataclass(frozen=True, slots=True)
class ColumnClaim:
    """An article's claim with the id and status of its claim group."""

    group_id: str
    status: str
    text: str
    start: int
    end: int
    attributed_to: str | None
    hedges: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Omission:
    """What most of a story's articles carry and this one does not: a claim group, a speaker
    or an entity (``ref``: its id, or the speaker's name)."""

    kind: str
    ref: str
    text: str


@dataclass(frozen=True, slots=True)
class ComparisonColumn:
    """One article's column of a story's side-by-side comparison."""

    article_id: str
    outlet: str | None
    original_outlet: str | None
    copy_of: str | None
    title: str | None
    published: str | None
    url: str | None
    sources_quoted: tuple[SourceCount, ...]
    claims: tuple[ColumnClaim, ...]
    status_counts: dict[str, int]
    omitted: tuple[Omission, ...]
    designations: dict[str, dict[str, int]]
    """Designation group -> word -> how often the article uses it."""
    framing: dict[str, tuple[LabelListing, ...]]
    """Scheme -> the article's five best labels."""
    language: str | None = None
    claims_compared: bool = True
    """False for an article in a language whose claims are not compared across outlets."""
    quotes_caveat: str = ""
    """Why its quoted sources are not findings (quote_trust.py), or ""."""


@dataclass(frozen=True, slots=True)
class Wording:
    """An entity the outlets word differently: outlet -> its surface forms."""

    entity_id: str
    name: str
    by_outlet: dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Cooccurrence:
    """How many of a story's articles name two entities together."""

    a: str
    b: str
    a_name: str
    b_name: str
    weight: int


@dataclass(frozen=True, slots=True)
class RoleCasting:
    """How one article casts an entity: its main role, the probability and the sentence."""

    article_id: str
    outlet: str | None
    role: str
    score: float
    evidence: str
    reliable: bool
    caveat: str


@dataclass(frozen=True, slots=True)
class RoleFlip:
    """An entity one outlet casts as protagonist and another as antagonist or victim."""

    entity_id: str
    name: str
    castings: tuple[RoleCasting, ...]
    reliable: bool
    """False when any of the roles compared is not reliable in its article's language."""


@dataclass(frozen=True, slots=True)
class StoryComparison:
    """A story's outlets side by side (``newsprism compare``, the story page, the API)."""

    story: StoryListing
    columns: tuple[ComparisonColumn, ...]
    claim_groups: tuple[ClaimGroupListing, ...]
    status_counts: dict[str, int]
    wording: tuple[Wording, ...]
    timeline: tuple[MergedEvent, ...]
    cooccurrence: tuple[Cooccurrence, ...]
    role_flips: tuple[RoleFlip, ...] = ()
