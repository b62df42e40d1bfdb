"""Publication metadata read from the article's own text when markup gives none.

Outlet, author, date, URL and reprint relation come from publishing conventions that hold
across outlets: mastheads before the headline, bylines and datelines after it, "Source:" and
"Original url:" lines, copyright and permission notices, and promotional lines naming the host
site. Every value keeps where it came from; anything the text does not say stays None.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from newsprism.config import Config
from newsprism.ingest.boilerplate import Layout
from newsprism.ingest.segments import BYLINE, Segment, dateline, find_date, plain
from newsprism.records import Provenance

_URL_START = re.compile(r"(?:https?://|www\.)\S*", re.IGNORECASE)
_URL_PIECE = re.compile(r"^[\w\-./?=&%#:~+@!$,;]+$")
_SOURCE_LABEL = re.compile(
    r"^\s*(?:source|original(?:ly published at)?\s*(?:url|link|source|article)?"
    r"|originally published(?: at| on| by)?|read (?:the )?original(?: article)?(?: at| on)?"
    r"|via|url|link)\s*[:\-–]?\s*",
    re.IGNORECASE,
)
_ORIGINAL_SOURCE = re.compile(
    r"\b(?:original source of this article is|originally (?:published|appeared) (?:by|in|on|at)"
    r"|(?:reprinted|republished|reproduced|posted) (?:with (?:the )?permission )?(?:from|of|by))"
    r"\s+(?P<name>[^;,()]+?)(?:\.?\s*$|[.;,(]\s)",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"(?:copyright|©|\(c\))\s*(?P<rest>.*)", re.IGNORECASE)
_HOST_PROMO = re.compile(
    r"\b(?i:join|subscribe to|become a (?:member|patron|supporter) of|support|follow|donate to"
    r"|comment on)\s+(?i:the\s+)?(?P<name>[A-Z][\w.&'’/-]*(?:\s+[A-Z][\w.&'’/-]*){0,4})",
)
_PLACEHOLDER_WORDS = re.compile(r"[\[\]]|\b(banner|logo|masthead|header|image)\b", re.IGNORECASE)
_STAFF_BYLINE = re.compile(
    r"^(?P<outlet>.+?)(?:'s|’s)?\s+(?:correspondent|staff(?: writer| reporter)?|reporter|desk"
    r"|news(?:room)?|editors?|service|bureau)\b",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"^(?P<outlet>.+?)(?:'s|’s)\s+\w", re.IGNORECASE)
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?:/|$)")


@dataclass
class Found:
    """Metadata found in a text, each value with its provenance."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    original_outlet: str | None = None
    original_url: str | None = None
    provenance: dict[str, Provenance] = field(default_factory=dict)


def _clean_name(name: str) -> str:
    name = plain(name)
    name = re.sub(r"\b(?:19|20)\d\d\b", " ", name)
    name = re.sub(r"\b(?:inc|ltd|llc|corp|all rights reserved)\b\.?", " ", name, flags=re.I)
    return re.sub(r"\s+", " ", name).strip(" .,;:-–—|")


def joined_url(text: str) -> str | None:
    """A URL at the start of ``text``, rejoined when line-wrapping broke it with spaces.

    "https://www.rferl.org/a/russian-pm- visits-minsk" is one URL: every space-separated piece
    after the first must itself look like a URL fragment, with no sentence words in between.
    """
    match = _URL_START.search(text)
    if not match:
        return None
    pieces = text[match.start() :].split()
    if not all(_URL_PIECE.match(p) for p in pieces):
        pieces = pieces[:1]
    url = "".join(pieces).rstrip(".,;)")
    if url.lower().startswith("www."):
        url = "https://" + url
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and "." in parts.netloc else None


class _Outlets:
    """Outlet candidates with the kind of evidence behind each: host site or original source."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.site: Counter[str] = Counter()
        """Names in the host site's own calls to action (join, subscribe, become a member)."""
        self.host: Counter[str] = Counter()
        """Names in mastheads, datelines and staff bylines (copied along with a reprint)."""
        self.original: Counter[str] = Counter()
        self.where: dict[str, Provenance] = {}

    def canonical(self, name: str) -> str | None:
        name = _clean_name(name)
        if not name or len(name.split()) > 6:
            return None
        if re.fullmatch(r"[\w-]+(?:\.[\w-]+)+", name):
            domain = self.config.outlet_for_domain(name)
            if domain:
                return domain.name
        words = name.split()
        for size in range(len(words), 0, -1):  # "Global Research Articles" -> Global Research
            known = self.config.outlet_by_name(" ".join(words[:size]))
            if known:
                return known.name
        return name

    def from_url(self, url: str) -> str | None:
        return self.config.outlet_name_for_url(url)

    def add(self, kind: str, name: str | None, where: Provenance, weight: int = 1) -> None:
        if name is None:
            return
        {"site": self.site, "host": self.host, "original": self.original}[kind][name] += weight
        self.where.setdefault(name, where)


def extract(text: str, segments: list[Segment], layout: Layout, config: Config) -> Found:
    """Read title, outlet, author, date, URL and reprint relation from the segments."""
    found = Found()
    outlets = _Outlets(config)
    removed = dict(layout.removed)
    first_kept = layout.kept[0] if layout.kept else len(segments)
    if layout.title is not None:
        seg = segments[layout.title]
        found.title = plain(seg.text)
        found.provenance["title"] = Provenance("text", seg.start, seg.end)
    previous_label = False
    for i, seg in enumerate(segments):
        where = Provenance("text", seg.start, seg.end)
        reason = removed.get(i)
        in_head = i < first_kept or (layout.title is not None and i <= layout.title + 3)
        if reason is None and not in_head:
            previous_label = False
            continue
        body = plain(seg.text)
        if reason == "byline" and (byline := BYLINE.match(body)):
            _byline(byline.group("who"), found, outlets, where)
        elif reason == "dateline" and (dated := dateline(body)):
            value, rest = dated
            _set(found, "published", value, where)
            if rest:
                outlets.add("host", outlets.canonical(rest), where, 2)
        elif reason in ("placeholder", "masthead") and i < (layout.title or 0):
            name = _PLACEHOLDER_WORDS.sub(" ", body)
            if reason == "placeholder" and name.strip():
                outlets.add("host", outlets.canonical(name), where, 2)
        if reason is not None:
            for line in text[seg.start : seg.end].split("\n"):
                _notice(plain(line), seg, found, outlets, where, after_label=previous_label)
        previous_label = seg.is_label
    _settle(found, outlets)
    return found


def _set(found: Found, name: str, value: object, where: Provenance) -> None:
    if getattr(found, name) is None and value:
        setattr(found, name, value)
        found.provenance[name] = where


def _byline(who: str, found: Found, outlets: _Outlets, where: Provenance) -> None:
    """ "By Stephen Lendman", "By RFE/RL's Belarus Service September 03, 2020"."""
    if (dated := find_date(who)) is not None:
        value, s, e = dated
        _set(found, "published", value, where)
        who = (who[:s] + who[e:]).strip(" ,|-–—")
    who = re.sub(r"\s*[|,–—-]\s*(?:updated|published|posted)\b.*$", "", who, flags=re.I).strip()
    if not who:
        return
    _set(found, "author", who, where)
    staff = _STAFF_BYLINE.match(who) or _POSSESSIVE.match(who)
    if staff:
        outlets.add("host", outlets.canonical(staff.group("outlet")), where)


def _notice(
    body: str, seg: Segment, found: Found, outlets: _Outlets, where: Provenance, after_label: bool
) -> None:
    """Source lines, copyright and permission notices, and promotional lines naming the host."""
    label = _SOURCE_LABEL.match(body)
    url = None
    if label and label.end() < len(body):
        url = joined_url(body[label.end() :])
    elif after_label:
        url = joined_url(body)
    if url:
        _set(found, "original_url", url, where)
        outlets.add("original", outlets.from_url(url), where, 2)
    if (source := _ORIGINAL_SOURCE.search(body)) is not None:
        name = re.split(r"\s+at\s+", source.group("name"))[-1]  # "Tyler Durden at Zero Hedge"
        outlets.add("original", outlets.canonical(name), where, 2)
    if (notice := _COPYRIGHT.search(body)) is not None:
        parts = [p for p in re.split(r"[,.;]\s+|\s+[-–—|]\s+", notice.group("rest")) if p]
        names = [outlets.canonical(p) for p in parts[:3]]
        for name in names:
            if name and outlets.config.outlet_by_name(name):
                outlets.add("original", name, where)
    if "promo" in seg.evidence:
        for match in _HOST_PROMO.finditer(body):
            outlets.add("site", outlets.canonical(match.group("name")), where)


def _settle(found: Found, outlets: _Outlets) -> None:
    """Decide outlet and reprint relation; date the article from its URL as a last resort."""
    host = _top(outlets.site) or _top(outlets.host)
    original = _top(outlets.original)
    if host and original and (host.startswith(original + " ") or original.startswith(host + " ")):
        host = original = min(host, original, key=len)  # one outlet named at two lengths
        outlets.where.setdefault(host, Provenance("text"))
    if host and original and host != original and outlets.original[original] >= 2:
        found.outlet = host
        found.original_outlet = original
        found.provenance["original_outlet"] = outlets.where[original]
    else:
        found.outlet = host or original
        if found.original_url and found.url is None:
            found.url = found.original_url
            found.provenance["url"] = found.provenance["original_url"]
        found.original_url = None
        found.provenance.pop("original_url", None)
    if found.outlet:
        found.provenance["outlet"] = outlets.where[found.outlet]
    link = found.url or found.original_url
    match = _URL_DATE.search(urlsplit(link).path) if link and found.published is None else None
    if match is not None:
        try:
            found.published = date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return
        found.provenance["published"] = Provenance("url")


def _top(counter: Counter[str]) -> str | None:
    return counter.most_common(1)[0][0] if counter else None
