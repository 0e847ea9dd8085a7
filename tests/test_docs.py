"""The docs must keep up with the code: a command, option or setting missing from them
fails here."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from accord.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _sections() -> dict[str, str]:
    parts = re.split(r"^## accord (\S+)\s*$", CLI_DOC, flags=re.MULTILINE)
    return {name: body for name, body in zip(parts[1::2], parts[2::2])}


def _commands():
    return typer.main.get_command(app).commands


def test_every_command_has_a_section_in_docs_cli():
    missing = sorted(set(_commands()) - set(_sections()))
    assert not missing, f"commands missing from docs/cli.md: {missing}"


def test_every_section_names_a_real_command():
    stale = sorted(set(_sections()) - set(_commands()))
    assert not stale, f"docs/cli.md documents commands that no longer exist: {stale}"


def test_every_option_of_every_command_is_documented_in_its_section():
    sections = _sections()
    missing = []
    for name, command in _commands().items():
        for param in command.params:
            if getattr(param, "param_type_name", "") != "option" or param.name == "help":
                continue
            if not any(opt in sections.get(name, "") for opt in param.opts if opt.startswith("--")):
                missing.append(f"accord {name} {param.opts[0]}")
    assert not missing, f"options missing from docs/cli.md: {missing}"


def test_every_command_help_has_an_example():
    for name, command in _commands().items():
        assert "Example" in (command.help or ""), f"accord {name} --help gives no example"


def _settings_in_code() -> set[str]:
    found = set()
    for path in (ROOT / "src" / "accord").rglob("*.py"):
        found |= set(re.findall(r"\"(ACCORD_[A-Z_]+)\"", path.read_text(encoding="utf-8")))
    return found


def test_every_environment_setting_is_in_the_readme_settings():
    settings = _settings_in_code()
    assert settings, "no ACCORD_ settings found in the code; the scan is broken"
    missing = sorted(s for s in settings if f"`{s}`" not in README)
    assert not missing, f"settings missing from the README: {missing}"


def test_the_readme_starts_with_exactly_two_commands():
    block = README.split("```", 2)[1]
    commands = [line for line in block.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert commands == ["make demo", "make test"]


def test_the_docs_the_readme_points_to_exist():
    for relative in re.findall(r"`((?:docs/[\w./-]+|DEVELOPERS\.md))`", README):
        assert (ROOT / relative).exists(), f"README points to {relative}, which does not exist"
