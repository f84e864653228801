"""Terminal tables at 80 and 120 columns: the columns that answer the question are shown
(long text wraps first), what is left out is said on stderr, --wide and --columns, a pager
on a terminal, and no control character of the data reaches the screen."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from kb.output.table import layout, render_table, wrap


def _lines_fit(text: str, width: int) -> None:
    for line in text.splitlines():
        assert cell_len(line) <= width, f"{cell_len(line)} > {width}: {line!r}"


@pytest.mark.parametrize("width", [80, 120])
def test_funding_shows_amount_status_account_recipient_quote(
    shared_url: str,
    kb,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    width: int,
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = kb("funding", "--fy", "2023", db=shared_url)
    assert result.code == 0, result.err
    _lines_fit(result.out, width)
    out = result.out
    # fy and recipient are the same on every row: shown once above the table
    assert "fy: 2023" in out and "recipient: Mexico" in out
    header = next(line for line in out.splitlines() if "amount_usd" in line).split()
    for col in ("amount_usd", "status", "account", "quote"):
        assert col in header, header
    for value in ("3,600,000,000", "48,000,000", "37,000,000", "appropriated", "reported"):
        assert value in out
    assert "INCLE" in out and "ESF" in out and "Mérida" in out
    if width == 120:
        assert {"id", "range", "qualifier"} <= set(header)
        assert "left out" not in result.err
    else:
        assert "left out to fit 80 columns: id" in result.err  # said, never silent


@pytest.mark.parametrize("width", [80, 120])
def test_history_shows_the_amounts_and_status(
    shared_url: str,
    kb,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    width: int,
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = kb("history", "security-assistance-total", db=shared_url)
    assert result.code == 0, result.err
    _lines_fit(result.out, width)
    header = next(line for line in result.out.splitlines() if "amount_usd" in line).split()
    assert {"change", "version", "amount_usd", "qualifier", "quote"} <= set(header)
    assert "3,500,000,000" in result.out and "3,600,000,000" in result.out
    assert "id: security-assistance-total" in result.out
    assert "status: appropriated" in result.out  # the same in both versions: said once


def test_wide_shows_every_column(shared_url: str, kb, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "80")
    result = kb("funding", "--fy", "2023", "--wide", db=shared_url)
    assert result.code == 0 and "left out" not in result.err
    header = next(line for line in result.out.splitlines() if "amount_usd" in line).split()
    assert header == [
        "fy", "range", "id", "amount_usd", "qualifier", "status", "account", "recipient",
        "measure", "quote",
    ]  # fmt: skip


def test_columns_picks_and_orders(shared_url: str, kb, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "80")
    result = kb("funding", "--fy", "2023", "--columns", "id,amount_usd,program", db=shared_url)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[2].split() == ["id", "amount_usd", "program"]
    csv_out = kb(
        "funding", "--fy", "2023", "--columns", "id,amount_usd", "-f", "csv", db=shared_url
    )
    assert csv_out.out.splitlines()[0] == "id,amount_usd"
    bad = kb("funding", "--fy", "2023", "--columns", "id,nope", db=shared_url)
    assert bad.code == 2 and "no column nope" in bad.err and "amount_usd" in bad.err


def test_a_pipe_gets_the_natural_width(
    shared_url: str, kb, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("COLUMNS", raising=False)
    result = kb("funding", "--fy", "2023", db=shared_url)
    assert result.code == 0 and "left out" not in result.err
    assert "security-assistance-total" in result.out


def test_layout_wraps_before_it_drops() -> None:
    names = ["id", "amount_usd", "quote"]
    cells = [["a-long-identifier-here", "3,600,000,000", "word " * 40]]
    wide = layout(names, cells, None)
    assert wide.columns == names and wide.widths[2] == 60
    fit = layout(names, cells, 60)
    assert fit.columns == names and not fit.dropped
    assert sum(fit.widths) + 2 * 2 <= 60
    tight = layout(names, cells, 40, drop_order=("id",))
    assert tight.dropped == ["id"] and tight.columns == ["amount_usd", "quote"]


def test_wrap_breaks_ids_at_hyphens_and_prose_at_spaces() -> None:
    assert wrap("security-assistance-total", 12, prose=False) == [
        "security-",
        "assistance-",
        "total",
    ]
    assert wrap("one two three", 7, prose=True) == ["one two", "three"]
    assert wrap("abcdefghij", 4, prose=True) == ["abcd", "efgh", "ij"]


def test_table_cells_escape_terminal_controls() -> None:
    rows = [{"quote": "red \x1b[31mRED\x1b[0m \x1b]0;TITLE\x07 \u202eevil\u202c", "n": 1}]
    text, _ = render_table(rows, ["quote", "n"], 80, title="t\x1b[2J")
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert "\\x1b[31mRED" in text and "\\u202e" in text


def _run_in_pty(args: list[str], env: dict[str, str]) -> str:
    """Run kb with its stdout on a pseudo-terminal; returns what reached the terminal."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kb", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(leader)
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_long_table_on_a_terminal_goes_through_the_pager(shared_url: str, tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    pager = tmp_path / "pager.sh"
    pager.write_text(f'#!/bin/sh\necho "LESS=$LESS" > {paged}\ncat >> {paged}\n')
    pager.chmod(0o755)
    env = {**os.environ, "PAGER": str(pager), "COLUMNS": "100", "LINES": "10"}
    env.pop("LESS", None)
    env.pop("KB_PAGER", None)
    shown = _run_in_pty(["facts", "--db", shared_url], env)
    text = paged.read_text(encoding="utf-8")
    assert text.startswith("LESS=FRX\n") and "report: IF10578" in text
    assert "IF10578" not in shown  # the pager had it, not the terminal directly
    paged.unlink()
    shown = _run_in_pty(["facts", "--no-pager", "--db", shared_url], env)
    assert not paged.exists() and "report: IF10578" in shown
    # short output is not paged; a file never is
    shown = _run_in_pty(["reports", "--db", shared_url], {**env, "LINES": "50"})
    assert not paged.exists() and "IF10578" in shown
