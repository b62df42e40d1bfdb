"""Configuration: shipped defaults, then ``newsprism.toml`` in the working folder, then --config.

Only plain data lives here (outlet domains, boilerplate vocabulary, size limits); pydantic is
not needed for a few tables, and every key is checked as it is read.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsprism.errors import UsageError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
"""Largest input read by default; bigger files are refused with a clear error."""

BOILERPLATE_KINDS = ("promo", "legal", "contact", "credit", "related")


@dataclass(frozen=True)
class Outlet:
    """An outlet known by its web domain."""

    domain: str
    name: str
    kind: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    outlets: dict[str, Outlet] = field(default_factory=dict)
    """Domain (without www.) -> outlet."""
    boilerplate: dict[str, tuple[tuple[tuple[str, ...] | None, re.Pattern[str]], ...]] = field(
        default_factory=dict
    )
    """Kind -> (literals of which every match contains one, or None; pattern)."""
    max_bytes: int = DEFAULT_MAX_BYTES
    entities: dict[str, Any] = field(default_factory=dict)
    """The user's [entities] table (titles, aliases), added to data/entities.toml."""

    def outlet_for_domain(self, host: str) -> Outlet | None:
        """The outlet of ``host`` or of its nearest parent domain (news.bbc.co.uk -> bbc.co.uk)."""
        host = host.lower().strip(".")
        host = host.removeprefix("www.")
        parts = host.split(".")
        for i in range(len(parts) - 1):
            outlet = self.outlets.get(".".join(parts[i:]))
            if outlet:
                return outlet
        return None

    def outlet_name_for_url(self, url: str) -> str | None:
        """The outlet a URL belongs to: its known name, else the bare host name."""
        host = urlsplit(url).hostname or ""
        known = self.outlet_for_domain(host)
        return known.name if known else (host.removeprefix("www.") or None)

    def outlet_by_name(self, name: str) -> Outlet | None:
        """The outlet whose name, alias or domain is ``name`` (case-insensitive)."""
        return _name_index(self).get(_name_key(name))


_ALTERNATIVES = re.compile(r"^\^?(?:\\W\*)?(?:\\b)?\\?\(?\??\(((?:[a-z' ]+\|)+[a-z' ]+)\)")
"""A leading group of plain-word alternatives: ^(photo|image|video) or \\b(getty images|...)."""


def literal_anchors(pattern: str) -> tuple[str, ...] | None:
    """Lower-case literals of which every match of ``pattern`` contains one, or None.

    Scanning 70 vocabulary patterns over every paragraph dominates ingest time, yet almost
    every paragraph matches none; checking mandatory literals with ``in`` first skips the
    regex engine. Only text outside groups and classes counts (escaped punctuation is
    literal), a top-level ``|`` means no anchor, and a character made optional by ``?``,
    ``*`` or ``{`` ends the literal. Failing that, a leading group of word alternatives
    gives one anchor per alternative.
    """
    runs: list[str] = []
    run = ""
    depth = 0
    i = 0
    while i < len(pattern):
        char = pattern[i]
        following = pattern[i + 1] if i + 1 < len(pattern) else ""
        after = pattern[i + 2] if i + 2 < len(pattern) else ""
        if char == "\\":
            if depth == 0 and following and not following.isalnum() and after not in "?*{":
                run += following  # an escaped "(" or "." is a literal character
            else:
                runs.append(run)
                run = ""
            i += 2
            continue
        if char == "{" and "}" in pattern[i:]:  # a {m,n} quantifier: no literal inside
            runs.append(run)
            run = ""
            i = pattern.index("}", i) + 1
            continue
        if char in "([":
            runs.append(run)
            run = ""
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            return None
        elif depth == 0 and (char.isalnum() or char in " '-/@©"):
            if following and following in "?*{":
                runs.append(run)
                run = ""
            else:
                run += char.lower()
        else:
            runs.append(run)
            run = ""
        i += 1
    runs.append(run)
    best = max((r.strip() for r in runs), key=len, default="")
    if len(best) >= 3 or (best and not best.isalnum()):
        return (best,)
    group = _ALTERNATIVES.match(pattern)
    if group:
        return tuple(a.strip() for a in group.group(1).split("|"))
    return None


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9/]+", " ", name.lower()).strip()


_NAME_INDEXES: dict[int, dict[str, Outlet]] = {}


def _name_index(config: Config) -> dict[str, Outlet]:
    index = _NAME_INDEXES.get(id(config))
    if index is None:
        index = {}
        for outlet in config.outlets.values():
            for name in (outlet.domain, outlet.name, *outlet.aliases):
                index.setdefault(_name_key(name), outlet)
        _NAME_INDEXES[id(config)] = index
    return index


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read config ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML ({exc}); fix the file or remove it") from None


def _shipped(name: str) -> dict[str, Any]:
    with resources.files("newsprism.data").joinpath(name).open("rb") as handle:
        return tomllib.load(handle)


def _outlets(table: dict[str, Any], origin: str) -> dict[str, Outlet]:
    outlets = {}
    for domain, entry in table.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise UsageError(f'{origin}: outlet {domain!r} needs a name = "..." entry')
        key = domain.lower().removeprefix("www.")
        aliases = tuple(str(a) for a in entry.get("aliases", ()))
        outlets[key] = Outlet(key, entry["name"], str(entry.get("kind", "")), aliases)
    return outlets


def _patterns(table: dict[str, Any], origin: str) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for kind, patterns in table.items():
        if kind not in BOILERPLATE_KINDS or not isinstance(patterns, list):
            raise UsageError(
                f"{origin}: [boilerplate] {kind!r} must be one of {', '.join(BOILERPLATE_KINDS)}"
                " and hold a list of regular expressions"
            )
        result[kind] = [str(p) for p in patterns]
    return result


def load_config(path: Path | None = None, workdir: Path | None = None) -> Config:
    """Shipped defaults overlaid by ``workdir``/newsprism.toml (if any) and then by ``path``."""
    outlets = _outlets(_shipped("outlets.toml"), "shipped outlets.toml")
    patterns = _patterns(_shipped("boilerplate.toml"), "shipped boilerplate.toml")
    max_bytes = DEFAULT_MAX_BYTES
    entities: dict[str, Any] = {}
    local = workdir / "newsprism.toml" if workdir is not None else None
    for user_path in [p for p in (local, path) if p is not None]:
        if user_path is local and not user_path.is_file():
            continue
        user = _read_toml(user_path)
        outlets.update(_outlets(user.get("outlets", {}), str(user_path)))
        for kind, extra in _patterns(user.get("boilerplate", {}), str(user_path)).items():
            patterns.setdefault(kind, []).extend(extra)
        user_entities = user.get("entities", {})
        if not isinstance(user_entities, dict):
            raise UsageError(f"{user_path}: [entities] must be a table (titles, aliases)")
        for name, value in user_entities.items():
            if name == "titles":
                entities.setdefault("titles", []).extend(value)
            elif name == "aliases":
                entities.setdefault("aliases", {}).update(value)
        ingest = user.get("ingest", {})
        if "max_bytes" in ingest:
            if not isinstance(ingest["max_bytes"], int) or ingest["max_bytes"] <= 0:
                raise UsageError(f"{user_path}: [ingest] max_bytes must be a positive integer")
            max_bytes = ingest["max_bytes"]
    compiled = {}
    for kind, regexes in patterns.items():
        try:
            compiled[kind] = tuple(
                (literal_anchors(r), re.compile(r, re.IGNORECASE)) for r in regexes
            )
        except re.error as exc:
            raise UsageError(f"boilerplate pattern {exc.pattern!r} is invalid: {exc}") from None
    return Config(outlets=outlets, boilerplate=compiled, max_bytes=max_bytes, entities=entities)


@cache
def default_config() -> Config:
    """The shipped configuration alone (no working-folder overrides), loaded once."""
    return load_config()
