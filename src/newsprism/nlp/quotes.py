"""Who is reported as saying what: direct, indirect, "according to" and mixed quotes.

The stage works on the spaCy parses of an article's clean paragraphs and returns
:class:`~newsprism.records.Quote` records whose spans index the article's original text.

How it finds them, in order:

1. Quotation marks are paired by a small scanner (typographic, straight, guillemets, „…“,
   ``''…''``, single quotes inside double ones). A paragraph that leaves a quote open continues
   into the next one when that one opens with a quote mark or closes the quote first (the
   newspaper convention for quotes running over several paragraphs).
2. Reported speech comes from the dependency parse: a verb of the speech/cognition lexicons
   below with a subject (the speaker) and a clausal complement (the content); also an aside
   ("The risk, he said, is …"), a speech act with its object ("accused Clinton of lying") and
   a speech verb whose object holds a quotation. When the content is in fact a quotation the
   quote is direct; when it only holds a quoted fragment, it is "mixed".
3. Paragraphs opening with a speaker's name and a colon ("TAPPER: …", "Lavrov: '…'").
4. "according to X" attributes the rest of its clause to X.
5. A quotation the parse did not attach is attributed through its neighbourhood: a cue verb
   and subject right after it ("…,” Putin said", "…," said Lavrov, "…”, – quotes the words of
   X") or right before it ("X told the media: “…”", "According to X: “…”").
6. A quotation with no cue of its own takes the speaker (and cue) of the quote just before it
   in the paragraph, or, for a paragraph that opens with a quotation, of the paragraph before
   when that one ends in a colon ("…, adding:") or with an attributed quotation. Quotations
   left over are kept, unattributed, only when they stand as sentences (not scare quotes).
7. Quotes inside quotes get ``nested_in``, and a speaker when the outer quote names one
   ("He asked me 'Will you …'"); so does reported speech inside another quote's content.

Speakers are resolved within the article: a name to the fullest form of that name
("Lavrov" -> "Sergei Lavrov"), cutting NER runs that glue a known surname to other names
("Yarosh Sputnik Belarus" -> "Yarosh", i.e. Andrei Yarosh); a pronoun to the most recent
speaker or person named outside quotations and reported contents; a title ("the Belarusian
leader", "the ministry") to the last PERSON/ORG named with that title or modifier. A
third-person pronoun inside a quote never resolves to that quote's own speaker. When nothing
is clear, ``speaker_entity`` stays None.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsprism.nlp.models import spacy_pipeline
from newsprism.nlp.spans import SpanIndex
from newsprism.records import Quote, Span

STAGE = "quotes.v1"

# -- lexicons -------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SPEECH_VERBS = _words(
    """
    say tell add claim state argue insist warn note explain announce report declare suggest
    assert contend maintain acknowledge admit deny confirm reveal write tweet post predict
    promise vow pledge threaten urge ask demand reply respond answer comment remark observe
    allege charge accuse complain concede estimate recall stress emphasize emphasise indicate
    mention testify reiterate repeat joke quip boast brag lament speculate hint imply conclude
    agree caution counter retort recount propose recommend advise shout yell scream whisper
    inform assure guarantee swear forecast find show signal disclose clarify elaborate proclaim
    wonder question inquire protest object affirm opine muse reason continue rule determine
    acknowledge admit confess point tout praise criticize criticise slam blast dismiss
    describe call order instruct read quote
    """
)
"""Verbs that report speech or writing."""

COGNITION_VERBS = _words(
    """
    believe think feel know expect hope fear worry doubt suspect understand realize realise
    recognize recognise assume guess reckon learn hear consider wish imagine presume suppose
    trust anticipate remember forget notice discover figure decide
    """
)
"""Verbs that report a thought or belief: PolNeAR and PARC count them as attribution."""

CUE_VERBS = SPEECH_VERBS | COGNITION_VERBS

# verbs whose content may be an infinitive ("vowed to", "urged Congress to")
XCOMP_VERBS = _words("promise vow pledge threaten urge ask demand warn order instruct advise call")

# verbs that introduce a quotation only when right beside it, not through a clause
_DIRECT_ONLY = _words("call describe read praise criticize criticise slam blast dismiss continue")

# speech verbs whose object can be what was said ("condemned ''such a murderous attack''")
_OBJECT_SPEECH = _words(
    """
    say tell warn claim describe call label dub condemn praise criticize criticise slam blast
    denounce decry dismiss deny reject accuse promise pledge vow announce declare demand urge
    predict repeat reiterate stress emphasize emphasise mention cite quote write tweet
    """
)

# speech acts whose object is what they say about whom: PolNeAR counts "accused X of Y"
_ACT_VERBS = _words(
    "accuse criticize criticise condemn blast slam denounce deny reject announce praise urge"
)

# nouns of "the words/statement of X" and "a statement by X saying ..."
_SPEECH_NOUNS = _words(
    """
    word statement remark comment quote release communique message letter interview post tweet
    report announcement speech address note
    """
)

PERSON_TITLES = _words(
    """
    president leader minister premier chancellor spokesman spokeswoman spokesperson senator
    governor secretary chief head representative ambassador mayor king queen prince candidate
    nominee official director chairman chairwoman chair general commander prosecutor judge
    lawyer attorney adviser advisor aide diplomat envoy deputy congressman congresswoman
    lawmaker officer author founder ceo executive manager counterpart pm
    """
)
"""Head nouns of titles that stand for a person already named ("the Belarusian leader")."""

ORG_TITLES = _words(
    """
    ministry agency committee department service office government council company campaign
    party court police kremlin administration commission bureau authority authorities
    organization organisation union group firm army military embassy cabinet parliament
    """
)
"""Head nouns that stand for an organisation already named ("the ministry")."""

_HONORIFICS = _words(
    """
    mr mrs ms miss dr sen rep gov gen lt col sgt prof rev president prime minister secretary
    senator governor sir lord lady madam mister
    """
)

_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_GROUP_PRONOUNS = frozenset({"they", "them"})

# -- quotation marks ------------------------------------------------------------------------

_OPEN_DOUBLE = "“„«"
_CLOSE_DOUBLE = "”»"
_OPEN_SINGLE = "‘‹‚"
_CLOSE_SINGLE = "’›"
_ALL_MARKS = "\"'“”„«»‘’‹›‚`"
_OPENER_BEFORE = "([{—–-:/…" + _ALL_MARKS
_CLOSER_AFTER = ".,;:!?)]}—–-…" + _ALL_MARKS
_SENTENCE_END = frozenset({".", "!", "?", ";", "…"})


@dataclass
class _Mark:
    pos: int
    length: int
    double: bool
    role: str
    """"open", "close", or "either" (a straight mark whose side the context does not tell)."""


@dataclass
class _QSpan:
    """One quotation, by its marks, in text offsets (marks included)."""

    start: int
    end: int
    double: bool
    parent: int | None = None
    closed: bool = True


def _scan_marks(s: str) -> list[_Mark]:
    marks: list[_Mark] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        prev = s[i - 1] if i > 0 else " "
        pair = s[i : i + 2]
        if pair in ("''", "``", "’’", "‘‘"):
            nxt = s[i + 2] if i + 2 < n else " "
            if pair in ("``", "‘‘"):
                role = "open"
            elif pair == "’’":
                role = "close"
            else:
                role = _straight_role(prev, nxt)
            if role:
                marks.append(_Mark(i, 2, True, role))
            i += 2
            continue
        nxt = s[i + 1] if i + 1 < n else " "
        if c in _OPEN_DOUBLE:
            marks.append(_Mark(i, 1, True, "open" if c != "“" else "open?"))
        elif c in _CLOSE_DOUBLE:
            marks.append(_Mark(i, 1, True, "close"))
        elif c == '"':
            role = _straight_role(prev, nxt) or "either"
            marks.append(_Mark(i, 1, True, role))
        elif c in _OPEN_SINGLE:
            if not nxt.isspace():
                marks.append(_Mark(i, 1, False, "open"))
        elif c in _CLOSE_SINGLE or c == "'":
            if prev.isalnum() and nxt.isalnum():
                pass  # an apostrophe: don't, Clinton's
            elif _opens(prev) and not nxt.isspace() and not nxt.isdigit():
                marks.append(_Mark(i, 1, False, "open"))
            elif not prev.isspace() and (nxt.isspace() or nxt in _CLOSER_AFTER):
                marks.append(_Mark(i, 1, False, "close"))
        i += 1
    return marks


def _opens(prev: str) -> bool:
    return prev.isspace() or prev in _OPENER_BEFORE


def _straight_role(prev: str, nxt: str) -> str:
    if _opens(prev) and not nxt.isspace():
        return "open"
    if not prev.isspace() and (nxt.isspace() or nxt in _CLOSER_AFTER or nxt.isalnum()):
        return "close"
    return ""


def _find_quotes(paragraphs: Sequence[tuple[int, str]]) -> list[_QSpan]:
    """Pair quotation marks across the article's paragraphs (text offsets)."""
    quotes: list[_QSpan] = []
    per_para = [(off, s, _scan_marks(s)) for off, s in paragraphs]
    # stack of (index into quotes, opening mark was "„")
    stack: list[tuple[int, bool]] = []

    def art_char(pos: int) -> str:
        for off, s, _ in per_para:
            if off <= pos < off + len(s):
                return s[pos - off]
        return ""

    def close_double(pos: int, length: int) -> None:
        """Close the innermost open double quote, and any single ones left open inside it."""
        for depth in range(len(stack) - 1, -1, -1):
            q = quotes[stack[depth][0]]
            if q.double:
                for qi, _ in stack[depth + 1 :]:
                    quotes[qi].end = pos  # an unclosed inner quote ends with the outer one
                    quotes[qi].closed = False
                q.end = pos + length
                del stack[depth:]
                return
        # a closing mark with no opener: its quote is unknown, so it is ignored

    for p, (off, s, marks) in enumerate(per_para):
        skip_first_open = False
        if stack and marks and marks[0].double and marks[0].role.startswith("open"):
            skip_first_open = not s[: marks[0].pos].strip()
        for k, m in enumerate(marks):
            pos = off + m.pos
            if k == 0 and skip_first_open:
                continue  # the re-opening mark of a quote running over paragraphs
            role = m.role
            open_double = next((i for i, _ in reversed(stack) if quotes[i].double), None)
            if role == "open?":  # “ opens, except as the closer of „
                role = "close" if stack and stack[-1][1] else "open"
            if role == "either":
                role = "close" if open_double is not None else "open"
            if (
                m.double
                and role == "open"
                and open_double is not None
                and s[m.pos] == '"' == art_char(quotes[open_double].start)
            ):
                role = "close"  # a straight mark does not open a quote inside a straight one
            if role == "open":
                parent = stack[-1][0] if stack else None
                quotes.append(_QSpan(pos, pos, m.double, parent))
                stack.append((len(quotes) - 1, s[m.pos] == "„"))
            elif m.double:
                close_double(pos, m.length)
            elif stack and not quotes[stack[-1][0]].double:
                qi, _ = stack.pop()
                quotes[qi].end = pos + m.length
        # paragraph end: singles never run over paragraphs
        while stack and not quotes[stack[-1][0]].double:
            qi, _ = stack.pop()
            quotes[qi].end = -1
        if stack:
            nxt = per_para[p + 1] if p + 1 < len(per_para) else None
            if nxt is not None and _continues(nxt[1], nxt[2]):
                continue
            end = off + len(s.rstrip())
            for qi, _ in stack:
                quotes[qi].end = end
                quotes[qi].closed = False
            stack.clear()
    kept = [q for q in quotes if q.end > q.start]
    # re-number parents after dropping unclosed singles
    index = {id(q): i for i, q in enumerate(kept)}
    for q in kept:
        if q.parent is not None:
            parent_q = quotes[q.parent]
            q.parent = index.get(id(parent_q))
    return kept


def _continues(s: str, marks: list[_Mark]) -> bool:
    """Does this paragraph carry on a quotation left open by the one before?"""
    if not marks:
        return False
    first = marks[0]
    if first.double and first.role.startswith("open") and not s[: first.pos].strip():
        return True
    for m in marks:
        if m.double:
            return m.role in ("close", "either")
    return False


# -- the working representation -------------------------------------------------------------


@dataclass
class _Article:
    text: str
    docs: list[Doc]
    offsets: list[int]
    quotes: list[_QSpan]
    para_index: dict[int, int] = field(default_factory=dict)
    """id() of each paragraph's Doc -> its index."""
    inner: list[list[int]] = field(default_factory=list)
    """Per paragraph, per token: index of the innermost quote holding it, or -1."""
    top: list[list[int]] = field(default_factory=list)
    """Per paragraph, per token: index of the outermost quote holding it, or -1."""

    def start(self, t: Token) -> int:
        return self.offsets[self.para_of(t)] + t.idx

    def end(self, t: Token) -> int:
        return self.offsets[self.para_of(t)] + t.idx + len(t.text)

    def para_of(self, t: Token) -> int:
        return self.para_index[id(t.doc)]

    def quote_of(self, t: Token) -> int:
        return self.inner[self.para_of(t)][t.i]

    def top_of(self, t: Token) -> int:
        return self.top[self.para_of(t)][t.i]


@dataclass
class _Attr:
    content: Span
    kind: str
    para: int
    cue: Span | None = None
    speaker: Span | None = None
    head: Token | None = None
    """The speaker phrase's head token, for resolution."""
    inherit_from: Token | None = None
    """For a cue with no subject of its own ("…, adding:"): the verb whose speaker it shares."""
    entity: str | None = None
    quote: int | None = None
    """Index of the quotation (its marks) this attribution is for, when direct."""
    nested_parent: int | None = None
    holds: list[int] = field(default_factory=list)
    """Quotations inside a mixed quote's content."""


def _build(text: str, paragraphs: Sequence[tuple[int, Doc]]) -> _Article:
    docs = [d for _, d in paragraphs]
    offsets = [o for o, _ in paragraphs]
    quotes = _find_quotes([(o, d.text) for o, d in paragraphs])
    art = _Article(text, docs, offsets, quotes, {id(d): i for i, d in enumerate(docs)})
    for p, d in enumerate(docs):
        inner = [-1] * len(d)
        top = [-1] * len(d)
        lo, hi = offsets[p], offsets[p] + len(d.text)
        for qi, q in enumerate(quotes):
            if q.end <= lo or q.start >= hi:
                continue
            for t in d:
                if q.start <= lo + t.idx < q.end:
                    inner[t.i] = qi  # quotes come in order of their opening: inner ones last
                    if top[t.i] == -1:
                        top[t.i] = qi
        art.inner.append(inner)
        art.top.append(top)
    return art


# -- spans of phrases -----------------------------------------------------------------------


def _hull(art: _Article, tokens: Iterable[Token]) -> Span | None:
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and _trim(toks[0]):
        toks.pop(0)
    while toks and _trim(toks[-1]):
        toks.pop()
    if not toks:
        return None
    return (art.start(toks[0]), art.end(toks[-1]))


def _trim(t: Token) -> bool:
    return t.is_space or (t.is_punct and t.text not in _ALL_MARKS and t.text not in ("''", "``"))


def _subject(v: Token) -> Token | None:
    for c in v.children:
        if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and v.lemma_ == "quote"):
            return c
    return None


def _speaker_token(v: Token) -> Token | None:
    """The speaker of cue verb ``v`` in the parse, when it has one of its own."""
    # "quotes the words of X", "said in a statement by X"
    for c in v.children:
        if c.dep_ in ("dobj", "pobj", "attr") and c.lemma_.lower() in _SPEECH_NOUNS:
            for p in c.children:
                if p.dep_ == "prep" and p.lower_ in ("of", "by", "from"):
                    for o in p.children:
                        if o.dep_ == "pobj":
                            return o
    if v.lemma_ == "quote":  # "Belta quoted X as saying": X speaks, Belta reports
        obj = next((c for c in v.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.pos_ in ("PROPN", "NOUN", "PRON"):
            return obj
    subj = _subject(v)
    if subj is not None:
        if subj.lower_ in ("who", "that") and v.dep_ == "relcl":
            return subj  # "the Russians, who say …": resolved through the noun it stands for
        if (
            subj.lower_ == "it"
            and v.lemma_.lower() in _OBJECT_SPEECH
            and not any(c.dep_ in ("auxpass", "acomp", "attr") for c in v.children)
        ):
            return subj  # "It said current officials concealed …": a report, a statement
        if subj.lower_ in ("it", "there", "that", "this", "which", "what", "who"):
            return None
        return subj
    # "a statement by Russia's Defense Ministry saying ..."
    if v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN"):
        noun = v.head
        for p in noun.children:
            if p.dep_ in ("prep", "agent") and p.lower_ in ("by", "from", "of"):
                for o in p.children:
                    if o.dep_ == "pobj":
                        return o
        for c in noun.children:
            if c.dep_ == "poss":
                return c
        if noun.lemma_.lower() in _SPEECH_NOUNS:
            return None
        return noun
    return None


def _inherits(v: Token) -> Token | None:
    """The verb whose subject a subjectless cue shares ("X warned ..., adding:")."""
    if v.dep_ not in ("advcl", "conj", "xcomp", "ccomp"):
        return None
    # the nearest cue verb before it in the sentence, when it has a speaker ...
    for t in reversed(v.doc[v.sent.start : v.i]):
        if _is_cue_verb(t, direct=True) and _subject(t) is not None and t.dep_ != "ccomp":
            return t
    # ... else the verb it hangs from
    if v.head.pos_ in ("VERB", "AUX") and v.head.i != v.i:
        return v.head
    return None


def _phrase(
    art: _Article, head: Token, region: set[int] | None = None, cue: Token | None = None
) -> Span | None:
    """The speaker phrase headed by ``head``: its subtree without the cue's own clause
    ("staff members [suggesting …]"), within one stretch of text outside quotations."""
    q = art.top_of(head)
    inside = {t.i for t in head.subtree if art.top_of(t) in (-1, q)}
    if region is not None:
        inside &= region
    if cue is not None and cue.i != head.i and head.is_ancestor(cue):
        inside -= {t.i for t in cue.subtree}
    if head.i not in inside:
        return None
    lo = hi = head.i
    while lo - 1 in inside:
        lo -= 1
    while hi + 1 in inside:
        hi += 1
    doc = head.doc
    dashes = [t.i for t in doc[lo : hi + 1] if t.text in ("—", "--", "–")]
    if len(dashes) == 1 and dashes[0] < head.i:
        lo = dashes[0] + 1  # a dateline: "CLEVELAND, July 19 (UPI) — Former Attorney General …"
    span = _hull(art, doc[lo : hi + 1])
    if span is None:
        return None
    text = art.text
    s, e = span
    body = text[s:e]
    if body.count("(") > body.count(")") and text[e : e + 1] == ")":
        e += 1  # "Governor Mary Fallin (R-OK)"
    elif ", " in body and text[e : e + 1] == "," and hi + 1 < len(doc):
        e += 1  # PolNeAR keeps the comma closing an apposition: "Seth McKee, a professor,"
    return (s, e)


def _cue_span(art: _Article, v: Token) -> Span:
    """The cue verb with its auxiliaries, negation and particle ("has repeatedly warned")."""
    doc = v.doc
    lo = hi = v.i
    own = {c.i: c for c in v.children}
    while lo - 1 >= 0 and lo - 1 in own and own[lo - 1].dep_ in ("aux", "auxpass", "neg", "advmod"):
        lo -= 1
    while lo < v.i and doc[lo].dep_ == "advmod":  # an adverb only inside the verb group
        lo += 1
    for c in v.children:
        if c.dep_ in ("prt", "neg") and v.i < c.i <= hi + 2:
            hi = c.i
    if v.lemma_ == "quote":  # "was quoted as saying"
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ == "as":
                hi = max([hi, c.i] + [t.i for t in c.children if t.dep_ == "pcomp"])
    # a time phrase right after the verb belongs to the cue: "tweeted Monday"; prepositional
    # phrases ("said in a statement") are in PolNeAR's cues about as often as not
    for c in sorted(v.children, key=lambda c: c.i):
        if c.i <= hi or c.dep_ != "npadvmod":
            continue
        sub = list(c.subtree)
        if sub[0].i != hi + 1 or any(art.quote_of(t) != art.quote_of(v) for t in sub):
            break
        hi = sub[-1].i
    if v.dep_ == "xcomp":
        # "went on to say", "appeared to imply": the governing verb joins the cue
        gov = v.head
        between = doc[gov.i + 1 : lo]
        if gov.i < lo and all(t.dep_ in ("aux", "prt", "advmod") for t in between):
            lo = gov.i
            while (
                lo - 1 >= 0
                and doc[lo - 1].head.i == gov.i
                and doc[lo - 1].dep_
                in (
                    "aux",
                    "auxpass",
                    "neg",
                )
            ):
                lo -= 1
    return (art.start(doc[lo]), art.end(doc[hi]))


def _is_cue_verb(t: Token, direct: bool = False) -> bool:
    if t.pos_ not in ("VERB",) and not t.tag_.startswith("VB"):
        return False
    lemma = t.lemma_.lower()
    if lemma not in CUE_VERBS:
        return False
    return direct or lemma not in _DIRECT_ONLY


# -- reported speech from the parse ---------------------------------------------------------


def _complements(v: Token) -> list[Token]:
    comps = [c for c in v.children if c.dep_ == "ccomp"]
    if not comps and v.lemma_.lower() in XCOMP_VERBS:
        comps = [c for c in v.children if c.dep_ == "xcomp"]
    if any(c.i > v.i for c in comps):
        # "In a statement released after X suspended his campaign, Cruz said he's certain …":
        # a clause before the cue that the parser also hung on it is not what was said
        comps = [c for c in comps if c.i > v.i]
    return comps


def _reported(art: _Article) -> list[tuple[_Attr, Token]]:
    found: list[tuple[_Attr, Token]] = []
    for p, doc in enumerate(art.docs):
        for v in doc:
            if art.quote_of(v) != -1 or not _is_cue_verb(v):
                continue
            comps = _complements(v)
            subj = _speaker_token(v)
            if not comps:
                aside = _parenthetical(art, v, subj) if subj is not None else None
                quoted = aside is None
                if aside is None:
                    aside = _quoted_object(art, v)
                if aside is None and subj is not None:
                    aside = _speech_act_object(v)
                if aside is None:
                    continue
                content_toks = aside
            else:
                quoted = False
                content_toks = [t for c in comps for t in c.subtree]
            inherit = None
            if subj is None:
                inherit = _inherits(v)
                if inherit is None:
                    continue
            if not quoted and (
                len(content_toks) < 2 or not any(t.pos_ in ("VERB", "AUX") for t in content_toks)
            ):
                continue
            if len(comps) == 1 and _is_cue_verb(comps[0]) and len(content_toks) <= 5:
                continue  # "adding that he had replied:" — the content comes after

            content = _hull(art, content_toks)
            if content is None:
                continue
            content = _snap(art, content)
            speaker = _phrase(art, subj, cue=v) if subj is not None else None
            attr = _Attr(
                content,
                "indirect",
                p,
                cue=_cue_span(art, v),
                speaker=speaker,
                head=subj,
                inherit_from=inherit,
            )
            found.append((attr, v))
    return found


def _quoted_object(art: _Article, v: Token) -> list[Token] | None:
    """The object of a speech verb when it holds a quotation: "condemned ''such an attack''",
    "warned about “NATO at the gates” encroachment" (a quoted fragment, so a mixed quote)."""
    if v.lemma_.lower() not in _OBJECT_SPEECH:
        return None
    for c in v.children:
        if c.i < v.i:
            continue
        if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in ("about", "of", "on")):
            sub = list(c.subtree)
            if any(art.top_of(t) != -1 for t in sub) and art.top_of(v) == -1:
                return sub
    return None


def _speech_act_object(v: Token) -> list[Token] | None:
    """What a speech act targets: "accused Clinton of lying", "denied the report"."""
    if v.lemma_.lower() not in _ACT_VERBS or any(
        c.dep_ == "aux" and c.lower_ == "to" for c in v.children
    ):
        return None  # "a scheme to deny him a second term": an intent, not a speech act
    right = [
        c
        for c in v.children
        if c.i > v.i and c.dep_ in ("dobj", "dative", "oprd", "xcomp", "prep", "ccomp")
    ]
    if not any(c.dep_ == "dobj" for c in right):
        return None
    return [t for c in right for t in c.subtree]


def _parenthetical(art: _Article, v: Token, subj: Token) -> list[Token] | None:
    """The rest of the sentence around an aside: "The risk, he said, is a clash", "…, said X."."""
    doc = v.doc
    parts = [subj, v, *(c for c in v.children if c.dep_ in ("aux", "neg", "npadvmod", "prt"))]
    lo = min(min(t.i for t in p.subtree) if p is subj else p.i for p in parts)
    hi = max(max(t.i for t in p.subtree) if p is not v else p.i for p in parts)
    sent = v.sent
    left = doc[lo - 1] if lo - 1 >= sent.start else None
    right = doc[hi + 1] if hi + 1 < sent.end else None
    if left is None or left.text != ",":
        return None
    if right is not None and right.text not in (",", ".", "!", "?", ";"):
        return None
    toks = [
        t
        for t in sent
        if (t.i < lo - 1 or t.i > hi + (1 if right is not None and right.text == "," else 0))
        and art.top_of(t) == art.top_of(v)
    ]
    if len(toks) < 4 or not any(t.pos_ in ("VERB", "AUX") for t in toks):
        return None
    return toks


def _mostly(text: str, q: _QSpan, s: int, e: int) -> bool:
    body = len(text[s:e].strip())
    return (min(e, q.end) - max(s, q.start)) >= 0.8 * body


def _beside(art: _Article, q: _QSpan, verb: Token) -> bool:
    """Is ``verb`` the cue nearest to quotation ``q``, right after or right before it?"""
    p = art.para_of(verb)
    if p == _para_of_pos(art, q.end - 1):
        cues = [t for t in _region_after(art, q, p, -1) if _is_cue_verb(t, direct=True)]
        if cues and cues[0].i == verb.i:
            return True
    if p == _para_of_pos(art, q.start):
        cues = [t for t in _region_before(art, q.start, p, -1) if _is_cue_verb(t, direct=True)]
        return bool(cues) and cues[-1].i == verb.i
    return False


def _snap(art: _Article, span: Span) -> Span:
    """Widen a content span that cuts a quotation so that it holds the whole of it."""
    s, e = span
    for q in art.quotes:
        if q.parent is not None:
            continue
        if s < q.start < e < q.end:
            e = q.end
        elif q.start < s < q.end < e:
            s = q.start
    return (s, e)


# -- quotations by their neighbourhood ------------------------------------------------------


def _tokens_between(art: _Article, p: int, start: int, end: int) -> list[Token]:
    off = art.offsets[p]
    return [t for t in art.docs[p] if start <= off + t.idx and off + t.idx + len(t.text) <= end]


def _region_after(art: _Article, q: _QSpan, p: int, inside: int) -> list[Token]:
    """Tokens after quote ``q`` up to the end of the sentence or the next quotation."""
    out: list[Token] = []
    for t in art.docs[p]:
        if art.start(t) < q.end:
            continue
        if art.quote_of(t) != inside:
            break
        out.append(t)
        if t.text in _SENTENCE_END:
            break
    return out


def _region_before(art: _Article, pos: int, p: int, inside: int) -> list[Token]:
    """Tokens before text offset ``pos`` back to the sentence start or the last quotation."""
    out: list[Token] = []
    for t in reversed(art.docs[p]):
        if art.end(t) > pos:
            continue
        if art.quote_of(t) != inside or t.text in _SENTENCE_END:
            break
        out.append(t)
    out.reverse()
    return out


def _according(art: _Article, region: Sequence[Token]) -> tuple[Span, Token] | None:
    for t in region:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            to = t.doc[t.i + 1]
            obj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if obj is None:
                nxt = [x for x in region if x.i > to.i and not x.is_punct]
                obj = nxt[0] if nxt else None
            if obj is not None:
                return (art.start(t), art.end(to)), obj
    return None


def _cue_after(art: _Article, region: list[Token]) -> _Attr | None:
    """ "…,” Putin said" / "…," said Lavrov / "…”, quotes the words of X" / "…,” according to X"."""
    acc = _according(art, region[:3])
    if acc is not None:
        cue, obj = acc
        return _Attr((0, 0), "direct", 0, cue=cue, speaker=_phrase(art, obj), head=obj)
    ids = {t.i for t in region}
    for k, v in enumerate(region[:10]):
        if not _is_cue_verb(v, direct=True):
            continue
        before = region[:k]
        allowed = {t.i for t in v.subtree}
        if not all(t.is_punct or t.i in allowed or t.pos_ in ("ADV", "AUX") for t in before):
            return None
        speaker = _speaker_token(v)
        if speaker is None and v.lemma_.lower() in SPEECH_VERBS:
            # "…," said Lavrov, parsed with Lavrov as object: the next name after the verb
            after = [t for t in region[k + 1 :] if not t.is_punct]
            if (
                after
                and after[0].pos_ in ("PROPN", "PRON", "NOUN", "DET")
                and (after[0].dep_ not in ("prep",))
            ):
                speaker = after[0] if after[0].pos_ != "DET" else after[0].head
        if speaker is None:
            inherit = _inherits(v)
            if inherit is None:
                return None
            return _Attr((0, 0), "direct", 0, cue=_cue_span(art, v), inherit_from=inherit)
        return _Attr(
            (0, 0),
            "direct",
            0,
            cue=_cue_span(art, v),
            speaker=_phrase(art, speaker, ids, v),
            head=speaker,
        )
    return None


def _cue_before(art: _Article, region: list[Token]) -> _Attr | None:
    """ "X told the media: “…”" / "According to X: “…”" / "…, adding: “…”"."""
    if not region:
        return None
    ids = {t.i for t in region}
    acc = _according(art, region)
    colon = region[-1].text in (":", ",", "—", "–") or region[-1].lower_ == "that"
    for k in range(len(region) - 1, -1, -1):
        v = region[k]
        if not _is_cue_verb(v, direct=True):
            continue
        after = region[k + 1 :]
        allowed = {t.i for t in v.subtree}
        subj = _subject(v)
        subj_ids = {t.i for t in subj.subtree} if subj is not None else set()
        if len(after) > 12 or not all(
            ((t.i in allowed and t.i not in subj_ids) or t.is_punct or t.lower_ == "that")
            and t.pos_ != "VERB"
            for t in after
        ):
            break
        speaker = _speaker_token(v)
        if speaker is None:
            inherit = _inherits(v)
            if inherit is None:
                break
            return _Attr((0, 0), "direct", 0, cue=_cue_span(art, v), inherit_from=inherit)
        return _Attr(
            (0, 0),
            "direct",
            0,
            cue=_colon(art, _cue_span(art, v), region),
            speaker=_phrase(art, speaker, ids, v),
            head=speaker,
        )
    if acc is not None:
        cue, obj = acc
        source = _phrase(art, obj, ids)
        if region[-1].text == ":":  # "According to <everything up to the colon>:"
            left = min(t.i for t in obj.subtree)
            source = _hull(art, [t for t in region if t.i >= left])
        return _Attr((0, 0), "direct", 0, cue=cue, speaker=source, head=obj)
    if colon and region[-1].text == ":":
        # "Cruz called them on it:" — any verb with a subject right before a colon
        for v in reversed(region):
            if v.pos_ == "VERB" and _subject(v) is not None and v.dep_ in ("ROOT", "conj"):
                subj = cast(Token, _subject(v))
                if subj.lower_ in ("it", "there", "this", "that"):
                    break
                cue = (_cue_span(art, v)[0], art.end(region[-1]))  # "called them on it:"
                return _Attr(
                    (0, 0),
                    "direct",
                    0,
                    cue=cue,
                    speaker=_phrase(art, subj, ids, v),
                    head=subj,
                )
    return None


def _colon(art: _Article, cue: Span, region: list[Token]) -> Span:
    """PolNeAR counts a colon right after the cue as part of it: "said:", "tweeted:"."""
    last = region[-1]
    if last.text == ":" and len(region) >= 2 and art.end(region[-2]) == cue[1]:
        return (cue[0], art.end(last))
    return cue


def _para_of_pos(art: _Article, pos: int) -> int:
    """The paragraph holding character ``pos`` (the first one for a position before it)."""
    return max(0, bisect_right(art.offsets, pos) - 1)


def _is_speechlike(art: _Article, q: _QSpan) -> bool:
    """A quotation that can stand as a quote without a cue: a clause, not a scare-quoted term."""
    p = _para_of_pos(art, q.start)
    toks = _tokens_between(art, p, q.start, q.end)
    words = [t for t in toks if not t.is_punct]
    return len(words) >= 5 and any(t.pos_ in ("VERB", "AUX") for t in words)


def _ends_sentence(text: str, q: _QSpan) -> bool:
    inner = text[q.start : q.end].rstrip(_ALL_MARKS + " ")
    return inner.endswith(".") and not inner.endswith("...")


def _clause(tokens: Sequence[Token]) -> bool:
    """Do these words hold a clause of their own (a verb), not just "But" or "Still,"?"""
    words = [t for t in tokens if not t.is_punct]
    return len(words) >= 3 and any(t.pos_ in ("VERB", "AUX") for t in words)


def _ends_clause(text: str, q: _QSpan) -> bool:
    after = text[q.end : q.end + 3].lstrip(" ")
    return not after or after[0] in ".,;:!?)—–-\n" or after[0] in _ALL_MARKS


def _starts_sentence(art: _Article, qi: int) -> bool:
    q = art.quotes[qi]
    p = _para_of_pos(art, q.start)
    before = art.text[art.offsets[p] : q.start].rstrip()
    return not before or before[-1] in ".!?:" or before[-1] in _ALL_MARKS


def _pure_quote_para(art: _Article, p: int) -> bool:
    """Does paragraph ``p`` open with a quotation (the rest being at most a short tail)?"""
    s = art.docs[p].text
    off = art.offsets[p]
    first = next((q for q in art.quotes if q.parent is None and q.start >= off), None)
    if first is None:
        return False
    return first.start - off == len(s) - len(s.lstrip())


_LABEL = re.compile(r"^([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):\s+\S")


def _labelled(art: _Article) -> list[_Attr]:
    """Paragraphs that open with a speaker's name and a colon: "TAPPER: Do you think …"."""
    found: list[_Attr] = []
    for p, doc in enumerate(art.docs):
        m = _LABEL.match(doc.text)
        if not m:
            continue
        name_end = m.end(1)
        toks = [t for t in doc if t.idx < name_end]
        if not toks or art.quote_of(toks[0]) != -1:
            continue
        label = m.group(1)
        is_name = label.replace(" ", "").replace(".", "").isupper() and len(label) > 1
        is_name = is_name or any(
            e.label_ in ("PERSON", "ORG") and e.start_char == 0 and e.end_char >= name_end - 1
            for e in doc.ents
        )
        if not is_name:
            continue
        off = art.offsets[p]
        start = off + name_end + 1
        while art.text[start].isspace():
            start += 1
        content = (start, off + len(doc.text.rstrip()))
        found.append(
            _Attr(
                content,
                "direct",
                p,
                cue=(off + name_end, off + name_end + 1),
                speaker=(off, off + name_end),
                head=toks[-1],
            )
        )
    return found


def _according_clauses(art: _Article) -> list[_Attr]:
    found: list[_Attr] = []
    for p, doc in enumerate(art.docs):
        for t in doc:
            if t.lower_ != "according" or t.i + 1 >= len(doc) or doc[t.i + 1].lower_ != "to":
                continue
            if art.quote_of(t) != -1:
                continue
            to = doc[t.i + 1]
            obj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if obj is None:
                continue
            head = t.head
            while (
                head.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "relcl") and head != head.head
            ):
                head = head.head
            if head.i == t.i:
                continue
            phrase = {x.i for x in t.subtree}
            sub_cues = {
                x.i
                for c in head.children
                if c.dep_ in ("advcl", "conj") and _is_cue_verb(c) and c.i > t.i
                for x in c.subtree
            }
            sent = head.sent
            toks = [
                x
                for x in head.subtree
                if x.i not in phrase and x.i not in sub_cues and sent.start <= x.i < sent.end
            ]
            if not any(x.pos_ in ("VERB", "AUX") for x in toks) or len(toks) < 3:
                continue
            content = _hull(art, toks)
            if content is None:
                continue
            found.append(
                _Attr(
                    _snap(art, content),
                    "according_to",
                    p,
                    cue=(art.start(t), art.end(to)),
                    speaker=_phrase(art, obj),
                    head=obj,
                )
            )
    return found


# -- speaker resolution ---------------------------------------------------------------------


@dataclass
class _Mention:
    start: int
    end: int
    label: str
    words: tuple[str, ...]
    context: frozenset[str]
    """Lower-cased title words beside the mention ("president", "belarusian")."""
    quoted: int
    """Index of the quotation holding the mention, or -1."""


def _name_words(text: str) -> tuple[str, ...]:
    text = text.replace("’s", "").replace("'s", "").strip()
    words = [w for w in text.split() if w]
    while words and words[0].lower().rstrip(".") in _HONORIFICS and len(words) > 1:
        words.pop(0)
    while words and words[-1] in ("’", "'"):
        words.pop()
    return tuple(words)


class _Names:
    """The article's PERSON and ORG mentions, for resolving speakers."""

    def __init__(self, art: _Article) -> None:
        self.art = art
        self.mentions: list[_Mention] = []
        for p, doc in enumerate(art.docs):
            for ent in doc.ents:
                if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
                    continue
                context: set[str] = set()
                lo = max(ent.start - 3, 0)
                for t in doc[lo : ent.start]:
                    if t.pos_ in ("PROPN", "NOUN", "ADJ"):
                        context.add(t.lower_)
                root = ent.root
                if root.dep_ == "appos":
                    context.add(root.head.lower_)
                    context.update(c.lower_ for c in root.head.children if c.dep_ == "amod")
                for c in root.children:
                    if c.dep_ == "appos":
                        context.add(c.lower_)
                toks = list(ent)
                while toks and (
                    toks[0].pos_ in ("AUX", "VERB", "DET", "ADP", "PRON") or toks[0].tag_ == "MD"
                ):
                    toks.pop(0)  # "Will Lukashenko", "Preventing Belarus": not part of a name
                if not toks:
                    continue
                words = _name_words(doc[toks[0].i : toks[-1].i + 1].text)
                if not words:
                    continue
                start = art.offsets[p] + toks[0].idx
                self.mentions.append(
                    _Mention(
                        start,
                        art.offsets[p] + ent.end_char,
                        ent.label_,
                        words,
                        frozenset(context),
                        art.quote_of(ent[0]),
                    )
                )
        self._people: set[str] | None = None
        self.full: Counter[tuple[str, ...]] = Counter()
        self.first: dict[tuple[str, ...], int] = {}
        self.quoted_only: dict[tuple[str, ...], bool] = {}
        for m in self.mentions:
            if m.label == "PERSON" and len(m.words) >= 2 and all(w[:1].isupper() for w in m.words):
                self.full[m.words] += 1
                self.first.setdefault(m.words, m.start)
                self.quoted_only[m.words] = self.quoted_only.get(m.words, True) and m.quoted != -1

    def canonical(self, words: tuple[str, ...]) -> tuple[str, int]:
        """Fullest form of a person's name, and how many of ``words`` it keeps (NER noise)."""
        if not words:
            return "", 0
        if len(words) >= 2:
            others = [f for f in self.full if f != words]
            # "Yarosh Sputnik Belarus": a surname known from "Andrei Yarosh" running into
            # other names; "Sergei Lavrov Moscow": a known full name running on
            for k in range(len(words) - 1, 0, -1):
                head = words[:k]
                if any(f[-k:] == head for f in others if len(f) > k) or (
                    k >= 2 and head in self.full
                ):
                    return self._fullest(head), k
        return self._fullest(words), len(words)

    def _fullest(self, words: tuple[str, ...]) -> str:
        last = words[-1]
        forms = [f for f in self.full if f[-1] == last and set(words) <= set(f)]
        if not forms and len(words) == 1:
            forms = [f for f in self.full if last in f]
        if not forms:
            return " ".join(words)
        outside = [f for f in forms if not self.quoted_only[f]] or forms
        best = max(outside, key=lambda f: (len(f), self.full[f], -self.first[f]))
        if len(words) > len(best):
            return " ".join(words)
        return " ".join(best)

    def is_person(self, name: str) -> bool:
        if self._people is None:
            self._people = {
                self.canonical(m.words)[0] for m in self.mentions if m.label == "PERSON"
            }
        return name in self._people

    def is_surname(self, word: str) -> bool:
        return any(f[-1] == word for f in self.full)

    def org_name(self, words: tuple[str, ...]) -> str:
        ws = list(words)
        if ws and ws[0].lower() == "the":
            ws.pop(0)
        return " ".join(ws)

    @functools.cached_property
    def _spans(self) -> SpanIndex:
        return SpanIndex([(m.start, m.end) for m in self.mentions])

    def entity_at(self, start: int, end: int) -> _Mention | None:
        for i in sorted(self._spans.overlapping(start, end)):
            m = self.mentions[i]
            if m.start <= start and end <= m.end:
                return m
        return None

    def mentions_starting(self, start: int, end: int) -> list[_Mention]:
        """Mentions that start in ``[start, end)``, in text order."""
        starts = self._spans.starts
        return [self.mentions[i] for i in sorted(self._spans.order[
            bisect_left(starts, start) : bisect_left(starts, end)
        ])]  # fmt: skip

    def mentions_in(self, start: int, end: int) -> list[_Mention]:
        inside = (self.mentions[i] for i in sorted(self._spans.overlapping(start, end)))
        return [m for m in inside if start <= m.start and m.end <= end]


def _resolve_all(art: _Article, names: _Names, attrs: list[_Attr]) -> None:
    attrs.sort(key=lambda a: a.content[0] if a.cue is None else min(a.cue[0], a.content[0]))
    contents = [(a.content, a) for a in attrs]
    for i, a in enumerate(attrs):
        if a.entity is not None:
            continue
        if a.head is None and a.inherit_from is not None:
            _inherit(art, a, contents)
        if a.head is None or a.entity is not None:
            continue
        exclude: str | None = None
        q = art.quote_of(a.head)
        if q != -1:
            outer = next((b for b in attrs if b.quote == q and b is not a), None)
            if outer is None:
                outer = next((b for b in attrs if b.quote == art.top_of(a.head)), None)
            if outer is not None:
                exclude = outer.entity
        a.entity, trimmed = _resolve(art, names, a.head, a.speaker, attrs[:i], contents, exclude)
        if trimmed is not None:
            a.speaker = trimmed


def _inherit(art: _Article, a: _Attr, contents: list[tuple[Span, _Attr]]) -> None:
    """Speaker of a cue with no subject: the quote whose content holds the verb it hangs from
    ("According to X, they “plan …,” adding:"), the quote whose cue it is, or its subject."""
    verb = cast(Token, a.inherit_from)
    pos = art.start(verb)
    holder = next((b for (s, e), b in contents if s <= pos < e and b is not a), None)
    if holder is not None and holder.speaker is not None:
        a.speaker, a.head, a.entity = holder.speaker, holder.head, holder.entity
        return
    owner = next(
        (b for b in contents if b[1].cue is not None and b[1].cue[0] <= pos < b[1].cue[1]), None
    )
    if owner is not None and owner[1].speaker is not None and owner[1] is not a:
        b = owner[1]
        a.speaker, a.head, a.entity = b.speaker, b.head, b.entity
        return
    subj = _speaker_token(verb)
    while subj is None and verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head  # "… intensified a crackdown and mobilized the army, claiming …"
        subj = _speaker_token(verb)
    if subj is not None:
        a.head = subj
        a.speaker = _phrase(art, subj, cue=verb)


def _resolve(
    art: _Article,
    names: _Names,
    head: Token,
    span: Span | None,
    before: list[_Attr],
    contents: list[tuple[Span, _Attr]],
    exclude: str | None,
) -> tuple[str | None, Span | None]:
    """The speaker's canonical name, and a narrower speaker span when NER noise was cut."""
    if head.lower_ in ("who", "that") and head.head.dep_ == "relcl":
        head = head.head.head  # the noun a relative pronoun stands for
        span = _phrase(art, head, cue=head.head) if head.head.i != head.i else span
    lower = head.lower_
    pos = art.start(head)
    if lower in _PERSON_PRONOUNS or lower in _GROUP_PRONOUNS:
        want = "PERSON" if lower in _PERSON_PRONOUNS else "GROUP"
        return _antecedent(art, names, pos, want, before, contents, exclude, head), None
    if head.pos_ == "PRON":
        return None, None
    # a name, or a phrase in apposition to one ("the official representative …, Andrei Yarosh")
    m = names.entity_at(art.start(head), art.end(head))
    if m is None:
        for c in head.children:
            if c.dep_ == "appos":
                m = names.entity_at(art.start(c), art.end(c))
                if m is not None and m.label in ("PERSON", "ORG"):
                    break
                m = None
    if m is None and head.pos_ == "PROPN":
        # a name NER missed: a surname known from a full name in the article ("TAPPER")
        for word in (head.text, head.text.title()):
            if names.is_surname(word):
                return names.canonical((word,))[0], None
    lemma = head.lemma_.lower()
    if m is None and head.pos_ in ("NOUN", "PROPN") and lemma in PERSON_TITLES | ORG_TITLES:
        # "the Kremlin's press service" -> the Kremlin
        for c in head.children:
            if c.dep_ == "poss" and c.pos_ == "PROPN":
                m = names.entity_at(art.start(c), art.end(c))
                if m is not None:
                    break
        if m is None and any(
            c.dep_ in ("det", "poss") and c.lower_ in ("the", "his", "her", "its", "their")
            for c in head.children
        ):
            want = "PERSON" if lemma in PERSON_TITLES else "ORG"
            mods = {c.lower_ for c in head.children if c.dep_ in ("amod", "compound")}
            found = _titled(art, names, pos, want, lemma, mods, exclude)
            if found is not None:
                return found, None
    if m is None and span is not None:
        # a phrase holding a name outside its relative clauses ("a Belarusian Interior Ministry
        # press release"; "former Deputy Prosecutor-General …, MP … Renat Kuzmin")
        skip = {
            art.start(t)
            for c in head.children
            if c.dep_ in ("relcl", "acl")
            or (c.dep_ == "prep" and c.lower_ in ("including", "like", "among", "with", "besides"))
            for t in c.subtree
        }
        inner = [
            x
            for x in names.mentions_in(*span)
            if x.start not in skip and x.label in ("PERSON", "ORG")
        ]
        m = next((x for x in inner if x.label == "PERSON"), inner[0] if inner else None)
    if m is not None:
        if m.label == "PERSON" or names.is_surname(m.words[-1]):
            name, keep = names.canonical(m.words)
            trimmed = None
            if keep < len(m.words):
                # keep just the name part of a noisy mention ("Yarosh" of "Yarosh Sputnik …")
                text = art.text[m.start : m.end]
                idx = text.find(m.words[keep - 1])
                if idx >= 0:
                    trimmed = (m.start, m.start + idx + len(m.words[keep - 1]))
            return name, trimmed
        return names.org_name(m.words), None
    return None, None


def _antecedent(
    art: _Article,
    names: _Names,
    pos: int,
    want: str,
    before: list[_Attr],
    contents: list[tuple[Span, _Attr]],
    exclude: str | None,
    pronoun: Token,
) -> str | None:
    p = _para_of_pos(art, pos)
    own_quote = art.top_of(pronoun)
    cands: list[tuple[int, str]] = []
    if want == "PERSON":
        # people named outside quotations and reported contents are the salient ones
        for m in names.mentions_starting(art.offsets[max(0, p - 2)], pos):
            if m.quoted != -1 and m.quoted != own_quote:
                continue
            if own_quote == -1 and any(s <= m.start < e for (s, e), _ in contents):
                continue
            if m.label == "PERSON" or names.is_surname(m.words[-1]):
                cands.append((m.start, names.canonical(m.words)[0]))
    # the speaker of an attribution just before (speaker continuity)
    for b in before:
        if b.entity is None or b.cue is None or b.cue[0] >= pos or b.para < p - 1:
            continue
        if names.is_person(b.entity) == (want == "PERSON"):
            where = b.speaker[0] if b.speaker is not None else b.cue[0]
            cands.append((min(where, pos - 1), b.entity))
    cands.sort()
    for _, name in reversed(cands):
        if name and name != exclude:
            return name
    return None


def _titled(
    art: _Article,
    names: _Names,
    pos: int,
    want: str,
    title: str,
    mods: set[str],
    exclude: str | None,
) -> str | None:
    """ "the Belarusian leader" -> the last PERSON named with that title or those modifiers."""
    best: tuple[int, int, str] | None = None
    for m in names.mentions:
        if m.start >= pos:
            continue
        if want == "PERSON" and m.label != "PERSON":
            continue
        if want == "ORG" and m.label not in ("ORG",):
            continue
        if want == "PERSON":
            name = names.canonical(m.words)[0]
            score = (2 if title in m.context else 0) + len(mods & m.context)
        else:
            name = names.org_name(m.words)
            score = 2 if title in (w.lower() for w in m.words) else 0
        if name == exclude:
            continue
        key = (score, m.start, name)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best is not None else None


# -- the stage ------------------------------------------------------------------------------


def extract_quotes(
    article_id: str, text: str, paragraphs: Sequence[tuple[int, Doc]]
) -> list[Quote]:
    """Quotes of one article from the spaCy parses of its paragraphs (title first).

    ``paragraphs`` holds (offset, Doc) pairs, each Doc the parse of
    ``text[offset : offset + len(doc.text)]``; every returned span indexes ``text``.
    """
    if not paragraphs:
        return []
    art = _build(text, paragraphs)
    attrs: list[_Attr] = []
    claimed: set[int] = set()  # quotations attributed or absorbed into a mixed quote

    top_quotes = [i for i, q in enumerate(art.quotes) if q.parent is None]

    # 1. reported speech from the parse
    for a, verb in _reported(art):
        s, e = a.content
        inside = [i for i in top_quotes if art.quotes[i].start < e and s < art.quotes[i].end]
        if inside:
            q = art.quotes[inside[0]]
            if len(inside) == 1 and ((q.start <= s and e <= q.end) or _mostly(text, q, s, e)):
                # the "reported" clause is a quotation: direct, if the cue stands beside it
                if inside[0] in claimed or not _beside(art, q, verb):
                    continue
                a.kind, a.content, a.quote = "direct", (q.start, q.end), inside[0]
            else:
                a.kind = "mixed"
                a.holds = inside
            claimed.update(inside)
        attrs.append(a)
    # 2. "NAME: words" (transcripts, and headlines such as "Lavrov: 'We will respond'")
    for a in _labelled(art):
        inside = [i for i in top_quotes if a.content[0] <= art.quotes[i].start < a.content[1]]
        inside = [i for i in inside if i not in claimed]
        if len(inside) == 1 and _mostly(text, art.quotes[inside[0]], *a.content):
            q = art.quotes[inside[0]]
            a.content, a.quote = (q.start, q.end), inside[0]
        else:
            a.holds = inside
        claimed.update(inside)
        attrs.append(a)
    # 3. "according to X"
    for a in _according_clauses(art):
        if any(b.cue is not None and b.cue == a.cue for b in attrs):
            continue
        inside = [i for i in top_quotes if a.content[0] <= art.quotes[i].start < a.content[1]]
        if inside and all(
            art.quotes[i].start <= a.content[0] and a.content[1] <= art.quotes[i].end
            for i in inside
        ):
            a.kind, a.quote = "direct", inside[0]
        claimed.update(inside)
        attrs.append(a)
    # 4. quotations by their neighbourhood, then by continuity
    by_quote: dict[int, _Attr] = {a.quote: a for a in attrs if a.quote is not None}
    for a in attrs:
        for qi in a.holds:
            by_quote.setdefault(qi, a)
    for qi in top_quotes:
        if qi in claimed:
            continue
        q = art.quotes[qi]
        p = _para_of_pos(art, q.start)
        pe = _para_of_pos(art, q.end - 1)
        found = None
        if not _ends_sentence(text, q):
            # '“…,” X said' — but after '“….”' a new sentence starts, about something else
            found = _cue_after(art, _region_after(art, q, pe, -1))
        if found is None and (_is_speechlike(art, q) or _ends_clause(text, q)):
            # a quoted fragment inside a phrase ("criticized "destructive" Western criticism")
            # is a scare quote, not the object of the verb before it
            found = _cue_before(art, _region_before(art, q.start, p, -1))
        if found is not None:
            found.content, found.quote, found.para = (q.start, q.end), qi, p
            lead = _region_before(art, q.start, p, -1)
            if found.cue is not None and found.cue[0] > q.start and _clause(lead):
                # "People should not wave around words like “maybe”, he told reporters": the
                # sentence is reported, the quotation only a fragment of it
                found.content = (art.start(lead[0]), q.end)
                found.kind, found.holds = "mixed", [qi]
            attrs.append(found)
            by_quote[qi] = found
            claimed.add(qi)
    _continuity(art, attrs, by_quote, top_quotes, claimed)
    # 5. remaining quotations that read as speech and stand as sentences, unattributed
    for qi in top_quotes:
        if qi not in claimed and _is_speechlike(art, art.quotes[qi]) and _starts_sentence(art, qi):
            q = art.quotes[qi]
            a = _Attr((q.start, q.end), "direct", _para_of_pos(art, q.start), quote=qi)
            attrs.append(a)
            by_quote[qi] = a
    # 6. quotes inside quotes
    for qi, q in enumerate(art.quotes):
        if q.parent is None:
            continue
        parent = outer = q.parent
        while (up := art.quotes[outer].parent) is not None:
            outer = up
        if outer not in by_quote:
            continue
        p = _para_of_pos(art, q.start)
        found = _cue_before(art, _region_before(art, q.start, p, parent))
        if found is None:
            found = _cue_after(art, _region_after(art, q, p, parent))
        if found is None:
            if not _is_speechlike(art, q):
                continue
            found = _Attr((0, 0), "direct", p)
        found.content, found.quote, found.para = (q.start, q.end), qi, p
        found.nested_parent = parent
        attrs.append(found)
        by_quote[qi] = found

    names = _Names(art)
    _resolve_all(art, names, attrs)
    return _records(article_id, art, attrs, by_quote)


def _continuity(
    art: _Article,
    attrs: list[_Attr],
    by_quote: dict[int, _Attr],
    top_quotes: list[int],
    claimed: set[int],
) -> None:
    """Quotations with no cue of their own take the speaker of the one they continue."""

    def share(qi: int, src: _Attr) -> None:
        q = art.quotes[qi]
        a = _Attr(
            (q.start, q.end),
            "direct",
            _para_of_pos(art, q.start),
            cue=src.cue,
            speaker=src.speaker,
            head=src.head,
            inherit_from=src.inherit_from,
            quote=qi,
        )
        attrs.append(a)
        by_quote[qi] = a
        claimed.add(qi)

    # within a paragraph: forwards ("A," she said. "B.") and backwards ("A." "B," she said.)
    for _ in range(2):
        for k, qi in enumerate(top_quotes):
            if qi in claimed:
                continue
            q = art.quotes[qi]
            p = _para_of_pos(art, q.start)
            prev = top_quotes[k - 1] if k > 0 else None
            nxt = top_quotes[k + 1] if k + 1 < len(top_quotes) else None
            same_para = prev is not None and _para_of_pos(art, art.quotes[prev].start) == p
            if prev is not None and prev in by_quote and same_para and _starts_sentence(art, qi):
                src = by_quote[prev]
                if src.kind in ("direct", "mixed") and src.cue is not None:
                    share(qi, src)
                    continue
            if (
                nxt is not None
                and nxt in by_quote
                and _para_of_pos(art, art.quotes[nxt].start) == p
            ):
                gap = art.text[q.end : art.quotes[nxt].start]
                if not gap.strip():
                    share(qi, by_quote[nxt])
    # across paragraphs: a paragraph that is only quotation continues the speaker before
    for k, qi in enumerate(top_quotes):
        if qi in claimed:
            continue
        q = art.quotes[qi]
        p = _para_of_pos(art, q.start)
        if p == 0 or not _pure_quote_para(art, p) or art.offsets[p] + _lead(art, p) != q.start:
            continue
        prev_text = art.docs[p - 1].text.rstrip()
        if prev_text.endswith(":"):
            intro = _cue_before(
                art, _region_before(art, art.offsets[p - 1] + len(prev_text), p - 1, -1)
            )
            if intro is not None:
                intro.content, intro.quote, intro.para = (q.start, q.end), qi, p
                attrs.append(intro)
                by_quote[qi] = intro
                claimed.add(qi)
                continue
        prev_q = top_quotes[k - 1] if k > 0 else None
        if prev_q is None or prev_q not in by_quote:
            continue
        prev_para = _para_of_pos(art, art.quotes[prev_q].start)
        if prev_para != p - 1 and _para_of_pos(art, art.quotes[prev_q].end - 1) != p - 1:
            continue
        src = by_quote[prev_q]
        if src.kind not in ("direct", "mixed") or src.cue is None:
            continue
        # the previous paragraph must end with that quotation or its attribution
        tail = art.text[art.quotes[prev_q].end : art.offsets[p - 1] + len(prev_text)]
        if src.cue[0] >= art.quotes[prev_q].end or not tail.strip():
            share(qi, src)


def _lead(art: _Article, p: int) -> int:
    s = art.docs[p].text
    return len(s) - len(s.lstrip())


def _records(
    article_id: str, art: _Article, attrs: list[_Attr], by_quote: dict[int, _Attr]
) -> list[Quote]:
    seen: set[tuple[Span, Span | None]] = set()
    keep: list[_Attr] = []
    for a in attrs:
        key = (a.content, a.cue)
        if key in seen or a.content[1] <= a.content[0]:
            continue
        seen.add(key)
        keep.append(a)
    keep.sort(key=lambda a: (a.content[0], -a.content[1]))
    index = {id(a): i for i, a in enumerate(keep)}
    out: list[Quote] = []
    for a in keep:
        nested = None
        if a.nested_parent is not None and a.nested_parent in by_quote:
            nested = index.get(id(by_quote[a.nested_parent]))
        else:
            # reported speech inside another quote's content ("He said that if Moscow thought
            # …") is nested in the innermost quote holding both its cue and its content
            lo, hi = a.content
            if a.cue is not None:
                lo, hi = min(lo, a.cue[0]), max(hi, a.cue[1])
            holders = [
                b
                for b in keep
                if b is not a
                and b.content[0] <= lo
                and hi <= b.content[1]
                and b.content != a.content
            ]
            if holders:
                inner = min(holders, key=lambda b: b.content[1] - b.content[0])
                nested = index[id(inner)]
        out.append(
            Quote(
                article_id=article_id,
                content=a.content,
                kind=a.kind,
                cue=a.cue,
                cue_text=art.text[a.cue[0] : a.cue[1]] if a.cue is not None else None,
                speaker=a.speaker,
                speaker_text=art.text[a.speaker[0] : a.speaker[1]] if a.speaker else None,
                speaker_entity=a.entity or None,
                nested_in=nested,
            )
        )
    return out


def quotes_for_text(article_id: str, text: str, spans: Sequence[tuple[int, int]]) -> list[Quote]:
    """Parse ``text``'s paragraph spans with the shared spaCy pipeline and extract quotes."""
    nlp = cast(Language, spacy_pipeline())
    docs = list(nlp.pipe(text[s:e] for s, e in spans))
    return extract_quotes(article_id, text, [(s, d) for (s, _), d in zip(spans, docs, strict=True)])


__all__ = [
    "COGNITION_VERBS",
    "SPEECH_VERBS",
    "STAGE",
    "extract_quotes",
    "quotes_for_text",
]
