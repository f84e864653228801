"""The documentation keeps up (in the spirit of sqlite-utils' tests/test_docs.py): every
command has help text and a README entry, every problem code is in docs/problems.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.cli.main import COMMANDS, app_group

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PROBLEMS_DOC = (ROOT / "docs" / "problems.md").read_text(encoding="utf-8")


def _codes_in_source() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "kb").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes.update(re.findall(r'Problem\(\s*"([a-z][a-z0-9-]*)"', text))
    # the codes validation derives from Pydantic's error types
    from kb.ingest import validate

    codes.update(re.findall(r'"([a-z]+-[a-z-]+)"', Path(validate.__file__).read_text()))
    return codes


def test_the_problem_codes_are_found() -> None:
    codes = _codes_in_source()
    assert {"content-differs", "quote-not-found", "missing-field", "yaml-syntax"} <= codes


@pytest.mark.parametrize("code", sorted(_codes_in_source()))
def test_every_problem_code_is_documented(code: str) -> None:
    assert f"| `{code}` |" in PROBLEMS_DOC, f"docs/problems.md does not document {code}"


def test_the_derived_bad_type_codes_are_documented() -> None:
    assert "| `bad-TYPE` |" in PROBLEMS_DOC


def test_the_group_lists_every_registered_command() -> None:
    group = app_group()
    for name in COMMANDS:
        assert group.get_command(None, name) is not None, name


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_help_text(name: str) -> None:
    command = app_group().get_command(None, name)
    assert command.help and len(command.help.split()) >= 4, f"kb {name} has no help text"
    for param in command.params:
        if param.name != "help":
            assert getattr(param, "help", None), f"kb {name}: {param.name} has no help"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_a_readme_entry(name: str) -> None:
    headings = [line for line in README.splitlines() if line.startswith("### ")]
    assert any(f"`kb {name}" in h for h in headings), f"README has no ### heading for kb {name}"
