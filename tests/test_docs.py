"""The README cannot drift from the CLI: every command is documented with its help text."""

from __future__ import annotations

from pathlib import Path

import typer

from newsprism.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def _commands(group: typer.Typer, prefix: str = "") -> list[tuple[str, str]]:
    found = []
    for info in group.registered_commands:
        name = info.name or (info.callback.__name__ if info.callback else "")
        doc = (info.callback.__doc__ or "").strip().splitlines()[0] if info.callback else ""
        found.append((prefix + name, doc))
    for sub in group.registered_groups:
        assert sub.typer_instance is not None
        found += _commands(sub.typer_instance, prefix + (sub.name or "") + " ")
    return found


def test_every_command_is_in_the_readme_with_its_help() -> None:
    commands = _commands(app)
    assert len(commands) >= 6
    for name, doc in commands:
        assert f"`newsprism {name}" in README, name
        assert doc and doc in README, (name, doc)


def test_readme_names_the_two_commands() -> None:
    assert "bash scripts/setup.sh && .venv/bin/newsprism analyze examples/" in README
    assert ".venv/bin/python -m pytest -q" in README
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert "bash scripts/setup.sh" in ci
    assert ".venv/bin/python -m pytest -q" in ci
