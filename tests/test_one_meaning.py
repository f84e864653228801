"""One meaning, one helper: the version spelling, the fiscal-year span, the changed fields
(kb history and kb diff agree), a version as a row (kb versions and the export's sources)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from kb.domain.refs import fy_range, version_ref
from tests.conftest import RunKb

OLD, NEW = "IF10578@2024-10-01", "IF10578@2025-08-14"


def test_version_ref() -> None:
    assert version_ref("IF10578", dt.date(2025, 8, 14)) == NEW


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (2023, 2023, "FY2023"),
        (2008, 2023, "FY2008-FY2023"),
        (2021, None, "FY2021-present"),
        (None, 2020, "...-FY2020"),
        (None, None, ""),
    ],
)
def test_fy_range(start: int | None, end: int | None, text: str) -> None:
    assert fy_range(start, end) == text


def test_history_and_diff_name_the_same_changed_fields(kb: RunKb, shared_url: str) -> None:
    changes = kb("diff", OLD, NEW, "--format", "json", db=shared_url).json()
    changed = [c for c in changes if c["change"] in ("revised", "reworded")]
    assert len(changed) >= 3
    for change in changed[:5]:
        history = kb("history", change["id"], "--format", "json", db=shared_url).json()
        assert [(h["change"], h["fields"]) for h in history] == [
            ("first stated", []),
            (change["change"], change["fields"]),
        ]


def test_a_version_is_one_row_everywhere(kb: RunKb, shared_url: str, tmp_path: Path) -> None:
    versions = kb("versions", "--format", "json", db=shared_url).json()
    result = kb(
        "export", "all", "-o", str(tmp_path / "out"), "--at", OLD, "--at", NEW, db=shared_url
    )
    assert result.code == 0, result.err
    with open(tmp_path / "out" / "sources.csv", encoding="utf-8") as f:
        sources = list(csv.DictReader(f))
    assert [list(v) for v in versions] == [list(s) for s in sources]
    assert [v["ref"] for v in versions] == [s["ref"] for s in sources] == [OLD, NEW]


def test_an_unknown_report_is_told_the_same_way(kb: RunKb, shared_url: str) -> None:
    expected = "kb: no report XX1; reports in this database: IF10578\n"
    assert kb("versions", "XX1", db=shared_url).err == expected
    assert kb("diff", "XX1", "XX1@2024-10-01", db=shared_url).err == expected
