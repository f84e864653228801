"""The CLI's help: --version, -h, completion, placeholders in words, whole descriptions,
and a real example in every command's help, run here against the seeded database."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest

from kb.cli.main import COMMANDS
from kb.store.paths import seeds_dir
from tests.conftest import RunKb

ROOT = Path(__file__).resolve().parent.parent


def _help(kb: RunKb, *args: str) -> str:
    result = kb(*args, "--help")
    assert result.code == 0, result.err
    return result.out


def test_version(kb: RunKb) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    result = kb("--version")
    assert (result.code, result.out) == (0, f"kb {version}\n")


def test_dash_h_is_help(kb: RunKb) -> None:
    short, long = kb("-h"), kb("--help")
    assert short.code == long.code == 0
    assert short.out == long.out and "Commands:" in short.out
    assert kb("funding", "-h").out == kb("funding", "--help").out


def test_shell_completion_is_typer_own(kb: RunKb) -> None:
    top = _help(kb)
    assert "--install-completion" in top and "--show-completion" in top
    result = kb("--show-completion", "bash")
    assert result.code == 0 and "_kb_completion" in result.out


def test_command_descriptions_are_whole(kb: RunKb) -> None:
    listing = _help(kb).split("Commands:")[1]
    assert "..." not in listing
    for name in COMMANDS:
        assert re.search(rf"^  {name} ", listing, re.M), name


@pytest.mark.parametrize("name", list(COMMANDS))
def test_placeholders_are_words_not_python_types(kb: RunKb, name: str) -> None:
    text = _help(kb, name)
    assert not re.search(r"<[a-z\[\]|]+>", text), text
    assert "list[" not in text


def _example(kb: RunKb, name: str) -> list[str]:
    text = _help(kb, name)
    match = re.search(r"Example:\n\s+(kb .+)\n", text)
    assert match, f"kb {name} --help has no example"
    return shlex.split(match.group(1))


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_an_example_that_works(
    kb: RunKb, name: str, seeded_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = _example(kb, name)
    assert argv[:2] == ["kb", name]
    if name == "serve":
        pytest.skip("kb serve runs until stopped: tests/test_web_browser.py runs it for real")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").symlink_to(seeds_dir(), target_is_directory=True)
    result = kb(*argv[1:], db=seeded_url)
    assert result.code == 0, result.err
    assert result.out or result.err  # it said something
    if name not in ("load", "migrate", "export", "verify"):
        assert result.out.strip() and "(no rows)" not in result.out


def test_the_show_example_id_exists(kb: RunKb, shared_url: str) -> None:
    text = _help(kb, "show")
    for fact_id in re.findall(r"e\.g\. ([a-z0-9-]+)", text):
        assert kb("show", fact_id, db=shared_url).code == 0, fact_id
