"""One scorer per stage, each reading a public dataset in its own format."""

from __future__ import annotations

from pathlib import Path

BENCH = Path(__file__).resolve().parents[3].parent / "shared" / "bench"
"""Where ../shared/bench/ sits beside a source checkout; pass --data elsewhere."""
