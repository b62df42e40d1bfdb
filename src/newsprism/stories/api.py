"""Reading stories back: the list, and one story's side-by-side comparison of its outlets.

The comparison is a typed view record (listings.StoryComparison, the same for ``compare``, the
report and the web API): per article, the headline, the sources it quotes, its claims with
their group's status, what it leaves out that most of the story carries, its wording for the
story's entities and for interchangeable designations ("government" / "regime"), and its
framing labels where the framing stage has run.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import combinations
from typing import Any

from newsprism.errors import UsageError
from newsprism.listings import (
    ClaimGroupListing,
    ColumnClaim,
    ComparisonColumn,
    Cooccurrence,
    EventReport,
    LabelListing,
    MergedEvent,
    Omission,
    RoleCasting,
    RoleFlip,
    SourceCount,
    StoryArticle,
    StoryComparison,
    StoryHeader,
    StoryListing,
    Wording,
    shown_speaker,
)
from newsprism.quote_trust import quote_caveat
from newsprism.records import STATUSES
from newsprism.store.api import Store
from newsprism.store.stories import (
    STORY_TYPES,
    article_rows,
    mentions_by_article,
    quotes_by_article,
    story_article_ids,
)
from newsprism.store.story_views import (
    claim_group_rows,
    list_story_rows,
    story_article_listings,
    story_row,
    timeline_rows,
)
from newsprism.stories.run import CLAIM_LANGUAGES


def _story_listing(row: StoryHeader, articles: tuple[StoryArticle, ...]) -> StoryListing:
    """The story with its articles and their outlets."""
    return StoryListing(
        id=row.id,
        label=row.label,
        first_date=row.first_date,
        last_date=row.last_date,
        articles=articles,
        outlets=tuple(sorted({a.outlet for a in articles if a.outlet})),
    )


def list_stories(store: Store) -> list[StoryListing]:
    """Every story, biggest first, with its articles and outlets."""
    articles = story_article_listings(store)
    return [_story_listing(row, tuple(articles.get(row.id, ()))) for row in list_story_rows(store)]


def find_story(store: Store, story_id: str) -> StoryHeader:
    row = story_row(store, story_id)
    if row is None:
        raise UsageError(
            f"no story {story_id!r} (or the prefix names several); `newsprism stories` lists them"
        )
    return row


@cache
def wording_groups() -> dict[str, tuple[str, ...]]:
    with resources.files("newsprism.data").joinpath("wording.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return {k: tuple(v) for k, v in data.get("groups", {}).items()}


def designations(
    text: str, groups: dict[str, tuple[str, ...]] | None = None
) -> dict[str, Counter[str]]:
    """How often each word of each designation group occurs in ``text``."""
    groups = groups or wording_groups()
    lowered = text.lower()
    found: dict[str, Counter[str]] = {}
    for name, words in groups.items():
        # a word that is not even a substring cannot match: most are skipped without a scan
        counts = Counter(
            {w: n for w in words if w in lowered and (n := len(_whole_word(w).findall(lowered)))}
        )
        if counts:
            found[name] = counts
    return found


@lru_cache(maxsize=4096)
def _whole_word(word: str) -> re.Pattern[str]:
    """Compiled once per word: re's own cache (512 patterns) is smaller than the word lists."""
    return re.compile(rf"\b{re.escape(word)}\b")


def _framing_labels(store: Store, article_ids: list[str]) -> list[LabelListing]:
    """The framing stage's labels of the articles, if that stage exists and has run."""
    try:
        from newsprism.store.framing import label_listings
    except ImportError:
        return []
    try:
        return label_listings(store, article_ids=article_ids)
    except Exception:
        return []


def _framing(labels: list[LabelListing]) -> dict[str, dict[str, tuple[LabelListing, ...]]]:
    """Article id -> the five best labels per scheme."""
    by_article: dict[str, dict[str, list[LabelListing]]] = {}
    for label in labels:
        by_article.setdefault(label.article_id, {}).setdefault(label.scheme, []).append(label)
    return {
        article_id: {
            scheme: tuple(sorted(items, key=lambda x: -float(x.score or 0))[:5])
            for scheme, items in by_scheme.items()
        }
        for article_id, by_scheme in by_article.items()
    }


CASTS_AS_HERO = "Protagonist"
CASTS_OTHERWISE = frozenset({"Antagonist", "Innocent"})


def role_flips(labels: list[LabelListing], articles: list[dict[str, Any]]) -> list[RoleFlip]:
    """Entities one outlet casts as protagonist and another (a different outlet) as
    antagonist or victim, each casting with its probability and evidence sentence."""
    by_id = {a["id"]: a for a in articles}
    castings: dict[str, dict[str, RoleCasting]] = {}
    names: dict[str, str] = {}
    for label in labels:
        if label.scheme != "role" or not label.entity_id or label.article_id not in by_id:
            continue
        article = by_id[label.article_id]
        text = str(article["original_text"])
        cast = RoleCasting(
            article_id=label.article_id,
            outlet=article.get("outlet"),
            role=label.label,
            score=float(label.score or 0.0),
            evidence=" ".join(text[label.start : label.end].split()),
            reliable=label.reliable,
            caveat=label.caveat,
        )
        names[label.entity_id] = label.entity_name or label.entity_id
        mine = castings.setdefault(label.entity_id, {})
        if label.article_id not in mine or cast.score > mine[label.article_id].score:
            mine[label.article_id] = cast
    flips = []
    for entity_id, by_article in castings.items():
        ordered = sorted(by_article.values(), key=lambda c: (c.outlet or "", c.article_id))
        heroes = {c.outlet or c.article_id for c in ordered if c.role == CASTS_AS_HERO}
        others = {c.outlet or c.article_id for c in ordered if c.role in CASTS_OTHERWISE}
        if any(h != o for h in heroes for o in others):
            flips.append(
                RoleFlip(
                    entity_id, names[entity_id], tuple(ordered), all(c.reliable for c in ordered)
                )
            )
    return sorted(flips, key=lambda f: (not f.reliable, -len(f.castings), f.name))


@dataclass(frozen=True)
class _Carried:
    """What each article of a story carries, read once for the omissions, the wording table
    and the co-occurrence, which all compare the articles on it."""

    speakers: dict[str, Counter[str]]
    """Article id -> quoted speaker -> how many quotes."""
    forms: dict[str, dict[str, list[str]]]
    """Article id -> entity id -> its surface forms there, in order of first use."""
    names: dict[str, str]
    """Entity id -> canonical name."""
    entity_spread: Counter[str]
    """Entity id -> how many articles name it."""
    speaker_spread: Counter[str]
    """Speaker -> how many articles quote them."""


def compare_story(store: Store, story_id: str) -> StoryComparison:
    """The side-by-side comparison of one story (by id or unique id prefix)."""
    row = find_story(store, story_id)
    articles = article_rows(store, story_article_ids(store, row.id))
    ids = [a["id"] for a in articles]
    groups = claim_group_rows(store, row.id, {a["id"]: str(a["original_text"]) for a in articles})
    claims_of = _claims_by_article(groups)
    carried = _carried(store, ids)
    labels = _framing_labels(store, ids)
    framing = _framing(labels)
    # what most articles carry (claim groups, quoted speakers, key entities), from three on
    common = _carried_by_most(len(articles), groups, carried) if len(articles) >= 3 else None
    columns = [
        _column(
            a,
            tuple(claims_of.get(a["id"], ())),
            _omitted(a["id"], common, carried) if common is not None else (),
            carried,
            framing.get(a["id"], {}),
        )
        for a in articles
    ]
    cooccurrence = _cooccurrence(carried)
    return StoryComparison(
        story=_story_listing(row, tuple(story_article_listings(store, row.id).get(row.id, ()))),
        columns=tuple(columns),
        claim_groups=tuple(groups),
        status_counts=dict(Counter(g.status for g in groups)),
        wording=tuple(_wording(articles, carried)[:30]),
        timeline=tuple(_merged_timeline(store, row.id, {a["id"]: a for a in articles})),
        cooccurrence=tuple(
            Cooccurrence(a=x, b=y, a_name=carried.names[x], b_name=carried.names[y], weight=w)
            for (x, y), w in cooccurrence.most_common(60)
        ),
        role_flips=tuple(role_flips(labels, articles)),
    )


def _carried(store: Store, article_ids: list[str]) -> _Carried:
    """Who each article quotes and how it names the story's entities (of STORY_TYPES), read
    for all the articles in two statements."""
    quotes = quotes_by_article(store, article_ids)
    mentions = mentions_by_article(store, article_ids)
    speakers_by_article: dict[str, Counter[str]] = {}
    entities_by_article: dict[str, dict[str, list[str]]] = {}
    names: dict[str, str] = {}
    for article_id in article_ids:
        speakers_by_article[article_id] = _quoted_speakers(quotes[article_id])
        entities_by_article[article_id] = _entity_forms(mentions[article_id], names)
    return _Carried(
        speakers=speakers_by_article,
        forms=entities_by_article,
        names=names,
        entity_spread=Counter(e for forms in entities_by_article.values() for e in forms),
        speaker_spread=Counter(s for sp in speakers_by_article.values() for s in sp),
    )


def _quoted_speakers(quotes: list[dict[str, Any]]) -> Counter[str]:
    """Quotes per speaker, named by entity when resolved, else as the article names them. A
    quote inside another quote ("He told me Joseph said …") is the source's account, not a
    source of the article: it is left out."""
    speakers: Counter[str] = Counter()
    for q in quotes:
        if q.get("nested_in") is not None:
            continue
        name = shown_speaker(q["entity_name"], q["speaker_name"], q["speaker_text"])
        if name:
            speakers[str(name)] += 1
    return speakers


def _entity_forms(mentions: list[dict[str, Any]], names: dict[str, str]) -> dict[str, list[str]]:
    """Entity id -> the article's distinct forms for it (whitespace normalised; in dictionary
    form where the language inflects names, so "Юрия Зенковича" is the spelling "Юрий
    Зенкович", not another designation); also fills ``names`` with each entity's canonical
    name."""
    forms: dict[str, list[str]] = {}
    for m in mentions:
        if m["type"] not in STORY_TYPES:
            continue
        names[m["entity_id"]] = m["name"]
        surface = " ".join(str(m.get("base") or m["text"]).split())
        bucket = forms.setdefault(m["entity_id"], [])
        if surface not in bucket:
            bucket.append(surface)
    return forms


def _claims_by_article(groups: list[ClaimGroupListing]) -> dict[str, list[ColumnClaim]]:
    """Article id -> its claims (group by group, in member order), each with the id and
    status of the group it was matched into (the last group listing a claim, should two)."""
    group_of = {m.claim_id: g for g in groups for m in g.members}
    found: dict[str, list[ColumnClaim]] = {}
    for g in groups:
        for m in g.members:
            found.setdefault(m.article_id, []).append(
                ColumnClaim(
                    group_id=group_of[m.claim_id].id,
                    status=group_of[m.claim_id].status,
                    text=m.text,
                    start=m.start,
                    end=m.end,
                    attributed_to=m.attributed_to,
                    hedges=m.hedges,
                )
            )
    return found


@dataclass(frozen=True)
class _Common:
    """What most of a story's articles carry, each in the order the omissions list it."""

    claims: list[tuple[ClaimGroupListing, set[str]]]
    """Claim groups with the articles stating them."""
    speakers: list[str]
    entities: list[str]


def _carried_by_most(n: int, groups: list[ClaimGroupListing], carried: _Carried) -> _Common:
    """The claim groups, speakers and entities carried by a majority of the ``n`` articles."""
    majority = n // 2 + 1
    stating = ((g, {m.article_id for m in g.members}) for g in groups)
    return _Common(
        claims=[(g, ids) for g, ids in stating if len(ids) >= majority],
        speakers=[s for s, quoted in carried.speaker_spread.items() if quoted >= majority],
        entities=[e for e, named in carried.entity_spread.items() if named >= majority],
    )


def _omitted(article_id: str, common: _Common, carried: _Carried) -> tuple[Omission, ...]:
    """The claims, speakers and entities most of the story's articles carry and this one
    does not: what an outlet leaves out is read against the others."""
    speakers, forms = carried.speakers[article_id], carried.forms[article_id]
    return (
        *(Omission(kind="claim", ref=g.id, text=g.summary)
          for g, ids in common.claims if article_id not in ids),
        *(Omission(kind="speaker", ref=s, text=s) for s in common.speakers if s not in speakers),
        *(Omission(kind="entity", ref=e, text=carried.names[e])
          for e in common.entities if e not in forms),
    )  # fmt: skip


def _column(
    a: dict[str, Any],
    claims: tuple[ColumnClaim, ...],
    omitted: tuple[Omission, ...],
    carried: _Carried,
    framing: dict[str, tuple[LabelListing, ...]],
) -> ComparisonColumn:
    """One article's column of the comparison (``a``: its row from ``article_rows``)."""
    article_id = a["id"]
    text = str(a["original_text"])
    return ComparisonColumn(
        article_id=article_id,
        outlet=a["outlet"],
        original_outlet=a["original_outlet"],
        copy_of=a["canonical_id"],
        title=a["title"],
        published=a["published"],
        url=a["url"],
        sources_quoted=tuple(
            SourceCount(name=s, count=c) for s, c in carried.speakers[article_id].most_common()
        ),
        claims=claims,
        status_counts=dict(Counter(c.status for c in claims)),
        omitted=omitted,
        designations={k: dict(v.most_common()) for k, v in designations(text).items()},
        framing=framing,
        language=a.get("language"),
        claims_compared=(a.get("language") or "en") in CLAIM_LANGUAGES,
        quotes_caveat=quote_caveat(a.get("language")),
    )


def _wording(articles: list[dict[str, Any]], carried: _Carried) -> list[Wording]:
    """The entities named in two or more articles that the outlets word differently, most
    widely named first."""
    wording = []
    for entity, named in carried.entity_spread.most_common():
        if named < 2:
            continue
        by_outlet = {
            str(a["outlet"] or a["id"][:10]): tuple(carried.forms[a["id"]][entity])
            for a in articles
            if entity in carried.forms[a["id"]]
        }
        if len({frozenset(v) for v in by_outlet.values()}) > 1:  # outlets word it differently
            wording.append(
                Wording(entity_id=entity, name=carried.names[entity], by_outlet=by_outlet)
            )
    return wording


def _cooccurrence(carried: _Carried) -> Counter[tuple[str, str]]:
    """How many articles name each pair of entities (ids in sorted order) together."""
    cooccurrence: Counter[tuple[str, str]] = Counter()
    for forms in carried.forms.values():
        # the pairs in the order of a loop over i < j, counted by Counter's C loop
        cooccurrence.update(combinations(sorted(forms), 2))
    return cooccurrence


def merged_timeline(store: Store, story_id: str | None = None) -> list[MergedEvent]:
    """The merged timeline (of one story or all), each event with the outlets telling it."""
    return _merged_timeline(store, None if story_id is None else find_story(store, story_id).id)


def _merged_timeline(
    store: Store, story_id: str | None, known: dict[str, dict[str, Any]] | None = None
) -> list[MergedEvent]:
    """``merged_timeline`` of a story id (None: all), the reporting articles' rows from
    ``known`` (``article_rows``'s, by id) where there, else read in one go."""
    from newsprism.stories.timeline import date_order

    events = sorted(timeline_rows(store, story_id), key=lambda e: (date_order(e.date), e.id))
    rows = dict(known or {})
    missing = sorted({r[0] for e in events for r in e.reports} - rows.keys())
    rows.update((r["id"], r) for r in article_rows(store, missing))
    found = []
    for e in events:
        reports = []
        for article_id, start, end in e.reports:
            row = rows[article_id]
            reports.append(
                EventReport(
                    article_id=article_id,
                    outlet=row["outlet"],
                    start=start,
                    end=end,
                    text=" ".join(str(row["original_text"])[start:end].split()),
                )
            )
        found.append(
            MergedEvent(
                date=e.date,
                granularity=e.granularity,
                story_id=e.story_id,
                outlets=tuple(sorted({str(r.outlet) for r in reports if r.outlet})),
                participants=e.participants,
                text=e.summary,
                summary=e.summary,
                reports=tuple(reports),
                dated_by=e.dated_by,
            )
        )
    return found


FRAMING_ROWS = ("technique", "role", "topic", "narrative", "frame", "genre")
"""The framing schemes a comparison shows, in this order."""


def shown_label(label: LabelListing) -> str:
    """A label as a comparison shows it: its entity first for a role, marked when it is not
    a finding (the reasons are listed once, by :func:`comparison_caveats`)."""
    text = f"{label.entity_name}: {label.label}" if label.entity_name else str(label.label)
    return text if label.reliable else f"{text} (unreliable)"


def shown_sources(column: ComparisonColumn) -> str:
    """A column's quoted sources as a comparison shows them, marked when their language's
    quote speakers are not findings (quote_trust.py)."""
    names = ", ".join(s.name for s in column.sources_quoted[:6])
    return f"{names} (unreliable)" if column.quotes_caveat and column.sources_quoted else names


def comparison_caveats(comparison: StoryComparison) -> list[str]:
    """Each distinct reason a label or quoted source shown in the comparison is unreliable."""
    found: dict[str, None] = {}
    for c in comparison.columns:
        for scheme in FRAMING_ROWS:
            for label in c.framing.get(scheme, ())[:3]:
                if not label.reliable:
                    found[label.caveat] = None
    quoted = {c.quotes_caveat for c in comparison.columns if c.quotes_caveat and c.sources_quoted}
    return list(found) + sorted(quoted)


def compare_markdown(comparison: StoryComparison) -> str:
    """The comparison as Markdown: one column per article (cells escaped for tables)."""

    def cell(value: object) -> str:
        return " ".join(str(value).split()).replace("|", "\\|").replace("<", "&lt;")

    story = comparison.story
    columns = comparison.columns
    lines = [f"# {cell(story.label)}", "", f"story `{story.id}`", ""]
    header = [cell(c.outlet or c.article_id[:10]) for c in columns]
    lines.append("| | " + " | ".join(header) + " |")
    lines.append("|---" * (len(columns) + 1) + "|")

    def row(name: str, values: list[str]) -> None:
        lines.append(f"| {name} | " + " | ".join(values) + " |")

    row("headline", [cell(c.title or "") for c in columns])
    row("published", [cell(c.published or "?") for c in columns])
    row("sources quoted", [cell(shown_sources(c)) for c in columns])
    for status in STATUSES:
        row(status.replace("_", "-"), [str(c.status_counts.get(status, 0)) for c in columns])
    row("omits", [cell("; ".join(o.text[:60] for o in c.omitted[:5])) for c in columns])
    row(
        "designations",
        [
            cell("; ".join(f"{k}: {', '.join(v)}" for k, v in c.designations.items()))
            for c in columns
        ],
    )
    for w in comparison.wording[:10]:
        row(
            f"says {cell(w.name)}",
            [
                cell(" / ".join(w.by_outlet.get(str(c.outlet or c.article_id[:10]), ())))
                for c in columns
            ],
        )
    for scheme in FRAMING_ROWS:
        if any(scheme in c.framing for c in columns):
            row(
                scheme,
                [
                    cell(", ".join(shown_label(x) for x in c.framing.get(scheme, ())[:3]))
                    for c in columns
                ],
            )
    caveats = comparison_caveats(comparison)
    if caveats:
        lines += ["", "Labels marked (unreliable) are not findings:", ""]
        lines += [f"- {cell(reason)}" for reason in caveats]
    if comparison.role_flips:
        lines += ["", "## Role flips", ""]
        for flip in comparison.role_flips:
            mark = "" if flip.reliable else " (unreliable: see the roles' caveat above)"
            lines.append(f"- **{cell(flip.name)}**{mark}")
            for c in flip.castings:
                lines.append(
                    f"  - {cell(c.outlet or c.article_id[:10])}: {c.role} ({c.score:.2f})"
                    f" — “{cell(c.evidence[:200])}”"
                )
    lines += ["", "## Claims", ""]
    order = {s: i for i, s in enumerate(STATUSES)}
    for g in sorted(comparison.claim_groups, key=lambda g: order.get(g.status, 3)):
        if len(g.members) < 2 and g.status == "single_source":
            continue
        lines.append(f"- **{g.status}** ({cell(', '.join(g.outlets))}): {cell(g.summary)}")
        for reason in g.reasons:
            lines.append(f"  - {cell(reason)}")
        if g.omitted_by:
            lines.append(f"  - omitted by {cell(', '.join(g.omitted_by))}")
    lines += ["", "## Timeline", ""]
    for e in comparison.timeline:
        dated = "" if e.dated_by == "text" else f" (dated by the {e.dated_by})"
        lines.append(f"- {e.date}{dated}: {cell(e.summary)}")
    return "\n".join(lines) + "\n"
