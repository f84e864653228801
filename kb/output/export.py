"""`kb export`: facts as CSV (one file per kind), JSON Lines, or an XLSX workbook.

Column names are stable and documented (docs/facts-format.md): report, version, kind,
id, the kind's fields, quote, note.  Amounts are exact numbers, dates ISO text with
their precision.  Every text cell is neutralised against spreadsheet formulas, and
every file is written to a temporary sibling and renamed.  Rows stream from SQL to
the writer without building fact objects, so exports stay fast on large databases.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from kb.domain.problems import UsageError
from kb.domain.schemas import KINDS
from kb.output.render import FORMULA_START, _json_default, atomic_path, safe_cell
from kb.query.facts import _select_kind, check_kind, kind_columns
from kb.query.refs import VersionRef, scope
from kb.store.models import ReportRow, VersionFactRow, VersionRow

EXPORT_FORMATS = ("csv", "json", "xlsx")
# the columns of a version as a row (kb.domain.schemas.Version.as_row), as `kb versions`
SOURCE_COLUMNS = ["report", "version", "ref", "title", "sequence", "facts", "text_sha1"]


def columns(kind: str) -> list[str]:
    return [
        "report",
        "version",
        "kind",
        "id",
        *(c.name for c in kind_columns(kind)),
        "quote",
        "note",
    ]


@dataclass
class ExportResult:
    files: list[Path] = field(default_factory=list)
    rows: int = 0


def rows_of(conn: Connection, kind: str, versions: list[VersionRef]) -> Iterator[dict[str, Any]]:
    query = (
        _select_kind(kind)
        .where(VersionFactRow.version_id.in_([v.version_id for v in versions]))
        .order_by(ReportRow.number, VersionRow.date, VersionFactRow.slug)
    )
    for row in conn.execute(query):
        mapping = dict(row._mapping)
        yield {
            "report": mapping.pop("_report"),
            "version": mapping.pop("_version").isoformat(),
            "kind": kind,
            "id": mapping.pop("slug"),
            **mapping,
        }


def sources(conn: Connection, versions: list[VersionRef]) -> list[dict[str, Any]]:
    """One row per version in scope, as `kb versions` lists them."""
    from kb.query.catalog import list_versions

    return [
        v.as_row() for v in list_versions(conn, version_ids=[ref.version_id for ref in versions])
    ]


def export(
    conn: Connection,
    kind: str | None,
    fmt: str,
    path: Path,
    at: list[str] | None = None,
    excel: bool = False,
) -> ExportResult:
    """Export one kind (or all, kind None) of the versions in scope to ``path``."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use csv, json or xlsx", parameter="fmt")
    check_kind(kind)
    versions = scope(conn, at)
    kinds = [kind] if kind else list(KINDS)
    path = Path(path).expanduser()
    if fmt == "csv" and kind is None:
        return _csv_folder(conn, kinds, versions, path, excel)
    if path.is_dir():
        raise UsageError(f"{path} is a folder; name the file to write")
    if not path.parent.is_dir():
        raise UsageError(f"{path.parent} does not exist")
    result = ExportResult(files=[path])
    with atomic_path(path) as tmp:
        if fmt == "csv":
            result.rows = _write_csv(tmp, conn, kinds[0], versions, excel)
        elif fmt == "json":
            with open(tmp, "w", encoding="utf-8") as out:
                for k in kinds:
                    for row in rows_of(conn, k, versions):
                        out.write(json.dumps(row, ensure_ascii=False, default=_json_default))
                        out.write("\n")
                        result.rows += 1
        else:
            result.rows = _write_xlsx(tmp, conn, kinds, versions)
    return result


def _write_csv(
    path: Path, conn: Connection, kind: str, versions: list[VersionRef], excel: bool
) -> int:
    cols = columns(kind)
    with open(path, "w", encoding="utf-8-sig" if excel else "utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(cols)
        count = 0

        def counted() -> Iterator[list[Any]]:
            nonlocal count
            for row in _csv_rows(conn, kind, versions):
                count += 1
                yield row

        writer.writerows(counted())
    return count


def _csv_rows(conn: Connection, kind: str, versions: list[VersionRef]) -> Iterator[list[Any]]:
    """The cells of rows_of(), in columns() order, as safe_cell() renders them: tuples
    fetched a thousand at a time, no dict per row (most of an export's time otherwise)."""
    query = (
        _select_kind(kind)
        .where(VersionFactRow.version_id.in_([v.version_id for v in versions]))
        .order_by(ReportRow.number, VersionRow.date, VersionFactRow.slug)
    )
    safe, formula = safe_cell, FORMULA_START
    for rows in conn.execute(query).partitions(1000):
        # _select_kind: report, version, slug, quote, note, the kind's fields
        for number, version, slug, quote, note, *fields in rows:
            values = (number, version.isoformat(), kind, slug, *fields, quote, note)
            # _csv_cell, inlined: a function call per cell was a third of the time
            yield [
                v
                if v is None or ((t := type(v)) is str and not v.startswith(formula)) or t is int
                else safe(v)
                for v in values
            ]


def _csv_cell(value: Any) -> Any:
    """safe_cell(value) for csv.writer, without its checks in the common cases: text that
    cannot be a formula is written as it is, None as an empty cell, an int as its digits."""
    kind = type(value)
    if kind is str:
        return safe_cell(value) if value.startswith(FORMULA_START) else value
    if value is None or kind is int:
        return value  # csv.writer writes None as "" and an int as str(int), as safe_cell
    return safe_cell(value)


def _csv_folder(
    conn: Connection, kinds: list[str], versions: list[VersionRef], folder: Path, excel: bool
) -> ExportResult:
    """All kinds: FOLDER/<kind>.csv for each kind, and FOLDER/sources.csv."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file; exporting all kinds to CSV needs a folder")
    folder.mkdir(parents=True, exist_ok=True)
    result = ExportResult()
    for kind in kinds:
        target = folder / f"{kind}.csv"
        with atomic_path(target) as tmp:
            result.rows += _write_csv(tmp, conn, kind, versions, excel)
        result.files.append(target)
    target = folder / "sources.csv"
    with (
        atomic_path(target) as tmp,
        open(tmp, "w", encoding="utf-8-sig" if excel else "utf-8", newline="") as out,
    ):
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(SOURCE_COLUMNS)
        for row in sources(conn, versions):
            writer.writerow([safe_cell(row[c]) for c in SOURCE_COLUMNS])
    result.files.append(target)
    return result


def _write_xlsx(path: Path, conn: Connection, kinds: list[str], versions: list[VersionRef]) -> int:
    try:
        return _write_xlsx_sheets(path, conn, kinds, versions)
    except Exception as exc:
        # With lxml installed (kb draft needs it) openpyxl writes through lxml, which reports
        # a failed write as SerialisationError("IO_EFBIG"): turn it back into the OSError
        # ("File too large") that openpyxl's own writer raises, so the message says what failed.
        code = str(exc)
        if type(exc).__name__ == "SerialisationError" and code.startswith("IO_"):
            import errno
            import os

            number = getattr(errno, code[3:], errno.EIO)
            raise OSError(number, os.strerror(number), str(path)) from exc
        raise


def _write_xlsx_sheets(
    path: Path, conn: Connection, kinds: list[str], versions: list[VersionRef]
) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    count = 0

    def sheet(title: str, cols: list[str], rows: Any) -> int:
        ws = workbook.create_sheet(title)
        ws.append(cols)
        n = 0
        for row in rows:
            ws.append([_xlsx_cell(ws, row[c], WriteOnlyCell) for c in cols])
            n += 1
        return n

    for kind in kinds:
        count += sheet(kind, columns(kind), rows_of(conn, kind, versions))
    sheet("sources", SOURCE_COLUMNS, sources(conn, versions))
    workbook.save(path)
    return count


def _xlsx_cell(ws: Any, value: Any, cell_type: Any) -> Any:
    if value is None or isinstance(value, int | float):
        return value
    from decimal import Decimal

    if isinstance(value, Decimal):
        return value  # openpyxl writes Decimal as a number
    cell = cell_type(ws, value=None)
    # Always a string cell: text that starts with "=" stays text, never a formula.
    cell.value = safe_cell(value) if not isinstance(value, str) else value
    cell.data_type = "s"
    return cell
