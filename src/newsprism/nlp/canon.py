"""Canonical entities across the corpus: one row per real person, organisation or place.

News spells one name many ways: transliterations (Lukashenko / Lukashenka, Alexander /
Alyaksandr, Tsikhanouskaya / Tikhanovskaya), surnames alone, titles, possessives, acronyms.
Names are compared by a transliteration key (anyascii, then the spelling alternations of
Slavic romanisations, then the consonant skeleton) confirmed by fuzzy similarity (rapidfuzz),
so that keys group candidates and similarity keeps unrelated names apart. Acronyms join
their long forms by initials or through the alias table (``data/entities.toml``, extendable
in newsprism.toml). No name of any particular person is written here.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from anyascii import anyascii
from rapidfuzz import fuzz

from newsprism.records import Entity, Mention

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW")
SIMILAR = 65.0
FULL_NAME_VOTES = 3
"""Person votes a full-name mention casts for its surname alone (a name is strong evidence)."""
"""rapidfuzz ratio two spellings with one key must reach to be one name."""
_SPELLINGS = (
    ("ks", "x"), ("kh", "h"), ("ts", "t"), ("zh", "j"), ("sch", "sh"), ("shch", "sh"),
    ("w", "v"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("iy", "i"), ("yi", "i"),
)  # fmt: skip
_OU_BEFORE_CONSONANT = re.compile(r"ou(?=[^aeiouy])")
_SMALL_WORDS = {"of", "the", "and", "for", "de", "la", "du", "der", "von", "al", "in", "on"}


@dataclass(frozen=True)
class NameTables:
    titles: frozenset[str]
    aliases: dict[str, str] = field(default_factory=dict)
    """lower-case alias (periods dropped) -> canonical name."""
    given_names: dict[str, str] = field(default_factory=dict)
    """lower-case nickname or variant -> the given name it stands for (mike -> michael)."""

    def alias(self, name: str) -> str:
        """The canonical name of ``name`` in the alias table (F.B.I. as FBI), else itself."""
        return self.aliases.get(_alias_key(name), name)

    def given(self, word: str) -> str:
        return self.given_names.get(word.lower().rstrip("."), word)


def _alias_key(name: str) -> str:
    return name.lower().replace(".", "")


@cache
def default_tables() -> NameTables:
    with resources.files("newsprism.data").joinpath("entities.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return tables_from(data)


def tables_from(data: dict[str, object], base: NameTables | None = None) -> NameTables:
    """Name tables from a parsed TOML table, added to ``base``."""
    titles = set(base.titles) if base else set()
    aliases = dict(base.aliases) if base else {}
    given = dict(base.given_names) if base else {}
    raw_titles = data.get("titles", [])
    raw_aliases = data.get("aliases", {})
    raw_given = data.get("given_names", {})
    if isinstance(raw_titles, list):
        titles.update(str(t).lower() for t in raw_titles)
    if isinstance(raw_aliases, dict):
        for canonical, others in raw_aliases.items():
            aliases[_alias_key(str(canonical))] = str(canonical)
            for other in others if isinstance(others, list) else []:
                aliases[_alias_key(str(other))] = str(canonical)
    if isinstance(raw_given, dict):
        for name, variants in raw_given.items():
            for variant in variants if isinstance(variants, list) else []:
                given[str(variant).lower()] = str(name).lower()
    return NameTables(frozenset(titles), aliases, given)


def translit_key(word: str) -> str:
    """Consonant skeleton of a romanised word, after folding romanisation alternations."""
    s = re.sub(r"[^a-z]", "", anyascii(word).lower())
    s = _OU_BEFORE_CONSONANT.sub("ov", s)  # Belarusian -ou- is Russian -ov-
    for old, new in _SPELLINGS:
        s = s.replace(old, new)
    skeleton = re.sub(r"[aeiouy]", "", s[1:])
    return (s[:1] + skeleton) if s else ""


def folded(word: str) -> str:
    s = re.sub(r"[^a-z ]", "", anyascii(word).lower())
    for old, new in _SPELLINGS:
        s = s.replace(old, new)
    return s


def clean_name(text: str, tables: NameTables) -> str:
    """A mention without possessive, leading article or titles ("President Lukashenko's")."""
    name = re.sub(r"(?:'s|’s|'|’)$", "", text.strip())
    name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)
    words = name.split()
    while len(words) > 1:
        two = " ".join(words[:2]).lower().rstrip(".")
        if two in tables.titles:
            words = words[2:]
        elif words[0].lower().rstrip(".") in tables.titles:
            words = words[1:]
        else:
            break
    return " ".join(words) or name


def _initials(name: str) -> str:
    parts = re.split(r"[\s/-]+", name)
    return "".join(p[0] for p in parts if p and p.lower() not in _SMALL_WORDS).upper()


def _is_acronym(name: str) -> bool:
    letters = name.replace("/", "").replace(".", "").replace("-", "")
    return 2 <= len(letters) <= 8 and letters.isupper() and letters.isalpha()


def _entity_id(kind: str, key: str) -> str:
    return "E" + hashlib.sha1(f"{kind}|{key}".encode()).hexdigest()[:12]


@dataclass
class _Group:
    kind: str
    key: str
    forms: Counter[str] = field(default_factory=Counter)
    members: list[int] = field(default_factory=list)
    articles: Counter[str] = field(default_factory=Counter)
    """Mentions per article."""


def canonicalise(
    mentions: Sequence[Mention], tables: NameTables | None = None
) -> tuple[list[Entity], list[str | None]]:
    """Group ``mentions`` into entities; return the entities and each mention's entity id."""
    tables = tables or default_tables()
    names = [clean_name(m.refers_to or m.base or m.text, tables) for m in mentions]
    names = [tables.alias(n) for n in names]
    kinds = _vote_types(mentions, names)
    groups: dict[tuple[str, str], _Group] = {}

    def add(i: int, kind: str, key: str) -> None:
        group = groups.setdefault((kind, key), _Group(kind, key))
        group.forms[names[i]] += 1
        group.members.append(i)
        group.articles[mentions[i].article_id] += 1

    # "Trump's Twitter": a possessive inside a person's name makes it a phrase, not a name
    people = [i for i, k in enumerate(kinds) if k == "PERSON" and not _POSSESSIVE.search(names[i])]
    full = [i for i in people if len(names[i].split()) >= 2]
    single = [i for i in people if len(names[i].split()) == 1]
    middles = _middle_variants([names[i] for i in full], tables)
    for i in full:
        add(i, "PERSON", _person_key(names[i], groups, tables, middles))
    by_surname = _full_names_by_surname(groups)
    for i in single:
        add(i, "PERSON", _surname_key(i, names, mentions, by_surname))
    others = [i for i, k in enumerate(kinds) if k != "PERSON" and k in ENTITY_TYPES]
    others = [i for i in others if kinds[i] == "ORG" or not _POSSESSIVE.search(names[i])]
    acronyms = _acronym_targets([names[i] for i in others if not _is_acronym(names[i])])
    for i in others:
        name = names[i]
        letters = re.sub(r"[./-]", "", name)
        if _is_acronym(name) and letters in acronyms:
            name = names[i] = acronyms[letters]
        add(i, kinds[i], " ".join(translit_key(w) for w in name.split()))
    entities: list[Entity] = []
    assignment: list[str | None] = [None] * len(mentions)
    for group in groups.values():
        entity_id = _entity_id(group.kind, group.key)
        # the commonest full form names the entity ("Alexander Lukashenko", not a surname
        # alone, and not the one formal mention with a patronymic)
        full_forms = [f for f in group.forms if len(f.split()) >= 2] or list(group.forms)
        canonical = max(full_forms, key=lambda f: (group.forms[f], -len(f)))
        surfaces = Counter(mentions[i].text for i in group.members)
        entities.append(
            Entity(
                id=entity_id,
                canonical_name=canonical,
                type=group.kind,
                aliases=tuple(f for f, _ in surfaces.most_common()),
                key=group.key,
                mentions=len(group.members),
            )
        )
        for i in group.members:
            assignment[i] = entity_id
    entities.sort(key=lambda e: (-e.mentions, e.canonical_name))
    return entities, assignment


def _vote_types(mentions: Sequence[Mention], names: list[str]) -> list[str]:
    """One type per name: the majority label its mentions got (spaCy calls Belarus ORG too)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for mention, name in zip(mentions, names, strict=True):
        votes[name.lower()][mention.type] += 1
    # full names cast person votes for their surname ("Donald Trump" speaks for "Trump",
    # which the small model often tags ORG), but only enough of them outvote another type:
    # "George Washington" once does not make Washington a person
    for mention, name in zip(mentions, names, strict=True):
        words = name.split()
        if mention.type == "PERSON" and len(words) >= 2 and words[-1].lower() in votes:
            votes[words[-1].lower()]["PERSON"] += FULL_NAME_VOTES
    kinds = [votes[name.lower()].most_common(1)[0][0] for name in names]
    # a lone word that is the surname of a person named in full in the same article is that
    # person, whatever label it got ("Feduta" tagged NORP beside "Alexander Feduta")
    surnames = {
        (m.article_id, n.split()[-1].lower())
        for m, n, k in zip(mentions, names, kinds, strict=True)
        if k == "PERSON" and len(n.split()) >= 2
    }
    return [
        "PERSON" if len(n.split()) == 1 and (m.article_id, n.lower()) in surnames else k
        for m, n, k in zip(mentions, names, kinds, strict=True)
    ]


_POSSESSIVE = re.compile(r"\w(?:'s|’s|s'|s’)\s+\w")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
"""Generational suffixes: Donald Trump Jr. is not Donald Trump."""


def _name_parts(name: str, tables: NameTables) -> tuple[str, str, str, str]:
    """(given name, middle initials, surname, suffix) of a full name; a nickname is read as
    the given name it stands for (Mike Bloomberg: michael)."""
    words = [w for w in name.replace(",", " ").split()]
    suffix = ""
    if len(words) > 2 and words[-1].lower().rstrip(".") in _SUFFIXES:
        suffix = words.pop().lower().rstrip(".")
    middle = "".join(
        letter.upper()
        for w in words[1:-1]
        for letter in re.findall(r"(?<![\w.])\w", w.replace(".", ". "))
    )
    return tables.given(words[0]), middle, words[-1], suffix


def _middle_variants(names: Iterable[str], tables: NameTables) -> dict[str, set[str]]:
    """Given name and surname key -> the middle initials met with them (George H. W. Bush
    and George W. Bush: {"HW", "W"})."""
    found: dict[str, set[str]] = defaultdict(set)
    for name in names:
        given, middle, surname, suffix = _name_parts(name, tables)
        if middle:
            found[_base_key(given, surname, suffix)].add(middle)
    return found


def _base_key(given: str, surname: str, suffix: str) -> str:
    key = f"{translit_key(given)} {translit_key(surname)}"
    return f"{key} {suffix}" if suffix else key


def _person_key(
    name: str,
    groups: dict[tuple[str, str], _Group],
    tables: NameTables,
    middles: dict[str, set[str]],
) -> str:
    """Key of a full name: given name (nicknames read as the name) and surname skeletons,
    with the middle initials only when the corpus has people of that name with different
    ones (a patronymic used once still joins its person; George H. W. Bush stays apart
    from George W. Bush). An existing group with the same key must also look alike."""
    given, middle, surname, suffix = _name_parts(name, tables)
    key = _base_key(given, surname, suffix)
    if middle and len(middles.get(key, ())) > 1:
        key = f"{key}|{middle}"
    group = groups.get(("PERSON", key))
    if group is not None:
        form = group.forms.most_common(1)[0][0]
        other_given, _, other_surname, _ = _name_parts(form, tables)
        first_last = f"{other_given} {other_surname}"
        if fuzz.ratio(folded(first_last), folded(f"{given} {surname}")) < SIMILAR:
            return key + "|" + folded(name)
    return key


def _full_names_by_surname(groups: dict[tuple[str, str], _Group]) -> dict[str, list[_Group]]:
    """Full-name person groups by their surname's skeleton: a surname alone is compared with
    these only (blocking), so canonicalising grows with the corpus, not with its square."""
    found: dict[str, list[_Group]] = defaultdict(list)
    for (kind, key), group in groups.items():
        if kind == "PERSON" and " " in key:
            # keys are "given surname[ suffix][|middle]"; a given name may have no letters
            found[key.split("|")[0].split(" ")[1]].append(group)
    return found


DOMINANT = 3
"""A surname alone shared by several people named in full joins the one mentioned at least
this many times as often as the next (Trump: Donald Trump, not Ivanka Trump)."""


def _surname_key(
    i: int, names: list[str], mentions: Sequence[Mention], by_surname: dict[str, list[_Group]]
) -> str:
    """A surname alone joins the full name it belongs to: the only one named in its article,
    else the one of those (or, when its article names none, of the corpus's) that dominates
    the corpus, else the one that dominates its article; otherwise it stands for itself (the
    corpus first: a wife named three times beside her husband once in a story about him)."""
    surname = names[i]
    skeleton = translit_key(surname)
    matches = [
        g
        for g in by_surname.get(skeleton, ())
        if any(fuzz.ratio(folded(f.split()[-1]), folded(surname)) >= SIMILAR for f in g.forms)
    ]
    article = mentions[i].article_id
    same_article = [g for g in matches if article in g.articles]
    found = _dominant(same_article or matches, lambda g: len(g.members)) or _dominant(
        same_article, lambda g: g.articles[article]
    )
    return found.key if found is not None else skeleton


def _dominant(groups: Sequence[_Group], weight: Callable[[_Group], int]) -> _Group | None:
    """The only group, or the one whose weight is DOMINANT times the next one's."""
    if len(groups) <= 1:
        return groups[0] if groups else None
    ranked = sorted(groups, key=lambda g: (-weight(g), g.key))
    return ranked[0] if weight(ranked[0]) >= DOMINANT * weight(ranked[1]) else None


def _acronym_targets(long_names: Iterable[str]) -> dict[str, str]:
    """Acronym -> the long name its initials spell (RFE/RL: Radio Free Europe/Radio Liberty)."""
    found: dict[str, str] = {}
    for name in long_names:
        if len(name.split()) >= 2:
            found.setdefault(_initials(name), name)
    return {k: v for k, v in found.items() if len(k) >= 2}
