"""The output layer: one CSV path, data kept as data until the renderer (numbers in CSV
and JSON, exact), `json` a list of objects everywhere and `jsonl` its own format."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from kb.output.jsonfile import write_json, write_jsonl

OLD, NEW = "IF10578@2024-10-01", "IF10578@2025-08-14"
LONG = ["fy", "account", "amount_usd", "qualifier", "status", "recipient", "id"]


def test_by_year_csv_has_numbers_and_separate_columns(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    result = kb("funding", "--by-year", "--at", OLD, "--format", "csv", db=shared_url)
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert list(rows[0]) == LONG
    incle = {(r["fy"], r["account"]): r for r in rows}
    assert incle[("2023", "INCLE")]["amount_usd"] == "48000000"
    assert incle[("2023", "INCLE")]["status"] == "estimated"
    assert incle[("2024", "ESF+INCLE")]["qualifier"] == "at_least"
    for row in rows:  # no display strings: every amount reads as a number
        Decimal(row["amount_usd"])
        assert "(" not in "".join(row.values())


def test_by_year_json_amounts_are_numbers(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    rows = kb("funding", "--by-year", "--at", OLD, "--format", "json", db=shared_url).json()
    assert rows and all(set(r) == set(LONG) for r in rows)
    assert all(isinstance(r["amount_usd"], int | Decimal) for r in rows)
    by_key = {(r["fy"], r["account"]): r for r in rows}
    assert by_key[(2024, None)]["amount_usd"] == 127100000  # the report's own total, no account


def test_by_year_table_keeps_the_compact_display(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    result = kb("funding", "--by-year", "--at", OLD, db=shared_url)
    assert result.code == 0 and "48,000,000 (estimated)" in result.out


def test_by_year_total_is_a_row_with_account_total() -> None:
    from kb.query.funding import FundingRow, pivot

    def row(account: str, amount: str) -> FundingRow:
        return FundingRow(
            "R1", __import__("datetime").date(2024, 1, 1), 2020, f"x-{account}", 2020, 2020,
            Decimal(amount), "exact", "appropriated", account, "Mexico", None, None, None, "q",
        )  # fmt: skip

    table = pivot([row("ESF", "10.50"), row("INCLE", "20")])
    assert table.long_rows()[-1] == {
        "fy": 2020,
        "account": "total",
        "amount_usd": Decimal("30.50"),
        "qualifier": "exact",
        "status": "appropriated",
        "recipient": "Mexico",
        "id": None,
    }
    assert table.display_rows() == [
        {"fy": 2020, "recipient": "Mexico", "ESF": "10.50", "INCLE": "20", "total": "30.50"}
    ]


@pytest.mark.parametrize(
    "amount", ["999999999999999.99", "900719925474099.3", "0.01", "127100000", "-0"]
)
def test_json_numbers_are_the_decimal_digits(amount: str) -> None:
    out = io.StringIO()
    write_json(out, [{"amount_usd": Decimal(amount), "nested": {"a": [Decimal(amount)]}}])
    text = out.getvalue()
    expected = format(Decimal(amount).normalize(), "f")
    assert f'"amount_usd": {expected}' in text  # a number, not a string, not a float
    (row,) = json.loads(text, parse_float=Decimal)
    assert row["amount_usd"] == Decimal(amount) and row["nested"]["a"] == [Decimal(amount)]
    lines = io.StringIO()
    write_jsonl(lines, [{"amount_usd": Decimal(amount)}])
    assert lines.getvalue() == f'{{"amount_usd": {expected}}}\n'


def test_json_is_laid_out_as_json_dump() -> None:
    rows = [{"a": 1, "b": ["x", None]}, {"a": 2, "b": []}]
    out = io.StringIO()
    write_json(out, rows)
    assert out.getvalue() == json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    empty = io.StringIO()
    write_json(empty, [])
    assert empty.getvalue() == "[]\n"


def test_facts_json_amounts_are_numbers(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    rows = kb("facts", "appropriation", "--format", "json", db=shared_url).json()
    assert rows and all(isinstance(r["amount_usd"], int | Decimal) for r in rows)
    diff = kb("diff", OLD, NEW, "--kind", "appropriation", "--format", "json", db=shared_url)
    changed = next(r for r in diff.json() if r["id"] == "security-assistance-total")
    assert changed["after"]["amount_usd"] == 3600000000


def test_jsonl_is_its_own_format_everywhere(shared_url: str, kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = kb("facts", "--format", "jsonl", db=shared_url)
    assert result.code == 0, result.err
    lines = [json.loads(line) for line in result.out.splitlines()]
    listed = kb("facts", "--format", "json", db=shared_url).json()
    assert [x["id"] for x in lines] == [x["id"] for x in listed]
    # export: json is a list of objects, jsonl one object per line
    as_list, as_lines = tmp_path / "facts.json", tmp_path / "facts.jsonl"
    assert kb("export", "all", "-o", str(as_list), db=shared_url).code == 0
    assert kb("export", "all", "-o", str(as_lines), db=shared_url).code == 0
    exported = json.loads(as_list.read_text(encoding="utf-8"), parse_float=Decimal)
    assert isinstance(exported, list) and all(isinstance(x, dict) for x in exported)
    streamed = [
        json.loads(x, parse_float=Decimal) for x in as_lines.read_text("utf-8").split("\n") if x
    ]
    assert exported == streamed


def test_verify_json_on_success_is_an_empty_list(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    result = kb("verify", "--format", "json", db=shared_url)
    assert result.code == 0, result.err
    assert result.json() == [] and "kb verify: ok" in result.err
    table = kb("verify", db=shared_url)
    assert table.code == 0 and table.out.startswith("kb verify: ok")


def test_one_csv_writer_for_every_command() -> None:
    """render.py and export.py write CSV through kb.output.csvfile only."""
    import inspect

    from kb.output import export, render

    for module in (export, render):
        source = inspect.getsource(module)
        assert "csv.writer" not in source and "import csv\n" not in source, module.__name__
