"""An optional framing back-end: any OpenAI-compatible chat-completions endpoint.

Off by default; ``newsprism framing --llm-url URL`` uses it. The model is asked for JSON
(techniques with a quoted evidence sentence, roles of named entities, narratives, frames and
genre), and its answer is checked against the same label sets as the trained heads: unknown
labels are dropped, evidence that cannot be found verbatim in the article falls back to the
paragraph or the whole text, and scores are clipped to [0, 1]. The labels are the same
records as the heads', with ``model`` naming the endpoint's model.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import httpx

from newsprism.errors import UsageError
from newsprism.framing import heads
from newsprism.framing.frame import encoded_doc
from newsprism.records import FramingDoc, Label

MAX_CHARS = 12_000
"""Article text sent per request (a long article is cut: most models' context is small)."""
TIMEOUT = 120.0


@dataclass(frozen=True)
class LLMBackend:
    url: str
    """Base URL (``http://host:port/v1``) or the full ``.../chat/completions`` address."""
    model: str = "default"
    api_key: str | None = None
    transport: httpx.BaseTransport | None = None
    """Injected in tests (httpx.MockTransport) or left None for the network."""

    @property
    def endpoint(self) -> str:
        url = self.url.rstrip("/")
        return url if url.endswith("/chat/completions") else url + "/chat/completions"


def _prompt(text: str, entities: list[str]) -> str:
    techniques = ", ".join(heads.load("techniques").labels)
    frames = ", ".join(heads.load("frames").labels)
    narratives = "; ".join(heads.load("narratives_coarse").labels)
    roles = "; ".join(f"{k}: {', '.join(v)}" for k, v in heads.ROLE_GROUPS.items())
    return (
        "Analyse how this news article frames its story. Answer with one JSON object only:\n"
        '{"genre": "opinion|reporting|satire", "frames": [..], "narratives": [..],\n'
        ' "techniques": [{"label": .., "evidence": "<exact sentence copied from the text>",'
        ' "score": 0..1}],\n'
        ' "roles": [{"entity": .., "main": .., "fine": [..], "evidence": "<exact sentence>"}]}\n'
        f"Techniques: {techniques}.\nFrames: {frames}.\nNarratives (or none): {narratives}.\n"
        f"Roles (main: fine): {roles}.\n"
        f"Entities to cast (use these names): {', '.join(entities) or 'none'}.\n\n"
        f"ARTICLE:\n{text[:MAX_CHARS]}"
    )


def _json_object(content: str) -> dict[str, Any]:
    match = re.search(r"\{.*\}", content, re.S)
    if not match:
        raise UsageError("the LLM answered without a JSON object; try another model")
    try:
        data = json.loads(match.group(0))
    except json.JSONDecodeError as exc:
        raise UsageError(f"the LLM's JSON does not parse ({exc}); try another model") from None
    if not isinstance(data, dict):
        raise UsageError("the LLM's answer is not a JSON object; try another model")
    return data


def _score(value: Any, default: float = 0.5) -> float:
    try:
        return min(max(float(value), 0.0), 1.0)
    except (TypeError, ValueError):
        return default


def ask(backend: LLMBackend, prompt: str) -> dict[str, Any]:
    """One chat-completions request; errors become UsageError with what to check."""
    headers = {"Authorization": f"Bearer {backend.api_key}"} if backend.api_key else {}
    body = {
        "model": backend.model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": "You are a careful media analyst. Reply in JSON."},
            {"role": "user", "content": prompt},
        ],
    }
    try:
        with httpx.Client(transport=backend.transport, timeout=TIMEOUT) as client:
            response = client.post(backend.endpoint, json=body, headers=headers)
            response.raise_for_status()
            content = response.json()["choices"][0]["message"]["content"]
    except httpx.HTTPError as exc:
        raise UsageError(
            f"LLM endpoint {backend.endpoint} failed: {exc}; check --llm-url"
        ) from None
    except (KeyError, IndexError, TypeError, ValueError):
        raise UsageError(f"{backend.endpoint} did not answer in the chat-completions format;"
                         " check --llm-url") from None  # fmt: skip
    return _json_object(str(content))


def frame_llm(doc: FramingDoc, backend: LLMBackend) -> list[Label]:
    """The article's labels as the LLM sees them, checked against the known label sets."""
    encoded = encoded_doc(doc)
    text = doc.text
    names: dict[str, str] = {}
    for m in doc.mentions:
        if m.entity_id and m.entity_id not in names.values():
            names.setdefault(m.text, m.entity_id)
    data = ask(backend, _prompt("\n".join(text[s:e] for s, e in encoded.paragraphs),
                                list(names)[:20]))  # fmt: skip
    model = f"llm:{backend.model}"
    whole = (encoded.paragraphs[0][0], encoded.paragraphs[-1][1]) if encoded.paragraphs else (
        0, len(text))  # fmt: skip

    def locate(evidence: Any) -> tuple[str, int, int]:
        if isinstance(evidence, str) and evidence.strip():
            at = text.find(evidence.strip())
            if at >= 0:
                return "span", at, at + len(evidence.strip())
        return "article", *whole

    found: list[Label] = []
    genre = data.get("genre")
    if genre in heads.load("genre").labels:
        found.append(Label(doc.article_id, "article", *whole, "genre", genre, 1.0, model))
    for scheme, head, key in (("frame", "frames", "frames"),
                              ("narrative", "narratives_coarse", "narratives")):  # fmt: skip
        known = set(heads.load(head).labels)
        for name in data.get(key) or []:
            if name in known:
                found.append(Label(doc.article_id, "article", *whole, scheme, name, 1.0, model))
    known_techniques = set(heads.load("techniques").labels)
    for item in data.get("techniques") or []:
        if isinstance(item, dict) and item.get("label") in known_techniques:
            kind, s, e = locate(item.get("evidence"))
            found.append(Label(doc.article_id, kind, s, e, "technique", item["label"],
                               _score(item.get("score")), model))  # fmt: skip
    for item in data.get("roles") or []:
        if not isinstance(item, dict) or item.get("main") not in heads.ROLE_GROUPS:
            continue
        entity = names.get(str(item.get("entity")))
        if entity is None:
            continue
        _, s, e = locate(item.get("evidence"))
        found.append(Label(doc.article_id, "entity", s, e, "role", item["main"], 1.0, model,
                           entity))  # fmt: skip
        for fine in item.get("fine") or []:
            if fine in heads.ROLE_GROUPS[item["main"]]:
                found.append(Label(doc.article_id, "entity", s, e, "role_fine", fine, 1.0,
                                   model, entity))  # fmt: skip
    return found
