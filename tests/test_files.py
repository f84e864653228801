"""Spreadsheets and files: the -o file's extension gives the format, every read command
writes XLSX (frozen header, filter, number formats, widths), --excel wherever CSV is
written, and export targets that are files or folders as their names say."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

OLD, NEW = "IF10578@2024-10-01", "IF10578@2025-08-14"
BOM = b"\xef\xbb\xbf"

READ_COMMANDS = [
    ("reports",),
    ("versions", "IF10578"),
    ("facts", "appropriation"),
    ("show", "fto-designation-2025"),
    ("history", "security-assistance-total"),
    ("events", "--since", "2025"),
    ("funding", "--fy", "2023"),
    ("funding", "--by-year"),
    ("diff", OLD, NEW),
    ("diff", OLD, NEW, "--summary"),
    ("diff", OLD, NEW, "--long"),
    ("diff", "--text", OLD, NEW),
    ("verify", "--no-seeds"),
]


def _sheet(path: Path):  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    return workbook.worksheets[0]


@pytest.mark.parametrize("argv", READ_COMMANDS, ids=lambda a: "-".join(a)[:30])
def test_every_read_command_writes_xlsx(shared_url: str, kb, tmp_path: Path, argv) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.xlsx"
    result = kb(*argv, "-o", str(target), db=shared_url)
    assert result.code == 0, result.err
    ws = _sheet(target)
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header and all(isinstance(h, str) for h in header)
    as_json = kb(*argv, "--format", "json", db=shared_url).json()
    assert ws.max_row == len(as_json) + 1
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(header)).column_letter}{ws.max_row}"


def test_funding_xlsx_has_numbers_formats_and_widths(shared_url: str, kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "f1.xlsx"
    result = kb("funding", "--fy", "2023", "-o", str(target), db=shared_url)
    assert result.code == 0 and result.out == "", result.err
    ws = _sheet(target)
    header = [c.value for c in ws[1]]
    amount = header.index("amount_usd") + 1
    cells = [ws.cell(r, amount) for r in range(2, ws.max_row + 1)]
    assert {c.value for c in cells} == {3600000000, 48000000, 37000000}
    assert {c.number_format for c in cells} == {"#,##0"}
    fy = ws.cell(2, header.index("fy") + 1)
    assert fy.value == 2023 and fy.number_format == "General"  # a year is not 2,023
    widths = {
        h: ws.column_dimensions[ws.cell(1, i + 1).column_letter].width for i, h in enumerate(header)
    }
    assert widths["id"] >= len("security-assistance-total") and widths["quote"] <= 61
    assert widths["fy"] >= len("fy") and widths["fy"] < 10


@pytest.mark.parametrize(
    ("suffix", "check"),
    [
        (".csv", lambda t: next(csv.reader(io.StringIO(t)))[:3] == ["report", "version", "fy"]),
        (".json", lambda t: isinstance(json.loads(t), list)),
        (".jsonl", lambda t: all(json.loads(x)["fy"] == 2023 for x in t.splitlines())),
        (".md", lambda t: t.startswith("| report | version | fy |") and "| ---: |" in t),
    ],
)
def test_format_follows_the_extension(
    shared_url: str, kb, tmp_path: Path, suffix: str, check
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / f"f1{suffix.upper() if suffix == '.csv' else suffix}"
    result = kb("funding", "--fy", "2023", "--wide", "-o", str(target), db=shared_url)
    assert result.code == 0, result.err
    if suffix == ".md":  # the table's columns, as a terminal would show them
        result = kb(
            "funding", "--fy", "2023", "-f", "csv", "-o", str(tmp_path / "x.csv"), db=shared_url
        )
        target.write_text(
            kb(
                "funding",
                "--fy",
                "2023",
                "--columns",
                "report,version,fy,amount_usd",
                "-f",
                "md",
                db=shared_url,
            ).out,
            encoding="utf-8",
        )
    assert check(target.read_text(encoding="utf-8"))


def test_a_format_that_contradicts_the_extension_is_refused(
    shared_url: str, kb, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    for argv in (
        ("funding", "--fy", "2023", "--format", "csv", "-o", str(tmp_path / "f.json")),
        ("facts", "--format", "table", "-o", str(tmp_path / "f.xlsx")),
        ("export", "all", "--format", "csv", "-o", str(tmp_path / "f.xlsx")),
    ):
        result = kb(*argv, db=shared_url)
        assert result.code == 2 and "contradicts" in result.err, (argv, result.err)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "argv",
    [
        ("funding", "--fy", "2023"),
        ("diff", OLD, NEW),
        ("diff", OLD, NEW, "--long"),
        ("facts",),
        ("history", "incle-mexico-fy2023"),
        ("export", "program"),
    ],
)
def test_excel_bom_wherever_csv_is_written(shared_url: str, kb, tmp_path: Path, argv) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.csv"
    result = kb(*argv, "--excel", "-o", str(target), db=shared_url)
    assert result.code == 0, result.err
    data = target.read_bytes()
    assert data.startswith(BOM) and not data[3:].startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows


def test_export_targets_are_files_or_folders_as_named(shared_url: str, kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    refused = [
        ("export", "all", "-o", str(tmp_path / "all.csv")),  # all kinds in CSV: a folder
        ("export", "appropriation", "-o", f"{tmp_path / 'newdir'}/"),  # one CSV file: not a folder
        ("export", "all", "--format", "xlsx", "-o", f"{tmp_path / 'book'}/"),
        ("export", "all", "-o", str(tmp_path / "facts.txt")),  # an extension kb does not write
    ]
    for argv in refused:
        result = kb(*argv, db=shared_url)
        assert result.code == 2, (argv, result.err)
        assert "Traceback" not in result.err
    assert list(tmp_path.iterdir()) == []
    # a path ending in / is a folder; an existing folder too; an extension gives a file
    assert kb("export", "all", "-o", f"{tmp_path / 'new'}/", db=shared_url).code == 0
    assert (tmp_path / "new" / "appropriation.csv").is_file()
    (tmp_path / "there").mkdir()
    assert kb("export", "all", "-o", str(tmp_path / "there"), db=shared_url).code == 0
    assert (tmp_path / "there" / "sources.csv").is_file()
    assert kb("export", "all", "-o", str(tmp_path / "all.xlsx"), db=shared_url).code == 0
    assert kb("export", "appropriation", "-o", str(tmp_path / "a.json"), db=shared_url).code == 0
    rows = json.loads((tmp_path / "a.json").read_text("utf-8"), parse_float=Decimal)
    assert rows and all(r["kind"] == "appropriation" for r in rows)


def test_xlsx_export_sheets(shared_url: str, kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    target = tmp_path / "facts.xlsx"
    assert kb("export", "all", "-o", str(target), db=shared_url).code == 0
    workbook = load_workbook(target)
    assert workbook.sheetnames[-1] == "sources"
    for ws in workbook.worksheets:
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref, ws.title
    ws = workbook["appropriation"]
    header = [c.value for c in ws[1]]
    amount = ws.cell(2, header.index("amount_usd") + 1)
    assert isinstance(amount.value, int | float) and amount.number_format.startswith("#,##0")
    letter = ws.cell(1, header.index("id") + 1).column_letter
    longest = max(
        len(str(ws.cell(r, header.index("id") + 1).value)) for r in range(2, ws.max_row + 1)
    )
    assert ws.column_dimensions[letter].width >= longest
