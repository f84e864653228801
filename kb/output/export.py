"""`kb export`: facts as CSV (one file per kind, in a folder), JSON (a list of objects),
JSON Lines, or an XLSX workbook (a sheet per kind and a sources sheet).

Column names are stable and documented (docs/facts-format.md): report, version, kind,
id, the kind's fields, quote, note.  Amounts are exact numbers, dates ISO text with
their precision.  The writers are the read commands' (kb.output.csvfile, jsonfile,
xlsx); files are written by kb.output.files (atomic; a folder swapped in at the end).
Rows stream from SQL to the writer without building fact objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from kb.domain.problems import UsageError
from kb.domain.schemas import KINDS
from kb.output.csvfile import BOM_ENCODING, CsvWriter
from kb.output.files import FolderWriter, atomic_path
from kb.output.jsonfile import write_json, write_jsonl
from kb.query.facts import _select_kind, kind_columns
from kb.query.filters import check_kind
from kb.query.refs import VersionRef, scope
from kb.store.models import ReportRow, VersionFactRow, VersionRow

EXPORT_FORMATS = ("csv", "json", "jsonl", "xlsx")
EXTENSIONS = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".xlsx": "xlsx"}
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
        "reviewed",  # false: drafted (kb load --accept-draft), not yet reviewed
    ]


@dataclass
class ExportResult:
    files: list[Path] = field(default_factory=list)
    rows: int = 0


def _query(kind: str, versions: list[VersionRef]) -> Any:
    return (
        _select_kind(kind)
        .where(VersionFactRow.version_id.in_([v.version_id for v in versions]))
        .order_by(ReportRow.number, VersionRow.date, VersionFactRow.slug)
    )


def rows_of(conn: Connection, kind: str, versions: list[VersionRef]) -> Iterator[dict[str, Any]]:
    for row in conn.execute(_query(kind, versions)):
        mapping = dict(row._mapping)
        reviewed = bool(mapping.pop("_reviewed"))
        yield {
            "report": mapping.pop("_report"),
            "version": mapping.pop("_version").isoformat(),
            "kind": kind,
            "id": mapping.pop("slug"),
            **mapping,
            "reviewed": reviewed,
        }


def _values_of(
    conn: Connection, kind: str, versions: list[VersionRef]
) -> Iterator[tuple[Any, ...]]:
    """rows_of() as tuples in columns() order, fetched a thousand at a time, no dict per
    row (most of a CSV export's time otherwise)."""
    for rows in conn.execute(_query(kind, versions)).partitions(1000):
        # _select_kind: report, version, slug, quote, note, reviewed, the kind's fields
        for number, version, slug, quote, note, reviewed, *fields in rows:
            yield (number, version.isoformat(), kind, slug, *fields, quote, note, bool(reviewed))


def sources(conn: Connection, versions: list[VersionRef]) -> list[dict[str, Any]]:
    """One row per version in scope, as `kb versions` lists them."""
    from kb.query.catalog import list_versions

    return [
        v.as_row() for v in list_versions(conn, version_ids=[ref.version_id for ref in versions])
    ]


def plan_target(kind: str | None, fmt: str | None, target: str | Path) -> tuple[str, bool]:
    """(format, is_folder) for an export to ``path``.

    A path ending in / or naming a folder is a folder; a path with a file extension is a
    file whose extension gives the format (an explicit --format must agree).  All kinds
    in CSV need a folder; JSON, JSON Lines and XLSX are one file.
    """
    text = str(target)
    path = Path(text).expanduser()
    folder = text.endswith(("/", "\\")) or path.is_dir()
    ext = "" if folder else path.suffix.lower()
    implied = EXTENSIONS.get(ext)
    if fmt is not None and fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use {', '.join(EXPORT_FORMATS)}")
    if fmt and implied and fmt != implied:
        raise UsageError(f"--format {fmt} contradicts the file name {path}; drop one of them")
    if ext and not implied and fmt is None:
        raise UsageError(f"{path}: kb does not write {ext} files; use .csv, .json, .jsonl or .xlsx")
    fmt = fmt or implied or "csv"
    if folder and (fmt != "csv" or kind is not None):
        what = f"one kind in {fmt}" if kind else fmt
        raise UsageError(f"{path} is a folder, and {what} is one file: name the file to write")
    if fmt == "csv" and kind is None:
        if ext:
            raise UsageError(
                f"{path} names a file, but all kinds in CSV are a file per kind: name a "
                "folder (OUT/), one kind, or a .xlsx or .json file"
            )
        return fmt, True
    return fmt, folder


def export(
    conn: Connection,
    kind: str | None,
    fmt: str | None,
    target: str | Path,
    at: list[str] | None = None,
    excel: bool = False,
    guard: bool = True,
) -> ExportResult:
    """Export one kind (or all, kind None) of the versions in scope to ``target``: a file,
    or a folder (a name ending in / or an existing folder) for CSV of all kinds."""
    check_kind(kind)
    fmt, folder = plan_target(kind, fmt, target)
    path = Path(str(target)).expanduser()
    versions = scope(conn, at)
    kinds = [kind] if kind else list(KINDS)
    if folder:
        return _csv_folder(conn, kinds, versions, path, excel, guard)
    if not path.parent.is_dir():
        raise UsageError(f"{path.parent} does not exist")
    result = ExportResult(files=[path])
    with atomic_path(path) as tmp:
        if fmt == "csv":
            result.rows = _write_csv(tmp, conn, kinds[0], versions, excel, guard)
        elif fmt in ("json", "jsonl"):
            write = write_json if fmt == "json" else write_jsonl
            with open(tmp, "w", encoding="utf-8") as out:
                result.rows = write(out, (r for k in kinds for r in rows_of(conn, k, versions)))
        else:
            from kb.output.xlsx import Sheet, write_xlsx

            listed = sources(conn, versions)
            sheets = [Sheet(k, columns(k), rows_of(conn, k, versions)) for k in kinds]
            sheets.append(Sheet("sources", SOURCE_COLUMNS, listed))
            result.rows = write_xlsx(str(tmp), sheets) - len(listed)
    return result


def _write_csv(
    path: Path,
    conn: Connection,
    kind: str,
    versions: list[VersionRef],
    excel: bool,
    guard: bool,
) -> int:
    with open(path, "w", encoding=BOM_ENCODING if excel else "utf-8", newline="") as out:
        writer = CsvWriter(out, guard)
        writer.header(columns(kind))
        for values in _values_of(conn, kind, versions):
            writer.row(values)
    return writer.rows


def _csv_folder(
    conn: Connection,
    kinds: list[str],
    versions: list[VersionRef],
    folder: Path,
    excel: bool,
    guard: bool,
) -> ExportResult:
    """FOLDER/<kind>.csv for each kind, and FOLDER/sources.csv, moved in together."""
    staged = FolderWriter(folder)
    result = ExportResult()
    try:
        for kind in kinds:
            result.rows += _write_csv(
                staged.path(f"{kind}.csv"), conn, kind, versions, excel, guard
            )
        target = staged.path("sources.csv")
        with open(target, "w", encoding=BOM_ENCODING if excel else "utf-8", newline="") as out:
            writer = CsvWriter(out, guard)
            writer.header(SOURCE_COLUMNS)
            for row in sources(conn, versions):
                writer.row([row[c] for c in SOURCE_COLUMNS])
        result.files = staged.commit()
    finally:
        staged.discard()
    return result
