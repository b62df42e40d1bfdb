"""The optional LLM back-end against a local chat-completions server (no network)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar

import numpy as np
import pytest

from newsprism.errors import UsageError
from newsprism.framing.llm import LLMBackend, frame_llm
from newsprism.framing.text import split
from newsprism.records import FramingDoc, Mention, Sentence

TEXT = (
    "Coup plot foiled\n\n"
    "Belarus says Washington plotted a coup. The traitors will be punished!\n\n"
    "Lukashenko thanked Russia for its help."
)
ANSWER = {
    "genre": "opinion",
    "frames": ["Political", "Not_a_frame"],
    "narratives": ["URW: Discrediting the West, Diplomacy"],
    "techniques": [
        {"label": "Name_Calling-Labeling", "evidence": "The traitors will be punished!",
         "score": 0.9},
        {"label": "Invented_Technique", "evidence": "Coup plot foiled", "score": 0.9},
        {"label": "Loaded_Language", "evidence": "words the article never says", "score": 7},
    ],
    "roles": [
        {"entity": "Washington", "main": "Antagonist", "fine": ["Conspirator", "Victim"],
         "evidence": "Belarus says Washington plotted a coup."},
        {"entity": "Nobody Known", "main": "Protagonist", "fine": ["Guardian"]},
    ],
}  # fmt: skip


class Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, Any]]] = []
    reply: str = ""

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Handler.requests.append({"path": self.path, "body": body})
        payload = json.dumps(
            {"choices": [{"index": 0, "message": {"role": "assistant", "content": self.reply}}]}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.requests = []
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def _doc() -> FramingDoc:
    _, spans = split(TEXT)
    at = TEXT.index("Washington")
    mentions = [
        Mention("a1", at, at + 10, "Washington", "GPE", "E_washington"),
        Mention("a1", TEXT.index("Russia"), TEXT.index("Russia") + 6, "Russia", "GPE", "E_ru"),
    ]
    return FramingDoc("a1", TEXT, ((0, len(TEXT)),), [Sentence("a1", s, e) for s, e in spans],
                      np.zeros((len(spans), 384), np.float32), mentions)  # fmt: skip


def test_llm_labels_are_checked_and_located(server: str) -> None:
    Handler.reply = "Sure! " + json.dumps(ANSWER)
    labels = frame_llm(_doc(), LLMBackend(server, model="tiny"))
    request = Handler.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["body"]["model"] == "tiny"
    assert "Washington" in request["body"]["messages"][-1]["content"]
    got = {(x.scheme, x.label) for x in labels}
    assert got == {
        ("genre", "opinion"), ("frame", "Political"),
        ("narrative", "URW: Discrediting the West, Diplomacy"),
        ("technique", "Name_Calling-Labeling"), ("technique", "Loaded_Language"),
        ("role", "Antagonist"), ("role_fine", "Conspirator"),
    }  # fmt: skip
    by = {x.label: x for x in labels}
    name_calling = by["Name_Calling-Labeling"]
    assert TEXT[name_calling.start : name_calling.end] == "The traitors will be punished!"
    assert name_calling.kind == "span" and name_calling.score == 0.9
    # evidence not in the text falls back to the whole article; the score is clipped
    assert by["Loaded_Language"].kind == "article" and by["Loaded_Language"].score == 1.0
    assert by["Antagonist"].entity_id == "E_washington"
    assert all(x.model == "llm:tiny" for x in labels)


def test_llm_without_json_is_a_usage_error(server: str) -> None:
    Handler.reply = "I cannot help with that."
    with pytest.raises(UsageError, match="without a JSON object"):
        frame_llm(_doc(), LLMBackend(server + "/chat/completions"))


def test_llm_unreachable_endpoint() -> None:
    with pytest.raises(UsageError, match="check --llm-url"):
        frame_llm(_doc(), LLMBackend("http://127.0.0.1:9/v1"))
