"""The merged cross-article timeline scored on the SemEval-2015 Task 4 (TimeLine) trial data.

The release holds news articles as NAF XML (``*corpus*/*.xml``: tokens with sentence and
word numbers; sentence 0 is the title, sentence 1 the date line, e.g. "June 8 , 2010") and one
gold timeline per target entity (``*timelines*/*.txt``: the entity, then lines
``ORDER<TAB>DATE<TAB>DOC-SENT-WORD[<TAB>DOC-SENT-WORD...]``). Several mentions on one line
are one event told by several documents; DATE is ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or
``XXXX-XX-XX`` (undated; a partly known "2010-XX-XX" is read as the year 2010, and the one
"XXX-XX-XX" of the trial as undated). A mention names its token by sentence number and
word ("16844-2-unveiled"), so it is mapped to the first token of that sentence with that
text (case-insensitive; a multi-word mention, "4954-2-court_case", by its first word). One
trial mention names a document the release does not hold (9590); it is reported, not scored.

Every article is written as newsprism text (``naf_to_text``: the title, the date line, then
the sentences, so the ingester reads the date line as the publication date that relative
expressions resolve against), the whole folder goes through the normal pipeline
(``analyze``, ``understand_corpus``, ``build_stories``) into a temporary store, and the
merged timeline (``timeline_events``: each event a date and the sentences that tell it,
``reports``) is compared with the gold. A system *member* is one report of one event: an
article's sentence span carrying the event's (merged) date, the date the timeline shows.

Two simple measures, both ours:

- **Event dating.** Over the gold mentions with a date (not ``XXXX``): a mention is *found*
  when some member's sentence in its document holds the mention's first character, and
  *correct* when one of those members' dates agrees with the gold date at the gold's
  granularity (gold 2010-06 accepts 2010-06 and 2010-06-07, not 2010; gold 2010-06-07
  accepts 2010-06-07 and 2010-06-07T14:00, not 2010-06; a week 2010-W23 only agrees with a
  gold year). Recall = correct / dated gold mentions; recall *before merging* scores the
  dated sentences (``events``: a sentence once per date it mentions) instead of the merged
  events, to tell dating errors from merging ones. Precision is over the members whose
  sentence holds at least one dated gold mention: correct when the member's date agrees with
  one of them (members on sentences the gold does not annotate are not counted: the gold
  timelines only cover events of the target entities, so an unannotated dated sentence is
  not an error).
- **Cross-document merging.** Gold pairs are mentions from different documents on one
  dated gold line. A gold pair is recovered when one system event has members holding both
  mentions. Precision is over the system's cross-document member pairs of one event whose
  sentences both hold a dated gold mention: correct when some gold pair links them. The
  system merges only within a story, so the gold pairs whose documents were filed under
  different predicted stories are counted apart (they cannot be recovered by merging).

Baseline, by the same measures: every sentence is an event on its article's publication
date (the date line), and events of one date are merged, across articles too
(``DateLineBaseline``). The measures' code counts it on the gold sentences: a dated gold
mention is correct when its article's date agrees with the gold date, a gold sentence is a
member, and a gold pair is recovered when its two articles share a date. Coverage ("found")
and the story split have no baseline: every sentence is on the baseline's timeline, so it
finds every mention by construction, and it has no stories.

These are NOT the task's official measure (temporal awareness, which needs the task's
scorer, its timegraph closure and the test corpus): the published anchor,
the best main-track F1 of 7.85 (Minard et al. 2015, SemEval-2015 Task 4 test corpus, official
metric), is shown only as a reference point of another metric on another split. The trial
corpus is a dev set for this project, but nothing in the timeline stage was tuned on it.

``--data PATH`` scores any folder of the same release layout.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations
from pathlib import Path

from newsprism.errors import UsageError
from newsprism.eval import analysed_store, f1_score
from newsprism.eval.stories import naf_to_text
from newsprism.store import scoring

DEFAULT_SUBDIR = "semeval2015-t4-timeline"
ANCHOR_F1 = 0.0785
ANCHOR_SOURCE = (
    "best SemEval-2015 T4 main-track F1 7.85 (Minard et al. 2015), official temporal-awareness"
    " metric on the test corpus: another metric and split, not comparable"
)

Mention = tuple[str, int, str]
"""(document id, sentence number, word) as the gold names it."""


@dataclass
class GoldTimelines:
    dates: dict[Mention, set[str]] = field(default_factory=dict)
    """Each gold mention -> its gold dates (normally one; "" when undated)."""
    pairs: set[frozenset[Mention]] = field(default_factory=set)
    """Cross-document pairs of mentions on one dated gold line."""
    timelines: int = 0


def find_data(folder: Path) -> tuple[list[Path], list[Path]]:
    """The release's NAF documents and timeline files under ``folder``."""
    if not folder.is_dir():
        raise UsageError(f"{folder}: not a folder")
    documents = sorted(folder.glob("*corpus*/*.xml")) or sorted(folder.glob("*.xml"))
    timelines = sorted(folder.glob("*timeline*/*.txt"))
    if not documents or not timelines:
        raise UsageError(
            f"{folder}: expected the SemEval-2015 Task 4 layout, NAF files in *corpus*/*.xml"
            " and gold timelines in *timelines*/*.txt"
        )
    return documents, timelines


def document_id(path: Path) -> str:
    """The NAF ``doc_id`` ("16844"), else the file name's leading number."""
    root = ET.parse(path).getroot()
    return root.get("doc_id") or re.split(r"[-_]", path.name, maxsplit=1)[0]


def token_offsets(path: Path, text: str) -> dict[tuple[int, str], int]:
    """(sentence, lowercased word) -> character offset in ``text`` of the first such token.

    ``text`` is ``naf_to_text(path)``, which only drops or adds whitespace between tokens,
    so the tokens are found in order."""
    offsets: dict[tuple[int, str], int] = {}
    cursor = 0
    root = ET.parse(path).getroot()
    tokens = sorted(
        root.iter("token"),
        key=lambda t: (int(t.get("sentence", "0")), int(t.get("number", "0"))),
    )
    for token in tokens:
        word = token.text or ""
        if not word:
            continue
        at = text.find(word, cursor)
        if at < 0 or text[cursor:at].strip():
            raise UsageError(f"{path}: token {word!r} not found in order in the article text")
        offsets.setdefault((int(token.get("sentence", "0")), word.lower()), at)
        cursor = at + len(word)
    return offsets


def gold_date(value: str) -> str:
    """A gold DATE at its granularity: "2010-06-XX" -> "2010-06", "2010-XX-XX" -> "2010";
    "" when the year is unknown ("XXXX-XX-XX", and the trial's one "XXX-XX-XX")."""
    parts = value.strip().split("-")
    while parts and "X" in parts[-1].upper():
        parts.pop()
    return "-".join(parts) if parts and parts[0].isdigit() else ""


def read_gold(timelines: list[Path]) -> GoldTimelines:
    gold = GoldTimelines(timelines=len(timelines))
    for path in timelines:
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 3:
                continue
            value = gold_date(fields[1])
            mentions: list[Mention] = []
            for raw in fields[2:]:
                parts = raw.strip().split("-", 2)
                if len(parts) == 3 and parts[1].isdigit():
                    mentions.append((parts[0], int(parts[1]), parts[2]))
            for m in mentions:
                gold.dates.setdefault(m, set()).add(value)
            if not value:
                continue
            for a, b in combinations(mentions, 2):
                if a[0] != b[0]:
                    gold.pairs.add(frozenset((a, b)))
    return gold


def date_agrees(gold: str, system: str) -> bool:
    """The system date says the gold date at the gold's granularity (a range: both ends)."""
    if "/" in system:
        return all(date_agrees(gold, end) for end in system.split("/"))
    return system == gold or (system.startswith(gold) and system[len(gold)] in "-T")


@dataclass(frozen=True)
class Member:
    event: str
    story: str
    document: str
    start: int
    end: int
    date: str


@dataclass
class DateLineBaseline:
    """Counts of the baseline timeline: each sentence an event on its article's date."""

    correct: int = 0
    """Dated gold mentions whose article's date agrees with the gold date."""
    scored_members: int = 0
    """Sentences holding at least one dated gold mention."""
    correct_members: int = 0
    recovered_pairs: int = 0
    system_pairs: int = 0
    linked_system_pairs: int = 0


@dataclass
class TimelineEval:
    documents: int = 0
    timelines: int = 0
    gold_mentions: int = 0
    dated_mentions: int = 0
    unmapped: list[Mention] = field(default_factory=list)
    """Gold mentions whose token could not be found (their document or word is missing)."""
    found: int = 0
    correct: int = 0
    correct_before_merge: int = 0
    """Dated gold mentions whose sentence carries the gold date before events are merged
    (the ``events`` table: one row per date a sentence mentions)."""
    members: int = 0
    """System timeline members (all events, all articles)."""
    scored_members: int = 0
    correct_members: int = 0
    gold_pairs: int = 0
    recovered_pairs: int = 0
    pairs_split_by_story: int = 0
    system_pairs: int = 0
    linked_system_pairs: int = 0
    stories: int = 0
    events: int = 0
    seconds: float = 0.0
    errors: list[tuple[Mention, str, list[str]]] = field(default_factory=list)
    """Found but wrongly dated mentions: (mention, gold date, system dates)."""
    baseline: DateLineBaseline = field(default_factory=DateLineBaseline)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    @property
    def dating_recall(self) -> float:
        return self._ratio(self.correct, self.dated_mentions)

    @property
    def dating_precision(self) -> float:
        return self._ratio(self.correct_members, self.scored_members)

    @property
    def dating_f1(self) -> float:
        return f1_score(self.dating_precision, self.dating_recall)

    @property
    def found_share(self) -> float:
        return self._ratio(self.found, self.dated_mentions)

    @property
    def merge_recall(self) -> float:
        return self._ratio(self.recovered_pairs, self.gold_pairs)

    @property
    def merge_precision(self) -> float:
        return self._ratio(self.linked_system_pairs, self.system_pairs)

    def rows(self) -> list[tuple[str, float, float | None, float | None]]:
        """(metric, ours, anchor, baseline) for the CLI's table; the anchor sits beside dating
        F1 only; coverage and the story split have no baseline (see the module notes)."""
        b, n = self.baseline, self.dated_mentions
        recall = self._ratio(b.correct, n)
        precision = self._ratio(b.correct_members, b.scored_members)
        return [
            (f"dated gold mentions found ({self.found}/{n})", self.found_share, None, None),
            (f"dating recall ({self.correct}/{n})", self.dating_recall, None, recall),
            (f"dating recall before merging ({self.correct_before_merge}/{n})",
             self._ratio(self.correct_before_merge, n), None, recall),
            (f"dating precision ({self.correct_members}/{self.scored_members} members)",
             self.dating_precision, None, precision),
            ("dating F1 (anchor: official TA F1, not comparable)", self.dating_f1, ANCHOR_F1,
             f1_score(precision, recall)),
            (f"cross-doc merge recall ({self.recovered_pairs}/{self.gold_pairs} gold pairs)",
             self.merge_recall, None, self._ratio(b.recovered_pairs, self.gold_pairs)),
            (f"cross-doc merge precision ({self.linked_system_pairs}/{self.system_pairs}"
             " system pairs)", self.merge_precision, None,
             self._ratio(b.linked_system_pairs, b.system_pairs)),
            (f"gold pairs split across predicted stories ({self.pairs_split_by_story})",
             self._ratio(self.pairs_split_by_story, self.gold_pairs), None, None),
        ]  # fmt: skip


def _run_pipeline(
    folder: Path, progress: Callable[[str], None] | None
) -> tuple[dict[str, str], list[Member], list[Member]]:
    """Analyse ``folder`` into a fresh store; return (article source -> story, timeline
    members, dated sentences before merging)."""
    # one process: a few dozen short articles do not repay loading spaCy per worker
    with analysed_store([folder], folder, progress, workers=1) as store:
        sources = {r[0]: (r[1], r[2] or "") for r in scoring.article_stories(store)}
        events = scoring.timeline_reports(store)
        sentences = scoring.dated_sentences(store)
    stories = {source: story for source, story in sources.values()}
    members = [
        Member(event_id, story_id, sources[article][0], int(start), int(end), value)
        for event_id, story_id, value, reports in events
        for article, start, end in json.loads(reports)
        if article in sources
    ]
    dated = [
        Member(str(i), sources[article][1], sources[article][0], int(start), int(end), value)
        for i, article, start, end, value in sentences
        if article in sources
    ]
    return stories, members, dated


def score(data: Path, progress: Callable[[str], None] | None = None) -> TimelineEval:
    """Run the pipeline on the release under ``data`` and score its merged timeline."""
    started = time.perf_counter()
    documents, timelines = find_data(data)
    try:
        gold = read_gold(timelines)
    except UnicodeDecodeError as exc:
        raise UsageError(f"{data}: a timeline file is not UTF-8 text ({exc})") from None
    result = TimelineEval(documents=len(documents), timelines=len(timelines))
    with tempfile.TemporaryDirectory(prefix="newsprism-timeline-articles-") as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        offsets, by_source = _write_articles(documents, folder)
        stories, members, sentences = _run_pipeline(folder, progress)
    doc_story, members, sentences = _by_document_id(by_source, stories, members, sentences)
    result.members = len(members)
    result.events = len({m.event for m in members})
    result.stories = len(set(doc_story.values()))
    by_doc = _group_by_document(members)
    position = _gold_positions(gold, offsets, result)
    sentences_by_doc = _group_by_document(sentences)
    member_mentions = _score_dating(gold, position, by_doc, sentences_by_doc, result)
    _score_gold_pairs(gold, doc_story, position, by_doc, result)
    _score_system_pairs(gold, member_mentions, result)
    _score_baseline(gold, {document_id(p): publication_date(p) for p in documents}, result)
    result.seconds = time.perf_counter() - started
    return result


def publication_date(path: Path) -> str | None:
    """A NAF document's date line (sentence 1, "June 8 , 2010") as "2010-06-08"; None when
    that line is no date."""
    root = ET.parse(path).getroot()
    line = " ".join(t.text or "" for t in root.iter("token") if t.get("sentence") == "1")
    try:
        return datetime.strptime(line.replace(" ,", ","), "%B %d, %Y").date().isoformat()
    except ValueError:
        return None


def _score_baseline(
    gold: GoldTimelines, dates: dict[str, str | None], result: TimelineEval
) -> None:
    """Count the date-line baseline into ``result.baseline``: every gold sentence an event on
    its article's date, events of one date merged across articles."""
    b = result.baseline
    sentence_dates: dict[tuple[str, int], set[str]] = {}
    sentence_mentions: dict[tuple[str, int], set[Mention]] = {}
    for mention, values in gold.dates.items():
        dated, day = {v for v in values if v}, dates.get(mention[0])
        if not dated or day is None:
            continue
        sentence_dates.setdefault(mention[:2], set()).update(dated)
        sentence_mentions.setdefault(mention[:2], set()).add(mention)
        b.correct += any(date_agrees(v, day) for v in dated)
    b.scored_members = len(sentence_dates)
    b.correct_members = sum(
        any(date_agrees(v, dates[doc] or "") for v in values)
        for (doc, _), values in sentence_dates.items()
    )
    b.recovered_pairs = sum(
        dates.get(x[0]) is not None and dates.get(x[0]) == dates.get(y[0])
        for x, y in (sorted(pair) for pair in gold.pairs)
    )
    for x, y in combinations(sorted(sentence_mentions), 2):
        if x[0] == y[0] or dates[x[0]] != dates[y[0]]:
            continue
        b.system_pairs += 1
        b.linked_system_pairs += any(
            frozenset((p, q)) in gold.pairs
            for p in sentence_mentions[x]
            for q in sentence_mentions[y]
        )


def _write_articles(
    documents: list[Path], folder: Path
) -> tuple[dict[str, dict[tuple[int, str], int]], dict[str, str]]:
    """Write each NAF document into ``folder`` as newsprism text; return (document id ->
    token offsets in that text, written file -> document id), to map gold mentions and the
    store's articles back to the release's documents."""
    offsets: dict[str, dict[tuple[int, str], int]] = {}
    by_source: dict[str, str] = {}
    for path in documents:
        try:
            text = naf_to_text(path)
            doc = document_id(path)
        except (ET.ParseError, ValueError, IndexError) as exc:
            raise UsageError(f"{path}: not a NAF document ({exc})") from None
        target = folder / (path.stem + ".txt")
        target.write_text(text, encoding="utf-8")
        offsets[doc] = token_offsets(path, text)
        by_source[str(target.resolve())] = doc
    return offsets, by_source


def _by_document_id(
    by_source: dict[str, str],
    stories: dict[str, str],
    members: list[Member],
    sentences: list[Member],
) -> tuple[dict[str, str], list[Member], list[Member]]:
    """(document id -> story, members, dated sentences) with each article source replaced by
    its release document id, as the gold names documents (sources outside it are dropped)."""
    doc_of = {Path(source).resolve(): doc for source, doc in by_source.items()}
    doc_story = {
        doc_of[Path(source).resolve()]: story
        for source, story in stories.items()
        if Path(source).resolve() in doc_of
    }
    members, sentences = (
        [
            Member(m.event, m.story, doc_of[Path(m.document).resolve()], m.start, m.end, m.date)
            for m in group
            if Path(m.document).resolve() in doc_of
        ]
        for group in (members, sentences)
    )
    return doc_story, members, sentences


def _group_by_document(members: list[Member]) -> dict[str, list[Member]]:
    """Members by document, so a mention is only looked for in its own document."""
    by_doc: dict[str, list[Member]] = {}
    for m in members:
        by_doc.setdefault(m.document, []).append(m)
    return by_doc


def _gold_positions(
    gold: GoldTimelines, offsets: dict[str, dict[tuple[int, str], int]], result: TimelineEval
) -> dict[Mention, int]:
    """Each gold mention's character offset in its article text; the mentions that cannot be
    placed go to ``result.unmapped`` (reported, not scored)."""
    position: dict[Mention, int] = {}
    for mention in gold.dates:
        word = mention[2].split("_")[0].lower()  # "court_case": its first token
        at = offsets.get(mention[0], {}).get((mention[1], word))
        if at is None:
            result.unmapped.append(mention)
        else:
            position[mention] = at
    result.gold_mentions = len(gold.dates)
    return position


def _holding(
    mention: Mention, position: dict[Mention, int], where: dict[str, list[Member]]
) -> list[Member]:
    """The members of ``where`` whose sentence span holds the mention's first character."""
    at = position.get(mention)
    if at is None:
        return []
    return [m for m in where.get(mention[0], []) if m.start <= at < m.end]


def _score_dating(
    gold: GoldTimelines,
    position: dict[Mention, int],
    by_doc: dict[str, list[Member]],
    sentences_by_doc: dict[str, list[Member]],
    result: TimelineEval,
) -> dict[Member, set[Mention]]:
    """Count event dating (recall after and before merging, precision over the members on
    annotated sentences) into ``result``; return each scored member's dated gold mentions,
    which the merging score pairs up."""
    dated = {m: {d for d in ds if d} for m, ds in gold.dates.items()}
    dated = {m: ds for m, ds in dated.items() if ds}
    result.dated_mentions = len(dated)
    member_gold: dict[Member, set[str]] = {}
    member_mentions: dict[Member, set[Mention]] = {}
    for mention, values in sorted(dated.items()):
        found = _holding(mention, position, by_doc)
        for m in found:
            member_gold.setdefault(m, set()).update(values)
            member_mentions.setdefault(m, set()).add(mention)
        if not found:
            continue
        result.found += 1
        before = _holding(mention, position, sentences_by_doc)
        if any(date_agrees(v, s.date) for v in values for s in before):
            result.correct_before_merge += 1
        if any(date_agrees(v, m.date) for v in values for m in found):
            result.correct += 1
        else:
            result.errors.append((mention, sorted(values)[0], sorted({m.date for m in found})))
    result.scored_members = len(member_gold)
    result.correct_members = sum(
        any(date_agrees(v, m.date) for v in values) for m, values in member_gold.items()
    )
    return member_mentions


def _score_gold_pairs(
    gold: GoldTimelines,
    doc_story: dict[str, str],
    position: dict[Mention, int],
    by_doc: dict[str, list[Member]],
    result: TimelineEval,
) -> None:
    """Count the gold pairs one system event recovers, and those split across predicted
    stories (which merging, done within a story, cannot recover), into ``result``."""
    result.gold_pairs = len(gold.pairs)
    for pair in gold.pairs:
        a, b = sorted(pair)
        if doc_story.get(a[0]) != doc_story.get(b[0]):
            result.pairs_split_by_story += 1
        held_a = {m.event for m in _holding(a, position, by_doc)}
        if held_a & {m.event for m in _holding(b, position, by_doc)}:
            result.recovered_pairs += 1


def _score_system_pairs(
    gold: GoldTimelines, member_mentions: dict[Member, set[Mention]], result: TimelineEval
) -> None:
    """Count the system's cross-document member pairs of one event (on annotated sentences)
    and those some gold pair links, into ``result``: the merging precision."""
    by_event: dict[str, list[Member]] = {}
    for m in member_mentions:
        by_event.setdefault(m.event, []).append(m)
    for group in by_event.values():
        for x, y in combinations(sorted(group, key=lambda m: (m.document, m.start)), 2):
            if x.document == y.document:
                continue
            result.system_pairs += 1
            if any(
                frozenset((p, q)) in gold.pairs
                for p in member_mentions[x]
                for q in member_mentions[y]
            ):
                result.linked_system_pairs += 1
